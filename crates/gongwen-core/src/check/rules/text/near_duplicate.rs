//! GW403 near-duplicate-paragraph.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use rustc_hash::FxHashSet;

declare_rule! {
    /// ## 查什么
    /// 同一篇文档中几乎相同的两个段落（不少于 50 个字；按 4 字片段计算的 Jaccard
    /// 相似度不低于 0.8，但又不完全相同）。完全相同的句子由 GW402 报告。
    ///
    /// ## 为什么
    /// 段落级的复制粘贴（改了几个字再用一次）是“照抄往年”“拼凑材料”的典型痕迹。
    ///
    /// ## 示例
    /// ```text
    /// 一段写“全面推行河湖长制，全年巡河1200余人次，清理河道垃圾300余吨……”，
    /// 后文另一段只把“1200”改成“1300”，其余照抄。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 合并为一段，或把后一段改写为新的内容。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复。
    ///
    /// ## 依据
    /// 阿里智能审校“片段重复”；CHECKS.md GW-DUP。
    pub struct NearDuplicateParagraph;
}

/// Sampled 4-character shingle hashes of a paragraph, given as its code points without
/// white space (decoded once by the shared pass, `Marks::line_chars`), sorted and
/// deduplicated, appended to `out` (an arena shared by the paragraphs of a segment, so
/// one allocation serves them all). Keeping only hashes ≡ 0 mod 4 is the usual
/// mod-sampling: the Jaccard estimate stays unbiased and the work drops fourfold
/// (hand-written because no STACK crate does this small job).
fn shingles_into(cs: &[u32], out: &mut Vec<u64>) {
    const BASIS: u64 = 0xcbf29ce484222325;
    const PRIME: u64 = 0x100000001b3;
    let from = out.len();
    // FNV-1a over each 4-char window, the same hash as a fold over the window. Every
    // hash is written and the end moves on only for a kept one: about a quarter are
    // kept at random, which as a branch mispredicted often.
    out.resize(from + cs.len().saturating_sub(3), 0);
    let mut k = from;
    for w in cs.windows(4) {
        let h = ((((BASIS ^ w[0] as u64).wrapping_mul(PRIME) ^ w[1] as u64).wrapping_mul(PRIME)
            ^ w[2] as u64)
            .wrapping_mul(PRIME)
            ^ w[3] as u64)
            .wrapping_mul(PRIME);
        let h = h ^ (h >> 29);
        if let Some(slot) = out.get_mut(k) {
            *slot = h;
        }
        k += usize::from(h % 4 == 0);
    }
    out.truncate(k);
    let v = &mut out[from..];
    v.sort_unstable();
    let mut k = 0;
    for i in 0..v.len() {
        if i == 0 || v[i] != v[k - 1] {
            v[k] = v[i];
            k += 1;
        }
    }
    out.truncate(from + k);
}

/// [`shingles_into`] of a one-line text as its own vector (for the tests).
#[cfg(test)]
fn shingles(s: &str) -> Vec<u64> {
    let m = crate::check::scan::Marks::new(s);
    let mut v = Vec::new();
    shingles_into(m.line_chars(0), &mut v);
    v
}

/// The reference form of [`shingles`] (a fold over a char window), for the test.
#[cfg(test)]
fn shingles_ref(s: &str) -> Vec<u64> {
    let mut win = [0u32; 4];
    let mut n = 0usize;
    let mut out = Vec::new();
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        win = [win[1], win[2], win[3], c as u32];
        n += 1;
        if n >= 4 {
            let h = win.iter().fold(0xcbf29ce484222325u64, |h, &c| {
                (h ^ c as u64).wrapping_mul(0x100000001b3)
            });
            let h = h ^ (h >> 29);
            if h % 4 == 0 {
                out.push(h);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Bottom-k estimate of the Jaccard similarity of two sorted sets: of the k smallest
/// hashes of the union, the share found in both. Cheap filter before the exact count.
fn bottom_k(a: &[u64], b: &[u64], k: usize) -> f64 {
    // Branch-free merge step (the comparisons are coin flips, which as branches
    // mispredicted): an exhausted side reads u64::MAX, which no kept hash (≡ 0 mod 4)
    // equals, so it compares greater than every hash left on the other side.
    let (mut i, mut j, mut seen, mut both) = (0usize, 0usize, 0usize, 0usize);
    while seen < k && (i < a.len() || j < b.len()) {
        let x = a.get(i).copied().unwrap_or(u64::MAX);
        let y = b.get(j).copied().unwrap_or(u64::MAX);
        let (eq, lt) = (x == y, x < y);
        both += usize::from(eq);
        i += usize::from(eq | lt);
        j += usize::from(!lt);
        seen += 1;
    }
    if seen == 0 {
        0.0
    } else {
        both as f64 / seen as f64
    }
}

/// Size of the intersection of two sorted sets.
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0usize, 0usize, 0usize);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        // Branch-free step, as in `bottom_k`.
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(x >= y);
    }
    n
}

/// Earlier paragraphs each paragraph is compared with, at most. A real report has a
/// few hundred paragraphs of 50 characters or more, so this never binds on one; it
/// bounds hostile input, where the pairwise scan was quadratic (found in hardening: 20 000
/// paragraphs took 36 s in a debug build).
const WINDOW: usize = 1000;

impl NearDuplicateParagraph {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        // Paragraphs are compared only within one segment, and segments follow each
        // other in text order, so the candidates of the current segment are all that is
        // kept: (start, end, shingle range in `arena`).
        let mut arena: Vec<u64> = Vec::new();
        let mut paras: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut seg = usize::MAX;
        // A paragraph identical to an earlier one of the same segment is not kept as a
        // candidate: whatever matches it matches the earlier copy first (the scan goes
        // oldest first and stops at the first match), so findings do not change.
        let mut kept: FxHashSet<&str> = Default::default();
        for (li, l) in ctx.lines.iter().enumerate() {
            let text = ctx.line_text(l).trim();
            // 200 bytes or more is at least 50 chars (≤ 4 bytes each).
            if l.table || text.len() < 50 || text.len() < 200 && text.chars().count() < 50 {
                continue;
            }
            let doc = ctx.segment_of(l.start);
            if doc != seg {
                seg = doc;
                arena.clear();
                paras.clear();
                kept.clear();
            }
            let s0 = arena.len();
            // White space is skipped, so the trimmed text has the line's shingles.
            shingles_into(ctx.marks.line_chars(li), &mut arena);
            let s1 = arena.len();
            let sh = &arena[s0..s1];
            // The last WINDOW candidates of this segment (the bound on hostile input).
            let from = paras.len().saturating_sub(WINDOW);
            for &(ps, pe, a, b) in &paras[from..] {
                let psh = &arena[a..b];
                let small = sh.len().min(psh.len()) as f64;
                let big = sh.len().max(psh.len()) as f64;
                if small / big < 0.8 {
                    continue;
                }
                if bottom_k(sh, psh, 16) < 0.5 {
                    continue;
                }
                let inter = common(sh, psh) as f64;
                let jac = inter / (sh.len() as f64 + psh.len() as f64 - inter);
                if jac >= 0.8 && ctx.text[ps..pe].trim() != text {
                    let line = ctx.o.source.line_of(ctx.o.clean.to_raw(ps));
                    let lead = ctx.line_text(l).len() - ctx.line_text(l).trim_start().len();
                    let end = l.start + ctx.line_text(l).trim_end().len();
                    let mut f = ctx.finding(
                        l.start + lead,
                        end,
                        format!(
                            "段落与第{line}行的段落几乎相同（相似度{:.0}%）",
                            jac * 100.0
                        ),
                    );
                    f.suggestion = Some("合并或改写重复的段落".into());
                    out.push(f);
                    break;
                }
            }
            if kept.insert(text) {
                paras.push((l.start, l.end, s0, s1));
            } else {
                arena.truncate(s0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_from_the_shared_pass_match_the_reference() {
        let t = "全面推进乡村振兴，\u{3000}新建高标准农田1.2万亩、改造 农村公路35公里；\t𠀀é×\u{2003}完成投资2860万元。";
        assert_eq!(shingles(t), shingles_ref(t));
        assert!(!shingles(t).is_empty());
        // Line by line, with every kind of white space (U+0085, U+00A0, U+2028 …)
        // skipped and chars of 1 to 4 bytes.
        let mut doc = String::new();
        for cp in (0x09..0x3001u32)
            .step_by(7)
            .chain([0x85, 0xA0, 0x2028, 0x3000, 0x1F600])
        {
            if let Some(c) = char::from_u32(cp).filter(|&c| c != '\n') {
                doc.push(c);
                doc.push_str("统筹推进");
            }
            if cp % 5 == 0 {
                doc.push('\n');
            }
        }
        let m = crate::check::scan::Marks::new(&doc);
        for (i, line) in doc.split('\n').enumerate() {
            let mut got = Vec::new();
            shingles_into(m.line_chars(i), &mut got);
            assert_eq!(got, shingles_ref(line), "line {i}");
        }
    }

    #[test]
    fn branch_free_merges_equal_the_plain_ones() {
        fn bottom_k_ref(a: &[u64], b: &[u64], k: usize) -> f64 {
            let (mut i, mut j, mut seen, mut both) = (0, 0, 0, 0);
            while seen < k && (i < a.len() || j < b.len()) {
                match (a.get(i), b.get(j)) {
                    (Some(x), Some(y)) if x == y => {
                        both += 1;
                        i += 1;
                        j += 1;
                    }
                    (Some(x), Some(y)) if x < y => i += 1,
                    (Some(_), None) => i += 1,
                    _ => j += 1,
                }
                seen += 1;
            }
            if seen == 0 {
                0.0
            } else {
                both as f64 / seen as f64
            }
        }
        let texts = [
            "全面推行河湖长制，全年巡河1200余人次，清理河道垃圾300余吨。",
            "全面推行河湖长制，全年巡河1300余人次，清理河道垃圾300余吨。",
            "新建高标准农田1.2万亩，改造农村公路35公里，完成投资2860万元。",
            "",
            "一二三",
        ];
        let sets: Vec<Vec<u64>> = texts.iter().map(|t| shingles(t)).collect();
        for a in &sets {
            for b in &sets {
                for k in [0, 1, 4, 16, 100] {
                    assert_eq!(bottom_k(a, b, k), bottom_k_ref(a, b, k));
                }
                let want = a.iter().filter(|x| b.contains(x)).count();
                assert_eq!(common(a, b), want);
            }
        }
    }
}
