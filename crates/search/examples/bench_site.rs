//! Times the engine natively the way the browser bench calls it, on a built site.
//!
//! `cargo run --release -p storyline-search --example bench_site SITE QUERIES [REPEATS]`
//! loads `SITE/timeline.json` and `SITE/search.bin` (a site built by `storyline build`,
//! e.g. by `bench/search-browser/run.sh`), then runs each query of `QUERIES` (one per
//! line, `#` lines skipped) `REPEATS` times (default 20) with what the search page asks
//! for on its first screen: no filters, all kinds, [`storyline_search::FIRST_SCREEN`] hits
//! per kind (`BENCH_LIMIT=N` asks for N instead). It prints the median and p95 of every run and of
//! each query's mean, so the browser's figures have a native counterpart on the same data.
//! `BENCH_REPEAT=N` only runs the list N times, silently (for `perf record`);
//! `BENCH_SLOWEST=N` lists the N queries with the highest mean first;
//! `BENCH_DUMP=FILE` also writes each query's results as JSON lines (to diff two builds).

use std::time::Instant;
use storyline_model::Bundle;
use storyline_search::{Filters, SearchIndex, FIRST_SCREEN};

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * q).round() as usize]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(site), Some(queries)) = (args.next(), args.next()) else {
        eprintln!("usage: bench_site SITE QUERIES [REPEATS]");
        std::process::exit(2);
    };
    let repeats: usize = args.next().map_or(20, |r| r.parse().expect("REPEATS"));
    let site = std::path::Path::new(&site);
    let json = std::fs::read(site.join(storyline_model::BUNDLE_FILE)).expect("read the bundle");
    let bundle: Bundle = serde_json::from_slice(&json).expect("parse the bundle");
    let bytes = std::fs::read(site.join(storyline_model::SEARCH_FILE)).expect("read the index");
    let index = SearchIndex::from_bytes(&bytes).expect("parse the index");
    let queries: Vec<String> = std::fs::read_to_string(&queries)
        .expect("read the queries")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let filters = Filters::default();
    let limit =
        std::env::var("BENCH_LIMIT").map_or(FIRST_SCREEN, |n| n.parse().expect("BENCH_LIMIT"));
    let slowest: usize = std::env::var("BENCH_SLOWEST").map_or(0, |n| n.parse().unwrap_or(0));
    if let Some(n) = std::env::var("BENCH_REPEAT")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        for _ in 0..n {
            for q in &queries {
                std::hint::black_box(index.search(&bundle, q, &filters, limit));
            }
        }
        return;
    }
    if let Ok(path) = std::env::var("BENCH_DUMP") {
        let mut out = String::new();
        for q in &queries {
            let r = index.search(&bundle, q, &filters, limit);
            out += &serde_json::to_string(&(q, r)).expect("results as JSON");
            out.push('\n');
        }
        std::fs::write(path, out).expect("write the dump");
    }
    let mut runs = Vec::new();
    let mut means = Vec::new();
    for q in &queries {
        let mut sum = 0.0;
        for _ in 0..repeats {
            let t = Instant::now();
            std::hint::black_box(index.search(&bundle, q, &filters, limit));
            let ms = t.elapsed().as_secs_f64() * 1e3;
            sum += ms;
            runs.push(ms);
        }
        means.push((sum / repeats as f64, q));
    }
    means.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q) in means.iter().take(slowest) {
        println!("  {ms:.3} ms  {q}");
    }
    let mut means: Vec<f64> = means.into_iter().map(|m| m.0).collect();
    runs.sort_by(f64::total_cmp);
    means.sort_by(f64::total_cmp);
    println!(
        "{} queries x {repeats}: every run median {:.3} ms, p95 {:.3} ms; per-query mean median {:.3} ms, p95 {:.3} ms",
        queries.len(),
        quantile(&runs, 0.5),
        quantile(&runs, 0.95),
        quantile(&means, 0.5),
        quantile(&means, 0.95),
    );
}
