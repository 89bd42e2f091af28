//! Reading register files (CSV or JSON) into rows with their line numbers.

use std::io::Read;
use std::path::Path;

use super::sheet::Sheet;
use crate::domain::RegisterRow;
use crate::error::{Error, Result};

/// A row read from a file, with the line (CSV) or item number (JSON) it came from.
pub type NumberedRow = (usize, RegisterRow);

/// Reads a register file; the type follows the extension (`.csv`, `.xlsx` or `.json`).
pub fn read_file(path: &Path) -> Result<Vec<NumberedRow>> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    match extension.as_deref() {
        Some("csv") => read_csv(file, path),
        Some("xlsx") => read_sheet(&Sheet::from_xlsx(path)?),
        Some("json") => {
            let mut text = String::new();
            std::io::BufReader::new(file).read_to_string(&mut text).map_err(|e| Error::io(path, e))?;
            read_json(&text, &path.display().to_string())
        }
        _ => Err(Error::UnsupportedFile(path.to_path_buf())),
    }
}

/// Reads register rows from CSV with a header line; `path` names the source in errors.
pub fn read_csv(reader: impl Read, path: &Path) -> Result<Vec<NumberedRow>> {
    let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(reader);
    let csv_error = |source| Error::Csv { path: path.to_path_buf(), source };
    let headers = csv.headers().map_err(csv_error)?.clone();
    if !headers.iter().any(|h| h == "name") {
        return Err(Error::ImportRows(vec![crate::error::RowError {
            line: 1,
            errors: vec![crate::domain::FieldError {
                field: "name".into(),
                code: "missing_column".into(),
                message: "De kolom \"name\" (naam van de financier) ontbreekt in de kopregel.".into(),
                message_en: "The header lacks the column \"name\" (financier name).".into(),
            }],
        }]));
    }
    let mut rows = Vec::new();
    for record in csv.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        let row: RegisterRow = record.deserialize(Some(&headers)).map_err(csv_error)?;
        rows.push((line, row));
    }
    Ok(rows)
}

/// Reads register rows from a sheet (e.g. the first worksheet of an `.xlsx`) whose header
/// row has the columns of `register.csv` (case-insensitive); rows keep their sheet row numbers.
pub fn read_sheet(sheet: &Sheet) -> Result<Vec<NumberedRow>> {
    let columns: Vec<String> = sheet.headers.iter().map(|h| h.trim().to_lowercase()).collect();
    if !columns.iter().any(|h| h == "name") {
        return Err(Error::ImportRows(vec![crate::error::RowError {
            line: 1,
            errors: vec![crate::domain::FieldError {
                field: "name".into(),
                code: "missing_column".into(),
                message: "De kolom \"name\" (naam van de financier) ontbreekt in de kopregel.".into(),
                message_en: "The header lacks the column \"name\" (financier name).".into(),
            }],
        }]));
    }
    sheet
        .rows
        .iter()
        .map(|row| {
            let fields: serde_json::Map<String, serde_json::Value> = columns
                .iter()
                .enumerate()
                .filter(|(index, _)| !row.cell(*index).is_empty())
                .map(|(index, column)| (column.clone(), serde_json::Value::String(row.cell(index).to_string())))
                .collect();
            let parsed: RegisterRow = serde_json::from_value(serde_json::Value::Object(fields))
                .map_err(|source| Error::Json { context: format!("registerregel {}", row.row_number), source })?;
            Ok((row.row_number, parsed))
        })
        .collect()
}

/// Reads register rows from a JSON array of objects with the CSV's column names;
/// list fields may be arrays or `;`-separated text, amounts numbers or text.
pub fn read_json(text: &str, context: &str) -> Result<Vec<NumberedRow>> {
    let json_error = |source| Error::Json { context: context.to_string(), source };
    let items: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(text).map_err(json_error)?;
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let flat: serde_json::Map<String, serde_json::Value> = item
                .into_iter()
                .map(|(key, value)| {
                    let text = match value {
                        serde_json::Value::Null => serde_json::Value::Null,
                        serde_json::Value::String(s) => serde_json::Value::String(s),
                        serde_json::Value::Array(items) => serde_json::Value::String(
                            items.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect::<Vec<_>>().join(";"),
                        ),
                        other => serde_json::Value::String(other.to_string()),
                    };
                    (key, text)
                })
                .collect();
            let row: RegisterRow = serde_json::from_value(serde_json::Value::Object(flat)).map_err(json_error)?;
            Ok((index + 1, row))
        })
        .collect()
}
