//! Evaluating every instrument for one case: the hard mandate filters, then the soft score.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::config::MatchingConfig;
use super::reasons::Finding;
use super::register::{CaseFacts, Entry, MatchRegister, share};
use crate::domain::*;

/// What the user tells matching for one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct MatchOptions {
    /// Capital types the user accepts for this run besides the requested ones.
    pub acceptable_capital_types: Vec<CapitalType>,
    /// The tranche the coordinator expects a financier to take, in cents (default: the part it could take).
    #[ts(type = "number | null")]
    pub expected_tranche_cents: Option<i64>,
    /// Also write out why every other instrument is excluded (default: no). On a large
    /// register that is most of the work, and people ask for it only now and then.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub include_excluded: Option<bool>,
}

/// The parts of the soft score, each 0–1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScoreParts {
    /// Fit of the expected tranche to the ticket range.
    pub ticket_fit: f64,
    /// Sector focus.
    pub sector: f64,
    /// Stage focus.
    pub stage: f64,
    /// Regional focus.
    pub region: f64,
    /// The table's history with the financier (neutral without outcomes).
    pub history: f64,
}

/// How a capital type fits the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeFit {
    /// The case asks for it.
    Requested,
    /// The user accepts it for this run.
    Acceptable,
    /// Related to a requested type (see `related_capital_types`).
    Related,
}

/// How the table's own history rates a financier for a case: the hook for outcomes.
///
/// `None` means no history: the part counts as neutral.
pub trait History {
    /// 0–1 for how this financier responded to similar cases before.
    fn affinity(&self, financier_id: &str, instrument_id: &str, case: &CaseFacts) -> Option<f64>;
}

/// No history yet: every financier is neutral.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHistory;

impl History for NoHistory {
    fn affinity(&self, _: &str, _: &str, _: &CaseFacts) -> Option<f64> {
        None
    }
}

/// One instrument evaluated for one case.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Index of the entry in the register.
    pub entry: usize,
    /// The capital type it would provide.
    pub capital_type: CapitalType,
    /// How that type fits.
    pub type_fit: Option<TypeFit>,
    /// A hard filter failed.
    pub excluded: bool,
    /// Soft score 0–100.
    pub score: f64,
    /// Confidence 0–100.
    pub confidence: u8,
    /// The parts of the score.
    pub parts: ScoreParts,
    /// What was found, in the order checked.
    pub findings: Vec<Finding>,
    /// Smallest tranche it takes (`None`: unknown).
    pub tranche_min_cents: Option<i64>,
    /// Largest part of the need it could take.
    pub tranche_max_cents: i64,
    /// The requested capital type this one serves (`None` for a type accepted for this run).
    pub serves: Option<CapitalType>,
    /// The factor of the capital type's fit (1 requested, less for related or accepted).
    pub type_factor: f64,
}

/// Every instrument of the register evaluated for one case.
#[derive(Debug, Clone, Default)]
pub struct Ranking {
    /// Instruments that pass every hard filter, best first.
    pub matches: Vec<Evaluation>,
    /// Instruments that fail a hard filter, by financier and instrument name.
    pub excluded: Vec<Evaluation>,
    /// Guarantee schemes (never a match of their own), by name.
    pub guarantees: Vec<usize>,
}

/// Evaluates cases against a prepared register with one configuration.
pub struct Matcher<'a> {
    config: &'a MatchingConfig,
    register: &'a MatchRegister,
    history: &'a dyn History,
    today: NaiveDate,
    related: [Vec<CapitalType>; 14],
}

fn type_index(ct: CapitalType) -> usize {
    CapitalType::ALL.iter().position(|c| *c == ct).unwrap_or(0)
}

fn log_fit(tranche: i64, min: i64, max: i64) -> f64 {
    if max <= min {
        return 1.0;
    }
    let (lo, hi) = ((min as f64).ln(), (max as f64).ln());
    let x = (tranche.clamp(min, max) as f64).ln();
    let centre = (lo + hi) / 2.0;
    let half = (hi - lo) / 2.0;
    1.0 - 0.5 * ((x - centre).abs() / half).min(1.0)
}

impl<'a> Matcher<'a> {
    /// A matcher without history; `today` judges how old verifications are.
    pub fn new(
        config: &'a MatchingConfig,
        register: &'a MatchRegister,
        today: NaiveDate,
    ) -> Matcher<'a> {
        let mut related: [Vec<CapitalType>; 14] = Default::default();
        for (requested, offered) in &config.related_capital_types {
            related[type_index(*requested)] = offered.clone();
        }
        Matcher {
            config,
            register,
            history: &NoHistory,
            today,
            related,
        }
    }

    /// The same matcher with the table's history plugged in.
    pub fn with_history(self, history: &'a dyn History) -> Matcher<'a> {
        Matcher { history, ..self }
    }

    /// The configuration.
    pub fn config(&self) -> &MatchingConfig {
        self.config
    }

    /// The register.
    pub fn register(&self) -> &MatchRegister {
        self.register
    }

    /// Evaluates every instrument for a case and ranks them.
    pub fn rank(&self, case: &CaseFacts, options: &MatchOptions) -> Ranking {
        let mut ranking = Ranking::default();
        for (index, entry) in self.register.entries.iter().enumerate() {
            if entry.is_guarantee_scheme() {
                ranking.guarantees.push(index);
                continue;
            }
            let evaluation = self.evaluate(index, case, options);
            if evaluation.excluded {
                ranking.excluded.push(evaluation)
            } else {
                ranking.matches.push(evaluation)
            }
        }
        let entries = &self.register.entries;
        let financiers = &self.register.financiers;
        ranking.matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.confidence.cmp(&a.confidence))
                .then_with(|| {
                    financiers[entries[a.entry].financier]
                        .name
                        .cmp(&financiers[entries[b.entry].financier].name)
                })
                .then_with(|| a.entry.cmp(&b.entry))
        });
        ranking
    }

    /// The capital type an instrument would provide, and how it fits.
    fn pick_type(
        &self,
        entry: &Entry,
        case: &CaseFacts,
        options: &MatchOptions,
    ) -> Option<(CapitalType, TypeFit, Finding)> {
        let offers =
            |ct: &CapitalType| *ct != CapitalType::Guarantee && entry.money_types.contains(ct);
        if let Some(ct) = case.capital_types.iter().find(|c| offers(c)) {
            return Some((*ct, TypeFit::Requested, Finding::CapitalRequested(*ct)));
        }
        if let Some(ct) = options.acceptable_capital_types.iter().find(|c| offers(c)) {
            return Some((*ct, TypeFit::Acceptable, Finding::CapitalAcceptable(*ct)));
        }
        for requested in &case.capital_types {
            if let Some(offered) = self.related[type_index(*requested)]
                .iter()
                .find(|c| offers(c))
            {
                return Some((
                    *offered,
                    TypeFit::Related,
                    Finding::CapitalRelated {
                        requested: *requested,
                        offered: *offered,
                    },
                ));
            }
        }
        None
    }

    /// Evaluates one instrument (by its index in the register) for a case.
    pub fn evaluate(&self, index: usize, case: &CaseFacts, options: &MatchOptions) -> Evaluation {
        let entry = &self.register.entries[index];
        let instrument = &entry.instrument;
        let config = self.config;
        let scores = &config.scores;
        let mut findings = Vec::with_capacity(10);
        let mut excluded = false;
        let mut fail = |findings: &mut Vec<Finding>, f: Finding| {
            excluded = true;
            findings.push(f);
        };

        let region = if !entry.serves(case.province) {
            fail(&mut findings, Finding::RegionOutside);
            0.0
        } else if entry.national {
            findings.push(Finding::RegionNational);
            scores.national
        } else {
            findings.push(Finding::RegionRegional);
            1.0
        };

        let picked = self.pick_type(entry, case, options);
        let serves = match picked {
            Some((ct, TypeFit::Requested, _)) => Some(ct),
            Some((_, _, Finding::CapitalRelated { requested, .. })) => Some(requested),
            _ => None,
        };
        let (capital_type, type_fit, type_factor) = match picked {
            Some((ct, fit, finding)) => {
                findings.push(finding);
                let factor = match fit {
                    TypeFit::Requested => 1.0,
                    TypeFit::Acceptable => scores.acceptable_capital_type,
                    TypeFit::Related => scores.related_capital_type,
                };
                (ct, Some(fit), factor)
            }
            None => {
                fail(&mut findings, Finding::CapitalNotOffered);
                (
                    entry
                        .money_types
                        .first()
                        .copied()
                        .unwrap_or(CapitalType::Guarantee),
                    None,
                    0.0,
                )
            }
        };

        // A listed stage or sector excludes the rest only when the list is a mandate; a focus
        // list (a regional development company's) raises the score of what is on it.
        let stage = if instrument.stages.is_empty() {
            findings.push(Finding::StageAny);
            scores.any_stage
        } else if instrument.stages.contains(&case.stage) {
            findings.push(Finding::StageFocus);
            1.0
        } else if instrument.stage_mode == ListMode::Focus {
            findings.push(Finding::StageOutsideFocus);
            scores.outside_focus
        } else {
            fail(&mut findings, Finding::StageOutside);
            0.0
        };

        let sector = if instrument.sectors.is_empty() {
            findings.push(Finding::SectorAny);
            scores.any_sector
        } else if instrument.sectors.contains(&case.sector) {
            findings.push(Finding::SectorFocus);
            1.0
        } else if instrument.sector_mode == ListMode::Focus {
            findings.push(Finding::SectorOutsideFocus);
            scores.outside_focus
        } else {
            fail(&mut findings, Finding::SectorOutside);
            0.0
        };

        if let Some(min) = entry.min_round_cents {
            if case.need_cents < min {
                fail(&mut findings, Finding::MinRoundNotMet { min });
            } else {
                findings.push(Finding::MinRoundMet { min });
            }
        }

        // The part of the need this instrument could take must fit its ticket range.
        let need = case.need_cents;
        let ticket_min = instrument.ticket_min_cents.filter(|m| *m > 0);
        let ticket_max = entry.ticket_max_for(capital_type);
        let part = entry.part_max(capital_type, need);
        if let Some(pct) = entry.max_share_pct {
            findings.push(Finding::MaxShare {
                pct,
                cap: share(need, pct),
            });
        }
        if let Some(cap) = entry.type_cap(capital_type) {
            findings.push(Finding::TypeCap {
                capital_type,
                max: cap,
            });
        }
        let mut ticket_ok = true;
        if let Some(min) = ticket_min.filter(|min| *min > part) {
            fail(&mut findings, Finding::TicketTooSmall { min, part });
            ticket_ok = false;
        }
        let pct = config.mandate.min_share_of_need_pct;
        if let Some(max) =
            ticket_max.filter(|max| i128::from(*max) * 100 < i128::from(need) * i128::from(pct))
        {
            fail(&mut findings, Finding::TicketTooLarge { max, pct });
            ticket_ok = false;
        }
        let tranche = options
            .expected_tranche_cents
            .unwrap_or(part)
            .min(part)
            .max(ticket_min.unwrap_or(1));
        if ticket_ok {
            findings.push(Finding::TicketFits {
                tranche,
                min: ticket_min,
                max: ticket_max,
            });
        }
        let (ticket_fit, unknown_bounds) = match (ticket_min, ticket_max) {
            (Some(min), Some(max)) => (log_fit(tranche, min, max), 0),
            (None, None) => {
                findings.push(Finding::TicketUnknown);
                (scores.neutral, 2)
            }
            (None, Some(_)) => {
                findings.push(Finding::TicketMinUnknown);
                (scores.one_bound_known, 1)
            }
            (Some(_), None) => {
                findings.push(Finding::TicketMaxUnknown);
                (scores.one_bound_known, 1)
            }
        };

        if entry.requires_co_investor {
            findings.push(Finding::CoInvestor);
        }
        let c = &config.confidence;
        let mut penalty = u32::from(c.unknown_ticket_bound) * unknown_bounds;
        if instrument.uncertainty.is_some() {
            findings.push(Finding::UncertaintyNote);
            penalty += u32::from(c.uncertainty_note);
        }
        match instrument.verified_on {
            None => {
                findings.push(Finding::NeverVerified);
                penalty += u32::from(c.never_verified);
            }
            Some(date) => {
                let days = (self.today - date).num_days();
                if days > c.stale_after_days {
                    findings.push(Finding::VerificationStale { days });
                    penalty += u32::from(c.stale_verification);
                }
            }
        }
        let confidence = 100u32.saturating_sub(penalty) as u8;

        let financier = &self.register.financiers[entry.financier];
        let history = self
            .history
            .affinity(&financier.id, &instrument.id, case)
            .map_or(scores.neutral, |h| h.clamp(0.0, 1.0));
        let parts = ScoreParts {
            ticket_fit,
            sector,
            stage,
            region,
            history,
        };
        let w = &config.weights;
        let total = w.ticket_fit + w.sector + w.stage + w.region + w.history;
        let weighted = w.ticket_fit * ticket_fit
            + w.sector * sector
            + w.stage * stage
            + w.region * region
            + w.history * history;
        let score = if excluded || total <= 0.0 {
            0.0
        } else {
            100.0 * weighted / total * type_factor
        };

        Evaluation {
            entry: index,
            capital_type,
            type_fit,
            excluded,
            score,
            confidence,
            parts,
            findings,
            tranche_min_cents: ticket_min,
            tranche_max_cents: part,
            serves,
            type_factor,
        }
    }

    /// The score of an evaluated instrument when it takes `tranche_cents` (the ticket fit
    /// judged at that amount; the rest as evaluated).
    pub fn score_at(&self, evaluation: &Evaluation, tranche_cents: i64) -> f64 {
        let entry = &self.register.entries[evaluation.entry];
        let min = entry.instrument.ticket_min_cents.filter(|m| *m > 0);
        let (Some(min), Some(max)) = (min, entry.ticket_max_for(evaluation.capital_type)) else {
            return evaluation.score;
        };
        let w = &self.config.weights;
        let total = w.ticket_fit + w.sector + w.stage + w.region + w.history;
        if evaluation.excluded || total <= 0.0 {
            return evaluation.score;
        }
        let share = 100.0 * w.ticket_fit / total * evaluation.type_factor;
        evaluation.score + share * (log_fit(tranche_cents, min, max) - evaluation.parts.ticket_fit)
    }
}
