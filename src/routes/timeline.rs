//! `/timeline`: the story's events on a compressed time axis, with filters kept in the URL.

use crate::components::EventCard;
use crate::format::{encode, gap_label, human_date, months_between, outlet, TimelineFilter};
use crate::links;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;

/// How many events are drawn at once; "Show more" raises it (kept in the URL).
const PAGE: usize = 200;

#[component]
pub fn Timeline() -> impl IntoView {
    let bundle = use_bundle();
    let query = use_query_map();
    move || {
        let q = query.read();
        let filter = TimelineFilter {
            outlet: q.get("outlet"),
            entity: q.get("entity"),
            from: q.get("from"),
            to: q.get("to"),
            as_of: q.get("asof"),
            highlights: q.get("view").as_deref() == Some("highlights"),
        };
        let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(PAGE);
        drop(q);
        crate::set_document_title(&format!("Timeline · {}", bundle.story.title));
        let events = filter.apply(&bundle);
        let total = events.len();
        let with = |f: &TimelineFilter| {
            let q = f.query();
            links::href(&if q.is_empty() {
                "/timeline".to_string()
            } else {
                format!("/timeline?{q}")
            })
        };

        // Filter choices: outlets, the most involved entities, publication days.
        let mut outlets: Vec<String> = bundle
            .articles
            .iter()
            .map(|a| outlet(&bundle, &a.id))
            .collect();
        outlets.sort();
        outlets.dedup();
        let mut entities: Vec<_> = bundle
            .entities
            .iter()
            .filter(|e| !e.events.is_empty())
            .collect();
        entities.sort_by(|a, b| {
            b.events
                .len()
                .cmp(&a.events.len())
                .then(a.name.cmp(&b.name))
        });
        entities.truncate(12);
        let mut days: Vec<String> = bundle
            .articles
            .iter()
            .filter_map(|a| a.published.clone())
            .collect();
        days.sort();
        days.dedup();

        let chip = |label: String, href: String, active: bool| {
            view! { <a class=if active { "chip active" } else { "chip" } href=href aria-current=active.then_some("true")>{label}</a> }
        };
        let outlet_chips = outlets
            .into_iter()
            .map(|o| {
                let active = filter.outlet.as_deref() == Some(o.as_str());
                let f = TimelineFilter {
                    outlet: (!active).then(|| o.clone()),
                    ..filter.clone()
                };
                chip(o, with(&f), active)
            })
            .collect_view();
        let entity_chips = entities
            .into_iter()
            .map(|e| {
                let active = filter.entity.as_deref() == Some(e.id.as_str());
                let f = TimelineFilter {
                    entity: (!active).then(|| e.id.clone()),
                    ..filter.clone()
                };
                chip(e.name.clone(), with(&f), active)
            })
            .collect_view();
        let asof_chips = days
            .into_iter()
            .map(|d| {
                let active = filter.as_of.as_deref() == Some(d.as_str());
                let f = TimelineFilter {
                    as_of: (!active).then(|| d.clone()),
                    ..filter.clone()
                };
                chip(human_date(&d), with(&f), active)
            })
            .collect_view();
        let view_all = TimelineFilter {
            highlights: false,
            ..filter.clone()
        };
        let view_top = TimelineFilter {
            highlights: true,
            ..filter.clone()
        };

        // Density: events per month, empty stretches compressed to one gap marker.
        let mut per_month: BTreeMap<String, usize> = BTreeMap::new();
        for e in &events {
            *per_month
                .entry(e.date.chars().take(7).collect())
                .or_default() += 1;
        }
        let max = per_month.values().copied().max().unwrap_or(1);
        let mut density = Vec::new();
        let mut last: Option<String> = None;
        for (month, n) in &per_month {
            if let Some(gap) = last
                .as_ref()
                .and_then(|l| gap_label(months_between(l, month)))
            {
                density.push(view! { <li class="gap" title=gap.clone()>"…"</li> }.into_any());
            }
            let f = TimelineFilter {
                from: Some(month.clone()),
                to: Some(month.clone()),
                ..filter.clone()
            };
            let height = format!("height: {}%", 15 + 85 * n / max);
            let count = if *n == 1 {
                "1 event".to_string()
            } else {
                format!("{n} events")
            };
            let label = format!("{}: {count}", human_date(month));
            density.push(
                view! {
                    <li><a href=with(&f) title=label><span class="bar" style=height></span><span class="month">{short_month(month)}</span><span class="visually-hidden">{format!(", {count}")}</span></a></li>
                }
                .into_any(),
            );
            last = Some(month.clone());
        }

        // Events grouped by date, with gap markers between distant groups.
        let shown: Vec<_> = events.into_iter().take(limit).collect();
        let mut groups: Vec<(String, Vec<storyline_model::Event>)> = Vec::new();
        for e in shown {
            match groups.last_mut() {
                Some((d, list)) if *d == e.date => list.push(e),
                _ => groups.push((e.date.clone(), vec![e])),
            }
        }
        let mut prev: Option<String> = None;
        let body = groups
            .into_iter()
            .map(|(date, list)| {
                let gap = prev.as_ref().and_then(|p| gap_label(months_between(p, &date)));
                prev = Some(date.clone());
                let bundle = bundle.clone();
                view! {
                    {gap.map(|g| view! { <li class="timeline-gap">{g}</li> })}
                    <li class="day">
                        <h2 class="day-label">{human_date(&date)}</h2>
                        <ul class="events">
                            {list.into_iter().map(|e| view! { <EventCard event=e bundle=bundle.clone()/> }).collect_view()}
                        </ul>
                    </li>
                }
            })
            .collect_view();
        let more = (total > limit).then(|| {
            let q = filter.query();
            let sep = if q.is_empty() { "" } else { "&" };
            let href = links::href(&format!("/timeline?{q}{sep}limit={}", limit + PAGE));
            view! { <p><a class="more" href=href>{format!("Show more ({} of {total} shown)", limit)}</a></p> }
        });
        let clear = (!filter.is_empty()).then(
            || view! { <a class="chip clear" href=links::href("/timeline")>"Clear filters"</a> },
        );
        let _ = encode;
        view! {
            <section class="timeline-page">
                <h1>"Timeline"</h1>
                <p class="meta">{format!("{total} events")}{filter.as_of.as_ref().map(|d| format!(" as known on {}", human_date(d)))}</p>
                <nav class="filters" aria-label="Timeline filters">
                    <div class="filter-row"><span class="filter-label">"View"</span>
                        {chip("All events".into(), with(&view_all), !filter.highlights)}
                        {chip("Highlights".into(), with(&view_top), filter.highlights)}
                        {clear}
                    </div>
                    <div class="filter-row"><span class="filter-label">"Outlet"</span>{outlet_chips}</div>
                    <div class="filter-row"><span class="filter-label">"Involving"</span>{entity_chips}</div>
                    <div class="filter-row"><span class="filter-label">"As known on"</span>{asof_chips}</div>
                </nav>
                <p class="downloads">"Download: "
                    <a href=links::asset_url(storyline_model::ICS_FILE) download>"Calendar (ICS)"</a>" · "
                    <a href=links::asset_url(storyline_model::CSV_FILE) download>"Spreadsheet (CSV)"</a>" · "
                    <a href=links::asset_url(storyline_model::ATOM_FILE)>"Feed (Atom)"</a>" · "
                    <a href=links::asset_url(storyline_model::TIMELINEJS_FILE) download>"TimelineJS (JSON)"</a>" · "
                    <a href=links::asset_url(storyline_model::BUNDLE_FILE) download>"All data (JSON)"</a>
                </p>
                <ol class="density" aria-label="Events per month">{density}</ol>
                <ol class="timeline">{body}</ol>
                {more}
            </section>
        }
    }
}

/// "2025-05" → "May ’25", "2025" → "2025": short enough for a density bar.
fn short_month(month: &str) -> String {
    let full = human_date(month);
    match full.split_once(' ') {
        Some((m, y)) => format!(
            "{} ’{}",
            &m[..m.len().min(3)],
            &y[y.len().saturating_sub(2)..]
        ),
        None => full,
    }
}
