//! Reading register files (CSV, XLSX or JSON) into rows with their row numbers.
//!
//! A register file is read as a [`Sheet`] (JSON: an array of objects becomes one), its
//! columns mapped to [`RegisterRow`] fields ([`mapping`]). Values are read as typed (the
//! fixed columns and ids of `register.csv`) or translated the way the case import reads
//! them: Dutch labels and synonyms to ids ("ROM", "Heel Nederland", "Achtergestelde
//! lening"), amounts as people write them ("€ 2 mln"), dates ("3-2-2025").

pub mod mapping;

use std::path::Path;

pub use mapping::{
    RegisterColumnMapping, RegisterField, ResolvedRegisterMapping, guess_register_mapping,
    register_import_fields,
};

use super::cases::values;
use super::mapping::FieldKind;
use super::sheet::{self, Sheet, SheetLimits, SheetRow};
use crate::domain::sheet::{CellRef, SheetLimit};
use crate::domain::{FieldError, RegisterRow};
use crate::error::{Error, Result, RowError};

/// A row read from a file, with the row number it has in the sheet (the header is row 1)
/// or, for JSON, the item number from 1.
pub type NumberedRow = (usize, RegisterRow);

/// How cell text becomes register values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// As typed: ids and `;`-separated lists, as in `register.csv`.
    AsTyped,
    /// Dutch and English labels and synonyms translated to ids, amounts and dates cleaned.
    Translated,
}

/// Reads a register file as a sheet; the type follows the extension (`.csv`, `.xlsx` or `.json`).
/// Every type is read within [`SheetLimits::DEFAULT`].
pub fn read_sheet(path: &Path) -> Result<Sheet> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") | Some("xlsx") | Some("xlsm") => Sheet::read(path),
        Some("json") => {
            let limits = SheetLimits::DEFAULT;
            json_sheet(
                &sheet::read_bounded(path, limits.file_bytes)?,
                path,
                &limits,
            )
        }
        _ => Err(Error::UnsupportedFile(path.to_path_buf())),
    }
}

/// Refuses a sheet without a column for the financier's name (line 1: the header).
pub fn require_name_column(resolved: &ResolvedRegisterMapping) -> Result<()> {
    if resolved.column_of(RegisterField::Name).is_some() {
        return Ok(());
    }
    Err(Error::ImportRows(vec![RowError {
        line: 1,
        errors: vec![FieldError {
            field: "name".into(),
            code: "missing_column".into(),
            message: "De kolom \"name\" (naam van de financier) ontbreekt in de kopregel.".into(),
            message_en: "The header lacks the column \"name\" (financier name).".into(),
        }],
    }]))
}

/// Reads a JSON array of objects with the CSV's column names as a sheet: the keys are the
/// headers (in order of first use, an item's own in the order of their names; named and told
/// apart as a sheet's headers are), item `n`
/// is row `n`; list fields may be arrays, amounts numbers. A UTF-8 byte-order mark is skipped.
///
/// Bounded as a sheet is ([`SheetLimits`]): the bytes, the items (rows), the distinct keys
/// (columns), the cells they span and the text of each, so a small file with thousands of
/// keys spread over thousands of items is refused rather than padded out to millions of cells.
pub fn json_sheet(bytes: &[u8], path: &Path, limits: &SheetLimits) -> Result<Sheet> {
    if bytes.len() as u64 > limits.file_bytes {
        return Err(sheet::too_large(
            path,
            SheetLimit::FileSize,
            limits.file_bytes,
            bytes.len(),
            None,
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let json_error = |source| Error::Json {
        context: path.display().to_string(),
        source,
    };
    let items: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(bytes).map_err(json_error)?;
    if items.len() > limits.rows {
        return Err(sheet::too_large(
            path,
            SheetLimit::Rows,
            limits.rows,
            items.len(),
            None,
        ));
    }
    let mut headers: Vec<String> = Vec::new();
    for key in items.iter().flat_map(|item| item.keys()) {
        if !headers.contains(key) {
            if headers.len() == limits.columns {
                return Err(sheet::too_large(
                    path,
                    SheetLimit::Columns,
                    limits.columns,
                    headers.len() + 1,
                    None,
                ));
            }
            headers.push(key.clone());
        }
    }
    let cells = items.len().saturating_mul(headers.len());
    if cells > limits.cells {
        return Err(sheet::too_large(
            path,
            SheetLimit::Cells,
            limits.cells,
            cells,
            None,
        ));
    }
    let mut rows = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let row_number = index + 1;
        let mut cells = Vec::with_capacity(headers.len());
        for (column, header) in headers.iter().enumerate() {
            let text = item.get(header).map(json_text).unwrap_or_default();
            sheet::check_cell_text(&text, CellRef { row_number, column }, path, limits)?;
            cells.push(text);
        }
        rows.push(SheetRow { row_number, cells });
    }
    // Keys are headers as a sheet's are: trimmed, and told apart after trimming.
    Ok(Sheet::assemble(
        headers.iter().map(|h| h.trim().to_string()).collect(),
        rows,
        None,
    ))
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.trim().to_string(),
        serde_json::Value::Bool(true) => "ja".into(),
        serde_json::Value::Bool(false) => "nee".into(),
        serde_json::Value::Array(items) => {
            items.iter().map(json_text).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}

/// Reads every row of the sheet into a register row through the mapping.
pub fn sheet_rows(
    sheet: &Sheet,
    mapping: &ResolvedRegisterMapping,
    values: Values,
) -> Result<Vec<NumberedRow>> {
    sheet
        .rows
        .iter()
        .map(|row| Ok((row.row_number, row_to_register_row(row, mapping, values)?)))
        .collect()
}

/// Reads one row: empty cells stay unset; translated values become ids where they can, the
/// rest stays as typed so validation reports it.
pub fn row_to_register_row(
    row: &SheetRow,
    mapping: &ResolvedRegisterMapping,
    values: Values,
) -> Result<RegisterRow> {
    // The row is built by field name, so every field of `RegisterRow` a column maps to is filled.
    let mut fields = serde_json::Map::new();
    for (column, field) in &mapping.fields {
        let raw = row.cell(*column).trim();
        let value = match values {
            Values::AsTyped => Some(raw.to_string()),
            Values::Translated => translate(*field, raw),
        };
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            fields.insert(field.path().to_string(), serde_json::Value::String(value));
        }
    }
    serde_json::from_value(serde_json::Value::Object(fields)).map_err(|source| Error::Json {
        context: format!("registerregel {}", row.row_number),
        source,
    })
}

/// A cell as the register reads it, `None` for "nothing" (empty, unknown, or any).
fn translate(field: RegisterField, raw: &str) -> Option<String> {
    let kind = field.kind();
    match field {
        RegisterField::Regions
        | RegisterField::CapitalTypes
        | RegisterField::Stages
        | RegisterField::Sectors => {
            // An empty list of stages or sectors means any; "alle" says the same.
            if matches!(field, RegisterField::Stages | RegisterField::Sectors)
                && values::means_any(raw)
            {
                return None;
            }
            Some(values::translate_list(kind, raw).join(";"))
        }
        RegisterField::TicketMin | RegisterField::TicketMax if values::means_unknown(raw) => None,
        RegisterField::TicketMin | RegisterField::TicketMax => Some(values::clean_amount(raw)),
        RegisterField::VerifiedOn => Some(values::normalise_date(raw)),
        _ => match kind {
            FieldKind::FinancierType | FieldKind::ListMode => {
                Some(values::translate_one(kind, raw))
            }
            _ => Some(raw.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(headers: &[&str], cells: &[&str]) -> RegisterRow {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let row = SheetRow {
            row_number: 2,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        let resolved = guess_register_mapping(&headers)
            .resolve(&headers)
            .expect("mapping");
        row_to_register_row(&row, &resolved, Values::Translated).expect("row")
    }

    #[test]
    fn dutch_values_become_ids() {
        let row = read(
            &[
                "Naam",
                "Soort financier",
                "Werkgebied",
                "Kapitaalsoorten",
                "Ticket min",
                "Ticket max",
                "Fasen",
                "Sectoren",
                "Geverifieerd op",
            ],
            &[
                "NOM",
                "ROM",
                "Groningen, Friesland en Drenthe",
                "Achtergestelde lening; participatie",
                "€ 50.000",
                "€ 2 mln",
                "Alle",
                "Agri & food, Energie",
                "3-2-2026",
            ],
        );
        assert_eq!(row.name.as_deref(), Some("NOM"));
        assert_eq!(row.financier_type.as_deref(), Some("rom"));
        assert_eq!(row.regions.as_deref(), Some("GR;FR;DR"));
        assert_eq!(
            row.capital_types.as_deref(),
            Some("subordinated_loan;equity")
        );
        assert_eq!(row.ticket_min_eur.as_deref(), Some("€ 50.000"));
        assert_eq!(row.ticket_max_eur.as_deref(), Some("€ 2 mln"));
        assert_eq!(row.stages, None, "alle: any stage");
        assert_eq!(row.sectors.as_deref(), Some("agri_food;energy"));
        assert_eq!(row.verified_on.as_deref(), Some("2026-02-03"));
        let entry = row.validate().expect("valid");
        assert_eq!(entry.instrument.ticket_max_cents, Some(200_000_000));
    }

    #[test]
    fn country_and_parts_of_it() {
        let regions = |cell: &str| read(&["Naam", "Regio"], &["X", cell]).regions;
        assert_eq!(regions("Heel Nederland").as_deref(), Some("NL"));
        assert_eq!(regions("landelijk").as_deref(), Some("NL"));
        assert_eq!(regions("Friesland").as_deref(), Some("FR"));
        assert_eq!(regions("Noord-Nederland").as_deref(), Some("GR;FR;DR"));
        assert_eq!(regions("N-Brabant / Limburg").as_deref(), Some("NB;LI"));
        assert_eq!(
            regions("Vlaanderen").as_deref(),
            Some("Vlaanderen"),
            "unknown values stay for validation"
        );
    }

    #[test]
    fn financier_types_by_label_and_synonym() {
        let kind = |cell: &str| read(&["Naam", "Type"], &["X", cell]).financier_type;
        assert_eq!(kind("Bank").as_deref(), Some("bank"));
        assert_eq!(kind("ROM").as_deref(), Some("rom"));
        assert_eq!(kind("Fonds van een ROM").as_deref(), Some("rom_fund"));
        assert_eq!(
            kind("Provinciaal fonds").as_deref(),
            Some("provincial_fund")
        );
        assert_eq!(kind("Kredietunie").as_deref(), Some("credit_union"));
        assert_eq!(
            kind("Business-angelnetwerk").as_deref(),
            Some("angel_network")
        );
        assert_eq!(
            kind("Crowdfundingplatform").as_deref(),
            Some("crowdfunding_platform")
        );
        assert_eq!(kind("pandjeshuis").as_deref(), Some("pandjeshuis"));
    }

    #[test]
    fn unknown_tickets_are_empty() {
        let row = read(
            &["Naam", "Ticket min", "Ticket max"],
            &["X", "onbekend", "n.v.t."],
        );
        assert_eq!((row.ticket_min_eur, row.ticket_max_eur), (None, None));
        let row = read(
            &["Naam", "Ticket min", "Ticket max"],
            &["X", "-", "ca. € 250.000"],
        );
        assert_eq!(
            (row.ticket_min_eur, row.ticket_max_eur.as_deref()),
            (None, Some("€ 250.000"))
        );
    }

    #[test]
    fn json_items_become_rows() {
        let text = r#"[{"name": "A", "regions": ["GE", "UT"], "ticket_max_eur": 250000}, {"name": "B", "uncertain": null}]"#;
        let sheet = json_sheet(
            text.as_bytes(),
            Path::new("test.json"),
            &SheetLimits::DEFAULT,
        )
        .expect("json");
        assert_eq!(
            sheet.headers,
            vec!["name", "regions", "ticket_max_eur", "uncertain"]
        );
        assert_eq!(sheet.rows[0].cells, vec!["A", "GE;UT", "250000", ""]);
        assert_eq!(sheet.rows[1].row_number, 2);
    }

    #[test]
    fn json_is_bounded_and_named_like_a_sheet() {
        // Keys are headers: trimmed, told apart, an empty one named (an item's keys come in
        // the order of their names).
        let sheet = json_sheet(
            br#"[{" naam": "A", "naam": "B", "": "C"}]"#,
            Path::new("x.json"),
            &SheetLimits::DEFAULT,
        )
        .expect("json");
        assert_eq!(sheet.headers, vec!["Kolom A", "naam", "naam (2)"]);
        assert_eq!(sheet.rows[0].cells, vec!["C", "A", "B"]);
        // A key per item would pad every item to every key: refused at the column limit.
        let items: Vec<String> = (0..300).map(|i| format!("{{\"k{i}\": 1}}")).collect();
        let wide = format!("[{}]", items.join(","));
        let err = json_sheet(wide.as_bytes(), Path::new("x.json"), &SheetLimits::DEFAULT)
            .expect_err("too wide");
        assert!(
            matches!(
                err,
                Error::SheetTooLarge {
                    limit: SheetLimit::Columns,
                    found: 201,
                    ..
                }
            ),
            "{err:?}"
        );
        let limits = SheetLimits {
            rows: 2,
            ..SheetLimits::DEFAULT
        };
        let err = json_sheet(b"[{}, {}, {}]", Path::new("x.json"), &limits).expect_err("too long");
        assert!(
            matches!(
                err,
                Error::SheetTooLarge {
                    limit: SheetLimit::Rows,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
