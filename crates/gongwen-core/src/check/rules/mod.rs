//! The rules, one file each, grouped by family: `residue` (GW1xx), `structure` (GW2xx),
//! `numbers` (GW3xx), `text` (GW4xx). Shared helpers for scanning live here.

pub mod numbers;
pub mod residue;
pub mod structure;
pub mod text;

use aho_corasick::{AhoCorasick, MatchKind};

/// Parse a `data/*.txt` list: `# ` comments (hash + space: `##paid…` is an entry) and blank lines skipped; each line split on
/// a tab into (wrong, right) (right is empty for plain lists).
pub fn parse_list(data: &str) -> Vec<(String, String)> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# ") && l.trim() != "#")
        .map(|l| {
            let mut it = l.splitn(2, '\t');
            (
                it.next().unwrap_or("").trim().to_string(),
                it.next().unwrap_or("").trim().to_string(),
            )
        })
        .filter(|(w, _)| !w.is_empty())
        .collect()
}

/// A leftmost-longest automaton over the first column of a list.
pub fn automaton(list: &[(String, String)]) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(list.iter().map(|(w, _)| w.as_str()))
        .ok()
}
