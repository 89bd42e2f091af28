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
    let drafts: Vec<CaseDraft> =
        serde_json::from_str(DEMO_CASES_JSON).map_err(|source| Error::Json { context: "assets/demo/cases.json".into(), source })?;
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
