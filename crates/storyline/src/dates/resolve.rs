//! Choosing among candidates and normalising each to a TIMEX3 value against the anchor.

use super::rules::{Cand, Dir, Sem, Unit};
use super::{Kind, TimeExpr};
use jiff::civil::Date;
use jiff::Span;

/// The tense of the sentence around an expression, as far as cue words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
    Unknown,
}

/// What earlier expressions in the text established.
#[derive(Default)]
struct Ctx {
    last_quarter: Option<(i32, u8)>,
    last_day: Option<Date>,
}

/// Keeps the longest non-overlapping candidates, merges "today, Monday, June 2" into one,
/// and resolves each in text order.
pub(super) fn resolve_all(text: &str, cands: Vec<Cand>, anchor: Option<Date>) -> Vec<TimeExpr> {
    resolve_all_from(text, cands, anchor, None)
}

/// Like [`resolve_all`], with `last_day` as the day earlier text was about ("the next day"
/// is the day after it).
pub(super) fn resolve_all_from(
    text: &str,
    mut cands: Vec<Cand>,
    anchor: Option<Date>,
    last_day: Option<Date>,
) -> Vec<TimeExpr> {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.prio.cmp(&b.prio))
            .then(a.start.cmp(&b.start))
    });
    // Longest first; a candidate overlapping one already chosen is dropped. The chosen
    // spans, by start, never overlap: only the neighbours of a new one can.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut chosen: Vec<Cand> = Vec::new();
    for c in cands {
        let before = taken.range(..c.end).next_back();
        if before.is_none_or(|(_, &end)| end <= c.start) {
            taken.insert(c.start, c.end);
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    let chosen = merge_adjacent(text, chosen);
    let cues = Cues::new(text);
    let mut ctx = Ctx {
        last_day,
        ..Ctx::default()
    };
    let mut out = Vec::with_capacity(chosen.len());
    for c in chosen {
        let mut tense = cues.tense(c.start, c.end);
        let after = &text[c.end..];
        let prev = text[..c.start]
            .split(|ch: char| !ch.is_alphanumeric())
            .rev()
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_ascii_lowercase();
        if after.starts_with("'s") || after.starts_with("’s") {
            // "Wednesday's ruling": an event already reported.
            tense = Tense::Past;
        } else if matches!(
            prev.as_str(),
            "by" | "through" | "until" | "till" | "before"
        ) {
            tense = Tense::Future;
        }
        let Some((value, anchored)) = value_of(&c.sem, anchor, tense, &mut ctx) else {
            continue;
        };
        out.push(TimeExpr {
            start: c.start,
            end: c.end,
            text: text[c.start..c.end].to_string(),
            kind: c.kind,
            value,
            rule: c.rule,
            anchored,
        });
    }
    out
}

fn specificity(s: &Sem) -> Option<u8> {
    match s {
        Sem::Abs { d: Some(_), .. } => Some(4),
        Sem::MonthDay { d: Some(_), .. } => Some(3),
        Sem::Weekday {
            dir: Dir::Auto,
            part: None,
            ..
        } => Some(2),
        Sem::RelDay { part: None, .. } => Some(1),
        _ => None,
    }
}

/// "today, Monday, June 2, 2025", "Monday, June 2" and "Wednesday 4 August 2010": one
/// expression, the most specific part giving the value.
fn merge_adjacent(text: &str, cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(prev) = out.last_mut() {
            let gap = &text[prev.end..c.start];
            let joinable = gap.len() <= 3 && gap.chars().all(|ch| ch == ',' || ch.is_whitespace());
            if joinable && c.kind == Kind::Date && prev.kind == Kind::Date {
                if let (Some(a), Some(b)) = (specificity(&prev.sem), specificity(&c.sem)) {
                    // Without a comma, only before a day ("Wednesday 4 August 2010").
                    if !gap.contains(',') && b < 3 {
                        out.push(c);
                        continue;
                    }
                    // Only a weekday or "today" before a date (not two dates in a list).
                    if a <= 2 && a != b {
                        prev.end = c.end;
                        if b > a {
                            prev.sem = c.sem;
                            prev.rule = c.rule;
                        }
                        continue;
                    }
                }
            }
        }
        out.push(c);
    }
    out
}

const FUTURE_CUES: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "won't",
    "wo",
    "would",
    "could",
    "might",
    "scheduled",
    "slated",
    "due",
    "planned",
    "plans",
    "plan",
    "planning",
    "upcoming",
    "next",
    "going",
    "expected",
    "expects",
    "expect",
    "set",
    "intends",
    "hopes",
    "aims",
    "until",
    "by",
    "is to",
    "are to",
];

const PAST_CUES: &[&str] = &[
    "said", "was", "were", "had", "did", "told", "held", "met", "began", "came", "went", "took",
    "gave", "made", "left", "saw", "fell", "rose", "won", "lost", "spoke", "wrote", "sent",
    "struck", "fought", "led", "fled", "ago", "last", "earlier", "broke", "found", "got",
    "brought", "began", "became", "paid", "sold", "bought", "began", "shot", "hit", "ran",
    "sought", "thought", "knew", "felt", "kept", "stood", "won", "gone", "been",
];

const AUX_BE: &[&str] = &["be", "been", "being", "is", "are", "will", "to"];

/// The tense cues of a text, found in one pass, so that the tense of each of its
/// expressions is a lookup: tagging stays linear in a sentence that is one long list of
/// dates.
struct Cues {
    /// Each word: its byte range, its sentence and the tense it signals.
    words: Vec<CueWord>,
    /// For each word, the nearest cue at or before it (an index in `words`).
    prev_cue: Vec<Option<usize>>,
    /// For each word, the nearest cue at or after it.
    next_cue: Vec<Option<usize>>,
}

struct CueWord {
    start: usize,
    end: usize,
    sentence: usize,
    cue: Option<Tense>,
}

impl Cues {
    fn new(text: &str) -> Cues {
        let mut words: Vec<CueWord> = Vec::new();
        let mut sentence = 0;
        let mut prev = String::new();
        let mut word_start: Option<usize> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            let in_word = ch.is_alphanumeric() || ch == '\'' || ch == '’';
            if in_word {
                word_start.get_or_insert(i);
            }
            if let (true, Some(start)) = (!in_word || chars.peek().is_none(), word_start) {
                let end = if in_word { i + ch.len_utf8() } else { i };
                let w = text[start..end].to_lowercase().replace('’', "'");
                words.push(CueWord {
                    start,
                    end,
                    sentence,
                    cue: classify(&w, &prev),
                });
                prev = w;
                word_start = None;
            }
            // A sentence ends at a line break, or at . ! ? ; before a space.
            let space_next = chars.peek().is_some_and(|&(_, c)| c.is_whitespace());
            if ch == '\n' || (matches!(ch, '.' | '!' | '?' | ';') && space_next) {
                sentence += 1;
                prev.clear();
            }
        }
        let mut last = None;
        let prev_cue = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                last = w.cue.map(|_| i).or(last);
                last
            })
            .collect();
        let mut next = None;
        let mut next_cue: Vec<Option<usize>> = words
            .iter()
            .enumerate()
            .rev()
            .map(|(i, w)| {
                next = w.cue.map(|_| i).or(next);
                next
            })
            .collect();
        next_cue.reverse();
        Cues {
            words,
            prev_cue,
            next_cue,
        }
    }

    /// The tense nearest to the expression at `start..end` in its sentence: the closest
    /// cue word wins (distance in words; one after must be nearer by more than a word).
    fn tense(&self, start: usize, end: usize) -> Tense {
        let before = self.words.partition_point(|w| w.end <= start);
        let after = self.words.partition_point(|w| w.start < end);
        let own = self.words.get(before).filter(|w| w.start < end);
        let Some(sentence) = own
            .or_else(|| before.checked_sub(1).map(|b| &self.words[b]))
            .or_else(|| self.words.get(after))
            .map(|w| w.sentence)
        else {
            return Tense::Unknown;
        };
        let in_sentence = |c: &usize| self.words[*c].sentence == sentence;
        let cue_before = before
            .checked_sub(1)
            .and_then(|b| self.prev_cue[b])
            .filter(in_sentence)
            .map(|c| (before - c, self.words[c].cue));
        let cue_after = self
            .next_cue
            .get(after)
            .copied()
            .flatten()
            .filter(in_sentence)
            .map(|c| (c - after + 1, self.words[c].cue));
        let nearest = match (cue_before, cue_after) {
            (Some((bd, bt)), Some((d, t))) => Some(if d + 1 < bd { t } else { bt }),
            (Some((_, t)), None) | (None, Some((_, t))) => Some(t),
            (None, None) => None,
        };
        nearest.flatten().unwrap_or(Tense::Unknown)
    }
}

/// The tense a word signals, given the word before it in its sentence ("" at its start).
fn classify(w: &str, prev: &str) -> Option<Tense> {
    if w.ends_with("'ll") {
        return Some(Tense::Future);
    }
    if FUTURE_CUES.contains(&w) {
        if matches!(w, "set" | "due" | "expected")
            && !matches!(prev, "is" | "are" | "be" | "was" | "were")
        {
            return None;
        }
        if matches!(w, "by" | "until" | "going" | "plan" | "expect") {
            return None;
        }
        return Some(Tense::Future);
    }
    if PAST_CUES.contains(&w) && !AUX_BE.contains(&prev) {
        return Some(Tense::Past);
    }
    if w.len() > 4
        && w.ends_with("ed")
        && !AUX_BE.contains(&prev)
        && ![
            "need", "indeed", "speed", "seed", "bred", "hundred", "united", "based",
        ]
        .contains(&w)
    {
        return Some(Tense::Past);
    }
    None
}

fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(Span::new().try_days(n).ok()?).ok()
}

fn add_months(y: i32, m: u8, k: i64) -> (i32, u8) {
    let idx = i64::from(y) * 12 + i64::from(m) - 1 + k;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u8)
}

fn date_of(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

fn season_index(s: &str) -> u8 {
    match s {
        "SP" => 0,
        "SU" => 1,
        "FA" => 2,
        _ => 3,
    }
}

fn current_season(m: i8) -> u8 {
    match m {
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    }
}

/// The year of a month (and day) without a stated year, from the anchor and the tense.
fn infer_year(a: Date, m: u8, d: Option<u8>, tense: Tense) -> i32 {
    let ay = i32::from(a.year());
    if let Some(day) = d {
        return day_year(a, m, day, tense);
    }
    let key = |y: i32| (y, m, d.unwrap_or(if tense == Tense::Past { 1 } else { 31 }));
    let anchor_key = (ay, a.month() as u8, a.day() as u8);
    match tense {
        Tense::Past => {
            if key(ay) <= anchor_key || (d.is_none() && m == a.month() as u8) {
                ay
            } else {
                ay - 1
            }
        }
        Tense::Future => {
            let first = (ay, m, d.unwrap_or(31));
            if first >= anchor_key {
                ay
            } else {
                ay + 1
            }
        }
        Tense::Unknown => {
            // Nearest of the three candidate years, measured in months.
            let am = i32::from(a.month());
            let mm = i32::from(m);
            [ay - 1, ay, ay + 1]
                .into_iter()
                .min_by_key(|y| ((y * 12 + mm) - (ay * 12 + am)).abs() * 2 + i32::from(*y != ay))
                .unwrap_or(ay)
        }
    }
}

/// The year of a month and day without a stated year: the nearest such day, unless the
/// sentence is in the past tense and that day is still to come, well after the anchor
/// ("An April 20 explosion killed 11 workers", in February, is last year's April 20).
fn day_year(a: Date, m: u8, d: u8, tense: Tense) -> i32 {
    let ay = i32::from(a.year());
    let am = i32::from(a.month());
    let mm = i32::from(m);
    let nearest = [ay - 1, ay, ay + 1]
        .into_iter()
        .min_by_key(|y| ((y * 12 + mm) - (ay * 12 + am)).abs() * 2 + i32::from(*y != ay))
        .unwrap_or(ay);
    let ahead = date_of(nearest, m, d).and_then(|day| a.until(day).ok().map(|s| s.get_days()));
    match (tense, ahead) {
        (Tense::Past, Some(days)) if days > PAST_SLACK_DAYS => nearest - 1,
        _ => nearest,
    }
}

/// How many days after the anchor a past-tense month and day may still fall (an article
/// dated a day or two early, or a time zone apart).
const PAST_SLACK_DAYS: i32 = 30;

fn weekday_date(a: Date, wd: u8, dir: Dir, tense: Tense) -> Option<Date> {
    let aw = a.weekday().to_monday_zero_offset() as i64;
    let wd = i64::from(wd);
    let back = (aw - wd).rem_euclid(7); // days since the last such weekday (0 = today)
    let fwd = (wd - aw).rem_euclid(7); // days until the next one (0 = today)
    let delta = match dir {
        Dir::Last => -(if back == 0 { 7 } else { back }),
        Dir::Next => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        Dir::This => wd - aw,
        Dir::Auto => match tense {
            _ if back == 0 => 0,
            Tense::Future => fwd,
            _ => -back,
        },
    };
    add_days(a, delta)
}

/// The TIMEX3 value of one expression and whether the anchor (or context) was used.
fn value_of(
    sem: &Sem,
    anchor: Option<Date>,
    tense: Tense,
    ctx: &mut Ctx,
) -> Option<(String, bool)> {
    let with_part = |d: Date, part: Option<&str>| {
        format!(
            "{}{}",
            ymd(d),
            part.map(|p| format!("T{}", &p[1..])).unwrap_or_default()
        )
    };
    let r = match sem {
        Sem::Fixed(v) => (v.clone(), false),
        Sem::Abs { y, m, d } => {
            if let (Some(m), Some(d)) = (m, d) {
                ctx.last_day = date_of(*y, *m, *d);
            }
            (
                super::ResolvedDate {
                    year: *y,
                    month: *m,
                    day: *d,
                }
                .iso(),
                false,
            )
        }
        Sem::MonthDay { m, d } => match anchor {
            Some(a) => {
                let y = infer_year(a, *m, *d, tense);
                match d {
                    Some(d) => {
                        let date = date_of(y, *m, *d)?;
                        ctx.last_day = Some(date);
                        (ymd(date), true)
                    }
                    None => (format!("{y:04}-{m:02}"), true),
                }
            }
            None => match d {
                Some(d) => (format!("XXXX-{m:02}-{d:02}"), false),
                None => (format!("XXXX-{m:02}"), false),
            },
        },
        Sem::Holiday { m, d: 0 } => match anchor {
            Some(a) => {
                let y = infer_year(a, *m, Some(25), tense);
                let first = date_of(y, *m, 1)?;
                let to_thu = (3 - i64::from(first.weekday().to_monday_zero_offset())).rem_euclid(7);
                (ymd(add_days(first, to_thu + 21)?), true)
            }
            None => (format!("XXXX-{m:02}-XX"), false),
        },
        Sem::Holiday { m, d } => match anchor {
            Some(a) => (
                ymd(date_of(infer_year(a, *m, Some(*d), tense), *m, *d)?),
                true,
            ),
            None => (format!("XXXX-{m:02}-{d:02}"), false),
        },
        Sem::RelDay { days, part } => match anchor {
            Some(a) => {
                let d = add_days(a, *days)?;
                ctx.last_day = Some(d);
                (with_part(d, *part), true)
            }
            None if *days == 0 && part.is_none() => ("PRESENT_REF".to_string(), false),
            None => (
                format!(
                    "XXXX-XX-XX{}",
                    part.map(|p| format!("T{}", &p[1..])).unwrap_or_default()
                ),
                false,
            ),
        },
        Sem::Weekday { wd, dir, part } => match anchor {
            Some(a) => {
                let d = weekday_date(a, *wd, *dir, tense)?;
                ctx.last_day = Some(d);
                (with_part(d, *part), true)
            }
            None => (
                format!(
                    "XXXX-WXX-{}{}",
                    wd + 1,
                    part.map(|p| format!("T{}", &p[1..])).unwrap_or_default()
                ),
                false,
            ),
        },
        Sem::MonthRelYear { m, d, yoff } => match anchor {
            Some(a) => {
                let y = i32::from(a.year()) + *yoff as i32;
                match d {
                    Some(d) => (ymd(date_of(y, *m, *d)?), true),
                    None => (format!("{y:04}-{m:02}"), true),
                }
            }
            None => (format!("XXXX-{m:02}"), false),
        },
        Sem::PeriodOf(y) => match ctx.last_quarter {
            Some((_, q)) => (format!("{y:04}-Q{q}"), false),
            None => (format!("{y:04}"), false),
        },
        Sem::DayRef(off) => match ctx.last_day.or(anchor) {
            Some(d) => {
                let d = add_days(d, *off)?;
                (ymd(d), true)
            }
            None => ("XXXX-XX-XX".to_string(), false),
        },
        Sem::Rel { unit, offset } => {
            let Some(a) = anchor else {
                let v = match unit {
                    Unit::Week => "XXXX-WXX",
                    Unit::Weekend => "XXXX-WXX-WE",
                    Unit::Month => "XXXX-XX",
                    Unit::Quarter => "XXXX-QX",
                    Unit::Decade => "XXX",
                    Unit::Century => "XX",
                    _ => "XXXX",
                };
                return Some((v.to_string(), false));
            };
            let ay = i32::from(a.year());
            let v = match unit {
                Unit::Week => week(add_days(a, 7 * offset)?),
                Unit::Weekend => {
                    // On a weekday, "the weekend" in a past-tense sentence is the one just gone.
                    let wd = a.weekday().to_monday_zero_offset();
                    let back = i64::from(*offset == 0 && tense == Tense::Past && wd < 5);
                    format!("{}-WE", week(add_days(a, 7 * (offset - back))?))
                }
                Unit::Month => {
                    let (y, m) = add_months(ay, a.month() as u8, *offset);
                    format!("{y:04}-{m:02}")
                }
                Unit::Quarter => {
                    let (y, m) = add_months(ay, a.month() as u8, offset * 3);
                    let q = (m - 1) / 3 + 1;
                    ctx.last_quarter = Some((y, q));
                    format!("{y:04}-Q{q}")
                }
                Unit::Year => format!("{:04}", i64::from(ay) + offset),
                Unit::Decade => format!("{:03}", i64::from(ay).div_euclid(10) + offset),
                Unit::Century => format!("{:02}", i64::from(ay).div_euclid(100) + offset),
                Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => ymd(add_days(a, *offset)?),
            };
            (v, true)
        }
        Sem::Ago { n, unit } => {
            let past = *n < 0;
            let Some(a) = anchor else {
                return Some((
                    if past { "PAST_REF" } else { "FUTURE_REF" }.to_string(),
                    false,
                ));
            };
            let ay = i32::from(a.year());
            let v = match unit {
                Unit::Day => ymd(add_days(a, *n)?),
                Unit::Week | Unit::Weekend => week(add_days(a, 7 * n)?),
                Unit::Month => {
                    let (y, m) = add_months(ay, a.month() as u8, *n);
                    format!("{y:04}-{m:02}")
                }
                Unit::Quarter => {
                    let (y, m) = add_months(ay, a.month() as u8, 3 * n);
                    format!("{y:04}-Q{}", (m - 1) / 3 + 1)
                }
                Unit::Year => format!("{:04}", i64::from(ay) + n),
                Unit::Decade => format!("{:04}", i64::from(ay) + 10 * n),
                Unit::Century => format!("{:02}", (i64::from(ay) + 100 * n).div_euclid(100)),
                Unit::Hour | Unit::Minute | Unit::Second => {
                    (if past { "PAST_REF" } else { "FUTURE_REF" }).to_string()
                }
            };
            (v, true)
        }
        Sem::YearEarlier => match (ctx.last_quarter, anchor) {
            (Some((y, q)), _) => (format!("{:04}-Q{q}", y - 1), true),
            (None, Some(a)) => (format!("{:04}", a.year() - 1), true),
            (None, None) => ("XXXX".to_string(), false),
        },
        Sem::Quarter { q, y, yoff } => {
            let year = match (y, anchor) {
                (Some(y), _) => Some(*y),
                (None, Some(a)) => Some(i32::from(a.year()) + *yoff as i32),
                (None, None) => None,
            };
            match year {
                Some(y) => {
                    ctx.last_quarter = Some((y, *q));
                    (format!("{y:04}-Q{q}"), true)
                }
                None => (format!("XXXX-Q{q}"), false),
            }
        }
        Sem::TheQuarter => match (ctx.last_quarter, anchor) {
            (Some((y, q)), _) => (format!("{y:04}-Q{q}"), true),
            (None, Some(a)) => {
                let (y, m) = add_months(i32::from(a.year()), a.month() as u8, -3);
                let q = (m - 1) / 3 + 1;
                ctx.last_quarter = Some((y, q));
                (format!("{y:04}-Q{q}"), true)
            }
            (None, None) => ("XXXX-QX".to_string(), false),
        },
        Sem::Half { h, y, yoff } => match (y, anchor) {
            (Some(y), _) => (format!("{y:04}-H{h}"), false),
            (None, Some(a)) => (
                format!("{:04}-H{h}", i32::from(a.year()) + *yoff as i32),
                true,
            ),
            (None, None) => (format!("XXXX-H{h}"), false),
        },
        Sem::Season { s, dir, y } => {
            if let Some(y) = y {
                return Some((format!("{y:04}-{s}"), false));
            }
            let Some(a) = anchor else {
                return Some((format!("XXXX-{}", s.trim_start_matches('M')), false));
            };
            let ay = i32::from(a.year());
            if let Some(m) = s.strip_prefix('M').and_then(|m| m.parse::<u8>().ok()) {
                let am = a.month() as u8;
                let y = match dir {
                    Dir::Last => {
                        if m < am {
                            ay
                        } else {
                            ay - 1
                        }
                    }
                    Dir::Next => {
                        if m > am {
                            ay
                        } else {
                            ay + 1
                        }
                    }
                    _ => ay,
                };
                (format!("{y:04}-{m:02}"), true)
            } else {
                let cur = current_season(a.month());
                let si = season_index(s);
                let y = match dir {
                    Dir::Last => {
                        if si < cur {
                            ay
                        } else {
                            ay - 1
                        }
                    }
                    Dir::Next => {
                        if si > cur {
                            ay
                        } else {
                            ay + 1
                        }
                    }
                    Dir::Auto if tense == Tense::Past && si > cur => ay - 1,
                    Dir::Auto if tense == Tense::Future && si < cur => ay + 1,
                    _ => ay,
                };
                (format!("{y:04}-{s}"), true)
            }
        }
        Sem::Clock { h, min, day } => {
            let day_v = match day {
                Some(d) => value_of(d, anchor, tense, ctx)?.0,
                None => match anchor {
                    Some(a) => ymd(a),
                    None => "XXXX-XX-XX".to_string(),
                },
            };
            (format!("{day_v}T{h:02}:{min:02}"), anchor.is_some())
        }
    };
    Some(r)
}
