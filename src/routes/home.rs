//! `/`: the story's overview: its highlights, a way into the timeline, and its articles.

use crate::components::EventCard;
use crate::format::{human_date, TimelineFilter};
use crate::links;
use crate::use_bundle;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let bundle = use_bundle();
    let mut articles = bundle.articles.clone();
    crate::sort::sort_by(&mut articles, |a, b| {
        b.published.cmp(&a.published).then(a.id.cmp(&b.id))
    });
    let highlights = TimelineFilter {
        highlights: true,
        ..Default::default()
    }
    .apply(&bundle);
    let span = match (bundle.events.first(), bundle.events.last()) {
        (Some(a), Some(b)) => format!(" from {} to {}", human_date(&a.date), human_date(&b.date)),
        _ => String::new(),
    };
    let summary = format!(
        "{} events{span}, from {} articles; {} people, places and organisations.",
        bundle.events.len(),
        bundle.articles.len(),
        bundle.entities.len()
    );
    view! {
        <section class="home">
            <h1>{bundle.story.title.clone()}</h1>
            {(!bundle.story.description.is_empty()).then(|| view! { <p class="lede">{bundle.story.description.clone()}</p> })}
            <p class="meta">{summary}" "<a href=links::href("/timeline")>"Open the timeline"</a></p>
            {(!highlights.is_empty()).then(|| view! {
                <h2>"Highlights"</h2>
                <ul class="event-list highlights">
                    {highlights.into_iter().map(|e| view! { <EventCard event=e bundle=bundle.clone()/> }).collect_view()}
                </ul>
            })}
            <h2>"Articles"</h2>
            <ul class="article-list">
                {articles.into_iter().map(|a| {
                    let href = links::href(&format!("/article/{}", links::segment(&a.id)));
                    let meta = [a.publisher.clone(), a.published.as_deref().map(human_date)].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                    view! {
                        <li>
                            <a href=href class="article-title">{a.title.clone()}</a>
                            <span class="meta">{meta}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
