//! Writing this device's bundle and reading another's.
//!
//! Export: capture the own writes since last time, number them per channel, and seal every
//! envelope some recipient has not acknowledged yet for the channel's current recipients.
//! Import: check the whole bundle first — format, table, roster, sender, signatures, roles,
//! ownership, clocks — then apply it in one transaction; one failed check refuses all of it.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

use serde::Serialize;
use serde_json::{Value, json};
use ts_rs::TS;

use super::capture::{capture, record_write};
use super::identity::{TableView, table_view};
use super::{identity_in, millis_of};
use crate::domain::{Actor, DeclineReason, Moment, NewResponseStep, ResponseStatus, WriteSource};
use crate::error::{Error, Result};
use crate::store::{Store, StoredIdentity, Writer};
use crate::sync::{
    Batch, Bundle, BundleHeader, Channel, EntityKind, EnvelopeHeader, FORMAT_VERSION, Op, Refusal,
    Role, Roster, SealedEnvelope, SignedRoster,
};

/// What writing a bundle did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ExportSummary {
    /// New ops of this device since the last bundle.
    #[ts(type = "number")]
    pub new_ops: u64,
    /// Envelopes in the bundle (new and not yet acknowledged).
    #[ts(type = "number")]
    pub envelopes: u64,
    /// The bundle's size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What reading a bundle did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportSummary {
    /// The sending device.
    pub sender_device: String,
    /// "Person (organisation)" of the sender.
    pub sender: String,
    /// The sender's role at the table.
    pub sender_role: Role,
    /// Envelopes new to this device.
    #[ts(type = "number")]
    pub envelopes: u64,
    /// Changes that took effect here.
    #[ts(type = "number")]
    pub changes: u64,
    /// New conflicts found.
    #[ts(type = "number")]
    pub conflicts: u64,
    /// Answers that landed on case pages (the coordinator).
    #[ts(type = "number")]
    pub responses: u64,
    /// The roster was newer and is now held.
    pub roster_updated: bool,
    /// The table this device joined with this bundle.
    pub joined: Option<TableView>,
}

fn sender_label(m: &crate::sync::RosterMember) -> String {
    m.label()
}

/// Writes this device's bundle: its new ops and whatever a recipient has not acknowledged.
pub fn export_bundle(store: &mut Store, actor: &Actor) -> Result<(Vec<u8>, ExportSummary)> {
    store.transact(actor, |w| {
        let me = identity_in(w)?;
        let (_, roster) = w
            .sync()
            .roster()?
            .ok_or_else(|| Error::sync(Refusal::NoTableYet))?;
        let new_ops = append_captured(w, &me, &roster)?;
        let me = identity_in(w)?;
        let my_entry = roster.device(&me.device_id).ok_or_else(|| {
            Error::sync(Refusal::UnknownSender {
                device: me.device_id.clone(),
            })
        })?;
        let mut envelopes = Vec::new();
        let mut file_bytes: u64 = 0;
        for channel_text in w.sync().outbox_channels()? {
            let Some(channel) = Channel::parse(&channel_text) else {
                continue;
            };
            if !channel.writable_by(my_entry) {
                continue;
            }
            let recipients: Vec<_> = channel
                .recipients(&roster)
                .into_iter()
                .filter(|m| m.device_id != me.device_id)
                .collect();
            if recipients.is_empty() {
                continue;
            }
            let mut from = u64::MAX;
            for r in &recipients {
                from = from.min(w.sync().ack(&r.device_id, &channel_text)?);
            }
            let keys = recipients
                .iter()
                .map(|r| r.keys.recipient())
                .collect::<Result<Vec<_>>>()?;
            for entry in w.sync().outbox_after(&channel_text, from)? {
                let files = files_of(w, &entry.ops)?;
                let weight: u64 = files.values().map(|f| f.len() as u64).sum();
                if weight > 0 && file_bytes > 0 && file_bytes + weight > MAX_FILE_BYTES_PER_BUNDLE {
                    // The rest of this channel follows, in order, in a later bundle.
                    break;
                }
                file_bytes += weight;
                let header = EnvelopeHeader {
                    v: FORMAT_VERSION,
                    table_id: roster.table_id.clone(),
                    channel: channel_text.clone(),
                    sender_device: me.device_id.clone(),
                    sender_org: my_entry.organisation.clone(),
                    seq: entry.seq,
                    roster_version: roster.version,
                    hlc_max: entry.hlc_max.clone(),
                };
                let batch = Batch {
                    channel: channel_text.clone(),
                    sender_device: me.device_id.clone(),
                    seq: entry.seq,
                    author: me.person.clone(),
                    ops: entry.ops,
                    files,
                };
                envelopes.push(SealedEnvelope::seal(&header, &batch, &keys, &me.keys)?);
            }
        }
        let header = BundleHeader {
            v: FORMAT_VERSION,
            table_id: roster.table_id.clone(),
            sender_device: me.device_id.clone(),
            created_at: w.now().to_string(),
            roster_version: roster.version,
            acks: w.sync().received_contiguous()?,
        };
        let signed_roster = if my_entry.role == Role::Coordinator {
            w.sync().roster()?.map(|(s, _)| s)
        } else {
            None
        };
        let count = envelopes.len() as u64;
        let bytes = Bundle::new(&header, signed_roster, envelopes, &me.keys)?.encode();
        let size = bytes.len() as u64;
        Ok((
            bytes,
            ExportSummary {
                new_ops,
                envelopes: count,
                bytes: size,
            },
        ))
    })
}

/// No outbox entry, and so no envelope, carries more ops than this. A table's first capture
/// holds every case and the register: as one row of megabytes in the outbox (whose rows live in
/// its primary key), every later look-up of the channel's last number read that row again —
/// half of an incremental bundle's time on a table of 1,000 cases.
pub const MAX_OPS_PER_ENVELOPE: usize = 2_000;

/// Captures this device's writes and puts them in the outbox, each channel's ops as its next
/// numbers, at most [`MAX_OPS_PER_ENVELOPE`] to a number. Returns how many ops.
pub(crate) fn append_captured(w: &Writer<'_>, me: &StoredIdentity, roster: &Roster) -> Result<u64> {
    let out = capture(w, me, roster)?;
    for (channel, ops) in &out.by_channel {
        let mut seq = w.sync().last_seq(channel)?;
        for chunk in envelope_chunks(w, ops)? {
            seq += 1;
            w.sync_mut().append_outbox(channel, seq, chunk)?;
        }
    }
    Ok(out.count as u64)
}

/// The most document bytes one envelope carries (before base64): a 50 MB document always fits
/// alone, and an envelope stays far below the 256 MiB frame and 512 MiB batch limits.
pub const MAX_FILE_BYTES_PER_ENVELOPE: u64 = 64 * 1024 * 1024;

/// The most document bytes one bundle carries: more waits for a later bundle (the receiver's
/// acknowledgement moves the sender on), so a bundle file or a hub upload stays a few hundred
/// megabytes at most, whatever the dossiers weigh.
pub const MAX_FILE_BYTES_PER_BUNDLE: u64 = 256 * 1024 * 1024;

/// The size of the document an op hands over (its `sha256` set), or 0.
fn file_weight(w: &Writer<'_>, op: &Op) -> Result<u64> {
    if op.entity != EntityKind::Document || op.field != "sha256" || !op.value.is_string() {
        return Ok(0);
    }
    Ok(w.sync()
        .field(EntityKind::Document, &op.id, "size_bytes")?
        .and_then(|f| f.value.as_u64())
        .unwrap_or(0))
}

/// A channel's new ops as outbox entries: at most [`MAX_OPS_PER_ENVELOPE`] ops and
/// [`MAX_FILE_BYTES_PER_ENVELOPE`] of documents each (one larger document alone).
fn envelope_chunks<'o>(w: &Writer<'_>, ops: &'o [Op]) -> Result<Vec<&'o [Op]>> {
    let mut chunks = Vec::new();
    let (mut start, mut weight) = (0usize, 0u64);
    for (i, op) in ops.iter().enumerate() {
        let this = file_weight(w, op)?;
        let full = i - start >= MAX_OPS_PER_ENVELOPE
            || (this > 0 && weight > 0 && weight + this > MAX_FILE_BYTES_PER_ENVELOPE);
        if full {
            chunks.push(&ops[start..i]);
            start = i;
            weight = 0;
        }
        weight += this;
    }
    if start < ops.len() {
        chunks.push(&ops[start..]);
    }
    Ok(chunks)
}

/// The bytes of the documents an envelope's ops hand over, base64 by SHA-256 — only while the
/// op's audience still receives that very version (an envelope sealed again after a consent
/// ended or a level was lowered carries the ops, not the file).
fn files_of(w: &Writer<'_>, ops: &[Op]) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    for op in ops {
        let (EntityKind::Document, "sha256", Some(sha256)) =
            (op.entity, op.field.as_str(), op.value.as_str())
        else {
            continue;
        };
        let now = w.sync().fields_of(EntityKind::Document, &op.id)?;
        let still_shared = now.get("shared").is_some_and(|f| f.value == json!(true))
            && now.get("sha256").is_some_and(|f| f.value == op.value);
        if !still_shared || files.contains_key(sha256) {
            continue;
        }
        match w.documents().bytes(sha256) {
            Ok(bytes) => {
                files.insert(sha256.to_string(), BASE64.encode(bytes));
            }
            Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(files)
}

/// Keeps the bytes a received op hands over (an applied `sha256` of a document), checked
/// against their SHA-256. A document whose bytes did not come along stays listed as not
/// received.
fn keep_received_file(w: &Writer<'_>, op: &Op, batch: &Batch) -> Result<()> {
    let (EntityKind::Document, "sha256", Some(sha256)) =
        (op.entity, op.field.as_str(), op.value.as_str())
    else {
        return Ok(());
    };
    let Some(encoded) = batch.files.get(sha256) else {
        return Ok(());
    };
    let tampered = || {
        Error::sync(Refusal::Tampered {
            what: "een document".into(),
        })
    };
    let bytes = BASE64.decode(encoded).map_err(|_| tampered())?;
    if hex::encode(Sha256::digest(&bytes)) != sha256 {
        return Err(tampered());
    }
    w.documents_mut().put_received_blob(sha256, &bytes)
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// The roster to check a bundle against: the one held, or the bundle's when it is newer and
/// signed by the held roster's coordinator; when none is held, the bundle's, once
/// `join_fingerprint` matches the coordinator device that signed it.
fn roster_for(
    held: Option<&Roster>,
    bundle: &Bundle,
    join_fingerprint: Option<&str>,
    my_device: &str,
) -> Result<(Roster, Option<SignedRoster>, bool)> {
    match (held, &bundle.roster) {
        (Some(held), None) => Ok((held.clone(), None, false)),
        (Some(held), Some(signed)) => {
            let offered = signed.verify(Some(held))?;
            if offered.version > held.version {
                Ok((offered, Some(signed.clone()), false))
            } else {
                Ok((held.clone(), None, false))
            }
        }
        (None, None) => Err(Error::sync(Refusal::NoTableYet)),
        (None, Some(signed)) => {
            let offered = signed.verify(None)?;
            let fingerprint = offered.signer_fingerprint().unwrap_or_default();
            if offered.device(my_device).is_none() {
                return Err(Error::sync(Refusal::UnknownMember {
                    reference: my_device.to_string(),
                }));
            }
            match join_fingerprint {
                None => Err(Error::sync(Refusal::NotJoined {
                    table_name: offered.table_name.clone(),
                    fingerprint,
                })),
                Some(typed) if digits(typed) == digits(&fingerprint) => {
                    Ok((offered, Some(signed.clone()), true))
                }
                Some(_) => Err(Error::sync(Refusal::FingerprintMismatch)),
            }
        }
    }
}

fn channel_label(channel: &Channel) -> String {
    match channel {
        Channel::Table => "de gegevens van de hele tafel".into(),
        Channel::Organisation(org) => format!("de gegevens voor organisatie {org}"),
        Channel::Responses(org) => format!("de antwoorden van organisatie {org}"),
    }
}

/// Reads a bundle. `file` names it in the refusals list; `join_fingerprint` confirms the
/// coordinator's fingerprint when this device joins its first table. A refused bundle is
/// recorded with its reason, and nothing of it is applied.
pub fn import_bundle(
    store: &mut Store,
    actor: &Actor,
    bytes: &[u8],
    file: &str,
    join_fingerprint: Option<&str>,
) -> Result<ImportSummary> {
    match import_checked(store, actor.at, bytes, join_fingerprint) {
        Ok(summary) => Ok(summary),
        Err(e) => {
            if e.code().starts_with("sync_") && e.code() != "sync_not_joined" {
                let sender = Bundle::decode(bytes)
                    .ok()
                    .and_then(|b| b.header().ok())
                    .map(|h| h.sender_device);
                let message = e.message_nl();
                store.transact(actor, |w| {
                    w.sync_mut()
                        .add_refusal(file, sender.as_deref(), e.code(), &message)
                })?;
            }
            Err(e)
        }
    }
}

fn import_checked(
    store: &mut Store,
    at: Moment,
    bytes: &[u8],
    join_fingerprint: Option<&str>,
) -> Result<ImportSummary> {
    let bundle = Bundle::decode(bytes)?;
    let header = bundle.header()?;
    let me_device = store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))?
        .device_id;
    let held = store.sync().roster()?.map(|(_, r)| r);
    let (roster, new_roster, joined) =
        roster_for(held.as_ref(), &bundle, join_fingerprint, &me_device)?;
    if header.table_id != roster.table_id {
        return Err(Error::sync(Refusal::ForeignTable {
            found: header.table_id.clone(),
        }));
    }
    let sender = roster
        .device(&header.sender_device)
        .cloned()
        .ok_or_else(|| {
            Error::sync(Refusal::UnknownSender {
                device: header.sender_device.clone(),
            })
        })?;
    if !bundle.verify_header(&sender.keys) {
        return Err(Error::sync(Refusal::Tampered {
            what: "de bundel".into(),
        }));
    }
    let nothing_yet = ImportSummary {
        sender_device: sender.device_id.clone(),
        sender: sender_label(&sender),
        sender_role: sender.role,
        envelopes: 0,
        changes: 0,
        conflicts: 0,
        responses: 0,
        roster_updated: false,
        joined: None,
    };
    if sender.device_id == me_device {
        // This device's own bundle (read back from the shared folder): nothing to learn.
        return Ok(nothing_yet);
    }
    let actor = Actor {
        author: sender_label(&sender),
        source: WriteSource::Sync,
        at,
    };
    let now_ms = millis_of(&at.now_rfc3339());
    store.transact_from(&actor, &sender.device_id, |w| {
        let me = identity_in(w)?;
        let my_entry = roster.device(&me.device_id).cloned().ok_or_else(|| {
            Error::sync(Refusal::UnknownMember {
                reference: me.device_id.clone(),
            })
        })?;
        if let Some(signed) = &new_roster {
            w.sync_mut().set_roster(signed, &roster)?;
        }
        // The own writes get their clocks before anything received is applied.
        append_captured(w, &me, &roster)?;
        let me = identity_in(w)?;
        let mut clock = me.hlc.clone();
        let mut summary = ImportSummary {
            roster_updated: new_roster.is_some(),
            joined: joined.then(|| table_view(&roster)),
            ..nothing_yet
        };
        let mut touched: BTreeSet<(EntityKind, String)> = BTreeSet::new();
        for envelope in &bundle.envelopes {
            let eh = envelope.header()?;
            if eh.sender_device != sender.device_id || !envelope.verify(&sender.keys) {
                return Err(Error::sync(Refusal::Tampered {
                    what: "een envelop".into(),
                }));
            }
            if eh.table_id != roster.table_id {
                return Err(Error::sync(Refusal::ForeignTable {
                    found: eh.table_id.clone(),
                }));
            }
            if eh.roster_version < roster.min_version {
                return Err(Error::sync(Refusal::StaleRoster {
                    required: roster.min_version,
                    found: eh.roster_version,
                }));
            }
            let channel = Channel::parse(&eh.channel).ok_or_else(|| {
                Error::sync(Refusal::NotABundle {
                    detail: format!("unknown channel {}", eh.channel),
                })
            })?;
            if !channel.writable_by(&sender) {
                return Err(Error::sync(Refusal::NotAllowed {
                    sender: sender_label(&sender),
                    what: channel_label(&channel),
                }));
            }
            // What is not for this device is not kept here, not even encrypted.
            if !channel.readable_by(&my_entry)
                || w.sync()
                    .was_received(&sender.device_id, &eh.channel, eh.seq)?
            {
                continue;
            }
            let Some(batch) = envelope.open(&me.keys)? else {
                // Sealed before this device was a recipient (an older bundle): not received, so
                // not acknowledged, and the sender's next bundle seals it for this device too.
                continue;
            };
            if batch.channel != eh.channel
                || batch.sender_device != eh.sender_device
                || batch.seq != eh.seq
            {
                return Err(Error::sync(Refusal::Tampered {
                    what: "een envelop".into(),
                }));
            }
            for op in &batch.ops {
                let author = roster.device(&op.hlc.device);
                let allowed = op.has_known_field()
                    && op.entity.allowed_on(&channel, &op.id)
                    && author.is_some_and(|a| channel.writable_by(a));
                if !allowed {
                    return Err(Error::sync(Refusal::NotAllowed {
                        sender: sender_label(&sender),
                        what: format!("{} {} ({})", op.entity.id(), op.id, op.field),
                    }));
                }
                clock = clock.receive(&op.hlc, now_ms).map_err(|ahead| {
                    Error::sync(Refusal::ClockAhead {
                        device: op.hlc.device.clone(),
                        minutes: ahead / 60_000,
                    })
                })?;
                let author_name = author
                    .map(|a| a.person.clone())
                    .unwrap_or_else(|| batch.author.clone());
                let recorded = record_write(w, op, &author_name)?;
                summary.conflicts += recorded.conflicts as u64;
                if recorded.applied {
                    keep_received_file(w, op, &batch)?;
                    summary.changes += 1;
                    touched.insert((op.entity, op.id.clone()));
                }
            }
            w.sync_mut()
                .mark_received(&sender.device_id, &eh.channel, eh.seq)?;
            summary.envelopes += 1;
        }
        if let Some(acks) = header.acks.get(&me.device_id) {
            for (channel, seq) in acks {
                w.sync_mut().set_ack(&sender.device_id, channel, *seq)?;
            }
        }
        for (kind, id) in &touched {
            match kind {
                EntityKind::Response
                    if my_entry.role == Role::Coordinator && materialise_response(w, id)? =>
                {
                    summary.responses += 1;
                }
                EntityKind::Access => withdraw_if_ended(w, &my_entry, id)?,
                _ => {}
            }
        }
        super::shared::purge_ended_access(w, &my_entry)?;
        if touched
            .iter()
            .any(|(kind, _)| *kind == EntityKind::Document)
        {
            // Withdrawn or replaced documents: their bytes go from this laptop.
            w.documents_mut().purge_unused_blobs()?;
        }
        w.sync_mut().set_hlc(&clock)?;
        w.sync_mut()
            .set_peer(&sender.device_id, &header.created_at, summary.changes)?;
        Ok(summary)
    })
}

/// A member's access to a named case ended: its named details go from this database.
fn withdraw_if_ended(
    w: &Writer<'_>,
    me: &crate::sync::RosterMember,
    access_id: &str,
) -> Result<()> {
    let Some((case_id, org)) = access_id.split_once('/') else {
        return Ok(());
    };
    if me.role == Role::Member && org == me.organisation {
        let named = w
            .sync()
            .field(EntityKind::Access, access_id, "named")?
            .is_some_and(|f| f.value == json!(true));
        if !named {
            w.sync_mut().remove_entity(EntityKind::CaseNamed, case_id)?;
        }
    }
    Ok(())
}

fn field_as<T: serde::de::DeserializeOwned>(
    fields: &std::collections::BTreeMap<String, crate::store::SharedField>,
    name: &str,
) -> Option<T> {
    fields
        .get(name)
        .and_then(|f| serde_json::from_value(f.value.clone()).ok())
}

/// The text of a decline whose reason is "other" when no write gave one.
const NO_DECLINE_TEXT: &str = "geen toelichting ontvangen";

/// The latest decline reason any write of a response gave (its critical writes keep them all).
fn last_decline_reason(w: &Writer<'_>, id: &str) -> Result<Option<DeclineReason>> {
    let writes = w
        .sync()
        .critical_writes(EntityKind::Response, id, "decline_reason")?;
    Ok(writes
        .into_iter()
        .rev()
        .find_map(|(write, _)| serde_json::from_value::<DeclineReason>(write.value).ok()))
}

/// A member organisation's answer, as it now stands here, onto the case page: a response step
/// recorded as if typed, by the member's person from the member's device.
fn materialise_response(w: &Writer<'_>, id: &str) -> Result<bool> {
    let fields = w.sync().fields_of(EntityKind::Response, id)?;
    let (Some(case_id), Some(financier_id)) = (
        field_as::<String>(&fields, "case_id"),
        field_as::<String>(&fields, "financier_id"),
    ) else {
        return Ok(false);
    };
    let Some(status) = field_as::<ResponseStatus>(&fields, "status") else {
        return Ok(false);
    };
    let case = match w.cases().get(&case_id) {
        Ok(case) => case,
        Err(Error::NotFound { .. }) => return Ok(false),
        Err(e) => return Err(e),
    };
    // Only whether the financier is (still) in the register: its instruments are not needed.
    if !w
        .financiers()
        .find(&financier_id)?
        .iter()
        .any(|(id, _)| id == &financier_id)
    {
        return Ok(false);
    }
    // Last writer wins field by field, so the status of one write can stand beside the decline
    // reason of another (a member's offer after a decline the coordinator typed for it). Nobody
    // wrote that combination, and the fields will not change back: it is no reason to refuse the
    // bundle. The decline fields count only with a decline; a decline whose reason another write
    // cleared keeps the last reason any write gave.
    let (decline_reason, decline_text) = if status == ResponseStatus::Declined {
        let reason = match field_as::<DeclineReason>(&fields, "decline_reason") {
            Some(reason) => reason,
            None => last_decline_reason(w, id)?.unwrap_or(DeclineReason::Other),
        };
        let text = field_as::<String>(&fields, "decline_text")
            .or_else(|| (reason == DeclineReason::Other).then(|| NO_DECLINE_TEXT.to_string()));
        (Some(reason), text)
    } else {
        (None, None)
    };
    let step = NewResponseStep {
        status,
        decline_reason,
        decline_text,
        amount_cents: field_as::<i64>(&fields, "amount_cents").filter(|a| *a > 0),
        on_date: field_as(&fields, "status_date").unwrap_or_else(|| w.today()),
        note: field_as::<String>(&fields, "note"),
        meeting_id: None,
    };
    let current = w.outcomes().response(&case.id, &financier_id)?;
    let unchanged = current.as_ref().is_some_and(|r| {
        r.status == step.status
            && r.decline_reason == step.decline_reason
            && r.decline_text == step.decline_text
            && r.amount_cents == step.amount_cents
            && step.note.is_none()
    });
    if unchanged {
        return Ok(false);
    }
    w.outcomes_mut()
        .record_shared_response(&case.id, &financier_id, &step)?;
    Ok(true)
}

/// The value of a JSON field as text, for messages.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}
