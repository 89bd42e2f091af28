//! Sharing a table (issue 11): the use cases. This device's identity and member card; the
//! coordinator's roster; writing and reading bundles (by file or through a shared folder); a
//! member's view of the table's cases and its answers; the conflicts for the coordinator.
//!
//! The rules live in `crate::sync` (pure); what is kept, in `store::sync`. Every use case
//! runs in one transaction; a bundle is applied whole or, refused, not at all.

pub mod bundle;
mod capture;
pub mod card;
pub mod conflicts;
pub mod exchange;
pub mod folder;
pub mod hub;
pub mod identity;
pub mod join;
pub mod receipts;
pub mod refusals;
pub mod roster;
pub mod shared;
pub mod transports;

use chrono::DateTime;

use crate::error::{Error, Result};
use crate::store::{StoredIdentity, Writer};
use crate::sync::{Refusal, Roster};

/// Milliseconds since 1970 of an RFC 3339 time (the change log's and the writer's).
pub(crate) fn millis_of(rfc3339: &str) -> u64 {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.timestamp_millis().max(0) as u64)
        .unwrap_or(0)
}

/// This device's identity, or the refusal that sharing needs one first.
pub(crate) fn identity_in(w: &Writer<'_>) -> Result<StoredIdentity> {
    w.sync()
        .identity()?
        .ok_or_else(|| Error::sync(Refusal::NoIdentity))
}

/// This device's identity and the roster it holds (the table it belongs to).
pub(crate) fn membership_in(w: &Writer<'_>) -> Result<(StoredIdentity, Roster)> {
    let me = identity_in(w)?;
    let roster = w
        .sync()
        .roster()?
        .map(|(_, r)| r)
        .ok_or_else(|| Error::sync(Refusal::NoTableYet))?;
    Ok((me, roster))
}
