-- Study analysis (issue 7 item 5): the questionnaire a study analyses and
-- its editable destination demand figures. Answers stay in submissions;
-- the analysis reads them and shows aggregates only.

-- The form whose submissions a study analyses; NULL means the built-in
-- scoping questionnaire (remaker_scoping). demand_seeded is set once the
-- demand figures have been seeded from BMET's tables, so that a team that
-- removed every figure does not get them back.
ALTER TABLE study_studies ADD COLUMN form_pk TEXT REFERENCES forms(id);
ALTER TABLE study_studies ADD COLUMN demand_seeded BOOLEAN NOT NULL DEFAULT FALSE;

-- Destination demand: workers a destination country takes in one BMET
-- skill category (professional, skilled, semi_skilled, less_skilled),
-- with where the figure comes from and who last edited it.
CREATE TABLE study_demand (
    id             TEXT PRIMARY KEY,
    study_id       TEXT NOT NULL REFERENCES study_studies(id),
    country        TEXT NOT NULL,
    category       TEXT NOT NULL,
    workers        INTEGER NOT NULL,
    source         TEXT NOT NULL DEFAULT '',
    edited_by      TEXT REFERENCES users(id),
    edited_by_name TEXT NOT NULL DEFAULT '',
    edited_at      TIMESTAMPTZ
);
CREATE UNIQUE INDEX study_demand_key ON study_demand (study_id, country, category);
