//! A referral of a case to another financier.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::super::draft::clean;
use super::super::taxonomy::{ReferralBasis, ResponseStatus};
use super::super::validation::{FieldError, Problems};
use super::{known_value, optional_date};

/// A referral of a case from a financier (after its decline) or from the coordinator to another financier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Referral {
    /// UUIDv7.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Financier that referred it on; `None` when the coordinator did.
    pub from_financier_id: Option<String>,
    /// Its name.
    pub from_name: Option<String>,
    /// Financier it was referred to.
    pub to_financier_id: String,
    /// Its name.
    pub to_name: String,
    /// Why this financier.
    pub reason: String,
    /// What sharing the case relies on.
    pub basis: ReferralBasis,
    /// Date of the referral.
    pub referred_on: NaiveDate,
    /// The referral's own outcome: the receiving financier's response status.
    pub outcome: Option<ResponseStatus>,
    /// Recorded (RFC 3339).
    pub created_at: String,
}

/// A referral as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferralDraft {
    /// Referring financier (id or name); empty: the coordinator.
    pub from: Option<String>,
    /// Financier referred to (id or name).
    pub to: String,
    /// Why.
    pub reason: String,
    /// `referral_basis` id; default: named consent when the receiver is in the consent, else anonymised.
    pub basis: Option<String>,
    /// Date (default today).
    pub on_date: Option<String>,
}

/// A checked referral (financiers still unresolved).
#[derive(Debug, Clone, PartialEq)]
pub struct NewReferral {
    /// Referring financier as typed.
    pub from: Option<String>,
    /// Receiving financier as typed.
    pub to: String,
    /// Why.
    pub reason: String,
    /// Basis, when given.
    pub basis: Option<ReferralBasis>,
    /// Date.
    pub on_date: NaiveDate,
}

impl ReferralDraft {
    /// Checks the draft: a receiver and a reason are required; the basis must be known.
    pub fn validate(&self, today: NaiveDate) -> Result<NewReferral, Vec<FieldError>> {
        let mut problems = Problems::default();
        let to = self.to.trim().to_string();
        if to.is_empty() {
            problems.required(
                "to",
                "Financier waarnaar verwezen wordt",
                "Financier referred to",
            );
        }
        let reason = self.reason.trim().to_string();
        if reason.is_empty() {
            problems.required(
                "reason",
                "Reden van doorverwijzing",
                "Reason for the referral",
            );
        }
        let basis = known_value(
            &mut problems,
            "basis",
            "unknown_basis",
            ("grondslag", "basis"),
            &self.basis,
            ReferralBasis::from_id,
            ReferralBasis::ids,
        );
        let on_date = optional_date(
            &mut problems,
            "on_date",
            &self.on_date,
            ("Datum", "Date"),
            Some(today),
        )
        .unwrap_or(today);
        problems.finish(NewReferral {
            from: clean(&self.from),
            to,
            reason,
            basis,
            on_date,
        })
    }
}
