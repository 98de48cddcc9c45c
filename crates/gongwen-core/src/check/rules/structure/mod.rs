//! GW2xx structure: heading markers and levels (GB/T 9704 §7.3.3), numbering, inline
//! enumerations, titles, announced counts.
//!
//! The heading scan here is deliberately the checker's own: outline *tolerates* the
//! half-width and mixed marker forms found in real files, while these rules need to see
//! exactly what was written at the start of each line. Numbering restarts at every
//! document boundary from outline and at every title-like line (a compilation split
//! heuristic that keeps working on unsplit input).

pub mod announced_count;
pub mod enum_punctuation;
pub mod enumeration_sequence;
pub mod heading_marker;
pub mod heading_order;
pub mod heading_sequence;
pub mod report_request;
pub mod self_reference;
pub mod title_punctuation;
pub mod title_year;
pub mod year_missing_nian;

use crate::check::context::{cn_num, cn_numeral, RuleContext};

/// One heading found at the start of a line.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 一、 / 2 （一） / 3 1. / 4 （1）
    pub level: u8,
    pub ordinal: u32,
    /// Clean offset of the marker start and end.
    pub start: usize,
    pub marker_end: usize,
    pub marker: String,
    /// Index into `ctx.lines`.
    pub line: usize,
    /// Segment (document) number, increasing.
    pub segment: usize,
}

impl Heading {
    /// The marker as GB/T 9704 writes it.
    pub fn canonical(&self) -> String {
        canonical(self.level, self.ordinal)
    }
}

pub fn canonical(level: u8, n: u32) -> String {
    match level {
        1 => format!("{}、", cn_numeral(n)),
        2 => format!("（{}）", cn_numeral(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// Is this line a document title (a compilation boundary)? Short, no marker, no final
/// point, and names a report genre.
pub fn is_title_line(l: &str) -> bool {
    // Fast reject: a title is at most 60 characters (≤ 4 bytes each) after trimming.
    if l.len() > 60 * 4 + 16 {
        return false;
    }
    let t = l.trim();
    let n = t.chars().count();
    (6..=60).contains(&n)
        && !t.ends_with(['。', '；', '，', '：', ':'])
        && [
            "工作总结",
            "工作计划",
            "工作报告",
            "政府工作报告",
            "工作要点",
            "年度总结",
        ]
        .iter()
        .any(|g| t.contains(g))
        && !t.contains(['，', '。', '；', '：', ':', '！', '？'])
        && !t.contains("如下")
        && parse_marker(t).is_none()
        && !t.starts_with([
            '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '（', '(',
        ])
}

/// Parse a heading marker at the start of `t` (already trimmed at the start):
/// (level, ordinal, byte length of the marker including its punctuation).
pub fn parse_marker(t: &str) -> Option<(u8, u32, usize)> {
    // Fast reject without collecting chars: a marker starts with a Chinese numeral, a
    // parenthesis or an ASCII digit (the three cases below).
    let first = t.chars().next()?;
    if !("一二三四五六七八九十".contains(first)
        || matches!(first, '（' | '(')
        || first.is_ascii_digit())
    {
        return None;
    }
    let cs: Vec<(usize, char)> = t.char_indices().take(8).collect();
    let is_cn = |c: char| "一二三四五六七八九十".contains(c);
    let first = cs.first()?.1;
    let next_ok = |i: usize, digits: bool| -> bool {
        // What follows the marker must start text, not a number (1.5亿元) or a unit.
        match cs.get(i).map(|x| x.1) {
            None => true,
            // 一、二季度 / 一、二产业: an abbreviated list of numerals, not a heading.
            Some(c) if is_cn(c) => !cs
                .get(i + 1)
                .is_some_and(|x| "季产线类级等期批".contains(x.1)),
            Some(c) => (digits || !c.is_ascii_digit()) && !matches!(c, '%' | '％' | '.'),
        }
    };
    let end_of = |i: usize| cs.get(i).map(|x| x.0).unwrap_or(t.len());
    if is_cn(first) {
        let k = cs.iter().take_while(|x| is_cn(x.1)).count();
        let n = cn_num(&t[..end_of(k)])?;
        let p = cs.get(k)?.1;
        if matches!(p, '、' | '.' | '．' | '，' | ',') && next_ok(k + 1, p == '、') {
            return Some((1, n, end_of(k + 1)));
        }
        return None;
    }
    if matches!(first, '（' | '(') {
        let k = 1 + cs[1..]
            .iter()
            .take_while(|x| is_cn(x.1) || x.1.is_ascii_digit())
            .count();
        if k == 1 || !matches!(cs.get(k)?.1, '）' | ')') {
            return None;
        }
        let inner = &t[end_of(1)..end_of(k)];
        let (level, n) = if inner.chars().all(|c| c.is_ascii_digit()) {
            (4, inner.parse().ok()?)
        } else {
            (2, cn_num(inner)?)
        };
        let mut e = k + 1;
        if matches!(cs.get(e).map(|x| x.1), Some('、' | '.' | '．' | '，')) {
            e += 1;
        }
        return if next_ok(e, true) && n < 100 {
            Some((level, n, end_of(e)))
        } else {
            None
        };
    }
    if first.is_ascii_digit() {
        let k = cs.iter().take_while(|x| x.1.is_ascii_digit()).count();
        if k > 2 {
            return None;
        }
        let p = cs.get(k)?.1;
        if matches!(p, '.' | '．' | '、' | '，') && next_ok(k + 1, false) {
            let n: u32 = t[..k].parse().ok()?;
            return (n > 0).then_some((3, n, end_of(k + 1)));
        }
    }
    None
}

/// All headings of the clean text, in order, with segment numbers (cached in the context).
pub fn headings<'a>(ctx: &'a RuleContext) -> &'a [Heading] {
    ctx.headings()
}

/// Scan the lines for headings (called once per file by [`RuleContext::headings`]).
pub fn scan_headings(ctx: &RuleContext) -> Vec<Heading> {
    let mut out = Vec::new();
    let docs = ctx.doc_starts();
    let mut seg = 0usize;
    let mut next_doc = 1usize;
    for (i, l) in ctx.lines.iter().enumerate() {
        while next_doc < docs.len() && docs[next_doc].0 <= l.start {
            seg += 1;
            next_doc += 1;
        }
        if l.table {
            continue;
        }
        let raw = ctx.line_text(l);
        let t = raw.trim_start_matches([' ', '\u{3000}', '\t']);
        let off = l.start + (raw.len() - t.len());
        if is_title_line(t) {
            seg += 1;
            continue;
        }
        if let Some((level, ordinal, len)) = parse_marker(t) {
            out.push(Heading {
                level,
                ordinal,
                start: off,
                marker_end: off + len,
                marker: t[..len].to_string(),
                line: i,
                segment: seg,
            });
        }
    }
    out
}

/// Describe a marker for messages: （一）, 1. …
pub fn show(level: u8, n: u32) -> String {
    canonical(level, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(parse_marker("一、总体情况"), Some((1, 1, 6)));
        assert_eq!(parse_marker("十二、其他"), Some((1, 12, 9)));
        assert_eq!(parse_marker("（三）强化保障"), Some((2, 3, 9)));
        assert_eq!(parse_marker("(三)、强化保障"), Some((2, 3, 8)));
        assert_eq!(parse_marker("2.完善制度"), Some((3, 2, 2)));
        assert_eq!(parse_marker("1.5亿元用于"), None);
        assert_eq!(parse_marker("一、二季度"), None);
        assert_eq!(parse_marker("（1）加强"), Some((4, 1, 7)));
        assert_eq!(parse_marker("2023年以来"), None);
        assert_eq!(parse_marker("一是加强"), None);
        assert!(is_title_line("城关镇2024年工作总结和2025年工作计划"));
        assert!(!is_title_line("二、2025年工作计划"));
    }
}
