//! The financier register: financiers, their contacts and instruments.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::companies::{bad_value, to_json};
use super::{Writer, diff, new_id};
use crate::domain::*;
use crate::error::{Error, Result};

fn json_list<T>(row: &Row<'_>, index: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Vec<T>> {
    let text: String = row.get(index)?;
    let ids: Vec<String> = serde_json::from_str(&text).map_err(|_| bad_value(index, &text))?;
    ids.iter().map(|id| parse(id).ok_or_else(|| bad_value(index, id))).collect()
}

fn ids_json<T: std::fmt::Display>(values: &[T]) -> String {
    serde_json::Value::Array(values.iter().map(|v| serde_json::Value::String(v.to_string())).collect()).to_string()
}

const INSTRUMENT_COLUMNS: &str = "id, financier_id, name, capital_types, ticket_min_cents, ticket_max_cents, stages, sectors, regions,
     rules, source_url, verified_on, uncertainty";

fn instrument_from_row(row: &Row<'_>) -> rusqlite::Result<Instrument> {
    Ok(Instrument {
        id: row.get(0)?,
        financier_id: row.get(1)?,
        name: row.get(2)?,
        capital_types: json_list(row, 3, CapitalType::from_id)?,
        ticket_min_cents: row.get(4)?,
        ticket_max_cents: row.get(5)?,
        stages: json_list(row, 6, Stage::from_id)?,
        sectors: json_list(row, 7, Sector::from_id)?,
        regions: json_list(row, 8, Region::from_id)?,
        rules: row.get(9)?,
        source_url: row.get(10)?,
        verified_on: row.get(11)?,
        uncertainty: row.get(12)?,
    })
}

/// Verification counts as stale after this many days.
pub const STALE_AFTER_DAYS: i64 = 365;

/// Read handle on the register.
pub struct Financiers<'c> {
    conn: &'c Connection,
}

impl<'c> Financiers<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Financiers { conn }
    }

    /// A financier with its contacts and instruments.
    pub fn get(&self, id: &str) -> Result<Financier> {
        let head = self
            .conn
            .query_row(
                "SELECT id, name, financier_type, regions, website, notes FROM financiers WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |row| {
                    let kind: String = row.get(2)?;
                    Ok(Financier {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        financier_type: FinancierType::from_id(&kind).ok_or_else(|| bad_value(2, &kind))?,
                        regions: json_list(row, 3, Region::from_id)?,
                        website: row.get(4)?,
                        notes: row.get(5)?,
                        contacts: Vec::new(),
                        instruments: Vec::new(),
                    })
                },
            )
            .optional()?;
        let mut financier = head.ok_or_else(|| Error::NotFound { entity: "financier", id: id.to_string() })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, role, email, phone, signed_pledge FROM financier_contacts WHERE financier_id = ?1 ORDER BY name",
        )?;
        financier.contacts = stmt
            .query_map([id], |row| {
                Ok(Contact {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    role: row.get(2)?,
                    email: row.get(3)?,
                    phone: row.get(4)?,
                    signed_pledge: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INSTRUMENT_COLUMNS} FROM instruments WHERE financier_id = ?1 AND deleted_at IS NULL ORDER BY name"
        ))?;
        financier.instruments = stmt.query_map([id], instrument_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(financier)
    }

    /// A financier's id by its exact name.
    pub fn id_by_name(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM financiers WHERE name = ?1 AND deleted_at IS NULL", [name], |r| r.get(0))
            .optional()?)
    }

    /// Every instrument in the register (for matching).
    pub fn instruments(&self) -> Result<Vec<Instrument>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {INSTRUMENT_COLUMNS} FROM instruments WHERE deleted_at IS NULL ORDER BY name"))?;
        Ok(stmt.query_map([], instrument_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The register as list rows, by name; verification judged against `today`.
    pub fn list(&self, today: NaiveDate) -> Result<Vec<FinancierSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, financier_type, regions FROM financiers WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE",
        )?;
        let heads = stmt
            .query_map([], |row| {
                let kind: String = row.get(2)?;
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    FinancierType::from_id(&kind).ok_or_else(|| bad_value(2, &kind))?,
                    json_list(row, 3, Region::from_id)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let instruments = self.instruments()?;
        Ok(heads
            .into_iter()
            .map(|(id, name, financier_type, regions)| {
                let own: Vec<&Instrument> = instruments.iter().filter(|i| i.financier_id == id).collect();
                let mut capital_types: Vec<CapitalType> = own.iter().flat_map(|i| i.capital_types.iter().copied()).collect();
                capital_types.sort();
                capital_types.dedup();
                let never_verified = own.iter().any(|i| i.verified_on.is_none());
                let verified_on = if never_verified { None } else { own.iter().filter_map(|i| i.verified_on).min() };
                let stale = verified_on.is_none_or(|d| (today - d).num_days() > STALE_AFTER_DAYS);
                FinancierSummary {
                    id,
                    name,
                    financier_type,
                    regions,
                    capital_types,
                    instrument_count: own.len() as u32,
                    verified_on,
                    uncertain: own.iter().any(|i| i.uncertainty.is_some()),
                    stale,
                }
            })
            .collect())
    }

    /// Number of financiers.
    pub fn count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM financiers WHERE deleted_at IS NULL", [], |r| r.get(0))?)
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    /// A new row.
    Created,
    /// An existing row changed.
    Updated,
    /// An existing row was already like this.
    Unchanged,
}

/// Write handle on the register.
pub struct FinanciersMut<'w> {
    w: &'w Writer<'w>,
}

#[derive(serde::Serialize)]
struct FinancierFields<'a> {
    name: &'a str,
    financier_type: FinancierType,
    regions: &'a [Region],
}

impl<'w> FinanciersMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        FinanciersMut { w }
    }

    /// Creates the financier named in `entry`, or updates its type and regions; returns its id.
    pub fn upsert_financier(&self, entry: &RegisterEntry) -> Result<(String, Upserted)> {
        let conn = self.w.conn();
        let new_fields = to_json(&FinancierFields { name: &entry.financier_name, financier_type: entry.financier_type, regions: &entry.regions })?;
        match Financiers::new(conn).id_by_name(&entry.financier_name)? {
            None => {
                let id = new_id();
                conn.execute(
                    "INSERT INTO financiers (id, name, financier_type, regions, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                    params![id, entry.financier_name, entry.financier_type.id(), ids_json(&entry.regions), self.w.now()],
                )?;
                self.w.log("financier", &id, "create", &diff(&serde_json::Value::Null, &new_fields))?;
                Ok((id, Upserted::Created))
            }
            Some(id) => {
                let before = Financiers::new(conn).get(&id)?;
                let old_fields = to_json(&FinancierFields { name: &before.name, financier_type: before.financier_type, regions: &before.regions })?;
                let changes = diff(&old_fields, &new_fields);
                if changes.as_object().is_some_and(|m| m.is_empty()) {
                    return Ok((id, Upserted::Unchanged));
                }
                conn.execute(
                    "UPDATE financiers SET financier_type = ?2, regions = ?3, updated_at = ?4 WHERE id = ?1",
                    params![id, entry.financier_type.id(), ids_json(&entry.regions), self.w.now()],
                )?;
                self.w.log("financier", &id, "update", &changes)?;
                Ok((id, Upserted::Updated))
            }
        }
    }

    /// Creates or updates the instrument of `entry` (matched on financier and instrument name).
    pub fn upsert_instrument(&self, financier_id: &str, entry: &RegisterEntry) -> Result<(String, Upserted)> {
        let conn = self.w.conn();
        let existing: Option<String> = conn
            .query_row(
                "SELECT id FROM instruments WHERE financier_id = ?1 AND name = ?2 AND deleted_at IS NULL",
                params![financier_id, entry.instrument_name],
                |r| r.get(0),
            )
            .optional()?;
        let id = existing.clone().unwrap_or_else(new_id);
        let new = Instrument {
            id: id.clone(),
            financier_id: financier_id.to_string(),
            name: entry.instrument_name.clone(),
            capital_types: entry.capital_types.clone(),
            ticket_min_cents: entry.ticket_min_cents,
            ticket_max_cents: entry.ticket_max_cents,
            stages: entry.stages.clone(),
            sectors: entry.sectors.clone(),
            // Regions live on the financier unless an instrument narrows them.
            regions: Vec::new(),
            rules: entry.rules.clone(),
            source_url: entry.source_url.clone(),
            verified_on: entry.verified_on,
            uncertainty: entry.uncertainty.clone(),
        };
        let before = match &existing {
            Some(id) => Some(conn.query_row(&format!("SELECT {INSTRUMENT_COLUMNS} FROM instruments WHERE id = ?1"), [id], instrument_from_row)?),
            None => None,
        };
        let changes = diff(&before.as_ref().map(to_json).transpose()?.unwrap_or_default(), &to_json(&new)?);
        if before.is_some() && changes.as_object().is_some_and(|m| m.is_empty()) {
            return Ok((id, Upserted::Unchanged));
        }
        conn.execute(
            "INSERT INTO instruments (id, financier_id, name, capital_types, ticket_min_cents, ticket_max_cents, stages, sectors,
                 regions, rules, source_url, verified_on, uncertainty, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)
             ON CONFLICT (id) DO UPDATE SET capital_types = excluded.capital_types, ticket_min_cents = excluded.ticket_min_cents,
                 ticket_max_cents = excluded.ticket_max_cents, stages = excluded.stages, sectors = excluded.sectors,
                 regions = excluded.regions, rules = excluded.rules, source_url = excluded.source_url,
                 verified_on = excluded.verified_on, uncertainty = excluded.uncertainty, updated_at = excluded.updated_at",
            params![
                new.id,
                new.financier_id,
                new.name,
                ids_json(&new.capital_types),
                new.ticket_min_cents,
                new.ticket_max_cents,
                ids_json(&new.stages),
                ids_json(&new.sectors),
                ids_json(&new.regions),
                new.rules,
                new.source_url,
                new.verified_on,
                new.uncertainty,
                self.w.now()
            ],
        )?;
        let action = if before.is_some() { "update" } else { "create" };
        self.w.log("instrument", &id, action, &changes)?;
        Ok((id, if before.is_some() { Upserted::Updated } else { Upserted::Created }))
    }
}
