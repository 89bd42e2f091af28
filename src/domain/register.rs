//! The register as people edit it (financiers, instruments, contacts) and as files
//! carry it (one row per instrument), with one validation for both.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::draft::{clean, parse_date};
use super::money;
use super::taxonomy::*;
use super::validation::{FieldError, Problems};

/// A financier as typed in the register form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
#[ts(export)]
pub struct FinancierDraft {
    /// Name (required, unique).
    pub name: Option<String>,
    /// `financier_type` id (required).
    pub financier_type: Option<String>,
    /// Region ids: `NL` or province codes (at least one).
    pub regions: Vec<String>,
    /// Website.
    pub website: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
}

/// An instrument as typed in the register form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
#[ts(export)]
pub struct InstrumentDraft {
    /// Name of the fund or product (required, unique per financier).
    pub name: Option<String>,
    /// `capital_type` ids (at least one).
    pub capital_types: Vec<String>,
    /// Smallest ticket in euros (number or text); empty when unknown.
    #[ts(type = "number | string | null")]
    pub ticket_min_eur: Option<serde_json::Value>,
    /// Largest ticket in euros (number or text); empty when unknown.
    #[ts(type = "number | string | null")]
    pub ticket_max_eur: Option<serde_json::Value>,
    /// Stage ids; empty for any.
    pub stages: Vec<String>,
    /// Sector ids; empty for any.
    pub sectors: Vec<String>,
    /// `focus` or `exclusive` for the sectors; absent keeps the stored mode (a new instrument:
    /// `exclusive`).
    #[ts(optional)]
    pub sector_mode: Option<String>,
    /// `focus` or `exclusive` for the stages; absent keeps the stored mode (a new instrument:
    /// `exclusive`).
    #[ts(optional)]
    pub stage_mode: Option<String>,
    /// Region ids narrowing the financier's regions; empty for the financier's.
    pub regions: Vec<String>,
    /// Mandate rules as text.
    pub rules: Option<String>,
    /// The rules in English (the English side shows the Dutch when empty).
    pub rules_en: Option<String>,
    /// Where the facts come from.
    pub source_url: Option<String>,
    /// When the facts were last checked (date).
    pub verified_on: Option<String>,
    /// What is uncertain.
    pub uncertainty: Option<String>,
    /// The uncertainty note in English (the English side shows the Dutch when empty).
    pub uncertainty_en: Option<String>,
    /// Structured rules in the notation of [`StructuredRules`](super::StructuredRules);
    /// absent keeps an instrument's rules as they are, empty text removes them.
    #[ts(optional)]
    pub structured_rules: Option<String>,
}

/// A contact person as typed in the register form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields, default)]
#[ts(export)]
pub struct ContactDraft {
    /// Name (required).
    pub name: Option<String>,
    /// Role.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Signed the table's confidentiality pledge.
    pub signed_pledge: Option<bool>,
}

/// A validated financier.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFinancier {
    /// Name.
    pub name: String,
    /// Type.
    pub financier_type: FinancierType,
    /// Regions.
    pub regions: Vec<Region>,
    /// Website.
    pub website: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// A validated instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInstrument {
    /// Name.
    pub name: String,
    /// Capital types.
    pub capital_types: Vec<CapitalType>,
    /// Ticket min in cents.
    pub ticket_min_cents: Option<i64>,
    /// Ticket max in cents.
    pub ticket_max_cents: Option<i64>,
    /// Stages.
    pub stages: Vec<Stage>,
    /// Sectors.
    pub sectors: Vec<Sector>,
    /// How the sectors apply; `None` keeps the stored mode.
    pub sector_mode: Option<ListMode>,
    /// How the stages apply; `None` keeps the stored mode.
    pub stage_mode: Option<ListMode>,
    /// Regions narrowing the financier's.
    pub regions: Vec<Region>,
    /// Rules.
    pub rules: Option<String>,
    /// Rules in English.
    pub rules_en: Option<String>,
    /// Source URL.
    pub source_url: Option<String>,
    /// Verified on.
    pub verified_on: Option<NaiveDate>,
    /// Uncertainty note.
    pub uncertainty: Option<String>,
    /// Uncertainty note in English.
    pub uncertainty_en: Option<String>,
    /// Structured rules; `None` keeps those stored (an edit that does not touch them).
    pub structured_rules: Option<Vec<super::InstrumentRule>>,
}

/// A validated contact.
#[derive(Debug, Clone, PartialEq)]
pub struct NewContact {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Signed the pledge.
    pub signed_pledge: bool,
}

fn list<T: Ord>(
    problems: &mut Problems,
    field: &str,
    raw: &[String],
    parse: fn(&str) -> Option<T>,
    label: (&str, &str),
) -> Vec<T> {
    let mut values = Vec::new();
    for item in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match parse(item) {
            Some(v) => values.push(v),
            None => problems.unknown_value(field, label, item),
        }
    }
    values.sort();
    values.dedup();
    values
}

fn ticket(
    problems: &mut Problems,
    field: &str,
    raw: &Option<serde_json::Value>,
    label: (&str, &str),
) -> Option<i64> {
    let text = match raw.as_ref()? {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    if text.is_empty() {
        return None;
    }
    match money::parse_euros(&text) {
        Ok(cents) => Some(cents),
        Err(_) => {
            problems.add(
                field,
                "amount_format",
                format!("{} \"{text}\" is geen bedrag in euro's.", label.0),
                format!("{} \"{text}\" is not an amount in euros.", label.1),
            );
            None
        }
    }
}

fn list_mode(
    problems: &mut Problems,
    field: &str,
    raw: &Option<String>,
    label: (&str, &str),
) -> Option<ListMode> {
    let text = clean(raw)?;
    let found = ListMode::from_id(&text.to_lowercase());
    if found.is_none() {
        problems.add(
            field,
            "unknown_value",
            format!(
                "{} \"{text}\" is onbekend: kies focus (ook daarbuiten) of alleen deze.",
                label.0
            ),
            format!(
                "{} \"{text}\" is unknown: choose focus (others too) or exclusive (only these).",
                label.1
            ),
        );
    }
    found
}

fn region_id(text: &str) -> Option<Region> {
    Region::from_id(&text.to_uppercase())
}

impl FinancierDraft {
    /// Checks every field; all problems are reported.
    pub fn validate(&self) -> Result<NewFinancier, Vec<FieldError>> {
        let mut problems = Problems::default();
        match self.validate_into(&mut problems) {
            Some(financier) => problems.finish(financier),
            None => Err(problems.into_errors()),
        }
    }

    fn validate_into(&self, problems: &mut Problems) -> Option<NewFinancier> {
        let name = clean(&self.name);
        if name.is_none() {
            problems.required("name", "Naam financier", "Financier name");
        }
        let financier_type = match clean(&self.financier_type) {
            None => {
                problems.required("financier_type", "Type financier", "Financier type");
                None
            }
            Some(id) => {
                let found = FinancierType::from_id(&id);
                if found.is_none() {
                    problems.unknown_value(
                        "financier_type",
                        ("Type financier", "Financier type"),
                        &id,
                    );
                }
                found
            }
        };
        let regions = list(
            problems,
            "regions",
            &self.regions,
            region_id,
            ("Regio", "Region"),
        );
        if self.regions.iter().all(|r| r.trim().is_empty()) {
            problems.required("regions", "Regio", "Region");
        }
        Some(NewFinancier {
            name: name?,
            financier_type: financier_type?,
            regions,
            website: clean(&self.website),
            notes: clean(&self.notes),
        })
    }

    /// The draft that reproduces a stored financier.
    pub fn from_financier(f: &super::Financier) -> Self {
        FinancierDraft {
            name: Some(f.name.clone()),
            financier_type: Some(f.financier_type.id().into()),
            regions: f.regions.iter().map(|r| r.id().to_string()).collect(),
            website: f.website.clone(),
            notes: f.notes.clone(),
        }
    }
}

impl InstrumentDraft {
    /// Checks every field; all problems are reported.
    pub fn validate(&self) -> Result<NewInstrument, Vec<FieldError>> {
        let mut problems = Problems::default();
        let instrument = self.validate_into(&mut problems);
        match instrument {
            Some(i) => problems.finish(i),
            None => Err(problems.into_errors()),
        }
    }

    fn validate_into(&self, problems: &mut Problems) -> Option<NewInstrument> {
        let name = clean(&self.name);
        if name.is_none() {
            problems.required("instrument_name", "Naam instrument", "Instrument name");
        }
        let capital_types = list(
            problems,
            "capital_types",
            &self.capital_types,
            CapitalType::from_id,
            ("Kapitaalsoort", "Capital type"),
        );
        if self.capital_types.iter().all(|c| c.trim().is_empty()) {
            problems.required("capital_types", "Kapitaalsoort", "Capital type");
        }
        let ticket_min_cents = ticket(
            problems,
            "ticket_min_eur",
            &self.ticket_min_eur,
            ("Minimum ticket", "Minimum ticket"),
        );
        let ticket_max_cents = ticket(
            problems,
            "ticket_max_eur",
            &self.ticket_max_eur,
            ("Maximum ticket", "Maximum ticket"),
        );
        if let (Some(min), Some(max)) = (ticket_min_cents, ticket_max_cents)
            && min > max
        {
            problems.add(
                "ticket_max_eur",
                "ticket_order",
                "Maximum ticket is kleiner dan het minimum.",
                "Maximum ticket is below the minimum.",
            );
        }
        let stages = list(
            problems,
            "stages",
            &self.stages,
            Stage::from_id,
            ("Fase", "Stage"),
        );
        let sectors = list(
            problems,
            "sectors",
            &self.sectors,
            Sector::from_id,
            ("Sector", "Sector"),
        );
        let sector_mode = list_mode(
            problems,
            "sector_mode",
            &self.sector_mode,
            ("Sectoren gelden als", "Sector mode"),
        );
        let stage_mode = list_mode(
            problems,
            "stage_mode",
            &self.stage_mode,
            ("Fasen gelden als", "Stage mode"),
        );
        let regions = list(
            problems,
            "instrument_regions",
            &self.regions,
            region_id,
            ("Regio", "Region"),
        );
        let structured_rules = match &self.structured_rules {
            None => None,
            Some(text) => match super::StructuredRules::parse(text) {
                Ok(rules) => Some(rules.0),
                Err(errors) => {
                    for e in errors {
                        problems.add(&e.field, &e.code, e.message, e.message_en);
                    }
                    None
                }
            },
        };
        let verified_on = match clean(&self.verified_on) {
            None => None,
            Some(text) => {
                let date = parse_date(&text);
                if date.is_none() {
                    problems.add(
                        "verified_on",
                        "date_invalid",
                        format!("Verificatiedatum \"{text}\" is geen bestaande datum."),
                        format!("Verification date \"{text}\" is not a real date."),
                    );
                }
                date
            }
        };
        Some(NewInstrument {
            name: name?,
            capital_types,
            ticket_min_cents,
            ticket_max_cents,
            stages,
            sectors,
            sector_mode,
            stage_mode,
            regions,
            rules: clean(&self.rules),
            rules_en: clean(&self.rules_en),
            source_url: clean(&self.source_url),
            verified_on,
            uncertainty: clean(&self.uncertainty),
            uncertainty_en: clean(&self.uncertainty_en),
            structured_rules,
        })
    }

    /// The draft that reproduces a stored instrument.
    pub fn from_instrument(i: &super::Instrument) -> Self {
        let euros = |cents: Option<i64>| cents.map(|c| serde_json::Value::from(c / 100));
        InstrumentDraft {
            name: Some(i.name.clone()),
            capital_types: i.capital_types.iter().map(|c| c.id().to_string()).collect(),
            ticket_min_eur: euros(i.ticket_min_cents),
            ticket_max_eur: euros(i.ticket_max_cents),
            stages: i.stages.iter().map(|s| s.id().to_string()).collect(),
            sectors: i.sectors.iter().map(|s| s.id().to_string()).collect(),
            sector_mode: Some(i.sector_mode.id().to_string()),
            stage_mode: Some(i.stage_mode.id().to_string()),
            regions: i.regions.iter().map(|r| r.id().to_string()).collect(),
            rules: i.rules.clone(),
            rules_en: i.rules_en.clone(),
            source_url: i.source_url.clone(),
            verified_on: i.verified_on.map(|d| d.to_string()),
            uncertainty: i.uncertainty.clone(),
            uncertainty_en: i.uncertainty_en.clone(),
            structured_rules: Some(
                super::StructuredRules(i.structured_rules.clone()).to_notation(),
            ),
        }
    }
}

impl ContactDraft {
    /// Checks every field.
    pub fn validate(&self) -> Result<NewContact, Vec<FieldError>> {
        let mut problems = Problems::default();
        let name = clean(&self.name);
        if name.is_none() {
            problems.required("name", "Naam", "Name");
        }
        let email = clean(&self.email);
        if let Some(email) = &email
            && (!email.contains('@') || email.starts_with('@') || email.ends_with('@'))
        {
            problems.add(
                "email",
                "email_format",
                format!("E-mailadres \"{email}\" is ongeldig."),
                format!("E-mail address \"{email}\" is invalid."),
            );
        }
        let Some(name) = name else {
            return Err(problems.into_errors());
        };
        problems.finish(NewContact {
            name,
            role: clean(&self.role),
            email,
            phone: clean(&self.phone),
            signed_pledge: self.signed_pledge.unwrap_or(false),
        })
    }
}

/// One row of a register file: a financier and one of its instruments.
///
/// The columns of `assets/register/register.csv`; `../shared/domain/register.csv`
/// (without `instrument_name` and `verified_on`) reads as well.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct RegisterRow {
    /// Financier name.
    pub name: Option<String>,
    /// Instrument name; defaults to the financier name.
    pub instrument_name: Option<String>,
    /// `financier_type` id.
    pub financier_type: Option<String>,
    /// Regions, `;`-separated (`NL` or province codes).
    pub regions: Option<String>,
    /// Capital types, `;`-separated.
    pub capital_types: Option<String>,
    /// Smallest ticket in euros; empty when unknown.
    pub ticket_min_eur: Option<String>,
    /// Largest ticket in euros; empty when unknown.
    pub ticket_max_eur: Option<String>,
    /// Stages, `;`-separated; empty for any.
    pub stages: Option<String>,
    /// Sectors, `;`-separated; empty for any.
    pub sectors: Option<String>,
    /// `focus` or `exclusive`: whether the sectors are favoured or a mandate; empty or absent
    /// keeps an instrument's stored mode.
    #[ts(optional)]
    pub sector_mode: Option<String>,
    /// `focus` or `exclusive` for the stages; empty or absent keeps the stored mode.
    #[ts(optional)]
    pub stage_mode: Option<String>,
    /// Mandate rules as text.
    pub rules: Option<String>,
    /// The rules in English; empty or absent: the English side shows the Dutch.
    #[ts(optional)]
    pub rules_en: Option<String>,
    /// Source of the facts.
    pub source_url: Option<String>,
    /// Last verified (date).
    pub verified_on: Option<String>,
    /// What is uncertain.
    pub uncertain: Option<String>,
    /// What is uncertain, in English.
    #[ts(optional)]
    pub uncertain_en: Option<String>,
    /// Structured rules in the notation of [`StructuredRules`](super::StructuredRules); empty or
    /// absent keeps an instrument's stored rules.
    #[ts(optional)]
    pub structured_rules: Option<String>,
}

/// A validated register row: the financier and one instrument of it.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    /// The financier.
    pub financier: NewFinancier,
    /// The instrument.
    pub instrument: NewInstrument,
}

fn split(raw: &Option<String>) -> Vec<String> {
    raw.as_deref()
        .unwrap_or("")
        .split([';', ','])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl RegisterRow {
    /// Checks the row as a financier and an instrument; every problem is reported.
    pub fn validate(&self) -> Result<RegisterEntry, Vec<FieldError>> {
        let financier = FinancierDraft {
            name: self.name.clone(),
            financier_type: self.financier_type.clone(),
            regions: split(&self.regions),
            website: None,
            notes: None,
        };
        let instrument = InstrumentDraft {
            name: clean(&self.instrument_name).or_else(|| clean(&self.name)),
            capital_types: split(&self.capital_types),
            ticket_min_eur: self.ticket_min_eur.clone().map(serde_json::Value::String),
            ticket_max_eur: self.ticket_max_eur.clone().map(serde_json::Value::String),
            stages: split(&self.stages),
            sectors: split(&self.sectors),
            sector_mode: clean(&self.sector_mode),
            stage_mode: clean(&self.stage_mode),
            regions: Vec::new(),
            rules: self.rules.clone(),
            rules_en: self.rules_en.clone(),
            source_url: self.source_url.clone(),
            verified_on: self.verified_on.clone(),
            uncertainty: self.uncertain.clone(),
            uncertainty_en: self.uncertain_en.clone(),
            structured_rules: clean(&self.structured_rules),
        };
        let mut problems = Problems::default();
        let financier = financier.validate_into(&mut problems);
        let instrument = instrument.validate_into(&mut problems);
        match (financier, instrument) {
            (Some(financier), Some(instrument)) => problems.finish(RegisterEntry {
                financier,
                instrument,
            }),
            _ => Err(problems.into_errors()),
        }
    }
}
