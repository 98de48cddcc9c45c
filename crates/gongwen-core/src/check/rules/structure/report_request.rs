//! GW211 report-request.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::{DocKind, Finding};

declare_rule! {
    /// ## 查什么
    /// 报告或工作总结的结尾用了请示的结束语：`妥否，请批示`、`当否，请批示`、
    /// `请予批准`、`请予审批`、`请批复`。只看标题含“报告”或“总结”（且不含“请示”）的文稿
    /// 最后六个非空行；政府工作报告（“请予审议”）和请示本身不报。
    ///
    /// ## 为什么
    /// 《党政机关公文处理工作条例》第十五条：报告“不得夹带请示事项”。上级对报告只阅知、
    /// 不批复，夹在报告里的请求得不到答复；需要批准的事项应另行请示。
    ///
    /// ## 示例
    /// ```text
    /// 关于青山镇2024年度安全生产工作情况的报告
    /// ……
    /// 以上报告，妥否，请批示。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 关于青山镇2024年度安全生产工作情况的报告
    /// ……
    /// 特此报告。
    /// ```
    /// （需要上级批准的事项另行请示。）
    ///
    /// ## 修复安全性
    /// 不提供修复：请求的事项要由作者决定删去还是另写请示。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第十五条；CHECKS.md GW-REPORT-REQUEST。
    pub struct ReportRequest;
}

/// Closing formulas of a 请示, longest first.
const CLOSINGS: &[&str] = &[
    "妥否，请批示",
    "当否，请批示",
    "妥否，请批复",
    "当否，请批复",
    "妥否，请审批",
    "请予批准",
    "请予审批",
    "请予批复",
    "请批示",
    "请审批",
    "请批复",
];

/// How many non-empty lines at the end of a document count as its closing.
const TAIL_LINES: usize = 6;

impl ReportRequest {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let starts = ctx.doc_starts();
        for (k, &(start, index)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(t.len(), |s| s.0);
            let Some(doc) = ctx.o.outline.documents.iter().find(|d| d.index == index) else {
                continue;
            };
            if doc.kind == DocKind::GovReport {
                continue;
            }
            // The last non-empty lines of the document, from the end.
            let last = ctx.line_idx(end.saturating_sub(1).max(start));
            let mut seen = 0;
            for l in ctx.lines[..=last.min(ctx.lines.len().saturating_sub(1))]
                .iter()
                .rev()
            {
                if l.end <= start || seen == TAIL_LINES {
                    break;
                }
                let s = ctx.line_text(l);
                if s.trim().is_empty() {
                    continue;
                }
                seen += 1;
                let hit = CLOSINGS
                    .iter()
                    .filter_map(|c| s.find(c).map(|p| (p, *c)))
                    .min_by_key(|&(p, c)| (p, usize::MAX - c.len()));
                let Some((p, c)) = hit else {
                    continue;
                };
                let (s0, e0) = (l.start + p, l.start + p + c.len());
                // The closing belongs to the nearest title above it: an unsplit file may
                // hold a 请示 after the report.
                let title = ctx.lines[..ctx.line_idx(s0)]
                    .iter()
                    .rev()
                    .take_while(|x| x.end > start)
                    .map(|x| ctx.line_text(x).trim())
                    .find(|x| looks_like_title(x))
                    .unwrap_or(doc.title.as_str());
                if ctx.in_quote(s0)
                    || title.contains("请示")
                    || !(title.contains("报告") || title.contains("总结"))
                {
                    break;
                }
                let mut f = ctx.finding(
                    s0,
                    e0,
                    format!("报告中不得夹带请示事项：结尾用了请示的结束语“{c}”"),
                );
                f.suggestion = Some("报告以“特此报告。”结尾，需要批准的事项另行请示".into());
                out.push(f);
                break;
            }
        }
    }
}

/// A line that names a document: short, no clause punctuation, ending in a genre word.
fn looks_like_title(l: &str) -> bool {
    let n = l.chars().count();
    (6..=60).contains(&n)
        && !l.contains(['，', '。', '；', '：', '！', '？', ':'])
        && [
            "请示", "报告", "总结", "计划", "的函", "通知", "意见", "方案", "要点",
        ]
        .iter()
        .any(|g| l.ends_with(g))
}
