//! Runs a parsed query: expands words into dictionary terms, scores with BM25F, applies
//! exclusions, phrases and filters, counts facets, reranks by proximity and builds hits.

use crate::analyze::is_stopword;
use crate::format::Reader;
use crate::fuzzy::Fuzzy;
use crate::query::{ParsedQuery, QueryWord};
use crate::snippet::{finish, scan, Matcher, PhraseTok, Scan, Scratch, SCAN_BYTES};
use crate::{date_span, FacetCount, Facets, Filters, Hit, HitKind, SearchIndex, SearchResults};
use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Streamer};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use storyline_model::text::fold;
use storyline_model::Bundle;

const K1: f32 = 1.2;
pub(crate) const B: f32 = 0.75;
/// Field weights (title, body) per kind slot: articles, events, entities.
const FIELD_WEIGHTS: [[f32; 2]; 3] = [[3.0, 1.0], [2.0, 1.0], [3.0, 2.0]];
/// Weight of a prefix expansion and of a one-edit typo match, against 1.0 for the word.
const PREFIX_WEIGHT: f32 = 0.8;
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.7, 0.5];
/// Typo tolerance applies to words found at most this many times as themselves.
const RARE_DF: u64 = 2;
/// At most this many terms a prefix expands to (the most frequent).
const MAX_PREFIX_TERMS: usize = 40;
/// Candidates reranked by proximity beyond the requested limit. Each is read (up to
/// `SCAN_BYTES`), which is most of a query's time. recall@10 on the Timeline17 relevance
/// queries is no better with 30 than with 10, nor with 10 than with 5 (the same recall@10
/// and hit@10 on the same day, one relevant article fewer at +1 day; docs/benchmarks.md),
/// and 5 reads a quarter fewer documents for the slowest queries.
const RERANK_EXTRA: usize = 5;

/// Documents and their scores (all above 0), by document.
type Scores = Vec<(u32, f32)>;

/// One query word, as the dictionary terms that match it, with weights.
#[derive(Debug, Clone, Default)]
pub(crate) struct Atom {
    pub terms: Vec<(String, u64, f32)>,
}

impl Atom {
    fn add(&mut self, term: String, offset: u64, weight: f32) {
        match self.terms.iter_mut().find(|t| t.0 == term) {
            Some(t) => t.2 = t.2.max(weight),
            None => self.terms.push((term, offset, weight)),
        }
    }
}

/// A condition on documents: any alternative, each a list of atoms that must all match;
/// a phrase clause must also find its phrase in the text.
#[derive(Debug, Clone)]
pub(crate) struct Clause {
    pub alts: Vec<Vec<usize>>,
    pub phrase: Option<usize>,
}

#[derive(Debug, Default)]
pub(crate) struct Plan {
    pub atoms: Vec<Atom>,
    pub clauses: Vec<Clause>,
    pub excluded: Vec<Clause>,
    pub phrases: Vec<Vec<PhraseTok>>,
    /// Non-stopword query words and their atom, for suggestions.
    pub words: Vec<(String, usize)>,
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Typo budget by word length: 1 edit from 5 letters, 2 from 9.
pub(crate) fn typo_budget(chars: usize) -> u32 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl SearchIndex {
    fn df_at(&self, offset: u64) -> u64 {
        Reader::at(&self.postings, offset as usize)
            .varint()
            .unwrap_or(0)
    }

    /// Dictionary terms within `distance` edits of any of `words` (at most two), in order.
    fn fuzzy(&self, words: &[&str], distance: u32) -> Vec<(String, u64)> {
        let Some(lev) = Fuzzy::new(words, distance) else {
            return vec![];
        };
        let mut out = Vec::new();
        let mut stream = self.dict.search(&lev).into_stream();
        while let Some((k, v)) = stream.next() {
            if let Ok(k) = std::str::from_utf8(k) {
                out.push((k.to_string(), v));
            }
        }
        out
    }

    fn prefixed(&self, prefix: &str, out: &mut Vec<(String, u64)>) {
        let mut stream = self
            .dict
            .search(Str::new(prefix).starts_with())
            .into_stream();
        while let Some((k, v)) = stream.next() {
            if let Ok(k) = std::str::from_utf8(k) {
                out.push((k.to_string(), v));
            }
            if out.len() > 20_000 {
                break;
            }
        }
    }

    fn exact_atom(&self, folded: &str) -> Atom {
        let mut atom = Atom::default();
        let stem = self.analyzer.stem(folded);
        for t in [stem.as_str(), folded] {
            if let Some(off) = self.dict.get(t) {
                atom.add(t.to_string(), off, 1.0);
            }
        }
        atom
    }

    fn word_atom(&self, w: &QueryWord) -> Atom {
        let mut atom = self.exact_atom(&w.folded);
        let stem = self.analyzer.stem(&w.folded);
        let chars = w.folded.chars().count();
        let exact_df = atom
            .terms
            .iter()
            .map(|t| self.df_at(t.1))
            .max()
            .unwrap_or(0);
        let budget = typo_budget(chars);
        if budget > 0 && exact_df <= RARE_DF {
            // The word and its stem, in one walk of the dictionary.
            for (term, off) in self.fuzzy(&[&stem, &w.folded], budget) {
                let d = edit_distance(&stem, &term)
                    .min(edit_distance(&w.folded, &term))
                    .min(2);
                atom.add(term, off, TYPO_WEIGHT[d]);
            }
        }
        if w.prefix && chars >= 2 {
            let mut found = Vec::new();
            self.prefixed(&w.folded, &mut found);
            if stem != w.folded {
                self.prefixed(&stem, &mut found);
            }
            found.sort_by_key(|(_, off)| std::cmp::Reverse(self.df_at(*off)));
            found.truncate(MAX_PREFIX_TERMS);
            if found.is_empty() && atom.terms.is_empty() {
                // A stem is usually a prefix of its words: "negotiati" reaches "negoti".
                let longest = w
                    .folded
                    .char_indices()
                    .map(|(i, _)| i)
                    .filter(|&i| i >= 4 && i + 4 >= w.folded.len())
                    .rev()
                    .find_map(|i| {
                        self.dict
                            .get(&w.folded[..i])
                            .map(|off| (w.folded[..i].to_string(), off))
                    });
                found.extend(longest);
            }
            for (term, off) in found {
                atom.add(term, off, PREFIX_WEIGHT);
            }
        }
        atom
    }

    /// BM25F score of every document an atom matches (none is 0), by document; the best
    /// of the atom's terms counts.
    fn atom_scores(&self, atom: &Atom) -> Scores {
        let n = self.docs.len();
        // Several terms' lists are merged, each document keeping its best score: through
        // a dense array when together they cover much of the index (a prefix's 40
        // terms), else pairwise.
        let several = atom.terms.len() > 1;
        let dense =
            several && atom.terms.iter().map(|t| self.df_at(t.1)).sum::<u64>() * 8 > n as u64;
        let mut best = if dense { vec![0f32; n] } else { Vec::new() };
        let mut lists: Vec<Scores> = Vec::new();
        for (_, offset, weight) in &atom.terms {
            let mut list = Scores::new();
            self.term_scores(*offset, *weight, |doc, s| {
                if dense {
                    best[doc] = best[doc].max(s);
                } else {
                    list.push((doc as u32, s));
                }
            });
            if !dense {
                lists.push(list);
            }
        }
        if dense {
            return best
                .iter()
                .enumerate()
                .filter(|(_, &s)| s > 0.0)
                .map(|(doc, &s)| (doc as u32, s))
                .collect();
        }
        while lists.len() > 1 {
            let mut pairs = lists.into_iter();
            let mut merged = Vec::new();
            while let Some(a) = pairs.next() {
                merged.push(match pairs.next() {
                    Some(b) => either(&a, &b),
                    None => a,
                });
            }
            lists = merged;
        }
        lists.pop().unwrap_or_default()
    }

    /// Calls `f` with each document of a term's postings (by document) and its BM25F
    /// score for the term, when above 0.
    fn term_scores(&self, offset: u64, weight: f32, mut f: impl FnMut(usize, f32)) {
        let n = self.docs.len();
        let mut r = Reader::at(&self.postings, offset as usize);
        let Some(df) = r.varint() else { return };
        let idf = (1.0 + (n as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        let mut doc = 0usize;
        for _ in 0..df {
            let (Some(delta), Some(packed)) = (r.varint(), r.varint()) else {
                break;
            };
            doc += delta as usize;
            let tf_title = if packed & 1 == 1 {
                r.varint().unwrap_or(0)
            } else {
                0
            };
            let tf_body = packed >> 1;
            let Some(&(k, den)) = self.norms.get(doc) else {
                break;
            };
            let w = FIELD_WEIGHTS[usize::from(k)];
            let norm = |f: usize, tf: u64| {
                if tf == 0 {
                    0.0
                } else {
                    w[f] * tf as f32 / den[f]
                }
            };
            let tf = norm(0, tf_title) + norm(1, tf_body);
            let s = idf * tf / (K1 + tf) * weight;
            if s > 0.0 {
                f(doc, s);
            }
        }
    }

    fn plan(&self, q: &ParsedQuery) -> Plan {
        let mut plan = Plan::default();
        let mut words: Vec<&QueryWord> =
            q.words.iter().filter(|w| !is_stopword(&w.folded)).collect();
        if words.is_empty() {
            // A stopword still being typed, alone, is the start of a word: "for" of "formal".
            words.extend(q.words.last().filter(|w| w.prefix));
        }
        let stems: Vec<String> = words
            .iter()
            .map(|w| self.analyzer.stem(&w.folded))
            .collect();
        let mut i = 0;
        while i < words.len() {
            // The longest entity name or alias starting here.
            let alias = self
                .alias_starts
                .get(&stems[i])
                .into_iter()
                .flatten()
                .filter(|&&(g, f)| {
                    let form = &self.alias_groups[g][f];
                    stems
                        .get(i..i + form.len())
                        .is_some_and(|s| s == form.as_slice())
                })
                .max_by_key(|&&(g, f)| self.alias_groups[g][f].len())
                .copied();
            let push_word = |plan: &mut Plan, w: &QueryWord| {
                plan.atoms.push(self.word_atom(w));
                let a = plan.atoms.len() - 1;
                plan.words.push((w.folded.clone(), a));
                a
            };
            match alias {
                Some((g, f)) => {
                    let len = self.alias_groups[g][f].len();
                    let typed: Vec<usize> = words[i..i + len]
                        .iter()
                        .map(|w| push_word(&mut plan, w))
                        .collect();
                    let mut alts = vec![typed];
                    for (other, form) in self.alias_groups[g].iter().enumerate() {
                        if other != f {
                            let mut alt = Vec::new();
                            for term in form {
                                let mut atom = Atom::default();
                                if let Some(off) = self.dict.get(term) {
                                    atom.add(term.clone(), off, 1.0);
                                }
                                plan.atoms.push(atom);
                                alt.push(plan.atoms.len() - 1);
                            }
                            alts.push(alt);
                        }
                    }
                    plan.clauses.push(Clause { alts, phrase: None });
                    i += len;
                }
                None => {
                    let a = push_word(&mut plan, words[i]);
                    plan.clauses.push(Clause {
                        alts: vec![vec![a]],
                        phrase: None,
                    });
                    i += 1;
                }
            }
        }
        for (phrase, excluded) in q
            .phrases
            .iter()
            .map(|p| (p, false))
            .chain(q.excluded_phrases.iter().map(|p| (p, true)))
        {
            let mut toks = Vec::new();
            let mut atoms = Vec::new();
            for w in phrase {
                if is_stopword(w) {
                    toks.push(PhraseTok::Stop(w.clone()));
                } else {
                    plan.atoms.push(self.exact_atom(w));
                    atoms.push(plan.atoms.len() - 1);
                    toks.push(PhraseTok::Atom(plan.atoms.len() - 1));
                }
            }
            if atoms.is_empty() {
                continue; // Only stopwords: nothing the index can find.
            }
            plan.phrases.push(toks);
            let clause = Clause {
                alts: vec![atoms],
                phrase: Some(plan.phrases.len() - 1),
            };
            if excluded {
                plan.excluded.push(clause);
            } else {
                plan.clauses.push(clause);
            }
        }
        for w in &q.excluded_words {
            plan.atoms.push(self.exact_atom(w));
            plan.excluded.push(Clause {
                alts: vec![vec![plan.atoms.len() - 1]],
                phrase: None,
            });
        }
        plan
    }

    /// The way a dictionary term is written in the text (its first occurrence), for
    /// suggestions: terms are stems. `read` is told which document it reads.
    fn surface(&self, bundle: &Bundle, term: &str, read: &mut dyn FnMut(usize)) -> String {
        let found = (|| {
            let off = self.dict.get(term)?;
            let mut r = Reader::at(&self.postings, off as usize);
            r.varint()?;
            let at = r.varint()? as usize;
            let doc = self.docs.get(at)?;
            read(at);
            for texts in crate::indexer::doc_fields(bundle, doc.kind, doc.ext as usize) {
                for text in texts {
                    for t in storyline_model::text::tokenize(text) {
                        if self.analyzer.stem(&t.term) == term {
                            return Some(t.term);
                        }
                    }
                }
            }
            None
        })();
        found.unwrap_or_else(|| term.to_string())
    }

    fn suggestions(
        &self,
        bundle: &Bundle,
        plan: &Plan,
        read: &mut dyn FnMut(usize),
    ) -> Vec<String> {
        let mut options: Vec<Vec<String>> = Vec::new();
        let mut changed = false;
        for (word, atom) in &plan.words {
            let chars = word.chars().count();
            if !plan.atoms[*atom].terms.is_empty() || chars < 3 {
                options.push(vec![word.clone()]);
                continue;
            }
            let stem = self.analyzer.stem(word);
            let budget = if chars >= 5 { 2 } else { 1 };
            let mut cands: BTreeMap<String, (usize, std::cmp::Reverse<u64>)> = BTreeMap::new();
            for (term, off) in self.fuzzy(&[&stem, word], budget) {
                let d = edit_distance(&stem, &term).min(edit_distance(word, &term));
                cands.insert(term, (d, std::cmp::Reverse(self.df_at(off))));
            }
            let mut ranked: Vec<_> = cands.into_iter().collect();
            ranked.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
            let mut words: Vec<String> = Vec::new();
            for (term, _) in ranked.into_iter().take(3) {
                let s = self.surface(bundle, &term, read);
                if !words.contains(&s) {
                    words.push(s);
                }
            }
            if words.is_empty() {
                options.push(vec![word.clone()]);
            } else {
                changed = true;
                options.push(words);
            }
        }
        if !changed {
            return vec![];
        }
        let varied = options.iter().position(|o| o.len() > 1);
        let mut out: Vec<String> = Vec::new();
        for k in 0..3 {
            let s: Vec<&str> = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    if Some(i) == varied {
                        o.get(k).unwrap_or(&o[0]).as_str()
                    } else {
                        o[0].as_str()
                    }
                })
                .collect();
            let s = s.join(" ");
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

/// Scores of the documents a clause matches (none is 0), by document: per alternative,
/// the sum of its atoms' scores (in the atoms' order) where every atom matches; the best
/// alternative's counts.
fn clause_scores<'a>(clause: &Clause, atom_scores: &'a [Scores]) -> Cow<'a, [(u32, f32)]> {
    if let [alt] = clause.alts.as_slice() {
        if let [a] = alt.as_slice() {
            // One word: its atom's scores, not copied.
            return Cow::Borrowed(&atom_scores[*a]);
        }
    }
    let mut out = Scores::new();
    for alt in &clause.alts {
        let Some((&first, rest)) = alt.split_first() else {
            continue;
        };
        let mut sum = atom_scores[first].clone();
        for &a in rest {
            sum = both(&sum, &atom_scores[a]);
        }
        out = either(&out, &sum);
    }
    Cow::Owned(out)
}

/// The documents of both lists, with the sum of their scores (`a`'s plus `b`'s).
fn both(a: &[(u32, f32)], b: &[(u32, f32)]) -> Scores {
    let mut out = Scores::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while let (Some(&(x, s)), Some(&(y, t))) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push((x, s + t));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// The documents of either list, with the higher of their scores.
fn either(a: &[(u32, f32)], b: &[(u32, f32)]) -> Scores {
    let mut out = Scores::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(&(x, s)), Some(&(y, t))) => match x.cmp(&y) {
                std::cmp::Ordering::Less => {
                    out.push((x, s));
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push((y, t));
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push((x, s.max(t)));
                    i += 1;
                    j += 1;
                }
            },
            (Some(_), None) => {
                out.extend_from_slice(&a[i..]);
                break;
            }
            (None, Some(_)) => {
                out.extend_from_slice(&b[j..]);
                break;
            }
            (None, None) => break,
        }
    }
    out
}

/// Walks sorted score lists together, document by document.
struct Cursor<'a> {
    lists: &'a [Cow<'a, [(u32, f32)]>],
    at: Vec<usize>,
}

impl<'a> Cursor<'a> {
    fn new(lists: &'a [Cow<'a, [(u32, f32)]>]) -> Self {
        Cursor {
            lists,
            at: vec![0; lists.len()],
        }
    }

    /// The next document of any list, and each list's score for it (0 where it is not
    /// in the list), written into `scores`.
    fn next(&mut self, scores: &mut [f32]) -> Option<usize> {
        let doc = self
            .lists
            .iter()
            .zip(&self.at)
            .filter_map(|(l, &i)| l.get(i).map(|x| x.0))
            .min()?;
        for ((l, i), s) in self.lists.iter().zip(&mut self.at).zip(scores.iter_mut()) {
            *s = 0.0;
            if let Some(&(d, v)) = l.get(*i) {
                if d == doc {
                    *s = v;
                    *i += 1;
                }
            }
        }
        Some(doc as usize)
    }

    /// Whether list `k` holds `doc`, for documents asked in increasing order.
    fn holds(&mut self, k: usize, doc: usize) -> bool {
        self.score(k, doc).is_some()
    }

    /// List `k`'s score for `doc`, if it holds it, for documents asked in increasing
    /// order: a galloping search from where the last one stopped, so that probing a long
    /// list for the few documents of a short one skips most of it.
    fn score(&mut self, k: usize, doc: usize) -> Option<f32> {
        let rest = &self.lists[k][self.at[k]..];
        let mut hi = 1;
        while hi < rest.len() && (rest[hi - 1].0 as usize) < doc {
            hi *= 2;
        }
        let skip = rest[..hi.min(rest.len())].partition_point(|x| (x.0 as usize) < doc);
        self.at[k] += skip;
        rest.get(skip).filter(|x| x.0 as usize == doc).map(|x| x.1)
    }

    /// The next document of list `driver` that every list holds, and each list's score
    /// for it, written into `scores`: the documents matching every clause, found from
    /// the shortest clause's list rather than by walking all of them.
    fn next_in_all(&mut self, driver: usize, scores: &mut [f32]) -> Option<usize> {
        'docs: while let Some(&(doc, s)) = self.lists[driver].get(self.at[driver]) {
            self.at[driver] += 1;
            let doc = doc as usize;
            scores[driver] = s;
            for k in (0..self.lists.len()).filter(|&k| k != driver) {
                match self.score(k, doc) {
                    Some(s) => scores[k] = s,
                    None => continue 'docs,
                }
            }
            return Some(doc);
        }
        None
    }
}

/// Which filters a document passes.
struct Pass {
    kind: bool,
    outlet: bool,
    entity: bool,
    date: bool,
}

impl Pass {
    fn all(&self) -> bool {
        self.kind && self.outlet && self.entity && self.date
    }
}

struct ResolvedFilters {
    kinds: Vec<HitKind>,
    outlets: Option<Vec<u32>>,
    entities: Option<Vec<Option<u32>>>,
    from: Option<u32>,
    to: Option<u32>,
}

impl ResolvedFilters {
    fn new(index: &SearchIndex, bundle: &Bundle, f: &Filters) -> Self {
        let outlets = (!f.outlets.is_empty()).then(|| {
            let wanted: Vec<String> = f.outlets.iter().map(|o| fold(o.trim())).collect();
            (0..index.outlets.len() as u32)
                .filter(|&i| wanted.contains(&fold(&index.outlets[i as usize])))
                .collect()
        });
        let entities = (!f.entities.is_empty()).then(|| {
            f.entities
                .iter()
                .map(|want| {
                    let folded = fold(want.trim());
                    bundle
                        .entities
                        .iter()
                        .position(|e| e.id == *want)
                        .or_else(|| bundle.entities.iter().position(|e| fold(&e.name) == folded))
                        .map(|i| i as u32)
                })
                .collect()
        });
        let bound = |s: &Option<String>, end: bool| {
            s.as_deref().map(|s| {
                let (a, b) = date_span(s);
                // An unreadable bound matches nothing rather than everything.
                if a == 0 {
                    if end {
                        0
                    } else {
                        u32::MAX
                    }
                } else if end {
                    b
                } else {
                    a
                }
            })
        };
        ResolvedFilters {
            kinds: f.kinds.clone(),
            outlets,
            entities,
            from: bound(&f.from, false),
            to: bound(&f.to, true),
        }
    }

    fn check(&self, d: &crate::DocMeta) -> Pass {
        let dated = d.date.0 != 0;
        Pass {
            kind: self.kinds.is_empty() || self.kinds.contains(&d.kind),
            outlet: self
                .outlets
                .as_ref()
                .is_none_or(|o| d.outlets.iter().any(|x| o.contains(x))),
            entity: self.entities.as_ref().is_none_or(|es| {
                es.iter()
                    .all(|e| e.is_some_and(|e| d.entities.binary_search(&e).is_ok()))
            }),
            date: (self.from.is_none() && self.to.is_none())
                || (dated
                    && self.from.is_none_or(|f| d.date.1 >= f)
                    && self.to.is_none_or(|t| d.date.0 <= t)),
        }
    }
}

pub(crate) fn search(
    index: &SearchIndex,
    bundle: &Bundle,
    q: &ParsedQuery,
    filters: &Filters,
    skip: usize,
    limit: usize,
) -> SearchResults {
    // The pages before are ranked (and reranked) too, but get no snippets.
    let (page, limit) = (limit, skip.saturating_add(limit));
    let plan = index.plan(q);
    if plan.clauses.is_empty() && !q.is_empty() {
        // Only stopwords ("the ", "\"of the\""): nothing the index can find, which is no
        // result, not every document.
        return SearchResults::default();
    }
    let n = index.docs.len();
    let browse = plan.clauses.is_empty();
    let atom_scores: Vec<Scores> = plan.atoms.iter().map(|a| index.atom_scores(a)).collect();
    let clause_sc: Vec<Cow<[(u32, f32)]>> = plan
        .clauses
        .iter()
        .map(|c| clause_scores(c, &atom_scores))
        .collect();
    let excl_sc: Vec<Cow<[(u32, f32)]>> = plan
        .excluded
        .iter()
        .map(|c| clause_scores(c, &atom_scores))
        .collect();

    let mut atom_clause = vec![None; plan.atoms.len()];
    for (ci, c) in plan.clauses.iter().enumerate() {
        for &a in c.alts.iter().flatten() {
            atom_clause[a] = Some(ci);
        }
    }
    let atom_terms: Vec<Vec<String>> = plan
        .atoms
        .iter()
        .map(|a| a.terms.iter().map(|t| t.0.clone()).collect())
        .collect();
    let matcher = Matcher::new(
        &index.analyzer,
        &atom_terms,
        &atom_clause,
        plan.clauses.len(),
        plan.phrases.clone(),
    );
    // Documents are read only when needed (phrases, proximity, snippets), once each; with
    // phrases, whole (a phrase must be found wherever it is).
    let cap = if plan.phrases.is_empty() {
        SCAN_BYTES
    } else {
        usize::MAX
    };
    let mut scans: HashMap<usize, Scan> = HashMap::new();
    let mut scratch = Scratch::default();
    let mut excluded_phrases = vec![false; plan.phrases.len()];
    for c in &plan.excluded {
        if let Some(p) = c.phrase {
            excluded_phrases[p] = true;
        }
    }
    // A split story's articles whose text is not joined: read, they give their title
    // alone, and their text files are listed in the results as needed.
    let absent = absent_text(bundle);
    // The text file a document's text is in when the bundle lacks it.
    let absent_file = |doc: usize| {
        let d = &index.docs[doc];
        match (d.kind, absent.get(d.ext as usize)) {
            (HitKind::Article, Some(&Some(file))) => Some(file as usize),
            _ => None,
        }
    };
    let mut needed = vec![false; bundle.text_files.len()];
    let mut read = |doc: usize, only_phrases: bool| -> Scan {
        if let Some(file) = absent_file(doc) {
            needed[file] = true;
        }
        let d = &index.docs[doc];
        let (kind, ext) = (d.kind, d.ext as usize);
        let only = only_phrases.then_some(excluded_phrases.as_slice());
        scan(&matcher, bundle, kind, ext, &mut scratch, cap, only)
    };
    macro_rules! scan_of {
        ($doc:expr) => {{
            let doc: usize = $doc;
            scans.entry(doc).or_insert_with(|| read(doc, false))
        }};
    }

    let word_clauses: Vec<usize> = (0..plan.clauses.len())
        .filter(|&c| plan.clauses[c].phrase.is_none())
        .collect();
    let phrase_clauses: Vec<usize> = (0..plan.clauses.len())
        .filter(|&c| plan.clauses[c].phrase.is_some())
        .collect();
    let mut matched: Vec<(usize, f32)> = Vec::new();
    let mut any_word = false;
    if browse {
        matched.extend((0..n).map(|doc| (doc, 0.0)));
    }
    for any_mode in [false, true] {
        if browse {
            break;
        }
        if any_mode {
            if !matched.is_empty() || word_clauses.len() < 2 {
                break;
            }
            any_word = true;
        }
        // The documents of the positive clauses, in order, with each clause's score:
        // when every clause must match (all but the any-word fallback), those of the
        // shortest clause's list that the others hold; in the fallback, any list's.
        let mut docs = Cursor::new(&clause_sc);
        let mut excluded = Cursor::new(&excl_sc);
        let mut scores = vec![0f32; clause_sc.len()];
        let driver = (!any_mode)
            .then(|| (0..clause_sc.len()).min_by_key(|&c| clause_sc[c].len()))
            .flatten();
        while let Some(doc) = match driver {
            Some(d) => docs.next_in_all(d, &mut scores),
            None => docs.next(&mut scores),
        } {
            let hits = word_clauses.iter().filter(|&&c| scores[c] > 0.0).count();
            let words_ok = if any_mode {
                hits > 0
            } else {
                hits == word_clauses.len()
            };
            if !words_ok || phrase_clauses.iter().any(|&c| scores[c] <= 0.0) {
                continue;
            }
            let mut excluded_word = false;
            let mut excluded_phrase = false;
            for (k, c) in plan.excluded.iter().enumerate() {
                if excluded.holds(k, doc) {
                    match c.phrase {
                        None => excluded_word = true,
                        Some(_) => excluded_phrase = true,
                    }
                }
            }
            if excluded_word {
                continue;
            }
            if !phrase_clauses.is_empty() || excluded_phrase {
                // Which phrases occur (reading stops as soon as that is known).
                let s = read(doc, true);
                let phrase_found = |c: &crate::rank::Clause| {
                    c.phrase
                        .is_some_and(|p| s.phrases.get(p).copied().unwrap_or(false))
                };
                if phrase_clauses
                    .iter()
                    .any(|&c| !phrase_found(&plan.clauses[c]))
                {
                    continue;
                }
                if plan.excluded.iter().any(phrase_found) {
                    continue;
                }
            }
            let sum: f32 = scores.iter().sum();
            let coord = (hits + phrase_clauses.len()) as f32 / plan.clauses.len() as f32;
            let meta = &index.docs[doc];
            let reach = 1.0 + 0.25 * (meta.reach.max(1) as f32).ln();
            matched.push((doc, sum * coord * reach));
        }
    }

    // Filters and facets.
    let resolved = ResolvedFilters::new(index, bundle, filters);
    // Dense counters (indexed by kind slot, outlet, entity), touched lists to read them back.
    let mut kinds = [0usize; 3];
    let mut outlets = vec![0usize; index.outlets.len()];
    let mut entities = vec![0usize; bundle.entities.len()];
    let mut touched_entities: Vec<u32> = Vec::new();
    let mut months: BTreeMap<u32, usize> = BTreeMap::new();
    let mut month_run: Option<(u32, usize)> = None;
    let mut by_kind: [Vec<(usize, f32)>; 3] = Default::default();
    for &(doc, score) in &matched {
        let d = &index.docs[doc];
        let p = resolved.check(d);
        if p.outlet && p.entity && p.date {
            kinds[d.kind.slot()] += 1;
        }
        if p.kind && p.entity && p.date {
            for &o in &d.outlets {
                if let Some(c) = outlets.get_mut(o as usize) {
                    *c += 1;
                }
            }
        }
        if p.kind && p.outlet && p.entity && d.date.0 != 0 && d.date.0 / 100 == d.date.1 / 100 {
            // Documents come in bundle order, mostly by date: a run of one month is
            // counted before it goes into the map.
            let month = d.date.0 / 100;
            match &mut month_run {
                Some((m, count)) if *m == month => *count += 1,
                run => {
                    if let Some((m, count)) = run.replace((month, 1)) {
                        *months.entry(m).or_default() += count;
                    }
                }
            }
        }
        if p.all() {
            for &e in &d.entities {
                if let Some(c) = entities.get_mut(e as usize) {
                    if *c == 0 {
                        touched_entities.push(e);
                    }
                    *c += 1;
                }
            }
            by_kind[d.kind.slot()].push((doc, score));
        }
    }
    if let Some((m, count)) = month_run {
        *months.entry(m).or_default() += count;
    }
    let total = by_kind.iter().map(Vec::len).sum();
    let by_count = |mut v: Vec<FacetCount>| {
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        v
    };
    // The 50 entities by count, then position in the bundle (by id: alphabetical, case
    // folded), chosen before any string is copied (a broad query touches thousands).
    let entity_order = |&a: &u32, &b: &u32| {
        entities[b as usize]
            .cmp(&entities[a as usize])
            .then(a.cmp(&b))
    };
    if touched_entities.len() > 50 {
        touched_entities.select_nth_unstable_by(49, entity_order);
        touched_entities.truncate(50);
    }
    touched_entities.sort_unstable_by(entity_order);
    let facets = Facets {
        kinds: HitKind::ORDER
            .iter()
            .filter(|k| kinds[k.slot()] > 0)
            .map(|k| FacetCount {
                value: k.as_str().into(),
                label: k.as_str().into(),
                count: kinds[k.slot()],
            })
            .collect(),
        outlets: by_count(
            outlets
                .iter()
                .zip(&index.outlets)
                .filter(|(&count, _)| count > 0)
                .map(|(&count, name)| FacetCount {
                    value: name.clone(),
                    label: name.clone(),
                    count,
                })
                .collect(),
        ),
        entities: touched_entities
            .iter()
            .map(|&e| {
                let en = &bundle.entities[e as usize];
                FacetCount {
                    value: en.id.clone(),
                    label: en.name.clone(),
                    count: entities[e as usize],
                }
            })
            .collect(),
        months: months
            .into_iter()
            .map(|(m, count)| {
                let label = format!("{:04}-{:02}", m / 100, m % 100);
                FacetCount {
                    value: label.clone(),
                    label,
                    count,
                }
            })
            .collect(),
    };

    // Rank within each kind, rerank the head by proximity, build hits.
    let mut hits = Vec::new();
    for (kind, mut list) in HitKind::ORDER
        .into_iter()
        .map(|k| (k, std::mem::take(&mut by_kind[k.slot()])))
    {
        if list.is_empty() {
            continue;
        }
        if browse {
            list.sort_by_key(|&(doc, _)| (index.docs[doc].date.0, doc));
        } else {
            // Only the head needs an order: a broad query matches thousands.
            let by_score =
                |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            let keep = limit.saturating_add(RERANK_EXTRA);
            if list.len() > keep {
                list.select_nth_unstable_by(keep, by_score);
                list.truncate(keep);
            }
            list.sort_by(by_score);
            if plan.clauses.len() >= 2 {
                // The boost is at most ×1.5 and the list is by score: once `limit` reranked
                // scores beat 1.5 × the next score, no candidate left can enter the top.
                let mut top: Vec<f32> = Vec::new(); // The best `limit` reranked, descending.
                let mut reranked = 0;
                for (doc, score) in list.iter_mut() {
                    if top.len() == limit && top.last().is_some_and(|&kth| *score * 1.5 < kth) {
                        break;
                    }
                    let proximity = scan_of!(*doc).proximity(plan.clauses.len());
                    // Without its text, a document gets no boost: a bound from below, so
                    // that the documents read here include those read once it is joined.
                    if absent_file(*doc).is_none() {
                        *score *= 1.0 + 0.5 * proximity;
                    }
                    reranked += 1;
                    if limit > 0 {
                        let at = top.partition_point(|&s| s >= *score);
                        if at < limit {
                            top.insert(at, *score);
                            top.truncate(limit);
                        }
                    }
                }
                list.truncate(reranked);
                list.sort_by(by_score);
            }
        }
        for (doc, score) in list.into_iter().skip(skip).take(page) {
            let d = &index.docs[doc];
            let id = match kind {
                HitKind::Article => bundle.articles.get(d.ext as usize).map(|a| a.id.clone()),
                HitKind::Event => bundle.events.get(d.ext as usize).map(|e| e.id.clone()),
                HitKind::Entity => bundle.entities.get(d.ext as usize).map(|e| e.id.clone()),
            };
            let Some(id) = id else { continue };
            let s = scan_of!(doc);
            finish(s, bundle, kind, d.ext as usize);
            hits.push(Hit {
                kind,
                id,
                score,
                snippet: std::mem::take(&mut s.snippet),
                highlights: std::mem::take(&mut s.highlights),
                sentence: s.sentence,
            });
        }
    }
    let suggestions = if total == 0 && !plan.words.is_empty() {
        index.suggestions(bundle, &plan, &mut |doc| {
            if let Some(file) = absent_file(doc) {
                needed[file] = true;
            }
        })
    } else {
        vec![]
    };
    SearchResults {
        hits,
        facets,
        total,
        suggestions,
        any_word,
        text_needed: bundle
            .text_files
            .iter()
            .zip(&needed)
            .filter(|(_, &n)| n)
            .map(|(f, _)| f.file.clone())
            .collect(),
    }
}

/// Per article, the index in [`Bundle::text_files`] of the file holding its text when the
/// bundle lacks it; empty for a whole bundle.
fn absent_text(bundle: &Bundle) -> Vec<Option<u32>> {
    if bundle.text_files.is_empty() {
        return Vec::new();
    }
    let file: HashMap<&str, u32> = (0u32..)
        .zip(&bundle.text_files)
        .flat_map(|(i, f)| f.articles.iter().map(move |a| (a.as_str(), i)))
        .collect();
    bundle
        .articles
        .iter()
        .map(|a| file.get(a.id.as_str()).copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A dense array (index = document) as the sparse list of its scores above 0.
    fn sparse(dense: &[f32]) -> Scores {
        (0..dense.len() as u32)
            .zip(dense.iter().copied())
            .filter(|&(_, s)| s > 0.0)
            .collect()
    }

    proptest! {
        /// The sparse merges give what the dense arrays they replaced gave: sums where
        /// both match, the best of either, and each list's score per document in order.
        #[test]
        fn sparse_lists_agree_with_dense_arrays(
            a in proptest::collection::vec(prop_oneof![Just(0.0f32), 0.1f32..10.0], 0..40),
            b in proptest::collection::vec(prop_oneof![Just(0.0f32), 0.1f32..10.0], 0..40),
        ) {
            let n = a.len().max(b.len());
            let at = |v: &[f32], i: usize| v.get(i).copied().unwrap_or(0.0);
            let sum: Vec<f32> = (0..n)
                .map(|i| if at(&a, i) > 0.0 && at(&b, i) > 0.0 { at(&a, i) + at(&b, i) } else { 0.0 })
                .collect();
            let max: Vec<f32> = (0..n).map(|i| at(&a, i).max(at(&b, i))).collect();
            let (sa, sb) = (sparse(&a), sparse(&b));
            prop_assert_eq!(both(&sa, &sb), sparse(&sum));
            prop_assert_eq!(either(&sa, &sb), sparse(&max));

            let lists = [Cow::Borrowed(&sa[..]), Cow::Borrowed(&sb[..])];
            let mut cursor = Cursor::new(&lists);
            let mut scores = [0f32; 2];
            let mut seen = Vec::new();
            while let Some(doc) = cursor.next(&mut scores) {
                prop_assert_eq!(scores, [at(&a, doc), at(&b, doc)]);
                seen.push(doc);
            }
            let expected: Vec<usize> = (0..n).filter(|&i| max[i] > 0.0).collect();
            prop_assert_eq!(seen, expected);

            for driver in 0..2 {
                let mut all = Cursor::new(&lists);
                let mut seen = Vec::new();
                while let Some(doc) = all.next_in_all(driver, &mut scores) {
                    prop_assert_eq!(scores, [at(&a, doc), at(&b, doc)]);
                    seen.push(doc);
                }
                let expected: Vec<usize> = (0..n).filter(|&i| sum[i] > 0.0).collect();
                prop_assert_eq!(seen, expected);
            }

            let mut probe = Cursor::new(&lists);
            for doc in 0..n {
                prop_assert_eq!(probe.holds(1, doc), at(&b, doc) > 0.0);
            }
        }
    }
}
