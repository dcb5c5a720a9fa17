//! Builds a [`SearchIndex`] from a bundle (at site-build time, or in memory for the CLI).

use crate::analyze::{is_stopword, Analyzer};
use crate::format::put_varint;
use crate::{DocMeta, HitKind, SearchIndex};
use std::collections::{BTreeSet, HashMap};
use storyline_model::text::tokenize;
use storyline_model::Bundle;

/// The text of one document, as its two fields: 0 = title (article title, event title,
/// entity name), 1 = body (article paragraphs, event quotes, entity aliases).
pub(crate) fn doc_fields(bundle: &Bundle, kind: HitKind, ext: usize) -> [Vec<&str>; 2] {
    match kind {
        HitKind::Article => match bundle.articles.get(ext) {
            Some(a) => [
                vec![a.title.as_str()],
                a.paragraphs.iter().map(String::as_str).collect(),
            ],
            None => [vec![], vec![]],
        },
        HitKind::Event => match bundle.events.get(ext) {
            Some(e) => [
                vec![e.title.as_str()],
                e.mentions.iter().map(|m| m.text.as_str()).collect(),
            ],
            None => [vec![], vec![]],
        },
        HitKind::Entity => match bundle.entities.get(ext) {
            Some(e) => [
                vec![e.name.as_str()],
                e.aliases.iter().map(String::as_str).collect(),
            ],
            None => [vec![], vec![]],
        },
    }
}

/// Every document of the bundle in index order: articles, then events, then entities.
pub(crate) fn all_docs(bundle: &Bundle) -> impl Iterator<Item = (HitKind, usize)> + '_ {
    (0..bundle.articles.len())
        .map(|i| (HitKind::Article, i))
        .chain((0..bundle.events.len()).map(|i| (HitKind::Event, i)))
        .chain((0..bundle.entities.len()).map(|i| (HitKind::Entity, i)))
}

/// A hash of every document id, so an index can tell whether it belongs to a bundle.
pub(crate) fn fingerprint(bundle: &Bundle) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for a in &bundle.articles {
        eat(b"a");
        eat(a.id.as_bytes());
    }
    for e in &bundle.events {
        eat(b"v");
        eat(e.id.as_bytes());
    }
    for e in &bundle.entities {
        eat(b"n");
        eat(e.id.as_bytes());
    }
    h
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the span of days it covers, each as `yyyymmdd`.
/// Anything else gives `(0, 0)`, "no date".
pub fn date_span(date: &str) -> (u32, u32) {
    let parts: Vec<&str> = date.trim().split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => num(y, 4).map(|y| (y * 10000 + 101, y * 10000 + 1231)),
        [y, m] => num(y, 4)
            .zip(num(m, 2))
            .map(|(y, m)| (y * 10000 + m * 100 + 1, y * 10000 + m * 100 + 31)),
        [y, m, d] => num(y, 4).zip(num(m, 2)).zip(num(d, 2)).map(|((y, m), d)| {
            let v = y * 10000 + m * 100 + d;
            (v, v)
        }),
        _ => None,
    }
    .unwrap_or((0, 0))
}

/// The postings being built, by term id: each word is stemmed once, however often it
/// occurs, and each term's string is kept once.
#[derive(Default)]
struct Postings {
    /// Folded word → term id.
    words: HashMap<String, u32>,
    /// Stemmed term → term id.
    ids: HashMap<String, u32>,
    /// Term id → term.
    terms: Vec<String>,
    /// Term id → (document, [title count, body count]), in document order.
    lists: Vec<Vec<(u32, [u32; 2])>>,
}

impl Postings {
    fn term_of(&mut self, analyzer: &Analyzer, word: String) -> u32 {
        if let Some(&id) = self.words.get(&word) {
            return id;
        }
        let term = analyzer.stem(&word);
        let id = match self.ids.get(&term) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.ids.insert(term.clone(), id);
                self.terms.push(term);
                self.lists.push(Vec::new());
                id
            }
        };
        self.words.insert(word, id);
        id
    }

    /// Every term with its postings, in the terms' byte order (the dictionary's).
    fn sorted(&self) -> impl Iterator<Item = (&String, &Vec<(u32, [u32; 2])>)> {
        let mut order: Vec<usize> = (0..self.terms.len()).collect();
        order.sort_unstable_by(|&a, &b| self.terms[a].cmp(&self.terms[b]));
        order.into_iter().map(|i| (&self.terms[i], &self.lists[i]))
    }
}

/// Builds the search index of a bundle. Pure and deterministic.
pub fn build_index(bundle: &Bundle) -> SearchIndex {
    let analyzer = Analyzer::default();

    let outlet_names: BTreeSet<&str> = bundle
        .articles
        .iter()
        .filter_map(|a| a.publisher.as_deref())
        .filter(|p| !p.trim().is_empty())
        .collect();
    let outlet_of: HashMap<&str, u32> = outlet_names
        .iter()
        .enumerate()
        .map(|(i, &o)| (o, i as u32))
        .collect();
    let article_pos: HashMap<&str, usize> = bundle
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let article_outlet = |id: &str| -> Option<u32> {
        let a = &bundle.articles[*article_pos.get(id)?];
        outlet_of.get(a.publisher.as_deref()?).copied()
    };
    let entity_pos: HashMap<&str, u32> = bundle
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i as u32))
        .collect();
    let mut article_entities: HashMap<&str, BTreeSet<u32>> = HashMap::new();
    let mut event_entities: HashMap<&str, BTreeSet<u32>> = HashMap::new();
    for (i, e) in bundle.entities.iter().enumerate() {
        for a in &e.articles {
            article_entities
                .entry(a.as_str())
                .or_default()
                .insert(i as u32);
        }
        for v in &e.events {
            event_entities
                .entry(v.as_str())
                .or_default()
                .insert(i as u32);
        }
    }

    let mut postings = Postings::default();
    let mut docs = Vec::new();
    for (doc, (kind, ext)) in all_docs(bundle).enumerate() {
        let doc = doc as u32;
        let mut tf: HashMap<u32, [u32; 2]> = HashMap::new();
        let mut len = [0u32; 2];
        for (field, texts) in doc_fields(bundle, kind, ext).iter().enumerate() {
            for text in texts {
                for t in tokenize(text) {
                    if is_stopword(&t.term) {
                        continue;
                    }
                    tf.entry(postings.term_of(&analyzer, t.term)).or_default()[field] += 1;
                    len[field] += 1;
                }
            }
        }
        for (term, counts) in tf {
            postings.lists[term as usize].push((doc, counts));
        }
        let (date, outlets, entities, reach) = match kind {
            HitKind::Article => {
                let a = &bundle.articles[ext];
                let date = a.published.as_deref().map(date_span).unwrap_or((0, 0));
                let outlets: BTreeSet<u32> = article_outlet(&a.id).into_iter().collect();
                let entities = article_entities
                    .get(a.id.as_str())
                    .cloned()
                    .unwrap_or_default();
                (date, outlets, entities, 0)
            }
            HitKind::Event => {
                let e = &bundle.events[ext];
                let outlets: BTreeSet<u32> = e
                    .mentions
                    .iter()
                    .filter_map(|m| article_outlet(&m.article))
                    .collect();
                // Reach: distinct outlets, counting an article without a publisher as its own.
                let sources: BTreeSet<String> = e
                    .mentions
                    .iter()
                    .map(|m| match article_outlet(&m.article) {
                        Some(o) => format!("o{o}"),
                        None => format!("a{}", m.article),
                    })
                    .collect();
                let mut entities = event_entities
                    .get(e.id.as_str())
                    .cloned()
                    .unwrap_or_default();
                entities.extend(
                    e.entities
                        .iter()
                        .filter_map(|id| entity_pos.get(id.as_str()).copied()),
                );
                (date_span(&e.date), outlets, entities, sources.len() as u32)
            }
            HitKind::Entity => {
                let e = &bundle.entities[ext];
                let outlets: BTreeSet<u32> = e
                    .articles
                    .iter()
                    .filter_map(|a| article_outlet(a))
                    .collect();
                ((0, 0), outlets, BTreeSet::from([ext as u32]), 0)
            }
        };
        docs.push(DocMeta {
            kind,
            ext: ext as u32,
            len,
            date,
            reach,
            outlets: outlets.into_iter().collect(),
            entities: entities.into_iter().collect(),
        });
    }

    let mut blob = Vec::new();
    let mut dict = fst::MapBuilder::memory();
    for (term, list) in postings.sorted() {
        // Terms longer than this are noise (URLs, glued words) and would bloat the fst.
        if term.len() > 40 {
            continue;
        }
        dict.insert(term, blob.len() as u64)
            .expect("terms are inserted in sorted order");
        put_varint(&mut blob, list.len() as u64);
        let mut last = 0;
        for &(doc, [tf_title, tf_body]) in list {
            put_varint(&mut blob, u64::from(doc - last));
            last = doc;
            put_varint(
                &mut blob,
                (u64::from(tf_body) << 1) | u64::from(tf_title > 0),
            );
            if tf_title > 0 {
                put_varint(&mut blob, u64::from(tf_title));
            }
        }
    }
    let dict = dict.into_map();

    let mut alias_groups = Vec::new();
    for e in &bundle.entities {
        let mut forms: Vec<Vec<String>> = Vec::new();
        for surface in std::iter::once(&e.name).chain(&e.aliases) {
            let form: Vec<String> = analyzer
                .terms(surface)
                .into_iter()
                .map(|t| t.term)
                .collect();
            if !form.is_empty() && !forms.contains(&form) {
                forms.push(form);
            }
        }
        if forms.len() > 1 {
            alias_groups.push(forms);
        }
    }

    let counts = [
        bundle.articles.len() as u32,
        bundle.events.len() as u32,
        bundle.entities.len() as u32,
    ];
    let outlets = outlet_names.into_iter().map(String::from).collect();
    SearchIndex::assemble(
        dict,
        blob,
        docs,
        outlets,
        counts,
        fingerprint(bundle),
        alias_groups,
    )
}

/// How many bytes token positions would add to the postings (delta + varint per
/// occurrence, plus a count per posting), had the index stored them for phrase queries.
/// The engine checks phrases against the bundle's text instead; this measures the tradeoff.
pub fn positions_bytes(bundle: &Bundle) -> usize {
    let analyzer = Analyzer::default();
    let mut total = 0;
    let mut buf = Vec::new();
    for (kind, ext) in all_docs(bundle) {
        let mut positions: HashMap<String, Vec<u32>> = HashMap::new();
        let mut pos = 0u32;
        for texts in doc_fields(bundle, kind, ext) {
            for text in texts {
                for t in analyzer.terms(text) {
                    positions.entry(t.term).or_default().push(pos);
                    pos += 1;
                }
            }
        }
        for list in positions.values() {
            buf.clear();
            put_varint(&mut buf, list.len() as u64);
            let mut last = 0;
            for &p in list {
                put_varint(&mut buf, u64::from(p - last));
                last = p;
            }
            total += buf.len();
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_spans_follow_precision() {
        assert_eq!(date_span("2025-06-02"), (20250602, 20250602));
        assert_eq!(date_span("2025-06"), (20250601, 20250631));
        assert_eq!(date_span("2025"), (20250101, 20251231));
        assert_eq!(date_span("June 2"), (0, 0));
        assert_eq!(date_span("2025-6-2"), (0, 0));
    }
}
