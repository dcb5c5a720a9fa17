//! Reads a corpus folder into memory: every file, in path order, plus `storyline.toml`.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Name of the optional configuration file in the corpus root.
pub const CONFIG_FILE: &str = "storyline.toml";

/// One input file, read but not interpreted.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Path relative to the corpus root, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file that could not be read at all.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
}

/// The story-level settings of `storyline.toml`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub title: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub root: PathBuf,
    pub files: Vec<InputFile>,
    pub unreadable: Vec<Unreadable>,
    pub config: Config,
}

/// Reads every regular file under `root` (hidden files and folders excluded), sorted by
/// relative path so the result does not depend on the directory listing's order.
///
/// Only an unusable root is an error; a file that cannot be read is recorded in
/// [`Corpus::unreadable`] and the build goes on.
pub fn read_corpus(root: &Path) -> Result<Corpus> {
    let meta = std::fs::metadata(root)
        .with_context(|| format!("cannot read the corpus folder {}", root.display()))?;
    if !meta.is_dir() {
        bail!("the corpus {} is not a folder: give the folder that holds the articles", root.display());
    }
    let mut corpus = Corpus { root: root.to_path_buf(), ..Corpus::default() };
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map(|p| relative(root, p)).unwrap_or_default();
                corpus.unreadable.push(Unreadable { path, reason: format!("unreadable: {err}") });
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
        match std::fs::read(entry.path()) {
            Ok(bytes) => corpus.files.push(InputFile { path: rel, bytes }),
            Err(err) => corpus.unreadable.push(Unreadable { path: rel, reason: format!("unreadable: {err}") }),
        }
    }
    corpus.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(corpus)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
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
        let c = read_corpus(dir.path()).unwrap();
        let paths: Vec<_> = c.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.txt", "b.txt", "sub/a.txt"]);
    }

    #[test]
    fn a_missing_root_is_an_error_naming_it() {
        let err = read_corpus(Path::new("/no/such/corpus")).unwrap_err();
        assert!(format!("{err:#}").contains("/no/such/corpus"));
    }
}
