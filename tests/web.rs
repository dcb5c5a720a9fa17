//! Component tests of the app, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use std::sync::Arc;
use storyline_app::{ErrorScreen, Site};
use storyline_model::{Article, Bundle};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount one test's view in, so tests never see each other's DOM.
fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(doc.create_element("div").unwrap());
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn article(id: &str, title: &str, paragraphs: &[&str]) -> Article {
    Article {
        id: id.into(),
        source_file: format!("{id}.txt"),
        title: title.into(),
        published: Some("2025-06-02".into()),
        publisher: Some("Freelanews".into()),
        url: None,
        author: None,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        provenance: vec![],
        duplicates: vec![],
        set_aside: None,
    }
}

#[wasm_bindgen_test]
async fn error_screen_shows_the_reason_as_text() {
    let el = container();
    let reason = "the bundle is corrupt: <b>expected value</b>".to_string();
    let handle = leptos::mount::mount_to(
        el.clone(),
        move || view! { <ErrorScreen reason=reason.clone()/> },
    );
    leptos::task::tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains("This story could not be opened"), "{text}");
    assert!(
        text.contains("<b>expected value</b>"),
        "reason must be text, not HTML: {text}"
    );
    assert!(el.query_selector("b").unwrap().is_none());
    drop(handle);
}

#[wasm_bindgen_test]
async fn home_lists_the_bundle_articles() {
    let el = container();
    let mut bundle = Bundle::new(vec![
        article(
            "a",
            "Russia, Ukraine resume peace talks in Istanbul",
            &["Talks resumed today."],
        ),
        article(
            "b",
            "Russia proposes June 2 talks",
            &["Lavrov announced Wednesday."],
        ),
    ]);
    bundle.story.title = "Istanbul talks".into();
    let bundle = Arc::new(bundle);
    let handle =
        leptos::mount::mount_to(el.clone(), move || view! { <Site bundle=bundle.clone()/> });
    leptos::task::tick().await;
    let titles: Vec<String> = {
        let list = el
            .query_selector_all(".article-list .article-title")
            .unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().text_content().unwrap())
            .collect()
    };
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"Russia proposes June 2 talks".to_string()));
    let href = el
        .query_selector(".article-list a")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap();
    assert!(
        href.ends_with("/article/a/") || href.ends_with("/article/b/"),
        "{href}"
    );
    drop(handle);
}

#[wasm_bindgen_test]
fn the_model_checks_the_schema_in_the_browser() {
    let err = Bundle::from_json(r#"{"schema":"storyline.timeline/2","articles":[]}"#).unwrap_err();
    assert!(err.to_string().contains("storyline.timeline/2"));
    let ok = Bundle::from_json(&serde_json::to_string(&Bundle::new(vec![])).unwrap());
    assert!(ok.is_ok());
}

#[wasm_bindgen_test]
fn links_follow_the_document_base() {
    let base = storyline_app::links::base_path();
    assert!(!base.ends_with('/'), "{base}");
    assert_eq!(
        storyline_app::links::href("/article/x"),
        format!("{base}/article/x/")
    );
    assert_eq!(
        storyline_app::links::href("/article/x#s2"),
        format!("{base}/article/x/#s2")
    );
    assert_eq!(storyline_app::links::segment("a b/c"), "a%20b%2Fc");
}
