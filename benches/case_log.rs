//! The case list benchmark (`cargo bench --bench case_log`), on an encrypted database file of
//! 100,000 cases generated through the real write path (`TAFEL_BENCH_CASES` for another
//! size).
//!
//! Every combination of the list's filters as the UI sends them — status, capital type,
//! province, sector, owner, intake range and typed text, 127 combinations — is queried with
//! different values the way the app's list asks: the first page of 200 rows sorted by intake
//! date, with the number of matching cases. Reported: each filter alone, the worst
//! combination's p95 (the goal: ≤ 10 ms for every one), all queries together, a page deep in
//! a long list (scrolling), the whole list of one filter for comparison, and a typed KvK
//! number. `TAFEL_BENCH_EXPLAIN=1` prints SQLite's query plan of each combination.

mod common;

use std::time::{Duration, Instant};

use common::Goal;
use tafel::domain::{Actor, CapitalType, CaseDraft, CaseStatus, Province, Sector, WriteSource};
use tafel::service::cases::add_cases;
use tafel::store::{CaseFilter, CaseSort, CaseSortField, DbKey, Store};

const KEY: &str = "0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed";

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
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

const TRADES: &[&str] = &[
    "Bakkerij",
    "Installatietechniek",
    "Zorgboerderij",
    "Studio",
    "Transport",
    "Bouwbedrijf",
    "Kwekerij",
    "Software",
    "Brouwerij",
    "Metaalbewerking",
    "Kaasmakerij",
    "Fietsfabriek",
    "Drukkerij",
    "Adviesbureau",
    "Robotica",
    "Zonnepark",
];
const NAMES: &[&str] = &[
    "De Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Boer",
    "Mulder",
    "De Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Van Leeuwen",
    "Dekker",
    "Brouwer",
    "De Wit",
    "Dijkstra",
    "Smits",
    "De Graaf",
    "Van der Meer",
    "Kok",
];
const OWNERS: &[&str] = &[
    "Marieke Jansen",
    "Pieter Bakker",
    "Sanne de Vries",
    "Joost Mulder",
    "Fatima el Amrani",
];
const SECTORS: &[Sector] = &[
    Sector::AgriFood,
    Sector::Energy,
    Sector::Htsm,
    Sector::Logistics,
    Sector::Other,
    Sector::CreativeIndustry,
];
const PLACES: &[&str] = &[
    "Amersfoort",
    "Zwolle",
    "Tilburg",
    "Leeuwarden",
    "Venlo",
    "Almere",
    "Goes",
    "Assen",
    "Delft",
    "Haarlem",
];

fn generated_case(rng: &mut Lcg, i: usize) -> CaseDraft {
    let province = rng.pick(Province::ALL).id();
    let types: Vec<String> = (0..1 + rng.next() % 2)
        .map(|_| rng.pick(CapitalType::ALL).id().to_string())
        .collect();
    let value = serde_json::json!({
        "company": {
            "name": format!("{} {} {i}", rng.pick(TRADES), rng.pick(NAMES)),
            "kvk": format!("{:08}", 10_000_000 + i),
            "province": province,
            "municipality": rng.pick(PLACES),
        },
        "amount_eur": 10_000 + (rng.next() % 5_000) * 1_000,
        "purpose": rng.pick(&["start", "growth", "innovation", "working_capital", "acquisition", "sustainability"]),
        "stage": rng.pick(&["pre_seed", "seed", "startup", "growth", "scale_up", "mature", "succession"]),
        "sector": rng.pick(&["agri_food", "energy", "htsm", "logistics", "other", "creative_industry"]),
        "capital_types": types,
        "status": rng.pick(CaseStatus::ALL).id(),
        "notes": format!("Gegenereerde casus {i} voor de benchmark; {} zoekt financiering.", rng.pick(NAMES)),
        "owner": rng.pick(OWNERS),
        "intake_date": format!("20{}-{:02}-{:02}", 24 + rng.next() % 3, 1 + rng.next() % 10, 1 + rng.next() % 28),
    });
    serde_json::from_value(value).unwrap_or_default()
}

/// The rows of one page, as the app's list asks for them.
const PAGE: u32 = 200;

/// The list's filters, as bits of a combination.
const FILTERS: [&str; 7] = [
    "status",
    "capital type",
    "province",
    "sector",
    "owner",
    "intake range",
    "text",
];

fn filter_for(rng: &mut Lcg, combination: u32) -> CaseFilter {
    let on = |bit: usize| combination & (1 << bit) != 0;
    let intake_from = on(5).then(|| {
        let month = 1 + (rng.next() % 10) as u32;
        chrono::NaiveDate::from_ymd_opt(2024 + (rng.next() % 3) as i32, month, 1)
            .unwrap_or_default()
    });
    CaseFilter {
        statuses: if on(0) {
            vec![*rng.pick(CaseStatus::ALL)]
        } else {
            Vec::new()
        },
        capital_types: if on(1) {
            vec![*rng.pick(CapitalType::ALL)]
        } else {
            Vec::new()
        },
        provinces: if on(2) {
            vec![*rng.pick(Province::ALL)]
        } else {
            Vec::new()
        },
        sectors: if on(3) {
            vec![*rng.pick(SECTORS)]
        } else {
            Vec::new()
        },
        owner: on(4).then(|| rng.pick(OWNERS).to_string()),
        intake_from,
        intake_to: intake_from.map(|from| from + chrono::Months::new(3)),
        query: on(6).then(|| format!("{} {}", rng.pick(TRADES), rng.pick(NAMES)).to_lowercase()),
        sort: Some(CaseSort {
            field: CaseSortField::IntakeDate,
            descending: true,
        }),
        ..Default::default()
    }
}

fn describe(combination: u32) -> String {
    let names: Vec<&str> = FILTERS
        .iter()
        .enumerate()
        .filter(|(bit, _)| combination & (1 << bit) != 0)
        .map(|(_, n)| *n)
        .collect();
    names.join(" + ")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let actor = Actor {
        author: "bench".into(),
        source: WriteSource::Cli,
        at: tafel::clock::moment(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let key = DbKey::parse(KEY)?;
    let explain = std::env::var("TAFEL_BENCH_EXPLAIN").is_ok_and(|v| v == "1");
    // The queries with another page cache than the default 64 MiB (the window's trade-off).
    tafel::startup::page_cache_from_env();

    let cases: usize = std::env::var("TAFEL_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path, &key)?;
    let mut rng = Lcg(42);
    let started = Instant::now();
    for chunk in (0..cases).collect::<Vec<_>>().chunks(10_000) {
        let drafts: Vec<CaseDraft> = chunk.iter().map(|i| generated_case(&mut rng, *i)).collect();
        add_cases(&mut store, &actor, &drafts, today)?;
    }
    let generated = started.elapsed();
    common::figure(
        "case list",
        &format!("generating {cases} cases through the services (one transaction per 10,000)"),
        &[generated],
        None,
        "",
    );
    drop(store);
    let store = Store::open(&path, &key)?;
    // Warm the page cache as a user's first query does.
    store.cases().list(&CaseFilter::default())?;

    let per_combination = 12;
    let mut rng = Lcg(7);
    let mut all = Vec::new();
    let mut worst: Option<(u32, Duration, Vec<Duration>)> = None;
    let mut singles: Vec<(u32, Vec<Duration>, usize)> = Vec::new();
    for combination in 1..(1u32 << FILTERS.len()) {
        let mut samples = Vec::with_capacity(per_combination);
        let mut rows = 0;
        for _ in 0..per_combination {
            let filter = filter_for(&mut rng, combination);
            let t = Instant::now();
            rows += store.cases().page(&filter, 0, PAGE)?.total as usize;
            samples.push(t.elapsed());
        }
        if explain {
            let filter = filter_for(&mut rng, combination);
            println!(
                "{}:\n{}",
                describe(combination),
                store.cases().explain_list(&filter)?
            );
        }
        samples.sort();
        let p95 = common::percentile(&samples, 0.95);
        if worst.as_ref().is_none_or(|(_, w, _)| p95 > *w) {
            worst = Some((combination, p95, samples.clone()));
        }
        if combination.count_ones() == 1 {
            singles.push((combination, samples.clone(), rows / per_combination));
        }
        all.extend(samples);
    }
    for (combination, samples, rows) in &singles {
        common::figure(
            "case list",
            &format!("case list, {} only ({cases} cases)", describe(*combination)),
            samples,
            Some(Goal::P95AtMostMs(10.0)),
            &format!("first page of {PAGE} rows; {rows} cases match"),
        );
    }
    if let Some((combination, _, samples)) = worst {
        common::figure(
            "case list",
            &format!(
                "case list, worst of all 127 filter combinations: {}",
                describe(combination)
            ),
            &samples,
            Some(Goal::P95AtMostMs(10.0)),
            "p95 of the slowest combination",
        );
    }
    common::figure(
        "case list",
        "case list, every combination together",
        &all,
        Some(Goal::P95AtMostMs(10.0)),
        &format!("{} queries", all.len()),
    );

    // Scrolling: a page 5,000 rows down the list of one broad filter.
    let deep: Vec<Duration> = (0..30)
        .map(|i| {
            let filter = CaseFilter {
                sectors: vec![SECTORS[i % SECTORS.len()]],
                sort: Some(CaseSort {
                    field: CaseSortField::IntakeDate,
                    descending: true,
                }),
                ..Default::default()
            };
            let t = Instant::now();
            let _ = store.cases().page(&filter, 5_000, PAGE);
            t.elapsed()
        })
        .collect();
    common::figure(
        "case list",
        "case list, scrolled: the page at row 5,000 of one sector",
        &deep,
        Some(Goal::P95AtMostMs(10.0)),
        "",
    );
    // What the list used to ask: every matching row at once.
    let mut whole = Vec::new();
    let mut whole_rows = 0;
    for i in 0..12 {
        let filter = CaseFilter {
            statuses: vec![CaseStatus::ALL[i % CaseStatus::ALL.len()]],
            ..Default::default()
        };
        let t = Instant::now();
        whole_rows += store.cases().list(&filter)?.len();
        whole.push(t.elapsed());
    }
    common::figure(
        "case list",
        "case list, every row of one status at once (for comparison)",
        &whole,
        None,
        &format!("{} rows per query", whole_rows / 12),
    );

    let mut single = Vec::new();
    for _ in 0..50 {
        let filter = CaseFilter {
            query: Some(format!("{}", 10_000_000 + rng.next() as usize % cases)),
            ..Default::default()
        };
        let t = Instant::now();
        store.cases().page(&filter, 0, PAGE)?;
        single.push(t.elapsed());
    }
    common::figure(
        "case list",
        "case list, one KvK number typed",
        &single,
        None,
        "",
    );

    // Typing in the search box: the app asks for the first page at every keystroke, so every
    // prefix of a word is a query — one letter matches most cases.
    let words = ["bakkerij", "jansen", "kwekerij", "transport"];
    let mut typing = Vec::new();
    let mut one_letter = Vec::new();
    for _ in 0..3 {
        for word in words {
            for end in 1..=word.len() {
                let filter = CaseFilter {
                    query: Some(word[..end].to_string()),
                    sort: Some(CaseSort {
                        field: CaseSortField::IntakeDate,
                        descending: true,
                    }),
                    ..Default::default()
                };
                let t = Instant::now();
                let page = store.cases().page(&filter, 0, PAGE)?;
                let took = t.elapsed();
                typing.push(took);
                if end == 1 {
                    one_letter.push((took, page.total));
                }
            }
        }
    }
    let matched = one_letter.iter().map(|(_, n)| *n as usize).sum::<usize>() / one_letter.len();
    common::figure(
        "case list",
        "case list, a word typed a key at a time (every prefix of 4 words)",
        &typing,
        Some(Goal::P95AtMostMs(50.0)),
        &format!("first page of {PAGE} rows with the number that match"),
    );
    common::figure(
        "case list",
        "case list, the first letter typed",
        &one_letter.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        Some(Goal::P95AtMostMs(50.0)),
        &format!("about {matched} cases match"),
    );
    Ok(())
}
