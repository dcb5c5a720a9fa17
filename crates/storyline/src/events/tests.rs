//! Table-driven tests of event mentions, titles, scores and merging on plain data.

use super::mention::{candidates_in, stemmer};
use super::*;

fn d(s: &str) -> Option<jiff::civil::Date> {
    Some(s.parse().expect("test date"))
}

/// (sentence, anchor, the dates of its event mentions)
const MENTIONS: &[(&str, Option<&str>, &[&str])] = &[
    (
        "Following the initial round of talks in Istanbul on May 16, both Ukraine and Russia were expected to prepare memoranda outlining their respective positions.",
        Some("2025-05-29"),
        &["2025-05-16"],
    ),
    (
        "As the war drags into its third year, and with Western leaders growing increasingly vocal about the need for progress, the June 2 meeting could mark a critical moment in determining whether diplomatic channels remain viable.",
        Some("2025-05-29"),
        &[],
    ),
    (
        "Russia has formally proposed holding the next round of direct peace negotiations with Ukraine in Istanbul on June 2, Russian Foreign Minister Sergei Lavrov announced Wednesday.",
        Some("2025-05-29"),
        &["2025-06-02", "2025-05-28"],
    ),
    (
        "That meeting marked the first in-person contact between Russian and Ukrainian delegates since March 2022.",
        None,
        &[],
    ),
    ("Key Developments & Timeline", None, &[]),
    (
        "Ngũgĩ wa Thiong’o, Iconic Kenyan Author and Literary Giant, Dies at 87",
        Some("2025-05-29"),
        &[],
    ),
    (
        "NAIROBI, Kenya — On May 28, 2025, the legendary Kenyan author died...",
        None,
        &[],
    ),
    (
        "Russia and Ukraine hold a second round of peace talks in Istanbul amid overnight air attacks.",
        Some("2025-06-02"),
        &[],
    ),
    (
        "The ongoing war continues to see intense fighting in 2025.",
        None,
        &[],
    ),
    (
        "Earlier on Monday , BP pledged $ 500m to study the spill 's impact on the environment .",
        Some("2010-05-24"),
        &["2010-05-24"],
    ),
    (
        "The talks will take place in Geneva on March 3, the ministry said.",
        None,
        &[],
    ),
    (
        "The talks will take place in Geneva on March 3, 2021, the ministry announced.",
        None,
        &["2021-03-03"],
    ),
];

#[test]
fn mentions_table() {
    let stem = stemmer();
    let mut failures = Vec::new();
    for (text, anchor, want) in MENTIONS {
        let got: Vec<String> = candidates_in(0, 0, text, anchor.and_then(d), &stem)
            .iter()
            .map(|c| c.date.iso())
            .collect();
        if got != *want {
            failures.push(format!("{text:?}\n   want {want:?}\n    got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn article(id: &str, published: Option<&str>, paragraphs: &[&str]) -> Article {
    Article {
        id: id.into(),
        source_file: format!("{id}.txt"),
        title: id.into(),
        published: published.map(String::from),
        publisher: None,
        url: None,
        author: None,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        provenance: vec![],
        duplicates: vec![],
    }
}

fn events_of(articles: &[Article]) -> Vec<Event> {
    extract(articles, &crate::entities::extract(articles))
}

#[test]
fn titles_drop_bullets_dates_datelines_and_connectives() {
    let stem = stemmer();
    let cases: &[(&str, &str)] = &[
        (
            "- May 16, 2025: Direct talks resumed in Istanbul, resulting in a prisoner swap; however, no ceasefire was agreed.",
            "Direct talks resumed in Istanbul, resulting in a prisoner swap",
        ),
        (
            "On May 29, 2025, Russia proposed new talks with Ukraine in Istanbul.",
            "Russia proposed new talks with Ukraine in Istanbul",
        ),
        (
            "Meanwhile, on May 28, 2025, the United Nations released a report on drone attacks.",
            "On May 28, 2025, the United Nations released a report on drone attacks",
        ),
        (
            "MOSCOW — Russia proposed talks in Istanbul on June 2, Lavrov announced.",
            "Russia proposed talks in Istanbul on June 2, Lavrov announced",
        ),
        (
            "On June 2, 2025, the delegations of Russia and Ukraine met in the Ciragan palace in Istanbul for a second round of direct peace talks.",
            "The delegations of Russia and Ukraine met in the Ciragan palace in Istanbul for a second…",
        ),
    ];
    for (text, want) in cases {
        let c = &candidates_in(0, 0, text, d("2025-06-02"), &stem)[0];
        assert_eq!(describe::title_of(c), *want, "{text}");
    }
}

#[test]
fn score_puts_outlets_first() {
    // (date, outlets, mentions, first sentences) pairs: left must outscore right.
    let s = describe::score;
    assert!(s("2025-06-02", 3, 3, &[9, 9, 9]) > s("2025-06-02", 2, 20, &[0, 0]));
    assert!(s("2025-06-02", 2, 4, &[5, 5]) > s("2025-06-02", 2, 2, &[5, 5]));
    assert!(s("2025-06-02", 2, 2, &[0, 1]) > s("2025-06-02", 2, 2, &[20, 30]));
    assert!(s("2025-06-02", 2, 2, &[0, 1]) > s("2025-06", 2, 2, &[0, 1]));
    assert!(s("2025-06", 2, 2, &[0, 1]) > s("2025", 2, 2, &[0, 1]));
}

#[test]
fn same_day_reports_merge_and_different_events_do_not() {
    let arts = [
        article(
            "a",
            Some("2025-06-02"),
            &["Russia and Ukraine held a second round of peace talks in Istanbul on Monday. Russian drones struck a power plant in Kharkiv on Monday."],
        ),
        article(
            "b",
            Some("2025-06-03"),
            &["The second round of peace talks between Russia and Ukraine took place in Istanbul on June 2, 2025."],
        ),
    ];
    let ev = events_of(&arts);
    let talks: Vec<&Event> = ev
        .iter()
        .filter(|e| e.mentions.iter().any(|m| m.text.contains("talks")))
        .collect();
    assert_eq!(talks.len(), 1, "{ev:#?}");
    assert_eq!(talks[0].date, "2025-06-02");
    assert_eq!(talks[0].mentions.len(), 2);
    assert_eq!(talks[0].first_reported.as_deref(), Some("a"));
    assert!(!talks[0].future);
    assert!(ev
        .iter()
        .any(|e| e.mentions.iter().any(|m| m.text.contains("Kharkiv")) && e.mentions.len() == 1));
}

#[test]
fn disputed_dates_and_numbers_become_discrepancies() {
    let arts = [
        article(
            "a",
            None,
            &["On May 29, 2025, a missile strike killed 13 civilians in the Ukrainian city of Sumy, officials said."],
        ),
        article(
            "b",
            None,
            &["On May 28, 2025, a missile strike killed 12 civilians in the Ukrainian city of Sumy, officials said."],
        ),
    ];
    let ev = events_of(&arts);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let kinds: Vec<&str> = ev[0]
        .discrepancies
        .iter()
        .map(|d| d.kind.as_str())
        .collect();
    assert_eq!(kinds, ["date", "number"]);
    assert_eq!(ev[0].discrepancies[1].sides.len(), 2);
}

#[test]
fn scheduled_events_are_future_and_undated_corpora_keep_absolute_dates_only() {
    let arts = [article(
        "a",
        Some("2025-05-29"),
        &["Russia proposed that the delegations will meet in Istanbul on June 2."],
    )];
    let ev = events_of(&arts);
    assert_eq!(ev.len(), 1);
    assert!(ev[0].future);
    let undated = [article(
        "a",
        None,
        &["The delegations met in Istanbul on Monday, officials announced."],
    )];
    assert!(events_of(&undated).is_empty());
}

/// The cosine of `BTreeMap<String, f64>` vectors that [`merge::Sparse`] replaced, kept
/// as the reference: the sparse one must give the same bits.
fn map_cosine(a: &BTreeMap<String, f64>, b: &BTreeMap<String, f64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small
        .iter()
        .filter_map(|(k, w)| large.get(k).map(|v| w * v))
        .sum();
    let na: f64 = a.values().map(|w| w * w).sum::<f64>().sqrt();
    let nb: f64 = b.values().map(|w| w * w).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

fn sparse_of(m: &BTreeMap<String, f64>, vocab: &[String]) -> merge::Sparse {
    merge::Sparse::new(
        m.iter()
            .map(|(k, w)| (vocab.binary_search(k).expect("in vocab") as u32, *w))
            .collect(),
    )
}

proptest::proptest! {
    #[test]
    fn sparse_cosine_is_bitwise_the_map_cosine(
        a in proptest::collection::btree_map("[a-f]{1,3}", 0.001f64..5.0, 0..40),
        b in proptest::collection::btree_map("[a-f]{1,3}", 0.001f64..5.0, 0..40),
        c in proptest::collection::btree_map("[a-f]{1,3}", 0.001f64..5.0, 0..6),
    ) {
        let mut vocab: Vec<String> = a.keys().chain(b.keys()).chain(c.keys()).cloned().collect();
        vocab.sort();
        vocab.dedup();
        let (sa, sb, sc) = (sparse_of(&a, &vocab), sparse_of(&b, &vocab), sparse_of(&c, &vocab));
        proptest::prop_assert_eq!(merge::cosine(&sa, &sb).to_bits(), map_cosine(&a, &b).to_bits());
        proptest::prop_assert_eq!(merge::cosine(&sc, &sa).to_bits(), map_cosine(&c, &a).to_bits());
        // Adding vectors, as clusters grow.
        let mut ab = a.clone();
        for (k, w) in &b {
            *ab.entry(k.clone()).or_default() += w;
        }
        let mut sab = sa.clone();
        sab.add(&sb);
        proptest::prop_assert_eq!(&sab, &sparse_of(&ab, &vocab));
        proptest::prop_assert_eq!(merge::cosine(&sab, &sc).to_bits(), map_cosine(&ab, &c).to_bits());
        proptest::prop_assert_eq!(merge::cosine(&sc, &sab).to_bits(), map_cosine(&c, &ab).to_bits());
    }
}
