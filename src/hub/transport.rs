//! The hub as a transport: publishing a bundle stores its header frame (with the roster frame
//! the coordinator adds) and every envelope the hub lacks, in one transaction; fetching builds,
//! per other device, a bundle of its latest header frame and the envelopes above what this
//! device received from it (by sender, channel and number), frames copied as stored. The hub
//! never opens, re-signs or re-serialises anything.
//!
//! A dropped connection mid-push rolls the transaction back (the next sync pushes the same
//! envelopes again, as nothing acknowledged them); mid-pull nothing was handed to the core.

use std::collections::BTreeMap;

use super::url::HubUrl;
use super::{pg_error, schema};
use crate::error::Result;
use crate::sync::{Bundle, Delivery, Received, SealedEnvelope, SignedRoster, Transport};

/// A pull's headers: each other device's latest signed bundle header (`$1` the table or NULL for
/// every table the login reads, `$2` the reader's device). Public for the benchmark's EXPLAIN.
pub const HEADERS_SQL: &str = "SELECT DISTINCT ON (table_id, sender_device) sender_device, header, signature, roster, roster_signature
     FROM tafel_hub.bundle_headers
     WHERE ($1::text IS NULL OR table_id = $1) AND sender_device <> $2
     ORDER BY table_id, sender_device, id DESC";

/// A pull's envelopes: per sender, channel and number above what the reader received (`$3`,
/// `$4`, `$5`: senders, channels and numbers received contiguously), the one sealed under the
/// highest roster; row-level security leaves only the channels the login reads. Exchanges
/// between two tables (`xchg:…`) are not part of a table's bundles (`super::exchange`).
pub const PULL_SQL: &str =
    "SELECT DISTINCT ON (e.sender_device, e.channel, e.seq) e.sender_device, e.payload, e.signature
     FROM tafel_hub.envelopes e
     LEFT JOIN unnest($3::text[], $4::text[], $5::bigint[]) AS r(sender, channel, after)
       ON r.sender = e.sender_device AND r.channel = e.channel
     WHERE ($1::text IS NULL OR e.table_id = $1) AND e.sender_device <> $2
       AND e.seq > coalesce(r.after, 0) AND e.channel NOT LIKE 'xchg:%'
     ORDER BY e.sender_device, e.channel, e.seq, e.roster_version DESC";

/// One table's hub, as one member organisation logs in to it. One connection serves a sync's
/// fetch and publish (kept until the transport is dropped, or a call fails).
pub struct HubTransport {
    url: HubUrl,
    table_id: Option<String>,
    client: Option<postgres::Client>,
}

impl Drop for HubTransport {
    /// The kept connection is closed on a thread of its own (see `close_connection`).
    fn drop(&mut self) {
        super::url::close_connection(self.client.take());
    }
}

impl std::fmt::Debug for HubTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubTransport")
            .field("hub", &self.url.describe())
            .field("table_id", &self.table_id)
            .field("connected", &self.client.is_some())
            .finish()
    }
}

fn signature(bytes: &[u8]) -> Option<[u8; 64]> {
    bytes.try_into().ok()
}

fn damaged() -> crate::error::Error {
    super::hub_error(
        "hub_failed",
        "De hub gaf een beschadigde handtekening terug; er is niets verwerkt.".into(),
        "The hub returned a damaged signature; nothing was applied.".into(),
    )
}

impl HubTransport {
    /// The hub at `url` for `table_id` (`None` before this device joined a table: then every
    /// table the login may read).
    pub fn new(url: HubUrl, table_id: Option<String>) -> HubTransport {
        HubTransport {
            url,
            table_id,
            client: None,
        }
    }

    /// The hub's address (without password).
    pub fn url(&self) -> &HubUrl {
        &self.url
    }
}

impl Transport for HubTransport {
    fn describe(&self) -> String {
        self.url.describe()
    }

    fn fetch(&mut self, device: &str, received: &Received) -> Result<Vec<Delivery>> {
        let table = self.table_id.clone();
        let mut senders = Vec::new();
        let mut channels = Vec::new();
        let mut after = Vec::new();
        for (sender, by_channel) in received {
            for (channel, seq) in by_channel {
                senders.push(sender.clone());
                channels.push(channel.clone());
                after.push(*seq as i64);
            }
        }
        self.url.with_kept_client(&mut self.client, |client, new| {
            if new {
                schema::check(client)?;
            }
            // One snapshot for headers and envelopes.
            let mut tx = client
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .map_err(pg_error)?;
            let headers = tx
                .query(HEADERS_SQL, &[&table, &device])
                .map_err(pg_error)?;
            let envelopes = tx
                .query(PULL_SQL, &[&table, &device, &senders, &channels, &after])
                .map_err(pg_error)?;
            tx.commit().map_err(pg_error)?;
            let mut by_sender: BTreeMap<String, Vec<SealedEnvelope>> = BTreeMap::new();
            for row in &envelopes {
                let sig: &[u8] = row.get(2);
                by_sender
                    .entry(row.get(0))
                    .or_default()
                    .push(SealedEnvelope {
                        bytes: row.get(1),
                        signature: signature(sig).ok_or_else(damaged)?,
                    });
            }
            let mut out = Vec::new();
            for row in &headers {
                let sender: String = row.get(0);
                let header_sig: &[u8] = row.get(2);
                let roster = match (
                    row.get::<_, Option<Vec<u8>>>(3),
                    row.get::<_, Option<&[u8]>>(4),
                ) {
                    (Some(bytes), Some(sig)) => Some(SignedRoster {
                        bytes,
                        signature: signature(sig).ok_or_else(damaged)?,
                    }),
                    _ => None,
                };
                let bundle = Bundle {
                    header_bytes: row.get(1),
                    header_signature: signature(header_sig).ok_or_else(damaged)?,
                    roster,
                    envelopes: by_sender.remove(&sender).unwrap_or_default(),
                };
                out.push(Delivery {
                    label: format!("hub: {sender}"),
                    bytes: bundle.encode(),
                });
            }
            Ok(out)
        })
    }

    fn publish(&mut self, device: &str, bytes: &[u8]) -> Result<()> {
        let bundle = Bundle::decode(bytes)?;
        let header = bundle.header()?;
        let table = header.table_id.clone();
        let device = device.to_string();
        let mut rows = Vec::with_capacity(bundle.envelopes.len());
        for envelope in &bundle.envelopes {
            rows.push((envelope.header()?, envelope));
        }
        self.url.with_kept_client(&mut self.client, |client, new| {
            if new {
                schema::check(client)?;
            }
            let mut tx = client.transaction().map_err(pg_error)?;
            // The organisation this device sends as, as the administrator put it on the hub.
            let org: String = match tx
                .query_opt(
                    "SELECT org FROM tafel_hub.my_devices() WHERE table_id = $1 AND device_id = $2",
                    &[&table, &device],
                )
                .map_err(pg_error)?
            {
                Some(row) => row.get(0),
                None => {
                    return Err(super::hub_error(
                        "hub_not_member",
                        "Dit apparaat staat voor deze tafel niet op de hub: vraag de beheerder om tafel hub add-member voor uw organisatie (na het toevoegen aan de ledenlijst).".into(),
                        "This device is not on the hub for this table: ask its administrator to run tafel hub add-member for your organisation (after adding it to the roster).".into(),
                    ));
                }
            };
            // Only channels this organisation may write: an envelope for an organisation the
            // hub does not serve yet waits in the outbox (nobody acknowledged it) until it does.
            let writable: Vec<String> = tx
                .query(
                    "SELECT channel FROM tafel_hub.my_channels() WHERE table_id = $1 AND may_write",
                    &[&table],
                )
                .map_err(pg_error)?
                .iter()
                .map(|r| r.get(0))
                .collect();
            let rows: Vec<_> = rows
                .iter()
                .filter(|(h, _)| writable.contains(&h.channel))
                .collect();
            // What the hub holds already (the same number sealed under the same roster) is not
            // sent again.
            let keys_channel: Vec<&str> = rows.iter().map(|(h, _)| h.channel.as_str()).collect();
            let keys_seq: Vec<i64> = rows.iter().map(|(h, _)| h.seq as i64).collect();
            let keys_roster: Vec<i64> = rows.iter().map(|(h, _)| h.roster_version as i64).collect();
            let held: std::collections::BTreeSet<(String, i64, i64)> = tx
                .query(
                    "SELECT e.channel, e.seq, e.roster_version FROM tafel_hub.envelopes e
                     JOIN unnest($3::text[], $4::bigint[], $5::bigint[]) AS k(channel, seq, roster_version)
                       ON e.channel = k.channel AND e.seq = k.seq AND e.roster_version = k.roster_version
                     WHERE e.table_id = $1 AND e.sender_device = $2",
                    &[&table, &device, &keys_channel, &keys_seq, &keys_roster],
                )
                .map_err(pg_error)?
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect();
            let new: Vec<_> = rows
                .iter()
                .filter(|(h, _)| {
                    !held.contains(&(h.channel.clone(), h.seq as i64, h.roster_version as i64))
                })
                .collect();
            let channels: Vec<&str> = new.iter().map(|(h, _)| h.channel.as_str()).collect();
            let senders: Vec<&str> = new.iter().map(|(h, _)| h.sender_device.as_str()).collect();
            let orgs: Vec<&str> = new.iter().map(|(h, _)| h.sender_org.as_str()).collect();
            let seqs: Vec<i64> = new.iter().map(|(h, _)| h.seq as i64).collect();
            let rosters: Vec<i64> = new.iter().map(|(h, _)| h.roster_version as i64).collect();
            let clocks: Vec<String> = new.iter().map(|(h, _)| h.hlc_max.to_string()).collect();
            let payloads: Vec<&[u8]> = new.iter().map(|(_, e)| e.bytes.as_slice()).collect();
            let signatures: Vec<&[u8]> = new.iter().map(|(_, e)| e.signature.as_slice()).collect();
            tx.execute(
                "INSERT INTO tafel_hub.envelopes
                    (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
                 SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::bytea[], $9::bytea[])
                 ON CONFLICT DO NOTHING",
                &[&table, &channels, &senders, &orgs, &seqs, &rosters, &clocks, &payloads, &signatures],
            )
            .map_err(pg_error)?;
            let roster_bytes = bundle.roster.as_ref().map(|r| r.bytes.as_slice());
            let roster_sig = bundle.roster.as_ref().map(|r| r.signature.as_slice());
            tx.execute(
                "INSERT INTO tafel_hub.bundle_headers
                    (table_id, sender_device, sender_org, header, signature, roster, roster_signature)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT DO NOTHING",
                &[
                    &table,
                    &device,
                    &org,
                    &bundle.header_bytes,
                    &bundle.header_signature.as_slice(),
                    &roster_bytes,
                    &roster_sig,
                ],
            )
            .map_err(pg_error)?;
            tx.commit().map_err(pg_error)?;
            Ok(())
        })
    }
}
