//! Text folding and the CJK unigram+bigram tokenizer of the full-text index.
//!
//! # Normalisation ("folding")
//!
//! Index, query, highlighter and the substring-scan oracle all see text through
//! [`fold_char`], a **one-to-one character map** (so character positions never move):
//!
//! - full-width ASCII forms `！`…`～` (U+FF01–U+FF5E) → their ASCII counterparts
//!   (`２０２４` → `2024`, `ＡＢＣ` → `abc`);
//! - ASCII letters → lowercase (Latin search is case-insensitive);
//! - every whitespace character (ideographic space U+3000, tabs, NBSP…) → `' '`.
//!
//! Nothing else changes: Chinese characters, Chinese punctuation and digits stay as
//! they are. Full NFKC is not used because it can change the number of characters
//! (`㎡` → `m2`), which would break "position = character index".
//!
//! # Tokens
//!
//! For a paragraph of folded characters `c0 c1 … cn-1` the tokenizer emits, for every
//! `i`, the unigram `ci` and (if `i+1 < n`) the bigram `ci ci+1`, both at position `i`.
//! Every character counts, Latin letters, digits, punctuation and spaces included, so a
//! phrase `p0 … pm-1` occurs in the paragraph **iff** the bigrams `pj pj+1` occur at
//! positions `s+j` for some `s` — see [`phrase_terms`]. Phrase search is therefore
//! exactly a substring scan over folded paragraphs, for any phrase length ≥ 1.
//! Byte offsets only move forward (tantivy's snippet code assumes it; we use our own
//! highlighter anyway).
//!
//! A raw `'\n'` is a **paragraph break**: it takes a position (so positions stay char
//! indices of the text) but yields no unigram, and no bigram spans it. The index joins
//! a document's paragraphs with `'\n'`; a phrase's bigrams at consecutive positions
//! therefore always lie inside one paragraph. (Queries never hold a raw `'\n'`: folding
//! turns it into `' '`.)

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which [`CjkTokenizer`] is registered in the index.
pub const TOKENIZER: &str = "gw_cjk";

/// The paragraph break of the tokenizer (kept as is by it, see the module doc).
pub const BREAK: char = '\n';

/// Fold one character (see the module doc). One char in, one char out.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{FF01}'..='\u{FF5E}' => {
            let a = char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c);
            a.to_ascii_lowercase()
        }
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Fold a whole string; the result has exactly as many chars as the input.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// The unigram+bigram tokenizer (see the module doc).
#[derive(Clone, Default)]
pub struct CjkTokenizer;

/// Token stream over one text: precomputed (byte offset, folded char) pairs.
pub struct CjkTokenStream {
    chars: Vec<(usize, char)>,
    end: usize,
    /// Index of the current char.
    i: usize,
    /// 0 = unigram next, 1 = bigram next.
    phase: u8,
    started: bool,
    token: Token,
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream {
        CjkTokenStream {
            chars: text
                .char_indices()
                .map(|(o, c)| (o, if c == BREAK { BREAK } else { fold_char(c) }))
                .collect(),
            end: text.len(),
            i: 0,
            phase: 0,
            started: false,
            token: Token::default(),
        }
    }
}

impl CjkTokenStream {
    fn byte_end(&self, i: usize) -> usize {
        self.chars.get(i + 1).map(|&(o, _)| o).unwrap_or(self.end)
    }
    /// A bigram starts at char `i`: neither it nor the next char is a break.
    fn bigram_at(&self, i: usize) -> bool {
        matches!(
            (self.chars.get(i), self.chars.get(i + 1)),
            (Some(&(_, a)), Some(&(_, b))) if a != BREAK && b != BREAK
        )
    }
}

impl TokenStream for CjkTokenStream {
    fn advance(&mut self) -> bool {
        loop {
            if !self.started {
                self.started = true;
            } else if self.phase == 0 && self.bigram_at(self.i) {
                // unigram(i) → bigram(i) → unigram(i+1) …
                self.phase = 1;
            } else {
                self.phase = 0;
                self.i += 1;
            }
            let Some(&(start, c)) = self.chars.get(self.i) else {
                return false;
            };
            if c == BREAK {
                continue;
            }
            self.token.text.clear();
            self.token.text.push(c);
            self.token.offset_from = start;
            self.token.position = self.i;
            self.token.position_length = 1;
            if self.phase == 1 {
                let (_, c2) = self.chars[self.i + 1];
                self.token.text.push(c2);
                self.token.offset_to = self.byte_end(self.i + 1);
            } else {
                self.token.offset_to = self.byte_end(self.i);
            }
            return true;
        }
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The index terms (with their offsets inside the phrase) whose co-occurrence at
/// consecutive positions is equivalent to the folded phrase occurring as a substring.
///
/// One char → its unigram at 0. Longer → bigrams at offsets 0, 2, 4, … and the last
/// one at `n-2`, which together cover every character of the phrase.
pub fn phrase_terms(folded: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = folded.chars().collect();
    match chars.len() {
        0 => vec![],
        1 => vec![(0, chars[0].to_string())],
        n => {
            let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
            if offsets.last() != Some(&(n - 2)) {
                offsets.push(n - 2);
            }
            offsets
                .into_iter()
                .map(|o| (o, [chars[o], chars[o + 1]].iter().collect()))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut t = CjkTokenizer;
        let mut s = t.token_stream(text);
        let mut out = vec![];
        while s.advance() {
            let k = s.token();
            out.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
        }
        out
    }

    #[test]
    fn unigrams_and_bigrams_at_char_positions() {
        let t = tokens("县Ａ2");
        assert_eq!(
            t,
            vec![
                ("县".into(), 0, 0, 3),
                ("县a".into(), 0, 0, 6),
                ("a".into(), 1, 3, 6),
                ("a2".into(), 1, 3, 7),
                ("2".into(), 2, 6, 7),
            ]
        );
    }

    #[test]
    fn offsets_never_decrease_and_lie_on_char_boundaries() {
        let text = "一、2024年全区ＧＤＰ增长5.2%，　完成“十四五”规划目标。";
        let t = tokens(text);
        let mut last = 0;
        for (_, _, from, to) in &t {
            assert!(*from >= last);
            last = *from;
            assert!(text.is_char_boundary(*from) && text.is_char_boundary(*to));
        }
        assert_eq!(t.len(), 2 * text.chars().count() - 1);
    }

    #[test]
    fn paragraph_breaks_take_a_position_but_no_token() {
        let t = tokens("审计\n局");
        assert_eq!(
            t,
            vec![
                ("审".into(), 0, 0, 3),
                ("审计".into(), 0, 0, 6),
                ("计".into(), 1, 3, 6),
                ("局".into(), 3, 7, 10),
            ]
        );
        // Empty paragraphs (consecutive breaks) and a break at either end.
        let t = tokens("\n\n县\n");
        assert_eq!(t, vec![("县".into(), 2, 2, 5)]);
        // Any other whitespace folds to a space and is indexed.
        assert_eq!(tokens("a\tb").len(), 5);
    }

    #[test]
    fn empty_text_has_no_tokens() {
        assert!(tokens("").is_empty());
    }

    #[test]
    fn fold_keeps_char_count() {
        let s = "ＡＢｃ１２３　审计Ｘ";
        assert_eq!(fold(s), "abc123 审计x");
        assert_eq!(fold(s).chars().count(), s.chars().count());
    }

    #[test]
    fn phrase_terms_cover_every_char() {
        assert_eq!(phrase_terms("县"), vec![(0, "县".to_string())]);
        assert_eq!(phrase_terms("审计"), vec![(0, "审计".to_string())]);
        assert_eq!(
            phrase_terms("审计局"),
            vec![(0, "审计".to_string()), (1, "计局".to_string())]
        );
        let t = phrase_terms("医疗保障局长");
        assert_eq!(t.iter().map(|x| x.0).collect::<Vec<_>>(), vec![0, 2, 4]);
        let t = phrase_terms("医疗保障局");
        assert_eq!(t.iter().map(|x| x.0).collect::<Vec<_>>(), vec![0, 2, 3]);
    }
}
