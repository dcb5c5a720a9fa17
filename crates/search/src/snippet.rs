//! Reads a candidate document's text against the query: which words match where, whether
//! its phrases occur, how close the query words stand (proximity), and the passage to show.

use crate::analyze::{is_stopword, Analyzer};
use crate::HitKind;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use storyline_model::text::tokenize;
use storyline_model::Bundle;

/// One token of a phrase to check against the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PhraseTok {
    /// A stopword, compared folded.
    Stop(String),
    /// A word, matched through its atom's dictionary terms.
    Atom(usize),
}

/// Recognizes the tokens of a text that match query atoms.
pub(crate) struct Matcher<'a> {
    analyzer: &'a Analyzer,
    /// Dictionary term -> atoms it belongs to.
    terms: HashMap<String, Vec<usize>>,
    /// First three bytes of every term: a cheap filter before stemming a token.
    heads: HashSet<Vec<u8>>,
    /// Atom -> positive clause, for coverage and proximity.
    atom_clause: Vec<Option<usize>>,
    clauses: usize,
}

fn head(s: &str) -> Vec<u8> {
    s.as_bytes()[..s.len().min(3)].to_vec()
}

impl<'a> Matcher<'a> {
    pub fn new(
        analyzer: &'a Analyzer,
        atom_terms: &[Vec<String>],
        atom_clause: Vec<Option<usize>>,
        clauses: usize,
    ) -> Self {
        let mut terms: HashMap<String, Vec<usize>> = HashMap::new();
        let mut heads = HashSet::new();
        for (a, list) in atom_terms.iter().enumerate() {
            for t in list {
                heads.insert(head(t));
                terms.entry(t.clone()).or_default().push(a);
            }
        }
        Matcher {
            analyzer,
            terms,
            heads,
            atom_clause,
            clauses,
        }
    }

    /// False only when no token of `text` can match: an ASCII text holding none of the
    /// terms' heads. Saves tokenizing most sentences of a long article.
    fn may_match(&self, text: &str) -> bool {
        if !text.is_ascii() {
            return true;
        }
        let lower = text.to_ascii_lowercase();
        self.heads
            .iter()
            .any(|h| std::str::from_utf8(h).is_ok_and(|h| lower.contains(h)))
    }

    fn atoms_of(&self, folded: &str) -> &[usize] {
        if is_stopword(folded) || !self.heads.contains(&head(folded)) {
            return &[];
        }
        self.terms
            .get(&self.analyzer.stem(folded))
            .map_or(&[], Vec::as_slice)
    }
}

/// A passage of a document: an article's title or one of its sentences, an event's title
/// or one of its quotes, an entity's names.
pub(crate) struct Part<'b> {
    pub text: std::borrow::Cow<'b, str>,
    pub sentence: Option<usize>,
    pub is_title: bool,
}

pub(crate) fn parts(bundle: &Bundle, kind: HitKind, ext: usize) -> Vec<Part<'_>> {
    let title = |t: &str| Part {
        text: t.to_string().into(),
        sentence: None,
        is_title: true,
    };
    match kind {
        HitKind::Article => {
            let Some(a) = bundle.articles.get(ext) else {
                return vec![];
            };
            let mut out = vec![Part {
                text: a.title.as_str().into(),
                ..title("")
            }];
            for (n, (p, r)) in a.sentences().into_iter().enumerate() {
                if let Some(text) = a.paragraphs.get(p).and_then(|para| para.get(r)) {
                    out.push(Part {
                        text: text.into(),
                        sentence: Some(n),
                        is_title: false,
                    });
                }
            }
            out
        }
        HitKind::Event => {
            let Some(e) = bundle.events.get(ext) else {
                return vec![];
            };
            let mut out = vec![Part {
                text: e.title.as_str().into(),
                ..title("")
            }];
            out.extend(e.mentions.iter().map(|m| Part {
                text: m.text.as_str().into(),
                sentence: None,
                is_title: false,
            }));
            out
        }
        HitKind::Entity => {
            let Some(e) = bundle.entities.get(ext) else {
                return vec![];
            };
            let text = if e.aliases.is_empty() {
                e.name.clone()
            } else {
                format!("{} ({})", e.name, e.aliases.join(", "))
            };
            vec![Part {
                text: text.into(),
                sentence: None,
                is_title: true,
            }]
        }
    }
}

/// What reading a document found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    /// Per phrase of the plan: does it occur?
    pub phrases: Vec<bool>,
    /// Positive clauses matched in the best passage, and the token span covering them.
    pub covered: usize,
    pub span: usize,
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
    pub sentence: Option<usize>,
}

impl Scan {
    /// 0..=1: how much of the query the best passage holds, and how tightly.
    pub fn proximity(&self, clauses: usize) -> f32 {
        if clauses < 2 || self.covered < 2 {
            return 0.0;
        }
        let coverage = (self.covered - 1) as f32 / (clauses - 1) as f32;
        coverage * (self.covered as f32 / self.span.max(1) as f32).min(1.0)
    }
}

const SNIPPET_BYTES: usize = 220;

struct Best {
    key: (usize, bool, std::cmp::Reverse<usize>),
    part: usize,
    window: Range<usize>,
    ranges: Vec<Range<usize>>,
    span: usize,
}

/// Reads a document's passages once.
pub(crate) fn scan(
    matcher: &Matcher<'_>,
    phrases: &[Vec<PhraseTok>],
    bundle: &Bundle,
    kind: HitKind,
    ext: usize,
) -> Scan {
    let parts = parts(bundle, kind, ext);
    let mut found = vec![false; phrases.len()];
    let mut best: Option<Best> = None;
    for (pi, part) in parts.iter().enumerate() {
        if !matcher.may_match(&part.text) {
            let key = (0, !part.is_title, std::cmp::Reverse(usize::MAX));
            if best.as_ref().is_none_or(|b| key > b.key) {
                best = Some(Best {
                    key,
                    part: pi,
                    window: 0..0,
                    ranges: vec![],
                    span: usize::MAX,
                });
            }
            continue;
        }
        let tokens = tokenize(&part.text);
        let atoms: Vec<&[usize]> = tokens.iter().map(|t| matcher.atoms_of(&t.term)).collect();
        for (f, phrase) in found.iter_mut().zip(phrases) {
            if !*f && !phrase.is_empty() {
                *f = (0..tokens.len().saturating_sub(phrase.len() - 1)).any(|i| {
                    phrase.iter().enumerate().all(|(k, pt)| match pt {
                        PhraseTok::Stop(w) => tokens[i + k].term == *w,
                        PhraseTok::Atom(a) => atoms[i + k].contains(a),
                    })
                });
            }
        }
        // Matched tokens with their clauses.
        let mut hits: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut ranges = Vec::new();
        for (i, list) in atoms.iter().enumerate() {
            if !list.is_empty() {
                ranges.push(tokens[i].range.clone());
                let clauses: Vec<usize> = list
                    .iter()
                    .filter_map(|&a| matcher.atom_clause.get(a).copied().flatten())
                    .collect();
                if !clauses.is_empty() {
                    hits.push((i, clauses));
                }
            }
        }
        let covered: HashSet<usize> = hits.iter().flat_map(|(_, c)| c.iter().copied()).collect();
        let (span, window) = min_window(&hits, covered.len(), matcher.clauses)
            .map(|(a, b)| {
                (
                    hits[b].0 - hits[a].0 + 1,
                    tokens[hits[a].0].range.start..tokens[hits[b].0].range.end,
                )
            })
            .unwrap_or((usize::MAX, 0..0));
        let key = (covered.len(), !part.is_title, std::cmp::Reverse(span));
        if best.as_ref().is_none_or(|b| key > b.key) {
            best = Some(Best {
                key,
                part: pi,
                window,
                ranges,
                span,
            });
        }
    }
    let mut out = Scan {
        phrases: found,
        ..Scan::default()
    };
    let Some(mut best) = best else { return out };
    if best.key.0 == 0 && kind == HitKind::Article && parts.len() > 1 && best.ranges.is_empty() {
        // Nothing to show a match for (browsing): show the lead sentence.
        best.part = 1;
    }
    let part = &parts[best.part];
    out.covered = best.key.0;
    out.span = best.span;
    out.sentence = part.sentence;
    let (snippet, highlights) = trim(&part.text, best.window, &best.ranges);
    out.snippet = snippet;
    out.highlights = highlights;
    out
}

/// The shortest run of matched tokens covering `want` distinct clauses: (first, last)
/// indexes into `hits`.
fn min_window(hits: &[(usize, Vec<usize>)], want: usize, clauses: usize) -> Option<(usize, usize)> {
    if want == 0 {
        return None;
    }
    let mut best: Option<(usize, usize)> = None;
    let mut seen = vec![0usize; clauses];
    for a in 0..hits.len() {
        seen.iter_mut().for_each(|s| *s = 0);
        let mut distinct = 0;
        for b in a..hits.len() {
            for &c in &hits[b].1 {
                if c < clauses {
                    if seen[c] == 0 {
                        distinct += 1;
                    }
                    seen[c] += 1;
                }
            }
            if distinct == want {
                if best.is_none_or(|(x, y)| hits[b].0 - hits[a].0 < hits[y].0 - hits[x].0) {
                    best = Some((a, b));
                }
                break;
            }
        }
    }
    best
}

/// Cuts a passage to about [`SNIPPET_BYTES`] around `window`, and moves the highlights.
fn trim(
    text: &str,
    window: Range<usize>,
    ranges: &[Range<usize>],
) -> (String, Vec<(usize, usize)>) {
    let (mut start, mut end) = (0, text.len());
    if text.len() > SNIPPET_BYTES {
        let w = if window.is_empty() { 0..0 } else { window };
        if w.end - w.start >= SNIPPET_BYTES {
            start = w.start;
        } else {
            let pad = (SNIPPET_BYTES - (w.end - w.start)) / 3;
            start = w.start.saturating_sub(pad);
        }
        end = (start + SNIPPET_BYTES).min(text.len());
        start = end.saturating_sub(SNIPPET_BYTES).min(start);
        while !text.is_char_boundary(start) {
            start += 1;
        }
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        // Start and end on word boundaries.
        if start > 0 {
            if let Some(sp) = text[start..end]
                .find(' ')
                .filter(|&sp| sp < 20 && start + sp < w.start.max(start))
            {
                start += sp + 1;
            }
        }
        if end < text.len() {
            if let Some(sp) = text[start..end]
                .rfind(' ')
                .filter(|&sp| end - (start + sp) < 20 && start + sp >= w.end)
            {
                end = start + sp;
            }
        }
    }
    let lead = if start > 0 { "…" } else { "" };
    let mut snippet = String::with_capacity(end - start + 6);
    snippet.push_str(lead);
    snippet.push_str(&text[start..end]);
    if end < text.len() {
        snippet.push('…');
    }
    let highlights = ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| (r.start - start + lead.len(), r.end - start + lead.len()))
        .collect();
    (snippet, highlights)
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn trims_long_passages_around_the_match() {
        let text = "word ".repeat(100) + "Istanbul talks" + &" more".repeat(100);
        let at = text.find("Istanbul").unwrap();
        let ranges = vec![at..at + 8];
        let (s, h) = trim(&text, at..at + 14, &ranges);
        assert!(s.len() <= SNIPPET_BYTES + 6, "{}", s.len());
        assert!(s.starts_with('…') && s.ends_with('…'));
        assert_eq!(&s[h[0].0..h[0].1], "Istanbul");
    }

    #[test]
    fn keeps_short_passages_whole() {
        let ranges = vec![9..17];
        let (s, h) = trim("Talks in Türkiye.", 9..17, &ranges);
        assert_eq!(s, "Talks in Türkiye.");
        assert_eq!(h, [(9, 17)]);
    }
}
