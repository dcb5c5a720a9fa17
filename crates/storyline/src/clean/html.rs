//! Saved HTML pages: metadata from JSON-LD, Open Graph, `<meta>`, `<time>`, bylines and
//! `<title>`; main text by a readability extractor (dom_smoothie), with a paragraph
//! fallback and a linear tag stripper for pages too deep or too big to parse safely;
//! then the plain-text line rules.

use super::{meta, text, Cleaned, Skip};
use dom_query::Document;
use serde_json::Value;

/// Pages nested deeper than this are not handed to the DOM extractor (whose tree walks
/// recurse); the tag stripper reads them instead.
const MAX_DEPTH: usize = 256;
/// Pages bigger than this are read by the tag stripper.
const MAX_DOM_BYTES: usize = 8 << 20;

/// Cleans one saved HTML page.
pub fn clean_html(html: &str) -> Result<Cleaned, Skip> {
    let mut c = Cleaned::default();
    let lines: Vec<String> = if html.len() > MAX_DOM_BYTES || nesting_depth(html) > MAX_DEPTH {
        c.warnings
            .push("HTML too deep or too big for the extractor; tags stripped instead".into());
        strip_tags(html).lines().map(str::to_string).collect()
    } else {
        let doc = Document::from(html);
        read_metadata(&doc, &mut c);
        main_text(doc)
    };
    text::clean_body(&mut c, lines.iter().map(String::as_str));
    text::finish(c)
}

/// The readability extractor's text, one block per line; all `<p>` if it finds nothing.
fn main_text(doc: Document) -> Vec<String> {
    let paragraphs: Vec<String> = doc
        .select("p")
        .iter()
        .map(|p| p.text().to_string())
        .filter(|t| !t.trim().is_empty())
        .collect();
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let extracted = dom_smoothie::Readability::with_document(doc, None, Some(cfg))
        .ok()
        .and_then(|mut r| r.parse().ok())
        .map(|a| a.text_content.to_string())
        .filter(|t| t.split_whitespace().count() >= 20);
    match extracted {
        Some(t) => t.lines().map(str::to_string).collect(),
        None => paragraphs,
    }
}

fn meta_content(doc: &Document, selectors: &[&str]) -> Option<String> {
    selectors
        .iter()
        .find_map(|sel| {
            doc.select(sel).iter().find_map(|m| {
                m.attr("content")
                    .or_else(|| m.attr("datetime"))
                    .or_else(|| m.attr("href"))
                    .map(|v| v.to_string())
            })
        })
        .map(|s| text::squash_spaces(&s))
        .filter(|s| !s.is_empty())
}

/// Fills title, date, author, publisher and URL from the page's metadata, recording the
/// source of each value (`json-ld`, `open-graph`, `html-meta`).
pub fn read_metadata(doc: &Document, c: &mut Cleaned) {
    // JSON-LD NewsArticle (or any *Article / BlogPosting / Report).
    for script in doc.select(r#"script[type="application/ld+json"]"#).iter() {
        let raw = script.text();
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        let mut found = Vec::new();
        collect_articles(&value, &mut found, 0);
        for a in found {
            c.offer(
                "title",
                a.get("headline").and_then(Value::as_str).map(html_unescape),
                "json-ld",
            );
            c.offer(
                "published",
                a.get("datePublished")
                    .and_then(Value::as_str)
                    .and_then(meta::normalize_date),
                "json-ld",
            );
            c.offer(
                "author",
                a.get("author")
                    .and_then(person_name)
                    .and_then(|s| meta::clean_author(&s)),
                "json-ld",
            );
            c.offer(
                "publisher",
                a.get("publisher").and_then(person_name),
                "json-ld",
            );
            let url = a.get("url").and_then(Value::as_str).or_else(|| {
                a.get("mainEntityOfPage")
                    .and_then(|m| m.as_str().or_else(|| m.get("@id").and_then(Value::as_str)))
            });
            c.offer(
                "url",
                url.filter(|u| u.starts_with("http")).map(str::to_string),
                "json-ld",
            );
        }
    }
    // Open Graph and article:* properties.
    c.offer(
        "title",
        meta_content(doc, &[r#"meta[property="og:title"]"#]).map(|t| html_unescape(&t)),
        "open-graph",
    );
    c.offer(
        "published",
        meta_content(
            doc,
            &[
                r#"meta[property="article:published_time"]"#,
                r#"meta[property="og:article:published_time"]"#,
            ],
        )
        .and_then(|d| meta::normalize_date(&d)),
        "open-graph",
    );
    c.offer(
        "publisher",
        meta_content(doc, &[r#"meta[property="og:site_name"]"#]),
        "open-graph",
    );
    c.offer(
        "url",
        meta_content(doc, &[r#"meta[property="og:url"]"#]).filter(|u| u.starts_with("http")),
        "open-graph",
    );
    c.offer(
        "author",
        meta_content(doc, &[r#"meta[property="article:author"]"#])
            .filter(|a| !a.starts_with("http"))
            .and_then(|a| meta::clean_author(&a)),
        "open-graph",
    );
    // Plain <meta>, <time>, bylines, <title>, canonical.
    c.offer(
        "published",
        meta_content(
            doc,
            &[
                r#"meta[name="date"]"#,
                r#"meta[name="pubdate"]"#,
                r#"meta[name="publishdate"]"#,
                r#"meta[name="publish-date"]"#,
                r#"meta[name="publish_date"]"#,
                r#"meta[name="DC.date.issued"]"#,
                r#"meta[name="dc.date.issued"]"#,
                r#"meta[name="DC.date"]"#,
                r#"meta[name="dc.date"]"#,
                r#"meta[name="dcterms.date"]"#,
                r#"meta[name="citation_publication_date"]"#,
                r#"meta[name="citation_date"]"#,
                r#"meta[name="sailthru.date"]"#,
                r#"meta[name="parsely-pub-date"]"#,
                r#"meta[itemprop="datePublished"]"#,
                r#"time[itemprop="datePublished"]"#,
                r#"meta[name="article.published"]"#,
                r#"meta[name="created"]"#,
                "time[pubdate]",
                "article time[datetime]",
                "time.published[datetime]",
                "time.entry-date[datetime]",
                "time[datetime]",
            ],
        )
        .and_then(|d| meta::normalize_date(&d)),
        "html-meta",
    );
    c.offer(
        "author",
        meta_content(
            doc,
            &[
                r#"meta[name="author"]"#,
                r#"meta[name="Author"]"#,
                r#"meta[name="dc.creator"]"#,
                r#"meta[name="DC.creator"]"#,
                r#"meta[name="byl"]"#,
                r#"meta[name="parsely-author"]"#,
                r#"meta[name="sailthru.author"]"#,
                r#"meta[itemprop="author"]"#,
            ],
        )
        .filter(|a| !a.starts_with("http"))
        .and_then(|a| meta::clean_author(&a)),
        "html-meta",
    );
    if c.author.is_none() {
        for sel in [
            r#"[itemprop="author"] [itemprop="name"]"#,
            r#"[rel="author"]"#,
            r#"[itemprop="author"]"#,
            ".author-name",
            ".byline",
            ".author",
            ".entry-author",
            ".post-author",
        ] {
            let found = doc
                .select(sel)
                .iter()
                .map(|n| text::squash_spaces(&n.text()))
                .find(|t| !t.is_empty());
            if c.offer(
                "author",
                found.and_then(|a| meta::clean_author(&a)),
                "html-meta",
            ) {
                break;
            }
        }
    }
    c.offer(
        "url",
        meta_content(doc, &[r#"link[rel="canonical"]"#]).filter(|u| u.starts_with("http")),
        "html-meta",
    );
    if c.published.is_none() {
        // A visible date element ("<span class=\"post-date\">Oct 21, 2019</span>").
        let visible = doc
            .select(r#"[class*="date"], [class*="Date"], [class*="published"], [class*="posted"], [class*="time"], [id*="date"]"#)
            .iter()
            .take(20)
            .find_map(|n| {
                let t = n.text();
                (t.len() < 120).then(|| meta::normalize_date(&t)).flatten()
            });
        c.offer("published", visible, "html-meta");
    }
    if c.published.is_none() {
        // A date in the page's own URL (`/2019/10/21/slug`).
        let from_url = c.url.as_deref().and_then(date_in_url);
        c.offer("published", from_url, "inferred");
    }
    if let Some(src) = c.source_of("title").map(str::to_string) {
        let stripped = strip_site_suffix(&c.title, c.publisher.as_deref());
        if stripped != c.title && (src == "open-graph" || src == "json-ld") {
            c.force("title", stripped, &src);
        }
    }
    if c.title.is_empty() {
        let h1 = doc
            .select("h1")
            .iter()
            .map(|h| text::squash_spaces(&h.text()))
            .find(|t| t.split_whitespace().count() >= 2);
        let title = doc
            .select("title")
            .iter()
            .next()
            .map(|t| text::squash_spaces(&t.text()));
        let title = title.map(|t| strip_site_suffix(&t, c.publisher.as_deref()));
        let pick = match (h1, title) {
            (Some(h), Some(t)) if t.to_lowercase().contains(&h.to_lowercase()) => Some(h),
            (Some(h), None) => Some(h),
            (_, Some(t)) => Some(t),
            (None, None) => None,
        };
        c.offer("title", pick, "html-meta");
    }
}

/// `YYYY/MM/DD`, `YYYY-MM-DD` or `YYYYMMDD` between slashes of a URL.
pub fn date_in_url(url: &str) -> Option<String> {
    use regex::Regex;
    use std::sync::LazyLock;
    static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[_-]|\.html?|$)").unwrap()
    });
    let c = URL_DATE.captures(url)?;
    meta::normalize_date(&format!("{}-{}-{}", &c[1], &c[2], &c[3]))
}

/// "Headline | Site" or "Headline - Site" → "Headline".
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    for sep in [" | ", " – ", " — ", " - ", " :: ", " » "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let site_like = site.is_some_and(|s| tail.to_lowercase().contains(&s.to_lowercase()))
                || tail.split_whitespace().count() <= 4;
            if site_like && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn collect_articles<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect_articles(i, out, depth + 1)),
        Value::Object(map) => {
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => is_article_type(t),
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article_type),
                _ => false,
            };
            if is_article {
                out.push(v);
            }
            if let Some(g) = map.get("@graph") {
                collect_articles(g, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || matches!(t, "BlogPosting" | "Report" | "LiveBlogPosting" | "Posting")
}

/// A name from a JSON-LD person/organisation: a string, `{"name": …}` or a list of them.
fn person_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.starts_with("http") => Some(s.clone()),
        Value::Object(m) => m.get("name").and_then(person_name),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(person_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Decodes character references (every named entity of HTML5, decimal and hex), by the
/// `html-escape` crate: meta content and JSON-LD strings are often escaped twice.
fn html_unescape(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li",
];

/// Rough maximum element nesting, by a linear scan of start and end tags.
pub fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        i += off + 1;
        if i >= bytes.len() {
            break;
        }
        let closing = bytes[i] == b'/';
        let start = if closing { i + 1 } else { i };
        let name_end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |p| start + p);
        if name_end == start {
            continue;
        }
        let name = html[start..name_end].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) {
            continue;
        }
        let self_closing = bytes[name_end..]
            .iter()
            .position(|&b| b == b'>')
            .is_some_and(|p| p > 0 && bytes[name_end + p - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// Text of an HTML page without a DOM: scripts, styles and comments removed, block tags
/// turned into line breaks, entities decoded. Linear in the input.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        let Some(off) = html[i..].find('<') else {
            out.push_str(&html_unescape(&html[i..]));
            break;
        };
        out.push_str(&html_unescape(&html[i..i + off]));
        i += off;
        if lower[i..].starts_with("<!--") {
            i = lower[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let mut skipped = false;
        for tag in ["script", "style", "noscript", "template", "svg"] {
            if lower[i + 1..].starts_with(tag) {
                let close = format!("</{tag}");
                i = lower[i..].find(&close).map_or(html.len(), |e| i + e);
                i = lower[i..].find('>').map_or(html.len(), |e| i + e + 1);
                skipped = true;
                break;
            }
        }
        if skipped {
            continue;
        }
        let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
        let name: String = lower[i + 1..end]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "p" | "div"
                | "br"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "tr"
                | "section"
                | "article"
                | "header"
                | "footer"
                | "blockquote"
                | "title"
        ) {
            out.push('\n');
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Talks resume in Istanbul | The Daily</title>
<meta property="og:site_name" content="The Daily">
<link rel="canonical" href="https://daily.example/talks">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks resume in Istanbul","datePublished":"2025-06-02T08:00:00Z","author":[{"@type":"Person","name":"Jane Doe"}]}</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks resume in Istanbul</h1>
<p>Russia and Ukraine have commenced a second round of direct peace talks in Istanbul, officials from both delegations confirmed on Monday morning.</p>
<p>Also read: Something else entirely</p>
<p>The Ukrainian delegation arrived in the Turkish city despite earlier indications from Kyiv that it might not participate in the meeting.</p>
<p>The first round of talks concluded with only a prisoner exchange agreement, with Ukraine complaining of unrealistic demands.</p>
<script>alert("x")</script></article>
<footer>Copyright 2025 The Daily. All rights reserved.</footer></body></html>"#;

    #[test]
    fn reads_metadata_and_main_text() {
        let c = clean_html(PAGE).unwrap();
        assert_eq!(c.title, "Talks resume in Istanbul");
        assert_eq!(c.source_of("title"), Some("json-ld"));
        assert_eq!(c.published.as_deref(), Some("2025-06-02"));
        assert_eq!(c.author.as_deref(), Some("Jane Doe"));
        assert_eq!(c.publisher.as_deref(), Some("The Daily"));
        assert_eq!(c.url.as_deref(), Some("https://daily.example/talks"));
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
        assert!(c
            .paragraphs
            .iter()
            .all(|p| !p.contains("alert") && !p.contains("Also read") && !p.contains("Copyright")));
    }

    #[test]
    fn deeply_nested_pages_do_not_overflow() {
        let deep = format!("<html><body>{}<p>Deep text that is the only content of this odd page, written long enough to count.</p>{}</body></html>", "<div>".repeat(5000), "</div>".repeat(5000));
        assert!(nesting_depth(&deep) > 5000);
        let c = clean_html(&deep).unwrap();
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn strips_tags_scripts_and_entities() {
        let t = strip_tags(
            "<p>A &amp; B</p><script>var x = '<p>no</p>';</script><!-- c --><p>C&#8217;s</p>",
        );
        assert_eq!(
            t.split_whitespace().collect::<Vec<_>>(),
            ["A", "&", "B", "C’s"]
        );
    }

    #[test]
    fn entities_before_multi_byte_characters_do_not_panic() {
        // The old hand-written decoder sliced 12 bytes after an `&`, inside the dash.
        for k in 0..12 {
            let s = format!("&{}— talks&amp; Kyiv — resume &unknown;—", "a".repeat(k));
            assert!(html_unescape(&s).contains("& Kyiv — resume"));
            assert!(strip_tags(&format!("<p>{s}</p>")).contains("& Kyiv"));
        }
        let page = r#"<html><head><meta property="og:title" content="Russia &amp;amp; Kyiv’s talks resume"></head><body><p>Russia and Ukraine resumed talks in Istanbul on Monday, officials from both delegations said, after weeks of delay and a long exchange of letters.</p></body></html>"#;
        let c = clean_html(page).expect("an ordinary page is an article");
        assert_eq!(c.title, "Russia & Kyiv’s talks resume");
    }

    proptest::proptest! {
        #[test]
        fn the_tag_stripper_and_decoder_take_any_text(s in "(\\PC|&|;|#|<|>){0,80}") {
            let _ = html_unescape(&s);
            let _ = strip_tags(&s);
        }
    }

    #[test]
    fn dates_in_urls() {
        assert_eq!(
            date_in_url("https://x.example/2019/10/21/slug/").as_deref(),
            Some("2019-10-21")
        );
        assert_eq!(
            date_in_url("https://x.example/jmcs/detail/20200102/100.html").as_deref(),
            Some("2020-01-02")
        );
        assert_eq!(date_in_url("https://x.example/p/12345"), None);
    }

    #[test]
    fn site_suffixes_leave_titles() {
        assert_eq!(
            strip_site_suffix("Talks resume in Istanbul | The Daily", Some("The Daily")),
            "Talks resume in Istanbul"
        );
        assert_eq!(strip_site_suffix("Word - word", None), "Word - word");
    }
}
