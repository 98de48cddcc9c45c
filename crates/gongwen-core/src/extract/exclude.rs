//! Numbers that are not quantities: calendar dates and years, clock times, heading and
//! enumeration numbers, ordinals and rankings, numbers inside names, slogans and titles,
//! phone numbers, document numbers, codes and versions.
//!
//! Borderline decisions (also in `docs/extract.md`):
//! - a bare four-digit integer 1949–2100 without a unit (`2023`, `2021-2025年`) is a year;
//! - `N月`, `N日` (not `N日内`), `N号`, `N时`, `N点` (Arabic) and `N季度` (without 个) are
//!   dates or times; `N个月`, `N天`, `N个季度`, `N日内` are spans and count;
//! - `第N`, `前N名/位/强`, `N强`, `N周年` are ranks or anniversaries;
//! - a number inside short quotes (“五大中心”, “1+8”) or 《titles》, next to `+`, or
//!   glued to Latin letters (`5G`, `4A级`, `G20`) is part of a name;
//! - `15分钟阅读圈`: a time span followed by `…圈` within its phrase is a name;
//! - a number after a line start or a clause break followed by `、` `.` `．` is an
//!   enumeration number, as is `（1）`.

use super::numeral::Numeral;
use super::unit::{UnitKind, UnitMatch};

/// What the scanner knows about a candidate when it asks whether to drop it.
pub(crate) struct Candidate<'a> {
    pub text: &'a str,
    pub start: usize,
    /// End of the first number (and its multiplier), before `%`, units, ranges.
    pub core_end: usize,
    /// End of everything read (range, `%`, unit).
    pub end: usize,
    pub first: Option<&'a Numeral>,
    pub second: Option<&'a Numeral>,
    pub unit: Option<&'a UnitMatch>,
    pub percent: bool,
}

fn prev_char(s: &str, pos: usize) -> Option<char> {
    s.get(..pos).and_then(|r| r.chars().next_back())
}

fn ends_with_any(s: &str, pos: usize, words: &[&str]) -> bool {
    let head = match s.get(..pos) {
        Some(h) => h,
        None => return false,
    };
    words.iter().any(|w| head.ends_with(w))
}

fn starts_with_any(s: &str, pos: usize, words: &[&str]) -> bool {
    let tail = match s.get(pos..) {
        Some(t) => t,
        None => return false,
    };
    words.iter().any(|w| tail.starts_with(w))
}

fn is_year(n: &Numeral) -> bool {
    (n.plain_int || n.positional) && n.int_digits == 4 && (1949.0..=2100.0).contains(&n.value)
}

/// The reason a candidate is not a quantity, or `None` to keep it.
pub(crate) fn reason(c: &Candidate) -> Option<&'static str> {
    let s = c.text;
    let before = prev_char(s, c.start);
    let after_end = s.get(c.end..).unwrap_or("");
    let after_core = s.get(c.core_end..).unwrap_or("");
    let time_unit = c.unit.filter(|u| u.kind == UnitKind::Time).map(|u| u.unit);

    // Ordinals and rankings.
    if before == Some('第') {
        return Some("ordinal");
    }
    if after_end.starts_with('强') || after_core.starts_with('强') {
        return Some("ranking");
    }
    if before == Some('前')
        && (starts_with_any(
            s,
            c.core_end,
            &["名", "位", "强", "季度", "个季度", "月", "个月", "批"],
        ))
    {
        return Some("ranking");
    }
    if ends_with_any(
        s,
        c.start,
        &["排名", "位列", "位居", "名列", "排在", "排位"],
    ) {
        return Some("ranking");
    }
    if matches!(before, Some('几' | '数' | '若' | '星' | '周'))
        && c.first.is_some_and(|n| n.chinese)
    {
        return Some("vague-or-weekday");
    }
    if ends_with_any(s, c.start, &["星期", "礼拜"]) {
        return Some("weekday");
    }

    // Chinese numerals with 届 / 级 / N期工程 name a session, a grade or a phase
    // (二十届三中全会, 二级医院, 二期工程), not an amount.
    if c.first.is_some_and(|n| n.chinese) {
        if let Some(u) = c.unit {
            if matches!(u.unit, "届" | "级")
                || (u.unit == "期" && starts_with_any(s, c.end, &["工程", "项目", "改造"]))
            {
                return Some("name");
            }
        }
    }
    // A page number at the end of a table-of-contents line.
    if (matches!(before, Some('\t')) || ends_with_any(s, c.start, &["…", "..", "··"]))
        && (after_end.is_empty() || after_end.starts_with('\n') || after_end.starts_with('\r'))
    {
        return Some("page-number");
    }

    // Years, dates, times.
    let years = c.first.is_some_and(is_year) && c.second.is_none_or(is_year);
    if years
        && !c.percent
        && (c.unit.is_none() || time_unit == Some("年") || after_core.starts_with('年'))
    {
        return Some("year");
    }
    if c.unit.is_none() || time_unit.is_some() {
        let small = |n: Option<&Numeral>, max: f64| {
            n.is_none_or(|n| n.value >= 0.0 && n.value <= max && n.value.fract() == 0.0)
        };
        let tail = if c.unit.is_some() {
            after_core
        } else {
            after_end
        };
        let chinese = c.first.is_some_and(|n| n.chinese);
        if (tail.starts_with('月') || after_core.starts_with('月'))
            && small(c.first, 12.0)
            && small(c.second, 12.0)
        {
            return Some("date");
        }
        if time_unit == Some("日") || tail.starts_with('日') {
            let rest = if time_unit == Some("日") {
                after_end
            } else {
                tail.get(3..).unwrap_or("")
            };
            if !rest.starts_with('内') && !rest.starts_with("以内") && small(c.first, 31.0) {
                return Some("date");
            }
        }
        if tail.starts_with('号') {
            return Some("number-name");
        }
        if !chinese
            && (tail.starts_with('时') || tail.starts_with('点'))
            && small(c.first, 24.0)
            && !tail.starts_with("点位")
        {
            return Some("clock");
        }
        if time_unit == Some("季度") && !c.percent {
            return Some("quarter");
        }
        if time_unit == Some("周年") {
            return Some("anniversary");
        }
    }
    if after_core.starts_with('号') {
        return Some("number-name");
    }
    if (after_core.starts_with(':') || after_core.starts_with('：'))
        && after_core
            .chars()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit())
    {
        return Some("clock");
    }
    if before == Some(':')
        && c.first.is_some_and(|n| n.plain_int)
        && prev_char(s, c.start - 1).is_some_and(|c| c.is_ascii_digit())
    {
        return Some("clock");
    }

    // Document numbers, brackets.
    if matches!(before, Some('〔' | '[' | '［' | '【' | '﹝')) {
        return Some("document-number");
    }

    // Headings and enumerations.
    // Only the last few characters matter (indentation before a heading number).
    let near = super::quantity::back_boundary(s, c.start, 24);
    let line_start = s.get(near..c.start).map_or(near, |h| {
        h.rfind('\n')
            .map_or(if near == 0 { 0 } else { usize::MAX }, |i| near + i + 1)
    });
    let only_space = line_start != usize::MAX
        && s.get(line_start..c.start)
            .is_some_and(|h| h.chars().all(|c| c == ' ' || c == '　' || c == '\t'));
    let enum_mark = |t: &str| {
        t.starts_with('、')
            || t.starts_with('．')
            || (t.starts_with('.') && !t[1..].starts_with(|c: char| c.is_ascii_digit()))
            || t.starts_with(')')
            || t.starts_with('）')
    };
    if c.unit.is_none()
        && !c.percent
        && enum_mark(after_core)
        && (only_space || matches!(before, Some('；' | ';' | '。' | '：' | ':' | '，' | '\n')))
    {
        return Some("enumeration");
    }
    if matches!(before, Some('(' | '（'))
        && (after_core.starts_with(')') || after_core.starts_with('）'))
    {
        return Some("enumeration");
    }

    // Names: `+`, Latin letters, quotes and titles, `…圈`.
    if matches!(before, Some('+' | '＋'))
        || after_core.starts_with('+')
        || after_core.starts_with('＋')
    {
        return Some("name");
    }
    let unit_ascii = c.unit.is_some_and(|u| u.unit.is_ascii());
    if before.is_some_and(|b| b.is_ascii_alphabetic() || b == '/' || b == '_' || b == '#')
        || (!unit_ascii
            && after_core.starts_with(|ch: char| ch.is_ascii_alphabetic())
            && !after_core.starts_with(['X', 'x']))
    {
        return Some("name");
    }
    if before == Some('-')
        && c.start >= 2
        && prev_char(s, c.start - 1).is_some_and(|b| b.is_ascii_alphabetic())
    {
        return Some("name");
    }
    if after_end.starts_with('星') || after_core.starts_with("星级") {
        return Some("name");
    }
    if time_unit.is_some() {
        let phrase: String = after_end
            .chars()
            .take_while(|c| !is_break(*c))
            .take(6)
            .collect();
        if phrase.contains('圈') {
            return Some("name");
        }
    }
    if in_short_quote(s, c.start, c.end) {
        return Some("name");
    }

    // Phone numbers, codes, versions.
    if let Some(n) = c.first {
        if n.multi_dot {
            return Some("version");
        }
        let raw = s.get(n.start..n.end).unwrap_or("");
        if n.plain_int && n.int_digits >= 2 && (raw.starts_with('0') || raw.starts_with('０')) {
            return Some("code");
        }
        if n.plain_int && n.int_digits >= 7 && c.unit.is_none() {
            return Some("phone-or-code");
        }
        if n.plain_int
            && (ends_with_any(
                s,
                c.start,
                &[
                    "电话",
                    "热线",
                    "拨打",
                    "号码",
                    "电话：",
                    "热线：",
                    "编号",
                    "代码",
                ],
            ) || starts_with_any(s, c.core_end, &["热线", "服务热线", "政务服务", "平台"]))
        {
            return Some("phone-or-code");
        }
    }
    None
}

/// Clause breaks.
#[inline]
pub(crate) fn is_break(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | '：'
            | '、'
            | '！'
            | '？'
            | ','
            | ';'
            | '!'
            | '?'
            | '\n'
            | '（'
            | '）'
            | '('
            | ')'
            | '“'
            | '”'
    )
}

/// Inside 《…》 (up to 60 chars) or a short “…”/"…"/「…」/‘…’ (≤ 16 chars): the nearest
/// quote mark before the number must open, and its closing mark must follow soon.
fn in_short_quote(s: &str, start: usize, end: usize) -> bool {
    let head = s
        .get(super::quantity::back_boundary(s, start, 180)..start)
        .unwrap_or("");
    let mut back = 0usize;
    let mut opener = None;
    for ch in head.chars().rev() {
        match ch {
            '《' | '“' | '「' | '‘' | '"' => {
                opener = Some(ch);
                break;
            }
            '》' | '”' | '」' | '’' | '\n' => return false,
            _ => {}
        }
        back += 1;
        if back >= 60 {
            return false;
        }
    }
    let (close, max) = match opener {
        Some('《') => ('》', 60),
        Some('“') => ('”', 16),
        Some('「') => ('」', 16),
        Some('‘') => ('’', 16),
        Some('"') => ('"', 16),
        _ => return false,
    };
    if back > max {
        return false;
    }
    let tail = s.get(end..).unwrap_or("");
    for (fwd, ch) in tail.chars().enumerate() {
        if ch == close {
            return back + fwd <= max;
        }
        if ch == '\n' || back + fwd >= max {
            break;
        }
    }
    false
}
