//! GW413 ellipsis-form.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 省略号写法：`...`、`......`、`。。。`、单个 `…`。汉字之间或句末的才报告；
    /// 英文和代码中的三个点不报。
    ///
    /// ## 为什么
    /// GB/T 15834 §4.11：省略号是六个点“……”，占两个字的位置。
    ///
    /// ## 示例
    /// ```text
    /// 开展义诊、宣讲、慰问...各村同步推进。。。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 开展义诊、宣讲、慰问……各村同步推进……
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：统一换成“……”。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4.11；CHECKS.md GW-PUNCT-ELLIPSIS。
    pub struct EllipsisForm;
}

static RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\.{3,}|。{3,}|…+|．{3,}").expect("ellipsis regex"));

impl EllipsisForm {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        for m in RE.find_iter(t) {
            if m.as_str() == "……" || ctx.in_table(m.start()) {
                continue;
            }
            let b = crate::check::context::char_before(t, m.start());
            if m.as_str().starts_with('.') && !b.is_some_and(crate::check::context::is_han) {
                continue;
            }
            // …… repeated (………… = 2 ellipses) is also written for emphasis; only odd counts flagged.
            if m.as_str().chars().all(|c| c == '…') && m.as_str().chars().count() % 2 == 0 {
                continue;
            }
            let f = ctx.finding(
                m.start(),
                m.end(),
                format!("省略号写法不规范：“{}”", m.as_str()),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(m.start(), m.end(), "……")],
                "改为“……”",
            ));
        }
    }
}
