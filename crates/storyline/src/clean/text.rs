//! Plain-text cleaning: line rules that drop scraped boilerplate (kickers, share widgets,
//! "Also read:" teasers, ads, comment forms, related-story blocks, captions) and find the
//! headline, publisher, byline and date the text states. Also used on the text that the
//! HTML, Markdown and JSON readers extract.

use super::{dateline, meta, ptb, Cleaned, Skip};
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

/// Collapses runs of whitespace (NBSP and other Unicode spaces included) into one space.
pub fn squash_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in
        s.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' || c == '\u{feff}')
    {
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Words in a line; in Chinese, Japanese and Korean text, every two ideographs count as one.
fn words(line: &str) -> usize {
    let spaced = line.split_whitespace().count();
    let cjk = line.chars().filter(|&c| is_cjk(c)).count();
    if cjk > 0 {
        spaced + cjk / 2
    } else {
        spaced
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// Ends like a sentence (closing quotes and brackets allowed after the stop).
fn ends_terminal(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '’', ')', ']', '»', ' ']);
    t.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？', '」', '”'])
}

static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[a-z0-9)”\x22][.!?]\s+[A-Z“\x22]").unwrap());

/// A line that reads as body text: a sentence of some length, or a long run of words.
pub fn is_body(line: &str) -> bool {
    let n = words(line);
    (n >= 8 && (ends_terminal(line) || (n >= 15 && SENTENCE_BREAK.is_match(line)))) || n >= 40
}

fn is_bullet(line: &str) -> bool {
    line.starts_with(['-', '*', '•', '–', '—'])
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit()))
}

/// A short line without a sentence ending: a section heading, kicker or widget label.
pub fn is_heading(line: &str) -> bool {
    words(line) <= 10
        && !ends_terminal(line)
        && !is_bullet(line)
        && !line.starts_with(['"', '“', '\''])
}

/// Lines that are boilerplate wherever they appear.
static DROP: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        // Widget labels and icon alt texts standing alone.
        r"(?i)^(icon|news main image|main image|image|photo|video|advertisement|advert|ad|adron ad|sponsored( content)?|share( this( article| story| post)?)?|share (post|on \w+)|tweet|email|e-mail|print|comments?|subscribe( now)?|sign in|log ?in|register|menu|search|home|close|skip to (main )?content|follow us( on \w+)?|listen( to (this )?article)?|read more|continue reading|date|author|tags?|advertisement\s*-\s*scroll to continue|scroll to continue with content|loading\.*|posted in|filed under|newsletter|more|next|previous|back to top|top stories)\s*:?$",
        // "Also read: ..." teasers and inline related links.
        r"(?i)^(also read|read also|read more|related|see also|recommended|suggested|must read|don'?t miss|watch|listen|trending|more|latest|read next|also see|read)\s*(:|\||–|—|-|>>)\s*\S",
        // Comment forms.
        r"(?i)^(please )?(enter|type) your (comment|name|email|e-mail)",
        r"(?i)^(save my name, email|your email address will not be published|required fields are marked|notify me of (new|follow-up))",
        // Widget residue and obfuscated addresses.
        r"spot_img",
        r"(?i)\[email[\s\u{a0}]*protected\]",
        r"(?i)^if the content contained herein violates",
        r"(?i)^(don'?t|do not) miss (any of )?(our|the) (update|latest|news)",
        r"(?i)^(subscribe|sign up|join)\b.{0,100}(newsletter|email|inbox|posts|updates|archive|alerts|keep reading)",
        r"(?i)^(subscribe|sign up) (to|for|now)\b",
        r"(?i)^(copyright\b|©|\(c\) \d{4})",
        r"(?i)all rights reserved\.?$",
        r"(?i)^(click|tap) (here|to)\b",
        r"(?i)^(share|follow) (this|us|on)\b.{0,60}$",
        r"(?i)^(tags?|filed under|categories|category|topics)\s*:",
        r"(?i)^(photo|image|picture|file photo|photograph|credit|caption|illustration)s?\s*(:|\|)",
        r"(?i)we use cookies|accept (all )?cookies|cookie (policy|settings)",
        r"(?i)^(this (article|story) (was|has been) (originally )?(published|updated|corrected))\b.{0,80}$",
        r"(?i)^(facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|x)(\s*[|,/]?\s*(facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|email|x|print))+$",
    ])
    .unwrap()
});

/// Photo captions: a credit in brackets at the end, "(Source – X)", "(Photo: AFP)".
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\((source|photo|photos|image|credit|picture|pic|getty images|reuters|afp|ap photo|file photo|courtesy)\b[^()]{0,80}\)\s*$").unwrap()
});

/// Lines after which nothing belongs to the article: comment sections, related-story
/// blocks (whose teasers have their own headlines and datelines), author boxes, footers.
static STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(leave a (reply|comment)|post a comment|\d+ comments?|comments( \(\d+\))?|related( posts| articles| stories| news| content| coverage)?|more like this|check also|you may also like|you might also like|you may be interested in|popular( posts| stories| now)?|most (read|popular|viewed)|recommended( for you| stories)?|more from [\w .'&-]{1,40}|more stories|more news|read next|what to read next|latest( news| posts| stories)?|trending( now| stories)?|discover more from [\w .'&-]{1,40}|about the author|about [A-Z][\w'’-]+(\s[A-Z][\w'’.-]+){1,3}|share post|share this( article| post| story)?|more on this story|top stories|related topics|sponsored stories|around the web|explore more|further reading|join the conversation)\s*:?$").unwrap()
});

/// "Bug-Out Roll Organizers – Quick-access, roll-up organizers…": a product promotion.
static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z0-9][\w'’&-]*(\s+[A-Z0-9&][\w'’&-]*){1,6}\s+[–—]\s+[A-Z]").unwrap()
});

static DISCOVER_MORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^discover more from\s+(.{2,40}?)\s*$").unwrap());
static ABOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:About|ABOUT)\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’.-]+){1,3})\s*$").unwrap()
});
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|written by|words by)[:\s]+([A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|bin|al)){0,4})(?:\s*(?:,|\||and|-|–)\s*.*)?$").unwrap()
});
static FOOTER_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.{2,40}?)\s+(newsroom|staff|desk|team|editorial( team| board)?|news desk|reporters?)$").unwrap()
});

/// Is this line boilerplate to drop wherever it stands?
pub fn is_boilerplate(line: &str) -> bool {
    DROP.is_match(line)
        || (CAPTION.is_match(line) && words(line) <= 60)
        || (line.to_ascii_lowercase().starts_with("related:") && words(line) <= 25)
}

/// Does this line end the article (everything after it is another page region)?
pub fn is_stop(line: &str) -> bool {
    STOP.is_match(line)
}

/// Cleans a plain-text article: the first headline-like line of the header is the title.
pub fn clean_text(text: &str) -> Result<Cleaned, Skip> {
    let mut c = Cleaned::default();
    if ptb::is_tokenized(text) {
        clean_body(&mut c, ptb::detokenize(text).lines());
    } else {
        clean_body(&mut c, text.lines());
    }
    finish(c)
}

fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty()
        && !b.is_empty()
        && (a == b || (a.len() > 20 && b.contains(&a)) || (b.len() > 20 && a.contains(&b)))
}

/// Applies the line rules to `lines` and appends the body to `c.paragraphs`. Metadata
/// found in the text is only offered: values already set by the caller (from front
/// matter, HTML meta or JSON) win.
pub fn clean_body<'a>(c: &mut Cleaned, lines: impl Iterator<Item = &'a str>) {
    let known_title = (!c.title.is_empty()).then(|| c.title.clone());
    let mut header: Vec<String> = Vec::new();
    let mut paras: Vec<String> = Vec::new();
    let mut tail: Vec<String> = Vec::new(); // short lines after the last paragraph
    let mut text_publisher: Option<String> = None;
    let mut text_author: Option<String> = None;
    // After the end of the article only the publisher and author boxes are read, and
    // only for a few lines.
    let mut after_end: Option<usize> = None;
    for raw in lines {
        if after_end.is_some_and(|n| n > 40) {
            break;
        }
        let line = squash_spaces(raw);
        if line.is_empty() {
            continue;
        }
        if let Some(m) = DISCOVER_MORE.captures(&line) {
            text_publisher.get_or_insert_with(|| m[1].to_string());
        }
        if let Some(m) = ABOUT.captures(&line) {
            text_author.get_or_insert_with(|| m[1].to_string());
        }
        if let Some(n) = &mut after_end {
            *n += 1;
            continue;
        }
        if is_stop(&line) {
            if !paras.is_empty() {
                after_end = Some(0);
            }
            continue;
        }
        if is_boilerplate(&line) {
            continue;
        }
        if paras.is_empty() {
            if is_body(&line) {
                paras.push(line);
            } else {
                header.push(line);
            }
        } else if is_heading(&line) {
            tail.push(line);
        } else {
            tail.clear();
            paras.push(line);
        }
    }
    // Promotions at the end of the body.
    while paras
        .last()
        .is_some_and(|p| PROMO.is_match(p) && words(p) <= 30 && !p.contains(['“', '"']))
    {
        paras.pop();
    }
    // Footer: "EU Insider" then "EU Insider Newsroom".
    for pair in tail.windows(2) {
        if let Some(m) = FOOTER_PAIR.captures(&pair[1]) {
            if m[1].eq_ignore_ascii_case(&pair[0]) {
                text_publisher.get_or_insert_with(|| pair[0].clone());
            }
        }
    }
    // The header: title, kicker, publisher name, byline, date.
    let mut title: Option<String> = None;
    let mut kept_header = Vec::new();
    for (i, line) in header.iter().enumerate() {
        if header[..i].iter().any(|h| h == line) && words(line) <= 6 {
            text_publisher.get_or_insert_with(|| line.clone());
            continue;
        }
        if let Some(m) = BYLINE.captures(line) {
            if words(line) <= 12 {
                text_author.get_or_insert_with(|| m[1].to_string());
                continue;
            }
        }
        if let Some(d) = meta::standalone_date(line) {
            c.offer("published", Some(d), "text");
            continue;
        }
        if let Some(t) = &known_title {
            if !same_title(t, line) && words(line) >= 5 {
                kept_header.push(line.clone());
            }
            continue;
        }
        let n = words(line);
        let headline_like =
            (3..=30).contains(&n) && !ends_terminal(line) || (n >= 3 && line.ends_with('?'));
        if headline_like && title.as_ref().is_none_or(|t| words(t) < n) {
            title = Some(line.clone());
        }
    }
    if known_title.is_none() && title.is_none() {
        // A title of one or two words is better than none.
        title = header
            .iter()
            .find(|l| !l.is_empty() && words(l) <= 30 && meta::standalone_date(l).is_none())
            .cloned();
    }
    if let Some(t) = title {
        c.offer("title", Some(t), "first-line");
    }
    kept_header.append(&mut paras);
    let mut paras = kept_header;
    // A page header before the dateline, in one of the first paragraphs (a photo caption
    // may come first): its date and byline are offered, and the body starts at the dateline.
    let mut lead = 0;
    if let Some((i, h)) = paras
        .iter()
        .take(3)
        .enumerate()
        .find_map(|(i, p)| dateline::page_header(p).map(|h| (i, h)))
    {
        paras[i].replace_range(..h.len, "");
        c.offer("published", h.date, "dateline");
        if text_author.is_none() {
            text_author = h.author;
        }
        lead = i;
    }
    if let Some(d) = paras.get(lead).and_then(|p| dateline::parse(p)) {
        c.dateline = Some(d.place.clone());
        if d.date.is_some() {
            c.offer("published", d.date, "dateline");
        }
    }
    c.offer("publisher", text_publisher, "text");
    c.offer(
        "author",
        text_author.and_then(|a| meta::clean_author(&a)),
        "text",
    );
    c.paragraphs.extend(paras);
}

/// Completes an article: a title from the first sentence if none was found, the
/// publication date inferred from the text when nothing stated it, and a check that a
/// body is left.
pub fn finish(mut c: Cleaned) -> Result<Cleaned, Skip> {
    c.paragraphs.retain(|p| !p.trim().is_empty());
    if c.paragraphs.is_empty() {
        return Err(Skip::NoText);
    }
    if c.title.is_empty() {
        let first = &c.paragraphs[0];
        let sentence = storyline_model::text::sentences(first)
            .first()
            .map(|r| &first[r.clone()])
            .unwrap_or(first);
        let ws: Vec<&str> = sentence.split_whitespace().collect();
        let t = if ws.len() > 14 {
            format!("{}…", ws[..12].join(" "))
        } else {
            ws.join(" ")
        };
        c.offer("title", Some(t), "first-line");
        c.warnings
            .push("no title found; the first sentence stands in".into());
    }
    if c.published.is_none() {
        let head: String = c
            .paragraphs
            .iter()
            .take(40)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n");
        if let Some(d) = meta::today_phrase(&head) {
            c.offer("published", Some(d), "inferred");
        } else {
            match meta::weekday_inference(&head) {
                meta::WeekdayInference::Date(d) => {
                    c.warnings.push(format!(
                        "publication date {d} inferred from a weekday the article mentions"
                    ));
                    c.offer("published", Some(d), "inferred");
                }
                meta::WeekdayInference::Ambiguous(why) => {
                    c.warnings
                        .push(format!("publication date left unknown: {why}"));
                }
                meta::WeekdayInference::NoWeekday => {}
            }
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Cleaned {
        clean_text(text).unwrap()
    }

    const P: &str = "Russia and Ukraine held a second round of talks in Istanbul on the day.";

    #[test]
    fn drops_widget_lines_everywhere() {
        for line in [
            "Icon",
            "News Main Image",
            "Also read: Russia, Ukraine exchange drone, missile attacks",
            "Related: Nvidia CEO Critiques US-China Technology Export Restrictions",
            "Heirs Insurance Essay Competition",
            "adron ad",
            "If the content contained herein violates any of your rights, including those of copyright, you are requested to immediately notify us via [email\u{a0}protected]",
            "Please enter your comment!",
            "Please enter your name here",
            "spot_imgspot_img",
            "DON'T MISS ANY OF OUR UPDATE",
            "Subscribe to get the latest posts sent to your email.",
            "Date:",
            "German Chancellor Friedrich Merz and Ukrainian President Volodymyr Zelensky walk together to a press conference after their talks at the Chancellery in Berlin, Germany, May 28, 2025. (Source – X)",
        ] {
            let c = body(&format!("A Headline About The Talks\n{P}\n{line}\n{P}\n"));
            assert_eq!(c.paragraphs, [P, P], "{line:?} was kept");
        }
    }

    #[test]
    fn stops_at_comment_forms_and_related_blocks() {
        for stop in [
            "LEAVE A REPLY",
            "Leave a Reply",
            "Share post:",
            "Popular",
            "More like this",
            "Related",
            "Check Also",
            "Discover more from Freelanews",
            "About Peculiar Adirika",
        ] {
            let c = body(&format!(
                "A Headline About The Talks\n{P}\n{stop}\nMogadishu helicopter crash AUSOM leaves multiple feared dead in fiery airport tragedy\nNAIROBI, Kenya — Ngũgĩ wa Thiong’o, the legendary Kenyan writer, has died at 87 years old.\n"
            ));
            assert_eq!(c.paragraphs, [P], "after {stop:?}");
        }
    }

    #[test]
    fn kickers_and_site_names_are_not_the_title() {
        let c = body("National Security News\n\nReporting the facts on national security\n\nNational Security News\n\nRussia Ukraine War\n\nRussia proposes fresh round of Ukraine peace talks as Germany backs long-range missile production for Kyiv\n\nRussia has proposed holding a second round of peace talks with Ukraine on June 02 in Istanbul.\n");
        assert_eq!(c.title, "Russia proposes fresh round of Ukraine peace talks as Germany backs long-range missile production for Kyiv");
        assert_eq!(c.publisher.as_deref(), Some("National Security News"));
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn publisher_footer_and_standalone_date() {
        let c = body("Ukraine and Russia headed for second round of peace talks in Istanbul\n\nIcon\nIcon\nNews & Analysis\nIcon\nMay 29, 2025\nNews Main Image\n\nUnder growing pressure, Russia has proposed a new round of direct talks with Ukraine.\n\nEU Insider\nEU Insider Newsroom");
        assert_eq!(
            c.title,
            "Ukraine and Russia headed for second round of peace talks in Istanbul"
        );
        assert_eq!(c.published.as_deref(), Some("2025-05-29"));
        assert_eq!(c.source_of("published"), Some("text"));
        assert_eq!(c.publisher.as_deref(), Some("EU Insider"));
        assert_eq!(c.paragraphs.len(), 1);
    }

    #[test]
    fn promotions_at_the_end_and_section_headings_go() {
        let c = body(&format!("A Headline About The Talks\n{P}\nBackground & Context\n- May 16, 2025: Direct talks resumed in Istanbul, resulting in a prisoner swap.\n{P}\nBug-Out Roll Organizers – Quick-access, roll-up organizers make gear retrieval fast and simple.\nUrban Bug-Out Bags – Blend in while staying prepped — explore stealthy urban bag options.\n"));
        assert_eq!(
            c.paragraphs,
            [
                P,
                "- May 16, 2025: Direct talks resumed in Istanbul, resulting in a prisoner swap.",
                P
            ]
        );
    }

    #[test]
    fn dateline_is_noted_and_kept_in_the_body() {
        let c = body("Russia Proposes June 2 Peace Talks\n\nDate:\n\nMOSCOW\u{a0} — Russia has formally proposed holding the next round of talks in Istanbul.\n");
        assert_eq!(c.dateline.as_deref(), Some("MOSCOW"));
        assert!(c.paragraphs[0].starts_with("MOSCOW"));
    }

    #[test]
    fn bylines_are_authors() {
        let c = body(&format!("A Headline About The Talks\nBy Jane Doe\n{P}\n"));
        assert_eq!(c.author.as_deref(), Some("Jane Doe"));
        assert_eq!(c.paragraphs, [P]);
    }

    #[test]
    fn no_title_uses_the_first_sentence() {
        let c = body("Hundreds orphaned by Haiti earthquake Despite miraculous stories of survival and the gradual increase in aid hundreds of children find themselves orphaned .\nAn estimated 1.5 million are homeless .\n");
        assert!(c.title.ends_with('…'), "{}", c.title);
        assert_eq!(c.paragraphs.len(), 2);
    }

    #[test]
    fn script_in_text_is_just_text() {
        let c = body("A Headline About The Talks\n<script>alert('x')</script> is what the attacker wrote in the comment field today.\n");
        assert_eq!(c.paragraphs.len(), 1);
    }
}
