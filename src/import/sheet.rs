//! Reading a spreadsheet (`.csv` or `.xlsx`) into text cells with the row numbers
//! the user sees in Excel.
//!
//! CSV: the `;` or `,` delimiter is detected from the header line (Dutch Excel writes
//! `;`); UTF-8 with or without BOM, with a Windows-1252 fallback for files saved by older
//! Excel. XLSX: the first worksheet, read with calamine; numbers and dates become text
//! as a person would type them (`71234567`, `2025-02-03`).

use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use crate::domain::cell_text::restore_formula;
use crate::error::{Error, Result};

/// One data row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// Row number as the user sees it in Excel or a text editor (the header is row 1).
    pub row_number: usize,
    /// Trimmed cell texts, one per header (missing cells are empty).
    pub cells: Vec<String>,
}

/// A table read from a file: a header row and data rows of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    /// Column names from the first row; empty names become `Kolom C`, repeated ones `Naam (2)`.
    pub headers: Vec<String>,
    /// Data rows that have at least one non-empty cell.
    pub rows: Vec<SheetRow>,
}

impl SheetRow {
    /// The cell in `column`, or `""` past the end of the row.
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map(String::as_str).unwrap_or("")
    }
}

impl Sheet {
    /// Reads a `.csv` or `.xlsx` file; the type follows the extension.
    pub fn read(path: &Path) -> Result<Sheet> {
        match extension(path).as_deref() {
            Some("csv") | Some("txt") => {
                let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                Sheet::from_csv_bytes(&bytes, path)
            }
            Some("xlsx") | Some("xlsm") => Sheet::from_xlsx(path),
            _ => Err(Error::UnsupportedFile(path.to_path_buf())),
        }
    }

    /// Parses CSV bytes; `path` names the source in errors.
    pub fn from_csv_bytes(bytes: &[u8], path: &Path) -> Result<Sheet> {
        let text = decode(bytes);
        let delimiter = detect_delimiter(&text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let csv_error = |source| Error::Csv { path: path.to_path_buf(), source };
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        // Excel shows a quoted multi-line cell as one row: count records, not raw lines,
        // but keep the blank lines Excel would show as empty rows.
        let mut extra_lines = 0usize;
        let mut lines = LineCounter::new(&text);
        for record in reader.records() {
            let record = record.map_err(csv_error)?;
            let row_number = lines.line_of(record.position().map_or(0, |p| p.byte() as usize)) - extra_lines;
            extra_lines += record.iter().map(|field| field.matches('\n').count()).sum::<usize>();
            // Tafel writes text a spreadsheet would run as a formula with a leading apostrophe;
            // reading it back takes that off, so an export imports unchanged.
            let cells: Vec<String> = record.iter().map(|c| restore_formula(c.trim()).to_string()).collect();
            match &headers {
                None => headers = Some(cells),
                Some(_) if cells.iter().all(String::is_empty) => {}
                Some(_) => rows.push(SheetRow { row_number, cells }),
            }
        }
        Ok(Sheet::assemble(headers.unwrap_or_default(), rows))
    }

    /// Reads the first worksheet of an `.xlsx` file.
    pub fn from_xlsx(path: &Path) -> Result<Sheet> {
        let unreadable = |message: String| Error::SheetUnreadable { path: path.to_path_buf(), message };
        let mut workbook: Xlsx<_> = calamine::open_workbook(path).map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
        let range = match workbook.worksheet_range_at(0) {
            None => return Ok(Sheet::default()),
            Some(range) => range.map_err(|e| unreadable(e.to_string()))?,
        };
        let Some((first_row, _)) = range.start() else {
            return Ok(Sheet::default());
        };
        let mut headers: Option<Vec<String>> = None;
        let mut rows = Vec::new();
        for (index, row) in range.rows().enumerate() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            let row_number = first_row as usize + index + 1;
            match &headers {
                None if cells.iter().all(String::is_empty) => {}
                None => headers = Some(cells),
                Some(_) if cells.iter().all(String::is_empty) => {}
                Some(_) => rows.push(SheetRow { row_number, cells }),
            }
        }
        Ok(Sheet::assemble(headers.unwrap_or_default(), rows))
    }

    /// Names every column (also those with data but no header) and pads rows to the header width.
    fn assemble(mut headers: Vec<String>, mut rows: Vec<SheetRow>) -> Sheet {
        let width = rows.iter().map(|r| r.cells.len()).chain([headers.len()]).max().unwrap_or(0);
        // Trailing columns without header and without data are dropped.
        let used = (0..width)
            .rev()
            .find(|&c| headers.get(c).is_some_and(|h| !h.is_empty()) || rows.iter().any(|r| !r.cell(c).is_empty()))
            .map_or(0, |c| c + 1);
        headers.resize(used, String::new());
        let mut seen: Vec<String> = Vec::with_capacity(used);
        for (index, header) in headers.iter_mut().enumerate() {
            if header.is_empty() {
                *header = format!("Kolom {}", column_letters(index));
            }
            let base = header.clone();
            let mut n = 2;
            while seen.iter().any(|s| s.eq_ignore_ascii_case(header)) {
                *header = format!("{base} ({n})");
                n += 1;
            }
            seen.push(header.clone());
        }
        for row in &mut rows {
            row.cells.resize(used, String::new());
        }
        Sheet { headers, rows }
    }
}

/// The line (from 1) of each record, for records in file order: the line ends are counted
/// once, from where the previous record started, so numbering a file is linear in its size.
struct LineCounter<'t> {
    bytes: &'t [u8],
    /// Bytes before this offset are counted …
    counted_to: usize,
    /// … and hold this many line ends.
    line_ends: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter { bytes: text.as_bytes(), counted_to: 0, line_ends: 0 }
    }

    /// The line a record starting at byte `start` is on. The CSV reader's own line count is
    /// one short after a `\r\n` line end (as Excel writes them): it may report a record as
    /// starting on the line end before it, so line ends at the start are skipped.
    fn line_of(&mut self, start: usize) -> usize {
        let mut start = start.min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.counted_to {
            // Records come in order; a position before the last one starts over.
            self.counted_to = 0;
            self.line_ends = 0;
        }
        self.line_ends += self.bytes[self.counted_to..start].iter().filter(|&&b| b == b'\n').count();
        self.counted_to = start;
        self.line_ends + 1
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase)
}

/// `A`, `B`, …, `Z`, `AA`: the Excel name of a zero-based column.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// UTF-8 (BOM removed), or Windows-1252 when the bytes are not UTF-8.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        other => char::from(other),
    }
}

/// The delimiter of the header line: `;`, tab or `,`, whichever occurs most outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for ch in text.chars() {
        match ch {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            _ if !quoted => {
                for (delimiter, count) in counts.iter_mut() {
                    if ch == char::from(*delimiter) {
                        *count += 1;
                    }
                }
            }
            _ => {}
        }
    }
    // Ties (including none at all) go to the comma, the CSV default.
    counts.iter().filter(|(_, n)| *n > 0).max_by_key(|(d, n)| (*n, *d == b',')).map_or(b',', |(d, _)| *d)
}

/// A cell as the text a person would type for it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(true) => "ja".into(),
        Data::Bool(false) => "nee".into(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            match (dt.as_f64() >= 1.0, (hh, mm, ss) == (0, 0, 0)) {
                (true, true) => format!("{y:04}-{m:02}-{d:02}"),
                (true, false) => format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}"),
                (false, _) => format!("{hh:02}:{mm:02}"),
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// Whole numbers without `.0`; fractions with a decimal point that can never be read as a
/// thousands separator (`1234.567` becomes `1234.5670`).
pub(crate) fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let text = value.to_string();
    match text.split_once('.') {
        Some((_, decimals)) if decimals.len() == 3 && !text.contains('e') => format!("{text}0"),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &[u8]) -> Sheet {
        Sheet::from_csv_bytes(text, Path::new("test.csv")).expect("csv")
    }

    #[test]
    fn detects_semicolons_and_commas() {
        let semi = csv("Naam;Bedrag\nA, B;1.000,50\n".as_bytes());
        assert_eq!(semi.headers, vec!["Naam", "Bedrag"]);
        assert_eq!(semi.rows[0].cells, vec!["A, B", "1.000,50"]);
        let comma = csv(b"Naam,Bedrag\n\"X; Y\",850k\n");
        assert_eq!(comma.rows[0].cells, vec!["X; Y", "850k"]);
        assert_eq!(detect_delimiter("\"a;b;c\",d\n"), b',');
        assert_eq!(detect_delimiter("enkel\n"), b',');
    }

    #[test]
    fn strips_the_bom_and_reads_windows_1252() {
        let bom = csv(b"\xEF\xBB\xBFBedrijfsnaam;Provincie\nCaf\xC3\xA9 X;Frysl\xC3\xA2n\n");
        assert_eq!(bom.headers[0], "Bedrijfsnaam");
        assert_eq!(bom.rows[0].cells, vec!["Café X", "Fryslân"]);
        let legacy = csv(b"Bedrijfsnaam;Bedrag\nCaf\xE9 X;\x80 850.000\n");
        assert_eq!(legacy.rows[0].cells, vec!["Café X", "€ 850.000"]);
    }

    #[test]
    fn row_numbers_follow_what_excel_shows() {
        let sheet = csv(b"a;b\n1;\"twee\nregels\"\n\n;\n3;x\n");
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.row_number).collect();
        // Row 2 holds a two-line cell, rows 3 and 4 are empty, row 5 is the next record.
        assert_eq!(numbers, vec![2, 5]);
        assert_eq!(sheet.rows[0].cells[1], "twee\nregels");
    }

    #[test]
    fn row_numbers_with_windows_line_ends() {
        for text in ["\u{FEFF}a;b\r\n1;x\r\n\r\n;\r\n2;\"y\r\nz\"\r\n3;x\r\n", "a;b\n1;x\n\n;\n2;\"y\nz\"\n3;x\n"] {
            let numbers: Vec<usize> = csv(text.as_bytes()).rows.iter().map(|r| r.row_number).collect();
            assert_eq!(numbers, vec![2, 5, 6], "{text:?}");
        }
    }

    #[test]
    fn names_unnamed_and_repeated_columns() {
        let sheet = csv(b"Naam;;Naam;\nA;x;B;\n");
        assert_eq!(sheet.headers, vec!["Naam", "Kolom B", "Naam (2)"]);
        assert_eq!(sheet.rows[0].cells.len(), 3);
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(71234567.0), "71234567");
        assert_eq!(number_text(1250.5), "1250.5");
        assert_eq!(number_text(1234.567), "1234.5670");
        assert_eq!(number_text(-3.0), "-3");
    }
}
