//! GW312 fullwidth-digit.

use crate::check::context::RuleContext;
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 全角数字：`２０２４年`、`１２个`。
    ///
    /// ## 为什么
    /// GB/T 15835 规定阿拉伯数字使用半角形式；全角数字还会让检索、统计漏数。
    ///
    /// ## 示例
    /// ```text
    /// ２０２４年完成投资１２亿元。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 2024年完成投资12亿元。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：逐字换成对应的半角数字。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §5.1.7.1。
    pub struct FullwidthDigit;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| Windowed::new("[０-９]+(?:[．.][０-９]+)?"));

const TRIGGERS: [usize; 10] = [
    mark("０"),
    mark("１"),
    mark("２"),
    mark("３"),
    mark("４"),
    mark("５"),
    mark("６"),
    mark("７"),
    mark("８"),
    mark("９"),
];

impl FullwidthDigit {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let windows = ctx.windows(&TRIGGERS, |_| true, Barrier::All);
        for m in RE.find_iter(ctx.text, &windows) {
            if ctx.in_quote(m.start()) {
                continue;
            }
            let half: String = m
                .as_str()
                .chars()
                .map(|c| match c {
                    '．' => '.',
                    // The match may hold an ASCII '.' between full-width digits.
                    '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
                    c => c,
                })
                .collect();
            let f = ctx.finding(
                m.start(),
                m.end(),
                format!("全角数字“{}”应写作半角“{half}”", m.as_str()),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(m.start(), m.end(), half.clone())],
                format!("改为“{half}”"),
            ));
        }
    }
}
