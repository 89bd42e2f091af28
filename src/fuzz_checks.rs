//! The invariants the fuzz targets check, written once: each function takes the fuzzer's
//! bytes and panics with a clear message when an invariant does not hold. The cargo-fuzz
//! targets in `fuzz/fuzz_targets/` call these, and `tests/integration/fuzz_corpora.rs` replays
//! every file of `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` through them, so a
//! plain `cargo test` checks the corpora and every crash found so far ([`TARGETS`] names them).
//!
//! Whatever the bytes, no check may panic other than on a broken invariant, run long or
//! hold much memory (the fuzzer's limits: 10 s and 2 GiB per input). Beyond that:
//!
//! - [`sheet_csv`], [`sheet_xlsx`]: a sheet within its limits (every row as wide as the
//!   headers, headers named and distinct, rows in order), its guessed case and register
//!   mappings resolve, the case import preview and the register import preview succeed and
//!   count every row once, every valid case is within the domain's bounds, the import (all or
//!   nothing, then valid rows) does what the preview said; and for CSV, the cells written as
//!   Tafel's CSV export read back unchanged.
//! - [`register_json`]: the same for a register file in JSON.
//! - [`amount`]: `parse_euros(format_euros(c)) == c` for every amount Tafel accepts, and the
//!   same for the CSV export's amounts; what parses, parses again to itself.
//! - [`date`]: every date from 1900 to 2200 written as Tafel writes dates (`06-03-2027`,
//!   `2027-03-06`, an Excel serial) reads back as itself; reading a date is idempotent.
//! - [`rules`]: the structured-rules notation: `parse(to_notation(r)) == r` for whatever
//!   parses, from the notation or from JSON; errors carry their code.
//! - [`backup_restore`]: a plain backup (JSON), an encrypted backup's decrypted contents (a
//!   SQLite database image) or a file no key opens, restored into an empty database: after
//!   any error the database is still empty (tables, change log, search indexes, schema);
//!   after a restore the foreign keys hold and backing up, restoring and backing up again
//!   gives the same rows.
//! - [`search_query`]: the full-text query built from typed text is accepted by SQLite's
//!   FTS5 `MATCH` on the real indexes (no syntax error), and the palette's search runs.
//! - [`matching_config`]: `matching.toml` text either is refused with the file named, or
//!   matching, reasons, the nearest instruments and the stack builder run with it on the
//!   starter register: scores and confidences 0–100, stacks summing to the need.

use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use crate::domain::money::{MAX_CENTS, format_euros, parse_euros};
use crate::domain::{
    Actor, CapitalType, CaseDraft, NewCase, Province, Purpose, Sector, Stage, StructuredRules,
    WriteSource, parse_date,
};
use crate::error::Error;
use crate::import::cases::guess_mapping;
use crate::import::cases::values::normalise_date;
use crate::import::register::{
    self as register_reader, RegisterColumnMapping, Values, guess_register_mapping,
};
use crate::import::sheet::{Sheet, SheetLimits};
use crate::matching::{
    CaseFacts, FinancierInfo, MatchOptions, MatchRegister, Matcher, MatchingConfig, StackRequest,
    nearest, report, stack,
};
use crate::report::table::{Cell, Column, Table};
use crate::service::{register as register_service, transfer};
use crate::store::{CaseFilter, Store};

/// A fuzz target's check: it is given the fuzzer's bytes and panics on a broken invariant.
pub type Check = fn(&[u8]);

/// Every check by the name of its fuzz target (and of its corpus and regression folders).
pub const TARGETS: &[(&str, Check)] = &[
    ("sheet_csv", sheet_csv),
    ("sheet_xlsx", sheet_xlsx),
    ("register_json", register_json),
    ("amount", amount),
    ("date", date),
    ("rules", rules),
    ("backup_restore", backup_restore),
    ("search_query", search_query),
    ("matching_config", matching_config),
];

/// The day the checks take as today (validation refuses intake dates after it).
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default()
}

fn actor() -> Actor {
    Actor {
        author: "fuzz".into(),
        source: WriteSource::Cli,
        at: crate::domain::Moment::new(
            today().and_hms_opt(9, 0, 0).unwrap_or_default().and_utc(),
            today(),
        ),
    }
}

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn fresh_store() -> Store {
    Store::open_in_memory().unwrap_or_else(|e| panic!("an in-memory store does not open: {e}"))
}

thread_local! {
    /// An empty store for the import previews (they write nothing that stays).
    static PREVIEW_STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    /// The restore target: empty between inputs (the check makes sure of it).
    static RESTORE_STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    /// The demo database, for the search checks.
    static SEARCH_STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    /// The starter register, prepared for matching.
    static STARTER: RefCell<Option<MatchRegister>> = const { RefCell::new(None) };
}

fn with_store<T>(
    cell: &'static std::thread::LocalKey<RefCell<Option<Store>>>,
    init: fn() -> Store,
    f: impl FnOnce(&mut Store) -> T,
) -> T {
    cell.with(|slot| {
        let mut slot = slot.borrow_mut();
        let store = slot.get_or_insert_with(init);
        f(store)
    })
}

// --- sheets -----------------------------------------------------------------------------

/// The limits the sheet checks read within: the real ones, but for the file size (a fuzz
/// input is small anyway).
const LIMITS: SheetLimits = SheetLimits::DEFAULT;

/// A CSV case or register sheet through reading, mapping, validation and the import previews;
/// its cells written as Tafel's CSV export must read back unchanged.
pub fn sheet_csv(data: &[u8]) {
    let path = Path::new("fuzz.csv");
    match Sheet::from_csv_bytes_with_limits(data, path, &LIMITS) {
        Ok(sheet) => {
            check_sheet(&sheet, 2, true);
            check_imports(&sheet);
            check_csv_round_trip(&sheet);
        }
        Err(e) => expect_code(
            &e,
            &["invalid_csv", "text_undecodable", "sheet_too_large"],
            "reading a CSV",
        ),
    }
}

/// An XLSX case or register sheet through reading, mapping, validation and the import previews.
pub fn sheet_xlsx(data: &[u8]) {
    let path = Path::new("fuzz.xlsx");
    match Sheet::from_xlsx_bytes(data, path, &LIMITS) {
        Ok(sheet) => {
            check_sheet(&sheet, 1, true);
            check_imports(&sheet);
        }
        Err(e) => expect_code(
            &e,
            &["sheet_unreadable", "sheet_too_large"],
            "reading an XLSX",
        ),
    }
}

/// A register file in JSON through reading, mapping, validation and the register import preview.
pub fn register_json(data: &[u8]) {
    let path = Path::new("fuzz.json");
    match register_reader::json_sheet(data, path, &LIMITS) {
        Ok(sheet) => {
            check_sheet(&sheet, 1, false);
            check_register_import(&sheet);
        }
        Err(e) => expect_code(
            &e,
            &["invalid_json", "sheet_too_large"],
            "reading a register as JSON",
        ),
    }
}

fn expect_code(error: &Error, codes: &[&str], what: &str) {
    assert!(
        codes.contains(&error.code()),
        "{what} failed with an unexpected error {}: {error}",
        error.code()
    );
    assert!(
        !error.message_nl().is_empty() && !error.message_en().is_empty(),
        "{what}: error {} without a message",
        error.code()
    );
}

/// The shape every sheet has, however it was read.
fn check_sheet(sheet: &Sheet, first_row: usize, rows_have_content: bool) {
    assert!(
        sheet.headers.len() <= LIMITS.columns,
        "{} columns, over the limit of {}",
        sheet.headers.len(),
        LIMITS.columns
    );
    assert!(
        sheet.rows.len() <= LIMITS.rows,
        "{} rows, over the limit of {}",
        sheet.rows.len(),
        LIMITS.rows
    );
    assert!(
        sheet.rows.len().saturating_mul(sheet.headers.len()) <= LIMITS.cells,
        "more cells than the limit"
    );
    for (index, header) in sheet.headers.iter().enumerate() {
        assert!(
            !header.is_empty(),
            "header {index} is empty (it should be named Kolom …)"
        );
        assert!(
            !sheet.headers[..index]
                .iter()
                .any(|h| h.eq_ignore_ascii_case(header)),
            "header {header:?} appears twice in {:?}",
            sheet.headers
        );
    }
    let mut previous = first_row.saturating_sub(1);
    for row in &sheet.rows {
        assert_eq!(
            row.cells.len(),
            sheet.headers.len(),
            "row {} has {} cells for {} headers",
            row.row_number,
            row.cells.len(),
            sheet.headers.len()
        );
        assert!(
            row.row_number > previous,
            "row number {} after {previous}",
            row.row_number
        );
        previous = row.row_number;
        if rows_have_content {
            assert!(
                row.cells.iter().any(|c| !c.is_empty()),
                "row {} is empty but kept",
                row.row_number
            );
        }
        for cell in &row.cells {
            assert!(
                cell.chars().count() <= LIMITS.cell_chars,
                "a cell of row {} is over {} characters",
                row.row_number,
                LIMITS.cell_chars
            );
        }
    }
}

fn check_imports(sheet: &Sheet) {
    check_case_import(sheet);
    check_register_import(sheet);
}

/// The case import preview of a sheet with the guessed mapping: every row counted once,
/// every valid case within the domain's bounds.
fn check_case_import(sheet: &Sheet) {
    let mapping = guess_mapping(&sheet.headers);
    let resolved = mapping
        .resolve(&sheet.headers)
        .unwrap_or_else(|e| panic!("the guessed case mapping does not fit its own headers: {e}"));
    for (column, field) in &resolved.fields {
        let named = mapping
            .columns
            .iter()
            .find(|c| c.field.as_deref() == Some(field.path()))
            .map(|c| c.column.as_str());
        assert_eq!(
            named,
            Some(sheet.headers[*column].as_str()),
            "field {} resolves to another column than guessed",
            field.path()
        );
    }
    for read in crate::import::cases::sheet_to_drafts(sheet, &resolved) {
        if let Ok(case) = read.draft.validate(today()) {
            check_case(&case, &read.draft);
        }
    }
    let preview = with_store(&PREVIEW_STORE, fresh_store, |store| {
        transfer::preview_case_sheet(store, sheet, None, today(), &crate::progress::Silent)
    })
    .unwrap_or_else(|e| panic!("the case import preview failed: {e}"));
    let rows = sheet.rows.len() as u32;
    assert_eq!(
        preview.total_rows, rows,
        "the preview counts {} rows of {rows}",
        preview.total_rows
    );
    assert_eq!(
        preview.valid_rows + preview.errors.len() as u32,
        rows,
        "valid and bad rows do not add up to the rows"
    );
    assert!(
        preview.new_rows <= preview.valid_rows,
        "more new rows than valid rows"
    );
    assert!(
        preview.sample.len() <= transfer::PREVIEW_ROWS,
        "the preview shows {} rows",
        preview.sample.len()
    );
    check_case_import_does_what_the_preview_says(sheet, &preview);
    for error in &preview.errors {
        assert!(
            sheet.rows.iter().any(|r| r.row_number == error.line),
            "an error names row {}, which is not in the sheet",
            error.line
        );
        assert!(
            !error.errors.is_empty(),
            "row {} is bad without a reason",
            error.line
        );
        for field in &error.errors {
            assert!(
                !field.code.is_empty() && !field.message.is_empty() && !field.message_en.is_empty(),
                "row {}: a reason without code or message",
                error.line
            );
        }
    }
}

/// The import itself, into an empty database: all or nothing refuses exactly when the preview
/// has bad rows and then writes nothing; valid rows imports the preview's new rows, every one a
/// case the database accepts (validation and the database's own checks agree).
fn check_case_import_does_what_the_preview_says(
    sheet: &Sheet,
    preview: &transfer::CaseImportPreview,
) {
    if preview.new_rows == 0 {
        return;
    }
    let mut store = fresh_store();
    match transfer::import_case_sheet(
        &mut store,
        &actor(),
        sheet,
        None,
        transfer::ImportMode::AllOrNothing,
        today(),
        &crate::progress::Silent,
    ) {
        Ok(report) => {
            assert!(
                preview.errors.is_empty(),
                "all or nothing imported a sheet with {} bad rows",
                preview.errors.len()
            );
            assert_eq!(
                report.imported, preview.new_rows,
                "all or nothing imported {} of the preview's {} new rows",
                report.imported, preview.new_rows
            );
            return;
        }
        Err(Error::ImportRows(rows)) => {
            assert_eq!(
                rows.len(),
                preview.errors.len(),
                "all or nothing names {} bad rows, the preview {}",
                rows.len(),
                preview.errors.len()
            );
            assert!(
                store.is_empty_for_restore().unwrap_or(false),
                "a refused all-or-nothing import wrote something"
            );
        }
        Err(e) => panic!("an all-or-nothing import failed: {e}"),
    }
    let report = transfer::import_case_sheet(
        &mut store,
        &actor(),
        sheet,
        None,
        transfer::ImportMode::ValidRows,
        today(),
        &crate::progress::Silent,
    )
    .unwrap_or_else(|e| {
        panic!(
            "importing the preview's {} new rows failed: {e}",
            preview.new_rows
        )
    });
    assert_eq!(
        report.imported, preview.new_rows,
        "imported {} rows, the preview said {}",
        report.imported, preview.new_rows
    );
    assert_eq!(
        report.skipped_duplicates as usize,
        preview.duplicates.len(),
        "the import skipped other duplicates than the preview"
    );
    assert_eq!(
        report.errors.len(),
        preview.errors.len(),
        "the import names other bad rows than the preview"
    );
    let stored = store
        .cases()
        .count()
        .unwrap_or_else(|e| panic!("counting cases failed: {e}"));
    assert_eq!(
        stored as u32, report.imported,
        "{} cases stored after importing {}",
        stored, report.imported
    );
}

/// A validated case is within the bounds the store relies on.
fn check_case(case: &NewCase, draft: &CaseDraft) {
    assert!(
        (1..=MAX_CENTS).contains(&case.amount_cents),
        "amount {} accepted from {:?}",
        case.amount_cents,
        draft.amount_eur
    );
    assert!(
        !case.capital_types.is_empty(),
        "a case without capital types accepted"
    );
    assert!(
        case.capital_types.windows(2).all(|w| w[0] < w[1]),
        "capital types not sorted and distinct"
    );
    assert!(
        case.intake_date <= today(),
        "an intake date in the future accepted"
    );
    for date in [
        Some(case.intake_date),
        case.consent_from,
        case.consent_until,
        case.next_action_due,
    ]
    .into_iter()
    .flatten()
    {
        assert!((1900..=2200).contains(&date.year()), "date {date} accepted");
    }
    if let Some(kvk) = &case.company.kvk {
        assert!(
            kvk.len() == 8 && kvk.bytes().all(|b| b.is_ascii_digit()),
            "KvK number {kvk:?} accepted"
        );
    }
    for figure in [case.company.turnover_cents, case.company.equity_cents]
        .into_iter()
        .flatten()
    {
        assert!(
            figure.unsigned_abs() <= MAX_CENTS as u64,
            "figure {figure} accepted"
        );
    }
}

/// The register import preview with the guessed mapping (rolled back), and the fixed columns
/// of `register.csv` read as typed.
fn check_register_import(sheet: &Sheet) {
    let mapping = guess_register_mapping(&sheet.headers);
    mapping.resolve(&sheet.headers).unwrap_or_else(|e| {
        panic!("the guessed register mapping does not fit its own headers: {e}")
    });
    let preview = with_store(&PREVIEW_STORE, fresh_store, |store| {
        register_service::preview_register_sheet(store, sheet, None)
    })
    .unwrap_or_else(|e| panic!("the register import preview failed: {e}"));
    let rows = sheet.rows.len() as u32;
    assert_eq!(
        preview.total_rows, rows,
        "the register preview counts {} rows of {rows}",
        preview.total_rows
    );
    assert_eq!(
        preview.valid_rows + preview.errors.len() as u32,
        rows,
        "valid and bad register rows do not add up to the rows"
    );
    assert_eq!(
        preview.new_rows + preview.updated_rows + preview.unchanged_rows,
        preview.valid_rows,
        "the register preview's counts do not add up"
    );
    with_store(&PREVIEW_STORE, fresh_store, |store| {
        let left = store
            .financiers()
            .list(today())
            .unwrap_or_else(|e| panic!("listing financiers failed: {e}"));
        assert!(
            left.is_empty(),
            "the register preview left {} financiers behind",
            left.len()
        );
    });
    // The fixed columns, as `tafel register import` without a mapping reads them.
    let exact = RegisterColumnMapping::exact(&sheet.headers);
    if let Ok(resolved) = exact.resolve(&sheet.headers) {
        let rows = register_reader::sheet_rows(sheet, &resolved, Values::AsTyped)
            .unwrap_or_else(|e| panic!("register rows as typed: {e}"));
        for (_, row) in rows {
            if let Ok(entry) = row.validate() {
                let instrument = &entry.instrument;
                if let (Some(min), Some(max)) =
                    (instrument.ticket_min_cents, instrument.ticket_max_cents)
                {
                    assert!(
                        min <= max,
                        "ticket minimum {min} above maximum {max} accepted"
                    );
                }
                assert!(
                    !instrument.capital_types.is_empty(),
                    "an instrument without capital types accepted"
                );
                if let Some(rules) = &instrument.structured_rules {
                    let rules = StructuredRules(rules.clone());
                    assert_eq!(
                        StructuredRules::parse(&rules.to_notation()).ok(),
                        Some(rules),
                        "an instrument's rules do not read back"
                    );
                }
            }
        }
    }
}

/// Column names for the round trip's header row, made once.
fn column_names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| (0..=LIMITS.columns).map(|i| format!("Kolom {i}")).collect())
}

/// The sheet's headers and cells written as Tafel's CSV export writes text, read back.
fn check_csv_round_trip(sheet: &Sheet) {
    let width = sheet.headers.len() + 1;
    // A first column numbering the rows keeps every row non-empty, as an export's case number does.
    let mut rows: Vec<Vec<String>> = vec![
        std::iter::once("0".to_string())
            .chain(sheet.headers.iter().cloned())
            .collect(),
    ];
    rows.extend(sheet.rows.iter().enumerate().map(|(i, r)| {
        std::iter::once((i + 1).to_string())
            .chain(r.cells.iter().cloned())
            .collect()
    }));
    // Column headers are `&'static str` in a report table; the names are made once.
    let names: Vec<&'static str> = column_names()[..width].iter().map(String::as_str).collect();
    let table = Table {
        name: "fuzz",
        columns: names
            .iter()
            .map(|header| Column {
                header,
                width: 10.0,
            })
            .collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|c| Cell::text(Some(c.clone()))).collect())
            .collect(),
    };
    let mut bytes = Vec::new();
    crate::report::csv::to_writer(&table, &mut bytes, Path::new("fuzz.csv"))
        .unwrap_or_else(|e| panic!("writing the CSV failed: {e}"));
    // Read within the limits, but for the numbering column added and the file's size.
    let limits = SheetLimits {
        file_bytes: u64::MAX,
        columns: LIMITS.columns + 1,
        cells: usize::MAX,
        ..LIMITS
    };
    let back = Sheet::from_csv_bytes_with_limits(&bytes, Path::new("fuzz.csv"), &limits)
        .unwrap_or_else(|e| panic!("Tafel's own CSV does not read back: {e}"));
    assert_eq!(
        back.headers, names,
        "the CSV's headers read back differently"
    );
    let read: Vec<&Vec<String>> = back.rows.iter().map(|r| &r.cells).collect();
    assert_eq!(
        read.len(),
        rows.len(),
        "the CSV has {} rows, read back {}",
        rows.len(),
        read.len()
    );
    for (written, read) in rows.iter().zip(read) {
        assert_eq!(written, read, "a CSV row reads back differently");
    }
}

// --- amounts and dates ------------------------------------------------------------------

/// An amount from the first bytes (every amount Tafel accepts: 1 cent to `MAX_CENTS`).
fn amount_from(data: &[u8]) -> i64 {
    let mut raw = [0u8; 8];
    for (slot, byte) in raw.iter_mut().zip(data) {
        *slot = *byte;
    }
    // Small amounts most of the time, as the fuzzer's bytes often are.
    let n = u64::from_le_bytes(raw);
    1 + (n % MAX_CENTS as u64) as i64
}

/// Amounts: arbitrary text parses without a panic, to 1 ..= `MAX_CENTS` or an error, and
/// `parse_euros(format_euros(c)) == c` (also for the CSV export's `1234,56`).
pub fn amount(data: &[u8]) {
    let cents = amount_from(data);
    for written in [
        format_euros(cents),
        crate::report::csv::cell_text(&Cell::Euros(cents)),
        format!("{}", cents as f64 / 100.0),
    ] {
        assert_eq!(
            parse_euros(&written),
            Ok(cents),
            "{cents} cents written as {written:?} reads back differently"
        );
    }
    let typed = text(data);
    if let Ok(parsed) = parse_euros(&typed) {
        assert!(
            (1..=MAX_CENTS).contains(&parsed),
            "{typed:?} read as {parsed} cents"
        );
        assert_eq!(
            parse_euros(&format_euros(parsed)),
            Ok(parsed),
            "{typed:?} read as {parsed} cents, which does not read back"
        );
    }
    // The same text as every amount of a case: validation never panics on it.
    let value = serde_json::Value::String(typed.clone());
    let draft = CaseDraft {
        amount_eur: Some(value.clone()),
        company: Some(crate::domain::CompanyDraft {
            turnover_eur: Some(value.clone()),
            equity_eur: Some(value),
            ..Default::default()
        }),
        ..Default::default()
    };
    if let Ok(case) = draft.validate(today()) {
        check_case(&case, &draft);
    }
    let _ = crate::import::cases::values::clean_amount(&typed);
}

/// A date from 1900-01-01 to 2200-12-31 from the first bytes.
fn date_from(data: &[u8]) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(2200, 12, 31).unwrap_or_default();
    let span = (last - first).num_days() as u64 + 1;
    let mut raw = [0u8; 4];
    for (slot, byte) in raw.iter_mut().zip(data) {
        *slot = *byte;
    }
    first + chrono::Days::new(u64::from(u32::from_le_bytes(raw)) % span)
}

/// Dates: every date written as Tafel writes one reads back as itself; arbitrary text reads
/// without a panic, and reading is idempotent.
pub fn date(data: &[u8]) {
    let day = date_from(data);
    let iso = day.format("%Y-%m-%d").to_string();
    let written = [
        crate::domain::format::date_nl(day),
        crate::report::csv::cell_text(&Cell::Date(day)),
        iso.clone(),
        day.format("%d/%m/%Y").to_string(),
        day.format("%d.%m.%Y").to_string(),
    ];
    for text in &written {
        assert_eq!(
            parse_date(text),
            Some(day),
            "{day} written as {text:?} reads back differently"
        );
        assert_eq!(
            normalise_date(text),
            iso,
            "{day} written as {text:?} imports differently"
        );
    }
    // A date cell of a sheet that lost its format: the Excel serial.
    let serial = (day - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()).num_days();
    if (20_000..=80_000).contains(&serial) {
        assert_eq!(
            normalise_date(&serial.to_string()),
            iso,
            "Excel serial {serial} is not {day}"
        );
    }
    let typed = text(data);
    let parsed = parse_date(&typed);
    let normalised = normalise_date(&typed);
    assert_eq!(
        normalise_date(&normalised),
        normalised,
        "reading {typed:?} as a date is not idempotent"
    );
    if let Some(parsed) = parsed.filter(|d| d.year() >= 1000) {
        assert_eq!(
            normalised,
            parsed.format("%Y-%m-%d").to_string(),
            "the import reads {typed:?} as another date than the form"
        );
    }
    if let Ok(read) = NaiveDate::parse_from_str(&normalised, "%Y-%m-%d") {
        assert_eq!(
            parse_date(&normalised),
            Some(read),
            "{normalised} does not read back"
        );
    }
}

// --- structured rules -------------------------------------------------------------------

/// The structured-rules notation: whatever parses (notation or JSON) writes as notation that
/// parses to the same rules; bad rules are errors with their code.
pub fn rules(data: &[u8]) {
    let typed = text(data);
    match StructuredRules::parse(&typed) {
        Ok(rules) => {
            let notation = rules.to_notation();
            assert_eq!(
                StructuredRules::parse(&notation).as_ref().ok(),
                Some(&rules),
                "{typed:?} written as {notation:?} reads back differently"
            );
            let json = serde_json::to_string(&rules.0)
                .unwrap_or_else(|e| panic!("rules do not serialise: {e}"));
            assert_eq!(
                StructuredRules::parse(&json).ok(),
                Some(rules.clone()),
                "{typed:?} as JSON {json} reads back differently"
            );
            for rule in &rules.0 {
                assert!(
                    !rule.describe_nl().is_empty(),
                    "a rule without a description"
                );
                if let crate::domain::InstrumentRule::GuaranteeFor(terms) = rule {
                    for loan in [1, 5_000_000, 26_666_700, MAX_CENTS] {
                        if let Ok(g) = terms.apply(
                            CapitalType::SeniorLoan,
                            crate::domain::FinancierType::Bank,
                            Purpose::Growth,
                            loan,
                        ) {
                            assert!(
                                (0..=loan).contains(&g.guaranteed_cents),
                                "guaranteed {} of a loan of {loan}",
                                g.guaranteed_cents
                            );
                            assert!(
                                (0..=g.guaranteed_cents).contains(&g.covered_cents),
                                "covered {} of {}",
                                g.covered_cents,
                                g.guaranteed_cents
                            );
                        }
                    }
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "{typed:?} refused without a reason");
            for e in &errors {
                assert_eq!(
                    e.code, "structured_rule_invalid",
                    "{typed:?}: code {}",
                    e.code
                );
                assert!(
                    !e.message.is_empty() && !e.message_en.is_empty(),
                    "{typed:?}: an error without a message"
                );
            }
        }
    }
}

// --- backups ----------------------------------------------------------------------------

/// A raw SQLCipher key (no key derivation): a file made with a passphrase never opens with it.
const RAW_KEY: &str = "x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'";

/// What a database looks like with nothing restored: every backed-up table, the search
/// indexes and the schema.
fn contents(store: &Store) -> (bool, i64, i64, i64) {
    let count = |sql: &str| -> i64 {
        store
            .conn()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    let empty = store
        .is_empty_for_restore()
        .unwrap_or_else(|e| panic!("checking the restore target failed: {e}"));
    (
        empty,
        count("SELECT count(*) FROM case_fts"),
        count("SELECT count(*) FROM company_fts"),
        count("SELECT count(*) FROM sqlite_master"),
    )
}

fn schema_objects() -> i64 {
    static OBJECTS: OnceLock<i64> = OnceLock::new();
    *OBJECTS.get_or_init(|| contents(&fresh_store()).3)
}

/// A backup restored into an empty database: a plain backup (JSON), an encrypted backup's
/// contents once decrypted (bytes starting as a SQLite database), or a file that no key opens
/// (anything else, tried as an encrypted backup with a raw key). After any error the
/// database is as empty as before; after a restore its foreign keys hold and a backup of it
/// restores to the same rows.
pub fn backup_restore(data: &[u8]) {
    quiet_sqlcipher();
    let path = Path::new("fuzz.tafelbackup");
    let result = if data.starts_with(b"SQLite format 3\0")
        || !data
            .first()
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'{')
    {
        let plain = data.starts_with(b"SQLite format 3\0");
        let file = scratch_file(data);
        match crate::store::backup::read_backup_database(
            file.path(),
            if plain { None } else { Some(RAW_KEY) },
        ) {
            Ok((version, tables)) => with_store(&RESTORE_STORE, fresh_store, |store| {
                transfer::restore_read_tables(
                    store,
                    path,
                    version,
                    &tables,
                    &crate::progress::Silent,
                )
            }),
            Err(e) => {
                if !plain {
                    assert!(
                        ["backup_passphrase", "backup_invalid"].contains(&e.code()),
                        "a file no key opens gave {}: {e}",
                        e.code()
                    );
                }
                Err(e)
            }
        }
    } else {
        match transfer::parse_backup(data, path) {
            Ok(backup) => with_store(&RESTORE_STORE, fresh_store, |store| {
                store
                    .restore_rows(&backup.tables, &crate::progress::Silent)
                    .map(|()| transfer::BackupReport {
                        path: String::new(),
                        schema_version: backup.schema_version,
                        tables: Vec::new(),
                    })
            }),
            Err(e) => Err(e),
        }
    };
    match result {
        Err(e) => {
            assert!(
                !e.message_nl().is_empty(),
                "error {} without a message",
                e.code()
            );
            with_store(&RESTORE_STORE, fresh_store, |store| {
                let (empty, cases, companies, objects) = contents(store);
                assert!(
                    empty,
                    "a failed restore ({}: {e}) left rows behind",
                    e.code()
                );
                assert_eq!(
                    (cases, companies),
                    (0, 0),
                    "a failed restore ({}) left search index rows behind",
                    e.code()
                );
                assert_eq!(
                    objects,
                    schema_objects(),
                    "a failed restore ({}) changed the schema",
                    e.code()
                );
            });
        }
        Ok(_) => {
            let restored = RESTORE_STORE
                .with(|slot| slot.borrow_mut().take())
                .unwrap_or_else(|| panic!("the restore target is gone"));
            check_restored(&restored);
        }
    }
}

/// SQLCipher logs every page that does not decrypt to standard error; a fuzzer meets millions.
fn quiet_sqlcipher() {
    static QUIET: OnceLock<()> = OnceLock::new();
    QUIET.get_or_init(|| {
        let conn = rusqlite::Connection::open_in_memory()
            .unwrap_or_else(|e| panic!("an in-memory connection does not open: {e}"));
        if let Err(e) = conn.execute_batch("PRAGMA cipher_log_level = NONE") {
            panic!("SQLCipher's log level cannot be set: {e}");
        }
    });
}

/// A file with the bytes, in memory where the system offers a folder for it.
fn scratch_file(data: &[u8]) -> tempfile::NamedTempFile {
    use std::io::Write;
    let shm = Path::new("/dev/shm");
    let file = if shm.is_dir() {
        tempfile::NamedTempFile::new_in(shm)
    } else {
        tempfile::NamedTempFile::new()
    };
    let mut file = file.unwrap_or_else(|e| panic!("no scratch file: {e}"));
    file.write_all(data)
        .unwrap_or_else(|e| panic!("writing the scratch file failed: {e}"));
    file
}

fn check_restored(store: &Store) {
    let broken: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap_or_else(|e| panic!("foreign_key_check: {e}"));
    assert_eq!(
        broken, 0,
        "a restore left {broken} rows whose parent is missing"
    );
    let first = store
        .backup_rows()
        .unwrap_or_else(|e| panic!("backing up the restored database failed: {e}"));
    let mut again = fresh_store();
    again
        .restore_rows(&first, &crate::progress::Silent)
        .unwrap_or_else(|e| panic!("a backup of a restored database does not restore: {e}"));
    let second = again
        .backup_rows()
        .unwrap_or_else(|e| panic!("backing up the second restore failed: {e}"));
    assert!(
        first == second,
        "backup → restore → backup differs after a restore"
    );
}

// --- full-text search -------------------------------------------------------------------

fn demo_store() -> Store {
    let mut store = fresh_store();
    crate::service::demo::load_demo(&mut store, &actor(), today())
        .unwrap_or_else(|e| panic!("the demo data does not load: {e}"));
    store
}

/// Typed text as a full-text query: at most a bounded rewrite of the text, accepted by
/// FTS5's `MATCH` on both real indexes; the case list and the palette's search run with it.
pub fn search_query(data: &[u8]) {
    let typed = text(data);
    let query = crate::store::search::fts_query(&typed);
    if let Some(query) = &query {
        assert!(
            query.len() <= 4 * typed.len() + 4,
            "a query of {} bytes from {} typed",
            query.len(),
            typed.len()
        );
    }
    with_store(&SEARCH_STORE, demo_store, |store| {
        if let Some(query) = &query {
            for table in ["case_fts", "company_fts"] {
                let sql = format!("SELECT count(*) FROM {table} WHERE {table} MATCH ?1");
                if let Err(e) = store
                    .conn()
                    .query_row(&sql, [query], |r| r.get::<_, i64>(0))
                {
                    panic!("FTS5 refuses the query {query:?} built from {typed:?}: {e}");
                }
            }
        }
        let filter = CaseFilter {
            query: Some(typed.clone()),
            ..Default::default()
        };
        let cases = store
            .cases()
            .list(&filter)
            .unwrap_or_else(|e| panic!("the case list with {typed:?} failed: {e}"));
        crate::service::search::search_all(store, &typed, 10)
            .unwrap_or_else(|e| panic!("the palette's search for {typed:?} failed: {e}"));
        if query.is_none() {
            let all = store
                .cases()
                .list(&CaseFilter::default())
                .unwrap_or_else(|e| panic!("the case list failed: {e}"));
            assert_eq!(
                cases.len(),
                all.len(),
                "text without words ({typed:?}) filters the case list"
            );
        }
    });
}

// --- matching settings ------------------------------------------------------------------

fn starter_register() -> MatchRegister {
    let mut store = fresh_store();
    register_service::import_starter_register(&mut store, &actor())
        .unwrap_or_else(|e| panic!("the starter register does not import: {e}"));
    let financiers = store
        .financiers()
        .list(today())
        .unwrap_or_else(|e| panic!("financiers: {e}"));
    let instruments = store
        .financiers()
        .instruments()
        .unwrap_or_else(|e| panic!("instruments: {e}"));
    MatchRegister::new(
        financiers.iter().map(FinancierInfo::from).collect(),
        instruments,
    )
}

/// Cases that reach most of the starter register: a bakery's microcredit, a Brabant scale-up's
/// mix of debt, a large Gelderland equity round.
fn sample_cases() -> [CaseFacts; 3] {
    [
        CaseFacts {
            province: Province::UT,
            need_cents: 4_000_000,
            stage: Stage::Startup,
            sector: Sector::Other,
            purpose: Purpose::Start,
            capital_types: vec![CapitalType::Microcredit],
        },
        CaseFacts {
            province: Province::NB,
            need_cents: 150_000_000,
            stage: Stage::Growth,
            sector: Sector::Htsm,
            purpose: Purpose::Growth,
            capital_types: vec![CapitalType::SubordinatedLoan, CapitalType::SeniorLoan],
        },
        CaseFacts {
            province: Province::GE,
            need_cents: 1_500_000_000,
            stage: Stage::ScaleUp,
            sector: Sector::Energy,
            purpose: Purpose::Growth,
            capital_types: vec![CapitalType::Equity, CapitalType::SubordinatedLoan],
        },
    ]
}

/// `matching.toml` text: refused with the file named, or matching, reasons, the nearest
/// instruments and stacks run with it and stay within their bounds.
pub fn matching_config(data: &[u8]) {
    let typed = text(data);
    let path = Path::new("/tafel/matching.toml");
    let config = match MatchingConfig::parse(&typed, path) {
        Ok(config) => config,
        Err(e) => {
            assert_eq!(
                e.code(),
                "matching_config_invalid",
                "settings refused with code {}",
                e.code()
            );
            assert!(
                e.message_nl().contains("/tafel/matching.toml"),
                "the refusal does not name the file: {}",
                e.message_nl()
            );
            return;
        }
    };
    STARTER.with(|slot| {
        let mut slot = slot.borrow_mut();
        let register = slot.get_or_insert_with(starter_register);
        let matcher = Matcher::new(&config, register, today());
        for case in sample_cases() {
            let ranking = matcher.rank(&case, &MatchOptions::default());
            for evaluation in ranking.matches.iter().chain(&ranking.excluded) {
                assert!(
                    evaluation.score.is_finite() && (0.0..=100.0).contains(&evaluation.score),
                    "score {} with {typed:?}",
                    evaluation.score
                );
                assert!(
                    evaluation.confidence <= 100,
                    "confidence {} with {typed:?}",
                    evaluation.confidence
                );
            }
            let _ = report::report(&matcher, &ranking, &case, "case", "2026-0001");
            let _ = nearest::nearest(&matcher, &ranking, &case, crate::matching::NEAREST_LIMIT);
            let proposal = match stack::propose(&matcher, &case, &StackRequest::default()) {
                Ok(proposal) => proposal,
                Err(errors) => panic!("stacks without pins refused: {errors:?}"),
            };
            assert!(
                proposal.stacks.len() <= config.stack.max_stacks,
                "{} stacks, at most {} asked",
                proposal.stacks.len(),
                config.stack.max_stacks
            );
            for s in proposal.stacks.iter().chain(&proposal.partial) {
                let total: i64 = s.tranches.iter().map(|t| t.amount_cents).sum();
                assert_eq!(
                    total, s.total_cents,
                    "a stack's tranches do not sum to its total"
                );
                assert_eq!(
                    s.need_cents - s.total_cents,
                    s.gap_cents,
                    "a stack's gap is not the need less its total"
                );
                assert!(
                    s.tranches.len() <= config.stack.max_tranches,
                    "{} tranches, at most {} asked",
                    s.tranches.len(),
                    config.stack.max_tranches
                );
                assert!(
                    s.score <= 100 && s.confidence <= 100,
                    "stack score {} confidence {}",
                    s.score,
                    s.confidence
                );
                assert!(
                    s.tranches.iter().all(|t| t.amount_cents > 0),
                    "a tranche of nothing"
                );
            }
            for s in &proposal.stacks {
                assert_eq!(
                    s.total_cents, case.need_cents,
                    "a full stack does not cover the need"
                );
            }
        }
    });
}
