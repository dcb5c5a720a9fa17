//! Keeps shared links alive across rebuilds: maps event and entity ids of a previous build
//! to this one's.

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
    follow_older(&previous.redirects, &current_ids, &mut map);
    map
}

/// For every entity id of `previous` that `current` no longer has (its name changed: the
/// usual spelling of a name shifts as articles are added), the current entity of the same
/// kind that goes by one of its names (its name or an alias, case folded); among several,
/// the one sharing most articles with it, then the first by id. An entity that is gone
/// gets none. Older entity redirects are carried over, re-pointed to current ids.
pub fn carry_over_entities(previous: &Bundle, current: &Bundle) -> BTreeMap<String, String> {
    let current_ids: BTreeSet<&str> = current.entities.iter().map(|e| e.id.as_str()).collect();
    let names = |e: &storyline_model::Entity| -> BTreeSet<String> {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| n.to_lowercase())
            .collect()
    };
    // Every current entity under each of its names, looked up once per gone entity.
    let mut by_name: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, e) in current.entities.iter().enumerate() {
        for n in names(e) {
            by_name.entry(n).or_default().insert(i);
        }
    }
    let mut map = BTreeMap::new();
    for old in &previous.entities {
        if current_ids.contains(old.id.as_str()) {
            continue;
        }
        let old_articles: BTreeSet<&String> = old.articles.iter().collect();
        let candidates: BTreeSet<usize> = names(old)
            .iter()
            .filter_map(|n| by_name.get(n))
            .flatten()
            .copied()
            .collect();
        let best = candidates
            .into_iter()
            .map(|i| &current.entities[i])
            .filter(|e| e.kind == old.kind)
            .map(|e| {
                let shared = e
                    .articles
                    .iter()
                    .filter(|a| old_articles.contains(a))
                    .count();
                (shared, e)
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.id.cmp(&a.1.id)));
        if let Some((_, e)) = best {
            map.insert(old.id.clone(), e.id.clone());
        }
    }
    follow_older(&previous.entity_redirects, &current_ids, &mut map);
    map
}

/// Redirects of the previous build, followed to wherever their target went.
fn follow_older(
    older: &BTreeMap<String, String>,
    current_ids: &BTreeSet<&str>,
    map: &mut BTreeMap<String, String>,
) {
    for (older, via) in older {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::{Entity, Event, Mention};

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

    fn entity(id: &str, name: &str, aliases: &[&str], articles: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind: "person".into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            articles: articles.iter().map(|a| a.to_string()).collect(),
            events: vec![],
        }
    }

    #[test]
    fn renamed_entities_point_to_the_one_going_by_their_name() {
        let mut prev = Bundle::new(vec![]);
        prev.entities = vec![
            // Renamed as more articles spelled it otherwise.
            entity(
                "volodymyr-zelensky",
                "Volodymyr Zelensky",
                &["Zelensky"],
                &["a", "b"],
            ),
            // Gone from the corpus.
            entity("john-doe", "John Doe", &[], &["c"]),
            // Unchanged.
            entity("vladimir-putin", "Vladimir Putin", &["Putin"], &["a"]),
        ];
        prev.entity_redirects = [
            ("zelensky".to_string(), "volodymyr-zelensky".to_string()),
            ("doe".to_string(), "john-doe".to_string()),
        ]
        .into();
        let mut cur = Bundle::new(vec![]);
        cur.entities = vec![
            entity(
                "volodymyr-zelenskyy",
                "Volodymyr Zelenskyy",
                &["Volodymyr Zelensky", "Zelenskyy"],
                &["a", "b", "d"],
            ),
            // Another person sharing a name form, with fewer of its articles.
            entity(
                "oleksandr-zelensky",
                "Oleksandr Zelensky",
                &["Zelensky"],
                &["d"],
            ),
            entity("vladimir-putin", "Vladimir Putin", &["Putin"], &["a"]),
        ];
        let map = carry_over_entities(&prev, &cur);
        assert_eq!(
            map,
            [
                (
                    "volodymyr-zelensky".to_string(),
                    "volodymyr-zelenskyy".to_string()
                ),
                ("zelensky".to_string(), "volodymyr-zelenskyy".to_string()),
            ]
            .into()
        );
        cur.entity_redirects = map;
        assert_eq!(
            cur.entity_redirect("zelensky").map(|e| e.name.as_str()),
            Some("Volodymyr Zelenskyy")
        );
        assert!(cur.entity_redirect("john-doe").is_none());
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
