//! Links of a previous build still resolve.

use crate::support::*;
use std::process::Command;

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
