//! The table's answers on a case: `tafel respond`, `refer`, `outcome`, `package` and `follow-up`.

use clap::{Args, Subcommand};

use tafel::domain::money::format_euros;
use tafel::domain::{
    FollowUpDraft, PackageTrancheDraft, ReferralDraft, ResponseDraft, WriteSource,
};
use tafel::error::{Error, Result};
use tafel::service::outcomes::{self, CaseOutcome};

use crate::args::Cli;
use crate::output::{date, print_json};

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

/// Prints a case's outcome, readable.
fn print_outcome(o: &CaseOutcome) {
    println!("Casus {}  [{}]", o.case_number, o.status.label_nl());
    let share = if o.need_cents > 0 {
        o.raised_cents as f64 / o.need_cents as f64 * 100.0
    } else {
        0.0
    };
    println!(
        "  Opgehaald: {} van {} ({share:.0}%)",
        format_euros(o.raised_cents),
        format_euros(o.need_cents)
    );
    if let Some(plan) = o.plan_total_cents {
        println!("  Plan:      {}", format_euros(plan));
    }
    if !o.responses.is_empty() {
        println!("\nReacties");
        for r in &o.responses {
            let reason = r
                .decline_reason
                .map(|d| format!(" — {}", d.label_nl()))
                .unwrap_or_default();
            let text = r
                .decline_text
                .as_deref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            let amount = r
                .amount_cents
                .map(|a| format!("  {}", format_euros(a)))
                .unwrap_or_default();
            println!(
                "  {:<34} {:<24} {}{amount}{reason}{text}",
                r.financier_name,
                r.status.label_nl(),
                date(r.status_date)
            );
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
            let guarantee = t
                .guarantee_name
                .as_deref()
                .map(|g| format!("  met {g}"))
                .unwrap_or_default();
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
            println!(
                "  {:<30} {:>14} {:>14}",
                l.financier_name,
                format_euros(l.planned_cents),
                format_euros(l.committed_cents)
            );
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
            println!(
                "  {:>2} maanden  {}  {done}  [{}]",
                f.months,
                date(f.due_on),
                f.id
            );
        }
    }
    if let Some(p) = &o.status_proposal {
        println!(
            "\nVoorstel: status \"{}\" → \"{}\". {}",
            p.from.label_nl(),
            p.to.label_nl(),
            p.reason
        );
        println!(
            "Bevestig met: tafel outcome {} --confirm-status",
            o.case_number
        );
    }
}

fn show_outcome(outcome: &CaseOutcome, json: bool) -> Result<()> {
    if json {
        print_json(outcome)
    } else {
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
    if tafel::service::sync::shared::answers_as_member(&store)? {
        // A member's answer goes to the coordinator with the next sync.
        let case = tafel::service::sync::shared::respond(
            &mut store,
            &cli.actor(WriteSource::Cli),
            &args.case,
            &draft,
        )?;
        if args.json {
            return print_json(&case);
        }
        let status = case
            .response
            .as_ref()
            .map(|r| r.status.label_nl())
            .unwrap_or("—");
        println!(
            "Antwoord op casus {} vastgelegd: {status}. Het gaat bij de volgende synchronisatie naar de coördinator.",
            case.case_number
        );
        return Ok(());
    }
    let outcome = outcomes::record_response(
        &mut store,
        &cli.actor(WriteSource::Cli),
        &args.case,
        &draft,
        tafel::clock::today(),
    )?;
    show_outcome(&outcome, args.json)
}

/// `tafel refer`.
pub fn refer(cli: &Cli, args: &ReferArgs) -> Result<()> {
    let draft = ReferralDraft {
        from: args.from.clone(),
        to: args.to.clone(),
        reason: args.reason.clone(),
        basis: args.basis.clone(),
        on_date: args.date.clone(),
    };
    let mut store = cli.open()?;
    let outcome = outcomes::refer_case(
        &mut store,
        &cli.actor(WriteSource::Cli),
        &args.case,
        &draft,
        tafel::clock::today(),
    )?;
    show_outcome(&outcome, args.json)
}

/// `tafel outcome`.
pub fn outcome(cli: &Cli, args: &OutcomeArgs) -> Result<()> {
    let mut store = cli.open()?;
    let mut outcome = outcomes::get_outcome(&store, &args.case)?;
    if args.confirm_status {
        let Some(proposal) = outcome.status_proposal.clone() else {
            return Err(Error::invalid(
                "status",
                "no_status_proposal",
                format!(
                    "Er is geen statusvoorstel voor casus {}: het pakket en de reacties vragen geen andere status.",
                    outcome.case_number
                ),
                format!(
                    "There is no status proposal for case {}.",
                    outcome.case_number
                ),
            ));
        };
        outcome = outcomes::confirm_status(
            &mut store,
            &cli.actor(WriteSource::Cli),
            &outcome.case_id,
            proposal.to,
            tafel::clock::today(),
        )?;
        if !args.json {
            println!(
                "Status gewijzigd: \"{}\" → \"{}\".\n",
                proposal.from.label_nl(),
                proposal.to.label_nl()
            );
        }
    }
    show_outcome(&outcome, args.json)
}

/// `tafel package`.
pub fn package(cli: &Cli, command: &PackageCommand) -> Result<()> {
    let mut store = cli.open()?;
    let actor = cli.actor(WriteSource::Cli);
    let outcome = match command {
        PackageCommand::Add {
            case,
            financier,
            amount,
            instrument,
            capital_type,
            guarantee,
            guaranteed,
            closing_date,
            notes,
        } => {
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
        PackageCommand::Remove { tranche } => {
            outcomes::remove_package_tranche(&mut store, &actor, tranche)?
        }
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
    let outcome = outcomes::record_follow_up(
        &mut store,
        &cli.actor(WriteSource::Cli),
        &args.id,
        &draft,
        tafel::clock::today(),
    )?;
    show_outcome(&outcome, false)
}
