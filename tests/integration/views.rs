//! Status workflow on update, the wider case filters, and saved views.
// Amounts in cents are written as euros_cents (`50_000_00` is € 50.000,00).
#![allow(clippy::inconsistent_digit_grouping)]

use serde_json::json;

use tafel::domain::{CaseStatus, Stage};
use tafel::service::cases::{add_case, get_case_with_history, list_cases, update_case};
use tafel::service::demo::load_demo;
use tafel::service::views::{delete_view, list_views, save_view};
use tafel::store::CaseFilter;

use crate::common::*;

#[test]
fn status_changes_follow_the_workflow_and_are_kept_with_who_and_when() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    let err = update_case(
        &mut store,
        &actor(),
        &case.id,
        &json!({"status": "financed"}),
        today(),
    )
    .expect_err("skip the table");
    let field = &err.field_errors()[0];
    assert_eq!(field.code, "status_transition");
    assert!(
        field.message.contains("Intake") && field.message.contains("Gefinancierd"),
        "{}",
        field.message
    );
    assert_eq!(
        store.cases().get(&case.id).expect("get").status,
        CaseStatus::Intake,
        "nothing written"
    );

    for step in [
        "screening",
        "ready",
        "presented",
        "screening",
        "presented",
        "in_assessment",
        "partly_financed",
        "closed",
    ] {
        update_case(
            &mut store,
            &actor(),
            &case.id,
            &json!({"status": step}),
            today(),
        )
        .unwrap_or_else(|e| panic!("{step}: {e}"));
    }
    let history = get_case_with_history(&store, &case.id)
        .expect("history")
        .history;
    let steps: Vec<String> = history
        .iter()
        .filter_map(|h| {
            h.changes
                .get("status")
                .and_then(|c| c[1].as_str())
                .map(str::to_string)
        })
        .collect();
    assert_eq!(
        steps,
        [
            "intake",
            "screening",
            "ready",
            "presented",
            "screening",
            "presented",
            "in_assessment",
            "partly_financed",
            "closed"
        ]
    );
    assert!(
        history
            .iter()
            .all(|h| h.author == "Marieke Jansen" && !h.at.is_empty())
    );
}

#[test]
fn filters_on_every_field_and_relative_dates() {
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let all = list_cases(&store, &CaseFilter::default(), tafel::clock::today()).expect("all");
    let count = |filter: CaseFilter| {
        list_cases(&store, &filter, tafel::clock::today())
            .expect("list")
            .len()
    };

    let open = count(CaseFilter {
        open_only: true,
        ..Default::default()
    });
    assert_eq!(open, all.iter().filter(|c| c.status.is_open()).count());
    assert!(open > 0 && open < all.len());

    let seeds = list_cases(
        &store,
        &CaseFilter {
            stages: vec![Stage::Seed],
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("seed");
    assert!(!seeds.is_empty() && seeds.iter().all(|c| c.stage == Stage::Seed));

    let big = list_cases(
        &store,
        &CaseFilter {
            amount_min_cents: Some(1_000_000_00),
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("big");
    assert!(!big.is_empty() && big.iter().all(|c| c.amount_cents >= 1_000_000_00));

    let in_2026 = list_cases(
        &store,
        &CaseFilter {
            intake_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            intake_to: chrono::NaiveDate::from_ymd_opt(2026, 12, 31),
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("2026");
    assert!(
        in_2026
            .iter()
            .all(|c| c.intake_date.to_string().starts_with("2026"))
    );
    assert!(in_2026.len() < all.len());

    // Consent expiring within 30 days of a chosen day.
    let case = add_case(
        &mut store,
        &actor(),
        &serde_json::from_value(json!({
            "company": {"name": "Consent Test BV", "kvk": "11112222", "province": "GR"},
            "amount_eur": 30000, "purpose": "start", "stage": "startup", "sector": "other", "capital_types": ["microcredit"],
            "consent_from": "2025-12-10", "consent_until": "2026-12-10"
        }))
        .expect("draft"),
        today(),
    )
    .expect("add");
    let expiring = list_cases(
        &store,
        &CaseFilter {
            consent_expiring_within_days: Some(30),
            as_of: Some(today()),
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("expiring");
    assert!(expiring.iter().any(|c| c.id == case.id));
    let later = list_cases(
        &store,
        &CaseFilter {
            consent_expiring_within_days: Some(30),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("later");
    assert!(
        !later.iter().any(|c| c.id == case.id),
        "not yet within 30 days on 1 October"
    );
}

#[test]
fn saved_views_are_built_in_and_user_made() {
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let views = list_views(&store, &actor()).expect("views");
    assert_eq!(views.len(), 3);
    let mine = &views[0];
    assert!(mine.builtin);
    let my_cases = list_cases(&store, &mine.filter, tafel::clock::today()).expect("mine");
    assert!(
        !my_cases.is_empty(),
        "the demo has open cases of Marieke Jansen"
    );
    assert!(
        my_cases
            .iter()
            .all(|c| c.owner.as_deref() == Some("Marieke Jansen") && c.status.is_open())
    );
    let waiting = list_cases(&store, &views[1].filter, tafel::clock::today()).expect("waiting");
    assert!(
        waiting
            .iter()
            .all(|c| CaseStatus::WAITING_FOR_FINANCIER.contains(&c.status))
    );

    let filter = CaseFilter {
        query: Some("bakkerij".into()),
        open_only: true,
        ..Default::default()
    };
    let saved = save_view(&mut store, &actor(), "Bakkerijen", &filter).expect("save");
    let views = list_views(&store, &actor()).expect("views");
    assert_eq!(views.len(), 4);
    assert_eq!(views[3].filter, filter, "the filter round-trips");
    assert_eq!(
        save_view(&mut store, &actor(), " ", &filter)
            .expect_err("no name")
            .field_errors()[0]
            .code,
        "required"
    );
    assert_eq!(
        save_view(&mut store, &actor(), "Wacht op financier", &filter)
            .expect_err("builtin")
            .field_errors()[0]
            .code,
        "name_builtin"
    );
    delete_view(&mut store, &actor(), &saved.id).expect("delete");
    assert_eq!(list_views(&store, &actor()).expect("views").len(), 3);
    assert_eq!(
        store
            .history()
            .of("saved_view", &saved.id)
            .expect("log")
            .len(),
        2
    );
}

#[test]
fn palette_search_finds_cases_companies_and_financiers() {
    use tafel::service::search::search_all;
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let hits = search_all(&store, "zonnedauw", 8).expect("search");
    assert_eq!(hits.cases.len(), 1);
    assert_eq!(hits.companies.len(), 1);
    assert_eq!(
        hits.companies[0].latest_case_id.as_deref(),
        Some(hits.cases[0].id.as_str())
    );
    assert_eq!(hits.companies[0].case_count, 1);
    let kvk = hits.companies[0].kvk.clone().expect("kvk");
    assert_eq!(
        search_all(&store, &kvk, 8).expect("by kvk").companies.len(),
        1
    );
    let banks = search_all(&store, "rabo", 8).expect("financier");
    assert_eq!(
        banks
            .financiers
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["Rabobank"]
    );
    assert!(search_all(&store, "  ", 8).expect("empty").cases.is_empty());
    assert!(
        search_all(&store, "qqqxxyy", 8)
            .expect("nothing")
            .companies
            .is_empty()
    );
}

/// The list's pages are slices of the whole list, in every sort and with filters, and the
/// total is the whole list's length: the app can hold only the rows in view.
#[test]
fn a_page_of_the_case_list_is_a_slice_of_the_whole_list() {
    use tafel::service::cases::{MAX_PAGE_ROWS, list_case_page};
    use tafel::store::{CaseSort, CaseSortField};
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let sorts = [
        CaseSortField::IntakeDate,
        CaseSortField::CompanyName,
        CaseSortField::Province,
        CaseSortField::Amount,
        CaseSortField::NextActionDue,
    ];
    let filters = [
        CaseFilter::default(),
        CaseFilter {
            open_only: true,
            ..Default::default()
        },
        CaseFilter {
            provinces: vec![tafel::domain::Province::GR, tafel::domain::Province::FR],
            ..Default::default()
        },
        CaseFilter {
            capital_types: vec![tafel::domain::CapitalType::SubordinatedLoan],
            ..Default::default()
        },
        CaseFilter {
            query: Some("bv".into()),
            ..Default::default()
        },
    ];
    for filter in filters {
        for field in sorts {
            for descending in [false, true] {
                let filter = CaseFilter {
                    sort: Some(CaseSort { field, descending }),
                    ..filter.clone()
                };
                let whole = list_cases(&store, &filter, tafel::clock::today()).expect("list");
                assert!(!whole.is_empty(), "{filter:?}");
                let mut paged = Vec::new();
                let mut offset = 0;
                loop {
                    let page = list_case_page(&store, &filter, offset, 7, tafel::clock::today())
                        .expect("page");
                    assert_eq!(page.total as usize, whole.len(), "{filter:?}");
                    assert_eq!(page.offset, offset);
                    if page.rows.is_empty() {
                        break;
                    }
                    offset += page.rows.len() as u32;
                    paged.extend(page.rows);
                }
                let ids = |rows: &[tafel::domain::CaseSummary]| {
                    rows.iter()
                        .map(|r| r.case_number.clone())
                        .collect::<Vec<_>>()
                };
                assert_eq!(ids(&paged), ids(&whole), "{filter:?}");
            }
        }
    }
    let huge = list_case_page(
        &store,
        &CaseFilter::default(),
        0,
        u32::MAX,
        tafel::clock::today(),
    )
    .expect("capped");
    assert!(huge.rows.len() as u32 <= MAX_PAGE_ROWS);
    let beyond = list_case_page(
        &store,
        &CaseFilter::default(),
        10_000,
        50,
        tafel::clock::today(),
    )
    .expect("past the end");
    assert!(beyond.rows.is_empty() && beyond.total > 0);
}
