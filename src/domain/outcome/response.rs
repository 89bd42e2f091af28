//! A financier's response to a case: where it stands and every step before.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::super::draft::clean;
use super::super::taxonomy::{CaseStatus, DeclineReason, ResponseStatus};
use super::super::validation::{FieldError, Problems};
use super::{known_value, optional_amount, optional_date};

/// How a financier answered one case at this table: the financier page's history of its answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FinancierAnswer {
    /// The case.
    pub case_id: String,
    /// Its number.
    pub case_number: String,
    /// Its company's name.
    pub company_name: String,
    /// Where the case stands now.
    pub case_status: CaseStatus,
    /// The answer as it stands.
    pub status: ResponseStatus,
    /// Why it declined.
    pub decline_reason: Option<DeclineReason>,
    /// The amount indicated or committed, in cents.
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
    /// The day of the latest step.
    pub status_date: NaiveDate,
}

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
        let status = known_value(
            &mut problems,
            "status",
            "unknown_status",
            ("status", "status"),
            &status_raw,
            ResponseStatus::from_id,
            ResponseStatus::ids,
        );
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
                format!(
                    "Een afwijzingsreden hoort alleen bij \"Afgewezen\", niet bij \"{}\".",
                    other.label_nl()
                ),
                format!(
                    "A decline reason belongs only with \"Declined\", not with \"{}\".",
                    other.label_en()
                ),
            ),
            _ => {}
        }
        let amount_cents =
            optional_amount(&mut problems, "amount", &self.amount, ("Bedrag", "Amount"));
        let on_date = optional_date(
            &mut problems,
            "on_date",
            &self.on_date,
            ("Datum", "Date"),
            Some(today),
        )
        .unwrap_or(today);
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
            ResponseStatus::Interested
                | ResponseStatus::InfoRequested
                | ResponseStatus::InAssessment
                | ResponseStatus::Offer
                | ResponseStatus::Committed
        )
    }

    /// The financier is out (declined or withdrew).
    pub fn is_negative(self) -> bool {
        matches!(self, ResponseStatus::Declined | ResponseStatus::Withdrawn)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn a_decline_without_a_reason_is_refused() {
        let draft = ResponseDraft {
            financier: "ING".into(),
            status: "declined".into(),
            ..Default::default()
        };
        let errors = draft.validate(day("2026-11-22")).err().unwrap_or_default();
        assert!(
            errors.iter().any(|e| e.code == "decline_reason_required"),
            "{errors:?}"
        );
    }

    #[test]
    fn other_needs_a_text_and_reasons_belong_to_declines() {
        let other = ResponseDraft {
            financier: "ING".into(),
            status: "declined".into(),
            decline_reason: Some("other".into()),
            ..Default::default()
        };
        assert!(other.validate(day("2026-11-22")).is_err());
        let interested = ResponseDraft {
            financier: "ING".into(),
            status: "interested".into(),
            decline_reason: Some("solvency".into()),
            ..Default::default()
        };
        let errors = interested
            .validate(day("2026-11-22"))
            .err()
            .unwrap_or_default();
        assert!(errors.iter().any(|e| e.code == "reason_without_decline"));
    }
}
