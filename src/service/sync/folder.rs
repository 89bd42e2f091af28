//! Synchronising through a shared folder (SharePoint, OneDrive, Nextcloud, a network drive):
//! each device writes its own bundle there as `<device>.tafel` and reads everyone else's.
//! Reading the same bundle again, or an older one, changes nothing.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::bundle::{ExportSummary, ImportSummary, export_bundle, import_bundle};
use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::progress::{Phase, Progress};
use crate::store::{Setting, Store};

/// The extension of bundle files.
pub const BUNDLE_EXTENSION: &str = "tafel";

/// One bundle read while synchronising.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BundleResult {
    /// The file's name.
    pub file: String,
    /// What it did, when it was read.
    pub imported: Option<ImportSummary>,
    /// Why it was refused (code), when it was.
    pub refused_code: Option<String>,
    /// Why, in Dutch.
    pub refused_nl: Option<String>,
    /// Why, in English.
    pub refused_en: Option<String>,
}

/// What one "Synchroniseren" did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    /// The folder.
    pub folder: String,
    /// This device's bundle as written.
    pub exported: ExportSummary,
    /// Every other bundle read.
    pub bundles: Vec<BundleResult>,
    /// "12 wijzigingen ontvangen van 3 leden, 1 geweigerd: …".
    pub summary_nl: String,
    /// The same in English.
    pub summary_en: String,
}

/// The shared folder set for this device, if any.
pub fn sync_folder(store: &Store) -> Result<Option<PathBuf>> {
    Ok(store
        .settings()
        .get(Setting::SyncFolder)?
        .filter(|f| !f.trim().is_empty())
        .map(PathBuf::from))
}

/// Sets the shared folder (it must exist and be a folder).
pub fn set_sync_folder(store: &mut Store, actor: &Actor, folder: &Path) -> Result<PathBuf> {
    if !folder.is_dir() {
        return Err(Error::invalid(
            "folder",
            "folder_missing",
            format!("De map {} bestaat niet of is geen map.", folder.display()),
            format!(
                "The folder {} does not exist or is not a folder.",
                folder.display()
            ),
        ));
    }
    let folder = folder.canonicalize().map_err(|e| Error::io(folder, e))?;
    store.transact(actor, |w| {
        w.settings_mut()
            .set(Setting::SyncFolder, &folder.display().to_string())
    })?;
    Ok(folder)
}

/// The file this device writes its bundle to in `folder`.
pub fn own_bundle_path(store: &Store, folder: &Path) -> Result<PathBuf> {
    let me = store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(crate::sync::Refusal::NoIdentity))?;
    Ok(folder.join(format!("{}.{BUNDLE_EXTENSION}", me.device_id)))
}

/// Writes this device's bundle to `path` (atomically: a reader never sees half a bundle).
pub fn export_to(store: &mut Store, actor: &Actor, path: &Path) -> Result<ExportSummary> {
    let (bytes, summary) = export_bundle(store, actor)?;
    crate::files::write_atomic(path, &bytes)?;
    Ok(summary)
}

/// Reads one bundle file.
pub fn import_file(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    join_fingerprint: Option<&str>,
) -> Result<ImportSummary> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    import_bundle(store, actor, &bytes, &name, join_fingerprint)
}

/// The shared folder given, else the one set for this device.
pub(crate) fn folder_or_set(store: &Store, folder: Option<&Path>) -> Result<PathBuf> {
    match folder {
        Some(f) => Ok(f.to_path_buf()),
        None => sync_folder(store)?.ok_or_else(|| {
            Error::invalid(
                "folder",
                "no_sync_folder",
                "Kies eerst de gedeelde map waarin de leden hun bundels zetten (Delen → Gedeelde map, of tafel sync folder PAD).",
                "First choose the shared folder the members put their bundles in (Delen → Gedeelde map, or tafel sync folder PATH).",
            )
        }),
    }
}

/// Synchronises through the shared folder (the one given, else the one set): reads every other
/// device's bundle there, then writes this device's own (so it acknowledges what it just read).
/// A refused bundle is listed with its reason and does not stop the others. A device on no
/// table yet joins through [`super::join::sync_joining`]; here the coordinator's invitation is
/// returned as the error (`sync_not_joined`).
pub fn sync_with_folder(
    store: &mut Store,
    actor: &Actor,
    folder: Option<&Path>,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    let folder = folder_or_set(store, folder)?;
    let own = own_bundle_path(store, &folder)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| Error::io(&folder, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == BUNDLE_EXTENSION) && p != &own && p.is_file()
        })
        .collect();
    files.sort();
    let total = files.len() as u64 + 1;
    let mut bundles = Vec::new();
    for (done, path) in files.iter().enumerate() {
        progress.step(Phase::Reading, done as u64, total)?;
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match import_file(store, actor, path, None) {
            Err(e) if matches!(e.code(), "sync_not_joined" | "sync_fingerprint_mismatch") => {
                return Err(e);
            }
            Ok(summary) => bundles.push(BundleResult {
                file,
                imported: Some(summary),
                refused_code: None,
                refused_nl: None,
                refused_en: None,
            }),
            Err(e) if e.code().starts_with("sync_") => bundles.push(BundleResult {
                file,
                imported: None,
                refused_code: Some(e.code().to_string()),
                refused_nl: Some(e.message_nl()),
                refused_en: Some(e.message_en()),
            }),
            Err(e) => return Err(e),
        }
    }
    progress.step(Phase::Writing, total - 1, total)?;
    let exported = export_to(store, actor, &own)?;
    progress.step(Phase::Writing, total, total)?;
    let (summary_nl, summary_en) = summarise(&bundles);
    Ok(SyncReport {
        folder: folder.display().to_string(),
        exported,
        bundles,
        summary_nl,
        summary_en,
    })
}

/// "12 wijzigingen ontvangen van 3 leden, 1 geweigerd: …".
pub fn summarise(bundles: &[BundleResult]) -> (String, String) {
    let read: Vec<&ImportSummary> = bundles
        .iter()
        .filter_map(|b| b.imported.as_ref())
        .filter(|s| s.changes > 0)
        .collect();
    let changes: u64 = read.iter().map(|s| s.changes).sum();
    let refused: Vec<&BundleResult> = bundles
        .iter()
        .filter(|b| b.refused_code.is_some())
        .collect();
    let members = read
        .iter()
        .filter(|s| s.sender_role == crate::sync::Role::Member)
        .count();
    let coordinator = read
        .iter()
        .any(|s| s.sender_role == crate::sync::Role::Coordinator);
    let from_nl = match (members, coordinator) {
        (0, true) => "de coördinator".to_string(),
        (n, true) => format!(
            "de coördinator en {n} {}",
            if n == 1 { "lid" } else { "leden" }
        ),
        (n, false) => format!("{n} {}", if n == 1 { "lid" } else { "leden" }),
    };
    let from_en = match (members, coordinator) {
        (0, true) => "the coordinator".to_string(),
        (n, true) => format!(
            "the coordinator and {n} {}",
            if n == 1 { "member" } else { "members" }
        ),
        (n, false) => format!("{n} {}", if n == 1 { "member" } else { "members" }),
    };
    let mut nl = format!(
        "{changes} {} ontvangen van {from_nl}",
        if changes == 1 {
            "wijziging"
        } else {
            "wijzigingen"
        }
    );
    let mut en = format!(
        "{changes} {} received from {from_en}",
        if changes == 1 { "change" } else { "changes" }
    );
    if !refused.is_empty() {
        let reasons_nl: Vec<String> = refused
            .iter()
            .map(|b| format!("{} ({})", b.file, b.refused_nl.as_deref().unwrap_or("")))
            .collect();
        let reasons_en: Vec<String> = refused
            .iter()
            .map(|b| format!("{} ({})", b.file, b.refused_en.as_deref().unwrap_or("")))
            .collect();
        nl.push_str(&format!(
            ", {} geweigerd: {}",
            refused.len(),
            reasons_nl.join("; ")
        ));
        en.push_str(&format!(
            ", {} refused: {}",
            refused.len(),
            reasons_en.join("; ")
        ));
    }
    (nl, en)
}
