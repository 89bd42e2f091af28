//! Long use cases report their progress and can be cancelled: a cancel before the last safe
//! point leaves the database and every file as they were, and no temporary file behind.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use tafel::domain::{CaseDraft, MeetingDraft};
use tafel::progress::{Phase, Progress, ProgressStep, Silent};
use tafel::report::ExportFormat;
use tafel::report::documents::Lang;
use tafel::service::transfer::{self, ImportMode};
use tafel::service::{cases, meetings, pdf, report};
use tafel::store::{CaseFilter, Store};

use crate::common::*;

/// A sheet of `rows` distinct, valid cases.
fn sheet(db: &TestDb, rows: usize) -> std::path::PathBuf {
    let mut text = String::from(
        "Bedrijfsnaam;KvK-nummer;Provincie;Gevraagd bedrag;Kapitaalsoort;Fase;Sector;Doel;Datum intake\n",
    );
    for i in 0..rows {
        text.push_str(&format!(
            "Bedrijf {i} BV;{:08};Utrecht;{};Microkrediet;Start-up;Overig;Start;3-2-2026\n",
            10_000_000 + i,
            20_000 + i
        ));
    }
    let path = db.dir.path().join("casussen.csv");
    std::fs::write(&path, text).expect("write sheet");
    path
}

/// Records every step; cancels at the first step for which its `stop` holds, as a user
/// clicking "Annuleren" while the bar shows that step.
struct Watch {
    steps: Mutex<Vec<ProgressStep>>,
    stop: Box<dyn Fn(&ProgressStep) -> bool + Sync>,
    cancelled: AtomicBool,
}

impl Watch {
    fn cancelling_at(stop: impl Fn(&ProgressStep) -> bool + Sync + 'static) -> Self {
        Watch {
            steps: Mutex::new(Vec::new()),
            stop: Box::new(stop),
            cancelled: AtomicBool::new(false),
        }
    }

    fn never() -> Self {
        Self::cancelling_at(|_| false)
    }

    fn steps(&self) -> Vec<ProgressStep> {
        self.steps.lock().expect("steps").clone()
    }

    fn phases(&self) -> Vec<Phase> {
        let mut phases: Vec<Phase> = Vec::new();
        for step in self.steps() {
            if phases.last() != Some(&step.phase) {
                phases.push(step.phase);
            }
        }
        phases
    }
}

impl Progress for Watch {
    fn report(&self, step: ProgressStep) {
        self.steps.lock().expect("steps").push(step);
        if (self.stop)(&step) {
            self.cancelled.store(true, Ordering::SeqCst);
        }
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn log_count(store: &Store) -> i64 {
    store.history().count().expect("log")
}

#[test]
fn an_import_reports_its_phases_and_a_cancel_while_saving_stores_nothing() {
    let db = TestDb::new();
    let path = sheet(&db, 1_200);
    let mut store = db.open();
    cases::add_case(&mut store, &actor(), &bakery(), today()).expect("one case before");
    let log_before = log_count(&store);

    let progress = Watch::cancelling_at(|s| s.phase == Phase::Saving && s.done >= 500);
    let err = transfer::import_cases(
        &mut store,
        &actor(),
        &path,
        None,
        ImportMode::ValidRows,
        today(),
        &progress,
    )
    .expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
    assert!(
        err.message_nl().contains("niets opgeslagen"),
        "{}",
        err.message_nl()
    );
    assert_eq!(
        store.cases().count().expect("count"),
        1,
        "the 500 rows saved before the cancel are rolled back"
    );
    assert_eq!(log_count(&store), log_before, "nothing in the change log");
    assert_eq!(
        progress.phases(),
        vec![Phase::Reading, Phase::Checking, Phase::Saving]
    );

    // Uncancelled, every phase runs to its end and the counts only grow within a phase.
    let progress = Watch::never();
    let report = transfer::import_cases(
        &mut store,
        &actor(),
        &path,
        None,
        ImportMode::ValidRows,
        today(),
        &progress,
    )
    .expect("import");
    assert_eq!(report.imported, 1_200);
    let steps = progress.steps();
    for pair in steps.windows(2) {
        if pair[0].phase == pair[1].phase {
            assert!(pair[1].done >= pair[0].done, "{pair:?}");
        }
    }
    let last_saving = steps
        .iter()
        .rev()
        .find(|s| s.phase == Phase::Saving)
        .expect("saving");
    assert_eq!((last_saving.done, last_saving.total), (1_200, 1_200));
    let last_checking = steps
        .iter()
        .rev()
        .find(|s| s.phase == Phase::Checking)
        .expect("checking");
    assert_eq!(last_checking.total, 1_200);
    assert!(
        steps.len() < 40,
        "reported in steps, not per row: {}",
        steps.len()
    );
}

#[test]
fn a_cancelled_export_leaves_the_earlier_file_and_no_temporary() {
    let db = TestDb::new();
    let path = sheet(&db, 600);
    let mut store = db.open();
    transfer::import_cases(
        &mut store,
        &actor(),
        &path,
        None,
        ImportMode::ValidRows,
        today(),
        &Silent,
    )
    .expect("import");
    let out = db.dir.path().join("export");
    std::fs::create_dir(&out).expect("dir");
    let target = out.join("casussen.xlsx");
    std::fs::write(&target, b"vorige export").expect("earlier file");
    let log_before = log_count(&store);

    for stop_phase in [Phase::Collecting, Phase::Writing] {
        let progress = Watch::cancelling_at(move |s| s.phase == stop_phase);
        let err = transfer::export_cases(
            &store,
            &actor(),
            &CaseFilter::default(),
            ExportFormat::Xlsx,
            &target,
            &progress,
        )
        .expect_err("cancelled");
        assert_eq!(err.code(), "cancelled", "{stop_phase:?}");
        assert_eq!(
            std::fs::read(&target).expect("read"),
            b"vorige export",
            "{stop_phase:?}: the earlier file is untouched"
        );
        assert_eq!(
            files_in(&out),
            vec!["casussen.xlsx"],
            "{stop_phase:?}: no temporary left"
        );
        assert_eq!(
            log_count(&store),
            log_before,
            "{stop_phase:?}: no export recorded"
        );
    }
    let watch = Watch::never();
    let report = transfer::export_cases(
        &store,
        &actor(),
        &CaseFilter::default(),
        ExportFormat::Xlsx,
        &target,
        &watch,
    )
    .expect("export");
    assert_eq!(report.rows, 600);
    assert_eq!(watch.phases(), vec![Phase::Collecting, Phase::Writing]);
    assert_ne!(std::fs::read(&target).expect("read"), b"vorige export");
}

#[test]
fn cancelled_backups_write_nothing_and_a_cancelled_restore_leaves_the_database_empty() {
    let db = TestDb::new();
    let path = sheet(&db, 300);
    let mut store = db.open();
    transfer::import_cases(
        &mut store,
        &actor(),
        &path,
        None,
        ImportMode::ValidRows,
        today(),
        &Silent,
    )
    .expect("import");
    let out = db.dir.path().join("backups");
    std::fs::create_dir(&out).expect("dir");
    let plain = out.join("backup.json");
    let encrypted = out.join("backup.tafelbackup");

    for stop_phase in [Phase::Collecting, Phase::Verifying, Phase::Writing] {
        let err = transfer::backup(
            &store,
            &actor(),
            &plain,
            &Watch::cancelling_at(move |s| s.phase == stop_phase),
        )
        .expect_err("cancelled");
        assert_eq!(err.code(), "cancelled", "plain, {stop_phase:?}");
    }
    for stop_phase in [Phase::Writing, Phase::Verifying] {
        // Writing: at the start of the export, or at the last safe point before the rename.
        let progress = Watch::cancelling_at(move |s| s.phase == stop_phase);
        let err = transfer::backup_encrypted(
            &store,
            &actor(),
            &encrypted,
            "een lange wachtwoordzin",
            &progress,
        )
        .expect_err("cancelled");
        assert_eq!(err.code(), "cancelled", "encrypted, {stop_phase:?}");
    }
    assert!(
        files_in(&out).is_empty(),
        "no backup and no temporary: {:?}",
        files_in(&out)
    );

    transfer::backup(&store, &actor(), &plain, &Silent).expect("backup");
    transfer::backup_encrypted(
        &store,
        &actor(),
        &encrypted,
        "een lange wachtwoordzin",
        &Silent,
    )
    .expect("encrypted backup");
    let fresh = TestDb::new();
    let mut empty = fresh.open();
    let err = transfer::restore(
        &mut empty,
        &plain,
        &Watch::cancelling_at(|s| s.phase == Phase::Saving && s.done >= 100),
    )
    .expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
    assert_eq!(
        empty.cases().count().expect("count"),
        0,
        "nothing of the backup is in"
    );
    let err = transfer::restore_encrypted(
        &mut empty,
        &encrypted,
        "een lange wachtwoordzin",
        &Watch::cancelling_at(|s| s.phase == Phase::Saving),
    )
    .expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
    assert_eq!(empty.cases().count().expect("count"), 0);
    // The database is still empty, so the restore can simply be done again.
    transfer::restore(&mut empty, &plain, &Silent).expect("restore after a cancel");
    assert_eq!(empty.cases().count().expect("count"), 300);
}

#[test]
fn a_cancelled_meeting_pack_or_report_writes_no_pdf_and_records_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    let ready = CaseDraft {
        status: Some("ready".into()),
        ..bakery()
    };
    let case = cases::add_case(&mut store, &actor(), &ready, today()).expect("case");
    let meeting = meetings::create_meeting(
        &mut store,
        &actor(),
        &MeetingDraft {
            title: "Tafel december".into(),
            date: "2026-12-10".into(),
            ..Default::default()
        },
    )
    .expect("meeting");
    meetings::add_case_to_agenda(&mut store, &actor(), &meeting.id, &case.id).expect("agenda");
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let out = db.dir.path().join("pdf");
    std::fs::create_dir(&out).expect("dir");
    let log_before = log_count(&store);

    for stop_phase in [Phase::Collecting, Phase::Rendering, Phase::Writing] {
        let progress = Watch::cancelling_at(move |s| s.phase == stop_phase);
        let err = pdf::export_meeting_pack(
            &mut store,
            &actor(),
            &renderer,
            &meeting.id,
            Lang::Nl,
            &out.join("pakket.pdf"),
            today(),
            &progress,
        )
        .expect_err("cancelled");
        assert_eq!(err.code(), "cancelled", "pack, {stop_phase:?}");
        let progress = Watch::cancelling_at(move |s| s.phase == stop_phase);
        let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let err = report::export_report(
            &store,
            &actor(),
            from,
            today(),
            report::ReportFormat::Pdf,
            Lang::Nl,
            &out.join("rapport.pdf"),
            &progress,
        )
        .expect_err("cancelled");
        assert_eq!(err.code(), "cancelled", "report, {stop_phase:?}");
    }
    assert!(files_in(&out).is_empty(), "{:?}", files_in(&out));
    assert_eq!(log_count(&store), log_before, "no export recorded");

    let watch = Watch::never();
    pdf::export_meeting_pack(
        &mut store,
        &actor(),
        &renderer,
        &meeting.id,
        Lang::Nl,
        &out.join("pakket.pdf"),
        today(),
        &watch,
    )
    .expect("pack");
    assert_eq!(
        watch.phases(),
        vec![Phase::Collecting, Phase::Rendering, Phase::Writing]
    );
}

/// Past the busy timeout a second writer gets a clear message, not SQLite's bare "database is
/// locked", and nothing of its write is stored.
#[test]
fn a_writer_kept_waiting_too_long_is_told_who_may_hold_the_database() {
    let db = TestDb::new();
    let mut first = db.open();
    let case = cases::add_case(&mut first, &actor(), &bakery(), today()).expect("case");
    let mut second = db.open();
    let holding = first.write(&actor()).expect("a long write");
    let err = cases::update_case(
        &mut second,
        &actor(),
        &case.id,
        &serde_json::json!({"notes": "tweede venster"}),
        today(),
    )
    .expect_err("busy");
    assert_eq!(err.code(), "database_busy");
    assert!(
        err.message_nl().contains("ander venster") && err.message_nl().contains("niets opgeslagen"),
        "{}",
        err.message_nl()
    );
    drop(holding);
    assert_eq!(second.cases().get(&case.id).expect("get").notes, None);
    cases::update_case(
        &mut second,
        &actor(),
        &case.id,
        &serde_json::json!({"notes": "tweede venster"}),
        today(),
    )
    .expect("once free");
}
