//! GW317 reduce-times.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 用倍数表示减少：`减少2倍`、`降低了3倍`、`下降近一倍`、`缩小两倍`。
    /// 增加、提高、增长用倍数（`增长2倍`、`提高到3倍`）不报；引文和表格中的不报。
    ///
    /// ## 为什么
    /// 倍数只能表示增加。“降低2倍”在字面上是减去原数的两倍，结果为负，读者无法知道
    /// 作者想说的是降低了一半、三分之二还是别的比例。减少应当用百分数或分数表示。
    ///
    /// ## 示例
    /// ```text
    /// 通过集中采购，全镇办公耗材成本降低了2倍，群众办事等待时间缩短近一倍。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 通过集中采购，全镇办公耗材成本降低了50%，群众办事等待时间缩短近一半。
    /// ```
    ///
    /// ## 修复安全性
    /// 不提供修复：换算成百分数需要作者核对原始数据。
    ///
    /// ## 依据
    /// 出版物数字用法的通行规范（减少不用倍数）；CHECKS.md GW-NUM-REDUCE-TIMES。
    pub struct ReduceTimes;
}

/// The verb, optional 了 and an estimate word, and the multiple, anchored at the 倍.
static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("(?:减少|降低|下降|缩小|减小|缩减|缩短|压缩|减)了?(?:约|近|超过|逾|达)?(?:[0-9]+(?:\\.[0-9]+)?|[一二三四五六七八九十两百]{1,3})(?:多)?$")
        .expect("reduce-times regex")
});

impl ReduceTimes {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: 倍 is rare (a few per report), so one memmem pass finds every
        // candidate and the regex runs on ≤ 36 bytes before each.
        for p in memchr::memmem::find_iter(t.as_bytes(), "倍".as_bytes()) {
            let mut s = p.saturating_sub(36);
            while !t.is_char_boundary(s) {
                s += 1;
            }
            let Some(m) = RE.find(&t[s..p]) else {
                continue;
            };
            let start = s + m.start();
            let end = p + "倍".len();
            if ctx.skip(start) {
                continue;
            }
            let mut f = ctx.finding(
                start,
                end,
                format!(
                    "“{}”：减少不能用倍数表示，请改用百分数或分数",
                    &t[start..end]
                ),
            );
            f.suggestion = Some("改用百分数或分数，如“降低50%”“减少到原来的三分之一”".into());
            out.push(f);
        }
    }
}
