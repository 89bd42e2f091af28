//! One search over cases, companies, financiers and meetings, for the command palette (Ctrl+K).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{CaseSummary, FinancierType, MeetingSummary, Province};
use crate::error::Result;
use crate::store::{CaseFilter, Store};

/// A company found by the palette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CompanyHit {
    /// Company id.
    pub id: String,
    /// Name.
    pub name: String,
    /// KvK number.
    pub kvk: Option<String>,
    /// Province.
    pub province: Province,
    /// Its newest case that is not deleted, to jump to.
    pub latest_case_id: Option<String>,
    /// Number of its cases.
    pub case_count: u32,
}

/// A financier found by the palette.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FinancierHit {
    /// Financier id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub financier_type: FinancierType,
}

/// Everything the palette found, each list best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHits {
    /// Cases.
    pub cases: Vec<CaseSummary>,
    /// Companies.
    pub companies: Vec<CompanyHit>,
    /// Financiers.
    pub financiers: Vec<FinancierHit>,
    /// Meetings whose title or place holds what was typed, or that start on a typed day
    /// (`26-11`, `26-11-2026`), soonest first.
    #[serde(default)]
    pub meetings: Vec<MeetingSummary>,
}

/// Finds cases, companies and financiers matching what was typed (at most `limit` of each).
pub fn search_all(store: &Store, query: &str, limit: u32) -> Result<SearchHits> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(SearchHits {
            cases: Vec::new(),
            companies: Vec::new(),
            financiers: Vec::new(),
            meetings: Vec::new(),
        });
    }
    let cases = store.cases().list(&CaseFilter {
        query: Some(query.to_string()),
        sort: Some(crate::store::CaseSort {
            field: crate::store::CaseSortField::UpdatedAt,
            descending: true,
        }),
        limit: Some(limit),
        ..Default::default()
    })?;
    let companies = store.companies().search(query, limit)?;
    let financiers = store
        .financiers()
        .search(query, limit)?
        .into_iter()
        .map(|(id, name, financier_type)| FinancierHit {
            id,
            name,
            financier_type,
        })
        .collect();
    let companies = companies
        .into_iter()
        .map(|(company, latest_case_id, case_count)| CompanyHit {
            id: company.id,
            name: company.name,
            kvk: company.kvk,
            province: company.province,
            latest_case_id,
            case_count,
        })
        .collect();
    Ok(SearchHits {
        cases,
        companies,
        financiers,
        meetings: meetings_matching(store, query, limit)?,
    })
}

/// A table holds a few meetings a month: they are filtered here rather than indexed.
fn meetings_matching(store: &Store, query: &str, limit: u32) -> Result<Vec<MeetingSummary>> {
    let needle = query.to_lowercase();
    let mut found: Vec<MeetingSummary> = store
        .meetings()
        .list()?
        .into_iter()
        .filter(|m| {
            let day = m
                .starts_at
                .format(crate::domain::format::DATE_NL)
                .to_string();
            m.title.to_lowercase().contains(&needle)
                || m.place
                    .as_deref()
                    .is_some_and(|p| p.to_lowercase().contains(&needle))
                || day.starts_with(&needle)
        })
        .collect();
    found.sort_by_key(|m| m.starts_at);
    found.truncate(limit as usize);
    Ok(found)
}
