-- Referrals and follow-up: the service directory, referrals from a case to
-- a service (of another organisation or of one's own), and monitoring
-- visits. Depends only on version 3 (organisations, persons, cases).

-- The service directory. Not personal data. Areas are space-separated
-- P-codes of divisions, districts or upazilas; '' means the whole country.
CREATE TABLE services (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    name_en       TEXT NOT NULL,
    name_bn       TEXT NOT NULL DEFAULT '',
    service_type  TEXT NOT NULL,
    areas         TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX services_org_name ON services (org_id, name_en);
CREATE INDEX services_type ON services (service_type, active);

-- A referral belongs to the referring organisation's case; to_org_id is
-- the service's organisation at the time of referral, which receives it.
CREATE TABLE referrals (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases(id),
    person_id       TEXT NOT NULL REFERENCES persons(id),
    from_org_id     TEXT NOT NULL REFERENCES organisations(id),
    service_id      TEXT NOT NULL REFERENCES services(id),
    to_org_id       TEXT NOT NULL REFERENCES organisations(id),
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL,
    due_on          DATE NOT NULL,
    requested_at    TIMESTAMPTZ NOT NULL,
    requested_by    TEXT NOT NULL,
    requested_by_id TEXT,
    accepted_at     TIMESTAMPTZ,
    declined_at     TIMESTAMPTZ,
    responded_by    TEXT NOT NULL DEFAULT '',
    decline_reason  TEXT NOT NULL DEFAULT '',
    completed_at    TIMESTAMPTZ,
    completed_by    TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    feedback        TEXT NOT NULL DEFAULT '',
    cancelled_at    TIMESTAMPTZ,
    cancelled_by    TEXT NOT NULL DEFAULT '',
    cancel_reason   TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMPTZ NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referrals_case ON referrals (case_id, requested_at);
CREATE INDEX referrals_to ON referrals (to_org_id, status, due_on);
CREATE INDEX referrals_from ON referrals (from_org_id, status, due_on);

-- Monitoring visits of a case. At most one scheduled visit per case and day.
CREATE TABLE visits (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    org_id       TEXT NOT NULL,
    due_on       DATE NOT NULL,
    status       TEXT NOT NULL,
    done_on      DATE,
    findings     TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL DEFAULT '',
    task_id      TEXT,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX visits_case ON visits (case_id, due_on);
CREATE INDEX visits_org_due ON visits (org_id, status, due_on);
CREATE UNIQUE INDEX visits_case_scheduled ON visits (case_id, due_on) WHERE status = 'scheduled';
