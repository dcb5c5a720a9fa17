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
/// Minimum similarity for a month or year mention to join a finer event of its period.
pub const COARSER: f64 = 0.3;
/// A month or year mention also joins a finer event it matches at least [`SAME_DAY`]
/// when no other event of its period comes within this factor (an unambiguous reference,
/// such as "last month's initial talks" in a story with one set of talks that month).
pub const CLEAR_MARGIN: f64 = 2.5;
/// Minimum similarity for two events a day or two apart to be one disputed event (twice
/// [`SAME_DAY`], and they must also share an entity).
pub const DISPUTED: f64 = 0.3;
/// Largest gap, in days, between two outlets' dates for one event.
pub const MAX_GAP_DAYS: i32 = 2;

/// One event: indices into the candidates.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub members: Vec<usize>,
}

/// A weighted bag of terms and entities.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    terms: BTreeMap<String, f64>,
    ents: BTreeMap<usize, f64>,
}

impl Profile {
    fn add(&mut self, c: &Candidate, ents: &[usize], idf: &Idf) {
        for (t, w) in c.terms.iter().zip(&c.weights) {
            *self.terms.entry(t.clone()).or_default() += idf.term(t) * w;
        }
        for e in ents {
            *self.ents.entry(*e).or_default() += idf.ent(*e);
        }
    }

    fn of(c: &Candidate, ents: &[usize], idf: &Idf) -> Profile {
        let mut p = Profile::default();
        p.add(c, ents, idf);
        p
    }

    fn merge(&mut self, other: &Profile) {
        for (t, w) in &other.terms {
            *self.terms.entry(t.clone()).or_default() += w;
        }
        for (e, w) in &other.ents {
            *self.ents.entry(*e).or_default() += w;
        }
    }

    /// Cosine of the word vectors, blended with the cosine of the entity vectors when
    /// both sides name entities.
    pub fn similarity(&self, other: &Profile) -> f64 {
        let words = cosine(&self.terms, &other.terms);
        if self.ents.is_empty() || other.ents.is_empty() {
            return words;
        }
        0.65 * words + 0.35 * cosine(&self.ents, &other.ents)
    }

    /// Cosine of the word vectors alone.
    pub fn word_similarity(&self, other: &Profile) -> f64 {
        cosine(&self.terms, &other.terms)
    }

    pub fn shares_entity(&self, other: &Profile) -> bool {
        self.ents.keys().any(|e| other.ents.contains_key(e))
    }
}

fn cosine<K: Ord>(a: &BTreeMap<K, f64>, b: &BTreeMap<K, f64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small
        .iter()
        .filter_map(|(k, w)| large.get(k).map(|v| w * v))
        .sum();
    let na: f64 = a.values().map(|w| w * w).sum::<f64>().sqrt();
    let nb: f64 = b.values().map(|w| w * w).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// Inverse document frequencies over the candidate sentences.
pub struct Idf {
    terms: HashMap<String, f64>,
    ents: HashMap<usize, f64>,
}

impl Idf {
    pub fn new(cands: &[Candidate], ents: &[Vec<usize>]) -> Idf {
        let n = cands.len().max(1) as f64;
        let mut tdf: HashMap<String, usize> = HashMap::new();
        let mut edf: HashMap<usize, usize> = HashMap::new();
        for (c, e) in cands.iter().zip(ents) {
            for t in &c.terms {
                *tdf.entry(t.clone()).or_default() += 1;
            }
            for x in e {
                *edf.entry(*x).or_default() += 1;
            }
        }
        let w = |df: usize| (1.0 + n / df as f64).ln();
        Idf {
            terms: tdf.into_iter().map(|(k, v)| (k, w(v))).collect(),
            ents: edf.into_iter().map(|(k, v)| (k, w(v))).collect(),
        }
    }

    pub fn term(&self, t: &str) -> f64 {
        self.terms.get(t).copied().unwrap_or(1.0)
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
/// mentions stays linear rather than quadratic.
fn link(w: &Work, i: usize, profiles: &[Profile]) -> f64 {
    let whole = w.profile.similarity(&profiles[i]);
    w.members
        .iter()
        .take(MEMBERS_COMPARED)
        .map(|&m| profiles[m].similarity(&profiles[i]))
        .fold(whole, f64::max)
}

/// Clusters the candidates into events.
pub fn cluster(articles: &[Article], cands: &[Candidate], ents: &[Vec<usize>]) -> Vec<Cluster> {
    let idf = Idf::new(cands, ents);
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
        .map(|(c, e)| Profile::of(c, e, &idf))
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

    // Pass 2: month and year clusters fold into a very similar finer one of their period.
    let mut alive = vec![true; work.len()];
    let coarse: Vec<usize> = (0..work.len())
        .filter(|&w| work[w].date.day.is_none())
        .collect();
    for w in coarse {
        let best = (0..work.len())
            .filter(|&v| {
                v != w
                    && alive[v]
                    && work[v].date != work[w].date
                    && contains(&work[w].date, &work[v].date)
            })
            .map(|v| {
                let s = work[w]
                    .members
                    .iter()
                    .map(|&i| {
                        work[v]
                            .members
                            .iter()
                            .map(|&m| profiles[m].word_similarity(&profiles[i]))
                            .fold(work[v].profile.word_similarity(&profiles[i]), f64::max)
                    })
                    .fold(0.0, f64::max);
                (v, s)
            })
            .collect::<Vec<_>>();
        let mut ranked = best;
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let runner_up = ranked.get(1).map_or(0.0, |r| r.1);
        let best = ranked
            .first()
            .filter(|&&(_, s)| s >= COARSER || (s >= SAME_DAY && s >= CLEAR_MARGIN * runner_up));
        if let Some(&(v, _)) = best {
            let moved = std::mem::take(&mut work[w].members);
            let p = work[w].profile.clone();
            work[v].members.extend(moved);
            work[v].profile.merge(&p);
            alive[w] = false;
        }
    }

    // Pass 3: nearly identical day events a day or two apart are one disputed event.
    let days: Vec<Option<i32>> = work.iter().map(|w| day_number(&w.date)).collect();
    let mut span: Vec<(i32, i32)> = days
        .iter()
        .map(|d| (d.unwrap_or(0), d.unwrap_or(0)))
        .collect();
    let day_ws: Vec<usize> = (0..work.len())
        .filter(|&w| alive[w] && days[w].is_some())
        .collect();
    let mut pairs = Vec::new();
    for (x, &a) in day_ws.iter().enumerate() {
        for &b in &day_ws[x + 1..] {
            let gap = (days[a].unwrap_or(0) - days[b].unwrap_or(0)).abs();
            if gap == 0 || gap > MAX_GAP_DAYS {
                continue;
            }
            let (pa, pb) = (&work[a].profile, &work[b].profile);
            let s = pa.similarity(pb);
            if s >= DISPUTED && pa.shares_entity(pb) {
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
    for (_, a, b) in pairs {
        let (ra, rb) = (find(&mut root, a), find(&mut root, b));
        if ra == rb {
            continue;
        }
        let lo = span[ra].0.min(span[rb].0);
        let hi = span[ra].1.max(span[rb].1);
        if hi - lo > MAX_GAP_DAYS {
            continue;
        }
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        root[gone] = keep;
        span[keep] = (lo, hi);
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
