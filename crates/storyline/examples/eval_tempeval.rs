//! Scores the temporal tagger against the TempEval-3 gold TimeML (TimeBank + AQUAINT).
//!
//! `cargo run --release -p storyline --example eval_tempeval [-- DATA_DIR] [--errors]`
//!
//! DATA_DIR defaults to `../shared/data/tempeval3/TBAQ-cleaned` relative to the workspace
//! root. Scoring follows the TempEval-3 scorer: strict (exact span) and relaxed (overlapping
//! span) precision/recall/F1, type accuracy over relaxed matches, and value F1 (a relaxed
//! match with the gold value; P = correct values / system timexes, R = correct / gold).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use storyline::timeml::{Document, Timex};

#[derive(Default, Clone, Copy)]
struct Score {
    gold: usize,
    sys: usize,
    strict: usize,
    relaxed: usize,
    typ: usize,
    value: usize,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.gold += o.gold;
        self.sys += o.sys;
        self.strict += o.strict;
        self.relaxed += o.relaxed;
        self.typ += o.typ;
        self.value += o.value;
    }
}

fn prf(correct: usize, sys: usize, gold: usize) -> (f64, f64, f64) {
    let p = if sys == 0 {
        0.0
    } else {
        correct as f64 / sys as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        correct as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (100.0 * p, 100.0 * r, 100.0 * f)
}

#[derive(Default)]
struct Errors {
    missed: BTreeMap<String, (usize, String)>,
    spurious: BTreeMap<String, (usize, String)>,
    value: BTreeMap<String, (usize, String)>,
    span: BTreeMap<String, (usize, String)>,
}

fn shape(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect()
}

fn bump(map: &mut BTreeMap<String, (usize, String)>, key: String, example: String) {
    let e = map.entry(key).or_insert((0, example));
    e.0 += 1;
}

fn context(plain: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(60);
    while !plain.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 60).min(plain.len());
    while !plain.is_char_boundary(b) {
        b += 1;
    }
    format!(
        "{}[{}]{}",
        &plain[a..start],
        &plain[start..end],
        &plain[end..b]
    )
    .replace('\n', " ")
}

fn score_doc(name: &str, doc: &Document, errors: &mut Errors) -> Score {
    let gold: &[Timex] = &doc.timexes;
    let sys = doc.tag();
    let mut s = Score {
        gold: gold.len(),
        sys: sys.len(),
        ..Score::default()
    };
    let mut used = vec![false; sys.len()];
    for g in gold {
        let exact = sys
            .iter()
            .position(|e| e.start == g.start && e.end == g.end);
        let overlap = exact.or_else(|| {
            sys.iter()
                .enumerate()
                .position(|(i, e)| !used[i] && e.start < g.end && g.start < e.end)
        });
        let Some(i) = overlap else {
            bump(
                &mut errors.missed,
                format!("{} {}", g.kind, shape(&g.text)),
                format!(
                    "{name}: {} = {}",
                    context(&doc.plain, g.start, g.end),
                    g.value
                ),
            );
            continue;
        };
        used[i] = true;
        let e = &sys[i];
        s.relaxed += 1;
        if exact.is_some() {
            s.strict += 1;
        } else {
            bump(
                &mut errors.span,
                format!("{} / {}", shape(&g.text), shape(&e.text)),
                format!("{name}: {}", context(&doc.plain, g.start, g.end)),
            );
        }
        if e.kind.as_str() == g.kind {
            s.typ += 1;
        }
        if e.value == g.value {
            s.value += 1;
        } else {
            bump(
                &mut errors.value,
                format!("{} [{}]", shape(&g.text), e.rule),
                format!(
                    "{name}: {} gold={} ({}) sys={} ({}) dct={:?}",
                    context(&doc.plain, e.start, e.end),
                    g.value,
                    g.kind,
                    e.value,
                    e.kind.as_str(),
                    doc.dct.map(|d| d.to_string())
                ),
            );
        }
    }
    for (i, e) in sys.iter().enumerate() {
        if !used[i] {
            bump(
                &mut errors.spurious,
                format!("{} {} [{}]", e.kind.as_str(), shape(&e.text), e.rule),
                format!(
                    "{name}: {} = {}",
                    context(&doc.plain, e.start, e.end),
                    e.value
                ),
            );
        }
    }
    s
}

/// FNV-1a hash of a file name: even = dev half (whose errors may be looked at when writing
/// rules), odd = held-out half (only its figures are looked at).
fn is_dev(name: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.is_multiple_of(2)
}

fn print_row(label: &str, s: &Score) {
    let (sp, sr, sf) = prf(s.strict, s.sys, s.gold);
    let (rp, rr, rf) = prf(s.relaxed, s.sys, s.gold);
    let (vp, vr, vf) = prf(s.value, s.sys, s.gold);
    let type_acc = if s.relaxed == 0 {
        0.0
    } else {
        100.0 * s.typ as f64 / s.relaxed as f64
    };
    println!(
        "{label:<9} {:>5} {:>5} | {sp:5.1} {sr:5.1} {sf:5.1} | {rp:5.1} {rr:5.1} {rf:5.1} | {type_acc:5.1} | {vp:5.1} {vr:5.1} {vf:5.1}",
        s.gold, s.sys
    );
}

fn print_top(title: &str, map: &BTreeMap<String, (usize, String)>, n: usize) {
    let total: usize = map.values().map(|v| v.0).sum();
    println!("\n== {title} ({total}) ==");
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (k, (count, example)) in v.into_iter().take(n) {
        println!("{count:4}  {k}\n        {example}");
    }
}

fn main() {
    let mut dir: Option<PathBuf> = None;
    let mut show_errors = false;
    let mut top = 40;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--errors" => show_errors = true,
            "--top" => top = args.next().and_then(|n| n.parse().ok()).unwrap_or(top),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/tempeval3/TBAQ-cleaned")
    });
    if !dir.is_dir() {
        println!("skipped: TempEval-3 data not found at {}", dir.display());
        return;
    }
    let mut total = Score::default();
    let mut halves = [Score::default(), Score::default()];
    let mut errors = Errors::default();
    let mut not_shown = Errors::default(); // the held-out half's errors
    let mut rows = Vec::new();
    for corpus in ["TimeBank", "AQUAINT"] {
        let Ok(entries) = std::fs::read_dir(dir.join(corpus)) else {
            println!("skipped: {corpus} not found in {}", dir.display());
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "tml"))
            .collect();
        files.sort();
        let mut s = Score::default();
        for f in &files {
            let Ok(raw) = std::fs::read_to_string(f) else {
                continue;
            };
            let Ok(doc) = Document::parse(&raw) else {
                continue;
            };
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let dev = is_dev(&name);
            // Only the dev half's errors are printed.
            let errs = if dev { &mut errors } else { &mut not_shown };
            let d = score_doc(&name, &doc, errs);
            halves[usize::from(!dev)].add(&d);
            s.add(&d);
        }
        total.add(&s);
        rows.push((corpus.to_string(), s, files.len()));
    }
    if show_errors {
        println!("(errors of the dev half only: file-name FNV-1a hash even)");
        print_top("wrong values (gold text [rule])", &errors.value, top);
        print_top("missed (gold type, text)", &errors.missed, top);
        print_top("spurious (type, text [rule])", &errors.spurious, top);
        print_top("span differences (gold / system)", &errors.span, top);
        println!();
    }
    println!("TempEval-3 timex evaluation, {}", dir.display());
    println!(
        "{:<9} {:>5} {:>5} | {:^17} | {:^17} | {:^5} | {:^17}",
        "corpus", "gold", "sys", "strict P R F1", "relaxed P R F1", "type", "value P R F1"
    );
    for (label, s, n) in &rows {
        print_row(label, s);
        let _ = n;
    }
    print_row("overall", &total);
    print_row("dev", &halves[0]);
    print_row("held-out", &halves[1]);
}
