//! The table hub (issue 17) against a real PostgreSQL: members of a table exchange cases and
//! answers through it; nothing of a case reaches PostgreSQL in the clear; row-level security
//! holds for a member logged in directly; a dropped connection or a replayed push loses and
//! doubles nothing.
//!
//! The server: `TAFEL_TEST_PG` (a superuser's URL, as `tests/pg/with-postgres.sh` exports it
//! under `make test`); without it, these tests start their own throw-away cluster through that
//! script (port `TAFEL_PG_PORT`, default 55461), which stops when the test binary exits. They are
//! never skipped: no PostgreSQL, and they fail.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::common::acting_now;
use tafel::hub::{HubTransport, HubUrl};
use tafel::progress::Silent;
use tafel::service::sync::{hub, identity, join, roster, shared};
use tafel::service::{cases, outcomes};
use tafel::sync::Transport;

use crate::sync::{Laptop, case_at_table, coordinator, decline, on_roster};

/// The superuser's URL of the test server (its `postgres` database).
pub(crate) fn server() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("TAFEL_TEST_PG") {
            return url;
        }
        let dir = tempfile::tempdir().expect("temp dir").keep();
        let file = dir.join("url");
        let port = std::env::var("TAFEL_PG_PORT").unwrap_or_else(|_| "55461".into());
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg/with-postgres.sh");
        // The cluster lives as long as this test binary: the script's command waits for it.
        let wait = format!(
            "printf '%s' \"$TAFEL_TEST_PG\" > {}.tmp && mv {0}.tmp {0}; while kill -0 {} 2>/dev/null; do sleep 1; done",
            file.display(),
            std::process::id()
        );
        // Not waited for: the server lives as long as this test process (its script stops it
        // when the process is gone), shared by every hub test.
        #[allow(clippy::zombie_processes)]
        std::process::Command::new(script)
            .args(["--port", &port, "sh", "-c", &wait])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start tests/pg/with-postgres.sh");
        let started = Instant::now();
        while !file.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(600),
                "PostgreSQL did not start (tests/pg/with-postgres.sh); the hub's tests need it"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        std::fs::read_to_string(&file).expect("url")
    })
}

/// A fresh database on the test server: its superuser URL.
pub(crate) fn fresh_hub() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "tafel_t{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let admin = HubUrl::parse(server()).expect("admin url");
    let mut client = admin.connect().expect("the test server");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    server().replacen("/postgres?", &format!("/{name}?"), 1)
}

pub(crate) fn connect(url: &str) -> postgres::Client {
    HubUrl::parse(url).expect("url").connect().expect("connect")
}

pub(crate) fn sync(l: &mut Laptop) -> tafel::service::sync::folder::SyncReport {
    join::sync_joining(&mut l.store, &acting_now(&l.actor), None, None, &Silent).expect("sync")
}

pub(crate) fn fingerprint(c: &Laptop) -> String {
    identity::identity(&c.store)
        .expect("id")
        .expect("some")
        .fingerprint
}

fn org_of(c: &Laptop, person: &str) -> String {
    roster::roster(&c.store)
        .expect("roster")
        .expect("some")
        .members
        .into_iter()
        .find(|m| m.person == person)
        .expect("on the roster")
        .organisation
}

pub(crate) fn table_of(l: &Laptop) -> String {
    l.store
        .sync()
        .roster()
        .expect("roster")
        .expect("on a table")
        .1
        .table_id
}

pub(crate) fn device_of(l: &Laptop) -> String {
    identity::identity(&l.store)
        .expect("id")
        .expect("some")
        .device_id
}

/// A member on its own laptop: on the roster, on the hub with a login of its own, joined
/// through the hub with the coordinator's fingerprint. Returns it with its hub address.
pub(crate) fn hub_member(c: &mut Laptop, person: &str, organisation: &str) -> (Laptop, String) {
    let mut m = on_roster(c, person, organisation);
    let login = hub::add_member(&mut c.store, organisation, false)
        .expect("on the hub")
        .expect("a new login");
    assert!(login.url.contains(&login.role));
    sync(c);
    let view = hub::join(&mut m.store, &acting_now(&m.actor), &login.url).expect("join the hub");
    assert!(
        !view
            .address
            .contains(login.url.split(':').nth(2).expect("password part")),
        "the address shown has no password"
    );
    let refused = join::sync_joining(&mut m.store, &acting_now(&m.actor), None, None, &Silent)
        .expect_err("joining the table needs the fingerprint");
    assert_eq!(refused.code(), "sync_not_joined");
    // The window's join dialog finds the invitation on the hub.
    let offer = join::join_offer(&m.store, None)
        .expect("offer")
        .expect("the coordinator's invitation is on the hub");
    assert_eq!(offer.coordinator_fingerprint, fingerprint(c));
    let report = join::sync_joining(
        &mut m.store,
        &acting_now(&m.actor),
        None,
        Some(&fingerprint(c)),
        &Silent,
    )
    .expect("joined through the hub");
    assert_eq!(report.transports.len(), 1);
    assert!(report.transports[0].reached);
    (m, login.url)
}

/// A table on a fresh hub: its superuser address, the coordinator (who ran `tafel hub init`)
/// with `cases` at the table (company name and KvK number, no consent), their ids and the
/// coordinator's own login.
pub(crate) struct OnHub {
    pub url: String,
    pub c: Laptop,
    pub cases: Vec<String>,
    pub login: String,
}

pub(crate) fn table_on_hub(cases: &[(&str, &str)]) -> OnHub {
    let url = fresh_hub();
    let mut c = coordinator();
    let cases = cases
        .iter()
        .map(|(name, kvk)| case_at_table(&mut c, name, kvk, &[]))
        .collect();
    let init = hub::init(&mut c.store, &acting_now(&c.actor), &url).expect("hub init");
    let login = init
        .logins
        .into_iter()
        .find(|l| l.org == "coordinator")
        .expect("the coordinator's own login")
        .url;
    OnHub {
        url,
        c,
        cases,
        login,
    }
}

/// Every value of every column of every table of the hub, as bytes.
pub(crate) fn everything_stored(admin: &mut postgres::Client) -> Vec<(String, Vec<u8>)> {
    let columns = admin
        .query(
            "SELECT table_name, column_name, data_type FROM information_schema.columns
             WHERE table_schema = 'tafel_hub' AND table_name IN
                 (SELECT table_name FROM information_schema.tables WHERE table_schema = 'tafel_hub' AND table_type = 'BASE TABLE')",
            &[],
        )
        .expect("columns");
    assert!(columns.len() > 20, "the hub's columns are listed");
    let mut out = Vec::new();
    for c in &columns {
        let (table, column, kind): (String, String, String) = (c.get(0), c.get(1), c.get(2));
        let sql = if kind == "bytea" {
            format!("SELECT {column} FROM tafel_hub.{table} WHERE {column} IS NOT NULL")
        } else {
            format!(
                "SELECT convert_to({column}::text, 'UTF8') FROM tafel_hub.{table} WHERE {column} IS NOT NULL"
            )
        };
        for row in admin.query(&sql, &[]).expect("values") {
            out.push((format!("{table}.{column}"), row.get::<_, Vec<u8>>(0)));
        }
    }
    out
}

pub(crate) fn found_in(stored: &[(String, Vec<u8>)], needle: &str) -> Vec<String> {
    stored
        .iter()
        .filter(|(_, v)| v.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(c, _)| c.clone())
        .collect()
}

#[test]
fn members_exchange_a_named_case_and_answers_through_the_hub_which_never_holds_a_case() {
    let url = fresh_hub();
    let mut c = coordinator();
    let case_id = case_at_table(
        &mut c,
        "Zeister Sensoren BV",
        "81234567",
        &["ROM Utrecht Region"],
    );
    let init = hub::init(&mut c.store, &acting_now(&c.actor), &url).expect("hub init");
    assert_eq!(init.schema_version, tafel::hub::SCHEMA_VERSION);
    assert_eq!(init.logins.len(), 1, "the coordinator's own login");
    assert!(hub::hub(&c.store).expect("hub").expect("some").administers);
    // Run again: nothing renewed, nothing broken.
    assert!(
        hub::init(&mut c.store, &acting_now(&c.actor), &url)
            .expect("again")
            .logins
            .is_empty()
    );
    sync(&mut c);

    let (mut rom, _) = hub_member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let (mut rabo, _) = hub_member(&mut c, "Sanne Bakker", "Rabobank");
    let seen = shared::shared_cases(&rom.store, tafel::clock::today()).expect("shared");
    let one = seen
        .iter()
        .find(|s| s.case_id == case_id)
        .expect("the case reached the ROM through the hub");
    assert_eq!(one.amount_cents, 35_000_000);
    assert_eq!(
        one.named.as_ref().map(|n| n.company_name.as_str()),
        Some("Zeister Sensoren BV"),
        "named for the consented ROM"
    );
    let case_number = one.case_number.clone();
    let at_rabo =
        shared::shared_case(&rabo.store, &case_id, tafel::clock::today()).expect("at Rabobank");
    assert!(at_rabo.named.is_none(), "no consent for Rabobank: no name");

    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &case_number,
        &decline("outside_mandate_sector", None),
    )
    .expect("ROM declines");
    let pushed = sync(&mut rom);
    assert!(pushed.exported.envelopes > 0);
    let pulled = sync(&mut c);
    assert!(
        pulled.summary_nl.contains("ontvangen"),
        "{}",
        pulled.summary_nl
    );
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    let answer = outcome
        .responses
        .iter()
        .find(|r| r.financier_name == "ROM Utrecht Region")
        .expect("the ROM's answer reached the coordinator through the hub");
    assert_eq!(answer.status, tafel::domain::ResponseStatus::Declined);
    // Rabobank syncs again: it never gets the ROM's answer (not even sealed).
    sync(&mut rabo);
    assert!(
        shared::shared_case(&rabo.store, &case_id, tafel::clock::today())
            .expect("case")
            .response
            .is_none()
    );

    // The coordinator changes the amount: it reaches both members with one sync each.
    cases::update_case(
        &mut c.store,
        &acting_now(&c.actor),
        &case_id,
        &serde_json::json!({"amount_eur": 410000}),
        crate::common::today(),
    )
    .expect("amount");
    sync(&mut c);
    sync(&mut rom);
    sync(&mut rabo);
    for m in [&rom, &rabo] {
        assert_eq!(
            shared::shared_case(&m.store, &case_id, tafel::clock::today())
                .expect("case")
                .amount_cents,
            41_000_000
        );
    }

    // Every column of every hub table: no company name, KvK number, amount, person or note.
    let mut admin = connect(&url);
    let stored = everything_stored(&mut admin);
    let envelopes: i64 = admin
        .query_one("SELECT count(*) FROM tafel_hub.envelopes", &[])
        .expect("count")
        .get(0);
    assert!(
        envelopes >= 4,
        "the exchange went through the hub ({envelopes})"
    );
    for needle in [
        "Zeister Sensoren",
        "81234567",
        "35000000",
        "41000000",
        "350000",
        "410000",
        "Anouk Verbeek",
        "onervaren",
        "outside_mandate_sector",
        "Zeist",
    ] {
        assert_eq!(
            found_in(&stored, needle),
            Vec::<String>::new(),
            "{needle} is on the hub"
        );
    }
    // What the operator does see: who exchanged on which channel, and when.
    let traffic: i64 = admin
        .query_one(
            "SELECT count(*) FROM tafel_hub.traffic WHERE sender_org = $1",
            &[&org_of(&c, "Ruud de Wit")],
        )
        .expect("traffic")
        .get(0);
    assert_eq!(traffic, 1, "the ROM wrote on its answers channel only");
}

pub(crate) fn db_code(e: &postgres::Error) -> String {
    e.code().map(|c| c.code().to_string()).unwrap_or_default()
}

#[test]
fn row_level_security_a_bank_reads_only_its_channels_writes_only_as_itself_and_never_changes_anything()
 {
    let OnHub {
        url, mut c, cases, ..
    } = table_on_hub(&[("Zeister Sensoren BV", "81234567")]);
    let case_id = cases[0].clone();
    let (mut rom, rom_url) = hub_member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let (mut rabo, rabo_url) = hub_member(&mut c, "Sanne Bakker", "Rabobank");
    for m in [&mut rom, &mut rabo] {
        let number = shared::shared_case(&m.store, &case_id, tafel::clock::today())
            .expect("case")
            .case_number;
        shared::respond(
            &mut m.store,
            &acting_now(&m.actor),
            &number,
            &decline("too_early", None),
        )
        .expect("answer");
        sync(m);
    }
    sync(&mut c);
    let a = org_of(&c, "Ruud de Wit");
    let b = org_of(&c, "Sanne Bakker");
    let mut admin = connect(&url);
    let b_answers: i64 = admin
        .query_one(
            "SELECT count(*) FROM tafel_hub.envelopes WHERE channel = $1",
            &[&format!("resp:{b}")],
        )
        .expect("count")
        .get(0);
    assert!(b_answers > 0, "Rabobank's answer is on the hub");

    let mut as_a = connect(&rom_url);
    let channels: Vec<String> = as_a
        .query(
            "SELECT DISTINCT channel FROM tafel_hub.envelopes ORDER BY 1",
            &[],
        )
        .expect("read as A")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(channels.contains(&"table".to_string()));
    assert!(channels.contains(&format!("resp:{a}")));
    for channel in &channels {
        assert!(
            channel == "table" || channel == &format!("org:{a}") || channel == &format!("resp:{a}"),
            "A reads {channel}"
        );
    }
    let seen_b: i64 = as_a
        .query_one(
            "SELECT count(*) FROM tafel_hub.envelopes WHERE channel = $1 OR sender_org = $2",
            &[&format!("resp:{b}"), &b],
        )
        .expect("count")
        .get(0);
    assert_eq!(seen_b, 0, "A cannot read B's answers channel");

    // Insert as B (B's device and organisation, B's channel): refused.
    let row = admin
        .query_one(
            "SELECT sender_device, payload, signature FROM tafel_hub.envelopes WHERE channel = $1 LIMIT 1",
            &[&format!("resp:{b}")],
        )
        .expect("B's envelope");
    let (b_device, payload, signature): (String, Vec<u8>, Vec<u8>) =
        (row.get(0), row.get(1), row.get(2));
    let table_id = table_of(&c);
    let insert = "INSERT INTO tafel_hub.envelopes (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
                  VALUES ($1, $2, $3, $4, 999, 999, 'x', $5, $6)";
    let as_b = as_a
        .execute(
            insert,
            &[
                &table_id,
                &format!("resp:{b}"),
                &b_device,
                &b,
                &payload,
                &signature,
            ],
        )
        .expect_err("A inserting as B");
    assert_eq!(db_code(&as_b), "42501", "{as_b}");
    // As itself but with B's organisation on its own device, or on a channel it may not write.
    let a_device = device_of(&rom);
    for (channel, org) in [
        (format!("resp:{b}"), a.clone()),
        (format!("resp:{a}"), b.clone()),
        ("table".to_string(), a.clone()),
        (format!("org:{a}"), a.clone()),
    ] {
        let e = as_a
            .execute(
                insert,
                &[&table_id, &channel, &a_device, &org, &payload, &signature],
            )
            .expect_err("not allowed");
        assert_eq!(db_code(&e), "42501", "{channel} as {org}: {e}");
    }
    // Never update or delete, nor read or change the administrator's tables.
    for sql in [
        "UPDATE tafel_hub.envelopes SET seq = seq",
        "DELETE FROM tafel_hub.envelopes",
        "UPDATE tafel_hub.bundle_headers SET sender_org = sender_org",
        "DELETE FROM tafel_hub.bundle_headers",
        "TRUNCATE tafel_hub.envelopes",
        "SELECT count(*) FROM tafel_hub.members",
        "SELECT count(*) FROM tafel_hub.channel_members",
        "INSERT INTO tafel_hub.channel_members VALUES ('x', 'resp:x', 'x', true)",
        "ALTER TABLE tafel_hub.envelopes DISABLE ROW LEVEL SECURITY",
    ] {
        let e = as_a.batch_execute(sql).expect_err(sql);
        assert_eq!(db_code(&e), "42501", "{sql}: {e}");
    }
    let total: i64 = admin
        .query_one("SELECT count(*) FROM tafel_hub.envelopes", &[])
        .expect("count")
        .get(0);
    assert!(total > b_answers, "nothing was deleted");

    // The owner of the tables is a role nobody logs in as, and the policies are forced.
    let row = admin
        .query_one(
            "SELECT r.rolcanlogin, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
             JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = 'tafel_hub.envelopes'::regclass",
            &[],
        )
        .expect("owner");
    assert_eq!(
        (
            row.get::<_, bool>(0),
            row.get::<_, bool>(1),
            row.get::<_, bool>(2)
        ),
        (false, true, true)
    );

    // Removing Rabobank: its open session ends, it cannot log in again, and reads nothing.
    let mut as_b = connect(&rabo_url);
    assert!(
        as_b.query_one("SELECT count(*) FROM tafel_hub.envelopes", &[])
            .expect("B reads")
            .get::<_, i64>(0)
            > 0
    );
    assert!(hub::remove_member(&mut c.store, "Rabobank").expect("remove"));
    assert!(
        as_b.query_one("SELECT count(*) FROM tafel_hub.envelopes", &[])
            .is_err(),
        "B's open session was ended"
    );
    let Err(refused) = HubUrl::parse(&rabo_url).expect("url").connect() else {
        panic!("B can no longer log in");
    };
    assert_eq!(
        refused.code(),
        "hub_login_refused",
        "{}",
        refused.message_nl()
    );
    let e = join::sync_joining(
        &mut rabo.store,
        &acting_now(&rabo.actor),
        None,
        None,
        &Silent,
    )
    .expect_err("B's sync");
    assert_eq!(e.code(), "hub_login_refused");
    // Membership is gone too, so even a restored login would read nothing.
    admin
        .batch_execute(&format!(
            "ALTER ROLE {} LOGIN",
            tafel::hub::schema::role_name(&table_id, &b)
        ))
        .expect("restore login by hand");
    let mut as_b = connect(&rabo_url);
    let after: i64 = as_b
        .query_one("SELECT count(*) FROM tafel_hub.envelopes", &[])
        .expect("count")
        .get(0);
    assert_eq!(after, 0, "a removed organisation reads nothing");
}

/// A TCP proxy in front of the test server that cuts each new connection once it carried more
/// than the given bytes up (client to server) or down.
struct CuttingProxy {
    port: u16,
    up: Arc<AtomicUsize>,
    down: Arc<AtomicUsize>,
}

fn pump(mut from: TcpStream, mut to: TcpStream, budget: usize) {
    let mut buf = [0u8; 16384];
    let mut carried = 0usize;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if carried + n > budget {
            let _ = to.write_all(&buf[..budget - carried]);
            break;
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
        carried += n;
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}

impl CuttingProxy {
    fn start(target_port: u16) -> CuttingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicUsize::new(usize::MAX));
        let down = Arc::new(AtomicUsize::new(usize::MAX));
        let (u, d) = (up.clone(), down.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", target_port)) else {
                    continue;
                };
                let (c2, s2) = (
                    client.try_clone().expect("clone"),
                    server.try_clone().expect("clone"),
                );
                let (ub, db) = (u.load(Ordering::SeqCst), d.load(Ordering::SeqCst));
                std::thread::spawn(move || pump(client, server, ub));
                std::thread::spawn(move || pump(s2, c2, db));
            }
        });
        CuttingProxy { port, up, down }
    }

    fn cut(&self, up: usize, down: usize) {
        self.up.store(up, Ordering::SeqCst);
        self.down.store(down, Ordering::SeqCst);
    }

    /// `url` through this proxy.
    fn route(&self, url: &str) -> String {
        let port = HubUrl::parse(url)
            .expect("url")
            .describe()
            .rsplit_once(':')
            .and_then(|(_, rest)| rest.split('/').next().map(str::to_string))
            .expect("port");
        url.replacen(
            &format!("localhost:{port}/"),
            &format!("127.0.0.1:{}/", self.port),
            1,
        )
    }
}

#[test]
fn a_connection_dropped_mid_push_or_mid_pull_and_a_replayed_push_lose_and_double_nothing() {
    let names: Vec<(String, String)> = (0..6)
        .map(|i| (format!("Bedrijf {i} BV"), format!("8123456{i}")))
        .collect();
    let names: Vec<(&str, &str)> = names
        .iter()
        .map(|(n, k)| (n.as_str(), k.as_str()))
        .collect();
    let OnHub {
        url,
        mut c,
        cases: case_ids,
        login: coordinator_url,
    } = table_on_hub(&names);
    let (mut rom, rom_url) = hub_member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let pg_port: u16 = HubUrl::parse(&url)
        .expect("url")
        .describe()
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.split('/').next()?.parse().ok())
        .expect("port");
    let proxy = CuttingProxy::start(pg_port);
    let via_proxy = proxy.route(&rom_url);
    assert!(via_proxy.contains("127.0.0.1"));
    hub::join(&mut rom.store, &acting_now(&rom.actor), &via_proxy).expect("join through the proxy");

    // Cut every few kilobytes, up and down: each sync either completes or fails as
    // unreachable, never half; a sync without cuts then completes.
    let mut failures = 0;
    for (i, case_id) in case_ids.iter().enumerate() {
        let number = shared::shared_case(&rom.store, case_id, tafel::clock::today())
            .expect("case")
            .case_number;
        shared::respond(
            &mut rom.store,
            &acting_now(&rom.actor),
            &number,
            &decline("too_early", None),
        )
        .expect("answer");
        let budget = 2_000 + i * 2_500;
        proxy.cut(budget, if i % 2 == 0 { usize::MAX } else { budget });
        match join::sync_joining(&mut rom.store, &acting_now(&rom.actor), None, None, &Silent) {
            Ok(report) => assert!(report.transports[0].reached),
            Err(e) => {
                failures += 1;
                // Cut while fetching (unreachable) or while pushing (read, not written).
                assert!(
                    matches!(e.code(), "hub_unreachable" | "sync_not_written"),
                    "{}",
                    e.message_nl()
                );
                assert!(
                    e.message_nl().contains("niet bereikbaar")
                        || e.message_nl().contains("weggevallen"),
                    "{}",
                    e.message_nl()
                );
            }
        }
    }
    assert!(failures >= 2, "the cuts did cut ({failures})");
    proxy.cut(usize::MAX, usize::MAX);
    sync(&mut rom);

    // The coordinator pulls with cuts down (mid-pull), then without.
    hub::join(
        &mut c.store,
        &acting_now(&c.actor),
        &proxy.route(&coordinator_url),
    )
    .expect("through the proxy");
    let mut cut_pulls = 0;
    for budget in [4_000, 8_000, 16_000] {
        proxy.cut(usize::MAX, budget);
        match join::sync_joining(&mut c.store, &acting_now(&c.actor), None, None, &Silent) {
            Ok(_) => {}
            Err(e) => {
                cut_pulls += 1;
                assert!(
                    matches!(e.code(), "hub_unreachable" | "sync_not_written"),
                    "{}",
                    e.message_nl()
                );
            }
        }
    }
    assert!(cut_pulls >= 1, "a pull was cut");
    proxy.cut(usize::MAX, usize::MAX);
    hub::join(&mut c.store, &acting_now(&c.actor), &coordinator_url).expect("direct again");
    sync(&mut c);
    for case_id in &case_ids {
        let outcome = outcomes::get_outcome(&c.store, case_id).expect("outcome");
        let answers: Vec<_> = outcome
            .responses
            .iter()
            .filter(|r| r.financier_name == "ROM Utrecht Region")
            .collect();
        assert_eq!(
            answers.len(),
            1,
            "one answer per case, none lost, none doubled"
        );
        assert_eq!(answers[0].status, tafel::domain::ResponseStatus::Declined);
    }

    // Nothing lost on the hub: the ROM's answers channel is numbered without gaps.
    let mut admin = connect(&url);
    let a = org_of(&c, "Ruud de Wit");
    let row = admin
        .query_one(
            "SELECT count(DISTINCT seq), max(seq) FROM tafel_hub.envelopes WHERE channel = $1",
            &[&format!("resp:{a}")],
        )
        .expect("seqs");
    let (distinct, max): (i64, Option<i64>) = (row.get(0), row.get(1));
    assert_eq!(Some(distinct), max, "no gap in the ROM's envelopes");

    // The same push replayed: not one row more; the same pull read twice: nothing changes.
    let count = |admin: &mut postgres::Client| -> (i64, i64) {
        let r = admin
            .query_one(
                "SELECT (SELECT count(*) FROM tafel_hub.envelopes), (SELECT count(*) FROM tafel_hub.bundle_headers)",
                &[],
            )
            .expect("count");
        (r.get(0), r.get(1))
    };
    let bytes = rom.export();
    let table = table_of(&rom);
    let mut transport = HubTransport::new(HubUrl::parse(&rom_url).expect("url"), Some(table));
    transport.publish(&device_of(&rom), &bytes).expect("push");
    let once = count(&mut admin);
    transport
        .publish(&device_of(&rom), &bytes)
        .expect("the same push again");
    assert_eq!(count(&mut admin), once, "a replayed push is a no-op");
    let before = crate::sync::state(&c.store);
    let again = sync(&mut c);
    assert_eq!(
        again
            .bundles
            .iter()
            .filter_map(|b| b.imported.as_ref())
            .map(|s| s.changes)
            .sum::<u64>(),
        0
    );
    assert_eq!(crate::sync::state(&c.store), before);
}

#[test]
fn a_folder_and_a_hub_serve_one_table_at_once_and_every_envelope_is_read_once() {
    let folder = tempfile::tempdir().expect("folder");
    let OnHub {
        url, mut c, cases, ..
    } = table_on_hub(&[("Zeister Sensoren BV", "81234567")]);
    let case_id = cases[0].clone();
    let (mut rom, _) = hub_member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    for l in [&mut c, &mut rom] {
        tafel::service::sync::folder::set_sync_folder(
            &mut l.store,
            &acting_now(&l.actor),
            folder.path(),
        )
        .expect("folder");
    }
    let number = shared::shared_case(&rom.store, &case_id, tafel::clock::today())
        .expect("case")
        .case_number;
    shared::respond(
        &mut rom.store,
        &acting_now(&rom.actor),
        &number,
        &decline("too_early", None),
    )
    .expect("answer");
    let pushed = sync(&mut rom);
    assert_eq!(
        pushed
            .transports
            .iter()
            .map(|t| (t.kind.as_str(), t.reached))
            .collect::<Vec<_>>(),
        [("folder", true), ("hub", true)]
    );
    let pulled = sync(&mut c);
    let answers: u64 = pulled
        .bundles
        .iter()
        .filter_map(|b| b.imported.as_ref())
        .map(|s| s.responses)
        .sum();
    assert_eq!(
        answers, 1,
        "the same answer through the folder and the hub, read once"
    );
    let labels: Vec<&str> = pulled.bundles.iter().map(|b| b.file.as_str()).collect();
    assert!(labels.iter().any(|l| l.starts_with("hub: ")), "{labels:?}");
    assert!(labels.iter().any(|l| l.ends_with(".tafel")), "{labels:?}");
    let outcome = outcomes::get_outcome(&c.store, &case_id).expect("outcome");
    assert_eq!(
        outcome
            .responses
            .iter()
            .filter(|r| r.financier_name == "ROM Utrecht Region")
            .count(),
        1
    );

    // The hub down (here: an address nobody listens on): Tafel works on through the folder,
    // and says so.
    let hub_url = HubUrl::parse(&url).expect("url");
    let port = hub_url
        .describe()
        .rsplit_once(':')
        .and_then(|(_, rest)| rest.split('/').next().map(str::to_string))
        .expect("port");
    let dead = hub_url.for_login("tafel_m_x", "y").replacen(
        &format!("localhost:{port}/"),
        "localhost:9/",
        1,
    );
    assert!(dead.contains("localhost:9/"), "{dead}");
    rom.store
        .transact(&acting_now(&rom.actor), |w| {
            w.settings_mut().mark(tafel::store::Setting::HubUrl, &dead)
        })
        .expect("a dead hub");
    let report = sync(&mut rom);
    assert_eq!(
        report
            .transports
            .iter()
            .map(|t| (t.kind.as_str(), t.reached))
            .collect::<Vec<_>>(),
        [("folder", true), ("hub", false)]
    );
    assert_eq!(
        report.transports[1].error_code.as_deref(),
        Some("hub_unreachable")
    );
    assert!(
        report
            .summary_nl
            .contains("was niet bereikbaar; Tafel werkt gewoon door"),
        "{}",
        report.summary_nl
    );
    // Without the folder, the sync says why it could not.
    rom.store
        .transact(&acting_now(&rom.actor), |w| {
            w.settings_mut().mark(tafel::store::Setting::SyncFolder, "")
        })
        .expect("no folder");
    let e = join::sync_joining(&mut rom.store, &acting_now(&rom.actor), None, None, &Silent)
        .expect_err("nothing reachable");
    assert_eq!(e.code(), "hub_unreachable");
    assert!(
        e.message_nl().contains("niet bereikbaar"),
        "{}",
        e.message_nl()
    );
}

#[test]
fn a_hub_with_a_newer_schema_is_refused_by_the_administrator_and_the_members() {
    let OnHub { url, mut c, .. } = table_on_hub(&[]);
    let (mut rom, _) = hub_member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    let mut admin = connect(&url);
    admin
        .batch_execute("UPDATE tafel_hub.schema_version SET version = 99")
        .expect("a newer Tafel's hub");
    let e = hub::init(&mut c.store, &acting_now(&c.actor), &url).expect_err("newer schema");
    assert_eq!(e.code(), "hub_newer_schema");
    assert!(
        e.message_nl().contains("schemaversie 99"),
        "{}",
        e.message_nl()
    );
    let e = join::sync_joining(&mut rom.store, &acting_now(&rom.actor), None, None, &Silent)
        .expect_err("newer schema");
    assert_eq!(e.code(), "hub_newer_schema");
    let bad = hub::join(&mut rom.store, &acting_now(&rom.actor), "http://example.nl")
        .expect_err("not postgres");
    assert_eq!(bad.code(), "hub_bad_url");
}

/// The password of a `postgres://user:password@…` address.
fn password_of(url: &str) -> String {
    let credentials = url
        .split_once("://")
        .and_then(|(_, r)| r.rsplit_once('@'))
        .map(|(c, _)| c)
        .expect("credentials");
    credentials.split_once(':').expect("password").1.to_string()
}

#[test]
fn the_hubs_address_travels_in_the_signed_roster_without_a_password_and_a_member_joins_with_its_login()
 {
    let OnHub { url, mut c, .. } = table_on_hub(&[]);
    let (signed, roster) = c.store.sync().roster().expect("roster").expect("held");
    let address = roster.hub.clone().expect("the roster names the hub");
    assert_eq!(address, HubUrl::parse(&url).expect("url").address());
    let admin_password = password_of(&url);
    assert!(!address.contains('@'), "{address}");
    assert!(
        !signed
            .bytes
            .windows(admin_password.len())
            .any(|w| w == admin_password.as_bytes()),
        "no password in the signed roster"
    );
    let version = roster.version;
    hub::init(&mut c.store, &acting_now(&c.actor), &url).expect("again");
    assert_eq!(
        c.store
            .sync()
            .roster()
            .expect("roster")
            .expect("held")
            .1
            .version,
        version,
        "the same address issues no new roster"
    );

    // A member on the table by a bundle (as by e-mail) learns the address from the roster.
    let mut m = crate::sync::member(&mut c, "Ruud de Wit", "ROM Utrecht Region");
    assert_eq!(
        hub::announced_address(&m.store).expect("address"),
        Some(address.clone())
    );
    assert!(hub::hub(&m.store).expect("hub").is_none(), "not joined yet");
    let login = hub::add_member(&mut c.store, "ROM Utrecht Region", false)
        .expect("on the hub")
        .expect("a login");
    sync(&mut c);
    let password = password_of(&login.url);
    let wrong = hub::join_announced(&mut m.store, &acting_now(&m.actor), &login.role, "verkeerd")
        .expect_err("a wrong password");
    assert_eq!(wrong.code(), "hub_login_refused");
    let view = hub::join_announced(&mut m.store, &acting_now(&m.actor), &login.role, &password)
        .expect("joined with the roster's address and its own login");
    assert!(view.address.starts_with(&login.role), "{}", view.address);
    let report = sync(&mut m);
    assert!(
        report
            .transports
            .iter()
            .any(|t| t.kind == "hub" && t.reached),
        "{report:?}"
    );
    // Nothing on the hub holds a password.
    let stored = everything_stored(&mut connect(&url));
    assert_eq!(found_in(&stored, &admin_password), Vec::<String>::new());
    assert_eq!(found_in(&stored, &password), Vec::<String>::new());
}
