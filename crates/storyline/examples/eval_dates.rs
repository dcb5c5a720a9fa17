//! Date resolution against a hand-annotated gold set of Timeline17 mentions.
//!
//! `cargo run --release -p storyline --example eval_dates [T17_DIR] [--errors]`
//!
//! The gold set is `tests/fixtures/date_gold.jsonl` (see `date_gold.md` beside it): date
//! mentions of the dev topics, stratified (weekdays, month-days with no year, four-digit
//! numbers, page stamps, relative expressions), each with the value a reader gives it. The
//! topics are built as `storyline build` builds them (cleaning, boilerplate, duplicates),
//! every sentence of the gold article is tagged as the events stage tags it, and the tag
//! on the gold expression is compared with the gold value:
//! - a date: right when the tag's date part equals it (`2010-04-20`, `2010-W16`, `2010-05`);
//! - `NONE` (not a date): right when no DATE tag covers the expression;
//! - page furniture (a comment's or an update's stamp): right when it no longer dates
//!   anything, removed with its furniture or left untagged;
//! - `UNSURE`: not scored.
//!
//! Beside each figure, the trivial baseline: every mention is the day its article was
//! published. Rules are tuned on the `tune` half (three topics); the `report` half is the
//! figure to quote.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use storyline::ingest;
use storyline_model::Article;

#[derive(Deserialize)]
struct Gold {
    id: String,
    stratum: String,
    half: String,
    file: String,
    published: String,
    expression: String,
    sentence: String,
    gold: String,
    furniture: bool,
}

const STRATA: &[&str] = &["weekday", "month_day", "four_digit", "stamp", "relative"];

/// Letters and digits only, lower case: how sentences are matched across tokenisation.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The article's sentence that is the gold sentence, if cleaning kept it: the one sharing
/// the most words with it, holding the expression.
/// The index, among the article's sentences, of the gold mention's sentence.
fn find_sentence(sentences: &[&str], g: &Gold) -> Option<usize> {
    let want = words(&g.sentence);
    let expr = squash(&g.expression);
    sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| squash(s).contains(&expr))
        .map(|(i, s)| {
            let have = words(s);
            let shared = want.iter().filter(|w| have.contains(w)).count();
            (shared as f64 / want.len().max(1) as f64, i)
        })
        .filter(|(overlap, _)| *overlap >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

/// What the pipeline makes of one gold mention: `None` when the sentence is gone,
/// `Some(None)` when nothing tags the expression, else the tag's kind and value.
fn system(article: Option<&Article>, g: &Gold) -> Option<Option<(String, String)>> {
    let article = article?;
    let sentences: Vec<&str> = article
        .sentences()
        .into_iter()
        .map(|(p, r)| &article.paragraphs[p][r])
        .collect();
    let at = find_sentence(&sentences, g)?;
    let sentence = sentences[at];
    // The article read in order up to the sentence, as the pipeline reads it.
    let anchor = article.published.as_deref().and_then(|p| p.parse().ok());
    let mut narrative = storyline::dates::Narrative::new(anchor);
    let mut tags = Vec::new();
    for s in &sentences[..=at] {
        tags = narrative.tag(s);
    }
    // The expression's place in the sentence: as written, else ignoring case.
    let lower = sentence.to_lowercase();
    let at = sentence
        .find(&g.expression)
        .or_else(|| lower.find(&g.expression.to_lowercase()));
    let Some(at) = at else {
        return Some(None);
    };
    let span = at..at + g.expression.len();
    Some(
        tags.iter()
            .find(|t| t.start < span.end && span.start < t.end)
            .map(|t| (t.kind.as_str().to_string(), t.value.clone())),
    )
}

/// The date part of a TIMEX3 value (before a time).
fn date_part(value: &str) -> &str {
    value.split('T').next().unwrap_or(value)
}

fn right(g: &Gold, sys: &Option<Option<(String, String)>>) -> bool {
    if g.furniture {
        return !matches!(sys, Some(Some((kind, _))) if kind == "DATE");
    }
    if g.gold == "NONE" {
        return !matches!(sys, Some(Some((kind, _))) if kind == "DATE");
    }
    matches!(sys, Some(Some((_, v))) if date_part(v) == g.gold)
}

fn baseline_right(g: &Gold) -> bool {
    !g.furniture && g.gold == g.published
}

fn main() {
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/t17"));
    if !root.is_dir() {
        println!(
            "skipped: Timeline17 not found at {} (see docs/evaluation.md)",
            root.display()
        );
        return;
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/date_gold.jsonl");
    let gold: Vec<Gold> = std::fs::read_to_string(&fixture)
        .expect("the gold set")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a gold line"))
        .filter(|g: &Gold| g.gold != "UNSURE")
        .collect();
    let mut topics: Vec<&str> = gold
        .iter()
        .map(|g| g.file.split('/').next().unwrap_or_default())
        .collect();
    topics.sort_unstable();
    topics.dedup();
    let mut articles: HashMap<String, Article> = HashMap::new();
    for topic in topics {
        let mut corpus = ingest::read_corpus(&root.join(topic).join("InputDocs")).expect("topic");
        for f in &mut corpus.files {
            f.path = format!("{topic}/InputDocs/{}", f.path);
        }
        let bundle = storyline::build_bundle(&corpus).0;
        for a in bundle.articles {
            // A syndicated copy is read in the article it was merged into.
            for copy in &a.duplicates {
                articles.insert(copy.clone(), a.clone());
            }
            articles.insert(a.source_file.clone(), a);
        }
    }
    // (half, stratum) → (items, right, baseline right)
    let mut table: BTreeMap<(String, String), (usize, usize, usize)> = BTreeMap::new();
    let show = std::env::args().any(|a| a == "--errors");
    for g in &gold {
        let sys = system(articles.get(&g.file), g);
        let ok = right(g, &sys);
        for half in [g.half.as_str(), "all"] {
            for stratum in [g.stratum.as_str(), "all"] {
                let row = table
                    .entry((half.to_string(), stratum.to_string()))
                    .or_default();
                row.0 += 1;
                row.1 += usize::from(ok);
                row.2 += usize::from(baseline_right(g));
            }
        }
        if show && !ok && g.half == "tune" {
            let got = match &sys {
                None => "sentence removed".to_string(),
                Some(None) => "untagged".to_string(),
                Some(Some((k, v))) => format!("{k} {v}"),
            };
            println!(
                "{:40} {:10} [{}] gold {}{} got {got}\n    {}",
                g.id,
                g.stratum,
                g.expression,
                g.gold,
                if g.furniture { " (furniture)" } else { "" },
                g.sentence.chars().take(160).collect::<String>()
            );
        }
    }
    println!(
        "Date resolution on {} hand-annotated Timeline17 mentions (UNSURE left out)",
        gold.len()
    );
    println!(
        "{:8} {:11} {:>5} {:>9} {:>9}",
        "half", "stratum", "n", "storyline", "baseline"
    );
    for half in ["tune", "report", "all"] {
        for stratum in STRATA.iter().chain(&["all"]) {
            if let Some(&(n, r, b)) = table.get(&(half.to_string(), stratum.to_string())) {
                let pct = |x: usize| 100.0 * x as f64 / n as f64;
                println!(
                    "{half:8} {stratum:11} {n:>5} {:>8.1}% {:>8.1}%",
                    pct(r),
                    pct(b)
                );
            }
        }
    }
    println!("baseline: every mention is its article's publication day (furniture kept).");
}
