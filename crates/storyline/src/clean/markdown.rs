//! Markdown (or text) with YAML (`---`) or TOML (`+++`) front matter: title, date, url,
//! publisher, author from the front matter; the body's markup reduced to plain paragraphs.

use super::{meta, text, Cleaned, Skip};
use regex::Regex;
use std::sync::LazyLock;

/// The front matter's fields, as strings, keys lowercased.
pub fn front_matter(doc: &str) -> (Vec<(String, String)>, &str) {
    let (fence, is_toml) = if doc.starts_with("---\n") {
        ("---", false)
    } else if doc.starts_with("+++\n") {
        ("+++", true)
    } else {
        return (Vec::new(), doc);
    };
    let rest = &doc[4..];
    let end = rest
        .match_indices(&format!("\n{fence}"))
        .map(|(i, _)| i)
        .find(|&i| rest[i + 4..].starts_with('\n') || rest[i + 4..].is_empty());
    let end = match end {
        Some(e) => e,
        None if rest.starts_with(fence) => return (Vec::new(), &rest[3..]),
        None => return (Vec::new(), doc),
    };
    let head = &rest[..end];
    let body = rest[end + 4..]
        .strip_prefix('\n')
        .unwrap_or(&rest[end + 4..]);
    let fields = if is_toml {
        toml_fields(head)
    } else {
        yaml_fields(head)
    };
    (fields, body)
}

fn toml_fields(head: &str) -> Vec<(String, String)> {
    let Ok(table) = head.parse::<toml::Table>() else {
        return Vec::new();
    };
    table
        .into_iter()
        .map(|(k, v)| {
            let s = match v {
                toml::Value::String(s) => s,
                toml::Value::Datetime(d) => d.to_string(),
                toml::Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            (k.to_lowercase(), s)
        })
        .collect()
}

/// A minimal YAML reader for flat front matter: `key: value`, quoted values, and
/// `key:` followed by `- item` lists (joined with ", ").
fn yaml_fields(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            if line.starts_with([' ', '-']) {
                if let Some(last) = out.last_mut() {
                    let item = unquote(item);
                    if !last.1.is_empty() {
                        last.1.push_str(", ");
                    }
                    last.1.push_str(&item);
                }
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue; // nested mapping: not read
        }
        if let Some((k, v)) = trimmed.split_once(':') {
            let v = v.trim();
            let v = if v.starts_with('[') && v.ends_with(']') {
                v[1..v.len() - 1]
                    .split(',')
                    .map(unquote)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                unquote(v)
            };
            out.push((k.trim().to_lowercase(), v));
        }
    }
    out
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

fn field<'a>(fields: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        fields
            .iter()
            .find(|(f, v)| f == k && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    })
}

/// Cleans a Markdown file, with or without front matter.
pub fn clean_markdown(doc: &str) -> Result<Cleaned, Skip> {
    let (fields, body) = front_matter(doc);
    let mut c = Cleaned::default();
    c.offer(
        "title",
        field(&fields, &["title", "headline"]).map(str::to_string),
        "front-matter",
    );
    if let Some(d) = field(
        &fields,
        &[
            "date",
            "published",
            "date_publish",
            "pubdate",
            "publishdate",
            "publication_date",
        ],
    ) {
        match meta::normalize_date(d) {
            Some(d) => {
                c.offer("published", Some(d), "front-matter");
            }
            None => c
                .warnings
                .push(format!("front matter date {d:?} is not a date")),
        }
    }
    c.offer(
        "url",
        field(&fields, &["url", "link", "canonical", "source_url"]).map(str::to_string),
        "front-matter",
    );
    c.offer(
        "publisher",
        field(
            &fields,
            &[
                "publisher",
                "source",
                "site",
                "site_name",
                "outlet",
                "source_domain",
            ],
        )
        .map(str::to_string),
        "front-matter",
    );
    c.offer(
        "author",
        field(&fields, &["author", "authors", "byline"]).and_then(meta::clean_author),
        "front-matter",
    );
    let lines = markdown_lines(body, &mut c);
    text::clean_body(&mut c, lines.iter().map(String::as_str));
    text::finish(c)
}

static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"!?\[([^\]]*)\]\([^)]*\)").unwrap());
static EMPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\*\*|__|\*|`)([^*`_]+?)(\*\*|__|\*|`)").unwrap());

/// Markdown to lines of plain text: headings become lines (the first `#` heading is the
/// title if none is set), paragraphs are joined, links and emphasis unwrapped, code
/// blocks and HTML comments dropped, list items kept as `- item`.
fn markdown_lines(body: &str, c: &mut Cleaned) -> Vec<String> {
    let mut out = Vec::new();
    let mut para = String::new();
    let mut in_code = false;
    let flush = |para: &mut String, out: &mut Vec<String>| {
        if !para.trim().is_empty() {
            out.push(std::mem::take(para));
        }
        para.clear();
    };
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_code = !in_code;
            flush(&mut para, &mut out);
            continue;
        }
        if in_code || t.starts_with("<!--") {
            continue;
        }
        if t.is_empty() {
            flush(&mut para, &mut out);
            continue;
        }
        let inline = |s: &str| {
            EMPH.replace_all(&LINK.replace_all(s, "$1"), "$2")
                .into_owned()
        };
        if let Some(h) = t.strip_prefix('#') {
            flush(&mut para, &mut out);
            let h = inline(h.trim_start_matches('#').trim());
            if !c.offer("title", Some(h.clone()), "first-line") && c.title != h {
                out.push(h);
            }
            continue;
        }
        if t.starts_with(['-', '*', '+']) && t[1..].starts_with(' ') || t.starts_with('>') {
            flush(&mut para, &mut out);
            let item = inline(t[1..].trim());
            out.push(if t.starts_with('>') {
                item
            } else {
                format!("- {item}")
            });
            continue;
        }
        if !para.is_empty() {
            para.push(' ');
        }
        para.push_str(&inline(t));
    }
    flush(&mut para, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let c = clean_markdown("---\ntitle: \"Talks resume\"\ndate: 2025-06-02\nurl: https://x.example/a\npublisher: The Daily\nauthor:\n  - Jane Doe\n---\n# Talks resume\n\nRussia and Ukraine held talks in **Istanbul** on [Monday](https://x) again.\n\n- A list item that is content.\n").unwrap();
        assert_eq!(c.title, "Talks resume");
        assert_eq!(c.source_of("title"), Some("front-matter"));
        assert_eq!(c.published.as_deref(), Some("2025-06-02"));
        assert_eq!(c.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(c.publisher.as_deref(), Some("The Daily"));
        assert_eq!(c.author.as_deref(), Some("Jane Doe"));
        assert_eq!(
            c.paragraphs,
            [
                "Russia and Ukraine held talks in Istanbul on Monday again.",
                "- A list item that is content."
            ]
        );
    }

    #[test]
    fn toml_front_matter() {
        let c = clean_markdown("+++\ntitle = \"T One Two\"\ndate = 2025-06-02\n+++\nSome body text that is long enough to be a paragraph of the story.\n").unwrap();
        assert_eq!(c.title, "T One Two");
        assert_eq!(c.published.as_deref(), Some("2025-06-02"));
    }

    #[test]
    fn no_front_matter_uses_the_heading() {
        let c = clean_markdown("# The Heading Title\n\nBody text that is long enough to be a paragraph of the story.\n").unwrap();
        assert_eq!(c.title, "The Heading Title");
        assert_eq!(c.paragraphs.len(), 1);
    }
}
