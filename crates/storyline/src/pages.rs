//! Pre-rendered entry pages: one `index.html` per route, each with its own title, preview
//! tags and `<noscript>` text, so every deep link works on any static host and previews well.

use storyline_model::{Bundle, Event};

/// What one page says about itself before the app boots.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMeta {
    /// Path of the page's file inside the site, e.g. `event/<id>/index.html` or `404.html`.
    pub file: String,
    /// The route, relative to the public URL (`event/<id>`, empty for the home page).
    pub route: String,
    pub title: String,
    pub description: String,
    /// `article` for articles and events, `website` otherwise.
    pub og_type: &'static str,
    /// Plain text shown without JavaScript, one paragraph per entry.
    pub noscript: Vec<String>,
    /// A schema.org JSON-LD object (its `<` are escaped when embedded).
    pub json_ld: Option<String>,
    /// The route this page forwards to (an event id of an earlier build).
    pub redirect_to: Option<String>,
}

/// At most this many paragraphs of `<noscript>` text per page (an entity in a big corpus
/// can have hundreds of events; the app shows them all).
pub const NOSCRIPT_MAX: usize = 60;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Shortens text to at most `max` chars at a word boundary, with `…`.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
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
    let page =
        |file: String, route: String, title: String, description: String, og_type, noscript| {
            PageMeta {
                file,
                route,
                title,
                description,
                og_type,
                noscript,
                json_ld: None,
                redirect_to: None,
            }
        };
    let mut top: Vec<String> = {
        let mut events: Vec<&Event> = bundle.events.iter().collect();
        events.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        events
            .iter()
            .take(10)
            .map(|e| format!("{}: {}", e.date, e.title))
            .collect()
    };
    top.sort();
    let mut pages = vec![
        page(
            "index.html".into(),
            String::new(),
            story.clone(),
            story_desc.clone(),
            "website",
            top.clone(),
        ),
        page(
            "404.html".into(),
            String::new(),
            format!("Not found · {story}"),
            story_desc.clone(),
            "website",
            vec!["Nothing in this story lives at this address.".into()],
        ),
        page(
            "timeline/index.html".into(),
            "timeline".into(),
            format!("Timeline · {story}"),
            story_desc.clone(),
            "website",
            bundle
                .events
                .iter()
                .map(|e| format!("{}: {}", e.date, e.title))
                .collect(),
        ),
        page(
            "search/index.html".into(),
            "search".into(),
            format!("Search · {story}"),
            story_desc,
            "website",
            vec![],
        ),
    ];
    for a in &bundle.articles {
        let meta = [a.publisher.clone(), a.published.clone(), a.author.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let first = a.paragraphs.first().cloned().unwrap_or_default();
        let mut text = vec![a.title.clone(), meta.join(" · ")];
        text.extend(a.paragraphs.iter().cloned());
        pages.push(page(
            format!("article/{}/index.html", a.id),
            format!("article/{}", a.id),
            format!("{} · {story}", a.title),
            clip(&first, 200),
            "article",
            text,
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
        let mut text = vec![
            format!("{} — {}", e.date, e.title),
            format!("Reported by: {}", o.join(", ")),
        ];
        text.extend(
            e.mentions
                .iter()
                .map(|m| format!("{}: “{}”", bundle.outlet(&m.article), m.text)),
        );
        pages.push(page(
            format!("event/{}/index.html", e.id),
            format!("event/{}", e.id),
            format!("{} · {story}", e.title),
            description,
            "article",
            text,
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
        let mut text = vec![x.name.clone()];
        if !x.aliases.is_empty() {
            text.push(format!("Also written: {}", x.aliases.join(", ")));
        }
        text.extend(
            x.events
                .iter()
                .filter_map(|id| bundle.event(id))
                .map(|e| format!("{}: {}", e.date, e.title)),
        );
        pages.push(page(
            format!("entity/{}/index.html", x.id),
            format!("entity/{}", x.id),
            format!("{} · {story}", x.name),
            description,
            "website",
            text,
        ));
    }
    for (old, new) in &bundle.redirects {
        if let Some(e) = bundle.event(new) {
            let mut p = page(
                format!("event/{old}/index.html"),
                format!("event/{old}"),
                format!("{} · {story}", e.title),
                format!("This event is now at event/{new}."),
                "article",
                vec![format!("This event moved: {}", e.title)],
            );
            p.redirect_to = Some(format!("event/{new}"));
            pages.push(p);
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
    let title = escape(&page.title);
    let description = escape(&clip(&page.description, 300));
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
            page.redirect_to.as_deref().unwrap_or(&page.route)
        );
        head.push_str(&format!(
            "<meta property=\"og:url\" content=\"{}\">\n",
            escape(&url)
        ));
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{}\">\n",
            escape(&url)
        ));
    }
    if let Some(to) = &page.redirect_to {
        head.push_str(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={}\">\n",
            escape(&format!("{public_url}{to}/"))
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
    let noscript: String = page
        .noscript
        .iter()
        .filter(|p| !p.is_empty())
        .take(NOSCRIPT_MAX)
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    let noscript = format!(
        "<noscript><div class=\"noscript\">{noscript}<p>This page needs JavaScript and WebAssembly for search and the timeline; the data is in <a href=\"{public_url}timeline.json\">timeline.json</a>.</p></div></noscript>"
    );
    replace_element(&html, "<noscript>", "</noscript>", &noscript)
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
            noscript: vec!["He said \"stop\" <script>alert(1)</script>".into()],
            json_ld: Some("{\"name\":\"a</script><script>alert(1)\"}".into()),
            redirect_to: None,
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
        assert!(html.contains("<link rel=\"canonical\" href=\"https://x.example/story/event/x\">"));
        assert!(
            html.contains("<p>He said &quot;stop&quot; &lt;script&gt;alert(1)&lt;/script&gt;</p>")
        );
        assert!(!html.contains("<p>old</p>"));
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
