//! Reads an exported story and counts what a reader sees wrong in its event titles.
//!
//! ```sh
//! target/release/storyline export t17 > /tmp/t17.json
//! cargo run --release -p storyline --example eval_titles /tmp/t17.json [--list]
//! ```
//!
//! Prints, for the built titles and for a trivial baseline (each event titled by its first
//! mention's sentence, cut at 90 bytes with "…"): titles with debris (a list of patterns
//! below), titles cut, the same title twice on one day, and events flagged as disagreeing.
//! `--list` prints the titles with debris.

use regex::RegexSet;
use std::collections::{BTreeMap, BTreeSet};
use storyline_model::Bundle;

/// What a title must not be: page and comment furniture, bylines, labels and run-in
/// headings. Each is a shape, never one outlet's string.
const DEBRIS: &[&str] = &[
    r"^\|?\s*Reply\b",
    r"^(Updated|Posted|Last updated)\b",
    r"^(RETWEET|RT @)",
    r"^Report abuse",
    r"^By [A-Z][a-z]+ [A-Z]",
    r"^'s\b",
    r"^[a-z]",
    r"^[A-Z][A-Za-z ]{0,20}: ",
    r"^[A-Z]{2,}\W+[A-Z]{2,}\W+[A-Z]{2,}\b",
    r"”\s*“",
    r"iReport",
    r"^Follow (live|us)",
    r"Send (us )?your (photos|video|images)",
    r"^\d{1,2},? (\d{4} |to |photo|file photo)",
];

/// Bytes a title is kept within.
const TITLE_BYTES: usize = 90;

struct Figures {
    debris: Vec<(String, String)>,
    cut: usize,
    twice_on_a_day: usize,
    shared: usize,
}

fn figures(titles: &[(String, String)], debris: &RegexSet) -> Figures {
    let mut per_day: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut twice_on_a_day = 0;
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for (date, title) in titles {
        if !per_day.entry(date).or_default().insert(title) {
            twice_on_a_day += 1;
        }
        *uses.entry(title).or_default() += 1;
    }
    Figures {
        debris: titles
            .iter()
            .filter(|(_, t)| debris.is_match(t))
            .cloned()
            .collect(),
        cut: titles.iter().filter(|(_, t)| t.ends_with('…')).count(),
        twice_on_a_day,
        shared: uses.values().filter(|&&n| n > 1).sum(),
    }
}

/// A sentence cut to [`TITLE_BYTES`] at a word, with "…".
fn cut(text: &str) -> String {
    let text = text.trim();
    if text.len() <= TITLE_BYTES {
        return text.to_string();
    }
    let mut end = TITLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let head = head.rfind(' ').map_or(head, |i| &head[..i]);
    format!("{head}…")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: eval_titles EXPORT.json [--list]");
        std::process::exit(2);
    };
    let list = args.iter().any(|a| a == "--list");
    let bundle = Bundle::from_json(&std::fs::read_to_string(path)?)?;
    let debris = RegexSet::new(DEBRIS)?;
    let built: Vec<(String, String)> = bundle
        .events
        .iter()
        .map(|e| (e.date.clone(), e.title.clone()))
        .collect();
    let baseline: Vec<(String, String)> = bundle
        .events
        .iter()
        .map(|e| {
            let first = e.mentions.first().map_or("", |m| m.text.as_str());
            (e.date.clone(), cut(first))
        })
        .collect();
    let flagged = bundle
        .events
        .iter()
        .filter(|e| !e.discrepancies.is_empty())
        .count();
    let n = bundle.events.len();
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    println!(
        "{n} events; {flagged} flagged as disagreeing ({:.2}%)",
        pct(flagged)
    );
    println!("| | titles with debris | titles cut with \"…\" | same title twice on a day | events sharing a title (any day) |");
    println!("|---|---:|---:|---:|---:|");
    for (name, f) in [
        (
            "baseline: the first mention, cut",
            figures(&baseline, &debris),
        ),
        ("storyline", figures(&built, &debris)),
    ] {
        println!(
            "| {name} | {} ({:.1}%) | {:.1}% | {} | {} |",
            f.debris.len(),
            pct(f.debris.len()),
            pct(f.cut),
            f.twice_on_a_day,
            f.shared
        );
        if list && name == "storyline" {
            for (date, title) in &f.debris {
                println!("  {date}  {title}");
            }
        }
    }
    Ok(())
}
