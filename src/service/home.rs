//! The home screen: what is due this week (follow-ups, action items, next actions), which
//! consents are about to expire, and the coming meetings.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::domain::*;
use crate::error::Result;
use crate::store::{CaseFilter, CaseSort, CaseSortField, Store};

/// Days ahead the home screen warns about consents that end.
pub const CONSENT_WARNING_DAYS: u32 = 30;

/// A follow-up that is due, with the case it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FollowUpDue {
    /// The follow-up.
    pub follow_up: FollowUp,
    /// Case number.
    pub case_number: String,
    /// Company name.
    pub company_name: String,
    /// Past its due date.
    pub overdue: bool,
}

/// Everything the home screen lists.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Home {
    /// The day it was made for.
    pub today: NaiveDate,
    /// The last day of "this week": the coming seven days, today included.
    pub week_end: NaiveDate,
    /// Follow-ups due this week or overdue.
    pub follow_ups_due: Vec<FollowUpDue>,
    /// Open action items due this week or overdue.
    pub actions_due: Vec<ActionItem>,
    /// Cases whose next action is due this week or overdue.
    pub next_actions_due: Vec<CaseSummary>,
    /// Cases whose consent ends within [`CONSENT_WARNING_DAYS`].
    pub consents_expiring: Vec<CaseSummary>,
    /// Meetings from today on, soonest first.
    pub upcoming_meetings: Vec<MeetingSummary>,
}

/// The home screen for `today`.
pub fn home(store: &Store, today: NaiveDate) -> Result<Home> {
    // The coming seven days rather than the calendar week: on a Friday "this week" still
    // shows what is due on Monday.
    let week_end = today + Duration::days(6);
    let days_left = 6;
    let mut follow_ups_due = Vec::new();
    for follow_up in store.outcomes().follow_ups_due(week_end)? {
        let case = store.cases().get(&follow_up.case_id)?;
        follow_ups_due.push(FollowUpDue {
            overdue: follow_up.due_on < today,
            follow_up,
            case_number: case.case_number,
            company_name: case.company.name,
        });
    }
    let by_due = Some(CaseSort {
        field: CaseSortField::NextActionDue,
        descending: false,
    });
    let next_actions_due = store.cases().list(&CaseFilter {
        next_action_due_within_days: Some(days_left),
        open_only: true,
        as_of: Some(today),
        sort: by_due,
        ..Default::default()
    })?;
    let mut consents_expiring = store.cases().list(&CaseFilter {
        consent_expiring_within_days: Some(CONSENT_WARNING_DAYS),
        as_of: Some(today),
        ..Default::default()
    })?;
    consents_expiring.sort_by_key(|c| c.consent_until);
    let mut upcoming_meetings: Vec<MeetingSummary> = store
        .meetings()
        .list()?
        .into_iter()
        .filter(|m| m.starts_at.date() >= today && m.status != MeetingStatus::Closed)
        .collect();
    upcoming_meetings.sort_by_key(|m| m.starts_at);
    Ok(Home {
        today,
        week_end,
        follow_ups_due,
        actions_due: store.meetings().actions_due(week_end)?,
        next_actions_due,
        consents_expiring,
        upcoming_meetings,
    })
}
