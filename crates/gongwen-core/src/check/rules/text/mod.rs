//! GW4xx text and punctuation: duplicates, pairing, width, 截至/截止, lexicons, per
//! GB/T 15834-2011.

pub mod booktitle_misuse;
pub mod cjk_space;
pub mod critical_term;
pub mod dash_form;
pub mod deng_punctuation;
pub mod doubled_punctuation;
pub mod duplicate_sentence;
pub mod ellipsis;
pub mod halfwidth_punctuation;
pub mod jiezhi;
pub mod near_duplicate;
pub mod nested_marks;
pub mod paired_mark_dunhao;
pub mod redundant;
pub mod repeated_word;
pub mod typo;
pub mod unpaired_punctuation;

/// Sentences of a text: (start, end) byte ranges ending after 。！？； or at a line end.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '\n') {
            let end = if c == '\n' { i } else { i + c.len_utf8() };
            if end > start {
                out.push((start, end));
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}
