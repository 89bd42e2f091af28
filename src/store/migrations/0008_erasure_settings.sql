-- Erasure (AVG/GDPR article 17) and settings.

-- General settings of the database, one value per key (issue 15 builds its screen on this;
-- the store reads them through typed accessors, src/store/settings.rs).
CREATE TABLE settings (
    key         TEXT PRIMARY KEY CHECK (length(trim(key)) > 0),
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- When a company's identifying data was erased, when a case's free texts were (by an erasure
-- of its company or by the retention rule), and when a financier contact's were. NULL for
-- ordinary rows.
ALTER TABLE companies ADD COLUMN erased_at TEXT;
ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
ALTER TABLE financier_contacts ADD COLUMN erased_at TEXT;

-- The change log stays append-only with one exception: an erasure may replace the values
-- (`changes`) of existing entries, and nothing else of them. It may only while it holds the
-- one row of this table, which it inserts and deletes inside its own transaction, so no other
-- writer (nor the same one before or after) ever sees it.
CREATE TABLE erasure_permit (
    id  INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

DROP TRIGGER change_log_no_update;
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
WHEN NOT EXISTS (SELECT 1 FROM erasure_permit)
  OR NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.device_id IS NOT OLD.device_id
  OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id OR NEW.action IS NOT OLD.action
  OR NEW.at IS NOT OLD.at OR NEW.author IS NOT OLD.author OR NEW.source IS NOT OLD.source
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
