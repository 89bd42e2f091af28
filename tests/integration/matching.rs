//! Matching with reasons, the stack builder and plans, against the starter register.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use tafel::domain::*;
use tafel::matching::{
    CaseFacts, MatchOptions, MatchRegister, MatchReport, Matcher, MatchingConfig, PinnedTranche,
    Stack, StackRequest, stack,
};
use tafel::service::cases::add_case;
use tafel::service::matching::{get_plan, match_case, propose_stacks, save_plan};
use tafel::service::register::import_starter_register;
use tafel::store::Store;

use crate::common::*;

fn case_draft(value: serde_json::Value) -> CaseDraft {
    serde_json::from_value(value).expect("draft")
}

fn starter_store(db: &TestDb) -> Store {
    let mut store = db.open();
    import_starter_register(&mut store, &actor()).expect("starter register");
    store
}

/// A case as the issue describes it: (name, province, euros, stage, sector, purpose, capital types).
fn realistic(
    name: &str,
    province: &str,
    euros: i64,
    stage: &str,
    sector: &str,
    purpose: &str,
    types: &[&str],
) -> CaseDraft {
    case_draft(serde_json::json!({
        "company": {"name": name, "province": province},
        "amount_eur": euros, "purpose": purpose, "stage": stage, "sector": sector, "capital_types": types,
    }))
}

fn codes_of(report: &MatchReport, financier: &str, instrument: Option<&str>) -> Vec<String> {
    let found = report
        .excluded
        .iter()
        .find(|e| {
            &*e.names.financier_name == financier
                && instrument.is_none_or(|i| e.names.instrument_name.contains(i))
        })
        .unwrap_or_else(|| panic!("{financier} {instrument:?} is not excluded"));
    found.reasons.iter().map(|r| r.code.to_string()).collect()
}

struct Expectation {
    label: &'static str,
    draft: CaseDraft,
    /// Financiers (or "financier / instrument part") that must be among the first `top` matches.
    in_top: &'static [&'static str],
    top: usize,
    /// The first match.
    first: Option<&'static str>,
    /// (financier, instrument name part, reason code) that must be excluded with that code.
    excluded: &'static [(&'static str, &'static str, &'static str)],
}

fn is(m: &tafel::matching::MatchResult, who: &str) -> bool {
    match who.split_once(" / ") {
        Some((financier, instrument)) => {
            &*m.names.financier_name == financier && m.names.instrument_name.contains(instrument)
        }
        None => &*m.names.financier_name == who,
    }
}

#[test]
fn realistic_cases_rank_the_right_financiers_and_exclude_the_others_with_reasons() {
    let cases = [
        Expectation {
            label: "€ 40k microcredit for a starter in Utrecht",
            draft: realistic(
                "Bakkerij Zonnedauw BV",
                "UT",
                40_000,
                "startup",
                "other",
                "start",
                &["microcredit"],
            ),
            in_top: &["Qredits", "Kredietunie (regionale kredietunie)"],
            top: 2,
            first: Some("Qredits"),
            excluded: &[
                ("Invest-NL", "Participaties", "ticket_too_small"),
                ("Invest-NL", "Participaties", "round_too_small"),
                (
                    "BOM (Brabantse Ontwikkelings Maatschappij)",
                    "",
                    "outside_mandate_region",
                ),
            ],
        },
        Expectation {
            label: "€ 15m growth round in energy (Gelderland)",
            draft: realistic(
                "Windpark Veluwe BV",
                "GE",
                15_000_000,
                "growth",
                "energy",
                "growth",
                &["equity", "subordinated_loan"],
            ),
            in_top: &["Invest-NL / Participaties", "Oost NL"],
            top: 5,
            first: None,
            excluded: &[
                ("G-Force Capital", "", "outside_mandate_region"),
                ("G-Force Capital", "", "ticket_too_large"),
                ("Qredits", "", "ticket_too_large"),
                (
                    "Kredietunie (regionale kredietunie)",
                    "",
                    "ticket_too_large",
                ),
                (
                    "BOM (Brabantse Ontwikkelings Maatschappij)",
                    "",
                    "outside_mandate_region",
                ),
            ],
        },
        Expectation {
            label: "€ 300k proof of concept in Limburg",
            draft: realistic(
                "Maas Photonics BV",
                "LI",
                300_000,
                "pre_seed",
                "htsm",
                "innovation",
                &["innovation_loan"],
            ),
            in_top: &["LIOF / Vroege Fase", "RVO / Vroege Fase Financiering"],
            top: 2,
            first: Some("LIOF / Vroege Fase"),
            excluded: &[
                ("UNIIQ", "", "outside_mandate_region"),
                (
                    "ROM Utrecht Region",
                    "Proof of Concept",
                    "outside_mandate_region",
                ),
                ("Innovatiefonds Noord-Holland", "", "outside_mandate_region"),
                ("Horizon Flevoland", "", "outside_mandate_region"),
                ("Invest-NL", "Participaties", "ticket_too_small"),
            ],
        },
        Expectation {
            label: "€ 200k subordinated loan in Fryslân",
            draft: realistic(
                "Fryske Enerzjy BV",
                "FR",
                200_000,
                "growth",
                "energy",
                "growth",
                &["subordinated_loan"],
            ),
            in_top: &[
                "NOM (Noordelijke Ontwikkelings Maatschappij)",
                "FOM (Friese Ontwikkelingsmaatschappij)",
            ],
            top: 2,
            first: None,
            excluded: &[
                (
                    "BOM (Brabantse Ontwikkelings Maatschappij)",
                    "",
                    "outside_mandate_region",
                ),
                ("Impuls Zeeland", "", "outside_mandate_region"),
                ("Invest-NL", "Participaties", "ticket_too_small"),
            ],
        },
        Expectation {
            label: "€ 1.5m mixed stack in Noord-Brabant",
            draft: realistic(
                "Brabant Robotics BV",
                "NB",
                1_500_000,
                "growth",
                "htsm",
                "growth",
                &["subordinated_loan", "senior_loan"],
            ),
            in_top: &["BOM (Brabantse Ontwikkelings Maatschappij)", "ING"],
            top: 3,
            first: Some("BOM (Brabantse Ontwikkelings Maatschappij)"),
            excluded: &[
                ("Impuls Zeeland", "", "outside_mandate_region"),
                ("DeepTechXL", "", "capital_type_not_offered"),
                ("LIOF", "MKB-Leningenfonds", "outside_mandate_region"),
            ],
        },
    ];
    let db = TestDb::new();
    let mut store = starter_store(&db);
    for expectation in cases {
        let case =
            add_case(&mut store, &actor(), &expectation.draft, today()).expect(expectation.label);
        let report = match_case(&store, &case.id, &with_excluded(), tafel::clock::today())
            .expect(expectation.label);
        let names: Vec<String> = report
            .matches
            .iter()
            .map(|m| {
                format!(
                    "{} / {} ({})",
                    m.names.financier_name, m.names.instrument_name, m.score
                )
            })
            .collect();
        for who in expectation.in_top {
            assert!(
                report
                    .matches
                    .iter()
                    .take(expectation.top)
                    .any(|m| is(m, who)),
                "{}: {who} not in the top {}: {names:?}",
                expectation.label,
                expectation.top
            );
        }
        if let Some(first) = expectation.first {
            assert!(
                is(&report.matches[0], first),
                "{}: first should be {first}: {names:?}",
                expectation.label
            );
        }
        for (financier, instrument, code) in expectation.excluded {
            let codes = codes_of(&report, financier, Some(instrument));
            assert!(
                codes.iter().any(|c| c == code),
                "{}: {financier} {instrument} excluded with {codes:?}, expected {code}",
                expectation.label
            );
            assert!(
                !report
                    .matches
                    .iter()
                    .any(|m| &*m.names.financier_name == *financier
                        && m.names.instrument_name.contains(instrument)),
                "{}: {financier} also matched",
                expectation.label
            );
        }
        // Every instrument is accounted for exactly once; guarantee schemes are never a match of their own.
        assert_eq!(
            report.matches.len() + report.excluded.len() + report.guarantees.len(),
            39,
            "{}",
            expectation.label
        );
        assert!(
            report
                .matches
                .iter()
                .all(|m| m.capital_type != CapitalType::Guarantee)
        );
        assert!(
            report
                .guarantees
                .iter()
                .any(|g| g.instrument_name.starts_with("BMKB (")),
            "{}",
            expectation.label
        );
        // Scores are best first; every result explains itself in both languages.
        assert!(
            report.matches.windows(2).all(|w| w[0].score >= w[1].score),
            "{}: {names:?}",
            expectation.label
        );
        for reasons in report
            .matches
            .iter()
            .map(|m| &m.reasons)
            .chain(report.excluded.iter().map(|e| &e.reasons))
        {
            assert!(!reasons.is_empty());
            assert!(
                reasons
                    .iter()
                    .all(|r| !r.nl.is_empty() && !r.en.is_empty() && !r.code.is_empty())
            );
        }
    }
}

#[test]
fn reasons_say_in_dutch_what_matched_failed_and_is_uncertain() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let case = add_case(
        &mut store,
        &actor(),
        &realistic(
            "Maas Photonics BV",
            "LI",
            300_000,
            "pre_seed",
            "htsm",
            "innovation",
            &["innovation_loan"],
        ),
        today(),
    )
    .expect("case");
    let report = match_case(
        &store,
        &case.case_number,
        &with_excluded(),
        tafel::clock::today(),
    )
    .expect("match");
    let uniiq = report
        .excluded
        .iter()
        .find(|e| &*e.names.financier_name == "UNIIQ")
        .expect("UNIIQ excluded");
    assert_eq!(
        &*uniiq.reasons[0].nl,
        "buiten regio: financier werkt alleen in Zuid-Holland"
    );
    assert_eq!(
        &*uniiq.reasons[0].en,
        "outside region: the financier works only in South Holland"
    );
    let rvo = report
        .matches
        .iter()
        .find(|m| &*m.names.instrument_name == "Vroege Fase Financiering")
        .expect("RVO VFF");
    let texts: Vec<&str> = rvo.reasons.iter().map(|r| &*r.nl).collect();
    assert!(texts.contains(&"landelijke financier"), "{texts:?}");
    assert!(texts.contains(&"minimumticket onbekend"), "{texts:?}");
    assert!(
        // The starter register's uncertainty notes are Dutch (issue #15).
        texts.contains(&"onzeker: maximumticket € 350.000 of € 450.000"),
        "{texts:?}"
    );
    // ... and English second: the starter register gives the note in English too.
    let english: Vec<&str> = rvo.reasons.iter().map(|r| &*r.en).collect();
    assert!(
        english.contains(&"uncertain: maximum ticket € 350,000 or € 450,000"),
        "{english:?}"
    );
    assert!(texts.contains(&"nooit geverifieerd"), "{texts:?}");
    let liof = report
        .matches
        .iter()
        .find(|m| &*m.names.instrument_name == "Limburg Vroege Fase Fonds")
        .expect("LIOF");
    assert!(liof.reasons.iter().any(|r| &*r.nl == "werkt in Limburg"));
    assert!(
        liof.score > rvo.score,
        "a regional fund above a national one for a regional case"
    );
    assert!(
        liof.confidence > rvo.confidence,
        "an uncertainty note lowers the confidence"
    );
}

#[test]
fn guarantees_attach_to_bank_loans_where_the_scheme_allows() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let case = add_case(
        &mut store,
        &actor(),
        &realistic(
            "Brabant Robotics BV",
            "NB",
            1_500_000,
            "growth",
            "htsm",
            "growth",
            &["subordinated_loan", "senior_loan"],
        ),
        today(),
    )
    .expect("case");
    let report =
        match_case(&store, &case.id, &with_excluded(), tafel::clock::today()).expect("match");
    let ing = report
        .matches
        .iter()
        .find(|m| &*m.names.financier_name == "ING")
        .expect("ING");
    let bmkb = ing
        .guarantees
        .iter()
        .find(|g| g.instrument_name.starts_with("BMKB ("))
        .expect("BMKB on ING's loan");
    assert_eq!(bmkb.guaranteed_cents, 75_000_000, "50% of € 1.5m");
    assert_eq!(bmkb.covered_cents, 67_500_000, "90% of the guaranteed part");
    assert!(
        ing.guarantees
            .iter()
            .any(|g| g.instrument_name.starts_with("GO (")),
        "GO from € 1.5m"
    );
    assert!(
        report
            .matches
            .iter()
            .filter(|m| m.financier_type != FinancierType::Bank)
            .all(|m| m.guarantees.is_empty())
    );
    let green = report
        .guarantees
        .iter()
        .find(|g| g.instrument_name == "BMKB-Groen")
        .expect("BMKB-Groen");
    assert!(
        green.reasons.iter().any(|r| r.code == "guarantee_purpose"),
        "{:?}",
        green.reasons
    );

    let stacks = default_stacks(&store, &case.id).expect("stacks").stacks;
    let top = &stacks[0];
    let kinds: Vec<(&str, CapitalType)> = top
        .tranches
        .iter()
        .map(|t| (t.names.financier_name.as_ref(), t.capital_type))
        .collect();
    assert_eq!(top.tranches.len(), 2, "{kinds:?}");
    assert_eq!(
        &*top.tranches[0].names.financier_name, "BOM (Brabantse Ontwikkelings Maatschappij)",
        "the buffer first: {kinds:?}"
    );
    assert_eq!(top.tranches[0].capital_type, CapitalType::SubordinatedLoan);
    let bank = &top.tranches[1];
    assert_eq!(bank.financier_type, FinancierType::Bank);
    assert_eq!(bank.capital_type, CapitalType::SeniorLoan);
    let guarantee = bank
        .guarantee
        .as_ref()
        .expect("a guarantee on the bank loan");
    assert!(
        guarantee.instrument_name.starts_with("BMKB ("),
        "{guarantee:?}"
    );
    assert_eq!(guarantee.guaranteed_cents, bank.amount_cents / 2);
    assert_eq!(top.total_cents, 150_000_000);
    let codes: Vec<&str> = top.reasons.iter().map(|r| &*r.code).collect();
    for code in [
        "stack_covers_need",
        "guarantee_attached",
        "bank_buffer",
        "guarantee_loan_too_small",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    let go = top
        .reasons
        .iter()
        .find(|r| r.code == "guarantee_loan_too_small")
        .expect("GO note");
    assert_eq!(
        &*go.nl,
        "GO niet mogelijk: alleen voor leningen vanaf € 1.500.000"
    );
    assert!(stacks.len() <= 5);
    assert_eq!(
        default_stacks(&store, &case.id).expect("again").stacks,
        stacks,
        "deterministic"
    );
}

#[test]
fn pinned_tranches_stay_excluded_instruments_go_and_bad_pins_are_refused() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let case = add_case(
        &mut store,
        &actor(),
        &realistic(
            "Brabant Robotics BV",
            "NB",
            1_500_000,
            "growth",
            "htsm",
            "growth",
            &["subordinated_loan", "senior_loan"],
        ),
        today(),
    )
    .expect("case");
    let report =
        match_case(&store, &case.id, &with_excluded(), tafel::clock::today()).expect("match");
    let find = |name: &str| {
        report
            .matches
            .iter()
            .find(|m| &*m.names.financier_name == name)
            .expect(name)
            .clone()
    };
    let rabobank = find("Rabobank");
    let ing = find("ING");
    let request = StackRequest {
        pinned: vec![PinnedTranche {
            financier_id: rabobank.names.financier_id.to_string(),
            instrument_id: rabobank.names.instrument_id.to_string(),
            amount_cents: 100_000_000,
            capital_type: None,
        }],
        excluded_instruments: vec![ing.names.instrument_id.to_string()],
        acceptable_capital_types: Vec::new(),
    };
    let stacks = propose_stacks(&store, &case.id, &request, tafel::clock::today())
        .expect("stacks")
        .stacks;
    assert!(!stacks.is_empty());
    for stack in &stacks {
        let pinned: Vec<_> = stack.tranches.iter().filter(|t| t.pinned).collect();
        assert_eq!(pinned.len(), 1);
        assert_eq!(
            (
                pinned[0].names.instrument_id.as_ref(),
                pinned[0].amount_cents
            ),
            (rabobank.names.instrument_id.as_ref(), 100_000_000)
        );
        assert!(
            stack
                .tranches
                .iter()
                .all(|t| t.names.instrument_id != ing.names.instrument_id)
        );
        assert_eq!(stack.total_cents, 150_000_000);
        assert!(stack.reasons.iter().any(|r| r.code == "pinned"));
    }

    let invest_nl = codes_of(&report, "Invest-NL", Some("Participaties"));
    assert!(!invest_nl.is_empty());
    let invest = report
        .excluded
        .iter()
        .find(|e| &*e.names.financier_name == "Invest-NL")
        .expect("Invest-NL");
    let bad = StackRequest {
        pinned: vec![PinnedTranche {
            financier_id: invest.names.financier_id.to_string(),
            instrument_id: invest.names.instrument_id.to_string(),
            amount_cents: 4_000_000,
            capital_type: None,
        }],
        ..Default::default()
    };
    let err = propose_stacks(&store, &case.id, &bad, tafel::clock::today())
        .expect_err("Invest-NL cannot take € 40k");
    assert_eq!(err.code(), "invalid_input");
    let fields = err.field_errors();
    assert!(
        fields
            .iter()
            .any(|f| f.code == "pin_outside_range" || f.code == "pin_round_too_small"),
        "{fields:?}"
    );
    assert!(
        err.message_nl().contains("Invest-NL"),
        "{}",
        err.message_nl()
    );

    let too_much = StackRequest {
        pinned: vec![PinnedTranche {
            financier_id: rabobank.names.financier_id.to_string(),
            instrument_id: rabobank.names.instrument_id.to_string(),
            amount_cents: 200_000_000,
            capital_type: None,
        }],
        ..Default::default()
    };
    assert!(
        propose_stacks(&store, &case.id, &too_much, tafel::clock::today()).is_err(),
        "a pin above the need"
    );
}

#[test]
fn a_plan_is_saved_replaced_read_and_logged() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let case = add_case(
        &mut store,
        &actor(),
        &realistic(
            "Brabant Robotics BV",
            "NB",
            1_500_000,
            "growth",
            "htsm",
            "growth",
            &["subordinated_loan", "senior_loan"],
        ),
        today(),
    )
    .expect("case");
    assert_eq!(get_plan(&store, &case.id).expect("no plan"), None);
    let stacks = default_stacks(&store, &case.id).expect("stacks").stacks;
    let first = save_plan(&mut store, &actor(), &case.case_number, &stacks[0]).expect("save");
    assert_eq!(first.tranches, stacks[0].tranches);
    assert_eq!(
        (first.need_cents, first.total_cents),
        (150_000_000, 150_000_000)
    );
    let second = save_plan(&mut store, &actor(), &case.id, &stacks[1]).expect("replace");
    assert_eq!(second.id, first.id, "one plan per case");
    let read = get_plan(&store, &case.id).expect("read").expect("a plan");
    assert_eq!(read.tranches, stacks[1].tranches);
    assert_eq!(read.reasons, stacks[1].reasons);
    let history = store.history().of("plan", &first.id).expect("history");
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["create", "update"]);
    assert!(history[1].changes.get("tranches").is_some());
    let timeline = tafel::service::cases::get_case_with_history(&store, &case.id)
        .expect("timeline")
        .history;
    assert_eq!(
        timeline.iter().filter(|h| h.entity == "plan").count(),
        2,
        "the case's timeline shows its plan"
    );

    let mut wrong = stacks[0].clone();
    wrong.tranches[0].amount_cents -= 100_000;
    let err =
        save_plan(&mut store, &actor(), &case.id, &wrong).expect_err("does not cover the need");
    assert!(
        err.field_errors()
            .iter()
            .any(|f| f.code == "stack_sum_not_need"),
        "{err:?}"
    );
    assert_eq!(
        get_plan(&store, &case.id)
            .expect("read")
            .expect("plan")
            .tranches,
        stacks[1].tranches,
        "nothing written"
    );

    let tables = store.backup_rows().expect("backup");
    let plans = tables
        .iter()
        .find(|t| t.table == "case_plan_tranches")
        .expect("plan tranches backed up");
    assert_eq!(plans.rows.len(), stacks[1].tranches.len());
}

#[test]
fn the_settings_file_is_created_with_defaults_and_its_edits_count() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let config = db.dir.path().join("matching.toml");
    assert!(!config.exists());
    let before =
        match_case(&store, &case.id, &with_excluded(), tafel::clock::today()).expect("match");
    assert_eq!(
        std::fs::read_to_string(&config).expect("created"),
        tafel::matching::DEFAULT_TOML
    );
    assert_eq!(before.config_path.as_deref(), config.to_str());

    std::fs::write(
        &config,
        "[weights]\nticket_fit = 0\nsector = 0\nstage = 0\nregion = 1\nhistory = 0\n",
    )
    .expect("write");
    let regional =
        match_case(&store, &case.id, &with_excluded(), tafel::clock::today()).expect("match");
    let scores: Vec<u8> = regional.matches.iter().map(|m| m.score).collect();
    assert_eq!(
        scores,
        [50, 45],
        "national (0.5) only; the credit union's related capital type counts 0.9"
    );

    std::fs::write(&config, "[weights]\nticket_fit = -1\n").expect("write");
    let err = match_case(&store, &case.id, &with_excluded(), tafel::clock::today())
        .expect_err("negative weight");
    assert_eq!(err.code(), "matching_config_invalid");
    assert!(
        err.message_nl()
            .contains("weights.ticket_fit moet 0 of groter zijn"),
        "{}",
        err.message_nl()
    );
    assert!(err.message_nl().contains("matching.toml"));
    std::fs::write(&config, "dit is geen toml [").expect("write");
    let err = default_stacks(&store, &case.id).expect_err("not TOML");
    assert!(
        err.message_nl().contains("geen geldige TOML"),
        "{}",
        err.message_nl()
    );
}

#[test]
fn accepting_a_capital_type_for_one_run_widens_the_matches() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let plain =
        match_case(&store, &case.id, &with_excluded(), tafel::clock::today()).expect("match");
    assert!(
        !plain
            .matches
            .iter()
            .any(|m| &*m.names.financier_name == "Business angels (informele investeerders)")
    );
    let wider = match_case(
        &store,
        &case.id,
        &MatchOptions {
            acceptable_capital_types: vec![CapitalType::InformalInvestment],
            ..with_excluded()
        },
        tafel::clock::today(),
    )
    .expect("match");
    let angels = wider
        .matches
        .iter()
        .find(|m| &*m.names.financier_name == "Business angels (informele investeerders)")
        .expect("angels now");
    assert!(
        angels
            .reasons
            .iter()
            .any(|r| r.code == "capital_type_acceptable")
    );
}

#[test]
fn structured_rules_come_from_the_register_file_and_survive_edits() {
    use tafel::service::register::{import_register_rows, update_instrument};
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let instruments = store.financiers().instruments().expect("instruments");
    let rules = |name: &str| {
        instruments
            .iter()
            .find(|i| i.name == name)
            .expect(name)
            .structured_rules
            .clone()
    };
    assert_eq!(
        rules("Participaties en achtergestelde leningen"),
        [
            InstrumentRule::MaxShareOfNeedPct(50),
            InstrumentRule::MinRoundCents(500_000_000)
        ]
    );
    assert_eq!(
        rules("Participatiefonds"),
        [InstrumentRule::RequiresCoInvestor]
    );
    assert_eq!(
        rules("MKB-Leningenfonds"),
        [InstrumentRule::MaxShareOfNeedPct(50)]
    );
    assert_eq!(
        rules("Microkrediet en MKB-krediet"),
        [
            InstrumentRule::MaxTicketFor {
                capital_type: CapitalType::Microcredit,
                max_cents: 5_000_000
            },
            InstrumentRule::MaxTicketFor {
                capital_type: CapitalType::SeniorLoan,
                max_cents: 25_000_000
            }
        ]
    );
    let bmkb_rules = rules("BMKB (Borgstelling MKB-kredieten)");
    let [InstrumentRule::GuaranteeFor(bmkb)] = bmkb_rules.as_slice() else {
        panic!("BMKB terms")
    };
    assert_eq!(
        (
            bmkb.pct_of_loan,
            bmkb.pct_of_small_loan,
            bmkb.small_loan_max_cents,
            bmkb.cover_pct,
            bmkb.max_guaranteed_cents
        ),
        (50, Some(75), Some(26_666_700), 90, Some(150_000_000))
    );
    let go_rules = rules("GO (Garantie Ondernemingsfinanciering)");
    let [InstrumentRule::GuaranteeFor(go)] = go_rules.as_slice() else {
        panic!("GO terms")
    };
    assert_eq!(
        (go.pct_of_loan, go.loan_min_cents, go.loan_max_cents),
        (50, Some(150_000_000), Some(15_000_000_000))
    );

    // A register file without the column keeps the stored rules.
    let row = RegisterRow {
        name: Some("Invest-NL".into()),
        instrument_name: Some("Participaties en achtergestelde leningen".into()),
        financier_type: Some("national_public".into()),
        regions: Some("NL".into()),
        capital_types: Some("equity;subordinated_loan".into()),
        ..Default::default()
    };
    import_register_rows(&mut store, &actor(), &[(2, row.clone())]).expect("import");
    let kept = store.financiers().instruments().expect("instruments");
    let invest = kept
        .iter()
        .find(|i| i.name == "Participaties en achtergestelde leningen")
        .expect("Invest-NL");
    assert_eq!(invest.structured_rules.len(), 2);

    // A bad notation is a field error with the row's line.
    let bad = RegisterRow {
        structured_rules: Some("hooguit_de_helft".into()),
        ..row
    };
    let err = import_register_rows(&mut store, &actor(), &[(7, bad)]).expect_err("bad rules");
    let tafel::Error::ImportRows(rows) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(rows[0].line, 7);
    assert_eq!(rows[0].errors[0].field, "structured_rules");

    // The form keeps them when it does not send them, and clears them with empty text.
    let mut draft = InstrumentDraft::from_instrument(invest);
    assert_eq!(
        draft.structured_rules.as_deref(),
        Some("max_share_of_need=50%; min_round=5000000")
    );
    draft.structured_rules = None;
    assert_eq!(
        update_instrument(&mut store, &actor(), &invest.id, &draft)
            .expect("update")
            .structured_rules
            .len(),
        2
    );
    draft.structured_rules = Some(String::new());
    assert!(
        update_instrument(&mut store, &actor(), &invest.id, &draft)
            .expect("clear")
            .structured_rules
            .is_empty()
    );
}

// ---- Property tests of the stack builder, on the starter register in memory ----

fn register() -> &'static MatchRegister {
    static REGISTER: OnceLock<MatchRegister> = OnceLock::new();
    REGISTER.get_or_init(|| {
        let mut store = Store::open_in_memory().expect("store");
        import_starter_register(&mut store, &actor()).expect("starter");
        let ids: Vec<String> = store
            .financiers()
            .list(today())
            .expect("list")
            .into_iter()
            .map(|f| f.id)
            .collect();
        let financiers: Vec<Financier> = ids
            .iter()
            .map(|id| store.financiers().get(id).expect("financier"))
            .collect();
        MatchRegister::from_financiers(&financiers)
    })
}

/// The capital types tables see most; others would mostly give no stack at all.
const REALISTIC_TYPES: [CapitalType; 9] = [
    CapitalType::SeniorLoan,
    CapitalType::SubordinatedLoan,
    CapitalType::ConvertibleLoan,
    CapitalType::Equity,
    CapitalType::Microcredit,
    CapitalType::InnovationLoan,
    CapitalType::Crowdfunding,
    CapitalType::CreditUnionLoan,
    CapitalType::Guarantee,
];

fn case_strategy() -> impl Strategy<Value = CaseFacts> {
    (
        prop::sample::select(Province::ALL.to_vec()),
        prop_oneof![
            10_000i64..300_000,
            300_000i64..3_000_000,
            3_000_000i64..40_000_000
        ],
        prop::sample::select(Stage::ALL.to_vec()),
        prop::sample::select(Sector::ALL.to_vec()),
        prop::sample::select(Purpose::ALL.to_vec()),
        prop::sample::subsequence(REALISTIC_TYPES.to_vec(), 1..=3),
    )
        .prop_map(
            |(province, euros, stage, sector, purpose, capital_types)| CaseFacts {
                province,
                need_cents: euros * 100,
                stage,
                sector,
                purpose,
                capital_types,
            },
        )
}

/// Every tranche fits its instrument's range and rules; the stack covers the need exactly.
fn check_stack(
    register: &MatchRegister,
    case: &CaseFacts,
    stack: &Stack,
    request: &StackRequest,
) -> Result<(), TestCaseError> {
    let config = MatchingConfig::default();
    let need = case.need_cents;
    prop_assert_eq!(stack.total_cents, need);
    prop_assert_eq!(
        stack.tranches.iter().map(|t| t.amount_cents).sum::<i64>(),
        need
    );
    let mut has_buffer = false;
    let mut bank_senior = 0;
    for t in &stack.tranches {
        let entry = &register.entries[register
            .position(&t.names.instrument_id)
            .expect("known instrument")];
        prop_assert_eq!(
            register.financier_of(entry).id.as_str(),
            &*t.names.financier_id
        );
        prop_assert!(entry.money_types.contains(&t.capital_type));
        prop_assert!(t.amount_cents > 0);
        if let Some(min) = entry.instrument.ticket_min_cents {
            prop_assert!(
                t.amount_cents >= min,
                "{} below its minimum",
                t.names.instrument_name
            );
        }
        if let Some(max) = entry.ticket_max_for(t.capital_type) {
            prop_assert!(
                t.amount_cents <= max,
                "{} above its maximum",
                t.names.instrument_name
            );
        }
        if let Some(pct) = entry.max_share_pct {
            prop_assert!(
                i128::from(t.amount_cents) * 100 <= i128::from(need) * i128::from(pct),
                "{} above {pct}% of the need",
                t.names.instrument_name
            );
        }
        if let Some(min) = entry.min_round_cents {
            prop_assert!(need >= min);
        }
        if entry.requires_co_investor {
            prop_assert!(
                stack
                    .tranches
                    .iter()
                    .any(|o| o.names.financier_id != t.names.financier_id
                        && stack::is_private_investor(o.financier_type)),
                "{} without a co-investor",
                t.names.instrument_name
            );
        }
        has_buffer |= config.stack.buffer_capital_types.contains(&t.capital_type);
        if t.financier_type == FinancierType::Bank
            && matches!(
                t.capital_type,
                CapitalType::SeniorLoan | CapitalType::Overdraft
            )
        {
            bank_senior += t.amount_cents;
        }
        prop_assert!(
            !request
                .excluded_instruments
                .iter()
                .any(|e| **e == *t.names.instrument_id)
        );
        if let Some(g) = &t.guarantee {
            prop_assert!(!request.excluded_instruments.contains(&g.instrument_id));
            prop_assert!(g.guaranteed_cents <= t.amount_cents);
        }
    }
    if !has_buffer
        && i128::from(bank_senior) * 100
            > i128::from(need) * i128::from(config.stack.bank_max_share_without_buffer_pct)
    {
        // Above the cap without a buffer only with a state guarantee on every bank loan.
        prop_assert!(config.stack.guarantee_as_buffer);
        prop_assert!(
            stack
                .tranches
                .iter()
                .filter(|t| t.financier_type == FinancierType::Bank
                    && matches!(
                        t.capital_type,
                        CapitalType::SeniorLoan | CapitalType::Overdraft
                    ))
                .all(|t| t.guarantee.is_some()),
            "bank above the cap without buffer or guarantee"
        );
    }
    for pin in &request.pinned {
        prop_assert!(
            stack.tranches.iter().any(|t| t.pinned
                && *t.names.instrument_id == pin.instrument_id
                && t.amount_cents == pin.amount_cents),
            "pin kept"
        );
    }
    Ok(())
}

#[test]
fn the_stack_property_sees_real_stacks() {
    // Runs the property's generator on fixed seeds: enough of its cases must produce stacks.
    let register = register();
    let config = MatchingConfig::default();
    let matcher = Matcher::new(&config, register, today());
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut with_stacks = 0;
    for _ in 0..200 {
        let case = case_strategy()
            .new_tree(&mut runner)
            .expect("case")
            .current();
        if !stack::propose(&matcher, &case, &StackRequest::default())
            .expect("stacks")
            .stacks
            .is_empty()
        {
            with_stacks += 1;
        }
    }
    assert!(
        with_stacks >= 50,
        "only {with_stacks} of 200 generated cases got a stack"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_proposed_stack_covers_the_need_within_every_rule(case in case_strategy(), exclude_seed in 0usize..8, pin_seed in 0usize..6, pin_share in 0.05f64..0.95) {
        let register = register();
        let config = MatchingConfig::default();
        let matcher = Matcher::new(&config, register, today());
        let ranking = matcher.rank(&case, &with_excluded());
        // Exclude every eighth match (from a seed) and pin one of the others with an amount inside its range.
        let excluded: Vec<String> = ranking.matches.iter().skip(exclude_seed).step_by(8).map(|e| register.entries[e.entry].instrument.id.clone()).collect();
        let pinned: Vec<PinnedTranche> = ranking
            .matches
            .iter()
            .filter(|e| !excluded.contains(&register.entries[e.entry].instrument.id))
            .nth(pin_seed)
            .filter(|_| pin_seed < 4)
            .and_then(|e| {
                let entry = &register.entries[e.entry];
                let lo = entry.instrument.ticket_min_cents.unwrap_or(1).max(1);
                let hi = e.tranche_max_cents;
                let amount = (lo as f64 + (hi - lo) as f64 * pin_share) as i64;
                (lo <= hi && amount < case.need_cents).then(|| PinnedTranche {
                    financier_id: register.financier_of(entry).id.clone(),
                    instrument_id: entry.instrument.id.clone(),
                    amount_cents: amount,
                    capital_type: None,
                })
            })
            .into_iter()
            .collect();
        let request = StackRequest { pinned, excluded_instruments: excluded, acceptable_capital_types: Vec::new() };
        let stacks = stack::propose(&matcher, &case, &request).map_err(|e| TestCaseError::fail(format!("{e:?}")))?.stacks;
        prop_assert!(stacks.len() <= config.stack.max_stacks);
        for s in &stacks {
            check_stack(register, &case, s, &request)?;
        }
        let again = stack::propose(&matcher, &case, &request).map_err(|e| TestCaseError::fail(format!("{e:?}")))?.stacks;
        prop_assert_eq!(again, stacks, "deterministic");
    }
}

#[test]
fn a_script_adds_a_case_then_matches_and_stacks_it() {
    let db = TestDb::new();
    let run = |args: &[&str], stdin: Option<&str>| {
        let out = tafel(&db, args, stdin);
        assert!(
            out.status.success(),
            "tafel {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let register = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/register/register.csv");
    run(&["register", "import", register], None);
    let input = r#"{"company":{"name":"Bakkerij Zonnedauw BV","kvk":"71234567","province":"UT"},"amount_eur":40000,"purpose":"start","stage":"startup","sector":"other","capital_types":["microcredit"]}"#;
    let added: serde_json::Value =
        serde_json::from_str(&run(&["case", "add", "--json", "-"], Some(input)))
            .expect("case JSON");
    let number = added["case_number"].as_str().expect("number").to_string();

    let plain: serde_json::Value =
        serde_json::from_str(&run(&["match", &number, "--json"], None)).expect("match JSON");
    assert_eq!(
        plain["excluded"],
        serde_json::json!([]),
        "excluded instruments only with --include-excluded"
    );
    let report: serde_json::Value = serde_json::from_str(&run(
        &["match", &number, "--include-excluded", "--json"],
        None,
    ))
    .expect("match JSON");
    assert_eq!(plain["matches"], report["matches"]);
    let keys: Vec<&String> = report.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["excluded", "matches", "nearest"]);
    assert_eq!(
        report["nearest"],
        serde_json::json!([]),
        "nearest only when nothing matches"
    );
    let first = &report["matches"][0];
    assert_eq!(first["financier_name"], "Qredits");
    assert_eq!(first["capital_type"], "microcredit");
    assert!(first["score"].as_u64().is_some_and(|s| s <= 100));
    assert!(
        first["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .all(|r| r.is_string())
    );
    let invest = report["excluded"]
        .as_array()
        .expect("excluded")
        .iter()
        .find(|e| e["financier_name"] == "Invest-NL")
        .expect("Invest-NL excluded");
    assert!(
        invest["reason_codes"]
            .as_array()
            .expect("codes")
            .iter()
            .any(|c| c == "ticket_too_small")
    );
    assert!(
        invest["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .any(|r| r.as_str().is_some_and(|t| t.starts_with("ticket te klein")))
    );

    let top1: serde_json::Value =
        serde_json::from_str(&run(&["match", &number, "--json", "--top", "1"], None))
            .expect("top 1");
    assert_eq!(top1["matches"].as_array().map(Vec::len), Some(1));
    let human = run(&["match", &number, "--include-excluded"], None);
    assert!(human.contains("1. Qredits"), "{human}");
    assert!(
        human.contains("buiten regio: financier werkt alleen in Limburg"),
        "{human}"
    );

    let stacks: serde_json::Value =
        serde_json::from_str(&run(&["stack", &number, "--json"], None)).expect("stack JSON");
    assert_eq!(stacks["stacks"][0]["total_cents"], 4_000_000);
    assert_eq!(stacks["stacks"][0]["gap_cents"], 0);
    assert_eq!(
        stacks["stacks"][0]["tranches"][0]["financier_name"],
        "Qredits"
    );
    let saved = run(&["stack", &number, "--save", "1"], None);
    assert!(saved.contains("bewaard als financieringsplan"), "{saved}");
    let plan: serde_json::Value =
        serde_json::from_str(&run(&["plan", &number, "--json"], None)).expect("plan JSON");
    assert_eq!(
        plan["tranches"][0]["instrument_name"],
        "Microkrediet en MKB-krediet"
    );
    assert!(run(&["plan", &number], None).contains("Qredits"));
}

/// Options that ask for the excluded instruments too (the tests assert why they are out).
fn with_excluded() -> MatchOptions {
    MatchOptions {
        include_excluded: Some(true),
        ..Default::default()
    }
}

#[test]
fn excluded_instruments_are_written_out_only_when_asked() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let case = add_case(
        &mut store,
        &actor(),
        &realistic(
            "Bakkerij Test BV",
            "UT",
            40_000,
            "startup",
            "other",
            "start",
            &["microcredit"],
        ),
        today(),
    )
    .expect("case");
    let plain = match_case(
        &store,
        &case.id,
        &MatchOptions::default(),
        tafel::clock::today(),
    )
    .expect("match");
    assert!(plain.excluded.is_empty());
    let full =
        match_case(&store, &case.id, &with_excluded(), tafel::clock::today()).expect("match");
    assert!(!full.excluded.is_empty());
    assert_eq!(
        plain.matches, full.matches,
        "the matches do not depend on it"
    );
}

#[test]
fn every_demo_case_that_a_financier_can_serve_gets_a_stack() {
    let db = TestDb::new();
    let mut store = db.open();
    tafel::service::demo::load_demo(&mut store, &actor(), today()).expect("demo");
    let cases = store
        .cases()
        .list(&tafel::store::CaseFilter::default())
        .expect("cases");
    let mut without = Vec::new();
    for case in &cases {
        let report = match_case(
            &store,
            &case.id,
            &MatchOptions::default(),
            tafel::clock::today(),
        )
        .expect("match");
        let stacks = default_stacks(&store, &case.id).expect("stacks").stacks;
        for stack in &stacks {
            assert_eq!(
                stack.tranches.iter().map(|t| t.amount_cents).sum::<i64>(),
                case.amount_cents,
                "{}",
                case.case_number
            );
        }
        if stacks.is_empty() {
            // Only a case no financier in the register takes on may end without a stack:
            // in the demo, the companies in turnaround (no fund lists that stage).
            assert!(
                report.matches.is_empty(),
                "{} ({}) has matches but no stack",
                case.case_number,
                case.company_name
            );
            without.push(case.stage);
        }
    }
    assert!(
        without
            .iter()
            .all(|s| *s == tafel::domain::Stage::Turnaround),
        "{without:?}"
    );
    assert!(
        without.len() <= 6,
        "{} of {} demo cases without a stack",
        without.len(),
        cases.len()
    );
}
