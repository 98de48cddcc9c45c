//! Inline enumerations: 一是…二是…, 一要…二要…, 第一，…第二，… inside a section's own
//! text (its heading line and the paragraphs before its first sub-heading).
//!
//! Each item becomes a child [`Section`] with marker `Inline`, appended after the
//! section's heading children. Its `heading` is the item's first clause (up to 。；！？,
//! or up to the first comma when that clause is long). An item must start a clause
//! (after a line start, 。；：， or the heading); a sequence starts at 一 and goes on with
//! the next number of the same family, so "唯一是" or a stray "三是" is no item. A broken
//! sequence (一是…二注重) ends where the numbering breaks. The last item of a sequence
//! ends with its paragraph.

use crate::model::{MarkerKind, Role, Section};
use crate::outline::nchars;

const NUMS: [&str; 20] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六", "十七", "十八", "十九", "二十",
];

/// The number of a numeral in [`NUMS`] (一 → 1 … 二十 → 20).
fn num_value(s: &str) -> Option<u32> {
    NUMS.iter().position(|n| *n == s).map(|p| p as u32 + 1)
}

/// Numeral characters that may end just before `pos` (at most two: 十一 … 二十).
fn numeral_before(slice: &str, pos: usize) -> Option<(usize, u32)> {
    let before = &slice[..pos];
    let mut it = before.char_indices().rev();
    let (i1, c1) = it.next()?;
    if !"一二三四五六七八九十".contains(c1) {
        return None;
    }
    if let Some((i2, c2)) = it.next() {
        if "一二十".contains(c2) {
            if let Some(v) = num_value(&before[i2..]) {
                return Some((i2, v));
            }
        }
    }
    num_value(&before[i1..]).map(|v| (i1, v))
}

/// All candidate item markers in `slice`: (start, end of marker, family, ordinal).
/// Hand-written over memchr's substring search because a multi-pattern automaton with
/// 100 CJK patterns was the slowest part of the outline stage.
fn hits_in(slice: &str) -> Vec<(usize, usize, u8, u32)> {
    let b = slice.as_bytes();
    let mut out = Vec::new();
    for (fam, needle) in [(0u8, "是"), (1u8, "要")] {
        for pos in memchr::memmem::find_iter(b, needle.as_bytes()) {
            if let Some((s, v)) = numeral_before(slice, pos) {
                out.push((s, pos + needle.len(), fam, v));
            }
        }
    }
    for pos in memchr::memmem::find_iter(b, "第".as_bytes()) {
        let rest = &slice[pos + "第".len()..];
        let num_len: usize = rest
            .chars()
            .take_while(|c| "一二三四五六七八九十".contains(*c))
            .take(2)
            .map(|c| c.len_utf8())
            .sum();
        if num_len == 0 {
            continue;
        }
        let Some(v) = num_value(&rest[..num_len]) else {
            continue;
        };
        let Some(p) = rest[num_len..].chars().next() else {
            continue;
        };
        if matches!(p, '，' | '、' | ',') {
            out.push((pos, pos + "第".len() + num_len + p.len_utf8(), 2, v));
        }
    }
    out.sort_unstable();
    out
}

/// Most inline items split out of one paragraph. Real reports have at most 15 (the
/// 31 provincial and 143 city reports of the corpus); a full 一是 … 二十是 sequence is
/// 20. Items beyond it stay in their paragraph's text, unsplit.
pub const MAX_INLINE_PER_PARAGRAPH: usize = 40;
/// Most inline items split out of one document (the corpus has at most 54). Without
/// it, a text of dense enumerations (一是甲，二是乙，… every few characters) built one
/// section per 12 bytes: a 10 MB file made ≈ 870 000 sections (found in hardening).
pub const MAX_INLINE_PER_DOCUMENT: usize = 1_000;

/// What is left of a document's inline items, and where the first one left out is.
#[derive(Debug)]
pub(crate) struct Budget {
    left: usize,
    per_paragraph: usize,
    /// Clean offset of the first item not split out (a limit was reached).
    pub first_dropped: Option<usize>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: MAX_INLINE_PER_DOCUMENT,
            per_paragraph: MAX_INLINE_PER_PARAGRAPH,
            first_dropped: None,
        }
    }
}

/// Add the inline items of every section of one document (recursively), at most
/// [`MAX_INLINE_PER_PARAGRAPH`] per paragraph and [`MAX_INLINE_PER_DOCUMENT`] in all, in
/// text order; the returned budget says where the first item was left out.
pub(crate) fn add_items(text: &str, sections: &mut [Section]) -> Budget {
    let mut budget = Budget::default();
    for s in sections.iter_mut() {
        add_to(text, s, &mut budget);
    }
    budget
}

fn add_to(text: &str, s: &mut Section, budget: &mut Budget) {
    // The section's own text comes before its children: take its items first, so the
    // document's budget is spent in text order. They are appended after the children.
    let own_start = s.heading_end.min(text.len());
    let own_end = s
        .children
        .first()
        .map(|c| c.start)
        .unwrap_or(s.end)
        .min(text.len())
        .max(own_start);
    let items = find_items_within(text, own_start, own_end, s.depth + 1, budget);
    for c in s.children.iter_mut() {
        add_to(text, c, budget);
    }
    s.children.extend(items);
}

fn is_boundary_before(text: &str, pos: usize, own_start: usize) -> bool {
    if pos == own_start {
        return true;
    }
    match text[..pos].chars().next_back() {
        None => true,
        Some(c) => "\n。；：，,;:！？!?）)".contains(c) || crate::outline::is_space(c),
    }
}

/// Find the inline items in `text[from..to]` (with a fresh document budget).
#[cfg(test)]
pub(crate) fn find_items(text: &str, from: usize, to: usize, depth: usize) -> Vec<Section> {
    find_items_within(text, from, to, depth, &mut Budget::default())
}

/// Find the inline items in `text[from..to]`, spending `budget`.
fn find_items_within(
    text: &str,
    from: usize,
    to: usize,
    depth: usize,
    budget: &mut Budget,
) -> Vec<Section> {
    let Some(slice) = text.get(from..to) else {
        return Vec::new();
    };
    if budget.left == 0 && budget.first_dropped.is_some() {
        // The document's items are spent and that is recorded: nothing more to find.
        return Vec::new();
    }
    // (start, end of marker, family, ordinal), in text offsets.
    let hits: Vec<(usize, usize, u8, u32)> = hits_in(slice)
        .into_iter()
        .map(|(s, e, f, o)| (from + s, from + e, f, o))
        .filter(|h| is_boundary_before(text, h.0, from))
        .collect();
    // Sequences.
    let mut seqs: Vec<Vec<(usize, usize, u8, u32)>> = Vec::new();
    let mut cur: Vec<(usize, usize, u8, u32)> = Vec::new();
    for h in hits {
        if h.3 == 1 {
            if !cur.is_empty() {
                seqs.push(std::mem::take(&mut cur));
            }
            cur.push(h);
        } else if let Some(last) = cur.last() {
            if last.2 == h.2 && last.3 + 1 == h.3 {
                cur.push(h);
            }
        }
    }
    if !cur.is_empty() {
        seqs.push(cur);
    }
    let mut out = Vec::new();
    // The end of the paragraph holding the last position asked for: sequences come in
    // text order, so each paragraph end is searched for once (a line of thousands of
    // short sequences made this quadratic; found in hardening).
    let mut para_end: Option<usize> = None;
    // Items taken from the current paragraph, which ends at `count_end` (items come in
    // text order, so each paragraph end is searched for once here too).
    let (mut in_para, mut count_end) = (0usize, 0usize);
    for seq in seqs {
        for (i, &(s, me, fam, ord)) in seq.iter().enumerate() {
            if s >= count_end {
                in_para = 0;
                count_end = memchr::memchr(b'\n', &text.as_bytes()[s..to])
                    .map(|k| s + k + 1)
                    .unwrap_or(to + 1);
            }
            if in_para >= budget.per_paragraph || budget.left == 0 {
                budget.first_dropped.get_or_insert(s);
                continue;
            }
            in_para += 1;
            budget.left -= 1;
            let e = match seq.get(i + 1) {
                Some(n) => n.0,
                None => match para_end {
                    Some(pe) if s < pe => pe,
                    _ => {
                        let pe = memchr::memchr(b'\n', &text.as_bytes()[s..to])
                            .map(|k| s + k)
                            .unwrap_or(to);
                        para_end = Some(pe);
                        pe
                    }
                },
            };
            let e = trim_end(text, s, e);
            let item = &text[s..e];
            let clause_end = clause(item);
            let marker_text = text[s..me].trim_end_matches(['，', '、', ',']).to_string();
            let number = if fam == 2 {
                marker_text.clone()
            } else {
                text[s..me].to_string()
            };
            out.push(Section {
                heading: item[..clause_end].to_string(),
                number,
                ordinal: Some(ord),
                marker: MarkerKind::Inline,
                marker_text,
                depth,
                role: Role::Other,
                line: 0,
                start: s,
                end: e,
                heading_start: s,
                heading_end: s + clause_end,
                children: Vec::new(),
            });
        }
    }
    out
}

fn trim_end(text: &str, s: usize, e: usize) -> usize {
    let t = text[s..e].trim_end_matches(crate::outline::is_space);
    s + t.len()
}

/// Longest first clause looked for, in characters: the last item of a sequence runs to
/// the end of its paragraph, and a line of thousands of sequences without a stop made
/// every heading a copy of the rest of the line (quadratic time and memory: 100 KB of
/// input took 300 MB; found in hardening). Real first clauses are far shorter.
const MAX_CLAUSE_CHARS: usize = 200;

/// Byte length of the first clause of an item.
fn clause(item: &str) -> usize {
    let window = item
        .char_indices()
        .nth(MAX_CLAUSE_CHARS)
        .map_or(item.len(), |(i, _)| i);
    let stop = item[..window]
        .find(['。', '；', '！', '？', ';', '\n'])
        .unwrap_or(window);
    let head = &item[..stop];
    if nchars(head) > 50 {
        if let Some(c) = head.find(['，', '：', ',']) {
            return c;
        }
    }
    stop
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(t: &str) -> Vec<(String, String)> {
        find_items(t, 0, t.len(), 2)
            .into_iter()
            .map(|s| (s.number, s.heading))
            .collect()
    }

    #[test]
    fn shi_sequence() {
        let t = "加强基层建设。一是完善机制，压实责任。二是强化培训；三是加大投入。";
        assert_eq!(
            items(t),
            vec![
                ("一是".to_string(), "一是完善机制，压实责任".to_string()),
                ("二是".to_string(), "二是强化培训".to_string()),
                ("三是".to_string(), "三是加大投入".to_string()),
            ]
        );
    }

    #[test]
    fn broken_and_false_items() {
        // "唯一是" does not start a clause; the sequence breaks at 二注重.
        let t = "这是唯一是非题。一是加强学习。二注重实效。三是完善制度。";
        assert_eq!(
            items(t),
            vec![("一是".to_string(), "一是加强学习".to_string())]
        );
    }

    #[test]
    fn di_yi_sequence() {
        let t = "第一，抓好安全生产。第二，做好防汛准备。";
        let v = items(t);
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].0, "第二");
    }

    #[test]
    fn long_lines_of_short_sequences_stay_linear_and_headings_bounded() {
        // Thousands of 一是…二是… sequences on one line, separated by ）, no stop at all,
        // with the item limits lifted: the headings alone must stay bounded.
        let n = 3000;
        let t = format!("{}\n下一段。", "一是抓好甲）二是抓好乙）".repeat(n));
        let mut unlimited = Budget {
            left: usize::MAX,
            per_paragraph: usize::MAX,
            first_dropped: None,
        };
        let v = find_items_within(&t, 0, t.len(), 2, &mut unlimited);
        assert_eq!(unlimited.first_dropped, None);
        assert_eq!(v.len(), 2 * n);
        let line_end = t.find('\n').unwrap();
        // Each sequence's last item still ends with the paragraph…
        assert!(v.iter().skip(1).step_by(2).all(|s| s.end == line_end));
        // …but its heading is at most the clause window, not the rest of the line.
        assert!(v
            .iter()
            .all(|s| s.heading.chars().count() <= MAX_CLAUSE_CHARS));
        assert_eq!(v[0].heading, "一是抓好甲）");
    }

    /// `n` numbered items of the 是 family, restarting at 一 after 二十.
    fn dense(n: usize) -> String {
        (0..n)
            .map(|i| format!("{}是抓好第{}项，", NUMS[i % 20], i + 1))
            .collect()
    }

    #[test]
    fn a_paragraph_splits_at_most_its_limit_and_the_next_paragraph_starts_afresh() {
        // Three full 一是 … 二十是 sequences and a few more in one paragraph; then a
        // short ordinary paragraph.
        let first = dense(65);
        let t = format!("{first}\n巩固成果。一是健全机制；二是强化考核。");
        let mut budget = Budget::default();
        let v = find_items_within(&t, 0, t.len(), 2, &mut budget);
        let (para1, para2): (Vec<&Section>, Vec<&Section>) =
            v.iter().partition(|s| s.start < first.len());
        assert_eq!(para1.len(), MAX_INLINE_PER_PARAGRAPH);
        // The items kept are the first ones, in order: two whole sequences.
        assert_eq!(para1[0].heading, "一是抓好第1项，");
        assert_eq!(para1[39].number, "二十是");
        assert_eq!(
            para2.iter().map(|s| s.number.as_str()).collect::<Vec<_>>(),
            ["一是", "二是"]
        );
        // The first item left out is the 41st: the third sequence's 一是.
        let dropped = budget.first_dropped.expect("a limit was reached");
        assert_eq!(dropped, first.find("一是抓好第41项").unwrap());
        assert_eq!(budget.left, MAX_INLINE_PER_DOCUMENT - 42);
    }

    #[test]
    fn a_document_splits_at_most_its_limit_across_paragraphs_and_sections() {
        // 150 paragraphs of 10 items each (1 500 items), over two calls sharing one
        // document budget, as two sections would.
        let para = format!("{}\n", dense(10));
        let t = para.repeat(150);
        let half = para.len() * 75;
        let mut budget = Budget::default();
        let a = find_items_within(&t, 0, half, 2, &mut budget);
        assert_eq!(a.len(), 750);
        assert_eq!(budget.first_dropped, None);
        let b = find_items_within(&t, half, t.len(), 2, &mut budget);
        assert_eq!(b.len(), MAX_INLINE_PER_DOCUMENT - 750);
        assert_eq!(budget.first_dropped, Some(half + 25 * para.len()));
        // Spent and recorded: a further section is not even searched.
        assert!(find_items_within(&t, 0, half, 2, &mut budget).is_empty());
    }

    #[test]
    fn last_item_ends_with_paragraph() {
        let t = "一是抓落实。二是抓整改。\n下一段不属于条目。";
        let v = find_items(t, 0, t.len(), 2);
        assert_eq!(&t[v[1].start..v[1].end], "二是抓整改。");
    }
}
