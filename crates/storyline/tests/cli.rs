//! The command line as a shell uses it: output into a pipe that its reader closes early.

use std::process::{Command, Stdio};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/istanbul-talks");

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    // `storyline search … | head -1`: the reader is gone before the first write.
    for json in [false, true] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_storyline"));
        cmd.args(["search", SAMPLE, "talks"]);
        if json {
            cmd.arg("--json");
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run storyline");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for storyline");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "json {json}: {:?} {stderr}",
            out.status
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn search_prints_each_kind_with_its_count() {
    let out = Command::new(env!("CARGO_BIN_EXE_storyline"))
        .args(["search", SAMPLE, "Istanbul talks", "--limit", "2"])
        .output()
        .expect("run storyline");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let heading = text.lines().next().unwrap_or_default();
    assert!(heading.starts_with("events (2 of "), "{text}");
    assert!(text.contains("articles (2 of 5)"), "{text}");
}

#[test]
fn build_refuses_an_out_that_would_lose_files_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::copy(
        format!("{SAMPLE}/000_84476a1af674cada.txt"),
        corpus.join("a.txt"),
    )
    .unwrap();
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("index.html"), "my page").unwrap();
    let build = |out: &std::path::Path, cwd: &std::path::Path| {
        let o = Command::new(env!("CARGO_BIN_EXE_storyline"))
            .current_dir(cwd)
            .args([
                "build",
                corpus.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .expect("run storyline");
        assert!(!o.status.success(), "{out:?} was accepted");
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(build(&corpus, tmp.path()).contains("is the corpus folder"));
    assert!(build(&corpus.join("site"), tmp.path()).contains("inside the corpus"));
    assert!(build(std::path::Path::new("."), &mine).contains("--force"));
    assert!(build(std::path::Path::new("/"), tmp.path()).contains("root folder"));
    let names = |dir: &std::path::Path| {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&corpus), ["a.txt"]);
    assert_eq!(names(&mine), ["index.html"]);
    assert_eq!(
        std::fs::read_to_string(mine.join("index.html")).unwrap(),
        "my page"
    );
}
