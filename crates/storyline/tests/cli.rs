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
