//! Turns text into index terms: the shared tokenizer, English stopwords and stemming.

use rust_stemmers::{Algorithm, Stemmer};
use std::ops::Range;
use storyline_model::text::tokenize;

/// Words too common to index. Queries drop them too, except inside `"phrases"`, where
/// they are checked against the text.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "during", "each", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "s", "same",
    "she", "should", "so", "some", "such", "t", "than", "that", "the", "their", "theirs", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until",
    "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "would", "you", "your", "yours",
];

/// Is this folded word a stopword?
pub fn is_stopword(folded: &str) -> bool {
    STOPWORDS.binary_search(&folded).is_ok()
}

/// One indexable token: its stemmed term and its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    pub range: Range<usize>,
}

/// Stems folded words with the Snowball English stemmer.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(english)")
    }
}

impl Analyzer {
    /// The index term of a folded word: words of letters are stemmed, anything holding a
    /// digit (years, numbers, `h1n1`) is kept as is.
    pub fn stem(&self, folded: &str) -> String {
        if folded.len() < 3 || folded.chars().any(|c| c.is_numeric()) {
            return folded.to_string();
        }
        self.stemmer.stem(folded).into_owned()
    }

    /// The index terms of a text, stopwords left out.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        tokenize(text)
            .into_iter()
            .filter(|t| !is_stopword(&t.term))
            .map(|t| Term {
                term: self.stem(&t.term),
                range: t.range,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stopword("the") && !is_stopword("talks"));
    }

    #[test]
    fn stems_words_but_not_numbers() {
        let a = Analyzer::default();
        assert_eq!(a.stem("talks"), a.stem("talk"));
        assert_eq!(a.stem("negotiations"), a.stem("negotiate"));
        assert_eq!(a.stem("2025"), "2025");
        let terms: Vec<_> = a
            .terms("The talks in Türkiye")
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(terms, ["talk", "turkiy"]);
    }
}
