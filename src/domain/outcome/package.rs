//! The financing package actually committed, and the status it suggests.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::super::draft::clean;
use super::super::taxonomy::{CapitalType, CaseStatus, ResponseStatus};
use super::super::validation::{FieldError, Problems};
use super::{known_value, optional_amount, optional_date};

/// One tranche actually committed to the case: part of its financing package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackageTranche {
    /// UUIDv7.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Financier committing.
    pub financier_id: String,
    /// Its name.
    pub financier_name: String,
    /// Instrument used.
    pub instrument_id: Option<String>,
    /// Its name.
    pub instrument_name: Option<String>,
    /// Kind of capital.
    pub capital_type: CapitalType,
    /// Amount committed in cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Guarantee scheme used (e.g. BMKB-G or GO), as an instrument of the register.
    pub guarantee_instrument_id: Option<String>,
    /// Its name.
    pub guarantee_name: Option<String>,
    /// Part of the amount the guarantee covers, in cents.
    #[ts(type = "number | null")]
    pub guaranteed_cents: Option<i64>,
    /// Date the financing closed.
    pub closing_date: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Recorded (RFC 3339).
    pub created_at: String,
}

/// A package tranche as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackageTrancheDraft {
    /// Financier id or name.
    pub financier: String,
    /// Instrument id or name (of that financier).
    pub instrument: Option<String>,
    /// `capital_type` id; default: the instrument's first type.
    pub capital_type: Option<String>,
    /// Amount, e.g. "500k".
    pub amount: String,
    /// Guarantee scheme (instrument id or name), e.g. "BMKB-G".
    pub guarantee: Option<String>,
    /// Guaranteed part, e.g. "250k".
    pub guaranteed_amount: Option<String>,
    /// Closing date.
    pub closing_date: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// A checked package tranche (financier and instruments still unresolved).
#[derive(Debug, Clone, PartialEq)]
pub struct NewPackageTranche {
    /// Financier as typed.
    pub financier: String,
    /// Instrument as typed.
    pub instrument: Option<String>,
    /// Capital type when given.
    pub capital_type: Option<CapitalType>,
    /// Amount in cents.
    pub amount_cents: i64,
    /// Guarantee as typed.
    pub guarantee: Option<String>,
    /// Guaranteed part in cents.
    pub guaranteed_cents: Option<i64>,
    /// Closing date.
    pub closing_date: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
}

impl PackageTrancheDraft {
    /// Checks the draft: financier and a positive amount are required; a guaranteed part
    /// needs a guarantee and cannot exceed the tranche.
    pub fn validate(&self) -> Result<NewPackageTranche, Vec<FieldError>> {
        let mut problems = Problems::default();
        let financier = self.financier.trim().to_string();
        if financier.is_empty() {
            problems.required("financier", "Financier", "Financier");
        }
        let amount_cents = if self.amount.trim().is_empty() {
            problems.required("amount", "Bedrag", "Amount");
            None
        } else {
            optional_amount(
                &mut problems,
                "amount",
                &Some(self.amount.clone()),
                ("Bedrag", "Amount"),
            )
        };
        let capital_type = known_value(
            &mut problems,
            "capital_type",
            "unknown_capital_type",
            ("kapitaalsoort", "capital type"),
            &self.capital_type,
            CapitalType::from_id,
            CapitalType::ids,
        );
        let guarantee = clean(&self.guarantee);
        let guaranteed_cents = optional_amount(
            &mut problems,
            "guaranteed_amount",
            &self.guaranteed_amount,
            ("Geborgd deel", "Guaranteed part"),
        );
        if guaranteed_cents.is_some() && guarantee.is_none() {
            problems.add(
                "guarantee",
                "guarantee_required",
                "Een geborgd bedrag hoort bij een garantieregeling: kies de regeling (bijv. BMKB-G).",
                "A guaranteed amount needs a guarantee scheme (e.g. BMKB-G).",
            );
        }
        if let (Some(g), Some(a)) = (guaranteed_cents, amount_cents)
            && g > a
        {
            problems.add(
                "guaranteed_amount",
                "guarantee_exceeds_amount",
                "Het geborgde deel is groter dan de tranche zelf.",
                "The guaranteed part is larger than the tranche.",
            );
        }
        let closing_date = optional_date(
            &mut problems,
            "closing_date",
            &self.closing_date,
            ("Sluitingsdatum", "Closing date"),
            None,
        );
        let tranche = NewPackageTranche {
            financier,
            instrument: clean(&self.instrument),
            capital_type,
            amount_cents: amount_cents.unwrap_or(0),
            guarantee,
            guaranteed_cents,
            closing_date,
            notes: clean(&self.notes),
        };
        problems.finish(tranche)
    }
}

/// A status change the package suggests; applied only when the coordinator confirms it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusProposal {
    /// Current status.
    pub from: CaseStatus,
    /// Suggested status.
    pub to: CaseStatus,
    /// Why, in Dutch.
    pub reason: String,
    /// Why, in English.
    pub reason_en: String,
}

/// Financiers that must be out (declined or withdrawn) before "not financed" is proposed:
/// one early decline at the table is no verdict yet.
pub const MIN_DECLINES_FOR_NOT_FINANCED: usize = 2;

/// What the package and the responses say the case's status should be, if that differs
/// from `current` and the workflow allows it. Fully raised → financed; partly → partly
/// financed; nothing raised and every financier approached out (at least
/// [`MIN_DECLINES_FOR_NOT_FINANCED`]) → not financed.
pub fn propose_status(
    current: CaseStatus,
    need_cents: i64,
    raised_cents: i64,
    responses: &[ResponseStatus],
) -> Option<StatusProposal> {
    use crate::domain::money::format_euros;
    let (to, nl, en) = if raised_cents >= need_cents && raised_cents > 0 {
        (
            CaseStatus::Financed,
            format!(
                "Het pakket ({}) dekt de hele behoefte ({}).",
                format_euros(raised_cents),
                format_euros(need_cents)
            ),
            format!(
                "The package ({}) covers the whole need ({}).",
                format_euros(raised_cents),
                format_euros(need_cents)
            ),
        )
    } else if raised_cents > 0 {
        let share = raised_cents as f64 / need_cents as f64 * 100.0;
        (
            CaseStatus::PartlyFinanced,
            format!(
                "Het pakket ({}) dekt {share:.0}% van de behoefte ({}).",
                format_euros(raised_cents),
                format_euros(need_cents)
            ),
            format!(
                "The package ({}) covers {share:.0}% of the need ({}).",
                format_euros(raised_cents),
                format_euros(need_cents)
            ),
        )
    } else if responses.len() >= MIN_DECLINES_FOR_NOT_FINANCED
        && responses.iter().all(|s| s.is_negative())
    {
        (
            CaseStatus::NotFinanced,
            "Geen toezeggingen en alle benaderde financiers hebben afgewezen of zich teruggetrokken.".to_string(),
            "No commitments, and every financier approached declined or withdrew.".to_string(),
        )
    } else {
        return None;
    };
    if to == current || current.check_transition(to).is_err() {
        return None;
    }
    Some(StatusProposal {
        from: current,
        to,
        reason: nl,
        reason_en: en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_proposes_but_respects_the_workflow() {
        let p = propose_status(CaseStatus::InAssessment, 100, 100, &[]).map(|p| p.to);
        assert_eq!(p, Some(CaseStatus::Financed));
        assert_eq!(
            propose_status(CaseStatus::InAssessment, 100, 40, &[]).map(|p| p.to),
            Some(CaseStatus::PartlyFinanced)
        );
        assert_eq!(propose_status(CaseStatus::Financed, 100, 100, &[]), None);
        // Intake cannot jump to an outcome: no proposal.
        assert_eq!(propose_status(CaseStatus::Intake, 100, 100, &[]), None);
        let all_out = [ResponseStatus::Declined, ResponseStatus::Withdrawn];
        assert_eq!(
            propose_status(CaseStatus::Matching, 100, 0, &all_out).map(|p| p.to),
            Some(CaseStatus::NotFinanced)
        );
        assert_eq!(
            propose_status(CaseStatus::Matching, 100, 0, &[ResponseStatus::Declined]),
            None,
            "one decline is no verdict"
        );
        assert_eq!(
            propose_status(
                CaseStatus::Matching,
                100,
                0,
                &[ResponseStatus::Declined, ResponseStatus::Interested]
            ),
            None
        );
    }
}
