//! Finds exact and near-duplicate articles (the same story syndicated twice) by word
//! shingles, so each story is kept once with every source listed. Pure.

use crate::ids::{fnv1a, fnv1a_more, FNV_START};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Articles shorter than this (in words) are only compared for exact equality.
const MIN_WORDS: usize = 30;
/// Words per shingle.
const SHINGLE: usize = 5;
/// Shingles shared by more articles than this are boilerplate, not evidence.
const MAX_POSTINGS: usize = 40;
/// Jaccard similarity of shingle sets at or above which two articles are one story.
pub const JACCARD: f64 = 0.6;
/// Share of the shorter article's shingles found in the longer one, for copies with
/// extra paragraphs (the longer must still be no more than twice as long).
pub const CONTAINMENT: f64 = 0.85;

/// `duplicate` is the same story as `kept` (indices into the input).
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    /// Index of the article kept: the first of its group of copies.
    pub kept: usize,
    /// Index of the copy, merged into `kept`.
    pub duplicate: usize,
    /// 1.0 for the same text; otherwise the Jaccard similarity of the shingle sets.
    pub similarity: f64,
    /// True when it was found as an exact copy (the same words), not by shingles.
    pub exact: bool,
}

/// An article's text, lowercased, for [`words`].
fn lowered(paragraphs: &[String]) -> String {
    paragraphs.join(" ").to_lowercase()
}

/// The words of a [`lowered`] text: its runs of letters and digits.
fn words(lowered: &str) -> Vec<&str> {
    lowered
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The hashes of every run of [`SHINGLE`] words, each as [`fnv1a`] of the words joined by
/// spaces (hashed in place, without joining them).
fn shingles(words: &[&str]) -> HashSet<u64> {
    if words.len() < SHINGLE {
        return HashSet::new();
    }
    words
        .windows(SHINGLE)
        .map(|w| {
            let first = fnv1a_more(FNV_START, w[0].as_bytes());
            w[1..].iter().fold(first, |h, word| {
                fnv1a_more(fnv1a_more(h, b" "), word.as_bytes())
            })
        })
        .collect()
}

/// The inverted index of the shingle sets, as one sorted list of (shingle, article)
/// pairs: each shingle's run lists the articles that have it, in article order.
fn postings(sets: &[HashSet<u64>]) -> Vec<(u64, usize)> {
    let mut pairs: Vec<(u64, usize)> = sets
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.iter().map(move |&h| (h, i)))
        .collect();
    pairs.par_sort_unstable();
    pairs
}

/// Groups the articles (each given as its paragraphs) into stories. In each group the
/// first article (lowest index) is kept; every other one is reported against it.
pub fn find_duplicates(articles: &[&[String]]) -> Vec<Duplicate> {
    let lowered: Vec<String> = articles.par_iter().map(|p| lowered(p)).collect();
    let words: Vec<Vec<&str>> = lowered.par_iter().map(|t| words(t)).collect();
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    let mut sim: BTreeMap<usize, (f64, bool)> = BTreeMap::new();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut union = |parent: &mut Vec<usize>, a: usize, b: usize, s: f64, exact: bool| {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            let (keep, dup) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[dup] = keep;
            sim.insert(dup, (s, exact));
        }
    };
    // Exact: the same words.
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        if w.is_empty() {
            continue;
        }
        let h = fnv1a(w.join(" ").as_bytes());
        match seen.get(&h) {
            Some(&j) if words[j] == *w => union(&mut parent, j, i, 1.0, true),
            Some(_) => {}
            None => {
                seen.insert(h, i);
            }
        }
    }
    // Near: shared shingles through an inverted index, then set similarity.
    let sets: Vec<HashSet<u64>> = words
        .par_iter()
        .map(|w| {
            if w.len() >= MIN_WORDS {
                shingles(w)
            } else {
                HashSet::new()
            }
        })
        .collect();
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    let postings = postings(&sets);
    for docs in postings
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|d| d.len() > 1 && d.len() <= MAX_POSTINGS)
    {
        for (x, &(_, a)) in docs.iter().enumerate() {
            for &(_, b) in &docs[x + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<((usize, usize), usize)> = shared.into_iter().collect();
    pairs.sort();
    for ((a, b), common) in pairs {
        let (la, lb) = (sets[a].len(), sets[b].len());
        let jaccard = common as f64 / (la + lb - common) as f64;
        let (small, large) = (la.min(lb), la.max(lb));
        let containment = common as f64 / small as f64;
        if jaccard >= JACCARD || (containment >= CONTAINMENT && large <= 2 * small) {
            union(&mut parent, a, b, jaccard, false);
        }
    }
    let mut out = Vec::new();
    for i in 0..articles.len() {
        let root = find(&mut parent, i);
        if root != i {
            let (similarity, exact) = sim.get(&i).copied().unwrap_or((0.0, false));
            out.push(Duplicate {
                kept: root,
                duplicate: i,
                similarity,
                exact,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_shingle_hashes_as_its_words_joined() {
        let words: Vec<&str> = "the talks resumed in Istanbul on Monday"
            .split(' ')
            .collect();
        let joined: std::collections::HashSet<u64> = words
            .windows(super::SHINGLE)
            .map(|w| crate::ids::fnv1a(w.join(" ").as_bytes()))
            .collect();
        assert_eq!(super::shingles(&words), joined);
        assert_eq!(joined.len(), 3);
    }

    use super::*;

    fn p(s: &str) -> Vec<String> {
        s.split('\n').map(str::to_string).collect()
    }

    const A: &str = "Russia has formally proposed holding the next round of direct peace negotiations with Ukraine in Istanbul on June 2, Russian Foreign Minister Sergei Lavrov announced Wednesday.\nThere was no immediate response from Kyiv regarding the new proposed date, and officials declined to comment on the venue or the agenda.";

    #[test]
    fn exact_and_near_duplicates_and_distinct() {
        let near = A.replace("announced Wednesday", "said on Wednesday") + "\nSubscribe for more.";
        let other = "The BP oil spill in the Gulf of Mexico kept growing as engineers failed again to cap the well, officials in Louisiana said on Sunday, and fishermen counted losses along the coast.";
        let docs = [p(A), p(other), p(A), p(&near)];
        let refs: Vec<&[String]> = docs.iter().map(Vec::as_slice).collect();
        let d = find_duplicates(&refs);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].kept, d[0].duplicate, d[0].exact), (0, 2, true));
        assert_eq!((d[1].kept, d[1].duplicate, d[1].exact), (0, 3, false));
    }

    #[test]
    fn short_texts_are_only_exact() {
        let docs = [
            p("Talks begin today."),
            p("Talks begin today!"),
            p("Talks end."),
        ];
        let refs: Vec<&[String]> = docs.iter().map(Vec::as_slice).collect();
        let d = find_duplicates(&refs);
        assert_eq!(d.len(), 1);
        assert!(d[0].exact);
    }
}
