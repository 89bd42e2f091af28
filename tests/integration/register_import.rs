//! Register import as tables keep their register: Dutch headers, labels and amounts, a
//! mapping step, a preview that names every bad row, both modes, re-import unchanged.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use tafel::Error;
use tafel::domain::{CapitalType, FinancierType, Region, Sector, Stage, WriteSource};
use tafel::import::mapping::ColumnMapping;
use tafel::import::register::RegisterColumnMapping;
use tafel::report::ExportFormat;
use tafel::service::register::{
    import_register, import_starter_register, list_financiers, preview_register_import,
};
use tafel::service::transfer::{ImportMode, export_register};
use tafel::store::Store;

use crate::common::*;

/// A cell of the test sheet: what Excel would hold, and how a CSV would spell it.
#[derive(Clone, Copy)]
enum Cell {
    Text(&'static str),
    /// Euros: a number in Excel, Dutch text in the CSV.
    Euros(f64, &'static str),
    /// A date cell in Excel, Dutch text in the CSV.
    Date(u16, u8, u8, &'static str),
    Empty,
}

use Cell::*;

const HEADERS: [&str; 14] = [
    "Naam",
    "Fonds",
    "Soort financier",
    "Werkgebied",
    "Kapitaalsoort(en)",
    "Minimaal bedrag",
    "Maximaal bedrag",
    "Fase(n)",
    "Sector(en)",
    "Voorwaarden",
    "Bron",
    "Laatst gecontroleerd",
    "Onzeker",
    "Contactpersoon",
];

/// Sheet rows 2–9: row 6 is empty, rows 5 (unknown kind of financier) and 8 (minimum above
/// maximum) are bad, the rest is valid in the spellings people use.
fn rows() -> Vec<Vec<Cell>> {
    vec![
        vec![
            Text("Rabobank"),
            Text("Zakelijke financiering"),
            Text("Bank"),
            Text("Heel Nederland"),
            Text("Bancaire lening, rekening-courant"),
            Euros(25_000.0, "€ 25.000"),
            Text("onbekend"),
            Text("Alle"),
            Empty,
            Text("kan BMKB gebruiken"),
            Text("https://www.rabobank.nl/bedrijven"),
            Date(2026, 2, 3, "3-2-2026"),
            Empty,
            Text("J. de Vries"),
        ],
        vec![
            Text("NOM"),
            Text("Participaties"),
            Text("ROM"),
            Text("Groningen, Friesland en Drenthe"),
            Text("Participatie + achtergestelde lening"),
            Euros(250_000.0, "€ 250.000"),
            Text("€ 2 mln"),
            Text("Startup; groei; scale-up"),
            Text("Energie, Agri & food"),
            Empty,
            Text("https://www.nom.nl"),
            Date(2026, 1, 15, "15-01-2026"),
            Empty,
            Empty,
        ],
        vec![
            Text("FOM"),
            Text("Achtergestelde leningen"),
            Text("Provinciaal fonds"),
            Text("Friesland"),
            Text("Achtergestelde lening"),
            Empty,
            Text("250k"),
            Text("Starter, Groei"),
            Empty,
            Empty,
            Text("https://fom.example.org"),
            Empty,
            Text("ticket max"),
            Empty,
        ],
        vec![
            Text("Pandjesbaas BV"),
            Text("Voorschot op onderpand"),
            Text("pandjeshuis"),
            Text("Gelderland"),
            Text("Bancaire lening"),
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
        ],
        vec![Empty; 14],
        vec![
            Text("Qredits"),
            Text("Microkrediet"),
            Text("Microfinancier"),
            Text("landelijk"),
            Text("Microfinanciering"),
            Empty,
            Euros(50_000.0, "50.000"),
            Text("Starter"),
            Empty,
            Empty,
            Text("https://qredits.nl"),
            Empty,
            Empty,
            Empty,
        ],
        vec![
            Text("ROM Utrecht Region"),
            Text("Participatiefonds"),
            Text("Fonds van een ROM"),
            Text("Utrecht"),
            Text("Converteerbare lening"),
            Text("€ 2,5 mln"),
            Euros(500_000.0, "€ 500.000,-"),
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
        ],
        vec![
            Text("NOM"),
            Text("Achtergestelde leningen NOM"),
            Text("Regionale ontwikkelingsmaatschappij"),
            Text("Noord-Nederland"),
            Text("Achtergesteld"),
            Empty,
            Empty,
            Text("Groeifase"),
            Text("alle sectoren"),
            Empty,
            Empty,
            Empty,
            Empty,
            Empty,
        ],
    ]
}

const BAD_ROWS: [usize; 2] = [5, 8];

fn write_xlsx(path: &Path) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date_format = Format::new().set_num_format("dd-mm-yyyy");
    for (col, header) in HEADERS.iter().enumerate() {
        ws.write_string(0, col as u16, *header).expect("header");
    }
    for (index, cells) in rows().iter().enumerate() {
        let row = index as u32 + 1;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Text(text) => ws.write_string(row, col, *text).map(|_| ()),
                Euros(value, _) => ws.write_number(row, col, *value).map(|_| ()),
                Date(y, m, d, _) => {
                    let date = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                    ws.write_datetime_with_format(row, col, &date, &date_format)
                        .map(|_| ())
                }
                Empty => Ok(()),
            }
            .expect("cell");
        }
    }
    book.save(path).expect("save xlsx");
}

/// The same sheet as Dutch Excel saves it as CSV: `;`, UTF-8 with BOM.
fn write_csv(path: &Path) {
    let mut text = String::from("\u{FEFF}");
    let quote = |s: &str| {
        if s.contains([';', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    text.push_str(&HEADERS.map(quote).join(";"));
    text.push_str("\r\n");
    for cells in rows() {
        let line: Vec<String> = cells
            .iter()
            .map(|cell| match cell {
                Text(t) => quote(t),
                Euros(_, t) | Date(_, _, _, t) => quote(t),
                Empty => String::new(),
            })
            .collect();
        text.push_str(&line.join(";"));
        text.push_str("\r\n");
    }
    std::fs::write(path, text).expect("write csv");
}

fn sheets(db: &TestDb) -> (PathBuf, PathBuf) {
    let xlsx = db.dir.path().join("financiers.xlsx");
    let csv = db.dir.path().join("financiers.csv");
    write_xlsx(&xlsx);
    write_csv(&csv);
    (xlsx, csv)
}

fn lines(errors: &[tafel::error::RowError]) -> Vec<usize> {
    errors.iter().map(|e| e.line).collect()
}

fn nothing_written(store: &Store) {
    assert_eq!(
        store.financiers().count().expect("count"),
        0,
        "no financier written"
    );
    assert_eq!(
        store.history().count().expect("count"),
        0,
        "no change logged"
    );
}

#[test]
fn preview_of_a_dutch_sheet_names_exactly_the_bad_rows_in_xlsx_and_csv() {
    let db = TestDb::new();
    let mut store = db.open();
    let (xlsx, csv) = sheets(&db);
    for path in [&xlsx, &csv] {
        let preview = preview_register_import(&mut store, path, None).expect("preview");
        let what = path.display();
        assert!(preview.mapping_guessed);
        let fields: Vec<Option<&str>> = preview
            .mapping
            .columns
            .iter()
            .map(|c| c.field.as_deref())
            .collect();
        assert_eq!(
            fields,
            vec![
                Some("name"),
                Some("instrument_name"),
                Some("financier_type"),
                Some("regions"),
                Some("capital_types"),
                Some("ticket_min_eur"),
                Some("ticket_max_eur"),
                Some("stages"),
                Some("sectors"),
                Some("rules"),
                Some("source_url"),
                Some("verified_on"),
                Some("uncertain"),
                None,
            ],
            "{what}"
        );
        assert!(
            preview.missing_fields.is_empty(),
            "{what}: {:?}",
            preview.missing_fields
        );
        assert_eq!(preview.total_rows, 7, "{what}: the empty row is no row");
        assert_eq!(
            lines(&preview.errors),
            BAD_ROWS,
            "{what}: {:?}",
            preview.errors
        );
        assert_eq!(preview.errors[0].errors[0].field, "financier_type");
        assert_eq!(preview.errors[0].errors[0].code, "unknown_value");
        assert!(
            preview.errors[0].errors[0].message.contains("pandjeshuis"),
            "{}",
            preview.errors[0].errors[0].message
        );
        assert_eq!(preview.errors[1].errors[0].code, "ticket_order");
        assert_eq!(preview.valid_rows, 5);
        assert_eq!(
            (
                preview.new_rows,
                preview.updated_rows,
                preview.unchanged_rows
            ),
            (5, 0, 0),
            "{what}"
        );
        assert_eq!(
            (preview.financiers_created, preview.financiers_updated),
            (4, 0),
            "{what}"
        );

        let sample: Vec<usize> = preview.sample.iter().map(|r| r.row).collect();
        assert_eq!(sample, vec![2, 3, 4, 5, 7, 8, 9]);
        let rabobank = &preview.sample[0].entry;
        assert_eq!(rabobank.financier_type.as_deref(), Some("bank"));
        assert_eq!(rabobank.regions.as_deref(), Some("NL"));
        assert_eq!(
            rabobank.capital_types.as_deref(),
            Some("senior_loan;overdraft")
        );
        assert_eq!(rabobank.ticket_max_eur, None, "onbekend: no maximum");
        assert_eq!(rabobank.stages, None, "alle: any stage");
        assert_eq!(
            rabobank.verified_on.as_deref(),
            Some("2026-02-03"),
            "{what}"
        );
        let nom = &preview.sample[1].entry;
        assert_eq!(nom.financier_type.as_deref(), Some("rom"));
        assert_eq!(nom.regions.as_deref(), Some("GR;FR;DR"));
        assert_eq!(
            nom.capital_types.as_deref(),
            Some("equity;subordinated_loan")
        );
        assert_eq!(nom.stages.as_deref(), Some("startup;growth;scale_up"));
        assert_eq!(nom.sectors.as_deref(), Some("energy;agri_food"));
        assert_eq!(
            preview.sample[6].entry.regions.as_deref(),
            Some("GR;FR;DR"),
            "Noord-Nederland"
        );
    }
    nothing_written(&store);
}

#[test]
fn all_or_nothing_refuses_the_sheet_and_valid_rows_imports_the_rest_in_one_go() {
    let db = TestDb::new();
    let mut store = db.open();
    let (xlsx, csv) = sheets(&db);

    let refused = import_register(&mut store, &actor(), &xlsx, None, ImportMode::AllOrNothing)
        .expect_err("bad rows");
    let Error::ImportRows(rows) = &refused else {
        panic!("expected row errors, got {refused:?}")
    };
    assert_eq!(lines(rows), BAD_ROWS);
    assert!(
        refused.message_nl().contains("regel 5"),
        "{}",
        refused.message_nl()
    );
    nothing_written(&store);

    let report =
        import_register(&mut store, &actor(), &csv, None, ImportMode::ValidRows).expect("import");
    assert_eq!(report.total_rows, 7);
    assert_eq!(report.rows, 5);
    assert_eq!(lines(&report.errors), BAD_ROWS);
    assert_eq!(
        (
            report.financiers_created,
            report.instruments_created,
            report.unchanged
        ),
        (4, 5, 0)
    );

    let list = list_financiers(&store, today()).expect("list");
    let names: Vec<&str> = list.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(
        !names.contains(&"Pandjesbaas BV") && !names.contains(&"ROM Utrecht Region"),
        "{names:?}"
    );
    let nom = list.iter().find(|f| f.name == "NOM").expect("NOM");
    assert_eq!(nom.financier_type, FinancierType::Rom);
    assert_eq!(nom.regions, vec![Region::GR, Region::FR, Region::DR]);
    let nom = store.financiers().get(&nom.id).expect("get");
    assert_eq!(nom.instruments.len(), 2);
    let participations = nom
        .instruments
        .iter()
        .find(|i| i.name == "Participaties")
        .expect("participaties");
    assert_eq!(
        participations.capital_types,
        vec![CapitalType::SubordinatedLoan, CapitalType::Equity]
    );
    assert_eq!(
        (
            participations.ticket_min_cents,
            participations.ticket_max_cents
        ),
        (Some(25_000_000), Some(200_000_000))
    );
    assert_eq!(
        participations.stages,
        vec![Stage::Startup, Stage::Growth, Stage::ScaleUp]
    );
    assert_eq!(
        participations.sectors,
        vec![Sector::AgriFood, Sector::Energy]
    );
    let subordinated = nom
        .instruments
        .iter()
        .find(|i| i.name == "Achtergestelde leningen NOM")
        .expect("second NOM instrument");
    assert!(subordinated.sectors.is_empty(), "alle sectoren: any");
    let rabobank = list
        .iter()
        .find(|f| f.name == "Rabobank")
        .expect("Rabobank");
    let rabobank = store.financiers().get(&rabobank.id).expect("get");
    assert_eq!(
        rabobank.instruments[0]
            .verified_on
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-02-03")
    );
    assert_eq!(rabobank.instruments[0].ticket_min_cents, Some(2_500_000));
    let history = store.history().of_financier(&rabobank.id).expect("history");
    assert!(!history.is_empty());
    assert!(
        history
            .iter()
            .all(|h| h.source == WriteSource::Import && h.author == actor().author),
        "recorded as an import"
    );
}

#[test]
fn importing_the_same_register_again_changes_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    let (xlsx, csv) = sheets(&db);
    import_register(&mut store, &actor(), &xlsx, None, ImportMode::ValidRows).expect("import");
    let logged = store.history().count().expect("count");

    // The CSV holds the same register in other spellings: nothing to add or change.
    let preview = preview_register_import(&mut store, &csv, None).expect("preview");
    assert_eq!(
        (
            preview.new_rows,
            preview.updated_rows,
            preview.unchanged_rows
        ),
        (0, 0, 5)
    );
    assert_eq!(
        (preview.financiers_created, preview.financiers_updated),
        (0, 0)
    );
    assert_eq!(lines(&preview.errors), BAD_ROWS);
    let again =
        import_register(&mut store, &actor(), &csv, None, ImportMode::ValidRows).expect("again");
    assert_eq!(
        (
            again.rows,
            again.unchanged,
            again.instruments_created,
            again.instruments_updated
        ),
        (5, 5, 0, 0)
    );
    assert_eq!(
        store.history().count().expect("count"),
        logged,
        "an unchanged row logs nothing"
    );
}

#[test]
fn a_changed_row_shows_as_updated() {
    let db = TestDb::new();
    let mut store = db.open();
    let first = write(
        &db,
        "v1.csv",
        "Financier;Instrument;Type;Regio;Kapitaalsoort;Ticket max\nQredits;Microkrediet;Microfinancier;NL;Microkrediet;€ 50.000\n",
    );
    import_register(&mut store, &actor(), &first, None, ImportMode::AllOrNothing).expect("import");
    let second = write(
        &db,
        "v2.csv",
        "Financier;Instrument;Type;Regio;Kapitaalsoort;Ticket max\nQredits;Microkrediet;Microfinancier;NL;Microkrediet;€ 75.000\nQredits;MKB-krediet;Microfinancier;NL;Bancaire lening;250k\n",
    );
    let preview = preview_register_import(&mut store, &second, None).expect("preview");
    assert_eq!(
        (
            preview.new_rows,
            preview.updated_rows,
            preview.unchanged_rows
        ),
        (1, 1, 0)
    );
    let report = import_register(
        &mut store,
        &actor(),
        &second,
        None,
        ImportMode::AllOrNothing,
    )
    .expect("import");
    assert_eq!(
        (
            report.instruments_created,
            report.instruments_updated,
            report.unchanged
        ),
        (1, 1, 0)
    );
}

#[test]
fn a_sheet_with_fewer_columns_erases_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    import_starter_register(&mut store, &actor()).expect("starter");
    let qredits = |store: &Store| {
        let id = list_financiers(store, today())
            .expect("list")
            .into_iter()
            .find(|f| f.name == "Qredits")
            .expect("Qredits")
            .id;
        store
            .financiers()
            .get(&id)
            .expect("get")
            .instruments
            .into_iter()
            .next()
            .expect("instrument")
    };
    let before = qredits(&store);
    let path = write(
        &db,
        "tickets.csv",
        "Financier;Instrument;Type;Regio;Kapitaalsoorten;Ticket max\nQredits;Microkrediet en MKB-krediet;Microfinancier;Heel Nederland;Microkrediet, bancaire lening;€ 300.000\n",
    );
    let preview = preview_register_import(&mut store, &path, None).expect("preview");
    assert_eq!((preview.updated_rows, preview.unchanged_rows), (1, 0));
    import_register(&mut store, &actor(), &path, None, ImportMode::AllOrNothing).expect("import");
    let after = qredits(&store);
    assert_eq!(after.ticket_max_cents, Some(30_000_000));
    assert_eq!(
        (&after.rules, &after.source_url, &after.stages),
        (&before.rules, &before.source_url, &before.stages),
        "columns not in the sheet stay"
    );
    assert!(after.source_url.is_some() && !after.stages.is_empty());
    let again = preview_register_import(&mut store, &path, None).expect("again");
    assert_eq!((again.updated_rows, again.unchanged_rows), (0, 1));
}

#[test]
fn a_given_mapping_is_used_and_checked_against_the_sheet() {
    let db = TestDb::new();
    let mut store = db.open();
    let path = write(
        &db,
        "register.csv",
        "Partij;Wat;Soort;Gebied;Vorm;Opmerking\nLIOF;MKB-Leningenfonds;ROM-fonds;Limburg;Achtergestelde lening;max 50% van de behoefte\n",
    );
    let guessed = preview_register_import(&mut store, &path, None).expect("guessed");
    assert_eq!(
        guessed.missing_fields,
        vec!["capital_types"],
        "\"Vorm\" is not a known header"
    );
    assert_eq!(guessed.errors.len(), 1);

    let mapping = RegisterColumnMapping {
        columns: [
            ("Partij", "name"),
            ("Wat", "instrument_name"),
            ("Soort", "financier_type"),
            ("Gebied", "regions"),
            ("Vorm", "capital_types"),
            ("Opmerking", "uncertain"),
        ]
        .iter()
        .map(|(column, field)| ColumnMapping {
            column: column.to_string(),
            field: Some(field.to_string()),
        })
        .collect(),
    };
    let saved = db.dir.path().join("koppeling.json");
    mapping.save(&saved).expect("save");
    let mapping = RegisterColumnMapping::load(&saved).expect("load");
    let preview = preview_register_import(&mut store, &path, Some(&mapping)).expect("preview");
    assert!(!preview.mapping_guessed);
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    assert_eq!(
        preview.sample[0].entry.uncertain.as_deref(),
        Some("max 50% van de behoefte")
    );
    let report = import_register(
        &mut store,
        &actor(),
        &path,
        Some(&mapping),
        ImportMode::AllOrNothing,
    )
    .expect("import");
    assert_eq!(report.instruments_created, 1);

    let wrong = RegisterColumnMapping {
        columns: vec![ColumnMapping {
            column: "Bestaat niet".into(),
            field: Some("name".into()),
        }],
    };
    let err = preview_register_import(&mut store, &path, Some(&wrong)).expect_err("unknown column");
    assert_eq!(err.field_errors()[0].code, "mapping_unknown_column");
    let unknown = RegisterColumnMapping {
        columns: vec![ColumnMapping {
            column: "Partij".into(),
            field: Some("website".into()),
        }],
    };
    assert_eq!(
        preview_register_import(&mut store, &path, Some(&unknown))
            .expect_err("unknown field")
            .field_errors()[0]
            .code,
        "mapping_unknown_field"
    );
}

#[test]
fn an_exported_register_imports_again_unchanged() {
    let db = TestDb::new();
    let mut store = db.open();
    let starter = import_starter_register(&mut store, &actor()).expect("starter");
    for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
        let path = db.dir.path().join(match format {
            ExportFormat::Xlsx => "register.xlsx",
            ExportFormat::Csv => "register.csv",
        });
        export_register(
            &store,
            &actor(),
            format,
            &path,
            today(),
            &tafel::progress::Silent,
        )
        .expect("export");
        let preview = preview_register_import(&mut store, &path, None).expect("preview");
        assert!(
            preview.errors.is_empty(),
            "{}: {:?}",
            path.display(),
            preview.errors
        );
        assert_eq!(preview.unchanged_rows, starter.rows, "{}", path.display());
        assert_eq!(
            (
                preview.new_rows,
                preview.updated_rows,
                preview.financiers_updated
            ),
            (0, 0, 0),
            "{}",
            path.display()
        );

        // Into an empty database the export brings every instrument back, structured rules included.
        let other = TestDb::new();
        let mut fresh = other.open();
        import_register(&mut fresh, &actor(), &path, None, ImportMode::AllOrNothing)
            .expect("import export");
        let rules = |store: &tafel::store::Store| {
            let mut all: Vec<(String, String)> = store
                .financiers()
                .instruments()
                .expect("instruments")
                .into_iter()
                .map(|i| {
                    (
                        i.name.clone(),
                        format!(
                            "{:?} {:?} {:?}",
                            i.structured_rules, i.sector_mode, i.stage_mode
                        ),
                    )
                })
                .collect();
            all.sort();
            all
        };
        assert_eq!(rules(&fresh), rules(&store), "{}", path.display());
        assert!(
            rules(&fresh)
                .iter()
                .any(|(name, r)| name == "IQCapital" && r.contains("Focus")),
            "focus survives the round trip"
        );
    }
}

#[test]
fn json_and_unsupported_files() {
    let db = TestDb::new();
    let mut store = db.open();
    let json = write(
        &db,
        "register.json",
        r#"[{"Naam": "Kredietunie Rivierenland", "Type": "Kredietunie", "Regio": ["Gelderland", "Utrecht"],
             "Kapitaalsoort": "Kredietunielening", "Maximaal bedrag": 250000}]"#,
    );
    let report =
        import_register(&mut store, &actor(), &json, None, ImportMode::AllOrNothing).expect("json");
    assert_eq!(report.financiers_created, 1);
    let list = list_financiers(&store, today()).expect("list");
    assert_eq!(list[0].regions, vec![Region::GE, Region::UT]);
    let txt = write(&db, "register.txt", "x");
    assert_eq!(
        preview_register_import(&mut store, &txt, None)
            .expect_err("txt")
            .code(),
        "unsupported_file"
    );
}

fn write(db: &TestDb, name: &str, text: &str) -> PathBuf {
    let path = db.dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path
}
