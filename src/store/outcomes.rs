//! Outcomes of cases: financiers' responses with their steps, referrals, the financing
//! package and follow-ups. Every write goes to the change log with the case id in its
//! changes, so a case's history shows who changed which outcome and when.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::cases::parse_taxonomy;
use super::sql::{all_rows, one_row};
use super::{Writer, diff, new_id};
use crate::domain::{
    CapitalType, CaseStatus, DeclineReason, FollowUp, FollowUpResult, NewResponseStep,
    PackageTranche, Referral, ReferralBasis, Response, ResponseStatus, ResponseStep,
    follow_up_schedule,
};
use crate::error::{Error, Result};
use crate::matching::ResponseRecord;

const RESPONSE_COLUMNS: &str = "r.id, r.case_id, r.financier_id, f.name, r.instrument_id, i.name, r.status, r.decline_reason, r.decline_text,
     r.amount_cents, r.notes, r.status_date, r.created_at, r.updated_at";
const RESPONSE_FROM: &str = "case_responses r JOIN financiers f ON f.id = r.financier_id LEFT JOIN instruments i ON i.id = r.instrument_id";

fn optional_taxonomy<T>(
    row: &Row<'_>,
    index: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let text: Option<String> = row.get(index)?;
    match text {
        None => Ok(None),
        Some(t) => parse(&t)
            .map(Some)
            .ok_or_else(|| super::companies::bad_value(index, &t)),
    }
}

fn response_from_row(row: &Row<'_>) -> rusqlite::Result<Response> {
    Ok(Response {
        id: row.get(0)?,
        case_id: row.get(1)?,
        financier_id: row.get(2)?,
        financier_name: row.get(3)?,
        instrument_id: row.get(4)?,
        instrument_name: row.get(5)?,
        status: parse_taxonomy(row, 6, ResponseStatus::from_id)?,
        decline_reason: optional_taxonomy(row, 7, DeclineReason::from_id)?,
        decline_text: row.get(8)?,
        amount_cents: row.get(9)?,
        notes: row.get(10)?,
        status_date: row.get(11)?,
        steps: Vec::new(),
        created_at: row.get(12)?,
        updated_at: row.get(13)?,
    })
}

const TRANCHE_COLUMNS: &str = "t.id, t.case_id, t.financier_id, f.name, t.instrument_id, i.name, t.capital_type, t.amount_cents,
     t.guarantee_instrument_id, g.name, t.guaranteed_cents, t.closing_date, t.notes, t.created_at";
const TRANCHE_FROM: &str = "package_tranches t JOIN financiers f ON f.id = t.financier_id LEFT JOIN instruments i ON i.id = t.instrument_id
     LEFT JOIN instruments g ON g.id = t.guarantee_instrument_id";

fn tranche_from_row(row: &Row<'_>) -> rusqlite::Result<PackageTranche> {
    Ok(PackageTranche {
        id: row.get(0)?,
        case_id: row.get(1)?,
        financier_id: row.get(2)?,
        financier_name: row.get(3)?,
        instrument_id: row.get(4)?,
        instrument_name: row.get(5)?,
        capital_type: parse_taxonomy(row, 6, CapitalType::from_id)?,
        amount_cents: row.get(7)?,
        guarantee_instrument_id: row.get(8)?,
        guarantee_name: row.get(9)?,
        guaranteed_cents: row.get(10)?,
        closing_date: row.get(11)?,
        notes: row.get(12)?,
        created_at: row.get(13)?,
    })
}

const FOLLOW_UP_COLUMNS: &str =
    "id, case_id, months, due_on, done_on, jobs_kept, jobs_created, financing_closed, notes";

fn follow_up_from_row(row: &Row<'_>) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        id: row.get(0)?,
        case_id: row.get(1)?,
        months: row.get(2)?,
        due_on: row.get(3)?,
        done_on: row.get(4)?,
        jobs_kept: row.get(5)?,
        jobs_created: row.get(6)?,
        financing_closed: row.get(7)?,
        notes: row.get(8)?,
    })
}

/// Read handle on outcomes.
pub struct Outcomes<'c> {
    conn: &'c Connection,
}

impl<'c> Outcomes<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Outcomes { conn }
    }

    fn steps_of(&self, response_id: &str) -> Result<Vec<ResponseStep>> {
        all_rows(
            self.conn,
            "SELECT status, on_date, decline_reason, amount_cents, note, meeting_id, author, recorded_at
             FROM response_steps WHERE response_id = ?1 ORDER BY on_date, recorded_at",
            [response_id],
            |row| {
                Ok(ResponseStep {
                    status: parse_taxonomy(row, 0, ResponseStatus::from_id)?,
                    on_date: row.get(1)?,
                    decline_reason: optional_taxonomy(row, 2, DeclineReason::from_id)?,
                    amount_cents: row.get(3)?,
                    note: row.get(4)?,
                    meeting_id: row.get(5)?,
                    author: row.get(6)?,
                    recorded_at: row.get(7)?,
                })
            },
        )
    }

    /// Every financier's response on a case, with steps, by financier name.
    pub fn responses_of(&self, case_id: &str) -> Result<Vec<Response>> {
        let mut responses = all_rows(
            self.conn,
            &format!(
                "SELECT {RESPONSE_COLUMNS} FROM {RESPONSE_FROM} WHERE r.case_id = ?1 ORDER BY f.name"
            ),
            [case_id],
            response_from_row,
        )?;
        for r in &mut responses {
            r.steps = self.steps_of(&r.id)?;
        }
        Ok(responses)
    }

    /// Every case a financier answered (deleted cases left out), the latest answer first.
    pub fn answers_of(&self, financier_id: &str) -> Result<Vec<crate::domain::FinancierAnswer>> {
        all_rows(
            self.conn,
            "SELECT r.case_id, c.case_number, co.name, c.status, r.status, r.decline_reason, r.amount_cents, r.status_date
             FROM case_responses r JOIN cases c ON c.id = r.case_id JOIN companies co ON co.id = c.company_id
             WHERE r.financier_id = ?1 AND c.deleted_at IS NULL
             ORDER BY r.status_date DESC, c.case_number DESC",
            [financier_id],
            |row| {
                Ok(crate::domain::FinancierAnswer {
                    case_id: row.get(0)?,
                    case_number: row.get(1)?,
                    company_name: row.get(2)?,
                    case_status: parse_taxonomy(row, 3, CaseStatus::from_id)?,
                    status: parse_taxonomy(row, 4, ResponseStatus::from_id)?,
                    decline_reason: optional_taxonomy(row, 5, DeclineReason::from_id)?,
                    amount_cents: row.get(6)?,
                    status_date: row.get(7)?,
                })
            },
        )
    }

    /// One financier's response on a case, if any.
    pub fn response(&self, case_id: &str, financier_id: &str) -> Result<Option<Response>> {
        let found = self
            .conn
            .query_row(
                &format!("SELECT {RESPONSE_COLUMNS} FROM {RESPONSE_FROM} WHERE r.case_id = ?1 AND r.financier_id = ?2"),
                [case_id, financier_id],
                response_from_row,
            )
            .optional()?;
        match found {
            Some(mut r) => {
                r.steps = self.steps_of(&r.id)?;
                Ok(Some(r))
            }
            None => Ok(None),
        }
    }

    /// The referrals of a case, oldest first, each with the receiver's response as its outcome.
    pub fn referrals_of(&self, case_id: &str) -> Result<Vec<Referral>> {
        all_rows(
            self.conn,
            "SELECT rf.id, rf.case_id, rf.from_financier_id, ff.name, rf.to_financier_id, tf.name, rf.reason, rf.basis, rf.referred_on,
                    (SELECT status FROM case_responses r WHERE r.case_id = rf.case_id AND r.financier_id = rf.to_financier_id), rf.created_at
             FROM referrals rf LEFT JOIN financiers ff ON ff.id = rf.from_financier_id JOIN financiers tf ON tf.id = rf.to_financier_id
             WHERE rf.case_id = ?1 ORDER BY rf.referred_on, rf.created_at",
            [case_id],
            |row| {
                Ok(Referral {
                    id: row.get(0)?,
                    case_id: row.get(1)?,
                    from_financier_id: row.get(2)?,
                    from_name: row.get(3)?,
                    to_financier_id: row.get(4)?,
                    to_name: row.get(5)?,
                    reason: row.get(6)?,
                    basis: parse_taxonomy(row, 7, ReferralBasis::from_id)?,
                    referred_on: row.get(8)?,
                    outcome: optional_taxonomy(row, 9, ResponseStatus::from_id)?,
                    created_at: row.get(10)?,
                })
            },
        )
    }

    /// The committed tranches of a case, in the order they were recorded.
    pub fn package_of(&self, case_id: &str) -> Result<Vec<PackageTranche>> {
        all_rows(
            self.conn,
            &format!(
                "SELECT {TRANCHE_COLUMNS} FROM {TRANCHE_FROM} WHERE t.case_id = ?1 AND t.deleted_at IS NULL ORDER BY t.created_at, t.id"
            ),
            [case_id],
            tranche_from_row,
        )
    }

    /// One package tranche by id.
    pub fn tranche(&self, id: &str) -> Result<PackageTranche> {
        one_row(
            self.conn,
            &format!(
                "SELECT {TRANCHE_COLUMNS} FROM {TRANCHE_FROM} WHERE t.id = ?1 AND t.deleted_at IS NULL"
            ),
            [id],
            tranche_from_row,
            "package_tranche",
            id,
        )
    }

    /// The follow-ups of a case, soonest first.
    pub fn follow_ups_of(&self, case_id: &str) -> Result<Vec<FollowUp>> {
        all_rows(
            self.conn,
            &format!(
                "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups WHERE case_id = ?1 ORDER BY months"
            ),
            [case_id],
            follow_up_from_row,
        )
    }

    /// One follow-up by id.
    pub fn follow_up(&self, id: &str) -> Result<FollowUp> {
        one_row(
            self.conn,
            &format!("SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups WHERE id = ?1"),
            [id],
            follow_up_from_row,
            "follow_up",
            id,
        )
    }

    /// Follow-ups not yet done and due on or before `until` (overdue ones included), of
    /// cases that still exist.
    pub fn follow_ups_due(&self, until: NaiveDate) -> Result<Vec<FollowUp>> {
        all_rows(
            self.conn,
            "SELECT fu.id, fu.case_id, fu.months, fu.due_on, fu.done_on, fu.jobs_kept, fu.jobs_created, fu.financing_closed, fu.notes
             FROM follow_ups fu JOIN cases c ON c.id = fu.case_id
             WHERE fu.done_on IS NULL AND fu.due_on <= ?1 AND c.deleted_at IS NULL ORDER BY fu.due_on",
            [until],
            follow_up_from_row,
        )
    }

    /// Every positive or negative response in the table, for matching's history score.
    pub fn response_records(&self) -> Result<Vec<ResponseRecord>> {
        all_rows(
            self.conn,
            "SELECT r.financier_id, r.instrument_id, c.sector, c.stage, r.status
             FROM case_responses r JOIN cases c ON c.id = r.case_id
             WHERE c.deleted_at IS NULL AND r.status IN ('interested','info_requested','in_assessment','offer','committed','declined','withdrawn')",
            [],
            |row| {
                let status = parse_taxonomy(row, 4, ResponseStatus::from_id)?;
                Ok(ResponseRecord {
                    financier_id: row.get(0)?,
                    instrument_id: row.get(1)?,
                    sector: row.get(2)?,
                    stage: row.get(3)?,
                    positive: status.is_positive(),
                })
            },
        )
    }
}

/// A package tranche with its financier and instruments resolved, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedTranche {
    /// Financier id.
    pub financier_id: String,
    /// Instrument id.
    pub instrument_id: Option<String>,
    /// Capital type.
    pub capital_type: CapitalType,
    /// Amount in cents.
    pub amount_cents: i64,
    /// Guarantee instrument id.
    pub guarantee_instrument_id: Option<String>,
    /// Guaranteed part in cents.
    pub guaranteed_cents: Option<i64>,
    /// Closing date.
    pub closing_date: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
}

/// Write handle on outcomes.
pub struct OutcomesMut<'w> {
    w: &'w Writer<'w>,
}

fn response_fields(r: &Response) -> serde_json::Value {
    serde_json::json!({
        "case_id": r.case_id,
        "financier_id": r.financier_id,
        "financier": r.financier_name,
        "instrument_id": r.instrument_id,
        "status": r.status.id(),
        "decline_reason": r.decline_reason.map(|d| d.id()),
        "decline_text": r.decline_text,
        "amount_cents": r.amount_cents,
        "status_date": r.status_date.to_string(),
    })
}

fn tranche_fields(t: &PackageTranche) -> serde_json::Value {
    serde_json::json!({
        "case_id": t.case_id,
        "financier_id": t.financier_id,
        "financier": t.financier_name,
        "instrument_id": t.instrument_id,
        "capital_type": t.capital_type.id(),
        "amount_cents": t.amount_cents,
        "guarantee_instrument_id": t.guarantee_instrument_id,
        "guaranteed_cents": t.guaranteed_cents,
        "closing_date": t.closing_date.map(|d| d.to_string()),
        "notes": t.notes,
    })
}

fn follow_up_fields(f: &FollowUp) -> serde_json::Value {
    serde_json::json!({
        "case_id": f.case_id,
        "months": f.months,
        "due_on": f.due_on.to_string(),
        "done_on": f.done_on.map(|d| d.to_string()),
        "jobs_kept": f.jobs_kept,
        "jobs_created": f.jobs_created,
        "financing_closed": f.financing_closed,
        "notes": f.notes,
    })
}

impl<'w> OutcomesMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        OutcomesMut { w }
    }

    fn read(&self) -> Outcomes<'_> {
        Outcomes::new(self.w.conn())
    }

    /// Records a step of a financier's response on a case: the response's current state
    /// becomes the step's, and the step is kept. An instrument or amount not given keeps
    /// the earlier one; a note is added to the response's notes.
    pub fn record_response(
        &self,
        case_id: &str,
        financier_id: &str,
        instrument_id: Option<&str>,
        step: &NewResponseStep,
    ) -> Result<Response> {
        self.record_step(case_id, financier_id, instrument_id, step, false)
    }

    /// Records a member organisation's shared answer as it now stands: like
    /// [`OutcomesMut::record_response`], but the amount is the step's, also when it has none
    /// (the answer's amount was cleared), so the case page follows the shared fields whatever
    /// order their writes arrived in.
    pub fn record_shared_response(
        &self,
        case_id: &str,
        financier_id: &str,
        step: &NewResponseStep,
    ) -> Result<Response> {
        self.record_step(case_id, financier_id, None, step, true)
    }

    fn record_step(
        &self,
        case_id: &str,
        financier_id: &str,
        instrument_id: Option<&str>,
        step: &NewResponseStep,
        exact_amount: bool,
    ) -> Result<Response> {
        let conn = self.w.conn();
        let before = self.read().response(case_id, financier_id)?;
        let now = self.w.now();
        let id = match &before {
            Some(b) => {
                let notes = match (&b.notes, &step.note) {
                    (Some(old), Some(new)) => Some(format!(
                        "{old}\n{}: {new}",
                        crate::domain::format::date_nl(step.on_date)
                    )),
                    (None, Some(new)) => Some(new.clone()),
                    (old, None) => old.clone(),
                };
                conn.execute(
                    "UPDATE case_responses SET status = ?2, decline_reason = ?3, decline_text = ?4,
                        amount_cents = CASE WHEN ?10 THEN ?5 ELSE coalesce(?5, amount_cents) END, instrument_id = coalesce(?6, instrument_id),
                        notes = ?7, status_date = ?8, updated_at = ?9 WHERE id = ?1",
                    params![b.id, step.status, step.decline_reason, step.decline_text, step.amount_cents, instrument_id, notes, step.on_date, now, exact_amount],
                )?;
                b.id.clone()
            }
            None => {
                let id = new_id();
                conn.execute(
                    "INSERT INTO case_responses (id, case_id, financier_id, instrument_id, status, decline_reason, decline_text,
                        amount_cents, notes, status_date, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                    params![
                        id,
                        case_id,
                        financier_id,
                        instrument_id,
                        step.status,
                        step.decline_reason,
                        step.decline_text,
                        step.amount_cents,
                        step.note,
                        step.on_date,
                        now
                    ],
                )?;
                id
            }
        };
        conn.execute(
            "INSERT INTO response_steps (id, response_id, status, on_date, decline_reason, amount_cents, note, meeting_id, author, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                new_id(),
                id,
                step.status,
                step.on_date,
                step.decline_reason,
                step.amount_cents,
                step.note,
                step.meeting_id,
                self.w.actor().author,
                now
            ],
        )?;
        let after = self
            .read()
            .response(case_id, financier_id)?
            .ok_or_else(|| Error::NotFound {
                entity: "response",
                id: id.clone(),
            })?;
        let old = before
            .as_ref()
            .map(response_fields)
            .unwrap_or(serde_json::Value::Null);
        let mut changes = diff(&old, &response_fields(&after));
        if let (Some(map), Some(note)) = (changes.as_object_mut(), &step.note) {
            map.insert("note".into(), serde_json::json!([null, note]));
        }
        if let (Some(map), Some(meeting)) = (changes.as_object_mut(), &step.meeting_id) {
            map.insert("meeting_id".into(), serde_json::json!([null, meeting]));
        }
        // The case id stays in every entry so the case's history can find it.
        if let Some(map) = changes.as_object_mut() {
            map.entry("case_id")
                .or_insert_with(|| serde_json::json!([case_id, case_id]));
        }
        self.w.log(
            "response",
            &id,
            if before.is_some() { "update" } else { "create" },
            &changes,
        )?;
        Ok(after)
    }

    /// Records a referral.
    pub fn add_referral(
        &self,
        case_id: &str,
        from_financier_id: Option<&str>,
        to_financier_id: &str,
        reason: &str,
        basis: ReferralBasis,
        on_date: NaiveDate,
    ) -> Result<Referral> {
        let id = new_id();
        self.w.conn().execute(
            "INSERT INTO referrals (id, case_id, from_financier_id, to_financier_id, reason, basis, referred_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, case_id, from_financier_id, to_financier_id, reason, basis, on_date, self.w.now()],
        )?;
        let changes = serde_json::json!({
            "case_id": [null, case_id],
            "from_financier_id": [null, from_financier_id],
            "to_financier_id": [null, to_financier_id],
            "reason": [null, reason],
            "basis": [null, basis.id()],
            "referred_on": [null, on_date.to_string()],
        });
        self.w.log("referral", &id, "create", &changes)?;
        self.read()
            .referrals_of(case_id)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::NotFound {
                entity: "referral",
                id,
            })
    }

    /// Adds a committed tranche to a case's package.
    pub fn add_tranche(&self, case_id: &str, t: &ResolvedTranche) -> Result<PackageTranche> {
        let id = new_id();
        let now = self.w.now();
        self.w.conn().execute(
            "INSERT INTO package_tranches (id, case_id, financier_id, instrument_id, capital_type, amount_cents, guarantee_instrument_id,
                guaranteed_cents, closing_date, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                id,
                case_id,
                t.financier_id,
                t.instrument_id,
                t.capital_type,
                t.amount_cents,
                t.guarantee_instrument_id,
                t.guaranteed_cents,
                t.closing_date,
                t.notes,
                now
            ],
        )?;
        let tranche = self.read().tranche(&id)?;
        self.w.log(
            "package_tranche",
            &id,
            "create",
            &diff(&serde_json::Value::Null, &tranche_fields(&tranche)),
        )?;
        Ok(tranche)
    }

    /// Removes a tranche from the package (kept in the file, marked deleted).
    pub fn delete_tranche(&self, id: &str) -> Result<PackageTranche> {
        let tranche = self.read().tranche(id)?;
        self.w.conn().execute(
            "UPDATE package_tranches SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, self.w.now()],
        )?;
        let mut changes = diff(&tranche_fields(&tranche), &serde_json::Value::Null);
        if let Some(map) = changes.as_object_mut() {
            map.insert(
                "case_id".into(),
                serde_json::json!([tranche.case_id, tranche.case_id]),
            );
        }
        self.w.log("package_tranche", id, "delete", &changes)?;
        Ok(tranche)
    }

    /// Schedules the 3-, 6- and 12-month follow-ups from `outcome_date`, unless the case
    /// already has them (a corrected outcome keeps its first schedule).
    pub fn schedule_follow_ups(
        &self,
        case_id: &str,
        outcome_date: NaiveDate,
    ) -> Result<Vec<FollowUp>> {
        if !self.read().follow_ups_of(case_id)?.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.w.now();
        for (months, due_on) in follow_up_schedule(outcome_date) {
            let id = new_id();
            self.w.conn().execute(
                "INSERT INTO follow_ups (id, case_id, months, due_on, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![id, case_id, months, due_on, now],
            )?;
            let changes = serde_json::json!({"case_id": [null, case_id], "months": [null, months], "due_on": [null, due_on.to_string()]});
            self.w.log("follow_up", &id, "create", &changes)?;
        }
        self.read().follow_ups_of(case_id)
    }

    /// Records what a follow-up found.
    pub fn record_follow_up(&self, id: &str, result: &FollowUpResult) -> Result<FollowUp> {
        let before = self.read().follow_up(id)?;
        self.w.conn().execute(
            "UPDATE follow_ups SET done_on = ?2, jobs_kept = ?3, jobs_created = ?4, financing_closed = ?5, notes = ?6, updated_at = ?7 WHERE id = ?1",
            params![id, result.done_on, result.jobs_kept, result.jobs_created, result.financing_closed, result.notes, self.w.now()],
        )?;
        let after = self.read().follow_up(id)?;
        let mut changes = diff(&follow_up_fields(&before), &follow_up_fields(&after));
        if let Some(map) = changes.as_object_mut() {
            map.insert(
                "case_id".into(),
                serde_json::json!([before.case_id, before.case_id]),
            );
        }
        self.w.log("follow_up", id, "update", &changes)?;
        Ok(after)
    }
}
