//! GW406 jiezhi-misuse.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 表示“到某一时间为止”却写成了“截止”：`截止10月底`、`截止目前`、
    /// `截止到11月30日`。“截止日期”“申报截止”“截止时间”这类“停止”义的用法不报。
    ///
    /// ## 为什么
    /// “截至”＝截止到某时（后面必带时间），“截止”＝到时停止（后面一般不带宾语）。
    /// 这是公文最高频的用字错误之一；“截止到”也应写作“截至”。
    ///
    /// ## 示例
    /// ```text
    /// 截止10月底，全镇完成投资2.3亿元；截止目前，已办结信访件46件。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 截至10月底，全镇完成投资2.3亿元；截至目前，已办结信访件46件。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只在“截止（到/至）”后紧跟时间词时改为“截至”。
    ///
    /// ## 依据
    /// 《现代汉语词典》截至/截止 条；CHECKS.md GW-CONFUSABLE（截至）。
    pub struct Jiezhi;
}

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"截止(?:到|至|于)?(?:目前|当前|现在|今年|去年|上年|本年|年底|年末|本月|上月|今日|发稿|[0-9]{1,4}[年月日]|[一二三四五六七八九十]{1,3}月|上半年|下半年|前三季度|第[一二三四]季度|[一二三四]季度|(?:19|20)[0-9]{2})")
        .expect("jiezhi regex")
});

impl Jiezhi {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        for m in RE.find_iter(t) {
            if ctx.in_quote(m.start()) {
                continue;
            }
            let after = &t[m.start() + "截止".len()..];
            let extra = ["到", "至", "于"]
                .iter()
                .find(|p| after.starts_with(**p))
                .map(|p| p.len())
                .unwrap_or(0);
            let end = m.start() + "截止".len() + extra;
            let f = ctx.finding(
                m.start(),
                end,
                format!("“{}”后接时间点，应为“截至”", &t[m.start()..end]),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(m.start(), end, "截至")],
                "改为“截至”",
            ));
        }
    }
}
