//! Sharing a table: `tafel identity`, `member`, `roster`, `sync`, `conflicts` and `shared`
//! (a member's view of the table's cases).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use tafel::domain::WriteSource;
use tafel::domain::money::format_euros;
use tafel::error::{Error, Result};
use tafel::service::sync::{conflicts, folder, identity, roster, shared};

use crate::args::Cli;
use crate::output::print_json;
use crate::progress::Terminal;

/// `tafel identity`: who uses this device (set once), and its fingerprint.
#[derive(Debug, Args)]
pub struct IdentityArgs {
    /// Your name.
    #[arg(long, requires = "org")]
    name: Option<String>,
    /// `coordinator`, or your organisation: a financier of the register.
    #[arg(long, requires = "name")]
    org: Option<String>,
    /// The table's name (the coordinator only; default "Financieringstafel").
    #[arg(long)]
    table: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `tafel member …`.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Write this device's member card, for the coordinator (to a file, or print it).
    Card {
        /// The file to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Add a member's card to the roster (the coordinator); compare the fingerprint it prints
    /// with the member by phone.
    Add {
        /// The card file (`-` reads it from standard input).
        file: String,
        /// The member's organisation in the register (default: the name on the card).
        #[arg(long)]
        org: Option<String>,
    },
    /// Remove a device from the roster (the coordinator), by device id or person.
    Remove {
        /// Device id or person.
        member: String,
    },
}

/// `tafel sync …`: without a subcommand, synchronise through every configured transport
/// (the shared folder, the hub).
#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
    /// Join the table whose coordinator's bundle is in the folder: the coordinator's
    /// fingerprint, as read to you by phone.
    #[arg(long, value_name = "FINGERPRINT")]
    join: Option<String>,
    /// Print JSON.
    #[arg(long, global = true)]
    json: bool,
}

/// The transports of `tafel sync`.
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Write this device's bundle to a file (to send by e-mail).
    Export {
        /// The bundle file (`.tafel`).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Read a bundle file (from e-mail, or a double-click).
    Import {
        /// The bundle file.
        file: PathBuf,
        /// Join the table: the coordinator's fingerprint, as read to you by phone.
        #[arg(long, value_name = "FINGERPRINT")]
        join: Option<String>,
    },
    /// Set the shared folder (without a path: show it).
    Folder {
        /// The folder.
        path: Option<PathBuf>,
    },
}

/// `tafel conflicts`: edits made without seeing each other; the later stands.
#[derive(Debug, Args)]
pub struct ConflictArgs {
    /// Also the ones decided.
    #[arg(long)]
    all: bool,
    /// Confirm conflict N of the list (the later value stands).
    #[arg(long, value_name = "N", conflicts_with = "revert")]
    confirm: Option<usize>,
    /// Revert conflict N of the list to the earlier value (answers only).
    #[arg(long, value_name = "N")]
    revert: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `tafel shared`: the table's cases as this member may see them.
#[derive(Debug, Args)]
pub struct SharedArgs {
    /// One case (id or number); without it, the list.
    case: Option<String>,
    /// Set your private note on the case (never shared; empty text clears it).
    #[arg(long, requires = "case")]
    note: Option<String>,
    /// Write the case summary you are entitled to as PDF (named only with consent).
    #[arg(long, requires = "case", value_name = "FILE")]
    pdf: Option<PathBuf>,
    /// Language of the PDF: nl or en.
    #[arg(long, default_value = "nl")]
    lang: String,
    /// Open a document the coordinator shared with you (its id as listed), decrypted into a
    /// private temporary copy that goes afterwards.
    #[arg(long, requires = "case", value_name = "DOC_ID")]
    open_doc: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `tafel identity`.
pub fn identity(cli: &Cli, args: &IdentityArgs) -> Result<()> {
    let mut store = cli.open()?;
    let view = match (&args.name, &args.org) {
        (Some(name), Some(org)) => identity::set_identity(
            &mut store,
            &cli.actor(WriteSource::Cli),
            name,
            org,
            args.table.as_deref(),
        )?,
        _ => identity::identity(&store)?
            .ok_or_else(|| Error::sync(tafel::sync::Refusal::NoIdentity))?,
    };
    if args.json {
        return print_json(&view);
    }
    println!("{} — {}", view.person, view.organisation_name);
    println!("Apparaat: {}", view.device_id);
    println!("Vingerafdruk: {}", view.fingerprint);
    match &view.table {
        Some(t) => println!(
            "Tafel: {} (ledenlijst versie {}, {} apparaten; coördinator {}, vingerafdruk {})",
            t.table_name, t.roster_version, t.devices, t.coordinator, t.coordinator_fingerprint
        ),
        None => println!(
            "Nog geen tafel: maak een lidkaart (tafel member card -o kaart.txt) en stuur die naar de coördinator."
        ),
    }
    Ok(())
}

/// `tafel member …`.
pub fn member(cli: &Cli, command: &MemberCommand) -> Result<()> {
    let mut store = cli.open()?;
    match command {
        MemberCommand::Card { output } => {
            let card = identity::member_card(&store, tafel::clock::now())?;
            match output {
                Some(path) => {
                    tafel::files::write_atomic(path, card.as_bytes())?;
                    let fingerprint = identity::identity(&store)?
                        .map(|i| i.fingerprint)
                        .unwrap_or_default();
                    println!(
                        "Lidkaart geschreven naar {}. Uw vingerafdruk: {fingerprint}",
                        path.display()
                    );
                }
                None => print!("{card}"),
            }
            Ok(())
        }
        MemberCommand::Add { file, org } => {
            let text = crate::args::read_input(file)?;
            let added = roster::add_member(
                &mut store,
                &cli.actor(WriteSource::Cli),
                &text,
                org.as_deref(),
            )?;
            println!(
                "{} ({}) staat op de ledenlijst (versie {}). Vergelijk de vingerafdruk telefonisch: {}",
                added.member.person,
                added.member.organisation_name,
                added.roster_version,
                added.fingerprint
            );
            Ok(())
        }
        MemberCommand::Remove { member } => {
            let view = roster::remove_member(&mut store, &cli.actor(WriteSource::Cli), member)?;
            println!(
                "Verwijderd; ledenlijst nu versie {} met {} apparaten.",
                view.table.roster_version,
                view.members.len()
            );
            Ok(())
        }
    }
}

/// `tafel roster`.
pub fn roster_list(cli: &Cli, json: bool) -> Result<()> {
    let store = cli.open()?;
    let view =
        roster::roster(&store)?.ok_or_else(|| Error::sync(tafel::sync::Refusal::NoTableYet))?;
    if json {
        return print_json(&view);
    }
    println!(
        "{} — ledenlijst versie {}",
        view.table.table_name, view.table.roster_version
    );
    for m in &view.members {
        let role = match m.role {
            tafel::sync::Role::Coordinator => "coördinator",
            tafel::sync::Role::Member => "lid",
        };
        let last = m
            .last_bundle_at
            .as_deref()
            .map(|t| format!("laatste bundel {}", &t[..t.len().min(16)]))
            .unwrap_or_else(|| "nog geen bundel".into());
        let me = if m.is_self { " (dit apparaat)" } else { "" };
        println!(
            "- {} — {} ({role}){me}: {last}, {} niet bevestigd; vingerafdruk {}",
            m.person, m.organisation_name, m.unacknowledged, m.fingerprint
        );
    }
    Ok(())
}

/// `tafel sync …`.
pub fn sync(cli: &Cli, args: &SyncArgs) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    match &args.command {
        None => {
            let report = tafel::service::sync::join::sync_joining(
                &mut store,
                &actor,
                None,
                args.join.as_deref(),
                &Terminal::new(),
            )?;
            if args.json {
                return print_json(&report);
            }
            println!("{}", report.summary_nl);
            for t in &report.transports {
                let kind = if t.kind == "hub" {
                    "Hub"
                } else {
                    "Gedeelde map"
                };
                match &t.error_nl {
                    None => println!("{kind} {}: bijgewerkt.", t.name),
                    Some(why) => println!("{kind} {}: niet bereikt — {why}", t.name),
                }
            }
            println!(
                "Eigen bundel: {} enveloppen, {} nieuwe wijzigingen ({} bytes).",
                report.exported.envelopes, report.exported.new_ops, report.exported.bytes
            );
            Ok(())
        }
        Some(SyncCommand::Export { output }) => {
            let summary = folder::export_to(&mut store, &actor, output)?;
            if args.json {
                return print_json(&summary);
            }
            println!(
                "Bundel geschreven naar {}: {} enveloppen, {} nieuwe wijzigingen.",
                output.display(),
                summary.envelopes,
                summary.new_ops
            );
            Ok(())
        }
        Some(SyncCommand::Import { file, join }) => {
            let summary = folder::import_file(&mut store, &actor, file, join.as_deref())?;
            if args.json {
                return print_json(&summary);
            }
            if let Some(table) = &summary.joined {
                println!(
                    "U neemt nu deel aan {} (coördinator {}).",
                    table.table_name, table.coordinator
                );
            }
            println!(
                "{} wijzigingen ontvangen van {} in {} enveloppen; {} antwoorden op casuspagina's, {} nieuwe conflicten.",
                summary.changes,
                summary.sender,
                summary.envelopes,
                summary.responses,
                summary.conflicts
            );
            Ok(())
        }
        Some(SyncCommand::Folder { path }) => {
            match path {
                Some(path) => {
                    let set = folder::set_sync_folder(&mut store, &actor, path)?;
                    println!("Gedeelde map: {}", set.display());
                }
                None => match folder::sync_folder(&store)? {
                    Some(set) => println!("Gedeelde map: {}", set.display()),
                    None => {
                        println!("Nog geen gedeelde map; stel er een in met tafel sync folder PAD.")
                    }
                },
            }
            Ok(())
        }
    }
}

/// `tafel conflicts`.
pub fn conflicts(cli: &Cli, args: &ConflictArgs) -> Result<()> {
    let mut store = cli.open()?;
    let list = conflicts::conflicts(&store, !args.all)?;
    let chosen = args
        .confirm
        .map(|n| (n, conflicts::Resolution::Confirm))
        .or(args.revert.map(|n| (n, conflicts::Resolution::Revert)));
    if let Some((n, resolution)) = chosen {
        let c = list.get(n.wrapping_sub(1)).ok_or_else(|| {
            Error::invalid(
                "conflict",
                "unknown_conflict",
                format!("Er is geen conflict {n} in de lijst."),
                format!("There is no conflict {n} in the list."),
            )
        })?;
        conflicts::resolve(
            &mut store,
            &cli.actor(WriteSource::Cli),
            &c.entity,
            &c.entity_id,
            &c.field,
            &c.later_clock,
            resolution,
        )?;
        println!(
            "Conflict {n} is {}.",
            if resolution == conflicts::Resolution::Confirm {
                "bevestigd"
            } else {
                "teruggedraaid"
            }
        );
        return Ok(());
    }
    if args.json {
        return print_json(&list);
    }
    if list.is_empty() {
        println!("Geen open conflicten.");
    }
    for (i, c) in list.iter().enumerate() {
        let what = [c.case_number.as_deref(), c.financier_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let state = c
            .resolution
            .as_deref()
            .map(|r| format!(" [{r}]"))
            .unwrap_or_default();
        println!(
            "{}. {what} — {}: {} ({}) tegen {} ({}); {} geldt{state}",
            i + 1,
            c.field,
            c.earlier_value,
            c.earlier_author,
            c.later_value,
            c.later_author,
            c.later_value
        );
    }
    Ok(())
}

/// `tafel shared`.
pub fn shared(cli: &Cli, args: &SharedArgs) -> Result<()> {
    let mut store = cli.open()?;
    let Some(reference) = &args.case else {
        let list = shared::shared_cases(&store, tafel::clock::today())?;
        if args.json {
            return print_json(&list);
        }
        if list.is_empty() {
            println!("Nog geen casussen van de tafel; synchroniseer eerst (tafel sync).");
        }
        for c in &list {
            let marker = match c.marker {
                Some(shared::SharedMarker::New) => " [nieuw]",
                Some(shared::SharedMarker::Changed) => " [gewijzigd]",
                None => "",
            };
            let name = c
                .named
                .as_ref()
                .map(|n| format!(" — {}", n.company_name))
                .unwrap_or_default();
            let sector = c.sector.map(|s| s.label_nl()).unwrap_or("?");
            let answer = c
                .response
                .as_ref()
                .map(|r| format!("; uw antwoord: {}", r.status.label_nl()))
                .unwrap_or_default();
            println!(
                "{}{name}: {sector}, {}{answer}{marker}",
                c.case_number,
                format_euros(c.amount_cents)
            );
        }
        return Ok(());
    };
    let actor = cli.actor(WriteSource::Cli);
    if let Some(path) = &args.pdf {
        let renderer = tafel::service::pdf::renderer_for(&store)?;
        let lang = crate::args::lang(&args.lang)?;
        let written =
            shared::export_shared_case_pdf(&mut store, &actor, &renderer, reference, lang, path)?;
        let kind = if written.anonymised {
            "geanonimiseerd"
        } else {
            "op naam"
        };
        println!(
            "Casusoverzicht ({kind}) geschreven naar {} ({} bytes).",
            written.path, written.bytes
        );
        return Ok(());
    }
    if let Some(document) = &args.open_doc {
        let opened = tafel::service::documents::OpenedFiles::for_user();
        let path = shared::open_shared_copy(&store, document, &opened, tafel::clock::today())?;
        let viewed = crate::documents::view(&path);
        // The copy goes whether or not the viewer ran.
        opened.close(&path)?;
        return viewed;
    }
    let case = match &args.note {
        Some(note) => shared::set_private_note(&mut store, &actor, reference, note)?,
        None => shared::mark_seen(&mut store, &actor, reference)?,
    };
    if args.json {
        return print_json(&case);
    }
    println!("Casus {}", case.case_number);
    if let Some(n) = &case.named {
        println!(
            "{} (KvK {})",
            n.company_name,
            n.kvk.as_deref().unwrap_or("—")
        );
        println!("{}", shared::REVOCATION_NOTE_NL);
    }
    let pick =
        |l: Option<&tafel::domain::Label>| l.map(|l| l.nl.clone()).unwrap_or_else(|| "—".into());
    println!(
        "Sector: {}",
        case.sector.map(|s| s.label_nl()).unwrap_or("—")
    );
    println!("Fase: {}", case.stage.map(|s| s.label_nl()).unwrap_or("—"));
    println!(
        "Doel: {}",
        case.purpose.map(|s| s.label_nl()).unwrap_or("—")
    );
    println!("Gevraagd: {}", format_euros(case.amount_cents));
    println!(
        "Omzet: {}; omvang: {}; leeftijd: {}",
        pick(case.turnover_band.as_ref()),
        pick(case.employees_band.as_ref()),
        pick(case.age_band.as_ref())
    );
    if let Some(r) = &case.response {
        let reason = r
            .decline_reason
            .map(|d| format!(" — {}", d.label_nl()))
            .unwrap_or_default();
        println!("Uw antwoord: {}{reason}", r.status.label_nl());
    }
    if let Some(note) = &case.private_note {
        println!("Privénotitie (blijft op deze laptop): {note}");
    }
    if !case.documents.is_empty() {
        println!(
            "Documenten (openen: tafel shared {} --open-doc ID):",
            case.case_number
        );
    }
    for d in &case.documents {
        let with = if d.whole_table {
            "hele tafel"
        } else {
            "uw organisatie (toestemming)"
        };
        let state = if d.available {
            ""
        } else {
            " — nog niet ontvangen"
        };
        println!(
            "  {} — {} ({}, {} bytes, gedeeld met {with}){state}  [{}]",
            d.title,
            d.doc_type.label_nl(),
            d.document_date
                .map(tafel::domain::format::date_nl)
                .unwrap_or_else(|| "zonder datum".into()),
            d.size_bytes,
            d.id
        );
    }
    Ok(())
}
