//! Synchronising through a shared folder (SharePoint, OneDrive, Nextcloud, a network drive):
//! each device writes its own bundle there as `<device>.tafel` and reads everyone else's.
//! Reading the same bundle again, or an older one, changes nothing.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::bundle::{ExportSummary, ImportSummary, export_bundle, import_bundle};
use super::transports::TransportStatus;
use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::store::{Setting, Store};
use crate::sync::{Delivery, Received, Transport};

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
    /// The shared folder, when one served (empty otherwise).
    pub folder: String,
    /// Every transport used (the folder, the hub) and whether it was reached.
    pub transports: Vec<TransportStatus>,
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

/// The shared folder as a transport: each device writes its own bundle there as
/// `<device>.tafel` and reads every other `.tafel` file (it cannot select, so it reads them
/// whole; what was received before changes nothing).
pub struct FolderTransport {
    folder: PathBuf,
}

impl FolderTransport {
    /// The transport of `folder`.
    pub fn new(folder: PathBuf) -> FolderTransport {
        FolderTransport { folder }
    }

    fn own(&self, device: &str) -> PathBuf {
        self.folder.join(format!("{device}.{BUNDLE_EXTENSION}"))
    }
}

impl Transport for FolderTransport {
    fn describe(&self) -> String {
        self.folder.display().to_string()
    }

    fn fetch(&mut self, device: &str, _received: &Received) -> Result<Vec<Delivery>> {
        let own = self.own(device);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.folder)
            .map_err(|e| Error::io(&self.folder, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|e| e == BUNDLE_EXTENSION) && p != &own && p.is_file()
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|path| {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let label = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                Ok(Delivery { label, bytes })
            })
            .collect()
    }

    fn publish(&mut self, device: &str, bytes: &[u8]) -> Result<()> {
        // Atomically: a reader never sees half a bundle.
        crate::files::write_atomic(&self.own(device), bytes)
    }
}

/// Synchronises through the shared folder only (the one given, else the one set): reads every
/// other device's bundle there, then writes this device's own (so it acknowledges what it just
/// read). A refused bundle is listed with its reason and does not stop the others. A device on
/// no table yet joins through [`super::join::sync_joining`]; here the coordinator's invitation
/// is returned as the error (`sync_not_joined`).
pub fn sync_with_folder(
    store: &mut Store,
    actor: &Actor,
    folder: Option<&Path>,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    let folder = folder_or_set(store, folder)?;
    let mut transports = vec![super::transports::Configured {
        kind: "folder",
        transport: Box::new(FolderTransport::new(folder)),
    }];
    super::transports::sync_through(store, actor, &mut transports, None, progress)
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
