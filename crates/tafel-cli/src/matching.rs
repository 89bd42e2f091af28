//! `tafel match`, `tafel stack` and `tafel plan`: the register against a case.

use clap::Args;

use tafel::domain::{CapitalType, WriteSource};
use tafel::error::{Error, Result};
use tafel::matching::{MatchOptions, PinnedTranche, StackRequest};
use tafel::service::{cases, matching};
use tafel::store::Store;

use crate::args::{Cli, parse_capital_type};
use crate::output;

#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// Case id or number.
    case: String,
    /// Show at most this many matches.
    #[arg(long)]
    top: Option<usize>,
    /// Also list the excluded instruments with why (JSON always has them).
    #[arg(long)]
    include_excluded: bool,
    /// Accept this capital type for this run besides the requested ones (repeatable).
    #[arg(long = "accept", value_parser = parse_capital_type)]
    accept: Vec<CapitalType>,
    /// Print JSON: {"matches": [...], "excluded": [...]}.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StackArgs {
    /// Case id or number.
    case: String,
    /// Keep a tranche in every stack: INSTRUMENT_ID=AMOUNT (repeatable), e.g. 0193…=250000.
    #[arg(long = "pin", value_name = "INSTRUMENT_ID=AMOUNT")]
    pins: Vec<String>,
    /// Never use this instrument (id; repeatable).
    #[arg(long = "exclude", value_name = "INSTRUMENT_ID")]
    exclude: Vec<String>,
    /// Accept this capital type for this run besides the requested ones (repeatable).
    #[arg(long = "accept", value_parser = parse_capital_type)]
    accept: Vec<CapitalType>,
    /// Save stack number N (from 1) as the case's plan.
    #[arg(long, value_name = "N")]
    save: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn stack_request(store: &Store, args: &StackArgs) -> Result<StackRequest> {
    let register = matching::load_register(store, tafel::clock::today())?;
    let mut pinned = Vec::new();
    for pin in &args.pins {
        let bad = || {
            Error::invalid(
                "pin",
                "pin_format",
                format!(
                    "--pin \"{pin}\" moet INSTRUMENT_ID=BEDRAG zijn, bijvoorbeeld --pin 0193ab…=250000."
                ),
                format!("--pin \"{pin}\" must be INSTRUMENT_ID=AMOUNT, e.g. --pin 0193ab…=250000."),
            )
        };
        let (id, amount) = pin.split_once('=').ok_or_else(bad)?;
        let amount_cents = tafel::domain::money::parse_euros(amount).map_err(|_| bad())?;
        let financier_id = register
            .position(id.trim())
            .map(|i| register.financier_of(&register.entries[i]).id.clone())
            .unwrap_or_default();
        pinned.push(PinnedTranche {
            financier_id,
            instrument_id: id.trim().to_string(),
            amount_cents,
            capital_type: None,
        });
    }
    Ok(StackRequest {
        pinned,
        excluded_instruments: args.exclude.clone(),
        acceptable_capital_types: args.accept.clone(),
    })
}

/// Runs `tafel match`.
pub(crate) fn run_match(cli: &Cli, args: &MatchArgs) -> Result<()> {
    let store = cli.open()?;
    let options = MatchOptions {
        acceptable_capital_types: args.accept.clone(),
        expected_tranche_cents: None,
        include_excluded: Some(args.include_excluded),
    };
    let mut report = matching::match_case(&store, &args.case, &options, tafel::clock::today())?;
    if let Some(top) = args.top {
        report.matches.truncate(top);
    }
    if args.json {
        output::print_json(&output::MatchJson::from(&report))?;
    } else {
        let case = cases::get_case(&store, &args.case)?;
        output::print_match(&case, &report, args.include_excluded);
    }
    Ok(())
}

/// Runs `tafel stack`.
pub(crate) fn run_stack(cli: &Cli, args: &StackArgs) -> Result<()> {
    let mut store = cli.open()?;
    let request = stack_request(&store, args)?;
    let proposal = matching::propose_stacks(&store, &args.case, &request, tafel::clock::today())?;
    let stacks = &proposal.stacks;
    let saved = match args.save {
        None => None,
        Some(n) => {
            let chosen = n
                .checked_sub(1)
                .and_then(|i| stacks.get(i))
                .ok_or_else(|| {
                    Error::invalid(
                        "save",
                        "stack_number",
                        format!("Er is geen stapel {n}; kies 1 t/m {}.", stacks.len()),
                        format!("There is no stack {n}; choose 1 to {}.", stacks.len()),
                    )
                })?;
            Some(matching::save_plan(
                &mut store,
                &cli.actor(WriteSource::Cli),
                &args.case,
                chosen,
            )?)
        }
    };
    if args.json {
        output::print_json(&proposal)?;
    } else {
        output::print_stacks(&proposal);
        if let Some(plan) = saved {
            println!(
                "Stapel {} bewaard als financieringsplan van de casus ({} tranches).",
                args.save.unwrap_or(1),
                plan.tranches.len()
            );
        }
    }
    Ok(())
}

/// Runs `tafel plan`.
pub(crate) fn run_plan(cli: &Cli, case: &str, json: bool) -> Result<()> {
    let store = cli.open()?;
    let plan = matching::get_plan(&store, case)?;
    if json {
        output::print_json(&plan)?;
    } else {
        match plan {
            Some(plan) => output::print_plan(&plan),
            None => println!(
                "Deze casus heeft nog geen financieringsplan; maak er een met `tafel stack {case} --save 1`."
            ),
        }
    }
    Ok(())
}
