//! Candidate event mentions: dated sentences whose predicate reports something happening.
//!
//! A candidate is one (sentence, date expression) pair. The sentence must read as a
//! report (a finite event verb not under a speculative modal, not a heading, not a teaser
//! cut off with "..."), and the expression must be the event's own date (a day, month or
//! year, not a duration, not a boundary such as "since March 2022").

use crate::dates::{self, ResolvedDate};
use rust_stemmers::{Algorithm, Stemmer};
use storyline_model::calendar;
use storyline_model::text::{fold, tokenize};

/// One dated sentence that may report an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the article in the slice given to [`super::extract`].
    pub article: usize,
    /// Index of the sentence in the article, as in [`storyline_model::Article::sentences`].
    pub sentence: usize,
    /// The sentence, verbatim.
    pub text: String,
    /// The date expression as written, e.g. `next Monday`.
    pub date_text: String,
    /// Byte offset of the date expression's start inside `text`.
    pub date_start: usize,
    /// Byte offset inside `text` just past the date expression's end.
    pub date_end: usize,
    /// The name of the date rule that found the expression.
    pub rule: String,
    /// The anchor (`YYYY-MM-DD`) when the expression was relative.
    pub anchor: Option<String>,
    /// The date the expression gives, at its own precision.
    pub date: ResolvedDate,
    /// Stemmed content words of the sentence outside the date expression, sorted, unique.
    pub terms: Vec<String>,
    /// Weight of each term by its nearness to the date expression, in (0, 1].
    pub weights: Vec<f64>,
    /// (stem, first surface form) for titles and ids.
    pub surfaces: Vec<(String, String)>,
    /// Numbers with the stem of the word after them ("13 civilians" → ("civilian", "13")).
    pub numbers: Vec<(String, String)>,
    /// Position of the expression among the article's candidates (earliness).
    pub order: usize,
}

/// Does a (lower-case) word never carry the event: a function word, a reporting filler or
/// a date word ([`STOPWORDS`]), or a month's or weekday's name? "may" stays a word: in
/// lower case the month is the modal.
fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
        || (word != "may" && calendar::month_number(word).is_some())
        || calendar::WEEKDAYS
            .iter()
            .any(|d| d.eq_ignore_ascii_case(word))
}

/// Words that never carry the event: function words, reporting fillers, date words (the
/// months' and weekdays' names are [`is_stopword`]'s).
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "also",
    "am",
    "amid",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "during",
    "each",
    "earlier",
    "either",
    "even",
    "ever",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "later",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "meanwhile",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "s",
    "said",
    "same",
    "says",
    "say",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "day",
    "days",
    "mr",
    "mrs",
    "ms",
    "according",
    "reported",
    "reportedly",
    "told",
    "lrb",
    "rrb",
];

/// Verbs of being, seeming and continuing: they state, they do not report.
const STATE_VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "seem",
    "seems",
    "seemed",
    "appear",
    "appears",
    "remain",
    "remains",
    "remained",
    "continue",
    "continues",
    "drag",
    "drags",
    "has",
    "have",
    "had",
    "having",
    "does",
    "do",
    "did",
    "reflect",
    "reflects",
    "represent",
    "represents",
    "mark",
    "marks",
    "need",
    "needs",
    "want",
    "wants",
    "hope",
    "hopes",
    "face",
    "faces",
    "persist",
    "persists",
    "mean",
    "means",
    "include",
    "includes",
    "involve",
    "involves",
    "exceed",
    "exceeded",
    "indicated",
    "based",
    "related",
    "used",
    "concerned",
    "interested",
    "united",
    "limited",
    "advanced",
    "armed",
    "detailed",
    "renewed",
    "increased",
    "continued",
    "ongoing",
    "expected",
    "seemed",
    "appeared",
    "remained",
];

/// Modals that make a clause speculative (`will` and `shall` schedule, so they count).
const MODALS: &[&str] = &["could", "might", "may", "would", "should", "must", "can"];

/// Irregular past tenses of verbs that report events.
const IRREGULAR_PAST: &[&str] = &[
    "began",
    "bore",
    "broke",
    "brought",
    "built",
    "bought",
    "came",
    "caught",
    "chose",
    "cut",
    "dealt",
    "died",
    "drew",
    "drove",
    "fell",
    "fled",
    "flew",
    "fought",
    "found",
    "froze",
    "gave",
    "got",
    "grew",
    "held",
    "hit",
    "hung",
    "hurt",
    "kept",
    "knew",
    "laid",
    "led",
    "left",
    "lost",
    "made",
    "met",
    "paid",
    "put",
    "quit",
    "ran",
    "rang",
    "rose",
    "sank",
    "saw",
    "sent",
    "set",
    "shook",
    "shot",
    "shut",
    "slid",
    "sold",
    "spoke",
    "spent",
    "split",
    "spread",
    "stole",
    "stood",
    "struck",
    "swept",
    "swore",
    "took",
    "taught",
    "threw",
    "told",
    "tore",
    "undertook",
    "upheld",
    "went",
    "withdrew",
    "won",
    "woke",
    "wrote",
    "begun",
    "broken",
    "chosen",
    "done",
    "drawn",
    "driven",
    "fallen",
    "flown",
    "given",
    "gone",
    "grown",
    "known",
    "risen",
    "seen",
    "shaken",
    "shown",
    "spoken",
    "stolen",
    "struck",
    "sworn",
    "taken",
    "thrown",
    "torn",
    "withdrawn",
    "written",
    "overtook",
    "sought",
    "said",
    "says",
];

/// Present-tense or base forms of verbs that report events (headlines, schedules).
const EVENT_VERBS: &[&str] = &[
    "announce", "approve", "arrest", "arrive", "attack", "ban", "begin", "call", "charge", "close",
    "collapse", "commence", "confirm", "convene", "crash", "declare", "defeat", "die", "elect",
    "end", "erupt", "explode", "file", "fire", "fly", "hold", "hit", "invade", "join", "kill",
    "launch", "lead", "leave", "meet", "open", "pass", "pledge", "propose", "reach", "reject",
    "release", "report", "resign", "resume", "rule", "say", "seize", "sign", "start", "strike",
    "submit", "suggest", "take", "testify", "unveil", "visit", "vote", "warn", "win", "pump",
    "seal", "plug", "cap", "spill", "leak", "sink", "sue", "fine", "raise", "cut", "drop", "fall",
    "rise", "appoint", "name", "agree", "accept", "admit", "deny", "condemn", "accuse", "order",
    "publish", "present", "send", "deliver",
];

/// Nouns that name an event: a date right after one dates that event ("talks on May 16").
const EVENT_NOUNS: &[&str] = &[
    "talks",
    "meeting",
    "round",
    "summit",
    "election",
    "elections",
    "vote",
    "referendum",
    "attack",
    "attacks",
    "explosion",
    "blast",
    "strike",
    "strikes",
    "crash",
    "ceremony",
    "conference",
    "visit",
    "call",
    "announcement",
    "proposal",
    "invasion",
    "agreement",
    "deal",
    "hearing",
    "trial",
    "verdict",
    "funeral",
    "memorial",
    "launch",
    "earthquake",
    "storm",
    "protest",
    "protests",
    "rally",
    "match",
    "final",
    "speech",
    "debate",
    "negotiations",
];

/// Is an event noun among the few words before `start`, with no speculative modal in the
/// sentence ("the June 2 meeting could mark a critical moment" stays out)?
pub fn is_nominal_event(text: &str, start: usize, end: usize) -> bool {
    let toks = tokenize(text);
    let outside = |t: &storyline_model::text::Token| t.range.end <= start || t.range.start >= end;
    // A capitalised "May" is the month, not the modal.
    let modal = |t: &storyline_model::text::Token| {
        MODALS.contains(&t.term.as_str())
            && !(t.term == "may" && text[t.range.clone()].starts_with('M'))
    };
    if toks.iter().any(|t| outside(t) && modal(t)) {
        return false;
    }
    let before: Vec<&str> = toks
        .iter()
        .filter(|t| t.range.end <= start)
        .map(|t| t.term.as_str())
        .collect();
    before.iter().rev().take(6).any(|w| EVENT_NOUNS.contains(w))
}

/// Words before a date that make it a boundary or a circumstance, not the event's date.
const BOUNDARY: &[&str] = &[
    "since",
    "until",
    "till",
    "before",
    "after",
    "by",
    "from",
    "through",
    "throughout",
    "between",
    "to",
    "following",
    "ahead",
    "prior",
    "than",
];

/// Connectives a title should not start with.
pub const LEADING_CONNECTIVES: &[&str] = &[
    "meanwhile",
    "however",
    "concurrently",
    "separately",
    "also",
    "but",
    "and",
    "still",
    "moreover",
    "furthermore",
    "additionally",
    "earlier",
    "later",
    "then",
    "overall",
    "instead",
    "indeed",
    "in addition",
    "at the same time",
    "in turn",
];

/// The English (Snowball) stemmer that candidate terms are stemmed with.
pub fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Stemmed content terms of `text` outside `skip` (a byte range), with surface forms.
pub fn content_terms(
    text: &str,
    skip: std::ops::Range<usize>,
    stem: &Stemmer,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for t in tokenize(text) {
        if t.range.start < skip.end && skip.start < t.range.end {
            continue;
        }
        if t.term.len() < 2 || t.term.chars().any(|c| c.is_ascii_digit()) || is_stopword(&t.term) {
            continue;
        }
        let s = stem.stem(&t.term).into_owned();
        if !out.iter().any(|(x, _)| *x == s) {
            out.push((s, text[t.range.clone()].to_string()));
        }
    }
    out
}

/// Does the sentence report something happening (outside the date expression)?
///
/// Needs a finite event verb: a regular past tense (`-ed`, not after a determiner, which
/// makes it an adjective), an irregular past, a listed event verb in the present, or any
/// verb after `will`. A verb right after a speculative modal does not count, nor do verbs
/// of being or continuing ("the war drags into its third year").
pub fn is_eventive(text: &str, skip: std::ops::Range<usize>) -> bool {
    let toks = tokenize(text);
    let words: Vec<(String, bool)> = toks
        .iter()
        .map(|t| {
            let inside = t.range.start < skip.end && skip.start < t.range.end;
            (t.term.clone(), inside)
        })
        .collect();
    for (i, (w, inside)) in words.iter().enumerate() {
        if *inside || STATE_VERBS.contains(&w.as_str()) {
            continue;
        }
        // The word (or the one before an adverb) after a modal is speculative.
        let prev = |k: usize| i.checked_sub(k).map(|j| words[j].0.as_str());
        let after_modal = prev(1).is_some_and(|p| MODALS.contains(&p))
            || (prev(2).is_some_and(|p| MODALS.contains(&p))
                && prev(1).is_some_and(|p| p == "not" || p.ends_with("ly")));
        if after_modal {
            continue;
        }
        let after_will = prev(1).is_some_and(|p| p == "will" || p == "shall")
            || (prev(2).is_some_and(|p| p == "will")
                && prev(1).is_some_and(|p| p.ends_with("ly") || p == "be"));
        let after_det = prev(1).is_some_and(|p| {
            matches!(
                p,
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "this" | "that"
            )
        });
        let cap = text[toks[i].range.clone()]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase());
        if cap && i > 0 {
            continue; // a name, not a verb
        }
        let regular_past = w.len() > 4 && w.ends_with("ed") && !after_det && !w.ends_with("eed");
        let irregular = IRREGULAR_PAST.contains(&w.as_str()) && !after_det;
        let base = (EVENT_VERBS.contains(&w.as_str()) && !after_det && i > 0)
            || w.strip_suffix("es")
                .filter(|b| EVENT_VERBS.contains(b))
                .or_else(|| w.strip_suffix('s').filter(|b| EVENT_VERBS.contains(b)))
                .is_some()
            || (after_will && w.len() > 2);
        if regular_past || irregular || base {
            return true;
        }
    }
    false
}

/// Is the expression a post's, a page's or a comment's stamp inside running text: a clock
/// time right after it ("May 1st, 2009 -- 4:59 pm GMT I agree…", "October 12, 2008 7:51
/// PM"), an update's clock ("22 June 2010 Last updated at 05:09 GMT", either side of
/// it), or a "Posted by … on" signature just before it? A report puts "at" before its
/// clock.
fn is_stamp(text: &str, e: &dates::TimeExpr) -> bool {
    let rest = text[e.end..].trim_start_matches([' ', ',', '-', '–', '—', '|']);
    let b = rest.as_bytes();
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let clock_after = (1..=2).contains(&digits)
        && matches!(b.get(digits), Some(b':' | b'.'))
        && b.get(digits + 1..digits + 3)
            .is_some_and(|m| m.iter().all(u8::is_ascii_digit));
    let update_after = {
        let words: Vec<&str> = rest.split_whitespace().take(4).collect();
        let at = usize::from(
            words
                .first()
                .is_some_and(|w| w.eq_ignore_ascii_case("last")),
        );
        words.get(at).is_some_and(|w| {
            ["updated", "posted", "published"].contains(&w.to_lowercase().as_str())
        }) && words[at + 1..]
            .iter()
            .any(|w| starts_with_clock(w) || w.chars().all(|c| c.is_ascii_digit() || c == ':'))
    };
    let lead = text[..e.start].to_lowercase();
    let window = lead
        .char_indices()
        .rev()
        .nth(60)
        .map_or(lead.as_str(), |(i, _)| &lead[i..]);
    let update_before = ["updated at", "updated", "posted at"]
        .iter()
        .any(|w| window.trim_end().ends_with(w));
    clock_after
        || update_after
        || update_before
        || window.contains("posted by")
        || window.contains("posted on")
}

/// A sentence naming this many different dates is a list (a career, a chronology run into
/// one line, a schedule), not the report of a happening: it dates no event.
pub const LIST_DATES: usize = 3;

/// Does the sentence name [`LIST_DATES`] different dates or more?
fn is_date_list(tags: &[dates::TimeExpr]) -> bool {
    let mut days: Vec<_> = tags.iter().filter_map(dates::TimeExpr::date).collect();
    days.sort_unstable();
    days.dedup();
    days.len() >= LIST_DATES
}

/// Which expressions are an end of a range of dates ("22 April - 15 May", "from May 1
/// to May 5", "June 2 through June 4"): a period, not a day something happened on.
fn range_ends(text: &str, tags: &[dates::TimeExpr]) -> Vec<bool> {
    let mut out = vec![false; tags.len()];
    for i in 1..tags.len() {
        let Some(between) = text.get(tags[i - 1].end..tags[i].start) else {
            continue;
        };
        let link = between.trim().to_lowercase();
        if matches!(
            link.as_str(),
            "-" | "–" | "—" | "to" | "until" | "through" | "till"
        ) {
            out[i - 1] = true;
            out[i] = true;
        }
    }
    out
}

/// Does the text open on a two-digit clock time ("20:24 UTC", "16.53 BST")?
pub fn starts_with_clock(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() > 5
        && b[..2].iter().all(u8::is_ascii_digit)
        && matches!(b[2], b':' | b'.')
        && b[3..5].iter().all(u8::is_ascii_digit)
}

/// A line of a page's furniture rather than a report: a byline with its date ("By Ezra
/// Klein | May 14, 2010"), a comment's or a post's stamp ("Posted by … on March 3, 2009
/// 5:27 AM", "| Reply"), an update stamp ("Updated 16:53 GMT", "20:24 UTC With…").
pub fn is_page_furniture(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '|');
    let words: Vec<&str> = t.split_whitespace().collect();
    let first = words.first().map_or(String::new(), |w| w.to_lowercase());
    let byline = first == "by"
        && words
            .get(1)
            .is_some_and(|w| w.starts_with(char::is_uppercase))
        && (t.contains(" | ") || words.len() < 12);
    let stamp_word = matches!(
        first.trim_end_matches(':'),
        "posted" | "updated" | "reply" | "retweet" | "rt" | "published" | "modified"
    );
    byline
        || stamp_word
        || starts_with_clock(t)
        || starts_with_time_slot(t)
        || text.trim_start().starts_with('|')
}

/// Does the text open on a time slot ("7.00-10.30 pm", "2.45-5.05pm", "10:00 - 11:00")?
/// A line of a schedule: what is on, not what happened.
fn starts_with_time_slot(text: &str) -> bool {
    fn clock(s: &str) -> Option<&str> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let rest = s.get(digits..)?;
        let minutes = rest.strip_prefix(['.', ':'])?;
        let two = minutes.get(..2)?;
        ((1..=2).contains(&digits) && two.bytes().all(|b| b.is_ascii_digit()))
            .then(|| minutes[2..].trim_start())
    }
    let Some(rest) = clock(text) else {
        return false;
    };
    let rest = rest
        .strip_prefix("am")
        .or_else(|| rest.strip_prefix("pm"))
        .unwrap_or(rest)
        .trim_start();
    rest.strip_prefix(['-', '–'])
        .is_some_and(|r| clock(r.trim_start()).is_some())
}

/// A heading, a caption credit or a teaser rather than running text.
pub fn is_heading_or_teaser(text: &str) -> bool {
    let t = text.trim();
    if t.ends_with("...") || t.ends_with('…') {
        return true;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let terminal = t.ends_with(['.', '!', '?', '"', '”', '’', ')']);
    if !terminal && words.len() < 8 {
        return true;
    }
    // Title Case: most longer words capitalised, and no sentence punctuation.
    let long: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    let caps = long
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
        .count();
    !terminal && long.len() >= 3 && caps * 4 >= long.len() * 3
}

/// Which expressions are years coordinated with another year ("in 2022 and 2025", "2014
/// to 2022"): such a list sums the story up or spans it, and dates no event of its own.
fn coordinated_years(text: &str, tags: &[dates::TimeExpr]) -> Vec<bool> {
    let year = |e: &dates::TimeExpr| e.day().is_some_and(|d| d.month.is_none());
    let mut out = vec![false; tags.len()];
    for i in 1..tags.len() {
        let (a, b) = (&tags[i - 1], &tags[i]);
        if year(a) && year(b) && a.end <= b.start {
            let between = text[a.end..b.start].trim();
            if matches!(
                between,
                "and" | "or" | "to" | "through" | "-" | "–" | "—" | ","
            ) {
                out[i - 1] = true;
                out[i] = true;
            }
        }
    }
    out
}

/// Does the expression close a span that runs up to the article's day ("so far this
/// year", "this month to date", "over the past year")? What it dates is a running total
/// or a trend, not a happening. (TimeML still gives "the past year" last year's value, so
/// the tagger keeps it a date.)
fn is_span_to_date(text: &str, e: &dates::TimeExpr) -> bool {
    let before = fold(text[..e.start].trim_end());
    let after = fold(text[e.end..].trim_start());
    let last = before.rsplit(' ').next().unwrap_or("");
    let over_the_past = ["the past ", "past ", "the last "]
        .iter()
        .any(|p| fold(&e.text).starts_with(p))
        && matches!(
            last,
            "over" | "in" | "during" | "for" | "throughout" | "within"
        )
        && !after.starts_with("of ");
    over_the_past
        || before.ends_with("so far")
        || before.ends_with("so far in")
        || after.starts_with("so far")
        || after.starts_with("to date")
}

/// Is the date made into a modifier by a hyphen ("a 1995-era PC", "1970s-style
/// flares", "a 2008-vintage rig")? It describes a thing's kind, not when something
/// happened.
fn is_modifier(text: &str, e: &dates::TimeExpr) -> bool {
    let after = &text[e.end..];
    let Some(rest) = after.strip_prefix(['-', '‐', '‑']) else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    // "Monday-Tuesday", "May-June": a span of days or months, not a modifier.
    !word.is_empty()
        && storyline_model::calendar::month_number(&word).is_none()
        && storyline_model::calendar::weekday_number(&word).is_none()
}

/// Is the date expression preceded by a boundary word ("since March 2022")?
fn after_boundary(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let last = before
        .split(|c: char| !c.is_alphanumeric())
        .rfind(|w| !w.is_empty())
        .map(fold);
    // "earlier on Wednesday" and "on May 16" are fine; only the word right before counts.
    let trimmed = before.trim_end();
    let adjacent = trimmed.len() + 1 >= before.len()
        || before[trimmed.len()..].chars().all(char::is_whitespace);
    adjacent && last.is_some_and(|w| BOUNDARY.contains(&w.as_str()))
}

/// Exact counts in the sentence, keyed by what they count: the stem of the word before
/// the number and of the noun after it ("killed 13 civilians" → ("kill civilian", "13")).
///
/// Only a count a reader could hold two outlets to: a whole number written out in digits
/// ("40,000" whole, never its "000"), not a year, a clock time ("at 1653 GMT", "11:45"),
/// an age ("40-year-old", "aged 40"), a percentage, money, a decimal, a rank or an
/// approximation ("about 200", "more than 50", "up to 149"), a conversion ("(210,000
/// gallons)"), and with a word on each side.
fn numbers(text: &str, skip: std::ops::Range<usize>, stem: &Stemmer) -> Vec<(String, String)> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let inside = t.range.start < skip.end && skip.start < t.range.end;
        if inside || !t.term.bytes().all(|b| b.is_ascii_digit()) {
            i += 1;
            continue;
        }
        // A number is its digits with their thousands groups: "40,000" is one token run.
        let mut end = i;
        while end + 1 < toks.len()
            && text[toks[end].range.end..].starts_with(',')
            && toks[end + 1].range.start == toks[end].range.end + 1
            && toks[end + 1].term.len() == 3
            && toks[end + 1].term.bytes().all(|b| b.is_ascii_digit())
        {
            end += 1;
        }
        let value: String = toks[i..=end].iter().map(|t| t.term.as_str()).collect();
        let first = i;
        i = end + 1;
        if let Some(key) = count_of(text, &toks, first..=end, &value, stem) {
            out.push((key, value.trim_start_matches('0').to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Words before a number that make it approximate or a bound, not a count.
const HEDGES: &[&str] = &[
    "about",
    "around",
    "some",
    "nearly",
    "almost",
    "over",
    "than",
    "least",
    "to",
    "roughly",
    "approximately",
    "estimated",
    "perhaps",
    "possibly",
    "maybe",
    "many",
    "under",
    "below",
    "above",
    "upwards",
    "number",
    "no",
    "aged",
    "age",
    "route",
    "flight",
    "resolution",
    "page",
    "article",
    "section",
    "room",
    "gate",
    "channel",
    "platform",
    "highway",
];

/// Words after a number that make it a time, an age or a measure of something else.
const NOT_COUNTS: &[&str] = &[
    "gmt", "bst", "utc", "edt", "est", "cdt", "cst", "pdt", "pst", "et", "ct", "pt", "am", "pm",
    "a.m", "p.m", "hours", "hour", "minutes", "minute", "seconds", "years", "year", "months",
    "month", "weeks", "week", "days", "day", "percent", "per", "cent", "th", "st", "nd", "rd",
    "times", "o'clock", "local", "time",
];

/// The key of a count: the stems of the content word before it (within two words) and of
/// the noun after it (within two words), or `None` when it is no count (see [`numbers`]).
fn count_of(
    text: &str,
    toks: &[storyline_model::text::Token],
    number: std::ops::RangeInclusive<usize>,
    value: &str,
    stem: &Stemmer,
) -> Option<String> {
    let (first, last) = (*number.start(), *number.end());
    let span = toks[first].range.start..toks[last].range.end;
    let after = &text[span.end..];
    let year = value.len() == 4 && value.starts_with(['1', '2']);
    // "40-year-old", "5%", "11:45", "3.6", "1/2"; "$990", "#3", "8:49".
    let glued_after = after.starts_with(['-', '%', ':', '/'])
        || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()));
    let glued_before = text[..span.start].ends_with(['$', '€', '£', '#', '.', ':', '/', '-']);
    // A conversion of the count before it: "5,000 barrels (210,000 gallons)", "2,200
    // barrels, or 92,400 gallons".
    let lead = text[..span.start].trim_end().trim_end_matches(',');
    let conversion = lead.ends_with('(') || lead.ends_with(" or") || lead.ends_with(" or about");
    if conversion {
        return None;
    }
    if year || glued_after || glued_before || value.len() > 9 {
        return None;
    }
    let prev: Vec<&storyline_model::text::Token> = toks[..first].iter().rev().take(2).collect();
    if prev
        .first()
        .is_some_and(|t| HEDGES.contains(&t.term.as_str()))
        || prev
            .get(1)
            .is_some_and(|t| matches!(t.term.as_str(), "more" | "less" | "fewer" | "up" | "as"))
    {
        return None;
    }
    let next = toks.get(last + 1)?;
    if NOT_COUNTS.contains(&next.term.as_str()) {
        return None;
    }
    let noun = toks[last + 1..]
        .iter()
        .take(2)
        .find(|n| !is_stopword(&n.term) && n.term.len() > 2)?;
    if !noun.term.chars().all(|c| c.is_alphabetic()) || NOT_COUNTS.contains(&noun.term.as_str()) {
        return None;
    }
    let verb = prev
        .iter()
        .find(|t| !is_stopword(&t.term) && t.term.chars().all(|c| c.is_alphabetic()))?;
    Some(format!(
        "{} {}",
        stem.stem(&verb.term),
        stem.stem(&noun.term)
    ))
}

/// Does a time expression name its day ("Monday night", "10 a.m. on May 3", "today")?
fn names_a_day(expr: &str) -> bool {
    let f = fold(expr);
    f.chars().any(|c| c.is_ascii_digit())
        || ["today", "yesterday", "tomorrow"]
            .iter()
            .any(|d| f.contains(d))
        || calendar::WEEKDAYS
            .iter()
            .any(|d| f.contains(&d.to_ascii_lowercase()))
}

/// Proximity weights of the terms: words near the date expression describe its event.
fn proximity(text: &str, terms: &[(String, String)], start: usize, end: usize) -> Vec<f64> {
    let toks = tokenize(text);
    let date_tok = toks.iter().position(|t| t.range.end > start).unwrap_or(0);
    let date_end = toks
        .iter()
        .rposition(|t| t.range.start < end)
        .unwrap_or(date_tok);
    terms
        .iter()
        .map(|(_, surface)| {
            let f = fold(surface);
            let pos = toks.iter().position(|t| t.term == f).unwrap_or(date_tok);
            let dist = if pos < date_tok {
                date_tok - pos
            } else {
                pos.saturating_sub(date_end)
            };
            1.0 / (1.0 + dist as f64 / 10.0)
        })
        .collect()
}

/// The candidates of one sentence: one per eventive date expression.
pub fn candidates_in(
    article: usize,
    sentence: usize,
    text: &str,
    anchor: Option<jiff::civil::Date>,
    stem: &Stemmer,
) -> Vec<Candidate> {
    if is_heading_or_teaser(text) {
        return Vec::new();
    }
    candidates_from(
        article,
        sentence,
        text,
        anchor,
        dates::tag(text, anchor),
        stem,
    )
}

/// A "sentence" longer than this is a list, a table or text the splitter could not cut
/// (none of Timeline17's event mentions reaches 1,700 bytes): it reports no event. Each of
/// a sentence's dates is weighed against the whole sentence, so the bound also keeps the
/// work per sentence bounded.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// Like [`candidates_in`], with the sentence's date expressions already tagged
/// (`dates::tag(text, anchor)`).
pub fn candidates_from(
    article: usize,
    sentence: usize,
    text: &str,
    anchor: Option<jiff::civil::Date>,
    tags: Vec<dates::TimeExpr>,
    stem: &Stemmer,
) -> Vec<Candidate> {
    if tags.is_empty()
        || text.len() > MAX_SENTENCE_BYTES
        || is_heading_or_teaser(text)
        || is_page_furniture(text)
        || is_date_list(&tags)
    {
        return Vec::new();
    }
    let coordinated = coordinated_years(text, &tags);
    let ranges = range_ends(text, &tags);
    let mut out = Vec::new();
    for ((e, coordinated), range) in tags.into_iter().zip(coordinated).zip(ranges) {
        if coordinated || range {
            continue;
        }
        let Some(date) = e.day() else { continue };
        if date.month.is_none() && e.text.trim().len() < 4 {
            continue;
        }
        if e.kind == dates::Kind::Time && !names_a_day(&e.text) {
            continue; // "overnight", "this morning": too vague to date an event
        }
        if is_stamp(text, &e)
            || after_boundary(text, e.start)
            || is_span_to_date(text, &e)
            || is_modifier(text, &e)
            || !(is_eventive(text, e.start..e.end) || is_nominal_event(text, e.start, e.end))
        {
            continue;
        }
        // A date that makes up most of the sentence (a dateline, a caption stamp).
        let terms = content_terms(text, e.start..e.end, stem);
        if terms.len() < 3 {
            continue;
        }
        let prox = proximity(text, &terms, e.start, e.end);
        let mut weighted: Vec<(String, f64)> = terms
            .iter()
            .zip(prox)
            .map(|((s, _), w)| (s.clone(), w))
            .collect();
        weighted.sort_by(|a, b| a.0.cmp(&b.0));
        weighted.dedup_by(|a, b| a.0 == b.0);
        let (stems, weights): (Vec<String>, Vec<f64>) = weighted.into_iter().unzip();
        out.push(Candidate {
            article,
            sentence,
            text: text.to_string(),
            date_text: e.text.clone(),
            date_start: e.start,
            date_end: e.end,
            rule: e.rule.to_string(),
            anchor: match (e.anchored, anchor) {
                (true, Some(a)) => Some(a.to_string()),
                _ => None,
            },
            date,
            terms: stems,
            weights,
            surfaces: terms,
            numbers: numbers(text, e.start..e.end, stem),
            order: 0,
        });
    }
    out
}
