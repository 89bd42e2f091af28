//! Argument parsing and dispatch of the `tafel` command.

mod output;

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use tafel::domain::{Actor, CapitalType, CaseDraft, CaseStatus, Province, WriteSource};
use tafel::error::{Error, Result};
use tafel::service::{self, cases, demo, register};
use tafel::store::{CaseFilter, KeyOptions, Store};

/// Tafel: case log and financier register of a regional financing table.
#[derive(Debug, Parser)]
#[command(name = "tafel", version, about)]
pub struct Cli {
    /// Database file (default: tafel.db in the OS data directory).
    #[arg(long, global = true, env = "TAFEL_DB")]
    db: Option<PathBuf>,
    /// Database key (64 hex digits or a passphrase); otherwise the keychain or the key file beside the database.
    #[arg(long, global = true, env = "TAFEL_DB_KEY", hide_env_values = true)]
    key: Option<String>,
    /// Use the OS keychain for the database key (`off` to use only the key file).
    #[arg(long, global = true, env = "TAFEL_KEYCHAIN", default_value = "on")]
    keychain: Toggle,
    /// Name recorded as author of changes (default: the OS user).
    #[arg(long, global = true, env = "TAFEL_AUTHOR")]
    author: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Toggle {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database (if needed) and show where it is.
    Init,
    /// Fill an empty database with the starter register and demo cases.
    Demo,
    /// The financier register.
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Cases.
    #[command(subcommand)]
    Case(CaseCommand),
}

#[derive(Debug, Subcommand)]
enum RegisterCommand {
    /// Import financiers and instruments from a CSV or JSON file (all rows or nothing).
    Import {
        /// The file (.csv or .json).
        file: PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
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

#[derive(Debug, Subcommand)]
enum CaseCommand {
    /// Add a case from JSON; prints the stored case as JSON.
    Add {
        /// JSON file, or `-` for standard input.
        #[arg(long = "json", value_name = "FILE|-")]
        input: String,
    },
    /// List cases.
    List(ListArgs),
    /// Show one case (by id or case number).
    Show {
        /// Case id or number.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a case with a JSON merge patch; prints the stored case as JSON.
    Update {
        /// Case id or number.
        id: String,
        /// JSON file, or `-` for standard input.
        #[arg(long = "json", value_name = "FILE|-")]
        input: String,
    },
    /// Delete a case (soft: its history is kept).
    Delete {
        /// Case id or number.
        id: String,
    },
    /// Show the history of a case.
    History {
        /// Case id or number.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
struct ListArgs {
    /// Words to find (company, KvK number, case number, place, notes).
    #[arg(long)]
    query: Option<String>,
    /// Only this status (repeatable).
    #[arg(long = "status", value_parser = parse_status)]
    statuses: Vec<CaseStatus>,
    /// Only cases asking for this capital type (repeatable).
    #[arg(long = "capital-type", value_parser = parse_capital_type)]
    capital_types: Vec<CapitalType>,
    /// Only this province (repeatable).
    #[arg(long = "province", value_parser = parse_province)]
    provinces: Vec<Province>,
    /// At most this many cases.
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn parse_status(text: &str) -> std::result::Result<CaseStatus, String> {
    CaseStatus::from_id(text).ok_or_else(|| {
        format!("onbekende status \"{text}\"; kies uit {}", CaseStatus::ALL.iter().map(|s| s.id()).collect::<Vec<_>>().join(", "))
    })
}

fn parse_capital_type(text: &str) -> std::result::Result<CapitalType, String> {
    CapitalType::from_id(text).ok_or_else(|| {
        format!("onbekende kapitaalsoort \"{text}\"; kies uit {}", CapitalType::ALL.iter().map(|s| s.id()).collect::<Vec<_>>().join(", "))
    })
}

fn parse_province(text: &str) -> std::result::Result<Province, String> {
    Province::from_id_loose(text).ok_or_else(|| format!("onbekende provincie \"{text}\"; gebruik een code zoals UT, NB of LI"))
}

fn read_input(input: &str) -> Result<String> {
    let mut text = String::new();
    if input == "-" {
        std::io::stdin().read_to_string(&mut text).map_err(|e| Error::io("<stdin>", e))?;
    } else {
        text = std::fs::read_to_string(input).map_err(|e| Error::io(input, e))?;
    }
    Ok(text)
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str, context: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| Error::Json { context: context.into(), source })
}

impl Cli {
    fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(path) => Ok(path.clone()),
            None => service::default_db_path().ok_or_else(|| Error::io("tafel.db", std::io::Error::other("no home directory to keep the database in"))),
        }
    }

    fn open(&self) -> Result<Store> {
        let options = KeyOptions { explicit: self.key.clone(), use_keychain: self.keychain == Toggle::On };
        Ok(service::open_store(&self.db_path()?, &options)?.0)
    }

    fn actor(&self, source: WriteSource) -> Actor {
        let author = self
            .author
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .unwrap_or_else(|| "onbekend".into());
        Actor { author, source }
    }
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<()> {
    let today = service::today();
    match &cli.command {
        Command::Init => {
            let path = cli.db_path()?;
            let options = KeyOptions { explicit: cli.key.clone(), use_keychain: cli.keychain == Toggle::On };
            let (store, source) = service::open_store(&path, &options)?;
            println!("Database: {} (schema {})", path.display(), store.schema_version()?);
            println!("Sleutel: {}", output::key_source(&source));
        }
        Command::Demo => {
            let mut store = cli.open()?;
            let report = demo::load_demo(&mut store, &cli.actor(WriteSource::Cli), today)?;
            println!("Demo geladen: {} financiers, {} casussen in {}", report.financiers, report.cases, cli.db_path()?.display());
        }
        Command::Register(RegisterCommand::Import { file, json }) => {
            let mut store = cli.open()?;
            let report = register::import_register_file(&mut store, &cli.actor(WriteSource::Import), file)?;
            if *json {
                output::print_json(&report)?;
            } else {
                println!(
                    "{} regels: {} financiers nieuw, {} gewijzigd; {} instrumenten nieuw, {} gewijzigd, {} ongewijzigd.",
                    report.rows,
                    report.financiers_created,
                    report.financiers_updated,
                    report.instruments_created,
                    report.instruments_updated,
                    report.unchanged
                );
            }
        }
        Command::Register(RegisterCommand::List { json }) => {
            let store = cli.open()?;
            let list = register::list_financiers(&store, today)?;
            if *json { output::print_json(&list)? } else { output::print_register(&list) }
        }
        Command::Register(RegisterCommand::Show { id, json }) => {
            let store = cli.open()?;
            let financier = register::get_financier(&store, id)?;
            if *json { output::print_json(&financier)? } else { output::print_financier(&financier) }
        }
        Command::Case(CaseCommand::Add { input }) => {
            let draft: CaseDraft = parse_json(&read_input(input)?, "casus")?;
            let mut store = cli.open()?;
            let case = cases::add_case(&mut store, &cli.actor(WriteSource::Cli), &draft, today)?;
            output::print_json(&case)?;
        }
        Command::Case(CaseCommand::List(args)) => {
            let store = cli.open()?;
            let filter = CaseFilter {
                query: args.query.clone(),
                statuses: args.statuses.clone(),
                capital_types: args.capital_types.clone(),
                provinces: args.provinces.clone(),
                limit: args.limit,
                ..Default::default()
            };
            let list = cases::list_cases(&store, &filter)?;
            if args.json { output::print_json(&list)? } else { output::print_cases(&list) }
        }
        Command::Case(CaseCommand::Show { id, json }) => {
            let store = cli.open()?;
            let case = cases::get_case(&store, id)?;
            if *json { output::print_json(&case)? } else { output::print_case(&case) }
        }
        Command::Case(CaseCommand::Update { id, input }) => {
            let patch: serde_json::Value = parse_json(&read_input(input)?, "wijziging")?;
            let mut store = cli.open()?;
            let case = cases::update_case(&mut store, &cli.actor(WriteSource::Cli), id, &patch, today)?;
            output::print_json(&case)?;
        }
        Command::Case(CaseCommand::Delete { id }) => {
            let mut store = cli.open()?;
            let case = cases::delete_case(&mut store, &cli.actor(WriteSource::Cli), id)?;
            println!("Casus {} ({}) verwijderd; de geschiedenis blijft bewaard.", case.case_number, case.company.name);
        }
        Command::Case(CaseCommand::History { id, json }) => {
            let store = cli.open()?;
            let found = cases::get_case_with_history(&store, id)?;
            if *json { output::print_json(&found.history)? } else { output::print_history(&found.history) }
        }
    }
    Ok(())
}
