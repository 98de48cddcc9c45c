//! GW204 enumeration-sequence.

use super::headings;
use crate::check::context::{char_at, char_before, cn_num, cn_numeral, RuleContext};
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 段内列举（一是…二是…三是…）的错误：跳号（一是…三是）、重号、不从“一是”开始、
    /// 只有孤零零一个“一是”、以及格式中途走样（一是…二注重，应为“二是注重”）。
    /// 以一个标题到下一个标题之间的文字为一组；组内从“一是”重新开始视为新的列举。
    ///
    /// ## 为什么
    /// “一是、二是”是总结里最常见的列举方式，删改时最易漏号、错号；只有“一是”
    /// 没有“二是”说明列举不完整或多余。
    ///
    /// ## 示例
    /// ```text
    /// 一是强化组织领导；二注重宣传引导；四是加强督促检查。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 一是强化组织领导；二是注重宣传引导；三是加强督促检查。
    /// ```
    ///
    /// ## 修复安全性
    /// “二注重”补“是”为不安全修复（需确认原意）；跳号、孤项只报告。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条；CHECKS.md GW-ENUM-SEQ。
    pub struct EnumerationSequence;
}

static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[一二三四五六七八九十]{1,2}是").expect("enum regex"));
/// Verbs that start an item written without 是 (二注重 for 二是注重).
const VERBS: &[&str] = &[
    "注重", "加强", "强化", "抓好", "推进", "深化", "完善", "坚持", "突出", "做好", "狠抓", "提升",
    "优化", "聚焦", "落实", "严格", "扎实", "全面", "持续", "积极", "着力", "加快", "健全", "建立",
    "开展", "实施", "推动", "压实", "筑牢", "夯实", "创新", "规范", "加大", "深入", "切实", "认真",
    "大力", "不断",
];

fn boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| "。；：，！？;:,\n 　（）()、".contains(c))
}

impl EnumerationSequence {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let hs = headings(ctx);
        let mut bounds: Vec<usize> = hs.iter().map(|h| h.start).collect();
        bounds.extend(ctx.doc_starts().iter().map(|d| d.0));
        bounds.push(t.len());
        bounds.sort_unstable();
        bounds.dedup();
        let mut prev = 0usize;
        for &b in &bounds {
            if b > prev {
                check_block(ctx, prev, b, out);
            }
            prev = b;
        }
    }
}

fn check_block(ctx: &RuleContext, s: usize, e: usize, out: &mut Vec<Finding>) {
    let t = ctx.text;
    let block = &t[s..e];
    let mut items: Vec<(usize, usize, u32)> = Vec::new();
    for m in ITEM.find_iter(block) {
        let (ms, me) = (s + m.start(), s + m.end());
        if !boundary(char_before(t, ms)) || ctx.skip(ms) {
            continue;
        }
        let num = &t[ms..me - "是".len()];
        if let Some(n) = cn_num(num) {
            items.push((ms, me, n));
        }
    }
    if items.is_empty() {
        return;
    }
    let mut i = 0;
    while i < items.len() {
        // One series: from an 一是 (or the first item) up to the next 一是.
        let j = items[i + 1..]
            .iter()
            .position(|x| x.2 == 1)
            .map(|k| i + 1 + k)
            .unwrap_or(items.len());
        let series = &items[i..j];
        let series_end = items.get(j).map(|x| x.0).unwrap_or(e);
        if series[0].2 != 1 {
            let (ms, me, n) = series[0];
            let mut f = ctx.finding(
                ms,
                me,
                format!("列举从“{}是”开始，前面没有“一是”", cn_numeral(n)),
            );
            f.suggestion = Some("核对列举序号".into());
            out.push(f);
        }
        let mut expect = series[0].2 + 1;
        let mut cursor = series[0].1;
        let mut count = 1;
        for &(ms, me, n) in &series[1..] {
            // Look for the expected item written without 是 between cursor and this item.
            if n != expect {
                if let Some((fs, fe)) = find_bare(t, cursor, ms, expect) {
                    let word = &t[fs..fe];
                    let fixed = format!("{}是", &t[fs..fs + cn_numeral(expect).len()]);
                    let mut f = ctx.finding(
                        fs,
                        fs + cn_numeral(expect).len(),
                        format!("列举格式不一致：“{word}”应为“{}是…”", cn_numeral(expect)),
                    );
                    f.suggestion = Some(format!("改为“{fixed}”"));
                    f.fix = Some(crate::model::Fix {
                        applicability: Applicability::Unsafe,
                        edits: vec![crate::model::Edit {
                            start: f.start,
                            end: f.end,
                            replacement: fixed,
                        }],
                    });
                    out.push(f);
                    expect += 1;
                    count += 1;
                }
            }
            if n == expect {
                expect += 1;
            } else if n + 1 == expect {
                let mut f =
                    ctx.finding(ms, me, format!("列举序号重复：又一个“{}是”", cn_numeral(n)));
                f.suggestion = Some(format!("核对是否应为“{}是”", cn_numeral(expect)));
                out.push(f);
            } else if n > expect {
                let mut f = ctx.finding(
                    ms,
                    me,
                    format!(
                        "列举序号跳号：应为“{}是”，此处为“{}是”",
                        cn_numeral(expect),
                        cn_numeral(n)
                    ),
                );
                f.suggestion = Some(format!("改为“{}是”或补上缺少的项", cn_numeral(expect)));
                out.push(f);
                expect = n + 1;
            }
            cursor = me;
            count += 1;
        }
        if let Some((fs, fe)) = find_bare(t, cursor, series_end, expect) {
            let word = &t[fs..fe];
            let fixed = format!("{}是", cn_numeral(expect));
            let mut f = ctx.finding(
                fs,
                fs + cn_numeral(expect).len(),
                format!("列举格式不一致：“{word}”应为“{fixed}…”"),
            );
            f.suggestion = Some(format!("改为“{fixed}”"));
            f.fix = Some(crate::model::Fix {
                applicability: Applicability::Unsafe,
                edits: vec![crate::model::Edit {
                    start: f.start,
                    end: f.end,
                    replacement: fixed,
                }],
            });
            out.push(f);
            count += 1;
        }
        if count == 1 && series[0].2 == 1 {
            let (ms, me, _) = series[0];
            let mut f = ctx.finding(ms, me, "只有“一是”，没有“二是”：列举不完整");
            f.suggestion = Some("补全列举，或删去“一是”".into());
            out.push(f);
        }
        i = j;
    }
}

/// Find `expect` as a numeral right after a boundary and followed by an item verb
/// (二注重) in `t[from..to]`; returns the span numeral+verb.
fn find_bare(t: &str, from: usize, to: usize, expect: u32) -> Option<(usize, usize)> {
    let num = cn_numeral(expect);
    let hay = t.get(from..to)?;
    let mut k = 0;
    while let Some(i) = hay[k..].find(num.as_str()) {
        let at = from + k + i;
        let after = at + num.len();
        k += i + num.len();
        if !boundary(char_before(t, at)) || char_at(t, after) == Some('是') {
            continue;
        }
        if let Some(v) = VERBS.iter().find(|v| t[after..].starts_with(**v)) {
            return Some((at, after + v.len()));
        }
    }
    None
}
