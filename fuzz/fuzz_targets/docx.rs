//! .docx ingest (zip + XML), the outline of what was read, and the `check --fix`
//! rewriting of the same package.
#![no_main]
use gongwen_core::Edit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = gongwen_core::ingest::docx::read("a.docx", data) else {
        return;
    };
    let o = gongwen_fuzz::outline_checked(&input);
    // Replace the first and the last character of the text, as a fix would.
    let raw = &o.source.raw;
    let mut edits = Vec::new();
    if let Some(c) = raw.chars().find(|c| !c.is_whitespace()) {
        let start = raw.find(c).unwrap_or(0);
        edits.push(Edit {
            start,
            end: start + c.len_utf8(),
            replacement: "甲".into(),
        });
    }
    if let Some((i, c)) = raw.char_indices().last() {
        edits.push(Edit {
            start: i,
            end: i + c.len_utf8(),
            replacement: String::new(),
        });
    }
    let _ = gongwen_core::check::docx_fix::fix_docx(data, raw, &edits);
});
