//! GW415 dash-form.

use crate::check::context::{char_at, char_before, is_han, RuleContext};
use crate::check::scan::mark;
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 破折号和一字线的错误写法：
    /// * 汉字之间用两个以上的连字符代替破折号：`--`、`－－`（应为“——”）；
    /// * 用形近的横线符号 U+2015 `―` 代替 U+2014 `—`：`――` 应为“——”，`―` 应为“—”；
    /// * 两个数字之间用破折号“——”表示范围：`2023——2025年`、`5%——8%`。
    ///
    /// 单个“—”连接两个汉字词（`中国—东盟`、`郑州—卢森堡`、`研发—生产—销售`）是
    /// GB/T 15834 的连接号（一字线），正确，不报；数字、日期、代码中的连字符不报；
    /// 行首的“——2025年1月15日在…”（政府工作报告的时间说明行）不报。
    ///
    /// ## 为什么
    /// GB/T 15834 §4.10：破折号是“——”，占两个字的位置；§4.13：连接号中的一字线“—”
    /// 连接相关的地点、时间和流程，数值范围用“～”或“—”。键盘上的连字符和形近符号
    /// 排版后长短不一，在汇编和网页上显得杂乱。
    ///
    /// ## 示例
    /// ```text
    /// 围绕乡村振兴总要求--产业兴旺、生态宜居，持续实施“三年行动”――2023——2025年累计投入1.2亿元。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 围绕乡村振兴总要求——产业兴旺、生态宜居，持续实施“三年行动”——2023—2025年累计投入1.2亿元。
    /// ```
    ///
    /// ## 修复安全性
    /// `―`/`――` 换成 U+2014 是安全修复（同一符号的规范码位）。`--`、`－－` 改为“——”
    /// 是不安全修复：若原意是连接两个地点（`恩施大峡谷--腾龙洞`），应改为一字线“—”。
    /// 数字间的“——”改为“—”（年份）或“～”（其他数值）也是不安全修复。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4.10 破折号、§4.13 连接号；GB/T 15835-2011 §5.1.3（范围号）；
    /// CHECKS.md GW-PUNCT-DASH。
    pub struct DashForm;
}

/// A char that may stand on the left of a dash in prose: Han, or a closing mark.
fn prose_left(c: Option<char>) -> bool {
    c.is_some_and(|c| is_han(c) || "”’》）〉】".contains(c))
}

/// A char that may stand on the right of a dash in prose: Han, or an opening mark.
fn prose_right(c: Option<char>) -> bool {
    c.is_some_and(|c| is_han(c) || "“‘《（〈【".contains(c))
}

fn is_hyphen(c: char) -> bool {
    c == '-' || c == '－'
}

/// True when `s` (just left of a ——) ends with a 4-digit year, e.g. `2023`.
fn ends_with_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 4
        && b[b.len() - 4..].iter().all(u8::is_ascii_digit)
        && (b.len() == 4 || !b[b.len() - 5].is_ascii_digit())
        && matches!(b[b.len() - 4], b'1' | b'2')
}

impl DashForm {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // 1. Runs of two or more hyphens between prose: triggered by the - and － marks.
        let mut done = 0usize;
        for (p, _) in ctx.marks.merged(&[mark("-"), mark("－")]) {
            let first = char_at(t, p).map_or(1, char::len_utf8);
            if p < done || !char_at(t, p + first).is_some_and(is_hyphen) {
                continue;
            }
            let mut e = p;
            while let Some(c) = char_at(t, e).filter(|&c| is_hyphen(c)) {
                e += c.len_utf8();
            }
            done = e;
            if is_hyphen_run_in_prose(t, p, e) && !ctx.in_table(p) {
                let f = ctx.finding(p, e, format!("破折号应写作“——”，不用“{}”", &t[p..e]));
                out.push(RuleContext::with_fix(
                    f,
                    Applicability::Unsafe,
                    vec![ctx.edit(p, e, "——")],
                    "改为破折号“——”；若表示地点、起止之间的连接，改为一字线“—”",
                ));
            }
        }
        // 2. The look-alike U+2015 (an input-method artefact): the ― mark.
        let bar = "―";
        let mut done = 0usize;
        for &p in ctx.marks.get(mark("―")) {
            if p < done {
                continue;
            }
            let e = if t[p + bar.len()..].starts_with(bar) {
                p + 2 * bar.len()
            } else {
                p + bar.len()
            };
            done = e;
            let (want, what) = if e - p == 2 * bar.len() {
                ("——", "破折号")
            } else {
                ("—", "一字线")
            };
            out.push(ctx.finding_fix(
                p,
                e,
                format!("“{}”是形近符号（U+2015），{what}应写作“{want}”", &t[p..e]),
                want,
                Applicability::Safe,
            ));
        }
        // 3. —— between two numbers (a range written with a dash): triggered by —.
        let mut done = 0usize;
        for &p in ctx.marks.get(mark("—")) {
            let dd = "——";
            if p < done || !t[p..].starts_with(dd) {
                continue;
            }
            let e = p + dd.len();
            done = e;
            if t[e..].starts_with('—') || char_before(t, p) == Some('—') {
                continue;
            }
            let left = char_before(t, p);
            let right = char_at(t, e);
            if !(left.is_some_and(|c| c.is_ascii_digit() || c == '%')
                && right.is_some_and(|c| c.is_ascii_digit()))
                || ctx.skip(p)
            {
                continue;
            }
            let want = if ends_with_year(&t[..p]) {
                "—"
            } else {
                "～"
            };
            out.push(ctx.finding_fix(
                p,
                e,
                "数值或年份范围不用破折号“——”",
                want,
                Applicability::Unsafe,
            ));
        }
    }
}

/// A run of hyphens `p..e` standing between two pieces of Chinese prose (not a code,
/// a date, an option `--help` or a rule line `-----`).
fn is_hyphen_run_in_prose(t: &str, p: usize, e: usize) -> bool {
    prose_left(char_before(t, p)) && prose_right(char_at(t, e))
}

#[cfg(test)]
mod tests {
    use super::ends_with_year;

    #[test]
    fn a_range_of_years_takes_the_en_dash_others_the_tilde() {
        assert!(ends_with_year("2023"));
        assert!(ends_with_year("实施期为1998"));
        assert!(!ends_with_year("编号12023"));
        assert!(!ends_with_year("523"));
        assert!(!ends_with_year("95%"));
    }
}
