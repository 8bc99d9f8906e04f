-- Form media: the images, audio, video and data files (CSV, XML) a form
-- version refers to, served to devices through the OpenRosa manifest.
-- Each version has its own set, named exactly as the form refers to them.
-- A row is made for every file the form needs when the version is
-- uploaded; content is NULL until someone attaches the file. A version
-- with a file missing cannot be published, and a published version's
-- files never change (devices may already hold them).
--
-- The content is kept in the database, not under the data directory as
-- submission attachments are: form files are few and small (at most
-- 10 MiB each), they must change together with the version's state in
-- one transaction, and on PostgreSQL every server in front of the
-- database, and every database backup, then has them.
CREATE TABLE form_media (
    form_version_id  TEXT NOT NULL REFERENCES form_versions(id),
    name             TEXT NOT NULL,
    content          BLOB,
    content_type     TEXT NOT NULL DEFAULT '',
    size             INTEGER NOT NULL DEFAULT 0,
    md5              TEXT NOT NULL DEFAULT '',
    sha256           TEXT NOT NULL DEFAULT '',
    uploaded_by      TEXT NOT NULL DEFAULT '',
    uploaded_by_name TEXT NOT NULL DEFAULT '',
    uploaded_at      TIMESTAMP,
    version          INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (form_version_id, name)
);
