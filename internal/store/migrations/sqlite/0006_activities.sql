-- Community and structural work, the two levels of IOM's integrated
-- approach above the individual case: community initiatives with their
-- participants, budget and expenses, and capacity-building events for
-- partner staff and government officials. Depends on versions 3 and 4
-- (projects, organisations, persons, budget lines, exchange rates).

-- A community initiative of one organisation in one project. Money:
-- budget_minor in currency (taka or dollars); committed_minor is that
-- budget in the line's currency, fixed when the budget is approved at the
-- rate of that day (rate_id). While approved or ongoing it counts as
-- committed on the line; once completed or cancelled, what it spent does.
CREATE TABLE community_initiatives (
    id               TEXT PRIMARY KEY,
    project_id       TEXT NOT NULL REFERENCES projects(id),
    org_id           TEXT NOT NULL REFERENCES organisations(id),
    title            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    district         TEXT NOT NULL,
    upazila          TEXT NOT NULL,
    union_code       TEXT NOT NULL DEFAULT '',
    place            TEXT NOT NULL DEFAULT '',
    starts_on        DATE NOT NULL,
    ends_on          DATE,
    status           TEXT NOT NULL,
    budget_line_id   TEXT REFERENCES budget_lines(id),
    budget_minor     INTEGER NOT NULL DEFAULT 0,
    currency         TEXT NOT NULL,
    committed_minor  INTEGER NOT NULL DEFAULT 0,
    rate_id          TEXT REFERENCES exchange_rates(id),
    approved_by      TEXT,
    approved_by_name TEXT NOT NULL DEFAULT '',
    approved_at      TIMESTAMP,
    created_by       TEXT,
    created_by_name  TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX community_initiatives_org ON community_initiatives (org_id, status, starts_on);
CREATE INDEX community_initiatives_project ON community_initiatives (project_id, starts_on);
CREATE INDEX community_initiatives_line ON community_initiatives (budget_line_id, status);

-- Participants counted, not named: returnees and non-migrant community
-- members by sex and population group (an ethnic group code or
-- 'general'). Only cells with people are stored.
CREATE TABLE community_participants (
    initiative_id    TEXT NOT NULL REFERENCES community_initiatives(id),
    participant_type TEXT NOT NULL,
    sex              TEXT NOT NULL,
    population_group TEXT NOT NULL,
    people           INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, participant_type, sex, population_group)
);

-- Registered returnees of the initiative's organisation taking part.
-- Personal data: read only within the organisation's scope, audited.
CREATE TABLE community_initiative_people (
    initiative_id TEXT NOT NULL REFERENCES community_initiatives(id),
    person_id     TEXT NOT NULL REFERENCES persons(id),
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    added_by      TEXT NOT NULL,
    added_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (initiative_id, person_id)
);
CREATE INDEX community_initiative_people_person ON community_initiative_people (person_id);

-- What an initiative spent, in its currency, and in the line's currency
-- at the rate of spent_on (usd_minor). Append-only like the assistance
-- ledger: a mistake is corrected by a reversing entry, at most once.
CREATE TABLE community_expenses (
    id              TEXT PRIMARY KEY,
    initiative_id   TEXT NOT NULL REFERENCES community_initiatives(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    budget_line_id  TEXT NOT NULL REFERENCES budget_lines(id),
    spent_on        DATE NOT NULL,
    amount_minor    INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    usd_minor       INTEGER NOT NULL,
    rate_id         TEXT REFERENCES exchange_rates(id),
    rate_micro      INTEGER,
    description     TEXT NOT NULL,
    vendor          TEXT NOT NULL DEFAULT '',
    receipt_ref     TEXT NOT NULL DEFAULT '',
    reverses_id     TEXT REFERENCES community_expenses(id),
    created_by      TEXT,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX community_expenses_reverses ON community_expenses (reverses_id);
CREATE INDEX community_expenses_initiative ON community_expenses (initiative_id, spent_on);
CREATE INDEX community_expenses_line ON community_expenses (budget_line_id);

CREATE TRIGGER community_expenses_no_update BEFORE UPDATE ON community_expenses
BEGIN SELECT RAISE(ABORT, 'community expenses are append-only: record a reversing entry'); END;
CREATE TRIGGER community_expenses_no_delete BEFORE DELETE ON community_expenses
BEGIN SELECT RAISE(ABORT, 'community expenses are append-only: record a reversing entry'); END;

-- A capacity-building event for partner staff and government officials,
-- organised by one organisation within a project.
CREATE TABLE capacity_events (
    id              TEXT PRIMARY KEY,
    project_id      TEXT NOT NULL REFERENCES projects(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    topic           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE,
    place           TEXT NOT NULL,
    district        TEXT NOT NULL DEFAULT '',
    facilitator     TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    created_by      TEXT,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX capacity_events_org ON capacity_events (org_id, starts_on);
CREATE INDEX capacity_events_project ON capacity_events (project_id, starts_on);

-- Who attended, counted by sex: one row per organisation in Remaker
-- (org_id) or outside body named in full (body).
CREATE TABLE capacity_attendance (
    event_id     TEXT NOT NULL REFERENCES capacity_events(id),
    position     INTEGER NOT NULL,
    org_id       TEXT REFERENCES organisations(id),
    body         TEXT NOT NULL DEFAULT '',
    female       INTEGER NOT NULL DEFAULT 0,
    male         INTEGER NOT NULL DEFAULT 0,
    third_gender INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, position)
);

-- Anonymous pre- and post-test scores, 0 to 100, one row per participant;
-- NULL when that participant missed the test.
CREATE TABLE capacity_scores (
    event_id   TEXT NOT NULL REFERENCES capacity_events(id),
    position   INTEGER NOT NULL,
    pre_score  INTEGER,
    post_score INTEGER,
    PRIMARY KEY (event_id, position)
);

-- What the event agreed to do next, who does it and by when.
CREATE TABLE capacity_actions (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES capacity_events(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    action          TEXT NOT NULL,
    owner           TEXT NOT NULL,
    due_on          DATE NOT NULL,
    status          TEXT NOT NULL,
    done_on         DATE,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX capacity_actions_event ON capacity_actions (event_id, due_on);
CREATE INDEX capacity_actions_org ON capacity_actions (org_id, status, due_on);
