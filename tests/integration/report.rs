//! The table's figures for a period ("Rapportage"): exact figures after outcomes recorded
//! through the services, the XLSX workbook read back with calamine, the PDF, and
//! `tafel report` as a script uses it.

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::{Duration, NaiveDate};
use serde_json::json;
use tafel::domain::{
    CaseDraft, CaseStatus, DeclineReason, FollowUpDraft, PackageTrancheDraft, ReferralDraft,
    ResponseDraft,
};
use tafel::report::documents::Lang;
use tafel::report::figures::TableFigures;
use tafel::service::{cases, demo, outcomes, register, report};
use tafel::store::{CaseFilter, Store};

use crate::common::*;

/// Outcomes are dated by the store on the day they are recorded, so these tests work on
/// periods around the real today (with a day of slack for the time zone).
fn now() -> NaiveDate {
    tafel::clock::today()
}

/// The store dates an outcome by the UTC day; near midnight that differs from the local one.
fn utc_shift() -> i64 {
    (chrono::Utc::now().date_naive() - now()).num_days()
}

/// Euros in cents.
fn eur(euros: i64) -> i64 {
    euros * 100
}

fn case_draft(name: &str, amount_eur: i64, intake: NaiveDate, capital_types: &[&str]) -> CaseDraft {
    serde_json::from_value(json!({
        "company": {"name": name, "province": "NB"},
        "amount_eur": amount_eur, "purpose": "growth", "stage": "growth", "sector": "other",
        "capital_types": capital_types, "intake_date": intake.to_string(),
    }))
    .expect("draft")
}

fn respond(store: &mut Store, case_id: &str, financier: &str, status: &str, reason: Option<&str>) {
    let draft = ResponseDraft {
        financier: financier.into(),
        status: status.into(),
        decline_reason: reason.map(Into::into),
        decline_text: None,
        amount: None,
        instrument: None,
        on_date: None,
        note: None,
        meeting_id: None,
    };
    outcomes::record_response(store, &actor(), case_id, &draft, now()).expect("response");
}

fn tranche(store: &mut Store, case_id: &str, financier: &str, capital_type: &str, amount: &str) {
    let draft = PackageTrancheDraft {
        financier: financier.into(),
        instrument: None,
        capital_type: Some(capital_type.into()),
        amount: amount.into(),
        guarantee: None,
        guaranteed_amount: None,
        closing_date: None,
        notes: None,
    };
    outcomes::add_package_tranche(store, &actor(), case_id, &draft).expect("tranche");
}

fn status(store: &mut Store, case_id: &str, to: CaseStatus) {
    outcomes::confirm_status(store, &actor(), case_id, to, now()).expect("status");
}

/// A fresh table with the starter register and three cases that came in 40, 20 and 10 days
/// ago: one financed (€ 300k bank loan + € 100k ROM subordinated loan), one not financed after
/// a decline, one withdrawn; a referral and a follow-up with jobs.
fn small_table(db: &TestDb) -> Store {
    let mut store = db.open();
    register::import_starter_register(&mut store, &actor()).expect("register");
    let today = now();
    let a = cases::add_case(
        &mut store,
        &actor(),
        &case_draft(
            "Metaalwerk Aa BV",
            500_000,
            today - Duration::days(40),
            &["senior_loan", "subordinated_loan"],
        ),
        today,
    )
    .expect("case a");
    let b = cases::add_case(
        &mut store,
        &actor(),
        &case_draft(
            "Bakkerij Bee BV",
            200_000,
            today - Duration::days(20),
            &["senior_loan"],
        ),
        today,
    )
    .expect("case b");
    let c = cases::add_case(
        &mut store,
        &actor(),
        &case_draft(
            "Studio Cee",
            50_000,
            today - Duration::days(10),
            &["microcredit"],
        ),
        today,
    )
    .expect("case c");

    status(&mut store, &a.id, CaseStatus::Presented);
    respond(&mut store, &a.id, "Rabobank", "interested", None);
    respond(
        &mut store,
        &a.id,
        "ING",
        "declined",
        Some("insufficient_collateral"),
    );
    tranche(&mut store, &a.id, "Rabobank", "senior_loan", "300k");
    tranche(&mut store, &a.id, "BOM", "subordinated_loan", "100k");
    status(&mut store, &a.id, CaseStatus::Financed);

    status(&mut store, &b.id, CaseStatus::Presented);
    respond(&mut store, &b.id, "ABN AMRO", "declined", Some("solvency"));
    respond(&mut store, &b.id, "Rabobank", "declined", Some("solvency"));
    let referral = ReferralDraft {
        from: Some("ABN AMRO".into()),
        to: "Qredits".into(),
        reason: "Kleiner krediet".into(),
        basis: Some("anonymised".into()),
        on_date: None,
    };
    outcomes::refer_case(&mut store, &actor(), &b.id, &referral, today).expect("referral");
    status(&mut store, &b.id, CaseStatus::NotFinanced);

    status(&mut store, &c.id, CaseStatus::Withdrawn);

    let follow_up = outcomes::get_outcome(&store, &a.id)
        .expect("outcome")
        .follow_ups
        .into_iter()
        .find(|f| f.months == 3)
        .expect("3-month follow-up");
    let result = FollowUpDraft {
        done_on: None,
        jobs_kept: Some("12".into()),
        jobs_created: Some("3".into()),
        financing_closed: Some(true),
        notes: None,
    };
    outcomes::record_follow_up(&mut store, &actor(), &follow_up.id, &result, today)
        .expect("follow-up");
    store
}

fn period() -> (NaiveDate, NaiveDate) {
    (now() - Duration::days(60), now() + Duration::days(1))
}

#[test]
fn figures_of_a_small_table_are_exact() {
    let db = TestDb::new();
    let store = small_table(&db);
    let (from, to) = period();
    let f = report::table_figures(&store, from, to).expect("figures");
    assert_eq!(f.cases_in, 3);
    assert_eq!(f.requested_cents, eur(750_000));
    assert_eq!(f.presented, 2, "a and b were moved to presented");
    assert_eq!(
        (
            f.outcomes.financed,
            f.outcomes.not_financed,
            f.outcomes.withdrawn,
            f.outcomes.total
        ),
        (1, 1, 1, 3)
    );
    assert_eq!(
        f.success_rate,
        Some(0.5),
        "1 financed of 2 judged; withdrawn left out"
    );
    assert_eq!(
        f.median_days_to_outcome,
        Some((20 + utc_shift()) as f64),
        "40, 20 and 10 days"
    );
    assert_eq!(f.mobilised_cents, eur(400_000));
    assert_eq!(f.financed_need_cents, eur(500_000));
    let per_type: Vec<(&str, u32, i64, i64)> = f
        .by_capital_type
        .iter()
        .map(|r| {
            (
                r.label_nl.as_str(),
                r.cases_requesting,
                r.requested_cents / 100,
                r.mobilised_cents / 100,
            )
        })
        .collect();
    assert_eq!(
        per_type,
        vec![
            ("Bancaire (investerings)lening", 2, 700_000, 300_000),
            ("Achtergestelde lening", 1, 500_000, 100_000),
            ("Microkrediet", 1, 50_000, 0),
        ]
    );
    let per_financier: Vec<(&str, i64)> = f
        .by_financier_type
        .iter()
        .map(|r| (r.label_nl.as_str(), r.mobilised_cents / 100))
        .collect();
    assert_eq!(
        per_financier,
        vec![
            ("Bank", 300_000),
            ("Regionale ontwikkelingsmaatschappij (ROM)", 100_000)
        ]
    );
    let reasons: Vec<(DeclineReason, u32)> = f
        .decline_reasons
        .iter()
        .map(|r| (r.reason, r.count))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (DeclineReason::Solvency, 2),
            (DeclineReason::InsufficientCollateral, 1)
        ]
    );
    assert_eq!(f.declines, 3);
    assert_eq!((f.referrals, f.referral_receivers), (1, 1));
    assert_eq!(
        f.financiers_responding, 3,
        "Rabobank, ING and ABN AMRO answered; Qredits only got a summary"
    );
    assert_eq!(
        (
            f.follow_ups.totals.done,
            f.follow_ups.totals.jobs_kept,
            f.follow_ups.totals.jobs_created,
            f.follow_ups.totals.financing_closed
        ),
        (1, 12, 3, 1)
    );
    assert_eq!(f.quarters.iter().map(|q| q.cases_in).sum::<u32>(), 3);
    assert_eq!(f.quarters.iter().map(|q| q.financed).sum::<u32>(), 1);
    assert_eq!(
        f.funnel.iter().map(|s| s.count).collect::<Vec<_>>(),
        vec![3, 2, 1, 1]
    );

    // A period before any of it: zeroes, and no rates.
    let empty = report::table_figures(
        &store,
        now() - Duration::days(400),
        now() - Duration::days(300),
    )
    .expect("figures");
    assert_eq!(
        (
            empty.cases_in,
            empty.outcomes.total,
            empty.success_rate,
            empty.median_days_to_outcome
        ),
        (0, 0, None, None)
    );

    let err = report::table_figures(&store, to, from).expect_err("end before start");
    assert_eq!(err.code(), "invalid_input");
    assert!(
        err.field_errors()[0]
            .message
            .contains("ligt vóór de begindatum")
    );
}

#[test]
fn a_deleted_case_and_a_removed_tranche_do_not_count() {
    let db = TestDb::new();
    let mut store = small_table(&db);
    let (from, to) = period();
    let withdrawn = store
        .cases()
        .list(&CaseFilter {
            statuses: vec![CaseStatus::Withdrawn],
            ..Default::default()
        })
        .expect("list");
    cases::delete_case(&mut store, &actor(), &withdrawn[0].id).expect("delete");
    let financed = store
        .cases()
        .list(&CaseFilter {
            statuses: vec![CaseStatus::Financed],
            ..Default::default()
        })
        .expect("list");
    let package = outcomes::get_outcome(&store, &financed[0].id)
        .expect("outcome")
        .package;
    let rom = package
        .iter()
        .find(|t| t.amount_cents == eur(100_000))
        .expect("ROM tranche");
    outcomes::remove_package_tranche(&mut store, &actor(), &rom.id).expect("remove");
    let f = report::table_figures(&store, from, to).expect("figures");
    assert_eq!(
        (f.cases_in, f.outcomes.total, f.outcomes.withdrawn),
        (2, 2, 0)
    );
    assert_eq!(f.mobilised_cents, eur(300_000));
    assert_eq!(f.by_financier_type.len(), 1);
}

#[test]
fn outcomes_recorded_on_the_demo_move_the_figures_exactly() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load_demo(&mut store, &actor(), now()).expect("demo");
    let (from, to) = (now() - Duration::days(365), now() + Duration::days(1));
    let before = report::table_figures(&store, from, to).expect("before");
    assert!(
        before.cases_in > 20,
        "the demo's last year: {}",
        before.cases_in
    );

    // Open cases without a package, follow-ups or referrals, and without an answer from the
    // financiers used here (the demo carries outcomes of its own).
    let used = ["Rabobank", "Oost NL", "Collin Crowdfund"];
    let open_case = |store: &Store, statuses: &[CaseStatus], skip: &[&str]| -> String {
        let list = store
            .cases()
            .list(&CaseFilter {
                statuses: statuses.to_vec(),
                ..Default::default()
            })
            .expect("list");
        list.into_iter()
            .filter(|c| !skip.contains(&c.id.as_str()))
            .find(|c| {
                let o = outcomes::get_outcome(store, &c.id).expect("outcome");
                o.package.is_empty()
                    && o.follow_ups.is_empty()
                    && o.referrals.is_empty()
                    && o.responses
                        .iter()
                        .all(|r| !used.contains(&r.financier_name.as_str()))
            })
            .map(|c| c.id)
            .expect("a suitable open case")
    };
    let assessed = open_case(
        &store,
        &[
            CaseStatus::InAssessment,
            CaseStatus::Matching,
            CaseStatus::Presented,
        ],
        &[],
    );
    let ready = open_case(&store, &[CaseStatus::Ready], &[]);
    let matching = open_case(
        &store,
        &[
            CaseStatus::Matching,
            CaseStatus::InAssessment,
            CaseStatus::Presented,
        ],
        &[assessed.as_str()],
    );

    respond(&mut store, &assessed, "Rabobank", "committed", None);
    respond(
        &mut store,
        &assessed,
        "Oost NL",
        "declined",
        Some("insufficient_collateral"),
    );
    tranche(
        &mut store,
        &assessed,
        "Rabobank",
        "senior_loan",
        "€ 250.000",
    );
    tranche(&mut store, &assessed, "Qredits", "microcredit", "50k");
    status(&mut store, &assessed, CaseStatus::PartlyFinanced);
    status(&mut store, &ready, CaseStatus::Presented);
    status(&mut store, &ready, CaseStatus::NotFinanced);
    status(&mut store, &matching, CaseStatus::Withdrawn);
    let referral = ReferralDraft {
        from: Some("Oost NL".into()),
        to: "Collin Crowdfund".into(),
        reason: "Crowdfunding past beter".into(),
        basis: Some("anonymised".into()),
        on_date: None,
    };
    outcomes::refer_case(&mut store, &actor(), &assessed, &referral, now()).expect("referral");
    let follow_up = outcomes::get_outcome(&store, &assessed)
        .expect("outcome")
        .follow_ups
        .into_iter()
        .find(|f| f.months == 3)
        .expect("follow-up");
    let result = FollowUpDraft {
        done_on: None,
        jobs_kept: Some("8".into()),
        jobs_created: Some("2".into()),
        financing_closed: Some(false),
        notes: None,
    };
    outcomes::record_follow_up(&mut store, &actor(), &follow_up.id, &result, now())
        .expect("follow-up");

    let after = report::table_figures(&store, from, to).expect("after");
    assert_eq!(after.cases_in, before.cases_in, "intake does not change");
    assert_eq!(after.requested_cents, before.requested_cents);
    assert_eq!(
        after.presented,
        before.presented + 1,
        "the ready case went to the table"
    );
    assert_eq!(
        after.outcomes.partly_financed,
        before.outcomes.partly_financed + 1
    );
    assert_eq!(
        after.outcomes.not_financed,
        before.outcomes.not_financed + 1
    );
    assert_eq!(after.outcomes.withdrawn, before.outcomes.withdrawn + 1);
    assert_eq!(after.outcomes.total, before.outcomes.total + 3);
    assert_eq!(after.mobilised_cents, before.mobilised_cents + eur(300_000));
    let mobilised = |f: &TableFigures, label: &str| {
        f.by_capital_type
            .iter()
            .find(|r| r.label_nl == label)
            .map_or(0, |r| r.mobilised_cents)
    };
    assert_eq!(
        mobilised(&after, "Bancaire (investerings)lening"),
        mobilised(&before, "Bancaire (investerings)lening") + eur(250_000)
    );
    assert_eq!(
        mobilised(&after, "Microkrediet"),
        mobilised(&before, "Microkrediet") + eur(50_000)
    );
    let declines = |f: &TableFigures| {
        f.decline_reasons
            .iter()
            .find(|r| r.reason == DeclineReason::InsufficientCollateral)
            .map_or(0, |r| r.count)
    };
    assert_eq!(declines(&after), declines(&before) + 1);
    assert_eq!(after.referrals, before.referrals + 1);
    assert_eq!(
        after.follow_ups.totals.done,
        before.follow_ups.totals.done + 1
    );
    assert_eq!(
        after.follow_ups.totals.jobs_kept,
        before.follow_ups.totals.jobs_kept + 8
    );
    assert_eq!(
        after.follow_ups.totals.financing_not_closed,
        before.follow_ups.totals.financing_not_closed + 1
    );
    let o = &after.outcomes;
    let judged = o.financed + o.partly_financed + o.not_financed + o.referred;
    assert_eq!(
        after.success_rate,
        Some(f64::from(o.financed + o.partly_financed) / f64::from(judged))
    );
    assert!(after.median_days_to_outcome.is_some());
    let funnel: Vec<u32> = after.funnel.iter().map(|s| s.count).collect();
    assert!(
        funnel.windows(2).all(|w| w[0] >= w[1]),
        "the funnel never widens: {funnel:?}"
    );
}

fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> Data {
    range.get((row, col)).cloned().unwrap_or(Data::Empty)
}

fn row_of(range: &calamine::Range<Data>, label: &str) -> usize {
    (0..range.height())
        .find(|&r| cell(range, r, 0) == Data::String(label.into()))
        .unwrap_or_else(|| panic!("row {label}"))
}

#[test]
fn the_xlsx_workbook_carries_the_numbers() {
    let db = TestDb::new();
    let store = small_table(&db);
    let (from, to) = period();
    let path = db.dir.path().join("rapportage.xlsx");
    let written = report::export_report(
        &store,
        &actor(),
        from,
        to,
        report::ReportFormat::Xlsx,
        Lang::Nl,
        &path,
        &tafel::progress::Silent,
    )
    .expect("xlsx");
    assert_eq!(written.format, report::ReportFormat::Xlsx);
    assert!(written.bytes > 0);

    let mut book: Xlsx<_> = open_workbook(&path).expect("open with calamine");
    assert_eq!(
        book.sheet_names(),
        vec![
            "Kerncijfers",
            "Per kapitaalsoort",
            "Per type financier",
            "Afwijzingsredenen",
            "Per kwartaal",
            "Nazorg"
        ]
    );
    let kern = book.worksheet_range("Kerncijfers").expect("Kerncijfers");
    assert_eq!(cell(&kern, 0, 0), Data::String("Kerncijfer".into()));
    assert_eq!(
        cell(&kern, row_of(&kern, "Nieuwe casussen"), 1),
        Data::Float(3.0)
    );
    assert_eq!(
        cell(&kern, row_of(&kern, "Gevraagd bedrag"), 1),
        Data::Float(750_000.0)
    );
    assert_eq!(
        cell(&kern, row_of(&kern, "Opgehaald vermogen"), 1),
        Data::Float(400_000.0)
    );
    assert_eq!(
        cell(&kern, row_of(&kern, "Slagingspercentage (%)"), 1),
        Data::Float(50.0)
    );
    assert_eq!(
        cell(
            &kern,
            row_of(&kern, "Doorlooptijd intake tot uitkomst (mediaan, dagen)"),
            1
        ),
        Data::Float((20 + utc_shift()) as f64)
    );
    assert!(
        matches!(
            cell(&kern, row_of(&kern, "Periode van"), 1),
            Data::DateTime(_)
        ),
        "a real date"
    );

    let capital = book.worksheet_range("Per kapitaalsoort").expect("sheet");
    let senior = row_of(&capital, "Bancaire (investerings)lening");
    assert_eq!(
        (
            cell(&capital, senior, 1),
            cell(&capital, senior, 2),
            cell(&capital, senior, 3)
        ),
        (
            Data::Float(2.0),
            Data::Float(700_000.0),
            Data::Float(300_000.0)
        )
    );
    let reasons = book.worksheet_range("Afwijzingsredenen").expect("sheet");
    assert_eq!(
        (cell(&reasons, 1, 0), cell(&reasons, 1, 1)),
        (
            Data::String("Solvabiliteit te laag".into()),
            Data::Float(2.0)
        )
    );
    let nazorg = book.worksheet_range("Nazorg").expect("sheet");
    let total = row_of(&nazorg, "Totaal");
    assert_eq!(
        (cell(&nazorg, total, 2), cell(&nazorg, total, 3)),
        (Data::Float(12.0), Data::Float(3.0))
    );
}

#[test]
fn the_json_export_and_the_pdf() {
    let db = TestDb::new();
    let store = small_table(&db);
    let (from, to) = period();
    let json_path = db.dir.path().join("rapportage.json");
    report::export_report(
        &store,
        &actor(),
        from,
        to,
        report::ReportFormat::Json,
        Lang::Nl,
        &json_path,
        &tafel::progress::Silent,
    )
    .expect("json");
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).expect("read")).expect("JSON");
    assert_eq!(value["cases_in"], 3);
    assert_eq!(value["mobilised_cents"], 40_000_000);

    let figures = report::table_figures(&store, from, to).expect("figures");
    let doc = report::report_document(&figures, Lang::Nl, tafel::clock::today());
    assert_eq!(doc["kpis"][3]["value"], "€ 400.000");
    assert_eq!(doc["kpis"][4]["value"], "50%");
    assert_eq!(
        doc["kpis"][5]["value"],
        format!("{} dagen", 20 + utc_shift())
    );

    let pdf_path = db.dir.path().join("rapportage.pdf");
    let written = report::export_report(
        &store,
        &actor(),
        from,
        to,
        report::ReportFormat::Pdf,
        Lang::Nl,
        &pdf_path,
        &tafel::progress::Silent,
    )
    .expect("pdf");
    let bytes = std::fs::read(&pdf_path).expect("read pdf");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    assert_eq!(written.bytes, bytes.len() as u64);
}

#[test]
fn tafel_report_as_a_script_uses_it() {
    let db = TestDb::new();
    drop(small_table(&db));
    let (from, to) = period();
    let (from, to) = (from.to_string(), to.format("%d-%m-%Y").to_string());

    let out = tafel(
        &db,
        &["report", "--from", &from, "--to", &to, "--format", "json"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(value["cases_in"], 3);
    assert_eq!(value["outcomes"]["financed"], 1);
    assert_eq!(value["success_rate"], 0.5);

    let xlsx = db.dir.path().join("tafel-rapportage.xlsx");
    let out = tafel(
        &db,
        &[
            "report",
            "--from",
            &from,
            "--to",
            &to,
            "-o",
            xlsx.to_str().expect("path"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("geschreven naar"));
    assert!(xlsx.exists(), "the format follows the file name");

    let backwards = tafel(
        &db,
        &["report", "--from", &to, "--to", &from, "--format", "json"],
        None,
    );
    assert_eq!(backwards.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&backwards.stderr).contains("ligt vóór de begindatum"),
        "{}",
        String::from_utf8_lossy(&backwards.stderr)
    );
    let no_file = tafel(
        &db,
        &["report", "--from", &from, "--to", &to, "--format", "xlsx"],
        None,
    );
    assert_eq!(no_file.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_file.stderr).contains("-o"));
    let bad_date = tafel(&db, &["report", "--from", "gisteren", "--to", &to], None);
    assert_eq!(bad_date.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("geen datum"));
}
