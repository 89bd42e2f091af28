//! Joining a table from the desktop: what the coordinator's bundle invites this device to (the
//! table's name and the coordinator's fingerprint, to compare by phone before joining), a
//! "Synchroniseren" that joins with the fingerprint typed, and bundle files the user chose.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::bundle::{ExportSummary, ImportSummary};
use super::folder::{self, BUNDLE_EXTENSION, SyncReport};
use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::service::chosen_file::{self, Use};
use crate::store::Store;
use crate::sync::{Bundle, Refusal};

/// The table a coordinator's bundle invites this device to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct JoinOffer {
    /// The table's name.
    pub table_name: String,
    /// The coordinator who signed the roster.
    pub coordinator: String,
    /// The coordinator device's fingerprint, to compare by phone.
    pub coordinator_fingerprint: String,
    /// The roster's version.
    #[ts(type = "number")]
    pub roster_version: u64,
    /// The bundle's file name.
    pub file: String,
}

/// The invitation in a bundle's bytes: its roster, signed by the coordinator it names, with
/// this device on it. `None` for a bundle without a roster (a member's) or one that does not
/// name this device.
pub(crate) fn offer_in(bytes: &[u8], my_device: &str, file: &str) -> Option<JoinOffer> {
    let roster = Bundle::decode(bytes).ok()?.roster?.verify(None).ok()?;
    roster.device(my_device)?;
    let signer = roster.device(&roster.signed_by)?;
    Some(JoinOffer {
        table_name: roster.table_name.clone(),
        coordinator: signer.person.clone(),
        coordinator_fingerprint: signer.keys.fingerprint(),
        roster_version: roster.version,
        file: file.to_string(),
    })
}

fn my_device(store: &Store) -> Result<String> {
    Ok(store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))?
        .device_id)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The invitation in a bundle file, if it holds one for this device.
pub fn file_join_offer(store: &Store, path: &Path) -> Result<Option<JoinOffer>> {
    chosen_file::check(store, path, &[BUNDLE_EXTENSION], Use::Read)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    Ok(offer_in(&bytes, &my_device(store)?, &file_name(path)))
}

/// The newest invitation for this device among the bundles in the shared folder, with its file.
fn folder_offer(store: &Store, folder: &Path) -> Result<Option<(JoinOffer, PathBuf)>> {
    let me = my_device(store)?;
    let own = folder::own_bundle_path(store, folder)?;
    let mut best: Option<(JoinOffer, PathBuf)> = None;
    for entry in std::fs::read_dir(folder).map_err(|e| Error::io(folder, e))? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path == own || !path.is_file() || path.extension().is_none_or(|e| e != BUNDLE_EXTENSION)
        {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if let Some(offer) = offer_in(&bytes, &me, &file_name(&path))
            && best
                .as_ref()
                .is_none_or(|(b, _)| offer.roster_version > b.roster_version)
        {
            best = Some((offer, path));
        }
    }
    Ok(best)
}

/// The invitation for this device in the shared folder (the given one, else the one set).
pub fn folder_join_offer(store: &Store, folder: Option<&Path>) -> Result<Option<JoinOffer>> {
    let folder = folder::folder_or_set(store, folder)?;
    Ok(folder_offer(store, &folder)?.map(|(offer, _)| offer))
}

/// The newest invitation for this device through any configured transport (the shared folder
/// given, else the one set, and the hub joined); a transport that cannot be reached is passed
/// over (the sync that follows says so).
pub fn join_offer(store: &Store, folder: Option<&Path>) -> Result<Option<JoinOffer>> {
    let me = my_device(store)?;
    let received = store.sync().received_contiguous()?;
    let mut best: Option<JoinOffer> = None;
    for mut configured in super::transports::configured(store, folder)? {
        let Ok(deliveries) = configured.transport.fetch(&me, &received) else {
            continue;
        };
        for d in &deliveries {
            if let Some(offer) = offer_in(&d.bytes, &me, &d.label)
                && best
                    .as_ref()
                    .is_none_or(|b| offer.roster_version > b.roster_version)
            {
                best = Some(offer);
            }
        }
    }
    Ok(best)
}

pub(crate) fn no_invitation() -> Error {
    Error::invalid(
        "folder",
        "no_invitation",
        "In de gedeelde map (of op de hub) staat nog geen bundel van de coördinator met dit apparaat op de ledenlijst. Stuur de coördinator uw lidkaart; na het toevoegen synchroniseert de coördinator, daarna u.",
        "The shared folder (or the hub) holds no bundle of the coordinator with this device on the roster yet. Send the coordinator your member card; once it is added the coordinator synchronises, then you.",
    )
}

/// "Synchroniseren" as the window does it, through every configured transport (the shared
/// folder given, else the one set, and the hub joined): a device that belongs to no table yet
/// first joins with the coordinator's bundle found there — refused with `sync_not_joined` (the
/// table's name and the coordinator's fingerprint in its message) until `join_fingerprint` is
/// given and matches —, then everything is read and written as
/// [`super::transports::sync_through`] does. A device already on a table ignores
/// `join_fingerprint`.
pub fn sync_joining(
    store: &mut Store,
    actor: &Actor,
    folder: Option<&Path>,
    join_fingerprint: Option<&str>,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    let mut transports = super::transports::configured(store, folder)?;
    let mut report =
        super::transports::sync_through(store, actor, &mut transports, join_fingerprint, progress)?;
    // A coordinator linked with other tables exchanges their referrals in the same sync; the
    // table's own sync stands even when the exchange cannot (it is said, and tried next time).
    if super::exchange::exchanges(store)? {
        let (nl, en) = match super::exchange::sync(store, actor) {
            Ok(exchanged) => super::exchange::summary(&exchanged),
            Err(e) => (
                format!(
                    "uitwisseling met andere tafels lukte niet: {}",
                    e.message_nl()
                ),
                format!("the exchange with other tables failed: {}", e.message_en()),
            ),
        };
        if !nl.is_empty() {
            report
                .summary_nl
                .push_str(&format!(". {}", upper_first(&nl)));
            report
                .summary_en
                .push_str(&format!(". {}", upper_first(&en)));
        }
    }
    Ok(report)
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Reads a bundle file the user chose (`.tafel`); `join_fingerprint` as in
/// [`super::bundle::import_bundle`].
pub fn import_bundle_file(
    store: &mut Store,
    actor: &Actor,
    path: &Path,
    join_fingerprint: Option<&str>,
) -> Result<ImportSummary> {
    chosen_file::check(store, path, &[BUNDLE_EXTENSION], Use::Read)?;
    folder::import_file(store, actor, path, join_fingerprint)
}

/// Writes this device's bundle to a file the user chose (`.tafel`, never one of the
/// database's own files).
pub fn export_bundle_file(store: &mut Store, actor: &Actor, path: &Path) -> Result<ExportSummary> {
    chosen_file::check(store, path, &[BUNDLE_EXTENSION], Use::Write)?;
    folder::export_to(store, actor, path)
}
