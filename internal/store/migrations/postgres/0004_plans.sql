-- Reintegration plans, budget lines, exchange rates and the assistance
-- ledger. Money is INTEGER minor units (paisa, cents) with its currency.
-- Budget lines are in US dollars; taka are converted with the dated rates.

CREATE TABLE budget_lines (
    id            TEXT PRIMARY KEY,
    project_id    TEXT NOT NULL REFERENCES projects(id),
    org_id        TEXT NOT NULL REFERENCES organisations(id),
    category      TEXT NOT NULL,
    planned_minor BIGINT NOT NULL,
    currency      TEXT NOT NULL DEFAULT 'USD',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX budget_lines_key ON budget_lines (project_id, category, org_id);

-- rate_micro: units of quote per one unit of base, in millionths
-- (USD/BDT 117.50 is 117500000). A rate applies from valid_from until the
-- next rate of the same pair.
CREATE TABLE exchange_rates (
    id          TEXT PRIMARY KEY,
    base        TEXT NOT NULL,
    quote       TEXT NOT NULL,
    valid_from  DATE NOT NULL,
    rate_micro  BIGINT NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX exchange_rates_key ON exchange_rates (base, quote, valid_from);

-- One row per version of a case's plan: number 1, 2, ... At most one
-- version is approved (the others superseded) and at most one open.
-- editors: space-separated ids of the users who created or changed the
-- version, none of whom may approve it.
CREATE TABLE plans (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases(id),
    org_id            TEXT NOT NULL REFERENCES organisations(id),
    number            INTEGER NOT NULL,
    status            TEXT NOT NULL,
    goals             TEXT NOT NULL DEFAULT '',
    created_by        TEXT NOT NULL,
    created_by_name   TEXT NOT NULL,
    editors           TEXT NOT NULL DEFAULT '',
    submitted_by      TEXT,
    submitted_by_name TEXT NOT NULL DEFAULT '',
    submitted_at      TIMESTAMPTZ,
    decided_by        TEXT,
    decided_by_name   TEXT NOT NULL DEFAULT '',
    decided_at        TIMESTAMPTZ,
    decision_note     TEXT NOT NULL DEFAULT '',
    superseded_at     TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX plans_case_number ON plans (case_id, number);
CREATE INDEX plans_org_status ON plans (org_id, status);

-- item_key follows an item from version to version. committed_minor is the
-- amount in the budget line's currency, fixed at approval with rate_id.
CREATE TABLE plan_items (
    id                 TEXT PRIMARY KEY,
    plan_id            TEXT NOT NULL REFERENCES plans(id),
    case_id            TEXT NOT NULL,
    item_key           TEXT NOT NULL,
    position           INTEGER NOT NULL,
    dimension          TEXT NOT NULL,
    level              TEXT NOT NULL,
    assistance_type    TEXT NOT NULL,
    description        TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL,
    currency           TEXT NOT NULL,
    budget_line_id     TEXT REFERENCES budget_lines(id),
    responsible_org_id TEXT NOT NULL REFERENCES organisations(id),
    target_date        DATE NOT NULL,
    committed_minor    BIGINT NOT NULL DEFAULT 0,
    rate_id            TEXT REFERENCES exchange_rates(id)
);
CREATE UNIQUE INDEX plan_items_plan_key ON plan_items (plan_id, item_key);
CREATE INDEX plan_items_case_key ON plan_items (case_id, item_key);
CREATE INDEX plan_items_line ON plan_items (budget_line_id, plan_id);

-- The assistance ledger: deliveries against plan items and their
-- reversals. usd_minor is the amount in the line's currency at the rate of
-- paid_on. An entry is reversed at most once.
CREATE TABLE ledger_entries (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases(id),
    org_id          TEXT NOT NULL REFERENCES organisations(id),
    plan_id         TEXT NOT NULL REFERENCES plans(id),
    plan_item_id    TEXT NOT NULL REFERENCES plan_items(id),
    item_key        TEXT NOT NULL,
    budget_line_id  TEXT NOT NULL REFERENCES budget_lines(id),
    paid_on         DATE NOT NULL,
    amount_minor    BIGINT NOT NULL,
    currency        TEXT NOT NULL,
    usd_minor       BIGINT NOT NULL,
    rate_id         TEXT REFERENCES exchange_rates(id),
    rate_micro      BIGINT,
    kind            TEXT NOT NULL,
    vendor          TEXT NOT NULL DEFAULT '',
    receipt_ref     TEXT NOT NULL DEFAULT '',
    delivered_by    TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    reverses_id     TEXT REFERENCES ledger_entries(id),
    created_by      TEXT,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_reverses ON ledger_entries (reverses_id);
CREATE INDEX ledger_entries_case ON ledger_entries (case_id, paid_on);
CREATE INDEX ledger_entries_item ON ledger_entries (case_id, item_key);
CREATE INDEX ledger_entries_line ON ledger_entries (budget_line_id);

-- The ledger is append-only for everyone, the application included: a
-- mistake is corrected by a reversing entry.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the assistance ledger is append-only: record a reversing entry';
END;
$$;
CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
