//! The weights and rule defaults of matching and the stack builder, as the text of one
//! small TOML file ([`CONFIG_FILE_NAME`]): the documented defaults ([`DEFAULT_TOML`]),
//! parsing and checking. Pure: where the file lives, reading it and creating it with the
//! defaults is the service layer's job (`crate::service::matching_settings`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::domain::CapitalType;
use crate::error::{Error, Result};

/// Name of the settings file beside the database.
pub const CONFIG_FILE_NAME: &str = "matching.toml";

/// The file Tafel writes when none exists: every setting with its default and what it does.
pub const DEFAULT_TOML: &str = r#"# Tafel: instellingen voor matching en de financieringsstapel (settings for matching and stacks).
# Pas de waarden aan en sla op; Tafel leest dit bestand bij elke matching opnieuw.
# Verwijder het bestand om de standaardwaarden terug te krijgen. Bedragen in euro's.

[weights]
# Hoe zwaar elk deel van de score (0-100) weegt, ten opzichte van elkaar.
ticket_fit = 35   # het gevraagde bedrag / de verwachte tranche binnen het ticketbereik (midden = best)
sector = 20       # sectorfocus: genoemde sectoren met die van de casus scoren boven "elke sector"
stage = 15        # fasefocus
region = 20       # regionale focus: een regionaal fonds boven een landelijk voor een regionale casus
history = 10      # hoe de financier eerder op vergelijkbare casussen reageerde (neutraal zolang er geen uitkomsten zijn)

[scores]
# Waarden (0-1) van de delen van de score.
any_sector = 0.6          # instrument noemt geen sectoren
any_stage = 0.6           # instrument noemt geen fasen
outside_focus = 0.3       # sector (of fase) van de casus valt buiten de focussectoren (-fasen) van een ROM: investeert er wel, minder graag
national = 0.5            # landelijke financier (regionaal = 1)
neutral = 0.5             # ticketbereik helemaal onbekend; geen historie
one_bound_known = 0.6     # alleen een onder- of alleen een bovengrens bekend
related_capital_type = 0.9      # factor als alleen een verwante kapitaalsoort past (zie related_capital_types)
acceptable_capital_type = 0.95  # factor voor een kapitaalsoort die de gebruiker voor deze keer acceptabel vindt

[confidence]
# Aftrek van de zekerheid (100) per onzekerheid.
unknown_ticket_bound = 15   # per onbekende ticketgrens
uncertainty_note = 15       # het instrument heeft een onzekerheidsnotitie
never_verified = 10         # nooit geverifieerd
stale_verification = 10     # verificatie ouder dan stale_after_days
stale_after_days = 365      # na zoveel dagen geldt een verificatie als verouderd

[mandate]
# Een instrument waarvan het grootste ticket kleiner is dan dit deel van de vraag valt af
# ("ticket te groot"): een microkrediet past niet in een ronde van miljoenen.
min_share_of_need_pct = 10

[stack]
max_stacks = 5                 # hoogstens zoveel alternatieven
max_tranches = 4               # hoogstens zoveel tranches per stapel
max_candidates = 20            # alleen de zoveel best scorende instrumenten worden gecombineerd
min_tranche = 10000            # kleinste tranche als een instrument geen minimum noemt
unknown_max_share_pct = 25     # zonder bekend maximum neemt een tranche (geen bank) hoogstens dit deel van de vraag ...
unknown_max_floor = 1000000    # ... of dit bedrag, als dat groter is
round_to = 1000                # tranches afronden op dit bedrag (de laatste tranche sluit precies)
bank_max_share_without_buffer_pct = 70   # bankdeel hoogstens zoveel % zonder achtergesteld/eigen vermogen eronder
buffer_capital_types = ["subordinated_loan", "equity", "convertible_loan", "informal_investment"]   # kapitaalsoorten die als buffer onder het bankdeel tellen
guarantee_as_buffer = true     # een passende borgstelling (BMKB, GO) op de banklening telt als die buffer
extra_financier_penalty = 8    # punten aftrek per financier meer dan een
coverage_bonus = 30            # punten als de stapel alle gevraagde kapitaalsoorten bevat (naar rato)
confidence_weight = 0.5        # punten aftrek per punt onzekerheid (100 - zekerheid, gewogen naar bedrag)

[related_capital_types]
# Welke aangeboden kapitaalsoort ook past bij een gevraagde (met de factor related_capital_type).
microcredit = ["credit_union_loan"]
credit_union_loan = ["microcredit"]
innovation_loan = ["convertible_loan"]
guarantee = ["senior_loan"]
"#;

/// Relative weights of the parts of the soft score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Fit of the expected tranche to the ticket range.
    pub ticket_fit: f64,
    /// Sector focus.
    pub sector: f64,
    /// Stage focus.
    pub stage: f64,
    /// Regional focus.
    pub region: f64,
    /// The table's own history with the financier.
    pub history: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            ticket_fit: 35.0,
            sector: 20.0,
            stage: 15.0,
            region: 20.0,
            history: 10.0,
        }
    }
}

/// Values (0–1) of the parts of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scores {
    /// Instrument lists no sectors.
    pub any_sector: f64,
    /// Instrument lists no stages.
    pub any_stage: f64,
    /// The case's sector (or stage) is not among an instrument's focus sectors (stages): it
    /// invests there too, less eagerly.
    pub outside_focus: f64,
    /// National financier (regional is 1).
    pub national: f64,
    /// Unknown ticket range; no history.
    pub neutral: f64,
    /// Only one ticket bound known.
    pub one_bound_known: f64,
    /// Factor when only a related capital type fits.
    pub related_capital_type: f64,
    /// Factor for a capital type the user accepts for this run.
    pub acceptable_capital_type: f64,
}

impl Default for Scores {
    fn default() -> Self {
        Scores {
            any_sector: 0.6,
            any_stage: 0.6,
            outside_focus: 0.3,
            national: 0.5,
            neutral: 0.5,
            one_bound_known: 0.6,
            related_capital_type: 0.9,
            acceptable_capital_type: 0.95,
        }
    }
}

/// Deductions from the confidence (100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Confidence {
    /// Per unknown ticket bound.
    pub unknown_ticket_bound: u8,
    /// The instrument carries an uncertainty note.
    pub uncertainty_note: u8,
    /// Never verified.
    pub never_verified: u8,
    /// Verified longer ago than `stale_after_days`.
    pub stale_verification: u8,
    /// Days after which a verification is stale.
    pub stale_after_days: i64,
}

impl Default for Confidence {
    fn default() -> Self {
        Confidence {
            unknown_ticket_bound: 15,
            uncertainty_note: 15,
            never_verified: 10,
            stale_verification: 10,
            stale_after_days: 365,
        }
    }
}

/// Hard-filter defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Mandate {
    /// An instrument whose largest ticket is below this share of the need is excluded.
    pub min_share_of_need_pct: u8,
}

impl Default for Mandate {
    fn default() -> Self {
        Mandate {
            min_share_of_need_pct: 10,
        }
    }
}

/// Rules of the stack builder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StackRules {
    /// At most this many alternatives.
    pub max_stacks: usize,
    /// At most this many tranches per stack.
    pub max_tranches: usize,
    /// Only the best-scoring this many instruments are combined.
    pub max_candidates: usize,
    /// Smallest tranche in euros when an instrument names no minimum.
    pub min_tranche: i64,
    /// Without a known maximum, a non-bank tranche takes at most this share of the need …
    pub unknown_max_share_pct: u8,
    /// … or this many euros, whichever is larger.
    pub unknown_max_floor: i64,
    /// Tranches are rounded to this many euros (the last one closes exactly).
    pub round_to: i64,
    /// A bank's senior share of the need at most this percentage without a buffer under it.
    pub bank_max_share_without_buffer_pct: u8,
    /// Capital types that form a buffer under a bank loan.
    pub buffer_capital_types: Vec<CapitalType>,
    /// A state guarantee (BMKB, GO) that fits the bank loan stands in for that buffer, so a
    /// bank may carry the whole need with it: what such schemes exist for.
    pub guarantee_as_buffer: bool,
    /// Points off per financier beyond the first.
    pub extra_financier_penalty: f64,
    /// Points for covering every requested capital type (pro rata).
    pub coverage_bonus: f64,
    /// Points off per point of missing confidence (100 − the amount-weighted confidence).
    pub confidence_weight: f64,
}

impl Default for StackRules {
    fn default() -> Self {
        StackRules {
            max_stacks: 5,
            max_tranches: 4,
            max_candidates: 20,
            min_tranche: 10_000,
            unknown_max_share_pct: 25,
            unknown_max_floor: 1_000_000,
            round_to: 1_000,
            bank_max_share_without_buffer_pct: 70,
            buffer_capital_types: vec![
                CapitalType::SubordinatedLoan,
                CapitalType::Equity,
                CapitalType::ConvertibleLoan,
                CapitalType::InformalInvestment,
            ],
            guarantee_as_buffer: true,
            extra_financier_penalty: 8.0,
            coverage_bonus: 30.0,
            confidence_weight: 0.5,
        }
    }
}

/// Everything matching and the stack builder can be told; see [`DEFAULT_TOML`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MatchingConfig {
    /// Weights of the score's parts.
    pub weights: Weights,
    /// Values of the score's parts.
    pub scores: Scores,
    /// Deductions from the confidence.
    pub confidence: Confidence,
    /// Hard-filter defaults.
    pub mandate: Mandate,
    /// Stack-builder rules.
    pub stack: StackRules,
    /// Offered capital types that also fit a requested one.
    pub related_capital_types: BTreeMap<CapitalType, Vec<CapitalType>>,
}

impl Default for MatchingConfig {
    fn default() -> Self {
        let related = [
            (CapitalType::Microcredit, vec![CapitalType::CreditUnionLoan]),
            (CapitalType::CreditUnionLoan, vec![CapitalType::Microcredit]),
            (
                CapitalType::InnovationLoan,
                vec![CapitalType::ConvertibleLoan],
            ),
            (CapitalType::Guarantee, vec![CapitalType::SeniorLoan]),
        ];
        MatchingConfig {
            weights: Weights::default(),
            scores: Scores::default(),
            confidence: Confidence::default(),
            mandate: Mandate::default(),
            stack: StackRules::default(),
            related_capital_types: related.into_iter().collect(),
        }
    }
}

fn invalid(path: &Path, nl: impl Into<String>, en: impl Into<String>) -> Error {
    Error::MatchingConfig {
        path: path.to_path_buf(),
        message_nl: nl.into(),
        message_en: en.into(),
    }
}

impl MatchingConfig {
    /// Parses and checks settings text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<MatchingConfig> {
        let config: MatchingConfig = toml::from_str(text).map_err(|e| {
            let detail = e.to_string().trim().replace('\n', " ");
            invalid(path, format!("het bestand is geen geldige TOML of bevat een onbekende of verkeerde instelling ({detail})"), detail)
        })?;
        config.check(path)?;
        Ok(config)
    }

    fn check(&self, path: &Path) -> Result<()> {
        let w = &self.weights;
        let weights = [
            ("ticket_fit", w.ticket_fit),
            ("sector", w.sector),
            ("stage", w.stage),
            ("region", w.region),
            ("history", w.history),
        ];
        if let Some((name, _)) = weights.iter().find(|(_, v)| !v.is_finite() || *v < 0.0) {
            return Err(invalid(
                path,
                format!("gewicht weights.{name} moet 0 of groter zijn"),
                format!("weight weights.{name} must be 0 or more"),
            ));
        }
        if weights.iter().map(|(_, v)| v).sum::<f64>() <= 0.0 {
            return Err(invalid(
                path,
                "minstens één gewicht onder [weights] moet groter dan 0 zijn",
                "at least one weight under [weights] must be above 0",
            ));
        }
        let s = &self.scores;
        let scores = [
            ("any_sector", s.any_sector),
            ("any_stage", s.any_stage),
            ("outside_focus", s.outside_focus),
            ("national", s.national),
            ("neutral", s.neutral),
            ("one_bound_known", s.one_bound_known),
            ("related_capital_type", s.related_capital_type),
            ("acceptable_capital_type", s.acceptable_capital_type),
        ];
        if let Some((name, _)) = scores.iter().find(|(_, v)| !(0.0..=1.0).contains(v)) {
            return Err(invalid(
                path,
                format!("scores.{name} moet tussen 0 en 1 liggen"),
                format!("scores.{name} must lie between 0 and 1"),
            ));
        }
        let pcts = [
            (
                "mandate.min_share_of_need_pct",
                self.mandate.min_share_of_need_pct,
            ),
            (
                "stack.bank_max_share_without_buffer_pct",
                self.stack.bank_max_share_without_buffer_pct,
            ),
            (
                "stack.unknown_max_share_pct",
                self.stack.unknown_max_share_pct,
            ),
            (
                "confidence.unknown_ticket_bound",
                self.confidence.unknown_ticket_bound,
            ),
            (
                "confidence.uncertainty_note",
                self.confidence.uncertainty_note,
            ),
            ("confidence.never_verified", self.confidence.never_verified),
            (
                "confidence.stale_verification",
                self.confidence.stale_verification,
            ),
        ];
        if let Some((name, _)) = pcts.iter().find(|(_, v)| *v > 100) {
            return Err(invalid(
                path,
                format!("{name} moet tussen 0 en 100 liggen"),
                format!("{name} must lie between 0 and 100"),
            ));
        }
        let st = &self.stack;
        let counts = [
            ("max_stacks", st.max_stacks, 1, 20),
            ("max_tranches", st.max_tranches, 1, 6),
            ("max_candidates", st.max_candidates, 1, 40),
        ];
        if let Some((name, _, lo, hi)) = counts.iter().find(|(_, v, lo, hi)| v < lo || v > hi) {
            return Err(invalid(
                path,
                format!("stack.{name} moet tussen {lo} en {hi} liggen"),
                format!("stack.{name} must lie between {lo} and {hi}"),
            ));
        }
        if st.min_tranche < 0 || st.round_to < 1 || st.unknown_max_floor < 0 {
            return Err(invalid(
                path,
                "stack.min_tranche moet 0 of meer en stack.round_to minstens 1 zijn",
                "stack.min_tranche must be 0 or more and stack.round_to at least 1",
            ));
        }
        if !st.extra_financier_penalty.is_finite()
            || !st.coverage_bonus.is_finite()
            || !st.confidence_weight.is_finite()
            || self.confidence.stale_after_days < 1
        {
            return Err(invalid(
                path,
                "een getal onder [stack] of [confidence] is ongeldig",
                "a number under [stack] or [confidence] is invalid",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_file_holds_exactly_the_defaults() {
        let parsed = MatchingConfig::parse(DEFAULT_TOML, Path::new("matching.toml"))
            .expect("defaults parse");
        assert_eq!(parsed, MatchingConfig::default());
    }

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let parsed = MatchingConfig::parse("[weights]\nhistory = 0\n", Path::new("m.toml"))
            .expect("partial");
        assert_eq!(parsed.weights.history, 0.0);
        assert_eq!(parsed.stack, StackRules::default());
    }

    #[test]
    fn invalid_settings_give_a_dutch_error() {
        for (text, needle) in [
            ("[weights]\nticket_fit = \"veel\"\n", "geen geldige TOML"),
            ("[weigths]\n", "onbekende"),
            (
                "[scores]\nnational = 2\n",
                "scores.national moet tussen 0 en 1",
            ),
            (
                "[stack]\nmax_tranches = 9\n",
                "stack.max_tranches moet tussen 1 en 6",
            ),
            (
                "[related_capital_types]\nlening = [\"equity\"]\n",
                "geen geldige TOML",
            ),
            (
                "[weights]\nticket_fit = 0\nsector = 0\nstage = 0\nregion = 0\nhistory = 0\n",
                "minstens één gewicht",
            ),
        ] {
            let err = MatchingConfig::parse(text, Path::new("/tmp/matching.toml")).expect_err(text);
            assert_eq!(err.code(), "matching_config_invalid");
            assert!(
                err.message_nl().contains(needle),
                "{text}: {}",
                err.message_nl()
            );
            assert!(
                err.message_nl().contains("/tmp/matching.toml"),
                "{}",
                err.message_nl()
            );
        }
    }
}
