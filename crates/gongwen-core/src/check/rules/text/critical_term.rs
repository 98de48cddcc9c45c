//! GW409 critical-term.

use super::typo::scan_list;
use crate::check::context::RuleContext;
use crate::check::rules::{automaton, parse_list};
use crate::declare_rule;
use crate::model::Finding;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 国名、党名、国家机构名称和重要政治表述的错字：`中华人民共合国`、`扫黑险恶`、
    /// `社会注意核心价值观`、`两个维户` 等（`data/critical.txt`）。默认级别为 error。
    ///
    /// ## 为什么
    /// 政府网站检查把国名、国家机构名称、领导人姓名写错列为“严重表述错误”，可单项否决；
    /// 这类错字曾在上百个网站被通报。
    ///
    /// ## 示例
    /// ```text
    /// 深入推进扫黑险恶常态化，维护中华人民共合国宪法权威。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 深入推进扫黑除恶常态化，维护中华人民共和国宪法权威。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：一一对应替换。
    ///
    /// ## 依据
    /// 政府网站与政务新媒体检查指标（严重错误）；CHECKS.md GW-CRITICAL-TERM。
    pub struct CriticalTerm;
}

static LIST: LazyLock<Vec<(String, String)>> =
    LazyLock::new(|| parse_list(include_str!("../../../../../../data/critical.txt")));
static AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| automaton(&LIST));

impl CriticalTerm {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        if let Some(ac) = AC.as_ref() {
            scan_list(ctx, ac, &LIST, "严重错字", out);
        }
    }
}
