-- Sharing a table (src/sync): this device's identity, the roster it holds, the shared fields
-- with their clocks, what it has sent and received, and the conflicts found.

-- The change log learns a fifth source: a write received from another device of the table.
-- SQLite cannot change a CHECK, so the table is rebuilt with its rows, numbers and triggers.
CREATE TABLE change_log_v9 (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    device_id   TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL,   -- JSON object: field -> [old, new]
    at          TEXT NOT NULL,
    author      TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('ui', 'cli', 'import', 'sync'))
) STRICT;
INSERT INTO change_log_v9 (seq, id, device_id, entity, entity_id, action, changes, at, author, source)
    SELECT seq, id, device_id, entity, entity_id, action, changes, at, author, source FROM change_log ORDER BY seq;
DROP TABLE change_log;
ALTER TABLE change_log_v9 RENAME TO change_log;
CREATE INDEX change_log_entity ON change_log(entity, entity_id, seq);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
WHEN NOT EXISTS (SELECT 1 FROM erasure_permit)
  OR NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.device_id IS NOT OLD.device_id
  OR NEW.entity IS NOT OLD.entity OR NEW.entity_id IS NOT OLD.entity_id OR NEW.action IS NOT OLD.action
  OR NEW.at IS NOT OLD.at OR NEW.author IS NOT OLD.author OR NEW.source IS NOT OLD.source
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;

-- This device's identity: its keys never leave the encrypted database.
CREATE TABLE sync_identity (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    device_id          TEXT NOT NULL,     -- the device's id at the table (kept through a backup and restore)
    person             TEXT NOT NULL CHECK (length(trim(person)) > 0),
    organisation       TEXT NOT NULL CHECK (length(trim(organisation)) > 0),  -- 'coordinator' or a financier id
    organisation_name  TEXT NOT NULL,
    signing_secret     BLOB NOT NULL CHECK (length(signing_secret) = 32),
    encryption_secret  TEXT NOT NULL,
    hlc                TEXT,      -- the device's hybrid logical clock, as last moved
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

-- The roster this device holds (the coordinator's last signed version), as signed.
CREATE TABLE sync_roster (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    table_id     TEXT NOT NULL,
    version      INTEGER NOT NULL,
    bytes        BLOB NOT NULL,
    signature    BLOB NOT NULL CHECK (length(signature) = 64),
    received_at  TEXT NOT NULL
) STRICT;

-- Every shared field, local or received: its current value and the clock that wrote it.
CREATE TABLE sync_fields (
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,          -- JSON
    hlc           TEXT NOT NULL,
    author        TEXT NOT NULL,          -- the person, as the roster named the device
    PRIMARY KEY (entity, entity_id, field)
) STRICT, WITHOUT ROWID;

-- Every write of a critical field (status, amounts, consent, a response's answer), to find
-- the writes made without seeing each other.
CREATE TABLE sync_critical_writes (
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    field         TEXT NOT NULL,
    hlc           TEXT NOT NULL,
    base          TEXT,
    value         TEXT NOT NULL,
    author        TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, hlc)
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_conflicts (
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    field          TEXT NOT NULL,
    earlier_hlc    TEXT NOT NULL,
    later_hlc      TEXT NOT NULL,
    earlier_value  TEXT NOT NULL,
    later_value    TEXT NOT NULL,
    earlier_author TEXT NOT NULL,
    later_author   TEXT NOT NULL,
    found_at       TEXT NOT NULL,
    resolved_at    TEXT,
    resolution     TEXT CHECK (resolution IS NULL OR resolution IN ('confirmed', 'reverted')),
    PRIMARY KEY (entity, entity_id, field, earlier_hlc, later_hlc)
) STRICT, WITHOUT ROWID;

-- The ops this device wrote, per channel, numbered without gaps: sealed again for the
-- channel's recipients whenever a bundle is written, until every recipient acknowledged them.
CREATE TABLE sync_outbox (
    channel     TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq > 0),
    ops         TEXT NOT NULL,    -- JSON array of ops
    hlc_max     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (channel, seq)
) STRICT, WITHOUT ROWID;

-- What each recipient device acknowledged of this device's channels.
CREATE TABLE sync_acks (
    recipient   TEXT NOT NULL,
    channel     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (recipient, channel)
) STRICT, WITHOUT ROWID;

-- The envelopes received (applied, or not meant for this device), per sender and channel.
CREATE TABLE sync_received (
    sender      TEXT NOT NULL,
    channel     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (sender, channel, seq)
) STRICT, WITHOUT ROWID;

-- The last bundle read from each device, and every refused one with its reason.
CREATE TABLE sync_peers (
    device         TEXT PRIMARY KEY,
    last_bundle_at TEXT NOT NULL,     -- when the sender wrote it
    imported_at    TEXT NOT NULL,
    ops_applied    INTEGER NOT NULL
) STRICT;
CREATE TABLE sync_refusals (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    file       TEXT NOT NULL,
    sender     TEXT,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL
) STRICT;

-- Up to which change-log entry this device's own writes were turned into ops.
CREATE TABLE sync_capture (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    log_seq  INTEGER NOT NULL
) STRICT;

-- A member's own notes on a shared case: they never leave this laptop.
CREATE TABLE private_notes (
    case_id     TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- When a member last looked at a shared case (for the new and changed markers).
CREATE TABLE shared_case_seen (
    case_id  TEXT PRIMARY KEY,
    hlc      TEXT NOT NULL
) STRICT;

-- Where this device reads and writes bundles (a shared folder).
-- Kept in settings under the key 'sync_folder'.
