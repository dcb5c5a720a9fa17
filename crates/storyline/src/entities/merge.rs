//! Alias merging: raw mentions grouped into entities (gazetteer variants, spelling
//! variants of one person, surname-only mentions), with canonical names and kinds.

use super::lexicon::{self, Gazetteer, Kind};
use std::cmp::Reverse;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One mention ready for merging.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub article: usize,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    /// The text as written (spaces normalised).
    pub surface: String,
    /// Folded tokens.
    pub tokens: Vec<String>,
    pub gaz: Option<usize>,
    pub votes: [f32; 3],
    /// Evidence for a person from the name's form (see `scan::RawMention::shape`).
    pub shape: f32,
}

/// An entity before ids are assigned: canonical name, kind and member mentions.
#[derive(Debug, Clone)]
pub(super) struct Cluster {
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub mentions: Vec<usize>,
}

/// Mentions sharing a gazetteer entry or a folded form.
#[derive(Debug, Default)]
struct Group {
    mentions: Vec<usize>,
    votes: [f32; 3],
    /// The sum of its mentions' [`Mention::shape`]: see [`Group::kind`].
    shape: f32,
    gaz: Option<usize>,
    tokens: Vec<String>,
}

/// Mentions up to which a person's form counts once per mention (see [`Group::kind`]).
const SHAPE_LINEAR: f32 = 3.0;

impl Group {
    /// The kind its own evidence supports, if any (ties: person, place, organisation).
    fn kind(&self, gaz: &Gazetteer) -> Option<Kind> {
        if let Some(e) = self.gaz {
            return Some(gaz.entries[e].kind);
        }
        // A person's form says the same however often it is met: past [`SHAPE_LINEAR`]
        // mentions it grows as a logarithm, so that a firm named 29 times ("Goldman
        // Sachs") is not a person by its form alone against what its contexts say.
        let mut votes = self.votes;
        votes[Kind::Person.index()] += if self.shape <= SHAPE_LINEAR {
            self.shape
        } else {
            SHAPE_LINEAR + (self.shape / SHAPE_LINEAR).ln()
        };
        let best = Kind::ALL
            .into_iter()
            .max_by(|a, b| votes[a.index()].total_cmp(&votes[b.index()]).then(b.cmp(a)))?;
        (votes[best.index()] >= 1.0).then_some(best)
    }

    fn is_acronym(&self, mentions: &[Mention]) -> bool {
        self.tokens.len() == 1
            && self
                .mentions
                .iter()
                .all(|&m| is_all_caps(&mentions[m].surface))
    }
}

fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Union-find over group indices.
#[derive(Clone)]
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        self.0[x] = r;
        r
    }
    /// Joins the sets; the smaller index becomes the root (order-independent result).
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

/// Jaro-Winkler similarity of two strings (by chars), 0..=1.
pub(super) fn jaro_winkler(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() || b.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_match = vec![false; a.len()];
    let mut b_match = vec![false; b.len()];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match[j] && b[j] == ca {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let a_seq = a.iter().zip(&a_match).filter(|(_, &m)| m).map(|(c, _)| c);
    let b_seq = b.iter().zip(&b_match).filter(|(_, &m)| m).map(|(c, _)| c);
    let transpositions = a_seq.zip(b_seq).filter(|(x, y)| x != y).count() / 2;
    let m = matches as f64;
    let jaro = (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64) / m) / 3.0;
    let prefix = a.iter().zip(&b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Are two folded surnames spellings of one name (`zelensky`/`zelenskyy`/`zelenskiy`,
/// `gaddafi`/`qadhafi`)? Equal after [`transliteration_key`], or [`sounds_alike`]: a
/// stricter test than edit distance alone, which would also join `Fallon`/`Falcon` or
/// `Hayes`/`Haynes`.
pub(super) fn same_surname(a: &str, b: &str) -> bool {
    same_spelling(a, b) || sounds_alike(a, b)
}

/// Equal, or equal after [`transliteration_key`] with the same first letter.
fn same_spelling(a: &str, b: &str) -> bool {
    a == b
        || (a.len().min(b.len()) >= 4
            && a.as_bytes()[0] == b.as_bytes()[0]
            && transliteration_key(a) == transliteration_key(b))
}

/// Romanisations that differ by more than [`transliteration_key`] folds (`Gaddafi`,
/// `Gadhafi`, `Qadhafi`, `Ghadafi`; `Mubarak`, `Mubarek`): one [`phonetic_key`] of three
/// consonants or more, names of five letters or more, at most two edits apart. Shorter
/// names one edit apart are often different names (`Chan`/`Chen`, `Kerr`/`Karr`).
pub(super) fn sounds_alike(a: &str, b: &str) -> bool {
    let short = a.chars().count().min(b.chars().count());
    if short < 5 || strsim::levenshtein(a, b) > 2 {
        return false;
    }
    let key = phonetic_key(a);
    key.chars().count() >= 3 && key == phonetic_key(b)
}

/// A consonant skeleton of a folded name: the first letter (any vowel as `a`), then the
/// consonants, with `h` dropped (`gh`, `dh`, `kh` are one sound), `q`/`c`/`k`/`g` as `k`,
/// `z` as `s`, and repeats once. Built on [`transliteration_key`], so names equal there are
/// equal here.
pub(super) fn phonetic_key(word: &str) -> String {
    let folded = transliteration_key(word);
    let mut out = String::with_capacity(folded.len());
    for (i, c) in folded.chars().filter(|c| c.is_alphabetic()).enumerate() {
        let mapped = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' if i == 0 => 'a',
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'h' if i > 0 => continue,
            'q' | 'c' | 'k' | 'g' => 'k',
            'z' => 's',
            c => c,
        };
        if !out.ends_with(mapped) {
            out.push(mapped);
        }
    }
    out
}

/// A folded name with the usual differences between romanisations removed: `y`/`j` as
/// `i`, `kh`/`zh`/`ph` reduced, `ou` as `u`, `w` as `v`, doubled letters once.
pub(super) fn transliteration_key(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pair = chars
            .get(i + 1)
            .is_some_and(|&n| matches!((c, n), ('p' | 'k' | 'z', 'h') | ('o', 'u') | ('c', 'k')));
        let mapped = match c {
            'p' if pair => 'f',
            'o' if pair => 'u',
            'c' if pair => 'k',
            'y' | 'j' => 'i',
            'w' => 'v',
            c => c,
        };
        if pair {
            i += 1;
        }
        if !(out.ends_with(mapped) && mapped.is_alphabetic()) {
            out.push(mapped);
        }
        i += 1;
    }
    out
}

/// Are two folded given names compatible (`sergei`/`sergey`, `j`/`john`, `ed`/`edward`,
/// `abdel`/`abdelbaset`, `bob`/`robert`)? A short form is the start of the long one or
/// stands for it ([`lexicon::formal_given`]).
fn same_given(a: &str, b: &str) -> bool {
    lexicon::formal_given(a) == lexicon::formal_given(b) || same_given_as_written(a, b)
}

/// [`same_given`] without short forms that are other words ("bob" for "robert").
fn same_given_as_written(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a == b
        || (short.chars().count() == 1 && long.starts_with(short))
        || (short.chars().count() >= 2 && long.starts_with(short))
        || (a.chars().next() == b.chars().next() && jaro_winkler(a, b) >= 0.85)
}

/// Are two middle-name initials compatible? Both given and different, they name two
/// people (`George W. Bush`, `George H. W. Bush`); one may be a start of the other.
fn same_middle(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || a.starts_with(b) || b.starts_with(a)
}

/// Of candidates `(root, count)`, the one counted at least `factor` times as often as
/// all the others together (ties: the smaller root); a lone candidate always is.
fn dominant(counts: impl IntoIterator<Item = (usize, usize)>, factor: usize) -> Option<usize> {
    let counts: Vec<(usize, usize)> = counts.into_iter().collect();
    let &(best, n) = counts.iter().max_by_key(|&&(r, n)| (n, Reverse(r)))?;
    let total: usize = counts.iter().map(|&(_, n)| n).sum();
    (n >= factor * (total - n)).then_some(best)
}

/// The parts of a person name that tell people apart.
#[derive(Debug, Clone)]
struct NameParts<'a> {
    given: &'a str,
    /// Initials of the middle names: `w` for "W.", `hw` for "H.W.", "HW" or "Herbert
    /// Walker".
    middle: String,
    surname: &'a str,
}

impl NameParts<'_> {
    /// One person's name, in two spellings? A short form of the given name ("Bob" for
    /// "Robert") with the surname spelt alike only: "Bob Martin" is not "Robert Merton".
    fn compatible(&self, other: &NameParts) -> bool {
        (same_spelling(self.surname, other.surname) && self.agrees(other))
            || (sounds_alike(self.surname, other.surname)
                && same_given_as_written(self.given, other.given)
                && same_middle(&self.middle, &other.middle))
    }
    /// Given names and middle initials agree.
    fn agrees(&self, other: &NameParts) -> bool {
        same_given(self.given, other.given) && same_middle(&self.middle, &other.middle)
    }
}

/// Generation suffixes, which are no surname ("Henry M. Paulson Jr").
fn is_generation(word: &str) -> bool {
    matches!(word, "jr" | "sr" | "ii" | "iii" | "iv")
}

/// A surname without an attached article: `al-megrahi` → `megrahi`.
fn bare_surname(word: &str) -> &str {
    match word.split_once('-') {
        Some((article, rest)) if lexicon::is_connector(article) && !rest.is_empty() => rest,
        _ => word,
    }
}

/// Given name, middle initials and surname of a person name (connectors and generation
/// suffixes left out).
fn name_parts(tokens: &[String]) -> Option<NameParts<'_>> {
    let words: Vec<&str> = tokens
        .iter()
        .map(String::as_str)
        .filter(|t| !lexicon::is_connector(t) && !is_generation(t))
        .collect();
    match words.as_slice() {
        [first, middle @ .., last] => Some(NameParts {
            given: first,
            middle: middle.iter().flat_map(|w| initials(w)).collect(),
            surname: bare_surname(last),
        }),
        _ => None,
    }
}

/// The initials a middle name stands for: its letters when it has at most two ("w",
/// "hw", "h.w"), else its first letter.
fn initials(word: &str) -> Vec<char> {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() <= 2 {
        letters
    } else {
        letters.into_iter().take(1).collect()
    }
}

/// Joins the spelling variants of one bucket of full names (sharing a surname key), most
/// mentioned first: a name joins the one cluster holding a compatible name and none that
/// contradicts it (same surname, other given name or middle initials). So "George Bush"
/// joins "George W. Bush", and "George H. W. Bush", contradicting it, starts its own.
fn join_variants(sets: &mut Sets, bucket: &[(usize, NameParts)], size: impl Fn(usize) -> usize) {
    let mut order: Vec<usize> = (0..bucket.len()).collect();
    order.sort_by_key(|&i| (Reverse(size(bucket[i].0)), bucket[i].0));
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for i in order {
        let me = &bucket[i].1;
        let fits: Vec<usize> = (0..clusters.len())
            .filter(|&k| {
                let members = clusters[k].iter().map(|&j| &bucket[j].1);
                let contradicts = members
                    .clone()
                    .any(|o| same_surname(me.surname, o.surname) && !me.agrees(o));
                !contradicts && members.into_iter().any(|o| me.compatible(o))
            })
            .collect();
        match fits[..] {
            [k] => clusters[k].push(i),
            _ => clusters.push(vec![i]),
        }
    }
    for c in &clusters {
        for &j in &c[1..] {
            sets.union(bucket[c[0]].0, bucket[j].0);
        }
    }
}

/// Groups mentions into entities. Mentions of groups without enough evidence are
/// dropped. Output order is not meaningful (the caller sorts by id).
pub(super) fn merge(
    mentions: &[Mention],
    gaz: &Gazetteer,
    lowercase_uses: &HashMap<String, usize>,
) -> Vec<Cluster> {
    // 1. Groups by gazetteer entry or folded form.
    // Single words are grouped per article, as a surname may name different people in
    // different articles; groups are numbered in key order, independent of input order.
    let group_key = |m: &Mention| match m.gaz {
        Some(e) => (Some(e), String::new(), 0),
        None if m.tokens.len() == 1 => (None, m.tokens[0].clone(), m.article),
        None => (None, m.tokens.join(" "), 0),
    };
    let keys: BTreeSet<(Option<usize>, String, usize)> = mentions.iter().map(group_key).collect();
    let index: BTreeMap<&(Option<usize>, String, usize), usize> =
        keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut groups: Vec<Group> = (0..keys.len()).map(|_| Group::default()).collect();
    for (i, m) in mentions.iter().enumerate() {
        let g = &mut groups[index[&group_key(m)]];
        g.mentions.push(i);
        g.gaz = m.gaz;
        g.tokens = m.tokens.clone();
        for k in 0..3 {
            g.votes[k] += m.votes[k];
        }
        g.shape += m.shape;
    }
    let mut kinds: Vec<Option<Kind>> = groups.iter().map(|g| g.kind(gaz)).collect();
    let things = shortened_by_first_word(&groups, &kinds, mentions);
    for &g in &things {
        kinds[g] = Some(Kind::Organisation);
    }
    let mut sets = Sets((0..groups.len()).collect());
    let mut person = vec![false; groups.len()];

    // 2. Full person names: spelling variants of one name join. Names are bucketed by
    // the transliteration key of the surname (variants share it, see `same_surname`).
    let full: Vec<usize> = (0..groups.len())
        .filter(|&g| {
            groups[g].gaz.is_none() && groups[g].tokens.len() >= 2 && kinds[g] == Some(Kind::Person)
        })
        .collect();
    let mut by_surname: BTreeMap<String, Vec<(usize, NameParts)>> = BTreeMap::new();
    for &g in &full {
        person[g] = true;
        if let Some(parts) = name_parts(&groups[g].tokens) {
            by_surname
                .entry(phonetic_key(parts.surname))
                .or_default()
                .push((g, parts));
        }
    }
    for bucket in by_surname.values() {
        join_variants(&mut sets, bucket, |g| groups[g].mentions.len());
    }
    // Names written with different spacing or hyphens: "Kim Jong Un", "Kim Jong-un".
    let mut squashed: BTreeMap<String, usize> = BTreeMap::new();
    for &g in &full {
        let key: String = groups[g]
            .tokens
            .concat()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match squashed.get(&transliteration_key(&key)) {
            Some(&other) => sets.union(other, g),
            None => {
                squashed.insert(transliteration_key(&key), g);
            }
        }
    }
    // The full names (as set roots) that a given name and surname may refer to.
    // Short first words of full names ("Kim Jong-un", "Xi Jinping"): East Asian family
    // names come first, and are what a one-word mention uses.
    let mut family_first: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &g in &full {
        let first = groups[g].tokens[0].as_str();
        if (2..=3).contains(&first.chars().count()) {
            family_first.entry(first).or_default().push(g);
        }
    }
    // Given names: a one-word mention that is no one's surname may be the given name of
    // the one person the article, or the corpus far more often, names with it ("Bashar"
    // beside "Bashar Assad").
    let mut by_given: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (g, p) in by_surname.values().flatten() {
        if p.given.chars().count() >= 4 {
            by_given.entry(p.given).or_default().push(*g);
        }
    }
    // A word alone that only sounds like a surname is that surname unless it is a given
    // name ("Katherine" is not "Catherine"; "Michel" is not "Michael").
    let surname_alike = |known: &str, word: &str| {
        same_spelling(known, word) || (sounds_alike(known, word) && !by_given.contains_key(word))
    };
    let people_named = |sets: &mut Sets, name: Option<&NameParts>, surname: &str| {
        let surname = bare_surname(surname);
        let bucket = by_surname.get(&phonetic_key(surname));
        let mut hits: Vec<usize> = bucket
            .into_iter()
            .flatten()
            .filter(|(_, p)| match name {
                Some(n) => n.compatible(p),
                None => surname_alike(p.surname, surname),
            })
            .map(|(f, _)| *f)
            .collect();
        if name.is_none() {
            hits.extend(family_first.get(surname).into_iter().flatten().copied());
        }
        let mut roots: BTreeSet<usize> = hits.into_iter().map(|f| sets.find(f)).collect();
        // Not a person one of whose names contradicts this one ("George H. W. Bush" is not
        // the "George Bush" who is also "George W. Bush").
        if let Some(n) = name {
            for (f, p) in bucket.into_iter().flatten() {
                if same_surname(p.surname, n.surname) && !n.agrees(p) {
                    roots.remove(&sets.find(*f));
                }
            }
        }
        roots
    };
    let people_given = |sets: &mut Sets, word: &str| -> BTreeSet<usize> {
        by_given
            .get(word)
            .into_iter()
            .flatten()
            .map(|&f| sets.find(f))
            .collect()
    };
    // A one-word name with an attached article is the name without it ("Al-Megrahi" is
    // "Megrahi"), when neither is a place or an organisation.
    let not_thing = |g: usize| {
        groups[g].gaz.is_none() && !matches!(kinds[g], Some(Kind::Place | Kind::Organisation))
    };
    let mut one_word: BTreeMap<&str, usize> = BTreeMap::new();
    for g in (0..groups.len()).filter(|&g| groups[g].tokens.len() == 1 && not_thing(g)) {
        let word = groups[g].tokens[0].as_str();
        if bare_surname(word) == word {
            one_word.entry(word).or_insert(g);
        }
    }
    for g in (0..groups.len()).filter(|&g| groups[g].tokens.len() == 1 && not_thing(g)) {
        let word = groups[g].tokens[0].as_str();
        let bare = bare_surname(word);
        if bare != word {
            if let Some(&o) = one_word.get(bare) {
                sets.union(o, g);
            }
        }
    }
    // Multi-word names without evidence of their own join a person with that name.
    for g in 0..groups.len() {
        if groups[g].gaz.is_some() || groups[g].tokens.len() < 2 || kinds[g].is_some() {
            continue;
        }
        let Some(parts) = name_parts(&groups[g].tokens) else {
            continue;
        };
        let targets = people_named(&mut sets, Some(&parts), parts.surname);
        if let [t] = targets.into_iter().collect::<Vec<_>>()[..] {
            sets.union(t, g);
            person[g] = true;
        }
    }

    // A name of three words or more ending with a person's name of two words or more is
    // that person with words left before it ("Homeland Security Janet Napolitano",
    // "State Hillary Rodham Clinton": the portfolio of a title taken out).
    let by_tokens: BTreeMap<&[String], usize> = full
        .iter()
        .map(|&g| (groups[g].tokens.as_slice(), g))
        .collect();
    // Typed otherwise by its contexts too ("Secretary of State Hillary Rodham Clinton"
    // read as an organisation), unless a place.
    for g in (0..groups.len()).filter(|&g| groups[g].gaz.is_none() && kinds[g] != Some(Kind::Place))
    {
        let tokens = &groups[g].tokens;
        // Not two names run together ("Michael Jackson Tito Jackson", "Jermaine and Randy
        // Jackson").
        let tail = (2..tokens.len())
            .rev()
            .filter(|&len| {
                let head = &tokens[..tokens.len() - len];
                !by_tokens.contains_key(head) && !head.iter().any(|t| t == "and")
            })
            .find_map(|len| by_tokens.get(&tokens[tokens.len() - len..]));
        if let Some(&o) = tail {
            sets.union(o, g);
            person[g] = true;
        }
    }
    // 3. Surname-only mentions join the one person with that surname named in the same
    // article, or else the one the whole corpus names far more often than any other
    // person with that surname: in at least `DOMINANT` times as many articles as all of
    // them together ("Obama" is Barack Obama, not Michelle Obama, in a story naming him in
    // 454 articles and her in 9; "Jackson" stays alone beside Michael, Janet, Jermaine and
    // Randy). Not when the word is typed as a place or organisation by its own context.
    const DOMINANT: usize = 4;
    // A surname alone that only sounds like another is a variant of it when said at most
    // a third as often: two forms said alike often are two names.
    const VARIANT: usize = 3;
    let mut person_articles: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for g in (0..groups.len()).filter(|&g| person[g]) {
        let root = sets.find(g);
        person_articles
            .entry(root)
            .or_default()
            .extend(groups[g].mentions.iter().map(|&m| mentions[m].article));
    }
    // The people as they stand before surnames join them: joining a surname may move a
    // set's root, and the lookups below must keep finding the same people.
    let mut people = sets.clone();
    let singles: Vec<usize> = (0..groups.len())
        .filter(|&g| {
            groups[g].gaz.is_none()
                && groups[g].tokens.len() == 1
                && !groups[g].is_acronym(mentions)
        })
        .collect();
    let mut word_votes: BTreeMap<&str, Group> = BTreeMap::new();
    for &g in &singles {
        let merged = word_votes.entry(groups[g].tokens[0].as_str()).or_default();
        for k in 0..3 {
            merged.votes[k] += groups[g].votes[k];
        }
    }
    let word_kind: BTreeMap<&str, Option<Kind>> =
        word_votes.iter().map(|(w, g)| (*w, g.kind(gaz))).collect();
    let articles_of = |r: &usize| person_articles.get(r).map_or(0, BTreeSet::len);
    let mut unattached: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &g in &singles {
        let word = groups[g].tokens[0].as_str();
        let article = mentions[groups[g].mentions[0]].article;
        let mut all = people_named(&mut people, None, word);
        if all.is_empty() {
            all = people_given(&mut people, word);
        }
        let local: Vec<usize> = all
            .iter()
            .copied()
            .filter(|r| person_articles.get(r).is_some_and(|a| a.contains(&article)))
            .collect();
        let typed_otherwise = matches!(word_kind[word], Some(Kind::Place | Kind::Organisation));
        let target = match &local[..] {
            [t] => Some(*t),
            [] if !typed_otherwise => dominant(all.iter().map(|&r| (r, articles_of(&r))), DOMINANT),
            _ => None,
        };
        match target {
            Some(t) => {
                sets.union(t, g);
                person[g] = true;
            }
            None => unattached.entry(word).or_default().push(g),
        }
    }
    // The rest of each word is one entity again; people among them whose names are
    // spelling variants join ("Zelensky", "Zelenskyy"; "Mubarek" said a few times beside
    // "Mubarak" said far more often).
    let mut lone: Vec<(&str, usize, usize)> = Vec::new();
    for (word, gs) in &unattached {
        for &g in &gs[1..] {
            sets.union(gs[0], g);
        }
        if word_kind[word] == Some(Kind::Person) {
            gs.iter().for_each(|&g| person[g] = true);
            let said: usize = gs.iter().map(|&g| groups[g].mentions.len()).sum();
            lone.push((word, gs[0], said));
        }
    }
    for (n, &(wa, a, na)) in lone.iter().enumerate() {
        for &(wb, b, nb) in &lone[n + 1..] {
            let lopsided = na.min(nb) * VARIANT <= na.max(nb);
            if same_spelling(wa, wb) || (surname_alike(wa, wb) && surname_alike(wb, wa) && lopsided)
            {
                sets.union(a, b);
            }
        }
    }

    // Organisations: one name in British and American spelling, or with "Center" for
    // "Centers", is one organisation ("Centres for Disease Control", "Center for Disease
    // Control"); and a name with one more word after "and" is the organisation without
    // it ("Centers for Disease Control and Prevention"). So an acronym finds one
    // organisation below.
    let org_groups: Vec<usize> = (0..groups.len())
        .filter(|&g| {
            groups[g].gaz.is_none()
                && groups[g].tokens.len() >= 2
                && kinds[g] == Some(Kind::Organisation)
        })
        .collect();
    let spelling = |tokens: &[String]| -> String {
        let words: Vec<&str> = tokens.iter().map(|t| lexicon::org_spelling(t)).collect();
        words.join(" ")
    };
    let mut by_spelling: BTreeMap<String, usize> = BTreeMap::new();
    for &g in &org_groups {
        match by_spelling.entry(spelling(&groups[g].tokens)) {
            Entry::Occupied(other) => sets.union(*other.get(), g),
            Entry::Vacant(slot) => {
                slot.insert(g);
            }
        }
    }
    for &g in &org_groups {
        let tokens = &groups[g].tokens;
        let n = tokens.len();
        if n >= 4 && tokens[n - 2] == "and" {
            if let Some(&o) = by_spelling.get(&spelling(&tokens[..n - 2])) {
                sets.union(o, g);
            }
        }
    }

    // A firm named with its legal form is the firm named without it, when the story names
    // it so: "BP Plc" is BP, "Anadarko Petroleum Corp" is Anadarko Petroleum.
    let mut firms: BTreeMap<String, usize> = BTreeMap::new();
    for g in (0..groups.len()).filter(|&g| kinds[g] == Some(Kind::Organisation)) {
        firms.entry(spelling(&groups[g].tokens)).or_insert(g);
    }
    for &g in &org_groups {
        let tokens = &groups[g].tokens;
        let n = tokens.len();
        if lexicon::is_legal_form(&tokens[n - 1]) {
            if let Some(&o) = firms.get(&spelling(&tokens[..n - 1])) {
                sets.union(o, g);
            }
        }
    }

    // A credit or a stray initial run into a name before it ("Reuters British Petroleum",
    // "AP Anadarko Petroleum Corp", "plan B. British Petroleum") leaves the name it
    // precedes: a news agency's or a single letter.
    let named: BTreeMap<&[String], usize> = (0..groups.len())
        .filter(|&g| groups[g].gaz.is_none() && groups[g].tokens.len() >= 2 && kinds[g].is_some())
        .map(|g| (groups[g].tokens.as_slice(), g))
        .collect();
    for g in (0..groups.len()).filter(|&g| groups[g].gaz.is_none()) {
        let tokens = &groups[g].tokens;
        let run_in = tokens.len() >= 3
            && (tokens[0].chars().count() == 1
                || gaz
                    .keys
                    .get(&tokens[0])
                    .is_some_and(|k| gaz.entries[k.entry].kind == Kind::Organisation));
        if let Some(&o) = named.get(&tokens[1..]).filter(|_| run_in) {
            sets.union(o, g);
            person[g] = person[o];
        }
    }

    // A word alone that begins one name shortened so ("Goldman" of "Goldman Sachs") is it;
    // so is one that begins the one organisation named with it ("Anadarko" of "Anadarko
    // Petroleum").
    let mut thing_first: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let orgs = (0..groups.len()).filter(|&g| {
        groups[g].gaz.is_none()
            && groups[g].tokens.len() >= 2
            && kinds[g] == Some(Kind::Organisation)
            && !things.contains(&g)
    });
    for g in things.iter().copied().chain(orgs) {
        thing_first
            .entry(groups[g].tokens[0].as_str())
            .or_default()
            .push(g);
    }
    let said = |t: &usize| groups[*t].mentions.len();
    for (word, gs) in &unattached {
        if word_kind[word] == Some(Kind::Place) {
            continue;
        }
        // Several names begin with it: the one the others are forms of, or one named
        // far more often than the rest ("Anadarko Petroleum" and its "Corp", beside one
        // "Anadarko Petroleum of America").
        let target = thing_first.get(word).and_then(|ts| {
            let mut by_root: BTreeMap<usize, usize> = BTreeMap::new();
            for t in ts {
                *by_root.entry(sets.find(*t)).or_default() += said(t);
            }
            let best = dominant(by_root.iter().map(|(&r, &n)| (r, n)), DOMINANT)?;
            ts.iter()
                .copied()
                .filter(|&t| sets.find(t) == best)
                .max_by_key(|t| (said(t), Reverse(*t)))
        });
        if let Some(t) = target {
            // A given name alone ("Mary") is no shortened organisation ("Mary Queen of
            // Vietnam Community Development Corp").
            if word_kind[word] == Some(Kind::Person) && !things.contains(&t) {
                continue;
            }
            sets.union(t, gs[0]);
            gs.iter().for_each(|&g| person[g] = false);
        }
    }

    // "US Coast Guard" is the "Coast Guard" of a story that names the Coast Guard of no
    // other place ("Louisiana National Guard" and "Alabama National Guard" keep "National
    // Guard" apart from both). The name after the place has two words or more.
    let mut placed: BTreeMap<usize, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
    for &g in &org_groups {
        let tokens = &groups[g].tokens;
        for len in 1..=3.min(tokens.len().saturating_sub(2)) {
            let place = gaz
                .keys
                .get(&tokens[..len].join(" "))
                .filter(|k| gaz.entries[k.entry].kind == Kind::Place);
            if let (Some(k), Some(&plain)) = (place, by_spelling.get(&spelling(&tokens[len..]))) {
                placed
                    .entry(plain)
                    .or_default()
                    .entry(k.entry)
                    .or_default()
                    .push(g);
                break;
            }
        }
    }
    for (&plain, places) in placed.iter().filter(|(_, places)| places.len() == 1) {
        for &g in places.values().flatten() {
            sets.union(plain, g);
        }
    }

    // 4. Acronyms join the one organisation whose initials they are.
    let mut by_initials: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (o, grp) in groups.iter().enumerate() {
        // Not an acronym written with spaces ("B P").
        let spelled = grp.tokens.iter().all(|t| t.chars().count() == 1);
        if grp.gaz.is_none()
            && kinds[o] == Some(Kind::Organisation)
            && grp.tokens.len() >= 2
            && !spelled
        {
            let initials: String = grp
                .tokens
                .iter()
                .filter(|t| !lexicon::is_connector(t) && !matches!(t.as_str(), "and" | "for"))
                .filter_map(|t| t.chars().next())
                .collect();
            by_initials.entry(initials).or_default().push(o);
        }
    }
    let mut acronyms: BTreeMap<&str, usize> =
        unattached.iter().map(|(w, gs)| (*w, gs[0])).collect();
    for (g, grp) in groups.iter().enumerate() {
        if grp.gaz.is_some() || !grp.is_acronym(mentions) {
            continue;
        }
        let word = grp.tokens[0].as_str();
        if let Some(&first) = acronyms.get(word) {
            sets.union(first, g);
        }
        acronyms.entry(word).or_insert(g);
        let Some(orgs) = by_initials.get(word) else {
            continue;
        };
        // Several organisations with these initials: the one named most often, when it
        // is named at least twice as often as all the others together and the acronym
        // has three letters or more (two-letter ones are too often other things: "PA",
        // "PR"; spelling variants:
        // "National Oceanic and Atmospheric Administration" 107 articles, "National
        // Oceanographic and …" 6); otherwise the acronym stays on its own.
        let mut named: BTreeMap<usize, usize> = BTreeMap::new();
        for &o in orgs {
            *named.entry(sets.find(o)).or_default() += groups[o].mentions.len();
        }
        let best = dominant(named.iter().map(|(&t, &n)| (t, n)), 2)
            .filter(|_| named.len() == 1 || word.chars().count() >= 3);
        if let Some(t) = best {
            sets.union(t, g);
            // "NOAA said", "Noaa said": a speaker, but the acronym of an organisation.
            person[g] = false;
            for &w in unattached.get(word).into_iter().flatten() {
                person[w] = false;
            }
        }
    }

    // 5. Clusters: keep those with a kind.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for g in 0..groups.len() {
        members.entry(sets.find(g)).or_default().push(g);
    }
    let mut out = Vec::new();
    for gs in members.values() {
        let kind = if gs.iter().any(|&g| person[g]) {
            Some(Kind::Person)
        } else if let Some(e) = gs.iter().find_map(|&g| groups[g].gaz) {
            Some(gaz.entries[e].kind)
        } else if gs.iter().any(|g| things.contains(g)) {
            Some(Kind::Organisation)
        } else {
            let mut votes = [0f32; 3];
            let mut shape = 0f32;
            for &g in gs {
                for (v, add) in votes.iter_mut().zip(groups[g].votes) {
                    *v += add;
                }
                shape += groups[g].shape;
            }
            let merged = Group {
                votes,
                shape,
                ..Group::default()
            };
            merged.kind(gaz)
        };
        let Some(kind) = kind else { continue };
        let ms: Vec<usize> = gs
            .iter()
            .flat_map(|&g| groups[g].mentions.iter().copied())
            .collect();
        if is_common_word(gs, &groups, mentions, lowercase_uses) {
            continue;
        }
        let gaz_name = gs
            .iter()
            .find_map(|&g| groups[g].gaz)
            .map(|e| gaz.entries[e].name.clone());
        let name = gaz_name.unwrap_or_else(|| canonical(&ms, mentions, kind));
        let aliases = aliases(&ms, mentions, &name);
        out.push(Cluster {
            name,
            kind,
            aliases,
            mentions: ms,
        });
    }
    out
}

/// Full person names that the articles naming them shorten to the first word, not the
/// last, are the names of things ("Goldman Sachs" … "Goldman", "Fannie Mae" … "Fannie"):
/// a person is shortened to the surname. Not when the first word is the given name of
/// other people too ("Charlie"), a place on its own ("Cardiff"), or shorter than four
/// letters (East Asian family names come first: "Ban Ki-moon" … "Ban").
fn shortened_by_first_word(
    groups: &[Group],
    kinds: &[Option<Kind>],
    mentions: &[Mention],
) -> Vec<usize> {
    let mut alone: BTreeMap<&str, (BTreeSet<usize>, [f32; 3])> = BTreeMap::new();
    for grp in groups
        .iter()
        .filter(|g| g.gaz.is_none() && g.tokens.len() == 1)
    {
        let slot = alone.entry(grp.tokens[0].as_str()).or_default();
        slot.0
            .extend(grp.mentions.iter().map(|&m| mentions[m].article));
        for k in 0..3 {
            slot.1[k] += grp.votes[k];
        }
    }
    let full_person = |g: usize| {
        groups[g].gaz.is_none() && groups[g].tokens.len() >= 2 && kinds[g] == Some(Kind::Person)
    };
    let mut given: BTreeMap<&str, usize> = BTreeMap::new();
    for g in (0..groups.len()).filter(|&g| full_person(g)) {
        *given.entry(groups[g].tokens[0].as_str()).or_default() += 1;
    }
    let shortened = |word: &str, arts: &BTreeSet<usize>| {
        alone
            .get(word)
            .map_or(0, |(a, _)| a.intersection(arts).count())
    };
    let a_place = |word: &str| {
        alone.get(word).is_some_and(|(_, v)| {
            let place = v[Kind::Place.index()];
            place >= 1.0 && place > v[Kind::Person.index()]
        })
    };
    (0..groups.len())
        .filter(|&g| {
            if !full_person(g) {
                return false;
            }
            let tokens = &groups[g].tokens;
            let (first, last) = (tokens[0].as_str(), tokens[tokens.len() - 1].as_str());
            if first.chars().count() < 4 || given[first] > 1 || a_place(first) {
                return false;
            }
            let arts: BTreeSet<usize> = groups[g]
                .mentions
                .iter()
                .map(|&m| mentions[m].article)
                .collect();
            let by_first = shortened(first, &arts);
            by_first >= 2 && by_first > shortened(last, &arts)
        })
        .collect()
}

/// A one-word entity whose word the corpus writes in lowercase at least as often as it
/// names the entity ("Health", "Enforcement", "Co", "Congressional"): a common word
/// capitalised by a heading or a longer name, not a name. Acronyms excepted.
fn is_common_word(
    gs: &[usize],
    groups: &[Group],
    mentions: &[Mention],
    lowercase_uses: &HashMap<String, usize>,
) -> bool {
    let Some(word) = groups[gs[0]].tokens.first() else {
        return false;
    };
    let one_word = gs.iter().all(|&g| {
        groups[g].gaz.is_none() && groups[g].tokens.len() == 1 && &groups[g].tokens[0] == word
    });
    let said: usize = gs.iter().map(|&g| groups[g].mentions.len()).sum();
    let acronym = gs.iter().any(|&g| groups[g].is_acronym(mentions));
    one_word && !acronym && lowercase_uses.get(word).is_some_and(|&n| n >= said)
}

/// The canonical name. People: the multi-word form whose words are the most used across
/// all mentions, least used word first (so "Volodymyr Zelenskyy" wins when "Zelenskyy" is
/// the usual spelling, and "Barack Obama" over a "Barack Hussein Obama" said once), then
/// the most frequent, longest, alphabetical. Others: the most frequent form, then
/// longest, then alphabetical.
fn canonical(ms: &[usize], mentions: &[Mention], kind: Kind) -> String {
    let mut forms: BTreeMap<String, usize> = BTreeMap::new();
    let mut words: BTreeMap<&str, usize> = BTreeMap::new();
    for &m in ms {
        let surface = display_form(&mentions[m].surface);
        *forms.entry(surface).or_default() += 1;
        for w in &mentions[m].tokens {
            *words.entry(w.as_str()).or_default() += 1;
        }
    }
    let multi = kind == Kind::Person && forms.keys().any(|f| f.contains(' '));
    // How used its words are, least used first, compared word by word: a summed count
    // would crown any longer form ("Barack Hussein Obama", said once, over "Barack
    // Obama"); the least used alone would not tell "Zelenskyy" from "Zelensky".
    let score = |form: &str| -> Vec<usize> {
        if !multi {
            return vec![];
        }
        let mut used: Vec<usize> = super::scan::key_tokens(form)
            .iter()
            .map(|w| words.get(w.as_str()).copied().unwrap_or(0))
            .collect();
        used.sort_unstable();
        used
    };
    let best = forms
        .iter()
        .filter(|(f, _)| !multi || f.contains(' '))
        // Each form scored once (not once per comparison); alphabetical first on ties.
        .max_by_key(|&(f, &n)| (score(f), n, f.len(), std::cmp::Reverse(f)))
        .map(|(f, _)| f.clone())
        .unwrap_or_default();
    if kind == Kind::Organisation && !best.contains(' ') {
        return full_name_of(&best, &forms).unwrap_or(best);
    }
    best
}

/// An organisation's name in full rather than the word it is shortened to ("Yale
/// University", not "Yale"; "Anadarko Petroleum", not "Anadarko"): the form said most
/// often (twice or more) of those of two to four words that begin with the word, hold no
/// "of" or "and" (a name run into the next: "Garrett of Fox News") and do not end with a
/// legal form.
fn full_name_of(word: &str, forms: &BTreeMap<String, usize>) -> Option<String> {
    let key = super::scan::key_tokens(word);
    forms
        .iter()
        .filter(|&(f, &n)| {
            if n < 2 {
                return false;
            }
            let tokens = super::scan::key_tokens(f);
            (2..=4).contains(&tokens.len())
                && tokens.starts_with(&key)
                && !tokens.last().is_some_and(|t| lexicon::is_legal_form(t))
                && !tokens.iter().any(|t| matches!(t.as_str(), "of" | "and"))
        })
        .max_by_key(|&(f, &n)| (n, std::cmp::Reverse(f)))
        .map(|(f, _)| f.clone())
}

/// A surface as shown: all-capital words of more than 5 letters in title case
/// (`MOSCOW` → `Moscow`), other forms unchanged.
fn display_form(surface: &str) -> String {
    surface
        .split(' ')
        .map(|w| {
            if w.chars().filter(|c| c.is_alphabetic()).count() > 5 && is_all_caps(w) {
                let mut cs = w.chars();
                let first = cs.next().map(|c| c.to_string()).unwrap_or_default();
                first + &cs.as_str().to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn aliases(ms: &[usize], mentions: &[Mention], name: &str) -> Vec<String> {
    let forms: BTreeSet<String> = ms
        .iter()
        .map(|&m| display_form(&mentions[m].surface))
        .collect();
    forms.into_iter().filter(|f| f != name).collect()
}
