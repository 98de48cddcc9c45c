//! GW202 heading-order.

use super::{headings, show};
use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{DocKind, Finding, MarkerKind};

declare_rule! {
    /// ## 查什么
    /// 标题层级次序颠倒或缺层：文档以 `（一）` 开篇而没有 `一、`；以 `1.` 开篇却又有
    /// `（1）` 更深一层；或在 `1.` 之下又开出 `（一）` 一级（层级倒置）。
    ///
    /// ## 为什么
    /// GB/T 9704 规定结构层次序数“依次可以用”一、（一）1.（1）。实践允许只有两层时
    /// 从“一、”直接跳到“1.”，但不允许倒置，也不应从第二层开篇。
    ///
    /// ## 示例
    /// ```text
    /// XX局2024年工作总结
    /// （一）强化组织领导。……
    /// （二）狠抓工作落实。……
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// XX局2024年工作总结
    /// 一、强化组织领导。……
    /// 二、狠抓工作落实。……
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：改层级要连带改全部序号，需人工确认。
    ///
    /// ## 依据
    /// GB/T 9704-2012 §7.3.3（层次序数）。
    pub struct HeadingOrder;
}

impl HeadingOrder {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let hs = headings(ctx);
        let mut i = 0;
        while i < hs.len() {
            let seg = hs[i].segment;
            let j = hs[i..]
                .iter()
                .position(|h| h.segment != seg)
                .map(|k| i + k)
                .unwrap_or(hs.len());
            let doc = &hs[i..j];
            let first = &doc[0];
            let has = |lv: u8| doc.iter().any(|h| h.level == lv);
            // 政府工作报告 have unnumbered part headings (outline: Part/Styled) above （一）.
            let parts = ctx
                .o
                .outline
                .documents
                .iter()
                .find(|d| d.index == ctx.doc_of(first.start))
                .is_some_and(|d| {
                    d.kind == DocKind::GovReport
                        || d.sections
                            .iter()
                            .any(|s| matches!(s.marker, MarkerKind::Part | MarkerKind::Styled))
                });
            if parts {
                i = j;
                continue;
            }
            if !parts
                && first.ordinal == 1
                && (first.level == 2 || first.level == 3 && has(4) && !has(1))
            {
                let mut f = ctx.finding(
                    first.start,
                    first.marker_end,
                    format!(
                        "文档从第{}层序号“{}”开篇，缺少上一层“{}”",
                        first.level,
                        first.marker,
                        show(first.level - 1, 1)
                    ),
                );
                f.suggestion = Some(format!(
                    "第一层标题用“{}”，依次为一、（一）1.（1）",
                    show(1, 1)
                ));
                out.push(f);
            }
            for w in doc.windows(2) {
                let (p, h) = (&w[0], &w[1]);
                // A new list (ordinal 1) opened right under a deeper heading: inverted.
                if h.ordinal == 1 && h.level < p.level && h.level >= 2 {
                    let mut f = ctx.finding(
                        h.start,
                        h.marker_end,
                        format!("层级倒置：“{}”出现在更低一层的“{}”之下", h.marker, p.marker),
                    );
                    f.suggestion = Some("按一、（一）1.（1）的次序安排层级".into());
                    out.push(f);
                }
            }
            i = j;
        }
    }
}
