-- Strategy documents of a study (issue 7): one document per study, its
-- ordered sections whose text (English and Bangla) is kept in versions,
-- evidence blocks placed in a section, the consultation recommendations a
-- section addresses, and validation comments on sections. Sources of
-- blocks and links (passages, recommendations, analysis specs) are not
-- foreign keys: a source may go away, and the block then shows a warning.

CREATE TABLE strategy_documents (
    id              TEXT PRIMARY KEY,
    study_id        TEXT NOT NULL REFERENCES study_studies(id),
    title_en        TEXT NOT NULL,
    title_bn        TEXT NOT NULL DEFAULT '',
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX strategy_documents_study ON strategy_documents (study_id);

-- A section; version is the number of its latest text version, which an
-- edit names (a stale one is a conflict). position orders the sections.
CREATE TABLE strategy_sections (
    id          TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES strategy_documents(id),
    position    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX strategy_sections_document ON strategy_sections (document_id, position);

-- Every save of a section's text, never changed afterwards.
CREATE TABLE strategy_section_versions (
    section_id  TEXT NOT NULL REFERENCES strategy_sections(id),
    version     INTEGER NOT NULL,
    heading_en  TEXT NOT NULL,
    heading_bn  TEXT NOT NULL DEFAULT '',
    body_en     TEXT NOT NULL DEFAULT '',
    body_bn     TEXT NOT NULL DEFAULT '',
    author_id   TEXT,
    author_name TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (section_id, version)
);

-- An evidence block: kind table or chart (spec: the analysis as JSON),
-- quote (source_id: a coded passage) or recommendation (source_id: a
-- consultation recommendation).
CREATE TABLE strategy_blocks (
    id              TEXT PRIMARY KEY,
    section_id      TEXT NOT NULL REFERENCES strategy_sections(id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    spec            TEXT NOT NULL DEFAULT '',
    source_id       TEXT NOT NULL DEFAULT '',
    caption_en      TEXT NOT NULL DEFAULT '',
    caption_bn      TEXT NOT NULL DEFAULT '',
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX strategy_blocks_section ON strategy_blocks (section_id, position);

-- Which recommendations a section addresses.
CREATE TABLE strategy_rec_links (
    section_id        TEXT NOT NULL REFERENCES strategy_sections(id),
    recommendation_id TEXT NOT NULL,
    linked_by_name    TEXT NOT NULL,
    linked_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (section_id, recommendation_id)
);
CREATE INDEX strategy_rec_links_rec ON strategy_rec_links (recommendation_id);

-- A validation comment on a section (on the section's version then
-- current); the document's author resolves it with a note.
CREATE TABLE strategy_comments (
    id               TEXT PRIMARY KEY,
    section_id       TEXT NOT NULL REFERENCES strategy_sections(id),
    section_version  INTEGER NOT NULL,
    author_id        TEXT,
    author_name      TEXT NOT NULL,
    body             TEXT NOT NULL,
    state            TEXT NOT NULL,
    resolution       TEXT NOT NULL DEFAULT '',
    resolved_by_name TEXT NOT NULL DEFAULT '',
    resolved_at      TIMESTAMP,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX strategy_comments_section ON strategy_comments (section_id, created_at);
