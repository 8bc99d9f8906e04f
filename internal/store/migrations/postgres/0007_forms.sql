-- Forms: XLSForm questionnaires, every version ever uploaded, and the
-- submissions collected with them on the web or over OpenRosa.

-- A form is one settings form_id: the OpenRosa formID devices know it by.
-- org_id is the organisation that owns it; NULL for forms every
-- organisation uses (the built-in forms and IOM's).
CREATE TABLE forms (
    id          TEXT PRIMARY KEY,
    form_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    org_id      TEXT REFERENCES organisations(id),
    case_bound  BOOLEAN NOT NULL DEFAULT FALSE,
    built_in    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX forms_form_id ON forms (form_id);

-- A version keeps the uploaded workbook as it came, and the XForm served
-- to devices with its hash (md5:..., as the OpenRosa form list wants).
-- State: draft, published or retired; at most one version is published.
CREATE TABLE form_versions (
    id               TEXT PRIMARY KEY,
    form_pk          TEXT NOT NULL REFERENCES forms(id),
    form_version     TEXT NOT NULL,
    state            TEXT NOT NULL,
    title            TEXT NOT NULL,
    default_language TEXT NOT NULL DEFAULT '',
    languages        TEXT NOT NULL DEFAULT '',
    questions        INTEGER NOT NULL DEFAULT 0,
    file_name        TEXT NOT NULL,
    source           BYTEA NOT NULL,
    source_sha256    TEXT NOT NULL,
    xform            TEXT NOT NULL DEFAULT '',
    xform_hash       TEXT NOT NULL DEFAULT '',
    uploaded_by      TEXT NOT NULL,
    uploaded_by_name TEXT NOT NULL,
    uploaded_at      TIMESTAMPTZ NOT NULL,
    published_at     TIMESTAMPTZ,
    retired_at       TIMESTAMPTZ,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX form_versions_number ON form_versions (form_pk, form_version);
CREATE INDEX form_versions_state ON form_versions (state, form_pk);

-- Who may collect a form on a device besides its organisation's case
-- workers and managers: enumerators see only the forms assigned to them.
CREATE TABLE form_assignments (
    form_pk     TEXT NOT NULL REFERENCES forms(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    assigned_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (form_pk, user_id)
);
CREATE INDEX form_assignments_user ON form_assignments (user_id);

-- A submission is stored once per instanceID (devices retry). An edit
-- arrives under a new instanceID naming the old one in deprecated_id; the
-- old row stays, no longer current, so history is kept.
CREATE TABLE submissions (
    id                TEXT PRIMARY KEY,
    form_pk           TEXT NOT NULL REFERENCES forms(id),
    form_version_id   TEXT NOT NULL REFERENCES form_versions(id),
    instance_id       TEXT NOT NULL,
    deprecated_id     TEXT NOT NULL DEFAULT '',
    instance_name     TEXT NOT NULL DEFAULT '',
    xml               TEXT NOT NULL,
    xml_sha256        TEXT NOT NULL,
    data              TEXT NOT NULL,
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    case_id           TEXT REFERENCES cases(id),
    submitted_by      TEXT NOT NULL REFERENCES users(id),
    submitted_by_name TEXT NOT NULL,
    device_id         TEXT NOT NULL DEFAULT '',
    channel           TEXT NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL,
    review_state      TEXT NOT NULL,
    review_note       TEXT NOT NULL DEFAULT '',
    reviewed_by       TEXT NOT NULL DEFAULT '',
    reviewed_at       TIMESTAMPTZ,
    is_current        BOOLEAN NOT NULL DEFAULT TRUE,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX submissions_instance ON submissions (instance_id);
CREATE INDEX submissions_form ON submissions (form_pk, received_at);
CREATE INDEX submissions_case ON submissions (case_id, received_at);

-- Attachments are files in the data directory, named by their SHA-256;
-- the rows say which submission holds which file under which name.
CREATE TABLE submission_attachments (
    submission_id TEXT NOT NULL REFERENCES submissions(id),
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    PRIMARY KEY (submission_id, name)
);

-- Answers saved on the web before submitting, to resume later.
CREATE TABLE form_drafts (
    id              TEXT PRIMARY KEY,
    form_version_id TEXT NOT NULL REFERENCES form_versions(id),
    user_id         TEXT NOT NULL REFERENCES users(id),
    case_id         TEXT REFERENCES cases(id),
    data            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX form_drafts_user ON form_drafts (user_id, updated_at);
