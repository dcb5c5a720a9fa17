//! Times the whole pipeline (`build_bundle`) on hostile input: one sentence that is a list of
//! N year-like numbers, and a file of 20 sentences of 300 such numbers each (each under
//! the event stage's sentence bound). Linear work doubles when N doubles; the ratios say
//! whether it does. Medians of 3 runs; needs no shared data.
//!
//! `RAYON_NUM_THREADS=2 cargo run --release -p storyline --example bench_hostile`

use std::time::Instant;
use storyline::ingest::{Corpus, InputFile};

/// N numbers from 1900 to 2020, the same for every run.
fn years(n: usize, seed: u64) -> String {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (1900 + (x >> 33) % 121).to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn median_secs(text: &str) -> f64 {
    let corpus = Corpus {
        files: vec![InputFile {
            path: "hostile.txt".into(),
            bytes: text.as_bytes().to_vec(),
        }],
        ..Corpus::default()
    };
    let mut runs: Vec<f64> = (0..3)
        .map(|_| {
            let start = Instant::now();
            let _ = storyline::build_bundle(&corpus);
            start.elapsed().as_secs_f64()
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[1]
}

fn main() {
    let mut last: Option<f64> = None;
    for n in [4_000, 8_000, 16_000, 32_000] {
        let text = format!(
            "A Hostile File\nThe council met on {} and nothing else happened.\n",
            years(n, 1)
        );
        let secs = median_secs(&text);
        let ratio = last.map_or(String::new(), |l| format!(", {:.1}x the half", secs / l));
        println!("one sentence of {n} years: median {secs:.3}s{ratio}");
        last = Some(secs);
    }
    let sentences: Vec<String> = (0..20)
        .map(|i| format!("Officials said in {} the council met.", years(300, i)))
        .collect();
    let text = format!("A Hostile File\n{}\n", sentences.join(" "));
    println!(
        "20 sentences of 300 years: median {:.3}s",
        median_secs(&text)
    );
}
