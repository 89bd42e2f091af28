//! Cases: read, filter and write, with history and the search index kept current.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter, types::Value};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::companies::{COMPANY_COLUMNS, bad_value, company_from_row, to_json};
use super::{Writer, diff, new_id, search, sql};
use crate::domain::*;
use crate::error::{Error, Result};

/// Which cases to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CaseFilter {
    /// Words to find in names, KvK numbers, case numbers, municipalities and notes (prefix match).
    pub query: Option<String>,
    /// Only these statuses (any, when empty).
    pub statuses: Vec<CaseStatus>,
    /// Only cases asking for one of these capital types (any, when empty).
    pub capital_types: Vec<CapitalType>,
    /// Only these provinces (any, when empty).
    pub provinces: Vec<Province>,
    /// Only these stages (any, when empty).
    pub stages: Vec<Stage>,
    /// Only these sectors (any, when empty).
    pub sectors: Vec<Sector>,
    /// Only these purposes (any, when empty).
    pub purposes: Vec<Purpose>,
    /// Only these sources (any, when empty).
    pub sources: Vec<CaseSource>,
    /// Only these disclosure levels (any, when empty).
    pub disclosures: Vec<Disclosure>,
    /// Only this owner.
    pub owner: Option<String>,
    /// Only open cases (not an outcome, not closed).
    pub open_only: bool,
    /// Amount at least this many cents.
    #[ts(type = "number | null")]
    pub amount_min_cents: Option<i64>,
    /// Amount at most this many cents.
    #[ts(type = "number | null")]
    pub amount_max_cents: Option<i64>,
    /// Intake on or after this date.
    pub intake_from: Option<NaiveDate>,
    /// Intake on or before this date.
    pub intake_to: Option<NaiveDate>,
    /// Consent ends within this many days from `as_of` (and has not ended before it).
    pub consent_expiring_within_days: Option<u32>,
    /// Next action due within this many days from `as_of` (overdue included).
    pub next_action_due_within_days: Option<u32>,
    /// The day relative filters are judged against; when absent, the services judge them on
    /// today ([`CaseFilter::on`]).
    pub as_of: Option<NaiveDate>,
    /// Sort order; newest intake first by default.
    pub sort: Option<CaseSort>,
    /// At most this many rows.
    pub limit: Option<u32>,
}

impl CaseFilter {
    /// This filter with its relative conditions ("within … days") judged on `today` when it
    /// names no day of its own: the services pass the day, the store reads no clock.
    pub fn on(&self, today: NaiveDate) -> CaseFilter {
        CaseFilter {
            as_of: self.as_of.or(Some(today)),
            ..self.clone()
        }
    }
}

/// One page of the case list: the rows from `offset` on, and how many cases match in all (so
/// a list can be as long as the result while holding only the rows in view).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CasePage {
    /// Cases matching the filter, in all.
    pub total: u32,
    /// The position of the first row in the whole list.
    pub offset: u32,
    /// The rows, in the list's order.
    pub rows: Vec<CaseSummary>,
}

/// Sort order of the case list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseSort {
    /// Column.
    pub field: CaseSortField,
    /// Largest first.
    pub descending: bool,
}

/// Sortable columns of the case list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CaseSortField {
    /// Case number.
    CaseNumber,
    /// Company name.
    CompanyName,
    /// Amount needed.
    Amount,
    /// Status.
    Status,
    /// Province.
    Province,
    /// Intake date.
    IntakeDate,
    /// Next action due.
    NextActionDue,
    /// Last change.
    UpdatedAt,
}

impl CaseSortField {
    fn sql(self) -> &'static str {
        match self {
            CaseSortField::CaseNumber => "c.case_number",
            CaseSortField::CompanyName => "co.name COLLATE NOCASE",
            CaseSortField::Amount => "c.amount_cents",
            CaseSortField::Status => "c.status",
            CaseSortField::Province => "co.province",
            CaseSortField::IntakeDate => "c.intake_date",
            CaseSortField::NextActionDue => "c.next_action_due IS NULL, c.next_action_due",
            CaseSortField::UpdatedAt => "c.updated_at",
        }
    }
}

const CASE_COLUMNS: &str = "c.id, c.case_number, c.amount_cents, c.purpose, c.stage, c.sector, c.sbi_code, c.source, c.referrer,
     c.earlier_declines, c.disclosure, c.consent_from, c.consent_until, c.status, c.owner, c.next_action, c.next_action_due,
     c.notes, c.intake_date, c.created_at, c.updated_at, c.anonymised_at, c.pitch";
const CASE_COLUMN_COUNT: usize = 23;

pub(crate) fn parse_taxonomy<T>(
    row: &Row<'_>,
    index: usize,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    parse(&text).ok_or_else(|| bad_value(index, &text))
}

fn capital_types_of(conn: &Connection, case_id: &str) -> Result<Vec<CapitalType>> {
    let mut stmt =
        conn.prepare_cached("SELECT capital_type FROM case_capital_types WHERE case_id = ?1")?;
    let mut types = stmt
        .query_map([case_id], |r| parse_taxonomy(r, 0, CapitalType::from_id))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    types.sort();
    Ok(types)
}

fn consents_of(conn: &Connection, case_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT financier_id FROM case_consents WHERE case_id = ?1 ORDER BY financier_id",
    )?;
    Ok(stmt
        .query_map([case_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Read handle on cases.
pub struct Cases<'c> {
    conn: &'c Connection,
    /// The day a filter's "within … days" counts from when it names none (`as_of`).
    today: Option<NaiveDate>,
}

impl<'c> Cases<'c> {
    /// A handle for looking cases up; its lists apply no "within … days" filter without
    /// an `as_of` in the filter (the services set it: [`CaseFilter::on`]). A writer's handle
    /// comes from [`Cases::on`], with the day of its actor's moment.
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Cases { conn, today: None }
    }

    /// A handle whose lists count "within … days" from `today` when a filter names no day.
    pub(crate) fn on(conn: &'c Connection, today: NaiveDate) -> Self {
        Cases {
            conn,
            today: Some(today),
        }
    }

    /// A case by id or case number; deleted cases are not found.
    pub fn get(&self, id_or_number: &str) -> Result<Case> {
        let sql = format!(
            "SELECT {CASE_COLUMNS}, {COMPANY_COLUMNS} FROM cases c JOIN companies co ON co.id = c.company_id
             WHERE c.id = (SELECT id FROM cases WHERE id = ?1 UNION ALL SELECT id FROM cases WHERE case_number = ?1 LIMIT 1)
               AND c.deleted_at IS NULL"
        );
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id_or_number], |row| {
                let company = company_from_row(row, CASE_COLUMN_COUNT)?;
                Ok(Case {
                    id: row.get(0)?,
                    case_number: row.get(1)?,
                    company,
                    amount_cents: row.get(2)?,
                    amount_eur: row.get::<_, i64>(2)? as f64 / 100.0,
                    purpose: parse_taxonomy(row, 3, Purpose::from_id)?,
                    stage: parse_taxonomy(row, 4, Stage::from_id)?,
                    sector: parse_taxonomy(row, 5, Sector::from_id)?,
                    sbi_code: row.get(6)?,
                    capital_types: Vec::new(),
                    source: parse_taxonomy(row, 7, CaseSource::from_id)?,
                    referrer: row.get(8)?,
                    earlier_declines: row.get(9)?,
                    disclosure: parse_taxonomy(row, 10, Disclosure::from_id)?,
                    consent_financier_ids: Vec::new(),
                    consent_from: row.get(11)?,
                    consent_until: row.get(12)?,
                    status: parse_taxonomy(row, 13, CaseStatus::from_id)?,
                    owner: row.get(14)?,
                    next_action: row.get(15)?,
                    next_action_due: row.get(16)?,
                    notes: row.get(17)?,
                    intake_date: row.get(18)?,
                    created_at: row.get(19)?,
                    updated_at: row.get(20)?,
                    anonymised_at: row.get(21)?,
                    pitch: row.get(22)?,
                })
            })
            .optional()?;
        let mut case = found.ok_or_else(|| Error::NotFound {
            entity: "case",
            id: id_or_number.to_string(),
        })?;
        case.capital_types = capital_types_of(self.conn, &case.id)?;
        case.consent_financier_ids = consents_of(self.conn, &case.id)?;
        Ok(case)
    }

    /// SQLite's query plan for the list of a filter, one line per step (for benchmarks and
    /// for checking that each filter combination uses an index).
    pub fn explain_list(&self, filter: &CaseFilter) -> Result<String> {
        let (sql, args) = list_sql(filter, self.today);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let lines = stmt.query_map(params_from_iter(args.iter()), |row| row.get::<_, String>(3))?;
        Ok(lines.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
    }

    /// Cases matching a filter, as list rows.
    pub fn list(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>> {
        let (sql, args) = list_sql(filter, self.today);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args.iter()), summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One page of the cases matching a filter (its `limit` is ignored), with their number.
    pub fn page(&self, filter: &CaseFilter, offset: u32, limit: u32) -> Result<CasePage> {
        let (clauses, args) = list_where(filter, self.today);
        // No filter (the list as it opens, a search cleared): the count of every case.
        let total: i64 = if clauses.len() == 1 {
            self.count()?
        } else {
            self.conn
                .prepare_cached(&format!(
                    "SELECT count(*) FROM cases c WHERE {}",
                    clauses.join(" AND ")
                ))?
                .query_row(params_from_iter(args.iter()), |r| r.get(0))?
        };
        let (sql, args) = page_sql(filter, offset, limit, self.today);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(args.iter()), summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(CasePage {
            total: u32::try_from(total).unwrap_or(u32::MAX),
            offset,
            rows,
        })
    }

    /// Number of cases that are not deleted.
    pub fn count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            // The index on `deleted_at` answers alone; without `INDEXED BY` the planner read
            // every case row (migration 0015).
            "SELECT count(*) FROM cases INDEXED BY cases_alive WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }
}

/// A list row as [`list_select`] reads it.
fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<CaseSummary> {
    let types: Option<String> = row.get(14)?;
    let mut capital_types: Vec<CapitalType> = types
        .unwrap_or_default()
        .split(',')
        .filter_map(CapitalType::from_id)
        .collect();
    capital_types.sort();
    Ok(CaseSummary {
        id: row.get(0)?,
        case_number: row.get(1)?,
        company_name: row.get(2)?,
        kvk: row.get(3)?,
        province: parse_taxonomy(row, 4, Province::from_id)?,
        amount_cents: row.get(5)?,
        purpose: parse_taxonomy(row, 6, Purpose::from_id)?,
        stage: parse_taxonomy(row, 7, Stage::from_id)?,
        sector: parse_taxonomy(row, 8, Sector::from_id)?,
        capital_types,
        status: parse_taxonomy(row, 9, CaseStatus::from_id)?,
        owner: row.get(10)?,
        intake_date: row.get(11)?,
        next_action_due: row.get(12)?,
        consent_until: row.get(15)?,
        updated_at: row.get(13)?,
    })
}

/// The stable identifiers of taxonomy values, as query arguments.
fn ids<T: std::fmt::Display>(values: &[T]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

/// The conditions and arguments of the case list for a filter (on `cases c`; no clause needs
/// the company row, so counting reads the cases alone).
fn list_where(filter: &CaseFilter, today: Option<NaiveDate>) -> (Vec<String>, Vec<Value>) {
    let mut clauses = vec!["c.deleted_at IS NULL".to_string()];
    let mut args: Vec<Value> = Vec::new();
    if let Some(query) = filter.query.as_deref().and_then(search::fts_query) {
        args.push(Value::Text(query));
        clauses.push(format!(
            "c.rowid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?{})",
            args.len()
        ));
    }
    // `pattern` holds `{}` where the placeholders of the values go.
    let mut any_in = |pattern: &str, values: Vec<String>, clauses: &mut Vec<String>| {
        if values.is_empty() {
            return;
        }
        let mut marks = Vec::new();
        for v in values {
            args.push(Value::Text(v));
            marks.push(format!("?{}", args.len()));
        }
        clauses.push(pattern.replace("{}", &marks.join(", ")));
    };
    any_in("c.status IN ({})", ids(&filter.statuses), &mut clauses);
    // Through the set of a province's company ids, read once from its index, rather than a
    // join filter on every row.
    any_in(
        "c.company_id IN (SELECT id FROM companies WHERE province IN ({}))",
        ids(&filter.provinces),
        &mut clauses,
    );
    any_in(
        "c.owner IN ({})",
        filter.owner.iter().cloned().collect(),
        &mut clauses,
    );
    any_in("c.stage IN ({})", ids(&filter.stages), &mut clauses);
    any_in("c.sector IN ({})", ids(&filter.sectors), &mut clauses);
    any_in("c.purpose IN ({})", ids(&filter.purposes), &mut clauses);
    any_in("c.source IN ({})", ids(&filter.sources), &mut clauses);
    any_in(
        "c.disclosure IN ({})",
        ids(&filter.disclosures),
        &mut clauses,
    );
    // One range of the (capital_type, case_id) index, not a lookup per case.
    any_in(
        "c.id IN (SELECT case_id FROM case_capital_types WHERE capital_type IN ({}))",
        ids(&filter.capital_types),
        &mut clauses,
    );
    if filter.open_only {
        any_in(
            "c.status IN ({})",
            CaseStatus::ALL
                .iter()
                .filter(|s| s.is_open())
                .map(|s| s.id().to_string())
                .collect(),
            &mut clauses,
        );
    }
    let as_of = filter.as_of.or(today);
    let mut compare = |sql: &str, value: Value, clauses: &mut Vec<String>| {
        args.push(value);
        clauses.push(sql.replace('?', &format!("?{}", args.len())));
    };
    if let Some(min) = filter.amount_min_cents {
        compare("c.amount_cents >= ?", Value::Integer(min), &mut clauses);
    }
    if let Some(max) = filter.amount_max_cents {
        compare("c.amount_cents <= ?", Value::Integer(max), &mut clauses);
    }
    if let Some(from) = filter.intake_from {
        compare(
            "c.intake_date >= ?",
            Value::Text(from.to_string()),
            &mut clauses,
        );
    }
    if let Some(to) = filter.intake_to {
        compare(
            "c.intake_date <= ?",
            Value::Text(to.to_string()),
            &mut clauses,
        );
    }
    if let (Some(days), Some(as_of)) = (filter.consent_expiring_within_days, as_of) {
        compare(
            "c.consent_until >= ?",
            Value::Text(as_of.to_string()),
            &mut clauses,
        );
        let end = as_of + chrono::Days::new(u64::from(days));
        compare(
            "c.consent_until <= ?",
            Value::Text(end.to_string()),
            &mut clauses,
        );
    }
    if let (Some(days), Some(as_of)) = (filter.next_action_due_within_days, as_of) {
        let end = as_of + chrono::Days::new(u64::from(days));
        compare(
            "c.next_action_due <= ?",
            Value::Text(end.to_string()),
            &mut clauses,
        );
    }
    (clauses, args)
}

/// The ORDER BY of the case list: the sort field, then the case number, in one direction.
fn list_order(filter: &CaseFilter) -> String {
    let sort = filter.sort.unwrap_or(CaseSort {
        field: CaseSortField::IntakeDate,
        descending: true,
    });
    let direction = if sort.descending { "DESC" } else { "ASC" };
    let order = sort
        .field
        .sql()
        .split(", ")
        .map(|part| format!("{part} {direction}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{order}, c.case_number {direction}")
}

/// The list's columns, for the cases the conditions select, in the list's order.
fn list_select(conditions: &str, order: &str, limit: &str) -> String {
    format!(
        "SELECT c.id, c.case_number, co.name, co.kvk, co.province, c.amount_cents, c.purpose, c.stage, c.sector, c.status,
                c.owner, c.intake_date, c.next_action_due, c.updated_at,
                (SELECT group_concat(capital_type) FROM case_capital_types t WHERE t.case_id = c.id), c.consent_until
         FROM cases c JOIN companies co ON co.id = c.company_id
         WHERE {conditions}
         ORDER BY {order} {limit}"
    )
}

/// The SQL and arguments of the whole case list for a filter.
fn list_sql(filter: &CaseFilter, today: Option<NaiveDate>) -> (String, Vec<Value>) {
    let (clauses, args) = list_where(filter, today);
    let limit = filter
        .limit
        .map(|l| format!("LIMIT {l}"))
        .unwrap_or_default();
    (
        list_select(&clauses.join(" AND "), &list_order(filter), &limit),
        args,
    )
}

/// The SQL and arguments of one page: the page's ids are chosen first, from the cases table
/// alone where the sort allows (the company only for sorting by its name or province), so
/// the company and capital types are read for the page's rows only.
fn page_sql(
    filter: &CaseFilter,
    offset: u32,
    limit: u32,
    today: Option<NaiveDate>,
) -> (String, Vec<Value>) {
    let (clauses, args) = list_where(filter, today);
    let order = list_order(filter);
    let join = if order.contains("co.") {
        "JOIN companies co ON co.id = c.company_id"
    } else {
        ""
    };
    let ids = format!(
        "SELECT c.id FROM cases c {join} WHERE {} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
        clauses.join(" AND ")
    );
    (list_select(&format!("c.id IN ({ids})"), &order, ""), args)
}

/// Write handle on cases.
pub struct CasesMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> CasesMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        CasesMut { w }
    }

    fn next_case_number(&self, intake: NaiveDate) -> Result<String> {
        let year = intake.year();
        // One lookup in the `cases_number_sequence` expression index (migration 3).
        let last: Option<i64> = self
            .w
            .conn()
            .prepare_cached("SELECT max(CAST(substr(case_number, 6) AS INTEGER)) FROM cases WHERE substr(case_number, 1, 4) = ?1")?
            .query_row([year.to_string()], |r| r.get(0))?;
        Ok(format!("{year}-{:04}", last.unwrap_or(0) + 1))
    }

    fn check_consents(&self, ids: &[String]) -> Result<()> {
        for id in ids {
            let exists: bool = self.w.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM financiers WHERE id = ?1 AND deleted_at IS NULL)",
                [id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(Error::invalid(
                    "consent_financier_ids",
                    "unknown_financier",
                    format!(
                        "Toestemming verwijst naar een financier die niet in het register staat ({id})."
                    ),
                    format!("Consent names a financier that is not in the register ({id})."),
                ));
            }
        }
        Ok(())
    }

    /// Stores a new case for an existing company and returns it.
    pub fn insert(&self, company_id: &str, case: &NewCase) -> Result<Case> {
        self.check_consents(&case.consent_financier_ids)?;
        let id = new_id();
        let number = self.next_case_number(case.intake_date)?;
        let now = self.w.now();
        sql::insert(
            self.w.conn(),
            "cases",
            &[
                ("id", &id),
                ("case_number", &number),
                ("company_id", &company_id),
            ],
            &case_field_values(case),
            now,
        )?;
        self.write_links(&id, case)?;
        if case.status.is_outcome() {
            self.w.conn().execute(
                "UPDATE cases SET outcome_on = ?2 WHERE id = ?1",
                params![id, self.w.today()],
            )?;
        }
        let stored = Cases::new(self.w.conn()).get(&id)?;
        self.w.log(
            "case",
            &id,
            "create",
            &diff(&serde_json::Value::Null, &case_fields(&stored)?),
        )?;
        search::reindex_case(self.w.conn(), &id)?;
        Ok(stored)
    }

    fn write_links(&self, id: &str, case: &NewCase) -> Result<()> {
        let conn = self.w.conn();
        conn.prepare_cached("DELETE FROM case_capital_types WHERE case_id = ?1")?
            .execute([id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO case_capital_types (case_id, capital_type) VALUES (?1, ?2)",
        )?;
        for ct in &case.capital_types {
            insert.execute(params![id, ct.id()])?;
        }
        conn.prepare_cached("DELETE FROM case_consents WHERE case_id = ?1")?
            .execute([id])?;
        let mut insert = conn.prepare_cached(
            "INSERT OR IGNORE INTO case_consents (case_id, financier_id) VALUES (?1, ?2)",
        )?;
        for financier in &case.consent_financier_ids {
            insert.execute(params![id, financier])?;
        }
        Ok(())
    }

    /// Replaces a case's own fields (not its company's); logs what changed.
    pub fn update(&self, id: &str, case: &NewCase) -> Result<Case> {
        let before = Cases::new(self.w.conn()).get(id)?;
        self.check_consents(&case.consent_financier_ids)?;
        sql::update(
            self.w.conn(),
            "cases",
            &before.id,
            &case_field_values(case),
            self.w.now(),
        )?;
        self.write_links(&before.id, case)?;
        if case.status != before.status {
            self.track_outcome_date(&before.id, case.status)?;
        }
        let after = Cases::new(self.w.conn()).get(&before.id)?;
        let changes = diff(&case_fields(&before)?, &case_fields(&after)?);
        if changes.as_object().is_some_and(|m| !m.is_empty()) {
            self.w.log("case", &before.id, "update", &changes)?;
        }
        search::reindex_case(self.w.conn(), &before.id)?;
        Ok(after)
    }

    /// Keeps `outcome_on`: set to today (the local day, as the figures count days) when the case reaches an outcome, cleared when it is
    /// reopened; closing keeps the outcome's date.
    fn track_outcome_date(&self, id: &str, status: CaseStatus) -> Result<()> {
        let today = self.w.today();
        if status.is_outcome() {
            self.w.conn().execute(
                "UPDATE cases SET outcome_on = ?2 WHERE id = ?1",
                params![id, today],
            )?;
        } else if status.is_open() {
            self.w
                .conn()
                .execute("UPDATE cases SET outcome_on = NULL WHERE id = ?1", [id])?;
        }
        Ok(())
    }

    /// Sets the day a case reached its outcome (imports and the demo know it better than today).
    pub fn set_outcome_on(&self, id: &str, date: NaiveDate) -> Result<()> {
        self.w.conn().execute(
            "UPDATE cases SET outcome_on = ?2 WHERE id = ?1",
            params![id, date],
        )?;
        self.w.log(
            "case",
            id,
            "update",
            &serde_json::json!({ "outcome_on": [null, date.to_string()] }),
        )
    }

    /// Soft-deletes a case: it leaves lists and search, its rows and history stay.
    pub fn soft_delete(&self, id: &str) -> Result<Case> {
        let case = Cases::new(self.w.conn()).get(id)?;
        self.w.conn().execute(
            "UPDATE cases SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![case.id, self.w.now()],
        )?;
        self.w.log(
            "case",
            &case.id,
            "delete",
            &serde_json::json!({ "deleted_at": [null, self.w.now()] }),
        )?;
        search::reindex_case(self.w.conn(), &case.id)?;
        Ok(case)
    }
}

/// The editable columns of a case and their new values.
fn case_field_values(case: &NewCase) -> [sql::Field<'_>; 18] {
    [
        ("amount_cents", &case.amount_cents),
        ("purpose", &case.purpose),
        ("stage", &case.stage),
        ("sector", &case.sector),
        ("sbi_code", &case.sbi_code),
        ("source", &case.source),
        ("referrer", &case.referrer),
        ("earlier_declines", &case.earlier_declines),
        ("disclosure", &case.disclosure),
        ("consent_from", &case.consent_from),
        ("consent_until", &case.consent_until),
        ("status", &case.status),
        ("owner", &case.owner),
        ("next_action", &case.next_action),
        ("next_action_due", &case.next_action_due),
        ("notes", &case.notes),
        ("pitch", &case.pitch),
        ("intake_date", &case.intake_date),
    ]
}

/// A case's own fields for the change log; the company is logged as its own entity.
fn case_fields(case: &Case) -> Result<serde_json::Value> {
    let mut value = to_json(case)?;
    if let Some(map) = value.as_object_mut() {
        for derived in [
            "company",
            "amount_eur",
            "created_at",
            "updated_at",
            "id",
            "anonymised_at",
        ] {
            map.remove(derived);
        }
        map.insert(
            "company_id".into(),
            serde_json::Value::String(case.company.id.clone()),
        );
    }
    Ok(value)
}
