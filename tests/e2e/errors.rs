//! What goes wrong is said: corrupt or foreign bundles, missing text files, a site opened
//! from disk.

use crate::support::*;
use std::path::Path;

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
