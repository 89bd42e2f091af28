//! The files Tafel writes for a user — exports, reports, invites, case summaries, backups,
//! mappings, settings — are written whole or not at all, and readable by their owner only.
//!
//! A file is written to a temporary file in the same folder (so the final rename stays on one
//! file system), flushed to disk, then renamed over the target; the folder is flushed too, so
//! the new name survives a power cut. A kill, a full disk or a failing write leaves the
//! previous file as it was and no temporary file behind. The temporary file is created
//! owner-only (mode 0600), and the rename gives the target that mode: an export of company
//! data is not left world-readable because an older file at that path was.
//!
//! Layer: a leaf utility. Uses only `error`; `import`, `report`, `store` and `service` may use it.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How the temporary files of [`write_atomic`] end.
pub const TEMP_SUFFIX: &str = ".tafel-tmp";

/// Removes the temporary files in `dir` that a writer killed mid-write left behind (their
/// process is gone), and returns how many. Files of a writer still running are left alone.
/// Only where the running processes can be seen (`/proc`); elsewhere nothing is removed.
pub fn remove_stale_temporaries(dir: &Path) -> Result<u32> {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return Ok(0);
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name
            .strip_suffix(TEMP_SUFFIX)
            .filter(|_| name.starts_with('.'))
        else {
            continue;
        };
        // `.NAME.PID.RANDOM`: the process id is the second field from the end.
        let pid = stem.rsplit('.').nth(1).and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()) {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Writes `bytes` to `path` atomically and owner-only, creating the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir,
        None => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A hidden name that says what it is, should a crash leave one behind.
    // The writer's process id in the name lets a later start tell a file left by a killed
    // writer from one still being written (see `remove_stale_temporaries`).
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.{}.", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, e))?;
    temp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    // On failure the temporary file is removed when `PersistError` (which owns it) drops.
    temp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir)
}

/// A temporary path beside `path` for a file another writer produces (SQLCipher's export),
/// named like [`write_atomic`]'s own, so [`remove_stale_temporaries`] knows it.
pub fn temporary_beside(path: &Path) -> Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut random = [0u8; 6];
    getrandom::fill(&mut random)
        .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))?;
    Ok(dir.join(format!(
        ".{name}.{}.{}{TEMP_SUFFIX}",
        std::process::id(),
        hex::encode(random)
    )))
}

/// Puts a finished temporary file (from [`temporary_beside`]) in place of `path` the way
/// [`write_atomic`] does: flushed, owner-only, renamed, the folder flushed.
pub fn put_in_place(temp: &Path, path: &Path) -> Result<()> {
    std::fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(temp, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io(temp, e))?;
    }
    std::fs::rename(temp, path).map_err(|e| Error::io(path, e))?;
    sync_dir(
        path.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, e))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    // Windows has no handle to flush a folder through; the rename is durable on NTFS.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(TEMP_SUFFIX))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn replaces_a_file_whole_and_owner_only() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::io(Path::new("tempdir"), e))?;
        let path = dir.path().join("casussen.csv");
        std::fs::write(&path, "oud").map_err(|e| Error::io(&path, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))
                .map_err(|e| Error::io(&path, e))?;
        }
        write_atomic(&path, b"nieuw")?;
        assert_eq!(
            std::fs::read(&path).map_err(|e| Error::io(&path, e))?,
            b"nieuw"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .map_err(|e| Error::io(&path, e))?
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600, "owner-only, also over a world-readable file");
        }
        assert!(leftovers(dir.path()).is_empty());
        write_atomic(&dir.path().join("map/in/map.json"), b"{}")?;
        Ok(())
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file_and_names_the_path() {
        let Ok(dir) = tempfile::tempdir() else { return };
        // A folder where the file should go: the rename fails after the data was written.
        let path = dir.path().join("rapport.pdf");
        assert!(std::fs::create_dir(&path).is_ok());
        let err = write_atomic(&path, b"%PDF").expect_err("cannot replace a folder");
        assert!(err.to_string().contains("rapport.pdf"), "{err}");
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
    }
}

#[cfg(test)]
mod stale {
    use super::*;

    #[test]
    fn only_the_files_of_a_writer_that_is_gone_are_removed() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::io(Path::new("tempdir"), e))?;
        let gone = dir.path().join(".casussen.csv.999999999.a1b2c3.tafel-tmp");
        let mine = dir.path().join(format!(
            ".casussen.csv.{}.d4e5f6.tafel-tmp",
            std::process::id()
        ));
        let other = dir.path().join("casussen.csv");
        for path in [&gone, &mine, &other] {
            std::fs::write(path, "x").map_err(|e| Error::io(path, e))?;
        }
        assert_eq!(remove_stale_temporaries(dir.path())?, 1);
        assert!(!gone.exists() && mine.exists() && other.exists());
        Ok(())
    }
}
