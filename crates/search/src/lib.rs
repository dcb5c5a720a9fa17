//! Storyline's search engine: one index format and one query engine for the CLI and the app.
//!
//! The index is built once, at site-build time ([`build_index`]), and shipped next to the
//! bundle as bytes ([`SearchIndex::to_bytes`], `search.bin`). It holds only what the text
//! cannot cheaply give back: an fst term dictionary (stemmed, folded terms), doc-level
//! postings with per-field term frequencies (delta + varint), and per-document metadata for
//! ranking and facets (field lengths, date span, outlets, entities, event reach). Phrases,
//! proximity and snippets are computed from the bundle's own text for the few candidate
//! documents, so [`SearchIndex::search`] takes the bundle too.
//!
//! Query language (see [`query::parse`]): all words must match (falling back to any word
//! when none match all), `"exact phrase"`, `-excluded`, prefix on the last word while
//! typing, typo tolerance (1 edit from 5 letters, 2 from 9, only for words that are absent
//! or rare in the corpus), accent and case folding, English stemming, and entity alias
//! expansion ("Zelensky" finds "Zelenskyy"). Ranking is BM25F (title over body) with a
//! proximity boost and a boost for events reported by many outlets.
//!
//! The crate does no I/O and uses no threads: it compiles for `wasm32-unknown-unknown`.

mod analyze;
pub mod format;
mod fuzzy;
mod indexer;
pub mod query;
mod rank;
mod snippet;

pub use analyze::{is_stopword, Analyzer};
pub use format::FORMAT_VERSION;
pub use indexer::{build_index, date_span, positions_bytes};

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use storyline_model::Bundle;

/// Hits per kind on the search page's first screen, where all kinds show: a screenful each.
/// More of one kind is a page of [`KIND_PAGE`] away (`/search?q=…&kind=event`).
pub const FIRST_SCREEN: usize = 10;
/// Hits per page when the search page shows one kind.
pub const KIND_PAGE: usize = 50;

/// What the search page says over an empty query: what there is to find and how to ask.
/// The app shows it, and so does the search page's static HTML before the app runs.
pub fn hint(events: usize, articles: usize, entities: usize) -> String {
    let n = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "Search {}, {} and {}. Use \"quotes\" for a phrase and -word to exclude.",
        n(events, "event", "events"),
        n(articles, "article", "articles"),
        n(
            entities,
            "person, place or organisation",
            "people, places and organisations"
        ),
    )
}

/// The kind of a document; results are grouped in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    /// An event of the timeline.
    Event,
    /// An article of the corpus.
    Article,
    /// A person, place or organisation.
    Entity,
}

impl HitKind {
    /// Every kind, in the order results are grouped.
    pub const ORDER: [HitKind; 3] = [HitKind::Event, HitKind::Article, HitKind::Entity];

    /// Position in the index's document order (articles, events, entities).
    pub(crate) fn slot(self) -> usize {
        match self {
            HitKind::Article => 0,
            HitKind::Event => 1,
            HitKind::Entity => 2,
        }
    }

    /// The kind's name, as in JSON and the search page's `kind=` parameter: `event`,
    /// `article` or `entity`.
    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Article => "article",
            HitKind::Event => "event",
            HitKind::Entity => "entity",
        }
    }

    /// The kind named by [`HitKind::as_str`].
    pub fn parse(name: &str) -> Option<HitKind> {
        HitKind::ORDER.into_iter().find(|k| k.as_str() == name)
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// What the hit is: an event, an article or an entity.
    pub kind: HitKind,
    /// The article, event or entity id.
    pub id: String,
    /// Relevance: within a kind, a higher score ranks first.
    pub score: f32,
    /// The best matching passage (a sentence, a quote, a title or the entity's names),
    /// trimmed around the match with `…`.
    pub snippet: String,
    /// Byte ranges of the matched words inside `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// For articles: the index of the snippet's sentence (deep link `#s<n>`); `None` when
    /// the snippet is the title.
    pub sentence: Option<usize>,
}

/// Narrows a search. Values of one facet are alternatives (any outlet listed), facets
/// combine (outlet and entity and date range); every listed entity must be involved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    /// Outlet (publisher) names.
    #[serde(default)]
    pub outlets: Vec<String>,
    /// Entity ids (or names).
    #[serde(default)]
    pub entities: Vec<String>,
    /// `YYYY[-MM[-DD]]`, inclusive. Documents without a date are left out when set.
    #[serde(default)]
    pub from: Option<String>,
    /// Latest date, `YYYY[-MM[-DD]]`, inclusive; like `from`, it leaves out documents
    /// without a date.
    #[serde(default)]
    pub to: Option<String>,
    /// Only these kinds (all when empty).
    #[serde(default)]
    pub kinds: Vec<HitKind>,
}

/// One facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// What to put in [`Filters`]: an outlet name, an entity id, a `YYYY-MM` month, a kind.
    pub value: String,
    /// What to show.
    pub label: String,
    /// How many matching documents have the value.
    pub count: usize,
}

/// Counts per facet value over the documents matching the query. Each facet's counts
/// apply every filter except that facet's own (so the other outlets stay visible while
/// one is selected); entity counts apply all filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// By kind, in [`HitKind::ORDER`]; a kind with no matching document is left out.
    pub kinds: Vec<FacetCount>,
    /// By count, then name.
    pub outlets: Vec<FacetCount>,
    /// By count, then the bundle's order (by id: alphabetical, case folded); at most 50.
    pub entities: Vec<FacetCount>,
    /// By month.
    pub months: Vec<FacetCount>,
}

/// What one search found: a page of hits, the facet counts and what to tell the user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Grouped by kind (events, articles, entities), best first within a kind; at most
    /// `limit` of each kind (after the `skip` best, for [`SearchIndex::search_page`]).
    pub hits: Vec<Hit>,
    /// Counts per facet value over the documents matching the query.
    pub facets: Facets,
    /// How many documents match the query and filters, all kinds together.
    pub total: usize,
    /// Spelling corrections of the whole query, when nothing matched.
    pub suggestions: Vec<String>,
    /// True when no document had every word and the results match any word instead.
    pub any_word: bool,
    /// The text files (of the bundle's [`Bundle::text_files`]) holding articles this search
    /// read without their text: with a split story's text partly joined, the results are
    /// provisional until these are joined too and the search runs again. The second run
    /// reads no article the first did not (an excluded `-"phrase"` may need a third), and
    /// its results are the whole bundle's. Empty for a whole bundle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text_needed: Vec<String>,
}

/// Why bytes could not be read as an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchError {
    /// Bytes that do not open with [`format::MAGIC`] and a version: no index at all.
    NotAnIndex,
    /// An index of another format version than this build reads.
    Version {
        /// The version the bytes state.
        found: u32,
        /// The version this build reads, [`FORMAT_VERSION`].
        expected: u32,
    },
    /// A section is missing or does not decode; the text says which or why.
    Corrupt(String),
}

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SearchError::NotAnIndex => f.write_str("not a Storyline search index (bad magic bytes)"),
            SearchError::Version { found, expected } => write!(
                f,
                "the search index has format version {found}, but this build reads version {expected}; rebuild the site with the same storyline version"
            ),
            SearchError::Corrupt(why) => write!(f, "the search index is corrupt: {why}"),
        }
    }
}

impl std::error::Error for SearchError {}

/// What the index keeps about one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocMeta {
    pub kind: HitKind,
    /// Position in the bundle's list of that kind.
    pub ext: u32,
    /// Terms in the title and body fields.
    pub len: [u32; 2],
    /// Date span as `yyyymmdd`, `(0, 0)` when undated.
    pub date: (u32, u32),
    /// For events: how many distinct outlets reported it.
    pub reach: u32,
    /// Indexes into the outlet table, sorted.
    pub outlets: Vec<u32>,
    /// Indexes into `bundle.entities`, sorted.
    pub entities: Vec<u32>,
}

/// The search index of one bundle.
pub struct SearchIndex {
    pub(crate) dict: fst::Map<Vec<u8>>,
    pub(crate) postings: Vec<u8>,
    pub(crate) docs: Vec<DocMeta>,
    pub(crate) outlets: Vec<String>,
    /// Articles, events, entities.
    pub(crate) counts: [u32; 3],
    pub(crate) fingerprint: u64,
    /// Per entity with aliases: its surface forms as stemmed term sequences.
    pub(crate) alias_groups: Vec<Vec<Vec<String>>>,
    // Derived on load.
    /// Per document: its kind's slot and BM25's length normalisation of its two fields
    /// (`1 - b + b · len / avg`), read for every posting, kept apart from the rest of
    /// [`DocMeta`] so that the postings' walk reads 12 bytes per document.
    pub(crate) norms: Vec<(u8, [f32; 2])>,
    /// First term of a form -> (group, form).
    pub(crate) alias_starts: HashMap<String, Vec<(usize, usize)>>,
    pub(crate) analyzer: analyze::Analyzer,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.docs.len())
            .field("terms", &self.dict.len())
            .finish()
    }
}

/// Sizes of an index's parts, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Number of documents indexed: articles, events and entities.
    pub docs: usize,
    /// Number of distinct terms in the dictionary.
    pub terms: usize,
    /// Size of the term dictionary (the fst), in bytes.
    pub dictionary_bytes: usize,
    /// Size of the postings, in bytes.
    pub postings_bytes: usize,
    /// Size of the whole index as [`SearchIndex::to_bytes`] writes it, in bytes.
    pub total_bytes: usize,
}

impl SearchIndex {
    pub(crate) fn assemble(
        dict: fst::Map<Vec<u8>>,
        postings: Vec<u8>,
        docs: Vec<DocMeta>,
        outlets: Vec<String>,
        counts: [u32; 3],
        fingerprint: u64,
        alias_groups: Vec<Vec<Vec<String>>>,
    ) -> SearchIndex {
        let mut sum = [[0f64; 2]; 3];
        let mut n = [0f64; 3];
        for d in &docs {
            let k = d.kind.slot();
            n[k] += 1.0;
            sum[k][0] += f64::from(d.len[0]);
            sum[k][1] += f64::from(d.len[1]);
        }
        let mut avg_len = [[1f32; 2]; 3];
        for k in 0..3 {
            for f in 0..2 {
                if n[k] > 0.0 {
                    avg_len[k][f] = ((sum[k][f] / n[k]) as f32).max(1.0);
                }
            }
        }
        let norms = docs
            .iter()
            .map(|d| {
                let k = d.kind.slot();
                let norm = |f: usize| 1.0 - rank::B + rank::B * d.len[f] as f32 / avg_len[k][f];
                (k as u8, [norm(0), norm(1)])
            })
            .collect();
        let mut alias_starts: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (g, group) in alias_groups.iter().enumerate() {
            for (f, form) in group.iter().enumerate() {
                if let Some(first) = form.first() {
                    alias_starts.entry(first.clone()).or_default().push((g, f));
                }
            }
        }
        SearchIndex {
            dict,
            postings,
            docs,
            outlets,
            counts,
            fingerprint,
            alias_groups,
            norms,
            alias_starts,
            analyzer: analyze::Analyzer::default(),
        }
    }

    /// Was this index built from this bundle (same documents in the same order)?
    pub fn is_for(&self, bundle: &Bundle) -> bool {
        self.fingerprint == indexer::fingerprint(bundle)
    }

    /// The number of documents and terms, and the sizes of the index's parts.
    pub fn stats(&self) -> IndexStats {
        IndexStats {
            docs: self.docs.len(),
            terms: self.dict.len(),
            dictionary_bytes: self.dict.as_fst().as_bytes().len(),
            postings_bytes: self.postings.len(),
            total_bytes: self.to_bytes().len(),
        }
    }

    /// Searches the bundle this index was built from. `limit` applies to each kind.
    /// Never panics, whatever the query; with a bundle the index was not built from, hits
    /// whose document is missing are dropped.
    pub fn search(
        &self,
        bundle: &Bundle,
        query: &str,
        filters: &Filters,
        limit: usize,
    ) -> SearchResults {
        self.search_page(bundle, query, filters, 0, limit)
    }

    /// [`SearchIndex::search`] from the `skip`-th hit of each kind on: the next page of a
    /// long list, without building snippets for the pages before it.
    pub fn search_page(
        &self,
        bundle: &Bundle,
        query: &str,
        filters: &Filters,
        skip: usize,
        limit: usize,
    ) -> SearchResults {
        rank::search(self, bundle, &query::parse(query), filters, skip, limit)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hint_counts_in_words() {
        assert_eq!(
            super::hint(10, 5, 46),
            "Search 10 events, 5 articles and 46 people, places and organisations. Use \"quotes\" for a phrase and -word to exclude."
        );
        assert!(super::hint(1, 1, 1)
            .starts_with("Search 1 event, 1 article and 1 person, place or organisation."));
    }
}
