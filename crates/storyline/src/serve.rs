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
    if !inside(site, &full) {
        return not_found();
    }
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
        if index.is_file() && inside(site, &index) {
            return Resolved::File(index);
        }
    }
    not_found()
}

/// Whether `path`, its symbolic links followed, is inside the site folder: a link in the
/// site to a file elsewhere (`leak.txt` → `/etc/passwd`) is not served. A path that does
/// not exist is inside (it is answered as missing).
fn inside(site: &Path, path: &Path) -> bool {
    match (site.canonicalize(), path.canonicalize()) {
        (Ok(site), Ok(path)) => path.starts_with(site),
        (_, Err(_)) => true,
        (Err(_), Ok(_)) => false,
    }
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
///
/// HTTP/1.1 with keep-alive, a thread per connection: a browser holds up to six
/// connections open and reads a big response (the wasm, a preload) at its own pace, and
/// no connection may wait on another. (tiny_http, used before, queued a new connection
/// behind busy keep-alive ones when several opened at once, and a page that started
/// six downloads together could wait forever for one of them.)
pub fn serve(site: &Path, addr: &str, prefix: &str, fallback: Fallback) -> Result<()> {
    let listener =
        std::net::TcpListener::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| addr.to_string());
    eprintln!(
        "serving {} at http://{local}{prefix} (Ctrl-C to stop)",
        site.display()
    );
    run(listener, site, prefix, fallback);
    Ok(())
}

/// At most this many connections are answered at once; one more is told 503 and closed.
const MAX_CONNECTIONS: usize = 256;

/// A client has this long to send a request's head, from when the connection is ready
/// for it (idle keep-alive time included): a client that trickles a byte at a time
/// cannot hold a thread for longer.
const HEAD_TIME: std::time::Duration = std::time::Duration::from_secs(30);

/// Answers every connection of `listener`, each in its own thread, at most
/// [`MAX_CONNECTIONS`] at once.
fn run(listener: std::net::TcpListener, site: &Path, prefix: &str, fallback: Fallback) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: wait for connections to close, do not spin.
            std::thread::sleep(std::time::Duration::from_millis(20));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(std::time::Duration::from_secs(1)));
            let _ = Reply::text(503, "too many connections").write(&mut &stream, false, false);
            continue;
        }
        let (site, prefix, open) = (site.to_path_buf(), prefix.to_string(), open.clone());
        std::thread::spawn(move || {
            let _ = connection(stream, &site, &prefix, fallback);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// A connection's reads, each limited to what is left until a deadline.
struct Deadline {
    stream: std::net::TcpStream,
    until: std::time::Instant,
}

impl std::io::Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self
            .until
            .saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Answers the requests of one connection in turn, until the client closes it, asks to,
/// or does not send a whole request head within [`HEAD_TIME`].
fn connection(
    stream: std::net::TcpStream,
    site: &Path,
    prefix: &str,
    fallback: Fallback,
) -> std::io::Result<()> {
    use std::io::{BufReader, Write};
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(Deadline {
        stream: stream.try_clone()?,
        until: std::time::Instant::now() + HEAD_TIME,
    });
    let mut writer = std::io::BufWriter::new(stream);
    loop {
        reader.get_mut().until = std::time::Instant::now() + HEAD_TIME;
        let (reply, keep, is_head) = match read_head(&mut reader)? {
            Head::Closed => return Ok(()),
            Head::TooLarge => (Reply::text(431, "request headers too large"), false, false),
            Head::NotText => (Reply::text(400, "the request is not text"), false, false),
            Head::Read(head) => answer(&head, site, prefix, fallback),
        };
        reply.write(&mut writer, keep, is_head)?;
        writer.flush()?;
        if !keep {
            return linger(reader);
        }
    }
}

/// The reply to one request head, whether to keep the connection, and whether the reply
/// goes without its body (HEAD).
fn answer(head: &str, site: &Path, prefix: &str, fallback: Fallback) -> (Reply, bool, bool) {
    match RequestHead::parse(head) {
        Err(why) => (Reply::text(400, why), false, false),
        Ok(rq) if rq.has_body() => (
            Reply::text(413, "requests with a body are not served"),
            false,
            false,
        ),
        Ok(rq) if rq.method != "GET" && rq.method != "HEAD" => (
            Reply::text(405, "only GET and HEAD are served"),
            rq.keep_alive(),
            false,
        ),
        Ok(rq) => {
            let encoding = Encoding::negotiate(rq.header("accept-encoding").unwrap_or(""));
            let reply = respond(site, prefix, &rq.target, fallback, encoding);
            (reply, rq.keep_alive(), rq.method == "HEAD")
        }
    }
}

/// What came on a connection before a request's empty line.
enum Head {
    /// The client closed the connection.
    Closed,
    /// More than [`HEAD_LIMIT`] bytes (read no further).
    TooLarge,
    /// Bytes that are not text (read no further).
    NotText,
    Read(String),
}

/// The most a request's line and headers may take.
const HEAD_LIMIT: usize = 64 * 1024;

/// Reads a request's line and headers, up to the empty line (blank lines before the
/// request line are tolerated, RFC 9112, 2.2), never more than [`HEAD_LIMIT`].
fn read_head(reader: &mut impl std::io::BufRead) -> std::io::Result<Head> {
    use std::io::{BufRead, Read};
    let mut head = String::new();
    loop {
        let mut bytes = Vec::new();
        let room = (HEAD_LIMIT + 1).saturating_sub(head.len()) as u64;
        if reader.take(room).read_until(b'\n', &mut bytes)? == 0 {
            return Ok(Head::Closed);
        }
        let Ok(line) = String::from_utf8(bytes) else {
            return Ok(Head::NotText);
        };
        if head.is_empty() && line.trim().is_empty() {
            continue;
        }
        head.push_str(&line);
        if line == "\r\n" || line == "\n" {
            return Ok(Head::Read(head));
        }
        if head.len() > HEAD_LIMIT {
            return Ok(Head::TooLarge);
        }
    }
}

/// Closes a connection whose request may not have been read to its end (a body, headers
/// past the limit): the client is told first that nothing more comes, then what it still
/// sends is read and dropped for a moment, so that the close does not reset the connection
/// before the client has read the response.
fn linger(mut reader: std::io::BufReader<Deadline>) -> std::io::Result<()> {
    use std::io::Read;
    reader
        .get_ref()
        .stream
        .shutdown(std::net::Shutdown::Write)?;
    reader.get_mut().until = std::time::Instant::now() + std::time::Duration::from_secs(1);
    let _ = std::io::copy(&mut (&mut reader).take(1 << 20), &mut std::io::sink());
    Ok(())
}

/// The head of one HTTP/1.x request.
#[derive(Debug, PartialEq, Eq)]
struct RequestHead {
    method: String,
    target: String,
    /// `HTTP/1.0` (closes after the response unless it asks for keep-alive).
    http10: bool,
    /// Names lower-cased.
    headers: Vec<(String, String)>,
}

impl RequestHead {
    fn parse(head: &str) -> std::result::Result<RequestHead, &'static str> {
        let mut lines = head.lines();
        let mut first = lines.next().unwrap_or("").split_whitespace();
        let (Some(method), Some(target), Some(version), None) =
            (first.next(), first.next(), first.next(), first.next())
        else {
            return Err("malformed request line");
        };
        let http10 = match version {
            "HTTP/1.1" => false,
            "HTTP/1.0" => true,
            _ => return Err("unsupported HTTP version"),
        };
        let mut headers = Vec::new();
        for line in lines.take_while(|l| !l.is_empty()) {
            let (name, value) = line.split_once(':').ok_or("malformed header")?;
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        Ok(RequestHead {
            method: method.to_string(),
            target: target.to_string(),
            http10,
            headers,
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http10 {
            connection.contains("keep-alive")
        } else {
            !connection.contains("close")
        }
    }

    fn has_body(&self) -> bool {
        self.header("transfer-encoding").is_some()
            || self
                .header("content-length")
                .is_some_and(|n| n.trim() != "0")
    }
}

/// One response: status, headers and the whole body.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Arc<Vec<u8>>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: Arc::new(body.as_bytes().to_vec()),
        }
    }

    fn write(
        &self,
        out: &mut impl std::io::Write,
        keep: bool,
        head_only: bool,
    ) -> std::io::Result<()> {
        let reason = match self.status {
            200 => "OK",
            301 => "Moved Permanently",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            503 => "Service Unavailable",
            413 => "Content Too Large",
            431 => "Request Header Fields Too Large",
            _ => "Internal Server Error",
        };
        write!(out, "HTTP/1.1 {} {reason}\r\n", self.status)?;
        for (name, value) in &self.headers {
            write!(out, "{name}: {value}\r\n")?;
        }
        // No guessing of types: a text file is never run as a script or shown as a page.
        write!(out, "X-Content-Type-Options: nosniff\r\n")?;
        let connection = if keep { "keep-alive" } else { "close" };
        write!(
            out,
            "Content-Length: {}\r\nConnection: {connection}\r\n\r\n",
            self.body.len()
        )?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        Ok(())
    }
}

/// The response for one request path; a file that cannot be read is a 500, not a crash.
fn respond(site: &Path, prefix: &str, url: &str, fallback: Fallback, encoding: Encoding) -> Reply {
    let file = |path: &Path, status: u16| {
        file_response(path, status, encoding)
            .unwrap_or_else(|e| Reply::text(500, &format!("{e:#}")))
    };
    match resolve(site, prefix, url, fallback) {
        Resolved::File(path) => file(&path, 200),
        // A decoded path with a line break must not reach a header.
        Resolved::Redirect(to) if to.chars().any(char::is_control) => {
            Reply::text(400, "control characters in the path")
        }
        Resolved::Redirect(to) => Reply {
            status: 301,
            headers: vec![("Location", to)],
            body: Arc::new(Vec::new()),
        },
        Resolved::NotFound(Some(page)) => file(&page, 404),
        Resolved::NotFound(None) => Reply::text(404, "404 not found"),
    }
}

fn file_response(path: &Path, status: u16, encoding: Encoding) -> Result<Reply> {
    let encoding = if compressible(path) {
        encoding
    } else {
        Encoding::Identity
    };
    let mut headers = vec![
        ("Content-Type", content_type(path).to_string()),
        ("Cache-Control", "no-cache".to_string()),
        ("Vary", "Accept-Encoding".to_string()),
    ];
    if let Some(name) = encoding.name() {
        headers.push(("Content-Encoding", name.to_string()));
    }
    if content_type(path).starts_with("text/html") {
        if let Some(policy) = page_policy(path) {
            headers.push(("Content-Security-Policy", policy));
        }
    }
    Ok(Reply {
        status,
        headers,
        body: read_encoded(path, encoding)?,
    })
}

/// The Content-Security-Policy a page states in its `<meta http-equiv>` (written by
/// `storyline build`), sent as a header too, as a host configured for the site would. Only
/// the page's head is read, whatever the body's encoding.
fn page_policy(path: &Path) -> Option<String> {
    use std::io::Read;
    const META: &[u8] = b"<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(16 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let start = head.windows(META.len()).position(|w| w == META)? + META.len();
    let len = head[start..].iter().position(|&b| b == b'"')?;
    let policy = std::str::from_utf8(&head[start..start + len]).ok()?;
    (!policy.chars().any(char::is_control)).then(|| policy.to_string())
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
    fn pages_carry_their_policy_and_nothing_is_sniffed() {
        let d = site();
        let policy = "default-src 'self'; script-src 'self' 'sha256-abc='";
        let page = d.path().join("page.html");
        std::fs::write(
            &page,
            format!("<html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"></head></html>"),
        )
        .unwrap();
        let written = |path: &Path| {
            let mut out = Vec::new();
            let reply = file_response(path, 200, Encoding::Brotli).unwrap();
            reply.write(&mut out, false, true).unwrap();
            String::from_utf8(out).unwrap()
        };
        let head = written(&page);
        assert!(
            head.contains(&format!("\r\nContent-Security-Policy: {policy}\r\n")),
            "{head}"
        );
        assert!(
            head.contains("\r\nX-Content-Type-Options: nosniff\r\n"),
            "{head}"
        );
        let script = written(&d.path().join("app.js"));
        assert!(!script.contains("Content-Security-Policy"), "{script}");
        assert!(
            script.contains("\r\nX-Content-Type-Options: nosniff\r\n"),
            "{script}"
        );
    }

    #[test]
    fn parses_request_heads_and_their_keep_alive() {
        let rq = RequestHead::parse(
            "GET /s/search/?q=a HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n",
        )
        .unwrap();
        assert_eq!(rq.method, "GET");
        assert_eq!(rq.target, "/s/search/?q=a");
        assert_eq!(rq.header("accept-encoding"), Some("gzip, br"));
        assert!(rq.keep_alive() && !rq.has_body());
        let close = RequestHead::parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").unwrap();
        assert!(!close.keep_alive());
        assert!(!RequestHead::parse("GET / HTTP/1.0\r\n\r\n")
            .unwrap()
            .keep_alive());
        let post = RequestHead::parse("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n").unwrap();
        assert!(post.has_body());
        for bad in [
            "GET /\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        ] {
            assert!(RequestHead::parse(bad).is_err(), "{bad:?}");
        }
    }

    /// Sends `requests` on one connection, one after the other, and returns the status
    /// line and body of each response.
    fn exchange(stream: std::net::TcpStream, requests: &[String]) -> Vec<(String, String)> {
        use std::io::{BufRead, BufReader, Read, Write};
        let mut writer = stream.try_clone().unwrap();
        let mut reader = BufReader::new(stream);
        let mut out = Vec::new();
        for rq in requests {
            writer.write_all(rq.as_bytes()).unwrap();
            let mut status = String::new();
            reader.read_line(&mut status).unwrap();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" {
                    break;
                }
                if let Some(n) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = n.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            out.push((status.trim().to_string(), String::from_utf8(body).unwrap()));
        }
        out
    }

    #[test]
    fn a_trickled_request_head_runs_out_of_time() {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let mut client = std::net::TcpStream::connect(addr).unwrap();
            for b in b"GET / HTTP/1.1\r\nHost: x\r\n" {
                if client.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(40));
            }
        });
        let (stream, _) = listener.accept().unwrap();
        let started = std::time::Instant::now();
        let mut reader = std::io::BufReader::new(Deadline {
            stream,
            until: started + std::time::Duration::from_millis(300),
        });
        assert!(read_head(&mut reader).is_err());
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_millis(900), "{took:?}");
    }

    #[test]
    fn connections_past_the_bound_are_told_503() {
        use std::io::Read;
        let s = site();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let root = s.path().to_path_buf();
        std::thread::spawn(move || run(listener, &root, "/", Fallback::NotFound));
        // Idle connections up to the bound, each holding a thread while it waits.
        let idle: Vec<_> = (0..MAX_CONNECTIONS)
            .map(|_| std::net::TcpStream::connect(addr).unwrap())
            .collect();
        let mut reply = String::new();
        for _ in 0..50 {
            let mut extra = std::net::TcpStream::connect(addr).unwrap();
            extra
                .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            reply.clear();
            let _ = extra.read_to_string(&mut reply);
            if reply.starts_with("HTTP/1.1 503") {
                break;
            }
        }
        assert!(
            reply.starts_with("HTTP/1.1 503 Service Unavailable\r\n"),
            "{reply}"
        );
        drop(idle);
    }

    #[test]
    fn a_request_that_is_not_text_gets_a_400() {
        let s = site();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let root = s.path().to_path_buf();
        std::thread::spawn(move || run(listener, &root, "/", Fallback::NotFound));
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(b"\x16\x03\x01\x02\x00\x01\xfc\xff GET /\r\n\r\n")
            .unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        let reply = String::from_utf8_lossy(&reply);
        assert!(reply.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{reply}");
        assert!(reply.ends_with("the request is not text"), "{reply}");
    }

    #[test]
    fn answers_many_kept_alive_connections_at_once() {
        let s = site();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let root = s.path().to_path_buf();
        std::thread::spawn(move || run(listener, &root, "/p/", Fallback::NotFound));
        // Twelve connections opened together, each kept alive for three requests in turn
        // (a browser starting its downloads at once): none waits on another.
        let get = |path: &str| format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
        let streams: Vec<_> = (0..12)
            .map(|_| {
                let s = std::net::TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
                    .unwrap();
                s
            })
            .collect();
        let threads: Vec<_> = streams
            .into_iter()
            .map(|stream| {
                let requests = [get("/p/app.js"), get("/p/missing"), get("/p/event")];
                std::thread::spawn(move || exchange(stream, &requests))
            })
            .collect();
        for t in threads {
            let replies = t.join().unwrap();
            assert_eq!(replies[0], ("HTTP/1.1 200 OK".into(), "j".into()));
            assert_eq!(replies[1], ("HTTP/1.1 404 Not Found".into(), "n".into()));
            assert_eq!(replies[2].0, "HTTP/1.1 301 Moved Permanently");
        }
        // Headers past the limit get a 431 and a close.
        let long = format!(
            "GET /p/app.js HTTP/1.1\r\nX: {}\r\n\r\n",
            "y".repeat(70_000)
        );
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        std::io::Write::write_all(&mut stream, long.as_bytes()).unwrap();
        let mut reply = String::new();
        std::io::Read::read_to_string(&mut stream, &mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 431 "), "{reply}");
        // A HEAD has no body; a request the server cannot read gets a 400 and a close.
        let stream = std::net::TcpStream::connect(addr).unwrap();
        let head = "HEAD /p/app.js HTTP/1.1\r\n\r\n".to_string();
        let mut w = stream.try_clone().unwrap();
        std::io::Write::write_all(&mut w, head.as_bytes()).unwrap();
        let mut all = String::new();
        std::io::Write::write_all(&mut w, b"BROKEN\r\n\r\n").unwrap();
        std::io::Read::read_to_string(&mut &stream, &mut all).unwrap();
        assert!(all.starts_with("HTTP/1.1 200 OK\r\n"), "{all}");
        assert!(all.contains("Content-Length: 1\r\n"), "{all}");
        assert!(
            all.contains("\r\n\r\nHTTP/1.1 400 Bad Request\r\n"),
            "{all}"
        );
        assert!(all.ends_with("malformed request line"), "{all}");
        // A line break decoded from the path never reaches the Location header (a folder
        // may have one in its name).
        std::fs::create_dir(s.path().join("event\r\nSet-Cookie:x")).unwrap();
        let bad = exchange(
            std::net::TcpStream::connect(addr).unwrap(),
            &[get("/p/event%0d%0aSet-Cookie:x")],
        );
        assert_eq!(bad[0].0, "HTTP/1.1 400 Bad Request", "{bad:?}");
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

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_site_are_not_followed_links_inside_are() {
        let s = site();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        std::fs::create_dir(outside.path().join("dir")).unwrap();
        std::fs::write(outside.path().join("dir/index.html"), "secret").unwrap();
        let link =
            |to: &Path, name: &str| std::os::unix::fs::symlink(to, s.path().join(name)).unwrap();
        link(&outside.path().join("secret.txt"), "leak.txt");
        link(&outside.path().join("dir"), "leakdir");
        link(&s.path().join("app.js"), "alias.js");
        let page = s.path().join("404.html");
        for url in ["/leak.txt", "/leakdir/", "/leakdir/index.html"] {
            assert_eq!(
                resolve(s.path(), "/", url, Fallback::NotFound),
                Resolved::NotFound(Some(page.clone())),
                "{url}"
            );
        }
        assert_eq!(
            resolve(s.path(), "/", "/alias.js", Fallback::NotFound),
            Resolved::File(s.path().join("alias.js"))
        );
    }
}
