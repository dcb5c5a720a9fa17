//! People, places and organisations, found by rules and merged across aliases.
//!
//! No models are downloaded: names are capitalised word sequences ([`scan`]), typed by a
//! built-in gazetteer of countries, cities, regions and international organisations
//! ([`lexicon`], `gazetteer.txt`), by titles ("Foreign Minister Sergei Lavrov"), head
//! words ("Ministry of Defence", "Baltic Sea") and the words around them ("in Istanbul",
//! "Lavrov said", "the Kherson region"), then merged across spellings and surname-only
//! mentions ([`merge`]). Everything is pure and deterministic.

mod lexicon;
mod merge;
mod scan;

use std::collections::{BTreeSet, HashMap, HashSet};
use storyline_model::{Article, Entity};

/// One mention of an entity in the text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    /// Index of the article in the slice given to [`extract`].
    pub article: usize,
    /// Index of the sentence, as in [`Article::sentences`].
    pub sentence: usize,
    /// Index in [`Found::entities`].
    pub entity: usize,
    /// Byte offsets of the name in its paragraph (titles and a possessive `’s` excluded).
    pub start: usize,
    /// Byte offset in the paragraph just past the name's end.
    pub end: usize,
}

/// The entities of a corpus and where each is mentioned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Sorted by id; `events` left empty.
    pub entities: Vec<Entity>,
    /// Sorted by article, sentence, start.
    pub occurrences: Vec<Occurrence>,
    /// Articles on which a pass panicked (a bug) or ran out of time: their names are
    /// left out.
    pub failed: Vec<(usize, crate::guard::Lost)>,
}

/// Finds the people, places and organisations of the articles.
pub fn extract(articles: &[Article]) -> Found {
    let gaz = lexicon::gazetteer();
    // Pass 1: tokens of every sentence, and every word seen in lowercase.
    let tokenized = crate::guard::per_article(articles, "entities: words", |a, article| {
        tokenize(a, article, gaz)
    });
    let mut failed = crate::guard::failed(&tokenized);
    let tokenized: Vec<Vec<Sent>> = tokenized
        .into_iter()
        .map(Result::unwrap_or_default)
        .collect();
    let mut lowercase_uses: HashMap<String, usize> = HashMap::new();
    for t in tokenized.iter().flatten().flat_map(|s| &s.toks) {
        if !t.cap && t.alpha {
            match lowercase_uses.get_mut(&t.key) {
                Some(n) => *n += 1,
                None => {
                    lowercase_uses.insert(t.key.clone(), 1);
                }
            }
        }
    }
    let lower: HashSet<String> = lowercase_uses.keys().cloned().collect();
    // Pass 2: names in each sentence.
    let found = crate::guard::per_article(articles, "entities: names", |a, article| {
        tokenized[a]
            .iter()
            .flat_map(|sent| names(sent, &article.paragraphs[sent.paragraph], gaz, &lower))
            .collect::<Vec<_>>()
    });
    failed.extend(crate::guard::failed(&found));
    failed.sort_unstable_by_key(|&(a, _)| a);
    failed.dedup_by_key(|&mut (a, _)| a);
    let mentions: Vec<merge::Mention> = found.into_iter().flatten().flatten().collect();
    let spinner = crate::report::spinner("entities: merging");
    let mut found = build(
        articles,
        &mentions,
        merge::merge(&mentions, gaz, &lowercase_uses),
    );
    spinner.finish_and_clear();
    found.failed = failed;
    found
}

/// One sentence's tokens.
struct Sent {
    article: usize,
    sentence: usize,
    paragraph: usize,
    toks: Vec<scan::Tok>,
}

/// Pass 1 for one article: the tokens of each sentence.
fn tokenize(a: usize, article: &Article, gaz: &lexicon::Gazetteer) -> Vec<Sent> {
    article
        .sentences()
        .into_iter()
        .enumerate()
        .map(|(s, (p, range))| {
            crate::guard::tick();
            Sent {
                article: a,
                sentence: s,
                paragraph: p,
                toks: scan::tokenize(&article.paragraphs[p][range.clone()], range.start, gaz),
            }
        })
        .collect()
}

/// Pass 2 for one sentence: its names.
fn names(
    sent: &Sent,
    paragraph: &str,
    gaz: &lexicon::Gazetteer,
    lower: &HashSet<String>,
) -> Vec<merge::Mention> {
    crate::guard::tick();
    let toks = &sent.toks;
    let view = scan::Sentence {
        toks,
        gaz,
        lower,
        headline: scan::is_headline(toks, gaz),
    };
    view.mentions()
        .into_iter()
        .map(|m| {
            let (start, end) = (toks[m.first].start, toks[m.last - 1].end);
            merge::Mention {
                article: sent.article,
                sentence: sent.sentence,
                start,
                end,
                surface: paragraph[start..end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                tokens: toks[m.first..m.last]
                    .iter()
                    .map(|t| t.key.clone())
                    .collect(),
                gaz: m.gaz,
                votes: m.votes,
                shape: m.shape,
            }
        })
        .collect()
}

/// Ids, sorting and article lists.
fn build(
    articles: &[Article],
    mentions: &[merge::Mention],
    clusters: Vec<merge::Cluster>,
) -> Found {
    let mut keyed: Vec<(String, merge::Cluster)> = clusters
        .into_iter()
        .map(|c| {
            let mut id = crate::ids::slug(&c.name, 64);
            if id.is_empty() {
                id = format!("entity-{:08x}", crate::ids::fnv1a(c.name.as_bytes()) as u32);
            }
            (id, c)
        })
        .collect();
    keyed.sort_by(|(ia, a), (ib, b)| {
        (ia, a.kind, &a.name, &a.aliases).cmp(&(ib, b.kind, &b.name, &b.aliases))
    });
    // Two entities with one slug (a person and a place both called "Georgia"): the later
    // ones get their kind, then a counter.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (id, c) in &mut keyed {
        if taken.contains(id.as_str()) {
            let base = format!("{id}-{}", c.kind.as_str());
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.contains(&candidate) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            *id = candidate;
        }
        taken.insert(id.clone());
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));

    let mut entities = Vec::with_capacity(keyed.len());
    let mut occurrences = Vec::new();
    for (e, (id, c)) in keyed.into_iter().enumerate() {
        let ids: BTreeSet<&str> = c
            .mentions
            .iter()
            .map(|&m| articles[mentions[m].article].id.as_str())
            .collect();
        for &m in &c.mentions {
            let m = &mentions[m];
            occurrences.push(Occurrence {
                article: m.article,
                sentence: m.sentence,
                entity: e,
                start: m.start,
                end: m.end,
            });
        }
        entities.push(Entity {
            id,
            name: c.name,
            kind: c.kind.as_str().to_string(),
            aliases: c.aliases,
            articles: ids.into_iter().map(String::from).collect(),
            events: Vec::new(),
        });
    }
    occurrences.sort_by_key(|o| (o.article, o.sentence, o.start, o.end, o.entity));
    occurrences.dedup();
    Found {
        entities,
        occurrences,
        failed: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
