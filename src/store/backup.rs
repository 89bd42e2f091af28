//! Every row of every table, for a full backup, and writing them back into an empty database.
//!
//! Table-driven: a new table is backed up once it is added to [`BACKUP_TABLES`] (a test
//! checks that no table of the schema is forgotten). The search indexes are not backed up
//! but rebuilt; `meta` (this device's id) stays with the database.

use rusqlite::types::{Value, ValueRef};
use std::path::Path;

use rusqlite::{Connection, params, params_from_iter};
use serde::{Deserialize, Serialize};

use super::{Store, search};
use crate::error::{Error, Result};

/// The tables in a backup, parents before children (the order they are restored in),
/// each with the order its rows are read in.
pub const BACKUP_TABLES: &[(&str, &str)] = &[
    ("companies", "rowid"),
    ("financiers", "rowid"),
    ("financier_contacts", "rowid"),
    ("instruments", "rowid"),
    ("cases", "rowid"),
    ("case_capital_types", "case_id, capital_type"),
    ("case_consents", "case_id, financier_id"),
    ("saved_views", "rowid"),
    ("case_plans", "rowid"),
    ("case_plan_tranches", "plan_id, position"),
    ("meetings", "rowid"),
    ("meeting_attendees", "rowid"),
    ("meeting_agenda", "meeting_id, position"),
    ("action_items", "rowid"),
    ("case_responses", "rowid"),
    ("response_steps", "rowid"),
    ("referrals", "rowid"),
    ("package_tranches", "rowid"),
    ("follow_ups", "rowid"),
    ("document_blobs", "sha256"),
    ("case_documents", "rowid"),
    ("document_versions", "rowid"),
    ("settings", "key"),
    ("change_log", "seq"),
    ("sync_identity", "id"),
    ("sync_roster", "id"),
    ("sync_fields", "entity, entity_id, field"),
    ("sync_critical_writes", "entity, entity_id, field, hlc"),
    (
        "sync_conflicts",
        "entity, entity_id, field, earlier_hlc, later_hlc",
    ),
    ("sync_outbox", "channel, seq"),
    ("sync_acks", "recipient, channel"),
    ("sync_received", "sender, channel, seq"),
    ("sync_peers", "device"),
    ("sync_refusals", "id"),
    ("sync_capture", "id"),
    ("private_notes", "case_id"),
    ("shared_case_seen", "case_id"),
    ("exchange_partners", "table_id"),
    ("exchange_sent", "channel, seq"),
    ("exchange_received", "id"),
];

/// Tables of the schema that are deliberately not in a backup.
/// `erasure_permit` is only ever filled inside an erasure's transaction.
pub const NOT_BACKED_UP: &[&str] = &["meta", "case_fts", "company_fts", "erasure_permit"];

/// All rows of one table: column names and one JSON value per column per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRows {
    /// Table name.
    pub table: String,
    /// Column names, in table order.
    pub columns: Vec<String>,
    /// Rows; integers and text as JSON numbers and strings, NULL as `null`, blobs as `{"hex": …}`.
    pub rows: Vec<Vec<serde_json::Value>>,
}

fn invalid(nl: String, en: String) -> Error {
    Error::BackupInvalid {
        message_nl: nl,
        message_en: en,
    }
}

fn to_json(value: ValueRef<'_>) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        ValueRef::Text(bytes) => String::from_utf8_lossy(bytes).into_owned().into(),
        ValueRef::Blob(bytes) => serde_json::json!({ "hex": hex::encode(bytes) }),
    }
}

fn from_json(value: &serde_json::Value, table: &str, column: &str) -> Result<Value> {
    let bad = || {
        invalid(
            format!("onleesbare waarde in {table}.{column}"),
            format!("unreadable value in {table}.{column}"),
        )
    };
    Ok(match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().ok_or_else(bad)?),
        },
        serde_json::Value::Object(map) => {
            let text = map.get("hex").and_then(|h| h.as_str()).ok_or_else(bad)?;
            Value::Blob(hex::decode(text).map_err(|_| bad())?)
        }
        serde_json::Value::Bool(_) | serde_json::Value::Array(_) => return Err(bad()),
    })
}

/// Column names of a table, in table order.
/// Every row of every table in [`BACKUP_TABLES`] of a connection, from one snapshot: the
/// tables are read in one read transaction, so a write from another window or the CLI in
/// between cannot leave a case without its company.
pub fn rows_of(conn: &Connection) -> Result<Vec<TableRows>> {
    // Dropped at the end without a commit: a read transaction only holds the snapshot.
    let snapshot = conn.unchecked_transaction()?;
    let mut tables = Vec::with_capacity(BACKUP_TABLES.len());
    for (table, order) in BACKUP_TABLES {
        let columns = table_columns(conn, table)?;
        // A backup from an older schema lacks the tables added since; a restore leaves them empty.
        if columns.is_empty() {
            continue;
        }
        let quoted: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        let mut stmt = conn.prepare(&format!(
            "SELECT {} FROM {table} ORDER BY {order}",
            quoted.join(", ")
        ))?;
        let mut rows = Vec::new();
        let mut cursor = stmt.query([])?;
        while let Some(row) = cursor.next()? {
            let mut values = Vec::with_capacity(columns.len());
            for index in 0..columns.len() {
                values.push(to_json(row.get_ref(index)?));
            }
            rows.push(values);
        }
        tables.push(TableRows {
            table: (*table).to_string(),
            columns,
            rows,
        });
    }
    drop(snapshot);
    Ok(tables)
}

/// Opens an encrypted backup written by [`Store::export_encrypted`] read-only with its
/// passphrase, and reads its schema version and rows. A wrong passphrase (or a file that no
/// key opens) is [`Error::BackupPassphrase`]; a file that opens but is not a Tafel backup
/// (empty, no schema version, none of Tafel's tables, damaged) is [`Error::BackupInvalid`].
/// Tables of a newer schema that an older backup lacks are left out.
pub fn read_encrypted(path: &Path, passphrase: &str) -> Result<(i64, Vec<TableRows>)> {
    read_backup_database(path, Some(passphrase))
}

/// [`read_encrypted`], or without a key the same reading of a plain database file: what an
/// encrypted backup holds once decrypted (the fuzz checks read hostile contents this way,
/// without a key derivation per input).
pub(crate) fn read_backup_database(
    path: &Path,
    passphrase: Option<&str>,
) -> Result<(i64, Vec<TableRows>)> {
    let (conn, version) = open_backup_database(path, passphrase)?;
    let tables = match rows_of(&conn) {
        Ok(tables) => tables,
        // The file opened but does not read as a backup: damaged, or tables of another shape.
        Err(Error::Sqlite(e)) => return Err(unreadable_backup(path, &e)),
        Err(Error::Corrupted { detail }) => return Err(unreadable_backup(path, &detail)),
        Err(other) => return Err(other),
    };
    if tables.is_empty() {
        return Err(not_a_backup(
            path,
            "er staat geen tabel van Tafel in",
            "it holds none of Tafel's tables",
        ));
    }
    Ok((version, tables))
}

/// The schema version of an encrypted backup and the rows of each table of [`BACKUP_TABLES`]
/// it holds, counted without building them (after SQLite's `quick_check` of every page): what
/// checking a freshly written backup needs, in little memory however large its dossiers are.
pub fn count_encrypted(path: &Path, passphrase: &str) -> Result<(i64, Vec<(String, usize)>)> {
    let (conn, version) = open_backup_database(path, Some(passphrase))?;
    // Every page decrypts and the b-trees hold together, without building the rows.
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| unreadable_backup(path, &e))?;
    if check != "ok" {
        return Err(unreadable_backup(path, &check));
    }
    let mut counts = Vec::with_capacity(BACKUP_TABLES.len());
    for (table, _) in BACKUP_TABLES {
        if table_columns(&conn, table)?.is_empty() {
            continue;
        }
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(|e| unreadable_backup(path, &e))?;
        counts.push(((*table).to_string(), n as usize));
    }
    if counts.is_empty() {
        return Err(not_a_backup(
            path,
            "er staat geen tabel van Tafel in",
            "it holds none of Tafel's tables",
        ));
    }
    Ok((version, counts))
}

fn not_a_backup(path: &Path, nl: &str, en: &str) -> Error {
    invalid(
        format!("{} is geen back-up van Tafel: {nl}", path.display()),
        format!("{} is not a Tafel backup: {en}", path.display()),
    )
}

/// A damaged backup is a bad backup here, not a damaged database (whose advice is to
/// restore a backup).
fn unreadable_backup(path: &Path, e: &dyn std::fmt::Display) -> Error {
    not_a_backup(
        path,
        &format!("het is niet te lezen ({e})"),
        &format!("it cannot be read ({e})"),
    )
}

/// Opens a backup database read-only (with its passphrase, if any) and reads its schema version.
fn open_backup_database(path: &Path, passphrase: Option<&str>) -> Result<(Connection, i64)> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if let Some(passphrase) = passphrase {
        conn.pragma_update(None, "key", passphrase)?;
    }
    let version: i64 = match conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .and_then(|_| conn.pragma_query_value(None, "user_version", |r| r.get(0)))
    {
        Ok(version) => version,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(Error::BackupPassphrase {
                path: path.to_path_buf(),
            });
        }
        Err(other) => return Err(unreadable_backup(path, &other)),
    };
    // Every Tafel database has a schema version; an empty file or another program's database none.
    if version < 1 {
        return Err(not_a_backup(
            path,
            "het bestand heeft geen schemaversie",
            "the file has no schema version",
        ));
    }
    Ok((conn, version))
}

fn table_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    Ok(stmt
        .query_map([table], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?)
}

/// Every table of the schema (views and SQLite's own tables left out, FTS shadow tables too).
pub fn schema_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name NOT IN (SELECT f.name || s.suffix FROM sqlite_master f,
                (SELECT '_data' AS suffix UNION SELECT '_idx' UNION SELECT '_content' UNION SELECT '_docsize' UNION SELECT '_config') s
                WHERE f.sql LIKE 'CREATE VIRTUAL TABLE%')
         ORDER BY name",
    )?;
    Ok(stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?)
}

impl Store {
    /// Every row of every table in [`BACKUP_TABLES`], in that order, from one snapshot: the
    /// tables are read in one read transaction, so a write from another window or the CLI
    /// in between cannot leave a case without its company in the backup.
    pub fn backup_rows(&self) -> Result<Vec<TableRows>> {
        rows_of(&self.conn)
    }

    /// Writes an encrypted copy of the whole database to `path` with SQLCipher's own export,
    /// keyed by `passphrase` (SQLCipher derives the key with PBKDF2-HMAC-SHA512): the file is a
    /// SQLCipher database that only the passphrase opens. `path` must not exist yet; the
    /// caller writes to a temporary name and renames (see the service).
    ///
    /// Returns the rows per table of [`BACKUP_TABLES`] as exported: they are counted in the same
    /// transaction as the export, so a write from another window in between cannot make them
    /// disagree with the file.
    pub fn export_encrypted(&self, path: &Path, passphrase: &str) -> Result<Vec<(String, usize)>> {
        let target = path.to_string_lossy().into_owned();
        let version = self.schema_version()?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS backup KEY ?2",
            params![target, passphrase],
        )?;
        let exported = (|| -> Result<Vec<(String, usize)>> {
            // ATTACH cannot run inside a transaction; the export and the counts can.
            let tx = self.conn.unchecked_transaction()?;
            tx.query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))?;
            tx.pragma_update(Some("backup"), "user_version", version)?;
            let mut counts = Vec::with_capacity(BACKUP_TABLES.len());
            for (table, _) in BACKUP_TABLES {
                let n: i64 =
                    tx.query_row(&format!("SELECT count(*) FROM main.{table}"), [], |r| {
                        r.get(0)
                    })?;
                counts.push(((*table).to_string(), n as usize));
            }
            tx.commit()?;
            Ok(counts)
        })();
        // Detach whatever happened, so the connection is left as it was found.
        let detached = self.conn.execute("DETACH DATABASE backup", []);
        let counts = exported?;
        detached?;
        Ok(counts)
    }

    /// Takes on `device_id` as this database's device (a restored copy keeps the device of the
    /// database it replaces, so sharing still knows it).
    pub fn adopt_device_id(&mut self, device_id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'device_id'",
            [device_id],
        )?;
        self.device_id = device_id.to_string();
        Ok(())
    }

    /// SQLite's own check of the file (`PRAGMA quick_check`); a problem is [`Error::Corrupted`].
    pub fn check_integrity(&self) -> Result<()> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(Error::Corrupted { detail: verdict })
        }
    }

    /// Copies the write-ahead log into the file before the database is closed and moved.
    pub fn checkpoint_for_close(&self) -> Result<()> {
        if self.path.is_some() {
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// True when no backed-up table holds a row (a restore target).
    pub fn is_empty_for_restore(&self) -> Result<bool> {
        for (table, _) in BACKUP_TABLES {
            let any: bool = self.conn.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {table})"),
                [],
                |r| r.get(0),
            )?;
            if any {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Writes backed-up rows into this empty database in one transaction and rebuilds the
    /// search indexes. The change log is restored as it was: the restore adds no entry of
    /// its own, so a backup of the result equals the backup restored.
    pub fn restore_rows(
        &mut self,
        tables: &[TableRows],
        progress: &dyn crate::progress::Progress,
    ) -> Result<()> {
        if !self.is_empty_for_restore()? {
            return Err(Error::Conflict {
                code: "restore_not_empty",
                message_nl: "Terugzetten kan alleen in een lege database; deze bevat al gegevens. Er is niets gewijzigd.".into(),
                message_en: "A backup can only be restored into an empty database; this one holds data. Nothing was changed.".into(),
            });
        }
        for given in tables {
            if !BACKUP_TABLES.iter().any(|(t, _)| *t == given.table) {
                return Err(invalid(
                    format!("onbekende tabel \"{}\"", given.table),
                    format!("unknown table \"{}\"", given.table),
                ));
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let total: u64 = tables.iter().map(|t| t.rows.len() as u64).sum();
        let mut done = 0u64;
        for (table, _) in BACKUP_TABLES {
            let Some(given) = tables.iter().find(|t| t.table == *table) else {
                continue;
            };
            let known = table_columns(&tx, table)?;
            if let Some(unknown) = given.columns.iter().find(|c| !known.contains(c)) {
                return Err(invalid(
                    format!("tabel {table} heeft geen kolom \"{unknown}\""),
                    format!("table {table} has no column \"{unknown}\""),
                ));
            }
            let quoted: Vec<String> = given.columns.iter().map(|c| format!("\"{c}\"")).collect();
            let marks: Vec<String> = (1..=given.columns.len()).map(|i| format!("?{i}")).collect();
            let mut stmt = tx.prepare(&format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                quoted.join(", "),
                marks.join(", ")
            ))?;
            for row in &given.rows {
                if row.len() != given.columns.len() {
                    return Err(invalid(
                        format!(
                            "een rij van {table} heeft {} waarden voor {} kolommen",
                            row.len(),
                            given.columns.len()
                        ),
                        format!(
                            "a row of {table} has {} values for {} columns",
                            row.len(),
                            given.columns.len()
                        ),
                    ));
                }
                // A cancel drops the transaction: the database stays empty.
                if crate::progress::is_step(done, total) {
                    progress.step(crate::progress::Phase::Saving, done, total)?;
                }
                done += 1;
                let values = row
                    .iter()
                    .zip(&given.columns)
                    .map(|(v, c)| from_json(v, table, c))
                    .collect::<Result<Vec<Value>>>()?;
                stmt.execute(params_from_iter(values))?;
            }
        }
        search::rebuild_search_indexes(&tx)?;
        progress.step(crate::progress::Phase::Saving, total, total)?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_the_schema_is_backed_up_or_deliberately_left_out() {
        let store = Store::open_in_memory().expect("store");
        let mut covered: Vec<&str> = BACKUP_TABLES
            .iter()
            .map(|(t, _)| *t)
            .chain(NOT_BACKED_UP.iter().copied())
            .collect();
        covered.sort();
        let tables = schema_tables(store.conn()).expect("tables");
        assert_eq!(
            tables, covered,
            "add a new table to BACKUP_TABLES (parents first)"
        );
    }

    #[test]
    fn values_survive_the_json_round_trip() {
        for value in [
            Value::Null,
            Value::Integer(-42),
            Value::Real(1.5),
            Value::Text("Fryslân".into()),
            Value::Blob(vec![0, 255]),
        ] {
            let json = to_json(ValueRef::from(&value));
            assert_eq!(from_json(&json, "t", "c").expect("value"), value);
        }
    }
}
