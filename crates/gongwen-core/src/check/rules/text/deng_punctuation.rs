//! GW412 deng-punctuation.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// “等”前的多余标点：顿号列举末尾写成“、等”（应直接接“等”），以及省略号与“等”
    /// 连用（“……等”“……等等”）。逗号列举末尾的“，等”是规范用法，不报。
    ///
    /// ## 为什么
    /// GB/T 15834 附录：用顿号隔开的并列成分后接“等”时，“等”前不用顿号；省略号和
    /// “等”作用相同，不能同时使用。
    ///
    /// ## 示例
    /// ```text
    /// 完善教育、医疗、养老、等公共服务，开展义诊、宣讲……等活动。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 完善教育、医疗、养老等公共服务，开展义诊、宣讲等活动。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：删去“等”前的顿号或省略号。
    ///
    /// ## 依据
    /// GB/T 15834-2011 附录 B（≈B.1）、§4.11；CHECKS.md GW-PUNCT-DENG。
    pub struct DengPunctuation;
}

static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new("(、|……|…)等").expect("deng regex"));

impl DengPunctuation {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for c in RE.captures_iter(ctx.text) {
            let (Some(m), Some(p)) = (c.get(0), c.get(1)) else {
                continue;
            };
            // 等级 等次 等同 等额…: 等 starts a word here.
            let next = crate::check::context::char_at(ctx.text, m.end());
            if ctx.in_quote(m.start()) || next.is_some_and(|c| "级次同额量值效待候于".contains(c))
            {
                continue;
            }
            let msg = if p.as_str() == "、" {
                "“等”前不用顿号"
            } else {
                "省略号与“等”不能连用"
            };
            let f = ctx.finding(m.start(), m.end(), msg);
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(p.start(), p.end(), "")],
                "改为“等”",
            ));
        }
    }
}
