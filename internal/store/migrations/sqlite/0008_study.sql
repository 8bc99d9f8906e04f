-- Scoping studies (issue 7): a participatory study of a population's
-- skills and willingness to work abroad, its qualitative sessions with
-- coded passages, and the stakeholder consultations held at each stage.
-- Nothing here names a participant: counts by sex and group only.

-- A study. area and target_groups are space-separated codes: P-codes of
-- districts or upazilas, ethnic group codes and religious minority codes.
CREATE TABLE study_studies (
    id              TEXT PRIMARY KEY,
    title_en        TEXT NOT NULL,
    title_bn        TEXT NOT NULL DEFAULT '',
    objectives      TEXT NOT NULL DEFAULT '',
    area            TEXT NOT NULL,
    target_groups   TEXT NOT NULL,
    current_stage   TEXT NOT NULL,
    created_by      TEXT,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

-- The five stages of a study with planned and actual dates; replaced as a
-- whole with the study's version.
CREATE TABLE study_stages (
    study_id      TEXT NOT NULL REFERENCES study_studies(id),
    stage         TEXT NOT NULL,
    planned_start DATE,
    planned_end   DATE,
    actual_start  DATE,
    actual_end    DATE,
    PRIMARY KEY (study_id, stage)
);

-- The team: Remaker users (user_id) or outside members named with their
-- organisation. No contact details are kept.
CREATE TABLE study_team (
    id           TEXT PRIMARY KEY,
    study_id     TEXT NOT NULL REFERENCES study_studies(id),
    user_id      TEXT REFERENCES users(id),
    name         TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL,
    added_at     TIMESTAMP NOT NULL
);
CREATE INDEX study_team_study ON study_team (study_id);
CREATE UNIQUE INDEX study_team_user ON study_team (study_id, user_id);

-- A focus group discussion or key informant interview of a study.
CREATE TABLE qual_sessions (
    id              TEXT PRIMARY KEY,
    study_id        TEXT NOT NULL REFERENCES study_studies(id),
    kind            TEXT NOT NULL,
    held_on         DATE NOT NULL,
    upazila         TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    facilitator     TEXT NOT NULL,
    informant_role  TEXT NOT NULL DEFAULT '',
    transcript      TEXT NOT NULL DEFAULT '',
    created_by      TEXT,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX qual_sessions_study ON qual_sessions (study_id, held_on);

-- Participants counted by sex and group; only cells with people are stored.
CREATE TABLE qual_participants (
    session_id TEXT NOT NULL REFERENCES qual_sessions(id),
    grp        TEXT NOT NULL,
    sex        TEXT NOT NULL,
    people     INTEGER NOT NULL,
    PRIMARY KEY (session_id, grp, sex)
);

-- The codebook of a study.
CREATE TABLE qual_codes (
    id          TEXT PRIMARY KEY,
    study_id    TEXT NOT NULL REFERENCES study_studies(id),
    code        TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    label_bn    TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX qual_codes_code ON qual_codes (study_id, code);

-- A coded passage: a span of the transcript (character offsets, end
-- exclusive) or an excerpt pasted from notes that are not in Remaker.
CREATE TABLE qual_passages (
    id              TEXT PRIMARY KEY,
    session_id      TEXT NOT NULL REFERENCES qual_sessions(id),
    start_offset    INTEGER,
    end_offset      INTEGER,
    excerpt         TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX qual_passages_session ON qual_passages (session_id);

CREATE TABLE qual_passage_codes (
    passage_id TEXT NOT NULL REFERENCES qual_passages(id),
    code_id    TEXT NOT NULL REFERENCES qual_codes(id),
    PRIMARY KEY (passage_id, code_id)
);
CREATE INDEX qual_passage_codes_code ON qual_passage_codes (code_id);

-- A stakeholder consultation held at one stage of a study.
CREATE TABLE consult_events (
    id              TEXT PRIMARY KEY,
    study_id        TEXT NOT NULL REFERENCES study_studies(id),
    title           TEXT NOT NULL,
    held_on         DATE NOT NULL,
    stage           TEXT NOT NULL,
    place           TEXT NOT NULL,
    notes           TEXT NOT NULL DEFAULT '',
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX consult_events_study ON consult_events (study_id, held_on);

-- Participants by stakeholder type and sex; issues raised, in order.
-- Both are replaced as a whole with the event's version.
CREATE TABLE consult_participants (
    event_id    TEXT NOT NULL REFERENCES consult_events(id),
    stakeholder TEXT NOT NULL,
    sex         TEXT NOT NULL,
    people      INTEGER NOT NULL,
    PRIMARY KEY (event_id, stakeholder, sex)
);
CREATE TABLE consult_issues (
    event_id TEXT NOT NULL REFERENCES consult_events(id),
    position INTEGER NOT NULL,
    issue    TEXT NOT NULL,
    PRIMARY KEY (event_id, position)
);

-- Recommendations: ref is the stable reference a strategy document cites
-- (R-1, R-2... numbered per study, never reused).
CREATE TABLE consult_recommendations (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES consult_events(id),
    study_id        TEXT NOT NULL REFERENCES study_studies(id),
    ref             TEXT NOT NULL,
    text_en         TEXT NOT NULL,
    text_bn         TEXT NOT NULL DEFAULT '',
    raised_by       TEXT NOT NULL,
    status          TEXT NOT NULL,
    status_reason   TEXT NOT NULL DEFAULT '',
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX consult_recommendations_ref ON consult_recommendations (study_id, ref);
CREATE INDEX consult_recommendations_event ON consult_recommendations (event_id);

-- Follow-up actions: owner is a user (owner_user_id) or named in full.
CREATE TABLE consult_actions (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES consult_events(id),
    action          TEXT NOT NULL,
    owner           TEXT NOT NULL DEFAULT '',
    owner_user_id   TEXT REFERENCES users(id),
    due_on          DATE NOT NULL,
    status          TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX consult_actions_event ON consult_actions (event_id, due_on);
