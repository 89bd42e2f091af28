//! `tafel hub …`: the table hub on PostgreSQL — created and kept in step with the roster by its
//! administrator (on the coordinator's laptop), joined by members with the address handed out.

use clap::Subcommand;

use tafel::domain::WriteSource;
use tafel::error::Result;
use tafel::service::sync::hub;

use crate::args::Cli;
use crate::output::print_json;

/// `tafel hub …`.
#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Create the hub (schema, roles, row-level security) at a PostgreSQL superuser's address,
    /// with a login for every organisation on this coordinator's roster; prints each member's
    /// address to hand over (once: Tafel keeps no member's password).
    Init {
        /// postgres://superuser:password@server:5432/database (?sslmode=require&sslrootcert=FILE)
        url: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Bring an organisation of the roster onto the hub, or its devices in step again.
    AddMember {
        /// The organisation's id or name.
        org: String,
        /// Give it a new password (the old address stops working).
        #[arg(long)]
        new_password: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Take an organisation off the hub: it reads nothing more and can no longer log in.
    RemoveMember {
        /// The organisation's id or name.
        org: String,
    },
    /// Join the hub with the address the administrator handed you, or — without it — the
    /// address on the table's roster with your organisation's login (`--login ROLE`; the
    /// password is read from standard input).
    Join {
        /// postgres://role:password@server:5432/database
        url: Option<String>,
        /// Your organisation's login role, to join the hub the roster names.
        #[arg(long, conflicts_with = "url")]
        login: Option<String>,
    },
    /// Stop synchronising through the hub on this laptop.
    Leave,
    /// Link this table with another table of the hub (its id, from its table card), so the
    /// two coordinators exchange referred cases (tafel exchange).
    LinkTable {
        /// The other table's id.
        table: String,
    },
    /// End this table's link with another table of the hub.
    UnlinkTable {
        /// The other table's id.
        table: String,
    },
    /// The hub this laptop synchronises through (and, for its administrator, the linked tables).
    Show {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn print_login(login: &hub::HubLogin) {
    println!("- {} ({}): {}", login.org_name, login.org, login.url);
}

/// Runs `tafel hub …`.
pub fn run(cli: &Cli, command: &HubCommand) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    match command {
        HubCommand::Init { url, json } => {
            let report = hub::init(&mut store, &actor, url)?;
            if *json {
                return print_json(&report);
            }
            println!(
                "Hub klaar op {} (schemaversie {}).",
                report.address, report.schema_version
            );
            if !report.logins.is_empty() {
                println!(
                    "Adressen om over te dragen (elk alleen aan die organisatie; ze worden niet bewaard, behalve dat van de coördinator op deze laptop):"
                );
                for login in &report.logins {
                    print_login(login);
                }
            }
            Ok(())
        }
        HubCommand::AddMember {
            org,
            new_password,
            json,
        } => {
            let login = hub::add_member(&mut store, org, *new_password)?;
            if *json {
                return print_json(&login);
            }
            match login {
                Some(login) => {
                    println!("Op de hub; geef deze organisatie dit adres (tafel hub join URL):");
                    print_login(&login);
                }
                None => {
                    println!("Apparaten en kanalen van {org} staan weer gelijk met de ledenlijst.")
                }
            }
            Ok(())
        }
        HubCommand::RemoveMember { org } => {
            if hub::remove_member(&mut store, org)? {
                println!(
                    "{org} is van de hub gehaald: leest niets meer en kan niet meer aanmelden."
                );
            } else {
                println!("{org} stond niet op de hub.");
            }
            Ok(())
        }
        HubCommand::Join { url, login } => {
            let view = match (url, login) {
                (Some(url), _) => hub::join(&mut store, &actor, url)?,
                (None, Some(login)) => {
                    let mut password = String::new();
                    std::io::stdin()
                        .read_line(&mut password)
                        .map_err(|e| tafel::Error::io("<stdin>", e))?;
                    hub::join_announced(&mut store, &actor, login, password.trim_end())?
                }
                (None, None) => {
                    return Err(tafel::Error::invalid(
                        "url",
                        "hub_no_address",
                        "Geef het adres van de hub (tafel hub join URL), of uw aanmelding bij de hub die de ledenlijst noemt (tafel hub join --login ROL; het wachtwoord via de invoer).",
                        "Give the hub's address (tafel hub join URL), or your login to the hub the roster names (tafel hub join --login ROLE; the password on standard input).",
                    ));
                }
            };
            println!(
                "Aangesloten bij de hub {}; tafel sync gaat nu ook via de hub.",
                view.address
            );
            Ok(())
        }
        HubCommand::Leave => {
            hub::leave(&mut store, &actor)?;
            println!("Deze laptop synchroniseert niet meer via de hub.");
            Ok(())
        }
        HubCommand::LinkTable { table } => {
            hub::link_table(&store, table)?;
            println!(
                "Gekoppeld: de coördinatoren van beide tafels wisselen nu doorverwijzingen uit via de hub."
            );
            Ok(())
        }
        HubCommand::UnlinkTable { table } => {
            if hub::unlink_table(&store, table)? {
                println!(
                    "Ontkoppeld: de coördinatoren lezen en schrijven elkaars uitwisseling niet meer."
                );
            } else {
                println!("Deze tafels waren niet gekoppeld.");
            }
            Ok(())
        }
        HubCommand::Show { json } => {
            let view = hub::hub(&store)?;
            if *json {
                return print_json(&view);
            }
            match view {
                Some(v) => println!(
                    "Hub: {}{}",
                    v.address,
                    if v.administers {
                        " (deze laptop beheert hem)"
                    } else {
                        ""
                    }
                ),
                None => match hub::announced_address(&store)? {
                    Some(address) => println!(
                        "Nog niet aangesloten. De ledenlijst noemt de hub {address}: sluit aan met tafel hub join --login ROL (wachtwoord via de invoer)."
                    ),
                    None => println!("Geen hub; sluit aan met tafel hub join URL."),
                },
            }
            Ok(())
        }
    }
}
