//! Writing a row's fields by name, so inserts and updates of one table share one field list;
//! reading all rows of a query, or the one row an id names.

use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{Connection, OptionalExtension, Params, Row, ToSql};

use crate::domain::*;
use crate::error::{Error, Result};

/// Every row `sql` selects, each read by `read`. The statement is cached: the same reads repeat
/// (a case page, a matching run).
pub(crate) fn all_rows<T, P: Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, read)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The one row `sql` selects, read by `read`; [`Error::NotFound`] naming `entity` and `id` when
/// there is none.
pub(crate) fn one_row<T, P: Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    entity: &'static str,
    id: &str,
) -> Result<T> {
    conn.query_row(sql, params, read)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity,
            id: id.to_string(),
        })
}

/// One column and the value to store in it.
pub(crate) type Field<'a> = (&'static str, &'a dyn ToSql);

/// Inserts a row: `keys` (id and other fixed columns) plus `fields`, with `created_at` and
/// `updated_at` set to `now`.
pub(crate) fn insert(
    conn: &Connection,
    table: &str,
    keys: &[Field<'_>],
    fields: &[Field<'_>],
    now: &str,
) -> Result<()> {
    let all: Vec<Field<'_>> = keys
        .iter()
        .chain(fields)
        .copied()
        .chain([("created_at", &now as &dyn ToSql), ("updated_at", &now)])
        .collect();
    let names: Vec<&str> = all.iter().map(|(name, _)| *name).collect();
    let marks: Vec<String> = (1..=all.len()).map(|i| format!("?{i}")).collect();
    let values: Vec<&dyn ToSql> = all.iter().map(|(_, value)| *value).collect();
    // Cached: a bulk import inserts thousands of rows with the same column list.
    conn.prepare_cached(&format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        marks.join(", ")
    ))?
    .execute(values.as_slice())?;
    Ok(())
}

/// Updates the `fields` of the row with `id`, and its `updated_at`.
pub(crate) fn update(
    conn: &Connection,
    table: &str,
    id: &str,
    fields: &[Field<'_>],
    now: &str,
) -> Result<()> {
    let all: Vec<Field<'_>> = fields
        .iter()
        .copied()
        .chain([("updated_at", &now as &dyn ToSql)])
        .collect();
    let sets: Vec<String> = all
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("{name} = ?{}", i + 2))
        .collect();
    let values: Vec<&dyn ToSql> = std::iter::once(&id as &dyn ToSql)
        .chain(all.iter().map(|(_, value)| *value))
        .collect();
    conn.prepare_cached(&format!(
        "UPDATE {table} SET {} WHERE id = ?1",
        sets.join(", ")
    ))?
    .execute(values.as_slice())?;
    Ok(())
}

/// Taxonomy values are stored as their stable identifiers.
macro_rules! store_as_id {
    ($($name:ty),+) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Owned(Value::Text(self.id().to_string())))
            }
        }
    )+};
}

store_as_id!(
    CapitalType,
    FinancierType,
    Stage,
    Sector,
    Province,
    Region,
    Purpose,
    CaseStatus,
    ResponseStatus,
    DeclineReason,
    CaseSource,
    Disclosure,
    ReferralBasis,
    MeetingStatus
);
