//! A saved financing plan: the stack a coordinator chose for a case, as the store keeps it
//! (one per case, replaced on save). Plain data; the store reads and writes it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Reason, Tranche};

/// The saved plan of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Plan {
    /// UUIDv7; stays the same when the plan is replaced.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The need when saved, in cents.
    #[ts(type = "number")]
    pub need_cents: i64,
    /// The sum of the tranches in cents.
    #[ts(type = "number")]
    pub total_cents: i64,
    /// The tranches, in the plan's order.
    pub tranches: Vec<Tranche>,
    /// The stack's explanation as it was when saved.
    pub reasons: Vec<Reason>,
    /// First saved (RFC 3339).
    pub created_at: String,
    /// Last replaced (RFC 3339).
    pub updated_at: String,
}
