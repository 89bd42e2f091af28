//! Where the database key comes from: `TAFEL_DB_KEY`, the OS keychain, or a key file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A SQLCipher key: 32 random bytes, kept as hex, or a passphrase given by a script.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey(KeyMaterial);

#[derive(Clone, PartialEq, Eq)]
enum KeyMaterial {
    Raw(String),
    Passphrase(String),
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

/// Where the key that opened the database came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// Given explicitly (`TAFEL_DB_KEY` or a caller).
    Explicit,
    /// The OS keychain.
    Keychain,
    /// A key file beside the database.
    KeyFile(PathBuf),
}

impl DbKey {
    /// A fresh random key.
    pub fn generate() -> Result<Self> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::BadKey(format!("no randomness available: {e}")))?;
        Ok(DbKey(KeyMaterial::Raw(hex::encode(bytes))))
    }

    /// Reads a key as given by a person or script: 64 hex digits are a raw key (also written
    /// as a recovery key, in groups with dashes or spaces), anything else of at least 8
    /// characters a passphrase.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        if digits.len() == 64 && digits.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(DbKey(KeyMaterial::Raw(digits.to_ascii_lowercase())))
        } else if text.chars().count() >= 8 {
            Ok(DbKey(KeyMaterial::Passphrase(text.to_string())))
        } else {
            Err(Error::BadKey(
                "a key is 64 hex digits or a passphrase of at least 8 characters".into(),
            ))
        }
    }

    /// The key as a person writes it down: a raw key as 16 groups of 4 hex digits
    /// (`8f3b-6c1d-…`), a passphrase as it is. [`DbKey::parse`] reads both back.
    pub fn recovery_text(&self) -> String {
        match &self.0 {
            KeyMaterial::Raw(hex) => hex
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-"),
            KeyMaterial::Passphrase(p) => p.clone(),
        }
    }

    /// The text to store in a keychain or key file.
    fn stored_text(&self) -> &str {
        match &self.0 {
            KeyMaterial::Raw(hex) | KeyMaterial::Passphrase(hex) => hex,
        }
    }

    /// The value for `PRAGMA key`.
    pub(crate) fn pragma_value(&self) -> String {
        match &self.0 {
            // A raw key skips SQLCipher's key derivation, so opening stays fast.
            KeyMaterial::Raw(hex) => format!("x'{hex}'"),
            KeyMaterial::Passphrase(p) => p.clone(),
        }
    }
}

/// How to look for a key.
#[derive(Debug, Clone, Default)]
pub struct KeyOptions {
    /// A key given explicitly (e.g. from `TAFEL_DB_KEY`); wins over everything.
    pub explicit: Option<String>,
    /// Whether to use the OS keychain.
    pub use_keychain: bool,
}

const KEYCHAIN_SERVICE: &str = "nl.tafel.database";

/// The key file that belongs beside a database.
pub fn key_file_path(db_path: &Path) -> PathBuf {
    let mut name = db_path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".key");
    db_path.with_file_name(name)
}

fn keychain_entry(db_path: &Path) -> Option<keyring::Entry> {
    let account = db_path.to_string_lossy().to_string();
    keyring::Entry::new(KEYCHAIN_SERVICE, &account).ok()
}

/// Finds the key of a database, or creates one for a new database.
///
/// Order: explicit key, keychain entry, key file. A database that exists but has
/// no key anywhere is an error; for a new one a key is made and stored in the
/// keychain when one is available, otherwise in an owner-only key file.
pub fn resolve(db_path: &Path, options: &KeyOptions) -> Result<(DbKey, KeySource)> {
    if let Some(text) = &options.explicit {
        return Ok((DbKey::parse(text)?, KeySource::Explicit));
    }
    let entry = if options.use_keychain {
        keychain_entry(db_path)
    } else {
        None
    };
    if let Some(entry) = &entry {
        match entry.get_password() {
            Ok(text) => return Ok((DbKey::parse(&text)?, KeySource::Keychain)),
            // No entry, or no keychain on this machine (e.g. no secret service): try the key file.
            Err(
                keyring::Error::NoEntry
                | keyring::Error::PlatformFailure(_)
                | keyring::Error::NoStorageAccess(_),
            ) => {}
            Err(other) => return Err(Error::Keychain(other)),
        }
    }
    let key_file = key_file_path(db_path);
    if key_file.exists() {
        let text = fs::read_to_string(&key_file).map_err(|e| Error::io(&key_file, e))?;
        // An emptied or overwritten key file is its own problem, not a wrong key.
        let key = DbKey::parse(&text).map_err(|_| Error::KeyFileUnusable {
            path: key_file.clone(),
        })?;
        return Ok((key, KeySource::KeyFile(key_file)));
    }
    let db_has_content = fs::metadata(db_path).map(|m| m.len() > 0).unwrap_or(false);
    if db_has_content {
        return Err(Error::KeyMissing {
            path: db_path.to_path_buf(),
        });
    }
    let key = DbKey::generate()?;
    // Stored in the keychain only when it reads back as written: a store that accepts a key
    // and loses it would lock the database for good. Otherwise the key file.
    if let Some(entry) = &entry {
        let stored = entry.set_password(key.stored_text()).is_ok();
        if stored
            && entry
                .get_password()
                .is_ok_and(|back| back == key.stored_text())
        {
            return Ok((key, KeySource::Keychain));
        }
    }
    write_key_file(&key_file, &key)?;
    Ok((key, KeySource::KeyFile(key_file)))
}

fn write_key_file(path: &Path, key: &DbKey) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(key.stored_text().as_bytes())
        .map_err(|e| Error::io(path, e))?;
    file.sync_all().map_err(|e| Error::io(path, e))?;
    Ok(())
}

/// Stores a key for a database where [`resolve`] looks for it (the keychain when asked and it
/// reads back, otherwise the key file beside the database), after checking that it opens the
/// database: how a recovery key brings a database back on a new laptop or after the keychain
/// lost it. An existing, different key file is refused rather than overwritten.
pub fn store_recovered(db_path: &Path, key: &DbKey, use_keychain: bool) -> Result<KeySource> {
    drop(super::Store::open(db_path, key)?);
    if use_keychain
        && let Some(entry) = keychain_entry(db_path)
        && entry.set_password(key.stored_text()).is_ok()
        && entry
            .get_password()
            .is_ok_and(|back| back == key.stored_text())
    {
        return Ok(KeySource::Keychain);
    }
    let key_file = key_file_path(db_path);
    if key_file.exists() {
        let existing = fs::read_to_string(&key_file).map_err(|e| Error::io(&key_file, e))?;
        match DbKey::parse(&existing) {
            Ok(k) if k == *key => return Ok(KeySource::KeyFile(key_file)),
            // An emptied or garbled key file is what the recovery is for: replace it.
            Err(_) => {
                fs::remove_file(&key_file).map_err(|e| Error::io(&key_file, e))?;
                write_key_file(&key_file, key)?;
                return Ok(KeySource::KeyFile(key_file));
            }
            Ok(_) => {}
        }
        return Err(Error::Conflict {
            code: "key_file_exists",
            message_nl: format!(
                "Er staat al een ander sleutelbestand: {}. Verplaats het eerst; er is niets gewijzigd.",
                key_file.display()
            ),
            message_en: format!(
                "Another key file is already there: {}. Move it first; nothing was changed.",
                key_file.display()
            ),
        });
    }
    write_key_file(&key_file, key)?;
    Ok(KeySource::KeyFile(key_file))
}
