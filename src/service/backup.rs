//! Automatic encrypted backups and restoring a backup over the open database.
//!
//! An automatic backup is a SQLCipher copy of the whole database keyed with the database's own
//! key (the recovery key opens it), written under a temporary name in the backup folder of the
//! settings, read back and counted, then renamed into place: `tafel-auto-<UTC time>.tafelbackup`.
//! One is taken when the newest is older than the interval of the settings (the app checks on
//! start, on close and every so often while it runs); the oldest beyond the number to keep go.
//!
//! A restore replaces the database only once the backup has proved whole: it is read and its
//! rows written into a new database beside the current one; an automatic backup of the
//! current data is taken first (so a restore can be undone); then the current file is moved
//! aside, the new one renamed into its place and opened, and only then the old one removed.
//! Whatever fails on the way, the current database stays as it was.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::transfer::{self, BackupReport, ENCRYPTED_BACKUP_EXTENSION};
use crate::error::{Error, Result};
use crate::progress::{Phase, Progress};
use crate::store::{DbKey, Store, TableRows};

/// How the name of an automatic backup starts.
pub const AUTO_PREFIX: &str = "tafel-auto-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// One automatic backup in the backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AutoBackup {
    /// The file.
    pub path: String,
    /// When it was taken (RFC 3339, UTC).
    pub taken_at: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The automatic backups as the settings screen shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupStatus {
    /// The folder they go to.
    pub folder: String,
    /// Hours between them; 0 is off.
    pub every_hours: u32,
    /// How many are kept.
    pub keep: u32,
    /// Whether one is due now.
    pub due: bool,
    /// The backups in the folder, newest first.
    pub backups: Vec<AutoBackup>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    /// The backup restored and its rows per table.
    pub restored: BackupReport,
    /// The automatic backup of the data as it was before, to undo the restore with.
    pub before: Option<AutoBackup>,
}

fn folder_of(store: &Store) -> Result<PathBuf> {
    super::settings::backup_folder(store)?.ok_or_else(|| {
        Error::invalid(
            "backup.folder",
            "no_backup_folder",
            "Een database in het geheugen heeft geen map voor back-ups.",
            "A database in memory has no backup folder.",
        )
    })
}

fn taken_at(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stamp = name
        .strip_prefix(AUTO_PREFIX)?
        .strip_suffix(&format!(".{ENCRYPTED_BACKUP_EXTENSION}"))?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// The automatic backups in `folder`, newest first (a missing folder holds none).
pub fn auto_backups(folder: &Path) -> Result<Vec<AutoBackup>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(folder, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(folder, e))?;
        let path = entry.path();
        if let Some(at) = taken_at(&path) {
            let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            found.push((at, path, bytes));
        }
    }
    found.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
    Ok(found
        .into_iter()
        .map(|(at, path, bytes)| AutoBackup {
            path: path.display().to_string(),
            taken_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            bytes,
        })
        .collect())
}

/// The automatic backups of `store` and whether one is due.
pub fn status(store: &Store, now: DateTime<Utc>) -> Result<BackupStatus> {
    let folder = folder_of(store)?;
    let backups = auto_backups(&folder)?;
    Ok(BackupStatus {
        folder: folder.display().to_string(),
        every_hours: super::settings::backup_every_hours(store)?,
        keep: super::settings::backup_keep(store)?,
        due: is_due(store, now)?,
        backups,
    })
}

/// Whether an automatic backup is due at `now`: they are on, and the newest is older than the
/// interval (or there is none).
pub fn is_due(store: &Store, now: DateTime<Utc>) -> Result<bool> {
    let hours = super::settings::backup_every_hours(store)?;
    if hours == 0 || store.path().is_none() {
        return Ok(false);
    }
    let newest = auto_backups(&folder_of(store)?)?
        .first()
        .and_then(|b| taken_at(Path::new(&b.path)));
    Ok(match newest {
        None => true,
        Some(at) => now - at >= chrono::Duration::hours(i64::from(hours)),
    })
}

/// Takes an automatic backup now (whatever the interval), named by `now`, and prunes the oldest
/// beyond the number to keep.
pub fn take_auto_backup(store: &Store, key: &DbKey, now: DateTime<Utc>) -> Result<AutoBackup> {
    let folder = folder_of(store)?;
    create_private_dir(&folder)?;
    let path = folder.join(format!(
        "{AUTO_PREFIX}{}.{ENCRYPTED_BACKUP_EXTENSION}",
        now.format(STAMP)
    ));
    let temp = crate::files::temporary_beside(&path)?;
    let written = (|| -> Result<()> {
        let passphrase = key.pragma_value();
        let exported = store.export_encrypted(&temp, &passphrase)?;
        let (_, tables) = crate::store::read_encrypted(&temp, &passphrase)?;
        let read: Vec<(String, usize)> = tables
            .iter()
            .map(|t| (t.table.clone(), t.rows.len()))
            .collect();
        if read != exported {
            return Err(Error::BackupInvalid {
                message_nl: format!(
                    "de automatische back-up {} bevat niet alle rijen; hij is niet bewaard",
                    path.display()
                ),
                message_en: format!(
                    "the automatic backup {} does not hold every row; it was not kept",
                    path.display()
                ),
            });
        }
        crate::files::put_in_place(&temp, &path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    prune(&folder, super::settings::backup_keep(store)?)?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(AutoBackup {
        path: path.display().to_string(),
        taken_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        bytes,
    })
}

/// Takes an automatic backup when one is due at `now` ([`is_due`]); `None` when none was.
pub fn auto_backup_if_due(
    store: &Store,
    key: &DbKey,
    now: DateTime<Utc>,
) -> Result<Option<AutoBackup>> {
    if !is_due(store, now)? {
        return Ok(None);
    }
    take_auto_backup(store, key, now).map(Some)
}

/// Removes the oldest automatic backups in `folder` beyond the newest `keep`; returns how many.
/// Other files in the folder are never touched.
pub fn prune(folder: &Path, keep: u32) -> Result<u32> {
    let mut removed = 0;
    for old in auto_backups(folder)?.into_iter().skip(keep.max(1) as usize) {
        std::fs::remove_file(&old.path).map_err(|e| Error::io(&old.path, e))?;
        removed += 1;
    }
    Ok(removed)
}

fn create_private_dir(folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io(folder, e))?;
    }
    Ok(())
}

/// Whether `path` is one of the automatic backups of `store` (the window may restore those
/// without choosing them in a dialog).
pub fn is_auto_backup(store: &Store, path: &Path) -> Result<bool> {
    let folder = folder_of(store)?;
    Ok(auto_backups(&folder)?
        .iter()
        .any(|b| Path::new(&b.path) == path))
}

/// Reads a backup whole: an encrypted one (`.tafelbackup`) with `passphrase`, or without one
/// with the database's key (automatic backups); a plain one (`.json`) as it is.
fn read_any(path: &Path, key: &DbKey, passphrase: Option<&str>) -> Result<(i64, Vec<TableRows>)> {
    if transfer::is_encrypted_backup(path) {
        let given = passphrase.map(str::trim).filter(|p| !p.is_empty());
        let passphrase = given.map_or_else(|| key.pragma_value(), str::to_string);
        crate::store::read_encrypted(path, &passphrase)
    } else {
        let backup = transfer::read_backup(path)?;
        Ok((backup.schema_version, backup.tables))
    }
}

fn sidecars(db: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = db.as_os_str().to_os_string();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}

fn remove_with_sidecars(db: &Path) {
    for file in std::iter::once(db.to_path_buf()).chain(sidecars(db)) {
        let _ = std::fs::remove_file(file);
    }
}

/// Restores a backup in place of the open database (see the module's description): `store`
/// is the database afterwards, opened with the same `key`. An encrypted backup is opened with
/// `passphrase`, or with the database's key when none is given (an automatic backup).
pub fn restore_replacing(
    store: &mut Store,
    key: &DbKey,
    backup: &Path,
    passphrase: Option<&str>,
    now: DateTime<Utc>,
    progress: &dyn Progress,
) -> Result<RestoreReport> {
    let Some(db) = store.path().map(Path::to_path_buf) else {
        return Err(Error::invalid(
            "path",
            "in_memory",
            "Een database in het geheugen kan niet worden vervangen.",
            "A database in memory cannot be replaced.",
        ));
    };
    super::chosen_file::check(
        store,
        backup,
        &[ENCRYPTED_BACKUP_EXTENSION, "json"],
        super::chosen_file::Use::Read,
    )?;
    progress.step(Phase::Reading, 0, 0)?;
    let (schema_version, tables) = read_any(backup, key, passphrase)?;
    if schema_version > crate::store::SCHEMA_VERSION {
        return Err(Error::BackupNewer {
            found: schema_version,
            supported: crate::store::SCHEMA_VERSION,
        });
    }
    // The new database is built whole beside the current one before anything is replaced.
    let fresh = crate::files::temporary_beside(&db)?;
    let built = (|| -> Result<()> {
        let mut new = Store::open(&fresh, key)?;
        new.restore_rows(&tables, progress)?;
        new.adopt_device_id(store.device_id())?;
        new.check_integrity()?;
        Ok(())
    })();
    if let Err(err) = built {
        remove_with_sidecars(&fresh);
        return Err(err);
    }
    progress.step(Phase::Verifying, 0, 0)?;
    let before = match take_auto_backup(store, key, now) {
        Ok(before) => Some(before),
        Err(err) => {
            remove_with_sidecars(&fresh);
            return Err(err);
        }
    };
    progress.step(Phase::Writing, 0, 1)?;
    // Close the current database: its file can then be moved aside.
    let current = std::mem::replace(store, Store::open_in_memory()?);
    current.checkpoint_for_close()?;
    drop(current);
    let mut aside = db.as_os_str().to_os_string();
    aside.push(".voor-terugzetten");
    let aside = PathBuf::from(aside);
    let swapped = (|| -> Result<Store> {
        std::fs::rename(&db, &aside).map_err(|e| Error::io(&db, e))?;
        for sidecar in sidecars(&db) {
            let _ = std::fs::remove_file(sidecar);
        }
        crate::files::put_in_place(&fresh, &db)?;
        Store::open(&db, key)
    })();
    match swapped {
        Ok(opened) => {
            *store = opened;
            remove_with_sidecars(&aside);
            progress.step(Phase::Writing, 1, 1)?;
            Ok(RestoreReport {
                restored: transfer::report_of(backup, schema_version, &tables),
                before,
            })
        }
        Err(err) => {
            // Put the current database back where it was and open it again.
            if aside.exists() {
                remove_with_sidecars(&db);
                let _ = std::fs::rename(&aside, &db);
            }
            remove_with_sidecars(&fresh);
            *store = Store::open(&db, key)?;
            Err(err)
        }
    }
}
