//! Events on the real sample corpus: merged rounds of talks, the disputed proposal date,
//! no teasers, stable ids.

use std::path::Path;
use storyline_model::{Bundle, Event};

fn bundle_of(shuffle: bool) -> Bundle {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-talks");
    let mut corpus = storyline::ingest::read_corpus(&root).expect("sample corpus");
    if shuffle {
        corpus.files.reverse();
        let n = corpus.files.len();
        corpus.files.swap(0, n / 2);
    }
    storyline::build_bundle(&corpus).0
}

fn outlets(e: &Event) -> usize {
    let mut a: Vec<&str> = e.mentions.iter().map(|m| m.article.as_str()).collect();
    a.sort();
    a.dedup();
    a.len()
}

fn on<'a>(b: &'a Bundle, date: &str) -> Vec<&'a Event> {
    b.events.iter().filter(|e| e.date == date).collect()
}

#[test]
fn the_first_round_on_may_16_is_one_event_from_four_outlets() {
    let b = bundle_of(false);
    let best = on(&b, "2025-05-16")
        .into_iter()
        .map(outlets)
        .max()
        .unwrap_or(0);
    assert!(best >= 4, "May 16: {:#?}", on(&b, "2025-05-16"));
}

#[test]
fn the_second_round_on_june_2_is_one_event_from_four_outlets() {
    let b = bundle_of(false);
    let talks: Vec<&Event> = on(&b, "2025-06-02")
        .into_iter()
        .filter(|e| e.mentions.iter().any(|m| m.text.contains("round")))
        .collect();
    assert_eq!(talks.len(), 1, "{talks:#?}");
    assert!(outlets(talks[0]) >= 4);
}

#[test]
fn the_proposal_carries_its_disputed_date_with_both_quotes() {
    let b = bundle_of(false);
    let disputed: Vec<_> = b
        .events
        .iter()
        .flat_map(|e| e.discrepancies.iter().map(move |d| (e, d)))
        .filter(|(_, d)| d.kind == "date")
        .collect();
    let (e, d) = disputed
        .iter()
        .find(|(e, _)| e.date == "2025-05-28" || e.date == "2025-05-29")
        .expect("a date discrepancy on the proposal");
    let values: Vec<&str> = d.sides.iter().map(|s| s.value.as_str()).collect();
    assert!(
        values.contains(&"2025-05-28") && values.contains(&"2025-05-29"),
        "{values:?}"
    );
    for s in &d.sides {
        assert!(
            s.quote.contains("propos") || s.quote.contains("suggest"),
            "{}",
            s.quote
        );
        assert!(e
            .mentions
            .iter()
            .any(|m| m.text == s.quote && m.article == s.article));
    }
}

#[test]
fn states_teasers_and_boilerplate_are_not_events() {
    let b = bundle_of(false);
    for e in &b.events {
        for m in &e.mentions {
            for bad in [
                "drags into its third year",
                "Ngũgĩ",
                "Nigeria",
                "helicopter",
            ] {
                assert!(
                    !m.text.contains(bad),
                    "{bad:?} in event {}: {}",
                    e.id,
                    m.text
                );
            }
        }
    }
}

#[test]
fn mentions_point_at_their_sentence_and_date() {
    let b = bundle_of(false);
    assert!(!b.events.is_empty());
    for e in &b.events {
        assert!(!e.title.is_empty() && e.title.len() <= 95, "{}", e.title);
        assert!(e.first_reported.is_some());
        for m in &e.mentions {
            let a = b.article(&m.article).expect("mention's article");
            let (p, r) = a.sentences()[m.sentence].clone();
            assert_eq!(a.paragraphs[p][r].to_string(), m.text);
            assert_eq!(&m.text[m.date_start..m.date_end], m.date_text);
            assert!(m.date.starts_with(&e.date[..4]));
        }
    }
}

#[test]
fn events_are_sorted_by_date() {
    let b = bundle_of(false);
    let keys: Vec<(&str, &str)> = b
        .events
        .iter()
        .map(|e| (e.date.as_str(), e.id.as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn ids_do_not_depend_on_file_order() {
    let a = bundle_of(false);
    let b = bundle_of(true);
    let ids = |b: &Bundle| b.events.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    let mut u = ids(&a);
    u.sort();
    u.dedup();
    assert_eq!(u.len(), a.events.len(), "ids are unique");
}

#[test]
fn entities_list_their_events() {
    let b = bundle_of(false);
    let istanbul = b
        .entities
        .iter()
        .find(|e| e.name == "Istanbul")
        .expect("Istanbul");
    assert!(!istanbul.events.is_empty());
    for id in &istanbul.events {
        let e = b.event(id).expect("listed event exists");
        assert!(e.entities.contains(&istanbul.id));
    }
}
