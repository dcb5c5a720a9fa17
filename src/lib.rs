//! The Storyline web app: loads the bundle once, then routes between pages.

pub mod bench;
pub mod bundle;
pub mod components;
pub mod format;
pub mod links;
pub mod routes;
pub mod sort;
pub mod texts;
pub mod window;

use bundle::{load_bundle, BundleState};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;

/// The whole app: a loading screen, then either an error screen or the routed pages.
#[component]
pub fn App() -> impl IntoView {
    let url = links::asset_url(storyline_model::STORY_FILE);
    let texts = texts::TextCell::new();
    let state = LocalResource::new(move || {
        let url = url.clone();
        async move {
            let state = load_bundle(url).await;
            if let BundleState::Ready(story) = &state {
                texts::load_for_location(texts, story).await;
            }
            state
        }
    });
    view! {
        {move || match state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(BundleState::Failed(reason)) => {
                remove_prerendered();
                announce_started();
                view! { <ErrorScreen reason/> }.into_any()
            }
            Some(BundleState::Ready(bundle)) => {
                remove_prerendered();
                announce_started();
                view! { <Site bundle texts/> }.into_any()
            }
        }}
    }
}

/// The routed site, with the bundle provided as a context to every route.
#[component]
pub fn Site(
    /// The story, provided to every route.
    bundle: Arc<storyline_model::Bundle>,
    /// The articles' text fetched before the first render (see [`texts::load_for_location`]).
    #[prop(optional)]
    texts: texts::TextCell,
) -> impl IntoView {
    provide_context(bundle.clone());
    provide_context(routes::search::IndexCell(RwSignal::new(None)));
    provide_context(texts);
    set_document_title(&bundle.story.title);
    // The `/` key focuses the search box from anywhere but a text field.
    let listener = window_event_listener(leptos::ev::keydown, |ev| {
        use wasm_bindgen::JsCast;
        if ev.key() == "/" && !components::is_typing(&ev) {
            let doc = web_sys::window().and_then(|w| w.document());
            let input = doc.and_then(|d| {
                d.get_element_by_id("search-input")
                    .or_else(|| d.get_element_by_id("site-search"))
            });
            if let Some(el) = input.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                ev.prevent_default();
                let _ = el.focus();
            }
        }
    });
    on_cleanup(move || listener.remove());
    view! {
        <Router base=links::base_path()>
            <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
            <header class="site-header">
                <a class="brand" href=links::href("/")>{bundle.story.title.clone()}</a>
                <SiteNav/>
                <components::SearchBox/>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=routes::not_found::NotFound>
                    <Route path=path!("/") view=routes::home::Home/>
                    <Route path=path!("/article/:id") view=routes::article::ArticlePage/>
                    <Route path=path!("/event/:id") view=routes::event::EventPage/>
                    <Route path=path!("/entity/:id") view=routes::entity::EntityPage/>
                    <Route path=path!("/timeline") view=routes::timeline::Timeline/>
                    <Route path=path!("/search") view=routes::search::SearchPage/>
                </Routes>
            </main>
            <footer class="site-footer">"Built with Storyline"</footer>
            <FocusOnNavigate/>
        </Router>
    }
}

/// After a link leads to another page inside the app, the focus moves to the new page's
/// heading, as a page load would start the reader there; a change of the query only (a
/// filter, a search as you type) leaves the focus alone.
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        // `/timeline/` (the pre-rendered page's folder) and `/timeline` are one page.
        let path = location.pathname.get().trim_end_matches('/').to_string();
        if previous.is_some_and(|p| p != path) {
            // After the new route has rendered.
            request_animation_frame(focus_heading);
        }
        path
    });
}

fn focus_heading() {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = doc
        .query_selector("main#main h1")
        .ok()
        .flatten()
        .or_else(|| doc.get_element_by_id("main"))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        if !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}

/// The main navigation; the link to the page being read carries `aria-current="page"`.
#[component]
fn SiteNav() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let current = move |link: &'static str| {
        move || {
            let path = location.pathname.get();
            let path = path.trim_end_matches('/');
            let highlights = location
                .query
                .with(|q| q.get("view").as_deref() == Some("highlights"));
            let here = match link {
                "timeline" => path.ends_with("/timeline") && !highlights,
                "highlights" => path.ends_with("/timeline") && highlights,
                _ => path.ends_with("/search"),
            };
            here.then_some("page")
        }
    };
    view! {
        <nav class="site-nav" aria-label="Main">
            <a href=links::href("/timeline") aria-current=current("timeline")>"Timeline"</a>
            <a href=links::href("/timeline?view=highlights") aria-current=current("highlights")>"Highlights"</a>
            <a href=links::href("/search") aria-current=current("search")>"Search"</a>
        </nav>
    }
}

/// The skip link moves the focus to `<main>` itself: a bare `#main` would resolve against
/// `<base href>` and lead to the home page.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
        main.scroll_into_view();
    }
}

/// Removes the page's pre-rendered content (written by `storyline build` for the first
/// paint), in the same task that renders the app in its place.
fn remove_prerendered() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("prerender"))
    {
        el.remove();
    }
}

/// Tells the page's boot script (public/boot.js) that the app has shown its first screen, in
/// the task after this render: the service worker is registered then, so that installing
/// it (a download of the whole site) does not compete with the app's start.
fn announce_started() {
    set_timeout(
        || {
            if let (Some(window), Ok(event)) =
                (web_sys::window(), web_sys::Event::new(STARTED_EVENT))
            {
                let _ = window.dispatch_event(&event);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The event `announce_started` dispatches on `window` (index.html listens for it).
pub const STARTED_EVENT: &str = "storyline-started";

/// Hidden by the stylesheet while the pre-rendered page is shown.
#[component]
fn Loading() -> impl IntoView {
    view! {
        <main id="main" class="state loading" aria-busy="true">
            <p>"Loading the story…"</p>
        </main>
    }
}

/// Shown when the bundle is missing, corrupt or of another schema: never a blank page.
#[component]
pub fn ErrorScreen(
    /// Why the story could not be opened, shown to the reader.
    reason: String,
) -> impl IntoView {
    view! {
        <main id="main" class="state error" role="alert">
            <h1>"This story could not be opened"</h1>
            <p class="reason">{reason}</p>
            <p>"If you built this site, run storyline build again; if you followed a link, try again later."</p>
        </main>
    }
}

pub(crate) fn set_document_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// The bundle provided by [`Site`].
pub fn use_bundle() -> Arc<storyline_model::Bundle> {
    expect_context::<Arc<storyline_model::Bundle>>()
}

/// A quote shortened for a share sheet's title.
pub(crate) fn pages_title(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}
