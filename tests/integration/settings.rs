//! Settings (Instellingen, `tafel settings`), automatic backups and restoring in place, on real
//! encrypted files.

use tafel::domain::{CaseDraft, WriteSource};
use tafel::report::documents::Lang;
use tafel::service::settings::{self, SettingChange};
use tafel::service::{backup, cases, meetings, pdf};

use crate::common::*;

fn change(key: &str, value: &str) -> SettingChange {
    SettingChange {
        key: key.into(),
        value: value.into(),
    }
}

#[test]
fn settings_are_stored_encrypted_with_defaults_and_logged() {
    let db = TestDb::new();
    let mut store = db.open();
    let view = settings::settings(&store).expect("settings");
    assert_eq!(view.table_name, "Financieringstafel");
    assert_eq!(view.table_title, "Financieringstafel");
    assert_eq!((view.backup_every_hours, view.backup_keep), (24, 10));
    assert!(
        view.backup_folder.ends_with("back-ups"),
        "{}",
        view.backup_folder
    );
    assert!(
        view.matching
            .iter()
            .any(|m| m.key == "matching.weights.sector")
    );

    let view = settings::set(
        &mut store,
        &actor(),
        &[
            change("table.name", "  Kapitaaltafel Midden  "),
            change("table.region", "Utrecht"),
            change("user.name", "Marieke Jansen"),
            change("user.organisation", "ROM Utrecht"),
            change("backup.every_hours", "12"),
            change("matching.weights.sector", "25"),
        ],
    )
    .expect("valid");
    assert_eq!(view.table_name, "Kapitaaltafel Midden");
    assert_eq!(view.table_title, "Kapitaaltafel Midden — Utrecht");
    assert_eq!(view.backup_every_hours, 12);
    let sector = view
        .matching
        .iter()
        .find(|m| m.key == "matching.weights.sector")
        .expect("sector");
    assert_eq!(sector.value, "25");
    // The file keeps its explanations and the matching reads the new weight.
    let toml = std::fs::read_to_string(db.dir.path().join("matching.toml")).expect("file");
    assert!(toml.contains("sector = 25"), "{toml}");
    assert!(toml.contains("# sectorfocus"), "{toml}");

    // Reopened with the key, the values are there; the file itself does not show them.
    drop(store);
    let store = db.open();
    assert_eq!(
        settings::get(&store, "table.name").expect("get").value,
        "Kapitaaltafel Midden"
    );
    let raw = std::fs::read(&db.path).expect("db bytes");
    assert!(
        !raw.windows(b"Kapitaaltafel".len())
            .any(|w| w == b"Kapitaaltafel"),
        "the settings are encrypted at rest"
    );
    let log = store.history().of("setting", "table.name").expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].author, "Marieke Jansen");
}

#[test]
fn bad_settings_are_refused_together_and_nothing_is_stored() {
    let db = TestDb::new();
    let mut store = db.open();
    let err = settings::set(
        &mut store,
        &actor(),
        &[
            change("table.name", "   "),
            change("user.name", "Marieke\nJansen"),
            change("backup.every_hours", "vaak"),
            change("backup.keep", "0"),
            change("backup.folder", "relatief/pad"),
            change("ui.language", "fr"),
            change("matching.weights.sector", "-3"),
        ],
    )
    .expect_err("refused");
    let fields: Vec<(String, String)> = err
        .field_errors()
        .iter()
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect();
    for (field, code) in [
        ("table.name", "required"),
        ("user.name", "one_line"),
        ("backup.every_hours", "number_range"),
        ("backup.keep", "number_range"),
        ("backup.folder", "folder_absolute"),
        ("ui.language", "language"),
        ("matching.weights.sector", "matching_rule"),
    ] {
        assert!(
            fields.contains(&(field.to_string(), code.to_string())),
            "{field} {code} in {fields:?}"
        );
    }
    let message = &err.field_errors()[0].message;
    assert!(message.contains("naam van de tafel"), "{message}");
    assert_eq!(
        settings::table_name(&store).expect("name"),
        "Financieringstafel"
    );
    let toml = std::fs::read_to_string(db.dir.path().join("matching.toml")).expect("file");
    assert!(
        toml.contains("sector = 20"),
        "the file is unchanged: {toml}"
    );

    let unknown = settings::set(&mut store, &actor(), &[change("tafel.kleur", "blauw")])
        .expect_err("unknown key");
    assert_eq!(unknown.field_errors()[0].code, "unknown_setting");
    assert!(unknown.field_errors()[0].message.contains("table.name"));
}

#[test]
fn the_user_name_of_the_settings_is_the_author_of_changes() {
    let db = TestDb::new();
    let mut store = db.open();
    assert_eq!(
        settings::author(&store, "mj", false).expect("author"),
        "mj",
        "the OS user until a name is set"
    );
    settings::set(
        &mut store,
        &actor(),
        &[change("user.name", "Marieke Jansen")],
    )
    .expect("set");
    let author = settings::author(&store, "mj", false).expect("author");
    assert_eq!(author, "Marieke Jansen");
    let case = cases::add_case(
        &mut store,
        &tafel::domain::Actor {
            author: author.clone(),
            source: WriteSource::Ui,
            at: tafel::clock::moment(),
        },
        &bakery(),
        today(),
    )
    .expect("case");
    let history = store
        .history()
        .of_case(&case.id, &case.company.id)
        .expect("history");
    assert!(
        history.iter().all(|e| e.author == "Marieke Jansen"),
        "{history:?}"
    );
    // A name given for one run (--author, TAFEL_AUTHOR) still wins.
    assert_eq!(
        settings::author(&store, "script", true).expect("author"),
        "script"
    );
}

#[test]
fn the_cli_reads_and_writes_the_same_settings_and_uses_the_name_as_author() {
    let db = TestDb::new();
    drop(db.open());
    let out = tafel(
        &db,
        &[
            "settings",
            "set",
            "table.name",
            "Financieringstafel Zeeland",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tafel(&db, &["settings", "get", "table.name"], None);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Financieringstafel Zeeland"
    );
    let out = tafel(&db, &["settings", "set", "backup.keep", "duizend"], None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("heel getal van 1 tot en met 100"), "{err}");
    let out = tafel(&db, &["settings", "get", "--json"], None);
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        all.as_array()
            .expect("list")
            .iter()
            .any(|e| e["key"] == "matching.stack.max_stacks")
    );
    let out = tafel(
        &db,
        &["settings", "set", "matching.weights.region", "30"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("matching.weights.region = 30"));
    let store = db.open();
    let log = store.history().of("setting", "table.name").expect("log");
    // TAFEL_AUTHOR=script is set for the CLI tests: it wins over the settings name.
    assert_eq!(log[0].author, "script");
}

#[test]
fn the_table_name_is_on_documents_and_the_invite() {
    let db = TestDb::new();
    let mut store = db.open();
    settings::set(
        &mut store,
        &actor(),
        &[
            change("table.name", "Kapitaaltafel Zeeland"),
            change("user.organisation", "Impuls Zeeland"),
        ],
    )
    .expect("set");
    let ready = CaseDraft {
        status: Some("ready".into()),
        pitch: Some(
            "Familiebedrijf dat zonnepanelen op agrarische daken legt en wil uitbreiden.".into(),
        ),
        ..bakery()
    };
    let case = cases::add_case(&mut store, &actor(), &ready, today()).expect("case");
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let bytes =
        pdf::case_summary_pdf(&store, &renderer, &case.id, true, Lang::Nl, today()).expect("pdf");
    let path = db.dir.path().join("overzicht.pdf");
    std::fs::write(&path, bytes).expect("write");
    let text = crate::pdf::text_of(&path);
    assert!(text.contains("Kapitaaltafel Zeeland"), "{text}");
    assert!(!text.contains("Financieringstafel "), "{text}");
    assert!(
        text.contains("zonnepanelen op agrarische daken"),
        "the pitch: {text}"
    );

    let meeting = meetings::create_meeting(
        &mut store,
        &actor(),
        &serde_json::from_value(
            serde_json::json!({"title": "Tafel december", "date": "10-12-2026", "time": "14:00"}),
        )
        .expect("draft"),
    )
    .expect("meeting");
    meetings::add_case_to_agenda(&mut store, &actor(), &meeting.id, &case.id).expect("agenda");
    let ics = meetings::meeting_ics(&store, &meeting.id).expect("ics");
    assert!(ics.contains("Kapitaaltafel Zeeland"), "{ics}");
    assert!(ics.contains("Impuls Zeeland"), "{ics}");
    let pack = pdf::meeting_pack_pdf(
        &store,
        &renderer,
        &meeting.id,
        Lang::Nl,
        today(),
        &tafel::progress::Silent,
    )
    .expect("pack");
    let path = db.dir.path().join("map.pdf");
    std::fs::write(&path, pack).expect("write");
    let text = crate::pdf::text_of(&path);
    assert!(text.contains("Kapitaaltafel Zeeland"), "{text}");
    assert!(text.contains("zonnepanelen op agrarische daken"), "{text}");
    let slide = meetings::present(&mut store, &actor(), &meeting.id, 1).expect("slide");
    assert_eq!(slide.table_name, "Kapitaaltafel Zeeland");
    assert!(slide.one_pager.pitch.is_some());
}

#[test]
fn a_pitch_that_names_the_company_or_is_too_long_is_refused() {
    let db = TestDb::new();
    let mut store = db.open();
    let named = CaseDraft {
        pitch: Some("Bakkerij Zonnedauw zoekt een microkrediet.".into()),
        ..bakery()
    };
    let err = cases::add_case(&mut store, &actor(), &named, today()).expect_err("refused");
    assert_eq!(err.field_errors()[0].field, "pitch");
    assert_eq!(err.field_errors()[0].code, "pitch_identifies");
    let long = CaseDraft {
        pitch: Some("a".repeat(601)),
        ..bakery()
    };
    let err = cases::add_case(&mut store, &actor(), &long, today()).expect_err("refused");
    assert_eq!(err.field_errors()[0].code, "pitch_too_long");
    // The notes never reach the pitch.
    let case = cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    assert_eq!(case.pitch, None);
    assert!(
        meetings::one_pager(&store, &case.id, tafel::clock::today())
            .expect("one pager")
            .pitch
            .is_none()
    );
}

fn instant(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .expect("time")
        .with_timezone(&chrono::Utc)
}

#[test]
fn automatic_backups_are_taken_when_due_encrypted_and_pruned() {
    let db = TestDb::new();
    let mut store = db.open();
    cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    settings::set(
        &mut store,
        &actor(),
        &[
            change("backup.keep", "2"),
            change("backup.every_hours", "6"),
        ],
    )
    .expect("set");
    let now = instant("2026-12-07T08:00:00Z");
    assert!(backup::is_due(&store, now).expect("due"), "none yet");
    let first = backup::auto_backup_if_due(&store, &TestDb::key(), now)
        .expect("backup")
        .expect("taken");
    assert!(
        first
            .path
            .ends_with("tafel-auto-20261207T080000Z.tafelbackup"),
        "{}",
        first.path
    );
    assert!(!backup::is_due(&store, now).expect("due"));
    assert!(
        backup::auto_backup_if_due(&store, &TestDb::key(), now)
            .expect("backup")
            .is_none()
    );
    // Encrypted with the database's key: nothing readable, and the recovery key opens it.
    let bytes = std::fs::read(&first.path).expect("file");
    assert!(!bytes.windows(b"Zonnedauw".len()).any(|w| w == b"Zonnedauw"));
    assert!(!bytes.starts_with(b"SQLite format 3"));
    let (_, tables) =
        tafel::store::read_encrypted(std::path::Path::new(&first.path), &format!("x'{KEY_HEX}'"))
            .expect("opens with the key");
    assert_eq!(
        tables
            .iter()
            .find(|t| t.table == "cases")
            .expect("cases")
            .rows
            .len(),
        1
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&first.path)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "owner only: {mode:o}");
    }
    for (at, due) in [
        ("2026-12-07T13:59:00Z", false),
        ("2026-12-07T14:00:00Z", true),
        ("2026-12-08T09:00:00Z", true),
    ] {
        let now = instant(at);
        assert_eq!(backup::is_due(&store, now).expect("due"), due, "{at}");
        backup::auto_backup_if_due(&store, &TestDb::key(), now).expect("backup");
    }
    let status = backup::status(&store, now).expect("status");
    assert_eq!(status.backups.len(), 2, "pruned to 2: {:?}", status.backups);
    assert!(
        status.backups[0].taken_at.starts_with("2026-12-08T09:00"),
        "{:?}",
        status.backups
    );
    // No temporary file is left, and a file that is not an automatic backup is never pruned.
    let folder = std::path::Path::new(&status.folder);
    std::fs::write(folder.join("mijn-eigen.txt"), "x").expect("write");
    backup::prune(folder, 1).expect("prune");
    let names: Vec<String> = std::fs::read_dir(folder)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"mijn-eigen.txt".to_string()));
    // 0 hours: off.
    settings::set(&mut store, &actor(), &[change("backup.every_hours", "0")]).expect("off");
    let now = instant("2027-01-01T00:00:00Z");
    assert!(!backup::is_due(&store, now).expect("due"));
}

#[test]
fn restore_replaces_the_open_database_only_with_a_backup_that_proved_whole() {
    let db = TestDb::new();
    let mut store = db.open();
    let device = store.device_id().to_string();
    let kept = cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let now = instant("2026-12-07T08:00:00Z");
    let taken = backup::take_auto_backup(&store, &TestDb::key(), now).expect("backup");
    // After the backup: a second case and a new table name.
    let later = CaseDraft {
        company: Some(tafel::domain::CompanyDraft {
            name: Some("Later BV".into()),
            province: Some("UT".into()),
            ..Default::default()
        }),
        ..bakery()
    };
    let added = cases::add_case(&mut store, &actor(), &later, today()).expect("case");
    settings::set(
        &mut store,
        &actor(),
        &[change("table.name", "Na de back-up")],
    )
    .expect("set");

    // A damaged backup and a wrong passphrase are refused; the database stays as it was.
    let damaged = db.dir.path().join("kapot.tafelbackup");
    let mut bytes = std::fs::read(&taken.path).expect("read");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&damaged, &bytes).expect("write");
    assert!(
        backup::restore_replacing(
            &mut store,
            &TestDb::key(),
            &damaged,
            None,
            now,
            &tafel::progress::Silent
        )
        .is_err()
    );
    let err = backup::restore_replacing(
        &mut store,
        &TestDb::key(),
        std::path::Path::new(&taken.path),
        Some("niet de goede zin"),
        now,
        &tafel::progress::Silent,
    )
    .expect_err("wrong passphrase");
    assert_eq!(
        tafel::ErrorPayload::from(&err).code,
        "backup_passphrase",
        "{err:?}"
    );
    assert_eq!(
        cases::list_cases(&store, &Default::default(), tafel::clock::today())
            .expect("list")
            .len(),
        2
    );
    assert_eq!(settings::table_name(&store).expect("name"), "Na de back-up");

    let now = instant("2026-12-07T09:00:00Z");
    let report = backup::restore_replacing(
        &mut store,
        &TestDb::key(),
        std::path::Path::new(&taken.path),
        None,
        now,
        &tafel::progress::Silent,
    )
    .expect("restored");
    let list = cases::list_cases(&store, &Default::default(), tafel::clock::today()).expect("list");
    assert_eq!(
        list.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        vec![kept.id.as_str()]
    );
    assert_eq!(
        settings::table_name(&store).expect("name"),
        "Financieringstafel"
    );
    assert_eq!(store.device_id(), device, "the device keeps its id");
    // The data of before the restore is in an automatic backup, which restores it again.
    let before = report.before.expect("a backup of before");
    assert!(std::path::Path::new(&before.path).is_file());
    // Nothing is left beside the database but the database, its key-less sidecars and the folders.
    let leftovers: Vec<String> = std::fs::read_dir(db.dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("voor-terugzetten") || n.ends_with(".tafel-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // The file on disk is the restored one, encrypted with the same key.
    drop(store);
    let mut store = db.open();
    assert_eq!(
        cases::list_cases(&store, &Default::default(), tafel::clock::today())
            .expect("list")
            .len(),
        1
    );
    backup::restore_replacing(
        &mut store,
        &TestDb::key(),
        std::path::Path::new(&before.path),
        None,
        now,
        &tafel::progress::Silent,
    )
    .expect("undo");
    let ids: Vec<String> = cases::list_cases(&store, &Default::default(), tafel::clock::today())
        .expect("list")
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert!(ids.contains(&added.id) && ids.contains(&kept.id), "{ids:?}");
    assert_eq!(settings::table_name(&store).expect("name"), "Na de back-up");
}
