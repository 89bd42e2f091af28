//! Follow-ups of a financed or closed case at 3, 6 and 12 months.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::super::draft::clean;
use super::super::taxonomy::CaseStatus;
use super::super::validation::{FieldError, Problems};
use super::optional_date;

/// The months after the outcome at which a case is followed up.
pub const FOLLOW_UP_MONTHS: [u32; 3] = [3, 6, 12];

/// Whether reaching this status starts the follow-ups (financed, partly financed, closed).
pub fn starts_follow_ups(status: CaseStatus) -> bool {
    matches!(
        status,
        CaseStatus::Financed | CaseStatus::PartlyFinanced | CaseStatus::Closed
    )
}

/// The follow-up due dates for an outcome reached on `outcome_date`.
pub fn follow_up_schedule(outcome_date: NaiveDate) -> Vec<(u32, NaiveDate)> {
    FOLLOW_UP_MONTHS
        .iter()
        .map(|m| {
            (
                *m,
                outcome_date
                    .checked_add_months(Months::new(*m))
                    .unwrap_or(outcome_date),
            )
        })
        .collect()
}

/// A follow-up moment of a financed or closed case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUp {
    /// UUIDv7.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Months after the outcome (3, 6 or 12).
    pub months: u32,
    /// When it is due.
    pub due_on: NaiveDate,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
    /// Jobs kept.
    pub jobs_kept: Option<i32>,
    /// Jobs created.
    pub jobs_created: Option<i32>,
    /// Did the financing actually close?
    pub financing_closed: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

/// Recording a follow-up as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUpDraft {
    /// Date done (default today).
    pub done_on: Option<String>,
    /// Jobs kept.
    pub jobs_kept: Option<String>,
    /// Jobs created.
    pub jobs_created: Option<String>,
    /// Did the financing close?
    pub financing_closed: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

/// A checked follow-up result.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpResult {
    /// Date done.
    pub done_on: NaiveDate,
    /// Jobs kept.
    pub jobs_kept: Option<i32>,
    /// Jobs created.
    pub jobs_created: Option<i32>,
    /// Financing closed.
    pub financing_closed: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

fn optional_count(
    problems: &mut Problems,
    field: &str,
    label_nl: &str,
    raw: &Option<String>,
) -> Option<i32> {
    let text = clean(raw)?;
    match text.parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => Some(n),
        _ => {
            problems.add(
                field,
                "count",
                format!("{label_nl} moet een heel getal van 0 of meer zijn."),
                format!("{field} must be a whole number of 0 or more."),
            );
            None
        }
    }
}

impl FollowUpDraft {
    /// Checks the draft: counts are whole numbers ≥ 0, the date is not in the future.
    pub fn validate(&self, today: NaiveDate) -> Result<FollowUpResult, Vec<FieldError>> {
        let mut problems = Problems::default();
        let done_on = optional_date(
            &mut problems,
            "done_on",
            &self.done_on,
            ("Datum", "Date"),
            Some(today),
        )
        .unwrap_or(today);
        let jobs_kept = optional_count(
            &mut problems,
            "jobs_kept",
            "Behouden banen",
            &self.jobs_kept,
        );
        let jobs_created = optional_count(
            &mut problems,
            "jobs_created",
            "Nieuwe banen",
            &self.jobs_created,
        );
        problems.finish(FollowUpResult {
            done_on,
            jobs_kept,
            jobs_created,
            financing_closed: self.financing_closed,
            notes: clean(&self.notes),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn follow_ups_fall_at_three_six_and_twelve_months() {
        let s = follow_up_schedule(day("2026-08-31"));
        assert_eq!(
            s,
            vec![
                (3, day("2026-11-30")),
                (6, day("2027-02-28")),
                (12, day("2027-08-31"))
            ]
        );
    }
}
