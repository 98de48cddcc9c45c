//! GW414 cjk-space.

use crate::check::context::{char_at, char_before, is_han, RuleContext};
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
    is_han(c)
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '“'
                | '”'
                | '（'
                | '）'
                | '《'
                | '》'
        )
}

impl CjkSpace {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        // The spaces are read off the shared pass's separator list (space, U+3000, tab,
        // `|`) instead of walking every line char by char.
        let sep = ctx.marks.separators();
        let b = ctx.text.as_bytes();
        let is_space = |q: usize| matches!(b.get(q), Some(b' ' | 0xE3));
        let mut si = 0;
        for l in &ctx.lines {
            while si < sep.len() && sep[si] < l.start {
                si += 1;
            }
            if l.table {
                continue;
            }
            let text = ctx.line_text(l);
            // Lines without sentence punctuation are titles, signatures, headers: spaces
            // there are layout (政 府 工 作 报 告, 市长 张某某).
            let has_space = sep[si..]
                .iter()
                .take_while(|&&q| q < l.end)
                .any(|&q| is_space(q));
            if !has_space || !text.contains(['，', '。', '；']) {
                continue;
            }
            let lead = text.len() - text.trim_start_matches([' ', '\u{3000}', '\t']).len();
            let trail = text.trim_end_matches([' ', '\u{3000}', '\t']).len();
            let before = out.len();
            let mut k = si;
            while k < sep.len() && sep[k] < l.end {
                let q = sep[k];
                k += 1;
                if !is_space(q) {
                    continue;
                }
                // A run of spaces: q..end, n chars.
                let step = |at: usize| if b[at] == b' ' { 1 } else { 3 };
                let mut end = q + step(q);
                let mut n = 1;
                while k < sep.len() && sep[k] == end && is_space(end) {
                    end += step(end);
                    n += 1;
                    k += 1;
                }
                let bi = q - l.start;
                if bi < lead || bi >= trail {
                    continue;
                }
                let (Some(p), Some(nx)) = (char_before(text, bi), char_at(text, end - l.start))
                else {
                    continue;
                };
                let hit = (cjkish(p) && (cjkish(nx) || nx.is_ascii_digit()))
                    || (p.is_ascii_digit() && cjkish(nx));
                // A run of 2+ spaces between Han parts is usually a layout gap (signature, table).
                if hit && n <= 2 {
                    let (s, e) = (q, end);
                    if !ctx.in_quote(s) {
                        let f = ctx.finding(s, e, format!("“{p}”与“{nx}”之间有多余的空格"));
                        out.push(RuleContext::with_fix(
                            f,
                            Applicability::Safe,
                            vec![ctx.edit(s, e, "")],
                            "删去空格",
                        ));
                    }
                }
            }
            collapse_line(ctx, out, before, l.start + lead, l.start + trail);
        }
    }
}

/// A line full of gaps (text extracted from PDF) is one finding, not dozens: the findings
/// from `before` on, if more than five, become one over `start..end` with all their edits.
fn collapse_line(
    ctx: &RuleContext,
    out: &mut Vec<Finding>,
    before: usize,
    start: usize,
    end: usize,
) {
    let n = out.len() - before;
    if n <= 5 {
        return;
    }
    let edits: Vec<_> = out
        .drain(before..)
        .filter_map(|f| f.fix.map(|x| x.edits))
        .flatten()
        .collect();
    let f = ctx.finding(
        start,
        end,
        format!("本行有{n}处多余的空格（疑似从PDF或网页复制）"),
    );
    out.push(RuleContext::with_fix(
        f,
        Applicability::Safe,
        edits,
        "删去行内多余的空格",
    ));
}

impl CjkSpace {
    /// The reference: the char walk this rule did before reading the marks.
    #[cfg(test)]
    fn check_ref(ctx: &RuleContext, out: &mut Vec<Finding>) {
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
            collapse_line(ctx, out, before, l.start + lead, l.start + trail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_walk_equals_the_char_walk() {
        let text = "  全县 新建 12个村级 服务站，\u{3000}改造　 道路 35公里。\t引用“某 某”不报。\n\
                    市长  张某某\n\
                    全年完成 投资，招商 引资 落地 项目 八个 其 中 外 资 三 个。 \u{3000}\n\
                    表 | 格，数据\t1 2。\n\
                    末行 ， 有 2 处 空格；";
        let input = crate::ingest::from_bytes("t.txt", text.as_bytes(), &Default::default())
            .expect("ingest");
        let o = crate::outline::outline(&input);
        let settings = crate::check::Settings::default();
        let ctx = RuleContext::new(&o, &[], &settings);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        CjkSpace::check(&ctx, &mut a);
        CjkSpace::check_ref(&ctx, &mut b);
        let key = |f: &Finding| {
            (
                f.start,
                f.end,
                f.message.clone(),
                f.fix.clone().map(|x| x.edits.len()),
            )
        };
        assert!(a.len() >= 4, "{}", a.len());
        assert_eq!(
            a.iter().map(key).collect::<Vec<_>>(),
            b.iter().map(key).collect::<Vec<_>>()
        );
    }
}
