//! The encrypted store: keys, schema versions, atomic use cases, the change log.

use std::fs;

use tafel::Error;
use tafel::domain::CaseDraft;
use tafel::service::cases::add_case;
use tafel::store::{DbKey, KeyOptions, KeySource, SCHEMA_VERSION, Store, key};

use crate::common::*;

#[test]
fn migrations_are_valid() {
    Store::validate_migrations().expect("migrations validate");
    let db = TestDb::new();
    assert_eq!(db.open().schema_version().expect("version"), SCHEMA_VERSION);
}

#[test]
fn database_from_a_newer_tafel_is_refused_untouched() {
    let db = TestDb::new();
    {
        let store = db.open();
        store
            .conn_for_tests()
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("bump version");
    }
    let before = fs::read(&db.path).expect("read db");
    match Store::open(&db.path, &TestDb::key()) {
        Err(Error::NewerSchema { found, supported }) => {
            assert_eq!(found, SCHEMA_VERSION + 1);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(
        fs::read(&db.path).expect("read db"),
        before,
        "a refused database is not written"
    );
}

#[test]
fn wrong_key_is_refused_and_touches_nothing() {
    let db = TestDb::new();
    {
        let mut store = db.open();
        add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    }
    let before = fs::read(&db.path).expect("read db");
    let wrong = DbKey::parse(&"ab".repeat(32)).expect("key");
    let err = Store::open(&db.path, &wrong).expect_err("wrong key must fail");
    assert!(matches!(err, Error::WrongKey), "got {err:?}");
    assert_eq!(err.code(), "wrong_key");
    assert!(
        err.message_nl().contains("sleutel"),
        "Dutch message: {}",
        err.message_nl()
    );
    assert_eq!(fs::read(&db.path).expect("read db"), before);
    // The right key still opens it with the case intact.
    assert_eq!(db.open().cases().count().expect("count"), 1);
}

#[test]
fn database_files_hold_no_plaintext() {
    let db = TestDb::new();
    let store = {
        let mut store = db.open();
        add_case(&mut store, &actor(), &bakery(), today()).expect("add");
        store
    };
    // While open the write-ahead log holds the newest pages; after closing, whatever SQLite
    // leaves behind. Every file there is checked in both phases.
    let check = |phase: &str| {
        let mut checked = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            let path = db.path.with_file_name(format!("tafel.db{suffix}"));
            let bytes = match fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e)
                    if e.kind() == std::io::ErrorKind::NotFound
                        && (phase == "closed" && !suffix.is_empty()) =>
                {
                    continue;
                }
                Err(e) => panic!("{phase}: {} should be there: {e}", path.display()),
            };
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("Zonnedauw"),
                "{phase}: company name in plaintext in {}",
                path.display()
            );
            assert!(
                !text.contains("71234567"),
                "{phase}: KvK number in plaintext in {}",
                path.display()
            );
            assert!(
                !text.contains("SQLite format 3"),
                "{phase}: unencrypted header in {}",
                path.display()
            );
            checked.push(suffix);
        }
        checked
    };
    assert_eq!(
        check("open"),
        vec!["", "-wal", "-shm"],
        "the log and its index exist while open"
    );
    drop(store);
    assert!(
        check("closed").contains(&""),
        "the database itself is checked after closing"
    );
    // The log's pages went into the database on close: still no plaintext there.
    let bytes = fs::read(&db.path).expect("read db");
    assert!(!String::from_utf8_lossy(&bytes).contains("Zonnedauw"));
}

#[test]
fn failed_use_case_leaves_nothing_half_written() {
    let db = TestDb::new();
    let mut store = db.open();
    // A consent naming an unknown financier fails after the company row was already inserted
    // inside the transaction; the whole use case must roll back.
    let mut draft = bakery();
    draft.consent_financier_ids = Some(vec!["00000000-0000-0000-0000-000000000000".into()]);
    let err = add_case(&mut store, &actor(), &draft, today()).expect_err("unknown financier");
    assert_eq!(err.code(), "invalid_input");
    assert_eq!(
        store.companies().count().expect("count"),
        0,
        "no company left behind"
    );
    assert_eq!(store.cases().count().expect("count"), 0);
    assert_eq!(
        store.history().count().expect("count"),
        0,
        "no change-log entry left behind"
    );
    // Invalid input writes nothing either.
    let bad: CaseDraft = serde_json::from_value(
        serde_json::json!({"company": {"name": "X", "kvk": "123", "province": "UT"}}),
    )
    .expect("draft");
    assert!(add_case(&mut store, &actor(), &bad, today()).is_err());
    assert_eq!(store.history().count().expect("count"), 0);
}

#[test]
fn change_log_is_append_only() {
    let db = TestDb::new();
    let mut store = db.open();
    add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    let update = store
        .conn_for_tests()
        .execute("UPDATE change_log SET author = 'x'", []);
    assert!(update.is_err(), "updating the change log must fail");
    let delete = store.conn_for_tests().execute("DELETE FROM change_log", []);
    assert!(delete.is_err(), "deleting from the change log must fail");
}

#[test]
fn key_file_is_created_owner_only_and_reused() {
    let db = TestDb::new();
    let options = KeyOptions {
        explicit: None,
        use_keychain: false,
    };
    let (key1, source) = key::resolve(&db.path, &options).expect("new key");
    let KeySource::KeyFile(path) = source else {
        panic!("expected a key file, got {source:?}")
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "key file must be owner-only");
    }
    {
        let mut store = Store::open(&db.path, &key1).expect("open");
        add_case(&mut store, &actor(), &bakery(), today()).expect("add");
    }
    let (key2, _) = key::resolve(&db.path, &options).expect("same key");
    assert_eq!(key1, key2);
    // Without the key file an existing database cannot be opened, and says why.
    fs::remove_file(&path).expect("remove key");
    let err = key::resolve(&db.path, &options).expect_err("no key");
    assert_eq!(err.code(), "key_missing");
}

#[test]
fn explicit_passphrase_opens_and_differs_from_raw_key() {
    let db = TestDb::new();
    let pass = DbKey::parse("correct horse battery staple").expect("passphrase");
    Store::open(&db.path, &pass).expect("create with passphrase");
    assert!(matches!(
        Store::open(&db.path, &TestDb::key()),
        Err(Error::WrongKey)
    ));
    Store::open(&db.path, &pass).expect("reopen with passphrase");
    assert!(DbKey::parse("short").is_err());
}

#[test]
fn foreign_keys_and_wal_are_on() {
    let db = TestDb::new();
    let store = db.open();
    let fk: i64 = store
        .conn_for_tests()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("pragma");
    assert_eq!(fk, 1);
    let mode: String = store
        .conn_for_tests()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("pragma");
    assert_eq!(mode, "wal");
}

#[test]
fn migration_0005_dates_earlier_outcomes_from_the_change_log() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    for status in ["screening", "ready", "presented", "financed"] {
        tafel::service::cases::update_case(
            &mut store,
            &actor(),
            &case.id,
            &serde_json::json!({ "status": status }),
            today(),
        )
        .expect("status");
    }
    // A case as schema 4 left it: an outcome in the change log, no outcome day.
    store
        .conn_for_tests()
        .execute("UPDATE cases SET outcome_on = NULL", [])
        .expect("clear");
    let sql = include_str!("../../src/store/migrations/0005_outcomes_meetings.sql");
    let backfill = sql
        .split("ALTER TABLE cases ADD COLUMN outcome_on TEXT;")
        .nth(1)
        .and_then(|rest| rest.split("CREATE INDEX").next())
        .expect("the backfill statement of migration 0005");
    store
        .conn_for_tests()
        .execute_batch(backfill)
        .expect("backfill");
    let logged: String = store
        .conn_for_tests()
        .query_row(
            "SELECT substr(at, 1, 10) FROM change_log WHERE entity_id = ?1 AND json_extract(changes, '$.status[1]') = 'financed'",
            [&case.id],
            |r| r.get(0),
        )
        .expect("log");
    let day: Option<String> = store
        .conn_for_tests()
        .query_row(
            "SELECT outcome_on FROM cases WHERE id = ?1",
            [&case.id],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(day, Some(logged), "the day of the change to financed");
}

/// A damaged file is reported as damaged, not as a wrong key: cut short (a full disk, a
/// partial copy), or with pages that do not decrypt.
#[test]
fn a_damaged_database_is_reported_as_damaged_not_as_a_wrong_key() {
    let db = TestDb::new();
    {
        let mut store = db.open();
        tafel::service::demo::load_demo(&mut store, &actor(), today()).expect("demo");
        store
            .conn_for_tests()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
    }
    let bytes = fs::read(&db.path).expect("read");

    // Cut short in the middle of a page.
    let short = db.dir.path().join("kort.db");
    fs::write(&short, &bytes[..bytes.len() / 2 + 100]).expect("write");
    let err = Store::open(&short, &TestDb::key()).expect_err("a truncated file");
    assert_eq!(err.code(), "database_corrupted", "{err:?}");
    assert!(
        err.message_nl().contains("beschadigd"),
        "{}",
        err.message_nl()
    );

    // Every page but the first overwritten: the key opens page 1, reading the cases fails.
    let page = 4096;
    let mut damaged = bytes.clone();
    for b in damaged.iter_mut().skip(page) {
        *b ^= 0x5a;
    }
    let broken = db.dir.path().join("beschadigd.db");
    fs::write(&broken, &damaged).expect("write");
    let err = match Store::open(&broken, &TestDb::key()) {
        Err(e) => e,
        Ok(store) => store
            .cases()
            .list(&Default::default())
            .expect_err("reading damaged pages"),
    };
    assert_eq!(err.code(), "database_corrupted", "{err:?}");
    assert_ne!(err.code(), "wrong_key");
}

/// An emptied or overwritten key file gets its own message, not "wrong key".
#[test]
fn an_empty_key_file_is_named_as_such() {
    let db = TestDb::new();
    let options = KeyOptions {
        explicit: None,
        use_keychain: false,
    };
    let (key, source) = key::resolve(&db.path, &options).expect("new key");
    assert!(matches!(source, KeySource::KeyFile(_)));
    drop(Store::open(&db.path, &key).expect("create"));
    let key_file = key::key_file_path(&db.path);
    fs::write(&key_file, "").expect("empty the key file");
    let err = key::resolve(&db.path, &options).expect_err("empty key file");
    assert_eq!(err.code(), "key_file_unusable", "{err:?}");
    assert!(
        err.message_nl().contains("sleutelbestand") && err.message_nl().contains("leeg"),
        "{}",
        err.message_nl()
    );
}

/// An older database is migrated with a copy of its file kept beside it (encrypted, with the
/// same key), until it next opens at the current schema.
#[test]
fn an_older_database_keeps_a_copy_from_before_its_migration_until_the_next_open() {
    let db = TestDb::new();
    {
        let mut store = db.open();
        add_case(&mut store, &actor(), &bakery(), today()).expect("add");
        // Back to the schema before the last migration: its tables, columns and trigger undone,
        // its version lowered.
        store
            .conn_for_tests()
            .execute_batch(crate::common::UNDO_LAST_MIGRATION)
            .expect("undo the last migration");
        store
            .conn_for_tests()
            .pragma_update(None, "user_version", SCHEMA_VERSION - 1)
            .expect("older version");
    }
    let copy = db
        .dir
        .path()
        .join(format!("tafel.db.before-schema-{}", SCHEMA_VERSION - 1));
    let migrated = db.open();
    assert_eq!(migrated.schema_version().expect("version"), SCHEMA_VERSION);
    assert!(copy.exists(), "a copy from before the migration");
    {
        // The copy is the old database, encrypted with the same key.
        let bytes = fs::read(&copy).expect("copy");
        assert!(
            !bytes.windows(9).any(|w| w == b"Zonnedauw"),
            "the copy is encrypted"
        );
        let old = db.dir.path().join("oud.db");
        fs::write(&old, &bytes).expect("write");
        let conn = rusqlite::Connection::open(&old).expect("open copy");
        conn.pragma_update(None, "key", format!("x'{KEY_HEX}'"))
            .expect("key");
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION - 1);
        let cases: i64 = conn
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .expect("cases");
        assert_eq!(cases, 1);
    }
    drop(migrated);
    drop(db.open());
    assert!(
        !copy.exists(),
        "removed once the database opened at the current schema again"
    );
}

/// A recovery key written down with `tafel key export` brings a database back when its key
/// file (or keychain entry) is gone: it opens the database with --key, and `key import` puts
/// it back where Tafel looks, after checking that it opens the database.
#[test]
fn a_recovery_key_brings_a_database_back_when_its_key_is_gone() {
    let db = TestDb::new();
    let run = |args: &[&str], key: Option<&str>| {
        let mut command = std::process::Command::new(crate::common::tafel_bin());
        command
            .args(args)
            .env("TAFEL_DB", &db.path)
            .env("TAFEL_KEYCHAIN", "off")
            .env_remove("TAFEL_DB_KEY");
        if let Some(key) = key {
            command.env("TAFEL_DB_KEY", key);
        }
        command.output().expect("run tafel")
    };
    assert!(run(&["init"], None).status.success());
    assert!(run(&["demo"], None).status.success());
    let out = run(&["key", "export"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let recovery = text
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 79 && l.matches('-').count() == 15)
        .expect("a grouped recovery key")
        .to_string();
    assert!(text.contains("Herstelsleutel"), "{text}");

    // The key file is lost: the database no longer opens by itself …
    fs::remove_file(key::key_file_path(&db.path)).expect("lose the key file");
    let out = run(&["case", "list"], None);
    assert!(!out.status.success());
    // … but does with the recovery key, and `key import` makes that last.
    assert!(
        run(&["case", "list", "--json"], Some(&recovery))
            .status
            .success()
    );
    let out = run(&["key", "import"], Some(&recovery));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["case", "list", "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(cases.as_array().map(Vec::len), Some(60));
    // A wrong recovery key is refused and stores nothing.
    let wrong = "0000-".repeat(15) + "0000";
    fs::remove_file(key::key_file_path(&db.path)).expect("lose it again");
    assert!(!run(&["key", "import"], Some(&wrong)).status.success());
    assert!(
        !key::key_file_path(&db.path).exists(),
        "a key that does not open the database is not stored"
    );
}

/// The window's way back in: a database whose key file is gone opens with the recovery key
/// typed on the error screen, and the key is back where Tafel looks for the next start; a
/// wrong recovery key opens nothing and stores nothing.
#[test]
fn the_app_opens_a_database_with_a_typed_recovery_key() {
    let db = TestDb::new();
    let options = tafel::store::KeyOptions {
        explicit: None,
        use_keychain: false,
    };
    let (store, _) = tafel::service::open_store(&db.path, &options).expect("a new database");
    tafel::service::cases::add_case(&mut { store }, &actor(), &bakery(), today()).expect("case");
    let recovery = tafel::service::recovery_key(&db.path, &options)
        .expect("recovery key")
        .key;
    fs::remove_file(key::key_file_path(&db.path)).expect("lose the key file");
    assert_eq!(
        tafel::service::open_store(&db.path, &options)
            .map(|_| ())
            .expect_err("no key")
            .code(),
        "key_missing"
    );

    let wrong = "0000-".repeat(15) + "0000";
    let err = tafel::service::open_with_recovery_key(&db.path, &wrong, false)
        .map(|_| ())
        .expect_err("wrong key");
    assert_eq!(err.code(), "wrong_key");
    assert!(
        !key::key_file_path(&db.path).exists(),
        "a key that does not open the database is not stored"
    );

    let (store, kept_in) =
        tafel::service::open_with_recovery_key(&db.path, &recovery, false).expect("opens");
    assert_eq!(store.cases().count().expect("count"), 1);
    assert!(kept_in.contains("sleutelbestand"), "{kept_in}");
    drop(store);
    let (again, _) =
        tafel::service::open_store(&db.path, &options).expect("opens by itself at the next start");
    assert_eq!(again.cases().count().expect("count"), 1);
}

/// A restore rebuilds the search indexes from the tables; they must equal the ones the
/// writers kept row by row (a deleted case included). Was a unit test of `store/backup.rs`,
/// moved here because it needs the services (`load_demo`, `delete_case`) above the store.
#[test]
fn rebuilt_search_indexes_equal_the_ones_kept_row_by_row() {
    let mut store = Store::open_in_memory().expect("store");
    let actor = tafel::domain::Actor {
        author: "test".into(),
        source: tafel::domain::WriteSource::Cli,
        at: tafel::clock::moment(),
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    tafel::service::demo::load_demo(&mut store, &actor, today).expect("demo");
    let first = store.cases().list(&Default::default()).expect("list")[0]
        .id
        .clone();
    tafel::service::cases::delete_case(&mut store, &actor, &first).expect("delete");
    // Each index row with the id of the case or company it belongs to.
    let snapshot = |store: &Store| -> Vec<String> {
        let conn = store.conn_for_tests();
        let mut rows = Vec::new();
        for (index, table) in [("case_fts", "cases"), ("company_fts", "companies")] {
            let sql = format!(
                "SELECT t.id, f.* FROM {index} f JOIN {table} t ON t.rowid = f.rowid ORDER BY t.id"
            );
            let mut stmt = conn.prepare(&sql).expect("select");
            let width = stmt.column_count();
            let mut cursor = stmt.query([]).expect("query");
            while let Some(row) = cursor.next().expect("row") {
                let cells: Vec<String> = (0..width)
                    .map(|i| format!("{:?}", row.get_ref(i).expect("cell")))
                    .collect();
                rows.push(format!("{index}: {}", cells.join(" | ")));
            }
            let unmatched: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {index} WHERE rowid NOT IN (SELECT rowid FROM {table})"), [], |r| r.get(0))
                .expect("count");
            assert_eq!(
                unmatched, 0,
                "every row of {index} belongs to a row of {table}"
            );
        }
        rows
    };
    let kept = snapshot(&store);
    assert!(kept.len() > 100);
    assert!(
        !kept.iter().any(|r| r.contains(&first)),
        "the deleted case is not in the index"
    );
    let mut restored = Store::open_in_memory().expect("store");
    restored
        .restore_rows(
            &store.backup_rows().expect("rows"),
            &tafel::progress::Silent,
        )
        .expect("restore");
    assert_eq!(snapshot(&restored), kept);
}

/// The store reads no clock: every change of a use case carries the moment of its actor, read
/// once by the caller. Two writes with moments years apart (and out of the machine's time) are
/// stamped exactly so, in the rows and in the change log.
#[test]
fn every_change_carries_the_moment_of_its_actor() {
    let db = TestDb::new();
    let mut store = db.open();
    let moment = |text: &str| {
        let now = chrono::DateTime::parse_from_rfc3339(text)
            .expect("time")
            .with_timezone(&chrono::Utc);
        tafel::domain::Moment::new(now, now.date_naive())
    };
    let first = tafel::domain::Actor {
        at: moment("2031-05-04T10:15:30.250Z"),
        ..actor()
    };
    let case = add_case(&mut store, &first, &bakery(), today()).expect("case");
    assert_eq!(case.created_at, "2031-05-04T10:15:30.250Z");
    assert_eq!(case.updated_at, "2031-05-04T10:15:30.250Z");
    let second = tafel::domain::Actor {
        at: moment("2019-01-02T03:04:05.006Z"),
        ..actor()
    };
    let updated = tafel::service::cases::update_case(
        &mut store,
        &second,
        &case.id,
        &serde_json::json!({"notes": "Later bijgewerkt"}),
        today(),
    )
    .expect("update");
    assert_eq!(updated.updated_at, "2019-01-02T03:04:05.006Z");
    let history = store
        .history()
        .of_case(&case.id, &case.company.id)
        .expect("history");
    let stamps: std::collections::BTreeSet<&str> = history.iter().map(|e| e.at.as_str()).collect();
    assert_eq!(
        stamps,
        ["2019-01-02T03:04:05.006Z", "2031-05-04T10:15:30.250Z"]
            .into_iter()
            .collect(),
        "{history:?}"
    );
}
