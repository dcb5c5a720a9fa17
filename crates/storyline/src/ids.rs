//! Stable identifiers: derived from content or paths, never from processing order.

use std::collections::BTreeSet;

/// 64-bit FNV-1a: a tiny, stable, dependency-free hash for ids (not for security).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_more(FNV_START, bytes)
}

/// The FNV-1a state before any byte.
pub const FNV_START: u64 = 0xcbf29ce484222325;

/// FNV-1a state `h` carried on over `bytes`: hashing a text in pieces, without joining
/// them, gives [`fnv1a`] of the whole.
pub fn fnv1a_more(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Lowercase ASCII slug: letters and digits kept, runs of anything else become one `-`.
pub fn slug(text: &str, max_len: usize) -> String {
    let mut out = String::new();
    for c in storyline_model::text::fold(text).chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if out.len() >= max_len {
                break;
            }
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// An article id from its path relative to the corpus root: the path without the last
/// extension, slugged (`InputDocs/2010-05-03/12.htm.txt` → `inputdocs-2010-05-03-12-htm`).
/// If that collides with an id already taken, a hash of the full path is appended.
pub fn article_id(rel_path: &str, taken: &BTreeSet<String>) -> String {
    let stem = match rel_path.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') && !stem.is_empty() => stem,
        _ => rel_path,
    };
    let mut id = slug(stem, 80);
    if id.is_empty() {
        id = "article".to_string();
    }
    if taken.contains(&id) {
        id = format!("{id}-{:08x}", fnv1a(rel_path.as_bytes()) as u32);
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_path() {
        let none = BTreeSet::new();
        assert_eq!(
            article_id("000_84476a1af674cada.txt", &none),
            "000_84476a1af674cada"
        );
        assert_eq!(
            article_id("InputDocs/2010-05-03/12.htm.txt", &none),
            "inputdocs-2010-05-03-12-htm"
        );
        assert_eq!(article_id("Über uns.md", &none), "uber-uns");
    }

    #[test]
    fn collisions_get_a_path_hash() {
        let taken: BTreeSet<String> = ["a-b".to_string()].into();
        let id = article_id("a b.txt", &taken);
        assert!(id.starts_with("a-b-") && id.len() == 12, "{id}");
        assert_eq!(id, article_id("a b.txt", &taken), "deterministic");
    }
}
