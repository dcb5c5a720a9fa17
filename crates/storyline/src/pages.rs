//! Pre-rendered entry pages: one `index.html` per route, each with its own title, preview
//! tags and visible content, so every deep link works on any static host, previews well and
//! paints before the app has loaded.

use crate::export::escape_markup;
use storyline_model::{
    folder_route, Bundle, Event, ATOM_FILE, BUNDLE_FILE, CSV_FILE, ICS_FILE, TIMELINEJS_FILE,
};

/// What one page says about itself before the app boots.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMeta {
    /// Path of the page's file inside the site, e.g. `event/<id>/index.html` or `404.html`.
    pub file: String,
    /// The route, relative to the public URL (`event/<id>`, empty for the home page).
    pub route: String,
    /// The page's `<title>`, also its preview title.
    pub title: String,
    /// The page's meta description and preview text (clipped when rendered).
    pub description: String,
    /// `article` for articles and events, `website` otherwise.
    pub og_type: &'static str,
    /// The story's title, for the header.
    pub story: String,
    /// The page's heading.
    pub heading: String,
    /// The page's content, shown until the app takes over (and all there is without
    /// JavaScript).
    pub lines: Vec<Line>,
    /// A schema.org JSON-LD object (its `<` are escaped when embedded).
    pub json_ld: Option<String>,
    /// The route this page forwards to (an event id of an earlier build).
    pub redirect_to: Option<String>,
    /// Data files the app reads first on this page, beside the story (an article's text
    /// file; on the search page, all of them), fetched together with it.
    pub preload: Vec<String>,
}

/// One block of a pre-rendered page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The block's text, plain (escaped when rendered).
    pub text: String,
    /// A route (relative to the public URL) the line links to.
    pub href: Option<String>,
    /// How the block is shown.
    pub kind: LineKind,
}

/// What a block of a pre-rendered page is, which sets how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A paragraph of text.
    Para,
    /// Date, outlets, byline: muted.
    Meta,
    /// An entry of a list (events, articles).
    Item,
    /// A quoted sentence.
    Quote,
    /// The story's downloads (calendar, spreadsheet, feed, TimelineJS, data), as the
    /// timeline shows them: they work without the app.
    Downloads,
}

impl Line {
    fn para(text: impl Into<String>) -> Self {
        Line {
            text: text.into(),
            href: None,
            kind: LineKind::Para,
        }
    }
    fn meta(text: impl Into<String>) -> Self {
        Line {
            kind: LineKind::Meta,
            ..Line::para(text)
        }
    }
    fn item(text: impl Into<String>, href: String) -> Self {
        Line {
            text: text.into(),
            href: Some(href),
            kind: LineKind::Item,
        }
    }
}

/// At most this many lines of pre-rendered content per page (an entity in a big corpus
/// can have hundreds of events; the app shows them all): the page stays small enough to
/// paint at once.
pub const PRERENDER_MAX: usize = 60;

/// Shortens text to at most `max` chars at a word boundary, with `…`.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// The timeline page's lines: the downloads, the background folded into one line (as the
/// app folds it, [`Bundle::background_before`]), then the story's events.
fn timeline_lines(bundle: &Bundle, event_item: &dyn Fn(&Event) -> Line) -> Vec<Line> {
    let cut = bundle.background_before();
    let (earlier, own): (Vec<&Event>, Vec<&Event>) = bundle
        .events
        .iter()
        .partition(|e| cut.as_deref().is_some_and(|day| e.is_before(day)));
    let mut lines = vec![Line {
        kind: LineKind::Downloads,
        ..Line::para("Download")
    }];
    if let (Some(first), Some(last)) = (earlier.first(), earlier.last()) {
        lines.push(Line {
            text: format!(
                "Background: {} earlier event{}, {} to {}. Show them",
                earlier.len(),
                if earlier.len() == 1 { "" } else { "s" },
                storyline_model::human_date(&first.date),
                storyline_model::human_date(&last.date)
            ),
            href: Some(format!(
                "timeline?from={}",
                first.date.get(..4).unwrap_or(&first.date)
            )),
            kind: LineKind::Para,
        });
    }
    lines.extend(own.into_iter().map(event_item));
    lines
}

/// The meta of every page of the site, in a fixed order.
pub fn all_pages(bundle: &Bundle, json_ld: &dyn Fn(&PageMeta) -> Option<String>) -> Vec<PageMeta> {
    let story = if bundle.story.title.is_empty() {
        "Storyline".to_string()
    } else {
        bundle.story.title.clone()
    };
    let story_desc = if bundle.story.description.is_empty() {
        format!(
            "A timeline of {} events from {} articles, every event linked to the sentences that report it.",
            bundle.events.len(),
            bundle.articles.len()
        )
    } else {
        bundle.story.description.clone()
    };
    let page = |file: String,
                route: String,
                title: String,
                description: String,
                og_type,
                heading: String,
                lines: Vec<Line>| PageMeta {
        file,
        route,
        title,
        description,
        og_type,
        story: story.clone(),
        heading,
        lines,
        json_ld: None,
        redirect_to: None,
        preload: vec![],
    };
    let event_item = |e: &Event| {
        Line::item(
            format!("{} · {}", e.date, e.title),
            format!("event/{}", e.id),
        )
    };
    let top: Vec<Line> = {
        let mut events: Vec<&Event> = bundle.events.iter().collect();
        events.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        events.truncate(10);
        events.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
        events.into_iter().map(event_item).collect()
    };
    let mut home = vec![Line::para(story_desc.clone())];
    home.extend(top);
    let mut pages = vec![
        page(
            "index.html".into(),
            String::new(),
            story.clone(),
            story_desc.clone(),
            "website",
            story.clone(),
            home,
        ),
        page(
            "404.html".into(),
            String::new(),
            format!("Not found · {story}"),
            story_desc.clone(),
            "website",
            // Also the fallback for routes without a page of their own: say nothing the
            // app may contradict a moment later.
            story.clone(),
            vec![],
        ),
        page(
            "timeline/index.html".into(),
            "timeline".into(),
            format!("Timeline · {story}"),
            story_desc.clone(),
            "website",
            "Timeline".into(),
            timeline_lines(bundle, &event_item),
        ),
        page(
            "search/index.html".into(),
            "search".into(),
            format!("Search · {story}"),
            story_desc,
            "website",
            "Search".into(),
            // What the app says over an empty query: the page reads the same before the app
            // has the index (and without it, the form still submits).
            vec![Line::para(storyline_search::hint(
                bundle.events.len(),
                bundle.articles.len(),
                bundle.entities.len(),
            ))],
        ),
    ];
    for a in &bundle.articles {
        let meta = [a.publisher.clone(), a.published.clone(), a.author.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let first = a.paragraphs.first().cloned().unwrap_or_default();
        let mut lines = vec![Line::meta(meta.join(" · "))];
        if let Some(why) = &a.set_aside {
            lines.push(Line::meta(format!(
                "Set aside as off the story's topic: this article feeds no events. {why}"
            )));
        }
        lines.extend(a.paragraphs.iter().map(Line::para));
        pages.push(page(
            format!("article/{}/index.html", a.id),
            format!("article/{}", a.id),
            format!("{} · {story}", a.title),
            clip(&first, 200),
            "article",
            a.title.clone(),
            lines,
        ));
    }
    for e in &bundle.events {
        let o = bundle.event_outlets(e);
        let n = o.len();
        let reported = if n == 1 {
            format!("reported by {}", o[0])
        } else {
            format!("reported by {n} outlets")
        };
        let description = format!(
            "{} · {reported}. {}",
            e.date,
            e.mentions
                .first()
                .map(|m| clip(&m.text, 160))
                .unwrap_or_default()
        );
        let mut lines = vec![
            Line::meta(e.date.clone()),
            Line::meta(format!("Reported by: {}", o.join(", "))),
        ];
        lines.extend(e.mentions.iter().map(|m| Line {
            text: format!("{}: “{}”", bundle.outlet(&m.article), m.text),
            href: Some(format!("article/{}#s{}", m.article, m.sentence)),
            kind: LineKind::Quote,
        }));
        pages.push(page(
            format!("event/{}/index.html", e.id),
            format!("event/{}", e.id),
            format!("{} · {story}", e.title),
            description,
            "article",
            e.title.clone(),
            lines,
        ));
    }
    for x in &bundle.entities {
        let description = format!(
            "{} ({}) in {} articles and {} events of this story.",
            x.name,
            x.kind,
            x.articles.len(),
            x.events.len()
        );
        let mut lines = vec![Line::meta(x.kind.clone())];
        if !x.aliases.is_empty() {
            lines.push(Line::meta(format!(
                "Also written: {}",
                x.aliases.join(", ")
            )));
        }
        lines.extend(
            x.events
                .iter()
                .filter_map(|id| bundle.event(id))
                .map(event_item),
        );
        pages.push(page(
            format!("entity/{}/index.html", x.id),
            format!("entity/{}", x.id),
            format!("{} · {story}", x.name),
            description,
            "website",
            x.name.clone(),
            lines,
        ));
    }
    // A forwarding page per id of an earlier build (`--previous`).
    let moved = |kind: &str, what: &str, og: &'static str, old: &str, new: &str, title: &str| {
        let mut p = page(
            format!("{kind}/{old}/index.html"),
            format!("{kind}/{old}"),
            format!("{title} · {story}"),
            format!("This {what} is now at {kind}/{new}."),
            og,
            title.to_string(),
            vec![Line::item(
                format!("This {what} moved: {title}"),
                format!("{kind}/{new}"),
            )],
        );
        p.redirect_to = Some(format!("{kind}/{new}"));
        p
    };
    for (old, new) in &bundle.redirects {
        if let Some(e) = bundle.event(new) {
            pages.push(moved("event", "event", "article", old, new, &e.title));
        }
    }
    for (old, new) in &bundle.entity_redirects {
        if let Some(x) = bundle.entity(new) {
            pages.push(moved("entity", "page", "website", old, new, &x.name));
        }
    }
    for p in &mut pages {
        p.json_ld = json_ld(p);
    }
    pages
}

/// Fills the app's `index.html` (public URL already substituted) with one page's meta.
/// `site_url` is the absolute URL of the site (for Open Graph), when known.
pub fn render(template: &str, page: &PageMeta, public_url: &str, site_url: Option<&str>) -> String {
    let title = escape_markup(&page.title);
    let description = escape_markup(&clip(&page.description, 300));
    let mut html = replace_between(template, "<title>", "</title>", &title);
    html = replace_meta_description(&html, &description);
    let mut head = String::new();
    head.push_str(&format!(
        "<meta property=\"og:title\" content=\"{title}\">\n"
    ));
    head.push_str(&format!(
        "<meta property=\"og:description\" content=\"{description}\">\n"
    ));
    head.push_str(&format!(
        "<meta property=\"og:type\" content=\"{}\">\n",
        page.og_type
    ));
    head.push_str("<meta name=\"twitter:card\" content=\"summary\">\n");
    head.push_str(&format!(
        "<meta name=\"twitter:title\" content=\"{title}\">\n"
    ));
    head.push_str(&format!(
        "<meta name=\"twitter:description\" content=\"{description}\">\n"
    ));
    if let Some(site) = site_url {
        let url = format!(
            "{}{}",
            site,
            folder_route(page.redirect_to.as_deref().unwrap_or(&page.route))
        );
        head.push_str(&format!(
            "<meta property=\"og:url\" content=\"{}\">\n",
            escape_markup(&url)
        ));
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            escape_markup(&url)
        ));
    }
    if let Some(to) = &page.redirect_to {
        head.push_str(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={}\">\n",
            escape_markup(&format!("{public_url}{}", folder_route(to)))
        ));
    }
    if let Some(ld) = &page.json_ld {
        head.push_str(&format!(
            "<script type=\"application/ld+json\">{}</script>\n",
            ld.replace('<', "\\u003c")
        ));
    }
    if page.file == "404.html" {
        head.push_str("<meta name=\"robots\" content=\"noindex\">\n");
    }
    html = html.replacen("</head>", &format!("{head}</head>"), 1);
    // Read by the start script (Trunk.toml), which preloads them with the story: before
    // it, since on a search page it runs as soon as it is parsed.
    let preload: String = page
        .preload
        .iter()
        .map(|file| {
            format!(
                "<meta name=\"storyline-preload\" content=\"{}\">\n",
                escape_markup(file)
            )
        })
        .collect();
    let end = html.find("</head>").unwrap_or(0);
    let at = html[..end].find("<script").unwrap_or(end);
    html.insert_str(at, &preload);
    let body = prerendered(page, public_url);
    replace_element(&html, "<noscript>", "</noscript>", &body)
}

/// The page's visible content before the app boots: the app's header and the route's
/// heading and text, in the app's own classes, so the first paint needs only this HTML and
/// the stylesheet. The app removes `#prerender` once it has the story.
fn prerendered(page: &PageMeta, public_url: &str) -> String {
    let link = |file: &str| escape_markup(&format!("{public_url}{file}"));
    let route = |route: &str| link(&folder_route(route));
    let mut out = String::new();
    out.push_str("<div id=\"prerender\" class=\"prerender\">");
    out.push_str(&format!(
        "<header class=\"site-header\"><a class=\"brand\" href=\"{}\">{}</a>\
         <nav class=\"site-nav\" aria-label=\"Main\"><a href=\"{}\">Timeline</a>\
         <a href=\"{}\">Highlights</a><a href=\"{}\">Search</a></nav>\
         <form class=\"search-box\" role=\"search\" method=\"get\" action=\"{}\">\
         <label for=\"prerender-search\" class=\"visually-hidden\">Search the story</label>\
         <input id=\"prerender-search\" type=\"search\" name=\"q\" placeholder=\"Search (press /)\" autocomplete=\"off\"></form></header>",
        route(""),
        escape_markup(&page.story),
        route("timeline"),
        route("timeline?view=highlights"),
        route("search"),
        route("search"),
    ));
    out.push_str(&format!(
        "<main class=\"prerendered\"><h1>{}</h1>",
        escape_markup(&page.heading)
    ));
    let lines: Vec<&Line> = page.lines.iter().filter(|l| !l.text.is_empty()).collect();
    let mut in_list = false;
    for line in lines.iter().take(PRERENDER_MAX) {
        let item = line.kind == LineKind::Item;
        if item != in_list {
            out.push_str(if item {
                "<ul class=\"article-list\">"
            } else {
                "</ul>"
            });
            in_list = item;
        }
        let text = match &line.href {
            Some(href) => format!(
                "<a href=\"{}\">{}</a>",
                route(href),
                escape_markup(&line.text)
            ),
            None => escape_markup(&line.text),
        };
        out.push_str(&match line.kind {
            LineKind::Item => format!("<li>{text}</li>"),
            LineKind::Para => format!("<p>{text}</p>"),
            LineKind::Meta => format!("<p class=\"meta\">{text}</p>"),
            LineKind::Quote => format!("<blockquote>{text}</blockquote>"),
            LineKind::Downloads => {
                let files = [
                    (ICS_FILE, "Calendar (ICS)", " download"),
                    (CSV_FILE, "Spreadsheet (CSV)", " download"),
                    (ATOM_FILE, "Feed (Atom)", ""),
                    (TIMELINEJS_FILE, "TimelineJS (JSON)", " download"),
                    (BUNDLE_FILE, "All data (JSON)", " download"),
                ];
                let links: Vec<String> = files
                    .iter()
                    .map(|(file, label, download)| {
                        format!("<a href=\"{}\"{download}>{label}</a>", link(file))
                    })
                    .collect();
                format!("<p class=\"downloads\">Download: {}</p>", links.join(" · "))
            }
        });
    }
    if in_list {
        out.push_str("</ul>");
    }
    if lines.len() > PRERENDER_MAX {
        out.push_str(&format!(
            "<p class=\"meta\">… and {} more.</p>",
            lines.len() - PRERENDER_MAX
        ));
    }
    out.push_str(&format!(
        "<noscript><p class=\"noscript\">This page needs JavaScript and WebAssembly for search and the timeline; \
         the data is in <a href=\"{}\">timeline.json</a>.</p></noscript></main></div>",
        link("timeline.json")
    ));
    out
}

fn replace_between(html: &str, open: &str, close: &str, inner: &str) -> String {
    match (html.find(open), html.find(close)) {
        (Some(a), Some(b)) if a < b => format!("{}{open}{inner}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    }
}

fn replace_element(html: &str, open: &str, close: &str, whole: &str) -> String {
    match (html.find(open), html.find(close)) {
        (Some(a), Some(b)) if a < b => format!("{}{whole}{}", &html[..a], &html[b + close.len()..]),
        _ => html.replacen("</body>", &format!("{whole}</body>"), 1),
    }
}

fn replace_meta_description(html: &str, description: &str) -> String {
    let tag = "<meta name=\"description\" content=\"";
    match html.find(tag) {
        Some(a) => {
            let rest = &html[a + tag.len()..];
            match rest.find('"') {
                Some(end) => format!("{}{tag}{description}{}", &html[..a], &rest[end..]),
                None => html.to_string(),
            }
        }
        None => html.replacen(
            "</head>",
            &format!("<meta name=\"description\" content=\"{description}\">\n</head>"),
            1,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<html><head><title>Storyline</title><meta name=\"description\" content=\"generic\"></head><body><noscript><p>old</p></noscript></body></html>";

    fn meta(title: &str) -> PageMeta {
        PageMeta {
            file: "event/x/index.html".into(),
            route: "event/x".into(),
            title: title.into(),
            description: "May 29 <b>".into(),
            og_type: "article",
            story: "Talks & <b>".into(),
            heading: "Talks resume".into(),
            lines: vec![
                Line::para("He said \"stop\" <script>alert(1)</script>"),
                Line::item("next", "event/y\"><script>".into()),
            ],
            json_ld: Some("{\"name\":\"a</script><script>alert(1)\"}".into()),
            redirect_to: None,
            preload: vec![],
        }
    }

    #[test]
    fn fills_title_description_preview_tags_and_noscript() {
        let html = render(
            TEMPLATE,
            &meta("Talks resume"),
            "/story/",
            Some("https://x.example/story/"),
        );
        assert!(html.contains("<title>Talks resume</title>"));
        assert!(html.contains("<meta name=\"description\" content=\"May 29 &lt;b&gt;\">"));
        assert!(html.contains("<meta property=\"og:title\" content=\"Talks resume\">"));
        // Links in the folder form each page is served at: no redirect on a static host.
        assert!(html.contains("<link rel=\"canonical\" href=\"https://x.example/story/event/x/\">"));
        assert!(html.contains("<a href=\"/story/timeline/\">Timeline</a>"));
        assert!(html.contains("<a href=\"/story/timeline/?view=highlights\">Highlights</a>"));
        assert!(
            html.contains("<p>He said &quot;stop&quot; &lt;script&gt;alert(1)&lt;/script&gt;</p>")
        );
        assert!(!html.contains("<p>old</p>"));
        // Visible before the app boots: header, heading, text, links under the public URL.
        assert!(html.contains("<div id=\"prerender\" class=\"prerender\">"));
        assert!(html.contains("<a class=\"brand\" href=\"/story/\">Talks &amp; &lt;b&gt;</a>"));
        assert!(html.contains("<h1>Talks resume</h1>"));
        assert!(html.contains(
            "<ul class=\"article-list\"><li><a href=\"/story/event/y&quot;&gt;&lt;script&gt;/\">next</a></li></ul>"
        ));
        assert!(
            html.contains("<noscript>"),
            "still says what needs JavaScript"
        );
        assert!(!html.contains("storyline-preload"));
    }

    #[test]
    fn names_the_data_files_to_preload() {
        let page = PageMeta {
            preload: vec!["data/text/3.json".into(), "data/text/\"4.json".into()],
            ..meta("An article")
        };
        let html = render(TEMPLATE, &page, "/story/", None);
        let head = &html[..html.find("</head>").unwrap()];
        let with_script = TEMPLATE.replace("</title>", "</title><script>start()</script>");
        let html = render(&with_script, &page, "/story/", None);
        // Before the start script, which reads them as soon as it runs.
        let meta = html.find("storyline-preload").unwrap();
        assert!(meta < html.find("<script>start()").unwrap(), "{html}");
        assert!(head.contains("<meta name=\"storyline-preload\" content=\"data/text/3.json\">"));
        assert!(
            head.contains("<meta name=\"storyline-preload\" content=\"data/text/&quot;4.json\">")
        );
    }

    #[test]
    fn long_pages_are_cut_with_a_count() {
        let mut m = meta("Many");
        m.lines = (0..PRERENDER_MAX + 5)
            .map(|i| Line::item(format!("event {i}"), format!("event/{i}")))
            .collect();
        let html = render(TEMPLATE, &m, "/", None);
        assert_eq!(html.matches("<li>").count(), PRERENDER_MAX);
        assert!(html.contains("… and 5 more."));
    }

    #[test]
    fn the_timeline_page_offers_the_downloads_without_the_app() {
        let bundle = Bundle::new(vec![]);
        let pages = all_pages(&bundle, &|_| None);
        let timeline = pages.iter().find(|p| p.route == "timeline").unwrap();
        let html = render(TEMPLATE, timeline, "/s/", None);
        assert!(html.contains(
            "<p class=\"downloads\">Download: <a href=\"/s/exports/timeline.ics\" download>Calendar (ICS)</a> · "
        ), "{html}");
        assert!(html.contains("<a href=\"/s/timeline.json\" download>All data (JSON)</a></p>"));
        let home = pages.iter().find(|p| p.route.is_empty()).unwrap();
        assert!(!render(TEMPLATE, home, "/s/", None).contains("downloads"));
    }

    #[test]
    fn hostile_text_cannot_break_out() {
        let html = render(
            TEMPLATE,
            &meta("</title><script>alert(1)</script>"),
            "/",
            None,
        );
        assert_eq!(html.matches("<script>").count(), 0, "{html}");
        assert!(html.contains("<script type=\"application/ld+json\">{\"name\":\"a\\u003c/script>\\u003cscript>alert(1)\"}</script>"));
    }

    #[test]
    fn redirect_pages_forward_to_the_new_id() {
        let mut m = meta("Moved");
        m.redirect_to = Some("event/y".into());
        let html = render(TEMPLATE, &m, "/s/", None);
        assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/s/event/y/\">"));
    }

    #[test]
    fn clips_at_word_boundaries() {
        assert_eq!(clip("one two three", 9), "one two…");
        assert_eq!(clip("short", 9), "short");
    }
}
