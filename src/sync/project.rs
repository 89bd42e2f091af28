//! What of each stored entity is shared, field by field: the projections the coordinator's
//! Tafel sends and the receivers check against. Built by whitelisting, like the one-pager:
//! a field travels only when it is listed here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::op::EntityKind;
use crate::domain::anonymise::{age_band, employees_band, known_legal_form, turnover_band};
use crate::domain::{
    Case, CaseStatus, Disclosure, DocumentLevel, Financier, Instrument, Meeting, Response,
    document::Document,
};

/// An entity's shared fields.
pub type Fields = BTreeMap<&'static str, Value>;

/// One entity as shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    /// Its kind.
    pub kind: EntityKind,
    /// Its id.
    pub id: String,
    /// Its fields.
    pub fields: Fields,
}

/// Whether a case goes to the table: once the coordinator has screened it (ready or later).
/// Cases still at intake or screening stay on the coordinator's laptop.
pub fn goes_to_table(case: &Case) -> bool {
    !matches!(case.status, CaseStatus::Intake | CaseStatus::Screening)
}

/// Until when `organisation` may see the named case on `today`: only for a named case whose
/// consent names it and lasts (no end date means until withdrawn).
pub fn named_access(
    case: &Case,
    organisation: &str,
    today: NaiveDate,
) -> Option<Option<NaiveDate>> {
    let consented = case.disclosure == Disclosure::Named
        && goes_to_table(case)
        && case.anonymised_at.is_none()
        && case.consent_financier_ids.iter().any(|f| f == organisation)
        && case.consent_from.is_none_or(|from| from <= today)
        && case.consent_until.is_none_or(|until| until >= today);
    consented.then_some(case.consent_until)
}

/// A financier as the table sees it: no notes, no contacts.
pub fn financier(f: &Financier) -> Projected {
    let mut fields = Fields::new();
    fields.insert("name", json!(f.name));
    fields.insert("financier_type", json!(f.financier_type));
    fields.insert("regions", json!(f.regions));
    fields.insert("website", json!(f.website));
    fields.insert("deleted", json!(false));
    Projected {
        kind: EntityKind::Financier,
        id: f.id.clone(),
        fields,
    }
}

/// An instrument as the table sees it.
pub fn instrument(i: &Instrument) -> Projected {
    let mut fields = Fields::new();
    fields.insert("financier_id", json!(i.financier_id));
    fields.insert("name", json!(i.name));
    fields.insert("capital_types", json!(i.capital_types));
    fields.insert("ticket_min_cents", json!(i.ticket_min_cents));
    fields.insert("ticket_max_cents", json!(i.ticket_max_cents));
    fields.insert("stages", json!(i.stages));
    fields.insert("sectors", json!(i.sectors));
    fields.insert("regions", json!(i.regions));
    fields.insert("rules", json!(i.rules));
    fields.insert("rules_en", json!(i.rules_en));
    fields.insert("source_url", json!(i.source_url));
    fields.insert("verified_on", json!(i.verified_on));
    fields.insert("deleted", json!(false));
    Projected {
        kind: EntityKind::Instrument,
        id: i.id.clone(),
        fields,
    }
}

/// A case's anonymised one-pager (without responses: a bank never sees another's answer).
/// `shared` is false once the case no longer goes to the table, and then nothing else is sent.
pub fn case_one_pager(case: &Case, this_year: i32) -> Projected {
    let company = &case.company;
    let mut fields = Fields::new();
    let shared = goes_to_table(case);
    fields.insert("shared", json!(shared));
    if shared {
        fields.insert("case_number", json!(case.case_number));
        fields.insert("province", json!(company.province));
        fields.insert("sector", json!(case.sector));
        fields.insert("stage", json!(case.stage));
        fields.insert("purpose", json!(case.purpose));
        fields.insert("amount_cents", json!(case.amount_cents));
        fields.insert("capital_types", json!(case.capital_types));
        fields.insert(
            "legal_form",
            json!(company.legal_form.as_deref().and_then(known_legal_form)),
        );
        fields.insert(
            "turnover_band",
            json!(company.turnover_cents.map(turnover_band)),
        );
        fields.insert(
            "employees_band",
            json!(company.employees.map(employees_band)),
        );
        fields.insert(
            "age_band",
            json!(company.founding_year.map(|y| age_band(y, this_year))),
        );
        fields.insert(
            "negative_equity",
            json!(company.equity_cents.is_some_and(|e| e < 0)),
        );
        fields.insert("status", json!(case.status));
        fields.insert("intake_date", json!(case.intake_date));
        // Written for sharing (the slide's description of the business), never from the notes.
        fields.insert("pitch", json!(case.pitch));
    }
    Projected {
        kind: EntityKind::Case,
        id: case.id.clone(),
        fields,
    }
}

/// A case's named details, for the organisations its consent covers. The coordinator's own
/// notes, next action and owner are not among them.
pub fn case_named(case: &Case) -> Projected {
    let c = &case.company;
    let mut fields = Fields::new();
    fields.insert("company_name", json!(c.name));
    fields.insert("kvk", json!(c.kvk));
    fields.insert("legal_form", json!(c.legal_form));
    fields.insert("founding_year", json!(c.founding_year));
    fields.insert("municipality", json!(c.municipality));
    fields.insert("address", json!(c.address));
    fields.insert("contact_name", json!(c.contact_name));
    fields.insert("contact_email", json!(c.contact_email));
    fields.insert("contact_phone", json!(c.contact_phone));
    fields.insert("employees", json!(c.employees));
    fields.insert("turnover_cents", json!(c.turnover_cents));
    fields.insert("equity_cents", json!(c.equity_cents));
    fields.insert("sbi_code", json!(case.sbi_code));
    fields.insert("referrer", json!(case.referrer));
    fields.insert("earlier_declines", json!(case.earlier_declines));
    fields.insert("consent_from", json!(case.consent_from));
    fields.insert("consent_until", json!(case.consent_until));
    Projected {
        kind: EntityKind::CaseNamed,
        id: case.id.clone(),
        fields,
    }
}

/// Whether an organisation may see a case's named details, and until when.
pub fn access(case_id: &str, until: Option<Option<NaiveDate>>) -> Projected {
    let mut fields = Fields::new();
    fields.insert("named", json!(until.is_some()));
    fields.insert("until", json!(until.flatten()));
    Projected {
        kind: EntityKind::Access,
        id: case_id.to_string(),
        fields,
    }
}

/// A meeting with its anonymised agenda: the shared cases in order, no minutes, no notes,
/// no attendees.
pub fn meeting(m: &Meeting, shared_case_ids: &dyn Fn(&str) -> bool) -> Projected {
    let mut fields = Fields::new();
    fields.insert("title", json!(m.title));
    fields.insert(
        "starts_at",
        json!(m.starts_at.format("%Y-%m-%dT%H:%M:%S").to_string()),
    );
    fields.insert("duration_minutes", json!(m.duration_minutes));
    fields.insert("place", json!(m.place));
    fields.insert("online_link", json!(m.online_link));
    fields.insert("status", json!(m.status));
    let agenda: Vec<&str> = m
        .agenda
        .iter()
        .map(|a| a.case_id.as_str())
        .filter(|id| shared_case_ids(id))
        .collect();
    fields.insert("agenda", json!(agenda));
    fields.insert("deleted", json!(false));
    Projected {
        kind: EntityKind::Meeting,
        id: m.id.clone(),
        fields,
    }
}

/// A response as its organisation shares it with the coordinator.
pub fn response(r: &Response, note: Option<&str>) -> Projected {
    let mut fields = Fields::new();
    fields.insert("case_id", json!(r.case_id));
    fields.insert("financier_id", json!(r.financier_id));
    fields.insert("status", json!(r.status));
    fields.insert("decline_reason", json!(r.decline_reason));
    fields.insert("decline_text", json!(r.decline_text));
    fields.insert("amount_cents", json!(r.amount_cents));
    fields.insert("status_date", json!(r.status_date));
    fields.insert("note", json!(note));
    Projected {
        kind: EntityKind::Response,
        id: super::op::response_id(&r.case_id, &r.financier_id),
        fields,
    }
}

/// Who receives a document of `case` on `today`, among the table's member `organisations`:
/// `table` for a whole-table document of a case at the table; for a consented document, each
/// organisation whose consent for the named case lasts today; nobody for a coordinator-only or
/// removed document.
pub fn document_audiences(
    case: &Case,
    document: &Document,
    organisations: &[String],
    today: NaiveDate,
) -> Vec<String> {
    if document.removed_at.is_some() || case.anonymised_at.is_some() {
        return Vec::new();
    }
    match document.level {
        DocumentLevel::Coordinator => Vec::new(),
        DocumentLevel::Table if goes_to_table(case) => {
            vec![super::op::TABLE_AUDIENCE.to_string()]
        }
        DocumentLevel::Table => Vec::new(),
        DocumentLevel::Consented => organisations
            .iter()
            .filter(|org| named_access(case, org, today).is_some())
            .cloned()
            .collect(),
    }
}

/// A document as one audience receives it: what it is and the SHA-256 of its newest version;
/// the bytes travel beside the ops of the envelope (`Batch::files`), never in the shared
/// fields. No file name (it often carries the company's name) and no note (the coordinator's).
pub fn document(document: &Document, audience: &str) -> Projected {
    let v = &document.current;
    let mut fields = Fields::new();
    fields.insert("shared", json!(true));
    fields.insert("case_id", json!(document.case_id));
    fields.insert("doc_type", json!(document.doc_type));
    fields.insert("title", json!(document.title));
    fields.insert("document_date", json!(document.document_date));
    fields.insert("kind", json!(v.kind));
    fields.insert("size_bytes", json!(v.size_bytes));
    fields.insert("sha256", json!(v.sha256));
    fields.insert("version", json!(v.version));
    Projected {
        kind: EntityKind::Document,
        id: super::op::document_id(&document.id, audience),
        fields,
    }
}

/// A document an audience no longer receives (removed, its level lowered, the consent ended):
/// `shared: false`, no content and no title (it may name the company), so the receiver drops
/// its copy.
pub fn document_withdrawn(id: &str) -> Projected {
    let mut fields = Fields::new();
    fields.insert("shared", json!(false));
    fields.insert("sha256", Value::Null);
    fields.insert("title", Value::Null);
    Projected {
        kind: EntityKind::Document,
        id: id.to_string(),
        fields,
    }
}
