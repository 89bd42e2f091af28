//! Two tables exchanging a referred case: what one table's coordinator hands the other's to be
//! linked (a table card), the channel both coordinators belong to, and what a referral envelope
//! carries. The envelope is an ordinary sealed envelope ([`SealedEnvelope`]): routing header in
//! the clear, body encrypted with age to the other table's coordinator only and signed by the
//! sending coordinator's device; the hub stores it like any other and cannot open it.
//!
//! [`SealedEnvelope`]: super::SealedEnvelope

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::identity::{DeviceKeys, PublicKeys, read_signed_text, signed_text};
use super::refusal::Refusal;
use crate::error::{Error, Result};

/// Every exchange channel's name starts with this.
pub const EXCHANGE_PREFIX: &str = "xchg:";

const CARD_PREFIX: &str = "TAFEL-TAFELKAART-1:";
const CARD_CONTEXT: &str = "tafel/table-card/v1";

/// The channel two tables exchange on: `xchg:<lower table id>+<higher table id>`, the same
/// name seen from either side.
pub fn exchange_channel(table: &str, other: &str) -> String {
    let (a, b) = if table <= other {
        (table, other)
    } else {
        (other, table)
    };
    format!("{EXCHANGE_PREFIX}{a}+{b}")
}

/// Whether `channel` is an exchange between two tables (never part of one table's bundles).
pub fn is_exchange_channel(channel: &str) -> bool {
    channel.starts_with(EXCHANGE_PREFIX)
}

/// What one table's coordinator hands another table's coordinator so the two can exchange
/// referred cases: the table and the coordinator device that seals and opens them, signed by
/// that device (so the card proves it holds the keys). Compared by fingerprint over the phone,
/// like a member card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableCard {
    /// The card's format version.
    pub v: u32,
    /// The table's id.
    pub table_id: String,
    /// Its name.
    pub table_name: String,
    /// The coordinator device.
    pub device_id: String,
    /// The coordinator using it.
    pub person: String,
    /// The device's public keys.
    pub keys: PublicKeys,
    /// When the card was made (RFC 3339).
    pub created_at: String,
}

impl TableCard {
    /// The card as text to save or paste.
    pub fn to_text(&self, keys: &DeviceKeys) -> Result<String> {
        signed_text(CARD_PREFIX, CARD_CONTEXT, "table card", self, keys)
    }

    /// Reads a card's text and checks its self-signature and keys.
    pub fn from_text(text: &str) -> Result<TableCard> {
        let (card, bytes, signature): (TableCard, _, _) = read_signed_text(
            text,
            CARD_PREFIX,
            "the card's content is not a Tafel table card",
        )?;
        if card.v != 1 {
            return Err(Error::sync(Refusal::NewerFormat {
                what: "tafelkaart",
                found: card.v as u64,
            }));
        }
        card.keys.check()?;
        let bad = |detail: &str| {
            Error::sync(Refusal::BadCard {
                detail: detail.to_string(),
            })
        };
        if !card.keys.verify(CARD_CONTEXT, &bytes, &signature) {
            return Err(bad("the signature does not match the card"));
        }
        if card.table_id.trim().is_empty() || card.device_id.trim().is_empty() {
            return Err(bad("the card names no table or device"));
        }
        Ok(card)
    }
}

/// What a referral envelope carries, encrypted to the other table's coordinator: the case as
/// the sending table may show it and why it is referred. Repeats the header's channel, sender
/// and number, so the ciphertext cannot be moved under another header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    /// The channel, as in the header.
    pub channel: String,
    /// The sending device, as in the header.
    pub sender_device: String,
    /// The number, as in the header.
    pub seq: u64,
    /// The coordinator who referred it.
    pub author: String,
    /// The sending table's id.
    pub from_table_id: String,
    /// Its name.
    pub from_table_name: String,
    /// The case's id at the sending table.
    pub case_id: String,
    /// Why it is referred.
    pub reason: String,
    /// When.
    pub referred_on: NaiveDate,
    /// The case's anonymised one-pager (the `case` fields of the sharing format).
    pub case: BTreeMap<String, Value>,
    /// The named details (the `case_named` fields), only when the entrepreneur's consent covers
    /// the receiving table on the day.
    pub named: Option<BTreeMap<String, Value>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_name_the_same_channel_and_a_changed_card_is_refused() -> Result<()> {
        assert_eq!(exchange_channel("b", "a"), exchange_channel("a", "b"));
        assert_eq!(exchange_channel("a", "b"), "xchg:a+b");
        assert!(is_exchange_channel("xchg:a+b") && !is_exchange_channel("table"));
        let keys = DeviceKeys::generate()?;
        let card = TableCard {
            v: 1,
            table_id: "t-1".into(),
            table_name: "Financieringstafel Utrecht".into(),
            device_id: "dev-1".into(),
            person: "Marieke".into(),
            keys: keys.public(),
            created_at: "2026-12-07T10:00:00Z".into(),
        };
        let text = card.to_text(&keys)?;
        assert_eq!(TableCard::from_text(&text)?, card);
        let forged = TableCard {
            table_id: "t-2".into(),
            ..card.clone()
        }
        .to_text(&DeviceKeys::generate()?)?;
        assert_eq!(
            TableCard::from_text(&forged).map_err(|e| e.code()).err(),
            Some("sync_bad_card")
        );
        Ok(())
    }
}
