//! The facts of a period the table's figures are computed from: the store gathers them,
//! the report (`crate::report::figures::compute`) turns them into figures. Plain data.

use chrono::NaiveDate;

use super::{CapitalType, CaseStatus, DeclineReason, FinancierType};

/// The statuses that mean a case has been at the table (the workflow allows financed,
/// partly and not financed only after presentation).
pub const AT_TABLE: [CaseStatus; 6] = [
    CaseStatus::Presented,
    CaseStatus::Matching,
    CaseStatus::InAssessment,
    CaseStatus::Financed,
    CaseStatus::PartlyFinanced,
    CaseStatus::NotFinanced,
];

/// The statuses before the table: a move from one of these (or from nothing, at creation)
/// to one of [`AT_TABLE`] is a presentation.
pub const BEFORE_TABLE: [CaseStatus; 3] =
    [CaseStatus::Intake, CaseStatus::Screening, CaseStatus::Ready];

/// What the figures of a period are computed from, as the store loads it. It may hold
/// more than the period (e.g. a presented case's earlier presentations); the report's `compute`
/// applies every date rule itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureFacts {
    /// Cases that may count: intake, outcome or a presentation in or near the period.
    pub cases: Vec<CaseFacts>,
    /// Committed tranches (not removed) of those cases.
    pub tranches: Vec<TrancheFact>,
    /// Decline steps.
    pub declines: Vec<DeclineFact>,
    /// Referrals.
    pub referrals: Vec<ReferralFact>,
    /// Follow-ups that were done.
    pub follow_ups: Vec<FollowUpFact>,
    /// Dates of table meetings (not deleted).
    pub meeting_dates: Vec<NaiveDate>,
    /// Financiers that answered (any step beyond "summary sent"), with the step's date.
    pub responses: Vec<ResponseFact>,
}

/// One case as the figures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    /// Case id.
    pub id: String,
    /// Intake date.
    pub intake_date: NaiveDate,
    /// Amount requested in cents.
    pub amount_cents: i64,
    /// Capital types requested.
    pub capital_types: Vec<CapitalType>,
    /// Current status.
    pub status: CaseStatus,
    /// The day the store recorded the outcome (`cases.outcome_on`).
    pub outcome_on: Option<NaiveDate>,
    /// The day of the case's last change (fallback for the outcome date).
    pub updated_on: NaiveDate,
    /// Status changes to an outcome from the change log, oldest first (loaded for closed
    /// cases and cases without `outcome_on`).
    pub outcome_changes: Vec<(NaiveDate, CaseStatus)>,
    /// Days the case was presented at the table (agenda or status), any order.
    pub presented_on: Vec<NaiveDate>,
    /// First day a financier was positive about the case (interest up to commitment).
    pub first_positive_on: Option<NaiveDate>,
}

/// One committed tranche.
#[derive(Debug, Clone, PartialEq)]
pub struct TrancheFact {
    /// The case it finances.
    pub case_id: String,
    /// Capital type of the tranche.
    pub capital_type: CapitalType,
    /// Type of its financier.
    pub financier_type: FinancierType,
    /// Amount in cents.
    pub amount_cents: i64,
}

/// One decline step of a financier's response.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclineFact {
    /// The response (one per financier and case).
    pub response_id: String,
    /// Date of the step.
    pub on_date: NaiveDate,
    /// When it was recorded (RFC 3339), to order steps of one day.
    pub recorded_at: String,
    /// The coded reason.
    pub reason: DeclineReason,
}

/// One referral.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralFact {
    /// The receiving financier.
    pub to_financier_id: String,
    /// Date of the referral.
    pub referred_on: NaiveDate,
}

/// One done follow-up.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpFact {
    /// 3, 6 or 12 months after the outcome.
    pub months: u32,
    /// The day it was done.
    pub done_on: NaiveDate,
    /// Jobs kept.
    pub jobs_kept: Option<i64>,
    /// Jobs created.
    pub jobs_created: Option<i64>,
    /// Whether the financing closed.
    pub financing_closed: Option<bool>,
}

/// A financier answering on a case on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseFact {
    /// The financier.
    pub financier_id: String,
    /// Date of the step.
    pub on_date: NaiveDate,
}

// ------------------------------------------------------------------ figures (output)
