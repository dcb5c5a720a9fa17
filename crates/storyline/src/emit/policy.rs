//! The Content-Security-Policy of a site's pages: scripts only from the site itself and the
//! app's own inline scripts (by their hashes), WebAssembly allowed, nothing from elsewhere.
//! Article text and metadata are hostile data: should any of it ever slip into a page as
//! markup, the browser still runs none of it.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The policy for pages built from `html` (the app's `index.html`, public URL in place):
/// every inline script it carries is allowed by its SHA-256 hash, and no other. JSON-LD
/// blocks are data, never run, and need no hash.
pub(crate) fn content_security_policy(html: &str) -> String {
    let mut hashes: Vec<String> = inline_scripts(html)
        .map(|code| {
            let digest = Sha256::digest(code.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    hashes.sort();
    hashes.dedup();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}{}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'",
        if hashes.is_empty() { "" } else { " " },
        hashes.join(" ")
    )
}

/// Puts the policy in the page's head, first thing after `<meta charset>` (or `<head>`),
/// so it covers every script after it.
pub(crate) fn with_policy(html: &str) -> String {
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        content_security_policy(html)
    );
    let lower = html.to_ascii_lowercase();
    let at = lower
        .find("<meta charset")
        .and_then(|i| lower[i..].find('>').map(|e| i + e + 1))
        .or_else(|| lower.find("<head>").map(|i| i + "<head>".len()));
    match at {
        Some(at) => format!("{}\n  {meta}{}", &html[..at], &html[at..]),
        None => format!("{meta}{html}"),
    }
}

/// The code of each inline script that a browser runs: no `src`, a JavaScript type.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<script").map(|i| at + i) {
        let Some(open_end) = lower[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|i| open_end + i) else {
            break;
        };
        let tag = &lower[start..open_end];
        let runs = !tag.contains(" src=")
            && ["", "text/javascript", "module"].contains(&script_type(tag).as_str());
        if runs {
            found.push(open_end..close);
        }
        at = close;
    }
    found.into_iter().map(move |r| &html[r])
}

/// The `type` attribute of a script's start tag (lowercase), empty when it has none.
fn script_type(tag: &str) -> String {
    let Some(i) = tag.find(" type=") else {
        return String::new();
    };
    let value = &tag[i + " type=".len()..];
    value
        .trim_start_matches(['"', '\''])
        .split(['"', '\'', ' ', '>'])
        .next()
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_data_blocks_ignored() {
        let html = "<html><head><meta charset=\"utf-8\"><title>T</title>\
            <script>start()</script><script type=\"module\">go()</script>\
            <script type=\"application/ld+json\">{\"a\":1}</script>\
            <script src=\"app.js\"></script></head><body></body></html>";
        let policy = content_security_policy(html);
        let hash = |code: &str| {
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(code.as_bytes()))
        };
        assert!(
            policy.contains(&format!("'sha256-{}'", hash("start()"))),
            "{policy}"
        );
        assert!(
            policy.contains(&format!("'sha256-{}'", hash("go()"))),
            "{policy}"
        );
        assert!(!policy.contains(&hash("{\"a\":1}")));
        assert!(!policy.contains(&hash("")));
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
        let page = with_policy(html);
        let meta = page.find("http-equiv=\"Content-Security-Policy\"").unwrap();
        assert!(page.find("<meta charset").unwrap() < meta);
        assert!(meta < page.find("<script").unwrap());
    }
}
