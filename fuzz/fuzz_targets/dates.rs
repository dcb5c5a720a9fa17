//! Tagging and resolving the date expressions of any text, against a fixed anchor and none.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let anchor = "2025-06-02".parse().ok();
    for tag in storyline::dates::tag(text, anchor) {
        assert!(text.get(tag.start..tag.end).is_some(), "{tag:?}");
    }
    let _ = storyline::dates::tag(text, None);
});
