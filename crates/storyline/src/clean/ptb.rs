//! Penn Treebank tokenized text (as research corpora ship news: Timeline17) back into prose.
//!
//! Such text has every token spaced out (`Obama 's plan , the `` deal '' -LRB- BP -RRB- .`),
//! bracket escapes that become entities ("LRB"), escaped `\*` and `\/`, and quote marks no
//! reader expects. Only text that shows the escapes or spaced sentence ends is touched;
//! prose is left alone.

use regex::Regex;
use std::sync::LazyLock;

/// Whether `text` is Penn Treebank tokenized: it holds a bracket escape or a `` ` ` ``
/// quote (neither occurs in prose), or most of its sentence-long lines end in a spaced
/// full stop (`… the deal .`).
pub fn is_tokenized(text: &str) -> bool {
    if ["-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-", "``"]
        .iter()
        .any(|t| text.contains(t))
    {
        return true;
    }
    let (mut long, mut spaced) = (0usize, 0usize);
    for line in text.lines().map(str::trim_end) {
        if line.split_whitespace().count() < 6 {
            continue;
        }
        long += 1;
        if [" .", " ?", " !"].iter().any(|end| line.ends_with(end)) {
            spaced += 1;
        }
    }
    long >= 3 && spaced * 2 > long
}

/// `text` with the escapes undone and the tokens joined as English prose writes them;
/// lines stay lines.
pub fn detokenize(text: &str) -> String {
    rejoin_tickers(text)
        .lines()
        .map(line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A stock ticker the tokenizer took for a sentence's end and broke the line at
/// ("BP -LRB- BP .\nL -RRB- Chief Executive Bob Dudley…", or with the opening bracket
/// lost: "Exxon XOM .\nN -RRB- settled…"), written whole again: "BP.L".
fn rejoin_tickers(text: &str) -> std::borrow::Cow<'_, str> {
    static TICKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b([A-Z]{1,6}) \. *\r?\n([A-Z]{1,2}) -RRB-").expect("valid regex")
    });
    TICKER.replace_all(text, "$1.$2 -RRB-")
}

fn line(l: &str) -> String {
    static RULES: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
        [
            // A space before what attaches to the word before it.
            (r" +([,.;:!?%)\]}”’]|\.\.\.)", "$1"),
            // Contractions and possessives: `Obama 's`, `do n't`.
            (r"(?i)(\w) +('s|'re|'ve|'ll|'d|'m|n't)\b", "$1$2"),
            (r"(\w)s +' ", "${1}s' "),
            // A space after what attaches to the word after it.
            (r"([(\[{“‘$]) +", "$1"),
        ]
        .into_iter()
        .map(|(re, to)| (Regex::new(re).expect("valid regex"), to))
        .collect()
    });
    let mut s = l
        .replace("-LRB-", "(")
        .replace("-RRB-", ")")
        .replace("-LSB-", "[")
        .replace("-RSB-", "]")
        .replace("-LCB-", "{")
        .replace("-RCB-", "}")
        .replace("``", "“")
        .replace("''", "”")
        .replace("\\*", "*")
        .replace("\\/", "/");
    // A lone backquote opens a single quote (`` `Yes , ' he said ``).
    if s.contains('`') {
        s = s.replace('`', "‘");
        s = s.replace(" ' ", "’ ");
    }
    for (re, to) in RULES.iter() {
        s = re.replace_all(&s, *to).into_owned();
    }
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenized_lines_become_prose() {
        for (ptb, prose) in [
            (
                "Obama 's transition team agrees to meet Capitol Hill leaders .",
                "Obama's transition team agrees to meet Capitol Hill leaders.",
            ),
            (
                "BP -LRB- British Petroleum -RRB- said the $ 700 billion plan is n't enough , analysts say .",
                "BP (British Petroleum) said the $700 billion plan isn't enough, analysts say.",
            ),
            (
                "`` We will stop the leak , '' Hayward said on June 2 , 2010 .",
                "“We will stop the leak,” Hayward said on June 2, 2010.",
            ),
            (
                "The rate rose 5 % ; officials -LSB- sic -RSB- were `` surprised '' ...",
                "The rate rose 5%; officials [sic] were “surprised”...",
            ),
            ("`Yes , ' he said .", "‘Yes,’ he said."),
            ("The workers ' union met .", "The workers' union met."),
            ("Is it over ?", "Is it over?"),
            (
                "\\* Lawsuit filed 24\\/7 on behalf of Louisiana",
                "* Lawsuit filed 24/7 on behalf of Louisiana",
            ),
        ] {
            assert_eq!(line(ptb), prose, "{ptb}");
        }
    }

    #[test]
    fn only_tokenized_text_is_detected() {
        // Timeline17's plain text: spaced full stops, escapes.
        assert!(is_tokenized("BP -LRB- British Petroleum -RRB- said"));
        assert!(is_tokenized("He said `` no '' to it"));
        let spaced = "The latest five minute news bulletin from BBC World Service .\n\
                      We discuss the calls for BP not to pay dividends to shareholders .\n\
                      The leak was capped on Thursday after many weeks of trying .\n";
        assert!(is_tokenized(spaced));
        // Prose, even with a stray spaced stop or quotes written as two apostrophes.
        let prose = "Russia and Ukraine met in Istanbul on June 2 for a second round.\n\
                     Delegations exchanged memorandums , officials said.\n\
                     The talks lasted just over an hour, according to Turkish officials.\n\
                     He called it ''a good start''.\n";
        assert!(!is_tokenized(prose));
        assert!(!is_tokenized("Short .\nLines .\nOnly ."));
    }

    #[test]
    fn a_ticker_broken_over_two_lines_is_whole_again() {
        assert_eq!(
            detokenize(
                "LONDON - BP -LRB- BP . \nL -RRB- Chief Executive Bob Dudley said .\nNext ."
            ),
            "LONDON - BP (BP.L) Chief Executive Bob Dudley said.\nNext."
        );
        assert_eq!(
            detokenize("In comparison , Exxon XOM . \nN -RRB- settled claims in 1991 ."),
            "In comparison, Exxon XOM.N) settled claims in 1991."
        );
    }

    #[test]
    fn lines_stay_lines() {
        assert_eq!(
            detokenize("Title here\n\nFirst line , one .\nSecond ."),
            "Title here\n\nFirst line, one.\nSecond."
        );
    }
}
