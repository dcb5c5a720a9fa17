//! A small static file server for previewing and testing a built site on 127.0.0.1.

use anyhow::{Context, Result};
use std::path::{Component, Path, PathBuf};

/// How `serve` treats a path with no file behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// Answer with `index.html` (a single-page-app host, e.g. Netlify rewrites).
    Index,
    /// Answer 404 with `404.html` if present, as GitHub Pages does.
    NotFound,
}

/// What the server answers for one request path.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// Redirect to this location (a folder without its trailing slash).
    Redirect(String),
    NotFound(Option<PathBuf>),
}

/// Maps a URL path to a file of the site, honouring the prefix the site is served under.
pub fn resolve(site: &Path, prefix: &str, url_path: &str, fallback: Fallback) -> Resolved {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    // A missing file (a path whose last segment has an extension) is a 404 even with the
    // index fallback: answering a missing bundle with index.html would hide the error.
    let is_file_path = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    let not_found = || match fallback {
        Fallback::Index if !is_file_path => Resolved::File(site.join("index.html")),
        Fallback::Index => Resolved::NotFound(None),
        Fallback::NotFound => {
            let page = site.join("404.html");
            Resolved::NotFound(page.is_file().then_some(page))
        }
    };
    let Some(rest) = path
        .strip_prefix(prefix)
        .or_else(|| (path.clone() + "/").strip_prefix(prefix).map(|_| ""))
    else {
        return Resolved::NotFound(None);
    };
    let rel = Path::new(rest);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Resolved::NotFound(None);
    }
    let full = site.join(rel);
    if full.is_file() {
        return Resolved::File(full);
    }
    if full.is_dir() {
        if !path.ends_with('/') {
            // Keep the query: `/search?q=x` → `/search/?q=x`, as static hosts do.
            let query = url_path.find('?').map(|i| &url_path[i..]).unwrap_or("");
            return Resolved::Redirect(format!("{path}/{query}"));
        }
        let index = full.join("index.html");
        if index.is_file() {
            return Resolved::File(index);
        }
    }
    not_found()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" | "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Serves `site` on `addr` under `prefix` until the process is stopped.
pub fn serve(site: &Path, addr: &str, prefix: &str, fallback: Fallback) -> Result<()> {
    let server = tiny_http::Server::http(addr)
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let local = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_else(|| addr.to_string());
    eprintln!(
        "serving {} at http://{local}{prefix} (Ctrl-C to stop)",
        site.display()
    );
    // One thread per request: a browser reads a big response (the wasm, a preload) at its
    // own pace, and a single-threaded loop would keep every other request waiting on it.
    for request in server.incoming_requests() {
        let (site, prefix) = (site.to_path_buf(), prefix.to_string());
        std::thread::spawn(move || {
            let response = respond(&site, &prefix, request.url(), fallback);
            let _ = request.respond(response);
        });
    }
    Ok(())
}

/// The response for one request path; a file that cannot be read is a 500, not a crash.
fn respond(
    site: &Path,
    prefix: &str,
    url: &str,
    fallback: Fallback,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let text = |status: u16, body: String| {
        tiny_http::Response::from_data(body.into_bytes())
            .with_status_code(status)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
    };
    let file = |path: &Path, status: u16| {
        file_response(path, status).unwrap_or_else(|e| text(500, format!("{e:#}")))
    };
    match resolve(site, prefix, url, fallback) {
        Resolved::File(path) => file(&path, 200),
        Resolved::Redirect(to) => tiny_http::Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &to)),
        Resolved::NotFound(Some(page)) => file(&page, 404),
        Resolved::NotFound(None) => text(404, "404 not found".into()),
    }
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn file_response(
    path: &Path,
    status: u16,
) -> Result<tiny_http::Response<std::io::Cursor<Vec<u8>>>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(tiny_http::Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(path)))
        .with_header(header("Cache-Control", "no-cache")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("index.html"), "i").unwrap();
        std::fs::write(d.path().join("404.html"), "n").unwrap();
        std::fs::create_dir(d.path().join("event")).unwrap();
        std::fs::write(d.path().join("app.js"), "j").unwrap();
        d
    }

    #[test]
    fn resolves_files_under_the_prefix() {
        let s = site();
        let p = s.path();
        assert_eq!(
            resolve(p, "/", "/app.js", Fallback::Index),
            Resolved::File(p.join("app.js"))
        );
        assert_eq!(
            resolve(p, "/x/", "/x/app.js?v=1", Fallback::Index),
            Resolved::File(p.join("app.js"))
        );
        assert_eq!(
            resolve(p, "/x/", "/x", Fallback::Index),
            Resolved::Redirect("/x/".into())
        );
        std::fs::create_dir(p.join("search")).unwrap();
        assert_eq!(
            resolve(p, "/", "/search?q=a+b", Fallback::Index),
            Resolved::Redirect("/search/?q=a+b".into())
        );
        assert_eq!(
            resolve(p, "/x/", "/x/", Fallback::Index),
            Resolved::File(p.join("index.html"))
        );
        assert_eq!(
            resolve(p, "/x/", "/app.js", Fallback::Index),
            Resolved::NotFound(None)
        );
    }

    #[test]
    fn deep_links_fall_back_to_index_or_404() {
        let s = site();
        let p = s.path();
        assert_eq!(
            resolve(p, "/", "/article/abc", Fallback::Index),
            Resolved::File(p.join("index.html"))
        );
        assert_eq!(
            resolve(p, "/", "/article/abc", Fallback::NotFound),
            Resolved::NotFound(Some(p.join("404.html")))
        );
    }

    #[test]
    fn refuses_to_leave_the_site() {
        let s = site();
        assert_eq!(
            resolve(s.path(), "/", "/../etc/passwd", Fallback::NotFound),
            Resolved::NotFound(None)
        );
        assert_eq!(
            resolve(s.path(), "/", "/%2e%2e/etc/passwd", Fallback::NotFound),
            Resolved::NotFound(None)
        );
    }
}
