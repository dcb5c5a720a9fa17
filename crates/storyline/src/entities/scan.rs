//! Sentence scanning: word tokens, capitalised name sequences, and the raw mentions
//! (span, gazetteer entry, kind votes) found in one sentence.

use super::lexicon::{self, fold_key, Gazetteer, Kind};
use std::collections::HashSet;

/// One word of a sentence.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    /// Byte offsets in the paragraph.
    pub start: usize,
    pub end: usize,
    /// Folded form, dots removed (`U.S.` → `us`).
    pub key: String,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// Two or more letters, all uppercase.
    pub all_caps: bool,
    /// Letters only (apostrophes and hyphens allowed inside).
    pub alpha: bool,
    /// Followed by a possessive `’s` (or `s’`), which is not part of the token.
    pub possessive: bool,
    /// Something other than spaces separates it from the previous token.
    pub gap: bool,
    /// First word of the sentence, of a quote, or after a colon or a dash.
    pub initial: bool,
    /// Only a comma (and spaces) separates it from the previous token.
    pub after_comma: bool,
    /// Ends with a dot or is followed by one (`La.`, `N.J.`).
    pub dotted: bool,
}

/// Tokens of the text, offsets shifted by `base`. Hyphenated words stay whole unless a
/// part is a gazetteer name or demonym (`US-China`, `Russian-speaking`, `anti-NATO`).
pub(super) fn tokenize(text: &str, base: usize, gaz: &Gazetteer) -> Vec<Tok> {
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    let mut last_end = 0;
    while i < bytes.len() {
        let (pos, c) = bytes[i];
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        // Acronyms with dots (U.S., U.K.) and single initials (J.).
        let mut j = i;
        let mut end;
        let mut possessive = false;
        if c.is_uppercase() && bytes.get(i + 1).is_some_and(|&(_, d)| d == '.') {
            let mut k = i;
            while k + 1 < bytes.len()
                && bytes[k].1.is_alphabetic()
                && bytes[k].1.is_uppercase()
                && bytes[k + 1].1 == '.'
            {
                k += 2;
            }
            end = bytes.get(k).map_or(text.len(), |b| b.0);
            j = k;
        } else {
            while j < bytes.len() {
                let ch = bytes[j].1;
                if ch.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                let next = bytes.get(j + 1).map(|b| b.1);
                let after = bytes.get(j + 2).map(|b| b.1);
                if matches!(ch, '\'' | '’') {
                    if matches!(next, Some('s' | 'S')) && !after.is_some_and(char::is_alphanumeric)
                    {
                        possessive = true;
                        break;
                    }
                    if bytes[j - 1].1 == 's' && !next.is_some_and(char::is_alphanumeric) {
                        possessive = true;
                        break;
                    }
                    if next.is_some_and(char::is_alphabetic) {
                        j += 1;
                        continue;
                    }
                    break;
                }
                if ch == '-' && next.is_some_and(char::is_alphanumeric) {
                    j += 1;
                    continue;
                }
                break;
            }
            end = bytes.get(j).map_or(text.len(), |b| b.0);
        }
        let gap_text = &text[last_end..pos];
        let gap = !out.is_empty() && !gap_text.trim().is_empty();
        let initial = out.is_empty()
            || gap_text.contains(['“', '‘', '"', '(', '[', ':', '–', '—', '•', '|'])
            || gap_text.contains(" - ")
            || gap_text.contains("--");
        let word = &text[pos..end];
        let after_comma = gap_text.trim() == ",";
        let dotted = word.ends_with('.') || text[end..].starts_with('.');
        let pieces = split_hyphenated(word, gaz);
        let n = pieces.len();
        for (p, (off, piece)) in pieces.into_iter().enumerate() {
            let first = piece.chars().next().unwrap_or(' ');
            let letters = piece.chars().filter(|c| c.is_alphabetic()).count();
            out.push(Tok {
                start: base + pos + off,
                end: base + pos + off + piece.len(),
                key: fold_key(piece),
                cap: first.is_uppercase() || is_article_and_name(piece),
                all_caps: letters >= 2
                    && piece
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .all(char::is_uppercase),
                alpha: piece
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.')),
                possessive: possessive && p + 1 == n,
                gap: if p == 0 { gap } else { true },
                initial: p == 0 && initial,
                after_comma: p == 0 && after_comma,
                dotted: p + 1 == n && dotted,
            });
        }
        if possessive {
            // Skip the apostrophe and the `s`.
            let mut k = j + 1;
            if bytes.get(k).is_some_and(|b| matches!(b.1, 's' | 'S')) {
                k += 1;
            }
            end = bytes.get(k).map_or(text.len(), |b| b.0);
            j = k;
        }
        last_end = end;
        i = j.max(i + 1);
    }
    out
}

/// A name with its article attached in lower case ("al-Megrahi", "el-Sisi", "bin-Salman"):
/// capitalised like the name it carries.
fn is_article_and_name(word: &str) -> bool {
    word.split_once('-').is_some_and(|(article, name)| {
        lexicon::is_connector(article) && name.chars().next().is_some_and(char::is_uppercase)
    })
}

/// Splits `word` at hyphens when a part is a gazetteer name or demonym, or when it
/// starts lowercase (`pro-Russian`) but is no name with its article (`al-Megrahi`);
/// returns (byte offset, piece).
fn split_hyphenated<'a>(word: &'a str, gaz: &Gazetteer) -> Vec<(usize, &'a str)> {
    if !word.contains('-') || gaz.keys.contains_key(&fold_key(word)) {
        return vec![(0, word)];
    }
    let mut parts = Vec::new();
    let mut off = 0;
    for part in word.split('-') {
        parts.push((off, part));
        off += part.len() + 1;
    }
    let known = |p: &str| {
        let k = fold_key(p);
        let caps = p.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
        gaz.keys.get(&k).is_some_and(|g| caps || !g.caps_only) || gaz.demonyms.contains(&k)
    };
    let starts_lower =
        word.chars().next().is_some_and(char::is_lowercase) && !is_article_and_name(word);
    if starts_lower || parts.iter().any(|(_, p)| known(p)) {
        parts.into_iter().filter(|(_, p)| !p.is_empty()).collect()
    } else {
        vec![(0, word)]
    }
}

/// `I've`, `Don't`, `We'll`: capitalised, but not names.
fn is_contraction(key: &str) -> bool {
    key.starts_with("i'")
        || ["'ve", "'ll", "'re", "'d", "'m", "n't"]
            .iter()
            .any(|end| key.ends_with(end))
}

/// Folded tokens of a gazetteer variant (no offsets needed).
pub(super) fn key_tokens(text: &str) -> Vec<String> {
    let empty = Gazetteer::default();
    tokenize(text, 0, &empty)
        .into_iter()
        .map(|t| t.key)
        .collect()
}

/// A name found in a sentence, before merging.
#[derive(Debug, Clone)]
pub(super) struct RawMention {
    /// Token range in the sentence.
    pub first: usize,
    pub last: usize,
    /// The gazetteer entry it matched, if any.
    pub gaz: Option<usize>,
    /// Evidence for each kind, indexed by [`Kind::index`].
    pub votes: [f32; 3],
    /// Evidence for a person from the name's form alone (two or three words never met in
    /// lower case): it says the same however often the name is met, so an entity weighs
    /// it by the logarithm of its count, not per mention.
    pub shape: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    /// A gazetteer match over tokens `[from, to)`.
    Gaz {
        from: usize,
        to: usize,
        entry: usize,
    },
    /// One capitalised token.
    Cap(usize),
    /// A lowercase connector inside a name (`of`, `de`).
    Conn(usize),
}

impl Unit {
    fn from(self) -> usize {
        match self {
            Unit::Gaz { from, .. } => from,
            Unit::Cap(i) | Unit::Conn(i) => i,
        }
    }
    fn to(self) -> usize {
        match self {
            Unit::Gaz { to, .. } => to,
            Unit::Cap(i) | Unit::Conn(i) => i + 1,
        }
    }
}

/// Everything the rules need about a sentence.
pub(super) struct Sentence<'a> {
    pub toks: &'a [Tok],
    pub gaz: &'a Gazetteer,
    /// Folded words seen in lowercase anywhere in the corpus.
    pub lower: &'a HashSet<String>,
    /// A title-case or all-capitals line: capitals carry no information.
    pub headline: bool,
}

/// Is this sentence a headline or web furniture rather than prose?
pub(super) fn is_headline(toks: &[Tok], gaz: &Gazetteer) -> bool {
    let words: Vec<&Tok> = toks.iter().filter(|t| t.alpha).collect();
    let long: Vec<&&Tok> = words
        .iter()
        .filter(|t| t.key.chars().count() >= 4)
        .collect();
    let caps = long.iter().filter(|t| t.cap).count();
    if long.len() >= 3 && caps * 10 >= long.len() * 7 {
        return true;
    }
    let shouting = words
        .iter()
        .filter(|t| t.all_caps && t.key.len() >= 3 && !gaz.keys.contains_key(&t.key))
        .count();
    shouting >= 2 && shouting * 2 >= words.len()
}

impl Sentence<'_> {
    /// All raw mentions of the sentence.
    pub(super) fn mentions(&self) -> Vec<RawMention> {
        let units = self.units();
        let mut out = Vec::new();
        let mut i = 0;
        while i < units.len() {
            // A sequence: names and connectors with nothing but spaces between them.
            let mut j = i + 1;
            while j < units.len() {
                let prev_end = units[j - 1].to() - 1;
                let next = units[j];
                if next.from() != prev_end + 1
                    || self.toks[next.from()].gap
                    || self.toks[prev_end].possessive
                {
                    break;
                }
                j += 1;
            }
            self.sequence(&units[i..j], &mut out);
            i = j;
        }
        out
    }

    fn units(&self) -> Vec<Unit> {
        let toks = self.toks;
        let mut units = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if let Some(state) = self.ap_state(i) {
                // "Grand Isle, La.": the state, when the gazetteer knows it, else nothing
                // (not an organisation "La").
                if let Some(k) = state.and_then(|state| self.gaz.keys.get(state)) {
                    units.push(Unit::Gaz {
                        from: i,
                        to: i + 1,
                        entry: k.entry,
                    });
                }
                i += 1;
                continue;
            }
            if let Some((to, entry)) = self.gaz_match(i) {
                units.push(Unit::Gaz { from: i, to, entry });
                i = to;
                continue;
            }
            if t.cap && t.alpha && !is_contraction(&t.key) && !self.is_date_word(i, units.last()) {
                units.push(Unit::Cap(i));
            } else if !t.cap
                && (lexicon::is_connector(&t.key)
                    || t.key == "and"
                    // "for" right after an organisation's head word: "Centers for Disease
                    // Control", "Department for International Development".
                    || (t.key == "for"
                        && matches!(units.last(), Some(Unit::Cap(p)) if *p + 1 == i
                            && lexicon::is_org_head(&self.toks[*p].key))))
            {
                // "and" joins only inside an organisation's name (see `sequence`).
                units.push(Unit::Conn(i));
            } else {
                // Breaks the sequence: mark by leaving a hole in token indices.
            }
            i += 1;
        }
        units
    }

    /// The US state an AP-style abbreviation at token `i` names: a capitalised
    /// abbreviation with its dot, right after a place's name and a comma ("Grand Isle,
    /// La.", "Trenton, N.J.").
    fn ap_state(&self, i: usize) -> Option<Option<&'static str>> {
        let t = &self.toks[i];
        let after_name = i > 0 && self.toks[i - 1].cap && self.toks[i - 1].alpha;
        if t.cap && t.dotted && t.after_comma && after_name {
            lexicon::ap_state(&t.key)
        } else {
            None
        }
    }

    /// Months and weekdays are dates, except "May" as a surname ("Theresa May said").
    fn is_date_word(&self, i: usize, prev: Option<&Unit>) -> bool {
        let key = &self.toks[i].key;
        if lexicon::is_weekday(key) {
            return true;
        }
        if !lexicon::is_month(key) {
            return false;
        }
        let after_name = matches!(prev, Some(Unit::Cap(p)) if *p + 1 == i
            && !lexicon::is_title(&self.toks[*p].key) && !self.toks[i].gap);
        let number_next = self
            .toks
            .get(i + 1)
            .is_some_and(|n| n.key.starts_with(|c: char| c.is_ascii_digit()));
        !(key == "may" && after_name && !number_next)
    }

    /// The longest gazetteer name starting at token `i`: (end token, entry).
    fn gaz_match(&self, i: usize) -> Option<(usize, usize)> {
        let toks = self.toks;
        if !toks[i].cap {
            return None;
        }
        let max = *self.gaz.first.get(&toks[i].key)?;
        let mut key = String::new();
        let mut best = None;
        for n in 1..=max.min(toks.len() - i) {
            let t = &toks[i + n - 1];
            if n > 1 {
                // Possessives inside a name are allowed ("People's Republic").
                if t.gap && !toks[i + n - 2].possessive {
                    break;
                }
                key.push(' ');
            }
            key.push_str(&t.key);
            if let Some(k) = self.gaz.keys.get(&key) {
                let last_ok = t.cap || t.key.starts_with(|c: char| c.is_ascii_digit());
                let caps_ok = !k.caps_only || toks[i..i + n].iter().all(|t| t.all_caps || !t.alpha);
                if last_ok && caps_ok {
                    best = Some((i + n, k.entry));
                }
            }
        }
        best
    }

    fn key(&self, u: Unit) -> &str {
        &self.toks[u.from()].key
    }

    fn is_cap_with(&self, u: Unit, pred: fn(&str) -> bool) -> bool {
        matches!(u, Unit::Cap(i) if pred(&self.toks[i].key) || self.toks[i].key.split('-').any(pred))
    }

    /// Common word in capitals only because it starts the sentence.
    fn sentence_start_common(&self, u: Unit) -> bool {
        match u {
            Unit::Cap(i) => {
                let t = &self.toks[i];
                t.initial
                    && (self.lower.contains(&t.key)
                        || self.lower.contains(t.key.trim_end_matches('s')))
            }
            _ => false,
        }
    }

    fn sequence(&self, seq: &[Unit], out: &mut Vec<RawMention>) {
        let mut seq = seq;
        // Leading determiners, sentence adverbs and connectors; trailing connectors.
        while let Some(&u) = seq.first() {
            let drop = matches!(u, Unit::Conn(_))
                || (self.is_cap_with(u, lexicon::is_stopword) && !self.new_in_name(seq))
                || self.sentence_start_common(u);
            if !drop {
                break;
            }
            seq = &seq[1..];
        }
        while matches!(seq.last(), Some(Unit::Conn(_))) {
            seq = &seq[..seq.len() - 1];
        }
        let Some(&head) = seq.first() else { return };
        if let Some(k) = seq.iter().position(|&u| self.is_and(u)) {
            // "David Kennedy of the National Oceanic and Atmospheric Administration", "Dr
            // Anne Schuchat of the US Centers for Disease Control and Prevention": a
            // name, then the organisation after "of" (an "of" inside the organisation's
            // name follows its head word: "Department of Health and Human Services"; or a
            // title's: "Secretary of Health and Human Services").
            let of = seq[..k].iter().position(|&u| self.key(u) == "of");
            let inside_name = |of: usize| {
                seq[..of]
                    .iter()
                    .any(|&u| self.is_cap_with(u, lexicon::is_org_head))
                    || (of > 0 && self.is_cap_with(seq[of - 1], lexicon::is_title_head))
            };
            if let Some(of) = of.filter(|&of| !inside_name(of)) {
                self.sequence(&seq[..of], out);
                self.sequence(&seq[of + 1..], out);
            } else if self.and_joins(seq, k) {
                self.named_by_head(seq, Kind::Organisation, out);
            } else {
                self.sequence(&seq[..k], out);
                self.sequence(&seq[k + 1..], out);
            }
            return;
        }
        if seq.len() == 1 {
            if let Unit::Gaz { entry, .. } = head {
                out.push(self.gaz_mention(head, entry));
                return;
            }
        }
        // Titles: "Russian Foreign Minister Sergei Lavrov" → person "Sergei Lavrov".
        if let Some(t) = seq
            .iter()
            .rposition(|&u| self.is_cap_with(u, lexicon::is_title_head))
        {
            let mut rest = &seq[t + 1..];
            // After the title, its modifiers and any function word: "11:47 PM The company"
            // is a time, not the prime minister "The".
            while let Some(&u) = rest.first() {
                if matches!(u, Unit::Conn(_))
                    || self.is_cap_with(u, lexicon::is_title)
                    || self.is_cap_with(u, lexicon::is_function_word)
                {
                    rest = &rest[1..];
                } else {
                    break;
                }
            }
            if rest
                .iter()
                .any(|&u| self.is_cap_with(u, lexicon::is_org_head))
            {
                self.named_by_head(seq, Kind::Organisation, out);
                return;
            }
            // A feature named after a person: "Prince William Sound", "King Fahd Causeway".
            if rest.len() >= 2
                && self.is_cap_with(rest[rest.len() - 1], lexicon::is_place_head)
                && !self.is_cap_with(rest[rest.len() - 1], lexicon::is_title)
            {
                self.named_by_head(&seq[t..], Kind::Place, out);
                return;
            }
            let mut prefix = &seq[..t];
            while let Some(&u) = prefix.last() {
                if matches!(u, Unit::Conn(_)) || self.is_cap_with(u, lexicon::is_title) {
                    prefix = &prefix[..prefix.len() - 1];
                } else {
                    break;
                }
            }
            if !prefix.is_empty() {
                self.sequence(prefix, out);
            }
            // "King of Pop", "Chancellor of the Exchequer": one word after "of" is what
            // the title is of, not a person ("Secretary of State Hillary Clinton" is).
            let domain = rest.len() == 1
                && matches!(seq.get(t + 1), Some(&u) if matches!(u, Unit::Conn(_))
                    && self.key(u) == "of");
            if !rest.is_empty() {
                if rest.iter().any(|u| matches!(u, Unit::Gaz { .. })) {
                    self.split_on_gazetteer(rest, out);
                } else if rest.len() <= 4 && !domain {
                    let mut m = self.plain(rest[0].from(), rest[rest.len() - 1].to(), false);
                    if !self.headline {
                        m.votes[Kind::Person.index()] += 3.0;
                    }
                    out.push(m);
                }
            }
            return;
        }
        // Events and documents are not entities: "Bastille Day", "Super Bowl", "Minsk Agreement".
        if self.is_cap_with(seq[seq.len() - 1], lexicon::is_event_head) {
            for &u in seq {
                if let Unit::Gaz { entry, .. } = u {
                    out.push(self.gaz_mention(u, entry));
                }
            }
            return;
        }
        // Heads: "Ministry of Defence", "Baltic Sea", "United Nations Independent Commission".
        if seq.len() > 1 {
            let last = seq[seq.len() - 1];
            if self.is_cap_with(last, lexicon::is_place_head) {
                self.named_by_head(seq, Kind::Place, out);
                return;
            }
            if seq
                .iter()
                .any(|&u| self.is_cap_with(u, lexicon::is_org_head))
            {
                self.named_by_head(seq, Kind::Organisation, out);
                return;
            }
            // "Gulf of Mexico", "Strait of Hormuz": one place, not a head and a country.
            // Names after a gazetteer name are their own ("Gulf of Mexico BP").
            if seq.len() >= 3
                && self.is_cap_with(seq[0], lexicon::is_feature_head)
                && self.key(seq[1]) == "of"
            {
                let end = match seq[2] {
                    Unit::Gaz { .. } => 3,
                    _ => seq.len(),
                };
                self.named_by_head(&seq[..end], Kind::Place, out);
                if end < seq.len() {
                    self.sequence(&seq[end..], out);
                }
                return;
            }
        }
        if seq.iter().any(|u| matches!(u, Unit::Gaz { .. })) {
            self.split_on_gazetteer(seq, out);
            return;
        }
        // Plain names: strip leading demonyms ("Russian", "Western").
        while let Some(&u) = seq.first() {
            if self.is_cap_with(u, |k| lexicon::gazetteer().demonyms.contains(k))
                || matches!(u, Unit::Conn(_))
            {
                seq = &seq[1..];
            } else {
                break;
            }
        }
        // Mixed capitals: "EPA Equifax" → "Equifax" (an acronym beside a name is a
        // credit or a caption, not part of it).
        let shouting = |u: &Unit| matches!(*u, Unit::Cap(i) if self.toks[i].all_caps);
        if seq.iter().any(|u| !shouting(u)) {
            while seq.first().is_some_and(shouting) {
                seq = &seq[1..];
            }
            while seq.last().is_some_and(shouting) {
                seq = &seq[..seq.len() - 1];
            }
        }
        let Some(&first) = seq.first() else { return };
        let last = seq[seq.len() - 1];
        if seq.len() > 5 || self.is_derived_demonym(seq) {
            return;
        }
        // Products and matches: "Galaxy S9", "Game 7", "Nord Stream 2".
        if self
            .toks
            .get(last.to())
            .is_some_and(|t| !t.gap && t.key.contains(|c: char| c.is_ascii_digit()))
        {
            return;
        }
        if seq.len() == 1 {
            let key = self.key(first);
            let single_junk = lexicon::is_stopword(key)
                || lexicon::is_common_acronym(key)
                // "MPs", not "FWS" (Fish and Wildlife Service): a plural in capitals.
                || (!self.toks[first.from()].all_caps
                    && key.strip_suffix('s').is_some_and(lexicon::is_common_acronym))
                || lexicon::is_party_and_state(key)
                || lexicon::is_title(key)
                || lexicon::is_org_head(key)
                || lexicon::is_place_head(key)
                // "War" of "World War II", "Day", "Games": an event's head alone.
                || lexicon::is_event_head(key)
                || self.gaz.demonyms.contains(key)
                // "Health Minister", "Health Secretary": a portfolio before a title.
                || self
                    .toks
                    .get(last.to())
                    .is_some_and(|t| t.cap && !t.gap && lexicon::is_title_head(&t.key))
                || key.chars().count() < 2;
            if single_junk {
                return;
            }
        }
        let weak = self.sentence_start_common(first) || self.toks[first.from()].initial;
        out.push(self.plain(first.from(), last.to(), weak));
    }

    fn is_and(&self, u: Unit) -> bool {
        matches!(u, Unit::Conn(i) if self.toks[i].key == "and")
    }

    /// Is the "and" at `k` inside one organisation's name? Yes when the name after it ends
    /// with an organisation's head word ("Securities and Exchange Commission", "National
    /// Oceanic and Atmospheric Administration", "Department of Health and Human
    /// Services"), or is one common word after a name that opens with an organisation's
    /// head and a connector ("Centers for Disease Control and Prevention"); no gazetteer
    /// name is involved but a place in front ("US Centers for …"), and the words before it
    /// are common ones in capitals (met in lowercase in the corpus), not a name ("Obama and
    /// Homeland Security Department" is a person and an organisation).
    fn and_joins(&self, seq: &[Unit], k: usize) -> bool {
        let (before, after) = (&seq[..k], &seq[k + 1..]);
        let common =
            |u: &Unit| matches!(*u, Unit::Cap(i) if self.lower.contains(&self.toks[i].key));
        // "and the Environmental Protection Agency", "and The Wilderness Society": a
        // second name.
        let second_name =
            |u: Unit| matches!(u, Unit::Conn(_)) || self.is_cap_with(u, lexicon::is_stopword);
        let named_after =
            after.len() >= 2 && self.is_cap_with(after[after.len() - 1], lexicon::is_org_head);
        // "Senate and House" is two: the tail is one plain word, not a head of its own.
        let tail_word = matches!(after, [w] if common(w)
            && !self.is_cap_with(*w, lexicon::is_org_head)
            && !self.is_cap_with(*w, lexicon::is_title_head))
            && matches!(before, [Unit::Gaz { .. }, head, Unit::Conn(_), _, ..]
                | [head, Unit::Conn(_), _, ..]
                if self.is_cap_with(*head, lexicon::is_org_head));
        // "Anadarko Petroleum Corp and Apache Corp": a firm's name ends at its legal form.
        let firm_before = before
            .last()
            .is_some_and(|&u| self.is_cap_with(u, lexicon::is_legal_form));
        (named_after || tail_word)
            && !second_name(after[0])
            && !firm_before
            && !before.is_empty()
            && seq.iter().filter(|&&u| self.is_and(u)).count() == 1
            // A place may qualify the whole: "US Centers for Disease Control and Prevention".
            && !seq[1..].iter().any(|u| matches!(u, Unit::Gaz { .. }))
            && before.iter().any(common)
            && !before
                .iter()
                .any(|&u| self.is_cap_with(u, lexicon::is_title_head))
    }

    /// A leading "New" that is part of the name: "New Orleans", "New Jersey" (the next word
    /// is a gazetteer name or never met in lowercase), not "New sanctions".
    fn new_in_name(&self, seq: &[Unit]) -> bool {
        match seq {
            [first, next, ..] if self.key(*first) == "new" && matches!(first, Unit::Cap(_)) => {
                match *next {
                    Unit::Gaz { .. } => true,
                    Unit::Cap(i) => !self.lower.contains(&self.toks[i].key),
                    Unit::Conn(_) => false,
                }
            }
            _ => false,
        }
    }

    /// "Costa Rican", "Kenyan", "Mexicans", "Haitians": a gazetteer name (or a name but its
    /// last vowel) plus a short ending, maybe plural. A people is no place.
    fn is_derived_demonym(&self, seq: &[Unit]) -> bool {
        let mut joined = String::new();
        for u in seq {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(self.key(*u));
        }
        let ends = ["n", "an", "ian", "ese", "i", "ish", "ean"];
        let singular = joined.strip_suffix('s').filter(|w| w.ends_with(['n', 'i']));
        let names_place = |stem: &str| {
            self.gaz.keys.contains_key(stem)
                || ['a', 'o', 'e', 'i'].into_iter().any(|v| {
                    let mut with = stem.to_string();
                    with.push(v);
                    self.gaz.keys.contains_key(&with)
                })
        };
        std::iter::once(joined.as_str())
            .chain(singular)
            .any(|word| {
                ends.iter()
                    .filter_map(|e| word.strip_suffix(e))
                    .filter(|stem| stem.len() >= 3)
                    .any(names_place)
            })
    }

    fn gaz_mention(&self, u: Unit, entry: usize) -> RawMention {
        RawMention {
            first: u.from(),
            last: u.to(),
            gaz: Some(entry),
            votes: [0.0; 3],
            shape: 0.0,
        }
    }

    /// Gazetteer names become their own mentions; the words between them are weak names.
    fn split_on_gazetteer(&self, seq: &[Unit], out: &mut Vec<RawMention>) {
        let mut run: Vec<Unit> = Vec::new();
        let flush = |run: &mut Vec<Unit>, out: &mut Vec<RawMention>| {
            while matches!(run.last(), Some(Unit::Conn(_))) {
                run.pop();
            }
            while matches!(run.first(), Some(Unit::Conn(_))) {
                run.remove(0);
            }
            let keep = match run.as_slice() {
                [] => false,
                [u] => {
                    let k = self.key(*u);
                    !(lexicon::is_stopword(k)
                        || lexicon::is_title(k)
                        || self.gaz.demonyms.contains(k))
                }
                r => r.len() <= 4,
            };
            if keep {
                out.push(self.plain(run[0].from(), run[run.len() - 1].to(), true));
            }
            run.clear();
        };
        for &u in seq {
            match u {
                Unit::Gaz { entry, .. } => {
                    flush(&mut run, out);
                    out.push(self.gaz_mention(u, entry));
                }
                _ => run.push(u),
            }
        }
        flush(&mut run, out);
    }

    fn named_by_head(&self, seq: &[Unit], kind: Kind, out: &mut Vec<RawMention>) {
        let mut m = RawMention {
            first: seq[0].from(),
            last: seq[seq.len() - 1].to(),
            gaz: None,
            votes: [0.0; 3],
            shape: 0.0,
        };
        if !self.headline {
            m.votes[kind.index()] += 3.0;
        }
        out.push(m);
    }

    /// A name without a head word or gazetteer entry: kind from the words around it.
    /// A `weak` name (at the start of a sentence, or left over between gazetteer names)
    /// gets no vote from its shape alone: only words around it can type it.
    fn plain(&self, first: usize, last: usize, weak: bool) -> RawMention {
        let mut m = RawMention {
            first,
            last,
            gaz: None,
            votes: [0.0; 3],
            shape: 0.0,
        };
        if self.headline {
            return m;
        }
        let toks = self.toks;
        let lower = |i: usize| toks.get(i).filter(|t| !t.cap).map(|t| t.key.as_str());
        let any = |i: usize| toks.get(i).map(|t| t.key.as_str());
        let prev = first.checked_sub(1);
        let prev2 = first.checked_sub(2);
        let v = &mut m.votes;
        let (person, place, org) = (
            Kind::Person.index(),
            Kind::Place.index(),
            Kind::Organisation.index(),
        );

        // Before the name.
        if let Some(p) = prev {
            let pk = any(p).unwrap_or("");
            if lexicon::is_role_noun(pk)
                && (!toks[p].cap || matches!(pk, "mr" | "mrs" | "ms" | "dr"))
            {
                v[person] += 3.0;
            }
            if let Some(pk) = lower(p) {
                if lexicon::is_place_word_before(pk) && !toks[first].gap {
                    v[place] += 2.0;
                }
                if pk == "the" {
                    v[person] -= 2.0;
                }
                if lexicon::is_org_noun_before(pk) {
                    v[org] += 3.0;
                }
                // "President at Equifax", "chief executive of Broadcom".
                if matches!(pk, "at" | "of" | "for")
                    && prev2.and_then(any).is_some_and(|w| {
                        lexicon::is_title_head(w) || lexicon::is_role_noun(w) || w == "executive"
                    })
                {
                    v[org] += 2.0;
                }
                if pk == "of"
                    && prev2
                        .and_then(lower)
                        .is_some_and(lexicon::is_place_noun_after)
                {
                    v[place] += 3.0;
                }
            }
        }
        // After a possessive: "Qualcomm's shares" (organisation).
        if toks[last - 1].possessive && lower(last).is_some_and(lexicon::is_org_possession) {
            v[org] += 2.0;
        }
        // After the name.
        let gap_after = toks.get(last).is_some_and(|t| t.gap);
        if !toks[last - 1].possessive {
            if let Some(nk) = lower(last) {
                if !gap_after {
                    if lexicon::is_speech_verb(nk) {
                        // Countries and companies speak too: one word is weaker evidence.
                        v[person] += if last - first > 1 { 2.0 } else { 1.0 };
                    }
                    if lexicon::is_place_noun_after(nk) {
                        v[place] += 3.0;
                    }
                    if lexicon::is_org_noun_after(nk)
                        || (nk == "news" && lower(last + 1) == Some("agency"))
                    {
                        v[org] += 3.0;
                    }
                    // "Bush administration officials": named after its head.
                    if nk == "administration" {
                        v[person] += 2.0;
                    }
                    if matches!(
                        nk,
                        "spokesman"
                            | "spokeswoman"
                            | "spokesperson"
                            | "chief"
                            | "executive"
                            | "executives"
                    ) || lexicon::is_org_possession(nk)
                    {
                        v[org] += 2.0;
                    }
                } else {
                    // Apposition: "Oleksandr Prokudin, the Governor of Kherson".
                    let mut k = last;
                    if matches!(any(k), Some("the" | "a" | "an")) {
                        k += 1;
                    }
                    if any(k).is_some_and(|w| lexicon::is_role_noun(w) || lexicon::is_title_head(w))
                    {
                        v[person] += 2.0;
                    }
                    if nk == "who" {
                        v[person] += 1.0;
                    }
                }
            } else if gap_after
                && self
                    .gaz_match(last)
                    .is_some_and(|(_, e)| self.gaz.entries[e].kind == Kind::Place)
            {
                // "Erie, Pennsylvania": a place followed by the place it is in.
                v[place] += 2.0;
            } else if gap_after {
                let mut k = last;
                if matches!(any(k), Some("the" | "a" | "an")) {
                    k += 1;
                }
                if any(k).is_some_and(lexicon::is_title_head) {
                    v[person] += 2.0;
                }
            }
        }
        // The name itself.
        let n = last - first;
        let t0 = &toks[first];
        if n == 1
            && t0.all_caps
            && t0.key.len() <= 5
            && t0.alpha
            && !lexicon::is_common_acronym(&t0.key)
        {
            v[org] += 2.0;
        }
        let name_like = |t: &Tok| {
            t.alpha
                && !t.all_caps
                && !self.lower.contains(&t.key)
                && !self.lower.contains(t.key.trim_end_matches('s'))
                && !lexicon::is_stopword(&t.key)
                && !lexicon::is_title(&t.key)
        };
        if !weak
            && (2..=3).contains(&n)
            && toks[first..last].iter().all(name_like)
            && prev.and_then(lower) != Some("the")
        {
            m.shape = 1.0;
        }
        m
    }
}
