//! Evaluation: are off-topic articles set aside, and the story's own articles kept?
//!
//! `cargo run --release -p storyline --example eval_topic [--list]` (data from
//! `../shared/data` beside the workspace). Each Timeline17 story (bpoil, H1N1, MJ, haiti,
//! Finan: its folders of every outlet) is built as `storyline build` builds a folder, with
//! off-topic articles mixed in: half as many as the story has, drawn evenly from the
//! other four stories and from the Giveme5W1H news clusters (69 unrelated events). A
//! mixed-in article is off topic by construction. The story's own articles were gathered
//! by keyword, so some are off topic too: 20 of each story's files, drawn evenly, are
//! labelled by hand in `examples/topic_gold.tsv` (`path`, `on` or `off`, and a note), and
//! so is every one of its files the method set aside. Precision counts every article set
//! aside (all labelled); recall counts the mixed-in articles and the drawn sample. Tuned on bpoil and MJ; reported on H1N1, haiti and
//! Finan. The last column gives how many of the story's own articles are set aside when
//! it is built alone, without the mixed-in articles. The baseline sets aside an article that names none of the three words the
//! story's articles use in the most articles (stopwords and words of fewer than four
//! letters left out).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use storyline::ingest::{Corpus, InputFile};

const STORIES: [(&str, &str); 5] = [
    ("bpoil", "tune"),
    ("MJ", "tune"),
    ("H1N1", "report"),
    ("haiti", "report"),
    ("Finan", "report"),
];

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let (t17, w5) = (data.join("t17"), data.join("giveme5w1h/news_cluster/data"));
    if !t17.is_dir() || !w5.is_dir() {
        println!(
            "skipped: Timeline17 or Giveme5W1H not found under {}",
            data.display()
        );
        return;
    }
    let list = std::env::args().any(|a| a == "--list");
    let gold = read_gold();
    let files: BTreeMap<&str, Vec<InputFile>> = STORIES
        .iter()
        .map(|&(s, _)| (s, story_files(&t17, s)))
        .collect();
    let others = news_clusters(&w5);
    println!("story    half     arts  mixed  labelled  method P/R/F1        baseline P/R/F1     own set aside (method / baseline; method on the story alone)");
    let mut totals: BTreeMap<&str, [Counts; 2]> = BTreeMap::new();
    for &(story, half) in &STORIES {
        let own = &files[story];
        let want = own.len() / 2;
        let mut sources: Vec<&[InputFile]> = STORIES
            .iter()
            .filter(|&&(s, _)| s != story)
            .map(|&(s, _)| files[s].as_slice())
            .collect();
        sources.push(&others);
        let mixed = evenly(&sources, want);
        let mut corpus_files: Vec<InputFile> = own.clone();
        corpus_files.extend(mixed.iter().cloned());
        corpus_files.sort_by(|a, b| a.path.cmp(&b.path));
        let corpus = Corpus {
            root: t17.clone(),
            files: corpus_files,
            ..Corpus::default()
        };
        let (bundle, _) = storyline::build_bundle(&corpus);
        let aside: HashMap<&str, &str> = bundle
            .articles
            .iter()
            .flat_map(|a| {
                let r = a.set_aside.as_deref();
                std::iter::once(a.source_file.as_str())
                    .chain(a.duplicates.iter().map(String::as_str))
                    .map(move |f| (f, r))
            })
            .filter_map(|(f, r)| Some((f, r?)))
            .collect();
        let baseline = baseline_aside(&corpus);
        // Truth: mixed-in articles are off; the story's own, as labelled by hand (and
        // whether drawn in the sample, which recall counts).
        let mut truth: Vec<(&str, bool, bool)> = mixed
            .iter()
            .map(|f| (f.path.as_str(), true, true))
            .collect();
        for f in own {
            if let Some(&(off, drawn)) = gold.get(f.path.as_str()) {
                truth.push((f.path.as_str(), off, drawn));
            }
        }
        let method = Counts::of(&truth, |p| aside.contains_key(p));
        let base = Counts::of(&truth, |p| baseline.contains(p));
        let own_aside = own
            .iter()
            .filter(|f| aside.contains_key(f.path.as_str()))
            .count();
        let own_base = own
            .iter()
            .filter(|f| baseline.contains(f.path.as_str()))
            .count();
        // The story alone, as its folder is: what a clean corpus loses.
        let alone = Corpus {
            root: t17.clone(),
            files: own.clone(),
            ..Corpus::default()
        };
        let alone_aside = storyline::build_bundle(&alone)
            .0
            .articles
            .iter()
            .filter(|a| a.set_aside.is_some())
            .count();
        println!(
            "{story:8} {half:7} {:5} {:6} {:9}  {}  {}  {own_aside} / {own_base} of {}; alone {alone_aside}",
            own.len(),
            mixed.len(),
            truth.len() - mixed.len(),
            method.prf(),
            base.prf(),
            own.len()
        );
        let t = totals.entry(half).or_default();
        t[0].add(&method);
        t[1].add(&base);
        if list {
            for f in own.iter().filter(|f| aside.contains_key(f.path.as_str())) {
                let title = bundle
                    .articles
                    .iter()
                    .find(|a| a.source_file == f.path)
                    .map(|a| a.title.chars().take(90).collect::<String>())
                    .unwrap_or_default();
                println!("  own set aside: {}\t{title}", f.path);
            }
            for f in mixed
                .iter()
                .filter(|f| !aside.contains_key(f.path.as_str()))
            {
                println!("  mixed kept: {}", f.path);
            }
        }
    }
    for (half, [m, b]) in &totals {
        println!("{:8} {half:7} {:>33}  {}  {}", "all", "", m.prf(), b.prf());
    }
}

/// Confusion counts for "off topic" as the positive class.
#[derive(Default, Clone)]
struct Counts {
    tp: usize,
    tp_undrawn: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    /// Precision over every labelled article; recall over the drawn ones only (an
    /// article labelled because the method set it aside would flatter its recall).
    fn of(truth: &[(&str, bool, bool)], said_off: impl Fn(&str) -> bool) -> Counts {
        let mut c = Counts::default();
        for &(path, off, drawn) in truth {
            match (off, said_off(path)) {
                (true, true) if drawn => c.tp += 1,
                (true, true) => c.tp_undrawn += 1,
                (false, true) => c.fp += 1,
                (true, false) if drawn => c.fn_ += 1,
                _ => {}
            }
        }
        c
    }

    fn add(&mut self, o: &Counts) {
        self.tp += o.tp;
        self.tp_undrawn += o.tp_undrawn;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    fn prf(&self) -> String {
        let said = self.tp + self.tp_undrawn;
        let p = said as f64 / (said + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        format!("{p:.3}/{r:.3}/{f:.3}")
    }
}

/// Every article file of one Timeline17 story, all outlets, paths relative to `t17/`.
fn story_files(t17: &Path, story: &str) -> Vec<InputFile> {
    let mut out = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(t17)
        .expect("t17")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{story}_")))
        })
        .collect();
    folders.sort();
    for folder in folders {
        let mut paths = Vec::new();
        walk(&folder.join("InputDocs"), &mut paths);
        paths.sort();
        for p in paths {
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            let path = p
                .strip_prefix(t17)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(InputFile { path, bytes });
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The Giveme5W1H articles, as `5w1h/<file>.json`.
fn news_clusters(dir: &Path) -> Vec<InputFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("5w1h")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let name = p.file_name()?.to_string_lossy().to_string();
            Some(InputFile {
                path: format!("5w1h/{name}"),
                bytes,
            })
        })
        .collect()
}

/// `want` files drawn evenly from the sources (each source's share spread over it).
fn evenly(sources: &[&[InputFile]], want: usize) -> Vec<InputFile> {
    let k = sources.len();
    let mut out = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        let share = want / k + usize::from(i < want % k);
        let share = share.min(source.len());
        for j in 0..share {
            out.push(source[j * source.len() / share.max(1)].clone());
        }
    }
    out
}

/// The hand labels: path → (off topic, drawn in the sample).
fn read_gold() -> HashMap<String, (bool, bool)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/topic_gold.tsv");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let path = parts.next()?.to_string();
            let label = parts.next()?;
            let drawn = parts.next()?.starts_with("sample");
            Some((path, (label == "off", drawn)))
        })
        .collect()
}

/// The baseline: files that name none of the three words used in the most files.
fn baseline_aside(corpus: &Corpus) -> std::collections::HashSet<&str> {
    let words = |f: &InputFile| -> std::collections::HashSet<String> {
        String::from_utf8_lossy(&f.bytes)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 4)
            .map(str::to_lowercase)
            .filter(|w| !STOP.contains(&w.as_str()))
            .collect()
    };
    let sets: Vec<_> = corpus.files.iter().map(words).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for s in &sets {
        for w in s {
            *df.entry(w.as_str()).or_default() += 1;
        }
    }
    let mut top: Vec<(&str, usize)> = df.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top: Vec<&str> = top.iter().take(3).map(|&(w, _)| w).collect();
    corpus
        .files
        .iter()
        .zip(&sets)
        .filter(|(_, s)| !top.iter().any(|w| s.contains(*w)))
        .map(|(f, _)| f.path.as_str())
        .collect()
}

/// Common English words of four letters or more, which no story owns.
const STOP: &[&str] = &[
    "about", "after", "also", "been", "before", "being", "could", "from", "have", "into", "more",
    "most", "other", "over", "said", "says", "some", "than", "that", "their", "them", "there",
    "these", "they", "this", "those", "were", "what", "when", "which", "while", "will", "with",
    "would", "year", "years", "people", "just", "like", "only", "time", "told", "where", "your",
    "first", "last", "week", "new", "news",
];
