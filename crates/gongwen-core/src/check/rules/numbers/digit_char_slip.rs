//! GW311 digit-char-slip.

use crate::check::context::RuleContext;
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 概数“余”误作“于”：`一百于块`、`二十于人`、`300于户`。只在整数（以十、百、千、
    /// 万或 0 结尾）后紧跟“于”再跟量词时报告，“大于3个”“多于”“用于”不报。
    ///
    /// ## 为什么
    /// 同音字差错，拼音输入法常见；“于”在这里没有意义，读者只能猜。
    ///
    /// ## 示例
    /// ```text
    /// 展示画像石一百于块，接待游客二十于万人次。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 展示画像石一百余块，接待游客二十余万人次。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只把该“于”换成“余”。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（文字准确）；GB/T 15835-2011 §4.3（概数）。
    pub struct DigitCharSlip;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"(?:[一二三四五六七八九两]?[十百千万]|[1-9][0-9]*0)于(?:万|亿)?(?:块|人|个|家|户|项|次|名|亩|吨|所|台|辆|处|间|座|条|件|元|场|篇|期|批|天|年|位|份|册|幅|株|棵|头|只|平方米|公里|米)",
    )
});

impl DigitCharSlip {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        // Trigger: 于 right after 十/百/千/万 or a 0.
        let t = ctx.text;
        let keep = |p: usize| {
            t.as_bytes()[..p].ends_with(b"0") || t[..p].ends_with(['十', '百', '千', '万'])
        };
        let windows = ctx.windows(&[mark("于")], keep, Barrier::All);
        for m in RE.find_iter(t, &windows) {
            if ctx.skip(m.start()) {
                continue;
            }
            let Some(i) = m.as_str().find('于') else {
                continue;
            };
            let at = m.start() + i;
            let fixed = m.as_str().replacen('于', "余", 1);
            let f = ctx.finding(
                m.start(),
                m.end(),
                format!("“{}”中“于”应为“余”", m.as_str()),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(at, at + '于'.len_utf8(), "余")],
                format!("改为“{fixed}”"),
            ));
        }
    }
}
