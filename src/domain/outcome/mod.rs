//! What happens to a case at the table: financiers' responses, referrals, the financing
//! package actually committed, and follow-ups — one file per entity. Drafts arrive as
//! typed-in text and are checked here, with Dutch and English messages; no I/O.

mod follow_up;
mod package;
mod referral;
mod response;

use chrono::NaiveDate;

use super::draft::{amount_field, clean, date_field};
use super::validation::Problems;

pub use follow_up::{
    FOLLOW_UP_MONTHS, FollowUp, FollowUpDraft, FollowUpResult, follow_up_schedule,
    starts_follow_ups,
};
pub use package::{
    NewPackageTranche, PackageTranche, PackageTrancheDraft, StatusProposal, propose_status,
};
pub use referral::{NewReferral, Referral, ReferralDraft};
pub use response::{FinancierAnswer, NewResponseStep, Response, ResponseDraft, ResponseStep};

/// Reads an optional amount field as people type it ("250k", "1,2 mln").
pub fn optional_amount(
    problems: &mut Problems,
    field: &str,
    raw: &Option<String>,
    label: (&str, &str),
) -> Option<i64> {
    amount_field(
        problems,
        field,
        &clean(raw).map(serde_json::Value::String),
        label,
    )
}

/// Reads an optional date field that may not lie after `latest` (when given).
pub fn optional_date(
    problems: &mut Problems,
    field: &str,
    raw: &Option<String>,
    label: (&str, &str),
    latest: Option<NaiveDate>,
) -> Option<NaiveDate> {
    let date = date_field(problems, field, raw, label)?;
    if latest.is_some_and(|l| date > l) {
        problems.add(
            field,
            "date_future",
            format!("{} ligt in de toekomst.", label.0),
            format!("{} lies in the future.", label.1),
        );
        return None;
    }
    Some(date)
}

/// Reads an optional taxonomy value; an unknown one is refused with the values to choose from.
pub(crate) fn known_value<T>(
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
