//! What the desktop's sharing screen adds to the sharing core: a member card as a file and its
//! preview before it is added, joining through the shared folder with the fingerprint typed,
//! bundle files the user chose, and the list of refused bundles.

use tafel::domain::{Actor, WriteSource};
use tafel::progress::Silent;
use tafel::service::sync::{card, folder, identity, join, refusals, roster, shared};

use crate::common::{TestDb, acting_now};
use crate::sync::{Laptop, case_at_table, coordinator};

fn fresh(person: &str, organisation: &str) -> Laptop {
    let db = TestDb::new();
    let mut store = db.open();
    let actor = Actor {
        author: person.into(),
        source: WriteSource::Ui,
        at: tafel::clock::moment(),
    };
    identity::set_identity(&mut store, &actor, person, organisation, None).expect("identity");
    Laptop { db, store, actor }
}

#[test]
fn a_card_saved_to_a_file_previews_with_the_members_fingerprint_before_it_is_added() {
    let mut c = coordinator();
    let rom = fresh("Ruud de Wit", "ROM Utrecht Region");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ruud.tafelkaart");
    assert_eq!(
        card::save_card_file(&rom.store, &path, tafel::clock::now()).expect("save"),
        path
    );
    // Not a card's extension, and never the database's own files.
    assert!(
        card::save_card_file(
            &rom.store,
            &dir.path().join("ruud.csv"),
            tafel::clock::now()
        )
        .is_err()
    );
    assert!(card::save_card_file(&rom.store, &rom.db.path, tafel::clock::now()).is_err());

    let text = card::read_card_file(&c.store, &path).expect("read");
    assert!(text.starts_with("TAFEL-LIDKAART-1:"), "{text}");
    let preview = card::preview_card(&c.store, &text).expect("preview");
    let own = identity::identity(&rom.store).expect("id").expect("some");
    assert_eq!(
        preview.fingerprint, own.fingerprint,
        "the same digits on both laptops"
    );
    assert_eq!(
        (preview.person.as_str(), preview.organisation.as_str()),
        ("Ruud de Wit", "ROM Utrecht Region")
    );
    assert_eq!(
        preview.financier_name.as_deref(),
        Some("ROM Utrecht Region"),
        "matched in the coordinator's register"
    );
    assert!(!preview.on_roster);
    // A preview adds nothing; adding does.
    assert_eq!(
        roster::roster(&c.store)
            .expect("roster")
            .expect("some")
            .members
            .len(),
        1
    );
    roster::add_member(
        &mut c.store,
        &acting_now(&c.actor),
        &text,
        preview.financier_id.as_deref(),
    )
    .expect("add");
    assert!(
        card::preview_card(&c.store, &text)
            .expect("again")
            .on_roster
    );

    // A card with a changed byte, a text file that is no card, and a huge file are refused.
    let mut tampered = text.clone().into_bytes();
    tampered[30] ^= 0x01;
    assert!(card::preview_card(&c.store, &String::from_utf8_lossy(&tampered)).is_err());
    let other = dir.path().join("brief.txt");
    std::fs::write(&other, "Beste Marieke, hierbij mijn kaart").expect("write");
    let err = card::preview_card(
        &c.store,
        &card::read_card_file(&c.store, &other).expect("text"),
    )
    .expect_err("no card");
    assert_eq!(err.code(), "sync_bad_card");
    let huge = dir.path().join("groot.txt");
    std::fs::write(&huge, vec![b'a'; 70_000]).expect("write");
    assert_eq!(
        card::read_card_file(&c.store, &huge)
            .expect_err("too large")
            .field_errors()[0]
            .code,
        "card_too_large"
    );
}

#[test]
fn a_member_joins_through_the_shared_folder_once_the_typed_fingerprint_matches() {
    let mut c = coordinator();
    let case_id = case_at_table(
        &mut c,
        "Nieuwegein Nanocoatings BV",
        "86789012",
        &["ROM Utrecht Region"],
    );
    let mut rom = fresh("Ruud de Wit", "ROM Utrecht Region");
    let share = tempfile::tempdir().expect("folder");
    folder::set_sync_folder(&mut c.store, &acting_now(&c.actor), share.path()).expect("folder");
    folder::set_sync_folder(&mut rom.store, &acting_now(&rom.actor), share.path()).expect("folder");

    // The coordinator has not added the card yet: nothing invites this device.
    c.sync_folder().expect("coordinator sync");
    let err = join::sync_joining(&mut rom.store, &acting_now(&rom.actor), None, None, &Silent)
        .expect_err("not invited");
    assert_eq!(err.field_errors()[0].code, "no_invitation");
    assert!(
        join::folder_join_offer(&rom.store, None)
            .expect("offer")
            .is_none()
    );

    roster::add_member(
        &mut c.store,
        &acting_now(&c.actor),
        &identity::member_card(&rom.store, tafel::clock::now()).expect("card"),
        None,
    )
    .expect("add");
    c.sync_folder().expect("coordinator sync");
    let coordinator_fp = identity::identity(&c.store)
        .expect("id")
        .expect("some")
        .fingerprint;
    let offer = join::folder_join_offer(&rom.store, None)
        .expect("offer")
        .expect("invited");
    assert_eq!(
        (offer.table_name.as_str(), offer.coordinator.as_str()),
        ("Financieringstafel Utrecht", "Marieke Jansen")
    );
    assert_eq!(offer.coordinator_fingerprint, coordinator_fp);

    // Without the fingerprint: refused, with the table and the fingerprint in the message.
    let err = join::sync_joining(&mut rom.store, &acting_now(&rom.actor), None, None, &Silent)
        .expect_err("confirm first");
    assert_eq!(err.code(), "sync_not_joined");
    assert!(
        err.message_nl().contains("Financieringstafel Utrecht")
            && err.message_nl().contains(&coordinator_fp),
        "{}",
        err.message_nl()
    );
    // A wrong fingerprint joins nothing, and no bundle of the device is written.
    let err = join::sync_joining(
        &mut rom.store,
        &acting_now(&rom.actor),
        None,
        Some("12345 67890"),
        &Silent,
    )
    .expect_err("wrong");
    assert_eq!(err.code(), "sync_fingerprint_mismatch");
    assert!(
        identity::identity(&rom.store)
            .expect("id")
            .expect("some")
            .table
            .is_none()
    );
    assert_eq!(
        std::fs::read_dir(share.path()).expect("ls").count(),
        1,
        "only the coordinator's bundle"
    );

    // Typed as read over the phone (spaces or not): joined, and the report counts what came.
    let report = join::sync_joining(
        &mut rom.store,
        &acting_now(&rom.actor),
        None,
        Some(&coordinator_fp.replace(' ', "")),
        &Silent,
    )
    .expect("join");
    assert!(
        report.bundles.iter().any(|b| b
            .imported
            .as_ref()
            .is_some_and(|s| s.joined.is_some() && s.changes > 0)),
        "{:?}",
        report.bundles
    );
    assert!(
        report.summary_nl.contains("ontvangen van de coördinator"),
        "{}",
        report.summary_nl
    );
    let joined = identity::identity(&rom.store).expect("id").expect("some");
    assert_eq!(
        joined.table.map(|t| t.table_name),
        Some("Financieringstafel Utrecht".to_string())
    );
    let seen = shared::shared_case(&rom.store, &case_id, tafel::clock::today())
        .expect("the case reached the member");
    assert_eq!(
        seen.named.map(|n| n.company_name),
        Some("Nieuwegein Nanocoatings BV".to_string())
    );
    assert_eq!(
        std::fs::read_dir(share.path()).expect("ls").count(),
        2,
        "the member's own bundle is there now"
    );

    // Joined, the fingerprint is not asked again.
    let again = join::sync_joining(&mut rom.store, &acting_now(&rom.actor), None, None, &Silent)
        .expect("sync");
    assert!(
        again.summary_nl.starts_with("0 wijzigingen"),
        "{}",
        again.summary_nl
    );
}

#[test]
fn bundle_files_the_user_chose_join_and_refusals_are_listed_with_their_sender() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Maarssen Microbrouwerij BV", "87890123", &[]);
    let mut rom = fresh("Ruud de Wit", "ROM Utrecht Region");
    roster::add_member(
        &mut c.store,
        &acting_now(&c.actor),
        &identity::member_card(&rom.store, tafel::clock::now()).expect("card"),
        None,
    )
    .expect("add");
    let dir = tempfile::tempdir().expect("dir");
    let invitation = dir.path().join("uitnodiging.tafel");
    let summary =
        join::export_bundle_file(&mut c.store, &acting_now(&c.actor), &invitation).expect("export");
    assert!(summary.envelopes > 0 && summary.bytes > 0);
    assert!(
        join::export_bundle_file(
            &mut c.store,
            &acting_now(&c.actor),
            &dir.path().join("uitnodiging.json")
        )
        .is_err(),
        "only .tafel"
    );
    assert!(
        join::export_bundle_file(&mut c.store, &acting_now(&c.actor), &c.db.path).is_err(),
        "never the database"
    );

    let offer = join::file_join_offer(&rom.store, &invitation)
        .expect("offer")
        .expect("invited");
    assert_eq!(offer.file, "uitnodiging.tafel");
    let err = join::import_bundle_file(&mut rom.store, &acting_now(&rom.actor), &invitation, None)
        .expect_err("confirm first");
    assert_eq!(err.code(), "sync_not_joined");
    let joined = join::import_bundle_file(
        &mut rom.store,
        &acting_now(&rom.actor),
        &invitation,
        Some(&offer.coordinator_fingerprint),
    )
    .expect("join");
    assert!(joined.joined.is_some());
    // A member's bundle carries no roster: it invites nobody.
    let interested = tafel::domain::ResponseDraft {
        status: "interested".into(),
        ..Default::default()
    };
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        &interested,
    )
    .expect("respond");
    let answer = dir.path().join("rom.tafel");
    join::export_bundle_file(&mut rom.store, &acting_now(&rom.actor), &answer)
        .expect("member export");
    assert!(
        join::file_join_offer(&c.store, &answer)
            .expect("offer")
            .is_none()
    );

    // A bundle with a flipped byte is refused and listed, with who sent it.
    let mut bytes = std::fs::read(&answer).expect("read");
    let at = bytes.len() - 100;
    bytes[at] ^= 0x01;
    let broken = dir.path().join("kapot.tafel");
    std::fs::write(&broken, &bytes).expect("write");
    assert!(join::import_bundle_file(&mut c.store, &acting_now(&c.actor), &broken, None).is_err());
    let listed = refusals::refusals(&c.store, 10).expect("refusals");
    let first = listed.first().expect("one refusal");
    assert_eq!(first.file, "kapot.tafel");
    assert!(first.code.starts_with("sync_") && !first.message.is_empty());
    assert_eq!(
        first.sender.as_deref(),
        Some("Ruud de Wit (ROM Utrecht Region)")
    );
}

#[test]
fn a_conflict_on_an_answer_says_it_can_be_reverted() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Woerden Waterstof BV", "88901234", &[]);
    let mut rom = crate::sync::member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let typed = tafel::domain::ResponseDraft {
        financier: "ROM Utrecht Region".into(),
        status: "interested".into(),
        ..Default::default()
    };
    tafel::service::outcomes::record_response(
        &mut c.store,
        &acting_now(&c.actor),
        &case_id,
        &typed,
        crate::common::today(),
    )
    .expect("typed");
    c.export();
    std::thread::sleep(std::time::Duration::from_millis(5));
    let declined = tafel::domain::ResponseDraft {
        status: "declined".into(),
        decline_reason: Some("outside_mandate_sector".into()),
        ..Default::default()
    };
    shared::respond(&mut rom.store, &acting_now(&rom.actor), &case_id, &declined).expect("rom");
    c.import(&rom.export()).expect("import");
    let open = tafel::service::sync::conflicts::conflicts(&c.store, true).expect("conflicts");
    assert!(!open.is_empty());
    assert!(
        open.iter().all(|k| k.entity == "response" && k.revertable),
        "{open:?}"
    );
}
