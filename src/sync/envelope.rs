//! Envelopes and bundles: the bytes that travel.
//!
//! An **envelope** is one batch of ops on one channel from one device: a routing header in
//! the clear (table, channel, sender, sequence number, roster version, latest clock) and the
//! ops encrypted with age to the channel's recipients; the device signs the exact bytes of
//! both. A **bundle** is what a device writes for others: its signed bundle header (what it
//! has received from whom, for acknowledgements), the roster when the sender is the
//! coordinator, and its envelopes. The hub stores the same envelopes unchanged.
//!
//! Layout (all integers big-endian):
//! `bundle = "TAFEL-BUNDEL\n" u32:format frame*`,
//! `frame = u8:kind u32:length payload[length] signature[64]`, kinds 1 header, 2 roster,
//! 3 envelope; `envelope payload = u32:header_length header_json ciphertext`; the ciphertext is
//! age (X25519 recipients) of the batch's JSON, raw-deflated. Compressing before encrypting
//! reveals nothing here: everything in one envelope is its sender's own data, and no one else
//! can put chosen text beside it.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use super::hlc::Hlc;
use super::identity::{DeviceKeys, PublicKeys};
use super::op::Op;
use super::refusal::Refusal;
use super::roster::SignedRoster;
use crate::error::{Error, Result};

/// The bundle and envelope format this Tafel writes and reads.
pub const FORMAT_VERSION: u32 = 1;

const MAGIC: &[u8] = b"TAFEL-BUNDEL\n";
const ENVELOPE_CONTEXT: &str = "tafel/envelope/v1";
const BUNDLE_CONTEXT: &str = "tafel/bundle/v1";
/// No frame of a bundle is larger (a table's whole register and 100,000 one-pagers fit).
const MAX_FRAME: usize = 256 * 1024 * 1024;
const MAX_HEADER: usize = 64 * 1024;
/// No envelope's ops inflate to more than this (a bomb of a few kilobytes stops here).
const MAX_PLAIN: u64 = 512 * 1024 * 1024;

fn not_a_bundle(detail: impl Into<String>) -> Error {
    Error::sync(Refusal::NotABundle {
        detail: detail.into(),
    })
}

/// An envelope's routing header, readable without any key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnvelopeHeader {
    /// Format version.
    pub v: u32,
    /// The table.
    pub table_id: String,
    /// The channel (`table`, `org:<financier>`, `resp:<financier>`).
    pub channel: String,
    /// The sending device.
    pub sender_device: String,
    /// Its organisation.
    pub sender_org: String,
    /// Gapless per sender and channel, from 1.
    pub seq: u64,
    /// The roster version the sender held.
    pub roster_version: u64,
    /// The latest clock of its ops.
    pub hlc_max: Hlc,
}

/// What an envelope carries, encrypted: the ops, and the routing facts again so the
/// ciphertext cannot be moved under another header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// The channel, as in the header.
    pub channel: String,
    /// The sending device, as in the header.
    pub sender_device: String,
    /// The sequence number, as in the header.
    pub seq: u64,
    /// The person who wrote the ops (as the roster names the device).
    pub author: String,
    /// The ops.
    pub ops: Vec<Op>,
    /// The bytes of the documents whose `sha256` the ops set, base64 by SHA-256 (hex). Absent
    /// when there are none, so an envelope without documents reads as before.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub files: std::collections::BTreeMap<String, String>,
}

/// An envelope as signed: the exact bytes and the sender's signature over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedEnvelope {
    /// `u32 header length ‖ header JSON ‖ age ciphertext`.
    pub bytes: Vec<u8>,
    /// The sender device's Ed25519 signature.
    pub signature: [u8; 64],
}

impl SealedEnvelope {
    /// Encrypts a batch (a [`Batch`] of ops; between two tables, a referral) to `recipients`
    /// and signs header and ciphertext.
    pub fn seal<B: Serialize>(
        header: &EnvelopeHeader,
        batch: &B,
        recipients: &[age::x25519::Recipient],
        keys: &DeviceKeys,
    ) -> Result<SealedEnvelope> {
        let header_json = serde_json::to_vec(header).map_err(|e| Error::Json {
            context: "envelope header".into(),
            source: e,
        })?;
        let json = serde_json::to_vec(batch).map_err(|e| Error::Json {
            context: "envelope ops".into(),
            source: e,
        })?;
        let mut deflater = flate2::write::DeflateEncoder::new(
            Vec::with_capacity(json.len() / 4),
            flate2::Compression::fast(),
        );
        let io = |e: std::io::Error| {
            Error::sync(Refusal::BadKeys {
                detail: format!("compression failed: {e}"),
            })
        };
        deflater.write_all(&json).map_err(io)?;
        let plain = deflater.finish().map_err(io)?;
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| {
                    Error::sync(Refusal::BadKeys {
                        detail: e.to_string(),
                    })
                })?;
        let mut bytes = Vec::with_capacity(4 + header_json.len() + plain.len() + 256);
        bytes.extend_from_slice(&(header_json.len() as u32).to_be_bytes());
        bytes.extend_from_slice(&header_json);
        let io = |e: std::io::Error| {
            Error::sync(Refusal::BadKeys {
                detail: format!("encryption failed: {e}"),
            })
        };
        let mut writer = encryptor.wrap_output(&mut bytes).map_err(io)?;
        writer.write_all(&plain).map_err(io)?;
        writer.finish().map_err(io)?;
        let signature = keys.sign(ENVELOPE_CONTEXT, &bytes);
        Ok(SealedEnvelope { bytes, signature })
    }

    fn split(&self) -> Result<(&[u8], &[u8])> {
        let len_bytes: [u8; 4] = self
            .bytes
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| not_a_bundle("an envelope is cut short"))?;
        let len = u32::from_be_bytes(len_bytes) as usize;
        if len > MAX_HEADER || self.bytes.len() < 4 + len {
            return Err(not_a_bundle("an envelope's header is cut short"));
        }
        Ok((&self.bytes[4..4 + len], &self.bytes[4 + len..]))
    }

    /// The routing header (not yet verified).
    pub fn header(&self) -> Result<EnvelopeHeader> {
        let (header, _) = self.split()?;
        let value: serde_json::Value = serde_json::from_slice(header)
            .map_err(|_| not_a_bundle("an envelope's header is not JSON"))?;
        let v = value.get("v").and_then(|v| v.as_u64()).unwrap_or(0);
        if v > FORMAT_VERSION as u64 {
            return Err(Error::sync(Refusal::NewerFormat {
                what: "bundel",
                found: v,
            }));
        }
        serde_json::from_value(value).map_err(|_| not_a_bundle("an envelope's header lacks fields"))
    }

    /// Whether `keys` signed exactly these bytes.
    pub fn verify(&self, keys: &PublicKeys) -> bool {
        keys.verify(ENVELOPE_CONTEXT, &self.bytes, &self.signature)
    }

    /// Decrypts the ops; `None` when the envelope was not encrypted to this device.
    pub fn open(&self, keys: &DeviceKeys) -> Result<Option<Batch>> {
        self.open_as(keys)
    }

    /// Decrypts what the envelope carries as `T` (a [`Batch`], or between two tables a
    /// referral); `None` when it was not encrypted to this device.
    pub fn open_as<T: serde::de::DeserializeOwned>(&self, keys: &DeviceKeys) -> Result<Option<T>> {
        let (_, ciphertext) = self.split()?;
        let decryptor = age::Decryptor::new_buffered(ciphertext)
            .map_err(|_| not_a_bundle("an envelope's ciphertext is damaged"))?;
        let identity = keys.decryption_identity();
        let mut reader = match decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)) {
            Ok(reader) => reader,
            Err(age::DecryptError::NoMatchingKeys) => return Ok(None),
            Err(_) => {
                return Err(Error::sync(Refusal::Tampered {
                    what: "een envelop".into(),
                }));
            }
        };
        let mut deflated = Vec::new();
        reader.read_to_end(&mut deflated).map_err(|_| {
            Error::sync(Refusal::Tampered {
                what: "een envelop".into(),
            })
        })?;
        let mut plain = Vec::new();
        flate2::read::DeflateDecoder::new(deflated.as_slice())
            .take(MAX_PLAIN + 1)
            .read_to_end(&mut plain)
            .map_err(|_| not_a_bundle("an envelope's ops do not inflate"))?;
        if plain.len() as u64 > MAX_PLAIN {
            return Err(not_a_bundle("an envelope's ops inflate past 512 MB"));
        }
        let batch: T = serde_json::from_slice(&plain)
            .map_err(|_| not_a_bundle("an envelope's ops are not readable"))?;
        Ok(Some(batch))
    }
}

/// What a bundle says about its sender, signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleHeader {
    /// Format version.
    pub v: u32,
    /// The table.
    pub table_id: String,
    /// The sending device.
    pub sender_device: String,
    /// When it was written (RFC 3339).
    pub created_at: String,
    /// The roster version the sender held.
    pub roster_version: u64,
    /// Acknowledgements: for each sending device and channel, the highest sequence number up
    /// to which the bundle's sender has received everything.
    pub acks: BTreeMap<String, BTreeMap<String, u64>>,
}

/// A bundle, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    /// The header's exact bytes.
    pub header_bytes: Vec<u8>,
    /// The sender's signature over them.
    pub header_signature: [u8; 64],
    /// The roster, when the coordinator sends it.
    pub roster: Option<SignedRoster>,
    /// The envelopes.
    pub envelopes: Vec<SealedEnvelope>,
}

impl Bundle {
    /// Signs a header and puts a bundle together.
    pub fn new(
        header: &BundleHeader,
        roster: Option<SignedRoster>,
        envelopes: Vec<SealedEnvelope>,
        keys: &DeviceKeys,
    ) -> Result<Bundle> {
        let header_bytes = serde_json::to_vec(header).map_err(|e| Error::Json {
            context: "bundle header".into(),
            source: e,
        })?;
        let header_signature = keys.sign(BUNDLE_CONTEXT, &header_bytes);
        Ok(Bundle {
            header_bytes,
            header_signature,
            roster,
            envelopes,
        })
    }

    /// The header (not yet verified).
    pub fn header(&self) -> Result<BundleHeader> {
        let value: serde_json::Value = serde_json::from_slice(&self.header_bytes)
            .map_err(|_| not_a_bundle("the bundle's header is not JSON"))?;
        let v = value.get("v").and_then(|v| v.as_u64()).unwrap_or(0);
        if v > FORMAT_VERSION as u64 {
            return Err(Error::sync(Refusal::NewerFormat {
                what: "bundel",
                found: v,
            }));
        }
        serde_json::from_value(value).map_err(|_| not_a_bundle("the bundle's header lacks fields"))
    }

    /// Whether `keys` signed the header.
    pub fn verify_header(&self, keys: &PublicKeys) -> bool {
        keys.verify(BUNDLE_CONTEXT, &self.header_bytes, &self.header_signature)
    }

    /// The bundle's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            MAGIC.len()
                + 4
                + self.header_bytes.len()
                + self
                    .envelopes
                    .iter()
                    .map(|e| e.bytes.len() + 69)
                    .sum::<usize>(),
        );
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
        let mut frame = |kind: u8, payload: &[u8], signature: &[u8; 64]| {
            out.push(kind);
            out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
            out.extend_from_slice(payload);
            out.extend_from_slice(signature);
        };
        frame(1, &self.header_bytes, &self.header_signature);
        if let Some(roster) = &self.roster {
            frame(2, &roster.bytes, &roster.signature);
        }
        for envelope in &self.envelopes {
            frame(3, &envelope.bytes, &envelope.signature);
        }
        out
    }

    /// Reads a bundle's bytes: the frames, not yet verified. Refuses a newer format before
    /// reading any further, and anything cut short.
    pub fn decode(bytes: &[u8]) -> Result<Bundle> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| not_a_bundle("it does not start as a Tafel bundle"))?;
        let version: [u8; 4] = rest
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| not_a_bundle("the format number is missing"))?;
        let version = u32::from_be_bytes(version);
        if version > FORMAT_VERSION {
            return Err(Error::sync(Refusal::NewerFormat {
                what: "bundel",
                found: version as u64,
            }));
        }
        let mut rest = &rest[4..];
        let mut header = None;
        let mut roster = None;
        let mut envelopes = Vec::new();
        while !rest.is_empty() {
            if rest.len() < 5 {
                return Err(not_a_bundle("a frame is cut short"));
            }
            let kind = rest[0];
            let len = u32::from_be_bytes([rest[1], rest[2], rest[3], rest[4]]) as usize;
            if len > MAX_FRAME || rest.len() < 5 + len + 64 {
                return Err(not_a_bundle("a frame is cut short"));
            }
            let payload = rest[5..5 + len].to_vec();
            let mut signature = [0u8; 64];
            signature.copy_from_slice(&rest[5 + len..5 + len + 64]);
            rest = &rest[5 + len + 64..];
            match (kind, header.is_some()) {
                (1, false) => header = Some((payload, signature)),
                (2, true) if roster.is_none() && envelopes.is_empty() => {
                    roster = Some(SignedRoster {
                        bytes: payload,
                        signature,
                    })
                }
                (3, true) => envelopes.push(SealedEnvelope {
                    bytes: payload,
                    signature,
                }),
                _ => return Err(not_a_bundle(format!("unexpected frame of kind {kind}"))),
            }
        }
        let (header_bytes, header_signature) =
            header.ok_or_else(|| not_a_bundle("the header is missing"))?;
        Ok(Bundle {
            header_bytes,
            header_signature,
            roster,
            envelopes,
        })
    }
}
