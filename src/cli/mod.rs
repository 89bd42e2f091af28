//! Argument parsing and dispatch of the `tafel` command.

mod erase;
mod output;
mod progress;
mod report;
mod table;

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use tafel::domain::{Actor, CapitalType, CaseDraft, CaseStatus, Province, WriteSource};
use tafel::error::{Error, Result};
use tafel::import::cases::CaseColumnMapping;
use tafel::import::register::RegisterColumnMapping;
use tafel::report::ExportFormat;
use tafel::service::transfer::{self, ImportMode};
use tafel::matching::{MatchOptions, PinnedTranche, StackRequest};
use tafel::service::{self, cases, demo, matching, register};
use tafel::store::{CaseFilter, KeyOptions, Store};

/// Tafel: case log and financier register of a regional financing table.
#[derive(Debug, Parser)]
#[command(name = "tafel", version, about)]
pub struct Cli {
    /// Database file (default: tafel.db in the OS data directory).
    #[arg(long, global = true, env = "TAFEL_DB")]
    db: Option<PathBuf>,
    /// Database key (64 hex digits or a passphrase); otherwise the keychain or the key file beside the database.
    #[arg(long, global = true, env = "TAFEL_DB_KEY", hide_env_values = true)]
    key: Option<String>,
    /// Use the OS keychain for the database key (`off` to use only the key file).
    #[arg(long, global = true, env = "TAFEL_KEYCHAIN", default_value = "on")]
    keychain: Toggle,
    /// Name recorded as author of changes (default: the OS user).
    #[arg(long, global = true, env = "TAFEL_AUTHOR")]
    author: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Toggle {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database (if needed) and show where it is.
    Init,
    /// Fill an empty database with the starter register and demo cases.
    Demo,
    /// The database key: write down a recovery key, or bring a database back with one.
    #[command(subcommand)]
    Key(KeyCommand),
    /// The financier register.
    #[command(subcommand)]
    Register(RegisterCommand),
    /// Cases.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Import cases from a spreadsheet (.xlsx or .csv) as tables keep them today.
    Import(ImportArgs),
    /// Export the cases or the register as .xlsx or .csv (Dutch headers and labels).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Write a full backup of the database as JSON (not encrypted: keep it safe).
    Backup {
        /// The backup file to write (`.json`, or `.tafelbackup` with --encrypt).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Encrypt the backup with a passphrase (asked for, or TAFEL_BACKUP_PASSPHRASE).
        #[arg(long)]
        encrypt: bool,
    },
    /// Restore a backup into an empty database.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// Rank the register for a case: matches best first with reasons, and why others are excluded.
    Match(MatchArgs),
    /// Propose financing stacks (tranches of several financiers) that cover a case's need.
    Stack(StackArgs),
    /// Show the saved financing plan of a case.
    Plan {
        /// Case id or number.
        case: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record a financier's response on a case (a decline needs --reason).
    Respond(table::RespondArgs),
    /// Refer a case to another financier (from a decline, or as the coordinator).
    Refer(table::ReferArgs),
    /// Where a case stands: responses, referrals, package against need and plan, follow-ups.
    Outcome(table::OutcomeArgs),
    /// The financing package actually committed to a case.
    #[command(subcommand)]
    Package(table::PackageCommand),
    /// Record what a follow-up (3, 6 or 12 months after the outcome) found.
    FollowUp(table::FollowUpArgs),
    /// Table meetings: plan, agenda, invite, present, minutes, close.
    #[command(subcommand)]
    Meeting(table::MeetingCommand),
    /// What is due this week: follow-ups, action items, next actions, expiring consents, meetings.
    Home {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The table's figures for a period as pdf (with charts), xlsx (the numbers) or json.
    Report(report::ReportArgs),
    /// Erase personal data (AVG/GDPR article 17): a company, a contact person, or closed cases
    /// past the retention period.
    #[command(subcommand)]
    Erase(erase::EraseCommand),
}

#[derive(Debug, Args)]
struct MatchArgs {
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
struct StackArgs {
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
    let register = matching::load_register(store)?;
    let mut pinned = Vec::new();
    for pin in &args.pins {
        let bad = || {
            Error::invalid("pin", "pin_format", format!("--pin \"{pin}\" moet INSTRUMENT_ID=BEDRAG zijn, bijvoorbeeld --pin 0193ab…=250000."), format!("--pin \"{pin}\" must be INSTRUMENT_ID=AMOUNT, e.g. --pin 0193ab…=250000."))
        };
        let (id, amount) = pin.split_once('=').ok_or_else(bad)?;
        let amount_cents = tafel::domain::money::parse_euros(amount).map_err(|_| bad())?;
        let financier_id = register
            .position(id.trim())
            .map(|i| register.financier_of(&register.entries[i]).id.clone())
            .unwrap_or_default();
        pinned.push(PinnedTranche { financier_id, instrument_id: id.trim().to_string(), amount_cents, capital_type: None });
    }
    Ok(StackRequest { pinned, excluded_instruments: args.exclude.clone(), acceptable_capital_types: args.accept.clone() })
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The sheet: .xlsx (first worksheet) or .csv (; or ,), headers in the first row;
    /// a register may also be .json.
    file: PathBuf,
    /// Column mapping as JSON (default: guessed from the headers).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Save the mapping used (guessed or given) as JSON, to correct and pass with --mapping.
    #[arg(long, value_name = "FILE")]
    save_mapping: Option<PathBuf>,
    /// Only show what would be imported; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import nothing if any row is bad (exit code 2).
    #[arg(long)]
    all_or_nothing: bool,
    /// Print the preview or report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ExportCommand {
    /// The cases with all details, filtered like `case list`.
    Cases {
        #[command(flatten)]
        filter: CaseFilterArgs,
        #[command(flatten)]
        target: ExportTarget,
    },
    /// The register, one row per instrument.
    Register {
        #[command(flatten)]
        target: ExportTarget,
    },
    /// A case summary as PDF (named, or with --anonymised for all members).
    Pdf {
        /// Case id or number.
        case: String,
        /// Leave out everything that identifies the company.
        #[arg(long)]
        anonymised: bool,
        /// Language of the document: nl (default) or en.
        #[arg(long, default_value = "nl")]
        lang: String,
        /// The PDF to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
struct ExportTarget {
    /// The file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// File format (default: from the file name).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Xlsx,
    Csv,
}

/// The case filter flags shared by `case list` and `export cases`.
#[derive(Debug, Args)]
struct CaseFilterArgs {
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
    fn to_filter(&self) -> CaseFilter {
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

impl ExportTarget {
    fn format(&self) -> Result<ExportFormat> {
        match self.format {
            Some(FormatArg::Xlsx) => Ok(ExportFormat::Xlsx),
            Some(FormatArg::Csv) => Ok(ExportFormat::Csv),
            None => ExportFormat::from_path(&self.output),
        }
    }
}

fn run_import(cli: &Cli, args: &ImportArgs, today: chrono::NaiveDate) -> Result<()> {
    let mapping = args.mapping.as_deref().map(CaseColumnMapping::load).transpose()?;
    let mode = if args.all_or_nothing { ImportMode::AllOrNothing } else { ImportMode::ValidRows };
    if args.dry_run || args.save_mapping.is_some() {
        let store = cli.open()?;
        let preview = transfer::preview_case_import(&store, &args.file, mapping.as_ref(), today, &progress::Terminal::new())?;
        if let Some(path) = &args.save_mapping {
            preview.mapping.save(path)?;
            eprintln!("Koppeling bewaard in {}.", path.display());
        }
        if args.dry_run {
            if args.json { output::print_json(&preview)? } else { output::print_import_preview(&args.file, &preview) }
            if mode == ImportMode::AllOrNothing && !preview.errors.is_empty() {
                return Err(Error::ImportRows(preview.errors));
            }
            return Ok(());
        }
    }
    let mut store = cli.open()?;
    let report = transfer::import_cases(&mut store, &cli.actor(WriteSource::Import), &args.file, mapping.as_ref(), mode, today, &progress::Terminal::new())?;
    if args.json { output::print_json(&report)? } else { output::print_import_report(&report) }
    Ok(())
}


fn run_register_import(cli: &Cli, args: &ImportArgs) -> Result<()> {
    let mapping = args.mapping.as_deref().map(RegisterColumnMapping::load).transpose()?;
    let mode = if args.all_or_nothing { ImportMode::AllOrNothing } else { ImportMode::ValidRows };
    if args.dry_run || args.save_mapping.is_some() {
        let mut store = cli.open()?;
        let preview = register::preview_register_import(&mut store, &args.file, mapping.as_ref())?;
        if let Some(path) = &args.save_mapping {
            preview.mapping.save(path)?;
            eprintln!("Koppeling bewaard in {}.", path.display());
        }
        if args.dry_run {
            if args.json { output::print_json(&preview)? } else { output::print_register_import_preview(&args.file, &preview) }
            if mode == ImportMode::AllOrNothing && !preview.errors.is_empty() {
                return Err(Error::ImportRows(preview.errors));
            }
            return Ok(());
        }
    }
    let mut store = cli.open()?;
    let report = register::import_register(&mut store, &cli.actor(WriteSource::Import), &args.file, mapping.as_ref(), mode)?;
    if args.json { output::print_json(&report)? } else { output::print_register_import_report(&report) }
    Ok(())
}

#[derive(Debug, Subcommand)]
enum RegisterCommand {
    /// Import financiers and instruments from a sheet (.xlsx, .csv or .json) with Dutch or English
    /// headers: valid rows in one transaction, bad rows reported (or nothing, with --all-or-nothing).
    Import(ImportArgs),
    /// List the register.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one financier with its instruments.
    Show {
        /// Financier id.
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum CaseCommand {
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
struct ListArgs {
    #[command(flatten)]
    filter: CaseFilterArgs,
    /// At most this many cases.
    #[arg(long)]
    limit: Option<u32>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn parse_status(text: &str) -> std::result::Result<CaseStatus, String> {
    CaseStatus::from_id(text).ok_or_else(|| {
        format!("onbekende status \"{text}\"; kies uit {}", CaseStatus::ids().join(", "))
    })
}

fn parse_capital_type(text: &str) -> std::result::Result<CapitalType, String> {
    CapitalType::from_id(text).ok_or_else(|| {
        format!("onbekende kapitaalsoort \"{text}\"; kies uit {}", CapitalType::ids().join(", "))
    })
}

fn parse_province(text: &str) -> std::result::Result<Province, String> {
    Province::from_id_loose(text).ok_or_else(|| format!("onbekende provincie \"{text}\"; gebruik een code zoals UT, NB of LI"))
}

fn read_input(input: &str) -> Result<String> {
    let mut text = String::new();
    if input == "-" {
        std::io::stdin().read_to_string(&mut text).map_err(|e| Error::io("<stdin>", e))?;
    } else {
        text = std::fs::read_to_string(input).map_err(|e| Error::io(input, e))?;
    }
    Ok(text)
}

fn parse_json<T: serde::de::DeserializeOwned>(text: &str, context: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| Error::Json { context: context.into(), source })
}

impl Cli {
    fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(path) => Ok(path.clone()),
            None => service::default_db_path().ok_or_else(|| Error::io("tafel.db", std::io::Error::other("no home directory to keep the database in"))),
        }
    }

    pub(crate) fn open(&self) -> Result<Store> {
        let options = KeyOptions { explicit: self.key.clone(), use_keychain: self.keychain == Toggle::On };
        Ok(service::open_store(&self.db_path()?, &options)?.0)
    }

    pub(crate) fn actor(&self, source: WriteSource) -> Actor {
        let author = self
            .author
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .unwrap_or_else(|| "onbekend".into());
        Actor { author, source }
    }
}

/// `tafel key …`.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Print the database's recovery key, to write down or print and keep apart.
    Export,
    /// Store a recovery key (given with --key) where Tafel looks for it, after checking that it
    /// opens the database.
    Import,
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<()> {
    let today = service::today();
    match &cli.command {
        Command::Init => {
            let path = cli.db_path()?;
            let options = KeyOptions { explicit: cli.key.clone(), use_keychain: cli.keychain == Toggle::On };
            let (store, source) = service::open_store(&path, &options)?;
            println!("Database: {} (schema {})", path.display(), store.schema_version()?);
            println!("Sleutel: {}", output::key_source(&source));
        }
        Command::Key(KeyCommand::Export) => {
            let path = cli.db_path()?;
            let options = KeyOptions { explicit: cli.key.clone(), use_keychain: cli.keychain == Toggle::On };
            let recovery = service::recovery_key(&path, &options)?;
            println!("Herstelsleutel van {} (nu in {}):", path.display(), recovery.kept_in);
            println!();
            println!("    {}", recovery.key);
            println!();
            println!("Schrijf hem op of print hem en bewaar hem apart van de laptop. Met deze sleutel opent");
            println!("`tafel --key HERSTELSLEUTEL …` de database, en zet `tafel --key HERSTELSLEUTEL key import`");
            println!("hem terug in de sleutelhanger of het sleutelbestand. Wie hem heeft, kan alle casussen lezen.");
        }
        Command::Key(KeyCommand::Import) => {
            let path = cli.db_path()?;
            let Some(text) = &cli.key else {
                return Err(Error::invalid("key", "key_required", "Geef de herstelsleutel mee met --key (of TAFEL_DB_KEY).", "Give the recovery key with --key (or TAFEL_DB_KEY)."));
            };
            let kept_in = service::restore_key(&path, text, cli.keychain == Toggle::On)?;
            println!("De sleutel opent {} en staat nu in {kept_in}.", path.display());
        }
        Command::Demo => {
            let mut store = cli.open()?;
            let report = demo::load_demo(&mut store, &cli.actor(WriteSource::Cli), today)?;
            println!("Demo geladen: {} financiers, {} casussen in {}", report.financiers, report.cases, cli.db_path()?.display());
        }
        Command::Register(RegisterCommand::Import(args)) => run_register_import(&cli, args)?,
        Command::Register(RegisterCommand::List { json }) => {
            let store = cli.open()?;
            let list = register::list_financiers(&store, today)?;
            if *json { output::print_json(&list)? } else { output::print_register(&list) }
        }
        Command::Register(RegisterCommand::Show { id, json }) => {
            let store = cli.open()?;
            let financier = register::get_financier(&store, id)?;
            if *json { output::print_json(&financier)? } else { output::print_financier(&financier) }
        }
        Command::Case(CaseCommand::Add { input }) => {
            let draft: CaseDraft = parse_json(&read_input(input)?, "casus")?;
            let mut store = cli.open()?;
            let case = cases::add_case(&mut store, &cli.actor(WriteSource::Cli), &draft, today)?;
            output::print_json(&case)?;
        }
        Command::Case(CaseCommand::List(args)) => {
            let store = cli.open()?;
            let filter = CaseFilter { limit: args.limit, ..args.filter.to_filter() };
            let list = cases::list_cases(&store, &filter)?;
            if args.json { output::print_json(&list)? } else { output::print_cases(&list) }
        }
        Command::Case(CaseCommand::Show { id, json }) => {
            let store = cli.open()?;
            let case = cases::get_case(&store, id)?;
            if *json { output::print_json(&case)? } else { output::print_case(&case) }
        }
        Command::Case(CaseCommand::Update { id, input }) => {
            let patch: serde_json::Value = parse_json(&read_input(input)?, "wijziging")?;
            let mut store = cli.open()?;
            let case = cases::update_case(&mut store, &cli.actor(WriteSource::Cli), id, &patch, today)?;
            output::print_json(&case)?;
        }
        Command::Case(CaseCommand::Delete { id }) => {
            let mut store = cli.open()?;
            let case = cases::delete_case(&mut store, &cli.actor(WriteSource::Cli), id)?;
            println!("Casus {} ({}) verwijderd; de geschiedenis blijft bewaard.", case.case_number, case.company.name);
        }
        Command::Case(CaseCommand::History { id, json }) => {
            let store = cli.open()?;
            let found = cases::get_case_with_history(&store, id)?;
            if *json { output::print_json(&found.history)? } else { output::print_history(&found.history) }
        }
        Command::Import(args) => run_import(&cli, args, today)?,
        Command::Export(ExportCommand::Cases { filter, target }) => {
            let store = cli.open()?;
            let report = transfer::export_cases(&store, &cli.actor(WriteSource::Cli), &filter.to_filter(), target.format()?, &target.output, &progress::Terminal::new())?;
            println!("{} casus(sen) geschreven naar {}.", report.rows, report.path);
        }
        Command::Export(ExportCommand::Register { target }) => {
            let store = cli.open()?;
            let report = transfer::export_register(&store, &cli.actor(WriteSource::Cli), target.format()?, &target.output, today, &progress::Terminal::new())?;
            println!("{} regel(s) van het register geschreven naar {}.", report.rows, report.path);
        }
        Command::Export(ExportCommand::Pdf { case, anonymised, lang, output }) => {
            let mut store = cli.open()?;
            let renderer = service::pdf::renderer_for(&store)?;
            let report = service::pdf::export_case_pdf(&mut store, &cli.actor(WriteSource::Cli), &renderer, case, service::pdf::SummaryVersion { anonymised: *anonymised, lang: table::lang(lang)? }, output, today)?;
            let kind = if report.anonymised { "geanonimiseerd" } else { "op naam" };
            println!("Casusoverzicht ({kind}) geschreven naar {} ({} kB).", report.path, report.bytes.div_ceil(1024));
        }
        Command::Backup { output: path, encrypt } => {
            let store = cli.open()?;
            if *encrypt {
                let passphrase = backup_passphrase(true)?;
                let report = transfer::backup_encrypted(&store, &cli.actor(WriteSource::Cli), path, &passphrase, &progress::Terminal::new())?;
                output::print_backup("Versleutelde back-up geschreven naar", &report);
                println!("Bewaar de wachtwoordzin apart: zonder haar is de back-up niet terug te zetten.");
            } else {
                let report = transfer::backup(&store, &cli.actor(WriteSource::Cli), path, &progress::Terminal::new())?;
                output::print_backup("Back-up geschreven naar", &report);
                println!("Let op: de back-up is niet versleuteld; bewaar hem even zorgvuldig als de database (of gebruik --encrypt).");
            }
        }
        Command::Restore { file } => {
            let mut store = cli.open()?;
            let report = if transfer::is_encrypted_backup(file) {
                let passphrase = backup_passphrase(false)?;
                transfer::restore_encrypted(&mut store, file, &passphrase, &progress::Terminal::new())?
            } else {
                transfer::restore(&mut store, file, &progress::Terminal::new())?
            };
            output::print_backup("Back-up teruggezet uit", &report);
        }
        Command::Match(args) => {
            let store = cli.open()?;
            let options = MatchOptions { acceptable_capital_types: args.accept.clone(), expected_tranche_cents: None, include_excluded: Some(args.include_excluded) };
            let mut report = matching::match_case(&store, &args.case, &options)?;
            if let Some(top) = args.top {
                report.matches.truncate(top);
            }
            if args.json {
                output::print_json(&output::MatchJson::from(&report))?;
            } else {
                let case = cases::get_case(&store, &args.case)?;
                output::print_match(&case, &report, args.include_excluded);
            }
        }
        Command::Stack(args) => {
            let mut store = cli.open()?;
            let request = stack_request(&store, args)?;
            let proposal = matching::propose_stacks(&store, &args.case, &request)?;
            let stacks = &proposal.stacks;
            let saved = match args.save {
                None => None,
                Some(n) => {
                    let chosen = n.checked_sub(1).and_then(|i| stacks.get(i)).ok_or_else(|| {
                        Error::invalid("save", "stack_number", format!("Er is geen stapel {n}; kies 1 t/m {}.", stacks.len()), format!("There is no stack {n}; choose 1 to {}.", stacks.len()))
                    })?;
                    Some(matching::save_plan(&mut store, &cli.actor(WriteSource::Cli), &args.case, chosen)?)
                }
            };
            if args.json {
                output::print_json(&proposal)?;
            } else {
                output::print_stacks(&proposal);
                if let Some(plan) = saved {
                    println!("Stapel {} bewaard als financieringsplan van de casus ({} tranches).", args.save.unwrap_or(1), plan.tranches.len());
                }
            }
        }
        Command::Plan { case, json } => {
            let store = cli.open()?;
            let plan = matching::get_plan(&store, case)?;
            if *json {
                output::print_json(&plan)?;
            } else {
                match plan {
                    Some(plan) => output::print_plan(&plan),
                    None => println!("Deze casus heeft nog geen financieringsplan; maak er een met `tafel stack {case} --save 1`."),
                }
            }
        }
        Command::Respond(args) => table::respond(&cli, args)?,
        Command::Refer(args) => table::refer(&cli, args)?,
        Command::Outcome(args) => table::outcome(&cli, args)?,
        Command::Package(command) => table::package(&cli, command)?,
        Command::FollowUp(args) => table::follow_up(&cli, args)?,
        Command::Meeting(command) => table::meeting(&cli, command)?,
        Command::Home { json } => {
            let store = cli.open()?;
            let home = service::home::home(&store, today)?;
            if *json { output::print_json(&home)? } else { table::print_home(&home) }
        }
        Command::Report(args) => report::run(&cli, args)?,
        Command::Erase(command) => erase::run(&cli, command)?,
    }
    Ok(())
}

/// The passphrase of an encrypted backup: `TAFEL_BACKUP_PASSPHRASE`, or asked for on the
/// terminal without echo (twice when a new backup is made, so a typo does not lock it).
fn backup_passphrase(new: bool) -> Result<String> {
    if let Ok(passphrase) = std::env::var("TAFEL_BACKUP_PASSPHRASE") {
        return Ok(passphrase);
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| Error::io(std::path::Path::new("terminal"), e))
    };
    let passphrase = ask("Wachtwoordzin van de back-up: ")?;
    if new && ask("Nog een keer: ")? != passphrase {
        return Err(Error::invalid("passphrase", "passphrase_mismatch", "De twee wachtwoordzinnen verschillen; er is niets geschreven.", "The two passphrases differ; nothing was written."));
    }
    Ok(passphrase)
}
