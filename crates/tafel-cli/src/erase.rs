//! `tafel erase …`: erasure of personal data (AVG/GDPR article 17) and the retention rule.
//! Every erasure asks for confirmation on the terminal unless `--yes` is given.

use std::io::BufRead;

use clap::{Args, Subcommand};

use tafel::domain::WriteSource;
use tafel::domain::format::date_nl;
use tafel::error::{Error, Result};
use tafel::service::erasure::{self, Confirmation, ErasureReport, RetentionPreview};

use crate::args::Cli;

/// `tafel erase …`.
#[derive(Debug, Subcommand)]
pub enum EraseCommand {
    /// Erase a company: its name, KvK number, address, contact person and the free texts of
    /// its cases, also in the history; the cases stay, anonymised, for the figures.
    Company {
        /// Company id, KvK number, or the id or number of one of its cases.
        company: String,
        /// Do not ask to type the company's name.
        #[arg(long)]
        yes: bool,
    },
    /// Erase only the contact person of a company (name, e-mail, phone).
    CompanyContact {
        /// Company id, KvK number, or the id or number of one of its cases.
        company: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Erase a financier's contact person from the register, the meetings and the history.
    Contact {
        /// Contact id (`tafel register show FINANCIER --json`).
        id: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Erase what a referral received from another table says of its company (its named
    /// details and reason), for one that was never accepted as a case.
    Referral {
        /// Its number in `tafel exchange inbox`.
        number: i64,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Anonymise closed cases whose last status change is older than the retention period.
    Retention(RetentionArgs),
}

/// Arguments of `tafel erase retention`.
#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Only list which cases would be anonymised; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Use this period (months) for this run instead of the one set (0: none).
    #[arg(long, value_name = "N")]
    months: Option<u32>,
    /// Set the retention period in the database (months; 0 turns the rule off) and stop.
    #[arg(long, value_name = "N", conflicts_with_all = ["dry_run", "months", "yes"])]
    set_months: Option<u32>,
    /// Do not ask for confirmation.
    #[arg(long)]
    yes: bool,
}

/// One line typed on standard input (empty at its end).
fn typed_line(prompt: &str) -> Result<String> {
    eprint!("{prompt}");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(line.trim().to_string())
}

fn print_report(report: &ErasureReport) {
    println!(
        "{} rij(en) en {} regel(s) van de geschiedenis gewist; de wissing staat in de geschiedenis (zonder persoonsgegevens).",
        report.counts.rows, report.counts.log_entries
    );
    if !report.vacuumed || !report.wal_checkpointed {
        println!(
            "Let op: een ander venster of commando gebruikte tegelijk de database; de vrijgekomen ruimte in het bestand wordt bij de volgende wissing opnieuw overschreven."
        );
    }
    println!("Oudere back-ups bevatten deze gegevens nog tot ze zijn verwijderd.");
}

fn print_preview(preview: &RetentionPreview) {
    let Some(months) = preview.months else {
        println!("De bewaartermijn staat uit: er worden geen casussen geanonimiseerd.");
        return;
    };
    let cutoff = preview.cutoff.map(date_nl).unwrap_or_default();
    println!(
        "Bewaartermijn {months} {}: {} afgesloten casus(sen) met een laatste statuswijziging vóór {cutoff} worden geanonimiseerd, {} bedrijf/bedrijven gewist.",
        if months == 1 { "maand" } else { "maanden" },
        preview.cases.len(),
        preview.company_ids.len()
    );
    for case in &preview.cases {
        let deleted = if case.deleted { ", verwijderd" } else { "" };
        println!(
            "  {}  {} (laatste statuswijziging {}{deleted})",
            case.case_number,
            case.status.label_nl(),
            date_nl(case.closed_on)
        );
    }
}

/// Runs `tafel erase …`.
pub fn run(cli: &Cli, command: &EraseCommand) -> Result<()> {
    let actor = cli.actor(WriteSource::Cli);
    match command {
        EraseCommand::Company { company, yes } => {
            let mut store = cli.open()?;
            let preview = erasure::preview_company_erasure(&store, company)?;
            let typed;
            let confirmation = if *yes {
                Confirmation::Given
            } else if let Some(erased_at) = preview.erased_at.clone() {
                return Err(Error::AlreadyErased {
                    entity: "company",
                    id: preview.company_id,
                    erased_at,
                });
            } else {
                let kvk = preview
                    .kvk
                    .as_deref()
                    .map(|k| format!(" (KvK {k})"))
                    .unwrap_or_default();
                eprintln!(
                    "Dit wist de persoonsgegevens van {}{kvk} en de vrije teksten van {} casus(sen) ({}), ook in de geschiedenis.",
                    preview.name,
                    preview.case_numbers.len(),
                    preview.case_numbers.join(", ")
                );
                eprintln!(
                    "De casussen blijven geanonimiseerd staan voor de jaarcijfers. Dit kan niet ongedaan worden gemaakt."
                );
                typed = typed_line("Typ de naam van het bedrijf ter bevestiging: ")?;
                Confirmation::Typed(&typed)
            };
            let report = erasure::erase_company(&mut store, &actor, company, confirmation)?;
            println!(
                "{} is gewist; {} casus(sen) geanonimiseerd.",
                preview.name,
                report.case_ids.len()
            );
            print_report(&report);
        }
        EraseCommand::CompanyContact { company, yes } => {
            let mut store = cli.open()?;
            let found = erasure::find_company(&store, company)?;
            if !*yes {
                eprintln!(
                    "Dit wist de contactpersoon van {} (naam, e-mail, telefoon), ook in de geschiedenis.",
                    found.name
                );
                erasure::check_confirmation(
                    "ja",
                    Confirmation::Typed(&typed_line("Typ ja om te wissen: ")?),
                )?;
            }
            let report = erasure::erase_company_contact(&mut store, &actor, company)?;
            if report.recorded {
                println!("De contactpersoon van {} is gewist.", found.name);
                print_report(&report);
            } else {
                println!(
                    "{} heeft geen contactpersoon meer om te wissen; er is niets gewijzigd.",
                    found.name
                );
            }
        }
        EraseCommand::Contact { id, yes } => {
            let mut store = cli.open()?;
            let preview = erasure::preview_contact_erasure(&store, id)?;
            let who = match (&preview.name, &preview.financier_name) {
                (Some(name), Some(financier)) => format!("{name} ({financier})"),
                _ => "deze verwijderde contactpersoon".to_string(),
            };
            if !*yes {
                eprintln!(
                    "Dit wist {who}: naam, functie, e-mail en telefoon, ook bij vergaderingen en in de geschiedenis."
                );
                erasure::check_confirmation(
                    "ja",
                    Confirmation::Typed(&typed_line("Typ ja om te wissen: ")?),
                )?;
            }
            let report = erasure::erase_contact(&mut store, &actor, id)?;
            println!("{who} is gewist.");
            print_report(&report);
        }
        EraseCommand::Referral { number, yes } => {
            let mut store = cli.open()?;
            let item = tafel::service::sync::exchange::inbox(&store)?
                .into_iter()
                .find(|i| i.id == *number)
                .ok_or_else(|| Error::NotFound {
                    entity: "referral",
                    id: number.to_string(),
                })?;
            let what = match &item.company_name {
                Some(name) => format!("{name} en de reden"),
                None => "de reden".to_string(),
            };
            if !*yes {
                eprintln!(
                    "Dit wist {what} van doorverwijzing {number} van {}; waar hij vandaan kwam en het geanonimiseerde overzicht blijven.",
                    item.from_table_name
                );
                erasure::check_confirmation(
                    "ja",
                    Confirmation::Typed(&typed_line("Typ ja om te wissen: ")?),
                )?;
            }
            let report = erasure::erase_received_referral(&mut store, &actor, *number)?;
            println!("Doorverwijzing {number} is gewist.");
            print_report(&report);
        }
        EraseCommand::Retention(args) => {
            let mut store = cli.open()?;
            if let Some(months) = args.set_months {
                let settings = erasure::set_retention_months(&mut store, &actor, months)?;
                match settings.months {
                    Some(months) => println!("Bewaartermijn: {months} maanden."),
                    None => println!("De bewaartermijn staat uit."),
                }
                return Ok(());
            }
            let today = tafel::clock::today();
            let preview = erasure::preview_retention(&store, today, args.months)?;
            print_preview(&preview);
            if args.dry_run || preview.cases.is_empty() {
                return Ok(());
            }
            if !args.yes {
                erasure::check_confirmation(
                    "ja",
                    Confirmation::Typed(&typed_line("Typ ja om ze nu te anonimiseren: ")?),
                )?;
            }
            let report = erasure::apply_retention(&mut store, &actor, today, args.months)?;
            println!(
                "{} casus(sen) geanonimiseerd, {} bedrijf/bedrijven gewist.",
                report.case_ids.len(),
                report.company_ids.len()
            );
            print_report(&report);
        }
    }
    Ok(())
}
