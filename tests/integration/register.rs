//! Register import: the starter register, CSV and JSON files, bad rows.

use std::fs;

use tafel::Error;
use tafel::domain::{CapitalType, FinancierType, Region};
use tafel::service::register::{import_register_file, import_starter_register, list_financiers};

use crate::common::*;

#[test]
fn starter_register_keeps_sources_and_uncertainty() {
    let db = TestDb::new();
    let mut store = db.open();
    let report = import_starter_register(&mut store, &actor()).expect("import");
    assert!(
        report.rows >= 39,
        "all rows of register.csv and guarantee-schemes.csv: {report:?}"
    );
    let list = list_financiers(&store, today()).expect("list");
    let invest_nl = list
        .iter()
        .find(|f| f.name == "Invest-NL")
        .expect("Invest-NL");
    assert_eq!(invest_nl.financier_type, FinancierType::NationalPublic);
    assert_eq!(invest_nl.regions, vec![Region::NL]);
    assert!(invest_nl.uncertain, "its ticket range is marked uncertain");
    assert!(invest_nl.stale, "never verified counts as stale");

    let rvo = list.iter().find(|f| f.name == "RVO").expect("RVO");
    let rvo = store.financiers().get(&rvo.id).expect("get");
    let bmkb = rvo
        .instruments
        .iter()
        .find(|i| i.name.starts_with("BMKB ("))
        .expect("BMKB");
    assert_eq!(
        bmkb.capital_types,
        vec![CapitalType::Guarantee],
        "guarantees are guarantees, not money"
    );
    assert!(
        bmkb.source_url
            .as_deref()
            .is_some_and(|u| u.contains("rvo.nl"))
    );
    let go = rvo
        .instruments
        .iter()
        .find(|i| i.name.starts_with("GO"))
        .expect("GO");
    assert_eq!(go.ticket_min_cents, Some(150_000_000));

    let every_instrument = store.financiers().instruments().expect("instruments");
    assert!(
        every_instrument.iter().all(|i| i.source_url.is_some()),
        "every entry keeps its source"
    );
    // Dutch first, English second: every rule and uncertainty note has its English text.
    for i in &every_instrument {
        assert_eq!(i.rules.is_some(), i.rules_en.is_some(), "{}", i.name);
        assert_eq!(
            i.uncertainty.is_some(),
            i.uncertainty_en.is_some(),
            "{}",
            i.name
        );
    }
    let bmkb_rules = bmkb.rules_en.as_deref().unwrap_or_default();
    assert!(
        bmkb_rules.contains("the state guarantees 90%"),
        "{bmkb_rules}"
    );

    // Importing again changes nothing.
    let again = import_starter_register(&mut store, &actor()).expect("again");
    assert_eq!(again.unchanged, again.rows);
    assert_eq!(again.instruments_created, 0);
}

#[test]
fn shared_register_csv_imports_as_is() {
    let db = TestDb::new();
    let mut store = db.open();
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/domain/register.csv");
    if !shared.exists() {
        eprintln!("skipped: {} not present", shared.display());
        return;
    }
    let report = import_register_file(&mut store, &actor(), &shared).expect("import");
    assert_eq!(report.rows, 34);
}

#[test]
fn a_bad_row_is_reported_with_its_line_and_nothing_is_imported() {
    let db = TestDb::new();
    let mut store = db.open();
    let file = db.dir.path().join("register.csv");
    fs::write(
        &file,
        "name,financier_type,regions,capital_types,ticket_min_eur,ticket_max_eur,stages,sectors,rules,source_url,uncertain\n\
         Goede Bank,bank,NL,senior_loan,10000,,growth,,,https://example.org,\n\
         \"Fonds, met komma\",rom_fund,UT,equity,50000,25000,seed,,,https://example.org,\n\
         Slechte Regio,bank,XX,senior_loan,,,,,,,\n\
         Onbekend Type,pawnshop,NL,loan,,,,,,,\n",
    )
    .expect("write");
    let err = import_register_file(&mut store, &actor(), &file).expect_err("bad rows");
    let Error::ImportRows(rows) = &err else {
        panic!("expected row errors, got {err:?}")
    };
    let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert_eq!(rows[0].errors[0].code, "ticket_order");
    assert_eq!(rows[1].errors[0].field, "regions");
    assert!(rows[2].errors.iter().any(|e| e.field == "financier_type"));
    assert!(rows[2].errors.iter().any(|e| e.field == "capital_types"));
    assert!(err.message_nl().contains("regel 3"), "{}", err.message_nl());
    assert_eq!(
        store.financiers().count().expect("count"),
        0,
        "nothing imported"
    );
    assert_eq!(store.history().count().expect("count"), 0);
}

#[test]
fn json_register_with_lists_as_arrays() {
    let db = TestDb::new();
    let mut store = db.open();
    let file = db.dir.path().join("register.json");
    fs::write(
        &file,
        r#"[{"name": "Kredietunie Rivierenland", "financier_type": "credit_union", "regions": ["GE", "UT"],
             "capital_types": ["credit_union_loan"], "ticket_max_eur": 250000, "stages": ["startup", "growth"],
             "source_url": "https://example.org/ku", "verified_on": "2026-10-01"}]"#,
    )
    .expect("write");
    let report = import_register_file(&mut store, &actor(), &file).expect("import");
    assert_eq!(report.financiers_created, 1);
    let list = list_financiers(&store, today()).expect("list");
    assert_eq!(list[0].regions, vec![Region::GE, Region::UT]);
    assert!(!list[0].stale, "verified last month");
    assert_eq!(
        list[0].verified_on.map(|d| d.to_string()).as_deref(),
        Some("2026-10-01")
    );
}

#[test]
fn inconsistent_financier_rows_are_refused() {
    let db = TestDb::new();
    let mut store = db.open();
    let file = db.dir.path().join("register.csv");
    fs::write(
        &file,
        "name,instrument_name,financier_type,regions,capital_types\nROM X,Fonds A,rom,UT,equity\nROM X,Fonds B,rom,NH,equity\nROM X,Fonds A,rom,UT,equity\n",
    )
    .expect("write");
    let Err(Error::ImportRows(rows)) = import_register_file(&mut store, &actor(), &file) else {
        panic!("expected row errors")
    };
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 4]);
    assert_eq!(rows[0].errors[0].code, "financier_inconsistent");
    assert_eq!(rows[1].errors[0].code, "instrument_duplicate");
}

#[test]
fn unsupported_file_type_is_refused() {
    let db = TestDb::new();
    let mut store = db.open();
    let file = db.dir.path().join("register.txt");
    fs::write(&file, "x").expect("write");
    assert_eq!(
        import_register_file(&mut store, &actor(), &file)
            .expect_err("txt")
            .code(),
        "unsupported_file"
    );
}

#[test]
fn editing_the_register_keeps_history() {
    use tafel::domain::{ContactDraft, FinancierDraft, InstrumentDraft};
    use tafel::service::register::*;
    let db = TestDb::new();
    let mut store = db.open();
    let draft = FinancierDraft {
        name: Some("Kredietunie Midden-Nederland".into()),
        financier_type: Some("credit_union".into()),
        regions: vec!["UT".into(), "GE".into()],
        website: Some("https://example.org".into()),
        notes: None,
    };
    let financier = create_financier(&mut store, &actor(), &draft).expect("create");
    assert_eq!(
        create_financier(&mut store, &actor(), &draft)
            .expect_err("twice")
            .code(),
        "financier_name_taken"
    );

    let bad = InstrumentDraft {
        name: Some("Lening".into()),
        capital_types: vec!["loan".into()],
        ticket_min_eur: Some("veel".into()),
        ..Default::default()
    };
    let err =
        add_instrument(&mut store, &actor(), &financier.id, &bad).expect_err("bad instrument");
    let fields: Vec<&str> = err
        .field_errors()
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(fields, ["capital_types", "ticket_min_eur"]);

    let instrument = InstrumentDraft {
        name: Some("Kredietunielening".into()),
        capital_types: vec!["credit_union_loan".into()],
        ticket_max_eur: Some(serde_json::json!("250k")),
        stages: vec!["startup".into(), "growth".into()],
        source_url: Some("https://example.org/lening".into()),
        verified_on: Some("01-11-2026".into()),
        ..Default::default()
    };
    let stored =
        add_instrument(&mut store, &actor(), &financier.id, &instrument).expect("instrument");
    assert_eq!(stored.ticket_max_cents, Some(25_000_000));
    let mut changed = instrument.clone();
    changed.ticket_max_eur = Some(serde_json::json!(300000));
    update_instrument(&mut store, &actor(), &stored.id, &changed).expect("update instrument");
    let contact = add_contact(
        &mut store,
        &actor(),
        &financier.id,
        &ContactDraft {
            name: Some("Jeroen Smit".into()),
            email: Some("jeroen@example.org".into()),
            signed_pledge: Some(true),
            ..Default::default()
        },
    )
    .expect("contact");
    assert!(
        add_contact(
            &mut store,
            &actor(),
            &financier.id,
            &ContactDraft {
                name: Some("X".into()),
                email: Some("x".into()),
                ..Default::default()
            }
        )
        .is_err()
    );
    delete_contact(&mut store, &actor(), &contact.id).expect("delete contact");
    let mut renamed = draft.clone();
    renamed.name = Some("Kredietunie Utrecht".into());
    update_financier(&mut store, &actor(), &financier.id, &renamed).expect("rename");

    let page = get_financier_with_history(&store, &financier.id).expect("page");
    assert_eq!(page.financier.name, "Kredietunie Utrecht");
    assert_eq!(
        page.financier.instruments[0].ticket_max_cents,
        Some(30_000_000)
    );
    assert!(page.financier.contacts.is_empty());
    let log: Vec<(String, String)> = page
        .history
        .iter()
        .map(|h| (h.entity.clone(), h.action.clone()))
        .collect();
    let expected: Vec<(String, String)> = [
        ("financier", "create"),
        ("instrument", "create"),
        ("instrument", "update"),
        ("contact", "create"),
        ("contact", "delete"),
        ("financier", "update"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(log, expected);
    let update = &page.history[2];
    assert_eq!(
        update.changes["ticket_max_cents"],
        serde_json::json!([25_000_000, 30_000_000])
    );

    delete_instrument(&mut store, &actor(), &stored.id).expect("delete instrument");
    delete_financier(&mut store, &actor(), &financier.id).expect("delete financier");
    assert!(list_financiers(&store, today()).expect("list").is_empty());
    assert!(
        store
            .financiers()
            .instruments()
            .expect("instruments")
            .is_empty()
    );
}
