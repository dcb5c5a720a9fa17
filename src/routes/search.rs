//! `/search?q=…`: results as you type, grouped by kind, with facets, all state in the URL.

use crate::components::Highlighted;
use crate::format::{encode, human_date};
use crate::links;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::sync::Arc;
use storyline_search::{Filters, HitKind, SearchIndex, FIRST_SCREEN, KIND_PAGE};

/// The search index, fetched the first time a search is made, then kept. What it searches
/// is the story with the text files fetched so far ([`crate::texts::joined`]): a search
/// names the files of the articles it read without their text, which are fetched, and it
/// runs again when they arrive.
#[derive(Clone, Copy)]
pub struct IndexCell(pub RwSignal<Option<Result<Arc<SearchIndex>, String>>>);

fn ensure_index(cell: IndexCell) {
    if cell.0.get_untracked().is_some() {
        return;
    }
    cell.0.set(Some(Err(String::new())));
    leptos::task::spawn_local(async move {
        let result = load_index().await;
        cell.0.set(Some(result.map(Arc::new).map_err(|e| {
            if e.is_empty() {
                "the search index is empty".into()
            } else {
                e
            }
        })));
    });
}

/// Fetches and reads the site's search index ([`storyline_model::SEARCH_FILE`]); the error
/// says why it could not.
pub async fn load_index() -> Result<SearchIndex, String> {
    let url = links::asset_url(storyline_model::SEARCH_FILE);
    let bytes = crate::bundle::read_bytes(crate::bundle::start_fetch(&url)?, &url).await?;
    SearchIndex::from_bytes(&bytes).map_err(|e| e.to_string())
}

/// The story and its text joined so far, compared by identity (a new join is new text),
/// and how many text files have arrived or failed (a failure joins nothing, but the
/// results waiting for it must say so).
#[derive(Clone)]
struct Searchable(Arc<storyline_model::Bundle>, usize);

impl PartialEq for Searchable {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) && self.1 == other.1
    }
}

#[derive(Clone, PartialEq)]
struct Params {
    q: String,
    outlet: Option<String>,
    entity: Option<String>,
    month: Option<String>,
    /// One kind of result, shown a page at a time; all kinds (a screenful each) when `None`.
    kind: Option<HitKind>,
    /// The page of `kind`'s results, from 1.
    page: usize,
}

impl Params {
    fn href(&self) -> String {
        links::href(&self.route())
    }

    /// The route of this search (no base), for the router's `navigate`.
    fn route(&self) -> String {
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
        if let Some(kind) = self.kind {
            parts.push(format!("kind={}", kind.as_str()));
            if self.page > 1 {
                parts.push(format!("page={}", self.page));
            }
        }
        links::navigate_to(&format!("/search?{}", parts.join("&")))
    }

    /// The same search with other filters: back to the first page.
    fn refined(&self, change: impl FnOnce(&mut Params)) -> Params {
        let mut next = Params {
            page: 1,
            ..self.clone()
        };
        change(&mut next);
        next
    }
}

/// The search page (`/search?q=…`).
#[component]
pub fn SearchPage() -> impl IntoView {
    let bundle = use_bundle();
    let cell = expect_context::<IndexCell>();
    ensure_index(cell);
    let texts = expect_context::<crate::texts::TextCell>();
    let story = bundle.clone();
    // Joined anew once no text file is loading; the last join until then.
    let searchable = Memo::new(move |prev: Option<&Searchable>| {
        match (crate::texts::joined(texts, &story), prev) {
            (Some(b), _) => Searchable(b, crate::texts::settled(texts)),
            (None, Some(prev)) => prev.clone(),
            (None, None) => Searchable(story.clone(), 0),
        }
    });
    // Until the first results are drawn, they wait for the text they read; after that,
    // results read without some text show at once and are redrawn when it arrives.
    let shown = StoredValue::new(false);
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        Params {
            q: q.get("q").unwrap_or_default(),
            outlet: q.get("outlet"),
            entity: q.get("entity"),
            month: q.get("month"),
            kind: q.get("kind").as_deref().and_then(HitKind::parse),
            page: q
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1),
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
        let target = params.get_untracked().refined(|p| p.q = value).route();
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
            let hint = storyline_search::hint(
                bundle.events.len(),
                bundle.articles.len(),
                bundle.entities.len(),
            );
            return view! { <p class="hint">{hint}</p> }.into_any();
        }
        let filters = Filters {
            outlets: p.outlet.clone().into_iter().collect(),
            entities: p.entity.clone().into_iter().collect(),
            from: p.month.clone(),
            to: p.month.clone(),
            kinds: p.kind.into_iter().collect(),
        };
        // All kinds: a screenful of each. One kind: a page of it.
        let (skip, limit) = match p.kind {
            None => (0, FIRST_SCREEN),
            Some(_) => (KIND_PAGE.saturating_mul(p.page - 1), KIND_PAGE),
        };
        let res = index.search_page(&searchable.get().0, &p.q, &filters, skip, limit);
        let mut loading = false;
        let mut failed = Vec::new();
        for file in &res.text_needed {
            // Untracked: the search runs again when the join changes, not per file.
            match crate::texts::request_untracked(texts, file) {
                Some(crate::texts::TextState::Failed(e)) => failed.push(e),
                Some(crate::texts::TextState::Ready(_)) => {}
                _ => loading = true,
            }
        }
        // "Nothing matches" is not said before the text that could match has arrived.
        if loading && (!shown.get_value() || res.hits.is_empty()) {
            return view! { <p class="state" aria-busy="true">"Loading the articles' text…"</p> }
                .into_any();
        }
        shown.set_value(true);
        let failed = failed.first().map(|first| {
            let more = match failed.len() {
                1 => String::new(),
                n => format!(" and {} more files", n - 1),
            };
            view! {
                <p class="state error" role="alert">
                    {format!("Some articles' text could not be loaded ({first}{more}): they are found by their titles alone.")}
                </p>
            }
        });
        let kind_count = |kind: HitKind| {
            res.facets
                .kinds
                .iter()
                .find(|f| f.value == kind.as_str())
                .map_or(0, |f| f.count)
        };
        let facet = |name: &'static str,
                     items: Vec<storyline_search::FacetCount>,
                     current: Option<String>| {
            // A row with nothing to choose (no dated results for "Month") is left out.
            let empty = items.is_empty();
            let chips = items
                .into_iter()
                .take(12)
                .map(|f| {
                    let active = current.as_deref() == Some(f.value.as_str());
                    let v = (!active).then(|| f.value.clone());
                    let next = p.refined(|next| match name {
                        "Outlet" => next.outlet = v,
                        "Involving" => next.entity = v,
                        "Show" => next.kind = v.as_deref().and_then(HitKind::parse),
                        _ => next.month = v,
                    });
                    let label = match name {
                        "Month" => human_date(&f.value),
                        "Show" => HitKind::parse(&f.value).map_or(f.label.clone(), |k| kind_heading(k).to_string()),
                        _ => f.label.clone(),
                    };
                    view! { <a class=if active { "chip active" } else { "chip" } href=next.href()>{label}" "<span class="count">{f.count}</span></a> }
                })
                .collect_view();
            (!empty).then(|| view! { <div class="filter-row"><span class="filter-label">{name}</span>{chips}</div> })
        };
        let facets = view! {
            <nav class="filters" aria-label="Search filters">
                {facet("Show", res.facets.kinds.clone(), p.kind.map(|k| k.as_str().to_string()))}
                {facet("Outlet", res.facets.outlets.clone(), p.outlet.clone())}
                {facet("Involving", res.facets.entities.clone(), p.entity.clone())}
                {facet("Month", res.facets.months.clone(), p.month.clone())}
            </nav>
        };
        if res.hits.is_empty() && res.total > 0 {
            // A page past the last (an old link, a hand-edited URL).
            let first = Params {
                page: 1,
                ..p.clone()
            }
            .href();
            return view! {
                <p class="no-results">{format!("Page {} is past the last of the {} results. ", p.page, res.total)}<a href=first>"First page"</a></p>
                {facets}
            }
            .into_any();
        }
        if res.hits.is_empty() {
            let suggestions = res
                .suggestions
                .iter()
                .map(|s| {
                    let href = p.refined(|n| n.q = s.clone()).href();
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
        let group = |kind: HitKind| {
            let hits: Vec<_> = res
                .hits
                .iter()
                .filter(|h| h.kind == kind)
                .cloned()
                .collect();
            let shown = hits.len();
            let count = kind_count(kind);
            let heading = kind_heading(kind);
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
                // Beyond the first screen: all of one kind, then page by page.
                let more = match p.kind {
                    None => (count > shown).then(|| {
                        let href = p.refined(|n| n.kind = Some(kind)).href();
                        view! { <p class="more"><a href=href>{format!("All {count} {}", heading.to_lowercase())}</a></p> }.into_any()
                    }),
                    Some(_) => (count > KIND_PAGE).then(|| {
                        let page = |n: usize| Params { page: n, ..p.clone() }.href();
                        let prev = (p.page > 1).then(|| view! { <a href=page(p.page - 1) rel="prev">{format!("Previous {KIND_PAGE}")}</a> });
                        let next = (count > skip + shown).then(|| view! { <a href=page(p.page + 1) rel="next">{format!("Next {KIND_PAGE}")}</a> });
                        view! {
                            <nav class="more" aria-label=format!("Pages of {}", heading.to_lowercase())>
                                {prev}<span>{format!("{}–{} of {count}", skip + 1, skip + shown)}</span>{next}
                            </nav>
                        }
                        .into_any()
                    }),
                };
                view! { <section class="hit-group"><h2>{heading}</h2><ul class="hits">{items}</ul>{more}</section> }
            })
        };
        view! {
            <div class="result-list" aria-busy=loading.then_some("true")>
                {failed}
                <p class="meta">{format!("{} results", res.total)}{res.any_word.then_some(" (matching any of the words)")}</p>
                {facets}
                {group(HitKind::Event)}
                {group(HitKind::Article)}
                {group(HitKind::Entity)}
            </div>
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

fn kind_heading(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Event => "Events",
        HitKind::Article => "Articles",
        HitKind::Entity => "People, places and organisations",
    }
}

/// Arrow keys move the focus through the input and the result links.
fn move_focus(ev: &leptos::ev::KeyboardEvent) {
    let step: i32 = match ev.key().as_str() {
        "ArrowDown" => 1,
        "ArrowUp" => -1,
        _ => return,
    };
    if crate::components::focus_step("#search-input, .hit-link", step) {
        ev.prevent_default();
    }
}
