//! Evaluation: Timeline17 date selection F1 of the top-T events by score.
//!
//! `cargo run --release -p storyline --example eval_t17 [data dir]` (default
//! `../shared/data/t17` from the workspace root). Each topic is built as `storyline
//! build` builds a corpus folder (`InputDocs/<YYYY-MM-DD>/<n>.htm.txt` read as
//! `<topic>/<YYYY-MM-DD>/<n>.htm.txt`: the folder is the publication date), through the
//! same cleaning (tokenized text to prose, comments and boilerplate removed) and stages;
//! for each journalists' timeline in `timelines/` with T dates, the dates of the
//! highest-scored day events are taken until T distinct dates (only dates inside the
//! collection's publication span), and scored against the timeline's dates.
//!
//! A second figure follows the protocol of the published results (news-tls, Ghalandari
//! and Ifrim 2020, `experiments/evaluate.py`): the input is cut to the timeline's own span
//! (its first to last date): articles published outside it are left out of the build, and
//! only dates inside it are candidates. That span comes from the answer, so it is not how
//! the product runs; it is how the published 0.544 was measured.
//!
//! `EVAL_DUMP=DIR` also writes, per topic, `DIR/<topic>.json`: the gold dates, the
//! publication dates, every day-precision date expression with its article's date, rule,
//! text, sentence and why it is or is not an event candidate, and the events (date, score, articles, mentions) — the plain data to try
//! date rankings on without rebuilding (on the dev topics only, see docs/evaluation.md).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;
use storyline::events;
use storyline::ingest;
use storyline_model::{Article, Bundle};

/// The topic as `storyline build` makes it: every `InputDocs/<date>/<n>.htm.txt` is a
/// file `<topic>/<date>/<n>.htm.txt` of a corpus (the layout of a folder holding the
/// topics), cleaned, identified, rid of repeated boilerplate and duplicates; then entities
/// and events.
/// `window`: only the files of the days `lo..=hi` (the date folder of each file).
fn build_topic(dir: &Path, window: Option<(&str, &str)>) -> Bundle {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let mut corpus = ingest::read_corpus(&dir.join("InputDocs")).unwrap_or_default();
    if let Some((lo, hi)) = window {
        corpus.files.retain(|f| {
            let day = f.path.split('/').next().unwrap_or_default();
            day >= lo && day <= hi
        });
    }
    for f in &mut corpus.files {
        f.path = format!("{name}/{}", f.path);
    }
    storyline::build_bundle(&corpus).0
}

fn timeline_dates(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.len() == 10
                && l.as_bytes()[4] == b'-'
                && l.as_bytes()[7] == b'-'
                && l.bytes().filter(|b| b.is_ascii_digit()).count() == 8
        })
        .map(String::from)
        .collect()
}

/// The dates of the highest-scored day events dated `lo..=hi`, until `t` distinct dates.
fn top_dates(evs: &[storyline_model::Event], lo: &str, hi: &str, t: usize) -> BTreeSet<String> {
    let mut ranked: Vec<&storyline_model::Event> = evs
        .iter()
        .filter(|e| e.date.len() == 10 && e.date.as_str() >= lo && e.date.as_str() <= hi)
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.date.cmp(&b.date))
            .then(a.id.cmp(&b.id))
    });
    let mut pred = BTreeSet::new();
    for e in ranked {
        if pred.len() >= t {
            break;
        }
        pred.insert(e.date.clone());
    }
    pred
}

/// The trivial baseline: the `t` days `lo..=hi` on which the most articles were published
/// (ties to the earlier day).
fn busiest_days(articles: &[Article], lo: &str, hi: &str, t: usize) -> BTreeSet<String> {
    let mut per_day: std::collections::BTreeMap<&str, usize> = Default::default();
    for a in articles {
        if let Some(p) = a.published.as_deref().filter(|p| p.len() == 10) {
            if p >= lo && p <= hi {
                *per_day.entry(p).or_default() += 1;
            }
        }
    }
    let mut days: Vec<(&str, usize)> = per_day.into_iter().collect();
    days.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    days.into_iter()
        .take(t)
        .map(|(d, _)| d.to_string())
        .collect()
}

/// The topics rules were tuned on; the others are held out (docs/evaluation.md).
fn is_dev(topic: &str) -> bool {
    topic.starts_with("bpoil_") || topic == "haiti_bbc"
}

/// Precision, recall and F1 of the predicted dates against the gold ones.
fn prf(pred: &BTreeSet<String>, gold: &BTreeSet<String>) -> (f64, f64, f64) {
    let hit = pred.intersection(gold).count() as f64;
    let p = if pred.is_empty() {
        0.0
    } else {
        hit / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        hit / gold.len() as f64
    };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f1)
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/t17"));
    if !root.is_dir() {
        println!(
            "skipped: Timeline17 not found at {} (see docs/evaluation.md)",
            root.display()
        );
        return;
    }
    let mut topics: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("t17 dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    topics.sort();
    println!(
        "{:24} {:>5} {:>7} {:>5} {:>6} {:>6} {:>6} {:>7} | {:>5} {:>6}",
        "topic", "docs", "events", "T", "P", "R", "F1", "seconds", "docs", "F1"
    );
    println!("{:71} | the timeline's span (published protocol)", "");
    let (mut f1s, mut spans, mut secs) = (Vec::new(), Vec::new(), Vec::new());
    // (dev topic?, F1, baseline F1, F1 published protocol, baseline F1 published protocol)
    let mut rows: Vec<(bool, f64, f64, f64, f64)> = Vec::new();
    for topic in &topics {
        let name = topic.file_name().unwrap().to_string_lossy().to_string();
        let start = Instant::now();
        let bundle = build_topic(topic, None);
        let took = start.elapsed().as_secs_f64();
        let (articles, evs) = (&bundle.articles, &bundle.events);
        let published = || articles.iter().filter_map(|a| a.published.clone());
        let span_lo = published().min().unwrap_or_default();
        let span_hi = published().max().unwrap_or_default();
        if let Some(dir) = std::env::var_os("EVAL_DUMP") {
            dump(Path::new(&dir), &name, topic, articles, evs);
        }
        let mut tls: Vec<PathBuf> = std::fs::read_dir(topic.join("timelines"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        tls.sort();
        for tl in tls {
            let gold = timeline_dates(&tl);
            let t = gold.len();
            let (p, r, f1) = prf(&top_dates(evs, &span_lo, &span_hi, t), &gold);
            // The published protocol: the input and the candidates cut to the timeline's span.
            let lo = gold.first().cloned().unwrap_or_default();
            let hi = gold.last().cloned().unwrap_or_default();
            let cut = build_topic(topic, Some((&lo, &hi)));
            let (sp, sr, span_f1) = prf(&top_dates(&cut.events, &lo, &hi, t), &gold);
            let base = prf(&busiest_days(articles, &span_lo, &span_hi, t), &gold).2;
            let span_base = prf(&busiest_days(&cut.articles, &lo, &hi, t), &gold).2;
            rows.push((is_dev(&name), f1, base, span_f1, span_base));
            println!(
                "{:24} {:>5} {:>7} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>7.2} | {:>5} {:>6.3}",
                name,
                articles.len(),
                evs.len(),
                t,
                p,
                r,
                f1,
                took,
                cut.articles.len(),
                span_f1
            );
            f1s.push(f1);
            spans.push((sp, sr, span_f1));
        }
        secs.push(took);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    println!(
        "mean date F1 over {} timelines: {:.3}; mean {:.2} s per topic (the whole build before writing: clean, entities, events)",
        f1s.len(),
        mean(&f1s),
        mean(&secs)
    );
    let column = |i: usize| -> Vec<f64> { spans.iter().map(|&(p, r, f)| [p, r, f][i]).collect() };
    let (mp, mr) = (mean(&column(0)), mean(&column(1)));
    println!(
        "mean date F1 with the input cut to each timeline's span (the published protocol): {:.3}; \
         F1 of the mean P {:.3} and R {:.3} (how news-tls averages): {:.3}",
        mean(&column(2)),
        mp,
        mr,
        2.0 * mp * mr / (mp + mr)
    );
    println!(
        "mean date F1, storyline against the baseline (the days with the most articles published):"
    );
    println!(
        "{:10} {:>6} {:>9} {:>9} | {:>9} {:>9}",
        "topics", "n", "storyline", "baseline", "published", "baseline"
    );
    for (label, keep) in [
        ("dev", Some(true)),
        ("held out", Some(false)),
        ("all", None),
    ] {
        let sel: Vec<&(bool, f64, f64, f64, f64)> = rows
            .iter()
            .filter(|r| keep.is_none_or(|k| r.0 == k))
            .collect();
        let m = |f: fn(&(bool, f64, f64, f64, f64)) -> f64| {
            sel.iter().map(|r| f(r)).sum::<f64>() / sel.len().max(1) as f64
        };
        println!(
            "{label:10} {:>6} {:>9.3} {:>9.3} | {:>9.3} {:>9.3}",
            sel.len(),
            m(|r| r.1),
            m(|r| r.2),
            m(|r| r.3),
            m(|r| r.4)
        );
    }
}

/// Writes the plain data of one topic for date-ranking experiments (see the module doc).
fn dump(
    dir: &Path,
    name: &str,
    topic: &Path,
    articles: &[Article],
    evs: &[storyline_model::Event],
) {
    use serde_json::json;
    let anchors = events::anchors(articles);
    let stem = events::mention::stemmer();
    let mut refs = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        for (s, (p, range)) in art.sentences().into_iter().enumerate() {
            let text = &art.paragraphs[p][range];
            let tags = storyline::dates::tag(text, anchors[a]);
            let cands =
                events::mention::candidates_from(a, s, text, anchors[a], tags.clone(), &stem);
            let teaser = events::mention::is_heading_or_teaser(text);
            for t in tags {
                if let Some(d) = t.day().filter(|d| d.day.is_some()) {
                    let why = if cands.iter().any(|c| c.date_start == t.start) {
                        "candidate"
                    } else if teaser {
                        "heading or teaser"
                    } else if !(events::mention::is_eventive(text, t.start..t.end)
                        || events::mention::is_nominal_event(text, t.start, t.end))
                    {
                        "not eventive"
                    } else {
                        "other"
                    };
                    refs.push(json!({"article": a, "sentence": s, "pub": art.published, "date": d.iso(),
                        "rule": t.rule, "anchored": t.anchored, "text": t.text, "sent": text, "why": why}));
                }
            }
        }
    }
    let gold: Vec<Vec<String>> = std::fs::read_dir(topic.join("timelines"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| timeline_dates(&e.path()).into_iter().collect())
        .collect();
    let events: Vec<_> = evs
        .iter()
        .map(|e| {
            let arts: BTreeSet<&str> = e.mentions.iter().map(|m| m.article.as_str()).collect();
            json!({"date": e.date, "score": e.score, "articles": arts, "mentions": e.mentions.len(),
                "sentences": e.mentions.iter().map(|m| m.sentence).collect::<Vec<_>>(), "title": e.title})
        })
        .collect();
    let pubs: Vec<_> = articles.iter().map(|a| (&a.id, &a.published)).collect();
    let out = json!({"gold": gold, "articles": pubs, "refs": refs, "events": events});
    std::fs::create_dir_all(dir).expect("dump dir");
    std::fs::write(dir.join(format!("{name}.json")), out.to_string()).expect("write the dump");
}
