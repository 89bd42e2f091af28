//! The table hub on PostgreSQL (`cargo bench --bench hub`, under `tests/pg/with-postgres.sh`,
//! which `benches/run.sh` uses): a simulated national hub of 15 tables, 375 member
//! organisations (25 per table, the coordinator's included) and 150,000 envelopes (10,000 per
//! table: 4,000 on `table`, 125 on each organisation's `org:` and `resp:` channels), with the
//! schema, roles and forced row-level security of `tafel hub init`, over TLS.
//!
//! Measured through [`HubTransport`], as a member's Tafel uses it (logged in as its own role, one
//! new connection per sync for its fetch and publish, as "Synchroniseren" does):
//! - one member's incremental sync: pull 200 new envelopes (and every device's latest header),
//!   push 20 (the aim: ≤ 200 ms together);
//! - a new member's initial pull of its table (every envelope it may read).
//!
//! The envelopes are stand-ins of a realistic size (640 bytes of payload, 64 of signature): the
//! hub never opens one, so its work does not depend on what is inside; reading them into the
//! local database is the sync benchmark's (`benches/sync.rs`). The query plans (EXPLAIN
//! ANALYZE, as the member) are printed and written to `target/bench/hub-plans.txt`.
//! `TAFEL_BENCH_HUB_ENVELOPES` makes a smaller hub for a quick look.

mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use common::Goal;
use tafel::hub::schema::{self, HubMember};
use tafel::hub::transport::{HEADERS_SQL, PULL_SQL};
use tafel::hub::{HubTransport, HubUrl};
use tafel::sync::{Bundle, BundleHeader, DeviceKeys, Received, SealedEnvelope, Transport};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const GROUP: &str = "hub";
const TABLES: usize = 15;
const ORGS_PER_TABLE: usize = 25;
const PASSWORD: &str = "bench-password";

fn envelopes_per_table() -> i64 {
    std::env::var("TAFEL_BENCH_HUB_ENVELOPES")
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
        .map(|n| n / TABLES as i64)
        .unwrap_or(10_000)
}

fn table(t: usize) -> String {
    format!("table-{t:02}")
}

fn org(t: usize, o: usize) -> String {
    format!("org-{t}-{o}")
}

fn device(t: usize, o: Option<usize>) -> String {
    match o {
        Some(o) => format!("dev-{t}-{o}"),
        None => format!("dev-{t}-c"),
    }
}

/// A stand-in sealed envelope: a real routing header, 640 bytes where the ciphertext goes.
fn envelope(table: &str, channel: &str, device: &str, org: &str, seq: u64) -> SealedEnvelope {
    let header = serde_json::json!({
        "v": 1, "table_id": table, "channel": channel, "sender_device": device, "sender_org": org,
        "seq": seq, "roster_version": 1, "hlc_max": format!("{:016}-0000-{device}", 1_796_202_000_000u64 + seq),
    });
    let header = serde_json::to_vec(&header).unwrap_or_default();
    let mut bytes = (header.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(&header);
    bytes.extend(std::iter::repeat_n(0x5a, 640));
    SealedEnvelope {
        bytes,
        signature: [7u8; 64],
    }
}

fn bundle(
    table: &str,
    device: &str,
    envelopes: Vec<SealedEnvelope>,
    keys: &DeviceKeys,
) -> Result<Vec<u8>> {
    let header = BundleHeader {
        v: 1,
        table_id: table.into(),
        sender_device: device.into(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        roster_version: 1,
        acks: BTreeMap::new(),
    };
    Ok(Bundle::new(&header, None, envelopes, keys)?.encode())
}

fn build_hub(admin: &mut postgres::Client) -> Result<()> {
    schema::init(admin)?;
    for t in 0..TABLES {
        let mut members = vec![HubMember {
            table_id: table(t),
            org: "coordinator".into(),
            org_name: format!("Coördinator {t}"),
            devices: vec![device(t, None)],
        }];
        for o in 0..ORGS_PER_TABLE - 1 {
            members.push(HubMember {
                table_id: table(t),
                org: org(t, o),
                org_name: format!("Organisatie {t}-{o}"),
                devices: vec![device(t, Some(o))],
            });
        }
        for m in &members {
            schema::put_member(admin, m, Some(PASSWORD))?;
        }
    }
    let per_table = envelopes_per_table();
    let on_table = per_table * 2 / 5;
    let per_org = (per_table - on_table) / 2 / (ORGS_PER_TABLE as i64 - 1);
    let started = Instant::now();
    admin.batch_execute(&format!(
        "INSERT INTO tafel_hub.envelopes (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
         SELECT 'table-' || lpad(t::text, 2, '0'), 'table', 'dev-' || t || '-c', 'coordinator', s, 1,
                lpad(s::text, 16, '0') || '-0000-dev', decode(repeat(md5(t || ':' || s), 40), 'hex'), decode(repeat('ab', 64), 'hex')
         FROM generate_series(0, {last}) t, generate_series(1, {on_table}) s;
         INSERT INTO tafel_hub.envelopes (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
         SELECT 'table-' || lpad(t::text, 2, '0'), 'org:org-' || t || '-' || o, 'dev-' || t || '-c', 'coordinator', s, 1,
                lpad(s::text, 16, '0') || '-0000-dev', decode(repeat(md5(t || ':' || o || ':' || s), 40), 'hex'), decode(repeat('ab', 64), 'hex')
         FROM generate_series(0, {last}) t, generate_series(0, {orgs}) o, generate_series(1, {per_org}) s;
         INSERT INTO tafel_hub.envelopes (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
         SELECT 'table-' || lpad(t::text, 2, '0'), 'resp:org-' || t || '-' || o, 'dev-' || t || '-' || o, 'org-' || t || '-' || o, s, 1,
                lpad(s::text, 16, '0') || '-0000-dev', decode(repeat(md5(o || ':' || t || ':' || s), 40), 'hex'), decode(repeat('ab', 64), 'hex')
         FROM generate_series(0, {last}) t, generate_series(0, {orgs}) o, generate_series(1, {per_org}) s;
         INSERT INTO tafel_hub.bundle_headers (table_id, sender_device, sender_org, header, signature)
         SELECT table_id, device_id, org, convert_to('{{\"v\":1}}', 'UTF8'), decode(repeat(md5(device_id), 4), 'hex')
         FROM tafel_hub.devices;
         ANALYZE;",
        last = TABLES - 1,
        orgs = ORGS_PER_TABLE - 2,
    ))?;
    let total: i64 = admin
        .query_one("SELECT count(*) FROM tafel_hub.envelopes", &[])?
        .get(0);
    println!(
        "hub: {TABLES} tables, {} organisations, {total} envelopes stored in {:.1} s",
        TABLES * ORGS_PER_TABLE,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn plan(
    client: &mut postgres::Client,
    sql: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<String> {
    let rows = client.query(
        &format!("EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF, SUMMARY ON) {sql}"),
        params,
    )?;
    Ok(rows
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn main() -> Result<()> {
    let Ok(server) = std::env::var("TAFEL_TEST_PG") else {
        common::missing(
            GROUP,
            "hub: incremental sync (pull 200, push 20)",
            "no PostgreSQL: run under tests/pg/with-postgres.sh (make bench does)",
        );
        return Ok(());
    };
    let name = format!("tafel_bench_{}", std::process::id());
    HubUrl::parse(&server)?
        .connect()?
        .batch_execute(&format!("CREATE DATABASE {name}"))?;
    let admin_url = HubUrl::parse(&server.replacen("/postgres?", &format!("/{name}?"), 1))?;
    let mut admin = admin_url.connect()?;
    build_hub(&mut admin)?;

    // The member: organisation 0 of table 0, holding everything it may read so far.
    let (t, o) = (0, 0);
    let member_url =
        HubUrl::parse(&admin_url.for_login(&schema::role_name(&table(t), &org(t, o)), PASSWORD))?;
    let me = device(t, Some(o));
    let per_table = envelopes_per_table();
    let on_table = (per_table * 2 / 5) as u64;
    let per_org = ((per_table - per_table * 2 / 5) / 2 / (ORGS_PER_TABLE as i64 - 1)) as u64;
    let mut received: Received = BTreeMap::new();
    received.entry(device(t, None)).or_default().extend([
        ("table".to_string(), on_table),
        (format!("org:{}", org(t, o)), per_org),
    ]);
    let keys = DeviceKeys::generate()?;
    let mut next_table = on_table + 1;
    let mut next_own = per_org + 1;

    let runs = 12;
    let (mut pulls, mut pushes, mut both) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        // 200 new envelopes from the coordinator on `table` (not timed).
        admin.execute(
            "INSERT INTO tafel_hub.envelopes (table_id, channel, sender_device, sender_org, seq, roster_version, hlc_max, payload, signature)
             SELECT $1, 'table', $2, 'coordinator', s, 1, lpad(s::text, 16, '0') || '-0000-dev', decode(repeat(md5(s::text), 40), 'hex'), decode(repeat('ab', 64), 'hex')
             FROM generate_series($3::bigint, $3::bigint + 199) s",
            &[&table(t), &device(t, None), &(next_table as i64)],
        )?;
        let own: Vec<SealedEnvelope> = (next_own..next_own + 20)
            .map(|seq| {
                envelope(
                    &table(t),
                    &format!("resp:{}", org(t, o)),
                    &me,
                    &org(t, o),
                    seq,
                )
            })
            .collect();
        let push = bundle(&table(t), &me, own, &keys)?;
        // A sync makes its transport anew (and with it one connection for fetch and publish).
        let mut transport = HubTransport::new(member_url.clone(), Some(table(t)));
        let started = Instant::now();
        let got = transport.fetch(&me, &received)?;
        let pulled = started.elapsed();
        transport.publish(&me, &push)?;
        let total = started.elapsed();
        let envelopes: usize = got
            .iter()
            .map(|d| {
                Bundle::decode(&d.bytes)
                    .map(|b| b.envelopes.len())
                    .unwrap_or(0)
            })
            .sum();
        assert_eq!(
            envelopes, 200,
            "the pull brings exactly the 200 new envelopes"
        );
        pulls.push(pulled);
        pushes.push(total - pulled);
        both.push(total);
        next_table += 200;
        next_own += 20;
        received
            .entry(device(t, None))
            .or_default()
            .insert("table".into(), next_table - 1);
    }
    common::figure(
        GROUP,
        "hub: one member's incremental sync (pull 200 envelopes, push 20)",
        &both,
        Some(Goal::AtMostMs(200.0)),
        "375 organisations, 150,000 envelopes; TLS, own role, RLS forced",
    );
    common::figure(
        GROUP,
        "hub: of which the pull of 200 (and 24 headers)",
        &pulls,
        None,
        "",
    );
    common::figure(GROUP, "hub: of which the push of 20", &pushes, None, "");
    // Where the pull's time goes: the connection alone (TCP, TLS handshake, SCRAM login) and
    // the schema check every new connection makes.
    let connects = common::sample(12, || {
        let _ = member_url
            .connect()
            .and_then(|mut c| schema::check(&mut c).map(|_| c));
    });
    common::figure(
        GROUP,
        "hub: of which the connection (TLS, SCRAM login, schema check)",
        &connects,
        None,
        "once per sync",
    );

    // A new member of table 0: its initial pull of everything it may read.
    let newcomer = HubMember {
        table_id: table(t),
        org: "org-0-new".into(),
        org_name: "Nieuw lid".into(),
        devices: vec!["dev-0-new".into()],
    };
    schema::put_member(&mut admin, &newcomer, Some(PASSWORD))?;
    let new_url =
        HubUrl::parse(&admin_url.for_login(&schema::role_name(&table(t), "org-0-new"), PASSWORD))?;
    let mut count = 0;
    let initial = common::sample(5, || {
        let mut fresh = HubTransport::new(new_url.clone(), Some(table(t)));
        let got = fresh
            .fetch("dev-0-new", &BTreeMap::new())
            .unwrap_or_default();
        count = got
            .iter()
            .map(|d| {
                Bundle::decode(&d.bytes)
                    .map(|b| b.envelopes.len())
                    .unwrap_or(0)
            })
            .sum::<usize>();
    });
    common::figure(
        GROUP,
        "hub: a new member's initial pull of its table",
        &initial,
        None,
        &format!("{count} envelopes"),
    );

    // The plans, as the member sees them.
    let mut member = member_url.connect()?;
    let senders: Vec<String> = received.keys().cloned().collect();
    let mut channels = Vec::new();
    let mut after = Vec::new();
    let mut sender_list = Vec::new();
    for s in &senders {
        for (c, n) in &received[s] {
            sender_list.push(s.clone());
            channels.push(c.clone());
            after.push(*n as i64);
        }
    }
    let tbl = Some(table(t));
    let pull_plan = plan(
        &mut member,
        PULL_SQL,
        &[&tbl, &me, &sender_list, &channels, &after],
    )?;
    let headers_plan = plan(&mut member, HEADERS_SQL, &[&tbl, &me])?;
    let text =
        format!("-- pull (incremental, as {me})\n{pull_plan}\n\n-- headers\n{headers_plan}\n");
    println!("{text}");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("hub-plans.txt"), text)?;
    drop(member);
    drop(admin);
    HubUrl::parse(&server)?
        .connect()?
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))?;
    Ok(())
}
