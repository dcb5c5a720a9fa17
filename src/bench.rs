//! Times the search engine inside the browser, for `bench/search-browser/run.sh` only.
//!
//! Nothing in the app calls these exports; Trunk exposes them as `window.wasmBindings`.
//! `await wasmBindings.bench_load()` fetches the site's story, search index and every text
//! file (the files the app loads, so from the HTTP cache once the app is up) and keeps
//! them, the text joined: the engine is timed on the whole bundle;
//! `wasmBindings.bench_search(queries, repeats, limit)` runs each query `repeats` times the
//! way the search page's first screen does (no filters, all kinds, `limit` hits per kind,
//! [`storyline_search::FIRST_SCREEN`] when undefined) and returns every run's duration in
//! milliseconds (`performance.now()`), query by query.

use crate::bundle::{load_bundle, BundleState};
use std::cell::RefCell;
use std::sync::Arc;
use storyline_model::Bundle;
use storyline_search::{Filters, SearchIndex, FIRST_SCREEN};
use wasm_bindgen::prelude::*;

thread_local! {
    static LOADED: RefCell<Option<(Arc<Bundle>, SearchIndex)>> = const { RefCell::new(None) };
}

/// `performance.now()`, without a web-sys feature.
fn now() -> f64 {
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap_or_default();
    js_sys::Reflect::get(&perf, &"now".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&perf).ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

/// Loads the bundle and the search index; resolves to the number of articles.
#[wasm_bindgen]
pub async fn bench_load() -> Result<u32, JsValue> {
    let story = match load_bundle(crate::links::asset_url(storyline_model::STORY_FILE)).await {
        BundleState::Ready(b) => b,
        BundleState::Failed(e) => return Err(e.into()),
    };
    let index = crate::routes::search::load_index().await?;
    let bundle = crate::texts::whole_bundle(&story).await?;
    let n = bundle.articles.len() as u32;
    LOADED.with(|l| *l.borrow_mut() = Some((bundle, index)));
    Ok(n)
}

/// Each query's `repeats` run times in ms, flattened (query by query); empty before
/// [`bench_load`].
#[wasm_bindgen]
pub fn bench_search(queries: Vec<String>, repeats: u32, limit: Option<u32>) -> Vec<f64> {
    LOADED.with(|l| {
        let Some((bundle, index)) = &*l.borrow() else {
            return vec![];
        };
        let filters = Filters::default();
        let limit = limit.map_or(FIRST_SCREEN, |l| l as usize);
        let mut out = Vec::with_capacity(queries.len() * repeats as usize);
        for q in &queries {
            for _ in 0..repeats {
                let t = now();
                let r = index.search(bundle, q, &filters, limit);
                out.push(now() - t);
                std::hint::black_box(r);
            }
        }
        out
    })
}
