//! GW316 approx-dunhao.

use crate::check::context::RuleContext;
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 表示概数的相邻汉字数字之间加了顿号：`三、四个月`、`七、八名`。
    /// 缩略的并列（`一、二季度`、`二、三产业`、`一、二月份`、`一、二年级`）不是概数，不报；
    /// 行首的标题序号（`三、四个方面`中的“三、”）不报。
    ///
    /// ## 为什么
    /// GB/T 15835 §5.2.1 与 GB/T 15834 顿号用法：相邻两个数字连用表示概数时，中间不用顿号。
    ///
    /// ## 示例
    /// ```text
    /// 工程预计三、四个月完工，需要七、八名技术人员。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 工程预计三四个月完工，需要七八名技术人员。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只删去两个相邻数字之间的顿号，且后面必须紧跟量词。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §5.2.1；GB/T 15834-2011 §4.5；CHECKS.md GW-NUM-APPROX-DUNHAO。
    pub struct ApproxDunhao;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new("([一二三四五六七八九])、([一二三四五六七八九])(?:个|天|名|家|户|次|万|千|百|十|成|倍|人|周|小时|分钟|岁|公里|亩|项|座|所|条|遍|趟)")
});

fn val(s: &str) -> u32 {
    crate::check::context::cn_num(s).unwrap_or(0)
}

impl ApproxDunhao {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: a 、 between two Chinese digits.
        let cn = |c: Option<char>| c.is_some_and(|c| "一二三四五六七八九".contains(c));
        let keep = |p: usize| {
            cn(crate::check::context::char_before(t, p))
                && cn(crate::check::context::char_at(t, p + "、".len()))
        };
        let windows = ctx.windows(&[mark("、")], keep, Barrier::NoDunhao);
        for c in RE.captures_iter(t, &windows) {
            let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            if val(b.as_str()) != val(a.as_str()) + 1
                || ctx.skip(m.start())
                || crate::check::context::char_before(t, m.start()) == Some('、')
            {
                continue;
            }
            // A heading marker at the line start (三、四个方面…).
            let ls = ctx.lines[ctx.line_idx(m.start())].start;
            if t[ls..m.start()].trim().is_empty() {
                continue;
            }
            let d = a.end();
            let fixed = format!("{}{}", a.as_str(), b.as_str());
            let f = ctx.finding(
                m.start(),
                b.end(),
                format!("表示概数的“{}”中间不用顿号", &t[m.start()..b.end()]),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(d, d + "、".len(), "")],
                format!("改为“{fixed}”"),
            ));
        }
    }
}
