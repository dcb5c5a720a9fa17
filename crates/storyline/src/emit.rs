//! Writes a built site: the web app's files, the bundle, the search index, a page per route,
//! the service worker, the manifest and the build report.

use anyhow::{bail, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use storyline_model::{Bundle, BUNDLE_FILE, REPORT_FILE, STORY_FILE};

use crate::report::Report;
use crate::timings::Timings;
use rayon::prelude::*;
use std::time::Instant;

/// About how much article text goes in one file of the split bundle, by default: an
/// article's text is a few kilobytes, so one file holds a dozen articles, about 20 KB
/// compressed.
pub const TEXT_FILE_BYTES: usize = 64 * 1024;

mod folder;
mod policy;
pub use folder::check_out;

include!(concat!(env!("OUT_DIR"), "/app_assets.rs"));

/// The placeholder public URL the app is compiled with (`trunk build --public-url`);
/// replaced by the real one when a site is written.
pub const PUBLIC_URL_PLACEHOLDER: &str = "/__storyline_public_url__/";

/// Where the web app's files come from.
pub enum AppSource {
    /// The files compiled into this binary.
    Embedded,
    /// A Trunk `dist/` folder on disk.
    Dir(PathBuf),
}

/// Options of `storyline build` that shape the site.
pub struct SiteOptions {
    /// The URL path the site is served under, with leading and trailing `/`.
    pub public_url: String,
    /// The absolute URL of the site (`https://user.github.io/story/`), for link previews.
    pub site_url: Option<String>,
    /// Where the web app's files come from.
    pub app: AppSource,
    /// About how much article text goes in each file the app fetches it from
    /// ([`TEXT_FILE_BYTES`] by default; a story with less text keeps it in the story).
    pub text_file_bytes: usize,
}

/// Lists the files a build wrote, so the next build into the same folder removes the ones
/// it no longer writes (old hashed app files, renamed pages) and nothing else.
pub const FILE_LIST: &str = ".storyline-files";

/// Normalizes a public URL path: `prefix`, `/prefix`, `/prefix/` all give `/prefix/`.
pub fn normalize_public_url(url: &str) -> Result<String> {
    let trimmed = url.trim().trim_matches('/');
    if trimmed.contains(['"', '\'', '<', '>', ' ', '?', '#']) {
        bail!("invalid --public-url {url:?}: give a path such as /my-story/");
    }
    Ok(if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    })
}

/// Whether this binary carries the web app's files ([`AppSource::Embedded`] works).
pub fn has_embedded_app() -> bool {
    !APP_ASSETS.is_empty()
}

fn app_files(source: &AppSource) -> Result<Vec<(String, Vec<u8>)>> {
    match source {
        AppSource::Embedded => {
            if APP_ASSETS.is_empty() {
                bail!(
                    "this storyline binary was built without the web app; build it with `cargo xtask dist` \
                     or pass --app-dir DIR (a Trunk dist/ folder)"
                );
            }
            Ok(APP_ASSETS
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect())
        }
        AppSource::Dir(dir) => {
            if !dir.join("index.html").is_file() {
                bail!(
                    "{} has no index.html: it is not a built Storyline app",
                    dir.display()
                );
            }
            let mut out = Vec::new();
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry?;
                if entry.file_type().is_file() {
                    let rel = entry
                        .path()
                        .strip_prefix(dir)?
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((rel, std::fs::read(entry.path())?));
                }
            }
            Ok(out)
        }
    }
}

/// All the files of a site, by path: pure, so the same inputs give byte-identical output.
/// Each phase's time goes in `timings` ("data", "index", "pages").
pub fn site_files(
    bundle: &Bundle,
    report: &Report,
    opts: &SiteOptions,
    timings: &mut Timings,
) -> Result<BTreeMap<String, Vec<u8>>> {
    let started = Instant::now();
    let (mut files, template) = app_pages(&opts.app, &opts.public_url)?;
    // The whole bundle, for scripts; the app reads it split: the story up front, an
    // article's text when the article is opened.
    files.insert(BUNDLE_FILE.into(), serde_json::to_vec(bundle)?);
    let (story, texts) = bundle.split_text(opts.text_file_bytes);
    files.insert(STORY_FILE.into(), serde_json::to_vec(&story)?);
    for (file, texts) in &texts {
        files.insert(file.clone(), serde_json::to_vec(texts)?);
    }
    let mut report_json = serde_json::to_vec_pretty(report)?;
    report_json.push(b'\n');
    files.insert(REPORT_FILE.into(), report_json);
    // Downloads: ICS, CSV, Atom, TimelineJS.
    files.extend(crate::export::all(bundle, &site_of(opts)));
    let name = if bundle.story.title.is_empty() {
        "Storyline"
    } else {
        &bundle.story.title
    };
    files.insert(
        "manifest.webmanifest".into(),
        crate::offline::manifest(name, &opts.public_url).into_bytes(),
    );
    // GitHub Pages: serve files as they are (no Jekyll).
    files.insert(".nojekyll".into(), Vec::new());
    timings.record("data", files.len(), "files", started.elapsed());
    let docs = bundle.articles.len() + bundle.events.len() + bundle.entities.len();
    let index = timings.stage("index", docs, "documents", || search_index(bundle));
    files.insert(storyline_model::SEARCH_FILE.into(), index);
    if let Some(template) = template {
        let started = Instant::now();
        let pages = route_pages(bundle, &story, &template, opts);
        timings.record("pages", pages.len(), "pages", started.elapsed());
        files.extend(pages);
    }
    service_worker(&mut files);
    Ok(files)
}

/// The web app's files, its HTML given the public URL and the content policy, and its
/// `index.html` (the template of every route's page).
fn app_pages(app: &AppSource, public_url: &str) -> Result<(Files, Option<String>)> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut template = None;
    for (rel, bytes) in app_files(app)? {
        if rel.ends_with(".html") {
            let html = policy::with_policy(
                &String::from_utf8_lossy(&bytes).replace(PUBLIC_URL_PLACEHOLDER, public_url),
            );
            if rel == "index.html" {
                template = Some(html.clone());
            }
            files.insert(rel, html.into_bytes());
        } else {
            files.insert(rel, bytes);
        }
    }
    Ok((files, template))
}

/// A site's files: path relative to the site root → contents.
type Files = BTreeMap<String, Vec<u8>>;

/// The URL links in exports and page metadata are made from.
fn site_of(opts: &SiteOptions) -> String {
    opts.site_url
        .clone()
        .unwrap_or_else(|| opts.public_url.clone())
}

/// The search index of the bundle, serialized.
fn search_index(bundle: &Bundle) -> Vec<u8> {
    let spinner = crate::report::spinner("search index");
    let bytes = storyline_search::build_index(bundle).to_bytes();
    spinner.finish_and_clear();
    bytes
}

/// A page per route, from the app's index.html, in parallel (each page is pure), by path.
fn route_pages(
    bundle: &Bundle,
    story: &Bundle,
    template: &str,
    opts: &SiteOptions,
) -> Vec<(String, Vec<u8>)> {
    let site = site_of(opts);
    let json_ld = |page: &crate::pages::PageMeta| {
        let (kind, id) = page.route.split_once('/')?;
        match kind {
            "event" if page.redirect_to.is_none() => bundle
                .event(id)
                .map(|e| crate::export::json_ld_event(bundle, e, &site)),
            "article" => bundle
                .article(id)
                .map(|a| crate::export::json_ld_article(a, &site)),
            _ => None,
        }
    };
    let pages = crate::pages::all_pages(bundle, &json_ld);
    let bar = crate::report::progress(pages.len(), "pages");
    let out = pages
        .into_par_iter()
        .map(|mut page| {
            // Search reads only the text of the articles it shows, known once it has run.
            if let Some(id) = page.route.strip_prefix("article/") {
                page.preload = story
                    .text_file(id)
                    .map(str::to_string)
                    .into_iter()
                    .collect();
            }
            let html =
                crate::pages::render(template, &page, &opts.public_url, opts.site_url.as_deref());
            bar.inc(1);
            (page.file, html.into_bytes())
        })
        .collect();
    bar.finish_and_clear();
    out
}

/// The service worker, versioned by everything it precaches.
fn service_worker(files: &mut BTreeMap<String, Vec<u8>>) {
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    let precache = crate::offline::precached(&names);
    let versioned: Vec<(&str, &[u8])> = precache
        .iter()
        .map(|f| (f.as_str(), files[f].as_slice()))
        .collect();
    let version = crate::offline::version(&versioned);
    files.insert(
        "sw.js".into(),
        crate::offline::service_worker(&version, &precache).into_bytes(),
    );
}

/// Writes the site into `out` (created if needed) through a staging folder
/// ([`folder::install`]): a build that fails leaves the previous site whole. Files that a
/// previous build listed in [`FILE_LIST`] and this one no longer writes are removed;
/// nothing else is touched. Call [`check_out`] first. The stages' times go in `timings`.
pub fn write_site(
    out: &Path,
    bundle: &Bundle,
    report: &Report,
    opts: &SiteOptions,
    timings: &mut Timings,
) -> Result<()> {
    let files = site_files(bundle, report, opts, timings)?;
    let done = timings.stage("write", files.len(), "files", || {
        folder::install(out, &files)
    })?;
    timings.notes.push(format!(
        "site: {} files written, {} unchanged",
        done.written, done.unchanged
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_are_normalized() {
        assert_eq!(normalize_public_url("").unwrap(), "/");
        assert_eq!(normalize_public_url("/").unwrap(), "/");
        assert_eq!(normalize_public_url("story").unwrap(), "/story/");
        assert_eq!(normalize_public_url("/a/b").unwrap(), "/a/b/");
        assert!(normalize_public_url("/a\"onload=").is_err());
    }

    #[test]
    fn writes_app_bundle_and_report_with_the_public_url() {
        let app = tempfile::tempdir().unwrap();
        std::fs::write(
            app.path().join("index.html"),
            format!("<base href=\"{PUBLIC_URL_PLACEHOLDER}\"><script src=\"{PUBLIC_URL_PLACEHOLDER}app.js\">"),
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let opts = SiteOptions {
            public_url: "/story/".into(),
            site_url: None,
            app: AppSource::Dir(app.path().into()),
            text_file_bytes: TEXT_FILE_BYTES,
        };
        write_site(
            out.path(),
            &Bundle::new(vec![]),
            &Report::default(),
            &opts,
            &mut Timings::default(),
        )
        .unwrap();
        let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
        assert!(
            html.starts_with("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"),
            "{html}"
        );
        assert!(html.ends_with("\"><base href=\"/story/\"><script src=\"/story/app.js\">"));
        let bundle = std::fs::read_to_string(out.path().join(BUNDLE_FILE)).unwrap();
        assert!(Bundle::from_json(&bundle).is_ok());
        assert!(out.path().join(REPORT_FILE).is_file());
        assert!(out.path().join(storyline_model::SEARCH_FILE).is_file());
    }

    #[test]
    fn the_app_reads_the_story_and_the_text_apart_and_pages_name_their_text() {
        let app = tempfile::tempdir().unwrap();
        std::fs::write(
            app.path().join("index.html"),
            "<html><head><title>S</title></head><body><noscript>x</noscript></body></html>",
        )
        .unwrap();
        let article = |id: &str, text: &str| storyline_model::Article {
            id: id.into(),
            source_file: format!("{id}.txt"),
            title: id.to_uppercase(),
            published: Some("2025-06-02".into()),
            publisher: None,
            url: None,
            author: None,
            paragraphs: vec![text.into()],
            provenance: vec![],
            duplicates: vec![],
            set_aside: None,
        };
        let whole = Bundle::new(vec![
            article("a1", "Talks resumed in Istanbul on Monday."),
            article("a2", "The delegations met for an hour."),
        ]);
        let opts = SiteOptions {
            public_url: "/".into(),
            site_url: None,
            app: AppSource::Dir(app.path().into()),
            text_file_bytes: 40, // one article a file
        };
        let files = site_files(&whole, &Report::default(), &opts, &mut Timings::default()).unwrap();
        let text = |f: &str| String::from_utf8(files[f].clone()).unwrap();
        // The whole bundle, for scripts, as before.
        assert_eq!(Bundle::from_json(&text(BUNDLE_FILE)).unwrap(), whole);
        // The story has no text; its text file has it all back.
        let story = Bundle::from_json(&text(STORY_FILE)).unwrap();
        assert!(!text(STORY_FILE).contains("Istanbul"));
        let file = story.text_file("a2").unwrap();
        let texts: Vec<_> = story
            .text_files
            .iter()
            .map(|f| (f.file.as_str(), Bundle::from_json(&text(&f.file)).unwrap()))
            .collect();
        assert_eq!(story.join_text(texts.iter().map(|(f, t)| (*f, t))), whole);
        // The article's page preloads its text file; the search page none (it fetches
        // those of the articles it shows).
        let preload = format!("<meta name=\"storyline-preload\" content=\"{file}\">");
        assert!(text("article/a2/index.html").contains(&preload));
        assert!(!text("search/index.html").contains("storyline-preload"));
        assert!(!text("timeline/index.html").contains("storyline-preload"));
        // Offline, the app has its data; the whole bundle is not precached.
        let sw = text("sw.js");
        assert!(sw.contains(STORY_FILE) && sw.contains(file));
        assert!(!sw.contains(BUNDLE_FILE));
        assert_eq!(story.text_files.len(), 2);
        // With the default size the story's little text stays in the story.
        let opts = SiteOptions {
            text_file_bytes: TEXT_FILE_BYTES,
            ..opts
        };
        let files = site_files(&whole, &Report::default(), &opts, &mut Timings::default()).unwrap();
        let story = String::from_utf8(files[STORY_FILE].clone()).unwrap();
        assert_eq!(Bundle::from_json(&story).unwrap(), whole);
        assert!(!files
            .keys()
            .any(|f| f.starts_with(storyline_model::TEXT_DIR)));
        let search = String::from_utf8(files["search/index.html"].clone()).unwrap();
        assert!(!search.contains("storyline-preload"));
    }
}
