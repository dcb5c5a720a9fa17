//! Fetches the articles' text, kept out of the story the app starts with, when a page needs it.
//!
//! The site's story (`storyline_model::STORY_FILE`) carries every event, entity and
//! article's metadata but no paragraphs: those are in text files of a dozen articles each
//! (`storyline_model::TEXT_DIR`), so a reader downloads the text of what they open. A file
//! is fetched once; the pages that need it render again when it arrives.

use crate::bundle::{read_text, start_fetch};
use crate::links;
use leptos::prelude::*;
use std::sync::Arc;
use storyline_model::Bundle;

/// A text file as far as it got.
#[derive(Clone, Debug)]
pub enum TextState {
    /// Asked for, not arrived yet.
    Loading,
    /// The file: a bundle of its articles alone.
    Ready(Arc<Bundle>),
    /// Why the file could not be fetched or read.
    Failed(String),
}

/// The text files fetched so far, by path inside the site (a few hundred at most: a list).
#[derive(Clone, Copy)]
pub struct TextCell(pub RwSignal<Vec<(String, TextState)>>);

impl TextCell {
    /// No file fetched yet.
    pub fn new() -> Self {
        TextCell(RwSignal::new(Vec::new()))
    }

    /// A file's state, tracked: a reactive caller runs again when it changes.
    fn get(self, file: &str) -> Option<TextState> {
        self.0.with(|m| state_of(m, file))
    }

    fn get_untracked(self, file: &str) -> Option<TextState> {
        self.0.with_untracked(|m| state_of(m, file))
    }

    /// Marks `file` as loading; false when it was already asked for.
    fn claim(self, file: &str) -> bool {
        let fresh = self.0.with_untracked(|m| m.iter().all(|(f, _)| f != file));
        if fresh {
            self.0
                .update_untracked(|m| m.push((file.to_string(), TextState::Loading)));
        }
        fresh
    }

    fn set(self, file: &str, state: TextState) {
        self.0
            .update(|m| match m.iter_mut().find(|(f, _)| f == file) {
                Some(entry) => entry.1 = state,
                None => m.push((file.to_string(), state)),
            });
    }
}

fn state_of(files: &[(String, TextState)], file: &str) -> Option<TextState> {
    files
        .iter()
        .find(|(f, _)| f == file)
        .map(|(_, s)| s.clone())
}

impl Default for TextCell {
    fn default() -> Self {
        Self::new()
    }
}

/// An article's paragraphs: at once when the bundle carries them, else from its text file,
/// which is fetched on the first call (the caller, if reactive, runs again when it
/// arrives). `Ok(None)` while loading.
pub fn paragraphs(
    cell: TextCell,
    bundle: &Bundle,
    article: &storyline_model::Article,
) -> Result<Option<Vec<String>>, String> {
    let Some(file) = bundle.text_file(&article.id) else {
        return Ok(Some(article.paragraphs.clone()));
    };
    match request(cell, file) {
        Some(TextState::Ready(texts)) => Ok(Some(
            texts
                .paragraphs(&article.id)
                .map(<[String]>::to_vec)
                .unwrap_or_default(),
        )),
        Some(TextState::Failed(e)) => Err(e),
        _ => Ok(None),
    }
}

/// A text file's state, tracked; fetched on the first call.
pub fn request(cell: TextCell, file: &str) -> Option<TextState> {
    request_untracked(cell, file);
    cell.get(file)
}

/// A text file's state, fetched on the first call, untracked (see [`joined`]).
pub fn request_untracked(cell: TextCell, file: &str) -> Option<TextState> {
    if cell.claim(file) {
        leptos::task::spawn_local(fetch_into(cell, file.to_string()));
    }
    cell.get_untracked(file)
}

/// The story with every text file fetched so far put back (tracked: a reactive caller
/// runs again when files arrive); what search reads, asking for more when it needs it.
/// `None` while a file is still loading: the files a search asked for arrive one by one,
/// and are joined (a copy of the story) once, when the last is in.
pub fn joined(cell: TextCell, story: &Arc<Bundle>) -> Option<Arc<Bundle>> {
    if story.text_files.is_empty() {
        return Some(story.clone()); // not split: the story is the whole bundle
    }
    cell.0.with(|files| {
        if files.iter().any(|(_, s)| matches!(s, TextState::Loading)) {
            return None;
        }
        let ready: Vec<(&str, &Bundle)> = files
            .iter()
            .filter_map(|(f, s)| match s {
                TextState::Ready(t) => Some((f.as_str(), t.as_ref())),
                _ => None,
            })
            .collect();
        Some(if ready.is_empty() {
            story.clone()
        } else {
            Arc::new(story.join_text(ready))
        })
    })
}

/// How many text files have arrived or failed (tracked).
pub fn settled(cell: TextCell) -> usize {
    cell.0.with(|files| {
        files
            .iter()
            .filter(|(_, s)| !matches!(s, TextState::Loading))
            .count()
    })
}

async fn fetch_into(cell: TextCell, file: String) {
    let url = links::asset_url(&file);
    let state = match load(&url).await {
        Ok(texts) => TextState::Ready(Arc::new(texts)),
        Err(e) => TextState::Failed(e),
    };
    cell.set(&file, state);
}

async fn load(url: &str) -> Result<Bundle, String> {
    read_file(start_fetch(url)?, url).await
}

/// A started fetch of a text file, read as the bundle of its articles.
async fn read_file(pending: wasm_bindgen_futures::JsFuture, url: &str) -> Result<Bundle, String> {
    let json = read_text(pending, url).await?;
    Bundle::from_json(&json).map_err(|e| format!("{url}: {e}"))
}

/// On an article page, before the app's first render: the article's text (its page
/// preloaded the file with the story), so the app draws the page whole in place of the
/// pre-rendered one, not a "loading" line that the text then pushes down.
pub async fn load_for_location(cell: TextCell, story: &Bundle) {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let base = links::base_path();
    let id = path
        .strip_prefix(base.as_str())
        .and_then(|p| p.strip_prefix("/article/"))
        .map(|p| p.trim_end_matches('/'))
        .map(|id| String::from(js_sys::decode_uri_component(id).unwrap_or_else(|_| id.into())));
    if let Some(file) = id.as_deref().and_then(|id| story.text_file(id)) {
        if cell.claim(file) {
            fetch_into(cell, file.to_string()).await;
        }
    }
}

/// The whole bundle, every article's text included, all text files fetched at once (the
/// in-browser search bench searches it; the search page fetches only what it reads,
/// through [`joined`] and [`request_untracked`]).
pub async fn whole_bundle(story: &Arc<Bundle>) -> Result<Arc<Bundle>, String> {
    if story.text_files.is_empty() {
        return Ok(story.clone()); // not split: the story is the whole bundle
    }
    let mut pending = Vec::new();
    for f in &story.text_files {
        let url = links::asset_url(&f.file);
        pending.push((f.file.as_str(), start_fetch(&url)?, url));
    }
    let mut texts = Vec::new();
    for (file, fetch, url) in pending {
        texts.push((file, read_file(fetch, &url).await?));
    }
    Ok(Arc::new(
        story.join_text(texts.iter().map(|(f, t)| (*f, t))),
    ))
}
