//! End-to-end: the real `storyline` binary builds real sites, served on 127.0.0.1 and
//! driven in headless Chromium through chromedriver, asserting on what a reader sees.
//!
//! Run by `cargo xtask test` (which builds the binary with the app embedded and sets
//! `STORYLINE_BIN`). Needs `/usr/bin/chromium` and `/usr/bin/chromedriver`.
#![cfg(not(target_arch = "wasm32"))]

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/istanbul-talks");
const WAIT: Duration = Duration::from_secs(45);

fn storyline_bin() -> PathBuf {
    let bin = std::env::var_os("STORYLINE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/storyline"));
    assert!(
        bin.is_file(),
        "no storyline binary at {}: run the end-to-end tests with `cargo xtask test`",
        bin.display()
    );
    bin
}

/// Kills a child process when dropped, so a failing test leaves nothing running, then
/// removes its folder, if it has one (a browser's profile).
struct Guard {
    child: Child,
    _folder: Option<tempfile::TempDir>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn build_site(corpus: &Path, out: &Path, public_url: &str) {
    build_site_with(corpus, out, public_url, &[]);
}

fn build_site_with(corpus: &Path, out: &Path, public_url: &str, extra: &[&str]) {
    let output = Command::new(storyline_bin())
        .args([
            "build",
            corpus.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--public-url",
            public_url,
            // The sample is in the source tree: no build cache is written there.
            "--no-cache",
        ])
        .args(extra)
        .output()
        .expect("run storyline build");
    assert!(
        output.status.success(),
        "storyline build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Starts `storyline serve` on a free port; returns the guard and the base URL.
fn serve(site: &Path, public_url: &str, fallback: bool) -> (Guard, String) {
    let mut cmd = Command::new(storyline_bin());
    cmd.args([
        "serve",
        site.to_str().unwrap(),
        "--port",
        "0",
        "--public-url",
        public_url,
    ]);
    if !fallback {
        cmd.arg("--no-fallback");
    }
    let mut child = cmd
        .stderr(Stdio::piped())
        .spawn()
        .expect("run storyline serve");
    let stderr = child.stderr.take().unwrap();
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("serve prints its URL")
        .to_string();
    (
        Guard {
            child,
            _folder: None,
        },
        url,
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A headless Chromium session through its own chromedriver.
async fn browser() -> (Guard, Client) {
    browser_with(&[]).await
}

/// A headless Chromium session with extra command-line flags.
async fn browser_with(extra: &[&str]) -> (Guard, Client) {
    let port = free_port();
    let driver = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run /usr/bin/chromedriver (apt-get install chromium-driver)");
    let profile = tempfile::tempdir().unwrap();
    let profile_path = profile.path().to_path_buf();
    let guard = Guard {
        child: driver,
        _folder: Some(profile),
    };
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--window-size=1200,900", format!("--user-data-dir={}", profile_path.display())]
        }
    }))
    .unwrap();
    let mut caps = caps;
    caps["goog:chromeOptions"]["args"]
        .as_array_mut()
        .unwrap()
        .extend(extra.iter().map(|a| serde_json::Value::from(*a)));
    let started = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return (guard, client),
            Err(e) if started.elapsed() < WAIT => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot start a Chromium session: {e}"),
        }
    }
}

/// Waits for an element and returns its text.
async fn text_of(c: &Client, css: &str) -> String {
    match c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap(),
        Err(e) => panic!("no {css}: {e}; page state: {}", page_state(c).await),
    }
}

/// Waits for an element and returns its `href`.
async fn href_of(c: &Client, css: &str) -> String {
    match c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(el) => el.attr("href").await.unwrap().unwrap_or_default(),
        Err(e) => panic!("no {css}: {e}; page state: {}", page_state(c).await),
    }
}

/// Where the page is and what it loaded, for a test that times out.
async fn page_state(c: &Client) -> String {
    let state = c
        .execute(
            "return [location.href, document.readyState, typeof window.wasmBindings, \
             document.body ? document.body.innerText.slice(0, 300) : '', \
             performance.getEntriesByType('resource').map(e => e.name.split('/').pop() + ':' + Math.round(e.duration)).join(' '), \
             'preloads: ' + [...document.querySelectorAll('link[rel=preload]')].map(l => l.href.split('/').pop()).join(' '), \
             'worker: ' + (navigator.serviceWorker && navigator.serviceWorker.controller ? navigator.serviceWorker.controller.state : 'none'), \
             'since navigation: ' + Math.round(performance.now()) + ' ms', 'stage ' + document.documentElement.dataset.start].join(' | ')",
            vec![],
        )
        .await;
    format!("{state:?}")
}

/// Types `query` into the search page's box and waits for the URL to carry it.
async fn type_search(c: &Client, url: &str, query: &str) {
    let input = c.find(Locator::Id("search-input")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_url(&url::Url::parse(&format!("{url}search/?q={query}")).unwrap())
        .await
        .unwrap();
}

/// Opens a URL and waits until the app has replaced the page's pre-rendered content (the
/// pre-rendered copy is tested on its own, without the app).
async fn open(c: &Client, url: &str) {
    c.goto(url).await.unwrap();
    app_ready(c).await;
}

/// Waits until the page's path (trailing slash aside) ends with `end`: a redirect done.
async fn wait_for_path(c: &Client, end: &str) {
    let started = Instant::now();
    loop {
        let now = c.current_url().await.unwrap();
        if now.path().trim_end_matches('/').ends_with(end) {
            return;
        }
        assert!(started.elapsed() < WAIT, "not at …{end}: {now}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the app has mounted: `#prerender` is gone.
async fn app_ready(c: &Client) {
    let gone = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("body:not(:has(#prerender))"))
        .await;
    if let Err(e) = gone {
        panic!(
            "the app did not take over the page: {e}; page state: {}",
            page_state(c).await
        );
    }
}

async fn screenshot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

fn sample_site(public_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build_site(Path::new(SAMPLE), dir.path(), public_url);
    dir
}

fn bundle(site: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(site.join("timeline.json")).unwrap()).unwrap()
}

#[tokio::test]
async fn home_lists_every_sample_article() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    text_of(&c, ".article-list").await;
    let mut list = String::new();
    for l in c.find_all(Locator::Css(".article-list")).await.unwrap() {
        list.push_str(&l.text().await.unwrap());
    }
    let b = bundle(site.path());
    let articles = b["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    // Five articles: one page, no pager.
    assert!(c
        .find_all(Locator::Css("nav.pager"))
        .await
        .unwrap()
        .is_empty());
    for a in articles {
        let title = a["title"].as_str().unwrap();
        assert!(list.contains(title), "home page lacks {title:?}:\n{list}");
    }
    assert!(
        list.contains("Russia, Ukraine resume peace talks in Istanbul amid escalating air attacks"),
        "{list}"
    );
    screenshot(&c, "home").await;
    c.close().await.unwrap();
}

/// A story of many articles lists them a page at a time, grouped by month, the page in
/// the URL: never thousands of links on one page.
#[tokio::test]
async fn home_lists_many_articles_a_page_at_a_time_by_month() {
    let corpus = council_corpus(120, 3);
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    assert_eq!(text_of(&c, "nav.pager span").await, "1–50 of 120");
    let links = c.find_all(Locator::Css(".article-list a")).await.unwrap();
    assert_eq!(links.len(), 50);
    assert_eq!(text_of(&c, "h3.article-month").await, "March 2025");
    c.find(Locator::Css("nav.pager a[rel='next']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//nav[contains(@class,'pager')]/span[text()='51–100 of 120']",
        ))
        .await
        .expect("the second page");
    assert!(c.current_url().await.unwrap().as_str().contains("page=2"));
    // A shared link opens on its page.
    open(&c, &format!("{url}?page=3")).await;
    assert_eq!(text_of(&c, "nav.pager span").await, "101–120 of 120");
    assert_eq!(
        c.find_all(Locator::Css(".article-list a"))
            .await
            .unwrap()
            .len(),
        20
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn off_topic_articles_are_set_aside_readable_with_their_reason() {
    let corpus = council_corpus(14, 3);
    for (name, text) in [
        ("zz-football.md", "The striker scored twice on May 3, 2025 as the club won the league final at the stadium before forty thousand fans."),
        ("zz-wedding.md", "The royal wedding on June 7, 2025 drew crowds to the abbey, where the couple married before guests from abroad."),
    ] {
        std::fs::write(
            corpus.path().join(name),
            format!("---\ntitle: {name}\ndate: 2025-06-08\npublisher: Outlet 09\n---\n\n{text}\n"),
        )
        .unwrap();
    }
    let site = tempfile::tempdir().unwrap();
    build_site(corpus.path(), site.path(), "/");
    // In the bundle: set aside with a reason, and no event cites them.
    let b = bundle(site.path());
    let aside: Vec<&str> = b["articles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["set_aside"].is_string())
        .map(|a| a["source_file"].as_str().unwrap())
        .collect();
    assert_eq!(aside, ["zz-football.md", "zz-wedding.md"]);
    let cited: Vec<&str> = b["events"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap())
        .map(|m| m["article"].as_str().unwrap())
        .collect();
    assert!(
        !cited.is_empty() && cited.iter().all(|a| !a.starts_with("zz")),
        "{cited:?}"
    );
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    assert_eq!(
        c.find_all(Locator::Css(".article-list a"))
            .await
            .unwrap()
            .len(),
        14,
        "the story's articles only"
    );
    assert!(text_of(&c, "#articles + p.meta")
        .await
        .starts_with("2 articles off the story's topic set aside"));
    c.find(Locator::LinkText("List them"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//h2[text()='Articles set aside']"))
        .await
        .expect("the set-aside list");
    assert!(c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("articles=set-aside"));
    let listed = c.find_all(Locator::Css(".article-list a")).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(text_of(&c, ".set-aside-why")
        .await
        .starts_with("off the story's topic"));
    listed[0].click().await.unwrap();
    wait_for_path(&c, "/article/zz-football").await;
    assert!(text_of(&c, "p.set-aside")
        .await
        .starts_with("Set aside as off the story's topic"));
    c.close().await.unwrap();
}

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
async fn links_navigate_inside_the_app() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    let link = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".article-list a"))
        .await
        .unwrap();
    let expected = link.text().await.unwrap();
    link.click().await.unwrap();
    assert_eq!(text_of(&c, "article.reader h1").await, expected);
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/article/"));
    // The focus moves to the new page's heading (not left on a link that is gone), so
    // keyboard and screen reader users start reading the new page; the URL was not reloaded.
    let focused = c
        .execute(
            "return [document.activeElement.tagName, document.activeElement.textContent, performance.getEntriesByType('navigation').length]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused, serde_json::json!(["H1", expected, 1]));
    // Changing only the query (a filter) leaves the focus where the reader is, on the
    // folder URL (`/timeline/`) that the links use and a static host serves without a
    // redirect.
    open(&c, &format!("{url}timeline/")).await;
    assert_eq!(
        text_of(&c, ".site-nav a[aria-current=page]").await,
        "Timeline"
    );
    let chip = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".filters a.chip:not(.active)"))
        .await
        .unwrap();
    let label = chip.text().await.unwrap();
    chip.click().await.unwrap();
    text_of(&c, ".filters a.chip.active").await;
    // Read the focus after two frames, when a move of the focus would have happened.
    let focused = c
        .execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(document.activeElement.tagName)))",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(focused, "H1", "after choosing {label:?}");
    c.close().await.unwrap();
}

#[tokio::test]
async fn unknown_routes_and_ids_show_not_found() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}no/such/page")).await;
    assert_eq!(text_of(&c, ".not-found h1").await, "Page not found");
    open(&c, &format!("{url}article/not-an-article")).await;
    assert_eq!(text_of(&c, ".not-found h1").await, "Page not found");
    c.close().await.unwrap();
}

#[tokio::test]
async fn corrupt_or_foreign_bundles_show_an_error_screen() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let path = site.path().join("data/story.json");
    // A fresh browser for each variant: a service worker would keep the first bundle it saw.
    std::fs::write(
        &path,
        b"{\"schema\": \"storyline.timeline/1\", \"articles\": [tru",
    )
    .unwrap();
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    let reason = text_of(&c, ".state.error .reason").await;
    assert!(reason.contains("corrupt"), "{reason}");
    screenshot(&c, "error").await;
    c.close().await.unwrap();

    std::fs::write(
        &path,
        br#"{"schema": "storyline.timeline/99", "articles": []}"#,
    )
    .unwrap();
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    let reason = text_of(&c, ".state.error .reason").await;
    assert!(reason.contains("storyline.timeline/99"), "{reason}");
    c.close().await.unwrap();

    std::fs::remove_file(&path).unwrap();
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}article/x")).await;
    let reason = text_of(&c, ".state.error .reason").await;
    assert!(reason.contains("404"), "{reason}");
    c.close().await.unwrap();
}

/// The app's downloads a page made, sorted: `name:initiator` (`link` for a preload) for the
/// story, the search index, the text files, and `wasm`.
async fn data_loads(c: &Client) -> String {
    let loads = c
        .execute(
            "return performance.getEntriesByType('resource')\
               .filter(e => /\\/(story\\.json|search\\.bin|text\\/\\d+\\.json)$|\\.wasm$/.test(e.name))\
               .map(e => e.name.split('/').pop().replace(/^.*\\.wasm$/, 'wasm') + ':' + e.initiatorType)\
               .sort().join(' ')",
            vec![],
        )
        .await
        .unwrap();
    loads.as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_story_split_into_text_files_reads_searches_and_fails_by_parts() {
    // The sample's text split into files of about 4 KB (by default a story this small
    // keeps its text in the story).
    let site = tempfile::tempdir().unwrap();
    build_site_with(
        Path::new(SAMPLE),
        site.path(),
        "/",
        &["--text-file-bytes", "4096"],
    );
    let story: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.path().join("data/story.json")).unwrap())
            .unwrap();
    assert!(story["articles"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["paragraphs"].as_array().unwrap().is_empty()));
    let files = story["text_files"].as_array().unwrap();
    assert!(files.len() >= 3, "{files:?}");
    let file_of = |id: &str| {
        files
            .iter()
            .find(|f| f["articles"].as_array().unwrap().iter().any(|a| a == id))
            .unwrap()["file"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (_server, url) = serve(site.path(), "/", true);

    // An article's deep link: its text, the sentence highlighted, from the text file its
    // page preloaded beside the story.
    let (_driver, c) = browser().await;
    let id = "004_8a2fb638bc8d5522";
    open(&c, &format!("{url}article/{id}#s1")).await;
    assert!(!text_of(&c, ".sentence.highlight").await.is_empty());
    assert!(text_of(&c, "article.reader .body").await.contains("Lavrov"));
    let file = file_of(id);
    let name = file.rsplit('/').next().unwrap();
    assert_eq!(
        data_loads(&c).await,
        format!("{name}:link story.json:link wasm:fetch")
    );
    c.close().await.unwrap();

    // Search reads the text of the articles it reads and no other: a word of one article
    // fetches that article's file alone, and its snippet is a sentence of the text.
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}search?q=Rubio&kind=article")).await;
    let href = href_of(&c, ".result-list:not([aria-busy]) .hit-link").await;
    let rubio = "002_3f0b11e689aeb747";
    assert!(href.contains(&format!("/article/{rubio}/#s")), "{href}");
    let snippet = text_of(&c, ".hit .snippet").await;
    assert!(snippet.contains("Rubio"), "{snippet}");
    let name = file_of(rubio).rsplit('/').next().unwrap().to_string();
    assert_eq!(
        data_loads(&c).await,
        format!("{name}:fetch search.bin:link story.json:link wasm:fetch"),
        "the story and the index preloaded, one text file fetched"
    );
    // A phrase is checked in the text of every article holding its words.
    open(
        &c,
        &format!("{url}search?q=%22Sergei%20Lavrov%22&kind=article"),
    )
    .await;
    let hits = text_of(&c, ".result-list:not([aria-busy])").await;
    assert!(hits.contains("Lavrov"), "{hits}");
    assert!(data_loads(&c).await.matches(".json:fetch").count() >= 2);
    c.close().await.unwrap();

    // A missing text file fails its articles, and nothing else.
    std::fs::remove_file(site.path().join(&file)).unwrap();
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}article/{id}#s1")).await;
    let reason = text_of(&c, "article.reader .state.error").await;
    assert!(
        reason.contains("text could not be loaded") && reason.contains("404"),
        "{reason}"
    );
    assert!(!text_of(&c, "article.reader h1").await.is_empty());
    assert!(!text_of(&c, "article.reader .event-list").await.is_empty());
    let other = story["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .find(|a| file_of(a) != file)
        .unwrap();
    open(&c, &format!("{url}article/{other}")).await;
    assert!(!text_of(&c, "article.reader .body .sentence")
        .await
        .is_empty());
    open(&c, &format!("{url}timeline/")).await;
    assert!(!text_of(&c, ".timeline .event-title").await.is_empty());
    // Search finds the article by its title alone and says why.
    open(&c, &format!("{url}search?q=Zakharova&kind=article")).await;
    let alert = text_of(&c, ".result-list .state.error").await;
    assert!(
        alert.contains("could not be loaded") && alert.contains("404"),
        "{alert}"
    );
    let link = href_of(&c, ".hit-link").await;
    assert!(link.ends_with(&format!("/article/{id}/")), "{link}");
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_site_built_for_a_sub_path_works_under_it() {
    let prefix = "/some/prefix/";
    let site = sample_site(prefix);
    let (_server, url) = serve(site.path(), prefix, true);
    assert!(url.ends_with(prefix), "{url}");
    let (_driver, c) = browser().await;
    open(&c, &url).await;
    let href = href_of(&c, ".article-list a").await;
    assert!(href.starts_with("/some/prefix/article/"), "{href}");
    // A deep link under the prefix opens directly.
    open(&c, &format!("{url}article/002_3f0b11e689aeb747")).await;
    let title = text_of(&c, "article.reader h1").await;
    assert_eq!(
        title,
        "Ukraine and Russia headed for second round of peace talks in Istanbul"
    );
    // The header's search box and typing on the search page stay under the prefix (the
    // router puts its base before a route it navigates to: once, not twice).
    let header = c.find(Locator::Id("site-search")).await.unwrap();
    header.send_keys("istanbul\u{e007}").await.unwrap(); // Enter
    c.wait()
        .at_most(WAIT)
        .for_url(&url::Url::parse(&format!("{url}search/?q=istanbul")).unwrap())
        .await
        .unwrap();
    text_of(&c, ".hit").await;
    type_search(&c, &url, "lavrov").await;
    let hit = text_of(&c, ".hit").await;
    assert!(hit.to_lowercase().contains("lavrov"), "{hit}");
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

/// The sample site's event on `date` reported by the most articles.
fn biggest_event_on(b: &serde_json::Value, date: &str) -> serde_json::Value {
    b["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["date"] == date)
        .max_by_key(|e| {
            let mut arts: Vec<&str> = e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["article"].as_str().unwrap())
                .collect();
            arts.sort();
            arts.dedup();
            arts.len()
        })
        .unwrap_or_else(|| panic!("no event on {date}"))
        .clone()
}

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
    assert_eq!(
        c.find_all(Locator::Css(".timeline .event-card"))
            .await
            .unwrap()
            .len(),
        all
    );
    let gap = text_of(&c, ".timeline-gap").await;
    assert!(
        gap.contains("year"),
        "the 2022 → 2025 stretch is compressed: {gap}"
    );
    screenshot(&c, "timeline").await;

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
    let field = c
        .find(Locator::Css(".asof-form input[type=date]"))
        .await
        .unwrap();
    assert_eq!(
        field.attr("min").await.unwrap().as_deref(),
        Some("2025-03-01")
    );
    assert_eq!(
        field.attr("max").await.unwrap().as_deref(),
        Some("2025-03-14")
    );
    c.execute(
        "document.querySelector('.asof-form input[type=date]').value = '2025-03-05'",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css(".asof-form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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

/// `articles` reports of one council vote on March 10, 2025, written by `outlets`
/// publishers in turn, each worded its own way; the mayor is in every article.
fn council_corpus(articles: usize, outlets: usize) -> tempfile::TempDir {
    let words = [
        "river", "harbor", "market", "school", "tunnel", "railway", "museum", "stadium", "library",
        "hospital", "airport", "factory", "orchard", "vineyard", "canal",
    ];
    let verbs = [
        "praised",
        "criticised",
        "questioned",
        "welcomed",
        "opposed",
        "doubted",
        "supported",
    ];
    let corpus = tempfile::tempdir().unwrap();
    for i in 0..articles {
        let w = |k: usize| words[(i * 7 + k * 4) % words.len()];
        let v = |k: usize| verbs[(i * 3 + k * 2) % verbs.len()];
        std::fs::write(
            corpus.path().join(format!("a{i:02}.md")),
            format!(
                "---\ntitle: \"Council report {i}: the {} and the {}\"\ndate: 2025-03-{:02}\npublisher: Outlet {:02}\n---\n\n\
                 The Springfield council approved the bridge budget on March 10, 2025, after a long debate about the {}.\n\n\
                 Local residents {} the plan for the {} while engineers {} the costs of the {}, according to reporter number {i}.\n\n\
                 Mayor Quimby {} the vote and promised a new {} by {}.\n",
                w(0), w(1), 10 + i % 3, i % outlets, w(0), v(0), w(1), v(1), w(2), v(2), w(3), 2026 + i % 4
            ),
        )
        .unwrap();
    }
    corpus
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
async fn search_as_you_type_with_the_query_in_the_url() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    // Over an empty query the page says what there is to find, in the same words before
    // the app runs (its static HTML) as after.
    open(&c, &format!("{url}search")).await;
    let hint = text_of(&c, ".hint").await;
    let b = bundle(site.path());
    let count = |k: &str| b[k].as_array().unwrap().len();
    assert!(
        hint.starts_with(&format!(
            "Search {} events, {} articles and {} people, places and organisations.",
            count("events"),
            count("articles"),
            count("entities")
        )),
        "{hint}"
    );
    let html = std::fs::read_to_string(site.path().join("search/index.html")).unwrap();
    assert!(
        html.contains(&format!("<p>{}</p>", hint.replace('"', "&quot;"))),
        "{hint} is not in the static page: {html}"
    );
    // A deep link to a search; an alias spelling finds the canonical name.
    open(&c, &format!("{url}search?q=Zelensky")).await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".hit"))
        .await
        .unwrap();
    let results = text_of(&c, ".results").await;
    assert!(results.contains("Volodymyr Zelenskyy"), "{results}");
    screenshot(&c, "search").await;
    // A search page with a query fetches the wasm, the story and the search index as it
    // is parsed (Trunk.toml), and the app used those downloads: one request each, the data
    // started by the preload links.
    let loads = data_loads(&c).await;
    assert_eq!(
        loads, "search.bin:link story.json:link wasm:fetch",
        "{loads:?}"
    );
    // Typing replaces the query in the URL.
    type_search(&c, &url, "helicopter").await;
    let empty = text_of(&c, ".no-results").await;
    assert!(
        empty.contains("Nothing matches"),
        "teasers are not indexed: {empty}"
    );
    // The `/` key focuses the search box from any page.
    open(&c, &format!("{url}timeline")).await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".timeline"))
        .await
        .unwrap();
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let focused = c.active_element().await.unwrap().attr("id").await.unwrap();
    assert_eq!(focused.as_deref(), Some("site-search"));
    c.close().await.unwrap();
}

#[tokio::test]
async fn search_shows_a_screenful_per_kind_and_all_of_a_kind_page_by_page() {
    use storyline_search::{Filters, HitKind, SearchIndex, FIRST_SCREEN, KIND_PAGE};
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    // What the engine finds natively on the same site's files: the kind with the most hits.
    let model: storyline_model::Bundle =
        serde_json::from_slice(&std::fs::read(site.path().join("timeline.json")).unwrap()).unwrap();
    let index =
        SearchIndex::from_bytes(&std::fs::read(site.path().join("search.bin")).unwrap()).unwrap();
    // Everything one outlet published or mentioned (an empty query browses with a filter).
    let outlet = model
        .articles
        .iter()
        .find_map(|a| a.publisher.clone())
        .unwrap();
    let query = format!("q=&outlet={}", outlet.replace(' ', "%20"));
    let filters = Filters {
        outlets: vec![outlet.clone()],
        ..Filters::default()
    };
    let all = index.search(&model, "", &filters, usize::MAX);
    let (kind, count) = HitKind::ORDER
        .into_iter()
        .map(|k| (k, all.hits.iter().filter(|h| h.kind == k).count()))
        .max_by_key(|&(_, n)| n)
        .unwrap();
    assert!(
        count > FIRST_SCREEN && count <= KIND_PAGE,
        "the sample needs a kind with more hits than a screenful: {count} {kind:?}"
    );
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}search/?{query}")).await;
    let group = format!(".hit-group:has(a[href*='kind={}'])", kind.as_str());
    let more = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!("{group} .more a")))
        .await
        .unwrap();
    assert_eq!(
        c.find_all(Locator::Css(&format!("{group} .hit")))
            .await
            .unwrap()
            .len(),
        FIRST_SCREEN
    );
    assert!(more
        .text()
        .await
        .unwrap()
        .starts_with(&format!("All {count} ")));
    // The link opens that kind alone, with every hit, and the URL says so.
    more.click().await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_url(&url::Url::parse(&format!("{url}search/?{query}&kind={}", kind.as_str())).unwrap())
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".filter-row .chip.active"))
        .await
        .unwrap();
    let hits = c.find_all(Locator::Css(".hit")).await.unwrap();
    assert_eq!(hits.len(), count, "every hit of the kind, one group");
    assert_eq!(
        c.find_all(Locator::Css(".hit-group")).await.unwrap().len(),
        1
    );
    let first = hits[0]
        .find(Locator::Css(".hit-link"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let expected = all.hits.iter().find(|h| h.kind == kind).unwrap();
    assert!(
        first.contains(&expected.id),
        "{first} is not {}",
        expected.id
    );
    // A page past the last says so and links back to the first.
    open(
        &c,
        &format!("{url}search/?{query}&kind={}&page=9", kind.as_str()),
    )
    .await;
    let past = text_of(&c, ".no-results").await;
    assert!(past.contains("past the last"), "{past}");
    c.close().await.unwrap();
}

/// Runs axe-core (from `tools/node_modules`, injected into the page) and returns its violations.
async fn axe_violations(c: &Client, axe: &str) -> Vec<serde_json::Value> {
    c.execute(axe, vec![]).await.expect("inject axe-core");
    let result = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] }).then(
                 r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.html + '  ← ' + n.failureSummary) }))),
                 e => done({ error: String(e) }));"#,
            vec![],
        )
        .await
        .expect("run axe-core");
    match result {
        serde_json::Value::Array(v) => v,
        other => panic!("axe-core failed: {other}"),
    }
}

#[tokio::test]
async fn every_route_has_no_axe_violations() {
    let axe_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tools/node_modules/axe-core/axe.min.js"
    );
    let axe = std::fs::read_to_string(axe_path)
        .unwrap_or_else(|e| panic!("{axe_path}: {e} (run scripts/setup.sh)"));
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let b = bundle(site.path());
    // An event where outlets disagree: its page has the most parts.
    let events = b["events"].as_array().unwrap();
    let event = events
        .iter()
        .find(|e| e["discrepancies"].as_array().is_some_and(|d| !d.is_empty()))
        .unwrap_or(&events[0])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let routes = [
        ("".to_string(), ".article-list"),
        ("timeline".into(), ".timeline .event-card"),
        ("timeline?view=highlights".into(), ".timeline .event-card"),
        (format!("event/{event}"), ".event-page h1"),
        (
            "article/004_8a2fb638bc8d5522#s1".into(),
            ".sentence.highlight",
        ),
        ("entity/sergei-lavrov".into(), ".entity-page h1"),
        ("search?q=istanbul".into(), ".hit"),
        ("search?q=zzzzqqq".into(), ".no-results"),
        ("no/such/page".into(), ".not-found h1"),
    ];
    let mut report = String::new();
    // Light, then dark (Blink's preferredColorScheme: 0 is dark, 1 is light).
    for (scheme, flag) in [
        ("light", "--blink-settings=preferredColorScheme=1"),
        ("dark", "--blink-settings=preferredColorScheme=0"),
    ] {
        let (_driver, c) = browser_with(&[flag]).await;
        for (route, ready) in &routes {
            open(&c, &format!("{url}{route}")).await;
            text_of(&c, ready).await;
            let dark = c
                .execute(
                    "return matchMedia('(prefers-color-scheme: dark)').matches",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(dark, serde_json::Value::Bool(scheme == "dark"), "{flag}");
            for v in axe_violations(&c, &axe).await {
                report.push_str(&format!(
                    "[{scheme}] /{route}: {} ({}) {}\n",
                    v["id"].as_str().unwrap_or_default(),
                    v["impact"].as_str().unwrap_or_default(),
                    v["help"].as_str().unwrap_or_default()
                ));
                for node in v["nodes"].as_array().into_iter().flatten() {
                    report.push_str(&format!("    {}\n", node.as_str().unwrap_or_default()));
                }
            }
        }
        c.close().await.unwrap();
    }
    assert!(report.is_empty(), "axe-core violations:\n{report}");
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

#[tokio::test]
async fn deep_links_work_on_a_host_without_fallback_under_a_sub_path() {
    let prefix = "/sub/path/";
    let site = sample_site(prefix);
    let (_server, url) = serve(site.path(), prefix, false);
    let b = bundle(site.path());
    let event = biggest_event_on(&b, "2025-05-16");
    let (_driver, c) = browser().await;
    let cases = [
        (
            format!("event/{}", event["id"].as_str().unwrap()),
            ".event-page h1",
        ),
        (
            "article/001_f5fbdbc7dfed2bbc#s2".to_string(),
            ".sentence.highlight",
        ),
        ("entity/vladimir-putin".to_string(), ".entity-page h1"),
        (
            "timeline?outlet=Freelanews".to_string(),
            ".timeline .event-card",
        ),
        ("timeline".to_string(), ".timeline .event-card"),
        ("search?q=memorandum".to_string(), ".hit"),
        ("no/such/page".to_string(), ".not-found h1"),
        ("event/no-such-event".to_string(), ".not-found h1"),
    ];
    for (route, selector) in cases {
        open(&c, &format!("{url}{route}")).await;
        let text = text_of(&c, selector).await;
        assert!(!text.is_empty(), "{route}: empty {selector}");
    }
    // Every link the app writes to a route is the URL its page is served at: no redirect
    // (a static host redirects `event/x` to `event/x/`).
    for (route, selector) in [
        (
            format!("event/{}/", event["id"].as_str().unwrap()),
            ".event-page a.quote",
        ),
        ("timeline/".to_string(), ".timeline .event-card a"),
    ] {
        open(&c, &format!("{url}{route}")).await;
        text_of(&c, selector).await;
        let found = c
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 const base = document.baseURI;\
                 const links = [...new Set([...document.querySelectorAll('a[href]')]\
                   .map((a) => new URL(a.getAttribute('href'), base))\
                   .filter((u) => u.href.startsWith(base) && !/\\.[a-z]+$/.test(u.pathname))\
                   .map((u) => u.origin + u.pathname + u.search))];\
                 Promise.all(links.map((l) => fetch(l, { redirect: 'manual' })\
                   .then((r) => (r.status === 200 ? '' : l + ' ' + (r.type === 'opaqueredirect' ? 'redirects' : r.status)))))\
                   .then((bad) => done([links.length, bad.filter(Boolean)]));",
                vec![],
            )
            .await
            .unwrap();
        let links = found[0].as_u64().unwrap_or(0);
        assert!(links >= 5, "{route}: {found}");
        assert_eq!(found[1], serde_json::json!([]), "{route}: {links} links");
    }
    c.close().await.unwrap();
}

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

#[tokio::test]
async fn event_and_entity_links_of_a_previous_build_still_resolve() {
    let v1 = sample_site("/");
    // Pretend an earlier build called the May 16 event by another id, and Putin by
    // another name.
    let mut old = bundle(v1.path());
    let event = biggest_event_on(&old, "2025-05-16");
    let current_id = event["id"].as_str().unwrap().to_string();
    for e in old["events"].as_array_mut().unwrap() {
        if e["id"] == current_id.as_str() {
            e["id"] = "2025-05-16-first-round-istanbul".into();
        }
    }
    let putin = old["entities"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["id"] == "vladimir-putin")
        .expect("the sample names Vladimir Putin");
    putin["id"] = "vladimir-v-putin".into();
    putin["name"] = "Vladimir V. Putin".into();
    std::fs::write(
        v1.path().join("timeline.json"),
        serde_json::to_vec(&old).unwrap(),
    )
    .unwrap();
    let v2 = tempfile::tempdir().unwrap();
    let out = Command::new(storyline_bin())
        .args([
            "build",
            SAMPLE,
            "--out",
            v2.path().to_str().unwrap(),
            "--previous",
            v1.path().to_str().unwrap(),
            "--no-cache",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        bundle(v2.path())["redirects"]["2025-05-16-first-round-istanbul"],
        current_id.as_str()
    );
    assert!(v2
        .path()
        .join("event/2025-05-16-first-round-istanbul/index.html")
        .is_file());
    assert_eq!(
        bundle(v2.path())["entity_redirects"]["vladimir-v-putin"],
        "vladimir-putin"
    );
    assert!(v2
        .path()
        .join("entity/vladimir-v-putin/index.html")
        .is_file());

    let (_server, url) = serve(v2.path(), "/", false);
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}event/2025-05-16-first-round-istanbul")).await;
    assert_eq!(
        text_of(&c, ".event-page h1").await,
        event["title"].as_str().unwrap()
    );
    wait_for_path(&c, &format!("/event/{current_id}")).await;
    open(&c, &format!("{url}entity/vladimir-v-putin")).await;
    assert_eq!(text_of(&c, ".entity-page h1").await, "Vladimir Putin");
    wait_for_path(&c, "/entity/vladimir-putin").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn keyboard_focus_is_visible_and_the_skip_link_stays_on_the_page() {
    let site = sample_site("/");
    let (_server, url) = serve(site.path(), "/", true);
    let (_driver, c) = browser().await;
    open(&c, &format!("{url}timeline")).await;
    text_of(&c, ".timeline .event-card").await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("\u{e004}").await.unwrap(); // Tab
    let focused = c.active_element().await.unwrap();
    assert_eq!(focused.text().await.unwrap(), "Skip to content");
    // Every stop of the first dozen shows a focus outline.
    for _ in 0..12 {
        let style = c
            .execute(
                "const el = document.activeElement; const s = getComputedStyle(el);
                 return [el.outerHTML.slice(0, 80), s.outlineStyle, s.outlineWidth];",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            style[1] != "none" && style[2] != "0px",
            "no visible focus: {style}"
        );
        c.active_element()
            .await
            .unwrap()
            .send_keys("\u{e004}")
            .await
            .unwrap();
    }
    // Back to the skip link: Enter moves the focus to <main> and stays on /timeline/.
    open(&c, &format!("{url}timeline/")).await;
    text_of(&c, ".timeline .event-card").await;
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("\u{e004}")
        .await
        .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{e007}") // Enter
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(c.current_url().await.unwrap().path(), "/timeline/");
    let focused = c.active_element().await.unwrap().attr("id").await.unwrap();
    assert_eq!(focused.as_deref(), Some("main"));
    // The navigation marks the page being read.
    let current = text_of(&c, ".site-nav a[aria-current=page]").await;
    assert_eq!(current, "Timeline");
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_site_opened_from_disk_says_why_it_cannot_show_and_what_to_do() {
    let site = sample_site("/");
    let (_driver, c) = browser().await;
    c.goto(&format!("file://{}/index.html", site.path().display()))
        .await
        .unwrap();
    let notice = text_of(&c, ".file-notice").await;
    assert!(
        notice.contains("opened from a file") && notice.contains("storyline serve"),
        "{notice}"
    );
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
