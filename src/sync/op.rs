//! Ops: one changed field of one shared entity, with the clock of the write and the clock of
//! the value its author saw (to find edits made without seeing each other).
//!
//! Which entities travel on which channel, which of their fields exist, and who owns them is
//! decided here once; every replica checks an op by the op and the roster alone, so a write by
//! anyone but the owner is refused the same way everywhere.

use serde::{Deserialize, Serialize};

use super::channel::Channel;
use super::hlc::Hlc;

/// The kinds of shared entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A financier of the register (table channel).
    Financier,
    /// An instrument of the register (table channel).
    Instrument,
    /// A case's anonymised one-pager (table channel).
    Case,
    /// A case's named details (an organisation's channel, with consent).
    CaseNamed,
    /// Whether an organisation may see a case's named details (its channel).
    Access,
    /// A meeting with its anonymised agenda (table channel).
    Meeting,
    /// A member organisation's answer on a case (its responses channel).
    Response,
    /// One document of a case's dossier as one audience receives it: id `<document>/table`
    /// on the table channel, `<document>/<financier>` on that organisation's channel.
    Document,
}

impl EntityKind {
    /// The name stored with the shared fields.
    pub fn id(self) -> &'static str {
        match self {
            EntityKind::Financier => "financier",
            EntityKind::Instrument => "instrument",
            EntityKind::Case => "case",
            EntityKind::CaseNamed => "case_named",
            EntityKind::Access => "access",
            EntityKind::Meeting => "meeting",
            EntityKind::Response => "response",
            EntityKind::Document => "document",
        }
    }

    /// The kind with this name.
    pub fn from_id(id: &str) -> Option<EntityKind> {
        [
            EntityKind::Financier,
            EntityKind::Instrument,
            EntityKind::Case,
            EntityKind::CaseNamed,
            EntityKind::Access,
            EntityKind::Meeting,
            EntityKind::Response,
            EntityKind::Document,
        ]
        .into_iter()
        .find(|k| k.id() == id)
    }

    /// The fields an entity of this kind may carry; anything else is refused.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            EntityKind::Financier => &["name", "financier_type", "regions", "website", "deleted"],
            EntityKind::Instrument => &[
                "financier_id",
                "name",
                "capital_types",
                "ticket_min_cents",
                "ticket_max_cents",
                "stages",
                "sectors",
                "regions",
                "rules",
                "rules_en",
                "source_url",
                "verified_on",
                "deleted",
            ],
            EntityKind::Case => &[
                "case_number",
                "province",
                "sector",
                "stage",
                "purpose",
                "amount_cents",
                "capital_types",
                "legal_form",
                "turnover_band",
                "employees_band",
                "age_band",
                "negative_equity",
                "status",
                "intake_date",
                "pitch",
                "shared",
            ],
            EntityKind::CaseNamed => &[
                "company_name",
                "kvk",
                "legal_form",
                "founding_year",
                "municipality",
                "address",
                "contact_name",
                "contact_email",
                "contact_phone",
                "employees",
                "turnover_cents",
                "equity_cents",
                "sbi_code",
                "referrer",
                "earlier_declines",
                "consent_from",
                "consent_until",
            ],
            EntityKind::Access => &["named", "until"],
            EntityKind::Meeting => &[
                "title",
                "starts_at",
                "duration_minutes",
                "place",
                "online_link",
                "status",
                "agenda",
                "deleted",
            ],
            EntityKind::Response => &[
                "case_id",
                "financier_id",
                "status",
                "decline_reason",
                "decline_text",
                "amount_cents",
                "status_date",
                "note",
            ],
            EntityKind::Document => &[
                "case_id",
                "doc_type",
                "title",
                "document_date",
                "kind",
                "size_bytes",
                "sha256",
                "version",
                "shared",
            ],
        }
    }

    /// Fields whose concurrent edits are listed as conflicts for the coordinator.
    pub fn is_critical(self, field: &str) -> bool {
        matches!(
            (self, field),
            (EntityKind::Case, "status" | "amount_cents")
                | (EntityKind::Access, "named")
                | (EntityKind::CaseNamed, "consent_until")
                | (
                    EntityKind::Response,
                    "status" | "decline_reason" | "amount_cents"
                )
        )
    }

    /// Whether an op on entity `id` of this kind may travel on `channel`: the check that keeps
    /// every entity to its one owner.
    pub fn allowed_on(self, channel: &Channel, id: &str) -> bool {
        match (self, channel) {
            (
                EntityKind::Financier
                | EntityKind::Instrument
                | EntityKind::Case
                | EntityKind::Meeting,
                Channel::Table,
            ) => true,
            (EntityKind::CaseNamed | EntityKind::Access, Channel::Organisation(_)) => true,
            (EntityKind::Response, Channel::Responses(org)) => {
                response_financier(id) == Some(org.as_str())
            }
            (EntityKind::Document, Channel::Table) => document_audience(id) == Some(TABLE_AUDIENCE),
            (EntityKind::Document, Channel::Organisation(org)) => {
                document_audience(id) == Some(org.as_str())
            }
            _ => false,
        }
    }
}

/// The id of a member organisation's answer on a case: one per case and financier, the same on
/// every replica.
pub fn response_id(case_id: &str, financier_id: &str) -> String {
    format!("{case_id}/{financier_id}")
}

/// The financier of a response id.
pub fn response_financier(id: &str) -> Option<&str> {
    id.split_once('/').map(|(_, f)| f).filter(|f| !f.is_empty())
}

/// The case of a response id.
pub fn response_case(id: &str) -> Option<&str> {
    id.split_once('/').map(|(c, _)| c).filter(|c| !c.is_empty())
}

/// The audience of a document shared with the whole table.
pub const TABLE_AUDIENCE: &str = "table";

/// The id of a document as one audience receives it: `<document>/table` for the whole table,
/// `<document>/<financier>` for one organisation with consent. Each audience is an entity of
/// its own, so withdrawing a document from one organisation leaves the others' copies alone.
pub fn document_id(document_id: &str, audience: &str) -> String {
    format!("{document_id}/{audience}")
}

/// The audience of a shared document's id (`table` or a financier id).
pub fn document_audience(id: &str) -> Option<&str> {
    id.rsplit_once('/')
        .map(|(_, a)| a)
        .filter(|a| !a.is_empty())
}

/// The channel a shared document's id travels on.
pub fn document_channel(id: &str) -> Option<Channel> {
    match document_audience(id)? {
        TABLE_AUDIENCE => Some(Channel::Table),
        org => Some(Channel::Organisation(org.to_string())),
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// The entity's kind.
    pub entity: EntityKind,
    /// The entity's id.
    pub id: String,
    /// The field.
    pub field: String,
    /// Its new value (JSON; `null` clears it).
    pub value: serde_json::Value,
    /// When it was written; its device is the author.
    pub hlc: Hlc,
    /// The clock of the value the author saw when writing; `None` for a new field.
    pub base: Option<Hlc>,
}

impl Op {
    /// The op carries a field its entity has.
    pub fn has_known_field(&self) -> bool {
        self.entity.fields().contains(&self.field.as_str())
    }
}
