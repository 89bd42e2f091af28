//! PDF benchmark (`cargo bench --bench pdf`) on the demo database: case summaries rendered
//! in-process with typst, side by side with headless Chromium printing the same content from
//! HTML in the same run; a meeting pack of 10 cases; the report for a year.
//!
//! Goals (issue #16): a warm case summary, a different case each time, ≤ 15 ms median and
//! ≥ 50× faster than Chromium; a meeting pack of 10 cases ≤ 150 ms; a year's report ≤ 300 ms.
//! Chromium is measured as a user would run it — one `chromium --headless --print-to-pdf`
//! process per document — when it is installed (`make bench` installs Debian's `chromium`);
//! otherwise the ratio is reported as not measured.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Goal;

use tafel::domain::{Actor, WriteSource};
use tafel::report::documents::Lang;
use tafel::service::{cases, demo, pdf};
use tafel::store::{DbKey, Store};

/// The same case summary as a plain HTML page, from the same JSON the typst template reads.
fn html_of(data: &serde_json::Value) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let text = |v: &serde_json::Value| v.as_str().map(esc).unwrap_or_default();
    let mut html = String::from(
        "<!doctype html><html lang=nl><meta charset=utf-8><style>@page{size:A4;margin:18mm}body{font-family:Lato,sans-serif;font-size:10pt}\
         h1{font-size:16pt}h2{font-size:12pt;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:3px;text-align:left}</style><body>",
    );
    html.push_str(&format!(
        "<h1>{} {}</h1><p>{}</p>",
        text(&data["title"]),
        text(&data["case"]["number"]),
        text(&data["confidentiality"])
    ));
    for section in ["case", "company"] {
        html.push_str(&format!("<h2>{section}</h2><table>"));
        if let Some(map) = data[section].as_object() {
            for (k, v) in map {
                let value = if v.is_array() {
                    v.as_array()
                        .map(|a| a.iter().map(text).collect::<Vec<_>>().join(", "))
                        .unwrap_or_default()
                } else {
                    text(v)
                };
                html.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", esc(k), value));
            }
        }
        html.push_str("</table>");
    }
    for (section, keys) in [
        (
            "matches",
            &["financier", "instrument", "capital_type", "score"][..],
        ),
        (
            "responses",
            &["financier", "status", "date", "decline_reason"][..],
        ),
        ("timeline", &["date", "event"][..]),
    ] {
        html.push_str(&format!("<h2>{section}</h2><table>"));
        for row in data[section].as_array().into_iter().flatten() {
            html.push_str("<tr>");
            for k in keys {
                html.push_str(&format!("<td>{}</td>", text(&row[*k])));
            }
            html.push_str("</tr>");
        }
        html.push_str("</table>");
    }
    html.push_str("</body></html>");
    html
}

fn chromium_print(html: &Path, out: &Path, profile: &Path) -> Option<Duration> {
    let start = Instant::now();
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .ok()?;
    status.status.success().then(|| start.elapsed())
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db");
    let key = DbKey::parse("8f3b6c1d2e4a59607182930a1b2c3d4e5f60718293a4b5c6d7e8f90112233445")
        .expect("key");
    let mut store = Store::open(&db, &key).expect("store");
    let actor = Actor {
        author: "bench".into(),
        source: WriteSource::Cli,
        at: tafel::clock::moment(),
    };
    let today = tafel::clock::today();
    demo::load_demo(&mut store, &actor, today).expect("demo");
    // A case with a full story: responses, a package, a timeline.
    let case = cases::list_cases(
        &store,
        &tafel::store::CaseFilter {
            statuses: vec![tafel::domain::CaseStatus::Financed],
            ..Default::default()
        },
        tafel::clock::today(),
    )
    .expect("list")
    .into_iter()
    .max_by_key(|c| c.amount_cents)
    .expect("a financed case");

    let first = Instant::now();
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let bytes =
        pdf::case_summary_pdf(&store, &renderer, &case.id, false, Lang::Nl, today).expect("render");
    let cold = first.elapsed();
    common::figure(
        "pdf",
        "case summary, first (fonts and templates parsed)",
        &[cold],
        None,
        &format!("{} kB", bytes.len() / 1024),
    );
    // Warm, as a user works: each render a different case (typst's memo cache cannot answer
    // from an earlier identical document), then the same case again for comparison.
    let all: Vec<String> = cases::list_cases(&store, &Default::default(), tafel::clock::today())
        .expect("list")
        .into_iter()
        .map(|c| c.id)
        .collect();
    let runs = 120;
    let time = |id: &str| {
        let start = Instant::now();
        pdf::case_summary_pdf(&store, &renderer, id, false, Lang::Nl, today).expect("render");
        start.elapsed()
    };
    let varied: Vec<Duration> = (0..runs).map(|i| time(&all[i % all.len()])).collect();
    let same: Vec<Duration> = (0..runs).map(|_| time(&case.id)).collect();
    let (tafel_median, _) = common::figure(
        "pdf",
        "case summary, warm, a different case each time (data, matching, rendering)",
        &varied,
        Some(Goal::AtMostMs(15.0)),
        &format!("{} demo cases in turn", all.len()),
    );
    common::figure(
        "pdf",
        "case summary, warm, the same case again (typst's memo cache answers)",
        &same,
        None,
        "",
    );

    meeting_packs(&mut store, &actor, &renderer, today);
    year_report(&store, &renderer, today);

    // Chromium gets the very same data, as HTML.
    let data = {
        // The document JSON as the service builds it, so Chromium prints the same content.
        let case_full = cases::get_case(&store, &case.id).expect("case");
        let matches = tafel::service::matching::match_case(
            &store,
            &case.id,
            &Default::default(),
            tafel::clock::today(),
        )
        .expect("match");
        let outcome = tafel::service::outcomes::get_outcome(&store, &case.id).expect("outcome");
        let dossier = tafel::report::documents::CaseDossier {
            case: &case_full,
            matches: &matches,
            plan: None,
            responses: &outcome.responses,
            referrals: &outcome.referrals,
            package: &outcome.package,
            timeline: &[],
            documents: &[],
        };
        let ctx = tafel::report::documents::DocumentContext {
            table_name: tafel::service::settings::DEFAULT_TABLE_NAME.into(),
            today,
            lang: Lang::Nl,
        };
        tafel::report::documents::case_summary(&dossier, &ctx, false)
    };
    let html = dir.path().join("summary.html");
    std::fs::write(&html, html_of(&data)).expect("html");
    let profile = dir.path().join("chromium-profile");
    let out = dir.path().join("chromium.pdf");
    if chromium_print(&html, &out, &profile).is_none() {
        common::missing(
            "pdf",
            "case summary, headless Chromium --print-to-pdf (same content from HTML)",
            "chromium is not installed (make bench installs it)",
        );
        common::missing(
            "pdf",
            "ratio: headless Chromium ÷ Tafel, case summary",
            "chromium is not installed",
        );
        return;
    }
    let chromium: Vec<Duration> = (0..7)
        .filter_map(|_| chromium_print(&html, &out, &profile))
        .collect();
    let (chromium_median, _) = common::figure(
        "pdf",
        "case summary, headless Chromium --print-to-pdf (same content from HTML)",
        &chromium,
        None,
        "one process per document, warm profile",
    );
    common::ratio(
        "pdf",
        "ratio: headless Chromium ÷ Tafel, case summary",
        chromium_median / tafel_median,
        Some(Goal::AtLeast(50.0)),
        "medians of this run",
    );
}

/// Ten meetings of ten ready cases each, every pack rendered once (after a first pack that
/// warms fonts and templates), so no pack is answered from typst's cache of an earlier one.
fn meeting_packs(
    store: &mut Store,
    actor: &Actor,
    renderer: &tafel_pdf::Renderer,
    today: chrono::NaiveDate,
) {
    let mut meetings = Vec::new();
    for m in 0..11 {
        let draft = tafel::domain::MeetingDraft {
            title: format!("Financieringstafel {m}"),
            date: "2026-12-10".into(),
            ..Default::default()
        };
        let meeting =
            tafel::service::meetings::create_meeting(store, actor, &draft).expect("meeting");
        for c in 0..10 {
            let province = ["UT", "GE", "NB", "FR", "ZH"][c % 5];
            let stage = ["startup", "growth", "scale_up"][c % 3];
            let sector = ["energy", "htsm", "agri_food", "logistics"][c % 4];
            let types = [
                ["subordinated_loan", "senior_loan"],
                ["equity", "subordinated_loan"],
            ][c % 2];
            let draft: tafel::domain::CaseDraft = serde_json::from_value(serde_json::json!({
                "company": {"name": format!("Agendabedrijf {m}-{c} BV"), "province": province},
                "amount_eur": 150_000 + 75_000 * (m * 10 + c), "purpose": "growth", "stage": stage,
                "sector": sector, "capital_types": types, "status": "ready",
            }))
            .expect("draft");
            let case = cases::add_case(store, actor, &draft, today).expect("case");
            tafel::service::meetings::add_case_to_agenda(store, actor, &meeting.id, &case.id)
                .expect("agenda");
        }
        meetings.push(meeting.id);
    }
    pdf::meeting_pack_pdf(
        store,
        renderer,
        &meetings[0],
        Lang::Nl,
        today,
        &tafel::progress::Silent,
    )
    .expect("pack");
    let samples: Vec<Duration> = meetings[1..]
        .iter()
        .map(|id| {
            let start = Instant::now();
            pdf::meeting_pack_pdf(
                store,
                renderer,
                id,
                Lang::Nl,
                today,
                &tafel::progress::Silent,
            )
            .expect("pack");
            start.elapsed()
        })
        .collect();
    common::figure(
        "pdf",
        "meeting pack of 10 cases (agenda, 10 one-pagers with matches)",
        &samples,
        Some(Goal::AtMostMs(150.0)),
        "a different meeting each time",
    );
}

/// The year's report: figures from the store and the PDF with its charts, each run a
/// different year-long period (so typst renders a new document).
fn year_report(store: &Store, renderer: &tafel_pdf::Renderer, today: chrono::NaiveDate) {
    let samples: Vec<Duration> = (0..15)
        .map(|shift| {
            let to = today - chrono::Days::new(shift);
            let from = to - chrono::Months::new(12);
            let start = Instant::now();
            let figures = tafel::service::report::table_figures(store, from, to).expect("figures");
            pdf::render_report(
                renderer,
                &tafel::service::report::report_document(&figures, Lang::Nl, tafel::clock::today()),
            )
            .expect("report");
            start.elapsed()
        })
        .collect();
    common::figure(
        "pdf",
        "report PDF for a year (figures, charts, tables)",
        &samples,
        Some(Goal::AtMostMs(300.0)),
        "a different 12-month period each time",
    );
}
