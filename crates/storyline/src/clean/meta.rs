//! Reads metadata values stated in text: dates in common formats, dates in paths, the
//! "today, Monday, June 2, 2025" phrase and weekday constraints, and author names.

use jiff::civil::{Date, Weekday};
use regex::Regex;
use std::sync::LazyLock;

/// A month from its English name or abbreviation ([`crate::dates::month_num`]).
fn month_number(name: &str) -> Option<i8> {
    crate::dates::month_num(name).map(|m| m as i8)
}

fn ymd(y: &str, m: i8, d: &str) -> Option<Date> {
    let y: i16 = y.parse().ok()?;
    let d: i8 = d.parse().ok()?;
    if !(1800..=2200).contains(&y) {
        return None;
    }
    Date::new(y, m, d).ok()
}

/// A month's name or abbreviation as a capture group (patterns here are case-insensitive).
static MONTH_RE: LazyLock<String> = LazyLock::new(|| format!(r"({})\.?", crate::dates::MONTH));

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\b|T)").unwrap());
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{month}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b",
        month = *MONTH_RE
    ))
    .unwrap()
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{month},?\s+(\d{{4}})\b",
        month = *MONTH_RE
    ))
    .unwrap()
});
static DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b").unwrap());
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})(\d{2})(\d{2})(?:T|$)").unwrap());

/// Parses the first date in a metadata value: ISO 8601 (`2025-06-02T10:00:00Z`),
/// `2025/06/02`, `June 2, 2025`, `2 June 2025`, `02.06.2025` (day first), `20250602`.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(c) = ISO.captures(s) {
        if let Some(d) = ymd(&c[1], c[2].parse().ok()?, &c[3]) {
            return Some(d);
        }
    }
    if let Some(c) = COMPACT.captures(s) {
        if let Some(d) = ymd(&c[1], c[2].parse().ok()?, &c[3]) {
            return Some(d);
        }
    }
    let mdy = MDY.captures(s).map(|c| {
        (
            c.get(0).unwrap().start(),
            month_number(&c[1]).and_then(|m| ymd(&c[3], m, &c[2])),
        )
    });
    let dmy = DMY.captures(s).map(|c| {
        (
            c.get(0).unwrap().start(),
            month_number(&c[2]).and_then(|m| ymd(&c[3], m, &c[1])),
        )
    });
    let best = [mdy.flatten_pair(), dmy.flatten_pair()]
        .into_iter()
        .flatten()
        .min_by_key(|(pos, _)| *pos);
    if let Some((_, d)) = best {
        return Some(d);
    }
    if let Some(c) = DOTTED.captures(s) {
        return ymd(&c[3], c[2].parse().ok()?, &c[1]);
    }
    None
}

trait FlattenPair {
    fn flatten_pair(self) -> Option<(usize, Date)>;
}
impl FlattenPair for Option<(usize, Option<Date>)> {
    fn flatten_pair(self) -> Option<(usize, Date)> {
        match self {
            Some((p, Some(d))) => Some((p, d)),
            _ => None,
        }
    }
}

/// `YYYY-MM-DD` text of a date.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses a metadata date and formats it as `YYYY-MM-DD`.
pub fn normalize_date(s: &str) -> Option<String> {
    parse_date(s).map(iso)
}

static PATH_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|/)(\d{4})-(\d{2})-(\d{2})(?:/|$|[_ .-])").unwrap());

/// A publication date written in the path, as Timeline17's `InputDocs/2010-05-03/12.htm.txt`
/// (a folder or a file name that starts with `YYYY-MM-DD`). The last one wins.
pub fn date_from_path(path: &str) -> Option<String> {
    PATH_DATE
        .captures_iter(path)
        .filter_map(|c| ymd(&c[1], c[2].parse().ok()?, &c[3]))
        .last()
        .map(iso)
}

/// A line that is only a date (optionally labelled "Published:", "Date:", "Posted on"),
/// as publishers print under the headline. "Updated" lines are not publication dates.
pub fn standalone_date(line: &str) -> Option<String> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:published|posted|date|first published|publication date)(?:\s+on)?\s*:?\s*)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?(.{6,40}?)\s*(?:[|•·-]\s*\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*\w{0,4})?$").unwrap()
    });
    let line = line.trim();
    if line.len() > 70 || line.to_ascii_lowercase().starts_with("updated") {
        return None;
    }
    let c = LABEL.captures(line)?;
    let rest = c.get(1)?.as_str();
    // The rest must be nothing but the date (plus an optional time).
    let d = parse_date(rest)?;
    let leftover = [&*ISO, &*MDY, &*DMY, &*DOTTED]
        .iter()
        .find_map(|re| re.find(rest))
        .map(|m| format!("{}{}", &rest[..m.start()], &rest[m.end()..]))?;
    let leftover = leftover.trim_matches(|c: char| c.is_whitespace() || ",.|".contains(c));
    static TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:at\s+)?(?:T?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?\s*[A-Z+\d:]{0,6})?$").unwrap()
    });
    TIME.is_match(leftover).then(|| iso(d))
}

/// "today, Monday, June 2, 2025": the article says which day "today" is.
pub fn today_phrase(text: &str) -> Option<String> {
    static TODAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)\b(?:today|this morning|this evening|tonight)\s*(?:\(|,)?\s*(?:({weekday}),?\s+)?(?:({month})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})|(\d{{1,2}})\s+({month})\s+(\d{{4}}))",
            month = *MONTH_RE,
            weekday = crate::dates::WEEKDAY,
        ))
        .unwrap()
    });
    for c in TODAY.captures_iter(text) {
        let date = if let Some(m) = c.get(2) {
            ymd(&c[5], month_number(m.as_str())?, &c[4])
        } else {
            ymd(&c[9], month_number(&c[8])?, &c[6])
        };
        let Some(date) = date else { continue };
        if let Some(wd) = c.get(1) {
            if weekday_of(wd.as_str()) != Some(date.weekday()) {
                continue; // the weekday contradicts the date: not a reliable statement
            }
        }
        return Some(iso(date));
    }
    None
}

fn weekday_of(name: &str) -> Option<Weekday> {
    let monday_zero = crate::dates::weekday_num(name)?;
    Weekday::from_monday_zero_offset(monday_zero as i8).ok()
}

/// Outcome of inferring the publication date from a weekday the article mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeekdayInference {
    /// No past-tense weekday reference ("announced Wednesday", "on Wednesday").
    NoWeekday,
    /// Exactly one date fits: the weekday falls on the latest full date the article gives.
    Date(String),
    /// A weekday is mentioned but the article's dates do not pin it down.
    Ambiguous(String),
}

/// "Lavrov announced Wednesday ...": the article was written on or within a week after
/// that weekday. Inference is only made when unambiguous: the latest complete date the
/// article mentions (day, month and year) falls on that weekday and no other weekday is
/// referred to. Otherwise it reports why not.
pub fn weekday_inference(text: &str) -> WeekdayInference {
    static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"\b(?:on|said|announced|told|reported|confirmed|stated|added|released|earlier|late|early|since|last)\s+(?:on\s+)?({})\b",
            storyline_model::WEEKDAYS.join("|")
        ))
        .unwrap()
    });
    let mut days: Vec<Weekday> = WEEKDAY
        .captures_iter(text)
        .filter_map(|c| weekday_of(&c[1]))
        .collect();
    days.sort_by_key(|d| d.to_monday_one_offset());
    days.dedup();
    let Some(&day) = days.first() else {
        return WeekdayInference::NoWeekday;
    };
    let name = format!("{day:?}");
    if days.len() > 1 {
        return WeekdayInference::Ambiguous(format!(
            "several weekdays are mentioned ({name} and others)"
        ));
    }
    let full: Vec<Date> = MDY
        .captures_iter(text)
        .filter_map(|c| ymd(&c[3], month_number(&c[1])?, &c[2]))
        .chain(
            DMY.captures_iter(text)
                .filter_map(|c| ymd(&c[3], month_number(&c[2])?, &c[1])),
        )
        .collect();
    match full.iter().max() {
        None => WeekdayInference::Ambiguous(format!(
            "\"{name}\" is mentioned but the article gives no complete date (with a year) to place it"
        )),
        Some(&latest) if latest.weekday() == day => WeekdayInference::Date(iso(latest)),
        Some(&latest) => WeekdayInference::Ambiguous(format!(
            "\"{name}\" is mentioned but the latest complete date, {}, is not a {name}",
            iso(latest)
        )),
    }
}

/// Cleans an author value: drops "By", trailing roles and e-mail, rejects what is not a name.
pub fn clean_author(raw: &str) -> Option<String> {
    static BY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(?:written\s+)?by[:\s]+").unwrap());
    let s = BY.replace(raw.trim(), "");
    let s = s.split(['|', '\n', '•']).next().unwrap_or("").trim();
    let s = s.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
    let words = s.split_whitespace().count();
    if s.is_empty() || words > 8 || s.contains('@') || s.starts_with("http") {
        return None;
    }
    Some(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_metadata_dates() {
        for (s, want) in [
            ("2025-06-02T10:00:00+00:00", "2025-06-02"),
            ("2019/08/02", "2019-08-02"),
            ("May 29, 2025", "2025-05-29"),
            ("Thursday, 29 May 2025 10:02", "2025-05-29"),
            ("Sept. 3rd, 2019", "2019-09-03"),
            ("29.05.2025", "2025-05-29"),
            ("20250529", "2025-05-29"),
        ] {
            assert_eq!(normalize_date(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(normalize_date("2025-02-30"), None);
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn reads_dates_from_paths() {
        assert_eq!(
            date_from_path("bpoil/InputDocs/2010-05-03/12.htm.txt").as_deref(),
            Some("2010-05-03")
        );
        assert_eq!(
            date_from_path("2025-06-02-talks.md").as_deref(),
            Some("2025-06-02")
        );
        assert_eq!(date_from_path("000_84476a1af674cada.txt"), None);
    }

    #[test]
    fn standalone_date_lines() {
        assert_eq!(
            standalone_date("May 29, 2025").as_deref(),
            Some("2025-05-29")
        );
        assert_eq!(
            standalone_date("Published: 2 June 2025, 10:30 GMT").as_deref(),
            Some("2025-06-02")
        );
        assert_eq!(standalone_date("Date:"), None);
        assert_eq!(standalone_date("Updated May 29, 2025"), None);
        assert_eq!(
            standalone_date("On May 29, 2025, Russia suggested talks."),
            None
        );
    }

    #[test]
    fn today_phrase_with_a_consistent_weekday() {
        let t = "commenced a second round of direct peace talks in Istanbul today, Monday, June 2, 2025, even as";
        assert_eq!(today_phrase(t).as_deref(), Some("2025-06-02"));
        assert_eq!(today_phrase("today, Tuesday, June 2, 2025"), None);
        assert_eq!(today_phrase("Talks on June 2, 2025."), None);
    }

    #[test]
    fn weekday_inference_only_when_unambiguous() {
        let file_004 = "Lavrov announced Wednesday, as efforts intensify. The talks held on May 16 in Istanbul. \
                        first contact since March 2022. Putin spoke with Trump on May 19.";
        assert!(matches!(
            weekday_inference(file_004),
            WeekdayInference::Ambiguous(_)
        ));
        let clear = "The minister said Wednesday that the talks of May 28, 2025 went well.";
        assert_eq!(
            weekday_inference(clear),
            WeekdayInference::Date("2025-05-28".into())
        );
        assert_eq!(
            weekday_inference("No days at all."),
            WeekdayInference::NoWeekday
        );
    }

    #[test]
    fn author_values() {
        assert_eq!(
            clean_author("By Jane Doe | Reuters").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(clean_author("mailto@x.com"), None);
    }
}
