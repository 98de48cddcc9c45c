//! GW306 range-hyphen.

use crate::check::context::{char_at, char_before, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 数值范围用了短横线“-”：`3-5个工作日`、`6-9岁`、`2023-2025年`。
    /// 只在两端都是数字且后面紧跟计量单位或“年”时报告；电话、编号、型号、
    /// `2024-01-05` 这类日期不报；《》中引用的文件标题照录原文，不报。
    ///
    /// ## 为什么
    /// GB/T 15835 规定数值范围用浪纹线“～”（或一字线“—”）；GB/T 15834 规定短横线用于
    /// 编号、代码和产品型号，年份起止用一字线。
    ///
    /// ## 示例
    /// ```text
    /// 为6-9岁儿童完成窝沟封闭，2023-2025年每年3-5个工作日内办结。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 为6～9岁儿童完成窝沟封闭，2023—2025年每年3～5个工作日内办结。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只替换两数之间的“-”。年份起止改为“—”，其余改为“～”。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §5.1.3；GB/T 15834-2011 §4.13（连接号）。
    pub struct RangeHyphen;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"([0-9]+(?:\.[0-9]+)?)(?:%|％)?[-－]([0-9]+(?:\.[0-9]+)?)(?:%|％|年|个|人|次|天|岁|户|家|项|名|所|万|亿|千|元|件|条|处|场|台|座|亩|吨|公里|米|小时|周|倍|分钟|月份|层|级|篇|期|批|套|间|平方)",
    )
});

impl RangeHyphen {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: a hyphen right before an ASCII digit.
        let b = t.as_bytes();
        let keep = |p: usize| {
            b.get(p + if b[p] == b'-' { 1 } else { 3 })
                .is_some_and(u8::is_ascii_digit)
        };
        let windows = ctx.windows(&[mark("-"), mark("－")], keep, Barrier::All);
        for c in RE.captures_iter(t, &windows) {
            let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if char_before(t, m.start())
                .is_some_and(|ch| ch.is_ascii_alphanumeric() || "-－.+/:".contains(ch))
                || ctx.skip(m.start())
            {
                continue;
            }
            // 2024-1-5 style dates and codes: another hyphen follows.
            if char_at(t, b.end()).is_some_and(|ch| ch == '-') {
                continue;
            }
            let hy = t[a.end()..b.start()]
                .char_indices()
                .find(|(_, ch)| *ch == '-' || *ch == '－')
                .map(|(i, ch)| (a.end() + i, ch.len_utf8()));
            let Some((hs, hl)) = hy else { continue };
            let is_year = m.as_str()[b.end() - m.start()..].starts_with('年')
                && a.as_str().len() == 4
                && b.as_str().len() == 4;
            let rep = if is_year { "—" } else { "～" };
            let f = ctx.finding(
                m.start(),
                m.end(),
                format!("数值范围“{}”不应使用短横线", m.as_str()),
            );
            let fixed = format!("{}{rep}{}", &t[m.start()..hs], &t[hs + hl..m.end()]);
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(hs, hs + hl, rep)],
                format!("改为“{fixed}”"),
            ));
        }
    }
}
