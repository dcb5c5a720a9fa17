//! An article's sentences tagged in order, relative dates resolved against the story the
//! text is telling rather than against its publication day alone.
//!
//! Tagged one by one, "The leak wasn't noticed until the next morning" would be the day
//! after publication, and "Concurrently, the Senate voted" no day at all. A reader takes
//! them from the narrative: the day the previous sentences were about. [`Narrative`] keeps
//! that day (the last day-precise date of the last [`NARRATIVE_SENTENCES`] sentences) and
//! resolves against it:
//! - "the next day", "the day before" (the tagger's day references);
//! - "two days later", "a week earlier" (durations the tagger leaves as durations, as
//!   TimeML does);
//! - "This came a day after …": the clause after "after" is that many days before;
//! - "the same day", "that night", "hours later", and a sentence that opens with
//!   "Concurrently" or "At the same time": the narrative's own day.
//!
//! A live page's entry stamp ("Saturday 25 April 2009 22.09 BST") anchors what follows it,
//! until the next stamp: "today" in that entry is the stamp's day.

use super::{Kind, TimeExpr};
use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

/// The rule name of the expressions resolved against the narrative.
pub(super) const RULE: &str = "narrative";

/// How many sentences back a narrative day still holds.
pub const NARRATIVE_SENTENCES: usize = 3;

/// The tagger state of one article read in order.
#[derive(Debug, Clone)]
pub struct Narrative {
    anchor: Option<Date>,
    /// The last day-precise date and the sentence it was read in.
    last_day: Option<(Date, usize)>,
    /// The sentence being read (counted from 0).
    at: usize,
    /// The narrative day the last tagged sentence was resolved against, if it used it.
    used: Option<Date>,
}

impl Narrative {
    /// Starts an article published (or created) on `anchor`.
    pub fn new(anchor: Option<Date>) -> Narrative {
        Narrative {
            anchor,
            last_day: None,
            at: 0,
            used: None,
        }
    }

    /// The date the next sentence's deictic expressions ("today", "Monday") resolve
    /// against: the publication day, or the last live-entry stamp.
    pub fn anchor(&self) -> Option<Date> {
        self.anchor
    }

    /// The day the last sentence's narrative expressions were resolved against.
    pub fn used(&self) -> Option<Date> {
        self.used
    }

    /// Tags the next sentence of the article.
    pub fn tag(&mut self, sentence: &str) -> Vec<TimeExpr> {
        let recent = self
            .last_day
            .filter(|(_, at)| self.at - at <= NARRATIVE_SENTENCES)
            .map(|(d, _)| d);
        let cands = super::rules::candidates(sentence);
        let mut tags = super::resolve::resolve_all_from(sentence, cands, self.anchor, recent);
        self.used = None;
        if let Some(day) = recent {
            relink(sentence, &mut tags, day);
            if tags.iter().any(|t| t.rule == RULE || t.rule == "day_ref") {
                self.used = Some(day);
            }
        }
        if let Some(stamp) = entry_stamp(sentence, &tags) {
            self.anchor = Some(stamp);
        }
        if let Some(day) = tags.iter().rev().find_map(day_of) {
            self.last_day = Some((day, self.at));
        }
        self.at += 1;
        tags
    }
}

/// The day a DATE expression names, when it names one.
fn day_of(t: &TimeExpr) -> Option<Date> {
    let d = t.date()?;
    Date::new(
        i16::try_from(d.year).ok()?,
        i8::try_from(d.month?).ok()?,
        i8::try_from(d.day?).ok()?,
    )
    .ok()
}

/// A live entry's stamp: the sentence opens (within a few words) on a day written in full
/// with its clock time right after it ("Saturday 25 April 2009 22.09 BST …").
fn entry_stamp(sentence: &str, tags: &[TimeExpr]) -> Option<Date> {
    static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^,?\s*(?:at\s+)?\d{1,2}[.:]\d{2}\b").expect("clock after a stamp")
    });
    let first = tags.first()?;
    let lead = sentence[..first.start].split_whitespace().count();
    let written_in_full = first.rule != "narrative" && !first.anchored;
    if lead > 3 || !written_in_full || !CLOCK.is_match(&sentence[first.end..]) {
        return None;
    }
    day_of(first)
}

/// "two days later", "a week earlier": the duration's length in days and its direction;
/// `None` for hours and minutes ("hours later" is the same day, see [`same_day`]) and for
/// months or years, which name no day.
fn offset_days(t: &TimeExpr) -> Option<i64> {
    if t.kind != Kind::Duration {
        return None;
    }
    let lower = t.text.to_lowercase();
    let sign = if lower.ends_with("later") {
        1
    } else if lower.ends_with("earlier") {
        -1
    } else {
        return None;
    };
    let v = t.value.strip_prefix('P')?;
    let (n, unit) = v.split_at(v.len().checked_sub(1)?);
    let n: i64 = n.parse().ok()?;
    let days = match unit {
        "D" => n,
        "W" => 7 * n,
        _ => return None,
    };
    (days <= 31).then_some(sign * days)
}

/// "This came a day after …": the narrative's event follows the one the clause names.
static CAME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:this|that|it|the\s+\w+)\s+(?:came|comes|followed|follows|happened|occurred)\s+(?:just\s+|only\s+)?(?P<n>a|one|two|three|four|five|six|seven|\d{1,2})\s+(?P<u>days?|weeks?)\s+after\b",
    )
    .expect("came-after pattern")
});

/// Expressions of the narrative's own day.
static SAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:concurrently|simultaneously|at\s+the\s+same\s+time)\b|\b(?:(?:on\s+)?(?:that|the)\s+same\s+day|later\s+that\s+day|earlier\s+that\s+day|(?:later\s+|earlier\s+)?that\s+(?:morning|afternoon|evening|night)|(?:hours|minutes|moments)\s+later)\b",
    )
    .expect("same-day pattern")
});

fn number(word: &str) -> Option<i64> {
    let words = ["a", "one", "two", "three", "four", "five", "six", "seven"];
    let lower = word.to_lowercase();
    match words.iter().position(|w| *w == lower) {
        Some(0) => Some(1),
        Some(i) => Some(i as i64),
        None => lower.parse().ok(),
    }
}

/// Resolves the sentence's narrative expressions against `day`: durations before
/// "later"/"earlier" become days, a "came N days after" opening dates its clause, and a
/// same-day expression is added when the sentence names no day of its own.
fn relink(sentence: &str, tags: &mut Vec<TimeExpr>, day: Date) {
    let dated = |d: Date, start: usize, end: usize| TimeExpr {
        start,
        end,
        text: sentence[start..end].to_string(),
        kind: Kind::Date,
        value: d.to_string(),
        rule: RULE,
        anchored: true,
    };
    for t in tags.iter_mut() {
        if let Some(off) = offset_days(t) {
            if let Ok(d) = day.checked_add(jiff::Span::new().days(off)) {
                *t = dated(d, t.start, t.end);
            }
        }
    }
    if tags.iter().any(|t| day_of(t).is_some()) {
        return;
    }
    let found = CAME_AFTER
        .captures(sentence)
        .and_then(|c| {
            let n = number(c.name("n")?.as_str())?;
            let unit = if c.name("u")?.as_str().starts_with('w') {
                7
            } else {
                1
            };
            let d = day.checked_sub(jiff::Span::new().days(n * unit)).ok()?;
            let m = c.get(0)?;
            let start = c.name("n")?.start();
            Some(dated(d, start, m.end()))
        })
        .or_else(|| {
            SAME_DAY
                .find(sentence)
                .map(|m| dated(day, m.start(), m.end()))
        });
    if let Some(t) = found {
        tags.retain(|o| o.end <= t.start || o.start >= t.end);
        let at = tags.partition_point(|o| o.start < t.start);
        tags.insert(at, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<Date> {
        s.parse().ok()
    }

    /// The value given to `expr` in the last of `sentences`, read in order.
    fn last_value(sentences: &[&str], expr: &str) -> Option<String> {
        let mut n = Narrative::new(d("2010-08-06"));
        let mut last = Vec::new();
        for s in sentences {
            last = n.tag(s);
        }
        last.into_iter().find(|t| t.text == expr).map(|t| t.value)
    }

    #[test]
    fn day_references_follow_the_narrative() {
        let s = [
            "The rig's crew ran a pressure test on July 25.",
            "The leak wasn't noticed until 11:45 the next morning.",
        ];
        assert_eq!(
            last_value(&s, "the next morning").as_deref(),
            Some("2010-07-26")
        );
        // With no narrative day, the publication day is the reference.
        assert_eq!(
            last_value(&s[1..], "the next morning").as_deref(),
            Some("2010-08-07")
        );
    }

    #[test]
    fn durations_before_later_become_days_of_the_narrative() {
        let s = [
            "The well was capped on July 15.",
            "Two days later, engineers began the static kill.",
        ];
        assert_eq!(
            last_value(&s, "Two days later").as_deref(),
            Some("2010-07-17")
        );
        let far = [
            "The well was capped on July 15.",
            "Engineers waited.",
            "Officials spoke.",
            "Crews rested.",
            "Two days later, engineers began the static kill.",
        ];
        assert_eq!(
            last_value(&far, "Two days later").as_deref(),
            Some("P2D"),
            "a narrative day more than three sentences back no longer holds"
        );
    }

    #[test]
    fn came_after_and_same_day_openings() {
        let s = [
            "Protesters cleared the square on February 12.",
            "This came a day after Mubarak resigned as president.",
        ];
        assert_eq!(last_value(&s, "a day after").as_deref(), Some("2010-02-11"));
        let c = [
            "The Senate voted on the bill on June 3.",
            "Concurrently, the House passed its own version.",
        ];
        assert_eq!(
            last_value(&c, "Concurrently").as_deref(),
            Some("2010-06-03")
        );
        // A sentence with its own day keeps it.
        let own = [
            "The Senate voted on the bill on June 3.",
            "At the same time, on June 4, the House passed its own version.",
        ];
        assert_eq!(last_value(&own, "June 4").as_deref(), Some("2010-06-04"));
        assert_eq!(last_value(&own, "At the same time"), None);
    }

    #[test]
    fn a_live_entry_stamp_anchors_its_entry() {
        let s = [
            "Saturday 25 April 2009 22.09 BST A member of cabin crew was taken to hospital.",
            "Officials said today that the flight was held.",
        ];
        assert_eq!(last_value(&s, "today").as_deref(), Some("2009-04-25"));
        // A date in running text is no stamp.
        let t = [
            "Officials met on 25 April 2009 to discuss it.",
            "Officials said today that the flight was held.",
        ];
        assert_eq!(last_value(&t, "today").as_deref(), Some("2010-08-06"));
    }
}
