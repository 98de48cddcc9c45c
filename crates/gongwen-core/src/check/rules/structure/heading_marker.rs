//! GW201 heading-marker.

use super::headings;
use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 行首标题序号的写法不合规范：`一.` `一，`（应为 `一、`），`（一）、` `(一)`
    /// （应为 `（一）`，括号内序号后不加标点，括号用全角），`1、` `1，`（应为 `1.`），
    /// `(1)` `（1）、`（应为 `（1）`）。`1.5亿元` 这类数字开头的正文不是标题。
    ///
    /// ## 为什么
    /// GB/T 9704 规定层次序数依次为“一、”“（一）”“1.”“（1）”；序次语之后用什么标点
    /// 由 GB/T 15834 附录规定：汉字数字后用顿号，阿拉伯数字后用下脚点，带括号的序号后
    /// 不再加标点。
    ///
    /// ## 示例
    /// ```text
    /// 一.加强党建引领
    /// (一)、压实主体责任
    /// 1、完善制度
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 一、加强党建引领
    /// （一）压实主体责任
    /// 1.完善制度
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只替换序号本身，层级与数值不变。
    ///
    /// ## 依据
    /// GB/T 9704-2012 §7.3.3；GB/T 15834-2011 附录 B（序次语之后的标点）。
    pub struct HeadingMarker;
}

impl HeadingMarker {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for h in headings(ctx) {
            let want = h.canonical();
            // 1． (full-width point) is tolerated: 15834 calls the point Western but both occur.
            if h.marker == want || h.level == 3 && h.marker == format!("{}．", h.ordinal) {
                continue;
            }
            out.push(ctx.finding_fix(
                h.start,
                h.marker_end,
                format!("标题序号“{}”写法不规范，应为“{want}”", h.marker),
                &want,
                Applicability::Safe,
            ));
        }
    }
}
