//! One function per use case, shared by the CLI and the desktop shell.
//!
//! Each write use case runs in one transaction and records who made it and through
//! which surface ([`Actor`](crate::domain::Actor)).
//!
//! Layer: the top. May use every other module; only the CLI and the desktop shell use it.

pub mod backup;
pub mod cases;
pub mod chosen_file;
pub mod demo;
pub mod documents;
pub mod erasure;
pub mod home;
pub mod matching;
pub mod matching_settings;
pub mod meetings;
pub mod outcomes;
pub mod pdf;
pub mod register;
pub mod report;
pub mod search;
pub mod settings;
pub mod sync;
pub mod transfer;
pub mod views;

use std::path::{Path, PathBuf};

use crate::domain::{Actor, Taxonomy};
use crate::error::Result;
use crate::store::{KeyOptions, KeySource, Store, key};

/// The database Tafel uses when none is named: `tafel.db` in the OS data directory.
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("nl", "Tafel", "Tafel")
        .map(|dirs| dirs.data_dir().join("tafel.db"))
}

/// Opens (or creates) the database at `path`, finding its key as [`key::resolve`] describes.
pub fn open_store(path: &Path, options: &KeyOptions) -> Result<(Store, KeySource)> {
    let (key, source) = key::resolve(path, options)?;
    Ok((Store::open(path, &key)?, source))
}

/// Opens the database at `path` as [`open_store`] does, and returns the key it opened with, for
/// a use case that opens the database again with it (restoring a backup in its place): the key
/// is looked up once.
pub fn open_store_with_key(
    path: &Path,
    options: &KeyOptions,
) -> Result<(Store, crate::store::DbKey)> {
    let (key, _) = key::resolve(path, options)?;
    Ok((Store::open(path, &key)?, key))
}

/// A database's recovery key, to write down and keep apart from the laptop.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RecoveryKey {
    /// The key as a person writes it down (16 groups of 4 hex digits, or the passphrase).
    pub key: String,
    /// Where Tafel keeps it now, in Dutch ("de sleutelhanger van het systeem", "het sleutelbestand …").
    pub kept_in: String,
    /// The same in English.
    pub kept_in_en: String,
}

fn kept_in(source: &KeySource) -> (String, String) {
    match source {
        KeySource::Explicit => (
            "de opgegeven sleutel (TAFEL_DB_KEY)".into(),
            "the key given (TAFEL_DB_KEY)".into(),
        ),
        KeySource::Keychain => (
            "de sleutelhanger van het systeem".into(),
            "the system keychain".into(),
        ),
        KeySource::KeyFile(path) => (
            format!("het sleutelbestand {}", path.display()),
            format!("the key file {}", path.display()),
        ),
    }
}

/// The recovery key of the database at `path`, once it is shown to open the database.
pub fn recovery_key(path: &Path, options: &KeyOptions) -> Result<RecoveryKey> {
    let (key, source) = key::resolve(path, options)?;
    drop(Store::open(path, &key)?);
    let (kept_in, kept_in_en) = kept_in(&source);
    Ok(RecoveryKey {
        key: key.recovery_text(),
        kept_in,
        kept_in_en,
    })
}

/// Puts a recovery key back where Tafel looks for the key of the database at `path` (the
/// keychain when `use_keychain` and it reads back, otherwise the key file), after checking
/// that it opens the database. Returns where it went.
pub fn restore_key(path: &Path, recovery: &str, use_keychain: bool) -> Result<String> {
    let key = crate::store::DbKey::parse(recovery)?;
    Ok(kept_in(&key::store_recovered(path, &key, use_keychain)?).0)
}

/// Opens the database at `path` with a recovery key typed by the user (when its key is lost,
/// emptied or replaced): the key is put back where Tafel looks for it (as [`restore_key`]) and
/// the database is opened with it. Returns the store and where the key went, in Dutch.
pub fn open_with_recovery_key(
    path: &Path,
    recovery: &str,
    use_keychain: bool,
) -> Result<(Store, String)> {
    let key = crate::store::DbKey::parse(recovery)?;
    let (kept_in, _) = kept_in(&key::store_recovered(path, &key, use_keychain)?);
    Ok((Store::open(path, &key)?, kept_in))
}

/// The taxonomy with labels, for the UI's pickers.
pub fn taxonomy() -> Taxonomy {
    Taxonomy::get(crate::domain::sheet::TextEncoding::labels())
}

/// What the window needs to know about the open database.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    /// Path of the database file (empty in memory).
    pub db_path: String,
    /// Schema version.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// Cases in the log.
    #[ts(type = "number")]
    pub case_count: i64,
    /// Financiers in the register.
    #[ts(type = "number")]
    pub financier_count: i64,
    /// Name recorded as author of changes made in the app.
    pub author: String,
}

/// Facts about the open database.
pub fn app_info(store: &Store, actor: &Actor) -> Result<AppInfo> {
    Ok(AppInfo {
        db_path: store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        schema_version: store.schema_version()?,
        case_count: store.cases().count()?,
        financier_count: store.financiers().count()?,
        author: actor.author.clone(),
    })
}

#[cfg(test)]
mod tests {
    use crate::domain::sheet::TextEncoding;

    #[test]
    fn the_taxonomy_names_every_encoding_by_its_serialised_id() {
        let encodings = super::taxonomy().text_encodings;
        assert_eq!(encodings.len(), TextEncoding::ALL.len());
        for (label, encoding) in encodings.iter().zip(TextEncoding::ALL) {
            assert_eq!(
                serde_json::to_value(encoding).ok(),
                Some(serde_json::Value::String(label.id.clone()))
            );
            assert_eq!(label.nl, encoding.label());
        }
        assert_eq!(encodings[3].id, "windows1252");
    }
}
