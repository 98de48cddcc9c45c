//! HTML ingest (the depth estimate, scraper's parse, visible text) and the outline of
//! what was read.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = gongwen_core::ingest::html::read("a.html", data) {
        for h in &input.hints {
            assert!(h.line >= 1, "line hints are 1-based");
        }
        gongwen_fuzz::outline_checked(&input);
    }
});
