//! Reads exported stories and prints where their timeline opens, with and without the
//! background fold (`Bundle::background_before`).
//!
//! ```sh
//! target/release/storyline export t17 > /tmp/t17.json
//! cargo run --release -p storyline --example eval_timeline NAME=/tmp/t17.json...
//! ```
//!
//! One Markdown row per story: its events, the date of the first event (where a timeline
//! of every event opens: the baseline), the events folded as background and their share
//! of the mentions, the date the timeline opens on now, and the first report's day.

use storyline_model::Bundle;

fn main() -> anyhow::Result<()> {
    println!("| story | events | baseline: opens on | folded (share of mentions) | opens on | first report |");
    println!("|---|---:|---|---:|---|---|");
    for arg in std::env::args().skip(1) {
        let (name, path) = arg.split_once('=').unwrap_or((arg.as_str(), arg.as_str()));
        let bundle = Bundle::from_json(&std::fs::read_to_string(path)?)?;
        let cut = bundle.background_before();
        let folded = |e: &&storyline_model::Event| cut.as_deref().is_some_and(|d| e.is_before(d));
        let mentions: usize = bundle.events.iter().map(|e| e.mentions.len()).sum();
        let background: Vec<_> = bundle.events.iter().filter(folded).collect();
        let folded_mentions: usize = background.iter().map(|e| e.mentions.len()).sum();
        let opens = bundle.events.iter().find(|e| !folded(e));
        let first_report = bundle
            .events
            .iter()
            .flat_map(|e| &e.mentions)
            .filter_map(|m| bundle.article(&m.article)?.published.as_deref())
            .min();
        println!(
            "| {name} | {} | {} | {} ({}%) | {} | {} |",
            bundle.events.len(),
            bundle.events.first().map_or("", |e| e.date.as_str()),
            background.len(),
            (100 * folded_mentions).checked_div(mentions).unwrap_or(0),
            opens.map_or("", |e| e.date.as_str()),
            first_report.unwrap_or(""),
        );
    }
    Ok(())
}
