//! Two tables exchanging a referred case through one PostgreSQL hub (issue 17's "Done when"):
//! table A's coordinator refers a case to table B; B's coordinator receives it — anonymised
//! without consent for table B, named with it — and logs it with its origin. Only the two
//! coordinators read the exchange channel (row-level security, tested logged in as members of
//! both tables and as a third table's coordinator); the hub holds no plaintext.

use tafel::service::sync::{exchange, hub, identity};
use tafel::service::{cases, outcomes, register};

use crate::common::{acting_now, today};
use crate::hub::{
    connect, db_code, device_of, everything_stored, found_in, fresh_hub, hub_member, sync, table_of,
};
use crate::sync::{Laptop, case_at_table};

/// A coordinator starting its own table.
fn coordinator_of(person: &str, table: &str) -> Laptop {
    let mut c = Laptop::new(person);
    register::import_starter_register(&mut c.store, &acting_now(&c.actor)).expect("register");
    identity::set_identity(
        &mut c.store,
        &acting_now(&c.actor),
        person,
        "coordinator",
        Some(table),
    )
    .expect("identity");
    c
}

/// The coordinator's own hub login (its address with password), after `tafel hub init`.
fn init_hub(c: &mut Laptop, url: &str) -> String {
    let init = hub::init(&mut c.store, &acting_now(&c.actor), url).expect("hub init");
    sync(c);
    init.logins
        .into_iter()
        .find(|l| l.org == "coordinator")
        .expect("the coordinator's login")
        .url
}

/// The code of a refused input (`Error::Invalid`'s first field error).
fn invalid_code(e: tafel::Error) -> String {
    match e {
        tafel::Error::Invalid(errors) => errors[0].code.clone(),
        other => other.code().to_string(),
    }
}

fn xchg_rows(url: &str) -> Result<i64, postgres::Error> {
    connect(url)
        .query_one(
            "SELECT count(*) FROM tafel_hub.envelopes WHERE channel LIKE 'xchg:%'",
            &[],
        )
        .map(|r| r.get(0))
}

#[test]
fn two_tables_exchange_a_referred_case_anonymised_or_named_by_consent_and_only_their_coordinators_read_it()
 {
    let url = fresh_hub();
    let mut a = coordinator_of("Marieke Jansen", "Financieringstafel Utrecht");
    let mut b = coordinator_of("Joost Visser", "Financieringstafel Amsterdam");
    let a_login = init_hub(&mut a, &url);
    let b_login = init_hub(&mut b, &url);
    let (mut rom, rom_login) = hub_member(&mut a, "Ruud de Wit", "ROM Utrecht Region");
    let (rabo, rabo_login) = hub_member(&mut b, "Sanne Bakker", "Rabobank");

    // The coordinators swap table cards; each links the other (a financier of its register).
    let card_a = exchange::table_card(&a.store, tafel::clock::now()).expect("A's card");
    let card_b = exchange::table_card(&b.store, tafel::clock::now()).expect("B's card");
    let at_a = exchange::link(&mut a.store, &acting_now(&a.actor), &card_b).expect("A links B");
    exchange::link(&mut b.store, &acting_now(&b.actor), &card_a).expect("B links A");
    assert_eq!(at_a.table_name, "Financieringstafel Amsterdam");
    assert_eq!(
        invalid_code(
            exchange::link(&mut a.store, &acting_now(&a.actor), &card_a).expect_err("own card")
        ),
        "exchange_own_table"
    );
    let mut forged = card_b.clone();
    forged.insert(30, 'x');
    assert!(exchange::link(&mut a.store, &acting_now(&a.actor), &forged).is_err());

    // Cases of table A: one with consent for the ROM only, one whose consent covers table B.
    let anonymous = case_at_table(
        &mut a,
        "Zeister Sensoren BV",
        "81234567",
        &["ROM Utrecht Region"],
    );
    let named = case_at_table(
        &mut a,
        "Utrechtse Zonnedaken BV",
        "87654321",
        &["Financieringstafel Amsterdam"],
    );

    // Before the administrator links the tables on the hub, nothing can be pushed (RLS).
    let early = exchange::refer(
        &mut a.store,
        &acting_now(&a.actor),
        &anonymous,
        "Financieringstafel Amsterdam",
        "Buiten onze regio; past bij het Amsterdamse fonds",
        today(),
    )
    .expect("referred");
    assert!(!early.named, "no consent for table B: anonymised");
    assert!(
        !early.pushed,
        "the hub refuses an exchange of unlinked tables"
    );
    assert_eq!(xchg_rows(&url).expect("admin"), 0);

    hub::link_table(&a.store, &table_of(&b)).expect("link the tables on the hub");
    assert_eq!(
        hub::linked_tables(&a.store).expect("links"),
        vec![table_of(&b)]
    );
    let sent = exchange::refer(
        &mut a.store,
        &acting_now(&a.actor),
        &named,
        "financieringstafel amsterdam",
        "Groeifinanciering in Amsterdam",
        today(),
    )
    .expect("referred");
    assert!(sent.named, "the consent covers table B: named");
    assert!(sent.pushed);
    assert_eq!(
        xchg_rows(&url).expect("admin"),
        2,
        "the early referral went with it"
    );
    // Pushing again adds nothing.
    assert_eq!(
        exchange::sync(&mut a.store, &acting_now(&a.actor))
            .expect("again")
            .pushed,
        0
    );
    assert_eq!(xchg_rows(&url).expect("admin"), 2);

    // The referral is an outcome at table A.
    let outcome = outcomes::get_outcome(&a.store, &anonymous).expect("outcome");
    assert!(
        outcome
            .referrals
            .iter()
            .any(|r| r.to_name == "Financieringstafel Amsterdam")
    );

    // Table B's coordinator receives both, with their origin, in its table's ordinary sync
    // (`tafel sync`, the app's "Synchroniseren").
    let synced = sync(&mut b);
    assert!(
        synced
            .summary_nl
            .contains("2 doorverwijzingen van andere tafels ontvangen"),
        "{}",
        synced.summary_nl
    );
    assert_eq!(
        exchange::sync(&mut b.store, &acting_now(&b.actor))
            .expect("again")
            .received,
        0
    );
    let inbox = exchange::inbox(&b.store).expect("inbox");
    assert_eq!(inbox.len(), 2);
    let anon = inbox
        .iter()
        .find(|i| i.reason.starts_with("Buiten"))
        .expect("the anonymised one");
    assert_eq!(
        (anon.company_name.as_deref(), anon.kvk.as_deref()),
        (None, None)
    );
    assert_eq!(anon.from_table_name, "Financieringstafel Utrecht");
    assert_eq!(anon.referred_by, "Marieke Jansen");
    assert_eq!(anon.amount_cents, Some(35_000_000));
    let full = inbox
        .iter()
        .find(|i| i.reason.starts_with("Groei"))
        .expect("the named one");
    assert_eq!(
        full.company_name.as_deref(),
        Some("Utrechtse Zonnedaken BV")
    );
    assert_eq!(full.kvk.as_deref(), Some("87654321"));
    // Nothing of the anonymised company is on B's laptop.
    let kept: Vec<String> = b
        .store
        .conn_for_tests()
        .prepare("SELECT referral FROM exchange_received")
        .expect("sql")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert!(
        kept.iter()
            .all(|k| !k.contains("Zeister") && !k.contains("81234567"))
    );

    // Accepted into B's case log, with the origin as referrer.
    let case =
        exchange::accept(&mut b.store, &acting_now(&b.actor), full.id, today()).expect("accept");
    assert_eq!(case.company.name, "Utrechtse Zonnedaken BV");
    assert_eq!(case.company.kvk.as_deref(), Some("87654321"));
    assert!(
        case.referrer
            .as_deref()
            .unwrap_or("")
            .contains("Financieringstafel Utrecht")
    );
    assert_eq!(case.amount_cents, 35_000_000);
    let case =
        exchange::accept(&mut b.store, &acting_now(&b.actor), anon.id, today()).expect("accept");
    assert!(
        case.company.name.starts_with("Geanonimiseerd"),
        "{}",
        case.company.name
    );
    assert_eq!(case.company.kvk, None);
    assert_eq!(
        invalid_code(
            exchange::accept(&mut b.store, &acting_now(&b.actor), anon.id, today())
                .expect_err("twice")
        ),
        "exchange_already_accepted"
    );
    assert!(cases::get_case(&b.store, &case.id).is_ok());

    // Erasing the named company at table B empties the named details and the reason of the
    // referral it came in by too; the inbox still says where it came from.
    let full_id = full.id;
    tafel::service::erasure::erase_company(
        &mut b.store,
        &acting_now(&b.actor),
        "87654321",
        tafel::service::erasure::Confirmation::Given,
    )
    .expect("erase at table B");
    assert_eq!(
        crate::erasure::occurrences(&b.store, &["Zonnedaken", "87654321", "Groeifinanciering"]),
        Vec::<String>::new(),
        "nothing of the erased company in any table of B, the exchange inbox included"
    );
    let after = exchange::inbox(&b.store).expect("inbox");
    let erased = after
        .iter()
        .find(|i| i.id == full_id)
        .expect("still listed");
    assert_eq!(
        (erased.company_name.as_deref(), erased.kvk.as_deref()),
        (None, None)
    );
    assert_eq!(erased.from_table_name, "Financieringstafel Utrecht");

    // Row-level security: the coordinators read the exchange; members of either table and an
    // unlinked table's coordinator read nothing of it and cannot write it.
    assert_eq!(xchg_rows(&b_login).expect("B's coordinator"), 2);
    assert_eq!(xchg_rows(&a_login).expect("A's coordinator"), 2);
    let mut c = coordinator_of("Pieter de Boer", "Financieringstafel Groningen");
    let c_login = init_hub(&mut c, &url);
    let channel = tafel::sync::exchange_channel(&table_of(&a), &table_of(&b));
    let member_org = |l: &Laptop| {
        identity::identity(&l.store)
            .expect("id")
            .expect("some")
            .organisation
    };
    for (login, own) in [(&rom_login, &rom), (&rabo_login, &rabo), (&c_login, &c)] {
        assert_eq!(
            xchg_rows(login).expect("reads"),
            0,
            "{login} reads no exchange"
        );
        // Even as one of its own devices, on its own table, it cannot write the exchange.
        let e = connect(login)
            .execute(
                "INSERT INTO tafel_hub.envelopes (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
                 VALUES ($1, $2, $3, $4, 99, 1, 'x', '\\x00', decode(repeat('00', 64), 'hex'))",
                &[&table_of(own), &channel, &device_of(own), &member_org(own)],
            )
            .expect_err("cannot write the exchange");
        assert_eq!(db_code(&e), "42501", "{e}");
    }

    // The hub holds no plaintext of either case.
    let stored = everything_stored(&mut connect(&url));
    for needle in [
        "Zeister Sensoren",
        "81234567",
        "Utrechtse Zonnedaken",
        "87654321",
        "35000000",
        "Anouk Verbeek",
        "Buiten onze regio",
        "Groeifinanciering",
    ] {
        assert_eq!(
            found_in(&stored, needle),
            Vec::<String>::new(),
            "{needle} is on the hub"
        );
    }

    // A's table syncs on as before: the exchange is not part of its bundles.
    let report = sync(&mut a);
    assert!(
        report.bundles.iter().all(|r| r.refused_code.is_none()),
        "{report:?}"
    );
    let report = sync(&mut rom);
    assert!(
        report.bundles.iter().all(|r| r.refused_code.is_none()),
        "{report:?}"
    );

    // Unlinked: neither coordinator reads the exchange any more.
    assert!(hub::unlink_table(&a.store, &table_of(&b)).expect("unlink"));
    assert_eq!(xchg_rows(&b_login).expect("B's coordinator"), 0);
}
