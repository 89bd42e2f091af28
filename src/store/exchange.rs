//! What the exchange with other tables keeps: the linked tables (from their cards), the
//! referrals sealed for them and the referrals received from them (the coordinator's inbox).
//! The rules are `crate::sync::exchange`'s; the use cases `service::sync::exchange`'s.

use rusqlite::{Connection, params};

use super::Writer;
use crate::error::{Error, Result};
use crate::sync::exchange::Referral;
use crate::sync::{PublicKeys, SealedEnvelope};

/// Another table this coordinator exchanges referred cases with.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    /// Its table id.
    pub table_id: String,
    /// Its name.
    pub table_name: String,
    /// The financier of this table's register that stands for it.
    pub financier_id: String,
    /// Its coordinator device (the one that seals and opens).
    pub device_id: String,
    /// Its coordinator.
    pub person: String,
    /// That device's public keys.
    pub keys: PublicKeys,
    /// When it was linked here.
    pub linked_at: String,
}

/// A referral received from another table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedReferral {
    /// Its number in the inbox.
    pub id: i64,
    /// The table it came from.
    pub from_table: String,
    /// What it carried, opened.
    pub referral: Referral,
    /// When it arrived.
    pub received_at: String,
    /// The case logged from it here, once accepted.
    pub case_id: Option<String>,
}

fn json_error(context: &str) -> impl Fn(serde_json::Error) -> Error + '_ {
    move |source| Error::Json {
        context: context.into(),
        source,
    }
}

fn partner_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Partner, String)> {
    let keys: String = row.get(5)?;
    Ok((
        Partner {
            table_id: row.get(0)?,
            table_name: row.get(1)?,
            financier_id: row.get(2)?,
            device_id: row.get(3)?,
            person: row.get(4)?,
            keys: PublicKeys {
                signing: String::new(),
                encryption: String::new(),
            },
            linked_at: row.get(6)?,
        },
        keys,
    ))
}

const PARTNER_COLUMNS: &str =
    "table_id, table_name, financier_id, device_id, person, keys, linked_at";

/// Read handle on the exchange with other tables.
pub struct Exchange<'c> {
    conn: &'c Connection,
}

impl<'c> Exchange<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Exchange { conn }
    }

    /// The linked tables, by name.
    pub fn partners(&self) -> Result<Vec<Partner>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {PARTNER_COLUMNS} FROM exchange_partners ORDER BY table_name"
        ))?;
        let rows = stmt.query_map([], partner_of)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut partner, keys) = row?;
            partner.keys = serde_json::from_str(&keys).map_err(json_error("partner keys"))?;
            out.push(partner);
        }
        Ok(out)
    }

    /// The highest number this device sealed on `channel`.
    pub fn last_sent(&self, channel: &str) -> Result<u64> {
        let seq: Option<i64> = self.conn.query_row(
            "SELECT max(seq) FROM exchange_sent WHERE channel = ?1",
            [channel],
            |r| r.get(0),
        )?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// The sealed referrals the hub does not hold yet, oldest first.
    pub fn unpushed(&self) -> Result<Vec<(String, u64, SealedEnvelope)>> {
        let mut stmt = self.conn.prepare(
            "SELECT channel, seq, payload, signature FROM exchange_sent WHERE pushed_at IS NULL ORDER BY channel, seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
                r.get::<_, Vec<u8>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (channel, seq, bytes, signature) = row?;
            let signature: [u8; 64] = signature
                .try_into()
                .map_err(|_| Error::BadKey("a stored signature is not 64 bytes".into()))?;
            out.push((channel, seq as u64, SealedEnvelope { bytes, signature }));
        }
        Ok(out)
    }

    /// The highest number received from `sender` on `channel`.
    pub fn received_up_to(&self, sender: &str, channel: &str) -> Result<u64> {
        let seq: Option<i64> = self.conn.query_row(
            "SELECT max(seq) FROM exchange_received WHERE sender_device = ?1 AND channel = ?2",
            [sender, channel],
            |r| r.get(0),
        )?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// The referrals received, newest first.
    pub fn inbox(&self) -> Result<Vec<ReceivedReferral>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, from_table, referral, received_at, case_id FROM exchange_received ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, from_table, referral, received_at, case_id) = row?;
            out.push(ReceivedReferral {
                id,
                from_table,
                referral: serde_json::from_str(&referral).map_err(json_error("referral"))?,
                received_at,
                case_id,
            });
        }
        Ok(out)
    }

    /// One received referral.
    pub fn received(&self, id: i64) -> Result<Option<ReceivedReferral>> {
        Ok(self.inbox()?.into_iter().find(|r| r.id == id))
    }
}

/// Write handle on the exchange with other tables, inside a use case's transaction.
pub struct ExchangeMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> ExchangeMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        ExchangeMut { w }
    }

    /// Links another table (or renews its card).
    pub fn put_partner(&self, p: &Partner) -> Result<()> {
        let keys = serde_json::to_string(&p.keys).map_err(json_error("partner keys"))?;
        self.w.conn().execute(
            &format!(
                "INSERT INTO exchange_partners ({PARTNER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (table_id) DO UPDATE SET table_name = excluded.table_name,
                   financier_id = excluded.financier_id, device_id = excluded.device_id,
                   person = excluded.person, keys = excluded.keys"
            ),
            params![
                p.table_id,
                p.table_name,
                p.financier_id,
                p.device_id,
                p.person,
                keys,
                p.linked_at
            ],
        )?;
        Ok(())
    }

    /// Keeps a referral sealed for another table until the hub holds it.
    pub fn add_sent(
        &self,
        channel: &str,
        seq: u64,
        to_table: &str,
        case_id: &str,
        named: bool,
        envelope: &SealedEnvelope,
    ) -> Result<()> {
        self.w.conn().execute(
            "INSERT INTO exchange_sent (channel, seq, to_table, case_id, named, payload, signature, sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                channel,
                seq as i64,
                to_table,
                case_id,
                named,
                envelope.bytes,
                envelope.signature.as_slice(),
                self.w.now()
            ],
        )?;
        Ok(())
    }

    /// The hub holds these.
    pub fn mark_pushed(&self, sent: &[(String, u64)]) -> Result<()> {
        for (channel, seq) in sent {
            self.w.conn().execute(
                "UPDATE exchange_sent SET pushed_at = ?3 WHERE channel = ?1 AND seq = ?2",
                params![channel, *seq as i64, self.w.now()],
            )?;
        }
        Ok(())
    }

    /// Keeps a received referral; `false` when it was received before.
    pub fn add_received(
        &self,
        from_table: &str,
        sender: &str,
        channel: &str,
        seq: u64,
        referral: &Referral,
    ) -> Result<bool> {
        let json = serde_json::to_string(referral).map_err(json_error("referral"))?;
        let added = self.w.conn().execute(
            "INSERT INTO exchange_received (from_table, sender_device, channel, seq, referral, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            params![from_table, sender, channel, seq as i64, json, self.w.now()],
        )?;
        Ok(added > 0)
    }

    /// Records the case logged from a received referral.
    pub fn set_accepted(&self, id: i64, case_id: &str) -> Result<()> {
        self.w.conn().execute(
            "UPDATE exchange_received SET case_id = ?2 WHERE id = ?1",
            params![id, case_id],
        )?;
        Ok(())
    }
}
