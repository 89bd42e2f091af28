//! `tafel case …`: add, list, show, update, delete and the history of cases.

use clap::{Args, Subcommand};

use tafel::domain::{CapitalType, CaseDraft, CaseStatus, Province, WriteSource};
use tafel::error::Result;
use tafel::service::cases;
use tafel::store::CaseFilter;

use crate::args::{Cli, parse_capital_type, parse_json, parse_province, parse_status, read_input};
use crate::output;

#[derive(Debug, Subcommand)]
pub(crate) enum CaseCommand {
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
pub(crate) struct ListArgs {
    #[command(flatten)]
    filter: CaseFilterArgs,
    /// At most this many cases.
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// The case filter flags shared by `case list` and `export cases`.
#[derive(Debug, Args)]
pub(crate) struct CaseFilterArgs {
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
    /// Only this owner.
    #[arg(long)]
    owner: Option<String>,
}

impl CaseFilterArgs {
    pub(crate) fn to_filter(&self) -> CaseFilter {
        CaseFilter {
            query: self.query.clone(),
            statuses: self.statuses.clone(),
            capital_types: self.capital_types.clone(),
            provinces: self.provinces.clone(),
            owner: self.owner.clone(),
            ..Default::default()
        }
    }
}

/// Runs `tafel case …`.
pub(crate) fn run(cli: &Cli, command: &CaseCommand) -> Result<()> {
    let today = tafel::clock::today();
    match command {
        CaseCommand::Add { input } => {
            let draft: CaseDraft = parse_json(&read_input(input)?, "casus")?;
            let mut store = cli.open()?;
            let case = cases::add_case(&mut store, &cli.actor(WriteSource::Cli), &draft, today)?;
            output::print_json(&case)?;
        }
        CaseCommand::List(args) => {
            let store = cli.open()?;
            let filter = CaseFilter {
                limit: args.limit,
                ..args.filter.to_filter()
            };
            let list = cases::list_cases(&store, &filter, tafel::clock::today())?;
            if args.json {
                output::print_json(&list)?
            } else {
                output::print_cases(&list)
            }
        }
        CaseCommand::Show { id, json } => {
            let store = cli.open()?;
            let case = cases::get_case(&store, id)?;
            if *json {
                output::print_json(&case)?
            } else {
                output::print_case(&case)
            }
        }
        CaseCommand::Update { id, input } => {
            let patch: serde_json::Value = parse_json(&read_input(input)?, "wijziging")?;
            let mut store = cli.open()?;
            let case =
                cases::update_case(&mut store, &cli.actor(WriteSource::Cli), id, &patch, today)?;
            output::print_json(&case)?;
        }
        CaseCommand::Delete { id } => {
            let mut store = cli.open()?;
            let case = cases::delete_case(&mut store, &cli.actor(WriteSource::Cli), id)?;
            println!(
                "Casus {} ({}) verwijderd; de geschiedenis blijft bewaard.",
                case.case_number, case.company.name
            );
        }
        CaseCommand::History { id, json } => {
            let store = cli.open()?;
            let found = cases::get_case_with_history(&store, id)?;
            if *json {
                output::print_json(&found.history)?
            } else {
                output::print_history(&found.timeline)
            }
        }
    }
    Ok(())
}
