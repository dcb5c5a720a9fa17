//! Tests of entity extraction, on sentences of the sample corpus (examples/istanbul-talks).

use super::*;

fn article(id: &str, paragraphs: &[&str]) -> Article {
    Article {
        id: id.into(),
        source_file: format!("{id}.txt"),
        title: String::new(),
        published: None,
        publisher: None,
        url: None,
        author: None,
        paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        provenance: vec![],
        duplicates: vec![],
        set_aside: None,
    }
}

/// One article per paragraph list.
fn corpus(articles: &[&[&str]]) -> Vec<Article> {
    articles
        .iter()
        .enumerate()
        .map(|(i, ps)| article(&format!("a{i}"), ps))
        .collect()
}

/// One article per text, each a single paragraph.
fn one_article_each(texts: &[String]) -> Vec<Article> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| article(&format!("a{i}"), &[t.as_str()]))
        .collect()
}

fn entity<'a>(found: &'a Found, name: &str) -> &'a Entity {
    found
        .entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| {
            let all: Vec<String> = found
                .entities
                .iter()
                .map(|e| format!("{} ({})", e.name, e.kind))
                .collect();
            panic!("no entity {name:?}; found {all:?}")
        })
}

/// The texts of the occurrences of one entity.
fn mentions<'a>(found: &Found, articles: &'a [Article], name: &str) -> Vec<&'a str> {
    let e = found
        .entities
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no entity {name:?}: {:?}",
                found.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
            )
        });
    found
        .occurrences
        .iter()
        .filter(|o| o.entity == e)
        .map(|o| {
            let (p, _) = articles[o.article].sentences()[o.sentence].clone();
            &articles[o.article].paragraphs[p][o.start..o.end]
        })
        .collect()
}

// Sentences of the sample corpus, by file.
const ZELENSKYY_001: &str = "Ukraine’s primary demands for a peace agreement, as reiterated by President Volodymyr Zelenskyy, include a “full and unconditional ceasefire,” the release of all prisoners, and the return of abducted children.";
const ZELENSKYY_001B: &str = "Concurrently, President Zelenskyy arrived in the Lithuanian capital, Vilnius, for a summit with leaders of NATO’s eastern and Nordic members, who remain among Kyiv’s staunchest backers against the Russian invasion.";
const ZELENSKY_003: &str = "Zelensky has also suggested a high-level summit involving “Trump, Putin and me”, though the Kremlin said such a meeting could only follow concrete progress between the two delegations.";
const ZELENSKY_003B: &str = "German Chancellor Friedrich Merz and Ukrainian President Volodymyr Zelensky walk together to a press conference after their talks at the Chancellery in Berlin, Germany, May 28, 2025.";
const LAVROV_002: &str = "Under growing pressure from U.S. President Donald Trump, Russia has proposed a new round of direct talks with Ukraine, set to take place in Istanbul next Monday. Russian Foreign Minister Sergey Lavrov stated that Moscow hopes the proposal will receive backing from those genuinely invested in the success of the peace process.";
const LAVROV_002B: &str = "Lavrov mentioned that the Russian delegation is ready to present its memorandum during the upcoming talks in Istanbul on June 2.";
const LAVROV_003: &str = "Russian Foreign Minister Sergei Lavrov said the Kremlin has offered both a date and location for further negotiations and is awaiting Kyiv’s response.";
const LAVROV_003B: &str = "Lavrov’s comments came just hours after newly appointed German Chancellor Friedrich Merz pledged to help Ukraine manufacture long-range missiles.";
const LAVROV_004: &str = "MOSCOW  — Russia has formally proposed holding the next round of direct peace negotiations with Ukraine in Istanbul on June 2, Russian Foreign Minister Sergei Lavrov announced Wednesday, as diplomatic efforts to halt the war intensify under pressure from U.S. President Donald Trump.";
const PUTIN_001: &str = "Zelenskyy has also called for a direct meeting with Russian President Vladimir Putin, though the Kremlin has maintained such a meeting would only occur after the delegations reach broader agreements.";
const PUTIN_002: &str = "During that phone call, Putin expressed readiness to negotiate a memorandum regarding a potential future peace treaty but rejected the idea of a ceasefire as a prerequisite for such discussions.";
const TURKIYE_001: &str = "As their delegations arrived in Turkiye, Ukrainian officials were actively coordinating with European allies, who are striving to bolster support for Kyiv amid ongoing uncertainty surrounding the commitment of the United States under President Donald Trump.";
const TURKEY_002: &str = "Zelenskyy has expressed readiness for a trilateral meeting involving Trump and Putin, with potential locations for future talks including Turkey, Switzerland, and the Vatican.";
const UK_001: &str = "Ahead of the direct meeting with Russian representatives, the Ukrainian delegation met with representatives from Germany, Italy, and the United Kingdom.";
const UN_000: &str = "The United Nations condemned Russian drone attacks as war crimes, highlighting the conflict’s severe humanitarian impact amid ongoing Russia Ukraine war tensions.";
const MOSCOW_001: &str = "Kyiv seeks a full ceasefire and security guarantees, while Moscow demands territorial concessions and limits on Ukraine’s military";
const MEDINSKY_001: &str = "However, Vladimir Medinsky, Moscow’s lead negotiator and presidential adviser, was quoted by the TASS news agency as stating that the Kremlin had received Ukraine’s proposal.";
const REUTERS_001: &str = "According to Reuters, Kyiv has put forward a roadmap for lasting peace that includes no restrictions on its military strength and no international recognition of Russian sovereignty over parts of Ukraine – conditions that Moscow has consistently sought to impose.";
const DEFENCE_001: &str = "Russia’s Ministry of Defence reported on Monday that its air defence units had “intercepted and destroyed” 162 Ukrainian drones, predominantly over bordering regions, including 57 over the Kursk region and 31 over the Belgorod region.";
const PROKUDIN_001: &str = "Oleksandr Prokudin, the Governor of Kherson, confirmed on Telegram that artillery fire had killed a 40-year-old man in the Korabelny district and injured a five-year-old child, who is now receiving medical supervision.";
const RUBIO_002: &str = "Lavrov revealed that he had communicated with U.S. Secretary of State Marco Rubio, presenting Moscow’s \"specific proposals\" for the upcoming negotiations.";
const PESKOV_003: &str = "Lavrov told Russian state media that Germany was “already a participant in the war” and urged leaders in Berlin to “stop the madness”. Kremlin spokesman Dmitry Peskov described the move as a “dangerous shift” that could harm efforts to reach a political solution.";
const ZAKHAROVA_004: &str = "Separately, Russian Foreign Ministry spokesperson Maria Zakharova said that both sides had agreed to draft their respective proposals for ceasefire and settlement mechanisms ahead of the next meeting.";
const UMEROV_000: &str = "Ukrainian Defence Minister Rustem Umerov emphasized that Russia has a four-day deadline to submit its memorandum to enable productive negotiations.";
const MERZ_000: &str = "Concurrently, German Chancellor Friedrich Merz announced enhanced military cooperation with Ukraine, including the joint production of long-range weapons with no range restrictions and a pledge of an additional €5 billion in military aid to counter continued Russian attacks.";
const EU_002: &str = "Russia has consistently failed to provide evidence of Ukraine pressuring its citizens regarding language use and has shown little willingness to make concessions, insisting on Ukraine ceding territories and abandoning aspirations for EU and NATO membership.";
const CRIMEA_001: &str = "Meanwhile, Russia continues to insist that any ceasefire agreement must address the “root causes” of the conflict, consistently referring to demands such as limiting Ukraine’s military capabilities, banning Ukraine from joining NATO, and agreeing to significant territorial concessions, including recognition of its annexation of Crimea and other Ukrainian regions.";

/// Articles (paragraph lists), canonical name, kind, aliases that must be listed.
type AliasCase<'a> = (&'a [&'a [&'a str]], &'a str, &'a str, &'a [&'a str]);

#[test]
fn merges_aliases() {
    let cases: &[AliasCase] = &[
        (
            &[
                &[ZELENSKYY_001, ZELENSKYY_001B],
                &[ZELENSKY_003, ZELENSKY_003B],
            ],
            "Volodymyr Zelenskyy",
            "person",
            &["Zelensky", "Zelenskyy", "Volodymyr Zelensky"],
        ),
        (
            &[
                &[LAVROV_002, LAVROV_002B],
                &[LAVROV_003, LAVROV_003B],
                &[LAVROV_004],
            ],
            "Sergei Lavrov",
            "person",
            &["Sergey Lavrov", "Lavrov"],
        ),
        // A middle name said once does not make the name (every word of "Barack Obama"
        // is used more than "Hussein").
        (
            &[
                &[
                    "President Barack Obama signed the bill on Tuesday.",
                    "Obama said it was a start.",
                ],
                &["Barack Obama met the governors.", "Obama spoke briefly."],
                &["Barack Hussein Obama took the oath of office on January 20."],
            ],
            "Barack Obama",
            "person",
            &["Barack Hussein Obama", "Obama"],
        ),
        (
            &[&[PUTIN_001], &[PUTIN_002]],
            "Vladimir Putin",
            "person",
            &["Putin"],
        ),
        (
            &[&[TURKIYE_001], &[TURKEY_002]],
            "Turkey",
            "place",
            &["Turkiye"],
        ),
        // Accent folding: the sample writes "Turkiye"; other outlets write "Türkiye".
        (
            &[
                &[TURKEY_002],
                &["Delegations arrived in Türkiye on Sunday."],
            ],
            "Turkey",
            "place",
            &["Türkiye"],
        ),
        (
            &[
                &[LAVROV_002],
                &[TURKIYE_001],
                &["Talks with the US and Ukraine went on."],
            ],
            "United States",
            "place",
            &["U.S.", "US"],
        ),
        (
            &[&[UK_001], &["The U.K. said it would help."]],
            "United Kingdom",
            "place",
            &["U.K."],
        ),
        (
            &[&[UN_000], &["The UN said the attacks were war crimes."]],
            "United Nations",
            "organisation",
            &["UN"],
        ),
        (
            &[
                &[MOSCOW_001],
                &["Officials in Kiev said they would attend."],
            ],
            "Kyiv",
            "place",
            &["Kiev"],
        ),
        (&[&[MOSCOW_001, REUTERS_001]], "Moscow", "place", &[]),
        (
            &[&[EU_002], &["The European Union backed the talks."]],
            "European Union",
            "organisation",
            &["EU"],
        ),
    ];
    for (articles, name, kind, aliases) in cases {
        let found = extract(&corpus(articles));
        let e = entity(&found, name);
        assert_eq!(e.kind, *kind, "{name}");
        for alias in *aliases {
            assert!(
                e.aliases.iter().any(|a| a == alias),
                "{name}: alias {alias:?} missing in {:?}",
                e.aliases
            );
        }
        let same_kind_rivals: Vec<&Entity> = found
            .entities
            .iter()
            .filter(|o| {
                o.name != *name
                    && aliases
                        .iter()
                        .any(|a| o.name == *a || o.aliases.contains(&a.to_string()))
            })
            .collect();
        assert!(
            same_kind_rivals.is_empty(),
            "{name}: alias also in {same_kind_rivals:?}"
        );
    }
}

#[test]
fn strips_titles_and_classifies_by_context() {
    // (sentence, name, kind)
    let cases: &[(&str, &str, &str)] = &[
        (LAVROV_003, "Sergei Lavrov", "person"),
        (LAVROV_003, "Kremlin", "organisation"),
        (UMEROV_000, "Rustem Umerov", "person"),
        (MERZ_000, "Friedrich Merz", "person"),
        (RUBIO_002, "Marco Rubio", "person"),
        (RUBIO_002, "United States", "place"),
        (PESKOV_003, "Dmitry Peskov", "person"),
        (PESKOV_003, "Berlin", "place"),
        (ZAKHAROVA_004, "Maria Zakharova", "person"),
        (ZAKHAROVA_004, "Russian Foreign Ministry", "organisation"),
        (PROKUDIN_001, "Oleksandr Prokudin", "person"),
        (PROKUDIN_001, "Kherson", "place"),
        (PROKUDIN_001, "Korabelny", "place"),
        (MEDINSKY_001, "TASS", "organisation"),
        (REUTERS_001, "Reuters", "organisation"),
        (DEFENCE_001, "Ministry of Defence", "organisation"),
        (DEFENCE_001, "Kursk", "place"),
        (DEFENCE_001, "Belgorod", "place"),
        (EU_002, "NATO", "organisation"),
        (CRIMEA_001, "Crimea", "place"),
        (ZELENSKYY_001B, "Vilnius", "place"),
        (LAVROV_004, "Moscow", "place"),
    ];
    for (sentence, name, kind) in cases {
        let found = extract(&corpus(&[&[sentence]]));
        assert_eq!(entity(&found, name).kind, *kind, "{name} in {sentence:?}");
    }
    // No title is left in a person's name or aliases.
    let found = extract(&corpus(&[&[
        LAVROV_003,
        UMEROV_000,
        MERZ_000,
        RUBIO_002,
        ZAKHAROVA_004,
    ]]));
    for e in found.entities.iter().filter(|e| e.kind == "person") {
        for form in std::iter::once(&e.name).chain(&e.aliases) {
            assert!(
                ![
                    "President",
                    "Minister",
                    "Chancellor",
                    "Secretary",
                    "spokesperson"
                ]
                .iter()
                .any(|t| form.contains(t)),
                "{form}"
            );
        }
    }
}

#[test]
fn possessives_are_not_part_of_names() {
    let articles = corpus(&[&[LAVROV_003, LAVROV_003B, DEFENCE_001, MEDINSKY_001]]);
    let found = extract(&articles);
    assert!(mentions(&found, &articles, "Sergei Lavrov").contains(&"Lavrov"));
    assert_eq!(mentions(&found, &articles, "Russia"), ["Russia"]);
    assert!(mentions(&found, &articles, "Moscow").contains(&"Moscow"));
    assert!(found
        .entities
        .iter()
        .all(|e| !e.name.contains('’') && e.aliases.iter().all(|a| !a.contains('’'))));
}

#[test]
fn skips_sentence_openers_months_weekdays_and_headings() {
    let articles = corpus(&[&[
        "Also read: Russian overnight strikes wound over 30 in Ukraine following minerals deal",
        MEDINSKY_001,
        CRIMEA_001,
        "First – a full and unconditional ceasefire. Second – the release of prisoners. Third – the return of abducted children.",
        "Key Developments & Timeline",
        "Russia and Ukraine have commenced a second round of direct peace talks in Istanbul today, Monday, June 2, 2025, even as both nations reported significant overnight air attacks leading up to the negotiations.",
        "Following that call, Putin signaled Russia’s readiness to work with Ukraine on a memorandum outlining terms for a future peace agreement.",
        "Key regions affected include Kherson, Donetsk, Luhansk, and Kyiv in Ukraine, alongside Moscow and the Baltic Sea region in Russia.",
    ]]);
    let found = extract(&articles);
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    for junk in [
        "Also",
        "However",
        "Meanwhile",
        "Monday",
        "June",
        "First",
        "Second",
        "Third",
        "Key",
        "Key Developments",
        "Timeline",
        "Following",
        "Russian",
    ] {
        assert!(!names.contains(&junk), "{junk} in {names:?}");
    }
    for name in [
        "Vladimir Medinsky",
        "Istanbul",
        "Donetsk",
        "Luhansk",
        "Baltic Sea",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
}

#[test]
fn ids_are_slugs_and_entities_are_sorted_with_article_lists() {
    let found = extract(&corpus(&[&[LAVROV_003], &[LAVROV_004], &[PESKOV_003]]));
    let ids: Vec<&str> = found.entities.iter().map(|e| e.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let lavrov = entity(&found, "Sergei Lavrov");
    assert_eq!(lavrov.id, "sergei-lavrov");
    assert_eq!(lavrov.articles, ["a0", "a1", "a2"]);
    assert!(lavrov.events.is_empty());
    for o in &found.occurrences {
        let (p, r) = articles_sentence(&found, o);
        assert!(r.start <= o.start && o.end <= r.end, "{p} {r:?} {o:?}");
    }

    fn articles_sentence(_: &Found, o: &Occurrence) -> (usize, std::ops::Range<usize>) {
        // Every test article here has one paragraph; sentence ranges come from the model.
        let texts = [LAVROV_003, LAVROV_004, PESKOV_003];
        let a = article("x", &[texts[o.article]]);
        a.sentences()[o.sentence].clone()
    }
}

/// The sample corpus, every non-empty line a paragraph (boilerplate included).
fn sample() -> Vec<Article> {
    let files = [
        include_str!("../../../../examples/istanbul-talks/000_84476a1af674cada.txt"),
        include_str!("../../../../examples/istanbul-talks/001_f5fbdbc7dfed2bbc.txt"),
        include_str!("../../../../examples/istanbul-talks/002_3f0b11e689aeb747.txt"),
        include_str!("../../../../examples/istanbul-talks/003_4f490753871d1c0e.txt"),
        include_str!("../../../../examples/istanbul-talks/004_8a2fb638bc8d5522.txt"),
    ];
    files
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            article(&format!("s{i}"), &lines)
        })
        .collect()
}

#[test]
fn finds_the_story_entities_of_the_sample_corpus() {
    let found = extract(&sample());
    let expected = [
        ("Vladimir Putin", "person"),
        ("Volodymyr Zelenskyy", "person"),
        ("Sergei Lavrov", "person"),
        ("Donald Trump", "person"),
        ("Rustem Umerov", "person"),
        ("Vladimir Medinsky", "person"),
        ("Friedrich Merz", "person"),
        ("Dmitry Peskov", "person"),
        ("Maria Zakharova", "person"),
        ("Marco Rubio", "person"),
        ("Oleksandr Prokudin", "person"),
        ("Istanbul", "place"),
        ("Ukraine", "place"),
        ("Russia", "place"),
        ("Turkey", "place"),
        ("Kyiv", "place"),
        ("Moscow", "place"),
        ("Germany", "place"),
        ("Berlin", "place"),
        ("Kherson", "place"),
        ("Vilnius", "place"),
        ("Crimea", "place"),
        ("NATO", "organisation"),
        ("Kremlin", "organisation"),
        ("United Nations", "organisation"),
        ("TASS", "organisation"),
        ("Reuters", "organisation"),
        ("European Union", "organisation"),
    ];
    for (name, kind) in expected {
        assert_eq!(entity(&found, name).kind, kind, "{name}");
    }
    assert!(entity(&found, "Volodymyr Zelenskyy")
        .aliases
        .contains(&"Zelensky".to_string()));
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    for junk in [
        "Also",
        "However",
        "Meanwhile",
        "Monday",
        "June",
        "First",
        "Key Developments",
        "Key",
        "Background",
        "Conclusion",
        "Heirs Insurance Essay Competition",
        "Freelanews",
    ] {
        assert!(!names.contains(&junk), "{junk} in {names:?}");
    }
}

#[test]
fn is_deterministic_and_independent_of_article_order() {
    let articles = sample();
    let a = extract(&articles);
    assert_eq!(a, extract(&articles));
    let reversed: Vec<Article> = articles.iter().rev().cloned().collect();
    let b = extract(&reversed);
    assert_eq!(a.entities, b.entities);
    // Same occurrences once article indices are mapped back.
    let n = articles.len();
    let mut back: Vec<Occurrence> = b
        .occurrences
        .iter()
        .map(|o| Occurrence {
            article: n - 1 - o.article,
            ..o.clone()
        })
        .collect();
    back.sort_by_key(|o| (o.article, o.sentence, o.start, o.end, o.entity));
    assert_eq!(a.occurrences, back);
}

#[test]
fn empty_input_gives_nothing() {
    assert_eq!(extract(&[]), Found::default());
    assert_eq!(extract(&corpus(&[&["", "   "]])), Found::default());
}

#[test]
fn transliteration_variants() {
    use super::merge::same_surname;
    for (a, b, same) in [
        ("zelensky", "zelenskyy", true),
        ("zelenskiy", "zelenskyy", true),
        ("lavrov", "lavrov", true),
        ("peskov", "putin", false),
        ("fallon", "falcon", false),
        ("hayes", "haynes", false),
        // Romanisations: gh/g, q/k/g, dh/d, doubled letters, vowels.
        ("gaddafi", "gadhafi", true),
        ("gaddafi", "qadhafi", true),
        ("gaddafi", "qaddafi", true),
        ("gaddafi", "ghadafi", true),
        ("mubarak", "mubarek", true),
        // Short names one letter apart are other names.
        ("chan", "chen", false),
        ("kerr", "karr", false),
        ("martin", "martinez", false),
    ] {
        assert_eq!(same_surname(a, b), same, "{a} {b}");
    }
}

/// The entity holding a mention written `text`, by name.
fn holder<'a>(found: &'a Found, articles: &[Article], text: &str) -> Option<&'a str> {
    found.occurrences.iter().find_map(|o| {
        let (p, _) = articles[o.article].sentences()[o.sentence].clone();
        (articles[o.article].paragraphs[p][o.start..o.end] == *text)
            .then(|| found.entities[o.entity].name.as_str())
    })
}

#[test]
fn spelling_variants_of_one_person_merge() {
    let articles = corpus(&[
        &["Libyan leader Muammar Gaddafi met the envoy on Tuesday. Gaddafi said little."],
        &["Libyan leader Moammar Gadhafi met the envoy on Tuesday."],
        &["Libyan leader Muammar Qaddafi spoke to reporters on Friday."],
        &["Representative Ed Markey said the company misled Congress."],
        &["Representative Edward Markey said the company misled Congress."],
        &["Egyptian President Hosni Mubarak said on Monday he would visit."],
        &[
            "Mubarak said the talks went well. Mubarak left early.",
            "Mubarek said nothing.",
        ],
    ]);
    let found = extract(&articles);
    let gaddafi = holder(&found, &articles, "Muammar Gaddafi").unwrap();
    for form in ["Moammar Gadhafi", "Muammar Qaddafi", "Gaddafi"] {
        assert_eq!(holder(&found, &articles, form), Some(gaddafi), "{form}");
    }
    assert_eq!(
        holder(&found, &articles, "Ed Markey"),
        holder(&found, &articles, "Edward Markey")
    );
    assert_eq!(holder(&found, &articles, "Mubarek"), Some("Hosni Mubarak"));
}

#[test]
fn a_given_name_alone_is_the_one_person_named_so() {
    let articles = corpus(&[&[
        "Syrian President Bashar Assad said on Sunday that the war would go on.",
        "Bashar said the country would not bow to pressure.",
    ]]);
    let found = extract(&articles);
    let all: Vec<String> = found
        .entities
        .iter()
        .map(|e| format!("{} ({}) {:?}", e.name, e.kind, e.aliases))
        .collect();
    assert_eq!(
        holder(&found, &articles, "Bashar"),
        Some("Bashar Assad"),
        "{all:?}"
    );
}

#[test]
fn different_middle_initials_or_given_names_stay_apart() {
    let articles = corpus(&[
        &["Former President George W. Bush said on Monday the bailout was needed."],
        &["Former President George H.W. Bush said on Monday he was proud of his son."],
        &["Former President George HW Bush said on Tuesday that the war was over."],
        &["Former President George Bush said on Wednesday that he backed the bill."],
        &["Former President George W. Bush met bankers on Thursday."],
        &["Former President Bill Clinton said on Monday that the camp was full."],
        &["Secretary of State Hillary Clinton said on Tuesday that aid was coming."],
    ]);
    let found = extract(&articles);
    let w = holder(&found, &articles, "George W. Bush");
    let hw = holder(&found, &articles, "George HW Bush");
    let all: Vec<String> = found
        .entities
        .iter()
        .map(|e| format!("{} ({}) {:?}", e.name, e.kind, e.aliases))
        .collect();
    assert!(w.is_some() && hw.is_some(), "{all:?}");
    assert_ne!(w, hw);
    assert_ne!(
        holder(&found, &articles, "Bill Clinton"),
        holder(&found, &articles, "Hillary Clinton")
    );
    // A generation suffix is no surname.
    let paulson = corpus(&[
        &["Treasury Secretary Henry M. Paulson Jr said on Monday the plan would work."],
        &["Lawyer H. Cowan Jr said on Tuesday the plan would fail."],
    ]);
    let found = extract(&paulson);
    assert_ne!(
        holder(&found, &paulson, "Henry M. Paulson Jr"),
        holder(&found, &paulson, "H. Cowan Jr")
    );
}

#[test]
fn phrases_that_are_no_names_are_no_entities() {
    // A common word capitalised by a longer name or a heading.
    let mut paragraphs = vec!["Health officials said on Monday that health care was the issue."];
    paragraphs.extend(["The health of the workers and their health plans mattered."; 3]);
    // A people is no place.
    paragraphs.push("Many Mexicans returned home on Monday, officials in Mexico said.");
    let articles = corpus(&[&paragraphs]);
    let found = extract(&articles);
    for name in ["Health", "Mexicans"] {
        assert!(
            found.entities.iter().all(|e| e.name != name),
            "{name}: {:?}",
            found
                .entities
                .iter()
                .map(|e| (&e.name, &e.kind))
                .collect::<Vec<_>>()
        );
    }
    // A firm shortened to its first word is no person.
    let firm: &[&str] = &[
        "Bankers at Goldman Sachs said on Monday the deal was done.",
        "Goldman said it would pay.",
    ];
    let articles = corpus(&[firm, firm, firm]);
    let found = extract(&articles);
    assert!(
        found
            .entities
            .iter()
            .all(|e| e.kind == "organisation" && e.name == "Goldman Sachs"),
        "{:?}",
        found
            .entities
            .iter()
            .map(|e| (&e.name, &e.kind, &e.aliases))
            .collect::<Vec<_>>()
    );
}

#[test]
fn names_joined_by_of_and_and_and_places_named_after_people() {
    // (sentence, name, kind); a lowercase sentence first, so that "securities", "national"
    // and "energy" are known as common words, as they are in any real corpus.
    let common = "Many national energy securities traders and house buyers were hit.";
    let cases: &[(&str, &str, &str)] = &[
        (
            "Oil from the broken well reached the waters of the Gulf of Mexico on Friday, officials said.",
            "Gulf of Mexico",
            "place",
        ),
        (
            "Several tankers were crossing the Strait of Hormuz when the warning was issued.",
            "Strait of Hormuz",
            "place",
        ),
        (
            "The Securities and Exchange Commission opened an inquiry into the trades last week.",
            "Securities and Exchange Commission",
            "organisation",
        ),
        (
            "Data released by the National Oceanic and Atmospheric Administration showed that the slick was growing.",
            "National Oceanic and Atmospheric Administration",
            "organisation",
        ),
        (
            "He testified before the House Energy and Commerce Committee about the causes of the blast.",
            "House Energy and Commerce Committee",
            "organisation",
        ),
        (
            "The earlier spill in Prince William Sound was much smaller than this one, according to experts.",
            "Prince William Sound",
            "place",
        ),
        (
            "Louisiana Gov. Bobby Jindal asked the federal government for more help with the cleanup.",
            "Bobby Jindal",
            "person",
        ),
        (
            "The company said that Chief Executive Tony Hayward would step down in the autumn.",
            "Tony Hayward",
            "person",
        ),
        (
            "Thousands of people had to leave their homes in New Orleans because of the storm.",
            "New Orleans",
            "place",
        ),
    ];
    for (sentence, name, kind) in cases {
        let found = extract(&corpus(&[&[common, sentence]]));
        assert_eq!(entity(&found, name).kind, *kind, "{name} in {sentence:?}");
    }
    // "and" between two names is two entities; "State of Israel" stays Israel; a leading
    // "New" that is just an adjective is dropped.
    let found = extract(&corpus(&[&[
        common,
        "On the same day, President Barack Obama and Hillary Clinton met their advisers in Washington.",
        "Later that week, Obama and Homeland Security Department officials spoke to the press about the plans.",
        "He said that his government recognised the State of Israel in its current borders.",
        "New Zealand has sent aid to the region as well. New sanctions were announced by the government.",
        "According to the report, which was written over several months by the National Academy of Engineering and the National Research Council, the cause was a series of failures.",
        "Secretary of State Hillary Clinton and Homeland Security Department officials visited the coast in the summer.",
        "The new maps were shown to reporters on Tuesday by David Kennedy of the National Oceanic and Atmospheric Administration, who said the oil was spreading.",
    ]]));
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    for want in [
        "Barack Obama",
        "Hillary Clinton",
        "Israel",
        "New Zealand",
        "National Academy of Engineering",
        "National Research Council",
        "David Kennedy",
        "National Oceanic and Atmospheric Administration",
    ] {
        assert!(names.contains(&want), "{want} not in {names:?}");
    }
    assert!(
        names.iter().all(|n| !n.contains("Obama and")
            && !n.contains("Engineering and")
            && !n.contains("Kennedy of")
            && !n.starts_with("State")
            && !n.to_lowercase().contains("sanctions")),
        "{names:?}"
    );
}

#[test]
fn ap_state_abbreviations_after_a_place_are_the_state() {
    // AP style names the state after a town: the abbreviation is the state when the
    // gazetteer knows it (Florida, California, New York), and never an entity of its own
    // ("La", "Miss", "Ga" were organisations and people).
    let found = extract(&corpus(&[&[
        "Tar balls washed up on the beach at Grand Isle, La., on Thursday morning, residents said.",
        "The cleanup crews in Pensacola, Fla., were waiting for the oil to arrive near the coast.",
        "A smaller protest was held in Biloxi, Miss., where fishermen had been out of work for weeks.",
        "The company has its American headquarters in Atlanta, Ga., and an office in Houston.",
        "The storm flooded many basements in Trenton, N.J., overnight, the local residents said.",
        "A woman called La Rochelle home for years, and Miss Marple solved the case in the end.",
    ]]));
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    for want in [
        "Grand Isle",
        "Pensacola",
        "Biloxi",
        "Atlanta",
        "Trenton",
        "Florida",
        "La Rochelle",
    ] {
        assert!(names.contains(&want), "{want} not in {names:?}");
    }
    assert_eq!(entity(&found, "Florida").kind, "place");
    for unwanted in ["La", "Fla", "Miss", "Ga", "Georgia", "N.J.", "NJ"] {
        assert!(!names.contains(&unwanted), "{unwanted} in {names:?}");
    }
}

#[test]
fn a_function_word_after_a_title_is_not_a_name() {
    // "PM" is a title (prime minister) and a time: the Washington Post's stamp "11:47 PM"
    // before a sentence made a person "The" in 12 T17 articles.
    let found = extract(&corpus(&[&[
        "Saturday, May 15, 2010; 11:47 PM The company most closely linked to the spill also owns a rig in the North Sea.",
        "The company said on Monday that Prime Minister Gordon Brown had been told about the leak.",
    ]]));
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(!names.contains(&"The"), "{names:?}");
    assert_eq!(entity(&found, "Gordon Brown").kind, "person");
}

#[test]
fn acronyms_of_things_and_party_tags_are_not_names() {
    // Sentences of Timeline17: a time zone made a person "EDT" in 40 articles, "GDP" and
    // "PR" places, "MPs" an organisation, Schumer's "(D-N.Y.)" an organisation "D-N".
    let found = extract(&corpus(&[
        &[
            "Mon May 11, 2009 2:06 pm EDT LONDON May 11 (Reuters) - Thai scientists who infected ferrets said the virus spread.",
            "Liftoff is set for 2:01 p.m. EDT (1801 GMT) from the Kennedy Space Center in Florida.",
        ],
        &[
            "With gross government debt at 180 percent of GDP, Japan is in a worse place than Greece.",
            "The sudden departure of former boss Lord Browne has been a PR disaster for BP.",
            "Johnson told MPs the country had a stock of 33m courses of Tamiflu.",
        ],
        &[
            "\"The hybrid is the best,\" said Sen. Charles E. Schumer (D-N.Y.), who leads the Joint Economic Committee.",
            "Sen. Edward M. Kennedy (D-Mass.) said the bill would pass.",
        ],
        &[
            "The Fish and Wildlife Service (FWS) said the oil had reached the marsh.",
            "FWS officials counted the birds on Monday.",
        ],
    ]));
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    for junk in ["EDT", "GMT", "GDP", "PR", "MPs", "D-N", "D-Mass"] {
        assert!(!names.contains(&junk), "{junk}: {names:?}");
    }
    // The names beside them are kept, and an acronym of a name in capitals is not taken
    // for a plural ("FWS").
    for name in [
        "Charles E. Schumer",
        "Joint Economic Committee",
        "Browne",
        "BP",
    ] {
        assert!(names.contains(&name), "{name}: {names:?}");
    }
    assert!(names.contains(&"FWS"), "{names:?}");
    assert!(lexicon::is_party_and_state("r-texas") && !lexicon::is_party_and_state("d-day1"));
}

#[test]
fn a_surname_alone_is_the_person_the_story_names_far_more_often() {
    // Timeline17 kept "Obama" (422 articles) beside "Barack Obama" (454): a story also
    // naming Michelle Obama left the surname alone wherever the article gave no full name.
    let obama = |n: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("Barack Obama said talk number {i} went well. Obama left for Ohio."))
            .collect()
    };
    let mut texts = obama(4);
    texts.push("Michelle Obama said the school in Ohio was ready.".into());
    texts.push("Obama said the spill was a disaster.".into());
    // One person named twice as often as the other is not enough.
    texts.push("Michael Jackson said the album was done.".into());
    texts.push("Michael Jackson said the tour would start in London.".into());
    texts.push("Janet Jackson said she would sing.".into());
    texts.push("Jackson said the tour would go on.".into());
    let articles = one_article_each(&texts);
    let found = extract(&articles);
    let alone = mentions(&found, &articles, "Barack Obama");
    assert!(
        alone.iter().filter(|m| **m == "Obama").count() == 5,
        "{alone:?}"
    );
    assert_eq!(
        mentions(&found, &articles, "Michelle Obama"),
        ["Michelle Obama"]
    );
    assert_eq!(mentions(&found, &articles, "Jackson"), ["Jackson"]);
    assert!(!found.entities.iter().any(|e| e.name == "Obama"));

    // In an article naming the person, the surname is that person, in every such article
    // (the second article's "Allen" used to be lost once the first had joined).
    let articles = corpus(&[
        &["Thad Allen said the well was capped. Allen spoke in Houston."],
        &["Thad Allen said the rig was gone. Allen said more ships would come."],
        &["Mark Allen said the shares would recover. Allen works in London."],
    ]);
    let found = extract(&articles);
    let thad = mentions(&found, &articles, "Thad Allen");
    assert_eq!(
        thad.iter().filter(|m| **m == "Allen").count(),
        2,
        "{thad:?}"
    );
    let mark = mentions(&found, &articles, "Mark Allen");
    assert_eq!(mark, ["Mark Allen", "Allen"]);
    assert!(!found.entities.iter().any(|e| e.name == "Allen"));
}

#[test]
fn organisations_with_for_a_place_or_another_spelling_are_one() {
    // Sentences of Timeline17: the CDC was five organisations and a person "Prevention"
    // (70 articles), "Department for International Development" a person "International
    // Development", "Health Minister" a place "Health", "World War II" a person "War",
    // "Coast Guard Rear Adm. Mary Landry" an organisation "Coast Guard Rear".
    let common =
        "The prevention of disease and control of health care for international development.";
    let articles = corpus(&[
        &[
            common,
            "Dr Anne Schuchat of the US Centers for Disease Control and Prevention told reporters that the number of cases was still rising in the south of the country.",
        ],
        &["A spokesman for the Centers for Disease Control and Prevention said on Tuesday that it had been told of more than forty new cases in the last week."],
        &["The Centres for Disease Control in Atlanta confirmed the result of the test late on Friday night, a week after the first case."],
        &["The CDC said the virus was spreading in schools and that it would send more staff to the area."],
        &["The Department for International Development said that the aid it sends to the region would rise this year."],
        &["New Zealand's Health Minister Tony Ryall said the tests were negative."],
        &["Growth was the weakest since World War II, the report said."],
        &["The US Coast Guard said that the slick had grown over the night. The Coast Guard sent more of its ships to the area on Friday.", "Coast Guard Rear Adm. Mary Landry said that the spill was serious and that more boats were needed in the area."],
        &[
            "Soldiers from the Louisiana National Guard were called up on the first day, and those from the Alabama National Guard on the second.",
            "The first of the soldiers of the National Guard arrived on the beach on Monday, with sand bags and boats.",
        ],
    ]);
    let found = extract(&articles);
    // Every form of the CDC's name is one organisation.
    let forms = [
        "CDC",
        "Centers for Disease Control and Prevention",
        "Centres for Disease Control",
        "US Centers for Disease Control and Prevention",
    ];
    let holding = |form: &str| -> Vec<&Entity> {
        found
            .entities
            .iter()
            .filter(|e| e.name == form || e.aliases.iter().any(|a| a == form))
            .collect()
    };
    let cdc = holding("CDC");
    assert_eq!(cdc.len(), 1, "{cdc:?}");
    assert_eq!(cdc[0].kind, "organisation");
    for form in forms {
        assert_eq!(holding(form), cdc, "{form}");
    }
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    for junk in [
        "Prevention",
        "International Development",
        "Health",
        "War",
        "Coast Guard Rear",
    ] {
        assert!(!names.contains(&junk), "{junk}: {names:?}");
    }
    assert_eq!(
        entity(&found, "Department for International Development").kind,
        "organisation"
    );
    assert_eq!(entity(&found, "Anne Schuchat").kind, "person");
    assert_eq!(entity(&found, "Tony Ryall").kind, "person");
    assert_eq!(entity(&found, "Mary Landry").kind, "person");
    // One place's Coast Guard is the Coast Guard; two places' National Guards are not.
    let guard = holding("Coast Guard");
    assert_eq!(guard.len(), 1, "{guard:?}");
    assert_eq!(holding("US Coast Guard"), guard);
    let guards: Vec<Vec<&Entity>> = [
        "National Guard",
        "Louisiana National Guard",
        "Alabama National Guard",
    ]
    .into_iter()
    .map(holding)
    .collect();
    for g in &guards {
        assert_eq!(g.len(), 1, "{guards:?}");
    }
    assert!(guards[0] != guards[1] && guards[0] != guards[2] && guards[1] != guards[2]);
}

#[test]
fn what_a_title_is_of_is_not_a_person_and_la_is_los_angeles() {
    // Timeline17: "King of Pop" made a person "Pop" (14 articles), "Professor of
    // Psychology" a person "Psychology"; "the LA coroner" an organisation "LA" (18).
    let articles = corpus(&[
        &["Often called the King of Pop, Jackson will be remembered as one of the great entertainers of his time."],
        &["She is a Professor of Psychology at the university and has studied the effects of grief for many years."],
        &["Secretary of State Hillary Clinton said on Monday that the aid would reach the island within a day."],
        &["Details of the charges will be released on Monday, the LA district attorney's office said in a statement."],
    ]);
    let found = extract(&articles);
    let names: Vec<&str> = found.entities.iter().map(|e| e.name.as_str()).collect();
    for junk in ["Pop", "Psychology", "LA"] {
        assert!(!names.contains(&junk), "{junk}: {names:?}");
    }
    assert_eq!(entity(&found, "Hillary Clinton").kind, "person");
    assert_eq!(mentions(&found, &articles, "Los Angeles"), ["LA"]);
}

#[test]
fn a_firm_with_its_legal_form_and_a_name_with_its_article_are_the_plain_name() {
    let articles = corpus(&[
        &["BP Plc said on Tuesday its shares fell. BP shares fell again on Friday."],
        &["The driller Transocean Ltd owned the rig. Transocean shares fell."],
        &["Transocean shares rose on Monday after the company report."],
        &["The court freed the bomber Al-Megrahi on Thursday, and he flew home."],
        &["Crowds met Megrahi at the airport, where Megrahi waved, and Al-Megrahi smiled."],
    ]);
    let found = extract(&articles);
    let written = |form: &str| -> &Entity {
        found
            .entities
            .iter()
            .find(|e| e.name == form || e.aliases.iter().any(|a| a == form))
            .unwrap_or_else(|| panic!("no entity written {form:?}: {:?}", found.entities))
    };
    assert_eq!(written("BP Plc").id, written("BP").id);
    assert_eq!(written("Transocean Ltd").id, written("Transocean").id);
    assert_eq!(written("Al-Megrahi").id, written("Megrahi").id);
}

#[test]
fn a_name_met_often_is_no_person_by_its_form_alone() {
    // A firm's name has a person's form (two words never met in lower case); met in many
    // articles, that form must not outweigh what its contexts say.
    let mut texts: Vec<String> = (0..20)
        .map(|i| format!("Traders moved {i} million dollars through Vantor Quell last week."))
        .collect();
    texts.push("Vantor Quell chief executive Ann Smith resigned.".into());
    texts.push("Traders said Vantor Quell's shares fell.".into());
    texts.push("He was chief executive of Vantor Quell until May.".into());
    // A person named a few times, once after a word that names firms, stays a person.
    texts.push("Broadcaster Ralik Dunmore spoke to reporters in the city.".into());
    texts.push("On Monday Ralik Dunmore repeated his claims.".into());
    texts.push("Critics answered Ralik Dunmore within the hour.".into());
    let found = extract(&one_article_each(&texts));
    assert_eq!(entity(&found, "Vantor Quell").kind, "organisation");
    assert_eq!(entity(&found, "Ralik Dunmore").kind, "person");
}

#[test]
fn short_given_names_and_attached_articles_are_one_person() {
    let articles = corpus(&[
        &["Lockerbie bomber Abdelbaset al-Megrahi was freed. Megrahi flew to Tripoli."],
        &["The release of Megrahi angered senators, who said Megrahi should stay in jail."],
        &["Chief executive Bob Dudley said on Monday the cap held. Dudley spoke again."],
        &["Robert Dudley, the managing director, said the well was shut. Dudley smiled."],
        // A short form with a surname that only sounds alike is another person.
        &["Analyst Bob Martin said shares fell. Bob Martin expects more falls."],
        &["Professor Robert Merton said shares would rise. Robert Merton won a prize."],
    ]);
    let found = extract(&articles);
    let holder = |form: &str| holder(&found, &articles, form);
    assert_eq!(
        holder("Abdelbaset al-Megrahi"),
        Some("Abdelbaset al-Megrahi")
    );
    assert_eq!(holder("Megrahi"), Some("Abdelbaset al-Megrahi"));
    assert_eq!(holder("Robert Dudley"), holder("Bob Dudley"));
    assert!(holder("Bob Dudley").is_some());
    assert_ne!(holder("Bob Martin"), holder("Robert Merton"));
}

#[test]
fn credits_and_lists_run_into_names_leave_the_name() {
    let articles = corpus(&[
        &["Shell Oil Co, Exxon Mobil Corp, Anadarko Petroleum Corp and Apache Corp evacuated workers from platforms."],
        &["Anadarko Petroleum said on Friday it owned a quarter of the well. Anadarko shares fell."],
        &["Anadarko Petroleum shares fell, and Anadarko Petroleum Corp said the rig was safe."],
        &["The rig burned. AP Anadarko Petroleum Corp., a partner, said it was shocked."],
        &["Exxon Mobil said its profits rose. ExxonMobil shares fell."],
    ]);
    let found = extract(&articles);
    let holder = |form: &str| holder(&found, &articles, form);
    assert!(holder("Apache Corp").is_some_and(|h| !h.contains("Anadarko")));
    assert_eq!(holder("Anadarko Petroleum Corp and Apache Corp"), None);
    let anadarko = holder("Anadarko Petroleum");
    assert!(anadarko.is_some());
    assert_eq!(holder("AP Anadarko Petroleum Corp"), anadarko);
    assert_eq!(holder("Anadarko"), anadarko);
    assert_eq!(holder("Exxon Mobil"), holder("ExxonMobil"));
}
