//! Table meetings: agenda, presentation (the anonymised one-pager), responses recorded in
//! the meeting, closing, and the iCalendar invite — against a real database file.

use tafel::domain::{
    ActionItemDraft, CaseStatus, MeetingDraft, MeetingStatus, ResponseDraft, ResponseStatus,
};
use tafel::service::{cases, demo, meetings, outcomes};
use tafel::store::Store;

use crate::common::{TestDb, actor, today};

fn demo_db(db: &TestDb) -> Store {
    let mut store = db.open();
    demo::load_demo(&mut store, &actor(), today()).expect("demo");
    store
}

fn ready_cases(store: &Store) -> Vec<tafel::domain::Case> {
    let filter = tafel::store::CaseFilter {
        statuses: vec![CaseStatus::Ready],
        ..Default::default()
    };
    cases::list_cases(store, &filter, tafel::clock::today())
        .expect("list")
        .iter()
        .map(|s| cases::get_case(store, &s.id).expect("case"))
        .collect()
}

fn new_meeting(store: &mut Store) -> String {
    let draft = MeetingDraft {
        title: "Financieringstafel december".into(),
        date: "10-12-2026".into(),
        time: Some("09:30".into()),
        place: Some("Provinciehuis Utrecht".into()),
        chair: Some("Marieke Jansen".into()),
        ..Default::default()
    };
    meetings::create_meeting(store, &actor(), &draft)
        .expect("meeting")
        .id
}

/// Every identifying value of a case that must never reach the big screen.
fn identifying_values(case: &tafel::domain::Case) -> Vec<String> {
    let c = &case.company;
    let mut values = vec![c.name.clone()];
    values.extend(
        [
            c.kvk.clone(),
            c.municipality.clone(),
            c.address.clone(),
            c.contact_name.clone(),
            c.contact_email.clone(),
            c.contact_phone.clone(),
        ]
        .into_iter()
        .flatten(),
    );
    // The referrer is left out of the one-pager too, but it names a financier (also seen in the
    // responses), not the company.
    values.extend(
        [
            case.notes.clone(),
            case.earlier_declines.clone(),
            case.next_action.clone(),
        ]
        .into_iter()
        .flatten(),
    );
    if let Some(turnover) = c.turnover_cents {
        values.push(tafel::domain::money::format_euros(turnover));
    }
    // Street names and postcodes on their own, not just the whole address line.
    if let Some(address) = &c.address {
        values.extend(
            address
                .split(',')
                .map(|part| part.trim().to_string())
                .filter(|p| p.len() > 4),
        );
    }
    // The province stays (it decides mandates); a municipality named like its province
    // (Utrecht, Groningen) cannot be told apart from it.
    values.retain(|v| v != c.province.label_nl() && v != c.province.label_en());
    values
}

#[test]
fn only_ready_cases_go_on_the_agenda_in_order_and_once() {
    let db = TestDb::new();
    let mut store = demo_db(&db);
    let meeting = new_meeting(&mut store);
    let ready = ready_cases(&store);
    assert!(ready.len() >= 3, "the demo has ready cases");
    for case in &ready[..3] {
        meetings::add_case_to_agenda(&mut store, &actor(), &meeting, &case.case_number)
            .expect("add");
    }
    let twice = meetings::add_case_to_agenda(&mut store, &actor(), &meeting, &ready[0].id)
        .expect_err("twice");
    assert_eq!(twice.field_errors()[0].code, "case_on_agenda");
    let intake = cases::list_cases(
        &store,
        &tafel::store::CaseFilter {
            statuses: vec![CaseStatus::Intake],
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("intake");
    let err = meetings::add_case_to_agenda(&mut store, &actor(), &meeting, &intake[0].id)
        .expect_err("not ready");
    assert_eq!(err.field_errors()[0].code, "case_not_ready");

    let order = vec![
        ready[2].id.clone(),
        ready[0].id.clone(),
        ready[1].id.clone(),
    ];
    let m = meetings::reorder_agenda(&mut store, &actor(), &meeting, &order).expect("reorder");
    let got: Vec<(u32, String)> = m
        .agenda
        .iter()
        .map(|a| (a.position, a.case_id.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, order[0].clone()),
            (2, order[1].clone()),
            (3, order[2].clone())
        ]
    );
    assert!(
        meetings::reorder_agenda(&mut store, &actor(), &meeting, &order[..2]).is_err(),
        "an order must name every case"
    );
    let m = meetings::remove_case_from_agenda(&mut store, &actor(), &meeting, &order[1])
        .expect("remove");
    assert_eq!(
        m.agenda.iter().map(|a| a.position).collect::<Vec<_>>(),
        [1, 2],
        "positions close up"
    );
}

#[test]
fn the_one_pager_carries_none_of_the_identifying_fields() {
    let db = TestDb::new();
    let store = demo_db(&db);
    let all = cases::list_cases(&store, &Default::default(), tafel::clock::today()).expect("list");
    assert_eq!(all.len(), 60);
    for summary in &all {
        let case = cases::get_case(&store, &summary.id).expect("case");
        let pager =
            meetings::one_pager(&store, &case.id, tafel::clock::today()).expect("one-pager");
        for lang in ["nl", "en"] {
            let text = pager.render_text(lang);
            let json = serde_json::to_string(&pager).expect("json");
            for value in identifying_values(&case) {
                assert!(
                    !text.contains(&value),
                    "{}: rendered text shows {value:?}:\n{text}",
                    case.case_number
                );
                assert!(
                    !json.contains(&value),
                    "{}: one-pager data carries {value:?}",
                    case.case_number
                );
            }
            assert!(text.contains(&case.case_number));
            assert!(
                text.contains(&tafel::domain::money::format_euros(case.amount_cents)),
                "the amount is shown"
            );
        }
    }
}

#[test]
fn run_a_meeting_present_record_close() {
    let db = TestDb::new();
    let mut store = demo_db(&db);
    let meeting = new_meeting(&mut store);
    let ready = ready_cases(&store);
    for case in &ready[..2] {
        meetings::add_case_to_agenda(&mut store, &actor(), &meeting, &case.id).expect("add");
    }
    let attendee = tafel::service::meetings::AttendeeDraft {
        name: Some("Gast Adviseur".into()),
        organisation: Some("Accountantskantoor".into()),
        ..Default::default()
    };
    let m = meetings::add_attendee(&mut store, &actor(), &meeting, &attendee).expect("attendee");
    assert!(!m.attendees[0].pledge_signed);

    let first = meetings::present(&mut store, &actor(), &meeting, 1).expect("slide 1");
    assert_eq!(
        (
            first.position,
            first.total,
            first.one_pager.case_number.as_str()
        ),
        (1, 2, ready[0].case_number.as_str())
    );
    assert_eq!(
        meetings::get_meeting(&store, &meeting).expect("m").status,
        MeetingStatus::InProgress,
        "presenting starts the meeting"
    );
    let interest = ResponseDraft {
        financier: "Rabobank".into(),
        status: "interested".into(),
        meeting_id: Some(meeting.clone()),
        ..Default::default()
    };
    outcomes::record_response(&mut store, &actor(), &ready[0].id, &interest, today())
        .expect("interest");

    let second = meetings::present(&mut store, &actor(), &meeting, 2).expect("slide 2");
    assert_eq!(second.one_pager.case_number, ready[1].case_number);
    let decline = ResponseDraft {
        financier: "ING".into(),
        status: "declined".into(),
        decline_reason: Some("solvency".into()),
        meeting_id: Some(meeting.clone()),
        ..Default::default()
    };
    outcomes::record_response(&mut store, &actor(), &ready[1].id, &decline, today())
        .expect("decline");
    assert!(
        meetings::present(&mut store, &actor(), &meeting, 3).is_err(),
        "no third case"
    );

    meetings::set_minutes(
        &mut store,
        &actor(),
        &meeting,
        &ready[1].id,
        Some("Solvabiliteit te laag."),
        Some("Doorverwijzen"),
    )
    .expect("minutes");
    let action = ActionItemDraft {
        description: "Jaarcijfers opvragen".into(),
        owner: "Pieter Bakker".into(),
        due_on: Some("2026-12-17".into()),
        case_id: Some(ready[1].case_number.clone()),
    };
    meetings::add_action(&mut store, &actor(), Some(&meeting), &action).expect("action");

    let closed = meetings::close_meeting(&mut store, &actor(), &meeting, today()).expect("close");
    assert_eq!(closed.status, MeetingStatus::Closed);
    assert!(
        closed
            .agenda
            .iter()
            .all(|a| a.presented && a.case_status == CaseStatus::Presented),
        "presented cases move on"
    );
    assert!(
        meetings::add_case_to_agenda(&mut store, &actor(), &meeting, &ready[2].id).is_err(),
        "a closed meeting is closed"
    );

    // The responses landed in the case records, with the meeting they were said in.
    let first_outcome = outcomes::get_outcome(&store, &ready[0].id).expect("outcome");
    let rabobank = first_outcome
        .responses
        .iter()
        .find(|r| r.financier_name == "Rabobank")
        .expect("rabobank");
    assert_eq!(rabobank.status, ResponseStatus::Interested);
    assert_eq!(
        rabobank.steps.last().and_then(|s| s.meeting_id.clone()),
        Some(meeting.clone())
    );
    assert_eq!(first_outcome.meetings[0].id, meeting);
    let second_outcome = outcomes::get_outcome(&store, &ready[1].id).expect("outcome");
    assert_eq!(
        second_outcome.actions[0].description,
        "Jaarcijfers opvragen"
    );
    let history = cases::get_case_with_history(&store, &ready[1].id)
        .expect("history")
        .history;
    assert!(
        history
            .iter()
            .any(|e| e.entity == "meeting" && e.action == "minutes"),
        "minutes show in the case's history"
    );
}

#[test]
fn the_invite_is_valid_icalendar_with_an_anonymised_agenda() {
    let db = TestDb::new();
    let mut store = demo_db(&db);
    let meeting = new_meeting(&mut store);
    let ready = ready_cases(&store);
    for case in &ready[..2] {
        meetings::add_case_to_agenda(&mut store, &actor(), &meeting, &case.id).expect("add");
    }
    let ics = meetings::meeting_ics(&store, &meeting).expect("ics");
    let parsed: icalendar::Calendar = ics.parse().expect("parses back as iCalendar");
    let event = parsed
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("one event");
    use icalendar::{Component, EventLike};
    assert_eq!(event.get_summary(), Some("Financieringstafel december"));
    assert_eq!(event.get_location(), Some("Provinciehuis Utrecht"));
    // 09:30 in Utrecht on 10 December is 08:30 UTC.
    let start = event.get_start().expect("start");
    assert_eq!(
        start,
        icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 10)
                .and_then(|d| d.and_hms_opt(8, 30, 0))
                .expect("dt")
                .and_utc()
        ))
    );
    let description = event.get_description().expect("description");
    for case in &ready[..2] {
        assert!(
            description.contains(&case.case_number),
            "agenda lists {}",
            case.case_number
        );
        for value in identifying_values(case) {
            assert!(!description.contains(&value), "the invite leaks {value:?}");
        }
    }
    let (path, _) = (db.dir.path().join("tafel.ics"), ());
    let out = crate::common::tafel(
        &db,
        &[
            "meeting",
            "ics",
            &meeting,
            "-o",
            path.to_str().expect("path"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = std::fs::read_to_string(&path).expect("written");
    assert!(written.parse::<icalendar::Calendar>().is_ok());
}

#[test]
fn the_demo_is_a_living_table() {
    let db = TestDb::new();
    let store = demo_db(&db);
    let list = meetings::list_meetings(&store).expect("meetings");
    assert_eq!(
        list.iter()
            .filter(|m| m.status == MeetingStatus::Closed)
            .count(),
        3
    );
    assert_eq!(
        list.iter()
            .filter(|m| m.status == MeetingStatus::Planned)
            .count(),
        1
    );
    let home = tafel::service::home::home(&store, today()).expect("home");
    assert!(
        !home.follow_ups_due.is_empty()
            && !home.actions_due.is_empty()
            && !home.consents_expiring.is_empty()
    );
    let referred = cases::list_cases(
        &store,
        &tafel::store::CaseFilter {
            statuses: vec![CaseStatus::Referred],
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("referred");
    let with_chain = referred
        .iter()
        .filter(|c| {
            !outcomes::get_outcome(&store, &c.id)
                .expect("o")
                .referrals
                .is_empty()
        })
        .count();
    assert_eq!(
        with_chain,
        referred.len(),
        "every referred demo case shows where it went"
    );
    let financed = cases::list_cases(
        &store,
        &tafel::store::CaseFilter {
            statuses: vec![CaseStatus::Financed],
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("financed");
    for c in &financed {
        let o = outcomes::get_outcome(&store, &c.id).expect("o");
        assert!(
            o.raised_cents >= o.need_cents,
            "{}: a financed demo case has its package",
            c.case_number
        );
    }
}
