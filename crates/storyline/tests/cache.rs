//! The build cache: a rebuild that reuses it writes the very bytes a clean build writes.

use sha2::{Digest, Sha256};
mod common;

use common::files;
use std::path::{Path, PathBuf};
use std::process::Output;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/istanbul-talks");

/// A copy of the sample corpus at `dir`.
fn corpus(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(SAMPLE).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir.to_path_buf()
}

/// The edit the tests make to one article: a dated sentence more.
fn edit(corpus: &Path) {
    let file = corpus.join("002_3f0b11e689aeb747.txt");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n\nOn June 5, 2025, the two delegations met again in Geneva to swap prisoners.\n",
    );
    std::fs::write(file, text).unwrap();
}

/// A stand-in for the web app: one `index.html`.
fn app(dir: &Path) -> PathBuf {
    let app = dir.join("app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        app.join("index.html"),
        "<html><head><title>S</title></head><body><noscript>x</noscript></body></html>",
    )
    .unwrap();
    app
}

/// `storyline build CORPUS --out OUT --app-dir APP --timings ARGS…`; fails the test if it fails.
fn build(corpus: &Path, out: &Path, args: &[&str]) -> String {
    let o: Output = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("build")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .arg("--app-dir")
        .arg(app(out.parent().unwrap()))
        .arg("--timings")
        .args(args)
        .output()
        .expect("run storyline");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    stderr
}

/// (results reused, results computed) from the `--timings` output's cache line.
fn cache_counts(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("cache: "))
        .unwrap_or_else(|| panic!("no cache line in {stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn assert_same_site(a: &Path, b: &Path) {
    let (a, b) = (files(a), files(b));
    assert!(a.len() > 20, "{:?}", a.keys());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs");
    }
}

#[test]
fn a_rebuild_after_an_edit_with_the_cache_is_byte_identical_to_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let cached = corpus(&tmp.path().join("cached"));
    let first = build(&cached, &tmp.path().join("first"), &[]);
    assert!(cached.join(".storyline-cache/entries.jsonl").is_file());
    let (reused, made) = cache_counts(&first);
    assert_eq!(reused, 0, "{first}");
    assert!(made >= 10, "{first}");
    // Nothing changed: everything is reused, and the site is the same.
    let again = build(&cached, &tmp.path().join("again"), &[]);
    assert_eq!(cache_counts(&again), (made, 0), "{again}");
    assert_same_site(&tmp.path().join("first"), &tmp.path().join("again"));
    // One article edited: its cleaning and dates are made again, the rest reused.
    edit(&cached);
    let rebuilt = build(&cached, &tmp.path().join("rebuilt"), &[]);
    let (reused, remade) = cache_counts(&rebuilt);
    assert!(reused > 0 && remade >= 2, "{rebuilt}");
    let clean = corpus(&tmp.path().join("clean"));
    edit(&clean);
    build(&clean, &tmp.path().join("reference"), &["--no-cache"]);
    assert!(!clean.join(".storyline-cache").exists());
    assert_same_site(&tmp.path().join("rebuilt"), &tmp.path().join("reference"));
    assert!(!files(&tmp.path().join("rebuilt"))["report.json"]
        .windows(16)
        .any(|w| w == b".storyline-cache"));
    // --no-cache on the corpus that has a cache folder: the same site again.
    build(&cached, &tmp.path().join("uncached"), &["--no-cache"]);
    assert_same_site(&tmp.path().join("uncached"), &tmp.path().join("reference"));
}

#[test]
fn the_cache_goes_where_cache_says_and_never_into_the_corpus_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = corpus(&tmp.path().join("corpus"));
    let elsewhere = tmp.path().join("elsewhere");
    build(
        &corpus,
        &tmp.path().join("a"),
        &["--cache", elsewhere.to_str().unwrap()],
    );
    assert!(elsewhere.join("entries.jsonl").is_file());
    assert!(elsewhere.join("CACHEDIR.TAG").is_file());
    assert!(!corpus.join(".storyline-cache").exists());
    // A cache folder inside the corpus under another name is not read as articles.
    let inside = corpus.join("cache");
    let first = build(
        &corpus,
        &tmp.path().join("b"),
        &["--cache", inside.to_str().unwrap()],
    );
    let second = build(
        &corpus,
        &tmp.path().join("c"),
        &["--cache", inside.to_str().unwrap()],
    );
    assert_eq!(cache_counts(&second).1, 0, "{second}");
    assert_same_site(&tmp.path().join("a"), &tmp.path().join("c"));
    assert!(first.contains("built 5 articles"), "{first}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("build")
        .arg(&corpus)
        .arg("--out")
        .arg(tmp.path().join("d"))
        .arg("--cache")
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is the corpus folder"));
}

/// What cleaning and date tagging make of the sample, hashed, with the cache version it
/// was measured under. When this test fails, cleaning or date tagging changed: bump
/// `storyline::cache::CACHE_VERSION` (caches of the old results must not be used) and
/// write the new pair here.
const MEASURED: (u32, &str) = (
    3,
    "f1ed2db9a6d9b7fce2d610483d593fa6106e84ad4977e9c7819f57f49c631980",
);

#[test]
fn cache_version_is_bumped_when_cleaning_or_dates_change() {
    let corpus = storyline::ingest::read_corpus(Path::new(SAMPLE)).unwrap();
    let cleaned = storyline::clean_files(&corpus);
    let (bundle, _) = storyline::build_bundle(&corpus);
    let dated: Vec<_> = storyline::events::tag_dates(&bundle.articles)
        .into_iter()
        .map(Result::ok)
        .collect();
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(&cleaned).unwrap());
    h.update(serde_json::to_vec(&dated).unwrap());
    let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        (storyline::cache::CACHE_VERSION, hash.as_str()),
        MEASURED,
        "cleaning or date tagging changed: bump CACHE_VERSION and update MEASURED"
    );
}
