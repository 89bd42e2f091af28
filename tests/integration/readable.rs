//! The change log reads as a coordinator would write it (issue #15): a table's whole life —
//! the demo, a case taken through the table, the register edited, a contact erased, settings,
//! a saved view, exports, a removed tranche and a deleted case — and then every entry of the
//! log, every field it holds, through `report::history`: every field is known, and nothing in
//! the Dutch or English text is a stored id, a code or an ISO date.

use tafel::domain::{CaseStatus, ChangeEntry, ContactDraft, InstrumentDraft, WriteSource};
use tafel::report::ExportFormat;
use tafel::report::history::{
    Kind, ReadableChange, field_spec, raw_codes, raw_codes_en, readable_history,
};
use tafel::service::{cases, erasure, outcomes, register, transfer, views};
use tafel::store::{CaseFilter, Store};

use crate::common::{TestDb, actor, tafel, today};

/// Every entry of the change log, oldest first.
fn whole_log(store: &Store) -> Vec<ChangeEntry> {
    let conn = store.conn_for_tests();
    let mut stmt = conn
        .prepare("SELECT id, entity, entity_id, action, changes, at, author, source FROM change_log ORDER BY seq")
        .expect("log");
    stmt.query_map([], |r| {
        let changes: String = r.get(4)?;
        let source: String = r.get(7)?;
        Ok(ChangeEntry {
            id: r.get(0)?,
            entity: r.get(1)?,
            entity_id: r.get(2)?,
            action: r.get(3)?,
            changes: serde_json::from_str(&changes).expect("changes are JSON"),
            at: r.get(5)?,
            author: r.get(6)?,
            source: match source.as_str() {
                "ui" => WriteSource::Ui,
                "import" => WriteSource::Import,
                "sync" => WriteSource::Sync,
                _ => WriteSource::Cli,
            },
        })
    })
    .expect("rows")
    .collect::<Result<_, _>>()
    .expect("entries")
}

/// The Dutch and the English text of a change, without the free text people typed (a note may
/// well say "als de equity rond is").
fn text_of(change: &ReadableChange) -> (String, String) {
    let mut nl = format!("{} | {}", change.title.nl, change.via.nl);
    let mut en = format!("{} | {}", change.title.en, change.via.en);
    for f in &change.lines {
        let typed = matches!(field_spec(&change.entity, &f.field), Some((_, Kind::Text)));
        let values = if typed {
            [None, None]
        } else {
            [f.before.as_ref(), f.after.as_ref()]
        };
        for label in [Some(&f.label), values[0], values[1]].into_iter().flatten() {
            nl.push_str(&format!(" | {}", label.nl));
            en.push_str(&format!(" | {}", label.en));
        }
    }
    (nl, en)
}

/// The table's life beyond the bakery: the register edited and verified, a contact added,
/// changed, removed and erased, the retention period set, a view saved and removed, the case
/// list exported, a tranche taken out of the package and a case deleted.
fn more_of_the_table(store: &mut Store, dir: &std::path::Path, bakery: &str) {
    let me = actor();
    let financiers = register::list_financiers(store, today()).expect("register");
    let rabobank = financiers
        .iter()
        .find(|f| f.name.contains("Rabobank"))
        .expect("Rabobank");
    let financier = register::get_financier(store, &rabobank.id).expect("financier");
    let instrument = &financier.instruments[0];
    let verified = register::verify_instrument(
        store,
        &me,
        &instrument.id,
        Some("https://www.rabobank.nl/bedrijven"),
        today(),
    )
    .expect("verified");
    assert_eq!(
        (verified.verified_on, verified.source_url.as_deref()),
        (Some(today()), Some("https://www.rabobank.nl/bedrijven"))
    );
    let mut draft = InstrumentDraft::from_instrument(&verified);
    draft.uncertainty = Some("maximumticket onbekend".into());
    register::update_instrument(store, &me, &instrument.id, &draft).expect("changed");
    let contact = ContactDraft {
        name: Some("Henk de Vries".into()),
        role: Some("Accountmanager".into()),
        email: Some("henk@example.nl".into()),
        phone: None,
        signed_pledge: Some(true),
    };
    let added = register::add_contact(store, &me, &financier.id, &contact).expect("contact");
    let changed = ContactDraft {
        phone: Some("030-1234567".into()),
        ..contact.clone()
    };
    register::update_contact(store, &me, &added.id, &changed).expect("contact changed");
    let second = register::add_contact(
        store,
        &me,
        &financier.id,
        &ContactDraft {
            name: Some("Els Bakker".into()),
            ..contact
        },
    )
    .expect("second contact");
    register::delete_contact(store, &me, &second.id).expect("contact removed");
    erasure::erase_contact(store, &me, &added.id).expect("contact erased");

    erasure::set_retention_months(store, &me, 36).expect("retention");
    let filter = CaseFilter {
        statuses: vec![CaseStatus::Intake],
        ..Default::default()
    };
    let view = views::save_view(store, &me, "Nieuwe intakes", &filter).expect("view");
    views::delete_view(store, &me, &view.id).expect("view removed");
    transfer::export_cases(
        store,
        &me,
        &CaseFilter::default(),
        ExportFormat::Xlsx,
        &dir.join("casussen.xlsx"),
        &tafel::progress::Silent,
    )
    .expect("export");

    let patch = serde_json::json!({"company": {"municipality": "Zonnestad", "legal_form": "cooperatie", "employees": 9}});
    cases::update_case(store, &me, bakery, &patch, today()).expect("company changed");
    let outcome = outcomes::get_outcome(store, bakery).expect("outcome");
    outcomes::remove_package_tranche(store, &me, &outcome.package[0].id).expect("tranche removed");
    let some_case = cases::list_cases(store, &CaseFilter::default(), tafel::clock::today())
        .expect("cases")
        .into_iter()
        .find(|c| c.id != bakery)
        .expect("another case")
        .id;
    cases::delete_case(store, &me, &some_case).expect("deleted");
}

#[test]
fn every_change_the_log_holds_reads_without_ids_or_codes() {
    let db = TestDb::new();
    let mut store = db.open();
    let bakery = crate::erasure::bakery_through_the_table(&mut store, db.dir.path());
    more_of_the_table(&mut store, db.dir.path(), &bakery);

    let entries = whole_log(&store);
    let mut kinds = std::collections::BTreeSet::new();
    for entry in &entries {
        kinds.insert(format!("{}.{}", entry.entity, entry.action));
        for key in entry.changes.as_object().expect("an object").keys() {
            assert!(
                field_spec(&entry.entity, key).is_some(),
                "{}.{key} has no label ({})",
                entry.entity,
                entry.changes
            );
        }
    }
    for expected in [
        "case.create",
        "case.update",
        "case.delete",
        "case.export_pdf",
        "company.create",
        "company.update",
        "response.create",
        "response.update",
        "referral.create",
        "package_tranche.create",
        "package_tranche.delete",
        "follow_up.create",
        "follow_up.update",
        "action_item.create",
        "meeting.create",
        "meeting.agenda_add",
        "meeting.minutes",
        "meeting.presented",
        "meeting.update",
        "financier.create",
        "instrument.create",
        "instrument.update",
        "contact.create",
        "contact.update",
        "contact.delete",
        "erasure.contact",
        "setting.update",
        "saved_view.create",
        "saved_view.delete",
        "export.export_cases",
    ] {
        assert!(
            kinds.contains(expected),
            "the walk holds {expected}: {kinds:?}"
        );
    }

    let names = store.history().names(&entries).expect("names");
    let readable = readable_history(&entries, &names);
    for (entry, change) in entries.iter().zip(&readable) {
        let (nl, en) = text_of(change);
        assert!(
            raw_codes(&nl).is_empty(),
            "{:?} in {nl}\nfrom {}",
            raw_codes(&nl),
            entry.changes
        );
        assert!(
            raw_codes_en(&en).is_empty(),
            "{:?} in {en}\nfrom {}",
            raw_codes_en(&en),
            entry.changes
        );
        assert_ne!(
            change.title.nl, "Wijziging",
            "{}.{} has a title",
            entry.entity, entry.action
        );
        assert!(!change.title.en.is_empty());
    }

    // The case page reads the bakery's history as sentences.
    let page = cases::get_case_with_history(&store, &bakery).expect("page");
    let titles: Vec<&str> = page.timeline.iter().map(|c| c.title.nl.as_str()).collect();
    for expected in [
        "ING: afgewezen — anders",
        "Qredits: toegezegd — € 40.000",
        "Doorverwezen naar Qredits — Speltvloer past bij microkrediet",
        "Qredits zegt € 40.000 microkrediet toe",
        "Status: Gefinancierd",
        "Casusoverzicht op naam geëxporteerd naar Bakkerij-Wijkerbrood.pdf",
        "Notulen en besluit vastgelegd in Financieringstafel december (20-11-2026)",
    ] {
        assert!(titles.contains(&expected), "{expected:?} in {titles:#?}");
    }
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Follow-up na 6 maanden gepland op ")),
        "{titles:#?}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Toezegging uit het pakket gehaald: Qredits")),
        "{titles:#?}"
    );
    let tranche = page
        .timeline
        .iter()
        .find(|c| c.entity == "package_tranche")
        .expect("tranche");
    let amount = tranche
        .lines
        .iter()
        .find(|f| f.field == "amount_cents")
        .expect("amount");
    assert_eq!(
        amount.label.nl, "Toegezegd bedrag",
        "a tranche is committed, not asked"
    );

    // The financier page reads the register's changes the same way.
    let financiers = register::list_financiers(&store, today()).expect("register");
    let rabobank = financiers
        .iter()
        .find(|f| f.name.contains("Rabobank"))
        .expect("Rabobank");
    let page = register::get_financier_with_history(&store, &rabobank.id).expect("financier page");
    let verified = format!(
        "gegevens geverifieerd op {}",
        tafel::domain::format::date_nl(today())
    );
    assert!(
        page.timeline.iter().any(|c| c.title.nl.contains(&verified)),
        "{:#?}",
        page.timeline
            .iter()
            .map(|c| &c.title.nl)
            .collect::<Vec<_>>()
    );
    for change in &page.timeline {
        let (nl, en) = text_of(change);
        assert!(
            raw_codes(&nl).is_empty() && raw_codes_en(&en).is_empty(),
            "{nl}\n{en}"
        );
    }
}

#[test]
fn vandaag_geverifieerd_needs_a_source_and_is_one_entry() {
    let db = TestDb::new();
    let mut store = db.open();
    register::import_starter_register(&mut store, &actor()).expect("register");
    let financiers = register::list_financiers(&store, today()).expect("register");
    let summary = financiers
        .iter()
        .find(|f| f.name == "Qredits")
        .expect("Qredits");
    let financier = register::get_financier(&store, &summary.id).expect("financier");
    let instrument = financier.instruments[0].clone();
    assert!(summary.stale, "never verified: stale");

    // No source stored or given: nothing was checked.
    let mut draft = InstrumentDraft::from_instrument(&instrument);
    draft.source_url = None;
    register::update_instrument(&mut store, &actor(), &instrument.id, &draft).expect("no source");
    let before = store
        .history()
        .of_financier(&financier.id)
        .expect("history")
        .len();
    let refused =
        register::verify_instrument(&mut store, &actor(), &instrument.id, Some("  "), today())
            .expect_err("no source");
    assert_eq!(refused.code(), "invalid_input");
    assert!(
        format!("{refused:?}").contains("source_required"),
        "{refused:?}"
    );
    assert_eq!(
        store
            .history()
            .of_financier(&financier.id)
            .expect("history")
            .len(),
        before,
        "nothing written"
    );

    let verified = register::verify_instrument(
        &mut store,
        &actor(),
        &instrument.id,
        Some("https://www.qredits.nl"),
        today(),
    )
    .expect("verified");
    assert_eq!(verified.verified_on, Some(today()));
    let after = register::list_financiers(&store, today()).expect("register");
    let summary = after.iter().find(|f| f.name == "Qredits").expect("Qredits");
    assert_eq!(summary.verified_on, Some(today()));
    assert!(!summary.stale, "verified today: no longer stale");
    let page = register::get_financier_with_history(&store, &financier.id).expect("page");
    assert_eq!(page.history.len(), before + 1, "one entry");
    let last = page.timeline.last().expect("entry");
    assert_eq!(
        last.title.nl,
        format!(
            "{}: gegevens geverifieerd op {}",
            instrument.name,
            tafel::domain::format::date_nl(today())
        )
    );
}

#[test]
fn a_financier_page_lists_the_cases_it_answered() {
    let db = TestDb::new();
    let mut store = db.open();
    let bakery = crate::erasure::bakery_through_the_table(&mut store, db.dir.path());
    let financiers = register::list_financiers(&store, today()).expect("register");
    let ing = financiers.iter().find(|f| f.name == "ING").expect("ING");
    let page = register::get_financier_with_history(&store, &ing.id).expect("page");
    let answer = page
        .answers
        .iter()
        .find(|a| a.case_id == bakery)
        .expect("the bakery's answer");
    assert_eq!(answer.status, tafel::domain::ResponseStatus::Declined);
    assert_eq!(answer.company_name, "Bakkerij Wijkerbrood BV");
    let all: usize = financiers
        .iter()
        .map(|f| {
            register::get_financier_with_history(&store, &f.id)
                .expect("page")
                .answers
                .len()
        })
        .sum();
    let responses: i64 = store
        .conn_for_tests()
        .query_row("SELECT count(*) FROM case_responses r JOIN cases c ON c.id = r.case_id WHERE c.deleted_at IS NULL", [], |r| r.get(0))
        .expect("count");
    assert_eq!(
        all as i64, responses,
        "every answer on exactly one financier's page"
    );
}

#[test]
fn the_command_line_prints_the_same_sentences() {
    let db = TestDb::new();
    let bakery = {
        let mut store = db.open();
        crate::erasure::bakery_through_the_table(&mut store, db.dir.path())
    };
    let out = tafel(&db, &["case", "history", &bakery], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Qredits: toegezegd — € 40.000"), "{text}");
    assert!(text.contains("ING: afgewezen — anders"), "{text}");
    assert!(text.contains("door Marieke Jansen, via de app"), "{text}");
    assert!(
        raw_codes(&text).is_empty(),
        "{:?} in {text}",
        raw_codes(&text)
    );
}

/// English words and labels that slipped into Dutch text before ("On hold", "Closing", the
/// starter register's "ticket range unknown", "can use BMKB and GO guarantees").
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "with",
    "unknown",
    "range",
    "closing",
    "hold",
    "guarantees",
    "can",
    "use",
    "from",
    "up",
    "at",
    "most",
    "taxonomy",
    "taxonomie",
    "change",
    "changed",
    "created",
    "deleted",
    "none",
    "true",
    "false",
    "null",
];

/// The English words of [`ENGLISH`] in `text` (whole words, any case).
fn english_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
        .map(str::to_string)
        .collect()
}

fn pdf_text(bytes: &[u8], dir: &std::path::Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write pdf");
    crate::pdf::text_of(&path)
}

#[test]
fn dutch_documents_hold_no_codes_and_no_english() {
    use tafel::report::documents::Lang;
    use tafel::service::{meetings, pdf, report};
    let db = TestDb::new();
    let mut store = db.open();
    let bakery = crate::erasure::bakery_through_the_table(&mut store, db.dir.path());
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let mut texts = Vec::new();
    let mut refs = vec![bakery.clone()];
    refs.extend(
        cases::list_cases(&store, &CaseFilter::default(), tafel::clock::today())
            .expect("cases")
            .iter()
            .take(12)
            .map(|c| c.id.clone()),
    );
    for (i, case) in refs.iter().enumerate() {
        for anonymised in [false, true] {
            let bytes =
                pdf::case_summary_pdf(&store, &renderer, case, anonymised, Lang::Nl, today())
                    .expect("summary");
            texts.push((
                format!("casus {i} anonymised={anonymised}"),
                pdf_text(&bytes, db.dir.path(), "casus.pdf"),
            ));
        }
    }
    for meeting in meetings::list_meetings(&store).expect("meetings") {
        let bytes = pdf::meeting_pack_pdf(
            &store,
            &renderer,
            &meeting.id,
            Lang::Nl,
            today(),
            &tafel::progress::Silent,
        )
        .expect("pack");
        texts.push((
            format!("vergaderstukken {}", meeting.title),
            pdf_text(&bytes, db.dir.path(), "pack.pdf"),
        ));
    }
    let from = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let figures = report::table_figures(&store, from, today()).expect("figures");
    let bytes = pdf::render_report(
        &renderer,
        &report::report_document(&figures, Lang::Nl, tafel::clock::today()),
    )
    .expect("report");
    texts.push((
        "rapportage".into(),
        pdf_text(&bytes, db.dir.path(), "rapportage.pdf"),
    ));
    for (what, text) in &texts {
        assert!(text.len() > 200, "{what} has text");
        assert!(
            raw_codes(text).is_empty(),
            "{what}: {:?}\n{text}",
            raw_codes(text)
        );
        assert!(
            english_in(text).is_empty(),
            "{what}: {:?}\n{text}",
            english_in(text)
        );
    }
}

#[test]
fn every_dutch_taxonomy_label_is_dutch() {
    let taxonomy = serde_json::to_value(tafel::domain::Taxonomy::get(Vec::new())).expect("json");
    let mut labels = Vec::new();
    let mut stack = vec![&taxonomy];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(nl)) = map.get("nl") {
                    labels.push(nl.clone());
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    assert!(labels.len() > 100, "{} labels", labels.len());
    assert!(
        labels.contains(&"Aangehouden".to_string()),
        "on_hold reads Dutch"
    );
    for label in &labels {
        assert!(
            english_in(label).is_empty() && raw_codes(label).is_empty(),
            "{label:?}"
        );
    }
}

#[test]
fn a_legal_form_stored_as_a_code_by_an_older_version_reads_as_written() {
    let db = TestDb::new();
    let mut store = db.open();
    let bakery = crate::erasure::bakery_through_the_table(&mut store, db.dir.path());
    let company_id = cases::get_case(&store, &bakery).expect("case").company.id;
    // What databases written before legal forms were stored as written hold.
    store
        .conn_for_tests()
        .execute(
            "UPDATE companies SET legal_form = 'bv' WHERE id = ?1",
            [&company_id],
        )
        .expect("old value");
    let case = cases::get_case(&store, &bakery).expect("case");
    assert_eq!(case.company.legal_form.as_deref(), Some("B.V."));
}
