//! The demo database: the starter register and about 60 fictional cases.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::cases::add_validated;
use super::register::import_starter_register;
use crate::domain::*;
use crate::error::{Error, Result, RowError};
use crate::store::Store;

/// The demo cases (`assets/demo/cases.json`), in the `case add --json` format.
pub const DEMO_CASES_JSON: &str = include_str!("../../assets/demo/cases.json");

/// The day the demo data describes; loading it later moves every date by the days since,
/// so the demo stays a living table (recent intakes, actions due, consents about to end).
pub const DEMO_REFERENCE_DATE: (i32, u32, u32) = (2026, 11, 22);

fn shift_date(value: &mut Option<String>, days: i64) -> Result<()> {
    if let Some(text) = value.as_deref() {
        let date = crate::domain::parse_date(text).ok_or_else(|| Error::Invalid(vec![FieldError {
            field: "intake_date".into(),
            code: "date_invalid".into(),
            message: format!("Demodatum \"{text}\" is ongeldig."),
            message_en: format!("Demo date \"{text}\" is invalid."),
        }]))?;
        let moved = date + chrono::Duration::days(days);
        *value = Some(moved.format("%Y-%m-%d").to_string());
    }
    Ok(())
}

/// What the demo loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DemoReport {
    /// Financiers in the register.
    pub financiers: u32,
    /// Cases added.
    pub cases: u32,
}

/// Fills an empty database with the starter register and the demo cases, in one transaction each.
pub fn load_demo(store: &mut Store, actor: &Actor, today: NaiveDate) -> Result<DemoReport> {
    if store.cases().count()? > 0 {
        return Err(Error::Conflict {
            code: "not_empty",
            message_nl: "Deze database bevat al casussen; de demo vult alleen een lege database.".into(),
            message_en: "This database already holds cases; the demo only fills an empty database.".into(),
        });
    }
    let mut drafts: Vec<CaseDraft> =
        serde_json::from_str(DEMO_CASES_JSON).map_err(|source| Error::Json { context: "assets/demo/cases.json".into(), source })?;
    let (y, m, d) = DEMO_REFERENCE_DATE;
    let reference = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    let days = (today - reference).num_days();
    for draft in &mut drafts {
        for date in [&mut draft.intake_date, &mut draft.consent_from, &mut draft.consent_until, &mut draft.next_action_due] {
            shift_date(date, days)?;
        }
    }
    let mut cases = Vec::with_capacity(drafts.len());
    let mut bad = Vec::new();
    for (index, draft) in drafts.iter().enumerate() {
        match draft.validate(today) {
            Ok(case) => cases.push(case),
            Err(errors) => bad.push(RowError { line: index + 1, errors }),
        }
    }
    if !bad.is_empty() {
        return Err(Error::ImportRows(bad));
    }
    import_starter_register(store, actor)?;
    let w = store.write(actor)?;
    // Oldest first, so case numbers follow intake order.
    cases.sort_by_key(|c| c.intake_date);
    for case in &cases {
        add_validated(&w, case)?;
    }
    w.commit()?;
    Ok(DemoReport { financiers: store.financiers().count()? as u32, cases: cases.len() as u32 })
}
