//! Renders a template with a JSON file, writes the PDF and times warm renders.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-pdf cargo run --release -p tafel-pdf --example render -- \
//!     [case-summary|meeting-pack|report] [DATA.json] [OUT.pdf] [RUNS]
//! ```
//! Defaults: case-summary, the template's sample JSON, /tmp/<template>.pdf, 50 runs.

use std::time::{Duration, Instant};

use tafel_pdf::{Renderer, Template};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let name = args.first().map(String::as_str).unwrap_or("case-summary");
    let template = Template::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .ok_or_else(|| format!("unknown template {name}"))?;
    let data_path = args.get(1).cloned().unwrap_or_else(|| {
        format!("{}/../../assets/templates/{name}.sample.json", env!("CARGO_MANIFEST_DIR"))
    });
    let out = args.get(2).cloned().unwrap_or_else(|| format!("/tmp/{name}.pdf"));
    let runs: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(50);

    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&data_path)?)?;

    let start = Instant::now();
    let renderer = Renderer::with_template_dir(std::env::var_os("TAFEL_TEMPLATE_DIR").map(Into::into))?;
    let setup = start.elapsed();

    let start = Instant::now();
    let pdf = renderer.render(template, &data)?;
    let first = start.elapsed();
    std::fs::write(&out, &pdf)?;

    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        renderer.render(template, &data)?;
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{name}: {} bytes -> {out}", pdf.len());
    println!("renderer setup {:.1} ms, first render {:.1} ms", ms(setup), ms(first));
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "{runs} warm renders: median {:.1} ms, min {:.1} ms, max {:.1} ms",
            ms(times[times.len() / 2]),
            ms(*min),
            ms(*max)
        );
    }
    Ok(())
}
