//! GW401 repeated-word.

use crate::check::context::{is_han, RuleContext};
use crate::declare_rule;
use crate::model::{Applicability, Finding};

declare_rule! {
    /// ## 查什么
    /// 词语误重复：`做好做好`、`结算结算率`、`进一步进一步`——两到四个汉字紧接着原样
    /// 再出现一次。叠用的动词（研究研究、讨论讨论）、“一个一个”一类、单字叠词
    /// （常常、层层、家家户户）不报。
    ///
    /// ## 为什么
    /// 复制粘贴、删改时留下的重字，读起来明显是错字；公文里的动词叠用几乎都不是有意的，
    /// 但为避免误报，常见的口语叠用仍放过。
    ///
    /// ## 示例
    /// ```text
    /// 做好做好医保基金监管工作，结算结算率达到100%。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 做好医保基金监管工作，结算率达到100%。
    /// ```
    ///
    /// ## 修复安全性
    /// 不安全：删去重复的一份通常是对的，但需要确认不是漏了别的字。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（文字准确）；讯飞公文校对“多字”类。
    pub struct RepeatedWord;
}

/// Reduplications that are words (ABAB verbs used on purpose, quantity phrases).
/// Phrases whose words overlap into an ABAB pattern (缓税缓费, 博士博士后, 药品制品制造).
const CROSS: &[&str] = &[
    "缓税缓费",
    "博士博士后",
    "品制品制造",
    "委监委监督",
    "增产增效",
    "增产增收",
    "资助资金",
    "连战连捷",
    "连战连胜",
];
/// ABA words whose tail starts the next word (面对面对接, 点对点对接).
const ABA: &[&str] = &[
    "面对面",
    "点对点",
    "手把手",
    "心连心",
    "背靠背",
    "肩并肩",
    "实打实",
    "硬碰硬",
    "一对一",
    "门对门",
    "户对户",
    "人对人",
    "屋连屋",
    "村连村",
    "端到端",
    "面到面",
    "年对年",
];
const ALLOW: &[&str] = &[
    "研究", "讨论", "商量", "学习", "考虑", "了解", "看看", "走走", "试试", "打扫", "锻炼", "休息",
    "沟通", "交流", "比划", "琢磨", "溜达", "哈哈", "嘻嘻", "呵呵", "滴答",
];

/// The char at byte `p` and its neighbours: the previous char (if any) and up to nine
/// chars from `p` on, as (offset, char); `base` is the index of the char at `p`.
struct Local {
    cs: [(usize, char); 10],
    len: usize,
    base: usize,
}

impl Local {
    fn at(t: &str, p: usize) -> Self {
        let mut cs = [(0usize, '\0'); 10];
        let mut len = 0;
        let base = match t[..p].char_indices().next_back() {
            Some(x) => {
                cs[0] = x;
                len = 1;
                1
            }
            None => 0,
        };
        for (i, c) in t[p..].char_indices().take(9) {
            cs[len] = (p + i, c);
            len += 1;
        }
        Local { cs, len, base }
    }
}

/// The 3-byte UTF-8 sequence at `p` as a number (caller checks `p + 3 <= b.len()`).
#[inline]
fn tri(b: &[u8], p: usize) -> u32 {
    u32::from(b[p]) | u32::from(b[p + 1]) << 8 | u32::from(b[p + 2]) << 16
}

impl RepeatedWord {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let b = t.as_bytes();
        let n = b.len();
        // A repeat of 2..=4 Han chars is 2..=4 three-byte chars followed by the same
        // bytes, so its first char's bytes recur 6, 9 or 12 bytes on: only such
        // offsets get the full test (all Han chars of the BMP blocks are 3 bytes).
        // `p` steps from char start to char start.
        let mut p = 0;
        while p + 9 <= n {
            let lead = b[p];
            if lead < 0x80 {
                p += 1;
                continue;
            } else if lead < 0xE0 {
                p += 2;
                continue;
            } else if lead >= 0xF0 {
                p += 4;
                continue;
            } else if !(0xE3..=0xE9).contains(&lead) {
                p += 3;
                continue;
            }
            let cand = match b.get(p..p + 15).and_then(|w| <&[u8; 15]>::try_from(w).ok()) {
                // Fixed-size window: no bounds checks, first byte compared first.
                Some(w) => {
                    let same = |k: usize| w[0] == w[k] && w[1] == w[k + 1] && w[2] == w[k + 2];
                    same(6) || same(9) || same(12)
                }
                None => {
                    let x = tri(b, p);
                    tri(b, p + 6) == x
                        || p + 12 <= n && tri(b, p + 9) == x
                        || p + 15 <= n && tri(b, p + 12) == x
                }
            };
            if cand {
                if let Some(next) = Self::at(ctx, p, out) {
                    p = next;
                    continue;
                }
            }
            p += 3;
        }
    }

    /// The test at the char starting at byte `p` (a Han lead byte); on a hit, reports
    /// it and returns the offset after the repeat, where the scan resumes.
    fn at(ctx: &RuleContext, p: usize, out: &mut Vec<Finding>) -> Option<usize> {
        let t = ctx.text;
        let loc = Local::at(t, p);
        let cs = &loc.cs[..loc.len];
        let i = loc.base;
        let n = cs.len();
        let c0 = cs[i].1;
        if !is_han(c0) {
            return None;
        }
        let mut hit = None;
        for len in (2..=4).rev() {
            if i + 2 * len > n {
                continue;
            }
            let a = &cs[i..i + len];
            let b = &cs[i + len..i + 2 * len];
            if !a.iter().all(|x| is_han(x.1)) || a.iter().zip(b).any(|(x, y)| x.1 != y.1) {
                continue;
            }
            // AABB-like (天天) or single char doubled inside (常常): len-2 with equal chars.
            if a.windows(2).any(|w| w[0].1 == w[1].1) {
                continue;
            }
            let word: String = a.iter().map(|x| x.1).collect();
            let aba: String = cs[i..i + 3].iter().map(|x| x.1).collect();
            if ALLOW.contains(&word.as_str())
                || word.starts_with('一')
                || word.ends_with('一')
                || len == 2 && ABA.contains(&aba.as_str())
            {
                continue;
            }
            // Cross-word overlap (退税缓税缓费 = 退税|缓税|缓费, 构建共建共治): the unit
            // read the other way round (B+A) is a word used elsewhere in the text.
            if len == 2 {
                let ba: String = [a[1].1, a[0].1].iter().collect();
                let win: String = cs[i.saturating_sub(1)..(i + 5).min(n)]
                    .iter()
                    .map(|x| x.1)
                    .collect();
                let abab: String = [a[0].1, a[1].1, a[0].1, a[1].1].iter().collect();
                if t.matches(ba.as_str()).count() > t.matches(abab.as_str()).count()
                    || CROSS.iter().any(|c| win.contains(c))
                {
                    continue;
                }
            }
            hit = Some(len);
            break;
        }
        let len = hit?;
        let s = cs[i].0;
        let mid = cs[i + len].0;
        let e = cs.get(i + 2 * len).map(|x| x.0).unwrap_or(t.len());
        if !ctx.skip(s) {
            let word = &t[s..mid];
            let f = ctx.finding(s, e, format!("词语重复：“{}”", &t[s..e]));
            out.push(RuleContext::with_fix(
                f,
                Applicability::Unsafe,
                vec![ctx.edit(mid, e, "")],
                format!("改为“{word}”"),
            ));
        }
        Some(e)
    }
}
