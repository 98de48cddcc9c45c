//! The whole pipeline as `gongwen check --fix` runs it: outline, extract, the stable lint
//! rules and the fixer; every span and edit is checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = gongwen_fuzz::utf8_prefix(data, usize::MAX);
    let input = gongwen_fuzz::text_input(&text.replace('\r', "\n"));
    gongwen_fuzz::pipeline_checked(&input);
});
