//! Recognizes the dateline that opens a news story: `MOSCOW —`, `NAIROBI, Kenya —`,
//! `WASHINGTON, June 2, 2025 (Reuters) -`. The body keeps the sentence; the place (and a
//! complete date, when the dateline has one) are noted.

use super::meta;
use regex::Regex;
use std::sync::LazyLock;

/// What a dateline says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The place, as written ("MOSCOW", "NAIROBI, Kenya").
    pub place: String,
    /// A complete date in the dateline, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// A news agency in brackets ("Reuters").
    pub agency: Option<String>,
    /// Byte length of the dateline prefix in the paragraph.
    pub len: usize,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([A-Z][A-Z.'\-]+(?:\s[A-Z][A-Z.'\-]+){0,3})(,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})?(,\s*[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\(([A-Za-z][A-Za-z .&-]{1,30})\))?\s*(?:—|–|--|-|:)\s+",
    )
    .unwrap()
});

/// The dateline at the start of a paragraph, if it has one.
pub fn parse(paragraph: &str) -> Option<Dateline> {
    let head: String = paragraph.chars().take(160).collect();
    let head = head.replace('\u{a0}', " ");
    let c = DATELINE.captures(&head)?;
    let place_main = c.get(1)?.as_str();
    // A single capitalised word like "A" or an acronym sentence start is not a place.
    if place_main.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let mut place = place_main.to_string();
    if let Some(region) = c.get(2) {
        place.push_str(region.as_str());
    }
    let date = c
        .get(3)
        .and_then(|m| meta::normalize_date(m.as_str().trim_start_matches(',')));
    let agency = c.get(4).map(|m| m.as_str().trim().to_string());
    // Map the length back onto the original (NBSP is 2 bytes, a space 1).
    let matched = c.get(0)?.as_str();
    let len = paragraph
        .char_indices()
        .nth(matched.chars().count())
        .map(|(i, _)| i)
        .unwrap_or(paragraph.len());
    Some(Dateline {
        place,
        date,
        agency,
        len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let d = parse("MOSCOW\u{a0} — Russia has formally proposed holding talks.").unwrap();
        assert_eq!(d.place, "MOSCOW");
        assert_eq!(d.date, None);
        let d = parse("NAIROBI, Kenya\u{a0} — Ngũgĩ wa Thiong’o, the legendary Kenyan...").unwrap();
        assert_eq!(d.place, "NAIROBI, Kenya");
        let d = parse("WASHINGTON, June 2, 2025 (Reuters) - The U.S. said.").unwrap();
        assert_eq!(
            (d.place.as_str(), d.date.as_deref(), d.agency.as_deref()),
            ("WASHINGTON", Some("2025-06-02"), Some("Reuters"))
        );
        assert_eq!(parse("Russia has proposed talks."), None);
        assert_eq!(parse("A — b"), None);
    }
}
