//! GW203 heading-sequence.

use super::{headings, show};
use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;

declare_rule! {
    /// ## 查什么
    /// 同一层级的标题序号跳号、重号或倒退：`一、二、四、`，`（一）（二）（二）`，
    /// `1. 2. 5.`。每遇到上一层标题，下一层重新计数；每篇文档（汇编中的每一篇）
    /// 重新计数；某层从 1 重新开始视为新的一组，不报。
    ///
    /// ## 为什么
    /// 序号错乱是公文审核的必查项（“段落顺序准确”），也是讯飞公文校对“序号检查”
    /// 一类；跳号往往意味着删改时漏了一段或忘了重排。
    ///
    /// ## 示例
    /// ```text
    /// 一、主要成效
    /// 二、存在问题
    /// 四、下一步打算
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 一、主要成效
    /// 二、存在问题
    /// 三、下一步打算
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：可能是漏了一节，也可能是序号写错，需人工判断。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条；GB/T 9704-2012 §7.3.3；CHECKS.md GW-HEADING-SEQ。
    pub struct HeadingSequence;
}

/// Does the document holding `pos` have unnumbered part headings (政府工作报告)?
/// Numbering may then run on across parts.
fn has_parts(ctx: &RuleContext, pos: usize) -> bool {
    let idx = ctx.doc_of(pos);
    ctx.o
        .outline
        .documents
        .iter()
        .find(|d| d.index == idx)
        .is_some_and(|d| {
            d.kind == crate::model::DocKind::GovReport
                || d.sections.iter().any(|s| {
                    matches!(
                        s.marker,
                        crate::model::MarkerKind::Part | crate::model::MarkerKind::Styled
                    )
                })
        })
}

impl HeadingSequence {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let mut last: [Option<u32>; 5] = [None; 5];
        let mut seg = usize::MAX;
        let mut deeper_first = false;
        for h in headings(ctx) {
            if h.segment != seg {
                seg = h.segment;
                last = [None; 5];
                deeper_first = h.level > 1;
            }
            let lv = h.level as usize;
            for l in last.iter_mut().skip(lv + 1) {
                *l = None;
            }
            if let Some(p) = last[lv] {
                let msg = if h.ordinal == p {
                    Some(format!(
                        "标题序号重复：“{}”之后又是“{}”",
                        show(h.level, p),
                        h.marker
                    ))
                } else if h.ordinal > p + 1 {
                    Some(format!(
                        "标题序号跳号：“{}”之后应为“{}”，此处为“{}”",
                        show(h.level, p),
                        show(h.level, p + 1),
                        h.marker
                    ))
                } else if h.ordinal < p && h.ordinal != 1 {
                    Some(format!(
                        "标题序号倒退：“{}”之后出现“{}”",
                        show(h.level, p),
                        h.marker
                    ))
                } else {
                    None
                };
                if let Some(m) = msg {
                    let mut f = ctx.finding(h.start, h.marker_end, m);
                    f.suggestion = Some(format!("核对是否应为“{}”", show(h.level, p + 1)));
                    out.push(f);
                }
            } else if !has_parts(ctx, h.start)
                && h.ordinal > 1
                && (lv == 1 && !deeper_first || lv > 1 && last[1..lv].iter().any(|x| x.is_some()))
            {
                let mut f = ctx.finding(
                    h.start,
                    h.marker_end,
                    format!(
                        "本层第一个标题序号为“{}”，缺少“{}”",
                        h.marker,
                        show(h.level, 1)
                    ),
                );
                f.suggestion = Some(format!("核对是否应从“{}”开始", show(h.level, 1)));
                out.push(f);
            }
            last[lv] = Some(h.ordinal);
        }
    }
}
