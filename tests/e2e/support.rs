//! What the end-to-end tests share: building and serving sites, driving Chromium, reading
//! pages and bundles.

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/istanbul-talks");
pub(crate) const WAIT: Duration = Duration::from_secs(45);

pub(crate) fn storyline_bin() -> PathBuf {
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
pub(crate) struct Guard {
    child: Child,
    _folder: Option<tempfile::TempDir>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn build_site(corpus: &Path, out: &Path, public_url: &str) {
    build_site_with(corpus, out, public_url, &[]);
}

pub(crate) fn build_site_with(corpus: &Path, out: &Path, public_url: &str, extra: &[&str]) {
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
pub(crate) fn serve(site: &Path, public_url: &str, fallback: bool) -> (Guard, String) {
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

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A headless Chromium session through its own chromedriver.
pub(crate) async fn browser() -> (Guard, Client) {
    browser_with(&[]).await
}

/// A headless Chromium session with extra command-line flags.
pub(crate) async fn browser_with(extra: &[&str]) -> (Guard, Client) {
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
pub(crate) async fn text_of(c: &Client, css: &str) -> String {
    match c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap(),
        Err(e) => panic!("no {css}: {e}; page state: {}", page_state(c).await),
    }
}

/// Waits for an element and returns its `href`.
pub(crate) async fn href_of(c: &Client, css: &str) -> String {
    match c.wait().at_most(WAIT).for_element(Locator::Css(css)).await {
        Ok(el) => el.attr("href").await.unwrap().unwrap_or_default(),
        Err(e) => panic!("no {css}: {e}; page state: {}", page_state(c).await),
    }
}

/// Where the page is and what it loaded, for a test that times out.
pub(crate) async fn page_state(c: &Client) -> String {
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
pub(crate) async fn type_search(c: &Client, url: &str, query: &str) {
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
pub(crate) async fn open(c: &Client, url: &str) {
    c.goto(url).await.unwrap();
    app_ready(c).await;
}

/// Waits until the page's path (trailing slash aside) ends with `end`: a redirect done.
pub(crate) async fn wait_for_path(c: &Client, end: &str) {
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
pub(crate) async fn app_ready(c: &Client) {
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

pub(crate) async fn screenshot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

pub(crate) fn sample_site(public_url: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    build_site(Path::new(SAMPLE), dir.path(), public_url);
    dir
}

pub(crate) fn bundle(site: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(site.join("timeline.json")).unwrap()).unwrap()
}

/// The app's downloads a page made, sorted: `name:initiator` (`link` for a preload) for the
/// story, the search index, the text files, and `wasm`.
pub(crate) async fn data_loads(c: &Client) -> String {
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

/// The sample site's event on `date` reported by the most articles.
pub(crate) fn biggest_event_on(b: &serde_json::Value, date: &str) -> serde_json::Value {
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

/// `articles` reports of one council vote on March 10, 2025, written by `outlets`
/// publishers in turn, each worded its own way; the mayor is in every article.
pub(crate) fn council_corpus(articles: usize, outlets: usize) -> tempfile::TempDir {
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
