//! Two linked tables' exchange on the hub: a coordinator pushes its sealed referral envelopes
//! (rows of `envelopes` on the channel `xchg:<a>+<b>`, as its own table) and pulls the other
//! table's, above what it received. Row-level security (the `links` of schema version 2) lets
//! only the two coordinators' logins read or write that channel.

use super::url::HubUrl;
use super::{pg_error, schema};
use crate::error::Result;
use crate::sync::SealedEnvelope;

/// What a coordinator wants from one linked table: that table's envelopes on `channel` from
/// `sender` (its coordinator device) numbered above `after`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// The other table.
    pub table_id: String,
    /// The exchange channel.
    pub channel: String,
    /// The other table's coordinator device.
    pub sender: String,
    /// The highest number received from it.
    pub after: u64,
}

/// A pull of exchange envelopes (`$1`..`$4`: tables, channels, senders, numbers received).
/// Public for the benchmark's EXPLAIN.
pub const EXCHANGE_PULL_SQL: &str =
    "SELECT DISTINCT ON (e.table_id, e.sender_device, e.channel, e.seq) e.table_id, e.payload, e.signature
     FROM tafel_hub.envelopes e
     JOIN unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS w(table_id, channel, sender, after)
       ON e.table_id = w.table_id AND e.channel = w.channel AND e.sender_device = w.sender AND e.seq > w.after
     ORDER BY e.table_id, e.sender_device, e.channel, e.seq, e.roster_version DESC";

/// Stores this coordinator's sealed referral envelopes (each with its table, from its clear
/// header) in one transaction; one the hub holds already is a no-op.
pub fn push(url: &HubUrl, envelopes: &[SealedEnvelope]) -> Result<()> {
    let mut rows = Vec::with_capacity(envelopes.len());
    for e in envelopes {
        rows.push((e.header()?, e));
    }
    url.with_client(|client| {
        schema::check(client)?;
        let mut tx = client.transaction().map_err(pg_error)?;
        for (h, e) in &rows {
            tx.execute(
                "INSERT INTO tafel_hub.envelopes
                    (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT DO NOTHING",
                &[
                    &h.table_id,
                    &h.channel,
                    &h.sender_device,
                    &h.sender_org,
                    &(h.seq as i64),
                    &(h.roster_version as i64),
                    &h.hlc_max.to_string(),
                    &e.bytes,
                    &e.signature.as_slice(),
                ],
            )
            .map_err(pg_error)?;
        }
        tx.commit().map_err(pg_error)
    })
}

/// The other tables' envelopes this coordinator wants, with the table each came from (as
/// stored: the caller checks every signature against the partner's card).
pub fn pull(url: &HubUrl, wanted: &[Wanted]) -> Result<Vec<(String, SealedEnvelope)>> {
    let tables: Vec<&str> = wanted.iter().map(|w| w.table_id.as_str()).collect();
    let channels: Vec<&str> = wanted.iter().map(|w| w.channel.as_str()).collect();
    let senders: Vec<&str> = wanted.iter().map(|w| w.sender.as_str()).collect();
    let after: Vec<i64> = wanted.iter().map(|w| w.after as i64).collect();
    url.with_client(|client| {
        schema::check(client)?;
        let rows = client
            .query(EXCHANGE_PULL_SQL, &[&tables, &channels, &senders, &after])
            .map_err(pg_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let sig: &[u8] = row.get(2);
            let signature: [u8; 64] = sig.try_into().map_err(|_| {
                super::hub_error(
                    "hub_failed",
                    "De hub gaf een beschadigde handtekening terug; er is niets verwerkt.".into(),
                    "The hub returned a damaged signature; nothing was applied.".into(),
                )
            })?;
            out.push((
                row.get(0),
                SealedEnvelope {
                    bytes: row.get(1),
                    signature,
                },
            ));
        }
        Ok(out)
    })
}
