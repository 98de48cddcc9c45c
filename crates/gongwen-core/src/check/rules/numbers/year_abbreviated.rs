//! GW309 year-abbreviated.

use crate::check::context::{char_before, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 年份简写成两位：`23年底`、`24年年初`、`25年上半年`。只在两位数（15～29）后接
    /// “年底/年初/年末/上半年/下半年/×月”等纪年用语时报告，“工作23年”“近20年”不报。
    ///
    /// ## 为什么
    /// GB/T 15835 规定年份不能简写（“1990年”不写为“90年”），公文中的年份一律写全。
    ///
    /// ## 示例
    /// ```text
    /// 项目预计24年年初开工，23年底前完成前期工作。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 项目预计2024年年初开工，2023年底前完成前期工作。
    /// ```
    ///
    /// ## 修复安全性
    /// 不安全：补“20”假定是本世纪的年份，需确认。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §5.1.4；GB/T 9704-2012 §7.2.5（年份应标全称）。
    pub struct YearAbbreviated;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"((?:1[5-9]|2[0-9]))年(?:年初|年底|年末|底|初|末|上半年|下半年|一季度|二季度|三季度|四季度|第[一二三四]季度|[1-9]月|1[0-2]月)",
    )
});

impl YearAbbreviated {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: 年 right after an ASCII digit.
        let b = t.as_bytes();
        let keep = |p: usize| p > 0 && b[p - 1].is_ascii_digit();
        let windows = ctx.windows(&[mark("年")], keep, Barrier::All);
        for c in RE.captures_iter(t, &windows) {
            let (Some(m), Some(y)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if char_before(t, m.start()).is_some_and(|ch| {
                ch.is_ascii_alphanumeric() || "近满了余多约第超共每用历经—～-".contains(ch)
            }) || ctx.skip(m.start())
            {
                continue;
            }
            let full = format!("20{}", y.as_str());
            let f = ctx.finding(
                m.start(),
                m.end(),
                format!("年份“{}年”简写了，应写全为“{full}年”", y.as_str()),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Unsafe,
                vec![ctx.edit(y.start(), y.end(), full.clone())],
                format!("改为“{full}年”"),
            ));
        }
    }
}
