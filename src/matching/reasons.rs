//! Why an instrument matches, fails or is uncertain: findings as small values while
//! ranking (cheap for many cases), rendered into plain Dutch and English for results.

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reason {
    /// Stable code, e.g. `outside_mandate_region`, `ticket_too_small`, `ticket_unknown`.
    pub code: String,
    /// Matched, failed, uncertain or a note.
    pub kind: ReasonKind,
    /// Dutch text.
    pub nl: String,
    /// English text.
    pub en: String,
}

impl Reason {
    /// A reason from its parts.
    pub fn new(code: &str, kind: ReasonKind, nl: impl Into<String>, en: impl Into<String>) -> Reason {
        Reason { code: code.to_string(), kind, nl: nl.into(), en: en.into() }
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
    /// Lists the case's sector.
    SectorFocus,
    /// Serves every sector.
    SectorAny,
    /// Does not serve the case's sector.
    SectorOutside,
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
            Finding::SectorFocus => "sector_focus",
            Finding::SectorAny => "sector_any",
            Finding::SectorOutside => "outside_mandate_sector",
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
            _ => ReasonKind::Matched,
        }
    }

    /// The finding as a reason in Dutch and English.
    pub fn render(&self, ctx: &RenderContext<'_>) -> Reason {
        let (nl, en) = self.texts(ctx);
        Reason { code: self.code().to_string(), kind: self.kind(), nl, en }
    }

    fn texts(&self, ctx: &RenderContext<'_>) -> (String, String) {
        let case = ctx.case;
        let instrument = &ctx.entry.instrument;
        match *self {
            Finding::RegionRegional => (format!("werkt in {}", case.province.label_nl()), format!("works in {}", case.province.label_en())),
            Finding::RegionNational => ("landelijke financier".into(), "national financier".into()),
            Finding::RegionOutside => {
                let nl: Vec<&str> = ctx.entry.regions.iter().map(|r| r.label_nl()).collect();
                let en: Vec<&str> = ctx.entry.regions.iter().map(|r| r.label_en()).collect();
                let (who_nl, who_en) = if ctx.entry.regions_own { ("instrument geldt", "the instrument applies") } else { ("financier werkt", "the financier works") };
                (
                    format!("buiten regio: {who_nl} alleen in {} (casus in {})", join_nl(&nl), case.province.label_nl()),
                    format!("outside region: {who_en} only in {} (case in {})", join_en(&en), case.province.label_en()),
                )
            }
            Finding::CapitalRequested(ct) => (format!("kapitaalsoort past: {}", ct.label_nl()), format!("capital type fits: {}", ct.label_en())),
            Finding::CapitalRelated { requested, offered } => (
                format!("verwante kapitaalsoort: {} in plaats van {}", offered.label_nl(), requested.label_nl()),
                format!("related capital type: {} instead of {}", offered.label_en(), requested.label_en()),
            ),
            Finding::CapitalAcceptable(ct) => (
                format!("kapitaalsoort {} is voor deze keer acceptabel", ct.label_nl()),
                format!("capital type {} accepted for this run", ct.label_en()),
            ),
            Finding::CapitalNotOffered => {
                let nl: Vec<&str> = case.capital_types.iter().map(|c| c.label_nl()).collect();
                let en: Vec<&str> = case.capital_types.iter().map(|c| c.label_en()).collect();
                let offered_nl: Vec<&str> = instrument.capital_types.iter().map(|c| c.label_nl()).collect();
                let offered_en: Vec<&str> = instrument.capital_types.iter().map(|c| c.label_en()).collect();
                (
                    format!("biedt geen gevraagde kapitaalsoort ({}), alleen {}", join_nl(&nl), join_nl(&offered_nl)),
                    format!("offers none of the requested capital types ({}), only {}", join_en(&en), join_en(&offered_en)),
                )
            }
            Finding::TicketFits { tranche, min, max } => (
                format!("ticket past: {} binnen {}", format_euros(tranche), range_text(min, max)),
                format!("ticket fits: {} within {}", format_euros(tranche), range_text(min, max)),
            ),
            Finding::TicketTooSmall { min, part } => (
                format!("ticket te klein: investeert vanaf {}, hier hooguit {}", format_euros(min), format_euros(part)),
                format!("ticket too small: invests from {}, here at most {}", format_euros(min), format_euros(part)),
            ),
            Finding::TicketTooLarge { max, pct } => (
                format!("ticket te groot: hoogstens {} per ticket, minder dan {pct}% van {}", format_euros(max), format_euros(case.need_cents)),
                format!("ticket too large: at most {} per ticket, under {pct}% of {}", format_euros(max), format_euros(case.need_cents)),
            ),
            Finding::TicketUnknown => ("ticketgrens onbekend".into(), "ticket range unknown".into()),
            Finding::TicketMinUnknown => ("minimumticket onbekend".into(), "smallest ticket unknown".into()),
            Finding::TicketMaxUnknown => ("maximumticket onbekend".into(), "largest ticket unknown".into()),
            Finding::StageFocus => (format!("fase past: {}", case.stage.label_nl()), format!("stage fits: {}", case.stage.label_en())),
            Finding::StageAny => ("alle fasen".into(), "any stage".into()),
            Finding::StageOutside => {
                let nl: Vec<&str> = instrument.stages.iter().map(|s| s.label_nl()).collect();
                let en: Vec<&str> = instrument.stages.iter().map(|s| s.label_en()).collect();
                (
                    format!("buiten mandaat: fase {} (alleen {})", case.stage.label_nl(), join_nl(&nl)),
                    format!("outside mandate: stage {} (only {})", case.stage.label_en(), join_en(&en)),
                )
            }
            Finding::SectorFocus => (format!("sectorfocus: {}", case.sector.label_nl()), format!("sector focus: {}", case.sector.label_en())),
            Finding::SectorAny => ("alle sectoren".into(), "any sector".into()),
            Finding::SectorOutside => {
                let nl: Vec<&str> = instrument.sectors.iter().map(|s| s.label_nl()).collect();
                let en: Vec<&str> = instrument.sectors.iter().map(|s| s.label_en()).collect();
                (
                    format!("buiten mandaat: sector {} (alleen {})", case.sector.label_nl(), join_nl(&nl)),
                    format!("outside mandate: sector {} (only {})", case.sector.label_en(), join_en(&en)),
                )
            }
            Finding::MaxShare { pct, cap } => (
                format!("neemt hooguit {pct}% van de vraag: tot {}", format_euros(cap)),
                format!("takes at most {pct}% of the need: up to {}", format_euros(cap)),
            ),
            Finding::MinRoundMet { min } => (format!("ronde van minstens {}: voldaan", format_euros(min)), format!("round of at least {}: met", format_euros(min))),
            Finding::MinRoundNotMet { min } => (
                format!("ronde te klein: investeert alleen in rondes vanaf {}", format_euros(min)),
                format!("round too small: invests only in rounds from {}", format_euros(min)),
            ),
            Finding::TypeCap { capital_type, max } => (
                format!("{} tot {}", capital_type.label_nl(), format_euros(max)),
                format!("{} up to {}", capital_type.label_en(), format_euros(max)),
            ),
            Finding::CoInvestor => ("alleen naast een private co-investeerder".into(), "only beside a private co-investor".into()),
            Finding::UncertaintyNote => {
                let note = instrument.uncertainty.as_deref().unwrap_or_default();
                (format!("onzeker: {note}"), format!("uncertain: {note}"))
            }
            Finding::NeverVerified => ("nooit geverifieerd".into(), "never verified".into()),
            Finding::VerificationStale { days } => {
                let date = instrument.verified_on.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_default();
                (format!("verificatie verouderd: {days} dagen geleden ({date})"), format!("verification stale: {days} days ago ({date})"))
            }
        }
    }
}
