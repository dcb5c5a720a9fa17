//! `/entity/<id>`: a person, place or organisation: its best-scored events first, then its
//! most reported events and its articles in date order.

use crate::components::EventCard;
use crate::format::human_date;
use crate::links;
use crate::routes::not_found::NotFound;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Events and articles an entity page lists before a link to the rest.
pub const LIST_LIMIT: usize = 50;

/// The page of one person, place or organisation (`/entity/<id>`).
#[component]
pub fn EntityPage() -> impl IntoView {
    let bundle = use_bundle();
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let all_articles = query.read().get("articles").as_deref() == Some("all");
        let Some(entity) = bundle.entity(&id).cloned() else {
            // An id of an earlier build: go to the entity it became.
            if let Some(moved) = bundle.entity_redirect(&id) {
                let to = links::href(&format!("/entity/{}", links::segment(&moved.id)));
                return view! { <leptos_router::components::Redirect path=to/> }.into_any();
            }
            return view! { <NotFound/> }.into_any();
        };
        crate::set_document_title(&format!("{} · {}", entity.name, bundle.story.title));
        let mut events: Vec<_> = entity
            .events
            .iter()
            .filter_map(|e| bundle.event(e))
            .cloned()
            .collect();
        crate::sort::sort_by(&mut events, |a, b| {
            a.date.cmp(&b.date).then(a.id.cmp(&b.id))
        });
        let mut articles: Vec<_> = entity
            .articles
            .iter()
            .filter_map(|a| bundle.article(a))
            .cloned()
            .collect();
        // Dated articles in date order, then the undated ones.
        crate::sort::sort_by(&mut articles, |a, b| {
            (a.published.is_none(), &a.published, &a.id).cmp(&(
                b.published.is_none(),
                &b.published,
                &b.id,
            ))
        });
        let timeline = links::href(&format!(
            "/timeline?entity={}",
            crate::format::encode(&entity.id)
        ));
        // A page a reader can take in: the first events (all of them are on the timeline,
        // drawn as they scroll into view) and the first articles, the rest on request.
        let (n_events, n_articles) = (events.len(), articles.len());
        // The page opens on what the entity is most reported for, not its oldest events.
        let key_events = crate::format::key_events(&events, crate::format::KEY_EVENTS);
        // When there are more than a page, the page holds the entity's most reported
        // events, still in date order: the oldest are often asides.
        let events = crate::format::most_reported(events, LIST_LIMIT);
        let more_events = (n_events > LIST_LIMIT).then(|| {
            view! { <p class="more"><a href=timeline.clone()>{format!("All {n_events} events, on the timeline")}</a></p> }
        });
        if !all_articles {
            articles.truncate(LIST_LIMIT);
        }
        let more_articles = (!all_articles && n_articles > LIST_LIMIT).then(|| {
            let href = links::href(&format!(
                "/entity/{}?articles=all",
                links::segment(&entity.id)
            ));
            view! { <p class="more"><a href=href>{format!("Show all {n_articles} articles")}</a></p> }
        });
        view! {
            <article class="entity-page">
                <p class="meta kind">{entity.kind.clone()}</p>
                <h1>{entity.name.clone()}</h1>
                {(!entity.aliases.is_empty()).then(|| view! { <p class="aliases">"Also written: "{entity.aliases.join(", ")}</p> })}
                <p><a href=timeline>"Show on the timeline"</a></p>
                {(!key_events.is_empty()).then(|| view! {
                    <h2>"Most reported"</h2>
                    <ul class="event-list key-events">
                        {key_events.into_iter().map(|e| view! { <EventCard event=e bundle=bundle.clone()/> }).collect_view()}
                    </ul>
                })}
                <h2>{format!("Events ({n_events})")}</h2>
                {(n_events > LIST_LIMIT).then(|| view! { <p class="meta">{format!("The {LIST_LIMIT} most reported, in date order.")}</p> })}
                <ul class="event-list">
                    {events.into_iter().map(|e| view! { <EventCard event=e bundle=bundle.clone()/> }).collect_view()}
                </ul>
                {more_events}
                <h2>{format!("Articles ({n_articles})")}</h2>
                <ul class="article-list">
                    {articles.into_iter().map(|a| {
                        let href = links::href(&format!("/article/{}", links::segment(&a.id)));
                        let meta = [a.publisher.clone(), a.published.as_deref().map(human_date)].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                        view! { <li><a class="article-title" href=href>{a.title.clone()}</a><span class="meta">{meta}</span></li> }
                    }).collect_view()}
                </ul>
                {more_articles}
            </article>
        }
        .into_any()
    }
}
