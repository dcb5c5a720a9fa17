//! Search: as you type with the query in the URL, a screenful per kind and every hit of a
//! kind.

use crate::support::*;
use fantoccini::Locator;

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
