//! The table's own commands: responses, referrals, the package, follow-ups, meetings and
//! the home overview.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use tafel::domain::money::format_euros;
use tafel::domain::{
    ActionItemDraft, CaseStatus, FollowUpDraft, Meeting, MeetingDraft, PackageTrancheDraft, ReferralDraft, ResponseDraft, WriteSource,
};
use tafel::error::{Error, Result};
use tafel::report::documents::Lang;
use tafel::service::home::Home;
use tafel::service::meetings::{self, AttendeeDraft};
use tafel::service::outcomes::{self, CaseOutcome};

use super::Cli;
use super::output::{date, print_json};

/// `tafel respond`: record a financier's response on a case.
#[derive(Debug, Args)]
pub struct RespondArgs {
    /// Case id or number.
    case: String,
    /// Financier id or name (a unique part of the name is enough).
    financier: String,
    /// not_contacted, summary_sent, interested, info_requested, in_assessment, offer, committed, declined, withdrawn, on_hold.
    #[arg(long)]
    status: String,
    /// Decline reason (required with `--status declined`), e.g. insufficient_collateral.
    #[arg(long)]
    reason: Option<String>,
    /// Explanation of the decline (required for reason `other`).
    #[arg(long = "reason-text")]
    reason_text: Option<String>,
    /// Amount indicated, e.g. 250k or "1,2 mln".
    #[arg(long)]
    amount: Option<String>,
    /// Instrument of that financier (id or name).
    #[arg(long)]
    instrument: Option<String>,
    /// Date of this step (default today).
    #[arg(long)]
    date: Option<String>,
    /// A note.
    #[arg(long)]
    note: Option<String>,
    /// Meeting where it was said.
    #[arg(long)]
    meeting: Option<String>,
    /// Print the case's outcome as JSON.
    #[arg(long)]
    json: bool,
}

/// `tafel refer`: refer a case to another financier.
#[derive(Debug, Args)]
pub struct ReferArgs {
    /// Case id or number.
    case: String,
    /// The financier that declined and refers it on (omit when the coordinator refers).
    #[arg(long)]
    from: Option<String>,
    /// The financier it goes to.
    #[arg(long)]
    to: String,
    /// Why this financier.
    #[arg(long)]
    reason: String,
    /// named_consent, anonymised or entrepreneur_contacts (default: named when the entrepreneur consented, else anonymised).
    #[arg(long)]
    basis: Option<String>,
    /// Date (default today).
    #[arg(long)]
    date: Option<String>,
    /// Print the case's outcome as JSON.
    #[arg(long)]
    json: bool,
}

/// `tafel outcome`: where a case stands.
#[derive(Debug, Args)]
pub struct OutcomeArgs {
    /// Case id or number.
    case: String,
    /// Apply the status the package suggests (shown without this flag).
    #[arg(long)]
    confirm_status: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `tafel package`: the financing package actually committed.
#[derive(Debug, Subcommand)]
pub enum PackageCommand {
    /// Add a committed tranche.
    Add {
        /// Case id or number.
        case: String,
        /// Financier id or name.
        #[arg(long)]
        financier: String,
        /// Amount, e.g. 500k.
        #[arg(long)]
        amount: String,
        /// Instrument of that financier.
        #[arg(long)]
        instrument: Option<String>,
        /// Capital type (default: the instrument's).
        #[arg(long = "capital-type")]
        capital_type: Option<String>,
        /// Guarantee scheme used, e.g. BMKB-G.
        #[arg(long)]
        guarantee: Option<String>,
        /// Guaranteed part, e.g. 250k.
        #[arg(long = "guaranteed")]
        guaranteed: Option<String>,
        /// Closing date.
        #[arg(long = "closing-date")]
        closing_date: Option<String>,
        /// Notes.
        #[arg(long)]
        notes: Option<String>,
    },
    /// Remove a tranche.
    Remove {
        /// Tranche id.
        tranche: String,
    },
}

/// `tafel follow-up`: record what a follow-up found.
#[derive(Debug, Args)]
pub struct FollowUpArgs {
    /// Follow-up id (see `tafel outcome CASE`).
    id: String,
    /// Jobs kept.
    #[arg(long = "jobs-kept")]
    jobs_kept: Option<String>,
    /// Jobs created.
    #[arg(long = "jobs-created")]
    jobs_created: Option<String>,
    /// The financing closed (yes/no).
    #[arg(long = "closed")]
    closed: Option<bool>,
    /// Date done (default today).
    #[arg(long)]
    date: Option<String>,
    /// Notes.
    #[arg(long)]
    notes: Option<String>,
}

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

/// Reads a document language: `nl` or `en`.
pub fn lang(text: &str) -> Result<Lang> {
    match text {
        "nl" => Ok(Lang::Nl),
        "en" => Ok(Lang::En),
        other => Err(Error::invalid("lang", "lang", format!("Onbekende taal \"{other}\"; kies nl of en."), format!("Unknown language \"{other}\"; choose nl or en."))),
    }
}

/// Prints a case's outcome, readable.
fn print_outcome(o: &CaseOutcome) {
    println!("Casus {}  [{}]", o.case_number, o.status.label_nl());
    let share = if o.need_cents > 0 { o.raised_cents as f64 / o.need_cents as f64 * 100.0 } else { 0.0 };
    println!("  Opgehaald: {} van {} ({share:.0}%)", format_euros(o.raised_cents), format_euros(o.need_cents));
    if let Some(plan) = o.plan_total_cents {
        println!("  Plan:      {}", format_euros(plan));
    }
    if !o.responses.is_empty() {
        println!("\nReacties");
        for r in &o.responses {
            let reason = r.decline_reason.map(|d| format!(" — {}", d.label_nl())).unwrap_or_default();
            let text = r.decline_text.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
            let amount = r.amount_cents.map(|a| format!("  {}", format_euros(a))).unwrap_or_default();
            println!("  {:<34} {:<24} {}{amount}{reason}{text}", r.financier_name, r.status.label_nl(), date(r.status_date));
        }
    }
    if !o.referrals.is_empty() {
        println!("\nDoorverwijzingen");
        for r in &o.referrals {
            let outcome = r.outcome.map(|s| s.label_nl()).unwrap_or("—");
            println!(
                "  {}  {} → {}  [{}]  {}  ({})",
                date(r.referred_on),
                r.from_name.as_deref().unwrap_or("coördinator"),
                r.to_name,
                outcome,
                r.reason,
                r.basis.label_nl()
            );
        }
    }
    if !o.package.is_empty() {
        println!("\nFinancieringspakket");
        for t in &o.package {
            let guarantee = t.guarantee_name.as_deref().map(|g| format!("  met {g}")).unwrap_or_default();
            println!(
                "  {:<30} {:<28} {:>14}{guarantee}  [{}]",
                t.financier_name,
                t.capital_type.label_nl(),
                format_euros(t.amount_cents),
                t.id
            );
        }
    }
    if !o.plan_comparison.is_empty() && o.plan_total_cents.is_some() {
        println!("\nPlan tegenover toegezegd");
        for l in &o.plan_comparison {
            println!("  {:<30} {:>14} {:>14}", l.financier_name, format_euros(l.planned_cents), format_euros(l.committed_cents));
        }
    }
    if !o.follow_ups.is_empty() {
        println!("\nNazorg");
        for f in &o.follow_ups {
            let done = match f.done_on {
                Some(d) => format!(
                    "gedaan {}: banen behouden {}, nieuw {}",
                    date(d),
                    f.jobs_kept.map_or("—".into(), |n| n.to_string()),
                    f.jobs_created.map_or("—".into(), |n| n.to_string())
                ),
                None => "open".into(),
            };
            println!("  {:>2} maanden  {}  {done}  [{}]", f.months, date(f.due_on), f.id);
        }
    }
    if let Some(p) = &o.status_proposal {
        println!("\nVoorstel: status \"{}\" → \"{}\". {}", p.from.label_nl(), p.to.label_nl(), p.reason);
        println!("Bevestig met: tafel outcome {} --confirm-status", o.case_number);
    }
}

fn print_meeting(m: &Meeting) {
    println!("{}  [{}]", m.title, m.status.label_nl());
    println!("  id:          {}", m.id);
    println!("  Wanneer:     {} ({} min)", m.starts_at.format(tafel::domain::format::DATE_TIME_NL), m.duration_minutes);
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
            let pledge = if a.pledge_signed { "geheimhouding getekend" } else { "geheimhouding NIET getekend" };
            println!("  {:<28} {:<30} {pledge}", a.name, a.organisation.as_deref().unwrap_or(""));
        }
    }
    println!("\nAgenda");
    if m.agenda.is_empty() {
        println!("  (nog geen casussen; voeg toe met `tafel meeting add-case {} CASUS`)", m.id);
    }
    for a in &m.agenda {
        println!("  {}. {}  {}  [{}]{}", a.position, a.case_number, a.summary_line, a.case_status.label_nl(), if a.presented { "  ✓ besproken" } else { "" });
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
            let due = a.due_on.map(|d| format!(" (uiterlijk {})", date(d))).unwrap_or_default();
            let done = if a.done_on.is_some() { "✓" } else { "·" };
            println!("  {done} {} — {}{due}", a.description, a.owner);
        }
    }
}

/// Prints the home overview.
pub fn print_home(h: &Home) {
    println!("Vandaag {} — deze week t/m {}", date(h.today), date(h.week_end));
    println!("\nNazorg die deze week speelt ({})", h.follow_ups_due.len());
    for f in &h.follow_ups_due {
        let late = if f.overdue { "  TE LAAT" } else { "" };
        println!("  {}  {} {}  {} maanden{late}", date(f.follow_up.due_on), f.case_number, f.company_name, f.follow_up.months);
    }
    println!("\nActiepunten ({})", h.actions_due.len());
    for a in &h.actions_due {
        println!("  {}  {} — {}", a.due_on.map(date).unwrap_or_default(), a.description, a.owner);
    }
    println!("\nVolgende acties ({})", h.next_actions_due.len());
    for c in &h.next_actions_due {
        println!("  {}  {} {}", c.next_action_due.map(date).unwrap_or_default(), c.case_number, c.company_name);
    }
    println!("\nToestemmingen die binnenkort verlopen ({})", h.consents_expiring.len());
    for c in &h.consents_expiring {
        println!("  {}  {} {}", c.consent_until.map(date).unwrap_or_default(), c.case_number, c.company_name);
    }
    println!("\nKomende overleggen ({})", h.upcoming_meetings.len());
    for m in &h.upcoming_meetings {
        println!("  {}  {} ({} casussen)", m.starts_at.format(tafel::domain::format::DATE_TIME_NL), m.title, m.case_count);
    }
}

fn show_outcome(outcome: &CaseOutcome, json: bool) -> Result<()> {
    if json { print_json(outcome) } else {
        print_outcome(outcome);
        Ok(())
    }
}

/// `tafel respond`.
pub fn respond(cli: &Cli, args: &RespondArgs) -> Result<()> {
    let draft = ResponseDraft {
        financier: args.financier.clone(),
        status: args.status.clone(),
        decline_reason: args.reason.clone(),
        decline_text: args.reason_text.clone(),
        amount: args.amount.clone(),
        instrument: args.instrument.clone(),
        on_date: args.date.clone(),
        note: args.note.clone(),
        meeting_id: args.meeting.clone(),
    };
    let mut store = cli.open()?;
    let outcome = outcomes::record_response(&mut store, &cli.actor(WriteSource::Cli), &args.case, &draft, tafel::service::today())?;
    show_outcome(&outcome, args.json)
}

/// `tafel refer`.
pub fn refer(cli: &Cli, args: &ReferArgs) -> Result<()> {
    let draft = ReferralDraft { from: args.from.clone(), to: args.to.clone(), reason: args.reason.clone(), basis: args.basis.clone(), on_date: args.date.clone() };
    let mut store = cli.open()?;
    let outcome = outcomes::refer_case(&mut store, &cli.actor(WriteSource::Cli), &args.case, &draft, tafel::service::today())?;
    show_outcome(&outcome, args.json)
}

/// `tafel outcome`.
pub fn outcome(cli: &Cli, args: &OutcomeArgs) -> Result<()> {
    let mut store = cli.open()?;
    let mut outcome = outcomes::get_outcome(&store, &args.case)?;
    if args.confirm_status {
        let Some(proposal) = outcome.status_proposal.clone() else {
            return Err(Error::invalid("status", "no_status_proposal", format!("Er is geen statusvoorstel voor casus {}: het pakket en de reacties vragen geen andere status.", outcome.case_number), format!("There is no status proposal for case {}.", outcome.case_number)));
        };
        outcome = outcomes::confirm_status(&mut store, &cli.actor(WriteSource::Cli), &outcome.case_id, proposal.to, tafel::service::today())?;
        if !args.json {
            println!("Status gewijzigd: \"{}\" → \"{}\".\n", proposal.from.label_nl(), proposal.to.label_nl());
        }
    }
    show_outcome(&outcome, args.json)
}

/// `tafel package`.
pub fn package(cli: &Cli, command: &PackageCommand) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    let outcome = match command {
        PackageCommand::Add { case, financier, amount, instrument, capital_type, guarantee, guaranteed, closing_date, notes } => {
            let draft = PackageTrancheDraft {
                financier: financier.clone(),
                instrument: instrument.clone(),
                capital_type: capital_type.clone(),
                amount: amount.clone(),
                guarantee: guarantee.clone(),
                guaranteed_amount: guaranteed.clone(),
                closing_date: closing_date.clone(),
                notes: notes.clone(),
            };
            outcomes::add_package_tranche(&mut store, &actor, case, &draft)?
        }
        PackageCommand::Remove { tranche } => outcomes::remove_package_tranche(&mut store, &actor, tranche)?,
    };
    show_outcome(&outcome, false)
}

/// `tafel follow-up`.
pub fn follow_up(cli: &Cli, args: &FollowUpArgs) -> Result<()> {
    let draft = FollowUpDraft {
        done_on: args.date.clone(),
        jobs_kept: args.jobs_kept.clone(),
        jobs_created: args.jobs_created.clone(),
        financing_closed: args.closed,
        notes: args.notes.clone(),
    };
    let mut store = cli.open()?;
    let outcome = outcomes::record_follow_up(&mut store, &cli.actor(WriteSource::Cli), &args.id, &draft, tafel::service::today())?;
    show_outcome(&outcome, false)
}

/// `tafel meeting …`.
pub fn meeting(cli: &Cli, command: &MeetingCommand) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    let today = tafel::service::today();
    match command {
        MeetingCommand::New { title, date, time, minutes, place, link, chair, json } => {
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
            if *json { print_json(&meeting)? } else {
                println!("Overleg gepland: {} op {} (id {}).", meeting.title, meeting.starts_at.format(tafel::domain::format::DATE_TIME_NL), meeting.id);
            }
        }
        MeetingCommand::List { json } => {
            let list = meetings::list_meetings(&store)?;
            if *json { print_json(&list)? } else {
                for m in &list {
                    println!("{}  {:<40} {:<12} {} casussen  {}", m.starts_at.format(tafel::domain::format::DATE_TIME_NL), m.title, m.status.label_nl(), m.case_count, m.id);
                }
                println!("{} overleg(gen)", list.len());
            }
        }
        MeetingCommand::AddCase { meeting, case } => {
            let m = meetings::add_case_to_agenda(&mut store, &actor, meeting, case)?;
            println!("Casus op de agenda gezet; de agenda heeft nu {} casus(sen).", m.agenda.len());
        }
        MeetingCommand::RemoveCase { meeting, case } => {
            let case_id = tafel::service::cases::get_case(&store, case)?.id;
            let m = meetings::remove_case_from_agenda(&mut store, &actor, meeting, &case_id)?;
            println!("Casus van de agenda gehaald; de agenda heeft nu {} casus(sen).", m.agenda.len());
        }
        MeetingCommand::AddAttendee { meeting, contact, name, organisation, pledge } => {
            let draft = AttendeeDraft { contact_id: contact.clone(), name: name.clone(), organisation: organisation.clone(), pledge_signed: Some(*pledge) };
            let m = meetings::add_attendee(&mut store, &actor, meeting, &draft)?;
            println!("Deelnemer toegevoegd; {} deelnemer(s).", m.attendees.len());
        }
        MeetingCommand::Show { meeting, json } => {
            let m = meetings::get_meeting(&store, meeting)?;
            if *json { print_json(&m)? } else { print_meeting(&m) }
        }
        MeetingCommand::Present { meeting, position } => {
            let slide = meetings::present(&mut store, &actor, meeting, *position)?;
            println!("[{} / {}]", slide.position, slide.total);
            print!("{}", slide.one_pager.render_text("nl"));
        }
        MeetingCommand::Minutes { meeting, case, minutes, decision } => {
            let case_id = tafel::service::cases::get_case(&store, case)?.id;
            meetings::set_minutes(&mut store, &actor, meeting, &case_id, minutes.as_deref(), decision.as_deref())?;
            println!("Notulen bewaard.");
        }
        MeetingCommand::Action { meeting, description, owner, due, case } => {
            let draft = ActionItemDraft { description: description.clone(), owner: owner.clone(), due_on: due.clone(), case_id: case.clone() };
            let action = meetings::add_action(&mut store, &actor, Some(meeting), &draft)?;
            println!("Actiepunt toegevoegd (id {}).", action.id);
        }
        MeetingCommand::Close { meeting } => {
            let m = meetings::close_meeting(&mut store, &actor, meeting, today)?;
            let presented = m.agenda.iter().filter(|a| a.presented).count();
            println!("Overleg afgesloten: {presented} van {} casussen besproken.", m.agenda.len());
            let moved: Vec<&str> = m.agenda.iter().filter(|a| a.presented && a.case_status == CaseStatus::Presented).map(|a| a.case_number.as_str()).collect();
            if !moved.is_empty() {
                println!("Status \"Gepresenteerd\": {}", moved.join(", "));
            }
        }
        MeetingCommand::Pack { meeting, lang: language, output } => {
            let renderer = tafel::service::pdf::renderer_for(&store)?;
            let report = tafel::service::pdf::export_meeting_pack(&mut store, &actor, &renderer, meeting, lang(language)?, output, today, &super::progress::Terminal::new())?;
            println!("Vergadermap geschreven naar {} ({} kB).", report.path, report.bytes.div_ceil(1024));
        }
        MeetingCommand::Ics { meeting, output } => match output {
            Some(path) => println!("Uitnodiging geschreven naar {}.", meetings::write_meeting_ics(&store, &cli.actor(WriteSource::Cli), meeting, path)?),
            None => print!("{}", meetings::meeting_ics(&store, meeting)?),
        },
    }
    Ok(())
}
