//! Text segmentation shared by the pipeline and the app: sentences and search tokens.
//!
//! The pipeline cites sentences by their index and the app highlights them by recomputing
//! the same split, so both sides must use exactly this code.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Abbreviations after which a period does not end a sentence (lowercase, no period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "rev", "st", "jr", "sr", "co", "corp", "inc", "ltd", "vs", "no", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n",
    "e.g", "i.e", "etc", "approx", "dept", "univ", "mt", "ft", "pres", "gov't", "a.m", "p.m",
];

/// Splits a paragraph into sentences, as byte ranges (trimmed of surrounding spaces).
///
/// A sentence ends at `.`, `!` or `?` (plus any closing quotes or brackets) followed by
/// whitespace and a character that can start a sentence, unless the period closes a known
/// abbreviation or a single initial ("J. Smith").
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // Swallow repeated terminators and closing quotes/brackets.
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
                )
            {
                j += 1;
            }
            let end = if j < chars.len() {
                chars[j].0
            } else {
                text.len()
            };
            // Needs whitespace then a sentence starter.
            let mut k = j;
            let mut saw_space = false;
            while k < chars.len() && chars[k].1.is_whitespace() {
                saw_space = true;
                k += 1;
            }
            let next = chars.get(k).map(|&(_, ch)| ch);
            let starter = match next {
                None => true,
                Some(ch) => {
                    saw_space
                        && (ch.is_uppercase()
                            || ch.is_numeric()
                            || matches!(ch, '"' | '“' | '‘' | '\'' | '(' | '[' | '–' | '—' | '-'))
                }
            };
            if starter && !(c == '.' && is_abbreviation(&text[start..pos])) {
                push_trimmed(text, start..end, &mut out);
                start = end;
            }
            i = j.max(i + 1);
            let _ = pos;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
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
    let lower = word.to_lowercase();
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let single_initial = word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase());
    let _ = letters.next();
    single_initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// Folds a word for matching: lowercase, accents removed (`Türkiye` → `turkiye`).
pub fn fold(word: &str) -> String {
    // ASCII has no decompositions, no combining marks and only ASCII lowercase forms.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    fold_unicode(word)
}

fn fold_unicode(word: &str) -> String {
    word.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'ß' => 's',
            'ø' => 'o',
            'ł' => 'l',
            'đ' => 'd',
            'ı' => 'i',
            c => c,
        })
        .collect()
}

/// A token of text: its folded form and its byte range in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub range: Range<usize>,
}

/// Splits text into folded word tokens. Apostrophes inside words are kept out of the term
/// (`Russia's` → `russia`, `s` dropped), hyphenated words give their parts.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_word(text, |range| {
        let term = fold(&text[range.clone()]);
        if !term.is_empty() {
            out.push(Token { term, range });
        }
    });
    out
}

/// Calls `f` with the byte range of every word of `text`, in order, unfolded: the words
/// [`tokenize`] folds (it also drops the rare word that folds to nothing). Runs of
/// alphanumeric characters; an apostrophe (`'` or `’`) after a word ends it and a lone `s`
/// after it (`Russia's`) is skipped. Allocates nothing, and reads ASCII byte by byte.
pub fn for_each_word(text: &str, mut f: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let (c, width) = if bytes[i] < 0x80 {
            (bytes[i] as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if matches!(c, '\'' | '’') && start.is_some() {
            // "Russia's": end the word here and skip a following lone "s".
            if let Some(s) = start.take() {
                f(s..i);
            }
            let next = i + width;
            if bytes.get(next) == Some(&b's')
                && text[next + 1..]
                    .chars()
                    .next()
                    .is_none_or(|n| !n.is_alphanumeric())
            {
                i = next + 1;
                continue;
            }
        } else if let Some(s) = start.take() {
            f(s..i);
        }
        i += width;
    }
    if let Some(s) = start {
        f(s..bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            split("One thing. Another thing! A third?"),
            ["One thing.", "Another thing!", "A third?"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            split("U.S. President Donald Trump spoke. Then Mr. Putin replied to J. Smith."),
            [
                "U.S. President Donald Trump spoke.",
                "Then Mr. Putin replied to J. Smith."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            split("He said “stop the madness.” Peskov agreed."),
            ["He said “stop the madness.”", "Peskov agreed."]
        );
    }

    #[test]
    fn decimals_and_lowercase_continuations_do_not_split() {
        assert_eq!(
            split("It cost €5.5 billion. ok fine."),
            ["It cost €5.5 billion. ok fine."]
        );
    }

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(sentences("   ").is_empty());
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("ZELENSKYY"), "zelenskyy");
        assert_eq!(fold("Ngũgĩ"), "ngugi");
    }

    #[test]
    fn tokenizes_with_offsets() {
        let t = tokenize("Russia's talks, in Türkiye");
        let terms: Vec<_> = t.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, ["russia", "talks", "in", "turkiye"]);
        assert_eq!(&"Russia's talks, in Türkiye"[t[3].range.clone()], "Türkiye");
    }

    proptest::proptest! {
        #[test]
        fn sentences_are_ordered_nonempty_and_in_bounds(s in "\\PC{0,200}") {
            let mut last = 0;
            for r in sentences(&s) {
                proptest::prop_assert!(r.start >= last && r.start < r.end && r.end <= s.len());
                proptest::prop_assert!(!s[r.clone()].trim().is_empty());
                last = r.end;
            }
        }

        #[test]
        fn tokens_are_in_bounds(s in "\\PC{0,200}") {
            for t in tokenize(&s) {
                proptest::prop_assert!(s.get(t.range.clone()).is_some());
            }
        }

        #[test]
        fn fold_fast_path_matches_the_unicode_fold(s in "[ -~]{0,40}|\\PC{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_unicode(&s));
        }

        #[test]
        fn tokenize_matches_the_reference(s in "([A-Za-z0-9 .,'’sßé-]|\\PC){0,120}") {
            proptest::prop_assert_eq!(tokenize(&s), reference_tokenize(&s));
        }
    }

    /// The char-by-char tokenizer `tokenize` replaced, kept to check they agree.
    fn reference_tokenize(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let flush = |start: &mut Option<usize>, end: usize, out: &mut Vec<Token>| {
            if let Some(s) = start.take() {
                let term = fold_unicode(&text[s..end]);
                if !term.is_empty() {
                    out.push(Token {
                        term,
                        range: s..end,
                    });
                }
            }
        };
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
            } else if matches!(c, '\'' | '’') && start.is_some() {
                flush(&mut start, i, &mut out);
                if let Some(&(_, 's')) = chars.peek() {
                    let mut look = chars.clone();
                    look.next();
                    if look.peek().is_none_or(|&(_, n)| !n.is_alphanumeric()) {
                        chars.next();
                    }
                }
            } else {
                flush(&mut start, i, &mut out);
            }
        }
        flush(&mut start, text.len(), &mut out);
        out
    }

    #[test]
    fn tokenizes_possessives_and_apostrophes_like_the_reference() {
        for s in [
            "Russia's talks",
            "players' s",
            "it’s",
            "O'Brien's",
            "s's",
            "x's",
            "ß's",
            "'s",
            "don't stop",
            "rock 'n' roll",
            "Ngũgĩ's",
            "a'",
            "a’s’s",
        ] {
            assert_eq!(tokenize(s), reference_tokenize(s), "{s}");
        }
    }
}
