//! GW411 paired-mark-dunhao.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
#[cfg(test)]
use regex::Regex;
#[cfg(test)]
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 并列的书名号、引号之间加了顿号：`《条例》、《办法》`、`“三农”、“四风”`。
    /// 中间有括注时（`《条例》（2024年修订）、《办法》`）顿号可以保留，不报。
    ///
    /// ## 为什么
    /// GB/T 15834 规定：标有引号或书名号的并列成分之间通常不用顿号。因标准用的是
    /// “通常”，且政府工作报告中加顿号的写法很普遍，默认级别为 info。
    ///
    /// ## 示例
    /// ```text
    /// 认真学习《中华人民共和国安全生产法》、《消防法》，落实“两个责任”、“三项制度”。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 认真学习《中华人民共和国安全生产法》《消防法》，落实“两个责任”“三项制度”。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只删去两个成对标点之间的顿号。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4.5.3.5；CHECKS.md GW-PUNCT-PAIRED-DUNHAO。
    pub struct PairedMarkDunhao;
}

/// The reference pattern; [`spans`] finds the same matches off the shared marks.
#[cfg(test)]
static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new("》、《|”、“").expect("dunhao regex"));

/// Spans of 》、《 and ”、“: each holds a 、, so only the 、 marks are looked at (two
/// such spans cannot overlap, so this equals the regex's `find_iter`).
fn spans(t: &str, dunhao: &[usize]) -> Vec<(usize, usize)> {
    let b = t.as_bytes();
    let at = |i: usize, s: &str| b.get(i..i + s.len()) == Some(s.as_bytes());
    dunhao
        .iter()
        .filter_map(|&d| {
            let s = d.checked_sub(3)?;
            ((at(s, "》") && at(d + 3, "《")) || (at(s, "”") && at(d + 3, "“")))
                .then_some((s, d + 6))
        })
        .collect()
}

impl PairedMarkDunhao {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let dunhao = ctx.marks.get(crate::check::scan::mark("、"));
        for (start, end) in spans(ctx.text, dunhao) {
            let text = &ctx.text[start..end];
            let d = start + "》".len();
            let f = ctx.finding(
                start,
                end,
                format!(
                    "并列的{}之间不用顿号",
                    if text.starts_with('》') {
                        "书名号"
                    } else {
                        "引号"
                    }
                ),
            );
            let fixed = text.replace('、', "");
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(d, d + "、".len(), "")],
                format!("改为“{fixed}”"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_scan_equals_the_regex() {
        let t = "《甲》、《乙》、“丙”、“丁”、戊、《己》、“庚”》、《、“》、“、\n、《辛》、";
        let m = crate::check::scan::Marks::new(t);
        let want: Vec<(usize, usize)> = RE.find_iter(t).map(|m| (m.start(), m.end())).collect();
        assert_eq!(want.len(), 3);
        assert_eq!(spans(t, m.get(crate::check::scan::mark("、"))), want);
    }
}
