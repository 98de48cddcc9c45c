//! GW317 reduce-times.

use crate::check::context::RuleContext;
use crate::check::scan::mark;
use crate::declare_rule;
use crate::model::Finding;

declare_rule! {
    /// ## 查什么
    /// 用倍数表示减少：`减少2倍`、`降低了3倍`、`下降近一倍`、`缩小两倍`。
    /// 增加、提高、增长用倍数（`增长2倍`、`提高到3倍`）不报；引文和表格中的不报。
    ///
    /// ## 为什么
    /// 倍数只能表示增加。“降低2倍”在字面上是减去原数的两倍，结果为负，读者无法知道
    /// 作者想说的是降低了一半、三分之二还是别的比例。减少应当用百分数或分数表示。
    ///
    /// ## 示例
    /// ```text
    /// 通过集中采购，全镇办公耗材成本降低了2倍，群众办事等待时间缩短近一倍。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 通过集中采购，全镇办公耗材成本降低了50%，群众办事等待时间缩短近一半。
    /// ```
    ///
    /// ## 修复安全性
    /// 不提供修复：换算成百分数需要作者核对原始数据。
    ///
    /// ## 依据
    /// 出版物数字用法的通行规范（减少不用倍数）；CHECKS.md GW-NUM-REDUCE-TIMES。
    pub struct ReduceTimes;
}

const VERBS: &[&str] = &[
    "减少", "降低", "下降", "缩小", "减小", "缩减", "缩短", "压缩", "减",
];
const ESTIMATES: &[&str] = &["约", "近", "超过", "逾", "达"];

/// The start of `<verb>[了][约|近|超过|逾|达]<multiple>[多]` ending at `end` (the 倍),
/// read backwards by hand (a regex here would cost more to compile than all its runs).
fn reduction_before(t: &str, end: usize) -> Option<usize> {
    let mut p = end;
    if t[..p].ends_with('多') {
        p -= '多'.len_utf8();
    }
    // The multiple: Arabic (1.5) or one to three Chinese numerals (一, 十, 两).
    let digits = t[..p]
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if digits > 0 {
        if !t[p - digits..p].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        p -= digits;
    } else {
        let mut n = 0;
        while let Some(c) = t[..p].chars().next_back() {
            if n == 3 || !"一二三四五六七八九十两百".contains(c) {
                break;
            }
            p -= c.len_utf8();
            n += 1;
        }
        if n == 0 {
            return None;
        }
    }
    if let Some(e) = ESTIMATES.iter().find(|e| t[..p].ends_with(**e)) {
        p -= e.len();
    }
    if t[..p].ends_with('了') {
        p -= '了'.len_utf8();
    }
    VERBS
        .iter()
        .find(|v| t[..p].ends_with(**v))
        .map(|v| p - v.len())
}

impl ReduceTimes {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: the 倍 mark of the shared pass (a few per report), read backwards.
        for &p in ctx.marks.get(mark("倍")) {
            let Some(start) = reduction_before(t, p) else {
                continue;
            };
            let end = p + "倍".len();
            if ctx.skip(start) {
                continue;
            }
            let mut f = ctx.finding(
                start,
                end,
                format!(
                    "“{}”：减少不能用倍数表示，请改用百分数或分数",
                    &t[start..end]
                ),
            );
            f.suggestion = Some("改用百分数或分数，如“降低50%”“减少到原来的三分之一”".into());
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reduction_before;

    /// The text before the 倍 that the hand parser takes, if any.
    fn taken(s: &str) -> Option<&str> {
        let end = s.rfind('倍')?;
        reduction_before(s, end).map(|p| &s[p..end])
    }

    #[test]
    fn reads_verb_estimate_and_multiple_backwards() {
        assert_eq!(taken("办公成本降低了约2倍"), Some("降低了约2"));
        assert_eq!(taken("审批时限缩短1.5倍"), Some("缩短1.5"));
        assert_eq!(taken("投诉量下降十多倍"), Some("下降十多"));
        assert_eq!(taken("能耗减少一倍"), Some("减少一"));
        assert_eq!(taken("缩减两倍"), Some("缩减两"));
        // Increases, a multiple without a verb, a verb without a multiple.
        assert_eq!(taken("营收增长2倍"), None);
        assert_eq!(taken("提高到3倍"), None);
        assert_eq!(taken("2倍"), None);
        assert_eq!(taken("降低倍"), None);
        assert_eq!(taken("降低.5倍"), None);
    }
}
