//! Reads a candidate document's text against the query: which words match where, whether
//! its phrases occur, how close the query words stand (proximity), and the passage to show.

use crate::analyze::{is_stopword, Analyzer};
use crate::HitKind;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use storyline_model::text::{fold, for_each_word, sentences, tokenize};
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
    /// Dictionary term -> index into `term_atoms`.
    terms: HashMap<String, usize>,
    /// Per term: the atoms it belongs to.
    term_atoms: Vec<Vec<usize>>,
    /// First three bytes of every term (see [`head_key`]), sorted: a cheap filter before
    /// stemming a token.
    heads: Vec<u32>,
    /// First bytes of the heads: a cheaper filter still.
    first: [bool; 256],
    /// Folded word -> its term, for the words that passed the filters (stemming is the
    /// costly step, and a query's words recur across its candidates).
    seen: RefCell<HashMap<String, Option<usize>, BuildFnv>>,
    /// Atom -> positive clause, for coverage and proximity.
    atom_clause: Vec<Option<usize>>,
    clauses: usize,
}

/// FNV-1a: short words hash much faster than with the default SipHash, and the keys are
/// the document's words, not an attacker's.
#[derive(Default, Clone, Copy)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = h;
    }
}

type BuildFnv = std::hash::BuildHasherDefault<Fnv>;

/// A word's first three bytes (ASCII letters lowercased) and their count, as one number.
fn head_key(s: &[u8]) -> u32 {
    let mut key = s.len().min(3) as u32;
    for &b in &s[..s.len().min(3)] {
        key = key << 8 | u32::from(b.to_ascii_lowercase());
    }
    key << (8 * (3 - s.len().min(3)))
}

/// A matched token of a text: its index among the text's tokens, its byte range, its atoms.
pub(crate) type TokenHit<'m> = (usize, Range<usize>, &'m [usize]);

/// How well one passage matches: positive clauses covered, the token span covering them,
/// that span's byte range, and the byte ranges of every matched token.
struct Assessed {
    covered: usize,
    span: usize,
    window: Range<usize>,
    ranges: Vec<Range<usize>>,
}

impl<'a> Matcher<'a> {
    pub fn new(
        analyzer: &'a Analyzer,
        atom_terms: &[Vec<String>],
        atom_clause: Vec<Option<usize>>,
        clauses: usize,
    ) -> Self {
        let mut terms: HashMap<String, usize> = HashMap::new();
        let mut term_atoms: Vec<Vec<usize>> = Vec::new();
        let mut heads = Vec::new();
        let mut first = [false; 256];
        for (a, list) in atom_terms.iter().enumerate() {
            for t in list {
                if let Some(&b) = t.as_bytes().first() {
                    first[usize::from(b)] = true;
                }
                heads.push(head_key(t.as_bytes()));
                let i = *terms.entry(t.clone()).or_insert_with(|| {
                    term_atoms.push(Vec::new());
                    term_atoms.len() - 1
                });
                term_atoms[i].push(a);
            }
        }
        heads.sort_unstable();
        heads.dedup();
        Matcher {
            analyzer,
            terms,
            term_atoms,
            heads,
            first,
            seen: RefCell::new(HashMap::default()),
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
        self.heads.iter().any(|&h| {
            let len = (h >> 24) as usize;
            let bytes = [(h >> 16) as u8, (h >> 8) as u8, h as u8];
            std::str::from_utf8(&bytes[..len]).is_ok_and(|h| lower.contains(h))
        })
    }

    /// The atoms a folded token matches.
    fn atoms_of(&self, folded: &str) -> &[usize] {
        let known = self.seen.borrow().get(folded).copied();
        let term = match known {
            Some(t) => t,
            None => {
                let t = if is_stopword(folded)
                    || self
                        .heads
                        .binary_search(&head_key(folded.as_bytes()))
                        .is_err()
                {
                    None
                } else {
                    self.terms.get(&self.analyzer.stem(folded)).copied()
                };
                self.seen.borrow_mut().insert(folded.to_string(), t);
                t
            }
        };
        term.map_or(&[], |t| self.term_atoms[t].as_slice())
    }

    /// The matched tokens of `text`, in order, appended to `out`: the tokens of
    /// [`tokenize`] whose atoms are not empty, found without folding the words that cannot
    /// match (an ASCII word whose first letters start no term).
    pub fn hits<'m>(&'m self, text: &str, out: &mut Vec<TokenHit<'m>>) {
        let mut n = 0;
        let mut lower = String::new();
        for_each_word(text, |range| {
            let word = &text[range.clone()];
            let atoms = if word.is_ascii() {
                let b = word.as_bytes();
                if self.first[usize::from(b[0].to_ascii_lowercase())]
                    && self.heads.binary_search(&head_key(b)).is_ok()
                {
                    lower.clear();
                    lower.push_str(word);
                    lower.make_ascii_lowercase();
                    self.atoms_of(&lower)
                } else {
                    &[]
                }
            } else {
                let folded = fold(word);
                if folded.is_empty() {
                    return; // Not a token.
                }
                self.atoms_of(&folded)
            };
            if !atoms.is_empty() {
                out.push((n, range, atoms));
            }
            n += 1;
        });
    }

    /// Coverage, span and highlights of a passage from its matched tokens.
    fn assess(&self, hits: &[TokenHit<'_>]) -> Assessed {
        let mut ranges = Vec::with_capacity(hits.len());
        let mut clause_hits: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut at: Vec<Range<usize>> = Vec::new();
        for (i, range, list) in hits {
            ranges.push(range.clone());
            let clauses: Vec<usize> = list
                .iter()
                .filter_map(|&a| self.atom_clause.get(a).copied().flatten())
                .collect();
            if !clauses.is_empty() {
                clause_hits.push((*i, clauses));
                at.push(range.clone());
            }
        }
        let covered: HashSet<usize> = clause_hits
            .iter()
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        let (span, window) = min_window(&clause_hits, covered.len(), self.clauses)
            .map(|(a, b)| {
                (
                    clause_hits[b].0 - clause_hits[a].0 + 1,
                    at[a].start..at[b].end,
                )
            })
            .unwrap_or((usize::MAX, 0..0));
        Assessed {
            covered: covered.len(),
            span,
            window,
            ranges,
        }
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

/// Where a document's best passage lies, for [`finish`] to cut its snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Loc {
    /// The article's or event's title, the entity's names.
    Title,
    /// An article's paragraph and the index of the sentence within it.
    Sentence { para: usize, nth: usize },
    /// An event's quote.
    Mention(usize),
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
    /// Set by [`scan_fast`]: the best passage, whose snippet [`finish`] builds; the window
    /// and ranges are relative to the paragraph for a sentence, else to the passage.
    pub pending: Option<(Loc, Range<usize>, Vec<Range<usize>>)>,
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
/// [`scan_fast`] reads a document's passages until it has read this many bytes: the few
/// very long documents (whole web pages with comments, up to 700 KB in Timeline17) cost
/// no more than a long article, and their best passage is sought in their first 16 KB.
const SCAN_BYTES: usize = 16 * 1024;

struct Best {
    key: (usize, bool, std::cmp::Reverse<usize>),
    part: usize,
    window: Range<usize>,
    ranges: Vec<Range<usize>>,
    span: usize,
}

/// Reads a document's passages once, checking phrases too (the slow path: every passage
/// is tokenized and folded).
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
        let hits: Vec<TokenHit<'_>> = atoms
            .iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(i, list)| (i, tokens[i].range.clone(), *list))
            .collect();
        let a = matcher.assess(&hits);
        let key = (a.covered, !part.is_title, std::cmp::Reverse(a.span));
        if best.as_ref().is_none_or(|b| key > b.key) {
            best = Some(Best {
                key,
                part: pi,
                window: a.window,
                ranges: a.ranges,
                span: a.span,
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

/// Reads a document for a query without phrases: the same best passage, coverage and span
/// as [`scan`] within the first [`SCAN_BYTES`] of text, but only the words that can match are folded and stemmed, an article's
/// paragraphs are split into sentences only when they hold a match, and the snippet is
/// left for [`finish`] (only the hits shown need one).
pub(crate) fn scan_fast(matcher: &Matcher<'_>, bundle: &Bundle, kind: HitKind, ext: usize) -> Scan {
    type Key = (usize, bool, std::cmp::Reverse<usize>);
    let mut best: Option<(Key, Loc, Assessed)> = None;
    // Passages come in document order; a later passage wins only with a better key.
    let mut consider = |is_title: bool, loc: Loc, a: Assessed| {
        let key = (a.covered, !is_title, std::cmp::Reverse(a.span));
        if best.as_ref().is_none_or(|b| key > b.0) {
            best = Some((key, loc, a));
        }
    };
    let mut hits = Vec::new();
    let mut lead = None;
    match kind {
        HitKind::Article => {
            let Some(art) = bundle.articles.get(ext) else {
                return Scan::default();
            };
            matcher.hits(&art.title, &mut hits);
            consider(true, Loc::Title, matcher.assess(&hits));
            let mut read = 0;
            for (p, para) in art.paragraphs.iter().enumerate() {
                if read >= SCAN_BYTES {
                    break;
                }
                read += para.len();
                hits.clear();
                matcher.hits(para, &mut hits);
                if hits.is_empty() {
                    // Its sentences match nothing: after the lead sentence (as good or
                    // better, and earlier), none of them can be the best.
                    if lead.is_none() && !para.trim().is_empty() {
                        lead = Some(p);
                        consider(
                            false,
                            Loc::Sentence { para: p, nth: 0 },
                            matcher.assess(&[]),
                        );
                    }
                    continue;
                }
                // Words never straddle sentences: the paragraph's tokens, split by
                // sentence, are each sentence's tokens (indexes shifted alike).
                let mut k = 0;
                for (nth, r) in sentences(para).into_iter().enumerate() {
                    lead.get_or_insert(p);
                    let from = k;
                    while k < hits.len() && hits[k].1.start < r.end {
                        k += 1;
                    }
                    consider(
                        false,
                        Loc::Sentence { para: p, nth },
                        matcher.assess(&hits[from..k]),
                    );
                }
            }
        }
        HitKind::Event => {
            let Some(e) = bundle.events.get(ext) else {
                return Scan::default();
            };
            matcher.hits(&e.title, &mut hits);
            consider(true, Loc::Title, matcher.assess(&hits));
            let mut read = 0;
            for (i, m) in e.mentions.iter().enumerate() {
                if read >= SCAN_BYTES {
                    break;
                }
                read += m.text.len();
                hits.clear();
                matcher.hits(&m.text, &mut hits);
                consider(false, Loc::Mention(i), matcher.assess(&hits));
            }
        }
        HitKind::Entity => {
            let Some(part) = parts(bundle, kind, ext).pop() else {
                return Scan::default();
            };
            matcher.hits(&part.text, &mut hits);
            consider(true, Loc::Title, matcher.assess(&hits));
        }
    }
    let Some((key, mut loc, a)) = best else {
        return Scan::default();
    };
    if let (0, Some(p), true) = (key.0, lead, a.ranges.is_empty()) {
        // Nothing to show a match for (browsing): show the lead sentence.
        loc = Loc::Sentence { para: p, nth: 0 };
    }
    Scan {
        covered: a.covered,
        span: a.span,
        pending: Some((loc, a.window, a.ranges)),
        ..Scan::default()
    }
}

/// Cuts the snippet of a [`scan_fast`] result (a no-op for [`scan`] results).
pub(crate) fn finish(scan: &mut Scan, bundle: &Bundle, kind: HitKind, ext: usize) {
    let Some((loc, window, ranges)) = scan.pending.take() else {
        return;
    };
    let owned;
    let (text, offset, sentence): (&str, usize, Option<usize>) = match (kind, &loc) {
        (HitKind::Article, Loc::Title) => match bundle.articles.get(ext) {
            Some(a) => (&a.title, 0, None),
            None => return,
        },
        (HitKind::Article, &Loc::Sentence { para, nth }) => {
            let Some(a) = bundle.articles.get(ext) else {
                return;
            };
            let before: usize = a.paragraphs[..para]
                .iter()
                .map(|p| sentences(p).len())
                .sum();
            let Some(r) = sentences(&a.paragraphs[para]).into_iter().nth(nth) else {
                return;
            };
            (&a.paragraphs[para][r.clone()], r.start, Some(before + nth))
        }
        (HitKind::Event, Loc::Title) => match bundle.events.get(ext) {
            Some(e) => (&e.title, 0, None),
            None => return,
        },
        (HitKind::Event, &Loc::Mention(i)) => {
            match bundle.events.get(ext).and_then(|e| e.mentions.get(i)) {
                Some(m) => (&m.text, 0, None),
                None => return,
            }
        }
        _ => {
            owned = parts(bundle, kind, ext).pop().map(|p| p.text.into_owned());
            match &owned {
                Some(t) => (t, 0, None),
                None => return,
            }
        }
    };
    let shift = |r: &Range<usize>| r.start - offset..r.end - offset;
    let window = if window.is_empty() {
        0..0
    } else {
        shift(&window)
    };
    let ranges: Vec<Range<usize>> = ranges.iter().map(shift).collect();
    let (snippet, highlights) = trim(text, window, &ranges);
    scan.snippet = snippet;
    scan.highlights = highlights;
    scan.sentence = sentence;
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
