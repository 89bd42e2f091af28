//! What sharing keeps in the database: the device's identity and clock, the roster it holds,
//! the shared fields with their clocks, the outbox, acknowledgements, what was received, the
//! conflicts found, and a member's private notes. The rules of what these mean are in
//! `crate::sync`; the use cases in `service::sync`.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::Writer;
use crate::error::{Error, Result};
use crate::sync::merge::Write;
use crate::sync::{DeviceKeys, EntityKind, Hlc, Op, Roster, SignedRoster};

/// This device's identity as stored.
#[derive(Debug)]
pub struct StoredIdentity {
    /// The device id (the change log's).
    pub device_id: String,
    /// The person using it.
    pub person: String,
    /// `coordinator` or the financier id the person works for.
    pub organisation: String,
    /// The organisation's name.
    pub organisation_name: String,
    /// The keys.
    pub keys: DeviceKeys,
    /// The clock as last moved.
    pub hlc: Hlc,
}

/// One shared field as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedField {
    /// Its value.
    pub value: Value,
    /// The clock of the write that set it.
    pub hlc: Hlc,
    /// The person who wrote it.
    pub author: String,
}

/// One conflict as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredConflict {
    /// Entity kind.
    pub entity: String,
    /// Entity id.
    pub entity_id: String,
    /// Field.
    pub field: String,
    /// The earlier write's clock, value and author.
    pub earlier: (Hlc, Value, String),
    /// The later write's (the one that stands).
    pub later: (Hlc, Value, String),
    /// When this replica found it.
    pub found_at: String,
    /// `confirmed` or `reverted` once the coordinator decided.
    pub resolution: Option<String>,
}

/// One outbox entry.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    /// The channel.
    pub channel: String,
    /// Its number.
    pub seq: u64,
    /// The ops.
    pub ops: Vec<Op>,
    /// Their latest clock.
    pub hlc_max: Hlc,
}

/// The last bundle read from a device.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// The device.
    pub device: String,
    /// When it wrote the bundle.
    pub last_bundle_at: String,
    /// When this device read it.
    pub imported_at: String,
    /// How many ops of it changed something here.
    pub ops_applied: u64,
}

/// One refused bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRefusal {
    /// When.
    pub at: String,
    /// The file.
    pub file: String,
    /// The sending device, when known.
    pub sender: Option<String>,
    /// The refusal's code.
    pub code: String,
    /// Its Dutch message.
    pub message: String,
}

fn hlc_of(text: &str) -> rusqlite::Result<Hlc> {
    text.parse().map_err(|e: crate::sync::hlc::HlcParseError| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.0.into())
    })
}

fn json_of(text: &str) -> rusqlite::Result<Value> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Read handle on what sharing keeps.
pub struct SyncState<'c> {
    conn: &'c Connection,
}

impl<'c> SyncState<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        SyncState { conn }
    }

    /// This device's identity, once set.
    pub fn identity(&self) -> Result<Option<StoredIdentity>> {
        let row = self
            .conn
            .query_row(
                "SELECT person, organisation, organisation_name, signing_secret, encryption_secret, hlc, device_id FROM sync_identity WHERE id = 1",
                [],
                |r| {
                    Ok((
                        (r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                        (r.get::<_, Vec<u8>>(3)?, r.get::<_, String>(4)?, r.get::<_, Option<String>>(5)?, r.get::<_, String>(6)?),
                    ))
                },
            )
            .optional()?;
        let Some((
            (person, organisation, organisation_name),
            (signing, encryption, hlc, device_id),
        )) = row
        else {
            return Ok(None);
        };
        let keys = DeviceKeys::from_secrets(&signing, &encryption)?;
        let hlc = match hlc {
            Some(text) => hlc_of(&text)?,
            None => Hlc::zero(&device_id),
        };
        Ok(Some(StoredIdentity {
            device_id,
            person,
            organisation,
            organisation_name,
            keys,
            hlc,
        }))
    }

    /// The roster this device holds, as signed and as read.
    pub fn roster(&self) -> Result<Option<(SignedRoster, Roster)>> {
        let row = self
            .conn
            .query_row(
                "SELECT bytes, signature FROM sync_roster WHERE id = 1",
                [],
                |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, Vec<u8>>(1)?)),
            )
            .optional()?;
        let Some((bytes, signature)) = row else {
            return Ok(None);
        };
        let signature: [u8; 64] = signature.try_into().map_err(|_| Error::Corrupted {
            detail: "the stored roster's signature is not 64 bytes".into(),
        })?;
        let signed = SignedRoster { bytes, signature };
        let roster = signed.parse()?;
        Ok(Some((signed, roster)))
    }

    /// One shared field.
    pub fn field(&self, kind: EntityKind, id: &str, field: &str) -> Result<Option<SharedField>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value, hlc, author FROM sync_fields WHERE entity = ?1 AND entity_id = ?2 AND field = ?3")?
            .query_row(params![kind.id(), id, field], |r| {
                Ok(SharedField { value: json_of(&r.get::<_, String>(0)?)?, hlc: hlc_of(&r.get::<_, String>(1)?)?, author: r.get(2)? })
            })
            .optional()?)
    }

    /// Every shared field of one entity.
    pub fn fields_of(&self, kind: EntityKind, id: &str) -> Result<BTreeMap<String, SharedField>> {
        let mut stmt = self.conn.prepare_cached("SELECT field, value, hlc, author FROM sync_fields WHERE entity = ?1 AND entity_id = ?2")?;
        let rows = stmt.query_map(params![kind.id(), id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                SharedField {
                    value: json_of(&r.get::<_, String>(1)?)?,
                    hlc: hlc_of(&r.get::<_, String>(2)?)?,
                    author: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every entity of a kind with its shared fields.
    pub fn all_of(
        &self,
        kind: EntityKind,
    ) -> Result<BTreeMap<String, BTreeMap<String, SharedField>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity_id, field, value, hlc, author FROM sync_fields WHERE entity = ?1",
        )?;
        let mut out: BTreeMap<String, BTreeMap<String, SharedField>> = BTreeMap::new();
        let rows = stmt.query_map(params![kind.id()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                SharedField {
                    value: json_of(&r.get::<_, String>(2)?)?,
                    hlc: hlc_of(&r.get::<_, String>(3)?)?,
                    author: r.get(4)?,
                },
            ))
        })?;
        for row in rows {
            let (id, field, value) = row?;
            out.entry(id).or_default().insert(field, value);
        }
        Ok(out)
    }

    /// Every write of a critical field this replica has seen.
    pub fn critical_writes(
        &self,
        kind: EntityKind,
        id: &str,
        field: &str,
    ) -> Result<Vec<(Write, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT value, hlc, base, author FROM sync_critical_writes WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 ORDER BY hlc",
        )?;
        let rows = stmt.query_map(params![kind.id(), id, field], |r| {
            let base: Option<String> = r.get(2)?;
            Ok((
                Write {
                    value: json_of(&r.get::<_, String>(0)?)?,
                    hlc: hlc_of(&r.get::<_, String>(1)?)?,
                    base: base.as_deref().map(hlc_of).transpose()?,
                },
                r.get::<_, String>(3)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The conflicts found, newest first; only the undecided ones when `open_only`.
    pub fn conflicts(&self, open_only: bool) -> Result<Vec<StoredConflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT entity, entity_id, field, earlier_hlc, earlier_value, earlier_author, later_hlc, later_value, later_author, found_at, resolution
             FROM sync_conflicts WHERE (?1 = 0 OR resolution IS NULL) ORDER BY later_hlc DESC",
        )?;
        let rows = stmt.query_map(params![open_only as i64], |r| {
            Ok(StoredConflict {
                entity: r.get(0)?,
                entity_id: r.get(1)?,
                field: r.get(2)?,
                earlier: (
                    hlc_of(&r.get::<_, String>(3)?)?,
                    json_of(&r.get::<_, String>(4)?)?,
                    r.get(5)?,
                ),
                later: (
                    hlc_of(&r.get::<_, String>(6)?)?,
                    json_of(&r.get::<_, String>(7)?)?,
                    r.get(8)?,
                ),
                found_at: r.get(9)?,
                resolution: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last number used on a channel (0 for none).
    pub fn last_seq(&self, channel: &str) -> Result<u64> {
        let seq: Option<i64> = self
            .conn
            .prepare_cached("SELECT max(seq) FROM sync_outbox WHERE channel = ?1")?
            .query_row([channel], |r| r.get(0))?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// The channels this device has written to.
    pub fn outbox_channels(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT channel FROM sync_outbox ORDER BY channel")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The number of the last envelope of `channel` that set `field` of entity `id` to `value`
    /// (what a recipient must have acknowledged to hold that value), if one did.
    pub fn last_seq_setting(
        &self,
        channel: &str,
        id: &str,
        field: &str,
        value: &serde_json::Value,
    ) -> Result<Option<u64>> {
        // `instr` first: only the entries that mention the value are parsed.
        let needle = value.to_string();
        let seq: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT max(o.seq) FROM sync_outbox o, json_each(o.ops) op
                 WHERE o.channel = ?1 AND instr(o.ops, ?4) > 0
                   AND json_extract(op.value, '$.id') = ?2 AND json_extract(op.value, '$.field') = ?3
                   AND json_extract(op.value, '$.value') = json_extract(?4, '$')",
            )?
            .query_row(params![channel, id, field, needle], |r| r.get(0))?;
        Ok(seq.map(|s| s as u64))
    }

    /// The outbox entries of a channel after `after`.
    pub fn outbox_after(&self, channel: &str, after: u64) -> Result<Vec<OutboxEntry>> {
        let mut stmt = self.conn.prepare_cached("SELECT seq, ops, hlc_max FROM sync_outbox WHERE channel = ?1 AND seq > ?2 ORDER BY seq")?;
        let rows = stmt.query_map(params![channel, after as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, ops, hlc_max) = row?;
            let ops: Vec<Op> = serde_json::from_str(&ops).map_err(|e| Error::Json {
                context: "outbox".into(),
                source: e,
            })?;
            out.push(OutboxEntry {
                channel: channel.to_string(),
                seq: seq as u64,
                ops,
                hlc_max: hlc_of(&hlc_max)?,
            });
        }
        Ok(out)
    }

    /// What `recipient` acknowledged of this device's `channel`.
    pub fn ack(&self, recipient: &str, channel: &str) -> Result<u64> {
        let seq: Option<i64> = self
            .conn
            .prepare_cached("SELECT seq FROM sync_acks WHERE recipient = ?1 AND channel = ?2")?
            .query_row(params![recipient, channel], |r| r.get(0))
            .optional()?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// Every acknowledgement received: recipient → channel → number.
    pub fn acks(&self) -> Result<BTreeMap<String, BTreeMap<String, u64>>> {
        self.per_device_and_channel(
            "SELECT recipient, channel, seq FROM sync_acks",
            |held, seq| *held = seq,
        )
    }

    /// `(device, channel, number)` rows folded into device → channel → number by `fold`
    /// (which starts from 0).
    fn per_device_and_channel(
        &self,
        sql: &str,
        fold: impl Fn(&mut u64, u64),
    ) -> Result<BTreeMap<String, BTreeMap<String, u64>>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut out: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (device, channel, seq) = row?;
            fold(
                out.entry(device).or_default().entry(channel).or_insert(0),
                seq as u64,
            );
        }
        Ok(out)
    }

    /// Whether an envelope was received before.
    pub fn was_received(&self, sender: &str, channel: &str, seq: u64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sync_received WHERE sender = ?1 AND channel = ?2 AND seq = ?3)")?
            .query_row(params![sender, channel, seq as i64], |r| r.get(0))?)
    }

    /// For each sender and channel, the highest number up to which everything was received.
    pub fn received_contiguous(&self) -> Result<BTreeMap<String, BTreeMap<String, u64>>> {
        self.per_device_and_channel(
            "SELECT sender, channel, seq FROM sync_received ORDER BY sender, channel, seq",
            |held, seq| {
                if seq == *held + 1 {
                    *held = seq;
                }
            },
        )
    }

    /// Up to which change-log entry this device's writes were turned into ops.
    pub fn captured_up_to(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT log_seq FROM sync_capture WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or(0))
    }

    /// The last bundle read from each device.
    pub fn peers(&self) -> Result<Vec<Peer>> {
        let mut stmt = self.conn.prepare_cached("SELECT device, last_bundle_at, imported_at, ops_applied FROM sync_peers ORDER BY device")?;
        let rows = stmt.query_map([], |r| {
            Ok(Peer {
                device: r.get(0)?,
                last_bundle_at: r.get(1)?,
                imported_at: r.get(2)?,
                ops_applied: r.get::<_, i64>(3)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The refused bundles, newest first.
    pub fn refusals(&self, limit: u32) -> Result<Vec<StoredRefusal>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, file, sender, code, message FROM sync_refusals ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(StoredRefusal {
                at: r.get(0)?,
                file: r.get(1)?,
                sender: r.get(2)?,
                code: r.get(3)?,
                message: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The cases of a company (what a change of the company touches).
    pub fn case_ids_of_company(&self, company_id: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM cases WHERE company_id = ?1")?;
        let rows = stmt.query_map([company_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The financier offering an instrument (deleted ones too).
    pub fn financier_of_instrument(&self, instrument_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT financier_id FROM instruments WHERE id = ?1")?
            .query_row([instrument_id], |r| r.get(0))
            .optional()?)
    }

    /// The case and financier of a stored response.
    pub fn response_parties(&self, response_row_id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT case_id, financier_id FROM case_responses WHERE id = ?1")?
            .query_row([response_row_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// The cases whose named details may go to someone (named disclosure, not deleted).
    pub fn named_case_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM cases WHERE disclosure = 'named' AND deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A member's private note on a shared case.
    pub fn private_note(&self, case_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT text FROM private_notes WHERE case_id = ?1")?
            .query_row([case_id], |r| r.get(0))
            .optional()?)
    }

    /// The shared case with this case number, if any.
    pub fn case_id_by_number(&self, case_number: &str) -> Result<Option<String>> {
        let value = Value::from(case_number).to_string();
        Ok(self
            .conn
            .prepare_cached("SELECT entity_id FROM sync_fields WHERE entity = 'case' AND field = 'case_number' AND value = ?1 ORDER BY entity_id LIMIT 1")?
            .query_row([value], |r| r.get(0))
            .optional()?)
    }

    /// The clock up to which a member has seen one shared case.
    pub fn seen_of(&self, case_id: &str) -> Result<Option<Hlc>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT hlc FROM shared_case_seen WHERE case_id = ?1")?
            .query_row([case_id], |r| r.get(0))
            .optional()?;
        Ok(text.as_deref().map(hlc_of).transpose()?)
    }

    /// The clock up to which a member has seen each shared case.
    pub fn seen(&self) -> Result<BTreeMap<String, Hlc>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT case_id, hlc FROM shared_case_seen")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, hlc_of(&r.get::<_, String>(1)?)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Write handle on what sharing keeps, inside a use case's transaction.
pub struct SyncMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> SyncMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        SyncMut { w }
    }

    fn conn(&self) -> &Connection {
        self.w.conn()
    }

    /// Sets (or changes) this device's identity; the keys are made once and kept.
    pub fn set_identity(
        &self,
        person: &str,
        organisation: &str,
        organisation_name: &str,
        keys: &DeviceKeys,
    ) -> Result<()> {
        let now = self.w.now();
        let before: Option<(String, String)> = self
            .conn()
            .query_row(
                "SELECT person, organisation FROM sync_identity WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        self.conn().execute(
            "INSERT INTO sync_identity (id, person, organisation, organisation_name, signing_secret, encryption_secret, created_at, updated_at, device_id)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET person = excluded.person, organisation = excluded.organisation,
                organisation_name = excluded.organisation_name, updated_at = excluded.updated_at",
            params![person, organisation, organisation_name, keys.signing_secret().to_vec(), keys.encryption_secret(), now, self.w.device_id()],
        )?;
        let changes = serde_json::json!({
            "person": [before.as_ref().map(|b| &b.0), person],
            "organisation": [before.as_ref().map(|b| &b.1), organisation],
            "fingerprint": [null, keys.public().fingerprint()],
        });
        self.w.log(
            "identity",
            self.w.device_id(),
            if before.is_some() { "update" } else { "create" },
            &changes,
        )
    }

    /// Stores the clock as moved.
    pub fn set_hlc(&self, hlc: &Hlc) -> Result<()> {
        self.conn()
            .prepare_cached("UPDATE sync_identity SET hlc = ?1 WHERE id = 1")?
            .execute([hlc.to_string()])?;
        Ok(())
    }

    /// Keeps a verified roster (the caller checked its signature and version).
    pub fn set_roster(&self, signed: &SignedRoster, roster: &Roster) -> Result<()> {
        let before: Option<i64> = self
            .conn()
            .query_row("SELECT version FROM sync_roster WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()?;
        self.conn().execute(
            "INSERT INTO sync_roster (id, table_id, version, bytes, signature, received_at) VALUES (1, ?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET table_id = excluded.table_id, version = excluded.version, bytes = excluded.bytes,
                signature = excluded.signature, received_at = excluded.received_at",
            params![roster.table_id, roster.version as i64, signed.bytes, signed.signature.to_vec(), self.w.now()],
        )?;
        let devices: Vec<String> = roster.members.iter().map(|m| m.label()).collect();
        self.w.log(
            "roster",
            &roster.table_id,
            if before.is_some() { "update" } else { "create" },
            &serde_json::json!({ "version": [before, roster.version], "table_name": [null, roster.table_name], "devices": [null, devices] }),
        )
    }

    /// Sets one shared field.
    pub fn put_field(
        &self,
        kind: EntityKind,
        id: &str,
        field: &str,
        value: &Value,
        hlc: &Hlc,
        author: &str,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO sync_fields (entity, entity_id, field, value, hlc, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (entity, entity_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc, author = excluded.author",
            )?
            .execute(params![kind.id(), id, field, value.to_string(), hlc.to_string(), author])?;
        Ok(())
    }

    /// Removes every shared field of one entity (named details whose consent ended).
    pub fn remove_entity(&self, kind: EntityKind, id: &str) -> Result<usize> {
        Ok(self
            .conn()
            .prepare_cached("DELETE FROM sync_fields WHERE entity = ?1 AND entity_id = ?2")?
            .execute(params![kind.id(), id])?)
    }

    /// Keeps a write of a critical field.
    pub fn add_critical_write(
        &self,
        kind: EntityKind,
        id: &str,
        field: &str,
        write: &Write,
        author: &str,
    ) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO sync_critical_writes (entity, entity_id, field, hlc, base, value, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![kind.id(), id, field, write.hlc.to_string(), write.base.as_ref().map(|b| b.to_string()), write.value.to_string(), author])?;
        Ok(())
    }

    /// Records a conflict between two writes; `false` when it was known.
    pub fn add_conflict(
        &self,
        kind: EntityKind,
        id: &str,
        field: &str,
        earlier: (&Write, &str),
        later: (&Write, &str),
    ) -> Result<bool> {
        let added = self
            .conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO sync_conflicts (entity, entity_id, field, earlier_hlc, later_hlc, earlier_value, later_value,
                    earlier_author, later_author, found_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                kind.id(),
                id,
                field,
                earlier.0.hlc.to_string(),
                later.0.hlc.to_string(),
                earlier.0.value.to_string(),
                later.0.value.to_string(),
                earlier.1,
                later.1,
                self.w.now()
            ])?;
        Ok(added > 0)
    }

    /// Records the coordinator's decision on a conflict.
    pub fn resolve_conflict(
        &self,
        entity: &str,
        entity_id: &str,
        field: &str,
        later_hlc: &str,
        resolution: &str,
    ) -> Result<bool> {
        let changed = self.conn().execute(
            "UPDATE sync_conflicts SET resolution = ?5, resolved_at = ?6
             WHERE entity = ?1 AND entity_id = ?2 AND field = ?3 AND later_hlc = ?4 AND resolution IS NULL",
            params![entity, entity_id, field, later_hlc, resolution, self.w.now()],
        )?;
        if changed > 0 {
            self.w.log(
                "conflict",
                &format!("{entity}/{entity_id}/{field}"),
                resolution,
                &serde_json::json!({ "later_hlc": [null, later_hlc] }),
            )?;
        }
        Ok(changed > 0)
    }

    /// Appends ops to a channel's outbox as its next number.
    pub fn append_outbox(&self, channel: &str, seq: u64, ops: &[Op]) -> Result<()> {
        let hlc_max = ops
            .iter()
            .map(|o| &o.hlc)
            .max()
            .ok_or_else(|| Error::Invalid(Vec::new()))?;
        let ops_json = serde_json::to_string(ops).map_err(|e| Error::Json {
            context: "outbox".into(),
            source: e,
        })?;
        self.conn()
            .prepare_cached("INSERT INTO sync_outbox (channel, seq, ops, hlc_max, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![channel, seq as i64, ops_json, hlc_max.to_string(), self.w.now()])?;
        Ok(())
    }

    /// Raises what a recipient acknowledged (never lowers it).
    pub fn set_ack(&self, recipient: &str, channel: &str, seq: u64) -> Result<()> {
        self.conn()
            .prepare_cached(
                "INSERT INTO sync_acks (recipient, channel, seq) VALUES (?1, ?2, ?3)
                 ON CONFLICT (recipient, channel) DO UPDATE SET seq = max(seq, excluded.seq)",
            )?
            .execute(params![recipient, channel, seq as i64])?;
        Ok(())
    }

    /// Marks an envelope received; `false` when it was before.
    pub fn mark_received(&self, sender: &str, channel: &str, seq: u64) -> Result<bool> {
        Ok(self
            .conn()
            .prepare_cached(
                "INSERT OR IGNORE INTO sync_received (sender, channel, seq) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![sender, channel, seq as i64])?
            > 0)
    }

    /// Moves the capture mark.
    pub fn set_captured_up_to(&self, log_seq: i64) -> Result<()> {
        self.conn().execute(
            "INSERT INTO sync_capture (id, log_seq) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET log_seq = excluded.log_seq",
            [log_seq],
        )?;
        Ok(())
    }

    /// Records the last bundle read from a device.
    pub fn set_peer(&self, device: &str, bundle_at: &str, ops_applied: u64) -> Result<()> {
        self.conn().execute(
            "INSERT INTO sync_peers (device, last_bundle_at, imported_at, ops_applied) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (device) DO UPDATE SET last_bundle_at = excluded.last_bundle_at, imported_at = excluded.imported_at,
                ops_applied = excluded.ops_applied",
            params![device, bundle_at, self.w.now(), ops_applied as i64],
        )?;
        Ok(())
    }

    /// Records a refused bundle.
    pub fn add_refusal(
        &self,
        file: &str,
        sender: Option<&str>,
        code: &str,
        message: &str,
    ) -> Result<()> {
        self.conn().execute(
            "INSERT INTO sync_refusals (at, file, sender, code, message) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![self.w.now(), file, sender, code, message],
        )?;
        Ok(())
    }

    /// Sets (or clears, with an empty text) a member's private note on a shared case. Not in
    /// the change log's shared series: the note never leaves this laptop.
    pub fn set_private_note(&self, case_id: &str, text: &str) -> Result<()> {
        if text.trim().is_empty() {
            self.conn()
                .execute("DELETE FROM private_notes WHERE case_id = ?1", [case_id])?;
        } else {
            self.conn().execute(
                "INSERT INTO private_notes (case_id, text, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (case_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
                params![case_id, text, self.w.now()],
            )?;
        }
        Ok(())
    }

    /// Marks a shared case seen up to `hlc`.
    pub fn mark_seen(&self, case_id: &str, hlc: &Hlc) -> Result<()> {
        self.conn().execute(
            "INSERT INTO shared_case_seen (case_id, hlc) VALUES (?1, ?2) ON CONFLICT (case_id) DO UPDATE SET hlc = max(hlc, excluded.hlc)",
            params![case_id, hlc.to_string()],
        )?;
        Ok(())
    }
}
