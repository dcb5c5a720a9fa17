//! Event and entity pages: quotes, disagreeing outlets, outlets counted, big pages,
//! sharing.

use crate::support::*;
use fantoccini::Locator;
use std::time::{Duration, Instant};

#[tokio::test]
async fn event_page_quotes_open_the_article_at_the_sentence() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let b = bundle(site.path());
    let event = biggest_event_on(&b, "2025-05-16");
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}event/{}", event["id"].as_str().unwrap())).await;
    assert_eq!(
        text_of(&c, ".event-page h1").await,
        event["title"].as_str().unwrap()
    );
    assert_eq!(text_of(&c, ".event-date-line time").await, "May 16, 2025");
    let outlets = c.find_all(Locator::Css(".outlet-quotes")).await.unwrap();
    assert!(
        outlets.len() >= 4,
        "the first round is reported by 4+ outlets, page shows {}",
        outlets.len()
    );
    assert_eq!(
        c.find_all(Locator::Css(".badge.first"))
            .await
            .unwrap()
            .len(),
        1,
        "one first reporter"
    );
    screenshot(&c, "event").await;
    let quote = c.find(Locator::Css("a.quote")).await.unwrap();
    let quoted = quote.text().await.unwrap();
    quote.click().await.unwrap();
    let highlighted = text_of(&c, ".sentence.highlight").await;
    assert!(
        highlighted.starts_with(quoted.trim_end_matches('◆').trim()),
        "quote {quoted:?} vs highlighted {highlighted:?}"
    );
    assert!(c
        .current_url()
        .await
        .unwrap()
        .fragment()
        .unwrap()
        .starts_with('s'));
    c.close().await.unwrap();
}

#[tokio::test]
async fn disagreeing_outlets_are_shown_side_by_side() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let b = bundle(site.path());
    let event = b["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["discrepancies"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["kind"] == "date"))
        })
        .expect("the sample corpus has a date discrepancy (May 28 vs May 29)")
        .clone();
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}event/{}", event["id"].as_str().unwrap())).await;
    let text = text_of(&c, ".discrepancy").await;
    assert!(
        text.contains("May 28, 2025") && text.contains("May 29, 2025"),
        "{text}"
    );
    assert!(
        c.find_all(Locator::Css(".discrepancy .side"))
            .await
            .unwrap()
            .len()
            >= 2
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_event_counts_its_outlets_as_publishers_and_its_articles_apart() {
    // 12 articles by 3 publishers: "Reported by 3 outlets in N articles", never N outlets.
    let corpus = council_corpus(12, 3);
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    let b = bundle(site.path());
    let event = biggest_event_on(&b, "2025-03-10");
    let mut articles: Vec<&str> = event["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["article"].as_str().unwrap())
        .collect();
    articles.sort_unstable();
    articles.dedup();
    assert!(articles.len() > 3, "{event}");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(
        &c,
        &format!("{url}event/{}/", event["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(
        text_of(&c, ".event-page .meta").await,
        format!("Reported by 3 outlets in {} articles", articles.len())
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn big_event_and_entity_pages_show_a_page_and_the_rest_on_request() {
    // 55 outlets report one council vote; the mayor is in every article.
    let corpus = council_corpus(55, 55);
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    let b = bundle(site.path());
    let event = b["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["mentions"].as_array().unwrap().len() >= 50)
        .expect("one event reported by the outlets")
        .clone();
    let id = event["id"].as_str().unwrap();
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;

    open(&c, &format!("{url}event/{id}/")).await;
    text_of(&c, ".event-page h1").await;
    let count = |css: &'static str| {
        let c = c.clone();
        async move { c.find_all(Locator::Css(css)).await.unwrap().len() }
    };
    assert_eq!(count(".outlet-quotes").await, 20);
    let more = c.find(Locator::Css(".event-page .more a")).await.unwrap();
    assert_eq!(
        more.text().await.unwrap(),
        "Show the quotes of all 55 outlets"
    );
    more.click().await.unwrap();
    let mut n = 0;
    for _ in 0..100 {
        n = count(".outlet-quotes").await;
        if n == 55 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(n, 55);
    assert!(c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("?quotes=all"));
    assert_eq!(count(".event-page .more").await, 0);

    let entity = b["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["articles"].as_array().unwrap().len() == 55)
        .expect("the mayor is in every article");
    let n_events = entity["events"].as_array().unwrap().len();
    let entity = entity["id"].as_str().unwrap().to_string();
    open(&c, &format!("{url}entity/{entity}/")).await;
    text_of(&c, ".entity-page h1").await;
    assert_eq!(count(".entity-page .article-list li").await, 50);
    // With more than five events, the page opens on the five best-scored, above all of
    // them; with five or fewer, the list in date order is the page.
    let key = if n_events > 5 { 5 } else { 0 };
    assert_eq!(count(".entity-page .key-events .event-card").await, key);
    let more = c.find(Locator::Css(".entity-page .more a")).await.unwrap();
    assert_eq!(more.text().await.unwrap(), "Show all 55 articles");
    open(&c, &format!("{url}entity/{entity}/?articles=all")).await;
    text_of(&c, ".entity-page h1").await;
    assert_eq!(count(".entity-page .article-list li").await, 55);
    c.close().await.unwrap();
}

#[tokio::test]
async fn entity_page_lists_aliases_events_and_articles() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}entity/sergei-lavrov")).await;
    assert_eq!(text_of(&c, ".entity-page h1").await, "Sergei Lavrov");
    let aliases = text_of(&c, ".aliases").await;
    assert!(aliases.contains("Sergey Lavrov"), "{aliases}");
    assert!(!c
        .find_all(Locator::Css(".entity-page .event-card"))
        .await
        .unwrap()
        .is_empty());
    assert!(
        c.find_all(Locator::Css(".entity-page .article-list li"))
            .await
            .unwrap()
            .len()
            >= 3
    );
    // In date order, the articles without a known date last.
    let first = text_of(&c, ".entity-page .article-list li").await;
    assert!(first.contains("May 29, 2025"), "{first}");
    c.close().await.unwrap();
}

#[tokio::test]
async fn quotes_and_events_can_be_shared_with_their_anchor() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let b = bundle(site.path());
    let event = biggest_event_on(&b, "2025-06-02");
    let id = event["id"].as_str().unwrap();
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}event/{id}")).await;
    text_of(&c, ".event-page h1").await;
    // Headless Chromium has no share sheet: the link is copied, or shown to copy by hand.
    let buttons = c.find_all(Locator::Css(".share-button")).await.unwrap();
    assert!(
        buttons.len() > event["mentions"].as_array().unwrap().len(),
        "one per quote and one for the event"
    );
    buttons[0].click().await.unwrap();
    let status = text_of(&c, ".share-status").await;
    assert!(
        status == "Link copied" || status.contains(&format!("/event/{id}")),
        "{status}"
    );
    buttons[1].click().await.unwrap();
    let started = Instant::now();
    loop {
        let statuses = c.find_all(Locator::Css(".share-status")).await.unwrap();
        let second = statuses[1].text().await.unwrap();
        if second == "Link copied" || (second.contains("/article/") && second.contains("#s")) {
            break;
        }
        assert!(started.elapsed() < WAIT, "quote share status: {second:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.close().await.unwrap();
}
