-- Foundation: organisations, users, sessions, API tokens, sign-in throttling, audit trail.
-- Timestamps are UTC. Keys are application-generated UUIDv7 text.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name_en     TEXT NOT NULL,
    name_bn     TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    org_id              TEXT NOT NULL REFERENCES organisations(id),
    username            TEXT NOT NULL,
    username_key        TEXT NOT NULL UNIQUE,
    full_name           TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL,
    lang                TEXT NOT NULL DEFAULT 'bn',
    password_hash       TEXT NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    disabled_at         TIMESTAMP,
    last_sign_in_at     TIMESTAMP,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_org ON users (org_id, username_key);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    client_ip    TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE signin_failures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    username_key TEXT NOT NULL,
    client_ip    TEXT NOT NULL,
    at           TIMESTAMP NOT NULL
);
CREATE INDEX signin_failures_user ON signin_failures (username_key, at);
CREATE INDEX signin_failures_ip ON signin_failures (client_ip, at);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TIMESTAMP NOT NULL,
    actor_id      TEXT,
    actor_name    TEXT NOT NULL,
    actor_org_id  TEXT,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL DEFAULT '',
    object_id     TEXT NOT NULL DEFAULT '',
    object_org_id TEXT,
    client_ip     TEXT NOT NULL DEFAULT '',
    request_id    TEXT NOT NULL DEFAULT '',
    details       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit_log (at);
CREATE INDEX audit_object ON audit_log (object_type, object_id);
CREATE INDEX audit_actor ON audit_log (actor_id, at);

-- The audit trail is append-only for everyone, the application included.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
