//! Word lists and number words shared by the date rules.

use std::sync::LazyLock;
use storyline_model::calendar;

// The month and weekday readers are the model's, under the names the date rules use.
pub use calendar::{month_number as month_num, weekday_number as weekday_num};

/// Whether four digits `HHMM` are a valid 24-hour clock time ("1653", "0030"). Used by the
/// tagger (a number that reads as a time is no year) and by the live-page stamps of `clean`.
pub fn is_hhmm(v: u16) -> bool {
    v / 100 <= 23 && v % 100 <= 59
}

/// A quantity: a known number or a vague one ("several", "a few").
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Qty {
    N(f64),
    Vague,
}

fn small(w: &str) -> Option<u32> {
    let n = match w {
        "zero" => 0,
        "a" | "an" | "one" | "single" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        "hundred" => 100,
        _ => return None,
    };
    Some(n)
}

/// Parses a number as written in text: digits, words, "a couple of", "several".
pub(super) fn parse_qty(s: &str) -> Option<Qty> {
    let l = s.trim().to_ascii_lowercase();
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
    if l.is_empty() {
        return None;
    }
    match l.as_str() {
        "a few" | "few" | "several" | "many" | "some" | "a number of" => return Some(Qty::Vague),
        "a couple of" | "couple of" | "a couple" => return Some(Qty::N(2.0)),
        "a dozen" => return Some(Qty::N(12.0)),
        "a hundred" | "one hundred" => return Some(Qty::N(100.0)),
        "half a" | "a half" => return Some(Qty::N(0.5)),
        _ => {}
    }
    if l.starts_with(|c: char| c.is_ascii_digit()) {
        let digits: String = l.chars().filter(|c| *c != ',').collect();
        return digits
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v < 1.0e6)
            .map(Qty::N);
    }
    let mut total = 0u32;
    for part in l.split(['-', ' ']) {
        total += small(part)?;
    }
    Some(Qty::N(f64::from(total)))
}

/// Regex source for a number written in digits or words (longest alternatives first).
pub(super) const NUM: &str = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?i:a\s+couple\s+of|a\s+few|a\s+dozen|a\s+hundred|one\s+hundred|several|many|few|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine)\b)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|an|a))";

/// A regex fragment made once from the calendar's names, written into patterns as
/// `format!("…{MONTH}…")`.
pub struct Pattern(LazyLock<String>);

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Full month names (case-sensitive: "May" and "March" only when capitalised).
pub(super) static MONTH_FULL: Pattern = Pattern(LazyLock::new(calendar::month_names_pattern));

/// Month names and abbreviations, e.g. "Aug." or "Sept".
pub static MONTH: Pattern = Pattern(LazyLock::new(calendar::month_pattern));

/// Weekday names, singular or plural.
pub static WEEKDAY: Pattern = Pattern(LazyLock::new(calendar::weekday_pattern));
