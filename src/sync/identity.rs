//! A device's identity: an Ed25519 signing key and an age (X25519) encryption key, the public
//! half as a member card, and a fingerprint two people can read to each other over the phone.

use age::secrecy::ExposeSecret;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::refusal::Refusal;
use crate::error::{Error, Result};

/// What every signature of Tafel is made over: a context naming what is signed, then the exact
/// bytes. A signature of one kind of thing can never pass for another kind.
fn signed_message(context: &str, bytes: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(context.len() + 1 + bytes.len());
    message.extend_from_slice(context.as_bytes());
    message.push(0);
    message.extend_from_slice(bytes);
    message
}

/// The secret keys of this device. Kept only inside the encrypted database.
pub struct DeviceKeys {
    signing: SigningKey,
    encryption: age::x25519::Identity,
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceKeys")
            .field("public", &self.public())
            .finish_non_exhaustive()
    }
}

impl DeviceKeys {
    /// New random keys (from the operating system's random source).
    pub fn generate() -> Result<DeviceKeys> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| Error::BadKey(format!("no random bytes for a device key: {e}")))?;
        Ok(DeviceKeys {
            signing: SigningKey::from_bytes(&secret),
            encryption: age::x25519::Identity::generate(),
        })
    }

    /// The keys as stored: 32 secret bytes of the signing key and age's text of the identity.
    pub fn from_secrets(signing: &[u8], encryption: &str) -> Result<DeviceKeys> {
        let signing: [u8; 32] = signing
            .try_into()
            .map_err(|_| Error::BadKey("the stored signing key is not 32 bytes".into()))?;
        let encryption = encryption.parse::<age::x25519::Identity>().map_err(|e| {
            Error::BadKey(format!(
                "the stored encryption key is not an age identity: {e}"
            ))
        })?;
        Ok(DeviceKeys {
            signing: SigningKey::from_bytes(&signing),
            encryption,
        })
    }

    /// The signing key's secret bytes, to store.
    pub fn signing_secret(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    /// The encryption key as age writes it (`AGE-SECRET-KEY-1…`), to store.
    pub fn encryption_secret(&self) -> String {
        self.encryption.to_string().expose_secret().to_string()
    }

    /// The public halves.
    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            signing: B64.encode(self.signing.verifying_key().to_bytes()),
            encryption: self.encryption.to_public().to_string(),
        }
    }

    /// Signs `bytes` as a thing of kind `context`.
    pub fn sign(&self, context: &str, bytes: &[u8]) -> [u8; 64] {
        self.signing
            .sign(&signed_message(context, bytes))
            .to_bytes()
    }

    /// The identity that decrypts what was encrypted to this device.
    pub fn decryption_identity(&self) -> &age::x25519::Identity {
        &self.encryption
    }
}

/// A device's public keys, as cards and rosters carry them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublicKeys {
    /// Ed25519 verifying key, base64.
    pub signing: String,
    /// age X25519 recipient (`age1…`).
    pub encryption: String,
}

impl PublicKeys {
    /// Checks that `signature` was made by this device over `bytes` as a thing of kind `context`.
    pub fn verify(&self, context: &str, bytes: &[u8], signature: &[u8; 64]) -> bool {
        let Some(key) = self.verifying_key() else {
            return false;
        };
        key.verify_strict(
            &signed_message(context, bytes),
            &Signature::from_bytes(signature),
        )
        .is_ok()
    }

    fn verifying_key(&self) -> Option<VerifyingKey> {
        let bytes: [u8; 32] = B64.decode(&self.signing).ok()?.try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok()
    }

    /// The recipient that encrypts to this device.
    pub fn recipient(&self) -> Result<age::x25519::Recipient> {
        self.encryption.parse().map_err(|e: &str| {
            Error::sync(Refusal::BadKeys {
                detail: e.to_string(),
            })
        })
    }

    /// Both keys are well-formed.
    pub fn check(&self) -> Result<()> {
        if self.verifying_key().is_none() {
            return Err(Error::sync(Refusal::BadKeys {
                detail: "the signing key is not an Ed25519 key".into(),
            }));
        }
        self.recipient().map(|_| ())
    }

    /// The fingerprint of these keys: 40 digits in eight groups of five, the same on both
    /// laptops when the keys are the same.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(signed_message(
            "tafel/fingerprint/v1",
            format!("{}\n{}", self.signing, self.encryption).as_bytes(),
        ));
        digest
            .chunks(4)
            .take(8)
            .map(|chunk| {
                let n = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                format!("{:05}", n % 100_000)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The role a device plays at its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Keeps the table: cases, consents, meetings, the register and the roster.
    Coordinator,
    /// A financier at the table: reads what it may and answers for its own organisation.
    Member,
}

/// What a member's Tafel hands the coordinator to be added to the table: who it is and its
/// public keys, signed by the device itself (so the card proves it holds the keys).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberCard {
    /// The card's format version.
    pub v: u32,
    /// The device's id.
    pub device_id: String,
    /// The person using it.
    pub person: String,
    /// The organisation it says it works for (the coordinator decides what the roster says).
    pub organisation: String,
    /// The device's public keys.
    pub keys: PublicKeys,
    /// When the card was made (RFC 3339).
    pub created_at: String,
}

const CARD_PREFIX: &str = "TAFEL-LIDKAART-1:";
const CARD_CONTEXT: &str = "tafel/member-card/v1";

impl MemberCard {
    /// The card as text to save or paste: prefix, the card's JSON and its signature, base64.
    pub fn to_text(&self, keys: &DeviceKeys) -> Result<String> {
        signed_text(CARD_PREFIX, CARD_CONTEXT, "member card", self, keys)
    }

    /// Reads a card's text and checks its self-signature and keys.
    pub fn from_text(text: &str) -> Result<MemberCard> {
        let (card, bytes, signature): (MemberCard, _, _) = read_signed_text(
            text,
            CARD_PREFIX,
            "the card's content is not a Tafel member card",
        )?;
        let bad = |detail: &str| {
            Error::sync(Refusal::BadCard {
                detail: detail.to_string(),
            })
        };
        if card.v != 1 {
            return Err(Error::sync(Refusal::NewerFormat {
                what: "lidkaart",
                found: card.v as u64,
            }));
        }
        card.keys.check()?;
        if !card.keys.verify(CARD_CONTEXT, &bytes, &signature) {
            return Err(bad("the signature does not match the card"));
        }
        if card.device_id.trim().is_empty() || card.person.trim().is_empty() {
            return Err(bad("the card names no device or person"));
        }
        Ok(card)
    }
}

/// `prefix ‖ base64(JSON of value) ‖ "." ‖ base64(signature under context) ‖ "\n"`: a card's
/// text form (a member's card, a table's card), signed by the device whose keys it names.
pub(crate) fn signed_text<T: Serialize>(
    prefix: &str,
    context: &str,
    what: &str,
    value: &T,
    keys: &DeviceKeys,
) -> Result<String> {
    let bytes = serde_json::to_vec(value).map_err(|e| Error::Json {
        context: what.into(),
        source: e,
    })?;
    let signature = keys.sign(context, &bytes);
    Ok(format!(
        "{prefix}{}.{}\n",
        B64.encode(&bytes),
        B64.encode(signature)
    ))
}

/// Reads a card's text form: the value, its exact bytes and the signature (not yet verified:
/// the caller checks it against the keys the value names). Refused as `sync_bad_card`.
pub(crate) fn read_signed_text<T: serde::de::DeserializeOwned>(
    text: &str,
    prefix: &str,
    not_a_card: &str,
) -> Result<(T, Vec<u8>, [u8; 64])> {
    let bad = |detail: &str| {
        Error::sync(Refusal::BadCard {
            detail: detail.to_string(),
        })
    };
    let body = text
        .trim()
        .strip_prefix(prefix)
        .ok_or_else(|| bad(&format!("it does not start with {prefix}")))?;
    let (card_b64, sig_b64) = body
        .split_once('.')
        .ok_or_else(|| bad("the signature is missing"))?;
    let bytes = B64
        .decode(card_b64.trim())
        .map_err(|_| bad("the card is not base64"))?;
    let signature: [u8; 64] = B64
        .decode(sig_b64.trim())
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| bad("the signature is not 64 bytes of base64"))?;
    let value: T = serde_json::from_slice(&bytes).map_err(|_| bad(not_a_card))?;
    Ok((value, bytes, signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_round_trips_and_a_changed_card_is_refused() -> Result<()> {
        let keys = DeviceKeys::generate()?;
        let card = MemberCard {
            v: 1,
            device_id: "dev-1".into(),
            person: "Ruud".into(),
            organisation: "ROM".into(),
            keys: keys.public(),
            created_at: "2026-12-02T10:00:00+01:00".into(),
        };
        let text = card.to_text(&keys)?;
        assert_eq!(MemberCard::from_text(&text)?, card);
        // Swap in another device's keys: the signature no longer matches.
        let other = DeviceKeys::generate()?;
        let forged = MemberCard {
            keys: other.public(),
            ..card.clone()
        }
        .to_text(&keys)?;
        assert_eq!(
            MemberCard::from_text(&forged).map_err(|e| e.code()).err(),
            Some("sync_bad_card")
        );
        let fp = keys.public().fingerprint();
        assert_eq!(fp.len(), 8 * 5 + 7);
        assert_eq!(
            DeviceKeys::from_secrets(&keys.signing_secret(), &keys.encryption_secret())?
                .public()
                .fingerprint(),
            fp
        );
        Ok(())
    }
}
