-- Two tables exchanging referred cases through the hub (src/sync/exchange.rs): the other tables
-- this coordinator exchanges with, the referrals it sealed for them, and those it received.

-- From each other table's card (compared by fingerprint); the financier of the register that
-- stands for that table (a referral and a consent name it).
CREATE TABLE exchange_partners (
    table_id      TEXT PRIMARY KEY,
    table_name    TEXT NOT NULL,
    financier_id  TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    person        TEXT NOT NULL,
    keys          TEXT NOT NULL,      -- JSON {"signing": base64, "encryption": "age1…"}
    linked_at     TEXT NOT NULL
) STRICT;

-- Each referral sealed for another table, as signed (ciphertext only the other coordinator
-- opens); pushed_at once the hub holds it.
CREATE TABLE exchange_sent (
    channel    TEXT NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq > 0),
    to_table   TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    named      INTEGER NOT NULL CHECK (named IN (0, 1)),
    payload    BLOB NOT NULL,
    signature  BLOB NOT NULL CHECK (length(signature) = 64),
    sent_at    TEXT NOT NULL,
    pushed_at  TEXT,
    PRIMARY KEY (channel, seq)
) STRICT;

-- Each referral received from another table, opened and checked: the coordinator's inbox.
CREATE TABLE exchange_received (
    id             INTEGER PRIMARY KEY,
    from_table     TEXT NOT NULL,
    sender_device  TEXT NOT NULL,
    channel        TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    referral       TEXT NOT NULL,     -- JSON of the opened referral
    received_at    TEXT NOT NULL,
    case_id        TEXT,              -- the case logged from it here, once accepted
    UNIQUE (sender_device, channel, seq)
) STRICT;
