//! [`DocView`]: what the ledger needs to know of one document, built from the core
//! stages (`ingest` → `outline` → `extract`) or by hand in tests.
//!
//! When a stage has not filled something in (no sections with roles, no unit or years,
//! no commitments), [`views_of`] falls back to light heuristics of its own, so the
//! ledger runs on any stage output: top headings `一、…` (or short heading-like lines)
//! get a role from their words (回顾/总结 → review, 问题/不足 → problems,
//! 计划/安排/目标/重点工作 → plan); unit and years come from the title, the dataset
//! row or the file name; commitments are the clauses of plan sections that carry a
//! figure or a deadline ([`fallback_commitments`]).

use crate::figure::{self, Figure};
use crate::units;
use gongwen_core::extract::DocExtraction;
use gongwen_core::outline::Outlined;
use gongwen_core::text::LineIndex;
use gongwen_core::{Commitment, DocKind, Input, MarkerKind, Quantity, Role, Section};
use regex::Regex;
use std::sync::{Arc, OnceLock};

/// One document as the ledger sees it.
#[derive(Debug, Clone)]
pub struct DocView {
    pub path: String,
    /// Stable id: `path#index`.
    pub doc_id: String,
    pub unit: Option<String>,
    pub level: Option<String>,
    pub kind: DocKind,
    /// The year the document reviews (a 2024 summary; the review part of a 2025 report).
    pub summary_year: Option<i32>,
    /// The year the document plans.
    pub plan_year: Option<i32>,
    /// Top sections with their roles; spans are byte offsets into `text`.
    pub sections: Vec<Section>,
    pub commitments: Vec<Commitment>,
    pub quantities: Vec<Quantity>,
    /// The file's decoded text; every span points into it.
    pub text: Arc<str>,
    /// The document's byte range in `text`.
    pub start: usize,
    pub end: usize,
}

impl DocView {
    /// Byte ranges of the sections with role `role` (whole document when no section
    /// has a role other than `other`, for `Review` of a summary).
    pub fn ranges(&self, role: Role) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = self
            .sections
            .iter()
            .filter(|s| s.role == role)
            .map(|s| (s.start.min(self.text.len()), s.end.min(self.text.len())))
            .collect();
        if v.is_empty()
            && role == Role::Review
            && self.sections.iter().all(|s| s.role == Role::Other)
        {
            return vec![(self.start, self.end.min(self.text.len()))];
        }
        // The opening paragraphs of a summary (before the first heading) carry its
        // headline figures; they count as review.
        if role == Role::Review && matches!(self.kind, DocKind::Summary | DocKind::GovReport) {
            if let Some(first) = self.sections.iter().map(|s| s.start).min() {
                if first > self.start {
                    v.insert(0, (self.start, first.min(self.text.len())));
                }
            }
        }
        v
    }

    /// 1-based line of a byte offset of `text`.
    pub fn line_of(&self, off: usize) -> usize {
        LineIndex::new(&self.text).line_of(off)
    }

    /// The headings from the top section down to the one holding byte `off`.
    pub fn heading_path(&self, off: usize) -> Vec<String> {
        fn walk(secs: &[Section], off: usize, out: &mut Vec<String>) {
            for s in secs {
                if s.start <= off && off < s.end {
                    out.push(s.heading.clone());
                    walk(&s.children, off, out);
                    return;
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.sections, off, &mut out);
        out
    }
}

/// Build the views of one file from its stages' output, filling gaps with fallbacks.
pub fn views_of(input: &Input, o: &Outlined, ex: &[DocExtraction]) -> Vec<DocView> {
    let text: Arc<str> = Arc::from(o.source.raw.as_str());
    let docs = &o.outline.documents;
    // A dataset the outline did not split: one document per row.
    let by_records = !input.records.is_empty() && docs.len() < input.records.len();
    let ranges: Vec<(
        usize,
        usize,
        usize,
        std::collections::BTreeMap<String, String>,
    )> = if by_records {
        input
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| (i, r.start, r.end, r.metadata.clone()))
            .collect()
    } else {
        docs.iter()
            .enumerate()
            .map(|(i, d)| (i, d.start, d.end.max(d.start), d.metadata.clone()))
            .collect()
    };
    let mut out = Vec::new();
    for (i, start, end, meta) in ranges {
        let d = if by_records { None } else { docs.get(i) };
        let end = if end <= start {
            text.len()
        } else {
            end.min(text.len())
        };
        let start = start.min(end);
        let body = text.get(start..end).unwrap_or("");
        let title = d
            .map(|d| d.title.clone())
            .filter(|t| !t.is_empty())
            .or_else(|| meta.get("title").cloned())
            .unwrap_or_else(|| {
                body.lines()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("")
                    .trim()
                    .to_string()
            });
        let (t_unit, t_sum, t_plan, t_kind) = meta_from_title(&title, &input.path, &meta, body);
        let unit = d.and_then(|d| d.unit.clone()).or(t_unit);
        let kind = d
            .map(|d| d.kind)
            .filter(|k| *k != DocKind::Other)
            .unwrap_or(t_kind);
        let summary_year = d.and_then(|d| d.summary_year).or(t_sum);
        let plan_year = d.and_then(|d| d.plan_year).or(t_plan);
        let level = d
            .and_then(|d| d.level.clone())
            .or_else(|| unit.as_deref().and_then(units::level_of));
        let mut sections = d.map(|d| d.sections.clone()).unwrap_or_default();
        // A top heading naming the plan year and not the summary year plans, whatever
        // role its words suggested (`三、2026年主要工作`).
        for sec in &mut sections {
            let names = |y: Option<i32>| y.is_some_and(|y| sec.heading.contains(&format!("{y}年")));
            if sec.role == Role::Review && names(plan_year) && !names(summary_year) {
                sec.role = Role::Plan;
            }
        }
        if sections.is_empty() || sections.iter().all(|s| s.role == Role::Other) {
            let fb = fallback_sections(&text, start, end, kind, summary_year, plan_year);
            if !fb.is_empty() {
                sections = fb;
            }
        }
        let dx = ex.get(i).filter(|_| d.is_some());
        let mut view = DocView {
            path: input.path.clone(),
            doc_id: format!("{}#{}", input.path, i + 1),
            unit,
            level,
            kind,
            summary_year,
            plan_year,
            sections,
            commitments: dx.map(|x| x.commitments.clone()).unwrap_or_default(),
            quantities: dx.map(|x| x.quantities.clone()).unwrap_or_default(),
            text: text.clone(),
            start,
            end,
        };
        // The ledger's own clauses with a figure or a deadline fill what extraction
        // left out (never overlapping an extracted commitment).
        let extra: Vec<Commitment> = fallback_commitments(&view)
            .into_iter()
            .filter(|f| {
                !view
                    .commitments
                    .iter()
                    .any(|c| c.start < f.end && f.start < c.end)
            })
            .collect();
        view.commitments.extend(extra);
        view.commitments.sort_by_key(|c| c.start);
        out.push(view);
    }
    out
}

fn re(s: &str) -> Regex {
    Regex::new(s).unwrap_or_else(|_| Regex::new("$^").expect("trivial regex"))
}

/// Unit, summary year, plan year and kind from a title, the dataset row's columns, the
/// file name and the first lines of the body.
pub fn meta_from_title(
    title: &str,
    path: &str,
    meta: &std::collections::BTreeMap<String, String>,
    body: &str,
) -> (Option<String>, Option<i32>, Option<i32>, DocKind) {
    static SUMPLAN: OnceLock<Regex> = OnceLock::new();
    static SUM: OnceLock<Regex> = OnceLock::new();
    static PLAN: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static SESSION: OnceLock<Regex> = OnceLock::new();
    let sumplan = SUMPLAN.get_or_init(|| {
        re(r"^(.*?)(\d{4})年(?:度)?(?:上半年)?工作总结(?:和|及|暨|与)(?:.*?)(\d{4})年(?:度)?工作(?:计划|要点|打算|安排|思路)")
    });
    let sum = SUM.get_or_init(|| re(r"^(.*?)(\d{4})年(?:度)?工作总结"));
    let plan = PLAN.get_or_init(|| re(r"^(.*?)(\d{4})年(?:度)?工作(?:计划|要点|打算|安排|思路)"));
    let year = YEAR.get_or_init(|| re(r"(20\d{2})"));
    let session =
        SESSION.get_or_init(|| re(r"在(\S{2,10}?)第[一二三四五六七八九十]+届人民代表大会"));
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let clean_unit = |s: &str| {
        let s = s.trim_matches(|c: char| {
            c.is_ascii_punctuation() || c == '_' || c == '—' || c.is_whitespace()
        });
        (!s.is_empty()).then(|| s.to_string())
    };
    if let Some(c) = sumplan.captures(&t) {
        return (
            clean_unit(&c[1]),
            c[2].parse().ok(),
            c[3].parse().ok(),
            DocKind::Summary,
        );
    }
    if let Some(c) = sum.captures(&t) {
        let y: Option<i32> = c[2].parse().ok();
        return (clean_unit(&c[1]), y, None, DocKind::Summary);
    }
    if let Some(c) = plan.captures(&t) {
        return (clean_unit(&c[1]), None, c[2].parse().ok(), DocKind::Plan);
    }
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let is_gwr = t.contains("政府工作报告") || file.contains("政府工作报告");
    if is_gwr {
        let y: Option<i32> = meta
            .get("year")
            .and_then(|y| y.trim().parse().ok())
            .or_else(|| year.captures(file).and_then(|c| c[1].parse().ok()))
            .or_else(|| year.captures(&t).and_then(|c| c[1].parse().ok()))
            .or_else(|| {
                let head: String = body.chars().take(400).collect();
                year.captures(&head).and_then(|c| c[1].parse().ok())
            });
        let unit = meta
            .get("province")
            .cloned()
            .or_else(|| {
                let stem = file.rsplit_once('.').map(|(a, _)| a).unwrap_or(file);
                let stem = year.replace_all(stem, "");
                let stem = stem.replace("政府工作报告", "").replace('年', "");
                clean_unit(&stem)
            })
            .or_else(|| {
                let t2 = year
                    .replace_all(&t, "")
                    .replace("政府工作报告", "")
                    .replace('年', "");
                clean_unit(&t2)
            })
            .or_else(|| {
                let head: String = body.chars().take(600).collect();
                session.captures(&head).map(|c| c[1].to_string())
            });
        return (unit, y.map(|y| y - 1), y, DocKind::GovReport);
    }
    (None, None, None, DocKind::Other)
}

/// The role a top heading's words give it.
pub fn role_of_heading(h: &str) -> Role {
    role_of_heading_in(h, None, None)
}

/// The role of a top heading, also reading the years it names: the plan year makes it
/// `plan` (`二、关于2025年工作`), the summary year `review`.
pub fn role_of_heading_in(h: &str, summary_year: Option<i32>, plan_year: Option<i32>) -> Role {
    let r = role_by_words(h);
    if r != Role::Other {
        return r;
    }
    if plan_year.is_some_and(|y| h.contains(&y.to_string())) {
        return Role::Plan;
    }
    if summary_year.is_some_and(|y| h.contains(&y.to_string())) || h.contains("过去一年") {
        return Role::Review;
    }
    Role::Other
}

fn role_by_words(h: &str) -> Role {
    let plan = [
        "计划",
        "安排",
        "目标任务",
        "主要目标",
        "重点工作",
        "打算",
        "思路",
        "总体要求",
        "工作要点",
        "重点任务",
    ];
    let review = [
        "回顾",
        "总结",
        "开展情况",
        "完成情况",
        "主要成效",
        "成效",
        "成绩",
        "工作情况",
        "进展",
    ];
    let problems = ["问题", "不足", "短板", "困难"];
    if plan.iter().any(|w| h.contains(w)) {
        Role::Plan
    } else if review.iter().any(|w| h.contains(w)) {
        Role::Review
    } else if problems.iter().any(|w| h.contains(w)) {
        Role::Problems
    } else {
        Role::Other
    }
}

/// Top sections found by the ledger itself: lines `一、…` / `第一部分…`, else short
/// heading-like lines carrying role words. Returns nothing when no heading has a role.
pub fn fallback_sections(
    text: &str,
    start: usize,
    end: usize,
    kind: DocKind,
    summary_year: Option<i32>,
    plan_year: Option<i32>,
) -> Vec<Section> {
    static TOP: OnceLock<Regex> = OnceLock::new();
    let top = TOP.get_or_init(|| {
        re(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[、．.])\s*\S")
    });
    let end = end.min(text.len());
    let body = text.get(start..end).unwrap_or("");
    let lines = LineIndex::new(text);
    let mut heads: Vec<(usize, usize, String)> = Vec::new(); // (start, heading_end, heading)
    let mut numbered = Vec::new();
    let mut styled = Vec::new();
    let mut off = start;
    for l in body.split_inclusive('\n') {
        let t = l.trim();
        let n = t.chars().count();
        if top.is_match(l) && n <= 60 && !t.ends_with('。') {
            numbered.push((off, off + l.trim_end().len(), t.to_string()));
        } else if n > 0
            && n <= 24
            && !t.contains('。')
            && !t.contains('，')
            && role_of_heading(t) != Role::Other
        {
            styled.push((off, off + l.trim_end().len(), t.to_string()));
        }
        off += l.len();
    }
    if !numbered.is_empty() {
        heads = numbered;
    } else if !styled.is_empty() {
        heads = styled;
    }
    let mut secs = Vec::new();
    for (k, (s, he, h)) in heads.iter().enumerate() {
        let e = heads.get(k + 1).map(|x| x.0).unwrap_or(end);
        secs.push(Section {
            heading: h.clone(),
            number: String::new(),
            ordinal: Some(k as u32 + 1),
            marker: MarkerKind::ChineseComma,
            marker_text: String::new(),
            depth: 1,
            role: role_of_heading_in(h, summary_year, plan_year),
            line: lines.line_of(*s),
            start: *s,
            end: e,
            heading_start: *s,
            heading_end: *he,
            children: vec![],
        });
    }
    if secs.iter().all(|s| s.role == Role::Other) {
        return vec![];
    }
    // A 政府工作报告 reviews first and plans after: untitled-role sections after the
    // first one are plan, and the first one is review when nothing else is.
    if kind == DocKind::GovReport {
        if !secs.iter().any(|s| s.role == Role::Review) {
            if let Some(f) = secs.first_mut() {
                f.role = Role::Review;
            }
        }
        for s in secs.iter_mut().skip(1) {
            if s.role == Role::Other {
                s.role = Role::Plan;
            }
        }
    }
    secs
}

/// Words that make a clause a statement of intent rather than a record.
const SKIP_CLAUSE: &[&str] = &[
    "主要考虑",
    "考虑是",
    "十五五",
    "十四五",
    "年均",
    "到2030年",
    "到2035年",
    "累计",
];

/// Commitments of a plan found by the ledger itself: the clauses of plan sections
/// (split at `，；。：`) that carry a figure or a deadline (`6月底前`, `年底前`, `年内`).
/// A clause that starts with a deadline takes the clause before it along
/// (`加快老街改造，2025年6月底前完成一期工程`).
pub fn fallback_commitments(v: &DocView) -> Vec<Commitment> {
    static DEADLINE: OnceLock<Regex> = OnceLock::new();
    let deadline = DEADLINE.get_or_init(|| {
        re(r"(?:\d{4}年)?(?:\d{1,2}月底前|\d{1,2}月前|年底前|年内|上半年|下半年|\d{4}年内)")
    });
    let lines = LineIndex::new(&v.text);
    let mut out = Vec::new();
    for (s, e) in v.ranges(Role::Plan) {
        let Some(sec) = v.text.get(s..e) else {
            continue;
        };
        // Skip the heading line itself.
        let body_off = sec.find('\n').map(|i| i + 1).unwrap_or(sec.len());
        let mut clauses: Vec<(usize, usize)> = Vec::new();
        let mut cs = s + body_off;
        for (i, c) in v.text[s + body_off..e].char_indices() {
            if figure::is_clause_punct(c) {
                let ce = s + body_off + i;
                if ce > cs {
                    clauses.push((cs, ce));
                }
                cs = ce + c.len_utf8();
            }
        }
        if cs < e {
            clauses.push((cs, e));
        }
        // A list of targets `城镇新增就业47万人左右、城镇调查失业率5.5%左右`: split at a
        // `、` that follows a figure.
        let clauses: Vec<(usize, usize)> = clauses
            .into_iter()
            .flat_map(|(cs, ce)| {
                let t = &v.text[cs..ce];
                let mut parts = Vec::new();
                let mut a = cs;
                for f in figure::figures(t) {
                    if t[f.end..].starts_with('、') {
                        parts.push((a, cs + f.end));
                        a = cs + f.end + '、'.len_utf8();
                    }
                }
                parts.push((a, ce));
                parts
            })
            .collect();
        let mut prev: Option<(usize, usize)> = None;
        for (cs, ce) in clauses {
            let raw = &v.text[cs..ce];
            let t = raw.trim();
            if t.is_empty() {
                continue;
            }
            let sentence_ctx = sentence_around(&v.text, cs, ce);
            let figs: Vec<Figure> = figure::figures(t);
            let dl = deadline.find(t).map(|m| m.as_str().to_string());
            let skip = SKIP_CLAUSE.iter().any(|w| sentence_ctx.contains(w));
            if (figs.is_empty() && dl.is_none()) || skip || t.starts_with("同比") {
                prev = Some((cs, ce));
                continue;
            }
            let (mut cstart, cend) = (cs + (raw.len() - raw.trim_start().len()), ce);
            let short_core = figs
                .first()
                .is_some_and(|f| figure::indicator_core(&t[..f.start]).chars().count() < 3);
            // Join the clause before only within a sentence (`，` between) and only when
            // it is not a commitment of its own.
            let comma_before = v.text[..cs].ends_with('，') || v.text[..cs].ends_with(',');
            let prev_free = prev.is_some_and(|(ps, pe)| {
                let p = &v.text[ps..pe];
                figure::figures(p).is_empty() && deadline.find(p).is_none()
            });
            if (dl.as_deref().is_some_and(|d| t.starts_with(d)) || short_core)
                && comma_before
                && prev_free
            {
                if let Some((ps, _)) = prev {
                    cstart = ps + (v.text[ps..].len() - v.text[ps..].trim_start().len());
                }
            }
            let text = v.text[cstart..cend].trim().to_string();
            let target = figs.last().map(|f| t[f.start..f.end].to_string());
            out.push(Commitment {
                modality: modality_of(&text),
                target,
                deadline: dl,
                line: lines.line_of(cstart),
                start: cstart,
                end: cend,
                heading_path: v.heading_path(cstart),
                indicator: None,
                five_year: false,
                text,
            });
            prev = Some((cs, ce));
        }
    }
    out
}

fn sentence_around(text: &str, s: usize, e: usize) -> &str {
    let a = text[..s].rfind(['。', '\n']).map(|i| i + 1).unwrap_or(0);
    let b = text[e..]
        .find(['。', '\n'])
        .map(|i| e + i)
        .unwrap_or(text.len());
    text.get(a..b).unwrap_or("")
}

const MODALITIES: &[&str] = &[
    "力争", "确保", "争取", "争创", "努力", "坚决", "全面", "加快", "持续", "推动", "完成", "新建",
    "新增", "实现",
];

fn modality_of(t: &str) -> Option<String> {
    MODALITIES
        .iter()
        .find(|m| t.contains(**m))
        .map(|m| m.to_string())
}
