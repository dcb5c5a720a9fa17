//! Parsing any text as `storyline.toml`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = storyline::ingest::Config::parse(text);
});
