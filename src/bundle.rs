//! Fetches and checks the bundle once, turning every failure into a readable reason.

use std::sync::Arc;
use storyline_model::Bundle;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The story once fetched: ready to show, or why it is not.
#[derive(Clone, Debug)]
pub enum BundleState {
    /// The bundle, parsed and of the schema this app reads.
    Ready(Arc<Bundle>),
    /// Why the bundle could not be used, in words for the reader.
    Failed(String),
}

/// Fetches the bundle at `url` and checks it, its schema included.
pub async fn load_bundle(url: String) -> BundleState {
    let state = match fetch_text(&url).await {
        Ok(text) => match Bundle::from_json(&text) {
            Ok(bundle) => BundleState::Ready(Arc::new(bundle)),
            Err(err) => BundleState::Failed(err.to_string()),
        },
        Err(err) => BundleState::Failed(err),
    };
    // Parsing and the first render are two tasks, not one long one that blocks input.
    next_task().await;
    state
}

/// Resolves in a new task (a zero timeout), letting the browser handle input in between.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let queued = web_sys::window().is_some_and(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .is_ok()
        });
        if !queued {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn fetch_text(url: &str) -> Result<String, String> {
    read_text(start_fetch(url)?, url)
        .await
        .map_err(|e| format!("the bundle {e}"))
}

/// Starts fetching a file of the site: the download runs while other fetches are started.
pub fn start_fetch(url: &str) -> Result<JsFuture, String> {
    let window = web_sys::window().ok_or("no window")?;
    Ok(JsFuture::from(window.fetch_with_str(url)))
}

/// The text of a started fetch; the reason it failed starts with the URL.
pub async fn read_text(pending: JsFuture, url: &str) -> Result<String, String> {
    let response = pending
        .await
        .map_err(|e| format!("{url} could not be fetched: {}", js_error(&e)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "fetch returned no response")?;
    if !response.ok() {
        return Err(format!(
            "{url} could not be loaded (HTTP {} {})",
            response.status(),
            response.status_text()
        ));
    }
    let text = JsFuture::from(response.text().map_err(|e| js_error(&e))?)
        .await
        .map_err(|e| format!("{url} could not be read: {}", js_error(&e)))?;
    text.as_string().ok_or_else(|| format!("{url} is not text"))
}

fn js_error(value: &wasm_bindgen::JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// The bytes of a started fetch (see [`start_fetch`]).
pub async fn read_bytes(pending: JsFuture, url: &str) -> Result<Vec<u8>, String> {
    let response = pending
        .await
        .map_err(|e| format!("{url} could not be fetched: {}", js_error(&e)))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "fetch returned no response")?;
    if !response.ok() {
        return Err(format!(
            "{url} could not be loaded (HTTP {})",
            response.status()
        ));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| js_error(&e))?)
        .await
        .map_err(|e| format!("{url} could not be read: {}", js_error(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
