//! The build cache: each file's cleaning and each article's dates, kept between builds.
//!
//! An entry is found by a hash ([`Key`]) of everything its result depends on: for a
//! file's cleaning, its path, bytes and `storyline.toml` overrides; for an article's
//! dates, its paragraphs (after boilerplate removal) and the date they are resolved
//! against. Every key also hashes [`version`], so a new release, or a change of cleaning
//! or date tagging that bumps [`CACHE_VERSION`], finds nothing. A cached result is the
//! result the stage would compute, so a build with the cache writes the same bytes as one
//! without. Work cut short (a panic, a spent time budget) is never cached.
//!
//! The cache is one folder (by default [`CACHE_DIR`] in the corpus, which ingest leaves
//! out): `entries.jsonl` (a line per entry: the key, a tab, the JSON result) and
//! `CACHEDIR.TAG`. Deleting it is always safe. Each build rewrites it with the entries it
//! used, so it never holds more than one build's worth.

use anyhow::{Context, Result};
use serde::{de::DeserializeOwned, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The cache folder's name in the corpus, when `--cache` names no other.
pub const CACHE_DIR: &str = ".storyline-cache";

/// Bump when cleaning or date tagging gives other results for the same input, so that
/// no cache written before is used (the `cache_version` test notices most such changes).
pub const CACHE_VERSION: u32 = 3;

/// What every key hashes first: the crate's version and [`CACHE_VERSION`].
pub fn version() -> String {
    format!("{}+cache{CACHE_VERSION}", env!("CARGO_PKG_VERSION"))
}

const ENTRIES: &str = "entries.jsonl";
const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This file is a cache directory tag created by storyline (build cache).\n\
    # For information about cache directory tags see https://bford.info/cachedir/\n";

/// The hash that finds an entry: hex SHA-256 of the version, the kind of result and
/// every input, each length-prefixed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(String);

impl Key {
    /// The key of a result of kind `kind` computed from `parts`, under this version.
    pub fn new(kind: &str, parts: &[&[u8]]) -> Key {
        let mut h = Sha256::new();
        let version = version();
        for part in [version.as_bytes(), kind.as_bytes()].iter().chain(parts) {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        Key(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The entries read at the start of a build, and those this build used or made.
#[derive(Default)]
pub struct Cache {
    /// The folder; `None` when the cache is off (`--no-cache`).
    dir: Option<PathBuf>,
    old: HashMap<Key, String>,
    new: Mutex<BTreeMap<Key, String>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl Cache {
    /// A cache that finds nothing and keeps nothing.
    pub fn off() -> Cache {
        Cache::default()
    }

    /// An empty cache in `dir`: it finds nothing, and saving replaces what is there.
    pub fn fresh(dir: &Path) -> Cache {
        Cache {
            dir: Some(dir.to_path_buf()),
            ..Cache::default()
        }
    }

    /// The cache in `dir`, with the entries a previous build left there (none if the
    /// folder or its file is missing; a line without a key is skipped).
    pub fn open(dir: &Path) -> Result<Cache> {
        let file = dir.join(ENTRIES);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", file.display())),
        };
        let old = text
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(k, v)| (Key(k.to_string()), v.to_string()))
            .collect();
        Ok(Cache {
            old,
            ..Cache::fresh(dir)
        })
    }

    /// The folder, when the cache is on.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The cached result of `key`, else `make()`'s, which is kept for the next build.
    pub fn get_or<T: Serialize + DeserializeOwned>(&self, key: Key, make: impl FnOnce() -> T) -> T {
        match self.get_or_try(key, || Ok::<T, std::convert::Infallible>(make())) {
            Ok(t) => t,
            Err(never) => match never {},
        }
    }

    /// The cached result of `key`, else `make()`'s; only a success is kept.
    pub fn get_or_try<T: Serialize + DeserializeOwned, E>(
        &self,
        key: Key,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if self.dir.is_none() {
            return make();
        }
        if let Some(json) = self.old.get(&key) {
            if let Ok(hit) = serde_json::from_str(json) {
                self.hits.fetch_add(1, Ordering::Relaxed);
                self.keep(key, json.clone());
                return Ok(hit);
            }
        }
        let made = make()?;
        self.misses.fetch_add(1, Ordering::Relaxed);
        if let Ok(json) = serde_json::to_string(&made) {
            self.keep(key, json);
        }
        Ok(made)
    }

    fn keep(&self, key: Key, json: String) {
        if let Ok(mut new) = self.new.lock() {
            new.insert(key, json);
        }
    }

    /// (results reused, results computed) so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Writes the entries this build used or made, replacing the previous file whole
    /// (through a temporary file), unless they are exactly the ones read.
    pub fn save(&self) -> Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let new = self
            .new
            .lock()
            .map_err(|_| anyhow::anyhow!("cache lock poisoned"))?;
        let unchanged = new.len() == self.old.len() && new.keys().all(|k| self.old.contains_key(k));
        if unchanged && dir.join(TAG).is_file() {
            return Ok(());
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::write(dir.join(TAG), TAG_TEXT)
            .with_context(|| format!("cannot write {}", dir.join(TAG).display()))?;
        let mut text = String::with_capacity(new.values().map(|v| v.len() + 66).sum());
        for (k, v) in new.iter() {
            text.push_str(&k.0);
            text.push('\t');
            text.push_str(v);
            text.push('\n');
        }
        let tmp = dir.join(format!("{ENTRIES}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, dir.join(ENTRIES))
            .with_context(|| format!("cannot write {}", dir.join(ENTRIES).display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_separate_their_parts_and_kinds() {
        assert_ne!(Key::new("k", &[b"ab", b"c"]), Key::new("k", &[b"a", b"bc"]));
        assert_ne!(Key::new("k", &[b"a"]), Key::new("j", &[b"a"]));
        assert_eq!(Key::new("k", &[b"a"]), Key::new("k", &[b"a"]));
        assert_eq!(Key::new("k", &[]).0.len(), 64);
    }

    #[test]
    fn a_result_made_once_is_found_by_the_next_build_and_unused_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.get_or(Key::new("n", &[b"1"]), || 1), 1);
        assert_eq!(cache.get_or(Key::new("n", &[b"2"]), || 2), 2);
        assert_eq!(cache.counts(), (0, 2));
        cache.save().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.get_or(Key::new("n", &[b"1"]), || 10), 1);
        assert_eq!(cache.counts(), (1, 0));
        cache.save().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.get_or(Key::new("n", &[b"2"]), || 20), 20);
        assert!(dir.path().join(TAG).is_file());
    }

    #[test]
    fn an_entry_that_does_not_parse_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let key = Key::new("n", &[b"1"]);
        std::fs::write(dir.path().join(ENTRIES), format!("{}\t{{oops\n", key.0)).unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        assert_eq!(cache.get_or(key, || 7), 7);
        assert_eq!(cache.counts(), (0, 1));
    }

    #[test]
    fn a_failure_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let key = Key::new("n", &[b"1"]);
        assert_eq!(
            cache.get_or_try(key.clone(), || Err::<u8, _>("cut")),
            Err("cut")
        );
        assert_eq!(cache.get_or_try(key, || Ok::<_, ()>(4)), Ok(4));
        assert_eq!(cache.counts(), (0, 1));
    }

    #[test]
    fn off_keeps_nothing() {
        let cache = Cache::off();
        assert_eq!(cache.get_or(Key::new("n", &[]), || 3), 3);
        assert_eq!(cache.counts(), (0, 0));
        cache.save().unwrap();
    }
}
