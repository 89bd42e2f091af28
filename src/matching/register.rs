//! The register prepared for matching: every instrument with what matching needs of its
//! financier and of its structured rules, worked out once and reused for many cases.

use super::reasons::EntryTexts;
use crate::domain::*;

/// What matching needs of a financier.
#[derive(Debug, Clone, PartialEq)]
pub struct FinancierInfo {
    /// UUIDv7.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind of financier.
    pub financier_type: FinancierType,
    /// Regions it works in.
    pub regions: Vec<Region>,
}

impl From<&FinancierSummary> for FinancierInfo {
    fn from(f: &FinancierSummary) -> Self {
        FinancierInfo {
            id: f.id.clone(),
            name: f.name.clone(),
            financier_type: f.financier_type,
            regions: f.regions.clone(),
        }
    }
}

impl From<&Financier> for FinancierInfo {
    fn from(f: &Financier) -> Self {
        FinancierInfo {
            id: f.id.clone(),
            name: f.name.clone(),
            financier_type: f.financier_type,
            regions: f.regions.clone(),
        }
    }
}

/// One instrument, prepared.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The instrument as stored.
    pub instrument: Instrument,
    /// Index of its financier in [`MatchRegister::financiers`].
    pub financier: usize,
    /// The regions that apply: the instrument's, or its financier's when it names none.
    pub regions: Vec<Region>,
    /// The regions are the instrument's own (narrower than its financier's).
    pub regions_own: bool,
    /// Works in the whole country.
    pub national: bool,
    region_mask: u16,
    /// Capital types that are money (everything but `guarantee`).
    pub money_types: Vec<CapitalType>,
    /// The guarantee terms, for a guarantee scheme.
    pub guarantee: Option<GuaranteeTerms>,
    /// At most this percentage of the need.
    pub max_share_pct: Option<u8>,
    /// The round must be at least this many cents.
    pub min_round_cents: Option<i64>,
    /// Invests only beside a private co-investor.
    pub requires_co_investor: bool,
    /// Caps per capital type, in cents.
    pub type_caps: Vec<(CapitalType, i64)>,
    /// Its failure texts, written once.
    pub texts: EntryTexts,
}

fn province_bit(province: Province) -> u16 {
    let index = Province::ALL
        .iter()
        .position(|p| *p == province)
        .unwrap_or(0);
    1 << index
}

fn region_mask(regions: &[Region]) -> u16 {
    regions.iter().fold(0u16, |mask, region| match region {
        Region::NL => mask | 0x0fff,
        other => mask | Province::from_id(other.id()).map(province_bit).unwrap_or(0),
    })
}

impl Entry {
    fn new(instrument: Instrument, financier: usize, info: &FinancierInfo) -> Entry {
        let regions_own = !instrument.regions.is_empty();
        let regions = if regions_own {
            instrument.regions.clone()
        } else {
            info.regions.clone()
        };
        let texts = EntryTexts::new(&instrument, &info.name, &regions, regions_own, None);
        let mut entry = Entry {
            texts,
            financier,
            national: regions.contains(&Region::NL),
            region_mask: region_mask(&regions),
            regions,
            regions_own,
            money_types: instrument
                .capital_types
                .iter()
                .copied()
                .filter(|c| *c != CapitalType::Guarantee)
                .collect(),
            guarantee: None,
            max_share_pct: None,
            min_round_cents: None,
            requires_co_investor: false,
            type_caps: Vec::new(),
            instrument,
        };
        for rule in &entry.instrument.structured_rules {
            match rule {
                InstrumentRule::MaxShareOfNeedPct(pct) => {
                    entry.max_share_pct = Some(entry.max_share_pct.map_or(*pct, |p| p.min(*pct)))
                }
                InstrumentRule::RequiresCoInvestor => entry.requires_co_investor = true,
                InstrumentRule::MinRoundCents(cents) => {
                    entry.min_round_cents =
                        Some(entry.min_round_cents.map_or(*cents, |c| c.max(*cents)))
                }
                InstrumentRule::MaxTicketFor {
                    capital_type,
                    max_cents,
                } => entry.type_caps.push((*capital_type, *max_cents)),
                InstrumentRule::GuaranteeFor(terms) => entry.guarantee = Some(terms.clone()),
            }
        }
        if entry.min_round_cents.is_some() {
            entry.texts = EntryTexts::new(
                &entry.instrument,
                &info.name,
                &entry.regions,
                regions_own,
                entry.min_round_cents,
            );
        }
        entry
    }

    /// A guarantee scheme: offers no money of its own, only a guarantee on others' loans.
    pub fn is_guarantee_scheme(&self) -> bool {
        self.money_types.is_empty()
    }

    /// Works in this province.
    pub fn serves(&self, province: Province) -> bool {
        self.region_mask & province_bit(province) != 0
    }

    /// The largest ticket for a capital type: the instrument's maximum and any cap of that type.
    pub fn ticket_max_for(&self, capital_type: CapitalType) -> Option<i64> {
        let cap = self
            .type_caps
            .iter()
            .filter(|(c, _)| *c == capital_type)
            .map(|(_, m)| *m)
            .min();
        match (self.instrument.ticket_max_cents, cap) {
            (Some(max), Some(cap)) => Some(max.min(cap)),
            (max, cap) => max.or(cap),
        }
    }

    /// The cap of a capital type, when a rule sets one.
    pub fn type_cap(&self, capital_type: CapitalType) -> Option<i64> {
        self.type_caps
            .iter()
            .filter(|(c, _)| *c == capital_type)
            .map(|(_, m)| *m)
            .min()
    }

    /// The largest part of `need_cents` this instrument could take as `capital_type`.
    pub fn part_max(&self, capital_type: CapitalType, need_cents: i64) -> i64 {
        let mut part = need_cents;
        if let Some(pct) = self.max_share_pct {
            part = part.min(share(need_cents, pct));
        }
        if let Some(max) = self.ticket_max_for(capital_type) {
            part = part.min(max);
        }
        part
    }
}

/// `pct` percent of `cents`, rounded down.
pub fn share(cents: i64, pct: u8) -> i64 {
    (i128::from(cents) * i128::from(pct) / 100) as i64
}

/// The register, prepared once for many cases.
#[derive(Debug, Clone, Default)]
pub struct MatchRegister {
    /// The financiers.
    pub financiers: Vec<FinancierInfo>,
    /// Their instruments, by financier name, instrument name and id.
    pub entries: Vec<Entry>,
}

impl MatchRegister {
    /// Prepares the register; instruments of unknown financiers are left out.
    pub fn new(financiers: Vec<FinancierInfo>, instruments: Vec<Instrument>) -> MatchRegister {
        let mut entries: Vec<Entry> = instruments
            .into_iter()
            .filter_map(|instrument| {
                let index = financiers
                    .iter()
                    .position(|f| f.id == instrument.financier_id)?;
                Some(Entry::new(instrument, index, &financiers[index]))
            })
            .collect();
        entries.sort_by(|a, b| {
            financiers[a.financier]
                .name
                .to_lowercase()
                .cmp(&financiers[b.financier].name.to_lowercase())
                .then_with(|| {
                    a.instrument
                        .name
                        .to_lowercase()
                        .cmp(&b.instrument.name.to_lowercase())
                })
                .then_with(|| a.instrument.id.cmp(&b.instrument.id))
        });
        MatchRegister {
            financiers,
            entries,
        }
    }

    /// Prepares a register from whole financiers with their instruments.
    pub fn from_financiers(financiers: &[Financier]) -> MatchRegister {
        let infos = financiers.iter().map(FinancierInfo::from).collect();
        let instruments = financiers
            .iter()
            .flat_map(|f| f.instruments.iter().cloned())
            .collect();
        Self::new(infos, instruments)
    }

    /// The financier of an entry.
    pub fn financier_of(&self, entry: &Entry) -> &FinancierInfo {
        &self.financiers[entry.financier]
    }

    /// The index of an instrument's entry.
    pub fn position(&self, instrument_id: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.instrument.id == instrument_id)
    }
}

/// What matching needs of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    /// Province of the company.
    pub province: Province,
    /// The need in cents.
    pub need_cents: i64,
    /// Stage.
    pub stage: Stage,
    /// Sector.
    pub sector: Sector,
    /// Purpose.
    pub purpose: Purpose,
    /// Requested capital types, in the case's order.
    pub capital_types: Vec<CapitalType>,
}

impl CaseFacts {
    /// The facts of a stored case.
    pub fn of(case: &Case) -> CaseFacts {
        CaseFacts {
            province: case.company.province,
            need_cents: case.amount_cents,
            stage: case.stage,
            sector: case.sector,
            purpose: case.purpose,
            capital_types: case.capital_types.clone(),
        }
    }
}
