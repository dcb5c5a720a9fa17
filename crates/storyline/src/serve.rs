//! A small static file server for previewing and testing a built site on 127.0.0.1.
//!
//! hyper speaks HTTP/1.1 (keep-alive, a 400 for a request it cannot read, a deadline for
//! each request head) and tower-http answers a file (HEAD, ranges, conditional requests)
//! and compresses it; this module decides which file answers a URL and what headers go
//! with it.

use anyhow::{Context, Result};
use http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full};
use hyper::body::{Body as _, Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt as _;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeFile;
use tower_http::set_header::SetResponseHeaderLayer;

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
    /// Serve this file.
    File(PathBuf),
    /// Redirect to this location (a folder without its trailing slash).
    Redirect(String),
    /// Answer 404, with this page (the site's `404.html`) when there is one.
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

/// The `Content-Type` of a file, by its extension (`application/octet-stream` when
/// unknown).
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
    let site = Site {
        root: site.to_path_buf(),
        prefix: prefix.to_string(),
        fallback,
    };
    run(listener, site, HEAD_TIME)
}

/// At most this many connections are answered at once; one more is told 503 and closed.
const MAX_CONNECTIONS: usize = 256;

/// A client has this long to send a request's head, from when the connection is ready
/// for it (idle keep-alive time included): a client that trickles a byte at a time
/// cannot hold a connection for longer.
const HEAD_TIME: Duration = Duration::from_secs(30);

/// The most a request's line and headers may take (past it: 431).
const HEAD_LIMIT: usize = 64 * 1024;

/// What is served, and how.
struct Site {
    root: PathBuf,
    prefix: String,
    fallback: Fallback,
}

/// Answers every connection of `listener`, at most [`MAX_CONNECTIONS`] at once, each
/// request head within `head_time`, on a small runtime of its own.
fn run(listener: std::net::TcpListener, site: Site, head_time: Duration) -> Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()?;
    listener.set_nonblocking(true)?;
    let listener = {
        let _context = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let app = app(Arc::new(site));
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    runtime.block_on(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                // Out of file descriptors, say: wait for connections to close, do not spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            };
            let Ok(permit) = open.clone().try_acquire_owned() else {
                use tokio::io::AsyncWriteExt;
                let _ = tokio::time::timeout(Duration::from_secs(1), async {
                    stream.write_all(TOO_MANY).await?;
                    stream.shutdown().await
                })
                .await;
                continue;
            };
            let service = hyper_util::service::TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let _ = stream.set_nodelay(true);
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(head_time)
                    .max_header_size(HEAD_LIMIT)
                    .title_case_headers(true)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                drop(permit);
            });
        }
    })
}

/// The whole answer to a connection past [`MAX_CONNECTIONS`].
const TOO_MANY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
    Content-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n\
    Content-Length: 20\r\nConnection: close\r\n\r\ntoo many connections";

type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// Marks a response whose body is compressed when the client accepts it.
#[derive(Clone, Copy)]
struct Compress;

/// The service that answers each request of a connection: [`answer`], compressed as static
/// hosts do (GitHub Pages gzips, most CDNs also speak brotli; level 5, so that what a
/// browser loads weighs what it would on a real host), and never sniffed: a text file is
/// never run as a script or shown as a page.
fn app(
    site: Arc<Site>,
) -> impl tower::Service<
    Request<Incoming>,
    Response = Response<impl hyper::body::Body<Data = Bytes, Error: Into<tower::BoxError>>>,
    Error = std::convert::Infallible,
    Future: Send,
> + Clone {
    tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(5))
                .compress_when(|_, _, _: &_, marks: &hyper::http::Extensions| {
                    marks.get::<Compress>().is_some()
                }),
        )
        .service_fn(move |request| {
            let site = site.clone();
            async move { Ok(answer(&site, request).await) }
        })
}

/// The response to one request.
async fn answer(site: &Site, request: Request<Incoming>) -> Response<Body> {
    if !request.body().is_end_stream() {
        // Closed after the answer, the body unread.
        let mut reply = text(
            StatusCode::PAYLOAD_TOO_LARGE,
            "requests with a body are not served",
        );
        let close = HeaderValue::from_static("close");
        reply.headers_mut().insert(header::CONNECTION, close);
        return reply;
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut reply = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
        let allow = HeaderValue::from_static("GET, HEAD");
        reply.headers_mut().insert(header::ALLOW, allow);
        return reply;
    }
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let resolved = resolve(&site.root, &site.prefix, target, site.fallback);
    let (head, _) = request.into_parts();
    match resolved {
        Resolved::File(path) => file(&path, Request::from_parts(head, ())).await,
        // A decoded path with a line break must not reach a header.
        Resolved::Redirect(to) => match HeaderValue::from_bytes(to.as_bytes()) {
            Ok(location) if !to.contains(char::is_control) => {
                let mut reply = text(StatusCode::MOVED_PERMANENTLY, "");
                reply.headers_mut().insert(header::LOCATION, location);
                reply
            }
            _ => text(StatusCode::BAD_REQUEST, "control characters in the path"),
        },
        Resolved::NotFound(Some(page)) => {
            // The whole page, whatever range or cached copy the request names.
            let mut request = Request::new(());
            *request.method_mut() = head.method;
            let mut reply = file(&page, request).await;
            *reply.status_mut() = StatusCode::NOT_FOUND;
            reply
        }
        Resolved::NotFound(None) => text(StatusCode::NOT_FOUND, "404 not found"),
    }
}

/// A file of the site, with its type, its page's policy, and no caching without asking.
async fn file(path: &Path, request: Request<()>) -> Response<Body> {
    let Ok(reply) = ServeFile::new(path).oneshot(request).await;
    let mut reply = reply.map(|body| body.boxed_unsync());
    let type_ = content_type(path);
    let headers = reply.headers_mut();
    if headers.contains_key(header::CONTENT_TYPE) {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(type_));
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if type_.starts_with("text/html") {
        if let Some(policy) = page_policy(path).and_then(|p| HeaderValue::try_from(p).ok()) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    if reply.status() == StatusCode::OK && compressible(path) {
        reply.extensions_mut().insert(Compress);
    }
    reply
}

/// A short answer in plain text.
fn text(status: StatusCode, body: &'static str) -> Response<Body> {
    let body = Full::from(body)
        .map_err(|never| match never {})
        .boxed_unsync();
    let mut reply = Response::new(body);
    *reply.status_mut() = status;
    let plain = HeaderValue::from_static("text/plain; charset=utf-8");
    reply.headers_mut().insert(header::CONTENT_TYPE, plain);
    reply
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

    /// Serves `root` on a free port of 127.0.0.1, in a thread of its own.
    fn start(root: &Path, prefix: &str, fallback: Fallback) -> std::net::SocketAddr {
        start_with(root, prefix, fallback, HEAD_TIME)
    }

    fn start_with(
        root: &Path,
        prefix: &str,
        fallback: Fallback,
        head_time: Duration,
    ) -> std::net::SocketAddr {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let site = Site {
            root: root.to_path_buf(),
            prefix: prefix.to_string(),
            fallback,
        };
        std::thread::spawn(move || run(listener, site, head_time));
        addr
    }

    /// Sends `request` on a connection of its own and reads until the server closes it:
    /// the response's head (up to its empty line) and the rest.
    fn fetch(addr: std::net::SocketAddr, request: impl AsRef<[u8]>) -> (String, Vec<u8>) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_ref()).unwrap();
        let mut all = Vec::new();
        let _ = stream.read_to_end(&mut all);
        let end = all
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(all.len(), |i| i + 4);
        let body = all.split_off(end);
        (String::from_utf8(all).unwrap(), body)
    }

    /// A GET on a connection of its own, closed after the response (HTTP/1.0, so that a
    /// compressed body runs to the close and needs no chunk decoding).
    fn get(addr: std::net::SocketAddr, path: &str, headers: &str) -> (String, Vec<u8>) {
        fetch(addr, format!("GET {path} HTTP/1.0\r\n{headers}\r\n"))
    }

    /// The value of header `name` in a response head.
    fn header<'h>(head: &'h str, name: &str) -> Option<&'h str> {
        head.lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
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
        std::fs::write(d.path().join("app.wasm"), "\0asm").unwrap();
        std::fs::write(d.path().join("story.json"), "{}").unwrap();
        let addr = start(d.path(), "/", Fallback::Index);
        let written = |path: &str| {
            fetch(
                addr,
                format!("HEAD {path} HTTP/1.1\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n"),
            )
            .0
        };
        let head = written("/page.html");
        assert!(
            head.contains(&format!("\r\nContent-Security-Policy: {policy}\r\n")),
            "{head}"
        );
        assert!(
            head.contains("\r\nX-Content-Type-Options: nosniff\r\n"),
            "{head}"
        );
        let script = written("/app.js");
        assert!(!script.contains("Content-Security-Policy"), "{script}");
        assert!(
            script.contains("\r\nX-Content-Type-Options: nosniff\r\n"),
            "{script}"
        );
        for (path, type_) in [
            ("/page.html", "text/html; charset=utf-8"),
            ("/app.js", "text/javascript; charset=utf-8"),
            ("/app.wasm", "application/wasm"),
            ("/story.json", "application/json"),
            ("/missing.js", "text/plain; charset=utf-8"),
        ] {
            let head = written(path);
            assert_eq!(header(&head, "content-type"), Some(type_), "{head}");
            assert_eq!(header(&head, "x-content-type-options"), Some("nosniff"));
        }
    }

    #[test]
    fn keeps_connections_alive_as_asked_and_refuses_what_it_does_not_serve() {
        let s = site();
        let addr = start(s.path(), "/", Fallback::NotFound);
        let status = |request: &str| {
            let (head, _) = fetch(addr, request);
            head.split(' ').nth(1).unwrap_or("").to_string()
        };
        // Kept alive: a second request on the same connection is answered.
        let rq = "GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n";
        let two = exchange(
            std::net::TcpStream::connect(addr).unwrap(),
            &[rq.to_string(), rq.to_string()],
        );
        assert_eq!(two[1], ("HTTP/1.1 200 OK".into(), "j".into()));
        // Closed when asked to, or by HTTP/1.0 without keep-alive: `fetch` reads to the close.
        assert_eq!(status("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n"), "200");
        assert_eq!(status("GET / HTTP/1.0\r\n\r\n"), "200");
        assert_eq!(
            status("POST / HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"),
            "413"
        );
        let (head, _) = fetch(addr, "DELETE / HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 405 "), "{head}");
        assert_eq!(header(&head, "allow"), Some("GET, HEAD"));
        for bad in [
            "GET /\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        ] {
            assert_eq!(status(bad), "400", "{bad:?}");
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
        use std::io::{Read, Write};
        let s = site();
        let addr = start_with(
            s.path(),
            "/",
            Fallback::NotFound,
            Duration::from_millis(300),
        );
        let mut client = std::net::TcpStream::connect(addr).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut writer = client.try_clone().unwrap();
        std::thread::spawn(move || {
            for b in b"GET / HTTP/1.1\r\nHost: x\r\n" {
                if writer.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(40));
            }
        });
        let started = std::time::Instant::now();
        // The server closes the connection without an answer.
        let mut reply = Vec::new();
        let _ = client.read_to_end(&mut reply);
        let took = started.elapsed();
        assert!(reply.is_empty(), "{reply:?}");
        assert!(took < Duration::from_millis(900), "{took:?}");
        // An idle kept-alive connection runs out of time the same way.
        let mut idle = std::net::TcpStream::connect(addr).unwrap();
        idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        idle.write_all(b"GET /app.js HTTP/1.1\r\n\r\n").unwrap();
        let started = std::time::Instant::now();
        let mut reply = Vec::new();
        let _ = idle.read_to_end(&mut reply);
        assert!(reply.starts_with(b"HTTP/1.1 200 OK\r\n"));
        let took = started.elapsed();
        assert!(took < Duration::from_millis(900), "{took:?}");
    }

    #[test]
    fn connections_past_the_bound_are_told_503() {
        use std::io::Read;
        let s = site();
        let addr = start(s.path(), "/", Fallback::NotFound);
        // Idle connections up to the bound, each holding a place while it waits.
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
        assert!(reply.contains("\r\nX-Content-Type-Options: nosniff\r\n"));
        assert!(reply.ends_with("\r\n\r\ntoo many connections"), "{reply}");
        drop(idle);
    }

    #[test]
    fn a_request_that_is_not_text_gets_a_400() {
        let s = site();
        let addr = start(s.path(), "/", Fallback::NotFound);
        let (head, body) = fetch(addr, b"\x16\x03\x01\x02\x00\x01\xfc\xff GET /\r\n\r\n");
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        // hyper's own answer, and the connection closed after it.
        assert!(body.is_empty(), "{body:?}");
    }

    #[test]
    fn answers_many_kept_alive_connections_at_once() {
        let s = site();
        let addr = start(s.path(), "/p/", Fallback::NotFound);
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
        // hyper's own 400 has no body, and nothing follows it.
        assert!(all.ends_with("\r\n\r\n"), "{all}");
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
    fn serves_the_site_under_its_prefix_with_either_fallback() {
        let s = site();
        std::fs::create_dir(s.path().join("search")).unwrap();
        std::fs::write(s.path().join("search/index.html"), "s").unwrap();
        let index = start(s.path(), "/x/", Fallback::Index);
        let pages = start(s.path(), "/x/", Fallback::NotFound);
        let answer = |addr, path: &str| {
            let (head, body) = get(addr, path, "");
            let status = head.split(' ').nth(1).unwrap_or("").to_string();
            let location = header(&head, "location").map(str::to_string);
            (status, location, String::from_utf8(body).unwrap())
        };
        let found = |body: &str| ("200".to_string(), None, body.to_string());
        let moved = |to: &str| ("301".to_string(), Some(to.to_string()), String::new());
        let missing = |body: &str| ("404".to_string(), None, body.to_string());
        for addr in [index, pages] {
            assert_eq!(answer(addr, "/x/app.js?v=1"), found("j"));
            assert_eq!(answer(addr, "/x/"), found("i"));
            assert_eq!(answer(addr, "/x"), moved("/x/"));
            assert_eq!(answer(addr, "/x/search?q=a+b"), moved("/x/search/?q=a+b"));
            assert_eq!(answer(addr, "/x/search/?q=a+b"), found("s"));
            assert_eq!(answer(addr, "/app.js"), missing("404 not found"));
            assert_eq!(answer(addr, "/x/../app.js"), missing("404 not found"));
        }
        assert_eq!(answer(index, "/x/article/abc"), found("i"));
        assert_eq!(answer(index, "/x/missing.js"), missing("404 not found"));
        assert_eq!(answer(pages, "/x/article/abc"), missing("n"));
        assert_eq!(answer(pages, "/x/missing.js"), missing("n"));
        // The 404 page is whole and compressed like any page, whatever the request asks.
        let (head, body) = get(pages, "/x/nothing", "Range: bytes=5-9\r\n");
        assert!(head.starts_with("HTTP/1.1 404 ") || head.starts_with("HTTP/1.0 404 "));
        assert_eq!(body, b"n");
    }

    #[test]
    fn negotiates_brotli_then_gzip() {
        let s = site();
        std::fs::write(
            s.path().join("page.html"),
            "Talks in Istanbul. ".repeat(500),
        )
        .unwrap();
        let addr = start(s.path(), "/", Fallback::Index);
        let encoding = |accept: &str| {
            let (head, _) = get(
                addr,
                "/page.html",
                &format!("Accept-Encoding: {accept}\r\n"),
            );
            header(&head, "content-encoding")
                .unwrap_or("identity")
                .to_string()
        };
        assert_eq!(encoding("gzip, deflate, br, zstd"), "br");
        assert_eq!(encoding("gzip, deflate"), "gzip");
        assert_eq!(encoding("br;q=0, GZIP"), "gzip");
        assert_eq!(encoding(""), "identity");
        assert_eq!(encoding("identity"), "identity");
    }

    #[test]
    fn compressed_bodies_decode_to_the_file() {
        use std::io::Read;
        let text = "Talks in Istanbul. ".repeat(500).into_bytes();
        let s = site();
        for name in ["index.html", "search.bin", "icon.png"] {
            std::fs::write(s.path().join(name), &text).unwrap();
        }
        let addr = start(s.path(), "/", Fallback::Index);
        let (head, gz) = get(addr, "/", "Accept-Encoding: gzip\r\n");
        assert_eq!(header(&head, "content-encoding"), Some("gzip"), "{head}");
        assert_eq!(header(&head, "vary"), Some("accept-encoding"), "{head}");
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert!(gz.len() < text.len() / 10);
        let (head, br) = get(addr, "/search.bin", "Accept-Encoding: br\r\n");
        assert_eq!(header(&head, "content-encoding"), Some("br"), "{head}");
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text);
        // An image is sent as it is.
        let (head, png) = get(addr, "/icon.png", "Accept-Encoding: br\r\n");
        assert_eq!(header(&head, "content-encoding"), None, "{head}");
        assert_eq!(png, text);
        assert!(!compressible(Path::new("icon.png")));
        assert!(compressible(Path::new("search.bin")));
        // A range is sent as it is, from the file; a HEAD has no body.
        let (head, part) = get(addr, "/", "Accept-Encoding: br\r\nRange: bytes=6-13\r\n");
        assert!(head.contains(" 206 Partial Content\r\n"), "{head}");
        assert_eq!(header(&head, "content-encoding"), None, "{head}");
        assert_eq!(part, b"in Istan");
        let (head, nothing) = fetch(addr, "HEAD /icon.png HTTP/1.0\r\n\r\n");
        assert_eq!(header(&head, "content-length"), Some("9500"), "{head}");
        assert!(nothing.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_site_is_not_served() {
        let s = site();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), s.path().join("leak.txt"))
            .unwrap();
        std::os::unix::fs::symlink(s.path().join("app.js"), s.path().join("alias.js")).unwrap();
        let addr = start(s.path(), "/", Fallback::NotFound);
        let (head, body) = get(addr, "/leak.txt", "");
        assert!(head.contains(" 404 Not Found\r\n"), "{head}");
        assert_eq!(body, b"n");
        let (head, body) = get(addr, "/alias.js", "");
        assert!(head.contains(" 200 OK\r\n"), "{head}");
        assert_eq!(body, b"j");
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
