//! `/`: the story's overview and its articles.

use crate::links;
use crate::use_bundle;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let bundle = use_bundle();
    let mut articles = bundle.articles.clone();
    articles.sort_by(|a, b| b.published.cmp(&a.published).then(a.id.cmp(&b.id)));
    view! {
        <section class="home">
            <h1>{bundle.story.title.clone()}</h1>
            {(!bundle.story.description.is_empty()).then(|| view! { <p class="lede">{bundle.story.description.clone()}</p> })}
            <h2>"Articles"</h2>
            <ul class="article-list">
                {articles.into_iter().map(|a| {
                    let href = links::href(&format!("/article/{}", links::segment(&a.id)));
                    let meta = [a.publisher.clone(), a.published.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
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
