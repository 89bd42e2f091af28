//! Matching as a regional coordinator judges it: a development company's focus sectors are a
//! preference, not a mandate; a specialised fund's sectors are; and no case ends at an empty
//! list — nothing matching comes with the nearest instruments and what would change them.

use tafel::domain::*;
use tafel::matching::MatchReport;
use tafel::service::cases::add_case;
use tafel::service::matching::match_case;
use tafel::service::register::{
    STARTER_REGISTER_CSV, import_register_file, import_starter_register,
};
use tafel::store::Store;

use crate::common::*;

fn starter_store(db: &TestDb) -> Store {
    let mut store = db.open();
    import_starter_register(&mut store, &actor()).expect("starter register");
    store
}

/// A case: (province, euros, stage, sector, capital types).
fn case(
    store: &mut Store,
    name: &str,
    province: &str,
    euros: i64,
    stage: &str,
    sector: &str,
    types: &[&str],
) -> Case {
    let draft: CaseDraft = serde_json::from_value(serde_json::json!({
        "company": {"name": name, "province": province},
        "amount_eur": euros, "purpose": "growth", "stage": stage, "sector": sector, "capital_types": types,
    }))
    .expect("draft");
    add_case(store, &actor(), &draft, today()).expect(name)
}

fn report(store: &Store, case: &Case) -> MatchReport {
    match_case(
        store,
        &case.id,
        &tafel::matching::MatchOptions {
            include_excluded: Some(true),
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("match")
}

fn names(report: &MatchReport) -> Vec<String> {
    report
        .matches
        .iter()
        .map(|m| {
            format!(
                "{} / {} ({})",
                m.names.financier_name, m.names.instrument_name, m.score
            )
        })
        .collect()
}

fn find<'r>(report: &'r MatchReport, financier: &str) -> Option<&'r tafel::matching::MatchResult> {
    report
        .matches
        .iter()
        .find(|m| &*m.names.financier_name == financier)
}

fn codes(m: &tafel::matching::MatchResult) -> Vec<&str> {
    m.reasons.iter().map(|r| &*r.code).collect()
}

#[test]
fn the_starter_register_says_which_sector_lists_are_focus_and_which_a_mandate() {
    let db = TestDb::new();
    let store = starter_store(&db);
    let instruments = store.financiers().instruments().expect("instruments");
    let mode = |name: &str| {
        instruments
            .iter()
            .find(|i| i.name == name)
            .map(|i| i.sector_mode)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let financiers = store.financiers().list(today()).expect("financiers");
    let by_financier = |financier: &str| {
        let id = &financiers
            .iter()
            .find(|f| f.name == financier)
            .unwrap_or_else(|| panic!("{financier}"))
            .id;
        instruments
            .iter()
            .filter(|i| &i.financier_id == id)
            .map(|i| i.sector_mode)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by_financier("NOM (Noordelijke Ontwikkelings Maatschappij)"),
        [ListMode::Focus]
    );
    assert_eq!(by_financier("Oost NL"), [ListMode::Focus]);
    assert_eq!(by_financier("InnovationQuarter"), [ListMode::Focus]);
    for exclusive in [
        "Deep Tech Fund",
        "Leningen voor digitale starters",
        "Deeptech-participaties",
    ] {
        assert_eq!(mode(exclusive), ListMode::Exclusive, "{exclusive}");
    }
    // Where nothing is said the default is strict, and the CHECK refuses anything else.
    let err = store
        .conn_for_tests()
        .execute("UPDATE instruments SET sector_mode = 'sometimes'", []);
    assert!(err.is_err(), "the database refuses an unknown sector mode");
}

/// For every development company with focus sectors: a case in its region outside them
/// still matches it, lower than the same case in a focus sector, and the reasons say why.
#[test]
fn a_development_company_matches_outside_its_focus_sectors_lower_than_inside() {
    // (financier, province, a focus sector, capital types the ROM offers, stage)
    let roms = [
        (
            "NOM (Noordelijke Ontwikkelings Maatschappij)",
            "DR",
            "energy",
            "NOM",
        ),
        (
            "NOM (Noordelijke Ontwikkelings Maatschappij)",
            "GR",
            "htsm",
            "NOM",
        ),
        ("Oost NL", "OV", "agri_food", "Oost NL"),
        (
            "InnovationQuarter",
            "ZH",
            "life_sciences_health",
            "InnovationQuarter",
        ),
    ];
    let db = TestDb::new();
    let mut store = starter_store(&db);
    for (financier, province, focus_sector, short) in roms {
        let inside = case(
            &mut store,
            &format!("{short} focus BV"),
            province,
            1_200_000,
            "growth",
            focus_sector,
            &["equity"],
        );
        let outside = case(
            &mut store,
            &format!("{short} logistiek BV"),
            province,
            1_200_000,
            "growth",
            "logistics",
            &["equity"],
        );
        let (inside, outside) = (report(&store, &inside), report(&store, &outside));
        let hit = find(&inside, financier)
            .unwrap_or_else(|| panic!("{financier} for its focus sector: {:?}", names(&inside)));
        let miss = find(&outside, financier).unwrap_or_else(|| {
            panic!(
                "{financier} outside its focus sectors still matches: {:?}",
                names(&outside)
            )
        });
        assert!(
            miss.score < hit.score,
            "{financier}: outside focus {} below focus {}",
            miss.score,
            hit.score
        );
        assert!(
            codes(miss).contains(&"sector_outside_focus"),
            "{financier}: {:?}",
            codes(miss)
        );
        assert!(!codes(miss).contains(&"outside_mandate_sector"));
        let focus_reason = hit
            .reasons
            .iter()
            .find(|r| r.code == "sector_focus")
            .expect("focus reason");
        assert!(
            focus_reason
                .nl
                .starts_with(&format!("focussector van {financier}")),
            "{}",
            focus_reason.nl
        );
        let outside_reason = miss
            .reasons
            .iter()
            .find(|r| r.code == "sector_outside_focus")
            .expect("outside-focus reason");
        assert!(
            outside_reason
                .nl
                .contains("investeert ook in andere sectoren"),
            "{}",
            outside_reason.nl
        );
        assert!(
            outside
                .excluded
                .iter()
                .all(|e| &*e.names.financier_name != financier),
            "{financier} is not excluded"
        );
    }
}

/// Every specialised fund excludes a case outside its sectors, with the mandate code.
#[test]
fn a_specialised_fund_excludes_a_case_outside_its_sectors() {
    // (financier, province, stage, capital type) where only the sector is wrong.
    let funds = [
        ("Invest-NL Deep Tech Fund", "UT", "startup", "equity"),
        ("G-Force Capital", "GR", "startup", "senior_loan"),
        ("Seed Capital fondsen (RVO)", "UT", "seed", "equity"),
        ("Innovation Industries", "UT", "growth", "equity"),
        ("DeepTechXL", "NB", "growth", "equity"),
    ];
    let db = TestDb::new();
    let mut store = starter_store(&db);
    for (financier, province, stage, capital_type) in funds {
        let c = case(
            &mut store,
            &format!("{financier} buiten BV"),
            province,
            800_000,
            stage,
            "logistics",
            &[capital_type],
        );
        let r = report(&store, &c);
        assert!(
            find(&r, financier).is_none(),
            "{financier} must not match logistics: {:?}",
            names(&r)
        );
        let excluded = r
            .excluded
            .iter()
            .find(|e| &*e.names.financier_name == financier)
            .unwrap_or_else(|| panic!("{financier} excluded"));
        let codes: Vec<&str> = excluded.reasons.iter().map(|r| &*r.code).collect();
        assert!(
            codes.contains(&"outside_mandate_sector"),
            "{financier}: {codes:?}"
        );
    }
}

/// The two cases of the issue, as a northern and a Zuid-Holland coordinator would judge them.
#[test]
fn the_coordinators_first_call_is_at_the_top() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    let drenthe = case(
        &mut store,
        "Drentse Zuivel BV",
        "DR",
        1_800_000,
        "growth",
        "agri_food",
        &["senior_loan", "subordinated_loan", "equity"],
    );
    let r = report(&store, &drenthe);
    let top: Vec<&str> = r
        .matches
        .iter()
        .take(3)
        .map(|m| m.names.financier_name.as_ref())
        .collect();
    assert!(
        top.contains(&"NOM (Noordelijke Ontwikkelings Maatschappij)"),
        "NOM in the top 3 for Drenthe: {:?}",
        names(&r)
    );

    let zh = case(
        &mut store,
        "Haven Logistiek BV",
        "ZH",
        3_000_000,
        "scale_up",
        "logistics",
        &["equity"],
    );
    let r = report(&store, &zh);
    assert!(
        !r.matches.is_empty(),
        "a Zuid-Holland logistics scale-up gets matches"
    );
    assert_eq!(
        &*r.matches[0].names.financier_name,
        "InnovationQuarter",
        "{:?}",
        names(&r)
    );
    assert!(r.nearest.is_empty(), "nearest only when nothing matches");
}

/// A case nothing serves: the report lists the nearest excluded instruments, closest first,
/// each with the condition it fails and the case's value beside it.
#[test]
fn nothing_matching_lists_the_nearest_with_what_would_change_them() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    // € 3m equity for a scale-up in Zeeland: Impuls Zeeland works there (up to € 2.5m, start
    // and growth), Invest-NL from rounds of € 5m; nobody passes every filter.
    let c = case(
        &mut store,
        "Zeeuwse Scale-up BV",
        "ZE",
        3_000_000,
        "scale_up",
        "logistics",
        &["equity"],
    );
    let r = report(&store, &c);
    assert!(r.matches.is_empty(), "nothing serves it: {:?}", names(&r));
    assert!(
        !r.nearest.is_empty() && r.nearest.len() <= 5,
        "{:?}",
        r.nearest
    );
    let first = &r.nearest[0];
    assert_eq!(
        first.conditions.len(),
        1,
        "the nearest fails one condition: {first:?}"
    );
    for pair in r.nearest.windows(2) {
        let key = |n: &tafel::matching::NearestResult| (n.conditions.len(), n.distance);
        assert!(
            key(&pair[0]).0 < key(&pair[1]).0
                || (key(&pair[0]).0 == key(&pair[1]).0 && key(&pair[0]).1 <= key(&pair[1]).1),
            "closest first"
        );
    }
    for n in &r.nearest {
        for condition in &n.conditions {
            assert_eq!(condition.kind, tafel::matching::ReasonKind::Failed);
            assert!(
                condition.nl.contains(" — "),
                "what it asks — what the case is: {}",
                condition.nl
            );
        }
    }
    // Zeeland's own fund is the closest: only its stages are off, by one step.
    assert_eq!(
        &*first.names.financier_name, "Impuls Zeeland",
        "{:?}",
        r.nearest
    );
    assert_eq!(first.conditions[0].code, "outside_mandate_stage");
    assert_eq!(
        first.conditions[0].nl.as_ref(),
        "alleen de fasen Startende onderneming (0–3 jaar) en Groei — de onderneming is in de fase Scale-up"
    );
    assert!(r.excluded_count as usize >= r.nearest.len());

    // The CLI's JSON carries them.
    let out = tafel(&db, &["match", &c.case_number, "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let nearest = json["nearest"].as_array().expect("nearest");
    assert_eq!(nearest.len(), r.nearest.len());
    assert_eq!(nearest[0]["instrument_name"], &*first.names.instrument_name);
    assert_eq!(nearest[0]["condition_codes"][0], &*first.conditions[0].code);
    let human = tafel(&db, &["match", &c.case_number], None);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("Geen enkel instrument voldoet") && text.contains("Het dichtst bij"),
        "{text}"
    );
    assert!(text.contains(&*first.conditions[0].nl), "{text}");
}

/// A need no combination covers: the best partial stack with its gap in euros, and the
/// nearest instruments beside it.
#[test]
fn no_stack_covering_the_need_gives_the_best_partial_stack_and_its_gap() {
    let db = TestDb::new();
    let mut store = starter_store(&db);
    // A credit-union loan of € 1m: the credit union lends up to € 250k, nothing else serves it.
    let c = case(
        &mut store,
        "Coaching Kredietunie BV",
        "UT",
        1_000_000,
        "startup",
        "other",
        &["credit_union_loan"],
    );
    let proposal = default_stacks(&store, &c.id).expect("proposal");
    assert!(proposal.stacks.is_empty(), "{:?}", proposal.stacks);
    let partial = proposal.partial.expect("a partial stack");
    assert!(partial.total_cents > 0 && partial.total_cents < partial.need_cents);
    assert_eq!(partial.gap_cents, partial.need_cents - partial.total_cents);
    assert_eq!(
        partial.total_cents,
        partial.tranches.iter().map(|t| t.amount_cents).sum::<i64>()
    );
    let gap = partial
        .reasons
        .iter()
        .find(|r| r.code == "stack_gap")
        .expect("gap reason");
    assert!(gap.nl.contains("er ontbreekt € 750.000"), "{}", gap.nl);
    assert!(
        !proposal.nearest.is_empty(),
        "the nearest instruments beside the partial stack"
    );
    // A partial stack is no plan.
    assert!(tafel::service::matching::save_plan(&mut store, &actor(), &c.id, &partial).is_err());

    let out = tafel(&db, &["stack", &c.case_number], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Beste gedeeltelijke stapel (er ontbreekt € 750.000)"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&tafel(&db, &["stack", &c.case_number, "--json"], None).stdout)
            .expect("JSON");
    assert_eq!(json["stacks"], serde_json::json!([]));
    assert_eq!(json["partial"]["gap_cents"], 75_000_000);
}

/// A database whose register came from the starter register before `sector_mode` existed
/// keeps the strict default until the starter register is imported again; then NOM matches
/// the northern agri-food case.
#[test]
fn importing_the_starter_register_again_brings_the_focus_to_an_older_database() {
    let db = TestDb::new();
    let mut store = db.open();
    // The starter register as it was: the same file without the new column.
    let old: String = {
        let mut reader = csv::Reader::from_reader(STARTER_REGISTER_CSV.as_bytes());
        let headers = reader.headers().expect("headers").clone();
        let keep: Vec<usize> = (0..headers.len())
            .filter(|i| &headers[*i] != "sector_mode")
            .collect();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(keep.iter().map(|i| &headers[*i]))
            .expect("header");
        for record in reader.records() {
            let record = record.expect("record");
            writer
                .write_record(keep.iter().map(|i| &record[*i]))
                .expect("row");
        }
        String::from_utf8(writer.into_inner().expect("csv")).expect("utf-8")
    };
    let path = db.dir.path().join("register-oud.csv");
    std::fs::write(&path, old).expect("write");
    import_register_file(&mut store, &actor(), &path).expect("old register");
    let c = case(
        &mut store,
        "Drentse Zuivel BV",
        "DR",
        1_800_000,
        "growth",
        "agri_food",
        &["senior_loan", "subordinated_loan", "equity"],
    );
    let nom = "NOM (Noordelijke Ontwikkelings Maatschappij)";
    assert!(
        find(&report(&store, &c), nom).is_none(),
        "strict where nothing is said"
    );

    let again = import_starter_register(&mut store, &actor()).expect("starter again");
    assert!(
        again.instruments_updated >= 3,
        "the focus ROMs are updated: {again:?}"
    );
    assert!(
        find(&report(&store, &c), nom).is_some(),
        "NOM matches after the import"
    );
}

/// The register file's column reads Dutch labels and refuses what it does not know.
#[test]
fn the_sector_mode_column_reads_dutch_labels_and_refuses_unknown_values() {
    let db = TestDb::new();
    let mut store = db.open();
    let sheet = "Naam;Soort financier;Werkgebied;Kapitaalsoorten;Sectoren;Sectoren gelden als;Fasen;Fasen gelden als\n\
                 Fonds Noord;ROM;Groningen;Eigen vermogen;Energie;focus;Groei;alleen deze fasen\n\
                 Fonds Zuid;ROM;Limburg;Eigen vermogen;Energie;Alleen deze sectoren;;\n";
    let path = db.dir.path().join("register.csv");
    std::fs::write(&path, sheet).expect("write");
    let preview = tafel::service::register::preview_register_import(&mut store, &path, None)
        .expect("preview");
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    tafel::service::register::import_register(
        &mut store,
        &actor(),
        &path,
        None,
        tafel::service::transfer::ImportMode::AllOrNothing,
    )
    .expect("import");
    let instruments = store.financiers().instruments().expect("instruments");
    let of = |name: &str| instruments.iter().find(|i| i.name == name).expect(name);
    assert_eq!(
        (of("Fonds Noord").sector_mode, of("Fonds Noord").stage_mode),
        (ListMode::Focus, ListMode::Exclusive)
    );
    assert_eq!(of("Fonds Zuid").sector_mode, ListMode::Exclusive);

    let bad = "Naam;Soort financier;Werkgebied;Kapitaalsoorten;Sectoren;Sectoren gelden als\nFonds West;ROM;Zeeland;Eigen vermogen;Energie;soms\n";
    std::fs::write(&path, bad).expect("write");
    let preview = tafel::service::register::preview_register_import(&mut store, &path, None)
        .expect("preview");
    let error = preview
        .errors
        .iter()
        .flat_map(|e| e.errors.iter())
        .find(|e| e.field == "sector_mode")
        .expect("sector_mode error");
    assert!(error.message.contains("\"soms\""), "{}", error.message);
}

/// The demo shows the difference: the Frisian dairy asking a subordinated loan is matched to
/// NOM, the north's development company, although agri-food is not among NOM's focus sectors.
#[test]
fn the_demo_matches_the_northern_agri_food_case_to_nom() {
    let db = TestDb::new();
    let mut store = db.open();
    tafel::service::demo::load_demo(&mut store, &actor(), today()).expect("demo");
    let dairy = tafel::service::cases::list_cases(
        &store,
        &tafel::store::CaseFilter {
            query: Some("Greidhoeve".into()),
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("list")
    .into_iter()
    .next()
    .expect("the dairy");
    let r = match_case(
        &store,
        &dairy.id,
        &Default::default(),
        tafel::clock::today(),
    )
    .expect("match");
    let nom = find(&r, "NOM (Noordelijke Ontwikkelings Maatschappij)")
        .unwrap_or_else(|| panic!("NOM for the dairy: {:?}", names(&r)));
    assert!(
        codes(nom).contains(&"sector_outside_focus"),
        "{:?}",
        codes(nom)
    );
    assert!(
        r.matches
            .iter()
            .position(|m| m.names.financier_name == nom.names.financier_name)
            .is_some_and(|i| i < 5),
        "{:?}",
        names(&r)
    );
}

/// In every province with its own development company or fund, a € 1m growth request for
/// subordinated capital or equity from an ordinary sector puts that regional party in the
/// top three: the coordinator's first call.
#[test]
fn in_every_province_the_regional_party_is_among_the_first_three() {
    let regional = [
        ("GR", "NOM (Noordelijke Ontwikkelings Maatschappij)"),
        ("FR", "NOM (Noordelijke Ontwikkelings Maatschappij)"),
        ("DR", "NOM (Noordelijke Ontwikkelings Maatschappij)"),
        ("OV", "Oost NL"),
        ("GE", "Oost NL"),
        ("NB", "BOM (Brabantse Ontwikkelings Maatschappij)"),
        ("LI", "LIOF"),
        ("ZH", "InnovationQuarter"),
        ("UT", "ROM Utrecht Region"),
        ("NH", "ROM InWest"),
        ("ZE", "Impuls Zeeland"),
    ];
    let db = TestDb::new();
    let mut store = starter_store(&db);
    for (province, financier) in regional {
        let c = case(
            &mut store,
            &format!("Groeibedrijf {province} BV"),
            province,
            1_000_000,
            "growth",
            "other",
            &["subordinated_loan", "equity"],
        );
        let r = report(&store, &c);
        let top: Vec<&str> = r
            .matches
            .iter()
            .take(3)
            .map(|m| m.names.financier_name.as_ref())
            .collect();
        assert!(
            top.contains(&financier),
            "{province}: {financier} in the top 3: {:?}",
            names(&r)
        );
    }
}
