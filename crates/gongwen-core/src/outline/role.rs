//! The role of each top section: `review` (work done), `problems`, `plan`,
//! `suggestions` or `other`, decided from the wording of its heading with the weighted
//! word list `data/role-words.txt` (the heaviest word wins; ties go to the earliest).
//!
//! Rules beyond the heading words, in order:
//! - An unheaded problems paragraph: the trailing paragraphs of a review section (after
//!   its last heading) are read; the first one whose opening holds a contrast (但, 同时,
//!   也…) followed by a problems cue (存在一些问题, 短板, 清醒认识到…) starts a new top
//!   section with marker `Paragraph`, `number: ""`, role `problems` and the paragraph's
//!   first clause as heading; the review section ends before it.
//! - Sections without a role word that come before the first problems/plan section of a
//!   summary or 政府工作报告 are `review` (the unheaded （一） run of a document missing
//!   its 一、 is one of them); in a 政府工作报告, unclassified sections after the plan
//!   problems or plan section are `plan` (e.g. "三、全面加强政府自身建设"), and a
//!   "2024年工作建议" part is `plan` too.
//! - Children inherit the role of their top section.

use crate::model::{DocKind, MarkerKind, Role, Section};
use crate::outline::{heading::trim_back, nchars, Line};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;

struct Words {
    ac: AhoCorasick,
    meta: Vec<(Role, u8)>,
    cues: AhoCorasick,
    /// Per cue: true when it opens a problems paragraph without a contrast word.
    cue_alone: Vec<bool>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut pats = Vec::new();
    let mut meta = Vec::new();
    let mut cues = Vec::new();
    let mut cue_alone = Vec::new();
    for l in include_str!("../../../../data/role-words.txt").lines() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let mut it = l.split('\t');
        let (Some(r), Some(w), Some(word)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        if r == "cue" {
            cues.push(word.to_string());
            cue_alone.push(w == "2");
            continue;
        }
        let Some(role) = Role::parse(r) else { continue };
        pats.push(word.to_string());
        meta.push((role, w.parse().unwrap_or(1)));
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&pats)
        .expect("role words build");
    let cues = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&cues)
        .expect("cues build");
    Words {
        ac,
        meta,
        cues,
        cue_alone,
    }
});

/// The role of a heading from its wording, `Other` when no word matches.
pub(crate) fn role_of(heading: &str) -> Role {
    let w = &*WORDS;
    let mut best: Option<(u8, usize, Role)> = None;
    for m in w.ac.find_overlapping_iter(heading) {
        let (role, weight) = w.meta[m.pattern().as_usize()];
        let better = match best {
            None => true,
            Some((bw, bpos, _)) => weight > bw || (weight == bw && m.start() < bpos),
        };
        if better {
            best = Some((weight, m.start(), role));
        }
    }
    best.map(|b| b.2).unwrap_or(Role::Other)
}

const CONTRAST: [&str; 8] = ["但", "同时", "然而", "不过", "也", "仍", "还", "虽然"];

/// True when a paragraph opens on problems ("…取得了一定成效，但…还有不少短板").
pub(crate) fn opens_problems(p: &str) -> bool {
    let head = match p.char_indices().nth(140) {
        Some((i, _)) => &p[..i],
        None => p,
    };
    WORDS.cues.find_iter(head).any(|m| {
        let before = &head[..m.start()];
        WORDS.cue_alone[m.pattern().as_usize()]
            || m.start() == 0
            || CONTRAST.iter().any(|c| before.contains(c))
    })
}

/// Assign roles to the top sections of a document and propagate them to the children.
pub(crate) fn assign(
    text: &str,
    lines: &[Line<'_>],
    sections: &mut Vec<Section>,
    kind: DocKind,
    doc_end: usize,
    _body: usize,
) {
    for s in sections.iter_mut() {
        s.role = if s.marker == MarkerKind::Paragraph {
            Role::Other
        } else {
            role_of(&s.heading)
        };
    }
    // Unheaded problems paragraphs after a review section.
    let mut i = 0;
    while i < sections.len() {
        if sections[i].role == Role::Review && !sections.iter().any(|s| s.role == Role::Problems) {
            if let Some(p) = unheaded_problems(text, lines, &mut sections[i], doc_end) {
                sections.insert(i + 1, p);
                i += 1;
            }
        }
        i += 1;
    }
    // A later heading with a later year than the first review heading looks ahead
    // ("一、2023年工作回顾" … "二、2024年主要工作").
    if let Some(k) = sections.iter().position(|s| s.role == Role::Review) {
        if let Some(ry) = first_year(&sections[k].heading) {
            for s in &mut sections[k + 1..] {
                let later = first_year(&s.heading).is_some_and(|y| y > ry);
                if later && matches!(s.role, Role::Review | Role::Other) {
                    s.role = Role::Plan;
                }
            }
        }
    }
    // Positional fallbacks.
    if matches!(kind, DocKind::Summary | DocKind::GovReport) {
        if let Some(k) = sections.iter().position(|s| s.role != Role::Other) {
            if matches!(
                sections[k].role,
                Role::Problems | Role::Plan | Role::Suggestions
            ) {
                for s in &mut sections[..k] {
                    s.role = Role::Review;
                }
            }
        }
    }
    if kind == DocKind::GovReport {
        // In a 政府工作报告 everything after the review (and its problems) is the year's
        // work: "工作建议" means proposed tasks, "三、全面加强政府自身建设" is a task.
        for s in sections.iter_mut() {
            if s.role == Role::Suggestions {
                s.role = Role::Plan;
            }
        }
        if let Some(k) = sections
            .iter()
            .position(|s| matches!(s.role, Role::Plan | Role::Problems))
        {
            for s in &mut sections[k + 1..] {
                if s.role == Role::Other {
                    s.role = Role::Plan;
                }
            }
        }
        // After the plan part begins nothing looks back: "二、提升困难群众兜底保障…" in
        // the list of 民生实事 is a task, not a problem.
        if let Some(k) = sections.iter().position(|s| s.role == Role::Plan) {
            for s in &mut sections[k + 1..] {
                s.role = Role::Plan;
            }
        }
    }
    for s in sections.iter_mut() {
        let r = s.role;
        inherit(s, r);
    }
}

/// The first four-digit year of a heading.
fn first_year(h: &str) -> Option<i32> {
    let b = h.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let digits = b[i..i + 4].iter().all(|c| c.is_ascii_digit());
        let starts = i == 0 || !b[i - 1].is_ascii_digit();
        if digits && starts {
            h.get(i..i + 4).and_then(|y| y.parse().ok())
        } else {
            None
        }
    })
}

fn inherit(s: &mut Section, r: Role) {
    s.role = r;
    for c in &mut s.children {
        inherit(c, r);
    }
}

/// The start of the last heading inside a section (itself included).
fn last_heading_start(s: &Section) -> usize {
    let mut h = s.heading_start;
    for c in &s.children {
        if c.marker != MarkerKind::Inline {
            h = h.max(last_heading_start(c));
        }
    }
    h
}

fn unheaded_problems(
    text: &str,
    lines: &[Line<'_>],
    s: &mut Section,
    doc_end: usize,
) -> Option<Section> {
    let h = last_heading_start(s);
    let from = lines.partition_point(|l| l.end < h) + 1;
    let to = lines.partition_point(|l| l.start < s.end.min(doc_end));
    for l in lines.get(from..to)? {
        if l.is_blank() || nchars(l.text) < 12 {
            continue;
        }
        if opens_problems(l.text) {
            let start = l.tstart;
            let end = s.end;
            let new_end = trim_back(lines, start);
            clamp(s, new_end);
            let clause = first_clause(l.text);
            let _ = text;
            return Some(Section {
                heading: l.text[..clause].to_string(),
                number: String::new(),
                ordinal: None,
                marker: MarkerKind::Paragraph,
                marker_text: String::new(),
                depth: 1,
                role: Role::Problems,
                line: 0,
                start,
                end: end.max(start),
                heading_start: start,
                heading_end: start + clause,
                children: Vec::new(),
            });
        }
    }
    None
}

/// The opening clause of a paragraph: clauses up to the first 。：； joined until the
/// heading has at least 8 characters ("2023年，某镇工作虽然取得了一定成效").
fn first_clause(t: &str) -> usize {
    let stop = t.find(['。', '：', '；', '！']).unwrap_or(t.len());
    let mut end = 0;
    for (i, c) in t[..stop].char_indices() {
        if (c == '，' || c == ',') && nchars(&t[..i]) >= 8 {
            end = i;
            break;
        }
    }
    if end == 0 {
        end = stop;
    }
    end
}

/// Cut a section (and its descendants) at `end`.
fn clamp(s: &mut Section, end: usize) {
    s.end = s.end.min(end).max(s.heading_end.min(end));
    s.children.retain(|c| c.start < end);
    for c in &mut s.children {
        clamp(c, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_wording() {
        assert_eq!(role_of("一、重点工作完成情况"), Role::Review);
        assert_eq!(
            role_of("一、2023年主要指标、重点工作完成情况和主要亮点"),
            Role::Review
        );
        assert_eq!(role_of("二、存在的主要问题及改进情况"), Role::Problems);
        assert_eq!(role_of("三、2024年计划安排"), Role::Plan);
        assert_eq!(role_of("二、下步举措"), Role::Plan);
        assert_eq!(role_of("三、下一步工作建议"), Role::Suggestions);
        assert_eq!(role_of("三、2024年工作计划和意见建议"), Role::Plan);
        assert_eq!(role_of("一、2023年工作小结"), Role::Review);
        assert_eq!(role_of("二、2024年主要目标和重点任务"), Role::Plan);
        assert_eq!(role_of("一、总体情况"), Role::Review);
        assert_eq!(role_of("四、深入推进政府治理创新"), Role::Other);
    }

    #[test]
    fn problems_paragraphs() {
        assert!(opens_problems(
            "2023年，全镇工作虽然取得了一定成效，但对标更高要求，我们深知还有不少短板。"
        ));
        assert!(opens_problems(
            "同时，我们也清醒认识到，经济回升向好的基础还不牢固。"
        ));
        assert!(opens_problems(
            "在取得成绩的同时也认识到，发展还存在很多困难和问题：交通瓶颈尚未突破。"
        ));
        assert!(!opens_problems(
            "全年补齐农村供水短板工程12处，新增受益人口3.1万人。"
        ));
        assert!(!opens_problems("今年镇纪委办理问题线索9条，立案8件。"));
        assert!(opens_problems(
            "前行路上，有风有雨是常态。我们清醒认识到，本市发展还面临不少问题和挑战。"
        ));
        assert!(opens_problems(
            "当前，我市经济社会发展还存在一些困难问题：产业基础不够坚实。"
        ));
        assert!(!opens_problems(
            "一年来，我们着力破解群众急难愁盼问题，新增学位6000个。"
        ));
    }
}
