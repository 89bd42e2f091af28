//! Saved views of the case list.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cases::CaseFilter;
use super::companies::to_json;
use super::{Writer, diff, new_id};
use crate::error::{Error, Result};

/// A named filter of the case list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SavedView {
    /// UUIDv7, or a fixed key for the built-in views (`builtin:…`).
    pub id: String,
    /// Name shown in the list of views.
    pub name: String,
    /// The filter.
    pub filter: CaseFilter,
    /// Shipped with Tafel; cannot be changed or deleted.
    pub builtin: bool,
}

fn view_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SavedView> {
    let text: String = row.get(2)?;
    Ok(SavedView {
        id: row.get(0)?,
        name: row.get(1)?,
        filter: serde_json::from_str(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
        })?,
        builtin: false,
    })
}

/// Read handle on saved views.
pub struct Views<'c> {
    conn: &'c Connection,
}

impl<'c> Views<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Views { conn }
    }

    /// The user's saved views, by name.
    pub fn list(&self) -> Result<Vec<SavedView>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, filter FROM saved_views ORDER BY name COLLATE NOCASE",
        )?;
        Ok(stmt
            .query_map([], view_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One saved view.
    pub fn get(&self, id: &str) -> Result<SavedView> {
        self.conn
            .query_row(
                "SELECT id, name, filter FROM saved_views WHERE id = ?1",
                [id],
                view_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "view",
                id: id.to_string(),
            })
    }
}

/// Write handle on saved views.
pub struct ViewsMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> ViewsMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        ViewsMut { w }
    }

    /// Saves a view under a name; a view with that name is replaced.
    pub fn save(&self, name: &str, filter: &CaseFilter) -> Result<SavedView> {
        let conn = self.w.conn();
        let existing: Option<SavedView> = conn
            .query_row(
                "SELECT id, name, filter FROM saved_views WHERE name = ?1",
                [name],
                view_from_row,
            )
            .optional()?;
        let filter_json = to_json(filter)?;
        let id = existing
            .as_ref()
            .map(|v| v.id.clone())
            .unwrap_or_else(new_id);
        conn.execute(
            "INSERT INTO saved_views (id, name, filter, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (id) DO UPDATE SET filter = excluded.filter, updated_at = excluded.updated_at",
            params![id, name, filter_json.to_string(), self.w.now()],
        )?;
        let before = existing
            .as_ref()
            .map(to_json)
            .transpose()?
            .unwrap_or_default();
        let after = SavedView {
            id: id.clone(),
            name: name.to_string(),
            filter: filter.clone(),
            builtin: false,
        };
        self.w.log(
            "saved_view",
            &id,
            if existing.is_some() {
                "update"
            } else {
                "create"
            },
            &diff(&before, &to_json(&after)?),
        )?;
        Ok(after)
    }

    /// Deletes a saved view.
    pub fn delete(&self, id: &str) -> Result<()> {
        let view = Views::new(self.w.conn()).get(id)?;
        self.w
            .conn()
            .execute("DELETE FROM saved_views WHERE id = ?1", [id])?;
        self.w.log(
            "saved_view",
            id,
            "delete",
            &diff(&to_json(&view)?, &serde_json::Value::Null),
        )?;
        Ok(())
    }
}
