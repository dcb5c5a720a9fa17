//! news-please JSON (one object or an array) and JSON Lines: `title`, `text` (or
//! `maintext`), `date_publish`, `url`, `source_domain`, `authors`, `description`.

use super::{meta, text, Cleaned, Skip};
use serde_json::Value;

/// One JSON document: an article object, or an array of them.
pub fn clean_json(doc: &str) -> Result<Vec<Cleaned>, Skip> {
    let value: Value =
        serde_json::from_str(doc).map_err(|e| Skip::NotArticle(format!("invalid JSON ({e})")))?;
    match value {
        Value::Array(items) => records(
            items.iter().enumerate().map(|(i, v)| (i, Ok(v.clone()))),
            true,
        ),
        v => article(&v).map(|a| vec![a]),
    }
}

/// JSON Lines: one article object per line. Blank lines are ignored; a bad line is a
/// warning on the file, not a failure.
pub fn clean_json_lines(doc: &str) -> Result<Vec<Cleaned>, Skip> {
    let lines = doc
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            (
                i,
                serde_json::from_str::<Value>(l).map_err(|e| e.to_string()),
            )
        });
    records(lines, false)
}

fn records(
    items: impl Iterator<Item = (usize, Result<Value, String>)>,
    array: bool,
) -> Result<Vec<Cleaned>, Skip> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut total = 0;
    for (i, v) in items {
        total += 1;
        let what = if array {
            format!("record {}", i + 1)
        } else {
            format!("line {}", i + 1)
        };
        match v
            .map_err(|e| format!("invalid JSON ({e})"))
            .and_then(|v| article(&v).map_err(|s| s.to_string()))
        {
            Ok(mut a) => {
                a.record = Some(i);
                out.push(a);
            }
            Err(why) => problems.push(format!("{what} skipped: {why}")),
        }
    }
    if out.is_empty() {
        return Err(Skip::NotArticle(if total == 0 {
            "no records".into()
        } else {
            format!("none of its {total} records is an article")
        }));
    }
    if let Some(first) = out.first_mut() {
        first.warnings.extend(problems);
    }
    Ok(out)
}

fn string(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match v.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Array(a) => {
            let parts: Vec<&str> = a
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    })
}

/// One news-please article object.
pub fn article(v: &Value) -> Result<Cleaned, Skip> {
    if !v.is_object() {
        return Err(Skip::NotArticle(
            "a JSON value that is not an object".into(),
        ));
    }
    let body = string(v, &["text", "maintext", "body", "content", "article"])
        .ok_or_else(|| Skip::NotArticle("JSON without a \"text\" field".into()))?;
    let mut c = Cleaned::default();
    c.offer("title", string(v, &["title", "headline"]), "json");
    if let Some(d) = string(
        v,
        &[
            "date_publish",
            "datePublished",
            "published",
            "date",
            "pubdate",
        ],
    ) {
        match meta::normalize_date(&d) {
            Some(d) => {
                c.offer("published", Some(d), "json");
            }
            None => c.warnings.push(format!("JSON date {d:?} is not a date")),
        }
    }
    c.offer("url", string(v, &["url", "link"]), "json");
    c.offer(
        "publisher",
        string(v, &["source_domain", "publisher", "source", "site_name"]),
        "json",
    );
    c.offer(
        "author",
        string(v, &["authors", "author"]).and_then(|a| meta::clean_author(&a)),
        "json",
    );
    text::clean_body(&mut c, body.lines());
    text::finish(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REC: &str = r#"{"title":"Talks resume","text":"Russia and Ukraine held a second round of talks in Istanbul.\nThe delegations met for an hour and agreed on a prisoner swap.","date_publish":"2017-09-15 00:00:00","url":"https://x.example/a","source_domain":"x.example","authors":["Jane Doe"]}"#;

    #[test]
    fn news_please_object() {
        let a = clean_json(REC).unwrap();
        assert_eq!(a.len(), 1);
        let c = &a[0];
        assert_eq!(
            (
                c.title.as_str(),
                c.published.as_deref(),
                c.publisher.as_deref(),
                c.author.as_deref()
            ),
            (
                "Talks resume",
                Some("2017-09-15"),
                Some("x.example"),
                Some("Jane Doe")
            )
        );
        assert_eq!(c.source_of("published"), Some("json"));
        assert_eq!(c.paragraphs.len(), 2);
    }

    #[test]
    fn json_lines_with_a_bad_line() {
        let doc = format!("{REC}\n\nnot json\n{REC}\n");
        let a = clean_json_lines(&doc).unwrap();
        assert_eq!(
            a.iter().map(|c| c.record).collect::<Vec<_>>(),
            [Some(0), Some(3)]
        );
        assert!(a[0].warnings.iter().any(|w| w.contains("line 3")));
    }

    #[test]
    fn json_that_is_not_an_article() {
        assert!(matches!(clean_json(r#"{"a":1}"#), Err(Skip::NotArticle(_))));
        assert!(matches!(clean_json("{oops"), Err(Skip::NotArticle(_))));
    }
}
