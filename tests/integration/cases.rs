//! Case use cases: validation, company reuse, updates with history, soft delete, search and filters.

use rstest::rstest;
use serde_json::json;

use tafel::domain::{CapitalType, CaseDraft, CaseStatus, Province};
use tafel::service::cases::{
    add_case, delete_case, get_case_with_history, list_cases, update_case,
};
use tafel::store::{CaseFilter, CaseSort, CaseSortField};

use crate::common::*;

fn draft(value: serde_json::Value) -> CaseDraft {
    serde_json::from_value(value).expect("draft")
}

fn with(base: serde_json::Value, patch: serde_json::Value) -> CaseDraft {
    let mut value = base;
    for (k, v) in patch.as_object().expect("object") {
        if k == "company" {
            for (ck, cv) in v.as_object().expect("company") {
                value["company"][ck] = cv.clone();
            }
        } else {
            value[k] = v.clone();
        }
    }
    draft(value)
}

fn bakery_json() -> serde_json::Value {
    serde_json::to_value(bakery()).expect("json")
}

#[test]
fn adds_the_issue_example_with_defaults() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    assert_eq!(case.company.name, "Bakkerij Zonnedauw BV");
    assert_eq!(case.company.kvk.as_deref(), Some("71234567"));
    assert_eq!(case.company.province, Province::UT);
    assert_eq!(case.amount_cents, 4_000_000);
    assert_eq!(case.capital_types, vec![CapitalType::Microcredit]);
    assert_eq!(case.status, CaseStatus::Intake);
    assert_eq!(case.intake_date, today());
    assert_eq!(case.case_number, "2026-0001");
    assert_eq!(
        uuid::Uuid::parse_str(&case.id)
            .expect("uuid")
            .get_version_num(),
        7,
        "ids are UUIDv7"
    );
    let history = get_case_with_history(&store, &case.id)
        .expect("history")
        .history;
    assert_eq!(history.len(), 2, "company create + case create");
    assert!(
        history
            .iter()
            .all(|h| h.author == "Marieke Jansen" && h.source.id() == "ui")
    );
}

#[rstest]
#[case::kvk_short(json!({"company": {"kvk": "1234567"}}), "company.kvk", "kvk_format")]
#[case::kvk_letters(json!({"company": {"kvk": "7123456a"}}), "company.kvk", "kvk_format")]
#[case::amount_words(json!({"amount_eur": "veel geld"}), "amount_eur", "amount_format")]
#[case::amount_zero(json!({"amount_eur": 0}), "amount_eur", "amount_not_positive")]
#[case::amount_negative(json!({"amount_eur": "-5000"}), "amount_eur", "amount_not_positive")]
#[case::amount_missing(json!({"amount_eur": null}), "amount_eur", "required")]
#[case::name_missing(json!({"company": {"name": "  "}}), "company.name", "required")]
#[case::province_unknown(json!({"company": {"province": "XX"}}), "company.province", "unknown_value")]
#[case::stage_unknown(json!({"stage": "growht"}), "stage", "unknown_value")]
#[case::capital_type_unknown(json!({"capital_types": ["loan"]}), "capital_types", "unknown_value")]
#[case::capital_types_empty(json!({"capital_types": []}), "capital_types", "required")]
#[case::date_impossible(json!({"intake_date": "31-02-2026"}), "intake_date", "date_invalid")]
#[case::date_future(json!({"intake_date": "2027-01-05"}), "intake_date", "date_in_future")]
#[case::consent_order(json!({"consent_from": "2026-05-01", "consent_until": "2026-04-01"}), "consent_until", "consent_order")]
#[case::consent_same_day(json!({"consent_from": "2026-05-01", "consent_until": "01-05-2026"}), "consent_until", "consent_order")]
#[case::founding_future(json!({"company": {"founding_year": 2031}}), "company.founding_year", "number_range")]
#[case::employees_negative(json!({"company": {"employees": -3}}), "company.employees", "number_range")]
#[case::turnover_negative(json!({"company": {"turnover_eur": "-100"}}), "company.turnover_eur", "amount_negative")]
#[case::email(json!({"company": {"contact_email": "sanne.example"}}), "company.contact_email", "email_format")]
#[case::sbi(json!({"sbi_code": "10a"}), "sbi_code", "sbi_format")]
fn invalid_input_is_refused_with_a_specific_dutch_message(
    #[case] patch: serde_json::Value,
    #[case] field: &str,
    #[case] code: &str,
) {
    let db = TestDb::new();
    let mut store = db.open();
    let err = add_case(&mut store, &actor(), &with(bakery_json(), patch), today())
        .expect_err("must be refused");
    let errors = err.field_errors();
    let hit = errors
        .iter()
        .find(|e| e.field == field)
        .unwrap_or_else(|| panic!("no error on {field}: {errors:?}"));
    assert_eq!(hit.code, code);
    assert!(!hit.message.is_empty() && !hit.message_en.is_empty());
    assert_ne!(
        hit.message, hit.message_en,
        "the Dutch message is not the English one"
    );
    assert_eq!(store.cases().count().expect("count"), 0, "nothing written");
    assert_eq!(store.companies().count().expect("count"), 0);
}

#[rstest]
#[case("1,2 mln", 120_000_000)]
#[case("€ 850.000", 85_000_000)]
#[case("850k", 85_000_000)]
#[case("€ 1.250.000,50", 125_000_050)]
fn amounts_are_accepted_as_people_write_them(#[case] text: &str, #[case] cents: i64) {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(
        &mut store,
        &actor(),
        &with(bakery_json(), json!({"amount_eur": text})),
        today(),
    )
    .expect("add");
    assert_eq!(case.amount_cents, cents);
}

#[test]
fn kvk_with_spaces_is_normalised_and_dutch_dates_are_read() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(
        &mut store,
        &actor(),
        &with(bakery_json(), json!({"company": {"kvk": "7123 4567"}, "intake_date": "02-05-2026", "consent_from": "02-05-2026", "consent_until": "2027-05-02"})),
        today(),
    )
    .expect("add");
    assert_eq!(case.company.kvk.as_deref(), Some("71234567"));
    assert_eq!(case.intake_date.to_string(), "2026-05-02");
    assert_eq!(
        case.consent_until.map(|d| d.to_string()).as_deref(),
        Some("2027-05-02")
    );
}

#[test]
fn second_case_of_a_company_reuses_it_by_kvk() {
    let db = TestDb::new();
    let mut store = db.open();
    let first = add_case(
        &mut store,
        &actor(),
        &with(
            bakery_json(),
            json!({"company": {"municipality": "Amersfoort", "employees": 4}}),
        ),
        today(),
    )
    .expect("first");
    let second = add_case(
        &mut store,
        &actor(),
        &with(
            bakery_json(),
            json!({"amount_eur": 120000, "purpose": "growth", "company": {"employees": 6}}),
        ),
        today(),
    )
    .expect("second");
    assert_eq!(first.company.id, second.company.id, "same company");
    assert_eq!(store.companies().count().expect("count"), 1);
    assert_eq!(
        second.company.employees,
        Some(6),
        "new facts update the company"
    );
    assert_eq!(
        second.company.municipality.as_deref(),
        Some("Amersfoort"),
        "known facts are kept"
    );
    assert_eq!(second.case_number, "2026-0002");
}

#[test]
fn update_changes_fields_and_keeps_history() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    let updated = update_case(
        &mut store,
        &actor(),
        &case.id,
        &json!({"amount_eur": "55k", "status": "screening", "notes": "Jaarcijfers ontvangen", "company": {"municipality": "Utrecht"}}),
        today(),
    )
    .expect("update");
    assert_eq!(updated.amount_cents, 5_500_000);
    assert_eq!(updated.status, CaseStatus::Screening);
    assert_eq!(updated.company.municipality.as_deref(), Some("Utrecht"));
    assert_eq!(
        updated.company.name, "Bakkerij Zonnedauw BV",
        "untouched fields stay"
    );

    let history = get_case_with_history(&store, &case.id)
        .expect("history")
        .history;
    let last_case_change = history
        .iter()
        .rev()
        .find(|h| h.entity == "case")
        .expect("case change");
    assert_eq!(last_case_change.action, "update");
    assert_eq!(
        last_case_change.changes["amount_cents"],
        json!([4_000_000, 5_500_000])
    );
    assert_eq!(
        last_case_change.changes["status"],
        json!(["intake", "screening"])
    );
    let company_change = history
        .iter()
        .rev()
        .find(|h| h.entity == "company")
        .expect("company change");
    assert_eq!(
        company_change.changes["municipality"],
        json!([null, "Utrecht"])
    );

    // null clears a field.
    let cleared = update_case(
        &mut store,
        &actor(),
        &case.id,
        &json!({"notes": null}),
        today(),
    )
    .expect("clear");
    assert_eq!(cleared.notes, None);
}

#[test]
fn invalid_update_writes_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    let entries = store.history().count().expect("count");
    let err = update_case(
        &mut store,
        &actor(),
        &case.id,
        &json!({"amount_eur": 12000, "company": {"kvk": "12"}}),
        today(),
    )
    .expect_err("bad kvk");
    assert_eq!(err.code(), "invalid_input");
    let unchanged = store.cases().get(&case.id).expect("get");
    assert_eq!(unchanged, case, "the stored case is untouched");
    assert_eq!(store.history().count().expect("count"), entries);
    let unknown = update_case(
        &mut store,
        &actor(),
        &case.id,
        &json!({"amount": 5}),
        today(),
    )
    .expect_err("unknown field");
    assert_eq!(unknown.code(), "invalid_json");
}

#[test]
fn kvk_of_another_company_is_a_conflict_on_update() {
    let db = TestDb::new();
    let mut store = db.open();
    let a = add_case(&mut store, &actor(), &bakery(), today()).expect("a");
    add_case(
        &mut store,
        &actor(),
        &with(
            bakery_json(),
            json!({"company": {"name": "Ander BV", "kvk": "87654321"}}),
        ),
        today(),
    )
    .expect("b");
    let err = update_case(
        &mut store,
        &actor(),
        &a.id,
        &json!({"company": {"kvk": "87654321"}}),
        today(),
    )
    .expect_err("conflict");
    assert_eq!(err.code(), "kvk_taken");
    assert!(err.message_nl().contains("Ander BV"));
}

#[test]
fn delete_is_soft_and_keeps_history() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    delete_case(&mut store, &actor(), &case.id).expect("delete");
    assert!(
        store.cases().get(&case.id).is_err(),
        "deleted cases are not found"
    );
    assert!(
        list_cases(&store, &CaseFilter::default(), tafel::clock::today())
            .expect("list")
            .is_empty()
    );
    assert!(
        list_cases(
            &store,
            &CaseFilter {
                query: Some("Zonnedauw".into()),
                ..Default::default()
            },
            tafel::clock::today(),
        )
        .expect("list")
        .is_empty()
    );
    let history = store.history().of("case", &case.id).expect("history");
    assert_eq!(history.last().map(|h| h.action.as_str()), Some("delete"));
    let still_there: i64 = store
        .conn_for_tests()
        .query_row(
            "SELECT count(*) FROM cases WHERE id = ?1",
            [&case.id],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(still_there, 1, "the row stays");
}

#[test]
fn search_and_filters_find_the_right_cases() {
    let db = TestDb::new();
    let mut store = db.open();
    add_case(&mut store, &actor(), &bakery(), today()).expect("bakery");
    add_case(
        &mut store,
        &actor(),
        &draft(json!({
            "company": {"name": "Zeeuwse Mosselkwekerij De Schelp BV", "kvk": "92345678", "province": "ZE", "municipality": "Yerseke"},
            "amount_eur": "1,5 mln", "purpose": "sustainability", "stage": "mature", "sector": "agri_food",
            "capital_types": ["senior_loan", "subordinated_loan"], "status": "ready",
            "notes": "Elektrificatie van de kotters"
        })),
        today(),
    )
    .expect("mussels");
    fn names(store: &tafel::store::Store, filter: CaseFilter) -> Vec<String> {
        list_cases(store, &filter, tafel::clock::today())
            .expect("list")
            .into_iter()
            .map(|c| c.company_name)
            .collect()
    }
    let find = |filter: CaseFilter| names(&store, filter);
    assert_eq!(
        find(CaseFilter {
            query: Some("zonne".into()),
            ..Default::default()
        }),
        vec!["Bakkerij Zonnedauw BV"]
    );
    assert_eq!(
        find(CaseFilter {
            query: Some("kotters".into()),
            ..Default::default()
        }),
        vec!["Zeeuwse Mosselkwekerij De Schelp BV"]
    );
    assert_eq!(
        find(CaseFilter {
            query: Some("yerseke".into()),
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        find(CaseFilter {
            query: Some("9234".into()),
            ..Default::default()
        })
        .len(),
        1,
        "KvK prefix"
    );
    assert_eq!(
        find(CaseFilter {
            query: Some("mossel\"kwekerij OR".into()),
            ..Default::default()
        })
        .len(),
        0,
        "odd input is harmless"
    );
    assert_eq!(
        find(CaseFilter {
            statuses: vec![CaseStatus::Ready],
            ..Default::default()
        })
        .len(),
        1
    );
    assert_eq!(
        find(CaseFilter {
            capital_types: vec![CapitalType::Microcredit],
            ..Default::default()
        }),
        vec!["Bakkerij Zonnedauw BV"]
    );
    assert_eq!(
        find(CaseFilter {
            provinces: vec![Province::ZE, Province::UT],
            ..Default::default()
        })
        .len(),
        2
    );
    let by_amount = find(CaseFilter {
        sort: Some(CaseSort {
            field: CaseSortField::Amount,
            descending: true,
        }),
        ..Default::default()
    });
    assert_eq!(by_amount[0], "Zeeuwse Mosselkwekerij De Schelp BV");
    let by_amount_asc = find(CaseFilter {
        sort: Some(CaseSort {
            field: CaseSortField::Amount,
            descending: false,
        }),
        ..Default::default()
    });
    assert_eq!(by_amount_asc[0], "Bakkerij Zonnedauw BV");
    // Renaming the company updates the index of its cases.
    let case = store
        .cases()
        .list(&CaseFilter {
            query: Some("zonne".into()),
            ..Default::default()
        })
        .expect("list")[0]
        .id
        .clone();
    update_case(
        &mut store,
        &actor(),
        &case,
        &json!({"company": {"name": "Bakkerij Morgenrood BV"}}),
        today(),
    )
    .expect("rename");
    assert!(
        names(
            &store,
            CaseFilter {
                query: Some("zonnedauw".into()),
                ..Default::default()
            }
        )
        .is_empty()
    );
    assert_eq!(
        names(
            &store,
            CaseFilter {
                query: Some("morgenrood".into()),
                ..Default::default()
            }
        )
        .len(),
        1
    );
}

/// Two writers on one database (the app and the CLI, or two windows): an edit made on a
/// version that changed meanwhile is refused with a clear message and writes nothing; the
/// other change stays.
#[test]
fn an_edit_on_a_version_that_changed_meanwhile_is_refused() {
    let db = TestDb::new();
    let mut app = db.open();
    let case = add_case(&mut app, &actor(), &draft(bakery_json()), today()).expect("add");
    let mut cli = db.open();
    // The app opened the case (version `case.updated_at`); the CLI changes it first.
    std::thread::sleep(std::time::Duration::from_millis(5));
    update_case(
        &mut cli,
        &actor(),
        &case.id,
        &json!({"notes": "Gebeld door de bank"}),
        today(),
    )
    .expect("cli edit");
    let log_before = app.history().count().expect("log");
    let err = update_case(
        &mut app,
        &actor(),
        &case.id,
        &json!({"notes": "Mijn notitie", "expected_updated_at": case.updated_at}),
        today(),
    )
    .expect_err("stale edit");
    assert_eq!(err.code(), "case_changed_meanwhile");
    assert!(
        err.message_nl().contains("intussen gewijzigd")
            && err.message_nl().contains(&case.case_number),
        "{}",
        err.message_nl()
    );
    assert_eq!(
        app.cases().get(&case.id).expect("get").notes.as_deref(),
        Some("Gebeld door de bank"),
        "the other change stays"
    );
    assert_eq!(
        app.history().count().expect("log"),
        log_before,
        "nothing written"
    );
    // On the current version the edit goes through; without a version (a script) too.
    let current = app.cases().get(&case.id).expect("get").updated_at;
    update_case(
        &mut app,
        &actor(),
        &case.id,
        &json!({"notes": "Mijn notitie", "expected_updated_at": current}),
        today(),
    )
    .expect("fresh edit");
    update_case(
        &mut cli,
        &actor(),
        &case.id,
        &json!({"amount_eur": 45000}),
        today(),
    )
    .expect("unversioned edit");
}

/// The app and the CLI writing the same database at once: every write lands (no "database is
/// locked"), none is lost.
#[test]
fn two_processes_worth_of_writers_at_once_lose_nothing() {
    let db = TestDb::new();
    let ids: Vec<String> = {
        let mut store = db.open();
        (0..2).map(|i| add_case(&mut store, &actor(), &with(bakery_json(), json!({"company": {"name": format!("Bakkerij {i}"), "kvk": format!("7123456{i}")}})), today()).expect("add").id).collect()
    };
    let writers: Vec<_> = ids
        .iter()
        .cloned()
        .map(|id| {
            let path = db.path.clone();
            std::thread::spawn(move || {
                let mut store = tafel::store::Store::open(&path, &TestDb::key()).expect("open");
                for n in 0..40 {
                    update_case(
                        &mut store,
                        &actor(),
                        &id,
                        &json!({"notes": format!("stap {n}")}),
                        today(),
                    )
                    .unwrap_or_else(|e| panic!("write {n}: {e}"));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer");
    }
    let store = db.open();
    for id in &ids {
        assert_eq!(
            store.cases().get(id).expect("get").notes.as_deref(),
            Some("stap 39")
        );
        let edits = tafel::service::cases::get_case_with_history(&store, id)
            .expect("history")
            .history
            .iter()
            .filter(|h| h.action == "update")
            .count();
        assert_eq!(edits, 40, "every write is in the log");
    }
}

/// The app (this process) and the CLI (other processes) writing the same database at once,
/// with backups taken meanwhile by both: every write lands with its change-log entry, no
/// command fails (no "database is locked"), and every backup restores.
#[test]
fn the_app_and_the_cli_write_at_once_and_every_backup_taken_meanwhile_restores() {
    use std::process::Command;
    let db = TestDb::new();
    let (app_case, cli_case) = {
        let mut store = db.open();
        let mut add = |name: &str, kvk: &str| {
            add_case(
                &mut store,
                &actor(),
                &with(
                    bakery_json(),
                    json!({"company": {"name": name, "kvk": kvk}}),
                ),
                today(),
            )
            .expect("add")
            .id
        };
        (
            add("Bakkerij App", "71234560"),
            add("Bakkerij CLI", "71234561"),
        )
    };
    let backups = db.dir.path().join("backups");
    std::fs::create_dir(&backups).expect("dir");

    const APP_WRITES: usize = 60;
    const CLI_WRITES: usize = 16;
    let app = {
        let (path, id, backups) = (db.path.clone(), app_case.clone(), backups.clone());
        std::thread::spawn(move || {
            let mut store = tafel::store::Store::open(&path, &TestDb::key()).expect("open");
            for n in 0..APP_WRITES {
                update_case(
                    &mut store,
                    &actor(),
                    &id,
                    &json!({"notes": format!("app {n}")}),
                    today(),
                )
                .unwrap_or_else(|e| panic!("app write {n}: {} ({})", e.message_nl(), e.code()));
                if n % 15 == 0 {
                    let file = backups.join(format!("app-{n}.tafelbackup"));
                    tafel::service::transfer::backup_encrypted(
                        &store,
                        &actor(),
                        &file,
                        "twaalf tekens of meer",
                        &tafel::progress::Silent,
                    )
                    .expect("app backup");
                }
            }
        })
    };
    let cli = {
        let (path, id, backups) = (db.path.clone(), cli_case.clone(), backups.clone());
        std::thread::spawn(move || {
            let tafel = |args: &[&str], stdin: Option<String>| {
                let mut child = Command::new(crate::common::tafel_bin())
                    .args(args)
                    .env("TAFEL_DB", &path)
                    .env("TAFEL_DB_KEY", KEY_HEX)
                    .env("TAFEL_KEYCHAIN", "off")
                    .env("TAFEL_AUTHOR", "script")
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn tafel");
                if let Some(text) = stdin {
                    use std::io::Write;
                    child
                        .stdin
                        .take()
                        .expect("stdin")
                        .write_all(text.as_bytes())
                        .expect("write stdin");
                }
                let out = child.wait_with_output().expect("tafel");
                let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
                assert!(
                    out.status.success() && !stderr.contains("locked"),
                    "tafel {args:?}: {stderr}"
                );
            };
            for n in 0..CLI_WRITES {
                tafel(
                    &["case", "update", &id, "--json", "-"],
                    Some(json!({"notes": format!("cli {n}")}).to_string()),
                );
                if n % 5 == 0 {
                    let file = backups.join(format!("cli-{n}.json"));
                    tafel(&["backup", "-o", &file.display().to_string()], None);
                }
            }
        })
    };
    app.join().expect("app writer");
    cli.join().expect("cli writer");

    let store = db.open();
    let updates = |id: &str| {
        let history = tafel::service::cases::get_case_with_history(&store, id)
            .expect("history")
            .history;
        history.iter().filter(|h| h.action == "update").count()
    };
    assert_eq!(
        store.cases().get(&app_case).expect("get").notes.as_deref(),
        Some(format!("app {}", APP_WRITES - 1).as_str())
    );
    assert_eq!(
        store.cases().get(&cli_case).expect("get").notes.as_deref(),
        Some(format!("cli {}", CLI_WRITES - 1).as_str())
    );
    assert_eq!(
        updates(&app_case),
        APP_WRITES,
        "every app write is in the log"
    );
    assert_eq!(
        updates(&cli_case),
        CLI_WRITES,
        "every CLI write is in the log"
    );

    let mut restored = 0;
    for entry in std::fs::read_dir(&backups).expect("backups") {
        let file = entry.expect("entry").path();
        let fresh = TestDb::new();
        let mut empty = fresh.open();
        if tafel::service::transfer::is_encrypted_backup(&file) {
            tafel::service::transfer::restore_encrypted(
                &mut empty,
                &file,
                "twaalf tekens of meer",
                &tafel::progress::Silent,
            )
        } else {
            tafel::service::transfer::restore(&mut empty, &file, &tafel::progress::Silent)
        }
        .unwrap_or_else(|e| panic!("{} restores: {}", file.display(), e.message_nl()));
        assert_eq!(
            empty.cases().count().expect("count"),
            2,
            "{}",
            file.display()
        );
        restored += 1;
    }
    assert_eq!(
        restored,
        APP_WRITES.div_ceil(15) + CLI_WRITES.div_ceil(5),
        "every backup was written"
    );
}
