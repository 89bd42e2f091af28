-- What the window asks on every launch.
-- How many cases there are (the navigation's count, the case list's total): the partial
-- indexes on `deleted_at IS NULL` did not answer it alone (SQLite still read every case row to
-- check `deleted_at`: 31 MB of pages decrypted on 100,000 cases); an index on `deleted_at`
-- itself does, and the count names it (`INDEXED BY`).
CREATE INDEX cases_alive ON cases(deleted_at);
-- What Vandaag (the home screen) asks: the open cases whose next action is due within the week
-- and the consents that end soon. Without these each was a walk over every case. A term
-- `x <= ?` implies `x IS NOT NULL`, so the partial indexes serve those queries and hold only
-- the few cases that have a date.
CREATE INDEX cases_next_action_due ON cases(next_action_due) WHERE next_action_due IS NOT NULL;
CREATE INDEX cases_consent_until ON cases(consent_until) WHERE consent_until IS NOT NULL;
