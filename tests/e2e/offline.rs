//! The service worker: every route offline after a first visit, updates offered and
//! applied whole.

use crate::support::*;
use fantoccini::{Client, Locator};
use std::time::{Duration, Instant};

async fn wait_for_service_worker(c: &Client) {
    let started = Instant::now();
    loop {
        let controlled = c
            .execute(
                "return !!(navigator.serviceWorker && navigator.serviceWorker.controller);",
                vec![],
            )
            .await
            .unwrap();
        if controlled == serde_json::Value::Bool(true) {
            return;
        }
        if started.elapsed() > WAIT {
            let state = c
                .execute_async(
                    "const done = arguments[0]; navigator.serviceWorker.getRegistration().then((r) => done(r \
                       ? ['installing', 'waiting', 'active'].map((k) => k + ': ' + (r[k] ? r[k].state : '-')).join(', ') \
                       : 'not registered'), (e) => done(String(e)))",
                    vec![],
                )
                .await;
            panic!(
                "the service worker never took control: {state:?}; page state: {}",
                page_state(c).await
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn after_a_first_visit_every_route_works_offline() {
    let site = sample_site("/");
    let (server, url) = serve(site.path(), "/", false);
    let b = bundle(site.path());
    let event = biggest_event_on(&b, "2025-06-02");
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    text_of(&c, ".article-list").await;
    wait_for_service_worker(&c).await;
    drop(server); // the network is gone: nothing answers on that port any more
    let routes = [
        (
            format!("event/{}", event["id"].as_str().unwrap()),
            ".event-page h1",
        ),
        (
            "article/003_4f490753871d1c0e#s3".to_string(),
            ".sentence.highlight",
        ),
        (
            "timeline?view=highlights".to_string(),
            ".timeline .event-card",
        ),
        ("entity/sergei-lavrov".to_string(), ".entity-page h1"),
        ("search?q=Lavrov".to_string(), ".hit"),
        (String::new(), ".article-list"),
    ];
    for (route, selector) in routes {
        open(&c, &format!("{url}{route}")).await;
        let text = text_of(&c, selector).await;
        assert!(!text.is_empty(), "offline {route}: empty {selector}");
    }
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_update_is_offered_and_switches_app_and_data_together() {
    let corpus = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(SAMPLE).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, corpus.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    let (_server, url) = serve(site.path(), "/", false);
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    text_of(&c, ".article-list").await;
    wait_for_service_worker(&c).await;
    let count = |c: &Client| {
        let c = c.clone();
        async move {
            c.find_all(Locator::Css(".article-list li"))
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(count(&c).await, 5);

    // A new build with one more article, into the same folder.
    std::fs::write(
        corpus.path().join("005_update.txt"),
        "Second round of Istanbul talks ends after an hour\nThe delegations met in Istanbul on Monday, June 2, 2025, and agreed on a new prisoner exchange.\n",
    )
    .unwrap();
    build_site(corpus.path(), site.path(), "/");
    c.refresh().await.unwrap();
    // The old version keeps running, whole, until the reader accepts the update.
    let banner = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".update-banner button"))
        .await
        .unwrap();
    text_of(&c, ".article-list").await;
    assert_eq!(count(&c).await, 5, "still the old data with the old app");
    banner.click().await.unwrap();
    let started = Instant::now();
    while count(&c).await != 6 {
        assert!(started.elapsed() < WAIT, "the new version never showed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    c.close().await.unwrap();
}
