//! GW320 fixed-term.

use crate::check::context::{char_at, char_before, RuleContext};
use crate::check::rules::TriggerList;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 含汉字数字的定型词语写成了阿拉伯数字：`3农工作`、`14五规划`、`纠治4风`、
    /// `2个维护`、`中央8项规定`、`3会1课`。词表在 `data/fixed-terms.txt`（每行
    /// “错误写法、正确写法、触发字、后面不能紧跟的字”），只收录不会是普通计数的写法（`8项规定`只在`中央8项规定`中报）；
    /// 数字前紧挨着数字、字母或小数点的（`2014五`）、后面紧跟排除字的（`3农户`）、
    /// 表格中的不报。引号里的照查：定型词语常加引号（`“14五”`）。
    ///
    /// ## 为什么
    /// GB/T 15835 §4.2.3：已定型的含汉字数字的词语、缩略语要用汉字数字。“三农”“四风”
    /// “十四五”是固定的政治表述，写成阿拉伯数字既不规范，在政府网站检查中也按表述差错处理。
    ///
    /// ## 示例
    /// ```text
    /// 坚持把3农工作作为重中之重，认真落实中央8项规定精神，持续纠治4风，高质量完成14五规划目标任务。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 坚持把三农工作作为重中之重，认真落实中央八项规定精神，持续纠治四风，高质量完成十四五规划目标任务。
    /// ```
    /// （按习惯也可加引号：“三农”“十四五”。）
    ///
    /// ## 修复安全性
    /// 安全：按词表把数字换成汉字，原有的引号不动。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §4.2.3；CHECKS.md GW-NUM-FIXED-TERM。
    pub struct FixedTerm;
}

struct Terms {
    list: TriggerList,
    /// (wrong, right, chars that must not follow)
    entries: Vec<(String, String, String)>,
}

static TERMS: LazyLock<Terms> = LazyLock::new(|| {
    let rows: Vec<(String, String, String, usize)> =
        include_str!("../../../../../../data/fixed-terms.txt")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.splitn(4, '\t');
                let w = it.next()?.trim().to_string();
                let r = it.next()?.trim().to_string();
                let trig = it.next().unwrap_or("").trim().chars().next();
                let not = it.next().unwrap_or("").trim().to_string();
                let off = trig.and_then(|c| w.find(c)).unwrap_or(0);
                (!w.is_empty() && !r.is_empty()).then_some((w, r, not, off))
            })
            .collect();
    // Trigger: the entry's rarest char (third column), a mark of the shared pass: the
    // list costs a few comparisons where those chars occur.
    let triggered: Vec<(String, usize)> = rows.iter().map(|r| (r.0.clone(), r.3)).collect();
    let entries = rows.into_iter().map(|r| (r.0, r.1, r.2)).collect();
    Terms {
        list: TriggerList::new(&triggered),
        entries,
    }
});

impl FixedTerm {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        for (start, end, i) in TERMS.list.find(t, &ctx.marks) {
            let (w, r, not) = &TERMS.entries[i];
            if char_before(t, start).is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
                || char_at(t, end).is_some_and(|c| not.contains(c))
                || ctx.in_table(start)
            {
                continue;
            }
            out.push(ctx.finding_fix(
                start,
                end,
                format!("定型词语“{r}”应使用汉字数字，不写作“{w}”"),
                r,
                Applicability::Safe,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_parses_and_every_entry_holds_a_digit() {
        assert!(TERMS.entries.len() >= 25);
        assert!(TERMS.list.all_marked());
        for (w, r, _) in &TERMS.entries {
            assert!(w.contains(|c: char| c.is_ascii_digit()), "{w}");
            assert!(!r.chars().any(|c| c.is_ascii_digit()), "{r}");
        }
    }
}
