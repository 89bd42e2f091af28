//! The dossier benchmark (`cargo bench --bench dossier`), on encrypted database files.
//!
//! - attaching a 20 MB PDF (100 pages of text and a scan-like stream): checked by content,
//!   hashed, stored encrypted and its text read and indexed — a new file each run;
//! - listing a case with 50 documents;
//! - the case page (the case with its history) of a case with 50 documents, against the same
//!   page of a case without documents, measured in the same run (the goal: as fast), among 100
//!   other cases with 10 documents each;
//! - an encrypted backup of a database holding 1 GB of documents (`TAFEL_BENCH_DOSSIER_MB`
//!   for another size), written and checked as the app does.
//!
//! `TAFEL_BENCH_DOSSIER_ONLY=attach|list|backup` runs one of the three.

mod common;

use std::time::{Duration, Instant};

use common::Goal;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use tafel::domain::{Actor, CaseDraft, DocumentType, WriteSource};
use tafel::service::cases::{add_case, get_case_with_history, update_case};
use tafel::service::documents::{self, DocumentDetails};
use tafel::store::{DbKey, Store};

const KEY: &str = "0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed";

fn actor() -> Actor {
    Actor {
        author: "bench".into(),
        source: WriteSource::Cli,
        at: tafel::clock::moment(),
    }
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date")
}

fn draft(n: u32) -> CaseDraft {
    serde_json::from_value(serde_json::json!({
        "company": {"name": format!("Bakkerij {n} BV"), "kvk": format!("{:08}", 71_000_000 + n), "province": "UT"},
        "amount_eur": 40000, "purpose": "start", "stage": "startup", "sector": "other",
        "capital_types": ["microcredit"]
    }))
    .expect("draft")
}

/// Bytes that do not compress, like a scan; `seed` makes each file new.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1D_u64 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A PDF of `pages` pages of text, padded with a scan-like stream to about `total` bytes.
fn pdf(pages: usize, total: usize, seed: u64) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let pad = Ref::new(4);
    let page_ids: Vec<Ref> = (0..pages).map(|i| Ref::new(10 + 2 * i as i32)).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages as i32);
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    for (i, id) in page_ids.iter().enumerate() {
        let content_id = Ref::new(id.get() + 1);
        let mut page = pdf.page(*id);
        page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
        page.parent(tree);
        page.contents(content_id);
        page.resources().fonts().pair(Name(b"F1"), font);
        page.finish();
        let mut content = Content::new();
        content.begin_text();
        content.set_font(Name(b"F1"), 10.0);
        content.next_line(60.0, 790.0);
        for line in 0..40 {
            let text = format!(
                "Pagina {i} regel {line}: omzet, marge en kasstroom van het kwartaal {seed}"
            );
            content.show(Str(text.as_bytes()));
            content.next_line(0.0, -18.0);
        }
        content.end_text();
        pdf.stream(content_id, &content.finish());
    }
    let so_far = 60_000 * pages / 20;
    pdf.stream(pad, &noise(total.saturating_sub(so_far), seed));
    pdf.finish()
}

fn open(dir: &std::path::Path, name: &str) -> Store {
    Store::open(&dir.join(name), &DbKey::parse(KEY).expect("key")).expect("open")
}

fn attach_20_mb(dir: &std::path::Path) {
    let mut store = open(dir, "attach.db");
    let case = add_case(&mut store, &actor(), &draft(1), today()).expect("case");
    let runs = 5;
    let files: Vec<Vec<u8>> = (0..runs)
        .map(|i| pdf(100, 20 * 1024 * 1024, i as u64))
        .collect();
    let size = files[0].len();
    let mut samples = Vec::new();
    for (i, bytes) in files.into_iter().enumerate() {
        let start = Instant::now();
        let doc = documents::add_document_bytes(
            &mut store,
            &actor(),
            &case.id,
            &format!("jaarrekening-{i}.pdf"),
            bytes,
            &DocumentDetails {
                doc_type: Some(DocumentType::AnnualAccounts),
                ..Default::default()
            },
            today(),
        )
        .expect("attach");
        samples.push(start.elapsed());
        assert_eq!(
            doc.current.text_status,
            tafel::domain::document::TextStatus::Read,
            "the PDF's text is read"
        );
    }
    common::figure(
        "dossier",
        "attach a 20 MB PDF (100 pages of text; stored, text read and indexed)",
        &samples,
        None,
        &format!("{:.1} MB, a new file each run", size as f64 / 1048576.0),
    );
}

/// Cases whose dossiers fill the change log around the measured ones: 100 cases of 10 small
/// documents each (1,000 document entries the case page must not wade through).
const OTHER_CASES: u32 = 100;
const DOCUMENTS_EACH: u32 = 10;

fn list_and_case_page(dir: &std::path::Path) {
    let mut store = open(dir, "list.db");
    for n in 0..OTHER_CASES {
        let other = add_case(&mut store, &actor(), &draft(100 + n), today()).expect("case");
        for i in 0..DOCUMENTS_EACH {
            documents::add_document_bytes(
                &mut store,
                &actor(),
                &other.id,
                &format!("notitie-{i}.txt"),
                format!("Notitie {i} bij casus {n}.\n").into_bytes(),
                &DocumentDetails::default(),
                today(),
            )
            .expect("attach");
        }
    }
    let empty = add_case(&mut store, &actor(), &draft(2), today()).expect("case");
    let full = add_case(&mut store, &actor(), &draft(3), today()).expect("case");
    for i in 0..50u64 {
        documents::add_document_bytes(
            &mut store,
            &actor(),
            &full.id,
            &format!("stuk-{i}.pdf"),
            pdf(2, 200 * 1024, 1000 + i),
            &DocumentDetails {
                doc_type: Some(DocumentType::BankStatements),
                ..Default::default()
            },
            today(),
        )
        .expect("attach");
    }
    // As many history entries as the case with documents, none of them a document: what the
    // page costs for its history alone, so the comparison isolates what documents add.
    let busy = add_case(&mut store, &actor(), &draft(4), today()).expect("case");
    for i in 0..50u64 {
        update_case(
            &mut store,
            &actor(),
            &busy.id,
            &serde_json::json!({ "notes": format!("Gebeld met de bank, ronde {i}") }),
            today(),
        )
        .expect("edit");
    }
    let list = common::sample(300, || {
        documents::list_documents(&store, &full.id, false, today()).expect("list")
    });
    common::figure(
        "dossier",
        "list a case with 50 documents",
        &list,
        Some(Goal::AtMostMs(10.0)),
        "50 rows, no bytes read",
    );
    // Alternating, so both see the same machine.
    let mut with = Vec::new();
    let mut without = Vec::new();
    let mut as_long = Vec::new();
    let page = |id: &str| common::sample(1, || get_case_with_history(&store, id).expect("page"))[0];
    for _ in 0..300 {
        without.push(page(&empty.id));
        with.push(page(&full.id));
        as_long.push(page(&busy.id));
    }
    let entries = |id: &str| {
        get_case_with_history(&store, id)
            .expect("page")
            .history
            .len()
    };
    let note = format!(
        "the case and its history ({} entries against {}); 1,000 other documents in the log",
        entries(&full.id),
        entries(&empty.id)
    );
    let (with_median, _) = common::figure(
        "dossier",
        "case page of a case with 50 documents",
        &with,
        None,
        &note,
    );
    let (without_median, _) = common::figure(
        "dossier",
        "case page of a case without documents",
        &without,
        None,
        "same run, for comparison",
    );
    let (as_long_median, _) = common::figure(
        "dossier",
        "case page of a case with as long a history and no documents",
        &as_long,
        None,
        &format!(
            "{} entries, 50 of them edits of the notes; same run",
            entries(&busy.id)
        ),
    );
    common::ratio(
        "dossier",
        "case page without documents ÷ with 50 documents",
        without_median / with_median,
        None,
        "1.0 = as fast; the case with documents shows 50 more history entries",
    );
    common::ratio(
        "dossier",
        "case page with as long a history, no documents ÷ with 50 documents",
        as_long_median / with_median,
        Some(Goal::AtLeast(0.8)),
        "1.0 = documents cost the page nothing beyond their history entries",
    );
}

fn backup_of_a_gigabyte(dir: &std::path::Path) {
    let megabytes: usize = std::env::var("TAFEL_BENCH_DOSSIER_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let mut store = open(dir, "big.db");
    let file = 45 * 1024 * 1024;
    let files = (megabytes * 1024 * 1024).div_ceil(file);
    let started = Instant::now();
    let mut case = None;
    for i in 0..files {
        // A case holds at most 500 MB: ten files each.
        if i % 10 == 0 {
            case = Some(
                add_case(&mut store, &actor(), &draft(100 + i as u32), today()).expect("case"),
            );
        }
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bytes.extend(noise(file - bytes.len(), 5000 + i as u64));
        documents::add_document_bytes(
            &mut store,
            &actor(),
            &case.as_ref().expect("case").id,
            &format!("scan-{i}.png"),
            bytes,
            &DocumentDetails::default(),
            today(),
        )
        .expect("attach");
    }
    let filled = started.elapsed();
    println!(
        "filled {files} files of 45 MB in {:.1} s",
        filled.as_secs_f64()
    );
    let mut samples: Vec<Duration> = Vec::new();
    for run in 0..3 {
        let target = dir.join(format!("backup-{run}.tafelbackup"));
        let start = Instant::now();
        tafel::service::transfer::backup_encrypted(
            &store,
            &actor(),
            &target,
            "een lange wachtwoordzin",
            &tafel::progress::Silent,
        )
        .expect("backup");
        samples.push(start.elapsed());
        std::fs::remove_file(&target).expect("remove");
    }
    common::figure(
        "dossier",
        &format!("encrypted backup of a database with {megabytes} MB of documents"),
        &samples,
        None,
        "written with SQLCipher's export, then every page checked and rows counted",
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("dir");
    // `TAFEL_BENCH_DOSSIER_ONLY=attach|list|backup` runs one part.
    let only = std::env::var("TAFEL_BENCH_DOSSIER_ONLY").unwrap_or_default();
    let runs = |part: &str| only.is_empty() || only == part;
    if runs("attach") {
        attach_20_mb(dir.path());
    }
    if runs("list") {
        list_and_case_page(dir.path());
    }
    if runs("backup") {
        backup_of_a_gigabyte(dir.path());
    }
}
