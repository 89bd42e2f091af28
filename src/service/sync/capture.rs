//! Turning this device's own writes into ops: the change log says which entities changed
//! since the last capture; each is projected as the table may see it (`sync::project`), and
//! every field that differs from what was shared before becomes an op with the next clock.
//! Run at the start of every export and import, so a local edit always gets its clock before
//! anything received is applied.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::millis_of;
use crate::error::{Error, Result};
use crate::store::{SharedField, StoredIdentity, Writer};
use crate::sync::merge::{self, Write};
use crate::sync::op::document_channel;
use crate::sync::project::{self, Projected};
use crate::sync::{Channel, EntityKind, Hlc, Op, Role, Roster};

/// What a write did to the replica.
pub(crate) struct Recorded {
    /// The write is now the field's value.
    pub applied: bool,
    /// New conflicts it made.
    pub conflicts: u32,
}

/// Keeps one write of a field on this replica: the field takes it when it is later than the
/// current one (last writer wins), and a critical field's write is kept and compared with the
/// other writes of that field to find conflicts.
pub(crate) fn record_write(w: &Writer<'_>, op: &Op, author: &str) -> Result<Recorded> {
    let mut conflicts = 0;
    if op.entity.is_critical(&op.field) {
        let write = Write {
            value: op.value.clone(),
            hlc: op.hlc.clone(),
            base: op.base.clone(),
        };
        for (other, other_author) in w.sync().critical_writes(op.entity, &op.id, &op.field)? {
            if merge::conflict(&other, &write) {
                let (earlier, later) = if other.hlc < write.hlc {
                    ((&other, other_author.as_str()), (&write, author))
                } else {
                    ((&write, author), (&other, other_author.as_str()))
                };
                if w.sync_mut()
                    .add_conflict(op.entity, &op.id, &op.field, earlier, later)?
                {
                    conflicts += 1;
                }
            }
        }
        w.sync_mut()
            .add_critical_write(op.entity, &op.id, &op.field, &write, author)?;
    }
    let current = w.sync().field(op.entity, &op.id, &op.field)?;
    let applied = merge::replaces(&op.hlc, current.as_ref().map(|c| &c.hlc));
    if applied {
        w.sync_mut()
            .put_field(op.entity, &op.id, &op.field, &op.value, &op.hlc, author)?;
    }
    Ok(Recorded { applied, conflicts })
}

/// The ops of one capture, per channel.
#[derive(Default)]
pub(crate) struct Outgoing {
    pub by_channel: BTreeMap<String, Vec<Op>>,
    pub count: usize,
}

impl Outgoing {
    fn push(&mut self, channel: &Channel, ops: &[Op]) {
        if !ops.is_empty() {
            self.count += ops.len();
            self.by_channel
                .entry(channel.to_string())
                .or_default()
                .extend_from_slice(ops);
        }
    }
}

struct Capture<'a, 'w> {
    w: &'a Writer<'w>,
    author: String,
    clock: Hlc,
}

impl Capture<'_, '_> {
    /// The ops that bring the shared fields of `p` to its projection, recorded locally.
    fn diff(&mut self, p: &Projected, at_ms: u64) -> Result<Vec<Op>> {
        let current = self.w.sync().fields_of(p.kind, &p.id)?;
        self.diff_from(p, at_ms, &current)
    }

    /// The same, against the entity's fields as read already (`current`).
    fn diff_from(
        &mut self,
        p: &Projected,
        at_ms: u64,
        current: &BTreeMap<String, SharedField>,
    ) -> Result<Vec<Op>> {
        let mut ops = Vec::new();
        for (field, value) in &p.fields {
            let before = current.get(*field);
            if before.map(|c| &c.value) == Some(value) {
                continue;
            }
            self.clock = self.clock.tick(at_ms);
            let op = Op {
                entity: p.kind,
                id: p.id.clone(),
                field: field.to_string(),
                value: value.clone(),
                hlc: self.clock.clone(),
                base: before.map(|c| c.hlc.clone()),
            };
            record_write(self.w, &op, &self.author)?;
            ops.push(op);
        }
        Ok(ops)
    }

    /// A field that disappeared (a deleted financier, instrument, meeting).
    fn mark(
        &mut self,
        kind: EntityKind,
        id: &str,
        field: &'static str,
        value: Value,
        at_ms: u64,
    ) -> Result<Vec<Op>> {
        if self.w.sync().fields_of(kind, id)?.is_empty() {
            return Ok(Vec::new());
        }
        let mut fields = project::Fields::new();
        fields.insert(field, value);
        self.diff(
            &Projected {
                kind,
                id: id.to_string(),
                fields,
            },
            at_ms,
        )
    }
}

/// Every stored field of an entity, as ops (their own clocks), for a recipient that lacks them.
fn snapshot(w: &Writer<'_>, kind: EntityKind, id: &str) -> Result<Vec<Op>> {
    Ok(w.sync()
        .fields_of(kind, id)?
        .into_iter()
        .map(|(field, f)| Op {
            entity: kind,
            id: id.to_string(),
            field,
            value: f.value,
            hlc: f.hlc,
            base: None,
        })
        .collect())
}

fn not_found_is_none<T>(result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

/// Captures the coordinator's writes since the last capture, and what the calendar changed
/// (consents that ended). Members write their ops directly (`shared::respond`). Returns the
/// ops per channel, already recorded on this replica and not yet in the outbox.
pub(crate) fn capture(w: &Writer<'_>, me: &StoredIdentity, roster: &Roster) -> Result<Outgoing> {
    let since = w.sync().captured_up_to()?;
    let entries = w.history().since(since)?;
    let last = entries.last().map(|e| e.0).unwrap_or(since);
    let mut out = Outgoing::default();
    let is_coordinator = roster
        .device(&me.device_id)
        .is_some_and(|m| m.role == Role::Coordinator);
    if !is_coordinator {
        w.sync_mut().set_captured_up_to(last)?;
        return Ok(out);
    }
    let mut cap = Capture {
        w,
        author: me.person.clone(),
        clock: me.hlc.clone(),
    };
    let today = w.today();
    let this_year = chrono::Datelike::year(&today);
    let now_ms = millis_of(w.now());

    // What changed, with the time of its latest write.
    let mut cases: BTreeMap<String, u64> = BTreeMap::new();
    let mut financiers: BTreeMap<String, u64> = BTreeMap::new();
    let mut meetings: BTreeMap<String, u64> = BTreeMap::new();
    let mut responses: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (_, entity, id, at, source) in &entries {
        if source == "sync" {
            continue;
        }
        let ms = millis_of(at);
        match entity.as_str() {
            "case" => {
                cases.insert(id.clone(), ms);
            }
            "company" | "erasure" => {
                for case_id in w.sync().case_ids_of_company(id)? {
                    cases.insert(case_id, ms);
                }
            }
            "financier" => {
                financiers.insert(id.clone(), ms);
            }
            "instrument" => {
                if let Some(f) = w.sync().financier_of_instrument(id)? {
                    financiers.insert(f, ms);
                }
            }
            "meeting" => {
                meetings.insert(id.clone(), ms);
            }
            "response" => {
                if let Some(parties) = w.sync().response_parties(id)? {
                    responses.insert(parties, ms);
                }
            }
            _ => {}
        }
    }

    // The register, on the table channel.
    for (financier_id, ms) in &financiers {
        let Some(financier) = not_found_is_none(w.financiers().get(financier_id))? else {
            let ops = cap.mark(
                EntityKind::Financier,
                financier_id,
                "deleted",
                json!(true),
                *ms,
            )?;
            out.push(&Channel::Table, &ops);
            continue;
        };
        let ops = cap.diff(&project::financier(&financier), *ms)?;
        out.push(&Channel::Table, &ops);
        let mut current: BTreeSet<&str> = BTreeSet::new();
        for instrument in &financier.instruments {
            current.insert(&instrument.id);
            let ops = cap.diff(&project::instrument(instrument), *ms)?;
            out.push(&Channel::Table, &ops);
        }
        for (instrument_id, fields) in w.sync().all_of(EntityKind::Instrument)? {
            let of_this = fields
                .get("financier_id")
                .is_some_and(|f| f.value == json!(financier_id));
            if of_this && !current.contains(instrument_id.as_str()) {
                let ops = cap.mark(
                    EntityKind::Instrument,
                    &instrument_id,
                    "deleted",
                    json!(true),
                    *ms,
                )?;
                out.push(&Channel::Table, &ops);
            }
        }
    }

    // Cases: the one-pager on the table channel; the named details kept to send below.
    let mut named_changes: BTreeMap<String, Vec<Op>> = BTreeMap::new();
    for (case_id, ms) in &cases {
        match not_found_is_none(w.cases().get(case_id))? {
            Some(case) => {
                let ops = cap.diff(&project::case_one_pager(&case, this_year), *ms)?;
                out.push(&Channel::Table, &ops);
                if case.disclosure == crate::domain::Disclosure::Named {
                    let ops = cap.diff(&project::case_named(&case), *ms)?;
                    named_changes.insert(case_id.clone(), ops);
                }
            }
            None => {
                let ops = cap.mark(EntityKind::Case, case_id, "shared", json!(false), *ms)?;
                out.push(&Channel::Table, &ops);
            }
        }
    }

    // Meetings with the shared cases of their agenda.
    for (meeting_id, ms) in &meetings {
        match not_found_is_none(w.meetings().get(meeting_id))? {
            Some(meeting) => {
                let shared = |case_id: &str| {
                    w.sync()
                        .field(EntityKind::Case, case_id, "shared")
                        .ok()
                        .flatten()
                        .is_some_and(|f| f.value == json!(true))
                };
                let ops = cap.diff(&project::meeting(&meeting, &shared), *ms)?;
                out.push(&Channel::Table, &ops);
            }
            None => {
                let ops = cap.mark(EntityKind::Meeting, meeting_id, "deleted", json!(true), *ms)?;
                out.push(&Channel::Table, &ops);
            }
        }
    }

    // Responses the coordinator typed: kept for last-writer-wins and conflicts, never sent
    // (each member organisation owns its own answers).
    for ((case_id, financier_id), ms) in &responses {
        if let Some(response) = w.outcomes().response(case_id, financier_id)? {
            let mut p = project::response(&response, None);
            p.fields.remove("note");
            cap.diff(&p, *ms)?;
        }
    }

    // Named access: per member organisation, for every named case (consents end by the
    // calendar too), and the named details to those that may see them.
    let orgs: Vec<String> = roster
        .member_organisations()
        .into_iter()
        .map(str::to_string)
        .collect();
    let named_ids: BTreeSet<String> = w
        .sync()
        .named_case_ids()?
        .into_iter()
        .chain(cases.keys().cloned())
        .collect();
    // Every access as held, read once: each capture looks at every named case for every
    // organisation, and one read per pair was most of an incremental bundle's time.
    let held_access = w.sync().all_of(EntityKind::Access)?;
    let no_fields = BTreeMap::new();
    for case_id in &named_ids {
        let case = not_found_is_none(w.cases().get(case_id))?;
        for org in &orgs {
            let channel = Channel::Organisation(org.clone());
            let access = case
                .as_ref()
                .and_then(|c| project::named_access(c, org, today));
            let access_id = format!("{case_id}/{org}");
            let held = held_access.get(&access_id);
            let was_named = held
                .and_then(|f| f.get("named"))
                .is_some_and(|f| f.value == json!(true));
            if access.is_none() && held.is_none() {
                continue;
            }
            let mut access_projection = project::access(case_id, access);
            access_projection.id = access_id;
            let access_ops =
                cap.diff_from(&access_projection, now_ms, held.unwrap_or(&no_fields))?;
            out.push(&channel, &access_ops);
            if access.is_some() {
                if !was_named {
                    // Newly allowed: everything the coordinator holds of the named case.
                    if let Some(c) = &case
                        && !named_changes.contains_key(case_id)
                    {
                        let ops = cap.diff(&project::case_named(c), now_ms)?;
                        named_changes.insert(case_id.clone(), ops);
                    }
                    let ops = snapshot(w, EntityKind::CaseNamed, case_id)?;
                    out.push(&channel, &ops);
                } else if let Some(ops) = named_changes.get(case_id) {
                    out.push(&channel, ops);
                }
            }
        }
    }

    capture_documents(&mut cap, &orgs, today, now_ms, &mut out)?;

    // A device new to a channel needs no snapshot here: bundles re-seal every envelope that a
    // current recipient has not acknowledged, so a new device receives the channel from its
    // first number on.
    w.sync_mut().set_hlc(&cap.clock)?;
    w.sync_mut().set_captured_up_to(last)?;
    Ok(out)
}

/// Documents: each to exactly the audiences its level allows today (the whole table, or each
/// organisation whose consent for the named case lasts); withdrawn (`shared: false`, no
/// content, no title) from an audience that no longer may have it. An audience that gets a
/// document (again) receives all of its fields; the bytes are added when the envelope is
/// sealed (`bundle::files_of`).
fn capture_documents(
    cap: &mut Capture<'_, '_>,
    organisations: &[String],
    today: chrono::NaiveDate,
    now_ms: u64,
    out: &mut Outgoing,
) -> Result<()> {
    let w = cap.w;
    let held = w.sync().all_of(EntityKind::Document)?;
    let no_fields = BTreeMap::new();
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let mut cases: BTreeMap<String, Option<crate::domain::Case>> = BTreeMap::new();
    for document in w.documents().shareable()? {
        if !cases.contains_key(&document.case_id) {
            let case = not_found_is_none(w.cases().get(&document.case_id))?;
            cases.insert(document.case_id.clone(), case);
        }
        let Some(Some(case)) = cases.get(&document.case_id) else {
            continue;
        };
        for audience in project::document_audiences(case, &document, organisations, today) {
            let p = project::document(&document, &audience);
            let Some(channel) = document_channel(&p.id) else {
                continue;
            };
            let before = held.get(&p.id).unwrap_or(&no_fields);
            let was_shared = before.get("shared").is_some_and(|f| f.value == json!(true));
            let ops = cap.diff_from(&p, now_ms, before)?;
            if !was_shared && !ops.is_empty() {
                out.push(&channel, &snapshot(w, EntityKind::Document, &p.id)?);
            } else {
                out.push(&channel, &ops);
            }
            wanted.insert(p.id);
        }
    }
    for (id, fields) in &held {
        let shared = fields.get("shared").is_some_and(|f| f.value == json!(true));
        if wanted.contains(id) || !shared {
            continue;
        }
        let Some(channel) = document_channel(id) else {
            continue;
        };
        let ops = cap.diff_from(&project::document_withdrawn(id), now_ms, fields)?;
        out.push(&channel, &ops);
    }
    Ok(())
}
