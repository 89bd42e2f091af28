//! Meeting use cases: plan a table meeting, put ready cases on its agenda in order, invite
//! (iCalendar), run it (one anonymised one-pager at a time, responses recorded as they are
//! said), and close it with minutes and action items.

use chrono::{Datelike, Duration, NaiveDate};
use icalendar::{Calendar, CalendarDateTime, Class, Component, Event, EventLike};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::outcomes::set_status_in;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::store::{Store, Writer};

/// Every meeting, newest first.
pub fn list_meetings(store: &Store) -> Result<Vec<MeetingSummary>> {
    store.meetings().list()
}

/// A meeting, whole.
pub fn get_meeting(store: &Store, id: &str) -> Result<Meeting> {
    store.meetings().get(id)
}

/// Plans a meeting.
pub fn create_meeting(store: &mut Store, actor: &Actor, draft: &MeetingDraft) -> Result<Meeting> {
    let new = draft.validate().map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        let meeting = w.meetings_mut().create(&new)?;
        Ok(meeting)
    })
}

/// Changes a meeting's details.
pub fn update_meeting(
    store: &mut Store,
    actor: &Actor,
    id: &str,
    draft: &MeetingDraft,
) -> Result<Meeting> {
    let new = draft.validate().map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        let meeting = w.meetings_mut().update(id, &new)?;
        Ok(meeting)
    })
}

/// Deletes a meeting (its responses stay on the cases).
pub fn delete_meeting(store: &mut Store, actor: &Actor, id: &str) -> Result<()> {
    store.transact(actor, |w| {
        w.meetings_mut().delete(id)?;
        Ok(())
    })
}

fn open_meeting(w: &Writer<'_>, id: &str) -> Result<Meeting> {
    let meeting = w.meetings().get(id)?;
    if meeting.status == MeetingStatus::Closed {
        return Err(Error::invalid(
            "meeting",
            "meeting_closed",
            format!(
                "Het overleg \"{}\" is afgesloten; heropen het eerst.",
                meeting.title
            ),
            format!(
                "The meeting \"{}\" is closed; reopen it first.",
                meeting.title
            ),
        ));
    }
    Ok(meeting)
}

/// Puts a case (by id or number) at the end of the agenda. Only cases that are ready for the
/// table, or still waiting for financiers, may go on it, and each case once.
pub fn add_case_to_agenda(
    store: &mut Store,
    actor: &Actor,
    meeting_id: &str,
    case_ref: &str,
) -> Result<Meeting> {
    store.transact(actor, |w| {
        let meeting = open_meeting(w, meeting_id)?;
        let case = w.cases().get(case_ref)?;
        if !may_go_on_agenda(case.status) {
            return Err(Error::invalid(
                "case",
                "case_not_ready",
                format!(
                    "Casus {} staat op \"{}\"; alleen casussen die gereed zijn voor tafel (of op financiers wachten) kunnen op de agenda.",
                    case.case_number,
                    case.status.label_nl()
                ),
                format!(
                    "Case {} is \"{}\"; only cases ready for the table (or waiting for financiers) can go on the agenda.",
                    case.case_number,
                    case.status.label_en()
                ),
            ));
        }
        if meeting.agenda.iter().any(|a| a.case_id == case.id) {
            return Err(Error::invalid(
                "case",
                "case_on_agenda",
                format!("Casus {} staat al op de agenda.", case.case_number),
                format!("Case {} is already on the agenda.", case.case_number),
            ));
        }
        w.meetings_mut().add_case(meeting_id, &case.id, &case.case_number)?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// Takes a case off the agenda.
pub fn remove_case_from_agenda(
    store: &mut Store,
    actor: &Actor,
    meeting_id: &str,
    case_id: &str,
) -> Result<Meeting> {
    store.transact(actor, |w| {
        let meeting = open_meeting(w, meeting_id)?;
        if !meeting.agenda.iter().any(|a| a.case_id == case_id) {
            return Err(Error::NotFound {
                entity: "agenda_item",
                id: case_id.to_string(),
            });
        }
        w.meetings_mut().remove_case(meeting_id, case_id)?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// Puts the agenda in a new order; `order` must name every case on it exactly once.
pub fn reorder_agenda(
    store: &mut Store,
    actor: &Actor,
    meeting_id: &str,
    order: &[String],
) -> Result<Meeting> {
    store.transact(actor, |w| {
        let meeting = open_meeting(w, meeting_id)?;
        let mut current: Vec<&str> = meeting.agenda.iter().map(|a| a.case_id.as_str()).collect();
        let mut given: Vec<&str> = order.iter().map(String::as_str).collect();
        current.sort_unstable();
        given.sort_unstable();
        if current != given {
            return Err(Error::invalid(
                "order",
                "agenda_order",
                "De nieuwe volgorde moet elke casus op de agenda precies één keer bevatten.",
                "The new order must list every case on the agenda exactly once.",
            ));
        }
        w.meetings_mut().reorder(meeting_id, order)?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// Someone to add to a meeting: a register contact, or a name typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttendeeDraft {
    /// A contact of the register (name, organisation and pledge come from it).
    pub contact_id: Option<String>,
    /// Name, when not a contact.
    pub name: Option<String>,
    /// Organisation, when not a contact.
    pub organisation: Option<String>,
    /// Signed the pledge, when not a contact.
    pub pledge_signed: Option<bool>,
}

/// Adds an attendee.
pub fn add_attendee(
    store: &mut Store,
    actor: &Actor,
    meeting_id: &str,
    draft: &AttendeeDraft,
) -> Result<Meeting> {
    store.transact(actor, |w| {
        let meeting = open_meeting(w, meeting_id)?;
        match clean(&draft.contact_id) {
            Some(contact_id) => {
                if meeting
                    .attendees
                    .iter()
                    .any(|a| a.contact_id.as_deref() == Some(contact_id.as_str()))
                {
                    return Err(Error::invalid(
                        "contact_id",
                        "attendee_twice",
                        "Deze persoon staat al op de deelnemerslijst.",
                        "This person is already on the list.",
                    ));
                }
                let financier = w
                    .financiers()
                    .get(&w.financiers().financier_of_contact(&contact_id)?)?;
                let contact = financier
                    .contacts
                    .iter()
                    .find(|c| c.id == contact_id)
                    .ok_or_else(|| Error::NotFound {
                        entity: "contact",
                        id: contact_id.clone(),
                    })?;
                w.meetings_mut().add_attendee(
                    meeting_id,
                    Some(&contact.id),
                    Some(&financier.id),
                    &contact.name,
                    Some(&financier.name),
                    contact.signed_pledge,
                )?;
            }
            None => {
                let Some(name) = clean(&draft.name) else {
                    return Err(Error::invalid(
                        "name",
                        "required",
                        "Kies een contactpersoon of vul een naam in.",
                        "Choose a contact or type a name.",
                    ));
                };
                let organisation = clean(&draft.organisation);
                w.meetings_mut().add_attendee(
                    meeting_id,
                    None,
                    None,
                    &name,
                    organisation.as_deref(),
                    draft.pledge_signed.unwrap_or(false),
                )?;
            }
        }
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// Removes an attendee.
pub fn remove_attendee(
    store: &mut Store,
    actor: &Actor,
    meeting_id: &str,
    attendee_id: &str,
) -> Result<Meeting> {
    store.transact(actor, |w| {
        open_meeting(w, meeting_id)?;
        w.meetings_mut().remove_attendee(meeting_id, attendee_id)?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// One case as the big screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Slide {
    /// The meeting.
    pub meeting_id: String,
    /// Position on the agenda, from 1.
    pub position: u32,
    /// Number of cases on the agenda.
    pub total: u32,
    /// The anonymised one-pager.
    pub one_pager: OnePager,
    /// The table's name as its settings give it (the slide's header).
    pub table_name: String,
}

/// The anonymised one-pager of a case, with its responses so far; the company's age band
/// counted in `today`'s year.
pub fn one_pager(store: &Store, case_ref: &str, today: NaiveDate) -> Result<OnePager> {
    let case = store.cases().get(case_ref)?;
    let responses = store.outcomes().responses_of(&case.id)?;
    Ok(OnePager::of(&case, &responses, today.year()))
}

/// Shows the agenda's case at `position` (from 1): marks it presented, starts the meeting
/// if it was still planned, and returns its one-pager.
pub fn present(store: &mut Store, actor: &Actor, meeting_id: &str, position: u32) -> Result<Slide> {
    let table_name = super::settings::table_title(store)?;
    store.transact(actor, |w| {
        let meeting = open_meeting(w, meeting_id)?;
        let total = meeting.agenda.len() as u32;
        let item = meeting
            .agenda
            .iter()
            .find(|a| a.position == position)
            .ok_or_else(|| {
                Error::invalid(
                    "position",
                    "agenda_position",
                    format!(
                        "Agendapunt {position} bestaat niet; de agenda heeft {total} casussen."
                    ),
                    format!("Agenda item {position} does not exist; the agenda has {total} cases."),
                )
            })?;
        if meeting.status == MeetingStatus::Planned {
            w.meetings_mut()
                .set_status(meeting_id, MeetingStatus::InProgress)?;
        }
        w.meetings_mut().mark_presented(meeting_id, &item.case_id)?;
        let case = w.cases().get(&item.case_id)?;
        let responses = w.outcomes().responses_of(&case.id)?;
        let slide = Slide {
            meeting_id: meeting_id.to_string(),
            position,
            total,
            one_pager: OnePager::of(&case, &responses, meeting.starts_at.year()),
            table_name,
        };
        Ok(slide)
    })
}

/// Records the minutes and decision on an agenda case.
pub fn set_minutes(
    store: &mut Store,
    actor: &Actor,
    meeting_id: &str,
    case_id: &str,
    minutes: Option<&str>,
    decision: Option<&str>,
) -> Result<Meeting> {
    let clean_text = |t: Option<&str>| {
        t.map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    store.transact(actor, |w| {
        w.meetings().get(meeting_id)?;
        w.meetings_mut().set_minutes(
            meeting_id,
            case_id,
            clean_text(minutes).as_deref(),
            clean_text(decision).as_deref(),
        )?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// Adds an action item to a meeting (optionally about one of its cases).
pub fn add_action(
    store: &mut Store,
    actor: &Actor,
    meeting_id: Option<&str>,
    draft: &ActionItemDraft,
) -> Result<ActionItem> {
    let new = draft.validate().map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        if let Some(id) = meeting_id {
            w.meetings().get(id)?;
        }
        let case_id = match &new.case_id {
            Some(reference) => Some(w.cases().get(reference)?.id),
            None => None,
        };
        if meeting_id.is_none() && case_id.is_none() {
            return Err(Error::invalid(
                "case_id",
                "required",
                "Een actiepunt hoort bij een overleg of een casus.",
                "An action item belongs to a meeting or a case.",
            ));
        }
        let action = w.meetings_mut().add_action(
            meeting_id,
            case_id.as_deref(),
            &new.description,
            &new.owner,
            new.due_on,
        )?;
        Ok(action)
    })
}

/// Marks an action item done (today) or open again.
pub fn set_action_done(
    store: &mut Store,
    actor: &Actor,
    action_id: &str,
    done: bool,
    today: NaiveDate,
) -> Result<ActionItem> {
    store.transact(actor, |w| {
        let action = w
            .meetings_mut()
            .set_action_done(action_id, done.then_some(today))?;
        Ok(action)
    })
}

/// Starts the meeting (the presentation does this by itself on its first slide).
pub fn start_meeting(store: &mut Store, actor: &Actor, meeting_id: &str) -> Result<Meeting> {
    store.transact(actor, |w| {
        open_meeting(w, meeting_id)?;
        w.meetings_mut()
            .set_status(meeting_id, MeetingStatus::InProgress)?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// Closes the meeting: cases that were presented and were still `ready` move to
/// `presented` (each change in the case's history).
pub fn close_meeting(
    store: &mut Store,
    actor: &Actor,
    meeting_id: &str,
    today: NaiveDate,
) -> Result<Meeting> {
    store.transact(actor, |w| {
        open_meeting(w, meeting_id)?;
        for case_id in w.meetings_mut().presented_ready_cases(meeting_id)? {
            let case = w.cases().get(&case_id)?;
            set_status_in(w, &case, CaseStatus::Presented, today)?;
        }
        w.meetings_mut()
            .set_status(meeting_id, MeetingStatus::Closed)?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// Opens a closed meeting again (to correct minutes).
pub fn reopen_meeting(store: &mut Store, actor: &Actor, meeting_id: &str) -> Result<Meeting> {
    store.transact(actor, |w| {
        w.meetings().get(meeting_id)?;
        w.meetings_mut()
            .set_status(meeting_id, MeetingStatus::InProgress)?;
        let meeting = w.meetings().get(meeting_id)?;
        Ok(meeting)
    })
}

/// The last Sunday of a month, at 01:00 UTC: when EU summer time starts (March) or ends (October).
fn eu_switch(year: i32, month: u32) -> chrono::NaiveDateTime {
    let last_day = NaiveDate::from_ymd_opt(year, month + 1, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or_default();
    let back = last_day.weekday().num_days_from_sunday();
    (last_day - Duration::days(i64::from(back)))
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default()
}

/// Dutch local time as UTC (CET +1, CEST +2 between the EU switch moments), so the invite
/// needs no time-zone definition and every calendar reads it right.
pub fn amsterdam_to_utc(local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    let year = local.year();
    let winter = local - Duration::hours(1);
    let summer = local - Duration::hours(2);
    let utc = if summer >= eu_switch(year, 3) && summer < eu_switch(year, 10) {
        summer
    } else {
        winter
    };
    utc.and_utc()
}

/// The meeting as an iCalendar invite (RFC 5545): times in UTC, place or link, and the
/// agenda in the description — anonymised (case numbers and one-line descriptions only).
pub fn meeting_ics(store: &Store, meeting_id: &str) -> Result<String> {
    let meeting = store.meetings().get(meeting_id)?;
    let mut description = String::from("Agenda (geanonimiseerd)\n");
    for item in &meeting.agenda {
        description.push_str(&format!(
            "{}. Casus {} — {}\n",
            item.position, item.case_number, item.summary_line
        ));
    }
    if meeting.agenda.is_empty() {
        description.push_str("(nog geen casussen)\n");
    }
    if let Some(chair) = &meeting.chair {
        description.push_str(&format!("\nVoorzitter: {chair}\n"));
    }
    let table = super::settings::table_title(store)?;
    description.push_str(&format!("\n{table}"));
    if let Some(organisation) = super::settings::user_organisation(store)? {
        description.push_str(&format!(" · {organisation}"));
    }
    description.push_str("\nVertrouwelijk: alleen voor deelnemers van de financieringstafel.");
    let tz = |at: chrono::NaiveDateTime| CalendarDateTime::Utc(amsterdam_to_utc(at));
    let mut event = Event::new();
    event
        .uid(&format!("{}@tafel", meeting.id))
        .summary(&meeting.title)
        .description(&description)
        .starts(tz(meeting.starts_at))
        .ends(tz(
            meeting.starts_at + Duration::minutes(i64::from(meeting.duration_minutes))
        ))
        .class(Class::Confidential);
    match (&meeting.place, &meeting.online_link) {
        (Some(place), _) => {
            event.location(place);
        }
        (None, Some(link)) => {
            event.location(link);
        }
        _ => {}
    }
    if let Some(link) = &meeting.online_link {
        event.url(link);
    }
    let calendar = Calendar::new()
        .name(&format!("{} — {table}", meeting.title))
        .push(event.done())
        .done();
    Ok(calendar.to_string())
}

/// Writes the meeting's invite to `path` (see [`meeting_ics`]); returns the path written.
pub fn write_meeting_ics(
    store: &Store,
    actor: &Actor,
    meeting_id: &str,
    path: &std::path::Path,
) -> Result<String> {
    super::chosen_file::check(store, path, &["ics"], super::chosen_file::Use::Write)?;
    let ics = meeting_ics(store, meeting_id)?;
    crate::files::write_atomic(path, ics.as_bytes())?;
    super::transfer::record_on(
        store,
        actor,
        ("meeting", meeting_id),
        "export_ics",
        path,
        serde_json::json!({"document": "invite"}),
    )?;
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> chrono::NaiveDateTime {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default()
    }

    #[test]
    fn dutch_time_becomes_utc_with_summer_time() {
        assert_eq!(
            amsterdam_to_utc(at("2026-11-26 14:00")).naive_utc(),
            at("2026-11-26 13:00")
        );
        assert_eq!(
            amsterdam_to_utc(at("2026-06-10 14:00")).naive_utc(),
            at("2026-06-10 12:00")
        );
        // 2026: summer time from Sunday 29 March, back on Sunday 25 October.
        assert_eq!(
            amsterdam_to_utc(at("2026-03-28 10:00")).naive_utc(),
            at("2026-03-28 09:00")
        );
        assert_eq!(
            amsterdam_to_utc(at("2026-03-29 10:00")).naive_utc(),
            at("2026-03-29 08:00")
        );
        assert_eq!(
            amsterdam_to_utc(at("2026-10-25 10:00")).naive_utc(),
            at("2026-10-25 09:00")
        );
    }
}
