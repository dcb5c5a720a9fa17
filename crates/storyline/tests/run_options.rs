//! How a build runs: `--jobs`, `--quiet` and `--timings` on the built binary.

mod common;

use common::files;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/istanbul-talks");

/// The stages a build times, in order.
const STAGES: &[&str] = &[
    "cache", "read", "clean", "dedup", "dates", "entities", "events", "merge", "data", "index",
    "pages", "write",
];

/// A stand-in for the web app: one `index.html`, enough for a page per route.
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

/// A copy of the sample corpus in `dir` (its build cache goes there, not in the sources).
fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(SAMPLE).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
    }
    corpus
}

/// `storyline build CORPUS --out OUT --app-dir APP ARGS…` on a copy of the sample.
fn build(dir: &Path, out: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_storyline"))
        .arg("build")
        .arg(corpus(dir))
        .arg("--out")
        .arg(dir.join(out))
        .arg("--app-dir")
        .arg(app(dir))
        .args(args)
        .output()
        .expect("run storyline")
}

#[test]
fn quiet_prints_nothing_on_success() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path(), "site", &["--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert!(tmp.path().join("site/index.html").is_file());
}

#[test]
fn quiet_still_prints_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["build", "/no/such/corpus", "--quiet", "--out"])
        .arg(tmp.path().join("site"))
        .output()
        .expect("run storyline");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: ") && stderr.contains("/no/such/corpus"),
        "{stderr}"
    );
}

#[test]
fn a_build_ends_with_one_line_of_its_stages_and_timings_adds_a_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(tmp.path(), "site", &["--timings"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or_else(|| panic!("no closing line in {stderr}"));
    assert!(line.starts_with("built 5 articles, "), "{line}");
    for stage in STAGES {
        let named = [format!("({stage} "), format!(", {stage} ")];
        assert!(named.iter().any(|n| line.contains(n)), "{stage} in {line}");
        let row = stderr
            .lines()
            .find(|l| l.split_whitespace().next() == Some(stage));
        let row = row.unwrap_or_else(|| panic!("no {stage} row in {stderr}"));
        assert!(row.contains(" s "), "{row}");
    }
    assert!(stderr.lines().any(|l| l.starts_with("stage ")), "{stderr}");
    assert!(stderr.lines().any(|l| l.starts_with("total ")), "{stderr}");
    // Without --timings, the line and no table.
    let out = build(tmp.path(), "site2", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().any(|l| l.starts_with("built 5 articles, ")),
        "{stderr}"
    );
    assert!(!stderr.lines().any(|l| l.starts_with("total ")), "{stderr}");
}

#[test]
fn one_thread_and_two_build_byte_identical_sites() {
    let tmp = tempfile::tempdir().unwrap();
    for (jobs, out) in [("1", "one"), ("2", "two")] {
        let o = build(tmp.path(), out, &["--quiet", "--no-cache", "--jobs", jobs]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let (one, two) = (
        files(&tmp.path().join("one")),
        files(&tmp.path().join("two")),
    );
    assert!(one.len() > 20, "{:?}", one.keys());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(
            bytes == &two[path],
            "{path} differs between --jobs 1 and --jobs 2"
        );
    }
}

#[test]
fn jobs_must_be_a_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    for (jobs, says) in [("0", "at least 1"), ("many", "not a number of threads")] {
        let out = build(tmp.path(), "site", &["--jobs", jobs]);
        assert!(!out.status.success(), "--jobs {jobs} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--jobs") && stderr.contains(says),
            "{stderr}"
        );
        assert!(
            !tmp.path().join("site").exists(),
            "--jobs {jobs} wrote a site"
        );
    }
}

#[test]
fn export_takes_jobs_and_quiet() {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args([
            "export", SAMPLE, "--format", "csv", "--jobs", "1", "--quiet",
        ])
        .output()
        .expect("run storyline");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 5);
    // Without --cache, export keeps no cache (and writes nothing into the corpus).
    assert!(!Path::new(SAMPLE).join(".storyline-cache").exists());
}
