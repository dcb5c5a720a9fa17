//! The titles outlets give a person ("Defence Minister Rustem Umerov", "Umerov, the
//! former defence minister"), and when two outlets' titles for one person conflict.
//!
//! A title is read from the words right before the name (back to the first word that is
//! not part of a title: "Ukraine's Defence Minister Rustem Umerov" gives "Defence
//! Minister") or from an appositive right after it ("Rustem Umerov, Ukraine's former
//! defence minister, said"). It is normalised to a status (`former`, `acting`, `deputy`,
//! `elect`...) and a set of office words (`minister`, `defence`...), so that spellings
//! ("Defense"/"Defence"), abbreviations ("Pres.", "PM"), case and word order ("Secretary of
//! Defense"/"Defense Secretary") do not matter, and nationalities or possessives before it
//! are left out. Only titles naming an office count: "leader", "head", "Mr" or "Dr" say
//! nothing a reader could check.
//!
//! Two titles conflict when they name the same office (or one names it less precisely,
//! "Minister" and "Defence Minister") with another status ("former Defence Minister" and
//! "Defence Minister", "Vice President" and "President"), or, both current, different
//! offices of one kind ("Foreign Minister" and "Prime Minister") or different heads of
//! state or government ("President" and "Prime Minister"). A "then-" title is a statement
//! about the past and is never compared. A person may hold several unrelated roles
//! ("aide" and "chief envoy", "General" and "Director"): those never conflict.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use storyline_model::{DiscrepancySide, Mention};

/// What a word contributes to a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A status of the office holder (`former`, `acting`...).
    Status(&'static str),
    /// Office words (`minister`; `premier` gives `prime minister`).
    Office(&'static [&'static str]),
    /// A status and an office in one word (`vp`, `undersecretary`).
    Both(&'static str, &'static [&'static str]),
    /// The field of an office (`foreign`, `defence`).
    Field(&'static str),
    /// Words that may stand inside a title without changing it (`chief`, `senior`).
    Filler,
    Of,
    The,
    /// `then-`: a title of the past.
    Then,
}

/// The offices that make a title a claim (the head of the title).
const HEADS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "chancellor",
    "governor",
    "mayor",
    "senator",
    "representative",
    "ambassador",
    "envoy",
    "spokesperson",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "general",
    "colonel",
    "lieutenant",
    "captain",
    "admiral",
    "commander",
    "sergeant",
    "marshal",
    "judge",
    "attorney",
    "speaker",
    "chair",
    "ceo",
    "cfo",
    "director",
    "commissioner",
    "negotiator",
    "aide",
    "adviser",
    "commandant",
    "coach",
    "mp",
];

/// Heads of state or government: two different ones for one person conflict.
fn executive(office: &BTreeSet<&'static str>) -> Option<&'static str> {
    if office.contains("minister") && office.contains("prime") {
        Some("prime minister")
    } else if office.len() == 1 && office.contains("president") {
        Some("president")
    } else if office.len() == 1 && office.contains("chancellor") {
        Some("chancellor")
    } else {
        None
    }
}

/// The class of a word (folded, without a trailing period).
fn class(w: &str) -> Option<Class> {
    use Class::*;
    Some(match w {
        "former" | "ex" => Status("former"),
        "acting" | "interim" | "caretaker" => Status("acting"),
        "deputy" | "vice" | "dep" => Status("deputy"),
        "assistant" | "asst" => Status("assistant"),
        "under" => Status("under"),
        "elect" | "designate" | "incoming" => Status("elect"),
        "undersecretary" => Both("under", &["secretary"]),
        "vp" => Both("deputy", &["president"]),
        "president" | "pres" => Office(&["president"]),
        "minister" | "min" => Office(&["minister"]),
        "premier" | "pm" => Office(&["prime", "minister"]),
        "secretary" | "sec" | "secy" => Office(&["secretary"]),
        "chancellor" => Office(&["chancellor"]),
        "governor" | "gov" => Office(&["governor"]),
        "mayor" => Office(&["mayor"]),
        "senator" | "sen" => Office(&["senator"]),
        "representative" | "rep" | "congressman" | "congresswoman" | "congressperson" => {
            Office(&["representative"])
        }
        "ambassador" | "amb" => Office(&["ambassador"]),
        "envoy" => Office(&["envoy"]),
        "spokesman" | "spokeswoman" | "spokesperson" => Office(&["spokesperson"]),
        "king" => Office(&["king"]),
        "queen" => Office(&["queen"]),
        "prince" => Office(&["prince"]),
        "princess" => Office(&["princess"]),
        "pope" => Office(&["pope"]),
        "general" | "gen" => Office(&["general"]),
        "colonel" | "col" => Office(&["colonel"]),
        "lieutenant" | "lt" => Office(&["lieutenant"]),
        "captain" | "capt" => Office(&["captain"]),
        "admiral" | "adm" => Office(&["admiral"]),
        "commander" | "cmdr" => Office(&["commander"]),
        "sergeant" | "sgt" => Office(&["sergeant"]),
        "marshal" => Office(&["marshal"]),
        "judge" => Office(&["judge"]),
        "attorney" => Office(&["attorney"]),
        "speaker" => Office(&["speaker"]),
        "chairman" | "chairwoman" | "chair" | "chairperson" => Office(&["chair"]),
        "ceo" | "executive" => Office(&["ceo"]),
        "cfo" => Office(&["cfo"]),
        "director" => Office(&["director"]),
        "commissioner" => Office(&["commissioner"]),
        "negotiator" => Office(&["negotiator"]),
        "aide" => Office(&["aide"]),
        "adviser" | "advisor" => Office(&["adviser"]),
        "commandant" => Office(&["commandant"]),
        "coach" => Office(&["coach"]),
        "mp" => Office(&["mp"]),
        "prime" => Field("prime"),
        "foreign" => Field("foreign"),
        "defence" | "defense" => Field("defence"),
        "interior" => Field("interior"),
        "home" => Field("home"),
        "finance" | "financial" => Field("finance"),
        "economy" | "economic" | "economics" => Field("economy"),
        "justice" => Field("justice"),
        "health" => Field("health"),
        "education" => Field("education"),
        "energy" => Field("energy"),
        "culture" => Field("culture"),
        "agriculture" => Field("agriculture"),
        "environment" => Field("environment"),
        "trade" => Field("trade"),
        "industry" => Field("industry"),
        "transport" | "transportation" => Field("transport"),
        "labour" | "labor" => Field("labour"),
        "treasury" => Field("treasury"),
        "commerce" => Field("commerce"),
        "exchequer" => Field("exchequer"),
        "state" => Field("state"),
        "war" => Field("war"),
        "security" => Field("security"),
        "homeland" => Field("homeland"),
        "intelligence" => Field("intelligence"),
        "immigration" => Field("immigration"),
        "development" => Field("development"),
        "information" => Field("information"),
        "communications" => Field("communications"),
        "science" => Field("science"),
        "technology" => Field("technology"),
        "tourism" => Field("tourism"),
        "sport" | "sports" => Field("sport"),
        "welfare" => Field("welfare"),
        "housing" => Field("housing"),
        "veterans" => Field("veterans"),
        "emergencies" | "emergency" => Field("emergencies"),
        "infrastructure" => Field("infrastructure"),
        "first" | "senior" | "chief" | "top" | "lead" | "principal" | "high" | "national"
        | "affairs" | "late" | "outgoing" | "presidential" => Filler,
        "of" => Of,
        "the" => The,
        "then" => Then,
        _ => return None,
    })
}

/// Abbreviations that may be written with a period ("Pres. Zelensky").
fn abbreviation(w: &str) -> bool {
    matches!(
        w,
        "pres"
            | "min"
            | "sec"
            | "secy"
            | "gov"
            | "sen"
            | "rep"
            | "amb"
            | "gen"
            | "col"
            | "lt"
            | "capt"
            | "adm"
            | "cmdr"
            | "sgt"
            | "dep"
            | "asst"
    )
}

/// "Under" is a title word only in "Under-Secretary" or "Under Secretary", never the
/// preposition ("Under President Trump, ...").
fn under_title(text: &str, w: &Word) -> bool {
    let next = text[w.range.end..].trim_start_matches(['-', ' ']);
    next.get(..9)
        .is_some_and(|n| n.eq_ignore_ascii_case("secretary"))
}

/// One person's title in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// Index of the person in the entities stage's output.
    pub entity: usize,
    /// The title and the name, as written ("former Defence Minister Rustem Umerov").
    pub text: String,
    /// The status words, normalised (`former`, `acting`...); empty when there are none.
    pub status: BTreeSet<&'static str>,
    /// The office words, normalised (`minister`, `defence`...).
    pub office: BTreeSet<&'static str>,
}

struct Word {
    range: Range<usize>,
    folded: String,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    storyline_model::text::for_each_word(text, |range| {
        let folded = storyline_model::text::fold(&text[range.clone()]);
        if !folded.is_empty() {
            out.push(Word { range, folded });
        }
    });
    out
}

/// Is the word followed by a possessive `'s`?
fn possessive(text: &str, w: &Word) -> bool {
    let after = &text[w.range.end..];
    after.starts_with("'s") || after.starts_with("’s") || after.starts_with("s'")
}

/// Status and office of a run of title words; `None` when it names no office, holds a
/// "then-", or holds a word that is not part of a title.
fn normalise(ws: &[&Word]) -> Option<(BTreeSet<&'static str>, BTreeSet<&'static str>)> {
    let (mut status, mut office) = (BTreeSet::new(), BTreeSet::new());
    let mut head = false;
    for w in ws {
        match class(&w.folded)? {
            Class::Status(s) => {
                status.insert(s);
            }
            Class::Office(o) => {
                head = true;
                office.extend(o.iter().copied());
            }
            Class::Both(s, o) => {
                head = true;
                status.insert(s);
                office.extend(o.iter().copied());
            }
            Class::Field(f) => {
                office.insert(f);
            }
            Class::Then => return None,
            Class::Filler | Class::Of | Class::The => {}
        }
    }
    head.then_some((status, office))
}

/// The title written right before the name at `name` (a byte range of `text`).
fn before(text: &str, ws: &[Word], name: &Range<usize>) -> Option<(usize, Vec<usize>)> {
    let last = ws.iter().rposition(|w| w.range.end <= name.start)?;
    let mut run: Vec<usize> = Vec::new();
    let mut comma = false;
    let mut i = last as isize;
    let mut next_start = name.start;
    while i >= 0 {
        let w = &ws[i as usize];
        let gap = &text[w.range.end..next_start];
        let gap_ok = if (gap.chars().all(char::is_whitespace) && !gap.is_empty()) || gap == "-" {
            true
        } else if gap.starts_with('.') && gap[1..].chars().all(char::is_whitespace) {
            abbreviation(&w.folded)
        } else if run.is_empty() && !comma && gap.trim() == "," {
            comma = true;
            true
        } else {
            false
        };
        if !gap_ok || possessive(text, w) {
            break;
        }
        let c = class(&w.folded);
        let fits = match c {
            None => false,
            Some(Class::Status("under")) => under_title(text, w),
            // "4:57 PM McCain": a time, not a prime minister.
            Some(Class::Office(["prime", "minister"])) if w.folded == "pm" => {
                i == 0
                    || !ws[i as usize - 1]
                        .folded
                        .bytes()
                        .all(|b| b.is_ascii_digit())
            }
            // "the" only inside "of the".
            Some(Class::The) => {
                run.last().is_some_and(|&j| ws[j].folded != "of")
                    && i > 0
                    && ws[i as usize - 1].folded == "of"
            }
            Some(_) => true,
        };
        if !fits {
            break;
        }
        run.push(i as usize);
        next_start = w.range.start;
        i -= 1;
    }
    // Trim connectors at the front of the title ("of", "the").
    while run
        .last()
        .is_some_and(|&j| matches!(class(&ws[j].folded), Some(Class::Of | Class::The)))
    {
        run.pop();
    }
    run.reverse();
    if run.is_empty() {
        return None;
    }
    if comma {
        // "the defence minister, Rustem Umerov": only after "the" or a possessive.
        let first = run[0];
        let ok = first > 0 && {
            let p = &ws[first - 1];
            p.folded == "the" || possessive(text, p)
        };
        if !ok {
            return None;
        }
    }
    Some((ws[run[0]].range.start, run))
}

/// The title in an appositive right after the name: "Umerov, Ukraine's former defence
/// minister, said".
fn after(text: &str, ws: &[Word], name: &Range<usize>) -> Option<(usize, Vec<usize>)> {
    if !text[name.end..].starts_with(", ") {
        return None;
    }
    let mut i = ws.iter().position(|w| w.range.start >= name.end)?;
    // Determiners, possessives and capitalised words (nationalities) before the title.
    let mut skipped = 0;
    while i < ws.len() && class(&ws[i].folded).is_none_or(|c| c == Class::The) {
        let w = &ws[i];
        let cap = text[w.range.clone()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if !(matches!(w.folded.as_str(), "the" | "a" | "an") || possessive(text, w) || cap)
            || skipped == 3
        {
            return None;
        }
        skipped += 1;
        i += 1;
    }
    let mut run = Vec::new();
    let mut end = 0;
    while i < ws.len() {
        let w = &ws[i];
        let gap_ok = run.is_empty() || {
            let gap = &text[ws[i - 1].range.end..w.range.start];
            (gap.chars().all(char::is_whitespace) && !gap.is_empty()) || gap == "-"
        };
        if !gap_ok || possessive(text, w) {
            break;
        }
        match class(&w.folded) {
            Some(Class::Of) => {
                // "president of Ukraine", "minister of the interior": the place is left out.
                run.push(i);
                i += 1;
                if ws.get(i).is_some_and(|w| w.folded == "the") {
                    i += 1;
                }
                end = w.range.end;
                while let Some(w) = ws.get(i) {
                    let cap = text[w.range.clone()]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                    match class(&w.folded) {
                        Some(Class::Field(_)) => run.push(i),
                        Some(Class::Filler) => {}
                        _ if cap => {}
                        _ => break,
                    }
                    end = w.range.end;
                    i += 1;
                    if text[end..].starts_with(|c: char| !c.is_whitespace()) {
                        break;
                    }
                }
                break;
            }
            Some(Class::The) | None => break,
            Some(Class::Status("under")) if !under_title(text, w) => break,
            Some(_) => {
                run.push(i);
                end = w.range.end;
                i += 1;
            }
        }
    }
    if run.is_empty() {
        return None;
    }
    // The appositive must end here: punctuation, the end, or a lowercase word ("who").
    let tail = text[end..].trim_start();
    let next_word = ws.get(i).map(|w| &text[w.range.clone()]);
    let ends = tail.is_empty()
        || tail.starts_with([',', '.', ';', ':', ')', '—', '–'])
        || next_word.is_some_and(|n| {
            n.chars().next().is_some_and(char::is_lowercase) && n != "and" && n != "or"
        });
    if !ends {
        return None;
    }
    Some((end, run))
}

/// The title of the person named at `name` (a byte range of `sentence`), if any.
pub fn title_of(sentence: &str, name: Range<usize>, entity: usize) -> Option<Title> {
    if name.start > name.end
        || !sentence.is_char_boundary(name.start)
        || !sentence.is_char_boundary(name.end)
    {
        return None;
    }
    let ws = words(sentence);
    let found = before(sentence, &ws, &name)
        .map(|(start, run)| (start..name.end, run))
        .or_else(|| after(sentence, &ws, &name).map(|(end, run)| (name.start..end, run)))?;
    let (span, run) = found;
    let run: Vec<&Word> = run.iter().map(|&i| &ws[i]).collect();
    let (status, office) = normalise(&run)?;
    Some(Title {
        entity,
        text: sentence[span]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        status,
        office,
    })
}

/// Statuses in the order an office holder goes through them.
fn stage(status: &BTreeSet<&str>) -> Option<u8> {
    match status.iter().copied().collect::<Vec<_>>().as_slice() {
        ["elect"] => Some(0),
        [] | ["acting"] => Some(1),
        ["former"] => Some(2),
        _ => None,
    }
}

/// Do two titles of one person contradict each other? `published` are the dates of the
/// two articles (`YYYY-MM-DD`), when known: a president-elect who is president later, or a
/// minister who is a former minister later, is a change over time, not a disagreement.
pub fn conflict(a: &Title, b: &Title, published: (Option<&str>, Option<&str>)) -> bool {
    let nested = a.office.is_subset(&b.office) || b.office.is_subset(&a.office);
    if nested {
        if a.status == b.status {
            return false;
        }
        // Stages of one office: only a disagreement if the later article has the earlier
        // stage (or both are of one day, or undated).
        if let (Some(sa), Some(sb)) = (stage(&a.status), stage(&b.status)) {
            if sa == sb {
                // "Acting director" and "director": one outlet left a word out.
                return false;
            }
            if let (Some(pa), Some(pb)) = published {
                let (early, late) = if sa < sb { (pa, pb) } else { (pb, pa) };
                return late <= early;
            }
        }
        return true;
    }
    if !a.status.is_empty() || !b.status.is_empty() {
        return false;
    }
    let heads = |t: &Title| -> BTreeSet<&'static str> {
        t.office
            .iter()
            .copied()
            .filter(|o| HEADS.contains(o))
            .collect()
    };
    let (ea, eb) = (executive(&a.office), executive(&b.office));
    (ea.is_some() && eb.is_some() && ea != eb) || !heads(a).is_disjoint(&heads(b))
}

/// Outlets giving one person conflicting titles in the mentions of one event: per person,
/// the sides of the discrepancy (title as written, article, quote), or nothing.
///
/// `titles` are the titles found in each mention's sentence, `published` the publication
/// date of each article id. Titles less precise than another of the same status
/// ("Minister" beside "Defence Minister") are left out; every remaining title must conflict
/// with every other, and each article must give only one of them.
pub fn discrepancies(
    mentions: &[(&Mention, &[Title])],
    published: &BTreeMap<&str, Option<&str>>,
) -> Vec<Vec<DiscrepancySide>> {
    // person → normalised title → [(article, quote, title as that article writes it)]
    type Key = (BTreeSet<&'static str>, BTreeSet<&'static str>);
    type Group<'a> = Vec<(&'a str, &'a str, &'a Title)>;
    let mut people: BTreeMap<usize, BTreeMap<Key, Group>> = BTreeMap::new();
    for (m, titles) in mentions {
        for t in *titles {
            let g = people
                .entry(t.entity)
                .or_default()
                .entry((t.status.clone(), t.office.clone()))
                .or_default();
            if !g.iter().any(|(a, _, _)| *a == m.article) {
                g.push((m.article.as_str(), m.text.as_str(), t));
            }
        }
    }
    let mut out = Vec::new();
    for groups in people.into_values() {
        let keys: Vec<&Key> = groups.keys().collect();
        let kept: Vec<&Key> = keys
            .iter()
            .copied()
            .filter(|k| {
                !keys
                    .iter()
                    .any(|o| o.0 == k.0 && k.1.is_subset(&o.1) && k.1 != o.1)
            })
            .collect();
        if kept.len() < 2 {
            continue;
        }
        // Every article on one side only.
        let mut side_of: BTreeMap<&str, usize> = BTreeMap::new();
        let mut one_side = true;
        for (i, k) in kept.iter().enumerate() {
            for (a, _, _) in &groups[*k] {
                if side_of.insert(a, i).is_some_and(|j| j != i) {
                    one_side = false;
                }
            }
        }
        if !one_side {
            continue;
        }
        let pub_of = |a: &str| published.get(a).copied().flatten();
        let all_conflict = kept.iter().enumerate().all(|(i, ka)| {
            kept[i + 1..].iter().all(|kb| {
                groups[*ka].iter().all(|(x, _, ta)| {
                    groups[*kb]
                        .iter()
                        .all(|(y, _, tb)| conflict(ta, tb, (pub_of(x), pub_of(y))))
                })
            })
        });
        if !all_conflict {
            continue;
        }
        let sides: Vec<DiscrepancySide> = kept
            .iter()
            .flat_map(|k| {
                groups[*k].iter().map(|(a, q, t)| DiscrepancySide {
                    value: t.text.clone(),
                    article: a.to_string(),
                    quote: q.to_string(),
                })
            })
            .collect();
        out.push(sides);
    }
    out
}
