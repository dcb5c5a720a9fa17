//! Recognizes the dateline that opens a news story: `MOSCOW —`, `NAIROBI, Kenya —`,
//! `WASHINGTON, June 2, 2025 (Reuters) -`. The body keeps the sentence; the place (and a
//! complete date, when the dateline has one) are noted. A web page's header printed before
//! the dateline (`By Maggie Fox WASHINGTON | Tue Apr 21, 2009 10:19 pm BST WASHINGTON
//! (Reuters) - …`) is metadata: [`page_header`] finds it so that the body can drop it.

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
        r"^([A-Z][A-Z.'\-]+(?:[\s/][A-Z][A-Z.'\-]+){0,3})(,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})?(,\s*[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\(([A-Za-z][A-Za-z .&-]{1,30})\))?\s*(?:—|–|--|-|:)\s+",
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

/// What a page header before the dateline says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHeader {
    /// Byte length of the header in the paragraph: the dateline starts there.
    pub len: usize,
    /// The date of its timestamp, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The byline before it ("By Maggie Fox, Health and Science Editor" → "Maggie Fox").
    pub author: Option<String>,
}

static PAGE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(.{0,160}?)\s+)??([A-Z][A-Z.'/\-]+(?:\s[A-Z][A-Z.'/\-]+){0,3})(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})? \| (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2} \d{1,2},? \d{4}) \d{1,2}:\d{2} [ap]m [A-Z]{2,4}\s+",
    )
    .unwrap()
});

/// The page header opening `paragraph`, when the same place's dateline follows it
/// ("HOUSTON | Wed May 26, 2010 7:46 pm EDT HOUSTON (Reuters) - …"; the place may have a
/// region or a date: "CIBOLO, Texas | …", "KUALA LUMPUR, April 27 | …").
pub fn page_header(paragraph: &str) -> Option<PageHeader> {
    let c = PAGE_HEADER.captures(paragraph)?;
    let all = c.get(0)?;
    let place = c.get(2)?.as_str();
    if !paragraph[all.end()..].starts_with(place) {
        return None;
    }
    let author = c
        .get(1)
        .map(|m| m.as_str())
        .filter(|b| b.starts_with("By "))
        .and_then(|b| meta::clean_author(b.split(',').next().unwrap_or(b)));
    Some(PageHeader {
        len: all.end(),
        date: meta::normalize_date(c.get(3)?.as_str()),
        author,
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
        let d = parse("NEW ORLEANS/WASHINGTON (Reuters) - A judge on Tuesday blocked…").unwrap();
        assert_eq!(d.place, "NEW ORLEANS/WASHINGTON");
        assert_eq!(parse("Russia has proposed talks."), None);
        assert_eq!(parse("A — b"), None);
    }

    #[test]
    fn page_headers_before_the_dateline() {
        // Timeline17, H1N1_reuters and bpoil_reuters (prose after clean::ptb).
        let p = "By Maggie Fox, Health and Science Editor WASHINGTON | Tue Apr 21, 2009 10:19 pm BST WASHINGTON (Reuters) - A new type of swine flu has infected two children.";
        let h = page_header(p).unwrap();
        assert_eq!(
            &p[h.len..],
            "WASHINGTON (Reuters) - A new type of swine flu has infected two children."
        );
        assert_eq!(
            (h.date.as_deref(), h.author.as_deref()),
            (Some("2009-04-21"), Some("Maggie Fox"))
        );
        let p = "ZURICH/COPENHAGEN | Mon Jun 29, 2009 1:58 pm EDT ZURICH/COPENHAGEN (Reuters) - Scientists have established a case.";
        let h = page_header(p).unwrap();
        assert!(p[h.len..].starts_with("ZURICH/COPENHAGEN (Reuters)"));
        assert_eq!((h.date.as_deref(), h.author), (Some("2009-06-29"), None));
        // A place of two words is one place.
        let p = "HONG KONG | Wed Apr 15, 2009 5:56 am EDT HONG KONG (Reuters) - Scientists said.";
        assert_eq!(
            &p[page_header(p).unwrap().len..],
            "HONG KONG (Reuters) - Scientists said."
        );
        let p = "CIBOLO, Texas | Fri May 1, 2009 1:22 pm EDT CIBOLO, Texas (Reuters) - A school closed.";
        assert_eq!(
            &p[page_header(p).unwrap().len..],
            "CIBOLO, Texas (Reuters) - A school closed."
        );
        // A headline run into the header is dropped with it, and is no author.
        let p = "Full Article U.S. experts confirm undersea oil from BP well HOUSTON | Wed Jun 9, 2010 8:08 pm EDT HOUSTON (Reuters) - U.S. experts said.";
        let h = page_header(p).unwrap();
        assert_eq!(
            (&p[h.len..], h.author),
            ("HOUSTON (Reuters) - U.S. experts said.", None)
        );
        // Without the dateline repeated after it, a bar and a time are left alone.
        assert_eq!(
            page_header("Oil | Wed Jun 9, 2010 8:08 pm EDT prices rose."),
            None
        );
        assert_eq!(
            page_header("HOUSTON | Wed Jun 9, 2010 8:08 pm EDT Oil prices rose."),
            None
        );
    }
}
