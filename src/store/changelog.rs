//! Reading the append-only change log: the history of any entity.

use rusqlite::Connection;

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::domain::{ChangeEntry, WriteSource};
use crate::error::Result;
use crate::report::history::Names;

/// The entries of a case's history (`?1` the case, `?2` its company): one indexed look-up per
/// kind of entry, so the page reads its own entries, not the whole log (one `WHERE … OR …`
/// over the kinds made SQLite scan every entry). The dossier's entries are found through the
/// index on the case id they carry (migration 0012), not by reading every document entry's JSON.
const CASE_HISTORY: &str = "WHERE seq IN (
        SELECT seq FROM change_log WHERE entity = 'case' AND entity_id = ?1
    UNION ALL SELECT seq FROM change_log WHERE entity = 'company' AND entity_id = ?2
    UNION ALL SELECT seq FROM change_log WHERE entity = 'plan' AND entity_id IN (SELECT id FROM case_plans WHERE case_id = ?1)
    UNION ALL SELECT seq FROM change_log WHERE entity = 'response' AND entity_id IN (SELECT id FROM case_responses WHERE case_id = ?1)
    UNION ALL SELECT seq FROM change_log WHERE entity = 'referral' AND entity_id IN (SELECT id FROM referrals WHERE case_id = ?1)
    UNION ALL SELECT seq FROM change_log WHERE entity = 'package_tranche' AND entity_id IN (SELECT id FROM package_tranches WHERE case_id = ?1)
    UNION ALL SELECT seq FROM change_log WHERE entity = 'follow_up' AND entity_id IN (SELECT id FROM follow_ups WHERE case_id = ?1)
    UNION ALL SELECT seq FROM change_log WHERE entity = 'action_item' AND entity_id IN (SELECT id FROM action_items WHERE case_id = ?1)
    UNION ALL SELECT seq FROM change_log WHERE entity = 'document' AND json_extract(changes, '$.case_id[1]') = ?1
    UNION ALL SELECT seq FROM change_log WHERE entity = 'meeting'
        AND entity_id IN (SELECT meeting_id FROM meeting_agenda WHERE case_id = ?1)
        AND (json_extract(changes, '$.case_id[0]') IS ?1 OR json_extract(changes, '$.case_id[1]') IS ?1)
    UNION ALL SELECT seq FROM change_log WHERE entity = 'erasure' AND (entity_id = ?2
        OR EXISTS (SELECT 1 FROM json_each(changes, '$.case_ids[1]') WHERE value = ?1)))";

/// A change-log entry as sharing reads it: number, entity, id, time, source.
pub type LoggedChange = (i64, String, String, String, String);

/// Read handle on the change log.
pub struct History<'c> {
    conn: &'c Connection,
}

impl<'c> History<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        History { conn }
    }

    /// Every change of one entity, oldest first.
    pub fn of(&self, entity: &str, entity_id: &str) -> Result<Vec<ChangeEntry>> {
        self.query(
            "WHERE entity = ?1 AND entity_id = ?2",
            &[&entity, &entity_id],
        )
    }

    /// The history of a case: its own changes, its company's, its plan's, its outcomes'
    /// (responses, referrals, package, follow-ups, action items), its dossier's documents
    /// (found by the case id every document entry carries, so they stay after an erasure), its
    /// meeting entries and the erasures that concerned it, oldest first.
    pub fn of_case(&self, case_id: &str, company_id: &str) -> Result<Vec<ChangeEntry>> {
        self.query(CASE_HISTORY, &[&case_id, &company_id])
    }

    /// How SQLite reads the case history (`EXPLAIN QUERY PLAN`, one line per step), for the
    /// tests that keep it on its indexes.
    #[cfg(feature = "test-support")]
    pub fn case_history_plan(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(&format!(
            "EXPLAIN QUERY PLAN SELECT id FROM change_log {CASE_HISTORY} ORDER BY seq"
        ))?;
        let rows = stmt.query_map(["case", "company"], |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The history of a financier: its own changes, those of its instruments and contacts, and
    /// the erasures of its contacts.
    pub fn of_financier(&self, financier_id: &str) -> Result<Vec<ChangeEntry>> {
        self.query(
            "WHERE (entity = 'financier' AND entity_id = ?1)
                OR (entity = 'instrument' AND entity_id IN (SELECT id FROM instruments WHERE financier_id = ?1))
                OR (entity = 'contact' AND entity_id IN (
                    SELECT entity_id FROM change_log
                    WHERE entity = 'contact' AND action = 'create' AND json_extract(changes, '$.financier_id[1]') = ?1))
                OR (entity = 'erasure' AND action = 'contact' AND json_extract(changes, '$.financier_id[1]') = ?1)",
            &[&financier_id],
        )
    }

    /// The names behind the ids `entries` hold (financiers, instruments, meetings, contacts,
    /// and the cases, responses, tranches, follow-ups and action items they name), for
    /// [`crate::report::history`] to read them by name. Removed rows keep their names.
    pub fn names(&self, entries: &[ChangeEntry]) -> Result<Names> {
        let mut names = Names::default();
        let pairs = |sql: &str| -> Result<Vec<(String, String)>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        };
        names.financiers = pairs("SELECT id, name FROM financiers")?
            .into_iter()
            .collect();
        names.instruments = pairs("SELECT id, name FROM instruments")?
            .into_iter()
            .collect();
        names.contacts = pairs("SELECT id, name FROM financier_contacts")?
            .into_iter()
            .collect();
        for (id, (title, starts_at)) in {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, title, starts_at FROM meetings")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    (r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                ))
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        } {
            if let Some(day) = starts_at
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                names.meetings.insert(id, (title, day));
            }
        }
        let mut case_ids = BTreeSet::new();
        let mut collect = |value: &serde_json::Value| {
            let mut stack = vec![value];
            while let Some(v) = stack.pop() {
                match v {
                    serde_json::Value::String(s) => {
                        case_ids.insert(s.clone());
                    }
                    serde_json::Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
        };
        for entry in entries {
            for key in ["case_id", "case_ids", "order"] {
                if let Some(v) = entry.changes.get(key) {
                    collect(v);
                }
            }
        }
        let one = |sql: &str, id: &str| -> Result<Option<(String, String)>> {
            use rusqlite::OptionalExtension;
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?)
        };
        for id in &case_ids {
            if let Some((id, number)) = one("SELECT id, case_number FROM cases WHERE id = ?1", id)?
            {
                names.cases.insert(id, number);
            }
        }
        for entry in entries {
            let id = entry.entity_id.as_str();
            match entry.entity.as_str() {
                "response" => {
                    if let Some((id, name)) = one(
                        "SELECT r.id, f.name FROM case_responses r JOIN financiers f ON f.id = r.financier_id WHERE r.id = ?1",
                        id,
                    )? {
                        names.responses.insert(id, name);
                    }
                }
                "package_tranche" => {
                    if let Some((id, name)) = one(
                        "SELECT t.id, f.name FROM package_tranches t JOIN financiers f ON f.id = t.financier_id WHERE t.id = ?1",
                        id,
                    )? {
                        names.tranches.insert(id, name);
                    }
                }
                "follow_up" => {
                    if let Some((id, months)) = one(
                        "SELECT id, CAST(months AS TEXT) FROM follow_ups WHERE id = ?1",
                        id,
                    )? && let Ok(months) = months.parse()
                    {
                        names.follow_ups.insert(id, months);
                    }
                }
                "action_item" => {
                    if let Some((id, description)) =
                        one("SELECT id, description FROM action_items WHERE id = ?1", id)?
                    {
                        names.actions.insert(id, description);
                    }
                }
                _ => {}
            }
        }
        Ok(names)
    }

    /// The entries after `seq` (number, entity, id, time, source), oldest first: what sharing
    /// turns into ops.
    pub fn since(&self, seq: i64) -> Result<Vec<LoggedChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, entity, entity_id, at, source FROM change_log WHERE seq > ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([seq], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The number of the newest entry (0 for an empty log).
    pub fn last_seq(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
                r.get(0)
            })?)
    }

    /// Number of entries in the log.
    pub fn count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?)
    }

    fn query(&self, clause: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<ChangeEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, entity, entity_id, action, changes, at, author, source FROM change_log {clause} ORDER BY seq"
        ))?;
        let rows = stmt.query_map(args, |row| {
            let changes: String = row.get(4)?;
            let source: String = row.get(7)?;
            Ok(ChangeEntry {
                id: row.get(0)?,
                entity: row.get(1)?,
                entity_id: row.get(2)?,
                action: row.get(3)?,
                changes: serde_json::from_str(&changes).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        4,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                at: row.get(5)?,
                author: row.get(6)?,
                source: match source.as_str() {
                    "ui" => WriteSource::Ui,
                    "import" => WriteSource::Import,
                    "sync" => WriteSource::Sync,
                    _ => WriteSource::Cli,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
