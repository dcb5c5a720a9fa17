//! Pure helpers for what pages show: dates by precision, outlets, timeline filters and gaps.
//!
//! No DOM here, so it is unit-tested natively (`cargo test -p storyline-app --lib`).

use std::collections::BTreeSet;
pub use storyline_model::human_date;
use storyline_model::{Bundle, Discrepancy, DiscrepancySide, Event};

/// At most `limit` of the events (in date order): the best-scored ones, kept in their
/// order.
pub fn most_reported(mut events: Vec<Event>, limit: usize) -> Vec<Event> {
    if events.len() > limit {
        let mut by_score: Vec<(f64, String)> =
            events.iter().map(|e| (e.score, e.id.clone())).collect();
        crate::sort::sort_by(&mut by_score, |a, b| {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
        });
        let keep: BTreeSet<String> = by_score.into_iter().take(limit).map(|(_, id)| id).collect();
        events.retain(|e| keep.contains(&e.id));
    }
    events
}

/// How many best-scored events an entity page opens on, above its list in date order.
pub const KEY_EVENTS: usize = 5;

/// The `limit` best-scored events, best first (ties: the earlier id), when there are more
/// events than that; none otherwise (the whole list says it all).
pub fn key_events(events: &[Event], limit: usize) -> Vec<Event> {
    if events.len() <= limit {
        return Vec::new();
    }
    let mut best = events.to_vec();
    crate::sort::sort_by(&mut best, |a, b| {
        b.score.total_cmp(&a.score).then(a.id.cmp(&b.id))
    });
    best.truncate(limit);
    best
}

/// How many articles the home page lists at a time.
pub const ARTICLES_PAGE: usize = 50;

/// One page of a list of articles (newest first), grouped by month of publication: each
/// group's heading ("June 2025", "Date unknown") and its articles' indices, and the
/// number of pages. A page past the last is the last.
pub fn article_page(published: &[Option<&str>], page: usize) -> (Vec<(String, Vec<usize>)>, usize) {
    let pages = published.len().div_ceil(ARTICLES_PAGE).max(1);
    let page = page.clamp(1, pages);
    let start = (page - 1) * ARTICLES_PAGE;
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, p) in published.iter().enumerate().skip(start).take(ARTICLES_PAGE) {
        let heading = match p.and_then(|p| p.get(..7)) {
            Some(month) => human_date(month),
            None => "Date unknown".to_string(),
        };
        match groups.last_mut() {
            Some((h, items)) if *h == heading => items.push(i),
            _ => groups.push((heading, vec![i])),
        }
    }
    (groups, pages)
}

/// The name of an article's outlet (see [`Bundle::outlet`]).
pub fn outlet(bundle: &Bundle, article_id: &str) -> String {
    bundle.outlet(article_id)
}

/// The distinct outlets reporting an event (see [`Bundle::event_outlets`]).
pub fn event_outlets(bundle: &Bundle, event: &Event) -> Vec<String> {
    bundle.event_outlets(event)
}

/// How many choices a filter row shows before it leaves the rest out.
pub const ROW_CHOICES: usize = 12;

/// The choices a filter row shows: the `max` values with the highest counts (ties by
/// value), and the `selected` one even when it is not among them (a filter in use can
/// always be seen and cleared); and how many values are left out.
pub fn top_choices(
    counts: &std::collections::BTreeMap<String, usize>,
    selected: Option<&str>,
    max: usize,
) -> (Vec<String>, usize) {
    let mut ranked: Vec<(&String, usize)> = counts.iter().map(|(v, &n)| (v, n)).collect();
    crate::sort::sort_by(&mut ranked, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut shown: Vec<String> = ranked
        .iter()
        .take(max)
        .map(|(v, _)| v.to_string())
        .collect();
    if let Some(sel) = selected {
        if counts.contains_key(sel) && !shown.iter().any(|v| v == sel) {
            shown.push(sel.to_string());
        }
    }
    let left = counts.len() - shown.len();
    (shown, left)
}

/// A disagreement's sides grouped by value, the value most sides give first (ties in
/// the order the values first appear).
pub fn sides_by_value(d: &Discrepancy) -> Vec<(&str, Vec<&DiscrepancySide>)> {
    let mut by_value: Vec<(&str, Vec<&DiscrepancySide>)> = Vec::new();
    for side in &d.sides {
        match by_value.iter_mut().find(|(v, _)| *v == side.value) {
            Some((_, list)) => list.push(side),
            None => by_value.push((side.value.as_str(), vec![side])),
        }
    }
    crate::sort::sort_by_key(&mut by_value, |(_, sides)| std::cmp::Reverse(sides.len()));
    by_value
}

/// The outlets giving one value, short ("A", "A, B, C", "A, B and 7 more outlets"), and
/// the verb that agrees with them.
pub fn who_says(mut names: Vec<String>) -> (String, &'static str) {
    let mut seen = BTreeSet::new();
    names.retain(|n| seen.insert(n.clone()));
    let who = match names.len() {
        0 | 1 => names.concat(),
        2 | 3 => names.join(", "),
        n => format!("{} and {} more outlets", names[..2].join(", "), n - 2),
    };
    (who, if names.len() == 1 { " says " } else { " say " })
}

/// The timeline's filters, as kept in the URL's query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    /// An outlet's name: only the mentions from it count.
    pub outlet: Option<String>,
    /// An entity id: only the events involving it.
    pub entity: Option<String>,
    /// Inclusive bounds, `YYYY[-MM[-DD]]`, compared by prefix.
    pub from: Option<String>,
    /// The last date shown, inclusive, `YYYY[-MM[-DD]]`; see `from`.
    pub to: Option<String>,
    /// "As known on": only articles published on or before this day count.
    pub as_of: Option<String>,
    /// Only the top events by score.
    pub highlights: bool,
}

/// How many events the highlights view shows.
pub const HIGHLIGHTS: usize = 10;

impl TimelineFilter {
    /// The query string for these filters (without `?`), keys in a fixed order.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("outlet", &self.outlet),
            ("entity", &self.entity),
            ("from", &self.from),
            ("to", &self.to),
            ("asof", &self.as_of),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        if self.highlights {
            parts.push("view=highlights".into());
        }
        parts.join("&")
    }

    /// True when no filter is set: the whole timeline.
    pub fn is_empty(&self) -> bool {
        *self == TimelineFilter::default()
    }

    /// The events that pass the filters, each reduced to the mentions that pass
    /// (as-of and outlet filters drop mentions; an event with none left is dropped).
    pub fn apply(&self, bundle: &Bundle) -> Vec<Event> {
        let mut out: Vec<Event> = bundle
            .events
            .iter()
            .filter_map(|e| {
                let mentions: Vec<_> = e
                    .mentions
                    .iter()
                    .filter(|m| {
                        let article = bundle.article(&m.article);
                        let known = match &self.as_of {
                            None => true,
                            Some(day) => article
                                .and_then(|a| a.published.as_deref())
                                .is_some_and(|p| p <= day.as_str()),
                        };
                        let outlet_ok = self
                            .outlet
                            .as_ref()
                            .is_none_or(|o| &outlet(bundle, &m.article) == o);
                        known && outlet_ok
                    })
                    .cloned()
                    .collect();
                if mentions.is_empty() {
                    return None;
                }
                if let Some(entity) = &self.entity {
                    if !e.entities.contains(entity) {
                        return None;
                    }
                }
                if let Some(from) = &self.from {
                    if !date_at_or_after(&e.date, from) {
                        return None;
                    }
                }
                if let Some(to) = &self.to {
                    if !date_at_or_before(&e.date, to) {
                        return None;
                    }
                }
                let event = Event {
                    mentions,
                    ..e.clone()
                };
                Some(match &self.as_of {
                    Some(day) => as_known_on(bundle, e, event, day),
                    None => event,
                })
            })
            .collect();
        if self.highlights {
            let keep = spread_highlights(&out);
            out.retain(|e| keep.contains(&e.id));
        }
        out
    }
}

/// The highlights: the top events by score, spread over the story. Chosen one at a time,
/// each the best by score discounted for what is already chosen: divided by one plus its
/// share of entities in common with each chosen event (a sub-story shown once costs a
/// little, shown five times a lot), and halved when a chosen event is within a week of it
/// (a stretch already shown). Only the 10 × [`HIGHLIGHTS`] best events take part.
fn spread_highlights(events: &[Event]) -> BTreeSet<String> {
    let mut pool: Vec<&Event> = events.iter().collect();
    crate::sort::sort_by(&mut pool, |a, b| {
        b.score.total_cmp(&a.score).then(a.id.cmp(&b.id))
    });
    pool.truncate(HIGHLIGHTS * 10);
    let day = |e: &Event| -> Option<i64> {
        let d: Vec<i64> = e.date.split('-').filter_map(|p| p.parse().ok()).collect();
        match d.as_slice() {
            [y, m, d] => Some(y * 372 + m * 31 + d),
            _ => None,
        }
    };
    let jaccard = |a: &Event, b: &Event| -> f64 {
        let inter = a.entities.iter().filter(|x| b.entities.contains(x)).count();
        let union = a.entities.len() + b.entities.len() - inter;
        if union == 0 {
            0.0
        } else {
            inter as f64 / union as f64
        }
    };
    let mut chosen: Vec<&Event> = Vec::new();
    while chosen.len() < HIGHLIGHTS && !pool.is_empty() {
        let value = |e: &Event| -> f64 {
            let overlap: f64 = chosen.iter().map(|c| jaccard(e, c)).sum();
            let near = day(e).is_some_and(|d| {
                chosen
                    .iter()
                    .any(|c| day(c).is_some_and(|x| (x - d).abs() <= 7))
            });
            e.score / (1.0 + overlap) * if near { 0.5 } else { 1.0 }
        };
        let (best, _) = pool
            .iter()
            .enumerate()
            .map(|(i, e)| (i, value(e)))
            .fold((0, f64::MIN), |acc, x| if x.1 > acc.1 { x } else { acc });
        chosen.push(pool.remove(best));
    }
    chosen.into_iter().map(|e| e.id.clone()).collect()
}

/// An event as it stood on `day` (`event`: `whole` with the mentions the filters keep):
/// the title the articles published by then give, "scheduled" when all of those were
/// written before its date, the first of them as the first outlet, and only the
/// disagreements they already show (sides in those articles, still two values or more).
fn as_known_on(bundle: &Bundle, whole: &Event, mut event: Event, day: &str) -> Event {
    let published = |article: &str| bundle.article(article).and_then(|a| a.published.as_deref());
    // Every outlet's articles published by then, whatever the outlet filter.
    let known: BTreeSet<&str> = whole
        .mentions
        .iter()
        .map(|m| m.article.as_str())
        .filter(|a| published(a).is_some_and(|p| p <= day))
        .collect();
    event.title = whole.title_as_of(day).to_string();
    event.future = known
        .iter()
        .all(|a| published(a).is_some_and(|p| storyline_model::written_before(p, &whole.date)));
    event.first_reported = whole
        .first_report(published, |a| known.contains(a))
        .map(String::from);
    for d in &mut event.discrepancies {
        d.sides.retain(|s| known.contains(s.article.as_str()));
    }
    event.discrepancies.retain(|d| {
        let values: BTreeSet<&str> = d.sides.iter().map(|s| s.value.as_str()).collect();
        values.len() > 1
    });
    event.earlier_titles.clear();
    event
}

/// Does a date (any precision) reach into or after `bound`? `2025-06` is after `2025-06-15`
/// in the sense that part of it is.
fn date_at_or_after(date: &str, bound: &str) -> bool {
    let n = date.len().min(bound.len());
    date[..n] >= bound[..n]
}

fn date_at_or_before(date: &str, bound: &str) -> bool {
    let n = date.len().min(bound.len());
    date[..n] <= bound[..n]
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Months between two dates' starts (any precision), for compressing empty stretches.
pub fn months_between(a: &str, b: &str) -> i32 {
    let ym = |d: &str| {
        let mut it = d.split('-');
        let y: i32 = it.next().and_then(|y| y.parse().ok()).unwrap_or(0);
        let m: i32 = it.next().and_then(|m| m.parse().ok()).unwrap_or(1);
        y * 12 + m - 1
    };
    ym(b) - ym(a)
}

/// The label of a gap of `months` between two groups of events, when it is worth showing.
pub fn gap_label(months: i32) -> Option<String> {
    match months {
        m if m < 2 => None,
        m if m < 12 => Some(format!("{m} months later")),
        m => {
            let (y, r) = (m / 12, m % 12);
            let years = if y == 1 {
                "1 year".to_string()
            } else {
                format!("{y} years")
            };
            Some(if r == 0 {
                format!("{years} later")
            } else {
                format!("{years}, {r} months later")
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six events on six days, scored 1, 5, 2, 4, 0.5 and 3.
    fn scored_events() -> Vec<Event> {
        let base = bundle().events[0].clone();
        (0..6)
            .map(|i| Event {
                id: format!("e{i}"),
                date: format!("2025-05-0{}", i + 1),
                score: [1.0, 5.0, 2.0, 4.0, 0.5, 3.0][i],
                ..base.clone()
            })
            .collect()
    }

    #[test]
    fn a_page_of_events_holds_the_most_reported_in_date_order() {
        let events = scored_events();
        let got = most_reported(events.clone(), 3);
        assert_eq!(ids(&got), ["e1", "e3", "e5"]);
        assert_eq!(most_reported(events, 10).len(), 6);
    }

    #[test]
    fn an_entity_page_opens_on_its_best_scored_events() {
        let events = scored_events();
        assert_eq!(ids(&key_events(&events, 3)), ["e1", "e3", "e5"]);
        assert!(key_events(&events, 6).is_empty());
    }

    #[test]
    fn articles_come_a_page_at_a_time_grouped_by_month() {
        let mut days: Vec<Option<&str>> = Vec::new();
        days.extend(std::iter::repeat_n(Some("2025-06-02"), 30));
        days.extend(std::iter::repeat_n(Some("2025-05-16"), 40));
        days.extend(std::iter::repeat_n(None, 5));
        let (first, pages) = article_page(&days, 1);
        assert_eq!(pages, 2);
        let heads: Vec<(&str, usize)> = first.iter().map(|(h, v)| (h.as_str(), v.len())).collect();
        assert_eq!(heads, [("June 2025", 30), ("May 2025", 20)]);
        let (second, _) = article_page(&days, 2);
        let heads: Vec<(&str, usize)> = second.iter().map(|(h, v)| (h.as_str(), v.len())).collect();
        assert_eq!(heads, [("May 2025", 20), ("Date unknown", 5)]);
        assert_eq!(second[0].1[0], 50);
        // Past the last page: the last; an empty list: one empty page.
        assert_eq!(article_page(&days, 9).0, second);
        assert_eq!(article_page(&[], 1), (vec![], 1));
    }
    use storyline_model::{Article, EarlierTitle, Mention};

    #[test]
    fn dates_are_shown_at_their_precision() {
        assert_eq!(human_date("2025"), "2025");
        assert_eq!(human_date("2025-06"), "June 2025");
        assert_eq!(human_date("2025-06-02"), "June 2, 2025");
        assert_eq!(human_date("2025-13"), "2025-13");
    }

    #[test]
    fn gaps_are_labelled_in_months_and_years() {
        assert_eq!(months_between("2022-03", "2025-05-16"), 38);
        assert_eq!(gap_label(38).as_deref(), Some("3 years, 2 months later"));
        assert_eq!(gap_label(1), None);
        assert_eq!(gap_label(12).as_deref(), Some("1 year later"));
    }

    fn bundle() -> Bundle {
        let art = |id: &str, publ: &str, date: &str| Article {
            id: id.into(),
            source_file: format!("{id}.txt"),
            title: id.into(),
            published: Some(date.into()),
            publisher: Some(publ.into()),
            url: None,
            author: None,
            paragraphs: vec!["x.".into()],
            provenance: vec![],
            duplicates: vec![],
            set_aside: None,
        };
        let mention = |a: &str| Mention {
            article: a.into(),
            text: "x.".into(),
            sentence: 0,
            date_text: String::new(),
            date_start: 0,
            date_end: 0,
            anchor: None,
            rule: String::new(),
            date: String::new(),
        };
        let mut b = Bundle::new(vec![
            art("a", "EU Insider", "2025-05-29"),
            art("b", "Freelanews", "2025-06-02"),
        ]);
        let event = |id: &str, date: &str, score: f64, ms: &[&str], ents: &[&str]| Event {
            id: id.into(),
            date: date.into(),
            title: id.into(),
            score,
            mentions: ms.iter().map(|a| mention(a)).collect(),
            first_reported: None,
            future: false,
            entities: ents.iter().map(|s| s.to_string()).collect(),
            discrepancies: vec![],
            earlier_titles: vec![],
        };
        b.events = vec![
            event("invasion", "2022-02", 1.0, &["a"], &["russia"]),
            event("first-round", "2025-05-16", 5.0, &["a", "b"], &["istanbul"]),
            event("second-round", "2025-06-02", 4.0, &["b"], &["istanbul"]),
        ];
        b
    }

    fn ids(events: &[Event]) -> Vec<&str> {
        events.iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn filters_by_outlet_entity_and_date_range() {
        let b = bundle();
        let f = TimelineFilter {
            outlet: Some("Freelanews".into()),
            ..Default::default()
        };
        assert_eq!(ids(&f.apply(&b)), ["first-round", "second-round"]);
        assert_eq!(
            f.apply(&b)[0].mentions.len(),
            1,
            "mentions of other outlets are dropped"
        );
        let f = TimelineFilter {
            entity: Some("istanbul".into()),
            ..Default::default()
        };
        assert_eq!(ids(&f.apply(&b)), ["first-round", "second-round"]);
        let f = TimelineFilter {
            from: Some("2025-05".into()),
            to: Some("2025-05-31".into()),
            ..Default::default()
        };
        assert_eq!(ids(&f.apply(&b)), ["first-round"]);
        let f = TimelineFilter {
            to: Some("2022".into()),
            ..Default::default()
        };
        assert_eq!(ids(&f.apply(&b)), ["invasion"]);
    }

    #[test]
    fn as_of_uses_only_articles_published_by_then() {
        let b = bundle();
        let f = TimelineFilter {
            as_of: Some("2025-05-30".into()),
            ..Default::default()
        };
        assert_eq!(ids(&f.apply(&b)), ["invasion", "first-round"]);
    }

    #[test]
    fn as_of_shows_the_event_as_it_stood_then() {
        let mut b = bundle();
        let side = |value: &str, article: &str| DiscrepancySide {
            value: value.into(),
            article: article.into(),
            quote: "x.".into(),
        };
        let talks = &mut b.events[2];
        talks.mentions.insert(0, talks.mentions[0].clone());
        talks.mentions[0].article = "a".into();
        // "a", published on May 29, gives the talks' day: a report, though written before.
        talks.mentions[0].date = talks.date.clone();
        talks.title = "Talks held in Istanbul".into();
        talks.first_reported = Some("a".into());
        talks.earlier_titles = vec![
            EarlierTitle {
                from: "2025-05-29".into(),
                title: "Talks set for June 2".into(),
            },
            EarlierTitle {
                from: "2025-06-02".into(),
                title: "Talks held in Istanbul".into(),
            },
        ];
        talks.discrepancies = vec![Discrepancy {
            kind: "number".into(),
            sides: vec![side("12", "a"), side("13", "b")],
        }];

        let on = |day: &str| {
            let f = TimelineFilter {
                as_of: Some(day.into()),
                ..Default::default()
            };
            f.apply(&b)
                .into_iter()
                .find(|e| e.id == "second-round")
                .unwrap()
        };
        let before = on("2025-05-30");
        assert_eq!(before.title, "Talks set for June 2");
        assert!(before.future, "on May 30 the June 2 talks were still ahead");
        assert!(
            before.discrepancies.is_empty(),
            "one side is not written yet"
        );
        assert_eq!(before.first_reported.as_deref(), Some("a"));
        let after = on("2025-06-02");
        assert_eq!(after.title, "Talks held in Istanbul");
        assert!(!after.future, "reported on the day");
        assert_eq!(after.discrepancies.len(), 1);

        // With an outlet filter too, the disagreement (and the first outlet) are still
        // those of every outlet's articles published by then.
        let f = TimelineFilter {
            as_of: Some("2025-06-02".into()),
            outlet: Some("Freelanews".into()),
            ..Default::default()
        };
        let one = f
            .apply(&b)
            .into_iter()
            .find(|e| e.id == "second-round")
            .unwrap();
        assert_eq!(one.mentions.len(), 1);
        assert_eq!(one.discrepancies.len(), 1);
        assert_eq!(one.first_reported.as_deref(), Some("a"));

        // Without "as known on" the event is the bundle's.
        let all = TimelineFilter::default().apply(&b);
        assert_eq!(all[2], b.events[2]);
    }

    #[test]
    fn highlights_spread_over_sub_stories_and_time() {
        let mut b = bundle();
        let base = b.events[0].clone();
        b.events.clear();
        // A big sub-story reported day after day, and a smaller one a month later.
        for i in 0..15 {
            let mut e = base.clone();
            e.id = format!("big-{i:02}");
            e.date = format!("2025-05-{:02}", i + 1);
            e.score = 10.0 - i as f64 * 0.1;
            e.entities = vec!["oil".into(), "rig".into()];
            b.events.push(e);
        }
        for i in 0..5 {
            let mut e = base.clone();
            e.id = format!("small-{i}");
            e.date = format!("2025-06-{:02}", 10 + i * 8);
            e.score = 4.0;
            e.entities = vec!["quake".into()];
            b.events.push(e);
        }
        let f = TimelineFilter {
            highlights: true,
            ..Default::default()
        };
        let events = f.apply(&b);
        let got = ids(&events);
        assert_eq!(got.len(), HIGHLIGHTS);
        let small = got.iter().filter(|id| id.starts_with("small")).count();
        assert!(small >= 3, "{got:?}");
        // The best event of all is always there.
        assert!(got.contains(&"big-00"), "{got:?}");
    }

    #[test]
    fn highlights_keep_the_top_events_in_date_order() {
        let mut b = bundle();
        for i in 0..20 {
            let mut e = b.events[0].clone();
            e.id = format!("minor-{i:02}");
            e.score = 0.5;
            b.events.push(e);
        }
        let f = TimelineFilter {
            highlights: true,
            ..Default::default()
        };
        let got = f.apply(&b);
        assert_eq!(got.len(), HIGHLIGHTS);
        assert_eq!(ids(&got)[..3], ["invasion", "first-round", "second-round"]);
    }

    #[test]
    fn filter_rows_show_the_top_choices_and_the_selected_one() {
        let counts: std::collections::BTreeMap<String, usize> =
            [("a", 1), ("b", 5), ("c", 5), ("d", 2), ("e", 0)]
                .into_iter()
                .map(|(k, n)| (k.to_string(), n))
                .collect();
        assert_eq!(
            top_choices(&counts, None, 3),
            (vec!["b".into(), "c".into(), "d".into()], 2)
        );
        assert_eq!(
            top_choices(&counts, Some("e"), 3),
            (vec!["b".into(), "c".into(), "d".into(), "e".into()], 1)
        );
        assert_eq!(top_choices(&counts, Some("c"), 3).1, 2);
        assert_eq!(
            top_choices(&counts, Some("zz"), 3).0.len(),
            3,
            "unknown values are not invented"
        );
        assert_eq!(top_choices(&counts, None, 12).1, 0);
    }

    #[test]
    fn disagreements_group_their_sides_by_value() {
        let side = |value: &str, article: &str| DiscrepancySide {
            value: value.into(),
            article: article.into(),
            quote: format!("{article} quote"),
        };
        let d = Discrepancy {
            kind: "date".into(),
            sides: vec![
                side("2010-04-21", "a"),
                side("2010-04-20", "b"),
                side("2010-04-20", "c"),
                side("2010-04-22", "d"),
                side("2010-04-20", "e"),
            ],
        };
        let groups: Vec<(&str, Vec<&str>)> = sides_by_value(&d)
            .into_iter()
            .map(|(v, sides)| (v, sides.iter().map(|s| s.article.as_str()).collect()))
            .collect();
        assert_eq!(
            groups,
            [
                ("2010-04-20", vec!["b", "c", "e"]),
                ("2010-04-21", vec!["a"]),
                ("2010-04-22", vec!["d"]),
            ]
        );
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            who_says(names(&["EU Insider"])),
            ("EU Insider".into(), " says ")
        );
        assert_eq!(
            who_says(names(&["A", "A"])),
            ("A".into(), " says "),
            "one outlet, two articles"
        );
        assert_eq!(
            who_says(names(&["A", "B", "C"])),
            ("A, B, C".into(), " say ")
        );
        assert_eq!(
            who_says(names(&["A", "B", "C", "D", "E"])),
            ("A, B and 3 more outlets".into(), " say ")
        );
    }

    #[test]
    fn query_strings_are_stable_and_encoded() {
        let f = TimelineFilter {
            outlet: Some("EU Insider".into()),
            highlights: true,
            ..Default::default()
        };
        assert_eq!(f.query(), "outlet=EU+Insider&view=highlights");
        assert_eq!(encode("a&b=c/ü"), "a%26b%3Dc%2F%C3%BC");
    }
}
