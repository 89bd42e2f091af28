//! What every benchmark shares: timing samples, medians and percentiles, and one way to
//! report a figure — a readable line on standard output and, when `TAFEL_BENCH_RESULTS`
//! names a file (as `make bench` does), one JSON line appended to it, so that
//! `benches/table.py` can print every figure of one run as one table.
//!
//! Each figure carries the one-minute load average at the moment it was measured, less the
//! benchmark's own busy thread (which alone holds it near 1): a figure taken while anything
//! else kept the machine busy is marked in the table rather than trusted.

#![allow(dead_code)]

use std::io::Write;
use std::time::{Duration, Instant};

/// A goal of a figure.
#[derive(Debug, Clone, Copy)]
pub enum Goal {
    /// The median (or the named statistic) at most this many milliseconds.
    AtMostMs(f64),
    /// The p95 at most this many milliseconds.
    P95AtMostMs(f64),
    /// A ratio of at least this.
    AtLeast(f64),
}

/// The one-minute load average, from `/proc/loadavg` (0 where there is none).
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0.0)
}

/// The load average of everything but this benchmark: the measuring thread is always
/// runnable, so it counts for one.
pub fn other_load() -> f64 {
    (load_average() - 1.0).max(0.0)
}

/// The value at fraction `p` (0–1) of sorted samples, nearest rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Runs `work` `runs` times and returns the sorted samples.
pub fn sample<T>(runs: usize, mut work: impl FnMut() -> T) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(work());
        samples.push(start.elapsed());
    }
    samples.sort();
    samples
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn append(line: serde_json::Value) {
    let Ok(path) = std::env::var("TAFEL_BENCH_RESULTS") else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        eprintln!("could not append to {path}: {e}");
    }
}

fn goal_json(goal: Option<Goal>) -> serde_json::Value {
    match goal {
        None => serde_json::Value::Null,
        Some(Goal::AtMostMs(v)) => serde_json::json!({"kind": "median_at_most_ms", "value": v}),
        Some(Goal::P95AtMostMs(v)) => serde_json::json!({"kind": "p95_at_most_ms", "value": v}),
        Some(Goal::AtLeast(v)) => serde_json::json!({"kind": "ratio_at_least", "value": v}),
    }
}

/// Reports timing samples (sorted or not): median, p95 and max, with a goal if there is one.
/// `note` says what was measured in a few words (rows returned, cases imported, …).
pub fn figure(
    group: &str,
    name: &str,
    samples: &[Duration],
    goal: Option<Goal>,
    note: &str,
) -> (f64, f64) {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let (median, p95, max) = (
        ms(percentile(&sorted, 0.5)),
        ms(percentile(&sorted, 0.95)),
        ms(sorted.last().copied().unwrap_or_default()),
    );
    let load = other_load();
    println!(
        "{name:<74} median {median:>9.2} ms  p95 {p95:>9.2} ms  max {max:>9.2} ms  ({} runs{}{note})",
        sorted.len(),
        if note.is_empty() { "" } else { "; " }
    );
    append(serde_json::json!({
        "group": group, "name": name, "median_ms": median, "p95_ms": p95, "max_ms": max, "runs": sorted.len(),
        "goal": goal_json(goal), "note": note, "load": load,
    }));
    (median, p95)
}

/// Reports a ratio measured in this run (`value` = comparison / ours), with its goal.
pub fn ratio(group: &str, name: &str, value: f64, goal: Option<Goal>, note: &str) {
    let load = other_load();
    println!("{name:<74} {value:>9.1}×  ({note})");
    append(
        serde_json::json!({"group": group, "name": name, "ratio": value, "goal": goal_json(goal), "note": note, "load": load}),
    );
}

/// Reports a figure that could not be measured, with why.
pub fn missing(group: &str, name: &str, why: &str) {
    println!("{name:<74} not measured: {why}");
    append(serde_json::json!({"group": group, "name": name, "missing": why, "load": other_load()}));
}
