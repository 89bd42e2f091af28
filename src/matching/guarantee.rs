//! Guarantee schemes (BMKB, GO, …) on loans: never money of their own, they attach to a
//! lender's tranche when the scheme's terms allow it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::reasons::{Reason, ReasonKind, join_en, join_nl};
use super::register::{CaseFacts, Entry, FinancierInfo, MatchRegister};
use crate::domain::money::format_euros;
use crate::domain::*;

/// A guarantee on a loan tranche: shown with the guaranteed amount, never counted as money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttachedGuarantee {
    /// The guarantor (e.g. RVO).
    pub financier_id: String,
    /// Its name.
    pub financier_name: String,
    /// The scheme's instrument.
    pub instrument_id: String,
    /// The scheme's name (e.g. BMKB).
    pub instrument_name: String,
    /// The guaranteed part of the loan in cents.
    #[ts(type = "number")]
    pub guaranteed_cents: i64,
    /// What the guarantor bears of it in cents (BMKB: 90% of the guaranteed part).
    #[ts(type = "number")]
    pub covered_cents: i64,
    /// The guaranteed part as a percentage of the loan.
    pub pct_of_loan: u8,
}

/// Every scheme that fits a loan (best first: the largest guaranteed part), and why the
/// others do not.
pub struct GuaranteeCheck {
    /// Schemes that fit, with their amounts.
    pub fits: Vec<(usize, GuaranteeAmounts)>,
    /// Schemes that do not fit, with why.
    pub misfits: Vec<(usize, GuaranteeMisfit)>,
}

/// Checks the guarantee schemes `schemes` (register indexes) against one loan.
pub fn check_loan(
    register: &MatchRegister,
    schemes: &[usize],
    case: &CaseFacts,
    lender: &FinancierInfo,
    capital_type: CapitalType,
    loan_cents: i64,
) -> GuaranteeCheck {
    let mut fits = Vec::new();
    let mut misfits = Vec::new();
    for &index in schemes {
        let entry = &register.entries[index];
        let Some(terms) = &entry.guarantee else {
            continue;
        };
        if !entry.serves(case.province) {
            continue;
        }
        match terms.apply(
            capital_type,
            lender.financier_type,
            case.purpose,
            loan_cents,
        ) {
            Ok(amounts) => fits.push((index, amounts)),
            Err(misfit) => misfits.push((index, misfit)),
        }
    }
    fits.sort_by(|a, b| {
        b.1.guaranteed_cents
            .cmp(&a.1.guaranteed_cents)
            .then_with(|| a.0.cmp(&b.0))
    });
    GuaranteeCheck { fits, misfits }
}

/// The attached guarantee of a fitting scheme.
pub fn attached(
    register: &MatchRegister,
    index: usize,
    amounts: GuaranteeAmounts,
) -> AttachedGuarantee {
    let entry = &register.entries[index];
    let financier = register.financier_of(entry);
    AttachedGuarantee {
        financier_id: financier.id.clone(),
        financier_name: financier.name.clone(),
        instrument_id: entry.instrument.id.clone(),
        instrument_name: entry.instrument.name.clone(),
        guaranteed_cents: amounts.guaranteed_cents,
        covered_cents: amounts.covered_cents,
        pct_of_loan: amounts.pct_of_loan,
    }
}

/// A short name for a scheme: the part before a parenthesis ("BMKB", "GO").
pub fn short_name(entry: &Entry) -> &str {
    entry
        .instrument
        .name
        .split(" (")
        .next()
        .unwrap_or(&entry.instrument.name)
        .trim()
}

/// Why a scheme does not fit a loan, as a note.
pub fn misfit_reason(entry: &Entry, misfit: GuaranteeMisfit) -> Reason {
    let name = short_name(entry);
    let terms = entry.guarantee.clone().unwrap_or_default();
    let (code, nl, en) = match misfit {
        GuaranteeMisfit::CapitalType => {
            let nl: Vec<&str> = terms.covers.iter().map(|c| c.label_nl()).collect();
            let en: Vec<&str> = terms.covers.iter().map(|c| c.label_en()).collect();
            (
                "guarantee_capital_type",
                format!("{name} past niet: alleen op {}", join_nl(&nl)),
                format!("{name} does not fit: only on {}", join_en(&en)),
            )
        }
        GuaranteeMisfit::Lender => {
            let nl: Vec<&str> = terms.lenders.iter().map(|c| c.label_nl()).collect();
            let en: Vec<&str> = terms.lenders.iter().map(|c| c.label_en()).collect();
            (
                "guarantee_lender",
                format!("{name} past niet: alleen op leningen van {}", join_nl(&nl)),
                format!("{name} does not fit: only on loans of {}", join_en(&en)),
            )
        }
        GuaranteeMisfit::Purpose => {
            let nl: Vec<&str> = terms.purposes.iter().map(|c| c.label_nl()).collect();
            let en: Vec<&str> = terms.purposes.iter().map(|c| c.label_en()).collect();
            (
                "guarantee_purpose",
                format!("{name} past niet: alleen voor {}", join_nl(&nl)),
                format!("{name} does not fit: only for {}", join_en(&en)),
            )
        }
        GuaranteeMisfit::LoanTooSmall(min) => (
            "guarantee_loan_too_small",
            format!(
                "{name} niet mogelijk: alleen voor leningen vanaf {}",
                format_euros(min)
            ),
            format!(
                "{name} not possible: only for loans from {}",
                format_euros(min)
            ),
        ),
        GuaranteeMisfit::LoanTooLarge(max) => (
            "guarantee_loan_too_large",
            format!(
                "{name} niet mogelijk: alleen voor leningen tot {}",
                format_euros(max)
            ),
            format!(
                "{name} not possible: only for loans up to {}",
                format_euros(max)
            ),
        ),
    };
    Reason::new(code, ReasonKind::Note, nl, en)
}

/// A fitting scheme on a loan, as a reason.
pub fn fit_reason(
    entry: &Entry,
    lender: &str,
    loan_cents: i64,
    amounts: GuaranteeAmounts,
) -> Reason {
    let name = short_name(entry);
    let terms = entry.guarantee.clone().unwrap_or_default();
    let cover = if terms.cover_pct < 100 {
        (
            format!(
                "; de garantsteller draagt {} ({}%)",
                format_euros(amounts.covered_cents),
                terms.cover_pct
            ),
            format!(
                "; the guarantor bears {} ({}%)",
                format_euros(amounts.covered_cents),
                terms.cover_pct
            ),
        )
    } else {
        (String::new(), String::new())
    };
    Reason::new(
        "guarantee_attached",
        ReasonKind::Matched,
        format!(
            "{lender}: {name}-borgstelling op de lening van {}: {} geborgd ({}% van de lening){}",
            format_euros(loan_cents),
            format_euros(amounts.guaranteed_cents),
            amounts.pct_of_loan,
            cover.0
        ),
        format!(
            "{lender}: {name} guarantee on the loan of {}: {} guaranteed ({}% of the loan){}",
            format_euros(loan_cents),
            format_euros(amounts.guaranteed_cents),
            amounts.pct_of_loan,
            cover.1
        ),
    )
}
