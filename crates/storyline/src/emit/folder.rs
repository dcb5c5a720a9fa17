//! The output folder: which folders a site may go to, and writing it there through a staging
//! folder, so that a failed build leaves the previous site whole, the user's own files stay,
//! and nothing is written or deleted through a symbolic link.
//!
//! A site is written in two phases. All its files are first written into a fresh hidden
//! folder inside `--out` (the same filesystem, so the next step needs no space); a build
//! that fails there (a full disk) removes it and leaves the folder as it was. Then each file
//! is moved into place by a rename (a folder `--out` lacks, such as `event/` in a new site,
//! moves whole), the files the previous build listed and this one no longer writes are
//! removed, and the new list is moved in last. A file already in place with the same bytes
//! (most of a rebuild's pages) is neither written nor moved: it keeps its date, and the
//! filesystem is spared creating and deleting thousands of files. The user's own files (those
//! no build listed) are never touched; a file of theirs where the site needs a folder stops
//! the build before anything moves.

use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use super::FILE_LIST;

/// The hidden folder a site is written into before it moves into place.
const STAGING: &str = ".storyline-staging";

/// Refuses an `--out` that would lose or mix up the user's files: the corpus or a folder
/// inside it (the next build would read the site as articles), a folder that holds the
/// corpus, the root or home folder, something that is not a folder, and (unless `force`) a
/// non-empty folder that is not a previous Storyline site.
pub fn check_out(out: &Path, corpus: &Path, force: bool) -> Result<()> {
    let shown = out.display();
    let target = resolve(out)?;
    if target.parent().is_none() {
        bail!("--out {shown} is the root folder: give the site a folder of its own");
    }
    let home = std::env::var_os("HOME").and_then(|h| Path::new(&h).canonicalize().ok());
    if home.as_deref() == Some(target.as_path()) {
        bail!("--out {shown} is your home folder: give the site a folder of its own");
    }
    if let Ok(corpus) = corpus.canonicalize() {
        if target == corpus {
            bail!("--out {shown} is the corpus folder: the site would overwrite the articles");
        }
        if target.starts_with(&corpus) {
            bail!(
                "--out {shown} is inside the corpus folder {}: the next build would read the site as articles",
                corpus.display()
            );
        }
        if corpus.starts_with(&target) {
            bail!(
                "--out {shown} holds the corpus folder {}: give the site a folder of its own",
                corpus.display()
            );
        }
    }
    match std::fs::metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot read --out {shown}")),
        Ok(m) if !m.is_dir() => bail!("--out {shown} is a file, not a folder"),
        Ok(_) if force || is_site(&target) || is_empty(&target)? => Ok(()),
        Ok(_) => bail!(
            "--out {shown} is not empty and holds no Storyline site: give a new or empty folder, \
             or add --force to write the site into it (its files named as the site's are replaced)"
        ),
    }
}

/// The absolute path `out` names, its symbolic links resolved as far as it exists (the rest
/// is created by the build).
fn resolve(out: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(out)
        .with_context(|| format!("cannot resolve --out {}", out.display()))?;
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        // A missing folder followed by `..` (`new/../site`) has no name to create.
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
            bail!(
                "--out {} goes through a folder that does not exist",
                out.display()
            );
        };
        missing.push(name.to_owned());
        existing = parent;
    }
    let mut path = existing
        .canonicalize()
        .with_context(|| format!("cannot resolve --out {}", out.display()))?;
    path.extend(missing.iter().rev());
    Ok(path)
}

/// A folder a previous build wrote: it has the build's list of files.
fn is_site(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(FILE_LIST)).is_ok_and(|m| m.is_file())
}

/// Empty, or holding only the staging folder a failed build left.
fn is_empty(dir: &Path) -> Result<bool> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    Ok(entries
        .filter_map(|e| e.ok())
        .all(|e| e.file_name() == STAGING))
}

/// What [`install`] did: files written, and files already in place with the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Installed {
    pub written: usize,
    pub unchanged: usize,
}

/// Writes `files` (relative path → bytes) into `out` through the staging folder. A file
/// already in `out` with the same bytes (a rebuild's unchanged page) is left as it is.
pub(super) fn install(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<Installed> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;
    let out = out
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", out.display()))?;
    let staging = out.join(STAGING);
    remove_entry(&staging)?;
    std::fs::create_dir(&staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    let list: String = files.keys().map(|k| format!("{k}\n")).collect();
    let bar = crate::report::progress(files.len(), "writing");
    let changed = changed_files(&out, files, &bar);
    let result = stage(&staging, &changed, &list, &bar).and_then(|()| {
        let previous = previous_list(&out);
        check_room(&out, changed.iter().map(|(rel, _)| *rel), &previous)?;
        move_in(&out, &staging, &changed, files, &previous)
    });
    bar.finish_and_clear();
    let cleanup = remove_entry(&staging);
    result.and(cleanup)?;
    Ok(Installed {
        written: changed.len(),
        unchanged: files.len() - changed.len(),
    })
}

/// The files to write: all but those already in `out` with the same bytes.
fn changed_files<'a>(
    out: &Path,
    files: &'a BTreeMap<String, Vec<u8>>,
    bar: &indicatif::ProgressBar,
) -> Vec<(&'a str, &'a [u8])> {
    let mut real_dirs = BTreeSet::new();
    files
        .iter()
        .filter(|(rel, bytes)| {
            let same = in_place(out, rel, bytes, &mut real_dirs);
            if same {
                bar.inc(1);
            }
            !same
        })
        .map(|(rel, bytes)| (rel.as_str(), bytes.as_slice()))
        .collect()
}

/// Whether `out/rel` is a regular file holding `bytes`, reached through real folders
/// only (never a link), so leaving it is the same as writing it.
fn in_place(out: &Path, rel: &str, bytes: &[u8], real_dirs: &mut BTreeSet<PathBuf>) -> bool {
    let Ok(rel) = safe_relative(rel) else {
        return false;
    };
    let mut dir = out.to_path_buf();
    for part in rel.parent().into_iter().flat_map(Path::components) {
        dir.push(part);
        if !real_dirs.contains(&dir) {
            if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
                return false;
            }
            real_dirs.insert(dir.clone());
        }
    }
    let file = out.join(rel);
    std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(&file).is_ok_and(|old| old == bytes)
}

/// Phase 1: every file to write, and the list, written into the fresh staging folder.
fn stage(
    staging: &Path,
    files: &[(&str, &[u8])],
    list: &str,
    bar: &indicatif::ProgressBar,
) -> Result<()> {
    for (rel, bytes) in files {
        let path = staging.join(safe_relative(rel)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        write_new(&path, bytes)?;
        bar.inc(1);
    }
    write_new(&staging.join(FILE_LIST), list.as_bytes())
}

/// Writes a file that must not exist yet (so no link is followed).
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The files the previous build into `out` listed (never the folder's own name or a path
/// out of it).
fn previous_list(out: &Path) -> BTreeSet<String> {
    if !is_site(out) {
        return BTreeSet::new();
    }
    std::fs::read_to_string(out.join(FILE_LIST))
        .unwrap_or_default()
        .lines()
        .filter(|l| safe_relative(l).is_ok())
        .map(str::to_string)
        .collect()
}

/// Before anything moves: no file of the user's stands where the site needs a folder, and
/// no folder where it needs a file.
fn check_room<'a>(
    out: &Path,
    files: impl Iterator<Item = &'a str>,
    previous: &BTreeSet<String>,
) -> Result<()> {
    for rel in files {
        let mut prefix = PathBuf::new();
        let parts: Vec<_> = Path::new(rel).components().collect();
        for (i, part) in parts.iter().enumerate() {
            prefix.push(part);
            let Ok(meta) = std::fs::symlink_metadata(out.join(&prefix)) else {
                break;
            };
            let last = i + 1 == parts.len();
            let ours = previous.contains(&slash(&prefix));
            if last && meta.is_dir() {
                bail!(
                    "{} is a folder where the site writes a file: move it away",
                    out.join(&prefix).display()
                );
            }
            if !last && meta.is_file() && !ours {
                bail!(
                    "{} is a file where the site needs a folder: move it away",
                    out.join(&prefix).display()
                );
            }
        }
    }
    Ok(())
}

/// Phase 2: each staged file moved into place (a folder `out` lacks moves whole, with the
/// files under it), the previous build's files that this one no longer writes removed,
/// the list last.
fn move_in(
    out: &Path,
    staging: &Path,
    changed: &[(&str, &[u8])],
    files: &BTreeMap<String, Vec<u8>>,
    previous: &BTreeSet<String>,
) -> Result<()> {
    let mut moved: BTreeSet<PathBuf> = BTreeSet::new();
    for (rel, _) in changed {
        let rel = Path::new(rel);
        if rel.ancestors().any(|a| moved.contains(a)) {
            continue;
        }
        moved.insert(place(out, staging, rel)?);
    }
    for old in previous.iter().filter(|old| !files.contains_key(*old)) {
        remove_stale(out, old);
    }
    std::fs::rename(staging.join(FILE_LIST), out.join(FILE_LIST))
        .with_context(|| format!("cannot write {}", out.join(FILE_LIST).display()))
}

/// Moves the staged `rel` into place and returns what moved: the first of its folders
/// that `out` lacks, whole, else the file. A symbolic link or a file of a previous build
/// where a folder goes is replaced (removing a link never touches what it points to), so
/// nothing is written outside `out`.
fn place(out: &Path, staging: &Path, rel: &Path) -> Result<PathBuf> {
    let parts: Vec<_> = rel.components().collect();
    let mut prefix = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        prefix.push(part);
        let to = out.join(&prefix);
        let last = i + 1 == parts.len();
        match std::fs::symlink_metadata(&to) {
            Ok(m) if m.is_dir() && !last => continue,
            Ok(_) if !last => std::fs::remove_file(&to)
                .with_context(|| format!("cannot replace {}", to.display()))?,
            _ => {}
        }
        std::fs::rename(staging.join(&prefix), &to)
            .with_context(|| format!("cannot move {} into place", to.display()))?;
        break;
    }
    Ok(prefix)
}

/// Removes a file a previous build wrote, when every folder on its way is a real folder
/// (never through a link), then its folders left empty.
fn remove_stale(out: &Path, rel: &str) {
    let mut path = out.to_path_buf();
    let parts: Vec<_> = Path::new(rel).components().collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        path.push(part);
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            return;
        }
    }
    let file = out.join(rel);
    if std::fs::symlink_metadata(&file).is_ok_and(|m| !m.is_dir()) {
        let _ = std::fs::remove_file(&file);
    }
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| *d != out) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Removes a leftover staging folder (or whatever stands at its name, a link as a link).
fn remove_entry(path: &Path) -> Result<()> {
    let result = match std::fs::symlink_metadata(path) {
        Err(_) => return Ok(()),
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    };
    result.with_context(|| format!("cannot remove {}", path.display()))
}

/// `rel` when it stays inside the folder it is joined to: plain names only.
fn safe_relative(rel: &str) -> Result<&Path> {
    let path = Path::new(rel);
    let plain = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || rel == STAGING || rel.starts_with(&format!("{STAGING}/")) {
        bail!("{rel:?} is not a path inside the site");
    }
    Ok(path)
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    fn site(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    fn refusal(out: &Path, corpus: &Path, force: bool) -> String {
        check_out(out, corpus, force).unwrap_err().to_string()
    }

    #[test]
    fn out_may_not_be_the_corpus_near_it_the_root_a_file_or_a_stranger() {
        let tmp = tempfile::tempdir().unwrap();
        let corpus = tmp.path().join("corpus");
        put(&corpus, "a.txt", "article");
        assert!(refusal(&corpus, &corpus, true).contains("is the corpus folder"));
        assert!(refusal(&corpus.join("site"), &corpus, true).contains("inside the corpus"));
        assert!(refusal(&corpus.join("x/../site"), &corpus, true).contains("does not exist"));
        assert!(refusal(tmp.path(), &corpus, true).contains("holds the corpus"));
        assert!(refusal(Path::new("/"), &corpus, true).contains("root folder"));
        assert!(
            refusal(&corpus.join("a.txt"), &tmp.path().join("elsewhere"), true)
                .contains("is a file")
        );
        let mine = tmp.path().join("mine");
        put(&mine, "notes.txt", "my notes");
        assert!(refusal(&mine, &corpus, false).contains("--force"));
        // Allowed: a new folder, an empty one, a stranger with --force, a previous site.
        check_out(&tmp.path().join("new/site"), &corpus, false).unwrap();
        std::fs::create_dir(tmp.path().join("empty")).unwrap();
        check_out(&tmp.path().join("empty"), &corpus, false).unwrap();
        check_out(&mine, &corpus, true).unwrap();
        install(&mine, &site(&[("index.html", "site")])).unwrap();
        check_out(&mine, &corpus, false).unwrap();
        // Through a link to the corpus.
        #[cfg(unix)]
        {
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(&corpus, &link).unwrap();
            assert!(refusal(&link, &corpus, true).contains("is the corpus folder"));
        }
    }

    #[test]
    fn a_rebuild_replaces_the_sites_files_and_keeps_the_users() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        install(
            &out,
            &site(&[("index.html", "v1"), ("event/old/index.html", "old")]),
        )
        .unwrap();
        put(&out, "CNAME", "story.example");
        put(&out, "event/old/notes.txt", "mine");
        install(
            &out,
            &site(&[("index.html", "v2"), ("event/new/index.html", "new")]),
        )
        .unwrap();
        assert_eq!(read(&out.join("index.html")), "v2");
        assert_eq!(read(&out.join("event/new/index.html")), "new");
        assert!(!out.join("event/old/index.html").exists());
        assert_eq!(read(&out.join("CNAME")), "story.example");
        assert_eq!(read(&out.join("event/old/notes.txt")), "mine");
        assert_eq!(
            read(&out.join(FILE_LIST)),
            "event/new/index.html\nindex.html\n"
        );
        assert!(!out.join(STAGING).exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_writes_only_what_changed() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let v1 = site(&[
            ("index.html", "v1"),
            ("event/a/index.html", "a"),
            ("event/b/index.html", "b"),
        ]);
        let done = install(&out, &v1).unwrap();
        assert_eq!((done.written, done.unchanged), (3, 0));
        let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
        let (a, index) = (inode("event/a/index.html"), inode("index.html"));
        let v2 = site(&[
            ("index.html", "v2"),
            ("event/a/index.html", "a"),
            ("event/c/index.html", "c"),
        ]);
        let done = install(&out, &v2).unwrap();
        assert_eq!((done.written, done.unchanged), (2, 1));
        assert_eq!(
            inode("event/a/index.html"),
            a,
            "an unchanged file was rewritten"
        );
        assert_ne!(inode("index.html"), index);
        assert_eq!(read(&out.join("index.html")), "v2");
        assert_eq!(read(&out.join("event/c/index.html")), "c");
        assert!(!out.join("event/b").exists());
        assert!(!out.join(STAGING).exists());
        assert_eq!(
            read(&out.join(FILE_LIST)),
            "event/a/index.html\nevent/c/index.html\nindex.html\n"
        );
    }

    #[test]
    fn a_failed_build_leaves_the_previous_site_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        install(&out, &site(&[("index.html", "v1"), ("a/index.html", "a1")])).unwrap();
        // A folder of the user's where the new site writes a file: nothing moves.
        put(&out, "b/index.html/keep.txt", "mine");
        let err = install(&out, &site(&[("index.html", "v2"), ("b/index.html", "b2")]));
        assert!(err
            .unwrap_err()
            .to_string()
            .contains("is a folder where the site writes a file"));
        // A file that cannot be staged: nothing moves either.
        assert!(install(&out, &site(&[("index.html", "v3"), ("../evil", "x")])).is_err());
        assert_eq!(read(&out.join("index.html")), "v1");
        assert_eq!(read(&out.join("a/index.html")), "a1");
        assert_eq!(read(&out.join(FILE_LIST)), "a/index.html\nindex.html\n");
        assert!(!out.join(STAGING).exists());
        assert!(!tmp.path().join("evil").exists());
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_or_deleted_through_a_link_or_a_planted_list() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        put(&outside, "index.html", "not the site's");
        put(&outside, "precious.txt", "keep");
        let out = tmp.path().join("site");
        install(&out, &site(&[("index.html", "v1")])).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("event")).unwrap();
        std::os::unix::fs::symlink(outside.join("index.html"), out.join("page.html")).unwrap();
        std::fs::write(
            out.join(FILE_LIST),
            "../outside/precious.txt\n/etc/hostname\nevent/precious.txt\nindex.html\n",
        )
        .unwrap();
        install(
            &out,
            &site(&[
                ("index.html", "v2"),
                ("event/index.html", "e"),
                ("page.html", "p"),
            ]),
        )
        .unwrap();
        assert_eq!(read(&outside.join("index.html")), "not the site's");
        assert_eq!(read(&outside.join("precious.txt")), "keep");
        assert!(std::fs::symlink_metadata(out.join("event"))
            .unwrap()
            .is_dir());
        assert!(std::fs::symlink_metadata(out.join("page.html"))
            .unwrap()
            .is_file());
        assert_eq!(read(&out.join("event/index.html")), "e");
    }
}
