//! The dossier's levels between real encrypted databases (issue 14): a whole-table document
//! reaches every member, a consented one only the organisations the case's consent names and
//! only while it lasts, a coordinator-only one nobody. Looked for in the members' decrypted
//! database files and in everything of the bundles their keys open.

use tafel::domain::DocumentLevel;
use tafel::domain::DocumentType;
use tafel::service::cases;
use tafel::service::documents::{self, DocumentDetails, OpenedFiles};
use tafel::service::sync::shared;
use tafel::sync::Bundle;

use base64::Engine as _;

use crate::common::{acting_now, today};
use crate::dossier::pdf_with_text;
use crate::erasure::{in_file, occurrences, plaintext_pages};
use crate::sync::{Laptop, case_at_table, coordinator, member};

const CONSENTED: &str = "de kaspositie van bunnik bouwrobotica daalt in maart tot min 41.000 euro";
const CONSENTED_V2: &str = "herziene prognose: de kaspositie blijft in maart boven nul";
const WHOLE_TABLE: &str = "de sector bouwrobotica groeit jaarlijks met negen procent";
const COORDINATOR: &str = "de directeur overweegt zijn aandelen te verkopen aan een concurrent";

/// Per document: its title, the version, and each member organisation with whether it has it.
type Received = (String, u32, Vec<(String, bool)>);

fn add(c: &mut Laptop, case: &str, name: &str, text: &str, level: DocumentLevel) -> String {
    documents::add_document_bytes(
        &mut c.store,
        &acting_now(&c.actor),
        case,
        name,
        pdf_with_text(&[text], 0),
        &DocumentDetails {
            doc_type: Some(DocumentType::CashFlowForecast),
            title: Some(name.trim_end_matches(".pdf").to_string()),
            level: Some(level),
            ..Default::default()
        },
        today(),
    )
    .expect("add document")
    .id
}

/// Everything of a bundle that `m`'s keys open: the ops as JSON and the files' bytes.
fn what_opens(m: &Laptop, bundle: &[u8]) -> Vec<u8> {
    let keys = m
        .store
        .sync()
        .identity()
        .expect("identity")
        .expect("some")
        .keys;
    let mut out = Vec::new();
    for envelope in Bundle::decode(bundle).expect("bundle").envelopes {
        let Some(batch) = envelope.open(&keys).expect("open") else {
            continue;
        };
        out.extend(serde_json::to_vec(&batch.ops).expect("json"));
        for file in batch.files.values() {
            out.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(file)
                    .expect("base64"),
            );
        }
    }
    out.to_ascii_lowercase()
}

fn titles(m: &Laptop, case: &str) -> Vec<String> {
    shared::shared_case(&m.store, case, tafel::clock::today())
        .expect("shared case")
        .documents
        .into_iter()
        .map(|d| d.title)
        .collect()
}

fn opened_text(m: &Laptop, case: &str, title: &str) -> Vec<u8> {
    let doc = shared::shared_case(&m.store, case, tafel::clock::today())
        .expect("shared case")
        .documents
        .into_iter()
        .find(|d| d.title == title)
        .expect("document listed");
    assert!(doc.available);
    let folder = tempfile::tempdir().expect("tmp");
    let opened = OpenedFiles::at(folder.path().join("geopend"));
    let path =
        shared::open_shared_copy(&m.store, &doc.id, &opened, tafel::clock::today()).expect("open");
    assert!(path.ends_with(format!("{title}.pdf")));
    let bytes = std::fs::read(&path).expect("read");
    opened.close(&path).expect("close");
    assert!(!path.exists());
    bytes
}

/// A table with a case whose consent names the ROM, two members (the ROM and Rabobank) and
/// three documents of the case: consented ("prognose"), whole table ("sectorbeeld") and
/// coordinator only ("notitie"), none of them sent yet.
struct Bunnik {
    c: Laptop,
    case: String,
    rom: Laptop,
    rabo: Laptop,
    consented: String,
    table: String,
}

fn bunnik() -> Bunnik {
    let mut c = coordinator();
    let case = case_at_table(
        &mut c,
        "Bunnik Bouwrobotica BV",
        "82345678",
        &["ROM Utrecht Region"],
    );
    let rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let rabo = member(&mut c, "Sanne Bakker", "Rabobank");
    let consented = add(
        &mut c,
        &case,
        "prognose.pdf",
        CONSENTED,
        DocumentLevel::Consented,
    );
    let table = add(
        &mut c,
        &case,
        "sectorbeeld.pdf",
        WHOLE_TABLE,
        DocumentLevel::Table,
    );
    add(
        &mut c,
        &case,
        "notitie.pdf",
        COORDINATOR,
        DocumentLevel::Coordinator,
    );
    Bunnik {
        c,
        case,
        rom,
        rabo,
        consented,
        table,
    }
}

#[test]
fn each_document_reaches_exactly_the_members_its_level_allows_and_is_withdrawn_when_that_ends() {
    let Bunnik {
        mut c,
        case,
        mut rom,
        mut rabo,
        consented,
        table,
    } = bunnik();

    let round = c.export();
    rom.import(&round).expect("rom");
    rabo.import(&round).expect("rabo");

    // The ROM, named in the consent, has both shared documents; Rabobank only the table's.
    assert_eq!(titles(&rom, &case), ["prognose", "sectorbeeld"]);
    assert_eq!(titles(&rabo, &case), ["sectorbeeld"]);
    let listed = shared::shared_case(&rom.store, &case, tafel::clock::today())
        .expect("view")
        .documents;
    assert!(!listed[0].whole_table && listed[1].whole_table);
    assert_eq!(listed[0].shared_by, "Marieke Jansen");
    let bytes = opened_text(&rom, &case, "prognose");
    assert_eq!(
        bytes,
        c.store
            .documents()
            .bytes(
                &c.store
                    .documents()
                    .get(&consented)
                    .expect("doc")
                    .current
                    .sha256
            )
            .expect("bytes"),
        "the member opens exactly the coordinator's file"
    );
    opened_text(&rabo, &case, "sectorbeeld");

    // Nothing of the consented or the coordinator's document in what Rabobank can decrypt.
    let rabo_sees = what_opens(&rabo, &round);
    assert!(
        in_file(&rabo_sees, &[WHOLE_TABLE]).len() == 1,
        "the table's document did travel"
    );
    assert!(in_file(&rabo_sees, &[CONSENTED, COORDINATOR, "prognose"]).is_empty());
    assert!(in_file(&what_opens(&rom, &round), &[COORDINATOR, "notitie"]).is_empty());
    assert!(occurrences(&rabo.store, &[CONSENTED, COORDINATOR, "prognose"]).is_empty());
    assert!(occurrences(&rom.store, &[COORDINATOR]).is_empty());

    // A newer version travels to those who have the document; the older bytes go.
    documents::replace_document_bytes(
        &mut c.store,
        &acting_now(&c.actor),
        &consented,
        "prognose-herzien.pdf",
        pdf_with_text(&[CONSENTED_V2], 0),
        today(),
    )
    .expect("replace");
    rom.import(&c.export()).expect("rom v2");
    let v2 = shared::shared_case(&rom.store, &case, tafel::clock::today())
        .expect("view")
        .documents;
    assert_eq!(v2[0].version, 2);
    assert!(in_file(&opened_text(&rom, &case, "prognose"), &[CONSENTED_V2]).len() == 1);
    assert!(
        occurrences(&rom.store, &[CONSENTED]).is_empty(),
        "version 1 is gone"
    );

    // Consent withdrawn: no new version reaches the ROM, and its copy goes from its laptop.
    cases::update_case(
        &mut c.store,
        &acting_now(&c.actor),
        &case,
        &serde_json::json!({"consent_financier_ids": []}),
        today(),
    )
    .expect("withdraw");
    documents::replace_document_bytes(
        &mut c.store,
        &acting_now(&c.actor),
        &consented,
        "prognose-3.pdf",
        pdf_with_text(&["derde versie na de intrekking"], 0),
        today(),
    )
    .expect("replace after withdrawal");
    let after = c.export();
    assert!(in_file(&what_opens(&rom, &after), &["derde versie", CONSENTED_V2]).is_empty());
    rom.import(&after).expect("rom after withdrawal");
    assert_eq!(titles(&rom, &case), ["sectorbeeld"]);
    assert!(occurrences(&rom.store, &[CONSENTED_V2, "prognose", "derde versie"]).is_empty());

    // The table's document lowered to coordinator only: withdrawn from every member.
    documents::set_level(
        &mut c.store,
        &acting_now(&c.actor),
        &table,
        DocumentLevel::Coordinator,
        today(),
    )
    .expect("lower");
    let lowered = c.export();
    rom.import(&lowered).expect("rom");
    rabo.import(&lowered).expect("rabo");
    assert!(titles(&rom, &case).is_empty());
    assert!(titles(&rabo, &case).is_empty());
    assert!(occurrences(&rabo.store, &[WHOLE_TABLE, "sectorbeeld"]).is_empty());

    // Not even in the free pages of their decrypted files.
    let Laptop { db, store, .. } = rabo;
    drop(store);
    assert!(
        in_file(
            &plaintext_pages(&db.path),
            &[WHOLE_TABLE, CONSENTED, COORDINATOR]
        )
        .is_empty()
    );
    let Laptop { db, store, .. } = rom;
    drop(store);
    assert!(
        in_file(
            &plaintext_pages(&db.path),
            &[CONSENTED, CONSENTED_V2, COORDINATOR, WHOLE_TABLE]
        )
        .is_empty()
    );
}

/// Two 40 MB documents through a shared folder: each envelope carries at most 64 MiB of
/// files (so here one document each), and both arrive whole.
#[test]
fn large_documents_travel_through_a_shared_folder_in_bounded_envelopes() {
    use tafel::service::sync::{bundle, folder};
    let mut c = coordinator();
    let case = case_at_table(&mut c, "Houten Hydrauliek BV", "83456789", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let share = tempfile::tempdir().expect("folder");
    folder::set_sync_folder(&mut c.store, &acting_now(&c.actor), share.path()).expect("folder");
    folder::set_sync_folder(&mut rom.store, &acting_now(&rom.actor), share.path()).expect("folder");
    let mut sent = Vec::new();
    for (name, line) in [("scan-a.pdf", "eerste scan"), ("scan-b.pdf", "tweede scan")] {
        let id = documents::add_document_bytes(
            &mut c.store,
            &acting_now(&c.actor),
            &case,
            name,
            pdf_with_text(&[line], 40 * 1024 * 1024),
            &DocumentDetails {
                level: Some(DocumentLevel::Table),
                ..Default::default()
            },
            today(),
        )
        .expect("add")
        .id;
        sent.push(c.store.documents().get(&id).expect("doc").current.sha256);
    }
    c.sync_folder().expect("coordinator sync");
    let own = folder::own_bundle_path(&c.store, share.path()).expect("path");
    let written = std::fs::read(&own).expect("bundle");
    let keys = rom
        .store
        .sync()
        .identity()
        .expect("identity")
        .expect("some")
        .keys;
    let mut carried = Vec::new();
    for envelope in Bundle::decode(&written).expect("bundle").envelopes {
        let Some(batch) = envelope.open(&keys).expect("open") else {
            continue;
        };
        let weight: usize = batch.files.values().map(|f| f.len() / 4 * 3).sum();
        assert!(weight as u64 <= bundle::MAX_FILE_BYTES_PER_ENVELOPE + 4);
        carried.push(batch.files.len());
    }
    carried.retain(|n| *n > 0);
    assert_eq!(carried, [1, 1], "one 40 MB document per envelope");

    rom.sync_folder().expect("member sync");
    let got = shared::shared_case(&rom.store, &case, tafel::clock::today())
        .expect("view")
        .documents;
    assert_eq!(got.len(), 2);
    assert!(
        got.iter()
            .all(|d| d.available && d.size_bytes > 40 * 1024 * 1024)
    );
    for sha in &sent {
        let bytes = rom.store.documents().bytes(sha).expect("received bytes");
        use sha2::Digest;
        assert_eq!(&hex::encode(sha2::Sha256::digest(&bytes)), sha);
    }
}

/// An erased company's shared documents: their titles (which often name the company) go from
/// everything sharing keeps — the shared fields and the outbox entries not yet acknowledged —
/// and the next bundle withdraws the documents from the members that had them.
#[test]
fn erasing_a_company_removes_its_shared_documents_titles_from_the_outbox_and_the_members() {
    let mut c = coordinator();
    let case = case_at_table(
        &mut c,
        "Leusden Lasrobots BV",
        "88901234",
        &["ROM Utrecht Region"],
    );
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    // Rabobank has joined but not yet imported anything: every envelope stays in the outbox.
    let rabo = member(&mut c, "Sanne Bakker", "Rabobank");
    add(
        &mut c,
        &case,
        "prognose.pdf",
        CONSENTED,
        DocumentLevel::Consented,
    );
    documents::add_document_bytes(
        &mut c.store,
        &acting_now(&c.actor),
        &case,
        "jaarrekening.pdf",
        pdf_with_text(&[WHOLE_TABLE], 0),
        &DocumentDetails {
            doc_type: Some(DocumentType::AnnualAccounts),
            title: Some("Jaarrekening Lasrobots 2025".into()),
            level: Some(DocumentLevel::Table),
            ..Default::default()
        },
        today(),
    )
    .expect("add the table's document");
    let round = c.export();
    rom.import(&round).expect("rom");
    assert_eq!(
        titles(&rom, &case),
        ["Jaarrekening Lasrobots 2025", "prognose"]
    );
    assert!(
        !in_file(&what_opens(&rabo, &round), &["lasrobots"]).is_empty(),
        "the title travelled to Rabobank too"
    );

    tafel::service::erasure::erase_company(
        &mut c.store,
        &acting_now(&c.actor),
        "88901234",
        tafel::service::erasure::Confirmation::Given,
    )
    .expect("erase");
    assert_eq!(
        occurrences(&c.store, &["Lasrobots", CONSENTED, WHOLE_TABLE]),
        Vec::<String>::new(),
        "nothing of the company's documents in any table of the coordinator, the outbox included"
    );
    let after = c.export();
    assert!(
        in_file(
            &what_opens(&rabo, &after),
            &["lasrobots", CONSENTED, WHOLE_TABLE]
        )
        .is_empty()
    );
    rom.import(&after).expect("rom after the erasure");
    assert!(titles(&rom, &case).is_empty());
    assert_eq!(
        occurrences(&rom.store, &["Lasrobots", CONSENTED, WHOLE_TABLE]),
        Vec::<String>::new(),
        "the documents are withdrawn from the ROM"
    );
}

/// The same levels through the table hub (a real PostgreSQL; see `hub.rs`): each member pulls
/// exactly the documents its level allows, a 5 MB one arrives whole, a lowered level withdraws
/// the file at the next sync, and no column of the hub holds a document's text or title.
#[test]
fn documents_travel_through_the_hub_by_level_and_the_hub_holds_neither_their_text_nor_their_titles()
{
    use crate::hub::{connect, everything_stored, found_in, fresh_hub, hub_member, sync};
    let url = fresh_hub();
    let mut c = coordinator();
    let case = case_at_table(
        &mut c,
        "Bunnik Bouwrobotica BV",
        "82345678",
        &["ROM Utrecht Region"],
    );
    let consented = add(
        &mut c,
        &case,
        "prognose.pdf",
        CONSENTED,
        DocumentLevel::Consented,
    );
    let large = pdf_with_text(&[WHOLE_TABLE], 5 * 1024 * 1024);
    let table = documents::add_document_bytes(
        &mut c.store,
        &acting_now(&c.actor),
        &case,
        "sectorbeeld.pdf",
        large.clone(),
        &DocumentDetails {
            doc_type: Some(DocumentType::Other),
            title: Some("sectorbeeld".into()),
            level: Some(DocumentLevel::Table),
            ..Default::default()
        },
        today(),
    )
    .expect("add the table's document")
    .id;
    add(
        &mut c,
        &case,
        "notitie.pdf",
        COORDINATOR,
        DocumentLevel::Coordinator,
    );
    tafel::service::sync::hub::init(&mut c.store, &acting_now(&c.actor), &url).expect("hub init");
    sync(&mut c);
    let (rom, _) = hub_member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let (mut rabo, _) = hub_member(&mut c, "Sanne Bakker", "Rabobank");

    assert_eq!(titles(&rom, &case), ["prognose", "sectorbeeld"]);
    assert_eq!(titles(&rabo, &case), ["sectorbeeld"]);
    let sha = |id: &str| {
        c.store
            .documents()
            .get(id)
            .expect("document")
            .current
            .sha256
    };
    assert_eq!(
        opened_text(&rom, &case, "prognose"),
        c.store.documents().bytes(&sha(&consented)).expect("bytes")
    );
    assert_eq!(
        opened_text(&rabo, &case, "sectorbeeld"),
        large,
        "the 5 MB document arrives whole"
    );
    assert!(
        occurrences(
            &rabo.store,
            &[CONSENTED, COORDINATOR, "prognose", "notitie"]
        )
        .is_empty()
    );

    let mut admin = connect(&url);
    let stored = everything_stored(&mut admin);
    for needle in [
        CONSENTED,
        WHOLE_TABLE,
        COORDINATOR,
        "prognose",
        "sectorbeeld",
        "notitie",
        &sha(&table),
    ] {
        assert_eq!(
            found_in(&stored, needle),
            Vec::<String>::new(),
            "{needle} is on the hub"
        );
    }

    // Lowered to coordinator only: the file goes from Rabobank at its next sync.
    documents::set_level(
        &mut c.store,
        &acting_now(&c.actor),
        &table,
        DocumentLevel::Coordinator,
        today(),
    )
    .expect("lower");
    sync(&mut c);
    sync(&mut rabo);
    assert!(titles(&rabo, &case).is_empty());
    assert!(occurrences(&rabo.store, &[WHOLE_TABLE, "sectorbeeld"]).is_empty());
}

/// The coordinator sees who has each shared document: an organisation counts as having the
/// current version once one of its devices acknowledged the envelope that handed it over.
#[test]
fn the_coordinator_sees_which_members_received_each_shared_document() {
    use tafel::service::sync::receipts::{DocumentReceipt, document_receipts};
    let Bunnik {
        mut c,
        case,
        mut rom,
        mut rabo,
        consented,
        table,
    } = bunnik();
    let seen = |c: &Laptop| -> Vec<Received> {
        let receipts: Vec<DocumentReceipt> =
            document_receipts(&c.store, &case, today()).expect("receipts");
        receipts
            .into_iter()
            .map(|r| {
                let who = if r.document_id == consented {
                    "prognose"
                } else if r.document_id == table {
                    "sectorbeeld"
                } else {
                    "?"
                };
                assert_eq!(r.title, who, "the receipt names its document");
                (
                    who.to_string(),
                    r.version,
                    r.recipients
                        .into_iter()
                        .map(|p| (p.organisation_name, p.received))
                        .collect(),
                )
            })
            .collect::<Vec<_>>()
    };
    let sorted = |mut v: Vec<Received>| {
        v.sort();
        v
    };
    let expect = |p: (u32, &[(&str, bool)]), s: &[(&str, bool)]| {
        vec![
            (
                "prognose".to_string(),
                p.0,
                p.1.iter().map(|(n, r)| (n.to_string(), *r)).collect(),
            ),
            (
                "sectorbeeld".to_string(),
                1,
                s.iter().map(|(n, r)| (n.to_string(), *r)).collect(),
            ),
        ]
    };
    // Not yet sent, then sent: nobody has anything until an acknowledgement comes back.
    let unsent = expect(
        (1, &[("ROM Utrecht Region", false)]),
        &[("ROM Utrecht Region", false), ("Rabobank", false)],
    );
    assert_eq!(sorted(seen(&c)), unsent, "not yet sent");
    let round = c.export();
    assert_eq!(
        sorted(seen(&c)),
        expect(
            (1, &[("ROM Utrecht Region", false)]),
            &[("ROM Utrecht Region", false), ("Rabobank", false)]
        ),
        "written, not yet acknowledged"
    );
    rom.import(&round).expect("rom");
    rabo.import(&round).expect("rabo");
    c.import(&rom.export()).expect("the ROM's acknowledgement");
    assert_eq!(
        sorted(seen(&c)),
        expect(
            (1, &[("ROM Utrecht Region", true)]),
            &[("ROM Utrecht Region", true), ("Rabobank", false)]
        )
    );
    c.import(&rabo.export())
        .expect("Rabobank's acknowledgement");
    assert_eq!(
        sorted(seen(&c)),
        expect(
            (1, &[("ROM Utrecht Region", true)]),
            &[("ROM Utrecht Region", true), ("Rabobank", true)]
        )
    );

    // A newer version: the ROM has it only once it acknowledged that one.
    documents::replace_document_bytes(
        &mut c.store,
        &acting_now(&c.actor),
        &consented,
        "prognose-herzien.pdf",
        pdf_with_text(&[CONSENTED_V2], 0),
        today(),
    )
    .expect("replace");
    let v2 = c.export();
    assert_eq!(
        sorted(seen(&c)),
        expect(
            (2, &[("ROM Utrecht Region", false)]),
            &[("ROM Utrecht Region", true), ("Rabobank", true)]
        )
    );
    rom.import(&v2).expect("rom v2");
    c.import(&rom.export()).expect("ack v2");
    assert_eq!(
        seen(&c)
            .iter()
            .find(|d| d.0 == "prognose")
            .map(|d| d.2.clone()),
        Some(vec![("ROM Utrecht Region".to_string(), true)])
    );

    // A member's own laptop shares nothing: no receipts there.
    assert!(
        document_receipts(&rom.store, &case, today())
            .expect("member")
            .is_empty()
    );
}
