//! GW315 approx-arabic.

use crate::check::context::{char_before, cn_numeral, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 应当用汉字书写的概数写成了阿拉伯数字：相邻两个数字连用表示概数
    /// （`3、4个村`、`5、6天`）和带“几”的概数（`20几户`）。
    /// “50多人”“约300人”“100余件”可用阿拉伯数字，不报。
    ///
    /// ## 为什么
    /// GB/T 15835 §4.2.2：数字连用表示的概数、含“几”的概数，应采用汉字数字
    /// （三四个、二十几）。这是标准中少数“必须用汉字”的情形之一。
    ///
    /// ## 示例
    /// ```text
    /// 每周下村3、4次，惠及20几户。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 每周下村三四次，惠及二十几户。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：按数值改写为汉字（3、4→三四，20几→二十几）。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §4.2.2；CHECKS.md GW-NUM-APPROX-ARABIC。
    pub struct ApproxArabic;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"([1-9])、([1-9])(?:个|人|次|天|年|名|家|户|项|倍|周|小时|分钟|岁|公里|亩|批|场)|([1-9]0)几",
    )
});

impl ApproxArabic {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: a 、 between two digits 1-9, or 几 after a 0.
        let b = t.as_bytes();
        let d19 = |x: Option<&u8>| x.is_some_and(|x| (b'1'..=b'9').contains(x));
        let keep = |p: usize| {
            if t[p..].starts_with('、') {
                p > 0 && d19(b.get(p - 1)) && d19(b.get(p + 3))
            } else {
                p > 0 && b[p - 1] == b'0'
            }
        };
        let windows = ctx.windows(&[mark("、"), mark("几")], keep, Barrier::NoDunhao);
        for c in RE.captures_iter(t, &windows) {
            let Some(m) = c.get(0) else { continue };
            // 分别1、2、3次 is a list of values, not an estimate.
            if char_before(t, m.start())
                .is_some_and(|ch| ch.is_ascii_digit() || ch == '.' || ch == '、')
                || ctx.skip(m.start())
            {
                continue;
            }
            let (span_end, rep) = if let (Some(a), Some(b)) = (c.get(1), c.get(2)) {
                let (x, y): (u32, u32) = (
                    a.as_str().parse().unwrap_or(0),
                    b.as_str().parse().unwrap_or(0),
                );
                if y != x + 1 {
                    continue;
                }
                (b.end(), format!("{}{}", cn_numeral(x), cn_numeral(y)))
            } else if let Some(d) = c.get(3) {
                let n: u32 = d.as_str().parse().unwrap_or(0);
                (m.end(), format!("{}几", cn_numeral(n)))
            } else {
                continue;
            };
            let f = ctx.finding(
                m.start(),
                span_end,
                format!("概数“{}”应使用汉字数字：“{rep}”", &t[m.start()..span_end]),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(m.start(), span_end, rep.clone())],
                format!("改为“{rep}”"),
            ));
        }
    }
}
