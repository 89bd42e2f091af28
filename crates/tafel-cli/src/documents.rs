//! `tafel doc …`: the case dossier — add, replace, list, open, export, remove, level.

use std::path::PathBuf;

use clap::Subcommand;

use tafel::domain::document::{Document, TextStatus};
use tafel::domain::{DocumentLevel, DocumentType, WriteSource};
use tafel::error::{Error, Result};
use tafel::service::documents::{self, DocumentDetails, OpenedFiles};

use crate::args::Cli;
use crate::output::print_json;

/// `tafel doc`: the documents of a case.
#[derive(Debug, Subcommand)]
pub enum DocCommand {
    /// Add a file to a case's dossier (PDF, XLSX/XLS, DOCX/DOC, ODT/ODS, CSV, PNG/JPEG, TXT, EML/MSG; at most 50 MB).
    Add {
        /// Case id or number.
        case: String,
        /// The file.
        file: PathBuf,
        /// Type: business_plan, annual_accounts, interim_figures, bank_statements,
        /// cash_flow_forecast, kvk_extract, decline_letter, consent_form, term_sheet, other.
        #[arg(long = "type", value_parser = parse_type, default_value = "other")]
        doc_type: DocumentType,
        /// Who may see it: coordinator (default), consented, table.
        #[arg(long, value_parser = parse_level)]
        level: Option<DocumentLevel>,
        /// Title (default: the file's name).
        #[arg(long)]
        title: Option<String>,
        /// Note.
        #[arg(long)]
        note: Option<String>,
        /// The date on the paper (dd-mm-jjjj or yyyy-mm-dd).
        #[arg(long)]
        date: Option<String>,
        /// For a decline letter: the id of the declining response it documents.
        #[arg(long)]
        response: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Replace a document by a newer file (the older versions are kept).
    Replace {
        /// Document id.
        document: String,
        /// The newer file.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List a case's dossier.
    List {
        /// Case id or number.
        case: String,
        /// Also the removed documents.
        #[arg(long)]
        all: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Which member organisations have received each shared document of a case (on the
    /// coordinator's laptop; a member acknowledges in its next bundle or hub push).
    Received {
        /// Case id or number.
        case: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// A document's versions.
    Versions {
        /// Document id.
        document: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Open a document in its viewer (TAFEL_VIEWER, or the system's); the decrypted copy is
    /// removed when the viewer is done.
    Open {
        /// Document id.
        document: String,
        /// Version (default: the newest).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Write a document (decrypted) to a file.
    Export {
        /// Document id.
        document: String,
        /// The file to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Version (default: the newest).
        #[arg(long)]
        version: Option<u32>,
    },
    /// Remove a document from its dossier (kept in the history until erasure).
    Remove {
        /// Document id.
        document: String,
    },
    /// Set who may see a document: coordinator, consented or table.
    Level {
        /// Document id.
        document: String,
        /// coordinator, consented or table.
        #[arg(value_parser = parse_level)]
        level: DocumentLevel,
    },
}

fn parse_type(text: &str) -> std::result::Result<DocumentType, String> {
    DocumentType::from_id(text).ok_or_else(|| {
        format!(
            "onbekend documenttype \"{text}\"; kies uit {}",
            DocumentType::ids().join(", ")
        )
    })
}

fn parse_level(text: &str) -> std::result::Result<DocumentLevel, String> {
    DocumentLevel::from_id(text).ok_or_else(|| {
        format!(
            "onbekend niveau \"{text}\"; kies uit {}",
            DocumentLevel::ids().join(", ")
        )
    })
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

fn print_warnings(document: &Document) {
    if !document.identifying.is_empty() {
        eprintln!(
            "Let op: dit document staat op \"hele tafel\" maar noemt {}. Controleer of het vrij is van identificerende gegevens.",
            document.identifying.join(" en ")
        );
    }
    if document.current.text_status == TextStatus::Unreadable {
        eprintln!(
            "Let op: de tekst van deze PDF is niet leesbaar; het document is bewaard maar niet doorzoekbaar."
        );
    }
}

fn print_list(list: &[Document]) {
    if list.is_empty() {
        println!("Geen documenten in dit dossier.");
        return;
    }
    println!(
        "{:<36}  {:<24}  {:<10}  {:>9}  {:<16}  {:<26}  TITEL",
        "ID", "TYPE", "DATUM", "GROOTTE", "TOEGEVOEGD DOOR", "NIVEAU"
    );
    for d in list {
        let mut flags = Vec::new();
        if let Some(stale) = d.stale {
            flags.push(stale.label_nl().to_string());
        }
        if d.current.text_status == TextStatus::Unreadable {
            flags.push("tekst niet leesbaar".into());
        }
        if !d.identifying.is_empty() {
            flags.push(format!("noemt {}", d.identifying.join(", ")));
        }
        if d.removed_at.is_some() {
            flags.push("verwijderd".into());
        }
        if d.current.version > 1 {
            flags.push(format!("versie {}", d.current.version));
        }
        println!(
            "{:<36}  {:<24}  {:<10}  {:>9}  {:<16}  {:<26}  {}{}",
            d.id,
            d.doc_type.label_nl(),
            d.document_date
                .map(crate::output::date)
                .unwrap_or_else(|| "-".into()),
            size(d.current.size_bytes),
            d.added_by,
            d.level.label_nl(),
            d.title,
            if flags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", flags.join("; "))
            }
        );
    }
}

/// Runs the viewer on the decrypted copy and waits for it: `TAFEL_VIEWER` when set (a
/// program that stays open while the document is shown), otherwise the system's opener and
/// then the user's Enter, as the system's opener returns before the viewer closes.
pub(crate) fn view(path: &std::path::Path) -> Result<()> {
    if let Some(viewer) = std::env::var_os("TAFEL_VIEWER").filter(|v| !v.is_empty()) {
        std::process::Command::new(&viewer)
            .arg(path)
            .status()
            .map_err(|e| Error::io(PathBuf::from(&viewer), e))?;
        return Ok(());
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(path)
        .status()
        .map_err(|e| Error::io(opener, e))?;
    eprintln!(
        "Geopend: {}. Druk op Enter als u klaar bent; de tijdelijke kopie wordt dan verwijderd.",
        path.display()
    );
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(())
}

/// Runs one `tafel doc` command.
pub fn run(cli: &Cli, command: &DocCommand) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    let today = tafel::clock::today();
    match command {
        DocCommand::Add {
            case,
            file,
            doc_type,
            level,
            title,
            note,
            date,
            response,
            json,
        } => {
            let details = DocumentDetails {
                doc_type: Some(*doc_type),
                title: title.clone(),
                note: note.clone(),
                document_date: date.clone(),
                level: *level,
                response_id: response.clone(),
            };
            let document =
                documents::add_document(&mut store, &actor, case, file, &details, today)?;
            if *json {
                print_json(&document)?;
            } else {
                println!(
                    "Toegevoegd: {} ({}, {}) — id {}.",
                    document.title,
                    document.doc_type.label_nl(),
                    size(document.current.size_bytes),
                    document.id
                );
            }
            print_warnings(&document);
        }
        DocCommand::Replace {
            document,
            file,
            json,
        } => {
            let document = documents::replace_document(&mut store, &actor, document, file, today)?;
            if *json {
                print_json(&document)?;
            } else {
                println!(
                    "Vervangen: {} is nu versie {} ({}).",
                    document.title,
                    document.current.version,
                    size(document.current.size_bytes)
                );
            }
            print_warnings(&document);
        }
        DocCommand::List { case, all, json } => {
            let list = documents::list_documents(&store, case, *all, today)?;
            if *json {
                print_json(&list)?;
            } else {
                print_list(&list);
            }
        }
        DocCommand::Received { case, json } => {
            let receipts = tafel::service::sync::receipts::document_receipts(&store, case, today)?;
            if *json {
                print_json(&receipts)?;
            } else if receipts.is_empty() {
                println!("Geen documenten van deze casus gaan naar leden van de tafel.");
            } else {
                for receipt in &receipts {
                    println!("{} (versie {}):", receipt.title, receipt.version);
                    if receipt.recipients.is_empty() {
                        println!("  nog geen leden om het naar te sturen");
                    }
                    for r in &receipt.recipients {
                        let state = if r.received {
                            "ontvangen"
                        } else {
                            "nog niet ontvangen"
                        };
                        println!("  {:<32}  {state}", r.organisation_name);
                    }
                }
            }
        }
        DocCommand::Versions { document, json } => {
            let found = documents::document_versions(&store, document, today)?;
            if *json {
                print_json(&found)?;
            } else {
                println!(
                    "{} ({})",
                    found.document.title,
                    found.document.doc_type.label_nl()
                );
                for v in &found.versions {
                    println!(
                        "  versie {}: {} ({}), {} door {}",
                        v.version,
                        v.file_name,
                        size(v.size_bytes),
                        v.added_at.get(..10).unwrap_or(&v.added_at),
                        v.added_by
                    );
                }
            }
        }
        DocCommand::Open { document, version } => {
            let opened = OpenedFiles::for_user();
            let path = documents::open_document(&store, document, *version, &opened)?;
            let viewed = view(&path);
            // The copy goes whether or not the viewer ran.
            opened.close(&path)?;
            viewed?;
        }
        DocCommand::Export {
            document,
            output,
            version,
        } => {
            let path = documents::export_document(&store, &actor, document, *version, output)?;
            println!("Geschreven: {}", path.display());
        }
        DocCommand::Remove { document } => {
            let removed = documents::remove_document(&mut store, &actor, document)?;
            println!(
                "Verwijderd uit het dossier: {} (blijft in de geschiedenis tot wissen).",
                removed.title
            );
        }
        DocCommand::Level { document, level } => {
            let changed = documents::set_level(&mut store, &actor, document, *level, today)?;
            println!("{}: {}.", changed.title, changed.level.label_nl());
            print_warnings(&changed);
        }
    }
    Ok(())
}
