//! A full disk: every file Tafel writes for a user fails with a clear Dutch message, and the
//! previous file at that path, the database and the change log stay as they were, with no
//! temporary file left behind.
//!
//! The disk is a 64 KiB tmpfs mounted for the test (root only: CI and these machines run as
//! root; elsewhere the test says it cannot mount and stops).

use std::path::{Path, PathBuf};
use std::process::Command;

use tafel::report::ExportFormat;
use tafel::report::documents::Lang;
use tafel::service::{demo, meetings, pdf, report, transfer};
use tafel::store::CaseFilter;

use crate::common::*;

/// A small file system of its own, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(kib: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .status()
            .ok()?;
        status.success().then_some(SmallDisk { dir })
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Fills the disk up to `free` bytes, so any file larger than that cannot be written.
    fn fill_leaving(&self, free: u64) {
        let filler = self.path("vol.bin");
        let mut size = 0u64;
        let block = vec![0u8; 1024];
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).expect("filler");
        while file.write_all(&block).and_then(|_| file.flush()).is_ok() {
            size += 1024;
        }
        drop(file);
        // Give back what should stay free.
        let keep = size.saturating_sub(free);
        std::fs::OpenOptions::new()
            .write(true)
            .open(&filler)
            .and_then(|f| f.set_len(keep))
            .expect("shrink filler");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tafel-tmp"))
        .collect()
}

#[test]
fn a_full_disk_fails_every_export_cleanly_and_keeps_the_previous_file() {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if !is_root {
        eprintln!("full_disk: mounting a small tmpfs needs root; run the tests as root (CI does)");
        return;
    }
    let disk = SmallDisk::mount(64).expect("mount a 64 KiB tmpfs");
    let db = TestDb::new();
    let mut store = db.open();
    demo::load_demo(&mut store, &actor(), today()).expect("demo");
    let case =
        tafel::service::cases::list_cases(&store, &CaseFilter::default(), tafel::clock::today())
            .expect("list")
            .remove(0);
    let meeting = meetings::list_meetings(&store).expect("meetings").remove(0);
    let renderer = pdf::renderer_for(&store).expect("renderer");

    // The previous versions of every file, written while there was room.
    let names = [
        "casussen.csv",
        "casussen.xlsx",
        "register.xlsx",
        "casus.pdf",
        "rapport.pdf",
        "rapport.json",
        "tafel.ics",
        "backup.json",
    ];
    for name in names {
        std::fs::write(disk.path(name), format!("vorige versie van {name}"))
            .expect("previous file");
    }
    disk.fill_leaving(512);
    let log_before = store.history().count().expect("log");

    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let attempts: Vec<(&str, tafel::Result<()>)> = vec![
        (
            "casussen.csv",
            transfer::export_cases(
                &store,
                &actor(),
                &CaseFilter::default(),
                ExportFormat::Csv,
                &disk.path("casussen.csv"),
                &tafel::progress::Silent,
            )
            .map(|_| ()),
        ),
        (
            "casussen.xlsx",
            transfer::export_cases(
                &store,
                &actor(),
                &CaseFilter::default(),
                ExportFormat::Xlsx,
                &disk.path("casussen.xlsx"),
                &tafel::progress::Silent,
            )
            .map(|_| ()),
        ),
        (
            "register.xlsx",
            transfer::export_register(
                &store,
                &actor(),
                ExportFormat::Xlsx,
                &disk.path("register.xlsx"),
                today(),
                &tafel::progress::Silent,
            )
            .map(|_| ()),
        ),
        (
            "casus.pdf",
            pdf::export_case_pdf(
                &mut store,
                &actor(),
                &renderer,
                &case.id,
                pdf::SummaryVersion::default(),
                &disk.path("casus.pdf"),
                today(),
            )
            .map(|_| ()),
        ),
        (
            "rapport.pdf",
            report::export_report(
                &store,
                &actor(),
                from,
                today(),
                report::ReportFormat::Pdf,
                Lang::Nl,
                &disk.path("rapport.pdf"),
                &tafel::progress::Silent,
            )
            .map(|_| ()),
        ),
        (
            "rapport.json",
            report::export_report(
                &store,
                &actor(),
                from,
                today(),
                report::ReportFormat::Json,
                Lang::Nl,
                &disk.path("rapport.json"),
                &tafel::progress::Silent,
            )
            .map(|_| ()),
        ),
        (
            "tafel.ics",
            meetings::write_meeting_ics(&store, &actor(), &meeting.id, &disk.path("tafel.ics"))
                .map(|_| ()),
        ),
        (
            "backup.json",
            transfer::backup(
                &store,
                &actor(),
                &disk.path("backup.json"),
                &tafel::progress::Silent,
            )
            .map(|_| ()),
        ),
    ];
    for (name, result) in attempts {
        let err = result.expect_err(&format!("{name} cannot be written on a full disk"));
        let message = err.message_nl();
        assert!(
            message.contains("De schijf is vol") && message.contains(name),
            "{name}: {message}"
        );
        assert_eq!(
            std::fs::read_to_string(disk.path(name)).expect("previous"),
            format!("vorige versie van {name}"),
            "{name} kept"
        );
    }
    assert!(
        temporary_files(disk.dir.path()).is_empty(),
        "{:?}",
        temporary_files(disk.dir.path())
    );
    assert_eq!(
        store.history().count().expect("log"),
        log_before,
        "no export recorded that did not happen"
    );
    // The database itself is untouched and still opens.
    drop(store);
    assert_eq!(db.open().cases().count().expect("count"), 60);
}
