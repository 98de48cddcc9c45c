//! GW210 enum-punctuation.

use crate::check::context::{char_at, char_before, RuleContext};
use crate::check::scan::mark;
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 段内序次语后面的标点用错：`第一、` `其二、` `首先、` `其次、` `最后、`（应为逗号），
    /// `一是：` `二要：`（“一是”后不加标点）。只看位于句首或分句开头的序次语；
    /// 排名和缩略并列（`全省第一、第二`、`第一、二季度`、`第一、三产业`、`质量第一、效益优先`）
    /// 不报，引文、书名号和表格中的不报。
    ///
    /// ## 为什么
    /// GB/T 15834 附录B 序次语之后的标点：“第一”“其一”“首先”“其次”等词语之后用逗号；
    /// “一是”“二是”本身已是句子成分，后面直接接内容，不加冒号。
    ///
    /// ## 示例
    /// ```text
    /// 下一步，我们将重点抓好三项工作。第一、强化组织领导；其次、完善考核机制。
    /// 主要做法：一是：建立周调度制度；二是：实行清单化管理。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 下一步，我们将重点抓好三项工作。第一，强化组织领导；其次，完善考核机制。
    /// 主要做法：一是建立周调度制度；二是实行清单化管理。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：“、”换成“，”，或删去“一是”后的冒号。
    ///
    /// ## 依据
    /// GB/T 15834-2011 附录B（序次语之后的标点）；CHECKS.md GW-ENUM-PUNCT。
    pub struct EnumPunctuation;
}

/// The char ending at `p`, if it is one that an ordinal can end with (一…十, 先, 次, 后),
/// tested on the raw bytes: most 、 follow other words and cost one comparison.
fn ordinal_last_at(b: &[u8], p: usize) -> bool {
    const fn key(c: char) -> u32 {
        let v = c as u32;
        (0xE0 | (v >> 12)) << 16 | (0x80 | ((v >> 6) & 0x3F)) << 8 | (0x80 | (v & 0x3F))
    }
    const K: [u32; 13] = [
        key('一'),
        key('二'),
        key('三'),
        key('四'),
        key('五'),
        key('六'),
        key('七'),
        key('八'),
        key('九'),
        key('十'),
        key('先'),
        key('次'),
        key('后'),
    ];
    if p < 3 || b[p - 3] < 0xE4 || b[p - 3] > 0xE6 {
        return false;
    }
    let k = (b[p - 3] as u32) << 16 | (b[p - 2] as u32) << 8 | b[p - 1] as u32;
    K.contains(&k)
}

fn is_cn(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// A clause start: text start, line start, sentence or clause punctuation, spaces.
fn clause_start(c: Option<char>) -> bool {
    c.is_none_or(|c| "。；：，！？;:,\n 　（(".contains(c))
}

/// The sequence word ending at `end` (before a 、): 第一…第十九, 其一…其十, 首先, 其次,
/// 再次, 最后; returns its start.
fn ordinal_before(t: &str, end: usize) -> Option<usize> {
    // Most 、 follow an ordinary word: one char test rejects them.
    let last = char_before(t, end)?;
    if !is_cn(last) && !matches!(last, '先' | '次' | '后') {
        return None;
    }
    for w in ["首先", "其次", "再次", "最后"] {
        if t[..end].ends_with(w) {
            return Some(end - w.len());
        }
    }
    // 第/其 + one to three Chinese numerals.
    let mut s = end;
    let mut n = 0;
    while let Some(c) = char_before(t, s) {
        if n < 3 && is_cn(c) {
            s -= c.len_utf8();
            n += 1;
        } else {
            break;
        }
    }
    if n == 0 {
        return None;
    }
    match char_before(t, s) {
        Some(p @ ('第' | '其')) => Some(s - p.len_utf8()),
        _ => None,
    }
}

impl EnumPunctuation {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // 第一、 / 首先、: triggered by the 、 mark, a Han char before it.
        let b = t.as_bytes();
        for &p in ctx.marks.get(mark("、")) {
            if !ordinal_last_at(b, p) {
                continue;
            }
            let Some(s) = ordinal_before(t, p) else {
                continue;
            };
            if !clause_start(char_before(t, s)) || ctx.skip(p) {
                continue;
            }
            // 第一、二季度 / 第一、第二 / 第一、三产业: a list of ordinals, not an enumerator.
            let next = char_at(t, p + "、".len());
            if next.is_none_or(|c| is_cn(c) || c == '第' || c == '\n' || c.is_ascii_digit()) {
                continue;
            }
            let word = &t[s..p];
            let f = ctx.finding(
                s,
                p + "、".len(),
                format!("序次语“{word}”后应用逗号，不用顿号"),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(p, p + "、".len(), "，")],
                format!("改为“{word}，”"),
            ));
        }
        // 一是： / 二要： (full- or half-width colon).
        for (p, id) in ctx.marks.merged(&[mark("："), mark(":")]) {
            let len = crate::check::scan::MARKS[id].len();
            let Some(v @ ('是' | '要')) = char_before(t, p) else {
                continue;
            };
            let mut s = p - v.len_utf8();
            let mut n = 0;
            while let Some(c) = char_before(t, s) {
                if n < 2 && is_cn(c) {
                    s -= c.len_utf8();
                    n += 1;
                } else {
                    break;
                }
            }
            if n == 0 || !clause_start(char_before(t, s)) || ctx.skip(p) {
                continue;
            }
            // A colon that ends the line introduces a list below: still wrong, but the
            // fix would glue two lines; report only when text follows on the line.
            if char_at(t, p + len).is_none_or(|c| c == '\n') {
                continue;
            }
            let word = &t[s..p];
            let f = ctx.finding(s, p + len, format!("“{word}”后不加冒号，直接接所列内容"));
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(p, p + len, "")],
                format!("删去冒号，写作“{word}…”"),
            ));
        }
    }
}
