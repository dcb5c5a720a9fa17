//! Small views shared by several routes: event cards, highlighted snippets, the search box.

use crate::format::{event_outlets, human_date};
use crate::links;
use leptos::prelude::*;
use storyline_model::{Bundle, Event};

/// One event in a list: date, title (a link to its page), outlets and badges.
#[component]
pub fn EventCard(
    /// The event shown.
    event: Event,
    /// The story the event is from, for its outlets' names.
    bundle: std::sync::Arc<Bundle>,
    /// The event's number, shown before it, where marks in a text refer to it by number.
    #[prop(optional)]
    number: Option<usize>,
) -> impl IntoView {
    let outlets = event_outlets(&bundle, &event);
    let n = outlets.len();
    let href = links::href(&format!("/event/{}", links::segment(&event.id)));
    let outlets_label = if n == 1 {
        "1 outlet".to_string()
    } else {
        format!("{n} outlets")
    };
    view! {
        <li class=if number.is_some() { "event-card numbered" } else { "event-card" } data-date=event.date.clone()>
            {number.map(|k| view! { <span class="event-number">{k.to_string()}</span> })}
            <time class="event-date" datetime=event.date.clone()>{human_date(&event.date)}</time>
            <a class="event-title" href=href>{event.title.clone()}</a>
            <span class="badges">
                <span class="badge outlets" title=outlets.join(", ")>{outlets_label}</span>
                {event.future.then(|| view! { <span class="badge future" title="In the future when reported">"scheduled"</span> })}
                {(!event.discrepancies.is_empty()).then(|| view! { <span class="badge disagree" title="Outlets disagree about this event">"outlets disagree"</span> })}
            </span>
        </li>
    }
}

/// Text with some byte ranges marked, built from text nodes only (never parsed as HTML).
#[component]
pub fn Highlighted(
    /// The text shown.
    text: String,
    /// Byte ranges `(start, end)` of `text` to mark; an empty one, one overlapping an
    /// earlier one, or one not on character boundaries inside the text is skipped.
    ranges: Vec<(usize, usize)>,
) -> impl IntoView {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    let mut ranges = ranges;
    crate::sort::sort(&mut ranges);
    for (s, e) in ranges {
        if s < at
            || e > text.len()
            || s >= e
            || !text.is_char_boundary(s)
            || !text.is_char_boundary(e)
        {
            continue;
        }
        parts.push((text[at..s].to_string(), false));
        parts.push((text[s..e].to_string(), true));
        at = e;
    }
    parts.push((text[at..].to_string(), false));
    parts
        .into_iter()
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, marked)| {
            if marked {
                view! { <mark>{t}</mark> }.into_any()
            } else {
                t.into_any()
            }
        })
        .collect_view()
}

/// The search box in the header: goes to `/search?q=…` (a plain GET form without wasm).
#[component]
pub fn SearchBox() -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    let input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = input.get().map(|i| i.value()).unwrap_or_default();
        navigate(
            &links::navigate_to(&format!("/search?q={}", crate::format::encode(&q))),
            Default::default(),
        );
    };
    view! {
        <form class="search-box" role="search" method="get" action=links::href("/search") on:submit=on_submit>
            <label for="site-search" class="visually-hidden">"Search the story"</label>
            <input id="site-search" node_ref=input type="search" name="q" placeholder="Search (press /)" autocomplete="off"/>
        </form>
    }
}

/// Shares a link to this page (with a sentence anchor, if given): the Web Share API where
/// the browser has it, else copies the link to the clipboard and says so.
#[component]
pub fn ShareButton(
    /// The route to share, e.g. `/event/<id>` or `/article/<id>#s3`.
    route: String,
    /// What is shared, for the share sheet and the button's accessible name.
    title: String,
) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let label = format!("Share: {title}");
    let on_click = move |_| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let origin = window.location().origin().unwrap_or_default();
        let url = format!("{origin}{}", links::href(&route));
        if share(&window, &title, &url) {
            return;
        }
        match copy(&window, &url) {
            true => status.set("Link copied".into()),
            false => status.set(format!("Copy this link: {url}")),
        }
    };
    view! {
        <span class="share">
            <button type="button" class="share-button" aria-label=label on:click=on_click>"Share"</button>
            <span class="share-status" role="status">{move || status.get()}</span>
        </span>
    }
}

/// Calls `navigator.share({title, url})` when the browser has it.
fn share(window: &web_sys::Window, title: &str, url: &str) -> bool {
    use wasm_bindgen::JsCast;
    let navigator = window.navigator();
    let Ok(f) = js_sys::Reflect::get(&navigator, &"share".into()) else {
        return false;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
    f.call1(&navigator, &data).is_ok()
}

/// Calls `navigator.clipboard.writeText(url)` when the browser has it.
fn copy(window: &web_sys::Window, url: &str) -> bool {
    use wasm_bindgen::JsCast;
    let navigator = window.navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    if clipboard.is_undefined() {
        return false;
    }
    let Ok(f) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else {
        return false;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    f.call1(&clipboard, &url.into()).is_ok()
}

/// Moves the focus `step` places along the elements `selector` matches (from the first
/// when none of them has it), scrolling the new one into the middle of the view. Returns
/// whether it moved, so that the key press can be kept from doing anything else.
pub fn focus_step(selector: &str, step: i32) -> bool {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(list) = doc.query_selector_all(selector) else {
        return false;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect();
    let active = doc.active_element();
    let current = items.iter().position(|el| {
        active
            .as_ref()
            .is_some_and(|a| a == el.as_ref() as &web_sys::Element)
    });
    let next = match current {
        Some(i) => (i as i32 + step).clamp(0, items.len() as i32 - 1) as usize,
        None => 0,
    };
    let Some(el) = items.get(next) else {
        return false;
    };
    let _ = el.focus();
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&options);
    true
}

/// Is a key press meant for a text field (an input, a text area, a select), or combined
/// with Ctrl, Meta or Alt? Then the page's own keys leave it alone.
pub fn is_typing(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.ctrl_key()
        || ev.meta_key()
        || ev.alt_key()
        || ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}
