//! Developer tasks: `cargo xtask demo | test | dist | site | bench | corpus`.

mod corpus;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  demo [--port N]   install what is missing, build the sample site and serve it
  test              install what is missing, then run every check and test
  setup             install what is missing (trunk, wasm-bindgen-cli, wasm-opt, chromium)
  dist              build the web app (Trunk, release) into dist/ and the CLI embedding it
  site [DIR]        build the sample corpus into DIR (default: site/)
  bench             run the benchmarks and print figures for docs/benchmarks.md
  size              print the raw and brotli size of the built app (dist/)
  corpus --articles N --out DIR [--seed S] [--from T17]
                    write a corpus of N articles for scale measurements: the Timeline17
                    topics of ../shared/data/t17 resampled, dates shifted, names replaced
                    (same N and seed, same bytes; skips when ../shared is absent)";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(err) = run(&args) {
        eprintln!("xtask: error: {err}");
        for cause in err.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
        std::process::exit(1);
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn run(args: &[String]) -> Result<()> {
    let task = args.first().map(String::as_str).unwrap_or("");
    match task {
        "setup" => setup(),
        "dist" => {
            setup()?;
            dist()
        }
        "site" => {
            setup()?;
            dist()?;
            let dir = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| root().join("site"));
            site(&dir, "/")
        }
        "demo" => {
            let port = flag(args, "--port").unwrap_or_else(|| "8080".into());
            setup()?;
            dist()?;
            let dir = root().join("site");
            site(&dir, "/")?;
            eprintln!("xtask: open http://127.0.0.1:{port}/");
            cmd(
                &storyline_bin(),
                &["serve", dir.to_str().unwrap(), "--port", &port],
            )
        }
        "test" => test(),
        "bench" => bench(),
        "size" => app_size(),
        "corpus" => {
            let n: usize = flag(args, "--articles")
                .context("corpus needs --articles N")?
                .parse()
                .context("--articles takes a number")?;
            let out = PathBuf::from(flag(args, "--out").context("corpus needs --out DIR")?);
            let seed: u64 = match flag(args, "--seed") {
                Some(s) => s.parse().context("--seed takes a number")?,
                None => 1,
            };
            let from = flag(args, "--from")
                .map(PathBuf::from)
                .unwrap_or_else(|| corpus::default_source(&root()));
            corpus::generate(&from, n, seed, &out).map(|_| ())
        }
        _ => {
            eprintln!("{USAGE}");
            if task.is_empty() || task == "help" || task == "--help" {
                Ok(())
            } else {
                bail!("unknown task {task:?}")
            }
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// Runs a command from the workspace root with the project's tools on PATH.
fn cmd(program: &str, args: &[&str]) -> Result<()> {
    cmd_env(program, args, &[])
}

fn cmd_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<()> {
    eprintln!("xtask: $ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(root())
        .env("PATH", tool_path())
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .envs(env.iter().copied())
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// PATH with the project's node tools (wasm-opt from binaryen) and cargo's bin first.
fn tool_path() -> String {
    let mut parts = vec![root().join("tools/node_modules/.bin").display().to_string()];
    if let Some(home) = std::env::var_os("CARGO_HOME").or_else(|| {
        std::env::var_os("HOME").map(|h| {
            let mut p = PathBuf::from(h);
            p.push(".cargo");
            p.into_os_string()
        })
    }) {
        parts.push(PathBuf::from(home).join("bin").display().to_string());
    }
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}

fn setup() -> Result<()> {
    cmd("bash", &["scripts/setup.sh"])
}

fn storyline_bin() -> String {
    root()
        .join("target/release/storyline")
        .display()
        .to_string()
}

/// Builds the web app with Trunk, then the CLI with the app embedded.
fn dist() -> Result<()> {
    cmd("trunk", &["build", "--release"])?;
    cmd("cargo", &["build", "--release", "-p", "storyline"])
}

fn site(dir: &Path, public_url: &str) -> Result<()> {
    cmd(
        &storyline_bin(),
        &[
            "build",
            "examples/istanbul-talks",
            "--out",
            dir.to_str().unwrap(),
            "--public-url",
            public_url,
        ],
    )
}

fn test() -> Result<()> {
    setup()?;
    cmd("cargo", &["fmt", "--all", "--check"])?;
    cmd(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    cmd(
        "cargo",
        &[
            "clippy",
            "-p",
            "storyline-app",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    // Native unit and integration tests of the model, the pipeline and the xtask.
    cmd(
        "cargo",
        &["test", "--workspace", "--exclude", "storyline-app"],
    )?;
    // The app's pure logic (dates, timeline filters), natively.
    cmd("cargo", &["test", "-p", "storyline-app", "--lib"])?;
    // The app's own tests in headless Chromium (wasm-bindgen-test).
    let chromedriver = "/usr/bin/chromedriver";
    cmd_env(
        "cargo",
        &[
            "test",
            "-p",
            "storyline-app",
            "--target",
            "wasm32-unknown-unknown",
        ],
        &[
            ("CHROMEDRIVER", chromedriver),
            ("WASM_BINDGEN_TEST_TIMEOUT", "120"),
        ],
    )?;
    // End-to-end: the real binary builds real sites, served on 127.0.0.1, driven in Chromium.
    dist()?;
    let bin = storyline_bin();
    cmd_env(
        "cargo",
        &["test", "-p", "storyline-app", "--test", "e2e"],
        &[("STORYLINE_BIN", &bin)],
    )
}

/// Runs every benchmark; each prints its figures (and skips with a message when the
/// shared data is absent). The figures are copied into docs/benchmarks.md by hand.
fn bench() -> Result<()> {
    setup()?;
    dist()?;
    app_size()?;
    for example in ["bench_ingest", "bench_hostile"] {
        cmd_env(
            "cargo",
            &["run", "--release", "-p", "storyline", "--example", example],
            &[("RAYON_NUM_THREADS", "2")],
        )?;
    }
    cmd(
        "cargo",
        &[
            "run",
            "--release",
            "-p",
            "storyline-search",
            "--example",
            "bench_search",
        ],
    )
}

/// Raw and brotli size of the built web app's files in dist/.
fn app_size() -> Result<()> {
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(root().join("dist"))? {
        let path = entry?.path();
        if path.is_file() {
            let raw = std::fs::read(&path)?;
            let mut compressed = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut raw.as_slice(), &mut compressed, &params)?;
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            rows.push((name, raw.len(), compressed.len()));
        }
    }
    rows.sort();
    println!("| app file | raw bytes | brotli bytes |\n|---|---|---|");
    for (name, raw, br) in &rows {
        println!("| {name} | {raw} | {br} |");
    }
    let (raw, br) = rows.iter().fold((0, 0), |(a, b), r| (a + r.1, b + r.2));
    println!("| total | {raw} | {br} |");
    Ok(())
}
