//! GW305 yoy-contradiction.

use super::{num, show};
use crate::check::context::RuleContext;
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::Finding;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 增减幅度与前后两个数自相矛盾：“由1200万元增加到1500万元，增长35%”
    /// （实为25%）；方向相反（数增加却说“下降”）也报告。只核算“由/从 A 增加（下降）
    /// 到/至 B，（同比）增长（下降）C%”这种两个数都写明的句式，相差超过 1 个百分点才报。
    ///
    /// ## 为什么
    /// 同比数字是总结的核心指标，算错会被直接质疑全文数据的可信度。
    ///
    /// ## 示例
    /// ```text
    /// 村集体经济收入由1200万元增加到1500万元，同比增长35%。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 村集体经济收入由1200万元增加到1500万元，同比增长25%。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复；建议中给出算得的幅度。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（数字准确）；CHECKS.md GW-NUM-SUM。
    pub struct YoyContradiction;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"(?:由|从)([0-9]+(?:\.[0-9]+)?)(万|亿)?([^0-9，。；]{0,4}?)(?:增加|增长|提高|提升|上升|下降|减少|降低|增)?(?:到|至)([0-9]+(?:\.[0-9]+)?)(万|亿)?[^0-9，。；]{0,4}?[，,、]?(?:同比|比上年|较上年|年均|平均)?(增长|提高|提升|上升|增加|下降|减少|降低)了?([0-9]+(?:\.[0-9]+)?)(?:%|％)",
    )
});

fn scale(u: Option<crate::check::windowed::M>) -> f64 {
    match u.map(|m| m.as_str()) {
        Some("万") => 1e4,
        Some("亿") => 1e8,
        _ => 1.0,
    }
}

impl YoyContradiction {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        // Every match ends in a digit and %/％; its gaps may hold ，、：！？ and line ends.
        let b = ctx.text.as_bytes();
        let keep = |p: usize| p > 0 && b[p - 1].is_ascii_digit();
        let windows = ctx.windows(&[mark("%"), mark("％")], keep, Barrier::Sentence);
        for c in RE.captures_iter(ctx.text, &windows) {
            let Some(m) = c.get(0) else { continue };
            if ctx.in_table(m.start()) {
                continue;
            }
            // 年均增长 is a compound annual rate over several years, not the change from A to B.
            if m.as_str().contains("年均") || m.as_str().contains("平均") {
                continue;
            }
            let (Some(a), Some(b), Some(p)) = (num(&c[1]), num(&c[4]), num(&c[7])) else {
                continue;
            };
            let (a, b) = (a * scale(c.get(2)), b * scale(c.get(5)));
            if a <= 0.0 {
                continue;
            }
            let real = (b - a) / a * 100.0;
            let down = matches!(&c[6], "下降" | "减少" | "降低");
            let stated = if down { -p } else { p };
            if (real - stated).abs() > 1.0 && (real - stated).abs() > real.abs() * 0.02 {
                let r = (real * 100.0).round() / 100.0;
                let what = if r >= 0.0 {
                    format!("增长{}%", show(r))
                } else {
                    format!("下降{}%", show(-r))
                };
                let mut f = ctx.finding(
                    m.start(),
                    m.end(),
                    format!(
                        "增减幅度与前后数值不符：按文中两数应为{what}，文中为“{}{}%”",
                        &c[6], &c[7]
                    ),
                );
                f.suggestion = Some(format!("核对数字（按文中两数应为{what}）"));
                out.push(f);
            }
        }
    }
}
