//! Responses, referrals, the financing package, follow-ups and consent expiry, against a
//! real database file.
// Amounts in cents are written as euros_cents (`50_000_00` is € 50.000,00).
#![allow(clippy::inconsistent_digit_grouping)]

use tafel::domain::{
    CaseStatus, FollowUpDraft, PackageTrancheDraft, ReferralBasis, ReferralDraft, ResponseDraft,
    ResponseStatus,
};
use tafel::error::Error;
use tafel::service::{cases, home, outcomes, register};
use tafel::store::Store;

use crate::common::{TestDb, actor, bakery, today};

/// A database with the starter register and one case of € 40.000, moved to `status`.
fn with_case(db: &TestDb, status: &str) -> (Store, String) {
    let mut store = db.open();
    register::import_starter_register(&mut store, &actor()).expect("register");
    let case = cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    for step in [
        "screening",
        "ready",
        "presented",
        "matching",
        "in_assessment",
    ] {
        if case_status(&store, &case.id) == CaseStatus::from_id(status).expect("status") {
            break;
        }
        cases::update_case(
            &mut store,
            &actor(),
            &case.id,
            &serde_json::json!({ "status": step }),
            today(),
        )
        .expect("status");
    }
    (store, case.id)
}

fn case_status(store: &Store, id: &str) -> CaseStatus {
    cases::get_case(store, id).expect("case").status
}

fn respond(financier: &str, status: &str) -> ResponseDraft {
    ResponseDraft {
        financier: financier.into(),
        status: status.into(),
        ..Default::default()
    }
}

fn field_codes(err: Error) -> Vec<String> {
    err.field_errors().iter().map(|e| e.code.clone()).collect()
}

#[test]
fn a_decline_needs_a_coded_reason_and_nothing_is_stored_without_one() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "presented");
    let err = outcomes::record_response(
        &mut store,
        &actor(),
        &case,
        &respond("ING", "declined"),
        today(),
    )
    .expect_err("no reason");
    assert_eq!(field_codes(err), ["decline_reason_required"]);
    let other = ResponseDraft {
        decline_reason: Some("other".into()),
        ..respond("ING", "declined")
    };
    let err = outcomes::record_response(&mut store, &actor(), &case, &other, today())
        .expect_err("other without text");
    assert_eq!(field_codes(err), ["decline_text_required"]);
    assert!(
        outcomes::get_outcome(&store, &case)
            .expect("outcome")
            .responses
            .is_empty(),
        "a refused decline leaves nothing behind"
    );

    let with_reason = ResponseDraft {
        decline_reason: Some("insufficient_collateral".into()),
        ..respond("ING", "declined")
    };
    let outcome = outcomes::record_response(&mut store, &actor(), &case, &with_reason, today())
        .expect("decline");
    let ing = &outcome.responses[0];
    assert_eq!(
        (ing.financier_name.as_str(), ing.status),
        ("ING", ResponseStatus::Declined)
    );
    assert_eq!(
        ing.decline_reason.map(|r| r.id()),
        Some("insufficient_collateral")
    );

    // The database itself refuses a decline without a reason, whatever writes it.
    let raw = store.conn_for_tests().execute(
        "UPDATE case_responses SET decline_reason = NULL WHERE id = ?1",
        [&ing.id],
    );
    assert!(raw.is_err(), "CHECK constraint must hold");
}

#[test]
fn every_step_of_a_response_is_kept_with_its_date_and_author() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "presented");
    let sent = ResponseDraft {
        on_date: Some("2026-11-02".into()),
        ..respond("Qredits", "summary_sent")
    };
    outcomes::record_response(&mut store, &actor(), &case, &sent, today()).expect("sent");
    let offer = ResponseDraft {
        amount: Some("40k".into()),
        instrument: Some("MKB-krediet".into()),
        ..respond("Qredits", "offer")
    };
    let outcome =
        outcomes::record_response(&mut store, &actor(), &case, &offer, today()).expect("offer");
    let qredits = &outcome.responses[0];
    let steps: Vec<(ResponseStatus, String)> = qredits
        .steps
        .iter()
        .map(|s| (s.status, s.on_date.to_string()))
        .collect();
    assert_eq!(
        steps,
        [
            (ResponseStatus::SummarySent, "2026-11-02".to_string()),
            (ResponseStatus::Offer, today().to_string())
        ]
    );
    assert_eq!(qredits.amount_cents, Some(40_000_00));
    assert_eq!(
        qredits.instrument_name.as_deref(),
        Some("Microkrediet en MKB-krediet")
    );
    assert!(qredits.steps.iter().all(|s| s.author == "Marieke Jansen"));

    let future = ResponseDraft {
        on_date: Some("2099-01-01".into()),
        ..respond("Qredits", "committed")
    };
    assert_eq!(
        field_codes(
            outcomes::record_response(&mut store, &actor(), &case, &future, today())
                .expect_err("future")
        ),
        ["date_future"]
    );
    let unknown = outcomes::record_response(
        &mut store,
        &actor(),
        &case,
        &respond("Bank van Nergens", "interested"),
        today(),
    )
    .expect_err("unknown");
    assert_eq!(field_codes(unknown), ["financier_unknown"]);

    // Who changed this outcome and when: the case's history answers it.
    let history = cases::get_case_with_history(&store, &case)
        .expect("history")
        .history;
    let response_entries: Vec<_> = history.iter().filter(|e| e.entity == "response").collect();
    assert_eq!(response_entries.len(), 2);
    assert_eq!(
        response_entries[1].changes["status"],
        serde_json::json!(["summary_sent", "offer"])
    );
    assert_eq!(response_entries[1].author, "Marieke Jansen");
}

#[test]
fn a_referral_chain_follows_declines_and_tracks_each_receivers_answer() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "presented");
    let to_qredits = ReferralDraft {
        from: Some("Rabobank".into()),
        to: "Qredits".into(),
        reason: "Te klein voor de bank".into(),
        ..Default::default()
    };
    let err = outcomes::refer_case(&mut store, &actor(), &case, &to_qredits, today())
        .expect_err("Rabobank has not declined");
    assert_eq!(field_codes(err), ["referral_without_decline"]);

    let decline = ResponseDraft {
        decline_reason: Some("ticket_too_small".into()),
        ..respond("Rabobank", "declined")
    };
    outcomes::record_response(&mut store, &actor(), &case, &decline, today()).expect("decline");
    let outcome =
        outcomes::refer_case(&mut store, &actor(), &case, &to_qredits, today()).expect("refer");
    assert_eq!(
        outcome.referrals[0].basis,
        ReferralBasis::Anonymised,
        "no consent: anonymised"
    );
    assert_eq!(
        outcome.referrals[0].outcome,
        Some(ResponseStatus::SummarySent),
        "the receiver's answer is tracked from the start"
    );

    let named = ReferralDraft {
        basis: Some("named_consent".into()),
        ..to_qredits.clone()
    };
    assert_eq!(
        field_codes(
            outcomes::refer_case(&mut store, &actor(), &case, &named, today())
                .expect_err("no consent")
        ),
        ["referral_without_consent"]
    );

    let qredits_declines = ResponseDraft {
        decline_reason: Some("track_record".into()),
        ..respond("Qredits", "declined")
    };
    outcomes::record_response(&mut store, &actor(), &case, &qredits_declines, today())
        .expect("decline");
    let onward = ReferralDraft {
        from: Some("Qredits".into()),
        to: "Kredietunie".into(),
        reason: "Lokale coach".into(),
        ..Default::default()
    };
    outcomes::refer_case(&mut store, &actor(), &case, &onward, today()).expect("refer on");
    let outcome = outcomes::record_response(
        &mut store,
        &actor(),
        &case,
        &respond("Kredietunie", "interested"),
        today(),
    )
    .expect("interest");
    let chain: Vec<(Option<&str>, &str, Option<ResponseStatus>)> = outcome
        .referrals
        .iter()
        .map(|r| (r.from_name.as_deref(), r.to_name.as_str(), r.outcome))
        .collect();
    assert_eq!(
        chain,
        [
            (Some("Rabobank"), "Qredits", Some(ResponseStatus::Declined)),
            (
                Some("Qredits"),
                "Kredietunie (regionale kredietunie)",
                Some(ResponseStatus::Interested)
            ),
        ]
    );
}

#[test]
fn a_named_referral_needs_a_consent_that_has_not_expired() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "presented");
    let qredits = store.financiers().find("Qredits").expect("find")[0]
        .0
        .clone();
    let patch = serde_json::json!({"disclosure": "named", "consent_financier_ids": [qredits], "consent_from": "2026-01-01", "consent_until": "2026-06-30"});
    cases::update_case(&mut store, &actor(), &case, &patch, today()).expect("consent");
    let draft = ReferralDraft {
        to: "Qredits".into(),
        reason: "Microkrediet".into(),
        basis: Some("named_consent".into()),
        ..Default::default()
    };
    let err =
        outcomes::refer_case(&mut store, &actor(), &case, &draft, today()).expect_err("expired");
    assert!(
        err.message_nl().contains("verlopen"),
        "{}",
        err.message_nl()
    );
    let dated = ReferralDraft {
        on_date: Some("2026-05-01".into()),
        ..draft
    };
    let outcome =
        outcomes::refer_case(&mut store, &actor(), &case, &dated, today()).expect("within consent");
    assert_eq!(outcome.referrals[0].basis, ReferralBasis::NamedConsent);
}

#[test]
fn the_package_proposes_the_status_and_only_a_confirmation_applies_it() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "in_assessment");
    let tranche = |financier: &str, amount: &str| PackageTrancheDraft {
        financier: financier.into(),
        amount: amount.into(),
        capital_type: Some("microcredit".into()),
        ..Default::default()
    };
    let outcome =
        outcomes::add_package_tranche(&mut store, &actor(), &case, &tranche("Qredits", "25k"))
            .expect("tranche");
    assert_eq!(outcome.raised_cents, 25_000_00);
    assert_eq!(
        outcome.status_proposal.as_ref().map(|p| p.to),
        Some(CaseStatus::PartlyFinanced)
    );
    assert_eq!(
        case_status(&store, &case),
        CaseStatus::InAssessment,
        "never silently"
    );

    let outcome =
        outcomes::add_package_tranche(&mut store, &actor(), &case, &tranche("Kredietunie", "15k"))
            .expect("second");
    let proposal = outcome.status_proposal.expect("proposal");
    assert_eq!(proposal.to, CaseStatus::Financed);
    assert!(proposal.reason.contains("€ 40.000"), "{}", proposal.reason);
    let outcome = outcomes::confirm_status(&mut store, &actor(), &case, proposal.to, today())
        .expect("confirm");
    assert_eq!(outcome.status, CaseStatus::Financed);
    assert_eq!(outcome.status_proposal, None);

    // Removing a tranche makes the package propose a correction, again only as a proposal.
    let tranche_id = outcome.package[1].id.clone();
    let outcome =
        outcomes::remove_package_tranche(&mut store, &actor(), &tranche_id).expect("remove");
    assert_eq!(outcome.raised_cents, 25_000_00);
    assert_eq!(
        outcome.status_proposal.map(|p| p.to),
        Some(CaseStatus::PartlyFinanced)
    );
    assert_eq!(case_status(&store, &case), CaseStatus::Financed);

    let bad = PackageTrancheDraft {
        guaranteed_amount: Some("50k".into()),
        guarantee: Some("BMKB (Borgstelling".into()),
        ..tranche("Qredits", "25k")
    };
    assert_eq!(
        field_codes(
            outcomes::add_package_tranche(&mut store, &actor(), &case, &bad).expect_err("too much")
        ),
        ["guarantee_exceeds_amount"]
    );
}

#[test]
fn all_financiers_out_proposes_not_financed() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "matching");
    let decline = |f: &str| ResponseDraft {
        decline_reason: Some("repayment_capacity".into()),
        ..respond(f, "declined")
    };
    let outcome =
        outcomes::record_response(&mut store, &actor(), &case, &decline("Qredits"), today())
            .expect("one");
    assert_eq!(
        outcome.status_proposal, None,
        "one decline is no verdict yet"
    );
    let outcome =
        outcomes::record_response(&mut store, &actor(), &case, &decline("Rabobank"), today())
            .expect("two");
    assert_eq!(
        outcome.status_proposal.map(|p| p.to),
        Some(CaseStatus::NotFinanced)
    );
    let outcome = outcomes::record_response(
        &mut store,
        &actor(),
        &case,
        &respond("Kredietunie", "interested"),
        today(),
    )
    .expect("three");
    assert_eq!(
        outcome.status_proposal, None,
        "one financier still interested"
    );
}

#[test]
fn the_package_is_compared_with_the_saved_plan() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "in_assessment");
    let stacks = tafel::service::matching::propose_stacks(
        &store,
        &case,
        &Default::default(),
        tafel::clock::today(),
    )
    .expect("stacks")
    .stacks;
    let plan =
        tafel::service::matching::save_plan(&mut store, &actor(), &case, &stacks[0]).expect("plan");
    let planned = &plan.tranches[0];
    let draft = PackageTrancheDraft {
        financier: planned.names.financier_id.to_string(),
        amount: "10k".into(),
        capital_type: Some(planned.capital_type.id().into()),
        ..Default::default()
    };
    let outcome =
        outcomes::add_package_tranche(&mut store, &actor(), &case, &draft).expect("tranche");
    assert_eq!(outcome.plan_total_cents, Some(plan.total_cents));
    let line = outcome
        .plan_comparison
        .iter()
        .find(|l| *l.financier_id == *planned.names.financier_id)
        .expect("line");
    assert_eq!(
        (
            line.planned_cents >= planned.amount_cents,
            line.committed_cents
        ),
        (true, 10_000_00)
    );
}

#[test]
fn financed_cases_get_follow_ups_at_three_six_and_twelve_months() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "in_assessment");
    cases::update_case(
        &mut store,
        &actor(),
        &case,
        &serde_json::json!({"status": "financed"}),
        today(),
    )
    .expect("financed");
    let outcome = outcomes::get_outcome(&store, &case).expect("outcome");
    let due: Vec<(u32, String)> = outcome
        .follow_ups
        .iter()
        .map(|f| (f.months, f.due_on.to_string()))
        .collect();
    assert_eq!(
        due,
        [
            (3, "2027-02-21".into()),
            (6, "2027-05-21".into()),
            (12, "2027-11-21".into())
        ]
    );

    // A correction to partly financed keeps the first schedule.
    cases::update_case(
        &mut store,
        &actor(),
        &case,
        &serde_json::json!({"status": "partly_financed"}),
        today(),
    )
    .expect("partly");
    assert_eq!(
        outcomes::get_outcome(&store, &case)
            .expect("outcome")
            .follow_ups
            .len(),
        3
    );

    let bad = FollowUpDraft {
        jobs_kept: Some("veel".into()),
        ..Default::default()
    };
    let first = outcome.follow_ups[0].id.clone();
    assert_eq!(
        field_codes(
            outcomes::record_follow_up(&mut store, &actor(), &first, &bad, today())
                .expect_err("count")
        ),
        ["count"]
    );
    let done = FollowUpDraft {
        jobs_kept: Some("4".into()),
        jobs_created: Some("2".into()),
        financing_closed: Some(true),
        ..Default::default()
    };
    let outcome =
        outcomes::record_follow_up(&mut store, &actor(), &first, &done, today()).expect("done");
    assert_eq!(
        (
            outcome.follow_ups[0].jobs_kept,
            outcome.follow_ups[0].jobs_created
        ),
        (Some(4), Some(2))
    );

    // The home screen lists a follow-up once it falls within the coming week.
    let feb = chrono::NaiveDate::from_ymd_opt(2027, 5, 17).expect("date");
    let listed: Vec<u32> = home::home(&store, feb)
        .expect("home")
        .follow_ups_due
        .iter()
        .map(|f| f.follow_up.months)
        .collect();
    assert_eq!(
        listed,
        [6],
        "the 3-month one is done, the 6-month one (21 May) is due within 7 days"
    );
}

#[test]
fn the_home_screen_warns_about_consents_that_are_about_to_end() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "presented");
    let qredits = store.financiers().find("Qredits").expect("find")[0]
        .0
        .clone();
    let patch = serde_json::json!({"disclosure": "named", "consent_financier_ids": [qredits], "consent_from": "2026-01-01", "consent_until": "2026-12-10"});
    cases::update_case(&mut store, &actor(), &case, &patch, today()).expect("consent");
    let number = cases::get_case(&store, &case).expect("case").case_number;
    let now = home::home(&store, today()).expect("home");
    assert_eq!(
        now.consents_expiring
            .iter()
            .map(|c| c.case_number.clone())
            .collect::<Vec<_>>(),
        [number]
    );
    assert_eq!(
        now.consents_expiring[0]
            .consent_until
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-12-10")
    );
    let long_before = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date");
    assert!(
        home::home(&store, long_before)
            .expect("home")
            .consents_expiring
            .is_empty()
    );
    let after = chrono::NaiveDate::from_ymd_opt(2026, 12, 11).expect("date");
    assert!(
        home::home(&store, after)
            .expect("home")
            .consents_expiring
            .is_empty(),
        "an ended consent is no longer 'about to end'"
    );
}

#[test]
fn matching_learns_from_the_tables_answers() {
    let db = TestDb::new();
    let (mut store, case) = with_case(&db, "presented");
    let before = tafel::service::matching::match_case(
        &store,
        &case,
        &Default::default(),
        tafel::clock::today(),
    )
    .expect("match");
    let score_of = |report: &tafel::matching::MatchReport, name: &str| {
        report
            .matches
            .iter()
            .find(|m| m.names.financier_name.starts_with(name))
            .map(|m| m.score)
            .expect("in matches")
    };
    let decline = ResponseDraft {
        decline_reason: Some("repayment_capacity".into()),
        ..respond("Qredits", "declined")
    };
    outcomes::record_response(&mut store, &actor(), &case, &decline, today()).expect("decline");
    let after = tafel::service::matching::match_case(
        &store,
        &case,
        &Default::default(),
        tafel::clock::today(),
    )
    .expect("match");
    assert!(
        score_of(&after, "Qredits") < score_of(&before, "Qredits"),
        "a decline lowers the financier's history score"
    );
}
