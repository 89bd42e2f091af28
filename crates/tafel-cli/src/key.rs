//! `tafel init` and `tafel key …`: where the database is, and its recovery key.

use clap::Subcommand;

use tafel::error::{Error, Result};
use tafel::service;

use crate::args::Cli;
use crate::output;

/// `tafel key …`.
#[derive(Debug, Subcommand)]
pub(crate) enum KeyCommand {
    /// Print the database's recovery key, to write down or print and keep apart.
    Export,
    /// Store a recovery key (given with --key) where Tafel looks for it, after checking that it
    /// opens the database.
    Import,
}

/// Runs `tafel init`: creates the database if needed and shows where it is and its key.
pub(crate) fn init(cli: &Cli) -> Result<()> {
    let startup = cli.startup()?;
    let (store, source) = service::open_store(&startup.db_path, &startup.key)?;
    println!(
        "Database: {} (schema {})",
        startup.db_path.display(),
        store.schema_version()?
    );
    println!("Sleutel: {}", output::key_source(&source));
    Ok(())
}

/// Runs `tafel key …`.
pub(crate) fn run(cli: &Cli, command: &KeyCommand) -> Result<()> {
    let startup = cli.startup()?;
    let path = &startup.db_path;
    match command {
        KeyCommand::Export => {
            let recovery = service::recovery_key(path, &startup.key)?;
            println!(
                "Herstelsleutel van {} (nu in {}):",
                path.display(),
                recovery.kept_in
            );
            println!();
            println!("    {}", recovery.key);
            println!();
            println!(
                "Schrijf hem op of print hem en bewaar hem apart van de laptop. Met deze sleutel opent"
            );
            println!(
                "`tafel --key HERSTELSLEUTEL …` de database, en zet `tafel --key HERSTELSLEUTEL key import`"
            );
            println!(
                "hem terug in de sleutelhanger of het sleutelbestand. Wie hem heeft, kan alle casussen lezen."
            );
        }
        KeyCommand::Import => {
            let Some(text) = &startup.key.explicit else {
                return Err(Error::invalid(
                    "key",
                    "key_required",
                    "Geef de herstelsleutel mee met --key (of TAFEL_DB_KEY).",
                    "Give the recovery key with --key (or TAFEL_DB_KEY).",
                ));
            };
            let kept_in = service::restore_key(path, text, startup.key.use_keychain)?;
            println!(
                "De sleutel opent {} en staat nu in {kept_in}.",
                path.display()
            );
        }
    }
    Ok(())
}
