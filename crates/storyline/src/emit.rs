//! Writes a built site: the web app's files, the bundle and the build report.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use storyline_model::{Bundle, BUNDLE_FILE, REPORT_FILE};

use crate::report::Report;

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
    pub app: AppSource,
}

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

/// Writes the site into `out` (created if needed; files of a previous build are replaced).
pub fn write_site(out: &Path, bundle: &Bundle, report: &Report, opts: &SiteOptions) -> Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    for (rel, bytes) in app_files(&opts.app)? {
        let bytes = if rel.ends_with(".html") {
            String::from_utf8_lossy(&bytes)
                .replace(PUBLIC_URL_PLACEHOLDER, &opts.public_url)
                .into_bytes()
        } else {
            bytes
        };
        write(out, &rel, &bytes)?;
    }
    let json = serde_json::to_vec(bundle)?;
    write(out, BUNDLE_FILE, &json)?;
    let mut report_json = serde_json::to_vec_pretty(report)?;
    report_json.push(b'\n');
    write(out, REPORT_FILE, &report_json)?;
    // The search index the app loads next to the bundle.
    write(
        out,
        storyline_model::SEARCH_FILE,
        &storyline_search::build_index(bundle).to_bytes(),
    )?;
    Ok(())
}

fn write(out: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let path = out.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
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
            app: AppSource::Dir(app.path().into()),
        };
        write_site(out.path(), &Bundle::new(vec![]), &Report::default(), &opts).unwrap();
        let html = std::fs::read_to_string(out.path().join("index.html")).unwrap();
        assert_eq!(
            html,
            "<base href=\"/story/\"><script src=\"/story/app.js\">"
        );
        let bundle = std::fs::read_to_string(out.path().join(BUNDLE_FILE)).unwrap();
        assert!(Bundle::from_json(&bundle).is_ok());
        assert!(out.path().join(REPORT_FILE).is_file());
        assert!(out.path().join(storyline_model::SEARCH_FILE).is_file());
    }
}
