//! Case use cases: add, update, delete, read, list, history.

use chrono::NaiveDate;

use crate::domain::*;
use crate::error::{Error, Result};
use crate::report::history::{ReadableChange, readable_history};
use crate::store::{CaseFilter, CasePage, Store, Writer};

/// A case with its history, as the case page shows it.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CaseWithHistory {
    /// The case.
    pub case: Case,
    /// Changes to the case and its company, oldest first.
    pub history: Vec<ChangeEntry>,
    /// The same changes as they read (`report::history`), oldest first.
    pub timeline: Vec<ReadableChange>,
}

/// Adds a case; a company with the same KvK number is reused (never duplicated).
pub fn add_case(
    store: &mut Store,
    actor: &Actor,
    draft: &CaseDraft,
    today: NaiveDate,
) -> Result<Case> {
    let mut new = draft.validate(today).map_err(Error::Invalid)?;
    // A case logged without an owner gets the default owner of the settings (Instellingen).
    if new.owner.is_none() {
        new.owner = super::settings::default_owner(store)?;
    }
    store.transact(actor, |w| {
        let case = add_validated(w, &new)?;
        Ok(case)
    })
}

/// Adds many cases in one transaction (all or nothing); each is validated first.
pub fn add_cases(
    store: &mut Store,
    actor: &Actor,
    drafts: &[CaseDraft],
    today: NaiveDate,
) -> Result<Vec<Case>> {
    let mut valid = Vec::with_capacity(drafts.len());
    let mut bad = Vec::new();
    for (index, draft) in drafts.iter().enumerate() {
        match draft.validate(today) {
            Ok(case) => valid.push(case),
            Err(errors) => bad.push(crate::error::RowError {
                line: index + 1,
                errors,
            }),
        }
    }
    if !bad.is_empty() {
        return Err(Error::ImportRows(bad));
    }
    store.transact(actor, |w| {
        let cases = valid
            .iter()
            .map(|case| add_validated(w, case))
            .collect::<Result<Vec<_>>>()?;
        Ok(cases)
    })
}

/// Adds an already validated case inside a running write (shared by imports and the demo).
pub(crate) fn add_validated(w: &Writer<'_>, new: &NewCase) -> Result<Case> {
    let existing = match &new.company.kvk {
        Some(kvk) => w.companies().by_kvk(kvk)?,
        None => None,
    };
    let company = match existing {
        Some(existing) => w
            .companies_mut()
            .update(&existing.id, &merge_company(&existing, &new.company))?,
        None => w.companies_mut().insert(&new.company)?,
    };
    w.cases_mut().insert(&company.id, new)
}

/// What is known of a company, overridden by what the new case says about it.
fn merge_company(stored: &Company, given: &NewCompany) -> NewCompany {
    NewCompany {
        name: given.name.clone(),
        kvk: given.kvk.clone(),
        legal_form: given
            .legal_form
            .clone()
            .or_else(|| stored.legal_form.clone()),
        founding_year: given.founding_year.or(stored.founding_year),
        province: given.province,
        municipality: given
            .municipality
            .clone()
            .or_else(|| stored.municipality.clone()),
        address: given.address.clone().or_else(|| stored.address.clone()),
        contact_name: given
            .contact_name
            .clone()
            .or_else(|| stored.contact_name.clone()),
        contact_email: given
            .contact_email
            .clone()
            .or_else(|| stored.contact_email.clone()),
        contact_phone: given
            .contact_phone
            .clone()
            .or_else(|| stored.contact_phone.clone()),
        employees: given.employees.or(stored.employees),
        turnover_cents: given.turnover_cents.or(stored.turnover_cents),
        equity_cents: given.equity_cents.or(stored.equity_cents),
        natural_person: given.natural_person || stored.natural_person,
    }
}

/// Applies a JSON merge patch (RFC 7396) to a case and its company: keys present
/// replace, `null` clears, nested `company` merges field by field. With
/// `"expected_updated_at"` (the case's `updated_at` when the edit began) the patch is refused
/// if the case changed since, so nobody's edit is overwritten unseen.
pub fn update_case(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    patch: &serde_json::Value,
    today: NaiveDate,
) -> Result<Case> {
    if !patch.is_object() {
        return Err(Error::invalid(
            "",
            "patch_not_object",
            "Een wijziging moet een JSON-object zijn, bijvoorbeeld {\"amount_eur\": 50000}.",
            "A change must be a JSON object, e.g. {\"amount_eur\": 50000}.",
        ));
    }
    // The version the edit was made on, when the caller knows it (the app's form does).
    let mut patch = patch.clone();
    let expected = match patch
        .as_object_mut()
        .and_then(|p| p.remove(EXPECTED_VERSION))
    {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(version)) => Some(version),
        Some(_) => {
            return Err(Error::invalid(
                EXPECTED_VERSION,
                "version_format",
                "De versie van de casus is geen tekst.",
                "The case version is not text.",
            ));
        }
    };
    // Read and write in one (immediate) transaction: nothing can change the case between the
    // version checked and the row written.
    store.transact(actor, |w| {
        let current = w.cases().get(id)?;
        if let Some(expected) = expected.filter(|v| *v != current.updated_at) {
            return Err(changed_meanwhile(&current, &expected));
        }
        let mut merged =
            serde_json::to_value(CaseDraft::from_case(&current)).map_err(|source| Error::Json {
                context: "case".into(),
                source,
            })?;
        merge_patch(&mut merged, &patch);
        let draft: CaseDraft = serde_json::from_value(merged).map_err(|source| Error::Json {
            context: "wijziging van de casus".into(),
            source,
        })?;
        let new = draft.validate(today).map_err(Error::Invalid)?;
        w.companies_mut()
            .update(&current.company.id, &new.company)?;
        let case = store_case_update(w, &current, &new, today)?;
        Ok(case)
    })
}

/// The key of a case patch that names the version (`updated_at`) the edit was made on.
pub const EXPECTED_VERSION: &str = "expected_updated_at";

/// An edit made on a version of the case that another window, the CLI or another user has
/// changed since: refused, so their change is not overwritten unseen.
fn changed_meanwhile(current: &Case, expected: &str) -> Error {
    let when = |v: &str| {
        chrono::DateTime::parse_from_rfc3339(v)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format(crate::domain::format::DATE_TIME_SECONDS_NL)
                    .to_string()
            })
            .unwrap_or_else(|_| v.to_string())
    };
    Error::Conflict {
        code: "case_changed_meanwhile",
        message_nl: format!(
            "Casus {} is intussen gewijzigd (om {}; u bewerkte de versie van {}). Uw wijziging is niet opgeslagen: open de casus opnieuw en breng haar daarin aan.",
            current.case_number,
            when(&current.updated_at),
            when(expected)
        ),
        message_en: format!(
            "Case {} was changed meanwhile (at {}; you edited the version of {}). Your change was not saved: open the case again and make it there.",
            current.case_number,
            when(&current.updated_at),
            when(expected)
        ),
    }
}

/// Stores a checked case inside a running write: its status change must follow the workflow,
/// and reaching financed, partly financed or closed schedules the follow-ups.
pub(crate) fn store_case_update(
    w: &Writer<'_>,
    current: &Case,
    new: &NewCase,
    today: NaiveDate,
) -> Result<Case> {
    current
        .status
        .check_transition(new.status)
        .map_err(|e| Error::Invalid(vec![e]))?;
    let case = w.cases_mut().update(&current.id, new)?;
    if new.status != current.status && starts_follow_ups(new.status) {
        w.outcomes_mut().schedule_follow_ups(&case.id, today)?;
    }
    Ok(case)
}

fn merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    match (target, patch) {
        (serde_json::Value::Object(target), serde_json::Value::Object(patch)) => {
            for (key, value) in patch {
                if value.is_object() {
                    let slot = target
                        .entry(key.clone())
                        .or_insert(serde_json::Value::Object(Default::default()));
                    if !slot.is_object() {
                        *slot = serde_json::Value::Object(Default::default());
                    }
                    merge_patch(slot, value);
                } else {
                    target.insert(key.clone(), value.clone());
                }
            }
        }
        (target, patch) => *target = patch.clone(),
    }
}

/// Soft-deletes a case; its history stays.
pub fn delete_case(store: &mut Store, actor: &Actor, id: &str) -> Result<Case> {
    store.transact(actor, |w| {
        let case = w.cases_mut().soft_delete(id)?;
        Ok(case)
    })
}

/// A case by id or case number.
pub fn get_case(store: &Store, id: &str) -> Result<Case> {
    store.cases().get(id)
}

/// A case with its history.
pub fn get_case_with_history(store: &Store, id: &str) -> Result<CaseWithHistory> {
    let case = store.cases().get(id)?;
    let history = store.history().of_case(&case.id, &case.company.id)?;
    let timeline = readable_history(&history, &store.history().names(&history)?);
    Ok(CaseWithHistory {
        case,
        history,
        timeline,
    })
}

/// Cases matching a filter, its relative conditions judged on `today` unless it names a day.
pub fn list_cases(
    store: &Store,
    filter: &CaseFilter,
    today: NaiveDate,
) -> Result<Vec<CaseSummary>> {
    store.cases().list(&filter.on(today))
}

/// The most rows one page of the case list holds.
pub const MAX_PAGE_ROWS: u32 = 1_000;

/// One page of the cases matching a filter (at most [`MAX_PAGE_ROWS`] rows from `offset`), with
/// how many match in all: what the app's list asks for as the user scrolls. Relative
/// conditions are judged on `today` unless the filter names a day.
pub fn list_case_page(
    store: &Store,
    filter: &CaseFilter,
    offset: u32,
    limit: u32,
    today: NaiveDate,
) -> Result<CasePage> {
    store
        .cases()
        .page(&filter.on(today), offset, limit.clamp(1, MAX_PAGE_ROWS))
}
