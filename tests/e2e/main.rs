//! End-to-end: the real `storyline` binary builds real sites, served on 127.0.0.1 and
//! driven in headless Chromium through chromedriver, asserting on what a reader sees.
//!
//! Run by `cargo xtask test` (which builds the binary with the app embedded and sets
//! `STORYLINE_BIN`). Needs `/usr/bin/chromium` and `/usr/bin/chromedriver`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

mod accessibility;
mod articles;
mod errors;
mod events;
mod home;
mod navigation;
mod offline;
mod prerender;
mod redirects;
mod search;
mod timeline;
