//! Evaluation: do articles reporting the same real event share one merged event?
//!
//! `cargo run --release -p storyline --example eval_5w1h [data dir]` (default
//! `../shared/data/giveme5w1h/news_cluster/data` from the workspace root). All news-please
//! JSON articles run through entities and events together; each article is assigned to
//! the highest-scored event it has a mention in (or to a cluster of its own), and these
//! clusters are scored against the gold `newsCluster.EventId` with B-cubed precision,
//! recall and F1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline::{entities, events};
use storyline_model::Article;

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
    let mut articles = Vec::new();
    let mut gold: BTreeMap<String, i64> = BTreeMap::new();
    for p in &paths {
        let Ok(v) = std::fs::read_to_string(p)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).map_err(|e| e.to_string()))
        else {
            continue;
        };
        let Some(event) = v["newsCluster"]["EventId"].as_i64() else {
            continue;
        };
        let id = p.file_stem().unwrap().to_string_lossy().to_string();
        let s = |k: &str| v[k].as_str().map(String::from);
        let text = s("text").unwrap_or_default();
        articles.push(Article {
            id: id.clone(),
            source_file: format!("{id}.json"),
            title: s("title").unwrap_or_default(),
            published: s("date_publish").and_then(|d| d.get(..10).map(String::from)),
            publisher: s("source_domain"),
            url: s("url"),
            author: None,
            paragraphs: text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            provenance: vec![],
            duplicates: vec![],
        });
        gold.insert(id, event);
    }
    let start = Instant::now();
    let found = entities::extract(&articles);
    let evs = events::extract(&articles, &found);
    let took = start.elapsed().as_secs_f64();
    // Article → its highest-scored event.
    let mut best: BTreeMap<&str, (f64, &str)> = BTreeMap::new();
    for e in &evs {
        for m in &e.mentions {
            let slot = best.entry(m.article.as_str()).or_insert((f64::MIN, ""));
            if e.score > slot.0 || (e.score == slot.0 && e.id.as_str() < slot.1) {
                *slot = (e.score, e.id.as_str());
            }
        }
    }
    let pred: BTreeMap<&str, String> = gold
        .keys()
        .map(|a| {
            let c = best
                .get(a.as_str())
                .map(|(_, id)| id.to_string())
                .unwrap_or_else(|| format!("alone:{a}"));
            (a.as_str(), c)
        })
        .collect();
    let (mut p, mut r) = (0.0, 0.0);
    for (a, g) in &gold {
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
    let f1 = 2.0 * p * r / (p + r);
    let with_event = gold
        .keys()
        .filter(|a| best.contains_key(a.as_str()))
        .count();
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
    println!("B-cubed precision {p:.3} recall {r:.3} F1 {f1:.3}; {took:.2} s (entities + events)");
    // Baseline for reference: every article alone.
    let singles_r = gold
        .values()
        .map(|g| 1.0 / gold.values().filter(|x| *x == g).count() as f64)
        .sum::<f64>()
        / n;
    println!("(every article alone: precision 1.000 recall {singles_r:.3})");
}
