//! Case and company input as people and scripts write it, and its validation.
//!
//! Drafts keep raw values (strings, numbers) so every mistake gets a specific
//! Dutch message instead of a parser's generic complaint.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{Case, Company};
use super::money::{self, AmountError};
use super::taxonomy::*;
use super::validation::{FieldError, Problems, normalise_kvk};

/// Company details of a case as typed or imported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
#[ts(export)]
pub struct CompanyDraft {
    /// Registered name (required).
    pub name: Option<String>,
    /// KvK number, 8 digits.
    pub kvk: Option<String>,
    /// Legal form.
    pub legal_form: Option<String>,
    /// Founding year (number or text).
    #[ts(type = "number | string | null")]
    pub founding_year: Option<serde_json::Value>,
    /// Province code (required), e.g. `UT`.
    pub province: Option<String>,
    /// Municipality.
    pub municipality: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact e-mail.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Employees (number or text).
    #[ts(type = "number | string | null")]
    pub employees: Option<serde_json::Value>,
    /// Yearly turnover in euros (number or text such as "1,2 mln").
    #[ts(type = "number | string | null")]
    pub turnover_eur: Option<serde_json::Value>,
    /// Equity in euros (number or text); may be negative.
    #[ts(type = "number | string | null")]
    pub equity_eur: Option<serde_json::Value>,
    /// A natural person (eenmanszaak).
    pub natural_person: Option<bool>,
}

/// A case as typed in the UI or written by a script (`tafel case add --json`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
#[ts(export)]
pub struct CaseDraft {
    /// The company (required).
    pub company: Option<CompanyDraft>,
    /// Amount needed in euros: a number, or text such as "1,2 mln", "€ 850.000", "850k".
    #[ts(type = "number | string | null")]
    pub amount_eur: Option<serde_json::Value>,
    /// `purpose` id (required).
    pub purpose: Option<String>,
    /// `stage` id (required).
    pub stage: Option<String>,
    /// `sector` id (required).
    pub sector: Option<String>,
    /// SBI code.
    pub sbi_code: Option<String>,
    /// `capital_type` ids, one or more (required).
    pub capital_types: Option<Vec<String>>,
    /// `source` id; default `other`.
    pub source: Option<String>,
    /// Referring organisation.
    pub referrer: Option<String>,
    /// Earlier declines.
    pub earlier_declines: Option<String>,
    /// `disclosure` id; default `public_summary` (only the anonymised summary is shared).
    pub disclosure: Option<String>,
    /// Financier ids the entrepreneur consented to.
    pub consent_financier_ids: Option<Vec<String>>,
    /// Consent given on (YYYY-MM-DD or DD-MM-YYYY).
    pub consent_from: Option<String>,
    /// Consent ends on.
    pub consent_until: Option<String>,
    /// `case_status` id; default `intake`.
    pub status: Option<String>,
    /// Coordinator who owns the case.
    pub owner: Option<String>,
    /// Next action.
    pub next_action: Option<String>,
    /// Next action due date.
    pub next_action_due: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// An anonymised description of the business, written for sharing (at most
    /// [`MAX_PITCH_CHARS`] characters; it may not name the company).
    pub pitch: Option<String>,
    /// Intake date; default today.
    pub intake_date: Option<String>,
}

/// The longest pitch: a few sentences that fit on a slide.
pub const MAX_PITCH_CHARS: usize = 600;

/// A validated company.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCompany {
    /// Name.
    pub name: String,
    /// KvK number (8 digits).
    pub kvk: Option<String>,
    /// Legal form.
    pub legal_form: Option<String>,
    /// Founding year.
    pub founding_year: Option<i32>,
    /// Province.
    pub province: Province,
    /// Municipality.
    pub municipality: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact e-mail.
    pub contact_email: Option<String>,
    /// Contact phone.
    pub contact_phone: Option<String>,
    /// Employees.
    pub employees: Option<i32>,
    /// Turnover in cents.
    pub turnover_cents: Option<i64>,
    /// Equity in cents.
    pub equity_cents: Option<i64>,
    /// Natural person.
    pub natural_person: bool,
}

/// A validated case, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCase {
    /// The company.
    pub company: NewCompany,
    /// Amount in cents.
    pub amount_cents: i64,
    /// Purpose.
    pub purpose: Purpose,
    /// Stage.
    pub stage: Stage,
    /// Sector.
    pub sector: Sector,
    /// SBI code.
    pub sbi_code: Option<String>,
    /// Capital types, de-duplicated, in taxonomy order.
    pub capital_types: Vec<CapitalType>,
    /// Source.
    pub source: CaseSource,
    /// Referrer.
    pub referrer: Option<String>,
    /// Earlier declines.
    pub earlier_declines: Option<String>,
    /// Disclosure.
    pub disclosure: Disclosure,
    /// Consented financier ids.
    pub consent_financier_ids: Vec<String>,
    /// Consent from.
    pub consent_from: Option<NaiveDate>,
    /// Consent until.
    pub consent_until: Option<NaiveDate>,
    /// Status.
    pub status: CaseStatus,
    /// Owner.
    pub owner: Option<String>,
    /// Next action.
    pub next_action: Option<String>,
    /// Next action due.
    pub next_action_due: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// The pitch written for sharing.
    pub pitch: Option<String>,
    /// Intake date.
    pub intake_date: NaiveDate,
}

/// Parses a date as `YYYY-MM-DD` or the Dutch `DD-MM-YYYY` (also with `/` or `.`, one separator
/// throughout); day and month may have one digit, the year has four (`01-02-26` is no date, not
/// 26 February of the year 1).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let text = raw.trim();
    let digits = |part: &str, min: usize, max: usize| {
        (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let date = |y: &str, m: &str, d: &str| {
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    if let [y, m, d] = text.split('-').collect::<Vec<_>>()[..]
        && digits(y, 4, 4)
        && digits(m, 1, 2)
        && digits(d, 1, 2)
    {
        return date(y, m, d);
    }
    for separator in ['-', '/', '.'] {
        if let [d, m, y] = text.split(separator).collect::<Vec<_>>()[..]
            && digits(d, 1, 2)
            && digits(m, 1, 2)
            && digits(y, 4, 4)
        {
            return date(y, m, d);
        }
    }
    None
}

/// Trims text, without NUL characters; empty becomes `None`.
///
/// A NUL is never meant (a damaged sheet or a script's bytes) and SQLite's text functions stop
/// at one: a name of NULs passed validation but broke the database's `length(trim(name)) > 0`
/// check, so one such register row failed the whole import with a database error.
pub fn clean(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .map(|t| t.replace('\0', "").trim().to_string())
        .filter(|t| !t.is_empty())
}

fn value_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s.trim().is_empty() => None,
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        other => Some(other.to_string()),
    }
}

fn taxonomy_value<T: Copy>(
    problems: &mut Problems,
    field: &str,
    raw: &Option<String>,
    parse: fn(&str) -> Option<T>,
    labels: (&str, &str),
    default: Option<T>,
) -> Option<T> {
    match clean(raw) {
        None => {
            if default.is_none() {
                problems.required(field, labels.0, labels.1);
            }
            default
        }
        Some(id) => {
            let found = parse(&id);
            if found.is_none() {
                problems.unknown_value(field, labels, &id);
            }
            found
        }
    }
}

pub(super) fn amount_field(
    problems: &mut Problems,
    field: &str,
    value: &Option<serde_json::Value>,
    label: (&str, &str),
) -> Option<i64> {
    let value = value.as_ref()?;
    let result = match value {
        serde_json::Value::Null => return None,
        serde_json::Value::Number(n) => money::euros_to_cents(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) if s.trim().is_empty() => return None,
        serde_json::Value::String(s) => money::parse_euros(s),
        _ => Err(AmountError::NotANumber),
    };
    match result {
        Ok(cents) => Some(cents),
        Err(err) => {
            let shown = value_text(value).unwrap_or_default();
            let (nl, en) = match err {
                AmountError::NotANumber => (
                    format!(
                        "{} \"{shown}\" is geen bedrag in euro's; schrijf bijvoorbeeld 850000, € 850.000, 850k of 1,2 mln.",
                        label.0
                    ),
                    format!(
                        "{} \"{shown}\" is not an amount in euros; write e.g. 850000, € 850.000, 850k or 1,2 mln.",
                        label.1
                    ),
                ),
                AmountError::NotPositive => (
                    format!("{} moet groter zijn dan € 0.", label.0),
                    format!("{} must be more than € 0.", label.1),
                ),
                AmountError::TooLarge => (
                    format!(
                        "{} is onwaarschijnlijk groot (meer dan € 10 miljard).",
                        label.0
                    ),
                    format!("{} is implausibly large (over € 10 billion).", label.1),
                ),
            };
            problems.add(field, err.code(), nl, en);
            None
        }
    }
}

/// An amount that may be zero, and negative where `allow_negative` (equity can be).
fn figure_field(
    problems: &mut Problems,
    field: &str,
    value: &Option<serde_json::Value>,
    label: (&str, &str),
    allow_negative: bool,
) -> Option<i64> {
    let text = value.as_ref().and_then(value_text)?;
    let negative = text.replace(['€', ' '], "").starts_with('-');
    let magnitude = text.replacen('-', "", 1);
    if negative && !allow_negative {
        problems.add(
            field,
            "amount_negative",
            format!("{} kan niet negatief zijn.", label.0),
            format!("{} cannot be negative.", label.1),
        );
        return None;
    }
    if money::parse_euros(&magnitude) == Err(AmountError::NotPositive) {
        return Some(0);
    }
    let cents = amount_field(
        problems,
        field,
        &Some(serde_json::Value::String(magnitude)),
        label,
    )?;
    Some(if negative { -cents } else { cents })
}

fn whole_number(
    problems: &mut Problems,
    field: &str,
    value: &Option<serde_json::Value>,
    label: (&str, &str),
    range: (i64, i64),
) -> Option<i32> {
    let text = value.as_ref().and_then(value_text)?;
    let parsed = text
        .replace('.', "")
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= range.0 && *n <= range.1);
    if parsed.is_none() {
        problems.add(
            field,
            "number_range",
            format!(
                "{} moet een heel getal van {} tot en met {} zijn (ingevuld: \"{text}\").",
                label.0, range.0, range.1
            ),
            format!(
                "{} must be a whole number from {} to {} (given: \"{text}\").",
                label.1, range.0, range.1
            ),
        );
    }
    parsed.and_then(|n| i32::try_from(n).ok())
}

pub(super) fn date_field(
    problems: &mut Problems,
    field: &str,
    raw: &Option<String>,
    label: (&str, &str),
) -> Option<NaiveDate> {
    let text = clean(raw)?;
    let parsed = parse_date(&text).filter(|d| (1900..=2200).contains(&d.year()));
    if parsed.is_none() {
        problems.add(
            field,
            "date_invalid",
            format!(
                "{} \"{text}\" is geen bestaande datum; gebruik dd-mm-jjjj.",
                label.0
            ),
            format!(
                "{} \"{text}\" is not a real date; use dd-mm-yyyy or yyyy-mm-dd.",
                label.1
            ),
        );
    }
    parsed
}

impl CompanyDraft {
    /// Checks every field; `prefix` is the path shown in errors (`company`).
    pub fn validate_into(
        &self,
        problems: &mut Problems,
        prefix: &str,
        today: NaiveDate,
    ) -> Option<NewCompany> {
        let f = |name: &str| format!("{prefix}.{name}");
        let name = clean(&self.name);
        if name.is_none() {
            problems.required(&f("name"), "Bedrijfsnaam", "Company name");
        }
        let kvk = match clean(&self.kvk) {
            None => None,
            Some(raw) => match normalise_kvk(&raw) {
                Ok(kvk) => Some(kvk),
                Err((code, nl, en)) => {
                    problems.add(&f("kvk"), code, nl, en);
                    None
                }
            },
        };
        let province = taxonomy_value(
            problems,
            &f("province"),
            &self.province,
            Province::from_id_loose,
            ("Provincie", "Province"),
            None,
        );
        let founding_year = whole_number(
            problems,
            &f("founding_year"),
            &self.founding_year,
            ("Oprichtingsjaar", "Founding year"),
            (1800, i64::from(today.year())),
        );
        let employees = whole_number(
            problems,
            &f("employees"),
            &self.employees,
            ("Aantal medewerkers", "Employees"),
            (0, 1_000_000),
        );
        let turnover_cents = figure_field(
            problems,
            &f("turnover_eur"),
            &self.turnover_eur,
            ("Omzet", "Turnover"),
            false,
        );
        let equity_cents = figure_field(
            problems,
            &f("equity_eur"),
            &self.equity_eur,
            ("Eigen vermogen", "Equity"),
            true,
        );
        let email = clean(&self.contact_email);
        if let Some(email) = &email
            && (!email.contains('@') || email.starts_with('@') || email.ends_with('@'))
        {
            problems.add(
                &f("contact_email"),
                "email_format",
                format!("E-mailadres \"{email}\" is ongeldig."),
                format!("E-mail address \"{email}\" is invalid."),
            );
        }
        Some(NewCompany {
            name: name?,
            kvk,
            legal_form: clean(&self.legal_form).map(|f| super::anonymise::legal_form_label(&f)),
            founding_year,
            province: province?,
            municipality: clean(&self.municipality),
            address: clean(&self.address),
            contact_name: clean(&self.contact_name),
            contact_email: email,
            contact_phone: clean(&self.contact_phone),
            employees,
            turnover_cents,
            equity_cents,
            natural_person: self.natural_person.unwrap_or(false),
        })
    }

    /// The draft that reproduces a stored company.
    pub fn from_company(company: &Company) -> Self {
        CompanyDraft {
            name: Some(company.name.clone()),
            kvk: company.kvk.clone(),
            legal_form: company.legal_form.clone(),
            founding_year: company.founding_year.map(|y| y.into()),
            province: Some(company.province.id().into()),
            municipality: company.municipality.clone(),
            address: company.address.clone(),
            contact_name: company.contact_name.clone(),
            contact_email: company.contact_email.clone(),
            contact_phone: company.contact_phone.clone(),
            employees: company.employees.map(|e| e.into()),
            turnover_eur: company.turnover_cents.map(cents_json),
            equity_eur: company.equity_cents.map(cents_json),
            natural_person: Some(company.natural_person),
        }
    }
}

fn cents_json(cents: i64) -> serde_json::Value {
    if cents % 100 == 0 {
        (cents / 100).into()
    } else {
        serde_json::json!(cents as f64 / 100.0)
    }
}

impl Province {
    /// Parses a province code or name, case-insensitively ("ut", "Utrecht", "Friesland").
    pub fn from_id_loose(raw: &str) -> Option<Province> {
        let wanted = raw.trim().to_lowercase();
        if wanted == "friesland" {
            return Some(Province::FR);
        }
        Province::ALL.iter().copied().find(|p| {
            p.id().eq_ignore_ascii_case(&wanted)
                || p.label_nl().to_lowercase() == wanted
                || p.label_en().to_lowercase() == wanted
        })
    }
}

impl CaseDraft {
    /// Checks every field and returns the case to store, or every problem found.
    pub fn validate(&self, today: NaiveDate) -> Result<NewCase, Vec<FieldError>> {
        let mut problems = Problems::default();
        let company = match &self.company {
            Some(company) => company.validate_into(&mut problems, "company", today),
            None => {
                problems.required("company.name", "Bedrijfsnaam", "Company name");
                problems.required("company.province", "Provincie", "Province");
                None
            }
        };
        let amount_cents = amount_field(
            &mut problems,
            "amount_eur",
            &self.amount_eur,
            ("Gevraagd bedrag", "Amount needed"),
        );
        if amount_cents.is_none() && self.amount_eur.as_ref().and_then(value_text).is_none() {
            problems.required("amount_eur", "Gevraagd bedrag", "Amount needed");
        }
        let purpose = taxonomy_value(
            &mut problems,
            "purpose",
            &self.purpose,
            Purpose::from_id,
            ("Doel", "Purpose"),
            None,
        );
        let stage = taxonomy_value(
            &mut problems,
            "stage",
            &self.stage,
            Stage::from_id,
            ("Fase", "Stage"),
            None,
        );
        let sector = taxonomy_value(
            &mut problems,
            "sector",
            &self.sector,
            Sector::from_id,
            ("Sector", "Sector"),
            None,
        );
        let source = taxonomy_value(
            &mut problems,
            "source",
            &self.source,
            CaseSource::from_id,
            ("Bron", "Source"),
            Some(CaseSource::Other),
        );
        let disclosure = taxonomy_value(
            &mut problems,
            "disclosure",
            &self.disclosure,
            Disclosure::from_id,
            ("Vertrouwelijkheid", "Disclosure"),
            Some(Disclosure::PublicSummary),
        );
        let status = taxonomy_value(
            &mut problems,
            "status",
            &self.status,
            CaseStatus::from_id,
            ("Status", "Status"),
            Some(CaseStatus::Intake),
        );

        let mut capital_types = Vec::new();
        for raw in self.capital_types.iter().flatten() {
            match CapitalType::from_id(raw.trim()) {
                Some(ct) => capital_types.push(ct),
                None => problems.unknown_value(
                    "capital_types",
                    ("Kapitaalsoort", "Capital type"),
                    raw.trim(),
                ),
            }
        }
        capital_types.sort();
        capital_types.dedup();
        if capital_types.is_empty() && self.capital_types.iter().flatten().count() == 0 {
            problems.add(
                "capital_types",
                "required",
                "Kies ten minste één kapitaalsoort.",
                "Choose at least one capital type.",
            );
        }

        let intake_date = date_field(
            &mut problems,
            "intake_date",
            &self.intake_date,
            ("Intakedatum", "Intake date"),
        );
        if let Some(date) = intake_date
            && date > today
        {
            problems.add(
                "intake_date",
                "date_in_future",
                "Intakedatum kan niet in de toekomst liggen.",
                "Intake date cannot be in the future.",
            );
        }
        let consent_from = date_field(
            &mut problems,
            "consent_from",
            &self.consent_from,
            ("Toestemming vanaf", "Consent from"),
        );
        let consent_until = date_field(
            &mut problems,
            "consent_until",
            &self.consent_until,
            ("Toestemming tot", "Consent until"),
        );
        if let (Some(from), Some(until)) = (consent_from, consent_until)
            && until <= from
        {
            problems.add(
                "consent_until",
                "consent_order",
                "Einddatum van de toestemming moet na de begindatum liggen.",
                "Consent must end after it starts.",
            );
        }
        let next_action_due = date_field(
            &mut problems,
            "next_action_due",
            &self.next_action_due,
            ("Actie uiterlijk", "Next action due"),
        );

        let sbi_code = clean(&self.sbi_code);
        if let Some(sbi) = &sbi_code {
            let digits = sbi.replace('.', "");
            if !(2..=5).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
                problems.add(
                    "sbi_code",
                    "sbi_format",
                    format!("SBI-code \"{sbi}\" moet uit 2 tot 5 cijfers bestaan."),
                    format!("SBI code \"{sbi}\" must have 2 to 5 digits."),
                );
            }
        }

        let pitch = clean(&self.pitch);
        if let Some(text) = &pitch {
            check_pitch(&mut problems, text, company.as_ref());
        }

        let consent_financier_ids = self.consent_financier_ids.clone().unwrap_or_default();
        let draft = (
            company,
            amount_cents,
            purpose,
            stage,
            sector,
            source,
            disclosure,
            status,
        );
        let (
            Some(company),
            Some(amount_cents),
            Some(purpose),
            Some(stage),
            Some(sector),
            Some(source),
            Some(disclosure),
            Some(status),
        ) = draft
        else {
            return Err(problems.into_errors());
        };
        problems.finish(NewCase {
            company,
            amount_cents,
            purpose,
            stage,
            sector,
            sbi_code,
            capital_types,
            source,
            referrer: clean(&self.referrer),
            earlier_declines: clean(&self.earlier_declines),
            disclosure,
            consent_financier_ids,
            consent_from,
            consent_until,
            status,
            owner: clean(&self.owner),
            next_action: clean(&self.next_action),
            next_action_due,
            notes: clean(&self.notes),
            pitch,
            intake_date: intake_date.unwrap_or(today),
        })
    }

    /// The draft that reproduces a stored case; updates merge a patch into it.
    pub fn from_case(case: &Case) -> Self {
        let date = |d: &Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        CaseDraft {
            company: Some(CompanyDraft::from_company(&case.company)),
            amount_eur: Some(cents_json(case.amount_cents)),
            purpose: Some(case.purpose.id().into()),
            stage: Some(case.stage.id().into()),
            sector: Some(case.sector.id().into()),
            sbi_code: case.sbi_code.clone(),
            capital_types: Some(
                case.capital_types
                    .iter()
                    .map(|c| c.id().to_string())
                    .collect(),
            ),
            source: Some(case.source.id().into()),
            referrer: case.referrer.clone(),
            earlier_declines: case.earlier_declines.clone(),
            disclosure: Some(case.disclosure.id().into()),
            consent_financier_ids: Some(case.consent_financier_ids.clone()),
            consent_from: date(&case.consent_from),
            consent_until: date(&case.consent_until),
            status: Some(case.status.id().into()),
            owner: case.owner.clone(),
            next_action: case.next_action.clone(),
            next_action_due: date(&case.next_action_due),
            notes: case.notes.clone(),
            pitch: case.pitch.clone(),
            intake_date: Some(case.intake_date.format("%Y-%m-%d").to_string()),
        }
    }
}

/// Words of a company name that say its legal form, not who it is.
const LEGAL_FORM_WORDS: &[&str] = &[
    "bv",
    "b.v",
    "nv",
    "n.v",
    "vof",
    "v.o.f",
    "cv",
    "c.v",
    "holding",
    "eenmanszaak",
];

/// A pitch is shown to the whole table: a few sentences, and nothing that names the company
/// (its name, KvK number, address or contact person).
fn check_pitch(problems: &mut Problems, text: &str, company: Option<&NewCompany>) {
    if text.chars().count() > MAX_PITCH_CHARS {
        problems.add(
            "pitch",
            "pitch_too_long",
            format!(
                "De pitch is hoogstens {MAX_PITCH_CHARS} tekens (nu {}); houd hem kort genoeg voor één dia.",
                text.chars().count()
            ),
            format!(
                "The pitch is at most {MAX_PITCH_CHARS} characters (now {}); keep it short enough for one slide.",
                text.chars().count()
            ),
        );
    }
    let Some(company) = company else {
        return;
    };
    let lower = text.to_lowercase();
    // The name without its legal form: "Bakkerij Zonnedauw BV" is named by "Bakkerij Zonnedauw".
    let name = company
        .name
        .split_whitespace()
        .filter(|word| {
            !LEGAL_FORM_WORDS.contains(
                &word
                    .to_lowercase()
                    .trim_matches(|c: char| c == ',' || c == '.'),
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let identifying = [
        ("de bedrijfsnaam", "the company's name", Some(name.as_str())),
        ("het KvK-nummer", "the KvK number", company.kvk.as_deref()),
        ("het adres", "the address", company.address.as_deref()),
        (
            "de contactpersoon",
            "the contact person",
            company.contact_name.as_deref(),
        ),
        (
            "de plaats",
            "the municipality",
            company.municipality.as_deref(),
        ),
    ];
    for (nl, en, value) in identifying {
        let Some(value) = value.map(str::trim).filter(|v| v.chars().count() >= 3) else {
            continue;
        };
        if lower.contains(&value.to_lowercase()) {
            problems.add(
                "pitch",
                "pitch_identifies",
                format!("De pitch wordt gedeeld met de hele tafel en noemt {nl} (\"{value}\"); beschrijf het bedrijf zonder het te noemen."),
                format!("The pitch is shared with the whole table and names {en} (\"{value}\"); describe the business without naming it."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, parse_date};

    /// The vectors the UI's date parser (`ui/src/lib/format.ts`, `parseDay`) is tested against too.
    #[test]
    fn reads_the_shared_date_vectors_as_the_ui_does() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/test-vectors/dates.json"))
                .expect("dates.json is JSON");
        let vectors = file["vectors"].as_array().expect("vectors");
        assert!(vectors.len() >= 20, "{} vectors", vectors.len());
        let mut wrong = Vec::new();
        for v in vectors {
            let input = v["input"].as_str().expect("input");
            let want = v["date"].as_str().map(str::to_string);
            let got = parse_date(input).map(|d| d.to_string());
            if got != want {
                wrong.push(format!("{input:?}: want {want:?}, got {got:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn clean_trims_and_drops_nul_characters() {
        assert_eq!(
            clean(&Some("  Qredits ".into())).as_deref(),
            Some("Qredits")
        );
        assert_eq!(clean(&Some("\0\0 \0".into())), None);
        assert_eq!(clean(&Some("Q\0redits".into())).as_deref(), Some("Qredits"));
        assert_eq!(clean(&None), None);
    }
}
