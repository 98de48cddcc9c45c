//! GW414 cjk-space.

use crate::check::context::{is_han, RuleContext};
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 正文行内多余的空格：汉字与汉字之间、汉字与数字之间、全角标点两侧的半角或全角
    /// 空格（`全镇 共有 12 个村`）。行首缩进、表格行、英文词之间的空格不报。
    ///
    /// ## 为什么
    /// 公文排版不在中文与数字之间加空格（这与某些网页排版规范相反）；行内空格多是
    /// 从 PDF、网页复制时带入的，打印后很显眼。
    ///
    /// ## 示例
    /// ```text
    /// 全镇 共有 12 个行政村，户籍人口 3.2 万人。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全镇共有12个行政村，户籍人口3.2万人。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：删去空格。
    ///
    /// ## 依据
    /// 公文排版惯例（GB/T 9704 版式）；CHECKS.md GW-SPACE（不采用 autocorrect 的中西文加空格规则）。
    pub struct CjkSpace;
}

fn cjkish(c: char) -> bool {
    is_han(c) || "，。、；：！？“”（）《》".contains(c)
}

impl CjkSpace {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for l in &ctx.lines {
            if l.table {
                continue;
            }
            let text = ctx.line_text(l);
            // Lines without sentence punctuation are titles, signatures, headers: spaces
            // there are layout (政 府 工 作 报 告, 市长 张某某).
            let tb = text.as_bytes();
            if memchr::memchr(b' ', tb).is_none()
                && memchr::memmem::find(tb, "\u{3000}".as_bytes()).is_none()
                || !text.contains(['，', '。', '；'])
            {
                continue;
            }
            let lead = text.len() - text.trim_start_matches([' ', '\u{3000}', '\t']).len();
            let trail = text.trim_end_matches([' ', '\u{3000}', '\t']).len();
            let cs: Vec<(usize, char)> = text.char_indices().collect();
            let before = out.len();
            let mut i = 0;
            while i < cs.len() {
                let (bi, c) = cs[i];
                if !(c == ' ' || c == '\u{3000}') || bi < lead || bi >= trail {
                    i += 1;
                    continue;
                }
                let j = cs[i..]
                    .iter()
                    .position(|x| x.1 != ' ' && x.1 != '\u{3000}')
                    .map(|k| i + k)
                    .unwrap_or(cs.len());
                let prev = if i > 0 { Some(cs[i - 1].1) } else { None };
                let next = cs.get(j).map(|x| x.1);
                let (Some(p), Some(n)) = (prev, next) else {
                    i = j;
                    continue;
                };
                let hit = (cjkish(p) && (cjkish(n) || n.is_ascii_digit()))
                    || (p.is_ascii_digit() && cjkish(n));
                // A run of 2+ spaces between Han parts is usually a layout gap (signature, table).
                if hit && j - i <= 2 {
                    let s = l.start + bi;
                    let e = l.start + cs.get(j).map(|x| x.0).unwrap_or(text.len());
                    if !ctx.in_quote(s) {
                        let f = ctx.finding(s, e, format!("“{p}”与“{n}”之间有多余的空格"));
                        out.push(RuleContext::with_fix(
                            f,
                            Applicability::Safe,
                            vec![ctx.edit(s, e, "")],
                            "删去空格",
                        ));
                    }
                }
                i = j;
            }
            // A line full of gaps (text extracted from PDF) is one finding, not dozens.
            if out.len() - before > 5 {
                let n = out.len() - before;
                let edits: Vec<_> = out
                    .drain(before..)
                    .filter_map(|f| f.fix.map(|x| x.edits))
                    .flatten()
                    .collect();
                let f = ctx.finding(
                    l.start + lead,
                    l.start + trail,
                    format!("本行有{n}处多余的空格（疑似从PDF或网页复制）"),
                );
                out.push(RuleContext::with_fix(
                    f,
                    Applicability::Safe,
                    edits,
                    "删去行内多余的空格",
                ));
            }
        }
    }
}
