//! Pull quotes (BBC style) run into the text: a quote repeated from the article, the
//! marker "End Quote", and its speaker's name and title, glued to the next sentence.
//!
//! Scraped BBC pages (Timeline17's BBC articles) read `… the ability to pay” End Quote
//! Michael Flanagan Conrad Murray's co-counsel It was something …`. The quote is page
//! furniture (a copy of a quote in the article), and the name run makes entities such as
//! "End Quote Robert Peston" and sentences that start mid-caption. The pull quote, the
//! marker and the caption are removed; a marker whose caption's end cannot be told is
//! left alone.

/// Words that open a sentence: the first of them after the marker ends the caption.
const OPENERS: &[&str] = &[
    "It",
    "The",
    "He",
    "She",
    "They",
    "We",
    "I",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "In",
    "On",
    "At",
    "As",
    "After",
    "Before",
    "Meanwhile",
    "However",
    "When",
    "While",
    "If",
    "Its",
    "His",
    "Her",
    "Their",
    "Our",
    "So",
    "Yet",
    "Now",
    "Then",
];

/// Lowercase words inside a caption's name ("Chris Reddy of the Woods Hole Oceanographic
/// Institute"): a capital after them does not start a sentence.
const CONNECTORS: &[&str] = &["of", "the", "and", "for", "de", "at", "on", "in"];

/// The caption is at most this many words.
const MAX_CAPTION: usize = 12;

/// `paragraph` without its pull quotes; `None` when it has none that can be removed.
pub fn strip(paragraph: &str) -> Option<String> {
    const MARKER: &str = "End Quote";
    let mut out = paragraph.to_string();
    let mut changed = false;
    let mut from = 0;
    while let Some(at) = out[from..].find(MARKER).map(|i| from + i) {
        let after = at + MARKER.len();
        let Some(end) = caption_end(&out[after..]).map(|e| after + e) else {
            from = after;
            continue;
        };
        let start = quote_start(&out[..at]).unwrap_or(at);
        let kept = format!("{} {}", out[..start].trim_end(), out[end..].trim_start());
        out = kept.trim().to_string();
        from = start.min(out.len());
        changed = true;
    }
    changed.then_some(out)
}

/// Where the pull quote before the marker opens: the opening mark of the quote that
/// closes right before it.
fn quote_start(before: &str) -> Option<usize> {
    let trimmed = before.trim_end();
    let close = trimmed.chars().last()?;
    let body = &trimmed[..trimmed.len() - close.len_utf8()];
    match close {
        '”' => body.rfind('“'),
        '"' => body.rfind('"'),
        '’' => body.rfind('‘'),
        _ => None,
    }
}

/// The byte offset in `rest` (the text after the marker) where the caption ends: before
/// a sentence opener, a capital after a lowercase word, or an opening quote; the end of
/// the paragraph if it comes within [`MAX_CAPTION`] words. `None` when no end is found.
fn caption_end(rest: &str) -> Option<usize> {
    let mut prev_lower = false;
    let mut words = 0;
    for (pos, word) in word_offsets(rest) {
        let first = word.chars().next()?;
        let bare = word.trim_end_matches([',', '.', ';', ':']);
        let starts = words > 0
            && (OPENERS.contains(&bare)
                || (first.is_uppercase() && prev_lower)
                || matches!(first, '“' | '"' | '‘'));
        if starts {
            return Some(pos);
        }
        words += 1;
        if words > MAX_CAPTION {
            return None;
        }
        prev_lower = first.is_lowercase() && !CONNECTORS.contains(&bare);
    }
    Some(rest.len())
}

/// Whitespace-separated words with their byte offsets.
fn word_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_quotes_and_their_captions_go() {
        let cases = [
            (
                "He said so in court. “He is simply not going to have the ability to pay” End Quote Michael Flanagan Conrad Murray's co-counsel It was something Murray himself had said.",
                "He said so in court. It was something Murray himself had said.",
            ),
            (
                "“There is no evidence of BP's involvement” End Quote William Hague UK Foreign Secretary The Libyan well is deeper than the well that leaked.",
                "The Libyan well is deeper than the well that leaked.",
            ),
            (
                "“Help came too late” End Quote Kathy Jorrie AEG Live lawyer Meanwhile, Mr Muhammad confirmed he saw it.",
                "Meanwhile, Mr Muhammad confirmed he saw it.",
            ),
            (
                "“The oil is moving east” End Quote Dr Chris Reddy of the Woods Hole Oceanographic Institute",
                "",
            ),
            (
                "“He's pumping the chest” End Quote Alberto Alvarez Bodyguard, 911 call “He's not responding,” he said.",
                "“He's not responding,” he said.",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(strip(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn other_text_is_left_alone() {
        // No marker; a caption that does not end within a dozen words.
        assert_eq!(strip("“It is over,” she said at the End of the day."), None);
        let endless = "“No” End Quote One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen";
        assert_eq!(strip(endless), None);
    }
}
