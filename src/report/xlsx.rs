//! Writing a report as an Excel workbook: bold frozen header with autofilter, column
//! widths, euros as numbers shown `€ 1.250.000`, dates as real Excel dates `dd-mm-jjjj`.

use std::path::Path;

use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::table::{Cell, Table};
use crate::error::{Error, Result};

/// Number format of whole euros. Format codes are stored in Excel's neutral notation;
/// Dutch Excel shows this as `€ 1.250.000`.
const EUROS: &str = "\"€\" #,##0";
/// Number format of euros with cents.
const EUROS_CENTS: &str = "\"€\" #,##0.00";
/// Date format; Dutch Excel shows it as `dd-mm-jjjj`.
const DATE: &str = "dd-mm-yyyy";

/// Writes the table as the only worksheet of a new workbook at `path`.
pub fn write(table: &Table, path: &Path) -> Result<()> {
    let failed = |e: XlsxError| Error::ExportFailed {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut workbook = to_workbook(table, None).map_err(failed)?;
    crate::files::write_atomic(path, &workbook.save_to_buffer().map_err(failed)?)
}

/// Builds the workbook; `created` fixes the document's creation time (for reproducible files).
pub fn to_workbook(
    table: &Table,
    created: Option<(u16, u8, u8)>,
) -> std::result::Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new()
        .set_author("Tafel")
        .set_title(table.name);
    if let Some((y, m, d)) = created {
        properties = properties.set_creation_datetime(&ExcelDateTime::from_ymd(y, m, d)?);
    }
    workbook.set_properties(&properties);
    let header = Format::new().set_bold();
    let euros = Format::new().set_num_format(EUROS);
    let euros_cents = Format::new().set_num_format(EUROS_CENTS);
    let date = Format::new().set_num_format(DATE);
    let sheet = workbook.add_worksheet();
    sheet.set_name(table.name)?;
    for (col, column) in table.columns.iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, column.header, &header)?;
        sheet.set_column_width(col, column.width)?;
    }
    for (index, cells) in table.rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    sheet.write_string(row, col, text)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(row, col, *n as f64)?;
                }
                Cell::Euros(cents) => {
                    let format = if cents % 100 == 0 {
                        &euros
                    } else {
                        &euros_cents
                    };
                    sheet.write_number_with_format(row, col, *cents as f64 / 100.0, format)?;
                }
                Cell::Date(d) => {
                    let excel =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(row, col, &excel, &date)?;
                }
            }
        }
    }
    if !table.columns.is_empty() {
        let last_col = table.columns.len() as u16 - 1;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, table.rows.len() as u32, last_col)?;
    }
    Ok(workbook)
}
