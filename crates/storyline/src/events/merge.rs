//! Clustering candidate mentions into events: same date, similar wording, shared entities.
//!
//! Inputs are visited in a content order (date, article id, sentence, offset), never in
//! the order articles were given, so the clusters do not depend on file order.

use super::mention::Candidate;
use crate::dates::ResolvedDate;
use std::collections::{BTreeMap, HashMap};
use storyline_model::Article;

/// Minimum similarity for a mention to join an event of the same day.
pub const SAME_DAY: f64 = 0.15;
/// Entities two mentions must share for a same-day join that their words alone do not
/// carry: a day's happenings of one story share its main actor, so one shared entity is no
/// evidence of one happening ("BP shares rose on Monday" and "BP said on Monday its costs
/// had reached $1.25bn"), while the same actors and place together are.
pub const SHARED_ACTORS: usize = 2;
/// Minimum similarity for a month or year mention to join a finer event of its period.
pub const COARSER: f64 = 0.3;
/// A month or year mention also joins a finer event it matches at least [`SAME_DAY`]
/// when no other event of its period comes within this factor (an unambiguous reference,
/// such as "last month's initial talks" in a story with one set of talks that month).
pub const CLEAR_MARGIN: f64 = 2.5;
/// Minimum similarity for two events of one day, or a day or two apart, to be one event
/// (more than twice [`SAME_DAY`], and they must also share an entity; a day or two apart,
/// a disputed date, they must also hold two mentions told in like words, [`SAME_WORDS`]):
/// neighbouring days' happenings of one story share its actors and many of its words.
pub const DISPUTED: f64 = 0.35;
/// Largest gap, in days, between two outlets' dates for one event.
pub const MAX_GAP_DAYS: i32 = 2;
/// Two mentions at least this similar tell one happening, whatever dates they give it:
/// events a day or two apart are one disputed event only when they hold such a pair (in
/// words alone, `told_alike`), and an article reporting both days tells them apart
/// unless it holds one (words and entities blended) (see pass 3 of [`cluster`]).
pub const SAME_WORDS: f64 = 0.5;

/// One event: indices into the candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Indices of its candidates.
    pub members: Vec<usize>,
}

/// A sparse vector: `(id, weight)` pairs sorted by id, ids unique, with its Euclidean
/// norm kept up to date.
///
/// Dot products and norms add their terms in id order, so with ids given in the order of
/// the terms' strings the results are bit for bit those of the `BTreeMap<String, f64>`
/// vectors this replaces (the same products summed in the same order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sparse {
    items: Vec<(u32, f64)>,
    norm: f64,
}

impl Sparse {
    /// From pairs in any order; weights of a repeated id are added up in the given order.
    pub fn new(mut items: Vec<(u32, f64)>) -> Sparse {
        items.sort_by_key(|p| p.0);
        items.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        let norm = norm(&items);
        Sparse { items, norm }
    }

    /// True when it holds no `(id, weight)` pair.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds `other` into `self`, weight by weight.
    pub fn add(&mut self, other: &Sparse) {
        if other.items.is_empty() {
            return;
        }
        let (a, b) = (&self.items, &other.items);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => {
                    out.push(a[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(b[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push((a[i].0, a[i].1 + b[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        self.norm = norm(&out);
        self.items = out;
    }

    /// The sum of the products of the weights the two vectors share, in id order.
    pub fn dot(&self, other: &Sparse) -> f64 {
        let (small, large) = if self.items.len() <= other.items.len() {
            (&self.items, &other.items)
        } else {
            (&other.items, &self.items)
        };
        if small.is_empty() {
            return std::iter::empty::<f64>().sum();
        }
        if large.len() > 8 * small.len() {
            // Look the few ids up, each search starting after the previous hit.
            let mut rest = &large[..];
            small
                .iter()
                .filter_map(|&(k, w)| {
                    let at = rest.partition_point(|p| p.0 < k);
                    rest = &rest[at..];
                    match rest.first() {
                        Some(&(id, v)) if id == k => Some(w * v),
                        _ => None,
                    }
                })
                .sum()
        } else {
            let (mut i, mut j) = (0, 0);
            std::iter::from_fn(|| {
                while i < small.len() && j < large.len() {
                    let (k, w) = small[i];
                    let (id, v) = large[j];
                    match k.cmp(&id) {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Greater => j += 1,
                        std::cmp::Ordering::Equal => {
                            i += 1;
                            j += 1;
                            return Some(w * v);
                        }
                    }
                }
                None
            })
            .sum()
        }
    }

    /// The ids that occur in both, in id order.
    fn common_ids<'a>(&'a self, other: &'a Sparse) -> impl Iterator<Item = u32> + 'a {
        let (a, b) = (&self.items, &other.items);
        let (mut i, mut j) = (0, 0);
        std::iter::from_fn(move || {
            while i < a.len() && j < b.len() {
                match a[i].0.cmp(&b[j].0) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        i += 1;
                        j += 1;
                        return Some(a[i - 1].0);
                    }
                }
            }
            None
        })
    }

    /// How many ids occur in both.
    pub fn common(&self, other: &Sparse) -> usize {
        self.common_ids(other).count()
    }

    /// Does an id occur in both?
    pub fn shares(&self, other: &Sparse) -> bool {
        self.common_ids(other).next().is_some()
    }
}

fn norm(items: &[(u32, f64)]) -> f64 {
    items.iter().map(|(_, w)| w * w).sum::<f64>().sqrt()
}

/// The cosine of two sparse vectors (0 when either is empty or zero).
pub fn cosine(a: &Sparse, b: &Sparse) -> f64 {
    let dot = a.dot(b);
    if a.norm == 0.0 || b.norm == 0.0 {
        0.0
    } else {
        dot / (a.norm * b.norm)
    }
}

/// A weighted bag of terms and entities (term ids from a [`Vocabulary`]).
#[derive(Debug, Clone, Default)]
pub struct Profile {
    terms: Sparse,
    ents: Sparse,
}

impl Profile {
    fn of(terms: &[u32], c: &Candidate, ents: &[usize], idf: &Idf) -> Profile {
        Profile {
            terms: Sparse::new(
                terms
                    .iter()
                    .zip(&c.weights)
                    .map(|(&t, w)| (t, idf.term(t) * w))
                    .collect(),
            ),
            ents: Sparse::new(ents.iter().map(|&e| (e as u32, idf.ent(e))).collect()),
        }
    }

    fn merge(&mut self, other: &Profile) {
        self.terms.add(&other.terms);
        self.ents.add(&other.ents);
    }

    /// Cosine of the word vectors, blended with the cosine of the entity vectors when
    /// both sides name entities.
    pub fn similarity(&self, other: &Profile) -> f64 {
        self.blend(other, self.word_similarity(other))
    }

    /// `words` (this pair's [`Profile::word_similarity`]) blended with the cosine of the
    /// entity vectors when both sides name entities.
    fn blend(&self, other: &Profile, words: f64) -> f64 {
        if self.ents.is_empty() || other.ents.is_empty() {
            return words;
        }
        0.65 * words + 0.35 * cosine(&self.ents, &other.ents)
    }

    /// Cosine of the word vectors alone.
    pub fn word_similarity(&self, other: &Profile) -> f64 {
        cosine(&self.terms, &other.terms)
    }

    /// Do both name an entity in common?
    pub fn shares_entity(&self, other: &Profile) -> bool {
        self.ents.shares(&other.ents)
    }

    /// How many entities both name.
    pub fn shared_entities(&self, other: &Profile) -> usize {
        self.ents.common(&other.ents)
    }
}

/// The candidates' terms as integers, numbered in the order of the terms' strings (so
/// that id order is string order).
pub struct Vocabulary {
    /// Per candidate, the ids of its terms (in the order of `Candidate::terms`).
    pub ids: Vec<Vec<u32>>,
    /// The number of distinct terms.
    pub len: usize,
}

impl Vocabulary {
    /// Numbers the distinct terms of the candidates in string order.
    pub fn new(cands: &[Candidate]) -> Vocabulary {
        let mut all: Vec<&str> = cands
            .iter()
            .flat_map(|c| c.terms.iter().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        let index: HashMap<&str, u32> = all
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, i as u32))
            .collect();
        Vocabulary {
            ids: cands
                .iter()
                .map(|c| c.terms.iter().map(|t| index[t.as_str()]).collect())
                .collect(),
            len: all.len(),
        }
    }
}

/// Inverse document frequencies over the candidate sentences.
pub struct Idf {
    terms: Vec<f64>,
    ents: HashMap<usize, f64>,
}

impl Idf {
    /// The idf of each term and entity over the candidates, `ln(1 + n / df)` with `n` the
    /// number of candidates; `ents` gives each candidate's entities.
    pub fn new(vocab: &Vocabulary, ents: &[Vec<usize>]) -> Idf {
        let n = vocab.ids.len().max(1) as f64;
        let mut tdf = vec![0usize; vocab.len];
        let mut edf: HashMap<usize, usize> = HashMap::new();
        for (terms, e) in vocab.ids.iter().zip(ents) {
            for &t in terms {
                tdf[t as usize] += 1;
            }
            for x in e {
                *edf.entry(*x).or_default() += 1;
            }
        }
        let w = |df: usize| (1.0 + n / df as f64).ln();
        Idf {
            terms: tdf.into_iter().map(w).collect(),
            ents: edf.into_iter().map(|(k, v)| (k, w(v))).collect(),
        }
    }

    /// The idf of term id `t` (1 for an id it does not know).
    pub fn term(&self, t: u32) -> f64 {
        self.terms.get(t as usize).copied().unwrap_or(1.0)
    }

    fn ent(&self, e: usize) -> f64 {
        self.ents.get(&e).copied().unwrap_or(1.0)
    }
}

fn day_number(d: &ResolvedDate) -> Option<i32> {
    let date = jiff::civil::Date::new(d.year as i16, d.month? as i8, d.day? as i8).ok()?;
    Some(date.since(jiff::civil::date(1970, 1, 1)).ok()?.get_days())
}

/// The period key of a date: the date itself.
fn contains(period: &ResolvedDate, finer: &ResolvedDate) -> bool {
    period.year == finer.year && (period.month.is_none() || period.month == finer.month)
}

/// How many members of a cluster a new mention is compared with, one by one.
const MEMBERS_COMPARED: usize = 16;

struct Work {
    date: ResolvedDate,
    members: Vec<usize>,
    profile: Profile,
}

/// How well a mention fits a cluster: the better of its similarity to the whole and to
/// the closest member (a report may repeat one outlet's wording but not the blend).
/// Only the first [`MEMBERS_COMPARED`] members are compared, so a day with thousands of
/// mentions stays linear rather than quadratic. A fit carried by the entities needs
/// [`SHARED_ACTORS`] of them in common; words alone must otherwise reach [`SAME_DAY`].
fn link(w: &Work, i: usize, profiles: &[Profile]) -> f64 {
    let fit = |p: &Profile| {
        let q = &profiles[i];
        let words = p.word_similarity(q);
        if words >= SAME_DAY || p.shared_entities(q) >= SHARED_ACTORS {
            p.blend(q, words)
        } else {
            0.0
        }
    };
    w.members
        .iter()
        .take(MEMBERS_COMPARED)
        .map(|&m| fit(&profiles[m]))
        .fold(fit(&w.profile), f64::max)
}

/// The finer event (of `finer`) that a month or year mention joins: the most similar in
/// words (as in [`link`]: the whole event or one of its first members), at least
/// [`COARSER`], or at least [`SAME_DAY`] with no other within [`CLEAR_MARGIN`] of it.
fn finer_event(work: &[Work], finer: &[usize], i: usize, profiles: &[Profile]) -> Option<usize> {
    let mut ranked: Vec<(usize, f64)> = finer
        .iter()
        .map(|&v| {
            let s = work[v]
                .members
                .iter()
                .take(MEMBERS_COMPARED)
                .map(|&m| profiles[m].word_similarity(&profiles[i]))
                .fold(work[v].profile.word_similarity(&profiles[i]), f64::max);
            (v, s)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let runner_up = ranked.get(1).map_or(0.0, |r| r.1);
    ranked
        .first()
        .filter(|&&(_, s)| s >= COARSER || (s >= SAME_DAY && s >= CLEAR_MARGIN * runner_up))
        .map(|&(v, _)| v)
}

/// Do two events a day or two apart hold a pair of mentions in like words
/// ([`SAME_WORDS`]), one from each, among their first [`MEMBERS_COMPARED`] members?
fn told_alike(a: &Work, b: &Work, profiles: &[Profile]) -> bool {
    a.members.iter().take(MEMBERS_COMPARED).any(|&i| {
        b.members
            .iter()
            .take(MEMBERS_COMPARED)
            .any(|&j| profiles[i].word_similarity(&profiles[j]) >= SAME_WORDS)
    })
}

/// Clusters the candidates into events.
pub fn cluster(articles: &[Article], cands: &[Candidate], ents: &[Vec<usize>]) -> Vec<Cluster> {
    let vocab = Vocabulary::new(cands);
    let idf = Idf::new(&vocab, ents);
    let key = |i: usize| {
        let c = &cands[i];
        (
            c.date,
            articles[c.article].id.as_str(),
            c.sentence,
            c.date_start,
        )
    };
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let profiles: Vec<Profile> = cands
        .iter()
        .zip(ents)
        .zip(&vocab.ids)
        .map(|((c, e), t)| Profile::of(t, c, e, &idf))
        .collect();

    // Pass 1: same-date clusters, finest precision first, greedily by content order.
    let mut work: Vec<Work> = Vec::new();
    let mut by_date: BTreeMap<ResolvedDate, Vec<usize>> = BTreeMap::new();
    for &i in &order {
        let c = &cands[i];
        let best = by_date.get(&c.date).and_then(|ws| {
            ws.iter()
                .map(|&w| (w, link(&work[w], i, &profiles)))
                .filter(|&(_, s)| s >= SAME_DAY)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        });
        match best {
            Some((w, _)) => {
                work[w].members.push(i);
                work[w].profile.merge(&profiles[i]);
            }
            None => {
                by_date.entry(c.date).or_default().push(work.len());
                work.push(Work {
                    date: c.date,
                    members: vec![i],
                    profile: profiles[i].clone(),
                });
            }
        }
    }

    // Pass 2: each month or year mention joins a very similar finer event of its period;
    // the rest stay a month or year event. Mention by mention, never a cluster at a time
    // (one "in June" sentence about a cap does not carry a June cluster's other sentences
    // into the 1 June event).
    let mut alive = vec![true; work.len()];
    let coarse: Vec<usize> = (0..work.len())
        .filter(|&w| work[w].date.day.is_none())
        .collect();
    // Clusters by year, ascending: a period only contains dates of its own year.
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (v, x) in work.iter().enumerate() {
        by_year.entry(x.date.year).or_default().push(v);
    }
    for w in coarse {
        let finer: Vec<usize> = by_year[&work[w].date.year]
            .iter()
            .copied()
            .filter(|&v| {
                v != w
                    && alive[v]
                    && work[v].date != work[w].date
                    && contains(&work[w].date, &work[v].date)
            })
            .collect();
        if finer.is_empty() {
            continue;
        }
        let members = std::mem::take(&mut work[w].members);
        let before = members.len();
        let mut stay = Vec::new();
        for i in members {
            match finer_event(&work, &finer, i, &profiles) {
                Some(v) => work[v].members.push(i),
                None => stay.push(i),
            }
        }
        alive[w] = !stay.is_empty();
        // Only a cluster that lost members needs its profile made again from the rest.
        if stay.len() < before {
            if let Some((&first, rest)) = stay.split_first() {
                let mut p = profiles[first].clone();
                for &i in rest {
                    p.merge(&profiles[i]);
                }
                work[w].profile = p;
            }
        }
        work[w].members = stay;
    }

    // Pass 3: nearly identical events of one day are one event, and of a day or two
    // apart one disputed event when two of their sentences tell it in like words.
    let days: Vec<Option<i32>> = work.iter().map(|w| day_number(&w.date)).collect();
    let mut span: Vec<(i32, i32)> = days
        .iter()
        .map(|d| (d.unwrap_or(0), d.unwrap_or(0)))
        .collect();
    let day_ws: Vec<usize> = (0..work.len())
        .filter(|&w| alive[w] && days[w].is_some())
        .collect();
    let mut on_day: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for &w in &day_ws {
        on_day.entry(days[w].unwrap_or(0)).or_default().push(w);
    }
    let mut pairs = Vec::new();
    for &a in &day_ws {
        let day = days[a].unwrap_or(0);
        let near = on_day
            .range(day - MAX_GAP_DAYS..=day + MAX_GAP_DAYS)
            .flat_map(|(_, ws)| ws.iter().copied())
            .filter(|&b| b > a);
        for b in near {
            let (pa, pb) = (&work[a].profile, &work[b].profile);
            let s = pa.similarity(pb);
            let same_day = days[a] == days[b];
            if s >= DISPUTED
                && pa.shares_entity(pb)
                && (same_day || told_alike(&work[a], &work[b], &profiles))
            {
                pairs.push((s, a, b));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut root: Vec<usize> = (0..work.len()).collect();
    fn find(root: &mut [usize], mut x: usize) -> usize {
        while root[x] != x {
            root[x] = root[root[x]];
            x = root[x];
        }
        x
    }
    // An article that reports both days, each in its own words, tells them apart: a
    // dispute is between articles giving one happening different dates ("the rig
    // exploded on 20 April and sank on 22 April" are two happenings), or one article
    // giving it two dates in two sentences of like words (a chronology's "May 28" and the
    // text's "May 29").
    let mut reporting: Vec<BTreeMap<usize, Vec<usize>>> = work
        .iter()
        .map(|w| {
            let mut by_article: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &i in &w.members {
                by_article.entry(cands[i].article).or_default().push(i);
            }
            by_article
        })
        .collect();
    let told_apart = |x: &BTreeMap<usize, Vec<usize>>, y: &BTreeMap<usize, Vec<usize>>| {
        // Each article of the smaller side looked up in the larger.
        let (x, y) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        x.iter().any(|(article, xs)| {
            y.get(article).is_some_and(|ys| {
                !xs.iter().any(|&i| {
                    ys.iter().any(|&j| {
                        cands[i].sentence != cands[j].sentence
                            && profiles[i].similarity(&profiles[j]) >= SAME_WORDS
                    })
                })
            })
        })
    };
    for (_, a, b) in pairs {
        let (ra, rb) = (find(&mut root, a), find(&mut root, b));
        if ra == rb {
            continue;
        }
        let lo = span[ra].0.min(span[rb].0);
        let hi = span[ra].1.max(span[rb].1);
        let same_day = days[a] == days[b];
        if hi - lo > MAX_GAP_DAYS || (!same_day && told_apart(&reporting[ra], &reporting[rb])) {
            continue;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        root[gone] = keep;
        span[keep] = (lo, hi);
        for (article, ms) in std::mem::take(&mut reporting[gone]) {
            reporting[keep].entry(article).or_default().extend(ms);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for w in 0..work.len() {
        if alive[w] {
            let r = find(&mut root, w);
            groups
                .entry(r)
                .or_default()
                .extend(work[w].members.iter().copied());
        }
    }
    let mut out: Vec<Cluster> = groups
        .into_values()
        .map(|mut members| {
            members.sort_by(|&a, &b| key(a).cmp(&key(b)));
            Cluster { members }
        })
        .collect();
    out.sort_by(|a, b| key(a.members[0]).cmp(&key(b.members[0])));
    out
}
