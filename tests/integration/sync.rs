//! Sharing a table (issue 11) between real encrypted databases: a coordinator and members on
//! their own "laptops" exchange bundles; the tiers hold in the members' decrypted files; every
//! refusal leaves everything as it was.

use tafel::domain::{Actor, CaseDraft, ResponseDraft, WriteSource};
use tafel::service::sync::{bundle, conflicts, folder, identity, roster, shared};
use tafel::service::{cases, outcomes, register};
use tafel::store::Store;
use tafel::sync::envelope::{Batch, Bundle, BundleHeader, EnvelopeHeader, SealedEnvelope};
use tafel::sync::{DeviceKeys, EntityKind, Hlc, Op};

use crate::common::{TestDb, today};
use crate::erasure::{in_file, occurrences, plaintext_pages};

/// One laptop: its database and who uses it.
pub(crate) struct Laptop {
    pub db: TestDb,
    pub store: Store,
    pub actor: Actor,
}

impl Laptop {
    fn new(person: &str) -> Laptop {
        let db = TestDb::new();
        let store = db.open();
        Laptop { db, store, actor: Actor { author: person.into(), source: WriteSource::Ui } }
    }

    pub(crate) fn export(&mut self) -> Vec<u8> {
        bundle::export_bundle(&mut self.store, &self.actor).expect("export").0
    }

    pub(crate) fn import(&mut self, bytes: &[u8]) -> tafel::Result<bundle::ImportSummary> {
        bundle::import_bundle(&mut self.store, &self.actor, bytes, "test.tafel", None)
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
    register::import_starter_register(&mut c.store, &c.actor).expect("register");
    identity::set_identity(&mut c.store, &c.actor, "Marieke Jansen", "coordinator", Some("Financieringstafel Utrecht")).expect("identity");
    c
}

/// A member on its own laptop, added to the coordinator's roster and joined by its first bundle.
pub(crate) fn member(c: &mut Laptop, person: &str, organisation: &str) -> Laptop {
    let mut m = Laptop::new(person);
    identity::set_identity(&mut m.store, &m.actor, person, organisation, None).expect("member identity");
    let card = identity::member_card(&m.store).expect("card");
    roster::add_member(&mut c.store, &c.actor, &card, None).expect("add member");
    let invitation = c.export();
    let refused = m.import(&invitation).expect_err("joining needs the fingerprint");
    assert_eq!(refused.code(), "sync_not_joined");
    let fingerprint = identity::identity(&c.store).expect("id").expect("some").fingerprint;
    assert!(refused.message_nl().contains(&fingerprint), "{}", refused.message_nl());
    let wrong = bundle::import_bundle(&mut m.store, &m.actor, &invitation, "uitnodiging.tafel", Some("00000 00000")).expect_err("wrong fingerprint");
    assert_eq!(wrong.code(), "sync_fingerprint_mismatch");
    let joined = bundle::import_bundle(&mut m.store, &m.actor, &invitation, "uitnodiging.tafel", Some(&fingerprint)).expect("join");
    assert_eq!(joined.joined.as_ref().map(|t| t.table_name.as_str()), Some("Financieringstafel Utrecht"));
    m
}

fn draft(name: &str, kvk: &str) -> CaseDraft {
    serde_json::from_value(serde_json::json!({
        "company": {"name": name, "kvk": kvk, "province": "UT", "legal_form": "bv", "municipality": "Zeist",
                    "contact_name": "Anouk Verbeek", "turnover_eur": 1800000, "employees": 14},
        "amount_eur": 350000, "purpose": "growth", "stage": "growth", "sector": "htsm", "capital_types": ["subordinated_loan"],
        "earlier_declines": "Huisbank wees af wegens te weinig zekerheden", "notes": "Coördinator: CFO is onervaren"
    }))
    .expect("draft")
}

/// A case at the table (ready); named with consent for `consent` (financier names) when given.
pub(crate) fn case_at_table(c: &mut Laptop, name: &str, kvk: &str, consent: &[&str]) -> String {
    let case = cases::add_case(&mut c.store, &c.actor, &draft(name, kvk), today()).expect("case");
    for status in ["screening", "ready"] {
        cases::update_case(&mut c.store, &c.actor, &case.id, &serde_json::json!({ "status": status }), today()).expect("status");
    }
    if !consent.is_empty() {
        let ids: Vec<String> =
            consent.iter().map(|n| c.store.financiers().id_by_name(n).expect("lookup").expect("financier in register")).collect();
        let patch = serde_json::json!({"disclosure": "named", "consent_financier_ids": ids, "consent_from": "2026-11-01", "consent_until": "2027-11-01"});
        cases::update_case(&mut c.store, &c.actor, &case.id, &patch, today()).expect("consent");
    }
    case.id
}

fn decline(reason: &str, text: Option<&str>) -> ResponseDraft {
    ResponseDraft { status: "declined".into(), decline_reason: Some(reason.into()), decline_text: text.map(str::to_string), ..Default::default() }
}

/// Everything a bundle can change on a replica, to compare before and after a refusal.
fn state(store: &Store) -> Vec<String> {
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
        let rows: Vec<String> = stmt.query_map([], |r| r.get::<_, rusqlite::types::Value>(0)).expect("rows").map(|v| format!("{:?}", v.expect("value"))).collect();
        out.extend(rows);
    }
    out
}

#[test]
fn a_rom_member_joins_sees_the_one_pager_declines_offline_and_the_coordinator_has_the_answer_after_one_sync() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Zeister Sensoren BV", "81234567", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");

    let seen = shared::shared_cases(&rom.store).expect("shared");
    let one = seen.iter().find(|s| s.case_id == case_id).expect("the case reached the member");
    assert_eq!(one.amount_cents, 35_000_000);
    assert!(one.named.is_none(), "no consent, no name");
    assert_eq!(one.turnover_band.as_ref().map(|b| b.nl.as_str()), Some("€ 1 – 5 mln"));
    assert_eq!(one.marker, Some(shared::SharedMarker::New));
    // The register came along, the coordinator's notes did not.
    assert!(occurrences(&rom.store, &["Zeister Sensoren", "81234567", "onervaren", "Anouk Verbeek", "Zeist"]).is_empty());

    // Offline on the train: the ROM declines with a reason and keeps a private note.
    let answered = shared::respond(&mut rom.store, &rom.actor, &one.case_number, &decline("outside_mandate_sector", None)).expect("respond");
    assert_eq!(answered.response.as_ref().map(|r| r.status), Some(tafel::domain::ResponseStatus::Declined));
    shared::set_private_note(&mut rom.store, &rom.actor, &case_id, "GEHEIMNOTITIE: past bij ons fonds 2028").expect("note");
    let answer = rom.export();

    let summary = c.import(&answer).expect("coordinator reads the answer");
    assert_eq!(summary.responses, 1);
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    let response = outcome.responses.iter().find(|r| r.financier_name == "ROM Utrecht Region").expect("the answer is on the case page");
    assert_eq!(response.status, tafel::domain::ResponseStatus::Declined);
    assert_eq!(response.steps.last().map(|s| s.author.as_str()), Some("Ruud de Wit (ROM Utrecht Region)"));
    let history = c.store.history().of("response", &response.id).expect("history");
    let rom_device = identity::identity(&rom.store).expect("id").expect("some").device_id;
    let logged = c.store.conn_for_tests().query_row(
        "SELECT device_id || '|' || source FROM change_log WHERE entity = 'response' AND entity_id = ?1 ORDER BY seq DESC LIMIT 1",
        [&response.id],
        |r| r.get::<_, String>(0),
    );
    assert_eq!(logged.expect("log"), format!("{rom_device}|sync"));
    assert!(!history.is_empty());
    assert!(occurrences(&c.store, &["GEHEIMNOTITIE"]).is_empty(), "a private note never leaves its laptop");

    // Importing the same bundle again, or an older one, changes nothing.
    let before = state(&c.store);
    assert_eq!(c.import(&answer).expect("again").changes, 0);
    assert_eq!(state(&c.store), before);
    let list = roster::roster(&c.store).expect("roster").expect("some");
    assert!(list.members.iter().any(|m| m.person == "Ruud de Wit" && m.last_bundle_at.is_some()));
}

#[test]
fn named_details_reach_only_consented_members_and_a_bank_never_holds_another_banks_answer() {
    let mut c = coordinator();
    let named_case = case_at_table(&mut c, "Bunnik Bouwrobotica BV", "82345678", &["ROM Utrecht Region"]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let mut rabo = member(&mut c, "Sanne Bakker", "Rabobank");
    let mut ing = member(&mut c, "Joost Meijer", "ING");
    // Everyone syncs once more so each has the latest roster and every channel.
    let round = c.export();
    for m in [&mut rom, &mut rabo, &mut ing] {
        m.import(&round).expect("sync");
    }

    let rom_view = shared::shared_case(&rom.store, &named_case).expect("rom view");
    assert_eq!(rom_view.named.as_ref().map(|n| n.company_name.as_str()), Some("Bunnik Bouwrobotica BV"));
    assert_eq!(rom_view.named.as_ref().and_then(|n| n.kvk.as_deref()), Some("82345678"));
    assert!(shared::shared_case(&rabo.store, &named_case).expect("rabo view").named.is_none());

    // Rabobank declines with a text only the coordinator may read; ING answers too.
    let rabo_text = "RABOREDEN-7731 onvoldoende zekerheden";
    shared::respond(&mut rabo.store, &rabo.actor, &named_case, &decline("other", Some(rabo_text))).expect("rabo");
    shared::respond(&mut ing.store, &ing.actor, &named_case, &ResponseDraft { status: "interested".into(), ..Default::default() }).expect("ing");
    let from_rabo = rabo.export();
    let from_ing = ing.export();
    c.import(&from_rabo).expect("rabo to coordinator");
    c.import(&from_ing).expect("ing to coordinator");
    // ING reads everything in the shared folder, Rabobank's bundle too: it holds none of it.
    ing.import(&from_rabo).expect("a bundle on another channel is simply not for ING");
    let next = c.export();
    ing.import(&next).expect("ing");
    rom.import(&next).expect("rom");

    assert!(occurrences(&ing.store, &["RABOREDEN", "Bunnik", "82345678"]).is_empty());
    assert!(in_file(&ing.decrypted_file(), &["raboreden", "bunnik", "82345678"]).is_empty(), "not even in free pages");
    assert!(in_file(&rabo.decrypted_file(), &["bunnik bouwrobotica", "82345678"]).is_empty(), "no consent: no name in Rabobank's file");
    let outcome = outcomes::get_outcome(&c.store, &named_case).expect("outcome");
    assert_eq!(outcome.responses.len(), 2);

    // Consent withdrawn: the ROM's next sync removes the named details from its laptop.
    cases::update_case(&mut c.store, &c.actor, &named_case, &serde_json::json!({"consent_financier_ids": []}), today()).expect("withdraw");
    rom.import(&c.export()).expect("rom after withdrawal");
    assert!(shared::shared_case(&rom.store, &named_case).expect("view").named.is_none());
    assert!(occurrences(&rom.store, &["Bunnik Bouwrobotica", "82345678"]).is_empty(), "{:?}", occurrences(&rom.store, &["Bunnik", "82345678"]));
}

/// Seals `ops` as `keys`' device would on `channel`, in a bundle of its own.
fn forged(table_id: &str, device: &str, org: &str, keys: &DeviceKeys, to: &[age::x25519::Recipient], channel: &str, roster_version: u64, ops: Vec<Op>) -> Vec<u8> {
    let hlc_max = ops.iter().map(|o| o.hlc.clone()).max().expect("ops");
    let header = EnvelopeHeader { v: 1, table_id: table_id.into(), channel: channel.into(), sender_device: device.into(), sender_org: org.into(), seq: 900, roster_version, hlc_max };
    let batch = Batch { channel: channel.into(), sender_device: device.into(), seq: 900, author: "Sanne Bakker".into(), ops };
    let envelope = SealedEnvelope::seal(&header, &batch, to, keys).expect("seal");
    let bundle_header = BundleHeader { v: 1, table_id: table_id.into(), sender_device: device.into(), created_at: "2026-12-02T10:00:00Z".into(), roster_version, acks: Default::default() };
    Bundle::new(&bundle_header, None, vec![envelope], keys).expect("bundle").encode()
}

#[test]
fn a_tampered_truncated_foreign_unknown_not_allowed_or_stale_bundle_is_refused_whole_and_nothing_is_applied() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Houten Hydrauliek BV", "83456789", &[]);
    let mut rabo = member(&mut c, "Sanne Bakker", "Rabobank");
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    rabo.import(&c.export()).expect("latest roster");
    shared::respond(&mut rabo.store, &rabo.actor, &case_id, &decline("insufficient_collateral", None)).expect("respond");
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
    assert!(["sync_tampered", "sync_not_a_bundle"].contains(&code), "{code}");
    // A removed signature (the bundle cut short) and a foreign file.
    expect_refused(&mut c, &good[..good.len() - 64], "sync_not_a_bundle");
    expect_refused(&mut c, b"PK\x03\x04 not a bundle", "sync_not_a_bundle");
    // A newer format.
    let mut newer = good.clone();
    newer[13..17].copy_from_slice(&2u32.to_be_bytes());
    expect_refused(&mut c, &newer, "sync_newer_format");

    // An unknown device, and a member writing what only the coordinator owns.
    let table_id = identity::identity(&c.store).expect("id").expect("some").table.expect("table").table_id;
    let coordinator_keys = c.store.sync().roster().expect("roster").expect("held").1.coordinators().map(|m| m.keys.recipient().expect("key")).collect::<Vec<_>>();
    let stranger = DeviceKeys::generate().expect("keys");
    let op = |entity, id: &str, field: &str, value: serde_json::Value, device: &str| Op { entity, id: id.into(), field: field.into(), value, hlc: Hlc { millis: 1_800_000_000_000, counter: 0, device: device.into() }, base: None };
    let unknown = forged(&table_id, "stranger-device", "rabo", &stranger, &coordinator_keys, "table", 9, vec![op(EntityKind::Case, &case_id, "status", serde_json::json!("financed"), "stranger-device")]);
    expect_refused(&mut c, &unknown, "sync_unknown_sender");
    let rabo_id = identity::identity(&rabo.store).expect("id").expect("some");
    let rabo_keys = rabo.store.sync().identity().expect("id").expect("some").keys;
    let rabo_org = rabo_id.organisation.clone();
    let on_table = forged(&table_id, &rabo_id.device_id, &rabo_org, &rabo_keys, &coordinator_keys, "table", 9, vec![op(EntityKind::Case, &case_id, "status", serde_json::json!("financed"), &rabo_id.device_id)]);
    expect_refused(&mut c, &on_table, "sync_not_allowed");
    let rom_org = identity::identity(&rom.store).expect("id").expect("some").organisation;
    let as_rom = forged(
        &table_id,
        &rabo_id.device_id,
        &rabo_org,
        &rabo_keys,
        &coordinator_keys,
        &format!("resp:{rom_org}"),
        9,
        vec![op(EntityKind::Response, &format!("{case_id}/{rom_org}"), "status", serde_json::json!("committed"), &rabo_id.device_id)],
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
        vec![op(EntityKind::Response, &format!("{case_id}/{rom_org}"), "status", serde_json::json!("committed"), &rabo_id.device_id)],
    );
    expect_refused(&mut c, &own_channel_foreign_id, "sync_not_allowed");

    // A stale roster: the coordinator removes the ROM's device; a bundle written under the
    // roster before is refused from then on.
    let rom_stale = {
        shared::respond(&mut rom.store, &rom.actor, &case_id, &ResponseDraft { status: "interested".into(), ..Default::default() }).expect("rom");
        rom.export()
    };
    roster::remove_member(&mut c.store, &c.actor, "Ruud de Wit").expect("remove");
    let stale_from_rabo = forged(
        &table_id,
        &rabo_id.device_id,
        &rabo_org,
        &rabo_keys,
        &coordinator_keys,
        &format!("resp:{rabo_org}"),
        3,
        vec![op(EntityKind::Response, &format!("{case_id}/{rabo_org}"), "status", serde_json::json!("interested"), &rabo_id.device_id)],
    );
    let before_stale = state(&c.store);
    let err = c.import(&stale_from_rabo).expect_err("stale");
    assert_eq!(err.code(), "sync_stale_roster");
    assert_eq!(c.import(&rom_stale).expect_err("removed").code(), "sync_unknown_sender");
    assert_eq!(state(&c.store), before_stale);
    // Refusals are listed with their reason.
    assert!(c.store.sync().refusals(50).expect("refusals").len() >= 8);
    // Written before the roster changed, even Rabobank's own good bundle is refused now; once
    // Rabobank has the new roster, its next bundle carries the same answer and applies whole.
    assert_eq!(c.import(&good).expect_err("stale too").code(), "sync_stale_roster");
    rabo.import(&c.export()).expect("new roster");
    assert_eq!(c.import(&rabo.export()).expect("good").responses, 1);
}

#[test]
fn bundles_through_a_shared_folder_in_any_order_twice_change_nothing_more() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Amersfoort Algen BV", "84567890", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let share = tempfile::tempdir().expect("folder");
    folder::set_sync_folder(&mut c.store, &c.actor, share.path()).expect("folder");
    folder::set_sync_folder(&mut rom.store, &rom.actor, share.path()).expect("folder");
    let later_case = case_at_table(&mut c, "Soest Sluiswerken BV", "84567891", &[]);
    folder::sync_with_folder(&mut c.store, &c.actor, None, &tafel::progress::Silent).expect("coordinator sync");
    let first = folder::sync_with_folder(&mut rom.store, &rom.actor, None, &tafel::progress::Silent).expect("member sync");
    assert!(first.summary_nl.contains("ontvangen van 1 lid"), "{}", first.summary_nl);
    assert!(shared::shared_case(&rom.store, &later_case).is_ok());
    shared::respond(&mut rom.store, &rom.actor, &case_id, &ResponseDraft { status: "info_requested".into(), note: Some("Graag de jaarcijfers 2025".into()), ..Default::default() }).expect("respond");
    folder::sync_with_folder(&mut rom.store, &rom.actor, None, &tafel::progress::Silent).expect("member sync 2");
    let report = folder::sync_with_folder(&mut c.store, &c.actor, None, &tafel::progress::Silent).expect("coordinator sync 2");
    assert!(report.summary_nl.starts_with("8 wijzigingen ontvangen van 1 lid") || report.summary_nl.contains("ontvangen van 1 lid"), "{}", report.summary_nl);
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    assert_eq!(outcome.responses[0].status, tafel::domain::ResponseStatus::InfoRequested);
    let again = folder::sync_with_folder(&mut c.store, &c.actor, None, &tafel::progress::Silent).expect("again");
    assert!(again.summary_nl.starts_with("0 wijzigingen"), "{}", again.summary_nl);
    // A garbled file in the folder is listed as refused; the rest goes on.
    std::fs::write(share.path().join("kapot.tafel"), b"TAFEL-BUNDEL\n\x00\x00").expect("write");
    let with_broken = folder::sync_with_folder(&mut c.store, &c.actor, None, &tafel::progress::Silent).expect("sync with a broken file");
    assert!(with_broken.summary_nl.contains("1 geweigerd"), "{}", with_broken.summary_nl);
}

#[test]
fn concurrent_answers_on_a_critical_field_are_listed_as_a_conflict_and_the_later_stands() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Veenendaal Verpakkingen BV", "85678901", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    // At the meeting the coordinator types the ROM's answer; the ROM, offline, answers otherwise.
    let typed = ResponseDraft { financier: "ROM Utrecht Region".into(), status: "declined".into(), decline_reason: Some("insufficient_collateral".into()), ..Default::default() };
    outcomes::record_response(&mut c.store, &c.actor, &case_id, &typed, today()).expect("typed");
    c.export();
    std::thread::sleep(std::time::Duration::from_millis(5));
    shared::respond(&mut rom.store, &rom.actor, &case_id, &ResponseDraft { status: "interested".into(), ..Default::default() }).expect("rom");
    let summary = c.import(&rom.export()).expect("import");
    assert!(summary.conflicts >= 1);
    let open = conflicts::conflicts(&c.store, true).expect("conflicts");
    let status = open.iter().find(|k| k.field == "status").expect("status conflict");
    assert_eq!((status.earlier_value.as_str(), status.later_value.as_str()), ("declined", "interested"));
    assert_eq!(outcomes::get_outcome(&c.store, &case_id).expect("o").responses[0].status, tafel::domain::ResponseStatus::Interested);
    let after = conflicts::resolve(&mut c.store, &c.actor, &status.entity, &status.entity_id, "status", &status.later_clock, conflicts::Resolution::Revert).expect("revert");
    assert!(after.iter().any(|k| k.resolution.as_deref() == Some("reverted")));
    assert_eq!(outcomes::get_outcome(&c.store, &case_id).expect("o").responses[0].status, tafel::domain::ResponseStatus::Declined);
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
    shared::respond(&mut rom.store, &rom.actor, &case_id, &ResponseDraft { status: "committed".into(), amount: Some("50k".into()), ..Default::default() }).expect("rom");
    pause();
    let typed = ResponseDraft { financier: "ROM Utrecht Region".into(), status: "declined".into(), decline_reason: Some("insufficient_collateral".into()), ..Default::default() };
    outcomes::record_response(&mut c.store, &c.actor, &case_id, &typed, today()).expect("typed");
    c.export();
    pause();
    shared::respond(&mut rom.store, &rom.actor, &case_id, &ResponseDraft { status: "offer".into(), amount: Some("55k".into()), ..Default::default() }).expect("rom offer");
    let summary = c.import(&rom.export()).expect("the coordinator reads the offer");
    assert_eq!(summary.responses, 1);
    // The shared fields stay what last-writer-wins made them; the case page holds an answer
    // the workflow accepts: the offer, without the decline reason that only goes with a decline.
    let reason = c.store.sync().field(EntityKind::Response, &format!("{case_id}/{}", identity::identity(&rom.store).expect("id").expect("some").organisation), "decline_reason").expect("field");
    assert_eq!(reason.map(|f| f.value), Some(serde_json::json!("insufficient_collateral")));
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    let answer = outcome.responses.iter().find(|r| r.financier_name == "ROM Utrecht Region").expect("answer");
    assert_eq!(answer.status, tafel::domain::ResponseStatus::Offer);
    assert_eq!(answer.decline_reason, None);
    assert_eq!(answer.amount_cents, Some(5_500_000));
    assert!(summary.conflicts >= 1, "the typed decline and the offer were made without seeing each other");
}

/// Found by the property tests: an offer of € 50k, then "on hold" without an amount. Read in
/// that order, the case page kept the € 50k (a step without an amount keeps the earlier one);
/// read newest bundle first, it had none. The case page now follows the shared fields.
#[test]
fn an_answer_whose_amount_was_cleared_reads_the_same_in_any_order() {
    let mut c = coordinator();
    let case_id = case_at_table(&mut c, "Maarssen Machinebouw BV", "87890123", &[]);
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    shared::respond(&mut rom.store, &rom.actor, &case_id, &ResponseDraft { status: "offer".into(), amount: Some("50k".into()), ..Default::default() }).expect("offer");
    let with_offer = rom.export();
    shared::respond(&mut rom.store, &rom.actor, &case_id, &ResponseDraft { status: "on_hold".into(), ..Default::default() }).expect("on hold");
    let with_both = rom.export();
    c.import(&with_offer).expect("offer");
    assert_eq!(outcomes::get_outcome(&c.store, &case_id).expect("o").responses[0].amount_cents, Some(5_000_000));
    c.import(&with_both).expect("on hold");
    let answer = &outcomes::get_outcome(&c.store, &case_id).expect("o").responses[0];
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
            let mut d = draft(&format!("Grootbedrijf {i} BV"), &format!("{:08}", 60_000_000 + i));
            d.status = Some("ready".into());
            d
        })
        .collect();
    let stored = cases::add_cases(&mut c.store, &c.actor, &drafts, today()).expect("cases");
    let mut rom = member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let sizes: Vec<usize> = {
        let conn = c.store.conn_for_tests();
        let mut stmt = conn.prepare("SELECT ops FROM sync_outbox WHERE channel = 'table' ORDER BY seq").expect("sql");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .map(|ops| serde_json::from_str::<Vec<Op>>(&ops.expect("row")).expect("ops").len())
            .collect()
    };
    assert!(sizes.len() >= 2, "{sizes:?}");
    assert!(sizes.iter().all(|n| *n <= bundle::MAX_OPS_PER_ENVELOPE), "{sizes:?}");
    assert_eq!(shared::shared_cases(&rom.store).expect("shared").len(), 120);
    cases::update_case(&mut c.store, &c.actor, &stored[7].id, &serde_json::json!({"amount_eur": 777_000}), today()).expect("amount");
    assert_eq!(rom.import(&c.export()).expect("later").changes, 1);
    assert_eq!(shared::shared_case(&rom.store, &stored[7].id).expect("case").amount_cents, 77_700_000);
}
