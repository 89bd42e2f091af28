//! The `tafel` command's arguments: the global options, the commands, and the readers of
//! values that several command groups share.

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use tafel::domain::{Actor, CapitalType, CaseStatus, Province, WriteSource};
use tafel::error::{Error, Result};
use tafel::report::documents::Lang;
use tafel::startup::{Overrides, Startup};
use tafel::store::Store;

use crate::{
    cases, documents, erase, key, matching, meetings, outcomes, register, report, settings,
    sharing, transfer,
};

/// Tafel: case log and financier register of a regional financing table.
#[derive(Debug, Parser)]
#[command(name = "tafel", version, about)]
pub struct Cli {
    /// Database file (default: tafel.db in the OS data directory).
    #[arg(long, global = true, env = "TAFEL_DB")]
    pub(crate) db: Option<PathBuf>,
    /// Database key (64 hex digits or a passphrase); otherwise the keychain or the key file beside the database.
    #[arg(long, global = true, env = "TAFEL_DB_KEY", hide_env_values = true)]
    pub(crate) key: Option<String>,
    /// Use the OS keychain for the database key (`off` to use only the key file).
    #[arg(long, global = true, env = "TAFEL_KEYCHAIN", default_value = "on", action = clap::ArgAction::Set, value_parser = KeychainParser)]
    pub(crate) keychain: bool,
    /// Name recorded as author of changes (default: the OS user).
    #[arg(long, global = true, env = "TAFEL_AUTHOR")]
    pub(crate) author: Option<String>,
    #[command(subcommand)]
    pub(crate) command: Command,
    /// The author the settings name, once a command opened the database (see [`Cli::actor`]).
    #[arg(skip)]
    pub(crate) settings_author: std::cell::OnceCell<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create the database (if needed) and show where it is.
    Init,
    /// Fill an empty database with the starter register and demo cases.
    Demo,
    /// The database key: write down a recovery key, or bring a database back with one.
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// The financier register.
    #[command(subcommand)]
    Register(register::RegisterCommand),
    /// Cases.
    #[command(subcommand)]
    Case(cases::CaseCommand),
    /// A case's dossier: its documents, encrypted, each with who may see it.
    #[command(subcommand)]
    Doc(documents::DocCommand),
    /// Import cases from a spreadsheet (.xlsx or .csv) as tables keep them today.
    Import(transfer::ImportArgs),
    /// Export the cases or the register as .xlsx or .csv (Dutch headers and labels).
    #[command(subcommand)]
    Export(transfer::ExportCommand),
    /// Write a full backup of the database as JSON (not encrypted: keep it safe).
    Backup {
        /// The backup file to write (`.json`, or `.tafelbackup` with --encrypt).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Encrypt the backup with a passphrase (asked for, or TAFEL_BACKUP_PASSPHRASE).
        #[arg(long)]
        encrypt: bool,
    },
    /// Restore a backup into an empty database, or with --replace in place of this one.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Replace the current database (as Instellingen → Terugzetten does): the backup is
        /// built whole beside it, an automatic backup of the current data is taken first, and
        /// the old file goes only once the new one opens.
        #[arg(long)]
        replace: bool,
    },
    /// Rank the register for a case: matches best first with reasons, and why others are excluded.
    Match(matching::MatchArgs),
    /// Propose financing stacks (tranches of several financiers) that cover a case's need.
    Stack(matching::StackArgs),
    /// Show the saved financing plan of a case.
    Plan {
        /// Case id or number.
        case: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record a financier's response on a case (a decline needs --reason).
    Respond(outcomes::RespondArgs),
    /// Refer a case to another financier (from a decline, or as the coordinator).
    Refer(outcomes::ReferArgs),
    /// Where a case stands: responses, referrals, package against need and plan, follow-ups.
    Outcome(outcomes::OutcomeArgs),
    /// The financing package actually committed to a case.
    #[command(subcommand)]
    Package(outcomes::PackageCommand),
    /// Record what a follow-up (3, 6 or 12 months after the outcome) found.
    FollowUp(outcomes::FollowUpArgs),
    /// Table meetings: plan, agenda, invite, present, minutes, close.
    #[command(subcommand)]
    Meeting(meetings::MeetingCommand),
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
    /// Sharing: who uses this device, its fingerprint (set once with --name and --org).
    Identity(sharing::IdentityArgs),
    /// Sharing: a member's card, adding it to the roster (the coordinator), removing a device.
    #[command(subcommand)]
    Member(sharing::MemberCommand),
    /// Sharing: the table's roster with each device's last bundle.
    Roster {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sharing: synchronise through the shared folder and the hub, or export / import a bundle file.
    Sync(sharing::SyncArgs),
    /// Sharing: the table hub on PostgreSQL — create it, keep it in step with the roster, join it.
    #[command(subcommand)]
    Hub(crate::hub::HubCommand),
    /// Sharing: referred cases between two tables through the hub (the coordinators').
    #[command(subcommand)]
    Exchange(crate::exchange::ExchangeCommand),
    /// Sharing: edits made without seeing each other (the later stands); confirm or revert.
    Conflicts(sharing::ConflictArgs),
    /// Sharing: the table's cases as this member may see them, and private notes.
    Shared(sharing::SharedArgs),
    /// Settings: the table's name and region, your name, backups, matching weights, ….
    #[command(subcommand)]
    Settings(settings::SettingsCommand),
}

impl Cli {
    /// The start-up configuration: these flags (clap read their environment variables), then
    /// the defaults, as [`Startup::from_env`] decides for the CLI and the desktop alike.
    pub(crate) fn startup(&self) -> Result<Startup> {
        Startup::from_env(Overrides {
            db: self.db.clone(),
            key: self.key.clone(),
            keychain: Some(self.keychain),
            author: self.author.clone(),
        })
    }

    pub(crate) fn db_path(&self) -> Result<PathBuf> {
        Ok(self.startup()?.db_path)
    }

    pub(crate) fn open(&self) -> Result<Store> {
        Ok(self.open_with_key()?.0)
    }

    /// [`Cli::open`], with the key the database opened with (looked up once), for a command
    /// that opens it again (`tafel restore --replace`).
    pub(crate) fn open_with_key(&self) -> Result<(Store, tafel::store::DbKey)> {
        let startup = self.startup()?;
        let (store, key) = tafel::service::open_store_with_key(&startup.db_path, &startup.key)?;
        let _ = self.settings_author.set(tafel::service::settings::author(
            &store,
            &startup.author,
            startup.author_given,
        )?);
        Ok((store, key))
    }

    /// The author of this command's changes: `--author` or `TAFEL_AUTHOR`, else the user's name
    /// in the settings of the database opened, else the OS user; now, on the system's clock
    /// (read here, at the edge: see `tafel::clock`).
    pub(crate) fn actor(&self, source: WriteSource) -> Actor {
        Actor {
            author: self
                .settings_author
                .get()
                .cloned()
                .unwrap_or_else(|| tafel::startup::author_from_env(self.author.clone())),
            source,
            at: tafel::clock::moment(),
        }
    }
}

/// `--keychain` and `TAFEL_KEYCHAIN`, read as the desktop reads them
/// ([`tafel::startup::parse_keychain`]); the help names the usual values, on and off.
#[derive(Debug, Clone, Copy)]
struct KeychainParser;

impl clap::builder::TypedValueParser for KeychainParser {
    type Value = bool;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<bool, clap::Error> {
        tafel::startup::parse_keychain(&value.to_string_lossy()).map_err(|err| {
            let message = err
                .field_errors()
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| err.message_nl());
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{message}\n"))
                .with_cmd(cmd)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            ["on", "off"]
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

pub(crate) fn parse_status(text: &str) -> std::result::Result<CaseStatus, String> {
    CaseStatus::from_id(text).ok_or_else(|| {
        format!(
            "onbekende status \"{text}\"; kies uit {}",
            CaseStatus::ids().join(", ")
        )
    })
}

pub(crate) fn parse_capital_type(text: &str) -> std::result::Result<CapitalType, String> {
    CapitalType::from_id(text).ok_or_else(|| {
        format!(
            "onbekende kapitaalsoort \"{text}\"; kies uit {}",
            CapitalType::ids().join(", ")
        )
    })
}

pub(crate) fn parse_province(text: &str) -> std::result::Result<Province, String> {
    Province::from_id_loose(text).ok_or_else(|| {
        format!("onbekende provincie \"{text}\"; gebruik een code zoals UT, NB of LI")
    })
}

/// Reads a document language: `nl` or `en`.
pub(crate) fn lang(text: &str) -> Result<Lang> {
    match text {
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        other => Err(Error::invalid(
            "lang",
            "lang",
            format!("Onbekende taal \"{other}\"; kies nl of en."),
            format!("Unknown language \"{other}\"; choose nl or en."),
        )),
    }
}

pub(crate) fn read_input(input: &str) -> Result<String> {
    let mut text = String::new();
    if input == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        text = std::fs::read_to_string(input).map_err(|e| Error::io(input, e))?;
    }
    Ok(text)
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(text: &str, context: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| Error::Json {
        context: context.into(),
        source,
    })
}
