//! GW402 duplicate-sentence.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use rustc_hash::FxHashMap;

declare_rule! {
    /// ## 查什么
    /// 同一篇文档里一字不差重复出现的句子（去掉首尾空白后不少于 15 个字）。
    /// 汇编中不同篇目之间的相同套话不报；标题行不计。
    ///
    /// ## 为什么
    /// 句子查重是讯飞、阿里审校都列出的类别：复制粘贴时重复粘了一段，最常见于
    /// “工作成效”和“下一步打算”两处写了同一句。
    ///
    /// ## 示例
    /// ```text
    /// 全面推行河湖长制，全年巡河1200余人次。……（后文）全面推行河湖长制，全年巡河1200余人次。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 保留一处，删去另一处，或改写其中一处。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：要删哪一处由人决定。
    ///
    /// ## 依据
    /// 讯飞公文校对“句子查重”、阿里智能审校“片段重复”；CHECKS.md GW-DUP。
    pub struct DuplicateSentence;
}

/// A sentence of a segment as a map key. Equality is the whole text; the hash reads
/// only the length and the first and last 8 bytes (every key has at least 15), which
/// tell real sentences apart almost always and cost a few instructions instead of a
/// pass over the sentence.
#[derive(PartialEq, Eq)]
struct Key<'a>(usize, &'a str);

impl std::hash::Hash for Key<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let b = self.1.as_bytes();
        let word = |i: usize| {
            b.get(i..i + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
                .map_or(0, u64::from_le_bytes)
        };
        state.write_usize(self.0);
        state.write_usize(b.len());
        state.write_u64(word(0));
        state.write_u64(word(b.len().saturating_sub(8)));
    }
}

impl DuplicateSentence {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let mut seen: FxHashMap<Key, usize> =
            FxHashMap::with_capacity_and_hasher(ctx.sentences().len(), Default::default());
        for &(s, e) in ctx.sentences() {
            let raw = &t[s..e];
            let start_trimmed = raw.trim_start_matches([' ', '　', '\t']);
            let trimmed = start_trimmed.trim_end();
            let lead = raw.len() - start_trimmed.len();
            // Cheapest tests first: under 15 bytes is under 15 chars, 60 bytes or more
            // is at least 15 chars; the marker test rejects on its first char.
            if trimmed.len() < 15
                || trimmed.len() < 60 && trimmed.chars().count() < 15
                || ctx.in_table(s)
                || !trimmed.contains('。')
                    && crate::check::rules::structure::parse_marker(trimmed).is_some()
            {
                continue;
            }
            let doc = ctx.segment_of(s);
            let key = Key(doc, trimmed);
            if let Some(&first) = seen.get(&key) {
                let line = ctx.o.source.line_of(ctx.o.clean.to_raw(first));
                let mut f = ctx.finding(
                    s + lead,
                    s + lead + trimmed.len(),
                    format!("句子与第{line}行重复"),
                );
                f.suggestion = Some("删去或改写重复的句子".into());
                out.push(f);
            } else {
                seen.insert(key, s + lead);
            }
        }
    }
}
