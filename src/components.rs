//! Small views shared by several routes: event cards, highlighted snippets, the search box.

use crate::format::{event_outlets, human_date};
use crate::links;
use leptos::prelude::*;
use storyline_model::{Bundle, Event};

/// One event in a list: date, title (a link to its page), outlets and badges.
#[component]
pub fn EventCard(event: Event, bundle: std::sync::Arc<Bundle>) -> impl IntoView {
    let outlets = event_outlets(&bundle, &event);
    let n = outlets.len();
    let href = links::href(&format!("/event/{}", links::segment(&event.id)));
    let outlets_label = if n == 1 {
        "1 outlet".to_string()
    } else {
        format!("{n} outlets")
    };
    view! {
        <li class="event-card" data-date=event.date.clone()>
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
pub fn Highlighted(text: String, ranges: Vec<(usize, usize)>) -> impl IntoView {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    let mut ranges = ranges;
    ranges.sort();
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
            &links::href(&format!("/search?q={}", crate::format::encode(&q))),
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
