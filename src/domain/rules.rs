//! Structured mandate rules of an instrument, beside its free `rules` text.
//!
//! Matching and the stack builder read these; the text stays for people. In a register
//! file (column `structured_rules`) and in the register form they are written in a short
//! notation, rules separated by `;`, amounts in euros as people write them:
//!
//! | notation | rule |
//! |---|---|
//! | `max_share_of_need=50%` | takes at most 50% of the need (the round) |
//! | `requires_co_investor` | invests only beside a private co-investor |
//! | `min_round=5000000` | the round must be at least € 5m |
//! | `max_ticket microcredit=50000` | a microcredit ticket is at most € 50k (one capital type per rule) |
//! | `guarantee covers=senior_loan,overdraft part=50% small_part=75% small_loan_max=266667 cover=90% max_guaranteed=1500000 loan_min=… loan_max=… lenders=bank purposes=sustainability` | a guarantee on other financiers' loans |
//!
//! In `guarantee`, `part` is the guaranteed part of the loan, `small_part` the part for
//! loans up to `small_loan_max`, `cover` the share of the guaranteed part the guarantor
//! bears (default 100%), `lenders` the financier types whose loans qualify and `purposes`
//! the purposes it is for (both: any when left out). A JSON array of the serialised
//! [`InstrumentRule`]s (`[{"max_share_of_need_pct":50},"requires_co_investor"]`) reads too.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::{format_euros, parse_euros};
use super::taxonomy::{CapitalType, FinancierType, Purpose};
use super::validation::FieldError;

/// One structured mandate rule of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InstrumentRule {
    /// Takes at most this percentage of the case's need (the round).
    MaxShareOfNeedPct(u8),
    /// Invests only beside a private co-investor in the same round.
    RequiresCoInvestor,
    /// The round (the case's need) must be at least this many cents.
    MinRoundCents(#[ts(type = "number")] i64),
    /// A ticket of one capital type is at most this many cents (e.g. Qredits: microcredit up to € 50k).
    MaxTicketFor {
        /// The capital type the cap applies to.
        capital_type: CapitalType,
        /// The cap in cents.
        #[ts(type = "number")]
        max_cents: i64,
    },
    /// A guarantee on loans of other financiers (BMKB, GO): never money of its own.
    GuaranteeFor(GuaranteeTerms),
}

/// The terms of a guarantee scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
#[ts(export)]
pub struct GuaranteeTerms {
    /// Capital types of loans it can guarantee.
    pub covers: Vec<CapitalType>,
    /// Guaranteed part of the loan, percent.
    pub pct_of_loan: u8,
    /// Guaranteed part for loans up to `small_loan_max_cents`, percent.
    pub pct_of_small_loan: Option<u8>,
    /// Largest loan that gets `pct_of_small_loan`.
    #[ts(type = "number | null")]
    pub small_loan_max_cents: Option<i64>,
    /// Share of the guaranteed part the guarantor bears, percent (BMKB: 90).
    pub cover_pct: u8,
    /// Largest guaranteed part in cents.
    #[ts(type = "number | null")]
    pub max_guaranteed_cents: Option<i64>,
    /// Smallest loan it applies to, in cents.
    #[ts(type = "number | null")]
    pub loan_min_cents: Option<i64>,
    /// Largest loan it applies to, in cents.
    #[ts(type = "number | null")]
    pub loan_max_cents: Option<i64>,
    /// Financier types whose loans qualify; empty means any.
    pub lenders: Vec<FinancierType>,
    /// Purposes it is for; empty means any.
    pub purposes: Vec<Purpose>,
}

impl Default for GuaranteeTerms {
    fn default() -> Self {
        GuaranteeTerms {
            covers: vec![CapitalType::SeniorLoan],
            pct_of_loan: 50,
            pct_of_small_loan: None,
            small_loan_max_cents: None,
            cover_pct: 100,
            max_guaranteed_cents: None,
            loan_min_cents: None,
            loan_max_cents: None,
            lenders: Vec::new(),
            purposes: Vec::new(),
        }
    }
}

/// A guarantee on one loan, as the scheme's terms work it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuaranteeAmounts {
    /// The guaranteed part of the loan in cents.
    pub guaranteed_cents: i64,
    /// What the guarantor bears of it in cents.
    pub covered_cents: i64,
    /// The percentage of the loan that is the guaranteed part.
    pub pct_of_loan: u8,
}

/// Why a guarantee does not fit a loan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuaranteeMisfit {
    /// The loan's capital type is not covered.
    CapitalType,
    /// The lender's type does not qualify.
    Lender,
    /// The case's purpose is not one the scheme is for.
    Purpose,
    /// The loan is below the scheme's minimum (cents).
    LoanTooSmall(i64),
    /// The loan is above the scheme's maximum (cents).
    LoanTooLarge(i64),
}

impl GuaranteeTerms {
    /// The guarantee on a loan of `loan_cents`, or why it does not apply.
    pub fn apply(
        &self,
        capital_type: CapitalType,
        lender: FinancierType,
        purpose: Purpose,
        loan_cents: i64,
    ) -> Result<GuaranteeAmounts, GuaranteeMisfit> {
        if !self.covers.contains(&capital_type) {
            return Err(GuaranteeMisfit::CapitalType);
        }
        if !self.lenders.is_empty() && !self.lenders.contains(&lender) {
            return Err(GuaranteeMisfit::Lender);
        }
        if !self.purposes.is_empty() && !self.purposes.contains(&purpose) {
            return Err(GuaranteeMisfit::Purpose);
        }
        if let Some(min) = self.loan_min_cents.filter(|min| loan_cents < *min) {
            return Err(GuaranteeMisfit::LoanTooSmall(min));
        }
        if let Some(max) = self.loan_max_cents.filter(|max| loan_cents > *max) {
            return Err(GuaranteeMisfit::LoanTooLarge(max));
        }
        let pct = match (self.pct_of_small_loan, self.small_loan_max_cents) {
            (Some(small), Some(limit)) if loan_cents <= limit => small,
            _ => self.pct_of_loan,
        };
        let mut guaranteed = (i128::from(loan_cents) * i128::from(pct) / 100) as i64;
        if let Some(max) = self.max_guaranteed_cents {
            guaranteed = guaranteed.min(max);
        }
        let covered = (i128::from(guaranteed) * i128::from(self.cover_pct) / 100) as i64;
        Ok(GuaranteeAmounts {
            guaranteed_cents: guaranteed,
            covered_cents: covered,
            pct_of_loan: pct,
        })
    }
}

/// The structured rules of one instrument.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StructuredRules(pub Vec<InstrumentRule>);

/// A problem with the rule `_rule` (named at the call for readability).
fn problem(_rule: &str, nl: String, en: String) -> FieldError {
    FieldError {
        field: "structured_rules".into(),
        code: "structured_rule_invalid".into(),
        message: nl,
        message_en: en,
    }
}

fn percent(key: &str, value: &str, rule: &str) -> Result<u8, FieldError> {
    let digits = value.trim().trim_end_matches('%').trim();
    match digits.parse::<u8>() {
        Ok(pct) if pct <= 100 => Ok(pct),
        _ => Err(problem(
            rule,
            format!("In de regel \"{rule}\" is {key}={value} geen percentage van 0 tot 100."),
            format!("In the rule \"{rule}\", {key}={value} is not a percentage from 0 to 100."),
        )),
    }
}

fn euros(key: &str, value: &str, rule: &str) -> Result<i64, FieldError> {
    parse_euros(value).map_err(|_| {
        problem(
            rule,
            format!("In de regel \"{rule}\" is {key}={value} geen bedrag in euro's."),
            format!("In the rule \"{rule}\", {key}={value} is not an amount in euros."),
        )
    })
}

fn ids<T>(
    key: &str,
    value: &str,
    rule: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Vec<T>, FieldError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|id| {
            parse(id).ok_or_else(|| {
                problem(
                    rule,
                    format!("In de regel \"{rule}\" is \"{id}\" bij {key} geen bekende waarde."),
                    format!("In the rule \"{rule}\", \"{id}\" in {key} is not a known value."),
                )
            })
        })
        .collect()
}

/// Writes cents as whole euros when they are whole, for the notation.
fn euro_text(cents: i64) -> String {
    let (sign, abs) = (if cents < 0 { "-" } else { "" }, cents.unsigned_abs());
    if abs % 100 == 0 {
        format!("{sign}{}", abs / 100)
    } else {
        format!("{sign}{},{:02}", abs / 100, abs % 100)
    }
}

const KNOWN_NL: &str = "max_share_of_need, requires_co_investor, min_round, max_ticket, guarantee";

impl StructuredRules {
    /// Reads the notation (or a JSON array); every bad rule is reported.
    pub fn parse(text: &str) -> Result<StructuredRules, Vec<FieldError>> {
        let text = text.trim();
        if text.starts_with('[') {
            let rules = serde_json::from_str::<Vec<InstrumentRule>>(text).map_err(|e| {
                vec![problem(
                    text,
                    format!("Gestructureerde regels in JSON zijn ongeldig: {e}"),
                    format!("Structured rules as JSON are invalid: {e}"),
                )]
            })?;
            // JSON can say what the notation cannot (a negative amount, 300%, a guarantee that
            // covers nothing): each rule must read back from its notation as itself.
            let errors: Vec<FieldError> = rules
                .iter()
                .filter_map(|rule| Self::check_writable(rule).err())
                .collect();
            return if errors.is_empty() {
                Ok(StructuredRules(rules))
            } else {
                Err(errors)
            };
        }
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            match Self::parse_one(part) {
                Ok(rule) => rules.push(rule),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(StructuredRules(rules))
        } else {
            Err(errors)
        }
    }

    /// A rule (read from JSON) that its notation writes and reads back unchanged, or the
    /// notation's own complaint about it.
    fn check_writable(rule: &InstrumentRule) -> Result<(), FieldError> {
        let notation = rule_notation(rule);
        match Self::parse_one(&notation) {
            Ok(back) if back == *rule => Ok(()),
            Ok(_) => Err(problem(
                &notation,
                format!("De regel \"{notation}\" heeft een waarde die niet te schrijven is."),
                format!("The rule \"{notation}\" holds a value that cannot be written."),
            )),
            Err(e) => Err(e),
        }
    }

    fn parse_one(rule: &str) -> Result<InstrumentRule, FieldError> {
        let mut words = rule.split_whitespace();
        let head = words.next().unwrap_or_default();
        let (name, inline) = match head.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (head, None),
        };
        let pairs: Vec<(&str, &str)> = words
            .map(|w| w.split_once('=').ok_or(w))
            .collect::<Result<_, _>>()
            .map_err(|w| {
                problem(
                    rule,
                    format!("In de regel \"{rule}\" mist bij \"{w}\" een waarde (sleutel=waarde)."),
                    format!("In the rule \"{rule}\", \"{w}\" lacks a value (key=value)."),
                )
            })?;
        let unexpected = |key: &str| {
            problem(
                rule,
                format!("In de regel \"{rule}\" is \"{key}\" onbekend."),
                format!("In the rule \"{rule}\", \"{key}\" is unknown."),
            )
        };
        let needs_value = || {
            problem(
                rule,
                format!("De regel \"{rule}\" heeft een waarde nodig, bijvoorbeeld {name}=50%."),
                format!("The rule \"{rule}\" needs a value, e.g. {name}=50%."),
            )
        };
        match name {
            "max_share_of_need" => {
                if let Some((key, _)) = pairs.first() {
                    return Err(unexpected(key));
                }
                Ok(InstrumentRule::MaxShareOfNeedPct(percent(
                    name,
                    inline.ok_or_else(needs_value)?,
                    rule,
                )?))
            }
            "min_round" => {
                if let Some((key, _)) = pairs.first() {
                    return Err(unexpected(key));
                }
                Ok(InstrumentRule::MinRoundCents(euros(
                    name,
                    inline.ok_or_else(needs_value)?,
                    rule,
                )?))
            }
            "requires_co_investor" => match (inline, pairs.first()) {
                (None, None) => Ok(InstrumentRule::RequiresCoInvestor),
                (_, Some((key, _))) => Err(unexpected(key)),
                (Some(_), None) => Err(unexpected("=")),
            },
            "max_ticket" => match (inline, pairs.as_slice()) {
                (None, [(kind, value)]) => {
                    let capital_type = CapitalType::from_id(kind).ok_or_else(|| {
                        problem(
                            rule,
                            format!("In de regel \"{rule}\" is \"{kind}\" geen kapitaalsoort."),
                            format!("In the rule \"{rule}\", \"{kind}\" is not a capital type."),
                        )
                    })?;
                    Ok(InstrumentRule::MaxTicketFor {
                        capital_type,
                        max_cents: euros(kind, value, rule)?,
                    })
                }
                _ => Err(problem(
                    rule,
                    format!(
                        "Schrijf de regel \"{rule}\" als max_ticket kapitaalsoort=bedrag, bijvoorbeeld max_ticket microcredit=50000."
                    ),
                    format!(
                        "Write the rule \"{rule}\" as max_ticket capital_type=amount, e.g. max_ticket microcredit=50000."
                    ),
                )),
            },
            "guarantee" => {
                if inline.is_some() {
                    return Err(unexpected("="));
                }
                let mut terms = GuaranteeTerms::default();
                for (key, value) in pairs {
                    match key {
                        "covers" => terms.covers = ids(key, value, rule, CapitalType::from_id)?,
                        "part" => terms.pct_of_loan = percent(key, value, rule)?,
                        "small_part" => terms.pct_of_small_loan = Some(percent(key, value, rule)?),
                        "small_loan_max" => {
                            terms.small_loan_max_cents = Some(euros(key, value, rule)?)
                        }
                        "cover" => terms.cover_pct = percent(key, value, rule)?,
                        "max_guaranteed" => {
                            terms.max_guaranteed_cents = Some(euros(key, value, rule)?)
                        }
                        "loan_min" => terms.loan_min_cents = Some(euros(key, value, rule)?),
                        "loan_max" => terms.loan_max_cents = Some(euros(key, value, rule)?),
                        "lenders" => terms.lenders = ids(key, value, rule, FinancierType::from_id)?,
                        "purposes" => terms.purposes = ids(key, value, rule, Purpose::from_id)?,
                        other => return Err(unexpected(other)),
                    }
                }
                if terms.covers.is_empty() {
                    return Err(problem(
                        rule,
                        format!("De regel \"{rule}\" noemt bij covers geen kapitaalsoort."),
                        format!("The rule \"{rule}\" names no capital type in covers."),
                    ));
                }
                Ok(InstrumentRule::GuaranteeFor(terms))
            }
            _ => Err(problem(
                rule,
                format!("De regel \"{rule}\" is onbekend; bekend zijn: {KNOWN_NL}."),
                format!("The rule \"{rule}\" is unknown; known are: {KNOWN_NL}."),
            )),
        }
    }

    /// The rules in the notation [`parse`](Self::parse) reads (empty when there are none).
    pub fn to_notation(&self) -> String {
        self.0
            .iter()
            .map(rule_notation)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn rule_notation(rule: &InstrumentRule) -> String {
    match rule {
        InstrumentRule::MaxShareOfNeedPct(pct) => format!("max_share_of_need={pct}%"),
        InstrumentRule::RequiresCoInvestor => "requires_co_investor".into(),
        InstrumentRule::MinRoundCents(cents) => format!("min_round={}", euro_text(*cents)),
        InstrumentRule::MaxTicketFor {
            capital_type,
            max_cents,
        } => format!("max_ticket {}={}", capital_type.id(), euro_text(*max_cents)),
        InstrumentRule::GuaranteeFor(t) => {
            let join = |items: Vec<&str>| items.join(",");
            let mut out = format!(
                "guarantee covers={} part={}%",
                join(t.covers.iter().map(|c| c.id()).collect()),
                t.pct_of_loan
            );
            if let Some(pct) = t.pct_of_small_loan {
                out.push_str(&format!(" small_part={pct}%"));
            }
            if let Some(cents) = t.small_loan_max_cents {
                out.push_str(&format!(" small_loan_max={}", euro_text(cents)));
            }
            if t.cover_pct != 100 {
                out.push_str(&format!(" cover={}%", t.cover_pct));
            }
            for (key, value) in [
                ("max_guaranteed", t.max_guaranteed_cents),
                ("loan_min", t.loan_min_cents),
                ("loan_max", t.loan_max_cents),
            ] {
                if let Some(cents) = value {
                    out.push_str(&format!(" {key}={}", euro_text(cents)));
                }
            }
            if !t.lenders.is_empty() {
                out.push_str(&format!(
                    " lenders={}",
                    join(t.lenders.iter().map(|l| l.id()).collect())
                ));
            }
            if !t.purposes.is_empty() {
                out.push_str(&format!(
                    " purposes={}",
                    join(t.purposes.iter().map(|p| p.id()).collect())
                ));
            }
            out
        }
    }
}

impl InstrumentRule {
    /// The rule in plain Dutch, for the register page and explanations.
    pub fn describe_nl(&self) -> String {
        match self {
            InstrumentRule::MaxShareOfNeedPct(pct) => {
                format!("neemt hooguit {pct}% van de financieringsbehoefte")
            }
            InstrumentRule::RequiresCoInvestor => {
                "investeert alleen naast een private co-investeerder".into()
            }
            InstrumentRule::MinRoundCents(cents) => {
                format!("ronde van minstens {}", format_euros(*cents))
            }
            InstrumentRule::MaxTicketFor {
                capital_type,
                max_cents,
            } => format!(
                "{} tot {}",
                capital_type.label_nl(),
                format_euros(*max_cents)
            ),
            InstrumentRule::GuaranteeFor(t) => {
                format!("borgstelling van {}% van de lening", t.pct_of_loan)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notation_reads_and_writes_the_same_rules() {
        let text = "max_share_of_need=50%; min_round=5000000; requires_co_investor; max_ticket microcredit=50000; \
                    guarantee covers=senior_loan,overdraft part=50% small_part=75% small_loan_max=266667 cover=90% max_guaranteed=1500000 lenders=bank";
        let rules = StructuredRules::parse(text).expect("rules");
        assert_eq!(rules.0.len(), 5);
        assert_eq!(rules.0[0], InstrumentRule::MaxShareOfNeedPct(50));
        assert_eq!(rules.0[1], InstrumentRule::MinRoundCents(500_000_000));
        assert_eq!(
            StructuredRules::parse(&rules.to_notation()).expect("again"),
            rules
        );
        let json = serde_json::to_string(&rules.0).expect("json");
        assert_eq!(StructuredRules::parse(&json).expect("json rules"), rules);
        assert!(json.starts_with(r#"[{"max_share_of_need_pct":50},{"min_round_cents":500000000},"requires_co_investor""#), "{json}");
    }

    #[test]
    fn bad_rules_are_reported_in_dutch() {
        let errors =
            StructuredRules::parse("max_share_of_need=150%; hooguit_de_helft; max_ticket lening=5")
                .expect_err("bad");
        assert_eq!(errors.len(), 3);
        assert!(
            errors[0].message.contains("geen percentage"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[1].message.contains("onbekend"),
            "{}",
            errors[1].message
        );
        assert!(
            errors[2].message.contains("geen kapitaalsoort"),
            "{}",
            errors[2].message
        );
        assert!(StructuredRules::parse("").expect("empty").0.is_empty());
    }

    #[test]
    fn json_rules_are_only_what_the_notation_can_write() {
        for (json, needle) in [
            (r#"[{"min_round_cents":500011111100000}]"#, "geen bedrag"),
            (r#"[{"min_round_cents":-5}]"#, "geen bedrag"),
            (
                r#"[{"max_ticket_for":{"capital_type":"microcredit","max_cents":0}}]"#,
                "geen bedrag",
            ),
            (r#"[{"max_share_of_need_pct":150}]"#, "geen percentage"),
            (r#"[{"guarantee_for":{"covers":[]}}]"#, "geen kapitaalsoort"),
            (
                r#"[{"guarantee_for":{"cover_pct":101}}]"#,
                "geen percentage",
            ),
            (r#"[{"guarantee_for":{"loan_min_ceots":1}}]"#, "ongeldig"),
        ] {
            let errors = StructuredRules::parse(json).expect_err(json);
            assert!(
                errors.iter().any(|e| e.message.contains(needle)),
                "{json}: {errors:?}"
            );
        }
        let fine = StructuredRules::parse(
            r#"[{"max_ticket_for":{"capital_type":"microcredit","max_cents":5000001}}]"#,
        )
        .expect("cents");
        assert_eq!(fine.to_notation(), "max_ticket microcredit=50000,01");
        assert_eq!(
            StructuredRules::parse(&fine.to_notation()).expect("again"),
            fine
        );
        assert_eq!(euro_text(-5), "-0,05");
    }

    #[test]
    fn bmkb_guarantees_75_percent_of_small_loans_and_caps_the_part() {
        let InstrumentRule::GuaranteeFor(bmkb) = StructuredRules::parse(
            "guarantee covers=senior_loan part=50% small_part=75% small_loan_max=266667 cover=90% max_guaranteed=1500000 lenders=bank",
        )
        .expect("bmkb")
        .0
        .remove(0) else {
            panic!("not a guarantee")
        };
        let apply = |euros: i64| {
            bmkb.apply(
                CapitalType::SeniorLoan,
                FinancierType::Bank,
                Purpose::Growth,
                euros * 100,
            )
        };
        assert_eq!(
            apply(200_000).map(|g| (g.guaranteed_cents, g.covered_cents)),
            Ok((15_000_000, 13_500_000))
        );
        assert_eq!(apply(1_000_000).map(|g| g.guaranteed_cents), Ok(50_000_000));
        assert_eq!(
            apply(5_000_000).map(|g| g.guaranteed_cents),
            Ok(150_000_000)
        );
        assert_eq!(
            bmkb.apply(
                CapitalType::SeniorLoan,
                FinancierType::Rom,
                Purpose::Growth,
                100
            ),
            Err(GuaranteeMisfit::Lender)
        );
        assert_eq!(
            bmkb.apply(
                CapitalType::Equity,
                FinancierType::Bank,
                Purpose::Growth,
                100
            ),
            Err(GuaranteeMisfit::CapitalType)
        );
    }
}
