//! The figures of a period, as the screen, the workbook and the PDF show them.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::figure_facts::FollowUpFact;
use crate::domain::{CapitalType, DeclineReason, FinancierType};

/// The table's figures for a period (both dates included); see the module's definitions.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TableFigures {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Cases with intake in the period.
    pub cases_in: u32,
    /// Cases presented at the table in the period.
    pub presented: u32,
    /// Outcomes reached in the period, per kind.
    pub outcomes: OutcomeCounts,
    /// Sum of the amounts of the cases in, in cents.
    #[ts(type = "number")]
    pub requested_cents: i64,
    /// Sum of the committed tranches of the cases with an outcome in the period, in cents.
    #[ts(type = "number")]
    pub mobilised_cents: i64,
    /// What the cases financed (fully or partly) in the period asked for, in cents.
    #[ts(type = "number")]
    pub financed_need_cents: i64,
    /// (financed + partly) / (all outcomes but withdrawn), 0–1; `null` without outcomes.
    pub success_rate: Option<f64>,
    /// Median days from intake to outcome over the outcomes in the period.
    pub median_days_to_outcome: Option<f64>,
    /// Referrals dated in the period.
    pub referrals: u32,
    /// Different financiers that received those referrals.
    pub referral_receivers: u32,
    /// Table meetings held (dated) in the period.
    pub meetings: u32,
    /// Different financiers that answered on a case in the period.
    pub financiers_responding: u32,
    /// Requested and mobilised per capital type, most mobilised first.
    pub by_capital_type: Vec<CapitalTypeFigures>,
    /// Mobilised per financier type, most mobilised first.
    pub by_financier_type: Vec<FinancierTypeFigures>,
    /// Decline reasons, most frequent first.
    pub decline_reasons: Vec<DeclineReasonCount>,
    /// Declines counted (the sum of `decline_reasons`).
    pub declines: u32,
    /// Each calendar quarter overlapping the period, oldest first.
    pub quarters: Vec<QuarterFigures>,
    /// Cases in → presented → positive response → financed.
    pub funnel: Vec<FunnelStep>,
    /// What the follow-ups done in the period found.
    pub follow_ups: FollowUpFigures,
}

/// Outcomes per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OutcomeCounts {
    /// Financed in full.
    pub financed: u32,
    /// Partly financed.
    pub partly_financed: u32,
    /// Not financed.
    pub not_financed: u32,
    /// Referred elsewhere.
    pub referred: u32,
    /// Withdrawn by the entrepreneur.
    pub withdrawn: u32,
    /// All of them.
    pub total: u32,
}

/// Requested and mobilised money of one capital type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CapitalTypeFigures {
    /// The capital type.
    pub capital_type: CapitalType,
    /// Dutch label.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// Cases in that asked for it.
    pub cases_requesting: u32,
    /// What those cases asked for in total, in cents (a case asking for several capital
    /// types counts in each, so these rows do not add up to the total requested).
    #[ts(type = "number")]
    pub requested_cents: i64,
    /// Committed in tranches of this type, in cents.
    #[ts(type = "number")]
    pub mobilised_cents: i64,
    /// Number of those tranches.
    pub tranches: u32,
}

/// Mobilised money of one type of financier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FinancierTypeFigures {
    /// The financier type.
    pub financier_type: FinancierType,
    /// Dutch label.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// Committed in cents.
    #[ts(type = "number")]
    pub mobilised_cents: i64,
    /// Number of tranches.
    pub tranches: u32,
    /// Number of cases these tranches finance.
    pub cases: u32,
}

/// How often a decline reason was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DeclineReasonCount {
    /// The reason.
    pub reason: DeclineReason,
    /// Dutch label.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// Declines with this reason.
    pub count: u32,
}

/// One calendar quarter (its days inside the period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct QuarterFigures {
    /// Year.
    pub year: i32,
    /// Quarter 1–4.
    pub quarter: u32,
    /// Dutch label, e.g. `K3 2026`.
    pub label_nl: String,
    /// English label, e.g. `Q3 2026`.
    pub label_en: String,
    /// Cases with intake in the quarter (and the period).
    pub cases_in: u32,
    /// Their requested amounts in cents.
    #[ts(type = "number")]
    pub requested_cents: i64,
    /// Outcomes financed fully or partly in the quarter (and the period).
    pub financed: u32,
}

/// A step of the funnel. The funnel follows the period's intake to today, so its "at the
/// table" step differs from the KPI `presented` (every case at the table in the period, earlier
/// intake included; a case that got a positive answer without a meeting counts only here): the
/// labels say "daarvan" so the two are never read as one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FunnelStage {
    /// Intake in the period.
    CasesIn,
    /// Presented at the table.
    Presented,
    /// At least one financier positive.
    PositiveResponse,
    /// Financed fully or partly.
    Financed,
}

impl FunnelStage {
    /// Every stage in funnel order.
    pub const ALL: [FunnelStage; 4] = [
        FunnelStage::CasesIn,
        FunnelStage::Presented,
        FunnelStage::PositiveResponse,
        FunnelStage::Financed,
    ];

    /// Dutch label.
    pub fn label_nl(self) -> &'static str {
        match self {
            FunnelStage::CasesIn => "Instroom",
            FunnelStage::Presented => "Daarvan aan tafel",
            FunnelStage::PositiveResponse => "Daarvan positief",
            FunnelStage::Financed => "Daarvan gefinancierd",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            FunnelStage::CasesIn => "Intake",
            FunnelStage::Presented => "Of which at the table",
            FunnelStage::PositiveResponse => "Of which positive",
            FunnelStage::Financed => "Of which financed",
        }
    }
}

/// One step of the funnel with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FunnelStep {
    /// The step.
    pub stage: FunnelStage,
    /// Dutch label.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// Cases of the period's intake that got at least this far.
    pub count: u32,
}

/// What the follow-ups done in the period found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FollowUpFigures {
    /// The counts over every moment.
    #[serde(flatten)]
    #[ts(flatten)]
    pub totals: FollowUpCounts,
    /// The same per moment (3, 6, 12 months), only moments with follow-ups.
    pub by_moment: Vec<FollowUpMoment>,
}

/// Follow-ups of one moment (3, 6 or 12 months after the outcome).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FollowUpMoment {
    /// Months after the outcome.
    pub months: u32,
    /// Its counts.
    #[serde(flatten)]
    #[ts(flatten)]
    pub counts: FollowUpCounts,
}

/// What a set of follow-ups found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct FollowUpCounts {
    /// Follow-ups done.
    pub done: u32,
    /// Jobs kept (sum).
    #[ts(type = "number")]
    pub jobs_kept: i64,
    /// Jobs created (sum).
    #[ts(type = "number")]
    pub jobs_created: i64,
    /// Follow-ups that found the financing closed.
    pub financing_closed: u32,
    /// Follow-ups that found it not closed.
    pub financing_not_closed: u32,
    /// Follow-ups that did not say.
    pub financing_unknown: u32,
}

impl FollowUpCounts {
    pub(super) fn add(&mut self, f: &FollowUpFact) {
        self.done += 1;
        self.jobs_kept += f.jobs_kept.unwrap_or(0);
        self.jobs_created += f.jobs_created.unwrap_or(0);
        match f.financing_closed {
            Some(true) => self.financing_closed += 1,
            Some(false) => self.financing_not_closed += 1,
            None => self.financing_unknown += 1,
        }
    }
}
