//! The financing-stack builder: alternative sets of tranches from several financiers that
//! together cover a case's need, within every instrument's ticket range and rules.
//!
//! How it works, deterministically:
//! 1. Rank the register for the case; the best `max_candidates` matches are candidates,
//!    each with the range it could take of this need (ticket range, share caps, type caps;
//!    without a known maximum a non-bank takes at most `unknown_max_share_pct` of the need
//!    or `unknown_max_floor`, whichever is larger).
//! 2. Every combination of up to `max_tranches` (pinned tranches included) whose ranges
//!    can sum to the need is checked against the rules that concern the whole stack: a
//!    bank's senior loan at most `bank_max_share_without_buffer_pct` of the need without a
//!    buffer (subordinated loan or equity) under it, co-investor rules.
//! 3. Amounts: each tranche aims at the centre of its range; the targets are scaled
//!    together until they sum to the need (each kept within its range), rounded to
//!    `round_to` euros, and the remainder put on the tranches with room, so the sum is exact.
//! 4. A guarantee scheme (BMKB, GO) is attached to a bank's loan where its terms allow.
//! 5. Stacks are valued by the mean score of their tranches (each judged at its amount),
//!    minus a penalty per extra financier, plus a bonus for covering the requested capital
//!    types, minus a share of the missing (amount-weighted) confidence; supersets of a
//!    better stack are dropped; the best `max_stacks` are returned with their reasons.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::evaluate::{Evaluation, MatchOptions, Matcher, TypeFit};
use super::guarantee::{self, AttachedGuarantee};
use super::nearest::{self, NEAREST_LIMIT, NearestResult};
use super::reasons::{InstrumentNames, Reason, ReasonKind, RenderContext, join_en, join_nl};
use super::register::{CaseFacts, Entry, share};
use crate::domain::money::format_euros;
use crate::domain::*;

/// A tranche the user fixes before the builder fills the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PinnedTranche {
    /// The financier.
    pub financier_id: String,
    /// The instrument.
    pub instrument_id: String,
    /// The amount in cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// The capital type; default: the one matching picks.
    #[serde(default)]
    #[ts(optional)]
    pub capital_type: Option<CapitalType>,
}

/// What the user asks of the stack builder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct StackRequest {
    /// Tranches kept in every stack.
    pub pinned: Vec<PinnedTranche>,
    /// Instruments never to use (ids); a guarantee scheme here is not attached either.
    pub excluded_instruments: Vec<String>,
    /// Capital types accepted for this run besides the requested ones.
    pub acceptable_capital_types: Vec<CapitalType>,
}

/// One tranche of a stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Tranche {
    /// The instrument and its financier.
    #[serde(flatten)]
    #[ts(flatten)]
    pub names: InstrumentNames,
    /// The financier's kind.
    pub financier_type: FinancierType,
    /// The capital type.
    pub capital_type: CapitalType,
    /// The amount in cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Fixed by the user.
    pub pinned: bool,
    /// The instrument's match score 0–100.
    pub score: u8,
    /// The instrument's confidence 0–100.
    pub confidence: u8,
    /// A guarantee on this loan (not money: the amount is not counted).
    pub guarantee: Option<AttachedGuarantee>,
}

/// One proposed stack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Stack {
    /// The need in cents.
    #[ts(type = "number")]
    pub need_cents: i64,
    /// The sum of the tranches in cents (equal to the need, but for a partial stack).
    #[ts(type = "number")]
    pub total_cents: i64,
    /// What is still missing in cents: 0 for a stack that covers the need.
    #[serde(default)]
    #[ts(type = "number")]
    pub gap_cents: i64,
    /// The tranches, junior capital first, senior debt last.
    pub tranches: Vec<Tranche>,
    /// Distinct financiers.
    pub financier_count: u32,
    /// Mean score of the tranches (each judged at its amount), 0–100.
    pub score: u8,
    /// Amount-weighted confidence, 0–100.
    pub confidence: u8,
    /// Why these, and what is uncertain, in Dutch and English.
    pub reasons: Vec<Reason>,
}

/// What the stack builder proposes for a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StackProposal {
    /// Stacks that cover the need exactly, best first.
    pub stacks: Vec<Stack>,
    /// When no stack covers the need: the one that covers the most of it, with its gap.
    pub partial: Option<Stack>,
    /// When no stack covers the need: the excluded instruments closest to passing.
    pub nearest: Vec<NearestResult>,
}

/// A problem with the request: a pinned tranche that cannot be kept.
fn pin_error(index: usize, code: &str, nl: String, en: String) -> FieldError {
    FieldError {
        field: format!("pinned[{index}]"),
        code: code.to_string(),
        message: nl,
        message_en: en,
    }
}

#[derive(Debug, Clone)]
struct Candidate {
    entry: usize,
    evaluation: Evaluation,
    capital_type: CapitalType,
    type_fit: Option<TypeFit>,
    serves: Option<CapitalType>,
    confidence: u8,
    lo: i64,
    hi: i64,
    target: f64,
    pinned: bool,
    bank_senior: bool,
    buffer: bool,
    /// A bank loan that a state guarantee fits (at its largest amount here).
    guaranteed: bool,
    private: bool,
    requires_co_investor: bool,
    financier: usize,
}

/// Bank credit that leans on a buffer (or a guarantee) under it. Lease and factoring are
/// secured by the asset or the receivables themselves, so the bank cap does not apply.
fn is_senior(ct: CapitalType) -> bool {
    matches!(ct, CapitalType::SeniorLoan | CapitalType::Overdraft)
}

/// Financier kinds that count as a private co-investor.
pub fn is_private_investor(kind: FinancierType) -> bool {
    matches!(
        kind,
        FinancierType::VentureCapital
            | FinancierType::ParticipationCompany
            | FinancierType::FamilyOffice
            | FinancierType::AngelNetwork
            | FinancierType::InformalInvestor
            | FinancierType::CrowdfundingPlatform
            | FinancierType::CorporateVenture
    )
}

/// Order of tranches in a stack: junior capital first, senior debt last.
fn seniority(ct: CapitalType) -> u8 {
    match ct {
        CapitalType::Equity | CapitalType::InformalInvestment => 0,
        CapitalType::ConvertibleLoan => 1,
        CapitalType::SubordinatedLoan => 2,
        CapitalType::Grant | CapitalType::InnovationLoan => 3,
        CapitalType::Crowdfunding => 4,
        CapitalType::Microcredit | CapitalType::CreditUnionLoan => 5,
        CapitalType::SeniorLoan
        | CapitalType::Overdraft
        | CapitalType::Lease
        | CapitalType::Factoring => 6,
        CapitalType::Guarantee => 7,
    }
}

/// Where a tranche aims: the centre of its known range, within what it can take here.
fn target(entry: &Entry, ct: CapitalType, bank: bool, need: i64, lo: i64, hi: i64) -> f64 {
    let min = entry.instrument.ticket_min_cents.filter(|m| *m > 0);
    let t = match (min, entry.ticket_max_for(ct)) {
        (Some(a), Some(b)) => ((a as f64) * (b as f64)).sqrt(),
        (None, Some(b)) => b as f64 / 2.0,
        _ if bank => hi as f64,
        (Some(a), None) => (2.0 * a as f64).max(need as f64 / 2.0),
        (None, None) => need as f64 / 2.0,
    };
    t.clamp(lo as f64, hi as f64)
}

/// Amounts for tranches with ranges `[lo, hi]` and targets that sum exactly to `total`,
/// or `None` when the ranges cannot.
fn allocate(tranches: &[(i64, i64, f64)], total: i64, step: i64) -> Option<Vec<i64>> {
    let sum_lo: i64 = tranches.iter().map(|t| t.0).sum();
    let sum_hi: i64 = tranches.iter().map(|t| t.1).sum();
    if sum_lo > total || sum_hi < total {
        return None;
    }
    let filled = |lambda: f64| -> f64 {
        tranches
            .iter()
            .map(|(lo, hi, t)| (lambda * t).clamp(*lo as f64, *hi as f64))
            .sum()
    };
    let mut high = tranches
        .iter()
        .map(|(_, hi, t)| *hi as f64 / t.max(1.0))
        .fold(1.0, f64::max);
    let mut low = 0.0;
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if filled(mid) < total as f64 {
            low = mid
        } else {
            high = mid
        }
    }
    let mut amounts: Vec<i64> = tranches
        .iter()
        .map(|(lo, hi, t)| {
            let exact = (high * t).clamp(*lo as f64, *hi as f64);
            let rounded = ((exact / step as f64).round() as i64) * step;
            rounded.clamp(*lo, *hi)
        })
        .collect();
    let mut rest = total - amounts.iter().sum::<i64>();
    let mut order: Vec<usize> = (0..tranches.len()).collect();
    order.sort_by(|a, b| amounts[*b].cmp(&amounts[*a]).then_with(|| a.cmp(b)));
    for i in order {
        if rest == 0 {
            break;
        }
        let (lo, hi, _) = tranches[i];
        let moved = if rest > 0 {
            rest.min(hi - amounts[i])
        } else {
            rest.max(lo - amounts[i])
        };
        amounts[i] += moved;
        rest -= moved;
    }
    if rest == 0 { Some(amounts) } else { None }
}

struct Built {
    picks: Vec<usize>,
    amounts: Vec<i64>,
    scores: Vec<f64>,
    value: f64,
    coverage: f64,
    financiers: usize,
}

/// Proposes up to `max_stacks` stacks for a case, best first; when none covers the need, the
/// partial stack that covers the most of it and the excluded instruments closest to passing.
pub fn propose(
    matcher: &Matcher<'_>,
    case: &CaseFacts,
    request: &StackRequest,
) -> Result<StackProposal, Vec<FieldError>> {
    let config = matcher.config();
    let rules = &config.stack;
    let register = matcher.register();
    let need = case.need_cents;
    let options = MatchOptions {
        acceptable_capital_types: request.acceptable_capital_types.clone(),
        ..Default::default()
    };
    let ranking = matcher.rank(case, &options);
    let is_excluded = |entry: usize| {
        request
            .excluded_instruments
            .iter()
            .any(|id| *id == register.entries[entry].instrument.id)
    };
    let bank_cap = share(need, rules.bank_max_share_without_buffer_pct);
    let schemes: Vec<usize> = ranking
        .guarantees
        .iter()
        .copied()
        .filter(|g| !is_excluded(*g))
        .collect();

    let make = |evaluation: &Evaluation, ct: CapitalType, lo: i64, hi: i64, pinned: bool| {
        let entry_index = evaluation.entry;
        let entry = &register.entries[entry_index];
        let kind = register.financier_of(entry).financier_type;
        let bank_senior = kind == FinancierType::Bank && is_senior(ct);
        Candidate {
            entry: entry_index,
            evaluation: evaluation.clone(),
            capital_type: ct,
            type_fit: evaluation.type_fit,
            serves: if ct == evaluation.capital_type {
                evaluation.serves
            } else {
                case.capital_types.iter().copied().find(|c| *c == ct)
            },
            confidence: evaluation.confidence,
            lo,
            hi,
            target: target(entry, ct, kind == FinancierType::Bank, need, lo, hi),
            pinned,
            bank_senior,
            buffer: rules.buffer_capital_types.contains(&ct),
            guaranteed: bank_senior
                && rules.guarantee_as_buffer
                && !guarantee::check_loan(
                    register,
                    &schemes,
                    case,
                    register.financier_of(entry),
                    ct,
                    hi.min(need),
                )
                .fits
                .is_empty(),
            private: is_private_investor(kind),
            requires_co_investor: entry.requires_co_investor,
            financier: entry.financier,
        }
    };

    // Pinned tranches: kept as given, but within the instrument's range and rules.
    let mut errors = Vec::new();
    let mut pins: Vec<Candidate> = Vec::new();
    for (i, pin) in request.pinned.iter().enumerate() {
        let Some(index) = register.position(&pin.instrument_id) else {
            errors.push(pin_error(
                i,
                "pin_unknown_instrument",
                format!(
                    "Instrument {} staat niet in het register.",
                    pin.instrument_id
                ),
                format!("Instrument {} is not in the register.", pin.instrument_id),
            ));
            continue;
        };
        let entry = &register.entries[index];
        let name = format!(
            "{} – {}",
            register.financier_of(entry).name,
            entry.instrument.name
        );
        if register.financier_of(entry).id != pin.financier_id {
            errors.push(pin_error(
                i,
                "pin_financier_mismatch",
                format!("{name} hoort niet bij financier {}.", pin.financier_id),
                format!("{name} does not belong to financier {}.", pin.financier_id),
            ));
            continue;
        }
        if entry.is_guarantee_scheme() {
            errors.push(pin_error(
                i,
                "pin_guarantee",
                format!(
                    "{name} is een borgstelling, geen geld; ze komt vanzelf op een banklening."
                ),
                format!("{name} is a guarantee, not money; it attaches to a bank loan by itself."),
            ));
            continue;
        }
        if is_excluded(index) || pins.iter().any(|p| p.entry == index) {
            errors.push(pin_error(
                i,
                "pin_conflict",
                format!("{name} is uitgesloten of al vastgezet."),
                format!("{name} is excluded or already pinned."),
            ));
            continue;
        }
        let evaluation = matcher.evaluate(index, case, &options);
        let ct = pin.capital_type.unwrap_or(evaluation.capital_type);
        if !entry.money_types.contains(&ct) {
            errors.push(pin_error(
                i,
                "pin_capital_type",
                format!("{name} biedt geen {}.", ct.label_nl()),
                format!("{name} does not offer {}.", ct.label_en()),
            ));
            continue;
        }
        let lo = entry.instrument.ticket_min_cents.unwrap_or(1).max(1);
        let hi = entry.part_max(ct, need);
        if pin.amount_cents < lo || pin.amount_cents > hi {
            errors.push(pin_error(
                i,
                "pin_outside_range",
                format!(
                    "{name}: {} valt buiten wat het instrument hier kan nemen ({} – {}).",
                    format_euros(pin.amount_cents),
                    format_euros(lo),
                    format_euros(hi)
                ),
                format!(
                    "{name}: {} is outside what the instrument can take here ({} – {}).",
                    format_euros(pin.amount_cents),
                    format_euros(lo),
                    format_euros(hi)
                ),
            ));
            continue;
        }
        if let Some(min) = entry.min_round_cents.filter(|min| need < *min) {
            errors.push(pin_error(
                i,
                "pin_round_too_small",
                format!(
                    "{name} investeert alleen in rondes vanaf {}.",
                    format_euros(min)
                ),
                format!("{name} invests only in rounds from {}.", format_euros(min)),
            ));
            continue;
        }
        pins.push(make(
            &evaluation,
            ct,
            pin.amount_cents,
            pin.amount_cents,
            true,
        ));
    }
    let pinned_sum: i64 = pins.iter().map(|p| p.lo).sum();
    if errors.is_empty() && pinned_sum > need {
        errors.push(pin_error(
            0,
            "pins_exceed_need",
            format!(
                "De vastgezette tranches ({}) zijn samen meer dan de vraag ({}).",
                format_euros(pinned_sum),
                format_euros(need)
            ),
            format!(
                "The pinned tranches ({}) add up to more than the need ({}).",
                format_euros(pinned_sum),
                format_euros(need)
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let min_tranche = rules.min_tranche.saturating_mul(100);
    let unknown_cap =
        share(need, rules.unknown_max_share_pct).max(rules.unknown_max_floor.saturating_mul(100));
    let candidates: Vec<Candidate> = ranking
        .matches
        .iter()
        .filter(|e| !is_excluded(e.entry) && !pins.iter().any(|p| p.entry == e.entry))
        .filter_map(|e| {
            let entry = &register.entries[e.entry];
            let lo = e.tranche_min_cents.unwrap_or(min_tranche).max(1);
            let unknown_max = entry.ticket_max_for(e.capital_type).is_none()
                && register.financier_of(entry).financier_type != FinancierType::Bank;
            let hi = if unknown_max {
                e.tranche_max_cents.min(unknown_cap)
            } else {
                e.tranche_max_cents
            };
            (lo <= hi).then(|| make(e, e.capital_type, lo, hi, false))
        })
        .take(rules.max_candidates)
        .collect();

    let remaining = need - pinned_sum;
    let step = rules.round_to.saturating_mul(100).max(1);
    let mut built: Vec<Built> = Vec::new();
    let mut partial: Option<Built> = None;
    let mut picks: Vec<usize> = Vec::new();
    let slots = rules.max_tranches.saturating_sub(pins.len());
    let mut search = Search {
        matcher,
        case,
        penalty: rules.extra_financier_penalty,
        bonus: rules.coverage_bonus,
        confidence_weight: rules.confidence_weight,
        bank_cap,
        schemes: &schemes,
        buffer_share: need - bank_cap,
        remaining,
        step,
        pins: &pins,
        candidates: &candidates,
        built: &mut built,
        partial: &mut partial,
    };
    if remaining == 0 {
        search.finish(&[]);
    } else {
        search.walk(&mut picks, 0, slots, 0);
    }

    built.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.financiers.cmp(&b.financiers))
            .then_with(|| {
                let ka: Vec<usize> = a.picks.iter().map(|p| candidates[*p].entry).collect();
                let kb: Vec<usize> = b.picks.iter().map(|p| candidates[*p].entry).collect();
                ka.cmp(&kb)
            })
    });
    let mut chosen: Vec<&Built> = Vec::new();
    for stack in &built {
        if chosen.len() >= rules.max_stacks {
            break;
        }
        // A stack that only adds financiers to a better one is no real alternative, unless
        // it covers more of the requested capital types.
        if chosen.iter().any(|c| {
            c.coverage >= stack.coverage && c.picks.iter().all(|p| stack.picks.contains(p))
        }) {
            continue;
        }
        chosen.push(stack);
    }
    // A full stack and the partial one are described alike.
    let described = |b: &Built| {
        describe(
            matcher,
            case,
            &ranking.guarantees,
            request,
            &pins,
            &candidates,
            b,
        )
    };
    let stacks: Vec<Stack> = chosen.into_iter().map(described).collect();
    if !stacks.is_empty() {
        return Ok(StackProposal {
            stacks,
            partial: None,
            nearest: Vec::new(),
        });
    }
    let partial = partial.map(|b| described(&b));
    Ok(StackProposal {
        stacks,
        partial,
        nearest: nearest::nearest(matcher, &ranking, case, NEAREST_LIMIT),
    })
}

struct Search<'s> {
    matcher: &'s Matcher<'s>,
    case: &'s CaseFacts,
    penalty: f64,
    bonus: f64,
    confidence_weight: f64,
    bank_cap: i64,
    /// Guarantee schemes that may attach (not excluded).
    schemes: &'s [usize],
    buffer_share: i64,
    remaining: i64,
    step: i64,
    pins: &'s [Candidate],
    candidates: &'s [Candidate],
    built: &'s mut Vec<Built>,
    /// The combination that covers the most of the need without covering it (then the best).
    partial: &'s mut Option<Built>,
}

impl Search<'_> {
    fn walk(&mut self, picks: &mut Vec<usize>, start: usize, slots: usize, sum_lo: i64) {
        if !picks.is_empty() {
            self.finish(picks);
        }
        if picks.len() == slots {
            return;
        }
        for next in start..self.candidates.len() {
            let lo = self.candidates[next].lo;
            if sum_lo + lo > self.remaining {
                continue;
            }
            picks.push(next);
            self.walk(picks, next + 1, slots, sum_lo + lo);
            picks.pop();
        }
    }

    fn finish(&mut self, picks: &[usize]) {
        let tranches: Vec<&Candidate> = self
            .pins
            .iter()
            .chain(picks.iter().map(|p| &self.candidates[*p]))
            .collect();
        let has_buffer = tranches.iter().any(|t| t.buffer || t.guaranteed);
        let banks = tranches.iter().filter(|t| t.bank_senior).count();
        if !has_buffer && banks > 1 {
            return;
        }
        // Co-investor rules: another financier's private tranche beside it.
        for t in &tranches {
            if t.requires_co_investor
                && !tranches
                    .iter()
                    .any(|o| o.financier != t.financier && o.private)
            {
                return;
            }
        }
        // With a bank loan on top, the buffer aims at the share the bank rule leaves.
        let bank_on_top =
            tranches.iter().any(|t| t.buffer) && tranches.iter().any(|t| t.bank_senior);
        let buffers = tranches.iter().filter(|t| t.buffer).count().max(1) as f64;
        let free: Vec<(i64, i64, f64)> = picks
            .iter()
            .map(|p| {
                let c = &self.candidates[*p];
                let hi = if c.bank_senior && !has_buffer {
                    c.hi.min(self.bank_cap)
                } else {
                    c.hi
                };
                let target = if bank_on_top && c.buffer {
                    (self.buffer_share as f64 / buffers).clamp(c.lo as f64, hi as f64)
                } else {
                    c.target.min(hi as f64)
                };
                (c.lo, hi, target)
            })
            .collect();
        if free.iter().any(|(lo, hi, _)| lo > hi) {
            return;
        }
        if self
            .pins
            .iter()
            .any(|p| p.bank_senior && !has_buffer && p.lo > self.bank_cap)
        {
            return;
        }
        // Ranges that cannot reach the need still make a partial stack: each at its largest.
        let reach: i64 = free.iter().map(|(_, hi, _)| *hi).sum();
        let short = reach < self.remaining;
        let Some(amounts) = allocate(&free, if short { reach } else { self.remaining }, self.step)
        else {
            return;
        };
        if short && !self.built.is_empty() {
            return;
        }
        let mut all: Vec<i64> = self.pins.iter().map(|p| p.lo).collect();
        all.extend(&amounts);
        // Without subordinated or equity capital, a bank share above the cap needs a state
        // guarantee that fits the loan at the amount it got.
        if !tranches.iter().any(|t| t.buffer) {
            let register = self.matcher.register();
            for (t, amount) in tranches.iter().zip(&all) {
                if t.bank_senior && *amount > self.bank_cap {
                    let entry = &register.entries[t.entry];
                    let check = guarantee::check_loan(
                        register,
                        self.schemes,
                        self.case,
                        register.financier_of(entry),
                        t.capital_type,
                        *amount,
                    );
                    if !t.guaranteed || check.fits.is_empty() {
                        return;
                    }
                }
            }
        }
        let scores: Vec<f64> = tranches
            .iter()
            .zip(&all)
            .map(|(t, a)| self.matcher.score_at(&t.evaluation, *a))
            .collect();
        let mean = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
        let mut financiers: Vec<usize> = tranches.iter().map(|t| t.financier).collect();
        financiers.sort_unstable();
        financiers.dedup();
        let requested = &self.case.capital_types;
        let covered = requested
            .iter()
            .filter(|r| {
                tranches.iter().any(|t| {
                    t.serves == Some(**r) || (**r == CapitalType::Guarantee && t.bank_senior)
                })
            })
            .count();
        let coverage = if requested.is_empty() {
            1.0
        } else {
            covered as f64 / requested.len() as f64
        };
        let total = all.iter().sum::<i64>().max(1) as f64;
        let confidence = tranches
            .iter()
            .zip(&all)
            .map(|(t, a)| f64::from(t.confidence) * *a as f64)
            .sum::<f64>()
            / total;
        let value = mean - self.penalty * (financiers.len() as f64 - 1.0) + self.bonus * coverage
            - self.confidence_weight * (100.0 - confidence);
        let stack = Built {
            picks: picks.to_vec(),
            amounts: all,
            scores,
            value,
            coverage,
            financiers: financiers.len(),
        };
        if short {
            let covered = |b: &Built| b.amounts.iter().sum::<i64>();
            let better = match self.partial.as_ref() {
                None => true,
                Some(best) => covered(&stack)
                    .cmp(&covered(best))
                    .then_with(|| stack.value.total_cmp(&best.value))
                    .is_gt(),
            };
            if better {
                *self.partial = Some(stack);
            }
        } else {
            self.built.push(stack);
        }
    }
}

/// Turns a built combination into a stack: tranches in order, guarantees, reasons.
fn describe(
    matcher: &Matcher<'_>,
    case: &CaseFacts,
    schemes: &[usize],
    request: &StackRequest,
    pins: &[Candidate],
    candidates: &[Candidate],
    built: &Built,
) -> Stack {
    let register = matcher.register();
    let rules = &matcher.config().stack;
    let need = case.need_cents;
    let options = MatchOptions {
        acceptable_capital_types: request.acceptable_capital_types.clone(),
        ..Default::default()
    };
    let usable: Vec<usize> = schemes
        .iter()
        .copied()
        .filter(|i| {
            !request
                .excluded_instruments
                .contains(&register.entries[*i].instrument.id)
        })
        .collect();
    let parts: Vec<(&Candidate, i64, f64)> = pins
        .iter()
        .chain(built.picks.iter().map(|p| &candidates[*p]))
        .zip(built.amounts.iter().copied())
        .zip(built.scores.iter().copied())
        .map(|((c, a), s)| (c, a, s))
        .collect();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    let name_of = |c: &Candidate| &register.entries[c.entry].instrument.name;
    order.sort_by(|a, b| {
        let (ca, aa, _) = parts[*a];
        let (cb, ab, _) = parts[*b];
        seniority(ca.capital_type)
            .cmp(&seniority(cb.capital_type))
            .then_with(|| ab.cmp(&aa))
            .then_with(|| name_of(ca).cmp(name_of(cb)))
    });

    let mut tranches = Vec::new();
    let mut matched = Vec::new();
    let mut notes = Vec::new();
    let mut uncertain = Vec::new();
    let has_buffer = parts.iter().any(|(c, _, _)| c.buffer);
    for &i in &order {
        let (c, amount, score) = parts[i];
        let entry = &register.entries[c.entry];
        let financier = register.financier_of(entry);
        let check =
            guarantee::check_loan(register, &usable, case, financier, c.capital_type, amount);
        let attached = check.fits.first().map(|(index, amounts)| {
            matched.push(guarantee::fit_reason(
                &register.entries[*index],
                &financier.name,
                amount,
                *amounts,
            ));
            let instrument = &register.entries[*index].instrument;
            if let Some(note) = &instrument.uncertainty {
                let english = instrument.uncertainty_english().unwrap_or(note);
                uncertain.push(Reason::new(
                    "uncertainty_note",
                    ReasonKind::Uncertain,
                    format!(
                        "{}: onzeker: {note}",
                        guarantee::short_name(&register.entries[*index])
                    ),
                    format!(
                        "{}: uncertain: {english}",
                        guarantee::short_name(&register.entries[*index])
                    ),
                ));
            }
            guarantee::attached(register, *index, *amounts)
        });
        for (index, misfit) in &check.misfits {
            if matches!(
                misfit,
                GuaranteeMisfit::LoanTooSmall(_)
                    | GuaranteeMisfit::LoanTooLarge(_)
                    | GuaranteeMisfit::Purpose
            ) {
                let reason = guarantee::misfit_reason(&register.entries[*index], *misfit);
                if !notes.contains(&reason) {
                    notes.push(reason);
                }
            }
        }
        let pct = (i128::from(amount) * 100 / i128::from(need.max(1))) as i64;
        let related = if c.type_fit == Some(TypeFit::Related) {
            (" (verwante kapitaalsoort)", " (related capital type)")
        } else {
            ("", "")
        };
        matched.push(Reason::new(
            "tranche",
            ReasonKind::Matched,
            format!(
                "{} – {}: {}{} {} ({pct}% van de vraag), score {:.0}",
                financier.name,
                entry.instrument.name,
                c.capital_type.label_nl(),
                related.0,
                format_euros(amount),
                score
            ),
            format!(
                "{} – {}: {}{} {} ({pct}% of the need), score {:.0}",
                financier.name,
                entry.instrument.name,
                c.capital_type.label_en(),
                related.1,
                format_euros(amount),
                score
            ),
        ));
        let evaluation = matcher.evaluate(c.entry, case, &options);
        let ctx = RenderContext {
            entry,
            financier,
            case,
        };
        if c.pinned {
            notes.push(Reason::new(
                "pinned",
                ReasonKind::Note,
                format!(
                    "{}: {} vastgezet door de gebruiker",
                    financier.name,
                    format_euros(amount)
                ),
                format!(
                    "{}: {} pinned by the user",
                    financier.name,
                    format_euros(amount)
                ),
            ));
            let failed: Vec<Reason> = evaluation
                .findings
                .iter()
                .filter(|f| f.kind() == ReasonKind::Failed)
                .map(|f| f.render(&ctx))
                .collect();
            if !failed.is_empty() {
                let nl: Vec<&str> = failed.iter().map(|r| &*r.nl).collect();
                let en: Vec<&str> = failed.iter().map(|r| &*r.en).collect();
                uncertain.push(Reason::new(
                    "pin_outside_mandate",
                    ReasonKind::Uncertain,
                    format!("{}: vastgezet ondanks {}", financier.name, nl.join("; ")),
                    format!("{}: pinned despite {}", financier.name, en.join("; ")),
                ));
            }
        }
        for finding in evaluation
            .findings
            .iter()
            .filter(|f| f.kind() == ReasonKind::Uncertain)
        {
            let r = finding.render(&ctx);
            uncertain.push(Reason::new(
                r.code.clone(),
                ReasonKind::Uncertain,
                format!("{}: {}", financier.name, r.nl),
                format!("{}: {}", financier.name, r.en),
            ));
        }
        if c.requires_co_investor {
            let partners: Vec<&str> = parts
                .iter()
                .filter(|(o, _, _)| o.financier != c.financier && o.private)
                .map(|(o, _, _)| register.financiers[o.financier].name.as_str())
                .collect();
            matched.push(Reason::new(
                "co_investor_present",
                ReasonKind::Matched,
                format!(
                    "{} investeert alleen naast een private co-investeerder: {}",
                    financier.name,
                    join_nl(&partners)
                ),
                format!(
                    "{} invests only beside a private co-investor: {}",
                    financier.name,
                    join_en(&partners)
                ),
            ));
        }
        tranches.push(Tranche {
            names: entry.texts.names.clone(),
            financier_type: financier.financier_type,
            capital_type: c.capital_type,
            amount_cents: amount,
            pinned: c.pinned,
            score: score.round().clamp(0.0, 100.0) as u8,
            confidence: c.confidence,
            guarantee: attached,
        });
    }

    let mut reasons = Vec::new();
    let names: Vec<&str> = {
        let mut seen: Vec<&str> = Vec::new();
        for t in &tranches {
            if !seen.contains(&&*t.names.financier_name) {
                seen.push(&t.names.financier_name);
            }
        }
        seen
    };
    let total: i64 = tranches.iter().map(|t| t.amount_cents).sum();
    let gap = (need - total).max(0);
    if gap == 0 {
        reasons.push(Reason::new(
            "stack_covers_need",
            ReasonKind::Matched,
            format!(
                "{} financier(s) dekken samen {}: {}",
                names.len(),
                format_euros(need),
                join_nl(&names)
            ),
            format!(
                "{} financier(s) together cover {}: {}",
                names.len(),
                format_euros(need),
                join_en(&names)
            ),
        ));
    } else {
        let (cover_nl, cover_en) = if names.len() == 1 {
            ("dekt", "covers")
        } else {
            ("dekken samen", "together cover")
        };
        let (total, need, gap) = (format_euros(total), format_euros(need), format_euros(gap));
        reasons.push(Reason::new(
            "stack_gap",
            ReasonKind::Failed,
            format!(
                "geen stapel dekt de vraag: {} {cover_nl} {total} van {need}; er ontbreekt {gap}",
                join_nl(&names)
            ),
            format!(
                "no stack covers the need: {} {cover_en} {total} of {need}; {gap} is missing",
                join_en(&names)
            ),
        ));
    }
    reasons.extend(matched);
    if parts.iter().any(|(c, _, _)| c.bank_senior) {
        if !has_buffer && parts.iter().any(|(c, _, _)| c.guaranteed) {
            reasons.push(Reason::new(
                "bank_guarantee_buffer",
                ReasonKind::Matched,
                "de staatsborgstelling op de banklening neemt de plaats in van een buffer eronder",
                "the state guarantee on the bank loan stands in for a buffer under it",
            ));
        } else if has_buffer {
            let buffers: Vec<&str> = parts
                .iter()
                .filter(|(c, _, _)| c.buffer)
                .map(|(c, _, _)| register.financiers[c.financier].name.as_str())
                .collect();
            reasons.push(Reason::new(
                "bank_buffer",
                ReasonKind::Matched,
                format!(
                    "{} vormt de buffer (achtergesteld of eigen vermogen) onder de banklening",
                    join_nl(&buffers)
                ),
                format!(
                    "{} forms the buffer (subordinated or equity) under the bank loan",
                    join_en(&buffers)
                ),
            ));
        } else {
            reasons.push(Reason::new(
                "bank_share_capped",
                ReasonKind::Note,
                format!("geen achtergesteld of eigen vermogen onder de banklening: bankdeel hoogstens {}% van de vraag", rules.bank_max_share_without_buffer_pct),
                format!("no subordinated or equity capital under the bank loan: bank share at most {}% of the need", rules.bank_max_share_without_buffer_pct),
            ));
        }
    }
    for requested in &case.capital_types {
        let covered = parts.iter().any(|(c, _, _)| c.serves == Some(*requested))
            || (*requested == CapitalType::Guarantee
                && tranches.iter().any(|t| t.guarantee.is_some()));
        if !covered {
            uncertain.push(Reason::new(
                "requested_type_missing",
                ReasonKind::Uncertain,
                format!(
                    "gevraagde kapitaalsoort {} zit niet in deze stapel",
                    requested.label_nl()
                ),
                format!(
                    "requested capital type {} is not in this stack",
                    requested.label_en()
                ),
            ));
        }
    }
    reasons.extend(notes);
    reasons.extend(uncertain);

    let mean_score = built.scores.iter().sum::<f64>() / built.scores.len().max(1) as f64;
    let score = mean_score.round().clamp(0.0, 100.0) as u8;
    let confidence_sum: f64 = tranches
        .iter()
        .map(|t| f64::from(t.confidence) * t.amount_cents as f64)
        .sum();
    let confidence = (confidence_sum / total.max(1) as f64)
        .round()
        .clamp(0.0, 100.0) as u8;
    Stack {
        need_cents: need,
        total_cents: total,
        gap_cents: gap,
        financier_count: names.len() as u32,
        tranches,
        score,
        confidence,
        reasons,
    }
}
