//! `/`: the story's overview: its highlights, a way into the timeline, and its articles.

use crate::components::EventCard;
use crate::format::{article_page, human_date, TimelineFilter, ARTICLES_PAGE};
use crate::links;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Home() -> impl IntoView {
    let bundle = use_bundle();
    let mut articles = bundle.articles.clone();
    crate::sort::sort_by(&mut articles, |a, b| {
        b.published.cmp(&a.published).then(a.id.cmp(&b.id))
    });
    // A page of the articles at a time, by month: never thousands of links on one page.
    // The page is in the URL (`?page=2`), so following "Older" redraws the list.
    let query = use_query_map();
    let articles = std::sync::Arc::new(articles);
    let highlights = TimelineFilter {
        highlights: true,
        ..Default::default()
    }
    .apply(&bundle);
    // The span the coverage was published over (the events reach back to whatever the
    // articles recall, centuries for some).
    let days: Vec<&str> = articles
        .iter()
        .filter_map(|a| a.published.as_deref())
        .collect();
    let span = match (days.last(), days.first()) {
        (Some(a), Some(b)) if a != b => {
            format!(" published from {} to {}", human_date(a), human_date(b))
        }
        (Some(a), _) => format!(" published on {}", human_date(a)),
        _ => String::new(),
    };
    let summary = format!(
        "{} events, from {} articles{span}; {} people, places and organisations.",
        bundle.events.len(),
        articles.len(),
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
            <h2 id="articles">"Articles"</h2>
            {move || {
                let page = query
                    .read()
                    .get("page")
                    .and_then(|p| p.parse::<usize>().ok())
                    .unwrap_or(1);
                let published: Vec<Option<&str>> =
                    articles.iter().map(|a| a.published.as_deref()).collect();
                let (groups, pages) = article_page(&published, page);
                let page = page.clamp(1, pages);
                let lists = groups.into_iter().map(|(month, items)| view! {
                    <h3 class="article-month">{month}</h3>
                    <ul class="article-list">
                        {items.into_iter().map(|i| {
                            let a = &articles[i];
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
                }).collect_view();
                let pager = (pages > 1).then(|| {
                    let at = |n: usize| links::href(&if n == 1 { "/#articles".to_string() } else { format!("/?page={n}#articles") });
                    let from = (page - 1) * ARTICLES_PAGE + 1;
                    let to = (page * ARTICLES_PAGE).min(articles.len());
                    view! {
                        <nav class="more pager" aria-label="Pages of articles">
                            {(page > 1).then(|| view! { <a href=at(page - 1) rel="prev">"Newer"</a> })}
                            <span>{format!("{from}–{to} of {}", articles.len())}</span>
                            {(page < pages).then(|| view! { <a href=at(page + 1) rel="next">"Older"</a> })}
                        </nav>
                    }
                });
                view! { {lists}{pager} }
            }}
        </section>
    }
}
