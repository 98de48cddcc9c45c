//! GW314 docno-format.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 发文字号的年份括号与序号写法：`X政发[2024]5号`、`X政办发（2024）5号`、
    /// `X政发〔2024〕第05号`。年份应括以六角括号〔〕，序号不加“第”、不编虚位。
    ///
    /// ## 为什么
    /// GB/T 9704 §7.2.5：发文字号由发文机关代字、年份、发文顺序号组成，年份、发文顺序号
    /// 用阿拉伯数字标注；年份标全称，用六角括号“〔〕”括入；发文顺序号不加“第”字，
    /// 不编虚位（即 1 不编为 001）。
    ///
    /// ## 示例
    /// ```text
    /// 根据《关于做好防汛工作的通知》（X政办发[2024]第05号）要求……
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 根据《关于做好防汛工作的通知》（X政办发〔2024〕5号）要求……
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只改括号、删去“第”和前导零。
    ///
    /// ## 依据
    /// GB/T 9704-2012 §7.2.5；CHECKS.md GW-DOCNO。
    pub struct DocnoFormat;
}

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:发|办|函|字|呈|报|请|令|复|委|组)([\[［【（(〔])((?:19|20)[0-9]{2})([\]］】）)〕])(第)?([0-9]+)号").expect("docno regex")
});

impl DocnoFormat {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for c in RE.captures_iter(ctx.text) {
            let (Some(open), Some(num)) = (c.get(1), c.get(5)) else {
                continue;
            };
            let Some(m) = c.get(0) else { continue };
            let bad_br = &c[1] != "〔" || &c[3] != "〕";
            let di = c.get(4).is_some();
            let zero = num.as_str().len() > 1 && num.as_str().starts_with('0');
            if !(bad_br || di || zero) {
                continue;
            }
            let n = num.as_str().trim_start_matches('0');
            let n = if n.is_empty() { "0" } else { n };
            let fixed = format!("〔{}〕{n}号", &c[2]);
            let s = open.start();
            let f = ctx.finding(
                s,
                m.end(),
                format!(
                    "发文字号“{}”写法不规范，应为“{fixed}”",
                    &ctx.text[s..m.end()]
                ),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(s, m.end(), fixed.clone())],
                format!("改为“{fixed}”"),
            ));
        }
    }
}
