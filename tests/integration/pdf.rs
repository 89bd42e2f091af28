//! PDF documents: every demo case's summary, named and anonymised, and a meeting pack —
//! rendered for real and read back with poppler (`pdftotext`, `pdfinfo`).

use std::path::Path;
use std::process::Command;

use tafel::domain::{Case, CaseStatus};
use tafel::report::documents::Lang;
use tafel::service::{cases, demo, meetings, pdf};
use tafel::store::Store;

use crate::common::{TestDb, actor, today};

pub(crate) fn text_of(pdf_path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf_path.display()
    );
    // Layout mode may break a long value over two lines; compare on single spaces.
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn pages_of(pdf_path: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(pdf_path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// The names of the files attached to a PDF, as `pdfdetach -list` prints them.
fn attachments_of(pdf_path: &Path) -> String {
    let out = Command::new("pdfdetach")
        .arg("-list")
        .arg(pdf_path)
        .output()
        .expect("pdfdetach (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo's first meeting with cases on its agenda.
fn meeting_with_cases(store: &Store) -> tafel::domain::Meeting {
    let planned = meetings::list_meetings(store)
        .expect("meetings")
        .into_iter()
        .find(|m| m.case_count > 0)
        .expect("a meeting with cases");
    meetings::get_meeting(store, &planned.id).expect("meeting")
}

/// The document information and XMP metadata, as `pdfinfo` reads them.
fn metadata_of(pdf_path: &Path) -> String {
    let info = Command::new("pdfinfo")
        .arg(pdf_path)
        .output()
        .expect("pdfinfo");
    let meta = Command::new("pdfinfo")
        .arg("-meta")
        .arg(pdf_path)
        .output()
        .expect("pdfinfo -meta");
    squash(&format!(
        "{}\n{}",
        String::from_utf8_lossy(&info.stdout),
        String::from_utf8_lossy(&meta.stdout)
    ))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Values that identify the company, as they would be printed.
fn identifying(case: &Case) -> Vec<String> {
    let c = &case.company;
    let mut values = vec![c.name.clone()];
    values.extend(
        [
            c.kvk.clone(),
            c.address.clone(),
            c.contact_name.clone(),
            c.contact_email.clone(),
            c.contact_phone.clone(),
        ]
        .into_iter()
        .flatten(),
    );
    if let Some(m) = &c.municipality
        && m != c.province.label_nl()
    {
        values.push(m.clone());
    }
    if let Some(t) = c.turnover_cents {
        values.push(tafel::domain::money::format_euros(t));
    }
    values.extend(
        [
            case.notes.clone(),
            case.earlier_declines.clone(),
            case.next_action.clone(),
        ]
        .into_iter()
        .flatten(),
    );
    values
        .into_iter()
        .map(|v| squash(&v))
        .filter(|v| v.len() >= 4)
        .collect()
}

fn demo_store(db: &TestDb) -> Store {
    let mut store = db.open();
    demo::load_demo(&mut store, &actor(), today()).expect("demo");
    store
}

#[test]
fn every_demo_case_renders_named_and_anonymised_and_the_anonymised_one_leaks_nothing() {
    let db = TestDb::new();
    let store = demo_store(&db);
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let list =
        cases::list_cases(&store, &Default::default(), tafel::clock::today()).expect("cases");
    assert_eq!(list.len(), 60);
    let mut accents_seen = false;
    for summary in &list {
        let case = cases::get_case(&store, &summary.id).expect("case");
        for anonymised in [false, true] {
            let bytes =
                pdf::case_summary_pdf(&store, &renderer, &case.id, anonymised, Lang::Nl, today())
                    .expect("render");
            let path = db
                .dir
                .path()
                .join(format!("{}-{anonymised}.pdf", case.case_number));
            std::fs::write(&path, &bytes).expect("write");
            let pages = pages_of(&path);
            assert!(
                (1..=3).contains(&pages),
                "{} ({anonymised}): {pages} pages",
                case.case_number
            );
            let text = text_of(&path);
            assert!(
                text.contains(&case.case_number),
                "{}: number in the header",
                case.case_number
            );
            assert!(
                text.contains(&tafel::domain::money::format_euros(case.amount_cents)),
                "{}: € amount survives extraction",
                case.case_number
            );
            assert!(
                text.contains(&format!("van {pages}")),
                "{}: page x of y in the footer",
                case.case_number
            );
            if anonymised {
                let metadata = metadata_of(&path);
                for value in identifying(&case) {
                    assert!(
                        !text.contains(&value),
                        "{}: anonymised PDF shows {value:?}",
                        case.case_number
                    );
                    assert!(
                        !metadata.contains(&value),
                        "{}: anonymised PDF's metadata holds {value:?}: {metadata}",
                        case.case_number
                    );
                }
                assert!(
                    text.contains(case.company.province.label_nl()),
                    "the province stays"
                );
            } else {
                assert!(
                    text.contains(&squash(&case.company.name)),
                    "{}: the named PDF names the company",
                    case.case_number
                );
                if let Some(kvk) = &case.company.kvk {
                    assert!(text.contains(kvk.as_str()));
                }
            }
            // Named PDFs print the company name whole, so accented names (Proteïne, Energiecoöperatie) prove accents survive.
            accents_seen |= !anonymised && !case.company.name.is_ascii();
        }
    }
    assert!(accents_seen, "accented names survive extraction");
}

#[test]
fn the_english_summary_speaks_english() {
    let db = TestDb::new();
    let store = demo_store(&db);
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let case = cases::list_cases(
        &store,
        &tafel::store::CaseFilter {
            statuses: vec![CaseStatus::Financed],
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("list")[0]
        .clone();
    let bytes = pdf::case_summary_pdf(&store, &renderer, &case.id, false, Lang::En, today())
        .expect("render");
    let path = db.dir.path().join("en.pdf");
    std::fs::write(&path, bytes).expect("write");
    let text = text_of(&path);
    assert!(
        text.contains("Case summary") && text.contains("Financed"),
        "{text}"
    );
    assert!(text.contains("Page 1 of"));
}

#[test]
fn exports_are_recorded_and_the_meeting_pack_holds_every_agenda_case() {
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let case = cases::list_cases(&store, &Default::default(), tafel::clock::today()).expect("list")
        [0]
    .clone();
    let path = db.dir.path().join("out").join("anoniem.pdf");
    let report = pdf::export_case_pdf(
        &mut store,
        &actor(),
        &renderer,
        &case.case_number,
        pdf::SummaryVersion {
            anonymised: true,
            lang: Lang::Nl,
        },
        &path,
        today(),
    )
    .expect("export");
    assert!(report.anonymised && report.bytes > 10_000 && path.exists());
    let history = cases::get_case_with_history(&store, &case.id)
        .expect("history")
        .history;
    let export = history
        .iter()
        .rev()
        .find(|e| e.action == "export_pdf")
        .expect("export in the change log");
    assert_eq!(export.author, "Marieke Jansen");
    assert_eq!(export.changes["export"][1]["version"], "anonymised");

    // A file that cannot be written records nothing.
    let before = store.history().count().expect("count");
    let blocked = db.dir.path().join("anoniem.pdf").join("x.pdf");
    std::fs::write(db.dir.path().join("anoniem.pdf"), b"not a folder").expect("file");
    assert!(
        pdf::export_case_pdf(
            &mut store,
            &actor(),
            &renderer,
            &case.id,
            pdf::SummaryVersion::default(),
            &blocked,
            today()
        )
        .is_err()
    );
    assert_eq!(store.history().count().expect("count"), before);

    let meeting = meeting_with_cases(&store);
    let pack = db.dir.path().join("pack.pdf");
    pdf::export_meeting_pack(
        &mut store,
        &actor(),
        &renderer,
        &meeting.id,
        Lang::Nl,
        &pack,
        today(),
        &tafel::progress::Silent,
    )
    .expect("pack");
    let pages = pages_of(&pack);
    assert!(
        pages as usize > meeting.agenda.len(),
        "agenda plus a page per case: {pages}"
    );
    let text = text_of(&pack);
    for item in &meeting.agenda {
        assert!(text.contains(&item.case_number));
        let case = cases::get_case(&store, &item.case_id).expect("case");
        for value in identifying(&case) {
            assert!(!text.contains(&value), "meeting pack shows {value:?}");
        }
    }
}

#[test]
fn the_cli_writes_both_pdfs() {
    let db = TestDb::new();
    demo_store(&db);
    let named = db.dir.path().join("named.pdf");
    let out = crate::common::tafel(
        &db,
        &[
            "export",
            "pdf",
            "2026-0001",
            "-o",
            named.to_str().expect("path"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let anonymous = db.dir.path().join("anon.pdf");
    let out = crate::common::tafel(
        &db,
        &[
            "export",
            "pdf",
            "2026-0001",
            "--anonymised",
            "-o",
            anonymous.to_str().expect("path"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("geanonimiseerd"));
    assert!(text_of(&named).len() > text_of(&anonymous).len() / 2);
    let bad = crate::common::tafel(
        &db,
        &["export", "pdf", "2026-0001", "--lang", "fr", "-o", "x.pdf"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Onbekende taal"));
}

/// Free text never reaches an anonymised document: a meeting title or a legal form typed as
/// the company's name is left out (the named version keeps the title), a known legal form is
/// shown as its standard name, and the meeting pack holds neither.
#[test]
fn anonymised_documents_leave_out_meeting_titles_and_unknown_legal_forms() {
    let db = TestDb::new();
    let mut store = db.open();
    let draft: tafel::domain::CaseDraft = serde_json::from_value(serde_json::json!({
        "company": {"name": "Zuivelboerderij Hoekstra", "province": "FR", "legal_form": "Hoekstra Beheer"},
        "amount_eur": 400000, "purpose": "growth", "stage": "growth", "sector": "agri_food",
        "capital_types": ["subordinated_loan"], "status": "ready",
    }))
    .expect("draft");
    let case = cases::add_case(&mut store, &actor(), &draft, today()).expect("case");
    let meeting = meetings::create_meeting(
        &mut store,
        &actor(),
        &tafel::domain::MeetingDraft {
            title: "Extra tafel voor Hoekstra".into(),
            date: "2026-11-10".into(),
            ..Default::default()
        },
    )
    .expect("meeting");
    meetings::add_case_to_agenda(&mut store, &actor(), &meeting.id, &case.id).expect("agenda");
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let write = |name: &str, bytes: Vec<u8>| {
        let path = db.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    };
    let named = write(
        "named.pdf",
        pdf::case_summary_pdf(&store, &renderer, &case.id, false, Lang::Nl, today())
            .expect("named"),
    );
    assert!(
        text_of(&named).contains("Besproken in Extra tafel voor Hoekstra"),
        "{}",
        text_of(&named)
    );
    let anonymised = write(
        "anon.pdf",
        pdf::case_summary_pdf(&store, &renderer, &case.id, true, Lang::Nl, today())
            .expect("anonymised"),
    );
    let pack = write(
        "pack.pdf",
        pdf::meeting_pack_pdf(
            &store,
            &renderer,
            &meeting.id,
            Lang::Nl,
            today(),
            &tafel::progress::Silent,
        )
        .expect("pack"),
    );
    let all = format!("{} {}", text_of(&anonymised), metadata_of(&anonymised));
    assert!(!all.contains("Hoekstra"), "the anonymised summary: {all}");
    // The pack carries its meeting's own title (the invite has it too); of the case it holds
    // only the one-pager's values.
    let all = format!("{} {}", text_of(&pack), metadata_of(&pack));
    assert!(
        !all.contains("Zuivelboerderij") && !all.contains("Beheer"),
        "the meeting pack: {all}"
    );
    assert!(text_of(&anonymised).contains("Besproken aan de financieringstafel"));

    // A known legal form is shown, in its standard spelling.
    let update = serde_json::json!({"company": {"name": "Zuivelboerderij Hoekstra", "province": "FR", "legal_form": "b.v."}});
    cases::update_case(&mut store, &actor(), &case.id, &update, today()).expect("legal form");
    let anonymised = write(
        "anon-bv.pdf",
        pdf::case_summary_pdf(&store, &renderer, &case.id, true, Lang::Nl, today())
            .expect("anonymised"),
    );
    assert!(
        text_of(&anonymised).contains("BV"),
        "{}",
        text_of(&anonymised)
    );
    assert_eq!(
        tafel::domain::anonymise::known_legal_form("Coöperatie U.A."),
        Some("Coöperatie")
    );
    assert_eq!(
        tafel::domain::anonymise::known_legal_form("Hoekstra Beheer"),
        None
    );
}

/// The meeting pack places the first pages of each agenda case's whole-table PDFs after the
/// case's page and attaches every whole-table document whole; a coordinator-only or consented
/// document is neither placed nor attached.
#[test]
fn the_meeting_pack_places_and_attaches_the_whole_table_documents_only() {
    use tafel::domain::{DocumentLevel, DocumentType};
    use tafel::service::documents::{self, DocumentDetails};
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let meeting = meeting_with_cases(&store);
    let case_id = meeting.agenda[0].case_id.clone();
    let before = {
        let plain = db.dir.path().join("zonder.pdf");
        let bytes = pdf::meeting_pack_pdf(
            &store,
            &renderer,
            &meeting.id,
            Lang::Nl,
            today(),
            &tafel::progress::Silent,
        )
        .expect("pack");
        std::fs::write(&plain, bytes).expect("write");
        pages_of(&plain)
    };
    let add = |store: &mut Store, name: &str, bytes: Vec<u8>, level: DocumentLevel| {
        documents::add_document_bytes(
            store,
            &actor(),
            &case_id,
            name,
            bytes,
            &DocumentDetails {
                doc_type: Some(DocumentType::CashFlowForecast),
                level: Some(level),
                ..Default::default()
            },
            today(),
        )
        .expect("add")
    };
    add(
        &mut store,
        "sectorprognose.pdf",
        crate::dossier::pdf_with_text(&["Sectorprognose bouwrobotica: groei negen procent"], 0),
        DocumentLevel::Table,
    );
    add(
        &mut store,
        "liquiditeit.csv",
        b"maand;saldo\njan;1000\n".to_vec(),
        DocumentLevel::Table,
    );
    // A PDF no reader makes sense of: attached, not placed, and the pack is made all the same.
    add(
        &mut store,
        "kapot.pdf",
        b"%PDF-1.7\nniet meer dan dit".to_vec(),
        DocumentLevel::Table,
    );
    add(
        &mut store,
        "geheim.pdf",
        crate::dossier::pdf_with_text(&["Vertrouwelijke notitie van de coordinator"], 0),
        DocumentLevel::Coordinator,
    );
    add(
        &mut store,
        "toestemming.pdf",
        crate::dossier::pdf_with_text(&["Alleen voor financiers met toestemming"], 0),
        DocumentLevel::Consented,
    );
    let pack = db.dir.path().join("pack-met-documenten.pdf");
    pdf::export_meeting_pack(
        &mut store,
        &actor(),
        &renderer,
        &meeting.id,
        Lang::Nl,
        &pack,
        today(),
        &tafel::progress::Silent,
    )
    .expect("pack");
    let text = text_of(&pack);
    assert!(text.contains("Documenten voor de hele tafel"), "{text}");
    assert!(text.contains("Bijlage bij casus"), "{text}");
    assert!(
        text.contains("Sectorprognose bouwrobotica: groei negen procent"),
        "the placed page keeps its text"
    );
    assert!(!text.contains("Vertrouwelijke notitie"));
    assert!(!text.contains("Alleen voor financiers"));
    assert_eq!(
        pages_of(&pack),
        before + 1,
        "one placed page: the one-page PDF (the CSV and the broken PDF are attached only)"
    );
    let listed = attachments_of(&pack);
    assert!(listed.contains("sectorprognose.pdf"), "{listed}");
    assert!(listed.contains("liquiditeit.csv"), "{listed}");
    assert!(listed.contains("kapot.pdf"), "{listed}");
    assert!(
        !listed.contains("geheim") && !listed.contains("toestemming"),
        "{listed}"
    );
}

/// A document typst refuses to place (here an image whose PNG signature is right and whose
/// data is cut off, which the dossier accepts by its content): the pack is made all the same,
/// with every whole-table document attached and none placed, rather than failing.
#[test]
fn a_document_typst_cannot_place_leaves_the_pack_made_with_every_document_attached() {
    use tafel::domain::{DocumentLevel, DocumentType};
    use tafel::service::documents::{self, DocumentDetails};
    let db = TestDb::new();
    let mut store = demo_store(&db);
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let meeting = meeting_with_cases(&store);
    let case_id = meeting.agenda[0].case_id.clone();
    let pack_pages = |store: &Store, name: &str| {
        let path = db.dir.path().join(name);
        let bytes = pdf::meeting_pack_pdf(
            store,
            &renderer,
            &meeting.id,
            Lang::Nl,
            today(),
            &tafel::progress::Silent,
        )
        .expect("the pack is made");
        std::fs::write(&path, bytes).expect("write");
        (pages_of(&path), path)
    };
    let (without, _) = pack_pages(&store, "zonder.pdf");
    for (name, bytes) in [
        (
            "sectorprognose.pdf",
            crate::dossier::pdf_with_text(&["Sectorprognose: groei negen procent"], 0),
        ),
        (
            "plattegrond.png",
            [
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x02\0\0\0".as_slice(),
                b"afgebroken",
            ]
            .concat(),
        ),
    ] {
        documents::add_document_bytes(
            &mut store,
            &actor(),
            &case_id,
            name,
            bytes,
            &DocumentDetails {
                doc_type: Some(DocumentType::Other),
                level: Some(DocumentLevel::Table),
                ..Default::default()
            },
            today(),
        )
        .expect("the dossier takes it");
    }
    // Without the fallback this render fails outright (typst cannot decode the image).
    let (with, pack) = pack_pages(&store, "met-kapotte-afbeelding.pdf");
    assert_eq!(
        with, without,
        "nothing placed: every document only attached"
    );
    let listed = attachments_of(&pack);
    assert!(listed.contains("sectorprognose.pdf"), "{listed}");
    assert!(listed.contains("plattegrond.png"), "{listed}");
}
