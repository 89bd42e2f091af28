//! Exports: the case list and the register as spreadsheets (XLSX, CSV) that Dutch Excel
//! opens as they are.
//!
//! A report is first built as a [`table::Table`] of typed cells (text, euros, dates), then
//! written by [`xlsx`] or [`csv`], so both formats always hold the same columns.
//!
//! Layer: beside `import` and `matching`, above them. May use `domain`, `error`, `files`,
//! `progress`, `import` (its column names) and `matching` (plans); never `store` or `service`.

pub mod cases;
pub mod csv;
pub mod documents;
pub mod figures;
pub mod history;
pub mod period_report;
pub mod register;
pub mod table;
pub mod xlsx;

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// File format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// Excel workbook.
    Xlsx,
    /// `;`-separated text, UTF-8 with BOM.
    Csv,
}

impl ExportFormat {
    /// The format a file name asks for (`.xlsx` or `.csv`).
    pub fn from_path(path: &Path) -> Result<ExportFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => Ok(ExportFormat::Xlsx),
            Some("csv") => Ok(ExportFormat::Csv),
            _ => Err(Error::UnsupportedFile(path.to_path_buf())),
        }
    }

    /// The file extension of the format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }

    /// Writes a table in this format.
    pub fn write(self, table: &table::Table, path: &Path) -> Result<()> {
        match self {
            ExportFormat::Xlsx => xlsx::write(table, path),
            ExportFormat::Csv => csv::write(table, path),
        }
    }
}
