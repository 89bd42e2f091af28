//! Table meetings: the meeting, its attendees, its ordered agenda of cases with minutes and
//! decisions, and action items. Every change is logged on the meeting (agenda entries carry
//! the case id, so the case's history shows them too).

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::cases::{Cases, parse_taxonomy};
use super::{Writer, new_id};
use crate::domain::{
    ActionItem, AgendaItem, Attendee, CaseStatus, Meeting, MeetingStatus, MeetingSummary,
    NewMeeting, OnePager,
};
use crate::error::{Error, Result};

const MEETING_COLUMNS: &str = "id, title, starts_at, duration_minutes, place, online_link, chair, status, notes, created_at, updated_at";

fn meeting_from_row(row: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: row.get(0)?,
        title: row.get(1)?,
        starts_at: row.get(2)?,
        duration_minutes: row.get(3)?,
        place: row.get(4)?,
        online_link: row.get(5)?,
        chair: row.get(6)?,
        status: parse_taxonomy(row, 7, MeetingStatus::from_id)?,
        notes: row.get(8)?,
        attendees: Vec::new(),
        agenda: Vec::new(),
        actions: Vec::new(),
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
    })
}

const ACTION_COLUMNS: &str =
    "a.id, a.meeting_id, a.case_id, c.case_number, a.description, a.owner, a.due_on, a.done_on";

fn action_from_row(row: &Row<'_>) -> rusqlite::Result<ActionItem> {
    Ok(ActionItem {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        case_id: row.get(2)?,
        case_number: row.get(3)?,
        description: row.get(4)?,
        owner: row.get(5)?,
        due_on: row.get(6)?,
        done_on: row.get(7)?,
    })
}

/// Read handle on meetings.
pub struct Meetings<'c> {
    conn: &'c Connection,
}

impl<'c> Meetings<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Meetings { conn }
    }

    /// Every meeting, newest first.
    pub fn list(&self) -> Result<Vec<MeetingSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.title, m.starts_at, m.status, coalesce(m.place, m.online_link),
                    (SELECT count(*) FROM meeting_agenda a WHERE a.meeting_id = m.id),
                    (SELECT count(*) FROM meeting_attendees t WHERE t.meeting_id = m.id)
             FROM meetings m WHERE m.deleted_at IS NULL ORDER BY m.starts_at DESC",
        )?;
        let rows = stmt
            .query_map([], |row| {
                Ok(MeetingSummary {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    starts_at: row.get(2)?,
                    status: parse_taxonomy(row, 3, MeetingStatus::from_id)?,
                    place: row.get(4)?,
                    case_count: row.get(5)?,
                    attendee_count: row.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A meeting, whole.
    pub fn get(&self, id: &str) -> Result<Meeting> {
        let mut meeting = self
            .conn
            .query_row(
                &format!(
                    "SELECT {MEETING_COLUMNS} FROM meetings WHERE id = ?1 AND deleted_at IS NULL"
                ),
                [id],
                meeting_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "meeting",
                id: id.to_string(),
            })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, t.contact_id, t.financier_id, t.name, t.organisation, coalesce(fc.signed_pledge, t.pledge_signed)
             FROM meeting_attendees t LEFT JOIN financier_contacts fc ON fc.id = t.contact_id
             WHERE t.meeting_id = ?1 ORDER BY t.position",
        )?;
        meeting.attendees = stmt
            .query_map([id], |row| {
                Ok(Attendee {
                    id: row.get(0)?,
                    contact_id: row.get(1)?,
                    financier_id: row.get(2)?,
                    name: row.get(3)?,
                    organisation: row.get(4)?,
                    pledge_signed: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT case_id, position, presented, minutes, decision FROM meeting_agenda WHERE meeting_id = ?1 ORDER BY position",
        )?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u32>(1)?,
                    row.get::<_, bool>(2)?,
                    row.get::<_, Option<String>>(3)?,
                    row.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<(String, u32, bool, Option<String>, Option<String>)>>>(
            )?;
        let cases = Cases::new(self.conn);
        let year = meeting.starts_at.year();
        for (case_id, position, presented, minutes, decision) in rows {
            let case = cases.get(&case_id)?;
            meeting.agenda.push(AgendaItem {
                summary_line: OnePager::of(&case, &[], year).summary_line("nl"),
                case_id,
                case_number: case.case_number,
                company_name: case.company.name,
                case_status: case.status,
                position,
                presented,
                minutes,
                decision,
            });
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM action_items a LEFT JOIN cases c ON c.id = a.case_id WHERE a.meeting_id = ?1 ORDER BY a.created_at"
        ))?;
        meeting.actions = stmt
            .query_map([id], action_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(meeting)
    }

    /// Meetings a case was on the agenda of, newest first: (meeting id, title, start date).
    pub fn of_case(&self, case_id: &str) -> Result<Vec<(String, String, NaiveDate)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.title, m.starts_at FROM meeting_agenda a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.case_id = ?1 AND m.deleted_at IS NULL ORDER BY m.starts_at DESC",
        )?;
        let rows = stmt
            .query_map([case_id], |row| {
                let at: chrono::NaiveDateTime = row.get(2)?;
                Ok((row.get(0)?, row.get(1)?, at.date()))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One action item.
    pub fn action(&self, id: &str) -> Result<ActionItem> {
        self.conn
            .query_row(&format!("SELECT {ACTION_COLUMNS} FROM action_items a LEFT JOIN cases c ON c.id = a.case_id WHERE a.id = ?1"), [id], action_from_row)
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "action_item", id: id.to_string() })
    }

    /// Open action items due on or before `until` (overdue included), soonest first.
    pub fn actions_due(&self, until: NaiveDate) -> Result<Vec<ActionItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM action_items a LEFT JOIN cases c ON c.id = a.case_id
             WHERE a.done_on IS NULL AND a.due_on IS NOT NULL AND a.due_on <= ?1 ORDER BY a.due_on"
        ))?;
        Ok(stmt
            .query_map([until], action_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The open action items of a case.
    pub fn actions_of_case(&self, case_id: &str) -> Result<Vec<ActionItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ACTION_COLUMNS} FROM action_items a LEFT JOIN cases c ON c.id = a.case_id WHERE a.case_id = ?1 ORDER BY a.done_on IS NOT NULL, a.due_on"
        ))?;
        Ok(stmt
            .query_map([case_id], action_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// Write handle on meetings.
pub struct MeetingsMut<'w> {
    w: &'w Writer<'w>,
}

fn meeting_fields(m: &NewMeeting) -> serde_json::Value {
    serde_json::json!({
        "title": m.title,
        "starts_at": m.starts_at.format("%Y-%m-%dT%H:%M").to_string(),
        "duration_minutes": m.duration_minutes,
        "place": m.place,
        "online_link": m.online_link,
        "chair": m.chair,
        "notes": m.notes,
    })
}

impl<'w> MeetingsMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        MeetingsMut { w }
    }

    fn read(&self) -> Meetings<'_> {
        Meetings::new(self.w.conn())
    }

    /// Creates a planned meeting.
    pub fn create(&self, m: &NewMeeting) -> Result<Meeting> {
        let id = new_id();
        self.w.conn().execute(
            "INSERT INTO meetings (id, title, starts_at, duration_minutes, place, online_link, chair, notes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![id, m.title, m.starts_at, m.duration_minutes, m.place, m.online_link, m.chair, m.notes, self.w.now()],
        )?;
        self.w.log(
            "meeting",
            &id,
            "create",
            &super::diff(&serde_json::Value::Null, &meeting_fields(m)),
        )?;
        self.read().get(&id)
    }

    /// Changes a meeting's details.
    pub fn update(&self, id: &str, m: &NewMeeting) -> Result<Meeting> {
        let before = self.read().get(id)?;
        let old = NewMeeting {
            title: before.title.clone(),
            starts_at: before.starts_at,
            duration_minutes: before.duration_minutes,
            place: before.place.clone(),
            online_link: before.online_link.clone(),
            chair: before.chair.clone(),
            notes: before.notes.clone(),
        };
        self.w.conn().execute(
            "UPDATE meetings SET title = ?2, starts_at = ?3, duration_minutes = ?4, place = ?5, online_link = ?6, chair = ?7, notes = ?8,
                updated_at = ?9 WHERE id = ?1",
            params![id, m.title, m.starts_at, m.duration_minutes, m.place, m.online_link, m.chair, m.notes, self.w.now()],
        )?;
        self.w.log(
            "meeting",
            id,
            "update",
            &super::diff(&meeting_fields(&old), &meeting_fields(m)),
        )?;
        self.read().get(id)
    }

    /// Deletes a meeting (kept in the file, marked deleted).
    pub fn delete(&self, id: &str) -> Result<()> {
        self.read().get(id)?;
        self.w.conn().execute(
            "UPDATE meetings SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, self.w.now()],
        )?;
        self.w.log("meeting", id, "delete", &serde_json::json!({}))
    }

    /// Sets the meeting's status.
    pub fn set_status(&self, id: &str, status: MeetingStatus) -> Result<()> {
        let before = self.read().get(id)?;
        self.w.conn().execute(
            "UPDATE meetings SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status, self.w.now()],
        )?;
        self.w.log(
            "meeting",
            id,
            "update",
            &serde_json::json!({"status": [before.status.id(), status.id()]}),
        )
    }

    /// Adds an attendee at the end of the list.
    pub fn add_attendee(
        &self,
        meeting_id: &str,
        contact_id: Option<&str>,
        financier_id: Option<&str>,
        name: &str,
        organisation: Option<&str>,
        pledge_signed: bool,
    ) -> Result<Attendee> {
        let conn = self.w.conn();
        let position: i64 = conn.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM meeting_attendees WHERE meeting_id = ?1",
            [meeting_id],
            |r| r.get(0),
        )?;
        let id = new_id();
        conn.execute(
            "INSERT INTO meeting_attendees (id, meeting_id, contact_id, financier_id, name, organisation, pledge_signed, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, meeting_id, contact_id, financier_id, name, organisation, pledge_signed, position],
        )?;
        self.w.log(
            "meeting",
            meeting_id,
            "attendee_add",
            &serde_json::json!({"attendee": [null, name], "organisation": [null, organisation], "pledge_signed": [null, pledge_signed]}),
        )?;
        self.read()
            .get(meeting_id)?
            .attendees
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::NotFound {
                entity: "attendee",
                id,
            })
    }

    /// Removes an attendee.
    pub fn remove_attendee(&self, meeting_id: &str, attendee_id: &str) -> Result<()> {
        let meeting = self.read().get(meeting_id)?;
        let attendee = meeting
            .attendees
            .iter()
            .find(|a| a.id == attendee_id)
            .ok_or_else(|| Error::NotFound {
                entity: "attendee",
                id: attendee_id.to_string(),
            })?;
        self.w
            .conn()
            .execute("DELETE FROM meeting_attendees WHERE id = ?1", [attendee_id])?;
        self.w.log(
            "meeting",
            meeting_id,
            "attendee_remove",
            &serde_json::json!({"attendee": [attendee.name, null]}),
        )
    }

    fn renumber(&self, meeting_id: &str, order: &[String]) -> Result<()> {
        let conn = self.w.conn();
        // Two passes so the positions never collide mid-way.
        conn.execute(
            "UPDATE meeting_agenda SET position = position + 100000 WHERE meeting_id = ?1",
            [meeting_id],
        )?;
        for (i, case_id) in order.iter().enumerate() {
            conn.execute(
                "UPDATE meeting_agenda SET position = ?3 WHERE meeting_id = ?1 AND case_id = ?2",
                params![meeting_id, case_id, i as i64 + 1],
            )?;
        }
        Ok(())
    }

    /// Puts a case at the end of the agenda.
    pub fn add_case(&self, meeting_id: &str, case_id: &str, case_number: &str) -> Result<()> {
        let conn = self.w.conn();
        let position: i64 = conn.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM meeting_agenda WHERE meeting_id = ?1",
            [meeting_id],
            |r| r.get(0),
        )?;
        conn.execute(
            "INSERT INTO meeting_agenda (meeting_id, case_id, position) VALUES (?1, ?2, ?3)",
            params![meeting_id, case_id, position],
        )?;
        self.w.log(
            "meeting",
            meeting_id,
            "agenda_add",
            &serde_json::json!({"case_id": [null, case_id], "case_number": [null, case_number], "position": [null, position]}),
        )
    }

    /// Takes a case off the agenda; the others close up.
    pub fn remove_case(&self, meeting_id: &str, case_id: &str) -> Result<()> {
        let meeting = self.read().get(meeting_id)?;
        let order: Vec<String> = meeting
            .agenda
            .iter()
            .filter(|a| a.case_id != case_id)
            .map(|a| a.case_id.clone())
            .collect();
        self.w.conn().execute(
            "DELETE FROM meeting_agenda WHERE meeting_id = ?1 AND case_id = ?2",
            [meeting_id, case_id],
        )?;
        self.renumber(meeting_id, &order)?;
        self.w.log(
            "meeting",
            meeting_id,
            "agenda_remove",
            &serde_json::json!({"case_id": [case_id, null]}),
        )
    }

    /// Puts the agenda in this order (every case on it, each once).
    pub fn reorder(&self, meeting_id: &str, order: &[String]) -> Result<()> {
        let meeting = self.read().get(meeting_id)?;
        let before: Vec<String> = meeting.agenda.iter().map(|a| a.case_id.clone()).collect();
        self.renumber(meeting_id, order)?;
        self.w.log(
            "meeting",
            meeting_id,
            "agenda_reorder",
            &serde_json::json!({"order": [before, order]}),
        )
    }

    /// Records the minutes and the decision on a case.
    pub fn set_minutes(
        &self,
        meeting_id: &str,
        case_id: &str,
        minutes: Option<&str>,
        decision: Option<&str>,
    ) -> Result<()> {
        let meeting = self.read().get(meeting_id)?;
        let item = meeting
            .agenda
            .iter()
            .find(|a| a.case_id == case_id)
            .ok_or_else(|| Error::NotFound {
                entity: "agenda_item",
                id: case_id.to_string(),
            })?;
        self.w.conn().execute(
            "UPDATE meeting_agenda SET minutes = ?3, decision = ?4 WHERE meeting_id = ?1 AND case_id = ?2",
            params![meeting_id, case_id, minutes, decision],
        )?;
        self.w.log(
            "meeting",
            meeting_id,
            "minutes",
            &serde_json::json!({"case_id": [case_id, case_id], "minutes": [item.minutes, minutes], "decision": [item.decision, decision]}),
        )?;
        self.w.conn().execute(
            "UPDATE meetings SET updated_at = ?2 WHERE id = ?1",
            params![meeting_id, self.w.now()],
        )?;
        Ok(())
    }

    /// Marks a case as shown in the meeting.
    pub fn mark_presented(&self, meeting_id: &str, case_id: &str) -> Result<bool> {
        let changed = self.w.conn().execute(
            "UPDATE meeting_agenda SET presented = 1 WHERE meeting_id = ?1 AND case_id = ?2 AND presented = 0",
            [meeting_id, case_id],
        )?;
        if changed > 0 {
            self.w.log(
                "meeting",
                meeting_id,
                "presented",
                &serde_json::json!({"case_id": [case_id, case_id], "presented": [false, true]}),
            )?;
        }
        Ok(changed > 0)
    }

    /// Adds an action item (from a meeting, about a case, or both).
    pub fn add_action(
        &self,
        meeting_id: Option<&str>,
        case_id: Option<&str>,
        description: &str,
        owner: &str,
        due_on: Option<NaiveDate>,
    ) -> Result<ActionItem> {
        let id = new_id();
        self.w.conn().execute(
            "INSERT INTO action_items (id, meeting_id, case_id, description, owner, due_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![id, meeting_id, case_id, description, owner, due_on, self.w.now()],
        )?;
        self.w.log(
            "action_item",
            &id,
            "create",
            &serde_json::json!({"meeting_id": [null, meeting_id], "case_id": [null, case_id], "description": [null, description],
                "owner": [null, owner], "due_on": [null, due_on.map(|d| d.to_string())]}),
        )?;
        self.read().action(&id)
    }

    /// Marks an action item done (or open again with `None`).
    pub fn set_action_done(&self, id: &str, done_on: Option<NaiveDate>) -> Result<ActionItem> {
        let before = self.read().action(id)?;
        self.w.conn().execute(
            "UPDATE action_items SET done_on = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, done_on, self.w.now()],
        )?;
        self.w.log(
            "action_item",
            id,
            "update",
            &serde_json::json!({"case_id": [before.case_id, before.case_id], "done_on": [before.done_on.map(|d| d.to_string()), done_on.map(|d| d.to_string())]}),
        )?;
        self.read().action(id)
    }

    /// Cases on the agenda that were presented and are still `ready`: they move to `presented`.
    pub fn presented_ready_cases(&self, meeting_id: &str) -> Result<Vec<String>> {
        Ok(self
            .read()
            .get(meeting_id)?
            .agenda
            .into_iter()
            .filter(|a| a.presented && a.case_status == CaseStatus::Ready)
            .map(|a| a.case_id)
            .collect())
    }
}
