//! Writing a report as CSV for Dutch Excel: `;`-separated, UTF-8 with BOM, amounts in
//! euros with a decimal comma, dates `dd-mm-jjjj`, and text that a spreadsheet would run as a
//! formula written with a leading apostrophe ([`neutralise_formula`]).

use std::io::Write;
use std::path::Path;

use super::table::{Cell, Table};
use crate::domain::cell_text::neutralise_formula;
use crate::error::{Error, Result};

/// Writes the table to `path`, whole or not at all ([`crate::files::write_atomic`]).
pub fn write(table: &Table, path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    to_writer(table, &mut bytes, path)?;
    crate::files::write_atomic(path, &bytes)
}

/// Writes the table to any writer; `path` names the destination in errors.
pub fn to_writer(table: &Table, mut out: impl Write, path: &Path) -> Result<()> {
    out.write_all("\u{FEFF}".as_bytes())
        .map_err(|e| Error::io(path, e))?;
    let csv_error = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer
        .write_record(table.columns.iter().map(|c| c.header))
        .map_err(csv_error)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(cell_text))
            .map_err(csv_error)?;
    }
    writer.flush().map_err(|e| Error::io(path, e))
}

/// A cell as Dutch Excel reads it back: `850000`, `1234,56`, `03-02-2025`.
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => neutralise_formula(text).into_owned(),
        Cell::Number(n) => n.to_string(),
        Cell::Euros(cents) => {
            let sign = if *cents < 0 { "-" } else { "" };
            let (euros, rest) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
            if rest == 0 {
                format!("{sign}{euros}")
            } else {
                format!("{sign}{euros},{rest:02}")
            }
        }
        Cell::Date(date) => crate::domain::format::date_nl(*date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::Column;

    #[test]
    fn writes_bom_semicolons_and_dutch_numbers() {
        let table = Table {
            name: "Test",
            columns: vec![
                Column {
                    header: "Naam",
                    width: 10.0,
                },
                Column {
                    header: "Bedrag",
                    width: 10.0,
                },
                Column {
                    header: "Datum",
                    width: 10.0,
                },
            ],
            rows: vec![vec![
                Cell::Text("Café; \"De Hoek\"".into()),
                Cell::Euros(123_456),
                Cell::Date(chrono::NaiveDate::from_ymd_opt(2025, 2, 3).expect("date")),
            ]],
        };
        let mut out = Vec::new();
        to_writer(&table, &mut out, Path::new("x.csv")).expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "\u{FEFF}Naam;Bedrag;Datum\r\n\"Café; \"\"De Hoek\"\"\";1234,56;03-02-2025\r\n"
        );
        assert_eq!(
            cell_text(&Cell::Euros(-85_000_000)),
            "-850000",
            "a negative amount is a number, not a formula"
        );
        assert_eq!(
            cell_text(&Cell::Text("=HYPERLINK(\"http://x\")".into())),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell_text(&Cell::Text("@SUM(A1)".into())), "'@SUM(A1)");
    }
}
