//! The one error type of the core, with a stable code and Dutch and English messages.
//!
//! Layer: just above `domain`. Uses only `domain` (the field errors and sheet positions an
//! error carries); everything else may use it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::FieldError;
use crate::domain::sheet::{CellRef, SheetLimit, TextEncoding};

/// A rejected row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowError {
    /// Line number in the file (the header is line 1); for JSON, the item number from 1.
    pub line: usize,
    /// What is wrong with the row.
    pub errors: Vec<FieldError>,
}

/// Everything that can go wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input failed validation; nothing was written.
    #[error("invalid input: {}", summary(.0))]
    Invalid(Vec<FieldError>),
    /// Rows of an import failed validation; nothing was imported.
    #[error("{} invalid rows in import", .0.len())]
    ImportRows(Vec<RowError>),
    /// No such entity (or it was deleted).
    #[error("{entity} {id} not found")]
    NotFound {
        /// Entity kind.
        entity: &'static str,
        /// The id asked for.
        id: String,
    },
    /// The write conflicts with what is stored (e.g. a KvK number owned by another company).
    #[error("conflict: {message_en}")]
    Conflict {
        /// Stable code.
        code: &'static str,
        /// Dutch message.
        message_nl: String,
        /// English message.
        message_en: String,
    },
    /// The database key does not open this database.
    #[error("the key does not open this database (or the file is not a Tafel database)")]
    WrongKey,
    /// The database file is damaged: cut short, or pages that do not decrypt or do not hold
    /// what SQLite wrote.
    #[error("the database is damaged: {detail}")]
    Corrupted {
        /// What SQLite or the file size said.
        detail: String,
    },
    /// The passphrase does not open an encrypted backup (or the file is no such backup).
    #[error("the passphrase does not open the backup {path}")]
    BackupPassphrase {
        /// The backup file.
        path: PathBuf,
    },
    /// The key file beside the database is empty or does not hold a key.
    #[error("the key file {path} is empty or does not hold a key")]
    KeyFileUnusable {
        /// The key file.
        path: PathBuf,
    },
    /// The database was written by a newer Tafel.
    #[error("database schema version {found} is newer than this Tafel supports ({supported})")]
    NewerSchema {
        /// Schema version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// No key was found for an existing database.
    #[error("no key found for the existing database {path}")]
    KeyMissing {
        /// The database.
        path: PathBuf,
    },
    /// `TAFEL_DB_KEY` or a key file holds something that is not a key.
    #[error("invalid database key: {0}")]
    BadKey(String),
    /// The OS keychain failed in a way other than "no entry".
    #[error("keychain: {0}")]
    Keychain(#[from] keyring::Error),
    /// Input that is not valid JSON of the expected shape.
    #[error("invalid JSON ({context}): {source}")]
    Json {
        /// What was being read.
        context: String,
        /// Parser error.
        #[source]
        source: serde_json::Error,
    },
    /// A CSV file that cannot be read as CSV.
    #[error("invalid CSV {path}: {source}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// Reader error.
        #[source]
        source: csv::Error,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// OS error.
        #[source]
        source: std::io::Error,
    },
    /// A file type Tafel cannot read.
    #[error("unsupported file type: {0}")]
    UnsupportedFile(PathBuf),
    /// A spreadsheet (`.xlsx`) that cannot be read.
    #[error("cannot read the spreadsheet {path}: {message}")]
    SheetUnreadable {
        /// The file.
        path: PathBuf,
        /// Reader error.
        message: String,
    },
    /// A spreadsheet (CSV or XLSX) past one of the `SheetLimits`; it was not read further.
    #[error("{}", .limit.message_en(.path, *.max, *.found, *.cell))]
    SheetTooLarge {
        /// The file.
        path: PathBuf,
        /// Which limit it exceeds.
        limit: SheetLimit,
        /// The limit (bytes, rows, columns, characters or cells, as `limit` says).
        max: u64,
        /// What the file has (at least; reading stops at the first cell past the limit).
        found: u64,
        /// The cell past the limit, when one cell is to blame.
        cell: Option<CellRef>,
    },
    /// A text file (CSV) whose bytes break the encoding its byte-order mark announces.
    #[error("{path} starts as {encoding} text, but byte {offset} is not valid {encoding}")]
    TextUndecodable {
        /// The file.
        path: PathBuf,
        /// The encoding its byte-order mark announces.
        encoding: TextEncoding,
        /// Offset (from 0) of the first byte that does not decode.
        offset: u64,
    },
    /// An export file could not be written.
    #[error("cannot write the export {path}: {message}")]
    ExportFailed {
        /// The file.
        path: PathBuf,
        /// Writer error.
        message: String,
    },
    /// A file that is not a Tafel backup, or a damaged one.
    #[error("not a valid Tafel backup: {message_en}")]
    BackupInvalid {
        /// What is wrong, in Dutch.
        message_nl: String,
        /// What is wrong, in English.
        message_en: String,
    },
    /// A backup made by a newer Tafel (newer schema) than this one.
    #[error("backup schema version {found} is newer than this Tafel supports ({supported})")]
    BackupNewer {
        /// Schema version of the backup.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// The settings file of matching (`matching.toml`) cannot be used.
    #[error("the matching settings {path} are invalid: {message_en}")]
    MatchingConfig {
        /// The settings file.
        path: PathBuf,
        /// What is wrong, in Dutch.
        message_nl: String,
        /// What is wrong, in English.
        message_en: String,
    },
    /// The personal data asked to be erased was erased before (a second erasure changes nothing).
    #[error("{entity} {id} was already erased on {erased_at}")]
    AlreadyErased {
        /// Entity kind (`company`, `contact`).
        entity: &'static str,
        /// The id asked for.
        id: String,
        /// When it was erased (RFC 3339).
        erased_at: String,
    },
    /// What was typed to confirm an erasure is not the name of what would be erased.
    #[error("the erasure was not confirmed: type \"{expected}\" to erase it")]
    ErasureNotConfirmed {
        /// The name that has to be typed.
        expected: String,
    },
    /// A stored setting that Tafel cannot read (the file was edited by hand).
    #[error("the setting {key} holds {value:?}, which Tafel cannot read")]
    SettingUnreadable {
        /// The setting's key.
        key: &'static str,
        /// What it holds.
        value: String,
    },
    /// A PDF could not be made (a broken template, or the typst engine failed).
    #[error("PDF: {0}")]
    Pdf(#[from] tafel_pdf::PdfError),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// The user cancelled a long use case before anything was committed or put in place.
    #[error("cancelled; nothing was changed or written")]
    Cancelled,
    /// Another writer (a second window, the CLI, an import) held the database longer than the
    /// busy timeout; nothing was written.
    #[error(
        "the database is busy with another write (another window, the command line or an import); nothing was written, try again shortly"
    )]
    DatabaseBusy,
    /// Sharing refused a card, a roster or a bundle (see `sync::Refusal`); nothing was applied.
    #[error("{message_en}")]
    SyncRefused {
        /// Stable code (`sync_…`).
        code: &'static str,
        /// Dutch message.
        message_nl: String,
        /// English message.
        message_en: String,
    },
    /// The PostgreSQL hub could not be reached, refused the login or the request, or holds a
    /// schema this Tafel does not know; nothing of that exchange was applied.
    #[error("{message_en}")]
    Hub {
        /// Stable code (`hub_…`).
        code: &'static str,
        /// Dutch message.
        message_nl: String,
        /// English message.
        message_en: String,
        /// What the PostgreSQL client reported, when it did.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A file the dossier does not take (its kind by content, its size, the case's limit);
    /// nothing was stored.
    #[error("{message_en}")]
    DocumentRefused {
        /// Stable code (`document_…`).
        code: &'static str,
        /// Dutch message.
        message_nl: String,
        /// English message.
        message_en: String,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for Error {
    /// A damaged file is reported as damaged, wherever SQLite notices it.
    fn from(err: rusqlite::Error) -> Self {
        match &err {
            rusqlite::Error::SqliteFailure(e, _)
                if e.code == rusqlite::ErrorCode::DatabaseCorrupt =>
            {
                Error::Corrupted {
                    detail: err.to_string(),
                }
            }
            // Past the busy timeout: say who may hold it instead of SQLite's bare "database is locked".
            rusqlite::Error::SqliteFailure(e, _)
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Error::DatabaseBusy
            }
            _ => Error::Sqlite(err),
        }
    }
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message_en))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Result with the core's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
            Error::ImportRows(_) => "import_rows_invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { code, .. } => code,
            Error::SyncRefused { code, .. } => code,
            Error::Hub { code, .. } => code,
            Error::DocumentRefused { code, .. } => code,
            Error::WrongKey => "wrong_key",
            Error::Corrupted { .. } => "database_corrupted",
            Error::KeyFileUnusable { .. } => "key_file_unusable",
            Error::BackupPassphrase { .. } => "backup_passphrase",
            Error::NewerSchema { .. } => "newer_schema",
            Error::KeyMissing { .. } => "key_missing",
            Error::BadKey(_) => "bad_key",
            Error::Keychain(_) => "keychain",
            Error::Json { .. } => "invalid_json",
            Error::Csv { .. } => "invalid_csv",
            Error::Io { .. } => "io",
            Error::Pdf(_) => "pdf_failed",
            Error::AlreadyErased { .. } => "already_erased",
            Error::ErasureNotConfirmed { .. } => "erasure_not_confirmed",
            Error::SettingUnreadable { .. } => "setting_unreadable",
            Error::UnsupportedFile(_) => "unsupported_file",
            Error::SheetUnreadable { .. } => "sheet_unreadable",
            Error::SheetTooLarge { .. } => "sheet_too_large",
            Error::TextUndecodable { .. } => "text_undecodable",
            Error::ExportFailed { .. } => "export_failed",
            Error::BackupInvalid { .. } => "backup_invalid",
            Error::BackupNewer { .. } => "backup_newer",
            Error::MatchingConfig { .. } => "matching_config_invalid",
            Error::Migration(_) => "migration",
            Error::Cancelled => "cancelled",
            Error::DatabaseBusy => "database_busy",
            Error::Sqlite(_) => "database",
        }
    }

    /// Message for the user, in Dutch.
    pub fn message_nl(&self) -> String {
        match self {
            Error::Invalid(errors) => {
                let lines: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
                format!("Controleer de invoer: {}", lines.join(" "))
            }
            Error::ImportRows(rows) => {
                let lines: Vec<String> = rows
                    .iter()
                    .map(|r| format!("regel {}: {}", r.line, r.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")))
                    .collect();
                format!("Er is niets geïmporteerd; {} regel(s) zijn ongeldig: {}", rows.len(), lines.join("; "))
            }
            Error::NotFound { entity, id } => format!("{} met id {id} bestaat niet (of is verwijderd).", entity_nl(entity)),
            Error::Conflict { message_nl, .. } => message_nl.clone(),
            Error::Hub { message_nl, .. } => message_nl.clone(),
            Error::SyncRefused { message_nl, .. } => message_nl.clone(),
            Error::DocumentRefused { message_nl, .. } => message_nl.clone(),
            Error::WrongKey => "De sleutel opent deze database niet, of het bestand is geen Tafel-database. Er is niets gewijzigd.".into(),
            Error::Corrupted { .. } => "De database is beschadigd: het bestand is ingekort of bevat pagina's die niet kloppen. Er is niets gewijzigd; zet een back-up terug (tafel restore, of Gegevens → Back-up terugzetten).".into(),
            Error::BackupPassphrase { path } => format!(
                "De wachtwoordzin opent de back-up {} niet, of het bestand is geen versleutelde back-up van Tafel. Er is niets gewijzigd.",
                path.display()
            ),
            Error::KeyFileUnusable { path } => format!(
                "Het sleutelbestand {} is leeg of bevat geen sleutel. Zonder de juiste sleutel opent de database niet; zet het sleutelbestand terug uit een kopie.",
                path.display()
            ),
            Error::NewerSchema { found, supported } => format!(
                "Deze database is gemaakt met een nieuwere versie van Tafel (schema {found}; deze versie kent tot {supported}). Werk Tafel bij; er is niets gewijzigd."
            ),
            Error::KeyMissing { path } => format!(
                "Geen sleutel gevonden voor de bestaande database {}: niet in de sleutelhanger, geen sleutelbestand ernaast en geen TAFEL_DB_KEY.",
                path.display()
            ),
            Error::BadKey(why) => format!("Ongeldige databasesleutel: {why}"),
            Error::Keychain(err) => format!("De sleutelhanger van het systeem gaf een fout: {err}"),
            Error::Json { context, source } => format!("Ongeldige JSON in {context}: {source}"),
            Error::Csv { path, source } => format!("{} is geen leesbaar CSV-bestand: {source}", path.display()),
            Error::Io { path, source } => match source.kind() {
                std::io::ErrorKind::StorageFull => format!(
                    "De schijf is vol: {} kon niet worden geschreven. Een eerder bestand met die naam is ongewijzigd; maak ruimte vrij en probeer het opnieuw.",
                    path.display()
                ),
                std::io::ErrorKind::PermissionDenied => format!("Geen toestemming om {} te lezen of te schrijven; kies een andere map.", path.display()),
                std::io::ErrorKind::ReadOnlyFilesystem => format!("{} staat op een schijf of map die alleen gelezen kan worden; kies een andere map.", path.display()),
                std::io::ErrorKind::NotFound => format!("Bestand of map {} bestaat niet.", path.display()),
                _ => format!("Bestand {} kon niet worden gelezen of geschreven: {source}", path.display()),
            },
            Error::Pdf(e) => format!("De PDF kon niet worden gemaakt: {e}"),
            Error::AlreadyErased { entity, erased_at, .. } => format!(
                "De persoonsgegevens van dit {} zijn al gewist op {}; er is niets gewijzigd.",
                match *entity {
                    "contact" => "contactpersoon",
                    _ => "bedrijf",
                },
                erased_at.get(..10).unwrap_or(erased_at)
            ),
            Error::ErasureNotConfirmed { expected } => {
                format!("Er is niets gewist: typ ter bevestiging precies \"{expected}\".")
            }
            Error::SettingUnreadable { key, value } => {
                format!("De instelling {key} bevat \"{value}\" en is niet te lezen; stel haar opnieuw in.")
            }
            Error::UnsupportedFile(path) => format!("Bestandstype van {} wordt niet ondersteund (gebruik .csv, .xlsx of .json).", path.display()),
            Error::SheetUnreadable { path, message } => format!("{} is geen leesbaar Excel-bestand (.xlsx): {message}", path.display()),
            Error::SheetTooLarge { path, limit, max, found, cell } => limit.message_nl(path, *max, *found, *cell),
            Error::TextUndecodable { path, encoding, offset } => format!(
                "{} begint als {encoding}-tekst, maar byte {offset} is geen geldige {encoding}. Sla het bestand in Excel opnieuw op als \"CSV UTF-8\".",
                path.display()
            ),
            Error::ExportFailed { path, message } => format!("Export naar {} is mislukt: {message}", path.display()),
            Error::BackupInvalid { message_nl, .. } => format!("Dit is geen geldige Tafel-back-up: {message_nl}. Er is niets gewijzigd."),
            Error::BackupNewer { found, supported } => format!(
                "Deze back-up is gemaakt met een nieuwere versie van Tafel (schema {found}; deze versie kent tot {supported}). Werk Tafel bij; er is niets teruggezet."
            ),
            Error::MatchingConfig { path, message_nl, .. } => format!(
                "De instellingen voor matching in {} zijn ongeldig: {message_nl}. Herstel het bestand, of verwijder het om de standaardwaarden terug te krijgen.",
                path.display()
            ),
            Error::Migration(err) => format!("Bijwerken van de database mislukt; er is niets gewijzigd: {err}"),
            Error::Cancelled => "Geannuleerd: er is niets opgeslagen en geen bestand geschreven.".into(),
            Error::DatabaseBusy => "De database is bezig met een andere schrijfactie (een ander venster, de opdrachtregel of een import). Er is niets opgeslagen; probeer het zo opnieuw.".into(),
            Error::Sqlite(err) => format!("Databasefout: {err}"),
        }
    }

    /// Message for the user, in English.
    pub fn message_en(&self) -> String {
        match self {
            Error::Invalid(errors) => format!(
                "Check the input: {}",
                errors
                    .iter()
                    .map(|e| e.message_en.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            Error::ImportRows(rows) => format!(
                "Nothing was imported; {} row(s) are invalid: {}",
                rows.len(),
                rows.iter()
                    .map(|r| format!(
                        "line {}: {}",
                        r.line,
                        r.errors
                            .iter()
                            .map(|e| e.message_en.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Error::Conflict { message_en, .. } => message_en.clone(),
            Error::Hub { message_en, .. } => message_en.clone(),
            Error::SyncRefused { message_en, .. } => message_en.clone(),
            Error::DocumentRefused { message_en, .. } => message_en.clone(),
            Error::AlreadyErased {
                entity, erased_at, ..
            } => format!(
                "The personal data of this {} was already erased on {}; nothing was changed.",
                match *entity {
                    "contact" => "contact person",
                    _ => "company",
                },
                erased_at.get(..10).unwrap_or(erased_at)
            ),
            Error::ErasureNotConfirmed { expected } => {
                format!("Nothing was erased: type exactly \"{expected}\" to confirm.")
            }
            other => other.to_string(),
        }
    }

    /// The input was refused (as opposed to the machine or database failing): the CLI exits with 2.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Invalid(_)
                | Error::ImportRows(_)
                | Error::Json { .. }
                | Error::Csv { .. }
                | Error::Conflict { .. }
                | Error::SyncRefused { .. }
                | Error::DocumentRefused { .. }
                | Error::NotFound { .. }
                | Error::UnsupportedFile(_)
                | Error::SheetUnreadable { .. }
                | Error::SheetTooLarge { .. }
                | Error::TextUndecodable { .. }
                | Error::BackupInvalid { .. }
                | Error::BackupNewer { .. }
                | Error::BackupPassphrase { .. }
                | Error::MatchingConfig { .. }
                | Error::AlreadyErased { .. }
                | Error::ErasureNotConfirmed { .. }
        )
    }

    /// Field errors carried by a validation failure.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Error::Invalid(errors) => errors,
            _ => &[],
        }
    }

    /// Bad input in one field, with the message in Dutch and English.
    pub fn invalid(
        field: &str,
        code: &str,
        message_nl: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Error::Invalid(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message_nl.into(),
            message_en: message_en.into(),
        }])
    }

    /// Builds an I/O error for a path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

fn entity_nl(entity: &str) -> &'static str {
    match entity {
        "case" => "Casus",
        "company" => "Bedrijf",
        "financier" => "Financier",
        "instrument" => "Instrument",
        "view" => "Weergave",
        "contact" => "Contactpersoon",
        "plan" => "Financieringsplan",
        "document" => "Document",
        _ => "Item",
    }
}

/// The error as it crosses to the UI: `{code, message}` plus details.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ErrorPayload {
    /// Stable code.
    pub code: String,
    /// Dutch message.
    pub message: String,
    /// English message.
    pub message_en: String,
    /// Rejected fields, for inline messages.
    pub fields: Vec<FieldError>,
    /// Rejected rows of an import.
    pub rows: Vec<RowError>,
}

impl From<&Error> for ErrorPayload {
    fn from(err: &Error) -> Self {
        ErrorPayload {
            code: err.code().to_string(),
            message: err.message_nl(),
            message_en: err.message_en(),
            fields: err.field_errors().to_vec(),
            rows: match err {
                Error::ImportRows(rows) => rows.clone(),
                _ => Vec::new(),
            },
        }
    }
}
