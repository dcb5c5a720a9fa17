//! Cleaning any bytes as Markdown with front matter.
#![no_main]
use libfuzzer_sys::fuzz_target;
use storyline::ingest::InputFile;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"---\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = storyline::clean::clean(&InputFile {
        path: "a.md".into(),
        bytes,
    });
});
