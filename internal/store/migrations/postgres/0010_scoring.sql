-- Scoring (issue 6): the scoring versions of a form and the scores of its
-- submissions. A scoring version keeps its whole definition as JSON, so
-- that every stored score can be traced to the weights that produced it.

-- A scoring version of a form, numbered 1, 2, ... per form. The form's
-- current scoring version is its highest number. source is the form
-- version whose workbook carried the definition, or 'upload' for a
-- scoring workbook uploaded on its own.
CREATE TABLE scoring_versions (
    id              TEXT PRIMARY KEY,
    form_pk         TEXT NOT NULL REFERENCES forms(id),
    number          INTEGER NOT NULL,
    label           TEXT NOT NULL DEFAULT '',
    placeholder     BOOLEAN NOT NULL DEFAULT FALSE,
    definition      TEXT NOT NULL,
    definition_hash TEXT NOT NULL,
    source          TEXT NOT NULL,
    file_name       TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL DEFAULT '',
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX scoring_versions_number ON scoring_versions (form_pk, number);

-- The score of a submission, with the scoring version that produced it.
-- Only current submissions have one: an edit's score replaces the score
-- of the submission it edits. case_id, org_id, survey round and the day
-- the survey was taken are copied from the submission so that programme
-- figures (baseline against latest follow-up per case) read one table.
-- composite is NULL when a dimension could not be scored.
CREATE TABLE submission_scores (
    submission_id      TEXT PRIMARY KEY REFERENCES submissions(id),
    scoring_version_id TEXT NOT NULL REFERENCES scoring_versions(id),
    form_pk            TEXT NOT NULL REFERENCES forms(id),
    org_id             TEXT NOT NULL,
    case_id            TEXT REFERENCES cases(id),
    survey_round       TEXT NOT NULL DEFAULT '',
    taken_on           DATE NOT NULL,
    composite          DOUBLE PRECISION,
    threshold          TEXT NOT NULL DEFAULT '',
    result             TEXT NOT NULL,
    computed_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX submission_scores_form_case ON submission_scores (form_pk, case_id, taken_on);
CREATE INDEX submission_scores_org ON submission_scores (org_id, form_pk);
CREATE INDEX submission_scores_version ON submission_scores (scoring_version_id);
-- Recomputing walks a form's current submissions in ID order.
CREATE INDEX submissions_form_current ON submissions (form_pk, is_current, id);

-- Each dimension's score of a scored submission (score NULL when the
-- answered share of its weight was below the minimum).
CREATE TABLE submission_dimension_scores (
    submission_id  TEXT NOT NULL REFERENCES submission_scores(submission_id) ON DELETE CASCADE,
    dimension      TEXT NOT NULL,
    score          DOUBLE PRECISION,
    answered_share DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (submission_id, dimension)
);
