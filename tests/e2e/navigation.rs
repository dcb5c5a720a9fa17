//! Getting around: links inside the app, pages not found, sites under a sub-path, deep
//! links on a host without fallback.

use crate::support::*;
use fantoccini::Locator;

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
