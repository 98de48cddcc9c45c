//! GW205 title-punctuation.

use super::is_title_line;
use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 文档标题末尾带标点（`。` `，` `；` `：` `！` `、`）。标题取 outline 识别的各篇
    /// 标题，以及形如“××2024年工作总结”的标题行。
    ///
    /// ## 为什么
    /// 公文标题除法规、规章名称加书名号外一般不用标点，末尾更不加句号。
    ///
    /// ## 示例
    /// ```text
    /// 城关镇2024年工作总结和2025年工作计划。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 城关镇2024年工作总结和2025年工作计划
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只删除标题末尾的标点。
    ///
    /// ## 依据
    /// GB/T 9704-2012 §7.3.1（标题）；GB/T 15834-2011 附录 B；CHECKS.md GW-TITLE-PUNCT。
    pub struct TitlePunctuation;
}

impl TitlePunctuation {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let mut seen = Vec::new();
        let doc_lines = ctx.doc_starts().iter().map(|d| ctx.line_idx(d.0));
        // The first non-empty line of each document, plus title-like lines.
        let mut cands: Vec<usize> = Vec::new();
        for li in doc_lines {
            if let Some(k) = ctx.lines[li..]
                .iter()
                .position(|l| !ctx.line_text(l).trim().is_empty())
            {
                let t = ctx.line_text(&ctx.lines[li + k]);
                let genre = [
                    "总结", "计划", "报告", "要点", "方案", "意见", "通知", "情况", "规划",
                ]
                .iter()
                .any(|g| t.contains(g));
                // A byline (…会议上…作政府工作报告。) is a sentence, not a title.
                let byline = ["会议上", "大会上", "代表", "作政府", "作工作"]
                    .iter()
                    .any(|w| t.contains(w));
                if genre
                    && !byline
                    && t.chars().count() <= 40
                    && !t
                        .trim_end_matches(['。', '，'])
                        .contains(['，', '。', '；'])
                {
                    cands.push(li + k);
                }
            }
        }
        for (i, l) in ctx.lines.iter().enumerate() {
            let t = ctx
                .line_text(l)
                .trim_end_matches(['。', '，', '；', '：', '！', '、', ' ', '　']);
            if t.len() < ctx.line_text(l).trim_end().len()
                && is_title_line(t)
                && t.chars().count() <= 40
                && !["会议上", "大会上", "代表", "作政府", "作工作"]
                    .iter()
                    .any(|w| t.contains(w))
            {
                cands.push(i);
            }
        }
        cands.sort_unstable();
        cands.dedup();
        for li in cands {
            let l = ctx.lines[li];
            let text = ctx.line_text(&l);
            let body = text.trim_end_matches([' ', '　']);
            let stripped =
                body.trim_end_matches(['。', '，', '；', '：', '！', '、', '.', ',', ';']);
            if stripped.len() == body.len() || body.chars().count() > 60 || seen.contains(&li) {
                continue;
            }
            seen.push(li);
            let s = l.start + stripped.len();
            let e = l.start + body.len();
            let mut f = ctx.finding_fix(
                s,
                e,
                format!("标题末尾不应有标点“{}”", &text[stripped.len()..body.len()]),
                "",
                Applicability::Safe,
            );
            f.suggestion = Some("删去标题末尾的标点".into());
            out.push(f);
        }
    }
}
