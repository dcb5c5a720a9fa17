//! Cleaning any bytes as news-please JSON or JSON Lines, by the first byte.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyline::ingest::InputFile;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let path = if kind % 2 == 0 { "a.json" } else { "a.jsonl" };
    let _ = storyline::clean::clean(&InputFile {
        path: path.into(),
        bytes: bytes.to_vec(),
    });
});
