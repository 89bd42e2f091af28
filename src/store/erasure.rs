//! Erasure in the database: the policies of [`crate::domain::erasure`] applied to the rows of
//! a company, its cases or a contact person, and to the old and new values of every change-log
//! entry about them; and the cases the retention rule finds due.
//!
//! The change log is append-only (migration 1's triggers); migration 8 lets an erasure replace
//! an entry's `changes` — and nothing else of it — while the erasure's transaction holds the
//! row of `erasure_permit`. [`Store::erase`](super::Store::erase) inserts that row, runs the
//! erasure and deletes it again before committing, so the permit is never visible outside it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, ToSql, params, params_from_iter};
use serde::Serialize;
use ts_rs::TS;

use super::{Writer, search};
use crate::domain::erasure::{
    ATTENDEE_LOG, ATTENDEE_ROW, CASE_ROWS, COMPANY_CONTACT_LOG, COMPANY_CONTACT_ROW, COMPANY_LOG,
    COMPANY_ROW, CONTACT_LOG, CONTACT_ROW, ColumnAction, ERASED, LogPolicy, RowPolicy,
    case_log_policy, redact_changes,
};
use crate::domain::{CaseStatus, Company};
use crate::error::{Error, Result};

/// How many rows and log entries an erasure changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErasedCounts {
    /// Rows whose values were erased (in every table).
    pub rows: u32,
    /// Change-log entries whose old or new values were erased.
    pub log_entries: u32,
}

impl ErasedCounts {
    fn add(&mut self, other: ErasedCounts) {
        self.rows += other.rows;
        self.log_entries += other.log_entries;
    }
}

/// The temporary table holding the ids of the cases an erasure works on, so each statement
/// selects them with one `IN (SELECT …)` rather than once per case.
const SCOPE: &str = "temp.erasure_cases";

/// Where the rows of each table of [`CASE_ROWS`] are, for the cases in [`SCOPE`].
fn case_rows_selection(table: &str) -> Option<String> {
    let scope = format!("SELECT id FROM {SCOPE}");
    Some(match table {
        "cases" => format!("id IN ({scope})"),
        "response_steps" => {
            format!("response_id IN (SELECT id FROM case_responses WHERE case_id IN ({scope}))")
        }
        "case_responses" | "referrals" | "package_tranches" | "follow_ups" | "meeting_agenda"
        | "action_items" => format!("case_id IN ({scope})"),
        _ => return None,
    })
}

/// The log entries about the cases in [`SCOPE`]: their own, those of the rows that hang from
/// them (by id, also for rows deleted since), and every entry naming one of them as `case_id`
/// (a meeting's agenda and minutes).
fn case_log_selection() -> String {
    let scope = format!("SELECT id FROM {SCOPE}");
    let by_case_id = format!(
        "json_extract(changes, '$.case_id[0]') IN ({scope}) OR json_extract(changes, '$.case_id[1]') IN ({scope})"
    );
    format!(
        "(entity = 'case' AND entity_id IN ({scope}))
         OR (entity = 'plan' AND entity_id IN (SELECT id FROM case_plans WHERE case_id IN ({scope})))
         OR (entity = 'response' AND entity_id IN (SELECT id FROM case_responses WHERE case_id IN ({scope})))
         OR (entity = 'referral' AND entity_id IN (SELECT id FROM referrals WHERE case_id IN ({scope})))
         OR (entity = 'package_tranche' AND entity_id IN (SELECT id FROM package_tranches WHERE case_id IN ({scope})))
         OR (entity = 'follow_up' AND entity_id IN (SELECT id FROM follow_ups WHERE case_id IN ({scope})))
         OR (entity = 'action_item' AND entity_id IN (SELECT id FROM action_items WHERE case_id IN ({scope})))
         OR (entity IN ('meeting', 'plan', 'response', 'referral', 'package_tranche', 'follow_up', 'action_item', 'document') AND ({by_case_id}))"
    )
}

/// Applies a row policy to the rows `selection` picks; returns how many rows it changed.
fn scrub_rows(
    conn: &Connection,
    policy: &RowPolicy,
    selection: &str,
    args: &[&dyn ToSql],
) -> Result<u32> {
    let mut stmt =
        conn.prepare_cached("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let columns = stmt
        .query_map([policy.table], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut sets: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    let mut reduced = Vec::new();
    for (column, declared) in &columns {
        match policy.action(column, declared) {
            ColumnAction::Keep => {}
            ColumnAction::Clear => sets.push(format!("\"{column}\" = NULL")),
            ColumnAction::Mark => {
                values.push(ERASED.to_string());
                sets.push(format!(
                    "\"{column}\" = CASE WHEN \"{column}\" IS NULL THEN NULL ELSE ?{} END",
                    args.len() + values.len()
                ));
            }
            ColumnAction::Replace(value) => {
                values.push(value.to_string());
                sets.push(format!("\"{column}\" = ?{}", args.len() + values.len()));
            }
            ColumnAction::Reduce(reduce) => reduced.push((column.clone(), reduce)),
        }
    }
    // A reduced column keeps only its category: one update per distinct value, before the
    // other columns change (the selection may depend on none of them, but stays simple).
    for (column, reduce) in reduced {
        let sql = format!(
            "SELECT DISTINCT \"{column}\" FROM {} WHERE ({selection}) AND \"{column}\" IS NOT NULL",
            policy.table
        );
        let distinct = conn
            .prepare(&sql)?
            .query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for value in distinct {
            let category = reduce(&value);
            if category == Some(value.as_str()) {
                continue;
            }
            let update = format!(
                "UPDATE {} SET \"{column}\" = ?{} WHERE ({selection}) AND \"{column}\" = ?{}",
                policy.table,
                args.len() + 1,
                args.len() + 2
            );
            let mut all: Vec<&dyn ToSql> = args.to_vec();
            all.push(&category);
            all.push(&value);
            conn.execute(&update, all.as_slice())?;
        }
    }
    if sets.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "UPDATE {} SET {} WHERE {selection}",
        policy.table,
        sets.join(", ")
    );
    let mut all: Vec<&dyn ToSql> = args.to_vec();
    all.extend(values.iter().map(|v| v as &dyn ToSql));
    Ok(u32::try_from(conn.execute(&sql, all.as_slice())?).unwrap_or(u32::MAX))
}

/// Applies the log policy `policy_of` gives for each entry's entity to the entries `selection`
/// picks; returns how many entries changed.
fn redact_log(
    conn: &Connection,
    selection: &str,
    args: &[&dyn ToSql],
    policy_of: impl Fn(&str) -> Option<&'static LogPolicy>,
) -> Result<u32> {
    let sql = format!(
        "SELECT seq, entity, changes FROM change_log WHERE entity <> 'erasure' AND ({selection}) ORDER BY seq"
    );
    let entries = conn
        .prepare(&sql)?
        .query_map(params_from_iter(args.iter()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut changed = 0;
    let mut update = conn.prepare_cached("UPDATE change_log SET changes = ?2 WHERE seq = ?1")?;
    for (seq, entity, text) in entries {
        let Some(policy) = policy_of(&entity) else {
            continue;
        };
        let changes: serde_json::Value =
            serde_json::from_str(&text).map_err(|source| Error::Json {
                context: format!("change_log {seq}"),
                source,
            })?;
        let redacted = redact_changes(&changes, policy);
        if redacted != changes {
            update.execute(params![seq, redacted.to_string()])?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// Every text the log holds under `field` in the entries `selection` picks (old and new), so
/// an erasure can find the other places the same name appears.
fn logged_texts(
    conn: &Connection,
    field: &str,
    selection: &str,
    args: &[&dyn ToSql],
) -> Result<BTreeSet<String>> {
    let sql = format!(
        "SELECT json_extract(changes, '$.{field}[0]'), json_extract(changes, '$.{field}[1]') FROM change_log WHERE {selection}"
    );
    let mut texts = BTreeSet::new();
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, Option<String>>(1)?,
        ))
    })?;
    for row in rows {
        let (old, new) = row?;
        texts.extend(old.into_iter().chain(new).filter(|t| t != ERASED));
    }
    Ok(texts)
}

/// Write handle for erasures, valid only inside [`Store::erase`](super::Store::erase) (outside
/// it the log refuses every rewrite).
pub struct ErasureMut<'w> {
    w: &'w Writer<'w>,
}

impl<'w> ErasureMut<'w> {
    pub(crate) fn new(w: &'w Writer<'w>) -> Self {
        ErasureMut { w }
    }

    fn conn(&self) -> &Connection {
        self.w.conn()
    }

    fn company_row(&self, company_id: &str) -> Result<Company> {
        let company = self.w.companies().get(company_id)?;
        if let Some(erased_at) = &company.erased_at {
            return Err(Error::AlreadyErased {
                entity: "company",
                id: company.id.clone(),
                erased_at: erased_at.clone(),
            });
        }
        Ok(company)
    }

    /// Erases a company: the free texts of all its cases (deleted ones too) and what hangs
    /// from them, then the company's identifying data, in the rows and in the log. Returns the
    /// ids of its cases.
    pub fn company(&self, company_id: &str) -> Result<(Vec<String>, ErasedCounts)> {
        self.company_row(company_id)?;
        let case_ids = self
            .conn()
            .prepare_cached("SELECT id FROM cases WHERE company_id = ?1 ORDER BY rowid")?
            .query_map([company_id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut counts = self.cases(&case_ids)?;
        counts.add(self.company_identity(company_id)?);
        Ok((case_ids, counts))
    }

    /// Erases a company's own identifying data (its cases are left to [`Self::cases`]).
    pub fn company_identity(&self, company_id: &str) -> Result<ErasedCounts> {
        self.company_row(company_id)?;
        let rows = scrub_rows(self.conn(), &COMPANY_ROW, "id = ?1", &[&company_id])?;
        self.conn().execute(
            "UPDATE companies SET erased_at = ?2 WHERE id = ?1",
            params![company_id, self.w.now()],
        )?;
        let log_entries = redact_log(
            self.conn(),
            "entity = 'company' AND entity_id = ?1",
            &[&company_id],
            |_| Some(&COMPANY_LOG),
        )?;
        search::reindex_company(self.conn(), company_id)?;
        Ok(ErasedCounts { rows, log_entries })
    }

    /// Erases only the contact person of a company (name, e-mail, phone), in its row and in
    /// its log entries. Nothing to erase is not an error: the counts are zero.
    pub fn company_contact(&self, company_id: &str) -> Result<ErasedCounts> {
        self.company_row(company_id)?;
        let rows = scrub_rows(
            self.conn(),
            &COMPANY_CONTACT_ROW,
            "id = ?1 AND (contact_name IS NOT NULL OR contact_email IS NOT NULL OR contact_phone IS NOT NULL)",
            &[&company_id],
        )?;
        let log_entries = redact_log(
            self.conn(),
            "entity = 'company' AND entity_id = ?1",
            &[&company_id],
            |_| Some(&COMPANY_CONTACT_LOG),
        )?;
        // The named details shared with the table hold the contact person too: they go, and
        // sharing sends them again without it to whoever may still see them.
        let case_ids = self
            .conn()
            .prepare_cached("SELECT id FROM cases WHERE company_id = ?1")?
            .query_map([company_id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let rows = rows + forget_shared(self.conn(), &case_ids)?;
        Ok(ErasedCounts { rows, log_entries })
    }

    /// Anonymises cases: the free texts of each case and of its responses, response steps,
    /// referrals, package, follow-ups, agenda minutes and action items, in the rows and in the
    /// log; what the figures count stays. Their company is left as it is.
    pub fn cases(&self, case_ids: &[String]) -> Result<ErasedCounts> {
        if case_ids.is_empty() {
            return Ok(ErasedCounts::default());
        }
        let conn = self.conn();
        conn.execute_batch(&format!("CREATE TEMP TABLE IF NOT EXISTS erasure_cases (id TEXT PRIMARY KEY); DELETE FROM {SCOPE};"))?;
        let mut insert =
            conn.prepare_cached(&format!("INSERT OR IGNORE INTO {SCOPE} (id) VALUES (?1)"))?;
        for id in case_ids {
            insert.execute([id])?;
        }
        let mut counts = ErasedCounts::default();
        for policy in CASE_ROWS {
            let Some(selection) = case_rows_selection(policy.table) else {
                continue;
            };
            counts.rows += scrub_rows(conn, policy, &selection, &[])?;
        }
        conn.execute(&format!("UPDATE cases SET anonymised_at = ?1 WHERE id IN (SELECT id FROM {SCOPE}) AND anonymised_at IS NULL"), [self.w.now()])?;
        counts.log_entries = redact_log(conn, &case_log_selection(), &[], case_log_policy)?;
        // The dossier's files are the case's papers: they go whole, with every version (what
        // sharing holds of them first, so that no shared field keeps their bytes in use).
        counts.rows += forget_shared_documents(conn, case_ids)?;
        counts.rows += super::documents::erase_documents_of_scope(conn, SCOPE)?;
        for id in case_ids {
            search::reindex_case(conn, id)?;
        }
        counts.rows += forget_shared(conn, case_ids)?;
        counts.rows += forget_received_referrals(conn)?;
        conn.execute(&format!("DELETE FROM {SCOPE}"), [])?;
        Ok(counts)
    }

    /// Erases what a referral received from another table says of its company: its named
    /// details (name, KvK number, address, contact, figures, consent dates) and its reason, in
    /// the exchange inbox. Where it came from, who referred it and when, and its anonymised
    /// one-pager stay. Refused when there is no such referral (`not_found`) or it was erased
    /// before (`referral_already_erased`). A referral accepted as a case is erased with its
    /// company as well ([`ErasureMut::company`]).
    pub fn received_referral(&self, id: i64) -> Result<ErasedCounts> {
        let conn = self.conn();
        let erased: Option<bool> = conn
            .query_row(
                "SELECT json_type(referral, '$.named') IS 'null' AND json_extract(referral, '$.reason') IS ?2
                 FROM exchange_received WHERE id = ?1",
                params![id, ERASED],
                |r| r.get(0),
            )
            .optional()?;
        match erased {
            None => {
                return Err(Error::NotFound {
                    entity: "referral",
                    id: id.to_string(),
                });
            }
            Some(true) => {
                return Err(Error::invalid(
                    "referral",
                    "referral_already_erased",
                    "Deze doorverwijzing is al gewist.",
                    "This referral has already been erased.",
                ));
            }
            Some(false) => {}
        }
        let rows = conn.execute(
            "UPDATE exchange_received
             SET referral = json_set(referral, '$.named', json('null'), '$.reason', ?2)
             WHERE id = ?1",
            params![id, ERASED],
        )?;
        Ok(ErasedCounts {
            rows: rows as u32,
            log_entries: 0,
        })
    }

    /// Erases a financier's contact person: name, role, e-mail and phone in the row (kept, so
    /// meetings still point at it), as a meeting's attendee, and in the log, also for a contact
    /// deleted earlier whose values only the log still holds. Returns the contact's financier.
    pub fn contact(&self, contact_id: &str) -> Result<(Option<String>, ErasedCounts)> {
        let conn = self.conn();
        let row: Option<(String, String, Option<String>)> = conn
            .query_row(
                "SELECT name, financier_id, erased_at FROM financier_contacts WHERE id = ?1",
                [contact_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((_, _, Some(erased_at))) = &row {
            return Err(Error::AlreadyErased {
                entity: "contact",
                id: contact_id.to_string(),
                erased_at: erased_at.clone(),
            });
        }
        let in_log = "entity = 'contact' AND entity_id = ?1";
        let logged_financier = logged_texts(conn, "financier_id", in_log, &[&contact_id])?;
        let financier_id = row
            .as_ref()
            .map(|(_, financier, _)| financier.clone())
            .or_else(|| logged_financier.into_iter().next());
        let logged: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM change_log WHERE {in_log})"),
            [contact_id],
            |r| r.get(0),
        )?;
        if row.is_none() && !logged {
            return Err(Error::NotFound {
                entity: "contact",
                id: contact_id.to_string(),
            });
        }
        // The names it went by, to find it among the attendees the meeting log lists by name.
        let mut names = logged_texts(conn, "name", in_log, &[&contact_id])?;
        names.extend(
            row.iter()
                .map(|(name, _, _)| name.clone())
                .filter(|n| n != ERASED),
        );
        let mut counts = ErasedCounts::default();
        counts.rows += scrub_rows(conn, &CONTACT_ROW, "id = ?1", &[&contact_id])?;
        conn.execute(
            "UPDATE financier_contacts SET erased_at = ?2 WHERE id = ?1",
            params![contact_id, self.w.now()],
        )?;
        counts.rows += scrub_rows(conn, &ATTENDEE_ROW, "contact_id = ?1", &[&contact_id])?;
        counts.log_entries += redact_log(conn, in_log, &[&contact_id], |_| Some(&CONTACT_LOG))?;
        for name in &names {
            counts.log_entries += redact_log(
                conn,
                "entity = 'meeting' AND action IN ('attendee_add', 'attendee_remove')
                   AND (json_extract(changes, '$.attendee[0]') = ?1 OR json_extract(changes, '$.attendee[1]') = ?1)",
                &[name],
                |_| Some(&ATTENDEE_LOG),
            )?;
        }
        Ok((financier_id, counts))
    }

    /// Ends an erasure: the search indexes merged into one segment each, so the index keeps no
    /// erased word from before (FTS5 otherwise keeps deleted entries until a merge), and the
    /// planner's statistics sampled again (`sqlite_stat4` keeps sample KvK numbers of the
    /// company index).
    pub(crate) fn finish(&self) -> Result<()> {
        let conn = self.conn();
        conn.execute("INSERT INTO case_fts (case_fts) VALUES ('optimize')", [])?;
        conn.execute(
            "INSERT INTO company_fts (company_fts) VALUES ('optimize')",
            [],
        )?;
        let analysed: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1')",
            [],
            |r| r.get(0),
        )?;
        if analysed {
            conn.execute_batch("ANALYZE companies")?;
        }
        Ok(())
    }
}

/// What sharing keeps of erased cases: their named details (the shared fields, and the ops of
/// the outbox that carried them) go; their answers' free texts (decline texts, notes to the
/// coordinator) become [`ERASED`]. The next bundle withdraws the named details from every member
/// (their consent no longer lasts once a case is anonymised). Returns the rows changed.
fn forget_shared(conn: &Connection, case_ids: &[String]) -> Result<u32> {
    let ids: BTreeSet<&str> = case_ids.iter().map(String::as_str).collect();
    let mut changed = 0;
    for id in &ids {
        changed += conn
            .prepare_cached(
                "DELETE FROM sync_fields WHERE entity = 'case_named' AND entity_id = ?1",
            )?
            .execute([id])?;
        changed += conn
            .prepare_cached(
                "DELETE FROM sync_critical_writes WHERE entity = 'case_named' AND entity_id = ?1",
            )?
            .execute([id])?;
        changed += conn
            .prepare_cached(
                "UPDATE sync_fields SET value = json_quote(?2)
                 WHERE entity = 'response' AND entity_id LIKE ?1 || '/%' AND field IN ('decline_text', 'note') AND value <> 'null'",
            )?
            .execute(params![id, ERASED])?;
    }
    // The outbox: every entry that carried a named detail or an answer's text of these cases.
    changed += rewrite_outbox(
        conn,
        &["\"case_named\"", "\"note\"", "\"decline_text\""],
        |list| {
            list.retain(|op| {
                !(op["entity"] == "case_named"
                    && op["id"].as_str().is_some_and(|id| ids.contains(id)))
            });
            for op in list.iter_mut() {
                let of_case = op["id"]
                    .as_str()
                    .and_then(|id| id.split_once('/'))
                    .is_some_and(|(case, _)| ids.contains(case));
                if op["entity"] == "response"
                    && of_case
                    && matches!(op["field"].as_str(), Some("note" | "decline_text"))
                {
                    erase_value(op);
                }
            }
        },
    )?;
    Ok(changed as u32)
}

/// What sharing keeps of erased cases' documents (`<document>/<audience>`): their titles
/// (which often name the company) become [`ERASED`] in the outbox entries not yet acknowledged
/// and in the shared fields, and so do their SHA-256s, so the next capture sees a change and
/// withdraws each document (`shared: false`, no title, no content) from whoever received it.
/// Returns the rows changed.
fn forget_shared_documents(conn: &Connection, case_ids: &[String]) -> Result<u32> {
    let mut documents: BTreeSet<String> = BTreeSet::new();
    for id in case_ids {
        let shared: Vec<String> = conn
            .prepare_cached(
                "SELECT entity_id FROM sync_fields WHERE entity = 'document' AND field = 'case_id' AND value = json_quote(?1)",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        documents.extend(shared);
    }
    let mut changed = 0;
    for document in &documents {
        changed += conn
            .prepare_cached(
                "UPDATE sync_fields SET value = json_quote(?2)
                 WHERE entity = 'document' AND entity_id = ?1 AND field IN ('title', 'sha256') AND value <> 'null'",
            )?
            .execute(params![document, ERASED])?;
    }
    if documents.is_empty() {
        return Ok(changed as u32);
    }
    changed += rewrite_outbox(conn, &["\"document\""], |list| {
        for op in list.iter_mut() {
            if op["entity"] == "document"
                && op["field"] == "title"
                && op["id"].as_str().is_some_and(|id| documents.contains(id))
            {
                erase_value(op);
            }
        }
    })?;
    Ok(changed as u32)
}

/// Referrals received from other tables that were logged as the erased cases: their named
/// details go and their reason (free text, it may name the company) becomes [`ERASED`]; the
/// inbox keeps where each came from, when and the anonymised one-pager. Returns the rows changed.
fn forget_received_referrals(conn: &Connection) -> Result<u32> {
    let changed = conn.execute(
        &format!(
            "UPDATE exchange_received
             SET referral = json_set(referral, '$.named', json('null'), '$.reason', ?1)
             WHERE case_id IN (SELECT id FROM {SCOPE})
               AND (json_type(referral, '$.named') IS NOT 'null' OR json_extract(referral, '$.reason') IS NOT ?1)"
        ),
        [ERASED],
    )?;
    Ok(changed as u32)
}

/// An op's value, unless empty, becomes [`ERASED`].
fn erase_value(op: &mut serde_json::Value) {
    if !op["value"].is_null() {
        op["value"] = serde_json::Value::String(ERASED.to_string());
    }
}

/// Rewrites the outbox entries whose ops mention one of `mentions` (a prefilter on the JSON
/// text) with `change`; an entry `change` leaves as it was is not written. Returns the entries
/// rewritten.
fn rewrite_outbox(
    conn: &Connection,
    mentions: &[&str],
    mut change: impl FnMut(&mut Vec<serde_json::Value>),
) -> Result<usize> {
    let mut rewritten = 0;
    let mut select =
        conn.prepare_cached("SELECT channel, seq, ops FROM sync_outbox WHERE instr(ops, ?1) > 0")?;
    // By (channel, number): an entry that mentions several of `mentions` is read once.
    let mut entries: BTreeMap<(String, i64), String> = BTreeMap::new();
    for mention in mentions {
        for row in select.query_map([mention], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
            let (channel, seq, ops) = row?;
            entries.insert((channel, seq), ops);
        }
    }
    for ((channel, seq), ops) in entries {
        let mut list: Vec<serde_json::Value> =
            serde_json::from_str(&ops).map_err(|e| Error::Json {
                context: "outbox".into(),
                source: e,
            })?;
        let before = list.clone();
        change(&mut list);
        if list != before {
            conn.execute(
                "UPDATE sync_outbox SET ops = ?3 WHERE channel = ?1 AND seq = ?2",
                params![channel, seq, serde_json::Value::Array(list).to_string()],
            )?;
            rewritten += 1;
        }
    }
    Ok(rewritten)
}

/// A closed case whose retention period has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DueCase {
    /// Case id.
    pub case_id: String,
    /// Case number.
    pub case_number: String,
    /// Its status.
    pub status: CaseStatus,
    /// The day it closed (see [`crate::domain::erasure::closed_on`]).
    pub closed_on: NaiveDate,
    /// Soft-deleted.
    pub deleted: bool,
    /// Its company.
    pub company_id: String,
}

/// Read handle on what erasure and retention need.
pub struct Erasures<'c> {
    conn: &'c Connection,
}

impl<'c> Erasures<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Erasures { conn }
    }

    /// Cases not yet anonymised that closed — reached an outcome or `closed`, or were deleted —
    /// before `cutoff`, oldest first. Open cases are never due.
    pub fn due(&self, cutoff: NaiveDate) -> Result<Vec<DueCase>> {
        let open: Vec<String> = CaseStatus::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| format!("'{}'", s.id()))
            .collect();
        let sql = format!(
            "SELECT c.id, c.case_number, c.status, c.company_id, substr(c.deleted_at, 1, 10), c.outcome_on, substr(c.created_at, 1, 10),
                    (SELECT substr(max(l.at), 1, 10) FROM change_log l
                     WHERE l.entity = 'case' AND l.entity_id = c.id AND l.action = 'update' AND json_extract(l.changes, '$.status') IS NOT NULL)
             FROM cases c
             WHERE c.anonymised_at IS NULL AND (c.deleted_at IS NOT NULL OR c.status NOT IN ({}))
             ORDER BY c.rowid",
            open.join(", ")
        );
        // Dates as SQLite holds them (`YYYY-MM-DD`); one that does not read is an error, not a
        // case silently kept or erased.
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                super::cases::parse_taxonomy(r, 2, CaseStatus::from_id)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<NaiveDate>>(4)?,
                r.get::<_, Option<NaiveDate>>(5)?,
                r.get::<_, Option<NaiveDate>>(6)?,
                r.get::<_, Option<NaiveDate>>(7)?,
            ))
        })?;
        let mut due = Vec::new();
        for row in rows {
            let (
                case_id,
                case_number,
                status,
                company_id,
                deleted_on,
                outcome_on,
                created_on,
                status_changed_on,
            ) = row?;
            let Some(closed_on) = crate::domain::erasure::closed_on(
                deleted_on,
                status_changed_on,
                outcome_on,
                created_on,
            ) else {
                continue;
            };
            if closed_on < cutoff {
                due.push(DueCase {
                    case_id,
                    case_number,
                    status,
                    closed_on,
                    deleted: deleted_on.is_some(),
                    company_id,
                });
            }
        }
        due.sort_by(|a, b| {
            a.closed_on
                .cmp(&b.closed_on)
                .then_with(|| a.case_number.cmp(&b.case_number))
        });
        Ok(due)
    }

    /// Of the companies of `due`, those left with no case that is not anonymised or due: the
    /// retention rule erases them too. A company erased before is not listed again.
    pub fn companies_left_without_cases(&self, due: &[DueCase]) -> Result<Vec<String>> {
        let due_ids: BTreeSet<&str> = due.iter().map(|d| d.case_id.as_str()).collect();
        let mut companies: BTreeMap<&str, bool> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.anonymised_at IS NOT NULL, co.erased_at IS NOT NULL FROM cases c JOIN companies co ON co.id = c.company_id WHERE c.company_id = ?1",
        )?;
        for company in due.iter().map(|d| d.company_id.as_str()) {
            if companies.contains_key(company) {
                continue;
            }
            let cases = stmt.query_map([company], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, bool>(2)?,
                ))
            })?;
            let mut all_gone = true;
            for case in cases {
                let (id, anonymised, company_erased) = case?;
                if company_erased || !(anonymised || due_ids.contains(id.as_str())) {
                    all_gone = false;
                }
            }
            companies.insert(company, all_gone);
        }
        Ok(companies
            .into_iter()
            .filter(|(_, gone)| *gone)
            .map(|(id, _)| id.to_string())
            .collect())
    }
}
