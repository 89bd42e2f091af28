//! Erasure of personal data (AVG/GDPR article 17) and the retention rule, against real
//! encrypted files: after an erasure no row of any table — found through `sqlite_master`, so a
//! table added later is scanned too — and no change-log entry holds the erased values, the
//! search finds nothing, and the year's figures are what they were.

use chrono::{Months, NaiveDate};
use tafel::domain::{
    ActionItemDraft, CaseDraft, ContactDraft, ERASED, ERASED_COMPANY_NAME, ErasureKind,
    FollowUpDraft, MeetingDraft, PackageTrancheDraft, ReferralDraft, ResponseDraft,
};
use tafel::service::erasure::{self, Confirmation};
use tafel::service::{cases, demo, meetings, outcomes, register, report, search};
use tafel::store::{CaseFilter, Store};

use crate::common::{TestDb, actor, tafel, today};

/// The bakery of the issue with every kind of personal data and free text filled in.
fn bakery() -> CaseDraft {
    serde_json::from_value(serde_json::json!({
        "company": {
            "name": "Bakkerij Wijkerbrood BV", "kvk": "71234567", "province": "UT", "legal_form": "B.V.",
            "municipality": "Zonnedorp", "address": "Korenbloemlaan 12, 3999 ZZ Zonnedorp",
            "contact_name": "Jantine Overmars", "contact_email": "jantine@wijkerbrood.example", "contact_phone": "06-98765432",
            "founding_year": 2019, "employees": 7, "turnover_eur": 612345
        },
        "amount_eur": 40000, "purpose": "growth", "stage": "growth", "sector": "agri_food", "capital_types": ["microcredit"],
        "referrer": "Accountant Wiebrand Kloosterhuis", "earlier_declines": "Afgewezen door de huisbank wegens de rouwperiode van Jantine",
        "next_action": "Jantine terugbellen over de ovenofferte", "notes": "Oven kapot sinds de overstroming van de Korenbloemlaan"
    }))
    .expect("draft")
}

/// Every value of the bakery that must be gone after its erasure.
const BAKERY_VALUES: &[&str] = &[
    "Wijkerbrood",
    "71234567",
    "Zonnedorp",
    "Korenbloemlaan",
    "Jantine",
    "Overmars",
    "jantine@wijkerbrood.example",
    "06-98765432",
    "612345",
    "Kloosterhuis",
    "rouwperiode",
    "ovenofferte",
    "overstroming",
    "Geknede deeg",
    "Rozijnenbrood",
    "Desemoven",
    "Krentenbol",
    "Moutmeel",
    "Speltvloer",
    "Bakkerij-Wijkerbrood.pdf",
];

/// Every value of every text or blob column of every table (the FTS shadow tables included)
/// that holds one of `needles`, as `table.column: value`.
pub(crate) fn occurrences(store: &Store, needles: &[&str]) -> Vec<String> {
    let conn = store.conn_for_tests();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_autoindex%'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names");
    let lowered: Vec<String> = needles.iter().map(|n| n.to_lowercase()).collect();
    let mut found = Vec::new();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1)")
            .expect("columns")
            .query_map([&table], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("names");
        for column in columns {
            let sql = format!(
                "SELECT \"{column}\" FROM \"{table}\" WHERE typeof(\"{column}\") IN ('text', 'blob')"
            );
            let Ok(mut stmt) = conn.prepare(&sql) else {
                continue;
            };
            let values = stmt
                .query_map([], |r| {
                    Ok(match r.get_ref(0)? {
                        rusqlite::types::ValueRef::Text(bytes)
                        | rusqlite::types::ValueRef::Blob(bytes) => {
                            String::from_utf8_lossy(bytes).to_lowercase()
                        }
                        _ => String::new(),
                    })
                })
                .expect("values");
            for value in values {
                let value = value.expect("value");
                if lowered.iter().any(|n| value.contains(n.as_str())) {
                    found.push(format!(
                        "{table}.{column}: {}",
                        value.chars().take(160).collect::<String>()
                    ));
                }
            }
        }
    }
    found
}

/// Every page of the database file decrypted as SQLCipher 4 wrote it (AES-256-CBC with the
/// raw test key, an IV at the end of each page, the salt in place of page 1's first 16 bytes),
/// lowercased: free pages and the unused space of pages included, which SQL never shows.
pub(crate) fn plaintext_pages(path: &std::path::Path) -> Vec<u8> {
    use aes::cipher::{BlockDecrypt, KeyInit, generic_array::GenericArray};
    const PAGE: usize = 4096;
    const RESERVE: usize = 80;
    let key = hex::decode(crate::common::KEY_HEX).expect("key");
    let cipher = aes::Aes256::new(GenericArray::from_slice(&key));
    let file = std::fs::read(path).expect("database file");
    assert_eq!(file.len() % PAGE, 0);
    let mut plain = Vec::with_capacity(file.len());
    for (index, page) in file.chunks(PAGE).enumerate() {
        let start = if index == 0 { 16 } else { 0 };
        let mut previous: [u8; 16] = page[PAGE - RESERVE..PAGE - RESERVE + 16]
            .try_into()
            .expect("iv");
        let first = plain.len();
        for chunk in page[start..PAGE - RESERVE].chunks(16) {
            let mut block = GenericArray::clone_from_slice(chunk);
            cipher.decrypt_block(&mut block);
            plain.extend(block.iter().zip(previous).map(|(b, p)| b ^ p));
            previous.copy_from_slice(chunk);
        }
        if index == 0 {
            // Bytes 16–20 of the SQLite header: page size 4096, file format versions, reserve.
            assert_eq!(
                &plain[first..first + 2],
                &[0x10, 0x00],
                "page 1 decrypts to a SQLite header"
            );
            assert_eq!(plain[first + 4] as usize, RESERVE);
        }
    }
    plain.to_ascii_lowercase()
}

pub(crate) fn in_file(plain: &[u8], needles: &[&str]) -> Vec<String> {
    needles
        .iter()
        .filter(|n| {
            plain
                .windows(n.len())
                .any(|w| w == n.to_lowercase().as_bytes())
        })
        .map(|n| n.to_string())
        .collect()
}

/// The terms the full-text indexes hold (deleted entries of unmerged segments included).
fn index_terms(store: &Store) -> Vec<String> {
    let conn = store.conn_for_tests();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_terms USING fts5vocab(main, case_fts, row);
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.company_terms USING fts5vocab(main, company_fts, row);",
    )
    .expect("vocab");
    conn.prepare("SELECT term FROM temp.case_terms UNION SELECT term FROM temp.company_terms")
        .expect("terms")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("terms")
}

/// A database with the demo and the bakery taken through the whole table: agenda and minutes,
/// an action item, a decline with its text and a referral, a committed tranche, the outcome and
/// a follow-up, a named summary exported, and an edit of its notes. Returns the bakery's case id.
pub(crate) fn bakery_through_the_table(store: &mut Store, dir: &std::path::Path) -> String {
    demo::load_demo(store, &actor(), today()).expect("demo");
    let case = cases::add_case(store, &actor(), &bakery(), today()).expect("bakery");
    for step in ["screening", "ready"] {
        cases::update_case(
            store,
            &actor(),
            &case.id,
            &serde_json::json!({ "status": step }),
            today(),
        )
        .expect("status");
    }
    let patch = serde_json::json!({"notes": "Geknede deeg bederft; Jantine wil een nieuwe oven", "company": {"contact_phone": "06-98765432"}});
    cases::update_case(store, &actor(), &case.id, &patch, today()).expect("notes");

    let meeting = meetings::create_meeting(
        store,
        &actor(),
        &MeetingDraft {
            title: "Financieringstafel december".into(),
            date: "2026-11-20".into(),
            ..Default::default()
        },
    )
    .expect("meeting")
    .id;
    meetings::add_case_to_agenda(store, &actor(), &meeting, &case.id).expect("agenda");
    meetings::present(store, &actor(), &meeting, 1).expect("present");
    meetings::set_minutes(
        store,
        &actor(),
        &meeting,
        &case.id,
        Some("Rozijnenbrood loopt goed"),
        Some("Desemoven-lijn financieren"),
    )
    .expect("minutes");
    let action = ActionItemDraft {
        description: "Krentenbol-omzet opvragen bij Jantine".into(),
        owner: "Jantine Overmars".into(),
        due_on: None,
        case_id: Some(case.id.clone()),
    };
    meetings::add_action(store, &actor(), Some(&meeting), &action).expect("action");
    meetings::close_meeting(store, &actor(), &meeting, today()).expect("close");

    let decline = ResponseDraft {
        financier: "ING".into(),
        status: "declined".into(),
        decline_reason: Some("other".into()),
        decline_text: Some("Moutmeel-contract met de zwager van Overmars".into()),
        note: Some("Jantine belde zelf".into()),
        ..Default::default()
    };
    outcomes::record_response(store, &actor(), &case.id, &decline, today()).expect("decline");
    let referral = ReferralDraft {
        from: Some("ING".into()),
        to: "Qredits".into(),
        reason: "Speltvloer past bij microkrediet".into(),
        basis: Some("anonymised".into()),
        on_date: None,
    };
    outcomes::refer_case(store, &actor(), &case.id, &referral, today()).expect("referral");
    let committed = ResponseDraft {
        financier: "Qredits".into(),
        status: "committed".into(),
        amount: Some("40k".into()),
        note: Some("Akkoord na gesprek met Jantine".into()),
        ..Default::default()
    };
    outcomes::record_response(store, &actor(), &case.id, &committed, today()).expect("commit");
    let tranche = PackageTrancheDraft {
        financier: "Qredits".into(),
        amount: "40k".into(),
        capital_type: Some("microcredit".into()),
        notes: Some("Zekerheid: de oven van Wijkerbrood".into()),
        ..Default::default()
    };
    outcomes::add_package_tranche(store, &actor(), &case.id, &tranche).expect("tranche");
    cases::update_case(
        store,
        &actor(),
        &case.id,
        &serde_json::json!({ "status": "matching" }),
        today(),
    )
    .expect("matching");
    let outcome = outcomes::confirm_status(
        store,
        &actor(),
        &case.id,
        tafel::domain::CaseStatus::Financed,
        today(),
    )
    .expect("financed");
    let follow_up = &outcome.follow_ups[0];
    let done = FollowUpDraft {
        done_on: Some(today().to_string()),
        jobs_kept: Some("7".into()),
        jobs_created: Some("1".into()),
        financing_closed: Some(true),
        notes: Some("Overmars tevreden".into()),
    };
    outcomes::record_follow_up(store, &actor(), &follow_up.id, &done, today()).expect("follow-up");

    let renderer = tafel::service::pdf::renderer_for(store).expect("renderer");
    let version = tafel::service::pdf::SummaryVersion {
        anonymised: false,
        lang: tafel::report::documents::Lang::Nl,
    };
    tafel::service::pdf::export_case_pdf(
        store,
        &actor(),
        &renderer,
        &case.id,
        version,
        &dir.join("Bakkerij-Wijkerbrood.pdf"),
        today(),
    )
    .expect("pdf");
    case.id
}

fn figures(store: &Store) -> serde_json::Value {
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
    let to = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    serde_json::to_value(report::table_figures(store, from, to).expect("figures")).expect("json")
}

#[test]
fn an_erased_company_is_gone_from_every_row_every_log_entry_and_the_index_and_the_figures_stay() {
    let db = TestDb::new();
    let mut store = db.open();
    let case_id = bakery_through_the_table(&mut store, db.dir.path());
    assert!(
        occurrences(&store, BAKERY_VALUES).len() > 20,
        "the bakery's data is everywhere before"
    );
    // The planner's statistics, as a long-used database has them (`sqlite_stat4` samples index keys).
    store
        .conn_for_tests()
        .execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("analyze");
    assert!(
        !occurrences(&store, &["71234567"])
            .iter()
            .all(|o| !o.starts_with("sqlite_stat4")),
        "a sample KvK number"
    );
    assert!(
        in_file(&plaintext_pages(&db.path), BAKERY_VALUES).len() > 10,
        "and in the file's pages"
    );
    assert!(
        !cases::list_cases(
            &store,
            &CaseFilter {
                query: Some("wijkerbrood".into()),
                ..Default::default()
            },
            tafel::clock::today(),
        )
        .expect("search")
        .is_empty()
    );
    let figures_before = figures(&store);
    let other = cases::list_cases(&store, &CaseFilter::default(), tafel::clock::today())
        .expect("list")
        .into_iter()
        .find(|c| c.id != case_id)
        .expect("a demo case");
    let case_before = cases::get_case(&store, &case_id).expect("case");

    // A wrong confirmation erases nothing.
    let refused = erasure::erase_company(
        &mut store,
        &actor(),
        "71234567",
        Confirmation::Typed("Bakkerij"),
    )
    .expect_err("not confirmed");
    assert_eq!(refused.code(), "erasure_not_confirmed");
    assert!(refused.message_nl().contains("Bakkerij Wijkerbrood BV"));

    let report = erasure::erase_company(
        &mut store,
        &actor(),
        "71234567",
        Confirmation::Typed("bakkerij wijkerbrood bv"),
    )
    .expect("erase");
    assert_eq!(
        (report.kind, report.case_ids.as_slice()),
        (ErasureKind::Company, std::slice::from_ref(&case_id))
    );
    assert!(
        report.counts.rows >= 10 && report.counts.log_entries >= 10,
        "{:?}",
        report.counts
    );
    assert!(report.wal_checkpointed);
    let wal = db.path.with_extension("db-wal");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the write-ahead log holds no old page"
    );
    drop(store);

    // Not in any page of the file either, used or freed.
    assert_eq!(
        in_file(&plaintext_pages(&db.path), BAKERY_VALUES),
        Vec::<String>::new()
    );

    // Opened again, from the file: nothing of the bakery anywhere.
    let store = db.open();
    assert_eq!(occurrences(&store, BAKERY_VALUES), Vec::<String>::new());
    let terms = index_terms(&store);
    for term in [
        "wijkerbrood",
        "71234567",
        "zonnedorp",
        "ovenofferte",
        "overstroming",
        "deeg",
    ] {
        assert!(
            !terms.iter().any(|t| t == term),
            "the index still holds {term}"
        );
    }
    assert!(
        cases::list_cases(
            &store,
            &CaseFilter {
                query: Some("wijkerbrood".into()),
                ..Default::default()
            },
            tafel::clock::today(),
        )
        .expect("search")
        .is_empty()
    );
    let hits = search::search_all(&store, "Wijkerbrood", 10).expect("search");
    assert!(hits.cases.is_empty() && hits.companies.is_empty());

    // The case stays, anonymised, with everything the figures count.
    let after = cases::get_case(&store, &case_id).expect("case");
    assert_eq!(after.company.name, ERASED_COMPANY_NAME);
    assert_eq!(
        (
            after.company.kvk.as_deref(),
            after.company.contact_email.as_deref(),
            after.company.turnover_cents
        ),
        (None, None, None)
    );
    assert_eq!(
        (after.company.province, after.company.legal_form.as_deref()),
        (case_before.company.province, Some("B.V."))
    );
    assert_eq!(
        (
            after.amount_cents,
            after.status,
            after.sector,
            after.intake_date
        ),
        (
            case_before.amount_cents,
            case_before.status,
            case_before.sector,
            case_before.intake_date
        )
    );
    assert_eq!(after.capital_types, case_before.capital_types);
    assert_eq!(
        (after.notes.as_deref(), after.referrer.as_deref()),
        (Some(ERASED), Some(ERASED))
    );
    assert_eq!(
        after.updated_at, case_before.updated_at,
        "an erasure is not an edit the figures count"
    );
    assert!(after.anonymised_at.is_some() && after.company.erased_at.is_some());
    let outcome = outcomes::get_outcome(&store, &case_id).expect("outcome");
    assert_eq!(
        outcome.package.iter().map(|t| t.amount_cents).sum::<i64>(),
        4_000_000
    );
    assert_eq!(
        figures(&store),
        figures_before,
        "the year's figures are unchanged"
    );
    assert_eq!(
        cases::get_case(&store, &other.id)
            .expect("other")
            .company
            .name,
        other.company_name,
        "other companies keep their data"
    );
    // The file was rebuilt; the index still points at the right rows.
    let found = cases::list_cases(
        &store,
        &CaseFilter {
            query: Some(other.company_name.clone()),
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("search other");
    assert!(
        found.iter().any(|c| c.id == other.id),
        "{} is still found",
        other.company_name
    );

    // One erasure entry: who, when, which kind, ids only; the history still reads.
    let history = cases::get_case_with_history(&store, &case_id)
        .expect("history")
        .history;
    let entries: Vec<_> = history.iter().filter(|e| e.entity == "erasure").collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].action.as_str(), entries[0].author.as_str()),
        ("company", "Marieke Jansen")
    );
    assert_eq!(
        entries[0].changes["case_ids"][1],
        serde_json::json!([case_id])
    );
    assert!(
        history
            .iter()
            .any(|e| e.entity == "case" && e.changes["status"][1] == "financed"),
        "statuses stay in the log"
    );

    // A second erasure changes nothing and says why.
    let mut store = store;
    let again =
        erasure::erase_company(&mut store, &actor(), &after.company.id, Confirmation::Given)
            .expect_err("twice");
    assert_eq!(again.code(), "already_erased");
    assert_eq!(
        erasure::erase_company(&mut store, &actor(), "71234567", Confirmation::Given)
            .expect_err("kvk gone")
            .code(),
        "not_found"
    );
}

#[test]
fn the_log_stays_append_only_outside_an_erasure_and_an_erasure_rewrites_only_values() {
    let db = TestDb::new();
    let mut store = db.open();
    cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let conn = store.conn_for_tests();
    assert!(
        conn.execute("UPDATE change_log SET changes = '{}'", [])
            .is_err(),
        "no rewrite without an erasure"
    );
    assert!(conn.execute("DELETE FROM change_log", []).is_err());
    conn.execute_batch("BEGIN; INSERT INTO erasure_permit (id) VALUES (1);")
        .expect("permit");
    assert!(
        conn.execute("UPDATE change_log SET author = 'someone else'", [])
            .is_err(),
        "an erasure cannot change who wrote"
    );
    assert!(
        conn.execute("UPDATE change_log SET at = '2000-01-01'", [])
            .is_err(),
        "nor when"
    );
    assert!(
        conn.execute("DELETE FROM change_log", []).is_err(),
        "nor remove entries"
    );
    conn.execute_batch("ROLLBACK").expect("rollback");
}

#[test]
fn a_contact_person_is_erased_from_the_register_the_meetings_and_the_log() {
    let db = TestDb::new();
    let mut store = db.open();
    register::import_starter_register(&mut store, &actor()).expect("register");
    let financier = register::list_financiers(&store, today())
        .expect("list")
        .into_iter()
        .find(|f| f.name == "Qredits")
        .expect("Qredits");
    let draft = ContactDraft {
        name: Some("Pieternel Wijdenes".into()),
        role: Some("Adviseur Utrecht-Oost".into()),
        email: Some("pieternel@qredits.example".into()),
        phone: Some("030-7654321".into()),
        signed_pledge: Some(true),
    };
    let contact =
        register::add_contact(&mut store, &actor(), &financier.id, &draft).expect("contact");
    let moved = ContactDraft {
        email: Some("p.wijdenes@qredits.example".into()),
        ..draft.clone()
    };
    register::update_contact(&mut store, &actor(), &contact.id, &moved).expect("update");
    let meeting = meetings::create_meeting(
        &mut store,
        &actor(),
        &MeetingDraft {
            title: "Tafel".into(),
            date: "2026-12-10".into(),
            ..Default::default()
        },
    )
    .expect("meeting")
    .id;
    let attendee = meetings::AttendeeDraft {
        contact_id: Some(contact.id.clone()),
        ..Default::default()
    };
    meetings::add_attendee(&mut store, &actor(), &meeting, &attendee).expect("attendee");
    // A contact deleted earlier: only the log still holds it.
    let gone = register::add_contact(
        &mut store,
        &actor(),
        &financier.id,
        &ContactDraft {
            name: Some("Gerbrich Sloterdijk".into()),
            ..Default::default()
        },
    )
    .expect("gone");
    register::delete_contact(&mut store, &actor(), &gone.id).expect("delete");
    let values = [
        "Wijdenes",
        "Pieternel",
        "pieternel@qredits.example",
        "p.wijdenes",
        "030-7654321",
        "Utrecht-Oost",
        "Sloterdijk",
        "Gerbrich",
    ];
    assert!(!occurrences(&store, &values).is_empty());

    let report = erasure::erase_contact(&mut store, &actor(), &contact.id).expect("erase");
    assert_eq!(report.kind, ErasureKind::Contact);
    erasure::erase_contact(&mut store, &actor(), &gone.id).expect("erase deleted");
    assert_eq!(occurrences(&store, &values), Vec::<String>::new());

    let page = register::get_financier_with_history(&store, &financier.id).expect("page");
    let erased = page
        .financier
        .contacts
        .iter()
        .find(|c| c.id == contact.id)
        .expect("row kept");
    assert_eq!(
        (
            erased.name.as_str(),
            erased.email.as_deref(),
            erased.signed_pledge
        ),
        (ERASED, None, true)
    );
    assert!(erased.erased_at.is_some());
    let m = meetings::get_meeting(&store, &meeting).expect("meeting");
    assert_eq!(
        (
            m.attendees[0].name.as_str(),
            m.attendees[0].organisation.as_deref()
        ),
        (ERASED, Some("Qredits"))
    );
    assert_eq!(
        page.history
            .iter()
            .filter(|e| e.entity == "erasure")
            .count(),
        2,
        "both erasures in the financier's history"
    );
    assert_eq!(
        erasure::erase_contact(&mut store, &actor(), &contact.id)
            .expect_err("twice")
            .code(),
        "already_erased"
    );
    assert_eq!(
        erasure::erase_contact(&mut store, &actor(), "no-such-contact")
            .expect_err("unknown")
            .code(),
        "not_found"
    );
}

#[test]
fn a_company_contact_person_is_erased_and_the_company_stays() {
    let db = TestDb::new();
    let mut store = db.open();
    let case = cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
    let contact = [
        "Jantine",
        "Overmars",
        "jantine@wijkerbrood.example",
        "06-98765432",
    ];
    let report =
        erasure::erase_company_contact(&mut store, &actor(), &case.case_number).expect("erase");
    assert!(
        report.recorded && report.counts.rows == 1 && report.counts.log_entries == 1,
        "{report:?}"
    );
    // The free texts of the case mention her too: those go with the company or by retention.
    let company_rows = occurrences(&store, &contact);
    assert!(
        company_rows
            .iter()
            .all(|o| !o.starts_with("companies.") && !o.contains("contact_")),
        "{company_rows:?}"
    );
    let after = cases::get_case(&store, &case.id).expect("case");
    assert_eq!(
        (
            after.company.name.as_str(),
            after.company.contact_name.as_deref()
        ),
        ("Bakkerij Wijkerbrood BV", None)
    );
    let again =
        erasure::erase_company_contact(&mut store, &actor(), &case.case_number).expect("again");
    assert!(!again.recorded, "nothing left to erase records nothing");
}

/// A case stored at `status` whose outcome was reached `months_ago` months before `today`
/// (as an import or the demo records it), for a company with KvK `kvk`.
fn closed_case(
    store: &mut Store,
    name: &str,
    kvk: &str,
    status: &str,
    months_ago: u32,
    today: NaiveDate,
) -> String {
    let draft: CaseDraft = serde_json::from_value(serde_json::json!({
        "company": {"name": name, "kvk": kvk, "province": "GE", "contact_email": format!("info@{}.example", kvk)},
        "amount_eur": 250000, "purpose": "growth", "stage": "growth", "sector": "htsm", "capital_types": ["senior_loan"],
        "status": status, "notes": format!("Notitie bij {name}"), "intake_date": (today - Months::new(months_ago + 3)).to_string()
    }))
    .expect("draft");
    let case = cases::add_case(store, &actor(), &draft, today).expect("case");
    let w = store.write(&actor()).expect("write");
    w.cases_mut()
        .set_outcome_on(&case.id, today - Months::new(months_ago))
        .expect("outcome day");
    w.commit().expect("commit");
    case.id
}

/// Every row of every table, for "nothing changed".
fn dump(store: &Store) -> Vec<String> {
    let mut rows = Vec::new();
    for table in tafel::store::schema_tables(store.conn_for_tests()).expect("tables") {
        let mut stmt = store
            .conn_for_tests()
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let count = stmt.column_count();
        let mut cursor = stmt.query([]).expect("query");
        while let Some(row) = cursor.next().expect("row") {
            let values: Vec<String> = (0..count)
                .map(|i| format!("{:?}", row.get_ref(i).expect("value")))
                .collect();
            rows.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    rows.sort();
    rows
}

#[test]
fn retention_anonymises_cases_closed_longer_ago_than_the_period_and_only_those() {
    let db = TestDb::new();
    let mut store = db.open();
    let today = tafel::clock::today();
    let old = closed_case(
        &mut store,
        "Oude Smederij BV",
        "11111111",
        "financed",
        25,
        today,
    );
    let recent = closed_case(
        &mut store,
        "Jonge Smederij BV",
        "22222222",
        "not_financed",
        23,
        today,
    );
    // Same company as `recent`: its old case goes, the company stays (one case still within).
    let sibling = closed_case(
        &mut store,
        "Jonge Smederij BV",
        "22222222",
        "withdrawn",
        30,
        today,
    );
    // Long past its outcome, but closed today: the last status change counts.
    let reclosed = closed_case(
        &mut store,
        "Heropende Smederij BV",
        "33333333",
        "financed",
        40,
        today,
    );
    cases::update_case(
        &mut store,
        &actor(),
        &reclosed,
        &serde_json::json!({ "status": "closed" }),
        today,
    )
    .expect("closed");
    let open: CaseDraft = serde_json::from_value(serde_json::json!({
        "company": {"name": "Open Smederij BV", "kvk": "44444444", "province": "GE"}, "amount_eur": 90000, "purpose": "start",
        "stage": "startup", "sector": "htsm", "capital_types": ["microcredit"], "notes": "Notitie bij Open Smederij BV",
        "intake_date": (today - Months::new(60)).to_string()
    }))
    .expect("open draft");
    let open = cases::add_case(&mut store, &actor(), &open, today)
        .expect("open case")
        .id;

    assert_eq!(
        erasure::retention_settings(&store)
            .expect("settings")
            .months,
        Some(24),
        "24 months unless set"
    );
    let before = dump(&store);
    let preview = erasure::preview_retention(&store, today, None).expect("preview");
    let mut due: Vec<&str> = preview.cases.iter().map(|c| c.case_id.as_str()).collect();
    due.sort();
    let mut expected = vec![old.as_str(), sibling.as_str()];
    expected.sort();
    assert_eq!(due, expected);
    assert_eq!(
        preview.company_ids.len(),
        1,
        "only the old smithy's company is left without cases"
    );
    assert_eq!(dump(&store), before, "a preview changes nothing");

    let report = erasure::apply_retention(&mut store, &actor(), today, None).expect("apply");
    assert_eq!(report.case_ids.len(), 2);
    assert!(
        occurrences(&store, &["Oude Smederij", "11111111", "info@11111111"]).is_empty(),
        "{:?}",
        occurrences(&store, &["Oude Smederij"])
    );
    let kept = |id: &str| cases::get_case(&store, id).expect("case");
    assert_eq!(kept(&sibling).notes.as_deref(), Some(ERASED));
    assert_eq!(
        kept(&sibling).company.name,
        "Jonge Smederij BV",
        "a company with a case within the period stays"
    );
    assert_eq!(
        kept(&recent).notes.as_deref(),
        Some("Notitie bij Jonge Smederij BV")
    );
    assert_eq!(
        kept(&reclosed).notes.as_deref(),
        Some("Notitie bij Heropende Smederij BV")
    );
    assert_eq!(
        kept(&open).notes.as_deref(),
        Some("Notitie bij Open Smederij BV"),
        "open cases are never anonymised"
    );
    assert_eq!(kept(&old).company.name, ERASED_COMPANY_NAME);
    let entry = store
        .history()
        .of("erasure", &report.subject_id)
        .expect("entry");
    assert_eq!((entry.len(), entry[0].action.as_str()), (1, "retention"));
    assert_eq!(entry[0].changes["months"][1], 24);

    // Applying again finds nothing; a period of 22 months reaches the recent case.
    assert!(
        !erasure::apply_retention(&mut store, &actor(), today, None)
            .expect("again")
            .recorded
    );
    assert_eq!(
        erasure::preview_retention(&store, today, Some(22))
            .expect("22")
            .cases
            .len(),
        1
    );
}

#[test]
fn the_retention_period_persists_and_runs_on_opening_at_most_once_a_day() {
    let db = TestDb::new();
    let today = tafel::clock::today();
    {
        let mut store = db.open();
        closed_case(
            &mut store,
            "Oude Smederij BV",
            "11111111",
            "financed",
            30,
            today,
        );
        let set = erasure::set_retention_months(&mut store, &actor(), 36).expect("36");
        assert_eq!(set.months, Some(36));
        let err = erasure::set_retention_months(&mut store, &actor(), 5000).expect_err("too long");
        assert_eq!(err.field_errors()[0].code, "retention_months");
    }
    let mut store = db.open();
    assert_eq!(
        erasure::retention_settings(&store)
            .expect("settings")
            .months,
        Some(36),
        "kept in the database"
    );
    assert!(
        store
            .history()
            .of("setting", "retention.months")
            .expect("log")
            .len()
            == 1,
        "the change is in the log"
    );
    let first = erasure::apply_retention_on_open(&mut store, &actor(), today)
        .expect("open")
        .expect("ran");
    assert!(!first.recorded, "30 months is within 36");
    assert_eq!(
        erasure::apply_retention_on_open(&mut store, &actor(), today).expect("twice"),
        None,
        "once a day"
    );
    erasure::set_retention_months(&mut store, &actor(), 24).expect("24");
    assert_eq!(
        erasure::apply_retention_on_open(&mut store, &actor(), today).expect("same day"),
        None
    );
    let tomorrow =
        erasure::apply_retention_on_open(&mut store, &actor(), today + chrono::Days::new(1))
            .expect("next day")
            .expect("ran");
    assert_eq!((tomorrow.recorded, tomorrow.case_ids.len()), (true, 1));
    let entry = store
        .history()
        .of("erasure", &tomorrow.subject_id)
        .expect("entry");
    assert_eq!(entry[0].changes["automatic"][1], true);
    erasure::set_retention_months(&mut store, &actor(), 0).expect("off");
    assert_eq!(
        erasure::retention_settings(&store)
            .expect("settings")
            .months,
        None
    );
    assert_eq!(
        erasure::apply_retention_on_open(&mut store, &actor(), today + chrono::Days::new(2))
            .expect("off"),
        None
    );
}

#[test]
fn a_backup_and_restore_keep_the_settings() {
    let db = TestDb::new();
    let mut store = db.open();
    erasure::set_retention_months(&mut store, &actor(), 18).expect("18");
    let file = db.dir.path().join("backup.json");
    tafel::service::transfer::backup(&store, &actor(), &file, &tafel::progress::Silent)
        .expect("backup");
    let other = TestDb::new();
    let mut restored = other.open();
    tafel::service::transfer::restore(&mut restored, &file, &tafel::progress::Silent)
        .expect("restore");
    assert_eq!(
        erasure::retention_settings(&restored)
            .expect("settings")
            .months,
        Some(18)
    );
}

#[test]
fn the_cli_erases_after_confirmation_and_previews_retention() {
    let db = TestDb::new();
    let added = tafel(
        &db,
        &["case", "add", "--json", "-"],
        Some(&serde_json::to_string(&bakery()).expect("json")),
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let case: serde_json::Value = serde_json::from_slice(&added.stdout).expect("case json");
    let number = case["case_number"].as_str().expect("number").to_string();

    let refused = tafel(&db, &["erase", "company", "71234567"], Some("Bakkerij\n"));
    assert_eq!(refused.status.code(), Some(2), "a wrong name is refused");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("niets gewist"));
    let preview = tafel(
        &db,
        &["erase", "retention", "--dry-run", "--months", "1"],
        None,
    );
    assert!(
        preview.status.success(),
        "{}",
        String::from_utf8_lossy(&preview.stderr)
    );
    assert!(
        String::from_utf8_lossy(&preview.stdout).contains("0 afgesloten casus"),
        "{}",
        String::from_utf8_lossy(&preview.stdout)
    );

    let erased = tafel(
        &db,
        &["erase", "company", "71234567"],
        Some("Bakkerij Wijkerbrood BV\n"),
    );
    assert!(
        erased.status.success(),
        "{}",
        String::from_utf8_lossy(&erased.stderr)
    );
    assert!(String::from_utf8_lossy(&erased.stdout).contains("gewist"));
    let shown = tafel(&db, &["case", "list", "--json"], None);
    assert!(!String::from_utf8_lossy(&shown.stdout).contains("Wijkerbrood"));
    let again = tafel(&db, &["erase", "company", &number, "--yes"], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("al gewist"));

    let set = tafel(&db, &["erase", "retention", "--set-months", "36"], None);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let store = db.open();
    assert_eq!(
        erasure::retention_settings(&store)
            .expect("settings")
            .months,
        Some(36)
    );
    assert!(
        matches!(erasure::find_company(&store, &number), Ok(c) if c.name == ERASED_COMPANY_NAME)
    );
}

#[test]
fn an_erasure_right_after_a_migration_removes_the_copy_kept_from_before_it() {
    let db = TestDb::new();
    {
        let mut store = db.open();
        cases::add_case(&mut store, &actor(), &bakery(), today()).expect("case");
        // Back to schema 7, as a database written by the Tafel before erasure existed.
        store
            .conn_for_tests()
            .execute_batch(crate::common::UNDO_MIGRATION_9)
            .expect("schema 8");
        store
            .conn_for_tests()
            .execute_batch(
                "DROP TRIGGER change_log_no_update; DROP TABLE settings; DROP TABLE erasure_permit;
                 ALTER TABLE companies DROP COLUMN erased_at; ALTER TABLE cases DROP COLUMN anonymised_at;
                 ALTER TABLE financier_contacts DROP COLUMN erased_at;
                 CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log
                 BEGIN SELECT RAISE(ABORT, 'change_log is append-only'); END;",
            )
            .expect("schema 7");
        store
            .conn_for_tests()
            .pragma_update(None, "user_version", 7)
            .expect("version 7");
    }
    let copy = db.dir.path().join("tafel.db.before-schema-7");
    let mut store = db.open();
    assert!(copy.exists(), "the migration kept a copy");
    erasure::erase_company(&mut store, &actor(), "71234567", Confirmation::Given).expect("erase");
    assert!(
        !copy.exists(),
        "the copy would still hold the erased company"
    );
    assert_eq!(
        occurrences(&store, BAKERY_VALUES),
        Vec::<String>::new(),
        "log entries from before the migration too"
    );
}

/// A referral received from another table that was never accepted names a company this table
/// never took on: `tafel erase referral N` (and the app's "Wissen" in the inbox) erases its named
/// details and reason from the inbox, the file's pages included; where it came from stays.
#[test]
fn a_received_referral_never_accepted_is_erased_from_the_inbox_and_the_file() {
    use std::collections::BTreeMap;
    use tafel::service::sync::exchange;
    use tafel::sync::exchange::Referral;
    let db = TestDb::new();
    let mut store = db.open();
    let mut case = BTreeMap::new();
    case.insert("case_number".to_string(), serde_json::json!("2026-0042"));
    case.insert("amount_cents".to_string(), serde_json::json!(35_000_000));
    let mut named = BTreeMap::new();
    named.insert(
        "company_name".to_string(),
        serde_json::json!("Utrechtse Zonnedaken BV"),
    );
    named.insert("kvk".to_string(), serde_json::json!("87654321"));
    named.insert(
        "contact_name".to_string(),
        serde_json::json!("Henk Zonneveld"),
    );
    let referral = Referral {
        channel: "xchg:a+b".into(),
        sender_device: "device-a".into(),
        seq: 1,
        author: "Marieke Jansen".into(),
        from_table_id: "table-a".into(),
        from_table_name: "Financieringstafel Utrecht".into(),
        case_id: "case-a".into(),
        reason: "Groeifinanciering voor Zonnedaken in Amsterdam".into(),
        referred_on: today(),
        case,
        named: Some(named),
    };
    store
        .transact(&actor(), |w| {
            w.exchange_mut()
                .add_received("table-a", "device-a", "xchg:a+b", 1, &referral)
        })
        .expect("received");
    let item = exchange::inbox(&store).expect("inbox")[0].clone();
    assert_eq!(
        item.company_name.as_deref(),
        Some("Utrechtse Zonnedaken BV")
    );
    drop(store);

    let needles = ["Zonnedaken", "87654321", "Zonneveld"];
    let refused = tafel(&db, &["erase", "referral", "99", "--yes"], None);
    assert_eq!(refused.status.code(), Some(2), "no referral 99");
    let erased = tafel(
        &db,
        &["erase", "referral", &item.id.to_string()],
        Some("ja\n"),
    );
    assert!(
        erased.status.success(),
        "{}",
        String::from_utf8_lossy(&erased.stderr)
    );
    assert!(String::from_utf8_lossy(&erased.stdout).contains("is gewist"));

    let store = db.open();
    assert_eq!(occurrences(&store, &needles), Vec::<String>::new());
    let after = &exchange::inbox(&store).expect("inbox")[0];
    assert_eq!(
        (after.company_name.as_deref(), after.kvk.as_deref()),
        (None, None)
    );
    assert_eq!(after.reason, tafel::domain::erasure::ERASED);
    assert!(after.erased);
    assert_eq!(after.from_table_name, "Financieringstafel Utrecht");
    assert_eq!(after.amount_cents, Some(35_000_000), "the one-pager stays");
    let history = store
        .history()
        .of("erasure", &item.id.to_string())
        .expect("history");
    assert_eq!(
        history
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        vec!["received_referral"]
    );
    drop(store);
    assert_eq!(
        in_file(&plaintext_pages(&db.path), &needles),
        Vec::<String>::new()
    );
    let again = tafel(
        &db,
        &["erase", "referral", &item.id.to_string(), "--yes"],
        None,
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("al gewist"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
