//! A ranking rendered as the match report the CLI and the UI show: every result with its
//! reasons in Dutch and English, excluded instruments with why, guarantee schemes apart.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::evaluate::{Evaluation, Matcher, Ranking, ScoreParts, TypeFit};
use super::guarantee::{self, AttachedGuarantee};
use super::nearest::{self, NEAREST_LIMIT, NearestResult};
use super::reasons::{InstrumentNames, Reason, ReasonKind, RenderContext};
use super::register::CaseFacts;
use crate::domain::*;

/// One instrument that passes every hard filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatchResult {
    /// The instrument and its financier.
    #[serde(flatten)]
    #[ts(flatten)]
    pub names: InstrumentNames,
    /// The financier's kind.
    pub financier_type: FinancierType,
    /// The capital type it would provide.
    pub capital_type: CapitalType,
    /// How that type fits the request.
    pub type_fit: TypeFit,
    /// Soft score 0–100.
    pub score: u8,
    /// Confidence 0–100 (lower with unknown ticket bounds, uncertainty notes, no verification).
    pub confidence: u8,
    /// The parts of the score, each 0–1.
    pub score_parts: ScoreParts,
    /// Smallest tranche it takes in cents; `None` when unknown.
    #[ts(type = "number | null")]
    pub tranche_min_cents: Option<i64>,
    /// Largest part of the need it could take in cents.
    #[ts(type = "number")]
    pub tranche_max_cents: i64,
    /// What matched and what is uncertain.
    pub reasons: Vec<Reason>,
    /// Guarantee schemes that could sit on this loan (for the part it could take), best first.
    pub guarantees: Vec<AttachedGuarantee>,
}

/// One instrument that fails a hard filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExcludedResult {
    /// The instrument and its financier.
    #[serde(flatten)]
    #[ts(flatten)]
    pub names: InstrumentNames,
    /// Every hard filter it fails.
    pub reasons: Vec<Reason>,
}

/// A guarantee scheme: never a match of its own, it attaches to loan tranches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GuaranteeResult {
    /// The guarantor.
    pub financier_id: String,
    /// Its name.
    pub financier_name: String,
    /// The scheme.
    pub instrument_id: String,
    /// Its name.
    pub instrument_name: String,
    /// Loans among the matches it can sit on.
    pub attachable_to: u32,
    /// Why it can or cannot attach, and what is uncertain.
    pub reasons: Vec<Reason>,
}

/// Every instrument of the register for one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MatchReport {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// The need in cents.
    #[ts(type = "number")]
    pub need_cents: i64,
    /// Instruments passing every hard filter, best first.
    pub matches: Vec<MatchResult>,
    /// Instruments failing a hard filter, with why (only when asked for).
    pub excluded: Vec<ExcludedResult>,
    /// How many instruments fail a hard filter, whether or not they are written out.
    pub excluded_count: u32,
    /// Guarantee schemes and whether they attach to the matches' loans.
    pub guarantees: Vec<GuaranteeResult>,
    /// When nothing matches: the excluded instruments closest to passing, closest first.
    pub nearest: Vec<NearestResult>,
    /// The settings file used (`matching.toml`), where there is one.
    pub config_path: Option<String>,
}

fn context<'a>(
    matcher: &'a Matcher<'_>,
    evaluation: &Evaluation,
    case: &'a CaseFacts,
) -> RenderContext<'a> {
    let entry = &matcher.register().entries[evaluation.entry];
    RenderContext {
        entry,
        financier: matcher.register().financier_of(entry),
        case,
    }
}

/// The reasons of a match: what matched, then what is uncertain.
pub fn match_reasons(
    matcher: &Matcher<'_>,
    evaluation: &Evaluation,
    case: &CaseFacts,
) -> Vec<Reason> {
    let ctx = context(matcher, evaluation, case);
    let mut reasons: Vec<Reason> = evaluation.findings.iter().map(|f| f.render(&ctx)).collect();
    reasons.sort_by_key(|r| r.kind != ReasonKind::Matched);
    reasons
}

/// The reasons an instrument is excluded: only the filters it fails.
pub fn failed_reasons(
    matcher: &Matcher<'_>,
    evaluation: &Evaluation,
    case: &CaseFacts,
) -> Vec<Reason> {
    let ctx = context(matcher, evaluation, case);
    evaluation
        .findings
        .iter()
        .filter(|f| f.kind() == ReasonKind::Failed)
        .map(|f| f.render(&ctx))
        .collect()
}

/// Renders a ranking as a report; when nothing matches, with the nearest excluded instruments.
pub fn report(
    matcher: &Matcher<'_>,
    ranking: &Ranking,
    case: &CaseFacts,
    case_id: &str,
    case_number: &str,
) -> MatchReport {
    let register = matcher.register();
    let mut attach_counts = vec![0u32; ranking.guarantees.len()];
    let mut first_misfit: Vec<Option<Reason>> = vec![None; ranking.guarantees.len()];
    // Register index of a guarantee scheme → its slot in the report.
    let slot_of: std::collections::HashMap<usize, usize> = ranking
        .guarantees
        .iter()
        .enumerate()
        .map(|(slot, &index)| (index, slot))
        .collect();
    let matches = ranking
        .matches
        .iter()
        .map(|evaluation| {
            let entry = &register.entries[evaluation.entry];
            let financier = register.financier_of(entry);
            let check = guarantee::check_loan(
                register,
                &ranking.guarantees,
                case,
                financier,
                evaluation.capital_type,
                evaluation.tranche_max_cents,
            );
            for (index, _) in &check.fits {
                if let Some(&slot) = slot_of.get(index) {
                    attach_counts[slot] += 1;
                }
            }
            for (index, misfit) in &check.misfits {
                if *misfit == GuaranteeMisfit::CapitalType || *misfit == GuaranteeMisfit::Lender {
                    continue;
                }
                if let Some(&slot) = slot_of.get(index)
                    && first_misfit[slot].is_none()
                {
                    first_misfit[slot] =
                        Some(guarantee::misfit_reason(&register.entries[*index], *misfit));
                }
            }
            MatchResult {
                names: entry.texts.names.clone(),
                financier_type: financier.financier_type,
                capital_type: evaluation.capital_type,
                type_fit: evaluation.type_fit.unwrap_or(TypeFit::Requested),
                score: evaluation.score.round().clamp(0.0, 100.0) as u8,
                confidence: evaluation.confidence,
                score_parts: evaluation.parts,
                tranche_min_cents: evaluation.tranche_min_cents,
                tranche_max_cents: evaluation.tranche_max_cents,
                reasons: match_reasons(matcher, evaluation, case),
                guarantees: check
                    .fits
                    .iter()
                    .map(|(index, amounts)| guarantee::attached(register, *index, *amounts))
                    .collect(),
            }
        })
        .collect();
    let excluded = ranking
        .excluded
        .iter()
        .map(|evaluation| ExcludedResult {
            names: register.entries[evaluation.entry].texts.names.clone(),
            reasons: failed_reasons(matcher, evaluation, case),
        })
        .collect();
    let guarantees = ranking
        .guarantees
        .iter()
        .enumerate()
        .map(|(slot, &index)| {
            guarantee_result(
                matcher,
                index,
                case,
                attach_counts[slot],
                first_misfit[slot].take(),
            )
        })
        .collect();
    MatchReport {
        case_id: case_id.to_string(),
        case_number: case_number.to_string(),
        need_cents: case.need_cents,
        matches,
        excluded,
        guarantees,
        excluded_count: ranking.excluded.len() as u32,
        nearest: if ranking.matches.is_empty() {
            nearest::nearest(matcher, ranking, case, NEAREST_LIMIT)
        } else {
            Vec::new()
        },
        config_path: None,
    }
}

fn guarantee_result(
    matcher: &Matcher<'_>,
    index: usize,
    case: &CaseFacts,
    attachable_to: u32,
    misfit: Option<Reason>,
) -> GuaranteeResult {
    let register = matcher.register();
    let entry = &register.entries[index];
    let financier = register.financier_of(entry);
    let name = guarantee::short_name(entry);
    let mut reasons = vec![Reason::new(
        "guarantee_not_money",
        ReasonKind::Note,
        format!(
            "{name} is een borgstelling, geen geld: ze hoort bij een lening van een andere financier"
        ),
        format!("{name} is a guarantee, not money: it belongs on another financier's loan"),
    )];
    if entry.guarantee.is_none() {
        reasons.push(Reason::new(
            "guarantee_terms_unknown",
            ReasonKind::Uncertain,
            "voorwaarden niet gestructureerd vastgelegd; Tafel koppelt de borgstelling niet zelf",
            "terms not recorded as structured rules; Tafel does not attach the guarantee itself",
        ));
    } else if !entry.serves(case.province) {
        reasons.push(Reason::new(
            "outside_mandate_region",
            ReasonKind::Failed,
            "buiten regio",
            "outside region",
        ));
    } else if attachable_to > 0 {
        reasons.push(Reason::new(
            "guarantee_attachable",
            ReasonKind::Matched,
            format!("past op {attachable_to} lening(en) in de matches"),
            format!("fits {attachable_to} loan(s) among the matches"),
        ));
    } else {
        reasons.push(misfit.unwrap_or_else(|| {
            Reason::new(
                "guarantee_no_loan",
                ReasonKind::Note,
                "past op geen van de leningen in de matches",
                "fits none of the loans among the matches",
            )
        }));
    }
    if let Some(note) = &entry.instrument.uncertainty {
        let english = entry.instrument.uncertainty_english().unwrap_or(note);
        reasons.push(Reason::new(
            "uncertainty_note",
            ReasonKind::Uncertain,
            format!("onzeker: {note}"),
            format!("uncertain: {english}"),
        ));
    }
    GuaranteeResult {
        financier_id: financier.id.clone(),
        financier_name: financier.name.clone(),
        instrument_id: entry.instrument.id.clone(),
        instrument_name: entry.instrument.name.clone(),
        attachable_to,
        reasons,
    }
}
