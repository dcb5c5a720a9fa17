//! `/search?q=…`: results as you type, grouped by kind, with facets, all state in the URL.

use crate::components::Highlighted;
use crate::format::{encode, human_date};
use crate::links;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::sync::Arc;
use storyline_search::{Filters, HitKind, SearchIndex};

/// The search index, fetched the first time a search is made, then kept.
#[derive(Clone, Copy)]
pub struct IndexCell(pub RwSignal<Option<Result<Arc<SearchIndex>, String>>>);

fn ensure_index(cell: IndexCell) {
    if cell.0.get_untracked().is_some() {
        return;
    }
    cell.0.set(Some(Err(String::new())));
    leptos::task::spawn_local(async move {
        let url = links::asset_url(storyline_model::SEARCH_FILE);
        let result = crate::bundle::fetch_bytes(&url)
            .await
            .and_then(|bytes| SearchIndex::from_bytes(&bytes).map_err(|e| e.to_string()))
            .map(Arc::new);
        cell.0.set(Some(result.map_err(|e| {
            if e.is_empty() {
                "the search index is empty".into()
            } else {
                e
            }
        })));
    });
}

#[derive(Clone, PartialEq)]
struct Params {
    q: String,
    outlet: Option<String>,
    entity: Option<String>,
    month: Option<String>,
}

impl Params {
    fn href(&self) -> String {
        let mut parts = vec![format!("q={}", encode(&self.q))];
        for (k, v) in [
            ("outlet", &self.outlet),
            ("entity", &self.entity),
            ("month", &self.month),
        ] {
            if let Some(v) = v {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        links::href(&format!("/search?{}", parts.join("&")))
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let bundle = use_bundle();
    let cell = expect_context::<IndexCell>();
    ensure_index(cell);
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        Params {
            q: q.get("q").unwrap_or_default(),
            outlet: q.get("outlet"),
            entity: q.get("entity"),
            month: q.get("month"),
        }
    });
    let navigate = use_navigate();
    let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    // Typing updates the URL (replacing the history entry) after a short pause.
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        let navigate = navigate.clone();
        let target = Params {
            q: value,
            ..params.get_untracked()
        }
        .href();
        let handle = set_timeout_with_handle(
            move || {
                navigate(
                    &target,
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                )
            },
            std::time::Duration::from_millis(120),
        )
        .ok();
        pending.set_value(handle);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| move_focus(&ev);
    crate::set_document_title(&format!("Search · {}", bundle.story.title));

    let results = move || {
        let p = params.get();
        let index = match cell.0.get() {
            None => return view! { <p class="state" aria-busy="true">"Loading the search index…"</p> }.into_any(),
            Some(Err(e)) if e.is_empty() => return view! { <p class="state" aria-busy="true">"Loading the search index…"</p> }.into_any(),
            Some(Err(e)) => return view! { <p class="state error" role="alert">{format!("Search is unavailable: {e}")}</p> }.into_any(),
            Some(Ok(index)) => index,
        };
        if p.q.trim().is_empty() && p.outlet.is_none() && p.entity.is_none() && p.month.is_none() {
            return view! { <p class="hint">"Type to search events, articles, people, places and organisations. Use \"quotes\" for a phrase and -word to exclude."</p> }.into_any();
        }
        let filters = Filters {
            outlets: p.outlet.clone().into_iter().collect(),
            entities: p.entity.clone().into_iter().collect(),
            from: p.month.clone(),
            to: p.month.clone(),
            kinds: vec![],
        };
        let res = index.search(&bundle, &p.q, &filters, 20);
        let facet = |name: &'static str,
                     items: Vec<storyline_search::FacetCount>,
                     current: Option<String>| {
            let chips = items
                .into_iter()
                .take(12)
                .map(|f| {
                    let active = current.as_deref() == Some(f.value.as_str());
                    let mut next = p.clone();
                    let v = (!active).then(|| f.value.clone());
                    match name {
                        "Outlet" => next.outlet = v,
                        "Involving" => next.entity = v,
                        _ => next.month = v,
                    }
                    let label = if name == "Month" { human_date(&f.value) } else { f.label.clone() };
                    view! { <a class=if active { "chip active" } else { "chip" } href=next.href()>{label}" "<span class="count">{f.count}</span></a> }
                })
                .collect_view();
            view! { <div class="filter-row"><span class="filter-label">{name}</span>{chips}</div> }
        };
        let facets = view! {
            <nav class="filters" aria-label="Search filters">
                {facet("Outlet", res.facets.outlets.clone(), p.outlet.clone())}
                {facet("Involving", res.facets.entities.clone(), p.entity.clone())}
                {facet("Month", res.facets.months.clone(), p.month.clone())}
            </nav>
        };
        if res.hits.is_empty() {
            let suggestions = res
                .suggestions
                .iter()
                .map(|s| {
                    let href = Params {
                        q: s.clone(),
                        ..p.clone()
                    }
                    .href();
                    view! { <a class="suggestion" href=href>{s.clone()}</a>" " }
                })
                .collect_view();
            return view! {
                <div class="no-results">
                    <p>{format!("Nothing matches “{}”.", p.q)}</p>
                    {(!res.suggestions.is_empty()).then(|| view! { <p>"Did you mean: "{suggestions}</p> })}
                </div>
                {facets}
            }
            .into_any();
        }
        let group = |kind: HitKind, heading: &'static str| {
            let hits: Vec<_> = res
                .hits
                .iter()
                .filter(|h| h.kind == kind)
                .cloned()
                .collect();
            (!hits.is_empty()).then(|| {
                let items = hits
                    .into_iter()
                    .map(|h| {
                        let (href, title, meta) = match h.kind {
                            HitKind::Event => {
                                let e = bundle.event(&h.id);
                                (
                                    links::href(&format!("/event/{}", links::segment(&h.id))),
                                    e.map(|e| e.title.clone()).unwrap_or_default(),
                                    e.map(|e| human_date(&e.date)).unwrap_or_default(),
                                )
                            }
                            HitKind::Article => {
                                let a = bundle.article(&h.id);
                                let anchor = h.sentence.map(|s| format!("#s{s}")).unwrap_or_default();
                                (
                                    links::href(&format!("/article/{}{anchor}", links::segment(&h.id))),
                                    a.map(|a| a.title.clone()).unwrap_or_default(),
                                    a.map(|a| [a.publisher.clone(), a.published.as_deref().map(human_date)].into_iter().flatten().collect::<Vec<_>>().join(" · ")).unwrap_or_default(),
                                )
                            }
                            HitKind::Entity => {
                                let e = bundle.entity(&h.id);
                                (
                                    links::href(&format!("/entity/{}", links::segment(&h.id))),
                                    e.map(|e| e.name.clone()).unwrap_or_default(),
                                    e.map(|e| e.kind.clone()).unwrap_or_default(),
                                )
                            }
                        };
                        view! {
                            <li class="hit">
                                <a class="hit-link" href=href>{title}</a>
                                <span class="meta">{meta}</span>
                                <p class="snippet"><Highlighted text=h.snippet.clone() ranges=h.highlights.clone()/></p>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <section class="hit-group"><h2>{heading}</h2><ul class="hits">{items}</ul></section> }
            })
        };
        view! {
            <p class="meta">{format!("{} results", res.total)}{res.any_word.then_some(" (matching any of the words)")}</p>
            {facets}
            {group(HitKind::Event, "Events")}
            {group(HitKind::Article, "Articles")}
            {group(HitKind::Entity, "People, places and organisations")}
        }
        .into_any()
    };

    view! {
        <section class="search-page" on:keydown=on_keydown>
            <h1>"Search"</h1>
            <label for="search-input" class="visually-hidden">"Search query"</label>
            <input id="search-input" class="search-input" type="search" autocomplete="off" autofocus
                prop:value=move || params.get().q on:input=on_input placeholder="Search the story"/>
            <div class="results" aria-live="polite">{results}</div>
        </section>
    }
}

/// Arrow keys move the focus through the input and the result links.
fn move_focus(ev: &leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let step: i32 = match ev.key().as_str() {
        "ArrowDown" => 1,
        "ArrowUp" => -1,
        _ => return,
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(list) = doc.query_selector_all("#search-input, .hit-link") else {
        return;
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
    if let Some(el) = items.get(next) {
        ev.prevent_default();
        let _ = el.focus();
    }
}
