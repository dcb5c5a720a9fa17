//! Measures the search engine on Timeline17: index build time and size, query latency, recall@10.
//!
//! `cargo run --release -p storyline-search --example bench_search [T17_DIR]`
//! (default `/work/shared/data/t17`; skipped with a message when the folder is absent).
//!
//! Articles are built directly from `<topic>/InputDocs/<date>/<n>.htm.txt` (first line the
//! title, then one sentence per line), the outlet being the topic folder's suffix.
//!
//! Queries: for each topic folder, five entries of its `timelines/*.txt`, evenly spaced
//! among the entries whose date has at least one article of the same story (the topic
//! folder's prefix: `bpoil`, `H1N1`...). The query is the key words of the entry's first
//! sentence, in sentence order: up to four words, names first (capitalized, not the first
//! word), then the rarest in the corpus; stopwords, numbers, words under 3 letters and
//! words in fewer than 3 articles are left out.
//!
//! `BENCH_QUICK=1` builds once and skips the brotli and positions figures (for profiling).
//! `BENCH_DUMP=FILE` also writes every query's results as JSON lines (to diff two builds).
//! `BENCH_REPEAT=N` only runs the queries N more times after the build, silently (for
//! `perf record`: the samples are then mostly the search); `BENCH_ONLY=WORDS` keeps only
//! the queries (and the misspelt, phrase... queries) containing WORDS.
//!
//! Relevance: the articles of the same story published on the entry's date ("same day"),
//! or on that date or the day after ("+1 day", when most reports of an event appear).
//! recall@10 is |relevant ∩ top 10 articles| / min(|relevant|, 10) (so 1.0 is reachable
//! when more than ten articles are relevant), averaged over queries; hit@10 is the share
//! of queries with at least one relevant article in the top 10.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::Instant;
use storyline_model::text::{fold, tokenize};
use storyline_model::{Article, Bundle};
use storyline_search::{build_index, positions_bytes, Filters, HitKind, SearchIndex};

const STOP: &[&str] = &[
    "the", "and", "for", "that", "with", "was", "were", "has", "have", "had", "from", "this",
    "are", "his", "her", "its", "not", "but", "been", "will", "after", "said", "says", "who",
    "which", "their", "they", "more", "than", "into", "about", "over", "also", "one", "two",
    "first", "new", "would", "can", "could", "she", "him", "all",
];

struct Query {
    story: String,
    date: String,
    text: String,
}

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/work/shared/data/t17".into());
    let root = Path::new(&root);
    if !root.is_dir() {
        println!(
            "skipped: {} is absent (Timeline17 is needed for this benchmark)",
            root.display()
        );
        return;
    }
    let mut articles = Vec::new();
    let mut topics: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("InputDocs").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    topics.sort();
    for topic in &topics {
        let outlet = topic.split_once('_').map_or(topic.as_str(), |(_, o)| o);
        let mut dates: Vec<_> = std::fs::read_dir(root.join(topic).join("InputDocs"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        dates.sort();
        for dir in dates {
            let date = dir.file_name().unwrap().to_string_lossy().into_owned();
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .collect();
            files.sort();
            for f in files {
                let Ok(text) = std::fs::read_to_string(&f) else {
                    continue;
                };
                let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
                let title = lines.next().unwrap_or("").to_string();
                let name = f
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .replace(".htm.txt", "");
                articles.push(Article {
                    id: format!("{topic}/{date}/{name}"),
                    source_file: format!(
                        "{topic}/InputDocs/{date}/{}",
                        f.file_name().unwrap().to_string_lossy()
                    ),
                    title,
                    published: Some(date.clone()),
                    publisher: Some(outlet.to_string()),
                    url: None,
                    author: None,
                    paragraphs: lines.map(String::from).collect(),
                    provenance: vec![],
                    duplicates: vec![],
                    set_aside: None,
                });
            }
        }
    }
    let bundle = Bundle::new(articles);
    let n = bundle.articles.len();
    println!("Timeline17: {n} articles in {} topic folders", topics.len());

    // Build.
    let mut builds = Vec::new();
    let mut index = None;
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    for _ in 0..if quick { 1 } else { 3 } {
        let t = Instant::now();
        let built = build_index(&bundle);
        let bytes = built.to_bytes();
        builds.push(t.elapsed().as_secs_f64());
        index = Some((built, bytes));
    }
    let (index, bytes) = index.unwrap();
    builds.sort_by(f64::total_cmp);
    let t = Instant::now();
    let loaded = SearchIndex::from_bytes(&bytes).unwrap();
    let load = t.elapsed().as_secs_f64();
    let stats = index.stats();
    let json = serde_json::to_vec(&bundle).unwrap();
    let (brotli_len, json_brotli) = if quick {
        (1, 1)
    } else {
        (brotli(&bytes), brotli(&json))
    };
    let text_bytes: usize = bundle
        .articles
        .iter()
        .map(|a| a.title.len() + a.paragraphs.iter().map(String::len).sum::<usize>())
        .sum();
    let positions = if quick { 0 } else { positions_bytes(&bundle) };
    println!(
        "build (median of 3, incl. to_bytes): {:.0} ms; load (from_bytes): {:.1} ms",
        builds[builds.len() / 2] * 1e3,
        load * 1e3
    );
    println!(
        "index: {} bytes = {:.0} B/article raw, {} bytes = {:.0} B/article brotli-11 ({} terms; fst {} B, postings {} B)",
        bytes.len(),
        bytes.len() as f64 / n as f64,
        brotli_len,
        brotli_len as f64 / n as f64,
        stats.terms,
        stats.dictionary_bytes,
        stats.postings_bytes
    );
    println!(
        "bundle JSON: {:.0} B/article raw, {:.0} B/article brotli; index/bundle {:.2} raw, {:.2} brotli; index/article text {:.2}",
        json.len() as f64 / n as f64,
        json_brotli as f64 / n as f64,
        bytes.len() as f64 / json.len() as f64,
        brotli_len as f64 / json_brotli as f64,
        bytes.len() as f64 / text_bytes as f64
    );
    println!(
        "positions (not stored; phrases are checked on the text) would add {} bytes = {:.0} B/article, x{:.2} the index",
        positions,
        positions as f64 / n as f64,
        (bytes.len() + positions) as f64 / bytes.len() as f64
    );

    // Queries.
    let mut queries = queries(root, &topics, &bundle);
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        queries.retain(|q| q.text.contains(&only));
    }
    let by_story_date = {
        let mut m: HashMap<(String, String), BTreeSet<String>> = HashMap::new();
        for a in &bundle.articles {
            m.entry((story_of(&a.id), a.published.clone().unwrap()))
                .or_default()
                .insert(a.id.clone());
        }
        m
    };
    let filters = Filters {
        kinds: vec![HitKind::Article],
        ..Filters::default()
    };
    if let Some(n) = std::env::var("BENCH_REPEAT")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        let t = Instant::now();
        for _ in 0..n {
            for q in &queries {
                std::hint::black_box(loaded.search(&bundle, &format!("{} ", q.text), &filters, 10));
                std::hint::black_box(loaded.search(&bundle, &q.text, &filters, 10));
            }
        }
        let per = t.elapsed().as_secs_f64() / (2 * n * queries.len().max(1)) as f64;
        println!("BENCH_REPEAT: {:.3} ms per query on average", per * 1e3);
        return;
    }
    let mut latencies = Vec::new();
    let mut fastests = Vec::new();
    let mut typing = Vec::new();
    let (mut recall, mut hits, mut fallbacks) = (0.0, 0, 0);
    let (mut recall1, mut hits1) = (0.0, 0);
    let empty = BTreeSet::new();
    println!(
        "\n{} queries (story date: key words -> recall@10):",
        queries.len()
    );
    for q in &queries {
        let exact = format!("{} ", q.text);
        let mut runs = Vec::new();
        let mut result = None;
        for _ in 0..7 {
            let t = Instant::now();
            let r = loaded.search(&bundle, &exact, &filters, 10);
            runs.push(t.elapsed().as_secs_f64());
            result = Some(r);
        }
        for _ in 0..3 {
            let t = Instant::now();
            let _ = loaded.search(&bundle, &q.text, &filters, 10);
            typing.push(t.elapsed().as_secs_f64());
        }
        let fastest = runs.iter().copied().fold(f64::MAX, f64::min);
        fastests.push(fastest);
        latencies.extend(runs);
        let r = result.unwrap();
        fallbacks += usize::from(r.any_word);
        let relevant = &by_story_date[&(q.story.clone(), q.date.clone())];
        let found = r.hits.iter().filter(|h| relevant.contains(&h.id)).count();
        let rec = found as f64 / relevant.len().min(10) as f64;
        recall += rec;
        hits += usize::from(found > 0);
        let next = by_story_date
            .get(&(q.story.clone(), next_day(&q.date)))
            .unwrap_or(&empty);
        let found1 = r
            .hits
            .iter()
            .filter(|h| relevant.contains(&h.id) || next.contains(&h.id))
            .count();
        let rec1 = found1 as f64 / (relevant.len() + next.len()).min(10) as f64;
        recall1 += rec1;
        hits1 += usize::from(found1 > 0);
        println!(
            "  {} {}: {} -> {:.2} ({} relevant), +1 day {:.2} ({}); {} matches, fastest {:.2} ms",
            q.story,
            q.date,
            q.text,
            rec,
            relevant.len(),
            rec1,
            relevant.len() + next.len(),
            r.total,
            fastest * 1e3
        );
    }
    let nq = queries.len() as f64;
    let (med, p95) = percentiles(&mut latencies);
    let (tmed, tp95) = percentiles(&mut typing);
    println!(
        "\nsame day: recall@10 {:.3}, hit@10 {:.3}; +1 day: recall@10 {:.3}, hit@10 {:.3}; any-word fallbacks {fallbacks}/{}",
        recall / nq,
        hits as f64 / nq,
        recall1 / nq,
        hits1 as f64 / nq,
        queries.len()
    );
    println!(
        "latency (finished words): median {:.2} ms, p95 {:.2} ms",
        med * 1e3,
        p95 * 1e3
    );
    println!(
        "latency (last word as prefix, as typed): median {:.2} ms, p95 {:.2} ms",
        tmed * 1e3,
        tp95 * 1e3
    );
    let (fmed, fp95) = percentiles(&mut fastests);
    println!(
        "fastest of 7 per query (finished words): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        fmed * 1e3,
        fp95 * 1e3,
        fastests.last().copied().unwrap_or(0.0) * 1e3
    );
    let all = Filters::default();
    let mut mixed = Vec::new();
    for q in [
        "oil spill",
        "swine flu vaccine",
        "Jackson",
        "Obama",
        "Lehman Brothers",
        "earthquake Port-au-Prince",
    ] {
        let t = Instant::now();
        let r = loaded.search(&bundle, q, &all, 10);
        mixed.push(t.elapsed().as_secs_f64());
        println!(
            "  {q:?}: {} matches, first {:?}",
            r.total,
            r.hits.first().map(|h| &h.snippet)
        );
    }
    let (mmed, mp95) = percentiles(&mut mixed);
    // The other paths: typo expansion, phrases (whole text read), exclusions, and the
    // first letters of a word being typed (prefix expansion).
    let mut other = Vec::new();
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    for q in OTHER_QUERIES.into_iter().filter(|q| q.contains(&only)) {
        let mut runs = Vec::new();
        for _ in 0..7 {
            let t = Instant::now();
            std::hint::black_box(loaded.search(&bundle, q, &all, 10));
            runs.push(t.elapsed().as_secs_f64());
        }
        let fastest = runs.iter().copied().fold(f64::MAX, f64::min);
        println!("  {q:?}: fastest {:.2} ms", fastest * 1e3);
        other.push(fastest);
    }
    let (omed, omax) = (percentiles(&mut other).0, other[other.len() - 1]);
    if let Ok(path) = std::env::var("BENCH_DUMP") {
        // Every query's results, to check that a speed-up changed nothing.
        let mut out = String::new();
        for q in &queries {
            for text in [format!("{} ", q.text), q.text.clone()] {
                for f in [&filters, &all] {
                    let r = loaded.search(&bundle, &text, f, 10);
                    out += &serde_json::to_string(&r).unwrap();
                    out.push('\n');
                }
            }
        }
        for q in [
            "\"oil spill\" gulf",
            "obama -bp",
            "swine flu",
            "jackson",
            "xyzzyq",
            "\"the gulf\"",
        ]
        .into_iter()
        .chain(OTHER_QUERIES)
        {
            out += &serde_json::to_string(&loaded.search(&bundle, q, &all, 10)).unwrap();
            out.push('\n');
        }
        std::fs::write(path, out).unwrap();
    }
    println!(
        "short popular queries, all kinds: median {:.2} ms, max {:.2} ms",
        mmed * 1e3,
        mp95 * 1e3
    );
    println!(
        "misspelt, phrase, exclusion and first-letters queries, all kinds (fastest of 7): median {:.2} ms, max {:.2} ms",
        omed * 1e3,
        omax * 1e3
    );
}

/// Queries through the engine's other paths (see `main`).
const OTHER_QUERIES: [&str; 10] = [
    "deepwatr horizn ",
    "swine flue vacine ",
    "tonny hayward ",
    "earthqake haity ",
    "\"oil spill\" gulf",
    "\"tony hayward\" resign",
    "obama -bp ",
    "oil -\"gulf of mexico\" ",
    "ha",
    "dee",
];

fn story_of(id: &str) -> String {
    id.split('/')
        .next()
        .unwrap()
        .split('_')
        .next()
        .unwrap()
        .to_lowercase()
}

/// The day after a `YYYY-MM-DD` date.
fn next_day(date: &str) -> String {
    let p: Vec<u32> = date.split('-').filter_map(|x| x.parse().ok()).collect();
    let [y, m, d] = p[..] else {
        return String::new();
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][(m as usize - 1).min(11)];
    let (y, m, d) = if d < days {
        (y, m, d + 1)
    } else if m < 12 {
        (y, m + 1, 1)
    } else {
        (y + 1, 1, 1)
    };
    format!("{y:04}-{m:02}-{d:02}")
}

fn percentiles(v: &mut [f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95))
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out.len()
}

fn queries(root: &Path, topics: &[String], bundle: &Bundle) -> Vec<Query> {
    // Document frequency of folded words, to pick a sentence's key words.
    let mut df: HashMap<String, usize> = HashMap::new();
    for a in &bundle.articles {
        let mut seen = BTreeSet::new();
        for text in std::iter::once(&a.title).chain(&a.paragraphs) {
            for t in tokenize(text) {
                seen.insert(t.term);
            }
        }
        for w in seen {
            *df.entry(w).or_default() += 1;
        }
    }
    let dated: BTreeSet<(String, String)> = bundle
        .articles
        .iter()
        .map(|a| (story_of(&a.id), a.published.clone().unwrap()))
        .collect();
    let mut out = Vec::new();
    for topic in topics {
        let story = story_of(topic);
        let Ok(dir) = std::fs::read_dir(root.join(topic).join("timelines")) else {
            continue;
        };
        let mut files: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        let mut entries: BTreeMap<(String, usize), String> = BTreeMap::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for (i, block) in text.split("--------------------------------").enumerate() {
                let mut lines = block.lines().map(str::trim).filter(|l| !l.is_empty());
                let (Some(date), Some(first)) = (lines.next(), lines.next()) else {
                    continue;
                };
                if dated.contains(&(story.clone(), date.to_string())) {
                    entries
                        .entry((date.to_string(), i))
                        .or_insert_with(|| first.to_string());
                }
            }
        }
        let entries: Vec<_> = entries.into_iter().collect();
        let take = 5.min(entries.len());
        for k in 0..take {
            let ((date, _), sentence) = &entries[k * entries.len() / take];
            let mut words: Vec<(bool, usize, usize, String)> = Vec::new();
            for (pos, t) in tokenize(sentence).into_iter().enumerate() {
                let w = fold(&t.term);
                let d = df.get(&w).copied().unwrap_or(0);
                if w.chars().count() < 3
                    || w.chars().any(|c| c.is_numeric())
                    || STOP.contains(&w.as_str())
                    || d < 3
                {
                    continue;
                }
                let name =
                    pos > 0 && sentence[t.range.clone()].starts_with(|c: char| c.is_uppercase());
                if !words.iter().any(|x| x.3 == w) {
                    words.push((!name, d, pos, w));
                }
            }
            words.sort();
            words.truncate(4);
            words.sort_by_key(|w| w.2);
            if words.is_empty() {
                continue;
            }
            let text = words.into_iter().map(|w| w.3).collect::<Vec<_>>().join(" ");
            out.push(Query {
                story: story.clone(),
                date: date.clone(),
                text,
            });
        }
    }
    out
}
