//! TimeML (TempEval-3 `.tml`) documents: reading their text and gold TIMEX3s, and writing
//! the tagger's TIMEX3s back in. Pure string functions, no I/O.

use crate::dates::{self, TimeExpr};
use jiff::civil::Date;
use std::fmt;

/// A TIMEX3 found in a document's `<TEXT>`, located in the decoded plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// Byte offsets in [`Document::plain`].
    pub start: usize,
    /// Byte offset in [`Document::plain`] just past its end.
    pub end: usize,
    /// Its `tid` attribute (`t1`); empty when it has none.
    pub tid: String,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// Its TIMEX3 `value` attribute (`2013-03-22`); empty when it has none.
    pub value: String,
    /// The expression as written, in the plain text.
    pub text: String,
}

/// Why a document cannot be read as TimeML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The document has no `<TEXT>...</TEXT>` element.
    NoText,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoText => write!(f, "no <TEXT>...</TEXT> element"),
        }
    }
}

impl std::error::Error for Error {}

/// A TimeML document split into its parts.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    raw: &'a str,
    /// Raw byte range of the content of `<TEXT>`.
    content: (usize, usize),
    /// The creation time (`functionInDocument="CREATION_TIME"`), the tagger's anchor.
    pub dct: Option<Date>,
    /// The text of `<TEXT>` with all markup removed and entities decoded.
    pub plain: String,
    /// The TIMEX3s inside `<TEXT>`.
    pub timexes: Vec<Timex>,
    /// The content of `<TEXT>` with TIMEX3 tags removed (other markup kept, still escaped).
    stripped: String,
    /// For each plain-text byte offset (and the end), the stripped-content offsets where that
    /// character may start: `lo` before any markup preceding it, `hi` just before it.
    lo: Vec<usize>,
    hi: Vec<usize>,
    /// The first `tN` number not used outside `<TEXT>`.
    next_tid: usize,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=");
    let mut from = 0;
    while let Some(i) = tag[from..].find(&pat) {
        let at = from + i;
        let ok = at == 0 || tag[..at].ends_with(char::is_whitespace);
        let rest = &tag[at + pat.len()..];
        if ok {
            let q = rest.chars().next()?;
            if q == '"' || q == '\'' {
                let end = rest[1..].find(q)?;
                return Some(decode(&rest[1..1 + end]));
            }
        }
        from = at + pat.len();
    }
    None
}

fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s[..s.len().min(12)].find(';')?;
    let name = &s[1..semi];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
            {
                u32::from_str_radix(h, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(code)?
        }
    };
    Some((c, semi + 1))
}

/// Decodes XML entities (`&amp;`, `&#233;`); unknown ones are kept as written.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with('&') {
            if let Some((c, n)) = entity(&s[i..]) {
                out.push(c);
                i += n;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

fn dct_of(raw: &str) -> Option<Date> {
    let mut from = 0;
    while let Some(i) = raw[from..].find("<TIMEX3") {
        let at = from + i;
        let end = at + raw[at..].find('>')?;
        let tag = &raw[at..end];
        if attr(tag, "functionInDocument").as_deref() == Some("CREATION_TIME") {
            let v = attr(tag, "value")?;
            return v.get(..10)?.parse().ok();
        }
        from = end;
    }
    None
}

impl<'a> Document<'a> {
    /// Reads a TimeML document. Fails only when there is no `<TEXT>` element.
    pub fn parse(raw: &'a str) -> Result<Document<'a>, Error> {
        let open = raw.find("<TEXT>").ok_or(Error::NoText)?;
        let c0 = open + "<TEXT>".len();
        let c1 = c0 + raw[c0..].find("</TEXT>").ok_or(Error::NoText)?;
        let content = &raw[c0..c1];
        let mut plain = String::new();
        let mut stripped = String::new();
        let (mut lo, mut hi) = (Vec::new(), Vec::new());
        let mut timexes = Vec::new();
        let mut open_timex: Vec<(usize, String)> = Vec::new();
        // Stripped offset just after the last plain character.
        let mut after_last = 0usize;
        let mut i = 0;
        let mut max_tid = 0usize;
        while i < content.len() {
            let rest = &content[i..];
            if rest.starts_with('<') {
                let Some(close) = rest.find('>') else {
                    stripped.push_str(rest);
                    break;
                };
                let tag = &rest[..=close];
                if tag.starts_with("<TIMEX3") {
                    open_timex.push((plain.len(), tag.to_string()));
                } else if tag.starts_with("</TIMEX3") {
                    if let Some((start, t)) = open_timex.pop() {
                        let tid = attr(&t, "tid").unwrap_or_default();
                        timexes.push(Timex {
                            start,
                            end: plain.len(),
                            kind: attr(&t, "type").unwrap_or_default(),
                            value: attr(&t, "value").unwrap_or_default(),
                            text: plain[start..].to_string(),
                            tid,
                        });
                    }
                } else {
                    stripped.push_str(tag);
                }
                i += tag.len();
                continue;
            }
            let (c, n) = if rest.starts_with('&') {
                entity(rest).unwrap_or(('&', 1))
            } else {
                let c = rest.chars().next().unwrap_or('\u{fffd}');
                (c, c.len_utf8())
            };
            let here = stripped.len();
            for _ in 0..c.len_utf8() {
                lo.push(after_last);
                hi.push(here);
            }
            plain.push(c);
            stripped.push_str(&content[i..i + n]);
            after_last = stripped.len();
            i += n;
        }
        lo.push(after_last);
        hi.push(stripped.len());
        timexes.sort_by_key(|t| (t.start, t.end));
        for part in [&raw[..c0], &raw[c1..]] {
            let mut from = 0;
            while let Some(j) = part[from..].find("tid=\"t") {
                let s = from + j + 6;
                let digits: String = part[s..].chars().take_while(char::is_ascii_digit).collect();
                max_tid = max_tid.max(digits.parse().unwrap_or(0));
                from = s;
            }
        }
        Ok(Document {
            raw,
            content: (c0, c1),
            dct: dct_of(raw),
            plain,
            timexes,
            stripped,
            lo,
            hi,
            next_tid: max_tid + 1,
        })
    }

    /// Runs the tagger on the plain text, anchored on the creation time.
    pub fn tag(&self) -> Vec<TimeExpr> {
        dates::tag(&self.plain, self.dct)
    }

    /// The document with its `<TEXT>` TIMEX3s replaced by `exprs` (offsets in [`Self::plain`]).
    /// An expression that would cross other markup (`<EVENT>`) is left out.
    pub fn with_timexes(&self, exprs: &[TimeExpr]) -> String {
        let mut inserts: Vec<(usize, String)> = Vec::new();
        let mut tid = self.next_tid;
        for e in exprs {
            if e.end > self.plain.len()
                || e.start >= e.end
                || !self.plain.is_char_boundary(e.start)
                || !self.plain.is_char_boundary(e.end)
            {
                continue;
            }
            let starts = [self.hi[e.start], self.lo[e.start]];
            // The end of the last character, or after markup that follows it.
            let ends = [self.lo[e.end], self.hi[e.end]];
            let Some((s, en)) = starts
                .iter()
                .flat_map(|&s| ends.iter().map(move |&en| (s, en)))
                .find(|&(s, en)| s < en && balanced(&self.stripped[s..en]))
            else {
                continue;
            };
            if inserts.iter().any(|(p, _)| *p > s && *p < en) {
                continue;
            }
            let open = format!(
                "<TIMEX3 tid=\"t{tid}\" type=\"{}\" value=\"{}\">",
                e.kind.as_str(),
                crate::export::escape_markup(&e.value)
            );
            tid += 1;
            inserts.push((s, open));
            inserts.push((en, "</TIMEX3>".to_string()));
        }
        // Stable order: at one position a closing tag goes before an opening one.
        inserts.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| b.1.starts_with("</").cmp(&a.1.starts_with("</")))
        });
        let mut out = String::with_capacity(self.raw.len() + inserts.len() * 60);
        out.push_str(&self.raw[..self.content.0]);
        let mut at = 0;
        for (p, tag) in &inserts {
            out.push_str(&self.stripped[at..*p]);
            out.push_str(tag);
            at = *p;
        }
        out.push_str(&self.stripped[at..]);
        out.push_str(&self.raw[self.content.1..]);
        out
    }
}

/// True when every tag opened in `s` is closed in `s` and no tag closes one opened outside.
fn balanced(s: &str) -> bool {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else {
            return false;
        };
        let tag = &rest[i + 1..i + j];
        rest = &rest[i + j + 1..];
        if tag.ends_with('/') || tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        if tag.starts_with('/') {
            if stack.pop() != Some(name) {
                return false;
            }
        } else {
            stack.push(name);
        }
    }
    stack.is_empty()
}

/// Tags a TimeML document: strips the TIMEX3s of `<TEXT>`, runs the tagger anchored on the
/// creation time and writes the new TIMEX3s in.
pub fn annotate(raw: &str) -> Result<String, Error> {
    let doc = Document::parse(raw)?;
    Ok(doc.with_timexes(&doc.tag()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" temporalFunction="false" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1" class="OCCURRENCE">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> that profits rose &quot;sharply&quot; in the third quarter.
</TEXT>
</TimeML>
"#;

    #[test]
    fn reads_text_dct_and_gold() {
        let d = Document::parse(DOC).unwrap();
        assert_eq!(d.dct, "1998-08-07".parse().ok());
        assert!(d
            .plain
            .contains("AT&T said Friday that profits rose \"sharply\""));
        assert_eq!(d.timexes.len(), 1);
        let t = &d.timexes[0];
        assert_eq!(&d.plain[t.start..t.end], "Friday");
        assert_eq!((t.kind.as_str(), t.value.as_str()), ("DATE", "1998-08-07"));
    }

    #[test]
    fn writes_timexes_back_at_the_right_raw_offsets() {
        let out = annotate(DOC).unwrap();
        assert!(
            out.contains(r#"<TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>"#),
            "{out}"
        );
        assert!(out.contains(r#">the third quarter</TIMEX3>"#), "{out}");
        assert!(out.contains("AT&amp;T <EVENT"));
        assert!(out.contains("&quot;sharply&quot;"));
        assert_eq!(out.matches("<TIMEX3").count(), 3);
        // The output reads back to the same plain text.
        let again = Document::parse(&out).unwrap();
        assert_eq!(again.plain, Document::parse(DOC).unwrap().plain);
        assert_eq!(again.timexes.len(), 2);
    }

    #[test]
    fn never_crosses_other_markup() {
        let doc = "<TEXT>The <EVENT eid=\"e1\">talks next</EVENT> Monday</TEXT>";
        let d = Document::parse(doc).unwrap();
        let out = d.with_timexes(&d.tag());
        assert!(balanced(&out), "{out}");
    }

    #[test]
    fn missing_text_is_an_error() {
        assert_eq!(annotate("<TimeML></TimeML>").unwrap_err(), Error::NoText);
    }
}
