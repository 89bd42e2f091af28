//! The bundles this device refused, newest first, each with its sender and reason.

use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::store::Store;

/// One refused bundle, as the sharing screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RefusalView {
    /// When it was refused (RFC 3339).
    pub at: String,
    /// The bundle's file name.
    pub file: String,
    /// The sending device, when the bundle said.
    pub sender_device: Option<String>,
    /// "Person (organisation)" of that device, when it is on the roster held.
    pub sender: Option<String>,
    /// Why (code, `sync_…`).
    pub code: String,
    /// Why, in Dutch.
    pub message: String,
}

/// The last `limit` refusals, newest first.
pub fn refusals(store: &Store, limit: u32) -> Result<Vec<RefusalView>> {
    let roster = store.sync().roster()?.map(|(_, r)| r);
    Ok(store
        .sync()
        .refusals(limit)?
        .into_iter()
        .map(|r| {
            let sender = r
                .sender
                .as_deref()
                .and_then(|d| roster.as_ref().and_then(|roster| roster.device(d)))
                .map(|m| m.label());
            RefusalView {
                at: r.at,
                file: r.file,
                sender_device: r.sender,
                sender,
                code: r.code,
                message: r.message,
            }
        })
        .collect())
}
