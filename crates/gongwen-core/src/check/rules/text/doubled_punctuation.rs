//! GW407 doubled-punctuation.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 重复或冲突的点号：`，，` `。。` `、、` `；；`（安全修复：保留一个），以及
    /// `，。` `、，` `。，` `：。` `；。` 这类相互冲突的组合（只报告）。省略号“……”和
    /// 破折号“——”不在此列。
    ///
    /// ## 为什么
    /// 一处停顿只用一个点号（GB/T 15834 §4）；重复点号多为删改遗留。
    ///
    /// ## 示例
    /// ```text
    /// 全年新增就业320人，，完成目标任务。。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全年新增就业320人，完成目标任务。
    /// ```
    ///
    /// ## 修复安全性
    /// 相同点号重复为安全修复；不同点号冲突只报告。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4；CHECKS.md GW-PUNCT-REPEAT。
    pub struct DoubledPunctuation;
}

static RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[，。、；：！？]{2,}").expect("punct regex"));

impl DoubledPunctuation {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for m in RE.find_iter(ctx.text) {
            if ctx.in_table(m.start()) {
                continue;
            }
            let s = m.as_str();
            let first = s.chars().next().unwrap_or('，');
            // ？！ and ！？ are allowed combinations (GB/T 15834 §4.2/4.3).
            if s.chars().all(|c| c == '？' || c == '！')
                && s.chars().count() <= 3
                && s.contains('？')
                && s.contains('！')
            {
                continue;
            }
            if s.chars().all(|c| c == first) {
                let keep = first.to_string();
                let f = ctx.finding(m.start(), m.end(), format!("标点重复：“{s}”"));
                out.push(RuleContext::with_fix(
                    f,
                    Applicability::Safe,
                    vec![ctx.edit(m.start(), m.end(), keep.clone())],
                    format!("改为“{keep}”"),
                ));
            } else {
                let mut f = ctx.finding(m.start(), m.end(), format!("标点冲突：“{s}”"));
                f.suggestion = Some("只保留一个恰当的点号".into());
                out.push(f);
            }
        }
    }
}
