//! GW302 rate-contradiction.

use super::{num, show};
use crate::check::context::RuleContext;
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::Finding;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 比率与其分子分母自相矛盾：“排查隐患40处，已整改30处，整改率95%”
    /// （30÷40=75%）。同一句中先给总数、再给完成数（同一量词）、再给“××率”时核算，
    /// 相差超过 1 个百分点即报告。
    ///
    /// ## 为什么
    /// 数字不符是审稿最常被退回的原因之一，且读者一算便知。
    ///
    /// ## 示例
    /// ```text
    /// 排查安全隐患40处，已整改30处，整改率95%。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 排查安全隐患40处，已整改30处，整改率75%。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：错的可能是任一个数。建议中给出算得的比率。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（数字准确）；CHECKS.md GW-NUM-SUM。
    pub struct RateContradiction;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"([0-9]+)(处|个|件|项|家|户|起|条|人|名|所|宗|批)[^。；0-9%]{0,24}?(?:整改|完成|办结|化解|销号|解决|处置|落实|办理|回复|答复|验收|签约)(?:了|到位)?([0-9]+)(处|个|件|项|家|户|起|条|人|名|所|宗|批)[^。；0-9%]{0,16}?(?:整改|完成|办结|化解|销号|解决|处置|落实|办理|回复|答复|验收|签约)率(?:为|达到|达)?([0-9]+(?:\.[0-9]+)?)(?:%|％)",
    )
});

impl RateContradiction {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        // Every match holds 率; its gaps may hold ，、：！？ and line ends, never 。；.
        let windows = ctx.windows(&[mark("率")], |_| true, Barrier::Sentence);
        for c in RE.captures_iter(ctx.text, &windows) {
            let (Some(m), Some(r)) = (c.get(0), c.get(5)) else {
                continue;
            };
            if c[2] != c[4] || ctx.in_table(m.start()) {
                continue;
            }
            let (Some(total), Some(part), Some(rate)) = (num(&c[1]), num(&c[3]), num(&c[5])) else {
                continue;
            };
            if total <= 0.0 || part > total {
                continue;
            }
            let real = part / total * 100.0;
            if (real - rate).abs() > 1.0 {
                let mut f = ctx.finding(
                    r.start(),
                    m.end(),
                    format!(
                        "比率与分项不符：{}÷{}≈{}%，文中为{}%",
                        show(part),
                        show(total),
                        show((real * 100.0).round() / 100.0),
                        &c[5]
                    ),
                );
                f.suggestion = Some(format!(
                    "核对数字，按文中分项应为{}%",
                    show((real * 100.0).round() / 100.0)
                ));
                out.push(f);
            }
        }
    }
}
