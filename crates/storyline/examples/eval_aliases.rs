//! Alias merging measured against a hand-labelled gold of Timeline17 surface forms.
//!
//! `cargo run --release -p storyline --example eval_aliases [T17_DIR] [--errors] [--top N]`
//!
//! The gold is `tests/fixtures/alias_gold.jsonl` (see `alias_gold.md` beside it): groups
//! of surface forms, each group one real person, place or organisation of one topic (a
//! topic folder, or a prefix naming several: `bpoil` is the five `bpoil_*` folders).
//! All topics are built together, as `storyline export` builds a folder holding them
//! (`*/timelines/**` left out), and each gold form of a topic is given the entity that
//! holds most of that topic's mentions written exactly so (failing that, written so up to
//! case). Within each topic, these assignments are scored against the gold groups with
//! B-cubed precision, recall and F1, averaged over the forms of each half (`tune`,
//! `report`). Beside them, two baselines: every distinct form its own entity, and forms
//! equal up to case one entity.
//!
//! Junk: the 200 entities with the most mentions are looked up in
//! `tests/fixtures/alias_judgements.tsv` (kind, name, verdict, judged by hand: `name`,
//! `notname` — no name at all — or `wrongkind` — a name, of another kind of thing); the
//! counts by kind are printed, with the entities not yet judged. `--top N` prints the N
//! entities with the most mentions (kind, mentions, name, aliases).

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use storyline::entities::{extract, Found};
use storyline::ingest;
use storyline_model::Article;

#[derive(Deserialize)]
struct Group {
    id: String,
    topic: String,
    half: String,
    forms: Vec<String>,
}

/// One gold form: its topic, its gold group, the entity the pipeline gave it.
struct Item {
    topic: String,
    half: String,
    gold: usize,
    system: Option<usize>,
    form: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--top"))
        .map(|(_, a)| PathBuf::from(a))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/t17"));
    if !root.is_dir() {
        println!(
            "skipped: Timeline17 not found at {} (see docs/evaluation.md)",
            root.display()
        );
        return;
    }
    let top = args
        .iter()
        .position(|a| a == "--top")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse::<usize>().ok());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let gold: Vec<Group> = std::fs::read_to_string(fixtures.join("alias_gold.jsonl"))
        .expect("the gold set")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a gold line"))
        .collect();

    let articles = build(&root);
    let found = extract(&articles);
    let items = assign(&gold, &articles, &found);
    report_scores(&items);
    if args.iter().any(|a| a == "--errors") {
        report_errors(&items, &gold, &found);
    }
    let mentions = mention_counts(&found);
    report_junk(&found, &mentions, &fixtures.join("alias_judgements.tsv"));
    if let Some(n) = top {
        print_top(&found, &mentions, n);
    }
}

/// The articles of every topic, as `storyline export` makes them from a folder holding
/// the topics with `exclude = ["*/timelines/**"]`.
fn build(root: &Path) -> Vec<Article> {
    let mut corpus = ingest::read_corpus(root).expect("the corpus");
    corpus.files.retain(|f| !f.path.contains("/timelines/"));
    storyline::build_bundle(&corpus).0.articles
}

/// The topic folder of an article.
fn topic(article: &Article) -> &str {
    article.source_file.split('/').next().unwrap_or_default()
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each gold form with the entity holding most of its topic's mentions written so.
fn assign(gold: &[Group], articles: &[Article], found: &Found) -> Vec<Item> {
    // (topic, text) → entity → mentions
    let mut written: HashMap<(String, String), BTreeMap<usize, usize>> = HashMap::new();
    for o in &found.occurrences {
        let a = &articles[o.article];
        let (p, _) = a.sentences()[o.sentence].clone();
        let text = normalise(&a.paragraphs[p][o.start..o.end]);
        *written
            .entry((topic(a).to_string(), text))
            .or_default()
            .entry(o.entity)
            .or_default() += 1;
    }
    let mut folded: HashMap<(String, String), BTreeMap<usize, usize>> = HashMap::new();
    for ((t, text), counts) in &written {
        let slot = folded.entry((t.clone(), text.to_lowercase())).or_default();
        for (&e, &n) in counts {
            *slot.entry(e).or_default() += n;
        }
    }
    let most = |counts: &BTreeMap<usize, usize>| {
        counts
            .iter()
            .max_by_key(|&(e, n)| (*n, std::cmp::Reverse(*e)))
            .map(|(&e, _)| e)
    };
    let folders: BTreeSet<&str> = articles.iter().map(topic).collect();
    // The counts of a form in the folders of a gold topic (a folder or a prefix of some).
    let gather =
        |index: &HashMap<(String, String), BTreeMap<usize, usize>>, t: &str, text: &str| {
            let mut sum: BTreeMap<usize, usize> = BTreeMap::new();
            for f in folders.iter().filter(|f| f.starts_with(t)) {
                for (&e, &n) in index
                    .get(&(f.to_string(), text.to_string()))
                    .into_iter()
                    .flatten()
                {
                    *sum.entry(e).or_default() += n;
                }
            }
            sum
        };
    let mut items = Vec::new();
    for (g, group) in gold.iter().enumerate() {
        for form in &group.forms {
            let text = normalise(form);
            let system = most(&gather(&written, &group.topic, &text))
                .or_else(|| most(&gather(&folded, &group.topic, &text.to_lowercase())));
            items.push(Item {
                topic: group.topic.clone(),
                half: group.half.clone(),
                gold: g,
                system,
                form: form.clone(),
            });
        }
    }
    items
}

/// B-cubed precision and recall, averaged over the items; `same` says whether two items
/// (of one topic) share a predicted cluster.
fn bcubed(items: &[&Item], same: impl Fn(&Item, &Item) -> bool) -> (f64, f64) {
    let (mut p, mut r) = (0.0, 0.0);
    for a in items {
        let peers: Vec<&&Item> = items.iter().filter(|b| b.topic == a.topic).collect();
        let predicted = peers.iter().filter(|b| same(a, b)).count();
        let gold = peers.iter().filter(|b| b.gold == a.gold).count();
        let both = peers
            .iter()
            .filter(|b| b.gold == a.gold && same(a, b))
            .count();
        p += both as f64 / predicted as f64;
        r += both as f64 / gold as f64;
    }
    let n = items.len().max(1) as f64;
    (p / n, r / n)
}

fn f1((p, r): (f64, f64)) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn report_scores(items: &[Item]) {
    println!("B-cubed over gold forms (within each topic)");
    println!(
        "{:8} {:>6} {:>6} {:>5}  {:>20}  {:>20}  {:>20}",
        "half",
        "groups",
        "forms",
        "found",
        "pipeline P/R/F1",
        "each form alone",
        "equal up to case"
    );
    for half in ["tune", "report", "all"] {
        let chosen: Vec<&Item> = items
            .iter()
            .filter(|i| half == "all" || i.half == half)
            .collect();
        let groups: BTreeSet<usize> = chosen.iter().map(|i| i.gold).collect();
        let found = chosen.iter().filter(|i| i.system.is_some()).count();
        let pipeline = bcubed(&chosen, |a, b| {
            std::ptr::eq(a, b) || (a.system.is_some() && a.system == b.system)
        });
        let alone = bcubed(&chosen, |a, b| a.form == b.form);
        let case = bcubed(&chosen, |a, b| {
            a.form.to_lowercase() == b.form.to_lowercase()
        });
        let show = |(p, r): (f64, f64)| format!("{:.3}/{:.3}/{:.3}", p, r, f1((p, r)));
        println!(
            "{:8} {:>6} {:>6} {:>5}  {:>20}  {:>20}  {:>20}",
            half,
            groups.len(),
            chosen.len(),
            found,
            show(pipeline),
            show(alone),
            show(case)
        );
    }
}

/// Tune-half gold groups split by the pipeline, and entities joining two gold groups.
fn report_errors(items: &[Item], gold: &[Group], found: &Found) {
    let name = |e: Option<usize>| {
        e.map_or("(not found)".to_string(), |e| {
            found.entities[e].name.clone()
        })
    };
    println!("\nsplit groups (tune):");
    for (g, group) in gold.iter().enumerate().filter(|(_, g)| g.half == "tune") {
        let mine: Vec<&Item> = items.iter().filter(|i| i.gold == g).collect();
        let systems: BTreeSet<Option<usize>> = mine.iter().map(|i| i.system).collect();
        if systems.len() > 1 {
            let parts: Vec<String> = mine
                .iter()
                .map(|i| format!("{} → {}", i.form, name(i.system)))
                .collect();
            println!("  {}: {}", group.id, parts.join("; "));
        }
    }
    println!("\njoined groups (tune):");
    let mut by_entity: BTreeMap<(String, usize), BTreeSet<usize>> = BTreeMap::new();
    for i in items.iter().filter(|i| i.half == "tune") {
        if let Some(e) = i.system {
            by_entity
                .entry((i.topic.clone(), e))
                .or_default()
                .insert(i.gold);
        }
    }
    for ((t, e), gs) in by_entity.iter().filter(|(_, gs)| gs.len() > 1) {
        let ids: Vec<&str> = gs.iter().map(|&g| gold[g].id.as_str()).collect();
        println!("  {t}: {} ← {}", found.entities[*e].name, ids.join(", "));
    }
}

fn mention_counts(found: &Found) -> Vec<usize> {
    let mut n = vec![0usize; found.entities.len()];
    for o in &found.occurrences {
        n[o.entity] += 1;
    }
    n
}

/// The entities with the most mentions, most first (ties: by id).
fn ranked(mentions: &[usize], n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&e| (std::cmp::Reverse(mentions[e]), e));
    order.truncate(n);
    order
}

fn report_junk(found: &Found, mentions: &[usize], path: &Path) {
    let judged: HashMap<(String, String), String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (kind, name, verdict) = (f.next()?, f.next()?, f.next()?);
            Some(((kind.to_string(), name.to_string()), verdict.to_string()))
        })
        .collect();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut unjudged = Vec::new();
    for e in ranked(mentions, 200) {
        let ent = &found.entities[e];
        match judged.get(&(ent.kind.clone(), ent.name.clone())) {
            Some(v) => *counts.entry((ent.kind.clone(), v.clone())).or_default() += 1,
            None => unjudged.push(format!(
                "{}\t{}\t({} mentions)",
                ent.kind, ent.name, mentions[e]
            )),
        }
    }
    println!("\njunk among the top 200 entities by mentions (hand verdicts)");
    println!(
        "{:13} {:>5} {:>8} {:>10}",
        "kind", "name", "notname", "wrongkind"
    );
    for kind in ["person", "place", "organisation"] {
        let c = |v: &str| {
            counts
                .get(&(kind.to_string(), v.to_string()))
                .copied()
                .unwrap_or(0)
        };
        println!(
            "{:13} {:>5} {:>8} {:>10}",
            kind,
            c("name"),
            c("notname"),
            c("wrongkind")
        );
    }
    if !unjudged.is_empty() {
        println!("not judged yet ({}):", unjudged.len());
        for u in unjudged {
            println!("  {u}");
        }
    }
}

fn print_top(found: &Found, mentions: &[usize], n: usize) {
    println!();
    for e in ranked(mentions, n) {
        let ent = &found.entities[e];
        println!(
            "{:13} {:5} {} {:?}",
            ent.kind, mentions[e], ent.name, ent.aliases
        );
    }
}
