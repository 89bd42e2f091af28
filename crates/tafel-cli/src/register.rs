//! `tafel register …`: import, list and show the financier register.

use clap::Subcommand;

use tafel::domain::WriteSource;
use tafel::error::{Error, Result};
use tafel::import::register::RegisterColumnMapping;
use tafel::service::register;
use tafel::service::transfer::ImportMode;

use crate::args::Cli;
use crate::output;
use crate::transfer::ImportArgs;

#[derive(Debug, Subcommand)]
pub(crate) enum RegisterCommand {
    /// Import financiers and instruments from a sheet (.xlsx, .csv or .json) with Dutch or English
    /// headers: valid rows in one transaction, bad rows reported (or nothing, with --all-or-nothing).
    Import(ImportArgs),
    /// List the register.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one financier with its instruments.
    Show {
        /// Financier id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `tafel register …`.
pub(crate) fn run(cli: &Cli, command: &RegisterCommand) -> Result<()> {
    let today = tafel::clock::today();
    match command {
        RegisterCommand::Import(args) => run_register_import(cli, args)?,
        RegisterCommand::List { json } => {
            let store = cli.open()?;
            let list = register::list_financiers(&store, today)?;
            if *json {
                output::print_json(&list)?
            } else {
                output::print_register(&list)
            }
        }
        RegisterCommand::Show { id, json } => {
            let store = cli.open()?;
            let financier = register::get_financier(&store, id)?;
            if *json {
                output::print_json(&financier)?
            } else {
                output::print_financier(&financier)
            }
        }
    }
    Ok(())
}

fn run_register_import(cli: &Cli, args: &ImportArgs) -> Result<()> {
    let mapping = args
        .mapping
        .as_deref()
        .map(RegisterColumnMapping::load)
        .transpose()?;
    let mode = if args.all_or_nothing {
        ImportMode::AllOrNothing
    } else {
        ImportMode::ValidRows
    };
    if args.dry_run || args.save_mapping.is_some() {
        let mut store = cli.open()?;
        let preview = register::preview_register_import(&mut store, &args.file, mapping.as_ref())?;
        if let Some(path) = &args.save_mapping {
            preview.mapping.save(path)?;
            eprintln!("Koppeling bewaard in {}.", path.display());
        }
        if args.dry_run {
            if args.json {
                output::print_json(&preview)?
            } else {
                output::print_register_import_preview(&args.file, &preview)
            }
            if mode == ImportMode::AllOrNothing && !preview.errors.is_empty() {
                return Err(Error::ImportRows(preview.errors));
            }
            return Ok(());
        }
    }
    let mut store = cli.open()?;
    let report = register::import_register(
        &mut store,
        &cli.actor(WriteSource::Import),
        &args.file,
        mapping.as_ref(),
        mode,
    )?;
    if args.json {
        output::print_json(&report)?
    } else {
        output::print_register_import_report(&report)
    }
    Ok(())
}
