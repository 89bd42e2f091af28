//! Outcome use cases: record a financier's response, refer a case on, build the financing
//! package, confirm the status it suggests, and record follow-ups. Each runs in one
//! transaction and returns the case's whole outcome, as the case page shows it.

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::domain::*;
use crate::error::{Error, Result};
use crate::store::{ResolvedTranche, Store, Writer};

/// Where a case stands: who responded how, what was raised against the need and the plan,
/// the referrals, follow-ups, action items and meetings, and the status the package suggests.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CaseOutcome {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Its status.
    pub status: CaseStatus,
    /// The need in cents.
    #[ts(type = "number")]
    pub need_cents: i64,
    /// Committed so far in cents.
    #[ts(type = "number")]
    pub raised_cents: i64,
    /// The saved plan's total, if a plan was saved.
    #[ts(type = "number | null")]
    pub plan_total_cents: Option<i64>,
    /// Planned against committed, per financier (plan order, then others).
    pub plan_comparison: Vec<PlanLine>,
    /// Responses by financier.
    pub responses: Vec<Response>,
    /// Referrals, oldest first.
    pub referrals: Vec<Referral>,
    /// The committed tranches.
    pub package: Vec<PackageTranche>,
    /// Follow-ups, 3/6/12 months.
    pub follow_ups: Vec<FollowUp>,
    /// Action items about the case.
    pub actions: Vec<ActionItem>,
    /// Meetings the case was on the agenda of, newest first.
    pub meetings: Vec<MeetingRef>,
    /// The status the package suggests; applied only after confirmation.
    pub status_proposal: Option<StatusProposal>,
}

/// One financier's planned against committed amount.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PlanLine {
    /// Financier.
    pub financier_id: String,
    /// Name.
    pub financier_name: String,
    /// In the plan, cents.
    #[ts(type = "number")]
    pub planned_cents: i64,
    /// Committed, cents.
    #[ts(type = "number")]
    pub committed_cents: i64,
}

/// A meeting a case was discussed in.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MeetingRef {
    /// Meeting id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: NaiveDate,
}

/// The case's whole outcome.
pub fn get_outcome(store: &Store, case_id: &str) -> Result<CaseOutcome> {
    outcome_in(store.conn(), case_id)
}

fn outcome_in(conn: &rusqlite::Connection, case_id: &str) -> Result<CaseOutcome> {
    let case = crate::store::Cases::new(conn).get(case_id)?;
    let outcomes = crate::store::Outcomes::new(conn);
    let meetings = crate::store::Meetings::new(conn);
    let responses = outcomes.responses_of(&case.id)?;
    let package = outcomes.package_of(&case.id)?;
    let raised_cents: i64 = package.iter().map(|t| t.amount_cents).sum();
    let plan = crate::store::Plans::new(conn).for_case(&case.id)?;
    let mut plan_comparison: Vec<PlanLine> = Vec::new();
    if let Some(plan) = &plan {
        for t in &plan.tranches {
            match plan_comparison
                .iter_mut()
                .find(|l| *l.financier_id == *t.names.financier_id)
            {
                Some(line) => line.planned_cents += t.amount_cents,
                None => plan_comparison.push(PlanLine {
                    financier_id: t.names.financier_id.to_string(),
                    financier_name: t.names.financier_name.to_string(),
                    planned_cents: t.amount_cents,
                    committed_cents: 0,
                }),
            }
        }
    }
    for t in &package {
        match plan_comparison
            .iter_mut()
            .find(|l| l.financier_id == t.financier_id)
        {
            Some(line) => line.committed_cents += t.amount_cents,
            None => plan_comparison.push(PlanLine {
                financier_id: t.financier_id.clone(),
                financier_name: t.financier_name.clone(),
                planned_cents: 0,
                committed_cents: t.amount_cents,
            }),
        }
    }
    let statuses: Vec<ResponseStatus> = responses.iter().map(|r| r.status).collect();
    Ok(CaseOutcome {
        status_proposal: propose_status(case.status, case.amount_cents, raised_cents, &statuses),
        case_id: case.id.clone(),
        case_number: case.case_number.clone(),
        status: case.status,
        need_cents: case.amount_cents,
        raised_cents,
        plan_total_cents: plan.map(|p| p.total_cents),
        plan_comparison,
        referrals: outcomes.referrals_of(&case.id)?,
        follow_ups: outcomes.follow_ups_of(&case.id)?,
        actions: meetings.actions_of_case(&case.id)?,
        meetings: meetings
            .of_case(&case.id)?
            .into_iter()
            .map(|(id, title, date)| MeetingRef { id, title, date })
            .collect(),
        responses,
        package,
    })
}

/// Finds the one financier a typed reference means, or explains (in Dutch) why not.
pub fn resolve_financier(w: &Writer<'_>, field: &str, reference: &str) -> Result<Financier> {
    let found = w.financiers().find(reference)?;
    match found.as_slice() {
        [(id, _)] => w.financiers().get(id),
        [] => Err(Error::invalid(
            field,
            "financier_unknown",
            format!("Financier \"{reference}\" staat niet in het register."),
            format!("Financier \"{reference}\" is not in the register."),
        )),
        many => {
            let names: Vec<&str> = many.iter().take(6).map(|(_, n)| n.as_str()).collect();
            Err(Error::invalid(
                field,
                "financier_ambiguous",
                format!(
                    "\"{reference}\" past bij meerdere financiers: {}. Gebruik de volledige naam.",
                    names.join(", ")
                ),
                format!(
                    "\"{reference}\" matches several financiers: {}. Use the full name.",
                    names.join(", ")
                ),
            ))
        }
    }
}

/// The instruments a typed reference may mean: those it names exactly — by id, name, or the
/// short name before a parenthesis ("BMKB" for "BMKB (Borgstelling MKB-kredieten)", "GO" for
/// "GO (Garantie …)") — else those whose name contains it.
fn instruments_named<'a>(candidates: &'a [Instrument], reference: &str) -> Vec<&'a Instrument> {
    let reference = reference.trim();
    let lower = reference.to_lowercase();
    let exact: Vec<&Instrument> = candidates
        .iter()
        .filter(|i| {
            let name = i.name.to_lowercase();
            i.id == reference
                || name == lower
                || name
                    .split(" (")
                    .next()
                    .is_some_and(|short| short.trim() == lower)
        })
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    candidates
        .iter()
        .filter(|i| i.name.to_lowercase().contains(&lower))
        .collect()
}

fn resolve_instrument<'f>(
    financier: &'f Financier,
    field: &str,
    reference: &str,
) -> Result<&'f Instrument> {
    match instruments_named(&financier.instruments, reference).as_slice() {
        [one] => Ok(one),
        [] => Err(Error::invalid(
            field,
            "instrument_unknown",
            format!("{} heeft geen instrument \"{reference}\".", financier.name),
            format!("{} has no instrument \"{reference}\".", financier.name),
        )),
        _ => Err(Error::invalid(
            field,
            "instrument_ambiguous",
            format!(
                "\"{reference}\" past bij meerdere instrumenten van {}.",
                financier.name
            ),
            format!(
                "\"{reference}\" matches several instruments of {}.",
                financier.name
            ),
        )),
    }
}

fn resolve_guarantee(w: &Writer<'_>, reference: &str) -> Result<Instrument> {
    let guarantees: Vec<Instrument> = w
        .financiers()
        .instruments()?
        .into_iter()
        .filter(|i| i.capital_types.contains(&CapitalType::Guarantee))
        .collect();
    match instruments_named(&guarantees, reference).as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::invalid(
            "guarantee",
            "guarantee_unknown",
            format!("Garantieregeling \"{reference}\" staat niet in het register."),
            format!("Guarantee scheme \"{reference}\" is not in the register."),
        )),
        many => {
            let names: Vec<&str> = many.iter().take(6).map(|i| i.name.as_str()).collect();
            Err(Error::invalid(
                "guarantee",
                "guarantee_ambiguous",
                format!(
                    "\"{reference}\" past bij meerdere garantieregelingen: {}.",
                    names.join(", ")
                ),
                format!(
                    "\"{reference}\" matches several guarantee schemes: {}.",
                    names.join(", ")
                ),
            ))
        }
    }
}

/// Records a financier's response (a new step) on a case. A decline without a coded reason
/// is refused; so is an instrument the financier does not offer.
pub fn record_response(
    store: &mut Store,
    actor: &Actor,
    case_id: &str,
    draft: &ResponseDraft,
    today: NaiveDate,
) -> Result<CaseOutcome> {
    let step = draft.validate(today).map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        let case = w.cases().get(case_id)?;
        let financier = resolve_financier(w, "financier", &draft.financier)?;
        let instrument = match clean(&draft.instrument) {
            Some(reference) => Some(
                resolve_instrument(&financier, "instrument", &reference)?
                    .id
                    .clone(),
            ),
            None => None,
        };
        if let Some(meeting_id) = &step.meeting_id {
            w.meetings().get(meeting_id)?;
        }
        w.outcomes_mut()
            .record_response(&case.id, &financier.id, instrument.as_deref(), &step)?;
        let outcome = outcome_in(w.conn(), &case.id)?;
        Ok(outcome)
    })
}

/// Refers a case to another financier. From a financier, that financier must have declined;
/// a named referral needs the entrepreneur's consent for the receiver, still valid on the
/// day. The receiver gets a response record ("summary sent") so the referral's own outcome
/// is tracked.
pub fn refer_case(
    store: &mut Store,
    actor: &Actor,
    case_id: &str,
    draft: &ReferralDraft,
    today: NaiveDate,
) -> Result<CaseOutcome> {
    let new = draft.validate(today).map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        let case = w.cases().get(case_id)?;
        let to = resolve_financier(w, "to", &new.to)?;
        let from = match &new.from {
            Some(reference) => Some(resolve_financier(w, "from", reference)?),
            None => None,
        };
        if let Some(from) = &from {
            if from.id == to.id {
                return Err(Error::invalid(
                    "to",
                    "referral_to_self",
                    format!("{} kan niet naar zichzelf doorverwijzen.", from.name),
                    format!("{} cannot refer to itself.", from.name),
                ));
            }
            let declined = w.outcomes().response(&case.id, &from.id)?.is_some_and(|r| r.status == ResponseStatus::Declined);
            if !declined {
                return Err(Error::invalid(
                    "from",
                    "referral_without_decline",
                    format!(
                        "{} heeft deze casus niet afgewezen. Leg eerst de afwijzing vast, of verwijs door als coördinator (zonder \"van\").",
                        from.name
                    ),
                    format!("{} has not declined this case. Record the decline first, or refer as the coordinator (without \"from\").", from.name),
                ));
            }
        }
        let consented = case.consent_financier_ids.contains(&to.id) && case.consent_until.is_none_or(|until| until >= new.on_date);
        let basis = new.basis.unwrap_or(if consented { ReferralBasis::NamedConsent } else { ReferralBasis::Anonymised });
        if basis == ReferralBasis::NamedConsent && !consented {
            let why_nl = match case.consent_until {
                Some(until) if case.consent_financier_ids.contains(&to.id) && until < new.on_date => format!("de toestemming is verlopen op {until}"),
                _ => format!("de ondernemer heeft geen toestemming gegeven voor {}", to.name),
            };
            return Err(Error::invalid(
                "basis",
                "referral_without_consent",
                format!("Op naam doorverwijzen kan niet: {why_nl}. Kies \"alleen geanonimiseerd\" of leg eerst de toestemming vast."),
                format!("Cannot refer by name: the entrepreneur's consent for {} is missing or expired. Share it anonymised, or record the consent first.", to.name),
            ));
        }
        w.outcomes_mut().add_referral(&case.id, from.as_ref().map(|f| f.id.as_str()), &to.id, &new.reason, basis, new.on_date)?;
        if w.outcomes().response(&case.id, &to.id)?.is_none() {
            let by = from.as_ref().map(|f| f.name.clone()).unwrap_or_else(|| "de coördinator".into());
            let step = NewResponseStep {
                status: ResponseStatus::SummarySent,
                decline_reason: None,
                decline_text: None,
                amount_cents: None,
                on_date: new.on_date,
                note: Some(format!("Doorverwezen door {by}: {}", new.reason)),
                meeting_id: None,
            };
            w.outcomes_mut().record_response(&case.id, &to.id, None, &step)?;
        }
        let outcome = outcome_in(w.conn(), &case.id)?;
        Ok(outcome)
    })
}

/// Adds a committed tranche to the case's package. The case's status does not change here:
/// the outcome carries a proposal, which [`confirm_status`] applies.
pub fn add_package_tranche(
    store: &mut Store,
    actor: &Actor,
    case_id: &str,
    draft: &PackageTrancheDraft,
) -> Result<CaseOutcome> {
    let new = draft.validate().map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        let case = w.cases().get(case_id)?;
        let financier = resolve_financier(w, "financier", &new.financier)?;
        let instrument = match &new.instrument {
            Some(reference) => {
                Some(resolve_instrument(&financier, "instrument", reference)?.clone())
            }
            None => None,
        };
        let capital_type = match (new.capital_type, &instrument) {
            (Some(ct), _) => ct,
            (None, Some(i)) => i
                .capital_types
                .first()
                .copied()
                .unwrap_or(CapitalType::SeniorLoan),
            (None, None) => {
                return Err(Error::invalid(
                    "capital_type",
                    "required",
                    "Kies de kapitaalsoort of het instrument van deze tranche.",
                    "Choose the capital type or the instrument of this tranche.",
                ));
            }
        };
        let guarantee = match &new.guarantee {
            Some(reference) => Some(resolve_guarantee(w, reference)?),
            None => None,
        };
        let resolved = ResolvedTranche {
            financier_id: financier.id.clone(),
            instrument_id: instrument.map(|i| i.id),
            capital_type,
            amount_cents: new.amount_cents,
            guarantee_instrument_id: guarantee.map(|g| g.id),
            guaranteed_cents: new.guaranteed_cents,
            closing_date: new.closing_date,
            notes: new.notes.clone(),
        };
        w.outcomes_mut().add_tranche(&case.id, &resolved)?;
        let outcome = outcome_in(w.conn(), &case.id)?;
        Ok(outcome)
    })
}

/// Removes a tranche from a package.
pub fn remove_package_tranche(
    store: &mut Store,
    actor: &Actor,
    tranche_id: &str,
) -> Result<CaseOutcome> {
    store.transact(actor, |w| {
        let tranche = w.outcomes_mut().delete_tranche(tranche_id)?;
        let outcome = outcome_in(w.conn(), &tranche.case_id)?;
        Ok(outcome)
    })
}

/// Sets the case's status after the coordinator confirmed it (usually the package's
/// proposal), checked against the workflow; an outcome starts the follow-ups.
pub fn confirm_status(
    store: &mut Store,
    actor: &Actor,
    case_id: &str,
    status: CaseStatus,
    today: NaiveDate,
) -> Result<CaseOutcome> {
    store.transact(actor, |w| {
        let case = w.cases().get(case_id)?;
        set_status_in(w, &case, status, today)?;
        let outcome = outcome_in(w.conn(), &case.id)?;
        Ok(outcome)
    })
}

/// Changes a case's status inside a running write: workflow-checked, logged, and the
/// follow-ups scheduled when the new status calls for them.
pub(crate) fn set_status_in(
    w: &Writer<'_>,
    case: &Case,
    status: CaseStatus,
    today: NaiveDate,
) -> Result<Case> {
    case.status
        .check_transition(status)
        .map_err(|e| Error::Invalid(vec![e]))?;
    if case.status == status {
        return Ok(case.clone());
    }
    let mut draft = CaseDraft::from_case(case);
    draft.status = Some(status.id().to_string());
    // Validated against the intake date, so an old case's dates never block a status change.
    let new = draft
        .validate(today.max(case.intake_date))
        .map_err(Error::Invalid)?;
    super::cases::store_case_update(w, case, &new, today)
}

/// Records what a follow-up found (jobs kept and created, whether the financing closed).
pub fn record_follow_up(
    store: &mut Store,
    actor: &Actor,
    follow_up_id: &str,
    draft: &FollowUpDraft,
    today: NaiveDate,
) -> Result<CaseOutcome> {
    let result = draft.validate(today).map_err(Error::Invalid)?;
    store.transact(actor, |w| {
        let follow_up = w.outcomes_mut().record_follow_up(follow_up_id, &result)?;
        let outcome = outcome_in(w.conn(), &follow_up.case_id)?;
        Ok(outcome)
    })
}
