//! `/event/<id>`: one event, its date's derivation, every quote by outlet, disagreements.

use crate::components::EventCard;
use crate::format::{human_date, outlet};
use crate::links;
use crate::routes::not_found::NotFound;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use storyline_model::Mention;

/// Outlets whose quotes an event page shows before a "show all" link.
pub const QUOTE_OUTLETS: usize = 20;

/// The page of one event (`/event/<id>`).
#[component]
pub fn EventPage() -> impl IntoView {
    let bundle = use_bundle();
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        let all_quotes = query.read().get("quotes").as_deref() == Some("all");
        let Some(event) = bundle.event(&id).cloned() else {
            // An id of an earlier build: go to the event it became.
            if let Some(moved) = bundle.redirect(&id) {
                let to = links::href(&format!("/event/{}", links::segment(&moved.id)));
                return view! { <leptos_router::components::Redirect path=to/> }.into_any();
            }
            return view! { <NotFound/> }.into_any();
        };
        crate::set_document_title(&format!("{} · {}", event.title, bundle.story.title));

        // Quotes grouped by article, the first reporter first.
        let mut groups: Vec<(String, Vec<Mention>)> = Vec::new();
        for m in &event.mentions {
            match groups.iter_mut().find(|(a, _)| *a == m.article) {
                Some((_, list)) => list.push(m.clone()),
                None => groups.push((m.article.clone(), vec![m.clone()])),
            }
        }
        let first = event.first_reported.clone();
        crate::sort::sort_by_key(&mut groups, |(a, _)| (Some(a) != first.as_ref(), a.clone()));
        // Outlets are publishers (one outlet may write many of the articles).
        let n_articles = groups.len();
        let n_outlets = bundle.event_outlets(&event).len();
        let sources = if n_articles > n_outlets {
            "articles"
        } else {
            "outlets"
        };
        // A page a reader can take in: the first articles' quotes, the rest on request.
        let more_quotes = (!all_quotes && n_articles > QUOTE_OUTLETS).then(|| {
            let href = links::href(&format!(
                "/event/{}?quotes=all",
                links::segment(&event.id)
            ));
            view! { <p class="more"><a href=href>{format!("Show the quotes of all {n_articles} {sources}")}</a></p> }
        });
        let reported = match (n_outlets, n_articles) {
            (0, 1) => "Reported in 1 article".to_string(),
            (0, a) => format!("Reported in {a} articles"),
            (1, 1) => "Reported by 1 outlet".to_string(),
            (1, a) => format!("Reported by 1 outlet in {a} articles"),
            (o, a) if a > o => format!("Reported by {o} outlets in {a} articles"),
            (o, _) => format!("Reported by {o} outlets"),
        };
        if !all_quotes {
            groups.truncate(QUOTE_OUTLETS);
        }
        let quotes = groups
            .into_iter()
            .map(|(article_id, mentions)| {
                let art = bundle.article(&article_id);
                let name = outlet(&bundle, &article_id);
                let published = art.and_then(|a| a.published.clone()).map(|d| human_date(&d)).unwrap_or_else(|| "date unknown".into());
                let is_first = first.as_deref() == Some(article_id.as_str());
                let title = art.map(|a| a.title.clone()).unwrap_or_default();
                view! {
                    <section class="outlet-quotes">
                        <h3>{name}{is_first.then(|| view! { <span class="badge first">"first to report"</span> })}</h3>
                        <p class="meta">{title}" · "{published}</p>
                        <ul class="quotes">
                            {mentions.into_iter().map(|m| {
                                let href = links::href(&format!("/article/{}#s{}", links::segment(&m.article), m.sentence));
                                let derivation = derivation(&m);
                                view! {
                                    <li>
                                        <blockquote><a class="quote" href=href>{m.text.clone()}</a></blockquote>
                                        <p class="derivation">{derivation}" "
                                            <crate::components::ShareButton
                                                route=format!("/article/{}#s{}", links::segment(&m.article), m.sentence)
                                                title=crate::pages_title(&m.text)/>
                                        </p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view();

        // Disagreements side by side, one side per value: the outlets giving it and the
        // first one's quote (hundreds of outlets may give the same value).
        let discrepancies = event
            .discrepancies
            .iter()
            .map(|d| {
                let by_value = crate::format::sides_by_value(d);
                let sides = by_value
                    .into_iter()
                    .map(|(value, sides)| {
                        let value = if d.kind == "date" { human_date(value) } else { value.to_string() };
                        let names: Vec<String> = sides.iter().map(|s| outlet(&bundle, &s.article)).collect();
                        let (who, verb) = crate::format::who_says(names);
                        view! {
                            <div class="side">
                                <p class="side-head"><strong>{who}</strong>{verb}<strong>{value}</strong></p>
                                <blockquote>{sides[0].quote.clone()}</blockquote>
                            </div>
                        }
                    })
                    .collect_view();
                view! { <div class="discrepancy"><h2>{format!("Outlets disagree on the {}", d.kind)}</h2><div class="sides">{sides}</div></div> }
            })
            .collect_view();

        let entities = event
            .entities
            .iter()
            .filter_map(|id| bundle.entity(id))
            .map(|e| {
                let href = links::href(&format!("/entity/{}", links::segment(&e.id)));
                view! { <li><a class=format!("chip {}", e.kind) href=href>{e.name.clone()}</a></li> }
            })
            .collect_view();

        // Related: other events sharing entities, most shared first.
        let mut related: Vec<(usize, &storyline_model::Event)> = bundle
            .events
            .iter()
            .filter(|o| o.id != event.id)
            .map(|o| {
                (
                    o.entities
                        .iter()
                        .filter(|e| event.entities.contains(e))
                        .count(),
                    o,
                )
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        crate::sort::sort_by(&mut related, |a, b| {
            b.0.cmp(&a.0)
                .then(b.1.score.total_cmp(&a.1.score))
                .then(a.1.id.cmp(&b.1.id))
        });
        let related = related
            .into_iter()
            .take(5)
            .map(|(_, e)| view! { <EventCard event=e.clone() bundle=bundle.clone()/> })
            .collect_view();

        view! {
            <article class="event-page">
                <p class="event-date-line">
                    <time datetime=event.date.clone()>{human_date(&event.date)}</time>
                    {event.future.then(|| view! { <span class="badge future">"scheduled at the time of reporting"</span> })}
                </p>
                <h1>{event.title.clone()}</h1>
                <p><crate::components::ShareButton route=format!("/event/{}", links::segment(&event.id)) title=event.title.clone()/></p>
                <p class="meta">{reported}</p>
                {discrepancies}
                <h2>"What the outlets wrote"</h2>
                {quotes}
                {more_quotes}
                <h2>"Involved"</h2>
                <ul class="chips">{entities}</ul>
                <h2>"Related events"</h2>
                <ul class="event-list">{related}</ul>
            </article>
        }
        .into_any()
    }
}

/// "next Monday → June 2, 2025 (relative to May 29, 2025)".
fn derivation(m: &Mention) -> String {
    if m.date_text.is_empty() {
        return String::new();
    }
    let date = if m.date.is_empty() {
        String::new()
    } else {
        human_date(&m.date)
    };
    match &m.anchor {
        Some(anchor) => format!(
            "“{}” → {date} (relative to {})",
            m.date_text,
            human_date(anchor)
        ),
        None => format!("“{}” → {date}", m.date_text),
    }
}
