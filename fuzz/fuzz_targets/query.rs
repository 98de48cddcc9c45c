//! The library's search query language: parse, fold, and the index terms of phrases.
#![no_main]
use gongwen_library::{query, tokenize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let q = gongwen_fuzz::utf8_prefix(data, usize::MAX);
    if let Ok(parsed) = query::parse(q) {
        for t in parsed.must.iter().chain(&parsed.must_not) {
            let folded = tokenize::fold(t);
            let n = folded.chars().count();
            for (off, term) in tokenize::phrase_terms(&folded) {
                assert!(off < n.max(1), "phrase term offset {off} past {n}");
                assert!(!term.is_empty());
            }
        }
    }
});
