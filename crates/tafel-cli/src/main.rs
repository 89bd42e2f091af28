//! `tafel`: the command line of Tafel. Every command calls the same core service
//! functions as the desktop app; each command group has its own module.

mod args;
mod cases;
mod documents;
mod erase;
mod exchange;
mod home;
mod hub;
mod key;
mod matching;
mod meetings;
mod outcomes;
mod output;
mod progress;
mod register;
mod report;
mod settings;
mod sharing;
mod transfer;

use std::process::ExitCode;

use clap::Parser;

use tafel::domain::WriteSource;
use tafel::error::Result;

use args::{Cli, Command};

/// Rust ignores SIGPIPE, so printing into a pipe whose reader has gone (`tafel case list |
/// head`) panics. A command-line tool should simply end there, as other Unix tools do.
#[cfg(unix)]
fn quiet_on_closed_pipe() {
    // SAFETY: called first in `main`, before any thread exists; setting a signal's action to
    // its default has no other effect on the program's state.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_on_closed_pipe() {}

/// Runs one command.
fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Command::Init => key::init(cli),
        Command::Key(command) => key::run(cli, command),
        Command::Demo => {
            let mut store = cli.open()?;
            let report = tafel::service::demo::load_demo(
                &mut store,
                &cli.actor(WriteSource::Cli),
                tafel::clock::today(),
            )?;
            println!(
                "Demo geladen: {} financiers, {} casussen in {}",
                report.financiers,
                report.cases,
                cli.db_path()?.display()
            );
            Ok(())
        }
        Command::Register(command) => register::run(cli, command),
        Command::Case(command) => cases::run(cli, command),
        Command::Doc(command) => documents::run(cli, command),
        Command::Import(args) => transfer::run_import(cli, args, tafel::clock::today()),
        Command::Export(command) => transfer::export(cli, command),
        Command::Backup { output, encrypt } => transfer::backup(cli, output, *encrypt),
        Command::Restore { file, replace } => transfer::restore(cli, file, *replace),
        Command::Match(args) => matching::run_match(cli, args),
        Command::Stack(args) => matching::run_stack(cli, args),
        Command::Plan { case, json } => matching::run_plan(cli, case, *json),
        Command::Respond(args) => outcomes::respond(cli, args),
        Command::Refer(args) => outcomes::refer(cli, args),
        Command::Outcome(args) => outcomes::outcome(cli, args),
        Command::Package(command) => outcomes::package(cli, command),
        Command::FollowUp(args) => outcomes::follow_up(cli, args),
        Command::Meeting(command) => meetings::meeting(cli, command),
        Command::Home { json } => home::run(cli, *json),
        Command::Report(args) => report::run(cli, args),
        Command::Erase(command) => erase::run(cli, command),
        Command::Identity(args) => sharing::identity(cli, args),
        Command::Settings(command) => settings::run(cli, command),
        Command::Member(command) => sharing::member(cli, command),
        Command::Roster { json } => sharing::roster_list(cli, *json),
        Command::Sync(args) => sharing::sync(cli, args),
        Command::Hub(command) => hub::run(cli, command),
        Command::Exchange(command) => exchange::run(cli, command),
        Command::Conflicts(args) => sharing::conflicts(cli, args),
        Command::Shared(args) => sharing::shared(cli, args),
    }
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fout: {}", err.message_nl());
            for field in err.field_errors() {
                eprintln!("  - {}: {}", field.field, field.message);
            }
            if let tafel::Error::ImportRows(rows) = &err {
                for row in rows {
                    for field in &row.errors {
                        eprintln!(
                            "  - regel {} ({}): {}",
                            row.line, field.field, field.message
                        );
                    }
                }
            }
            // 2: the input was refused; 1: anything else went wrong.
            if err.is_bad_input() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
