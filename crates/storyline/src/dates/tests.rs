//! Table-driven tests of the tagger on sentences from real news text.

use super::*;

fn d(s: &str) -> Option<Date> {
    Some(s.parse().expect("test anchor"))
}

/// (sentence, anchor, expected [(expression text, kind, value)])
type Case = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, Kind, &'static str)],
);

const CASES: &[Case] = &[
    (
        "Russia and Ukraine have commenced a second round of direct peace talks in Istanbul today, Monday, June 2, 2025",
        Some("2025-06-02"),
        &[("today, Monday, June 2, 2025", Kind::Date, "2025-06-02")],
    ),
    ("Russian Foreign Minister Sergei Lavrov announced Wednesday", Some("2025-05-29"), &[("Wednesday", Kind::Date, "2025-05-28")]),
    // A weekday before a date without a comma is one expression, not a second, earlier day
    // (Timeline17, bpoil_guardian: "Wednesday" had become the Wednesday before).
    ("A version appeared in the Guardian on Wednesday 4 August 2010", Some("2010-08-03"), &[("Wednesday 4 August 2010", Kind::Date, "2010-08-04")]),
    ("talks on Monday June 2 in Istanbul", Some("2025-05-29"), &[("Monday June 2", Kind::Date, "2025-06-02")]),
    ("On Tuesday 15 people died", Some("2025-05-29"), &[("Tuesday", Kind::Date, "2025-05-27")]),
    ("set to take place in Istanbul next Monday", Some("2025-05-29"), &[("next Monday", Kind::Date, "2025-06-02")]),
    ("The first round of talks was held on May 16 in Istanbul", Some("2025-05-29"), &[("May 16", Kind::Date, "2025-05-16")]),
    ("held on May 16 in Istanbul", Some("2025-05-29"), &[("May 16", Kind::Date, "2025-05-16")]),
    ("on June 02 in Istanbul", Some("2025-05-29"), &[("June 02", Kind::Date, "2025-06-02")]),
    ("since Russia launched its full-scale invasion in February 2022", None, &[("February 2022", Kind::Date, "2022-02")]),
    ("the first direct talks since March 2022", None, &[("March 2022", Kind::Date, "2022-03")]),
    ("as agreed in last month’s initial talks", Some("2025-06-02"), &[("last month", Kind::Date, "2025-05")]),
    ("Zelensky said earlier this month that", Some("2025-05-29"), &[("earlier this month", Kind::Date, "2025-05")]),
    ("Talks could resume this week", Some("2025-05-29"), &[("this week", Kind::Date, "2025-W22")]),
    ("Trump gave Moscow a four-day deadline", Some("2025-05-29"), &[("four-day", Kind::Duration, "P4D")]),
    ("a decision in about two weeks", Some("2025-05-29"), &[("about two weeks", Kind::Duration, "P2W")]),
    ("Russia launched 162 Ukrainian drones overnight", None, &[("overnight", Kind::Time, "XXXX-XX-XXTNI")]),
    ("Russia said it shot down 162 Ukrainian drones", Some("2025-05-29"), &[]),
    ("The fund raised $2010 from donors", Some("2025-05-29"), &[]),
    ("The talks will be held on Monday", Some("2025-05-29"), &[("Monday", Kind::Date, "2025-06-02")]),
    ("Talks on Monday will focus on prisoners", Some("2025-05-29"), &[("Monday", Kind::Date, "2025-06-02")]),
    ("The memorandum was delivered yesterday", Some("2025-06-02"), &[("yesterday", Kind::Date, "2025-06-01")]),
    ("Delegations will meet again tomorrow", Some("2025-06-02"), &[("tomorrow", Kind::Date, "2025-06-03")]),
    ("Peskov said on 29 May 2025 that", None, &[("29 May 2025", Kind::Date, "2025-05-29")]),
    ("Published 2025-05-28 by Reuters", None, &[("2025-05-28", Kind::Date, "2025-05-28")]),
    ("Dated 05/28/2025", None, &[("05/28/2025", Kind::Date, "2025-05-28")]),
    ("The ceasefire ended in 2010.", None, &[("2010", Kind::Date, "2010")]),
    ("a proposal dating back to the 1990s", None, &[("the 1990s", Kind::Date, "199")]),
    ("the delegations met at 10 a.m. local time", Some("2025-06-02"), &[("10 a.m. local time", Kind::Time, "2025-06-02T10:00")]),
    ("the meeting started at 14:00 in the Ciragan palace", Some("2025-06-02"), &[("14:00", Kind::Time, "2025-06-02T14:00")]),
    ("Ukraine has fought the invasion for three years", None, &[("three years", Kind::Duration, "P3Y")]),
    ("The ceasefire would last 30 days", None, &[("30 days", Kind::Duration, "P30D")]),
    ("two weeks ago, the delegations exchanged lists", Some("2025-06-02"), &[("two weeks ago", Kind::Date, "2025-W21")]),
    ("Moscow recorded its lowest casualties last year", Some("2025-06-02"), &[("last year", Kind::Date, "2024")]),
    ("a new round expected next year", Some("2025-06-02"), &[("next year", Kind::Date, "2026")]),
    ("a counter-offensive this spring", Some("2025-06-02"), &[("this spring", Kind::Date, "2025-SP")]),
    ("profits fell in the third quarter", Some("1989-10-26"), &[("the third quarter", Kind::Date, "1989-Q3")]),
    ("Ukraine had shared its proposal the day before", Some("2025-06-02"), &[("the day before", Kind::Date, "2025-06-01")]),
    ("Tonight the delegations fly home", Some("2025-06-02"), &[("Tonight", Kind::Time, "2025-06-02TNI")]),
    ("Kyiv wants peace now", Some("2025-06-02"), &[("now", Kind::Date, "PRESENT_REF")]),
    ("in March, the sides agreed", Some("2025-06-02"), &[("March", Kind::Date, "2025-03")]),
    ("You may leave", Some("2025-06-02"), &[]),
    // Four-digit clock times and numbered things are not years (Timeline17).
    ("The tremor hit at 1653 (2153 GMT) on Tuesday", Some("2010-01-13"), &[("Tuesday", Kind::Date, "2010-01-12")]),
    ("The procedure began at 1300 local time (1800 GMT), officials said", Some("2010-05-27"), &[]),
    ("the hospital said that by 1100 (1600 GMT) at least 1,500 bodies were found", Some("2010-01-14"), &[]),
    ("Curfew runs between 2300 and 0200 GMT (1800 to 2100 EST)", Some("2011-02-01"), &[]),
    ("Protests continued at 1751 (1751 in Egypt), witnesses said", Some("2011-02-01"), &[]),
    ("As of 1700 BST, 76 countries had reported cases", Some("2009-06-15"), &[]),
    ("Pictures captured live at 2007's Summer Sundae festival", None, &[("2007", Kind::Date, "2007")]),
    ("The council passed Resolution 1973 to protect civilians", Some("2011-03-18"), &[]),
    ("under Resolutions 1970 and 1973 of the council", Some("2011-03-18"), &[]),
    // …and years stay years, a colon or "at" nearby or not.
    ("the family was still living at Ysbytty in 1881: the census shows it", None, &[("1881", Kind::Date, "1881")]),
    ("Born in June 1958: the year his family moved", None, &[("June 1958", Kind::Date, "1958-06")]),
    ("Spending was cut in 1993, during a period of budget cutbacks", None, &[("1993", Kind::Date, "1993")]),
    ("The 1988 Piper Alpha disaster changed UK regulation", None, &[("1988", Kind::Date, "1988")]),
];

#[test]
fn table() {
    let mut failures = Vec::new();
    for (text, anchor, want) in CASES {
        let got = tag(text, anchor.and_then(d));
        let got_t: Vec<(&str, Kind, &str)> = got
            .iter()
            .map(|e| (e.text.as_str(), e.kind, e.value.as_str()))
            .collect();
        if got_t.as_slice() != *want {
            failures.push(format!(
                "{text:?} [{anchor:?}]\n   want {want:?}\n    got {got_t:?}"
            ));
        }
        for e in &got {
            assert_eq!(&text[e.start..e.end], e.text);
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn dates_of_expressions() {
    let e = tag("held on May 16 in Istanbul", d("2025-05-29"));
    assert_eq!(
        e[0].date(),
        Some(ResolvedDate {
            year: 2025,
            month: Some(5),
            day: Some(16)
        })
    );
    assert_eq!(e[0].date().map(|r| r.iso()), Some("2025-05-16".to_string()));
    let e = tag("in February 2022", None);
    assert_eq!(e[0].date().map(|r| r.iso()), Some("2022-02".to_string()));
    assert_eq!(e[0].precision(), Some(Precision::Month));
    let e = tag("for two weeks", None);
    assert_eq!(e[0].date(), None);
    let e = tag("Kyiv wants peace now", None);
    assert_eq!(e[0].date(), None);
    let e = tag("Tonight the delegations fly home", d("2025-06-02"));
    assert_eq!(e[0].date(), None);
    assert_eq!(e[0].day().map(|r| r.iso()), Some("2025-06-02".to_string()));
    assert!(e[0].anchored);
}

proptest::proptest! {
    #[test]
    fn never_panics(s in "\\PC{0,200}") {
        for e in tag(&s, d("2025-06-02")) {
            proptest::prop_assert!(e.start < e.end && e.end <= s.len());
            proptest::prop_assert_eq!(&s[e.start..e.end], e.text.as_str());
        }
    }

    #[test]
    fn never_panics_on_date_words(parts in proptest::collection::vec(proptest::sample::select(vec![
        "May", "2", "2025", ",", "Monday", "today", "last", "next", "week", "ago", "two", "-", "a.m.", "10", ":", "quarter",
        "third", "the", "day", "before", "year", "earlier", "$", "1990s", " ", "99999999999", "fiscal", "spring", "’s",
    ]), 0..30)) {
        let s = parts.join(" ");
        for anchor in [None, d("2025-06-02"), d("0001-01-01"), d("9999-12-31")] {
            for e in tag(&s, anchor) {
                proptest::prop_assert!(e.start < e.end && e.end <= s.len());
            }
        }
    }
}

#[test]
fn month_names_and_odd_inputs() {
    let cases: &[(&str, Option<u8>)] = &[
        ("January", Some(1)),
        ("jan", Some(1)),
        ("Jan.", Some(1)),
        ("FEB", Some(2)),
        ("Marc", Some(3)),
        ("May", Some(5)),
        ("May.", Some(5)),
        ("June", Some(6)),
        ("Jun", Some(6)),
        ("Sep", Some(9)),
        ("Sept", Some(9)),
        ("Sept.", Some(9)),
        ("Septemb", Some(9)),
        ("december", Some(12)),
        // Too short, or only beginning like a month.
        ("", None),
        (".", None),
        ("Ma", None),
        ("Ju.", None),
        ("Mayor", None),
        ("Junk", None),
        ("Augusta", None),
        ("Decade", None),
        ("Marching", None),
        ("Octopus", None),
        ("Januaryy", None),
        // Other languages, spaces, repeated periods.
        ("Juin", None),
        ("Mars", None),
        ("März", None),
        ("Dezember", None),
        (" May", None),
        ("May..", None),
        ("Sept..", None),
    ];
    for (s, want) in cases {
        assert_eq!(month_num(s), *want, "{s:?}");
    }
}

#[test]
fn a_weekday_takes_the_tense_of_its_own_sentence_in_a_long_text() {
    // The tense cues are found once per text; each weekday reads the nearest in its own
    // sentence, however long the text around it.
    let filler = "and the council members ".repeat(200);
    let text = format!(
        "The vote will happen soon {filler}. Officials met on Tuesday {filler}. They will meet again on Tuesday {filler}."
    );
    let days: Vec<String> = tag(&text, d("2025-05-29"))
        .into_iter()
        .filter(|t| t.text == "Tuesday")
        .map(|t| t.value)
        .collect();
    assert_eq!(days, ["2025-05-27", "2025-06-03"]);
}

#[test]
fn a_list_of_numbers_after_multibyte_text_is_stepped_back_safely() {
    // Stepping back over "1970 and" to the number before must not cut into "€".
    for text in [
        "x€€, 1973 was the year",
        "Resolutions €€ and 1973",
        "ab€€ or 1973 GMT",
    ] {
        let _ = super::tag(text, d("2011-03-18"));
    }
}
