//! Live pages' bare clock stamps ("1612 President Préval asked…") written as times ("16:12").
//!
//! A live-update page opens each entry with the time as four digits, at the start of a
//! paragraph or, where a scrape ran the entries together, inside one ("…Home affairs
//! correspondent 1651: Dominic Casciani…"). Read alone,
//! "1612 President…" is the year 1612, and the tagger would date every entry centuries
//! back. An article is a live page when at least [`MIN_STAMPS`] paragraphs open with four
//! digits and a capitalised word, every one of them a valid 24-hour time, in order (either
//! way, allowing one turn past midnight), and either one of them cannot be a year the
//! tagger reads (before 1600 or from 2100 on) or the page names its time zone ("GMT"). A
//! chronology ("1983 Murray graduates… 2000 Dr Murray opens…") fails one of these.

/// Fewer stamps than this and a run of years is as likely.
pub const MIN_STAMPS: usize = 3;

/// The four digits that open `p` when a capitalised word or a quote follows them (after a
/// space or a colon).
fn stamp(p: &str) -> Option<u16> {
    let b = p.as_bytes();
    if b.len() < 6 || !b[..4].iter().all(u8::is_ascii_digit) || !matches!(b[4], b' ' | b':') {
        return None;
    }
    let next = p[5..].trim_start().chars().next()?;
    if !(next.is_uppercase() || matches!(next, '“' | '"' | '‘' | '\'' | '`')) {
        return None;
    }
    p[..4].parse().ok()
}

/// Whether the stamps run in one direction, turning past midnight at most once.
fn in_order(v: &[u16]) -> bool {
    let turns = |up: bool| {
        v.windows(2)
            .filter(|w| if up { w[1] < w[0] } else { w[1] > w[0] })
            .count()
    };
    turns(true) <= 1 || turns(false) <= 1
}

/// Words after which four digits and a colon are a year ("in 1881: the census…").
const YEAR_CUES: &[&str] = &[
    "in", "of", "since", "by", "from", "until", "till", "before", "after", "during", "around",
    "circa", "year", "the", "early", "late", "mid", "and", "or", "to", "between", "through",
    "than", "for", "on", "a", "its", "not", "is", "was",
];

/// Stamps inside a paragraph: four digits after a word, then a colon and a capitalised
/// word or a quote; byte offsets of the digits.
fn inline_stamps(p: &str) -> Vec<(usize, u16)> {
    static STAMP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?P<word>[\p{L}\p{N}]+)[.,]? (?P<t>\d{4}): +[\p{Lu}“"‘'`]"#)
            .expect("inline stamp pattern")
    });
    STAMP
        .captures_iter(p)
        .filter_map(|c| {
            let word = c.name("word")?.as_str().to_lowercase();
            let month = crate::dates::month_num(&word).is_some();
            if YEAR_CUES.contains(&word.as_str())
                || month
                || word.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let t = c.name("t")?;
            Some((t.start(), t.as_str().parse().ok()?))
        })
        .collect()
}

/// Rewrites the stamps of a live page as "HH:MM"; returns how many it rewrote (0 when
/// the article is not a live page).
pub fn clock_stamps(paragraphs: &mut [String]) -> usize {
    let (at, stamps): (Vec<(usize, usize)>, Vec<u16>) = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let first = stamp(p).map(|v| ((i, 0), v));
            first.into_iter().chain(
                inline_stamps(p)
                    .into_iter()
                    .map(move |(at, v)| ((i, at), v)),
            )
        })
        .unzip();
    if stamps.len() < MIN_STAMPS
        || !stamps.iter().all(|&v| crate::dates::is_hhmm(v))
        || !in_order(&stamps)
    {
        return 0;
    }
    let not_a_year = stamps.iter().any(|&v| !(1600..2100).contains(&v));
    let zone = paragraphs.iter().any(|p| {
        p.split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "GMT" | "BST" | "UTC"))
    });
    if !not_a_year && !zone {
        return 0;
    }
    for &(i, offset) in at.iter().rev() {
        paragraphs[i].insert(offset + 2, ':');
    }
    at.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ps: &[&str]) -> (usize, Vec<String>) {
        let mut v: Vec<String> = ps.iter().map(|s| s.to_string()).collect();
        let n = clock_stamps(&mut v);
        (n, v)
    }

    #[test]
    fn a_live_page_gets_times() {
        // Timeline17, haiti_bbc 2010-01-15: entries newest first, past 21:00.
        let (n, v) = run(&[
            "2300 The BBC is discontinuing this live update page for the night.",
            "Some context without a stamp.",
            "2259 The BBC's Andy Gallagher in Port-au-Prince says the airport is busy.",
            "1612 President Preval asked for calm.",
        ]);
        assert_eq!(n, 3);
        assert_eq!(
            v[0],
            "23:00 The BBC is discontinuing this live update page for the night."
        );
        assert_eq!(v[1], "Some context without a stamp.");
        assert_eq!(v[3], "16:12 President Preval asked for calm.");
    }

    #[test]
    fn stamps_run_into_one_paragraph_are_found() {
        // Timeline17, H1N1_bbc: a live page's entries run together by the scrape.
        let (n, v) = run(&[
            "1626: Dominic Casciani reports from a police briefing in London 1633: Danny Shaw, Home affairs correspondent 1642: Chris Boatman, who lives next to the base, said “we heard it”.",
            "Times are GMT.",
        ]);
        assert_eq!(n, 3);
        assert_eq!(v[0], "16:26: Dominic Casciani reports from a police briefing in London 16:33: Danny Shaw, Home affairs correspondent 16:42: Chris Boatman, who lives next to the base, said “we heard it”.");
        // A chronology with colons, in years, is left alone; so is "in 1881:".
        let (n, _) = run(&[
            "Pandemics: 1918: Spanish flu killed millions, 1957: Asian flu killed two million, 1968: Hong Kong flu followed.",
        ]);
        assert_eq!(n, 0);
        assert!(inline_stamps("the family lived in 1881: John wrote").is_empty());
        assert!(inline_stamps("married in June 1881: John wrote").is_empty());
    }

    #[test]
    fn one_turn_past_midnight_is_allowed() {
        let (n, _) = run(&[
            "0000 Midnight.",
            "2346 Late.",
            "2342 Later.",
            "1600 Earlier.",
        ]);
        assert_eq!(n, 4);
    }

    #[test]
    fn stamps_that_could_all_be_years_need_a_time_zone() {
        let entries = [
            "1745 The UN says.",
            "1721 Aid arrives.",
            "1704 A plane lands.",
        ];
        assert_eq!(run(&entries).0, 0);
        let mut with_zone = entries.to_vec();
        with_zone.push("All times GMT.");
        assert_eq!(run(&with_zone).0, 3);
    }

    #[test]
    fn chronologies_and_other_numbers_stay() {
        for ps in [
            // Timeline17, MJ_bbc: a chronology (19:83 is no time).
            &[
                "1983 Conrad Murray graduates from Texas Southern University.",
                "2000 Dr Murray opens a practice in Las Vegas.",
                "2006 Dr Murray meets Michael Jackson.",
            ][..],
            // Census years out of order.
            &[
                "1861 census has him as a farmer.",
                "1871 Census has him living at 72 Rhosydlan.",
                "1851 Census: David Mills.",
                "1901 only Gwenllian.",
            ][..],
            // Too few.
            &["2300 The page closes.", "2259 Earlier."][..],
            // Years out of order, each a valid time.
            &[
                "2001 Attacks.",
                "1945 The war ends.",
                "2003 The invasion.",
                "1950 Korea.",
            ][..],
            // Numbers that do not open an entry.
            &["2300 people fled.", "2259 homes burned.", "2100 more."][..],
        ] {
            let (n, v) = run(ps);
            assert_eq!(n, 0, "{ps:?}");
            assert_eq!(v, ps.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        }
    }
}
