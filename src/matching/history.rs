//! The table's own history as a matching score: how a financier answered earlier cases.
//!
//! Built from the recorded responses (interest up to commitment counts as positive, a
//! decline or withdrawal as negative). A financier's rate on cases of the same sector
//! weighs in once there are at least [`MIN_SECTOR_RECORDS`] of them; a financier that never
//! answered stays neutral (`None`).

use std::collections::HashMap;

use super::evaluate::History;
use super::register::CaseFacts;

/// How a financier answered earlier cases: the raw material for matching's history score.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRecord {
    /// The financier.
    pub financier_id: String,
    /// The instrument, when indicated.
    pub instrument_id: Option<String>,
    /// The case's sector id.
    pub sector: String,
    /// The case's stage id.
    pub stage: String,
    /// Positive (interest up to commitment) or negative (declined, withdrawn).
    pub positive: bool,
}

/// Answers on same-sector cases needed before the sector-specific rate counts.
pub const MIN_SECTOR_RECORDS: u32 = 2;

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    positive: u32,
    total: u32,
}

impl Tally {
    fn add(&mut self, positive: bool) {
        self.total += 1;
        if positive {
            self.positive += 1;
        }
    }

    /// Laplace-smoothed share of positive answers: one answer moves the score, but not to 0 or 1.
    fn rate(self) -> f64 {
        (f64::from(self.positive) + 1.0) / (f64::from(self.total) + 2.0)
    }
}

/// Response history per financier, overall and per sector.
#[derive(Debug, Clone, Default)]
pub struct TableHistory {
    overall: HashMap<String, Tally>,
    by_sector: HashMap<(String, String), Tally>,
}

impl TableHistory {
    /// The history from the recorded responses.
    pub fn from_records(records: &[ResponseRecord]) -> TableHistory {
        let mut history = TableHistory::default();
        for r in records {
            history
                .overall
                .entry(r.financier_id.clone())
                .or_default()
                .add(r.positive);
            history
                .by_sector
                .entry((r.financier_id.clone(), r.sector.clone()))
                .or_default()
                .add(r.positive);
        }
        history
    }

    /// Answers recorded for a financier: (positive, total).
    pub fn answers(&self, financier_id: &str) -> (u32, u32) {
        self.overall
            .get(financier_id)
            .map_or((0, 0), |t| (t.positive, t.total))
    }
}

impl History for TableHistory {
    fn affinity(&self, financier_id: &str, _instrument_id: &str, case: &CaseFacts) -> Option<f64> {
        let overall = self.overall.get(financier_id)?;
        let sector = self
            .by_sector
            .get(&(financier_id.to_string(), case.sector.id().to_string()))
            .filter(|t| t.total >= MIN_SECTOR_RECORDS);
        Some(match sector {
            Some(s) => 0.6 * s.rate() + 0.4 * overall.rate(),
            None => overall.rate(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CapitalType, Province, Purpose, Sector, Stage};

    fn record(financier: &str, sector: &str, positive: bool) -> ResponseRecord {
        ResponseRecord {
            financier_id: financier.into(),
            instrument_id: None,
            sector: sector.into(),
            stage: "growth".into(),
            positive,
        }
    }

    #[test]
    fn declines_lower_and_interest_raises_the_score() {
        let facts = CaseFacts {
            province: Province::NB,
            need_cents: 1,
            stage: Stage::Growth,
            sector: Sector::AgriFood,
            purpose: Purpose::Growth,
            capital_types: vec![CapitalType::SeniorLoan],
        };
        let h = TableHistory::from_records(&[
            record("a", "agri_food", false),
            record("a", "agri_food", false),
            record("b", "agri_food", true),
            record("b", "hightech", true),
        ]);
        let a = h.affinity("a", "", &facts).unwrap_or(0.5);
        let b = h.affinity("b", "", &facts).unwrap_or(0.5);
        assert!(a < 0.5 && b > 0.5, "a {a} b {b}");
        assert_eq!(h.affinity("nobody", "", &facts), None);
    }
}
