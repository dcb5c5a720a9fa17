//! The home page: the story's articles, listed a page at a time, and those set aside.

use crate::support::*;
use fantoccini::Locator;

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
