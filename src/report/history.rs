//! How a change reads: one change-log entry as a coordinator would write it, in Dutch and in
//! English. The case page's timeline, the financier page, `tafel case history` and the case
//! summary's key dates all read the change log through here, so a field is labelled and a
//! value is formatted in one place: taxonomy values by their labels, amounts as `€ 1.250.000`,
//! dates as `06-03-2027`, financiers, instruments and meetings by their names — never a
//! stored id or code.
//!
//! Pure: the names behind the ids come in as [`Names`], gathered by the caller.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::domain::format::{date_nl, number_nl};
use crate::domain::money::format_euros;
use crate::domain::{
    CapitalType, CaseSource, CaseStatus, ChangeEntry, DeclineReason, Disclosure, DocumentLevel,
    DocumentType, FinancierType, InstrumentRule, Label, ListMode, MeetingStatus, Province, Purpose,
    ReferralBasis, Region, ResponseStatus, Sector, Stage, WriteSource, anonymise::legal_form_label,
};

/// The names behind the ids a change log holds, as the store knows them now.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Financier id → name.
    pub financiers: HashMap<String, String>,
    /// Instrument id → name.
    pub instruments: HashMap<String, String>,
    /// Meeting id → title and day.
    pub meetings: HashMap<String, (String, NaiveDate)>,
    /// Case id → case number.
    pub cases: HashMap<String, String>,
    /// Response id → the answering financier's name.
    pub responses: HashMap<String, String>,
    /// Package tranche id → the committing financier's name.
    pub tranches: HashMap<String, String>,
    /// Follow-up id → after how many months.
    pub follow_ups: HashMap<String, i64>,
    /// Action item id → its description.
    pub actions: HashMap<String, String>,
    /// Contact id → name.
    pub contacts: HashMap<String, String>,
}

/// One change-log entry as it reads.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReadableChange {
    /// The entry's id.
    pub id: String,
    /// What kind of thing changed (`case`, `response`, …), for styling and tests.
    pub entity: String,
    /// What happened (`create`, `update`, …), for styling and tests.
    pub action: String,
    /// When (RFC 3339, UTC); the reader shows it in local time.
    pub at: String,
    /// Who.
    pub author: String,
    /// Through which surface: "de app", "de opdrachtregel", "een import", "gedeeld door de tafel".
    pub via: Label,
    /// What happened, as a sentence: "Rabobank: afgewezen — onvoldoende zekerheden".
    pub title: Label,
    /// The fields it set or changed, each labelled and formatted.
    pub lines: Vec<ReadableField>,
    /// Only new values matter (the entry created something): the reader lists them as set.
    pub created: bool,
}

/// One field of a change.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReadableField {
    /// The stored key (for tests and styling; never shown).
    pub field: String,
    /// The field's label.
    pub label: Label,
    /// The value before; `None` when there was none.
    pub before: Option<Label>,
    /// The value after; `None` when there is none.
    pub after: Option<Label>,
}

fn l(nl: impl Into<String>, en: impl Into<String>) -> Label {
    Label {
        nl: nl.into(),
        en: en.into(),
    }
}

fn same(text: impl Into<String>) -> Label {
    let text = text.into();
    l(text.clone(), text)
}

/// Defines [`List`] from one roll of the taxonomy types, each named after its domain enum, so a
/// list is added in one line and its labels and ids cannot miss it.
macro_rules! taxonomy_lists {
    ($( $(#[$doc:meta])* $variant:ident ),+ $(,)?) => {
        /// The taxonomy lists a stored value can come from.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum List {
            $( $(#[$doc])* $variant, )+
        }

        impl List {
            /// Every list.
            pub const ALL: &'static [List] = &[ $( List::$variant, )+ ];

            /// The label of `id` in this list, `None` for an id the list does not have.
            pub fn label(self, id: &str) -> Option<Label> {
                match self {
                    $( List::$variant => $variant::from_id(id).map(|v| l(v.label_nl(), v.label_en())), )+
                }
            }

            /// Every stable id of this list, in the taxonomy's order.
            pub fn ids(self) -> Vec<&'static str> {
                match self {
                    $( List::$variant => $variant::ids(), )+
                }
            }
        }
    };
}

taxonomy_lists! {
    /// `capital_type`.
    CapitalType,
    /// `financier_type`.
    FinancierType,
    /// `stage`.
    Stage,
    /// `sector`.
    Sector,
    /// `sector_mode`, `stage_mode`.
    ListMode,
    /// `province`.
    Province,
    /// A financier's region.
    Region,
    /// `purpose`.
    Purpose,
    /// `case_status`.
    CaseStatus,
    /// `response_status`.
    ResponseStatus,
    /// `decline_reason`.
    DeclineReason,
    /// `source`.
    CaseSource,
    /// `disclosure`.
    Disclosure,
    /// `referral_basis`.
    ReferralBasis,
    /// `meeting_status`.
    MeetingStatus,
    /// `document_type`.
    DocumentType,
    /// `document_level`.
    DocumentLevel,
}

/// How a stored value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bookkeeping (ids, clocks): not shown.
    Hidden,
    /// Free text, as typed.
    Text,
    /// Euro cents: `€ 1.250.000`.
    Money,
    /// A day: `06-03-2027`.
    Date,
    /// A moment (RFC 3339 or `2027-03-06T14:00`): `06-03-2027 14:00`.
    DateTime,
    /// A count: `1.250`.
    Number,
    /// A year: `2019`.
    Year,
    /// Yes or no.
    Bool,
    /// A number of months: `6 maanden`.
    Months,
    /// A number of minutes: `90 minuten`.
    Minutes,
    /// One taxonomy value.
    Taxonomy(List),
    /// A list of taxonomy values.
    Taxonomies(List),
    /// A financier's id (or a list of them).
    Financier,
    /// An instrument's id.
    Instrument,
    /// A meeting's id.
    Meeting,
    /// A case's id (or a list of them): by case number.
    Case,
    /// A company's id (or a list of them): counted.
    Companies,
    /// A legal form, free text usually typed as `bv`.
    LegalForm,
    /// The tranches of a financing plan.
    Tranches,
    /// An instrument's structured rules.
    Rules,
    /// What an export wrote (document, version, file).
    Export,
    /// The order of a meeting's agenda (case ids).
    AgendaOrder,
    /// A saved view's filter part: summarised.
    Filter,
}

/// Every field the change log holds, by entity (`*`: any entity), with its Dutch and English
/// label and how its value reads. A field missing here reads as "Ander gegeven" and fails the
/// tests that walk the change log.
pub const FIELDS: &[(&str, &str, &str, &str, Kind)] = {
    use Kind::*;
    &[
        ("*", "id", "", "", Hidden),
        ("*", "company_id", "", "", Hidden),
        ("*", "case_id", "", "", Hidden),
        ("*", "financier_id", "", "", Hidden),
        ("*", "later_hlc", "", "", Hidden),
        ("*", "builtin", "", "", Hidden),
        ("*", "deleted_at", "Verwijderd op", "Deleted on", DateTime),
        ("*", "export", "Bestand", "File", Export),
        ("case", "case_number", "Casusnummer", "Case number", Text),
        (
            "case",
            "amount_cents",
            "Gevraagd bedrag",
            "Amount needed",
            Money,
        ),
        (
            "case",
            "purpose",
            "Doel",
            "Purpose",
            Taxonomy(List::Purpose),
        ),
        ("case", "stage", "Fase", "Stage", Taxonomy(List::Stage)),
        ("case", "sector", "Sector", "Sector", Taxonomy(List::Sector)),
        ("case", "sbi_code", "SBI-code", "SBI code", Text),
        (
            "case",
            "capital_types",
            "Kapitaalsoorten",
            "Capital types",
            Taxonomies(List::CapitalType),
        ),
        (
            "case",
            "source",
            "Bron",
            "Source",
            Taxonomy(List::CaseSource),
        ),
        ("case", "referrer", "Doorverwezen door", "Referred by", Text),
        (
            "case",
            "earlier_declines",
            "Eerdere afwijzingen",
            "Earlier declines",
            Text,
        ),
        (
            "case",
            "disclosure",
            "Vertrouwelijkheid",
            "Disclosure",
            Taxonomy(List::Disclosure),
        ),
        (
            "case",
            "consent_financier_ids",
            "Toestemming voor financiers",
            "Consent for financiers",
            Financier,
        ),
        (
            "case",
            "consent_from",
            "Toestemming vanaf",
            "Consent from",
            Date,
        ),
        (
            "case",
            "consent_until",
            "Toestemming tot",
            "Consent until",
            Date,
        ),
        (
            "case",
            "status",
            "Status",
            "Status",
            Taxonomy(List::CaseStatus),
        ),
        ("case", "owner", "Eigenaar", "Owner", Text),
        ("case", "next_action", "Volgende actie", "Next action", Text),
        (
            "case",
            "next_action_due",
            "Actie uiterlijk",
            "Next action due",
            Date,
        ),
        ("case", "notes", "Notities", "Notes", Text),
        ("case", "intake_date", "Intakedatum", "Intake date", Date),
        (
            "case",
            "outcome_on",
            "Uitkomst bereikt op",
            "Outcome reached on",
            Date,
        ),
        ("company", "name", "Bedrijfsnaam", "Company name", Text),
        ("company", "kvk", "KvK-nummer", "KvK number", Text),
        (
            "company",
            "legal_form",
            "Rechtsvorm",
            "Legal form",
            LegalForm,
        ),
        (
            "company",
            "founding_year",
            "Oprichtingsjaar",
            "Founding year",
            Year,
        ),
        (
            "company",
            "province",
            "Provincie",
            "Province",
            Taxonomy(List::Province),
        ),
        ("company", "municipality", "Gemeente", "Municipality", Text),
        ("company", "address", "Adres", "Address", Text),
        (
            "company",
            "contact_name",
            "Contactpersoon",
            "Contact person",
            Text,
        ),
        (
            "company",
            "contact_email",
            "E-mail contactpersoon",
            "Contact e-mail",
            Text,
        ),
        (
            "company",
            "contact_phone",
            "Telefoon contactpersoon",
            "Contact phone",
            Text,
        ),
        (
            "company",
            "employees",
            "Medewerkers (fte)",
            "Employees (FTE)",
            Number,
        ),
        (
            "company",
            "turnover_cents",
            "Omzet per jaar",
            "Yearly turnover",
            Money,
        ),
        ("company", "equity_cents", "Eigen vermogen", "Equity", Money),
        (
            "company",
            "natural_person",
            "Natuurlijk persoon (eenmanszaak)",
            "Natural person (sole trader)",
            Bool,
        ),
        ("company", "erased_at", "Gewist op", "Erased on", DateTime),
        ("plan", "need_cents", "Financieringsbehoefte", "Need", Money),
        (
            "plan",
            "total_cents",
            "Totaal van het plan",
            "Plan total",
            Money,
        ),
        ("plan", "tranches", "Tranches", "Tranches", Tranches),
        ("response", "financier", "Financier", "Financier", Text),
        (
            "response",
            "instrument_id",
            "Instrument",
            "Instrument",
            Instrument,
        ),
        (
            "response",
            "status",
            "Reactie",
            "Response",
            Taxonomy(List::ResponseStatus),
        ),
        (
            "response",
            "decline_reason",
            "Reden van afwijzing",
            "Reason for declining",
            Taxonomy(List::DeclineReason),
        ),
        (
            "response",
            "decline_text",
            "Toelichting afwijzing",
            "Explanation",
            Text,
        ),
        ("response", "amount_cents", "Bedrag", "Amount", Money),
        ("response", "status_date", "Datum", "Date", Date),
        ("response", "note", "Notitie", "Note", Text),
        ("response", "meeting_id", "Overleg", "Meeting", Meeting),
        ("referral", "from_financier_id", "Van", "From", Financier),
        ("referral", "to_financier_id", "Naar", "To", Financier),
        ("referral", "reason", "Reden", "Reason", Text),
        (
            "referral",
            "basis",
            "Grondslag",
            "Basis",
            Taxonomy(List::ReferralBasis),
        ),
        ("referral", "referred_on", "Datum", "Date", Date),
        (
            "package_tranche",
            "financier",
            "Financier",
            "Financier",
            Text,
        ),
        (
            "package_tranche",
            "instrument_id",
            "Instrument",
            "Instrument",
            Instrument,
        ),
        (
            "package_tranche",
            "capital_type",
            "Kapitaalsoort",
            "Capital type",
            Taxonomy(List::CapitalType),
        ),
        (
            "package_tranche",
            "amount_cents",
            "Toegezegd bedrag",
            "Committed amount",
            Money,
        ),
        (
            "package_tranche",
            "guarantee_instrument_id",
            "Garantieregeling",
            "Guarantee scheme",
            Instrument,
        ),
        (
            "package_tranche",
            "guaranteed_cents",
            "Geborgd bedrag",
            "Guaranteed amount",
            Money,
        ),
        (
            "package_tranche",
            "closing_date",
            "Financiering rond op",
            "Financing closed on",
            Date,
        ),
        ("package_tranche", "notes", "Notities", "Notes", Text),
        ("follow_up", "months", "Na", "After", Months),
        ("follow_up", "due_on", "Gepland op", "Due on", Date),
        ("follow_up", "done_on", "Gedaan op", "Done on", Date),
        (
            "follow_up",
            "jobs_kept",
            "Behouden banen",
            "Jobs kept",
            Number,
        ),
        (
            "follow_up",
            "jobs_created",
            "Nieuwe banen",
            "Jobs created",
            Number,
        ),
        (
            "follow_up",
            "financing_closed",
            "Financiering rond",
            "Financing closed",
            Bool,
        ),
        ("follow_up", "notes", "Notities", "Notes", Text),
        ("action_item", "meeting_id", "Overleg", "Meeting", Meeting),
        (
            "action_item",
            "description",
            "Omschrijving",
            "Description",
            Text,
        ),
        ("action_item", "owner", "Wie", "Who", Text),
        ("action_item", "due_on", "Uiterlijk", "Due on", Date),
        ("action_item", "done_on", "Afgerond op", "Done on", Date),
        ("meeting", "title", "Titel", "Title", Text),
        ("meeting", "starts_at", "Begint", "Starts", DateTime),
        ("meeting", "duration_minutes", "Duur", "Duration", Minutes),
        ("meeting", "place", "Plaats", "Place", Text),
        ("meeting", "online_link", "Online link", "Online link", Text),
        ("meeting", "chair", "Voorzitter", "Chair", Text),
        ("meeting", "notes", "Notities", "Notes", Text),
        (
            "meeting",
            "status",
            "Status",
            "Status",
            Taxonomy(List::MeetingStatus),
        ),
        ("meeting", "attendee", "Deelnemer", "Attendee", Text),
        (
            "meeting",
            "organisation",
            "Organisatie",
            "Organisation",
            Text,
        ),
        (
            "meeting",
            "pledge_signed",
            "Geheimhoudingsverklaring getekend",
            "Signed the pledge",
            Bool,
        ),
        ("meeting", "case_number", "Casus", "Case", Text),
        ("meeting", "position", "Agendapunt", "Agenda item", Number),
        ("meeting", "order", "Volgorde", "Order", AgendaOrder),
        ("meeting", "minutes", "Notulen", "Minutes", Text),
        ("meeting", "decision", "Besluit", "Decision", Text),
        ("meeting", "presented", "Besproken", "Presented", Bool),
        ("financier", "name", "Naam", "Name", Text),
        (
            "financier",
            "financier_type",
            "Soort financier",
            "Kind of financier",
            Taxonomy(List::FinancierType),
        ),
        (
            "financier",
            "regions",
            "Regio's",
            "Regions",
            Taxonomies(List::Region),
        ),
        ("financier", "website", "Website", "Website", Text),
        ("financier", "notes", "Notities", "Notes", Text),
        ("instrument", "name", "Naam", "Name", Text),
        (
            "instrument",
            "capital_types",
            "Kapitaalsoorten",
            "Capital types",
            Taxonomies(List::CapitalType),
        ),
        (
            "instrument",
            "ticket_min_cents",
            "Minimum ticket",
            "Minimum ticket",
            Money,
        ),
        (
            "instrument",
            "ticket_max_cents",
            "Maximum ticket",
            "Maximum ticket",
            Money,
        ),
        (
            "instrument",
            "stages",
            "Fasen",
            "Stages",
            Taxonomies(List::Stage),
        ),
        (
            "instrument",
            "sectors",
            "Sectoren",
            "Sectors",
            Taxonomies(List::Sector),
        ),
        (
            "instrument",
            "sector_mode",
            "Sectoren gelden als",
            "Sectors apply as",
            Taxonomy(List::ListMode),
        ),
        (
            "instrument",
            "stage_mode",
            "Fasen gelden als",
            "Stages apply as",
            Taxonomy(List::ListMode),
        ),
        (
            "instrument",
            "regions",
            "Regio's",
            "Regions",
            Taxonomies(List::Region),
        ),
        ("instrument", "rules", "Regels", "Rules", Text),
        (
            "instrument",
            "rules_en",
            "Regels (Engels)",
            "Rules (English)",
            Text,
        ),
        ("instrument", "source_url", "Bron", "Source", Text),
        (
            "instrument",
            "verified_on",
            "Geverifieerd op",
            "Verified on",
            Date,
        ),
        (
            "instrument",
            "uncertainty",
            "Onzekerheid",
            "Uncertainty",
            Text,
        ),
        (
            "instrument",
            "uncertainty_en",
            "Onzekerheid (Engels)",
            "Uncertainty (English)",
            Text,
        ),
        (
            "instrument",
            "structured_rules",
            "Regels voor de matching",
            "Rules for matching",
            Rules,
        ),
        ("contact", "name", "Naam", "Name", Text),
        ("contact", "role", "Functie", "Role", Text),
        ("contact", "email", "E-mail", "E-mail", Text),
        ("contact", "phone", "Telefoon", "Phone", Text),
        (
            "contact",
            "signed_pledge",
            "Geheimhoudingsverklaring getekend",
            "Signed the pledge",
            Bool,
        ),
        ("contact", "erased_at", "Gewist op", "Erased on", DateTime),
        ("erasure", "case_ids", "Casussen", "Cases", Case),
        (
            "erasure",
            "company_ids",
            "Bedrijven",
            "Companies",
            Companies,
        ),
        ("erasure", "contact_id", "", "", Hidden),
        (
            "erasure",
            "referral",
            "Doorverwijzing in de inbox",
            "Referral in the inbox",
            Number,
        ),
        ("erasure", "rows", "Gewiste rijen", "Rows erased", Number),
        (
            "erasure",
            "log_entries",
            "Gewiste regels van de geschiedenis",
            "History lines erased",
            Number,
        ),
        (
            "erasure",
            "months",
            "Bewaartermijn",
            "Retention period",
            Months,
        ),
        (
            "erasure",
            "cutoff",
            "Afgesloten vóór",
            "Closed before",
            Date,
        ),
        (
            "erasure",
            "automatic",
            "Automatisch bij het openen",
            "Automatically on opening",
            Bool,
        ),
        ("setting", "value", "Waarde", "Value", Text),
        ("saved_view", "name", "Naam", "Name", Text),
        (
            "case",
            "pitch",
            "Pitch (geanonimiseerd)",
            "Pitch (anonymised)",
            Text,
        ),
        (
            "document",
            "doc_type",
            "Soort document",
            "Document type",
            Taxonomy(List::DocumentType),
        ),
        ("document", "title", "Titel", "Title", Text),
        ("document", "note", "Notitie", "Note", Text),
        (
            "document",
            "document_date",
            "Documentdatum",
            "Document date",
            Date,
        ),
        (
            "document",
            "level",
            "Wie het mag zien",
            "Who may see it",
            Taxonomy(List::DocumentLevel),
        ),
        ("document", "version", "Versie", "Version", Number),
        ("document", "file_name", "Bestandsnaam", "File name", Text),
        (
            "document",
            "size_bytes",
            "Grootte in bytes",
            "Size in bytes",
            Number,
        ),
        ("document", "kind", "", "", Hidden),
        ("document", "sha256", "", "", Hidden),
        ("document", "response_id", "", "", Hidden),
        (
            "document",
            "removed_at",
            "Uit het dossier gehaald op",
            "Removed from the dossier on",
            DateTime,
        ),
        ("identity", "person", "Naam", "Name", Text),
        (
            "identity",
            "organisation",
            "Organisatie",
            "Organisation",
            Financier,
        ),
        (
            "identity",
            "fingerprint",
            "Vingerafdruk",
            "Fingerprint",
            Text,
        ),
        ("roster", "version", "Versie", "Version", Number),
        ("roster", "table_name", "Tafel", "Table", Text),
        ("roster", "devices", "Apparaten", "Devices", Text),
    ]
};

/// Where each (entity, field) first stands in [`FIELDS`]: a history of many entries looks up
/// every field of every entry, and scanning the whole table each time made a case page with
/// 50 documents (eleven fields each) several times slower than one with as many note edits.
static FIELD_POSITIONS: std::sync::LazyLock<HashMap<&'static str, HashMap<&'static str, usize>>> =
    std::sync::LazyLock::new(|| {
        let mut positions: HashMap<&'static str, HashMap<&'static str, usize>> = HashMap::new();
        for (i, (entity, key, ..)) in FIELDS.iter().enumerate() {
            positions.entry(entity).or_default().entry(key).or_insert(i);
        }
        positions
    });

/// The position in [`FIELDS`] of `entity`'s own `key`, and of the shared (`*`) one.
fn field_positions(entity: &str, key: &str) -> (Option<usize>, Option<usize>) {
    let of = |e: &str| {
        FIELD_POSITIONS
            .get(e)
            .and_then(|keys| keys.get(key))
            .copied()
    };
    (of(entity), of("*"))
}

/// The label and kind of one stored field of an entity; `None` for a field the change log is
/// not known to hold.
pub fn field_spec(entity: &str, key: &str) -> Option<(Label, Kind)> {
    if entity == "saved_view" && key.starts_with("filter") {
        return Some((l("Filter", "Filter"), Kind::Filter));
    }
    let (own, shared) = field_positions(entity, key);
    own.or(shared)
        .map(|i| FIELDS[i])
        .map(|(_, _, nl, en, kind)| (l(nl, en), kind))
}

fn text_of(value: &Value) -> Option<&str> {
    value.as_str().filter(|s| !s.is_empty())
}

fn joined(parts: Vec<Label>) -> Option<Label> {
    if parts.is_empty() {
        return None;
    }
    Some(l(
        parts
            .iter()
            .map(|p| p.nl.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        parts
            .iter()
            .map(|p| p.en.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    ))
}

fn unknown(what_nl: &str, what_en: &str) -> Label {
    l(
        format!("(onbekend {what_nl})"),
        format!("(unknown {what_en})"),
    )
}

/// A day from `2027-03-06` (or the day of an RFC 3339 moment).
fn day_of(text: &str) -> Option<NaiveDate> {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// A moment as it reads: `06-03-2027 14:30` (UTC as stored; the reader knows no time zone).
fn moment(text: &str) -> Option<String> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(at.format(crate::domain::format::DATE_TIME_NL).to_string());
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M") {
        return Some(at.format(crate::domain::format::DATE_TIME_NL).to_string());
    }
    day_of(text).map(date_nl)
}

/// A stored value of `kind` as it reads; `None` for no value.
pub fn format_value(kind: Kind, value: &Value, names: &Names) -> Option<Label> {
    use Kind::*;
    if value.is_null() {
        return None;
    }
    if let Value::Array(items) = value
        && !matches!(kind, Tranches | Rules | AgendaOrder)
    {
        if matches!(kind, Companies) {
            return match items.len() {
                0 => None,
                1 => Some(l("1 bedrijf", "1 company")),
                n => Some(l(format!("{n} bedrijven"), format!("{n} companies"))),
            };
        }
        let single = match kind {
            Taxonomies(list) => Taxonomy(list),
            other => other,
        };
        return joined(
            items
                .iter()
                .filter_map(|v| format_value(single, v, names))
                .collect(),
        );
    }
    let label = match kind {
        Hidden => return None,
        Text => match value {
            Value::String(s) if s.is_empty() => return None,
            Value::String(s) => same(s.clone()),
            Value::Number(n) => same(n.to_string()),
            Value::Bool(b) => return format_value(Bool, &Value::Bool(*b), names),
            other => same(other.to_string()),
        },
        Money => same(format_euros(value.as_i64()?)),
        Date => same(date_nl(day_of(text_of(value)?)?)),
        DateTime => same(moment(text_of(value)?)?),
        Number => same(number_nl(value.as_i64()?)),
        Year => same(value.as_i64()?.to_string()),
        Bool => {
            if value.as_bool()? {
                l("ja", "yes")
            } else {
                l("nee", "no")
            }
        }
        Months => {
            let n = value.as_i64()?;
            if n == 1 {
                l("1 maand", "1 month")
            } else {
                l(format!("{n} maanden"), format!("{n} months"))
            }
        }
        Minutes => {
            let n = value.as_i64()?;
            l(format!("{n} minuten"), format!("{n} minutes"))
        }
        Taxonomy(list) => {
            let id = text_of(value)?;
            list.label(id)
                .unwrap_or_else(|| unknown("gegeven", "value"))
        }
        Taxonomies(list) => return format_value(Taxonomy(list), value, names),
        Financier => {
            let id = text_of(value)?;
            names
                .financiers
                .get(id)
                .map(|n| same(n.clone()))
                .unwrap_or_else(|| unknown("financier", "financier"))
        }
        Instrument => {
            let id = text_of(value)?;
            names
                .instruments
                .get(id)
                .map(|n| same(n.clone()))
                .unwrap_or_else(|| unknown("instrument", "instrument"))
        }
        Meeting => {
            let id = text_of(value)?;
            match names.meetings.get(id) {
                Some((title, day)) => same(format!("{title} ({})", date_nl(*day))),
                None => unknown("overleg", "meeting"),
            }
        }
        Case => {
            let id = text_of(value)?;
            names
                .cases
                .get(id)
                .map(|n| same(n.clone()))
                .unwrap_or_else(|| unknown("casus", "case"))
        }
        Companies => l("1 bedrijf", "1 company"),
        LegalForm => same(legal_form_label(text_of(value)?)),
        Tranches => {
            let items = value.as_array()?;
            return joined(items.iter().map(|t| tranche(t, names)).collect());
        }
        Rules => {
            let rules: Vec<InstrumentRule> = serde_json::from_value(value.clone()).ok()?;
            if rules.is_empty() {
                return None;
            }
            let text = rules
                .iter()
                .map(InstrumentRule::describe_nl)
                .collect::<Vec<_>>()
                .join("; ");
            same(text)
        }
        Export => export_text(value)?,
        AgendaOrder => {
            let items = value.as_array()?;
            return joined(
                items
                    .iter()
                    .filter_map(|v| format_value(Case, v, names))
                    .collect(),
            );
        }
        Filter => l("aangepast", "changed"),
    };
    Some(label)
}

/// A plan's tranche: `ING — Bancaire (investeringslening): € 408.000`.
fn tranche(t: &Value, names: &Names) -> Label {
    let who = t
        .get("financier")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| "?".into());
    let amount = t
        .get("amount_cents")
        .and_then(Value::as_i64)
        .map(format_euros)
        .unwrap_or_default();
    let what = t
        .get("capital_type")
        .and_then(Value::as_str)
        .and_then(|id| List::CapitalType.label(id));
    let instrument = t
        .get("instrument_id")
        .and_then(Value::as_str)
        .and_then(|id| names.instruments.get(id));
    let head = match instrument {
        Some(name) if *name != who => format!("{who} ({name})"),
        _ => who,
    };
    match what {
        Some(what) => l(
            format!("{head}: {} {amount}", what.nl.to_lowercase()),
            format!("{head}: {} {amount}", what.en.to_lowercase()),
        ),
        None => same(format!("{head}: {amount}")),
    }
}

/// The document an export wrote, in words.
fn document_label(document: &str, version: Option<&str>) -> Label {
    match (document, version) {
        ("case_summary", Some("anonymised")) => {
            l("Geanonimiseerd casusoverzicht", "Anonymised case summary")
        }
        ("case_summary", _) => l("Casusoverzicht op naam", "Named case summary"),
        ("meeting_pack", _) => l("Vergaderstukken", "Meeting pack"),
        ("invite", _) => l("Uitnodiging (agenda-bestand)", "Invitation (calendar file)"),
        _ => l("Bestand", "File"),
    }
}

fn export_text(details: &Value) -> Option<Label> {
    let file = details.get("file").and_then(Value::as_str).unwrap_or("");
    let document = details.get("document").and_then(Value::as_str);
    let version = details.get("version").and_then(Value::as_str);
    let lang = match details.get("lang").and_then(Value::as_str) {
        Some("en") => Some(l("Engels", "English")),
        Some("nl") => Some(l("Nederlands", "Dutch")),
        _ => None,
    };
    let what = document
        .map(|d| document_label(d, version))
        .unwrap_or_else(|| l("Bestand", "File"));
    let mut nl = what.nl;
    let mut en = what.en;
    if let Some(lang) = lang {
        nl = format!("{nl} ({})", lang.nl.to_lowercase());
        en = format!("{en} ({})", lang.en);
    }
    if !file.is_empty() {
        nl = format!("{nl}: {file}");
        en = format!("{en}: {file}");
    }
    Some(l(nl, en))
}

fn new_value<'v>(changes: &'v Value, key: &str) -> Option<&'v Value> {
    changes
        .get(key)
        .and_then(Value::as_array)
        .and_then(|p| p.get(1))
        .filter(|v| !v.is_null())
}

fn old_value<'v>(changes: &'v Value, key: &str) -> Option<&'v Value> {
    changes
        .get(key)
        .and_then(Value::as_array)
        .and_then(|p| p.first())
        .filter(|v| !v.is_null())
}

/// The value of a field after the change, else before it.
fn any_value<'v>(changes: &'v Value, key: &str) -> Option<&'v Value> {
    new_value(changes, key).or_else(|| old_value(changes, key))
}

/// The lines of one entry: each known field with its label; unknown fields read as
/// "Ander gegeven" so nothing stored is hidden, and nothing shows as a code.
fn lines(entry: &ChangeEntry, names: &Names) -> Vec<ReadableField> {
    let Some(map) = entry.changes.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, change) in map {
        let (label, kind) = field_spec(&entry.entity, key)
            .unwrap_or_else(|| (l("Ander gegeven", "Other detail"), Kind::Text));
        if kind == Kind::Hidden {
            continue;
        }
        let (before, after) = match change.as_array() {
            Some(p) if p.len() == 2 => (&p[0], &p[1]),
            _ => continue,
        };
        let before = format_value(kind, before, names);
        let after = format_value(kind, after, names);
        if before.is_none() && after.is_none() {
            continue;
        }
        out.push(ReadableField {
            field: key.clone(),
            label,
            before,
            after,
        });
    }
    // In the order of the form (`FIELDS`), not the stored keys' alphabetical order.
    out.sort_by_cached_key(|f| {
        let (own, shared) = field_positions(&entry.entity, &f.field);
        match (own, shared) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b).unwrap_or(usize::MAX),
        }
    });
    out
}

fn lower(label: &Label) -> Label {
    l(lower_first(&label.nl), lower_first(&label.en))
}

/// Lower-cases the first letter (a label inside a sentence), keeping acronyms such as "ROM".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

/// The labels of the fields an entry changed: "Gevraagd bedrag, fase".
fn changed_fields(lines: &[ReadableField]) -> Option<Label> {
    if lines.is_empty() {
        return None;
    }
    let shown: Vec<Label> = lines.iter().take(3).map(|f| f.label.clone()).collect();
    let mut label = joined(
        shown
            .iter()
            .enumerate()
            .map(|(i, f)| if i == 0 { f.clone() } else { lower(f) })
            .collect(),
    )?;
    if lines.len() > 3 {
        let more = lines.len() - 3;
        label.nl = format!("{} en {more} meer", label.nl);
        label.en = format!("{} and {more} more", label.en);
    }
    Some(label)
}

fn with_fields(head: Label, lines: &[ReadableField]) -> Label {
    match changed_fields(lines) {
        Some(fields) => l(
            format!("{}: {}", head.nl, lower_first(&fields.nl)),
            format!("{}: {}", head.en, lower_first(&fields.en)),
        ),
        None => head,
    }
}

fn join2(a: Label, sep: &str, b: Label) -> Label {
    l(
        format!("{}{sep}{}", a.nl, b.nl),
        format!("{}{sep}{}", a.en, b.en),
    )
}

fn fmt2(nl: String, en: String) -> Label {
    l(nl, en)
}

fn via(source: WriteSource) -> Label {
    match source {
        WriteSource::Ui => l("de app", "the app"),
        WriteSource::Cli => l("de opdrachtregel", "the command line"),
        WriteSource::Import => l("een import", "an import"),
        WriteSource::Sync => l("de tafel (gedeeld)", "the table (shared)"),
    }
}

fn meeting_name(id: &str, names: &Names) -> Label {
    match names.meetings.get(id) {
        Some((title, day)) => same(format!("{title} ({})", date_nl(*day))),
        None => l("een overleg", "a meeting"),
    }
}

fn financier_of(entry: &ChangeEntry, names: &Names, map: &HashMap<String, String>) -> String {
    any_value(&entry.changes, "financier")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| map.get(&entry.entity_id).cloned())
        .or_else(|| {
            any_value(&entry.changes, "financier_id")
                .and_then(Value::as_str)
                .and_then(|id| names.financiers.get(id).cloned())
        })
        .unwrap_or_else(|| "Financier".into())
}

/// A response as a sentence: "Rabobank: afgewezen — onvoldoende zekerheden".
fn response_title(entry: &ChangeEntry, names: &Names, lines: &[ReadableField]) -> Label {
    let who = financier_of(entry, names, &names.responses);
    let status = new_value(&entry.changes, "status")
        .and_then(Value::as_str)
        .and_then(ResponseStatus::from_id);
    let Some(status) = status else {
        let rest: Vec<ReadableField> = lines
            .iter()
            .filter(|f| f.field != "financier")
            .cloned()
            .collect();
        if rest.len() == 1 && rest[0].field == "note" {
            return same(format!("{who}: notitie toegevoegd"))
                .with_en(format!("{who}: note added"));
        }
        return with_fields(
            l(
                format!("{who}: reactie bijgewerkt"),
                format!("{who}: response updated"),
            ),
            &rest,
        );
    };
    let mut title = l(
        format!("{who}: {}", lower_first(status.label_nl())),
        format!("{who}: {}", status.label_en().to_lowercase()),
    );
    if let Some(reason) = any_value(&entry.changes, "decline_reason")
        .and_then(Value::as_str)
        .and_then(DeclineReason::from_id)
        .filter(|_| status == ResponseStatus::Declined)
    {
        title = join2(
            title,
            " — ",
            l(
                reason.label_nl().to_lowercase(),
                reason.label_en().to_lowercase(),
            ),
        );
    }
    if let Some(cents) = new_value(&entry.changes, "amount_cents").and_then(Value::as_i64)
        && status != ResponseStatus::Declined
    {
        title = join2(title, " — ", same(format_euros(cents)));
    }
    title
}

trait WithEn {
    fn with_en(self, en: String) -> Label;
}

impl WithEn for Label {
    fn with_en(mut self, en: String) -> Label {
        self.en = en;
        self
    }
}

fn case_title(entry: &ChangeEntry, names: &Names, lines: &[ReadableField]) -> Label {
    match entry.action.as_str() {
        "create" => {
            let number = new_value(&entry.changes, "case_number")
                .and_then(Value::as_str)
                .unwrap_or("");
            let amount = new_value(&entry.changes, "amount_cents")
                .and_then(Value::as_i64)
                .map(format_euros);
            match amount {
                Some(amount) => fmt2(
                    format!("Casus {number} aangemaakt: {amount} gevraagd"),
                    format!("Case {number} created: {amount} needed"),
                ),
                None => fmt2(
                    format!("Casus {number} aangemaakt"),
                    format!("Case {number} created"),
                ),
            }
        }
        "delete" => l("Casus verwijderd", "Case deleted"),
        "export_pdf" => exported(entry),
        _ => {
            let status = new_value(&entry.changes, "status")
                .and_then(Value::as_str)
                .and_then(CaseStatus::from_id);
            let rest: Vec<ReadableField> = lines
                .iter()
                .filter(|f| f.field != "status" && f.field != "outcome_on")
                .cloned()
                .collect();
            if let Some(status) = status {
                let head = fmt2(
                    format!("Status: {}", status.label_nl()),
                    format!("Status: {}", status.label_en()),
                );
                return match changed_fields(&rest) {
                    Some(more) => fmt2(
                        format!("{}; ook {}", head.nl, lower_first(&more.nl)),
                        format!("{}; also {}", head.en, lower_first(&more.en)),
                    ),
                    None => head,
                };
            }
            if rest.is_empty()
                && let Some(day) = new_value(&entry.changes, "outcome_on")
                    .and_then(Value::as_str)
                    .and_then(day_of)
            {
                return fmt2(
                    format!("Uitkomst bereikt op {}", date_nl(day)),
                    format!("Outcome reached on {}", date_nl(day)),
                );
            }
            let _ = names;
            with_fields(l("Casus gewijzigd", "Case changed"), &rest)
        }
    }
}

/// "Geanonimiseerd casusoverzicht (nederlands) geëxporteerd naar x.pdf".
fn exported(entry: &ChangeEntry) -> Label {
    let details = new_value(&entry.changes, "export")
        .cloned()
        .unwrap_or_default();
    let file = details.get("file").and_then(Value::as_str).unwrap_or("");
    let what = match details.get("document").and_then(Value::as_str) {
        Some(document) => document_label(document, details.get("version").and_then(Value::as_str)),
        None => match entry.action.as_str() {
            "export_cases" => l("Casuslijst", "Case list"),
            "export_register" => l("Financiersregister", "Register of financiers"),
            "export_report" => l("Rapportage", "Report"),
            "export_ics" => l("Uitnodiging (agenda-bestand)", "Invitation (calendar file)"),
            _ => l("Bestand", "File"),
        },
    };
    if file.is_empty() {
        fmt2(
            format!("{} geëxporteerd", what.nl),
            format!("{} exported", what.en),
        )
    } else {
        fmt2(
            format!("{} geëxporteerd naar {file}", what.nl),
            format!("{} exported to {file}", what.en),
        )
    }
}

fn follow_up_title(entry: &ChangeEntry, names: &Names) -> Label {
    let months = any_value(&entry.changes, "months")
        .and_then(Value::as_i64)
        .or_else(|| names.follow_ups.get(&entry.entity_id).copied());
    let after = match months {
        Some(1) => l("na 1 maand", "after 1 month"),
        Some(n) => l(format!("na {n} maanden"), format!("after {n} months")),
        None => l("", ""),
    };
    let space = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!(" {s}")
        }
    };
    if entry.action == "create" {
        let due = new_value(&entry.changes, "due_on")
            .and_then(Value::as_str)
            .and_then(day_of)
            .map(date_nl)
            .unwrap_or_default();
        return fmt2(
            format!("Follow-up{} gepland op {due}", space(&after.nl)),
            format!("Follow-up{} scheduled for {due}", space(&after.en)),
        );
    }
    match new_value(&entry.changes, "done_on")
        .and_then(Value::as_str)
        .and_then(day_of)
    {
        Some(done) => fmt2(
            format!("Follow-up{} gedaan op {}", space(&after.nl), date_nl(done)),
            format!("Follow-up{} done on {}", space(&after.en), date_nl(done)),
        ),
        None => fmt2(
            format!("Follow-up{} bijgewerkt", space(&after.nl)),
            format!("Follow-up{} updated", space(&after.en)),
        ),
    }
}

fn action_title(entry: &ChangeEntry, names: &Names) -> Label {
    let description = any_value(&entry.changes, "description")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| names.actions.get(&entry.entity_id).cloned())
        .unwrap_or_default();
    if entry.action == "create" {
        let mut title = fmt2(
            format!("Actiepunt: {description}"),
            format!("Action item: {description}"),
        );
        if let Some(owner) = new_value(&entry.changes, "owner").and_then(Value::as_str) {
            title = join2(title, " — ", same(owner.to_string()));
        }
        if let Some(due) = new_value(&entry.changes, "due_on")
            .and_then(Value::as_str)
            .and_then(day_of)
        {
            title = fmt2(
                format!("{}, uiterlijk {}", title.nl, date_nl(due)),
                format!("{}, due {}", title.en, date_nl(due)),
            );
        }
        return title;
    }
    match new_value(&entry.changes, "done_on") {
        Some(_) => fmt2(
            format!("Actiepunt afgerond: {description}"),
            format!("Action item done: {description}"),
        ),
        None => fmt2(
            format!("Actiepunt weer open: {description}"),
            format!("Action item open again: {description}"),
        ),
    }
}

fn meeting_title(entry: &ChangeEntry, names: &Names, lines: &[ReadableField]) -> Label {
    let meeting = meeting_name(&entry.entity_id, names);
    let case = any_value(&entry.changes, "case_number")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| {
            any_value(&entry.changes, "case_id")
                .and_then(Value::as_str)
                .and_then(|id| names.cases.get(id).cloned())
        });
    let case = case
        .map(|c| same(format!("Casus {c}")).with_en(format!("Case {c}")))
        .unwrap_or_else(|| l("Casus", "Case"));
    let m = &meeting;
    match entry.action.as_str() {
        "create" => fmt2(
            format!("Overleg gepland: {}", m.nl),
            format!("Meeting planned: {}", m.en),
        ),
        "delete" => fmt2(
            format!("Overleg verwijderd: {}", m.nl),
            format!("Meeting deleted: {}", m.en),
        ),
        "agenda_add" => fmt2(
            format!("{} op de agenda van {}", case.nl, m.nl),
            format!("{} put on the agenda of {}", case.en, m.en),
        ),
        "agenda_remove" => fmt2(
            format!("{} van de agenda van {} gehaald", case.nl, m.nl),
            format!("{} taken off the agenda of {}", case.en, m.en),
        ),
        "agenda_reorder" => fmt2(
            format!("Agenda van {} in een andere volgorde", m.nl),
            format!("Agenda of {} reordered", m.en),
        ),
        "minutes" => fmt2(
            format!("Notulen en besluit vastgelegd in {}", m.nl),
            format!("Minutes and decision recorded in {}", m.en),
        ),
        "presented" => fmt2(
            format!("Besproken aan tafel in {}", m.nl),
            format!("Discussed at the table in {}", m.en),
        ),
        "attendee_add" => {
            let who = new_value(&entry.changes, "attendee")
                .and_then(Value::as_str)
                .unwrap_or("");
            fmt2(
                format!("Deelnemer aangemeld voor {}: {who}", m.nl),
                format!("Attendee added to {}: {who}", m.en),
            )
        }
        "attendee_remove" => {
            let who = old_value(&entry.changes, "attendee")
                .and_then(Value::as_str)
                .unwrap_or("");
            fmt2(
                format!("Deelnemer afgemeld voor {}: {who}", m.nl),
                format!("Attendee removed from {}: {who}", m.en),
            )
        }
        "export_pdf" | "export_ics" => exported(entry),
        _ => {
            if let Some(status) = new_value(&entry.changes, "status")
                .and_then(Value::as_str)
                .and_then(MeetingStatus::from_id)
            {
                return fmt2(
                    format!("{}: {}", m.nl, status.label_nl().to_lowercase()),
                    format!("{}: {}", m.en, status.label_en().to_lowercase()),
                );
            }
            with_fields(
                fmt2(
                    format!("Overleg gewijzigd: {}", m.nl),
                    format!("Meeting changed: {}", m.en),
                ),
                lines,
            )
        }
    }
}

fn name_in(entry: &ChangeEntry, map: &HashMap<String, String>) -> String {
    map.get(&entry.entity_id)
        .cloned()
        .or_else(|| {
            any_value(&entry.changes, "name")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_default()
}

fn register_title(entry: &ChangeEntry, names: &Names, lines: &[ReadableField]) -> Label {
    let (what_nl, what_en, map) = match entry.entity.as_str() {
        "financier" => ("Financier", "Financier", &names.financiers),
        "instrument" => ("Instrument", "Instrument", &names.instruments),
        _ => ("Contactpersoon", "Contact", &names.contacts),
    };
    let name = name_in(entry, map);
    let named = |nl: &str, en: &str| {
        if name.is_empty() {
            fmt2(format!("{what_nl} {nl}"), format!("{what_en} {en}"))
        } else {
            fmt2(
                format!("{what_nl} {nl}: {name}"),
                format!("{what_en} {en}: {name}"),
            )
        }
    };
    match entry.action.as_str() {
        "create" => named("toegevoegd", "added"),
        "delete" => named("verwijderd", "deleted"),
        _ => {
            // "Vandaag geverifieerd": the verification date, perhaps with the source checked.
            let verification = lines
                .iter()
                .all(|f| f.field == "verified_on" || f.field == "source_url");
            if verification
                && let Some(day) = new_value(&entry.changes, "verified_on")
                    .and_then(Value::as_str)
                    .and_then(day_of)
            {
                return fmt2(
                    format!("{name}: gegevens geverifieerd op {}", date_nl(day)),
                    format!("{name}: facts verified on {}", date_nl(day)),
                );
            }
            with_fields(named("gewijzigd", "changed"), lines)
        }
    }
}

fn erasure_title(entry: &ChangeEntry) -> Label {
    let count = |key: &str| {
        new_value(&entry.changes, key)
            .and_then(Value::as_i64)
            .unwrap_or(0)
    };
    let summary = fmt2(
        format!(
            "{} rij(en) en {} regel(s) van de geschiedenis gewist",
            count("rows"),
            count("log_entries")
        ),
        format!(
            "{} row(s) and {} history line(s) erased",
            count("rows"),
            count("log_entries")
        ),
    );
    let head = match entry.action.as_str() {
        "company" => l(
            "Bedrijfsgegevens gewist (AVG)",
            "Company's data erased (GDPR)",
        ),
        "company_contact" => l(
            "Contactpersoon van het bedrijf gewist",
            "Company's contact person erased",
        ),
        "contact" => l(
            "Contactpersoon gewist (AVG)",
            "Contact person erased (GDPR)",
        ),
        "retention" => l(
            "Geanonimiseerd na de bewaartermijn",
            "Anonymised after the retention period",
        ),
        "received_referral" => l(
            "Doorverwijzing van een andere tafel gewist (AVG)",
            "Referral from another table erased (GDPR)",
        ),
        _ => l("Persoonsgegevens gewist", "Personal data erased"),
    };
    join2(head, " — ", summary)
}

fn document_title(entry: &ChangeEntry) -> Label {
    let changes = &entry.changes;
    let title = new_value(changes, "title")
        .or_else(|| new_value(changes, "file_name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    match entry.action.as_str() {
        "create" => fmt2(
            format!("Document toegevoegd aan het dossier: {title}"),
            format!("Document added to the dossier: {title}"),
        ),
        "replace" => {
            let version = new_value(changes, "version")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            fmt2(
                format!("Nieuwe versie ({version}) van een document: {title}"),
                format!("New version ({version}) of a document: {title}"),
            )
        }
        "remove" => l(
            "Document uit het dossier gehaald",
            "Document removed from the dossier",
        ),
        _ => l("Documentgegevens gewijzigd", "Document details changed"),
    }
}

fn setting_title(entry: &ChangeEntry) -> Label {
    let what = match entry.entity_id.as_str() {
        "retention.months" => l("Bewaartermijn", "Retention period"),
        "sync.folder" => l("Gedeelde map", "Shared folder"),
        "table.name" => l("Naam van de tafel", "Table name"),
        "table.region" => l("Regio van de tafel", "Table region"),
        "user.name" => l("Naam van de gebruiker", "User name"),
        "user.organisation" => l("Organisatie van de gebruiker", "User organisation"),
        "cases.default_owner" => l("Standaard eigenaar", "Default owner"),
        "ui.language" => l("Taal", "Language"),
        "backup.folder" => l("Map voor back-ups", "Backup folder"),
        "backup.every_hours" => l(
            "Interval van automatische back-ups",
            "Automatic backup interval",
        ),
        "backup.keep" => l("Aantal bewaarde back-ups", "Backups kept"),
        _ => l("Instelling", "Setting"),
    };
    fmt2(
        format!("{} gewijzigd", what.nl),
        format!("{} changed", what.en),
    )
}

/// What happened, as a sentence.
fn title(entry: &ChangeEntry, names: &Names, lines: &[ReadableField]) -> Label {
    let changes = &entry.changes;
    match entry.entity.as_str() {
        "case" => case_title(entry, names, lines),
        "company" => {
            let name = any_value(changes, "name")
                .and_then(Value::as_str)
                .unwrap_or("");
            match entry.action.as_str() {
                "create" => fmt2(
                    format!("Bedrijf vastgelegd: {name}"),
                    format!("Company recorded: {name}"),
                ),
                _ => with_fields(
                    l("Bedrijfsgegevens gewijzigd", "Company details changed"),
                    lines,
                ),
            }
        }
        "plan" => {
            let count = new_value(changes, "tranches")
                .and_then(Value::as_array)
                .map(Vec::len);
            let total = new_value(changes, "total_cents").and_then(Value::as_i64);
            let head = if entry.action == "create" {
                l("Financieringsplan opgeslagen", "Financing plan saved")
            } else {
                l("Financieringsplan vervangen", "Financing plan replaced")
            };
            match (count, total) {
                (Some(n), Some(total)) => fmt2(
                    format!("{}: {n} tranche(s), samen {}", head.nl, format_euros(total)),
                    format!(
                        "{}: {n} tranche(s), {} in all",
                        head.en,
                        format_euros(total)
                    ),
                ),
                _ => head,
            }
        }
        "response" => response_title(entry, names, lines),
        "referral" => {
            let to = any_value(changes, "to_financier_id")
                .and_then(Value::as_str)
                .and_then(|id| names.financiers.get(id).cloned())
                .unwrap_or_else(|| "een andere financier".into());
            let mut title = fmt2(
                format!("Doorverwezen naar {to}"),
                format!("Referred to {to}"),
            );
            if let Some(reason) = any_value(changes, "reason").and_then(Value::as_str)
                && !reason.is_empty()
            {
                title = join2(title, " — ", same(reason.to_string()));
            }
            title
        }
        "package_tranche" => {
            let who = financier_of(entry, names, &names.tranches);
            let amount = any_value(changes, "amount_cents")
                .and_then(Value::as_i64)
                .map(format_euros)
                .unwrap_or_default();
            let what = any_value(changes, "capital_type")
                .and_then(Value::as_str)
                .and_then(|id| List::CapitalType.label(id))
                .map(|w| lower(&w));
            let detail = match what {
                Some(w) => l(format!("{amount} {}", w.nl), format!("{amount} {}", w.en)),
                None => same(amount),
            };
            if entry.action == "delete" {
                fmt2(
                    format!("Toezegging uit het pakket gehaald: {who}, {}", detail.nl),
                    format!("Commitment taken out of the package: {who}, {}", detail.en),
                )
            } else {
                fmt2(
                    format!("{who} zegt {} toe", detail.nl),
                    format!("{who} commits {}", detail.en),
                )
            }
        }
        "follow_up" => follow_up_title(entry, names),
        "action_item" => action_title(entry, names),
        "meeting" => meeting_title(entry, names, lines),
        "financier" | "instrument" | "contact" => register_title(entry, names, lines),
        "erasure" => erasure_title(entry),
        "setting" => setting_title(entry),
        "saved_view" => {
            let name = any_value(changes, "name")
                .and_then(Value::as_str)
                .unwrap_or("");
            match entry.action.as_str() {
                "create" => fmt2(
                    format!("Weergave opgeslagen: {name}"),
                    format!("View saved: {name}"),
                ),
                "delete" => fmt2(
                    format!("Weergave verwijderd: {name}"),
                    format!("View deleted: {name}"),
                ),
                _ => fmt2(
                    format!("Weergave gewijzigd: {name}"),
                    format!("View changed: {name}"),
                ),
            }
        }
        "export" | "shared_case" => exported(entry),
        "identity" => l(
            "Eigen identiteit voor het delen vastgelegd",
            "Own identity for sharing recorded",
        ),
        "roster" => {
            let version = new_value(changes, "version")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            fmt2(
                format!("Ledenlijst van de tafel ontvangen (versie {version})"),
                format!("The table's member list received (version {version})"),
            )
        }
        "conflict" => l(
            "Conflict tussen gedeelde wijzigingen opgelost",
            "Conflict between shared changes resolved",
        ),
        "document" => document_title(entry),
        _ => l("Wijziging", "Change"),
    }
}

/// One change-log entry as it reads.
pub fn readable(entry: &ChangeEntry, names: &Names) -> ReadableChange {
    let mut fields = lines(entry, names);
    let title = title(entry, names, &fields);
    // An erasure's counts are in its title; a note or export is in its title too.
    if entry.entity == "erasure" {
        fields.retain(|f| f.field != "rows" && f.field != "log_entries");
    }
    if entry.action.starts_with("export") || entry.entity == "shared_case" {
        fields.retain(|f| f.field != "export");
    }
    let created = entry.action == "create"
        || fields.iter().all(|f| f.before.is_none()) && entry.action != "update";
    ReadableChange {
        id: entry.id.clone(),
        entity: entry.entity.clone(),
        action: entry.action.clone(),
        at: entry.at.clone(),
        author: entry.author.clone(),
        via: via(entry.source),
        title,
        lines: fields,
        created,
    }
}

/// A key date of a case summary, as a short sentence, with its day: a status change
/// ("Status: Gefinancierd"), a financier's answer that decides ("Rabobank: afgewezen —
/// onvoldoende zekerheden") and a follow-up done; `None` for any other entry.
pub fn key_event(entry: &ChangeEntry, names: &Names) -> Option<(NaiveDate, Label)> {
    let day = day_of(&entry.at)?;
    match (entry.entity.as_str(), entry.action.as_str()) {
        ("case", "update") => {
            let status = new_value(&entry.changes, "status")
                .and_then(Value::as_str)
                .and_then(CaseStatus::from_id)?;
            Some((
                day,
                l(
                    format!("Status: {}", status.label_nl()),
                    format!("Status: {}", status.label_en()),
                ),
            ))
        }
        ("response", _) => {
            let status = new_value(&entry.changes, "status")
                .and_then(Value::as_str)
                .and_then(ResponseStatus::from_id)?;
            if !(status.is_positive() || status.is_negative()) {
                return None;
            }
            let on = new_value(&entry.changes, "status_date")
                .and_then(Value::as_str)
                .and_then(day_of)
                .unwrap_or(day);
            Some((on, response_title(entry, names, &[])))
        }
        ("follow_up", "update") => {
            let done = new_value(&entry.changes, "done_on")
                .and_then(Value::as_str)
                .and_then(day_of)?;
            Some((done, follow_up_title(entry, names)))
        }
        _ => None,
    }
}

/// A whole history as it reads, in the order given.
pub fn readable_history(entries: &[ChangeEntry], names: &Names) -> Vec<ReadableChange> {
    entries.iter().map(|e| readable(e, names)).collect()
}

/// An entry as plain text for the command line: `when` (the caller's local time, e.g.
/// `06-03-2027 14:30`), the title and who, then each field on its own line:
/// `06-03-2027 14:30  Rabobank: afgewezen — onvoldoende zekerheden  (door Jan, via de app)`.
pub fn as_text(change: &ReadableChange, when: &str, lang: &str) -> String {
    let (by, via_word) = if lang == "en" {
        ("by", "via")
    } else {
        ("door", "via")
    };
    let mut out = format!(
        "{when}  {}  ({by} {}, {via_word} {})",
        change.title.in_lang(lang),
        change.author,
        change.via.in_lang(lang)
    );
    for field in &change.lines {
        let before = field.before.as_ref().map(|b| b.in_lang(lang));
        let after = field.after.as_ref().map(|a| a.in_lang(lang)).unwrap_or("—");
        let line = match before {
            Some(before) if !change.created => {
                format!("\n    {}: {before} → {after}", field.label.in_lang(lang))
            }
            _ => format!("\n    {}: {after}", field.label.in_lang(lang)),
        };
        out.push_str(&line);
    }
    out
}

/// The taxonomy ids that are no Dutch word: `equity`, `other`, `NH`, `senior_loan`, … (an id
/// such as `lease` or `start` is also the Dutch label, and reads as a word).
fn code_only_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    let mut words: std::collections::HashSet<String> = std::collections::HashSet::new();
    for list in List::ALL {
        for id in list.ids() {
            ids.push(id);
            let label = list.label(id).map(|label| label.nl).unwrap_or_default();
            for word in label.split(|c: char| !c.is_alphanumeric()) {
                words.insert(word.to_lowercase());
            }
        }
    }
    // `NL` is also part of financiers' names ("Oost NL", "Invest-NL").
    ids.into_iter()
        .filter(|id| !words.contains(&id.to_lowercase()) && *id != "NL")
        .collect()
}

fn is_iso_date(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

fn is_uuid(token: &str) -> bool {
    let parts: Vec<&str> = token.split('-').collect();
    parts.len() == 5
        && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What in Dutch `text` reads as a stored id or code rather than as words: `snake_case` ids,
/// taxonomy codes that are no Dutch word (`NH`, `equity`), ISO dates (`2027-03-06`) and
/// UUIDs. The tests that check the timeline, the UI texts and the documents for untranslated
/// values use it.
pub fn raw_codes(text: &str) -> Vec<String> {
    scan(text, true)
}

/// [`raw_codes`] for English text: ids, ISO dates and UUIDs (a taxonomy id such as `planned`
/// is also an English word).
pub fn raw_codes_en(text: &str) -> Vec<String> {
    scan(text, false)
}

fn scan(text: &str, taxonomy: bool) -> Vec<String> {
    let codes = if taxonomy {
        code_only_ids()
    } else {
        Vec::new()
    };
    let mut found = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || ",.;:()[]{}\"'«»/|<>=?!…—–".contains(c))
    {
        let token = token.trim_matches(|c: char| c == '-' || c == '*');
        if token.is_empty() {
            continue;
        }
        let snake = token.contains('_')
            && token
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && token.chars().any(|c| c.is_ascii_lowercase());
        if snake || is_iso_date(token) || is_uuid(token) || codes.contains(&token) {
            found.push(token.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(entity: &str, action: &str, changes: Value) -> ChangeEntry {
        ChangeEntry {
            id: "e1".into(),
            entity: entity.into(),
            entity_id: "x1".into(),
            action: action.into(),
            changes,
            at: "2026-09-06T12:30:00Z".into(),
            author: "Jan".into(),
            source: WriteSource::Ui,
        }
    }

    fn names() -> Names {
        let mut names = Names::default();
        names.financiers.insert("f1".into(), "Rabobank".into());
        names.instruments.insert("i1".into(), "MKB-krediet".into());
        names.meetings.insert(
            "m1".into(),
            (
                "Tafel september".into(),
                NaiveDate::from_ymd_opt(2026, 9, 10).expect("day"),
            ),
        );
        names.cases.insert("c1".into(), "2026-0001".into());
        names
    }

    #[test]
    fn a_decline_reads_as_a_sentence() {
        let e = entry(
            "response",
            "update",
            json!({"status": ["summary_sent", "declined"], "decline_reason": [null, "insufficient_collateral"], "financier": [null, "Rabobank"], "case_id": ["c1", "c1"]}),
        );
        let r = readable(&e, &names());
        assert_eq!(r.title.nl, "Rabobank: afgewezen — onvoldoende zekerheden");
        assert_eq!(r.title.en, "Rabobank: declined — insufficient collateral");
        let status = r
            .lines
            .iter()
            .find(|f| f.field == "status")
            .expect("status line");
        assert_eq!(
            status.before.as_ref().map(|b| b.nl.as_str()),
            Some("Samenvatting verstuurd")
        );
        assert!(r.lines.iter().all(|f| f.field != "case_id"));
    }

    #[test]
    fn a_follow_up_reads_with_its_months_and_day() {
        let e = entry(
            "follow_up",
            "create",
            json!({"case_id": [null, "c1"], "months": [null, 6], "due_on": [null, "2027-03-06"]}),
        );
        let r = readable(&e, &names());
        assert_eq!(r.title.nl, "Follow-up na 6 maanden gepland op 06-03-2027");
        assert!(r.created);
    }

    #[test]
    fn an_export_names_its_document_and_file() {
        let e = entry(
            "case",
            "export_pdf",
            json!({"export": [null, {"document": "case_summary", "version": "anonymised", "lang": "nl", "file": "casus.pdf"}]}),
        );
        let r = readable(&e, &names());
        assert_eq!(
            r.title.nl,
            "Geanonimiseerd casusoverzicht geëxporteerd naar casus.pdf"
        );
        assert!(r.lines.is_empty());
    }

    #[test]
    fn a_tranche_is_committed_not_asked() {
        let e = entry(
            "package_tranche",
            "create",
            json!({"financier": [null, "Rabobank"], "amount_cents": [null, 25_000_000], "capital_type": [null, "senior_loan"], "instrument_id": [null, "i1"]}),
        );
        let r = readable(&e, &names());
        assert_eq!(
            r.title.nl,
            "Rabobank zegt € 250.000 bancaire (investerings)lening toe"
        );
        let amount = r
            .lines
            .iter()
            .find(|f| f.field == "amount_cents")
            .expect("amount");
        assert_eq!(amount.label.nl, "Toegezegd bedrag");
        assert_eq!(
            amount.after.as_ref().map(|a| a.nl.as_str()),
            Some("€ 250.000")
        );
    }

    #[test]
    fn legal_forms_read_as_written() {
        assert_eq!(legal_form_label("bv"), "B.V.");
        assert_eq!(legal_form_label("cooperatie"), "Coöperatie");
        assert_eq!(legal_form_label("Holding"), "Holding");
    }

    #[test]
    fn a_status_change_names_the_new_status() {
        let e = entry(
            "case",
            "update",
            json!({"status": ["intake", "ready"], "outcome_on": [null, null], "next_action_due": ["2026-09-01", "2026-10-01"]}),
        );
        let r = readable(&e, &names());
        assert_eq!(r.title.nl, "Status: Gereed voor tafel; ook actie uiterlijk");
        let due = r
            .lines
            .iter()
            .find(|f| f.field == "next_action_due")
            .expect("due");
        assert_eq!(
            due.after.as_ref().map(|a| a.nl.as_str()),
            Some("01-10-2026")
        );
    }
    /// Sample stored values of a kind: every taxonomy value of a list, ids the names know and
    /// ids they do not.
    fn samples(kind: Kind) -> Vec<Value> {
        use Kind::*;
        let ids = |list: List| -> Vec<Value> {
            let all: Vec<&str> = list.ids();
            all.into_iter().map(|id| json!(id)).collect()
        };
        let uuid = "0192f3a4-5b6c-7d8e-9f00-112233445566";
        match kind {
            Hidden | Text => vec![json!("Bakkerij Zonnedauw"), json!(12)],
            Money => vec![json!(125_000_000), json!(-5_000)],
            Date => vec![json!("2027-03-06")],
            DateTime => vec![json!("2026-09-06T12:30:00.123Z"), json!("2027-03-06T14:00")],
            Number | Year | Months | Minutes => vec![json!(6), json!(12_500)],
            Bool => vec![json!(true), json!(false)],
            Taxonomy(list) => ids(list),
            Taxonomies(list) => vec![Value::Array(ids(list))],
            Financier => vec![json!("f1"), json!(uuid), json!(["f1", uuid])],
            Instrument => vec![json!("i1"), json!(uuid)],
            Meeting => vec![json!("m1"), json!(uuid)],
            Case => vec![json!(["c1", uuid])],
            Companies => vec![json!([uuid, uuid])],
            LegalForm => vec![json!("bv"), json!("cooperatie"), json!("eenmanszaak")],
            Tranches => vec![
                json!([{"financier": "Rabobank", "instrument_id": "i1", "capital_type": "senior_loan", "amount_cents": 40_800_000, "guarantee": {"instrument_id": uuid, "guaranteed_cents": 100}}]),
            ],
            Rules => vec![json!([{"max_share_of_need_pct": 50}, "requires_co_investor"])],
            Export => vec![
                json!({"document": "case_summary", "version": "named", "lang": "en", "file": "casus.pdf"}),
                json!({"format": "xlsx", "rows": 3, "file": "lijst.xlsx"}),
            ],
            AgendaOrder => vec![json!(["c1", uuid])],
            Filter => vec![json!(["in_assessment"])],
        }
    }

    /// The Dutch and the English text of a change.
    fn all_text(r: &ReadableChange) -> (String, String) {
        let mut nl = format!("{} | {}", r.title.nl, r.via.nl);
        let mut en = format!("{} | {}", r.title.en, r.via.en);
        for f in &r.lines {
            for label in [Some(&f.label), f.before.as_ref(), f.after.as_ref()]
                .into_iter()
                .flatten()
            {
                nl.push_str(&format!(" | {}", label.nl));
                en.push_str(&format!(" | {}", label.en));
            }
        }
        (nl, en)
    }

    #[test]
    fn every_field_of_every_entity_reads_without_ids_or_codes() {
        let names = names();
        let actions = [
            "create",
            "update",
            "delete",
            "export_pdf",
            "agenda_add",
            "minutes",
            "company",
            "retention",
            "received_referral",
        ];
        let mut checked = 0;
        for (entity, key, nl, en, kind) in FIELDS {
            assert!(
                *kind == Kind::Hidden || (!nl.is_empty() && !en.is_empty()),
                "{entity}.{key} has a label"
            );
            let entities: Vec<&str> = if *entity == "*" {
                vec!["case", "response", "meeting", "instrument", "erasure"]
            } else {
                vec![entity]
            };
            for entity in entities {
                for value in samples(*kind) {
                    for action in actions {
                        for changes in [
                            json!({ *key: [null, value.clone()] }),
                            json!({ *key: [value.clone(), null] }),
                            json!({ *key: [value.clone(), value.clone()] }),
                        ] {
                            let r = readable(&entry(entity, action, changes.clone()), &names);
                            let (nl, en) = all_text(&r);
                            assert!(
                                raw_codes(&nl).is_empty(),
                                "{entity}.{key} {action} {changes}: {:?} in {nl}",
                                raw_codes(&nl)
                            );
                            assert!(
                                raw_codes_en(&en).is_empty(),
                                "{entity}.{key} {action} {changes}: {:?} in {en}",
                                raw_codes_en(&en)
                            );
                            assert!(
                                !r.title.nl.is_empty() && r.title.nl != "Wijziging",
                                "{entity}.{action} has a title: {nl}"
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 5_000, "{checked}");
    }

    #[test]
    fn the_scanner_finds_ids_codes_and_iso_dates() {
        assert_eq!(
            raw_codes("months: 12, outcome_on 2027-03-06"),
            vec!["outcome_on", "2027-03-06"]
        );
        assert_eq!(
            raw_codes("Provincie: NH; soort: equity"),
            vec!["NH", "equity"]
        );
        assert_eq!(
            raw_codes("id 0192f3a4-5b6c-7d8e-9f00-112233445566"),
            vec!["0192f3a4-5b6c-7d8e-9f00-112233445566"]
        );
        assert!(
            raw_codes("Rabobank: afgewezen — onvoldoende zekerheden, 06-03-2027, lease, Invest-NL")
                .is_empty()
        );
    }
}
