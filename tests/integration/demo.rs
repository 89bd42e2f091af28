//! The demo database: about 60 realistic fictional cases across the whole taxonomy.

use std::collections::HashSet;

use tafel::domain::{CapitalType, Province, Sector, Stage};
use tafel::service::demo::load_demo;
use tafel::store::CaseFilter;

use crate::common::*;

#[test]
fn demo_fills_an_empty_database_across_the_taxonomy() {
    let db = TestDb::new();
    let mut store = db.open();
    let report = load_demo(&mut store, &actor(), today()).expect("demo");
    assert!(
        (55..=70).contains(&report.cases),
        "about 60 cases: {report:?}"
    );
    assert!(report.financiers >= 25);
    let cases = store.cases().list(&CaseFilter::default()).expect("list");
    assert_eq!(cases.len() as u32, report.cases);
    let provinces: HashSet<Province> = cases.iter().map(|c| c.province).collect();
    assert_eq!(provinces.len(), Province::ALL.len(), "every province");
    let stages: HashSet<Stage> = cases.iter().map(|c| c.stage).collect();
    assert_eq!(stages.len(), Stage::ALL.len(), "every stage");
    let sectors: HashSet<Sector> = cases.iter().map(|c| c.sector).collect();
    assert_eq!(sectors.len(), Sector::ALL.len(), "every sector");
    let types: HashSet<CapitalType> = cases
        .iter()
        .flat_map(|c| c.capital_types.iter().copied())
        .collect();
    assert_eq!(types.len(), CapitalType::ALL.len(), "every capital type");
    // Case numbers follow intake order.
    let mut by_number = cases.clone();
    by_number.sort_by(|a, b| a.case_number.cmp(&b.case_number));
    let first_2026 = by_number
        .iter()
        .find(|c| c.case_number.starts_with("2026-"))
        .expect("2026 case");
    assert_eq!(first_2026.case_number, "2026-0001");

    let again = load_demo(&mut store, &actor(), today()).expect_err("not twice");
    assert_eq!(again.code(), "not_empty");
}

#[test]
fn demo_dates_move_with_today_so_the_table_stays_alive() {
    use tafel::service::views::builtin_views;
    for today in [
        today(),
        chrono::NaiveDate::from_ymd_opt(2027, 6, 1).expect("date"),
    ] {
        let db = TestDb::new();
        let mut store = db.open();
        load_demo(&mut store, &actor(), today).expect("demo");
        let cases = store.cases().list(&CaseFilter::default()).expect("list");
        let newest = cases.iter().map(|c| c.intake_date).max().expect("cases");
        assert!(
            (today - newest).num_days() <= 14,
            "recent intakes on {today}: newest {newest}"
        );
        let consent = &builtin_views("Marieke Jansen")[2];
        let filter = CaseFilter {
            as_of: Some(today),
            ..consent.filter.clone()
        };
        let expiring = store.cases().list(&filter).expect("expiring");
        assert!(
            expiring.len() >= 3,
            "consents about to end on {today}: {}",
            expiring.len()
        );
    }
}
