//! Shared helpers of the fuzz targets: build an [`Input`] from fuzz bytes, run the
//! pipeline, and assert the invariants every stage promises (spans inside the text and
//! on char boundaries, start ≤ end). A broken invariant panics, which libFuzzer reports
//! as a crash.

use gongwen_core::ingest::IngestOptions;
use gongwen_core::outline::Outlined;
use gongwen_core::{Format, Input, Section};

/// Plain-text [`Input`] holding `text` as if read from a .txt file.
pub fn text_input(text: &str) -> Input {
    Input {
        path: "fuzz.txt".into(),
        format: Format::Text,
        encoding: "UTF-8".into(),
        text: text.to_string(),
        hints: vec![],
        records: vec![],
        warnings: vec![],
    }
}

/// The first `max` bytes of `data` as text, cut back to a char boundary.
pub fn utf8_prefix(data: &[u8], max: usize) -> &str {
    let data = &data[..data.len().min(max)];
    match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&data[..e.valid_up_to()]).unwrap_or(""),
    }
}

/// Default ingest options (the fuzz targets never run `pdftotext`).
pub fn opts() -> IngestOptions {
    IngestOptions::default()
}

/// Assert that `start..end` is a span of `text` on char boundaries.
pub fn assert_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: start {start} > end {end}");
    assert!(end <= text.len(), "{what}: end {end} past text {}", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} off a char boundary"
    );
}

fn check_sections(text: &str, sections: &[Section]) {
    for s in sections {
        assert_span(text, s.start, s.end, "section");
        check_sections(text, &s.children);
    }
}

/// Outline the input and check every span of the outline.
pub fn outline_checked(input: &Input) -> Outlined {
    let o = gongwen_core::outline::outline(input);
    let raw = &o.source.raw;
    assert_eq!(raw, &input.text, "outline changed the raw text");
    for r in &o.outline.removed {
        assert_span(raw, r.start, r.end, "removed");
    }
    for d in &o.outline.documents {
        assert_span(raw, d.start, d.end, "document");
        check_sections(raw, &d.sections);
    }
    for s in o.sentences() {
        assert_span(&o.clean.clean, s.start, s.end, "sentence");
        let r = o.clean.span_to_raw(s.start, s.end);
        assert_span(raw, r.start, r.end, "sentence (raw)");
    }
    o
}

/// Outline, extract and check the input, asserting the spans of every result.
pub fn pipeline_checked(input: &Input) {
    let o = outline_checked(input);
    let raw = &o.source.raw;
    let ex = gongwen_core::extract::extract(&o);
    for d in &ex {
        for q in &d.quantities {
            assert_span(raw, q.start, q.end, "quantity");
        }
        for c in &d.commitments {
            assert_span(raw, c.start, c.end, "commitment");
        }
    }
    let findings =
        gongwen_core::check::check(&o, &ex, &gongwen_core::check::Settings::default());
    for f in &findings {
        assert_span(raw, f.start, f.end, "finding");
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                assert_span(raw, e.start, e.end, "fix edit");
            }
        }
    }
    let (fixed, _) = gongwen_core::check::fix::apply_fixes(raw, &findings, true);
    // Fixing again must not panic either.
    let _ = fixed.len();
}
