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
    // Years in a coordination sum the story up or span it: no event at either.
    (
        "Multiple rounds of direct talks, notably in Istanbul in 2022 and 2025, have focused on prisoner exchanges.",
        Some("2025-06-02"),
        &[],
    ),
    (
        "Sanctions imposed from 2014 to 2022 were extended by the European Union.",
        Some("2025-06-02"),
        &[],
    ),
    (
        "Russia and Ukraine held direct talks in Istanbul in 2022, which collapsed within weeks.",
        Some("2025-06-02"),
        &["2022"],
    ),
    (
        "The summit was held in Geneva in 2021 and a second one in Vienna on March 3, 2022.",
        None,
        &["2021", "2022-03-03"],
    ),
    // A running total up to the article's day dates no happening.
    (
        "Worldwide, the value of mergers and acquisitions so far this year has dropped 35 percent.",
        Some("2009-01-26"),
        &[],
    ),
    (
        "The number of claims filed this month to date has doubled, officials said.",
        Some("2010-06-20"),
        &[],
    ),
    (
        "Airlines have lurched from crisis to crisis in the past year as carriers grappled with high oil prices.",
        Some("2009-05-12"),
        &[],
    ),
    // A date made a modifier by a hyphen says what kind of thing, not when.
    (
        "It is very slow and it will slow your computer down to a 1995-era PC, he said.",
        Some("2010-05-26"),
        &[],
    ),
    (
        "The rig, built in 2001, was leased to BP in 2008-2009 by Transocean, the company said.",
        Some("2010-05-26"),
        &["2001", "2008"],
    ),
    // A schedule's line says what is on, not what happened.
    (
        "7.00-10.30 pm BBC RADIO 5 LIVE Eleanor Oldroyd presents the day's sports news on Tuesday 25 August.",
        Some("2009-08-20"),
        &[],
    ),
    (
        "Eleanor Oldroyd presented the sports news on Tuesday 25 August, the BBC said.",
        Some("2009-08-26"),
        &["2009-08-25"],
    ),
    (
        "BP said it had learned many lessons over the past year, the company announced.",
        Some("2010-06-17"),
        &[],
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
        set_aside: None,
    }
}

fn events_of(articles: &[Article]) -> Vec<Event> {
    extract(articles, &crate::entities::extract(articles)).0
}

/// The title of the one event the articles make.
fn title_of_one_event(articles: &[Article]) -> String {
    let ev = events_of(articles);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    ev[0].title.clone()
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
            "French fight in Mali town; Iraq bombs target Kurds; the delegations met in Istanbul on June 2, 2025.",
            "The delegations met in Istanbul on June 2, 2025",
        ),
        (
            "ISTANBUL, Turkey (Reuters) - Russia proposed talks in Istanbul on June 2, officials said.",
            "Russia proposed talks in Istanbul on June 2, officials said",
        ),
        (
            "KYIV -- The delegation flew to Istanbul on June 2, officials said.",
            "The delegation flew to Istanbul on June 2, officials said",
        ),
        (
            "But the delegations met in Istanbul on June 2 without a ceasefire.",
            "The delegations met in Istanbul on June 2 without a ceasefire",
        ),
        (
            "At the White House: The delegation flew to Istanbul on June 2, officials said.",
            "The delegation flew to Istanbul on June 2, officials said",
        ),
        (
            "ULTIMATE HOPES IN ISTANBUL Russia proposed talks in Istanbul on June 2.",
            "Russia proposed talks in Istanbul on June 2",
        ),
        (
            "PEACE TALKS RESUME BP executives met in Istanbul on June 2.",
            "BP executives met in Istanbul on June 2",
        ),
        (
            "On June 2, 2025, the delegations of Russia and Ukraine met in Istanbul for a second round of talks, which ended without a ceasefire after an hour.",
            "The delegations of Russia and Ukraine met in Istanbul for a second round of talks",
        ),
        (
            "ISTANBUL/KYIV (Reuters) - The delegations met in Istanbul on June 2, officials said.",
            "The delegations met in Istanbul on June 2, officials said",
        ),
        (
            "2.39 pm ET: The delegations met in Istanbul for a second round.",
            "The delegations met in Istanbul for a second round",
        ),
        // A page's furniture run into the sentence.
        (
            "Last updated at 12:45 GMT Shares in BP opened higher on June 2 after the report.",
            "Shares in BP opened higher on June 2 after the report",
        ),
        (
            "Follow live updates here The delegations met in Istanbul on June 2.",
            "The delegations met in Istanbul on June 2",
        ),
        (
            "By Jane Roe Diplomatic correspondent, Daily News Delegations met in Istanbul on June 2.",
            "Delegations met in Istanbul on June 2",
        ),
        (
            "Here's the exchange: Q: The delegations will meet in Istanbul on June 2.",
            "The delegations will meet in Istanbul on June 2",
        ),
        (
            "Lavrov: “Talks must go on” The delegations met in Istanbul on June 2.",
            "The delegations met in Istanbul on June 2",
        ),
        (
            "More Headlines” “Less Headlines The delegations met in Istanbul on June 2.",
            "The delegations met in Istanbul on June 2",
        ),
        (
            "In 2025-26, the delegations met in Istanbul every month.",
            "In 2025-26, the delegations met in Istanbul every month",
        ),
        (
            "TALKS IN ISTANBUL, JUNE 2, 2025 The delegations met in Istanbul on Monday.",
            "The delegations met in Istanbul on Monday",
        ),
        (
            "The so-called “Istanbul Format” Talks resumed on June 2, officials said.",
            "The so-called “Istanbul Format” Talks resumed on June 2, officials said",
        ),
        (
            "The cap that was put on the ruptured well last week collected about 620,000 gallons (2.3 million liters) of oil on Monday.",
            "The cap that was put on the ruptured well last week collected about 620,000 gallons…",
        ),
        (
            "The delegations that flew to Istanbul met for talks (the second round, held on June 2 in the old palace of the sultans).",
            "The delegations that flew to Istanbul met for talks (the second round, held on June 2…",
        ),
        (
            "LAVROV: We proposed talks in Istanbul on June 2, and they agreed.",
            "LAVROV: We proposed talks in Istanbul on June 2, and they agreed",
        ),
        (
            "On June 2, 2025, the delegations of Russia and Ukraine met in the Ciragan palace in Istanbul for a second round of direct peace talks.",
            "The delegations of Russia and Ukraine met in the Ciragan palace in Istanbul for a second…",
        ),
        (
            "Russia has proposed holding a second round of peace talks with Ukraine on June 02 in Istanbul, as tensions rise.",
            "Russia has proposed holding a second round of peace talks with Ukraine on June 02…",
        ),
        (
            "Russia proposed that the delegations will meet for peace talks in Istanbul on June 2, the foreign ministry said.",
            "Russia proposed that the delegations will meet for peace talks in Istanbul on June 2…",
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
    let s = |date, outlets, mentions, firsts: &[usize]| {
        describe::score(date, outlets, 0.0, mentions, firsts)
    };
    assert!(s("2025-06-02", 3, 3, &[9, 9, 9]) > s("2025-06-02", 2, 20, &[0, 0]));
    assert!(s("2025-06-02", 2, 4, &[5, 5]) > s("2025-06-02", 2, 2, &[5, 5]));
    assert!(s("2025-06-02", 2, 2, &[0, 1]) > s("2025-06-02", 2, 2, &[20, 30]));
    assert!(s("2025-06-02", 2, 2, &[0, 1]) > s("2025-06", 2, 2, &[0, 1]));
    assert!(s("2025-06", 2, 2, &[0, 1]) > s("2025", 2, 2, &[0, 1]));
    // An article referring to the day from another day counts as much as ten more
    // outlets reporting the event.
    let r = describe::score;
    assert!(r("2025-06-02", 1, 1.0, 1, &[9]) > r("2025-06-02", 1, 0.0, 20, &[0]));
    assert!(r("2025-06-02", 1, 1.0, 1, &[9]) > r("2025-06-02", 10, 0.0, 10, &[0; 10]));
    assert_eq!(
        r("2025-06-02", 1, 1.0, 1, &[0]),
        r("2025-06-02", 11, 0.0, 11, &[0; 11])
    );
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
fn one_shared_actor_is_no_evidence_of_one_happening() {
    let arts = [
        article(
            "a",
            Some("2010-06-07"),
            &["BP shares closed up 9.5% in London trading on Monday."],
        ),
        article(
            "b",
            Some("2010-06-07"),
            &["BP said on Monday that the cost of its response to the spill had reached $1.25bn."],
        ),
        article(
            "c",
            Some("2010-06-08"),
            &["BP shares closed up sharply in London trading on Monday, June 7."],
        ),
    ];
    let ev = events_of(&arts);
    let with = |word: &str| {
        ev.iter()
            .find(|e| e.mentions.iter().any(|m| m.text.contains(word)))
            .map(|e| e.mentions.len())
    };
    // The cost and the shares are two happenings of one day with one actor.
    assert_eq!(with("cost"), Some(1), "{ev:#?}");
    // The two reports of the shares' rise share their words too, and merge.
    assert_eq!(with("9.5%"), Some(2), "{ev:#?}");
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
fn counts_of_different_days_are_no_disagreement() {
    let reports = |second_day: &str| {
        [("a", "15,000", "Tuesday"), ("b", "15,800", second_day)].map(|(id, n, day)| {
            let text = format!(
                "BP said the cap on the leaking well collected {n} barrels of oil on {day}."
            );
            article(id, Some("2010-06-10"), &[text.as_str()])
        })
    };
    let flagged = |ev: &[Event]| {
        ev.iter()
            .any(|e| e.discrepancies.iter().any(|d| d.kind == "number"))
    };
    let ev = events_of(&reports("Wednesday"));
    assert!(ev.iter().all(|e| e.discrepancies.is_empty()), "{ev:#?}");
    // The same day, two counts: outlets disagree.
    let ev = events_of(&reports("Tuesday"));
    assert!(flagged(&ev), "{ev:#?}");
}

#[test]
fn photo_captions_are_no_side_of_a_disputed_date() {
    let arts = [
        article(
            "a",
            None,
            &["Oil executives testify on the oil spill during a House hearing on Capitol Hill in Washington, June 15, 2010."],
        ),
        article(
            "b",
            None,
            &["Oil executives testify on the oil spill during a House hearing on Capitol Hill in Washington, Thursday, June 17, 2010."],
        ),
    ];
    let ev = events_of(&arts);
    assert!(
        ev.iter().all(|e| e.discrepancies.is_empty()),
        "captions dated differently are two photos, not two accounts: {ev:#?}"
    );
    // The same words as prose ("on" before the date) are statements that disagree.
    let prose = [
        article(
            "a",
            None,
            &["Oil executives testified on the oil spill during a House hearing on Capitol Hill on June 15, 2010."],
        ),
        article(
            "b",
            None,
            &["Oil executives testified on the oil spill during a House hearing on Capitol Hill on June 17, 2010."],
        ),
    ];
    let ev = events_of(&prose);
    assert!(
        ev.iter()
            .any(|e| e.discrepancies.iter().any(|d| d.kind == "date")),
        "{ev:#?}"
    );
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

#[test]
fn earlier_titles_come_from_the_articles_published_by_then() {
    let early = article(
        "a",
        Some("2025-05-29"),
        &["Russia proposed that the delegations will meet for peace talks in Istanbul on June 2, the foreign ministry said."],
    );
    let on_the_day = article(
        "b",
        Some("2025-06-02"),
        &["The delegations met for peace talks in Istanbul on June 2."],
    );
    let ev = events_of(&[early.clone(), on_the_day.clone()]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let talks = &ev[0];
    assert_eq!(
        talks.title,
        "The delegations met for peace talks in Istanbul on June 2"
    );
    let history: Vec<(&str, &str)> = talks
        .earlier_titles
        .iter()
        .map(|t| (t.from.as_str(), t.title.as_str()))
        .collect();
    assert_eq!(
        history,
        [
            ("2025-05-29", "Russia proposed that the delegations will meet for peace talks in Istanbul on June 2…"),
            ("2025-06-02", "The delegations met for peace talks in Istanbul on June 2"),
        ]
    );
    assert_eq!(talks.title_as_of("2025-05-30"), history[0].1);

    // One article alone: one title on every day, no history.
    let ev = events_of(std::slice::from_ref(&on_the_day));
    assert!(ev[0].earlier_titles.is_empty());

    // The title from an undated article is never an "as known on" title.
    let undated = article(
        "c",
        None,
        &["Delegations met for peace talks in Istanbul on June 2."],
    );
    let ev = events_of(&[early, on_the_day, undated]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(
        ev[0].title,
        "Delegations met for peace talks in Istanbul on June 2"
    );
    assert_eq!(
        ev[0].title_as_of("2025-06-05"),
        "The delegations met for peace talks in Istanbul on June 2"
    );
}

#[test]
fn titles_report_rather_than_quote() {
    let arts = [
        article(
            "a",
            Some("2025-05-28"),
            &["“The delegations meet for peace talks in Istanbul on June 2,” Lavrov said."],
        ),
        article(
            "b",
            Some("2025-05-28"),
            &["Lavrov proposed that the delegations meet for peace talks in Istanbul on June 2 to discuss a memorandum."],
        ),
    ];
    let title = title_of_one_event(&arts);
    assert!(title.starts_with("Lavrov proposed"), "{title}");
}

#[test]
fn a_photo_caption_titles_last() {
    let arts = [
        article(
            "a",
            Some("2025-06-02"),
            &["Sergei Lavrov (left) and Rustem Umerov held talks in Istanbul on June 2, 2025."],
        ),
        article(
            "b",
            Some("2025-06-03"),
            &["Lavrov and Umerov, who lead the two delegations, held talks in Istanbul on June 2, 2025."],
        ),
    ];
    let title = title_of_one_event(&arts);
    assert!(title.starts_with("Lavrov and Umerov"), "{title}");
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

/// The title of `name` in `sentence`, as written, or `None`.
fn title_in(sentence: &str, name: &str) -> Option<titles::Title> {
    let at = sentence.find(name).expect("name in sentence");
    titles::title_of(sentence, at..at + name.len(), 0)
}

#[test]
fn titles_table() {
    // (sentence, name, the title and name as written, or "" for none)
    let cases: &[(&str, &str, &str)] = &[
        (
            "Ukrainian Defence Minister Rustem Umerov said the talks would go ahead.",
            "Rustem Umerov",
            "Defence Minister Rustem Umerov",
        ),
        (
            "Ukraine's former Defense Minister Rustem Umerov led the delegation.",
            "Rustem Umerov",
            "former Defense Minister Rustem Umerov",
        ),
        (
            "U.S. Secretary of State Marco Rubio spoke to Lavrov.",
            "Marco Rubio",
            "Secretary of State Marco Rubio",
        ),
        (
            "Pres. Zelensky arrived in Vilnius.",
            "Zelensky",
            "Pres. Zelensky",
        ),
        (
            "The talks were led by Rustem Umerov, Ukraine's former defence minister, on Monday.",
            "Rustem Umerov",
            "Rustem Umerov, Ukraine's former defence minister",
        ),
        (
            "Vladimir Putin's chief envoy, Vladimir Medinsky, confirmed the date.",
            "Vladimir Medinsky",
            "chief envoy, Vladimir Medinsky",
        ),
        (
            "The meeting was chaired by Sergei Lavrov, the minister of foreign affairs.",
            "Sergei Lavrov",
            "Sergei Lavrov, the minister of foreign affairs",
        ),
        (
            "President-elect Barack Obama named his team.",
            "Barack Obama",
            "President-elect Barack Obama",
        ),
        // No office, a past title, a possessive, a title of the next name.
        ("Ukrainian leader Zelensky arrived.", "Zelensky", ""),
        ("Mr Umerov arrived.", "Umerov", ""),
        (
            "Then-President George W. Bush signed it.",
            "George W. Bush",
            "",
        ),
        ("Putin's Umerov said so.", "Umerov", ""),
        ("He met Putin, President Trump said.", "Putin", ""),
        ("On Monday, Umerov arrived.", "Umerov", ""),
        ("Russia, Ukraine and Turkey met.", "Ukraine", ""),
        (
            "Posted by MJ | September 24, 2008 4:57 PM McCain: let's go to work.",
            "McCain",
            "",
        ),
        ("PM Keir Starmer spoke.", "Keir Starmer", "PM Keir Starmer"),
        (
            "Under President Donald Trump, the US changed course.",
            "Donald Trump",
            "President Donald Trump",
        ),
        (
            "Talks under President Donald Trump went on.",
            "Donald Trump",
            "President Donald Trump",
        ),
        (
            "Under Secretary Victoria Nuland spoke.",
            "Victoria Nuland",
            "Under Secretary Victoria Nuland",
        ),
    ];
    let mut failures = Vec::new();
    for (sentence, name, want) in cases {
        let got = title_in(sentence, name).map(|t| t.text).unwrap_or_default();
        if got != *want {
            failures.push(format!("{sentence:?}\n   want {want:?}\n    got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn title_conflicts_table() {
    // (sentence a, sentence b, name, published a, published b, conflict?)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        bool,
    );
    let cases: &[Case] = &[
        // "Acting" left out by one outlet is no disagreement.
        (
            "Acting CDC Director Richard Besser said.",
            "Dr Richard Besser, director of the CDC, said.",
            "Richard Besser",
            "2009-04-29",
            "2009-04-29",
            false,
        ),
        // Different status of one office.
        (
            "Defence Minister Rustem Umerov spoke.",
            "Former Defence Minister Rustem Umerov spoke.",
            "Rustem Umerov",
            "",
            "",
            true,
        ),
        (
            "Defence Minister Rustem Umerov spoke.",
            "Rustem Umerov, the former defence minister, spoke.",
            "Rustem Umerov",
            "2025-06-02",
            "2025-06-02",
            true,
        ),
        (
            "Vice President Joe Biden spoke.",
            "President Joe Biden spoke.",
            "Joe Biden",
            "",
            "",
            true,
        ),
        (
            "Deputy Foreign Minister Andrei Rudenko spoke.",
            "Foreign Minister Andrei Rudenko spoke.",
            "Andrei Rudenko",
            "",
            "",
            true,
        ),
        // An outlet that drops "acting" is less precise, not in disagreement.
        (
            "Acting President Joe Smith spoke.",
            "President Joe Smith spoke.",
            "Joe Smith",
            "",
            "",
            false,
        ),
        // Different offices of one kind, different heads of government.
        (
            "Foreign Minister Sergei Lavrov spoke.",
            "Prime Minister Sergei Lavrov spoke.",
            "Sergei Lavrov",
            "",
            "",
            true,
        ),
        (
            "Defence Minister Rustem Umerov spoke.",
            "Foreign Minister Rustem Umerov spoke.",
            "Rustem Umerov",
            "",
            "",
            true,
        ),
        (
            "President Vladimir Putin spoke.",
            "Prime Minister Vladimir Putin spoke.",
            "Vladimir Putin",
            "",
            "",
            true,
        ),
        (
            "Treasury Secretary Henry Paulson spoke.",
            "Commerce Secretary Henry Paulson spoke.",
            "Henry Paulson",
            "",
            "",
            true,
        ),
        // The same title written otherwise.
        (
            "Defence Minister Rustem Umerov spoke.",
            "Ukrainian Defense Minister Rustem Umerov spoke.",
            "Rustem Umerov",
            "",
            "",
            false,
        ),
        (
            "Pres. Zelensky spoke.",
            "President Zelensky spoke.",
            "Zelensky",
            "",
            "",
            false,
        ),
        (
            "PM Keir Starmer spoke.",
            "Prime Minister Keir Starmer spoke.",
            "Keir Starmer",
            "",
            "",
            false,
        ),
        (
            "Premier Li Qiang spoke.",
            "Chinese Prime Minister Li Qiang spoke.",
            "Li Qiang",
            "",
            "",
            false,
        ),
        (
            "Defense Secretary Robert Gates spoke.",
            "Secretary of Defense Robert Gates spoke.",
            "Robert Gates",
            "",
            "",
            false,
        ),
        (
            "Foreign Minister Sergei Lavrov spoke.",
            "Sergei Lavrov, the minister of foreign affairs, spoke.",
            "Sergei Lavrov",
            "",
            "",
            false,
        ),
        (
            "the foreign secretary, David Miliband, spoke.",
            "Foreign Secretary David Miliband spoke.",
            "David Miliband",
            "",
            "",
            false,
        ),
        (
            "Sen. John McCain spoke.",
            "Senator John McCain spoke.",
            "John McCain",
            "",
            "",
            false,
        ),
        // One title more precise than the other.
        (
            "Minister Rustem Umerov spoke.",
            "Defence Minister Rustem Umerov spoke.",
            "Rustem Umerov",
            "",
            "",
            false,
        ),
        (
            "Secretary of State Marco Rubio spoke.",
            "Secretary Marco Rubio spoke.",
            "Marco Rubio",
            "",
            "",
            false,
        ),
        // Roles a person may hold at once.
        (
            "Presidential aide Vladimir Medinsky spoke.",
            "Chief negotiator Vladimir Medinsky spoke.",
            "Vladimir Medinsky",
            "",
            "",
            false,
        ),
        (
            "General David Petraeus spoke.",
            "Director David Petraeus spoke.",
            "David Petraeus",
            "",
            "",
            false,
        ),
        // A change over time, not a disagreement.
        (
            "Treasury Secretary Henry Paulson spoke.",
            "Former Treasury Secretary Henry Paulson spoke.",
            "Henry Paulson",
            "2008-09-15",
            "2009-06-01",
            false,
        ),
        (
            "President-elect Barack Obama spoke.",
            "President Barack Obama spoke.",
            "Barack Obama",
            "2008-12-01",
            "2009-02-01",
            false,
        ),
        (
            "President Barack Obama spoke.",
            "President-elect Barack Obama spoke.",
            "Barack Obama",
            "2008-12-01",
            "2009-02-01",
            true,
        ),
    ];
    let mut failures = Vec::new();
    for (a, b, name, pa, pb, want) in cases {
        let ta = title_in(a, name).unwrap_or_else(|| panic!("no title in {a:?}"));
        let tb = title_in(b, name).unwrap_or_else(|| panic!("no title in {b:?}"));
        let date = |p: &'static str| (!p.is_empty()).then_some(p);
        let got = titles::conflict(&ta, &tb, (date(pa), date(pb)));
        let back = titles::conflict(&tb, &ta, (date(pb), date(pa)));
        if got != *want || back != *want {
            failures.push(format!("{a:?} vs {b:?}: want {want}, got {got}/{back}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn conflicting_titles_become_a_discrepancy_and_spellings_do_not() {
    let talks = |title: &str| {
        format!("On June 2, 2025, {title} Rustem Umerov led the Ukrainian delegation at the peace talks in Istanbul, officials said.")
    };
    let arts = [
        article(
            "a",
            Some("2025-06-03"),
            &[&talks("Ukrainian Defence Minister")],
        ),
        article(
            "b",
            Some("2025-06-03"),
            &[&talks("former Defence Minister")],
        ),
        article("c", Some("2025-06-03"), &[&talks("Defense Minister")]),
    ];
    let ev = events_of(&arts);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    let titles: Vec<&storyline_model::Discrepancy> = ev[0]
        .discrepancies
        .iter()
        .filter(|d| d.kind == "title")
        .collect();
    assert_eq!(titles.len(), 1, "{:#?}", ev[0].discrepancies);
    let sides: Vec<(&str, &str)> = titles[0]
        .sides
        .iter()
        .map(|s| (s.value.as_str(), s.article.as_str()))
        .collect();
    assert_eq!(
        sides,
        [
            ("Defence Minister Rustem Umerov", "a"),
            ("Defense Minister Rustem Umerov", "c"),
            ("former Defence Minister Rustem Umerov", "b"),
        ]
    );
    // Without the "former" outlet, nothing to report.
    let ev = events_of(&[arts[0].clone(), arts[2].clone()]);
    assert!(
        ev[0].discrepancies.iter().all(|d| d.kind != "title"),
        "{ev:#?}"
    );
}

#[test]
fn references_from_other_days_count_once_per_article() {
    let mut refs = References::default();
    let tag = |text: &str, anchor: &str| crate::dates::tag(text, d(anchor));
    // Same day: the day's own reporting, not a reference.
    refs.add(
        0,
        Some("2025-06-02"),
        &tag("Talks began on Monday, June 2.", "2025-06-02"),
    );
    // Later articles looking back, one of them twice.
    refs.add(
        1,
        Some("2025-06-05"),
        &tag("The June 2 talks ended early.", "2025-06-05"),
    );
    refs.add(
        1,
        Some("2025-06-05"),
        &tag("Since June 2, nothing moved.", "2025-06-05"),
    );
    refs.add(
        2,
        Some("2025-06-03"),
        &tag("Yesterday's talks ended early.", "2025-06-03"),
    );
    // Undated: only absolute dates count; months never do.
    refs.add(3, None, &tag("On Monday the talks ended.", "2025-06-04"));
    refs.add(
        4,
        None,
        &tag("On June 2, 2025, the talks began.", "2025-06-04"),
    );
    refs.add(
        5,
        Some("2025-07-01"),
        &tag("In June 2025 the talks began.", "2025-07-01"),
    );
    // An earlier article looking ahead: a forward reference, weighing half.
    refs.add(
        6,
        Some("2025-05-29"),
        &tag("The next round is set for Monday, June 2.", "2025-05-29"),
    );
    assert_eq!(refs.count("2025-06-02"), 4);
    assert_eq!(refs.weight("2025-06-02"), 3.0 + FORWARD_WEIGHT);
    assert_eq!(refs.count("2025-06"), 0);
    assert_eq!(refs.count("2025-06-01"), 0);
}

#[test]
fn a_day_other_articles_refer_to_outranks_an_equal_one() {
    let arts = [
        article(
            "a",
            Some("2025-06-02"),
            &["Russia and Ukraine held a second round of peace talks in Istanbul on Monday."],
        ),
        article(
            "b",
            Some("2025-06-03"),
            &["Russian drones struck a power plant in Kharkiv on Tuesday, officials said."],
        ),
        article(
            "c",
            Some("2025-06-10"),
            &["Diplomats say that nothing has changed in the war since June 2."],
        ),
    ];
    let ev = events_of(&arts);
    let score = |date: &str| {
        ev.iter()
            .find(|e| e.date == date)
            .map(|e| e.score)
            .unwrap_or_default()
    };
    assert!(score("2025-06-02") > score("2025-06-03"), "{ev:#?}");
    let lift = score("2025-06-02") - score("2025-06-03");
    assert!((lift - 1.0).abs() < 1e-9, "{lift} {ev:#?}");
}

#[test]
fn a_range_of_dates_is_a_period_not_an_event_on_its_ends() {
    let stem = stemmer();
    for text in [
        "How the oil has spread: the approximate oil locations from 22 April - 15 May were mapped by officials.",
        "Delegations from Russia and Ukraine met in Istanbul from June 2 to June 4, officials said.",
    ] {
        let found = candidates_in(0, 0, text, d("2025-06-10"), &stem);
        assert!(found.is_empty(), "{text}: {found:#?}");
    }
    // One date alone still dates its event.
    let one = "Delegations from Russia and Ukraine met in Istanbul on June 2, officials said.";
    assert_eq!(candidates_in(0, 0, one, d("2025-06-10"), &stem).len(), 1);
}

#[test]
fn a_sentence_listing_three_dates_or_more_dates_no_event() {
    let stem = stemmer();
    let career = "Stood first in BA (Hons), Economics, Panjab University, 1952; Stood first in MA, 1954; Wrenbury scholar, Cambridge, 1957.";
    assert!(candidates_in(0, 0, career, d("2009-05-22"), &stem).is_empty());
    // Two dates are still a report: the second happening followed the first.
    let two = "The rig exploded on April 20, and the well was capped on July 15 after months of failed attempts.";
    assert_eq!(candidates_in(0, 0, two, d("2010-08-01"), &stem).len(), 2);
}

#[test]
fn events_of_one_day_get_distinct_titles() {
    let event = |id: &str, date: &str, title: &str, score: f64| Event {
        id: id.into(),
        date: date.into(),
        title: title.into(),
        score,
        mentions: Vec::new(),
        first_reported: None,
        future: false,
        entities: Vec::new(),
        discrepancies: Vec::new(),
        earlier_titles: Vec::new(),
    };
    let same = "The talks opened in Istanbul.";
    let events = vec![
        event("a", "2025-06-02", same, 1.0),
        event("b", "2025-06-02", same, 3.0),
        event("c", "2025-06-03", same, 2.0),
        event("d", "2025-06-02", same, 0.5),
    ];
    let others = vec![
        vec!["Delegations met at the palace.".to_string()],
        vec!["Never used.".to_string()],
        vec![],
        vec!["Delegations met at the palace.".to_string()],
    ];
    let events = describe::distinct_titles(events, &others);
    let titles: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.id.as_str(), e.title.as_str()))
        .collect();
    // The best-scored event of the day keeps the title; another day's event keeps it too;
    // the next takes its next title; one left with none unused joins the title's holder.
    assert_eq!(
        titles,
        [
            ("a", "Delegations met at the palace."),
            ("b", same),
            ("c", same),
        ]
    );
}

#[test]
fn stamps_inside_running_text_date_no_event() {
    let stem = stemmer();
    for text in [
        "Posted by Jason-May 1st, 2009 -- 4:59 pm GMT I agree with you: we all need to keep calm about the flu.",
        "His e-mail address is listed below. Posted by Fareed Zakaria on October 12, 2008 7:51 PM and read widely.",
        "22 June 2010 Last updated at 05:09 GMT Help Amid the criticism of the company, the attempt to contain the leak continues.",
    ] {
        let found = candidates_in(0, 0, text, d("2009-05-02"), &stem);
        assert!(found.is_empty(), "{text}: {found:#?}");
    }
    // A report's clock follows "at".
    let report =
        "The earthquake struck Haiti on January 12, 2010 at 4:53 pm, killing thousands of people.";
    let found = candidates_in(0, 0, report, d("2010-01-13"), &stem);
    assert!(
        found.iter().any(|c| c.date_text == "January 12, 2010"),
        "{found:#?}"
    );
    // Figures updated on a day are a report of that day.
    let update =
        "On 22 June 2010 updated figures showed the spill had grown to 60,000 barrels a day.";
    let found = candidates_in(0, 0, update, d("2010-06-23"), &stem);
    assert!(!found.is_empty(), "{found:#?}");
}

#[test]
fn a_possessive_date_stays_in_its_title_and_transcript_lines_title_last() {
    let stem = stemmer();
    let c = &candidates_in(
        0,
        0,
        "Thursday's explosion on the rig killed 11 workers and injured 17 others, officials said.",
        d("2010-05-14"),
        &stem,
    )[0];
    assert!(
        describe::title_of(c).starts_with("Thursday's explosion"),
        "{}",
        describe::title_of(c)
    );
    let arts = [
        article(
            "a",
            Some("2009-01-20"),
            &["ROBINSON: The president signed the stimulus bill in Denver on Tuesday, his aides said."],
        ),
        article(
            "b",
            Some("2009-01-20"),
            &["The president signed the stimulus bill in Denver on Tuesday, his aides said."],
        ),
    ];
    let ev = events_of(&arts);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert!(!ev[0].title.starts_with("ROBINSON"), "{}", ev[0].title);
}

#[test]
fn an_article_that_reports_both_days_keeps_them_apart() {
    let arts = [
        article(
            "a",
            None,
            &["BP's rig exploded off Louisiana on April 20, 2010, killing 11 workers. The burning platform sank to the seabed of the Gulf on April 22, 2010, BP said."],
        ),
        article(
            "b",
            None,
            &["The burning BP platform sank to the seabed off Louisiana on April 21, 2010."],
        ),
    ];
    let ev = events_of(&arts);
    let days: Vec<&str> = ev.iter().map(|e| e.date.as_str()).collect();
    // Article a tells the explosion from the sinking; b's sinking may join a's sinking as
    // a disputed date, never the explosion.
    let explosion = ev
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text.contains("exploded")))
        .unwrap_or_else(|| panic!("{days:?}"));
    assert_eq!(explosion.mentions.len(), 1, "{ev:#?}");
}

#[test]
fn neighbouring_days_in_other_words_are_two_happenings() {
    // Two days of one operation: the cap fitted on one day, its first tests the next. The
    // events share the story's actors and words, but no two sentences tell one happening.
    let arts = [
        article(
            "a",
            None,
            &["BP engineers fitted a new containment cap on the leaking Gulf well on July 12, 2010, after weeks of preparation by the crews."],
        ),
        article(
            "b",
            None,
            &["BP began pressure tests on the new containment cap at the leaking Gulf well on July 13, 2010, government officials said."],
        ),
    ];
    let ev = events_of(&arts);
    assert_eq!(ev.len(), 2, "{ev:#?}");
    // One happening given two dates in like words is still one disputed event.
    let arts = [
        article(
            "a",
            None,
            &["BP engineers fitted a new containment cap on the leaking Gulf well on July 12, 2010, officials said."],
        ),
        article(
            "b",
            None,
            &["BP engineers fitted a new containment cap on the leaking Gulf well on July 13, 2010, officials said."],
        ),
    ];
    let ev = events_of(&arts);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert!(
        ev[0].discrepancies.iter().any(|d| d.kind == "date"),
        "{ev:#?}"
    );
}
