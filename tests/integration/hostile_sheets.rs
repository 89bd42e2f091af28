//! Spreadsheets that used to abort or mislead the import: an XLSX whose used range is the
//! whole grid, a lying shared-strings count, files past the size, column and cell limits,
//! and CSV in UTF-16 and Windows-1252. Each gets a specific Dutch refusal or reads right,
//! quickly and in bounded memory.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use tafel::Error;
use tafel::domain::sheet::{CellRef, SheetLimit, TextEncoding};
use tafel::import::sheet::{MAX_FILE_BYTES, Sheet, SheetLimits};

/// Excel's last row and column, zero-based: cell XFD1048576.
const LAST_ROW: u32 = 1_048_575;
const LAST_COLUMN: u16 = 16_383;

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write_bytes(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// A workbook with the header `Bedrijfsnaam | Bedrag` and `rows` data rows, plus whatever `extra` adds.
fn workbook(path: &Path, rows: u32, extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Bedrijfsnaam").expect("header");
    sheet.write_string(0, 1, "Bedrag").expect("header");
    for row in 1..=rows {
        sheet
            .write_string(row, 0, format!("Bedrijf {row}"))
            .expect("name");
        sheet
            .write_number(row, 1, f64::from(row) * 1000.0)
            .expect("amount");
    }
    extra(sheet);
    book.save(path).expect("save");
}

/// The XML of one part of a zip (an XLSX).
fn part(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("read part");
    text
}

/// Rewrites one part of an XLSX, as a hostile or broken writer would have written it.
fn rewrite_part(path: &Path, name: &str, change: impl FnOnce(String) -> String) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        parts.push((entry.name().expect("name").to_string(), bytes));
    }
    drop(archive);
    let mut writer = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut found = false;
    let mut change = Some(change);
    for (entry, bytes) in parts {
        writer.start_file(entry.as_str(), options).expect("start");
        if entry == name {
            found = true;
            let text = String::from_utf8(bytes).expect("xml");
            let changed = (change.take().expect("one part"))(text);
            writer.write_all(changed.as_bytes()).expect("write part");
        } else {
            writer.write_all(&bytes).expect("copy part");
        }
    }
    writer.finish().expect("finish");
    assert!(found, "{name} is in the workbook");
}

fn too_large(err: &Error) -> (SheetLimit, u64, u64, Option<CellRef>) {
    match err {
        Error::SheetTooLarge {
            limit,
            max,
            found,
            cell,
            ..
        } => (*limit, *max, *found, *cell),
        other => panic!(
            "expected sheet_too_large, got {}: {}",
            other.code(),
            other.message_nl()
        ),
    }
}

fn texts(sheet: &Sheet) -> Vec<Vec<String>> {
    sheet.rows.iter().map(|r| r.cells.clone()).collect()
}

#[test]
fn one_cell_at_xfd1048576_is_refused_quickly_instead_of_allocating_the_grid() {
    let dir = dir();
    let path = dir.path().join("casussen.xlsx");
    workbook(&path, 0, |sheet| {
        sheet
            .write_string(LAST_ROW, LAST_COLUMN, "x")
            .expect("far cell");
    });
    // The file declares the whole grid: a dense range of it is 17 billion cells.
    assert!(
        part(&path, "xl/worksheets/sheet1.xml").contains(r#"<dimension ref="A1:XFD1048576"/>"#)
    );
    assert!(
        std::fs::metadata(&path).expect("size").len() < 10_000,
        "a small file"
    );

    let started = Instant::now();
    let err = Sheet::read(&path).expect_err("too large");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused in {:?}",
        started.elapsed()
    );
    assert_eq!(err.code(), "sheet_too_large");
    assert!(err.is_bad_input());
    let (limit, max, found, cell) = too_large(&err);
    assert_eq!((limit, max, found), (SheetLimit::Rows, 200_000, 1_048_575));
    assert_eq!(cell.map(|c| c.to_string()).as_deref(), Some("XFD1048576"));
    let nl = err.message_nl();
    assert!(
        nl.contains("casussen.xlsx is te groot om te importeren: 1.048.575 rijen onder de kopregel (de grens is 200.000); cel XFD1048576 is niet leeg. Splits het bestand of verwijder lege rijen."),
        "{nl}"
    );
    assert!(
        err.message_en()
            .contains("1,048,575 rows below the header (the limit is 200,000)"),
        "{}",
        err.message_en()
    );
}

#[test]
fn a_far_cell_in_the_first_row_is_refused_by_its_column() {
    let dir = dir();
    let path = dir.path().join("breed.xlsx");
    workbook(&path, 3, |sheet| {
        sheet
            .write_string(0, LAST_COLUMN, "Opmerking")
            .expect("far header");
    });
    let err = Sheet::read(&path).expect_err("too wide");
    let (limit, max, found, cell) = too_large(&err);
    assert_eq!((limit, max, found), (SheetLimit::Columns, 200, 16_384));
    assert_eq!(
        cell,
        Some(CellRef {
            row_number: 1,
            column: 16_383
        })
    );
    assert!(
        err.message_nl()
            .contains("16.384 kolommen (de grens is 200); cel XFD1"),
        "{}",
        err.message_nl()
    );
}

#[test]
fn a_formatted_but_empty_cell_far_away_does_not_count() {
    let dir = dir();
    let path = dir.path().join("opgemaakt.xlsx");
    let bold = Format::new().set_bold();
    workbook(&path, 3, |sheet| {
        sheet
            .write_blank(LAST_ROW, LAST_COLUMN, &bold)
            .expect("blank");
        sheet
            .write_string(500_000, 100, "   ")
            .expect("spaces only");
    });
    assert!(
        part(&path, "xl/worksheets/sheet1.xml").contains(r#"<c r="XFD1048576" s="1"/>"#),
        "a formatted empty cell"
    );
    let sheet = Sheet::read(&path).expect("reads");
    assert_eq!(sheet.headers, vec!["Bedrijfsnaam", "Bedrag"]);
    assert_eq!(
        texts(&sheet),
        vec![
            vec!["Bedrijf 1", "1000"],
            vec!["Bedrijf 2", "2000"],
            vec!["Bedrijf 3", "3000"]
        ]
    );
    assert_eq!(
        sheet.rows.iter().map(|r| r.row_number).collect::<Vec<_>>(),
        vec![2, 3, 4]
    );
    assert_eq!(
        sheet.encoding, None,
        "an XLSX has no text encoding to report"
    );
}

#[test]
fn xlsx_cells_read_as_typed_with_excel_row_numbers() {
    let dir = dir();
    let path = dir.path().join("waarden.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    // The table starts at B3, with an empty row 5 and a gap in column D.
    for (column, header) in ["Naam", "KvK", "Intake", "Actief", "Bedrag"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(2, 1 + column as u16, *header)
            .expect("header");
    }
    sheet
        .write_string(3, 1, "Zuivelcoöperatie Fryslân")
        .expect("name");
    sheet.write_number(3, 2, 71_234_567.0).expect("kvk");
    sheet
        .write_datetime_with_format(
            3,
            3,
            ExcelDateTime::from_ymd(2025, 2, 3).expect("date"),
            &date,
        )
        .expect("date");
    sheet.write_boolean(3, 4, true).expect("bool");
    sheet.write_number(3, 5, 1234.567).expect("amount");
    sheet.write_string(5, 1, "Tweede BV").expect("name");
    sheet.write_boolean(5, 4, false).expect("bool");
    book.save(&path).expect("save");

    let sheet = Sheet::read(&path).expect("reads");
    assert_eq!(
        sheet.headers,
        vec!["Naam", "KvK", "Intake", "Actief", "Bedrag"],
        "columns count from the first with content"
    );
    assert_eq!(
        texts(&sheet),
        vec![
            vec![
                "Zuivelcoöperatie Fryslân",
                "71234567",
                "2025-02-03",
                "ja",
                "1234.5670"
            ],
            vec!["Tweede BV", "", "", "nee", ""]
        ]
    );
    assert_eq!(
        sheet.rows.iter().map(|r| r.row_number).collect::<Vec<_>>(),
        vec![4, 6]
    );
}

#[test]
fn a_lying_shared_strings_count_is_refused_instead_of_reserved() {
    let dir = dir();
    let path = dir.path().join("teksten.xlsx");
    workbook(&path, 3, |_| {});
    // calamine reserves room for `uniqueCount` strings before reading one: a trillion aborts the process.
    rewrite_part(&path, "xl/sharedStrings.xml", |xml| {
        let start = xml.find("uniqueCount=\"").expect("uniqueCount") + "uniqueCount=\"".len();
        let end = start + xml[start..].find('"').expect("end quote");
        format!("{}1000000000000{}", &xml[..start], &xml[end..])
    });
    let err = Sheet::read(&path).expect_err("refused");
    let (limit, max, found, _) = too_large(&err);
    assert_eq!(
        (limit, max, found),
        (SheetLimit::SharedStrings, 10_000_000, 1_000_000_000_000)
    );
    assert!(
        err.message_nl()
            .contains("meldt 1.000.000.000.000 verschillende teksten"),
        "{}",
        err.message_nl()
    );

    // A quoted `>` before the count does not hide it.
    rewrite_part(&path, "xl/sharedStrings.xml", |xml| {
        xml.replacen("<sst ", "<sst x=\">\" ", 1)
    });
    assert_eq!(
        too_large(&Sheet::read(&path).expect_err("still refused")).0,
        SheetLimit::SharedStrings
    );
}

#[test]
fn an_absurd_cell_reference_is_a_refused_file_not_a_crash() {
    let dir = dir();
    let path = dir.path().join("verwijzing.xlsx");
    workbook(&path, 3, |_| {});
    rewrite_part(&path, "xl/worksheets/sheet1.xml", |xml| {
        xml.replacen(r#"r="A2""#, r#"r="ZZZZZZZZZZZZZZZZ2""#, 1)
    });
    let err = Sheet::read(&path).expect_err("refused");
    // With overflow checks (debug builds) calamine panics on the column letters, and that
    // panic is caught; without, the column wraps to some far column past the limit.
    let expected = if cfg!(debug_assertions) {
        "sheet_unreadable"
    } else {
        "sheet_too_large"
    };
    assert_eq!(err.code(), expected, "{}", err.message_nl());
}

#[test]
fn files_past_the_size_limit_are_refused_before_reading() {
    let dir = dir();
    // Sparse files: 60 MiB long without writing 60 MiB. Neither would parse if it were read.
    for name in ["groot.csv", "groot.xlsx"] {
        let path = dir.path().join(name);
        let file = std::fs::File::create(&path).expect("create");
        file.set_len(MAX_FILE_BYTES + 10 * 1024 * 1024)
            .expect("grow");
        let started = Instant::now();
        let err = Sheet::read(&path).expect_err("too large");
        assert!(started.elapsed() < Duration::from_secs(1));
        let (limit, max, found, cell) = too_large(&err);
        assert_eq!(
            (limit, max, found, cell),
            (
                SheetLimit::FileSize,
                MAX_FILE_BYTES,
                MAX_FILE_BYTES + 10 * 1024 * 1024,
                None
            )
        );
        assert!(
            err.message_nl().ends_with(&format!("{name} is te groot om te importeren: het bestand is 60 MB (de grens is 50 MB). Splits het bestand in kleinere delen.")),
            "{}",
            err.message_nl()
        );
    }
    // With a small limit, a small file: a UTF-16 BOM and an odd byte would fail to decode.
    let limits = SheetLimits {
        file_bytes: 1024,
        ..SheetLimits::DEFAULT
    };
    let mut bytes = b"\xFF\xFE".to_vec();
    bytes.resize(2049, b'a');
    let path = write_bytes(dir.path(), "klein.csv", &bytes);
    let (limit, max, found, _) =
        too_large(&Sheet::read_with_limits(&path, &limits).expect_err("over 1 KiB"));
    assert_eq!((limit, max, found), (SheetLimit::FileSize, 1024, 2049));
    bytes.truncate(1023);
    let path = write_bytes(dir.path(), "klein.csv", &bytes);
    assert_eq!(
        Sheet::read_with_limits(&path, &limits)
            .expect_err("within the limit, read")
            .code(),
        "text_undecodable"
    );
}

#[test]
fn an_xlsx_that_unpacks_past_the_limit_is_refused_before_unpacking() {
    let dir = dir();
    let path = dir.path().join("uitgepakt.xlsx");
    workbook(&path, 3, |_| {});
    let limits = SheetLimits {
        unpacked_bytes: 2_000,
        ..SheetLimits::DEFAULT
    };
    let (limit, max, found, _) =
        too_large(&Sheet::read_with_limits(&path, &limits).expect_err("too large unpacked"));
    assert_eq!((limit, max), (SheetLimit::UnpackedSize, 2_000));
    assert!(found > 2_000);
    assert_eq!(
        Sheet::read(&path).expect("within the default").rows.len(),
        3
    );
}

#[test]
fn a_csv_with_too_many_columns_is_refused_in_dutch() {
    let dir = dir();
    let header: Vec<String> = (1..=201).map(|n| format!("Kolom{n}")).collect();
    let path = write_bytes(
        dir.path(),
        "kolommen.csv",
        format!("{}\n1;2\n", header.join(";")).as_bytes(),
    );
    let err = Sheet::read(&path).expect_err("201 columns");
    let (limit, max, found, cell) = too_large(&err);
    assert_eq!((limit, max, found), (SheetLimit::Columns, 200, 201));
    assert_eq!(
        cell,
        Some(CellRef {
            row_number: 1,
            column: 200
        })
    );
    assert!(
        err.message_nl().ends_with("kolommen.csv is te groot om te importeren: 201 kolommen (de grens is 200); cel GS1 is niet leeg. Verwijder de kolommen die u niet importeert."),
        "{}",
        err.message_nl()
    );
    // Empty fields past the last filled one (Excel pads rows up to its used range) do not count.
    let padded = format!("Naam;Bedrag{}\nA;1{}\n", ";".repeat(500), ";".repeat(500));
    let path = write_bytes(dir.path(), "opgevuld.csv", padded.as_bytes());
    let sheet = Sheet::read(&path).expect("padded rows read");
    assert_eq!(
        (sheet.headers.clone(), texts(&sheet)),
        (
            vec!["Naam".to_string(), "Bedrag".into()],
            vec![vec!["A".to_string(), "1".into()]]
        )
    );
    // A data row with content past column 200 is refused at its own cell.
    let far = format!("Naam;Bedrag\nA{}x\n", ";".repeat(250));
    let path = write_bytes(dir.path(), "ver.csv", far.as_bytes());
    let (_, _, found, cell) = too_large(&Sheet::read(&path).expect_err("far cell"));
    assert_eq!(
        (found, cell),
        (
            251,
            Some(CellRef {
                row_number: 2,
                column: 250
            })
        )
    );
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused_in_dutch() {
    let dir = dir();
    // Multi-byte characters: the limit counts characters, not bytes.
    let at_limit = format!("Naam;Toelichting\nA;{}\n", "é".repeat(32_767));
    let path = write_bytes(dir.path(), "lang.csv", at_limit.as_bytes());
    assert_eq!(
        Sheet::read(&path).expect("32,767 characters fit").rows[0].cells[1]
            .chars()
            .count(),
        32_767
    );
    let over = format!("Naam;Toelichting\nA;\"{}\"\n", "é".repeat(32_768));
    let path = write_bytes(dir.path(), "te-lang.csv", over.as_bytes());
    let err = Sheet::read(&path).expect_err("32,768 characters");
    let (limit, max, found, cell) = too_large(&err);
    assert_eq!((limit, max, found), (SheetLimit::CellText, 32_767, 32_768));
    assert_eq!(cell.map(|c| c.to_string()).as_deref(), Some("B2"));
    assert!(err.message_nl().contains("te-lang.csv is te groot om te importeren: cel B2 bevat 32.768 tekens (de grens is 32.767"), "{}", err.message_nl());

    // The same in an XLSX (which rust_xlsxwriter, like Excel, will not write: edit the part).
    let xlsx = dir.path().join("te-lang.xlsx");
    workbook(&xlsx, 2, |sheet| {
        sheet
            .write_string(2, 1, "LANGE-TEKST")
            .expect("placeholder");
    });
    rewrite_part(&xlsx, "xl/sharedStrings.xml", |xml| {
        xml.replacen("LANGE-TEKST", &("x".repeat(32_767) + "y"), 1)
    });
    let (limit, _, found, cell) = too_large(&Sheet::read(&xlsx).expect_err("long cell"));
    assert_eq!(
        (limit, found, cell.map(|c| c.to_string())),
        (SheetLimit::CellText, 32_768, Some("B3".into()))
    );
}

#[test]
fn rows_and_cells_limits_hold_for_csv_and_xlsx() {
    let dir = dir();
    let limits = SheetLimits {
        rows: 5,
        columns: 4,
        cells: 12,
        ..SheetLimits::DEFAULT
    };
    // Five data rows below the header, with an empty row: fits.
    let path = write_bytes(dir.path(), "rijen.csv", b"a;b\n1;x\n2;x\n\n4;x\n5;x\n");
    assert_eq!(
        Sheet::read_with_limits(&path, &limits)
            .expect("fits")
            .rows
            .len(),
        4
    );
    // Content six rows below the header: refused, even though only five rows have content.
    let path = write_bytes(dir.path(), "rijen.csv", b"a;b\n1;x\n2;x\n\n\n5;x\n6;x\n");
    let (limit, max, found, cell) =
        too_large(&Sheet::read_with_limits(&path, &limits).expect_err("six below"));
    assert_eq!(
        (limit, max, found, cell),
        (
            SheetLimit::Rows,
            5,
            6,
            Some(CellRef {
                row_number: 7,
                column: 0
            })
        )
    );
    // Four rows of four columns: 16 cells where 12 are allowed.
    let path = write_bytes(dir.path(), "cellen.csv", b"a;b;c;d\n1;;;x\n2\n3\n4\n");
    let (limit, max, found, _) =
        too_large(&Sheet::read_with_limits(&path, &limits).expect_err("16 cells"));
    assert_eq!((limit, max, found), (SheetLimit::Cells, 12, 16));

    let xlsx = dir.path().join("rijen.xlsx");
    workbook(&xlsx, 6, |_| {});
    let (limit, _, found, cell) =
        too_large(&Sheet::read_with_limits(&xlsx, &limits).expect_err("six rows"));
    assert_eq!(
        (limit, found, cell.map(|c| c.to_string())),
        (SheetLimit::Rows, 6, Some("A7".into()))
    );
    let xlsx = dir.path().join("cellen.xlsx");
    workbook(&xlsx, 5, |sheet| {
        sheet.write_string(1, 3, "ver").expect("column D");
    });
    // 13 cells with content fit in 15, but they span five rows of four columns.
    let limits = SheetLimits {
        cells: 15,
        ..limits
    };
    let (limit, _, found, _) =
        too_large(&Sheet::read_with_limits(&xlsx, &limits).expect_err("20 cells"));
    assert_eq!((limit, found), (SheetLimit::Cells, 20));
    let limits = SheetLimits {
        cells: 12,
        ..limits
    };
    let (limit, _, found, _) =
        too_large(&Sheet::read_with_limits(&xlsx, &limits).expect_err("13 filled cells"));
    assert_eq!(
        (limit, found),
        (SheetLimit::Cells, 13),
        "refused while streaming, at the 13th cell with content"
    );
}

const DUTCH: &str = "Bedrijfsnaam\tProvincie\tBedrag\r\nZuivelcoöperatie De Terp\tFryslân\t€ 850.000\r\n\"Café \"\"Het Hoekje\"\"\"\tNoord-Brabant\t€ 1.250\r\nMuziek 𝄞 BV\tGelderland\t12\r\n";

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

#[test]
fn utf16_text_as_excel_saves_it_reads_like_its_utf8_twin() {
    let dir = dir();
    let utf8 = Sheet::read(&write_bytes(dir.path(), "utf8.csv", DUTCH.as_bytes())).expect("utf-8");
    assert_eq!(utf8.encoding, Some(TextEncoding::Utf8));
    assert_eq!(
        utf8.rows[0].cells,
        vec!["Zuivelcoöperatie De Terp", "Fryslân", "€ 850.000"]
    );
    assert_eq!(utf8.rows[1].cells[0], "Café \"Het Hoekje\"");
    assert_eq!(
        utf8.rows[2].cells[0], "Muziek 𝄞 BV",
        "a character outside the BMP (a surrogate pair in UTF-16)"
    );

    let le = Sheet::read(&write_bytes(
        dir.path(),
        "unicode.txt",
        &utf16(DUTCH, false),
    ))
    .expect("utf-16 le");
    assert_eq!(le.encoding, Some(TextEncoding::Utf16Le));
    assert_eq!(
        (le.headers.clone(), le.rows.clone()),
        (utf8.headers.clone(), utf8.rows.clone())
    );
    let be = Sheet::read(&write_bytes(
        dir.path(),
        "unicode-be.csv",
        &utf16(DUTCH, true),
    ))
    .expect("utf-16 be");
    assert_eq!(be.encoding, Some(TextEncoding::Utf16Be));
    assert_eq!(be.rows, utf8.rows);
    assert_eq!(TextEncoding::Utf16Le.read_as_nl(), "gelezen als UTF-16 LE");
}

#[test]
fn windows_1252_is_read_and_reported() {
    let dir = dir();
    let path = write_bytes(
        dir.path(),
        "oud.csv",
        b"Bedrijfsnaam;Bedrag\r\nCaf\xE9 De Hoek;\x80 850.000\r\nZuivelco\xF6peratie;12\r\n",
    );
    let sheet = Sheet::read(&path).expect("windows-1252");
    assert_eq!(sheet.encoding, Some(TextEncoding::Windows1252));
    assert_eq!(
        texts(&sheet),
        vec![
            vec!["Café De Hoek", "€ 850.000"],
            vec!["Zuivelcoöperatie", "12"]
        ]
    );
    assert_eq!(
        TextEncoding::Windows1252.read_as_nl(),
        "gelezen als Windows-1252"
    );
    let bom = write_bytes(
        dir.path(),
        "bom.csv",
        "\u{FEFF}Bedrijfsnaam;Bedrag\nCafé;€ 1\n".as_bytes(),
    );
    let sheet = Sheet::read(&bom).expect("utf-8 with bom");
    assert_eq!(
        (
            sheet.encoding,
            sheet.headers[0].as_str(),
            sheet.rows[0].cells[1].as_str()
        ),
        (Some(TextEncoding::Utf8), "Bedrijfsnaam", "€ 1")
    );
}

#[test]
fn text_that_breaks_its_byte_order_mark_is_refused_in_dutch() {
    let dir = dir();
    // "a;b\n" and then a lone high surrogate.
    let mut bytes = utf16("a;b\n", false);
    bytes.extend([0x00, 0xD8, b'x', 0x00]);
    let path = write_bytes(dir.path(), "kapot.csv", &bytes);
    let err = Sheet::read(&path).expect_err("lone surrogate");
    assert_eq!(err.code(), "text_undecodable");
    assert!(err.is_bad_input());
    assert!(
        matches!(
            err,
            Error::TextUndecodable {
                encoding: TextEncoding::Utf16Le,
                offset: 10,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.message_nl().contains(
            "kapot.csv begint als UTF-16 LE-tekst, maar byte 10 is geen geldige UTF-16 LE"
        ),
        "{}",
        err.message_nl()
    );
    // A UTF-8 BOM followed by a Windows-1252 byte: mixed up, not guessed at.
    let path = write_bytes(dir.path(), "gemengd.csv", b"\xEF\xBB\xBFNaam\nCaf\xE9\n");
    assert!(matches!(
        Sheet::read(&path).expect_err("mixed"),
        Error::TextUndecodable {
            encoding: TextEncoding::Utf8,
            offset: 11,
            ..
        }
    ));
}
