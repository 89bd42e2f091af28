//! Why an instrument matches, fails or is uncertain: findings as small values while
//! ranking (cheap for many cases), rendered into plain Dutch and English for results.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::register::{CaseFacts, Entry, FinancierInfo};
use crate::domain::money::format_euros;
use crate::domain::*;

/// Whether a reason supports, excludes or qualifies a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReasonKind {
    /// Something that fits.
    Matched,
    /// Something that excludes.
    Failed,
    /// Something not known for sure, or a condition still to meet.
    Uncertain,
    /// Information, e.g. a guarantee that does not apply.
    Note,
}

/// One reason, in plain Dutch and English, with a stable code.
///
/// The texts are shared (`Arc<str>`): a failure text of an instrument is written once when
/// the register is prepared and then handed out for every case it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reason {
    /// Stable code, e.g. `outside_mandate_region`, `ticket_too_small`, `ticket_unknown`.
    #[ts(type = "string")]
    pub code: Cow<'static, str>,
    /// Matched, failed, uncertain or a note.
    pub kind: ReasonKind,
    /// Dutch text.
    #[ts(type = "string")]
    pub nl: Arc<str>,
    /// English text.
    #[ts(type = "string")]
    pub en: Arc<str>,
}

impl Reason {
    /// A reason from its parts.
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        kind: ReasonKind,
        nl: impl Into<Arc<str>>,
        en: impl Into<Arc<str>>,
    ) -> Reason {
        Reason {
            code: code.into(),
            kind,
            nl: nl.into(),
            en: en.into(),
        }
    }
}

/// A text in Dutch and English.
pub type Texts = (Arc<str>, Arc<str>);

/// The texts of an instrument's failures that do not depend on the case, written once.
#[derive(Debug, Clone)]
pub struct EntryTexts {
    /// Outside its regions.
    pub region_outside: Texts,
    /// None of the requested capital types.
    pub capital_not_offered: Texts,
    /// Outside its stages.
    pub stage_outside: Texts,
    /// Outside its sectors.
    pub sector_outside: Texts,
    /// Its smallest round, when it has one.
    pub round_too_small: Option<Texts>,
    /// Its uncertainty note.
    pub uncertainty: Option<Texts>,
    /// Its smallest ticket, above what it could take of a need.
    pub ticket_too_small: Option<Texts>,
    /// Its largest ticket, below the share of a need that counts.
    pub ticket_too_large: Option<Texts>,
    /// Its financier's id and name, its own id and name: (financier id, financier name, id, name).
    pub names: InstrumentNames,
}

/// Which instrument of which financier a result is about, as every result names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InstrumentNames {
    /// The financier.
    #[ts(type = "string")]
    pub financier_id: Arc<str>,
    /// Its name.
    #[ts(type = "string")]
    pub financier_name: Arc<str>,
    /// The instrument.
    #[ts(type = "string")]
    pub instrument_id: Arc<str>,
    /// Its name.
    #[ts(type = "string")]
    pub instrument_name: Arc<str>,
}

fn pair(nl: String, en: String) -> Texts {
    (nl.into(), en.into())
}

impl EntryTexts {
    /// The texts of an instrument with these regions (`own`: the instrument's, not its financier's).
    pub fn new(
        instrument: &Instrument,
        financier_name: &str,
        regions: &[Region],
        own: bool,
        min_round: Option<i64>,
    ) -> EntryTexts {
        let nl: Vec<&str> = regions.iter().map(|r| r.label_nl()).collect();
        let en: Vec<&str> = regions.iter().map(|r| r.label_en()).collect();
        let (who_nl, who_en) = if own {
            ("instrument geldt", "the instrument applies")
        } else {
            ("financier werkt", "the financier works")
        };
        let region_outside = pair(
            format!("buiten regio: {who_nl} alleen in {}", join_nl(&nl)),
            format!("outside region: {who_en} only in {}", join_en(&en)),
        );
        let offered_nl: Vec<&str> = instrument
            .capital_types
            .iter()
            .map(|c| c.label_nl())
            .collect();
        let offered_en: Vec<&str> = instrument
            .capital_types
            .iter()
            .map(|c| c.label_en())
            .collect();
        let capital_not_offered = pair(
            format!(
                "biedt geen gevraagde kapitaalsoort, alleen {}",
                join_nl(&offered_nl)
            ),
            format!(
                "offers none of the requested capital types, only {}",
                join_en(&offered_en)
            ),
        );
        let stages_nl: Vec<&str> = instrument.stages.iter().map(|s| s.label_nl()).collect();
        let stages_en: Vec<&str> = instrument.stages.iter().map(|s| s.label_en()).collect();
        let stage_outside = pair(
            format!("fase buiten mandaat: alleen {}", join_nl(&stages_nl)),
            format!("stage outside mandate: only {}", join_en(&stages_en)),
        );
        let sectors_nl: Vec<&str> = instrument.sectors.iter().map(|s| s.label_nl()).collect();
        let sectors_en: Vec<&str> = instrument.sectors.iter().map(|s| s.label_en()).collect();
        let sector_outside = pair(
            format!("sector buiten mandaat: alleen {}", join_nl(&sectors_nl)),
            format!("sector outside mandate: only {}", join_en(&sectors_en)),
        );
        let round_too_small = min_round.map(|min| {
            pair(
                format!(
                    "ronde te klein: investeert alleen in rondes vanaf {}",
                    format_euros(min)
                ),
                format!(
                    "round too small: invests only in rounds from {}",
                    format_euros(min)
                ),
            )
        });
        let uncertainty = instrument.uncertainty.as_deref().map(|note| {
            let english = instrument.uncertainty_english().unwrap_or(note);
            pair(format!("onzeker: {note}"), format!("uncertain: {english}"))
        });
        let ticket_too_small = instrument.ticket_min_cents.map(|min| {
            pair(
                format!("ticket te klein: investeert vanaf {}", format_euros(min)),
                format!("ticket too small: invests from {}", format_euros(min)),
            )
        });
        let ticket_too_large = instrument.ticket_max_cents.map(|max| {
            pair(
                format!(
                    "ticket te groot: hoogstens {} per ticket",
                    format_euros(max)
                ),
                format!("ticket too large: at most {} per ticket", format_euros(max)),
            )
        });
        let names = InstrumentNames {
            financier_id: instrument.financier_id.as_str().into(),
            financier_name: financier_name.into(),
            instrument_id: instrument.id.as_str().into(),
            instrument_name: instrument.name.as_str().into(),
        };
        EntryTexts {
            region_outside,
            capital_not_offered,
            stage_outside,
            sector_outside,
            round_too_small,
            uncertainty,
            ticket_too_small,
            ticket_too_large,
            names,
        }
    }
}

/// What evaluating one instrument for one case found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Finding {
    /// Works in the case's province (a regional financier).
    RegionRegional,
    /// Works in the whole country.
    RegionNational,
    /// Does not work in the case's province.
    RegionOutside,
    /// Offers a requested capital type.
    CapitalRequested(CapitalType),
    /// Offers a capital type related to a requested one.
    CapitalRelated {
        /// What the case asks.
        requested: CapitalType,
        /// What the instrument offers.
        offered: CapitalType,
    },
    /// Offers a capital type the user accepts for this run.
    CapitalAcceptable(CapitalType),
    /// Offers none of the requested (or accepted) capital types.
    CapitalNotOffered,
    /// The expected tranche fits the ticket range.
    TicketFits {
        /// Expected tranche in cents.
        tranche: i64,
        /// Smallest ticket.
        min: Option<i64>,
        /// Largest ticket (after caps).
        max: Option<i64>,
    },
    /// The smallest ticket is above what the instrument could take of this need.
    TicketTooSmall {
        /// Smallest ticket.
        min: i64,
        /// The part it could take.
        part: i64,
    },
    /// The largest ticket is below the meaningful share of the need.
    TicketTooLarge {
        /// Largest ticket.
        max: i64,
        /// The share it would need to reach, percent.
        pct: u8,
    },
    /// Neither ticket bound is known.
    TicketUnknown,
    /// The smallest ticket is not known.
    TicketMinUnknown,
    /// The largest ticket is not known.
    TicketMaxUnknown,
    /// Serves the case's stage among a few.
    StageFocus,
    /// Serves every stage.
    StageAny,
    /// Does not serve the case's stage.
    StageOutside,
    /// The case's stage is not among the instrument's preferred stages (a focus, not a mandate).
    StageOutsideFocus,
    /// Lists the case's sector.
    SectorFocus,
    /// Serves every sector.
    SectorAny,
    /// Does not serve the case's sector.
    SectorOutside,
    /// The case's sector is not among the instrument's focus sectors (a focus, not a mandate).
    SectorOutsideFocus,
    /// Takes at most a share of the need.
    MaxShare {
        /// Percent.
        pct: u8,
        /// That share in cents.
        cap: i64,
    },
    /// The round is large enough.
    MinRoundMet {
        /// Smallest round.
        min: i64,
    },
    /// The round is below the instrument's smallest.
    MinRoundNotMet {
        /// Smallest round.
        min: i64,
    },
    /// A capital type is capped.
    TypeCap {
        /// The capital type.
        capital_type: CapitalType,
        /// Cap in cents.
        max: i64,
    },
    /// Invests only beside a private co-investor.
    CoInvestor,
    /// The instrument's uncertainty note.
    UncertaintyNote,
    /// Never verified.
    NeverVerified,
    /// Verified long ago.
    VerificationStale {
        /// Days since.
        days: i64,
    },
}

/// Everything rendering needs besides the finding.
pub struct RenderContext<'a> {
    /// The instrument.
    pub entry: &'a Entry,
    /// Its financier.
    pub financier: &'a FinancierInfo,
    /// The case.
    pub case: &'a CaseFacts,
}

/// Labels joined the Dutch way: "a, b en c".
pub fn join_nl(items: &[&str]) -> String {
    join(items, " en ")
}

/// Labels joined the English way: "a, b and c".
pub fn join_en(items: &[&str]) -> String {
    join(items, " and ")
}

fn join(items: &[&str], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., tail] => format!("{}{last}{tail}", init.join(", ")),
    }
}

/// The words of one list criterion (the stage, the sector) in its reasons, Dutch and English: both
/// lists are a mandate or a focus alike, so their reasons are one text with these words.
struct ListWords {
    /// A value the financier prefers: "voorkeursfase", "preferred stage".
    focus: (&'static str, &'static str),
    /// Before the list of preferred values: "voorkeur", "preferred".
    preferred: (&'static str, &'static str),
    /// One value: "fase", "stage".
    one: (&'static str, &'static str),
    /// More values: "fasen", "stages".
    many: (&'static str, &'static str),
}

const STAGE_WORDS: ListWords = ListWords {
    focus: ("voorkeursfase", "preferred stage"),
    preferred: ("voorkeur", "preferred"),
    one: ("fase", "stage"),
    many: ("fasen", "stages"),
};

const SECTOR_WORDS: ListWords = ListWords {
    focus: ("focussector", "focus sector"),
    preferred: ("focus", "focus"),
    one: ("sector", "sector"),
    many: ("sectoren", "sectors"),
};

impl ListWords {
    /// The case's value is on the list: a preference of this financier (`Focus`) or within its
    /// mandate.
    fn focus(&self, mode: ListMode, financier: &str, value: (&str, &str)) -> (String, String) {
        if mode == ListMode::Focus {
            (
                format!("{} van {financier}: {}", self.focus.0, value.0),
                format!("{} of {financier}: {}", self.focus.1, value.1),
            )
        } else {
            (
                format!("{} past: {}", self.one.0, value.0),
                format!("{} fits: {}", self.one.1, value.1),
            )
        }
    }

    /// The financier names no values: any goes.
    fn any(&self) -> (String, String) {
        (
            format!("alle {}", self.many.0),
            format!("any {}", self.one.1),
        )
    }

    /// The case's value is not among the preferred ones (`listed`), but the financier takes others too.
    fn outside_focus(&self, financier: &str, listed: (String, String)) -> (String, String) {
        (
            format!(
                "geen {} van {financier} ({}: {}), maar investeert ook in andere {}",
                self.focus.0, self.preferred.0, listed.0, self.many.0
            ),
            format!(
                "not a {} of {financier} ({}: {}), but it invests in other {} too",
                self.focus.1, self.preferred.1, listed.1, self.many.1
            ),
        )
    }
}

/// Labels of a list, joined the Dutch and the English way.
fn labels<T: Copy>(
    items: &[T],
    nl: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> (String, String) {
    let nl: Vec<&str> = items.iter().map(|i| nl(*i)).collect();
    let en: Vec<&str> = items.iter().map(|i| en(*i)).collect();
    (join_nl(&nl), join_en(&en))
}

fn range_text(min: Option<i64>, max: Option<i64>) -> String {
    let show = |v: Option<i64>| v.map(format_euros).unwrap_or_else(|| "?".into());
    format!("{} – {}", show(min), show(max))
}

impl Finding {
    /// The stable code of the finding.
    pub fn code(&self) -> &'static str {
        match self {
            Finding::RegionRegional => "region_regional",
            Finding::RegionNational => "region_national",
            Finding::RegionOutside => "outside_mandate_region",
            Finding::CapitalRequested(_) => "capital_type_requested",
            Finding::CapitalRelated { .. } => "capital_type_related",
            Finding::CapitalAcceptable(_) => "capital_type_acceptable",
            Finding::CapitalNotOffered => "capital_type_not_offered",
            Finding::TicketFits { .. } => "ticket_fits",
            Finding::TicketTooSmall { .. } => "ticket_too_small",
            Finding::TicketTooLarge { .. } => "ticket_too_large",
            Finding::TicketUnknown => "ticket_unknown",
            Finding::TicketMinUnknown => "ticket_min_unknown",
            Finding::TicketMaxUnknown => "ticket_max_unknown",
            Finding::StageFocus => "stage_focus",
            Finding::StageAny => "stage_any",
            Finding::StageOutside => "outside_mandate_stage",
            Finding::StageOutsideFocus => "stage_outside_focus",
            Finding::SectorFocus => "sector_focus",
            Finding::SectorAny => "sector_any",
            Finding::SectorOutside => "outside_mandate_sector",
            Finding::SectorOutsideFocus => "sector_outside_focus",
            Finding::MaxShare { .. } => "max_share_of_need",
            Finding::MinRoundMet { .. } => "min_round_met",
            Finding::MinRoundNotMet { .. } => "round_too_small",
            Finding::TypeCap { .. } => "max_ticket_for_type",
            Finding::CoInvestor => "requires_co_investor",
            Finding::UncertaintyNote => "uncertainty_note",
            Finding::NeverVerified => "never_verified",
            Finding::VerificationStale { .. } => "verification_stale",
        }
    }

    /// Matched, failed or uncertain.
    pub fn kind(&self) -> ReasonKind {
        match self {
            Finding::RegionOutside
            | Finding::CapitalNotOffered
            | Finding::TicketTooSmall { .. }
            | Finding::TicketTooLarge { .. }
            | Finding::StageOutside
            | Finding::SectorOutside
            | Finding::MinRoundNotMet { .. } => ReasonKind::Failed,
            Finding::TicketUnknown
            | Finding::TicketMinUnknown
            | Finding::TicketMaxUnknown
            | Finding::CoInvestor
            | Finding::UncertaintyNote
            | Finding::NeverVerified
            | Finding::VerificationStale { .. } => ReasonKind::Uncertain,
            Finding::StageOutsideFocus | Finding::SectorOutsideFocus => ReasonKind::Note,
            _ => ReasonKind::Matched,
        }
    }

    /// The finding as a reason in Dutch and English.
    pub fn render(&self, ctx: &RenderContext<'_>) -> Reason {
        let texts = &ctx.entry.texts;
        let cached = match self {
            Finding::RegionOutside => Some(&texts.region_outside),
            Finding::CapitalNotOffered => Some(&texts.capital_not_offered),
            Finding::StageOutside => Some(&texts.stage_outside),
            Finding::SectorOutside => Some(&texts.sector_outside),
            Finding::MinRoundNotMet { .. } => texts.round_too_small.as_ref(),
            Finding::UncertaintyNote => texts.uncertainty.as_ref(),
            Finding::TicketTooSmall { min, .. }
                if ctx.entry.instrument.ticket_min_cents == Some(*min) =>
            {
                texts.ticket_too_small.as_ref()
            }
            Finding::TicketTooLarge { max, .. }
                if ctx.entry.instrument.ticket_max_cents == Some(*max) =>
            {
                texts.ticket_too_large.as_ref()
            }
            _ => None,
        };
        let (nl, en) = match cached {
            Some((nl, en)) => (nl.clone(), en.clone()),
            None => {
                let (nl, en) = self.texts(ctx);
                (nl.into(), en.into())
            }
        };
        Reason {
            code: Cow::Borrowed(self.code()),
            kind: self.kind(),
            nl,
            en,
        }
    }

    fn texts(&self, ctx: &RenderContext<'_>) -> (String, String) {
        let case = ctx.case;
        let instrument = &ctx.entry.instrument;
        match *self {
            Finding::RegionRegional => (
                format!("werkt in {}", case.province.label_nl()),
                format!("works in {}", case.province.label_en()),
            ),
            Finding::RegionNational => ("landelijke financier".into(), "national financier".into()),
            Finding::RegionOutside => (
                ctx.entry.texts.region_outside.0.to_string(),
                ctx.entry.texts.region_outside.1.to_string(),
            ),
            Finding::CapitalRequested(ct) => (
                format!("kapitaalsoort past: {}", ct.label_nl()),
                format!("capital type fits: {}", ct.label_en()),
            ),
            Finding::CapitalRelated { requested, offered } => (
                format!(
                    "verwante kapitaalsoort: {} in plaats van {}",
                    offered.label_nl(),
                    requested.label_nl()
                ),
                format!(
                    "related capital type: {} instead of {}",
                    offered.label_en(),
                    requested.label_en()
                ),
            ),
            Finding::CapitalAcceptable(ct) => (
                format!(
                    "kapitaalsoort {} is voor deze keer acceptabel",
                    ct.label_nl()
                ),
                format!("capital type {} accepted for this run", ct.label_en()),
            ),
            Finding::CapitalNotOffered => (
                ctx.entry.texts.capital_not_offered.0.to_string(),
                ctx.entry.texts.capital_not_offered.1.to_string(),
            ),
            Finding::TicketFits { tranche, min, max } => (
                format!(
                    "ticket past: {} binnen {}",
                    format_euros(tranche),
                    range_text(min, max)
                ),
                format!(
                    "ticket fits: {} within {}",
                    format_euros(tranche),
                    range_text(min, max)
                ),
            ),
            Finding::TicketTooSmall { min, .. } => (
                format!("ticket te klein: investeert vanaf {}", format_euros(min)),
                format!("ticket too small: invests from {}", format_euros(min)),
            ),
            Finding::TicketTooLarge { max, .. } => (
                format!(
                    "ticket te groot: hoogstens {} per ticket",
                    format_euros(max)
                ),
                format!("ticket too large: at most {} per ticket", format_euros(max)),
            ),
            Finding::TicketUnknown => {
                ("ticketgrens onbekend".into(), "ticket range unknown".into())
            }
            Finding::TicketMinUnknown => (
                "minimumticket onbekend".into(),
                "smallest ticket unknown".into(),
            ),
            Finding::TicketMaxUnknown => (
                "maximumticket onbekend".into(),
                "largest ticket unknown".into(),
            ),
            Finding::StageFocus => STAGE_WORDS.focus(
                instrument.stage_mode,
                &ctx.financier.name,
                (case.stage.label_nl(), case.stage.label_en()),
            ),
            Finding::StageAny => STAGE_WORDS.any(),
            Finding::StageOutside => (
                ctx.entry.texts.stage_outside.0.to_string(),
                ctx.entry.texts.stage_outside.1.to_string(),
            ),
            Finding::StageOutsideFocus => STAGE_WORDS.outside_focus(
                &ctx.financier.name,
                labels(&instrument.stages, |s| s.label_nl(), |s| s.label_en()),
            ),
            Finding::SectorFocus => SECTOR_WORDS.focus(
                instrument.sector_mode,
                &ctx.financier.name,
                (case.sector.label_nl(), case.sector.label_en()),
            ),
            Finding::SectorAny => SECTOR_WORDS.any(),
            Finding::SectorOutside => (
                ctx.entry.texts.sector_outside.0.to_string(),
                ctx.entry.texts.sector_outside.1.to_string(),
            ),
            Finding::SectorOutsideFocus => SECTOR_WORDS.outside_focus(
                &ctx.financier.name,
                labels(&instrument.sectors, |s| s.label_nl(), |s| s.label_en()),
            ),
            Finding::MaxShare { pct, cap } => (
                format!(
                    "neemt hooguit {pct}% van de vraag: tot {}",
                    format_euros(cap)
                ),
                format!(
                    "takes at most {pct}% of the need: up to {}",
                    format_euros(cap)
                ),
            ),
            Finding::MinRoundMet { min } => (
                format!("ronde van minstens {}: voldaan", format_euros(min)),
                format!("round of at least {}: met", format_euros(min)),
            ),
            Finding::MinRoundNotMet { min } => (
                format!(
                    "ronde te klein: investeert alleen in rondes vanaf {}",
                    format_euros(min)
                ),
                format!(
                    "round too small: invests only in rounds from {}",
                    format_euros(min)
                ),
            ),
            Finding::TypeCap { capital_type, max } => (
                format!("{} tot {}", capital_type.label_nl(), format_euros(max)),
                format!("{} up to {}", capital_type.label_en(), format_euros(max)),
            ),
            Finding::CoInvestor => (
                "alleen naast een private co-investeerder".into(),
                "only beside a private co-investor".into(),
            ),
            Finding::UncertaintyNote => {
                let note = instrument.uncertainty.as_deref().unwrap_or_default();
                let english = instrument.uncertainty_english().unwrap_or_default();
                (format!("onzeker: {note}"), format!("uncertain: {english}"))
            }
            Finding::NeverVerified => ("nooit geverifieerd".into(), "never verified".into()),
            Finding::VerificationStale { days } => {
                let date = instrument
                    .verified_on
                    .map(crate::domain::format::date_nl)
                    .unwrap_or_default();
                (
                    format!("verificatie verouderd: {days} dagen geleden ({date})"),
                    format!("verification stale: {days} days ago ({date})"),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(nl: &str, en: &str) -> (String, String) {
        (nl.to_string(), en.to_string())
    }

    #[test]
    fn stage_and_sector_reasons_read_each_in_their_own_words() {
        let rom = "ROM Utrecht";
        assert_eq!(
            STAGE_WORDS.focus(ListMode::Focus, rom, ("Start", "Start")),
            pair(
                "voorkeursfase van ROM Utrecht: Start",
                "preferred stage of ROM Utrecht: Start"
            )
        );
        assert_eq!(
            STAGE_WORDS.focus(ListMode::Exclusive, rom, ("Start", "Start")),
            pair("fase past: Start", "stage fits: Start")
        );
        assert_eq!(STAGE_WORDS.any(), pair("alle fasen", "any stage"));
        assert_eq!(
            STAGE_WORDS.outside_focus(rom, pair("Groei", "Growth")),
            pair(
                "geen voorkeursfase van ROM Utrecht (voorkeur: Groei), maar investeert ook in andere fasen",
                "not a preferred stage of ROM Utrecht (preferred: Growth), but it invests in other stages too"
            )
        );
        assert_eq!(
            SECTOR_WORDS.focus(ListMode::Focus, rom, ("Zorg", "Care")),
            pair(
                "focussector van ROM Utrecht: Zorg",
                "focus sector of ROM Utrecht: Care"
            )
        );
        assert_eq!(
            SECTOR_WORDS.focus(ListMode::Exclusive, rom, ("Zorg", "Care")),
            pair("sector past: Zorg", "sector fits: Care")
        );
        assert_eq!(SECTOR_WORDS.any(), pair("alle sectoren", "any sector"));
        assert_eq!(
            SECTOR_WORDS.outside_focus(rom, pair("Zorg", "Care")),
            pair(
                "geen focussector van ROM Utrecht (focus: Zorg), maar investeert ook in andere sectoren",
                "not a focus sector of ROM Utrecht (focus: Care), but it invests in other sectors too"
            )
        );
    }
}
