//! Document metadata: issuing unit, administrative level, kind, summary and plan years.
//!
//! Decisions (documented here because later stages rely on them):
//! - **unit** is the name as written. From the title, it is the part before the first
//!   year (or before 工作总结/工作计划), cut after its last unit suffix: "区审计局2023年…"
//!   → 区审计局, "乡国民经济和社会发展2023年…" → 乡. Without one in the title, the first
//!   body paragraph is read for "<名称>上下/坚持/深入…" (萧县卫生健康委上下深入学习…).
//!   For a 政府工作报告 the unit is the government: "<place>人民政府", the place taken
//!   from the session line ("在云南省第十四届人民代表大会…" → 云南省人民政府), the title
//!   ("2026年上海市政府工作报告" → 上海市人民政府), "我代表市人民政府" (→ 市人民政府),
//!   or the dataset's `province` column.
//! - **level** comes from the last administrative suffix of the unit (data/admin-levels.txt,
//!   minus the words of data/admin-level-exclusions.txt): 县医疗保障局 → 县, 区城市管理局
//!   → 区, 黔东南州 → 市, 上海市 → 省.
//! - **kind**: 政府工作报告 in the title or the opening "各位代表…报告工作" → gov-report;
//!   总结 in the title → summary; 计划/要点/安排/打算/思路 alone → plan; else other.
//! - **years**: each year in the title takes the word that follows it: 总结/回顾 → summary
//!   year, 计划/要点/安排 → plan year ("2024工作计划" without 年 counts). A 政府工作报告 of
//!   year Y (title, session date "——2025年1月15日在…", the dataset's `year`, or its review
//!   heading "2023年工作回顾" + 1) reviews Y-1 and plans Y. A summary-only title gives
//!   plan_year = summary_year + 1 only when the document has a plan section. Without years
//!   in the title, the review/plan headings' years are used.

use crate::model::{DocKind, Role, Section};
use crate::outline::{is_space, split::squash, split::DocRange, Line};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What [`analyse`] found.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub unit: Option<String>,
    pub level: Option<String>,
    pub kind: DocKind,
}

struct Levels {
    ac: AhoCorasick,
    /// None for exclusion words.
    level: Vec<Option<String>>,
}

static LEVELS: LazyLock<Levels> = LazyLock::new(|| {
    let mut pats = Vec::new();
    let mut level = Vec::new();
    for l in include_str!("../../../../data/admin-levels.txt").lines() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        if let Some((s, lv)) = l.split_once('\t') {
            pats.push(s.to_string());
            level.push(Some(lv.to_string()));
        }
    }
    for l in include_str!("../../../../data/admin-level-exclusions.txt").lines() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        pats.push(l.trim().to_string());
        level.push(None);
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&pats)
        .expect("levels build");
    Levels { ac, level }
});

/// The administrative level of a unit name, from its last admin suffix.
pub(crate) fn level_of(unit: &str) -> Option<String> {
    let l = &*LEVELS;
    let mut last = None;
    for m in l.ac.find_iter(unit) {
        if let Some(lv) = &l.level[m.pattern().as_usize()] {
            last = Some(lv.clone());
        }
    }
    last
}

const UNIT_SUFFIXES: [&str; 26] = [
    "办事处",
    "处",
    "委员会",
    "人民政府",
    "政府",
    "局",
    "委",
    "办公室",
    "办",
    "中心",
    "街道",
    "镇",
    "乡",
    "县",
    "区",
    "市",
    "省",
    "村",
    "社区",
    "院",
    "所",
    "厅",
    "公司",
    "队",
    "站",
    "馆",
];

/// Cut a title prefix after its last unit suffix ("乡国民经济和社会发展" → "乡").
fn cut_unit(prefix: &str) -> Option<String> {
    let p = prefix.trim_matches(|c: char| is_space(c) || "，,、：:".contains(c));
    if p.is_empty() {
        return None;
    }
    let mut best: Option<usize> = None;
    for s in UNIT_SUFFIXES {
        let mut from = 0;
        while let Some(i) = p[from..].find(s) {
            let end = from + i + s.len();
            // "城市" in "区城市管理局" is no suffix end when a word follows; taking the
            // last suffix end handles it.
            best = Some(best.map_or(end, |b: usize| b.max(end)));
            from = end;
        }
    }
    best.map(|e| p[..e].to_string()).filter(|u| !u.is_empty())
}

/// The part of a title before its first year or its report word.
fn title_prefix(title: &str) -> &str {
    let t = title.trim();
    let mut cut = t.len();
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            cut = i;
            break;
        }
    }
    for w in [
        "年度",
        "工作总结",
        "工作计划",
        "工作要点",
        "工作报告",
        "总结",
        "计划",
    ] {
        if let Some(i) = t.find(w) {
            cut = cut.min(i);
        }
    }
    &t[..cut]
}

static BODY_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[，。；：、,])(?:今年以来|\d{4}年以来|\d{4}年|一年来|过去一年)?[，,]?((?:XX|X|\p{Han}){2,14}?(?:卫生健康委员会|卫生健康委|人民政府|委员会|管理局|局|委|办公室|中心|街道|镇|乡|县|区|市|村))(?:上下|始终|坚持|以|深入|全面|认真|紧紧|积极|锚定|按照|围绕|聚焦|立足|紧扣|全力|牢牢|在|把|将|切实|不断|持续)",
    )
    .expect("body unit regex")
});

static SESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\d{4})年\d{1,2}月\d{1,2}日)?在(\p{Han}{2,12}?)第[一二三四五六七八九十]+届人民代表大会").expect("session regex")
});

static REPRESENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"我代表(\p{Han}{0,10}?人民政府|行署|国务院|\p{Han}{0,6}?政府)")
        .expect("represent regex")
});

fn is_gov_report(title: &str, header: &str, body_head: &str, doc: &str) -> bool {
    let t = squash(title);
    if t.contains("政府工作报告") {
        return true;
    }
    let h = squash(header);
    if h.contains("政府工作报告") && (h.contains("人民代表大会") || h.contains("各位代表"))
    {
        return true;
    }
    let reports = body_head.contains("报告工作")
        || body_head.contains("报告政府工作")
        || body_head.contains("作工作报告");
    if reports
        && (body_head.contains("各位代表")
            || body_head.contains("各位主任")
            || body_head.contains("我代表"))
    {
        return true;
    }
    // No opening at all (the text starts at "2023年工作回顾"): the address to the
    // deputies further on and the word 政府工作 still give it away.
    memchr::memmem::find(doc.as_bytes(), "各位代表".as_bytes()).is_some()
        && memchr::memmem::find(doc.as_bytes(), "政府工作".as_bytes()).is_some()
}

/// Unit, level and kind of a document.
pub(crate) fn analyse(
    title: &str,
    header: &str,
    text: &str,
    lines: &[Line<'_>],
    r: &DocRange,
    metadata: &BTreeMap<String, String>,
) -> Meta {
    // The opening of the body (first ~600 bytes after the title).
    let body_start = lines
        .get(r.body_line)
        .map(|l| l.tstart)
        .unwrap_or(r.start)
        .min(r.end);
    let mut body_end = (body_start + 900).min(r.end.max(body_start));
    while !text.is_char_boundary(body_end) {
        body_end -= 1;
    }
    let body_head = text.get(body_start..body_end).unwrap_or("");

    let st = squash(title);
    let doc = text.get(r.start..r.end).unwrap_or("");
    let kind = if is_gov_report(title, header, body_head, doc) {
        DocKind::GovReport
    } else if st.contains("总结") || st.contains("小结") || st.contains("述职") {
        DocKind::Summary
    } else if ["计划", "要点", "安排", "打算", "思路", "规划"]
        .iter()
        .any(|w| st.contains(w))
    {
        DocKind::Plan
    } else {
        DocKind::Other
    };

    let unit = if kind == DocKind::GovReport {
        gov_unit(&st, header, body_head, metadata)
    } else {
        cut_unit(title_prefix(title)).or_else(|| body_unit(body_head))
    };
    let level = unit.as_deref().and_then(level_of);
    Meta { unit, level, kind }
}

fn gov_unit(
    st: &str,
    header: &str,
    body_head: &str,
    metadata: &BTreeMap<String, String>,
) -> Option<String> {
    let gov = |place: &str| {
        let p = place.trim_end_matches("人民").trim_end_matches('的');
        if p.is_empty() {
            None
        } else {
            Some(format!("{p}人民政府"))
        }
    };
    if let Some(c) = SESSION
        .captures(header)
        .or_else(|| SESSION.captures(body_head))
    {
        if let Some(p) = c.get(2) {
            if let Some(u) = gov(p.as_str()) {
                return Some(u);
            }
        }
    }
    if let Some(i) = st.find("政府工作报告") {
        let pre = st[..i].trim_start_matches(|c: char| c.is_ascii_digit() || c == '年');
        if let Some(u) = gov(pre) {
            return Some(u);
        }
    }
    if let Some(c) = REPRESENT.captures(body_head) {
        let u = c
            .get(1)
            .map(|m| m.as_str().to_string())
            .filter(|u| u != "政府");
        if u.is_some() {
            return u;
        }
    }
    metadata
        .get("province")
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .and_then(gov)
}

fn body_unit(body_head: &str) -> Option<String> {
    for c in BODY_UNIT.captures_iter(body_head) {
        let Some(m) = c.get(1) else { continue };
        let u = m.as_str();
        if u.starts_with('在') || u.contains("领导") || u.contains('的') || u.starts_with('我')
        {
            continue;
        }
        return Some(u.to_string());
    }
    None
}

const SUMMARY_WORDS: [&str; 5] = ["总结", "回顾", "小结", "述职", "情况"];
const PLAN_WORDS: [&str; 7] = ["计划", "要点", "安排", "打算", "思路", "规划", "任务"];

/// Years in a text with the word that follows each: (year, Some(true) summary /
/// Some(false) plan / None).
fn years_in(t: &str) -> Vec<(i32, Option<bool>)> {
    let b = t.as_bytes();
    let mut pos = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            && (b[i] == b'1' || b[i] == b'2')
        {
            let y: i32 = t[i..i + 4].parse().unwrap_or(0);
            if (1949..=2100).contains(&y) {
                pos.push((i, y));
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (k, &(p, y)) in pos.iter().enumerate() {
        let stop = pos.get(k + 1).map(|x| x.0).unwrap_or(t.len());
        let seg = &t[p..stop];
        let s = SUMMARY_WORDS.iter().filter_map(|w| seg.find(w)).min();
        let pl = PLAN_WORDS.iter().filter_map(|w| seg.find(w)).min();
        let role = match (s, pl) {
            (Some(a), Some(b)) => Some(a < b),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        };
        out.push((y, role));
    }
    out
}

/// The first year mentioned in the heading of a top section with the given role.
fn heading_year(sections: &[Section], role: Role) -> Option<i32> {
    sections
        .iter()
        .filter(|s| s.role == role)
        .find_map(|s| years_in(&s.heading).first().map(|y| y.0))
}

/// Summary year and plan year of a document.
pub(crate) fn years(
    title: &str,
    header: &str,
    m: &Meta,
    sections: &[Section],
    metadata: &BTreeMap<String, String>,
) -> (Option<i32>, Option<i32>) {
    let ty = years_in(&squash(title));
    let has_plan = sections.iter().any(|s| s.role == Role::Plan);
    if m.kind == DocKind::GovReport {
        let y = ty
            .first()
            .map(|y| y.0)
            .or_else(|| {
                SESSION
                    .captures(header)
                    .and_then(|c| c.get(1))
                    .and_then(|y| y.as_str().parse().ok())
            })
            .or_else(|| metadata.get("year").and_then(|y| y.trim().parse().ok()))
            .or_else(|| heading_year(sections, Role::Review).map(|y| y + 1))
            .or_else(|| heading_year(sections, Role::Plan))
            .or_else(|| heading_year(sections, Role::Problems).map(|y| y + 1));
        return (y.map(|y| y - 1), y);
    }
    let mut summary = ty.iter().find(|y| y.1 == Some(true)).map(|y| y.0);
    let mut plan = ty.iter().find(|y| y.1 == Some(false)).map(|y| y.0);
    if summary.is_none() && plan.is_none() {
        if let Some(&(y, _)) = ty.first() {
            match m.kind {
                DocKind::Plan => plan = Some(y),
                _ => summary = Some(y),
            }
        }
    }
    if summary.is_none() && plan.is_none() {
        summary = heading_year(sections, Role::Review);
        plan = heading_year(sections, Role::Plan);
    }
    if plan.is_none() && has_plan {
        plan = summary.map(|y| y + 1);
    }
    (summary, plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(level_of("县医疗保障局").as_deref(), Some("县"));
        assert_eq!(level_of("区城市管理局").as_deref(), Some("区"));
        assert_eq!(level_of("市审计局").as_deref(), Some("市"));
        assert_eq!(level_of("XX镇").as_deref(), Some("镇"));
        assert_eq!(level_of("云南省人民政府").as_deref(), Some("省"));
        assert_eq!(level_of("上海市人民政府").as_deref(), Some("省"));
        assert_eq!(level_of("宁夏回族自治区人民政府").as_deref(), Some("省"));
        assert_eq!(level_of("黔东南州人民政府").as_deref(), Some("市"));
        assert_eq!(level_of("某某街道").as_deref(), Some("街道"));
        assert_eq!(level_of("乡村振兴局"), None);
    }

    #[test]
    fn units_from_titles() {
        assert_eq!(
            cut_unit(title_prefix("区审计局2023年工作总结和2024年工作计划")).as_deref(),
            Some("区审计局")
        );
        assert_eq!(
            cut_unit(title_prefix("乡国民经济和社会发展2023年工作总结")).as_deref(),
            Some("乡")
        );
        assert_eq!(
            cut_unit(title_prefix("2023年度工作总结和2024年度工作计划")),
            None
        );
        assert_eq!(
            cut_unit(title_prefix("某县农业农村局工作总结")).as_deref(),
            Some("某县农业农村局")
        );
    }

    #[test]
    fn unit_from_body() {
        let b = "今年以来，在县委、县政府的坚强领导下，在市卫生健康委的有力指导下，某县卫生健康委上下深入学习贯彻…";
        assert_eq!(body_unit(b).as_deref(), Some("某县卫生健康委"));
        let b = "今年以来，某某镇在县委、县政府的坚强领导下，坚持围绕发展定位";
        assert_eq!(body_unit(b).as_deref(), Some("某某镇"));
    }

    #[test]
    fn title_years() {
        assert_eq!(
            years_in("2023年工作总结2024年工作计划"),
            vec![(2023, Some(true)), (2024, Some(false))]
        );
        assert_eq!(
            years_in("县应急管理局2023年工作总结和2024工作计划"),
            vec![(2023, Some(true)), (2024, Some(false))]
        );
        assert_eq!(years_in("某镇2024工作计划"), vec![(2024, Some(false))]);
    }
}
