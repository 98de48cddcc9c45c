//! What happens to `pdftotext`'s output: decoding, form feeds, the text-layer check
//! ("maybe a scan"), then the outline of the text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = gongwen_core::ingest::pdf::from_output("a.pdf", data) {
        assert!(!input.text.contains('\u{C}'), "form feed left in PDF text");
        gongwen_fuzz::outline_checked(&input);
    }
});
