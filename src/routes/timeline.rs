//! `/timeline`: the story's events on a compressed time axis, with filters kept in the URL.
//!
//! Only the days near the viewport are drawn (see [`crate::window`]); the rest of the list
//! is spacers of their height, so a story of thousands of events scrolls smoothly.

use crate::components::EventCard;
use crate::format::{
    encode, event_outlets, gap_label, human_date, months_between, outlet, top_choices,
    TimelineFilter, ROW_CHOICES,
};
use crate::links;
use crate::use_bundle;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Days are drawn in blocks of at least this many events.
const BLOCK: usize = 25;
/// Blocks within this many pixels above or below the viewport are drawn.
const OVERSCAN: f64 = 1200.0;
/// Height estimates (px) for blocks not drawn yet; drawn blocks are measured.
const EST_EVENT: f64 = 78.0;
const EST_DAY: f64 = 48.0;
const EST_GAP: f64 = 44.0;

/// One day of the timeline: the gap before it (if far from the previous day), its date and events.
struct Day {
    gap: Option<String>,
    date: String,
    events: Vec<storyline_model::Event>,
}

/// The values the filter rows offer: events per outlet, events per entity (those in some
/// event), the publication days in order.
struct Choices {
    outlets: BTreeMap<String, usize>,
    entities: BTreeMap<String, usize>,
    days: Vec<String>,
}

impl Choices {
    fn of(bundle: &storyline_model::Bundle) -> Choices {
        let mut outlets: BTreeMap<String, usize> = bundle
            .articles
            .iter()
            .map(|a| (outlet(bundle, &a.id), 0))
            .collect();
        for e in &bundle.events {
            for o in event_outlets(bundle, e) {
                *outlets.entry(o).or_default() += 1;
            }
        }
        let entities = bundle
            .entities
            .iter()
            .filter(|e| !e.events.is_empty())
            .map(|e| (e.id.clone(), e.events.len()))
            .collect();
        let mut days: Vec<String> = bundle
            .articles
            .iter()
            .filter_map(|a| a.published.clone())
            .collect();
        crate::sort::sort(&mut days);
        days.dedup();
        Choices {
            outlets,
            entities,
            days,
        }
    }
}

/// The timeline page (`/timeline`), filtered by its query string.
#[component]
pub fn Timeline() -> impl IntoView {
    let bundle = use_bundle();
    let query = use_query_map();
    // What the filter rows choose from depends on the bundle alone: counted once, not on
    // every change of the filters.
    let choices = Choices::of(&bundle);
    let background = bundle.background_before();
    // The days a date field can go to: the first and last day-dated events.
    let event_span = {
        let mut days = bundle.events.iter().filter(|e| e.date.len() == 10);
        days.next().map(|first| {
            let last = days.next_back().unwrap_or(first);
            (first.date.clone(), last.date.clone())
        })
    };
    // `j` and `k` move the focus to the next and the previous event.
    let keys = window_event_listener(leptos::ev::keydown, step_through_events);
    on_cleanup(move || keys.remove());
    move || {
        let q = query.read();
        let filter = TimelineFilter {
            outlet: q.get("outlet"),
            entity: q.get("entity"),
            from: q.get("from"),
            to: q.get("to"),
            as_of: q.get("asof").filter(|d| !d.is_empty()),
            highlights: q.get("view").as_deref() == Some("highlights"),
        };
        drop(q);
        crate::set_document_title(&format!("Timeline · {}", bundle.story.title));
        let events = filter.apply(&bundle);
        let total = events.len();
        // The whole timeline opens on the story: its background is folded above it.
        let fold = background
            .as_deref()
            .filter(|_| filter.from.is_none() && filter.to.is_none() && !filter.highlights);
        let (earlier, events): (Vec<_>, Vec<_>) = match fold {
            Some(day) => events.into_iter().partition(|e| e.is_before(day)),
            None => (Vec::new(), events),
        };
        let with = |f: &TimelineFilter| {
            let q = f.query();
            links::href(&if q.is_empty() {
                "/timeline".to_string()
            } else {
                format!("/timeline?{q}")
            })
        };

        // Filter choices: the outlets and entities with the most events (and the one in
        // use), the publication days (chips, or a date field when there are many).
        let (outlets, more_outlets) =
            top_choices(&choices.outlets, filter.outlet.as_deref(), ROW_CHOICES);
        let (entities, more_entities) =
            top_choices(&choices.entities, filter.entity.as_deref(), ROW_CHOICES);
        let days = choices.days.clone();

        let chip = |label: String, href: String, active: bool| {
            view! { <a class=if active { "chip active" } else { "chip" } href=href aria-current=active.then_some("true")>{label}</a> }
        };
        let more = |n: usize, what: &str| {
            (n > 0).then(
                || view! { <span class="more-choices">{format!("and {n} more{what}")}</span> },
            )
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
            .filter_map(|id| bundle.entity(&id))
            .map(|e| {
                let active = filter.entity.as_deref() == Some(e.id.as_str());
                let f = TimelineFilter {
                    entity: (!active).then(|| e.id.clone()),
                    ..filter.clone()
                };
                chip(e.name.clone(), with(&f), active)
            })
            .collect_view();
        let asof = if days.len() <= ROW_CHOICES {
            days.into_iter()
                .map(|d| {
                    let active = filter.as_of.as_deref() == Some(d.as_str());
                    let f = TimelineFilter {
                        as_of: (!active).then(|| d.clone()),
                        ..filter.clone()
                    };
                    chip(human_date(&d), with(&f), active)
                })
                .collect_view()
                .into_any()
        } else {
            let first = days.first().cloned().unwrap_or_default();
            let last = days.last().cloned().unwrap_or_default();
            let label = format!(
                "{} publication days, {} to {}",
                days.len(),
                human_date(&first),
                human_date(&last)
            );
            let keep = TimelineFilter {
                as_of: None,
                ..filter.clone()
            };
            date_form(DateField {
                name: "asof",
                value: filter.as_of.clone().unwrap_or_default(),
                min: first,
                max: last,
                label,
                button: "Show",
                keep,
            })
            .into_any()
        };
        // Go to a date: the timeline from that day on (`from=`).
        let go_to = event_span.as_ref().map(|(first, last)| {
            date_form(DateField {
                name: "from",
                value: filter
                    .from
                    .clone()
                    .filter(|d| d.len() == 10)
                    .unwrap_or_default(),
                min: first.clone(),
                max: last.clone(),
                label: format!(
                    "Go to a date, {} to {}",
                    human_date(first),
                    human_date(last)
                ),
                button: "Go",
                keep: TimelineFilter {
                    from: None,
                    ..filter.clone()
                },
            })
        });
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
            // In rem, not in % of the column: the month's label below takes its own room.
            // In hundredths of a rem, formatted as integers (no float formatting in the wasm).
            let hundredths = (30.0 + 300.0 * *n as f64 / max as f64).round() as u32;
            let height = format!("height: {}.{:02}rem", hundredths / 100, hundredths % 100);
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

        // Events grouped by date, with gap markers between distant days, in blocks.
        let mut days: Vec<Day> = Vec::new();
        for e in events {
            match days.last_mut() {
                Some(d) if d.date == e.date => d.events.push(e),
                _ => {
                    let gap = days
                        .last()
                        .and_then(|p| gap_label(months_between(&p.date, &e.date)));
                    days.push(Day {
                        gap,
                        date: e.date.clone(),
                        events: vec![e],
                    })
                }
            }
        }
        let sizes: Vec<usize> = days.iter().map(|d| d.events.len()).collect();
        let ranges = crate::window::blocks(&sizes, BLOCK);
        let estimates: Vec<f64> = ranges
            .iter()
            .map(|r| {
                days[r.clone()]
                    .iter()
                    .map(|d| {
                        EST_DAY
                            + EST_EVENT * d.events.len() as f64
                            + if d.gap.is_some() { EST_GAP } else { 0.0 }
                    })
                    .sum()
            })
            .collect();
        let body = windowed(bundle.clone(), Arc::new(days), Arc::new(ranges), estimates);
        let earlier = background_note(&earlier, &filter, &with);
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
                    <div class="filter-row"><span class="filter-label">"Outlet"</span>{outlet_chips}{more(more_outlets, " outlets")}</div>
                    <div class="filter-row"><span class="filter-label">"Involving"</span>{entity_chips}{more(more_entities, "")}</div>
                    <div class="filter-row"><span class="filter-label">"As known on"</span>{asof}</div>
                    {go_to.map(|form| view! { <div class="filter-row"><span class="filter-label">"Go to"</span>{form}</div> })}
                </nav>
                <p class="downloads">"Download: "
                    <a href=links::asset_url(storyline_model::ICS_FILE) download>"Calendar (ICS)"</a>" · "
                    <a href=links::asset_url(storyline_model::CSV_FILE) download>"Spreadsheet (CSV)"</a>" · "
                    <a href=links::asset_url(storyline_model::ATOM_FILE)>"Feed (Atom)"</a>" · "
                    <a href=links::asset_url(storyline_model::TIMELINEJS_FILE) download>"TimelineJS (JSON)"</a>" · "
                    <a href=links::asset_url(storyline_model::BUNDLE_FILE) download>"All data (JSON)"</a>
                </p>
                {earlier}
                <ol class="density" aria-label="Events per month">{density}</ol>
                {body}
            </section>
        }
    }
}

/// A date field that navigates the timeline: a GET form to `/timeline` with `name=` the
/// day and the other filters in use as hidden fields (so it works on a page without the
/// app); the app navigates to the same URL.
struct DateField {
    name: &'static str,
    value: String,
    min: String,
    max: String,
    label: String,
    button: &'static str,
    keep: TimelineFilter,
}

fn date_form(f: DateField) -> AnyView {
    let hidden = [
        ("outlet", f.keep.outlet.clone()),
        ("entity", f.keep.entity.clone()),
        ("from", f.keep.from.clone()),
        ("to", f.keep.to.clone()),
        ("asof", f.keep.as_of.clone()),
        ("view", f.keep.highlights.then(|| "highlights".to_string())),
    ]
    .into_iter()
    .filter(|(k, _)| *k != f.name)
    .filter_map(|(k, v)| v.map(|v| view! { <input type="hidden" name=k value=v/> }))
    .collect_view();
    let field = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    let (name, keep) = (f.name, f.keep);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = field.get().map(|i| i.value()).unwrap_or_default();
        let day = (!day.is_empty()).then_some(day);
        let mut next = keep.clone();
        match name {
            "from" => next.from = day,
            _ => next.as_of = day,
        }
        let q = next.query();
        navigate(
            &links::navigate_to(&format!("/timeline?{q}")),
            Default::default(),
        );
    };
    view! {
        <form method="GET" action=links::href("/timeline") class=format!("date-form {}-form", f.name) on:submit=on_submit>
            {hidden}
            <input node_ref=field type="date" name=f.name min=f.min max=f.max value=f.value aria-label=f.label.clone() title=f.label required/>
            <button type="submit">{f.button}</button>
        </form>
    }
    .into_any()
}

/// `j` / `k` (outside a text field, without modifiers): focus the next or the previous
/// event's title on the timeline, scrolling it into view (which draws the blocks near it).
fn step_through_events(ev: leptos::ev::KeyboardEvent) {
    let step: i32 = match ev.key().as_str() {
        "j" => 1,
        "k" => -1,
        _ => return,
    };
    if crate::components::is_typing(&ev) {
        return;
    }
    if crate::components::focus_step(".timeline .event-title", step) {
        ev.prevent_default();
    }
}

/// How many events fall before the story's own span, the most reported of them, and a
/// link that shows them all (the timeline from their first year).
fn background_note(
    earlier: &[storyline_model::Event],
    filter: &TimelineFilter,
    with: &dyn Fn(&TimelineFilter) -> String,
) -> Option<impl IntoView> {
    let (first, last) = (earlier.first()?, earlier.last()?);
    let show = TimelineFilter {
        from: Some(first.date.chars().take(4).collect()),
        ..filter.clone()
    };
    let mut top: Vec<&storyline_model::Event> = earlier.iter().collect();
    crate::sort::sort_by(&mut top, |a, b| {
        b.score.total_cmp(&a.score).then(a.id.cmp(&b.id))
    });
    let top = top
        .into_iter()
        .take(3)
        .enumerate()
        .map(|(i, e)| {
            view! {
                {(i > 0).then_some(" · ")}
                <a href=links::href(&format!("/event/{}", e.id))>{e.title.clone()}</a>
                {format!(" ({})", human_date(&e.date))}
            }
        })
        .collect_view();
    let count = if earlier.len() == 1 {
        "1 earlier event".to_string()
    } else {
        format!("{} earlier events", earlier.len())
    };
    let span = if first.date == last.date {
        human_date(&first.date)
    } else {
        format!("{} to {}", human_date(&first.date), human_date(&last.date))
    };
    Some(view! {
        <p class="background-note">
            {format!("Background: {count}, {span}. Most reported: ")}{top}". "
            <a class="show-background" href=with(&show)>"Show them"</a>
        </p>
    })
}

/// The days of the timeline, drawn block by block as they come near the viewport (all of
/// them for printing).
fn windowed(
    bundle: Arc<storyline_model::Bundle>,
    days: Arc<Vec<Day>>,
    ranges: Arc<Vec<std::ops::Range<usize>>>,
    estimates: Vec<f64>,
) -> impl IntoView {
    let n = ranges.len();
    let heights = RwSignal::new(estimates);
    let initial =
        heights.with_untracked(|h| crate::window::visible_blocks(h, 0.0, 900.0, OVERSCAN));
    let range = RwSignal::new(initial);
    let printing = RwSignal::new(false);
    let list = NodeRef::<leptos::html::Ol>::new();

    // Which blocks meet the viewport now.
    let update = move || {
        let (Some(ol), Some(w)) = (list.get_untracked(), web_sys::window()) else {
            return;
        };
        let top = ol.get_bounding_client_rect().top();
        let viewport = w
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(900.0);
        let r =
            heights.with_untracked(|h| crate::window::visible_blocks(h, -top, viewport, OVERSCAN));
        if r != range.get_untracked() {
            range.set(r);
        }
    };
    // Drawn blocks are measured, so spacers have their true height once seen.
    let measure = move || {
        let Some(ol) = list.get_untracked() else {
            return;
        };
        let Ok(drawn) = ol.query_selector_all(":scope > li.block") else {
            return;
        };
        let mut changed = false;
        let mut h = heights.get_untracked();
        for i in 0..drawn.length() {
            use wasm_bindgen::JsCast;
            let Some(el) = drawn
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                continue;
            };
            let Some(b) = el
                .dataset()
                .get("block")
                .and_then(|b| b.parse::<usize>().ok())
            else {
                continue;
            };
            let measured = el.get_bounding_client_rect().height();
            if b < h.len() && measured > 0.0 && (h[b] - measured).abs() > 0.5 {
                h[b] = measured;
                changed = true;
            }
        }
        if changed {
            heights.set(h);
        }
        update();
    };
    Effect::new(move || {
        range.track();
        request_animation_frame(measure);
    });
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| update());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    let before_print = window_event_listener(
        leptos::ev::Custom::new("beforeprint"),
        move |_: web_sys::Event| printing.set(true),
    );
    let after_print = window_event_listener(
        leptos::ev::Custom::new("afterprint"),
        move |_: web_sys::Event| printing.set(false),
    );
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
        before_print.remove();
        after_print.remove();
    });

    let shown = move || {
        if printing.get() {
            (0, n.saturating_sub(1))
        } else {
            range.get()
        }
    };
    let spacer = move |px: f64| {
        (px > 0.0).then(|| view! { <li class="window-spacer" aria-hidden="true" style=format!("height: {}px", px.round() as u64)></li> })
    };
    let above = move || {
        let (first, _) = shown();
        spacer(heights.with(|h| h[..first.min(h.len())].iter().sum()))
    };
    let below = move || {
        let (_, last) = shown();
        spacer(heights.with(|h| h.get(last + 1..).map_or(0.0, |r| r.iter().sum())))
    };
    let block = move |b: usize| {
        let days = days.clone();
        let bundle = bundle.clone();
        let items = days[ranges[b].clone()]
            .iter()
            .map(|d| {
                let bundle = bundle.clone();
                view! {
                    {d.gap.clone().map(|g| view! { <li class="timeline-gap">{g}</li> })}
                    <li class="day">
                        <h2 class="day-label">{human_date(&d.date)}</h2>
                        <ul class="events">
                            {d.events.iter().map(|e| view! { <EventCard event=e.clone() bundle=bundle.clone()/> }).collect_view()}
                        </ul>
                    </li>
                }
            })
            .collect_view();
        view! { <li class="block" data-block=b.to_string()><ol class="timeline-block">{items}</ol></li> }
    };
    view! {
        <ol class="timeline" node_ref=list>
            {above}
            <For each=move || { let (a, b) = shown(); if n == 0 { 0..0 } else { a..b + 1 } } key=|b| *b children=block/>
            {below}
        </ol>
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
