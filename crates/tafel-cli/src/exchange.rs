//! `tafel exchange …`: two tables exchanging referred cases through the hub — each coordinator
//! hands the other its table card, links the other table, refers a case to it, and accepts the
//! referrals it received.

use std::path::PathBuf;

use clap::Subcommand;

use tafel::domain::WriteSource;
use tafel::error::Result;
use tafel::service::sync::exchange;

use crate::args::Cli;
use crate::output::print_json;

/// `tafel exchange …`.
#[derive(Debug, Subcommand)]
pub enum ExchangeCommand {
    /// Write this table's card for another table's coordinator (the coordinator's).
    Card {
        /// The file to write (default: print it).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Link another table from its card; compare the fingerprint it prints by phone.
    Link {
        /// The card file (`-` reads it from standard input).
        file: String,
    },
    /// The tables this table exchanges with.
    Tables {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Refer a case to a linked table (anonymised unless the consent covers that table).
    Refer {
        /// Case id or number.
        case: String,
        /// The other table's name or id.
        #[arg(long)]
        to: String,
        /// Why that table.
        #[arg(long)]
        reason: String,
    },
    /// Push what was referred and pull what other tables referred to this one.
    Sync {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The referrals received from other tables.
    Inbox {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Log a received referral as a case of this table.
    Accept {
        /// Its number in the inbox.
        id: i64,
    },
}

fn euros(cents: Option<i64>) -> String {
    cents.map_or("-".into(), tafel::domain::money::format_euros)
}

/// Runs `tafel exchange …`.
pub fn run(cli: &Cli, command: &ExchangeCommand) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    match command {
        ExchangeCommand::Card { output } => {
            let card = exchange::table_card(&store, tafel::clock::now())?;
            match output {
                Some(path) => {
                    tafel::files::write_atomic(path, card.as_bytes())?;
                    println!("Tafelkaart geschreven naar {}.", path.display());
                }
                None => print!("{card}"),
            }
            Ok(())
        }
        ExchangeCommand::Link { file } => {
            let text = crate::args::read_input(file)?;
            let p = exchange::link(&mut store, &actor, &text)?;
            println!(
                "Gekoppeld met {} (coördinator {}). Vergelijk de vingerafdruk telefonisch: {}",
                p.table_name, p.person, p.fingerprint
            );
            println!(
                "De beheerder van de hub koppelt de tafels daar: tafel hub link-table {}",
                p.table_id
            );
            Ok(())
        }
        ExchangeCommand::Tables { json } => {
            let partners = exchange::partners(&store)?;
            if *json {
                return print_json(&partners);
            }
            if partners.is_empty() {
                println!("Nog geen gekoppelde tafels (tafel exchange link KAART).");
            }
            for p in &partners {
                println!(
                    "- {} ({}), coördinator {}: {}",
                    p.table_name, p.table_id, p.person, p.fingerprint
                );
            }
            Ok(())
        }
        ExchangeCommand::Refer { case, to, reason } => {
            let sent =
                exchange::refer(&mut store, &actor, case, to, reason, tafel::clock::today())?;
            println!(
                "Doorverwezen naar {} ({}){}.",
                sent.to_table,
                if sent.named {
                    "op naam: de toestemming dekt die tafel"
                } else {
                    "geanonimiseerd"
                },
                if sent.pushed {
                    ", via de hub verstuurd"
                } else {
                    "; de hub was niet bereikbaar: tafel exchange sync verstuurt het later"
                }
            );
            Ok(())
        }
        ExchangeCommand::Sync { json } => {
            let report = exchange::sync(&mut store, &actor)?;
            if *json {
                return print_json(&report);
            }
            println!(
                "{} doorverwijzing(en) verstuurd, {} ontvangen.",
                report.pushed, report.received
            );
            for r in &report.refused {
                println!("Geweigerd: {r}");
            }
            Ok(())
        }
        ExchangeCommand::Inbox { json } => {
            let items = exchange::inbox(&store)?;
            if *json {
                return print_json(&items);
            }
            if items.is_empty() {
                println!("Geen doorverwijzingen van andere tafels.");
            }
            for i in &items {
                println!(
                    "{}. {} van {} ({}, {}): {} — {}{}",
                    i.id,
                    i.company_name.as_deref().unwrap_or("geanonimiseerd"),
                    i.from_table_name,
                    i.case_number.as_deref().unwrap_or("-"),
                    i.referred_on,
                    euros(i.amount_cents),
                    i.reason,
                    if i.case_id.is_some() {
                        " [in het logboek]"
                    } else {
                        ""
                    }
                );
            }
            Ok(())
        }
        ExchangeCommand::Accept { id } => {
            let case = exchange::accept(&mut store, &actor, *id, tafel::clock::today())?;
            println!(
                "In het casuslogboek als {} ({}).",
                case.case_number, case.company.name
            );
            Ok(())
        }
    }
}
