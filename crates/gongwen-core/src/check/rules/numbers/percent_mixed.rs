//! GW319 percent-mixed.

use crate::check::context::{char_before, RuleContext};
use crate::check::scan::{mark, MARKS};
use crate::declare_rule;
use crate::extract::numeral::parse_chinese;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 百分号“%”前面是汉字数字：`五十%`、`三点五％`、`百分之二十%`。
    /// 概数（`三四%`）只报告不修复；引文和书名号中的不报。
    ///
    /// ## 为什么
    /// GB/T 15835 §4.1.1、§5.3：“%”是计量符号，前面的数值用阿拉伯数字；用汉字时写作
    /// “百分之五十”，不与“%”混用。“百分之二十%”则是重复表达。
    ///
    /// ## 示例
    /// ```text
    /// 全镇农村生活垃圾无害化处理率达到九十五%，村级集体经济收入同比增长百分之十二%。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全镇农村生活垃圾无害化处理率达到95%，村级集体经济收入同比增长百分之十二。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：汉字数字换算成阿拉伯数字（`九十五%` → `95%`，`三点五%` → `3.5%`）；
    /// “百分之…%”删去“%”。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §4.1.1、§5.3；CHECKS.md GW-NUM-PERCENT-MIXED。
    pub struct PercentMixed;
}

/// Chars of a Chinese numeral that may stand before a %.
const NUMERAL: &str = "零〇一二三四五六七八九十百两点";

impl PercentMixed {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let b = t.as_bytes();
        for id in [mark("%"), mark("％")] {
            let pct = MARKS[id];
            for &p in ctx.marks.get(id) {
                // Fast reject: almost every % follows an ASCII digit.
                if p == 0 || b[p - 1].is_ascii() {
                    continue;
                }
                if !char_before(t, p).is_some_and(|c| NUMERAL.contains(c) && c != '点') {
                    continue;
                }
                Self::one(ctx, p, pct, out);
            }
        }
    }

    fn one(ctx: &RuleContext, p: usize, pct: &str, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let mut s = p;
        while let Some(c) = char_before(t, s).filter(|&c| NUMERAL.contains(c)) {
            if p - s >= 30 {
                break;
            }
            s -= c.len_utf8();
        }
        if ctx.skip(p) {
            return;
        }
        let end = p + pct.len();
        // 百分之二十%: the % doubles the 百分之.
        let baifenzhi = "百分之";
        if t[..s].ends_with(baifenzhi) {
            let s0 = if t[..s].ends_with(baifenzhi) {
                s - baifenzhi.len()
            } else {
                s
            };
            let f = ctx.finding(s0, end, format!("“{}”重复表示百分比", &t[s0..end]));
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(p, end, "")],
                format!("删去“{pct}”"),
            ));
            return;
        }
        let num = parse_chinese(t, s).filter(|n| n.end == p);
        let msg = format!("“{}”：“{pct}”前应使用阿拉伯数字", &t[s..end]);
        match num {
            Some(n) if n.value_max.is_none() && n.value.is_finite() => {
                let arabic = format!("{}{pct}", super::show(n.value));
                out.push(ctx.finding_fix(s, end, msg, &arabic, Applicability::Safe));
            }
            _ => {
                let mut f = ctx.finding(s, end, msg);
                f.suggestion = Some("改用阿拉伯数字，或写作“百分之…”".into());
                out.push(f);
            }
        }
    }
}
