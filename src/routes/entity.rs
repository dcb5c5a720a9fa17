//! `/entity/<id>`: a person, place or organisation, with its events and articles in date order.

use crate::components::EventCard;
use crate::format::human_date;
use crate::links;
use crate::routes::not_found::NotFound;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn EntityPage() -> impl IntoView {
    let bundle = use_bundle();
    let params = use_params_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let Some(entity) = bundle.entity(&id).cloned() else {
            return view! { <NotFound/> }.into_any();
        };
        crate::set_document_title(&format!("{} · {}", entity.name, bundle.story.title));
        let mut events: Vec<_> = entity
            .events
            .iter()
            .filter_map(|e| bundle.event(e))
            .cloned()
            .collect();
        events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
        let mut articles: Vec<_> = entity
            .articles
            .iter()
            .filter_map(|a| bundle.article(a))
            .cloned()
            .collect();
        // Dated articles in date order, then the undated ones.
        articles.sort_by(|a, b| {
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
        view! {
            <article class="entity-page">
                <p class="meta kind">{entity.kind.clone()}</p>
                <h1>{entity.name.clone()}</h1>
                {(!entity.aliases.is_empty()).then(|| view! { <p class="aliases">"Also written: "{entity.aliases.join(", ")}</p> })}
                <p><a href=timeline>"Show on the timeline"</a></p>
                <h2>{format!("Events ({})", events.len())}</h2>
                <ul class="event-list">
                    {events.into_iter().map(|e| view! { <EventCard event=e bundle=bundle.clone()/> }).collect_view()}
                </ul>
                <h2>{format!("Articles ({})", articles.len())}</h2>
                <ul class="article-list">
                    {articles.into_iter().map(|a| {
                        let href = links::href(&format!("/article/{}", links::segment(&a.id)));
                        let meta = [a.publisher.clone(), a.published.as_deref().map(human_date)].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                        view! { <li><a class="article-title" href=href>{a.title.clone()}</a><span class="meta">{meta}</span></li> }
                    }).collect_view()}
                </ul>
            </article>
        }
        .into_any()
    }
}
