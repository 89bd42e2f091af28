//! The demo database: the starter register and about 60 fictional cases, with a living
//! table around them: contacts, past and coming meetings, responses, referrals, financing
//! packages and follow-ups.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use super::cases::add_validated;
use super::register::import_starter_register;
use crate::domain::*;
use crate::error::{Error, Result, RowError};
use crate::store::Store;

/// The demo cases (`assets/demo/cases.json`), in the `case add --json` format.
pub const DEMO_CASES_JSON: &str = include_str!("../../assets/demo/cases.json");

/// The day the demo data describes; loading it later moves every date by the days since,
/// so the demo stays a living table (recent intakes, actions due, consents about to end).
pub const DEMO_REFERENCE_DATE: (i32, u32, u32) = (2026, 11, 22);

fn shift_date(value: &mut Option<String>, days: i64) -> Result<()> {
    if let Some(text) = value.as_deref() {
        let date = crate::domain::parse_date(text).ok_or_else(|| {
            Error::invalid(
                "intake_date",
                "date_invalid",
                format!("Demodatum \"{text}\" is ongeldig."),
                format!("Demo date \"{text}\" is invalid."),
            )
        })?;
        let moved = date + chrono::Duration::days(days);
        *value = Some(moved.format("%Y-%m-%d").to_string());
    }
    Ok(())
}

/// What the demo loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DemoReport {
    /// Financiers in the register.
    pub financiers: u32,
    /// Cases added.
    pub cases: u32,
}

/// The author the desktop app records for the demo data it loads itself (`--demo`).
pub const DEMO_AUTHOR: &str = "demo";

/// Fills an empty database with the starter register and the demo cases, in one transaction each.
pub fn load_demo(store: &mut Store, actor: &Actor, today: NaiveDate) -> Result<DemoReport> {
    if store.cases().count()? > 0 {
        return Err(Error::Conflict {
            code: "not_empty",
            message_nl: "Deze database bevat al casussen; de demo vult alleen een lege database."
                .into(),
            message_en: "This database already holds cases; the demo only fills an empty database."
                .into(),
        });
    }
    let mut drafts: Vec<CaseDraft> =
        serde_json::from_str(DEMO_CASES_JSON).map_err(|source| Error::Json {
            context: "assets/demo/cases.json".into(),
            source,
        })?;
    let (y, m, d) = DEMO_REFERENCE_DATE;
    let reference = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    let days = (today - reference).num_days();
    for draft in &mut drafts {
        for date in [
            &mut draft.intake_date,
            &mut draft.consent_from,
            &mut draft.consent_until,
            &mut draft.next_action_due,
        ] {
            shift_date(date, days)?;
        }
    }
    let mut cases = Vec::with_capacity(drafts.len());
    let mut bad = Vec::new();
    for (index, draft) in drafts.iter().enumerate() {
        match draft.validate(today) {
            Ok(case) => cases.push(case),
            Err(errors) => bad.push(RowError {
                line: index + 1,
                errors,
            }),
        }
    }
    if !bad.is_empty() {
        return Err(Error::ImportRows(bad));
    }
    import_starter_register(store, actor)?;
    store.transact(actor, |w| {
        // Oldest first, so case numbers follow intake order.
        cases.sort_by_key(|c| c.intake_date);
        for case in &cases {
            add_validated(w, case)?;
        }
        load_demo_outcomes(w, days)?;
        Ok(DemoReport {
            financiers: w.financiers().count()? as u32,
            cases: cases.len() as u32,
        })
    })
}

/// The demo's outcomes and meetings (`assets/demo/outcomes.json`), keyed by KvK number.
pub const DEMO_OUTCOMES_JSON: &str = include_str!("../../assets/demo/outcomes.json");

mod outcomes_file {
    //! The shape of `assets/demo/outcomes.json`.
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct File {
        pub contacts: Vec<Contact>,
        pub meetings: Vec<Meeting>,
        pub cases: Vec<Case>,
    }

    #[derive(Deserialize)]
    pub struct Contact {
        pub financier: String,
        pub name: String,
        pub role: Option<String>,
        pub email: Option<String>,
        pub pledge: bool,
    }

    #[derive(Deserialize)]
    pub struct Guest {
        pub name: String,
        pub organisation: Option<String>,
        pub pledge: bool,
    }

    #[derive(Deserialize)]
    pub struct AgendaItem {
        pub kvk: String,
        pub minutes: Option<String>,
        pub decision: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Action {
        pub case: Option<String>,
        pub description: String,
        pub owner: String,
        pub due: Option<String>,
        pub done: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Meeting {
        pub key: String,
        pub title: String,
        pub date: String,
        pub time: String,
        pub minutes: u32,
        pub place: Option<String>,
        pub online_link: Option<String>,
        pub chair: Option<String>,
        pub status: String,
        pub attendees: Vec<String>,
        #[serde(default)]
        pub guests: Vec<Guest>,
        pub agenda: Vec<AgendaItem>,
        pub actions: Vec<Action>,
    }

    #[derive(Deserialize, Clone)]
    pub struct Step {
        pub status: String,
        pub date: String,
        pub reason: Option<String>,
        pub reason_text: Option<String>,
        pub amount_eur: Option<i64>,
        pub note: Option<String>,
        pub meeting: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Response {
        pub financier: String,
        pub instrument: Option<String>,
        pub steps: Vec<Step>,
    }

    #[derive(Deserialize)]
    pub struct Referral {
        pub from: Option<String>,
        pub to: String,
        pub reason: String,
        pub basis: String,
        pub date: String,
    }

    #[derive(Deserialize)]
    pub struct Tranche {
        pub financier: String,
        pub instrument: Option<String>,
        pub capital_type: String,
        pub amount_eur: i64,
        pub guarantee: Option<String>,
        pub guaranteed_eur: Option<i64>,
        pub closing_date: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct FollowUp {
        pub months: u32,
        pub done_on: String,
        pub jobs_kept: Option<i32>,
        pub jobs_created: Option<i32>,
        pub financing_closed: Option<bool>,
        pub notes: Option<String>,
    }

    #[derive(Deserialize)]
    pub struct Case {
        pub kvk: String,
        pub outcome_on: Option<String>,
        #[serde(default)]
        pub responses: Vec<Response>,
        #[serde(default)]
        pub referrals: Vec<Referral>,
        #[serde(default)]
        pub extra_steps: Vec<(String, Step)>,
        #[serde(default)]
        pub package: Vec<Tranche>,
        #[serde(default)]
        pub follow_ups: Vec<FollowUp>,
    }
}

/// A demo file that does not fit the register or the cases: a defect of the demo, reported plainly.
fn demo_defect(what: String) -> Error {
    Error::invalid(
        "assets/demo/outcomes.json",
        "demo_data",
        format!("Demogegevens kloppen niet: {what}."),
        format!("Demo data is inconsistent: {what}."),
    )
}

/// Loads the demo's contacts, meetings, responses, referrals, packages and follow-ups into
/// the demo cases, dates moved by `days` like the cases'.
fn load_demo_outcomes(w: &crate::store::Writer<'_>, days: i64) -> Result<()> {
    use std::collections::HashMap;

    use crate::domain::money::parse_euros;
    use crate::store::ResolvedTranche;

    let file: outcomes_file::File =
        serde_json::from_str(DEMO_OUTCOMES_JSON).map_err(|source| Error::Json {
            context: "assets/demo/outcomes.json".into(),
            source,
        })?;
    let date = |text: &str| -> Result<NaiveDate> {
        crate::domain::parse_date(text)
            .map(|d| d + chrono::Duration::days(days))
            .ok_or_else(|| demo_defect(format!("datum \"{text}\"")))
    };
    let financier = |name: &str| -> Result<Financier> {
        match w.financiers().find(name)?.as_slice() {
            [(id, _)] => w.financiers().get(id),
            _ => Err(demo_defect(format!("financier \"{name}\""))),
        }
    };
    let instrument_of = |f: &Financier, name: &str| -> Result<String> {
        f.instruments
            .iter()
            .find(|i| i.name == name)
            .map(|i| i.id.clone())
            .ok_or_else(|| demo_defect(format!("instrument \"{name}\" van {}", f.name)))
    };
    let case_of = |kvk: &str| -> Result<Case> {
        let company = w
            .companies()
            .by_kvk(kvk)?
            .ok_or_else(|| demo_defect(format!("KvK {kvk}")))?;
        let found = w.cases().list(&crate::store::CaseFilter {
            query: Some(kvk.to_string()),
            ..Default::default()
        })?;
        let summary = found
            .into_iter()
            .find(|c| c.kvk.as_deref() == Some(kvk))
            .ok_or_else(|| demo_defect(format!("casus van {}", company.name)))?;
        w.cases().get(&summary.id)
    };

    let mut contact_ids: HashMap<String, (String, String)> = HashMap::new();
    for c in &file.contacts {
        let f = financier(&c.financier)?;
        let new = NewContact {
            name: c.name.clone(),
            role: c.role.clone(),
            email: c.email.clone(),
            phone: None,
            signed_pledge: c.pledge,
        };
        let contact = w.financiers_mut().create_contact(&f.id, &new)?;
        contact_ids.insert(c.name.clone(), (contact.id, f.id));
    }

    let mut meeting_ids: HashMap<String, String> = HashMap::new();
    for m in &file.meetings {
        let time = chrono::NaiveTime::parse_from_str(&m.time, "%H:%M")
            .map_err(|_| demo_defect(format!("tijd \"{}\"", m.time)))?;
        let new = NewMeeting {
            title: m.title.clone(),
            starts_at: date(&m.date)?.and_time(time),
            duration_minutes: m.minutes,
            place: m.place.clone(),
            online_link: m.online_link.clone(),
            chair: m.chair.clone(),
            notes: None,
        };
        let meeting = w.meetings_mut().create(&new)?;
        for name in &m.attendees {
            let (contact_id, financier_id) = contact_ids
                .get(name)
                .ok_or_else(|| demo_defect(format!("deelnemer \"{name}\"")))?;
            let f = w.financiers().get(financier_id)?;
            let pledge = f
                .contacts
                .iter()
                .any(|c| &c.id == contact_id && c.signed_pledge);
            w.meetings_mut().add_attendee(
                &meeting.id,
                Some(contact_id),
                Some(financier_id),
                name,
                Some(&f.name),
                pledge,
            )?;
        }
        for g in &m.guests {
            w.meetings_mut().add_attendee(
                &meeting.id,
                None,
                None,
                &g.name,
                g.organisation.as_deref(),
                g.pledge,
            )?;
        }
        let closed = m.status == MeetingStatus::Closed.id();
        for item in &m.agenda {
            let case = case_of(&item.kvk)?;
            w.meetings_mut()
                .add_case(&meeting.id, &case.id, &case.case_number)?;
            if closed {
                w.meetings_mut().mark_presented(&meeting.id, &case.id)?;
            }
            if item.minutes.is_some() || item.decision.is_some() {
                w.meetings_mut().set_minutes(
                    &meeting.id,
                    &case.id,
                    item.minutes.as_deref(),
                    item.decision.as_deref(),
                )?;
            }
        }
        for a in &m.actions {
            let case_id = match &a.case {
                Some(kvk) => Some(case_of(kvk)?.id),
                None => None,
            };
            let due = a.due.as_deref().map(&date).transpose()?;
            let action = w.meetings_mut().add_action(
                Some(&meeting.id),
                case_id.as_deref(),
                &a.description,
                &a.owner,
                due,
            )?;
            if let Some(done) = &a.done {
                w.meetings_mut()
                    .set_action_done(&action.id, Some(date(done)?))?;
            }
        }
        let status = MeetingStatus::from_id(&m.status)
            .ok_or_else(|| demo_defect(format!("overlegstatus \"{}\"", m.status)))?;
        if status != MeetingStatus::Planned {
            w.meetings_mut().set_status(&meeting.id, status)?;
        }
        meeting_ids.insert(m.key.clone(), meeting.id);
    }

    let record = |case: &Case,
                  f: &Financier,
                  instrument: Option<&str>,
                  s: &outcomes_file::Step|
     -> Result<()> {
        let step = NewResponseStep {
            status: ResponseStatus::from_id(&s.status)
                .ok_or_else(|| demo_defect(format!("reactiestatus \"{}\"", s.status)))?,
            decline_reason: s
                .reason
                .as_deref()
                .map(|r| {
                    DeclineReason::from_id(r).ok_or_else(|| demo_defect(format!("reden \"{r}\"")))
                })
                .transpose()?,
            decline_text: s.reason_text.clone(),
            amount_cents: s.amount_eur.map(|e| e * 100),
            on_date: date(&s.date)?,
            note: s.note.clone(),
            meeting_id: s
                .meeting
                .as_ref()
                .map(|k| {
                    meeting_ids
                        .get(k)
                        .cloned()
                        .ok_or_else(|| demo_defect(format!("overleg \"{k}\"")))
                })
                .transpose()?,
        };
        w.outcomes_mut()
            .record_response(&case.id, &f.id, instrument, &step)?;
        Ok(())
    };

    for c in &file.cases {
        let case = case_of(&c.kvk)?;
        for r in &c.responses {
            let f = financier(&r.financier)?;
            let instrument = r
                .instrument
                .as_deref()
                .map(|name| instrument_of(&f, name))
                .transpose()?;
            for s in &r.steps {
                record(&case, &f, instrument.as_deref(), s)?;
            }
        }
        for r in &c.referrals {
            let from = r.from.as_deref().map(&financier).transpose()?;
            let to = financier(&r.to)?;
            let basis = ReferralBasis::from_id(&r.basis)
                .ok_or_else(|| demo_defect(format!("grondslag \"{}\"", r.basis)))?;
            let on = date(&r.date)?;
            w.outcomes_mut().add_referral(
                &case.id,
                from.as_ref().map(|f| f.id.as_str()),
                &to.id,
                &r.reason,
                basis,
                on,
            )?;
            if w.outcomes().response(&case.id, &to.id)?.is_none() {
                let sent = outcomes_file::Step {
                    status: "summary_sent".into(),
                    date: r.date.clone(),
                    reason: None,
                    reason_text: None,
                    amount_eur: None,
                    note: Some(format!(
                        "Doorverwezen door {}: {}",
                        from.as_ref().map_or("de coördinator", |f| f.name.as_str()),
                        r.reason
                    )),
                    meeting: None,
                };
                record(&case, &to, None, &sent)?;
            }
        }
        for (name, s) in &c.extra_steps {
            record(&case, &financier(name)?, None, s)?;
        }
        for t in &c.package {
            let f = financier(&t.financier)?;
            let guarantee = match &t.guarantee {
                Some(name) => Some(instrument_of(&financier("RVO")?, name)?),
                None => None,
            };
            let tranche = ResolvedTranche {
                instrument_id: t
                    .instrument
                    .as_deref()
                    .map(|name| instrument_of(&f, name))
                    .transpose()?,
                financier_id: f.id.clone(),
                capital_type: CapitalType::from_id(&t.capital_type)
                    .ok_or_else(|| demo_defect(format!("kapitaalsoort \"{}\"", t.capital_type)))?,
                amount_cents: parse_euros(&t.amount_eur.to_string())
                    .map_err(|_| demo_defect(format!("bedrag {}", t.amount_eur)))?,
                guarantee_instrument_id: guarantee,
                guaranteed_cents: t.guaranteed_eur.map(|e| e * 100),
                closing_date: t.closing_date.as_deref().map(&date).transpose()?,
                notes: None,
            };
            w.outcomes_mut().add_tranche(&case.id, &tranche)?;
        }
        if let Some(outcome_on) = &c.outcome_on {
            let on = date(outcome_on)?;
            w.cases_mut().set_outcome_on(&case.id, on)?;
            if starts_follow_ups(case.status) {
                let scheduled = w.outcomes_mut().schedule_follow_ups(&case.id, on)?;
                for done in &c.follow_ups {
                    let follow_up = scheduled
                        .iter()
                        .find(|f| f.months == done.months)
                        .ok_or_else(|| demo_defect(format!("nazorg {} maanden", done.months)))?;
                    let result = FollowUpResult {
                        done_on: date(&done.done_on)?,
                        jobs_kept: done.jobs_kept,
                        jobs_created: done.jobs_created,
                        financing_closed: done.financing_closed,
                        notes: done.notes.clone(),
                    };
                    w.outcomes_mut().record_follow_up(&follow_up.id, &result)?;
                }
            }
        }
    }
    Ok(())
}
