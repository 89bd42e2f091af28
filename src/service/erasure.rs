//! Erasure of personal data (AVG/GDPR article 17) and the retention rule, as use cases.
//!
//! An erasure removes a company's (or a person's) identifying data and free texts from the
//! current rows *and* from the old and new values of the change log, keeps what the table's
//! yearly figures count, and records itself as one change-log entry of entity `erasure` — who,
//! when, which kind, and ids only. Policies: [`crate::domain::erasure`]; rows and log:
//! [`crate::store::ErasureMut`].

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use crate::domain::erasure::{check_retention_months, retention_cutoff};
use crate::domain::{Actor, Company, ErasureKind, normalise_kvk};
use crate::error::{Error, Result};
use crate::store::{Cleanup, DueCase, ErasedCounts, Store, Writer, new_id};

/// How an erasure was confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation<'a> {
    /// The user typed this; it must be the name of what is erased (case and spacing aside).
    Typed(&'a str),
    /// Confirmed before Tafel was asked (`--yes` on the command line).
    Given,
}

fn folded(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Checks a typed confirmation against the name it must repeat.
pub fn check_confirmation(expected: &str, confirmation: Confirmation<'_>) -> Result<()> {
    match confirmation {
        Confirmation::Given => Ok(()),
        Confirmation::Typed(typed)
            if folded(typed) == folded(expected) && !folded(expected).is_empty() =>
        {
            Ok(())
        }
        Confirmation::Typed(_) => Err(Error::ErasureNotConfirmed {
            expected: expected.to_string(),
        }),
    }
}

/// What an erasure of a company would erase, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CompanyErasurePreview {
    /// The company.
    pub company_id: String,
    /// Its name: what the user types to confirm.
    pub name: String,
    /// Its KvK number.
    pub kvk: Option<String>,
    /// The numbers of its cases (deleted ones too), whose free texts go as well.
    pub case_numbers: Vec<String>,
    /// When it was erased, if it was.
    pub erased_at: Option<String>,
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErasureReport {
    /// Which kind of erasure.
    pub kind: ErasureKind,
    /// The company or contact erased; for the retention rule, the id of its log entry.
    pub subject_id: String,
    /// The cases anonymised.
    pub case_ids: Vec<String>,
    /// The companies erased.
    pub company_ids: Vec<String>,
    /// Rows and log entries changed.
    pub counts: ErasedCounts,
    /// Whether an erasure entry was written (nothing to erase writes none).
    pub recorded: bool,
    /// Whether the database file was rebuilt without unused space afterwards, so no freed
    /// copy of an erased value is left in it (another window writing at that moment can keep
    /// it from running; the next erasure rebuilds it).
    pub vacuumed: bool,
    /// Whether the write-ahead log was checkpointed completely afterwards (another window or
    /// command reading at that moment can hold part of it back until the next checkpoint).
    pub wal_checkpointed: bool,
}

impl ErasureReport {
    /// The report of a recorded erasure of one subject (`kind`, `subject_id`); the cases and
    /// companies it touched are added by the erasures that have them.
    fn recorded(
        kind: ErasureKind,
        subject_id: String,
        counts: ErasedCounts,
        cleanup: Cleanup,
    ) -> ErasureReport {
        ErasureReport {
            kind,
            subject_id,
            case_ids: Vec::new(),
            company_ids: Vec::new(),
            counts,
            recorded: true,
            vacuumed: cleanup.vacuumed,
            wal_checkpointed: cleanup.wal_checkpointed,
        }
    }
}

/// Finds a company by id, KvK number, or the id or number of one of its cases.
pub fn find_company(store: &Store, reference: &str) -> Result<Company> {
    let reference = reference.trim();
    match store.companies().get(reference) {
        Ok(company) => return Ok(company),
        Err(Error::NotFound { .. }) => {}
        Err(other) => return Err(other),
    }
    // Not a KvK number at all is no error here: the reference may still be a case.
    if let Ok(kvk) = normalise_kvk(reference)
        && let Some(company) = store.companies().by_kvk(&kvk)?
    {
        return Ok(company);
    }
    match store.cases().get(reference) {
        Ok(case) => Ok(case.company),
        Err(Error::NotFound { .. }) => Err(Error::NotFound {
            entity: "company",
            id: reference.to_string(),
        }),
        Err(other) => Err(other),
    }
}

/// What erasing the company `reference` names would erase.
pub fn preview_company_erasure(store: &Store, reference: &str) -> Result<CompanyErasurePreview> {
    let company = find_company(store, reference)?;
    let case_numbers = store
        .conn()
        .prepare_cached("SELECT case_number FROM cases WHERE company_id = ?1 ORDER BY case_number")?
        .query_map([&company.id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(CompanyErasurePreview {
        company_id: company.id,
        name: company.name,
        kvk: company.kvk,
        case_numbers,
        erased_at: company.erased_at,
    })
}

/// What an erasure of a financier's contact person would erase, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContactErasurePreview {
    /// The contact.
    pub contact_id: String,
    /// Its name; `None` for a contact deleted earlier, whom only the change log still holds.
    pub name: Option<String>,
    /// The financier it works for, when its row is still there.
    pub financier_name: Option<String>,
    /// When it was erased, if it was.
    pub erased_at: Option<String>,
}

/// What erasing the financier contact `contact_id` would erase.
pub fn preview_contact_erasure(store: &Store, contact_id: &str) -> Result<ContactErasurePreview> {
    let contact_id = contact_id.trim();
    match store.financiers().financier_of_contact(contact_id) {
        Ok(financier_id) => {
            let financier = store.financiers().get(&financier_id)?;
            let contact = financier.contacts.iter().find(|c| c.id == contact_id);
            Ok(ContactErasurePreview {
                contact_id: contact_id.to_string(),
                name: contact.map(|c| c.name.clone()),
                financier_name: Some(financier.name.clone()),
                erased_at: contact.and_then(|c| c.erased_at.clone()),
            })
        }
        Err(Error::NotFound { .. }) if !store.history().of("contact", contact_id)?.is_empty() => {
            Ok(ContactErasurePreview {
                contact_id: contact_id.to_string(),
                name: None,
                financier_name: None,
                erased_at: None,
            })
        }
        Err(other) => Err(other),
    }
}

fn record(
    w: &Writer<'_>,
    kind: ErasureKind,
    subject_id: &str,
    mut fields: serde_json::Value,
    counts: ErasedCounts,
) -> Result<()> {
    if let Some(map) = fields.as_object_mut() {
        map.insert("rows".into(), json!([null, counts.rows]));
        map.insert("log_entries".into(), json!([null, counts.log_entries]));
    }
    w.log("erasure", subject_id, kind.id(), &fields)
}

/// Erases a company (named by id, KvK number or one of its cases): its name (it becomes
/// "Gewist bedrijf"), KvK number, address, contact person and exact figures, and every free
/// text of its cases and of what hangs from them, in the rows and in the log; the cases stay
/// for the figures. A company erased before is refused (`already_erased`), with nothing changed.
pub fn erase_company(
    store: &mut Store,
    actor: &Actor,
    reference: &str,
    confirmation: Confirmation<'_>,
) -> Result<ErasureReport> {
    let company = find_company(store, reference)?;
    if let Some(erased_at) = company.erased_at {
        return Err(Error::AlreadyErased {
            entity: "company",
            id: company.id,
            erased_at,
        });
    }
    check_confirmation(&company.name, confirmation)?;
    let id = company.id;
    let ((case_ids, counts), cleanup) = store.erase(actor, |w| {
        let (case_ids, counts) = w.erasure_mut().company(&id)?;
        record(
            w,
            ErasureKind::Company,
            &id,
            json!({"company_id": [null, id], "case_ids": [null, case_ids]}),
            counts,
        )?;
        Ok((case_ids, counts))
    })?;
    Ok(ErasureReport {
        case_ids,
        company_ids: vec![id.clone()],
        ..ErasureReport::recorded(ErasureKind::Company, id, counts, cleanup)
    })
}

/// Erases the contact person of a company (name, e-mail, phone), in its row and in the log.
/// Nothing left to erase changes nothing and records nothing.
pub fn erase_company_contact(
    store: &mut Store,
    actor: &Actor,
    reference: &str,
) -> Result<ErasureReport> {
    let company = find_company(store, reference)?;
    let id = company.id;
    let ((counts, recorded), cleanup) = store.erase(actor, |w| {
        let counts = w.erasure_mut().company_contact(&id)?;
        let recorded = counts != ErasedCounts::default();
        if recorded {
            record(
                w,
                ErasureKind::CompanyContact,
                &id,
                json!({"company_id": [null, id]}),
                counts,
            )?;
        }
        Ok((counts, recorded))
    })?;
    Ok(ErasureReport {
        company_ids: vec![id.clone()],
        recorded,
        ..ErasureReport::recorded(ErasureKind::CompanyContact, id, counts, cleanup)
    })
}

/// Erases a financier's contact person (by id; also one deleted earlier, whose values only the
/// log still holds): name, role, e-mail and phone, as attendee of meetings too. A second
/// erasure is refused (`already_erased`).
pub fn erase_contact(store: &mut Store, actor: &Actor, contact_id: &str) -> Result<ErasureReport> {
    let contact_id = contact_id.trim();
    let (counts, cleanup) = store.erase(actor, |w| {
        let (financier_id, counts) = w.erasure_mut().contact(contact_id)?;
        record(
            w,
            ErasureKind::Contact,
            contact_id,
            json!({"contact_id": [null, contact_id], "financier_id": [null, financier_id]}),
            counts,
        )?;
        Ok(counts)
    })?;
    Ok(ErasureReport::recorded(
        ErasureKind::Contact,
        contact_id.to_string(),
        counts,
        cleanup,
    ))
}

/// Erases what a referral received from another table (by its number in the exchange inbox)
/// says of its company: its named details and its reason. Where it came from and its anonymised
/// one-pager stay; nothing is sent to the other table. Meant for a referral that was never
/// accepted — one accepted as a case goes with its company ([`erase_company`]).
pub fn erase_received_referral(store: &mut Store, actor: &Actor, id: i64) -> Result<ErasureReport> {
    let subject = id.to_string();
    let (counts, cleanup) = store.erase(actor, |w| {
        let counts = w.erasure_mut().received_referral(id)?;
        record(
            w,
            ErasureKind::ReceivedReferral,
            &subject,
            json!({"referral": [null, id]}),
            counts,
        )?;
        Ok(counts)
    })?;
    Ok(ErasureReport::recorded(
        ErasureKind::ReceivedReferral,
        subject,
        counts,
        cleanup,
    ))
}

/// The retention rule as set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RetentionSettings {
    /// Months after which closed cases are anonymised; `None`: the rule is off.
    pub months: Option<u32>,
    /// The period when nothing is set.
    pub default_months: u32,
    /// The day the rule last ran when the app opened the database.
    pub last_run_on: Option<NaiveDate>,
}

/// The retention rule as set in the database.
pub fn retention_settings(store: &Store) -> Result<RetentionSettings> {
    let settings = store.settings();
    Ok(RetentionSettings {
        months: settings.retention_months()?,
        default_months: crate::domain::DEFAULT_RETENTION_MONTHS,
        last_run_on: settings.retention_last_run()?,
    })
}

/// Sets the retention period (0 turns the rule off); the change is in the change log.
pub fn set_retention_months(
    store: &mut Store,
    actor: &Actor,
    months: u32,
) -> Result<RetentionSettings> {
    let months = check_retention_months(months).map_err(|e| Error::Invalid(vec![e]))?;
    store.transact(actor, |w| w.settings_mut().set_retention_months(months))?;
    retention_settings(store)
}

/// Which closed cases the retention rule would anonymise on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RetentionPreview {
    /// The period applied; `None`: the rule is off and nothing is due.
    pub months: Option<u32>,
    /// Cases that closed before this day are due.
    pub cutoff: Option<NaiveDate>,
    /// The cases due, oldest first.
    pub cases: Vec<DueCase>,
    /// Companies left without any other case, erased with them.
    pub company_ids: Vec<String>,
}

/// The period to apply: `months` when given (0: off), else the one set.
fn months_to_apply(store: &Store, months: Option<u32>) -> Result<Option<u32>> {
    match months {
        Some(months) => check_retention_months(months).map_err(|e| Error::Invalid(vec![e])),
        None => store.settings().retention_months(),
    }
}

/// What the retention rule would anonymise on `today` with `months` (the set period when
/// `None`); writes nothing.
pub fn preview_retention(
    store: &Store,
    today: NaiveDate,
    months: Option<u32>,
) -> Result<RetentionPreview> {
    let months = months_to_apply(store, months)?;
    let Some(cutoff) = months.and_then(|m| retention_cutoff(today, m)) else {
        return Ok(RetentionPreview {
            months,
            cutoff: None,
            cases: Vec::new(),
            company_ids: Vec::new(),
        });
    };
    let cases = store.erasures().due(cutoff)?;
    let company_ids = store.erasures().companies_left_without_cases(&cases)?;
    Ok(RetentionPreview {
        months,
        cutoff: Some(cutoff),
        cases,
        company_ids,
    })
}

/// Applies the retention rule on `today`: every closed case whose last status change is more
/// than `months` (the set period when `None`) ago is anonymised as an erasure would, and a
/// company with no other case still open or within the period is erased. One erasure entry
/// records it (ids only); nothing due writes nothing.
pub fn apply_retention(
    store: &mut Store,
    actor: &Actor,
    today: NaiveDate,
    months: Option<u32>,
) -> Result<ErasureReport> {
    let months = months_to_apply(store, months)?;
    run_retention(store, actor, today, months, false)
}

/// The retention rule as the app applies it when it opens the database: at most once a day,
/// never on a database opened read-only, not when the rule is off. `None` when it did not run.
pub fn apply_retention_on_open(
    store: &mut Store,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Option<ErasureReport>> {
    if store.is_read_only()? {
        return Ok(None);
    }
    let settings = store.settings();
    let Some(months) = settings.retention_months()? else {
        return Ok(None);
    };
    if settings
        .retention_last_run()?
        .is_some_and(|last| last >= today)
    {
        return Ok(None);
    }
    run_retention(store, actor, today, Some(months), true).map(Some)
}

fn run_retention(
    store: &mut Store,
    actor: &Actor,
    today: NaiveDate,
    months: Option<u32>,
    on_open: bool,
) -> Result<ErasureReport> {
    let subject_id = new_id();
    let empty = || ErasureReport {
        kind: ErasureKind::Retention,
        subject_id: subject_id.clone(),
        case_ids: Vec::new(),
        company_ids: Vec::new(),
        counts: ErasedCounts::default(),
        recorded: false,
        vacuumed: false,
        wal_checkpointed: false,
    };
    let Some((months, cutoff)) = months.and_then(|m| retention_cutoff(today, m).map(|c| (m, c)))
    else {
        return Ok(empty());
    };
    if store.erasures().due(cutoff)?.is_empty() {
        if on_open {
            store.transact(actor, |w| w.settings_mut().mark_retention_run(today))?;
        }
        return Ok(empty());
    }
    let ((case_ids, company_ids, counts), cleanup) = store.erase(actor, |w| {
        // Read again inside the write, so what is erased is what is due now.
        let due = w.erasures().due(cutoff)?;
        let company_ids = w.erasures().companies_left_without_cases(&due)?;
        let case_ids: Vec<String> = due.into_iter().map(|d| d.case_id).collect();
        let mut counts = w.erasure_mut().cases(&case_ids)?;
        for company in &company_ids {
            let erased = w.erasure_mut().company_identity(company)?;
            counts.rows += erased.rows;
            counts.log_entries += erased.log_entries;
        }
        if on_open {
            w.settings_mut().mark_retention_run(today)?;
        }
        record(
            w,
            ErasureKind::Retention,
            &subject_id,
            json!({
                "months": [null, months], "cutoff": [null, cutoff.to_string()], "automatic": [null, on_open],
                "case_ids": [null, case_ids], "company_ids": [null, company_ids],
            }),
            counts,
        )?;
        Ok((case_ids, company_ids, counts))
    })?;
    Ok(ErasureReport {
        case_ids,
        company_ids,
        ..ErasureReport::recorded(ErasureKind::Retention, subject_id, counts, cleanup)
    })
}

#[cfg(test)]
mod tests {
    use super::{Confirmation, check_confirmation};

    #[test]
    fn the_typed_name_must_be_the_name_with_case_and_spacing_aside() {
        assert!(
            check_confirmation(
                "Bakkerij Zonnedauw BV",
                Confirmation::Typed("  bakkerij  zonnedauw bv ")
            )
            .is_ok()
        );
        assert!(
            check_confirmation(
                "Bakkerij Zonnedauw BV",
                Confirmation::Typed("Bakkerij Zonnedauw")
            )
            .is_err()
        );
        assert!(check_confirmation("Bakkerij Zonnedauw BV", Confirmation::Typed("")).is_err());
        assert!(check_confirmation("Bakkerij Zonnedauw BV", Confirmation::Given).is_ok());
    }
}
