//! The heading tree of a document, after GB/T 9704: 第一部分 → 一、 → （一） → 1. → （1） → ①.
//!
//! A heading is a line that starts with a numbering marker. Tolerated variants are
//! recorded as written in `marker_text`: 一. 一． 一， for 一、; (一) (一） （一) （一）、 for
//! （一）; 1、 1． 1, for 1.; (1) for （1）. An Arabic number is a marker only when
//! Chinese text follows (not "1.5亿元", "2023年", "10月"). When a heading runs into its
//! body on the same line ("（一）持续深化改革。一是…") the heading ends at the first
//! sentence end (。！？；：).
//!
//! Nesting follows the canonical order of the markers with a stack: a heading closes
//! every open heading of its rank or deeper, then opens below what is left. So a
//! document that starts at （一） has its （一） at depth 1 and its 1. under them; a later
//! 二、 closes them all. When such a document later has 二、 without any 一、, the （一）
//! run before it is wrapped in an unheaded top section (see [`wrap_missing_first`]).
//!
//! Docx style hints: a line with an outline level and no marker becomes a `Styled`
//! heading at that level.

use crate::model::{LineHint, MarkerKind, Role, Section};
use crate::outline::{nchars, Line};
use crate::text::{CleanText, SourceText};

/// A numbering marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub kind: MarkerKind,
    /// The number without punctuation (`一`, `1`).
    pub number: String,
    pub ordinal: Option<u32>,
    /// Byte length of the marker with its punctuation.
    pub len: usize,
}

/// Canonical rank of a marker kind (lower = higher in the tree).
pub(crate) fn rank(k: MarkerKind) -> u8 {
    match k {
        MarkerKind::Part => 0,
        MarkerKind::ChineseComma => 1,
        MarkerKind::ChineseParen => 2,
        MarkerKind::ArabicDot => 3,
        MarkerKind::ArabicParen => 4,
        MarkerKind::Circled => 5,
        MarkerKind::Styled => 1,
        MarkerKind::Inline => 9,
        _ => 1,
    }
}

const CN_DIGITS: &str = "一二三四五六七八九十〇零两百";

/// Value of one Chinese digit (〇/零 0, 一 1, 二/两 2 … 九 9), or None. Shared by the
/// heading reader here and the linter's stricter `check::context::cn_num`.
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a Chinese numeral up to 999 (一 → 1, 十二 → 12, 二十 → 20).
pub(crate) fn cn_value(s: &str) -> Option<u32> {
    let d = cn_digit;
    let mut total = 0u32;
    let mut cur = 0u32;
    let mut any = false;
    for c in s.chars() {
        any = true;
        match c {
            '十' => {
                total += if cur == 0 { 10 } else { cur * 10 };
                cur = 0;
            }
            '百' => {
                total += if cur == 0 { 100 } else { cur * 100 };
                cur = 0;
            }
            _ => cur = d(c)?,
        }
    }
    if any {
        Some(total + cur)
    } else {
        None
    }
}

fn take_cn(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !CN_DIGITS.contains(*c))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    &s[..end]
}

fn take_ascii_digits(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit() && !('０'..='９').contains(c))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    &s[..end]
}

fn arabic_value(s: &str) -> Option<u32> {
    let mut v = 0u32;
    for c in s.chars() {
        let d = if c.is_ascii_digit() {
            c as u32 - '0' as u32
        } else {
            c as u32 - '０' as u32
        };
        v = v.checked_mul(10)?.checked_add(d)?;
    }
    Some(v)
}

/// True when `c` can start the text of a heading after an Arabic marker.
fn starts_text(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || "“《‘（(【".contains(c)
}

/// Parse the marker at the start of a (trimmed) line.
pub(crate) fn marker(t: &str) -> Option<Marker> {
    let first = t.chars().next()?;
    match first {
        '第' => {
            let rest = &t['第'.len_utf8()..];
            let num = take_cn(rest);
            if num.is_empty() {
                return None;
            }
            let after = &rest[num.len()..];
            for w in ["部分", "章", "篇"] {
                if let Some(a) = after.strip_prefix(w) {
                    // 第一部分 must be followed by a break, not by running text like 第一章节…
                    let len = t.len() - a.len();
                    let a2 = a.trim_start_matches([' ', '\u{3000}', '、', '：', ':', '　']);
                    let len2 = t.len() - a2.len();
                    let ok = a.is_empty()
                        || a.len() != a2.len()
                        || a.starts_with(|c: char| starts_text(c));
                    if ok {
                        return Some(Marker {
                            kind: MarkerKind::Part,
                            number: num.to_string(),
                            ordinal: cn_value(num),
                            len: if a2.is_empty() { len } else { len2 },
                        });
                    }
                }
            }
            None
        }
        '（' | '(' => {
            let rest = &t[first.len_utf8()..];
            let cn = take_cn(rest);
            let (kind, num) = if !cn.is_empty() && !cn.contains('〇') {
                (MarkerKind::ChineseParen, cn)
            } else {
                let ar = take_ascii_digits(rest);
                if ar.is_empty() || nchars(ar) > 2 {
                    return None;
                }
                (MarkerKind::ArabicParen, ar)
            };
            let after = &rest[num.len()..];
            let close = after.chars().next()?;
            if close != '）' && close != ')' {
                return None;
            }
            let mut len = t.len() - after.len() + close.len_utf8();
            let tail = &t[len..];
            if let Some(c) = tail.chars().next() {
                if c == '、' || c == '.' || c == '．' {
                    len += c.len_utf8();
                }
            }
            if t[len..].trim().is_empty() {
                return None;
            }
            let ordinal = if kind == MarkerKind::ChineseParen {
                cn_value(num)
            } else {
                arabic_value(num)
            };
            Some(Marker {
                kind,
                number: num.to_string(),
                ordinal,
                len,
            })
        }
        '①'..='⑳' => {
            let ord = first as u32 - '①' as u32 + 1;
            if t[first.len_utf8()..].trim().is_empty() {
                return None;
            }
            Some(Marker {
                kind: MarkerKind::Circled,
                number: ord.to_string(),
                ordinal: Some(ord),
                len: first.len_utf8(),
            })
        }
        c if c.is_ascii_digit() || ('０'..='９').contains(&c) => {
            let num = take_ascii_digits(t);
            if nchars(num) > 2 {
                return None;
            }
            let after = &t[num.len()..];
            let p = after.chars().next()?;
            if !matches!(p, '.' | '．' | '、' | ',' | '，') {
                return None;
            }
            let a = &after[p.len_utf8()..];
            let a = a.trim_start_matches([' ', '\u{3000}']);
            let next = a.chars().next()?;
            if !starts_text(next) {
                return None;
            }
            // "1、2月份" style ranges are not headings.
            if next == '月' || next == '日' || next == '年' {
                return None;
            }
            Some(Marker {
                kind: MarkerKind::ArabicDot,
                number: num.to_string(),
                ordinal: arabic_value(num),
                len: t.len() - a.len(),
            })
        }
        c if CN_DIGITS.contains(c) => {
            let num = take_cn(t);
            let after = &t[num.len()..];
            let p = after.chars().next()?;
            if !matches!(p, '、' | '．' | '.' | '，') {
                return None;
            }
            if after[p.len_utf8()..].trim().is_empty() {
                return None;
            }
            // "一，" only when short numbering is plausible (not "十，" inside prose).
            if p == '，' && nchars(num) > 2 {
                return None;
            }
            Some(Marker {
                kind: MarkerKind::ChineseComma,
                number: num.to_string(),
                ordinal: cn_value(num),
                len: num.len() + p.len_utf8(),
            })
        }
        _ => None,
    }
}

/// End (byte offset within `t`) of the heading text of a line that starts with a marker
/// of byte length `mlen`: the first sentence end after the marker, or the line end.
pub(crate) fn heading_end(t: &str, mlen: usize) -> usize {
    let rest = &t[mlen.min(t.len())..];
    match rest.find(['。', '！', '？', '；', '：', ':', '!', '?']) {
        Some(p) if p > 0 => mlen + p,
        _ => t.len(),
    }
}

/// An unnumbered part heading of a 政府工作报告 ("2023年工作回顾", "2024年工作安排",
/// "全面加强政府自身建设"): a short line without punctuation whose wording has a role or
/// a year. It ranks above 一、 (like 第一部分).
pub(crate) fn is_part_line(t: &str, gov: bool) -> bool {
    if t.len() > 80 {
        return false;
    }
    let n = nchars(t);
    let punct = "。，、；：！？,;:!?（）()《》";
    if !(4..=20).contains(&n) || t.contains(|c: char| punct.contains(c)) {
        return false;
    }
    if crate::outline::split::is_title_like(t) || marker(t).is_some() {
        return false;
    }
    let has_year = t
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(|b| b.is_ascii_digit()));
    let role = crate::outline::role::role_of(t);
    if !gov {
        // Outside 政府工作报告 only "2023年工作回顾"-like lines: a year and a role word.
        return has_year && role != Role::Other;
    }
    role != Role::Other || t.contains("政府自身建设") || (has_year && t.contains("工作"))
}

/// Per-line outline levels from docx styles, indexed by clean line.
#[derive(Debug, Default)]
pub(crate) struct Hints {
    levels: Vec<Option<u8>>,
    titles: Vec<bool>,
}

impl Hints {
    pub fn new(
        hints: &[LineHint],
        source: &SourceText,
        clean: &CleanText,
        lines: &[Line<'_>],
    ) -> Hints {
        if hints.is_empty() {
            return Hints::default();
        }
        let mut levels = vec![None; lines.len()];
        let mut titles = vec![false; lines.len()];
        // Map each clean line to its raw line through its start offset.
        let mut by_raw: std::collections::HashMap<usize, &LineHint> =
            std::collections::HashMap::new();
        for h in hints {
            by_raw.insert(h.line, h);
        }
        for (i, l) in lines.iter().enumerate() {
            let raw_line = source.line_of(clean.to_raw(l.tstart));
            if let Some(h) = by_raw.get(&raw_line) {
                levels[i] = h.outline_level;
                titles[i] = h.style.as_deref().is_some_and(|s| {
                    let s = s.to_ascii_lowercase();
                    s == "title" || s.contains("标题") && !s.contains(char::is_numeric)
                });
            }
        }
        Hints { levels, titles }
    }
    fn level(&self, i: usize) -> Option<u8> {
        self.levels.get(i).copied().flatten()
    }
    pub fn is_title(&self, i: usize) -> bool {
        self.titles.get(i).copied().unwrap_or(false)
    }
}

struct Flat {
    marker: Marker,
    marker_text: String,
    rank: u8,
    depth: usize,
    heading: String,
    heading_start: usize,
    heading_end: usize,
    start: usize,
}

/// Parse the headings of the lines `from..to` (clean offsets), with `doc_end` the end of
/// the document. Returns the top-level sections (depth 1) with their children.
pub(crate) fn parse(
    text: &str,
    lines: &[Line<'_>],
    from: usize,
    to: usize,
    doc_end: usize,
    hints: &Hints,
    parts: bool,
) -> Vec<Section> {
    let _ = text;
    let mut flat: Vec<Flat> = Vec::new();
    let mut stack: Vec<u8> = Vec::new();
    for (i, l) in lines
        .iter()
        .enumerate()
        .take(to.min(lines.len()))
        .skip(from)
    {
        if l.is_blank() {
            continue;
        }
        let m = match marker(l.text) {
            Some(m) => m,
            None => match hints.level(i) {
                Some(lv)
                    if (1..=6).contains(&lv)
                        && l.text.len() <= 240
                        && nchars(l.text) <= 60
                        && !l.text.ends_with('。') =>
                {
                    Marker {
                        kind: MarkerKind::Styled,
                        number: String::new(),
                        ordinal: None,
                        len: 0,
                    }
                }
                _ if is_part_line(l.text, parts) => Marker {
                    kind: MarkerKind::Styled,
                    number: String::new(),
                    ordinal: None,
                    len: 0,
                },
                _ => continue,
            },
        };
        let r = if m.kind == MarkerKind::Styled && hints.level(i).is_none() {
            0
        } else if m.kind == MarkerKind::Styled {
            hints.level(i).unwrap_or(1).saturating_sub(1)
        } else {
            rank(m.kind)
        };
        while stack.last().is_some_and(|&top| top >= r) {
            stack.pop();
        }
        stack.push(r);
        let he = heading_end(l.text, m.len);
        flat.push(Flat {
            marker_text: l.text[..m.len].trim_end().to_string(),
            rank: r,
            depth: stack.len(),
            heading: l.text[..he].trim_end().to_string(),
            heading_start: l.tstart,
            heading_end: l.tstart + he,
            start: l.tstart,
            marker: m,
        });
    }
    wrap_missing_first(&mut flat);
    build(&flat, doc_end, lines)
}

/// A document that numbers （一）（二）… and later goes on with 二、 without any 一、
/// (a drafting slip seen in real reports): the （一） run is really the first part. Its
/// headings move one level down under an unheaded top section built by `build`.
fn wrap_missing_first(flat: &mut [Flat]) {
    let first_cc = flat
        .iter()
        .position(|f| f.marker.kind == MarkerKind::ChineseComma);
    let Some(k) = first_cc else { return };
    if k == 0 || flat[k].marker.ordinal != Some(2) {
        return;
    }
    if flat[..k].iter().any(|f| f.rank <= 1) {
        return;
    }
    for f in &mut flat[..k] {
        f.depth += 1;
    }
}

fn build(flat: &[Flat], doc_end: usize, lines: &[Line<'_>]) -> Vec<Section> {
    // Ends: the start of the next heading at the same or a higher level.
    let mut secs: Vec<(usize, Section)> = Vec::with_capacity(flat.len());
    for (i, f) in flat.iter().enumerate() {
        let end = flat[i + 1..]
            .iter()
            .find(|g| g.depth <= f.depth)
            .map(|g| g.start)
            .unwrap_or(doc_end);
        let end = trim_back(lines, end).max(f.heading_end);
        secs.push((
            f.depth,
            Section {
                heading: f.heading.clone(),
                number: f.marker.number.clone(),
                ordinal: f.marker.ordinal,
                marker: f.marker.kind,
                marker_text: f.marker_text.clone(),
                depth: f.depth,
                role: Role::Other,
                line: 0,
                start: f.start,
                end,
                heading_start: f.heading_start,
                heading_end: f.heading_end,
                children: Vec::new(),
            },
        ));
    }
    // The unheaded wrapper for a missing 一、 (depth 1 items absent before the first 二、).
    if let Some(first) = flat.first() {
        if first.depth == 2 {
            let k = flat.iter().position(|f| f.depth == 1).unwrap_or(flat.len());
            let end = flat
                .get(k)
                .map(|f| trim_back(lines, f.start))
                .unwrap_or(doc_end);
            let wrapper = Section {
                heading: String::new(),
                number: String::new(),
                ordinal: Some(1),
                marker: MarkerKind::Paragraph,
                marker_text: String::new(),
                depth: 1,
                role: Role::Other,
                line: 0,
                start: first.start,
                end,
                heading_start: first.start,
                heading_end: first.start,
                children: Vec::new(),
            };
            secs.insert(0, (1, wrapper));
        }
    }
    // Nest with a stack of open sections.
    let mut roots: Vec<Section> = Vec::new();
    let mut open: Vec<Section> = Vec::new();
    for (depth, s) in secs {
        while open.len() >= depth.max(1) {
            let done = open.pop().expect("non-empty");
            attach(&mut open, &mut roots, done);
        }
        let mut s = s;
        s.depth = open.len() + 1;
        open.push(s);
    }
    while let Some(done) = open.pop() {
        attach(&mut open, &mut roots, done);
    }
    roots
}

fn attach(open: &mut [Section], roots: &mut Vec<Section>, s: Section) {
    match open.last_mut() {
        Some(p) => p.children.push(s),
        None => roots.push(s),
    }
}

/// Move an end offset back over the blank lines before it.
pub(crate) fn trim_back(lines: &[Line<'_>], end: usize) -> usize {
    let k = lines.partition_point(|l| l.start < end);
    // lines[..k] start before end; the last non-blank one ends the content.
    for l in lines[..k].iter().rev() {
        if !l.is_blank() {
            return l.tend().min(end);
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(t: &str) -> Option<(MarkerKind, String, Option<u32>, String)> {
        marker(t).map(|m| (m.kind, m.number.clone(), m.ordinal, t[..m.len].to_string()))
    }

    #[test]
    fn markers() {
        assert_eq!(
            m("一、2023年工作回顾"),
            Some((
                MarkerKind::ChineseComma,
                "一".into(),
                Some(1),
                "一、".into()
            ))
        );
        assert_eq!(
            m("十二、其他"),
            Some((
                MarkerKind::ChineseComma,
                "十二".into(),
                Some(12),
                "十二、".into()
            ))
        );
        assert_eq!(m("（三）强化责任落实").map(|x| x.3), Some("（三）".into()));
        assert_eq!(
            m("(五）广播电视").map(|x| (x.0, x.3)),
            Some((MarkerKind::ChineseParen, "(五）".into()))
        );
        assert_eq!(
            m("(一)强化综合监管").map(|x| x.0),
            Some(MarkerKind::ChineseParen)
        );
        assert_eq!(m("（一）、加强领导").map(|x| x.3), Some("（一）、".into()));
        assert_eq!(
            m("1.公共文化服务").map(|x| (x.0, x.2)),
            Some((MarkerKind::ArabicDot, Some(1)))
        );
        assert_eq!(m("2、加强监管").map(|x| x.0), Some(MarkerKind::ArabicDot));
        assert_eq!(m("3．推进改革").map(|x| x.0), Some(MarkerKind::ArabicDot));
        assert_eq!(
            m("（1）做好宣传").map(|x| x.0),
            Some(MarkerKind::ArabicParen)
        );
        assert_eq!(
            m("②强化保障").map(|x| (x.0, x.2)),
            Some((MarkerKind::Circled, Some(2)))
        );
        assert_eq!(m("第一部分 工作回顾").map(|x| x.0), Some(MarkerKind::Part));
        assert_eq!(
            m("一．工作回顾").map(|x| x.0),
            Some(MarkerKind::ChineseComma)
        );
    }

    #[test]
    fn not_markers() {
        assert_eq!(m("1.5亿元用于基础设施建设"), None);
        assert_eq!(m("2023年，我局坚持"), None);
        assert_eq!(m("12月20日前完成"), None);
        assert_eq!(m("一是加强组织领导。"), None);
        assert_eq!(m("一年来，我们坚持"), None);
        assert_eq!(m("第一议题制度全面落实"), None);
        assert_eq!(m("（2020-2025年）规划"), None);
        assert_eq!(m("100、200人"), None);
        assert_eq!(m("1、2月份完成"), None);
    }

    #[test]
    fn heading_runs_into_body() {
        let t = "（一）持续深化改革。一是推进试点。";
        let mk = marker(t).unwrap();
        assert_eq!(&t[..heading_end(t, mk.len)], "（一）持续深化改革");
        let t = "二、2024年工作计划";
        assert_eq!(heading_end(t, marker(t).unwrap().len), t.len());
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_value("一"), Some(1));
        assert_eq!(cn_value("十"), Some(10));
        assert_eq!(cn_value("十五"), Some(15));
        assert_eq!(cn_value("二十三"), Some(23));
    }
}
