//! GW416 nested-marks.

use crate::check::context::RuleContext;
use crate::check::scan::mark;
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
        let nl = ctx.marks.get(mark("\n"));
        for ((open, close), (open_id, close_id), inner, what) in [
            (('“', '”'), (mark("“"), mark("”")), ("‘", "’"), "引号"),
            (
                ('《', '》'),
                (mark("《"), mark("》")),
                ("〈", "〉"),
                "书名号",
            ),
        ] {
            let opens = ctx.marks.get(open_id);
            let closes = ctx.marks.get(close_id);
            // Cheap pass over the mark lists: a line needs a look only when two opening
            // marks follow each other with no closing mark and no line end between.
            let (mut ci, mut ni) = (0usize, 0usize);
            let mut last_line = usize::MAX;
            for w in opens.windows(2) {
                let (a, b) = (w[0], w[1]);
                while ci < closes.len() && closes[ci] < a {
                    ci += 1;
                }
                while ni < nl.len() && nl[ni] < a {
                    ni += 1;
                }
                let close_between = closes.get(ci).is_some_and(|&c| c < b);
                let nl_between = nl.get(ni).is_some_and(|&n| n < b);
                if close_between || nl_between {
                    continue;
                }
                let li = ctx.line_idx(a);
                if li == last_line {
                    continue;
                }
                last_line = li;
                let l = ctx.lines[li];
                nested_in_line(ctx, l.start, l.end, (open, close), inner, what, out);
            }
        }
    }
}

/// Report the inner pairs of fully paired two-level nestings on one line.
fn nested_in_line(
    ctx: &RuleContext,
    start: usize,
    end: usize,
    (open, close): (char, char),
    (inner_open, inner_close): (&str, &str),
    what: &str,
    out: &mut Vec<Finding>,
) {
    let t = ctx.text;
    let (open_len, close_len) = (open.len_utf8(), close.len_utf8());
    let mut stack: Vec<usize> = Vec::new();
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut deep = false;
    for (i, c) in t[start..end].char_indices() {
        let p = start + i;
        if c == open {
            stack.push(p);
            deep |= stack.len() > 2;
        } else if c == close {
            let Some(o) = stack.pop() else {
                continue;
            };
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
