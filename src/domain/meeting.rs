//! Table meetings: when and where, who attends, the ordered agenda of cases with minutes
//! and decisions, and action items. Drafts are checked here; no I/O.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::draft::{clean, date_field};
use super::outcome::optional_date;
use super::taxonomy::{CaseStatus, MeetingStatus};
use super::validation::{FieldError, Problems};

/// A table meeting, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Meeting {
    /// UUIDv7.
    pub id: String,
    /// Title, e.g. "Financieringstafel Brabant — november".
    pub title: String,
    /// Start, local time.
    #[ts(type = "string")]
    pub starts_at: NaiveDateTime,
    /// Length in minutes.
    pub duration_minutes: u32,
    /// Place.
    pub place: Option<String>,
    /// Link for joining online.
    pub online_link: Option<String>,
    /// Chair.
    pub chair: Option<String>,
    /// Planned, in progress or closed.
    pub status: MeetingStatus,
    /// General notes.
    pub notes: Option<String>,
    /// Who attends.
    pub attendees: Vec<Attendee>,
    /// The cases, in agenda order.
    pub agenda: Vec<AgendaItem>,
    /// Action items from this meeting.
    pub actions: Vec<ActionItem>,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

/// One row of the meeting list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingSummary {
    /// UUIDv7.
    pub id: String,
    /// Title.
    pub title: String,
    /// Start, local time.
    #[ts(type = "string")]
    pub starts_at: NaiveDateTime,
    /// Status.
    pub status: MeetingStatus,
    /// Place or online.
    pub place: Option<String>,
    /// Number of cases on the agenda.
    pub case_count: u32,
    /// Number of attendees.
    pub attendee_count: u32,
}

/// Someone attending a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attendee {
    /// UUIDv7.
    pub id: String,
    /// The register contact, when the attendee is one.
    pub contact_id: Option<String>,
    /// The financier the attendee represents.
    pub financier_id: Option<String>,
    /// Name.
    pub name: String,
    /// Organisation.
    pub organisation: Option<String>,
    /// Signed the table's confidentiality pledge (taken from the contact when linked).
    pub pledge_signed: bool,
}

/// A case on a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaItem {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Its company's name (for the coordinator's own view; never on the big screen).
    pub company_name: String,
    /// Its status now.
    pub case_status: CaseStatus,
    /// Anonymised one-line description: sector · stage · amount · capital types.
    pub summary_line: String,
    /// Position, from 1.
    pub position: u32,
    /// Shown in the meeting.
    pub presented: bool,
    /// Minutes of the discussion.
    pub minutes: Option<String>,
    /// Decision taken.
    pub decision: Option<String>,
}

/// A task that came out of a meeting or a case, with an owner and a due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionItem {
    /// UUIDv7.
    pub id: String,
    /// The meeting it came from.
    pub meeting_id: Option<String>,
    /// The case it is about.
    pub case_id: Option<String>,
    /// The case's number.
    pub case_number: Option<String>,
    /// What to do.
    pub description: String,
    /// Who does it.
    pub owner: String,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
}

/// A meeting as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MeetingDraft {
    /// Title.
    pub title: String,
    /// Date (`YYYY-MM-DD` or `DD-MM-YYYY`).
    pub date: String,
    /// Start time `HH:MM` (default 14:00).
    pub time: Option<String>,
    /// Length in minutes (default 120).
    pub duration_minutes: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// Online link.
    pub online_link: Option<String>,
    /// Chair.
    pub chair: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// A checked meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMeeting {
    /// Title.
    pub title: String,
    /// Start.
    pub starts_at: NaiveDateTime,
    /// Minutes.
    pub duration_minutes: u32,
    /// Place.
    pub place: Option<String>,
    /// Link.
    pub online_link: Option<String>,
    /// Chair.
    pub chair: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

impl MeetingDraft {
    /// Checks the draft: title and date required, time `HH:MM`, length 15–600 minutes,
    /// the online link a web address.
    pub fn validate(&self) -> Result<NewMeeting, Vec<FieldError>> {
        let mut problems = Problems::default();
        let title = self.title.trim().to_string();
        if title.is_empty() {
            problems.required("title", "Titel", "Title");
        }
        let date = if self.date.trim().is_empty() {
            problems.required("date", "Datum", "Date");
            None
        } else {
            date_field(
                &mut problems,
                "date",
                &Some(self.date.clone()),
                ("Datum", "Date"),
            )
        };
        let time = match clean(&self.time) {
            None => NaiveTime::from_hms_opt(14, 0, 0),
            Some(t) => {
                let parsed = NaiveTime::parse_from_str(&t, "%H:%M")
                    .or_else(|_| NaiveTime::parse_from_str(&t, "%H.%M"))
                    .ok();
                if parsed.is_none() {
                    problems.add(
                        "time",
                        "time",
                        format!("\"{t}\" is geen tijd (gebruik uu:mm)."),
                        format!("\"{t}\" is not a time (use hh:mm)."),
                    );
                }
                parsed
            }
        };
        let duration_minutes = match clean(&self.duration_minutes) {
            None => 120,
            Some(d) => match d.parse::<u32>() {
                Ok(m) if (15..=600).contains(&m) => m,
                _ => {
                    problems.add(
                        "duration_minutes",
                        "duration",
                        "Duur moet tussen 15 en 600 minuten liggen.",
                        "Length must be between 15 and 600 minutes.",
                    );
                    120
                }
            },
        };
        let online_link = clean(&self.online_link);
        if let Some(link) = &online_link
            && !(link.starts_with("https://") || link.starts_with("http://"))
        {
            problems.add(
                "online_link",
                "url",
                "De online link moet met https:// beginnen.",
                "The online link must start with https://.",
            );
        }
        let starts_at = match (date, time) {
            (Some(d), Some(t)) => d.and_time(t),
            _ => NaiveDateTime::default(),
        };
        problems.finish(NewMeeting {
            title,
            starts_at,
            duration_minutes,
            place: clean(&self.place),
            online_link,
            chair: clean(&self.chair),
            notes: clean(&self.notes),
        })
    }
}

/// An action item as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ActionItemDraft {
    /// What to do.
    pub description: String,
    /// Who does it.
    pub owner: String,
    /// When it is due.
    pub due_on: Option<String>,
    /// The case it is about (id or number).
    pub case_id: Option<String>,
}

/// A checked action item.
#[derive(Debug, Clone, PartialEq)]
pub struct NewActionItem {
    /// What.
    pub description: String,
    /// Who.
    pub owner: String,
    /// When.
    pub due_on: Option<NaiveDate>,
    /// Case as typed.
    pub case_id: Option<String>,
}

impl ActionItemDraft {
    /// Checks the draft: description and owner required.
    pub fn validate(&self) -> Result<NewActionItem, Vec<FieldError>> {
        let mut problems = Problems::default();
        let description = self.description.trim().to_string();
        if description.is_empty() {
            problems.required("description", "Omschrijving", "Description");
        }
        let owner = self.owner.trim().to_string();
        if owner.is_empty() {
            problems.required("owner", "Eigenaar", "Owner");
        }
        let due_on = optional_date(
            &mut problems,
            "due_on",
            &self.due_on,
            ("Deadline", "Due date"),
            None,
        );
        problems.finish(NewActionItem {
            description,
            owner,
            due_on,
            case_id: clean(&self.case_id),
        })
    }
}

/// Statuses a case may have to be put on an agenda: ready, or still waiting for financiers.
pub fn may_go_on_agenda(status: CaseStatus) -> bool {
    matches!(
        status,
        CaseStatus::Ready | CaseStatus::Presented | CaseStatus::Matching | CaseStatus::InAssessment
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_needs_title_and_a_real_date() {
        let errors = MeetingDraft {
            date: "31-02-2026".into(),
            ..Default::default()
        }
        .validate()
        .err()
        .unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "date"]);
        let ok = MeetingDraft {
            title: "Tafel".into(),
            date: "26-11-2026".into(),
            time: Some("09:30".into()),
            ..Default::default()
        }
        .validate();
        assert_eq!(
            ok.map(|m| m.starts_at.to_string()),
            Ok("2026-11-26 09:30:00".to_string())
        );
    }
}
