//! "Synchroniseren" through every transport configured on this device: the shared folder and
//! the PostgreSQL hub, alone or together (the same envelopes through both are read once: an
//! envelope received before changes nothing). Each transport only moves bundles
//! ([`crate::sync::Transport`]); reading and writing them is `super::bundle`'s, the same for all.
//!
//! A transport that cannot be reached (the hub down, the folder gone) is reported and the others
//! still serve; only when none is reached does the sync fail, with that transport's reason.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::bundle::{ImportSummary, export_bundle, import_bundle};
use super::folder::{self, BundleResult, FolderTransport, SyncReport};
use super::join::{no_invitation, offer_in};
use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::progress::{Phase, Progress};
use crate::store::Store;
use crate::sync::{Delivery, Refusal, Transport};

/// One transport of a sync, and whether it served.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TransportStatus {
    /// `folder` or `hub`.
    pub kind: String,
    /// The folder's path, or the hub's host and database.
    pub name: String,
    /// It was read from and written to.
    pub reached: bool,
    /// Why not (code), when it was not.
    pub error_code: Option<String>,
    /// Why not, in Dutch.
    pub error_nl: Option<String>,
    /// Why not, in English.
    pub error_en: Option<String>,
}

/// A transport with what to call it in the report.
pub struct Configured {
    /// `folder` or `hub`.
    pub kind: &'static str,
    /// The transport itself.
    pub transport: Box<dyn Transport>,
}

/// The transports configured on this device: the shared folder (`folder`, else the one set)
/// and the hub (when this device joined one). Neither: the `no_transport` error.
pub fn configured(store: &Store, folder: Option<&Path>) -> Result<Vec<Configured>> {
    let mut out = Vec::new();
    let folder = match folder {
        Some(f) => Some(f.to_path_buf()),
        None => folder::sync_folder(store)?,
    };
    if let Some(folder) = folder {
        out.push(Configured {
            kind: "folder",
            transport: Box::new(FolderTransport::new(folder)),
        });
    }
    if let Some(hub) = super::hub::hub_transport(store)? {
        out.push(Configured {
            kind: "hub",
            transport: Box::new(hub),
        });
    }
    if out.is_empty() {
        return Err(Error::invalid(
            "folder",
            "no_sync_folder",
            "Kies eerst de gedeelde map waarin de leden hun bundels zetten (Delen → Gedeelde map, of tafel sync folder PAD), of sluit aan bij een hub (tafel hub join URL).",
            "First choose the shared folder the members put their bundles in (Delen → Gedeelde map, or tafel sync folder PATH), or join a hub (tafel hub join URL).",
        ));
    }
    Ok(out)
}

fn failed(kind: &str, name: String, e: &Error) -> TransportStatus {
    TransportStatus {
        kind: kind.into(),
        name,
        reached: false,
        error_code: Some(e.code().to_string()),
        error_nl: Some(e.message_nl()),
        error_en: Some(e.message_en()),
    }
}

/// Synchronises through `transports`: fetches every other device's bundle from each, joins the
/// table first when this device holds no roster (with `join_fingerprint`, else refused with
/// `sync_not_joined` naming the table and the coordinator's fingerprint), reads every bundle,
/// then writes this device's one bundle (so it acknowledges what it just read) to each
/// transport reached. A refused bundle is listed with its reason and does not stop the others.
pub fn sync_through(
    store: &mut Store,
    actor: &Actor,
    transports: &mut [Configured],
    join_fingerprint: Option<&str>,
    progress: &dyn Progress,
) -> Result<SyncReport> {
    let me = store
        .sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))?
        .device_id;
    let received = store.sync().received_contiguous()?;
    let total_transports = transports.len() as u64;
    let mut statuses: Vec<TransportStatus> = Vec::new();
    let mut deliveries: Vec<Delivery> = Vec::new();
    let mut first_error: Option<Error> = None;
    let mut reached: Vec<bool> = Vec::new();
    for (i, t) in transports.iter_mut().enumerate() {
        progress.step(Phase::Reading, i as u64, total_transports)?;
        match t.transport.fetch(&me, &received) {
            Ok(mut got) => {
                deliveries.append(&mut got);
                reached.push(true);
                statuses.push(TransportStatus {
                    kind: t.kind.into(),
                    name: t.transport.describe(),
                    reached: true,
                    error_code: None,
                    error_nl: None,
                    error_en: None,
                });
            }
            Err(e) => {
                reached.push(false);
                statuses.push(failed(t.kind, t.transport.describe(), &e));
                first_error.get_or_insert(e);
            }
        }
    }
    if !reached.iter().any(|r| *r) {
        return Err(first_error.unwrap_or(Error::Cancelled));
    }

    let mut joined: Option<(String, ImportSummary)> = None;
    if store.sync().roster()?.is_none() {
        let offer = deliveries
            .iter()
            .filter_map(|d| offer_in(&d.bytes, &me, &d.label).map(|o| (o, d)))
            .max_by_key(|(o, _)| o.roster_version);
        let (offer, delivery) = offer.ok_or_else(no_invitation)?;
        let Some(typed) = join_fingerprint.filter(|f| !f.trim().is_empty()) else {
            return Err(Error::sync(Refusal::NotJoined {
                table_name: offer.table_name,
                fingerprint: offer.coordinator_fingerprint,
            }));
        };
        let summary = import_bundle(store, actor, &delivery.bytes, &delivery.label, Some(typed))?;
        joined = Some((delivery.label.clone(), summary));
    }

    let total = deliveries.len() as u64 + 1;
    let mut bundles = Vec::new();
    for (done, delivery) in deliveries.iter().enumerate() {
        progress.step(Phase::Reading, done as u64, total)?;
        let file = delivery.label.clone();
        match import_bundle(store, actor, &delivery.bytes, &file, None) {
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
    if let Some((file, summary)) = joined {
        // The bundle that joined was read again with nothing new: report what joining brought.
        let result = BundleResult {
            file: file.clone(),
            imported: Some(summary),
            refused_code: None,
            refused_nl: None,
            refused_en: None,
        };
        match bundles.iter_mut().find(|b| b.file == file) {
            Some(b) => *b = result,
            None => bundles.insert(0, result),
        }
    }

    progress.step(Phase::Writing, total - 1, total)?;
    let (bytes, exported) = export_bundle(store, actor)?;
    for (i, t) in transports.iter_mut().enumerate() {
        if !reached[i] {
            continue;
        }
        if let Err(e) = t.transport.publish(&me, &bytes) {
            statuses[i] = failed(t.kind, t.transport.describe(), &e);
        }
    }
    if !statuses.iter().any(|s| s.reached) {
        // Read, but written nowhere: say why (the next sync writes it again).
        let s = &statuses[0];
        return Err(Error::Conflict {
            code: "sync_not_written",
            message_nl: format!(
                "Ontvangen is verwerkt, maar de eigen bundel kon nergens worden geschreven: {}",
                s.error_nl.clone().unwrap_or_default()
            ),
            message_en: format!(
                "What was received is applied, but this device's bundle could not be written anywhere: {}",
                s.error_en.clone().unwrap_or_default()
            ),
        });
    }
    progress.step(Phase::Writing, total, total)?;
    let (mut summary_nl, mut summary_en) = folder::summarise(&bundles);
    for s in statuses.iter().filter(|s| !s.reached) {
        let what_nl = if s.kind == "hub" {
            "De hub"
        } else {
            "De gedeelde map"
        };
        let what_en = if s.kind == "hub" {
            "The hub"
        } else {
            "The shared folder"
        };
        summary_nl.push_str(&format!(
            ". {what_nl} ({}) was niet bereikbaar; Tafel werkt gewoon door en probeert het bij de volgende synchronisatie opnieuw: {}",
            s.name,
            s.error_nl.as_deref().unwrap_or("")
        ));
        summary_en.push_str(&format!(
            ". {what_en} ({}) could not be reached; Tafel works on and tries again at the next sync: {}",
            s.name,
            s.error_en.as_deref().unwrap_or("")
        ));
    }
    let folder = statuses
        .iter()
        .find(|s| s.kind == "folder")
        .map(|s| s.name.clone())
        .unwrap_or_default();
    Ok(SyncReport {
        folder,
        transports: statuses,
        exported,
        bundles,
        summary_nl,
        summary_en,
    })
}
