//! Tests of the exports (TimelineJS, iCalendar, CSV, Atom, JSON-LD), each parsed back
//! with a real parser of its format, on the sample corpus and on hostile hand-made data.

use icalendar::{Component, DatePerhapsTime};
use std::path::Path;
use storyline::export;
use storyline_model::{Article, Bundle, Entity, Event, Mention};

/// In a module so that `cargo test -p storyline export` selects every test here.
mod exports {
    use super::*;

    const SITE: &str = "https://example.org/istanbul/";

    fn sample() -> Bundle {
        let corpus = storyline::ingest::read_corpus(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-talks"),
        )
        .expect("sample corpus reads");
        let (bundle, _) = storyline::build_bundle(&corpus);
        assert!(!bundle.events.is_empty(), "the sample has events");
        bundle
    }

    const HOSTILE: &str = "</script><script>alert(\"x\")</script> & 'q', a;b\\c =1+1\u{1}";

    fn article(id: &str, published: Option<&str>, publisher: &str) -> Article {
        Article {
            id: id.into(),
            source_file: format!("{id}.txt"),
            title: format!("{HOSTILE} headline"),
            published: published.map(Into::into),
            publisher: Some(publisher.into()),
            url: Some("https://news.example/a?x=1&y=<2>".into()),
            author: Some("Jane \"JD\" Doe <jd@example>".into()),
            paragraphs: vec![HOSTILE.into()],
            provenance: vec![],
            duplicates: vec![],
            set_aside: None,
        }
    }

    fn event(id: &str, date: &str, title: &str, articles: &[&str], future: bool) -> Event {
        Event {
            id: id.into(),
            date: date.into(),
            title: title.into(),
            score: 0.5,
            mentions: articles
                .iter()
                .map(|a| Mention {
                    article: (*a).into(),
                    text: format!("{HOSTILE}\nsecond line"),
                    sentence: 0,
                    date_text: String::new(),
                    date_start: 0,
                    date_end: 0,
                    anchor: None,
                    rule: String::new(),
                    date: date.into(),
                })
                .collect(),
            first_reported: articles.first().map(|a| (*a).into()),
            future,
            entities: vec!["istanbul".into()],
            discrepancies: vec![],
            earlier_titles: vec![],
        }
    }

    /// A bundle with hostile text everywhere, and one event of each precision.
    fn hostile() -> Bundle {
        let mut b = Bundle::new(vec![
            article("a1", Some("2025-05-29"), "Outlet, \"One\"; <b>"),
            article("a2", Some("2025-06-02"), "=cmd|' /C calc'!A0"),
            article("a3", None, "Third"),
        ]);
        b.story.title = format!("Story {HOSTILE}");
        b.story.description = "Desc; with, commas\nand lines".into();
        b.events = vec![
            event("y", "2024", &format!("Year {HOSTILE}"), &["a1"], false),
            event("m", "2025-05", &format!("Month {HOSTILE}"), &["a2"], false),
            event(
                "d",
                "2025-06-02",
                &format!("Day {HOSTILE}"),
                &["a1", "a2"],
                false,
            ),
            event(
                "f",
                "2025-06-16",
                &format!("-Future {HOSTILE} {}", "é€😀".repeat(40)),
                &["a3", "a1"],
                true,
            ),
        ];
        b.entities = vec![Entity {
            id: "istanbul".into(),
            name: "Istanbul <city>".into(),
            kind: "place".into(),
            aliases: vec![],
            articles: vec!["a1".into()],
            events: vec!["d".into()],
        }];
        b
    }

    fn day_events(b: &Bundle) -> Vec<&Event> {
        b.events.iter().filter(|e| e.date.len() == 10).collect()
    }

    /// The text of `s` without HTML tags, with the five predefined entities decoded.
    fn html_text(s: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    // ---------------------------------------------------------------------------------------
    // Determinism and the file set

    #[test]
    fn every_export_is_byte_identical_across_runs() {
        for b in [sample(), hostile()] {
            let first = export::all(&b, SITE);
            let second = export::all(&b, SITE);
            assert_eq!(first, second);
            for e in &b.events {
                assert_eq!(
                    export::json_ld_event(&b, e, SITE),
                    export::json_ld_event(&b, e, SITE)
                );
            }
        }
        // And across two independent builds of the corpus.
        assert_eq!(export::all(&sample(), "/"), export::all(&sample(), "/"));
    }

    #[test]
    fn all_lists_the_four_files() {
        let files = export::all(&sample(), "/");
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "exports/timeline.ics",
                "exports/events.csv",
                "exports/events.atom",
                "exports/timelinejs.json"
            ]
        );
        assert!(files.iter().all(|(_, bytes)| !bytes.is_empty()));
    }

    // ---------------------------------------------------------------------------------------
    // iCalendar

    fn parse_ics(text: &str) -> icalendar::Calendar {
        // Strict framing first: CRLF everywhere, no physical line over 75 octets.
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n") {
            assert!(!line.contains('\n') && !line.contains('\r'), "bare LF/CR");
            assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
        }
        text.parse::<icalendar::Calendar>()
            .expect("valid iCalendar")
    }

    fn vevents(cal: &icalendar::Calendar) -> Vec<&icalendar::Event> {
        cal.components
            .iter()
            .filter_map(|c| c.as_event())
            .collect::<Vec<_>>()
    }

    fn ics_date(d: Option<DatePerhapsTime>) -> String {
        match d {
            Some(DatePerhapsTime::Date(d)) => d.format("%Y-%m-%d").to_string(),
            other => panic!("not an all-day date: {other:?}"),
        }
    }

    #[test]
    fn ics_of_the_sample_has_every_day_event_with_its_date() {
        let b = sample();
        let text = export::ics(&b, SITE);
        let cal = parse_ics(&text);
        let days = day_events(&b);
        let events = vevents(&cal);
        assert_eq!(events.len(), days.len());
        assert!(!days.is_empty(), "the sample has day-precision events");
        for (v, e) in events.iter().zip(&days) {
            assert_eq!(v.get_uid(), Some(format!("{}@storyline", e.id).as_str()));
            assert_eq!(v.get_summary(), Some(e.title.as_str()));
            assert_eq!(ics_date(v.get_start()), e.date);
            let next = e
                .date
                .parse::<jiff::civil::Date>()
                .unwrap()
                .tomorrow()
                .unwrap();
            assert_eq!(ics_date(v.get_end()), next.to_string());
            assert_eq!(v.get_url(), Some(format!("{SITE}event/{}/", e.id).as_str()));
            assert!(v.get_timestamp().is_some(), "DTSTAMP");
            let quote = e
                .mentions
                .iter()
                .find(|m| Some(&m.article) == e.first_reported.as_ref())
                .unwrap_or(&e.mentions[0])
                .text
                .trim();
            let desc = v.get_description().unwrap();
            assert!(desc.contains(quote), "{desc:?} lacks {quote:?}");
            assert!(
                desc.starts_with("Reported by ")
                    || desc.starts_with("Reported in ")
                    || desc.starts_with("Scheduled. ")
            );
        }
        assert!(text.contains("DTSTART;VALUE=DATE:"));
        // DTSTAMP comes from the latest publication date, not the clock.
        let latest = b
            .articles
            .iter()
            .filter_map(|a| a.published.clone())
            .max()
            .unwrap()
            .replace('-', "");
        assert!(text.contains(&format!("DTSTAMP:{latest}T000000Z\r\n")));
    }

    #[test]
    fn ics_escapes_and_folds_hostile_text() {
        let b = hostile();
        let text = export::ics(&b, "/");
        let cal = parse_ics(&text);
        let events = vevents(&cal);
        assert_eq!(events.len(), 2, "only the two day-precision events");
        let d = events[0];
        let clean_title = format!("Day {}", HOSTILE.replace('\u{1}', ""));
        assert_eq!(d.get_summary(), Some(clean_title.as_str()));
        let desc = d.get_description().unwrap();
        assert!(desc.contains("Reported by Outlet, \"One\"; <b>, =cmd|' /C calc'!A0"));
        assert!(desc.contains("\nsecond line"), "newlines survive: {desc:?}");
        assert!(text.contains("a\\;b\\\\c"), "escaped ; and \\");
        assert!(!text.contains('\u{1}'), "control characters are dropped");
        let f = events[1];
        assert_eq!(ics_date(f.get_start()), "2025-06-16");
        assert!(f.get_summary().unwrap().ends_with(&"é€😀".repeat(40)));
        // The parser leaves NAME (RFC 7986 TEXT) escaped: undo it by hand.
        let name = cal
            .get_name()
            .unwrap()
            .replace("\\\\", "\u{0}")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace('\u{0}', "\\");
        assert_eq!(name, format!("Story {}", HOSTILE.replace('\u{1}', "")));
        assert_eq!(
            f.get_url(),
            None,
            "URL must be absolute: none for a bare path"
        );
        // The stamp is the latest publication date in the bundle.
        assert!(text.contains("DTSTAMP:20250602T000000Z\r\n"));
    }

    #[test]
    fn ics_without_dated_articles_uses_a_fixed_epoch() {
        let mut b = hostile();
        for a in &mut b.articles {
            a.published = None;
        }
        let text = export::ics(&b, "/");
        assert!(text.contains("DTSTAMP:19700101T000000Z\r\n"));
        parse_ics(&text);
    }

    #[test]
    fn ics_folding_round_trips() {
        let long = "é€😀".repeat(67);
        let folded = export::fold_line(&format!("SUMMARY:{long}"));
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(export::unfold(&folded), format!("SUMMARY:{long}\r\n"));
    }

    // ---------------------------------------------------------------------------------------
    // CSV

    #[test]
    fn csv_of_the_sample_has_one_row_per_event() {
        let b = sample();
        let text = export::csv(&b, SITE);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "id",
                "date",
                "precision",
                "title",
                "score",
                "outlets",
                "mentions",
                "first_reported",
                "future",
                "url"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), b.events.len());
        for (row, e) in rows.iter().zip(&b.events) {
            assert_eq!(&row[0], e.id);
            assert_eq!(&row[1], e.date);
            let precision = match e.date.len() {
                4 => "year",
                7 => "month",
                _ => "day",
            };
            assert_eq!(&row[2], precision);
            assert_eq!(&row[3], e.title);
            assert_eq!(row[4].parse::<f64>().unwrap(), e.score);
            assert_eq!(row[6].parse::<usize>().unwrap(), e.mentions.len());
            assert_eq!(&row[7], e.first_reported.as_deref().unwrap_or(""));
            assert_eq!(&row[8], if e.future { "true" } else { "false" });
            assert_eq!(&row[9], format!("{SITE}event/{}/", e.id));
        }
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn csv_quotes_hostile_text_and_defuses_formulas() {
        let b = hostile();
        let text = export::csv(&b, "/");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 4);
        let clean = HOSTILE.replace('\u{1}', "");
        assert_eq!(&rows[0][3], format!("Year {clean}"));
        assert_eq!(&rows[0][2], "year");
        assert_eq!(&rows[1][2], "month");
        // A title that starts like a formula is prefixed with a quote.
        assert!(rows[3][3].starts_with("'-Future"));
        // An outlet that is a formula, inside a list, does not start the cell; alone it would.
        assert_eq!(&rows[1][5], "'=cmd|' /C calc'!A0");
        assert_eq!(&rows[2][5], "Outlet, \"One\"; <b>; =cmd|' /C calc'!A0");
        for row in &rows {
            for cell in row {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Atom

    fn parse_atom(text: &str) -> atom_syndication::Feed {
        text.parse::<atom_syndication::Feed>()
            .expect("valid Atom feed")
    }

    #[test]
    fn atom_of_the_sample_lists_every_event_newest_first() {
        let b = sample();
        let text = export::atom(&b, SITE);
        let feed = parse_atom(&text);
        assert_eq!(feed.entries().len(), b.events.len());
        assert_eq!(feed.id(), SITE);
        let latest = b
            .articles
            .iter()
            .filter_map(|a| a.published.clone())
            .max()
            .unwrap();
        assert_eq!(
            feed.updated().to_rfc3339(),
            format!("{latest}T00:00:00+00:00")
        );
        assert!(feed.links().iter().any(|l| l.rel() == "self"));
        let dates: Vec<&str> = feed
            .entries()
            .iter()
            .map(|e| e.title().value.split(':').next().unwrap())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted, "newest first");
        for entry in feed.entries() {
            let e = b
                .events
                .iter()
                .find(|e| entry.id() == format!("{SITE}event/{}", e.id))
                .expect("entry id is the event URL in its first form, without the slash");
            assert_eq!(entry.title().value, format!("{}: {}", e.date, e.title));
            assert_eq!(entry.links()[0].href(), format!("{SITE}event/{}/", e.id));
            assert!(entry.summary().is_some());
            let first = e
                .first_reported
                .as_deref()
                .and_then(|id| b.article(id))
                .and_then(|a| a.published.clone());
            assert_eq!(
                entry.published().map(|p| p.date_naive().to_string()),
                first,
                "published is the first report's date"
            );
        }
    }

    #[test]
    fn atom_escapes_hostile_text_and_uses_tag_ids_for_relative_sites() {
        let b = hostile();
        let text = export::atom(&b, "/story/");
        let feed = parse_atom(&text);
        assert!(!text.contains("<script>"));
        assert!(!text.contains('\u{1}'));
        let clean = HOSTILE.replace('\u{1}', "");
        assert_eq!(feed.title().value, format!("Story {clean}"));
        assert_eq!(feed.id(), "tag:storyline,2025:/story/");
        let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
        assert_eq!(
            ids,
            [
                "tag:storyline,2025:/story/event/f",
                "tag:storyline,2025:/story/event/d",
                "tag:storyline,2025:/story/event/m",
                "tag:storyline,2025:/story/event/y"
            ]
        );
        let d = &feed.entries()[1];
        assert_eq!(d.title().value, format!("2025-06-02: Day {clean}"));
        assert_eq!(d.links()[0].href(), "/story/event/d/");
        let summary = &d.summary().unwrap().value;
        assert!(summary.contains(&clean), "{summary:?}");
        assert_eq!(
            d.published().map(|p| p.to_rfc3339()).as_deref(),
            Some("2025-05-29T00:00:00+00:00")
        );
        // The future event's first report (a3) has no date: no <published>.
        assert!(feed.entries()[0].published().is_none());
        assert!(feed.entries()[0]
            .categories()
            .iter()
            .any(|c| c.term() == "scheduled"));
    }

    // ---------------------------------------------------------------------------------------
    // TimelineJS

    #[test]
    fn timelinejs_of_the_sample_respects_precision() {
        let b = sample();
        let text = export::timelinejs(&b, SITE);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(doc["title"]["text"]["headline"].is_string());
        let events = doc["events"].as_array().unwrap();
        assert_eq!(events.len(), b.events.len());
        for (slide, e) in events.iter().zip(&b.events) {
            assert_eq!(slide["unique_id"], e.id.as_str());
            let start = &slide["start_date"];
            let parts: Vec<i64> = e.date.split('-').map(|p| p.parse().unwrap()).collect();
            assert_eq!(start["year"], parts[0]);
            assert_eq!(
                start.get("month").map(|m| m.as_i64().unwrap()),
                parts.get(1).copied()
            );
            assert_eq!(
                start.get("day").map(|d| d.as_i64().unwrap()),
                parts.get(2).copied()
            );
            assert_eq!(
                html_text(slide["text"]["headline"].as_str().unwrap()),
                e.title
            );
            let body = slide["text"]["text"].as_str().unwrap();
            assert!(body.contains(&format!("href=\"{SITE}event/{}/\"", e.id)));
        }
    }

    #[test]
    fn timelinejs_escapes_hostile_html() {
        let b = hostile();
        let text = export::timelinejs(&b, "/");
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let clean = HOSTILE.replace('\u{1}', "");
        let headline = doc["title"]["text"]["headline"].as_str().unwrap();
        assert!(!headline.contains('<') && !headline.contains('"'));
        assert_eq!(html_text(headline), format!("Story {clean}"));
        for slide in doc["events"].as_array().unwrap() {
            for field in ["headline", "text"] {
                let html = slide["text"][field].as_str().unwrap();
                assert!(!html.contains("<script"), "{html}");
                assert!(!html.contains("<b>"), "{html}");
            }
            // The only tags are ours.
            let body = slide["text"]["text"].as_str().unwrap();
            let tags: Vec<&str> = body
                .split('<')
                .skip(1)
                .map(|t| t.split([' ', '>']).next().unwrap())
                .collect();
            assert!(
                tags.iter().all(|t| ["p", "/p", "a", "/a"].contains(t)),
                "{tags:?}"
            );
        }
        let events = doc["events"].as_array().unwrap();
        assert_eq!(events[0]["start_date"], serde_json::json!({ "year": 2024 }));
        assert_eq!(
            events[1]["start_date"],
            serde_json::json!({ "year": 2025, "month": 5 })
        );
        assert_eq!(
            events[2]["start_date"],
            serde_json::json!({ "year": 2025, "month": 6, "day": 2 })
        );
        assert_eq!(events[3]["group"], "Scheduled");
        assert_eq!(events[2]["group"], "Reported");
    }

    // ---------------------------------------------------------------------------------------
    // JSON-LD

    fn assert_script_safe(ld: &str) {
        assert!(!ld.contains('<') && !ld.contains('>'), "{ld}");
        assert!(!ld.to_ascii_lowercase().contains("</script"));
    }

    #[test]
    fn json_ld_event_is_a_schema_org_event() {
        let b = hostile();
        let e = b.event("d").unwrap();
        let ld = export::json_ld_event(&b, e, SITE);
        assert_script_safe(&ld);
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["@context"], "https://schema.org");
        assert_eq!(v["@type"], "Event");
        assert_eq!(v["name"], format!("Day {}", HOSTILE.replace('\u{1}', "")));
        assert_eq!(v["startDate"], "2025-06-02");
        assert_eq!(v["url"], format!("{SITE}event/d/"));
        assert!(v["description"].as_str().unwrap().contains("</script>"));
        assert_eq!(v["location"]["@type"], "Place");
        assert_eq!(v["location"]["name"], "Istanbul <city>");
        // No place: no location.
        let mut b2 = b.clone();
        b2.entities.clear();
        let v: serde_json::Value =
            serde_json::from_str(&export::json_ld_event(&b2, e, SITE)).unwrap();
        assert!(v.get("location").is_none());
        // Sample events too.
        let s = sample();
        for e in &s.events {
            let v: serde_json::Value =
                serde_json::from_str(&export::json_ld_event(&s, e, "/")).unwrap();
            assert_eq!(v["startDate"], e.date.as_str());
            assert_eq!(v["url"], format!("/event/{}/", e.id));
        }
    }

    #[test]
    fn json_ld_article_is_a_schema_org_news_article() {
        let b = hostile();
        let ld = export::json_ld_article(&b.articles[0], SITE);
        assert_script_safe(&ld);
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["@type"], "NewsArticle");
        assert_eq!(v["headline"], b.articles[0].title.replace('\u{1}', ""));
        assert_eq!(v["datePublished"], "2025-05-29");
        assert_eq!(v["publisher"]["@type"], "Organization");
        assert_eq!(v["publisher"]["name"], "Outlet, \"One\"; <b>");
        assert_eq!(v["author"]["name"], "Jane \"JD\" Doe <jd@example>");
        assert_eq!(v["url"], "https://news.example/a?x=1&y=<2>");
        assert_eq!(v["mainEntityOfPage"], format!("{SITE}article/a1/"));
        // Unknown date and URL: left out / our reader page.
        let mut a = b.articles[2].clone();
        a.url = None;
        let v: serde_json::Value = serde_json::from_str(&export::json_ld_article(&a, "/")).unwrap();
        assert!(v.get("datePublished").is_none());
        assert_eq!(v["url"], "/article/a3/");
    }

    // -----------------------------------------------------------------------------------
    // The command line

    #[test]
    fn export_command_prints_each_format() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-talks");
        let b = sample();
        let run = |args: &[&str]| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
                .arg("export")
                .arg(&corpus)
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            out.stdout
        };
        let json = run(&[]);
        assert_eq!(
            json,
            format!("{}\n", serde_json::to_string_pretty(&b).unwrap()).into_bytes()
        );
        assert_eq!(run(&["--format", "json"]), json);
        assert_eq!(
            run(&["--format", "ics", "--site-url", SITE]),
            export::ics(&b, SITE).into_bytes()
        );
        assert_eq!(run(&["--format", "csv"]), export::csv(&b, "/").into_bytes());
        assert_eq!(
            run(&["--format", "atom", "--site-url", SITE]),
            export::atom(&b, SITE).into_bytes()
        );
        assert_eq!(
            run(&["--format", "timelinejs", "--site-url", SITE]),
            export::timelinejs(&b, SITE).into_bytes()
        );
    }
}
