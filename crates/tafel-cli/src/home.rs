//! `tafel home`: what is due this week.

use tafel::error::Result;
use tafel::service::home::{self, Home};

use crate::args::Cli;
use crate::output::{date, print_json};

/// Runs `tafel home`.
pub(crate) fn run(cli: &Cli, json: bool) -> Result<()> {
    let store = cli.open()?;
    let home = home::home(&store, tafel::clock::today())?;
    if json {
        print_json(&home)
    } else {
        print_home(&home);
        Ok(())
    }
}

/// Prints the home overview.
fn print_home(h: &Home) {
    println!(
        "Vandaag {} — deze week t/m {}",
        date(h.today),
        date(h.week_end)
    );
    println!("\nNazorg die deze week speelt ({})", h.follow_ups_due.len());
    for f in &h.follow_ups_due {
        let late = if f.overdue { "  TE LAAT" } else { "" };
        println!(
            "  {}  {} {}  {} maanden{late}",
            date(f.follow_up.due_on),
            f.case_number,
            f.company_name,
            f.follow_up.months
        );
    }
    println!("\nActiepunten ({})", h.actions_due.len());
    for a in &h.actions_due {
        println!(
            "  {}  {} — {}",
            a.due_on.map(date).unwrap_or_default(),
            a.description,
            a.owner
        );
    }
    println!("\nVolgende acties ({})", h.next_actions_due.len());
    for c in &h.next_actions_due {
        println!(
            "  {}  {} {}",
            c.next_action_due.map(date).unwrap_or_default(),
            c.case_number,
            c.company_name
        );
    }
    println!(
        "\nToestemmingen die binnenkort verlopen ({})",
        h.consents_expiring.len()
    );
    for c in &h.consents_expiring {
        println!(
            "  {}  {} {}",
            c.consent_until.map(date).unwrap_or_default(),
            c.case_number,
            c.company_name
        );
    }
    println!("\nKomende overleggen ({})", h.upcoming_meetings.len());
    for m in &h.upcoming_meetings {
        println!(
            "  {}  {} ({} casussen)",
            m.starts_at.format(tafel::domain::format::DATE_TIME_NL),
            m.title,
            m.case_count
        );
    }
}
