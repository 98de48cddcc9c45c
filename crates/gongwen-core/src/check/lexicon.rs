//! One pass for all word lists: the placeholder, junk, redaction, typo and critical-term
//! lists of `data/` go into a single leftmost-longest Aho–Corasick automaton, run once
//! per file; each list's rule reads its own hits. (Five automata over the same text
//! were five passes.)

use crate::check::rules::parse_list;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
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
    entries: Vec<(List, String, String)>,
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
    Lexicon { ac, entries }
});

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
}
