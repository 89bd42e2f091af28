//! Shared helpers: a fresh encrypted database in a temporary directory.

use std::path::PathBuf;

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
    Actor { author: "Marieke Jansen".into(), source: WriteSource::Ui }
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_tafel"))
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
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("tafel output")
}
