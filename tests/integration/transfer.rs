//! Import of case sheets, exports, backup and restore.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx};

use tafel::Error;
use tafel::domain::{CapitalType, CaseSource, CaseStatus, Province, Purpose, Stage};
use tafel::import::cases::{CaseColumnMapping, ColumnMapping, guess_mapping};
use tafel::import::sheet::Sheet;
use tafel::report::ExportFormat;
use tafel::service::cases::{add_case, delete_case};
use tafel::service::demo::load_demo;
use tafel::service::register::{import_register_file, import_starter_register, list_financiers};
use tafel::service::transfer::*;
use tafel::store::{CaseFilter, Store};

use crate::common::*;

#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/make_example_sheet.rs"]
mod example_sheet;

fn example(ext: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("assets/examples/casussen-financieringstafel.{ext}"))
}

fn write(db: &TestDb, name: &str, text: &str) -> PathBuf {
    let path = db.dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn all_cases(store: &Store) -> Vec<tafel::domain::CaseSummary> {
    store.cases().list(&CaseFilter::default()).expect("list")
}

const INVALID_ROWS: [usize; 5] = [23, 58, 97, 134, 171];

#[test]
fn the_example_sheet_is_regenerated_byte_for_byte() {
    let db = TestDb::new();
    let (xlsx, csv) = example_sheet::write_files(db.dir.path()).expect("generate");
    assert_eq!(
        std::fs::read(xlsx).expect("new xlsx"),
        std::fs::read(example("xlsx")).expect("committed xlsx"),
        "run the example to update"
    );
    assert_eq!(
        std::fs::read(csv).expect("new csv"),
        std::fs::read(example("csv")).expect("committed csv")
    );
}

#[test]
fn example_sheet_preview_shows_every_bad_row_and_duplicate() {
    let db = TestDb::new();
    let store = db.open();
    let preview = preview_case_import(
        &store,
        &example("xlsx"),
        None,
        today(),
        &tafel::progress::Silent,
    )
    .expect("preview");
    assert!(preview.mapping_guessed);
    assert!(
        preview.missing_fields.is_empty(),
        "{:?}",
        preview.missing_fields
    );
    assert_eq!(preview.headers.len(), 15);
    assert_eq!(
        preview.mapping.columns[0].field, None,
        "Nr. is not imported"
    );
    assert_eq!(preview.total_rows, 200);
    assert_eq!(preview.sample.len(), 20);
    assert_eq!(preview.sample[0].row, 2);

    let rows: Vec<usize> = preview.errors.iter().map(|e| e.line).collect();
    assert_eq!(rows, INVALID_ROWS);
    let first: Vec<(&str, &str)> = preview
        .errors
        .iter()
        .map(|e| (e.errors[0].field.as_str(), e.errors[0].code.as_str()))
        .collect();
    assert_eq!(
        first,
        vec![
            ("company.kvk", "kvk_format"),
            ("amount_eur", "amount_format"),
            ("company.province", "unknown_value"),
            ("intake_date", "date_invalid"),
            ("company.name", "required"),
        ]
    );
    assert!(
        preview.errors.iter().all(|e| e.errors.len() == 1),
        "one problem per bad row: {:?}",
        preview.errors
    );
    assert!(preview.errors[2].errors[0].message.contains("Vlaanderen"));
    assert!(preview.errors[3].errors[0].message.contains("31-02-2025"));

    let duplicates: Vec<(usize, Option<usize>)> = preview
        .duplicates
        .iter()
        .map(|d| (d.row, d.same_as_row))
        .collect();
    assert_eq!(
        duplicates,
        vec![(80, Some(12)), (150, Some(45)), (199, Some(120))]
    );
    assert!(
        preview.duplicates[0]
            .reason
            .starts_with("Zelfde casus als regel 12"),
        "{}",
        preview.duplicates[0].reason
    );
    assert_eq!((preview.valid_rows, preview.new_rows), (195, 192));
    assert_eq!(
        store.cases().count().expect("count"),
        0,
        "a preview writes nothing"
    );
}

#[test]
fn example_sheet_imports_valid_rows_with_source_import() {
    let db = TestDb::new();
    let mut store = db.open();
    let report = import_cases(
        &mut store,
        &actor(),
        &example("xlsx"),
        None,
        ImportMode::ValidRows,
        today(),
        &tafel::progress::Silent,
    )
    .expect("import");
    assert_eq!(
        (
            report.total_rows,
            report.imported,
            report.skipped_duplicates
        ),
        (200, 192, 3)
    );
    assert_eq!(
        report.errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        INVALID_ROWS
    );
    assert_eq!(store.cases().count().expect("count"), 192);
    assert_eq!(
        store.companies().count().expect("count"),
        191,
        "row 175 reuses the company of row 30"
    );

    // Messy values arrived as taxonomy values.
    let row = |n: usize| {
        report
            .cases
            .iter()
            .find(|c| c.row == n)
            .map(|c| store.cases().get(&c.id).expect("case"))
    };
    let eetcafe = row(4).expect("row 4"); // Nr. 3: Eetcafé, Assen, Drenthe, starter, 40k, Crowdfunding, Rabobank
    assert_eq!(eetcafe.company.province, Province::DR);
    assert_eq!(eetcafe.company.municipality.as_deref(), Some("Assen"));
    assert_eq!(eetcafe.stage, Stage::Startup);
    assert_eq!(eetcafe.amount_cents, 4_000_000);
    assert_eq!(eetcafe.capital_types, vec![CapitalType::Crowdfunding]);
    assert_eq!(
        eetcafe.source,
        CaseSource::BankDecline,
        "Aangebracht door: Rabobank"
    );
    assert_eq!(eetcafe.referrer.as_deref(), Some("Rabobank"));
    assert_eq!(eetcafe.status, CaseStatus::Financed);
    assert_eq!(eetcafe.intake_date.to_string(), "2025-01-12");
    let coatings = row(3).expect("row 3"); // Nr. 2: KvK typed "9205 9266", "€ 3.520.000", BMKB
    assert_eq!(coatings.company.kvk.as_deref(), Some("92059266"));
    assert_eq!(coatings.amount_cents, 352_000_000);
    assert_eq!(coatings.capital_types, vec![CapitalType::Guarantee]);
    assert_eq!(
        (coatings.stage, coatings.purpose),
        (Stage::Succession, Purpose::Acquisition)
    );
    assert_eq!(coatings.status, CaseStatus::Matching);
    let koeriers = row(6).expect("row 6"); // Nr. 5: "1670k", Houten, UT, Accountant
    assert_eq!(
        (koeriers.amount_cents, koeriers.company.province),
        (167_000_000, Province::UT)
    );
    assert_eq!(
        (koeriers.source, koeriers.status),
        (CaseSource::Accountant, CaseStatus::Referred)
    );
    let (reuse, first) = example_sheet::SAME_COMPANY_ROW;
    assert_eq!(
        row(reuse).expect("reuse").company.id,
        row(first).expect("first").company.id
    );

    // Case numbers follow intake order; history says it came from an import.
    let one = store.cases().get("2025-0001").expect("first case");
    assert_eq!(one.intake_date.to_string(), "2025-01-06");
    let history = store
        .history()
        .of_case(&one.id, &one.company.id)
        .expect("history");
    assert!(
        history
            .iter()
            .all(|h| h.source.id() == "import" && h.author == "Marieke Jansen")
    );

    // The same sheet again: every valid row is now a duplicate of a stored case.
    let again = import_cases(
        &mut store,
        &actor(),
        &example("xlsx"),
        None,
        ImportMode::ValidRows,
        today(),
        &tafel::progress::Silent,
    )
    .expect("again");
    assert_eq!((again.imported, again.skipped_duplicates), (0, 195));
    assert!(again.duplicates.iter().all(|d| d.existing_case.is_some()));
    assert_eq!(store.cases().count().expect("count"), 192);
}

#[test]
fn all_or_nothing_writes_nothing_when_a_row_is_bad() {
    let db = TestDb::new();
    let mut store = db.open();
    let err = import_cases(
        &mut store,
        &actor(),
        &example("xlsx"),
        None,
        ImportMode::AllOrNothing,
        today(),
        &tafel::progress::Silent,
    )
    .expect_err("bad rows");
    let Error::ImportRows(rows) = &err else {
        panic!("expected row errors, got {err:?}")
    };
    assert_eq!(
        rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        INVALID_ROWS
    );
    assert!(
        err.message_nl().starts_with("Er is niets geïmporteerd"),
        "{}",
        err.message_nl()
    );
    assert_eq!(store.cases().count().expect("count"), 0);
    assert_eq!(store.companies().count().expect("count"), 0);
    assert_eq!(store.history().count().expect("count"), 0);

    // Without bad rows, all-or-nothing imports everything (duplicates are skipped, not refused).
    let clean = write(
        &db,
        "schoon.csv",
        "Bedrijfsnaam;KvK;Provincie;Bedrag;Doel;Fase;Sector;Kapitaalsoort\nA BV;11111111;UT;50k;groei;groei;overig;lening\nA BV;11111111;UT;50000;groei;groei;overig;lening\n",
    );
    let report = import_cases(
        &mut store,
        &actor(),
        &clean,
        None,
        ImportMode::AllOrNothing,
        today(),
        &tafel::progress::Silent,
    )
    .expect("clean");
    assert_eq!((report.imported, report.skipped_duplicates), (1, 1));
}

#[test]
fn the_csv_version_reads_like_the_xlsx() {
    let (db1, db2) = (TestDb::new(), TestDb::new());
    let (mut s1, mut s2) = (db1.open(), db2.open());
    let xlsx = import_cases(
        &mut s1,
        &actor(),
        &example("xlsx"),
        None,
        ImportMode::ValidRows,
        today(),
        &tafel::progress::Silent,
    )
    .expect("xlsx");
    let csv = import_cases(
        &mut s2,
        &actor(),
        &example("csv"),
        None,
        ImportMode::ValidRows,
        today(),
        &tafel::progress::Silent,
    )
    .expect("csv");
    assert_eq!(
        csv.errors, xlsx.errors,
        "same row numbers, despite a two-line cell in row 60"
    );
    assert_eq!(csv.duplicates, xlsx.duplicates);
    let strip = |list: Vec<tafel::domain::CaseSummary>| {
        list.into_iter()
            .map(|c| {
                (
                    c.case_number,
                    c.company_name,
                    c.kvk,
                    c.province,
                    c.amount_cents,
                    c.stage,
                    c.sector,
                    c.capital_types,
                    c.status,
                    c.intake_date,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(all_cases(&s1)), strip(all_cases(&s2)));
}

#[test]
fn semicolon_and_comma_csv_with_dutch_values() {
    let db = TestDb::new();
    let mut store = db.open();
    let semi = "\u{FEFF}Naam onderneming;KvK-nummer;Vestigingsplaats;Provincie;Financieringsbehoefte;Type financiering;Fase;Sector;Doel;Datum intake;Eenmanszaak;Status\n\
                Bakkerij 't Zonnetje;1234 5678;Sneek;Friesland;€ 85.000;achtergestelde lening + BMKB;startup;Agri & food;Start;3-2-2025;ja;in behandeling\n\
                Metaal Noord BV;87654321;Tilburg;Noord Brabant;1,2 mln;Participatie, lening;Scale-up;HTSM;Groei;45691;nee;Gereed voor tafel\n";
    let comma = semi
        .replace(';', ",")
        .replace("1,2 mln", "\"1,2 mln\"")
        .replace("Participatie, lening", "\"Participatie, lening\"");
    for (name, text) in [("puntkomma.csv", semi.to_string()), ("komma.csv", comma)] {
        let path = write(&db, name, &text);
        let sheet = Sheet::read(&path).expect("sheet");
        assert_eq!(sheet.headers[0], "Naam onderneming", "{name}: BOM stripped");
        let preview = preview_case_sheet(&store, &sheet, None, today(), &tafel::progress::Silent)
            .expect("preview");
        assert!(preview.errors.is_empty(), "{name}: {:?}", preview.errors);
        assert_eq!(preview.new_rows, 2, "{name}");
        let bakery = &preview.sample[0].draft;
        assert_eq!(
            bakery.company.as_ref().and_then(|c| c.province.as_deref()),
            Some("FR")
        );
        assert_eq!(
            bakery.capital_types,
            Some(vec![
                "subordinated_loan".to_string(),
                "guarantee".to_string()
            ])
        );
        assert_eq!(bakery.intake_date.as_deref(), Some("2025-02-03"));
        assert_eq!(bakery.status.as_deref(), Some("screening"));
        assert_eq!(
            bakery.company.as_ref().and_then(|c| c.natural_person),
            Some(true)
        );
        let metal = &preview.sample[1].draft;
        assert_eq!(
            metal.company.as_ref().and_then(|c| c.province.as_deref()),
            Some("NB")
        );
        assert_eq!(
            metal.capital_types,
            Some(vec!["equity".to_string(), "senior_loan".to_string()])
        );
        assert_eq!(
            metal.intake_date.as_deref(),
            Some("2025-02-03"),
            "Excel serial 45691"
        );
        assert_eq!(metal.stage.as_deref(), Some("scale_up"));
    }
    let report = import_cases(
        &mut store,
        &actor(),
        &db.dir.path().join("puntkomma.csv"),
        None,
        ImportMode::ValidRows,
        today(),
        &tafel::progress::Silent,
    )
    .expect("import");
    assert_eq!(report.imported, 2);
    let metal = store.cases().get(&report.cases[1].id).expect("case");
    assert_eq!(metal.amount_cents, 120_000_000);
    assert_eq!(metal.purpose, Purpose::Growth);
    assert_eq!(metal.status, CaseStatus::Ready);
    let bakery = store.cases().get(&report.cases[0].id).expect("case");
    assert!(bakery.company.natural_person);
    assert_eq!(bakery.company.kvk.as_deref(), Some("12345678"));
}

#[test]
fn headers_are_guessed_in_dutch_and_english() {
    let guess = |headers: &[&str]| -> Vec<Option<String>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        guess_mapping(&headers)
            .columns
            .into_iter()
            .map(|c| c.field)
            .collect()
    };
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        guess(&[
            "Naam onderneming",
            "KvK",
            "Bedrag (€)",
            "Vestigingsplaats",
            "Type financiering",
            "Datum intake",
            "Aangebracht door",
            "Eigenaar",
            "Opmerkingen",
            "Nr."
        ]),
        vec![
            some("company.name"),
            some("company.kvk"),
            some("amount_eur"),
            some("company.municipality"),
            some("capital_types"),
            some("intake_date"),
            some("referrer"),
            some("owner"),
            some("notes"),
            None
        ]
    );
    assert_eq!(
        guess(&[
            "Company name",
            "CoC number",
            "Amount",
            "Province",
            "Stage",
            "Capital types",
            "Intake date",
            "Notes",
            "Owner",
            "Referred by",
            "Purpose"
        ]),
        vec![
            some("company.name"),
            some("company.kvk"),
            some("amount_eur"),
            some("company.province"),
            some("stage"),
            some("capital_types"),
            some("intake_date"),
            some("notes"),
            some("owner"),
            some("referrer"),
            some("purpose")
        ]
    );
    // Each field goes to one column: the second "amount" column is left out.
    assert_eq!(
        guess(&[
            "Gevraagd bedrag",
            "Financieringsbehoefte",
            "BEDRIJFSNAAM",
            "kvk-nr."
        ]),
        vec![
            some("amount_eur"),
            None,
            some("company.name"),
            some("company.kvk")
        ]
    );
}

#[test]
fn a_given_mapping_is_used_and_checked() {
    let db = TestDb::new();
    let mut store = db.open();
    let path = write(
        &db,
        "eigen.csv",
        "Klant;Nummer;Geld;Waar;Wat;Hoe;Soort;Vorm\nKlant A;22223333;75000;ut;start;starter;overig;microkrediet\n",
    );
    let guessed = preview_case_import(&store, &path, None, today(), &tafel::progress::Silent)
        .expect("preview");
    assert!(guessed.missing_fields.contains(&"company.name".to_string()));
    assert_eq!(
        guessed.errors.len(),
        1,
        "the row cannot be read without a mapping"
    );

    let pairs = [
        ("Klant", "company.name"),
        ("Nummer", "company.kvk"),
        ("Geld", "amount_eur"),
        ("Waar", "company.province"),
        ("Wat", "purpose"),
        ("Hoe", "stage"),
        ("Soort", "sector"),
        ("Vorm", "capital_types"),
    ];
    let mapping = CaseColumnMapping {
        columns: pairs
            .iter()
            .map(|(c, f)| ColumnMapping {
                column: c.to_string(),
                field: Some(f.to_string()),
            })
            .collect(),
    };
    let saved = db.dir.path().join("koppeling.json");
    mapping.save(&saved).expect("save");
    let loaded = CaseColumnMapping::load(&saved).expect("load");
    assert_eq!(loaded, mapping);
    let report = import_cases(
        &mut store,
        &actor(),
        &path,
        Some(&loaded),
        ImportMode::AllOrNothing,
        today(),
        &tafel::progress::Silent,
    )
    .expect("import");
    assert_eq!(report.imported, 1);
    assert_eq!(
        store
            .cases()
            .get(&report.cases[0].id)
            .expect("case")
            .capital_types,
        vec![CapitalType::Microcredit]
    );

    let mut wrong = mapping.clone();
    wrong.columns[0].field = Some("company.naam".into());
    wrong.columns[1].column = "Bestaat niet".into();
    let err = preview_case_import(
        &store,
        &path,
        Some(&wrong),
        today(),
        &tafel::progress::Silent,
    )
    .expect_err("bad mapping");
    let codes: Vec<&str> = err.field_errors().iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["mapping_unknown_field", "mapping_unknown_column"]
    );
}

#[test]
fn duplicates_against_the_database_and_within_the_file() {
    let db = TestDb::new();
    let mut store = db.open();
    let stored = add_case(&mut store, &actor(), &bakery(), today()).expect("bakery"); // 71234567, € 40.000, today
    let date = today().format("%d-%m-%Y").to_string();
    let path = write(
        &db,
        "dubbel.csv",
        &format!(
            "Bedrijfsnaam;KvK-nummer;Provincie;Gevraagd bedrag;Doel;Fase;Sector;Kapitaalsoort(en);Datum intake\n\
             Bakkerij Zonnedauw;7123 4567;UT;€ 40.000;start;startup;overig;microkrediet;{date}\n\
             Bakkerij Zonnedauw;71234567;UT;€ 60.000;groei;startup;overig;microkrediet;{date}\n\
             Bakkerij Zonnedauw;71234567;UT;60k;groei;startup;overig;microkrediet;{date}\n\
             Zonder KvK;;UT;10k;start;startup;overig;microkrediet;1-3-2026\n\
             zonder kvk;;UT;10000;start;startup;overig;microkrediet;2026-03-01\n"
        ),
    );
    let report = import_cases(
        &mut store,
        &actor(),
        &path,
        None,
        ImportMode::ValidRows,
        today(),
        &tafel::progress::Silent,
    )
    .expect("import");
    let dups: Vec<(usize, Option<String>, Option<usize>)> = report
        .duplicates
        .iter()
        .map(|d| (d.row, d.existing_case.clone(), d.same_as_row))
        .collect();
    assert_eq!(
        dups,
        vec![
            (2, Some(stored.case_number.clone()), None),
            (4, None, Some(3)),
            (6, None, Some(5))
        ]
    );
    assert!(report.duplicates[0].reason.contains(&stored.case_number));
    assert_eq!(report.imported, 2);
    let second = store.cases().get(&report.cases[0].id).expect("case");
    assert_eq!(
        second.company.id, stored.company.id,
        "company reused by KvK number"
    );
    assert_eq!(store.companies().count().expect("count"), 2);
}

#[test]
fn exports_open_in_excel_and_import_again() {
    let db = TestDb::new();
    let mut store = db.open();
    let demo = load_demo(&mut store, &actor(), today()).expect("demo");
    // A deleted case is not exported.
    let gone = all_cases(&store)[0].id.clone();
    delete_case(&mut store, &actor(), &gone).expect("delete");
    let expected = demo.cases - 1;

    let xlsx = db.dir.path().join("casussen.xlsx");
    let csv = db.dir.path().join("casussen.csv");
    assert_eq!(
        export_cases(
            &store,
            &actor(),
            &CaseFilter::default(),
            ExportFormat::Xlsx,
            &xlsx,
            &tafel::progress::Silent
        )
        .expect("xlsx")
        .rows,
        expected
    );
    assert_eq!(
        export_cases(
            &store,
            &actor(),
            &CaseFilter::default(),
            ExportFormat::Csv,
            &csv,
            &tafel::progress::Silent
        )
        .expect("csv")
        .rows,
        expected
    );

    // XLSX: real numbers and dates under Dutch headers.
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("open");
    assert_eq!(book.sheet_names(), vec!["Casussen".to_string()]);
    let range = book.worksheet_range_at(0).expect("sheet").expect("range");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..4],
        ["Casusnummer", "Datum intake", "Bedrijfsnaam", "KvK-nummer"]
    );
    let amount_col = header
        .iter()
        .position(|h| h == "Gevraagd bedrag")
        .expect("amount column");
    let first = range.rows().nth(1).expect("first row");
    assert!(
        matches!(first[amount_col], Data::Float(_)),
        "amount is a number: {:?}",
        first[amount_col]
    );
    assert!(
        matches!(first[1], Data::DateTime(_)),
        "intake is a date: {:?}",
        first[1]
    );
    let (kvk_col, status_col) = (
        3,
        header.iter().position(|h| h == "Status").expect("status"),
    );
    assert!(
        matches!(first[kvk_col], Data::String(_) | Data::Empty),
        "KvK stays text (leading zeros)"
    );
    let labels: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.label_nl()).collect();
    assert!(
        labels.contains(&first[status_col].to_string().as_str()),
        "Dutch status label"
    );

    // CSV: BOM, semicolons, Dutch labels, euros, dd-mm-jjjj.
    let text = std::fs::read_to_string(&csv).expect("csv text");
    assert!(text.starts_with("\u{FEFF}Casusnummer;Datum intake;Bedrijfsnaam;"));
    assert!(text.contains(";Gefinancierd;") || text.contains(";Intake;"));
    let second_line = text.lines().nth(1).expect("row");
    assert!(
        second_line
            .split(';')
            .nth(1)
            .is_some_and(|d| d.len() == 10 && d.as_bytes()[2] == b'-'),
        "{second_line}"
    );

    // Both import into a new database with the guessed mapping, unchanged.
    let original = export_lines(&store, &db, "origineel.csv");
    for file in [&xlsx, &csv] {
        let other = TestDb::new();
        let mut copy = other.open();
        let report = import_cases(
            &mut copy,
            &actor(),
            file,
            None,
            ImportMode::AllOrNothing,
            today(),
            &tafel::progress::Silent,
        )
        .expect("re-import");
        assert_eq!(report.imported, expected, "{}", file.display());
        assert_eq!(
            export_lines(&copy, &other, "kopie.csv"),
            original,
            "{} round trip",
            file.display()
        );
    }
}

/// The case export as sorted lines without the case number (numbers are given anew).
fn export_lines(store: &Store, db: &TestDb, name: &str) -> Vec<String> {
    let path = db.dir.path().join(name);
    export_cases(
        store,
        &actor(),
        &CaseFilter::default(),
        ExportFormat::Csv,
        &path,
        &tafel::progress::Silent,
    )
    .expect("export");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.as_bytes());
    let mut lines: Vec<String> = reader
        .records()
        .map(|r| {
            r.expect("record")
                .iter()
                .skip(1)
                .collect::<Vec<_>>()
                .join(";")
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn register_exports_and_imports_as_xlsx() {
    let db = TestDb::new();
    let mut store = db.open();
    let starter = import_starter_register(&mut store, &actor()).expect("register");
    let out = db.dir.path().join("register.xlsx");
    let report = export_register(
        &store,
        &actor(),
        ExportFormat::Xlsx,
        &out,
        today(),
        &tafel::progress::Silent,
    )
    .expect("export");
    assert_eq!(report.rows, starter.rows);
    let sheet = Sheet::read(&out).expect("read back");
    assert_eq!(sheet.headers[0], "Financier");
    assert!(
        sheet
            .rows
            .iter()
            .any(|r| r.cells[0] == "Invest-NL" && r.cells[1] == "Landelijke publieke financier")
    );
    let csv_out = db.dir.path().join("register.csv");
    export_register(
        &store,
        &actor(),
        ExportFormat::Csv,
        &csv_out,
        today(),
        &tafel::progress::Silent,
    )
    .expect("csv");
    assert!(
        std::fs::read_to_string(&csv_out)
            .expect("csv")
            .starts_with("\u{FEFF}Financier;Type financier;")
    );

    // The starter register's CSV, saved as .xlsx, imports the same.
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/register/register.csv");
    let as_xlsx = db.dir.path().join("register-bron.xlsx");
    csv_to_xlsx(&source, &as_xlsx);
    let other = TestDb::new();
    let mut copy = other.open();
    let imported = import_register_file(&mut copy, &actor(), &as_xlsx).expect("xlsx register");
    assert_eq!(imported.rows, starter.rows);
    let names = |s: &Store| {
        list_financiers(s, today())
            .expect("list")
            .into_iter()
            .map(|f| (f.name, f.regions, f.capital_types))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&copy), names(&store));

    // A bad cell is reported with its sheet row.
    let bad = db.dir.path().join("slecht.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (col, text) in ["name", "financier_type", "regions", "capital_types"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *text).expect("header");
    }
    for (col, text) in ["Goede Bank", "bank", "NL", "senior_loan"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, col as u16, *text).expect("cell");
    }
    for (col, text) in ["Slechte Bank", "bank", "XX", "senior_loan"]
        .iter()
        .enumerate()
    {
        ws.write_string(3, col as u16, *text).expect("cell");
    }
    book.save(&bad).expect("save");
    let Err(Error::ImportRows(rows)) = import_register_file(&mut copy, &actor(), &bad) else {
        panic!("expected row errors")
    };
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![4]);
}

fn csv_to_xlsx(source: &Path, target: &Path) {
    let mut reader = csv::Reader::from_path(source).expect("csv");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let headers = reader.headers().expect("headers").clone();
    for (col, h) in headers.iter().enumerate() {
        ws.write_string(0, col as u16, h).expect("header");
    }
    for (row, record) in reader.records().enumerate() {
        for (col, cell) in record.expect("record").iter().enumerate() {
            // Numbers as numbers, the way Excel keeps them.
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(row as u32 + 1, col as u16, n).map(|_| ()),
                Err(_) => ws
                    .write_string(row as u32 + 1, col as u16, cell)
                    .map(|_| ()),
            }
            .expect("cell");
        }
    }
    book.save(target).expect("save");
}

/// A backup's JSON without the change-log entries of exports (entity `export`).
fn without_exports(mut value: serde_json::Value) -> serde_json::Value {
    for table in value["tables"].as_array_mut().expect("tables") {
        if table["table"] != "change_log" {
            continue;
        }
        let entity = table["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .position(|c| c == "entity")
            .expect("entity column");
        if let Some(rows) = table["rows"].as_array_mut() {
            rows.retain(|row| row[entity] != "export");
        }
    }
    value
}

fn without_created_at(path: &Path) -> serde_json::Value {
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("backup")).expect("json");
    value.as_object_mut().expect("object").remove("created_at");
    value
}

#[test]
fn backup_and_restore_round_trip_exactly() {
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let deleted = all_cases(&store)[3].clone();
    delete_case(&mut store, &actor(), &deleted.id).expect("delete");
    let first = db.dir.path().join("backup-1.json");
    let report = backup(&store, &actor(), &first, &tafel::progress::Silent).expect("backup");
    let count = |table: &str| {
        report
            .tables
            .iter()
            .find(|t| t.table == table)
            .map(|t| t.rows)
            .expect("table")
    };
    assert_eq!(
        count("cases") as i64,
        store.cases().count().expect("count") + 1,
        "the deleted case is in the backup"
    );
    assert!(count("change_log") > 0 && count("instruments") > 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&first)
                .expect("meta")
                .permissions()
                .mode()
                & 0o777,
            0o600,
            "owner only"
        );
    }

    let restored_db = TestDb::new();
    let mut restored = restored_db.open();
    restore(&mut restored, &first, &tafel::progress::Silent).expect("restore");
    let second = restored_db.dir.path().join("backup-2.json");
    backup(&restored, &actor(), &second, &tafel::progress::Silent).expect("backup again");
    assert_eq!(without_created_at(&first), without_created_at(&second));

    // The restored database works: search indexes rebuilt, deleted stays deleted, history intact.
    let original = all_cases(&store);
    assert_eq!(all_cases(&restored), original);
    let name = original[0]
        .company_name
        .split_whitespace()
        .next()
        .expect("word")
        .to_string();
    let search = |s: &Store| {
        s.cases()
            .list(&CaseFilter {
                query: Some(name.clone()),
                ..Default::default()
            })
            .expect("search")
    };
    assert_eq!(search(&restored), search(&store));
    assert!(!search(&restored).is_empty());
    let gone = restored
        .cases()
        .list(&CaseFilter {
            query: Some(deleted.company_name.clone()),
            ..Default::default()
        })
        .expect("search");
    assert!(
        gone.iter().all(|c| c.id != deleted.id),
        "a deleted case stays out of search"
    );
    let case = restored.cases().get(&original[0].id).expect("case");
    assert_eq!(
        restored
            .history()
            .of_case(&case.id, &case.company.id)
            .expect("history"),
        store
            .history()
            .of_case(&case.id, &case.company.id)
            .expect("history")
    );
    // New writes continue the log after the restored entries.
    add_case(&mut restored, &actor(), &bakery(), today()).expect("add after restore");
    assert_eq!(
        restored.history().count().expect("count"),
        store.history().count().expect("count") + 2
    );
}

#[test]
fn restore_is_refused_on_a_database_with_data_and_for_newer_or_foreign_files() {
    let db = TestDb::new();
    let mut store = db.open();
    add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let file = db.dir.path().join("backup.json");
    backup(&store, &actor(), &file, &tafel::progress::Silent).expect("backup");

    let err = restore(&mut store, &file, &tafel::progress::Silent).expect_err("not empty");
    assert_eq!(err.code(), "restore_not_empty");
    assert!(
        err.message_nl().contains("lege database"),
        "{}",
        err.message_nl()
    );
    assert_eq!(store.cases().count().expect("count"), 1);

    let mut newer = without_created_at(&file);
    newer["schema_version"] = serde_json::json!(99);
    let newer_file = write(&db, "nieuwer.json", &newer.to_string());
    let empty_db = TestDb::new();
    let mut empty = empty_db.open();
    let err = restore(&mut empty, &newer_file, &tafel::progress::Silent).expect_err("newer");
    assert_eq!(err.code(), "backup_newer");
    assert!(
        err.message_nl().contains("nieuwere versie van Tafel"),
        "{}",
        err.message_nl()
    );

    let foreign = write(&db, "iets.json", r#"{"hello": "world"}"#);
    assert_eq!(
        restore(&mut empty, &foreign, &tafel::progress::Silent)
            .expect_err("foreign")
            .code(),
        "backup_invalid"
    );
    let mut unknown_column = without_created_at(&file);
    unknown_column["created_at"] = serde_json::json!("2026-01-01T00:00:00Z");
    unknown_column["tables"][0]["columns"][1] = serde_json::json!("naam");
    let broken = write(&db, "kapot.json", &unknown_column.to_string());
    assert_eq!(
        restore(&mut empty, &broken, &tafel::progress::Silent)
            .expect_err("unknown column")
            .code(),
        "backup_invalid"
    );
    assert!(
        empty.is_empty_for_restore().expect("empty"),
        "a refused restore writes nothing"
    );
}

fn tafel(db: &TestDb, args: &[&str]) -> Output {
    Command::new(crate::common::tafel_bin())
        .args(args)
        .env("TAFEL_DB", &db.path)
        .env("TAFEL_DB_KEY", KEY_HEX)
        .env("TAFEL_KEYCHAIN", "off")
        .env("TAFEL_AUTHOR", "script")
        .output()
        .expect("run tafel")
}

#[test]
fn cli_import_dry_run_writes_nothing_and_all_or_nothing_exits_2() {
    let db = TestDb::new();
    let sheet = example("xlsx");
    let sheet = sheet.to_str().expect("path");
    let mapping = db.dir.path().join("koppeling.json");
    let dry = tafel(
        &db,
        &[
            "import",
            sheet,
            "--dry-run",
            "--save-mapping",
            mapping.to_str().expect("path"),
        ],
    );
    let stdout = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(
        stdout.contains(
            "regel 23 (kolom \"KvK-nummer\"): KvK-nummer moet uit precies 8 cijfers bestaan"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("regel 80: Zelfde casus als regel 12"),
        "{stdout}"
    );
    assert!(
        stdout.contains("192 casus(sen) zouden worden geïmporteerd"),
        "{stdout}"
    );
    assert!(stdout.contains("Proefdraai: er is niets geschreven."));
    assert!(
        CaseColumnMapping::load(&mapping)
            .expect("saved mapping")
            .columns
            .iter()
            .any(|c| c.field.as_deref() == Some("amount_eur"))
    );
    let listed = tafel(&db, &["case", "list", "--json"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&listed.stdout).expect("json"),
        serde_json::json!([])
    );

    let strict = tafel(&db, &["import", sheet, "--all-or-nothing"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("regel 97 (company.province)"));

    let json = tafel(
        &db,
        &[
            "import",
            sheet,
            "--mapping",
            mapping.to_str().expect("path"),
            "--json",
        ],
    );
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json report");
    assert_eq!(report["imported"], 192);
    assert_eq!(report["skipped_duplicates"], 3);

    let out = db.dir.path().join("export.csv");
    let export = tafel(
        &db,
        &[
            "export",
            "cases",
            "--status",
            "financed",
            "-o",
            out.to_str().expect("path"),
        ],
    );
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let financed = std::fs::read_to_string(&out)
        .expect("export")
        .lines()
        .count()
        - 1;
    assert!(financed > 0 && financed < 192, "filtered: {financed}");

    let backup_file = db.dir.path().join("tafel-backup.json");
    assert!(
        tafel(&db, &["backup", "-o", backup_file.to_str().expect("path")])
            .status
            .success()
    );
    let refused = tafel(&db, &["restore", backup_file.to_str().expect("path")]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "restore into a database with data is refused"
    );
    let fresh = TestDb::new();
    let restored = tafel(&fresh, &["restore", backup_file.to_str().expect("path")]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let count = tafel(&fresh, &["case", "list", "--json"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&count.stdout)
            .expect("json")
            .as_array()
            .map(Vec::len),
        Some(192)
    );
}

// The speed of a 10,000-row import is measured by `cargo bench --bench case_log` (not a timed test).

#[test]
fn case_numbers_keep_counting_past_9999_after_a_restore() {
    let db = TestDb::new();
    let mut store = db.open();
    add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let file = db.dir.path().join("backup.json");
    backup(&store, &actor(), &file, &tafel::progress::Silent).expect("backup");
    let mut edited = without_created_at(&file);
    edited["created_at"] = serde_json::json!("2026-01-01T00:00:00Z");
    let cases = edited["tables"]
        .as_array_mut()
        .expect("tables")
        .iter_mut()
        .find(|t| t["table"] == "cases")
        .expect("cases");
    let column = cases["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .position(|c| c == "case_number")
        .expect("case_number");
    cases["rows"][0][column] = serde_json::json!("2026-9999");
    let path = write(&db, "9999.json", &edited.to_string());

    let other = TestDb::new();
    let mut restored = other.open();
    restore(&mut restored, &path, &tafel::progress::Silent).expect("restore");
    let mut next = bakery();
    next.amount_eur = Some(serde_json::json!(50_000));
    assert_eq!(
        add_case(&mut restored, &actor(), &next, today())
            .expect("10000")
            .case_number,
        "2026-10000"
    );
    assert_eq!(
        add_case(&mut restored, &actor(), &next, today())
            .expect("10001")
            .case_number,
        "2026-10001"
    );
}

#[test]
fn unreadable_and_unsupported_files_are_refused_in_dutch() {
    let db = TestDb::new();
    let store = db.open();
    let fake = write(&db, "kapot.xlsx", "dit is geen Excel-bestand");
    let err = preview_case_import(&store, &fake, None, today(), &tafel::progress::Silent)
        .expect_err("not a workbook");
    assert_eq!(err.code(), "sheet_unreadable");
    assert!(
        err.message_nl().contains("geen leesbaar Excel-bestand"),
        "{}",
        err.message_nl()
    );
    let old = write(&db, "oud.xls", "x");
    assert_eq!(
        preview_case_import(&store, &old, None, today(), &tafel::progress::Silent)
            .expect_err("xls")
            .code(),
        "unsupported_file"
    );
    let empty = write(&db, "leeg.csv", "");
    let preview = preview_case_import(&store, &empty, None, today(), &tafel::progress::Silent)
        .expect("empty sheet");
    assert_eq!((preview.total_rows, preview.headers.len()), (0, 0));
    assert_eq!(
        preview.missing_fields.len(),
        7,
        "{:?}",
        preview.missing_fields
    );
}

/// Text a spreadsheet would run as a formula leaves Tafel's CSV with a leading apostrophe
/// (so Excel shows it as text), and the same file imports back to the original text.
#[test]
fn formulas_in_a_csv_export_are_neutralised_and_read_back_unchanged() {
    let db = TestDb::new();
    let mut store = db.open();
    let dangerous = [
        (
            "=HYPERLINK(\"http://voorbeeld.example/x\";\"Jaarcijfers\")",
            "@Home Installatie BV",
        ),
        ("+31 6 12345678 bellen", "-Minus Design BV"),
    ];
    for (notes, name) in dangerous {
        let draft: tafel::domain::CaseDraft = serde_json::from_value(serde_json::json!({
            "company": {"name": name, "province": "UT"},
            "amount_eur": 50000, "purpose": "start", "stage": "startup", "sector": "other",
            "capital_types": ["microcredit"], "notes": notes,
        }))
        .expect("draft");
        add_case(&mut store, &actor(), &draft, today()).expect("case");
    }
    let path = db.dir.path().join("casussen.csv");
    export_cases(
        &store,
        &actor(),
        &CaseFilter::default(),
        ExportFormat::Csv,
        &path,
        &tafel::progress::Silent,
    )
    .expect("export");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    for record in reader.records() {
        for cell in record.expect("record").iter() {
            assert!(
                !(cell.starts_with(['=', '+', '@'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err())),
                "a cell Excel would run: {cell}"
            );
        }
    }
    assert!(
        text.contains("'=HYPERLINK(") && text.contains("'@Home Installatie BV"),
        "{text}"
    );

    let other = TestDb::new();
    let mut copy = other.open();
    import_cases(
        &mut copy,
        &actor(),
        &path,
        None,
        ImportMode::AllOrNothing,
        today(),
        &tafel::progress::Silent,
    )
    .expect("re-import");
    let mut imported: Vec<(String, Option<String>)> = all_cases(&copy)
        .iter()
        .map(|c| {
            let case = copy.cases().get(&c.id).expect("case");
            (case.company.name, case.notes)
        })
        .collect();
    imported.sort();
    let mut expected: Vec<(String, Option<String>)> = dangerous
        .iter()
        .map(|(notes, name)| (name.to_string(), Some(notes.to_string())))
        .collect();
    expected.sort();
    assert_eq!(imported, expected, "the apostrophes are gone again");
}

/// A path from the window (or a script) never makes Tafel write over its own database, key,
/// log or settings, nor read them as an import, however it is spelled; and a file's extension
/// must fit its format.
#[test]
fn the_database_and_its_key_are_never_a_target_or_a_source() {
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let dir = db.dir.path();
    std::fs::write(dir.join("tafel.db.key"), "sleutel").expect("key file");
    let link = dir.join("casussen.csv");
    std::os::unix::fs::symlink(&db.path, &link).expect("symlink");
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).expect("sub");
    let forbidden_targets = [
        db.path.clone(),
        dir.join("tafel.db-wal"),
        dir.join("tafel.db.key"),
        dir.join("matching.toml"),
        sub.join("../tafel.db"),
        link.clone(),
    ];
    for target in &forbidden_targets {
        let format = if target.extension().is_some_and(|e| e == "csv") {
            ExportFormat::Csv
        } else {
            ExportFormat::Xlsx
        };
        let err = export_cases(
            &store,
            &actor(),
            &CaseFilter::default(),
            format,
            target,
            &tafel::progress::Silent,
        )
        .expect_err("refused");
        assert!(
            matches!(err.code(), "path_forbidden" | "invalid_input"),
            "{}: {err:?}",
            target.display()
        );
        let code = err
            .field_errors()
            .first()
            .map(|f| f.code.clone())
            .unwrap_or_default();
        assert!(
            code == "path_forbidden" || code == "path_extension",
            "{}: {code}",
            target.display()
        );
    }
    let err = export_cases(
        &store,
        &actor(),
        &CaseFilter::default(),
        ExportFormat::Csv,
        &link,
        &tafel::progress::Silent,
    )
    .expect_err("the link to the database");
    assert_eq!(err.field_errors()[0].code, "path_forbidden", "{err:?}");
    assert!(
        err.message_nl().contains("eigen database"),
        "{}",
        err.message_nl()
    );
    let err = backup(
        &store,
        &actor(),
        &dir.join("templates").join("case-summary.json"),
        &tafel::progress::Silent,
    )
    .expect_err("templates");
    assert_eq!(err.field_errors()[0].code, "path_forbidden");
    // Reading: the database through its link, and its key file.
    let err = preview_case_import(&store, &link, None, today(), &tafel::progress::Silent)
        .expect_err("import the database");
    assert_eq!(err.field_errors()[0].code, "path_forbidden");
    assert_eq!(
        preview_case_import(
            &store,
            &dir.join("tafel.db.key"),
            None,
            today(),
            &tafel::progress::Silent
        )
        .expect_err("key")
        .code(),
        "unsupported_file"
    );
    // The extension fits the format.
    let err = export_cases(
        &store,
        &actor(),
        &CaseFilter::default(),
        ExportFormat::Xlsx,
        &dir.join("casussen.pdf"),
        &tafel::progress::Silent,
    )
    .expect_err("xlsx as .pdf");
    assert_eq!(err.field_errors()[0].code, "path_extension");
    assert!(
        err.message_nl().contains("moet eindigen op .xlsx"),
        "{}",
        err.message_nl()
    );
    let err = backup(
        &store,
        &actor(),
        &dir.join("backup.csv"),
        &tafel::progress::Silent,
    )
    .expect_err("backup as csv");
    assert_eq!(err.field_errors()[0].code, "path_extension");
    // Nothing was written over the database: it opens with every case.
    drop(store);
    assert_eq!(db.open().cases().count().expect("count"), 60);
}

/// Backups taken while another writer (the app beside the CLI) adds cases are each one
/// snapshot: every one restores, with each case's company and log entries in it.
#[test]
fn backups_taken_while_another_writer_adds_cases_all_restore() {
    let db = TestDb::new();
    drop(db.open());
    let path = db.path.clone();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&path, &TestDb::key()).expect("open");
            let mut n = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) && n < 400 {
                let draft: tafel::domain::CaseDraft = serde_json::from_value(serde_json::json!({
                    "company": {"name": format!("Schrijver {n} BV"), "kvk": format!("{:08}", 30_000_000 + n), "province": "UT"},
                    "amount_eur": 40000 + n, "purpose": "start", "stage": "startup", "sector": "other", "capital_types": ["microcredit"],
                }))
                .expect("draft");
                add_case(&mut store, &actor(), &draft, today()).expect("add");
                n += 1;
            }
        })
    };
    let store = db.open();
    let mut taken = 0;
    for i in 0..15 {
        let file = db.dir.path().join(format!("backup-{i}.json"));
        backup(&store, &actor(), &file, &tafel::progress::Silent).expect("a backup that restores");
        let other = TestDb::new();
        let mut copy = other.open();
        restore(&mut copy, &file, &tafel::progress::Silent).expect("restore");
        let cases = copy.cases().count().expect("cases");
        let companies = copy.companies().count().expect("companies");
        assert_eq!(cases, companies, "backup {i}: every case with its company");
        taken += 1;
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().expect("writer");
    assert_eq!(taken, 15);
}

/// The import preview says which character set a CSV was read in.
#[test]
fn the_preview_says_which_encoding_a_csv_was_read_in() {
    let db = TestDb::new();
    let store = db.open();
    let path = db.dir.path().join("oud-excel.csv");
    // "Café De Hoek" and "€ 50.000" as older Excel writes them (Windows-1252).
    std::fs::write(&path, b"Bedrijfsnaam;Provincie;Gevraagd bedrag;Kapitaalsoort(en)\nCaf\xe9 De Hoek;Utrecht;\x80 50.000;microkrediet\n").expect("write");
    let preview = preview_case_import(&store, &path, None, today(), &tafel::progress::Silent)
        .expect("preview");
    assert_eq!(
        preview.encoding,
        Some(tafel::domain::sheet::TextEncoding::Windows1252)
    );
    assert_eq!(
        preview.sample[0]
            .draft
            .company
            .as_ref()
            .and_then(|c| c.name.clone())
            .as_deref(),
        Some("Café De Hoek")
    );
    let utf8 = db.dir.path().join("nieuw.csv");
    std::fs::write(&utf8, "Bedrijfsnaam;Provincie\nCafé De Hoek;Utrecht\n").expect("write");
    assert_eq!(
        preview_case_import(&store, &utf8, None, today(), &tafel::progress::Silent)
            .expect("preview")
            .encoding,
        Some(tafel::domain::sheet::TextEncoding::Utf8)
    );
}

/// An encrypted backup holds no readable company data, restores exactly with its passphrase,
/// and refuses a wrong one without touching the target; the CLI makes and restores one.
#[test]
fn an_encrypted_backup_restores_only_with_its_passphrase() {
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let name = all_cases(&store)[0].company_name.clone();
    let file = db.dir.path().join("tafel.tafelbackup");
    let passphrase = "Zeven vette kippen in de wei";
    let report = backup_encrypted(
        &store,
        &actor(),
        &file,
        passphrase,
        &tafel::progress::Silent,
    )
    .expect("encrypted backup");
    assert!(
        report
            .tables
            .iter()
            .any(|t| t.table == "cases" && t.rows == 60)
    );
    let bytes = std::fs::read(&file).expect("file");
    assert!(
        !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
        "no company name in the file"
    );
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "not a plain SQLite file"
    );
    let leftovers: Vec<_> = std::fs::read_dir(db.dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with("tafel-tmp"))
        .collect();
    assert!(leftovers.is_empty());
    assert_eq!(
        backup_encrypted(
            &store,
            &actor(),
            &file.with_extension("json"),
            passphrase,
            &tafel::progress::Silent
        )
        .expect_err("wrong extension")
        .field_errors()[0]
            .code,
        "path_extension"
    );
    assert_eq!(
        backup_encrypted(
            &store,
            &actor(),
            &db.dir.path().join("kort.tafelbackup"),
            "te kort",
            &tafel::progress::Silent
        )
        .expect_err("short")
        .field_errors()[0]
            .code,
        "passphrase_too_short"
    );

    // A wrong passphrase changes nothing; the right one restores every row.
    let other = TestDb::new();
    let mut copy = other.open();
    let err = restore_encrypted(
        &mut copy,
        &file,
        "Acht vette kippen in de wei",
        &tafel::progress::Silent,
    )
    .expect_err("wrong passphrase");
    assert_eq!(err.code(), "backup_passphrase");
    assert!(
        err.message_nl().contains("wachtwoordzin"),
        "{}",
        err.message_nl()
    );
    assert_eq!(copy.cases().count().expect("count"), 0);
    restore_encrypted(&mut copy, &file, passphrase, &tafel::progress::Silent).expect("restore");
    let (a, b) = (
        db.dir.path().join("a.json"),
        other.dir.path().join("b.json"),
    );
    backup(&store, &actor(), &a, &tafel::progress::Silent).expect("backup of the original");
    backup(&copy, &actor(), &b, &tafel::progress::Silent).expect("backup of the copy");
    // Every row equal, but for the log entries of the exports made since (the encrypted backup
    // itself is logged once it is in place, so the copy made from it cannot hold that entry).
    assert_eq!(
        without_exports(without_created_at(&a)),
        without_exports(without_created_at(&b)),
        "the restored database equals the original"
    );
    let logged = |v: &serde_json::Value| {
        v["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .find(|t| t["table"] == "change_log")
            .expect("log")["rows"]
            .to_string()
    };
    assert!(
        logged(&without_created_at(&a)).contains("\"backup\""),
        "the encrypted backup is in the change log"
    );

    // The CLI, with the passphrase from the environment.
    let cli_file = db.dir.path().join("cli.tafelbackup");
    let out = Command::new(crate::common::tafel_bin())
        .args(["backup", "--encrypt", "-o"])
        .arg(&cli_file)
        .env("TAFEL_DB", &db.path)
        .env("TAFEL_DB_KEY", KEY_HEX)
        .env("TAFEL_KEYCHAIN", "off")
        .env("TAFEL_BACKUP_PASSPHRASE", passphrase)
        .output()
        .expect("run tafel");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Versleutelde back-up"));
    let third = TestDb::new();
    let out = Command::new(crate::common::tafel_bin())
        .arg("restore")
        .arg(&cli_file)
        .env("TAFEL_DB", &third.path)
        .env("TAFEL_DB_KEY", KEY_HEX)
        .env("TAFEL_KEYCHAIN", "off")
        .env("TAFEL_BACKUP_PASSPHRASE", passphrase)
        .output()
        .expect("run tafel");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(third.open().cases().count().expect("count"), 60);

    // `--replace`: the same backup in place of a database that has moved on since, as
    // Instellingen → Terugzetten does it; the data of before is kept in an automatic backup.
    tafel::service::cases::add_case(&mut store, &actor(), &crate::common::bakery(), today())
        .expect("a case added since");
    assert_eq!(
        store.cases().count().expect("count"),
        61,
        "the database moved on"
    );
    drop(store);
    let out = Command::new(crate::common::tafel_bin())
        .args(["restore", "--replace"])
        .arg(&cli_file)
        .env("TAFEL_DB", &db.path)
        .env("TAFEL_DB_KEY", KEY_HEX)
        .env("TAFEL_KEYCHAIN", "off")
        .env("TAFEL_BACKUP_PASSPHRASE", passphrase)
        .output()
        .expect("run tafel");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Database vervangen door de back-up"),
        "{stdout}"
    );
    assert!(stdout.contains("automatische back-up"), "{stdout}");
    assert_eq!(db.open().cases().count().expect("count"), 60);
    // A wrong passphrase changes nothing.
    let out = Command::new(crate::common::tafel_bin())
        .args(["restore", "--replace"])
        .arg(&cli_file)
        .env("TAFEL_DB", &db.path)
        .env("TAFEL_DB_KEY", KEY_HEX)
        .env("TAFEL_KEYCHAIN", "off")
        .env("TAFEL_BACKUP_PASSPHRASE", "niet de goede")
        .output()
        .expect("run tafel");
    assert!(!out.status.success());
    assert_eq!(db.open().cases().count().expect("count"), 60);
}

/// A file that opens with the passphrase but is no Tafel backup (empty, another program's
/// database) is refused as such, not with a database error, and restores nothing; a backup
/// from an older schema, without the tables added since, restores the tables it has.
#[test]
fn an_encrypted_backup_that_is_no_tafel_backup_is_refused() {
    let db = TestDb::new();
    let mut store = db.open();
    let passphrase = "Zeven vette kippen in de wei";
    let empty = db.dir.path().join("leeg.tafelbackup");
    std::fs::write(&empty, b"").expect("empty file");
    let foreign = db.dir.path().join("ander.tafelbackup");
    let conn = rusqlite::Connection::open(&foreign).expect("foreign");
    conn.pragma_update(None, "key", passphrase).expect("key");
    conn.execute_batch("CREATE TABLE notities (tekst TEXT); INSERT INTO notities VALUES ('x');")
        .expect("foreign table");
    drop(conn);
    for file in [&empty, &foreign] {
        let err = restore_encrypted(&mut store, file, passphrase, &tafel::progress::Silent)
            .expect_err("no backup");
        assert_eq!(err.code(), "backup_invalid", "{}: {err}", file.display());
        assert!(
            err.message_nl().contains("geen back-up van Tafel"),
            "{}",
            err.message_nl()
        );
        assert!(
            store.is_empty_for_restore().expect("empty"),
            "nothing restored from {}",
            file.display()
        );
    }

    let source = TestDb::new();
    let mut original = source.open();
    load_demo(&mut original, &actor(), today()).expect("demo");
    let older = source.dir.path().join("ouder.tafelbackup");
    backup_encrypted(
        &original,
        &actor(),
        &older,
        passphrase,
        &tafel::progress::Silent,
    )
    .expect("backup");
    let conn = rusqlite::Connection::open(&older).expect("backup file");
    conn.pragma_update(None, "key", passphrase).expect("key");
    conn.execute_batch("DROP TABLE follow_ups")
        .expect("an older schema");
    drop(conn);
    let report = restore_encrypted(&mut store, &older, passphrase, &tafel::progress::Silent)
        .expect("an older backup restores");
    assert!(!report.tables.iter().any(|t| t.table == "follow_ups"));
    assert_eq!(store.cases().count().expect("count"), 60);
}

/// Every export is in the change log once its file is in place, with who and which file.
#[test]
fn every_export_is_recorded_in_the_change_log() {
    let db = TestDb::new();
    let mut store = db.open();
    load_demo(&mut store, &actor(), today()).expect("demo");
    let dir = db.dir.path();
    let before = store.history().count().expect("log");
    export_cases(
        &store,
        &actor(),
        &CaseFilter::default(),
        ExportFormat::Csv,
        &dir.join("casussen.csv"),
        &tafel::progress::Silent,
    )
    .expect("cases");
    export_register(
        &store,
        &actor(),
        ExportFormat::Xlsx,
        &dir.join("register.xlsx"),
        today(),
        &tafel::progress::Silent,
    )
    .expect("register");
    backup(
        &store,
        &actor(),
        &dir.join("backup.json"),
        &tafel::progress::Silent,
    )
    .expect("backup");
    backup_encrypted(
        &store,
        &actor(),
        &dir.join("backup.tafelbackup"),
        "Zeven vette kippen in de wei",
        &tafel::progress::Silent,
    )
    .expect("encrypted");
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    tafel::service::report::export_report(
        &store,
        &actor(),
        from,
        today(),
        tafel::service::report::ReportFormat::Json,
        tafel::report::documents::Lang::Nl,
        &dir.join("rapport.json"),
        &tafel::progress::Silent,
    )
    .expect("report");
    let meeting = tafel::service::meetings::list_meetings(&store)
        .expect("meetings")
        .remove(0);
    tafel::service::meetings::write_meeting_ics(
        &store,
        &actor(),
        &meeting.id,
        &dir.join("tafel.ics"),
    )
    .expect("ics");
    assert_eq!(store.history().count().expect("log"), before + 6);
    let mut stmt = store.conn_for_tests().prepare("SELECT action, author, json_extract(changes, '$.export[1].file') FROM change_log ORDER BY seq DESC LIMIT 6").expect("query");
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    let actions: Vec<&str> = rows.iter().rev().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "export_cases",
            "export_register",
            "backup",
            "backup",
            "export_report",
            "export_ics"
        ]
    );
    assert!(rows.iter().all(|(_, author, _)| author == "Marieke Jansen"));
    let files: Vec<&str> = rows.iter().rev().map(|(_, _, f)| f.as_str()).collect();
    assert_eq!(
        files,
        [
            "casussen.csv",
            "register.xlsx",
            "backup.json",
            "backup.tafelbackup",
            "rapport.json",
            "tafel.ics"
        ]
    );
    // A refused export (a bad target) records nothing.
    assert!(
        export_cases(
            &store,
            &actor(),
            &CaseFilter::default(),
            ExportFormat::Csv,
            &db.path,
            &tafel::progress::Silent
        )
        .is_err()
    );
    assert_eq!(store.history().count().expect("log"), before + 6);
}
