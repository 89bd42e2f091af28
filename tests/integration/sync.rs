//! Sharing a table (issue 11) between real encrypted databases: a coordinator and members on
//! their own "laptops" exchange bundles; the tiers hold in the members' decrypted files; every
//! refusal leaves everything as it was.

use tafel::domain::{Actor, CaseDraft, ResponseDraft, WriteSource};
use tafel::service::sync::{bundle, conflicts, folder, identity, roster, shared};
use tafel::service::{cases, outcomes, register};
use tafel::store::Store;
use tafel::sync::envelope::{Batch, Bundle, BundleHeader, EnvelopeHeader, SealedEnvelope};
use tafel::sync::{DeviceKeys, EntityKind, Hlc, Op};

use crate::common::{TestDb, acting_now, today};
use crate::erasure::{in_file, occurrences, plaintext_pages};

/// One laptop: its database and who uses it.
pub(crate) struct Laptop {
    pub db: TestDb,
    pub store: Store,
    pub actor: Actor,
}

impl Laptop {
    pub(crate) fn new(person: &str) -> Laptop {
        let db = TestDb::new();
        let store = db.open();
        Laptop {
            db,
            store,
            actor: Actor {
                author: person.into(),
                source: WriteSource::Ui,
                at: tafel::clock::moment(),
            },
        }
    }

    pub(crate) fn export(&mut self) -> Vec<u8> {
        bundle::export_bundle(&mut self.store, &acting_now(&self.actor))
            .expect("export")
            .0
    }

    pub(crate) fn import(&mut self, bytes: &[u8]) -> tafel::Result<bundle::ImportSummary> {
        bundle::import_bundle(
            &mut self.store,
            &acting_now(&self.actor),
            bytes,
            "test.tafel",
            None,
        )
    }

    /// Syncs through the folder set for this laptop (`tafel sync`), quietly.
    pub(crate) fn sync_folder(&mut self) -> tafel::Result<folder::SyncReport> {
        folder::sync_with_folder(
            &mut self.store,
            &acting_now(&self.actor),
            None,
            &tafel::progress::Silent,
        )
    }

    /// Closes the database and returns its decrypted pages (free space included).
    fn decrypted_file(self) -> Vec<u8> {
        let Laptop { db, store, .. } = self;
        drop(store);
        plaintext_pages(&db.path)
    }
}

pub(crate) fn coordinator() -> Laptop {
    let mut c = Laptop::new("Marieke Jansen");
    register::import_starter_register(&mut c.store, &acting_now(&c.actor)).expect("register");
    identity::set_identity(
        &mut c.store,
        &acting_now(&c.actor),
        "Marieke Jansen",
        "coordinator",
        Some("Financieringstafel Utrecht"),
    )
    .expect("identity");
    c
}

/// A member's laptop with its identity, its card added to the coordinator's roster; not joined.
pub(crate) fn on_roster(c: &mut Laptop, person: &str, organisation: &str) -> Laptop {
    let mut m = Laptop::new(person);
    identity::set_identity(
        &mut m.store,
        &acting_now(&m.actor),
        person,
        organisation,
        None,
    )
    .expect("member identity");
    let card = identity::member_card(&m.store, tafel::clock::now()).expect("card");
    roster::add_member(&mut c.store, &acting_now(&c.actor), &card, None).expect("add member");
    m
}

/// A member on its own laptop, added to the coordinator's roster and joined by its first bundle.
pub(crate) fn member(c: &mut Laptop, person: &str, organisation: &str) -> Laptop {
    let mut m = on_roster(c, person, organisation);
    let invitation = c.export();
    let refused = m
        .import(&invitation)
        .expect_err("joining needs the fingerprint");
    assert_eq!(refused.code(), "sync_not_joined");
    let fingerprint = identity::identity(&c.store)
        .expect("id")
        .expect("some")
        .fingerprint;
    assert!(
        refused.message_nl().contains(&fingerprint),
        "{}",
        refused.message_nl()
    );
    let wrong = bundle::import_bundle(
        &mut m.store,
        &acting_now(&m.actor),
        &invitation,
        "uitnodiging.tafel",
        Some("00000 00000"),
    )
    .expect_err("wrong fingerprint");
    assert_eq!(wrong.code(), "sync_fingerprint_mismatch");
    let joined = bundle::import_bundle(
        &mut m.store,
        &acting_now(&m.actor),
        &invitation,
        "uitnodiging.tafel",
        Some(&fingerprint),
    )
    .expect("join");
    assert_eq!(
        joined.joined.as_ref().map(|t| t.table_name.as_str()),
        Some("Financieringstafel Utrecht")
    );
    m
}

fn draft(name: &str, kvk: &str) -> CaseDraft {
    serde_json::from_value(serde_json::json!({
        "company": {"name": name, "kvk": kvk, "province": "UT", "legal_form": "bv", "municipality": "Zeist",
                    "contact_name": "Anouk Verbeek", "turnover_eur": 1800000, "employees": 14},
        "amount_eur": 350000, "purpose": "growth", "stage": "growth", "sector": "htsm", "capital_types": ["subordinated_loan"],
        "earlier_declines": "Huisbank wees af wegens te weinig zekerheden", "notes": "Coördinator: CFO is onervaren",
        "pitch": "Maakt sensoren voor de zorg; wil een tweede productielijn."
    }))
    .expect("draft")
}

/// A case at the table (ready); named with consent for `consent` (financier names) when given.
pub(crate) fn case_at_table(c: &mut Laptop, name: &str, kvk: &str, consent: &[&str]) -> String {
    let case = cases::add_case(
        &mut c.store,
        &acting_now(&c.actor),
        &draft(name, kvk),
        today(),
    )
    .expect("case");
    for status in ["screening", "ready"] {
        cases::update_case(
            &mut c.store,
            &acting_now(&c.actor),
            &case.id,
            &serde_json::json!({ "status": status }),
            today(),
        )
        .expect("status");
    }
    if !consent.is_empty() {
        let ids: Vec<String> = consent
            .iter()
            .map(|n| {
                c.store
                    .financiers()
                    .id_by_name(n)
                    .expect("lookup")
                    .expect("financier in register")
            })
            .collect();
        let patch = serde_json::json!({"disclosure": "named", "consent_financier_ids": ids, "consent_from": "2026-11-01", "consent_until": "2027-11-01"});
        cases::update_case(
            &mut c.store,
            &acting_now(&c.actor),
            &case.id,
            &patch,
            today(),
        )
        .expect("consent");
    }
    case.id
}

pub(crate) fn decline(reason: &str, text: Option<&str>) -> ResponseDraft {
    ResponseDraft {
        status: "declined".into(),
        decline_reason: Some(reason.into()),
        decline_text: text.map(str::to_string),
        ..Default::default()
    }
}

/// Everything a bundle can change on a replica, to compare before and after a refusal.
pub(crate) fn state(store: &Store) -> Vec<String> {
    let conn = store.conn_for_tests();
    let mut out = Vec::new();
    for sql in [
        "SELECT entity || entity_id || field || value || hlc FROM sync_fields ORDER BY 1",
        "SELECT sender || channel || seq FROM sync_received ORDER BY 1",
        "SELECT id || status FROM case_responses ORDER BY 1",
        "SELECT count(*) FROM response_steps",
        "SELECT version FROM sync_roster",
        "SELECT count(*) FROM sync_conflicts",
    ] {
        let mut stmt = conn.prepare(sql).expect("sql");
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get::<_, rusqlite::types::Value>(0))
            .expect("rows")
            .map(|v| format!("{:?}", v.expect("value")))
            .collect();
        out.extend(rows);
    }
    out
}

#[test]
fn a_rom_member_joins_sees_the_one_pager_declines_offline_and_the_coordinator_has_the_answer_after_one_sync()
 {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Zeister Sensoren BV", "81234567", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");

    let seen = shared::shared_cases(&rom.store, tafel::clock::today()).expect("shared");
    let one = seen
        .iter()
        .find(|s| s.case_id == case_id)
        .expect("the case reached the member");
    assert_eq!(one.amount_cents, 35_000_000);
    assert!(one.named.is_none(), "no consent, no name");
    assert_eq!(
        one.pitch.as_deref(),
        Some("Maakt sensoren voor de zorg; wil een tweede productielijn."),
        "the pitch is written for sharing"
    );
    assert_eq!(
        one.turnover_band.as_ref().map(|b| b.nl.as_str()),
        Some("€ 1 – 5 mln")
    );
    assert_eq!(one.marker, Some(shared::SharedMarker::New));
    // The register came along, the coordinator's notes did not.
    assert!(
        occurrences(
            &rom.store,
            &[
                "Zeister Sensoren",
                "81234567",
                "onervaren",
                "Anouk Verbeek",
                "Zeist"
            ]
        )
        .is_empty()
    );

    // Offline on the train: the ROM declines with a reason and keeps a private note.
    let answered = shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &one.case_number,
        &decline("outside_mandate_sector", None),
    )
    .expect("respond");
    assert_eq!(
        answered.response.as_ref().map(|r| r.status),
        Some(tafel::domain::ResponseStatus::Declined)
    );
    shared::set_private_note(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        "GEHEIMNOTITIE: past bij ons fonds 2028",
    )
    .expect("note");
    let answer = rom.export();

    let summary = c.import(&answer).expect("coordinator reads the answer");
    assert_eq!(summary.responses, 1);
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    let response = outcome
        .responses
        .iter()
        .find(|r| r.financier_name == "ROM Utrecht Region")
        .expect("the answer is on the case page");
    assert_eq!(response.status, tafel::domain::ResponseStatus::Declined);
    assert_eq!(
        response.steps.last().map(|s| s.author.as_str()),
        Some("Ruud de Wit (ROM Utrecht Region)")
    );
    let history = c
        .store
        .history()
        .of("response", &response.id)
        .expect("history");
    let rom_device = identity::identity(&rom.store)
        .expect("id")
        .expect("some")
        .device_id;
    let logged = c.store.conn_for_tests().query_row(
        "SELECT device_id || '|' || source FROM change_log WHERE entity = 'response' AND entity_id = ?1 ORDER BY seq DESC LIMIT 1",
        [&response.id],
        |r| r.get::<_, String>(0),
    );
    assert_eq!(logged.expect("log"), format!("{rom_device}|sync"));
    assert!(!history.is_empty());
    assert!(
        occurrences(&c.store, &["GEHEIMNOTITIE"]).is_empty(),
        "a private note never leaves its laptop"
    );

    // Importing the same bundle again, or an older one, changes nothing.
    let before = state(&c.store);
    assert_eq!(c.import(&answer).expect("again").changes, 0);
    assert_eq!(state(&c.store), before);
    let list = roster::roster(&c.store).expect("roster").expect("some");
    assert!(
        list.members
            .iter()
            .any(|m| m.person == "Ruud de Wit" && m.last_bundle_at.is_some())
    );
}

#[test]
fn named_details_reach_only_consented_members_and_a_bank_never_holds_another_banks_answer() {
    let mut c = coordinator();
    let named_case = case_at_table(
        &mut c,
        "Bunnik Bouwrobotica BV",
        "82345678",
        &["ROM Utrecht Region"],
    );
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let mut rabo = member(&mut c, "Sanne Bakker", "Rabobank");
    let mut ing = member(&mut c, "Joost Meijer", "ING");
    // Everyone syncs once more so each has the latest roster and every channel.
    let round = c.export();
    for m in [&mut rom, &mut rabo, &mut ing] {
        m.import(&round).expect("sync");
    }

    let rom_view =
        shared::shared_case(&rom.store, &named_case, tafel::clock::today()).expect("rom view");
    assert_eq!(
        rom_view.named.as_ref().map(|n| n.company_name.as_str()),
        Some("Bunnik Bouwrobotica BV")
    );
    assert_eq!(
        rom_view.named.as_ref().and_then(|n| n.kvk.as_deref()),
        Some("82345678")
    );
    assert!(
        shared::shared_case(&rabo.store, &named_case, tafel::clock::today())
            .expect("rabo view")
            .named
            .is_none()
    );

    // Rabobank declines with a text only the coordinator may read; ING answers too.
    let rabo_text = "RABOREDEN-7731 onvoldoende zekerheden";
    shared::respond(
        &mut rabo.store,
        &acting_now(&rabo.actor),
        &named_case,
        &decline("other", Some(rabo_text)),
    )
    .expect("rabo");
    shared::respond(
        &mut ing.store,
        &acting_now(&ing.actor),
        &named_case,
        &ResponseDraft {
            status: "interested".into(),
            ..Default::default()
        },
    )
    .expect("ing");
    let from_rabo = rabo.export();
    let from_ing = ing.export();
    c.import(&from_rabo).expect("rabo to coordinator");
    c.import(&from_ing).expect("ing to coordinator");
    // ING reads everything in the shared folder, Rabobank's bundle too: it holds none of it.
    ing.import(&from_rabo)
        .expect("a bundle on another channel is simply not for ING");
    let next = c.export();
    ing.import(&next).expect("ing");
    rom.import(&next).expect("rom");

    assert!(occurrences(&ing.store, &["RABOREDEN", "Bunnik", "82345678"]).is_empty());
    assert!(
        in_file(&ing.decrypted_file(), &["raboreden", "bunnik", "82345678"]).is_empty(),
        "not even in free pages"
    );
    assert!(
        in_file(&rabo.decrypted_file(), &["bunnik bouwrobotica", "82345678"]).is_empty(),
        "no consent: no name in Rabobank's file"
    );
    let outcome = outcomes::get_outcome(&c.store, &named_case).expect("outcome");
    assert_eq!(outcome.responses.len(), 2);

    // Consent withdrawn: the ROM's next sync removes the named details from its laptop.
    cases::update_case(
        &mut c.store,
        &acting_now(&c.actor),
        &named_case,
        &serde_json::json!({"consent_financier_ids": []}),
        today(),
    )
    .expect("withdraw");
    rom.import(&c.export()).expect("rom after withdrawal");
    assert!(
        shared::shared_case(&rom.store, &named_case, tafel::clock::today())
            .expect("view")
            .named
            .is_none()
    );
    assert!(
        occurrences(&rom.store, &["Bunnik Bouwrobotica", "82345678"]).is_empty(),
        "{:?}",
        occurrences(&rom.store, &["Bunnik", "82345678"])
    );
}

/// Seals `ops` as `keys`' device would on `channel`, in a bundle of its own.
#[allow(clippy::too_many_arguments)] // every part of a bundle a forger chooses
fn forged(
    table_id: &str,
    device: &str,
    org: &str,
    keys: &DeviceKeys,
    to: &[age::x25519::Recipient],
    channel: &str,
    roster_version: u64,
    ops: Vec<Op>,
) -> Vec<u8> {
    let hlc_max = ops.iter().map(|o| o.hlc.clone()).max().expect("ops");
    let header = EnvelopeHeader {
        v: 1,
        table_id: table_id.into(),
        channel: channel.into(),
        sender_device: device.into(),
        sender_org: org.into(),
        seq: 900,
        roster_version,
        hlc_max,
    };
    let batch = Batch {
        channel: channel.into(),
        sender_device: device.into(),
        seq: 900,
        author: "Sanne Bakker".into(),
        ops,
        files: Default::default(),
    };
    let envelope = SealedEnvelope::seal(&header, &batch, to, keys).expect("seal");
    let bundle_header = BundleHeader {
        v: 1,
        table_id: table_id.into(),
        sender_device: device.into(),
        created_at: "2026-12-02T10:00:00Z".into(),
        roster_version,
        acks: Default::default(),
    };
    Bundle::new(&bundle_header, None, vec![envelope], keys)
        .expect("bundle")
        .encode()
}

#[test]
fn a_tampered_truncated_foreign_unknown_not_allowed_or_stale_bundle_is_refused_whole_and_nothing_is_applied()
 {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Houten Hydrauliek BV", "83456789", &[]);
    let mut rabo = member(&mut c, "Sanne Bakker", "Rabobank");
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    rabo.import(&c.export()).expect("latest roster");
    shared::respond(
        &mut rabo.store,
        &acting_now(&rabo.actor),
        &case_id,
        &decline("insufficient_collateral", None),
    )
    .expect("respond");
    let good = rabo.export();
    let before = state(&c.store);

    let expect_refused = |c: &mut Laptop, bytes: &[u8], code: &str| {
        let err = c.import(bytes).expect_err(code);
        assert_eq!(err.code(), code, "{}", err.message_nl());
        assert!(!err.message_nl().is_empty());
        assert_eq!(state(&c.store), before, "{code}: nothing applied");
    };
    // One flipped byte in the last envelope's ciphertext, and in the bundle header.
    let mut flipped = good.clone();
    let at = flipped.len() - 100;
    flipped[at] ^= 0x01;
    expect_refused(&mut c, &flipped, "sync_tampered");
    let mut header_flip = good.clone();
    header_flip[40] ^= 0x20;
    let code = c.import(&header_flip).expect_err("header").code();
    assert!(
        ["sync_tampered", "sync_not_a_bundle"].contains(&code),
        "{code}"
    );
    // A removed signature (the bundle cut short) and a foreign file.
    expect_refused(&mut c, &good[..good.len() - 64], "sync_not_a_bundle");
    expect_refused(&mut c, b"PK\x03\x04 not a bundle", "sync_not_a_bundle");
    // A newer format.
    let mut newer = good.clone();
    newer[13..17].copy_from_slice(&2u32.to_be_bytes());
    expect_refused(&mut c, &newer, "sync_newer_format");

    // An unknown device, and a member writing what only the coordinator owns.
    let table_id = identity::identity(&c.store)
        .expect("id")
        .expect("some")
        .table
        .expect("table")
        .table_id;
    let coordinator_keys = c
        .store
        .sync()
        .roster()
        .expect("roster")
        .expect("held")
        .1
        .coordinators()
        .map(|m| m.keys.recipient().expect("key"))
        .collect::<Vec<_>>();
    let stranger = DeviceKeys::generate().expect("keys");
    let op = |entity, id: &str, field: &str, value: serde_json::Value, device: &str| Op {
        entity,
        id: id.into(),
        field: field.into(),
        value,
        hlc: Hlc {
            millis: 1_800_000_000_000,
            counter: 0,
            device: device.into(),
        },
        base: None,
    };
    let unknown = forged(
        &table_id,
        "stranger-device",
        "rabo",
        &stranger,
        &coordinator_keys,
        "table",
        9,
        vec![op(
            EntityKind::Case,
            &case_id,
            "status",
            serde_json::json!("financed"),
            "stranger-device",
        )],
    );
    expect_refused(&mut c, &unknown, "sync_unknown_sender");
    let rabo_id = identity::identity(&rabo.store).expect("id").expect("some");
    let rabo_keys = rabo
        .store
        .sync()
        .identity()
        .expect("id")
        .expect("some")
        .keys;
    let rabo_org = rabo_id.organisation.clone();
    let on_table = forged(
        &table_id,
        &rabo_id.device_id,
        &rabo_org,
        &rabo_keys,
        &coordinator_keys,
        "table",
        9,
        vec![op(
            EntityKind::Case,
            &case_id,
            "status",
            serde_json::json!("financed"),
            &rabo_id.device_id,
        )],
    );
    expect_refused(&mut c, &on_table, "sync_not_allowed");
    let rom_org = identity::identity(&rom.store)
        .expect("id")
        .expect("some")
        .organisation;
    let as_rom = forged(
        &table_id,
        &rabo_id.device_id,
        &rabo_org,
        &rabo_keys,
        &coordinator_keys,
        &format!("resp:{rom_org}"),
        9,
        vec![op(
            EntityKind::Response,
            &format!("{case_id}/{rom_org}"),
            "status",
            serde_json::json!("committed"),
            &rabo_id.device_id,
        )],
    );
    expect_refused(&mut c, &as_rom, "sync_not_allowed");
    let own_channel_foreign_id = forged(
        &table_id,
        &rabo_id.device_id,
        &rabo_org,
        &rabo_keys,
        &coordinator_keys,
        &format!("resp:{rabo_org}"),
        9,
        vec![op(
            EntityKind::Response,
            &format!("{case_id}/{rom_org}"),
            "status",
            serde_json::json!("committed"),
            &rabo_id.device_id,
        )],
    );
    expect_refused(&mut c, &own_channel_foreign_id, "sync_not_allowed");

    // A stale roster: the coordinator removes the ROM's device; a bundle written under the
    // roster before is refused from then on.
    let rom_stale = {
        shared::respond(
            &mut rom.store,
            &acting_now(&rom.actor),
            &case_id,
            &ResponseDraft {
                status: "interested".into(),
                ..Default::default()
            },
        )
        .expect("rom");
        rom.export()
    };
    roster::remove_member(&mut c.store, &acting_now(&c.actor), "Ruud de Wit").expect("remove");
    let stale_from_rabo = forged(
        &table_id,
        &rabo_id.device_id,
        &rabo_org,
        &rabo_keys,
        &coordinator_keys,
        &format!("resp:{rabo_org}"),
        3,
        vec![op(
            EntityKind::Response,
            &format!("{case_id}/{rabo_org}"),
            "status",
            serde_json::json!("interested"),
            &rabo_id.device_id,
        )],
    );
    let before_stale = state(&c.store);
    let err = c.import(&stale_from_rabo).expect_err("stale");
    assert_eq!(err.code(), "sync_stale_roster");
    assert_eq!(
        c.import(&rom_stale).expect_err("removed").code(),
        "sync_unknown_sender"
    );
    assert_eq!(state(&c.store), before_stale);
    // Refusals are listed with their reason.
    assert!(c.store.sync().refusals(50).expect("refusals").len() >= 8);
    // Written before the roster changed, even Rabobank's own good bundle is refused now; once
    // Rabobank has the new roster, its next bundle carries the same answer and applies whole.
    assert_eq!(
        c.import(&good).expect_err("stale too").code(),
        "sync_stale_roster"
    );
    rabo.import(&c.export()).expect("new roster");
    assert_eq!(c.import(&rabo.export()).expect("good").responses, 1);
}

#[test]
fn bundles_through_a_shared_folder_in_any_order_twice_change_nothing_more() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Amersfoort Algen BV", "84567890", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let share = tempfile::tempdir().expect("folder");
    folder::set_sync_folder(&mut c.store, &acting_now(&c.actor), share.path()).expect("folder");
    folder::set_sync_folder(&mut rom.store, &acting_now(&rom.actor), share.path()).expect("folder");
    let later_case = case_at_table(&mut c, "Soest Sluiswerken BV", "84567891", &[]);
    c.sync_folder().expect("coordinator sync");
    let first = rom.sync_folder().expect("member sync");
    assert!(
        first.summary_nl.contains("ontvangen van de coördinator"),
        "{}",
        first.summary_nl
    );
    assert!(shared::shared_case(&rom.store, &later_case, tafel::clock::today()).is_ok());
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        &ResponseDraft {
            status: "info_requested".into(),
            note: Some("Graag de jaarcijfers 2025".into()),
            ..Default::default()
        },
    )
    .expect("respond");
    rom.sync_folder().expect("member sync 2");
    let report = c.sync_folder().expect("coordinator sync 2");
    assert!(
        report
            .summary_nl
            .starts_with("8 wijzigingen ontvangen van 1 lid")
            || report.summary_nl.contains("ontvangen van 1 lid"),
        "{}",
        report.summary_nl
    );
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    assert_eq!(
        outcome.responses[0].status,
        tafel::domain::ResponseStatus::InfoRequested
    );
    let again = c.sync_folder().expect("again");
    assert!(
        again.summary_nl.starts_with("0 wijzigingen"),
        "{}",
        again.summary_nl
    );
    // A garbled file in the folder is listed as refused; the rest goes on.
    std::fs::write(share.path().join("kapot.tafel"), b"TAFEL-BUNDEL\n\x00\x00").expect("write");
    let with_broken = c.sync_folder().expect("sync with a broken file");
    assert!(
        with_broken.summary_nl.contains("1 geweigerd"),
        "{}",
        with_broken.summary_nl
    );
}

#[test]
fn concurrent_answers_on_a_critical_field_are_listed_as_a_conflict_and_the_later_stands() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Veenendaal Verpakkingen BV", "85678901", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    // At the meeting the coordinator types the ROM's answer; the ROM, offline, answers otherwise.
    let typed = ResponseDraft {
        financier: "ROM Utrecht Region".into(),
        status: "declined".into(),
        decline_reason: Some("insufficient_collateral".into()),
        ..Default::default()
    };
    outcomes::record_response(
        &mut c.store,
        &acting_now(&c.actor),
        &case_id,
        &typed,
        today(),
    )
    .expect("typed");
    c.export();
    std::thread::sleep(std::time::Duration::from_millis(5));
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        &ResponseDraft {
            status: "interested".into(),
            ..Default::default()
        },
    )
    .expect("rom");
    let summary = c.import(&rom.export()).expect("import");
    assert!(summary.conflicts >= 1);
    let open = conflicts::conflicts(&c.store, true).expect("conflicts");
    let status = open
        .iter()
        .find(|k| k.field == "status")
        .expect("status conflict");
    assert_eq!(
        (status.earlier_value.as_str(), status.later_value.as_str()),
        ("declined", "interested")
    );
    assert_eq!(
        outcomes::get_outcome(&c.store, &case_id)
            .expect("o")
            .responses[0]
            .status,
        tafel::domain::ResponseStatus::Interested
    );
    let after = conflicts::resolve(
        &mut c.store,
        &acting_now(&c.actor),
        &status.entity,
        &status.entity_id,
        "status",
        &status.later_clock,
        conflicts::Resolution::Revert,
    )
    .expect("revert");
    assert!(
        after
            .iter()
            .any(|k| k.resolution.as_deref() == Some("reverted"))
    );
    assert_eq!(
        outcomes::get_outcome(&c.store, &case_id)
            .expect("o")
            .responses[0]
            .status,
        tafel::domain::ResponseStatus::Declined
    );
}

#[test]
fn the_cli_runs_a_table_identity_card_roster_folder_sync_join_answer_and_conflicts() {
    use crate::common::tafel;
    let coordinator = TestDb::new();
    let rom = TestDb::new();
    let share = tempfile::tempdir().expect("share");
    let run = |db: &TestDb, args: &[&str]| {
        let out = tafel(db, args, None);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let ok = |db: &TestDb, args: &[&str]| {
        let (code, text) = run(db, args);
        assert_eq!(code, Some(0), "tafel {args:?}: {text}");
        text
    };
    ok(
        &coordinator,
        &[
            "register",
            "import",
            concat!(env!("CARGO_MANIFEST_DIR"), "/assets/register/register.csv"),
        ],
    );
    let shown = ok(
        &coordinator,
        &[
            "identity",
            "--name",
            "Marieke Jansen",
            "--org",
            "coordinator",
            "--table",
            "Financieringstafel Utrecht",
        ],
    );
    let fingerprint = shown
        .lines()
        .find_map(|l| l.strip_prefix("Vingerafdruk: "))
        .expect("fingerprint")
        .to_string();
    ok(
        &rom,
        &[
            "identity",
            "--name",
            "Ruud de Wit",
            "--org",
            "ROM Utrecht Region",
        ],
    );
    let card = share.path().join("ruud.kaart");
    ok(
        &rom,
        &["member", "card", "-o", card.to_str().expect("path")],
    );
    let added = ok(
        &coordinator,
        &["member", "add", card.to_str().expect("path")],
    );
    assert!(added.contains("ROM Utrecht Region"), "{added}");
    let folder = share.path().to_str().expect("path");
    ok(&coordinator, &["sync", "folder", folder]);
    ok(&rom, &["sync", "folder", folder]);

    let case = serde_json::json!({"company": {"name": "Nieuwegein Nano BV", "province": "UT"}, "amount_eur": 90000, "purpose": "growth", "stage": "growth", "sector": "htsm", "capital_types": ["subordinated_loan"]});
    let added = tafel(
        &coordinator,
        &["case", "add", "--json", "-"],
        Some(&case.to_string()),
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let id = serde_json::from_slice::<serde_json::Value>(&added.stdout).expect("json")["id"]
        .as_str()
        .expect("id")
        .to_string();
    for status in ["screening", "ready"] {
        let out = tafel(
            &coordinator,
            &["case", "update", &id, "--json", "-"],
            Some(&serde_json::json!({ "status": status }).to_string()),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    ok(&coordinator, &["sync"]);

    let (code, text) = run(&rom, &["sync"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("Financieringstafel Utrecht") && text.contains(&fingerprint),
        "{text}"
    );
    let joined = ok(&rom, &["sync", "--join", &fingerprint]);
    assert!(joined.contains("ontvangen van de coördinator"), "{joined}");
    let list = ok(&rom, &["shared"]);
    assert!(
        list.contains("[nieuw]") && !list.contains("Nieuwegein"),
        "{list}"
    );
    ok(
        &rom,
        &[
            "respond",
            &id,
            "ROM Utrecht Region",
            "--status",
            "declined",
            "--reason",
            "outside_mandate_stage",
        ],
    );
    ok(&rom, &["sync"]);
    let back = ok(&coordinator, &["sync"]);
    assert!(back.contains("ontvangen van 1 lid"), "{back}");
    let outcome = ok(&coordinator, &["outcome", &id]);
    assert!(
        outcome.contains("ROM Utrecht Region") && outcome.contains("Afgewezen"),
        "{outcome}"
    );
    let roster_text = ok(&coordinator, &["roster"]);
    assert!(
        roster_text.contains("Ruud de Wit") && roster_text.contains("laatste bundel"),
        "{roster_text}"
    );
    assert!(ok(&coordinator, &["conflicts"]).contains("Geen open conflicten"));
    let exported = share.path().join("mail.tafel");
    ok(
        &coordinator,
        &["sync", "export", "-o", exported.to_str().expect("path")],
    );
    let again = ok(&rom, &["sync", "import", exported.to_str().expect("path")]);
    assert!(again.starts_with("0 wijzigingen"), "{again}");
}

#[test]
fn migration_9_rebuilds_the_change_log_with_every_entry_and_its_append_only_triggers() {
    let db = TestDb::new();
    let before: Vec<(i64, String)> = {
        let mut store = db.open();
        cases::add_case(
            &mut store,
            &crate::common::actor(),
            &crate::common::bakery(),
            today(),
        )
        .expect("case");
        let conn = store.conn_for_tests();
        conn.execute_batch(crate::common::UNDO_MIGRATION_9)
            .expect("undo");
        conn.pragma_update(None, "user_version", 8)
            .expect("version 8");
        let mut stmt = conn.prepare("SELECT seq, id || entity || changes || at || author || source FROM change_log ORDER BY seq").expect("sql");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("log")
    };
    let store = db.open();
    let conn = store.conn_for_tests();
    let mut stmt = conn.prepare("SELECT seq, id || entity || changes || at || author || source FROM change_log ORDER BY seq").expect("sql");
    let after: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("log");
    assert!(!before.is_empty());
    assert_eq!(after, before, "every entry, numbered as before");
    assert!(
        conn.execute("UPDATE change_log SET author = 'x'", [])
            .is_err(),
        "still append-only"
    );
    assert!(
        conn.execute("DELETE FROM change_log", []).is_err(),
        "still append-only"
    );
    // A new entry numbers on after the old ones.
    drop(stmt);
    let mut store = store;
    cases::add_case(
        &mut store,
        &crate::common::actor(),
        &draft("Maarssen Microchips BV", "86789012"),
        today(),
    )
    .expect("case");
    let next: i64 = store
        .conn_for_tests()
        .query_row("SELECT max(seq) FROM change_log", [], |r| r.get(0))
        .expect("seq");
    assert!(next > before.last().map(|l| l.0).unwrap_or(0));
}

#[test]
fn a_member_exports_the_case_summary_it_is_entitled_to_named_only_with_consent() {
    let mut c = coordinator();
    let named_case = case_at_table(
        &mut c,
        "Wijk bij Duurstede Wafels BV",
        "87890123",
        &["ROM Utrecht Region"],
    );
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let mut rabo = member(&mut c, "Sanne Bakker", "Rabobank");
    let round = c.export();
    rom.import(&round).expect("rom");
    rabo.import(&round).expect("rabo");
    shared::respond(
        &mut rabo.store,
        &acting_now(&rabo.actor),
        &named_case,
        &decline("insufficient_collateral", None),
    )
    .expect("respond");
    let renderer = tafel::service::pdf::renderer_for(&rom.store).expect("renderer");
    let dir = tempfile::tempdir().expect("dir");
    let lang = tafel::report::documents::Lang::Nl;

    let rom_pdf = dir.path().join("rom.pdf");
    std::fs::write(
        &rom_pdf,
        shared::shared_case_pdf(
            &rom.store,
            &renderer,
            &named_case,
            lang,
            tafel::clock::today(),
        )
        .expect("rom pdf"),
    )
    .expect("write");
    let rom_text = crate::pdf::text_of(&rom_pdf);
    assert!(
        rom_text.contains("Wijk bij Duurstede Wafels BV") && rom_text.contains("87890123"),
        "{rom_text}"
    );
    assert!(
        !rom_text.contains("onervaren"),
        "the coordinator's notes are not shared"
    );

    let rabo_pdf = dir.path().join("rabo.pdf");
    std::fs::write(
        &rabo_pdf,
        shared::shared_case_pdf(
            &rabo.store,
            &renderer,
            &named_case,
            lang,
            tafel::clock::today(),
        )
        .expect("rabo pdf"),
    )
    .expect("write");
    let rabo_text = crate::pdf::text_of(&rabo_pdf);
    assert!(
        !rabo_text.contains("Wafels")
            && !rabo_text.contains("87890123")
            && !rabo_text.contains("Zeist"),
        "{rabo_text}"
    );
    assert!(
        rabo_text.contains("€ 1 – 5 mln"),
        "the one-pager's bands: {rabo_text}"
    );
    assert!(
        rabo_text.contains("Onvoldoende zekerheden"),
        "its own answer: {rabo_text}"
    );
}

/// A table started on a large case log (`TAFEL_SYNC_CASES`, default 100,000): the first
/// bundle carries every shared case in envelopes of a bounded size, and a new member reads it.
/// Heavy: `cargo test --release --test integration -- --ignored large_case_log`.
#[test]
#[ignore]
fn a_table_started_on_a_large_case_log_shares_it_in_bounded_envelopes() {
    let n: usize = std::env::var("TAFEL_SYNC_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut c = coordinator();
    let drafts: Vec<CaseDraft> = (0..n)
        .map(|i| {
            let mut d = draft(
                &format!("Bedrijf {i} BV"),
                &format!("{:08}", 10_000_000 + i),
            );
            d.status = Some("ready".into());
            d
        })
        .collect();
    let t = std::time::Instant::now();
    for chunk in drafts.chunks(10_000) {
        cases::add_cases(&mut c.store, &acting_now(&c.actor), chunk, today()).expect("cases");
    }
    eprintln!("{n} cases stored in {:?}", t.elapsed());
    let mut m = on_roster(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let t = std::time::Instant::now();
    let (bytes, summary) =
        bundle::export_bundle(&mut c.store, &acting_now(&c.actor)).expect("export");
    eprintln!(
        "first export: {} ops in {} envelopes, {} MB, {:?}",
        summary.new_ops,
        summary.envelopes,
        bytes.len() / 1_000_000,
        t.elapsed()
    );
    let fingerprint = identity::identity(&c.store)
        .expect("id")
        .expect("some")
        .fingerprint;
    let t = std::time::Instant::now();
    let joined = bundle::import_bundle(
        &mut m.store,
        &acting_now(&m.actor),
        &bytes,
        "first.tafel",
        Some(&fingerprint),
    )
    .expect("join");
    eprintln!(
        "member's first import: {} changes, {:?}",
        joined.changes,
        t.elapsed()
    );
    let t = std::time::Instant::now();
    assert_eq!(
        shared::shared_cases(&m.store, tafel::clock::today())
            .expect("shared")
            .len(),
        n
    );
    eprintln!("member's inbox of {n} cases read in {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let (again, _) =
        bundle::export_bundle(&mut c.store, &acting_now(&c.actor)).expect("export again");
    eprintln!(
        "next export with nothing new: {} bytes, {:?}",
        again.len(),
        t.elapsed()
    );
}

#[test]
fn erasing_a_shared_company_leaves_no_copy_in_what_sharing_keeps_and_withdraws_it_from_members() {
    let mut c = coordinator();
    let case_id = case_at_table(
        &mut c,
        "Leusden Lasrobots BV",
        "88901234",
        &["ROM Utrecht Region"],
    );
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    rom.import(&c.export())
        .expect("named details reach the ROM");
    assert!(
        shared::shared_case(&rom.store, &case_id, tafel::clock::today())
            .expect("view")
            .named
            .is_some()
    );
    let answer = ResponseDraft {
        status: "info_requested".into(),
        note: Some("Bel Anouk Verbeek van Lasrobots".into()),
        ..Default::default()
    };
    shared::respond(&mut rom.store, &acting_now(&rom.actor), &case_id, &answer).expect("respond");
    c.import(&rom.export()).expect("answer");

    tafel::service::erasure::erase_company(
        &mut c.store,
        &acting_now(&c.actor),
        "88901234",
        tafel::service::erasure::Confirmation::Given,
    )
    .expect("erase");
    let needles = ["Lasrobots", "88901234", "Anouk Verbeek", "Huisbank wees af"];
    assert_eq!(
        occurrences(&c.store, &needles),
        Vec::<String>::new(),
        "nothing of the company in any table of the coordinator"
    );
    rom.import(&c.export()).expect("withdrawal");
    assert!(
        shared::shared_case(&rom.store, &case_id, tafel::clock::today())
            .expect("view")
            .named
            .is_none()
    );
    // What stays on the ROM's laptop is only what the ROM wrote itself (its note); the
    // coordinator's erasure cannot reach into another organisation's laptop (README).
    // (The ROM's note names the contact person, so look for what only the named details hold.)
    assert_eq!(
        occurrences(
            &rom.store,
            &["Leusden", "88901234", "Huisbank wees af", "Zeist"]
        ),
        Vec::<String>::new(),
        "nothing of the named details stays with the ROM"
    );
    assert!(
        !occurrences(&rom.store, &["Bel Anouk Verbeek"]).is_empty(),
        "the ROM's own note is its own"
    );
}

/// Found by the property tests (`sync_props.rs`): the member answers, the coordinator types a
/// decline for it at the meeting, the member (not having seen that) makes an offer. Per field,
/// the offer's status is the latest write and the coordinator's decline reason is the latest
/// write of its field: a combination nobody wrote. The coordinator refused the member's bundle
/// as "an incomplete answer" — and every later one, since the fields never change back.
#[test]
fn an_offer_beside_a_typed_decline_reason_is_read_not_refused() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Nieuwegein Nautiek BV", "86789012", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let pause = || std::thread::sleep(std::time::Duration::from_millis(5));
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        &ResponseDraft {
            status: "committed".into(),
            amount: Some("50k".into()),
            ..Default::default()
        },
    )
    .expect("rom");
    pause();
    let typed = ResponseDraft {
        financier: "ROM Utrecht Region".into(),
        status: "declined".into(),
        decline_reason: Some("insufficient_collateral".into()),
        ..Default::default()
    };
    outcomes::record_response(
        &mut c.store,
        &acting_now(&c.actor),
        &case_id,
        &typed,
        today(),
    )
    .expect("typed");
    c.export();
    pause();
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        &ResponseDraft {
            status: "offer".into(),
            amount: Some("55k".into()),
            ..Default::default()
        },
    )
    .expect("rom offer");
    let summary = c
        .import(&rom.export())
        .expect("the coordinator reads the offer");
    assert_eq!(summary.responses, 1);
    // The shared fields stay what last-writer-wins made them; the case page holds an answer
    // the workflow accepts: the offer, without the decline reason that only goes with a decline.
    let reason = c
        .store
        .sync()
        .field(
            EntityKind::Response,
            &format!(
                "{case_id}/{}",
                identity::identity(&rom.store)
                    .expect("id")
                    .expect("some")
                    .organisation
            ),
            "decline_reason",
        )
        .expect("field");
    assert_eq!(
        reason.map(|f| f.value),
        Some(serde_json::json!("insufficient_collateral"))
    );
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    let answer = outcome
        .responses
        .iter()
        .find(|r| r.financier_name == "ROM Utrecht Region")
        .expect("answer");
    assert_eq!(answer.status, tafel::domain::ResponseStatus::Offer);
    assert_eq!(answer.decline_reason, None);
    assert_eq!(answer.amount_cents, Some(5_500_000));
    assert!(
        summary.conflicts >= 1,
        "the typed decline and the offer were made without seeing each other"
    );
}

/// Found by the property tests: an offer of € 50k, then "on hold" without an amount. Read in
/// that order, the case page kept the € 50k (a step without an amount keeps the earlier one);
/// read newest bundle first, it had none. The case page now follows the shared fields.
#[test]
fn an_answer_whose_amount_was_cleared_reads_the_same_in_any_order() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Maarssen Machinebouw BV", "87890123", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        &ResponseDraft {
            status: "offer".into(),
            amount: Some("50k".into()),
            ..Default::default()
        },
    )
    .expect("offer");
    let with_offer = rom.export();
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_id,
        &ResponseDraft {
            status: "on_hold".into(),
            ..Default::default()
        },
    )
    .expect("on hold");
    let with_both = rom.export();
    c.import(&with_offer).expect("offer");
    assert_eq!(
        outcomes::get_outcome(&c.store, &case_id)
            .expect("o")
            .responses[0]
            .amount_cents,
        Some(5_000_000)
    );
    c.import(&with_both).expect("on hold");
    let answer = &outcomes::get_outcome(&c.store, &case_id)
        .expect("o")
        .responses[0];
    assert_eq!(answer.status, tafel::domain::ResponseStatus::OnHold);
    assert_eq!(answer.amount_cents, None, "the shared amount was cleared");
}

/// A table's first bundle is split into envelopes of at most `MAX_OPS_PER_ENVELOPE` ops (one
/// row of megabytes in the outbox made every later bundle read it again); a member reads them
/// all, in order, and a later change still arrives.
#[test]
fn a_large_first_capture_travels_in_envelopes_of_bounded_size() {
    let mut c = coordinator();
    let drafts: Vec<CaseDraft> = (0..120)
        .map(|i| {
            let mut d = draft(
                &format!("Grootbedrijf {i} BV"),
                &format!("{:08}", 60_000_000 + i),
            );
            d.status = Some("ready".into());
            d
        })
        .collect();
    let stored =
        cases::add_cases(&mut c.store, &acting_now(&c.actor), &drafts, today()).expect("cases");
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let sizes: Vec<usize> = {
        let conn = c.store.conn_for_tests();
        let mut stmt = conn
            .prepare("SELECT ops FROM sync_outbox WHERE channel = 'table' ORDER BY seq")
            .expect("sql");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .map(|ops| {
                serde_json::from_str::<Vec<Op>>(&ops.expect("row"))
                    .expect("ops")
                    .len()
            })
            .collect()
    };
    assert!(sizes.len() >= 2, "{sizes:?}");
    assert!(
        sizes.iter().all(|n| *n <= bundle::MAX_OPS_PER_ENVELOPE),
        "{sizes:?}"
    );
    assert_eq!(
        shared::shared_cases(&rom.store, tafel::clock::today())
            .expect("shared")
            .len(),
        120
    );
    cases::update_case(
        &mut c.store,
        &acting_now(&c.actor),
        &stored[7].id,
        &serde_json::json!({"amount_eur": 777_000}),
        today(),
    )
    .expect("amount");
    assert_eq!(rom.import(&c.export()).expect("later").changes, 1);
    assert_eq!(
        shared::shared_case(&rom.store, &stored[7].id, tafel::clock::today())
            .expect("case")
            .amount_cents,
        77_700_000
    );
}

/// A coordinator who names the table when starting it (`tafel identity --table …`, the Delen
/// screen) finds that name on its documents and in the window too, unless Instellingen already
/// named the table (then that name stays).
#[test]
fn the_table_named_when_starting_it_names_the_documents_unless_the_settings_already_do() {
    use tafel::service::settings::{self, SettingChange};
    let c = coordinator();
    assert_eq!(
        settings::table_name(&c.store).expect("name"),
        "Financieringstafel Utrecht"
    );

    let mut d = Laptop::new("Joost Visser");
    settings::set(
        &mut d.store,
        &acting_now(&d.actor),
        &[SettingChange {
            key: "table.name".into(),
            value: "Financieringstafel Amsterdam".into(),
        }],
    )
    .expect("settings");
    identity::set_identity(
        &mut d.store,
        &acting_now(&d.actor),
        "Joost Visser",
        "coordinator",
        Some("Tafel Amsterdam (proef)"),
    )
    .expect("identity");
    assert_eq!(
        settings::table_name(&d.store).expect("name"),
        "Financieringstafel Amsterdam",
        "the settings' name stays"
    );

    // A member's laptop names the table it joined.
    let mut c = c;
    let rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    assert_eq!(
        settings::table_name(&rom.store).expect("name"),
        "Financieringstafel Utrecht"
    );
}
