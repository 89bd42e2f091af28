//! `tafel`: the command line of Tafel. Every command calls the same core service
//! functions as the desktop app.

mod cli;

use std::process::ExitCode;

use clap::Parser;

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

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fout: {}", err.message_nl());
            for field in err.field_errors() {
                eprintln!("  - {}: {}", field.field, field.message);
            }
            if let tafel::Error::ImportRows(rows) = &err {
                for row in rows {
                    for field in &row.errors {
                        eprintln!("  - regel {} ({}): {}", row.line, field.field, field.message);
                    }
                }
            }
            // 2: the input was refused; 1: anything else went wrong.
            if err.is_bad_input() { ExitCode::from(2) } else { ExitCode::from(1) }
        }
    }
}
