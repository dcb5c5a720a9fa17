//! Readers' comments under an article ("… Posted by: kirk | September 19, 2008 11:00 AM |
//! Report abuse …") cut off: they are not the article, and their timestamps are not events.
//!
//! A comment is recognised by its signature: "Posted by: NAME | DATE TIME | Report abuse".
//! Comments follow the article, so the article ends before the first paragraph holding
//! one. A comment's text comes before its signature, so the first comment starts earlier
//! still: where the post signs off ("By NAME | DATE; TIME ET"), when it does before the
//! first comment. Text before that sign-off in its paragraph is the post's and stays.

use regex::Regex;
use std::sync::LazyLock;

/// A comment's signature.
static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)Posted by\s*:\s*[^|\n]{1,80}\|[^|\n]{0,40}\d{1,2}:\d{2}\s*[AP]\.?M\.?[^|\n]{0,8}\|\s*Report abuse",
    )
    .expect("valid regex")
});

/// A blog post's sign-off: "By Dan Froomkin | February 2, 2009; 1:40 PM ET".
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\bBy [\p{Lu}][^|\n]{1,80}\| [\p{Lu}][a-z]+\.? \d{1,2},? \d{4}\s*;\s*\d{1,2}:\d{2}\s*[AP]M(?: [A-Z]{2,4})?",
    )
    .expect("valid regex")
});

/// Cuts the comments off `paragraphs`; returns how many paragraphs it removed. Text with
/// nothing before its first comment is left whole: there is no article to keep.
pub fn cut_comments(paragraphs: &mut Vec<String>) -> usize {
    let Some(first) = paragraphs.iter().position(|p| COMMENT.is_match(p)) else {
        return 0;
    };
    let before = paragraphs.len();
    let sign_off = (0..=first).rev().find_map(|i| {
        let m = SIGN_OFF.find(&paragraphs[i])?;
        // In the first comment's own paragraph only a sign-off before its signature counts.
        (i < first
            || COMMENT
                .find(&paragraphs[i])
                .is_some_and(|c| m.start() < c.start()))
        .then_some((i, m.start()))
    });
    let nothing_left = match sign_off {
        Some((i, at)) => i == 0 && paragraphs[0][..at].trim().is_empty(),
        None => first == 0,
    };
    if nothing_left {
        return 0;
    }
    match sign_off {
        Some((i, at)) => {
            let kept = paragraphs[i][..at].trim_end().to_string();
            paragraphs.truncate(i);
            if !kept.is_empty() {
                paragraphs.push(kept);
            }
        }
        None => paragraphs.truncate(first),
    }
    before - paragraphs.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(ps: &[&str]) -> (usize, Vec<String>) {
        let mut v: Vec<String> = ps.iter().map(|s| s.to_string()).collect();
        let n = cut_comments(&mut v);
        (n, v)
    }

    #[test]
    fn comments_go_from_the_sign_off_on() {
        // Timeline17, Finan_washingtonpost 2009-02-02 (prose after clean::ptb).
        let (n, v) = cut(&[
            "None of the options, Obama Administration officials admit, are ideal.",
            "By Dan Froomkin | February 2, 2009; 1:40 PM ET We can recoup some of the cost by sending Republican congress members home.",
            "It would even work to their benefit if Obama took up their idea.",
            "and if people spend tax cuts the money goes to China!!! Posted by: knjincvc | February 2, 2009 3:35 PM | Report abuse The currently designed stimulus…",
            "That's nearly $17,000 per American.",
        ]);
        assert_eq!(n, 4);
        assert_eq!(
            v,
            ["None of the options, Obama Administration officials admit, are ideal."]
        );
    }

    #[test]
    fn the_posts_text_before_its_sign_off_stays() {
        let (n, v) = cut(&[
            "The article.",
            "(Photo credit: Brendan Smialowski -- Bloomberg News Photo) By Ezra Klein | May 29, 2009; 10:56 AM ET I'm so glad to see you expanding your expertise.",
            "Keep up the good work. Posted by: 4thFloor | May 29, 2009 9:28 AM | Report abuse I actually asked Gorton",
        ]);
        assert_eq!(n, 1);
        assert_eq!(
            v,
            [
                "The article.",
                "(Photo credit: Brendan Smialowski -- Bloomberg News Photo)"
            ]
        );
    }

    #[test]
    fn without_a_sign_off_the_article_ends_at_the_first_comment() {
        let (n, v) = cut(&[
            "McCain spokesman Brian Rogers points to three items in the Washington Post.",
            "Really poor judgement by Obama to involve Johnson Posted by: kirk | September 19, 2008 11:00 AM | Report abuse Trust the McCain campaign to come forth with another lie.",
            "Republicans want less government. Posted by: independent | September 19, 2008 12:25 PM | Report abuse",
        ]);
        assert_eq!(n, 2);
        assert_eq!(
            v,
            ["McCain spokesman Brian Rogers points to three items in the Washington Post."]
        );
    }

    #[test]
    fn articles_without_comments_are_untouched() {
        for ps in [
            // A byline with a time, but no comment after it.
            &["By Chris Cillizza | September 16, 2008; 6:32 AM ET If Wall Street were lending money, it would be news.", "More text."][..],
            // Nothing but comments: no article to keep, so nothing is cut.
            &["Trust the McCain campaign. Posted by: kirk | September 19, 2008 11:00 AM | Report abuse", "More."][..],
            // Words of a comment signature in running text.
            &["He posted by mail a letter asking readers to report abuse.", "Another paragraph."][..],
        ] {
            let (n, v) = cut(ps);
            assert_eq!(n, 0);
            assert_eq!(v, ps.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        }
    }
}
