-- Schema v1 of Tafel. Ids are UUIDv7 text; money is in euro cents; dates are ISO 8601 text.
-- Later migrations only add to this schema.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE companies (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kvk             TEXT UNIQUE CHECK (kvk IS NULL OR (length(kvk) = 8 AND kvk NOT GLOB '*[^0-9]*')),
    legal_form      TEXT,
    founding_year   INTEGER,
    province        TEXT NOT NULL,
    municipality    TEXT,
    address         TEXT,
    contact_name    TEXT,
    contact_email   TEXT,
    contact_phone   TEXT,
    employees       INTEGER CHECK (employees IS NULL OR employees >= 0),
    turnover_cents  INTEGER CHECK (turnover_cents IS NULL OR turnover_cents >= 0),
    equity_cents    INTEGER,
    natural_person  INTEGER NOT NULL DEFAULT 0 CHECK (natural_person IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE financiers (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    financier_type  TEXT NOT NULL,
    regions         TEXT NOT NULL DEFAULT '[]',   -- JSON array of region ids (NL or province codes)
    website         TEXT,
    notes           TEXT,
    deleted_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE financier_contacts (
    id              TEXT PRIMARY KEY,
    financier_id    TEXT NOT NULL REFERENCES financiers(id),
    name            TEXT NOT NULL,
    role            TEXT,
    email           TEXT,
    phone           TEXT,
    signed_pledge   INTEGER NOT NULL DEFAULT 0 CHECK (signed_pledge IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX financier_contacts_financier ON financier_contacts(financier_id);

CREATE TABLE instruments (
    id                TEXT PRIMARY KEY,
    financier_id      TEXT NOT NULL REFERENCES financiers(id),
    name              TEXT NOT NULL,
    capital_types     TEXT NOT NULL,              -- JSON array, at least one
    ticket_min_cents  INTEGER CHECK (ticket_min_cents IS NULL OR ticket_min_cents >= 0),
    ticket_max_cents  INTEGER CHECK (ticket_max_cents IS NULL OR ticket_max_cents > 0),
    stages            TEXT NOT NULL DEFAULT '[]', -- JSON array; empty = any stage
    sectors           TEXT NOT NULL DEFAULT '[]', -- JSON array; empty = any sector
    regions           TEXT NOT NULL DEFAULT '[]', -- JSON array; empty = the financier's regions
    rules             TEXT,
    source_url        TEXT,
    verified_on       TEXT,
    uncertainty       TEXT,
    deleted_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (financier_id, name),
    CHECK (ticket_min_cents IS NULL OR ticket_max_cents IS NULL OR ticket_min_cents <= ticket_max_cents)
) STRICT;
CREATE INDEX instruments_financier ON instruments(financier_id);

CREATE TABLE cases (
    id                 TEXT PRIMARY KEY,
    case_number        TEXT NOT NULL UNIQUE,
    company_id         TEXT NOT NULL REFERENCES companies(id),
    amount_cents       INTEGER NOT NULL CHECK (amount_cents > 0),
    purpose            TEXT NOT NULL,
    stage              TEXT NOT NULL,
    sector             TEXT NOT NULL,
    sbi_code           TEXT,
    source             TEXT NOT NULL,
    referrer           TEXT,
    earlier_declines   TEXT,
    disclosure         TEXT NOT NULL,
    consent_from       TEXT,
    consent_until      TEXT,
    status             TEXT NOT NULL,
    owner              TEXT,
    next_action        TEXT,
    next_action_due    TEXT,
    notes              TEXT,
    intake_date        TEXT NOT NULL,
    deleted_at         TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (consent_from IS NULL OR consent_until IS NULL OR consent_from <= consent_until)
) STRICT;
CREATE INDEX cases_company ON cases(company_id);
CREATE INDEX cases_status ON cases(status) WHERE deleted_at IS NULL;
CREATE INDEX cases_intake ON cases(intake_date);

CREATE TABLE case_capital_types (
    case_id       TEXT NOT NULL REFERENCES cases(id),
    capital_type  TEXT NOT NULL,
    PRIMARY KEY (case_id, capital_type)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_capital_types_type ON case_capital_types(capital_type, case_id);

-- Financiers the entrepreneur allows to see the named case (disclosure = named).
CREATE TABLE case_consents (
    case_id       TEXT NOT NULL REFERENCES cases(id),
    financier_id  TEXT NOT NULL REFERENCES financiers(id),
    PRIMARY KEY (case_id, financier_id)
) STRICT, WITHOUT ROWID;

-- Append-only record of every write, per device; the base for history and, later, sync.
CREATE TABLE change_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    device_id   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL,   -- JSON object: field -> [old, new]
    at          TEXT NOT NULL,
    author      TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('ui', 'cli', 'import'))
) STRICT;
CREATE INDEX change_log_entity ON change_log(entity, entity_id, seq);

CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;

-- Full-text search; an index row's rowid is the rowid of its case or company.
-- The case index holds the company's name too, so one query finds both;
-- the store keeps both indexes current in the same transaction as the write.
CREATE VIRTUAL TABLE case_fts USING fts5(
    case_number, company_name, kvk, municipality, text,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE company_fts USING fts5(
    name, kvk, municipality,
    tokenize = 'unicode61 remove_diacritics 2'
);
