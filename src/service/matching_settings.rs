//! The matching settings file: `matching.toml` beside the database, read for each
//! matching use case and created with the documented defaults when missing. The matching
//! layer only parses and checks the text ([`MatchingConfig::parse`]); the file is here.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::matching::{CONFIG_FILE_NAME, DEFAULT_TOML, MatchingConfig};

/// Where the settings of the database at `db_path` live.
pub fn settings_path(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or(Path::new(""))
        .join(CONFIG_FILE_NAME)
}

/// Reads the settings file, creating it with the defaults when missing.
pub fn load_or_create(path: &Path) -> Result<MatchingConfig> {
    match std::fs::read_to_string(path) {
        Ok(text) => MatchingConfig::parse(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            crate::files::write_atomic(path, DEFAULT_TOML.as_bytes())?;
            Ok(MatchingConfig::default())
        }
        Err(e) => Err(Error::io(path, e)),
    }
}
