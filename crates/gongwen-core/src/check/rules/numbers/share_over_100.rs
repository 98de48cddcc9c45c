//! GW304 share-over-100.

use super::num;
use crate::check::context::RuleContext;
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::Finding;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 不可能超过 100% 的比率写成了超过 100%：占比、覆盖率、合格率、达标率、满意度、
    /// 知晓率、办结率、整改率等。“完成年度目标的120%”“增长率”“完成率”可以超过
    /// 100%，不报。
    ///
    /// ## 为什么
    /// 部分不可能大于整体；这类数字多半是小数点或位数打错。
    ///
    /// ## 示例
    /// ```text
    /// 农村生活垃圾治理覆盖率达108%，群众满意度为99.6%。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 农村生活垃圾治理覆盖率达100%，群众满意度为99.6%。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（数字准确）；CHECKS.md GW-NUM-SUM（parts over 100%）。
    pub struct ShareOver100;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"(?:占比|比重|占[^，。；0-9]{1,12}的|覆盖率|合格率|达标率|满意度|满意率|知晓率|签约率|入学率|普及率|及格率|正确率|准确率|通过率|到位率|销号率|结案率|办结率|整改率|回复率|公开率|清零率|治愈率|接种率|巩固率)(?:为|达到|达|提高到|提升至|提升到|稳定在|保持在)?([0-9]+(?:\.[0-9]+)?)(?:%|％)",
    )
});

impl ShareOver100 {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        // Every match ends in a digit and %/％; its 占…的 gap may hold 、：！？ and line ends.
        let b = ctx.text.as_bytes();
        // …and the number follows 比/重/的/率/度 (end of the share words) or 为/到/达/至/在
        // (end of the optional verb).
        let t = ctx.text;
        let keep = |p: usize| {
            let k = b[..p]
                .iter()
                .rposition(|x| !(x.is_ascii_digit() || *x == b'.'))
                .map_or(0, |k| k + 1);
            p > 0
                && b[p - 1].is_ascii_digit()
                && crate::check::context::char_before(t, k)
                    .is_some_and(|c| "比重的率度为到达至在".contains(c))
        };
        let windows = ctx.windows(&[mark("%"), mark("％")], keep, Barrier::ClauseNoDunhao);
        for c in RE.captures_iter(ctx.text, &windows) {
            let (Some(m), Some(v)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if ctx.in_table(m.start()) {
                continue;
            }
            // 占年计划的111% is a completion rate, not a share.
            let head = &m.as_str()[..v.start() - m.start()];
            if ["计划", "目标", "任务", "预算", "序时"]
                .iter()
                .any(|w| head.contains(w))
            {
                continue;
            }
            if num(v.as_str()).is_some_and(|x| x > 100.0) {
                let mut f = ctx.finding(
                    m.start(),
                    m.end(),
                    format!("比率超过100%：“{}”", m.as_str()),
                );
                f.suggestion = Some("占比、覆盖率一类不能超过100%，核对数字".into());
                out.push(f);
            }
        }
    }
}
