//! Dated events: sentences that report something happening, merged across outlets.
//!
//! Three steps, all pure and deterministic:
//! 1. [`mention`]: every sentence is tagged by [`crate::dates::Narrative`], the article
//!    read in order from its publication date; a (sentence, date) pair whose sentence reports something (an event
//!    verb, not a state, a heading or a teaser) is a candidate mention. Every day named by
//!    an article published on another day is counted ([`References`]).
//! 2. [`merge`]: candidates with the same day are clustered by wording (stemmed content
//!    words, IDF-weighted) and shared entities; month and year mentions join a day event of
//!    their period only when very similar; nearly identical reports one or two days apart
//!    become one event carrying a date discrepancy.
//! 3. [`describe`]: each cluster becomes an [`Event`]: content-derived id, date, extractive
//!    title, score, first outlet, entities and discrepancies (date, number, and a person's
//!    title, see [`titles`]); the score also counts the articles referring to the event's
//!    day from another day ([`credit_references`]).

pub mod describe;
pub mod mention;
pub mod merge;
#[cfg(test)]
mod tests;
pub mod titles;

use crate::entities::Found;
use crate::guard::Lost;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use storyline_model::{Article, Entity, Event};

/// The events of the articles, sorted by date then id, and the articles on which finding
/// candidates panicked (a bug: their events are left out). `found` is the entities stage's
/// output for the same slice of articles (occurrences index into it).
pub fn extract(articles: &[Article], found: &Found) -> (Vec<Event>, Vec<(usize, Lost)>) {
    let dated = tag_dates(articles);
    let mentions = candidates(articles, &dated);
    let failed = mentions.failed();
    (merge_mentions(articles, found, mentions), failed)
}

/// One sentence of an article and the date expressions in it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatedSentence {
    /// Index of its paragraph, and its byte range there, as [`Article::sentences`] gives.
    pub paragraph: usize,
    /// Byte range of the sentence in its paragraph.
    pub range: std::ops::Range<usize>,
    /// The sentence's date expressions, the article read in order
    /// ([`crate::dates::Narrative`] from its anchor, [`anchors`]).
    pub dates: Vec<crate::dates::TimeExpr>,
    /// The day "today" or "Monday" resolved against here (`YYYY-MM-DD`): the article's
    /// anchor, or a live entry's stamp before the sentence.
    pub deictic: Option<String>,
    /// The narrative day the sentence's "the next day" or "two days later" resolved
    /// against, when it used one.
    pub narrative: Option<String>,
}

/// The sentences of one article with their dates, or why they were lost.
pub type Dated = Result<Vec<DatedSentence>, Lost>;

/// Step 1a, the dates stage: every sentence of every article tagged against its anchor.
pub fn tag_dates(articles: &[Article]) -> Vec<Dated> {
    let anchors = anchors(articles);
    crate::guard::per_article(articles, "dates", |a, article| {
        article_dates(article, anchors[a])
    })
}

/// The date expressions of each sentence of one article.
pub fn article_dates(article: &Article, anchor: Option<jiff::civil::Date>) -> Vec<DatedSentence> {
    let mut narrative = crate::dates::Narrative::new(anchor);
    article
        .sentences()
        .into_iter()
        .map(|(p, range)| {
            crate::guard::tick();
            let deictic = narrative.anchor().map(|d| d.to_string());
            let dates = narrative.tag(&article.paragraphs[p][range.clone()]);
            DatedSentence {
                paragraph: p,
                range,
                dates,
                deictic,
                narrative: narrative.used().map(|d| d.to_string()),
            }
        })
        .collect()
}

/// Step 1b's output: each article's candidate mentions, or why they were lost.
pub struct Mentions(Vec<Result<ArticleCandidates, Lost>>);

impl Mentions {
    /// The articles whose dates or candidates were lost (a bug or a spent budget).
    pub fn failed(&self) -> Vec<(usize, Lost)> {
        crate::guard::failed(&self.0)
    }

    /// How many candidate mentions were found.
    pub fn len(&self) -> usize {
        self.0.iter().flatten().map(|c| c.cands.len()).sum()
    }

    /// True when no candidate mention was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Step 1b, the per-article part of the events stage: the candidate mentions of each
/// article's dated sentences.
pub fn candidates(articles: &[Article], dated: &[Dated]) -> Mentions {
    let anchors = anchors(articles);
    let stem = mention::stemmer();
    let found = crate::guard::per_article(articles, "events", |a, article| {
        let sentences = dated[a].as_deref().unwrap_or_default();
        article_candidates(a, article, sentences, anchors[a], &stem)
    });
    let found = found
        .into_iter()
        .zip(dated)
        .map(|(f, d)| match d {
            Err(lost) => Err(*lost),
            Ok(_) => f,
        })
        .collect();
    Mentions(found)
}

/// Steps 2 and 3, across articles: the candidates clustered into events, described,
/// credited with the references to their day, and sorted by date then id.
pub fn merge_mentions(articles: &[Article], found: &Found, mentions: Mentions) -> Vec<Event> {
    let mut cands = Vec::new();
    // (article, sentence) of a candidate → its paragraph and byte range there.
    let mut spans: HashMap<(usize, usize), SentenceSpan> = HashMap::new();
    let mut refs = References::default();
    for found_in in mentions.0.into_iter().flatten() {
        refs.absorb(found_in.refs);
        spans.extend(found_in.spans);
        cands.extend(found_in.cands);
    }
    let ents = sentence_entities(found);
    let cand_ents: Vec<Vec<usize>> = cands
        .iter()
        .map(|c| {
            let mut v = ents
                .get(&(c.article, c.sentence))
                .cloned()
                .unwrap_or_default();
            v.sort_unstable();
            v
        })
        .collect();
    let titles = person_titles(articles, found, &spans);
    let clusters = merge::cluster(articles, &cands, &cand_ents);
    let entity_ids: Vec<&str> = found.entities.iter().map(|e| e.id.as_str()).collect();
    let (mut events, other_titles): (Vec<Event>, Vec<Vec<String>>) = clusters
        .par_iter()
        .map(|c| {
            let d = describe::event(articles, &cands, &cand_ents, &entity_ids, &titles, c);
            (d.event, d.other_titles)
        })
        .unzip();
    credit_references(&mut events, &refs);
    let mut events = describe::distinct_titles(events, &other_titles);
    describe::unique_ids(&mut events);
    events.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
    events
}

/// (article, sentence) → the entities named in it, for similarity and `Event::entities`.
fn sentence_entities(found: &Found) -> HashMap<(usize, usize), Vec<usize>> {
    let mut ents: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for o in &found.occurrences {
        let v = ents.entry((o.article, o.sentence)).or_default();
        if !v.contains(&o.entity) {
            v.push(o.entity);
        }
    }
    ents
}

/// The titles of the people named in the candidates' sentences.
fn person_titles(
    articles: &[Article],
    found: &Found,
    spans: &HashMap<(usize, usize), SentenceSpan>,
) -> HashMap<(usize, usize), Vec<titles::Title>> {
    let mut titles: HashMap<(usize, usize), Vec<titles::Title>> = HashMap::new();
    for o in &found.occurrences {
        let Some((p, range)) = spans.get(&(o.article, o.sentence)) else {
            continue;
        };
        if found.entities[o.entity].kind != "person" || o.start < range.start || o.end > range.end {
            continue;
        }
        let text = &articles[o.article].paragraphs[*p][range.clone()];
        let name = o.start - range.start..o.end - range.start;
        if let Some(t) = titles::title_of(text, name, o.entity) {
            titles.entry((o.article, o.sentence)).or_default().push(t);
        }
    }
    titles
}

/// One article's candidate mentions, the days it refers to, and where each candidate's
/// sentence is.
pub struct ArticleCandidates {
    cands: Vec<mention::Candidate>,
    refs: References,
    spans: Vec<((usize, usize), SentenceSpan)>,
}

/// A sentence's paragraph and byte range there.
type SentenceSpan = (usize, std::ops::Range<usize>);

/// Step 1b for one article: the candidates among its dated sentences.
fn article_candidates(
    a: usize,
    article: &Article,
    sentences: &[DatedSentence],
    anchor: Option<jiff::civil::Date>,
    stem: &rust_stemmers::Stemmer,
) -> ArticleCandidates {
    let mut out = ArticleCandidates {
        cands: Vec::new(),
        refs: References::default(),
        spans: Vec::new(),
    };
    if article.set_aside.is_some() {
        return out;
    }
    let mut order = 0;
    for (s, sentence) in sentences.iter().enumerate() {
        crate::guard::tick();
        let (p, range) = (sentence.paragraph, sentence.range.clone());
        let text = &article.paragraphs[p][range.clone()];
        out.refs
            .add(a, article.published.as_deref(), &sentence.dates);
        let deictic = sentence
            .deictic
            .as_deref()
            .and_then(|d| d.parse().ok())
            .or(anchor);
        let found = mention::candidates_from(a, s, text, deictic, sentence.dates.clone(), stem);
        if !found.is_empty() {
            out.spans.push(((a, s), (p, range)));
        }
        for mut c in found {
            if matches!(c.rule.as_str(), "narrative" | "day_ref") {
                c.anchor = sentence.narrative.clone().or(c.anchor);
            }
            c.order = order;
            order += 1;
            out.cands.push(c);
        }
    }
    out
}

/// For each day (`YYYY-MM-DD`), the articles that refer to it from another day: their own
/// publication date is another one. An undated article counts only with absolute
/// expressions ("June 2, 2025", not "Monday").
///
/// A day that articles keep referring to, before or after it ("since the April 20
/// explosion", "the talks set for June 2", "yesterday's vote"), is a turning point of the
/// story: this is the date-reference count of timeline summarisation (Tran et al., 2015;
/// Ghalandari and Ifrim, 2020). Months and years are not counted: "in April" or "last
/// year" name a period, not a turning point, and every story refers to its months.
#[derive(Debug, Default)]
pub struct References {
    /// Day → (articles published after it or undated, articles published before it).
    by_date: HashMap<String, (BTreeSet<usize>, BTreeSet<usize>)>,
}

/// How much a forward reference (from an article published before the day: "the talks
/// set for June 2") weighs against a backward one ("since the April 20 explosion"): a day
/// announced in advance is less surely a turning point (many pass without news). Chosen on
/// the Timeline17 dev topics (docs/evaluation.md).
pub const FORWARD_WEIGHT: f64 = 0.5;

impl References {
    /// Adds the date expressions of one sentence of article `article`.
    pub fn add(
        &mut self,
        article: usize,
        published: Option<&str>,
        tags: &[crate::dates::TimeExpr],
    ) {
        for t in tags {
            let Some(d) = t.day().filter(|d| d.day.is_some()) else {
                continue;
            };
            let iso = d.iso();
            let forward = match published {
                Some(p) if p == iso => continue,
                Some(p) => p < iso.as_str(),
                None if t.anchored => continue,
                None => false,
            };
            let (back, fwd) = self.by_date.entry(iso).or_default();
            if forward { fwd } else { back }.insert(article);
        }
    }

    /// Adds the references another set of articles makes (the sets are disjoint).
    fn absorb(&mut self, other: References) {
        for (day, (back, fwd)) in other.by_date {
            let (b, f) = self.by_date.entry(day).or_default();
            b.extend(back);
            f.extend(fwd);
        }
    }

    /// The number of articles referring to the day `date` from another day (0 for a month
    /// or a year); the score uses [`Self::weight`], the tests check both.
    #[cfg(test)]
    pub fn count(&self, date: &str) -> usize {
        self.by_date
            .get(date)
            .map_or(0, |(back, fwd)| back.len() + fwd.len())
    }

    /// The references to `date` as they weigh in the score: each backward one 1, each
    /// forward one [`FORWARD_WEIGHT`].
    pub fn weight(&self, date: &str) -> f64 {
        self.by_date.get(date).map_or(0.0, |(back, fwd)| {
            back.len() as f64 + FORWARD_WEIGHT * fwd.len() as f64
        })
    }
}

/// Credits each event with the references to its date: the day's most reported event
/// (most outlets) gets them all, the others in proportion to their outlets, so that a
/// turning point lifts its main event and not every aside reported that day.
pub fn credit_references(events: &mut [Event], refs: &References) {
    let mut most: HashMap<String, usize> = HashMap::new();
    for e in events.iter() {
        let m = most.entry(e.date.clone()).or_default();
        *m = (*m).max(describe::outlets(e));
    }
    for e in events.iter_mut() {
        let n = refs.weight(&e.date);
        if n == 0.0 {
            continue;
        }
        let share = describe::outlets(e) as f64 / most[&e.date].max(1) as f64;
        describe::rescore(e, n * share);
    }
}

/// Fills `Entity::events` from the events' entity lists (sorted, unique).
pub fn link_entities(entities: &mut [Entity], events: &[Event]) {
    let mut by_id: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in events {
        for id in &e.entities {
            by_id.entry(id.as_str()).or_default().insert(e.id.as_str());
        }
    }
    for ent in entities.iter_mut() {
        if let Some(ids) = by_id.get(ent.id.as_str()) {
            let mut all: BTreeSet<String> = ent.events.iter().cloned().collect();
            all.extend(ids.iter().map(|s| s.to_string()));
            ent.events = all.into_iter().collect();
        }
    }
}

/// The date each article's relative expressions are resolved against: its publication
/// date; for an undated article, the story's typical date (the lower median of the
/// articles' publication dates), so that "May 16" or "Wednesday" in a story about one week
/// still lands in that week. Without any dated article, only absolute dates count.
pub fn anchors(articles: &[Article]) -> Vec<Option<jiff::civil::Date>> {
    let own: Vec<Option<jiff::civil::Date>> = articles
        .iter()
        .map(|a| a.published.as_deref().and_then(|p| p.parse().ok()))
        .collect();
    let mut dated: Vec<jiff::civil::Date> = own.iter().flatten().copied().collect();
    dated.sort();
    let story = (!dated.is_empty()).then(|| dated[(dated.len() - 1) / 2]);
    own.into_iter().map(|d| d.or(story)).collect()
}
