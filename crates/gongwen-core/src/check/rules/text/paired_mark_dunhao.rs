//! GW411 paired-mark-dunhao.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 并列的书名号、引号之间加了顿号：`《条例》、《办法》`、`“三农”、“四风”`。
    /// 中间有括注时（`《条例》（2024年修订）、《办法》`）顿号可以保留，不报。
    ///
    /// ## 为什么
    /// GB/T 15834 规定：标有引号或书名号的并列成分之间通常不用顿号。因标准用的是
    /// “通常”，且政府工作报告中加顿号的写法很普遍，默认级别为 info。
    ///
    /// ## 示例
    /// ```text
    /// 认真学习《中华人民共和国安全生产法》、《消防法》，落实“两个责任”、“三项制度”。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 认真学习《中华人民共和国安全生产法》《消防法》，落实“两个责任”“三项制度”。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只删去两个成对标点之间的顿号。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4.5.3.5；CHECKS.md GW-PUNCT-PAIRED-DUNHAO。
    pub struct PairedMarkDunhao;
}

static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new("》、《|”、“").expect("dunhao regex"));

impl PairedMarkDunhao {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for m in RE.find_iter(ctx.text) {
            let d = m.start() + "》".len();
            let f = ctx.finding(
                m.start(),
                m.end(),
                format!(
                    "并列的{}之间不用顿号",
                    if m.as_str().starts_with('》') {
                        "书名号"
                    } else {
                        "引号"
                    }
                ),
            );
            let fixed = m.as_str().replace('、', "");
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(d, d + "、".len(), "")],
                format!("改为“{fixed}”"),
            ));
        }
    }
}
