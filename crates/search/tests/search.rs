//! End-to-end tests of the search engine on a hand-built bundle of real Istanbul-talks sentences.

use storyline_model::{Article, Bundle, Entity, Event, Mention};
use storyline_search::{build_index, Filters, HitKind, SearchError, SearchIndex, SearchResults};

fn article(id: &str, outlet: &str, date: &str, title: &str, paragraphs: &[&str]) -> Article {
    Article {
        id: id.into(),
        source_file: format!("{id}.txt"),
        title: title.into(),
        published: Some(date.into()),
        publisher: Some(outlet.into()),
        url: None,
        author: None,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        provenance: vec![],
        duplicates: vec![],
        set_aside: None,
    }
}

fn mention(article: &str, text: &str) -> Mention {
    Mention {
        article: article.into(),
        text: text.into(),
        sentence: 0,
        date_text: String::new(),
        date_start: 0,
        date_end: 0,
        anchor: None,
        rule: String::new(),
        date: String::new(),
    }
}

fn event(id: &str, date: &str, title: &str, mentions: Vec<Mention>, entities: &[&str]) -> Event {
    Event {
        id: id.into(),
        date: date.into(),
        title: title.into(),
        score: 1.0,
        mentions,
        first_reported: None,
        future: false,
        entities: entities.iter().map(|e| e.to_string()).collect(),
        discrepancies: vec![],
        earlier_titles: vec![],
    }
}

fn entity(id: &str, name: &str, aliases: &[&str], articles: &[&str], events: &[&str]) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind: "person".into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        articles: articles.iter().map(|a| a.to_string()).collect(),
        events: events.iter().map(|e| e.to_string()).collect(),
    }
}

fn bundle() -> Bundle {
    let mut b = Bundle::new(vec![
        article(
            "a0",
            "Outlet A",
            "2025-05-29",
            "Russia Proposes June Istanbul Peace Talks as Germany Boosts Military Aid",
            &["On May 29, 2025, Russia suggested a new round of direct peace talks with Ukraine in Istanbul on June 2, accompanied by a peace memorandum addressing the conflict’s root causes. Meanwhile, Germany committed an additional €5 billion in military aid and announced joint production of long-range weapons with Ukraine without range restrictions."],
        ),
        article(
            "a1",
            "Outlet B",
            "2025-06-02",
            "Russia, Ukraine resume peace talks in Istanbul amid escalating air attacks",
            &[
                "Ukraine’s primary demands for a peace agreement, as reiterated by President Volodymyr Zelenskyy, include a “full and unconditional ceasefire,” the release of all prisoners, and the return of abducted children.",
                "As their delegations arrived in Turkiye, Ukrainian officials were actively coordinating with European allies.",
            ],
        ),
        article(
            "a2",
            "Outlet C",
            "2025-05-29",
            "Ukraine and Russia headed for second round of peace talks in Istanbul",
            &[
                "Lavrov revealed that he had communicated with U.S. Secretary of State Marco Rubio, presenting Moscow’s \"specific proposals\" for the upcoming negotiations.",
                "Following the initial round of talks in Istanbul on May 16, both Ukraine and Russia were expected to prepare memoranda outlining their respective positions.",
            ],
        ),
        article(
            "a3",
            "Outlet A",
            "2025-05-30",
            "Russia proposes fresh round of Ukraine peace talks as Germany backs long-range missile production for Kyiv",
            &[
                "German Chancellor Friedrich Merz and Ukrainian President Volodymyr Zelensky walk together to a press conference after their talks at the Chancellery in Berlin, Germany, May 28, 2025.",
                "While Merz did not confirm whether Germany would provide its Taurus missile system, which is capable of striking targets 500km away, he said there were “no longer” any restrictions on the range of weapons.",
            ],
        ),
        article(
            "a4",
            "Outlet D",
            "2025-05-28",
            "Russia Proposes June 2 Peace Talks With Ukraine in Istanbul Amid Pressure to End War",
            &[
                "Moscow has so far refused to agree to an immediate ceasefire, asserting that specific conditions must be met before any truce can take effect.",
                "Earlier on Wednesday, Vladimir Medinsky, head of Russia’s negotiating delegation, said he had reached out to Ukrainian Defense Minister Rustem Umerov with a formal proposal for both the date and venue of the next meeting.",
            ],
        ),
    ]);
    b.events = vec![
        event(
            "e-talks",
            "2025-06-02",
            "Russia and Ukraine hold a second round of peace talks in Istanbul",
            vec![
                mention("a0", "Russia suggested a new round of direct peace talks with Ukraine in Istanbul on June 2."),
                mention("a1", "Russia and Ukraine have commenced a second round of direct peace talks in Istanbul today."),
                mention("a2", "Russia has proposed a new round of direct talks with Ukraine, set to take place in Istanbul next Monday."),
                mention("a4", "Russia has formally proposed holding the next round of direct peace negotiations with Ukraine in Istanbul on June 2."),
            ],
            &["istanbul"],
        ),
        event(
            "e-first",
            "2025-05-16",
            "First round of talks in Istanbul",
            vec![mention("a2", "Following the initial round of talks in Istanbul on May 16, both Ukraine and Russia were expected to prepare memoranda.")],
            &["istanbul"],
        ),
        event(
            "e-berlin",
            "2025-05",
            "Merz and Zelensky meet in Berlin",
            vec![mention("a3", "German Chancellor Friedrich Merz and Ukrainian President Volodymyr Zelensky walk together to a press conference.")],
            &["zelenskyy"],
        ),
    ];
    b.entities = vec![
        entity(
            "zelenskyy",
            "Volodymyr Zelenskyy",
            &["Zelensky", "Zelenskiy"],
            &["a1", "a3"],
            &["e-berlin"],
        ),
        entity("medinsky", "Vladimir Medinsky", &[], &["a4"], &[]),
        entity("turkiye", "Türkiye", &["Turkey"], &["a1"], &[]),
        entity(
            "istanbul",
            "Istanbul",
            &[],
            &["a0", "a1", "a2", "a4"],
            &["e-talks", "e-first"],
        ),
    ];
    // As the pipeline writes them.
    b.entities.sort_by(|x, y| x.id.cmp(&y.id));
    b
}

struct Fixture {
    bundle: Bundle,
    index: SearchIndex,
}

impl Fixture {
    fn new() -> Self {
        let bundle = bundle();
        let index = build_index(&bundle);
        Fixture { bundle, index }
    }

    fn run(&self, q: &str, f: &Filters) -> SearchResults {
        self.index.search(&self.bundle, q, f, 10)
    }

    fn ids(&self, q: &str, kind: HitKind) -> Vec<String> {
        let mut ids: Vec<String> = self
            .run(q, &Filters::default())
            .hits
            .into_iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.id)
            .collect();
        ids.sort();
        ids
    }

    fn articles(&self, q: &str) -> Vec<String> {
        self.ids(q, HitKind::Article)
    }
}

#[test]
fn all_words_must_match() {
    let f = Fixture::new();
    assert_eq!(
        f.articles("peace talks istanbul "),
        ["a0", "a1", "a2", "a4"]
    );
    assert_eq!(f.articles("Rubio memoranda "), ["a2"]);
    assert!(!f.run("Rubio memoranda ", &Filters::default()).any_word);
}

#[test]
fn falls_back_to_any_word_when_none_has_all() {
    let f = Fixture::new();
    let r = f.run("Rubio Medinsky ", &Filters::default());
    assert!(r.any_word);
    let mut ids: Vec<_> = r
        .hits
        .iter()
        .filter(|h| h.kind == HitKind::Article)
        .map(|h| h.id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["a2", "a4"]);
}

#[test]
fn exact_phrase() {
    let f = Fixture::new();
    assert_eq!(f.articles("\"peace talks in Istanbul\""), ["a1", "a2"]);
    // The same words, not as a phrase, match more.
    assert!(f.articles("peace talks in Istanbul ").len() > 2);
    assert!(f.articles("\"Istanbul peace in talks\"").is_empty());
}

#[test]
fn excluded_words_and_phrases() {
    let f = Fixture::new();
    assert_eq!(f.articles("peace talks -Germany"), ["a1", "a2", "a4"]);
    assert_eq!(
        f.articles("peace talks -\"second round\" "),
        ["a0", "a1", "a3", "a4"]
    );
    assert_eq!(f.articles("peace talks -Germany -ceasefire"), ["a2"]);
}

#[test]
fn prefix_on_the_last_word_while_typing() {
    let f = Fixture::new();
    assert_eq!(f.articles("Umer"), ["a4"]);
    assert!(
        f.articles("Umer ").is_empty(),
        "a finished word is not a prefix"
    );
    // A prefix longer than the stem ("negoti") still finds it.
    assert_eq!(f.articles("negotiati"), ["a2", "a4"]);
}

#[test]
fn typo_tolerance_by_word_length() {
    let f = Fixture::new();
    // 5 to 8 letters: one edit.
    assert_eq!(f.articles("Rubia "), ["a2"]);
    assert_eq!(f.articles("Istanbol "), ["a0", "a1", "a2", "a4"]);
    assert!(f.articles("Istembol ").is_empty(), "two edits on 8 letters");
    // 9 letters and more: two edits.
    assert_eq!(f.articles("memurandom "), ["a0"]);
    // Below 5 letters: none.
    assert!(f.articles("Marz ").is_empty());
    assert_eq!(f.articles("Merz "), ["a3"]);
}

#[test]
fn accent_and_case_folding() {
    let f = Fixture::new();
    assert_eq!(f.articles("Türkiye "), ["a1"]);
    assert_eq!(f.articles("TURKIYE "), ["a1"]);
    assert_eq!(f.ids("turkiye ", HitKind::Entity), ["turkiye"]);
}

#[test]
fn english_stemming() {
    let f = Fixture::new();
    assert_eq!(f.articles("talk "), f.articles("talks "));
    assert_eq!(f.articles("negotiate "), ["a2", "a4"]);
    assert_eq!(f.articles("proposal "), f.articles("proposals "));
}

#[test]
fn alias_expansion_from_entities() {
    let f = Fixture::new();
    // a1 only says "Zelenskyy", a3 only "Zelensky".
    assert_eq!(f.articles("Zelensky "), ["a1", "a3"]);
    assert_eq!(f.articles("Zelenskyy "), ["a1", "a3"]);
    assert_eq!(f.articles("Volodymyr Zelenskyy ceasefire "), ["a1"]);
    assert_eq!(f.ids("Zelenskiy ", HitKind::Entity), ["zelenskyy"]);
    let r = f.run("Zelensky ", &Filters::default());
    let a1 = r.hits.iter().find(|h| h.id == "a1").unwrap();
    let words: Vec<&str> = a1
        .highlights
        .iter()
        .map(|&(s, e)| &a1.snippet[s..e])
        .collect();
    assert!(words.contains(&"Zelenskyy"), "{words:?}");
}

#[test]
fn results_are_grouped_by_kind() {
    let f = Fixture::new();
    let r = f.run("Istanbul ", &Filters::default());
    let kinds: Vec<HitKind> = r.hits.iter().map(|h| h.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    assert!(
        kinds.contains(&HitKind::Event)
            && kinds.contains(&HitKind::Article)
            && kinds.contains(&HitKind::Entity)
    );
    assert_eq!(r.total, 2 + 4 + 1);
}

#[test]
fn events_reported_by_many_outlets_rank_first() {
    let f = Fixture::new();
    let ids = f.run("round talks Istanbul ", &Filters::default());
    let events: Vec<_> = ids
        .hits
        .iter()
        .filter(|h| h.kind == HitKind::Event)
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(events, ["e-talks", "e-first"]);
}

#[test]
fn highlights_point_at_the_matched_words() {
    let f = Fixture::new();
    let r = f.run("ceasefire Medinsky", &Filters::default());
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        assert!(!h.highlights.is_empty(), "{h:?}");
        for &(s, e) in &h.highlights {
            let word = storyline_model::text::fold(&h.snippet[s..e]);
            assert!(
                word.starts_with("ceasefire") || word.starts_with("medinsk"),
                "{word} in {h:?}"
            );
        }
    }
    // The snippet's sentence, for deep links: Medinsky is in a4's second body sentence.
    let r = f.run("Medinsky ", &Filters::default());
    let a4 = r.hits.iter().find(|h| h.id == "a4").unwrap();
    assert_eq!(a4.sentence, Some(1));
    assert!(a4.snippet.starts_with("Earlier on Wednesday"));
}

#[test]
fn facet_counts_and_outlet_filter() {
    let f = Fixture::new();
    let articles = Filters {
        kinds: vec![HitKind::Article],
        ..Filters::default()
    };
    let r = f.run("peace talks ", &articles);
    let outlets: Vec<(&str, usize)> = r
        .facets
        .outlets
        .iter()
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(
        outlets,
        [
            ("Outlet A", 2),
            ("Outlet B", 1),
            ("Outlet C", 1),
            ("Outlet D", 1)
        ]
    );
    let kinds: Vec<(&str, usize)> = r
        .facets
        .kinds
        .iter()
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(kinds, [("event", 1), ("article", 5)]);

    let only_a = Filters {
        outlets: vec!["Outlet A".into()],
        ..articles.clone()
    };
    let r = f.run("peace talks ", &only_a);
    let mut ids: Vec<_> = r.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["a0", "a3"]);
    assert_eq!(r.total, 2);
    // The outlet facet still shows the other outlets; entities count the filtered hits.
    assert_eq!(r.facets.outlets.len(), 4);
    let entities: Vec<(&str, usize)> = r
        .facets
        .entities
        .iter()
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(entities, [("istanbul", 1), ("zelenskyy", 1)]);

    let with_entity = Filters {
        entities: vec!["zelenskyy".into()],
        ..articles
    };
    let mut ids: Vec<_> = f
        .run("peace talks ", &with_entity)
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    assert_eq!(ids, ["a1", "a3"]);
}

#[test]
fn date_range_filter() {
    let f = Fixture::new();
    let range = |from: Option<&str>, to: Option<&str>| {
        let filters = Filters {
            from: from.map(Into::into),
            to: to.map(Into::into),
            ..Filters::default()
        };
        let mut ids: Vec<String> = f
            .run("Russia ", &filters)
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        range(Some("2025-05-29"), Some("2025-05-30")),
        ["a0", "a2", "a3"]
    );
    assert_eq!(range(Some("2025-06"), None), ["a1", "e-talks"]);
    assert_eq!(range(None, Some("2025-05-28")), ["a4", "e-first"]);
    // A month-precision event overlaps a day range inside its month.
    let filters = Filters {
        from: Some("2025-05-20".into()),
        to: Some("2025-05-21".into()),
        ..Filters::default()
    };
    let ids: Vec<_> = f
        .run("Berlin ", &filters)
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids, ["e-berlin"]);
    let months: Vec<_> = f
        .run("Russia ", &Filters::default())
        .facets
        .months
        .into_iter()
        .map(|m| (m.value, m.count))
        .collect();
    assert_eq!(
        months,
        [("2025-05".to_string(), 5), ("2025-06".to_string(), 2)]
    );
}

#[test]
fn suggestions_when_nothing_matches() {
    let f = Fixture::new();
    let r = f.run("Lafrof ", &Filters::default());
    assert_eq!(r.total, 0);
    assert_eq!(r.suggestions.first().map(String::as_str), Some("lavrov"));
    let r = f.run("peace talkz ", &Filters::default());
    assert!(r.total > 0, "one edit on five letters is tolerated");
    assert!(r.suggestions.is_empty());
    let r = f.run("ceasefrie memorandun Istanbl ", &Filters::default());
    assert!(r.total > 0);
}

#[test]
fn empty_query_browses_with_filters() {
    let f = Fixture::new();
    let r = f.run(
        "",
        &Filters {
            outlets: vec!["Outlet D".into()],
            kinds: vec![HitKind::Article],
            ..Filters::default()
        },
    );
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].sentence, Some(0));
}

#[test]
fn bytes_round_trip_deterministically() {
    let f = Fixture::new();
    let bytes = f.index.to_bytes();
    assert_eq!(bytes, build_index(&bundle()).to_bytes());
    let back = SearchIndex::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert!(back.is_for(&f.bundle));
    for q in [
        "peace talks",
        "Zelensky",
        "\"peace talks in Istanbul\" -Germany",
        "negotiati",
    ] {
        assert_eq!(
            back.search(&f.bundle, q, &Filters::default(), 10),
            f.run(q, &Filters::default())
        );
    }
    let mut other = f.bundle.clone();
    other.articles.pop();
    assert!(!back.is_for(&other));
}

#[test]
fn wrong_version_and_garbage_are_clear_errors() {
    let f = Fixture::new();
    let mut bytes = f.index.to_bytes();
    bytes[8] = 99;
    let err = SearchIndex::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err,
        SearchError::Version {
            found: 99,
            expected: storyline_search::FORMAT_VERSION
        }
    );
    assert!(err.to_string().contains("version 99"));
    assert_eq!(
        SearchIndex::from_bytes(b"{\"schema\":1}").unwrap_err(),
        SearchError::NotAnIndex
    );
    let good = f.index.to_bytes();
    for cut in [13, good.len() / 2, good.len() - 1] {
        assert!(
            matches!(
                SearchIndex::from_bytes(&good[..cut]),
                Err(SearchError::Corrupt(_))
            ),
            "cut at {cut}"
        );
    }
}

#[test]
fn a_mismatched_bundle_does_not_panic() {
    let f = Fixture::new();
    let empty = Bundle::new(vec![]);
    let r = f
        .index
        .search(&empty, "peace talks", &Filters::default(), 10);
    assert!(r.hits.is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
    #[test]
    fn search_never_panics(q in "\\PC{0,40}|[-\" a-zA-Zü]{0,30}") {
        let f = Fixture::new();
        let r = f.run(&q, &Filters::default());
        for h in &r.hits {
            for &(s, e) in &h.highlights {
                proptest::prop_assert!(h.snippet.get(s..e).is_some());
            }
        }
    }
}

#[test]
fn kinds_round_trip_through_their_names() {
    for kind in [HitKind::Event, HitKind::Article, HitKind::Entity] {
        assert_eq!(HitKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(HitKind::parse("events"), None);
    assert_eq!(HitKind::parse(""), None);
}

#[test]
fn pages_of_one_kind_follow_each_other() {
    let f = Fixture::new();
    let articles = Filters {
        kinds: vec![HitKind::Article],
        ..Filters::default()
    };
    for q in ["Istanbul ", "talks", ""] {
        let whole = f.index.search(&f.bundle, q, &articles, 100);
        assert!(whole.hits.len() >= 3, "{q:?}: {}", whole.hits.len());
        let mut paged = Vec::new();
        for skip in (0..whole.hits.len() + 2).step_by(2) {
            let page = f.index.search_page(&f.bundle, q, &articles, skip, 2);
            assert!(page.hits.len() <= 2);
            assert_eq!(
                page.total, whole.total,
                "{q:?}: the count is the whole list's"
            );
            paged.extend(page.hits);
        }
        assert_eq!(
            paged, whole.hits,
            "{q:?}: pages are the whole list cut in order"
        );
    }
}

#[test]
fn stopwords_alone_find_nothing_rather_than_everything() {
    let f = Fixture::new();
    let everything = f.run("", &Filters::default()).total;
    assert!(everything > 0);
    for q in ["the ", "of the ", "\"of the\"", "\"the\" "] {
        let r = f.run(q, &Filters::default());
        assert_eq!((r.total, r.hits.len()), (0, 0), "{q:?}");
    }
    // Still being typed, a stopword alone is the start of a longer word.
    let r = f.run("for", &Filters::default());
    assert!(r.total > 0 && r.total < everything, "{}", r.total);
    for h in &r.hits {
        let marked: Vec<String> = h
            .highlights
            .iter()
            .map(|&(a, b)| h.snippet[a..b].to_lowercase())
            .collect();
        assert!(
            marked.iter().any(|m| m.starts_with("form")),
            "{}: {:?}",
            h.snippet,
            marked
        );
    }
    // With other words, stopwords are left out as before.
    assert_eq!(
        f.ids("talks in the ", HitKind::Article),
        f.ids("talks ", HitKind::Article)
    );
}

#[test]
fn a_split_story_asks_for_the_text_it_reads_and_then_matches_the_whole() {
    let f = Fixture::new();
    // One article a text file: the story carries no paragraphs.
    let (story, files) = f.bundle.split_text(1);
    assert_eq!(files.len(), f.bundle.articles.len());
    assert!(f.index.is_for(&story));
    let filters = Filters::default();
    let queries = [
        "Rubio memoranda ",
        "peace talks istanbul ",
        "\"peace talks in Istanbul\"",
        "peace talks -\"second round\" ",
        "Zelensky ",
        "Lafrof ",
        "talks",
    ];
    for limit in [1, 2, 10] {
        for q in queries {
            let whole = f.index.search(&f.bundle, q, &filters, limit);
            assert!(
                whole.text_needed.is_empty(),
                "{q:?}: a whole bundle needs nothing"
            );
            let mut joined = story.clone();
            let mut runs = 0;
            let last = loop {
                let r = f.index.search(&joined, q, &filters, limit);
                runs += 1;
                if r.text_needed.is_empty() {
                    break r;
                }
                let texts: Vec<_> = files
                    .iter()
                    .filter(|(file, _)| r.text_needed.contains(file))
                    .map(|(file, t)| (file.as_str(), t))
                    .collect();
                assert_eq!(
                    texts.len(),
                    r.text_needed.len(),
                    "{q:?}: files of the story"
                );
                joined = joined.join_text(texts);
                assert!(runs < 4, "{q:?}: still needs {:?}", r.text_needed);
            };
            assert_eq!(
                last, whole,
                "{q:?} limit {limit}: once joined, as the whole"
            );
            // The first run reads every article it shows; the second reads nothing more
            // (but when an excluded phrase drops documents).
            if !q.contains('-') {
                assert!(runs <= 2, "{q:?} limit {limit}: {runs} runs");
            }
        }
    }
    // A narrow query fetches only the text of what it finds.
    let r = f.index.search(&story, "Rubio memoranda ", &filters, 10);
    assert_eq!(r.text_needed, [story.text_file("a2").unwrap()]);
    // Entities and events need no article text.
    let only = Filters {
        kinds: vec![HitKind::Event, HitKind::Entity],
        ..Filters::default()
    };
    assert!(f
        .index
        .search(&story, "Lavrov ", &only, 10)
        .text_needed
        .is_empty());
}
