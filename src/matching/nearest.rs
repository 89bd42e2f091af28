//! When nothing passes the hard filters: the excluded instruments closest to passing, each
//! with the condition it fails, what it asks against what the case is, and so what would
//! change it ("ronde vanaf € 5.000.000 — deze vraag is € 3.000.000").
//!
//! Closeness is a distance per failed condition: for amounts the ratio between what the
//! instrument asks and what the case offers (on a log scale, so twice too small is 0.69);
//! for the categorical filters a fixed step that orders what a coordinator can still move
//! (another capital type accepted, a neighbouring stage) before what they cannot (another
//! sector, another province).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::evaluate::{Evaluation, Matcher, Ranking};
use super::reasons::{
    Finding, InstrumentNames, Reason, ReasonKind, RenderContext, join_en, join_nl,
};
use super::register::CaseFacts;
use crate::domain::money::format_euros;
use crate::domain::*;

/// How many nearest instruments a report lists.
pub const NEAREST_LIMIT: usize = 5;

/// Distance of a capital type the case could accept for this run.
const CAPITAL_TYPE_STEP: f64 = 0.75;
/// Distance of a stage, plus [`STAGE_PER_STEP`] per stage between them.
const STAGE_STEP: f64 = 0.6;
const STAGE_PER_STEP: f64 = 0.3;
/// Distance of a sector outside a mandate.
const SECTOR_STEP: f64 = 1.4;
/// Distance of a province outside the instrument's regions.
const REGION_STEP: f64 = 1.6;

/// An excluded instrument close to passing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NearestResult {
    /// The instrument and its financier.
    #[serde(flatten)]
    #[ts(flatten)]
    pub names: InstrumentNames,
    /// The hard filters it fails (one for most), each as "what it asks — what the case is",
    /// with the filter's code (`round_too_small`, `outside_mandate_region`, …).
    pub conditions: Vec<Reason>,
    /// How far from passing (0 at the edge; smaller is closer).
    pub distance: f64,
}

fn ln_ratio(big: i64, small: i64) -> f64 {
    ((big.max(1) as f64) / (small.max(1) as f64)).ln().max(0.0)
}

fn stage_index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)
}

/// A failed condition as what it asks against what the case is, and its distance.
fn condition(finding: &Finding, ctx: &RenderContext<'_>) -> Option<(Reason, f64)> {
    let case = ctx.case;
    let entry = ctx.entry;
    let instrument = &entry.instrument;
    let need = format_euros(case.need_cents);
    let (nl, en, distance) = match *finding {
        Finding::MinRoundNotMet { min } => (
            format!("ronde vanaf {} — deze vraag is {need}", format_euros(min)),
            format!("rounds from {} — this request is {need}", format_euros(min)),
            ln_ratio(min, case.need_cents),
        ),
        Finding::TicketTooSmall { min, part } if part >= case.need_cents => (
            format!(
                "investeert vanaf {} — deze vraag is {need}",
                format_euros(min)
            ),
            format!(
                "invests from {} — this request is {need}",
                format_euros(min)
            ),
            ln_ratio(min, part),
        ),
        Finding::TicketTooSmall { min, part } => (
            format!(
                "investeert vanaf {} — van deze vraag ({need}) kan het hooguit {} nemen",
                format_euros(min),
                format_euros(part)
            ),
            format!(
                "invests from {} — of this request ({need}) it can take at most {}",
                format_euros(min),
                format_euros(part)
            ),
            ln_ratio(min, part),
        ),
        Finding::TicketTooLarge { max, pct } => {
            let floor = (i128::from(case.need_cents) * i128::from(pct) / 100) as i64;
            (
                format!(
                    "hoogstens {} per ticket — minder dan {pct}% van deze vraag van {need}",
                    format_euros(max)
                ),
                format!(
                    "at most {} per ticket — less than {pct}% of this request of {need}",
                    format_euros(max)
                ),
                ln_ratio(floor, max),
            )
        }
        Finding::RegionOutside => {
            let nl: Vec<&str> = entry.regions.iter().map(|r| r.label_nl()).collect();
            let en: Vec<&str> = entry.regions.iter().map(|r| r.label_en()).collect();
            (
                format!(
                    "alleen in {} — de onderneming zit in {}",
                    join_nl(&nl),
                    case.province.label_nl()
                ),
                format!(
                    "only in {} — the company is in {}",
                    join_en(&en),
                    case.province.label_en()
                ),
                REGION_STEP,
            )
        }
        Finding::CapitalNotOffered => {
            let offered: Vec<CapitalType> = entry.money_types.clone();
            let offered_nl: Vec<&str> = offered.iter().map(|c| c.label_nl()).collect();
            let offered_en: Vec<&str> = offered.iter().map(|c| c.label_en()).collect();
            let asked_nl: Vec<&str> = case.capital_types.iter().map(|c| c.label_nl()).collect();
            let asked_en: Vec<&str> = case.capital_types.iter().map(|c| c.label_en()).collect();
            (
                format!(
                    "biedt alleen {} — gevraagd is {}; accepteer die kapitaalsoort om het mee te nemen",
                    join_nl(&offered_nl),
                    join_nl(&asked_nl)
                ),
                format!(
                    "offers only {} — the request is {}; accept that capital type to include it",
                    join_en(&offered_en),
                    join_en(&asked_en)
                ),
                CAPITAL_TYPE_STEP,
            )
        }
        Finding::StageOutside => {
            let nl: Vec<&str> = instrument.stages.iter().map(|s| s.label_nl()).collect();
            let en: Vec<&str> = instrument.stages.iter().map(|s| s.label_en()).collect();
            let steps = instrument
                .stages
                .iter()
                .map(|s| stage_index(*s).abs_diff(stage_index(case.stage)))
                .min()
                .unwrap_or(1);
            (
                format!(
                    "alleen {} {} — de onderneming is in de fase {}",
                    if nl.len() > 1 { "de fasen" } else { "de fase" },
                    join_nl(&nl),
                    case.stage.label_nl()
                ),
                format!(
                    "only {} {} — the company is at the stage {}",
                    if en.len() > 1 {
                        "the stages"
                    } else {
                        "the stage"
                    },
                    join_en(&en),
                    case.stage.label_en()
                ),
                STAGE_STEP + STAGE_PER_STEP * steps.saturating_sub(1) as f64,
            )
        }
        Finding::SectorOutside => {
            let nl: Vec<&str> = instrument.sectors.iter().map(|s| s.label_nl()).collect();
            let en: Vec<&str> = instrument.sectors.iter().map(|s| s.label_en()).collect();
            (
                format!(
                    "alleen {} {} — de onderneming zit in {}",
                    if nl.len() > 1 {
                        "de sectoren"
                    } else {
                        "de sector"
                    },
                    join_nl(&nl),
                    case.sector.label_nl()
                ),
                format!(
                    "only {} {} — the company is in {}",
                    if en.len() > 1 {
                        "the sectors"
                    } else {
                        "the sector"
                    },
                    join_en(&en),
                    case.sector.label_en()
                ),
                SECTOR_STEP,
            )
        }
        _ => return None,
    };
    Some((
        Reason::new(finding.code(), ReasonKind::Failed, nl, en),
        distance,
    ))
}

fn nearest_of(
    matcher: &Matcher<'_>,
    evaluation: &Evaluation,
    case: &CaseFacts,
) -> Option<NearestResult> {
    let register = matcher.register();
    let entry = &register.entries[evaluation.entry];
    let ctx = RenderContext {
        entry,
        financier: register.financier_of(entry),
        case,
    };
    let failed: Vec<(Reason, f64)> = evaluation
        .findings
        .iter()
        .filter(|f| f.kind() == ReasonKind::Failed)
        .filter_map(|f| condition(f, &ctx))
        .collect();
    if failed.is_empty() {
        return None;
    }
    let distance = failed.iter().map(|(_, d)| d).sum();
    Some(NearestResult {
        names: entry.texts.names.clone(),
        conditions: failed.into_iter().map(|(r, _)| r).collect(),
        distance,
    })
}

/// The excluded instruments of a ranking closest to passing, at most `limit`: those failing
/// one condition first, then by distance, then by name.
pub fn nearest(
    matcher: &Matcher<'_>,
    ranking: &Ranking,
    case: &CaseFacts,
    limit: usize,
) -> Vec<NearestResult> {
    let mut all: Vec<NearestResult> = ranking
        .excluded
        .iter()
        .filter_map(|e| nearest_of(matcher, e, case))
        .collect();
    all.sort_by(|a, b| {
        a.conditions
            .len()
            .cmp(&b.conditions.len())
            .then_with(|| a.distance.total_cmp(&b.distance))
            .then_with(|| a.names.financier_name.cmp(&b.names.financier_name))
            .then_with(|| a.names.instrument_name.cmp(&b.names.instrument_name))
    });
    all.truncate(limit);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{FinancierInfo, MatchOptions, MatchRegister, MatchingConfig};

    fn instrument(
        id: &str,
        financier: &str,
        rules: Vec<InstrumentRule>,
        capital_types: Vec<CapitalType>,
    ) -> Instrument {
        Instrument {
            id: id.into(),
            financier_id: financier.into(),
            name: format!("Fonds {id}"),
            capital_types,
            ticket_min_cents: None,
            ticket_max_cents: None,
            stages: Vec::new(),
            sectors: Vec::new(),
            sector_mode: ListMode::Exclusive,
            stage_mode: ListMode::Exclusive,
            regions: Vec::new(),
            rules: None,
            source_url: None,
            verified_on: None,
            uncertainty: None,
            uncertainty_en: None,
            rules_en: None,
            structured_rules: rules,
        }
    }

    fn financier(id: &str, name: &str, regions: Vec<Region>) -> FinancierInfo {
        FinancierInfo {
            id: id.into(),
            name: name.into(),
            financier_type: FinancierType::Rom,
            regions,
        }
    }

    #[test]
    fn each_condition_says_what_it_asks_against_the_case_and_the_closest_comes_first() {
        let register = MatchRegister::new(
            vec![
                financier("f1", "Invest-NL", vec![Region::NL]),
                financier("f2", "IQCapital", vec![Region::ZH]),
                financier("f3", "Bank", vec![Region::NL]),
            ],
            vec![
                instrument(
                    "a",
                    "f1",
                    vec![InstrumentRule::MinRoundCents(500_000_000)],
                    vec![CapitalType::Equity],
                ),
                instrument("b", "f2", Vec::new(), vec![CapitalType::Equity]),
                instrument("c", "f3", Vec::new(), vec![CapitalType::SeniorLoan]),
            ],
        );
        let config = MatchingConfig::default();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let matcher = Matcher::new(&config, &register, today);
        let case = CaseFacts {
            province: Province::UT,
            need_cents: 300_000_000,
            stage: Stage::Growth,
            sector: Sector::Logistics,
            purpose: Purpose::Growth,
            capital_types: vec![CapitalType::Equity],
        };
        let ranking = matcher.rank(&case, &MatchOptions::default());
        assert!(ranking.matches.is_empty());
        let found = nearest(&matcher, &ranking, &case, NEAREST_LIMIT);
        let lines: Vec<(String, String)> = found
            .iter()
            .map(|n| {
                (
                    n.names.financier_name.to_string(),
                    n.conditions[0].nl.to_string(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("Invest-NL".to_string(), "ronde vanaf € 5.000.000 — deze vraag is € 3.000.000".to_string()),
                (
                    "Bank".to_string(),
                    "biedt alleen Bancaire (investerings)lening — gevraagd is Eigen vermogen / participatie; accepteer die kapitaalsoort om het mee te nemen".to_string()
                ),
                ("IQCapital".to_string(), "alleen in Zuid-Holland — de onderneming zit in Utrecht".to_string()),
            ]
        );
        assert!(found.windows(2).all(|w| w[0].distance <= w[1].distance));
        assert_eq!(found[0].conditions[0].code, "round_too_small");
        assert_eq!(
            found[0].conditions[0].en.as_ref(),
            "rounds from € 5.000.000 — this request is € 3.000.000"
        );
        assert_eq!(
            nearest(&matcher, &ranking, &case, 1).len(),
            1,
            "the limit holds"
        );
    }
}
