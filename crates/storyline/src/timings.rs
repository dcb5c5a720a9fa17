//! Wall time and item counts of each build stage: the build's closing line and `--timings`.

use std::fmt::Write;
use std::time::{Duration, Instant};

/// What one stage took.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Short name, as in the closing line ("clean", "dates").
    pub name: &'static str,
    /// Wall-clock time it took.
    pub wall: Duration,
    /// How many things it worked on, of `unit` ("articles", "pages").
    pub items: usize,
    /// What `items` counts ("articles", "pages").
    pub unit: &'static str,
}

/// The stages of one command, in the order they ran, and when it started.
#[derive(Debug, Clone)]
pub struct Timings {
    started: Instant,
    /// The stages, in the order they ran.
    pub stages: Vec<Stage>,
    /// Lines printed under the table ("cache: 5164 results reused, 0 computed").
    pub notes: Vec<String>,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            started: Instant::now(),
            stages: Vec::new(),
            notes: Vec::new(),
        }
    }
}

impl Timings {
    /// Runs `work` as stage `name` over `items` things of `unit`, and records its time.
    pub fn stage<T>(
        &mut self,
        name: &'static str,
        items: usize,
        unit: &'static str,
        work: impl FnOnce() -> T,
    ) -> T {
        let started = Instant::now();
        let out = work();
        self.record(name, items, unit, started.elapsed());
        out
    }

    /// Records a stage timed by the caller; a name met again adds its time and items to
    /// its first record.
    pub fn record(&mut self, name: &'static str, items: usize, unit: &'static str, wall: Duration) {
        match self.stages.iter_mut().find(|s| s.name == name) {
            Some(s) => {
                s.wall += wall;
                s.items += items;
            }
            None => self.stages.push(Stage {
                name,
                wall,
                items,
                unit,
            }),
        }
    }

    /// Wall time since the command started.
    pub fn total(&self) -> Duration {
        self.started.elapsed()
    }

    /// The closing line: "built 2600 articles, 1834 events in 29.5 s (clean 3.1 s, …)".
    pub fn summary(&self, verb: &str, articles: usize, events: usize) -> String {
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|s| format!("{} {:.1} s", s.name, s.wall.as_secs_f64()))
            .collect();
        format!(
            "{verb} {articles} articles, {events} events in {:.1} s ({})",
            self.total().as_secs_f64(),
            stages.join(", ")
        )
    }

    /// The `--timings` table: stage, wall time, items and items per second, then the total
    /// and the notes.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<10} {:>9} {:>8} {:<9} {:>10}\n",
            "stage", "wall", "items", "", "items/s"
        );
        for s in &self.stages {
            let secs = s.wall.as_secs_f64();
            let rate = if secs > 0.0 {
                format!("{:.0}", s.items as f64 / secs)
            } else {
                "-".to_string()
            };
            let _ = writeln!(
                out,
                "{:<10} {:>7.2} s {:>8} {:<9} {:>10}",
                s.name, secs, s.items, s.unit, rate
            );
        }
        let _ = writeln!(out, "{:<10} {:>7.2} s", "total", self.total().as_secs_f64());
        for note in &self.notes {
            let _ = writeln!(out, "{note}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up_in_the_line_and_the_table() {
        let mut t = Timings::default();
        let n = t.stage("clean", 3, "files", || 3);
        assert_eq!(n, 3);
        t.record("dates", 2, "articles", Duration::from_millis(1500));
        t.record("dates", 0, "articles", Duration::from_millis(500));
        assert_eq!(t.stages.len(), 2);
        assert_eq!(t.stages[1].wall, Duration::from_secs(2));
        let line = t.summary("built", 2, 5);
        assert!(line.starts_with("built 2 articles, 5 events in "), "{line}");
        assert!(line.ends_with("(clean 0.0 s, dates 2.0 s)"), "{line}");
        let table = t.table();
        assert!(
            table.contains("dates         2.00 s        2 articles"),
            "{table}"
        );
        assert!(
            table.lines().last().unwrap().starts_with("total"),
            "{table}"
        );
    }
}
