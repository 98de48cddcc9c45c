//! The outline stage on arbitrary text: junk ranges, the compilation splitter, headings,
//! roles and metadata; every span is checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = gongwen_fuzz::utf8_prefix(data, usize::MAX);
    let input = gongwen_fuzz::text_input(&text.replace('\r', "\n"));
    gongwen_fuzz::outline_checked(&input);
});
