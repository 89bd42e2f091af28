//! Shared helpers: a fresh encrypted database in a temporary directory.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tafel::domain::{Actor, CaseDraft, WriteSource};
use tafel::store::{DbKey, Store};

/// A raw key for test databases.
pub const KEY_HEX: &str = "8f3b6c1d2e4a59607182930a1b2c3d4e5f60718293a4b5c6d7e8f90112233445";

/// A database file in its own temporary directory (removed on drop).
pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("tafel.db");
        TestDb { dir, path }
    }

    pub fn key() -> DbKey {
        DbKey::parse(KEY_HEX).expect("valid key")
    }

    pub fn open(&self) -> Store {
        Store::open(&self.path, &Self::key()).expect("open store")
    }
}

pub fn actor() -> Actor {
    Actor {
        author: "Marieke Jansen".into(),
        source: WriteSource::Ui,
        at: tafel::clock::moment(),
    }
}

/// The stacks proposed for a case as the window first asks for them: no pins, no exclusions,
/// the register as it stands today.
pub fn default_stacks(
    store: &Store,
    case_id: &str,
) -> tafel::Result<tafel::matching::stack::StackProposal> {
    tafel::service::matching::propose_stacks(
        store,
        case_id,
        &tafel::matching::StackRequest::default(),
        tafel::clock::today(),
    )
}

/// `actor` acting now: a laptop keeps who uses it, and each use case reads the clock once,
/// as the window does for each command.
pub fn acting_now(actor: &Actor) -> Actor {
    Actor {
        at: tafel::clock::moment(),
        ..actor.clone()
    }
}

pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date")
}

/// The example from the issue: a microcredit for a bakery in Utrecht.
pub fn bakery() -> CaseDraft {
    serde_json::from_value(serde_json::json!({
        "company": {"name": "Bakkerij Zonnedauw BV", "kvk": "71234567", "province": "UT"},
        "amount_eur": 40000, "purpose": "start", "stage": "startup", "sector": "other",
        "capital_types": ["microcredit"]
    }))
    .expect("draft")
}

/// Runs the `tafel` command on a test database, with `stdin` as its input.
pub fn tafel(db: &TestDb, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(tafel_bin())
        .args(args)
        .env("TAFEL_DB", &db.path)
        .env("TAFEL_DB_KEY", KEY_HEX)
        .env("TAFEL_KEYCHAIN", "off")
        .env("TAFEL_AUTHOR", "script")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tafel");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("tafel output")
}

/// The `tafel` binary of package `tafel-cli`, which Cargo does not hand to this package's tests
/// (`CARGO_BIN_EXE_*` names only a package's own binaries): `$CARGO_TARGET_DIR/debug/tafel`, or
/// `<workspace>/target/debug/tafel`. When it is missing or older than the sources it is built
/// from (the CLI crate and the core), `cargo build -p tafel-cli` builds it, once per test run.
pub fn tafel_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
        let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace.join("target"));
        let bin = workspace.join(target).join("debug").join(format!("tafel{}", std::env::consts::EXE_SUFFIX));
        let sources = ["crates/tafel-cli", "src", "Cargo.toml", "Cargo.lock"].map(|part| workspace.join(part));
        let newest_source = sources.iter().filter_map(|path| newest_mtime(path)).max();
        let built = std::fs::metadata(&bin).and_then(|m| m.modified()).ok();
        if built.is_none() || built < newest_source {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let status = std::process::Command::new(&cargo)
                .args(["build", "-p", "tafel-cli", "--bin", "tafel"])
                .current_dir(workspace)
                .status()
                .unwrap_or_else(|e| panic!("could not run `cargo build -p tafel-cli` to build {}: {e}", bin.display()));
            assert!(status.success(), "`cargo build -p tafel-cli` failed ({status}); the CLI tests need {}", bin.display());
        }
        assert!(
            bin.is_file(),
            "the CLI binary {} is missing after `cargo build -p tafel-cli`; build it with `cargo build --workspace` (or set CARGO_TARGET_DIR to where it is)",
            bin.display()
        );
        bin
    })
}

/// The newest modification time of a file, or of any file under a directory.
fn newest_mtime(path: &Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| newest_mtime(&entry.path()))
        .max()
}

/// Undoes the newest migration (0015, the home screen's indexes) on a current database.
pub const UNDO_LAST_MIGRATION: &str =
    "DROP INDEX cases_next_action_due; DROP INDEX cases_consent_until; DROP INDEX cases_alive;";

/// Undoes migration 9 (sharing) and those after it (0010 the dossier, 0011 the pitch, 0012 the
/// index of document entries by case, 0013 the exchange between tables, 0014 the register's
/// English texts, 0015 the home screen's indexes) on a current database, back to schema 8:
/// their tables, columns and indexes go; the change log keeps the wider source check, which
/// migration 9's rebuild of it writes again anyway.
pub const UNDO_MIGRATION_9: &str = "DROP INDEX cases_next_action_due; DROP INDEX cases_consent_until; DROP INDEX cases_alive;
    ALTER TABLE instruments DROP COLUMN rules_en; ALTER TABLE instruments DROP COLUMN uncertainty_en;
    DROP TABLE exchange_received; DROP TABLE exchange_sent; DROP TABLE exchange_partners;
    DROP INDEX change_log_document_case; ALTER TABLE cases DROP COLUMN pitch;
    DROP TABLE document_versions; DROP TABLE case_documents; DROP TABLE document_blobs;
    DROP TABLE sync_identity; DROP TABLE sync_roster; DROP TABLE sync_fields;
    DROP TABLE sync_critical_writes; DROP TABLE sync_conflicts; DROP TABLE sync_outbox; DROP TABLE sync_acks;
    DROP TABLE sync_received; DROP TABLE sync_peers; DROP TABLE sync_refusals;
    DROP TABLE sync_capture; DROP TABLE private_notes; DROP TABLE shared_case_seen;";
