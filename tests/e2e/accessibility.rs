//! Accessibility: no axe-core violations in light or dark, visible keyboard focus.

use crate::support::*;
use fantoccini::{Client, Locator};
use std::time::Duration;

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
