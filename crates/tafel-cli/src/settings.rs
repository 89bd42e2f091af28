//! `tafel settings get|set`: the same keys and checks as the settings screen
//! (`tafel::service::settings`).

use clap::Subcommand;

use tafel::domain::WriteSource;
use tafel::error::{Error, Result};
use tafel::service::settings::{self, SettingChange};

use crate::args::Cli;

/// `tafel settings …`.
#[derive(Debug, Subcommand)]
pub(crate) enum SettingsCommand {
    /// Show every setting (or one) with its value in effect.
    Get {
        /// The key, e.g. table.name or matching.weights.sector (default: all).
        // Not named `key`: that is the global --key (TAFEL_DB_KEY).
        #[arg(value_name = "KEY")]
        setting: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a setting (checked as on the settings screen; recorded in the change log).
    Set {
        /// The key, e.g. table.name, user.name, backup.every_hours or matching.weights.sector.
        #[arg(value_name = "KEY")]
        setting: String,
        /// The new value (empty: back to the default, for the optional settings).
        value: String,
    },
}

/// Runs `tafel settings`.
pub(crate) fn run(cli: &Cli, command: &SettingsCommand) -> Result<()> {
    match command {
        SettingsCommand::Get { setting: key, json } => {
            let store = cli.open()?;
            let entries = match key {
                Some(key) => vec![settings::get(&store, key)?],
                None => settings::entries(&store)?,
            };
            if *json {
                let text =
                    serde_json::to_string_pretty(&entries).map_err(|source| Error::Json {
                        context: "instellingen".into(),
                        source,
                    })?;
                println!("{text}");
            } else if key.is_some() {
                for entry in &entries {
                    println!("{}", entry.value);
                }
            } else {
                let width = entries
                    .iter()
                    .map(|e| e.key.chars().count())
                    .max()
                    .unwrap_or(0);
                for entry in &entries {
                    println!(
                        "{:<width$}  {:<24}  {}",
                        entry.key, entry.value, entry.label
                    );
                }
            }
            Ok(())
        }
        SettingsCommand::Set {
            setting: key,
            value,
        } => {
            let mut store = cli.open()?;
            settings::set(
                &mut store,
                &cli.actor(WriteSource::Cli),
                &[SettingChange {
                    key: key.clone(),
                    value: value.clone(),
                }],
            )?;
            let entry = settings::get(&store, key)?;
            println!("{} = {}", entry.key, entry.value);
            Ok(())
        }
    }
}
