//! Turns one input file into clean articles: text decoded, format read, boilerplate removed.
//!
//! Pure functions on bytes and strings; [`clean`] dispatches on the file's format to
//! [`text`] (plain text), [`html`], [`markdown`] (front matter) and [`json`] (news-please
//! JSON and JSON Lines), and [`meta`] and [`dateline`] fill in the metadata the text
//! states; [`ptb`] turns research corpora's tokenized text back into prose,
//! [`comments`] cuts off readers' comments and [`liveblog`] reads a live page's bare
//! clock stamps as times. A file yields zero or more articles; one that yields none is a
//! [`Skip`]. Across the corpus, [`repeated`] finds the boilerplate no single file shows.

pub mod comments;
pub mod dateline;
pub mod html;
pub mod json;
pub mod liveblog;
pub mod markdown;
pub mod meta;
pub mod ptb;
pub mod pullquote;
pub mod repeated;
pub mod text;

use crate::ingest::InputFile;
use storyline_model::{Article, Provenance};

/// An article as cleaning finds it, before it gets its id.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cleaned {
    /// The headline; empty while none is found.
    pub title: String,
    /// Body paragraphs, page furniture removed.
    pub paragraphs: Vec<String>,
    /// Publication date, `YYYY-MM-DD`, when found.
    pub published: Option<String>,
    /// The outlet that published it, when found.
    pub publisher: Option<String>,
    /// The original article's web address (`http` or `https`), when found.
    pub url: Option<String>,
    /// The byline, when found.
    pub author: Option<String>,
    /// Where each metadata field found came from.
    pub provenance: Vec<Provenance>,
    /// The place of the dateline that opens the body ("MOSCOW"), when there is one.
    pub dateline: Option<String>,
    /// Index of the record inside a multi-record file (JSON Lines, a JSON array).
    pub record: Option<usize>,
    /// Problems that did not stop the file from being used (e.g. repaired encoding).
    pub warnings: Vec<String>,
    /// A note for the report (e.g. "invalid UTF-8 repaired").
    pub note: Option<String>,
    /// Page furniture taken out of the text: kind ([`REMOVED_KINDS`]) and paragraphs.
    pub removed: Vec<(String, usize)>,
}

/// The kinds of page furniture cleaning takes out, as the build report names them.
pub const REMOVED_KINDS: [&str; 4] = [
    "readers' comments",
    "pull quotes",
    "live-page clock stamps",
    "boilerplate repeated across a source",
];

impl Cleaned {
    /// The article, with its id and the path of its file; no duplicates yet, not set aside.
    pub fn into_article(self, id: String, source_file: String) -> Article {
        Article {
            id,
            source_file,
            title: self.title,
            published: self.published,
            publisher: self.publisher,
            url: self.url,
            author: self.author,
            paragraphs: self.paragraphs,
            provenance: self.provenance,
            duplicates: Vec::new(),
            set_aside: None,
        }
    }

    /// Sets a metadata field if it is still empty, recording where the value came from.
    /// Returns whether it was set. Blank values are ignored.
    pub fn offer(&mut self, field: &str, value: Option<String>, source: &str) -> bool {
        let Some(value) = value
            .map(|v| text::squash_spaces(&v))
            .filter(|v| !v.is_empty())
        else {
            return false;
        };
        let slot = match field {
            "title" => {
                if !self.title.is_empty() {
                    return false;
                }
                self.title = value;
                self.set_provenance(field, source);
                return true;
            }
            "published" => &mut self.published,
            "publisher" => &mut self.publisher,
            "url" if storyline_model::web_link(&value).is_none() => {
                self.refuse_url(&value, source);
                return false;
            }
            "url" => &mut self.url,
            "author" => &mut self.author,
            _ => return false,
        };
        if slot.is_some() {
            return false;
        }
        *slot = Some(value);
        self.set_provenance(field, source);
        true
    }

    /// Replaces a field whatever it held (used by `storyline.toml` overrides).
    pub fn force(&mut self, field: &str, value: String, source: &str) {
        match field {
            "title" => self.title.clear(),
            "published" => self.published = None,
            "publisher" => self.publisher = None,
            "url" => self.url = None,
            "author" => self.author = None,
            _ => return,
        }
        self.offer(field, Some(value), source);
    }

    /// An article's URL becomes the `href` of its "Original article" link, so only a web
    /// address ([`storyline_model::web_link`]) is kept; anything else (`javascript:`,
    /// `data:`, a bare path) is named in a warning.
    fn refuse_url(&mut self, url: &str, source: &str) {
        let shown: String = url.chars().take(80).collect();
        let more = if shown.len() < url.len() { "…" } else { "" };
        self.warnings.push(format!(
            "url {:?} ({source}) is not a web address (http or https): not linked",
            format!("{shown}{more}")
        ));
    }

    fn set_provenance(&mut self, field: &str, source: &str) {
        self.provenance.retain(|p| p.field != field);
        self.provenance.push(Provenance {
            field: field.into(),
            source: source.into(),
        });
    }

    /// The source recorded for a field, if any.
    pub fn source_of(&self, field: &str) -> Option<&str> {
        self.provenance
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.source.as_str())
    }
}

/// Why a file is not an article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Skip {
    /// Nothing but whitespace.
    Empty,
    /// Bytes that look binary rather than text ([`looks_binary`]).
    Binary,
    /// No body text left after cleaning.
    NoText,
    /// JSON that is not a news article (or not valid JSON).
    NotArticle(String),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::Empty => f.write_str("empty file"),
            Skip::Binary => f.write_str("binary file, not text"),
            Skip::NoText => f.write_str("not an article: no body text left after cleaning"),
            Skip::NotArticle(why) => write!(f, "not an article: {why}"),
        }
    }
}

/// The input formats cleaning understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// An HTML page.
    Html,
    /// Markdown, with or without YAML (`---`) or TOML (`+++`) front matter.
    Markdown,
    /// news-please JSON: one article object, or an array of them.
    Json,
    /// JSON Lines: one article object per line.
    JsonLines,
}

/// Picks the format from the extension, then from the first bytes of the text.
pub fn detect_format(path: &str, text: &str) -> Format {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => return Format::Html,
        "md" | "markdown" | "mdown" => return Format::Markdown,
        "json" => return Format::Json,
        "jsonl" | "ndjson" => return Format::JsonLines,
        _ => {}
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body") {
        Format::Html
    } else if head.starts_with("---\n") || head.starts_with("+++\n") {
        Format::Markdown
    } else if head.starts_with('{') || head.starts_with('[') {
        if text.trim_start().starts_with('{')
            && text.trim().lines().filter(|l| !l.trim().is_empty()).count() > 1
            && text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('{'))
        {
            Format::JsonLines
        } else {
            Format::Json
        }
    } else {
        Format::Text
    }
}

/// Decodes bytes as UTF-8, repairing invalid sequences; the flag says whether it had to.
/// Line endings become `\n`.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    let (text, note) = to_unicode(bytes);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    (text, note)
}

/// The text of a file's bytes, by `encoding_rs`, and a note when it was not plain UTF-8:
/// UTF-16 with its byte-order mark is decoded; bytes that are not UTF-8 are read as
/// Windows-1252 (the superset of Latin-1 that browsers use) when no valid multi-byte
/// UTF-8 character is among them, else as damaged UTF-8, each bad byte a U+FFFD.
fn to_unicode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = encoding.decode(bytes);
        let note = (encoding != encoding_rs::UTF_8 || bad).then(|| {
            format!(
                "decoded as {}{}",
                encoding.name(),
                if bad { ", invalid bytes repaired" } else { "" }
            )
        });
        return (text.into_owned(), note);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), None);
    }
    let lossy = String::from_utf8_lossy(bytes);
    if lossy.chars().any(|c| c > '\u{7f}' && c != '\u{fffd}') {
        return (
            lossy.into_owned(),
            Some("invalid UTF-8 repaired".to_string()),
        );
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    (
        text.into_owned(),
        Some("not UTF-8: decoded as windows-1252".to_string()),
    )
}

/// Heuristic binary check: NUL bytes, or many control characters, in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b))
        .count();
    control * 10 > head.len()
}

/// Cleans one file into its articles (several for JSON Lines or a JSON array).
pub fn clean(file: &InputFile) -> Result<Vec<Cleaned>, Skip> {
    if file.bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Skip::Empty);
    }
    let utf16 = matches!(
        encoding_rs::Encoding::for_bom(&file.bytes),
        Some((e, _)) if e != encoding_rs::UTF_8
    );
    if !utf16 && looks_binary(&file.bytes) {
        return Err(Skip::Binary);
    }
    let (text, encoding_note) = decode(&file.bytes);
    crate::guard::tick();
    let mut articles = match detect_format(&file.path, &text) {
        Format::Text => vec![text::clean_text(&text)?],
        Format::Html => vec![html::clean_html(&text)?],
        Format::Markdown => vec![markdown::clean_markdown(&text)?],
        Format::Json => json::clean_json(&text)?,
        Format::JsonLines => json::clean_json_lines(&text)?,
    };
    let path_date = meta::date_from_path(&file.path);
    for a in &mut articles {
        crate::guard::tick();
        if let Some(d) = &path_date {
            // A date in the path (Timeline17) beats anything guessed from the text.
            let guessed = matches!(
                a.source_of("published"),
                None | Some("inferred") | Some("text")
            );
            if guessed {
                if let (Some(old), Some("inferred" | "text")) =
                    (&a.published, a.source_of("published"))
                {
                    if old != d {
                        a.warnings.push(format!(
                            "the text suggests {old} but the path says {d}; using the path"
                        ));
                    }
                }
                a.published = None;
                a.offer("published", Some(d.clone()), "path");
            }
        }
        if a.published.is_none() {
            a.warnings.push("no publication date found".into());
        }
        if let Some(note) = &encoding_note {
            a.warnings.push(note.clone());
            a.note = Some(note.clone());
        }
        if let Some(cut) = comments::cut_comments(&mut a.paragraphs) {
            a.warnings.push(format!(
                "readers' comments removed ({} paragraphs), from “{}…”",
                cut.paragraphs, cut.from
            ));
            a.removed
                .push((REMOVED_KINDS[0].into(), cut.paragraphs.max(1)));
        }
        let pulled = strip_pull_quotes(&mut a.paragraphs);
        if pulled > 0 {
            a.warnings.push(format!(
                "pull quotes removed ({pulled}), with their captions"
            ));
            a.removed.push((REMOVED_KINDS[1].into(), pulled));
        }
        let stamps = liveblog::clock_stamps(&mut a.paragraphs);
        if stamps > 0 {
            a.removed.push((REMOVED_KINDS[2].into(), stamps));
        }
        truncate_long(a);
    }
    Ok(articles)
}

/// Removes pull quotes ([`pullquote`]) from the paragraphs, and paragraphs left empty;
/// returns how many paragraphs had one.
fn strip_pull_quotes(paragraphs: &mut Vec<String>) -> usize {
    let mut n = 0;
    paragraphs.retain_mut(|p| match pullquote::strip(p) {
        Some(rest) => {
            n += 1;
            *p = rest;
            !p.is_empty()
        }
        None => true,
    });
    n
}

/// Body text beyond this many bytes is not kept: no news article is this long (a long
/// feature is ~50 KB), and dates, events and entities over megabytes of one "article"
/// would cost minutes for nothing. The report says what was cut.
pub const MAX_ARTICLE_BYTES: usize = 512 * 1024;

/// Keeps whole paragraphs up to [`MAX_ARTICLE_BYTES`], with a warning naming the cut.
fn truncate_long(a: &mut Cleaned) {
    let total: usize = a.paragraphs.iter().map(String::len).sum();
    if total <= MAX_ARTICLE_BYTES {
        return;
    }
    let mut kept = 0;
    let mut bytes = 0;
    for p in &a.paragraphs {
        if bytes + p.len() > MAX_ARTICLE_BYTES && kept > 0 {
            break;
        }
        bytes += p.len();
        kept += 1;
    }
    let dropped = a.paragraphs.len() - kept;
    a.paragraphs.truncate(kept);
    if let Some(p) = a.paragraphs.last_mut() {
        if p.len() > MAX_ARTICLE_BYTES {
            let mut cut = MAX_ARTICLE_BYTES;
            while !p.is_char_boundary(cut) {
                cut -= 1;
            }
            p.truncate(cut);
        }
    }
    let message = format!(
        "text too long for one article ({} KB): kept the first {} KB ({kept} paragraphs), dropped {dropped} paragraphs",
        total / 1024,
        MAX_ARTICLE_BYTES / 1024
    );
    a.warnings.push(message.clone());
    a.note = Some(message);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> InputFile {
        InputFile {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn skips_empty_and_binary_files_with_reasons() {
        assert_eq!(clean(&file("x.txt", b"  \n\n")), Err(Skip::Empty));
        assert_eq!(
            clean(&file("x.txt", b"\x89PNG\r\n\x1a\n\0\0\0")),
            Err(Skip::Binary)
        );
        assert_eq!(clean(&file("x.txt", b"Only a title\n")), Err(Skip::NoText));
    }

    #[test]
    fn utf16_and_latin1_are_decoded_and_named() {
        let body = "Café Talks Resume\nThe café owners said the peace talks brought visitors.\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(body.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(body.encode_utf16().flat_map(u16::to_be_bytes));
        let latin1: Vec<u8> = body.chars().map(|c| c as u32 as u8).collect();
        for (bytes, note) in [
            (le, "decoded as UTF-16LE"),
            (be, "decoded as UTF-16BE"),
            (latin1, "not UTF-8: decoded as windows-1252"),
        ] {
            let c = clean(&file("x.txt", &bytes)).unwrap();
            assert_eq!(c[0].title, "Café Talks Resume");
            assert!(c[0].paragraphs[0].starts_with("The café owners"));
            assert_eq!(c[0].note.as_deref(), Some(note));
        }
    }

    #[test]
    fn repairs_invalid_utf8_and_windows_line_endings() {
        let c = clean(&file(
            "x.txt",
            b"The Title Of It\r\nBody \xe2\x80\x94 \xff text goes on for a while here.\r\n",
        ))
        .unwrap();
        assert_eq!(c[0].title, "The Title Of It");
        assert_eq!(
            c[0].paragraphs,
            ["Body \u{2014} \u{fffd} text goes on for a while here."]
        );
        assert_eq!(c[0].note.as_deref(), Some("invalid UTF-8 repaired"));
    }

    #[test]
    fn detects_formats() {
        assert_eq!(detect_format("a.htm.txt", "Plain words"), Format::Text);
        assert_eq!(
            detect_format("a.txt", "<!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(detect_format("a.md", "# T"), Format::Markdown);
        assert_eq!(
            detect_format("a.txt", "---\ntitle: x\n---\nBody"),
            Format::Markdown
        );
        assert_eq!(detect_format("a.jsonl", "{}"), Format::JsonLines);
        assert_eq!(
            detect_format("a", "{\"a\":1}\n{\"a\":2}\n"),
            Format::JsonLines
        );
        assert_eq!(detect_format("a", "{\n\"a\":1}\n"), Format::Json);
    }

    #[test]
    fn a_date_in_the_path_is_used() {
        let c = clean(&file("bp/InputDocs/2010-05-03/12.htm.txt", b"BP oil spill grows off the coast of Louisiana , officials say the leak is worse than thought .\nAnother sentence here .\n")).unwrap();
        assert_eq!(c[0].published.as_deref(), Some("2010-05-03"));
        assert_eq!(c[0].source_of("published"), Some("path"));
    }
}
