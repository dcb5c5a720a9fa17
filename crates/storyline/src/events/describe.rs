//! Turning a cluster of mentions into an [`Event`]: date, id, title, score, discrepancies.

use super::mention::{Candidate, LEADING_CONNECTIVES};
use super::merge::Cluster;
use super::titles::{self, Title};
use crate::ids::{fnv1a, slug};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use storyline_model::{Article, Discrepancy, DiscrepancySide, EarlierTitle, Event, Mention};

/// Longest title, in bytes, before it is cut at a word boundary.
pub const TITLE_MAX: usize = 90;

/// What a cut title does not end on, besides a dangling word.
const CUT_TRIM: [char; 7] = [',', ';', ':', ' ', '-', '–', '—'];

/// Words a cut title does not end on (they lead into the words cut off).
const DANGLING: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "into", "and",
    "or", "but", "as", "that", "which", "who", "its", "his", "her", "their", "amid", "after",
    "before", "over", "under", "about", "between", "than", "was", "were", "is", "are", "be",
    "been", "has", "have", "had", "will", "would",
];

/// Weight of an event by the precision of its date: a day 1, a month 0.6, a year 0.3.
fn precision_weight(date: &str) -> f64 {
    match date.len() {
        10 => 1.0,
        7 => 0.6,
        _ => 0.3,
    }
}

/// What the event's own reporting weighs against one article referring to its day.
pub const OUTLET_WEIGHT: f64 = 0.1;

/// The importance of an event:
///
/// `score = p × (refs + 0.1 × (outlets + 0.4 × extra / (1 + extra) + 0.5 × lead))`,
/// `extra = mentions − outlets`
///
/// where `refs` weighs the articles that refer to the event's day from another day (see
/// [`super::References`]: each article looking back at the day counts 1, each looking
/// ahead to it [`super::FORWARD_WEIGHT`]; a day the story keeps coming back to is a
/// turning point), and `outlets` is the number of distinct articles reporting the event.
/// Within the parenthesis, one more outlet always outweighs any number of repeated
/// mentions and any placement (the other two terms add less than 0.9 together), and ten
/// outlets reporting the event weigh as much as one article coming back to its day from
/// another day: chosen on the Timeline17 dev topics, where the day's own reporting ranks
/// the journalists' dates worse than the references do (docs/evaluation.md). `mentions`
/// is the number of mention sentences, `lead` in (0, 1] how early the articles mention it
/// (the mean over outlets of `1 / (1 + s / 5)`, `s` the index of the outlet's first
/// mention among its sentences: news puts what matters first), and `p` the date precision
/// weight (1 for a day, 0.6 for a month, 0.3 for a year). Rounded to 1/1000.
pub fn score(
    date: &str,
    outlets: usize,
    refs: f64,
    mentions: usize,
    first_sentences: &[usize],
) -> f64 {
    let extra = mentions.saturating_sub(outlets) as f64;
    let lead = if first_sentences.is_empty() {
        0.0
    } else {
        first_sentences
            .iter()
            .map(|&s| 1.0 / (1.0 + s as f64 / 5.0))
            .sum::<f64>()
            / first_sentences.len() as f64
    };
    let own = outlets as f64 + 0.4 * extra / (1.0 + extra) + 0.5 * lead;
    let s = precision_weight(date) * (refs + OUTLET_WEIGHT * own);
    (s * 1000.0).round() / 1000.0
}

/// The first sentence of each article among an event's mentions, by article id.
fn first_sentences<'a>(mentions: impl IntoIterator<Item = &'a Mention>) -> Vec<usize> {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for m in mentions {
        let e = first.entry(m.article.as_str()).or_insert(m.sentence);
        *e = (*e).min(m.sentence);
    }
    first.into_values().collect()
}

/// The number of distinct articles among an event's mentions.
pub fn outlets(e: &Event) -> usize {
    first_sentences(&e.mentions).len()
}

/// Scores an event again with `refs` articles referring to its date (see [`score`]).
pub fn rescore(e: &mut Event, refs: f64) {
    let firsts = first_sentences(&e.mentions);
    e.score = score(&e.date, firsts.len(), refs, e.mentions.len(), &firsts);
}

/// An event and the other titles its mentions give, best first (for [`distinct_titles`]).
pub struct Described {
    /// The event of the cluster.
    pub event: Event,
    /// The other titles its mentions give (page debris left out), best first.
    pub other_titles: Vec<String>,
}

/// The event of one cluster (its id may still collide; see [`unique_ids`]; its title may
/// be another event's of the same day, see [`distinct_titles`]).
pub fn event(
    articles: &[Article],
    cands: &[Candidate],
    cand_ents: &[Vec<usize>],
    entity_ids: &[&str],
    titles: &HashMap<(usize, usize), Vec<Title>>,
    cluster: &Cluster,
) -> Described {
    let members: Vec<&Candidate> = cluster.members.iter().map(|&i| &cands[i]).collect();
    let art = |c: &Candidate| &articles[c.article];

    // Mentions, one per sentence, in (article id, sentence) order.
    let mut seen = BTreeSet::new();
    let mut mentions: Vec<(&Candidate, Mention)> = Vec::new();
    for c in &members {
        if !seen.insert((art(c).id.clone(), c.sentence)) {
            continue;
        }
        mentions.push((
            c,
            Mention {
                article: art(c).id.clone(),
                text: c.text.clone(),
                sentence: c.sentence,
                date_text: c.date_text.clone(),
                date_start: c.date_start,
                date_end: c.date_end,
                anchor: c.anchor.clone(),
                rule: c.rule.clone(),
                date: c.date.iso(),
            },
        ));
    }
    mentions.sort_by(|a, b| (&a.1.article, a.1.sentence).cmp(&(&b.1.article, b.1.sentence)));

    // The earliest article, for the date's tie-break (the first to report the event, once
    // its date is known, is `Event::first_report`).
    let earliest = mentions
        .iter()
        .map(|(c, _)| art(c))
        .min_by(|a, b| {
            (a.published.is_none(), &a.published, &a.id).cmp(&(
                b.published.is_none(),
                &b.published,
                &b.id,
            ))
        })
        .map(|a| a.id.clone());

    // Date: the finest precision present; among those, the date most outlets give, then
    // the first outlet's, then the earliest.
    let finest = members
        .iter()
        .map(|c| c.date.iso().len())
        .max()
        .unwrap_or(4);
    let mut votes: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for c in members.iter().filter(|c| c.date.iso().len() == finest) {
        votes
            .entry(c.date.iso())
            .or_default()
            .insert(art(c).id.as_str());
    }
    let first_dates: BTreeSet<String> = members
        .iter()
        .filter(|c| Some(&art(c).id) == earliest.as_ref() && c.date.iso().len() == finest)
        .map(|c| c.date.iso())
        .collect();
    let date = votes
        .iter()
        .max_by(|a, b| {
            (a.1.len(), first_dates.contains(a.0), std::cmp::Reverse(a.0)).cmp(&(
                b.1.len(),
                first_dates.contains(b.0),
                std::cmp::Reverse(b.0),
            ))
        })
        .map(|(d, _)| d.clone())
        .unwrap_or_default();

    // Discrepancies.
    let mut discrepancies = Vec::new();
    let disputed = disputed_dates(articles, &members, finest);
    if disputed.len() > 1 {
        let mut sides = Vec::new();
        for value in &disputed {
            let mut per_article = BTreeSet::new();
            for (c, m) in &mentions {
                if c.date.iso() == *value
                    && states_in_full(c)
                    && per_article.insert(m.article.clone())
                {
                    sides.push(DiscrepancySide {
                        value: value.clone(),
                        article: m.article.clone(),
                        quote: m.text.clone(),
                    });
                }
            }
        }
        discrepancies.push(Discrepancy {
            kind: "date".into(),
            sides,
        });
    }
    discrepancies.extend(number_discrepancies(articles, &mentions));
    let published: BTreeMap<&str, Option<&str>> = mentions
        .iter()
        .map(|(c, _)| (art(c).id.as_str(), art(c).published.as_deref()))
        .collect();
    let with_titles: Vec<(&Mention, &[Title])> = mentions
        .iter()
        .map(|(c, m)| {
            let t = titles
                .get(&(c.article, c.sentence))
                .map_or(&[][..], Vec::as_slice);
            (m, t)
        })
        .collect();
    discrepancies.extend(
        titles::discrepancies(&with_titles, &published)
            .into_iter()
            .map(|sides| Discrepancy {
                kind: "title".into(),
                sides,
            }),
    );

    // Outlets, score, future.
    let firsts = first_sentences(mentions.iter().map(|(_, m)| m));
    let score = score(&date, firsts.len(), 0.0, mentions.len(), &firsts);
    let future = mentions.iter().all(|(c, _)| {
        art(c)
            .published
            .as_deref()
            .is_some_and(|p| storyline_model::written_before(p, &date))
    });

    // Entities of the mention sentences.
    let entities: BTreeSet<&str> = cluster
        .members
        .iter()
        .flat_map(|&i| cand_ents[i].iter().map(|&e| entity_ids[e]))
        .collect();

    // Key terms: weighted by how many members use them.
    let mut weight: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &members {
        for t in &c.terms {
            *weight.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut keys: Vec<(&str, usize)> = weight.into_iter().collect();
    keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let key_terms: Vec<&str> = keys.iter().take(4).map(|k| k.0).collect();

    let clauses: Vec<&str> = mentions.iter().map(|(c, _)| title_clause(c)).collect();
    let keeps: Vec<usize> = mentions
        .iter()
        .zip(&clauses)
        .map(|((c, _), clause)| date_keep(c, clause))
        .collect();
    let titles: Vec<String> = clauses
        .iter()
        .zip(&keeps)
        .map(|(c, &k)| cut_title(c, k))
        .collect();
    let order = title_order(&mentions, &clauses, &keeps, &key_terms);
    let best = best_mention(&mentions, &order, &date, |_| true);
    let title = best.map(|i| titles[i].clone()).unwrap_or_default();
    let mut other_titles: Vec<String> = Vec::new();
    for &i in &order {
        if titles[i] != title && !other_titles.contains(&titles[i]) && !is_debris(clauses[i]) {
            other_titles.push(titles[i].clone());
        }
    }
    let earlier_titles = earlier_titles(&mentions, &titles, &order, articles, &date, &title);
    let surface = |stem: &str| -> String {
        members
            .iter()
            .find_map(|c| c.surfaces.iter().find(|(s, _)| s == stem))
            .map(|(_, w)| w.to_lowercase())
            .unwrap_or_else(|| stem.to_string())
    };
    let words: Vec<String> = key_terms.iter().take(3).map(|t| surface(t)).collect();
    let mut id = format!("{date}-{}", slug(&words.join(" "), 40));
    if id.ends_with('-') {
        id.pop();
    }

    let mut event = Event {
        id,
        date,
        title,
        score,
        mentions: mentions.into_iter().map(|(_, m)| m).collect(),
        first_reported: None,
        future,
        entities: entities.into_iter().map(String::from).collect(),
        discrepancies,
        earlier_titles,
    };
    event.first_reported = event
        .first_report(|a| published.get(a).copied().flatten(), |_| true)
        .map(String::from);
    Described {
        event,
        other_titles,
    }
}

/// Gives the events of one day distinct titles: where two share one, the higher-scored
/// keeps it and the other takes its next title not yet used that day (two events titled
/// alike read as one happening listed twice). An event left with no unused title reports
/// the same sentence as the one holding its title: it joins that event.
pub fn distinct_titles(mut events: Vec<Event>, other_titles: &[Vec<String>]) -> Vec<Event> {
    let key = |t: &str| t.to_lowercase();
    let mut by_day: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        by_day.entry(e.date.clone()).or_default().push(i);
    }
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (_, mut day) in by_day {
        if day.len() < 2 {
            continue;
        }
        day.sort_by(|&a, &b| {
            let (ea, eb) = (&events[a], &events[b]);
            eb.score.total_cmp(&ea.score).then(ea.id.cmp(&eb.id))
        });
        let mut holder: BTreeMap<String, usize> = BTreeMap::new();
        for i in day {
            let title = key(&events[i].title);
            let Some(&into) = holder.get(&title) else {
                holder.insert(title, i);
                continue;
            };
            match other_titles[i]
                .iter()
                .find(|t| !holder.contains_key(&key(t)))
            {
                Some(t) => {
                    events[i].title = t.clone();
                    holder.insert(key(t), i);
                }
                None => joins.push((i, into)),
            }
        }
    }
    let mut gone = vec![false; events.len()];
    for &(from, into) in &joins {
        let moved = std::mem::take(&mut events[from].mentions);
        let entities = std::mem::take(&mut events[from].entities);
        let e = &mut events[into];
        e.mentions.extend(moved);
        e.mentions
            .sort_by(|a, b| (&a.article, a.sentence).cmp(&(&b.article, b.sentence)));
        e.mentions
            .dedup_by(|a, b| a.article == b.article && a.sentence == b.sentence);
        e.entities.extend(entities);
        e.entities.sort();
        e.entities.dedup();
        gone[from] = true;
    }
    events
        .into_iter()
        .zip(gone)
        .filter_map(|(e, gone)| (!gone).then_some(e))
        .collect()
}

/// The title the event had on each earlier day, from the mentions in the articles
/// published by then (what the app's "as known on" view shows; the same choice as the
/// event's own title, among fewer mentions). Empty when every day gives `title`.
fn earlier_titles(
    mentions: &[(&Candidate, Mention)],
    titles: &[String],
    order: &[usize],
    articles: &[Article],
    date: &str,
    title: &str,
) -> Vec<EarlierTitle> {
    let published = |c: &Candidate| articles[c.article].published.as_deref();
    let days: BTreeSet<&str> = mentions.iter().filter_map(|(c, _)| published(c)).collect();
    let mut out: Vec<EarlierTitle> = Vec::new();
    for day in days {
        let known = |c: &Candidate| published(c).is_some_and(|p| p <= day);
        let Some(best) = best_mention(mentions, order, date, known) else {
            continue;
        };
        let t = &titles[best];
        if out.last().is_none_or(|last| &last.title != t) {
            out.push(EarlierTitle {
                from: day.to_string(),
                title: t.clone(),
            });
        }
    }
    if out.iter().all(|t| t.title == title) {
        out.clear();
    }
    out
}

/// The mentions' indices, best title first: a sentence that reports before page debris
/// ([`is_debris`]), before one that quotes someone (a clause opening on a quotation
/// mark) and before one that only refers to the day ([`refers_back`]), then, among those holding all the key terms but one or more, a title that needs
/// no ellipsis, then the sentence holding the most key terms, then the shortest title ([`title_length`] of each mention's
/// [`title_clause`], in `clauses`), then the first.
fn title_order(
    mentions: &[(&Candidate, Mention)],
    clauses: &[&str],
    keeps: &[usize],
    key_terms: &[&str],
) -> Vec<usize> {
    let hits = |c: &Candidate| {
        key_terms
            .iter()
            .filter(|k| c.terms.iter().any(|t| t == *k))
            .count()
    };
    let most = mentions.iter().map(|(c, _)| hits(c)).max().unwrap_or(0);
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_cached_key(|&i| {
        let (c, m) = &mentions[i];
        let h = hits(c);
        (
            is_debris(clauses[i]),
            is_quote(clauses[i]),
            refers_back(c),
            // Among the sentences that carry (nearly) all the key terms, a whole title
            // before a cut one.
            h + 1 < most,
            !whole(clauses[i], keeps[i]),
            std::cmp::Reverse(h),
            title_length(clauses[i], keeps[i]),
            m.article.clone(),
            m.sentence,
        )
    });
    order
}

/// How much of a title clause a cut must keep: up to the end of the date expression when
/// the clause holds it ("Other companies involved with the rig, which exploded on 20
/// April…" is about what happened on 20 April, so it is not cut before it), else nothing.
fn date_keep(c: &Candidate, clause: &str) -> usize {
    let start = (clause.as_ptr() as usize).saturating_sub(c.text.as_ptr() as usize);
    if c.date_start >= start && c.date_end <= start + clause.len() {
        c.date_end - start
    } else {
        0
    }
}

/// Does the sentence name the day only to point at something it does not report: a date
/// before a noun ("the April 20 explosion", "since the 12 January earthquake", "Tuesday's
/// vote")?
fn refers_back(c: &Candidate) -> bool {
    let before = c.text[..c.date_start].trim_end().to_lowercase();
    let after = c.text[c.date_end..].trim_start();
    let possessive = after.starts_with("'s ") || after.starts_with("’s ");
    possessive
        || ((before.ends_with(" the") || before == "the")
            && after.starts_with(|ch: char| ch.is_lowercase()))
}

/// Does a title clause open on a quotation mark (`"`, `“`, `‘`, `«`, `„`)? Tokenized
/// text's `` is a “ by now (`clean::ptb`).
fn is_quote(clause: &str) -> bool {
    clause.starts_with(['"', '“', '‘', '«', '„'])
}

/// The mention the title comes from: the first in `order` (see [`title_order`]) among those
/// giving the event's date, or among all when none does; only the mentions `known` keeps
/// take part.
fn best_mention(
    mentions: &[(&Candidate, Mention)],
    order: &[usize],
    date: &str,
    known: impl Fn(&Candidate) -> bool,
) -> Option<usize> {
    let mut pool = order.iter().copied().filter(|&i| known(mentions[i].0));
    pool.clone()
        .find(|&i| mentions[i].1.date == date)
        .or_else(|| pool.next())
}

/// An extractive title: the mention's sentence without a leading bullet, date phrase or
/// connective, its first clause, cut to [`TITLE_MAX`] at a word boundary.
pub fn title_of(c: &Candidate) -> String {
    let clause = title_clause(c);
    cut_title(clause, date_keep(c, clause))
}

/// The clause a title is cut from: the mention's sentence without a leading bullet, date
/// phrase, dateline or connective, the part between `; ` that holds the date (or the
/// first).
fn title_clause(c: &Candidate) -> &str {
    let text = c.text.as_str();
    let mut start = 0;
    // A leading date phrase: "On May 29, 2025, ", "- May 16, 2025: ".
    let before = text[..c.date_start].trim();
    let lead_ok = before
        .trim_start_matches(['-', '•', '*', '–', '—'])
        .split_whitespace()
        .all(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "on" | "in" | "earlier" | "later" | "by" | "at" | "as" | "of"
            )
        });
    // Not when the date runs on into a longer one ("In 2008-09, Chevron…").
    let runs_on = text[c.date_end..].starts_with(['-', '/', '–'])
        && text[c.date_end..]
            .chars()
            .nth(1)
            .is_some_and(|ch| ch.is_ascii_digit());
    if lead_ok && !runs_on {
        start = c.date_end;
    } else if let Some(first) = crate::dates::tag(text, None).first() {
        // Another date leads the sentence ("On May 29, 2025, Russia suggested talks on June 2").
        let before = text[..first.start]
            .trim_start_matches(['-', '•', '*', '–', '—', ' '])
            .trim();
        if before.is_empty() || before.eq_ignore_ascii_case("on") {
            start = first.end;
        }
    }
    // "Thursday's hearings opened…": the date is the sentence's subject; it stays.
    if text[start..].starts_with("'s") || text[start..].starts_with("’s") {
        start = 0;
    }
    let mut rest = text[start..].trim_start_matches(|ch: char| {
        ch.is_whitespace() || matches!(ch, ',' | ':' | '-' | '–' | '—' | '•' | '*' | ';')
    });
    // A live page's stamp leaves its time zone behind the time: "10:32 a.m. ET: Just…".
    if start > 0 {
        if let Some((zone, after)) = rest.split_once(' ') {
            if crate::dates::is_time_zone(zone.trim_end_matches(':')) {
                rest = after.trim_start_matches(|ch: char| {
                    ch.is_whitespace() || matches!(ch, ',' | ':' | '-' | '–' | '—')
                });
            }
        }
    }
    // A dateline: "MOSCOW — ", "VENICE, Louisiana (Reuters) - ", "GENEVA (Reuters) - ",
    // "MESA, Ariz., Feb. 18 -- " (not a speaker's "ROBINSON: ").
    if let Some(d) = crate::clean::dateline::parse(rest) {
        if !rest[..d.len].trim_end().ends_with(':') {
            rest = &rest[d.len..];
        }
    }
    if let Some((head, tail)) = rest.split_once(['—', '–']) {
        let head = head.trim().trim_end_matches(',');
        if !head.is_empty() && head.len() < 40 && head.chars().all(|c| !c.is_lowercase()) {
            rest = tail.trim_start();
        }
    }
    rest = without_page_run_in(
        rest,
        c.date_start
            .saturating_sub(rest.as_ptr() as usize - text.as_ptr() as usize),
    );
    rest = without_run_in_heading(rest);
    rest = without_date_tail(rest);
    rest = without_label(rest);
    // A leading connective: "Meanwhile, ".
    loop {
        let lower = rest.to_lowercase();
        let hit = LEADING_CONNECTIVES.iter().find(|c| {
            lower.starts_with(*c)
                && lower[c.len()..].starts_with([',', ' '])
                && (lower[c.len()..].starts_with(',')
                    || c.contains(' ')
                    || matches!(**c, "but" | "and"))
        });
        match hit {
            // Lower case may be longer or shorter than the text ("K" is "k"): cut the
            // text only where the connective ends in it too.
            Some(c) => match rest.get(c.len()..) {
                Some(after) if rest[..c.len()].eq_ignore_ascii_case(c) => {
                    rest = after.trim_start_matches([',', ' '])
                }
                _ => break,
            },
            None => break,
        }
    }
    // The clause up to "; " that holds the date, else the first ("French fight in Mali
    // town; Iraq bombs target Kurds; … the rig sank on the 22nd April" is about the rig).
    let at = rest.as_ptr() as usize - text.as_ptr() as usize;
    let before_date = rest.get(..c.date_start.saturating_sub(at)).unwrap_or(rest);
    rest = &rest[before_date.rfind("; ").map_or(0, |i| i + 2)..];
    if let Some(i) = rest.find("; ") {
        rest = &rest[..i];
    }
    rest.trim().trim_end_matches(['.', ',', ';', ':'])
}

/// A page's furniture run into the sentence it precedes, as scraped text has it when the
/// page's line breaks are lost (`date_at`: where the date starts in `text`; nothing after
/// it is cut):
/// - an update stamp: "Last updated at 12:45 GMT Shares in BP opened…";
/// - a pointer to another page: "Follow live updates here BP revealed…";
/// - a byline with its role and outlet: "By Richard Black Environment correspondent, BBC
///   News Vast amounts…" (the sentence starts at the last capitalised word before the
///   first word in lower case);
/// - a transcript's question label: "Q: BP is going to release its report…";
/// - a quotation or link label closed and a new sentence opened with nothing between
///   ("…responsibly” An emergency shrimping season was opened…"), and the capitalised words
///   of a label before a sentence's opening article ("More Headlines” “Less Headlines The
///   Exxon Valdez oil spill occurred…").
fn without_page_run_in(text: &str, date_at: usize) -> &str {
    let mut rest = text;
    let cut = |rest: &str, from: usize| -> bool {
        let at = rest.as_ptr() as usize - text.as_ptr() as usize + from;
        at <= date_at && from < rest.len()
    };
    // The update stamp and its time zone.
    if let Some(after) = rest.strip_prefix("Last updated at ") {
        let mut words = after.splitn(3, ' ');
        if let (Some(time), Some(zone), Some(tail)) = (words.next(), words.next(), words.next()) {
            if time.contains([':', '.'])
                && crate::dates::is_time_zone(zone)
                && cut(rest, rest.len() - tail.len())
            {
                rest = tail;
            }
        }
    }
    let words = word_starts(rest);
    let word = |i: usize| words.get(i).map_or("", |&(_, w)| w);
    // A pointer: "Follow/Read/Watch/See/Click … here", then the sentence.
    if matches!(
        word(0),
        "Follow" | "Read" | "Watch" | "See" | "Click" | "Listen"
    ) {
        if let Some(i) = (1..8).find(|&i| word(i) == "here") {
            if word(i + 1).starts_with(char::is_uppercase) && cut(rest, words[i + 1].0) {
                rest = &rest[words[i + 1].0..];
            }
        }
    }
    let words = word_starts(rest);
    let word = |i: usize| words.get(i).map_or("", |&(_, w)| w);
    // A byline: "By" + names + a role ending in ',' + the outlet's capitalised words.
    if word(0) == "By" {
        let role = (2..8).find(|&i| {
            matches!(
                word(i).trim_end_matches(','),
                "correspondent" | "editor" | "reporter" | "writer" | "producer" | "staff"
            ) && word(i).ends_with(',')
        });
        if let Some(i) = role {
            let lower = (i + 1..words.len()).find(|&j| word(j).starts_with(char::is_lowercase));
            if let Some(j) = lower.filter(|&j| j > i + 2) {
                if cut(rest, words[j - 1].0) {
                    rest = &rest[words[j - 1].0..];
                }
            }
        }
    }
    // A transcript's question, perhaps after its own label ("Here's the exchange: Q: …").
    if let Some(q) = rest.find("Q: ") {
        if (q == 0 || rest[..q].ends_with(": ")) && cut(rest, q + 3) {
            rest = &rest[q + 3..];
        }
    }
    // A closed quotation or label, then a new sentence with nothing between.
    if let Some(i) = rest
        .rmatch_indices(['”', '"'])
        .filter(|&(q, _)| !rest[..q].ends_with([',', '.', '?', '!']))
        .map(|(q, quote)| q + quote.len())
        .filter(|&i| {
            rest[i..].starts_with(' ')
                && rest[i + 1..].starts_with(|c: char| c.is_uppercase() || c == '“')
        })
        .find(|&i| cut(rest, i + 1))
    {
        let tail = rest[i + 1..].trim_start_matches('“');
        // "Less Headlines The Exxon…": the label's words before the opening article.
        let words = word_starts(tail);
        let label = words
            .iter()
            .take(5)
            .take_while(|(_, w)| w.starts_with(char::is_uppercase))
            .position(|(_, w)| matches!(*w, "The" | "A" | "An"));
        let tail = match label {
            Some(k) if k > 0 => &tail[words[k].0..],
            _ => tail,
        };
        // Only where a sentence of its own opens on an article ("“Top Kill” Operation
        // began" is one sentence).
        if ["The ", "A ", "An "].iter().any(|a| tail.starts_with(a)) {
            rest = tail;
        }
    }
    rest
}

/// Each word of `text` (split at single spaces) with its byte offset.
fn word_starts(text: &str) -> Vec<(usize, &str)> {
    text.split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect()
}

/// A heading run into the sentence, as scraped pages have them: three or more words in
/// capitals before the sentence proper ("ULTIMATE HOPES IN RELIEF WELL BP executives
/// say…" → "BP executives say…"; the last capitalised word stays when the next word is in
/// lower case, it is the sentence's own acronym).
fn without_run_in_heading(text: &str) -> &str {
    let words = word_starts(text);
    let caps = |w: &str| {
        w.chars().any(char::is_alphabetic) && w.chars().all(|c| !c.is_lowercase()) && w.len() > 1
    };
    let run = words.iter().take_while(|(_, w)| caps(w)).count();
    if run < 3 || run == words.len() {
        return text;
    }
    let next_lower = words[run].1.starts_with(char::is_lowercase);
    let keep_from = if next_lower { run - 1 } else { run };
    &text[words[keep_from].0..]
}

/// The tail of a date whose month a heading in capitals took with it ("PIPELINE RUPTURE,
/// SEPTEMBER 29, 2008 A high-pressure pipeline…" → "29, 2008 A high-pressure…" → "A
/// high-pressure…"): a day and a year before a capitalised word.
fn without_date_tail(text: &str) -> &str {
    let mut words = text.splitn(3, ' ');
    let (Some(day), Some(year), Some(rest)) = (words.next(), words.next(), words.next()) else {
        return text;
    };
    let day = day.strip_suffix(',').unwrap_or("");
    let is_day = (1..=2).contains(&day.len()) && day.bytes().all(|b| b.is_ascii_digit());
    let is_year = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    if is_day && is_year && rest.starts_with(char::is_uppercase) {
        rest
    } else {
        text
    }
}

/// A label before a colon ("At the White House: The White House announced…"): up to
/// five words, not all in capitals (a speaker), with no verb of saying or past tense,
/// then a new sentence in capitals.
fn without_label(text: &str) -> &str {
    let Some((label, rest)) = text.split_once(": ") else {
        return text;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    let verb = words.iter().any(|w| {
        let w = w.to_lowercase();
        w.ends_with("ed") || matches!(w.as_str(), "said" | "says" | "told" | "tells" | "say")
    });
    // A speaker's name in capitals ("LAVROV: We proposed…") says who speaks: it stays.
    let speaker = !label.chars().any(char::is_lowercase);
    if words.is_empty()
        || words.len() > 5
        || verb
        || speaker
        || !rest.starts_with(char::is_uppercase)
    {
        return text;
    }
    rest
}

/// Is a title clause page debris rather than a report: a fragment (starting in lower case
/// or on "'s"), a byline ("By Peter Bowes BBC News…", "Clare Spencer | 09:51 UK time"), a
/// clock stamp ("20:24 UTC With…"), or a comment's or update's furniture ("| Reply",
/// "Updated 16:53", "Posted by", "RT @")?
fn is_debris(clause: &str) -> bool {
    let first = clause.split_whitespace().next().unwrap_or("");
    let second = clause.split_whitespace().nth(1).unwrap_or("");
    super::mention::starts_with_clock(clause)
        || clause.contains(" | ")
        // Link labels run together ("More Headlines” “Less Headlines The…"): a quotation
        // closes and the next opens with nothing between.
        || clause.contains("” “")
        || (first == "Last" && second.eq_ignore_ascii_case("updated"))
        || clause
            .starts_with(|c: char| c.is_lowercase() || matches!(c, '\'' | '’' | '|' | '@' | '#'))
        || (first == "By" && second.starts_with(char::is_uppercase))
        || matches!(
            first.to_lowercase().trim_end_matches(':'),
            "updated" | "posted" | "reply" | "retweet" | "rt" | "share" | "comments"
        )
        || is_speaker_label(first)
        // What a date left behind: a day of a schedule's range ("7 to Friday 11 September
        // Anna Maxwell Martin…"), a photo's caption ("26 photo provided by…").
        || (first.len() <= 2
            && first.bytes().all(|b| b.is_ascii_digit())
            && matches!(second, "to" | "photo" | "file"))
        || clause.split_once(": ").is_some_and(|(label, _)| {
            label.split_whitespace().count() <= 3
                && label.chars().any(char::is_alphabetic)
                && !label.chars().any(char::is_lowercase)
        })
        // A photo's caption names where its people stand ("Carl-Henric Svanberg (left),
        // CEO Tony Hayward and…").
        || ["(left)", "(right)", "(centre)", "(center)", "(pictured)"]
            .iter()
            .any(|mark| clause.contains(mark))
}

/// A transcript's speaker or a caption's label in capitals ("ROBINSON:", "QUESTION:",
/// "FILE:", "ET:"): what follows is a line spoken or a picture's caption, not a report.
/// (`is_debris` also takes a label of up to three such words: "AP FILE:".)
fn is_speaker_label(word: &str) -> bool {
    word.strip_suffix(':').is_some_and(|w| {
        w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
    })
}

/// Where a long clause may end as a whole: before a clause that adds to it (", which",
/// ", after", " -- "…). The main clause then stands alone, with no ellipsis.
const CLAUSE_BREAKS: &[&str] = &[
    ", which ",
    ", who ",
    ", as ",
    ", after ",
    ", while ",
    ", when ",
    ", saying ",
    ", according to ",
    ", but ",
    ", and ",
    ", though ",
    ", although ",
    ", amid ",
    ", despite ",
    ", with ",
    " -- ",
    " — ",
    " – ",
];

/// Shortest title that a clause break may leave.
const CLAUSE_MIN: usize = 40;

/// A long clause cut at its last clause break within [`TITLE_MAX`], if any, where the
/// words before the break hold a verb ("The April 20 explosion on the rig, which…" is no
/// title) and do not end inside a clause still waiting for its verb ("It emerged that
/// Donald Vidrine, who…").
fn cut_at_clause(clause: &str, keep: usize) -> Option<&str> {
    let complete = |head: &str| {
        !head.split_whitespace().rev().take(4).any(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "that" | "whether" | "if" | "because" | "when" | "where" | "than" | "how" | "why"
            )
        })
    };
    CLAUSE_BREAKS
        .iter()
        .filter_map(|b| {
            clause
                .match_indices(b)
                .map(|(i, _)| i)
                .filter(|&i| {
                    (CLAUSE_MIN.max(keep)..=TITLE_MAX).contains(&i)
                        && complete(&clause[..i])
                        && super::mention::is_eventive(&clause[..i], 0..0)
                })
                .last()
        })
        .max()
        .map(|i| clause[..i].trim_end_matches(CUT_TRIM))
}

/// A clause longer than [`TITLE_MAX`] cut at its last word boundary within it, trailing
/// punctuation dropped. A parenthesis the cut would leave open ("collected about 620,000
/// gallons (2.3…") goes whole, when what comes before it is [`CLAUSE_MIN`] long and the
/// cut does not lose a date (ending at `keep`) that it would otherwise keep.
fn cut_at_word(clause: &str, keep: usize) -> &str {
    let mut cut = TITLE_MAX;
    while !clause.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &clause[..cut];
    let at = head.rfind(' ').unwrap_or(cut);
    let kept = head[..at].trim_end_matches(CUT_TRIM);
    match kept.rfind('(') {
        Some(open)
            if !kept[open..].contains(')')
                && open >= CLAUSE_MIN
                && !(open < keep && keep <= kept.len()) =>
        {
            kept[..open].trim_end_matches(CUT_TRIM)
        }
        _ => kept,
    }
}

/// The length a title is ranked by (shorter first, see [`title_order`]): the clause's, the
/// clause cut at a clause break, or when it must be cut mid-clause, the cut's with its
/// ellipsis.
fn title_length(clause: &str, keep: usize) -> usize {
    if clause.len() <= TITLE_MAX {
        clause.len()
    } else if let Some(c) = cut_at_clause(clause, keep) {
        c.len()
    } else {
        cut_at_word(clause, keep).len() + '…'.len_utf8()
    }
}

/// Does the clause make a title without an ellipsis (short enough, or with a clause
/// break to end on)?
fn whole(clause: &str, keep: usize) -> bool {
    clause.len() <= TITLE_MAX || cut_at_clause(clause, keep).is_some()
}

/// A title from its clause: whole when it fits, else cut at a clause break, else cut to
/// [`TITLE_MAX`] at a word boundary, not ending on a word that leads into the cut ("… on
/// June 2 in…"), with an ellipsis; first letter upper case.
fn cut_title(clause: &str, keep: usize) -> String {
    let mut t = clause.to_string();
    if t.len() > TITLE_MAX {
        if let Some(c) = cut_at_clause(clause, keep) {
            t = c.to_string();
        } else {
            let mut kept = cut_at_word(clause, keep);
            while let Some((rest, last)) = kept.rsplit_once(' ') {
                if !DANGLING.contains(&last.to_lowercase().as_str()) || !rest.contains(' ') {
                    break;
                }
                kept = rest.trim_end_matches(CUT_TRIM);
            }
            t = format!("{kept}…");
        }
    }
    let mut chars = t.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => t,
    }
}

/// The dates outlets state for one event, when they disagree: the values written out in
/// full (not worked out from "Tuesday" or "yesterday", which the article's own date may
/// put a day off), outside page stamps and photo captions, each in a sentence that gives
/// no other (a list of dates is not a dispute), from two outlets or more between them.
/// Empty or one value: no disagreement.
fn disputed_dates(articles: &[Article], members: &[&Candidate], finest: usize) -> Vec<String> {
    let fine = |c: &&&Candidate| c.date.iso().len() == finest;
    let mut per_sentence: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
    for c in members.iter().filter(fine) {
        if states_in_full(c) {
            per_sentence
                .entry((c.article, c.sentence))
                .or_default()
                .insert(c.date.iso());
        }
    }
    let stated: BTreeSet<String> = per_sentence
        .into_values()
        .filter(|values| values.len() == 1)
        .flatten()
        .collect();
    let outlets: BTreeSet<&str> = members
        .iter()
        .filter(fine)
        .filter(|c| stated.contains(&c.date.iso()))
        .map(|c| outlet_of(&articles[c.article]))
        .collect();
    if outlets.len() < 2 {
        return Vec::new();
    }
    stated.into_iter().collect()
}

/// Does the mention state its date in full, in prose: written out (not worked out from
/// "Tuesday" or "yesterday"), not a page's stamp or a photo's caption?
fn states_in_full(c: &Candidate) -> bool {
    c.anchor.is_none() && !is_stamp_or_caption(c)
}

/// Is the mention's date a page's stamp or a photo's date rather than a statement? A date
/// with no word of prose before it in its sentence ("Tuesday 28 April 2009 19.11 BST",
/// "June 17, 2010: Actor … listens", "AP June 17:"), after a clock time or an update word
/// ("17:44 UK time, Tuesday, 15 June 2010", "Last updated at"), or near a photo's words
/// ("April 22, 2010, in this handout photo", "Picture credit: … June 9, 2010").
fn is_stamp_or_caption(c: &Candidate) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    };
    let before = words(&c.text[..c.date_start]);
    let after: Vec<String> = words(&c.text[c.date_end..]).into_iter().take(5).collect();
    let is = |w: &str, list: &[&str]| list.contains(&w.to_lowercase().as_str());
    // A chronology's entry ("- May 28, 2025: Russia proposed…") is a statement.
    let bullet = c.text[..c.date_start]
        .trim()
        .trim_start_matches(['-', '•', '*', '–', '—'])
        .is_empty()
        && c.text.trim_start().starts_with(['-', '•', '*', '–', '—']);
    let prose = bullet
        || before.iter().any(|w| {
            (w.len() > 1 && w.chars().all(char::is_lowercase))
                || is(
                    w,
                    &[
                        "on", "in", "by", "since", "until", "from", "after", "before", "between",
                    ],
                )
        });
    let stamp_words = [
        "updated",
        "posted",
        "published",
        "time",
        "gmt",
        "bst",
        "edt",
        "est",
        "utc",
    ];
    let photo_words = [
        "photo",
        "photograph",
        "picture",
        "image",
        "credit",
        "handout",
        "caption",
        "grab",
        "footage",
    ];
    // A clock time right after the date: "Tuesday 20 July 2010 12.07 BST".
    let rest = c.text[c.date_end..].trim_start_matches([' ', ',', ';']);
    let clock_after = rest.len() > 4
        && rest.as_bytes()[0].is_ascii_digit()
        && rest.as_bytes()[1..3]
            .iter()
            .any(|b| matches!(b, b':' | b'.'));
    let clock = {
        let b = &c.text.as_bytes()[..c.date_start];
        b.windows(4).any(|w| {
            w[0].is_ascii_digit()
                && matches!(w[1], b':' | b'.')
                && w[2].is_ascii_digit()
                && w[3].is_ascii_digit()
        })
    };
    !prose
        || clock
        || clock_after
        || before.iter().any(|w| is(w, &stamp_words))
        || before.iter().chain(&after).any(|w| is(w, &photo_words))
        || closes_a_caption(c)
}

/// A wire photo's caption: a scene described and then its place and full date, with no
/// preposition before the date, ending the sentence ("A bird flies off a post … in
/// Venice, La., Thursday, April 29, 2010.", "… on Capitol Hill in Washington, June 15,
/// 2010."). Prose puts "on" before a date it reports.
fn closes_a_caption(c: &Candidate) -> bool {
    let has_year = c
        .date_text
        .split(|ch: char| !ch.is_ascii_digit())
        .any(|w| w.len() == 4);
    let prev = c.text[..c.date_start]
        .split(|ch: char| !ch.is_alphanumeric())
        .rev()
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    let prepositions = [
        "on", "by", "since", "until", "from", "after", "before", "between", "in", "of", "to",
        "for", "through", "till", "at", "and", "or", "as", "than",
    ];
    let rest = c.text[c.date_end..].trim();
    let ends = rest.is_empty()
        || rest.chars().all(|ch| ch.is_ascii_punctuation())
        || rest.starts_with(", to ");
    has_year && c.date_start > 0 && !prepositions.contains(&prev.as_str()) && ends
}

/// Who stands behind a mention: its article's publisher, or the article itself when the
/// publisher is unknown.
fn outlet_of(a: &Article) -> &str {
    a.publisher.as_deref().unwrap_or(&a.id)
}

/// Outlets giving different counts of the same thing on the same day ("killed 13
/// civilians" against "killed 12 civilians"): the same verb and noun around an exact
/// number (see `mention::numbers`), each number from its own outlets, published the same
/// day (a toll that rises from one day to the next is news, not a disagreement).
fn number_discrepancies(
    articles: &[Article],
    mentions: &[(&Candidate, Mention)],
) -> Vec<Discrepancy> {
    // (publication day, day worked out, key) → number → first (article, quote, outlet)
    // per article. A day worked out from "Tuesday" or "yesterday" keeps its numbers apart
    // from another day's ("collected 15,000 barrels on Tuesday", "15,800 on Wednesday");
    // a date written in full may be the disputed one, so its numbers meet the others'.
    type Sides<'a> = Vec<(&'a str, &'a str, &'a str)>;
    type Key<'a> = (Option<&'a str>, Option<&'a str>, &'a str);
    let mut by_key: BTreeMap<Key, BTreeMap<&str, Sides>> = BTreeMap::new();
    for (c, m) in mentions {
        let article = &articles[c.article];
        let day = (!states_in_full(c)).then_some(m.date.as_str());
        for (key, n) in &c.numbers {
            let sides = by_key
                .entry((article.published.as_deref(), day, key.as_str()))
                .or_default()
                .entry(n.as_str())
                .or_default();
            if !sides.iter().any(|(a, _, _)| *a == m.article) {
                sides.push((m.article.as_str(), m.text.as_str(), outlet_of(article)));
            }
        }
    }
    let mut out = Vec::new();
    for (_, numbers) in by_key {
        if numbers.len() < 2 {
            continue;
        }
        // Different outlets must disagree: no outlet gives two of the numbers.
        let sets: Vec<BTreeSet<&str>> = numbers
            .values()
            .map(|s| s.iter().map(|x| x.2).collect())
            .collect();
        let disjoint = sets
            .iter()
            .enumerate()
            .all(|(i, a)| sets[i + 1..].iter().all(|b| a.is_disjoint(b)));
        if !disjoint {
            continue;
        }
        out.push(Discrepancy {
            kind: "number".into(),
            sides: numbers
                .iter()
                .flat_map(|(n, s)| {
                    s.iter().map(|(a, q, _)| DiscrepancySide {
                        value: n.to_string(),
                        article: a.to_string(),
                        quote: q.to_string(),
                    })
                })
                .collect(),
        });
    }
    out
}

/// Makes ids unique without depending on order: every event of a colliding group but the
/// highest-scored one gets a suffix hashed from its mentions.
pub fn unique_ids(events: &mut [Event]) {
    let hash = |e: &Event| {
        let key: Vec<String> = e
            .mentions
            .iter()
            .map(|m| format!("{}#{}#{}", m.article, m.sentence, m.date_start))
            .collect();
        fnv1a(key.join("|").as_bytes())
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        groups.entry(e.id.clone()).or_default().push(i);
    }
    for (_, mut idx) in groups {
        if idx.len() < 2 {
            continue;
        }
        idx.sort_by(|&a, &b| {
            events[b]
                .score
                .total_cmp(&events[a].score)
                .then(hash(&events[a]).cmp(&hash(&events[b])))
        });
        for &i in &idx[1..] {
            let h = hash(&events[i]);
            events[i].id = format!("{}-{:06x}", events[i].id, h as u32 & 0xff_ffff);
        }
    }
}
