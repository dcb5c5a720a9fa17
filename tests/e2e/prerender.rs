//! The built site without the app: pre-rendered pages, previews, byte-identical builds.

use crate::support::*;
use fantoccini::Locator;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Before the app has loaded (and without JavaScript at all) an event's page already shows
/// its title, date, outlets and quotes, and its links lead to the quoted sentences.
#[tokio::test]
async fn pre_rendered_pages_show_the_event_before_the_app_and_without_javascript() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", false);
    let b = bundle(site.path());
    let event = biggest_event_on(&b, "2025-05-16");
    let id = event["id"].as_str().unwrap();
    let (_driver, c) = browser_with(&["--blink-settings=scriptEnabled=false"]).await;
    c.goto(&format!("{url}event/{id}")).await.unwrap();
    assert_eq!(
        text_of(&c, "#prerender main h1").await,
        event["title"].as_str().unwrap()
    );
    let quotes = c
        .find_all(Locator::Css("#prerender blockquote a"))
        .await
        .unwrap();
    assert_eq!(quotes.len(), event["mentions"].as_array().unwrap().len());
    let m = &event["mentions"][0];
    let href = quotes[0].attr("href").await.unwrap().unwrap();
    assert_eq!(
        href,
        format!(
            "/article/{}/#s{}",
            m["article"].as_str().unwrap(),
            m["sentence"]
        )
    );
    // No app ever takes over: the page stays as written.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(c.find(Locator::Css("#prerender")).await.is_ok());
    assert!(c.find(Locator::Css("main#main")).await.is_err());
    screenshot(&c, "event-without-javascript").await;
    // The link works on a host without fallback: the article's own page, pre-rendered too.
    quotes[0].click().await.unwrap();
    let body = text_of(&c, "#prerender main").await;
    assert!(
        body.contains(m["text"].as_str().unwrap()),
        "article page lacks the quoted sentence: {body}"
    );
    c.close().await.unwrap();
}

/// Every file of a site folder, by relative path.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_same_corpus_gives_a_byte_identical_site() {
    let a = sample_site("/story/");
    let b = sample_site("/story/");
    let (ta, tb) = (tree(a.path()), tree(b.path()));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
    assert!(
        ta.contains_key("sw.js")
            && ta.contains_key("404.html")
            && ta.contains_key("timeline/index.html")
    );
}

#[test]
fn each_route_has_a_page_with_its_own_preview() {
    let site = tempfile::tempdir().unwrap();
    let out = Command::new(storyline_bin())
        .args([
            "build",
            SAMPLE,
            "--out",
            site.path().to_str().unwrap(),
            "--public-url",
            "/story/",
            "--site-url",
            "https://example.org/story",
            "--no-cache",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b = bundle(site.path());
    let event = biggest_event_on(&b, "2025-06-02");
    let id = event["id"].as_str().unwrap();
    let html = std::fs::read_to_string(site.path().join(format!("event/{id}/index.html"))).unwrap();
    let title = event["title"].as_str().unwrap();
    let escaped = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;");
    assert!(html.contains(&format!("<title>{escaped} · ")), "{html}");
    assert!(html.contains(&format!(
        "<meta property=\"og:title\" content=\"{escaped} · "
    )));
    assert!(html.contains(&format!(
        "<link rel=\"canonical\" href=\"https://example.org/story/event/{id}/\">"
    )));
    assert!(html.contains("<noscript>"));
    assert!(
        html.contains("/story/storyline-app-"),
        "assets under the public URL"
    );
    // JSON-LD for search engines and previews.
    assert!(
        html.contains("<script type=\"application/ld+json\">"),
        "{html}"
    );
    assert!(html.contains("\"@type\":\"Event\""));
    // The downloads the timeline links to.
    let ics = std::fs::read_to_string(site.path().join("exports/timeline.ics")).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.contains(&format!("UID:{id}@storyline")));
    for f in [
        "exports/events.csv",
        "exports/events.atom",
        "exports/timelinejs.json",
        "manifest.webmanifest",
        "sw.js",
        "404.html",
    ] {
        assert!(site.path().join(f).is_file(), "{f}");
    }
    for a in b["articles"].as_array().unwrap() {
        assert!(site
            .path()
            .join(format!("article/{}/index.html", a["id"].as_str().unwrap()))
            .is_file());
    }
    for e in b["entities"].as_array().unwrap() {
        assert!(site
            .path()
            .join(format!("entity/{}/index.html", e["id"].as_str().unwrap()))
            .is_file());
    }
}
