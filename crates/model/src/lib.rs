//! The Storyline bundle: the data contract between the build pipeline and the web app.
//!
//! Everything the app reads is defined here once, compiled for both the native CLI and
//! `wasm32-unknown-unknown`. The crate does no I/O.
//!
//! The JSON form of [`Bundle`] is the documented `storyline.timeline/1` format (see
//! `docs/format.md`). It only ever grows: fields are added, never renamed or removed, so
//! scripts written against an older bundle keep working.

pub mod calendar;
pub mod text;

pub use calendar::{MONTHS, WEEKDAYS};

use serde::{Deserialize, Serialize};

/// A date at its own precision: `2025` → "2025", `2025-06` → "June 2025",
/// `2025-06-02` → "June 2, 2025". Anything else is shown as given.
pub fn human_date(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| MONTHS[m - 1])
    };
    match parts.as_slice() {
        [y] => y.to_string(),
        [y, m] => month(m)
            .map(|m| format!("{m} {y}"))
            .unwrap_or_else(|| date.to_string()),
        [y, m, d] => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{m} {d}, {y}"),
            _ => date.to_string(),
        },
        _ => date.to_string(),
    }
}

/// What an article whose publisher is unknown shows for its outlet.
pub const UNKNOWN_OUTLET: &str = "outlet unknown";

/// The schema identifier written in every bundle; the app refuses any other value.
pub const SCHEMA: &str = "storyline.timeline/1";

/// File name of the bundle inside a built site.
pub const BUNDLE_FILE: &str = "timeline.json";

/// The bundle as the app reads it: [`BUNDLE_FILE`] without the articles' paragraphs, which
/// are in the [`TextFile`]s under [`TEXT_DIR`] (see [`Bundle::split_text`]).
pub const STORY_FILE: &str = "data/story.json";

/// Folder of a built site holding the articles' paragraphs, a few articles per file: each
/// a bundle of those articles alone (no events, no entities).
pub const TEXT_DIR: &str = "data/text";

/// The downloads of a built site (written by `storyline build`, linked from the app).
pub const ICS_FILE: &str = "exports/timeline.ics";
/// The spreadsheet download of a built site: one row per event.
pub const CSV_FILE: &str = "exports/events.csv";
/// The Atom feed of a built site: one entry per event.
pub const ATOM_FILE: &str = "exports/events.atom";
/// The TimelineJS (Knight Lab) download of a built site: one slide per event.
pub const TIMELINEJS_FILE: &str = "exports/timelinejs.json";

/// File name of the build report inside a built site.
pub const REPORT_FILE: &str = "report.json";

/// File name of the search index inside a built site (see the `storyline-search` crate).
pub const SEARCH_FILE: &str = "search.bin";

/// A whole story: articles, the events found in them and the entities they involve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// The format's identifier, [`SCHEMA`] (`storyline.timeline/1`).
    pub schema: String,
    /// The story's title and description (from `storyline.toml`, or derived).
    #[serde(default)]
    pub story: Story,
    /// The cleaned articles, a syndicated copy merged into the one it copies (see
    /// [`Article::duplicates`]).
    pub articles: Vec<Article>,
    /// Sorted by date, then id.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Sorted by id (names in alphabetical order, case folded).
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Event ids of earlier builds that were merged or renamed: old id → current id, so
    /// shared links keep working after a rebuild (`storyline build --previous`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub redirects: std::collections::BTreeMap<String, String>,
    /// Entity ids of earlier builds whose entity is now named otherwise (a name's usual
    /// spelling changed as articles were added): old id → current id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub entity_redirects: std::collections::BTreeMap<String, String>,
    /// Where the articles' paragraphs are when this bundle was written without them (the
    /// site's [`STORY_FILE`]); empty in a whole bundle.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text_files: Vec<TextFile>,
    /// Where each id sits in the lists above, built on the first lookup.
    #[serde(skip)]
    index: IdIndex,
}

/// Positions of the articles, events, entities and text files by id, so a lookup costs
/// a hash rather than a scan of the list (a build at 100,000 articles looks up millions).
/// Built once, on the first lookup; a position is checked against the list before it is
/// used, so a bundle changed after that still answers right (by a scan, where it moved).
#[derive(Debug, Clone, Default)]
struct IdIndex(std::sync::OnceLock<Positions>);

#[derive(Debug, Clone, Default)]
struct Positions {
    articles: std::collections::HashMap<String, usize>,
    events: std::collections::HashMap<String, usize>,
    entities: std::collections::HashMap<String, usize>,
    text_files: std::collections::HashMap<String, usize>,
}

/// Two bundles are equal when their data are: the index is a cache.
impl PartialEq for IdIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The item of `list` with id `id`: at its indexed position when it is still there, else
/// by a scan.
fn lookup<'a, T>(
    list: &'a [T],
    at: &std::collections::HashMap<String, usize>,
    id: &str,
    has: impl Fn(&T, &str) -> bool,
) -> Option<&'a T> {
    at.get(id)
        .and_then(|&i| list.get(i))
        .filter(|x| has(x, id))
        .or_else(|| list.iter().find(|x| has(x, id)))
}

/// The first position given for each id (a later duplicate is found, as before, by the
/// scan).
fn positions<'a>(
    ids: impl Iterator<Item = (usize, &'a str)>,
) -> std::collections::HashMap<String, usize> {
    let mut at = std::collections::HashMap::new();
    for (i, id) in ids {
        at.entry(id.to_string()).or_insert(i);
    }
    at
}

/// One file of article text, and the articles whose paragraphs it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextFile {
    /// Path inside the site, e.g. `data/text/0.json`.
    pub file: String,
    /// Article ids.
    pub articles: Vec<String>,
}

/// The story a bundle tells, as its pages and exports name it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// The story's title: `title` of `storyline.toml`, else one inferred from the articles.
    #[serde(default)]
    pub title: String,
    /// A short description: `description` of `storyline.toml`, else inferred (empty when
    /// the file gives a title alone).
    #[serde(default)]
    pub description: String,
}

/// One cleaned article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id derived from the file's path inside the corpus.
    pub id: String,
    /// Path of the source file relative to the corpus root, with `/` separators.
    pub source_file: String,
    /// The article's headline.
    pub title: String,
    /// Publication date, `YYYY-MM-DD`, or null when the input does not state it.
    pub published: Option<String>,
    /// The outlet that published it, or null when unknown (see [`UNKNOWN_OUTLET`]).
    pub publisher: Option<String>,
    /// The original article's web address (`http` or `https`), or null when unknown.
    pub url: Option<String>,
    /// The byline, or null when the input does not state it.
    #[serde(default)]
    pub author: Option<String>,
    /// Body paragraphs, boilerplate removed. Sentence `n` of the article is the `n`-th
    /// sentence of [`text::sentences`] over these paragraphs in order.
    pub paragraphs: Vec<String>,
    /// Where each metadata field came from, e.g. `{"published": "dateline"}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<Provenance>,
    /// Other files carrying the same story (syndicated copies merged into this one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<String>,
    /// Why the article is set aside as off the story's topic (it feeds no events, and
    /// stays readable); `None` for an article of the story.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_aside: Option<String>,
}

/// The origin of one metadata field of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The article field: `title`, `published`, `publisher`, `url` or `author`.
    pub field: String,
    /// `front-matter`, `html-meta`, `json-ld`, `dateline`, `path`, `text`, `first-line`, `config`...
    pub source: String,
}

/// A dated event: one thing that happened (or is scheduled), merged across outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id derived from the event's date and key terms.
    pub id: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (precision is the length).
    pub date: String,
    /// A headline taken from one mention's sentence.
    pub title: String,
    /// Importance, higher is more important.
    pub score: f64,
    /// The sentences that report the event.
    pub mentions: Vec<Mention>,
    /// Article id of the earliest outlet that reported it.
    #[serde(default)]
    pub first_reported: Option<String>,
    /// True when every mention was written before the event's date ("scheduled for").
    #[serde(default)]
    pub future: bool,
    /// Entity ids involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<String>,
    /// Where outlets disagree about this event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discrepancies: Vec<Discrepancy>,
    /// The title as it stood on earlier days, when the articles published by then give
    /// another one (see [`Event::title_as_of`]); empty when every day gives [`Event::title`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_titles: Vec<EarlierTitle>,
}

/// The title an event had from one day on (until the next entry), from the mentions in
/// articles published by then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierTitle {
    /// `YYYY-MM-DD`: the first day with this title.
    pub from: String,
    /// The event's title from that day on.
    pub title: String,
}

/// Was an article published on `published` written before `date` (any precision)? The
/// publication day is compared at the date's precision: a June 2 article is not before
/// "June 2025". This is what makes an event [`Event::future`].
pub fn written_before(published: &str, date: &str) -> bool {
    published.get(..date.len()).is_some_and(|p| p < date)
}

/// How many years before a story's first reports its own span starts on the timeline
/// (see [`Bundle::background_before`]).
pub const BACKGROUND_YEARS: i32 = 1;

impl Event {
    /// Is the event dated before `day` (`YYYY-MM-DD`), compared at its own precision (an
    /// event of "2009" is not before 2009-06-07)?
    pub fn is_before(&self, day: &str) -> bool {
        let n = self.date.len().min(day.len());
        self.date.as_bytes()[..n] < day.as_bytes()[..n]
    }

    /// The title as known on `day` (`YYYY-MM-DD`): from the articles published by then.
    pub fn title_as_of(&self, day: &str) -> &str {
        self.earlier_titles
            .iter()
            .rev()
            .find(|t| t.from.as_str() <= day)
            .map_or(self.title.as_str(), |t| t.title.as_str())
    }

    /// The article that reported the event first, among those `include` keeps: the one
    /// published earliest (undated last), then the lowest id, of the mentions that report
    /// it: those giving a date as precise as the event's, and those less precise written
    /// on or after its date ("in July", written before 15 July, forecast the month; it
    /// is no report of the 15th). Falls back to every kept mention when none reports it.
    pub fn first_report<'a, 'p>(
        &'a self,
        published: impl Fn(&str) -> Option<&'p str>,
        include: impl Fn(&str) -> bool,
    ) -> Option<&'a str> {
        let reports = |m: &Mention| {
            m.date.len() == self.date.len()
                || published(&m.article).is_some_and(|p| !written_before(p, &self.date))
        };
        let kept = || {
            self.mentions
                .iter()
                .filter(|m| include(&m.article))
                .map(|m| (reports(m), m.article.as_str()))
        };
        let any = kept().any(|(r, _)| r);
        kept()
            .filter(|&(r, _)| r || !any)
            .map(|(_, a)| a)
            .min_by_key(|a| {
                let p = published(a);
                (p.is_none(), p, *a)
            })
    }
}

/// One sentence, in one article, that reports an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Id of the article the sentence is in.
    pub article: String,
    /// The sentence, verbatim.
    pub text: String,
    /// Index of the sentence in the article (see [`Article::paragraphs`]).
    #[serde(default)]
    pub sentence: usize,
    /// The date expression as written, e.g. `next Monday`.
    #[serde(default)]
    pub date_text: String,
    /// Byte offsets of the date expression inside `text`.
    #[serde(default)]
    pub date_start: usize,
    /// Byte offset inside `text` just past the end of the date expression.
    #[serde(default)]
    pub date_end: usize,
    /// The date the expression was resolved against (`YYYY-MM-DD`), if relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The name of the rule that resolved it.
    #[serde(default)]
    pub rule: String,
    /// The date this mention gives the event (may differ from the event's date).
    #[serde(default)]
    pub date: String,
}

/// Two or more outlets stating different values for the same event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// What differs: `date` (the event's date), `number` (a count, "killed 13" / "killed
    /// 12") or `title` (one person's title, "Defence Minister X" / "former Defence Minister
    /// X"; one discrepancy per person). Later versions may add kinds.
    pub kind: String,
    /// The differing values, each with the article stating it.
    pub sides: Vec<DiscrepancySide>,
}

/// One value of a [`Discrepancy`], as one article states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscrepancySide {
    /// The value this side states: a date, a number, or a title and name, by the
    /// discrepancy's `kind`.
    pub value: String,
    /// Id of the article stating it.
    pub article: String,
    /// The article's sentence stating it, verbatim.
    pub quote: String,
}

/// A person, place or organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id: a slug of the name (`sergei-lavrov`), made unique.
    pub id: String,
    /// The name shown: the built-in gazetteer's for a place or organisation it knows, else
    /// the articles' usual form.
    pub name: String,
    /// `person`, `place` or `organisation`.
    pub kind: String,
    /// The other forms the name is written in (`Lavrov`, `Sergey Lavrov`).
    pub aliases: Vec<String>,
    /// Article ids.
    pub articles: Vec<String>,
    /// Event ids.
    #[serde(default)]
    pub events: Vec<String>,
}

/// Why a bundle could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// Not JSON, or JSON of the wrong shape.
    Corrupt(String),
    /// A bundle of another schema version.
    Schema {
        /// The schema the bundle states.
        found: String,
    },
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::Corrupt(why) => write!(f, "the bundle is corrupt: {why}"),
            BundleError::Schema { found } => write!(
                f,
                "the bundle has schema {found:?}, but this app reads {SCHEMA:?}; rebuild the site with the same storyline version"
            ),
        }
    }
}

impl std::error::Error for BundleError {}

/// `url` when it is a web address a link may point to: absolute `http` or `https` with a
/// host, and no space or control character (quotes and brackets are left to the
/// escaping of the attribute that holds it). Anything else (`javascript:`, `data:`,
/// `vbscript:`, a bare path) is no link: an article's URL comes from the corpus, which is
/// hostile data, and becomes the `href` of its "Original article" link.
pub fn web_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = ["https://", "http://"].into_iter().find(|scheme| {
        url.as_bytes()
            .get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
    })?;
    let rest = &url[scheme.len()..];
    let host_starts = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '[');
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (host_starts && clean).then_some(url)
}

/// A route of the app (`event/x`, `/timeline?view=highlights`, `article/x#s3`) in the form
/// its pre-rendered page is served at: the folder (`event/x/`, `/timeline/?view=…`,
/// `article/x/#s3`). A static host answers the form without the slash with a redirect, so
/// every link the app and the build write is in this form. The root (`""`, `/`) and a
/// path already ending in `/` are unchanged.
pub fn folder_route(route: &str) -> String {
    let cut = route.find(['?', '#']).unwrap_or(route.len());
    let (path, rest) = route.split_at(cut);
    if path.is_empty() || path.ends_with('/') {
        route.to_string()
    } else {
        format!("{path}/{rest}")
    }
}

impl Bundle {
    /// A bundle of the current [`SCHEMA`] holding these articles alone: no events, no
    /// entities, an empty story.
    pub fn new(articles: Vec<Article>) -> Self {
        Bundle {
            schema: SCHEMA.to_string(),
            story: Story::default(),
            articles,
            events: Vec::new(),
            entities: Vec::new(),
            redirects: Default::default(),
            entity_redirects: Default::default(),
            text_files: Vec::new(),
            index: IdIndex::default(),
        }
    }

    fn positions(&self) -> &Positions {
        self.index.0.get_or_init(|| Positions {
            articles: positions(self.articles.iter().map(|a| a.id.as_str()).enumerate()),
            events: positions(self.events.iter().map(|e| e.id.as_str()).enumerate()),
            entities: positions(self.entities.iter().map(|e| e.id.as_str()).enumerate()),
            text_files: positions(
                self.text_files
                    .iter()
                    .enumerate()
                    .flat_map(|(i, f)| f.articles.iter().map(move |a| (i, a.as_str()))),
            ),
        })
    }

    /// The bundle without the articles' paragraphs, and the text files that hold them: in
    /// article order, each of about `file_bytes` of text (an article is never cut; a longer
    /// one has a file of its own). A reader then downloads the events, the entities and the
    /// articles' metadata up front, and an article's text when it is opened.
    ///
    /// A story whose text fits in one file is not split (the whole bundle and no files):
    /// its one file would be needed by every page that reads any text.
    pub fn split_text(&self, file_bytes: usize) -> (Bundle, Vec<(String, Bundle)>) {
        let total: usize = self
            .articles
            .iter()
            .flat_map(|a| &a.paragraphs)
            .map(String::len)
            .sum();
        if total <= file_bytes {
            return (self.clone(), Vec::new());
        }
        let mut files: Vec<(String, Bundle)> = Vec::new();
        let mut size = 0;
        for a in &self.articles {
            let bytes: usize = a.paragraphs.iter().map(String::len).sum();
            if files.is_empty() || size > 0 && size + bytes > file_bytes {
                let file = format!("{TEXT_DIR}/{}.json", files.len());
                files.push((file, Bundle::new(Vec::new())));
                size = 0;
            }
            size += bytes;
            let last = &mut files.last_mut().expect("a file was pushed").1;
            last.articles.push(a.clone());
        }
        let mut story = self.clone();
        for a in &mut story.articles {
            a.paragraphs = Vec::new();
        }
        story.text_files = files
            .iter()
            .map(|(file, texts)| TextFile {
                file: file.clone(),
                articles: texts.articles.iter().map(|a| a.id.clone()).collect(),
            })
            .collect();
        (story, files)
    }

    /// The story with the paragraphs of some of its text files put back, each file given
    /// with its path: the inverse of [`Bundle::split_text`] when every file is given. The
    /// files joined leave [`Bundle::text_files`]; the others stay listed there, their
    /// articles still without text, so the result says what it still lacks.
    pub fn join_text<'a>(&self, texts: impl IntoIterator<Item = (&'a str, &'a Bundle)>) -> Bundle {
        let mut whole = self.clone();
        let at: std::collections::HashMap<&str, usize> = self
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        for (file, texts) in texts {
            whole.text_files.retain(|f| f.file != file);
            for a in &texts.articles {
                if let Some(&i) = at.get(a.id.as_str()) {
                    whole.articles[i].paragraphs = a.paragraphs.clone();
                }
            }
        }
        whole
    }

    /// One article's paragraphs, when this bundle holds it.
    pub fn paragraphs(&self, article_id: &str) -> Option<&[String]> {
        self.article(article_id).map(|a| a.paragraphs.as_slice())
    }

    /// The text file holding an article's paragraphs, when the bundle was split.
    pub fn text_file(&self, article_id: &str) -> Option<&str> {
        let at = &self.positions().text_files;
        lookup(&self.text_files, at, article_id, |f, id| {
            f.articles.iter().any(|a| a == id)
        })
        .map(|f| f.file.as_str())
    }

    /// Parses a bundle in one pass; one that does not parse is read again for its schema
    /// alone, so an old or future bundle (whose shape may differ) gets a clear "schema"
    /// error rather than a confusing field error.
    pub fn from_json(json: &str) -> Result<Bundle, BundleError> {
        let err = match serde_json::from_str::<Bundle>(json) {
            Ok(bundle) if bundle.schema == SCHEMA => return Ok(bundle),
            Ok(bundle) => {
                return Err(BundleError::Schema {
                    found: bundle.schema,
                })
            }
            Err(err) => err,
        };
        #[derive(Deserialize)]
        struct Header {
            schema: Option<String>,
        }
        match serde_json::from_str::<Header>(json).map(|h| h.schema) {
            Ok(Some(found)) if found != SCHEMA => Err(BundleError::Schema { found }),
            Ok(None) => Err(BundleError::Corrupt("no \"schema\" field".into())),
            _ => Err(BundleError::Corrupt(err.to_string())),
        }
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        lookup(&self.articles, &self.positions().articles, id, |a, id| {
            a.id == id
        })
    }

    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&Event> {
        lookup(&self.events, &self.positions().events, id, |e, id| {
            e.id == id
        })
    }

    /// The name of an article's outlet: its publisher, else [`UNKNOWN_OUTLET`] (a file's
    /// name says nothing of who published it).
    pub fn outlet(&self, article_id: &str) -> String {
        self.article(article_id)
            .and_then(|a| a.publisher.clone())
            .unwrap_or_else(|| UNKNOWN_OUTLET.to_string())
    }

    /// The distinct known outlets reporting an event, in the order of first mention
    /// (articles whose publisher is unknown are counted as articles, not as outlets).
    pub fn event_outlets(&self, event: &Event) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for m in &event.mentions {
            let o = self.outlet(&m.article);
            if o != UNKNOWN_OUTLET && !seen.contains(&o) {
                seen.push(o);
            }
        }
        seen
    }

    /// The day from which the timeline shows the story's own events (`YYYY-MM-DD`):
    /// [`BACKGROUND_YEARS`] before its first reports, the publication days of the
    /// articles that report its events, leaving out the earliest 2% (one stray early
    /// article does not move it). Events dated before it are background (a play of
    /// 1612, the Exxon Valdez in 1989 in a story of 2010): the timeline folds them and
    /// opens on the story. `None` when no reporting article is dated, or when the events
    /// before that day hold as many mentions as the rest (a retrospective is its own
    /// story).
    pub fn background_before(&self) -> Option<String> {
        let reporting: std::collections::BTreeSet<&str> = self
            .events
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| m.article.as_str()))
            .collect();
        let mut days: Vec<&str> = reporting
            .into_iter()
            .filter_map(|id| self.article(id)?.published.as_deref())
            .filter(|d| d.len() == 10)
            .collect();
        days.sort_unstable();
        let first = days.get(days.len() / 50)?;
        let year: i32 = first.get(..4)?.parse().ok()?;
        let day = format!("{:04}{}", year - BACKGROUND_YEARS, first.get(4..)?);
        // A story told mostly before its reports (a retrospective) has no background.
        let count = |before: bool| -> usize {
            self.events
                .iter()
                .filter(|e| e.is_before(&day) == before)
                .map(|e| e.mentions.len())
                .sum()
        };
        (count(true) < count(false)).then_some(day)
    }

    /// The current id of an event id from an earlier build, if it was renamed or merged.
    pub fn redirect(&self, old_id: &str) -> Option<&Event> {
        self.redirects.get(old_id).and_then(|id| self.event(id))
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        lookup(&self.entities, &self.positions().entities, id, |e, id| {
            e.id == id
        })
    }

    /// The current entity of an entity id from an earlier build, if it was renamed.
    pub fn entity_redirect(&self, old_id: &str) -> Option<&Entity> {
        self.entity_redirects
            .get(old_id)
            .and_then(|id| self.entity(id))
    }
}

impl Article {
    /// The article's sentences in order, as (paragraph index, byte range in that paragraph).
    pub fn sentences(&self) -> Vec<(usize, std::ops::Range<usize>)> {
        self.paragraphs
            .iter()
            .enumerate()
            .flat_map(|(p, text)| text::sentences(text).into_iter().map(move |r| (p, r)))
            .collect()
    }

    /// The original article's address, when it is one a link may point to ([`web_link`]).
    pub fn link(&self) -> Option<&str> {
        self.url.as_deref().and_then(web_link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_links() {
        for good in [
            "https://example.org/a?b=c#d",
            " HTTP://Example.org/ ",
            "http://[::1]:8080/x",
            "https://bücher.example/é",
        ] {
            assert_eq!(web_link(good), Some(good.trim()), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "https:javascript:alert(1)",
            "https:///evil",
            "//evil.example/x",
            "/relative/path",
            "http://a.example/x y",
            "",
        ] {
            assert_eq!(web_link(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_unknown_publisher_is_no_outlet_and_a_file_name_never_one() {
        let bundle: Bundle = serde_json::from_value(serde_json::json!({
            "schema": SCHEMA,
            "story": {"title": "t", "description": ""},
            "articles": [
                {"id": "a", "source_file": "000_84476a1af674cada.txt", "title": "A", "paragraphs": ["x"]},
                {"id": "b", "source_file": "b.txt", "title": "B", "publisher": "Reuters", "paragraphs": ["y"]},
                {"id": "c", "source_file": "c.txt", "title": "C", "paragraphs": ["z"]}
            ],
            "events": [{
                "id": "e", "date": "2025-06-02", "title": "T", "score": 1.0,
                "mentions": [
                    {"article": "a", "text": "x", "sentence": 0, "date_text": "June 2", "date_start": 0, "date_end": 1, "rule": "r", "date": "2025-06-02"},
                    {"article": "b", "text": "y", "sentence": 0, "date_text": "June 2", "date_start": 0, "date_end": 1, "rule": "r", "date": "2025-06-02"},
                    {"article": "c", "text": "z", "sentence": 0, "date_text": "June 2", "date_start": 0, "date_end": 1, "rule": "r", "date": "2025-06-02"}
                ]
            }],
            "entities": []
        }))
        .expect("a bundle");
        assert_eq!(bundle.outlet("a"), UNKNOWN_OUTLET);
        assert_eq!(bundle.outlet("b"), "Reuters");
        assert_eq!(bundle.event_outlets(&bundle.events[0]), ["Reuters"]);
    }

    #[test]
    fn lookups_by_id_stay_right_when_the_bundle_changes_after_the_first() {
        let article = |id: &str| Article {
            id: id.into(),
            source_file: format!("{id}.txt"),
            title: id.to_uppercase(),
            ..article()
        };
        let mut bundle = Bundle::new(vec![article("a"), article("b"), article("c")]);
        assert_eq!(bundle.article("b").map(|a| a.title.as_str()), Some("B"));
        assert!(bundle.article("z").is_none());
        bundle.articles.remove(0);
        bundle.articles.push(article("z"));
        let titles: Vec<_> = ["a", "b", "c", "z"]
            .iter()
            .map(|id| bundle.article(id).map(|a| a.title.clone()))
            .collect();
        assert_eq!(
            titles,
            [None, Some("B".into()), Some("C".into()), Some("Z".into())]
        );
        let copy = bundle.clone();
        assert_eq!(copy, bundle);
        assert_eq!(
            copy.article("z").map(|a| a.source_file.as_str()),
            Some("z.txt")
        );
    }

    #[test]
    fn written_before_compares_at_the_dates_precision() {
        for (published, date, before) in [
            ("2025-05-29", "2025-06-02", true),
            ("2025-06-02", "2025-06-02", false),
            ("2025-06-03", "2025-06-02", false),
            ("2025-06-02", "2025-06", false),
            ("2025-05-31", "2025-06", true),
            ("2024-12-31", "2025", true),
            ("2025-01-01", "2025", false),
            ("2025", "2025-06-02", false),
        ] {
            assert_eq!(
                written_before(published, date),
                before,
                "{published} {date}"
            );
        }
    }

    #[test]
    fn title_as_of_takes_the_last_title_from_before_the_day() {
        let mut e = Event {
            id: "e".into(),
            date: "2025-06-02".into(),
            title: "Final".into(),
            score: 1.0,
            mentions: vec![],
            first_reported: None,
            future: false,
            entities: vec![],
            discrepancies: vec![],
            earlier_titles: vec![],
        };
        assert_eq!(e.title_as_of("2025-05-01"), "Final");
        let t = |from: &str, title: &str| EarlierTitle {
            from: from.into(),
            title: title.into(),
        };
        e.earlier_titles = vec![t("2025-05-28", "First"), t("2025-05-30", "Second")];
        assert_eq!(e.title_as_of("2025-05-28"), "First");
        assert_eq!(e.title_as_of("2025-05-29"), "First");
        assert_eq!(e.title_as_of("2025-05-30"), "Second");
        assert_eq!(e.title_as_of("2025-06-09"), "Second");
    }

    /// A mention of `article` dated `date`, nothing else set.
    fn mention(article: &str, date: &str) -> Mention {
        Mention {
            article: article.into(),
            text: String::new(),
            sentence: 0,
            date_text: String::new(),
            date_start: 0,
            date_end: 0,
            anchor: None,
            rule: String::new(),
            date: date.into(),
        }
    }

    /// An event of `date` with these mentions, nothing else set.
    fn event(date: &str, mentions: Vec<Mention>) -> Event {
        Event {
            id: date.into(),
            date: date.into(),
            title: String::new(),
            score: 1.0,
            mentions,
            first_reported: None,
            future: false,
            entities: vec![],
            discrepancies: vec![],
            earlier_titles: vec![],
        }
    }

    #[test]
    fn first_report_is_the_earliest_mention_that_reports_the_event() {
        let m = mention;
        // "a" forecast the month, "f" reported it in the month's words after the day, "b"
        // and "c" reported the day, "d" is undated.
        let e = event(
            "2010-07-15",
            vec![
                m("a", "2010-07"),
                m("f", "2010-07"),
                m("b", "2010-07-16"),
                m("c", "2010-07-15"),
                m("d", "2010-07-15"),
            ],
        );
        let published = |a: &str| match a {
            "a" => Some("2010-07-01"),
            "f" => Some("2010-07-15"),
            "b" => Some("2010-07-16"),
            "c" => Some("2010-07-17"),
            _ => None,
        };
        assert_eq!(e.first_report(published, |_| true), Some("f"));
        assert_eq!(e.first_report(published, |a| a != "f"), Some("b"));
        assert_eq!(
            e.first_report(published, |a| a == "c" || a == "d"),
            Some("c")
        );
        assert_eq!(e.first_report(published, |a| a == "d"), Some("d"));
        // Only the month's forecast is known: it is the first report there is.
        assert_eq!(e.first_report(published, |a| a == "a"), Some("a"));
        assert_eq!(e.first_report(published, |_| false), None);
    }

    #[test]
    fn background_is_what_comes_a_year_before_the_first_reports() {
        let article = |id: &str, published: Option<&str>| Article {
            id: id.into(),
            published: published.map(String::from),
            ..article()
        };
        let event = |date: &str, articles: &[&str]| {
            event(date, articles.iter().map(|a| mention(a, date)).collect())
        };
        let mut b = Bundle::new(vec![
            article("a", Some("2010-04-21")),
            article("b", Some("2010-05-02")),
            article("c", None),
        ]);
        b.events = vec![
            event("1989", &["a"]),
            event("2009", &["b"]),
            event("2009-04-19", &["a"]),
            event("2010-04-20", &["a", "b", "c"]),
            event("2010-05", &["b"]),
        ];
        let day = b.background_before();
        assert_eq!(day.as_deref(), Some("2009-04-21"));
        let folded: Vec<&str> = b
            .events
            .iter()
            .filter(|e| e.is_before("2009-04-21"))
            .map(|e| e.date.as_str())
            .collect();
        assert_eq!(folded, ["1989", "2009-04-19"]);
        // Told mostly before its reports: a retrospective, nothing folded.
        b.events.push(event("1990", &["a", "b"]));
        b.events.push(event("1991", &["a", "b"]));
        assert_eq!(b.background_before(), None);
        // No dated report: nothing to fold by.
        b.articles.iter_mut().for_each(|a| a.published = None);
        b.events.truncate(5);
        assert_eq!(b.background_before(), None);
    }

    #[test]
    fn routes_in_folder_form() {
        for (route, folder) in [
            ("", ""),
            ("/", "/"),
            ("timeline", "timeline/"),
            ("/timeline?view=highlights", "/timeline/?view=highlights"),
            ("article/a1#s3", "article/a1/#s3"),
            ("/search?q=a#b", "/search/?q=a#b"),
            ("event/x/", "event/x/"),
            ("?q=x", "?q=x"),
        ] {
            assert_eq!(folder_route(route), folder, "{route}");
        }
    }

    fn article() -> Article {
        Article {
            id: "a".into(),
            source_file: "a.txt".into(),
            title: "T".into(),
            published: Some("2025-06-02".into()),
            publisher: None,
            url: None,
            author: None,
            paragraphs: vec!["One. Two.".into(), "Three.".into()],
            provenance: vec![],
            duplicates: vec![],
            set_aside: None,
        }
    }

    #[test]
    fn round_trips_through_json() {
        let b = Bundle::new(vec![article()]);
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(Bundle::from_json(&json).unwrap(), b);
    }

    #[test]
    fn rejects_other_schema_with_a_schema_error() {
        let err =
            Bundle::from_json(r#"{"schema":"storyline.timeline/9","articles":[]}"#).unwrap_err();
        assert_eq!(
            err,
            BundleError::Schema {
                found: "storyline.timeline/9".into()
            }
        );
        assert!(err.to_string().contains("storyline.timeline/9"));
    }

    #[test]
    fn rejects_garbage_as_corrupt() {
        assert!(matches!(
            Bundle::from_json("{not json"),
            Err(BundleError::Corrupt(_))
        ));
        assert!(matches!(
            Bundle::from_json("{}"),
            Err(BundleError::Corrupt(_))
        ));
        assert!(matches!(
            Bundle::from_json(r#"{"schema":"storyline.timeline/1"}"#),
            Err(BundleError::Corrupt(_))
        ));
    }

    #[test]
    fn reads_the_minimal_documented_export_shape() {
        // The format as documented for users: extra fields of ours are optional.
        let json = r#"{"schema":"storyline.timeline/1","articles":[{"id":"x","source_file":"x.txt",
            "title":"X","published":null,"publisher":null,"url":null,"paragraphs":["P."]}],
            "events":[{"id":"e","date":"2025-06","title":"E","score":1.0,
            "mentions":[{"article":"x","text":"P."}]}],
            "entities":[{"id":"n","name":"N","kind":"place","aliases":[],"articles":["x"]}]}"#;
        let b = Bundle::from_json(json).unwrap();
        assert_eq!(b.events[0].mentions[0].article, "x");
        assert_eq!(b.entities[0].kind, "place");
    }

    #[test]
    fn split_text_moves_paragraphs_to_files_of_about_the_size_asked() {
        let mut whole = Bundle::new(
            ["a", "b", "c", "d"]
                .iter()
                .zip([40, 50, 200, 10])
                .map(|(id, len)| Article {
                    id: id.to_string(),
                    paragraphs: vec!["x".repeat(len)],
                    ..article()
                })
                .collect(),
        );
        whole.articles.push(Article {
            id: "empty".into(),
            paragraphs: vec![],
            ..article()
        });
        let (story, files) = whole.split_text(100);
        // a+b fit in 100 bytes; c is longer than a file and stands alone; d and the empty
        // article share the last.
        let ids: Vec<Vec<&str>> = files
            .iter()
            .map(|(_, t)| t.articles.iter().map(|a| a.id.as_str()).collect())
            .collect();
        assert_eq!(ids, [vec!["a", "b"], vec!["c"], vec!["d", "empty"]]);
        assert_eq!(files[1].0, "data/text/1.json");
        assert!(story.articles.iter().all(|a| a.paragraphs.is_empty()));
        assert_eq!(story.text_file("c"), Some("data/text/1.json"));
        assert_eq!(story.text_file("empty"), Some("data/text/2.json"));
        assert_eq!(story.text_file("zzz"), None);
        assert_eq!(whole.text_file("a"), None);
        // Every article's paragraphs come back from its file, through JSON.
        for a in &whole.articles {
            let file = story.text_file(&a.id).unwrap();
            let (_, texts) = files.iter().find(|(f, _)| f == file).unwrap();
            let texts = Bundle::from_json(&serde_json::to_string(texts).unwrap()).unwrap();
            assert_eq!(texts.paragraphs(&a.id), Some(a.paragraphs.as_slice()));
            assert!(texts.events.is_empty() && texts.entities.is_empty());
        }
        assert_eq!(
            story.join_text(files.iter().map(|(f, t)| (f.as_str(), t))),
            whole
        );
        // A file not given leaves its articles without text and stays listed; the others
        // are whole, in any order.
        let joined = story.join_text([&files[2], &files[0]].map(|(f, t)| (f.as_str(), t)));
        let text = |b: &Bundle, id: &str| b.paragraphs(id).unwrap().to_vec();
        assert_eq!(text(&joined, "b"), text(&whole, "b"));
        assert!(text(&joined, "c").is_empty());
        assert_eq!(text(&joined, "d"), text(&whole, "d"));
        assert_eq!(joined.text_file("c"), Some("data/text/1.json"));
        assert_eq!((joined.text_file("a"), joined.text_files.len()), (None, 1));
        // A story whose text fits in one file stays whole.
        let (small, none) = whole.split_text(300);
        assert_eq!((small, none), (whole.clone(), vec![]));
        let story_json = serde_json::to_string(&story).unwrap();
        assert_eq!(Bundle::from_json(&story_json).unwrap(), story);
        // A whole bundle's JSON has no `text_files` (the documented format is unchanged).
        assert!(!serde_json::to_string(&whole)
            .unwrap()
            .contains("text_files"));
    }

    #[test]
    fn numbers_sentences_across_paragraphs() {
        let s = article().sentences();
        assert_eq!(s.len(), 3);
        assert_eq!(s[2], (1, 0..6));
    }
}
