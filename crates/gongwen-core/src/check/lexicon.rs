//! One pass for all word lists: the placeholder, junk, redaction, typo and critical-term
//! lists of `data/` go into a single leftmost-longest Aho–Corasick automaton, run once
//! per file; each list's rule reads its own hits. (Five automata over the same text
//! were five passes.)
//!
//! The pass itself is cheap too: the shared mark pass ([`super::scan`]) records where a
//! char that starts some entry occurs, and only there is the automaton tried, anchored.
//! Taking the longest entry at the first such offset at or after the previous hit's end
//! is exactly the leftmost-longest non-overlapping search over the whole text.

use crate::check::rules::parse_list;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use std::sync::LazyLock;

/// Which list an entry comes from (= which rule reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Placeholder,
    Junk,
    Redaction,
    Typo,
    Critical,
}

/// One hit of the combined automaton, in clean offsets.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub list: List,
    /// Index into [`entries`].
    pub entry: usize,
}

impl Hit {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    /// The correction of the entry (empty for plain lists).
    pub fn right(&self) -> &'static str {
        entry(self.entry).1
    }
}

struct Lexicon {
    ac: Option<AhoCorasick>,
    /// The same automaton for anchored searches at candidate offsets.
    anchored: Option<AhoCorasick>,
    entries: Vec<(List, String, String)>,
    /// By BMP code point: does some entry start with this char? `None` when an entry
    /// starts outside the BMP (then [`scan_at`] falls back to the whole-text pass).
    first: Option<Vec<bool>>,
    /// A filter on the first two chars of the entries: bit [`pair_bit`] is set for
    /// each entry's first two chars, and `single[c]` when some entry is the one char
    /// `c`. A candidate whose two chars hit neither cannot start a match.
    pairs: Vec<u64>,
    single: Vec<bool>,
}

/// The bit of a char pair in [`Lexicon::pairs`] (a hash: other pairs may share it).
#[inline]
fn pair_bit(a: char, b: char) -> usize {
    ((a as usize).wrapping_mul(0x9E37) ^ (b as usize)) & 0xFFFF
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut entries = Vec::new();
    for (list, data) in [
        (
            List::Placeholder,
            include_str!("../../../../data/placeholders.txt"),
        ),
        (List::Junk, include_str!("../../../../data/junk.txt")),
        (
            List::Redaction,
            include_str!("../../../../data/redactions.txt"),
        ),
        (List::Typo, include_str!("../../../../data/typos.txt")),
        (
            List::Critical,
            include_str!("../../../../data/critical.txt"),
        ),
    ] {
        entries.extend(parse_list(data).into_iter().map(|(w, r)| (list, w, r)));
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(entries.iter().map(|e| e.1.as_str()))
        .ok();
    let anchored = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .kind(Some(AhoCorasickKind::DFA))
        .build(entries.iter().map(|e| e.1.as_str()))
        .ok();
    let mut first = Some(vec![false; 0x10000]);
    for (_, w, _) in &entries {
        if let Some(c) = w.chars().next() {
            match first.as_mut().and_then(|t| t.get_mut(c as usize)) {
                Some(slot) => *slot = true,
                None => first = None,
            }
        }
    }
    let mut pairs = vec![0u64; 0x10000 / 64];
    let mut single = vec![false; 0x110000];
    for (_, w, _) in &entries {
        let mut cs = w.chars();
        match (cs.next(), cs.next()) {
            (Some(a), Some(b)) => {
                let bit = pair_bit(a, b);
                pairs[bit / 64] |= 1 << (bit % 64);
            }
            (Some(a), None) => single[a as usize] = true,
            _ => {}
        }
    }
    Lexicon {
        ac,
        anchored,
        entries,
        first,
        pairs,
        single,
    }
});

/// The first-char table for the mark pass (`None`: scan the whole text instead).
pub fn first_chars() -> Option<&'static [bool]> {
    LEX.first.as_deref()
}

/// All hits in `text`, trying the automaton only at `cands`: the sorted offsets of the
/// chars for which [`first_chars`] is true (the same hits as [`scan`]).
pub fn scan_at(text: &str, cands: &[usize]) -> Vec<Hit> {
    let (Some(ac), Some(_)) = (LEX.anchored.as_ref(), LEX.first.as_ref()) else {
        return scan(text);
    };
    let mut out = Vec::new();
    let mut end = 0;
    for &p in cands {
        if p < end {
            continue;
        }
        // Cheap exact filter: an entry matching here starts with the two chars here
        // (or is the one char here).
        let mut cs = text.get(p..).unwrap_or("").chars();
        match (cs.next(), cs.next()) {
            (Some(a), _) if LEX.single[a as usize] => {}
            (Some(a), Some(b)) => {
                let bit = pair_bit(a, b);
                if LEX.pairs[bit / 64] & (1 << (bit % 64)) == 0 {
                    continue;
                }
            }
            _ => continue,
        }
        let input = Input::new(text).span(p..text.len()).anchored(Anchored::Yes);
        if let Some(m) = ac.find(input) {
            out.push(Hit {
                start: m.start(),
                end: m.end(),
                list: LEX.entries[m.pattern().as_usize()].0,
                entry: m.pattern().as_usize(),
            });
            end = m.end();
        }
    }
    out
}

/// All hits in `text`.
pub fn scan(text: &str) -> Vec<Hit> {
    let Some(ac) = LEX.ac.as_ref() else {
        return vec![];
    };
    ac.find_iter(text)
        .map(|m| Hit {
            start: m.start(),
            end: m.end(),
            list: LEX.entries[m.pattern().as_usize()].0,
            entry: m.pattern().as_usize(),
        })
        .collect()
}

/// The (wrong, right) pair of an entry.
pub fn entry(i: usize) -> (&'static str, &'static str) {
    LEX.entries
        .get(i)
        .map(|e| (e.1.as_str(), e.2.as_str()))
        .unwrap_or(("", ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_over_all_lists() {
        let hits = scan("按照D委布署，某某村扫黑险恶##paidend##");
        let lists: Vec<List> = hits.iter().map(|h| h.list).collect();
        assert_eq!(
            lists,
            vec![
                List::Redaction,
                List::Typo,
                List::Placeholder,
                List::Critical,
                List::Junk
            ]
        );
        assert_eq!(entry(hits[1].entry), ("布署", "部署"));
    }

    #[test]
    fn candidate_pass_equals_whole_text_pass() {
        let t = "按照D委布署，某某村扫黑险恶##paidend##，（单位名称）XX中华人民共合国按排按排。";
        let ctx_marks = crate::check::scan::Marks::new(t);
        let a: Vec<(usize, usize, usize)> =
            scan(t).iter().map(|h| (h.start, h.end, h.entry)).collect();
        let b: Vec<(usize, usize, usize)> = scan_at(t, ctx_marks.lexicon_candidates())
            .iter()
            .map(|h| (h.start, h.end, h.entry))
            .collect();
        assert!(a.len() >= 6);
        assert_eq!(a, b);
    }

    #[test]
    fn pair_filter_keeps_every_entry() {
        // Every entry of every list, alone and run together, is found by the filtered
        // candidate pass exactly as by the whole-text pass.
        let mut t = String::new();
        for (_, w, _) in &LEX.entries {
            t.push_str("全年");
            t.push_str(w);
        }
        for (_, w, _) in &LEX.entries {
            t.push_str(w);
        }
        let m = crate::check::scan::Marks::new(&t);
        let a: Vec<(usize, usize, usize)> =
            scan(&t).iter().map(|h| (h.start, h.end, h.entry)).collect();
        let b: Vec<(usize, usize, usize)> = scan_at(&t, m.lexicon_candidates())
            .iter()
            .map(|h| (h.start, h.end, h.entry))
            .collect();
        assert!(a.len() >= LEX.entries.len());
        assert_eq!(a, b);
    }
}
