//! extract: quantities (value, unit, qualifier, comparison, subject) and plan
//! commitments (modality, target, deadline) from an outlined file.
//!
//! Two layers:
//! - on a plain `&str`: [`quantities_in`] and [`commitments_in`] (offsets relative to
//!   the string), used by the linter and the conformance runner;
//! - on an [`Outlined`] file: [`extract`] reads the clean text (junk cut out), maps every
//!   span back to the raw text, gives each quantity the role of the top section that
//!   holds it, and keeps commitments to plan-role sections and the 主要预期目标
//!   paragraph of a 政府工作报告.
//!
//! ```
//! let q = gongwen_core::extract::quantities_in("全年新增城镇就业1.2万人，同比增长5.6%。");
//! assert_eq!(q[0].value, Some(12000.0));
//! assert_eq!(q[0].unit, Some("人"));
//! assert_eq!(q[1].comparison.as_deref(), Some("同比增长"));
//! ```

pub mod commitment;
pub mod exclude;
pub mod numeral;
pub mod quantity;
pub mod unit;

pub use commitment::{commitments_in, CommitmentHit};
pub use numeral::parse_whole;
pub use quantity::{numbers_in, quantities_in, Kind, Mention, NumberHit};

use crate::model::{Commitment, DocKind, Document, Quantity, Role, Section};
use crate::outline::Outlined;
use crate::text::SourceText;
use serde::Serialize;

/// What was extracted from one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocExtraction {
    pub index: usize,
    pub title: String,
    pub quantities: Vec<Quantity>,
    pub commitments: Vec<Commitment>,
}

/// A top-level section flattened: raw span, role, and the heading path to a position.
struct Top<'a> {
    start: usize,
    end: usize,
    role: Role,
    section: Option<&'a Section>,
    heading: String,
}

/// True when `raw` lies before the first document of a file (a compilation's own
/// title, its front matter): nothing there belongs to any document.
fn before_first_doc(docs: &[Document], raw: usize) -> bool {
    docs.first().is_some_and(|d| raw < d.start)
}

fn doc_of(docs: &[Document], raw: usize) -> usize {
    if docs.len() <= 1 {
        return 0;
    }
    // Documents are in file order: the last one starting at or before `raw`.
    docs.partition_point(|d| d.start <= raw).saturating_sub(1)
}

/// Plan ranges guessed from the text when the outline gave no sections: a top heading
/// line (`一、` / `第一部分` / `三、2024年工作计划`) whose words say plan, up to the
/// next top heading. Offsets are in `text`.
fn fallback_tops(text: &str) -> Vec<(usize, usize, Role, String)> {
    let mut heads: Vec<(usize, Role, String)> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim().trim_start_matches('\u{3000}');
        let n = t.chars().count();
        let numbered = t.starts_with("第") && t.contains("部分") && n <= 40
            || (t
                .chars()
                .next()
                .is_some_and(|c| "一二三四五六七八九十".contains(c))
                && t.chars()
                    .take_while(|c| "一二三四五六七八九十".contains(*c))
                    .count()
                    <= 2
                && t.chars().nth(
                    t.chars()
                        .take_while(|c| "一二三四五六七八九十".contains(*c))
                        .count(),
                ) == Some('、')
                && n <= 50);
        if numbered {
            let plan = [
                "计划",
                "打算",
                "思路",
                "安排",
                "重点",
                "要点",
                "目标",
                "任务",
                "展望",
                "下一步",
                "下步",
                "举措",
            ]
            .iter()
            .any(|w| t.contains(w));
            let review = [
                "成效",
                "总结",
                "回顾",
                "开展情况",
                "完成情况",
                "工作情况",
                "主要做法",
                "取得",
            ]
            .iter()
            .any(|w| t.contains(w));
            let problems = ["问题", "不足", "短板", "困难"]
                .iter()
                .any(|w| t.contains(w));
            let role = if plan && !review {
                Role::Plan
            } else if review {
                Role::Review
            } else if problems {
                Role::Problems
            } else {
                Role::Other
            };
            heads.push((pos, role, t.to_string()));
        }
        pos += line.len();
    }
    let mut out = Vec::new();
    for (i, (s, r, h)) in heads.iter().enumerate() {
        let e = heads.get(i + 1).map_or(text.len(), |n| n.0);
        out.push((*s, e, *r, h.clone()));
    }
    out
}

fn heading_path(top: &Top, raw: usize) -> Vec<String> {
    let mut path = vec![top.heading.clone()];
    let mut cur = top.section;
    while let Some(sec) = cur {
        cur = sec
            .children
            .iter()
            .find(|c| c.start <= raw && raw < c.end.max(c.start + 1));
        if let Some(c) = cur {
            path.push(c.heading.clone());
        }
    }
    path
}

/// Line and column of increasing offsets without recounting each line from its start
/// (report paragraphs are long lines).
struct LineCursor<'a> {
    src: &'a SourceText,
    off: usize,
    line: usize,
    col: usize,
}

impl<'a> LineCursor<'a> {
    fn new(src: &'a SourceText) -> Self {
        LineCursor {
            src,
            off: 0,
            line: 1,
            col: 1,
        }
    }
    fn line_col(&mut self, off: usize) -> (usize, usize) {
        let line = self.src.line_of(off);
        if off >= self.off && line == self.line {
            let add = self
                .src
                .raw
                .get(self.off..off)
                .map_or(0, |t| t.chars().count());
            self.col += add;
        } else {
            let (l, c) = self.src.line_col(off);
            self.line = l;
            self.col = c;
        }
        self.off = off;
        self.line = line;
        (self.line, self.col)
    }
}

/// Extract quantities and commitments from every document of a file.
pub fn extract(o: &Outlined) -> Vec<DocExtraction> {
    let clean = &o.clean.clean;
    let docs = &o.outline.documents;
    let mut out: Vec<DocExtraction> = docs
        .iter()
        .map(|d| DocExtraction {
            index: d.index,
            title: d.title.clone(),
            quantities: vec![],
            commitments: vec![],
        })
        .collect();
    if out.is_empty() {
        return out;
    }
    // Top sections of every document, in raw offsets.
    let mut tops: Vec<Vec<Top>> = docs
        .iter()
        .map(|d| {
            d.sections
                .iter()
                .map(|s| Top {
                    start: s.start,
                    end: s.end,
                    role: s.role,
                    section: Some(s),
                    heading: s.heading.clone(),
                })
                .collect()
        })
        .collect();
    let no_sections = tops.iter().all(Vec::is_empty);
    if no_sections {
        for (s, e, role, heading) in fallback_tops(clean) {
            let sp = o.clean.span_to_raw(s, e);
            let di = doc_of(docs, sp.start);
            tops[di].push(Top {
                start: sp.start,
                end: sp.end,
                role,
                section: None,
                heading,
            });
        }
    }
    let top_at = |di: usize, raw: usize| -> Option<&Top> {
        let ts = &tops[di];
        let i = ts.partition_point(|t| t.start <= raw);
        ts[..i].iter().rev().take(2).find(|t| raw < t.end)
    };

    let mut cursor = LineCursor::new(&o.source);
    let mentions = quantities_in(clean);

    // Commitments: the 主要预期目标 paragraphs first, then plan sections.
    let paras = commitment::expected_target_paragraphs(clean);
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let push = |di: usize, c: CommitmentHit, path: Vec<String>, out: &mut Vec<DocExtraction>| {
        let sp = o.clean.span_to_raw(c.start, c.end);
        let line = o.source.line_of(sp.start);
        out[di].commitments.push(Commitment {
            text: c.text,
            modality: c.modality.map(str::to_string),
            target: c.target,
            deadline: c.deadline,
            line,
            start: sp.start,
            end: sp.end,
            heading_path: path,
            indicator: c.indicator,
            five_year: c.five_year,
        });
    };
    for (a, b) in paras {
        let raw = o.clean.to_raw(a);
        let di = doc_of(docs, raw);
        let is_report = docs[di].kind == DocKind::GovReport
            || docs[di].kind == DocKind::Other
            || docs[di].title.contains("政府工作报告");
        if !is_report {
            continue;
        }
        let path = top_at(di, raw)
            .map(|t| heading_path(t, raw))
            .unwrap_or_default();
        for c in commitment::expected_targets(clean, a, b) {
            push(di, c, path.clone(), &mut out);
        }
        taken.push((a, b));
    }
    for (a, b) in commitment::sentences(clean) {
        if taken.iter().any(|&(x, y)| a < y && x < b) {
            continue;
        }
        let raw = o.clean.to_raw(a);
        let di = doc_of(docs, raw);
        let top = match top_at(di, raw) {
            Some(t) if t.role == Role::Plan => t,
            _ => continue,
        };
        let found = commitment::commitments_in_sentence(clean, a, b, &mentions);
        if found.is_empty() {
            continue;
        }
        let path = heading_path(top, raw);
        for c in found {
            push(di, c, path.clone(), &mut out);
        }
    }

    // Quantities (after the commitments, which borrow them).
    if let [only] = out.as_mut_slice() {
        only.quantities.reserve(mentions.len());
    }
    for m in mentions {
        let sp = o.clean.span_to_raw(m.start, m.end);
        if before_first_doc(docs, sp.start) {
            // The compilation's own title and front matter belong to no document.
            continue;
        }
        let di = doc_of(docs, sp.start);
        let (line, column) = cursor.line_col(sp.start);
        let role = top_at(di, sp.start).map(|t| t.role);
        out[di].quantities.push(Quantity {
            text: m.text,
            value: m.value,
            value_max: m.value_max,
            unit: m.unit.map(str::to_string),
            percent: m.percent,
            permille: m.permille,
            qualifier: m.qualifier.map(str::to_string),
            placeholder: m.placeholder,
            comparison: m.comparison,
            direction: m.direction.map(str::to_string),
            subject: m.subject,
            section_role: role,
            line,
            column,
            start: sp.start,
            end: sp.end,
        });
    }

    out
}
