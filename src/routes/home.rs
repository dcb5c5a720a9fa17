//! `/`: the story's overview: its highlights, a way into the timeline, and its articles
//! (those set aside as off topic listed apart, under `?articles=set-aside`).

use crate::components::EventCard;
use crate::format::{article_page, human_date, TimelineFilter, ARTICLES_PAGE};
use crate::links;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The story's home page (`/`).
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
    let (articles, set_aside): (Vec<_>, Vec<_>) =
        articles.into_iter().partition(|a| a.set_aside.is_none());
    let articles = std::sync::Arc::new(articles);
    let set_aside = std::sync::Arc::new(set_aside);
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
            {move || {
                let aside = query.read().get("articles").as_deref() == Some("set-aside");
                let page = query
                    .read()
                    .get("page")
                    .and_then(|p| p.parse::<usize>().ok())
                    .unwrap_or(1);
                let articles = if aside { set_aside.clone() } else { articles.clone() };
                let heading = if aside {
                    view! {
                        <h2 id="articles">"Articles set aside"</h2>
                        <p class="meta">"Off the story's topic: they feed no events. "<a href=links::href("/#articles")>"Back to the story's articles"</a></p>
                    }.into_any()
                } else {
                    let n = set_aside.len();
                    view! {
                        <h2 id="articles">"Articles"</h2>
                        {(n > 0).then(|| view! {
                            <p class="meta">{format!("{n} {} off the story's topic set aside. ", if n == 1 { "article" } else { "articles" })}<a href=links::href("/?articles=set-aside#articles")>"List them"</a></p>
                        })}
                    }.into_any()
                };
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
                            let why = a.set_aside.clone().map(|why| view! { <span class="meta set-aside-why">{why}</span> });
                            view! {
                                <li>
                                    <a href=href class="article-title">{a.title.clone()}</a>
                                    <span class="meta">{meta}</span>
                                    {why}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }).collect_view();
                let pager = (pages > 1).then(|| {
                    let filter = if aside { "articles=set-aside&" } else { "" };
                    let at = |n: usize| links::href(&match (n, aside) {
                        (1, false) => "/#articles".to_string(),
                        _ => format!("/?{filter}page={n}#articles"),
                    });
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
                view! { {heading}{lists}{pager} }
            }}
        </section>
    }
}
