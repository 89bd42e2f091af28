//! The encrypted local database: opening, migrations, read and write handles.
//!
//! Reads go through `store.cases()`, `store.financiers()`, …; every write goes
//! through a [`Writer`] (one transaction per use case) that also appends to the
//! change log, so history and, later, sync see every change.
//!
//! Layer: above `import`, `matching` and `report`. May use those, `domain`, `error` and the
//! utilities `files` and `progress`; never `service`. It reads no clock: every change is
//! stamped with the moment its [`Actor`] carries.

pub(crate) mod backup;
mod cases;
mod changelog;
mod companies;
mod documents;
mod erasure;
mod exchange;
mod figures;
mod financiers;
pub mod key;
mod meetings;
mod memory;
mod outcomes;
mod plans;
pub(crate) mod search;
mod settings;
mod sql;
mod sync;
mod views;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use rusqlite::{Connection, OpenFlags, Transaction};
use rusqlite_migration::{M, Migrations};

/// The plan moved to the matching layer; the CLI and the desktop shell still name it here.
pub use crate::matching::Plan;
pub use backup::{
    BACKUP_TABLES, NOT_BACKED_UP, TableRows, count_encrypted, read_encrypted, schema_tables,
};
pub use cases::{CaseFilter, CasePage, CaseSort, CaseSortField, Cases, CasesMut};
pub use changelog::History;
pub use companies::{Companies, CompaniesMut};
pub use documents::{Documents, DocumentsMut};
pub use erasure::{DueCase, ErasedCounts, ErasureMut, Erasures};
pub use exchange::{Exchange, ExchangeMut, Partner, ReceivedReferral};
pub use figures::Figures;
pub use financiers::{Financiers, FinanciersMut, STALE_AFTER_DAYS, Upserted};
pub use key::{DbKey, KeyOptions, KeySource};
pub use meetings::{Meetings, MeetingsMut};
pub use outcomes::{Outcomes, OutcomesMut, ResolvedTranche};
pub use plans::{Plans, PlansMut};
pub use settings::{Setting, Settings, SettingsMut};
pub use sync::{
    OutboxEntry, Peer, SharedField, StoredConflict, StoredIdentity, StoredRefusal, SyncMut,
    SyncState,
};
pub use views::{SavedView, Views, ViewsMut};

use chrono::NaiveDate;

use crate::domain::Actor;
use crate::error::{Error, Result};

/// The schema migrations, oldest first. Only ever append.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_saved_views.sql"),
    include_str!("migrations/0003_case_number_index.sql"),
    include_str!("migrations/0004_matching.sql"),
    include_str!("migrations/0005_outcomes_meetings.sql"),
    include_str!("migrations/0006_list_modes.sql"),
    include_str!("migrations/0007_case_list_indexes.sql"),
    include_str!("migrations/0008_erasure_settings.sql"),
    include_str!("migrations/0009_sync.sql"),
    include_str!("migrations/0010_dossier.sql"),
    include_str!("migrations/0011_case_pitch.sql"),
    include_str!("migrations/0012_document_history_index.sql"),
    include_str!("migrations/0013_table_exchange.sql"),
    include_str!("migrations/0014_register_english.sql"),
    include_str!("migrations/0015_home_indexes.sql"),
];

/// Newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// An open Tafel database.
pub struct Store {
    conn: Connection,
    device_id: String,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("device_id", &self.device_id)
            .finish()
    }
}

/// The copy of a database kept while it is migrated from schema `version`.
fn copy_before_migration(db: &Path, version: i64) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(format!(".before-schema-{version}"));
    PathBuf::from(name)
}

/// Before an older database is migrated in place, a copy of its file (encrypted with the same
/// key, owner-only) is kept beside it: if a migration goes wrong in a way its transaction does
/// not catch, the data of before is still there. The log is checkpointed first so the file
/// holds everything.
fn keep_copy_before_migration(conn: &Connection, db: &Path, version: i64) -> Result<()> {
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let bytes = std::fs::read(db).map_err(|e| Error::io(db, e))?;
    crate::files::write_atomic(&copy_before_migration(db, version), &bytes)
}

/// Once a database opens at the current schema again, the copies kept for its migrations
/// have done their job.
fn remove_copies_before_migration(db: &Path) -> Result<()> {
    let (Some(dir), Some(name)) = (
        db.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .or(Some(Path::new("."))),
        db.file_name(),
    ) else {
        return Ok(());
    };
    let prefix = format!("{}.before-schema-", name.to_string_lossy());
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return Err(Error::io(dir, e)),
    };
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

/// The sharing tables are read by their primary keys alone, so their sample statistics
/// (`sqlite_stat4`) choose nothing; but with samples present SQLite prepares a cached statement
/// on them again whenever a bound value changes (a value might change the plan), which made
/// parsing SQL a quarter of reading a bundle. Their row counts (`sqlite_stat1`) stay, so
/// `PRAGMA optimize` still sees them analysed; the statistics are loaded again without them.
fn drop_sync_samples(conn: &Connection) -> Result<()> {
    let has_samples: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat4')", [], |r| r.get(0))?;
    if has_samples {
        let dropped = conn.execute(
            "DELETE FROM sqlite_stat4 WHERE tbl IN ('sync_fields', 'sync_critical_writes', 'sync_conflicts', 'sync_outbox', 'sync_acks',
                'sync_received', 'sync_channel_recipients', 'sync_peers', 'private_notes', 'shared_case_seen')",
            [],
        )?;
        if dropped > 0 {
            conn.execute_batch("ANALYZE sqlite_schema")?;
        }
    }
    Ok(())
}

/// The page cache of each connection opened from now on, in MiB (64 unless set).
static PAGE_CACHE_MIB: AtomicU32 = AtomicU32::new(DEFAULT_PAGE_CACHE_MIB);

/// The page cache a connection gets unless the process sets another, the window's too:
/// measured against smaller ones (README, the app benchmark), on 100,000 cases a smaller cache
/// saves what the searches fill (about 20 MB with 16 MiB) but makes the case list's filters
/// that are not one index range (capital type, province, intake range) 3–10× slower (case_log
/// with `TAFEL_PAGE_CACHE_MIB=16` or `32`); a table of a few thousand cases never fills even
/// 16 MiB, so there the size changes nothing.
pub const DEFAULT_PAGE_CACHE_MIB: u32 = 64;

/// Sets the page cache (MiB, at least 1) of every database this process opens from now on
/// (`TAFEL_PAGE_CACHE_MIB` through [`crate::startup::page_cache_from_env`]).
pub fn set_page_cache_mib(mib: u32) {
    PAGE_CACHE_MIB.store(mib.max(1), Ordering::Relaxed);
}

/// The page cache (MiB) of the connections this process opens.
pub fn page_cache_mib() -> u32 {
    PAGE_CACHE_MIB.load(Ordering::Relaxed)
}

impl Store {
    /// Opens (or creates) the encrypted database at `path` with `key`.
    ///
    /// A wrong key or a database from a newer Tafel is refused before anything is written.
    pub fn open(path: &Path, key: &DbKey) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        // Backups and exports written beside the database by a Tafel that was killed mid-write
        // leave an owner-only temporary file; the next start removes it.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::remove_stale_temporaries(dir)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.pragma_update(None, "key", key.pragma_value())?;
        Self::prepare(conn, Some(path.to_path_buf()))
    }

    /// An unencrypted in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        // The first read proves the key; with a wrong key SQLCipher reports "not a database".
        let version: i64 = match conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
            .and_then(|_| conn.pragma_query_value(None, "user_version", |row| row.get(0)))
        {
            Ok(version) => version,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                // SQLCipher says "not a database" when page 1 does not decrypt. A file that is
                // not a whole number of pages was cut short (a full disk, a partial copy): that
                // is damage, not a wrong key.
                let size = path
                    .as_deref()
                    .and_then(|p| std::fs::metadata(p).ok())
                    .map(|m| m.len());
                return Err(match size {
                    Some(size) if size % 512 != 0 => Error::Corrupted {
                        detail: format!("{size} bytes is not a whole number of pages"),
                    },
                    _ => Error::WrongKey,
                });
            }
            Err(other) => return Err(other.into()),
        };
        if version > SCHEMA_VERSION {
            return Err(Error::NewerSchema {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // SQLCipher decrypts every page it reads: a large page cache keeps a table's working
        // set decrypted (the default 2 MiB made filtered lists on 100,000 cases 5× slower).
        // 64 MiB unless the process chose otherwise (see `set_page_cache_mib`).
        conn.pragma_update(None, "cache_size", -(page_cache_mib() as i64) * 1024)?;
        // A use case runs a few dozen distinct statements (a case write touches the case, its
        // company, its tags, the search index and the log); keep them all parsed.
        conn.set_prepared_statement_cache_capacity(64);
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        if let Some(db) = &path {
            if version > 0 && version < SCHEMA_VERSION {
                keep_copy_before_migration(&conn, db, version)?;
            } else if version == SCHEMA_VERSION {
                remove_copies_before_migration(db)?;
            }
        }
        let migrations = migrations();
        // One transaction per migration, so a failing one leaves the earlier ones applied and valid.
        for target in (version + 1)..=SCHEMA_VERSION {
            migrations.to_version(&mut conn, target as usize)?;
        }
        // Statistics for the query planner where the tables changed enough since the last
        // ones (what SQLite advises on opening a long-lived connection): with them a filtered
        // case list reads its filter's index instead of walking every case in date order.
        conn.execute_batch("PRAGMA optimize = 0x10002")?;
        drop_sync_samples(&conn)?;
        // The permit to rewrite log values lives only inside an erasure's transaction; should
        // one ever have been committed, it goes before anything else can write.
        let stale_permit: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM erasure_permit)", [], |r| {
                r.get(0)
            })?;
        if stale_permit {
            conn.execute("DELETE FROM erasure_permit", [])?;
        }
        let device_id = Self::ensure_device_id(&conn)?;
        Ok(Store {
            conn,
            device_id,
            path,
        })
    }

    fn ensure_device_id(conn: &Connection) -> Result<String> {
        let existing: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
                r.get(0)
            })
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })?;
        if let Some(id) = existing {
            return Ok(id);
        }
        let id = new_id();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('device_id', ?1)",
            [&id],
        )?;
        Ok(id)
    }

    /// Checks that the migrations are internally valid (used by tests).
    pub fn validate_migrations() -> Result<()> {
        migrations().validate()?;
        Ok(())
    }

    /// Schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Where the database lives; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// This device's id in the change log.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The raw connection, for the store's repositories and the services' read queries
    /// inside the crate. Outside the crate, code reads through the repositories.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The raw connection, for tafel's own integration tests and benches only: the ones that must
    /// look at or break the database beneath the store's rules (triggers, pragmas, crash
    /// recovery). It exists only with the `test-support` feature, which the CLI and the desktop
    /// shell never enable (`tests/integration/layers.rs` checks).
    #[cfg(feature = "test-support")]
    #[doc(hidden)]
    pub fn conn_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// Read handle on cases. Filters relative to a day ("consent ends within 30 days") are
    /// judged against the filter's `as_of`, which the service sets.
    pub fn cases(&self) -> Cases<'_> {
        Cases::new(&self.conn)
    }

    /// Read handle on companies.
    pub fn companies(&self) -> Companies<'_> {
        Companies::new(&self.conn)
    }

    /// Read handle on the register.
    pub fn financiers(&self) -> Financiers<'_> {
        Financiers::new(&self.conn)
    }

    /// Read handle on saved views.
    pub fn views(&self) -> Views<'_> {
        Views::new(&self.conn)
    }

    /// Read handle on financing plans.
    pub fn plans(&self) -> Plans<'_> {
        Plans::new(&self.conn)
    }

    /// Read handle on the change log.
    pub fn history(&self) -> History<'_> {
        History::new(&self.conn)
    }

    /// Read handle on responses, referrals, packages and follow-ups.
    pub fn outcomes(&self) -> Outcomes<'_> {
        Outcomes::new(&self.conn)
    }

    /// Read handle on meetings and action items.
    pub fn meetings(&self) -> Meetings<'_> {
        Meetings::new(&self.conn)
    }

    /// Read handle on what the table's figures of a period are computed from.
    pub fn figures(&self) -> Figures<'_> {
        Figures::new(&self.conn)
    }

    /// Read handle on the settings.
    pub fn settings(&self) -> Settings<'_> {
        Settings::new(&self.conn)
    }

    /// Read handle on what erasure and the retention rule need.
    pub fn erasures(&self) -> Erasures<'_> {
        Erasures::new(&self.conn)
    }

    /// Read handle on what sharing keeps.
    pub fn sync(&self) -> SyncState<'_> {
        SyncState::new(&self.conn)
    }

    /// Read handle on the exchange with other tables.
    pub fn exchange(&self) -> Exchange<'_> {
        Exchange::new(&self.conn)
    }

    /// Read handle on the case dossiers.
    pub fn documents(&self) -> Documents<'_> {
        Documents::new(&self.conn)
    }

    /// The database was opened read-only (a write-protected file): nothing may be written,
    /// not even the retention rule's bookkeeping.
    pub fn is_read_only(&self) -> Result<bool> {
        Ok(self.conn.is_readonly(rusqlite::MAIN_DB)?)
    }

    /// Runs an erasure as one write: `work` erases through [`Writer::erasure_mut`] and
    /// records the erasure in the log. For its transaction SQLite's `secure_delete` is on, so
    /// the space its changes free is overwritten with zeros; the search indexes are merged so
    /// they keep no erased word. Then the file is rebuilt (`VACUUM`), which also drops copies of
    /// the erased values that ordinary edits freed earlier and left in unused space; the
    /// write-ahead log is checkpointed and truncated, so no copy of an old page stays there; and
    /// the copies kept before a migration are removed (they still hold the erased data).
    pub fn erase<T>(
        &mut self,
        actor: &Actor,
        work: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<(T, Cleanup)> {
        self.conn.pragma_update(None, "secure_delete", true)?;
        let outcome = self.erase_in_transaction(actor, work);
        let reset = self.conn.pragma_update(None, "secure_delete", false);
        let value = outcome?;
        reset?;
        let vacuumed = self.vacuum()?;
        let wal_checkpointed = self.checkpoint()?;
        if let Some(db) = &self.path {
            remove_copies_before_migration(db)?;
        }
        Ok((
            value,
            Cleanup {
                vacuumed,
                wal_checkpointed,
            },
        ))
    }

    /// Rebuilds the database file without unused space; `false` when another connection's
    /// write kept it from running (the erasure itself is committed either way).
    fn vacuum(&self) -> Result<bool> {
        match self.conn.execute_batch("VACUUM") {
            Ok(()) => Ok(true),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                Ok(false)
            }
            Err(other) => Err(other.into()),
        }
    }

    fn erase_in_transaction<T>(
        &mut self,
        actor: &Actor,
        work: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let w = self.write(actor)?;
        w.conn()
            .execute("INSERT INTO erasure_permit (id) VALUES (1)", [])?;
        let value = work(&w)?;
        w.erasure_mut().finish()?;
        w.conn().execute("DELETE FROM erasure_permit", [])?;
        w.commit()?;
        Ok(value)
    }

    /// Copies the write-ahead log into the database file and truncates it; `false` when a
    /// reader kept part of it (nothing to do in memory).
    fn checkpoint(&self) -> Result<bool> {
        if self.path.is_none() {
            return Ok(true);
        }
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }

    /// Starts a use case's write: one transaction, committed by [`Writer::commit`].
    pub fn write(&mut self, actor: &Actor) -> Result<Writer<'_>> {
        let device = self.device_id.clone();
        self.write_from(actor, &device)
    }

    /// Starts a write whose changes came from another device of the table: its log entries
    /// name that device (and the actor its person), so history shows where an answer came from.
    fn write_from(&mut self, actor: &Actor, device_id: &str) -> Result<Writer<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Writer {
            tx,
            actor: actor.clone(),
            device_id: device_id.to_string(),
            now: actor.at.now_rfc3339(),
            today: actor.at.today(),
        })
    }

    /// Runs one use case's write: `work` gets the [`Writer`] of one transaction, which commits
    /// when `work` returns `Ok` and rolls back, leaving nothing half-written, when it fails.
    pub fn transact<T>(
        &mut self,
        actor: &Actor,
        work: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let w = self.write(actor)?;
        let value = work(&w)?;
        w.commit()?;
        Ok(value)
    }

    /// Like [`Store::transact`], for a bundle of another device: each log entry of `work` names
    /// `device_id` as the device the change came from.
    pub fn transact_from<T>(
        &mut self,
        actor: &Actor,
        device_id: &str,
        work: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let w = self.write_from(actor, device_id)?;
        let value = work(&w)?;
        w.commit()?;
        Ok(value)
    }
}

impl Store {
    /// Records that a file was exported (a case list, the register, a report, a backup, an
    /// invite): one change-log entry, appended on its own (a single statement is its own
    /// transaction), once the file is in place. `details` says what and where
    /// (`{"document": …, "file": …}`).
    pub fn record_export(
        &self,
        actor: &Actor,
        entity: &str,
        entity_id: &str,
        action: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        let changes = serde_json::json!({ "export": [null, details] });
        append_log(
            &self.conn,
            &self.device_id,
            actor,
            &actor.at.now_rfc3339(),
            entity,
            entity_id,
            action,
            &changes,
        )
    }
}

/// Appends one entry to the change log on `conn` (in whatever transaction it is in).
#[allow(clippy::too_many_arguments)]
fn append_log(
    conn: &Connection,
    device_id: &str,
    actor: &Actor,
    at: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    changes: &serde_json::Value,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO change_log (id, device_id, entity, entity_id, action, changes, at, author, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(rusqlite::params![new_id(), device_id, entity, entity_id, action, changes.to_string(), at, actor.author, actor.source.id()])?;
    Ok(())
}

/// What happened to the file after an erasure committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cleanup {
    /// The file was rebuilt without unused space (`VACUUM`).
    pub vacuumed: bool,
    /// The write-ahead log was copied into the file and truncated completely (another window
    /// or command reading at that moment can hold part of it back until the next checkpoint).
    pub wal_checkpointed: bool,
}

/// A write in progress: one transaction; dropped without commit, it rolls back.
pub struct Writer<'s> {
    tx: Transaction<'s>,
    actor: Actor,
    /// The device the change log names: this one, or the one a bundle came from.
    device_id: String,
    now: String,
    today: NaiveDate,
}

impl Writer<'_> {
    /// Makes every change of this use case permanent.
    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }

    /// The connection inside the transaction.
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The timestamp every change of this use case carries.
    pub fn now(&self) -> &str {
        &self.now
    }

    /// The local day of this use case (of the same moment as [`Writer::now`]).
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Who is writing.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The device the change log names for this write.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The change log as it stands inside this transaction.
    pub fn history(&self) -> History<'_> {
        History::new(&self.tx)
    }

    /// What sharing keeps, as it stands inside this transaction.
    pub fn sync(&self) -> SyncState<'_> {
        SyncState::new(&self.tx)
    }

    /// What sharing keeps, writable in this transaction.
    pub fn sync_mut(&self) -> SyncMut<'_> {
        SyncMut::new(self)
    }

    /// The exchange with other tables, as it stands inside this transaction.
    pub fn exchange(&self) -> Exchange<'_> {
        Exchange::new(&self.tx)
    }

    /// The exchange with other tables, writable in this transaction.
    pub fn exchange_mut(&self) -> ExchangeMut<'_> {
        ExchangeMut::new(self)
    }

    /// Cases as they stand inside this transaction.
    pub fn cases(&self) -> Cases<'_> {
        Cases::on(&self.tx, self.today)
    }

    /// Companies as they stand inside this transaction.
    pub fn companies(&self) -> Companies<'_> {
        Companies::new(&self.tx)
    }

    /// The register as it stands inside this transaction.
    pub fn financiers(&self) -> Financiers<'_> {
        Financiers::new(&self.tx)
    }

    /// Cases, writable in this transaction.
    pub fn cases_mut(&self) -> CasesMut<'_> {
        CasesMut::new(self)
    }

    /// The case dossiers as they stand inside this transaction.
    pub fn documents(&self) -> Documents<'_> {
        Documents::new(&self.tx)
    }

    /// The case dossiers, writable in this transaction.
    pub fn documents_mut(&self) -> DocumentsMut<'_> {
        DocumentsMut::new(self)
    }

    /// Companies, readable and writable in this transaction.
    pub fn companies_mut(&self) -> CompaniesMut<'_> {
        CompaniesMut::new(self)
    }

    /// The register, readable and writable in this transaction.
    pub fn financiers_mut(&self) -> FinanciersMut<'_> {
        FinanciersMut::new(self)
    }

    /// Saved views, writable in this transaction.
    pub fn views_mut(&self) -> ViewsMut<'_> {
        ViewsMut::new(self)
    }

    /// Financing plans, writable in this transaction.
    pub fn plans_mut(&self) -> PlansMut<'_> {
        PlansMut::new(self)
    }

    /// Read handle on outcomes inside this transaction.
    pub fn outcomes(&self) -> Outcomes<'_> {
        Outcomes::new(&self.tx)
    }

    /// Write handle on outcomes.
    pub fn outcomes_mut(&self) -> OutcomesMut<'_> {
        OutcomesMut::new(self)
    }

    /// Read handle on meetings inside this transaction.
    pub fn meetings(&self) -> Meetings<'_> {
        Meetings::new(&self.tx)
    }

    /// Write handle on meetings.
    pub fn meetings_mut(&self) -> MeetingsMut<'_> {
        MeetingsMut::new(self)
    }

    /// Settings as they stand inside this transaction.
    pub fn settings(&self) -> Settings<'_> {
        Settings::new(&self.tx)
    }

    /// Settings, writable in this transaction.
    pub fn settings_mut(&self) -> SettingsMut<'_> {
        SettingsMut::new(self)
    }

    /// What erasure and retention read, inside this transaction.
    pub fn erasures(&self) -> Erasures<'_> {
        Erasures::new(&self.tx)
    }

    /// Erasure of rows and log values; only inside [`Store::erase`] (anywhere else the change
    /// log refuses the rewrite and the write fails).
    pub fn erasure_mut(&self) -> ErasureMut<'_> {
        ErasureMut::new(self)
    }

    /// Appends one change to the log, in this transaction.
    pub fn log(
        &self,
        entity: &str,
        entity_id: &str,
        action: &str,
        changes: &serde_json::Value,
    ) -> Result<()> {
        append_log(
            &self.tx,
            &self.device_id,
            &self.actor,
            &self.now,
            entity,
            entity_id,
            action,
            changes,
        )
    }
}

/// A new UUIDv7 as text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Field-by-field difference of two JSON objects, nested objects flattened with dots:
/// `{"field": [old, new]}`. Fields equal in both are left out.
pub fn diff(old: &serde_json::Value, new: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    diff_into(&mut out, "", old, new);
    serde_json::Value::Object(out)
}

fn diff_into(
    out: &mut serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    old: &serde_json::Value,
    new: &serde_json::Value,
) {
    use serde_json::Value;
    let empty = serde_json::Map::new();
    let old_map = old.as_object().unwrap_or(&empty);
    let new_map = new.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = old_map.keys().chain(new_map.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let o = old_map.get(key).unwrap_or(&Value::Null);
        let n = new_map.get(key).unwrap_or(&Value::Null);
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        if o.is_object() || n.is_object() {
            diff_into(out, &path, o, n);
        } else if o != n {
            out.insert(path, Value::Array(vec![o.clone(), n.clone()]));
        }
    }
}

#[cfg(test)]
mod page_cache_tests {
    use super::*;

    #[test]
    fn a_connection_gets_the_process_page_cache() {
        // Other tests never set it: the default holds.
        assert_eq!(page_cache_mib(), DEFAULT_PAGE_CACHE_MIB);
        let store = Store::open_in_memory().unwrap();
        let kib: i64 = store
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))
            .unwrap();
        assert_eq!(kib, -(DEFAULT_PAGE_CACHE_MIB as i64) * 1024);
    }
}
