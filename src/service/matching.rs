//! Matching use cases: rank the register for a case with reasons, propose financing
//! stacks, and save or read the case's plan.
//!
//! Each use case loads the settings (`matching.toml` beside the database, created with the
//! defaults when missing) once, then the register and the case.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::Actor;
use crate::error::{Error, Result};
use crate::matching::{
    CaseFacts, FinancierInfo, MatchOptions, MatchRegister, MatchReport, Matcher, MatchingConfig,
    Plan, Stack, StackProposal, StackRequest, TableHistory, report, stack,
};
use crate::store::Store;

/// The settings for a database: its `matching.toml` (created when missing), or the
/// defaults for a database in memory. Returns the settings and the file they came from.
pub fn load_config(store: &Store) -> Result<(MatchingConfig, Option<PathBuf>)> {
    match store.path() {
        Some(db) => {
            let path = super::matching_settings::settings_path(db);
            Ok((super::matching_settings::load_or_create(&path)?, Some(path)))
        }
        None => Ok((MatchingConfig::default(), None)),
    }
}

/// The register, prepared for matching; verification judged stale or not on `today`.
pub fn load_register(store: &Store, today: NaiveDate) -> Result<MatchRegister> {
    let financiers: Vec<FinancierInfo> = store
        .financiers()
        .list(today)?
        .iter()
        .map(FinancierInfo::from)
        .collect();
    Ok(MatchRegister::new(
        financiers,
        store.financiers().instruments()?,
    ))
}

/// The table's answers so far, for matching's history score.
fn load_history(store: &Store) -> Result<TableHistory> {
    Ok(TableHistory::from_records(
        &store.outcomes().response_records()?,
    ))
}

/// Ranks every instrument of the register for a case (by id or number): matches best
/// first with their reasons, guarantee schemes apart, and — when asked
/// (`include_excluded`) — every excluded instrument with why. Rules about dates (a scheme's
/// end, a verification's age) are judged on `today`.
pub fn match_case(
    store: &Store,
    case_id: &str,
    options: &MatchOptions,
    today: NaiveDate,
) -> Result<MatchReport> {
    let mut reports = match_cases(store, &[case_id], options, today)?;
    reports.pop().ok_or_else(|| Error::NotFound {
        entity: "case",
        id: case_id.to_string(),
    })
}

/// [`match_case`] for several cases (a meeting's agenda), loading the settings, the register
/// and the table's history once.
pub fn match_cases(
    store: &Store,
    case_ids: &[&str],
    options: &MatchOptions,
    today: NaiveDate,
) -> Result<Vec<MatchReport>> {
    let (config, path) = load_config(store)?;
    let register = load_register(store, today)?;
    let history = load_history(store)?;
    let matcher = Matcher::new(&config, &register, today).with_history(&history);
    case_ids
        .iter()
        .map(|case_id| {
            let case = store.cases().get(case_id)?;
            let facts = CaseFacts::of(&case);
            let mut ranking = matcher.rank(&facts, options);
            let excluded_count = ranking.excluded.len() as u32;
            let show_excluded = options.include_excluded == Some(true);
            // Writing out every excluded instrument is most of the work on a large register;
            // without matches the report still needs them to find the nearest.
            if !show_excluded && !ranking.matches.is_empty() {
                ranking.excluded.clear();
            }
            let mut report =
                report::report(&matcher, &ranking, &facts, &case.id, &case.case_number);
            if !show_excluded {
                report.excluded.clear();
            }
            report.excluded_count = excluded_count;
            report.config_path = path.as_ref().map(|p| p.display().to_string());
            Ok(report)
        })
        .collect()
}

/// Proposes up to five alternative stacks that cover the case's need, best first; when none
/// does, the partial stack that covers the most with its gap, and the nearest excluded
/// instruments. Pinned tranches outside their instrument's range or rules are refused with a
/// Dutch message. Rules about dates are judged on `today`.
pub fn propose_stacks(
    store: &Store,
    case_id: &str,
    request: &StackRequest,
    today: NaiveDate,
) -> Result<StackProposal> {
    let (config, _) = load_config(store)?;
    let case = store.cases().get(case_id)?;
    let register = load_register(store, today)?;
    let history = load_history(store)?;
    let matcher = Matcher::new(&config, &register, today).with_history(&history);
    stack::propose(&matcher, &CaseFacts::of(&case), request).map_err(Error::Invalid)
}

/// Checks a stack before it is saved: known instruments of the named financiers, positive
/// amounts within each instrument's range, and a sum equal to the case's need (within € 1).
fn check_stack(register: &MatchRegister, need: i64, stack: &Stack) -> Result<()> {
    use crate::domain::money::format_euros;
    if stack.tranches.is_empty() {
        return Err(Error::invalid(
            "stack",
            "stack_empty",
            "Een plan heeft minstens één tranche nodig.",
            "A plan needs at least one tranche.",
        ));
    }
    for t in &stack.tranches {
        let entry = register
            .position(&t.names.instrument_id)
            .map(|i| &register.entries[i]);
        let Some(entry) = entry.filter(|e| *register.financier_of(e).id == *t.names.financier_id)
        else {
            return Err(Error::invalid(
                "stack",
                "stack_unknown_instrument",
                format!(
                    "{} – {} staat niet (meer) in het register.",
                    t.names.financier_name, t.names.instrument_name
                ),
                format!(
                    "{} – {} is not (or no longer) in the register.",
                    t.names.financier_name, t.names.instrument_name
                ),
            ));
        };
        let lo = entry.instrument.ticket_min_cents.unwrap_or(1).max(1);
        let hi = entry.part_max(t.capital_type, need);
        if t.amount_cents < lo
            || t.amount_cents > hi
            || !entry.money_types.contains(&t.capital_type)
        {
            return Err(Error::invalid(
                "stack",
                "stack_tranche_outside_range",
                format!(
                    "{} – {}: {} past niet binnen wat het instrument kan nemen ({} – {}).",
                    t.names.financier_name,
                    t.names.instrument_name,
                    format_euros(t.amount_cents),
                    format_euros(lo),
                    format_euros(hi)
                ),
                format!(
                    "{} – {}: {} is outside what the instrument can take ({} – {}).",
                    t.names.financier_name,
                    t.names.instrument_name,
                    format_euros(t.amount_cents),
                    format_euros(lo),
                    format_euros(hi)
                ),
            ));
        }
        if let Some(g) = t
            .guarantee
            .as_ref()
            .filter(|g| register.position(&g.instrument_id).is_none())
        {
            return Err(Error::invalid(
                "stack",
                "stack_unknown_instrument",
                format!(
                    "Borgstelling {} staat niet (meer) in het register.",
                    g.instrument_name
                ),
                format!(
                    "Guarantee {} is not (or no longer) in the register.",
                    g.instrument_name
                ),
            ));
        }
    }
    let total: i64 = stack.tranches.iter().map(|t| t.amount_cents).sum();
    if (total - need).abs() > 100 {
        return Err(Error::invalid(
            "stack",
            "stack_sum_not_need",
            format!(
                "De tranches zijn samen {}; de vraag van de casus is {}.",
                format_euros(total),
                format_euros(need)
            ),
            format!(
                "The tranches add up to {}; the case needs {}.",
                format_euros(total),
                format_euros(need)
            ),
        ));
    }
    Ok(())
}

/// Saves a stack as the case's plan (replacing an earlier plan), in one transaction with
/// its change-log entry.
pub fn save_plan(store: &mut Store, actor: &Actor, case_id: &str, stack: &Stack) -> Result<Plan> {
    let case = store.cases().get(case_id)?;
    let register = load_register(store, actor.at.today())?;
    check_stack(&register, case.amount_cents, stack)?;
    let mut saved = stack.clone();
    saved.need_cents = case.amount_cents;
    saved.total_cents = stack.tranches.iter().map(|t| t.amount_cents).sum();
    store.transact(actor, |w| {
        let plan = w.plans_mut().save(&case.id, &saved)?;
        Ok(plan)
    })
}

/// The saved plan of a case (by id or number), if any.
pub fn get_plan(store: &Store, case_id: &str) -> Result<Option<Plan>> {
    let case = store.cases().get(case_id)?;
    store.plans().for_case(&case.id)
}
