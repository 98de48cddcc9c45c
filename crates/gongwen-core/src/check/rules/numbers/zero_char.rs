//! GW318 zero-char.

use crate::check::context::{char_at, char_before, RuleContext};
use crate::check::scan::mark;
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 汉字数字中“零”的两种写法用反了：
    /// * 用汉字书写的年份（编号）里把“〇”写成“零”、拉丁字母 `O`/`o`、全角 `Ｏ`、
    ///   阿拉伯数字 `0` 或圆圈 `○`：`二零二四年`、`二O二四年`、`二0二四年`、`二○三五年`；
    /// * 计量的数里把“零”写成“〇”：`一百〇五人`、`三千〇二十亩`。
    ///
    /// 只看恰好四位的年份和“百/千/万/亿”后面紧跟的“〇”，其他写法不猜。
    ///
    /// ## 为什么
    /// GB/T 15835 §5.2.5：数字用作编号（年份、代号）时“0”的汉字写法是“〇”，用作计量时是
    /// “零”。“○”（圆圈）、字母 O 和“0”只是形近，检索、排序和转换时都会出错。
    ///
    /// ## 示例
    /// ```text
    /// 到二零三五年基本实现农业现代化，二○二五年建成高标准农田一百〇五万亩。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 到二〇三五年基本实现农业现代化，二〇二五年建成高标准农田一百零五万亩。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：只替换错用的那个字。成文日期整体应改用阿拉伯数字，见 GW313。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §5.2.5；CHECKS.md GW-NUM-ZERO-CHAR。
    pub struct ZeroChar;
}

// Wrong zeros in a numbering: 零, Latin O/o, full-width Ｏ, ASCII 0, white circle ○.

fn is_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
    )
}

fn is_wrong_zero(c: char) -> bool {
    matches!(c, '零' | 'O' | 'o' | '0' | 'Ｏ' | '○')
}

fn yearish(c: char) -> bool {
    is_digit(c) || c == '〇' || is_wrong_zero(c)
}

impl ZeroChar {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // 1. Years: triggered by the 年 mark with a numeral-like char before it.
        let b = t.as_bytes();
        for &p in ctx.marks.get(mark("年")) {
            // Fast reject: most years end in an ASCII digit other than 0.
            if p == 0 || (b[p - 1].is_ascii_digit() && b[p - 1] != b'0') {
                continue;
            }
            if !char_before(t, p).is_some_and(yearish) {
                continue;
            }
            let mut s = p;
            let mut chars = Vec::with_capacity(4);
            while let Some(c) = char_before(t, s).filter(|&c| yearish(c)) {
                if chars.len() == 5 {
                    break;
                }
                s -= c.len_utf8();
                chars.push((s, c));
            }
            // Exactly four: 二零二四 (not 三十二零…, not a longer code).
            if chars.len() != 4
                || char_before(t, s).is_some_and(|c| c == '十' || c.is_ascii_alphanumeric())
            {
                continue;
            }
            chars.reverse();
            let han = chars.iter().filter(|(_, c)| is_digit(*c)).count();
            let wrong: Vec<(usize, char)> = chars
                .iter()
                .copied()
                .filter(|(_, c)| is_wrong_zero(*c))
                .collect();
            // A Chinese-numeral year opens with a Han digit (二零零零 has only one):
            // 0二四五 or O0O0 is no year.
            if han == 0 || !is_digit(chars[0].1) || wrong.is_empty() || ctx.in_table(s) {
                continue;
            }
            let year: String = chars.iter().map(|(_, c)| *c).collect();
            let fixed: String = chars
                .iter()
                .map(|(_, c)| if is_wrong_zero(*c) { '〇' } else { *c })
                .collect();
            let f = ctx.finding(
                s,
                p + "年".len(),
                format!("年份中的零应写作“〇”：“{year}年”应为“{fixed}年”"),
            );
            let edits = wrong
                .iter()
                .map(|&(q, c)| ctx.edit(q, q + c.len_utf8(), "〇"))
                .collect();
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                edits,
                format!("改为“{fixed}年”"),
            ));
        }
        // 2. Quantities: 百〇五 / 千〇二十 (the 〇 mark of the shared pass).
        let zero = "〇";
        for &p in ctx.marks.get(mark("〇")) {
            let before = char_before(t, p);
            let after = char_at(t, p + zero.len());
            if !before.is_some_and(|c| "百千万亿".contains(c))
                || !after.is_some_and(is_digit)
                || ctx.skip(p)
            {
                continue;
            }
            let s = p - before.map_or(0, char::len_utf8);
            let e = p + zero.len() + after.map_or(0, char::len_utf8);
            let f = ctx.finding(s, e, format!("计量的数中“0”应写作“零”：“{}”", &t[s..e]));
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(p, p + zero.len(), "零")],
                format!("改为“{}零{}”", before.unwrap_or(' '), after.unwrap_or(' ')),
            ));
        }
    }
}
