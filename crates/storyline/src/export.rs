//! Exports of a bundle to other formats: TimelineJS JSON, iCalendar, CSV, Atom and JSON-LD.
//!
//! Every function is pure and deterministic: the same bundle gives byte-identical output
//! (timestamps come from the data, never from the clock). All text from articles is
//! treated as hostile and escaped for the format it lands in.
//!
//! `site_url` is the URL the site is served under (`/`, `/my-story/` or
//! `https://example.org/my-story/`); event links are `{site_url}event/{id}` and article
//! links `{site_url}article/{id}`, as in the web app.

use serde_json::{json, Map, Value};
use std::fmt::Write as _;
use storyline_model::{Article, Bundle, Event};
pub use storyline_model::{ATOM_FILE, CSV_FILE, ICS_FILE, TIMELINEJS_FILE};

/// Used for timestamps when no article states its publication date.
const EPOCH: &str = "1970-01-01";

/// The date of tag: URIs (RFC 4151) minted when the site URL is not absolute. Fixed, so
/// ids never change.
const TAG_DATE: &str = "2025";

/// Every file export, as (path relative to the site root, contents).
pub fn all(bundle: &Bundle, site_url: &str) -> Vec<(String, Vec<u8>)> {
    vec![
        (ICS_FILE.to_string(), ics(bundle, site_url).into_bytes()),
        (CSV_FILE.to_string(), csv(bundle, site_url).into_bytes()),
        (ATOM_FILE.to_string(), atom(bundle, site_url).into_bytes()),
        (
            TIMELINEJS_FILE.to_string(),
            timelinejs(bundle, site_url).into_bytes(),
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// Shared helpers

/// `year`, `month` or `day` from the length of a bundle date; `unknown` otherwise.
pub fn precision(date: &str) -> &'static str {
    match parse_date(date) {
        Some((_, None, _)) => "year",
        Some((_, Some(_), None)) => "month",
        Some((_, Some(_), Some(_))) => "day",
        None => "unknown",
    }
}

/// (year, month, day) of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date, checked.
fn parse_date(date: &str) -> Option<(i16, Option<i8>, Option<i8>)> {
    let num = |s: &str, len: usize| -> Option<i16> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let mut parts = date.split('-');
    let year = num(parts.next()?, 4)?;
    let month = match parts.next() {
        None => return Some((year, None, None)),
        Some(m) => num(m, 2).filter(|m| (1..=12).contains(m))? as i8,
    };
    let day = match parts.next() {
        None => return Some((year, Some(month), None)),
        Some(d) => num(d, 2)? as i8,
    };
    if parts.next().is_some() {
        return None;
    }
    jiff::civil::Date::new(year, month, day).ok()?;
    Some((year, Some(month), Some(day)))
}

/// A day-precision date, if `date` is one.
fn day(date: &str) -> Option<jiff::civil::Date> {
    match parse_date(date)? {
        (y, Some(m), Some(d)) => jiff::civil::Date::new(y, m, d).ok(),
        _ => None,
    }
}

/// The latest publication date of any article, else [`EPOCH`]: the data's own "now".
fn data_stamp(bundle: &Bundle) -> jiff::civil::Date {
    bundle
        .articles
        .iter()
        .filter_map(|a| a.published.as_deref().and_then(day))
        .max()
        .unwrap_or_else(|| EPOCH.parse().expect("valid epoch"))
}

/// The site URL with a trailing slash.
fn base(site_url: &str) -> String {
    let mut b = site_url.trim().to_string();
    if !b.ends_with('/') {
        b.push('/');
    }
    b
}

/// Percent-encodes everything but RFC 3986 unreserved characters (ids are slugs, so
/// this is normally a no-op; it keeps a hand-made id from changing a URL's meaning).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Percent-encodes characters that may not appear in a URI (for the site URL, which is
/// otherwise kept as given).
fn encode_uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The web app's page of an event, in the folder form its page is served at (no redirect
/// on a static host; see [`storyline_model::folder_route`]).
pub fn event_url(site_url: &str, id: &str) -> String {
    format!(
        "{}event/{}/",
        encode_uri(&base(site_url)),
        encode_segment(id)
    )
}

/// The web app's page of an article, in folder form.
pub fn article_url(site_url: &str, id: &str) -> String {
    format!(
        "{}article/{}/",
        encode_uri(&base(site_url)),
        encode_segment(id)
    )
}

fn is_absolute(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The sentence of the first outlet to report the event, else the first mention's.
fn first_quote(event: &Event) -> Option<&str> {
    let first = event.first_reported.as_deref();
    event
        .mentions
        .iter()
        .find(|m| Some(m.article.as_str()) == first)
        .or(event.mentions.first())
        .map(|m| m.text.as_str())
}

/// The publication date of the event's first reporting article, if known.
fn first_published<'a>(bundle: &'a Bundle, event: &Event) -> Option<&'a str> {
    let id = event.first_reported.as_deref()?;
    let published = bundle.article(id)?.published.as_deref()?;
    day(published).map(|_| published)
}

/// Removes control characters that no text format here may carry (XML 1.0 forbids
/// them outright); tab and newlines are kept for the callers to deal with.
fn strip_controls(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .filter(|&c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

/// One-line summary used by the calendar and the feed.
fn summary(bundle: &Bundle, event: &Event) -> String {
    let outlets = bundle.event_outlets(event);
    let mut s = String::new();
    if event.future {
        s.push_str("Scheduled. ");
    }
    let n = event.mentions.len();
    let mentions = format!("{n} mention{}", if n == 1 { "" } else { "s" });
    if outlets.is_empty() {
        let mut articles: Vec<&str> = event.mentions.iter().map(|m| m.article.as_str()).collect();
        articles.sort_unstable();
        articles.dedup();
        let a = articles.len();
        let _ = write!(
            s,
            "Reported in {a} article{} ({mentions}).",
            if a == 1 { "" } else { "s" }
        );
    } else {
        let _ = write!(s, "Reported by {} ({mentions}).", outlets.join(", "));
    }
    if let Some(q) = first_quote(event) {
        let _ = write!(s, "\n\n“{}”", q.trim());
    }
    strip_controls(s.trim())
}

// ---------------------------------------------------------------------------------------
// HTML and XML

/// Escapes text for HTML or XML element content and attribute values.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in strip_controls(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// TimelineJS

/// TimelineJS3 JSON (Knight Lab's player): a title slide and one slide per event, dated
/// to the event's precision. Text fields are HTML, built from escaped article text.
pub fn timelinejs(bundle: &Bundle, site_url: &str) -> String {
    let title = if bundle.story.title.is_empty() {
        "Timeline".to_string()
    } else {
        bundle.story.title.clone()
    };
    let intro = if bundle.story.description.is_empty() {
        format!(
            "{} events from {} articles.",
            bundle.events.len(),
            bundle.articles.len()
        )
    } else {
        bundle.story.description.clone()
    };
    let grouped = bundle.events.iter().any(|e| e.future);
    let events: Vec<Value> = bundle
        .events
        .iter()
        .filter_map(|e| {
            let (year, month, day) = parse_date(&e.date)?;
            let mut start = Map::new();
            start.insert("year".into(), year.into());
            if let Some(m) = month {
                start.insert("month".into(), m.into());
            }
            if let Some(d) = day {
                start.insert("day".into(), d.into());
            }
            let mut text = String::new();
            if let Some(q) = first_quote(e) {
                let _ = write!(text, "<p>“{}”</p>", escape_markup(q.trim()));
            }
            let outlets = bundle.event_outlets(e);
            if !outlets.is_empty() {
                let _ = write!(
                    text,
                    "<p>Reported by {}.</p>",
                    escape_markup(&outlets.join(", "))
                );
            }
            let _ = write!(
                text,
                "<p><a href=\"{}\">Sources and details</a></p>",
                escape_markup(&event_url(site_url, &e.id))
            );
            let mut slide = json!({
                "start_date": Value::Object(start),
                "text": { "headline": escape_markup(&e.title), "text": text },
                "unique_id": e.id,
            });
            if grouped {
                slide["group"] = if e.future { "Scheduled" } else { "Reported" }.into();
            }
            Some(slide)
        })
        .collect();
    let doc = json!({
        "title": { "text": { "headline": escape_markup(&title), "text": format!("<p>{}</p>", escape_markup(&intro)) } },
        "events": events,
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------
// iCalendar

/// Escapes an RFC 5545 TEXT value: backslash, `;`, `,` and newlines.
pub fn ics_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let text = strip_controls(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line to at most 75 octets per physical line (RFC 5545 §3.1),
/// never inside a UTF-8 character, and ends it with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0; // octets on the current physical line
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

/// Undoes [`fold_line`]: removes every CRLF followed by one space or tab.
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

/// An RFC 5545 calendar of the day-precision events, as all-day events. Month- and
/// year-precision events are left out: a calendar cannot say "some day in June".
/// `DTSTAMP` is the latest article publication date (else 1970-01-01), not the clock.
/// Events link to their page (URL, and the end of DESCRIPTION) when `site_url` is
/// absolute.
pub fn ics(bundle: &Bundle, site_url: &str) -> String {
    let stamp = data_stamp(bundle).strftime("%Y%m%dT000000Z").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Storyline//Storyline timeline export//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
    ];
    if !bundle.story.title.is_empty() {
        // NAME (RFC 7986) and its older Apple spelling, which more clients read.
        let name = ics_escape(&bundle.story.title);
        lines.push(format!("NAME:{name}"));
        lines.push(format!("X-WR-CALNAME:{name}"));
    }
    if !bundle.story.description.is_empty() {
        let desc = ics_escape(&bundle.story.description);
        lines.push(format!("DESCRIPTION:{desc}"));
        lines.push(format!("X-WR-CALDESC:{desc}"));
    }
    for e in &bundle.events {
        let Some(date) = day(&e.date) else { continue };
        let Ok(next) = date.tomorrow() else { continue };
        let url = event_url(site_url, &e.id);
        let mut description = summary(bundle, e);
        if is_absolute(site_url) {
            let _ = write!(description, "\n\n{url}");
        }
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}@storyline", ics_escape(&e.id)));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART;VALUE=DATE:{}", date.strftime("%Y%m%d")));
        lines.push(format!("DTEND;VALUE=DATE:{}", next.strftime("%Y%m%d")));
        lines.push(format!("SUMMARY:{}", ics_escape(&e.title)));
        lines.push(format!("DESCRIPTION:{}", ics_escape(&description)));
        // A URI value is not TEXT: it is not backslash-escaped (RFC 5545 §3.3.13);
        // event_url percent-encodes anything that could end the value. It must be
        // absolute, so a site served at a bare path gets no URL property.
        if is_absolute(site_url) {
            lines.push(format!("URL:{url}"));
        }
        lines.push("TRANSP:TRANSPARENT".into());
        if e.future {
            lines.push("CATEGORIES:Scheduled".into());
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}

// ---------------------------------------------------------------------------------------
// CSV

/// One RFC 4180 cell: quoted when needed, and prefixed with `'` when it starts like a
/// spreadsheet formula (`= + - @`, tab or CR), so opening the file runs nothing.
pub fn csv_cell(value: &str) -> String {
    let value = strip_controls(value);
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The events as CSV (RFC 4180, CRLF), one row per event, with a header row.
pub fn csv(bundle: &Bundle, site_url: &str) -> String {
    let mut out = String::from(
        "id,date,precision,title,score,outlets,mentions,first_reported,future,url\r\n",
    );
    for e in &bundle.events {
        let row = [
            csv_cell(&e.id),
            csv_cell(&e.date),
            precision(&e.date).to_string(),
            csv_cell(&e.title),
            csv_cell(&format!("{}", e.score)),
            csv_cell(&bundle.event_outlets(e).join("; ")),
            e.mentions.len().to_string(),
            csv_cell(e.first_reported.as_deref().unwrap_or("")),
            e.future.to_string(),
            csv_cell(&event_url(site_url, &e.id)),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

// ---------------------------------------------------------------------------------------
// Atom

/// The Atom id of the feed, or of one event when `event` is given: under the site URL
/// when it is absolute, else a tag: URI (RFC 4151) built from the site path. An id never
/// changes (a feed reader would show the entry again), so it keeps the event URL's first
/// form, without the folder's slash.
fn atom_id(site_url: &str, event: Option<&str>) -> String {
    if is_absolute(site_url) {
        return match event {
            Some(id) => event_url(site_url, id).trim_end_matches('/').to_string(),
            None => encode_uri(&base(site_url)),
        };
    }
    let path = encode_uri(&base(site_url));
    let path = path.replace(['#', '[', ']'], "_");
    match event {
        Some(id) => format!(
            "tag:storyline,{TAG_DATE}:{path}event/{}",
            encode_segment(id)
        ),
        None => format!("tag:storyline,{TAG_DATE}:{path}"),
    }
}

fn rfc3339(date: jiff::civil::Date) -> String {
    date.strftime("%Y-%m-%dT00:00:00Z").to_string()
}

/// An Atom 1.0 feed of the events, newest date first. `<updated>` is the latest article
/// publication date (the data's own clock); an entry's `<published>` is the date of the
/// first article to report it, when known.
pub fn atom(bundle: &Bundle, site_url: &str) -> String {
    let updated = data_stamp(bundle);
    let title = if bundle.story.title.is_empty() {
        "Timeline"
    } else {
        &bundle.story.title
    };
    let base_url = encode_uri(&base(site_url));
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(
        out,
        "  <id>{}</id>",
        escape_markup(&atom_id(site_url, None))
    );
    let _ = writeln!(
        out,
        "  <title type=\"text\">{}</title>",
        escape_markup(title)
    );
    if !bundle.story.description.is_empty() {
        let _ = writeln!(
            out,
            "  <subtitle type=\"text\">{}</subtitle>",
            escape_markup(&bundle.story.description)
        );
    }
    let _ = writeln!(out, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_markup(&base_url)
    );
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{ATOM_FILE}\"/>",
        escape_markup(&base_url)
    );
    out.push_str("  <author><name>Storyline</name></author>\n");
    out.push_str("  <generator>Storyline</generator>\n");

    let mut events: Vec<&Event> = bundle.events.iter().collect();
    events.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    for e in events {
        let published = first_published(bundle, e).and_then(day);
        // Updated: the latest report of the event, else its first, else the feed's.
        let entry_updated = e
            .mentions
            .iter()
            .filter_map(|m| {
                bundle
                    .article(&m.article)?
                    .published
                    .as_deref()
                    .and_then(day)
            })
            .max()
            .or(published)
            .unwrap_or(updated);
        out.push_str("  <entry>\n");
        let _ = writeln!(
            out,
            "    <id>{}</id>",
            escape_markup(&atom_id(site_url, Some(&e.id)))
        );
        let _ = writeln!(
            out,
            "    <title type=\"text\">{}</title>",
            escape_markup(&format!("{}: {}", e.date, e.title))
        );
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_markup(&event_url(site_url, &e.id))
        );
        let _ = writeln!(out, "    <updated>{}</updated>", rfc3339(entry_updated));
        if let Some(p) = published {
            let _ = writeln!(out, "    <published>{}</published>", rfc3339(p));
        }
        if e.future {
            out.push_str("    <category term=\"scheduled\" label=\"Scheduled\"/>\n");
        }
        let _ = writeln!(
            out,
            "    <summary type=\"text\">{}</summary>",
            escape_markup(&summary(bundle, e))
        );
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

// ---------------------------------------------------------------------------------------
// JSON-LD

/// Serializes JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&`
/// are written as `\u003c`, `\u003e` and `\u0026`, so no text can close the element.
/// (In serde_json's output these characters only ever occur inside strings.)
fn script_safe(value: &Value) -> String {
    let json = serde_json::to_string(value).expect("JSON values serialize");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A schema.org `Event` for an event's page: name, startDate (at the event's precision),
/// description (the first report), url, and location when a place is involved.
pub fn json_ld_event(bundle: &Bundle, event: &Event, site_url: &str) -> String {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": strip_controls(&event.title),
        "startDate": event.date,
        "url": event_url(site_url, &event.id),
    });
    if let Some(q) = first_quote(event) {
        ld["description"] = strip_controls(q.trim()).into();
    }
    let places: Vec<Value> = event
        .entities
        .iter()
        .filter_map(|id| bundle.entity(id))
        .filter(|e| e.kind == "place")
        .map(|e| json!({ "@type": "Place", "name": strip_controls(&e.name) }))
        .collect();
    match places.len() {
        0 => {}
        1 => ld["location"] = places[0].clone(),
        _ => ld["location"] = Value::Array(places),
    }
    script_safe(&ld)
}

/// A schema.org `NewsArticle` for an article's page: headline, datePublished, publisher,
/// author and url (the original URL when known, else the reader page).
pub fn json_ld_article(article: &Article, site_url: &str) -> String {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": strip_controls(&article.title),
    });
    if let Some(p) = article.published.as_deref().filter(|p| day(p).is_some()) {
        ld["datePublished"] = p.into();
    }
    if let Some(p) = &article.publisher {
        ld["publisher"] = json!({ "@type": "Organization", "name": strip_controls(p) });
    }
    if let Some(a) = &article.author {
        ld["author"] = json!({ "@type": "Person", "name": strip_controls(a) });
    }
    let page = article_url(site_url, &article.id);
    match article.link() {
        Some(u) => {
            ld["url"] = u.into();
            ld["mainEntityOfPage"] = page.into();
        }
        None => ld["url"] = page.into(),
    }
    script_safe(&ld)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_multibyte_lines_at_75_octets_and_unfolds_back() {
        let text: String = "DESCRIPTION:".to_string() + &"é€😀".repeat(67);
        assert_eq!(text.chars().count(), 12 + 201);
        let folded = fold_line(&text);
        assert!(folded.ends_with("\r\n"));
        for line in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
            // Each physical line is valid UTF-8 on its own: no character was split.
            assert!(std::str::from_utf8(line.as_bytes()).is_ok());
        }
        assert!(folded.split("\r\n").count() > 3);
        assert_eq!(unfold(&folded), format!("{text}\r\n"));
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold_line("VERSION:2.0"), "VERSION:2.0\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold_line(&exact), format!("{exact}\r\n"));
        assert_eq!(fold_line(&"X".repeat(76)), format!("{exact}\r\n X\r\n"));
    }

    #[test]
    fn escapes_ics_text() {
        assert_eq!(ics_escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn csv_cells_are_quoted_and_formula_safe() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn dates_and_precision() {
        assert_eq!(precision("2025"), "year");
        assert_eq!(precision("2025-06"), "month");
        assert_eq!(precision("2025-06-02"), "day");
        assert_eq!(precision("2025-02-30"), "unknown");
        assert_eq!(precision("2025-13"), "unknown");
        assert_eq!(precision("June"), "unknown");
    }

    #[test]
    fn urls_and_ids() {
        assert_eq!(event_url("/", "e1"), "/event/e1/");
        assert_eq!(event_url("/story", "a b/c"), "/story/event/a%20b%2Fc/");
        assert_eq!(
            atom_id("https://x.org/s/", Some("e")),
            "https://x.org/s/event/e"
        );
        assert_eq!(atom_id("/s/", Some("e")), "tag:storyline,2025:/s/event/e");
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let v = json!({ "name": "</script><script>alert(1)</script> & more" });
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
