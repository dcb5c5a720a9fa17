//! Typo matching on the term dictionary: a Levenshtein automaton that computes its
//! dynamic-programming row as the fst is walked, instead of building a DFA first.
//!
//! `fst::automaton::Levenshtein::new` determinizes the automaton before the search, which
//! costs 0.3–6 ms for a word at distance 2 (and ~30 ms for 40 letters); the walk itself
//! is the cheaper part. This automaton accepts exactly the same keys on ASCII: the same
//! distance (insertions, deletions and substitutions of Unicode characters), the same row
//! arithmetic (each cell capped at `distance + 1`, a branch pruned when no cell is within
//! the distance), the same order (the fst's). Only the cells within `distance` of the
//! diagonal are kept: the others are `distance + 1` whatever the key (a cell `i` after
//! `t` characters is at least `|i - t|`). It also takes several words at once (a word
//! and its stem) and finds the keys near any of them in one walk. `Levenshtein::new`
//! gives up past 10,000 DFA states (words of about 50 letters at distance 2); no key
//! within 2 edits of such a word exists here, since dictionary terms have at most 40
//! bytes, so giving up and finding nothing agree (see [`Fuzzy::new`]).
//!
//! One difference: fst 0.4.7's DFA misses some keys with three-byte characters (`日本` and
//! `日本語` are not within one edit of `日本`); this automaton finds every key the textbook
//! distance puts within reach (see the tests). Folded Latin text, as in Timeline17, has no
//! such characters.

use fst::Automaton;

/// The longest query (in characters) the automaton takes; longer words are beyond
/// [`MAX_DISTANCE`] of every dictionary term.
const MAX_CHARS: usize = MAX_TERM_BYTES + MAX_DISTANCE as usize;
/// Dictionary terms longer than this are not indexed (see the indexer).
const MAX_TERM_BYTES: usize = 40;
const MAX_DISTANCE: u8 = 2;
/// Cells kept per word: the diagonal and `MAX_DISTANCE` on each side.
const BAND: usize = 2 * MAX_DISTANCE as usize + 1;
/// Words searched at once.
const MAX_WORDS: usize = 2;

/// Keys of the dictionary within `distance` edits of any of a few words.
pub(crate) struct Fuzzy {
    words: Vec<Vec<char>>,
    distance: u8,
}

/// Per word, the cells `t - distance ..= t + distance` of its row after `t` characters of
/// the key (`distance + 1` where the row has no such cell), and the UTF-8 character being
/// read.
#[derive(Clone, Copy)]
pub(crate) struct Row {
    bands: [[u8; BAND]; MAX_WORDS],
    /// Characters of the key read so far.
    t: u8,
    /// The code point read so far and how many continuation bytes it still needs.
    partial: u32,
    needs: u8,
    /// False once the key cannot be valid UTF-8 or is longer than any match can be.
    valid: bool,
}

impl Fuzzy {
    /// `None` when no key can match: no word of at most [`MAX_CHARS`] characters (a longer
    /// one is more than `distance` edits from every term), or a distance over
    /// [`MAX_DISTANCE`]. At most [`MAX_WORDS`] words; repeats are searched once.
    pub(crate) fn new(words: &[&str], distance: u32) -> Option<Fuzzy> {
        let distance = u8::try_from(distance).ok().filter(|&d| d <= MAX_DISTANCE)?;
        let mut list: Vec<Vec<char>> = Vec::new();
        for w in words.iter().take(MAX_WORDS) {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() <= MAX_CHARS && !list.contains(&chars) {
                list.push(chars);
            }
        }
        (!list.is_empty()).then_some(Fuzzy {
            words: list,
            distance,
        })
    }

    /// Cell `i` of a word's row, from its band after `t` characters.
    fn cell(&self, band: &[u8; BAND], t: usize, i: usize) -> u8 {
        let d = usize::from(self.distance);
        // Band slot k holds cell t - d + k.
        match (i + d).checked_sub(t) {
            Some(k) if k < BAND => band[k],
            _ => self.distance + 1,
        }
    }

    fn step(&self, row: &Row, c: char) -> Row {
        let mut next = *row;
        let cap = self.distance + 1;
        let d = usize::from(self.distance);
        let t = usize::from(row.t);
        for (w, query) in self.words.iter().enumerate() {
            let band = &row.bands[w];
            let mut out = [cap; BAND];
            for k in 0..BAND {
                // Cell i of the next row (after t + 1 characters).
                let Some(i) = (t + 1 + k).checked_sub(d) else {
                    continue;
                };
                if i > query.len() {
                    break;
                }
                let v = if i == 0 {
                    self.cell(band, t, 0) + 1
                } else {
                    let cost = u8::from(query[i - 1] != c);
                    let left = if k > 0 { out[k - 1] } else { cap } + 1;
                    left.min(self.cell(band, t, i) + 1)
                        .min(self.cell(band, t, i - 1) + cost)
                };
                out[k] = v.min(cap);
            }
            next.bands[w] = out;
        }
        next.t = row.t.saturating_add(1);
        // A key this long is beyond every word: stop reading it.
        next.valid = usize::from(next.t) <= MAX_CHARS + d;
        next
    }
}

impl Automaton for Fuzzy {
    type State = Row;

    fn start(&self) -> Row {
        let cap = self.distance + 1;
        let d = usize::from(self.distance);
        let mut bands = [[cap; BAND]; MAX_WORDS];
        for (w, query) in self.words.iter().enumerate() {
            // After no character, cell i is i (deletions), capped.
            for (k, slot) in bands[w].iter_mut().enumerate() {
                if let Some(i) = k.checked_sub(d).filter(|&i| i <= query.len()) {
                    *slot = (i as u8).min(cap);
                }
            }
        }
        Row {
            bands,
            t: 0,
            partial: 0,
            needs: 0,
            valid: true,
        }
    }

    fn is_match(&self, row: &Row) -> bool {
        row.valid
            && row.needs == 0
            && self.words.iter().enumerate().any(|(w, query)| {
                self.cell(&row.bands[w], usize::from(row.t), query.len()) <= self.distance
            })
    }

    fn can_match(&self, row: &Row) -> bool {
        row.valid
            && row.bands[..self.words.len()]
                .iter()
                .any(|band| band.iter().any(|&c| c <= self.distance))
    }

    fn accept(&self, row: &Row, byte: u8) -> Row {
        let invalid = Row {
            valid: false,
            ..*row
        };
        if !row.valid {
            return *row;
        }
        if row.needs == 0 {
            let (partial, needs) = match byte {
                0x00..=0x7F => return self.step(row, char::from(byte)),
                0xC2..=0xDF => (u32::from(byte & 0x1F), 1),
                0xE0..=0xEF => (u32::from(byte & 0x0F), 2),
                0xF0..=0xF4 => (u32::from(byte & 0x07), 3),
                _ => return invalid,
            };
            return Row {
                partial,
                needs,
                ..*row
            };
        }
        if byte & 0xC0 != 0x80 {
            return invalid;
        }
        let partial = row.partial << 6 | u32::from(byte & 0x3F);
        if row.needs > 1 {
            return Row {
                partial,
                needs: row.needs - 1,
                ..*row
            };
        }
        match char::from_u32(partial) {
            Some(c) => {
                let mut next = self.step(row, c);
                next.partial = 0;
                next.needs = 0;
                next
            }
            None => invalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::automaton::Levenshtein;
    use fst::{IntoStreamer, Set, Streamer};

    fn keys(set: &Set<Vec<u8>>, a: impl Automaton) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = set.search(a).into_stream();
        while let Some(k) = s.next() {
            out.push(String::from_utf8(k.to_vec()).unwrap());
        }
        out
    }

    fn set(words: &[&str]) -> Set<Vec<u8>> {
        let mut sorted: Vec<&str> = words.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        Set::from_iter(sorted).unwrap()
    }

    /// Every key within `d` edits, by the textbook distance, in key order.
    fn brute_force(set: &Set<Vec<u8>>, q: &str, d: u32) -> Vec<String> {
        let mut out = Vec::new();
        let mut s = set.stream();
        while let Some(k) = s.next() {
            let k = String::from_utf8(k.to_vec()).unwrap();
            if crate::rank::edit_distance(q, &k) <= d as usize {
                out.push(k);
            }
        }
        out
    }

    fn ours(set: &Set<Vec<u8>>, q: &str, d: u32) -> Vec<String> {
        Fuzzy::new(&[q], d).map_or(vec![], |f| keys(set, f))
    }

    /// The same keys as `fst`'s Levenshtein automaton (on ASCII: that one misses keys
    /// with multi-byte characters, e.g. "日本" at distance 1 from itself) and as the
    /// textbook distance.
    fn same_as_fst(words: &[&str], queries: &[&str]) {
        let set = set(words);
        for q in queries {
            for d in 0..=2 {
                let ours = ours(&set, q, d);
                assert_eq!(ours, brute_force(&set, q, d), "{q:?} at {d}");
                if q.is_ascii() && words.iter().all(|w| w.is_ascii()) {
                    let theirs = Levenshtein::new(q, d).map_or(vec![], |l| keys(&set, l));
                    assert_eq!(ours, theirs, "{q:?} at {d}");
                }
            }
        }
    }

    #[test]
    fn finds_what_fst_levenshtein_finds() {
        same_as_fst(
            &[
                "haiti",
                "hait",
                "haity",
                "earthquak",
                "earthquake",
                "deepwat",
                "deepwater",
                "horizon",
                "vaccin",
                "vacin",
                "turkiy",
                "türkiye",
                "zelenskyy",
                "zelenski",
                "ngũgĩ",
                "ngugi",
                "a",
                "ab",
                "abc",
                "2025",
                "h1n1",
                "çé",
                "日本",
                "日本語",
                "straße",
                "strasse",
            ],
            &[
                "haity",
                "earthqake",
                "deepwatr",
                "horizn",
                "vacine",
                "turkiye",
                "zelensky",
                "ngugi",
                "ngũgi",
                "a",
                "",
                "日本",
                "本",
                "strase",
                "h1n2",
                "2026",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ],
        );
    }

    #[test]
    fn multi_byte_characters_count_as_one_edit() {
        let set = set(&["日本", "日本語", "本", "türkiye", "ngũgĩ", "a日"]);
        assert_eq!(ours(&set, "日本", 1), ["日本", "日本語", "本"]);
        assert_eq!(ours(&set, "turkiye", 1), ["türkiye"]);
        assert_eq!(ours(&set, "ngugi", 2), ["ngũgĩ"]);
        assert_eq!(ours(&set, "ab", 1), ["a日"]);
    }

    /// Two words at once: the keys near either, once each, in key order.
    fn two_at_once(words: &[&str], a: &str, b: &str) {
        let set = set(words);
        for d in 0..=2 {
            let mut want = ours(&set, a, d);
            want.extend(ours(&set, b, d));
            want.sort();
            want.dedup();
            let both = Fuzzy::new(&[a, b], d).map_or(vec![], |f| keys(&set, f));
            assert_eq!(both, want, "{a:?} {b:?} at {d}");
        }
    }

    #[test]
    fn searches_a_word_and_its_stem_at_once() {
        two_at_once(
            &[
                "earthquak",
                "earthquake",
                "earthquakes",
                "earth",
                "quake",
                "haiti",
            ],
            "earthqake",
            "earthqak",
        );
    }

    proptest::proptest! {
        #[test]
        fn two_words_at_once(
            words in proptest::collection::vec("[a-eé]{0,7}", 1..40),
            a in "[a-eé]{0,8}",
            b in "[a-eé]{0,8}",
        ) {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            two_at_once(&refs, &a, &b);
        }

        #[test]
        fn agrees_with_fst_levenshtein_on_ascii(
            words in proptest::collection::vec("[a-e]{0,7}", 1..40),
            query in "[a-e]{0,8}",
        ) {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            same_as_fst(&refs, &[query.as_str()]);
        }

        #[test]
        fn agrees_with_the_textbook_distance(
            words in proptest::collection::vec("[a-eé日ß]{0,7}", 1..40),
            query in "[a-eé日ß]{0,8}",
        ) {
            let refs: Vec<&str> = words.iter().map(String::as_str).collect();
            same_as_fst(&refs, &[query.as_str()]);
        }
    }
}
