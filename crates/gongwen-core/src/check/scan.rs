//! The shared pre-pass of `check`: ONE Aho–Corasick pass over the clean text records
//! where every structural mark (line ends, sentence and clause punctuation, paired
//! marks, half-width punctuation) and every rule trigger character is. Lines, quotation
//! zones, sentences, pairing and the trigger windows of the pattern rules are all read
//! off these position lists instead of each rule walking the text char by char.
//!
//! Trigger windows: a pattern rule names the characters of which every match must hold
//! at least one (its triggers) and a [`Barrier`] set of punctuation that a match can
//! only hold as its last character. The barrier characters cut the text into windows
//! (each window ends just after one barrier), so every match lies inside exactly one
//! window, and only windows holding a trigger need the regex (see [`super::windowed`]).

use std::sync::LazyLock;

/// Every mark the pass records. A mark's index is its id ([`mark`]).
pub const MARKS: &[&str] = &[
    // structure (ids 0..8: also the barrier characters)
    "\n", "。", "！", "？", "；", "，", "、", "：", // paired marks
    "《", "》", "“", "”", "‘", "’", "（", "）", "【", "】", "〔", "〕",
    // half-width punctuation
    ",", ";", ":", "?", "!", ".", "(", ")", // triggers of the pattern rules
    "X", "x", "Ｘ", "×", "＊", "*", "_", "＿", "近", "上", "超", "下", "左", "余", "多", "月", "%",
    "％", "于", "率", "十", "百", "千", "０", "１", "２", "３", "４", "５", "６", "７", "８", "９",
    "-", "－", "件", "起", "宗", "元", "～", "~", "—", "至", "几", "年",
    // triggers of GW317/GW318/GW415 (倍, 〇, the look-alike dash ―) and of the word
    // lists of GW320 fixed-term and GW417 redundant (`rules::TriggerList`: each entry's
    // rarest char, named in its data file; tests check that every one is listed here)
    "倍", "〇", "―", "农", "风", "五", "确", "维", "识", "信", "面", "位", "严", "课", "重", "岗",
    "规", "攻", "去", "愁", "摘", "带", "共", "拆", "稳", "最", "费", "手", "涉", "了", "凯", "睹",
    "悬", "致", "申", "溺", "恢", "状", "因", "每",
];

/// The id of a mark (compile-time lookup: `const NL: usize = mark("\n");`).
pub const fn mark(s: &str) -> usize {
    let mut i = 0;
    while i < MARKS.len() {
        let (a, b) = (MARKS[i].as_bytes(), s.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a mark")
}

/// Ids of the barrier characters (the first eight marks).
const BARRIER_IDS: usize = 8;

/// Per BMP code point (all marks are in the BMP): low byte = mark id + 1 (0: no mark),
/// bit 8 = some word-list entry starts with this char. A 128 KiB table, so the pass is
/// one table load per character. Hand-written because the marks are single chars and
/// dense (every few chars), where an automaton pays per match; this is a plain decode.
static ENTRY: LazyLock<Box<[u16; 0x10000]>> = LazyLock::new(|| {
    let mut t: Box<[u16; 0x10000]> = Box::new([0u16; 0x10000]);
    for (id, m) in MARKS.iter().enumerate() {
        let mut cs = m.chars();
        if let (Some(c), None) = (cs.next(), cs.next()) {
            if let Some(slot) = t.get_mut(c as usize) {
                *slot = id as u16 + 1;
            }
        }
    }
    if let Some(first) = super::lexicon::first_chars() {
        for (cp, &f) in first.iter().enumerate() {
            if f {
                if let Some(slot) = t.get_mut(cp) {
                    *slot |= LEX_FLAG;
                }
            }
        }
    }
    for c in SEPARATORS {
        t[c as usize] |= SEP_FLAG;
    }
    // Every Unicode white-space char is in the BMP (the highest is U+3000).
    for (cp, slot) in t.iter_mut().enumerate() {
        if char::from_u32(cp as u32).is_some_and(char::is_whitespace) {
            *slot |= WS_FLAG;
        }
    }
    t
});
const LEX_FLAG: u16 = 0x100;
const SEP_FLAG: u16 = 0x200;
const WS_FLAG: u16 = 0x400;
/// The cell separators of a figure-table line (`context::is_table_line`): a line
/// without any of them is prose.
const SEPARATORS: [char; 4] = ['\t', '|', ' ', '\u{3000}'];

/// Sorted byte offsets of each mark in one text.
#[derive(Debug, Default)]
pub struct Marks {
    pos: Vec<Vec<usize>>,
    /// The barrier characters in text order: (offset, id).
    bars: Vec<(usize, u8)>,
    /// Offsets of chars that start a word-list entry ([`super::lexicon::scan_at`]).
    lex: Vec<usize>,
    /// Offsets of Han-block chars whose three bytes recur 6, 9 or 12 bytes on (the
    /// candidates of `repeated-word`, found in this pass for free).
    rep: Vec<usize>,
    /// Offsets of the table-cell separators (tab, `|`, space, U+3000).
    sep: Vec<usize>,
    /// The code points of the text without its white space, in order (what the
    /// near-duplicate shingles hash), and for each `\n` the length of `chars` there.
    chars: Vec<u32>,
    nl_chars: Vec<usize>,
}

impl Marks {
    pub fn new(text: &str) -> Self {
        let mut m = Marks {
            pos: vec![Vec::new(); MARKS.len()],
            bars: Vec::new(),
            lex: Vec::new(),
            rep: Vec::new(),
            sep: Vec::new(),
            chars: Vec::with_capacity(text.len() / 2 + 1),
            nl_chars: Vec::new(),
        };
        let entry: &[u16; 0x10000] = &ENTRY;
        let b = text.as_bytes();
        let n = b.len();
        let mut p = 0;
        // `text` is valid UTF-8: a lead byte's continuation bytes are in range.
        while p < n {
            let b0 = b[p];
            // Fast path for a 3-byte char (CJK) with 15 bytes in view: one bounds check
            // serves the decode and the repeat test; the same steps as the general path.
            if (0xE0..0xF0).contains(&b0) {
                if let Some(w) = b.get(p..p + 15).and_then(|w| <&[u8; 15]>::try_from(w).ok()) {
                    if (0xE3..=0xE9).contains(&b0) {
                        // Two bytes at a time and no early exit: the lead bytes of Han
                        // chars agree often, which made a byte-wise test mispredict.
                        let head = u16::from_le_bytes([w[0], w[1]]);
                        let s = |k: usize| {
                            (u16::from_le_bytes([w[k], w[k + 1]]) == head) & (w[k + 2] == w[2])
                        };
                        if s(6) | s(9) | s(12) {
                            m.rep.push(p);
                        }
                    }
                    let cp = (((w[0] & 0x0F) as usize) << 12)
                        | (((w[1] & 0x3F) as usize) << 6)
                        | (w[2] & 0x3F) as usize;
                    let e = entry[cp & 0xFFFF];
                    if e & WS_FLAG == 0 {
                        m.chars.push(cp as u32);
                    }
                    if e != 0 {
                        m.record(p, e);
                    }
                    p += 3;
                    continue;
                }
            }
            let (cp, len) = if (0xE0..0xF0).contains(&b0) && p + 3 <= n {
                // The common case (CJK): one slice check, then plain loads.
                let w = &b[p..p + 3];
                if (0xE3..=0xE9).contains(&w[0]) && p + 9 <= n && repeats(b, p) {
                    m.rep.push(p);
                }
                (
                    (((w[0] & 0x0F) as usize) << 12)
                        | (((w[1] & 0x3F) as usize) << 6)
                        | (w[2] & 0x3F) as usize,
                    3,
                )
            } else if b0 < 0x80 {
                (b0 as usize, 1)
            } else if (0xC0..0xE0).contains(&b0) {
                let b1 = b.get(p + 1).copied().unwrap_or(0);
                ((((b0 & 0x1F) as usize) << 6) | (b1 & 0x3F) as usize, 2)
            } else {
                // Four-byte chars (no marks there); anything else cannot occur.
                if b0 >= 0xF0 {
                    if let Some(&[_, b1, b2, b3]) = b.get(p..p + 4) {
                        m.chars.push(
                            ((b0 & 0x07) as u32) << 18
                                | ((b1 & 0x3F) as u32) << 12
                                | ((b2 & 0x3F) as u32) << 6
                                | (b3 & 0x3F) as u32,
                        );
                    }
                    p += 4;
                } else {
                    p += 1;
                }
                continue;
            };
            let e = entry[cp & 0xFFFF];
            if e & WS_FLAG == 0 {
                m.chars.push(cp as u32);
            }
            if e != 0 {
                m.record(p, e);
            }
            p += len;
        }
        m
    }

    #[inline(always)]
    fn record(&mut self, p: usize, e: u16) {
        if e & LEX_FLAG != 0 {
            self.lex.push(p);
        }
        if e & SEP_FLAG != 0 {
            self.sep.push(p);
        }
        let id = (e & 0xFF) as usize;
        if id != 0 {
            self.pos[id - 1].push(p);
            if id == 1 {
                // `\n` (mark 0): where this line's chars end.
                self.nl_chars.push(self.chars.len());
            }
            if id - 1 < BARRIER_IDS {
                self.bars.push((p, (id - 1) as u8));
            }
        }
    }

    /// Offsets of the Han-block chars whose bytes recur 6, 9 or 12 bytes on, sorted.
    pub fn repeat_candidates(&self) -> &[usize] {
        &self.rep
    }

    /// The code points of line `i` (the `i`-th `\n`-separated line) without white
    /// space, decoded once here for the near-duplicate shingles.
    pub fn line_chars(&self, i: usize) -> &[u32] {
        let start = if i == 0 {
            0
        } else {
            self.nl_chars
                .get(i - 1)
                .copied()
                .unwrap_or(self.chars.len())
        };
        let end = self.nl_chars.get(i).copied().unwrap_or(self.chars.len());
        self.chars.get(start..end).unwrap_or(&[])
    }

    /// Offsets of the table-cell separators (tab, `|`, space, U+3000), sorted.
    pub fn separators(&self) -> &[usize] {
        &self.sep
    }

    /// Offsets of the chars that start a word-list entry, sorted.
    pub fn lexicon_candidates(&self) -> &[usize] {
        &self.lex
    }

    /// Positions of mark `id`, sorted.
    pub fn get(&self, id: usize) -> &[usize] {
        self.pos.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Positions of several marks merged, sorted, each with its mark id (a k-way merge
    /// of the sorted lists: linear, no sort).
    pub fn merged(&self, ids: &[usize]) -> Vec<(usize, usize)> {
        if ids.iter().all(|&id| id < BARRIER_IDS) {
            // Barrier marks are also kept in one ordered list: filter it.
            let mut want = [false; BARRIER_IDS];
            for &id in ids {
                want[id] = true;
            }
            return self
                .bars
                .iter()
                .filter(|&&(_, id)| want[id as usize])
                .map(|&(p, id)| (p, id as usize))
                .collect();
        }
        let lists: Vec<&[usize]> = ids.iter().map(|&id| self.get(id)).collect();
        let mut at = vec![0usize; lists.len()];
        let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
        loop {
            let mut best: Option<(usize, usize)> = None;
            for (k, l) in lists.iter().enumerate() {
                if let Some(&p) = l.get(at[k]) {
                    if best.is_none_or(|(bp, _)| p < bp) {
                        best = Some((p, k));
                    }
                }
            }
            let Some((p, k)) = best else { break };
            at[k] += 1;
            out.push((p, ids[k]));
        }
        out
    }
}

/// Do the three bytes at `p` recur at `p + 6`, `p + 9` or `p + 12`? (`p + 9 <= b.len()`.)
#[inline]
fn repeats(b: &[u8], p: usize) -> bool {
    let same = |k: usize| {
        b.get(p + k..p + k + 3)
            .is_some_and(|w| w[0] == b[p] && w[1] == b[p + 1] && w[2] == b[p + 2])
    };
    match b.get(p..p + 15).and_then(|w| <&[u8; 15]>::try_from(w).ok()) {
        Some(w) => {
            let s = |k: usize| w[0] == w[k] && w[1] == w[k + 1] && w[2] == w[k + 2];
            s(6) || s(9) || s(12)
        }
        None => same(6) || same(9) || same(12),
    }
}

/// Which punctuation cuts the text into trigger windows for one pattern. A rule may use
/// a set only when its pattern can hold those characters at most as its LAST character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Barrier {
    /// `\n 。 ！ ？ ； ， 、 ：`
    All,
    /// All but `、` (patterns such as `1、2个`).
    NoDunhao,
    /// `， 。 ； 、` (patterns with `[^，。；、…]` gaps, which may span `\n` or `：`).
    Clause,
    /// `， 。 ；`
    ClauseNoDunhao,
    /// `。 ；`
    Sentence,
}

impl Barrier {
    pub const COUNT: usize = 5;

    pub fn index(self) -> usize {
        self as usize
    }

    /// The mark ids of the set.
    pub fn ids(self) -> &'static [usize] {
        const NL: usize = mark("\n");
        const JU: usize = mark("。");
        const GT: usize = mark("！");
        const WN: usize = mark("？");
        const FE: usize = mark("；");
        const DO: usize = mark("，");
        const DU: usize = mark("、");
        const MA: usize = mark("：");
        match self {
            Barrier::All => &[NL, JU, GT, WN, FE, DO, DU, MA],
            Barrier::NoDunhao => &[NL, JU, GT, WN, FE, DO, MA],
            Barrier::Clause => &[DO, JU, FE, DU],
            Barrier::ClauseNoDunhao => &[DO, JU, FE],
            Barrier::Sentence => &[JU, FE],
        }
    }

    /// The barrier positions of a text as (start, end) byte ranges, sorted.
    pub fn positions(self, marks: &Marks) -> Vec<(usize, usize)> {
        let mut want = [false; BARRIER_IDS];
        for &id in self.ids() {
            want[id] = true;
        }
        marks
            .bars
            .iter()
            .filter(|&&(_, id)| want[id as usize])
            .map(|&(p, id)| (p, p + MARKS[id as usize].len()))
            .collect()
    }
}

/// The windows holding the sorted trigger offsets `triggers`: each window runs from the
/// end of one barrier to the end of the next one (or the text's ends), deduplicated,
/// and adjacent windows joined into one span. Joining is exact: a match never crosses
/// a window's end (it holds a barrier only as its last char), so a search over the
/// joined span finds the same matches as one search per window, with fewer calls.
pub fn windows(
    text_len: usize,
    triggers: &[usize],
    barriers: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut j = 0;
    for &q in triggers {
        while j < barriers.len() && barriers[j].0 < q {
            j += 1;
        }
        let start = if j == 0 { 0 } else { barriers[j - 1].1 };
        let end = barriers.get(j).map(|b| b.1).unwrap_or(text_len);
        match out.last_mut() {
            // The same window as the last trigger's.
            Some(last) if last.1 == end => {}
            Some(last) if last.1 == start => last.1 = end,
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_finds_every_mark() {
        let t = "全年完成投资3.2亿元，增长5%；其中：“一网通办”事项X项。\n下半年";
        let m = Marks::new(t);
        assert_eq!(m.get(mark("，")), &[t.find('，').unwrap()]);
        assert_eq!(m.get(mark("%")), &[t.find('%').unwrap()]);
        assert_eq!(m.get(mark("X")), &[t.find('X').unwrap()]);
        assert_eq!(m.get(mark(".")), &[t.find('.').unwrap()]);
        assert_eq!(m.get(mark("\n")).len(), 1);
        assert_eq!(m.get(mark("上")).len(), 0);
        assert_eq!(m.get(mark("下")).len(), 1);
        assert_eq!(m.get(mark("元")).len(), 1);
    }

    #[test]
    fn table_pass_equals_naive_search() {
        let t = "×2𠀀，Ｘ近上ab-－０９%％\n“《》”（）é于率十百千件起宗元。！？；、：,;:?!.()xX*_＿＊【】〔〕‘’";
        let m = Marks::new(t);
        for (id, mk) in MARKS.iter().enumerate() {
            let want: Vec<usize> = t.match_indices(mk).map(|(i, _)| i).collect();
            assert_eq!(m.get(id), &want[..], "{mk}");
        }
        let t2 = "乡镇\t人数 | 比例\u{3000}城关镇 1203";
        let want: Vec<usize> = t2
            .match_indices(|c| SEPARATORS.contains(&c))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(Marks::new(t2).separators(), &want[..]);
    }

    #[test]
    fn marks_and_repeats_at_every_alignment() {
        // Every mark and repeat candidate is found whatever the offset of the text's
        // chars and however close to the end they sit.
        let core = "推进推进工作，“一网通办”事项X项。十百千年月于率％；近上超下";
        for pad in 0..20 {
            let t = format!("{}{core}", "a".repeat(pad));
            let m = Marks::new(&t);
            let rep: Vec<usize> = t
                .char_indices()
                .filter(|&(i, c)| {
                    let b = t.as_bytes();
                    c.len_utf8() == 3
                        && (0xE3..=0xE9).contains(&b[i])
                        && i + 9 <= b.len()
                        && repeats(b, i)
                })
                .map(|(i, _)| i)
                .collect();
            assert_eq!(m.repeat_candidates(), &rep[..], "pad {pad}");
            for (id, mk) in MARKS.iter().enumerate() {
                let want: Vec<usize> = t.match_indices(mk).map(|(i, _)| i).collect();
                assert_eq!(m.get(id), &want[..], "{mk} pad {pad}");
            }
        }
    }

    #[test]
    fn merged_lists_are_in_text_order() {
        let t = "上半年，增长5%；上升3%，\n下降。";
        let m = Marks::new(t);
        for ids in [
            vec![mark("上"), mark("%"), mark("，")],
            vec![mark("，"), mark("；"), mark("\n")],
        ] {
            let mut want: Vec<(usize, usize)> = ids
                .iter()
                .flat_map(|&id| m.get(id).iter().map(move |&p| (p, id)))
                .collect();
            want.sort_unstable();
            assert_eq!(m.merged(&ids), want);
        }
    }

    #[test]
    fn windows_end_after_a_barrier() {
        let t = "甲乙，丙丁。戊己";
        let m = Marks::new(t);
        let b = Barrier::All.positions(&m);
        let dou = t.find('，').unwrap();
        let ju = t.find('。').unwrap();
        // A trigger in each part; two in the last part give one window; adjacent
        // windows are one span.
        let w = windows(t.len(), &[0, dou + 3, t.len() - 6, t.len() - 3], &b);
        assert_eq!(w, vec![(0, t.len())]);
        // Windows with a window between them stay apart.
        let w = windows(t.len(), &[0, t.len() - 3], &b);
        assert_eq!(w, vec![(0, dou + 3), (ju + 3, t.len())]);
        // A trigger right on a window start.
        let w = windows(t.len(), &[ju + 3], &b);
        assert_eq!(w, vec![(ju + 3, t.len())]);
    }
}
