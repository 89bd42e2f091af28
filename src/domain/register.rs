//! Register entries (one instrument of one financier) as a file row, and their validation.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::draft::{clean, parse_date};
use super::money;
use super::taxonomy::*;
use super::validation::{FieldError, Problems};

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
    /// Mandate rules as text.
    pub rules: Option<String>,
    /// Source of the facts.
    pub source_url: Option<String>,
    /// Last verified (date).
    pub verified_on: Option<String>,
    /// What is uncertain.
    pub uncertain: Option<String>,
}

/// A validated register row.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterEntry {
    /// Financier name.
    pub financier_name: String,
    /// Financier type.
    pub financier_type: FinancierType,
    /// Financier regions.
    pub regions: Vec<Region>,
    /// Instrument name.
    pub instrument_name: String,
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
    /// Rules.
    pub rules: Option<String>,
    /// Source URL.
    pub source_url: Option<String>,
    /// Verified on.
    pub verified_on: Option<NaiveDate>,
    /// Uncertainty note.
    pub uncertainty: Option<String>,
}

fn list<T: Ord>(problems: &mut Problems, field: &str, raw: &Option<String>, parse: fn(&str) -> Option<T>, label: (&str, &str)) -> Vec<T> {
    let mut values = Vec::new();
    for item in raw.as_deref().unwrap_or("").split([';', ',']).map(str::trim).filter(|s| !s.is_empty()) {
        match parse(item) {
            Some(v) => values.push(v),
            None => problems.add(
                field,
                "unknown_value",
                format!("{} \"{item}\" bestaat niet in de taxonomie.", label.0),
                format!("{} \"{item}\" is not in the taxonomy.", label.1),
            ),
        }
    }
    values.sort();
    values.dedup();
    values
}

fn ticket(problems: &mut Problems, field: &str, raw: &Option<String>, label: (&str, &str)) -> Option<i64> {
    let text = clean(raw)?;
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

impl RegisterRow {
    /// Checks the row; every problem is reported.
    pub fn validate(&self) -> Result<RegisterEntry, Vec<FieldError>> {
        let mut problems = Problems::default();
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
                    problems.add("financier_type", "unknown_value", format!("Type financier \"{id}\" bestaat niet in de taxonomie."), format!("Financier type \"{id}\" is not in the taxonomy."));
                }
                found
            }
        };
        let regions = list(&mut problems, "regions", &self.regions, |s| Region::from_id(&s.to_uppercase()), ("Regio", "Region"));
        if regions.is_empty() && clean(&self.regions).is_none() {
            problems.required("regions", "Regio", "Region");
        }
        let capital_types = list(&mut problems, "capital_types", &self.capital_types, CapitalType::from_id, ("Kapitaalsoort", "Capital type"));
        if capital_types.is_empty() && clean(&self.capital_types).is_none() {
            problems.required("capital_types", "Kapitaalsoort", "Capital type");
        }
        let ticket_min_cents = ticket(&mut problems, "ticket_min_eur", &self.ticket_min_eur, ("Minimum ticket", "Minimum ticket"));
        let ticket_max_cents = ticket(&mut problems, "ticket_max_eur", &self.ticket_max_eur, ("Maximum ticket", "Maximum ticket"));
        if let (Some(min), Some(max)) = (ticket_min_cents, ticket_max_cents) {
            if min > max {
                problems.add("ticket_max_eur", "ticket_order", "Maximum ticket is kleiner dan het minimum.", "Maximum ticket is below the minimum.");
            }
        }
        let stages = list(&mut problems, "stages", &self.stages, Stage::from_id, ("Fase", "Stage"));
        let sectors = list(&mut problems, "sectors", &self.sectors, Sector::from_id, ("Sector", "Sector"));
        let verified_on = match clean(&self.verified_on) {
            None => None,
            Some(text) => {
                let date = parse_date(&text);
                if date.is_none() {
                    problems.add("verified_on", "date_invalid", format!("Verificatiedatum \"{text}\" is geen bestaande datum."), format!("Verification date \"{text}\" is not a real date."));
                }
                date
            }
        };
        let (Some(financier_name), Some(financier_type)) = (name, financier_type) else {
            return Err(problems.into_errors());
        };
        let instrument_name = clean(&self.instrument_name).unwrap_or_else(|| financier_name.clone());
        problems.finish(RegisterEntry {
            financier_name,
            financier_type,
            regions,
            instrument_name,
            capital_types,
            ticket_min_cents,
            ticket_max_cents,
            stages,
            sectors,
            rules: clean(&self.rules),
            source_url: clean(&self.source_url),
            verified_on,
            uncertainty: clean(&self.uncertain),
        })
    }
}
