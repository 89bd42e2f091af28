//! Moving data in and out: importing the case sheets tables keep today, exporting the
//! case list and the register, and full backups.

use super::chosen_file::{self, Use};

/// The files a case sheet may be.
const SHEET_EXTENSIONS: &[&str] = &["csv", "txt", "xlsx", "xlsm"];
use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cases::add_validated;
use crate::domain::*;
use crate::error::{Error, Result, RowError};
use crate::import::cases::{
    CaseColumnMapping, ResolvedMapping, fold, guess_mapping, sheet_to_drafts,
};
use crate::import::sheet::Sheet;
use crate::progress::{Phase, Progress, is_step};
use crate::report::{ExportFormat, cases::case_table, register::register_table};
use crate::store::{CaseFilter, SCHEMA_VERSION, Store, TableRows};

/// Rows shown in an import preview.
pub const PREVIEW_ROWS: usize = 20;

/// What to do with bad rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportMode {
    /// Import every valid row in one transaction; bad rows are reported and skipped.
    #[default]
    ValidRows,
    /// Import nothing when any row is bad.
    AllOrNothing,
}

/// A row that is skipped because the case is already there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuplicateRow {
    /// Row number in the sheet (the header is row 1).
    pub row: usize,
    /// Why, in Dutch.
    pub reason: String,
    /// Why, in English.
    pub reason_en: String,
    /// The stored case it repeats, if the duplicate is in the database.
    pub existing_case: Option<String>,
    /// The earlier row it repeats, if the duplicate is in the file.
    pub same_as_row: Option<usize>,
}

/// One row of the preview as it will be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// Row number in the sheet.
    pub row: usize,
    /// The case the row describes, values translated to taxonomy ids where recognised.
    pub draft: CaseDraft,
}

/// What an import would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseImportPreview {
    /// Column headers of the sheet.
    pub headers: Vec<String>,
    /// The mapping used: the given one, or the one guessed from the headers.
    pub mapping: CaseColumnMapping,
    /// True when the mapping was guessed.
    pub mapping_guessed: bool,
    /// Required fields (draft paths) no column fills: every row will lack them.
    pub missing_fields: Vec<String>,
    /// The first rows as drafts.
    pub sample: Vec<PreviewRow>,
    /// Data rows in the sheet.
    pub total_rows: u32,
    /// Rows that pass validation (duplicates included).
    pub valid_rows: u32,
    /// Rows that would be imported: valid and not duplicates.
    pub new_rows: u32,
    /// Every bad row with its number and Dutch (and English) field messages.
    pub errors: Vec<RowError>,
    /// Rows that repeat a case in the database or an earlier row.
    pub duplicates: Vec<DuplicateRow>,
    /// The character encoding a CSV was read in (`None` for a workbook).
    pub encoding: Option<crate::domain::sheet::TextEncoding>,
}

/// A case created by an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedCase {
    /// Row number in the sheet.
    pub row: usize,
    /// Case id.
    pub id: String,
    /// Case number.
    pub case_number: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseImportReport {
    /// The mapping used.
    pub mapping: CaseColumnMapping,
    /// Data rows in the sheet.
    pub total_rows: u32,
    /// Cases created.
    pub imported: u32,
    /// Rows skipped as duplicates.
    pub skipped_duplicates: u32,
    /// Bad rows, skipped.
    pub errors: Vec<RowError>,
    /// The duplicates skipped.
    pub duplicates: Vec<DuplicateRow>,
    /// The cases created, in row order.
    pub cases: Vec<ImportedCase>,
}

/// What became of one row.
enum Outcome {
    New(Box<NewCase>),
    Invalid(Vec<FieldError>),
    Duplicate(DuplicateRow),
}

struct Analysis {
    headers: Vec<String>,
    mapping: CaseColumnMapping,
    guessed: bool,
    resolved: ResolvedMapping,
    rows: Vec<(usize, CaseDraft, Outcome)>,
    encoding: Option<crate::domain::sheet::TextEncoding>,
}

/// The same case: same company (KvK number, or name when there is none), amount and intake date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CaseKey {
    company: String,
    amount_cents: i64,
    intake_date: NaiveDate,
}

fn company_key(kvk: Option<&str>, name: &str) -> String {
    match kvk {
        Some(kvk) => format!("kvk:{kvk}"),
        None => format!("naam:{}", fold(name)),
    }
}

/// Keys of every stored case (not deleted), with its case number: one query.
fn stored_case_keys(conn: &Connection) -> Result<HashMap<CaseKey, String>> {
    let mut stmt = conn.prepare(
        "SELECT co.kvk, co.name, c.amount_cents, c.intake_date, c.case_number
         FROM cases c JOIN companies co ON co.id = c.company_id WHERE c.deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        let kvk: Option<String> = r.get(0)?;
        let name: String = r.get(1)?;
        Ok((
            CaseKey {
                company: company_key(kvk.as_deref(), &name),
                amount_cents: r.get(2)?,
                intake_date: r.get(3)?,
            },
            r.get(4)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

fn analyse(
    conn: &Connection,
    sheet: &Sheet,
    mapping: Option<&CaseColumnMapping>,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<Analysis> {
    let guessed = mapping.is_none();
    let (mapping, resolved) = match mapping {
        // A given mapping must fit the sheet: unknown columns or fields are refused.
        Some(given) => (
            given.for_headers(&sheet.headers),
            given.resolve(&sheet.headers)?,
        ),
        None => {
            let mapping = guess_mapping(&sheet.headers);
            let resolved = mapping.resolve(&sheet.headers)?;
            (mapping, resolved)
        }
    };
    let stored = stored_case_keys(conn)?;
    let mut seen: HashMap<CaseKey, usize> = HashMap::new();
    let mut rows = Vec::with_capacity(sheet.rows.len());
    let total = sheet.rows.len() as u64;
    for (done, read) in sheet_to_drafts(sheet, &resolved).into_iter().enumerate() {
        if is_step(done as u64, total) {
            progress.step(Phase::Checking, done as u64, total)?;
        }
        let outcome = match (read.draft.validate(today), read.problems.is_empty()) {
            (Ok(case), true) => {
                let key = CaseKey {
                    company: company_key(case.company.kvk.as_deref(), &case.company.name),
                    amount_cents: case.amount_cents,
                    intake_date: case.intake_date,
                };
                if let Some(number) = stored.get(&key) {
                    Outcome::Duplicate(duplicate(
                        read.row_number,
                        &case,
                        Some(number.clone()),
                        None,
                    ))
                } else if let Some(first) = seen.get(&key) {
                    Outcome::Duplicate(duplicate(read.row_number, &case, None, Some(*first)))
                } else {
                    seen.insert(key, read.row_number);
                    Outcome::New(Box::new(case))
                }
            }
            (Ok(_), false) => Outcome::Invalid(read.problems),
            (Err(errors), _) => Outcome::Invalid(read.problems.into_iter().chain(errors).collect()),
        };
        rows.push((read.row_number, read.draft, outcome));
    }
    Ok(Analysis {
        headers: sheet.headers.clone(),
        mapping,
        guessed,
        resolved,
        rows,
        encoding: sheet.encoding,
    })
}

fn duplicate(
    row: usize,
    case: &NewCase,
    existing: Option<String>,
    first: Option<usize>,
) -> DuplicateRow {
    let what_nl = format!(
        "{}{}, {} op {}",
        case.company.name,
        case.company
            .kvk
            .as_deref()
            .map(|k| format!(" (KvK {k})"))
            .unwrap_or_default(),
        money::format_euros(case.amount_cents),
        crate::domain::format::date_nl(case.intake_date)
    );
    let (reason, reason_en) = match (&existing, first) {
        (Some(number), _) => (
            format!("Staat al in Tafel als casus {number}: {what_nl}."),
            format!("Already in Tafel as case {number}: same company, amount and intake date."),
        ),
        (None, Some(first)) => (
            format!("Zelfde casus als regel {first}: {what_nl}."),
            format!("Same case as row {first}: same company, amount and intake date."),
        ),
        (None, None) => (
            format!("Dubbele casus: {what_nl}."),
            "Duplicate case.".to_string(),
        ),
    };
    DuplicateRow {
        row,
        reason,
        reason_en,
        existing_case: existing,
        same_as_row: first,
    }
}

impl Analysis {
    fn errors(&self) -> Vec<RowError> {
        self.rows
            .iter()
            .filter_map(|(row, _, outcome)| match outcome {
                Outcome::Invalid(errors) => Some(RowError {
                    line: *row,
                    errors: errors.clone(),
                }),
                _ => None,
            })
            .collect()
    }

    fn duplicates(&self) -> Vec<DuplicateRow> {
        self.rows
            .iter()
            .filter_map(|(_, _, outcome)| match outcome {
                Outcome::Duplicate(d) => Some(d.clone()),
                _ => None,
            })
            .collect()
    }

    fn preview(self) -> CaseImportPreview {
        let errors = self.errors();
        let duplicates = self.duplicates();
        let new_rows = self
            .rows
            .iter()
            .filter(|(_, _, o)| matches!(o, Outcome::New(_)))
            .count() as u32;
        CaseImportPreview {
            missing_fields: self.resolved.missing_required(),
            sample: self
                .rows
                .iter()
                .take(PREVIEW_ROWS)
                .map(|(row, draft, _)| PreviewRow {
                    row: *row,
                    draft: draft.clone(),
                })
                .collect(),
            total_rows: self.rows.len() as u32,
            valid_rows: new_rows + duplicates.len() as u32,
            new_rows,
            errors,
            duplicates,
            headers: self.headers,
            mapping: self.mapping,
            mapping_guessed: self.guessed,
            encoding: self.encoding,
        }
    }
}

/// The fields a sheet column can fill, with Dutch and English labels, for the mapping picker.
pub fn case_import_fields() -> Vec<crate::import::cases::ImportField> {
    crate::import::cases::import_fields()
}

/// Reads a case sheet (`.csv` or `.xlsx`) and shows what an import would do; writes nothing.
/// Without a mapping, the mapping is guessed from the headers.
pub fn preview_case_import(
    store: &Store,
    path: &Path,
    mapping: Option<&CaseColumnMapping>,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<CaseImportPreview> {
    chosen_file::check(store, path, SHEET_EXTENSIONS, Use::Read)?;
    let sheet = read_sheet(path, progress)?;
    preview_case_sheet(store, &sheet, mapping, today, progress)
}

/// [`preview_case_import`] for a sheet already read.
pub fn preview_case_sheet(
    store: &Store,
    sheet: &Sheet,
    mapping: Option<&CaseColumnMapping>,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<CaseImportPreview> {
    Ok(analyse(store.conn(), sheet, mapping, today, progress)?.preview())
}

/// Reads a sheet, reporting the reading phase (its length is known only once read).
pub(crate) fn read_sheet(path: &Path, progress: &dyn Progress) -> Result<Sheet> {
    progress.step(Phase::Reading, 0, 0)?;
    let sheet = Sheet::read(path)?;
    progress.step(Phase::Reading, 1, 1)?;
    Ok(sheet)
}

/// Records in the change log that a file left Tafel (entity `export`), once it is in place:
/// who exported what, when, to which file name.
pub(crate) fn record(
    store: &Store,
    actor: &Actor,
    action: &str,
    path: &Path,
    details: serde_json::Value,
) -> Result<()> {
    record_on(
        store,
        actor,
        ("export", &crate::store::new_id()),
        action,
        path,
        details,
    )
}

/// [`record`] on the entity the file is about (an invite on its meeting).
pub(crate) fn record_on(
    store: &Store,
    actor: &Actor,
    (entity, id): (&str, &str),
    action: &str,
    path: &Path,
    mut details: serde_json::Value,
) -> Result<()> {
    if let Some(map) = details.as_object_mut() {
        map.insert(
            "file".into(),
            serde_json::Value::String(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
        );
    }
    store.record_export(actor, entity, id, action, details)
}

/// Imports the cases of a sheet in one transaction, recorded with source `import`.
///
/// Duplicates (same KvK number, amount and intake date as a stored case or an earlier
/// row) are skipped and reported. Bad rows are skipped and reported in
/// [`ImportMode::ValidRows`]; in [`ImportMode::AllOrNothing`] any bad row means nothing is
/// written and [`Error::ImportRows`] lists them. Companies are reused by KvK number.
pub fn import_cases(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    mapping: Option<&CaseColumnMapping>,
    mode: ImportMode,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<CaseImportReport> {
    chosen_file::check(store, path, SHEET_EXTENSIONS, Use::Read)?;
    let sheet = read_sheet(path, progress)?;
    import_case_sheet(store, actor, &sheet, mapping, mode, today, progress)
}

/// [`import_cases`] for a sheet already read.
pub fn import_case_sheet(
    store: &mut Store,
    actor: &Actor,
    sheet: &Sheet,
    mapping: Option<&CaseColumnMapping>,
    mode: ImportMode,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<CaseImportReport> {
    // The store opens every connection with a 64 MiB page cache, which a large import needs too.
    let actor = &Actor {
        source: WriteSource::Import,
        ..actor.clone()
    };
    let (mapping, errors, duplicates, mut cases) = store.transact(actor, |w| {
        // Analysed inside the transaction, so the duplicate check sees exactly what is stored.
        let analysis = analyse(w.conn(), sheet, mapping, today, progress)?;
        let errors = analysis.errors();
        if mode == ImportMode::AllOrNothing && !errors.is_empty() {
            return Err(Error::ImportRows(errors));
        }
        let duplicates = analysis.duplicates();
        let mapping = analysis.mapping;
        let mut new: Vec<(usize, Box<NewCase>)> = analysis
            .rows
            .into_iter()
            .filter_map(|(row, _, outcome)| match outcome {
                Outcome::New(case) => Some((row, case)),
                _ => None,
            })
            .collect();
        // Oldest intake first, so case numbers follow intake order as they do for typed cases.
        new.sort_by_key(|(row, case)| (case.intake_date, *row));
        let mut cases = Vec::with_capacity(new.len());
        let total = new.len() as u64;
        for (done, (row, case)) in new.iter().enumerate() {
            // A cancel here drops the transaction: nothing of the import is stored.
            if is_step(done as u64, total) {
                progress.step(Phase::Saving, done as u64, total)?;
            }
            let stored = add_validated(w, case)?;
            cases.push(ImportedCase {
                row: *row,
                id: stored.id,
                case_number: stored.case_number,
            });
        }
        // The last safe point: past the commit the import is in, whatever is clicked.
        progress.step(Phase::Saving, total, total)?;
        Ok((mapping, errors, duplicates, cases))
    })?;
    cases.sort_by_key(|c| c.row);
    Ok(CaseImportReport {
        mapping,
        total_rows: sheet.rows.len() as u32,
        imported: cases.len() as u32,
        skipped_duplicates: duplicates.len() as u32,
        errors,
        duplicates,
        cases,
    })
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportReport {
    /// Rows written (cases, or register instruments).
    pub rows: u32,
    /// The file written.
    pub path: String,
}

/// Writes the cases matching the filter (all details, Dutch headers and labels) to `path`.
pub fn export_cases(
    store: &Store,
    actor: &Actor,
    filter: &CaseFilter,
    format: ExportFormat,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ExportReport> {
    chosen_file::check(store, path, &[format.extension()], Use::Write)?;
    let list = store.cases().list(&filter.on(actor.at.today()))?;
    let cases = collect(&list, |summary| store.cases().get(&summary.id), progress)?;
    write_table(
        store,
        actor,
        "export_cases",
        &case_table(&cases),
        format,
        path,
        progress,
    )
}

/// Loads the whole record of every listed item, reporting each step (a cancel stops here).
fn collect<S, T>(
    list: &[S],
    load: impl Fn(&S) -> Result<T>,
    progress: &dyn Progress,
) -> Result<Vec<T>> {
    let total = list.len() as u64;
    let mut loaded = Vec::with_capacity(list.len());
    for (done, item) in list.iter().enumerate() {
        if is_step(done as u64, total) {
            progress.step(Phase::Collecting, done as u64, total)?;
        }
        loaded.push(load(item)?);
    }
    Ok(loaded)
}

/// Writes an export's table in place and records it (`action`) once it is there.
fn write_table(
    store: &Store,
    actor: &Actor,
    action: &str,
    table: &crate::report::table::Table,
    format: ExportFormat,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ExportReport> {
    // The last safe point: the file is written under a temporary name and renamed in one go.
    progress.step(Phase::Writing, 0, 1)?;
    format.write(table, path)?;
    record(
        store,
        actor,
        action,
        path,
        serde_json::json!({"format": format.extension(), "rows": table.rows.len()}),
    )?;
    Ok(ExportReport {
        rows: table.rows.len() as u32,
        path: path.display().to_string(),
    })
}

/// Writes the register (one row per instrument) to `path`.
pub fn export_register(
    store: &Store,
    actor: &Actor,
    format: ExportFormat,
    path: &Path,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<ExportReport> {
    chosen_file::check(store, path, &[format.extension()], Use::Write)?;
    let list = store.financiers().list(today)?;
    let financiers = collect(&list, |f| store.financiers().get(&f.id), progress)?;
    write_table(
        store,
        actor,
        "export_register",
        &register_table(&financiers),
        format,
        path,
        progress,
    )
}

/// Identifies a Tafel backup file.
pub const BACKUP_FORMAT: &str = "tafel-backup";
/// Version of the backup file layout (not of the schema).
pub const BACKUP_FORMAT_VERSION: u32 = 1;

/// A full backup: every row of every table, as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// Always [`BACKUP_FORMAT`].
    pub format: String,
    /// Layout version, [`BACKUP_FORMAT_VERSION`].
    pub format_version: u32,
    /// Schema version of the database backed up.
    pub schema_version: i64,
    /// When the backup was made (RFC 3339, UTC).
    pub created_at: String,
    /// Tafel version that made it.
    pub tafel_version: String,
    /// The tables, parents first.
    pub tables: Vec<TableRows>,
}

/// What a backup or restore covered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupReport {
    /// The backup file.
    pub path: String,
    /// Schema version of the data.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Rows per table, in backup order.
    pub tables: Vec<TableCount>,
}

/// Rows of one table in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TableCount {
    /// Table name.
    pub table: String,
    /// Number of rows.
    pub rows: u32,
}

fn backup_report(path: &Path, backup: &Backup) -> BackupReport {
    report_of(path, backup.schema_version, &backup.tables)
}

/// What a backup holds, table by table, as its report says it (a backup written or restored).
pub(super) fn report_of(
    path: &Path,
    schema_version: i64,
    tables: &[crate::store::TableRows],
) -> BackupReport {
    BackupReport {
        path: path.display().to_string(),
        schema_version,
        tables: tables
            .iter()
            .map(|t| TableCount {
                table: t.table.clone(),
                rows: t.rows.len() as u32,
            })
            .collect(),
    }
}

fn report_of_counts(path: &Path, schema_version: i64, counts: &[(String, usize)]) -> BackupReport {
    BackupReport {
        path: path.display().to_string(),
        schema_version,
        tables: counts
            .iter()
            .map(|(table, rows)| TableCount {
                table: table.clone(),
                rows: *rows as u32,
            })
            .collect(),
    }
}

/// Restores the backup's bytes, as they will be written, into a database in memory: a backup
/// is reported written only once it is known to restore.
fn verify_backup(bytes: &[u8], path: &Path) -> Result<()> {
    let backup: Backup = serde_json::from_slice(bytes).map_err(|source| Error::Json {
        context: "back-up".into(),
        source,
    })?;
    let mut scratch = Store::open_in_memory()?;
    scratch
        .restore_rows(&backup.tables, &crate::progress::Silent)
        .map_err(|e| Error::BackupInvalid {
            message_nl: format!(
                "de back-up voor {} zet niet terug ({}); er is niets geschreven",
                path.display(),
                e.message_nl()
            ),
            message_en: format!(
                "the backup for {} does not restore ({}); nothing was written",
                path.display(),
                e.message_en()
            ),
        })
}

/// Writes a full backup of the database to `path` (JSON, readable only by the owner on Unix).
///
/// The backup is not encrypted: it holds all confidential case data.
pub fn backup(
    store: &Store,
    actor: &Actor,
    path: &Path,
    progress: &dyn Progress,
) -> Result<BackupReport> {
    chosen_file::check(store, path, &["json"], Use::Write)?;
    progress.step(Phase::Collecting, 0, 0)?;
    let backup = Backup {
        format: BACKUP_FORMAT.into(),
        format_version: BACKUP_FORMAT_VERSION,
        schema_version: store.schema_version()?,
        created_at: actor.at.now_rfc3339(),
        tafel_version: env!("CARGO_PKG_VERSION").into(),
        tables: store.backup_rows()?,
    };
    let text = serde_json::to_vec(&backup).map_err(|source| Error::Json {
        context: "back-up".into(),
        source,
    })?;
    progress.step(Phase::Verifying, 0, 0)?;
    verify_backup(&text, path)?;
    progress.step(Phase::Writing, 0, 1)?;
    crate::files::write_atomic(path, &text)?;
    record(
        store,
        actor,
        "backup",
        path,
        serde_json::json!({"encrypted": false}),
    )?;
    Ok(backup_report(path, &backup))
}

/// The extension of an encrypted backup.
pub const ENCRYPTED_BACKUP_EXTENSION: &str = "tafelbackup";

/// The shortest passphrase an encrypted backup accepts.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Writes an encrypted backup of the whole database to `path` (`.tafelbackup`): a SQLCipher
/// database that only `passphrase` opens, so a backup on a USB stick or a shared drive leaks
/// nothing. It is written under a temporary name beside `path`, opened again with the
/// passphrase and checked (integrity, every table's rows) before it is renamed into place.
pub fn backup_encrypted(
    store: &Store,
    actor: &Actor,
    path: &Path,
    passphrase: &str,
    progress: &dyn Progress,
) -> Result<BackupReport> {
    chosen_file::check(store, path, &[ENCRYPTED_BACKUP_EXTENSION], Use::Write)?;
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "passphrase",
            "passphrase_too_short",
            format!(
                "Een wachtwoordzin voor een back-up heeft minstens {MIN_PASSPHRASE_CHARS} tekens."
            ),
            format!("A backup passphrase has at least {MIN_PASSPHRASE_CHARS} characters."),
        ));
    }
    let temp = crate::files::temporary_beside(path)?;
    let written = (|| -> Result<BackupReport> {
        progress.step(Phase::Writing, 0, 0)?;
        let exported = store.export_encrypted(&temp, passphrase)?;
        progress.step(Phase::Verifying, 0, 0)?;
        // Counted, not read: a dossier of a gigabyte is checked without holding it in memory.
        let (schema_version, read) = crate::store::count_encrypted(&temp, passphrase)?;
        if read != exported {
            return Err(Error::BackupInvalid {
                message_nl: format!(
                    "de versleutelde back-up {} bevat niet alle rijen; er is niets geschreven",
                    path.display()
                ),
                message_en: format!(
                    "the encrypted backup {} does not hold every row; nothing was written",
                    path.display()
                ),
            });
        }
        // The last safe point: a cancel until here removes the temporary file below.
        progress.step(Phase::Writing, 1, 1)?;
        crate::files::put_in_place(&temp, path)?;
        Ok(report_of_counts(path, schema_version, &read))
    })();
    if written.is_err() {
        // The temporary file never became the backup; it goes, whatever else failed.
        let _ = std::fs::remove_file(&temp);
    }
    let report = written?;
    record(
        store,
        actor,
        "backup",
        path,
        serde_json::json!({"encrypted": true}),
    )?;
    Ok(report)
}

/// Restores an encrypted backup (`.tafelbackup`) into this empty database, opened with its
/// passphrase. A wrong passphrase is refused with a clear message and changes nothing.
pub fn restore_encrypted(
    store: &mut Store,
    path: &Path,
    passphrase: &str,
    progress: &dyn Progress,
) -> Result<BackupReport> {
    chosen_file::check(store, path, &[ENCRYPTED_BACKUP_EXTENSION], Use::Read)?;
    progress.step(Phase::Reading, 0, 0)?;
    let (schema_version, tables) = crate::store::read_encrypted(path, passphrase)?;
    restore_read_tables(store, path, schema_version, &tables, progress)
}

/// Restores the tables read from an encrypted backup `path`, refusing a newer schema.
pub(crate) fn restore_read_tables(
    store: &mut Store,
    path: &Path,
    schema_version: i64,
    tables: &[TableRows],
    progress: &dyn Progress,
) -> Result<BackupReport> {
    if schema_version > crate::store::SCHEMA_VERSION {
        return Err(Error::BackupNewer {
            found: schema_version,
            supported: crate::store::SCHEMA_VERSION,
        });
    }
    store.restore_rows(tables, progress)?;
    Ok(report_of(path, schema_version, tables))
}

/// Whether a file is an encrypted backup (by its extension).
pub fn is_encrypted_backup(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ENCRYPTED_BACKUP_EXTENSION))
}

/// Reads a backup file and checks it is one this Tafel can restore.
pub fn read_backup(path: &Path) -> Result<Backup> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse_backup(&bytes, path)
}

/// A backup file's bytes checked to be one this Tafel can restore; `path` names it in errors.
pub fn parse_backup(bytes: &[u8], path: &Path) -> Result<Backup> {
    let head: serde_json::Value = serde_json::from_slice(bytes).map_err(|source| Error::Json {
        context: path.display().to_string(),
        source,
    })?;
    if head.get("format").and_then(|f| f.as_str()) != Some(BACKUP_FORMAT) {
        return Err(Error::BackupInvalid {
            message_nl: format!("{} is geen back-up van Tafel", path.display()),
            message_en: format!("{} is not a Tafel backup", path.display()),
        });
    }
    let format_version = head
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if format_version != u64::from(BACKUP_FORMAT_VERSION) {
        return Err(Error::BackupInvalid {
            message_nl: format!("onbekende versie {format_version} van het back-upformaat"),
            message_en: format!("unknown backup format version {format_version}"),
        });
    }
    if let Some(found) = head
        .get("schema_version")
        .and_then(|v| v.as_i64())
        .filter(|v| *v > SCHEMA_VERSION)
    {
        return Err(Error::BackupNewer {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    serde_json::from_value(head).map_err(|source| Error::Json {
        context: path.display().to_string(),
        source,
    })
}

/// Restores a backup into an empty database, exactly, in one transaction; refuses a
/// database that holds data and a backup from a newer Tafel.
pub fn restore(store: &mut Store, path: &Path, progress: &dyn Progress) -> Result<BackupReport> {
    chosen_file::check(store, path, &["json"], Use::Read)?;
    progress.step(Phase::Reading, 0, 0)?;
    let backup = read_backup(path)?;
    store.restore_rows(&backup.tables, progress)?;
    Ok(backup_report(path, &backup))
}
