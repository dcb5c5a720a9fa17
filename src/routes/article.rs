//! `/article/<id>`: the clean text of one article, sentence by sentence, with `#s<n>` anchors.

use crate::links;
use crate::routes::not_found::NotFound;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use storyline_model::text;

/// The page of one article (`/article/<id>`), its sentence `#s<n>` highlighted.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let bundle = use_bundle();
    let params = use_params_map();
    let location = use_location();
    let texts = expect_context::<crate::texts::TextCell>();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let Some(article) = bundle.article(&id).cloned() else {
            return view! { <NotFound/> }.into_any();
        };
        crate::set_document_title(&article.title);
        let highlighted: Option<usize> = location
            .hash
            .get()
            .trim_start_matches('#')
            .strip_prefix('s')
            .and_then(|n| n.parse().ok());
        let meta = [
            article.publisher.clone(),
            article.published.clone(),
            article.author.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        // Sentences cited by events: sentence index → (event id, event title).
        let mut cited: std::collections::BTreeMap<usize, Vec<(String, String)>> =
            Default::default();
        for e in &bundle.events {
            for m in e.mentions.iter().filter(|m| m.article == article.id) {
                let list = cited.entry(m.sentence).or_default();
                if !list.iter().any(|(id, _)| *id == e.id) {
                    list.push((e.id.clone(), e.title.clone()));
                }
            }
        }
        let reported: Vec<storyline_model::Event> = bundle
            .events
            .iter()
            .filter(|e| e.mentions.iter().any(|m| m.article == article.id))
            .cloned()
            .collect();
        // Each reported event's number in the list below, which its sentences' marks show.
        let number: std::collections::BTreeMap<&str, usize> = reported
            .iter()
            .enumerate()
            .map(|(k, e)| (e.id.as_str(), k + 1))
            .collect();
        // The text, when the bundle was split, comes from its file: loading, then there or
        // failed (the metadata and the article's events are shown either way).
        let (body, failed) = match crate::texts::paragraphs(texts, &bundle, &article) {
            Ok(body) => (body, None),
            Err(reason) => (Some(vec![]), Some(reason)),
        };
        let loading = body.is_none();
        let mut n = 0usize;
        let paragraphs = body
            .iter()
            .flatten()
            .map(|p| {
                let sentences = text::sentences(p)
                    .into_iter()
                    .map(|r| {
                        let i = n;
                        n += 1;
                        let events = cited.get(&i);
                        let class = match (highlighted == Some(i), events.is_some()) {
                            (true, true) => "sentence cited highlight",
                            (true, false) => "sentence highlight",
                            (false, true) => "sentence cited",
                            (false, false) => "sentence",
                        };
                        // A mark after each sentence an event cites: the event's number in
                        // the list below, a link to its page.
                        let marks = events
                            .into_iter()
                            .flatten()
                            .filter_map(|(id, title)| {
                                let k = *number.get(id.as_str())?;
                                let href = links::href(&format!("/event/{}", links::segment(id)));
                                Some(view! {
                                    <a class="cite-mark" href=href title=title.clone() aria-label=format!("Event {k}: {title}")>{k.to_string()}</a>
                                })
                            })
                            .collect_view();
                        view! { <span id=format!("s{i}") class=class>{p[r].to_string()}</span>{marks}" " }
                    })
                    .collect_view();
                view! { <p>{sentences}</p> }
            })
            .collect_view();
        if let Some(i) = highlighted.filter(|_| !loading) {
            scroll_to_sentence(i);
        }
        view! {
            <article class="reader">
                <h1>{article.title.clone()}</h1>
                <p class="meta">{meta}</p>
                {article.set_aside.clone().map(|why| view! {
                    <p class="set-aside" role="note">"Set aside as off the story's topic: this article feeds no events. "{why}</p>
                })}
                {article.link().map(str::to_string).map(|u| view! { <p><a class="original" href=u rel="noopener">"Original article"</a></p> })}
                <div class="body" aria-busy=loading.then_some("true")>
                    {loading.then(|| view! { <p class="state">"Loading the article’s text…"</p> })}
                    {failed.map(|reason| view! {
                        <p class="state error" role="alert">{format!("The article’s text could not be loaded: {reason}")}</p>
                    })}
                    {paragraphs}
                </div>
                {(!reported.is_empty()).then(|| view! {
                    <h2>"Events in this article"</h2>
                    <ol class="event-list">
                        {reported.into_iter().enumerate().map(|(k, e)| view! { <crate::components::EventCard event=e bundle=bundle.clone() number=k + 1/> }).collect_view()}
                    </ol>
                })}
                <p class="source-file">"Source file: "<code>{article.source_file.clone()}</code></p>
            </article>
        }
        .into_any()
    }
}

fn scroll_to_sentence(i: usize) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("s{i}")))
        {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });
}
