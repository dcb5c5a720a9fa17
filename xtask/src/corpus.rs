//! `cargo xtask corpus --articles N --out DIR [--seed S] [--from T17]`: a large corpus for
//! scale measurements, made deterministically by resampling the Timeline17 topics in
//! `../shared/data/t17` (their `InputDocs/` only; `timelines/` is never read).
//!
//! The source articles are taken in rounds: each round is every source article once, in an
//! order shuffled by the seed, and the output stops after N articles (so N = 1,000 is a
//! sample across all topics, N = 100,000 is about 38 rounds). Round `r` of topic `bpoil`
//! is the "copy" `bpoilrR`; an article of `bpoil_bbc` goes to
//! `bpoilrR_bbc/InputDocs/<shifted date>/<n>.txt`, `n` being the source file's number.
//!
//! Each copy of a topic gets:
//! - a date shift of 0 to 8 whole weeks, then 28, 56 or 84 years, forward or back. The
//!   Gregorian calendar repeats every 28 years between 1901 and 2099 (same weekdays, same
//!   leap days) and weeks keep weekdays, so "Monday, May 24, 2010" stays a Monday. The
//!   folder dates, month-day phrases ("May 24", "24 May", with or without a year) and ISO
//!   dates in the text move by the whole shift; every other four-digit year 1900-2030 in
//!   the text (not after `$`, `#`, `£` or within a longer number) moves by the years.
//!   Weekday names stay as they are, and so do months named without a day ("in April",
//!   at most 8 weeks off). The weeks keep copies that land on the same years on
//!   different days, so the build does not merge their events;
//! - new names: every word that the topic's own text writes capitalised after the first
//!   word of a sentence at least four times as often as in lower case, and every
//!   all-capitals word (its people, places, organisations and acronyms; not month or
//!   weekday names, titles such as "Mr", or the tokenizer's `-LRB-`) is replaced, wherever it appears capitalised, by a name made of syllables
//!   (an all-capitals word by capitals of the same length). The name depends on the seed,
//!   the copy and the word only, so one copy names one person the same way in all its
//!   articles, and two copies name them differently;
//! - a few sentences (lines) dropped and a few swapped: each line after the first is
//!   dropped with probability 1/5, then each pair of adjacent lines after the first is
//!   swapped with probability 1/3, decided by the seed, the copy and the file. With the
//!   names and years changed, this keeps copies of one article apart for the pipeline's
//!   near-duplicate detection (5-word shingles, Jaccard 0.6): see docs/benchmarks.md.
//!
//! `storyline.toml` gives each outlet's folders their publisher by a glob, as the README
//! shows for Timeline17.

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use storyline_model::{MONTHS, WEEKDAYS};

/// splitmix64: a small, well-mixed, seeded generator (and hash finaliser).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0; the modulo bias is negligible for our n).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of the parts, each followed by a 0 byte, then mixed.
fn hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.iter().chain(&[0u8]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(h)
}

/// One source article.
struct Source {
    /// The topic folder, e.g. `bpoil_bbc`.
    folder: String,
    /// Its topic (`bpoil`) and outlet (`bbc`).
    topic: String,
    outlet: String,
    /// The publication date folder, `YYYY-MM-DD`.
    date: String,
    /// The file's number (`1036` of `1036.htm.txt`).
    number: String,
    path: PathBuf,
}

/// The default source: `../shared/data/t17` beside the project root.
pub(crate) fn default_source(root: &Path) -> PathBuf {
    root.join("../shared/data/t17")
}

/// The source articles, sorted by folder, date and file name.
fn sources(t17: &Path) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(t17)
        .with_context(|| format!("cannot read {}", t17.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("InputDocs").is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let Some((topic, outlet)) = name.rsplit_once('_') else {
            continue;
        };
        let mut dates: Vec<PathBuf> = std::fs::read_dir(folder.join("InputDocs"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dates.sort();
        for date in dates {
            let date_name = date.file_name().unwrap().to_string_lossy().into_owned();
            if !is_iso_date(&date_name) {
                continue;
            }
            let mut files: Vec<PathBuf> = std::fs::read_dir(&date)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for path in files {
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                let number = file.split('.').next().unwrap_or("").to_string();
                if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                out.push(Source {
                    folder: name.clone(),
                    topic: topic.to_string(),
                    outlet: outlet.to_string(),
                    date: date_name.clone(),
                    number,
                    path,
                });
            }
        }
    }
    Ok(out)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Capitalised words that are never names (besides the calendar's, see [`is_calendar_word`]).
const NOT_NAMES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Jr", "Sr", "St", "Prof", "Gen", "Sen", "Rep", "Gov",
];

/// The runs of ASCII letters in a line, as byte ranges.
fn words(line: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = line.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        Some((start, i))
    })
}

/// All-capitals words that are not names.
const NOT_ACRONYMS: &[&str] = &[
    "LRB", "RRB", "LSB", "RSB", "LCB", "RCB", "AM", "PM", "GMT", "EST", "EDT", "BST", "TV", "OK",
    "CEO", "CFO", "MP", "PR",
];

/// A topic's names: all-capitals words of two letters or more (acronyms), and words
/// written capitalised after a sentence's first word at least four times as often as in
/// lower case anywhere in the topic (lines are sentences in Timeline17; a few texts of
/// Timeline17 are in lower case, so "never in lower case" would miss most names).
fn names_of(texts: &[String]) -> HashSet<String> {
    let mut capitalised: HashMap<&str, usize> = HashMap::new();
    let mut lower: HashMap<String, usize> = HashMap::new();
    for text in texts {
        for line in text.lines() {
            for (k, (s, e)) in words(line).enumerate() {
                let w = &line[s..e];
                if w.as_bytes()[0].is_ascii_uppercase() {
                    if k > 0 && w.len() >= 2 {
                        *capitalised.entry(w).or_default() += 1;
                    }
                } else {
                    *lower.entry(w.to_ascii_lowercase()).or_default() += 1;
                }
            }
        }
    }
    capitalised
        .into_iter()
        .filter(|(w, count)| {
            if w.bytes().all(|b| b.is_ascii_uppercase()) {
                !NOT_ACRONYMS.contains(w)
            } else {
                !NOT_NAMES.contains(w)
                    && !is_calendar_word(w)
                    && lower.get(&w.to_ascii_lowercase()).copied().unwrap_or(0) * 4 < *count
            }
        })
        .map(|(w, _)| w.to_string())
        .collect()
}

const ONSETS: &[&str] = &[
    "b", "br", "c", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "r", "s", "sh",
    "st", "t", "tr", "v", "w", "z",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou"];
const CODAS: &[&str] = &["", "", "", "n", "r", "l", "s", "m", "th", "x"];

/// The new name of `word` in one copy: syllables drawn from the hash of the seed, the
/// copy and the word (capitals of the same length for an all-capitals word).
fn new_name(seed: u64, copy: &str, word: &str) -> String {
    let mut rng = Rng(hash(&[
        &seed.to_le_bytes(),
        copy.as_bytes(),
        word.as_bytes(),
    ]));
    if word.len() <= 5 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        return (0..word.len())
            .map(|_| (b'A' + rng.below(26) as u8) as char)
            .collect();
    }
    let syllables = 2 + rng.below(2);
    let mut name = String::new();
    for _ in 0..syllables {
        name.push_str(ONSETS[rng.below(ONSETS.len())]);
        name.push_str(VOWELS[rng.below(VOWELS.len())]);
        name.push_str(CODAS[rng.below(CODAS.len())]);
    }
    let mut chars = name.chars();
    let first = chars.next().unwrap().to_ascii_uppercase();
    std::iter::once(first).chain(chars).collect()
}

/// A copy's date shift: whole weeks, then whole multiples of 28 years.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Shift {
    days: i64,
    years: i32,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn valid_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && civil_from_days(days_from_civil(y, m, d)) == (y, m, d)
}

impl Shift {
    /// The shifted date: `days` first, then `years` (which keeps the weekday: the
    /// calendar repeats every 28 years between 1901 and 2099).
    fn date(self, y: i64, m: u32, d: u32) -> (i64, u32, u32) {
        let (y, m, d) = civil_from_days(days_from_civil(y, m, d) + self.days);
        (y + self.years as i64, m, d)
    }
}

/// A month name, full or abbreviated (`Sept.`, `Dec`): its number and whether abbreviated.
fn month(token: &str) -> Option<(u32, bool)> {
    if let Some(i) = MONTHS.iter().position(|m| *m == token) {
        return Some((i as u32 + 1, false));
    }
    let t = token.strip_suffix('.').unwrap_or(token);
    let i = MONTHS
        .iter()
        .position(|m| m.len() > 3 && (m[..3] == *t || (t == "Sept" && m.starts_with(t))))?;
    Some((i as u32 + 1, true))
}

/// A month's or weekday's name, or a month's abbreviation: capitalised, but no name.
fn is_calendar_word(w: &str) -> bool {
    WEEKDAYS.contains(&w) || month(w).is_some()
}

fn month_name(m: u32, abbreviated: bool, like: &str) -> String {
    let full = MONTHS[m as usize - 1];
    if !abbreviated {
        return full.to_string();
    }
    let short = if m == 9 { "Sept" } else { &full[..3] };
    if like.ends_with('.') && m != 5 {
        format!("{short}.")
    } else if m == 5 {
        full.to_string()
    } else {
        short.to_string()
    }
}

fn day_number(token: &str) -> Option<u32> {
    (token.len() <= 2 && token.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

fn year_number(token: &str) -> Option<i64> {
    (token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()))
        .then(|| token.parse().ok())
        .flatten()
        .filter(|y| (1900..=2030).contains(y))
}

/// Shifts the dates of a tokenized line (words and punctuation between single spaces, as
/// Timeline17 has them) by `shift`: "May 24", "24 May", either with a year ("May 24 ,
/// 2010", "24 May 2010") and `2010-05-24` move by the whole shift (a month-day without a
/// year is taken in the year that puts it nearest `published`); every other four-digit
/// year moves by `shift.years` ([`shift_years`]). Weekdays stay as they are (the shift
/// keeps them), as do months named without a day ("in April", at most 8 weeks off).
fn shift_dates(line: &str, shift: Shift, published: (i64, u32, u32)) -> String {
    let tokens: Vec<&str> = line.split(' ').collect();
    let pub_day = days_from_civil(published.0, published.1, published.2);
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        // (month token index, day token index, index after the phrase, year token index)
        let phrase = if let (Some(_), Some(_)) = (
            month(tokens[i]),
            tokens.get(i + 1).and_then(|t| day_number(t)),
        ) {
            let year_at = if tokens.get(i + 2) == Some(&",") {
                i + 3
            } else {
                i + 2
            };
            Some((i, i + 1, year_at))
        } else if let (Some(_), Some(_)) = (
            day_number(tokens[i]),
            tokens.get(i + 1).and_then(|t| month(t)),
        ) {
            Some((i + 1, i, i + 2))
        } else {
            None
        };
        if let Some((mi, di, year_at)) = phrase {
            let (m, abbreviated) = month(tokens[mi]).unwrap();
            let d = day_number(tokens[di]).unwrap();
            let year = tokens.get(year_at).and_then(|t| year_number(t));
            let y = year.unwrap_or_else(|| {
                (published.0 - 1..=published.0 + 1)
                    .filter(|&y| valid_date(y, m, d))
                    .min_by_key(|&y| (days_from_civil(y, m, d) - pub_day).abs())
                    .unwrap_or(published.0)
            });
            if valid_date(y, m, d) {
                let (ny, nm, nd) = shift.date(y, m, d);
                let name = month_name(nm, abbreviated, tokens[mi]);
                let end = if year.is_some() {
                    year_at + 1
                } else {
                    mi.max(di) + 1
                };
                for (k, token) in tokens.iter().enumerate().take(end).skip(i) {
                    out.push(if k == mi {
                        name.clone()
                    } else if k == di {
                        nd.to_string()
                    } else if year.is_some() && k == year_at {
                        ny.to_string()
                    } else {
                        token.to_string()
                    });
                }
                i = end;
                continue;
            }
        }
        let t = tokens[i];
        let iso = t.len() == 10 && is_iso_date(t);
        let parsed = iso.then(|| {
            (
                t[..4].parse::<i64>().unwrap(),
                t[5..7].parse::<u32>().unwrap(),
                t[8..].parse::<u32>().unwrap(),
            )
        });
        match parsed {
            Some((y, m, d)) if valid_date(y, m, d) && (1900..=2030).contains(&y) => {
                let (ny, nm, nd) = shift.date(y, m, d);
                out.push(format!("{ny:04}-{nm:02}-{nd:02}"));
            }
            _ => out.push(shift_years(t, shift.years)),
        }
        i += 1;
    }
    out.join(" ")
}

/// Shifts every four-digit year 1900-2030 in `line` by `years` (a number, not one after a
/// currency sign or inside a longer number).
fn shift_years(line: &str, years: i32) -> String {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            let c = line[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let run = &line[start..i];
        let before = line[..start].trim_end();
        let prev = before.chars().last();
        let glued = |c: Option<char>| matches!(c, Some(c) if c.is_ascii_alphanumeric());
        let in_number = |s: &str| {
            let mut cs = s.chars();
            matches!(cs.next(), Some(',' | '.'))
                && matches!(cs.next(), Some(c) if c.is_ascii_digit())
        };
        let after_number =
            start >= 2 && matches!(b[start - 1], b',' | b'.') && b[start - 2].is_ascii_digit();
        let year = run.parse::<i32>().unwrap_or(0);
        if run.len() == 4
            && (1900..=2030).contains(&year)
            && !matches!(prev, Some('$' | '#' | '£' | '€'))
            && !glued(line[..start].chars().last())
            && !after_number
            && !in_number(&line[i..])
        {
            write!(out, "{}", year + years).unwrap();
        } else {
            out.push_str(run);
        }
    }
    out
}

/// Replaces the names in `line` by their new names in the copy.
fn rename(line: &str, names: &HashSet<String>, seed: u64, copy: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut last = 0;
    for (s, e) in words(line) {
        let w = &line[s..e];
        if names.contains(w) {
            out.push_str(&line[last..s]);
            out.push_str(&new_name(seed, copy, w));
            last = e;
        }
    }
    out.push_str(&line[last..]);
    out
}

/// One line (sentence) in this many after the first is dropped from each copy.
const DROP_ONE_IN: usize = 5;
/// One pair of adjacent lines in this many is swapped.
const SWAP_ONE_IN: usize = 3;

/// One article of a copy: names replaced, years shifted, some lines dropped and some
/// adjacent lines swapped (the first line, title and lead, stays first).
fn rewrite(
    text: &str,
    names: &HashSet<String>,
    seed: u64,
    copy: &str,
    file: &str,
    shift: Shift,
    published: (i64, u32, u32),
) -> String {
    let mut rng = Rng(hash(&[
        &seed.to_le_bytes(),
        copy.as_bytes(),
        file.as_bytes(),
    ]));
    let mut lines: Vec<&str> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if k == 0 || rng.below(DROP_ONE_IN) != 0 {
            lines.push(line);
        }
    }
    let mut i = 1;
    while i + 1 < lines.len() {
        if rng.below(SWAP_ONE_IN) == 0 {
            lines.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    let mut out = String::with_capacity(text.len());
    for line in lines {
        out.push_str(&shift_dates(
            &rename(line, names, seed, copy),
            shift,
            published,
        ));
        out.push('\n');
    }
    out
}

/// The publisher of a Timeline17 outlet folder suffix.
fn publisher(outlet: &str) -> String {
    match outlet {
        "bbc" => "BBC".into(),
        "guardian" => "The Guardian".into(),
        "reuters" => "Reuters".into(),
        "foxnews" => "Fox News".into(),
        "washingtonpost" => "The Washington Post".into(),
        "cnn" => "CNN".into(),
        "nytimes" => "The New York Times".into(),
        "latimes" => "Los Angeles Times".into(),
        "usatoday" => "USA Today".into(),
        "abcnews" => "ABC News".into(),
        "dailymail" => "Daily Mail".into(),
        other => other.to_string(),
    }
}

/// `cargo xtask corpus`: writes N articles into `out` (which must be absent or empty).
/// Returns false (after a message) when the source is absent.
pub(crate) fn generate(t17: &Path, n: usize, seed: u64, out: &Path) -> Result<bool> {
    if !t17.is_dir() {
        eprintln!(
            "xtask corpus: skipped: {} is absent (the Timeline17 topics of ../shared/data, see its README)",
            t17.display()
        );
        return Ok(false);
    }
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        bail!("{} is not empty; give a new folder", out.display());
    }
    let sources = sources(t17)?;
    if sources.is_empty() {
        bail!("no articles in {}/*/InputDocs/YYYY-MM-DD/", t17.display());
    }
    // The names of each topic, from all its outlets' articles.
    let mut by_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        by_topic.entry(&s.topic).or_default().push(i);
    }
    let mut texts: Vec<String> = Vec::with_capacity(sources.len());
    for s in &sources {
        let bytes =
            std::fs::read(&s.path).with_context(|| format!("cannot read {}", s.path.display()))?;
        texts.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    let names: BTreeMap<&str, HashSet<String>> = by_topic
        .iter()
        .map(|(topic, idx)| {
            let t: Vec<String> = idx.iter().map(|&i| texts[i].clone()).collect();
            (*topic, names_of(&t))
        })
        .collect();

    const YEARS: [i32; 6] = [-84, -56, -28, 28, 56, 84];
    const MAX_WEEKS: usize = 8;
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..sources.len()).collect();
    let mut shifts: BTreeMap<(usize, &str), Shift> = BTreeMap::new();
    let mut outlets = BTreeSet::new();
    let mut written = 0;
    let mut round = 0;
    while written < n {
        // Fisher-Yates with the seeded generator: this round's order.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for topic in by_topic.keys() {
            let years = YEARS[rng.below(YEARS.len())];
            let days = 7 * rng.below(MAX_WEEKS + 1) as i64;
            shifts.insert((round, topic), Shift { days, years });
        }
        for &i in order.iter().take(n - written) {
            let s = &sources[i];
            let copy = format!("{}r{round}", s.topic);
            let shift = shifts[&(round, s.topic.as_str())];
            let published = (
                s.date[..4].parse::<i64>()?,
                s.date[5..7].parse::<u32>()?,
                s.date[8..].parse::<u32>()?,
            );
            let (y, m, d) = shift.date(published.0, published.1, published.2);
            let date = format!("{y:04}-{m:02}-{d:02}");
            let dir = out
                .join(format!("{copy}_{}", s.outlet))
                .join("InputDocs")
                .join(date);
            std::fs::create_dir_all(&dir)?;
            let text = rewrite(
                &texts[i],
                &names[s.topic.as_str()],
                seed,
                &copy,
                &format!("{}/{}/{}", s.folder, s.date, s.number),
                shift,
                published,
            );
            std::fs::write(dir.join(format!("{}.txt", s.number)), text)?;
            outlets.insert(s.outlet.clone());
        }
        written += order.len().min(n - written);
        round += 1;
    }
    let mut toml = format!(
        "# Made by `cargo xtask corpus --articles {n} --seed {seed}`: the Timeline17 topics\n\
         # resampled {round} time(s), dates shifted by 0-8 weeks and 28, 56 or 84 years, names replaced.\n\
         title = \"Generated corpus: {n} articles\"\n\
         description = \"Timeline17 articles resampled with shifted dates and new names (seed {seed})\"\n"
    );
    for outlet in &outlets {
        write!(
            toml,
            "\n[files.\"*_{outlet}/**\"]\npublisher = \"{}\"\n",
            publisher(outlet)
        )?;
    }
    std::fs::write(out.join("storyline.toml"), toml)?;
    eprintln!(
        "xtask corpus: {n} articles in {} ({round} round(s) of {} source articles)",
        out.display(),
        sources.len()
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_shift_and_other_numbers_stay() {
        assert_eq!(
            shift_years("On May 24 , 2010 , in 2009-11-03 and 1989 .", -28),
            "On May 24 , 1982 , in 1981-11-03 and 1961 ."
        );
        assert_eq!(
            shift_years(
                "$ 2000 , 12,2010 , 5,000 , 2010.5 , 20100 , 1850 , A2010",
                28
            ),
            "$ 2000 , 12,2010 , 5,000 , 2010.5 , 20100 , 1850 , A2010"
        );
    }

    #[test]
    fn dates_shift_by_weeks_and_years_keeping_weekdays() {
        let shift = Shift {
            days: 14,
            years: -28,
        };
        assert_eq!(
            shift_dates(
                "On Monday , May 24 , 2010 , 2 June and Dec. 25 , also 24 May 2010 and 1989 .",
                shift,
                (2010, 5, 24)
            ),
            "On Monday , June 7 , 1982 , 16 June and Jan. 8 , also 7 June 1982 and 1961 ."
        );
        // Dec. 25 without a year, published in January: last December, into January.
        assert_eq!(
            shift_dates("on Dec 25 and 2010-01-02 .", shift, (2010, 1, 3)),
            "on Jan 8 and 1982-01-16 ."
        );
        assert_eq!(shift.date(2010, 5, 24), (1982, 6, 7));
        // May 24, 2010 and June 7, 1982 are both Mondays.
        let weekday = |(y, m, d): (i64, u32, u32)| days_from_civil(y, m, d).rem_euclid(7);
        assert_eq!(weekday((2010, 5, 24)), weekday(shift.date(2010, 5, 24)));
        assert_eq!(civil_from_days(days_from_civil(2008, 2, 29)), (2008, 2, 29));
        assert!(!valid_date(2010, 2, 29));
    }

    #[test]
    fn names_are_found_and_replaced_consistently() {
        let texts = vec![
            "Gulf spill : BP to pay\nInterior Secretary Ken Salazar said BP would pay .\n"
                .to_string(),
            "The interior secretary met Salazar in May .\n".to_string(),
        ];
        let names = names_of(&texts);
        let mut sorted: Vec<_> = names.iter().cloned().collect();
        sorted.sort();
        assert_eq!(sorted, ["BP", "Ken", "Salazar"]);
        let a = rename("Salazar and BP , Salazar", &names, 1, "bpoilr0");
        let words: Vec<&str> = a.split(' ').collect();
        assert_eq!(words[0], words[4]);
        assert_ne!(words[0], "Salazar");
        assert_eq!(words[2].len(), 2);
        assert_ne!(a, rename("Salazar and BP , Salazar", &names, 1, "bpoilr1"));
    }

    /// Same N and seed, byte-identical folders; another seed, another corpus. Needs
    /// ../shared/data/t17 (skips without it).
    #[test]
    fn generation_is_deterministic() {
        let t17 = default_source(&crate::root());
        if !t17.is_dir() {
            eprintln!("skipped: {} is absent", t17.display());
            return;
        }
        let base = std::env::temp_dir().join(format!("xtask-corpus-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let dirs = [base.join("a"), base.join("b"), base.join("c")];
        for (dir, seed) in dirs.iter().zip([7, 7, 8]) {
            assert!(generate(&t17, 40, seed, dir).unwrap());
        }
        let a = read_tree(&dirs[0]);
        assert_eq!(a.len(), 41, "40 articles and storyline.toml");
        assert_eq!(a, read_tree(&dirs[1]));
        assert_ne!(a, read_tree(&dirs[2]));
        std::fs::remove_dir_all(&base).unwrap();
    }

    fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.insert(
                        p.strip_prefix(dir).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    );
                }
            }
        }
        out
    }
}
