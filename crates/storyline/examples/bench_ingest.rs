//! Measures ingest throughput (read + clean, articles per second) on Timeline17
//! (`../shared/data/t17`): the median of 5 runs.
//!
//! `RAYON_NUM_THREADS=2 cargo run --release -p storyline --example bench_ingest`

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/t17");
    if !root.is_dir() {
        println!(
            "skipped: {} is absent (the benchmark data lives outside the repo)",
            root.display()
        );
        return;
    }
    let threads = rayon::current_num_threads();
    let mut runs = Vec::new();
    let mut articles = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let corpus = storyline::ingest::read_corpus(&root).expect("t17");
        let cleaned = storyline::clean_files(&corpus);
        let secs = start.elapsed().as_secs_f64();
        articles = cleaned
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(Vec::len)
            .sum::<usize>();
        runs.push(secs);
    }
    runs.sort_by(f64::total_cmp);
    let median = runs[2];
    println!(
        "t17: {articles} articles, read + clean, {threads} threads: median {median:.3}s over 5 runs = {:.0} articles/s (runs: {})",
        articles as f64 / median,
        runs.iter().map(|s| format!("{s:.3}")).collect::<Vec<_>>().join(", ")
    );
}
