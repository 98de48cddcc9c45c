//! GW416 nested-marks.

use crate::check::context::RuleContext;
use crate::check::scan::{mark, MARKS};
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 引号、书名号套用时内外层用错：双引号里又用双引号（`“落实“两个确立”要求”`），
    /// 书名号里又用书名号（`《关于印发《…》的通知》`）。只报告在同一段内完整配对的
    /// 两层嵌套；配对不全的交给 GW404，引号与书名号互相套用（`《关于加强“三资”管理的通知》`）
    /// 是正确的，不报。
    ///
    /// ## 为什么
    /// GB/T 15834 §4.8：引号里面还要用引号时，外面一层用双引号，里面一层用单引号；
    /// §4.15：书名号里边还要用书名号时，外面一层用双书名号，里边一层用单书名号。
    ///
    /// ## 示例
    /// ```text
    /// 全镇开展“深刻领悟“两个确立”决定性意义”专题学习，认真贯彻《关于印发《乡村建设行动实施方案》的通知》。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全镇开展“深刻领悟‘两个确立’决定性意义”专题学习，认真贯彻《关于印发〈乡村建设行动实施方案〉的通知》。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只替换内层的一对符号（“” → ‘’，《》 → 〈〉），且仅在两层都在同一段内配对时。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4.8 引号、§4.15 书名号；CHECKS.md GW-PUNCT-NEST。
    pub struct NestedMarks;
}

impl NestedMarks {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let nl = mark("\n");
        for (open, close, inner_open, inner_close, what) in [
            (mark("“"), mark("”"), "‘", "’", "引号"),
            (mark("《"), mark("》"), "〈", "〉", "书名号"),
        ] {
            if ctx.marks.get(open).is_empty() {
                continue;
            }
            let close_len = MARKS[close].len();
            let open_len = MARKS[open].len();
            // Open marks of the current line, and inner pairs waiting for the outer close.
            let mut stack: Vec<usize> = Vec::new();
            let mut pending: Vec<(usize, usize)> = Vec::new();
            let mut deep = false;
            for (p, id) in ctx.marks.merged(&[open, close, nl]) {
                if id == nl {
                    stack.clear();
                    pending.clear();
                    deep = false;
                } else if id == open {
                    stack.push(p);
                    deep |= stack.len() > 2;
                } else if let Some(o) = stack.pop() {
                    if stack.len() == 1 && !deep {
                        pending.push((o, p));
                    } else if stack.is_empty() {
                        if !deep {
                            for &(io, ic) in &pending {
                                let f = ctx.finding(
                                    io,
                                    ic + close_len,
                                    format!(
                                        "{what}内再用{what}，内层应为“{inner_open}{inner_close}”：{}",
                                        &t[io..ic + close_len]
                                    ),
                                );
                                out.push(RuleContext::with_fix(
                                    f,
                                    Applicability::Safe,
                                    vec![
                                        ctx.edit(io, io + open_len, inner_open),
                                        ctx.edit(ic, ic + close_len, inner_close),
                                    ],
                                    format!("内层改为“{inner_open}…{inner_close}”"),
                                ));
                            }
                        }
                        pending.clear();
                        deep = false;
                    }
                }
            }
        }
    }
}
