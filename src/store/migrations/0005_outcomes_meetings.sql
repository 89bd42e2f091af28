-- Outcomes and meetings: financiers' responses (with every step), referrals, the financing
-- package actually committed, follow-ups, table meetings with attendees, agenda and action items.

-- The day a case reached its outcome (financed, partly, not financed, withdrawn, referred):
-- kept by the store when the status changes, so yearly figures count outcomes in their period.
ALTER TABLE cases ADD COLUMN outcome_on TEXT;
-- Cases that reached their outcome before this migration: the day of the last status change
-- to it in the change log (none for cases recorded at their outcome: the figures fall back).
UPDATE cases SET outcome_on = (
    SELECT substr(max(l.at), 1, 10) FROM change_log l
    WHERE l.entity = 'case' AND l.entity_id = cases.id AND l.action = 'update'
      AND json_extract(l.changes, '$.status[1]') = cases.status)
WHERE status IN ('financed', 'partly_financed', 'not_financed', 'withdrawn', 'referred');
CREATE INDEX cases_outcome_on ON cases(outcome_on) WHERE outcome_on IS NOT NULL;

-- The current response of one financier on one case; its steps are below.
CREATE TABLE case_responses (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases(id),
    financier_id    TEXT NOT NULL REFERENCES financiers(id),
    instrument_id   TEXT REFERENCES instruments(id),
    status          TEXT NOT NULL,
    decline_reason  TEXT,
    decline_text    TEXT,
    amount_cents    INTEGER CHECK (amount_cents IS NULL OR amount_cents > 0),
    notes           TEXT,
    status_date     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (case_id, financier_id),
    -- The decline-reason rule, also in the database: a decline has a reason, `other` a text.
    CHECK (status <> 'declined' OR decline_reason IS NOT NULL),
    CHECK (decline_reason IS NULL OR status = 'declined'),
    CHECK (decline_reason IS NOT 'other' OR decline_text IS NOT NULL)
) STRICT;
CREATE INDEX case_responses_financier ON case_responses(financier_id, status);

CREATE TABLE response_steps (
    id              TEXT PRIMARY KEY,
    response_id     TEXT NOT NULL REFERENCES case_responses(id),
    status          TEXT NOT NULL,
    on_date         TEXT NOT NULL,
    decline_reason  TEXT,
    amount_cents    INTEGER,
    note            TEXT,
    meeting_id      TEXT REFERENCES meetings(id),
    author          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
) STRICT;
CREATE INDEX response_steps_response ON response_steps(response_id, on_date);

CREATE TABLE referrals (
    id                  TEXT PRIMARY KEY,
    case_id             TEXT NOT NULL REFERENCES cases(id),
    from_financier_id   TEXT REFERENCES financiers(id),  -- NULL: the coordinator referred
    to_financier_id     TEXT NOT NULL REFERENCES financiers(id),
    reason              TEXT NOT NULL,
    basis               TEXT NOT NULL,
    referred_on         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    CHECK (from_financier_id IS NULL OR from_financier_id <> to_financier_id)
) STRICT;
CREATE INDEX referrals_case ON referrals(case_id, referred_on);

CREATE TABLE package_tranches (
    id                       TEXT PRIMARY KEY,
    case_id                  TEXT NOT NULL REFERENCES cases(id),
    financier_id             TEXT NOT NULL REFERENCES financiers(id),
    instrument_id            TEXT REFERENCES instruments(id),
    capital_type             TEXT NOT NULL,
    amount_cents             INTEGER NOT NULL CHECK (amount_cents > 0),
    guarantee_instrument_id  TEXT REFERENCES instruments(id),
    guaranteed_cents         INTEGER CHECK (guaranteed_cents IS NULL OR (guaranteed_cents > 0 AND guaranteed_cents <= amount_cents)),
    closing_date             TEXT,
    notes                    TEXT,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    deleted_at               TEXT
) STRICT;
CREATE INDEX package_tranches_case ON package_tranches(case_id);

CREATE TABLE follow_ups (
    id                TEXT PRIMARY KEY,
    case_id           TEXT NOT NULL REFERENCES cases(id),
    months            INTEGER NOT NULL CHECK (months IN (3, 6, 12)),
    due_on            TEXT NOT NULL,
    done_on           TEXT,
    jobs_kept         INTEGER CHECK (jobs_kept IS NULL OR jobs_kept >= 0),
    jobs_created      INTEGER CHECK (jobs_created IS NULL OR jobs_created >= 0),
    financing_closed  INTEGER CHECK (financing_closed IS NULL OR financing_closed IN (0, 1)),
    notes             TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (case_id, months)
) STRICT;
CREATE INDEX follow_ups_due ON follow_ups(due_on) WHERE done_on IS NULL;

CREATE TABLE meetings (
    id                TEXT PRIMARY KEY,
    title             TEXT NOT NULL,
    starts_at         TEXT NOT NULL,   -- local date and time, YYYY-MM-DDTHH:MM:SS
    duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 15 AND 600),
    place             TEXT,
    online_link       TEXT,
    chair             TEXT,
    status            TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'closed')),
    notes             TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
) STRICT;
CREATE INDEX meetings_start ON meetings(starts_at) WHERE deleted_at IS NULL;

CREATE TABLE meeting_attendees (
    id              TEXT PRIMARY KEY,
    meeting_id      TEXT NOT NULL REFERENCES meetings(id),
    contact_id      TEXT REFERENCES financier_contacts(id),
    financier_id    TEXT REFERENCES financiers(id),
    name            TEXT NOT NULL,
    organisation    TEXT,
    pledge_signed   INTEGER NOT NULL DEFAULT 0 CHECK (pledge_signed IN (0, 1)),
    position        INTEGER NOT NULL,
    UNIQUE (meeting_id, contact_id)
) STRICT;

CREATE TABLE meeting_agenda (
    meeting_id  TEXT NOT NULL REFERENCES meetings(id),
    case_id     TEXT NOT NULL REFERENCES cases(id),
    position    INTEGER NOT NULL CHECK (position > 0),
    presented   INTEGER NOT NULL DEFAULT 0 CHECK (presented IN (0, 1)),
    minutes     TEXT,
    decision    TEXT,
    PRIMARY KEY (meeting_id, case_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_agenda_case ON meeting_agenda(case_id);

CREATE TABLE action_items (
    id           TEXT PRIMARY KEY,
    meeting_id   TEXT REFERENCES meetings(id),
    case_id      TEXT REFERENCES cases(id),
    description  TEXT NOT NULL,
    owner        TEXT NOT NULL,
    due_on       TEXT,
    done_on      TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX action_items_open ON action_items(due_on) WHERE done_on IS NULL;
CREATE INDEX action_items_case ON action_items(case_id);
