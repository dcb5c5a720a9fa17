//! English month and weekday names: the one list the pipeline, the app and the tools share.

/// The months' names in English, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The weekdays' names in English, Monday first (ISO 8601).
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The shortest abbreviation a month or weekday name is known by ("Jan", "Tue").
const SHORTEST: usize = 3;

/// The index in `names` of a word that is one of them or an abbreviation of at least
/// [`SHORTEST`] letters, in any case, with or without one trailing period.
fn position(names: &[&str], word: &str) -> Option<usize> {
    let w = word.strip_suffix('.').unwrap_or(word).as_bytes();
    if w.len() < SHORTEST {
        return None;
    }
    names.iter().position(|n| {
        n.as_bytes()
            .get(..w.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(w))
    })
}

/// Month number (1–12) of an English month name or abbreviation, in any case, with or
/// without one trailing period: the full name or a prefix of it of at least three letters
/// ("Sep", "Sept", "Sept."). A word that only begins like a month ("Mayor", "Junk",
/// "Augusta", "Marching") is not one.
pub fn month_number(word: &str) -> Option<u8> {
    position(&MONTHS, word).map(|i| i as u8 + 1)
}

/// Monday-zero weekday of an English weekday name, its plural ("Sundays") or an
/// abbreviation of at least three letters ("Tue", "Thurs."), in any case. A word that only
/// begins like one ("Sunny", "Monitor") is not one.
pub fn weekday_number(word: &str) -> Option<u8> {
    let singular = word
        .strip_suffix('s')
        .filter(|w| w.len() > 3 && w.as_bytes()[w.len() - 3..].eq_ignore_ascii_case(b"day"))
        .unwrap_or(word);
    position(&WEEKDAYS, singular).map(|i| i as u8)
}

/// A regex alternation (no flags, no group) of the months' full names, in the case given.
pub fn month_names_pattern() -> String {
    format!("(?:{})", MONTHS.join("|"))
}

/// A regex alternation (no flags, no group) of the months' full names, then their
/// abbreviations as news prints them with an optional period ("Jan.", "Sept", "Sep"); the
/// full names come first, so "June" is never read as "Jun".
pub fn month_pattern() -> String {
    let mut all: Vec<String> = MONTHS.iter().map(|m| m.to_string()).collect();
    for m in MONTHS.iter().filter(|m| m.len() > SHORTEST) {
        // September alone is printed with four letters as often as with three.
        if *m == "September" {
            all.push(format!(r"{}\.?", &m[..SHORTEST + 1]));
        }
        all.push(format!(r"{}\.?", &m[..SHORTEST]));
    }
    format!("(?:{})", all.join("|"))
}

/// A regex alternation (no group) of the weekdays' names, singular or plural, in any case.
pub fn weekday_pattern() -> String {
    let names: Vec<String> = WEEKDAYS.iter().map(|d| d.to_ascii_lowercase()).collect();
    format!("(?:(?i:{})s?)", names.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_abbreviations_are_read_and_look_alikes_are_not() {
        for (word, want) in [
            ("January", Some(1)),
            ("jan.", Some(1)),
            ("Sept.", Some(9)),
            ("Sep", Some(9)),
            ("MAY", Some(5)),
            ("Mayor", None),
            ("Augusta", None),
            ("Ju", None),
        ] {
            assert_eq!(month_number(word), want, "{word}");
        }
        for (word, want) in [
            ("Monday", Some(0)),
            ("Tues", Some(1)),
            ("thurs.", Some(3)),
            ("Sundays", Some(6)),
            ("Sunny", None),
            ("Monitor", None),
            ("Wednes", Some(2)),
            ("days", None),
        ] {
            assert_eq!(weekday_number(word), want, "{word}");
        }
    }

    #[test]
    fn patterns_put_full_names_before_abbreviations() {
        let p = month_pattern();
        assert!(p.find("June").unwrap() < p.find(r"Jun\.?").unwrap(), "{p}");
        assert!(
            p.find(r"Sept\.?").unwrap() < p.find(r"Sep\.?").unwrap(),
            "{p}"
        );
        assert!(!p.contains(r"May\.?"), "{p}");
        assert!(weekday_pattern().contains("wednesday"));
        assert_eq!(month_names_pattern().matches('|').count(), 11);
    }
}
