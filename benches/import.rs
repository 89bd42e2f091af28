//! Import benchmark (`cargo bench --bench import`), on encrypted database files: the
//! example sheet's columns and values (Dutch labels, amounts as people write them, a few bad
//! rows and duplicates) at 10,000 rows as XLSX, and at 10,000, 50,000 and 100,000 rows as
//! CSV to show the import stays linear. Every run imports into a fresh database: read, map,
//! validate, duplicate detection and the one write transaction.

mod common;
#[path = "../examples/make_example_sheet.rs"]
#[allow(dead_code)]
mod example_sheet;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Goal;
use tafel::domain::{Actor, WriteSource};
use tafel::service::transfer::{ImportMode, import_cases};
use tafel::store::{DbKey, Store};

const KEY: &str = "0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed";

fn import_once(
    dir: &Path,
    sheet: &Path,
    run: usize,
) -> Result<(Duration, usize), Box<dyn std::error::Error>> {
    let actor = Actor {
        author: "bench".into(),
        source: WriteSource::Import,
        at: tafel::clock::moment(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).ok_or("date")?;
    let path = dir.join(format!("import-{run}.db"));
    let mut store = Store::open(&path, &DbKey::parse(KEY)?)?;
    let start = Instant::now();
    let report = import_cases(
        &mut store,
        &actor,
        sheet,
        None,
        ImportMode::ValidRows,
        today,
        &tafel::progress::Silent,
    )?;
    let elapsed = start.elapsed();
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Ok((elapsed, report.imported as usize))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let dir = tempfile::tempdir()?;

    if wanted("xlsx") {
        let sheet = dir.path().join("10000.xlsx");
        example_sheet::write_xlsx(&example_sheet::rows(10_000), &sheet)?;
        let mut samples = Vec::new();
        let mut imported = 0;
        for run in 0..5 {
            let (t, n) = import_once(dir.path(), &sheet, run)?;
            samples.push(t);
            imported = n;
        }
        common::figure(
            "import",
            "import 10,000-row XLSX",
            &samples,
            Some(Goal::AtMostMs(2_000.0)),
            &format!("{imported} cases imported"),
        );
    }

    if wanted("csv") {
        let mut per_thousand = Vec::new();
        for (rows, runs) in [(10_000usize, 5usize), (50_000, 3), (100_000, 3)] {
            let sheet = dir.path().join(format!("{rows}.csv"));
            example_sheet::write_csv(&example_sheet::rows(rows), &sheet)?;
            let mut samples = Vec::new();
            let mut imported = 0;
            for run in 0..runs {
                let (t, n) = import_once(dir.path(), &sheet, run)?;
                samples.push(t);
                imported = n;
            }
            let goal = (rows == 100_000).then_some(Goal::AtMostMs(10_000.0));
            let (median, _) = common::figure(
                "import",
                &format!("import {rows}-row CSV"),
                &samples,
                goal,
                &format!("{imported} cases imported"),
            );
            per_thousand.push((rows, median / (rows as f64 / 1_000.0)));
            let _ = std::fs::remove_file(&sheet);
        }
        // Linear means the time per 1,000 rows stays flat from 10k to 100k rows.
        if let (Some((_, small)), Some((_, large))) = (per_thousand.first(), per_thousand.last()) {
            let rates: Vec<String> = per_thousand
                .iter()
                .map(|(rows, rate)| format!("{}k: {rate:.0} ms", rows / 1_000))
                .collect();
            common::ratio(
                "import",
                "CSV import: time per 1,000 rows at 100k ÷ at 10k (1.0 = linear)",
                large / small,
                None,
                &rates.join(", "),
            );
        }
    }
    Ok(())
}
