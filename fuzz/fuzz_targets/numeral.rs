//! The numeral and quantity parsers: every parser at every char boundary, then the
//! quantity, number and commitment scanners over the whole text.
#![no_main]
use gongwen_core::extract::{numeral, quantity, unit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = gongwen_fuzz::utf8_prefix(data, 4096);
    for (pos, _) in s.char_indices() {
        if let Some(n) = numeral::parse_arabic(s, pos) {
            gongwen_fuzz::assert_span(s, n.start, n.end, "parse_arabic");
        }
        if let Some(n) = numeral::parse_chinese(s, pos) {
            gongwen_fuzz::assert_span(s, n.start, n.end, "parse_chinese");
        }
        if let Some((n, _)) = numeral::parse_number(s, pos) {
            gongwen_fuzz::assert_span(s, n.start, n.end, "parse_number");
        }
        if let Some((_, end)) = numeral::multiplier_at(s, pos) {
            gongwen_fuzz::assert_span(s, pos, end, "multiplier_at");
        }
        let _ = unit::unit_at(s, pos);
    }
    let _ = numeral::parse_whole(s);
    for m in quantity::quantities_in(s) {
        gongwen_fuzz::assert_span(s, m.start, m.end, "quantity");
    }
    for n in quantity::numbers_in(s) {
        gongwen_fuzz::assert_span(s, n.start, n.end, "number");
        gongwen_fuzz::assert_span(s, n.inner_start, n.inner_end, "number (inner)");
    }
    let _ = gongwen_core::extract::commitments_in(s);
});
