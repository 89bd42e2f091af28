//! `tafel meeting …`: plan, agenda, invite, present, minutes, close.

use std::path::PathBuf;

use clap::Subcommand;

use tafel::domain::{ActionItemDraft, CaseStatus, Meeting, MeetingDraft, WriteSource};
use tafel::error::Result;
use tafel::service::meetings::{self, AttendeeDraft};

use crate::args::{Cli, lang};
use crate::output::{date, print_json};

/// `tafel meeting`: table meetings.
#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Plan a meeting.
    New {
        /// Title.
        #[arg(long)]
        title: String,
        /// Date (dd-mm-jjjj or yyyy-mm-dd).
        #[arg(long)]
        date: String,
        /// Start time hh:mm (default 14:00).
        #[arg(long)]
        time: Option<String>,
        /// Length in minutes (default 120).
        #[arg(long)]
        minutes: Option<String>,
        /// Place.
        #[arg(long)]
        place: Option<String>,
        /// Link to join online.
        #[arg(long)]
        link: Option<String>,
        /// Chair.
        #[arg(long)]
        chair: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List meetings.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Put a case (ready for the table) on the agenda.
    AddCase {
        /// Meeting id.
        meeting: String,
        /// Case id or number.
        case: String,
    },
    /// Take a case off the agenda.
    RemoveCase {
        /// Meeting id.
        meeting: String,
        /// Case id or number.
        case: String,
    },
    /// Add an attendee: a register contact (`--contact ID`) or a name.
    AddAttendee {
        /// Meeting id.
        meeting: String,
        /// Contact id from the register.
        #[arg(long)]
        contact: Option<String>,
        /// Name (when not a contact).
        #[arg(long)]
        name: Option<String>,
        /// Organisation (when not a contact).
        #[arg(long)]
        organisation: Option<String>,
        /// Signed the table's confidentiality pledge (when not a contact).
        #[arg(long)]
        pledge: bool,
    },
    /// Show a meeting: details, attendees, agenda, minutes, action items.
    Show {
        /// Meeting id.
        meeting: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the anonymised one-pager of the agenda's case at a position (marks it presented).
    Present {
        /// Meeting id.
        meeting: String,
        /// Position on the agenda, from 1.
        position: u32,
    },
    /// Record minutes and a decision on an agenda case.
    Minutes {
        /// Meeting id.
        meeting: String,
        /// Case id or number.
        case: String,
        /// Minutes.
        #[arg(long)]
        minutes: Option<String>,
        /// Decision.
        #[arg(long)]
        decision: Option<String>,
    },
    /// Add an action item.
    Action {
        /// Meeting id.
        meeting: String,
        /// What to do.
        #[arg(long)]
        description: String,
        /// Who does it.
        #[arg(long)]
        owner: String,
        /// Due date.
        #[arg(long)]
        due: Option<String>,
        /// The case it is about.
        #[arg(long)]
        case: Option<String>,
    },
    /// Close the meeting (presented cases that were `ready` become `presented`).
    Close {
        /// Meeting id.
        meeting: String,
    },
    /// Write the meeting pack as PDF: the agenda and each case's anonymised one-pager.
    Pack {
        /// Meeting id.
        meeting: String,
        /// Language: nl (default) or en.
        #[arg(long, default_value = "nl")]
        lang: String,
        /// The PDF to write.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Write the meeting as an iCalendar invite (.ics), agenda anonymised.
    Ics {
        /// Meeting id.
        meeting: String,
        /// File to write (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

fn print_meeting(m: &Meeting) {
    println!("{}  [{}]", m.title, m.status.label_nl());
    println!("  id:          {}", m.id);
    println!(
        "  Wanneer:     {} ({} min)",
        m.starts_at.format(tafel::domain::format::DATE_TIME_NL),
        m.duration_minutes
    );
    if let Some(p) = &m.place {
        println!("  Plaats:      {p}");
    }
    if let Some(l) = &m.online_link {
        println!("  Online:      {l}");
    }
    if let Some(c) = &m.chair {
        println!("  Voorzitter:  {c}");
    }
    if !m.attendees.is_empty() {
        println!("\nDeelnemers");
        for a in &m.attendees {
            let pledge = if a.pledge_signed {
                "geheimhouding getekend"
            } else {
                "geheimhouding NIET getekend"
            };
            println!(
                "  {:<28} {:<30} {pledge}",
                a.name,
                a.organisation.as_deref().unwrap_or("")
            );
        }
    }
    println!("\nAgenda");
    if m.agenda.is_empty() {
        println!(
            "  (nog geen casussen; voeg toe met `tafel meeting add-case {} CASUS`)",
            m.id
        );
    }
    for a in &m.agenda {
        println!(
            "  {}. {}  {}  [{}]{}",
            a.position,
            a.case_number,
            a.summary_line,
            a.case_status.label_nl(),
            if a.presented { "  ✓ besproken" } else { "" }
        );
        if let Some(minutes) = &a.minutes {
            println!("     Notulen: {minutes}");
        }
        if let Some(decision) = &a.decision {
            println!("     Besluit: {decision}");
        }
    }
    if !m.actions.is_empty() {
        println!("\nActiepunten");
        for a in &m.actions {
            let due = a
                .due_on
                .map(|d| format!(" (uiterlijk {})", date(d)))
                .unwrap_or_default();
            let done = if a.done_on.is_some() { "✓" } else { "·" };
            println!("  {done} {} — {}{due}", a.description, a.owner);
        }
    }
}

/// `tafel meeting …`.
pub fn meeting(cli: &Cli, command: &MeetingCommand) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    let today = tafel::clock::today();
    match command {
        MeetingCommand::New {
            title,
            date,
            time,
            minutes,
            place,
            link,
            chair,
            json,
        } => {
            let draft = MeetingDraft {
                title: title.clone(),
                date: date.clone(),
                time: time.clone(),
                duration_minutes: minutes.clone(),
                place: place.clone(),
                online_link: link.clone(),
                chair: chair.clone(),
                notes: None,
            };
            let meeting = meetings::create_meeting(&mut store, &actor, &draft)?;
            if *json {
                print_json(&meeting)?
            } else {
                println!(
                    "Overleg gepland: {} op {} (id {}).",
                    meeting.title,
                    meeting
                        .starts_at
                        .format(tafel::domain::format::DATE_TIME_NL),
                    meeting.id
                );
            }
        }
        MeetingCommand::List { json } => {
            let list = meetings::list_meetings(&store)?;
            if *json {
                print_json(&list)?
            } else {
                for m in &list {
                    println!(
                        "{}  {:<40} {:<12} {} casussen  {}",
                        m.starts_at.format(tafel::domain::format::DATE_TIME_NL),
                        m.title,
                        m.status.label_nl(),
                        m.case_count,
                        m.id
                    );
                }
                println!("{} overleg(gen)", list.len());
            }
        }
        MeetingCommand::AddCase { meeting, case } => {
            let m = meetings::add_case_to_agenda(&mut store, &actor, meeting, case)?;
            println!(
                "Casus op de agenda gezet; de agenda heeft nu {} casus(sen).",
                m.agenda.len()
            );
        }
        MeetingCommand::RemoveCase { meeting, case } => {
            let case_id = tafel::service::cases::get_case(&store, case)?.id;
            let m = meetings::remove_case_from_agenda(&mut store, &actor, meeting, &case_id)?;
            println!(
                "Casus van de agenda gehaald; de agenda heeft nu {} casus(sen).",
                m.agenda.len()
            );
        }
        MeetingCommand::AddAttendee {
            meeting,
            contact,
            name,
            organisation,
            pledge,
        } => {
            let draft = AttendeeDraft {
                contact_id: contact.clone(),
                name: name.clone(),
                organisation: organisation.clone(),
                pledge_signed: Some(*pledge),
            };
            let m = meetings::add_attendee(&mut store, &actor, meeting, &draft)?;
            println!("Deelnemer toegevoegd; {} deelnemer(s).", m.attendees.len());
        }
        MeetingCommand::Show { meeting, json } => {
            let m = meetings::get_meeting(&store, meeting)?;
            if *json {
                print_json(&m)?
            } else {
                print_meeting(&m)
            }
        }
        MeetingCommand::Present { meeting, position } => {
            let slide = meetings::present(&mut store, &actor, meeting, *position)?;
            println!("[{} / {}]", slide.position, slide.total);
            print!("{}", slide.one_pager.render_text("nl"));
        }
        MeetingCommand::Minutes {
            meeting,
            case,
            minutes,
            decision,
        } => {
            let case_id = tafel::service::cases::get_case(&store, case)?.id;
            meetings::set_minutes(
                &mut store,
                &actor,
                meeting,
                &case_id,
                minutes.as_deref(),
                decision.as_deref(),
            )?;
            println!("Notulen bewaard.");
        }
        MeetingCommand::Action {
            meeting,
            description,
            owner,
            due,
            case,
        } => {
            let draft = ActionItemDraft {
                description: description.clone(),
                owner: owner.clone(),
                due_on: due.clone(),
                case_id: case.clone(),
            };
            let action = meetings::add_action(&mut store, &actor, Some(meeting), &draft)?;
            println!("Actiepunt toegevoegd (id {}).", action.id);
        }
        MeetingCommand::Close { meeting } => {
            let m = meetings::close_meeting(&mut store, &actor, meeting, today)?;
            let presented = m.agenda.iter().filter(|a| a.presented).count();
            println!(
                "Overleg afgesloten: {presented} van {} casussen besproken.",
                m.agenda.len()
            );
            let moved: Vec<&str> = m
                .agenda
                .iter()
                .filter(|a| a.presented && a.case_status == CaseStatus::Presented)
                .map(|a| a.case_number.as_str())
                .collect();
            if !moved.is_empty() {
                println!("Status \"Gepresenteerd\": {}", moved.join(", "));
            }
        }
        MeetingCommand::Pack {
            meeting,
            lang: language,
            output,
        } => {
            let renderer = tafel::service::pdf::renderer_for(&store)?;
            let report = tafel::service::pdf::export_meeting_pack(
                &mut store,
                &actor,
                &renderer,
                meeting,
                lang(language)?,
                output,
                today,
                &crate::progress::Terminal::new(),
            )?;
            println!(
                "Vergadermap geschreven naar {} ({} kB).",
                report.path,
                report.bytes.div_ceil(1024)
            );
        }
        MeetingCommand::Ics { meeting, output } => match output {
            Some(path) => println!(
                "Uitnodiging geschreven naar {}.",
                meetings::write_meeting_ics(&store, &cli.actor(WriteSource::Cli), meeting, path)?
            ),
            None => print!("{}", meetings::meeting_ics(&store, meeting)?),
        },
    }
    Ok(())
}
