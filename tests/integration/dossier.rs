//! The case dossier against real encrypted files: versions and history, one copy per content,
//! limits and kinds, no plaintext on disk, temporary copies that go, PDF text in the search,
//! backups and erasure.

use std::fs;
use std::path::Path;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use tafel::domain::document::{DossierLimits, TextStatus};
use tafel::domain::{DocumentLevel, DocumentType};
use tafel::service::cases::add_case;
use tafel::service::documents::{self, DocumentDetails, OpenedFiles};
use tafel::service::erasure::{self, Confirmation};
use tafel::store::CaseFilter;

use crate::common::{KEY_HEX, TestDb, actor, bakery, tafel_bin, today};

/// A real PDF whose one page shows `lines` in Helvetica (uncompressed, so its bytes hold the
/// sentences as they are), padded with `padding` bytes of an unused stream.
pub(crate) fn pdf_with_text(lines: &[&str], padding: usize) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let (catalog, tree, page, font, content_id, pad) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
        Ref::new(6),
    );
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
    p.parent(tree);
    p.contents(content_id);
    p.resources().fonts().pair(Name(b"F1"), font);
    p.finish();
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    let mut content = Content::new();
    content.begin_text();
    content.set_font(Name(b"F1"), 12.0);
    content.next_line(72.0, 770.0);
    for line in lines {
        content.show(Str(line.as_bytes()));
        content.next_line(0.0, -16.0);
    }
    content.end_text();
    pdf.stream(content_id, &content.finish());
    if padding > 0 {
        // Not compressible, like a scan.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let noise: Vec<u8> = (0..padding)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        pdf.stream(pad, &noise);
    }
    pdf.finish()
}

/// A second company's case.
fn bike_shop() -> tafel::domain::CaseDraft {
    serde_json::from_value(serde_json::json!({
        "company": {"name": "Fietsenmakerij De Spaak", "kvk": "87654321", "province": "GE"},
        "amount_eur": 25000, "purpose": "growth", "stage": "startup", "sector": "other",
        "capital_types": ["microcredit"]
    }))
    .expect("draft")
}

fn details(doc_type: DocumentType) -> DocumentDetails {
    DocumentDetails {
        doc_type: Some(doc_type),
        ..Default::default()
    }
}

const SENTENCE: &str = "De omzet van Heliox steeg in het derde kwartaal met twaalf procent";

#[test]
fn add_replace_remove_keeps_versions_and_history() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let first = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.case_number,
        "jaarrekening-2024.pdf",
        pdf_with_text(&["Jaarrekening 2024"], 0),
        &DocumentDetails {
            doc_type: Some(DocumentType::AnnualAccounts),
            note: Some("  concept van de accountant ".into()),
            document_date: Some("31-12-2024".into()),
            ..Default::default()
        },
        today(),
    )
    .expect("add");
    assert_eq!(first.title, "jaarrekening-2024");
    assert_eq!(first.note.as_deref(), Some("concept van de accountant"));
    assert_eq!(
        first.level,
        DocumentLevel::Coordinator,
        "coordinator only by default"
    );
    assert_eq!(first.added_by, "Marieke Jansen");
    assert_eq!(first.current.version, 1);

    let replaced = documents::replace_document_bytes(
        &mut store,
        &actor(),
        &first.id,
        "jaarrekening-2024-definitief.pdf",
        pdf_with_text(&["Jaarrekening 2024 definitief"], 0),
        today(),
    )
    .expect("replace");
    assert_eq!(replaced.id, first.id);
    assert_eq!(replaced.current.version, 2);
    assert_eq!(
        replaced.current.file_name,
        "jaarrekening-2024-definitief.pdf"
    );
    let versions = documents::document_versions(&store, &first.id, today()).expect("versions");
    assert_eq!(
        versions
            .versions
            .iter()
            .map(|v| v.version)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert_ne!(versions.versions[0].sha256, versions.versions[1].sha256);

    documents::remove_document(&mut store, &actor(), &first.id).expect("remove");
    assert!(
        documents::list_documents(&store, &case.id, false, today())
            .expect("list")
            .is_empty()
    );
    let all = documents::list_documents(&store, &case.id, true, today()).expect("list all");
    assert_eq!(all.len(), 1);
    assert!(all[0].removed_at.is_some());
    assert_eq!(all[0].removed_by.as_deref(), Some("Marieke Jansen"));
    // The old versions' bytes are still there: the history can show what was in the dossier.
    let old = store
        .documents()
        .bytes(&versions.versions[0].sha256)
        .expect("old bytes");
    assert!(old.starts_with(b"%PDF"));
    // A removed document cannot be removed, replaced or changed again.
    let again = documents::remove_document(&mut store, &actor(), &first.id).expect_err("gone");
    assert_eq!(again.code(), "not_found");

    // A decline letter points only at a decline of its own case.
    let err = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "afwijzing.pdf",
        pdf_with_text(&["Afwijzing"], 0),
        &DocumentDetails {
            doc_type: Some(DocumentType::DeclineLetter),
            response_id: Some("geen-afwijzing".into()),
            ..Default::default()
        },
        today(),
    )
    .expect_err("no such decline");
    assert_eq!(err.field_errors()[0].code, "response_not_declined");

    let history = store
        .history()
        .of_case(&case.id, &case.company.id)
        .expect("history");
    let actions: Vec<&str> = history
        .iter()
        .filter(|e| e.entity == "document")
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(actions, ["create", "replace", "remove"]);
}

#[test]
fn the_same_file_twice_is_stored_once() {
    let db = TestDb::new();
    let mut store = db.open();
    let one = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let other_draft = bike_shop();
    let two = add_case(&mut store, &actor(), &other_draft, today()).expect("case 2");
    let bytes = pdf_with_text(&["Ondernemingsplan"], 200_000);
    for (case, name) in [
        (&one, "plan.pdf"),
        (&one, "plan-kopie.pdf"),
        (&two, "plan.pdf"),
    ] {
        documents::add_document_bytes(
            &mut store,
            &actor(),
            &case.id,
            name,
            bytes.clone(),
            &details(DocumentType::BusinessPlan),
            today(),
        )
        .expect("add");
    }
    let conn = store.conn_for_tests();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
    assert_eq!(count("SELECT count(*) FROM case_documents"), 3);
    assert_eq!(
        count("SELECT count(*) FROM document_blobs"),
        1,
        "one copy of the bytes"
    );
    assert_eq!(
        count("SELECT sum(length(bytes)) FROM document_blobs"),
        bytes.len() as i64
    );
}

#[test]
fn limits_and_kinds_are_checked_by_content_with_dutch_messages() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");

    // A Linux program renamed to look like annual accounts.
    let program = fs::read(tafel_bin()).expect("the tafel binary");
    let err = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "jaarrekening.pdf",
        program[..64 * 1024].to_vec(),
        &details(DocumentType::AnnualAccounts),
        today(),
    )
    .expect_err("a program is refused");
    assert_eq!(err.code(), "document_is_program");
    assert!(
        err.message_nl().contains("programma"),
        "{}",
        err.message_nl()
    );

    let err = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "archief.pdf",
        b"PK\x03\x04\x14\0\0\0\x08\0nothing office about it".to_vec(),
        &details(DocumentType::Other),
        today(),
    )
    .expect_err("a zip is refused");
    assert_eq!(err.code(), "document_kind_refused");

    // Over 50 MB: refused from its size, before it is read.
    let big = db.dir.path().join("groot.pdf");
    let file = fs::File::create(&big).expect("create");
    file.set_len(50 * 1024 * 1024 + 1).expect("size");
    let err = documents::add_document(
        &mut store,
        &actor(),
        &case.id,
        &big,
        &details(DocumentType::Other),
        today(),
    )
    .expect_err("too large");
    assert_eq!(err.code(), "document_too_large");
    assert!(
        err.message_nl().contains("hoogstens 50,0 MB"),
        "{}",
        err.message_nl()
    );

    // The case's limit (small here, to keep the test light): the file that would pass it is refused.
    let limits = DossierLimits {
        file_bytes: 100_000,
        case_bytes: 150_000,
    };
    let add = |store: &mut tafel::store::Store, name: &str, size: usize| {
        documents::add_document_within(
            store,
            &actor(),
            &case.id,
            name,
            pdf_with_text(&[name], size),
            &details(DocumentType::BankStatements),
            today(),
            &limits,
        )
    };
    add(&mut store, "januari.pdf", 70_000).expect("first fits");
    let err = add(&mut store, "februari.pdf", 90_000).expect_err("the case is full");
    assert_eq!(err.code(), "case_dossier_full");
    assert!(
        err.message_nl().contains("Verwijder eerst een document"),
        "{}",
        err.message_nl()
    );
    let err = add(&mut store, "maart.pdf", 120_000).expect_err("the file is too large");
    assert_eq!(err.code(), "document_too_large");

    // Nothing of the refused files was stored.
    let conn = store.conn_for_tests();
    let blobs: i64 = conn
        .query_row("SELECT count(*) FROM document_blobs", [], |r| r.get(0))
        .expect("count");
    assert_eq!(blobs, 1);
    assert_eq!(
        documents::list_documents(&store, &case.id, true, today())
            .expect("list")
            .len(),
        1
    );
}

#[test]
fn the_database_and_its_log_hold_no_plaintext_of_a_document() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let text = format!("{SENTENCE}.\nKwartaalcijfers, vertrouwelijk.\n");
    documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "kwartaal.txt",
        text.into_bytes(),
        &details(DocumentType::InterimFigures),
        today(),
    )
    .expect("add text");
    // The PDF's own bytes hold the sentence too (uncompressed), and its text goes into the index.
    let pdf = pdf_with_text(&["Prognose Heliox", "Liquiditeit blijft ruim voldoende"], 0);
    assert!(pdf.windows(11).any(|w| w == &b"Liquiditeit"[..]));
    documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "prognose.pdf",
        pdf,
        &details(DocumentType::CashFlowForecast),
        today(),
    )
    .expect("add pdf");
    let needles: [&[u8]; 3] = [
        SENTENCE.as_bytes(),
        b"Liquiditeit blijft",
        b"Kwartaalcijfers",
    ];
    let check = |phase: &str| {
        for suffix in ["", "-wal", "-shm"] {
            let path = db.path.with_file_name(format!("tafel.db{suffix}"));
            let Ok(bytes) = fs::read(&path) else {
                assert!(
                    phase == "closed" && !suffix.is_empty(),
                    "{} missing",
                    path.display()
                );
                continue;
            };
            for needle in needles {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle),
                    "{phase}: {:?} in plaintext in {}",
                    String::from_utf8_lossy(needle),
                    path.display()
                );
            }
        }
    };
    check("open");
    drop(store);
    check("closed");
    // And yet it is all there for the key's holder.
    let store = db.open();
    let list = documents::list_documents(&store, &case.id, false, today()).expect("list");
    let bytes = store
        .documents()
        .bytes(&list[0].current.sha256)
        .expect("bytes");
    assert!(String::from_utf8_lossy(&bytes).contains(SENTENCE));
}

#[cfg(unix)]
#[test]
fn an_opened_document_is_a_private_copy_that_goes_afterwards() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let bytes = pdf_with_text(&["Termsheet"], 0);
    let doc = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "termsheet.pdf",
        bytes.clone(),
        &details(DocumentType::TermSheet),
        today(),
    )
    .expect("add");
    let opened = OpenedFiles::at(db.dir.path().join("geopend"));
    let path = documents::open_document(&store, &doc.id, None, &opened).expect("open");
    assert_eq!(fs::read(&path).expect("copy"), bytes);
    assert_eq!(
        path.file_name().and_then(|n| n.to_str()),
        Some("termsheet.pdf")
    );
    let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "only the user reads the copy");
    assert_eq!(mode(path.parent().expect("folder")), 0o700);
    assert_eq!(mode(opened.root()), 0o700);
    opened.close(&path).expect("close");
    assert!(!path.exists());
    assert_eq!(fs::read_dir(opened.root()).expect("root").count(), 0);

    // What a crash left is swept at the next start.
    let left = documents::open_document(&store, &doc.id, Some(1), &opened).expect("open");
    assert_eq!(opened.sweep().expect("sweep"), 1);
    assert!(!left.exists());

    // A folder others may enter is not used.
    fs::set_permissions(opened.root(), fs::Permissions::from_mode(0o777)).expect("chmod");
    let err = documents::open_document(&store, &doc.id, None, &opened).expect_err("unsafe");
    assert_eq!(err.code(), "document_open_folder_unsafe");
}

#[cfg(unix)]
#[test]
fn the_cli_adds_lists_opens_and_removes_and_leaves_no_copy() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let db = TestDb::new();
    {
        let mut store = db.open();
        add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    }
    let case = db
        .open()
        .cases()
        .list(&CaseFilter::default())
        .expect("list")
        .remove(0);
    let file = db.dir.path().join("kvk-uittreksel.pdf");
    fs::write(&file, pdf_with_text(&["Uittreksel Handelsregister"], 0)).expect("write");
    let tmp = db.dir.path().join("tmp");
    fs::create_dir(&tmp).expect("tmp");
    let seen = db.dir.path().join("seen.pdf");
    let viewer = db.dir.path().join("viewer.sh");
    // A viewer that keeps what it was shown, to prove the copy was there while it ran.
    fs::write(
        &viewer,
        format!("#!/bin/sh\ncp \"$1\" '{}'\n", seen.display()),
    )
    .expect("viewer");
    fs::set_permissions(&viewer, fs::Permissions::from_mode(0o700)).expect("chmod");
    let run = |args: &[&str]| {
        let out = Command::new(tafel_bin())
            .args(args)
            .env("TAFEL_DB", &db.path)
            .env("TAFEL_DB_KEY", KEY_HEX)
            .env("TAFEL_KEYCHAIN", "off")
            .env("TAFEL_AUTHOR", "script")
            .env("TMPDIR", &tmp)
            .env("TAFEL_VIEWER", &viewer)
            .output()
            .expect("run tafel");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = run(&[
        "doc",
        "add",
        &case.case_number,
        file.to_str().expect("path"),
        "--type",
        "kvk_extract",
        "--date",
        "01-01-2026",
        "--json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let added: serde_json::Value = serde_json::from_str(&out).expect("json");
    let id = added["id"].as_str().expect("id").to_string();
    assert_eq!(added["doc_type"], "kvk_extract");
    assert_eq!(
        added["stale"], "kvk_extract_old",
        "an extract of January is old by November"
    );

    let (code, out, _) = run(&["doc", "list", &case.case_number]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("KvK-uittreksel") && out.contains("ouder dan een maand"),
        "{out}"
    );

    let (code, _, err) = run(&["doc", "open", &id]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        fs::read(&seen).expect("seen"),
        fs::read(&file).expect("file")
    );
    let root = tmp.join("tafel-geopend-".to_string() + &std::env::var("USER").unwrap_or_default());
    let leftovers: Vec<_> = fs::read_dir(&tmp)
        .expect("tmp")
        .flatten()
        .flat_map(|e| fs::read_dir(e.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .collect();
    assert!(
        leftovers.is_empty(),
        "left behind: {leftovers:?} (root {})",
        root.display()
    );

    let (code, _, err) = run(&["doc", "level", &id, "table"]);
    assert_eq!(code, Some(0), "{err}");
    // This laptop shares with no table: nothing goes to members, and it says so.
    let (code, out, err) = run(&["doc", "received", &case.case_number]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("Geen documenten van deze casus gaan naar leden"),
        "{out}"
    );
    // A case that does not exist is said so, also on a laptop that shares nothing.
    let (code, _, err) = run(&["doc", "received", "2099-9999"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("2099-9999 bestaat niet"), "{err}");
    let export = db.dir.path().join("uit.pdf");
    let (code, _, err) = run(&["doc", "export", &id, "-o", export.to_str().expect("path")]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        fs::read(&export).expect("export"),
        fs::read(&file).expect("file")
    );

    // A renamed program: refused with its code, exit 2.
    let fake = db.dir.path().join("jaarrekening.pdf");
    fs::copy("/bin/true", &fake).expect("copy");
    let (code, _, err) = run(&[
        "doc",
        "add",
        &case.case_number,
        fake.to_str().expect("path"),
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("programma"), "{err}");

    let (code, _, err) = run(&["doc", "remove", &id]);
    assert_eq!(code, Some(0), "{err}");
    let (_, out, _) = run(&["doc", "list", &case.case_number, "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).expect("json"),
        serde_json::json!([])
    );
}

#[test]
fn the_case_search_finds_a_document_by_name_and_by_its_pdf_text() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let search = |store: &tafel::store::Store, text: &str| -> Vec<String> {
        store
            .cases()
            .list(&CaseFilter {
                query: Some(text.into()),
                ..Default::default()
            })
            .expect("search")
            .into_iter()
            .map(|c| c.id)
            .collect()
    };
    assert!(search(&store, "zonnepanelen").is_empty());
    let doc = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "offerte-dakwerk.pdf",
        pdf_with_text(&["Offerte voor zonnepanelen op het dak van de bakkerij"], 0),
        &details(DocumentType::TermSheet),
        today(),
    )
    .expect("add");
    assert_eq!(doc.current.text_status, TextStatus::Read);
    assert_eq!(
        search(&store, "zonnepanelen"),
        std::slice::from_ref(&case.id),
        "by the PDF's text"
    );
    assert_eq!(
        search(&store, "dakwerk"),
        std::slice::from_ref(&case.id),
        "by the file's name"
    );

    // A damaged PDF is stored, marked unreadable, never a failed upload.
    let broken = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "kapot.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog broken beyond repair".to_vec(),
        &details(DocumentType::Other),
        today(),
    )
    .expect("a broken PDF is stored");
    assert_eq!(broken.current.text_status, TextStatus::Unreadable);
    assert_eq!(search(&store, "kapot"), std::slice::from_ref(&case.id));

    // A removed document no longer finds its case.
    documents::remove_document(&mut store, &actor(), &doc.id).expect("remove");
    assert!(search(&store, "zonnepanelen").is_empty());
}

#[test]
fn a_whole_table_document_naming_its_company_is_warned_about() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let named = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "prognose.pdf",
        pdf_with_text(
            &["Liquiditeitsprognose Bakkerij Zonnedauw BV, KvK 71234567"],
            0,
        ),
        &details(DocumentType::CashFlowForecast),
        today(),
    )
    .expect("add");
    assert!(
        named.identifying.is_empty(),
        "coordinator only: nothing to warn about"
    );
    let table = documents::set_level(
        &mut store,
        &actor(),
        &named.id,
        DocumentLevel::Table,
        today(),
    )
    .expect("level");
    assert_eq!(table.level, DocumentLevel::Table);
    assert_eq!(table.identifying, ["Bakkerij Zonnedauw BV", "71234567"]);
    let clean = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "sectorcijfers.pdf",
        pdf_with_text(&["Gemiddelde marges in de ambachtelijke bakkerij"], 0),
        &DocumentDetails {
            doc_type: Some(DocumentType::Other),
            level: Some(DocumentLevel::Table),
            ..Default::default()
        },
        today(),
    )
    .expect("add");
    assert!(clean.identifying.is_empty());
}

#[test]
fn backup_and_restore_carry_the_dossier() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let pdf = pdf_with_text(&["Bankafschriften met kasstroom van de winkel"], 50_000);
    let doc = documents::add_document_bytes(
        &mut store,
        &actor(),
        &case.id,
        "afschriften.pdf",
        pdf.clone(),
        &details(DocumentType::BankStatements),
        today(),
    )
    .expect("add");
    documents::replace_document_bytes(
        &mut store,
        &actor(),
        &doc.id,
        "afschriften-2.pdf",
        pdf_with_text(&["Bankafschriften tweede kwartaal kasstroom"], 10_000),
        today(),
    )
    .expect("replace");
    let before = documents::list_documents(&store, &case.id, true, today()).expect("list");

    let plain = db.dir.path().join("backup.json");
    tafel::service::transfer::backup(&store, &actor(), &plain, &tafel::progress::Silent)
        .expect("backup");
    let encrypted = db.dir.path().join("backup.tafelbackup");
    tafel::service::transfer::backup_encrypted(
        &store,
        &actor(),
        &encrypted,
        "een lange wachtwoordzin",
        &tafel::progress::Silent,
    )
    .expect("encrypted backup");
    assert!(
        !fs::read(&encrypted)
            .expect("read")
            .windows(14)
            .any(|w| w == b"Bankafschrifte"),
        "the encrypted backup holds no plaintext"
    );

    for (name, restore) in [("json", 0), ("encrypted", 1)] {
        let target = TestDb::new();
        let mut restored = target.open();
        if restore == 0 {
            tafel::service::transfer::restore(&mut restored, &plain, &tafel::progress::Silent)
                .expect("restore");
        } else {
            tafel::service::transfer::restore_encrypted(
                &mut restored,
                &encrypted,
                "een lange wachtwoordzin",
                &tafel::progress::Silent,
            )
            .expect("restore encrypted");
        }
        let after = documents::list_documents(&restored, &case.id, true, today()).expect("list");
        assert_eq!(after, before, "{name}");
        let versions = restored.documents().versions(&doc.id).expect("versions");
        assert_eq!(versions.len(), 2, "{name}");
        assert_eq!(
            restored
                .documents()
                .bytes(&versions[0].sha256)
                .expect("bytes"),
            pdf,
            "{name}"
        );
        let found = restored
            .cases()
            .list(&CaseFilter {
                query: Some("kasstroom".into()),
                ..Default::default()
            })
            .expect("search");
        assert_eq!(
            found.len(),
            1,
            "{name}: the rebuilt index holds the PDF's text"
        );
    }
}

#[test]
fn erasing_a_company_removes_its_documents_and_their_names() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let other_draft = bike_shop();
    let other = add_case(&mut store, &actor(), &other_draft, today()).expect("other");
    let shared = pdf_with_text(&["Algemene voorwaarden Krentenbolfonds"], 0);
    for (case_id, name, bytes) in [
        (
            &case.id,
            "Zonnedauw-jaarrekening.pdf",
            pdf_with_text(&["Jaarrekening Zonnedauw Speltvloer"], 0),
        ),
        (&case.id, "voorwaarden.pdf", shared.clone()),
        (&other.id, "voorwaarden.pdf", shared.clone()),
    ] {
        documents::add_document_bytes(
            &mut store,
            &actor(),
            case_id,
            name,
            bytes,
            &details(DocumentType::AnnualAccounts),
            today(),
        )
        .expect("add");
    }
    erasure::erase_company(&mut store, &actor(), "71234567", Confirmation::Given).expect("erase");
    assert!(
        documents::list_documents(&store, &case.id, true, today())
            .expect("list")
            .is_empty(),
        "the erased company's documents are gone, removed ones included"
    );
    // The other company's copy of the shared file stays.
    let left = documents::list_documents(&store, &other.id, true, today()).expect("list");
    assert_eq!(left.len(), 1);
    assert_eq!(
        store
            .documents()
            .bytes(&left[0].current.sha256)
            .expect("bytes"),
        shared
    );
    let found = crate::erasure::occurrences(&store, &["Zonnedauw-jaarrekening", "Speltvloer"]);
    assert!(found.is_empty(), "still in the database: {found:?}");
}

/// The case page finds its dossier's entries through the index on the case id they carry
/// (migration 0012), not by reading the JSON of every document entry in the log.
#[test]
fn the_case_history_reads_document_entries_through_their_index() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let other = add_case(&mut store, &actor(), &bike_shop(), today()).expect("case");
    for (c, name) in [(&case, "a.txt"), (&other, "b.txt"), (&other, "c.txt")] {
        documents::add_document_bytes(
            &mut store,
            &actor(),
            &c.id,
            name,
            format!("Notitie {name}").into_bytes(),
            &DocumentDetails::default(),
            today(),
        )
        .expect("add");
    }
    let plan = store.history().case_history_plan().expect("plan");
    assert!(
        plan.iter()
            .any(|step| step.contains("USING INDEX change_log_document_case")),
        "{plan:#?}"
    );
    assert!(
        !plan.iter().any(|step| step.starts_with("SCAN change_log")),
        "no step reads the whole log: {plan:#?}"
    );
    let history = tafel::service::cases::get_case_with_history(&store, &case.id).expect("page");
    let documents_in_history = serde_json::to_string(&history).expect("json");
    assert!(documents_in_history.contains("a.txt"));
    assert!(!documents_in_history.contains("b.txt") && !documents_in_history.contains("c.txt"));
}
