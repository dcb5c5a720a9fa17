//! Embeds the compiled web app (Trunk's `dist/`) into the binary, as mdBook embeds its theme.
//!
//! The folder is `$STORYLINE_APP_DIST`, else `dist/` at the workspace root. When it is absent
//! the binary is built without an app and `storyline build` asks for `--app-dir`.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn main() {
    println!("cargo:rerun-if-env-changed=STORYLINE_APP_DIST");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dist = env::var_os("STORYLINE_APP_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../dist"));
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        collect(&dist, &dist, &mut files);
    }
    files.sort();
    let mut code = String::from("/// The web app's files: (path in the site, contents).\npub static APP_ASSETS: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &files {
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("app_assets.rs");
    fs::write(out, code).unwrap();
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let abs = fs::canonicalize(&path).unwrap();
            out.push((rel, abs));
        }
    }
}
