//! Benchmarks of matching (`cargo bench --bench matching`), in memory:
//!
//! - one case against 5,000 generated instruments, with every reason rendered in Dutch and English;
//! - re-ranking 100,000 generated cases against the starter register (loaded once);
//! - stack proposals for one case (starter register, and the 5,000-instrument register).
//!
//! Each figure through `common::figure` (median, p95; a JSON line for `make bench`'s table).

mod common;

use common::Goal;

use tafel::domain::*;
use tafel::matching::{
    CaseFacts, FinancierInfo, MatchOptions, MatchRegister, Matcher, MatchingConfig, StackRequest,
    report, stack,
};
use tafel::store::Store;

/// A small deterministic generator (no randomness crate needed for this).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
    fn some<T: Copy + Ord>(&mut self, items: &[T], max: u64) -> Vec<T> {
        let mut out: Vec<T> = (0..self.below(max + 1)).map(|_| self.pick(items)).collect();
        out.sort();
        out.dedup();
        out
    }
}

fn generated_register(instruments: usize) -> MatchRegister {
    let mut rng = Lcg(42);
    let per_financier = 5;
    let financiers: Vec<FinancierInfo> = (0..instruments / per_financier)
        .map(|i| {
            let national = rng.below(10) < 3;
            let regions = if national {
                vec![Region::NL]
            } else {
                (0..1 + rng.below(3))
                    .map(|_| rng.pick(&Region::ALL[1..]))
                    .collect()
            };
            FinancierInfo {
                id: format!("f{i:05}"),
                name: format!("Financier {i:05}"),
                financier_type: rng.pick(FinancierType::ALL),
                regions,
            }
        })
        .collect();
    let money: Vec<CapitalType> = CapitalType::ALL
        .iter()
        .copied()
        .filter(|c| *c != CapitalType::Guarantee)
        .collect();
    let list = (0..instruments)
        .map(|i| {
            let min = (rng.below(3) > 0).then(|| (10_000 + rng.below(2_000) as i64 * 1_000) * 100);
            let max =
                (rng.below(3) > 0).then(|| min.unwrap_or(1_000_000) * (2 + rng.below(40) as i64));
            let mut structured_rules = Vec::new();
            match rng.below(8) {
                0 => structured_rules
                    .push(InstrumentRule::MaxShareOfNeedPct(rng.pick(&[25, 35, 50]))),
                1 => structured_rules.push(InstrumentRule::RequiresCoInvestor),
                2 => structured_rules.push(InstrumentRule::MinRoundCents(
                    rng.pick(&[100_000_000i64, 500_000_000]),
                )),
                3 => structured_rules.push(InstrumentRule::MaxTicketFor {
                    capital_type: CapitalType::Microcredit,
                    max_cents: 5_000_000,
                }),
                _ => {}
            }
            let guarantee = rng.below(100) == 0;
            if guarantee {
                structured_rules = vec![InstrumentRule::GuaranteeFor(GuaranteeTerms {
                    lenders: vec![FinancierType::Bank],
                    ..Default::default()
                })];
            }
            Instrument {
                id: format!("i{i:05}"),
                financier_id: format!("f{:05}", i / per_financier),
                name: format!("Instrument {i:05}"),
                capital_types: if guarantee {
                    vec![CapitalType::Guarantee]
                } else {
                    (0..1 + rng.below(3)).map(|_| rng.pick(&money)).collect()
                },
                ticket_min_cents: min,
                ticket_max_cents: max,
                stages: rng.some(Stage::ALL, 4),
                sectors: if rng.below(3) == 0 {
                    rng.some(Sector::ALL, 4)
                } else {
                    Vec::new()
                },
                // A third of the sector lists are a regional development company's focus.
                sector_mode: if rng.below(3) == 0 {
                    ListMode::Focus
                } else {
                    ListMode::Exclusive
                },
                stage_mode: ListMode::Exclusive,
                regions: Vec::new(),
                rules: Some("generated".into()),
                source_url: None,
                verified_on: (rng.below(2) == 0).then(|| {
                    chrono::NaiveDate::from_ymd_opt(2025, 1 + rng.below(12) as u32, 1)
                        .unwrap_or_default()
                }),
                uncertainty: (rng.below(4) == 0).then(|| "ticket range".to_string()),
                uncertainty_en: None,
                rules_en: None,
                structured_rules,
            }
        })
        .collect();
    MatchRegister::new(financiers, list)
}

fn starter_register() -> MatchRegister {
    let actor = Actor {
        author: "bench".into(),
        source: WriteSource::Cli,
        at: tafel::clock::moment(),
    };
    let Ok(mut store) = Store::open_in_memory() else {
        panic!("in-memory store")
    };
    if let Err(e) = tafel::service::register::import_starter_register(&mut store, &actor) {
        panic!("starter register: {e}");
    }
    let Ok(financiers) = store.financiers().list(today()) else {
        panic!("financiers")
    };
    let Ok(instruments) = store.financiers().instruments() else {
        panic!("instruments")
    };
    MatchRegister::new(
        financiers.iter().map(FinancierInfo::from).collect(),
        instruments,
    )
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

fn brabant() -> CaseFacts {
    CaseFacts {
        province: Province::NB,
        need_cents: 150_000_000,
        stage: Stage::Growth,
        sector: Sector::Htsm,
        purpose: Purpose::Growth,
        capital_types: vec![CapitalType::SubordinatedLoan, CapitalType::SeniorLoan],
    }
}

fn generated_cases(n: usize) -> Vec<CaseFacts> {
    let mut rng = Lcg(7);
    let types = [
        CapitalType::SeniorLoan,
        CapitalType::SubordinatedLoan,
        CapitalType::Equity,
        CapitalType::Microcredit,
        CapitalType::InnovationLoan,
        CapitalType::ConvertibleLoan,
        CapitalType::Crowdfunding,
    ];
    (0..n)
        .map(|_| CaseFacts {
            province: rng.pick(Province::ALL),
            need_cents: (10_000 + rng.below(5_000) as i64 * 1_000) * 100,
            stage: rng.pick(Stage::ALL),
            sector: rng.pick(Sector::ALL),
            purpose: rng.pick(Purpose::ALL),
            capital_types: (0..1 + rng.below(2)).map(|_| rng.pick(&types)).collect(),
        })
        .collect()
}

fn time<T>(label: &str, runs: usize, goal: Option<Goal>, work: impl FnMut() -> T) -> f64 {
    common::figure("matching", label, &common::sample(runs, work), goal, "").0
}

fn main() {
    let config = MatchingConfig::default();
    let options = MatchOptions::default();

    let big = generated_register(5_000);
    let matcher = Matcher::new(&config, &big, today());
    let case = brabant();
    let ranking = matcher.rank(&case, &options);
    println!(
        "5,000 instruments: {} matches, {} excluded, {} guarantee schemes",
        ranking.matches.len(),
        ranking.excluded.len(),
        ranking.guarantees.len()
    );
    time(
        "match 1 case vs 5,000 instruments (rank + findings)",
        300,
        None,
        || matcher.rank(&case, &options),
    );
    time(
        "match 1 case vs 5,000 instruments, matches with every reason (nl+en)",
        300,
        Some(Goal::AtMostMs(1.0)),
        || {
            // What `match_case` does by default: the excluded instruments are written out on request.
            let mut ranking = matcher.rank(&case, &options);
            ranking.excluded.clear();
            report::report(&matcher, &ranking, &case, "case", "2026-0001")
        },
    );
    time(
        "match 1 case vs 5,000 instruments, also every excluded one with reasons",
        300,
        None,
        || {
            let ranking = matcher.rank(&case, &options);
            report::report(&matcher, &ranking, &case, "case", "2026-0001")
        },
    );

    let starter = starter_register();
    let starter_matcher = Matcher::new(&config, &starter, today());
    let cases = generated_cases(100_000);
    time(
        "re-rank 100,000 cases vs the starter register (39 instruments)",
        5,
        Some(Goal::AtMostMs(2_000.0)),
        || {
            cases
                .iter()
                .map(|c| starter_matcher.rank(c, &options).matches.len())
                .sum::<usize>()
        },
    );
    time(
        "re-rank 100,000 cases, top-3 reasons rendered per case",
        3,
        None,
        || {
            cases
                .iter()
                .map(|c| {
                    let ranking = starter_matcher.rank(c, &options);
                    ranking
                        .matches
                        .iter()
                        .take(3)
                        .map(|e| report::match_reasons(&starter_matcher, e, c).len())
                        .sum::<usize>()
                })
                .sum::<usize>()
        },
    );

    let request = StackRequest::default();
    let big_case = CaseFacts {
        need_cents: 1_500_000_000,
        capital_types: vec![CapitalType::Equity, CapitalType::SubordinatedLoan],
        province: Province::GE,
        sector: Sector::Energy,
        ..brabant()
    };
    for (label, case) in [
        ("€ 1.5m Noord-Brabant", brabant()),
        ("€ 15m Gelderland", big_case),
    ] {
        let count = stack::propose(&starter_matcher, &case, &request)
            .map(|s| s.stacks.len())
            .unwrap_or(0);
        time(
            &format!("stacks for 1 case, starter register ({label}; {count} stacks)"),
            200,
            Some(Goal::AtMostMs(20.0)),
            || stack::propose(&starter_matcher, &case, &request),
        );
        let count = stack::propose(&matcher, &case, &request)
            .map(|s| s.stacks.len())
            .unwrap_or(0);
        time(
            &format!("stacks for 1 case, 5,000 instruments ({label}; {count} stacks)"),
            50,
            Some(Goal::AtMostMs(20.0)),
            || stack::propose(&matcher, &case, &request),
        );
    }
}
