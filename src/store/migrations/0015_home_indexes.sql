-- What Vandaag (the home screen) asks on every launch: the open cases whose next action is due
-- within the week and the consents that end soon. Without these each was a walk over every
-- case (and, in SQLCipher, a decryption of every case page: on 100,000 cases the first paint
-- waited for it and the page cache kept tens of megabytes). A term `x <= ?` implies
-- `x IS NOT NULL`, so the partial indexes serve those queries and hold only the few cases
-- that have a date.
CREATE INDEX cases_next_action_due ON cases(next_action_due) WHERE next_action_due IS NOT NULL;
CREATE INDEX cases_consent_until ON cases(consent_until) WHERE consent_until IS NOT NULL;
