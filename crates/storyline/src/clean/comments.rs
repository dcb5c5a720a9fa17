//! Readers' comments under an article cut off: they are not the article, and their
//! timestamps are not events.
//!
//! A comment is recognised by its signature, of one of two kinds. One follows the comment
//! ("… Posted by: kirk | September 19, 2008 11:00 AM | Report abuse"): the first comment
//! then starts before its signature, where the post signs off ("By NAME | DATE; TIME
//! ET") when it does, else at the paragraph holding the signature. The other opens the
//! comment ("At 19:35 1st Jun 2010, Secr3t wrote: …", "On 09 Jun 2010, coastwalker
//! wrote: …"), whose name is one word, as a reader's handle is. Comments follow the
//! article, so the article ends where the first comment starts; text before that point
//! in its paragraph is the article's and stays.

use regex::Regex;
use std::sync::LazyLock;

/// A signature after a comment.
static POSTED_BY: LazyLock<Regex> = LazyLock::new(|| {
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

/// A signature opening a comment: "At 10:49 am on 02 Feb 2010, Lisy wrote:" (group `at`
/// holds the time), or "On 09 Jun 2010, coastwalker wrote:".
static WROTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:(?P<at>At \d{1,2}:\d{2}(?:\s*[ap]m)?(?: on)? )|On )\d{1,2}(?:st|nd|rd|th)? [\p{Lu}][a-z]{2,8} \d{4}, [^\s,:]{1,40} wrote:",
    )
    .expect("valid regex")
});

/// Where the comments start: a paragraph and a byte offset in it.
fn comments_start(paragraphs: &[String]) -> Option<(usize, usize)> {
    let after = paragraphs
        .iter()
        .position(|p| POSTED_BY.is_match(p))
        .map(|first| {
            (0..=first)
                .rev()
                .find_map(|i| {
                    let m = SIGN_OFF.find(&paragraphs[i])?;
                    // In the first comment's own paragraph only a sign-off before its
                    // signature counts.
                    (i < first
                        || POSTED_BY
                            .find(&paragraphs[i])
                            .is_some_and(|c| m.start() < c.start()))
                    .then_some((i, m.start()))
                })
                .unwrap_or((first, 0))
        });
    // "On 3 May 2010, Reuters wrote:" may be a quotation in the news; a signature with its
    // time, or two without, is a comment.
    let opening: Vec<(usize, usize, bool)> = paragraphs
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            WROTE
                .captures_iter(p)
                .filter_map(move |c| Some((i, c.get(0)?.start(), c.name("at").is_some())))
        })
        .collect();
    let before = opening
        .iter()
        .find(|&&(.., timed)| timed)
        .or_else(|| opening.get(1).and(opening.first()))
        .map(|&(i, at, _)| (i, at));
    after.into_iter().chain(before).min()
}

/// What [`cut_comments`] removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// Paragraphs removed whole (the one the comments start in, if text of the article
    /// stays before them, is kept shortened and not counted).
    pub paragraphs: usize,
    /// The start of the removed text, for the report.
    pub from: String,
}

/// Cuts the comments off `paragraphs`. Text with nothing before its first comment is left
/// whole: there is no article to keep.
pub fn cut_comments(paragraphs: &mut Vec<String>) -> Option<Cut> {
    let (i, at) = comments_start(paragraphs)?;
    let kept = paragraphs[i][..at].trim_end().to_string();
    if i == 0 && kept.is_empty() {
        return None;
    }
    let from: String = paragraphs[i][at..].chars().take(60).collect();
    let before = paragraphs.len();
    paragraphs.truncate(i);
    if !kept.is_empty() {
        paragraphs.push(kept);
    }
    Some(Cut {
        paragraphs: before - paragraphs.len(),
        from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(ps: &[&str]) -> (usize, Vec<String>) {
        let mut v: Vec<String> = ps.iter().map(|s| s.to_string()).collect();
        let n = cut_comments(&mut v).map_or(0, |c| c.paragraphs);
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
    fn comments_that_open_with_their_signature() {
        // Timeline17, H1N1_bbc 2009-04-25 and haiti_bbc 2010-01-31.
        let (n, v) = cut(&[
            "The next few days and weeks will be crucial.",
            "At 12:19 26th Apr 2009, barriesingleton wrote: This comment was removed because the moderators found it broke the house rules.",
            "At 15:18 26th Apr 2009, Y wrote: Why is it that young adults are more affected?",
        ]);
        assert_eq!(n, 2);
        assert_eq!(v, ["The next few days and weeks will be crucial."]);
        let (n, v) = cut(&[
            "Thanks go to Fondation Jaime Haiti for permission to publish these photos.",
            "Photos by Lisa Gordon. At 10:49 am on 02 Feb 2010, Lisy wrote: As well as mentioning the DEC…",
            "Would like to see more articles like this please.",
        ]);
        assert_eq!(n, 1);
        assert_eq!(
            v,
            [
                "Thanks go to Fondation Jaime Haiti for permission to publish these photos.",
                "Photos by Lisa Gordon."
            ]
        );
        // Untimed signatures: two make a comment section.
        let (n, _) = cut(&[
            "The post.",
            "On 09 Jun 2010, Mel0dymaker wrote: I hear many Americans saying…",
            "On 10 Jun 2010, coastwalker wrote: Is Obama about to bankrupt BP?",
        ]);
        assert_eq!(n, 2);
        let mut v = vec![
            "The post.".to_string(),
            "At 15:18 26th Apr 2009, Y wrote: Why?".to_string(),
        ];
        let c = cut_comments(&mut v).unwrap();
        assert_eq!(c.from, "At 15:18 26th Apr 2009, Y wrote: Why?");
    }

    #[test]
    fn articles_without_comments_are_untouched() {
        for ps in [
            // A byline with a time, but no comment after it.
            &["By Chris Cillizza | September 16, 2008; 6:32 AM ET If Wall Street were lending money, it would be news.", "More text."][..],
            // Nothing but comments: no article to keep, so nothing is cut.
            &["Trust the McCain campaign. Posted by: kirk | September 19, 2008 11:00 AM | Report abuse", "More."][..],
            // A letter quoted by its author's full name is news, not a comment.
            &["The minister replied.", "On 12 May 2010, John Smith wrote: the plan is sound."][..],
            // One untimed "On …, Reuters wrote:" is a quotation.
            &["The minister replied.", "On 3 May 2010, Reuters wrote: the plan is sound."][..],
            // Words of a comment signature in running text.
            &["He posted by mail a letter asking readers to report abuse.", "Another paragraph."][..],
        ] {
            let (n, v) = cut(ps);
            assert_eq!(n, 0);
            assert_eq!(v, ps.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        }
    }
}
