//! GW307 range-unit.

use crate::check::context::{char_before, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 数值范围前一个数省略了“%”或“万”“亿”，改变了数值：`15～30%`（读作15到30%）、
    /// `9～16亿元`。
    ///
    /// ## 为什么
    /// GB/T 15835 规定：表示数值范围时，百分数和以万、亿为单位的数，前后两个数的
    /// “%”“万”“亿”都不能省略，否则“15～30%”可以读成“15～0.3”。
    ///
    /// ## 示例
    /// ```text
    /// 预计增长15～30%，总投资9～16亿元。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 预计增长15%～30%，总投资9亿～16亿元。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：在前一个数后补上与后一个数相同的“%”“万”或“亿”。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §5.1.3。
    pub struct RangeUnit;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(r"([0-9]+(?:\.[0-9]+)?)([～~—－-]|至)([0-9]+(?:\.[0-9]+)?)(%|％|万|亿)")
});

impl RangeUnit {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: a range sign right before an ASCII digit.
        let b = t.as_bytes();
        let keep = |p: usize| {
            let len = t[p..].chars().next().map_or(1, char::len_utf8);
            b.get(p + len).is_some_and(u8::is_ascii_digit)
        };
        let ids = [
            mark("～"),
            mark("~"),
            mark("—"),
            mark("－"),
            mark("-"),
            mark("至"),
        ];
        let windows = ctx.windows(&ids, keep, Barrier::All);
        for c in RE.captures_iter(t, &windows) {
            let (Some(m), Some(a)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if char_before(t, m.start())
                .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-')
                || ctx.skip(m.start())
            {
                continue;
            }
            // A year span (2023—2025) is not a value range.
            if c[1].len() == 4 && c[3].len() == 4 && c[1].starts_with("20") {
                continue;
            }
            let unit = &c[4];
            let f = ctx.finding(
                m.start(),
                m.end(),
                format!("数值范围“{}”前一个数省略了“{unit}”", m.as_str()),
            );
            let fixed = format!("{}{unit}{}{}{unit}", &c[1], &c[2], &c[3]);
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(a.end(), a.end(), unit)],
                format!("改为“{fixed}”"),
            ));
        }
    }
}
