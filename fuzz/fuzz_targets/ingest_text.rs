//! Encoding detection and text ingest: `encoding::decode` on raw bytes, then
//! `ingest::from_bytes` under a name the first byte picks (.txt, .md, .csv, .jsonl or
//! stdin, which sniffs the format), then the outline of what was read.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    if let Ok(d) = gongwen_core::ingest::encoding::decode(bytes) {
        assert!(!d.text.contains('\r'), "decoded text keeps a CR");
        assert!(!d.text.starts_with('\u{FEFF}'), "decoded text keeps the BOM");
    }
    // Never hand PDF bytes to ingest here: that runs pdftotext (see pdf_text).
    if bytes.starts_with(b"%PDF-") {
        return;
    }
    let name = ["a.txt", "a.md", "a.csv", "a.jsonl", "-"][sel as usize % 5];
    if let Ok(input) = gongwen_core::ingest::from_bytes(name, bytes, &gongwen_fuzz::opts()) {
        for r in &input.records {
            gongwen_fuzz::assert_span(&input.text, r.start, r.end, "record");
        }
        gongwen_fuzz::outline_checked(&input);
    }
});
