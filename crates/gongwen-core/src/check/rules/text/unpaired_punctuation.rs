//! GW404 unpaired-punctuation.

use crate::check::context::RuleContext;
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
        for l in &ctx.lines {
            let text = ctx.line_text(l);
            if text.is_ascii() || l.table {
                continue;
            }
            for (open, close) in PAIRS {
                let mut stack: Vec<usize> = Vec::new();
                for (i, c) in text.char_indices() {
                    if c == open {
                        stack.push(i);
                    } else if c == close && stack.pop().is_none() {
                        {
                            // A closing mark with no opening. （ may pair with ( — skip then.
                            if close == '）' && text[..i].contains('(') {
                                continue;
                            }
                            let s = l.start + i;
                            let mut f = ctx.finding(
                                s,
                                s + c.len_utf8(),
                                format!("“{close}”没有对应的“{open}”"),
                            );
                            f.suggestion = Some(format!("补上“{open}”或删去多余的“{close}”"));
                            out.push(f);
                        }
                    }
                }
                for i in stack {
                    if open == '（' && text[i..].contains(')') {
                        continue;
                    }
                    let s = l.start + i;
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
