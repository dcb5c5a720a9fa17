//! Parses the query language: words, `"exact phrases"`, `-excluded` words or phrases, and
//! a prefix on the last word while the user is still typing it.

use storyline_model::text::tokenize;

/// A query as typed, split into its parts. Words and phrase tokens are folded (lowercase,
/// no accents) but not stemmed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Words that should match, in order.
    pub words: Vec<QueryWord>,
    /// Phrases that must match exactly (stopwords included).
    pub phrases: Vec<Vec<String>>,
    /// Words whose documents are left out (`-word`).
    pub excluded_words: Vec<String>,
    /// Phrases whose documents are left out (`-"some phrase"`).
    pub excluded_phrases: Vec<Vec<String>>,
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    /// The word folded (lowercase, no accents), not stemmed.
    pub folded: String,
    /// The last word of a query that does not end in a space: the user may still be typing.
    pub prefix: bool,
}

impl ParsedQuery {
    /// True when there is no word and no phrase to match (whatever it excludes).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

/// Parses a query. Never fails: unbalanced quotes close at the end of the query and a lone
/// `-` is ignored.
pub fn parse(query: &str) -> ParsedQuery {
    let mut out = ParsedQuery::default();
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    let mut i = 0;
    // Whether the last thing read was a bare positive word (a candidate for prefix).
    let mut last_bare_word = false;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            last_bare_word = false;
            continue;
        }
        let mut negated = false;
        if matches!(c, '-' | '−') && chars.get(i + 1).is_some_and(|&(_, n)| !n.is_whitespace()) {
            negated = true;
            i += 1;
        }
        let start = chars[i].0;
        if is_quote(chars[i].1) {
            let body_start = start + chars[i].1.len_utf8();
            let mut j = i + 1;
            while j < chars.len() && !is_quote(chars[j].1) {
                j += 1;
            }
            let body_end = chars.get(j).map_or(query.len(), |&(p, _)| p);
            let tokens: Vec<String> = tokenize(&query[body_start..body_end])
                .into_iter()
                .map(|t| t.term)
                .collect();
            if !tokens.is_empty() {
                if negated {
                    out.excluded_phrases.push(tokens);
                } else {
                    out.phrases.push(tokens);
                }
            }
            i = j + 1;
            last_bare_word = false;
            continue;
        }
        let mut j = i;
        while j < chars.len() && !chars[j].1.is_whitespace() && !is_quote(chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(query.len(), |&(p, _)| p);
        let tokens = tokenize(&query[start..end]);
        if negated {
            out.excluded_words
                .extend(tokens.into_iter().map(|t| t.term));
            last_bare_word = false;
        } else {
            last_bare_word = !tokens.is_empty();
            out.words.extend(tokens.into_iter().map(|t| QueryWord {
                folded: t.term,
                prefix: false,
            }));
        }
        i = j;
    }
    if last_bare_word {
        if let Some(w) = out.words.last_mut() {
            w.prefix = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &ParsedQuery) -> Vec<(&str, bool)> {
        q.words
            .iter()
            .map(|w| (w.folded.as_str(), w.prefix))
            .collect()
    }

    #[test]
    fn splits_words_phrases_and_exclusions() {
        let q = parse(r#"Istanbul "peace talks" -Germany -"prisoner swap" Türkiye "#);
        assert_eq!(words(&q), [("istanbul", false), ("turkiye", false)]);
        assert_eq!(q.phrases, [vec!["peace".to_string(), "talks".into()]]);
        assert_eq!(q.excluded_words, ["germany"]);
        assert_eq!(
            q.excluded_phrases,
            [vec!["prisoner".to_string(), "swap".into()]]
        );
    }

    #[test]
    fn last_word_is_a_prefix_only_while_typing() {
        assert_eq!(
            words(&parse("peace negot")),
            [("peace", false), ("negot", true)]
        );
        assert_eq!(
            words(&parse("peace negot ")),
            [("peace", false), ("negot", false)]
        );
        assert_eq!(words(&parse("peace \"negot\"")), [("peace", false)]);
    }

    #[test]
    fn tolerates_odd_input() {
        assert!(parse("").is_empty());
        assert!(parse(" - \" ").is_empty());
        assert_eq!(
            parse("\"open phrase").phrases,
            [vec!["open".to_string(), "phrase".into()]]
        );
        assert_eq!(words(&parse("a-b")), [("a", false), ("b", true)]);
    }
}
