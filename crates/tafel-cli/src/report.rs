//! `tafel report --from DATE --to DATE --format pdf|xlsx|json [-o FILE]`: the table's
//! figures for a period. JSON goes to standard output when no file is named.

use std::path::PathBuf;

use clap::Args;

use tafel::error::{Error, Result};
use tafel::report::documents::Lang;
use tafel::service::report::{self, ReportFormat};

use crate::args::Cli;

/// Arguments of `tafel report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First day of the period (2026-01-01 or 1-1-2026).
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last day of the period, included.
    #[arg(long, value_name = "DATE")]
    to: String,
    /// pdf (with charts), xlsx (the numbers) or json (default: from the file name, else json).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Language of the PDF: nl or en.
    #[arg(long, value_enum, default_value = "nl")]
    lang: LangArg,
    /// The file to write (JSON without it goes to standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Pdf,
    Xlsx,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LangArg {
    Nl,
    En,
}

impl ReportArgs {
    fn format(&self) -> Result<ReportFormat> {
        if let Some(format) = self.format {
            return Ok(match format {
                FormatArg::Pdf => ReportFormat::Pdf,
                FormatArg::Xlsx => ReportFormat::Xlsx,
                FormatArg::Json => ReportFormat::Json,
            });
        }
        let Some(path) = &self.output else {
            return Ok(ReportFormat::Json);
        };
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("pdf") => Ok(ReportFormat::Pdf),
            Some("xlsx") => Ok(ReportFormat::Xlsx),
            Some("json") => Ok(ReportFormat::Json),
            _ => Err(Error::invalid(
                "format",
                "format_unknown",
                format!(
                    "Kies het formaat met --format pdf, xlsx of json (uit \"{}\" is het niet af te leiden).",
                    path.display()
                ),
                format!(
                    "Choose the format with --format pdf, xlsx or json (\"{}\" does not tell).",
                    path.display()
                ),
            )),
        }
    }
}

/// Runs `tafel report`.
pub fn run(cli: &Cli, args: &ReportArgs) -> Result<()> {
    let (from, to) = report::parse_period(&args.from, &args.to)?;
    let format = args.format()?;
    let lang = match args.lang {
        LangArg::Nl => Lang::Nl,
        LangArg::En => Lang::En,
    };
    let store = cli.open()?;
    let Some(path) = &args.output else {
        if format != ReportFormat::Json {
            return Err(Error::invalid(
                "output",
                "required",
                "Geef met -o het bestand op waarin de rapportage komt (alleen JSON kan naar het scherm).",
                "Name the file to write with -o (only JSON can go to the screen).",
            ));
        }
        let figures = report::table_figures(&store, from, to)?;
        return crate::output::print_json(&figures);
    };
    let written = report::export_report(
        &store,
        &cli.actor(tafel::domain::WriteSource::Cli),
        from,
        to,
        format,
        lang,
        path,
        &crate::progress::Terminal::new(),
    )?;
    let kind = match written.format {
        ReportFormat::Pdf => "PDF",
        ReportFormat::Xlsx => "Excel",
        ReportFormat::Json => "JSON",
    };
    println!(
        "Rapportage {} t/m {} ({kind}) geschreven naar {} ({} kB).",
        tafel::domain::format::date_nl(from),
        tafel::domain::format::date_nl(to),
        written.path,
        written.bytes.div_ceil(1024)
    );
    Ok(())
}
