//! A member's view of its table: the cases with what it may see, its own answers, its private
//! notes, and which cases are new or changed since it last looked.
//!
//! What can be revoked: once named details reached a member's laptop, Tafel removes them
//! there when the consent ends or is withdrawn (at the next sync, and hides them at once when
//! the end date passes), but it cannot undo what the member read, wrote down or exported
//! before. Anonymised one-pagers are not revoked.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};
use ts_rs::TS;

use super::bundle::append_captured;
use super::capture::record_write;
use super::membership_in;
use crate::domain::document::DocumentKind;
use crate::domain::{
    Actor, CapitalType, CaseStatus, DeclineReason, DocumentType, Label, Province, Purpose,
    ResponseDraft, ResponseStatus, Sector, Stage,
};
use crate::error::{Error, Result};
use crate::service::documents::OpenedFiles;
use crate::store::{SharedField, Store, Writer};
use crate::sync::op::{TABLE_AUDIENCE, document_audience};
use crate::sync::{Channel, EntityKind, Hlc, Op, Refusal, Role, RosterMember, response_id};

type Fields = BTreeMap<String, SharedField>;

fn get<T: serde::de::DeserializeOwned>(fields: &Fields, name: &str) -> Option<T> {
    fields
        .get(name)
        .and_then(|f| serde_json::from_value(f.value.clone()).ok())
}

/// What a member may say about revoking, in the sharing screen and the case page.
pub const REVOCATION_NOTE_NL: &str = "Eindigt of vervalt de toestemming, dan verwijdert Tafel de gegevens op naam van deze laptop (bij de volgende synchronisatie; na de einddatum worden ze direct niet meer getoond). Wat u al gelezen, genoteerd of geëxporteerd hebt, kan Tafel niet terughalen.";
/// The same in English.
pub const REVOCATION_NOTE_EN: &str = "When the consent ends or is withdrawn, Tafel removes the named details from this laptop (at the next sync; after the end date they are no longer shown at once). What you already read, noted or exported cannot be taken back.";

/// The named details of a case, for a member with consent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct NamedDetails {
    /// Company name.
    pub company_name: String,
    /// KvK number.
    pub kvk: Option<String>,
    /// Legal form as entered.
    pub legal_form: Option<String>,
    /// Founding year.
    pub founding_year: Option<i32>,
    /// Municipality.
    pub municipality: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact e-mail.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Employees.
    pub employees: Option<i32>,
    /// Turnover in cents.
    #[ts(type = "number | null")]
    pub turnover_cents: Option<i64>,
    /// Equity in cents.
    #[ts(type = "number | null")]
    pub equity_cents: Option<i64>,
    /// Referring organisation.
    pub referrer: Option<String>,
    /// Earlier declines as told at intake.
    pub earlier_declines: Option<String>,
    /// Consent ends on.
    pub consent_until: Option<NaiveDate>,
}

/// This member's own answer on a case.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OwnResponse {
    /// Status.
    pub status: ResponseStatus,
    /// Decline reason.
    pub decline_reason: Option<DeclineReason>,
    /// Decline text.
    pub decline_text: Option<String>,
    /// Amount indicated, cents.
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
    /// Date.
    pub status_date: Option<NaiveDate>,
    /// Note to the coordinator.
    pub note: Option<String>,
}

/// New or changed since the member last looked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SharedMarker {
    /// Never opened.
    New,
    /// Changed since last opened.
    Changed,
}

/// A document of a case's dossier the coordinator shared with this member: read-only here.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SharedDocument {
    /// Its id as received (`<document>/table` or `<document>/<organisation>`), to open it.
    pub id: String,
    /// What kind of paper it is.
    pub doc_type: DocumentType,
    /// Its title.
    pub title: String,
    /// The date the paper carries.
    pub document_date: Option<NaiveDate>,
    /// Its kind of file.
    pub kind: DocumentKind,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// The version the coordinator holds as newest.
    pub version: u32,
    /// Shared with the whole table (otherwise with this organisation, by the consent).
    pub whole_table: bool,
    /// Who shared it (the coordinator's person).
    pub shared_by: String,
    /// Its bytes are on this laptop (a large dossier may take a few syncs).
    pub available: bool,
}

/// One case of the table as a member sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SharedCase {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Province.
    pub province: Option<Province>,
    /// Sector.
    pub sector: Option<Sector>,
    /// Stage.
    pub stage: Option<Stage>,
    /// Purpose.
    pub purpose: Option<Purpose>,
    /// Amount asked, cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Capital types.
    pub capital_types: Vec<CapitalType>,
    /// Legal form (one of the Dutch forms).
    pub legal_form: Option<String>,
    /// Turnover band.
    pub turnover_band: Option<Label>,
    /// Headcount band.
    pub employees_band: Option<Label>,
    /// Age band.
    pub age_band: Option<Label>,
    /// Equity is negative.
    pub negative_equity: bool,
    /// The case's status at the table.
    pub status: Option<CaseStatus>,
    /// Intake date.
    pub intake_date: Option<NaiveDate>,
    /// The anonymised description of the business the coordinator wrote for sharing.
    pub pitch: Option<String>,
    /// Named details, while this member's consent lasts.
    pub named: Option<NamedDetails>,
    /// This member's answer.
    pub response: Option<OwnResponse>,
    /// This member's private note (never shared).
    pub private_note: Option<String>,
    /// The documents of its dossier shared with this member, by title.
    pub documents: Vec<SharedDocument>,
    /// New or changed since last opened.
    pub marker: Option<SharedMarker>,
    /// The clock of its latest change (to mark it seen).
    pub latest: String,
}

fn label(fields: &Fields, name: &str) -> Option<Label> {
    get(fields, name)
}

/// The organisation this device answers for, and its roster entry.
fn member_in(
    w: &Writer<'_>,
) -> Result<(
    crate::store::StoredIdentity,
    crate::sync::Roster,
    RosterMember,
)> {
    let (me, roster) = membership_in(w)?;
    let entry = roster.device(&me.device_id).cloned().ok_or_else(|| {
        Error::sync(Refusal::UnknownMember {
            reference: me.device_id.clone(),
        })
    })?;
    Ok((me, roster, entry))
}

fn named_of(
    case: &Fields,
    named: Option<&Fields>,
    access: Option<&Fields>,
    today: NaiveDate,
) -> Option<NamedDetails> {
    let _ = case;
    if !access_lasts(access?, today) {
        return None;
    }
    let n = named?;
    Some(NamedDetails {
        company_name: get(n, "company_name")?,
        kvk: get(n, "kvk"),
        legal_form: get(n, "legal_form"),
        founding_year: get(n, "founding_year"),
        municipality: get(n, "municipality"),
        address: get(n, "address"),
        contact_name: get(n, "contact_name"),
        contact_email: get(n, "contact_email"),
        contact_phone: get(n, "contact_phone"),
        employees: get(n, "employees"),
        turnover_cents: get(n, "turnover_cents"),
        equity_cents: get(n, "equity_cents"),
        referrer: get(n, "referrer"),
        earlier_declines: get(n, "earlier_declines"),
        consent_until: get(n, "consent_until"),
    })
}

fn response_of(fields: &Fields) -> Option<OwnResponse> {
    Some(OwnResponse {
        status: get(fields, "status")?,
        decline_reason: get(fields, "decline_reason"),
        decline_text: get(fields, "decline_text"),
        amount_cents: get(fields, "amount_cents"),
        status_date: get(fields, "status_date"),
        note: get(fields, "note"),
    })
}

fn latest(sets: &[Option<&Fields>]) -> Option<Hlc> {
    sets.iter()
        .flatten()
        .flat_map(|f| f.values().map(|v| v.hlc.clone()))
        .max()
}

/// Whether this device answers as a member of a table (its `respond` goes to the coordinator
/// through sharing, not into a case log of its own).
pub fn answers_as_member(store: &Store) -> Result<bool> {
    let Some(me) = store.sync().identity()? else {
        return Ok(false);
    };
    let Some((_, roster)) = store.sync().roster()? else {
        return Ok(false);
    };
    Ok(roster
        .device(&me.device_id)
        .is_some_and(|m| m.role == Role::Member))
}

/// What one shared case is built from: its fields of each kind as this replica holds them.
struct CaseParts<'a> {
    case: &'a Fields,
    named: Option<&'a Fields>,
    access: Option<&'a Fields>,
    response: Option<&'a Fields>,
    seen: Option<&'a Hlc>,
    private_note: Option<String>,
    documents: Vec<SharedDocument>,
}

/// One case as a member sees it; `None` when it does not (or no longer) go to the table.
fn shared_case_of(case_id: &str, parts: CaseParts<'_>, today: NaiveDate) -> Option<SharedCase> {
    let fields = parts.case;
    if get::<bool>(fields, "shared") != Some(true) {
        return None;
    }
    let named_details = named_of(fields, parts.named, parts.access, today);
    let newest = latest(&[
        Some(fields),
        parts.access,
        named_details.as_ref().and(parts.named),
    ])
    .unwrap_or_else(|| Hlc::zero(""));
    let marker = match parts.seen {
        None => Some(SharedMarker::New),
        Some(at) if &newest > at => Some(SharedMarker::Changed),
        Some(_) => None,
    };
    Some(SharedCase {
        case_id: case_id.to_string(),
        case_number: get(fields, "case_number").unwrap_or_default(),
        province: get(fields, "province"),
        sector: get(fields, "sector"),
        stage: get(fields, "stage"),
        purpose: get(fields, "purpose"),
        amount_cents: get(fields, "amount_cents").unwrap_or(0),
        capital_types: get(fields, "capital_types").unwrap_or_default(),
        legal_form: get(fields, "legal_form"),
        turnover_band: label(fields, "turnover_band"),
        employees_band: label(fields, "employees_band"),
        age_band: label(fields, "age_band"),
        negative_equity: get(fields, "negative_equity").unwrap_or(false),
        status: get(fields, "status"),
        intake_date: get(fields, "intake_date"),
        pitch: get(fields, "pitch"),
        named: named_details,
        response: parts.response.and_then(response_of),
        private_note: parts.private_note,
        documents: parts.documents,
        marker,
        latest: newest.to_string(),
    })
}

/// This member's organisation at its table, once it has joined one.
fn member_organisation(store: &Store) -> Result<Option<String>> {
    let Some(me) = store.sync().identity()? else {
        return Ok(None);
    };
    let Some((_, roster)) = store.sync().roster()? else {
        return Ok(None);
    };
    Ok(roster
        .device(&me.device_id)
        .map(|entry| entry.organisation.clone()))
}

/// The documents of `case_id` this member holds and may see today: whole-table ones, and
/// consented ones while its access to the named case lasts.
fn documents_of(
    store: &Store,
    all: &BTreeMap<String, Fields>,
    case_id: &str,
    access: Option<&Fields>,
    today: NaiveDate,
) -> Result<Vec<SharedDocument>> {
    let mut out = Vec::new();
    for (id, fields) in all {
        if get::<String>(fields, "case_id").as_deref() != Some(case_id)
            || get::<bool>(fields, "shared") != Some(true)
        {
            continue;
        }
        let whole_table = document_audience(id) == Some(TABLE_AUDIENCE);
        if !whole_table && !access.is_some_and(|a| access_lasts(a, today)) {
            continue;
        }
        let (Some(sha256), Some(title), Some(doc_type), Some(kind)) = (
            get::<String>(fields, "sha256"),
            get::<String>(fields, "title"),
            get::<DocumentType>(fields, "doc_type"),
            get::<DocumentKind>(fields, "kind"),
        ) else {
            continue;
        };
        out.push(SharedDocument {
            id: id.clone(),
            doc_type,
            title,
            document_date: get(fields, "document_date"),
            kind,
            size_bytes: get(fields, "size_bytes").unwrap_or(0),
            version: get(fields, "version").unwrap_or(1),
            whole_table,
            shared_by: fields
                .get("sha256")
                .map(|f| f.author.clone())
                .unwrap_or_default(),
            available: store.documents().has_blob(&sha256)?,
        });
    }
    out.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(out)
}

/// A document the coordinator shared with this member, by its id as received, when this
/// member may still see it and its bytes are here.
fn shared_document(store: &Store, id: &str, today: NaiveDate) -> Result<(SharedDocument, Vec<u8>)> {
    let not_found = || Error::NotFound {
        entity: "document",
        id: id.to_string(),
    };
    let fields = store.sync().fields_of(EntityKind::Document, id)?;
    let case_id = get::<String>(&fields, "case_id").ok_or_else(not_found)?;
    let case = shared_case(store, &case_id, today)?;
    let document = case
        .documents
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(not_found)?;
    let sha256 = get::<String>(&fields, "sha256").ok_or_else(not_found)?;
    if !document.available {
        return Err(Error::invalid(
            "document",
            "document_not_received",
            format!(
                "De inhoud van ‘{}’ is nog niet ontvangen; synchroniseer opnieuw.",
                document.title
            ),
            format!(
                "The content of ‘{}’ has not been received yet; sync again.",
                document.title
            ),
        ));
    }
    let bytes = store.documents().bytes(&sha256)?;
    Ok((document, bytes))
}

/// Decrypts a shared document into the private folder and starts a viewer on it, as for the
/// coordinator's own documents (the copy goes when the viewer exits, or Tafel closes).
pub fn open_shared_document(
    store: &Store,
    id: &str,
    opened: &OpenedFiles,
    today: NaiveDate,
) -> Result<crate::service::documents::OpenedDocument> {
    let path = open_shared_copy(store, id, opened, today)?;
    Ok(crate::service::documents::show(path, opened))
}

/// Decrypts a shared document into a fresh owner-only folder in `opened` and returns the
/// copy's path (named after its title); [`OpenedFiles::close`] or the sweep removes it.
pub fn open_shared_copy(
    store: &Store,
    id: &str,
    opened: &OpenedFiles,
    today: NaiveDate,
) -> Result<PathBuf> {
    let (document, bytes) = shared_document(store, id, today)?;
    let name = format!("{}.{}", document.title, document.kind.extension());
    crate::service::documents::decrypt_into(opened, &name, document.kind, &bytes)
}

/// The table's cases as this member may see them on `today` (consent judged that day), newest
/// intake first.
pub fn shared_cases(store: &Store, today: NaiveDate) -> Result<Vec<SharedCase>> {
    let Some(org) = member_organisation(store)? else {
        return Ok(Vec::new());
    };
    let s = store.sync();
    let cases = s.all_of(EntityKind::Case)?;
    let named = s.all_of(EntityKind::CaseNamed)?;
    let access = s.all_of(EntityKind::Access)?;
    let responses = s.all_of(EntityKind::Response)?;
    let documents = s.all_of(EntityKind::Document)?;
    let seen = s.seen()?;
    let mut out = Vec::new();
    for (case_id, fields) in &cases {
        if get::<bool>(fields, "shared") != Some(true) {
            continue;
        }
        let case_access = access.get(&format!("{case_id}/{org}"));
        let parts = CaseParts {
            case: fields,
            named: named.get(case_id),
            access: case_access,
            response: responses.get(&response_id(case_id, &org)),
            seen: seen.get(case_id),
            private_note: s.private_note(case_id)?,
            documents: documents_of(store, &documents, case_id, case_access, today)?,
        };
        out.extend(shared_case_of(case_id, parts, today));
    }
    out.sort_by(|a, b| {
        b.intake_date
            .cmp(&a.intake_date)
            .then_with(|| b.case_number.cmp(&a.case_number))
    });
    Ok(out)
}

/// One shared case, by id or case number, as this member may see it on `today`. Reads that
/// case's fields only (a member answering on a table of a thousand cases no longer reads them
/// all, twice, per answer).
pub fn shared_case(store: &Store, reference: &str, today: NaiveDate) -> Result<SharedCase> {
    let not_found = || Error::NotFound {
        entity: "case",
        id: reference.to_string(),
    };
    let Some(org) = member_organisation(store)? else {
        return Err(not_found());
    };
    let s = store.sync();
    let mut case_id = reference.to_string();
    let mut fields = s.fields_of(EntityKind::Case, &case_id)?;
    if fields.is_empty() {
        let Some(id) = s.case_id_by_number(reference)? else {
            return Err(not_found());
        };
        fields = s.fields_of(EntityKind::Case, &id)?;
        case_id = id;
    }
    let named = s.fields_of(EntityKind::CaseNamed, &case_id)?;
    let access = s.fields_of(EntityKind::Access, &format!("{case_id}/{org}"))?;
    let response = s.fields_of(EntityKind::Response, &response_id(&case_id, &org))?;
    let seen = s.seen_of(&case_id)?;
    let documents = documents_of(
        store,
        &s.all_of(EntityKind::Document)?,
        &case_id,
        (!access.is_empty()).then_some(&access),
        today,
    )?;
    let parts = CaseParts {
        case: &fields,
        named: (!named.is_empty()).then_some(&named),
        access: (!access.is_empty()).then_some(&access),
        response: (!response.is_empty()).then_some(&response),
        seen: seen.as_ref(),
        private_note: s.private_note(&case_id)?,
        documents,
    };
    shared_case_of(&case_id, parts, today).ok_or_else(not_found)
}

/// Records this member organisation's answer on a shared case: checked like a response typed
/// by the coordinator, kept here and put in the outbox for the coordinator (and no one else).
pub fn respond(
    store: &mut Store,
    actor: &Actor,
    case_reference: &str,
    draft: &ResponseDraft,
) -> Result<SharedCase> {
    let today = actor.at.today();
    let case = shared_case(store, case_reference, today)?;
    store.transact(actor, |w| {
        let (me, roster, entry) = member_in(w)?;
        if entry.role != Role::Member {
            return Err(Error::sync(Refusal::NotAllowed {
                sender: entry.label(),
                what: "een antwoord van een lid".into(),
            }));
        }
        let named_other = !draft.financier.trim().is_empty()
            && draft.financier.trim() != entry.organisation
            && !draft
                .financier
                .trim()
                .eq_ignore_ascii_case(&entry.organisation_name);
        if named_other {
            return Err(Error::invalid(
                "financier",
                "not_own_organisation",
                format!(
                    "U kunt alleen antwoorden namens uw eigen organisatie ({}).",
                    entry.organisation_name
                ),
                format!(
                    "You can only answer for your own organisation ({}).",
                    entry.organisation_name
                ),
            ));
        }
        let mut checked = draft.clone();
        checked.financier = entry.organisation.clone();
        let step = checked.validate(today).map_err(Error::Invalid)?;
        // Earlier writes of this device (none for a member, but keep the order) come first.
        append_captured(w, &me, &roster)?;
        let me = super::identity_in(w)?;
        let id = response_id(&case.case_id, &entry.organisation);
        let current = w.sync().fields_of(EntityKind::Response, &id)?;
        let values: [(&str, Value); 8] = [
            ("case_id", json!(case.case_id)),
            ("financier_id", json!(entry.organisation)),
            ("status", json!(step.status)),
            ("decline_reason", json!(step.decline_reason)),
            ("decline_text", json!(step.decline_text)),
            ("amount_cents", json!(step.amount_cents)),
            ("status_date", json!(step.on_date)),
            ("note", json!(step.note)),
        ];
        let mut clock = me.hlc.clone();
        let now_ms = super::millis_of(w.now());
        let mut ops = Vec::new();
        let mut changes = serde_json::Map::new();
        for (field, value) in values {
            let before = current.get(field);
            if before.map(|b| &b.value) == Some(&value) {
                continue;
            }
            clock = clock.tick(now_ms);
            changes.insert(
                field.to_string(),
                json!([before.map(|b| b.value.clone()), value.clone()]),
            );
            let op = Op {
                entity: EntityKind::Response,
                id: id.clone(),
                field: field.to_string(),
                value,
                hlc: clock.clone(),
                base: before.map(|b| b.hlc.clone()),
            };
            record_write(w, &op, &me.person)?;
            ops.push(op);
        }
        if !ops.is_empty() {
            let channel = Channel::Responses(entry.organisation.clone()).to_string();
            let seq = w.sync().last_seq(&channel)? + 1;
            w.sync_mut().append_outbox(&channel, seq, &ops)?;
            w.sync_mut().set_hlc(&clock)?;
            w.log(
                "response",
                &id,
                if current.is_empty() {
                    "create"
                } else {
                    "update"
                },
                &Value::Object(changes),
            )?;
        }
        Ok(())
    })?;
    shared_case(store, &case.case_id, today)
}

/// Sets (or, empty, clears) this member's private note on a shared case. It never leaves
/// this laptop: it is in no channel.
pub fn set_private_note(
    store: &mut Store,
    actor: &Actor,
    case_reference: &str,
    text: &str,
) -> Result<SharedCase> {
    let today = actor.at.today();
    let case = shared_case(store, case_reference, today)?;
    store.transact(actor, |w| {
        w.sync_mut().set_private_note(&case.case_id, text)
    })?;
    shared_case(store, &case.case_id, today)
}

/// Marks a shared case seen (its new/changed marker goes).
pub fn mark_seen(store: &mut Store, actor: &Actor, case_reference: &str) -> Result<SharedCase> {
    let today = actor.at.today();
    let case = shared_case(store, case_reference, today)?;
    let latest: Hlc = case.latest.parse().unwrap_or_else(|_| Hlc::zero(""));
    store.transact(actor, |w| w.sync_mut().mark_seen(&case.case_id, &latest))?;
    shared_case(store, &case.case_id, today)
}

/// Removes from this member's database the named details whose access ended by the calendar
/// (the coordinator's notice follows at its next sync; this does not wait for it).
pub(crate) fn purge_ended_access(w: &Writer<'_>, me: &RosterMember) -> Result<()> {
    if me.role != Role::Member {
        return Ok(());
    }
    let today = w.today();
    for case_id in w.sync().all_of(EntityKind::CaseNamed)?.into_keys() {
        let access = w.sync().fields_of(
            EntityKind::Access,
            &format!("{case_id}/{}", me.organisation),
        )?;
        if !access_lasts(&access, today) {
            w.sync_mut()
                .remove_entity(EntityKind::CaseNamed, &case_id)?;
        }
    }
    // Consented documents go with the access to their case (the coordinator's withdrawal
    // follows at its next sync; this does not wait for it).
    let mut removed = 0;
    for (id, fields) in w.sync().all_of(EntityKind::Document)? {
        if document_audience(&id) != Some(me.organisation.as_str()) {
            continue;
        }
        let Some(case_id) = get::<String>(&fields, "case_id") else {
            continue;
        };
        let access = w.sync().fields_of(
            EntityKind::Access,
            &format!("{case_id}/{}", me.organisation),
        )?;
        if !access_lasts(&access, today) {
            removed += w.sync_mut().remove_entity(EntityKind::Document, &id)?;
        }
    }
    if removed > 0 {
        w.documents_mut().purge_unused_blobs()?;
    }
    Ok(())
}

/// Whether an organisation's access to a named case, as held, lasts on `today`.
fn access_lasts(access: &Fields, today: NaiveDate) -> bool {
    get::<bool>(access, "named") == Some(true)
        && get::<NaiveDate>(access, "until").is_none_or(|until| until >= today)
}

/// A shared case as the domain's case, for the documents: named details only when this
/// member may see them; the coordinator's own fields (notes, owner, next action, source) empty.
fn as_case(shared: &SharedCase) -> Result<crate::domain::Case> {
    let incomplete = || {
        Error::invalid(
            "case",
            "shared_case_incomplete",
            format!(
                "Casus {} is nog niet volledig ontvangen; synchroniseer opnieuw.",
                shared.case_number
            ),
            format!(
                "Case {} has not been received whole yet; synchronise again.",
                shared.case_number
            ),
        )
    };
    let named = shared.named.as_ref();
    let company = crate::domain::Company {
        id: String::new(),
        name: named
            .map(|n| n.company_name.clone())
            .unwrap_or_else(|| format!("Casus {}", shared.case_number)),
        kvk: named.and_then(|n| n.kvk.clone()),
        legal_form: named
            .and_then(|n| n.legal_form.clone())
            .or_else(|| shared.legal_form.clone()),
        founding_year: named.and_then(|n| n.founding_year),
        province: shared.province.ok_or_else(incomplete)?,
        municipality: named.and_then(|n| n.municipality.clone()),
        address: named.and_then(|n| n.address.clone()),
        contact_name: named.and_then(|n| n.contact_name.clone()),
        contact_email: named.and_then(|n| n.contact_email.clone()),
        contact_phone: named.and_then(|n| n.contact_phone.clone()),
        employees: named.and_then(|n| n.employees),
        turnover_cents: named.and_then(|n| n.turnover_cents),
        equity_cents: named.and_then(|n| n.equity_cents),
        natural_person: false,
        erased_at: None,
    };
    Ok(crate::domain::Case {
        id: shared.case_id.clone(),
        case_number: shared.case_number.clone(),
        company,
        amount_cents: shared.amount_cents,
        amount_eur: shared.amount_cents as f64 / 100.0,
        purpose: shared.purpose.ok_or_else(incomplete)?,
        stage: shared.stage.ok_or_else(incomplete)?,
        sector: shared.sector.ok_or_else(incomplete)?,
        sbi_code: None,
        capital_types: shared.capital_types.clone(),
        source: crate::domain::CaseSource::Other,
        referrer: named.and_then(|n| n.referrer.clone()),
        earlier_declines: named.and_then(|n| n.earlier_declines.clone()),
        disclosure: if named.is_some() {
            crate::domain::Disclosure::Named
        } else {
            crate::domain::Disclosure::PublicSummary
        },
        consent_financier_ids: Vec::new(),
        consent_from: None,
        consent_until: named.and_then(|n| n.consent_until),
        status: shared.status.ok_or_else(incomplete)?,
        owner: None,
        next_action: None,
        next_action_due: None,
        notes: None,
        pitch: shared.pitch.clone(),
        intake_date: shared.intake_date.ok_or_else(incomplete)?,
        created_at: String::new(),
        updated_at: String::new(),
        anonymised_at: None,
    })
}

/// The case summary this member is entitled to on `today`, as PDF bytes: named while its
/// consent lasts, anonymised otherwise (the one-pager's bands); with its own answer, nobody
/// else's.
pub fn shared_case_pdf(
    store: &Store,
    renderer: &tafel_pdf::Renderer,
    case_reference: &str,
    lang: crate::report::documents::Lang,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    use crate::report::documents::{self, CaseDossier, DocumentContext, TimelineEvent};
    let shared = shared_case(store, case_reference, today)?;
    let case = as_case(&shared)?;
    let anonymised = shared.named.is_none();
    let me = store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))?;
    let roster = store
        .sync()
        .roster()?
        .map(|(_, r)| r)
        .ok_or_else(|| Error::sync(Refusal::NoTableYet))?;
    let entry = roster.device(&me.device_id).ok_or_else(|| {
        Error::sync(Refusal::UnknownMember {
            reference: me.device_id.clone(),
        })
    })?;
    let responses: Vec<crate::domain::Response> = shared
        .response
        .iter()
        .map(|r| crate::domain::Response {
            id: response_id(&shared.case_id, &entry.organisation),
            case_id: shared.case_id.clone(),
            financier_id: entry.organisation.clone(),
            financier_name: entry.organisation_name.clone(),
            instrument_id: None,
            instrument_name: None,
            status: r.status,
            decline_reason: r.decline_reason,
            decline_text: r.decline_text.clone(),
            amount_cents: r.amount_cents,
            notes: r.note.clone(),
            status_date: r.status_date.unwrap_or(today),
            steps: Vec::new(),
            created_at: String::new(),
            updated_at: String::new(),
        })
        .collect();
    let matches = crate::matching::MatchReport {
        case_id: shared.case_id.clone(),
        case_number: shared.case_number.clone(),
        need_cents: shared.amount_cents,
        matches: Vec::new(),
        excluded: Vec::new(),
        excluded_count: 0,
        guarantees: Vec::new(),
        nearest: Vec::new(),
        config_path: None,
    };
    let timeline = vec![TimelineEvent {
        date: case.intake_date,
        nl: "Intake".into(),
        en: "Intake".into(),
    }];
    let dossier = CaseDossier {
        case: &case,
        matches: &matches,
        plan: None,
        responses: &responses,
        referrals: &[],
        package: &[],
        timeline: &timeline,
        documents: &[],
    };
    let ctx = DocumentContext {
        table_name: roster.table_name.clone(),
        today,
        lang,
    };
    let mut data = documents::case_summary(&dossier, &ctx, anonymised);
    // What the coordinator keeps to itself is not in a member's summary: the source, the
    // register's matches; the bands come from the one-pager as shared.
    data["case"]["source"] = json!("—");
    data["matches"] = Value::Null;
    if anonymised {
        let band = |l: &Option<Label>| l.as_ref().map(|l| l.in_lang(lang.code()).to_string());
        data["company"]["turnover"] = json!(band(&shared.turnover_band));
        data["company"]["employees"] = json!(band(&shared.employees_band));
        data["company"]["founding_year"] = json!(band(&shared.age_band));
        if shared.negative_equity {
            data["company"]["equity"] = json!(if lang.code() == "en" {
                "negative"
            } else {
                "negatief"
            });
        }
    }
    Ok(renderer.render(tafel_pdf::Template::CaseSummary, &data)?)
}

/// Writes the case summary this member is entitled to (see [`shared_case_pdf`]) and records
/// the export in the change log.
pub fn export_shared_case_pdf(
    store: &mut Store,
    actor: &Actor,
    renderer: &tafel_pdf::Renderer,
    case_reference: &str,
    lang: crate::report::documents::Lang,
    path: &std::path::Path,
) -> Result<crate::service::pdf::PdfExport> {
    crate::service::chosen_file::check(
        store,
        path,
        &["pdf"],
        crate::service::chosen_file::Use::Write,
    )?;
    let today = actor.at.today();
    let case = shared_case(store, case_reference, today)?;
    let bytes = shared_case_pdf(store, renderer, &case.case_id, lang, today)?;
    let anonymised = case.named.is_none();
    store.transact(actor, |w| {
        let file = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        let kind = if anonymised { "anonymised" } else { "named" };
        w.log("shared_case", &case.case_id, "export_pdf", &json!({ "export": [null, {"document": "case_summary", "version": kind, "lang": lang.code(), "file": file}] }))?;
        crate::files::write_atomic(path, &bytes)?;
        Ok(crate::service::pdf::PdfExport { path: path.display().to_string(), bytes: bytes.len() as u64, anonymised })
    })
}
