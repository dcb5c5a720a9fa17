//! The pattern rules: regular expressions that find candidate expressions and their meaning.

use super::lexicon::{
    is_hhmm, month_num, parse_qty, weekday_num, Qty, MONTH, MONTH_FULL, NUM, WEEKDAY,
};
use super::Kind;
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

impl Unit {
    pub(super) fn parse(s: &str) -> Option<Unit> {
        let l = s.to_ascii_lowercase();
        let u = match l.trim_end_matches('s') {
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" | "fortnight" => Unit::Week,
            "weekend" => Unit::Weekend,
            "month" => Unit::Month,
            "quarter" => Unit::Quarter,
            "year" => Unit::Year,
            "decade" => Unit::Decade,
            "century" | "centurie" | "centur" => Unit::Century,
            _ => return None,
        };
        Some(u)
    }

    /// TIMEX3 duration value for `q` of this unit, e.g. `P2W`, `PT3H`, `PXY`.
    pub(super) fn duration(self, q: Qty, fortnight: bool) -> String {
        let (n, letter, time) = match q {
            Qty::Vague => {
                let (l, t) = self.letter();
                return format!("P{}X{l}", if t { "T" } else { "" });
            }
            Qty::N(n) => {
                let n = if fortnight { n * 2.0 } else { n };
                match self {
                    Unit::Decade => (n * 10.0, "Y", false),
                    Unit::Century => (n * 100.0, "Y", false),
                    Unit::Weekend => (n * 2.0, "D", false),
                    _ => {
                        let (l, t) = self.letter();
                        (n, l, t)
                    }
                }
            }
        };
        let num = if n.fract() == 0.0 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        };
        format!("P{}{num}{letter}", if time { "T" } else { "" })
    }

    fn letter(self) -> (&'static str, bool) {
        match self {
            Unit::Second => ("S", true),
            Unit::Minute => ("M", true),
            Unit::Hour => ("H", true),
            Unit::Day | Unit::Weekend => ("D", false),
            Unit::Week => ("W", false),
            Unit::Month => ("M", false),
            Unit::Quarter => ("Q", false),
            Unit::Year => ("Y", false),
            Unit::Decade => ("DE", false),
            Unit::Century => ("CE", false),
        }
    }
}

/// Direction of a weekday or season relative to the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    /// Decided by the sentence's tense.
    Auto,
    Last,
    This,
    Next,
}

/// What a candidate expression means, before resolution against the anchor.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Sem {
    /// A value that needs no anchor (durations, sets, `PRESENT_REF`, full dates).
    Fixed(String),
    /// A calendar date, month or year with its year stated.
    Abs {
        y: i32,
        m: Option<u8>,
        d: Option<u8>,
    },
    /// A month (and day) whose year is implied.
    MonthDay { m: u8, d: Option<u8> },
    /// today (0), yesterday (-1), tomorrow (1), with an optional part of day (`TNI`).
    RelDay {
        days: i64,
        part: Option<&'static str>,
    },
    /// A weekday (0 = Monday).
    Weekday {
        wd: u8,
        dir: Dir,
        part: Option<&'static str>,
    },
    /// this/last/next week, month, year, quarter, weekend, decade, century.
    Rel { unit: Unit, offset: i64 },
    /// `n` units before (negative) or after the anchor.
    Ago { n: i64, unit: Unit },
    /// "a year earlier", "year-ago": the same period a year before.
    YearEarlier,
    /// A quarter; `y` the stated year, `yoff` an offset from the anchor's year.
    Quarter { q: u8, y: Option<i32>, yoff: i64 },
    /// "the quarter", "the latest quarter": the quarter under discussion.
    TheQuarter,
    /// First or second half of a year.
    Half { h: u8, y: Option<i32>, yoff: i64 },
    /// A season (`SP`, `SU`, `FA`, `WI`).
    Season {
        s: &'static str,
        dir: Dir,
        y: Option<i32>,
    },
    /// A clock time, optionally on a day.
    Clock {
        h: u8,
        min: u8,
        day: Option<Box<Sem>>,
    },
    /// "the day before", "the next day": relative to the last day mentioned.
    DayRef(i64),
    /// A month in last/this/next year ("June last year").
    MonthRelYear { m: u8, d: Option<u8>, yoff: i64 },
    /// "the 1988 period": the quarter under discussion in that year, else the year.
    PeriodOf(i32),
    /// A fixed holiday (month, day); day 0 is Thanksgiving (fourth Thursday).
    Holiday { m: u8, d: u8 },
}

/// A candidate expression from one rule.
#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub sem: Sem,
    pub rule: &'static str,
    pub prio: usize,
}

type Build = fn(&Captures, &str, usize) -> Option<(Kind, Sem)>;

struct Rule {
    name: &'static str,
    re: Regex,
    /// `re` without its word boundaries: it matches wherever `re` does (dropping a
    /// zero-width assertion only adds matches), and, with no Unicode `\b`, runs on the
    /// fast DFA whatever the text, where `re` falls back to a backtracker as soon as the
    /// text has a non-ASCII character (a curly quote). A text it does not match is one
    /// `re` need not search.
    quick: Regex,
    build: Build,
}

fn rule(name: &'static str, pattern: &str, build: Build) -> Rule {
    let re = Regex::new(pattern).unwrap_or_else(|e| panic!("rule {name}: {e}"));
    let quick = Regex::new(&without_word_boundaries(pattern))
        .unwrap_or_else(|e| panic!("rule {name} without word boundaries: {e}"));
    Rule {
        name,
        re,
        quick,
        build,
    }
}

/// A pattern with every `\b` removed (the rules have no `\\b`, `\B` or `\b{…}`).
fn without_word_boundaries(pattern: &str) -> String {
    pattern.replace("\\b", "")
}

fn g<'a>(c: &'a Captures, name: &str) -> Option<&'a str> {
    c.name(name).map(|m| m.as_str())
}

fn lower(c: &Captures, name: &str) -> Option<String> {
    g(c, name).map(|s| {
        s.to_ascii_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

fn year_of(s: &str) -> Option<i32> {
    let s = s.trim_start_matches('\'');
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 {
        if y < 30 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    })
}

fn valid_md(m: u8, d: u8) -> bool {
    (1..=12).contains(&m)
        && (1..=31).contains(&d)
        && !(m == 2 && d > 29)
        && !(matches!(m, 4 | 6 | 9 | 11) && d > 30)
}

fn prev_word(text: &str, at: usize) -> String {
    let before = &text[..at];
    before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .rev()
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn next_word(text: &str, at: usize) -> String {
    text[at..]
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_string()
}

/// Prepositions and modifiers after which a bare month name (May, March) is a month.
const MONTH_CUES: &[&str] = &[
    "in", "since", "until", "till", "by", "of", "last", "next", "this", "early", "late", "mid",
    "during", "before", "after", "through", "from", "to", "and", "or", "between", "each", "every",
    "that", "until", "for", "since", "on",
];

const UNIT_G: &str = r"(?P<u>(?i:(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur)(?:s|ies|y)?))";

const QUARTER_ORD: &str = r"(?i:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th))";

/// Edge modifiers kept inside the span ("early", "late", "the end of").
const EDGE: &str = r"(?i:(?:(?:the\s+)?(?:very\s+)?(?:end|beginning|start|middle|close|turn)\s+of\s+(?:the\s+)?|early\s+|late\s+|mid-?|(?:the\s+)?(?:early|late)-|earlier\s+|later\s+)?)";

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        rule(
            "iso_date",
            r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b",
            |c, _, _| {
                let (m, d) = (g(c, "m")?.parse().ok()?, g(c, "d")?.parse().ok()?);
                valid_md(m, d).then_some((
                    Kind::Date,
                    Sem::Abs {
                        y: g(c, "y")?.parse().ok()?,
                        m: Some(m),
                        d: Some(d),
                    },
                ))
            },
        ),
        rule(
            "slash_date",
            r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b",
            |c, _, _| {
                let (m, d) = (g(c, "m")?.parse().ok()?, g(c, "d")?.parse().ok()?);
                valid_md(m, d).then_some((
                    Kind::Date,
                    Sem::Abs {
                        y: year_of(g(c, "y")?)?,
                        m: Some(m),
                        d: Some(d),
                    },
                ))
            },
        ),
        rule(
            "month_day_year",
            &format!(
                r"\b{EDGE}(?P<mon>{MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<y>\d{{4}})\b"
            ),
            |c, _, _| {
                let (m, d) = (month_num(g(c, "mon")?)?, g(c, "d")?.parse().ok()?);
                valid_md(m, d).then_some((
                    Kind::Date,
                    Sem::Abs {
                        y: g(c, "y")?.parse().ok()?,
                        m: Some(m),
                        d: Some(d),
                    },
                ))
            },
        ),
        rule(
            "day_month_year",
            &format!(
                r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})\s*,?\s*(?P<y>\d{{4}})\b"
            ),
            |c, _, _| {
                let (m, d) = (month_num(g(c, "mon")?)?, g(c, "d")?.parse().ok()?);
                valid_md(m, d).then_some((
                    Kind::Date,
                    Sem::Abs {
                        y: g(c, "y")?.parse().ok()?,
                        m: Some(m),
                        d: Some(d),
                    },
                ))
            },
        ),
        rule(
            "month_day",
            &format!(r"\b{EDGE}(?P<mon>{MONTH})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"),
            |c, t, _| {
                let (m, d) = (month_num(g(c, "mon")?)?, g(c, "d")?.parse().ok()?);
                let end = c.get(0)?.end();
                // "May 5,000" or "June 2.5": a number, not a day.
                if t[end..].starts_with([',', '.', ':'])
                    && t[end + 1..].starts_with(|ch: char| ch.is_ascii_digit())
                {
                    return None;
                }
                valid_md(m, d).then_some((Kind::Date, Sem::MonthDay { m, d: Some(d) }))
            },
        ),
        rule(
            "day_month",
            &format!(
                r"\b(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MONTH})\b"
            ),
            |c, _, _| {
                let (m, d) = (month_num(g(c, "mon")?)?, g(c, "d")?.parse().ok()?);
                valid_md(m, d).then_some((Kind::Date, Sem::MonthDay { m, d: Some(d) }))
            },
        ),
        rule(
            "month_year",
            &format!(r"\b{EDGE}(?P<mon>{MONTH})\s*,?\s+(?:of\s+)?(?P<y>\d{{4}})\b"),
            |c, _, _| {
                Some((
                    Kind::Date,
                    Sem::Abs {
                        y: g(c, "y")?.parse().ok()?,
                        m: Some(month_num(g(c, "mon")?)?),
                        d: None,
                    },
                ))
            },
        ),
        rule(
            "month_rel_year",
            &format!(
                r"\b{EDGE}(?P<mon>{MONTH})\s+(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<dir>(?i:last|this|next))\s+year\b"
            ),
            |c, _, _| {
                let m = month_num(g(c, "mon")?)?;
                let yoff = match lower(c, "dir")?.as_str() {
                    "last" => -1,
                    "next" => 1,
                    _ => 0,
                };
                let d = match g(c, "d") {
                    Some(d) => Some(d.parse().ok().filter(|d| valid_md(m, *d))?),
                    None => None,
                };
                Some((Kind::Date, Sem::MonthRelYear { m, d, yoff }))
            },
        ),
        rule(
            "year_end",
            r"\b(?i:(?:the\s+)?year[\s-]end|the\s+full\s+year|the\s+(?:latest|most\s+recent)\s+period|the\s+(?P<y>\d{4})\s+period)\b",
            |c, _, _| {
                let w = c.get(0)?.as_str().to_ascii_lowercase();
                if let Some(y) = g(c, "y") {
                    return Some((Kind::Date, Sem::PeriodOf(y.parse().ok()?)));
                }
                if w.contains("period") {
                    return Some((Kind::Date, Sem::TheQuarter));
                }
                Some((
                    Kind::Date,
                    Sem::Rel {
                        unit: Unit::Year,
                        offset: 0,
                    },
                ))
            },
        ),
        rule(
            "fiscal_year_span",
            r"\b(?P<span>(?i:the\s+(?:fiscal\s+)?year))\s+(?i:ended|ending|ends|that\s+ended|that\s+ends)\b",
            |c, _, _| {
                let _ = c;
                Some((Kind::Duration, Sem::Fixed("P1Y".into())))
            },
        ),
        rule(
            "month",
            &format!(
                r"\b{EDGE}(?:(?P<dir>(?i:last|next|this|this\s+past|this\s+coming|coming))\s+)?(?P<mon>{MONTH_FULL}|Sept\.|Aug\.|Oct\.|Nov\.|Dec\.|Jan\.|Feb\.)(?:\b|$)"
            ),
            |c, t, s| {
                let mon = g(c, "mon")?;
                let m = month_num(mon)?;
                let has_mod = c.get(0)?.as_str().len() > mon.len();
                if !has_mod
                    && matches!(mon, "May" | "March")
                    && !MONTH_CUES.contains(&prev_word(t, s).as_str())
                {
                    return None;
                }
                // "May Day", "March Madness": a name, not a month.
                if !has_mod
                    && t[c.get(0)?.end()..].starts_with(' ')
                    && next_word(t, c.get(0)?.end()).starts_with(|ch: char| ch.is_uppercase())
                    && mon.len() > 3
                {
                    let nw = next_word(t, c.get(0)?.end());
                    if !["I", "The"].contains(&nw.as_str()) {
                        return None;
                    }
                }
                let dir = match lower(c, "dir").as_deref() {
                    Some("last") | Some("this past") => Dir::Last,
                    Some("next") | Some("this coming") | Some("coming") => Dir::Next,
                    Some("this") => Dir::This,
                    _ => Dir::Auto,
                };
                Some((
                    Kind::Date,
                    match dir {
                        Dir::Auto => Sem::MonthDay { m, d: None },
                        _ => Sem::Season {
                            s: month_code(m),
                            dir,
                            y: None,
                        },
                    },
                ))
            },
        ),
        rule(
            "year",
            &format!(r"\b{EDGE}(?:(?P<fiscal>(?i:fiscal|FY))[\s-]*)?(?P<y>1[6-9]\d\d|20\d\d)\b"),
            |c, t, _| {
                let m = c.get(0)?;
                let yspan = c.name("y")?;
                if !year_context_ok(t, yspan.start(), yspan.end()) {
                    return None;
                }
                Some((
                    Kind::Date,
                    Sem::Abs {
                        y: yspan.as_str().parse().ok()?,
                        m: None,
                        d: None,
                    },
                ))
                .filter(|_| m.end() > m.start())
            },
        ),
        rule(
            "decade",
            r"\b(?i:(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?)(?P<dec>1[5-9]\d|20\d)0'?s\b|(?i:(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?)[’'](?P<short>\d)0s\b",
            |c, _, _| {
                let v = match (g(c, "dec"), g(c, "short")) {
                    (Some(d), _) => d.to_string(),
                    (None, Some(s)) => format!("19{s}"),
                    _ => return None,
                };
                Some((Kind::Date, Sem::Fixed(v)))
            },
        ),
        rule(
            "century",
            r"\b(?i:(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century)\b",
            |c, _, _| {
                let n: u32 = g(c, "n")?.parse().ok()?;
                (n >= 1).then(|| (Kind::Date, Sem::Fixed(format!("{:02}", n - 1))))
            },
        ),
        rule(
            "rel_day",
            r"\b(?i:(?:(?:early|late|earlier|later)\s+)?(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight|overnight|last\s+night)(?P<part>\s+(?:morning|afternoon|evening|night))?)\b",
            |c, _, _| {
                let part = g(c, "part").map(|p| part_code(p.trim()));
                let (days, p) = match lower(c, "w")?.as_str() {
                    "today" => (0, part),
                    "yesterday" => (-1, part),
                    "tomorrow" => (1, part),
                    "tonight" | "overnight" => (0, Some("TNI")),
                    "last night" => (-1, Some("TNI")),
                    "the day before yesterday" => (-2, part),
                    "the day after tomorrow" => (2, part),
                    _ => return None,
                };
                let kind = if p.is_some() { Kind::Time } else { Kind::Date };
                Some((kind, Sem::RelDay { days, part: p }))
            },
        ),
        rule(
            "part_of_day",
            r"\b(?i:(?P<w>this|the)\s+(?P<part>morning|afternoon|evening))\b",
            |c, _, _| {
                Some((
                    Kind::Time,
                    Sem::RelDay {
                        days: 0,
                        part: Some(part_code(g(c, "part")?)),
                    },
                ))
            },
        ),
        rule(
            "weekday",
            &format!(
                r"\b(?i:(?:(?:early|late)\s+)?(?:(?P<dir>last|next|this|this\s+past|this\s+coming|coming|past)\s+)?)(?P<wd>{WEEKDAY})(?P<part>\s+(?i:morning|afternoon|evening|night))?\b"
            ),
            |c, _, _| {
                let w = g(c, "wd")?;
                let wd = weekday_num(w)?;
                let part = g(c, "part").map(|p| part_code(p.trim()));
                if w.ends_with(['s', 'S']) {
                    let v = format!("XXXX-WXX-{}{}", wd + 1, part.unwrap_or(""));
                    return Some((Kind::Set, Sem::Fixed(v)));
                }
                let dir = match lower(c, "dir").as_deref() {
                    Some("last") | Some("this past") | Some("past") => Dir::Last,
                    Some("next") | Some("this coming") | Some("coming") => Dir::Next,
                    Some("this") => Dir::This,
                    _ => Dir::Auto,
                };
                let kind = if part.is_some() {
                    Kind::Time
                } else {
                    Kind::Date
                };
                Some((kind, Sem::Weekday { wd, dir, part }))
            },
        ),
        rule(
            "clock",
            &format!(
                r"(?i:\b(?P<h>\d{{1,2}})(?:[:.](?P<min>\d{{2}}))?\s*(?P<ap>a\.m\.|p\.m\.|a\.m|p\.m|am\b|pm\b)|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b|\b(?P<noon>noon|midnight)\b)(?P<tz>\s+(?:[ECMP][SD]T|GMT|UTC|local\s+time)\b)?(?:,?\s+(?:on\s+)?(?:(?P<day>(?i:today|yesterday|tomorrow)|{WEEKDAY})|(?P<mon>{MONTH})\s*(?P<md>\d{{1,2}})))?\b"
            ),
            |c, t, s| {
                let (mut h, min): (u8, u8) = if let Some(h) = g(c, "h") {
                    (
                        h.parse().ok()?,
                        g(c, "min").map(|m| m.parse().ok()).unwrap_or(Some(0))?,
                    )
                } else if let Some(h) = g(c, "h24") {
                    // A bare 14:00 is a time only after "at"/"by"/"from"/"until" or with a day.
                    if ![
                        "at", "by", "from", "until", "till", "to", "before", "after", "around",
                        "about",
                    ]
                    .contains(&prev_word(t, s).as_str())
                        && g(c, "day").is_none()
                        && g(c, "tz").is_none()
                    {
                        return None;
                    }
                    (h.parse().ok()?, g(c, "m24")?.parse().ok()?)
                } else {
                    match lower(c, "noon")?.as_str() {
                        "noon" => (12, 0),
                        _ => (24, 0),
                    }
                };
                if let Some(ap) = lower(c, "ap") {
                    if h == 0 || h > 12 || min > 59 {
                        return None;
                    }
                    if ap.starts_with('p') && h < 12 {
                        h += 12;
                    } else if ap.starts_with('a') && h == 12 {
                        h = 0;
                    }
                }
                let day = match lower(c, "day") {
                    None if g(c, "mon").is_some() => {
                        let (m, d) = (month_num(g(c, "mon")?)?, g(c, "md")?.parse().ok()?);
                        valid_md(m, d).then_some(Box::new(Sem::MonthDay { m, d: Some(d) }))
                    }
                    None => None,
                    Some(d) => Some(Box::new(match d.as_str() {
                        "today" => Sem::RelDay {
                            days: 0,
                            part: None,
                        },
                        "yesterday" => Sem::RelDay {
                            days: -1,
                            part: None,
                        },
                        "tomorrow" => Sem::RelDay {
                            days: 1,
                            part: None,
                        },
                        w => Sem::Weekday {
                            wd: weekday_num(w)?,
                            dir: Dir::Auto,
                            part: None,
                        },
                    })),
                };
                Some((Kind::Time, Sem::Clock { h, min, day }))
            },
        ),
        rule(
            "rel_unit",
            &format!(
                r"\b{EDGE}(?P<dir>(?i:this|last|next|the\s+latest|the\s+most\s+recent|latest|the\s+past|the\s+coming|the\s+current|the\s+previous|the\s+following|the\s+next|the\s+last|past|coming|previous|current|the\s+same|that|the))\s+(?P<u>(?i:week|weekend|month|year|quarter|decade|century))\b"
            ),
            |c, t, _| {
                let u = Unit::parse(g(c, "u")?)?;
                let dir = lower(c, "dir")?;
                let offset = match dir.as_str() {
                    "this" | "the current" | "current" | "the same" | "that" | "the" => 0,
                    "last" | "the past" | "past" | "the previous" | "previous" | "the last" => -1,
                    d if d.contains("latest") || d.contains("recent") => 0,
                    _ => 1,
                };
                let whole = c.get(0)?;
                // "the week" is only a date with an edge modifier ("the end of the week").
                if dir == "the" && whole.as_str().len() <= "the weekend".len() && u != Unit::Weekend
                {
                    if u == Unit::Quarter {
                        return Some((Kind::Date, Sem::TheQuarter));
                    }
                    return None;
                }
                if dir == "that" && !matches!(u, Unit::Year | Unit::Month | Unit::Week) {
                    return None;
                }
                if (dir == "the past" || dir == "past") && matches!(u, Unit::Decade | Unit::Century)
                {
                    return Some((Kind::Duration, Sem::Fixed(u.duration(Qty::N(1.0), false))));
                }
                // "over the next year" reads as a span.
                if matches!(dir.as_str(), "the next" | "the coming" | "the following")
                    && matches!(prev_word(t, whole.start()).as_str(), "over" | "within")
                {
                    return Some((Kind::Duration, Sem::Fixed(u.duration(Qty::N(1.0), false))));
                }
                if u == Unit::Quarter && (dir.contains("latest") || dir.contains("recent")) {
                    return Some((Kind::Date, Sem::TheQuarter));
                }
                if dir.contains("latest") || dir.contains("recent") {
                    return None;
                }
                if u == Unit::Quarter && offset == 0 && dir != "this" && !dir.contains("current") {
                    return Some((Kind::Date, Sem::TheQuarter));
                }
                Some((Kind::Date, Sem::Rel { unit: u, offset }))
            },
        ),
        rule(
            "year_earlier",
            r"\b(?i:(?:the\s+)?(?:(?:a|one)\s+year\s+(?:earlier|ago|before)|year-(?:earlier|ago|before)(?:\s+(?:quarter|period|third\s+quarter|fourth\s+quarter|second\s+quarter|first\s+quarter))?|the\s+corresponding\s+period\s+(?:a|last)\s+year|(?:the\s+)?same\s+(?:period|quarter|time)\s+(?:a\s+year\s+(?:earlier|ago)|last\s+year)))\b",
            |_, _, _| Some((Kind::Date, Sem::YearEarlier)),
        ),
        rule(
            "ago",
            &format!(
                r"\b(?i:(?P<mod>about|nearly|almost|some|more\s+than|less\s+than|roughly|only|just|approximately|over|around)\s+)?(?P<n>{NUM})[\s-]+{UNIT_G}\s+(?P<dir>(?i:ago|from\s+now|hence|earlier|later|before|after|previously|since))\b"
            ),
            |c, t, _| {
                let q = parse_qty(g(c, "n")?)?;
                let u = Unit::parse(g(c, "u")?)?;
                let dir = lower(c, "dir")?;
                if matches!(dir.as_str(), "earlier" | "later") {
                    // "a day earlier", "two weeks later": relative to an event, so a duration
                    // (TimeML convention).
                    return Some((Kind::Duration, Sem::Fixed(u.duration(q, false))));
                }
                if !matches!(dir.as_str(), "ago" | "from now" | "hence") {
                    let _ = t;
                    return None;
                }
                let n = match q {
                    Qty::N(n) if n.fract() == 0.0 && n < 10000.0 => n as i64,
                    _ => {
                        let v = if dir == "ago" {
                            "PAST_REF"
                        } else {
                            "FUTURE_REF"
                        };
                        return Some((Kind::Date, Sem::Fixed(v.into())));
                    }
                };
                let n = if dir == "ago" { -n } else { n };
                Some((Kind::Date, Sem::Ago { n, unit: u }))
            },
        ),
        rule(
            "duration",
            &format!(
                r"\b(?i:(?P<mod>about|nearly|almost|roughly|approximately|more\s+than|less\s+than|up\s+to|at\s+least|some|the\s+past|the\s+last|the\s+next|the\s+first|the\s+final|the\s+coming|the\s+previous|another|an\s+additional|the|past|next|last|first|the\s+following)\s+)?(?P<n>{NUM})(?P<sep>[\s-]+){UNIT_G}(?P<tail>[\s-]+(?i:old|long))?\b"
            ),
            |c, t, s| {
                // Ages ("a 6-year-old boy", "37 years old") are not temporal expressions.
                if lower(c, "tail").is_some_and(|tl| tl.ends_with("old")) {
                    return None;
                }
                let n_str = g(c, "n")?;
                let q = parse_qty(n_str)?;
                let u_str = g(c, "u")?;
                let u = Unit::parse(u_str)?;
                let md = lower(c, "mod");
                let whole = c.get(0)?;
                let lower_n = n_str.to_ascii_lowercase();
                // "a day" after "once", "twice", "times", "per": a frequency.
                if (lower_n == "a" || lower_n == "an" || lower_n == "one") && md.is_none() {
                    let pw = prev_word(t, s);
                    if ["once", "twice", "times", "thrice"].contains(&pw.as_str())
                        || t[..s].trim_end().ends_with(|ch: char| ch.is_ascii_digit())
                    {
                        return Some((Kind::Set, Sem::Fixed(u.duration(Qty::N(1.0), false))));
                    }
                    // "one day" alone is "some day"; "a day after" is handled below.
                    if lower_n == "one"
                        && u == Unit::Day
                        && !t[whole.end()..]
                            .trim_start()
                            .starts_with(|ch: char| ch.is_ascii_lowercase())
                    {
                        return None;
                    }
                }
                // "a second round": an ordinal, not a unit of time.
                if u == Unit::Second && md.is_none() && matches!(lower_n.as_str(), "a" | "one") {
                    let nw = next_word(t, whole.end());
                    if nw.starts_with(|ch: char| ch.is_alphabetic())
                        && !["later", "earlier", "ago", "or", "and", "of"].contains(&nw.as_str())
                    {
                        return None;
                    }
                }
                // "the last few months": vague past.
                if q == Qty::Vague
                    && md
                        .as_deref()
                        .is_some_and(|m| m.contains("last") || m.contains("past"))
                    && !u_str.ends_with(['s', 'S'])
                {
                    return None;
                }
                // "four flights a week", "$500 million a year": a rate, not a duration.
                if (lower_n == "a" || lower_n == "an") && md.is_none() {
                    let pw = prev_word(t, s);
                    if pw.ends_with(|ch: char| ch.is_ascii_digit())
                        || [
                            "million", "billion", "hours", "flights", "times", "cents", "percent",
                            "dollars", "miles",
                        ]
                        .contains(&pw.as_str())
                    {
                        return None;
                    }
                }
                // "the day" / "the year" need a number, not just "the".
                if md.as_deref() == Some("the") && (lower_n == "a" || lower_n == "an") {
                    return None;
                }
                let _ = s;
                Some((
                    Kind::Duration,
                    Sem::Fixed(u.duration(q, u_str.to_ascii_lowercase().starts_with("fortnight"))),
                ))
            },
        ),
        rule(
            "plural_unit",
            r"\b(?i:(?P<pre>for|in|over|within|after)\s+)(?P<span>(?P<u>(?i:seconds|minutes|hours|days|weeks|months|years|decades|centuries)))\b",
            |c, _, _| {
                let u = Unit::parse(g(c, "u")?)?;
                Some((Kind::Duration, Sem::Fixed(u.duration(Qty::Vague, false))))
            },
        ),
        rule(
            "quarter",
            &format!(
                r"\b(?i:(?:the\s+)?(?:(?P<pref>fiscal|this\s+year's|last\s+year's|next\s+year's|the\s+latest|the\s+current|the\s+fiscal|latest|current|year-earlier|year-ago)[\s-]+)?){QUARTER_ORD}(?i:[\s-]+(?:fiscal[\s-]+)?(?:quarter|qtr\.?))(?:\s+(?i:of\s+)?(?P<y>(?:fiscal\s+)?\d{{4}}|(?i:this|last|next)\s+year))?(?:\b|$)"
            ),
            |c, _, _| {
                let q = match lower(c, "q")?.as_str() {
                    "first" | "1st" => 1,
                    "second" | "2nd" => 2,
                    "third" | "3rd" => 3,
                    _ => 4,
                };
                let pref = lower(c, "pref").unwrap_or_default();
                let ys = lower(c, "y").unwrap_or_default();
                let y = ys.trim_start_matches("fiscal ").parse().ok();
                let yoff =
                    if pref.starts_with("last") || pref.starts_with("year-") || ys == "last year" {
                        -1
                    } else if pref.starts_with("next") || ys == "next year" {
                        1
                    } else {
                        0
                    };
                Some((Kind::Date, Sem::Quarter { q, y, yoff }))
            },
        ),
        rule(
            "q_quarter",
            r"\b(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:\s+(?P<y>\d{4}))?\b",
            |c, _, _| {
                let q = g(c, "q").or(g(c, "q2"))?.parse().ok()?;
                Some((
                    Kind::Date,
                    Sem::Quarter {
                        q,
                        y: g(c, "y").and_then(|y| y.parse().ok()),
                        yoff: 0,
                    },
                ))
            },
        ),
        rule(
            "half",
            r"\b(?i:(?:the\s+)?(?P<h>first|second|last|latter)\s+half\s+of\s+(?:(?P<y>\d{4})|(?P<rel>this|last|next)\s+year|the\s+year))\b",
            |c, _, _| {
                let h = if lower(c, "h")? == "first" { 1 } else { 2 };
                let yoff = match lower(c, "rel").as_deref() {
                    Some("last") => -1,
                    Some("next") => 1,
                    _ => 0,
                };
                Some((
                    Kind::Date,
                    Sem::Half {
                        h,
                        y: g(c, "y").and_then(|y| y.parse().ok()),
                        yoff,
                    },
                ))
            },
        ),
        rule(
            "season",
            r"\b(?i:(?:(?P<dir>this\s+past|this\s+coming|this|last|next|the|early|late|mid|the\s+early|the\s+late|in\s+the|in)\s+)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+of\s+(?P<y>\d{4})|\s+(?P<y2>\d{4}))?)\b",
            |c, t, _| {
                let s = match lower(c, "s")?.as_str() {
                    "spring" => "SP",
                    "summer" => "SU",
                    "fall" | "autumn" => "FA",
                    _ => "WI",
                };
                let dirs = lower(c, "dir").unwrap_or_default();
                let y = g(c, "y").or(g(c, "y2")).and_then(|y| y.parse().ok());
                let end = c.get(0)?.end();
                if y.is_none() {
                    // "the fall of the regime", "to fall": not a season.
                    if dirs.is_empty()
                        || (s == "FA"
                            && (dirs == "the" || dirs == "in the")
                            && t[end..].trim_start().starts_with("of"))
                    {
                        return None;
                    }
                    if s == "FA"
                        && (dirs == "in" || dirs == "early" || dirs == "late" || dirs == "mid")
                    {
                        return None;
                    }
                }
                let dir = match dirs.as_str() {
                    "last" | "this past" => Dir::Last,
                    "next" | "this coming" => Dir::Next,
                    "this" => Dir::This,
                    _ => Dir::Auto,
                };
                Some((Kind::Date, Sem::Season { s, dir, y }))
            },
        ),
        rule(
            "present_ref",
            r"\b(?i:right\s+now|now|currently|nowadays|at\s+present|at\s+the\s+moment|these\s+days|the\s+present|so\s+far\s+this\s+year)\b",
            |c, t, _| {
                let w = c.get(0)?.as_str().to_ascii_lowercase();
                if w == "so far this year" {
                    return None;
                }
                // "now-defunct", "Now, ..." at a sentence start is still "now".
                if w == "now" && t[c.get(0)?.end()..].starts_with('-') {
                    return None;
                }
                Some((Kind::Date, Sem::Fixed("PRESENT_REF".into())))
            },
        ),
        rule(
            "past_ref",
            r"\b(?i:recently|the\s+past|recent\s+(?:years|months|weeks|days)|earlier\s+this\s+decade|the\s+last\s+few\s+(?:years|months|weeks)|several\s+years\s+ago|years\s+ago|months\s+ago|weeks\s+ago|days\s+ago|decades\s+ago|long\s+ago)\b",
            |c, _, _| {
                let _ = c;
                Some((Kind::Date, Sem::Fixed("PAST_REF".into())))
            },
        ),
        rule(
            "future_ref",
            r"\b(?i:the\s+(?:near\s+|distant\s+|foreseeable\s+)?future|the\s+(?:near|short|long)\s+term|coming\s+(?:years|months|weeks|days|quarters)|future\s+(?:years|months|quarters))\b",
            |_, _, _| Some((Kind::Date, Sem::Fixed("FUTURE_REF".into()))),
        ),
        rule(
            "day_ref",
            r"\b(?i:the\s+(?P<w>day\s+before|day\s+after|next\s+day|following\s+day|previous\s+day|day\s+earlier|day\s+later|next\s+morning|following\s+morning))\b",
            |c, _, _| {
                let w = lower(c, "w")?;
                let off = if w.contains("before") || w.contains("previous") || w.contains("earlier")
                {
                    -1
                } else {
                    1
                };
                Some((Kind::Date, Sem::DayRef(off)))
            },
        ),
        rule(
            "holiday",
            r"\b(?P<h>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year's\s+Eve|New\s+Year's\s+Day|New\s+Year’s\s+Day|New\s+Year’s\s+Eve|Valentine's\s+Day|Thanksgiving(?:\s+Day)?|Halloween|Independence\s+Day|Victory\s+Day)\b",
            |c, _, _| {
                let h = g(c, "h")?.replace('’', "'");
                let (m, d) = match h.split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
                    "Christmas Eve" => (12, 24),
                    "Christmas Day" | "Christmas" => (12, 25),
                    "New Year's Eve" => (12, 31),
                    "New Year's Day" => (1, 1),
                    "Valentine's Day" => (2, 14),
                    "Halloween" => (10, 31),
                    "Thanksgiving" | "Thanksgiving Day" => (11, 0),
                    "Independence Day" => (7, 4),
                    "Victory Day" => (5, 9),
                    _ => return None,
                };
                Some((Kind::Date, Sem::Holiday { m, d }))
            },
        ),
        rule(
            "set",
            &format!(
                r"\b(?i:(?P<adv>daily|weekly|monthly|yearly|hourly|biweekly|nightly)|(?:every|each|per)\s+(?P<u>day|week|month|year|quarter|hour|morning|night|evening)|every\s+(?P<n>{NUM})\s+(?P<u2>days|weeks|months|years|hours))\b"
            ),
            |c, t, s| {
                let v = if let Some(a) = lower(c, "adv") {
                    // "the daily Kommersant": a newspaper, not a frequency.
                    if prev_word(t, s) == "the" && a != "annually" {
                        return None;
                    }
                    match a.as_str() {
                        "daily" | "nightly" => "P1D",
                        "weekly" => "P1W",
                        "monthly" => "P1M",
                        "annually" | "yearly" => "P1Y",
                        "hourly" => "PT1H",
                        "quarterly" => "P1Q",
                        _ => "P2W",
                    }
                    .to_string()
                } else if let Some(u) = lower(c, "u") {
                    match u.as_str() {
                        "morning" => "XXXX-XX-XXTMO".to_string(),
                        "night" => "XXXX-XX-XXTNI".to_string(),
                        "evening" => "XXXX-XX-XXTEV".to_string(),
                        u => Unit::parse(u)?.duration(Qty::N(1.0), false),
                    }
                } else {
                    Unit::parse(g(c, "u2")?)?.duration(parse_qty(g(c, "n")?)?, false)
                };
                Some((Kind::Set, Sem::Fixed(v)))
            },
        ),
    ]
});

fn part_code(p: &str) -> &'static str {
    match p.to_ascii_lowercase().as_str() {
        "morning" => "TMO",
        "afternoon" => "TAF",
        "evening" => "TEV",
        _ => "TNI",
    }
}

/// Month as a pseudo-season code so "last June" can reuse the season direction logic.
fn month_code(m: u8) -> &'static str {
    [
        "M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09", "M10", "M11", "M12",
    ][usize::from(m.clamp(1, 12) - 1)]
}

/// Time zones (and "local") that mark a four-digit number before them as a clock time.
const ZONES: &[&str] = &[
    "GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "WET", "MSK", "IST", "JST", "KST", "HKT",
    "SGT", "AEST", "AEDT", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "ET", "PT",
    "CT", "MT", "AST", "GST", "WAT", "CAT", "EAT", "Z", "Zulu", "local",
];

/// Is `word` a time zone of [`ZONES`] ("ET", "GMT"; not "local")?
pub fn is_time_zone(word: &str) -> bool {
    word != "local" && word != "Z" && ZONES.contains(&word)
}

/// Labels of numbered things: "Resolution 1973", "Flight 1549", "Route 1500", "Room 1600".
const NUMBERED: &[&str] = &[
    "no",
    "number",
    "nos",
    "flight",
    "flights",
    "route",
    "routes",
    "room",
    "page",
    "pages",
    "resolution",
    "resolutions",
    "article",
    "articles",
    "section",
    "chapter",
    "bill",
    "bills",
    "amendment",
    "paragraph",
    "item",
    "gate",
    "platform",
    "bus",
    "highway",
    "interstate",
    "suite",
    "apartment",
    "floor",
    "category",
    "channel",
    "track",
    "episode",
    "volume",
    "vol",
    "decree",
    "clause",
    "directive",
    "regulation",
    "ward",
    "block",
    "unit",
    "model",
    "version",
];

/// The first word of `rest` after any of "local", "time", "hours", "hrs", "h": is it a zone?
fn zone_follows(rest: &str) -> bool {
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find(|w| {
            !matches!(
                w.to_ascii_lowercase().as_str(),
                "time" | "hours" | "hrs" | "h"
            )
        })
        .is_some_and(|w| ZONES.contains(&w) || w == "Local")
}

/// A four-digit number that reads as a clock time, not a year: "struck at 1653", "1653
/// GMT", "1600 local time", "by 1100 (1600 GMT)", "(1751 in Egypt)" after a time, "between
/// 2300 and 0200 GMT" (a live page's stamps are made times by the cleaner:
/// `clean::liveblog`).
fn reads_as_clock_time(t: &str, s: usize, e: usize) -> bool {
    let Ok(value) = t[s..e].parse::<u16>() else {
        return false;
    };
    if !is_hhmm(value) {
        return false;
    }
    let after = &t[e..];
    // "at" takes a time or a street number ("at 1600 Pennsylvania Avenue"), not a bare
    // year ("at 2007's festival" is one).
    let possessive = after.starts_with("'s") || after.starts_with("’s");
    if (prev_word(t, s) == "at" && !possessive) || zone_follows(after) {
        return true;
    }
    // A time in another zone, in parentheses after a first one.
    if let Some(before) = t[..s].trim_end().strip_suffix('(') {
        let last = before
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', ',']);
        let lower = last.to_ascii_lowercase();
        if ZONES.contains(&last)
            || matches!(
                lower.as_str(),
                "time" | "a.m" | "p.m" | "am" | "pm" | "noon" | "midnight"
            )
            || (last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()))
            || last.contains(':')
        {
            return true;
        }
    }
    // A range that ends in a zone: "between 2300 and 0200 GMT".
    let mut words = after.split_whitespace();
    if let (Some(link), Some(end)) = (words.next(), words.next()) {
        let end = end.trim_end_matches([',', '.', ')']);
        if matches!(link, "to" | "and" | "until" | "-" | "–")
            && end.len() == 4
            && end.bytes().all(|b| b.is_ascii_digit())
            && zone_follows(&after[after.find(end).unwrap_or(0) + 4..])
        {
            return true;
        }
    }
    false
}

/// A number labelled as a numbered thing, alone or in a list: "Resolution 1973",
/// "Resolutions 1970 and 1973".
fn is_numbered(t: &str, s: usize) -> bool {
    let mut at = s;
    for _ in 0..8 {
        let pw = prev_word(t, at);
        if NUMBERED.contains(&pw.as_str()) {
            return true;
        }
        // Step back over "1970 and", "1970,", "1970 or" to the number before.
        let before = t[..at].trim_end();
        let before = before
            .strip_suffix(',')
            .or_else(|| before.strip_suffix(" and"))
            .or_else(|| before.strip_suffix(" or"))
            .map(str::trim_end);
        match before {
            Some(b)
                if b.as_bytes()
                    .get(b.len().saturating_sub(4)..)
                    .is_some_and(|d| d.len() == 4 && d.iter().all(u8::is_ascii_digit)) =>
            {
                at = b.len() - 4;
            }
            _ => return false,
        }
    }
    false
}

/// Plural nouns after which a four-digit number is a count, not a year.
fn year_context_ok(t: &str, s: usize, e: usize) -> bool {
    if reads_as_clock_time(t, s, e) || is_numbered(t, s) {
        return false;
    }
    let before = t[..s].chars().next_back();
    if matches!(
        before,
        Some('$' | '€' | '£' | '¥' | '#' | '.' | ',' | '+' | '-' | '/' | ':')
    ) || before.is_some_and(|c| c.is_alphanumeric())
    {
        // "-" allowed only when it is a range like "1998-1999"? Keep it strict: refuse.
        if before != Some('-') || !t[..s].ends_with(|c: char| c.is_ascii_digit()) {
            if before == Some('-') && t[..s - 1].ends_with(|c: char| c.is_alphabetic()) {
                // "mid-1990" handled by EDGE; "pre-2000" is still a year.
                return true;
            }
            return false;
        }
    }
    let after = &t[e..];
    if after.starts_with(['%', '$']) || after.starts_with(|c: char| c.is_alphanumeric()) {
        return false;
    }
    if (after.starts_with(',') || after.starts_with('.') || after.starts_with(':'))
        && after[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let nw = next_word(t, e);
    // Counts usually read "some 2000 people"; "about 1990 Iraq invaded…" is a year.
    if ["about", "some", "nearly", "almost", "over", "than"].contains(&prev_word(t, s).as_str()) {
        return !is_count_noun(&nw) && nw.chars().next().is_some_and(|c| c.is_uppercase());
    }
    // "of 1998" and "the 1998 period" are years; "of 2000 people" is a count.
    !is_count_noun(&nw)
}

fn is_count_noun(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    if l.len() < 3 || !w.starts_with(|c: char| c.is_ascii_lowercase()) {
        return matches!(l.as_str(), "km" | "kg" | "mm" | "cm");
    }
    const VERBS: &[&str] = &[
        "was",
        "is",
        "has",
        "as",
        "this",
        "thus",
        "its",
        "his",
        "across",
        "versus",
        "plus",
        "less",
        "unless",
        "does",
        "series",
        "elections",
        "olympics",
        "games",
        "levels",
        "figures",
        "results",
        "numbers",
        "earnings",
        "sales",
        "crisis",
        "talks",
        "polls",
        "remains",
        "process",
        "stands",
        "remains",
        "seems",
        "looks",
        "marks",
        "sees",
        "saw",
        "says",
        "means",
        "became",
        "makes",
        "comes",
        "goes",
    ];
    (l.ends_with('s') && !VERBS.contains(&l.as_str()))
        || [
            "people", "men", "women", "children", "feet", "metres", "meters", "miles", "euros",
            "dollars", "yuan", "yen", "troops", "tons", "tonnes", "times", "hectares", "acres",
            "units",
        ]
        .contains(&l.as_str())
}

/// The name of the rule called `name`, as the rule holds it.
pub(super) fn name(name: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| r.name)
        .chain([super::narrative::RULE])
        .find(|n| *n == name)
}

/// Every candidate of every rule, possibly overlapping.
pub(super) fn candidates(text: &str) -> Vec<Cand> {
    let mut out = Vec::new();
    for (prio, r) in RULES.iter().enumerate() {
        if !r.quick.is_match(text) {
            continue;
        }
        for c in r.re.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            if m.start() == m.end() {
                continue;
            }
            // Trim a trailing "." kept only for abbreviations at the end ("Sept.").
            if let Some((kind, sem)) = (r.build)(&c, text, m.start()) {
                let (mut start, mut end) = c
                    .name("span")
                    .map_or((m.start(), m.end()), |sp| (sp.start(), sp.end()));
                // "the third-quarter loss", "the 30-day rate", "the year-ago results": the
                // adjective alone is the expression.
                if matches!(r.name, "quarter" | "duration" | "year_earlier")
                    && text[start..end].to_ascii_lowercase().starts_with("the ")
                {
                    let rest = &text[start + 4..end];
                    let last = rest.rsplit(char::is_whitespace).next().unwrap_or("");
                    if last.contains('-') && !rest.contains(' ') {
                        start += 4;
                    }
                }
                // "would last 30 days": "last" is the verb, not part of the expression.
                let lead = text[start..end]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if matches!(lead.as_str(), "last" | "past") && kind == Kind::Duration {
                    const MODALS: &[&str] = &[
                        "will", "would", "could", "can", "may", "might", "should", "to", "did",
                        "does", "not", "must", "shall",
                    ];
                    if MODALS.contains(&prev_word(text, start).as_str()) {
                        start += lead.len();
                        while start < end && text[start..].starts_with(char::is_whitespace) {
                            start += 1;
                        }
                    }
                }
                while end > start && text[..end].ends_with(char::is_whitespace) {
                    end -= text[..end].chars().next_back().map_or(1, char::len_utf8);
                }
                out.push(Cand {
                    start,
                    end,
                    kind,
                    sem,
                    rule: r.name,
                    prio,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod quick_tests {
    use super::*;

    #[test]
    fn the_quick_patterns_only_drop_plain_word_boundaries() {
        for r in RULES.iter() {
            let p = r.re.as_str();
            assert!(
                !p.contains("\\\\b") && !p.contains("\\B") && !p.contains("\\b{"),
                "{}",
                r.name
            );
            assert_eq!(r.quick.as_str(), p.replace("\\b", ""), "{}", r.name);
            assert!(!r.quick.as_str().contains("\\b"), "{}", r.name);
        }
        // Whatever a rule finds, its quick pattern matches too.
        let text = "On May 16, 2025, and again on June 2 — “next Monday” — talks resumed.";
        for r in RULES.iter() {
            if r.re.is_match(text) {
                assert!(r.quick.is_match(text), "{}", r.name);
            }
        }
        assert!(!candidates(text).is_empty());
    }
}
