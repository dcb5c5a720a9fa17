//! Turns one input file into a clean article: text decoded, format read, boilerplate removed.

use crate::ingest::InputFile;
use storyline_model::{Article, Provenance};

/// An article as cleaning finds it, before it gets its id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub title: String,
    pub paragraphs: Vec<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub provenance: Vec<Provenance>,
    /// Problems that did not stop the file from being used (e.g. repaired encoding).
    pub warnings: Vec<String>,
    /// A note for the report (e.g. "invalid UTF-8 repaired").
    pub note: Option<String>,
}

impl Cleaned {
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
        }
    }
}

/// Why a file is not an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    Empty,
    Binary,
    NoText,
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Skip::Empty => "empty file",
            Skip::Binary => "binary file, not text",
            Skip::NoText => "not an article: no body text left after cleaning",
        })
    }
}

/// Decodes bytes as UTF-8, repairing invalid sequences; the flag says whether it had to.
pub fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.replace("\r\n", "\n").replace('\r', "\n"), false),
        Err(_) => (String::from_utf8_lossy(bytes).replace("\r\n", "\n").replace('\r', "\n"), true),
    }
}

/// Heuristic binary check: NUL bytes, or many control characters, in the first 8 KiB.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b)).count();
    control * 10 > head.len()
}

pub fn clean(file: &InputFile) -> Result<Cleaned, Skip> {
    if file.bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Skip::Empty);
    }
    if looks_binary(&file.bytes) {
        return Err(Skip::Binary);
    }
    let (text, repaired) = decode(&file.bytes);
    let mut cleaned = clean_plain_text(&text)?;
    if repaired {
        cleaned.warnings.push("invalid UTF-8 repaired".into());
        cleaned.note = Some("invalid UTF-8 repaired".into());
    }
    Ok(cleaned)
}

/// Plain text: the first line is the headline, the other non-empty lines are paragraphs.
pub fn clean_plain_text(text: &str) -> Result<Cleaned, Skip> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().ok_or(Skip::Empty)?.to_string();
    let paragraphs: Vec<String> = lines.map(str::to_string).collect();
    if paragraphs.is_empty() {
        return Err(Skip::NoText);
    }
    Ok(Cleaned {
        title,
        paragraphs,
        provenance: vec![Provenance { field: "title".into(), source: "first-line".into() }],
        ..Cleaned::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> InputFile {
        InputFile { path: "x.txt".into(), bytes: bytes.to_vec() }
    }

    #[test]
    fn skips_empty_and_binary_files_with_reasons() {
        assert_eq!(clean(&file(b"  \n\n")), Err(Skip::Empty));
        assert_eq!(clean(&file(b"\x89PNG\r\n\x1a\n\0\0\0")), Err(Skip::Binary));
        assert_eq!(clean(&file(b"Only a title\n")), Err(Skip::NoText));
    }

    #[test]
    fn repairs_invalid_utf8_and_windows_line_endings() {
        let c = clean(&file(b"Title\r\nBody \xff text.\r\n")).unwrap();
        assert_eq!(c.title, "Title");
        assert_eq!(c.paragraphs, ["Body \u{fffd} text."]);
        assert_eq!(c.note.as_deref(), Some("invalid UTF-8 repaired"));
    }
}
