//! GW313 date-format.

use crate::check::context::{char_before, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 日期写法：“12月5号”（应为“日”）、带前导零的“2024年01月05日”、不存在的日期
    /// （“2月30日”“13月”“4月31日”），以及单独成行的汉字成文日期
    /// “二〇二四年十二月二十日”（2012 年起成文日期用阿拉伯数字）。
    ///
    /// ## 为什么
    /// GB/T 9704-2012 §7.3.5.4：成文日期用阿拉伯数字将年、月、日标全，年份标全称，月、
    /// 日不编虚位（1 不编为 01）。日期错误属于“时间不准确”。
    ///
    /// ## 示例
    /// ```text
    /// 于2024年03月05号召开会议，2月30日前完成。
    /// 二〇二四年十二月二十日
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 于2024年3月5日召开会议，2月28日前完成。
    /// 2024年12月20日
    /// ```
    ///
    /// ## 修复安全性
    /// “号→日”、去前导零、汉字成文日期改阿拉伯数字为安全修复；不存在的日期只报告。
    ///
    /// ## 依据
    /// GB/T 9704-2012 §7.3.5.4；GB/T 15835-2011 §5.1.4；CHECKS.md GW-DATE-SIGN、GW-NUM-DATE。
    pub struct DateFormat;
}

static MD: LazyLock<Windowed> =
    LazyLock::new(|| Windowed::new(r"(?:((?:19|20)[0-9]{2})年)?([0-9]{1,2})月([0-9]{1,2})(日|号)"));
static CN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ 　]*([二][〇零○O][〇零○O一二三四五六七八九]{2})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日[ 　]*$").expect("cn date regex")
});

fn cn_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|x| x == c)
        .map(|p| p as u32)
        .or(match c {
            '零' | '○' | 'O' => Some(0),
            _ => None,
        })
}

fn cn_small(s: &str) -> Option<u32> {
    crate::check::context::cn_num(s)
}

fn days_in(y: Option<i32>, m: u32) -> u32 {
    match m {
        2 => match y {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl DateFormat {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        // Trigger: a 月 right after an ASCII digit.
        let b = t.as_bytes();
        let keep = |p: usize| p > 0 && b[p - 1].is_ascii_digit();
        let windows = ctx.windows(&[mark("月")], keep, Barrier::All);
        for c in MD.captures_iter(t, &windows) {
            let (Some(m), Some(mo), Some(d), Some(suf)) = (c.get(0), c.get(2), c.get(3), c.get(4))
            else {
                continue;
            };
            if ctx.in_quote(m.start())
                || (c.get(1).is_none()
                    && char_before(t, m.start()).is_some_and(|ch| ch.is_ascii_digit() || ch == '.'))
            {
                continue;
            }
            let y: Option<i32> = c.get(1).and_then(|y| y.as_str().parse().ok());
            let (Ok(mv), Ok(dv)) = (mo.as_str().parse::<u32>(), d.as_str().parse::<u32>()) else {
                continue;
            };
            if mv == 0 || mv > 12 || dv == 0 || dv > days_in(y, mv) {
                let mut f = ctx.finding(m.start(), m.end(), format!("日期“{}”不存在", m.as_str()));
                f.suggestion = Some("核对日期".into());
                out.push(f);
                continue;
            }
            let mut edits = Vec::new();
            if mo.as_str().starts_with('0') {
                edits.push(ctx.edit(mo.start(), mo.start() + 1, ""));
            }
            if d.as_str().starts_with('0') {
                edits.push(ctx.edit(d.start(), d.start() + 1, ""));
            }
            if suf.as_str() == "号" {
                edits.push(ctx.edit(suf.start(), suf.end(), "日"));
            }
            if !edits.is_empty() {
                let fixed = format!(
                    "{}{}月{}日",
                    c.get(1)
                        .map(|y| format!("{}年", y.as_str()))
                        .unwrap_or_default(),
                    mv,
                    dv
                );
                let f = ctx.finding(
                    m.start(),
                    m.end(),
                    format!("日期“{}”写法不规范，应为“{fixed}”", m.as_str()),
                );
                out.push(RuleContext::with_fix(
                    f,
                    Applicability::Safe,
                    edits,
                    format!("改为“{fixed}”"),
                ));
            }
        }
        for l in &ctx.lines {
            let text = ctx.line_text(l);
            if !text.contains('日') || !text.contains('年') {
                continue;
            }
            let Some(c) = CN.captures(text) else { continue };
            let y: Option<String> = c[1]
                .chars()
                .map(|ch| cn_digit(ch).and_then(|d| char::from_digit(d, 10)))
                .collect();
            let (Some(y), Some(mo), Some(d)) = (y, cn_small(&c[2]), cn_small(&c[3])) else {
                continue;
            };
            let (Some(ys), Some(de)) = (c.get(1), c.get(3)) else {
                continue;
            };
            let s = l.start + ys.start();
            let e = l.start + de.end() + "日".len();
            let fixed = format!("{y}年{mo}月{d}日");
            let f = ctx.finding(
                s,
                e,
                format!("成文日期“{}”应使用阿拉伯数字：“{fixed}”", &t[s..e]),
            );
            out.push(RuleContext::with_fix(
                f,
                Applicability::Safe,
                vec![ctx.edit(s, e, fixed.clone())],
                format!("改为“{fixed}”"),
            ));
        }
    }
}
