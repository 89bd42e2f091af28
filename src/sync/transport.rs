//! How bundles travel between the devices of a table, whatever carries them: a shared folder,
//! a PostgreSQL hub. The sync core writes one bundle of this device and reads the others'
//! bundles; a [`Transport`] only moves those bytes, never opens or changes them (it holds no
//! key), so the core does not know which transport it talks to.
//!
//! A transport may hand over the same envelope twice (a folder and a hub serving one table, a
//! push replayed after a dropped connection): reading an envelope received before changes
//! nothing, so deliveries need no deduplication here.

use std::collections::BTreeMap;

use crate::error::Result;

/// For each sender device and channel, the highest number up to which this device received
/// every envelope (as `store::sync` counts it). A transport that can select (a hub) sends only
/// the envelopes above it; one that cannot (a folder) ignores it.
pub type Received = BTreeMap<String, BTreeMap<String, u64>>;

/// One other device's bundle as a transport delivers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Where it came from, for the report and the refusals list (a file name, `hub: <device>`).
    pub label: String,
    /// The bundle's bytes (`Bundle::encode` format).
    pub bytes: Vec<u8>,
}

/// Something that carries bundles between the devices of a table.
pub trait Transport {
    /// What to call it in reports: the folder's path, the hub's host and database.
    fn describe(&self) -> String;

    /// Every other device's bundle this transport holds for `device` (the reader), leaving
    /// out what `received` says it has where the transport can select.
    fn fetch(&mut self, device: &str, received: &Received) -> Result<Vec<Delivery>>;

    /// Publishes this device's bundle (`bytes`, `Bundle::encode` format) for the others.
    /// Publishing the same envelopes again changes nothing.
    fn publish(&mut self, device: &str, bytes: &[u8]) -> Result<()>;
}
