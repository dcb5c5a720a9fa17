//! A small static file server for previewing and testing a built site on 127.0.0.1.

use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

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
            let accept = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Accept-Encoding"))
                .map(|h| h.value.as_str().to_string())
                .unwrap_or_default();
            let encoding = Encoding::negotiate(&accept);
            let response = respond(&site, &prefix, request.url(), fallback, encoding);
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
    encoding: Encoding,
) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let text = |status: u16, body: String| {
        tiny_http::Response::from_data(body.into_bytes())
            .with_status_code(status)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
    };
    let file = |path: &Path, status: u16| {
        file_response(path, status, encoding).unwrap_or_else(|e| text(500, format!("{e:#}")))
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
    encoding: Encoding,
) -> Result<tiny_http::Response<std::io::Cursor<Vec<u8>>>> {
    let kind = content_type(path);
    let encoding = if compressible(path) {
        encoding
    } else {
        Encoding::Identity
    };
    let body = read_encoded(path, encoding)?;
    let mut response = tiny_http::Response::from_data(body.as_slice().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("Vary", "Accept-Encoding"));
    if let Some(name) = encoding.name() {
        response = response.with_header(header("Content-Encoding", name));
    }
    Ok(response)
}

/// How a response body is compressed, as static hosts do it (GitHub Pages gzips, most CDNs
/// also speak brotli), so that what a browser loads from `serve` weighs what it would weigh
/// on a real host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The best encoding an `Accept-Encoding` header allows (brotli, then gzip).
    pub fn negotiate(accept: &str) -> Encoding {
        let offers: Vec<(String, bool)> = accept
            .split(',')
            .map(|part| {
                let mut it = part.split(';');
                let name = it.next().unwrap_or("").trim().to_ascii_lowercase();
                let refused = it.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        == Some(0.0)
                });
                (name, !refused)
            })
            .collect();
        let allows = |name: &str| offers.iter().any(|(n, ok)| *ok && n == name);
        if allows("br") {
            Encoding::Brotli
        } else if allows("gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    fn name(self) -> Option<&'static str> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some("gzip"),
            Encoding::Brotli => Some("br"),
        }
    }
}

/// Text, JSON, WebAssembly and the search index compress well; images do not.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        "html"
            | "js"
            | "wasm"
            | "css"
            | "json"
            | "webmanifest"
            | "svg"
            | "ics"
            | "csv"
            | "xml"
            | "atom"
            | "txt"
            | "bin"
    )
}

type Cache = Mutex<HashMap<(PathBuf, Encoding), ((SystemTime, u64), Arc<Vec<u8>>)>>;

/// A file's bytes in an encoding, compressed once per version of the file.
fn read_encoded(path: &Path, encoding: Encoding) -> Result<Arc<Vec<u8>>> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let read = || std::fs::read(path).with_context(|| format!("cannot read {}", path.display()));
    if encoding == Encoding::Identity {
        return Ok(Arc::new(read()?));
    }
    // A file's version: its modification time and length.
    let modified = std::fs::metadata(path)
        .and_then(|m| Ok((m.modified()?, m.len())))
        .with_context(|| format!("cannot read {}", path.display()))?;
    let cache = CACHE.get_or_init(Default::default);
    let key = (path.to_path_buf(), encoding);
    if let Some((when, bytes)) = cache.lock().expect("cache lock").get(&key) {
        if *when == modified {
            return Ok(bytes.clone());
        }
    }
    let bytes = Arc::new(compress(&read()?, encoding)?);
    cache
        .lock()
        .expect("cache lock")
        .insert(key, (modified, bytes.clone()));
    Ok(bytes)
}

/// Compresses at the levels hosts use on the fly (gzip 6, brotli 5).
pub fn compress(bytes: &[u8], encoding: Encoding) -> Result<Vec<u8>> {
    use std::io::Write;
    Ok(match encoding {
        Encoding::Identity => bytes.to_vec(),
        Encoding::Gzip => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            enc.write_all(bytes)?;
            enc.finish()?
        }
        Encoding::Brotli => {
            let params = brotli::enc::BrotliEncoderParams {
                quality: 5,
                lgwin: 22,
                ..Default::default()
            };
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
            out
        }
    })
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
    fn negotiates_brotli_then_gzip() {
        assert_eq!(
            Encoding::negotiate("gzip, deflate, br, zstd"),
            Encoding::Brotli
        );
        assert_eq!(Encoding::negotiate("gzip, deflate"), Encoding::Gzip);
        assert_eq!(Encoding::negotiate("br;q=0, GZIP"), Encoding::Gzip);
        assert_eq!(Encoding::negotiate(""), Encoding::Identity);
        assert_eq!(Encoding::negotiate("identity"), Encoding::Identity);
    }

    #[test]
    fn compressed_bodies_decode_to_the_file() {
        use std::io::Read;
        let text = "Talks in Istanbul. ".repeat(500).into_bytes();
        let gz = compress(&text, Encoding::Gzip).unwrap();
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert!(gz.len() < text.len() / 10);
        let br = compress(&text, Encoding::Brotli).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text);
        // Served from the cache the second time, the same bytes.
        let s = site();
        let page = s.path().join("index.html");
        std::fs::write(&page, &text).unwrap();
        let a = read_encoded(&page, Encoding::Brotli).unwrap();
        let b = read_encoded(&page, Encoding::Brotli).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!compressible(Path::new("icon.png")));
        assert!(compressible(Path::new("search.bin")));
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
