//! Commitments: clauses of a plan that commit to something, with the modality word
//! (力争, 确保, 计划, 将…), the quantified target as written (`3家以上`, `5%左右`) and the
//! deadline (年底, 2024年底, 6月底前, 年内, 明年…); and the 主要预期目标 paragraph of a
//! 政府工作报告, one commitment per target with its indicator (`地区生产总值`).

use super::exclude::is_break;
use super::quantity::{quantities_in, Kind, Mention};
use super::unit::entries;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

const MODALITY: &str = include_str!("../../../../data/extract/modality.txt");

static MODALITIES: LazyLock<Vec<&'static str>> = LazyLock::new(|| entries(MODALITY).collect());

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(?:19|20)\d{2}|二〇[〇一二三四五六七八九]{2})年(?:底前?|末前?|内|前|上半年|下半年|年中|\d{1,2}月(?:底前?|末前?|前|份前)?)?",
        r"|年底前?|年末前?|年内|年中|今年内?|明年|后年|上半年|下半年|\d{1,2}月(?:底|末)前?|\d{1,2}月份?前",
        r"|[一二三四]季度末?|第[一二三四]季度|“?十五五”?(?:期间|末|时期)",
    ))
    .expect("deadline regex")
});

/// Holds 年, 月, 季 or 五 (one pass over the characters instead of four searches):
/// every deadline phrase has one.
fn has_time_char(clause: &str) -> bool {
    clause.contains(['年', '月', '季', '五'])
}

/// The first deadline phrase of a clause (a cheap character test before the regex).
fn deadline_in(clause: &str) -> Option<String> {
    if !has_time_char(clause) {
        return None;
    }
    DEADLINE.find(clause).map(|m| m.as_str().to_string())
}

/// One commitment in a plain text. Offsets are bytes relative to the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentHit {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub modality: Option<&'static str>,
    pub target: Option<String>,
    pub deadline: Option<String>,
    pub indicator: Option<String>,
    pub five_year: bool,
}

static MODALITY_AC: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    // Searched in short clause heads: a DFA without a prefilter beats the packed
    // (SIMD) prefilter there, whose set-up costs more than the scan.
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .prefilter(false)
        .build(MODALITIES.iter())
        .unwrap_or_else(|_| aho_corasick::AhoCorasick::new(["\u{0}"]).expect("trivial automaton"))
});

/// The first modality word of a clause (earliest, longest), with its byte offset.
fn first_modality(clause: &str) -> Option<(usize, &'static str)> {
    for m in MODALITY_AC.find_iter(clause) {
        let i = m.start();
        let w = MODALITIES.get(m.pattern().as_usize())?;
        // 将 as in 将…纳入 still commits; skip 将近 (a qualifier) and 要求/要点/重要.
        if *w == "将" && clause[i..].starts_with("将近") {
            continue;
        }
        if *w == "要"
            && (clause[i..].starts_with("要求")
                || clause[i..].starts_with("要点")
                || clause[i..].starts_with("要素")
                || clause[..i].ends_with('重')
                || clause[..i].ends_with('主')
                || clause[..i].ends_with('需'))
        {
            continue;
        }
        return Some((i, w));
    }
    None
}

/// Is this mention a target (not a year or date-like helper)?
fn is_target(m: &Mention) -> bool {
    !(m.kind == Kind::Number
        && m.value
            .is_some_and(|v| v.fract() == 0.0 && (1949.0..=2100.0).contains(&v)))
}

/// The target as written, with its qualifiers (`不少于150万元`, `3家以上`).
fn target_text(s: &str, m: &Mention) -> String {
    s.get(m.outer_start..m.outer_end).unwrap_or("").to_string()
}

/// Starts with a heading marker: （一） 一、 1. 1、 （1）.
fn is_heading(t: &str) -> bool {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let mut cs = t.chars();
    match cs.next() {
        Some('（') | Some('(') => cs.next().is_some_and(|c| cn(c) || c.is_ascii_digit()),
        Some(c) if cn(c) => t.chars().find(|c| !cn(*c)) == Some('、'),
        Some(c) if c.is_ascii_digit() => {
            matches!(
                t.chars().find(|c| !c.is_ascii_digit()),
                Some('.' | '、' | '．')
            )
        }
        _ => false,
    }
}

/// At least two characters (a cheap `chars().count() > 1`).
#[inline]
fn two_chars(t: &str) -> bool {
    let mut cs = t.chars();
    cs.next().is_some() && cs.next().is_some()
}

/// At least `n` characters, counting no further than needed.
#[inline]
fn at_least_chars(t: &str, n: usize) -> bool {
    t.len() >= n && (t.len() >= 4 * n || t.chars().nth(n - 1).is_some())
}

/// Sentence pieces of `text` (split at 。；！？ and line ends), as byte ranges.
///
/// A byte scan: the lead bytes of 。(E3 80 82) and ；！？(EF BC 9B/81/9F) never occur
/// inside another character, so no UTF-8 decoding is needed.
pub(crate) fn sentences(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let (len, newline) = match b[i] {
            b'\n' => (1, true),
            b';' => (1, false),
            0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x82) => (3, false),
            0xEF if b.get(i + 1) == Some(&0xBC)
                && matches!(b.get(i + 2), Some(0x9B | 0x81 | 0x9F)) =>
            {
                (3, false)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let e = i + len;
        if two_chars(text[start..i].trim()) {
            out.push((start, if newline { i } else { e }));
        }
        start = e;
        i = e;
    }
    if start < text.len() && two_chars(text[start..].trim()) {
        out.push((start, text.len()));
    }
    out
}

/// Commitments in one sentence `text[a..b]`: sub-clauses (split at `，`) grouped so
/// that each group starts where a modality word appears; a group is a commitment when
/// it has a modality word or a quantified target.
/// `qs` are the quantities of the whole `text` (from [`quantities_in`]), in order.
pub fn commitments_in_sentence(
    text: &str,
    a: usize,
    b: usize,
    qs: &[Mention],
) -> Vec<CommitmentHit> {
    let sent = match text.get(a..b) {
        Some(t) => t,
        None => return vec![],
    };
    // Group pieces: a group starts at a piece with a modality word near its start, or
    // at a piece with its own target when the group already has one (the modality of
    // a list of targets carries over: 力争…3600人以上，失业率控制在3.5%以内).
    // Pieces (split at `，`/`,`) are read as they are found and each group is finished
    // when the next one opens: no per-sentence vectors.
    let mut out = Vec::new();
    let mut cur: Option<Group> = None;
    let sb = sent.as_bytes();
    let (mut st, mut i) = (0, 0);
    loop {
        // The next piece: up to ',' or '，' (EF BC 8C), found by a byte scan.
        let (pe, next) = loop {
            if i >= sb.len() {
                break (sb.len(), None);
            }
            if sb[i] == b',' {
                break (i, Some(i + 1));
            }
            if sb[i] == 0xEF && sb.get(i + 1) == Some(&0xBC) && sb.get(i + 2) == Some(&0x8C) {
                break (i, Some(i + 3));
            }
            i += 1;
        };
        let ps = st;
        let piece = &sent[ps..pe];
        // Only a modality word near the start of the piece opens a group: search there.
        let mut e = piece.len().min(24);
        while !piece.is_char_boundary(e) {
            e -= 1;
        }
        let head = &piece[..e];
        let m = first_modality(head).filter(|(i, _)| *i <= 12).map(|x| x.1);
        let (pa, pb) = (a + ps, a + pe);
        let lo = qs.partition_point(|m| m.start < pa);
        let t = qs[lo..]
            .iter()
            .take_while(|m| m.end <= pb)
            .find(|m| is_target(m));
        match cur.as_mut() {
            Some(g) if m.is_none() && !(t.is_some() && g.target.is_some()) => {
                g.end = pe;
                if g.target.is_none() {
                    g.target = t;
                }
            }
            last => {
                let inherited = m.or_else(|| last.as_ref().and_then(|g| g.modality));
                let opened = Group {
                    start: ps,
                    end: pe,
                    modality: inherited,
                    target: t,
                };
                if let Some(done) = cur.replace(opened) {
                    finish_group(text, a, sent, done, &mut out);
                }
            }
        }
        match next {
            Some(n) => {
                st = n;
                i = n;
            }
            None => break,
        }
    }
    if let Some(done) = cur {
        finish_group(text, a, sent, done, &mut out);
    }
    out
}

/// A run of clause pieces that may make one commitment (see [`commitments_in_sentence`]).
struct Group<'q> {
    start: usize,
    end: usize,
    modality: Option<&'static str>,
    /// The first target (offsets in `text`).
    target: Option<&'q Mention>,
}

/// The commitment of a finished group, if it is one.
fn finish_group(text: &str, a: usize, sent: &str, g: Group, out: &mut Vec<CommitmentHit>) {
    let (gs, ge, modality) = (g.start, g.end, g.modality);
    let clause = &sent[gs..ge];
    let trimmed_start = gs + (clause.len() - clause.trim_start().len());
    let clause_t = clause.trim();
    if !at_least_chars(clause_t, 4) {
        return;
    }
    let tq = g.target;
    if modality.is_none() && tq.is_none() {
        return;
    }
    // A heading (（一）加快技能人才队伍建设) is not itself a commitment.
    if tq.is_none() && is_heading(clause_t) {
        return;
    }
    let deadline = deadline_in(clause_t);
    // 十五五 holds 五 and 2030年 holds 年: without those no five-year mark either.
    let five_year =
        has_time_char(clause_t) && (clause_t.contains("十五五") || clause_t.contains("2030年"));
    let start = a + trimmed_start;
    let end = start + clause_t.trim_end_matches(['。', '；', ';']).len();
    out.push(CommitmentHit {
        start,
        end,
        text: text.get(start..end).unwrap_or("").to_string(),
        modality,
        target: tq.map(|m| target_text(text, m)),
        deadline,
        indicator: tq.and_then(|m| m.subject.clone()),
        five_year,
    });
}

/// Commitments in every sentence of a plan text.
pub fn commitments_in(text: &str) -> Vec<CommitmentHit> {
    let qs = quantities_in(text);
    sentences(text)
        .into_iter()
        .flat_map(|(a, b)| commitments_in_sentence(text, a, b, &qs))
        .collect()
}

/// The 主要预期目标 paragraphs of a 政府工作报告: `(start, end)` of the part after the
/// lead-in, one per paragraph that states them.
pub fn expected_target_paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| t.find("预期目标")) {
        let at = from + i;
        from = at + "预期目标".len();
        let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |p| at + p);
        let head = &text[line_start..at];
        if !["主要", "主要的", "发展的", "发展", "社会的"]
            .iter()
            .any(|w| head.ends_with(w))
        {
            continue;
        }
        let rest = &text[from..line_end];
        // The lead-in ends at the first colon, or at 是/为 right after the keyword.
        let off = rest
            .find(['：', ':'])
            .map(|p| p + rest[p..].chars().next().map_or(1, char::len_utf8))
            .or_else(|| {
                ["是", "为", "建议为", "确定为"]
                    .iter()
                    .find_map(|w| rest.starts_with(w).then_some(w.len()))
            });
        let off = match off {
            Some(o) if o <= 40 => o,
            _ => continue,
        };
        let s = from + off;
        if line_end > s && !out.iter().any(|&(a, _)| a == s) {
            out.push((s, line_end));
        }
        from = line_end.max(from);
    }
    out
}

/// One commitment per target of a 主要预期目标 paragraph `text[a..b]`.
pub fn expected_targets(text: &str, a: usize, b: usize) -> Vec<CommitmentHit> {
    let para = match text.get(a..b) {
        Some(p) => p,
        None => return vec![],
    };
    let lead = text.get(a.saturating_sub(300)..a).unwrap_or("");
    let five = lead.contains("十五五") || lead.contains("五年") || lead.contains("2030");
    let mut out = Vec::new();
    let mut st = 0;
    let mut last_indicator: Option<String> = None;
    let mut push = |s: usize, e: usize, out: &mut Vec<CommitmentHit>| {
        let item = &para[s..e];
        let lead_ws = item.len() - item.trim_start().len();
        let item_t = item.trim().trim_end_matches('。');
        if item_t.chars().count() < 2 {
            return;
        }
        let qs = quantities_in(item_t);
        let tq = qs.iter().find(|m| is_target(m));
        let tq = match tq {
            Some(t) => t,
            None => return,
        };
        let mut indicator = tq.subject.clone().map(|x| strip_indicator(&x));
        // 经济增长5.5%左右: the verb is part of the indicator.
        if indicator.as_deref() == Some("经济") {
            indicator = Some("经济增长".to_string());
        }
        if indicator
            .as_deref()
            .is_none_or(|i| i.is_empty() || first_modality(i).is_some_and(|(k, _)| k == 0))
        {
            indicator = last_indicator.clone();
        }
        last_indicator = indicator.clone();
        let start = a + s + lead_ws;
        let modality = first_modality(item_t)
            .filter(|(i, _)| *i == 0)
            .map(|x| x.1)
            .or(Some("预期"));
        out.push(CommitmentHit {
            start,
            end: start + item_t.len(),
            text: item_t.to_string(),
            modality,
            target: Some(target_text(item_t, tq)),
            deadline: deadline_in(item_t),
            indicator,
            five_year: five || item_t.contains("十五五"),
        });
    };
    for (i, c) in para.char_indices() {
        if matches!(c, '，' | '；' | '、' | ',' | ';' | '。') {
            push(st, i, &mut out);
            st = i + c.len_utf8();
        }
    }
    push(st, para.len(), &mut out);
    out
}

/// The indicator without a leading scope word (全省/全市/全区) or trailing verb.
fn strip_indicator(s: &str) -> String {
    let mut t = s;
    for p in [
        "全省", "全市", "全区", "全县", "我省", "我市", "我区", "力争", "确保",
    ] {
        if let Some(x) = t.strip_prefix(p) {
            t = x;
        }
    }
    for suf in ["控制在", "保持在", "稳定在", "控制", "保持", "稳定"] {
        if let Some(x) = t.strip_suffix(suf) {
            t = x;
        }
    }
    t.trim_matches(|c: char| is_break(c) || c.is_whitespace())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_clause_with_target_and_deadline() {
        let t = "力争年底前争创县级清廉村居3家以上，确保全年新增就业5000人。";
        let c = commitments_in(t);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].modality, Some("力争"));
        assert_eq!(c[0].target.as_deref(), Some("3家以上"));
        assert_eq!(c[0].deadline.as_deref(), Some("年底前"));
        assert_eq!(c[1].modality, Some("确保"));
        assert_eq!(c[1].target.as_deref(), Some("5000人"));
    }

    #[test]
    fn expected_targets_one_per_item() {
        let t = "综合考虑，今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业60万人以上、城镇调查失业率5.5%左右，居民消费价格涨幅2%左右，居民收入增长与经济增长同步。\n";
        let paras = expected_target_paragraphs(t);
        assert_eq!(paras.len(), 1);
        let c = expected_targets(t, paras[0].0, paras[0].1);
        let got: Vec<(Option<&str>, Option<&str>)> = c
            .iter()
            .map(|c| (c.indicator.as_deref(), c.target.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some("地区生产总值"), Some("5%左右")),
                (Some("城镇新增就业"), Some("60万人以上")),
                (Some("城镇调查失业率"), Some("5.5%左右")),
                (Some("居民消费价格涨幅"), Some("2%左右")),
            ]
        );
        assert!(c.iter().all(|c| !c.five_year));
    }
}
