//! Scores HTML main-text extraction and metadata on `../shared/data/html-eval` (263 saved
//! pages with `with`/`without` snippets and the true date, title and author).
//!
//! `cargo run --release -p storyline --example eval_html [-- --verbose]`

use std::path::PathBuf;
use storyline::clean;
use storyline::ingest::InputFile;

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn main() {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/html-eval");
    let Ok(raw) = std::fs::read_to_string(root.join("evaldata.json")) else {
        println!(
            "skipped: {} is absent (the evaluation data lives outside the repo)",
            root.display()
        );
        return;
    };
    let data: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&raw).expect("evaldata.json");
    let (mut pages, mut perfect) = (0usize, 0usize);
    let (mut tp, mut fn_, mut fp, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let (mut date_n, mut date_ok, mut title_n, mut title_ok, mut author_n, mut author_ok) =
        (0, 0, 0, 0, 0, 0);
    let start = std::time::Instant::now();
    for (url, item) in &data {
        let Some(file) = item["file"].as_str() else {
            continue;
        };
        let Ok(bytes) = std::fs::read(root.join("pages").join(file)) else {
            continue;
        };
        pages += 1;
        let input = InputFile {
            path: format!("{file}.html"),
            bytes,
        };
        let cleaned = clean::clean(&input).ok().and_then(|mut v| {
            if v.is_empty() {
                None
            } else {
                Some(v.remove(0))
            }
        });
        let text = cleaned
            .as_ref()
            .map(|c| norm(&c.paragraphs.join("\n")))
            .unwrap_or_default();
        let strs = |k: &str| -> Vec<String> {
            item[k]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(norm).collect())
                .unwrap_or_default()
        };
        let (with, without) = (strs("with"), strs("without"));
        let kept_with = with.iter().filter(|s| text.contains(s.as_str())).count();
        let kept_without = without.iter().filter(|s| text.contains(s.as_str())).count();
        tp += kept_with;
        fn_ += with.len() - kept_with;
        fp += kept_without;
        tn += without.len() - kept_without;
        if kept_with == with.len() && kept_without == 0 {
            perfect += 1;
        } else if verbose {
            println!(
                "MISS {url} ({file}): with {kept_with}/{} kept, without {kept_without}/{} kept",
                with.len(),
                without.len()
            );
            for s in with.iter().filter(|s| !text.contains(s.as_str())) {
                println!("   lost: {s}");
            }
            for s in without.iter().filter(|s| text.contains(s.as_str())) {
                println!("   kept: {s}");
            }
        }
        let c = cleaned.as_ref();
        if let Some(d) = item["date"].as_str() {
            date_n += 1;
            let got = c.and_then(|c| c.published.as_deref());
            if got == Some(d) {
                date_ok += 1;
            } else if verbose {
                println!("DATE {file}: want {d}, got {got:?}");
            }
        }
        if let Some(t) = item["title"].as_str() {
            title_n += 1;
            if c.is_some_and(|c| norm(&c.title) == norm(t)) {
                title_ok += 1;
            } else if verbose {
                println!("TITLE {file}: want {t:?}, got {:?}", c.map(|c| &c.title));
            }
        }
        if let Some(a) = item["author"].as_str().filter(|a| !a.is_empty()) {
            author_n += 1;
            let got = c
                .and_then(|c| c.author.as_deref())
                .map(norm)
                .unwrap_or_default();
            let want = norm(a);
            if !got.is_empty() && (got == want || got.contains(&want) || want.contains(&got)) {
                author_ok += 1;
            } else if verbose {
                println!(
                    "AUTHOR {file}: want {a:?}, got {:?}",
                    c.and_then(|c| c.author.as_deref())
                );
            }
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "html-eval: {pages} pages in {:.1}s",
        start.elapsed().as_secs_f64()
    );
    println!(
        "pages with every `with` kept and no `without` kept: {perfect}/{pages} = {:.3}",
        pct(perfect, pages)
    );
    println!("snippets: precision {p:.3}, recall {r:.3}, F1 {f1:.3} (tp {tp}, fn {fn_}, fp {fp}, tn {tn})");
    println!(
        "date accuracy:   {date_ok}/{date_n} = {:.3}",
        pct(date_ok, date_n)
    );
    println!(
        "title accuracy:  {title_ok}/{title_n} = {:.3} (whitespace and case folded)",
        pct(title_ok, title_n)
    );
    println!(
        "author accuracy: {author_ok}/{author_n} = {:.3} (either contains the other)",
        pct(author_ok, author_n)
    );
}
