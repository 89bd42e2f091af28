//! The writer of the crash trials (`tests/integration/crash.rs`, `make crash-test`): performs
//! Tafel's use cases on a database in a loop — add and update cases, import a sheet, record a
//! response, back up, restore into a fresh file, export a PDF — and prints one line on standard
//! output after each use case has committed ("ack …"), so the harness, which kills this process
//! with SIGKILL at a random moment, knows what must have survived.
//!
//! `cargo run --example crash_worker -- DB_PATH SEED` (key from `TAFEL_DB_KEY`);
//! `crash_worker --schema-version` prints the schema version it was built with.

use std::io::Write;
use std::path::{Path, PathBuf};

use tafel::domain::{Actor, ResponseDraft, WriteSource};
use tafel::report::documents::Lang;
use tafel::service::{cases, outcomes, pdf, transfer};
use tafel::store::{DbKey, Store};

fn ack(line: String) {
    let mut out = std::io::stdout().lock();
    // A harness that stopped reading is a harness that killed us: nothing to report to.
    if writeln!(out, "ack {line}")
        .and_then(|_| out.flush())
        .is_err()
    {
        std::process::exit(0);
    }
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn sheet(dir: &Path, k: u64) -> std::io::Result<PathBuf> {
    let path = dir.join(format!("import-{k}.csv"));
    let mut text =
        String::from("Bedrijfsnaam;Provincie;Gevraagd bedrag;Kapitaalsoort(en);Fase;Sector;Doel\n");
    for row in 0..5 {
        text.push_str(&format!(
            "Import {k} r{row} BV;Utrecht;€ {}.000;microkrediet;starter;overig;start\n",
            20 + row
        ));
    }
    std::fs::write(&path, text)?;
    Ok(path)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).peekable();
    // The harness asks which schema this build writes, to refuse a worker older than the tests.
    if args.peek().map(String::as_str) == Some("--schema-version") {
        println!("{}", tafel::store::SCHEMA_VERSION);
        return Ok(());
    }
    let db = PathBuf::from(args.next().ok_or("usage: crash_worker DB_PATH SEED")?);
    let seed: u64 = args
        .next()
        .ok_or("usage: crash_worker DB_PATH SEED")?
        .parse()?;
    let key = DbKey::parse(&std::env::var("TAFEL_DB_KEY")?)?;
    let dir = db
        .parent()
        .ok_or("the database needs a folder")?
        .to_path_buf();
    let actor = Actor {
        author: "crash".into(),
        source: WriteSource::Cli,
        at: tafel::clock::moment(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).ok_or("date")?;
    let mut store = Store::open(&db, &key)?;
    let renderer = pdf::renderer_for(&store)?;
    let mut rng = Lcg(seed);
    for n in 0.. {
        let tag = seed * 100_000 + n;
        match rng.next() % 10 {
            0..=3 => {
                let draft: tafel::domain::CaseDraft = serde_json::from_value(serde_json::json!({
                    "company": {"name": format!("Proef {tag} BV"), "province": "GE"},
                    "amount_eur": 50_000 + (tag % 1000) * 100, "purpose": "growth", "stage": "growth", "sector": "energy",
                    "capital_types": ["subordinated_loan"], "notes": format!("proef {tag}"),
                }))?;
                let case = cases::add_case(&mut store, &actor, &draft, today)?;
                ack(format!("case {} {}", case.id, case.case_number));
            }
            4 | 5 => {
                let list = cases::list_cases(&store, &Default::default(), tafel::clock::today())?;
                if list.is_empty() {
                    continue;
                }
                let case = &list[(rng.next() as usize) % list.len()];
                cases::update_case(
                    &mut store,
                    &actor,
                    &case.id,
                    &serde_json::json!({"notes": format!("versie {tag}")}),
                    today,
                )?;
                ack(format!("update {} {tag}", case.id));
            }
            6 => {
                let path = sheet(&dir, tag)?;
                transfer::import_cases(
                    &mut store,
                    &actor,
                    &path,
                    None,
                    transfer::ImportMode::AllOrNothing,
                    today,
                    &tafel::progress::Silent,
                )?;
                ack(format!("import {tag} 5"));
            }
            7 => {
                let list = cases::list_cases(&store, &Default::default(), tafel::clock::today())?;
                if list.is_empty() {
                    continue;
                }
                let case = &list[(rng.next() as usize) % list.len()];
                let draft = ResponseDraft {
                    financier: "Rabobank".into(),
                    status: "interested".into(),
                    ..Default::default()
                };
                outcomes::record_response(&mut store, &actor, &case.id, &draft, today)?;
                ack(format!("respond {}", case.id));
            }
            8 => {
                let path = dir.join(format!("backup-{tag}.json"));
                let report = transfer::backup(&store, &actor, &path, &tafel::progress::Silent)?;
                ack(format!(
                    "backup {} {}",
                    path.display(),
                    report
                        .tables
                        .iter()
                        .find(|t| t.table == "cases")
                        .map_or(0, |t| t.rows)
                ));
                let target = dir.join(format!("restore-{tag}.db"));
                let mut fresh = Store::open(&target, &key)?;
                transfer::restore(&mut fresh, &path, &tafel::progress::Silent)?;
                drop(fresh);
                ack(format!("restore {}", target.display()));
            }
            _ => {
                let list = cases::list_cases(&store, &Default::default(), tafel::clock::today())?;
                if list.is_empty() {
                    continue;
                }
                let case = &list[(rng.next() as usize) % list.len()];
                let path = dir.join(format!("summary-{tag}.pdf"));
                pdf::export_case_pdf(
                    &mut store,
                    &actor,
                    &renderer,
                    &case.id,
                    pdf::SummaryVersion {
                        anonymised: true,
                        lang: Lang::Nl,
                    },
                    &path,
                    today,
                )?;
                ack(format!("pdf {} {}", path.display(), case.id));
            }
        }
    }
    Ok(())
}
