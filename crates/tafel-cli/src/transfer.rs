//! Moving data in and out: `tafel import`, `tafel export …`, `tafel backup` and `tafel restore`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use tafel::domain::WriteSource;
use tafel::error::{Error, Result};
use tafel::import::cases::CaseColumnMapping;
use tafel::report::ExportFormat;
use tafel::service::{
    self,
    transfer::{self, ImportMode},
};

use crate::args::{Cli, lang};
use crate::cases::CaseFilterArgs;
use crate::{output, progress};

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The sheet: .xlsx (first worksheet) or .csv (; or ,), headers in the first row;
    /// a register may also be .json.
    pub(crate) file: PathBuf,
    /// Column mapping as JSON (default: guessed from the headers).
    #[arg(long, value_name = "FILE")]
    pub(crate) mapping: Option<PathBuf>,
    /// Save the mapping used (guessed or given) as JSON, to correct and pass with --mapping.
    #[arg(long, value_name = "FILE")]
    pub(crate) save_mapping: Option<PathBuf>,
    /// Only show what would be imported; write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Import nothing if any row is bad (exit code 2).
    #[arg(long)]
    pub(crate) all_or_nothing: bool,
    /// Print the preview or report as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// The cases with all details, filtered like `case list`.
    Cases {
        #[command(flatten)]
        filter: CaseFilterArgs,
        #[command(flatten)]
        target: ExportTarget,
    },
    /// The register, one row per instrument.
    Register {
        #[command(flatten)]
        target: ExportTarget,
    },
    /// A case summary as PDF (named, or with --anonymised for all members).
    Pdf {
        /// Case id or number.
        case: String,
        /// Leave out everything that identifies the company.
        #[arg(long)]
        anonymised: bool,
        /// Language of the document: nl (default) or en.
        #[arg(long, default_value = "nl")]
        lang: String,
        /// The PDF to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ExportTarget {
    /// The file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// File format (default: from the file name).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FormatArg {
    Xlsx,
    Csv,
}

impl ExportTarget {
    fn format(&self) -> Result<ExportFormat> {
        match self.format {
            Some(FormatArg::Xlsx) => Ok(ExportFormat::Xlsx),
            Some(FormatArg::Csv) => Ok(ExportFormat::Csv),
            None => ExportFormat::from_path(&self.output),
        }
    }
}

/// Runs `tafel import`.
pub(crate) fn run_import(cli: &Cli, args: &ImportArgs, today: chrono::NaiveDate) -> Result<()> {
    let mapping = args
        .mapping
        .as_deref()
        .map(CaseColumnMapping::load)
        .transpose()?;
    let mode = if args.all_or_nothing {
        ImportMode::AllOrNothing
    } else {
        ImportMode::ValidRows
    };
    if args.dry_run || args.save_mapping.is_some() {
        let store = cli.open()?;
        let preview = transfer::preview_case_import(
            &store,
            &args.file,
            mapping.as_ref(),
            today,
            &progress::Terminal::new(),
        )?;
        if let Some(path) = &args.save_mapping {
            preview.mapping.save(path)?;
            eprintln!("Koppeling bewaard in {}.", path.display());
        }
        if args.dry_run {
            if args.json {
                output::print_json(&preview)?
            } else {
                output::print_import_preview(&args.file, &preview)
            }
            if mode == ImportMode::AllOrNothing && !preview.errors.is_empty() {
                return Err(Error::ImportRows(preview.errors));
            }
            return Ok(());
        }
    }
    let mut store = cli.open()?;
    let report = transfer::import_cases(
        &mut store,
        &cli.actor(WriteSource::Import),
        &args.file,
        mapping.as_ref(),
        mode,
        today,
        &progress::Terminal::new(),
    )?;
    if args.json {
        output::print_json(&report)?
    } else {
        output::print_import_report(&report)
    }
    Ok(())
}

/// Runs `tafel export …`.
pub(crate) fn export(cli: &Cli, command: &ExportCommand) -> Result<()> {
    let today = tafel::clock::today();
    match command {
        ExportCommand::Cases { filter, target } => {
            let store = cli.open()?;
            let report = transfer::export_cases(
                &store,
                &cli.actor(WriteSource::Cli),
                &filter.to_filter(),
                target.format()?,
                &target.output,
                &progress::Terminal::new(),
            )?;
            println!(
                "{} casus(sen) geschreven naar {}.",
                report.rows, report.path
            );
        }
        ExportCommand::Register { target } => {
            let store = cli.open()?;
            let report = transfer::export_register(
                &store,
                &cli.actor(WriteSource::Cli),
                target.format()?,
                &target.output,
                today,
                &progress::Terminal::new(),
            )?;
            println!(
                "{} regel(s) van het register geschreven naar {}.",
                report.rows, report.path
            );
        }
        ExportCommand::Pdf {
            case,
            anonymised,
            lang: language,
            output,
        } => {
            let mut store = cli.open()?;
            let renderer = service::pdf::renderer_for(&store)?;
            let report = service::pdf::export_case_pdf(
                &mut store,
                &cli.actor(WriteSource::Cli),
                &renderer,
                case,
                service::pdf::SummaryVersion {
                    anonymised: *anonymised,
                    lang: lang(language)?,
                },
                output,
                today,
            )?;
            let kind = if report.anonymised {
                "geanonimiseerd"
            } else {
                "op naam"
            };
            println!(
                "Casusoverzicht ({kind}) geschreven naar {} ({} kB).",
                report.path,
                report.bytes.div_ceil(1024)
            );
        }
    }
    Ok(())
}

/// Runs `tafel backup`.
pub(crate) fn backup(cli: &Cli, path: &Path, encrypt: bool) -> Result<()> {
    let store = cli.open()?;
    if encrypt {
        let passphrase = backup_passphrase(true)?;
        let report = transfer::backup_encrypted(
            &store,
            &cli.actor(WriteSource::Cli),
            path,
            &passphrase,
            &progress::Terminal::new(),
        )?;
        output::print_backup("Versleutelde back-up geschreven naar", &report);
        println!("Bewaar de wachtwoordzin apart: zonder haar is de back-up niet terug te zetten.");
    } else {
        let report = transfer::backup(
            &store,
            &cli.actor(WriteSource::Cli),
            path,
            &progress::Terminal::new(),
        )?;
        output::print_backup("Back-up geschreven naar", &report);
        println!(
            "Let op: de back-up is niet versleuteld; bewaar hem even zorgvuldig als de database (of gebruik --encrypt)."
        );
    }
    Ok(())
}

/// Runs `tafel restore`.
pub(crate) fn restore(cli: &Cli, file: &Path, replace: bool) -> Result<()> {
    if replace {
        let (mut store, key) = cli.open_with_key()?;
        // An automatic backup opens with the database's key; another file asks its passphrase.
        let passphrase = if transfer::is_encrypted_backup(file)
            && !tafel::service::backup::is_auto_backup(&store, file)?
        {
            Some(backup_passphrase(false)?)
        } else {
            None
        };
        let report = tafel::service::backup::restore_replacing(
            &mut store,
            &key,
            file,
            passphrase.as_deref(),
            tafel::clock::now(),
            &progress::Terminal::new(),
        )?;
        output::print_backup("Database vervangen door de back-up", &report.restored);
        if let Some(before) = &report.before {
            println!(
                "De gegevens van daarvoor staan in de automatische back-up {}",
                before.path
            );
        }
        return Ok(());
    }
    let mut store = cli.open()?;
    let report = if transfer::is_encrypted_backup(file) {
        let passphrase = backup_passphrase(false)?;
        transfer::restore_encrypted(&mut store, file, &passphrase, &progress::Terminal::new())?
    } else {
        transfer::restore(&mut store, file, &progress::Terminal::new())?
    };
    output::print_backup("Back-up teruggezet uit", &report);
    Ok(())
}

/// The passphrase of an encrypted backup: `TAFEL_BACKUP_PASSPHRASE`, or asked for on the
/// terminal without echo (twice when a new backup is made, so a typo does not lock it).
fn backup_passphrase(new: bool) -> Result<String> {
    if let Ok(passphrase) = std::env::var("TAFEL_BACKUP_PASSPHRASE") {
        return Ok(passphrase);
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| Error::io(std::path::Path::new("terminal"), e))
    };
    let passphrase = ask("Wachtwoordzin van de back-up: ")?;
    if new && ask("Nog een keer: ")? != passphrase {
        return Err(Error::invalid(
            "passphrase",
            "passphrase_mismatch",
            "De twee wachtwoordzinnen verschillen; er is niets geschreven.",
            "The two passphrases differ; nothing was written.",
        ));
    }
    Ok(passphrase)
}
