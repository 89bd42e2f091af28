//! The table's figures for a period ("Rapportage"): on screen, as an XLSX workbook with the
//! numbers, as JSON, and as the data of the PDF report (`assets/templates/report.typ`).
//! How each figure is defined: [`crate::report::figures`]; how the report reads (tables and
//! the PDF's data): [`crate::report::period_report`]. This service loads, writes and records.

use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::XlsxError;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::domain::Actor;
use crate::domain::format::date_nl;
use crate::domain::{FieldError, parse_date};
use crate::error::{Error, Result};
use crate::progress::{Phase, Progress};
use crate::report::documents::{DocumentContext, Lang};
use crate::report::figures::{self, TableFigures};
use crate::report::period_report::{report_document_for, report_workbook};
use crate::store::Store;

/// File format of a report export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportFormat {
    /// PDF with charts, for the province.
    Pdf,
    /// Excel workbook with the numbers.
    Xlsx,
    /// The figures as JSON.
    Json,
}

/// What a report export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReportExport {
    /// The file written.
    pub path: String,
    /// Its format.
    pub format: ReportFormat,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Reads a period as typed (`2026-01-01` or `1-1-2026`), with a Dutch message per bad date
/// and when the end lies before the start.
pub fn parse_period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate)> {
    let mut errors = Vec::new();
    let mut read = |field: &str, label_nl: &str, label_en: &str, text: &str| match parse_date(text)
    {
        Some(date) => Some(date),
        None => {
            errors.push(FieldError {
                field: field.into(),
                code: "date".into(),
                message: format!(
                    "{label_nl} \"{}\" is geen datum (gebruik dd-mm-jjjj).",
                    text.trim()
                ),
                message_en: format!(
                    "{label_en} \"{}\" is not a date (use yyyy-mm-dd or dd-mm-yyyy).",
                    text.trim()
                ),
            });
            None
        }
    };
    let from = read("from", "Begindatum", "Start date", from);
    let to = read("to", "Einddatum", "End date", to);
    match (from, to) {
        (Some(from), Some(to)) => {
            check_period(from, to)?;
            Ok((from, to))
        }
        _ => Err(Error::Invalid(errors)),
    }
}

fn check_period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if from > to {
        return Err(Error::invalid(
            "to",
            "period_order",
            format!(
                "De einddatum ({}) ligt vóór de begindatum ({}).",
                date_nl(to),
                date_nl(from)
            ),
            format!("The end date ({to}) lies before the start date ({from})."),
        ));
    }
    Ok(())
}

/// The table's figures for `[from, to]` (both days included).
pub fn table_figures(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<TableFigures> {
    check_period(from, to)?;
    let facts = store.figures().facts(from, to)?;
    Ok(figures::compute(&facts, from, to))
}

fn export(path: &Path, format: ReportFormat, bytes: &[u8]) -> Result<ReportExport> {
    // The folder is made by write_atomic.
    crate::files::write_atomic(path, bytes)?;
    Ok(ReportExport {
        path: path.display().to_string(),
        format,
        bytes: bytes.len() as u64,
    })
}

/// The bytes of the report in `format`: an XLSX workbook (Kerncijfers, Per kapitaalsoort, Per
/// type financier, Afwijzingsredenen, Per kwartaal, Nazorg; Dutch headers, euros as numbers),
/// the [`TableFigures`] the screen shows as JSON, or the PDF (KPI tiles, charts, tables) in `lang`.
fn report_bytes(
    store: &Store,
    figures: &TableFigures,
    format: ReportFormat,
    lang: Lang,
    path: &Path,
    today: NaiveDate,
    progress: &dyn Progress,
) -> Result<Vec<u8>> {
    match format {
        ReportFormat::Xlsx => {
            let failed = |e: XlsxError| Error::ExportFailed {
                path: path.to_path_buf(),
                message: e.to_string(),
            };
            let mut workbook = report_workbook(figures).map_err(failed)?;
            workbook.save_to_buffer().map_err(failed)
        }
        ReportFormat::Json => serde_json::to_vec_pretty(figures).map_err(|source| Error::Json {
            context: "rapportage".into(),
            source,
        }),
        ReportFormat::Pdf => {
            progress.step(Phase::Rendering, 0, 0)?;
            let renderer = super::pdf::renderer_for(store)?;
            let ctx = super::pdf::context(store, lang, today)?;
            super::pdf::render_report(&renderer, &report_document_for(figures, &ctx))
        }
    }
}

/// Writes the report of a period in `format` (`lang` only matters for PDF) and records the
/// export in the change log once the file is in place. A cancel before the file is written
/// leaves no file.
#[allow(clippy::too_many_arguments)] // one use case: the period, the format and where it goes
pub fn export_report(
    store: &Store,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    format: ReportFormat,
    lang: Lang,
    path: &Path,
    progress: &dyn Progress,
) -> Result<ReportExport> {
    let extension = match format {
        ReportFormat::Pdf => "pdf",
        ReportFormat::Xlsx => "xlsx",
        ReportFormat::Json => "json",
    };
    super::chosen_file::check(store, path, &[extension], super::chosen_file::Use::Write)?;
    progress.step(Phase::Collecting, 0, 0)?;
    let figures = table_figures(store, from, to)?;
    let bytes = report_bytes(
        store,
        &figures,
        format,
        lang,
        path,
        actor.at.today(),
        progress,
    )?;
    progress.step(Phase::Writing, 0, 1)?;
    let written = export(path, format, &bytes)?;
    let details =
        serde_json::json!({"format": extension, "from": from.to_string(), "to": to.to_string()});
    super::transfer::record(store, actor, "export_report", path, details)?;
    Ok(written)
}

/// The JSON `report.typ` lays out, in `lang`, made on `today` for a table with the default
/// name ([`super::settings::DEFAULT_TABLE_NAME`]); an export names the table as its settings do.
pub fn report_document(figures: &TableFigures, lang: Lang, today: NaiveDate) -> Value {
    let ctx = DocumentContext {
        table_name: super::settings::DEFAULT_TABLE_NAME.into(),
        today,
        lang,
    };
    report_document_for(figures, &ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn a_period_ending_before_it_starts_is_refused_in_dutch() {
        let err = parse_period("2026-12-31", "1-1-2026").expect_err("refused");
        let Error::Invalid(fields) = err else {
            panic!("invalid input expected")
        };
        assert_eq!(fields[0].code, "period_order");
        assert!(
            fields[0].message.contains("ligt vóór de begindatum"),
            "{}",
            fields[0].message
        );
        let err = parse_period("morgen", "1-1-2026").expect_err("refused");
        let Error::Invalid(fields) = err else {
            panic!("invalid input expected")
        };
        assert_eq!((fields.len(), fields[0].field.as_str()), (1, "from"));
        assert!(fields[0].message.contains("geen datum"));
        assert_eq!(
            parse_period("1-7-2026", "2026-09-30").expect("valid"),
            (d(2026, 7, 1), d(2026, 9, 30))
        );
    }
}
