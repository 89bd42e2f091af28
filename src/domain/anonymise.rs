//! The anonymised view of a case: what may go on the big screen and to every member.
//!
//! Built by whitelisting, never by blanking: a field reaches the one-pager only when it is
//! listed here. Identifying fields — company name, KvK number, address, municipality,
//! people and their contact details, and every free-text note (notes, earlier declines,
//! the referrer, the next action, minutes) — are simply not copied. Exact turnover and
//! headcount become bands and the founding year an age band.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::Case;
use super::money::format_euros;
use super::outcome::Response;
use super::taxonomy::{
    CapitalType, DeclineReason, Province, Purpose, ResponseStatus, Sector, Stage,
};

/// A label in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Label {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

impl Label {
    fn new(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Label {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The label in a language (`en`, else Dutch).
    pub fn in_lang(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.nl }
    }
}

/// The company fields that identify it and never appear in anonymised output.
pub const IDENTIFYING_COMPANY_FIELDS: &[&str] = &[
    "name",
    "kvk",
    "address",
    "municipality",
    "contact_name",
    "contact_email",
    "contact_phone",
];

/// The case fields that are free text and may identify the company; never in anonymised output.
pub const IDENTIFYING_CASE_FIELDS: &[&str] = &[
    "notes",
    "earlier_declines",
    "referrer",
    "next_action",
    "owner",
    "consent_financier_ids",
];

/// One financier's answer as the table may see it: no notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnonymisedResponse {
    /// Financier name (members, not the company).
    pub financier_name: String,
    /// Status.
    pub status: ResponseStatus,
    /// Decline reason.
    pub decline_reason: Option<DeclineReason>,
    /// Amount indicated, in cents.
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
}

/// The anonymised one-pager of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OnePager {
    /// The case id (for the app to navigate; not shown).
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Province (kept: the region matters for mandates).
    pub province: Province,
    /// Sector.
    pub sector: Sector,
    /// Stage.
    pub stage: Stage,
    /// Purpose.
    pub purpose: Purpose,
    /// Amount needed in cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Capital types asked for.
    pub capital_types: Vec<CapitalType>,
    /// Legal form, e.g. `bv`.
    pub legal_form: Option<String>,
    /// Turnover as a band.
    pub turnover_band: Option<Label>,
    /// Headcount as a band.
    pub employees_band: Option<Label>,
    /// Company age as a band.
    pub age_band: Option<Label>,
    /// Equity is negative (a fact financiers need; the amount is not shown).
    pub negative_equity: bool,
    /// The anonymised description of the business the coordinator wrote for sharing.
    #[serde(default)]
    pub pitch: Option<String>,
    /// Responses so far.
    pub responses: Vec<AnonymisedResponse>,
}

/// Turnover in a band, so an exact figure cannot identify the company.
pub fn turnover_band(cents: i64) -> Label {
    let euros = cents / 100;
    match euros {
        i64::MIN..250_000 => Label::new("minder dan € 250.000", "less than € 250,000"),
        250_000..1_000_000 => Label::new("€ 250.000 – € 1 mln", "€ 250,000 – € 1m"),
        1_000_000..5_000_000 => Label::new("€ 1 – 5 mln", "€ 1m – 5m"),
        5_000_000..20_000_000 => Label::new("€ 5 – 20 mln", "€ 5m – 20m"),
        20_000_000..50_000_000 => Label::new("€ 20 – 50 mln", "€ 20m – 50m"),
        _ => Label::new("meer dan € 50 mln", "more than € 50m"),
    }
}

/// Headcount in the EU's size classes.
pub fn employees_band(employees: i32) -> Label {
    match employees {
        i32::MIN..10 => Label::new("minder dan 10 medewerkers", "fewer than 10 employees"),
        10..50 => Label::new("10 – 49 medewerkers", "10 – 49 employees"),
        50..250 => Label::new("50 – 249 medewerkers", "50 – 249 employees"),
        _ => Label::new("250 of meer medewerkers", "250 or more employees"),
    }
}

/// Company age in a band.
pub fn age_band(founding_year: i32, this_year: i32) -> Label {
    match this_year - founding_year {
        i32::MIN..3 => Label::new("jonger dan 3 jaar", "younger than 3 years"),
        3..10 => Label::new("3 – 10 jaar oud", "3 – 10 years old"),
        10..25 => Label::new("10 – 25 jaar oud", "10 – 25 years old"),
        _ => Label::new("ouder dan 25 jaar", "older than 25 years"),
    }
}

/// A legal form as an anonymised document may show it: one of the Dutch legal forms, or
/// nothing. The field is free text, and a typed value such as "Zonnedauw Holding" would name
/// the company, so only forms on this list pass.
pub fn known_legal_form(text: &str) -> Option<&'static str> {
    let folded: String = text
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let form = match folded.as_str() {
        "bv" | "besloten" | "beslotenvennootschap" => "BV",
        "nv" | "naamlozevennootschap" => "NV",
        "vof" | "vennootschaponderfirma" => "VOF",
        "cv" | "commanditairevennootschap" => "CV",
        "eenmanszaak" | "ez" => "Eenmanszaak",
        "maatschap" => "Maatschap",
        "cooperatie" | "coöperatie" | "cooperatieua" | "coöperatieua" | "ua" => "Coöperatie",
        "stichting" => "Stichting",
        "vereniging" => "Vereniging",
        _ => return None,
    };
    Some(form)
}

/// A legal form as it is written in Dutch text: `bv` → `B.V.`, `cooperatie` → `Coöperatie`,
/// `eenmanszaak` → `Eenmanszaak`; any other text as typed. Drafts store it so, and the
/// timeline and documents show older values so.
pub fn legal_form_label(text: &str) -> String {
    match known_legal_form(text) {
        Some(form) if form.len() <= 3 => form.chars().map(|c| format!("{c}.")).collect(),
        Some(form) => form.to_string(),
        None => text.to_string(),
    }
}

impl OnePager {
    /// The one-pager of a case with its responses so far.
    pub fn of(case: &Case, responses: &[Response], this_year: i32) -> OnePager {
        let company = &case.company;
        OnePager {
            case_id: case.id.clone(),
            case_number: case.case_number.clone(),
            province: company.province,
            sector: case.sector,
            stage: case.stage,
            purpose: case.purpose,
            amount_cents: case.amount_cents,
            capital_types: case.capital_types.clone(),
            legal_form: company
                .legal_form
                .as_deref()
                .and_then(known_legal_form)
                .map(str::to_string),
            turnover_band: company.turnover_cents.map(turnover_band),
            employees_band: company.employees.map(employees_band),
            age_band: company.founding_year.map(|y| age_band(y, this_year)),
            negative_equity: company.equity_cents.is_some_and(|e| e < 0),
            pitch: case.pitch.clone(),
            responses: responses
                .iter()
                .map(|r| AnonymisedResponse {
                    financier_name: r.financier_name.clone(),
                    status: r.status,
                    decline_reason: r.decline_reason,
                    amount_cents: r.amount_cents,
                })
                .collect(),
        }
    }

    /// One line: sector · stage · amount · capital types.
    pub fn summary_line(&self, lang: &str) -> String {
        let en = lang == "en";
        let pick = |nl: &'static str, e: &'static str| if en { e } else { nl };
        let types: Vec<&str> = self
            .capital_types
            .iter()
            .map(|c| pick(c.label_nl(), c.label_en()))
            .collect();
        format!(
            "{} · {} · {} · {}",
            pick(self.sector.label_nl(), self.sector.label_en()),
            pick(self.stage.label_nl(), self.stage.label_en()),
            format_euros(self.amount_cents),
            types.join(", ")
        )
    }

    /// The one-pager as plain text, as the CLI prints it and the tests read it.
    pub fn render_text(&self, lang: &str) -> String {
        let en = lang == "en";
        let pick = |nl: &'static str, e: &'static str| if en { e } else { nl };
        let mut out = String::new();
        out.push_str(&format!("{} {}\n", pick("Casus", "Case"), self.case_number));
        out.push_str(&format!("{}\n\n", self.summary_line(lang)));
        let mut line = |label: &str, value: &str| out.push_str(&format!("{label}: {value}\n"));
        line(
            pick("Provincie", "Province"),
            pick(self.province.label_nl(), self.province.label_en()),
        );
        line(
            pick("Doel", "Purpose"),
            pick(self.purpose.label_nl(), self.purpose.label_en()),
        );
        line(
            pick("Gevraagd", "Requested"),
            &format_euros(self.amount_cents),
        );
        if let Some(form) = &self.legal_form {
            line(pick("Rechtsvorm", "Legal form"), form);
        }
        for (label, band) in [
            (pick("Omzet", "Turnover"), &self.turnover_band),
            (pick("Omvang", "Size"), &self.employees_band),
            (pick("Leeftijd", "Age"), &self.age_band),
        ] {
            if let Some(band) = band {
                line(label, band.in_lang(lang));
            }
        }
        if self.negative_equity {
            line(
                pick("Eigen vermogen", "Equity"),
                pick("negatief", "negative"),
            );
        }
        if !self.responses.is_empty() {
            out.push_str(&format!("\n{}\n", pick("Reacties", "Responses")));
            for r in &self.responses {
                let status = pick(r.status.label_nl(), r.status.label_en());
                let reason = r
                    .decline_reason
                    .map(|d| format!(" ({})", pick(d.label_nl(), d.label_en())))
                    .unwrap_or_default();
                out.push_str(&format!("- {}: {status}{reason}\n", r.financier_name));
            }
        }
        out
    }
}

#[cfg(test)]
// Cents written as euros_cents (`2_400_000_00` is € 2.400.000,00).
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    #[test]
    fn bands_hide_exact_figures() {
        assert_eq!(turnover_band(2_400_000_00).nl, "€ 1 – 5 mln");
        assert_eq!(employees_band(42).en, "10 – 49 employees");
        assert_eq!(age_band(2011, 2026).nl, "10 – 25 jaar oud");
    }
}
