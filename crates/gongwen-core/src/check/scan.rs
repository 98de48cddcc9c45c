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
    t
});
const LEX_FLAG: u16 = 0x100;

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
}

impl Marks {
    pub fn new(text: &str) -> Self {
        let mut m = Marks {
            pos: vec![Vec::new(); MARKS.len()],
            bars: Vec::new(),
            lex: Vec::new(),
            rep: Vec::new(),
        };
        let entry: &[u16; 0x10000] = &ENTRY;
        let b = text.as_bytes();
        let n = b.len();
        let mut p = 0;
        // `text` is valid UTF-8: a lead byte's continuation bytes are in range.
        while p < n {
            let b0 = b[p];
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
                p += if b0 >= 0xF0 { 4 } else { 1 };
                continue;
            };
            let e = entry[cp & 0xFFFF];
            if e != 0 {
                m.record(p, e);
            }
            p += len;
        }
        m
    }

    #[inline]
    fn record(&mut self, p: usize, e: u16) {
        if e & LEX_FLAG != 0 {
            self.lex.push(p);
        }
        let id = (e & 0xFF) as usize;
        if id != 0 {
            self.pos[id - 1].push(p);
            if id - 1 < BARRIER_IDS {
                self.bars.push((p, (id - 1) as u8));
            }
        }
    }

    /// Offsets of the Han-block chars whose bytes recur 6, 9 or 12 bytes on, sorted.
    pub fn repeat_candidates(&self) -> &[usize] {
        &self.rep
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
/// end of one barrier to the end of the next one (or the text's ends), deduplicated.
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
        if out.last() != Some(&(start, end)) {
            out.push((start, end));
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
        // A trigger in each part; two in the last part give one window.
        let w = windows(t.len(), &[0, dou + 3, t.len() - 6, t.len() - 3], &b);
        assert_eq!(w, vec![(0, dou + 3), (dou + 3, ju + 3), (ju + 3, t.len())]);
        // A trigger right on a window start.
        let w = windows(t.len(), &[ju + 3], &b);
        assert_eq!(w, vec![(ju + 3, t.len())]);
    }
}
