//! Text folding and the tokenizers of the full-text index: [`BodyTokenizer`] for the
//! document text (bigrams plus one (char, role) term per document, see its doc) and
//! [`CjkTokenizer`] (unigrams and bigrams) for the short `unit` field.
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
//! # Tokens of [`CjkTokenizer`]
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
        // The common case first: CJK ideographs fold to themselves.
        '\u{4E00}'..='\u{9FFF}' => c,
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

/// Name under which [`BodyTokenizer`] is registered in the index (the `body` field).
pub const BODY_TOKENIZER: &str = "gw_body";

/// Separates two "role-qualified character" terms from bigrams: such a term is three
/// chars long (`c`, this, the role digit), a bigram two, so the two never collide.
const ROLE_SEP: char = '\u{1F}';

/// The role digit (`'0'` + [`crate::index::role_code`]) that starts each paragraph of
/// a `body` text.
pub fn role_digit(code: u64) -> char {
    char::from_digit(code.min(9) as u32, 10).unwrap_or('0')
}

/// The char of a one-char term (such a term is answered by [`char_term`]s, not bigrams).
pub fn single_char(term: &str) -> Option<char> {
    let mut it = term.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The `body` term saying "char `c` occurs in a paragraph of role code `code`".
pub fn char_term(c: char, code: u64) -> String {
    [c, ROLE_SEP, role_digit(code)].iter().collect()
}

/// The tokenizer of the `body` field (library format 3). Its text is a document's
/// paragraphs, each as a **role digit** followed by the paragraph's text, joined by
/// `'\n'`: `"3推进医疗保障\n0……"`. Positions are char indices of that text.
///
/// - For every char `ci` of a paragraph with a next char `ci+1` in the same paragraph,
///   the **bigram** `ci ci+1` at position `i`, exactly as [`CjkTokenizer`]: a phrase of
///   two or more chars occurs iff its [`phrase_terms`] occur at consecutive offsets.
/// - For every **distinct** (char, paragraph role) pair of the document, once, at the
///   position of its first occurrence: the term [`char_term`]. A one-char query is
///   the union of these terms over the roles it allows (an exact document-level
///   answer, with the `role:` filter folded in), and the positions give the first
///   paragraph of each role holding the char (snippets).
///
/// Why not a unigram per character as before (format 2): the index then takes two
/// tokens per character, and the single indexing thread, a hash-table lookup per token,
/// was the critical path of `add` (docs/PERFORMANCE.md). Per document there are about
/// 2,500 distinct (char, role) pairs for 16,000 chars: the index takes ~1.15 tokens per
/// char instead of 2, and phrase search stays exact.
///
/// The role digit and the `'\n'` take a position but yield no token and no bigram
/// spans them.
#[derive(Clone)]
pub struct BodyTokenizer {
    /// Bytes of `body` text tokenized so far (shared by clones: the writer's backlog,
    /// see [`crate::index::Writer`]).
    pub done: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Roles seen per BMP char in the current document (bit per role code).
    seen: Vec<u8>,
    /// Entries of `seen` to clear for the next document.
    touched: Vec<u16>,
    /// Chars beyond the BMP (rare): (char, role code).
    astral: std::collections::HashSet<(char, u8)>,
}

impl Default for BodyTokenizer {
    fn default() -> Self {
        BodyTokenizer {
            done: Default::default(),
            seen: vec![0; 1 << 16],
            touched: Vec::new(),
            astral: Default::default(),
        }
    }
}

impl BodyTokenizer {
    /// True the first time (char, role) is seen in the current document.
    #[inline]
    fn first(&mut self, c: char, role: u8) -> bool {
        let bit = 1u8 << (role & 7);
        match u16::try_from(c as u32) {
            Ok(i) => {
                let e = &mut self.seen[i as usize];
                if *e & bit != 0 {
                    return false;
                }
                if *e == 0 {
                    self.touched.push(i);
                }
                *e |= bit;
                true
            }
            Err(_) => self.astral.insert((c, role)),
        }
    }

    fn reset(&mut self) {
        for i in self.touched.drain(..) {
            self.seen[i as usize] = 0;
        }
        self.astral.clear();
    }
}

/// The token stream of [`BodyTokenizer`].
pub struct BodyTokenStream<'a> {
    tk: &'a mut BodyTokenizer,
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    /// The current char: (byte offset, folded char, byte end), its position.
    cur: Option<(usize, char, usize)>,
    pos: usize,
    /// The char after `cur` (raw; `'\n'` ends the paragraph).
    next: Option<(usize, char)>,
    /// The role code of the current paragraph.
    role: u8,
    /// 0 = the (char, role) term of `cur` next, 1 = its bigram next.
    phase: u8,
    token: Token,
}

impl Tokenizer for BodyTokenizer {
    type TokenStream<'a> = BodyTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> BodyTokenStream<'a> {
        self.reset();
        self.done
            .fetch_add(text.len() as u64, std::sync::atomic::Ordering::Release);
        let mut s = BodyTokenStream {
            tk: self,
            text,
            chars: text.char_indices(),
            cur: None,
            pos: 0,
            next: None,
            role: 0,
            phase: 0,
            token: Token::default(),
        };
        s.next = s.chars.next();
        // Position of `next`; the first char is a role digit.
        s.start_paragraph(0);
        s
    }
}

impl BodyTokenStream<'_> {
    /// `self.next` is the role digit at position `p` of a paragraph: read it and move
    /// to the paragraph's first char (or past an empty paragraph's break).
    fn start_paragraph(&mut self, mut p: usize) {
        loop {
            let Some((_, d)) = self.next else {
                self.cur = None;
                return;
            };
            self.role = d.to_digit(10).unwrap_or(0) as u8;
            self.next = self.chars.next();
            p += 1;
            match self.next {
                Some((_, BREAK)) => {
                    // An empty paragraph: skip its break, the next role digit follows.
                    self.next = self.chars.next();
                    p += 1;
                }
                _ => break,
            }
        }
        self.load(p);
    }

    /// Make `self.next` (a char of the paragraph, or nothing) the current char at `p`.
    fn load(&mut self, p: usize) {
        match self.next {
            Some((o, c)) if c != BREAK => {
                self.next = self.chars.next();
                let end = self.next.map_or(self.text.len(), |(e, _)| e);
                self.cur = Some((o, fold_char(c), end));
                self.pos = p;
            }
            _ => self.cur = None,
        }
    }

    /// Move past the current char.
    fn step(&mut self) {
        match self.next {
            Some((_, BREAK)) => {
                self.next = self.chars.next();
                let p = self.pos + 2;
                self.start_paragraph(p);
            }
            _ => {
                let p = self.pos + 1;
                self.load(p);
            }
        }
    }
}

impl TokenStream for BodyTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((from, c, to)) = self.cur else {
                return false;
            };
            if self.phase == 0 {
                self.phase = 1;
                if self.tk.first(c, self.role) {
                    self.token.text.clear();
                    self.token.text.push(c);
                    self.token.text.push(ROLE_SEP);
                    self.token.text.push(role_digit(self.role as u64));
                    self.token.offset_from = from;
                    self.token.offset_to = to;
                    self.token.position = self.pos;
                    self.token.position_length = 1;
                    return true;
                }
            }
            self.phase = 0;
            let bigram = match self.next {
                Some((o2, c2)) if c2 != BREAK => Some((o2, c2)),
                _ => None,
            };
            let p = self.pos;
            self.step();
            if let Some((o2, c2)) = bigram {
                self.token.text.clear();
                self.token.text.push(c);
                self.token.text.push(fold_char(c2));
                self.token.offset_from = from;
                self.token.offset_to = o2 + c2.len_utf8();
                self.token.position = p;
                self.token.position_length = 1;
                return true;
            }
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

    /// (text, position, byte from, byte to) of every token `t` gives for `text`.
    fn collect<T: Tokenizer>(t: &mut T, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut s = t.token_stream(text);
        let mut out = vec![];
        while s.advance() {
            let k = s.token();
            out.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
        }
        out
    }

    fn tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        collect(&mut CjkTokenizer, text)
    }

    fn body_tokens(text: &str) -> Vec<(String, usize, usize, usize)> {
        collect(&mut BodyTokenizer::default(), text)
    }

    /// Offsets never go back and always fall on char boundaries of `text`.
    fn assert_offsets(text: &str, t: &[(String, usize, usize, usize)]) {
        let mut last = 0;
        for (_, _, from, to) in t {
            assert!(*from >= last);
            last = *from;
            assert!(text.is_char_boundary(*from) && text.is_char_boundary(*to));
        }
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
        assert_offsets(text, &t);
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
    fn body_has_bigrams_and_one_term_per_char_and_role() {
        let ct = |c: char, r: u64| char_term(c, r);
        // Role digit 3 (plan), then "县Ａ县"; role digit 0, then "县".
        let t = body_tokens("3县Ａ县\n0县");
        assert_eq!(
            t,
            vec![
                (ct('县', 3), 1, 1, 4),
                ("县a".into(), 1, 1, 7),
                (ct('a', 3), 2, 4, 7),
                ("a县".into(), 2, 4, 10),
                // The second 县 of the plan paragraph: no new (char, role) term.
                (ct('县', 0), 6, 12, 15),
            ]
        );
    }

    #[test]
    fn body_roles_breaks_and_empty_paragraphs_take_positions_only() {
        // Paragraphs "" (role 1), "审" (2), "" (4), "计局" (0), "" (5): an empty
        // paragraph is a lone role digit.
        let t = body_tokens("1\n2审\n4\n0计局\n5");
        let got: Vec<(String, usize)> = t.into_iter().map(|x| (x.0, x.1)).collect();
        assert_eq!(
            got,
            vec![
                (char_term('审', 2), 3),
                (char_term('计', 0), 8),
                ("计局".to_string(), 8),
                (char_term('局', 0), 9),
            ]
        );
        // The same text twice: the seen-table is reset between documents.
        let mut tk = BodyTokenizer::default();
        for _ in 0..2 {
            let n = collect(&mut tk, "2县县").len();
            assert_eq!(n, 2, "县 once for role 2, and the bigram 县县");
        }
        assert!(body_tokens("").is_empty());
        assert!(body_tokens("0").is_empty());
        // A char beyond the BMP.
        let t = body_tokens("2𠀀𠀀");
        assert_eq!(t.len(), 2);
    }

    #[test]
    fn body_offsets_never_decrease_and_lie_on_char_boundaries() {
        let text = "3一、2024年全区ＧＤＰ增长5.2%，　完成“十四五”规划目标。\n1问题：资金缺口较大";
        let t = body_tokens(text);
        assert_offsets(text, &t);
        let bigrams = t.iter().filter(|x| x.0.chars().count() == 2).count();
        // Every char but the last of each paragraph starts one bigram.
        let paras: Vec<&str> = text.split('\n').collect();
        let want: usize = paras.iter().map(|p| p.chars().count() - 2).sum();
        assert_eq!(bigrams, want);
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
