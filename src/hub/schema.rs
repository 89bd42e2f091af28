//! The hub's schema in PostgreSQL, versioned like the local database's (a hub with a newer
//! schema is refused), its roles and its row-level security.
//!
//! - `tafel_hub_owner` (NOLOGIN) owns the schema, the tables and the functions the policies
//!   call; nobody logs in as it.
//! - `tafel_hub_member` (NOLOGIN) holds what members may do: read the schema version, SELECT
//!   and INSERT envelopes and bundle headers — never UPDATE or DELETE.
//! - one LOGIN role per member organisation of a table (`tafel_m_…`), in `tafel_hub_member`.
//! - `envelopes` and `bundle_headers` have row-level security ENABLED and FORCED: a role reads
//!   the envelopes of the channels its organisation is a member of (`channel_members`), the
//!   bundle headers of its tables, and inserts only rows whose sender is one of its own
//!   organisation's devices (`devices`), on a channel it may write.
//! - `members`, `devices` and `channel_members` are the administrator's (kept in step with the
//!   roster by `tafel hub add-member` / `remove-member`); members have no access to them, only
//!   to their own rows through the `my_*` functions the policies call.
//!
//! The administrator connects as a superuser (or a role in `tafel_hub_owner` with CREATEROLE).

use sha2::{Digest, Sha256};

use super::{hub_error, pg_error};
use crate::error::Result;
use crate::sync::COORDINATOR_ORG;

/// The schema version this Tafel writes and reads.
pub const SCHEMA_VERSION: i32 = MIGRATIONS.len() as i32;

/// The PostgreSQL schema the hub lives in.
pub const SCHEMA: &str = "tafel_hub";

/// Each version's DDL, run as `tafel_hub_owner` (so it owns everything) in one transaction.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE tafel_hub.schema_version (version integer NOT NULL);
INSERT INTO tafel_hub.schema_version VALUES (0);

-- The administrator's: who is on which table, with which login role and devices, and which
-- channels each organisation reads and writes.
CREATE TABLE tafel_hub.members (
    table_id  text NOT NULL,
    org       text NOT NULL,
    org_name  text NOT NULL,
    role_name text NOT NULL UNIQUE,
    PRIMARY KEY (table_id, org)
);
CREATE TABLE tafel_hub.devices (
    table_id  text NOT NULL,
    device_id text NOT NULL,
    org       text NOT NULL,
    PRIMARY KEY (table_id, device_id),
    FOREIGN KEY (table_id, org) REFERENCES tafel_hub.members ON DELETE CASCADE
);
CREATE TABLE tafel_hub.channel_members (
    table_id  text NOT NULL,
    channel   text NOT NULL,
    org       text NOT NULL,
    may_write boolean NOT NULL,
    PRIMARY KEY (table_id, channel, org),
    FOREIGN KEY (table_id, org) REFERENCES tafel_hub.members ON DELETE CASCADE
);

-- The sealed envelopes, exactly as their senders signed them: the routing header's fields in
-- the clear, the payload (header and age ciphertext) and its signature unchanged. Insert-only:
-- the same envelope again (same sender, channel, number, sealed under the same roster) is a
-- no-op; sealed anew for a later roster (a new recipient) it is a row of its own.
CREATE TABLE tafel_hub.envelopes (
    table_id       text   NOT NULL,
    channel        text   NOT NULL,
    sender_device  text   NOT NULL,
    sender_org     text   NOT NULL,
    seq            bigint NOT NULL CHECK (seq > 0),
    roster_version bigint NOT NULL,
    hlc_max        text   NOT NULL,
    payload        bytea  NOT NULL,
    signature      bytea  NOT NULL CHECK (length(signature) = 64),
    stored_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_id, sender_device, channel, seq, roster_version)
);

-- Each device's signed bundle header (its acknowledgements) per sync, with the coordinator's
-- signed roster; a reader takes each device's latest.
CREATE TABLE tafel_hub.bundle_headers (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    table_id         text  NOT NULL,
    sender_device    text  NOT NULL,
    sender_org       text  NOT NULL,
    header           bytea NOT NULL,
    signature        bytea NOT NULL CHECK (length(signature) = 64),
    roster           bytea,
    roster_signature bytea,
    stored_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (table_id, sender_device, signature)
);
CREATE INDEX bundle_headers_latest ON tafel_hub.bundle_headers (table_id, sender_device, id DESC);

-- What the logged-in organisation is: the policies' only window on the administrator's tables.
-- SECURITY DEFINER (owned by tafel_hub_owner) so members need no access to those tables;
-- session_user is the role that logged in (also inside a definer function). Who that is lives
-- in my_tables() alone; my_devices() and my_channels() build on it.
CREATE FUNCTION tafel_hub.my_tables()
RETURNS TABLE (table_id text, org text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT m.table_id, m.org FROM tafel_hub.members m WHERE m.role_name = session_user
$$;
CREATE FUNCTION tafel_hub.my_devices()
RETURNS TABLE (table_id text, device_id text, org text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT d.table_id, d.device_id, d.org
    FROM tafel_hub.devices d
    JOIN tafel_hub.my_tables() m ON m.table_id = d.table_id AND m.org = d.org
$$;
CREATE FUNCTION tafel_hub.my_channels()
RETURNS TABLE (table_id text, channel text, may_write boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT c.table_id, c.channel, c.may_write
    FROM tafel_hub.channel_members c
    JOIN tafel_hub.my_tables() m ON m.table_id = c.table_id AND m.org = c.org
$$;

ALTER TABLE tafel_hub.envelopes ENABLE ROW LEVEL SECURITY;
ALTER TABLE tafel_hub.envelopes FORCE ROW LEVEL SECURITY;
CREATE POLICY read_member_channels ON tafel_hub.envelopes FOR SELECT
    USING ((table_id, channel) IN (SELECT c.table_id, c.channel FROM tafel_hub.my_channels() c));
CREATE POLICY insert_as_itself ON tafel_hub.envelopes FOR INSERT
    WITH CHECK (
        (table_id, sender_device, sender_org) IN (SELECT d.table_id, d.device_id, d.org FROM tafel_hub.my_devices() d)
        AND (table_id, channel) IN (SELECT c.table_id, c.channel FROM tafel_hub.my_channels() c WHERE c.may_write)
    );

ALTER TABLE tafel_hub.bundle_headers ENABLE ROW LEVEL SECURITY;
ALTER TABLE tafel_hub.bundle_headers FORCE ROW LEVEL SECURITY;
CREATE POLICY read_member_tables ON tafel_hub.bundle_headers FOR SELECT
    USING (table_id IN (SELECT t.table_id FROM tafel_hub.my_tables() t));
CREATE POLICY insert_as_itself ON tafel_hub.bundle_headers FOR INSERT
    WITH CHECK (
        (table_id, sender_device, sender_org) IN (SELECT d.table_id, d.device_id, d.org FROM tafel_hub.my_devices() d)
        AND (roster IS NULL OR sender_org = 'coordinator')
    );

-- What the operator sees: who exchanges with whom and when, never a case. With the querying
-- role's rights (the operator's, who bypasses row-level security), not the owner's (whom the
-- forced policies show nothing).
CREATE VIEW tafel_hub.traffic WITH (security_invoker = true) AS
    SELECT table_id, sender_org, channel, count(*) AS envelopes,
           sum(length(payload)) AS bytes, min(stored_at) AS first_at, max(stored_at) AS last_at
    FROM tafel_hub.envelopes GROUP BY table_id, sender_org, channel;

REVOKE ALL ON ALL TABLES IN SCHEMA tafel_hub FROM PUBLIC;
REVOKE ALL ON FUNCTION tafel_hub.my_channels(), tafel_hub.my_devices(), tafel_hub.my_tables() FROM PUBLIC;
GRANT USAGE ON SCHEMA tafel_hub TO tafel_hub_member;
GRANT SELECT ON tafel_hub.schema_version TO tafel_hub_member;
GRANT SELECT, INSERT ON tafel_hub.envelopes, tafel_hub.bundle_headers TO tafel_hub_member;
GRANT EXECUTE ON FUNCTION tafel_hub.my_channels(), tafel_hub.my_devices(), tafel_hub.my_tables() TO tafel_hub_member;
"#,
    r#"
-- Version 2: two tables exchanging referred cases. The administrator links two tables; each
-- table's coordinator then reads the exchange channel `xchg:<a>+<b>` of both tables and writes
-- it as its own table. Nobody else of either table reads it.
CREATE TABLE tafel_hub.links (
    table_a   text NOT NULL,
    table_b   text NOT NULL,
    linked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (table_a, table_b),
    CHECK (table_a < table_b)
);
REVOKE ALL ON tafel_hub.links FROM PUBLIC;

CREATE OR REPLACE FUNCTION tafel_hub.my_channels()
RETURNS TABLE (table_id text, channel text, may_write boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT c.table_id, c.channel, c.may_write
    FROM tafel_hub.channel_members c
    JOIN tafel_hub.my_tables() m ON m.table_id = c.table_id AND m.org = c.org
    UNION ALL
    SELECT t.table_id, 'xchg:' || l.table_a || '+' || l.table_b, t.table_id = m.table_id
    FROM tafel_hub.links l
    JOIN tafel_hub.my_tables() m ON m.org = 'coordinator' AND m.table_id IN (l.table_a, l.table_b)
    CROSS JOIN LATERAL (VALUES (l.table_a), (l.table_b)) AS t(table_id)
$$;
"#,
];

/// One member organisation of a table as the hub knows it, from the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubMember {
    /// The table's id.
    pub table_id: String,
    /// `coordinator`, or the financier's id.
    pub org: String,
    /// The organisation's name.
    pub org_name: String,
    /// Its devices on the roster.
    pub devices: Vec<String>,
}

/// The login role of an organisation of a table: derived, so nobody chooses one that exists.
pub fn role_name(table_id: &str, org: &str) -> String {
    let digest = Sha256::digest(format!("{table_id}\0{org}").as_bytes());
    format!("tafel_m_{}", hex::encode(&digest[..10]))
}

fn newer_schema(found: i32) -> crate::error::Error {
    hub_error(
        "hub_newer_schema",
        format!(
            "De hub heeft schemaversie {found}; deze Tafel kent tot en met versie {SCHEMA_VERSION}. Werk Tafel bij; er is niets gewijzigd."
        ),
        format!(
            "The hub has schema version {found}; this Tafel knows up to version {SCHEMA_VERSION}. Update Tafel; nothing was changed."
        ),
    )
}

/// The hub's schema version: `None` when it has no hub schema.
pub fn version(client: &mut postgres::Client) -> Result<Option<i32>> {
    let row = client
        .query_one(
            "SELECT to_regclass('tafel_hub.schema_version') IS NOT NULL",
            &[],
        )
        .map_err(pg_error)?;
    if !row.get::<_, bool>(0) {
        return Ok(None);
    }
    let row = client
        .query_one("SELECT max(version) FROM tafel_hub.schema_version", &[])
        .map_err(pg_error)?;
    Ok(row.get::<_, Option<i32>>(0))
}

/// For a member: the hub's schema is one this Tafel reads (`hub_no_schema`, `hub_newer_schema`).
pub fn check(client: &mut postgres::Client) -> Result<()> {
    match version(client)? {
        None => Err(hub_error(
            "hub_no_schema",
            "Deze database is (nog) geen Tafel-hub: de beheerder maakt hem aan met tafel hub init.".into(),
            "This database is not a Tafel hub (yet): its administrator creates one with tafel hub init.".into(),
        )),
        Some(v) if v > SCHEMA_VERSION => Err(newer_schema(v)),
        Some(_) => Ok(()),
    }
}

/// Creates the hub's roles and schema, or migrates an older schema, in one transaction; a
/// newer schema is refused and nothing is changed. Returns the version now in place.
pub fn init(client: &mut postgres::Client) -> Result<i32> {
    let found = version(client)?;
    if let Some(v) = found {
        if v > SCHEMA_VERSION {
            return Err(newer_schema(v));
        }
        if v == SCHEMA_VERSION {
            return Ok(v);
        }
    }
    // Roles belong to the cluster: another database's hub may have made them already, maybe
    // at this very moment.
    for role in ["tafel_hub_owner", "tafel_hub_member"] {
        client
            .batch_execute(&format!(
                "DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                        CREATE ROLE {role} NOLOGIN;
                    END IF;
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                 END $$"
            ))
            .map_err(pg_error)?;
    }
    let mut tx = client.transaction().map_err(pg_error)?;
    // Serialises two administrators initialising at once.
    tx.batch_execute("SELECT pg_advisory_xact_lock(7469616661)")
        .map_err(pg_error)?;
    let from = match found {
        Some(v) => v,
        None => {
            tx.batch_execute(
                "CREATE SCHEMA IF NOT EXISTS tafel_hub AUTHORIZATION tafel_hub_owner;
                 REVOKE ALL ON SCHEMA tafel_hub FROM PUBLIC;",
            )
            .map_err(pg_error)?;
            0
        }
    };
    tx.batch_execute("SET LOCAL ROLE tafel_hub_owner")
        .map_err(pg_error)?;
    for (i, ddl) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        tx.batch_execute(ddl).map_err(pg_error)?;
        tx.execute(
            "UPDATE tafel_hub.schema_version SET version = $1",
            &[&(i as i32 + 1)],
        )
        .map_err(pg_error)?;
    }
    tx.batch_execute("RESET ROLE").map_err(pg_error)?;
    tx.commit().map_err(pg_error)?;
    Ok(SCHEMA_VERSION)
}

/// The channels an organisation reads, and whether it writes them, and the coordinator's
/// part in them (the tiers of `crate::sync::Channel`).
fn channels_of(org: &str) -> Vec<(String, &str, bool)> {
    if org == COORDINATOR_ORG {
        vec![("table".into(), COORDINATOR_ORG, true)]
    } else {
        vec![
            ("table".into(), org, false),
            (format!("org:{org}"), org, false),
            (format!("resp:{org}"), org, true),
            (format!("org:{org}"), COORDINATOR_ORG, true),
            (format!("resp:{org}"), COORDINATOR_ORG, false),
        ]
    }
}

/// Brings one organisation in step with the roster: its login role (created with `password`
/// when new; given `password` when it exists, its password is replaced and login restored),
/// its devices and its channel membership. The coordinator's organisation must be on the hub
/// before a member's (its channels name both). Returns the role's name.
pub fn put_member(
    client: &mut postgres::Client,
    member: &HubMember,
    password: Option<&str>,
) -> Result<String> {
    check(client)?;
    let role = role_name(&member.table_id, &member.org);
    let mut tx = client.transaction().map_err(pg_error)?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&role],
        )
        .map_err(pg_error)?
        .get(0);
    // Utility statements take no parameters: the role is hex we made; the password is quoted
    // as a literal by the server's own quote_literal.
    let literal = |tx: &mut postgres::Transaction<'_>, text: &str| -> Result<String> {
        Ok(tx
            .query_one("SELECT quote_literal($1)", &[&text])
            .map_err(pg_error)?
            .get(0))
    };
    match (exists, password) {
        (false, Some(pw)) => {
            let pw = literal(&mut tx, pw)?;
            tx.batch_execute(&format!(
                "CREATE ROLE {role} LOGIN PASSWORD {pw} IN ROLE tafel_hub_member"
            ))
            .map_err(pg_error)?;
        }
        (false, None) => {
            return Err(hub_error(
                "hub_no_password",
                "Een nieuwe organisatie op de hub heeft een wachtwoord nodig.".into(),
                "A new organisation on the hub needs a password.".into(),
            ));
        }
        (true, Some(pw)) => {
            let pw = literal(&mut tx, pw)?;
            tx.batch_execute(&format!(
                "ALTER ROLE {role} LOGIN PASSWORD {pw}; GRANT tafel_hub_member TO {role}"
            ))
            .map_err(pg_error)?;
        }
        (true, None) => {}
    }
    tx.execute(
        "INSERT INTO tafel_hub.members (table_id, org, org_name, role_name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (table_id, org) DO UPDATE SET org_name = excluded.org_name, role_name = excluded.role_name",
        &[&member.table_id, &member.org, &member.org_name, &role],
    )
    .map_err(pg_error)?;
    tx.execute(
        "DELETE FROM tafel_hub.devices WHERE table_id = $1 AND org = $2",
        &[&member.table_id, &member.org],
    )
    .map_err(pg_error)?;
    for device in &member.devices {
        tx.execute(
            "INSERT INTO tafel_hub.devices (table_id, device_id, org) VALUES ($1, $2, $3)
             ON CONFLICT (table_id, device_id) DO UPDATE SET org = excluded.org",
            &[&member.table_id, device, &member.org],
        )
        .map_err(pg_error)?;
    }
    for (channel, org, may_write) in channels_of(&member.org) {
        tx.execute(
            "INSERT INTO tafel_hub.channel_members (table_id, channel, org, may_write) VALUES ($1, $2, $3, $4)
             ON CONFLICT (table_id, channel, org) DO UPDATE SET may_write = excluded.may_write",
            &[&member.table_id, &channel, &org, &may_write],
        )
        .map_err(|e| {
            if e.code() == Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION) {
                hub_error(
                    "hub_no_coordinator",
                    "De coördinator van deze tafel staat nog niet op de hub: begin met tafel hub init.".into(),
                    "This table's coordinator is not on the hub yet: start with tafel hub init.".into(),
                )
            } else {
                pg_error(e)
            }
        })?;
    }
    tx.commit().map_err(pg_error)?;
    Ok(role)
}

/// Takes an organisation off a table's hub: its channel membership and devices go (so it reads
/// nothing more), its login role can no longer log in, and its open sessions are ended. What it
/// sent stays (the others may still need it). `false` when it was not on the hub.
pub fn remove_member(client: &mut postgres::Client, table_id: &str, org: &str) -> Result<bool> {
    check(client)?;
    let role = role_name(table_id, org);
    let mut tx = client.transaction().map_err(pg_error)?;
    let removed = tx
        .execute(
            "DELETE FROM tafel_hub.members WHERE table_id = $1 AND org = $2",
            &[&table_id, &org],
        )
        .map_err(pg_error)?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&role],
        )
        .map_err(pg_error)?
        .get(0);
    if exists {
        tx.batch_execute(&format!("ALTER ROLE {role} NOLOGIN"))
            .map_err(pg_error)?;
    }
    tx.commit().map_err(pg_error)?;
    if exists {
        client
            .execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
                &[&role],
            )
            .map_err(pg_error)?;
    }
    Ok(removed > 0)
}

/// The two tables' coordinator organisations on the hub, or `hub_no_partner`.
fn both_coordinators(tx: &mut postgres::Transaction<'_>, a: &str, b: &str) -> Result<()> {
    let found: i64 = tx
        .query_one(
            "SELECT count(*) FROM tafel_hub.members WHERE org = 'coordinator' AND table_id IN ($1, $2)",
            &[&a, &b],
        )
        .map_err(pg_error)?
        .get(0);
    if a == b || found < 2 {
        return Err(hub_error(
            "hub_no_partner",
            format!(
                "Tafel {b} staat niet (met zijn coördinator) op deze hub, of is deze tafel zelf: koppelen kan alleen twee tafels op dezelfde hub."
            ),
            format!(
                "Table {b} is not on this hub (with its coordinator), or is this table itself: only two tables on the same hub can be linked."
            ),
        ));
    }
    Ok(())
}

/// Links two tables of the hub so their coordinators exchange referred cases on the channel
/// `xchg:<a>+<b>` (and nobody else of either table reads it). Linking again changes nothing.
pub fn link_tables(client: &mut postgres::Client, table: &str, other: &str) -> Result<()> {
    check(client)?;
    let (a, b) = if table <= other {
        (table, other)
    } else {
        (other, table)
    };
    let mut tx = client.transaction().map_err(pg_error)?;
    both_coordinators(&mut tx, table, other)?;
    tx.execute(
        "INSERT INTO tafel_hub.links (table_a, table_b) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&a, &b],
    )
    .map_err(pg_error)?;
    tx.commit().map_err(pg_error)
}

/// Ends the link of two tables: neither coordinator reads or writes their exchange channel
/// any more (what was exchanged stays). `false` when they were not linked.
pub fn unlink_tables(client: &mut postgres::Client, table: &str, other: &str) -> Result<bool> {
    check(client)?;
    let (a, b) = if table <= other {
        (table, other)
    } else {
        (other, table)
    };
    Ok(client
        .execute(
            "DELETE FROM tafel_hub.links WHERE table_a = $1 AND table_b = $2",
            &[&a, &b],
        )
        .map_err(pg_error)?
        > 0)
}

/// The tables linked with `table` on the hub.
pub fn linked_tables(client: &mut postgres::Client, table: &str) -> Result<Vec<String>> {
    check(client)?;
    Ok(client
        .query(
            "SELECT CASE WHEN table_a = $1 THEN table_b ELSE table_a END FROM tafel_hub.links
             WHERE $1 IN (table_a, table_b) ORDER BY 1",
            &[&table],
        )
        .map_err(pg_error)?
        .iter()
        .map(|r| r.get(0))
        .collect())
}

/// The organisations of a table on the hub: `(org, org_name, role)`.
pub fn members(
    client: &mut postgres::Client,
    table_id: &str,
) -> Result<Vec<(String, String, String)>> {
    check(client)?;
    Ok(client
        .query(
            "SELECT org, org_name, role_name FROM tafel_hub.members WHERE table_id = $1 ORDER BY org",
            &[&table_id],
        )
        .map_err(pg_error)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}
