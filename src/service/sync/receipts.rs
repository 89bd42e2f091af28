//! Who has received each shared document of a case (issue 14): for the coordinator's dossier,
//! per document and per member organisation that is to have it, whether one of that
//! organisation's devices acknowledged the envelope that handed over the current version.
//!
//! A member acknowledges what it read in its next bundle (or hub push), so "received" here
//! means "read and acknowledged": a member that synced once without sending anything back yet
//! shows as not yet received until its acknowledgement arrives.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::store::Store;
use crate::sync::op::{TABLE_AUDIENCE, document_channel, document_id};
use crate::sync::{Role, project};

/// One organisation that is to receive a shared document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DocumentRecipient {
    /// The organisation (its financier id in the register).
    pub organisation: String,
    /// Its name, as the roster names it.
    pub organisation_name: String,
    /// Whether one of its devices acknowledged the current version.
    pub received: bool,
}

/// Who is to have one shared document of a case, and who has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DocumentReceipt {
    /// The document (the dossier's id).
    pub document_id: String,
    /// Its title.
    pub title: String,
    /// The version handed over.
    pub version: u32,
    /// Whether it goes to the whole table (else to the organisations the consent names).
    pub whole_table: bool,
    /// The organisations, by name.
    pub recipients: Vec<DocumentRecipient>,
}

/// The documents of a case that go to members today, each with the organisations that are
/// to have its current version and whether they do; empty when this device is not a table's
/// coordinator (nothing is shared from it). A document not yet sent (no sync since it was
/// added, replaced or its level raised) lists its recipients as not received.
pub fn document_receipts(
    store: &Store,
    case_id: &str,
    today: NaiveDate,
) -> Result<Vec<DocumentReceipt>> {
    let sync = store.sync();
    let (Some(me), Some((_, roster))) = (sync.identity()?, sync.roster()?) else {
        // Sharing nothing: nothing goes to members, once the case is known to exist.
        store.cases().get(case_id)?;
        return Ok(Vec::new());
    };
    let is_coordinator = roster
        .device(&me.device_id)
        .is_some_and(|m| m.role == Role::Coordinator);
    if !is_coordinator {
        return Ok(Vec::new());
    }
    let case = store.cases().get(case_id)?;
    let organisations: Vec<String> = roster
        .member_organisations()
        .into_iter()
        .map(str::to_string)
        .collect();
    let mut out = Vec::new();
    for document in store.documents().of_case(&case.id, false)? {
        let audiences = project::document_audiences(&case, &document, &organisations, today);
        if audiences.is_empty() {
            continue;
        }
        let sha256 = serde_json::Value::String(document.current.sha256.clone());
        let mut recipients: BTreeMap<String, DocumentRecipient> = BTreeMap::new();
        for audience in &audiences {
            let id = document_id(&document.id, audience);
            let Some(channel) = document_channel(&id) else {
                continue;
            };
            let channel_name = channel.to_string();
            let handed_over = sync.last_seq_setting(&channel_name, &id, "sha256", &sha256)?;
            for member in channel
                .recipients(&roster)
                .into_iter()
                .filter(|m| m.role == Role::Member)
            {
                let acknowledged = sync.ack(&member.device_id, &channel_name)?;
                let recipient = recipients
                    .entry(member.organisation.clone())
                    .or_insert_with(|| DocumentRecipient {
                        organisation: member.organisation.clone(),
                        organisation_name: member.organisation_name.clone(),
                        received: false,
                    });
                recipient.received |= handed_over.is_some_and(|seq| acknowledged >= seq);
            }
        }
        let mut recipients: Vec<DocumentRecipient> = recipients.into_values().collect();
        recipients.sort_by(|a, b| a.organisation_name.cmp(&b.organisation_name));
        out.push(DocumentReceipt {
            document_id: document.id.clone(),
            title: document.title.clone(),
            version: document.current.version,
            whole_table: audiences.iter().any(|a| a == TABLE_AUDIENCE),
            recipients,
        });
    }
    Ok(out)
}
