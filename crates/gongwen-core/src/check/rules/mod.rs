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

/// One trigger char of a [`TriggerList`]: the char, its mark id (None: not a mark, the
/// text is searched for it) and its (entry index, byte offset of the trigger inside the
/// entry), longest entry first.
type TriggerGroup = (char, Option<usize>, Vec<(usize, usize)>);

/// A word list found through the shared mark pass instead of a search of its own: each
/// entry names one of its chars as its *trigger* (a char listed in `scan::MARKS`, ideally
/// its rarest), and the entry is compared only where the mark pass saw that char. A
/// list whose entries begin with common chars (一致公认, 年均每年) or digits (3农) then
/// costs a few comparisons per occurrence of its triggers and no pass over the text.
pub struct TriggerList {
    wrong: Vec<String>,
    groups: Vec<TriggerGroup>,
}

impl TriggerList {
    /// `entries`: (wrong form, byte offset of its trigger char inside it).
    pub fn new(entries: &[(String, usize)]) -> Self {
        let mut groups: Vec<TriggerGroup> = Vec::new();
        for (i, (w, off)) in entries.iter().enumerate() {
            let Some(c) = w.get(*off..).and_then(|x| x.chars().next()) else {
                continue;
            };
            let k = match groups.iter().position(|g| g.0 == c) {
                Some(k) => k,
                None => {
                    let mut buf = [0u8; 4];
                    let id = crate::check::scan::MARKS
                        .iter()
                        .position(|m| *m == c.encode_utf8(&mut buf));
                    groups.push((c, id, Vec::new()));
                    groups.len() - 1
                }
            };
            groups[k].2.push((i, *off));
        }
        for g in &mut groups {
            g.2.sort_by_key(|&(i, _)| std::cmp::Reverse(entries[i].0.len()));
        }
        TriggerList {
            wrong: entries.iter().map(|e| e.0.clone()).collect(),
            groups,
        }
    }

    /// True when every trigger char is recorded by the mark pass.
    pub fn all_marked(&self) -> bool {
        self.groups.iter().all(|g| g.1.is_some())
    }

    /// Leftmost-longest non-overlapping matches `(start, end, entry index)`, sorted.
    pub fn find(&self, t: &str, marks: &crate::check::scan::Marks) -> Vec<(usize, usize, usize)> {
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for (c, id, members) in &self.groups {
            let owned: Vec<usize>;
            let pos: &[usize] = match id {
                Some(id) => marks.get(*id),
                None => {
                    owned = t.match_indices(*c).map(|(p, _)| p).collect();
                    &owned
                }
            };
            for &p in pos {
                for &(i, off) in members {
                    let w = self.wrong[i].as_str();
                    let Some(s) = p.checked_sub(off) else {
                        continue;
                    };
                    // One byte first: most occurrences of a trigger are other words.
                    if t.as_bytes().get(s) != w.as_bytes().first() {
                        continue;
                    }
                    if t.get(s..).is_some_and(|x| x.starts_with(w)) {
                        cands.push((s, s + w.len(), i));
                        break;
                    }
                }
            }
        }
        cands.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
        let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(cands.len());
        for c in cands {
            if out.last().is_none_or(|l| c.0 >= l.1) {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: leftmost-longest over the whole text, char by char.
    fn plain(t: &str, words: &[&str]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut p = 0;
        while p < t.len() {
            let best = words
                .iter()
                .enumerate()
                .filter(|(_, w)| t[p..].starts_with(**w))
                .max_by_key(|(i, w)| (w.len(), std::cmp::Reverse(*i)));
            match best {
                Some((i, w)) => {
                    out.push((p, p + w.len(), i));
                    p += w.len();
                }
                None => p += t[p..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }

    #[test]
    fn trigger_list_equals_a_plain_scan() {
        let words = [
            "原因是因为",
            "其原因是因为",
            "年均每年",
            "一致公认",
            "3农",
            "13五",
        ];
        // Triggers: 因, 因, 每, 致, 农, 五 (offsets of their first occurrence).
        let trig = ['因', '因', '每', '致', '农', '五'];
        let entries: Vec<(String, usize)> = words
            .iter()
            .zip(trig)
            .map(|(w, c)| (w.to_string(), w.find(c).unwrap_or(0)))
            .collect();
        let list = TriggerList::new(&entries);
        let t = "其原因是因为基础薄弱，原因是因为原因是因为；年均每年增长，一致公认，13农和3农，13五、113五。";
        let marks = crate::check::scan::Marks::new(t);
        assert_eq!(list.find(t, &marks), plain(t, &words));
        // 13农 and 113五 hold entries too: the rules themselves reject a digit before.
        assert_eq!(list.find(t, &marks).len(), 9);
    }
}
