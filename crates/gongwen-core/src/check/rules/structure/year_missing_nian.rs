//! GW206 year-missing-nian.

use crate::check::context::{char_before, RuleContext};
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 年份后漏了“年”字：`2024工作计划`、`2023工作总结`、`2025重点工作`。常见于
    /// “2023年工作总结和2024工作计划”这类标题的后半截。
    ///
    /// ## 为什么
    /// 年份是纪年，应写作“2024年”；漏字的标题一眼可见，且与前半截不一致。
    ///
    /// ## 示例
    /// ```text
    /// 县应急管理局2024年工作总结和2025工作计划
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 县应急管理局2024年工作总结和2025年工作计划
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只在四位年份与“工作/年度/总结/计划/要点/重点”之间补“年”。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §5.1.4（年份写全）；《党政机关公文处理工作条例》第九条（标题）。
    pub struct YearMissingNian;
}

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("(?:19|20)[0-9]{2}(?:工作|总结|计划|要点|重点工作)").expect("year regex")
});

impl YearMissingNian {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for m in RE.find_iter(ctx.text) {
            if char_before(ctx.text, m.start())
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '—' || c == '～')
                || ctx.in_table(m.start())
            {
                continue;
            }
            let y = &ctx.text[m.start()..m.start() + 4];
            let f = ctx.finding_fix(
                m.start(),
                m.start() + 4,
                format!("年份“{y}”后缺少“年”字"),
                &format!("{y}年"),
                Applicability::Safe,
            );
            out.push(f);
        }
    }
}
