//! Integration tests of ingest and clean: a corpus of every kind of bad input is fully
//! accounted for in the report, and the sample corpus is cleaned as its text demands.

use std::path::{Path, PathBuf};
use storyline::ingest::read_corpus;
use storyline::report::FileStatus;
use storyline_model::Article;

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

const BODY: &str = "Russia and Ukraine held a second round of direct peace talks in Istanbul on Monday, officials said.";

#[test]
fn every_bad_input_is_accounted_for_and_nothing_panics() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "empty.txt", b"");
    write(root, "blank.txt", b"  \n\n \t\n");
    write(root, "binary.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    write(root, "latin1.txt", b"Caf\xe9 Talks Resume In Istanbul\nThe caf\xe9 owners said the peace talks brought many visitors to the old city this week.\n");
    write(
        root,
        "crlf.txt",
        format!(
            "Talks Resume In Istanbul Again\r\n\r\n{BODY}\r\nWindows line endings end here.\r\n"
        )
        .as_bytes(),
    );
    let mut big = String::from("A Very Large File Of Repeated Talk\n");
    let line = format!("{BODY} Paragraph number follows here.\n");
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(&line);
    }
    write(root, "big.txt", big.as_bytes());
    let deep = format!(
        "<html><body>{}<p>{BODY}</p>{}</body></html>",
        "<div>".repeat(5000),
        "</div>".repeat(5000)
    );
    write(root, "deep.html", deep.as_bytes());
    write(
        root,
        "script.txt",
        format!("Script Injection Attempt Headline\n<script>alert('x')</script> {BODY}\n")
            .as_bytes(),
    );
    write(
        root,
        "notitle.txt",
        format!("{BODY}\nNo title on this one.\n").as_bytes(),
    );
    write(
        root,
        "feed.jsonl",
        format!(
            "{{\"title\":\"One\",\"text\":\"{BODY} One.\",\"date_publish\":\"2025-06-02 10:00:00\",\"source_domain\":\"a.example\"}}\nnot json\n{{\"title\":\"Two\",\"text\":\"Germany pledged five billion euros in military aid to Ukraine, the chancellor said in Berlin.\",\"url\":\"https://b.example/2\"}}\n"
        )
        .as_bytes(),
    );
    write(root, "front.md", b"---\ntitle: Front Matter Title\ndate: 2025-06-01\npublisher: The Daily\nauthor: Jane Doe\n---\n\nZelensky arrived in Vilnius for a summit with leaders of NATO's eastern members.\n");
    write(
        root,
        "page.html",
        br#"<!DOCTYPE html><html><head><title>Page Title | Site</title><meta property="og:title" content="HTML Page Title"><meta property="article:published_time" content="2025-05-29T08:00:00Z"></head><body><article><p>Lavrov said Moscow hoped the proposal would be backed by those genuinely invested in peace, speaking to reporters.</p><script>document.write('x')</script></article></body></html>"#,
    );
    write(
        root,
        "drafts/skip.txt",
        format!("Excluded Draft Headline Here\n{BODY}\n").as_bytes(),
    );
    write(root, "dup-a.txt", format!("Syndicated Story Headline One\n{BODY} The delegations met for two hours and agreed to swap prisoners, but no ceasefire was reached.\n").as_bytes());
    write(root, "dup-b.txt", format!("Syndicated Story Headline One\n{BODY} The delegations met for two hours and agreed to swap prisoners, but no ceasefire was reached.\n").as_bytes());
    write(
        root,
        "override.txt",
        format!("Original Title Of The Override File\n{BODY} Overrides apply.\n").as_bytes(),
    );
    write(root, "data.json", b"{\"not\": \"an article\"}");
    write(
        root,
        "storyline.toml",
        b"title = \"Test story\"\nexclude = [\"drafts/**\"]\n[files.\"override.txt\"]\ntitle = \"Overridden\"\npublished = \"2025-06-03\"\n",
    );
    let n_files = 17; // everything but storyline.toml

    let corpus = read_corpus(root).unwrap();
    let (bundle, report) = storyline::build_bundle(&corpus);
    let c = &report.counts;
    assert_eq!(c.files, n_files, "{}", report.summary());
    assert_eq!(c.included + c.duplicate + c.skipped, c.files);
    assert_eq!(report.files.len(), n_files);
    let status = |p: &str| {
        report
            .files
            .iter()
            .find(|f| f.path == p)
            .unwrap_or_else(|| panic!("{p} not in the report"))
    };
    for (p, s) in [
        ("empty.txt", FileStatus::Skipped),
        ("blank.txt", FileStatus::Skipped),
        ("binary.bin", FileStatus::Skipped),
        ("drafts/skip.txt", FileStatus::Skipped),
        ("data.json", FileStatus::Skipped),
        ("dup-b.txt", FileStatus::Duplicate),
        ("latin1.txt", FileStatus::Included),
        ("crlf.txt", FileStatus::Included),
        ("big.txt", FileStatus::Included),
        ("deep.html", FileStatus::Included),
        ("script.txt", FileStatus::Included),
        ("notitle.txt", FileStatus::Included),
        ("feed.jsonl", FileStatus::Included),
        ("front.md", FileStatus::Included),
        ("page.html", FileStatus::Included),
    ] {
        assert_eq!(status(p).status, s, "{p}: {:?}", status(p));
    }
    assert_eq!(status("empty.txt").reason.as_deref(), Some("empty file"));
    assert!(status("binary.bin")
        .reason
        .as_deref()
        .unwrap()
        .contains("binary"));
    assert!(status("drafts/skip.txt")
        .reason
        .as_deref()
        .unwrap()
        .contains("excluded"));
    assert!(status("data.json")
        .reason
        .as_deref()
        .unwrap()
        .starts_with("not an article"));
    assert_eq!(
        status("latin1.txt").note.as_deref(),
        Some("not UTF-8: decoded as windows-1252")
    );
    assert_eq!(status("feed.jsonl").articles.len(), 2);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.path.starts_with("feed.jsonl") && w.message.contains("line 2")));

    let art = |file: &str| -> &Article {
        bundle
            .articles
            .iter()
            .find(|a| a.source_file == file)
            .unwrap()
    };
    assert_eq!(bundle.story.title, "Test story");
    assert_eq!(
        art("crlf.txt").paragraphs,
        [BODY, "Windows line endings end here."]
    );
    // The 50 MB file is kept up to the article size cap, and the report says so.
    let big = art("big.txt");
    let kept: usize = big.paragraphs.iter().map(String::len).sum();
    assert!(
        kept > 400 * 1024 && kept <= storyline::clean::MAX_ARTICLE_BYTES,
        "{kept}"
    );
    assert!(report
        .warnings
        .iter()
        .any(|w| w.path == "big.txt" && w.message.contains("text too long")));
    assert_eq!(art("deep.html").paragraphs, [BODY]);
    assert!(!art("notitle.txt").title.is_empty());
    let md = art("front.md");
    assert_eq!(
        (
            md.title.as_str(),
            md.published.as_deref(),
            md.author.as_deref()
        ),
        ("Front Matter Title", Some("2025-06-01"), Some("Jane Doe"))
    );
    let html = art("page.html");
    assert_eq!(
        (html.title.as_str(), html.published.as_deref()),
        ("HTML Page Title", Some("2025-05-29"))
    );
    assert!(html
        .paragraphs
        .iter()
        .all(|p| !p.contains("document.write")));
    let o = art("override.txt");
    assert_eq!(
        (o.title.as_str(), o.published.as_deref()),
        ("Overridden", Some("2025-06-03"))
    );
    assert!(o
        .provenance
        .iter()
        .any(|p| p.field == "title" && p.source == "config"));
    assert_eq!(art("dup-a.txt").duplicates, ["dup-b.txt"]);
    let ids: Vec<&str> = bundle
        .articles
        .iter()
        .filter(|a| a.source_file == "feed.jsonl")
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(ids, ["feed-jsonl-1", "feed-jsonl-3"]);
    // The report serializes.
    assert!(serde_json::to_string(&report)
        .unwrap()
        .contains("feed.jsonl"));
}

#[test]
fn an_unusable_corpus_path_is_an_error() {
    assert!(read_corpus(Path::new("/no/such/corpus/anywhere")).is_err());
    let f = tempfile::NamedTempFile::new().unwrap();
    let err = read_corpus(f.path()).unwrap_err();
    assert!(err.to_string().contains("not a folder"));
}

fn sample() -> Vec<Article> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-talks");
    let corpus = read_corpus(&root).unwrap();
    let (bundle, report) = storyline::build_bundle(&corpus);
    assert_eq!(report.counts.included, 5, "{}", report.summary());
    bundle.articles
}

fn text(a: &Article) -> String {
    a.paragraphs.join("\n")
}

fn source(a: &Article, field: &str) -> Option<String> {
    a.provenance
        .iter()
        .find(|p| p.field == field)
        .map(|p| p.source.clone())
}

#[test]
fn sample_000_headings_out_bullets_in_ads_and_related_out() {
    let a = &sample()[0];
    assert_eq!(
        a.title,
        "Russia Proposes June Istanbul Peace Talks as Germany Boosts Military Aid"
    );
    assert_eq!(
        a.published, None,
        "the text never states when it was published"
    );
    for heading in [
        "Background & Context",
        "Key Developments & Timeline",
        "Official Statements & Analysis",
        "Conclusion",
    ] {
        assert!(!a.paragraphs.iter().any(|p| p == heading), "{heading}");
    }
    assert!(a
        .paragraphs
        .iter()
        .any(|p| p.starts_with("- May 16, 2025: Direct talks resumed in Istanbul")));
    assert_eq!(
        a.paragraphs.iter().filter(|p| p.starts_with("- ")).count(),
        7
    );
    let t = text(a);
    for junk in ["Bug-Out", "Related:", "Nvidia", "Druze"] {
        assert!(!t.contains(junk), "{junk}");
    }
    assert!(a
        .paragraphs
        .last()
        .unwrap()
        .starts_with("The upcoming peace talks scheduled for June 2"));
}

#[test]
fn sample_001_kicker_teasers_ads_and_author_box() {
    let a = &sample()[1];
    assert_eq!(
        a.title,
        "Russia, Ukraine resume peace talks in Istanbul amid escalating air attacks"
    );
    assert_eq!(
        a.published.as_deref(),
        Some("2025-06-02"),
        "today, Monday, June 2, 2025"
    );
    assert_eq!(source(a, "published").as_deref(), Some("inferred"));
    assert_eq!(a.publisher.as_deref(), Some("Freelanews"));
    assert_eq!(a.author.as_deref(), Some("Peculiar Adirika"));
    let t = text(a);
    for junk in [
        "Istanbul peace talks\n",
        "Also read",
        "Heirs Insurance",
        "Discover more",
        "Subscribe",
        "adron",
        "copyright",
        "About Peculiar",
        "Check Also",
        "helicopter",
        "Leave a Reply",
        "Continue reading",
    ] {
        assert!(!t.contains(junk), "{junk:?} kept");
    }
    assert!(!a.paragraphs.iter().any(|p| p == "Istanbul peace talks"));
    assert!(t.contains("First – a full and unconditional ceasefire."));
    assert!(a
        .paragraphs
        .last()
        .unwrap()
        .starts_with("Ukraine, in turn, reported"));
}

#[test]
fn sample_002_icons_date_line_and_publisher_footer() {
    let a = &sample()[2];
    assert_eq!(
        a.title,
        "Ukraine and Russia headed for second round of peace talks in Istanbul"
    );
    assert_eq!(a.published.as_deref(), Some("2025-05-29"));
    assert_eq!(source(a, "published").as_deref(), Some("text"));
    assert_eq!(a.publisher.as_deref(), Some("EU Insider"));
    let t = text(a);
    for junk in ["Icon", "News & Analysis", "News Main Image", "EU Insider"] {
        assert!(!t.contains(junk), "{junk:?} kept");
    }
    assert_eq!(a.paragraphs.len(), 8);
}

#[test]
fn sample_003_site_name_tagline_kicker_and_captions() {
    let a = &sample()[3];
    assert_eq!(a.title, "Russia proposes fresh round of Ukraine peace talks as Germany backs long-range missile production for Kyiv");
    assert_eq!(a.publisher.as_deref(), Some("National Security News"));
    let t = text(a);
    for junk in [
        "National Security News",
        "Reporting the facts",
        "Russia Ukraine War",
        "(Source",
        "walk together to a press conference",
    ] {
        assert!(!t.contains(junk), "{junk:?} kept");
    }
    assert!(a.paragraphs[0].starts_with("Russia has proposed holding a second round"));
}

#[test]
fn sample_004_comment_form_and_related_teasers_of_other_stories() {
    let a = &sample()[4];
    assert_eq!(
        a.title,
        "Russia Proposes June 2 Peace Talks With Ukraine in Istanbul Amid Pressure to End War"
    );
    assert_eq!(
        a.published, None,
        "'Wednesday' cannot be placed without a year: left empty"
    );
    assert!(
        a.paragraphs[0].starts_with("MOSCOW"),
        "the dateline sentence stays"
    );
    let t = text(a);
    for junk in [
        "Date:",
        "LEAVE A REPLY",
        "Please enter",
        "Share post",
        "spot_img",
        "Popular",
        "More like this",
        "Ngũgĩ",
        "Nigeria",
        "Pohang",
        "Kursk",
        "DON'T MISS",
    ] {
        assert!(!t.contains(junk), "{junk:?} kept");
    }
    assert!(a
        .paragraphs
        .last()
        .unwrap()
        .contains("bloodiest conflict since World War II"));
}

#[test]
fn sample_004_missing_date_is_reported() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/istanbul-talks");
    let (_, report) = storyline::build_bundle(&read_corpus(&root).unwrap());
    assert!(report
        .warnings
        .iter()
        .any(|w| w.path.starts_with("004") && w.message.contains("Wednesday")));
    assert!(report
        .warnings
        .iter()
        .any(|w| w.path.starts_with("004") && w.message.contains("no publication date")));
}

#[test]
fn only_web_addresses_become_article_links_whatever_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Distinct bodies, so that no two files are merged as copies of one article.
    let body = |n: usize| {
        format!("{BODY} Officials gave {n} more details at the {n}th briefing of the week.")
    };
    write(
        root,
        "front.md",
        format!(
            "---\ntitle: Front Matter Link\nurl: javascript:alert(document.cookie)\n---\n{}\n",
            body(1)
        )
        .as_bytes(),
    );
    write(
        root,
        "np.json",
        format!("{{\"title\":\"News Please Link\",\"text\":\"{}\",\"url\":\"data:text/html,<script>alert(1)</script>\"}}", body(2)).as_bytes(),
    );
    write(
        root,
        "page.html",
        format!("<html><head><title>Json Ld Link</title><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Json Ld Link\",\"url\":\"https:javascript:alert(1)\"}}</script><link rel=\"canonical\" href=\"https://good.example/page\"></head><body><p>{}</p></body></html>", body(3)).as_bytes(),
    );
    write(
        root,
        "config.txt",
        format!("Config Link Override\n{}\n", body(4)).as_bytes(),
    );
    write(
        root,
        "fine.txt",
        format!("A Fine Link\n{}\n", body(5)).as_bytes(),
    );
    write(
        root,
        "storyline.toml",
        b"[files.\"config.txt\"]\nurl = \"  JaVaScRiPt:alert(1)\"\n[files.\"fine.txt\"]\nurl = \"https://fine.example/a\"\n",
    );
    let (bundle, report) = storyline::build_bundle(&read_corpus(root).unwrap());
    let url = |file: &str| {
        let a = bundle
            .articles
            .iter()
            .find(|a| a.source_file == file)
            .unwrap();
        assert_eq!(a.url.as_deref(), a.link(), "{file}: a kept URL is a link");
        a.url.clone()
    };
    assert_eq!(url("front.md"), None);
    assert_eq!(url("np.json"), None);
    assert_eq!(url("config.txt"), None);
    // A bad address does not keep a good one out.
    assert_eq!(
        url("page.html").as_deref(),
        Some("https://good.example/page")
    );
    assert_eq!(url("fine.txt").as_deref(), Some("https://fine.example/a"));
    for file in ["front.md", "np.json", "config.txt", "page.html"] {
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.path == file && w.message.contains("is not a web address")),
            "{file}: {:?}",
            report.warnings
        );
    }
    let json = serde_json::to_string(&bundle).unwrap().to_lowercase();
    assert!(!json.contains("javascript:") && !json.contains("data:text"));
}

#[test]
fn a_glob_in_storyline_toml_names_the_outlet_of_a_whole_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Timeline17's layout: one folder per topic and outlet, a folder per day.
    let body =
        |n: usize| format!("{BODY} The {n}th report of the day added more details from the talks.");
    write(
        root,
        "talks_bbc/InputDocs/2025-06-02/1.htm.txt",
        format!("Talks Open\n{}\n", body(1)).as_bytes(),
    );
    write(
        root,
        "talks_bbc/InputDocs/2025-06-03/2.htm.txt",
        format!("Talks Go On\n{}\n", body(2)).as_bytes(),
    );
    write(
        root,
        "talks_reuters/InputDocs/2025-06-02/3.htm.txt",
        format!("Talks Begin\n{}\n", body(3)).as_bytes(),
    );
    write(
        root,
        "talks_reuters/InputDocs/2025-06-02/4.htm.txt",
        format!("Talks Start\n{}\n", body(4)).as_bytes(),
    );
    write(
        root,
        "storyline.toml",
        b"[files.\"talks_bbc/**\"]\npublisher = \"BBC\"\n[files.\"talks_reuters/**\"]\npublisher = \"Reuters\"\n[files.\"talks_reuters/InputDocs/2025-06-02/4.htm.txt\"]\npublisher = \"Reuters (syndicated)\"\n[files.\"nothing/**\"]\nauthor = \"X\"\n",
    );
    let corpus = read_corpus(root).unwrap();
    let (bundle, report) = storyline::build_bundle(&corpus);
    let publisher = |n: &str| {
        bundle
            .articles
            .iter()
            .find(|a| a.source_file.ends_with(&format!("/{n}.htm.txt")))
            .and_then(|a| a.publisher.clone())
    };
    assert_eq!(publisher("1").as_deref(), Some("BBC"));
    assert_eq!(publisher("2").as_deref(), Some("BBC"));
    assert_eq!(publisher("3").as_deref(), Some("Reuters"));
    // A file's own path is more specific than a glob.
    assert_eq!(publisher("4").as_deref(), Some("Reuters (syndicated)"));
    assert!(report.warnings.iter().any(|w| w
        .message
        .contains("[files.\"nothing/**\"] matches no corpus file")));
    // A glob that does not compile is an error naming it.
    write(
        root,
        "storyline.toml",
        b"[files.\"talks_[bbc/**\"]\npublisher = \"BBC\"\n",
    );
    let err = format!("{:#}", read_corpus(root).unwrap_err());
    assert!(
        err.contains("talks_[bbc/**") && err.contains("not a valid glob"),
        "{err}"
    );
}

#[test]
fn page_furniture_taken_out_is_counted_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let promo =
        "The Daily Ledger covers politics, business and culture across the region every day.";
    for n in 0..6 {
        let comments = if n == 0 {
            "\nAt 10:49 am on 02 Jun 2025, Lisy wrote: this is a reader's view.\nOn 03 Jun 2025, coastwalker wrote: and another one.\n"
        } else {
            ""
        };
        write(
            root,
            &format!("outlet/2025-06-0{}/{n}.txt", n % 3 + 1),
            format!("Talks Day {n}\n{BODY} Report number {n} added details.\n{promo}\n{comments}")
                .as_bytes(),
        );
    }
    let (bundle, report) = storyline::build_bundle(&read_corpus(root).unwrap());
    assert!(bundle.articles.iter().all(|a| a
        .paragraphs
        .iter()
        .all(|p| !p.contains("Daily Ledger") && !p.contains("wrote:"))));
    let count = |kind: &str| report.removed.get(kind).map(|r| (r.paragraphs, r.articles));
    assert_eq!(
        count("readers' comments"),
        Some((2, 1)),
        "{:#?}",
        report.removed
    );
    assert_eq!(
        count("boilerplate repeated across a source"),
        Some((6, 6)),
        "{:#?}",
        report.removed
    );
    assert!(report.summary().contains("page furniture removed: "));
}
