//! `tafel`: the command line of Tafel. Every command calls the same core service
//! functions as the desktop app.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
