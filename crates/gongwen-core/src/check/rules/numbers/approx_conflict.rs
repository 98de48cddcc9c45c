//! GW310 approx-conflict.

use crate::check::context::{char_before, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Finding, Severity};
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 自相矛盾的概数用语：“近500余户”（近＝不到，余＝超过）、“至少30人以上”、
    /// “超过1200余人次”、“最多…以下”、“不到…左右”；以及精确数后加“余/多”
    /// （“452余户”：带个位的数不是概数）。“约200人左右”语义重复但有争议，只作提示
    /// （info）。“50多人”“约300人”“100余件”都是规范写法，不报。
    ///
    /// ## 为什么
    /// GB/T 15835 允许概数用阿拉伯数字书写（“50多人”），真正的差错是互相矛盾的概数词；
    /// 报刊质检把“大约20吨左右”记为成分冗余。
    ///
    /// ## 示例
    /// ```text
    /// 惠及近500余户，培训超1200余人次，至少30人以上参加。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 惠及近500户，培训1200余人次，至少30人参加。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：去掉哪一个概数词要看原意。
    ///
    /// ## 依据
    /// GB/T 15835-2011 §4.3 及用法说明；CHECKS.md §0 第 6 条、GW-NUM-APPROX-CONFLICT。
    pub struct ApproxConflict;
}

const N: &str = r"[0-9]+(?:\.[0-9]+)?[万亿千百]?";
static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(&format!(
        r"(?P<a>近{N}(?:余|多))|(?P<b>(?:至少|最少|不少于|不低于){N}[^，。；、0-9]{{0,4}}以上)|(?P<c>(?:超过|超出|超){N}(?:余|多))|(?P<d>超过{N}[^，。；、0-9]{{0,4}}以上)|(?P<e>(?:最多|至多|不超过){N}[^，。；、0-9]{{0,4}}以下)|(?P<f>不到{N}[^，。；、0-9]{{0,4}}左右)|(?P<g>(?:约|大约|大概){N}[^，。；、0-9]{{0,4}}(?:左右|上下))|(?P<h>[1-9][0-9]*[1-9](?:余|多)[^万亿千百])"
    ))
});

/// Every branch holds one of these: 近, 以上, 超, 以下, 左右, 上下, 余/多. A match holds
/// ，。；、 only as its last character (branch h).
const TRIGGERS: [usize; 7] = [
    mark("近"),
    mark("上"),
    mark("超"),
    mark("下"),
    mark("左"),
    mark("余"),
    mark("多"),
];

impl ApproxConflict {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Each branch holds one of its triggers in a fixed context: 近 before a digit,
        // 以上/上下, 超 before a digit/过/出, 以下/上下, 左右, 余/多 after a digit or 万亿千百.
        let keep = |p: usize| {
            let (before, after) = (char_before(t, p), &t[p..]);
            let digit_after = |k: usize| after.as_bytes().get(k).is_some_and(u8::is_ascii_digit);
            match after.chars().next() {
                Some('近') => digit_after(3),
                Some('上') => before == Some('以') || after[3..].starts_with('下'),
                Some('超') => digit_after(3) || after[3..].starts_with(['过', '出']),
                Some('下') => before == Some('以') || before == Some('上'),
                Some('左') => after[3..].starts_with('右'),
                Some('余' | '多') => before
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '万' | '亿' | '千' | '百')),
                _ => true,
            }
        };
        let windows = ctx.windows(&TRIGGERS, keep, Barrier::Clause);
        for c in RE.captures_iter(t, &windows) {
            let Some(m) = c.get(0) else { continue };
            if ctx.in_table(m.start()) {
                continue;
            }
            let s = m.as_str();
            let (msg, info) = if c.name("g").is_some() {
                (format!("“{s}”中“约”与“左右/上下”语义重复"), true)
            } else if let Some(h) = c.name("h") {
                // 452余户: an exact number with 余/多. Skip decimals and years/codes.
                if char_before(t, h.start())
                    .is_some_and(|ch| ch.is_ascii_digit() || ch == '.' || ch.is_ascii_alphabetic())
                {
                    continue;
                }
                let d: String = h
                    .as_str()
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                (
                    format!(
                        "“{d}”是精确数，后面不宜再加“{}”",
                        &h.as_str()[d.len()..d.len() + 3]
                    ),
                    false,
                )
            } else {
                (format!("概数用语自相矛盾：“{s}”"), false)
            };
            let end = c
                .name("h")
                .map(|h| {
                    h.start()
                        + h.as_str()
                            .chars()
                            .take_while(|c| c.is_ascii_digit())
                            .count()
                        + 3
                })
                .unwrap_or(m.end());
            let start = c.name("h").map(|h| h.start()).unwrap_or(m.start());
            let mut f = ctx.finding(start, end, msg);
            f.suggestion = Some("保留一个概数词".into());
            if info {
                f.severity = Severity::Info;
            }
            out.push(f);
        }
    }
}
