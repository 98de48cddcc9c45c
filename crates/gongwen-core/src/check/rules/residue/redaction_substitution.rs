//! GW103 redaction-substitution.

use crate::check::context::{char_at, char_before, RuleContext};
use crate::check::rules::{automaton, parse_list};
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 素材网站为规避审核而做的字词替换：“党”被换成字母 D（`D委`、`D员`、`D建`、
    /// `D的二十大`），“微信”被换成 `AAA`（`AAA公众号`、`AAA群`）。对照表见
    /// `data/redactions.txt`。与其他字母或数字相连的不报（`DIP支付`、`AAA级景区`、`3D打印`）。
    ///
    /// ## 为什么
    /// 这是“下载—粘贴”留下的铁证，且把“党”写错属于严重表述错误。
    ///
    /// ## 示例
    /// ```text
    /// 深入学习贯彻D的二十大精神，组织D员干部集中学习，通过AAA公众号发布信息。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 深入学习贯彻党的二十大精神，组织党员干部集中学习，通过微信公众号发布信息。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：替换表一一对应，且只在字母不与其他拉丁字母、数字相连时替换。
    ///
    /// ## 依据
    /// 政府网站检查指标（严重表述错误单项否决）；CHECKS.md §0 第 12 条。
    pub struct RedactionSubstitution;
}

static LIST: LazyLock<Vec<(String, String)>> =
    LazyLock::new(|| parse_list(include_str!("../../../../../../data/redactions.txt")));
static AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| automaton(&LIST));

impl RedactionSubstitution {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let Some(ac) = AC.as_ref() else { return };
        let t = ctx.text;
        for m in ac.find_iter(t) {
            let (s, e) = (m.start(), m.end());
            // The pattern's first Latin letter must not continue a Latin word or a number.
            let lat = t[s..e]
                .find(|c: char| c.is_ascii_uppercase())
                .map(|i| s + i)
                .unwrap_or(s);
            if char_before(t, lat).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let lat_end = lat
                + t[lat..e]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase())
                    .count();
            if lat_end == e && char_at(t, e).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let right = &LIST[m.pattern().as_usize()].1;
            out.push(ctx.finding_fix(
                s,
                e,
                format!("疑似素材网站替换字“{}”，应为“{right}”", &t[s..e]),
                right,
                Applicability::Safe,
            ));
        }
    }
}
