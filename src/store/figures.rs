//! Reading what the table's figures of a period are computed from
//! (`crate::report::figures`): the cases that may count, with their presentations and
//! outcome history, their committed tranches, and the declines, referrals, follow-ups,
//! meetings and responses dated in the period.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::cases::parse_taxonomy;
use crate::domain::figure_facts::{
    AT_TABLE, BEFORE_TABLE, CaseFacts, DeclineFact, FigureFacts, FollowUpFact, ReferralFact,
    ResponseFact, TrancheFact,
};
use crate::domain::{CapitalType, CaseStatus, DeclineReason, FinancierType, ResponseStatus};
use crate::error::Result;

/// The statuses that are an outcome.
const OUTCOMES: [CaseStatus; 5] = [
    CaseStatus::Financed,
    CaseStatus::PartlyFinanced,
    CaseStatus::NotFinanced,
    CaseStatus::Referred,
    CaseStatus::Withdrawn,
];

/// `'a', 'b', …` of stable ids, for `IN (…)` (ids come from the taxonomy, never from input).
fn id_list(ids: impl IntoIterator<Item = &'static str>) -> String {
    ids.into_iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cases that may count in `[?1, ?2]` (`?3`: the day before `?1`, for change times):
/// intake or outcome in the period, an outcome without a recorded day, a change since the
/// period began (a status change in it), or presented at a meeting in it.
fn candidate_cases() -> String {
    let outcome_or_closed = id_list(
        OUTCOMES
            .iter()
            .map(|s| s.id())
            .chain([CaseStatus::Closed.id()]),
    );
    format!(
        "SELECT c.id FROM cases c WHERE c.deleted_at IS NULL AND (
            c.intake_date BETWEEN ?1 AND ?2
            OR c.outcome_on BETWEEN ?1 AND ?2
            OR (c.outcome_on IS NULL AND c.status IN ({outcome_or_closed}))
            OR c.updated_at >= ?3
            OR c.id IN (SELECT a.case_id FROM meeting_agenda a JOIN meetings m ON m.id = a.meeting_id
                        WHERE a.presented = 1 AND m.deleted_at IS NULL AND substr(m.starts_at, 1, 10) BETWEEN ?1 AND ?2))"
    )
}

/// The local calendar day of an RFC 3339 time (its own date part when it does not parse).
fn local_day(rfc3339: &str) -> Option<NaiveDate> {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(time) => Some(time.with_timezone(&chrono::Local).date_naive()),
        Err(_) => rfc3339
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    }
}

fn status_of(text: &str) -> Option<CaseStatus> {
    CaseStatus::from_id(text)
}

/// Read handle on the facts behind the table's figures.
pub struct Figures<'c> {
    conn: &'c Connection,
}

impl<'c> Figures<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Figures { conn }
    }

    /// Everything the figures of `[from, to]` (both included) are computed from.
    pub fn facts(&self, from: NaiveDate, to: NaiveDate) -> Result<FigureFacts> {
        let since = from
            .pred_opt()
            .unwrap_or(from)
            .format("%Y-%m-%d")
            .to_string();
        let candidates = candidate_cases();
        let mut cases = self.cases(&candidates, from, to, &since)?;
        let index: HashMap<String, usize> = cases
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let find = |id: &str| index.get(id).copied();

        // Capital types of the cases in.
        let mut stmt = self.conn.prepare(
            "SELECT cc.case_id, cc.capital_type FROM case_capital_types cc JOIN cases c ON c.id = cc.case_id
             WHERE c.deleted_at IS NULL AND c.intake_date BETWEEN ?1 AND ?2 ORDER BY cc.case_id, cc.capital_type",
        )?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                parse_taxonomy(r, 1, CapitalType::from_id)?,
            ))
        })?;
        for row in rows {
            let (id, ct) = row?;
            if let Some(i) = find(&id) {
                cases[i].capital_types.push(ct);
            }
        }

        // Presentations: status moves from before the table to the table, from the log…
        let at_table = id_list(AT_TABLE.iter().map(|s| s.id()));
        let before_table = id_list(BEFORE_TABLE.iter().map(|s| s.id()));
        // A case recorded already at the table (an import, the demo) counts on its intake day:
        // the day it was typed in says nothing about when it was presented.
        let mut stmt = self.conn.prepare(&format!(
            "SELECT l.entity_id, CASE WHEN l.action = 'create' THEN c.intake_date ELSE l.at END
             FROM change_log l JOIN cases c ON c.id = l.entity_id
             WHERE l.entity = 'case' AND json_extract(l.changes, '$.status[1]') IN ({at_table})
               AND coalesce(json_extract(l.changes, '$.status[0]'), '{}') IN ({before_table})
               AND l.entity_id IN ({candidates})",
            CaseStatus::Intake.id()
        ))?;
        let rows = stmt.query_map(params![from, to, since], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, at) = row?;
            if let (Some(i), Some(day)) = (find(&id), local_day(&at)) {
                cases[i].presented_on.push(day);
            }
        }
        // … and agenda items marked presented, on the meeting's day.
        let mut stmt = self.conn.prepare(
            "SELECT a.case_id, substr(m.starts_at, 1, 10) FROM meeting_agenda a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.presented = 1 AND m.deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, day) = row?;
            if let (Some(i), Ok(day)) = (find(&id), NaiveDate::parse_from_str(&day, "%Y-%m-%d")) {
                cases[i].presented_on.push(day);
            }
        }

        // Status changes to an outcome, for closed cases and outcomes without a recorded day.
        let outcomes = id_list(OUTCOMES.iter().map(|s| s.id()));
        let mut stmt = self.conn.prepare(&format!(
            "SELECT l.entity_id, l.at, json_extract(l.changes, '$.status[1]') FROM change_log l
             WHERE l.entity = 'case' AND json_extract(l.changes, '$.status[1]') IN ({outcomes})
               AND l.entity_id IN ({candidates} AND (c.status = '{}' OR c.outcome_on IS NULL))
             ORDER BY l.seq",
            CaseStatus::Closed.id()
        ))?;
        let rows = stmt.query_map(params![from, to, since], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, at, status) = row?;
            if let (Some(i), Some(day), Some(status)) =
                (find(&id), local_day(&at), status_of(&status))
            {
                cases[i].outcome_changes.push((day, status));
            }
        }

        // First positive response per case.
        let positive = id_list(
            ResponseStatus::ALL
                .iter()
                .filter(|s| s.is_positive())
                .map(|s| s.id()),
        );
        let mut stmt = self.conn.prepare(&format!(
            "SELECT r.case_id, min(s.on_date) FROM response_steps s JOIN case_responses r ON r.id = s.response_id
             WHERE s.status IN ({positive}) AND r.case_id IN ({candidates}) GROUP BY r.case_id"
        ))?;
        let rows = stmt.query_map(params![from, to, since], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, NaiveDate>(1)?))
        })?;
        for row in rows {
            let (id, day) = row?;
            if let Some(i) = find(&id) {
                cases[i].first_positive_on = Some(day);
            }
        }

        Ok(FigureFacts {
            tranches: self.tranches(&candidates, from, to, &since)?,
            declines: self.declines(from, to)?,
            referrals: self.referrals(from, to)?,
            follow_ups: self.follow_ups(from, to)?,
            meeting_dates: self.meeting_dates(from, to)?,
            responses: self.responses(from, to)?,
            cases,
        })
    }

    fn cases(
        &self,
        candidates: &str,
        from: NaiveDate,
        to: NaiveDate,
        since: &str,
    ) -> Result<Vec<CaseFacts>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, intake_date, amount_cents, status, outcome_on, updated_at FROM cases WHERE id IN ({candidates}) ORDER BY intake_date, id"
        ))?;
        let rows = stmt.query_map(params![from, to, since], |r| {
            let intake_date: NaiveDate = r.get(1)?;
            let updated_at: String = r.get(5)?;
            Ok(CaseFacts {
                id: r.get(0)?,
                intake_date,
                amount_cents: r.get(2)?,
                capital_types: Vec::new(),
                status: parse_taxonomy(r, 3, CaseStatus::from_id)?,
                outcome_on: r.get(4)?,
                updated_on: local_day(&updated_at).unwrap_or(intake_date),
                outcome_changes: Vec::new(),
                presented_on: Vec::new(),
                first_positive_on: None,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn tranches(
        &self,
        candidates: &str,
        from: NaiveDate,
        to: NaiveDate,
        since: &str,
    ) -> Result<Vec<TrancheFact>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT t.case_id, t.capital_type, f.financier_type, t.amount_cents FROM package_tranches t JOIN financiers f ON f.id = t.financier_id
             WHERE t.deleted_at IS NULL AND t.case_id IN ({candidates}) ORDER BY t.created_at, t.id"
        ))?;
        let rows = stmt.query_map(params![from, to, since], |r| {
            Ok(TrancheFact {
                case_id: r.get(0)?,
                capital_type: parse_taxonomy(r, 1, CapitalType::from_id)?,
                financier_type: parse_taxonomy(r, 2, FinancierType::from_id)?,
                amount_cents: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn declines(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DeclineFact>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT s.response_id, s.on_date, s.recorded_at, coalesce(s.decline_reason, r.decline_reason)
             FROM response_steps s JOIN case_responses r ON r.id = s.response_id JOIN cases c ON c.id = r.case_id
             WHERE s.status = '{}' AND c.deleted_at IS NULL AND s.on_date BETWEEN ?1 AND ?2
               AND coalesce(s.decline_reason, r.decline_reason) IS NOT NULL",
            ResponseStatus::Declined.id()
        ))?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok(DeclineFact {
                response_id: r.get(0)?,
                on_date: r.get(1)?,
                recorded_at: r.get(2)?,
                reason: parse_taxonomy(r, 3, DeclineReason::from_id)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn referrals(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ReferralFact>> {
        let mut stmt = self.conn.prepare(
            "SELECT rf.to_financier_id, rf.referred_on FROM referrals rf JOIN cases c ON c.id = rf.case_id
             WHERE c.deleted_at IS NULL AND rf.referred_on BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok(ReferralFact {
                to_financier_id: r.get(0)?,
                referred_on: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn follow_ups(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<FollowUpFact>> {
        let mut stmt = self.conn.prepare(
            "SELECT fu.months, fu.done_on, fu.jobs_kept, fu.jobs_created, fu.financing_closed FROM follow_ups fu JOIN cases c ON c.id = fu.case_id
             WHERE c.deleted_at IS NULL AND fu.done_on BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok(FollowUpFact {
                months: r.get(0)?,
                done_on: r.get(1)?,
                jobs_kept: r.get(2)?,
                jobs_created: r.get(3)?,
                financing_closed: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn meeting_dates(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<NaiveDate>> {
        let mut stmt = self
            .conn
            .prepare("SELECT substr(starts_at, 1, 10) FROM meetings WHERE deleted_at IS NULL AND substr(starts_at, 1, 10) BETWEEN ?1 AND ?2")?;
        let rows = stmt.query_map(params![from, to], |r| r.get::<_, String>(0))?;
        let mut dates = Vec::new();
        for row in rows {
            if let Ok(day) = NaiveDate::parse_from_str(&row?, "%Y-%m-%d") {
                dates.push(day);
            }
        }
        Ok(dates)
    }

    fn responses(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<ResponseFact>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT DISTINCT r.financier_id, s.on_date FROM response_steps s JOIN case_responses r ON r.id = s.response_id
             JOIN cases c ON c.id = r.case_id
             WHERE c.deleted_at IS NULL AND s.on_date BETWEEN ?1 AND ?2 AND s.status NOT IN ({})",
            id_list([ResponseStatus::NotContacted.id(), ResponseStatus::SummarySent.id()])
        ))?;
        let rows = stmt.query_map(params![from, to], |r| {
            Ok(ResponseFact {
                financier_id: r.get(0)?,
                on_date: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
