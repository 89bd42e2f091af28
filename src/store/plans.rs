//! Financing plans: the stack a coordinator chose for a case (one per case, replaced on
//! save, every version in the change log as entity `plan`).

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::companies::to_json;
use super::{Writer, diff, new_id};
use crate::error::{Error, Result};
use crate::matching::{Plan, Stack, Tranche};

fn json_error(column: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
}

/// Read handle on plans.
pub struct Plans<'c> {
    conn: &'c Connection,
}

impl<'c> Plans<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Plans { conn }
    }

    /// The plan of a case (by case id), if one was saved.
    pub fn for_case(&self, case_id: &str) -> Result<Option<Plan>> {
        let head = self
            .conn
            .query_row(
                "SELECT id, case_id, need_cents, total_cents, explanation, created_at, updated_at FROM case_plans WHERE case_id = ?1",
                [case_id],
                |row| {
                    let explanation: String = row.get(4)?;
                    Ok(Plan {
                        id: row.get(0)?,
                        case_id: row.get(1)?,
                        need_cents: row.get(2)?,
                        total_cents: row.get(3)?,
                        tranches: Vec::new(),
                        reasons: serde_json::from_str(&explanation).map_err(|e| json_error(4, e))?,
                        created_at: row.get(5)?,
                        updated_at: row.get(6)?,
                    })
                },
            )
            .optional()?;
        let Some(mut plan) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT tranche FROM case_plan_tranches WHERE plan_id = ?1 ORDER BY position",
        )?;
        plan.tranches = stmt
            .query_map([&plan.id], |row| {
                let text: String = row.get(0)?;
                serde_json::from_str(&text).map_err(|e| json_error(0, e))
            })?
            .collect::<rusqlite::Result<Vec<Tranche>>>()?;
        Ok(Some(plan))
    }
}

/// What the change log records of a plan.
#[derive(Serialize)]
struct PlanFields<'a> {
    case_id: &'a str,
    need_cents: i64,
    total_cents: i64,
    tranches: Vec<serde_json::Value>,
}

impl<'a> PlanFields<'a> {
    fn of(case_id: &'a str, need_cents: i64, total_cents: i64, tranches: &[Tranche]) -> Self {
        let tranches = tranches
            .iter()
            .map(|t| {
                serde_json::json!({
                    "financier": t.names.financier_name,
                    "instrument_id": t.names.instrument_id,
                    "capital_type": t.capital_type,
                    "amount_cents": t.amount_cents,
                    "guarantee": t.guarantee.as_ref().map(|g| serde_json::json!({"instrument_id": g.instrument_id, "guaranteed_cents": g.guaranteed_cents})),
                })
            })
            .collect();
        PlanFields {
            case_id,
            need_cents,
            total_cents,
            tranches,
        }
    }
}

/// Write handle on plans.
pub struct PlansMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> PlansMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        PlansMut { w }
    }

    /// Saves `stack` as the plan of a case, replacing any earlier plan.
    pub fn save(&self, case_id: &str, stack: &Stack) -> Result<Plan> {
        let conn = self.w.conn();
        let before = Plans::new(conn).for_case(case_id)?;
        let id = before.as_ref().map(|p| p.id.clone()).unwrap_or_else(new_id);
        let total: i64 = stack.tranches.iter().map(|t| t.amount_cents).sum();
        let explanation = to_json(&stack.reasons)?.to_string();
        match &before {
            Some(_) => {
                conn.execute("DELETE FROM case_plan_tranches WHERE plan_id = ?1", [&id])?;
                conn.execute(
                    "UPDATE case_plans SET need_cents = ?2, total_cents = ?3, explanation = ?4, updated_at = ?5 WHERE id = ?1",
                    params![id, stack.need_cents, total, explanation, self.w.now()],
                )?;
            }
            None => {
                conn.execute(
                    "INSERT INTO case_plans (id, case_id, need_cents, total_cents, explanation, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    params![id, case_id, stack.need_cents, total, explanation, self.w.now()],
                )?;
            }
        }
        let mut stmt = conn.prepare_cached(
            "INSERT INTO case_plan_tranches (plan_id, position, financier_id, instrument_id, capital_type, amount_cents,
                 guarantee_instrument_id, guaranteed_cents, tranche)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (position, t) in stack.tranches.iter().enumerate() {
            stmt.execute(params![
                id,
                position as i64,
                t.names.financier_id,
                t.names.instrument_id,
                t.capital_type.id(),
                t.amount_cents,
                t.guarantee.as_ref().map(|g| g.instrument_id.clone()),
                t.guarantee.as_ref().map(|g| g.guaranteed_cents),
                to_json(t)?.to_string()
            ])?;
        }
        let old = match &before {
            Some(p) => to_json(&PlanFields::of(
                &p.case_id,
                p.need_cents,
                p.total_cents,
                &p.tranches,
            ))?,
            None => serde_json::Value::Null,
        };
        let new = to_json(&PlanFields::of(
            case_id,
            stack.need_cents,
            total,
            &stack.tranches,
        ))?;
        let changes = diff(&old, &new);
        if changes.as_object().is_some_and(|m| !m.is_empty()) {
            self.w.log(
                "plan",
                &id,
                if before.is_some() { "update" } else { "create" },
                &changes,
            )?;
        }
        Plans::new(conn)
            .for_case(case_id)?
            .ok_or_else(|| Error::NotFound {
                entity: "plan",
                id: id.clone(),
            })
    }
}
