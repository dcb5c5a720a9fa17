//! Date expressions in running text, tagged and resolved against an anchor date.
//!
//! A rule-based temporal tagger in the style of HeidelTime: regular expressions find
//! candidate expressions ([`rules`]), the longest non-overlapping ones are kept, and each is
//! normalised to a TIMEX3 value, relative ones against the anchor (the document's
//! publication date) and the sentence's tense ([`resolve`]). Pure functions, no I/O.

mod lexicon;
mod narrative;
mod resolve;
mod rules;
#[cfg(test)]
mod tests;

use jiff::civil::Date;

pub use lexicon::{is_hhmm, month_num, weekday_num, MONTH, WEEKDAY};
pub use narrative::{Narrative, NARRATIVE_SENTENCES};
pub use rules::is_time_zone;

/// The TIMEX3 type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// A calendar date or period (`June 2`, `last year`, `the second quarter`).
    Date,
    /// A time of day (`10 a.m. Monday`, `tonight`).
    Time,
    /// A length of time (`two weeks`, value `P2W`).
    Duration,
    /// A recurring time (`Mondays`, `twice a day`).
    Set,
}

impl Kind {
    /// The TIMEX3 `type` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Date => "DATE",
            Kind::Time => "TIME",
            Kind::Duration => "DURATION",
            Kind::Set => "SET",
        }
    }
}

/// How fine-grained a DATE or TIME value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// A century (`20`).
    Century,
    /// A decade (`199`).
    Decade,
    /// A year (`2025`).
    Year,
    /// A half year (`2025-H1`).
    Half,
    /// A season (`2025-SU`).
    Season,
    /// A quarter (`2025-Q2`).
    Quarter,
    /// A month (`2025-06`).
    Month,
    /// A week (`2025-W23`).
    Week,
    /// A day (`2025-06-02`).
    Day,
    /// A part of a day (`2025-06-02TNI`, night).
    PartOfDay,
    /// A clock time (`2025-06-02T10:00`).
    Minute,
}

/// One temporal expression found in a text (serialized for the build cache).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimeExpr {
    /// Byte offset of the first byte in the input text.
    pub start: usize,
    /// Byte offset one past the last byte in the input text.
    pub end: usize,
    /// The expression as written (`text[start..end]`).
    pub text: String,
    /// The TIMEX3 type.
    pub kind: Kind,
    /// TIMEX3 value: `2025-06-02`, `2025-06`, `2025`, `2025-W23`, `2025-Q2`, `PRESENT_REF`,
    /// `P2W`, `XXXX-06-02`, `2025-06-02T10:00`...
    pub value: String,
    /// The name of the rule that found it.
    pub rule: &'static str,
    /// True when the value was computed from the anchor (or from an earlier expression).
    pub anchored: bool,
}

/// A [`TimeExpr`] as the build cache stores it: the rule by its name.
#[derive(serde::Deserialize)]
struct Stored {
    start: usize,
    end: usize,
    text: String,
    kind: Kind,
    value: String,
    rule: String,
    anchored: bool,
}

impl<'de> serde::Deserialize<'de> for TimeExpr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TimeExpr, D::Error> {
        TimeExpr::try_from(Stored::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<Stored> for TimeExpr {
    type Error = String;

    /// The expression back, its rule's name the rule's own; a rule no longer known is
    /// an error (the cached entry is then computed again).
    fn try_from(s: Stored) -> Result<TimeExpr, String> {
        let rule = rules::name(&s.rule).ok_or_else(|| format!("no rule {:?}", s.rule))?;
        Ok(TimeExpr {
            start: s.start,
            end: s.end,
            text: s.text,
            kind: s.kind,
            value: s.value,
            rule,
            anchored: s.anchored,
        })
    }
}

/// A calendar date of year, month or day precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResolvedDate {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12; `None` at year precision.
    pub month: Option<u8>,
    /// The day of the month; `None` at year or month precision.
    pub day: Option<u8>,
}

impl ResolvedDate {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Parses the leading `YYYY`, `YYYY-MM` or `YYYY-MM-DD` of a TIMEX3 value; the rest of
    /// the value must be empty (or, with `allow_suffix`, a time part after `T`).
    fn parse(value: &str, allow_suffix: bool) -> Option<ResolvedDate> {
        let (date, rest) = match value.find('T') {
            Some(i) => (&value[..i], &value[i..]),
            None => (value, ""),
        };
        if !rest.is_empty() && !allow_suffix {
            return None;
        }
        let mut parts = date.split('-');
        let y = parts.next()?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let num = |s: Option<&str>| -> Result<Option<u8>, ()> {
            match s {
                None => Ok(None),
                Some(s) if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) => {
                    s.parse().map(Some).map_err(|_| ())
                }
                Some(_) => Err(()),
            }
        };
        let month = num(parts.next()).ok()?;
        let day = num(parts.next()).ok()?;
        if parts.next().is_some() || (!rest.is_empty() && day.is_none()) {
            return None;
        }
        Some(ResolvedDate {
            year: y.parse().ok()?,
            month,
            day,
        })
    }
}

impl TimeExpr {
    /// The calendar date this expression denotes, for concrete dates, months and years
    /// (`None` for durations, sets, times of day, weeks, quarters and `PRESENT_REF`).
    pub fn date(&self) -> Option<ResolvedDate> {
        match self.kind {
            Kind::Date => ResolvedDate::parse(&self.value, false),
            _ => None,
        }
    }

    /// Like [`TimeExpr::date`], but also gives the day of a time on a known day
    /// (`tonight`, `10 a.m. Monday`).
    pub fn day(&self) -> Option<ResolvedDate> {
        match self.kind {
            Kind::Date | Kind::Time => ResolvedDate::parse(&self.value, true),
            _ => None,
        }
    }

    /// The precision of a DATE or TIME value (`None` for durations, sets and references).
    pub fn precision(&self) -> Option<Precision> {
        if matches!(self.kind, Kind::Duration | Kind::Set) {
            return None;
        }
        precision_of(&self.value)
    }
}

fn precision_of(v: &str) -> Option<Precision> {
    if let Some(i) = v.find('T') {
        let t = &v[i + 1..];
        return Some(
            if t.contains(':') || t.bytes().all(|b| b.is_ascii_digit()) {
                Precision::Minute
            } else {
                Precision::PartOfDay
            },
        );
    }
    let parts: Vec<&str> = v.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 2 => Some(Precision::Century),
        [y] if y.len() == 3 => Some(Precision::Decade),
        [y] if y.len() == 4 => Some(Precision::Year),
        [_, p] if p.starts_with('W') => Some(Precision::Week),
        [_, p] if p.starts_with('Q') => Some(Precision::Quarter),
        [_, p] if p.starts_with('H') => Some(Precision::Half),
        [_, p] if p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(Precision::Season)
        }
        [_, _] => Some(Precision::Month),
        [_, w, _] if w.starts_with('W') => Some(Precision::Week),
        [_, _, _] => Some(Precision::Day),
        _ => None,
    }
}

/// Finds and normalises the temporal expressions of `text`. `anchor` is the document's
/// publication (or creation) date; without it relative expressions get values such as
/// `XXXX-XX-XX` and `anchored: false`. Results are sorted by position and never overlap.
pub fn tag(text: &str, anchor: Option<Date>) -> Vec<TimeExpr> {
    let cands = rules::candidates(text);
    resolve::resolve_all(text, cands, anchor)
}
