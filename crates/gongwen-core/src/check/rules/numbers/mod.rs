//! GW3xx numbers: missing numbers, arithmetic that does not hold, and number usage per
//! GB/T 15835-2011.

pub mod approx_arabic;
pub mod approx_conflict;
pub mod approx_dunhao;
pub mod date_format;
pub mod digit_char_slip;
pub mod docno_format;
pub mod fixed_term;
pub mod fullwidth_digit;
pub mod missing_number;
pub mod mixed_numerals;
pub mod parts_sum;
pub mod percent_mixed;
pub mod range_hyphen;
pub mod range_unit;
pub mod rate_contradiction;
pub mod reduce_times;
pub mod share_over_100;
pub mod year_abbreviated;
pub mod yoy_contradiction;
pub mod zero_char;

/// Parse a decimal number written with ASCII digits (thousands commas allowed).
pub fn num(s: &str) -> Option<f64> {
    s.replace(',', "").parse().ok()
}

/// Format a number without a trailing `.0`.
pub fn show(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{:.2}", v)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}
