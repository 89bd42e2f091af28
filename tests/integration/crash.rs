//! Crash trials: the writer of `examples/crash_worker.rs` performs use cases in a loop and
//! acknowledges each one once it has committed; it is killed with SIGKILL at a random moment,
//! and then the database and the files beside it are checked: intact (SQLite's and SQLCipher's
//! integrity checks, foreign keys), every acknowledged write there with its change-log entry,
//! imports and restores all-or-nothing, the search index equal to the cases, acknowledged
//! backups and PDFs whole, no temporary or plaintext file left.
//!
//! `make test` runs 20 trials; `make crash-test` runs 200 (`TAFEL_CRASH_TRIALS`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tafel::service::register::import_starter_register;
use tafel::store::{DbKey, Store};

use crate::common::*;

fn worker() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary");
    let debug = exe.parent().and_then(Path::parent).expect("target dir");
    let path = debug.join("examples").join("crash_worker");
    assert!(
        path.exists(),
        "{} is built with the tests (cargo test builds the examples)",
        path.display()
    );
    // `cargo test --test integration` alone does not build the examples: a worker left from
    // before a new migration would write an older schema and every trial would fail on it.
    let built = std::process::Command::new(&path)
        .arg("--schema-version")
        .output()
        .expect("run the crash worker");
    let version = String::from_utf8_lossy(&built.stdout).trim().to_string();
    assert_eq!(
        version,
        tafel::store::SCHEMA_VERSION.to_string(),
        "{} is older than the library: run `cargo test` (which builds the examples) or \
         `cargo build --example crash_worker`",
        path.display()
    );
    path
}

/// What the worker acknowledged before it was killed.
#[derive(Default)]
struct Acks {
    cases: Vec<(String, String)>,
    updates: HashMap<String, u64>,
    imports: Vec<u64>,
    responses: Vec<String>,
    backups: Vec<(PathBuf, u32)>,
    restores: Vec<PathBuf>,
    pdfs: Vec<PathBuf>,
}

impl Acks {
    fn read(&mut self, line: &str) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["ack", "case", id, number] => self.cases.push((id.to_string(), number.to_string())),
            ["ack", "update", id, tag] => {
                let tag: u64 = tag.parse().expect("tag");
                let slot = self.updates.entry(id.to_string()).or_default();
                *slot = (*slot).max(tag);
            }
            ["ack", "import", tag, _] => self.imports.push(tag.parse().expect("tag")),
            ["ack", "respond", id] => self.responses.push(id.to_string()),
            ["ack", "backup", path, cases] => self
                .backups
                .push((PathBuf::from(path), cases.parse().expect("count"))),
            ["ack", "restore", path] => self.restores.push(PathBuf::from(path)),
            ["ack", "pdf", path, _] => self.pdfs.push(PathBuf::from(path)),
            _ => panic!("unexpected worker line: {line}"),
        }
    }
}

/// One trial: run the worker, kill it after `delay`, return what it acknowledged.
fn trial(db: &Path, seed: u64, delay: Duration, acks: &mut Acks) {
    let mut child = Command::new(worker())
        .arg(db)
        .arg(seed.to_string())
        .env("TAFEL_DB_KEY", KEY_HEX)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the worker");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    let started = Instant::now();
    while started.elapsed() < delay {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            panic!("the worker stopped by itself ({status}): {err}");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    for line in reader.join().expect("reader") {
        acks.read(&line);
    }
}

/// How far the earlier trials' acknowledgements and files were checked already: the files
/// they wrote do not change, so each trial checks what is new (keeps 200 trials linear).
#[derive(Default)]
struct Checked {
    backups: usize,
    restores: usize,
    pdfs: usize,
    files: std::collections::HashSet<PathBuf>,
}

fn check(db: &Path, acks: &Acks, trial: usize, checked: &mut Checked) {
    let store = Store::open(db, &DbKey::parse(KEY_HEX).expect("key"))
        .unwrap_or_else(|e| panic!("trial {trial}: the database opens: {e}"));
    let conn = store.conn_for_tests();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok", "trial {trial}");
    let cipher: Vec<String> = conn
        .prepare("PRAGMA cipher_integrity_check")
        .expect("cipher")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert!(cipher.is_empty(), "trial {trial}: {cipher:?}");
    let foreign: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("fk");
    assert_eq!(foreign, 0, "trial {trial}");

    for (id, number) in &acks.cases {
        let case = store
            .cases()
            .get(id)
            .unwrap_or_else(|e| panic!("trial {trial}: acknowledged case {number} is there: {e}"));
        assert_eq!(&case.case_number, number);
        let logged: i64 = conn
            .query_row("SELECT count(*) FROM change_log WHERE entity = 'case' AND entity_id = ?1 AND action = 'create'", [id], |r| r.get(0))
            .expect("log");
        assert_eq!(logged, 1, "trial {trial}: {number} in the change log");
    }
    for (id, tag) in &acks.updates {
        let notes = store
            .cases()
            .get(id)
            .expect("updated case")
            .notes
            .unwrap_or_default();
        let seen: u64 = notes
            .strip_prefix("versie ")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        assert!(
            seen >= *tag,
            "trial {trial}: update {tag} of {id} survived (notes {notes:?})"
        );
    }
    // An import is all or nothing: five rows or none, and five for every acknowledged one.
    let mut per_import: HashMap<u64, i64> = HashMap::new();
    let mut stmt = conn
        .prepare("SELECT name FROM companies WHERE name LIKE 'Import %'")
        .expect("names");
    for name in stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("rows")
        .map(|r| r.expect("row"))
    {
        let tag: u64 = name
            .split_whitespace()
            .nth(1)
            .and_then(|t| t.parse().ok())
            .expect("import tag");
        *per_import.entry(tag).or_default() += 1;
    }
    for (tag, count) in &per_import {
        assert_eq!(*count, 5, "trial {trial}: import {tag} is whole");
    }
    for tag in &acks.imports {
        assert_eq!(
            per_import.get(tag),
            Some(&5),
            "trial {trial}: acknowledged import {tag}"
        );
    }
    for id in &acks.responses {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM case_responses WHERE case_id = ?1",
                [id],
                |r| r.get(0),
            )
            .expect("responses");
        assert!(n >= 1, "trial {trial}: the response on {id}");
    }
    // The search index holds every case, and finds each by its number.
    let (cases, indexed): (i64, i64) = conn
        .query_row("SELECT (SELECT count(*) FROM cases WHERE deleted_at IS NULL), (SELECT count(*) FROM case_fts)", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("counts");
    assert_eq!(cases, indexed, "trial {trial}: search index");
    for (_, number) in acks.cases.iter().rev().take(3) {
        let filter = tafel::store::CaseFilter {
            query: Some(number.clone()),
            ..Default::default()
        };
        assert!(
            store
                .cases()
                .list(&filter)
                .expect("search")
                .iter()
                .any(|c| &c.case_number == number),
            "trial {trial}: {number} found"
        );
    }
    for (path, cases) in &acks.backups[checked.backups..] {
        let backup = tafel::service::transfer::read_backup(path)
            .unwrap_or_else(|e| panic!("trial {trial}: backup {} whole: {e}", path.display()));
        let rows = backup
            .tables
            .iter()
            .find(|t| t.table == "cases")
            .map_or(0, |t| t.rows.len() as u32);
        assert_eq!(rows, *cases, "trial {trial}");
    }
    for path in &acks.restores[checked.restores..] {
        let restored =
            Store::open(path, &DbKey::parse(KEY_HEX).expect("key")).expect("restored database");
        assert!(
            restored.cases().count().expect("count") > 0,
            "trial {trial}: restore {}",
            path.display()
        );
    }
    for path in &acks.pdfs[checked.pdfs..] {
        let bytes = std::fs::read(path).expect("pdf");
        assert!(
            bytes.starts_with(b"%PDF") && bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF"),
            "trial {trial}: {} whole",
            path.display()
        );
    }
    (checked.backups, checked.restores, checked.pdfs) =
        (acks.backups.len(), acks.restores.len(), acks.pdfs.len());
    // A restore that was killed leaves an empty database or a whole one, never half.
    let dir = db.parent().expect("dir");
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            !name.ends_with(tafel::files::TEMP_SUFFIX),
            "trial {trial}: temporary file {name} left after reopening"
        );
        // The database and its log change every trial; the other files only once.
        let changing = path == db
            || name.starts_with(&format!(
                "{}-",
                db.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
        if !changing && !checked.files.insert(path.clone()) {
            continue;
        }
        if name.starts_with("restore-")
            && name.ends_with(".db")
            && !acks.restores.contains(&path)
            && let Ok(partial) = Store::open(&path, &DbKey::parse(KEY_HEX).expect("key"))
        {
            let n = partial.cases().count().expect("count");
            let companies = partial.companies().count().expect("companies");
            assert!(
                n == 0 || companies > 0,
                "trial {trial}: {name} is empty or whole"
            );
        }
        // No file beside the database holds plaintext case data.
        if name.ends_with(".db") || name.contains(".db-") {
            let bytes = std::fs::read(&path).unwrap_or_default();
            assert!(
                !bytes.windows(6).any(|w| w == b"Proef "),
                "trial {trial}: plaintext in {name}"
            );
        }
    }
}

#[test]
fn crash_trials_lose_nothing_acknowledged_and_leave_nothing_half_written() {
    let trials: usize = std::env::var("TAFEL_CRASH_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let db = TestDb::new();
    {
        let mut store = db.open();
        import_starter_register(&mut store, &actor()).expect("register");
    }
    let mut rng: u64 = 0x5eed;
    let mut acks = Acks::default();
    let mut checked = Checked::default();
    let started = Instant::now();
    for t in 0..trials {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // Between a few milliseconds (still opening) and most of a second (many use cases).
        let delay = Duration::from_millis(5 + (rng >> 33) % 700);
        trial(&db.path, t as u64 + 1, delay, &mut acks);
        check(&db.path, &acks, t, &mut checked);
    }
    eprintln!(
        "crash trials: {trials} kills in {:.1} s; acknowledged {} cases, {} updates, {} imports, {} responses, {} backups, {} restores, {} PDFs",
        started.elapsed().as_secs_f64(),
        acks.cases.len(),
        acks.updates.len(),
        acks.imports.len(),
        acks.responses.len(),
        acks.backups.len(),
        acks.restores.len(),
        acks.pdfs.len()
    );
    assert!(
        !acks.cases.is_empty() && !acks.backups.is_empty(),
        "the trials did real work"
    );
}
