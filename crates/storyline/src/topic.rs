//! Stage "topic": the story's core (the words and names its articles share most) and each
//! article's relevance to it; an article far off the core is set aside.
//!
//! Method (pseudo-relevance feedback, as in Robertson and Spärck Jones's term weights):
//! an article is the set of its stemmed words (English stopwords of the ISO list left
//! out) and of the entities it names. The first core is the [`CORE`] terms most articles
//! use. Then, [`ROUNDS`] times: the half of the articles that use the most of the core is
//! taken as the story, each term is weighed by its share of the story half times one plus
//! how much more the story half uses it than the other half (the RSJ log-odds, when
//! positive), and the core becomes the [`CORE`] weightiest terms. An article's relevance
//! is the share of the core's weight it uses (of the heaviest terms it could hold, for a
//! short one); under [`THRESHOLD`] times the median relevance of the story half, it is
//! off topic. Off-topic articles share little with the story or with each other, so they
//! do not pull the core. A story too small to know its core ([`MIN_ARTICLES`]) sets
//! nothing aside, and `storyline.toml` decides for any file it names (`on_topic = true`
//! or `false`).

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use storyline_model::text::tokenize;
use storyline_model::{Article, Entity};
use storyline_search::{is_stopword, Analyzer};

/// An article under this share of the story half's median relevance is off topic
/// (tuned on the tune half of `examples/eval_topic.rs`).
pub(crate) const THRESHOLD: f32 = 0.2;
/// Fewer articles than this give no core to measure against: nothing is set aside.
pub(crate) const MIN_ARTICLES: usize = 10;
/// Terms in the core.
const CORE: usize = 20;
/// Rounds of re-weighing the core on the story half.
const ROUNDS: usize = 3;
/// Core terms shown in a set-aside article's reason.
const SHOWN: usize = 6;

/// Each article's relevance to the story's core, and the core itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Relevance {
    /// The share of the core's weight each article (in order) uses, 0 to 1.
    pub score: Vec<f32>,
    /// Articles scoring under this are off topic.
    pub threshold: f32,
    /// The core's leading words and names, weightiest first.
    pub core: Vec<String>,
}

/// Scores every article against the story's core (see the module's method).
pub fn relevance(articles: &[Article], entities: &[Entity]) -> Relevance {
    let n = articles.len();
    let (vocab, sets) = term_sets(articles, entities);
    let df = counts(&sets, 0..n, vocab.len());
    // The first core: the terms most articles use, weighed by that share.
    let mut weight: Vec<f32> = df.iter().map(|&d| d as f32 / n.max(1) as f32).collect();
    let mut core = heaviest(&weight, CORE);
    let mut score = shares(&sets, &core, &weight);
    for _ in 0..ROUNDS {
        let cut = median(&score);
        let story: Vec<usize> = (0..n).filter(|&a| score[a] >= cut).collect();
        let r = counts(&sets, story.iter().copied(), vocab.len());
        weight = rsj(&df, &r, n, story.len());
        core = heaviest(&weight, CORE);
        score = shares(&sets, &core, &weight);
    }
    let cut = median(&score);
    let story: Vec<f32> = score.iter().copied().filter(|&s| s >= cut).collect();
    Relevance {
        threshold: median(&story) * THRESHOLD,
        core: core.iter().take(SHOWN).map(|&t| vocab[t].clone()).collect(),
        score,
    }
}

/// Sets aside, with its reason, each article off the core, unless `storyline.toml` says
/// (`decided`: per article, `Some(on_topic)`); returns how many were set aside.
pub fn set_aside(
    articles: &mut [Article],
    relevance: &Relevance,
    decided: &[Option<bool>],
) -> usize {
    let small = articles.len() < MIN_ARTICLES;
    let mut count = 0;
    for (a, article) in articles.iter_mut().enumerate() {
        let score = relevance.score[a];
        let decision = decided.get(a).copied().flatten();
        let off = match decision {
            Some(on_topic) => !on_topic,
            None => !small && score < relevance.threshold,
        };
        article.set_aside = off.then(|| match decision {
            Some(_) => "set aside by storyline.toml (on_topic = false)".to_string(),
            None => format!(
                "off the story's topic: it uses {:.0}% of the story's core ({}), where the \
                 story's articles use {:.0}% or more",
                (score * 100.0).max(0.0) + 0.0, // never "-0%"
                relevance.core.join(", "),
                relevance.threshold * 100.0
            ),
        });
        count += usize::from(off);
    }
    count
}

/// The vocabulary (each term as a reader would write it: a word's shortest form, a name
/// as named) and each article's terms by number, sorted. Numbers follow the sorted
/// terms: deterministic.
fn term_sets(articles: &[Article], entities: &[Entity]) -> (Vec<String>, Vec<Vec<u32>>) {
    let analyzer = Analyzer::default();
    let stop: std::collections::HashSet<&str> = stop_words::get(stop_words::Language::English)
        .iter()
        .copied()
        .collect();
    let mut names: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in entities {
        for a in &e.articles {
            names.entry(a.as_str()).or_default().push(e.name.as_str());
        }
    }
    // Per article: term ("w:stem" or "e:name") → the shortest form seen of it.
    let per_article: Vec<HashMap<String, String>> = articles
        .par_iter()
        .map(|article| {
            // Each distinct word once: stemming is the costly step.
            let mut words: HashSet<String> = HashSet::new();
            for text in std::iter::once(&article.title).chain(&article.paragraphs) {
                for t in tokenize(text) {
                    if !is_stopword(&t.term) && !stop.contains(t.term.as_str()) {
                        words.insert(t.term);
                    }
                }
            }
            let mut terms: HashMap<String, String> = HashMap::new();
            for word in words {
                let stem = analyzer.stem(&word);
                if stem.len() < 3 || !stem.bytes().all(|b| b.is_ascii_alphabetic()) {
                    continue;
                }
                let slot = terms.entry(format!("w:{stem}")).or_default();
                if slot.is_empty() || shorter(&word, slot) {
                    *slot = word;
                }
            }
            for &name in names.get(article.id.as_str()).into_iter().flatten() {
                terms.insert(format!("e:{name}"), name.to_string());
            }
            terms
        })
        .collect();
    let mut shown: HashMap<&str, &str> = HashMap::new();
    for (term, word) in per_article.iter().flatten() {
        let slot = shown.entry(term.as_str()).or_insert(word.as_str());
        if shorter(word, slot) {
            *slot = word.as_str();
        }
    }
    let mut terms: Vec<&str> = shown.keys().copied().collect();
    terms.sort_unstable();
    let number: HashMap<&str, u32> = terms
        .iter()
        .enumerate()
        .map(|(i, &t)| (t, i as u32))
        .collect();
    let sets = per_article
        .iter()
        .map(|m| {
            let mut v: Vec<u32> = m.keys().map(|t| number[t.as_str()]).collect();
            v.sort_unstable();
            v
        })
        .collect();
    let vocab = terms.iter().map(|t| shown[t].to_string()).collect();
    (vocab, sets)
}

/// The form to show of a term: the shortest, then the first in order.
fn shorter(a: &str, b: &str) -> bool {
    (a.len(), a) < (b.len(), b)
}

/// How many of the chosen articles use each term.
fn counts(sets: &[Vec<u32>], chosen: impl Iterator<Item = usize>, terms: usize) -> Vec<u32> {
    let mut c = vec![0u32; terms];
    for a in chosen {
        for &t in &sets[a] {
            c[t as usize] += 1;
        }
    }
    c
}

/// Each term's weight for the story half: its share of the story half (`r` of `big_r`
/// articles), times one plus its RSJ log-odds of being used there rather than elsewhere
/// (`df − r` of `n − big_r`) when that is positive. A term every article uses weighs its
/// share alone: a story whose articles all share their words has them as its core, and
/// an article without them is off it. 0 for a term only one article uses.
fn rsj(df: &[u32], r: &[u32], n: usize, big_r: usize) -> Vec<f32> {
    let (n, big_r) = (n as f32, big_r as f32);
    df.iter()
        .zip(r)
        .map(|(&d, &r)| {
            let (d, r) = (d as f32, r as f32);
            if d < 2.0 || big_r == 0.0 {
                return 0.0;
            }
            let odds =
                ((r + 0.5) / (big_r - r + 0.5)) / ((d - r + 0.5) / (n - d - big_r + r + 0.5));
            (1.0 + odds.ln().max(0.0)) * r / big_r
        })
        .collect()
}

/// The `k` heaviest terms, heaviest first (ties by term number).
fn heaviest(weight: &[f32], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..weight.len()).filter(|&t| weight[t] > 0.0).collect();
    order.sort_by(|&a, &b| weight[b].total_cmp(&weight[a]).then(a.cmp(&b)));
    order.truncate(k);
    order
}

/// The share of the core's weight each article uses, out of what an article of its size
/// could use: an article of `k` terms, fewer than the core's, is measured against the
/// `k` heaviest (a four-line photo caption cannot name twenty terms).
fn shares(sets: &[Vec<u32>], core: &[usize], weight: &[f32]) -> Vec<f32> {
    // core is heaviest first: within[k] is the weight of its k heaviest terms.
    let within: Vec<f32> = std::iter::once(0.0)
        .chain(core.iter().scan(0.0, |sum, &t| {
            *sum += weight[t];
            Some(*sum)
        }))
        .collect();
    sets.iter()
        .map(|set| {
            let used: f32 = core
                .iter()
                .filter(|&&t| set.binary_search(&(t as u32)).is_ok())
                .map(|&t| weight[t])
                .sum();
            let possible = within[set.len().min(core.len())];
            if possible > 0.0 {
                used / possible
            } else {
                0.0
            }
        })
        .collect()
}

fn median(values: &[f32]) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_unstable_by(f32::total_cmp);
    v[v.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            source_file: format!("{id}.txt"),
            title: String::new(),
            published: None,
            publisher: None,
            url: None,
            author: None,
            paragraphs: vec![text.into()],
            provenance: vec![],
            duplicates: vec![],
            set_aside: None,
        }
    }

    fn story() -> Vec<Article> {
        let mut articles: Vec<Article> = (0..12)
            .map(|i| {
                article(
                    &format!("s{i}"),
                    &format!(
                        "The oil spill in the gulf grew as the well leaked crude. Engineers \
                         tried a cap on the well. Report {i} on the spill and the oil slick."
                    ),
                )
            })
            .collect();
        articles.push(article(
            "football",
            "The striker scored twice as the club won the league final at the stadium.",
        ));
        articles.push(article(
            "wedding",
            "The royal wedding drew crowds to the abbey, where the couple married.",
        ));
        articles
    }

    #[test]
    fn articles_sharing_nothing_with_the_core_are_set_aside_with_a_reason() {
        let mut articles = story();
        let r = relevance(&articles, &[]);
        let story_words = [
            "cap",
            "crude",
            "engineers",
            "grew",
            "gulf",
            "leaked",
            "oil",
            "spill",
        ];
        assert!(!r.core.is_empty(), "{r:?}");
        assert!(
            r.core.iter().all(|w| story_words.contains(&w.as_str())),
            "{:?}",
            r.core
        );
        assert!(
            r.score[12] < r.threshold && r.score[0] > r.threshold,
            "{r:?}"
        );
        let n = set_aside(&mut articles, &r, &[]);
        assert_eq!(n, 2);
        let aside: Vec<&str> = articles
            .iter()
            .filter(|a| a.set_aside.is_some())
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(aside, ["football", "wedding"]);
        let reason = articles[12].set_aside.as_deref().unwrap();
        assert!(reason.starts_with("off the story's topic"), "{reason}");
    }

    #[test]
    fn storyline_toml_decides_for_the_files_it_names() {
        let mut articles = story();
        let r = relevance(&articles, &[]);
        let mut decided = vec![None; articles.len()];
        decided[0] = Some(false);
        decided[12] = Some(true);
        set_aside(&mut articles, &r, &decided);
        assert!(articles[0]
            .set_aside
            .as_deref()
            .unwrap()
            .contains("storyline.toml"));
        assert!(articles[12].set_aside.is_none());
        assert!(articles[13].set_aside.is_some());
    }

    #[test]
    fn a_small_story_sets_nothing_aside() {
        let mut articles = story();
        articles.drain(2..12);
        let r = relevance(&articles, &[]);
        assert_eq!(set_aside(&mut articles, &r, &[]), 0);
    }

    #[test]
    fn relevance_is_the_same_on_every_run() {
        let articles = story();
        assert_eq!(relevance(&articles, &[]), relevance(&articles, &[]));
    }
}
