//! Writing a row's fields by name, so inserts and updates of one table share one field list.

use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::{Connection, ToSql};

use crate::domain::*;
use crate::error::Result;

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
