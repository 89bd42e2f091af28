//! Renders a template with a JSON file, writes the PDF and times warm renders.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-pdf cargo run --release -p tafel-pdf --example render -- \
//!     [case-summary|meeting-pack|report] [DATA.json] [OUT.pdf] [RUNS]
//! ```
//! Defaults: case-summary, the template's sample JSON, /tmp/<template>.pdf, 50 runs.
//! `TAFEL_TEMPLATE_DIR=assets/templates` renders the templates from disk (no rebuild needed
//! after editing one). Prints the median of warm renders three ways: the same data again,
//! changed data each time, and with typst's memo cache emptied before each render.

use std::time::{Duration, Instant};

use tafel_pdf::{Renderer, Template};

/// Runs `f` `runs` times and returns the sorted durations.
fn time(
    runs: usize,
    mut f: impl FnMut(usize) -> Result<(), tafel_pdf::PdfError>,
) -> Result<Vec<Duration>, tafel_pdf::PdfError> {
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let start = Instant::now();
        f(i)?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times)
}

/// Prints median, min and max of sorted durations.
fn report(what: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "{what:>13}: {} renders, median {:.1} ms, min {:.1} ms, max {:.1} ms",
            times.len(),
            ms(times[times.len() / 2]),
            ms(*min),
            ms(*max)
        );
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map(String::as_str).unwrap_or("case-summary");
    let template = Template::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .ok_or_else(|| format!("unknown template {name}"))?;
    let data_path = args.get(1).cloned().unwrap_or_else(|| {
        format!(
            "{}/../../assets/templates/{name}.sample.json",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let out = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| format!("/tmp/{name}.pdf"));
    let runs: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(50);

    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&data_path)?)?;

    let start = Instant::now();
    let renderer =
        Renderer::with_template_dir(std::env::var_os("TAFEL_TEMPLATE_DIR").map(Into::into))?;
    let setup = start.elapsed();

    let start = Instant::now();
    let pdf = renderer.render(template, &data)?;
    let first = start.elapsed();
    std::fs::write(&out, &pdf)?;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{name}: {} bytes -> {out}", pdf.len());
    println!(
        "renderer setup {:.1} ms, first render {:.1} ms",
        ms(setup),
        ms(first)
    );
    if runs == 0 {
        return Ok(());
    }

    // 1. The same data again: typst's memo cache (kept for a couple of renders) answers most.
    let same = time(runs, |_| renderer.render(template, &data).map(drop))?;
    report("same data", &same);

    // 2. Different data each time (the generated-on line changes, as between two cases):
    //    parts of the document that did not change may still come from the cache.
    let changed = time(runs, |i| {
        let mut data = data.clone();
        data["generated_on"] = serde_json::Value::String(format!("{i} november 2026"));
        renderer.render(template, &data).map(drop)
    })?;
    report("changed data", &changed);

    // 3. An empty memo cache before every render: the worst case.
    let cold = time(runs, |_| {
        typst::comemo::evict(0);
        renderer.render(template, &data).map(drop)
    })?;
    report("empty cache", &cold);
    Ok(())
}
