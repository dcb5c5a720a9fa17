//! The sentence split of [`storyline_model::text::sentences`], without its allocations.
//!
//! Deep links (`#s<n>`) number an article's sentences with the model's split, so this must
//! give exactly the same ranges: it is the same rules, read byte by byte up to the next
//! possible terminator instead of through a vector of every character (checked against
//! the model's function in the tests below).

use std::ops::Range;

/// Abbreviations after which a period does not end a sentence (the model's list).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "rev", "st", "jr", "sr", "co", "corp", "inc", "ltd", "vs", "no", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n",
    "e.g", "i.e", "etc", "approx", "dept", "univ", "mt", "ft", "pres", "gov't", "a.m", "p.m",
];

const ELLIPSIS: &[u8] = "…".as_bytes();

/// The character starting at byte `i` (a char boundary) and its width.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Appends the sentences of `text` to `out`, as the model's `sentences` returns them.
pub(crate) fn sentences_into(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        // The next terminator: `.`, `!`, `?` or `…` (E2 80 A6; E2 only ever leads a
        // character, so a match is at a char boundary).
        let Some(pos) = next_terminator(b, i) else {
            break;
        };
        let c = match b[pos] {
            0xE2 if b[pos..].starts_with(ELLIPSIS) => '…',
            0xE2 => {
                i = pos + 1;
                continue;
            }
            x => x as char,
        };
        // Swallow repeated terminators and closing quotes/brackets.
        let mut j = pos + c.len_utf8();
        while let Some((ch, w)) = char_at(text, j) {
            if matches!(
                ch,
                '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
            ) {
                j += w;
            } else {
                break;
            }
        }
        let end = j;
        // Needs whitespace then a sentence starter.
        let mut k = j;
        let mut next = None;
        while let Some((ch, w)) = char_at(text, k) {
            if ch.is_whitespace() {
                k += w;
            } else {
                next = Some(ch);
                break;
            }
        }
        let saw_space = k > j;
        let starter = match next {
            // Only spaces left: split here or not, the last sentence is the rest, trimmed
            // (the abbreviation check can be skipped).
            None => break,
            Some(ch) => {
                saw_space
                    && (matches!(ch, '"' | '“' | '‘' | '\'' | '(' | '[' | '–' | '—' | '-')
                        || ch.is_uppercase()
                        || ch.is_numeric())
            }
        };
        if starter && !(c == '.' && is_abbreviation(&text[start..pos])) {
            push_trimmed(text, start..end, out);
            start = end;
        }
        i = j;
    }
    push_trimmed(text, start..text.len(), out);
}

/// The first byte at or after `from` that is `.`, `!`, `?` or 0xE2, eight bytes at a time.
fn next_terminator(b: &[u8], from: usize) -> Option<usize> {
    use crate::snippet::{zero_bytes as zero, ONES};
    // The lowest bit set over all masks is the first match.
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let m = zero(x ^ (ONES * u64::from(b'.')))
            | zero(x ^ (ONES * u64::from(b'!')))
            | zero(x ^ (ONES * u64::from(b'?')))
            | zero(x ^ (ONES * 0xE2));
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&x| matches!(x, b'.' | b'!' | b'?' | 0xE2))
        .map(|p| i + p)
}

/// How many sentences `text` has, reusing `buf`.
pub(crate) fn count(text: &str, buf: &mut Vec<Range<usize>>) -> usize {
    buf.clear();
    sentences_into(text, buf);
    buf.len()
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Is the word just before a period an abbreviation or a single-letter initial?
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return true;
        }
    }
    // The abbreviations are at most 6 ASCII bytes: their words have at most 6 characters
    // (each lowercases to at least one byte) of at most 4 bytes.
    if word.len() > 4 * 6 {
        return false;
    }
    if word.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_model::text::sentences;

    fn ours(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        sentences_into(text, &mut out);
        out
    }

    #[test]
    fn splits_like_the_model() {
        for s in [
            "One thing. Another thing! A third?",
            "U.S. President Donald Trump spoke. Then Mr. Putin replied to J. Smith.",
            "He said “stop the madness.” Peskov agreed.",
            "It cost €5.5 billion. ok fine.",
            "   ",
            "",
            "Wait… What? (Yes.) [No!] “Quoted.” ‘Single.’ – Dash. — Em. - Hyphen. 42 is a number.",
            "Ends with an abbreviation Mr.",
            "Gen. Keen arrived.  Two  spaces.\u{a0}Nbsp. \u{2003}Em space.",
            "é. É. ÉCOLE. Ⅻ. ǅ. ß. a.b. A.B. etc. Etc. MRS. Mrs. gov't. GOV'T.",
            "a…… b…? C?!\" D.'' E",
            "x\u{2026}\u{2026}. Y",
        ] {
            assert_eq!(ours(s), sentences(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_the_model(s in "([a-zA-Z0-9 .!?…\"'”’)\\]“‘(\\[–—\u{a0}\u{2003}éÉßǅⅫ-]|Mr|mrs|U\\.S|gen|etc|\\PC){0,160}") {
            proptest::prop_assert_eq!(ours(&s), sentences(&s));
        }

        #[test]
        fn matches_the_model_on_any_text(s in "\\PC{0,200}") {
            proptest::prop_assert_eq!(ours(&s), sentences(&s));
        }
    }
}
