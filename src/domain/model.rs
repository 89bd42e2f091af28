//! The stored entities as the services hand them out (validated, typed).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::taxonomy::*;

/// A company that brings one or more cases to the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Company {
    /// UUIDv7.
    pub id: String,
    /// Registered name.
    pub name: String,
    /// KvK (Chamber of Commerce) number: 8 digits; unique.
    pub kvk: Option<String>,
    /// Legal form, e.g. `bv`, `vof`, `eenmanszaak`.
    pub legal_form: Option<String>,
    /// Year the company was founded.
    pub founding_year: Option<i32>,
    /// Province of the company's seat.
    pub province: Province,
    /// Municipality (identifying: hidden in anonymised output).
    pub municipality: Option<String>,
    /// Street address (identifying).
    pub address: Option<String>,
    /// Contact person (identifying).
    pub contact_name: Option<String>,
    /// Contact e-mail (identifying).
    pub contact_email: Option<String>,
    /// Contact phone (identifying).
    pub contact_phone: Option<String>,
    /// Number of employees (FTE, rounded).
    pub employees: Option<i32>,
    /// Yearly turnover in euro cents.
    #[ts(type = "number | null")]
    pub turnover_cents: Option<i64>,
    /// Equity in euro cents; may be negative.
    #[ts(type = "number | null")]
    pub equity_cents: Option<i64>,
    /// A natural person (eenmanszaak) rather than a legal entity: extra privacy care.
    pub natural_person: bool,
    /// When its identifying data was erased (AVG/GDPR article 17, or the retention rule);
    /// `None` for a company as entered.
    #[serde(default)]
    pub erased_at: Option<String>,
}

/// A financing case, whole, as the case page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Case {
    /// UUIDv7.
    pub id: String,
    /// Human case number, e.g. `2026-0042`.
    pub case_number: String,
    /// The company behind the case.
    pub company: Company,
    /// Amount needed in euro cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Amount needed in euros (for scripts; same value as `amount_cents`).
    pub amount_eur: f64,
    /// What the money is for.
    pub purpose: Purpose,
    /// Stage of the company.
    pub stage: Stage,
    /// Topsector.
    pub sector: Sector,
    /// SBI code where known.
    pub sbi_code: Option<String>,
    /// Capital types requested; at least one.
    pub capital_types: Vec<CapitalType>,
    /// Who brought the case in.
    pub source: CaseSource,
    /// Referring organisation, e.g. the declining bank.
    pub referrer: Option<String>,
    /// Earlier declines, as told at intake.
    pub earlier_declines: Option<String>,
    /// Who may see the case.
    pub disclosure: Disclosure,
    /// Financiers the entrepreneur consented to for the named case.
    pub consent_financier_ids: Vec<String>,
    /// Consent given on.
    pub consent_from: Option<NaiveDate>,
    /// Consent ends on.
    pub consent_until: Option<NaiveDate>,
    /// Workflow status.
    pub status: CaseStatus,
    /// Coordinator who owns the case.
    pub owner: Option<String>,
    /// Next action to take.
    pub next_action: Option<String>,
    /// When the next action is due.
    pub next_action_due: Option<NaiveDate>,
    /// Free notes.
    pub notes: Option<String>,
    /// An anonymised description of the business, written for sharing (the slide and the
    /// anonymised one-pagers show it); never taken from the notes.
    #[serde(default)]
    pub pitch: Option<String>,
    /// Date of intake.
    pub intake_date: NaiveDate,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
    /// When its free texts and those of its outcomes were erased (with its company, or by the
    /// retention rule); `None` for a case as entered.
    #[serde(default)]
    pub anonymised_at: Option<String>,
}

/// One row of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseSummary {
    /// UUIDv7.
    pub id: String,
    /// Human case number.
    pub case_number: String,
    /// Company name.
    pub company_name: String,
    /// KvK number.
    pub kvk: Option<String>,
    /// Province.
    pub province: Province,
    /// Amount needed in euro cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Purpose.
    pub purpose: Purpose,
    /// Stage.
    pub stage: Stage,
    /// Sector.
    pub sector: Sector,
    /// Capital types requested.
    pub capital_types: Vec<CapitalType>,
    /// Status.
    pub status: CaseStatus,
    /// Owner.
    pub owner: Option<String>,
    /// Intake date.
    pub intake_date: NaiveDate,
    /// Next action due.
    pub next_action_due: Option<NaiveDate>,
    /// Consent for the named case ends on.
    pub consent_until: Option<NaiveDate>,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

/// A contact person at a financier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Contact {
    /// UUIDv7.
    pub id: String,
    /// Name.
    pub name: String,
    /// Role or function.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Signed the table's confidentiality pledge.
    pub signed_pledge: bool,
    /// When the person's name and contact details were erased; `None` as entered.
    #[serde(default)]
    pub erased_at: Option<String>,
}

/// An instrument a financier offers: a fund, loan product or scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Instrument {
    /// UUIDv7.
    pub id: String,
    /// The financier offering it.
    pub financier_id: String,
    /// Name of the fund or product.
    pub name: String,
    /// Capital types it offers; at least one.
    pub capital_types: Vec<CapitalType>,
    /// Smallest ticket in euro cents; `None` when unknown.
    #[ts(type = "number | null")]
    pub ticket_min_cents: Option<i64>,
    /// Largest ticket in euro cents; `None` when unknown.
    #[ts(type = "number | null")]
    pub ticket_max_cents: Option<i64>,
    /// Stages it serves; empty means any.
    pub stages: Vec<Stage>,
    /// Sectors it serves; empty means any.
    pub sectors: Vec<Sector>,
    /// Whether the sectors are a focus (favoured, others too) or a mandate (only these).
    #[serde(default)]
    pub sector_mode: ListMode,
    /// Whether the stages are a focus (preferred, others too) or a mandate (only these).
    #[serde(default)]
    pub stage_mode: ListMode,
    /// Regions; empty means the financier's regions.
    pub regions: Vec<Region>,
    /// Mandate rules as text, e.g. "hooguit 50% van een ronde".
    pub rules: Option<String>,
    /// The rules in English, where the register gives them.
    #[serde(default)]
    pub rules_en: Option<String>,
    /// Where the facts come from.
    pub source_url: Option<String>,
    /// When someone last checked the facts.
    pub verified_on: Option<NaiveDate>,
    /// What is uncertain about the facts.
    pub uncertainty: Option<String>,
    /// The uncertainty note in English, where the register gives it.
    #[serde(default)]
    pub uncertainty_en: Option<String>,
    /// Structured mandate rules that matching applies (see [`InstrumentRule`](super::InstrumentRule)).
    #[serde(default)]
    #[ts(as = "Option<Vec<super::InstrumentRule>>", optional)]
    pub structured_rules: Vec<super::InstrumentRule>,
}

impl Instrument {
    /// The uncertainty note as the English side shows it: the English text where the register
    /// gives one, the Dutch otherwise (register text is as a coordinator typed it).
    pub fn uncertainty_english(&self) -> Option<&str> {
        self.uncertainty_en
            .as_deref()
            .or(self.uncertainty.as_deref())
    }
}

/// A financier in the register, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Financier {
    /// UUIDv7.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind of financier.
    pub financier_type: FinancierType,
    /// Regions it works in (`NL` for national).
    pub regions: Vec<Region>,
    /// Website.
    pub website: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// Contact persons.
    pub contacts: Vec<Contact>,
    /// Instruments offered.
    pub instruments: Vec<Instrument>,
}

/// One row of the register list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FinancierSummary {
    /// UUIDv7.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind of financier.
    pub financier_type: FinancierType,
    /// Regions.
    pub regions: Vec<Region>,
    /// Union of the capital types of its instruments.
    pub capital_types: Vec<CapitalType>,
    /// Number of instruments.
    pub instrument_count: u32,
    /// Oldest verification date over its instruments; `None` if any was never verified.
    pub verified_on: Option<NaiveDate>,
    /// Some instrument carries an uncertainty note.
    pub uncertain: bool,
    /// Verification is missing or older than a year.
    pub stale: bool,
}

/// Who made a write, through which surface, and when: the tag every change-log entry of a use
/// case carries. The caller (the CLI, the desktop shell, a test) reads its clock when it makes
/// the actor for a use case, so neither the services nor the store read one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Person (or OS user) making the change.
    pub author: String,
    /// Surface the change came through.
    pub source: WriteSource,
    /// When the use case runs.
    pub at: Moment,
}

/// A moment as the table counts time: the instant (UTC) and the local day it falls on (as the
/// table counts days: deadlines, "today", the figures' periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl Moment {
    /// The moment `now`, on the local day `today`.
    pub fn new(now: DateTime<Utc>, today: NaiveDate) -> Moment {
        Moment { now, today }
    }

    /// The instant, in UTC.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The local day.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The instant as the change log writes it: RFC 3339, UTC, with milliseconds.
    pub fn now_rfc3339(&self) -> String {
        self.now.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// The surface a write came through; recorded with every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WriteSource {
    /// The desktop app.
    Ui,
    /// The command line.
    Cli,
    /// A file import.
    Import,
    /// A bundle from another device of the table.
    Sync,
}

impl WriteSource {
    /// The identifier stored in the change log.
    pub fn id(self) -> &'static str {
        match self {
            WriteSource::Ui => "ui",
            WriteSource::Cli => "cli",
            WriteSource::Import => "import",
            WriteSource::Sync => "sync",
        }
    }
}

/// One entry of an entity's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangeEntry {
    /// UUIDv7 of the entry.
    pub id: String,
    /// Entity kind: `case`, `company`, `financier`, `instrument`, `contact`.
    pub entity: String,
    /// Id of the changed entity.
    pub entity_id: String,
    /// `create`, `update`, `delete`.
    pub action: String,
    /// Field changes: field → `[old, new]`.
    #[ts(type = "Record<string, [unknown, unknown]>")]
    pub changes: serde_json::Value,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub author: String,
    /// Through which surface.
    pub source: WriteSource,
}
