//! The timeline: windowing a long one, filters in the URL, long filter rows.

use crate::support::*;
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};

/// A generated story big enough to need windowing: `articles` articles of `per` dated
/// sentences each, every sentence on its own day with its own words (no two merge).
fn big_corpus(articles: usize, per: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let words = [
        "harbour",
        "council",
        "bridge",
        "tunnel",
        "library",
        "stadium",
        "museum",
        "school",
        "clinic",
        "railway",
        "airport",
        "market",
        "orchard",
        "reservoir",
        "lighthouse",
        "factory",
        "garden",
        "canal",
        "theatre",
        "tower",
    ];
    let months = storyline_model::MONTHS;
    for a in 0..articles {
        let mut text = format!(
            "---\ntitle: Dispatch {a}\ndate: 2030-01-01\nsource: Outlet {}\n---\n\n",
            a % 7
        );
        for k in 0..per {
            let i = a * per + k;
            let (year, month, day) = (2000 + i / 336, i / 28 % 12, i % 28 + 1);
            text.push_str(&format!(
                "On {} {day}, {year}, the {} of district {i} opened a new {} for {} residents.\n\n",
                months[month],
                words[i % words.len()],
                words[(i / words.len()) % words.len()],
                100 + i
            ));
        }
        std::fs::write(dir.path().join(format!("{a:04}.md")), text).unwrap();
    }
    dir
}

/// Thousands of events never become thousands of DOM nodes: the timeline draws the days
/// near the viewport, and scrolling brings the others in.
#[tokio::test]
async fn a_long_timeline_draws_only_what_is_near_the_viewport() {
    let corpus = big_corpus(150, 12);
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    let b = bundle(site.path());
    let events = b["events"].as_array().unwrap();
    assert!(events.len() >= 1500, "{} events", events.len());
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}timeline")).await;
    let meta = text_of(&c, ".timeline-page .meta").await;
    assert_eq!(meta, format!("{} events", events.len()));
    let count = |c: &Client| {
        let c = c.clone();
        async move {
            c.execute(
                "return document.querySelectorAll('.timeline .event-card').length",
                vec![],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap()
        }
    };
    let first = count(&c).await;
    assert!(
        (1..=200).contains(&first),
        "{first} event cards drawn at the top"
    );
    let nodes = c
        .execute("return document.querySelectorAll('*').length", vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap();
    assert!(
        nodes < 3000,
        "{nodes} DOM nodes for {} events",
        events.len()
    );
    // The page is as tall as the whole list, and the end of it draws the last events.
    c.execute("window.scrollTo(0, document.body.scrollHeight)", vec![])
        .await
        .unwrap();
    let last_title = events.last().unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string();
    let started = Instant::now();
    let drawn = loop {
        let drawn = c
            .execute(
                "return Array.from(document.querySelectorAll('.timeline .event-title')).map(a => a.textContent)",
                vec![],
            )
            .await
            .unwrap();
        let drawn: Vec<String> = serde_json::from_value(drawn).unwrap();
        if drawn.contains(&last_title) {
            break drawn;
        }
        // Measured heights may move the end: keep scrolling there.
        c.execute("window.scrollTo(0, document.body.scrollHeight)", vec![])
            .await
            .unwrap();
        assert!(
            started.elapsed() < WAIT,
            "the last event {last_title:?} never drawn; drawn: {:?}",
            drawn.last()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let at_end = count(&c).await;
    assert!(
        (1..=200).contains(&at_end),
        "{at_end} event cards drawn at the end"
    );
    let first_title = events[0]["title"].as_str().unwrap().to_string();
    assert!(
        !drawn.contains(&first_title),
        "the first event is still drawn at the end"
    );
    screenshot(&c, "timeline-long-end").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn timeline_filters_live_in_the_url() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let b = bundle(site.path());
    let all = b["events"].as_array().unwrap().len();
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}timeline")).await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".timeline .event-card"))
        .await
        .unwrap();
    // The timeline opens on the story: the 2022 background, more than a year before the
    // first report (May 29, 2025), is folded into one line above it.
    let background = b["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["date"].as_str().unwrap() < "2024")
        .count();
    assert_eq!(background, 2);
    assert_eq!(
        c.find_all(Locator::Css(".timeline .event-card"))
            .await
            .unwrap()
            .len(),
        all - background
    );
    let note = text_of(&c, ".background-note").await;
    assert!(
        note.starts_with("Background: 2 earlier events, February 2022 to March 2022."),
        "{note}"
    );
    assert!(
        note.contains("Initial peace talks were held in Istanbul"),
        "{note}"
    );
    // The page before the app (and without it) folds the same events.
    let page = std::fs::read_to_string(site.path().join("timeline/index.html")).unwrap();
    assert!(
        page.contains("<p><a href=\"/timeline/?from=2022\">Background: 2 earlier events, February 2022 to March 2022. Show them</a></p>"),
        "{page}"
    );
    screenshot(&c, "timeline").await;
    // "Show them" is a link to the timeline from the background's first year: all of it.
    c.find(Locator::Css(".background-note a.show-background"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_url(&url::Url::parse(&format!("{url}timeline/?from=2022")).unwrap())
        .await
        .unwrap();
    assert_eq!(
        c.find_all(Locator::Css(".timeline .event-card"))
            .await
            .unwrap()
            .len(),
        all
    );
    assert!(c.find(Locator::Css(".background-note")).await.is_err());
    let gap = text_of(&c, ".timeline-gap").await;
    assert!(
        gap.contains("year"),
        "the 2022 → 2025 stretch is compressed: {gap}"
    );
    open(&c, &format!("{url}timeline")).await;

    // An outlet chip is a link; following it puts the filter in the URL.
    let chip = c
        .find(Locator::XPath(
            "//nav[@class='filters']//a[normalize-space()='EU Insider']",
        ))
        .await
        .unwrap();
    chip.click().await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_url(&url::Url::parse(&format!("{url}timeline/?outlet=EU+Insider")).unwrap())
        .await
        .unwrap();
    let eu_events = b["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["article"] == "002_3f0b11e689aeb747")
        })
        .count();
    let shown = c
        .find_all(Locator::Css(".timeline .event-card"))
        .await
        .unwrap()
        .len();
    assert_eq!(shown, eu_events);
    assert!(shown < all);

    // The same URL opened directly gives the same view; so does "as known on".
    open(&c, &format!("{url}timeline?outlet=EU+Insider")).await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".timeline .event-card"))
        .await
        .unwrap();
    assert_eq!(
        c.find_all(Locator::Css(".timeline .event-card"))
            .await
            .unwrap()
            .len(),
        eu_events
    );
    open(&c, &format!("{url}timeline?asof=2025-05-29")).await;
    let meta = text_of(&c, ".timeline-page .meta").await;
    assert!(meta.contains("as known on May 29, 2025"), "{meta}");
    let body = text_of(&c, ".timeline").await;
    assert!(
        !body.contains("Ministry of Defence reported on Monday"),
        "June 2 news is not known on May 29: {body}"
    );
    // The June 2 talks as they stood on May 29: still ahead, titled from the one article
    // published by then (not from the undated ones the full timeline's title comes from).
    let june2 = c
        .find(Locator::Css(
            ".timeline .event-card[data-date='2025-06-02']",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(june2.contains("scheduled"), "{june2}");
    assert!(
        june2.contains("Under growing pressure from U.S. President Donald Trump"),
        "{june2}"
    );
    open(&c, &format!("{url}timeline")).await;
    let mut talks = Vec::new();
    for card in c
        .find_all(Locator::Css(
            ".timeline .event-card[data-date='2025-06-02']",
        ))
        .await
        .unwrap()
    {
        let text = card.text().await.unwrap();
        if text.contains("round of peace talks") {
            talks.push(text);
        }
    }
    assert_eq!(talks.len(), 1, "{talks:?}");
    assert!(
        !talks[0].contains("scheduled"),
        "reported on the day too: {talks:?}"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn long_filter_rows_are_cut_and_many_days_get_a_date_field() {
    // 14 outlets, each publishing on its own day: more than a row shows.
    let corpus = tempfile::tempdir().unwrap();
    for i in 0..14 {
        let day = i + 1;
        std::fs::write(
            corpus.path().join(format!("a{i:02}.md")),
            format!(
                "---\ntitle: \"Bridge report {i}\"\ndate: 2025-03-{day:02}\npublisher: Outlet {i:02}\n---\n\n\
                 The Springfield council voted on the bridge budget on March {day}, 2025, officials said.\n\n\
                 Engineers inspected the river crossing on March {day}, 2025, before the vote.\n"
            ),
        )
        .unwrap();
    }
    // Under a sub-path, as on GitHub Pages: the date field's form keeps the base.
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/story/");
    let (_server, url) = serve(site.path(), "/story/", true);
    assert!(url.ends_with("/story/"), "{url}");
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}timeline")).await;
    let rows = c
        .find_all(Locator::Css(".filters .filter-row"))
        .await
        .unwrap();
    let outlets = rows[1].find_all(Locator::Css("a.chip")).await.unwrap();
    assert_eq!(outlets.len(), 12);
    let row = rows[1].text().await.unwrap();
    assert!(row.contains("and 2 more outlets"), "{row}");
    assert!(
        rows[3]
            .find_all(Locator::Css("a.chip"))
            .await
            .unwrap()
            .is_empty(),
        "14 days are a date field, not 14 chips"
    );

    // An outlet left out of the row is still shown, and can be cleared, when in use.
    open(&c, &format!("{url}timeline?outlet=Outlet+13")).await;
    text_of(&c, ".filters").await;
    let rows = c
        .find_all(Locator::Css(".filters .filter-row"))
        .await
        .unwrap();
    let active = rows[1]
        .find(Locator::Css(".chip.active"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(active, "Outlet 13");

    // The date field navigates like a link: the filters in use stay, `asof=` is added.
    submit_date(&c, "asof-form", ("2025-03-01", "2025-03-14"), "2025-03-05").await;
    let mut meta = String::new();
    for _ in 0..100 {
        meta = text_of(&c, ".timeline-page .meta").await;
        if meta.contains("as known on") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(meta.contains("as known on March 5, 2025"), "{meta}");
    let current = c.current_url().await.unwrap();
    let pairs: Vec<(String, String)> = current
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert!(
        pairs.contains(&("outlet".into(), "Outlet 13".into())),
        "{current}"
    );
    assert!(
        pairs.contains(&("asof".into(), "2025-03-05".into())),
        "{current}"
    );
    assert_eq!(
        c.find_all(Locator::Css(".timeline .event-card"))
            .await
            .unwrap()
            .len(),
        0,
        "Outlet 13 published on March 14: nothing of it was known on March 5"
    );
    c.close().await.unwrap();
}

/// "Go to" a date starts the timeline at that day (`from=`, a link like any filter), and
/// `j` / `k` move the focus from event to event.
#[tokio::test]
async fn go_to_a_date_and_step_through_events_by_key() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let b = bundle(site.path());
    let dates: Vec<String> = b["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap().to_string())
        .collect();
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}timeline")).await;
    submit_date(&c, "from-form", ("2025-05-16", "2025-06-02"), "2025-05-28").await;
    c.wait()
        .at_most(WAIT)
        .for_url(&url::Url::parse(&format!("{url}timeline/?from=2025-05-28")).unwrap())
        .await
        .unwrap();
    let from_day: Vec<&String> = dates
        .iter()
        .filter(|d| d.as_str() >= "2025-05-28")
        .collect();
    let cards = c
        .find_all(Locator::Css(".timeline .event-card"))
        .await
        .unwrap();
    assert_eq!(cards.len(), from_day.len());
    assert_eq!(
        cards[0].attr("data-date").await.unwrap().as_deref(),
        Some("2025-05-28")
    );

    // j, j, k: the first event's title, the second's, the first's again.
    let focused = |c: &Client| {
        let c = c.clone();
        async move {
            c.execute(
                "const a = document.activeElement; const all = [...document.querySelectorAll('.timeline .event-title')]; return all.indexOf(a)",
                vec![],
            )
            .await
            .unwrap()
            .as_i64()
            .unwrap()
        }
    };
    let mut seen = Vec::new();
    for key in ["j", "j", "k"] {
        // Typed where the focus is (sending keys to an element would focus it first).
        c.active_element()
            .await
            .unwrap()
            .send_keys(key)
            .await
            .unwrap();
        seen.push(focused(&c).await);
    }
    assert_eq!(seen, [0, 1, 0]);
    c.close().await.unwrap();
}

/// Checks the bounds of the date field of the form of class `form`, enters `day` and
/// submits it.
async fn submit_date(c: &Client, form: &str, (min, max): (&str, &str), day: &str) {
    let field = c
        .find(Locator::Css(&format!(".{form} input[type=date]")))
        .await
        .unwrap();
    assert_eq!(field.attr("min").await.unwrap().as_deref(), Some(min));
    assert_eq!(field.attr("max").await.unwrap().as_deref(), Some(max));
    c.execute(
        &format!("document.querySelector('.{form} input[type=date]').value = '{day}'"),
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css(&format!(".{form} button")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}
