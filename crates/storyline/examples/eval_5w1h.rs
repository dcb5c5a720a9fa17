//! Evaluation: do articles reporting the same real event share one merged event?
//!
//! `cargo run --release -p storyline --example eval_5w1h [data dir]` (default
//! `../shared/data/giveme5w1h/news_cluster/data` from the workspace root). All news-please
//! JSON files are built together as `storyline build` builds a folder of them (cleaning,
//! duplicates merged, entities, events); each article is assigned to
//! the highest-scored event it has a mention in (or to a cluster of its own), and these
//! clusters are scored against the gold `newsCluster.EventId` with B-cubed precision,
//! recall and F1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline::ingest::{Corpus, InputFile};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/giveme5w1h/news_cluster/data")
        });
    if !dir.is_dir() {
        println!(
            "skipped: Giveme5W1H news_cluster not found at {}",
            dir.display()
        );
        return;
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("data dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    // Gold cluster per file, and the files as a corpus for `storyline build`'s pipeline.
    let mut files = Vec::new();
    let mut gold: BTreeMap<String, i64> = BTreeMap::new();
    for p in &paths {
        let Ok(bytes) = std::fs::read(p) else {
            continue;
        };
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            continue;
        };
        let Some(event) = v["newsCluster"]["EventId"].as_i64() else {
            continue;
        };
        let path = p.file_name().unwrap().to_string_lossy().to_string();
        gold.insert(path.clone(), event);
        files.push(InputFile { path, bytes });
    }
    let corpus = Corpus {
        root: dir.clone(),
        files,
        ..Corpus::default()
    };
    let start = Instant::now();
    let (bundle, _) = storyline::build_bundle(&corpus);
    let took = start.elapsed().as_secs_f64();
    let evs = &bundle.events;
    // File → its article's id (a merged duplicate counts as the article it was merged into).
    let mut article_of: BTreeMap<&str, &str> = BTreeMap::new();
    for a in &bundle.articles {
        article_of.insert(a.source_file.as_str(), a.id.as_str());
        for d in &a.duplicates {
            article_of.insert(d.as_str(), a.id.as_str());
        }
    }
    // Article → its highest-scored event.
    let mut best: BTreeMap<&str, (f64, &str)> = BTreeMap::new();
    for e in evs {
        for m in &e.mentions {
            let slot = best.entry(m.article.as_str()).or_insert((f64::MIN, ""));
            if e.score > slot.0 || (e.score == slot.0 && e.id.as_str() < slot.1) {
                *slot = (e.score, e.id.as_str());
            }
        }
    }
    let event_of = |file: &str| {
        article_of
            .get(file)
            .and_then(|a| best.get(a))
            .map(|(_, id)| id.to_string())
    };
    let pred: BTreeMap<&str, String> = gold
        .keys()
        .map(|f| {
            let c = event_of(f).unwrap_or_else(|| format!("alone:{f}"));
            (f.as_str(), c)
        })
        .collect();
    let n = gold.len() as f64;
    let (p, r, f1) = bcubed(&gold, &pred);
    // The trivial baseline: the articles of one publication day are one event.
    let published: BTreeMap<&str, &str> = bundle
        .articles
        .iter()
        .flat_map(|a| {
            let day = a
                .published
                .as_deref()
                .map_or("undated", |p| &p[..p.len().min(10)]);
            std::iter::once(a.source_file.as_str())
                .chain(a.duplicates.iter().map(String::as_str))
                .map(move |f| (f, day))
        })
        .collect();
    let by_day: BTreeMap<&str, String> = gold
        .keys()
        .map(|f| {
            let day = published
                .get(f.as_str())
                .map_or(format!("alone:{f}"), |d| d.to_string());
            (f.as_str(), day)
        })
        .collect();
    let (dp, dr, df1) = bcubed(&gold, &by_day);
    let with_event = gold.keys().filter(|f| event_of(f).is_some()).count();
    let gold_n = gold
        .values()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let pred_n = pred
        .values()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    println!(
        "{} articles, {} gold events; {} events found, {} articles in one; {} predicted clusters",
        gold.len(),
        gold_n,
        evs.len(),
        with_event,
        pred_n
    );
    println!(
        "B-cubed precision {p:.3} recall {r:.3} F1 {f1:.3}; {took:.2} s (the whole build before writing)"
    );
    // Baseline for reference: every article alone.
    let singles_r = gold
        .values()
        .map(|g| 1.0 / gold.values().filter(|x| *x == g).count() as f64)
        .sum::<f64>()
        / n;
    println!("(every article alone: precision 1.000 recall {singles_r:.3})");
    println!(
        "(the articles of one publication day as one event: precision {dp:.3} recall {dr:.3} F1 {df1:.3})"
    );
}

/// B-cubed precision, recall and F1 of predicted clusters against gold ones.
fn bcubed(gold: &BTreeMap<String, i64>, pred: &BTreeMap<&str, String>) -> (f64, f64, f64) {
    let (mut p, mut r) = (0.0, 0.0);
    for (a, g) in gold {
        let c = &pred[a.as_str()];
        let same_c: Vec<&str> = pred
            .iter()
            .filter(|(_, x)| *x == c)
            .map(|(k, _)| *k)
            .collect();
        let same_g = gold.values().filter(|x| *x == g).count() as f64;
        let both = same_c.iter().filter(|k| gold[**k] == *g).count() as f64;
        p += both / same_c.len() as f64;
        r += both / same_g;
    }
    let n = gold.len() as f64;
    let (p, r) = (p / n, r / n);
    (p, r, 2.0 * p * r / (p + r))
}
