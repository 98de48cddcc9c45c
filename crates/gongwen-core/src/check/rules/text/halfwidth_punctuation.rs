//! GW405 halfwidth-punctuation.

use crate::check::context::{char_at, char_before, is_han, RuleContext};
use crate::check::scan::mark;
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 中文句子里的半角标点：`,` `;` `:` `?` `!` 以及句末的 `.`，紧挨着汉字时报告。
    /// 小数点、千分撇（1,234）、时间（15:30）、网址、英文句子中的标点不报；括号由
    /// GW201（标题序号）和本规则的成对半角括号检查处理：汉字两侧的 `(…)` 报告。
    ///
    /// ## 为什么
    /// GB/T 15834 的标点符号是全角形式；中文中夹半角标点是排版差错，也是讯飞、百度
    /// 纠错都列出的“中英文标点混用”。
    ///
    /// ## 示例
    /// ```text
    /// 全年完成投资2.6亿元,超额完成任务;新增就业岗位(含公益性岗位)320个.
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全年完成投资2.6亿元，超额完成任务；新增就业岗位（含公益性岗位）320个。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：逐个换成对应的全角标点。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4；CHECKS.md GW-PUNCT-HALFWIDTH。
    pub struct HalfwidthPunctuation;
}

fn full(c: char) -> Option<&'static str> {
    Some(match c {
        ',' => "，",
        ';' => "；",
        ':' => "：",
        '?' => "？",
        '!' => "！",
        '.' => "。",
        '(' => "（",
        ')' => "）",
        _ => return None,
    })
}

impl HalfwidthPunctuation {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // The eight ASCII marks come from the shared mark pass (any order will do: the
        // engine sorts findings).
        let ids = [
            mark(","),
            mark(";"),
            mark(":"),
            mark("?"),
            mark("!"),
            mark("."),
            mark("("),
            mark(")"),
        ];
        for (i, id) in ctx.marks.merged(&ids) {
            let c = crate::check::scan::MARKS[id].chars().next().unwrap_or('\0');
            let Some(rep) = full(c) else { continue };
            let b = char_before(t, i);
            let a = char_at(t, i + 1);
            let han_b = b.is_some_and(is_han);
            let han_a = a.is_some_and(is_han);
            let ok = match c {
                // 汉字. (end of sentence) or 汉字.汉字; never between digits (decimals) or in a heading marker.
                '.' => {
                    han_b
                        && (a.is_none() || a == Some('\n') || han_a)
                        && !b.is_some_and(|x| "一二三四五六七八九十".contains(x) && i < 12)
                }
                '(' => han_b || han_a && t[i..].find(')').is_some_and(|k| k < 60),
                ')' => han_b && t[..i].rfind('(').is_some_and(|k| i - k < 60),
                ':' => {
                    (han_b || han_a)
                        && !(b.is_some_and(|x| x.is_ascii_digit())
                            && a.is_some_and(|x| x.is_ascii_digit()))
                }
                _ => han_b || han_a && !b.is_some_and(|x| x.is_ascii_alphanumeric()),
            };
            if !ok || ctx.in_table(i) {
                continue;
            }
            // Heading markers like (一) at line start belong to GW201.
            let ls = ctx.lines[ctx.line_idx(i)].start;
            if (c == '(' || c == ')')
                && t[ls..i].trim_start().chars().count() <= 3
                && crate::check::rules::structure::parse_marker(t[ls..].trim_start()).is_some()
            {
                continue;
            }
            let f = ctx.finding(i, i + 1, format!("中文中使用了半角标点“{c}”"));
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(i, i + 1, rep)],
                format!("改为“{rep}”"),
            ));
        }
    }
}
