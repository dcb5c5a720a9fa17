//! Keeps shared links alive across rebuilds: maps event ids of a previous build to this one's.

use std::collections::{BTreeMap, BTreeSet};
use storyline_model::Bundle;

/// For every event id of `previous` that `current` no longer has, the current event that
/// carries most of its quoted sentences (same article and sentence), if any shares one;
/// failing that, the current event of the same date whose title shares most words.
/// Redirects the previous build already had are carried over, re-pointed to current ids.
pub fn carry_over(previous: &Bundle, current: &Bundle) -> BTreeMap<String, String> {
    let current_ids: BTreeSet<&str> = current.events.iter().map(|e| e.id.as_str()).collect();
    let cited = |e: &storyline_model::Event| -> BTreeSet<(String, usize)> {
        e.mentions
            .iter()
            .map(|m| (m.article.clone(), m.sentence))
            .collect()
    };
    let words = |t: &str| -> BTreeSet<String> {
        storyline_model::text::tokenize(t)
            .into_iter()
            .map(|t| t.term)
            .filter(|t| t.len() > 3)
            .collect()
    };
    let mut map = BTreeMap::new();
    for old in &previous.events {
        if current_ids.contains(old.id.as_str()) {
            continue;
        }
        let old_cited = cited(old);
        let best = current
            .events
            .iter()
            .map(|e| (cited(e).intersection(&old_cited).count(), e))
            .filter(|(n, _)| *n > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.id.cmp(&a.1.id)))
            .map(|(_, e)| e.id.clone())
            .or_else(|| {
                let old_words = words(&old.title);
                current
                    .events
                    .iter()
                    .filter(|e| e.date == old.date)
                    .map(|e| (words(&e.title).intersection(&old_words).count(), e))
                    .filter(|(n, _)| *n >= 2)
                    .max_by(|a, b| a.0.cmp(&b.0).then(b.1.id.cmp(&a.1.id)))
                    .map(|(_, e)| e.id.clone())
            });
        if let Some(new) = best {
            map.insert(old.id.clone(), new);
        }
    }
    // Older redirects: follow them to wherever their target went.
    for (older, via) in &previous.redirects {
        let target = if current_ids.contains(via.as_str()) {
            Some(via.clone())
        } else {
            map.get(via).cloned()
        };
        if let Some(t) = target {
            if !current_ids.contains(older.as_str()) {
                map.entry(older.clone()).or_insert(t);
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{Event, Mention};

    fn event(id: &str, date: &str, title: &str, cites: &[(&str, usize)]) -> Event {
        Event {
            id: id.into(),
            date: date.into(),
            title: title.into(),
            score: 1.0,
            mentions: cites
                .iter()
                .map(|(a, s)| Mention {
                    article: a.to_string(),
                    text: String::new(),
                    sentence: *s,
                    date_text: String::new(),
                    date_start: 0,
                    date_end: 0,
                    anchor: None,
                    rule: String::new(),
                    date: date.into(),
                })
                .collect(),
            first_reported: None,
            future: false,
            entities: vec![],
            discrepancies: vec![],
            earlier_titles: vec![],
        }
    }

    fn bundle(events: Vec<Event>) -> Bundle {
        let mut b = Bundle::new(vec![]);
        b.events = events;
        b
    }

    #[test]
    fn renamed_and_merged_events_point_to_their_successor() {
        let prev = bundle(vec![
            event(
                "2025-05-16-talks",
                "2025-05-16",
                "Talks in Istanbul",
                &[("a", 1)],
            ),
            event(
                "2025-05-16-swap",
                "2025-05-16",
                "Prisoner swap agreed",
                &[("b", 4)],
            ),
            event("kept", "2025-06-02", "Second round", &[("a", 7)]),
            event("gone", "2020", "Unrelated", &[("z", 0)]),
        ]);
        let cur = bundle(vec![
            event(
                "2025-05-16-talks-swap",
                "2025-05-16",
                "Talks and swap",
                &[("a", 1), ("b", 4), ("c", 2)],
            ),
            event("kept", "2025-06-02", "Second round", &[("a", 7)]),
        ]);
        let map = carry_over(&prev, &cur);
        assert_eq!(
            map.get("2025-05-16-talks").map(String::as_str),
            Some("2025-05-16-talks-swap")
        );
        assert_eq!(
            map.get("2025-05-16-swap").map(String::as_str),
            Some("2025-05-16-talks-swap")
        );
        assert!(!map.contains_key("kept"));
        assert!(
            !map.contains_key("gone"),
            "no successor, no redirect: the link shows not-found"
        );
    }

    #[test]
    fn redirect_chains_are_followed() {
        let mut prev = bundle(vec![event("b", "2025", "B event here", &[("a", 1)])]);
        prev.redirects.insert("a".into(), "b".into());
        let cur = bundle(vec![event("c", "2025", "C event here", &[("a", 1)])]);
        let map = carry_over(&prev, &cur);
        assert_eq!(map.get("b").map(String::as_str), Some("c"));
        assert_eq!(map.get("a").map(String::as_str), Some("c"));
    }
}
