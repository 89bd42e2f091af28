//! Sharing benchmark (`cargo bench --bench sync`), on encrypted database files: a table of
//! 1,000 cases (a tenth named with consent for three organisations), the starter register and
//! ten meetings of ten cases, with 25 member organisations of the register on laptops of their
//! own, each answering 400 cases through `shared::respond` (10,000 answers).
//!
//! Measured, each run on fresh copies of the databases as they stood before it:
//! - the coordinator's first bundle (every case, the register, the meetings, the access of
//!   each organisation, sealed for 26 devices);
//! - a new member reading that bundle (the aim: ≤ 2 s);
//! - the coordinator reading the 25 members' bundles (10,000 answers onto the case pages);
//! - an incremental sync of 20 changed fields: the coordinator's bundle once every member has
//!   acknowledged everything, and one member reading it (the aim: ≤ 50 ms together).
//!
//! `TAFEL_BENCH_SYNC_CASES` and `TAFEL_BENCH_SYNC_MEMBERS` make a smaller table for a quick look.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::Goal;
use tafel::domain::{Actor, CaseDraft, MeetingDraft, ResponseDraft, WriteSource};
use tafel::service::sync::{bundle, identity, roster, shared};
use tafel::service::{cases, meetings, register};
use tafel::store::{DbKey, Store};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const KEY: &str = "0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed";
const GROUP: &str = "sync";
const STATUSES: [&str; 4] = ["ready", "presented", "matching", "in_assessment"];
const PROVINCES: [&str; 4] = ["UT", "GE", "NB", "ZH"];

fn key() -> Result<DbKey> {
    Ok(DbKey::parse(KEY)?)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn actor(person: &str) -> Actor {
    Actor {
        author: person.into(),
        source: WriteSource::Ui,
        at: tafel::clock::moment(),
    }
}

fn case_draft(i: usize, consent: &[String]) -> Result<CaseDraft> {
    let mut value = serde_json::json!({
        "company": {
            "name": format!("Benchmarkbedrijf {i} BV"), "kvk": format!("{:08}", 30_000_000 + i), "province": PROVINCES[i % PROVINCES.len()],
            "legal_form": "bv", "municipality": "Amersfoort", "contact_name": "Anouk Verbeek", "turnover_eur": 400_000 + 10_000 * (i % 90),
            "employees": 3 + i % 40, "founding_year": 2000 + (i % 25) as i64,
        },
        "amount_eur": 50_000 + 5_000 * (i % 200), "purpose": "growth", "stage": "growth", "sector": "htsm",
        "capital_types": ["subordinated_loan"], "status": STATUSES[i % STATUSES.len()],
        "notes": format!("Casus {i}: alleen voor de coördinator"), "intake_date": format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 28),
    });
    if !consent.is_empty() {
        value["disclosure"] = "named".into();
        value["consent_financier_ids"] = serde_json::json!(consent);
        value["consent_from"] = "2026-01-01".into();
        value["consent_until"] = "2027-12-31".into();
    }
    Ok(serde_json::from_value(value)?)
}

/// A laptop: its database file and who uses it.
struct Laptop {
    path: PathBuf,
    store: Store,
    actor: Actor,
}

impl Laptop {
    fn open(path: PathBuf, person: &str) -> Result<Laptop> {
        let store = Store::open(&path, &key()?)?;
        Ok(Laptop {
            path,
            store,
            actor: actor(person),
        })
    }

    /// Closes the database and copies its file (the write-ahead log checkpointed into it).
    fn keep(self, to: &Path) -> Result<()> {
        self.store
            .conn_for_tests()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
        drop(self.store);
        std::fs::copy(&self.path, to)?;
        Ok(())
    }
}

/// A fresh copy of a kept database, opened.
fn from_template(template: &Path, dir: &Path, name: &str, person: &str) -> Result<Laptop> {
    let path = dir.join(name);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::copy(template, &path)?;
    Laptop::open(path, person)
}

fn answer(k: usize, j: usize) -> ResponseDraft {
    let (status, reason, amount) = match (k + j) % 5 {
        0 => ("interested", None, None),
        1 => ("declined", Some("insufficient_collateral"), None),
        2 => ("info_requested", None, None),
        3 => ("offer", None, Some(format!("{}k", 50 + (j % 40) * 10))),
        _ => ("declined", Some("ticket_too_small"), None),
    };
    ResponseDraft {
        status: status.into(),
        decline_reason: reason.map(str::to_string),
        amount,
        note: j
            .is_multiple_of(7)
            .then(|| "Graag de jaarcijfers 2025".to_string()),
        ..Default::default()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let case_count = env_number("TAFEL_BENCH_SYNC_CASES", 1_000);
    let member_count = env_number("TAFEL_BENCH_SYNC_MEMBERS", 25);
    let answers_each = (case_count * 2 / 5).max(1);
    let work = tempfile::tempdir()?;
    let dir = work.path();
    let setup = Instant::now();

    // The coordinator's table.
    let mut c = Laptop::open(dir.join("coordinator.db"), "Marieke Jansen")?;
    register::import_starter_register(&mut c.store, &c.actor)?;
    identity::set_identity(
        &mut c.store,
        &c.actor,
        "Marieke Jansen",
        "coordinator",
        Some("Financieringstafel Midden-Nederland"),
    )?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).ok_or("date")?;
    let financiers: Vec<(String, String)> = register::list_financiers(&c.store, today)?
        .into_iter()
        .map(|f| (f.id, f.name))
        .take(member_count)
        .collect();
    if financiers.len() < member_count {
        return Err(format!(
            "the starter register has {} financiers, {member_count} asked",
            financiers.len()
        )
        .into());
    }
    let drafts = (0..case_count)
        .map(|i| {
            let consent: Vec<String> = if i % 10 == 0 {
                (0..3)
                    .map(|k| financiers[(i / 10 + k) % member_count].0.clone())
                    .collect()
            } else {
                Vec::new()
            };
            case_draft(i, &consent)
        })
        .collect::<Result<Vec<_>>>()?;
    let stored = cases::add_cases(&mut c.store, &c.actor, &drafts, today)?;
    for m in 0..10.min(case_count / 10) {
        let draft = MeetingDraft {
            title: format!("Financieringstafel {}", m + 1),
            date: format!("2027-{:02}-10", m + 1),
            time: Some("14:00".into()),
            place: Some("Provinciehuis Utrecht".into()),
            ..Default::default()
        };
        let meeting = meetings::create_meeting(&mut c.store, &c.actor, &draft)?;
        for case in stored.iter().skip(m * 10).take(10) {
            meetings::add_case_to_agenda(&mut c.store, &c.actor, &meeting.id, &case.id)?;
        }
    }

    // The members: a laptop each, on the roster.
    let mut members = Vec::new();
    for (k, (_, name)) in financiers.iter().enumerate() {
        let person = format!("Lid {}", k + 1);
        let mut m = Laptop::open(dir.join(format!("member-{k}.db")), &person)?;
        identity::set_identity(&mut m.store, &m.actor, &person, name, None)?;
        let card = identity::member_card(&m.store, tafel::clock::now())?;
        roster::add_member(&mut c.store, &c.actor, &card, None)?;
        members.push(m);
    }
    let fingerprint = identity::identity(&c.store)?
        .ok_or("coordinator identity")?
        .fingerprint;
    let first = dir.join("coordinator-before-first.db");
    let newcomer = dir.join("member-before-joining.db");
    let reopened = |laptop: Laptop, name: &str, person: &str| -> Result<(Laptop, PathBuf)> {
        let template = dir.join(name);
        let path = laptop.path.clone();
        laptop.keep(&template)?;
        Ok((Laptop::open(path, person)?, template))
    };
    let (c_again, _) = reopened(c, "coordinator-before-first.db", "Marieke Jansen")?;
    c = c_again;
    let m0 = members.remove(0);
    let m0_person = m0.actor.author.clone();
    let (m0, _) = reopened(m0, "member-before-joining.db", &m0_person)?;
    members.insert(0, m0);

    // The first bundle, and everyone joins with it.
    let (initial, summary) = bundle::export_bundle(&mut c.store, &c.actor)?;
    for m in members.iter_mut() {
        bundle::import_bundle(
            &mut m.store,
            &m.actor,
            &initial,
            "uitnodiging.tafel",
            Some(&fingerprint),
        )?;
    }
    // Every member answers its share of the cases, offline, then writes its bundle.
    let case_ids: Vec<String> = stored.iter().map(|c| c.id.clone()).collect();
    let mut answer_bundles = Vec::new();
    for (k, m) in members.iter_mut().enumerate() {
        for j in 0..answers_each {
            let case = &case_ids[(k * case_count / member_count.max(1) + j) % case_count];
            shared::respond(&mut m.store, &m.actor, case, &answer(k, j))?;
        }
        answer_bundles.push(bundle::export_bundle(&mut m.store, &m.actor)?.0);
    }
    let before_answers = dir.join("coordinator-before-answers.db");
    let (c_again, _) = reopened(c, "coordinator-before-answers.db", "Marieke Jansen")?;
    c = c_again;
    // The coordinator reads every answer; the members read its bundle, so everything up to
    // here is acknowledged on both sides before the incremental sync.
    for b in &answer_bundles {
        bundle::import_bundle(&mut c.store, &c.actor, b, "lid.tafel", None)?;
    }
    let round = bundle::export_bundle(&mut c.store, &c.actor)?.0;
    for m in members.iter_mut() {
        bundle::import_bundle(&mut m.store, &m.actor, &round, "coordinator.tafel", None)?;
        let back = bundle::export_bundle(&mut m.store, &m.actor)?.0;
        bundle::import_bundle(&mut c.store, &c.actor, &back, "lid.tafel", None)?;
    }
    let settled_c = dir.join("coordinator-settled.db");
    let settled_m = dir.join("member-settled.db");
    let m0 = members.remove(0);
    drop(members);
    c.keep(&settled_c)?;
    m0.keep(&settled_m)?;
    println!(
        "{} cases, {} members, {} answers; first bundle {:.1} MB in {} envelopes; set up in {:.0} s",
        case_count,
        member_count,
        answers_each * member_count,
        summary.bytes as f64 / 1e6,
        summary.envelopes,
        setup.elapsed().as_secs_f64()
    );

    let runs = dir.join("runs");
    std::fs::create_dir_all(&runs)?;

    // The coordinator's first bundle.
    let mut samples = Vec::new();
    for _ in 0..5 {
        let mut c = from_template(&first, &runs, "c.db", "Marieke Jansen")?;
        let start = Instant::now();
        let (bytes, _) = bundle::export_bundle(&mut c.store, &c.actor)?;
        samples.push(start.elapsed());
        std::hint::black_box(bytes);
    }
    common::figure(
        GROUP,
        &format!(
            "sharing: the coordinator's first bundle ({case_count} cases, register, meetings; {} devices)",
            member_count + 1
        ),
        &samples,
        None,
        &format!(
            "{:.1} MB, {} envelopes",
            summary.bytes as f64 / 1e6,
            summary.envelopes
        ),
    );

    // A new member reads it.
    let mut samples = Vec::new();
    for _ in 0..5 {
        let mut m = from_template(&newcomer, &runs, "m.db", "Lid 1")?;
        let start = Instant::now();
        bundle::import_bundle(
            &mut m.store,
            &m.actor,
            &initial,
            "uitnodiging.tafel",
            Some(&fingerprint),
        )?;
        samples.push(start.elapsed());
    }
    common::figure(
        GROUP,
        "sharing: a new member reads the first bundle",
        &samples,
        Some(Goal::AtMostMs(2_000.0)),
        &format!("{case_count} cases"),
    );

    // The coordinator reads every member's answers.
    let mut samples = Vec::new();
    let mut responses = 0;
    for _ in 0..3 {
        let mut c = from_template(&before_answers, &runs, "c.db", "Marieke Jansen")?;
        let start = Instant::now();
        responses = 0;
        for b in &answer_bundles {
            responses +=
                bundle::import_bundle(&mut c.store, &c.actor, b, "lid.tafel", None)?.responses;
        }
        samples.push(start.elapsed());
    }
    common::figure(
        GROUP,
        &format!("sharing: the coordinator reads {member_count} members' bundles"),
        &samples,
        None,
        &format!("{responses} answers onto the case pages"),
    );

    // An incremental sync: 20 fields changed, once everything before was acknowledged.
    let mut total = Vec::new();
    let mut exports = Vec::new();
    let mut imports = Vec::new();
    let mut changed = 0;
    for run in 0..10 {
        let mut c = from_template(&settled_c, &runs, "c.db", "Marieke Jansen")?;
        let mut m = from_template(&settled_m, &runs, "m.db", "Lid 1")?;
        for (i, case) in case_ids
            .iter()
            .skip(run * 20 % case_count)
            .take(20)
            .enumerate()
        {
            cases::update_case(
                &mut c.store,
                &c.actor,
                case,
                &serde_json::json!({ "amount_eur": 123_000 + 1_000 * (run * 20 + i) }),
                today,
            )?;
        }
        let start = Instant::now();
        let (bytes, summary) = bundle::export_bundle(&mut c.store, &c.actor)?;
        let exported = start.elapsed();
        let read =
            bundle::import_bundle(&mut m.store, &m.actor, &bytes, "coordinator.tafel", None)?;
        let both = start.elapsed();
        changed = read.changes;
        if summary.new_ops != 20 {
            return Err(format!(
                "the incremental bundle carries {} new ops, not 20",
                summary.new_ops
            )
            .into());
        }
        exports.push(exported);
        imports.push(both - exported);
        total.push(both);
    }
    let median = |samples: &[Duration]| {
        let mut sorted = samples.to_vec();
        sorted.sort();
        ms(common::percentile(&sorted, 0.5))
    };
    common::figure(
        GROUP,
        "sharing: incremental sync of 20 changed fields (export + import)",
        &total,
        Some(Goal::AtMostMs(50.0)),
        &format!(
            "export {:.1} ms + import {:.1} ms; {changed} changes applied",
            median(&exports),
            median(&imports)
        ),
    );
    Ok(())
}
