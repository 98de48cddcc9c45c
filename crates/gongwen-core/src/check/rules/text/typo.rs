//! GW408 typo.

use crate::check::context::RuleContext;
use crate::check::rules::{automaton, parse_list};
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 词表中的确定错别字：`布署`→部署、`按排`→安排、`既将`→即将、`近一步`→进一步、
    /// `再接再励`→再接再厉 等（`data/typos.txt`），以及 `gongwen.toml` 的 `[typos]`
    /// 中自定义的词条。引号、书名号中的文字不查。
    ///
    /// ## 为什么
    /// 错别字是公文“文字准确”的第一关；词表只收不会是正确词语或人名一部分的写法，
    /// 因此可以放心自动修复。
    ///
    /// ## 示例
    /// ```text
    /// 按照县委布署，近一步按排好冬春农田水利建设。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 按照县委部署，进一步安排好冬春农田水利建设。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：一一对应替换。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（文字准确）；CHECKS.md GW-TYPO。
    pub struct Typo;
}

static LIST: LazyLock<Vec<(String, String)>> =
    LazyLock::new(|| parse_list(include_str!("../../../../../../data/typos.txt")));
static AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| automaton(&LIST));

/// Report every match of `ac` (whose patterns are `list`) as a safe replacement.
pub fn scan_list(
    ctx: &RuleContext,
    ac: &AhoCorasick,
    list: &[(String, String)],
    what: &str,
    out: &mut Vec<Finding>,
) {
    for m in ac.find_iter(ctx.text) {
        if ctx.in_quote(m.start()) {
            continue;
        }
        let right = &list[m.pattern().as_usize()].1;
        let wrong = &ctx.text[m.start()..m.end()];
        out.push(ctx.finding_fix(
            m.start(),
            m.end(),
            format!("{what}：“{wrong}”应为“{right}”"),
            right,
            Applicability::Safe,
        ));
    }
}

impl Typo {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        if let Some(ac) = AC.as_ref() {
            scan_list(ctx, ac, &LIST, "错别字", out);
        }
        if !ctx.settings.typos.is_empty() {
            if let Some(ac) = automaton(&ctx.settings.typos) {
                scan_list(ctx, &ac, &ctx.settings.typos, "错别字（自定义词表）", out);
            }
        }
    }
}
