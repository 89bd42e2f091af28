//! Companies: read and write, with the change log and the search index kept current.

use rusqlite::{Connection, OptionalExtension, Row};

use super::{Writer, diff, new_id, search, sql};
use crate::domain::anonymise::legal_form_label;
use crate::domain::{Company, NewCompany, Province};
use crate::error::{Error, Result};

pub(crate) const COMPANY_COLUMNS: &str = "co.id, co.name, co.kvk, co.legal_form, co.founding_year, co.province, co.municipality, co.address,
     co.contact_name, co.contact_email, co.contact_phone, co.employees, co.turnover_cents, co.equity_cents, co.natural_person, co.erased_at";

/// How many columns [`COMPANY_COLUMNS`] holds.
pub(crate) const COMPANY_COLUMN_COUNT: usize = 16;

/// Reads a company from a row holding [`COMPANY_COLUMNS`] starting at `start`.
pub(crate) fn company_from_row(row: &Row<'_>, start: usize) -> rusqlite::Result<Company> {
    let province: String = row.get(start + 5)?;
    Ok(Company {
        id: row.get(start)?,
        name: row.get(start + 1)?,
        kvk: row.get(start + 2)?,
        // Databases from before legal forms were stored as written hold codes (`bv`,
        // `cooperatie`): they read as every newer entry does.
        legal_form: row
            .get::<_, Option<String>>(start + 3)?
            .map(|form| legal_form_label(&form)),
        founding_year: row.get(start + 4)?,
        province: Province::from_id(&province).ok_or_else(|| bad_value(start + 5, &province))?,
        municipality: row.get(start + 6)?,
        address: row.get(start + 7)?,
        contact_name: row.get(start + 8)?,
        contact_email: row.get(start + 9)?,
        contact_phone: row.get(start + 10)?,
        employees: row.get(start + 11)?,
        turnover_cents: row.get(start + 12)?,
        equity_cents: row.get(start + 13)?,
        natural_person: row.get(start + 14)?,
        erased_at: row.get(start + 15)?,
    })
}

/// A stored value that is not a taxonomy identifier (only possible if the file was edited by hand).
pub(crate) fn bad_value(column: usize, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("unknown taxonomy value {value:?}").into(),
    )
}

/// Read handle on companies.
pub struct Companies<'c> {
    conn: &'c Connection,
}

impl<'c> Companies<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Companies { conn }
    }

    /// A company by id.
    pub fn get(&self, id: &str) -> Result<Company> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {COMPANY_COLUMNS} FROM companies co WHERE co.id = ?1"
            ))?
            .query_row([id], |r| company_from_row(r, 0))
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "company",
                id: id.to_string(),
            })
    }

    /// A company by KvK number.
    pub fn by_kvk(&self, kvk: &str) -> Result<Option<Company>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COMPANY_COLUMNS} FROM companies co WHERE co.kvk = ?1"
            ))?
            .query_row([kvk], |r| company_from_row(r, 0))
            .optional()?)
    }

    /// Companies matching typed words (prefix match on name, KvK number and place), each with
    /// its newest case and its number of cases.
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<(Company, Option<String>, u32)>> {
        let Some(query) = search::fts_query(text) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COMPANY_COLUMNS},
                    (SELECT c.id FROM cases c WHERE c.company_id = co.id AND c.deleted_at IS NULL ORDER BY c.intake_date DESC LIMIT 1),
                    (SELECT count(*) FROM cases c WHERE c.company_id = co.id AND c.deleted_at IS NULL)
             FROM companies co
             WHERE co.rowid IN (SELECT rowid FROM company_fts WHERE company_fts MATCH ?1)
             ORDER BY co.name COLLATE NOCASE LIMIT ?2"
        ))?;
        let rows = stmt.query_map(rusqlite::params![query, limit], |row| {
            Ok((
                company_from_row(row, 0)?,
                row.get(COMPANY_COLUMN_COUNT)?,
                row.get(COMPANY_COLUMN_COUNT + 1)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Number of companies.
    pub fn count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM companies", [], |r| r.get(0))?)
    }
}

/// Write handle on companies.
pub struct CompaniesMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> CompaniesMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        CompaniesMut { w }
    }

    /// Stores a new company and returns it.
    pub fn insert(&self, company: &NewCompany) -> Result<Company> {
        if let Some(kvk) = &company.kvk
            && let Some(existing) = Companies::new(self.w.conn()).by_kvk(kvk)?
        {
            return Err(kvk_taken(kvk, &existing.name));
        }
        let id = new_id();
        let now = self.w.now();
        sql::insert(
            self.w.conn(),
            "companies",
            &[("id", &id)],
            &company_field_values(company),
            now,
        )?;
        let stored = Companies::new(self.w.conn()).get(&id)?;
        self.w.log(
            "company",
            &id,
            "create",
            &diff(&serde_json::Value::Null, &to_json(&stored)?),
        )?;
        search::reindex_company(self.w.conn(), &id)?;
        Ok(stored)
    }

    /// Replaces a company's details; logs what changed and reindexes its cases.
    pub fn update(&self, id: &str, company: &NewCompany) -> Result<Company> {
        let before = Companies::new(self.w.conn()).get(id)?;
        if let Some(kvk) = &company.kvk
            && let Some(other) = Companies::new(self.w.conn()).by_kvk(kvk)?
            && other.id != id
        {
            return Err(kvk_taken(kvk, &other.name));
        }
        sql::update(
            self.w.conn(),
            "companies",
            id,
            &company_field_values(company),
            self.w.now(),
        )?;
        let after = Companies::new(self.w.conn()).get(id)?;
        let changes = diff(&to_json(&before)?, &to_json(&after)?);
        if changes.as_object().is_some_and(|m| !m.is_empty()) {
            self.w.log("company", id, "update", &changes)?;
            search::reindex_company(self.w.conn(), id)?;
        }
        Ok(after)
    }
}

/// The editable columns of a company and their new values.
fn company_field_values(company: &NewCompany) -> [sql::Field<'_>; 14] {
    [
        ("name", &company.name),
        ("kvk", &company.kvk),
        ("legal_form", &company.legal_form),
        ("founding_year", &company.founding_year),
        ("province", &company.province),
        ("municipality", &company.municipality),
        ("address", &company.address),
        ("contact_name", &company.contact_name),
        ("contact_email", &company.contact_email),
        ("contact_phone", &company.contact_phone),
        ("employees", &company.employees),
        ("turnover_cents", &company.turnover_cents),
        ("equity_cents", &company.equity_cents),
        ("natural_person", &company.natural_person),
    ]
}

fn kvk_taken(kvk: &str, name: &str) -> Error {
    Error::Conflict {
        code: "kvk_taken",
        message_nl: format!(
            "KvK-nummer {kvk} hoort al bij {name}; een bedrijf staat maar één keer in Tafel."
        ),
        message_en: format!(
            "KvK number {kvk} already belongs to {name}; a company is stored only once."
        ),
    }
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|source| Error::Json {
        context: "change log".into(),
        source,
    })
}
