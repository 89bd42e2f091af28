//! Register use cases: import (preview, mapping, bad rows), list, read, edit.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::transfer::{ImportMode, PREVIEW_ROWS};
use crate::domain::*;
use crate::error::{Error, Result, RowError};
use crate::import::mapping::ImportField;
use crate::import::register::{
    self as reader, NumberedRow, RegisterColumnMapping, RegisterField, ResolvedRegisterMapping,
    Values, guess_register_mapping,
};
use crate::import::sheet::Sheet;
use crate::store::{FinanciersMut, Store, Upserted, Writer};

/// The files a register sheet may be.
const REGISTER_EXTENSIONS: &[&str] = &["csv", "xlsx", "xlsm", "json"];

/// The starter register shipped with Tafel (`assets/register/register.csv`).
pub const STARTER_REGISTER_CSV: &str = include_str!("../../assets/register/register.csv");

/// What a register import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegisterImportReport {
    /// The mapping used.
    pub mapping: RegisterColumnMapping,
    /// Data rows in the file.
    pub total_rows: u32,
    /// Rows imported: valid rows, whether they changed the register or not.
    pub rows: u32,
    /// Financiers added.
    pub financiers_created: u32,
    /// Financiers whose type or regions changed.
    pub financiers_updated: u32,
    /// Instruments added.
    pub instruments_created: u32,
    /// Instruments changed.
    pub instruments_updated: u32,
    /// Rows whose instrument was already like this.
    pub unchanged: u32,
    /// Bad rows, skipped ([`ImportMode::ValidRows`]); with their sheet row numbers.
    pub errors: Vec<RowError>,
}

/// One row of a register import preview, as it will be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegisterPreviewRow {
    /// Row number in the sheet (the header is row 1; JSON: the item number).
    pub row: usize,
    /// The row, values translated to taxonomy ids where recognised.
    pub entry: RegisterRow,
}

/// What a register import would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RegisterImportPreview {
    /// Column headers of the sheet.
    pub headers: Vec<String>,
    /// The mapping used: the given one, or the one guessed from the headers.
    pub mapping: RegisterColumnMapping,
    /// True when the mapping was guessed.
    pub mapping_guessed: bool,
    /// Required fields (paths) no column fills: every row will lack them.
    pub missing_fields: Vec<String>,
    /// The first rows as read.
    pub sample: Vec<RegisterPreviewRow>,
    /// Data rows in the sheet.
    pub total_rows: u32,
    /// Rows that pass validation and the file's consistency checks.
    pub valid_rows: u32,
    /// Every bad row with its number and Dutch (and English) field messages.
    pub errors: Vec<RowError>,
    /// Valid rows that add an instrument.
    pub new_rows: u32,
    /// Valid rows that change a stored instrument.
    pub updated_rows: u32,
    /// Valid rows whose instrument is already stored like this.
    pub unchanged_rows: u32,
    /// Financiers that would be added.
    pub financiers_created: u32,
    /// Stored financiers whose type or regions would change.
    pub financiers_updated: u32,
}

/// The fields a register sheet column can fill, with Dutch and English labels, for the mapping picker.
pub fn register_import_fields() -> Vec<ImportField> {
    reader::register_import_fields()
}

/// Imports a register file (`.csv`, `.xlsx` or `.json`) with the fixed columns and ids of
/// `register.csv`, all rows or nothing: a bad row is reported with its row number and
/// reason, and then nothing is imported. [`import_register`] reads any headers and labels.
pub fn import_register_file(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
) -> Result<RegisterImportReport> {
    import_fixed_sheet(store, actor, &reader::read_sheet(path)?)
}

/// Imports the starter register shipped with Tafel.
pub fn import_starter_register(store: &mut Store, actor: &Actor) -> Result<RegisterImportReport> {
    let sheet = Sheet::from_csv_bytes(
        STARTER_REGISTER_CSV.as_bytes(),
        Path::new("assets/register/register.csv"),
    )?;
    import_fixed_sheet(store, actor, &sheet)
}

fn import_fixed_sheet(
    store: &mut Store,
    actor: &Actor,
    sheet: &Sheet,
) -> Result<RegisterImportReport> {
    let analysis = analyse(
        sheet,
        Some(&RegisterColumnMapping::exact(&sheet.headers)),
        Values::AsTyped,
    )?;
    reader::require_name_column(&analysis.resolved)?;
    write_analysed(store, actor, analysis, ImportMode::AllOrNothing)
}

/// Validates register rows (with their row numbers) and writes them in one transaction, or
/// nothing if any row is bad ([`Error::ImportRows`]). Every field of a row counts as given:
/// an empty one clears the stored value (empty structured rules keep the stored ones).
pub fn import_register_rows(
    store: &mut Store,
    actor: &Actor,
    rows: &[NumberedRow],
) -> Result<RegisterImportReport> {
    let (entries, errors) = check_rows(rows);
    if !errors.is_empty() {
        return Err(Error::ImportRows(errors));
    }
    store.transact(actor, |w| {
        let counts = write_entries(w, &entries, RegisterField::ALL)?;
        Ok(RegisterImportReport {
            total_rows: rows.len() as u32,
            ..counts
        })
    })
}

/// Reads a register sheet (`.csv`, `.xlsx` or `.json`) and shows what an import would do:
/// the mapping (guessed from the headers when none is given), every bad row, and how many
/// financiers and instruments would be added or changed.
///
/// The counts come from doing the import in a transaction that is rolled back: nothing is kept.
pub fn preview_register_import(
    store: &mut Store,
    path: &Path,
    mapping: Option<&RegisterColumnMapping>,
) -> Result<RegisterImportPreview> {
    super::chosen_file::check(
        store,
        path,
        REGISTER_EXTENSIONS,
        super::chosen_file::Use::Read,
    )?;
    let sheet = reader::read_sheet(path)?;
    preview_register_sheet(store, &sheet, mapping)
}

/// [`preview_register_import`] for a sheet already read.
pub fn preview_register_sheet(
    store: &mut Store,
    sheet: &Sheet,
    mapping: Option<&RegisterColumnMapping>,
) -> Result<RegisterImportPreview> {
    let analysis = analyse(sheet, mapping, Values::Translated)?;
    let actor = Actor {
        author: "voorbeeld".into(),
        source: WriteSource::Import,
        // The preview's writes are rolled back: no moment of them is ever kept.
        at: Moment::new(chrono::DateTime::UNIX_EPOCH, NaiveDate::default()),
    };
    // Not `transact`: the preview writes in a transaction it never commits, so the counts are
    // exactly what the import would do and nothing is kept.
    let w = store.write(&actor)?;
    let counts = write_entries(&w, &analysis.entries, &analysis.mapped())?;
    // Dropped without commit: the transaction rolls back.
    drop(w);
    Ok(RegisterImportPreview {
        missing_fields: analysis.resolved.missing_required(),
        sample: analysis
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(row, entry)| RegisterPreviewRow {
                row: *row,
                entry: entry.clone(),
            })
            .collect(),
        total_rows: analysis.rows.len() as u32,
        valid_rows: analysis.entries.len() as u32,
        new_rows: counts.instruments_created,
        updated_rows: counts.instruments_updated,
        unchanged_rows: counts.unchanged,
        financiers_created: counts.financiers_created,
        financiers_updated: counts.financiers_updated,
        errors: analysis.errors,
        headers: analysis.headers,
        mapping: analysis.mapping,
        mapping_guessed: analysis.guessed,
    })
}

/// Imports the financiers and instruments of a register sheet (`.csv`, `.xlsx` or `.json`)
/// in one transaction, recorded with source `import`.
///
/// Columns are mapped by `mapping`, or guessed from Dutch and English headers; values are
/// read from ids, labels and common spellings. A financier is matched by name and an
/// instrument by financier and name: a row adds them or updates them. Bad rows (also a
/// financier with another type or other regions than on an earlier row, or an instrument
/// that is on an earlier row) are skipped and reported in [`ImportMode::ValidRows`]; in
/// [`ImportMode::AllOrNothing`] any bad row means nothing is written and
/// [`Error::ImportRows`] lists them.
pub fn import_register(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    mapping: Option<&RegisterColumnMapping>,
    mode: ImportMode,
) -> Result<RegisterImportReport> {
    super::chosen_file::check(
        store,
        path,
        REGISTER_EXTENSIONS,
        super::chosen_file::Use::Read,
    )?;
    let sheet = reader::read_sheet(path)?;
    import_register_sheet(store, actor, &sheet, mapping, mode)
}

/// [`import_register`] for a sheet already read.
pub fn import_register_sheet(
    store: &mut Store,
    actor: &Actor,
    sheet: &Sheet,
    mapping: Option<&RegisterColumnMapping>,
    mode: ImportMode,
) -> Result<RegisterImportReport> {
    let actor = Actor {
        source: WriteSource::Import,
        ..actor.clone()
    };
    let analysis = analyse(sheet, mapping, Values::Translated)?;
    write_analysed(store, &actor, analysis, mode)
}

/// A sheet read through a mapping and checked, before anything is written.
struct Analysis {
    headers: Vec<String>,
    mapping: RegisterColumnMapping,
    guessed: bool,
    resolved: ResolvedRegisterMapping,
    rows: Vec<NumberedRow>,
    entries: Vec<(usize, RegisterEntry)>,
    errors: Vec<RowError>,
}

impl Analysis {
    /// The fields some column fills.
    fn mapped(&self) -> Vec<RegisterField> {
        self.resolved
            .fields
            .iter()
            .map(|(_, field)| *field)
            .collect()
    }
}

fn analyse(
    sheet: &Sheet,
    mapping: Option<&RegisterColumnMapping>,
    values: Values,
) -> Result<Analysis> {
    let guessed = mapping.is_none();
    let (mapping, resolved) = match mapping {
        // A given mapping must fit the sheet: unknown columns or fields are refused.
        Some(given) => (
            given.for_headers(&sheet.headers),
            given.resolve(&sheet.headers)?,
        ),
        None => {
            let mapping = guess_register_mapping(&sheet.headers);
            let resolved = mapping.resolve(&sheet.headers)?;
            (mapping, resolved)
        }
    };
    let rows = reader::sheet_rows(sheet, &resolved, values)?;
    let (entries, errors) = check_rows(&rows);
    Ok(Analysis {
        headers: sheet.headers.clone(),
        mapping,
        guessed,
        resolved,
        rows,
        entries,
        errors,
    })
}

/// Writes the valid rows in one transaction (or nothing, in all-or-nothing mode with bad rows).
fn write_analysed(
    store: &mut Store,
    actor: &Actor,
    analysis: Analysis,
    mode: ImportMode,
) -> Result<RegisterImportReport> {
    if mode == ImportMode::AllOrNothing && !analysis.errors.is_empty() {
        return Err(Error::ImportRows(analysis.errors));
    }
    store.transact(actor, |w| {
        let counts = write_entries(w, &analysis.entries, &analysis.mapped())?;
        Ok(RegisterImportReport {
            mapping: analysis.mapping,
            total_rows: analysis.rows.len() as u32,
            errors: analysis.errors,
            ..counts
        })
    })
}

/// Adds or updates the financier and instrument of every entry, in the writer's transaction.
/// What no column of the sheet fills stays as stored (see [`keep_unmapped`]).
fn write_entries(
    w: &Writer<'_>,
    entries: &[(usize, RegisterEntry)],
    mapped: &[RegisterField],
) -> Result<RegisterImportReport> {
    let mut report = RegisterImportReport {
        rows: entries.len() as u32,
        ..Default::default()
    };
    let mut financier_ids: HashMap<String, String> = HashMap::new();
    for (_, entry) in entries {
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
        let stored = w
            .financiers()
            .get(&financier_id)?
            .instruments
            .into_iter()
            .find(|i| i.name == entry.instrument.name);
        let instrument = match &stored {
            Some(stored) => keep_unmapped(&entry.instrument, stored, mapped),
            None => entry.instrument.clone(),
        };
        match w
            .financiers_mut()
            .upsert_instrument(&financier_id, &instrument)?
            .1
        {
            Upserted::Created => report.instruments_created += 1,
            Upserted::Updated => report.instruments_updated += 1,
            Upserted::Unchanged => report.unchanged += 1,
        }
    }
    Ok(report)
}

/// An imported instrument over a stored one: fields no column of the sheet fills keep their
/// stored values, so a sheet with fewer columns erases nothing. The tickets go together (a
/// minimum from the sheet beside a stored maximum could be out of order); the instrument's
/// own regions have no column and always stay.
fn keep_unmapped(
    new: &NewInstrument,
    stored: &Instrument,
    mapped: &[RegisterField],
) -> NewInstrument {
    let has = |field: RegisterField| mapped.contains(&field);
    let mut merged = new.clone();
    if !has(RegisterField::TicketMin) && !has(RegisterField::TicketMax) {
        merged.ticket_min_cents = stored.ticket_min_cents;
        merged.ticket_max_cents = stored.ticket_max_cents;
    }
    if !has(RegisterField::Stages) {
        merged.stages = stored.stages.clone();
    }
    if !has(RegisterField::Sectors) {
        merged.sectors = stored.sectors.clone();
    }
    if !has(RegisterField::Rules) {
        merged.rules = stored.rules.clone();
    }
    if !has(RegisterField::SourceUrl) {
        merged.source_url = stored.source_url.clone();
    }
    if !has(RegisterField::VerifiedOn) {
        merged.verified_on = stored.verified_on;
    }
    if !has(RegisterField::Uncertain) {
        merged.uncertainty = stored.uncertainty.clone();
    }
    if !has(RegisterField::RulesEn) {
        merged.rules_en = stored.rules_en.clone();
    }
    if !has(RegisterField::UncertainEn) {
        merged.uncertainty_en = stored.uncertainty_en.clone();
    }
    merged.regions = stored.regions.clone();
    merged
}

/// Validates every row and checks the file is consistent: a financier has one type and one
/// set of regions, an instrument is on one row. Returns the valid rows and the bad ones.
fn check_rows(rows: &[NumberedRow]) -> (Vec<(usize, RegisterEntry)>, Vec<RowError>) {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    let mut first_seen: HashMap<String, (usize, FinancierType, Vec<Region>)> = HashMap::new();
    let mut instruments_seen: HashMap<(String, String), usize> = HashMap::new();
    for (line, row) in rows {
        match row.validate() {
            Err(errors) => bad.push(RowError {
                line: *line,
                errors,
            }),
            Ok(entry) => {
                let mut problems = Problems::default();
                let (financier, instrument) = (&entry.financier, &entry.instrument);
                match first_seen.get(&financier.name) {
                    Some((first, kind, regions))
                        if *kind != financier.financier_type || *regions != financier.regions =>
                    {
                        problems.add(
                            "financier_type",
                            "financier_inconsistent",
                            format!(
                                "{} heeft op regel {first} een ander type of andere regio's.",
                                financier.name
                            ),
                            format!(
                                "{} has another type or other regions on line {first}.",
                                financier.name
                            ),
                        )
                    }
                    Some(_) => {}
                    None => {
                        first_seen.insert(
                            financier.name.clone(),
                            (*line, financier.financier_type, financier.regions.clone()),
                        );
                    }
                }
                let key = (financier.name.clone(), instrument.name.clone());
                if let Some(first) = instruments_seen.insert(key, *line) {
                    problems.add(
                        "instrument_name",
                        "instrument_duplicate",
                        format!(
                            "Instrument \"{}\" van {} staat ook op regel {first}.",
                            instrument.name, financier.name
                        ),
                        format!(
                            "Instrument \"{}\" of {} is also on line {first}.",
                            instrument.name, financier.name
                        ),
                    );
                }
                if problems.is_empty() {
                    entries.push((*line, entry));
                } else {
                    bad.push(RowError {
                        line: *line,
                        errors: problems.into_errors(),
                    });
                }
            }
        }
    }
    (entries, bad)
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
    /// The same changes as they read (`report::history`), oldest first.
    pub timeline: Vec<crate::report::history::ReadableChange>,
    /// The cases it answered at this table and how, the latest first.
    pub answers: Vec<FinancierAnswer>,
}

/// A financier with its history.
pub fn get_financier_with_history(store: &Store, id: &str) -> Result<FinancierWithHistory> {
    let history = store.history().of_financier(id)?;
    let names = store.history().names(&history)?;
    Ok(FinancierWithHistory {
        financier: store.financiers().get(id)?,
        timeline: crate::report::history::readable_history(&history, &names),
        history,
        answers: store.outcomes().answers_of(id)?,
    })
}

/// One register write in its own transaction (one change-log entry): each create, change and
/// removal below is this with its own store call.
fn write_register<T>(
    store: &mut Store,
    actor: &Actor,
    write: impl FnOnce(&FinanciersMut<'_>) -> Result<T>,
) -> Result<T> {
    store.transact(actor, |w| write(&w.financiers_mut()))
}

/// Adds a financier to the register.
pub fn create_financier(
    store: &mut Store,
    actor: &Actor,
    draft: &FinancierDraft,
) -> Result<Financier> {
    let new = draft.validate().map_err(Error::Invalid)?;
    write_register(store, actor, |r| r.create(&new))
}

/// Changes a financier's own fields.
pub fn update_financier(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    draft: &FinancierDraft,
) -> Result<Financier> {
    let new = draft.validate().map_err(Error::Invalid)?;
    write_register(store, actor, |r| r.update(id, &new))
}

/// Removes a financier from the register (soft).
pub fn delete_financier(store: &mut Store, actor: &Actor, id: &str) -> Result<Financier> {
    write_register(store, actor, |r| r.delete(id))
}

/// Adds an instrument to a financier.
pub fn add_instrument(
    store: &mut Store,
    actor: &Actor,
    financier_id: &str,
    draft: &InstrumentDraft,
) -> Result<Instrument> {
    let new = draft.validate().map_err(Error::Invalid)?;
    write_register(store, actor, |r| r.create_instrument(financier_id, &new))
}

/// Changes an instrument.
pub fn update_instrument(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    draft: &InstrumentDraft,
) -> Result<Instrument> {
    let new = draft.validate().map_err(Error::Invalid)?;
    write_register(store, actor, |r| r.update_instrument(id, &new))
}

/// "Vandaag geverifieerd": someone checked an instrument's facts against its source today. The
/// verification date becomes `today`; `source_url`, when given, is the source checked and
/// replaces the stored one. Without a source (given or stored) nothing was checked against
/// anything, and the action is refused (`source_required`). One change-log entry.
pub fn verify_instrument(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    source_url: Option<&str>,
    today: NaiveDate,
) -> Result<Instrument> {
    let given = source_url.map(str::trim).filter(|s| !s.is_empty());
    store.transact(actor, |w| {
        let current = w.financiers_mut().instrument(id)?;
        let mut draft = InstrumentDraft::from_instrument(&current);
        draft.verified_on = Some(today.to_string());
        if let Some(source) = given {
            draft.source_url = Some(source.to_string());
        }
        if draft
            .source_url
            .as_deref()
            .map(str::trim)
            .unwrap_or("")
            .is_empty()
        {
            return Err(Error::invalid(
                "source_url",
                "source_required",
                "Geef de bron die u hebt gecontroleerd (een webadres of document).",
                "Give the source you checked (a web address or document).",
            ));
        }
        let new = draft.validate().map_err(Error::Invalid)?;
        w.financiers_mut().update_instrument(id, &new)
    })
}

/// Removes an instrument (soft).
pub fn delete_instrument(store: &mut Store, actor: &Actor, id: &str) -> Result<Instrument> {
    write_register(store, actor, |r| r.delete_instrument(id))
}

/// Adds a contact person to a financier.
pub fn add_contact(
    store: &mut Store,
    actor: &Actor,
    financier_id: &str,
    draft: &ContactDraft,
) -> Result<Contact> {
    let new = draft.validate().map_err(Error::Invalid)?;
    write_register(store, actor, |r| r.create_contact(financier_id, &new))
}

/// Changes a contact person.
pub fn update_contact(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    draft: &ContactDraft,
) -> Result<Contact> {
    let new = draft.validate().map_err(Error::Invalid)?;
    write_register(store, actor, |r| r.update_contact(id, &new))
}

/// Removes a contact person.
pub fn delete_contact(store: &mut Store, actor: &Actor, id: &str) -> Result<Contact> {
    write_register(store, actor, |r| r.delete_contact(id))
}
