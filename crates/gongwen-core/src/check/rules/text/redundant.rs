//! GW417 redundant.

use crate::check::context::RuleContext;
use crate::check::rules::TriggerList;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 语义重复的词语：`涉及到`、`目的是为了`、`付诸于`、`截至到`、`截至目前为止`、
    /// `再次重申`、`重新恢复`、`目前现状`、`原因是因为`、`年均每年`。词表在
    /// `data/redundant.txt`，只收录去掉重复成分后在任何语境下意思都不变的搭配；
    /// 有争议的（`共同合作`、`提前预防`、`大约…左右`）不收。引文和表格中的不报。
    ///
    /// ## 为什么
    /// “涉及”已含“到”，“截至”已含“到…为止”，“重申”就是“再次申明”。公文要求文字
    /// 简洁准确，这类叠床架屋的写法是审稿时最常被圈出的语病之一。
    ///
    /// ## 示例
    /// ```text
    /// 截至目前为止，全县涉及到征迁的12个项目已全部完成，目的是为了保障重点工程按期开工。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 截至目前，全县涉及征迁的12个项目已全部完成，目的是保障重点工程按期开工。
    /// ```
    ///
    /// ## 修复安全性
    /// 安全：按词表删去重复的成分；词表中没有改法的条目只报告。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（文字精炼）；常见语义重复词表；
    /// CHECKS.md GW-REDUNDANT。
    pub struct Redundant;
}

/// (wrong, right) and the entries found through their trigger chars (third column).
static LIST: LazyLock<(Vec<(String, String)>, TriggerList)> = LazyLock::new(|| {
    let mut pairs = Vec::new();
    let mut triggered = Vec::new();
    for l in include_str!("../../../../../../data/redundant.txt").lines() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let mut it = l.splitn(3, '\t').map(str::trim);
        let (Some(w), r, trig) = (it.next(), it.next().unwrap_or(""), it.next().unwrap_or(""))
        else {
            continue;
        };
        let off = trig.chars().next().and_then(|c| w.find(c)).unwrap_or(0);
        pairs.push((w.to_string(), r.to_string()));
        triggered.push((w.to_string(), off));
    }
    let list = TriggerList::new(&triggered);
    (pairs, list)
});

impl Redundant {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let (pairs, list) = &*LIST;
        for (start, end, i) in list.find(t, &ctx.marks) {
            let (w, r) = &pairs[i];
            if ctx.skip(start) {
                continue;
            }
            let message = format!("“{w}”语义重复");
            if r.is_empty() {
                let mut f = ctx.finding(start, end, message);
                f.suggestion = Some("删去重复的成分".into());
                out.push(f);
            } else {
                out.push(ctx.finding_fix(start, end, message, r, Applicability::Safe));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_is_a_mark() {
        assert!(LIST.0.len() >= 15);
        assert!(LIST.1.all_marked());
    }
}
