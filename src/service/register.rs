//! Register use cases: import, list, read.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::*;
use crate::error::{Error, Result, RowError};
use crate::import::register::{self as reader, NumberedRow};
use crate::store::{Store, Upserted};

/// The starter register shipped with Tafel (`assets/register/register.csv`).
pub const STARTER_REGISTER_CSV: &str = include_str!("../../assets/register/register.csv");

/// What a register import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RegisterImportReport {
    /// Rows read.
    pub rows: u32,
    /// Financiers added.
    pub financiers_created: u32,
    /// Financiers whose type or regions changed.
    pub financiers_updated: u32,
    /// Instruments added.
    pub instruments_created: u32,
    /// Instruments changed.
    pub instruments_updated: u32,
    /// Rows that changed nothing.
    pub unchanged: u32,
}

/// Imports a register file (CSV or JSON). A bad row is reported with its line
/// number and reason, and then nothing is imported.
pub fn import_register_file(store: &mut Store, actor: &Actor, path: &Path) -> Result<RegisterImportReport> {
    let rows = reader::read_file(path)?;
    import_register_rows(store, actor, &rows)
}

/// Imports the starter register shipped with Tafel.
pub fn import_starter_register(store: &mut Store, actor: &Actor) -> Result<RegisterImportReport> {
    let rows = reader::read_csv(STARTER_REGISTER_CSV.as_bytes(), Path::new("assets/register/register.csv"))?;
    import_register_rows(store, actor, &rows)
}

/// Validates all rows, then writes them in one transaction (or nothing, if any row is bad).
pub fn import_register_rows(store: &mut Store, actor: &Actor, rows: &[NumberedRow]) -> Result<RegisterImportReport> {
    let entries = validate_rows(rows)?;
    let w = store.write(actor)?;
    let mut report = RegisterImportReport { rows: entries.len() as u32, ..Default::default() };
    let mut financier_ids: HashMap<String, String> = HashMap::new();
    for entry in &entries {
        let financier_id = match financier_ids.get(&entry.financier_name) {
            Some(id) => id.clone(),
            None => {
                let (id, outcome) = w.financiers_mut().upsert_financier(entry)?;
                match outcome {
                    Upserted::Created => report.financiers_created += 1,
                    Upserted::Updated => report.financiers_updated += 1,
                    Upserted::Unchanged => {}
                }
                financier_ids.insert(entry.financier_name.clone(), id.clone());
                id
            }
        };
        match w.financiers_mut().upsert_instrument(&financier_id, entry)?.1 {
            Upserted::Created => report.instruments_created += 1,
            Upserted::Updated => report.instruments_updated += 1,
            Upserted::Unchanged => report.unchanged += 1,
        }
    }
    w.commit()?;
    Ok(report)
}

fn validate_rows(rows: &[NumberedRow]) -> Result<Vec<RegisterEntry>> {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    let mut first_seen: HashMap<String, (usize, FinancierType, Vec<Region>)> = HashMap::new();
    let mut instruments_seen: HashMap<(String, String), usize> = HashMap::new();
    for (line, row) in rows {
        match row.validate() {
            Err(errors) => bad.push(RowError { line: *line, errors }),
            Ok(entry) => {
                let mut problems = Problems::default();
                match first_seen.get(&entry.financier_name) {
                    Some((first, kind, regions)) if *kind != entry.financier_type || *regions != entry.regions => problems.add(
                        "financier_type",
                        "financier_inconsistent",
                        format!("{} heeft op regel {first} een ander type of andere regio's.", entry.financier_name),
                        format!("{} has another type or other regions on line {first}.", entry.financier_name),
                    ),
                    Some(_) => {}
                    None => {
                        first_seen.insert(entry.financier_name.clone(), (*line, entry.financier_type, entry.regions.clone()));
                    }
                }
                let key = (entry.financier_name.clone(), entry.instrument_name.clone());
                if let Some(first) = instruments_seen.insert(key, *line) {
                    problems.add(
                        "instrument_name",
                        "instrument_duplicate",
                        format!("Instrument \"{}\" van {} staat ook op regel {first}.", entry.instrument_name, entry.financier_name),
                        format!("Instrument \"{}\" of {} is also on line {first}.", entry.instrument_name, entry.financier_name),
                    );
                }
                if problems.is_empty() {
                    entries.push(entry);
                } else {
                    bad.push(RowError { line: *line, errors: problems.into_errors() });
                }
            }
        }
    }
    if bad.is_empty() { Ok(entries) } else { Err(Error::ImportRows(bad)) }
}

/// The register as list rows.
pub fn list_financiers(store: &Store, today: NaiveDate) -> Result<Vec<FinancierSummary>> {
    store.financiers().list(today)
}

/// One financier with contacts and instruments.
pub fn get_financier(store: &Store, id: &str) -> Result<Financier> {
    store.financiers().get(id)
}
