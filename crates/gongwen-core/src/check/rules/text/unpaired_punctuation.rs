//! GW404 unpaired-punctuation.

use crate::check::context::RuleContext;
use crate::check::scan::mark;
use crate::declare_rule;
use crate::model::Finding;

declare_rule! {
    /// ## 查什么
    /// 同一段落内不成对的标点：“”、‘’、（）、《》、【】、〔〕——有开无合或有合无开。
    /// 按段落（行）检查；跨段引文的每段开头只用前引号是合规的，因此只报告段内
    /// 出现了右标点却没有左标点，或段末仍未闭合、且段内没有其他同类标点的情况。
    ///
    /// ## 为什么
    /// GB/T 15834 规定引号、括号、书名号成对使用；缺一半的标点让读者分不清引用或
    /// 括注到哪里结束，也会让后续的引文识别出错。
    ///
    /// ## 示例
    /// ```text
    /// 开展“美丽庭院创建活动，评选示范户（含星级户120户。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 开展“美丽庭院”创建活动，评选示范户（含星级户120户）。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：缺的那一半该放在哪里要人来判断。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4.8（引号）、§4.9（括号）、§4.15（书名号）。
    pub struct UnpairedPunctuation;
}

const PAIRS: [(char, char); 6] = [
    ('“', '”'),
    ('‘', '’'),
    ('（', '）'),
    ('《', '》'),
    ('【', '】'),
    ('〔', '〕'),
];

impl UnpairedPunctuation {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let nonempty: Vec<usize> = (0..ctx.lines.len())
            .filter(|&i| !ctx.line_text(&ctx.lines[i]).trim().is_empty())
            .collect();
        // Per pair type and line: unmatched openers and closers (clean offsets), read
        // off the shared marks (lines without either mark stay empty).
        for (k, (open, close)) in PAIRS.iter().copied().enumerate() {
            let (mut ob, mut cb) = ([0u8; 4], [0u8; 4]);
            let (oid, cid) = (
                mark(open.encode_utf8(&mut ob)),
                mark(close.encode_utf8(&mut cb)),
            );
            let mut lines: Vec<(Vec<usize>, Vec<usize>)> =
                vec![(Vec::new(), Vec::new()); ctx.lines.len()];
            let mut li = 0usize;
            // The first ( of the current line, found once per line: rescanning the line
            // before every unmatched ） made a long line of them quadratic (found in
            // hardening).
            let mut first_half_open: Option<(usize, Option<usize>)> = None;
            for (p, id) in ctx.marks.merged(&[oid, cid]) {
                while li + 1 < ctx.lines.len() && ctx.lines[li].end < p {
                    li += 1;
                }
                let l = ctx.lines[li];
                if l.table {
                    continue;
                }
                let text = ctx.line_text(&l);
                let (opens, closes) = &mut lines[li];
                if id == oid {
                    opens.push(p);
                } else if opens.pop().is_none() {
                    // （ may be closed by a half-width ) and vice versa: GW405's business.
                    let half_open_before = k == 2 && {
                        let first = match first_half_open {
                            Some((line, first)) if line == li => first,
                            _ => {
                                let first = memchr::memchr(b'(', text.as_bytes());
                                first_half_open = Some((li, first));
                                first
                            }
                        };
                        first.is_some_and(|f| f < p - l.start)
                    };
                    if !half_open_before {
                        closes.push(p);
                    }
                }
            }
            if k == 2 {
                for (li, (opens, _)) in lines.iter_mut().enumerate() {
                    if opens.is_empty() {
                        continue;
                    }
                    let l = ctx.lines[li];
                    let text = ctx.line_text(&l).as_bytes();
                    let last_half_close = memchr::memrchr(b')', text);
                    opens.retain(|&o| last_half_close.is_none_or(|q| q < o - l.start));
                }
            }
            // A paragraph broken inside a quotation (hard-wrapped text): an opener left at
            // the end of one line is closed at the start of the next non-empty line.
            for w in nonempty.windows(2) {
                let (a, b) = (w[0], w[1]);
                // Pair the last openers of `a` with the first closers of `b`.
                let m = lines[a].0.len().min(lines[b].1.len());
                let keep = lines[a].0.len() - m;
                lines[a].0.truncate(keep);
                lines[b].1.drain(..m);
            }
            for (opens, closes) in lines {
                for s in closes {
                    let mut f = ctx.finding(
                        s,
                        s + close.len_utf8(),
                        format!("“{close}”没有对应的“{open}”"),
                    );
                    f.suggestion = Some(format!("补上“{open}”或删去多余的“{close}”"));
                    out.push(f);
                }
                for s in opens {
                    let mut f = ctx.finding(
                        s,
                        s + open.len_utf8(),
                        format!("“{open}”没有对应的“{close}”"),
                    );
                    f.suggestion = Some(format!("补上“{close}”"));
                    out.push(f);
                }
            }
        }
    }
}
