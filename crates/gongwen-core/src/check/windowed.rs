//! A regex run only inside trigger windows ([`super::scan`]) instead of over the whole
//! text, with the same matches as a whole-text `find_iter`/`captures_iter`.
//!
//! Why exact: every match of the pattern holds a trigger and lies inside one window
//! (the rule's barrier set guarantees it), the windows are disjoint and in order, and a
//! search restricted to a window span still sees the whole haystack for look-around
//! (`regex_automata::Input::span`), so the leftmost-first match starting at any offset
//! inside a window is the one a whole-text search finds. `regex_automata::meta::Regex`
//! is the engine under `regex::Regex` with the same syntax and match semantics; it is
//! used here because only it can bound a search to a span.

use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::Input;

/// A compiled pattern for windowed search.
pub struct Windowed {
    re: Regex,
}

impl Windowed {
    /// Compile `pattern` (regex crate syntax). Panics on a bad pattern, like the
    /// `Regex::new(..).expect(..)` it replaces: patterns are constants.
    pub fn new(pattern: &str) -> Self {
        Windowed {
            re: Regex::new(pattern).expect("windowed regex"),
        }
    }

    /// Matches inside the windows, in text order.
    pub fn find_iter<'r, 't>(
        &'r self,
        text: &'t str,
        windows: &'r [(usize, usize)],
    ) -> impl Iterator<Item = M<'t>> + 'r
    where
        't: 'r,
    {
        self.captures_iter(text, windows).filter_map(|c| c.get(0))
    }

    /// Matches with their groups inside the windows, in text order.
    pub fn captures_iter<'r, 't>(
        &'r self,
        text: &'t str,
        windows: &'r [(usize, usize)],
    ) -> Iter<'r, 't> {
        Iter {
            re: &self.re,
            text,
            windows,
            wi: 0,
            pos: 0,
            caps: self.re.create_captures(),
        }
    }
}

/// The iterator of [`Windowed::captures_iter`]: one search per window (plus one per
/// match), reusing one set of capture slots; a window without a match costs one
/// lazy-DFA pass over the window and no allocation.
pub struct Iter<'r, 't> {
    re: &'r Regex,
    text: &'t str,
    windows: &'r [(usize, usize)],
    wi: usize,
    pos: usize,
    caps: Captures,
}

impl<'t> Iterator for Iter<'_, 't> {
    type Item = Caps<'t>;

    fn next(&mut self) -> Option<Caps<'t>> {
        while let Some(&(s, e)) = self.windows.get(self.wi) {
            let start = self.pos.max(s);
            if start > e {
                self.wi += 1;
                continue;
            }
            let input = Input::new(self.text).span(start..e);
            self.re.search_captures(&input, &mut self.caps);
            let Some(m) = self.caps.get_match() else {
                self.wi += 1;
                continue;
            };
            // The patterns never match the empty string; step over one anyway so the
            // loop always moves forward.
            self.pos = if m.is_empty() {
                m.end()
                    + self.text[m.end()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8)
            } else {
                m.end()
            };
            return Some(Caps {
                text: self.text,
                caps: self.caps.clone(),
            });
        }
        None
    }
}

/// A match: the accessors of `regex::Match`.
#[derive(Debug, Clone, Copy)]
pub struct M<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> M<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn as_str(&self) -> &'t str {
        self.text.get(self.start..self.end).unwrap_or("")
    }
}

/// The groups of one match: the accessors of `regex::Captures`.
pub struct Caps<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Caps<'t> {
    pub fn get(&self, i: usize) -> Option<M<'t>> {
        self.caps.get_group(i).map(|s| M {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }
    pub fn name(&self, name: &str) -> Option<M<'t>> {
        self.caps.get_group_by_name(name).map(|s| M {
            text: self.text,
            start: s.start,
            end: s.end,
        })
    }
}

impl std::ops::Index<usize> for Caps<'_> {
    type Output = str;
    /// The text of group `i`; panics when the group did not take part, like
    /// `regex::Captures` (callers index only groups their pattern makes mandatory).
    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::scan::{mark, windows, Barrier, Marks};

    /// The windowed search finds exactly what a whole-text `regex` search finds.
    #[test]
    fn same_matches_as_whole_text_search() {
        let pat = r"([0-9]+(?:\.[0-9]+)?)(?:%|％)?[-－]([0-9]+(?:\.[0-9]+)?)(?:%|％|年|个)";
        let t = "全镇5-8个村完成改造，增幅3%-5%。\n2023-2025年，12－15个项目；编号A-3个。";
        let m = Marks::new(t);
        let mut trig: Vec<usize> = [mark("-"), mark("－")]
            .iter()
            .flat_map(|&id| m.get(id).iter().copied())
            .collect();
        trig.sort_unstable();
        let w = windows(t.len(), &trig, &Barrier::All.positions(&m));
        let re = Windowed::new(pat);
        let got: Vec<(usize, usize, String)> = re
            .captures_iter(t, &w)
            .map(|c| {
                let m0 = c.get(0).unwrap();
                (m0.start(), m0.end(), c[1].to_string())
            })
            .collect();
        let want: Vec<(usize, usize, String)> = regex::Regex::new(pat)
            .unwrap()
            .captures_iter(t)
            .map(|c| {
                let m0 = c.get(0).unwrap();
                (m0.start(), m0.end(), c[1].to_string())
            })
            .collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got, want);
    }
}
