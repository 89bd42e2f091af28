//! PDF benchmark (`cargo bench --bench pdf`): one case summary rendered in-process with
//! typst, side by side with headless Chromium printing the same content from HTML.
//!
//! Goal (issue #6): Tafel ≥ 20× faster than Chromium, and ≤ 50 ms per summary once warm.
//! Chromium is measured as a user would run it — one `chromium --headless --print-to-pdf`
//! process per document — when it is installed (`/usr/bin/chromium`); otherwise only Tafel's
//! numbers are printed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tafel::domain::{Actor, WriteSource};
use tafel::report::documents::Lang;
use tafel::service::{cases, demo, pdf};
use tafel::store::{DbKey, Store};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// The same case summary as a plain HTML page, from the same JSON the typst template reads.
fn html_of(data: &serde_json::Value) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let text = |v: &serde_json::Value| v.as_str().map(esc).unwrap_or_default();
    let mut html = String::from(
        "<!doctype html><html lang=nl><meta charset=utf-8><style>@page{size:A4;margin:18mm}body{font-family:Lato,sans-serif;font-size:10pt}\
         h1{font-size:16pt}h2{font-size:12pt;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:3px;text-align:left}</style><body>",
    );
    html.push_str(&format!("<h1>{} {}</h1><p>{}</p>", text(&data["title"]), text(&data["case"]["number"]), text(&data["confidentiality"])));
    for section in ["case", "company"] {
        html.push_str(&format!("<h2>{section}</h2><table>"));
        if let Some(map) = data[section].as_object() {
            for (k, v) in map {
                let value = if v.is_array() { v.as_array().map(|a| a.iter().map(text).collect::<Vec<_>>().join(", ")).unwrap_or_default() } else { text(v) };
                html.push_str(&format!("<tr><th>{}</th><td>{}</td></tr>", esc(k), value));
            }
        }
        html.push_str("</table>");
    }
    for (section, keys) in [
        ("matches", &["financier", "instrument", "capital_type", "score"][..]),
        ("responses", &["financier", "status", "date", "decline_reason"][..]),
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
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"])
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
    let key = DbKey::parse("8f3b6c1d2e4a59607182930a1b2c3d4e5f60718293a4b5c6d7e8f90112233445").expect("key");
    let mut store = Store::open(&db, &key).expect("store");
    let actor = Actor { author: "bench".into(), source: WriteSource::Cli };
    let today = tafel::service::today();
    demo::load_demo(&mut store, &actor, today).expect("demo");
    // A case with a full story: responses, a package, a timeline.
    let case = cases::list_cases(&store, &tafel::store::CaseFilter { statuses: vec![tafel::domain::CaseStatus::Financed], ..Default::default() })
        .expect("list")
        .into_iter()
        .max_by_key(|c| c.amount_cents)
        .expect("a financed case");

    let first = Instant::now();
    let renderer = pdf::renderer_for(&store).expect("renderer");
    let bytes = pdf::case_summary_pdf(&store, &renderer, &case.id, false, Lang::Nl, today).expect("render");
    let cold = first.elapsed();
    // Warm, as a user works: each render a different case (typst's memo cache cannot answer
    // from an earlier identical document), then the same case again for comparison.
    let all: Vec<String> = cases::list_cases(&store, &Default::default()).expect("list").into_iter().map(|c| c.id).collect();
    let runs = 60;
    let time = |id: &str| {
        let start = Instant::now();
        pdf::case_summary_pdf(&store, &renderer, id, false, Lang::Nl, today).expect("render");
        start.elapsed()
    };
    let varied: Vec<Duration> = (0..runs).map(|i| time(&all[i % all.len()])).collect();
    let same: Vec<Duration> = (0..runs).map(|_| time(&case.id)).collect();
    let p95 = |mut w: Vec<Duration>| {
        w.sort();
        w[(w.len() * 95 / 100).min(w.len() - 1)]
    };
    let tafel_median = median(varied.clone());
    println!(
        "case summary {} ({} kB): Tafel/typst first {:.1} ms (fonts + templates); warm, a different case each time: median {:.1} ms, p95 {:.1} ms over {runs} runs; the same case again: median {:.1} ms (data gathering and matching included)",
        case.case_number,
        bytes.len() / 1024,
        cold.as_secs_f64() * 1e3,
        tafel_median.as_secs_f64() * 1e3,
        p95(varied).as_secs_f64() * 1e3,
        median(same).as_secs_f64() * 1e3
    );

    // Chromium gets the very same data, as HTML.
    let data = {
        // The document JSON as the service builds it, so Chromium prints the same content.
        let case_full = cases::get_case(&store, &case.id).expect("case");
        let matches = tafel::service::matching::match_case(&store, &case.id, &Default::default()).expect("match");
        let outcome = tafel::service::outcomes::get_outcome(&store, &case.id).expect("outcome");
        let dossier = tafel::report::documents::CaseDossier {
            case: &case_full,
            matches: &matches,
            plan: None,
            responses: &outcome.responses,
            referrals: &outcome.referrals,
            package: &outcome.package,
            timeline: &[],
        };
        let ctx = tafel::report::documents::DocumentContext { table_name: pdf::TABLE_NAME.into(), today, lang: Lang::Nl };
        tafel::report::documents::case_summary(&dossier, &ctx, false)
    };
    let html = dir.path().join("summary.html");
    std::fs::write(&html, html_of(&data)).expect("html");
    let profile = dir.path().join("chromium-profile");
    let out = dir.path().join("chromium.pdf");
    if chromium_print(&html, &out, &profile).is_none() {
        println!("chromium: not installed or failed to start; install Debian's `chromium` to compare (apt-get install chromium)");
        return;
    }
    let chromium: Vec<Duration> = (0..5).filter_map(|_| chromium_print(&html, &out, &profile)).collect();
    let chromium_median = median(chromium);
    println!("case summary: headless Chromium --print-to-pdf median {:.0} ms over 5 runs (one process per document, warm profile)", chromium_median.as_secs_f64() * 1e3);
    println!("ratio: Tafel is {:.0}× faster than Chromium (goal ≥ 20×); warm goal ≤ 50 ms: {}",
        chromium_median.as_secs_f64() / tafel_median.as_secs_f64(),
        if tafel_median <= Duration::from_millis(50) { "met" } else { "NOT met" });
}
