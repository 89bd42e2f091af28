//! The conflicts sharing found: two writes of a critical field made without seeing each
//! other. The later one stands; the coordinator confirms it or reverts to the earlier one.

use serde::Serialize;
use ts_rs::TS;

use super::bundle::value_text;
use crate::domain::{Actor, DeclineReason, NewResponseStep, ResponseStatus};
use crate::error::{Error, Result};
use crate::store::{Store, StoredConflict};
use crate::sync::op::{response_case, response_financier};

/// One conflict, as the coordinator's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ConflictView {
    /// What was edited: `response`, `case`, `access`, `case_named`.
    pub entity: String,
    /// Its id.
    pub entity_id: String,
    /// The field.
    pub field: String,
    /// The case it concerns.
    pub case_number: Option<String>,
    /// The financier, for an answer.
    pub financier_name: Option<String>,
    /// The earlier value, its author and when (the clock).
    pub earlier_value: String,
    /// Who wrote the earlier value.
    pub earlier_author: String,
    /// The later value, which stands.
    pub later_value: String,
    /// Who wrote it.
    pub later_author: String,
    /// Its clock (identifies the conflict with entity, id and field).
    pub later_clock: String,
    /// `confirmed`, `reverted`, or nothing while open.
    pub resolution: Option<String>,
    /// Whether [`Resolution::Revert`] can bring the earlier value back (answers only).
    pub revertable: bool,
}

/// Only an answer of a financier can be reverted (as a new step); a case is edited itself.
fn revertable(entity: &str) -> bool {
    entity == "response"
}

fn view(store: &Store, c: StoredConflict) -> ConflictView {
    let case_id = if c.entity == "response" {
        response_case(&c.entity_id).map(str::to_string)
    } else {
        c.entity_id.split('/').next().map(str::to_string)
    };
    let case_number = case_id
        .and_then(|id| store.cases().get(&id).ok())
        .map(|case| case.case_number);
    let financier_name = if c.entity == "response" {
        response_financier(&c.entity_id)
            .and_then(|f| store.financiers().get(f).ok())
            .map(|f| f.name)
    } else {
        None
    };
    ConflictView {
        revertable: revertable(&c.entity),
        entity: c.entity,
        entity_id: c.entity_id,
        field: c.field,
        case_number,
        financier_name,
        earlier_value: value_text(&c.earlier.1),
        earlier_author: c.earlier.2,
        later_value: value_text(&c.later.1),
        later_author: c.later.2,
        later_clock: c.later.0.to_string(),
        resolution: c.resolution,
    }
}

/// The conflicts, newest first; only open ones when `open_only`.
pub fn conflicts(store: &Store, open_only: bool) -> Result<Vec<ConflictView>> {
    Ok(store
        .sync()
        .conflicts(open_only)?
        .into_iter()
        .map(|c| view(store, c))
        .collect())
}

/// How the coordinator settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Resolution {
    /// The later value stands.
    Confirm,
    /// Back to the earlier value (answers only): recorded as a new step on the case page.
    Revert,
}

/// Settles a conflict.
pub fn resolve(
    store: &mut Store,
    actor: &Actor,
    entity: &str,
    entity_id: &str,
    field: &str,
    later_clock: &str,
    resolution: Resolution,
) -> Result<Vec<ConflictView>> {
    let all = store.sync().conflicts(true)?;
    let conflict = all
        .into_iter()
        .find(|c| {
            c.entity == entity
                && c.entity_id == entity_id
                && c.field == field
                && c.later.0.to_string() == later_clock
        })
        .ok_or_else(|| Error::NotFound {
            entity: "conflict",
            id: format!("{entity}/{entity_id}/{field}"),
        })?;
    store.transact(actor, |w| {
        if resolution == Resolution::Revert {
            let (Some(case_id), Some(financier_id)) =
                (response_case(entity_id), response_financier(entity_id))
            else {
                return Err(Error::invalid(
                    "resolution",
                    "revert_answers_only",
                    "Terugdraaien kan alleen bij antwoorden van financiers; pas de casus zelf aan.",
                    "Only answers of financiers can be reverted; edit the case itself.",
                ));
            };
            if !revertable(entity) {
                return Err(Error::invalid(
                    "resolution",
                    "revert_answers_only",
                    "Terugdraaien kan alleen bij antwoorden van financiers.",
                    "Only answers can be reverted.",
                ));
            }
            let current = w
                .outcomes()
                .response(case_id, financier_id)?
                .ok_or_else(|| Error::NotFound {
                    entity: "response",
                    id: entity_id.to_string(),
                })?;
            let mut step = NewResponseStep {
                status: current.status,
                decline_reason: current.decline_reason,
                decline_text: current.decline_text.clone(),
                amount_cents: current.amount_cents,
                on_date: w.today(),
                note: Some(format!(
                    "Teruggezet naar de eerdere waarde ({}).",
                    value_text(&conflict.earlier.1)
                )),
                meeting_id: None,
            };
            let earlier = conflict.earlier.1.clone();
            match field {
                "status" => {
                    step.status =
                        serde_json::from_value::<ResponseStatus>(earlier).map_err(|e| {
                            Error::Json {
                                context: "conflict".into(),
                                source: e,
                            }
                        })?;
                    if step.status != ResponseStatus::Declined {
                        step.decline_reason = None;
                        step.decline_text = None;
                    }
                }
                "decline_reason" => {
                    step.decline_reason = serde_json::from_value::<Option<DeclineReason>>(earlier)
                        .map_err(|e| Error::Json {
                        context: "conflict".into(),
                        source: e,
                    })?
                }
                "amount_cents" => {
                    step.amount_cents =
                        serde_json::from_value::<Option<i64>>(earlier).map_err(|e| Error::Json {
                            context: "conflict".into(),
                            source: e,
                        })?
                }
                _ => {}
            }
            if step.status == ResponseStatus::Declined && step.decline_reason.is_none() {
                step.decline_reason = Some(DeclineReason::Other);
                step.decline_text = Some("teruggezet na een conflict".into());
            }
            w.outcomes_mut()
                .record_response(case_id, financier_id, None, &step)?;
        }
        w.sync_mut().resolve_conflict(
            entity,
            entity_id,
            field,
            later_clock,
            if resolution == Resolution::Confirm {
                "confirmed"
            } else {
                "reverted"
            },
        )?;
        Ok(())
    })?;
    conflicts(store, false)
}
