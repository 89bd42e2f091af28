-- Matching: structured mandate rules on instruments, and the financing plan of a case.

-- JSON array of InstrumentRule (src/domain/rules.rs); empty = only the free `rules` text.
ALTER TABLE instruments ADD COLUMN structured_rules TEXT NOT NULL DEFAULT '[]';

-- The stack a coordinator chose for a case: one plan per case, replaced on save
-- (the change log keeps earlier versions). The outcome of the case is compared with it.
CREATE TABLE case_plans (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL UNIQUE REFERENCES cases(id),
    need_cents    INTEGER NOT NULL CHECK (need_cents > 0),
    total_cents   INTEGER NOT NULL CHECK (total_cents > 0),
    explanation   TEXT NOT NULL DEFAULT '[]',   -- JSON array of reasons (Dutch and English)
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

-- The tranches of a plan, in the plan's order. The key columns serve queries (the outcome
-- compared with the plan); `tranche` keeps the whole tranche as saved (names included).
CREATE TABLE case_plan_tranches (
    plan_id                   TEXT NOT NULL REFERENCES case_plans(id),
    position                  INTEGER NOT NULL CHECK (position >= 0),
    financier_id              TEXT NOT NULL REFERENCES financiers(id),
    instrument_id             TEXT NOT NULL REFERENCES instruments(id),
    capital_type              TEXT NOT NULL,
    amount_cents              INTEGER NOT NULL CHECK (amount_cents > 0),
    guarantee_instrument_id   TEXT REFERENCES instruments(id),
    guaranteed_cents          INTEGER CHECK (guaranteed_cents IS NULL OR guaranteed_cents > 0),
    tranche                   TEXT NOT NULL,   -- JSON of the Tranche
    PRIMARY KEY (plan_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_plan_tranches_financier ON case_plan_tranches(financier_id);
