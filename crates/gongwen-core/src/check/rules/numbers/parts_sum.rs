//! GW303 parts-sum-mismatch.

use super::{num, show};
use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// “其中”后列出的分项与前文总数对不上：“建成示范点12个，其中省级3个、市级5个、
    /// 县级5个”（合计13个）。取“其中”之前同一段、同一量词的数作为可能的总数；
    /// 分项合计大于所有候选总数时报告；分项至少三项、合计接近却不等于总数时也报告
    /// （列举显然意在穷尽）。带“余、多、约、近、以上”的概数不核算。
    ///
    /// ## 为什么
    /// 总分不符是审稿时最易被一眼算出的数字差错。
    ///
    /// ## 示例
    /// ```text
    /// 全年建成示范点12个，其中省级3个、市级5个、县级5个。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全年建成示范点13个，其中省级3个、市级5个、县级5个。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复；建议中给出分项合计。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（数字准确）；CHECKS.md GW-NUM-SUM。
    pub struct PartsSumMismatch;
}

const UNITS: &str =
    "人次|个村|公里|个|家|户|人|名|条|件|项|所|处|座|台|辆|起|次|场|篇|期|批|亩|吨|元";
/// number, optional 万/亿 scale, unit, optional qualifier.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"([0-9]+(?:\.[0-9]+)?)(万|亿)?((?:{UNITS}))(余|多|左右|以上)?"
    ))
    .expect("part regex")
});

fn value(c: &regex::Captures) -> Option<f64> {
    let scale = match c.get(2).map(|m| m.as_str()) {
        Some("万") => 1e4,
        Some("亿") => 1e8,
        _ => 1.0,
    };
    num(&c[1]).map(|v| (v * scale * 100.0).round() / 100.0)
}
static QUALIFIED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("(?:约|近|超|余|多|左右|以上|不到|达到)$").expect("q regex"));

impl PartsSumMismatch {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // memchr's SIMD substring search: the same offsets as `str::find` in a loop
        // ("其中" cannot overlap itself), at a fraction of the cost on a long text.
        static QIZHONG: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("其中".as_bytes()));
        for at in QIZHONG.find_iter(t.as_bytes()) {
            let from = at + "其中".len();
            if ctx.skip(at) {
                continue;
            }
            let line = ctx.lines[ctx.line_idx(at)];
            // The list: up to the end of the sentence.
            let list_end = t[from..line.end]
                .find(['。', '；'])
                .map(|k| from + k)
                .unwrap_or(line.end);
            let list_end = t[from..list_end]
                .find(['（', '）', '(', ')'])
                .map(|k| from + k)
                .unwrap_or(list_end);
            let list = &t[from..list_end];
            // A breakdown is a run of short "name + number + unit" items; lists with
            // rates, growth, thresholds or verbs in between are not.
            let segs: Vec<&str> = list
                .split(['，', '、', '：', ','])
                .filter(|x| !x.trim().is_empty())
                .collect();
            const VERBS: [&str; 16] = [
                "修复", "治理", "建设", "新建", "完成", "实施", "推进", "开展", "新增", "改造",
                "培育", "引进", "建成", "打造", "创建", "推动",
            ];
            let plain = segs.iter().all(|x| {
                !VERBS.iter().any(|v| x.trim_start().starts_with(v))
                    && x.chars().count() <= 16
                    && PART
                        .find_iter(x)
                        .last()
                        .is_some_and(|m| m.end() == x.trim_end().len())
            }) && ![
                "%",
                "％",
                "增长",
                "下降",
                "不少于",
                "以上",
                "超过",
                "达到",
                "突破",
                "超",
                "不低于",
            ]
            .iter()
            .any(|w| list.contains(w));
            if list.contains('等') || list.contains("分别") || !plain {
                continue;
            }
            let parts: Vec<_> = PART.captures_iter(list).collect();
            if parts.len() < 2 || parts.iter().any(|c| c.get(4).is_some()) {
                continue;
            }
            let unit = parts[0][3].to_string();
            if parts.iter().any(|c| c[3] != *unit) {
                continue;
            }
            let sum: f64 = parts.iter().filter_map(value).sum();
            let sum = (sum * 100.0).round() / 100.0;
            // Candidate totals: same unit, in the sentence holding 其中 (or, when 其中
            // opens a sentence, the sentence before it).
            let head = &t[line.start..at];
            let mut ws = head
                .rfind(['。', '；'])
                .map(|k| line.start + k + 3)
                .unwrap_or(line.start);
            if t[ws..at]
                .trim_matches(|c: char| c.is_whitespace() || c == '（' || c == '(')
                .is_empty()
            {
                let prev = &t[line.start..ws.saturating_sub(3).max(line.start)];
                ws = prev
                    .rfind(['。', '；'])
                    .map(|k| line.start + k + 3)
                    .unwrap_or(line.start);
            }
            let before = &t[ws..at];
            let totals: Vec<f64> = PART
                .captures_iter(before)
                .filter(|c| c[3] == *unit && c.get(4).is_none())
                .filter(|c| {
                    let s = c.get(0).map(|m| m.start()).unwrap_or(0);
                    !QUALIFIED.is_match(&before[..s])
                })
                .filter_map(|c| value(&c))
                .collect();
            if totals.is_empty() || totals.iter().any(|&x| (x - sum).abs() < 1e-6) {
                continue;
            }
            let max = totals.iter().cloned().fold(f64::MIN, f64::max);
            // The total the list most plausibly breaks down: the closest candidate.
            let last = totals.iter().cloned().fold(max, |best, x| {
                if (x - sum).abs() < (best - sum).abs() {
                    x
                } else {
                    best
                }
            });
            let bad = sum > max || parts.len() >= 3 && (sum - last).abs() <= last * 0.2;
            if bad {
                let end = from
                    + parts
                        .last()
                        .and_then(|c| c.get(0))
                        .map(|m| m.end())
                        .unwrap_or(0);
                let mut f = ctx.finding(
                    at,
                    end,
                    format!(
                        "“其中”各项合计{}{unit}，与前文总数{}{unit}不符",
                        show(sum),
                        show(last)
                    ),
                );
                f.suggestion = Some(format!("核对总数与分项（分项合计{}{unit}）", show(sum)));
                out.push(f);
            }
        }
    }
}
