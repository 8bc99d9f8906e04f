-- Registry and case management: projects, households, persons and their
-- search terms, migration episodes, skills, consent, cases with their
-- timeline, tasks and vulnerability screenings.
-- Sets of codes (phones, financing, documents, languages) are stored as
-- space-separated text: small, portable, and easy to read in an export.

CREATE TABLE projects (
    id             TEXT PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    prima_id       TEXT NOT NULL DEFAULT '',
    project_type   TEXT NOT NULL DEFAULT '',
    start_date     DATE,
    end_date       DATE,
    status         TEXT NOT NULL DEFAULT 'active',
    budget_minor   INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL DEFAULT 'USD',
    fund           TEXT NOT NULL DEFAULT '',
    region         TEXT NOT NULL DEFAULT '',
    coverage       TEXT NOT NULL DEFAULT '',
    member_states  TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE project_partners (
    project_id TEXT NOT NULL REFERENCES projects(id),
    org_id     TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (project_id, org_id)
);

CREATE TABLE households (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    contact_person_id TEXT,
    income_sources    TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX households_org ON households (org_id);

CREATE TABLE persons (
    id                TEXT PRIMARY KEY,
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    household_id      TEXT REFERENCES households(id),
    name_bn           TEXT NOT NULL DEFAULT '',
    name_latin        TEXT NOT NULL DEFAULT '',
    sort_name         TEXT NOT NULL DEFAULT '',
    sex               TEXT NOT NULL,
    birth_date        DATE,
    birth_estimated   BOOLEAN NOT NULL DEFAULT FALSE,
    ethnicity         TEXT NOT NULL DEFAULT '',
    religion          TEXT NOT NULL DEFAULT '',
    wg_seeing         SMALLINT,
    wg_hearing        SMALLINT,
    wg_walking        SMALLINT,
    wg_cognition      SMALLINT,
    wg_selfcare       SMALLINT,
    wg_communication  SMALLINT,
    education         TEXT NOT NULL DEFAULT '',
    phones            TEXT NOT NULL DEFAULT '',
    nid               TEXT,
    passport          TEXT,
    bmet_reg          TEXT,
    division          TEXT NOT NULL DEFAULT '',
    district          TEXT NOT NULL DEFAULT '',
    upazila           TEXT NOT NULL DEFAULT '',
    union_code        TEXT NOT NULL DEFAULT '',
    village           TEXT NOT NULL DEFAULT '',
    languages         TEXT NOT NULL DEFAULT '',
    remigrate         TEXT NOT NULL DEFAULT '',
    import_key        TEXT,
    created_by        TEXT,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX persons_org_name ON persons (org_id, sort_name, id);
CREATE INDEX persons_org_district ON persons (org_id, district);
CREATE INDEX persons_household ON persons (household_id);
CREATE UNIQUE INDEX persons_org_nid ON persons (org_id, nid) WHERE nid IS NOT NULL;
CREATE UNIQUE INDEX persons_org_import ON persons (org_id, import_key) WHERE import_key IS NOT NULL;

-- An inverted index of search terms (normalised name tokens, phonetic keys
-- shared by both scripts, phone digits, ID numbers). The same table and
-- the same queries serve SQLite and PostgreSQL: a prefix search is a range
-- scan on (org_id, term).
CREATE TABLE person_terms (
    org_id    TEXT NOT NULL,
    term      TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    PRIMARY KEY (org_id, term, person_id)
);
CREATE INDEX person_terms_term ON person_terms (term, person_id);
CREATE INDEX person_terms_person ON person_terms (person_id);

CREATE TABLE household_members (
    id            TEXT PRIMARY KEY,
    household_id  TEXT NOT NULL REFERENCES households(id) ON DELETE CASCADE,
    org_id        TEXT NOT NULL,
    person_id     TEXT REFERENCES persons(id),
    name          TEXT NOT NULL DEFAULT '',
    relationship  TEXT NOT NULL,
    sex           TEXT NOT NULL,
    age           INTEGER,
    dependant     BOOLEAN NOT NULL DEFAULT FALSE,
    in_school     BOOLEAN,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX household_members_household ON household_members (household_id);

CREATE TABLE migration_episodes (
    id                    TEXT PRIMARY KEY,
    person_id             TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    org_id                TEXT NOT NULL,
    destination           TEXT NOT NULL,
    occupation_isco       TEXT NOT NULL DEFAULT '',
    skill_category        TEXT NOT NULL DEFAULT '',
    departure_date        DATE,
    return_date           DATE,
    channel               TEXT NOT NULL DEFAULT '',
    cost_minor            INTEGER,
    cost_currency         TEXT NOT NULL DEFAULT 'BDT',
    financing             TEXT NOT NULL DEFAULT '',
    return_type           TEXT NOT NULL DEFAULT '',
    unpaid_wages_minor    INTEGER,
    unpaid_wages_currency TEXT NOT NULL DEFAULT 'BDT',
    documents             TEXT NOT NULL DEFAULT '',
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX migration_episodes_person ON migration_episodes (person_id, return_date);
CREATE INDEX migration_episodes_org_return ON migration_episodes (org_id, return_date);

CREATE TABLE person_skills (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL,
    isco        TEXT NOT NULL,
    years       INTEGER,
    certificate TEXT NOT NULL DEFAULT '',
    issuer      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX person_skills_person ON person_skills (person_id);

CREATE TABLE consents (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    org_id          TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    shared_with_org TEXT REFERENCES organisations(id),
    method          TEXT NOT NULL,
    given_on        DATE NOT NULL,
    recorded_by     TEXT NOT NULL,
    recorded_at     TIMESTAMP NOT NULL,
    withdrawn_at    TIMESTAMP,
    withdrawn_by    TEXT,
    withdrawal_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_person ON consents (person_id, purpose);

CREATE TABLE cases (
    id             TEXT PRIMARY KEY,
    reference      TEXT NOT NULL UNIQUE,
    person_id      TEXT NOT NULL REFERENCES persons(id),
    org_id         TEXT NOT NULL REFERENCES organisations(id),
    project_id     TEXT NOT NULL REFERENCES projects(id),
    assigned_to    TEXT REFERENCES users(id),
    status         TEXT NOT NULL,
    priority       TEXT NOT NULL DEFAULT '',
    opened_on      DATE NOT NULL,
    closed_on      DATE,
    closure_reason TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_org_status ON cases (org_id, status, opened_on);
CREATE INDEX cases_assigned ON cases (assigned_to, status);
CREATE INDEX cases_person ON cases (person_id);

-- The case timeline: transitions, notes and (later) assessments, plans,
-- payments and visits, each a dated line with who wrote it.
CREATE TABLE case_events (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    ref_id      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, at);

CREATE TABLE case_tasks (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    org_id      TEXT NOT NULL,
    title       TEXT NOT NULL,
    due_on      DATE,
    assigned_to TEXT REFERENCES users(id),
    done_at     TIMESTAMP,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks (case_id);
CREATE INDEX case_tasks_due ON case_tasks (org_id, done_at, due_on);

CREATE TABLE screenings (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    org_id       TEXT NOT NULL,
    assessed_on  DATE NOT NULL,
    indicators   TEXT NOT NULL,
    debt_minor   INTEGER,
    score        INTEGER NOT NULL,
    priority     TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX screenings_case ON screenings (case_id, assessed_on);
