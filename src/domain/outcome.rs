//! What happens to a case at the table: financiers' responses, referrals, the financing
//! package actually committed, and follow-ups. Drafts arrive as typed-in text and are
//! checked here, with Dutch and English messages; no I/O.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::draft::{amount_field, clean, date_field};
use super::taxonomy::{CapitalType, CaseStatus, DeclineReason, ReferralBasis, ResponseStatus};
use super::validation::{FieldError, Problems};

/// One financier's response on one case: where it stands now, and every step before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Response {
    /// UUIDv7.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// The financier answering.
    pub financier_id: String,
    /// The financier's name.
    pub financier_name: String,
    /// The instrument it indicated, if any.
    pub instrument_id: Option<String>,
    /// The instrument's name.
    pub instrument_name: Option<String>,
    /// Current status.
    pub status: ResponseStatus,
    /// Why it declined (only when declined).
    pub decline_reason: Option<DeclineReason>,
    /// Explanation of the decline; required for `other`.
    pub decline_text: Option<String>,
    /// Amount indicated or committed, in cents.
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
    /// Notes (identifying: never in anonymised output).
    pub notes: Option<String>,
    /// Date of the latest step.
    pub status_date: NaiveDate,
    /// Every step, oldest first.
    pub steps: Vec<ResponseStep>,
    /// First recorded (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
}

/// One step of a response: the status it reached and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ResponseStep {
    /// Status reached.
    pub status: ResponseStatus,
    /// Date it happened.
    pub on_date: NaiveDate,
    /// Decline reason at this step.
    pub decline_reason: Option<DeclineReason>,
    /// Amount indicated at this step, in cents.
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
    /// Note at this step.
    pub note: Option<String>,
    /// The meeting where it was said, if any.
    pub meeting_id: Option<String>,
    /// Who recorded it.
    pub author: String,
    /// When it was recorded (RFC 3339).
    pub recorded_at: String,
}

/// A response as typed in: the financier by id or name, the rest as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ResponseDraft {
    /// Financier id or exact name.
    pub financier: String,
    /// `response_status` id.
    pub status: String,
    /// `decline_reason` id; required when declined.
    pub decline_reason: Option<String>,
    /// Text for the decline; required for `other`.
    pub decline_text: Option<String>,
    /// Amount indicated, e.g. "250k".
    pub amount: Option<String>,
    /// Instrument id or name (of this financier).
    pub instrument: Option<String>,
    /// Date of this step (default today).
    pub on_date: Option<String>,
    /// A note for this step.
    pub note: Option<String>,
    /// The meeting where it was said.
    pub meeting_id: Option<String>,
}

/// A checked response step, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResponseStep {
    /// Status reached.
    pub status: ResponseStatus,
    /// Decline reason.
    pub decline_reason: Option<DeclineReason>,
    /// Decline text.
    pub decline_text: Option<String>,
    /// Amount in cents.
    pub amount_cents: Option<i64>,
    /// Date.
    pub on_date: NaiveDate,
    /// Note.
    pub note: Option<String>,
    /// Meeting.
    pub meeting_id: Option<String>,
}

/// Reads an optional amount field as people type it ("250k", "1,2 mln").
pub fn optional_amount(problems: &mut Problems, field: &str, raw: &Option<String>, label: (&str, &str)) -> Option<i64> {
    amount_field(problems, field, &clean(raw).map(serde_json::Value::String), label)
}

/// Reads an optional date field that may not lie after `latest` (when given).
pub fn optional_date(problems: &mut Problems, field: &str, raw: &Option<String>, label: (&str, &str), latest: Option<NaiveDate>) -> Option<NaiveDate> {
    let date = date_field(problems, field, raw, label)?;
    if latest.is_some_and(|l| date > l) {
        problems.add(field, "date_future", format!("{} ligt in de toekomst.", label.0), format!("{} lies in the future.", label.1));
        return None;
    }
    Some(date)
}

/// Reads an optional taxonomy value; an unknown one is refused with the values to choose from.
fn known_value<T>(
    problems: &mut Problems,
    field: &str,
    code: &str,
    noun: (&str, &str),
    raw: &Option<String>,
    parse: fn(&str) -> Option<T>,
    ids: fn() -> Vec<&'static str>,
) -> Option<T> {
    let id = clean(raw)?;
    let found = parse(&id);
    if found.is_none() {
        let ids = ids().join(", ");
        problems.add(
            field,
            code,
            format!("Onbekende {} \"{id}\"; kies uit: {ids}.", noun.0),
            format!("Unknown {} \"{id}\"; choose from: {ids}.", noun.1),
        );
    }
    found
}

impl ResponseDraft {
    /// Checks the draft. A decline needs a coded reason, and `other` needs a text;
    /// a reason on anything but a decline is refused rather than silently dropped.
    pub fn validate(&self, today: NaiveDate) -> Result<NewResponseStep, Vec<FieldError>> {
        let mut problems = Problems::default();
        if self.financier.trim().is_empty() {
            problems.required("financier", "Financier", "Financier");
        }
        let status_raw = Some(self.status.clone());
        if clean(&status_raw).is_none() {
            problems.required("status", "Status", "Status");
        }
        let status = known_value(&mut problems, "status", "unknown_status", ("status", "status"), &status_raw, ResponseStatus::from_id, ResponseStatus::ids);
        let reason = known_value(
            &mut problems,
            "decline_reason",
            "unknown_reason",
            ("afwijzingsreden", "decline reason"),
            &self.decline_reason,
            DeclineReason::from_id,
            DeclineReason::ids,
        );
        let decline_text = clean(&self.decline_text);
        match status {
            Some(ResponseStatus::Declined) => {
                if reason.is_none() && clean(&self.decline_reason).is_none() {
                    problems.add(
                        "decline_reason",
                        "decline_reason_required",
                        "Een afwijzing heeft een reden nodig: kies een afwijzingsreden.",
                        "A decline needs a reason: choose a decline reason.",
                    );
                }
                if reason == Some(DeclineReason::Other) && decline_text.is_none() {
                    problems.add(
                        "decline_text",
                        "decline_text_required",
                        "Bij reden \"Anders\" hoort een toelichting.",
                        "The reason \"Other\" needs an explanation.",
                    );
                }
            }
            Some(other) if reason.is_some() => problems.add(
                "decline_reason",
                "reason_without_decline",
                format!("Een afwijzingsreden hoort alleen bij \"Afgewezen\", niet bij \"{}\".", other.label_nl()),
                format!("A decline reason belongs only with \"Declined\", not with \"{}\".", other.label_en()),
            ),
            _ => {}
        }
        let amount_cents = optional_amount(&mut problems, "amount", &self.amount, ("Bedrag", "Amount"));
        let on_date = optional_date(&mut problems, "on_date", &self.on_date, ("Datum", "Date"), Some(today)).unwrap_or(today);
        let declined = status == Some(ResponseStatus::Declined);
        let step = NewResponseStep {
            status: status.unwrap_or(ResponseStatus::NotContacted),
            decline_reason: if declined { reason } else { None },
            decline_text: if declined { decline_text } else { None },
            amount_cents,
            on_date,
            note: clean(&self.note),
            meeting_id: clean(&self.meeting_id),
        };
        problems.finish(step)
    }
}

impl ResponseStatus {
    /// The financier is positive about the case (interest, assessment, offer or commitment).
    pub fn is_positive(self) -> bool {
        matches!(
            self,
            ResponseStatus::Interested | ResponseStatus::InfoRequested | ResponseStatus::InAssessment | ResponseStatus::Offer | ResponseStatus::Committed
        )
    }

    /// The financier is out (declined or withdrew).
    pub fn is_negative(self) -> bool {
        matches!(self, ResponseStatus::Declined | ResponseStatus::Withdrawn)
    }
}

/// A referral of a case from a financier (after its decline) or from the coordinator to another financier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Referral {
    /// UUIDv7.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Financier that referred it on; `None` when the coordinator did.
    pub from_financier_id: Option<String>,
    /// Its name.
    pub from_name: Option<String>,
    /// Financier it was referred to.
    pub to_financier_id: String,
    /// Its name.
    pub to_name: String,
    /// Why this financier.
    pub reason: String,
    /// What sharing the case relies on.
    pub basis: ReferralBasis,
    /// Date of the referral.
    pub referred_on: NaiveDate,
    /// The referral's own outcome: the receiving financier's response status.
    pub outcome: Option<ResponseStatus>,
    /// Recorded (RFC 3339).
    pub created_at: String,
}

/// A referral as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferralDraft {
    /// Referring financier (id or name); empty: the coordinator.
    pub from: Option<String>,
    /// Financier referred to (id or name).
    pub to: String,
    /// Why.
    pub reason: String,
    /// `referral_basis` id; default: named consent when the receiver is in the consent, else anonymised.
    pub basis: Option<String>,
    /// Date (default today).
    pub on_date: Option<String>,
}

/// A checked referral (financiers still unresolved).
#[derive(Debug, Clone, PartialEq)]
pub struct NewReferral {
    /// Referring financier as typed.
    pub from: Option<String>,
    /// Receiving financier as typed.
    pub to: String,
    /// Why.
    pub reason: String,
    /// Basis, when given.
    pub basis: Option<ReferralBasis>,
    /// Date.
    pub on_date: NaiveDate,
}

impl ReferralDraft {
    /// Checks the draft: a receiver and a reason are required; the basis must be known.
    pub fn validate(&self, today: NaiveDate) -> Result<NewReferral, Vec<FieldError>> {
        let mut problems = Problems::default();
        let to = self.to.trim().to_string();
        if to.is_empty() {
            problems.required("to", "Financier waarnaar verwezen wordt", "Financier referred to");
        }
        let reason = self.reason.trim().to_string();
        if reason.is_empty() {
            problems.required("reason", "Reden van doorverwijzing", "Reason for the referral");
        }
        let basis = known_value(&mut problems, "basis", "unknown_basis", ("grondslag", "basis"), &self.basis, ReferralBasis::from_id, ReferralBasis::ids);
        let on_date = optional_date(&mut problems, "on_date", &self.on_date, ("Datum", "Date"), Some(today)).unwrap_or(today);
        problems.finish(NewReferral { from: clean(&self.from), to, reason, basis, on_date })
    }
}

/// One tranche actually committed to the case: part of its financing package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackageTranche {
    /// UUIDv7.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Financier committing.
    pub financier_id: String,
    /// Its name.
    pub financier_name: String,
    /// Instrument used.
    pub instrument_id: Option<String>,
    /// Its name.
    pub instrument_name: Option<String>,
    /// Kind of capital.
    pub capital_type: CapitalType,
    /// Amount committed in cents.
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// Guarantee scheme used (e.g. BMKB-G or GO), as an instrument of the register.
    pub guarantee_instrument_id: Option<String>,
    /// Its name.
    pub guarantee_name: Option<String>,
    /// Part of the amount the guarantee covers, in cents.
    #[ts(type = "number | null")]
    pub guaranteed_cents: Option<i64>,
    /// Date the financing closed.
    pub closing_date: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
    /// Recorded (RFC 3339).
    pub created_at: String,
}

/// A package tranche as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PackageTrancheDraft {
    /// Financier id or name.
    pub financier: String,
    /// Instrument id or name (of that financier).
    pub instrument: Option<String>,
    /// `capital_type` id; default: the instrument's first type.
    pub capital_type: Option<String>,
    /// Amount, e.g. "500k".
    pub amount: String,
    /// Guarantee scheme (instrument id or name), e.g. "BMKB-G".
    pub guarantee: Option<String>,
    /// Guaranteed part, e.g. "250k".
    pub guaranteed_amount: Option<String>,
    /// Closing date.
    pub closing_date: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// A checked package tranche (financier and instruments still unresolved).
#[derive(Debug, Clone, PartialEq)]
pub struct NewPackageTranche {
    /// Financier as typed.
    pub financier: String,
    /// Instrument as typed.
    pub instrument: Option<String>,
    /// Capital type when given.
    pub capital_type: Option<CapitalType>,
    /// Amount in cents.
    pub amount_cents: i64,
    /// Guarantee as typed.
    pub guarantee: Option<String>,
    /// Guaranteed part in cents.
    pub guaranteed_cents: Option<i64>,
    /// Closing date.
    pub closing_date: Option<NaiveDate>,
    /// Notes.
    pub notes: Option<String>,
}

impl PackageTrancheDraft {
    /// Checks the draft: financier and a positive amount are required; a guaranteed part
    /// needs a guarantee and cannot exceed the tranche.
    pub fn validate(&self) -> Result<NewPackageTranche, Vec<FieldError>> {
        let mut problems = Problems::default();
        let financier = self.financier.trim().to_string();
        if financier.is_empty() {
            problems.required("financier", "Financier", "Financier");
        }
        let amount_cents = if self.amount.trim().is_empty() {
            problems.required("amount", "Bedrag", "Amount");
            None
        } else {
            optional_amount(&mut problems, "amount", &Some(self.amount.clone()), ("Bedrag", "Amount"))
        };
        let capital_type = known_value(
            &mut problems,
            "capital_type",
            "unknown_capital_type",
            ("kapitaalsoort", "capital type"),
            &self.capital_type,
            CapitalType::from_id,
            CapitalType::ids,
        );
        let guarantee = clean(&self.guarantee);
        let guaranteed_cents = optional_amount(&mut problems, "guaranteed_amount", &self.guaranteed_amount, ("Geborgd deel", "Guaranteed part"));
        if guaranteed_cents.is_some() && guarantee.is_none() {
            problems.add(
                "guarantee",
                "guarantee_required",
                "Een geborgd bedrag hoort bij een garantieregeling: kies de regeling (bijv. BMKB-G).",
                "A guaranteed amount needs a guarantee scheme (e.g. BMKB-G).",
            );
        }
        if let (Some(g), Some(a)) = (guaranteed_cents, amount_cents)
            && g > a
        {
            problems.add(
                "guaranteed_amount",
                "guarantee_exceeds_amount",
                "Het geborgde deel is groter dan de tranche zelf.",
                "The guaranteed part is larger than the tranche.",
            );
        }
        let closing_date = optional_date(&mut problems, "closing_date", &self.closing_date, ("Sluitingsdatum", "Closing date"), None);
        let tranche = NewPackageTranche {
            financier,
            instrument: clean(&self.instrument),
            capital_type,
            amount_cents: amount_cents.unwrap_or(0),
            guarantee,
            guaranteed_cents,
            closing_date,
            notes: clean(&self.notes),
        };
        problems.finish(tranche)
    }
}

/// A status change the package suggests; applied only when the coordinator confirms it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusProposal {
    /// Current status.
    pub from: CaseStatus,
    /// Suggested status.
    pub to: CaseStatus,
    /// Why, in Dutch.
    pub reason: String,
    /// Why, in English.
    pub reason_en: String,
}

/// Financiers that must be out (declined or withdrawn) before "not financed" is proposed:
/// one early decline at the table is no verdict yet.
pub const MIN_DECLINES_FOR_NOT_FINANCED: usize = 2;

/// What the package and the responses say the case's status should be, if that differs
/// from `current` and the workflow allows it. Fully raised → financed; partly → partly
/// financed; nothing raised and every financier approached out (at least
/// [`MIN_DECLINES_FOR_NOT_FINANCED`]) → not financed.
pub fn propose_status(current: CaseStatus, need_cents: i64, raised_cents: i64, responses: &[ResponseStatus]) -> Option<StatusProposal> {
    use crate::domain::money::format_euros;
    let (to, nl, en) = if raised_cents >= need_cents && raised_cents > 0 {
        (
            CaseStatus::Financed,
            format!("Het pakket ({}) dekt de hele behoefte ({}).", format_euros(raised_cents), format_euros(need_cents)),
            format!("The package ({}) covers the whole need ({}).", format_euros(raised_cents), format_euros(need_cents)),
        )
    } else if raised_cents > 0 {
        let share = raised_cents as f64 / need_cents as f64 * 100.0;
        (
            CaseStatus::PartlyFinanced,
            format!("Het pakket ({}) dekt {share:.0}% van de behoefte ({}).", format_euros(raised_cents), format_euros(need_cents)),
            format!("The package ({}) covers {share:.0}% of the need ({}).", format_euros(raised_cents), format_euros(need_cents)),
        )
    } else if responses.len() >= MIN_DECLINES_FOR_NOT_FINANCED && responses.iter().all(|s| s.is_negative()) {
        (
            CaseStatus::NotFinanced,
            "Geen toezeggingen en alle benaderde financiers hebben afgewezen of zich teruggetrokken.".to_string(),
            "No commitments, and every financier approached declined or withdrew.".to_string(),
        )
    } else {
        return None;
    };
    if to == current || current.check_transition(to).is_err() {
        return None;
    }
    Some(StatusProposal { from: current, to, reason: nl, reason_en: en })
}

/// The months after the outcome at which a case is followed up.
pub const FOLLOW_UP_MONTHS: [u32; 3] = [3, 6, 12];

/// Whether reaching this status starts the follow-ups (financed, partly financed, closed).
pub fn starts_follow_ups(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Financed | CaseStatus::PartlyFinanced | CaseStatus::Closed)
}

/// The follow-up due dates for an outcome reached on `outcome_date`.
pub fn follow_up_schedule(outcome_date: NaiveDate) -> Vec<(u32, NaiveDate)> {
    FOLLOW_UP_MONTHS
        .iter()
        .map(|m| (*m, outcome_date.checked_add_months(Months::new(*m)).unwrap_or(outcome_date)))
        .collect()
}

/// A follow-up moment of a financed or closed case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUp {
    /// UUIDv7.
    pub id: String,
    /// The case.
    pub case_id: String,
    /// Months after the outcome (3, 6 or 12).
    pub months: u32,
    /// When it is due.
    pub due_on: NaiveDate,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
    /// Jobs kept.
    pub jobs_kept: Option<i32>,
    /// Jobs created.
    pub jobs_created: Option<i32>,
    /// Did the financing actually close?
    pub financing_closed: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

/// Recording a follow-up as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FollowUpDraft {
    /// Date done (default today).
    pub done_on: Option<String>,
    /// Jobs kept.
    pub jobs_kept: Option<String>,
    /// Jobs created.
    pub jobs_created: Option<String>,
    /// Did the financing close?
    pub financing_closed: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

/// A checked follow-up result.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpResult {
    /// Date done.
    pub done_on: NaiveDate,
    /// Jobs kept.
    pub jobs_kept: Option<i32>,
    /// Jobs created.
    pub jobs_created: Option<i32>,
    /// Financing closed.
    pub financing_closed: Option<bool>,
    /// Notes.
    pub notes: Option<String>,
}

fn optional_count(problems: &mut Problems, field: &str, label_nl: &str, raw: &Option<String>) -> Option<i32> {
    let text = clean(raw)?;
    match text.parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => Some(n),
        _ => {
            problems.add(
                field,
                "count",
                format!("{label_nl} moet een heel getal van 0 of meer zijn."),
                format!("{field} must be a whole number of 0 or more."),
            );
            None
        }
    }
}

impl FollowUpDraft {
    /// Checks the draft: counts are whole numbers ≥ 0, the date is not in the future.
    pub fn validate(&self, today: NaiveDate) -> Result<FollowUpResult, Vec<FieldError>> {
        let mut problems = Problems::default();
        let done_on = optional_date(&mut problems, "done_on", &self.done_on, ("Datum", "Date"), Some(today)).unwrap_or(today);
        let jobs_kept = optional_count(&mut problems, "jobs_kept", "Behouden banen", &self.jobs_kept);
        let jobs_created = optional_count(&mut problems, "jobs_created", "Nieuwe banen", &self.jobs_created);
        problems.finish(FollowUpResult { done_on, jobs_kept, jobs_created, financing_closed: self.financing_closed, notes: clean(&self.notes) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_decline_without_a_reason_is_refused() {
        let draft = ResponseDraft { financier: "ING".into(), status: "declined".into(), ..Default::default() };
        let errors = draft.validate(day("2026-11-22")).err().unwrap_or_default();
        assert!(errors.iter().any(|e| e.code == "decline_reason_required"), "{errors:?}");
    }

    #[test]
    fn other_needs_a_text_and_reasons_belong_to_declines() {
        let other = ResponseDraft { financier: "ING".into(), status: "declined".into(), decline_reason: Some("other".into()), ..Default::default() };
        assert!(other.validate(day("2026-11-22")).is_err());
        let interested = ResponseDraft { financier: "ING".into(), status: "interested".into(), decline_reason: Some("solvency".into()), ..Default::default() };
        let errors = interested.validate(day("2026-11-22")).err().unwrap_or_default();
        assert!(errors.iter().any(|e| e.code == "reason_without_decline"));
    }

    #[test]
    fn the_package_proposes_but_respects_the_workflow() {
        let p = propose_status(CaseStatus::InAssessment, 100, 100, &[]).map(|p| p.to);
        assert_eq!(p, Some(CaseStatus::Financed));
        assert_eq!(propose_status(CaseStatus::InAssessment, 100, 40, &[]).map(|p| p.to), Some(CaseStatus::PartlyFinanced));
        assert_eq!(propose_status(CaseStatus::Financed, 100, 100, &[]), None);
        // Intake cannot jump to an outcome: no proposal.
        assert_eq!(propose_status(CaseStatus::Intake, 100, 100, &[]), None);
        let all_out = [ResponseStatus::Declined, ResponseStatus::Withdrawn];
        assert_eq!(propose_status(CaseStatus::Matching, 100, 0, &all_out).map(|p| p.to), Some(CaseStatus::NotFinanced));
        assert_eq!(propose_status(CaseStatus::Matching, 100, 0, &[ResponseStatus::Declined]), None, "one decline is no verdict");
        assert_eq!(propose_status(CaseStatus::Matching, 100, 0, &[ResponseStatus::Declined, ResponseStatus::Interested]), None);
    }

    #[test]
    fn follow_ups_fall_at_three_six_and_twelve_months() {
        let s = follow_up_schedule(day("2026-08-31"));
        assert_eq!(s, vec![(3, day("2026-11-30")), (6, day("2027-02-28")), (12, day("2027-08-31"))]);
    }
}
