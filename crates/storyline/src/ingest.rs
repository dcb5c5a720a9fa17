//! Reads a corpus folder into memory: every file, in path order, plus `storyline.toml`.
//!
//! `storyline.toml` (all optional):
//!
//! ```toml
//! title = "Istanbul peace talks"
//! description = "Russia and Ukraine meet again, June 2025."
//! include = ["**/*.txt"]          # only these files (globs on the relative path)
//! exclude = ["drafts/**"]         # never these
//!
//! [files."bbc/**"]                   # a glob: every file it matches
//! publisher = "BBC"
//!
//! [files."001_f5fbdbc7dfed2bbc.txt"]  # per-file overrides of metadata (after the globs)
//! title = "Russia, Ukraine resume peace talks"
//! published = "2025-06-02"
//! publisher = "Freelanews"
//! url = "https://..."
//! author = "Peculiar Adirika"
//! ```

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Name of the optional configuration file in the corpus root.
pub const CONFIG_FILE: &str = "storyline.toml";

/// One input file, read but not interpreted.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    /// The file's contents, as read.
    pub bytes: Vec<u8>,
}

/// A file that could not be read at all.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// Path relative to the corpus root, `/`-separated (empty when the error names none).
    pub path: String,
    /// Why the file is not read, as the report gives it (`hidden file: skipped`,
    /// `excluded by storyline.toml (exclude)`, `unreadable: …`).
    pub reason: String,
}

/// The settings of `storyline.toml`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The story's title; inferred from the articles when absent.
    pub title: Option<String>,
    /// The story's description; when absent, inferred only if `title` is absent too.
    pub description: Option<String>,
    /// Globs on the relative path: when any is given, only the files matching one are read.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs on the relative path of files never read (they win over `include`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Metadata overrides, by path relative to the corpus root.
    #[serde(default)]
    pub files: BTreeMap<String, Override>,
}

/// Metadata that replaces what cleaning found for one file (source `config`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// The article's title.
    pub title: Option<String>,
    /// The publication date, in any form a metadata date takes (stored as `YYYY-MM-DD`;
    /// ignored with a warning when it is not a date).
    pub published: Option<String>,
    /// The outlet that published the article.
    pub publisher: Option<String>,
    /// The original article's address (kept only when it is an `http` or `https` one).
    pub url: Option<String>,
    /// The article's author.
    pub author: Option<String>,
    /// `true` keeps the file's articles in the story whatever their relevance; `false`
    /// sets them aside as off topic (see `topic`).
    pub on_topic: Option<bool>,
}

/// The keys `storyline.toml` takes at its top level and in a `[files."…"]` table.
const TOP_KEYS: &[&str] = &["title", "description", "include", "exclude", "files"];
const FILE_KEYS: &[&str] = &[
    "title",
    "published",
    "publisher",
    "url",
    "author",
    "on_topic",
];

impl Config {
    /// Parses `storyline.toml`. An unknown key is an error naming it, its line and the key
    /// it most likely meant: a typo must not turn the rest of the file (an `exclude` of
    /// drafts) off.
    pub fn parse(text: &str) -> Result<Config, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
        for key in table.keys() {
            check_key(text, key, TOP_KEYS, "")?;
        }
        if let Some(toml::Value::Table(files)) = table.get("files") {
            for (path, value) in files {
                if let toml::Value::Table(fields) = value {
                    for key in fields.keys() {
                        check_key(text, key, FILE_KEYS, &format!("[files.{path:?}] "))?;
                    }
                }
            }
        }
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

/// An error for a key that is not one of `known`, with its line and a suggestion.
fn check_key(text: &str, key: &str, known: &[&str], table: &str) -> Result<(), String> {
    if known.contains(&key) {
        return Ok(());
    }
    let line = text
        .lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches(['"', '\'']);
            l.starts_with(key)
                && l[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with('=')
        })
        .map(|n| format!(" (line {})", n + 1))
        .unwrap_or_default();
    let suggestion = known
        .iter()
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| format!("; did you mean `{k}`?"))
        .unwrap_or_else(|| format!("; the keys are {}", known.join(", ")));
    Err(format!("{table}unknown key `{key}`{line}{suggestion}"))
}

impl Corpus {
    /// The overrides of a file, in the order they apply: each glob that matches it (in key
    /// order), then its own path's, so the most specific wins.
    pub fn overrides<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Override> + 'a {
        self.override_globs
            .iter()
            .filter(move |(_, g)| g.is_match(path))
            .map(|(key, _)| &self.config.files[key])
            .chain(self.config.files.get(path))
    }
}

/// Whether a `[files."…"]` key is a glob rather than one file's path.
fn is_glob(key: &str) -> bool {
    key.contains(['*', '?', '[', '{'])
}

/// A corpus folder read into memory.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The corpus folder, as given.
    pub root: PathBuf,
    /// The files read, sorted by relative path.
    pub files: Vec<InputFile>,
    /// Files that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Files left out by the include/exclude globs of `storyline.toml` (reason given).
    pub excluded: Vec<Unreadable>,
    /// The settings of `storyline.toml` (the defaults when there is none).
    pub config: Config,
    /// The keys of [`Config::files`] that are globs (`bpoil_bbc/**`), compiled, in key order.
    pub override_globs: Vec<(String, globset::GlobMatcher)>,
    /// Problems with the corpus itself (e.g. a bad glob in `storyline.toml`).
    pub warnings: Vec<String>,
}

fn globset(patterns: &[String], warnings: &mut Vec<String>) -> Option<globset::GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        match globset::GlobBuilder::new(p)
            .literal_separator(false)
            .build()
        {
            Ok(g) => {
                b.add(g);
            }
            Err(e) => warnings.push(format!("{CONFIG_FILE}: ignoring bad glob {p:?}: {e}")),
        }
    }
    b.build().ok()
}

/// Reads every regular file under `root` (hidden files and folders excluded), sorted by
/// relative path so the result does not depend on the directory listing's order.
///
/// Only an unusable root is an error; a file that cannot be read is recorded in
/// [`Corpus::unreadable`] and the build goes on.
pub fn read_corpus(root: &Path) -> Result<Corpus> {
    read_corpus_except(root, None)
}

/// [`read_corpus`], leaving out the folder `except` (the build cache) when it is inside
/// `root`: not read, and not in the report, as if it were not there. The default cache
/// folder, [`crate::cache::CACHE_DIR`] in `root`, is always left out so.
pub fn read_corpus_except(root: &Path, except: Option<&Path>) -> Result<Corpus> {
    let meta = std::fs::metadata(root)
        .with_context(|| format!("cannot read the corpus folder {}", root.display()))?;
    if !meta.is_dir() {
        bail!(
            "the corpus {} is not a folder: give the folder that holds the articles",
            root.display()
        );
    }
    let mut corpus = Corpus {
        root: root.to_path_buf(),
        ..Corpus::default()
    };
    let config_path = root.join(CONFIG_FILE);
    if config_path.is_file() {
        match std::fs::read_to_string(&config_path) {
            Ok(text) => {
                corpus.config = Config::parse(&text)
                    .map_err(|e| anyhow::anyhow!("{}: {}", config_path.display(), e.trim()))?;
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", config_path.display()))
            }
        }
    }
    let include = globset(&corpus.config.include, &mut corpus.warnings);
    let exclude = globset(&corpus.config.exclude, &mut corpus.warnings);
    let except: Vec<String> = except
        .and_then(|dir| inside(root, dir))
        .into_iter()
        .chain([crate::cache::CACHE_DIR.to_string()])
        .collect();
    let mut walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        if let Ok(e) = &entry {
            if e.file_type().is_dir() && except.contains(&relative(root, e.path())) {
                walker.skip_current_dir();
                continue;
            }
        }
        // Hidden files and folders (`.git`, `.DS_Store`) are left out, and named in the
        // report: one entry for a hidden folder, whose files are not read.
        if let Ok(e) = &entry {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                let kind = if e.file_type().is_dir() {
                    walker.skip_current_dir();
                    "hidden folder"
                } else {
                    "hidden file"
                };
                corpus.excluded.push(Unreadable {
                    path: relative(root, e.path()),
                    reason: format!("{kind}: skipped"),
                });
                continue;
            }
        }
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                corpus.unreadable.push(Unreadable {
                    path,
                    reason: format!("unreadable: {err}"),
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(root, entry.path());
        if rel == CONFIG_FILE {
            continue;
        }
        if exclude.as_ref().is_some_and(|g| g.is_match(&rel)) {
            corpus.excluded.push(Unreadable {
                path: rel,
                reason: format!("excluded by {CONFIG_FILE} (exclude)"),
            });
            continue;
        }
        if include.as_ref().is_some_and(|g| !g.is_match(&rel)) {
            corpus.excluded.push(Unreadable {
                path: rel,
                reason: format!("excluded by {CONFIG_FILE} (not in include)"),
            });
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => corpus.files.push(InputFile { path: rel, bytes }),
            Err(err) => corpus.unreadable.push(Unreadable {
                path: rel,
                reason: format!("unreadable: {err}"),
            }),
        }
    }
    corpus.files.sort_by(|a, b| a.path.cmp(&b.path));
    for key in corpus.config.files.keys().filter(|k| is_glob(k)) {
        match globset::GlobBuilder::new(key)
            .literal_separator(true)
            .build()
        {
            Ok(g) => corpus
                .override_globs
                .push((key.clone(), g.compile_matcher())),
            Err(e) => bail!(
                "{}: [files.{key:?}] is not a valid glob: {e}",
                config_path.display()
            ),
        }
    }
    for (key, glob) in &corpus.override_globs {
        if !corpus.files.iter().any(|f| glob.is_match(&f.path)) {
            corpus.warnings.push(format!(
                "{CONFIG_FILE}: [files.{key:?}] matches no corpus file"
            ));
        }
    }
    for path in corpus.config.files.keys().filter(|k| !is_glob(k)) {
        if !corpus.files.iter().any(|f| &f.path == path) {
            corpus.warnings.push(format!(
                "{CONFIG_FILE}: override for {path:?}, which is not a corpus file"
            ));
        }
    }
    Ok(corpus)
}

/// The path of `dir` relative to `root`, `/`-separated, when it is inside it.
fn inside(root: &Path, dir: &Path) -> Option<String> {
    let (root, dir) = (root.canonicalize().ok()?, dir.canonicalize().ok()?);
    let rel = dir.strip_prefix(&root).ok()?;
    (!rel.as_os_str().is_empty()).then(|| relative(Path::new(""), rel))
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads the bundle of a previous build: a site folder (its `timeline.json`) or the file.
pub fn read_previous(path: &Path) -> Result<storyline_model::Bundle> {
    let file = if path.is_dir() {
        path.join(storyline_model::BUNDLE_FILE)
    } else {
        path.to_path_buf()
    };
    let json = std::fs::read_to_string(&file)
        .with_context(|| format!("cannot read the previous build's bundle {}", file.display()))?;
    storyline_model::Bundle::from_json(&json)
        .with_context(|| format!("{} is not a usable Storyline bundle", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_in_path_order_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "B").unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "A").unwrap();
        std::fs::write(dir.path().join("a.txt"), "A").unwrap();
        std::fs::write(dir.path().join(".hidden"), "H").unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".git/HEAD"), "ref").unwrap();
        let c = read_corpus(dir.path()).unwrap();
        let paths: Vec<_> = c.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.txt", "sub/a.txt"]);
        let skipped: Vec<_> = c
            .excluded
            .iter()
            .map(|f| (f.path.as_str(), f.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (".git", "hidden folder: skipped"),
                (".hidden", "hidden file: skipped")
            ]
        );
    }

    #[test]
    fn an_unknown_config_key_is_an_error_naming_it_and_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "A").unwrap();
        for (config, message) in [
            (
                "title = \"T\"\ndescripton = \"D\"\nexclude = [\"drafts/**\"]\n",
                "unknown key `descripton` (line 2); did you mean `description`?",
            ),
            (
                "[files.\"a.txt\"]\npublisher = \"P\"\npublised = \"2025-06-02\"\n",
                "[files.\"a.txt\"] unknown key `publised` (line 3); did you mean `published`?",
            ),
            (
                "colour = \"red\"\n",
                "unknown key `colour` (line 1); the keys are title, description, include, exclude, files",
            ),
        ] {
            std::fs::write(dir.path().join(CONFIG_FILE), config).unwrap();
            let err = format!("{:#}", read_corpus(dir.path()).unwrap_err());
            assert!(err.ends_with(message), "{err}");
            assert!(err.contains(CONFIG_FILE), "{err}");
        }
        std::fs::write(dir.path().join(CONFIG_FILE), "title = [").unwrap();
        assert!(read_corpus(dir.path()).is_err());
    }

    #[test]
    fn config_globs_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("drafts")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "A").unwrap();
        std::fs::write(dir.path().join("drafts/b.txt"), "B").unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "title = \"T\"\nexclude = [\"drafts/**\"]\n[files.\"a.txt\"]\npublished = \"2025-06-02\"\n",
        )
        .unwrap();
        let c = read_corpus(dir.path()).unwrap();
        assert_eq!(c.files.len(), 1);
        assert_eq!(c.excluded[0].path, "drafts/b.txt");
        assert_eq!(c.config.title.as_deref(), Some("T"));
        assert_eq!(
            c.config.files["a.txt"].published.as_deref(),
            Some("2025-06-02")
        );
    }

    #[test]
    fn a_missing_root_is_an_error_naming_it() {
        let err = read_corpus(Path::new("/no/such/corpus")).unwrap_err();
        assert!(format!("{err:#}").contains("/no/such/corpus"));
    }
}
