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
        let financier_id = match financier_ids.get(&entry.financier.name) {
            Some(id) => id.clone(),
            None => {
                let (id, outcome) = w.financiers_mut().upsert_financier(&entry.financier)?;
                match outcome {
                    Upserted::Created => report.financiers_created += 1,
                    Upserted::Updated => report.financiers_updated += 1,
                    Upserted::Unchanged => {}
                }
                financier_ids.insert(entry.financier.name.clone(), id.clone());
                id
            }
        };
        match w.financiers_mut().upsert_instrument(&financier_id, &entry.instrument)?.1 {
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
                let (financier, instrument) = (&entry.financier, &entry.instrument);
                match first_seen.get(&financier.name) {
                    Some((first, kind, regions)) if *kind != financier.financier_type || *regions != financier.regions => problems.add(
                        "financier_type",
                        "financier_inconsistent",
                        format!("{} heeft op regel {first} een ander type of andere regio's.", financier.name),
                        format!("{} has another type or other regions on line {first}.", financier.name),
                    ),
                    Some(_) => {}
                    None => {
                        first_seen.insert(financier.name.clone(), (*line, financier.financier_type, financier.regions.clone()));
                    }
                }
                let key = (financier.name.clone(), instrument.name.clone());
                if let Some(first) = instruments_seen.insert(key, *line) {
                    problems.add(
                        "instrument_name",
                        "instrument_duplicate",
                        format!("Instrument \"{}\" van {} staat ook op regel {first}.", instrument.name, financier.name),
                        format!("Instrument \"{}\" of {} is also on line {first}.", instrument.name, financier.name),
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

/// A financier with its history, as the financier page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FinancierWithHistory {
    /// The financier with contacts and instruments.
    pub financier: Financier,
    /// Changes to it, its instruments and contacts, oldest first.
    pub history: Vec<ChangeEntry>,
}

/// A financier with its history.
pub fn get_financier_with_history(store: &Store, id: &str) -> Result<FinancierWithHistory> {
    Ok(FinancierWithHistory { financier: store.financiers().get(id)?, history: store.history().of_financier(id)? })
}

/// Adds a financier to the register.
pub fn create_financier(store: &mut Store, actor: &Actor, draft: &FinancierDraft) -> Result<Financier> {
    let new = draft.validate().map_err(Error::Invalid)?;
    let w = store.write(actor)?;
    let financier = w.financiers_mut().create(&new)?;
    w.commit()?;
    Ok(financier)
}

/// Changes a financier's own fields.
pub fn update_financier(store: &mut Store, actor: &Actor, id: &str, draft: &FinancierDraft) -> Result<Financier> {
    let new = draft.validate().map_err(Error::Invalid)?;
    let w = store.write(actor)?;
    let financier = w.financiers_mut().update(id, &new)?;
    w.commit()?;
    Ok(financier)
}

/// Removes a financier from the register (soft).
pub fn delete_financier(store: &mut Store, actor: &Actor, id: &str) -> Result<Financier> {
    let w = store.write(actor)?;
    let financier = w.financiers_mut().delete(id)?;
    w.commit()?;
    Ok(financier)
}

/// Adds an instrument to a financier.
pub fn add_instrument(store: &mut Store, actor: &Actor, financier_id: &str, draft: &InstrumentDraft) -> Result<Instrument> {
    let new = draft.validate().map_err(Error::Invalid)?;
    let w = store.write(actor)?;
    let instrument = w.financiers_mut().create_instrument(financier_id, &new)?;
    w.commit()?;
    Ok(instrument)
}

/// Changes an instrument.
pub fn update_instrument(store: &mut Store, actor: &Actor, id: &str, draft: &InstrumentDraft) -> Result<Instrument> {
    let new = draft.validate().map_err(Error::Invalid)?;
    let w = store.write(actor)?;
    let instrument = w.financiers_mut().update_instrument(id, &new)?;
    w.commit()?;
    Ok(instrument)
}

/// Removes an instrument (soft).
pub fn delete_instrument(store: &mut Store, actor: &Actor, id: &str) -> Result<Instrument> {
    let w = store.write(actor)?;
    let instrument = w.financiers_mut().delete_instrument(id)?;
    w.commit()?;
    Ok(instrument)
}

/// Adds a contact person to a financier.
pub fn add_contact(store: &mut Store, actor: &Actor, financier_id: &str, draft: &ContactDraft) -> Result<Contact> {
    let new = draft.validate().map_err(Error::Invalid)?;
    let w = store.write(actor)?;
    let contact = w.financiers_mut().create_contact(financier_id, &new)?;
    w.commit()?;
    Ok(contact)
}

/// Changes a contact person.
pub fn update_contact(store: &mut Store, actor: &Actor, id: &str, draft: &ContactDraft) -> Result<Contact> {
    let new = draft.validate().map_err(Error::Invalid)?;
    let w = store.write(actor)?;
    let contact = w.financiers_mut().update_contact(id, &new)?;
    w.commit()?;
    Ok(contact)
}

/// Removes a contact person.
pub fn delete_contact(store: &mut Store, actor: &Actor, id: &str) -> Result<Contact> {
    let w = store.write(actor)?;
    let contact = w.financiers_mut().delete_contact(id)?;
    w.commit()?;
    Ok(contact)
}
