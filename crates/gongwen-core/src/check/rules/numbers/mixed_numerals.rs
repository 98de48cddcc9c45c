//! GW308 mixed-numerals.

use super::{num, show};
use crate::check::context::{char_at, char_before, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 阿拉伯数字与“十、百、千”混写（`4千元`、`3百余人`、`5千万元`），以及“百分之”
    /// 后接阿拉伯数字（`百分之5`）。阿拉伯数字只能与“万”“亿”连用；千米、千克、
    /// 千瓦等计量单位不报。
    ///
    /// ## 为什么
    /// GB/T 15835 规定，数值巨大的精确数字可以“万”“亿”作单位，但“十、百、千”不能与
    /// 阿拉伯数字混用；百分数用阿拉伯数字时写作“5%”。
    ///
    /// ## 示例
    /// ```text
    /// 发放慰问金4千元，惠及3百余人，占比百分之5。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 发放慰问金4000元，惠及300余人，占比5%。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：按数值换算（4千→4000，5千万→5000万，百分之5→5%）。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §4.1, §5.3。
    pub struct MixedNumerals;
}

static RE: LazyLock<Windowed> =
    LazyLock::new(|| Windowed::new(r"([0-9]+(?:\.[0-9]+)?)([十百千])|百分之([0-9]+(?:\.[0-9]+)?)"));

impl MixedNumerals {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: 十/百/千 right after an ASCII digit, or the 百 of 百分之.
        let b = t.as_bytes();
        let keep = |p: usize| p > 0 && b[p - 1].is_ascii_digit() || t[p..].starts_with("百分之");
        let windows = ctx.windows(&[mark("十"), mark("百"), mark("千")], keep, Barrier::All);
        for c in RE.captures_iter(t, &windows) {
            let Some(m) = c.get(0) else { continue };
            if ctx.skip(m.start())
                || char_before(t, m.start())
                    .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '.')
            {
                continue;
            }
            let (rep, msg) = if let Some(p) = c.get(3) {
                (
                    format!("{}%", p.as_str()),
                    format!("“{}”应写作“{}%”", m.as_str(), p.as_str()),
                )
            } else {
                let after = char_at(t, m.end());
                // 千米 千克 千瓦 千帕 千卡 千伏 千焦 千兆, 百分点, 十分
                if after.is_some_and(|ch| "米克瓦帕卡伏焦兆赫字分万".contains(ch)) {
                    continue;
                }
                let Some(v) = num(&c[1]) else { continue };
                let mult = match &c[2] {
                    "十" => 10.0,
                    "百" => 100.0,
                    _ => 1000.0,
                };
                let r = show(v * mult);
                (
                    r.clone(),
                    format!(
                        "阿拉伯数字不能与“{}”连用：“{}”应写作“{r}”",
                        &c[2],
                        m.as_str()
                    ),
                )
            };
            let f = ctx.finding(m.start(), m.end(), msg);
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(m.start(), m.end(), rep.clone())],
                format!("改为“{rep}”"),
            ));
        }
    }
}
