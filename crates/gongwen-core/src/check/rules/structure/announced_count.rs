//! GW208 announced-count.

use super::headings;
use crate::check::context::{char_before, cn_num, RuleContext};
use crate::declare_rule;
use crate::model::Finding;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 预告的条数与后文不符：“重点从五个方面发力：”后面却列了七个小标题；
    /// “主要抓好三项工作：一是…二是…”只列了两项。只看紧接着预告句的那一组下级
    /// 标题，或同一段里紧跟其后的“一是…”列举。
    ///
    /// ## 为什么
    /// 增删条目时忘了改总述，是起草中常见而审稿时不易察觉的硬伤。
    ///
    /// ## 示例
    /// ```text
    /// 2025年，重点从三个方面发力：
    /// （一）……（二）……（三）……（四）……
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 2025年，重点从四个方面发力：
    /// （一）……（二）……（三）……（四）……
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：可能改总述，也可能删条目。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（数字准确）。
    pub struct AnnouncedCount;
}

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("([二三四五六七八九十两]{1,2})(?:个方面|项重点工作|方面工作|项工作|项措施|项任务)[^。；\n]{0,8}[：:]").expect("count regex")
});
static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("（([一二三四五六七八九十]{1,2})）").expect("paren regex"));
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("(?:^|[。；：，])([一二三四五六七八九十]{1,2})是").expect("item regex")
});

impl AnnouncedCount {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let hs = headings(ctx);
        for c in RE.captures_iter(ctx.text) {
            let (Some(m), Some(g)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if ctx.skip(m.start())
                || char_before(ctx.text, g.start())
                    .is_some_and(|ch| "一二三四五六七八九十第".contains(ch))
            {
                continue;
            }
            let Some(n) = cn_num(g.as_str()) else {
                continue;
            };
            let li = ctx.line_idx(m.start());
            let line = ctx.lines[li];
            let rest = &ctx.text[m.end()..line.end];
            // (a) inline items after the colon on the same line
            // Run-in （一）…（二）… on the same line (one-line documents), else 一是…二是….
            let items_re: &Regex = if rest.trim_start().starts_with("（一）") {
                &PAREN
            } else {
                &ITEM
            };
            let inline: Vec<u32> = items_re
                .captures_iter(rest)
                .filter_map(|c| cn_num(&c[1]))
                .collect();
            let count = if inline.first() == Some(&1) {
                inline
                    .iter()
                    .take_while({
                        let mut e = 0;
                        move |&&x| {
                            e += 1;
                            x == e
                        }
                    })
                    .count() as u32
            } else if rest.trim().is_empty() {
                // (b) the list of headings starting on the next line
                let Some(k) = hs.iter().position(|h| h.line == li + 1) else {
                    continue;
                };
                let first = &hs[k];
                if first.ordinal != 1 {
                    continue;
                }
                let mut cnt = 0;
                for h in &hs[k..] {
                    if h.segment != first.segment || h.level < first.level {
                        break;
                    }
                    if h.level == first.level {
                        if h.ordinal == 1 && cnt > 0 {
                            break;
                        }
                        cnt += 1;
                    }
                }
                cnt
            } else {
                continue;
            };
            if count >= 2 && count != n {
                let mut f = ctx.finding(
                    g.start(),
                    m.end(),
                    format!(
                        "预告“{}”，后文实际列了{}项",
                        &ctx.text[g.start()..m.end()],
                        count
                    ),
                );
                f.suggestion = Some("核对总述中的条数与后文是否一致".into());
                out.push(f);
            }
        }
    }
}
