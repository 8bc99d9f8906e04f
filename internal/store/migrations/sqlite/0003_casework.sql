-- Case work: the closure reason on the timeline line that closed a case, and
-- the indexes the case list's filters and sorts use.

ALTER TABLE case_events ADD COLUMN reason TEXT NOT NULL DEFAULT '';

CREATE INDEX cases_org_opened ON cases (org_id, opened_on, id);
CREATE INDEX cases_org_priority ON cases (org_id, priority, status);
CREATE INDEX migration_episodes_destination ON migration_episodes (destination, person_id);
CREATE INDEX persons_org_sex ON persons (org_id, sex);
CREATE INDEX case_tasks_open ON case_tasks (case_id, done_at, due_on);

-- Searches check every word but the most telling one by probing a
-- candidate's own terms.
DROP INDEX person_terms_person;
CREATE INDEX person_terms_person ON person_terms (person_id, term);
