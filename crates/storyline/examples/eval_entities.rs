//! Measures entity extraction on the giveme5w1h news-please corpus: time and entities per article.
//!
//! Usage: `cargo run --release -p storyline --example eval_entities [DATA_DIR] [--list]`.
//! DATA_DIR defaults to `shared/data/giveme5w1h/news_cluster/data` beside the repository;
//! when it is absent the program says so and exits successfully. `--list` prints every
//! entity found (kind, mentions, name, aliases) for checking by hand.

use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline::entities::extract;
use storyline_model::Article;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let list = args.iter().any(|a| a == "--list");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/giveme5w1h/news_cluster/data")
        });
    if !dir.is_dir() {
        println!(
            "skipped: no data folder at {} (pass one as the first argument)",
            dir.display()
        );
        return;
    }
    let articles = load(&dir);
    if articles.is_empty() {
        println!("skipped: no .json articles in {}", dir.display());
        return;
    }

    let mut times = Vec::new();
    let mut found = extract(&articles);
    for _ in 0..3 {
        let t = Instant::now();
        found = extract(&articles);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[1];

    // Per-article entity counts, one entity counted once per article.
    let mut per_article = vec![std::collections::BTreeSet::new(); articles.len()];
    for o in &found.occurrences {
        per_article[o.article].insert(o.entity);
    }
    let mut counts: Vec<usize> = per_article.iter().map(|s| s.len()).collect();
    counts.sort_unstable();
    let total: usize = counts.iter().sum();
    let kinds = |k: &str| found.entities.iter().filter(|e| e.kind == k).count();
    let words: usize = articles
        .iter()
        .flat_map(|a| &a.paragraphs)
        .map(|p| p.split_whitespace().count())
        .sum();

    println!("articles: {}", articles.len());
    println!("words: {words}");
    println!(
        "extract, all articles (median of 3): {:.1} ms",
        median * 1e3
    );
    println!(
        "per article: {:.3} ms",
        median * 1e3 / articles.len() as f64
    );
    println!(
        "entities: {} ({} person, {} place, {} organisation)",
        found.entities.len(),
        kinds("person"),
        kinds("place"),
        kinds("organisation")
    );
    println!(
        "entities per article: mean {:.1}, median {}, min {}, max {}",
        total as f64 / articles.len() as f64,
        counts[counts.len() / 2],
        counts[0],
        counts[counts.len() - 1]
    );
    println!("occurrences: {}", found.occurrences.len());
    if list {
        let mut mentions = vec![0usize; found.entities.len()];
        for o in &found.occurrences {
            mentions[o.entity] += 1;
        }
        for (e, n) in found.entities.iter().zip(mentions) {
            println!("{:13} {:4} {} {:?}", e.kind, n, e.name, e.aliases);
        }
    }
}

/// news-please JSON files: paragraphs are the non-empty lines of `text`.
fn load(dir: &Path) -> Vec<Article> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let Ok(raw) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&raw) else {
            continue;
        };
        let field = |k: &str| {
            json.get(k)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let text = field("text");
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Article {
            id: id.clone(),
            source_file: format!("{id}.json"),
            title: field("title"),
            published: None,
            publisher: None,
            url: None,
            author: None,
            paragraphs: text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            provenance: vec![],
            duplicates: vec![],
            set_aside: None,
        });
    }
    out
}
