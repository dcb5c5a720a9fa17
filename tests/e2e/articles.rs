//! Article pages: deep links, cited sentences, text never HTML, hostile markup, links out.

use crate::support::*;
use fantoccini::Locator;
use std::path::{Path, PathBuf};

#[tokio::test]
async fn article_deep_link_opens_directly_with_sentence_highlighted() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    let b = bundle(site.path());
    let article = b["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "004_8a2fb638bc8d5522")
        .unwrap();
    open(&c, &format!("{url}article/004_8a2fb638bc8d5522#s1")).await;
    let title = text_of(&c, "article.reader h1").await;
    assert_eq!(title, article["title"].as_str().unwrap());
    let highlighted = text_of(&c, ".sentence.highlight").await;
    assert_eq!(
        c.find(Locator::Css(".sentence.highlight"))
            .await
            .unwrap()
            .attr("id")
            .await
            .unwrap()
            .as_deref(),
        Some("s1")
    );
    assert!(!highlighted.is_empty());
    let body = text_of(&c, "article.reader .body").await;
    assert!(body.contains("Lavrov"), "{body}");
    screenshot(&c, "article").await;
    // Reloading a deep link works (the server falls back to index.html).
    c.refresh().await.unwrap();
    assert_eq!(text_of(&c, "article.reader h1").await, title);
    c.close().await.unwrap();
}

#[tokio::test]
async fn article_marks_each_cited_sentence_with_its_events_number() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    let b = bundle(site.path());
    let id = "004_8a2fb638bc8d5522";
    // What the bundle says: the events reporting this article, in order, and the
    // sentences each cites.
    let mut want: Vec<(String, String, usize)> = Vec::new(); // (sentence id, event id, number)
    let mut number = 0;
    for e in b["events"].as_array().unwrap() {
        let mut sentences: Vec<u64> = e["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["article"] == id)
            .map(|m| m["sentence"].as_u64().unwrap())
            .collect();
        if sentences.is_empty() {
            continue;
        }
        number += 1;
        sentences.dedup();
        for s in sentences {
            want.push((
                format!("s{s}"),
                e["id"].as_str().unwrap().to_string(),
                number,
            ));
        }
    }
    assert!(
        want.len() >= 2,
        "the sample article cites several sentences: {want:?}"
    );
    want.sort();

    open(&c, &format!("{url}article/{id}/")).await;
    text_of(&c, ".reader .event-list").await;
    // Each mark: the sentence it follows, the event it links to, its number.
    let marks = c
        .execute(
            r#"return [...document.querySelectorAll('.reader .body .cite-mark')].map((a) => {
                let s = a.previousElementSibling;
                while (s && !s.classList.contains('sentence')) s = s.previousElementSibling;
                return [s ? s.id : null, s ? s.className : null, a.getAttribute('href'), a.textContent];
            })"#,
            vec![],
        )
        .await
        .unwrap();
    let mut got: Vec<(String, String, usize)> = Vec::new();
    for m in marks.as_array().unwrap() {
        let class = m[1].as_str().unwrap_or_default();
        assert!(
            class.contains("cited"),
            "a mark follows a cited sentence: {m}"
        );
        let href = m[2].as_str().unwrap();
        let event = href
            .trim_end_matches('/')
            .rsplit_once("/event/")
            .unwrap_or_else(|| panic!("a mark links to an event: {href}"))
            .1
            .to_string();
        got.push((
            m[0].as_str().unwrap().to_string(),
            event,
            m[3].as_str().unwrap().parse().unwrap(),
        ));
    }
    got.sort();
    assert_eq!(got, want);
    let cited = c
        .find_all(Locator::Css(".reader .body .sentence.cited"))
        .await
        .unwrap()
        .len();
    let distinct: std::collections::BTreeSet<&String> = want.iter().map(|w| &w.0).collect();
    assert_eq!(cited, distinct.len());
    // The list below shows the same numbers, each card's link to the same event.
    let cards = c
        .find_all(Locator::Css(".reader .event-list .event-card"))
        .await
        .unwrap();
    assert_eq!(cards.len(), number);
    for (k, card) in cards.iter().enumerate() {
        let n = card
            .find(Locator::Css(".event-number"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(n, (k + 1).to_string());
        let href = card
            .find(Locator::Css(".event-title"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        let (_, event, _) = want.iter().find(|w| w.2 == k + 1).unwrap();
        assert!(
            href.ends_with(&format!("/event/{event}/")),
            "{href} vs {event}"
        );
    }
    c.close().await.unwrap();
}

#[tokio::test]
async fn article_text_is_shown_as_text_never_as_html() {
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("hostile.txt"),
        "A <b>bold</b> headline\nBody with <img src=x onerror=\"document.title='pwned'\"> and <script>document.title='pwned'</script> in it.\n",
    )
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}article/hostile")).await;
    let body = text_of(&c, "article.reader .body").await;
    assert!(
        body.contains("<script>document.title='pwned'</script>"),
        "{body}"
    );
    assert_eq!(
        text_of(&c, "article.reader h1").await,
        "A <b>bold</b> headline"
    );
    assert!(c
        .find_all(Locator::Css("article.reader img, article.reader b"))
        .await
        .unwrap()
        .is_empty());
    assert_ne!(c.title().await.unwrap(), "pwned");
    c.close().await.unwrap();
}

/// Markup in every field an article brings (title, author, publisher, url, body, and so
/// the event titles and quotes made from it) stays text on every page, pre-rendered or
/// drawn by the app: nothing is injected and nothing runs.
#[tokio::test]
async fn hostile_markup_in_every_field_is_text_on_every_page() {
    let payload = |tag: &str| format!("<img src=x onerror=\"window.__pwned='{tag}'\">");
    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("hostile.md"),
        format!(
            "---\ntitle: '{}Talks resume'\nauthor: '<script>window.__pwned=\"author\"</script>'\n\
             publisher: '\"><svg onload=\"window.__pwned=1\">'\nurl: 'javascript:window.__pwned=2'\n\
             date: 2025-05-16\n---\n\nOn May 16, 2025, delegates {} met in Istanbul and agreed a prisoner swap.\n\n\
             The Ukrainian delegation said on May 16, 2025, that it had agreed the swap.\n",
            payload("title"),
            payload("body")
        ),
    )
    .unwrap();
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    // The pre-rendered pages hold the markup escaped, never as tags.
    for entry in walkdir(site.path()) {
        if entry.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&entry).unwrap();
            for raw in ["<img src=x", "<svg onload", "<script>window.__pwned"] {
                assert!(!html.contains(raw), "{} holds {raw}", entry.display());
            }
        }
    }
    let b = bundle(site.path());
    let article = b["articles"][0]["id"].as_str().unwrap().to_string();
    let event = b["events"][0]["id"].as_str().unwrap().to_string();
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    for page in [
        String::new(),
        format!("article/{article}/"),
        format!("event/{event}/"),
        "timeline/".to_string(),
        "search/?q=delegates".to_string(),
    ] {
        open(&c, &format!("{url}{page}")).await;
        app_ready(&c).await;
        let clean = c
            .execute(
                "return window.__pwned === undefined \
                 && !document.querySelector('img[src=\"x\"], svg[onload], a[href^=\"javascript\" i]');",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(clean, serde_json::Value::Bool(true), "on /{page}");
    }
    c.close().await.unwrap();
}

/// Every file under `dir`, recursively.
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn only_web_addresses_become_links_in_the_browser() {
    // A bundle from another tool or an older build, with a hostile URL: the build drops
    // such a URL, and the app must not link it either.
    let site = sample_site("/");
    let path = site.path().join("data/story.json");
    let mut story: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let id = |n: usize| story["articles"][n]["id"].as_str().unwrap().to_string();
    let (hostile, fine) = (id(0), id(1));
    story["articles"][0]["url"] = "javascript:document.title='pwned'".into();
    story["articles"][1]["url"] = "https://news.example/talks".into();
    std::fs::write(&path, serde_json::to_vec(&story).unwrap()).unwrap();
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}article/{fine}/")).await;
    assert_eq!(
        href_of(&c, "a.original").await,
        "https://news.example/talks"
    );
    open(&c, &format!("{url}article/{hostile}/")).await;
    text_of(&c, "article.reader h1").await;
    assert!(c
        .find_all(Locator::Css("a.original, a[href^='javascript' i]"))
        .await
        .unwrap()
        .is_empty());
    assert_ne!(c.title().await.unwrap(), "pwned");
    c.close().await.unwrap();
}
