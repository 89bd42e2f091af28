//! Checks on a file a user (or the window, or a script) names for an export or an import:
//! never the database itself, its write-ahead log, its key file or the settings and
//! templates beside it, and an extension that fits the format.
//!
//! The shell hands the UI's paths to the services as they come; a web view that was made to
//! send `…/tafel.db` as the target of a CSV export would otherwise overwrite the database, and
//! one that sent the key file as an "import" would read it into an error message.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::{Store, key};

/// What the file is for, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Tafel writes it (an export, a report, a backup).
    Write,
    /// Tafel reads it (an import, a restore).
    Read,
}

/// The files beside a database that belong to it.
fn own_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf(), key::key_file_path(db), crate::matching::MatchingConfig::path_for(db)];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        files.push(PathBuf::from(name));
    }
    files
}

/// The path with its folder resolved (symlinks, `..`), so a second spelling of the database's
/// path is recognised; the file itself need not exist yet.
fn resolved(path: &Path) -> PathBuf {
    // An existing file is followed through symlinks: a link named `x.csv` to the database is
    // the database.
    if let Ok(full) = std::fs::canonicalize(path) {
        return full;
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// Refuses the database's own files and a path whose extension is not one of `extensions`
/// (lower case, without the dot).
pub fn check(store: &Store, path: &Path, extensions: &[&str], used: Use) -> Result<()> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !extension.as_deref().is_some_and(|e| extensions.contains(&e)) {
        if used == Use::Read {
            return Err(Error::UnsupportedFile(path.to_path_buf()));
        }
        let wanted = extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" of ");
        let wanted_en = extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" or ");
        return Err(Error::invalid(
            "path",
            "path_extension",
            format!("{} moet eindigen op {wanted}.", path.display()),
            format!("{} must end in {wanted_en}.", path.display()),
        ));
    }
    if let Some(db) = store.path() {
        let target = resolved(path);
        let in_templates = target.starts_with(resolved(&db.with_file_name("templates")));
        if in_templates || own_files(db).iter().any(|own| resolved(own) == target) {
            let (nl, en) = match used {
                Use::Write => ("Tafel schrijft niet over zijn eigen database, sleutel of instellingen", "Tafel does not write over its own database, key or settings"),
                Use::Read => ("Tafel leest zijn eigen database, sleutel of instellingen niet als import", "Tafel does not read its own database, key or settings as an import"),
            };
            return Err(Error::invalid(
                "path",
                "path_forbidden",
                format!("{nl}: kies een ander bestand dan {}.", path.display()),
                format!("{en}: choose another file than {}.", path.display()),
            ));
        }
    }
    Ok(())
}
