//! Benchmarks of the case log (`cargo bench --bench case_log`), on encrypted database files:
//!
//! - the case list query (full-text + filters, and filters alone) on 100,000 generated cases;
//! - importing a 10,000-row XLSX sheet.
//!
//! Prints p50/p95/max per query kind and the import time; the README keeps the figures.
//! Set `TAFEL_BENCH_CASES` for another database size.

#[path = "../examples/make_example_sheet.rs"]
#[allow(dead_code)]
mod example_sheet;

use std::time::{Duration, Instant};

use tafel::domain::{Actor, CapitalType, CaseDraft, CaseStatus, Province, WriteSource};
use tafel::service::cases::add_cases;
use tafel::service::transfer::{ImportMode, import_cases};
use tafel::store::{CaseFilter, CaseSort, CaseSortField, DbKey, Store};

const KEY: &str = "0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed";

/// A small deterministic generator (no randomness crate needed for this).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

const TRADES: &[&str] = &[
    "Bakkerij", "Installatietechniek", "Zorgboerderij", "Studio", "Transport", "Bouwbedrijf", "Kwekerij", "Software",
    "Brouwerij", "Metaalbewerking", "Kaasmakerij", "Fietsfabriek", "Drukkerij", "Adviesbureau", "Robotica", "Zonnepark",
];
const NAMES: &[&str] = &[
    "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "De Groot", "Bos", "Vos", "Peters",
    "Hendriks", "Van Leeuwen", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits", "De Graaf", "Van der Meer", "Kok",
];
const PLACES: &[&str] = &["Amersfoort", "Zwolle", "Tilburg", "Leeuwarden", "Venlo", "Almere", "Goes", "Assen", "Delft", "Haarlem"];

fn generated_case(rng: &mut Lcg, i: usize) -> CaseDraft {
    let province = rng.pick(Province::ALL).id();
    let types: Vec<String> = (0..1 + rng.next() % 2).map(|_| rng.pick(CapitalType::ALL).id().to_string()).collect();
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
        "intake_date": format!("20{}-{:02}-{:02}", 24 + rng.next() % 3, 1 + rng.next() % 10, 1 + rng.next() % 28),
    });
    serde_json::from_value(value).unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn report(label: &str, mut samples: Vec<Duration>, rows: usize) {
    samples.sort();
    println!(
        "{label:<52} p50 {:>8.2} ms  p95 {:>8.2} ms  max {:>8.2} ms  ({} queries, {} rows/query avg)",
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.95).as_secs_f64() * 1e3,
        samples.last().map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0),
        samples.len(),
        rows / samples.len().max(1)
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let filter_arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter_arg.as_deref().is_none_or(|f| name.contains(f));
    let actor = Actor { author: "bench".into(), source: WriteSource::Cli };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let key = DbKey::parse(KEY)?;

    if wanted("case_list") {
        let cases: usize = std::env::var("TAFEL_BENCH_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("bench.db");
        let mut store = Store::open(&path, &key)?;
        let mut rng = Lcg(42);
        let started = Instant::now();
        for chunk in (0..cases).collect::<Vec<_>>().chunks(10_000) {
            let drafts: Vec<CaseDraft> = chunk.iter().map(|i| generated_case(&mut rng, *i)).collect();
            add_cases(&mut store, &actor, &drafts, today)?;
        }
        println!("generated {cases} cases in {:.1} s ({})", started.elapsed().as_secs_f64(), path.display());
        drop(store);
        let store = Store::open(&path, &key)?;

        let mut fts_filtered = Vec::new();
        let mut fts_rows = 0;
        let mut filtered = Vec::new();
        let mut filtered_rows = 0;
        let mut rng = Lcg(7);
        for _ in 0..300 {
            let filter = CaseFilter {
                query: Some(format!("{} {}", rng.pick(TRADES), rng.pick(NAMES)).to_lowercase()),
                open_only: rng.next() % 2 == 0,
                provinces: if rng.next() % 3 == 0 { vec![*rng.pick(Province::ALL)] } else { Vec::new() },
                sort: Some(CaseSort { field: CaseSortField::IntakeDate, descending: true }),
                ..Default::default()
            };
            let t = Instant::now();
            fts_rows += store.cases().list(&filter)?.len();
            fts_filtered.push(t.elapsed());

            let filter = CaseFilter {
                statuses: vec![*rng.pick(CaseStatus::ALL)],
                capital_types: vec![*rng.pick(CapitalType::ALL)],
                provinces: vec![*rng.pick(Province::ALL)],
                sort: Some(CaseSort { field: CaseSortField::Amount, descending: true }),
                ..Default::default()
            };
            let t = Instant::now();
            filtered_rows += store.cases().list(&filter)?.len();
            filtered.push(t.elapsed());
        }
        report(&format!("case list: full-text + filters ({cases} cases)"), fts_filtered, fts_rows);
        report(&format!("case list: status + capital type + province ({cases})"), filtered, filtered_rows);

        let mut single = Vec::new();
        for _ in 0..50 {
            let filter = CaseFilter { query: Some(format!("{}", 10_000_000 + rng.next() as usize % cases)), ..Default::default() };
            let t = Instant::now();
            store.cases().list(&filter)?;
            single.push(t.elapsed());
        }
        report("case list: one KvK number typed", single, 50);
    }

    if wanted("import") {
        let dir = tempfile::tempdir()?;
        let sheet = dir.path().join("groot.xlsx");
        example_sheet::write_xlsx(&example_sheet::rows(10_000), &sheet)?;
        let mut times = Vec::new();
        let mut imported = 0;
        for run in 0..3 {
            let path = dir.path().join(format!("import-{run}.db"));
            let mut store = Store::open(&path, &key)?;
            let t = Instant::now();
            let report = import_cases(&mut store, &actor, &sheet, None, ImportMode::ValidRows, today)?;
            times.push(t.elapsed());
            imported = report.imported;
        }
        times.sort();
        println!(
            "import 10,000-row XLSX: median {:.2} s, best {:.2} s ({imported} cases imported, 3 runs)",
            times[1].as_secs_f64(),
            times[0].as_secs_f64()
        );
    }
    Ok(())
}
