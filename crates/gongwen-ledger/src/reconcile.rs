//! Reconciliation: each commitment of a plan for year N against the same unit's
//! documents that review year N.
//!
//! For every commitment (five-year targets skipped):
//! 1. **Review documents**: those whose `summary_year` is N and whose unit matches
//!    (exact key first; the weaker suffix match of [`crate::units`] only when no exact
//!    one exists). None → `unknown`.
//! 2. **Figure evidence**: the target figure is the commitment's target (else its last
//!    figure); its *indicator* is the clause before the number with modality and verbs
//!    cut (`确保城镇新增就业60万人以上` → `城镇新增就业`). In the review sections every
//!    figure of the same unit (`%` with `%`, `万人` with `人`) and the same kind (a change
//!    `增长5.6%` with a change, a level `达到95.6%` with a level) is scored by the share
//!    of the indicator's character bigrams found in the words before it (its own clause;
//!    the clause before when its own holds no indicator words, at 0.9). Cumulative and
//!    multi-year figures (`累计`, `年均`, `十四五`, `五年`) are never evidence. The best
//!    figure scoring ≥ 0.6 decides `done` / `missed`:
//!    - floor targets (plain, `以上`, `不低于`, `突破`): done when actual ≥ target;
//!    - ceiling targets (`以内` `以下` `不超过` `控制在`, or a ceiling indicator of
//!      `data/ledger-ceiling-indicators.txt`: 失业率, 居民消费价格…): done when actual ≤ target;
//!    - falling targets (`下降3%`): done when the fall is at least the target;
//!    - `左右` / `约` / `上下` widen the bound by 0.1 percentage point for rates and by 2%
//!      of the target for amounts (`5.5%左右` is met by 5.4%, not by 5.3%).
//! 3. **Passage evidence**: otherwise the review sentence sharing most bigrams of the
//!    commitment's key phrase (figures, dates and modality cut) — at least half of them,
//!    and at least three. It is `done` when the commitment has no figure and the
//!    passage reports completion (`完成` `建成` `实现` `获批` `全覆盖`…, without `正在`
//!    `基本` `推进` `初审` `已报`…), or a 100% target meets `全覆盖`; else `progress`.
//! 4. Nothing → `not-reported`.

use crate::figure::{self, Figure};
use crate::units;
use crate::view::DocView;
use gongwen_core::Role;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The verdict on one commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Done,
    Missed,
    Progress,
    NotReported,
    Unknown,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Done,
        Status::Missed,
        Status::Progress,
        Status::NotReported,
        Status::Unknown,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Missed => "missed",
            Status::Progress => "progress",
            Status::NotReported => "not-reported",
            Status::Unknown => "unknown",
        }
    }
    /// The Chinese label used in the workbook's drop-down.
    pub fn label(&self) -> &'static str {
        match self {
            Status::Done => "已完成",
            Status::Missed => "未完成",
            Status::Progress => "推进中",
            Status::NotReported => "未报告",
            Status::Unknown => "未知",
        }
    }
    /// Reads `done` or `已完成` (and the other four pairs).
    pub fn parse(s: &str) -> Option<Status> {
        let s = s.trim();
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s || st.label() == s)
    }
}

/// A passage that speaks to a commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub doc_id: String,
    pub path: String,
    pub line: usize,
    pub text: String,
    /// The reported figure, when the verdict came from one (`增长5.6%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<String>,
}

/// One row of the ledger (DESIGN.md §4 `ledger --format json`, plus extra fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerItem {
    pub unit: String,
    pub plan_year: Option<i32>,
    pub path: String,
    pub line: usize,
    pub heading_path: Vec<String>,
    pub text: String,
    pub modality: Option<String>,
    pub target: Option<String>,
    pub deadline: Option<String>,
    pub status: Status,
    pub score: f64,
    pub evidence: Vec<Evidence>,
    // ---- extra fields ----
    /// Stable key: normalised unit + plan year + text hash (see [`commitment_key`]).
    pub key: String,
    /// The normalised unit name the matching used.
    pub unit_key: String,
    pub level: Option<String>,
    pub doc_id: String,
    /// The indicator words of the target (`地区生产总值`).
    pub indicator: Option<String>,
    /// One line in Chinese saying why.
    pub reason: String,
    /// The status a person set (workbook import); wins over `status` in exports.
    #[serde(default)]
    pub manual_status: Option<Status>,
    /// A note a person typed (workbook import).
    #[serde(default)]
    pub note: Option<String>,
}

impl LedgerItem {
    /// The status to show: the person's when set, else the computed one.
    pub fn effective_status(&self) -> Status {
        self.manual_status.unwrap_or(self.status)
    }
}

/// Options of [`reconcile`].
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only commitments of this plan year.
    pub plan_year: Option<i32>,
}

/// FNV-1a, 64 bit: a stable hash that does not change between Rust versions (std's
/// `DefaultHasher` may), so keys stored in a library stay valid.
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The stable key of a commitment: `unit-key|plan-year|hash of the text` (the text with
/// whitespace and punctuation dropped, so re-wrapping does not change the key).
pub fn commitment_key(unit_key: &str, plan_year: Option<i32>, text: &str) -> String {
    let t: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    format!(
        "{}|{}|{:016x}",
        unit_key,
        plan_year.map(|y| y.to_string()).unwrap_or_default(),
        fnv1a(&t)
    )
}

fn ceilings() -> &'static [String] {
    static C: OnceLock<Vec<String>> = OnceLock::new();
    C.get_or_init(|| {
        include_str!("../../../data/ledger-ceiling-indicators.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect()
    })
}

/// A sentence of a review section.
#[derive(Debug, Clone)]
struct Passage<'a> {
    doc: &'a DocView,
    text: &'a str,
    start: usize,
}

fn passages(d: &DocView) -> Vec<Passage<'_>> {
    let mut out = Vec::new();
    for (s, e) in d.ranges(Role::Review) {
        let Some(sec) = d.text.get(s..e) else {
            continue;
        };
        let mut off = s;
        for para in sec.split_inclusive('\n') {
            let head: String = para.trim_start().chars().take(30).collect();
            // A paragraph about the five-year period is not year N: one that opens
            // with it, or that names it and never year N.
            let year = d
                .summary_year
                .map(|y| format!("{y}年"))
                .unwrap_or_else(|| "\u{0}".into());
            let year_words = ["过去一年", "过去的一年", "全年", "一年来", year.as_str()];
            let names_year = year_words.iter().any(|w| para.contains(w));
            let head_names_year = year_words.iter().any(|w| head.contains(w));
            let multi_year = (MULTI_YEAR_PARA.iter().any(|w| head.contains(w)) && !head_names_year)
                || (!names_year && MULTI_YEAR_PARA.iter().any(|w| para.contains(w)));
            // A paragraph that states targets (`主要预期目标是：…`) reports no result.
            let targets_para = [
                "预期目标是",
                "预期目标为",
                "主要目标是",
                "主要目标为",
                "目标任务是",
            ]
            .iter()
            .any(|w| para.contains(w));
            let multi_year = multi_year || targets_para;
            let mut poff = off;
            for piece in para.split_inclusive(['。', '；', '！', '？', '\n']) {
                let t = piece.trim();
                // Targets restated in a review are not results.
                let restated = ["目标是", "目标为", "预期目标：", "主要目标：", "目标任务是"]
                    .iter()
                    .any(|w| t.contains(w));
                if !multi_year && !restated && t.chars().count() >= 4 {
                    let lead = piece.len() - piece.trim_start().len();
                    out.push(Passage {
                        doc: d,
                        text: t,
                        start: poff + lead,
                    });
                }
                poff += piece.len();
            }
            off += para.len();
        }
    }
    out
}

/// Paragraph openings that mark a review of several years (the 十四五 period).
const MULTI_YEAR_PARA: &[&str] = &[
    "十四五",
    "五年来",
    "过去五年",
    "五年间",
    "2021—2025",
    "2021-2025",
];

/// Words in the clause of a reported figure that make it a multi-year or cumulative
/// figure, or a target restated, not the result of year N.
const NOT_EVIDENCE: &[&str] = &[
    "2020年的",
    "累计",
    "年均",
    "十四五",
    "五年来",
    "五年",
    "历史",
    "比2020年",
    "目标",
];

/// Sentence words that make every figure of the sentence a multi-year one.
const PER_YEAR_SPAN: &[&str] = &["每年", "年均", "逐年", "五年"];
/// A reported amount at least this many times the target is taken for a multi-year
/// total, not the year's result.
const CUMULATIVE_RATIO: f64 = 3.5;

/// The target figure of a commitment and its indicator words.
fn target_of(text: &str, target: Option<&str>) -> Option<(Figure, String)> {
    targets_of(text, target).into_iter().next()
}

/// The candidate target figures of a commitment with their indicators, best first: a
/// figure with a target qualifier (以上, 左右, 以内…), then the figure of the extracted
/// target, then the others from the last; those whose indicator has words first.
fn targets_of(text: &str, target: Option<&str>) -> Vec<(Figure, String)> {
    let figs = figure::figures(text);
    let qualified = figs.iter().rev().find(|f| {
        matches!(
            f.qualifier.as_deref(),
            Some(
                "以上"
                    | "左右"
                    | "以内"
                    | "以下"
                    | "不低于"
                    | "不少于"
                    | "不超过"
                    | "不高于"
                    | "突破"
            )
        )
    });
    let of_target = target.and_then(|t| {
        let tf = figure::figures(t);
        let last = tf.last()?;
        figs.iter()
            .rev()
            .find(|f| f.value == last.value && f.unit == last.unit)
    });
    let mut out: Vec<(Figure, String)> = Vec::new();
    for f in qualified
        .into_iter()
        .chain(of_target)
        .chain(figs.iter().rev())
    {
        if out.iter().any(|(g, _)| g.start == f.start) {
            continue;
        }
        let core = indicator_before(text, f.start).0;
        let mut f = f.clone();
        // `居民消费价格涨幅控制在2%左右`: a change named before the verb of control.
        if f.is_rate() && !f.is_change() {
            let cs = figure::clause_start(text, f.start);
            let before = &text[cs..f.start];
            if let Some(v) = figure::CHANGE_VERBS.iter().find(|v| before.contains(**v)) {
                f.verb = Some((*v).to_string());
            }
        }
        out.push((f, core));
    }
    out.sort_by_key(|(_, core)| core.chars().count() < 2);
    out
}

/// The indicator words before byte `pos` of `text`, and whether the clause before had
/// to be used.
fn indicator_before(text: &str, pos: usize) -> (String, bool) {
    let cs = figure::clause_start(text, pos);
    let own = figure::indicator_core(&text[cs..pos]);
    if own.chars().count() >= 2 || cs == 0 {
        return (own, false);
    }
    let punct = text[..cs]
        .char_indices()
        .last()
        .map(|(i, _)| i)
        .unwrap_or(0);
    let ps = figure::clause_start(text, punct).min(cs);
    let prev_end = text[..cs]
        .trim_end_matches(|c: char| figure::is_clause_punct(c))
        .len();
    // The previous clause's words before its own figure, if it has one.
    let prev = &text[ps..prev_end.max(ps)];
    let prev_fig = figure::figures(prev)
        .first()
        .map(|f| f.start)
        .unwrap_or(prev.len());
    (figure::indicator_core(&prev[..prev_fig]), true)
}

fn is_ceiling(t: &Figure, core: &str) -> bool {
    matches!(
        t.qualifier.as_deref(),
        Some("以内" | "以下" | "不超过" | "不高于" | "控制在")
    ) || ceilings().iter().any(|c| core.contains(c.as_str()))
}

/// Decide done / missed for a target figure and a reported one; returns the verdict
/// and the reason in Chinese.
pub fn verdict(t: &Figure, core: &str, e: &Figure) -> (Status, String) {
    let approx = matches!(t.qualifier.as_deref(), Some("左右" | "约" | "上下"));
    let tol = if !approx {
        1e-9
    } else if t.is_rate() {
        0.1 + 1e-9
    } else {
        t.value.abs() * 0.02
    };
    let show = |f: &Figure| fmt_fig(f);
    let (ok, rule) = if t.signed {
        (e.value <= t.value + tol, "降幅不低于目标")
    } else if is_ceiling(t, core) {
        (e.value <= t.value + tol, "控制性指标，不高于目标即达到")
    } else {
        (e.value >= t.value - tol, "不低于目标即达到")
    };
    let approx_note = if approx && t.is_rate() {
        "（“左右”按±0.1个百分点）"
    } else if approx {
        "（“左右”按±2%）"
    } else {
        ""
    };
    let st = if ok { Status::Done } else { Status::Missed };
    (
        st,
        format!(
            "目标{}，实际{}；{}{}，判定{}",
            show(t),
            show(e),
            rule,
            approx_note,
            st.label()
        ),
    )
}

fn fmt_num(v: f64) -> String {
    let a = v.abs();
    let (x, m) = if a >= 1e8 && (a / 1e8).fract() * 100.0 % 1.0 < 1e-6 {
        (v / 1e8, "亿")
    } else if a >= 1e4 {
        (v / 1e4, "万")
    } else {
        (v, "")
    };
    let s = format!("{:.4}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{m}")
}

fn fmt_fig(f: &Figure) -> String {
    let verb = f.verb.as_deref().unwrap_or("");
    let v = if f.signed { -f.value } else { f.value };
    format!(
        "{}{}{}{}",
        verb,
        if f.is_rate() {
            format!("{v}")
        } else {
            fmt_num(v)
        },
        f.unit,
        f.qualifier.as_deref().unwrap_or("")
    )
}

/// The key phrase of a commitment for passage matching: figures, dates, modality and
/// connective words cut.
fn key_phrase(text: &str) -> String {
    static CUT: OnceLock<regex::Regex> = OnceLock::new();
    let cut = CUT.get_or_init(|| {
        regex::Regex::new(r"\d{4}年(?:\d{1,2}月)?(?:底前|前|内|底)?|\d{1,2}月底前|年底前|年内|[0-9.]+[%％]?|力争|确保|争取|努力|全年|进一步|持续|加快|推动|深入|扎实|以上|左右|以内|达到|完成|实现|开展|全面")
            .expect("static regex")
    });
    cut.replace_all(text, " ").to_string()
}

const COMPLETE: &[&str] = &[
    "完成",
    "建成",
    "实现",
    "落地",
    "获批",
    "投入使用",
    "投用",
    "全覆盖",
    "通过验收",
    "竣工",
    "出台",
    "印发",
    "建立",
];
const UNFINISHED: &[&str] = &[
    "正在",
    "基本",
    "推进",
    "初审",
    "已报",
    "启动",
    "筹备",
    "有序",
    "加快",
    "收尾",
    "起草",
    "征求意见",
    "审定",
    "持续",
    "前期",
];

/// Reconcile plan commitments with review documents (see the module doc).
pub fn reconcile(plans: &[DocView], reviews: &[DocView], opts: &Options) -> Vec<LedgerItem> {
    let mut cache: HashMap<usize, Vec<Passage<'_>>> = HashMap::new();
    let review_keys: Vec<String> = reviews
        .iter()
        .map(|r| r.unit.as_deref().map(units::normalize).unwrap_or_default())
        .collect();
    let mut items = Vec::new();
    for p in plans {
        let Some(year) = p.plan_year else { continue };
        if opts.plan_year.is_some_and(|y| y != year) {
            continue;
        }
        let unit = p.unit.clone().unwrap_or_else(|| "（未识别单位）".into());
        let ukey = p.unit.as_deref().map(units::normalize).unwrap_or_default();
        // The review documents of this unit and year, exact matches preferred.
        let mut best = 0u8;
        let mut cand: Vec<usize> = Vec::new();
        for (i, r) in reviews.iter().enumerate() {
            if r.summary_year != Some(year) || std::ptr::eq(r, p) {
                continue;
            }
            let m = units::match_keys(&ukey, &review_keys[i]);
            if m == 0 {
                continue;
            }
            if m > best {
                best = m;
                cand.clear();
            }
            if m == best {
                cand.push(i);
            }
        }
        for i in &cand {
            cache.entry(*i).or_insert_with(|| passages(&reviews[*i]));
        }
        let pass: Vec<&Passage<'_>> = cand.iter().flat_map(|i| cache[i].iter()).collect();
        for c in &p.commitments {
            if c.five_year || is_preamble(&c.text) {
                continue;
            }
            let tgt = target_of(&c.text, c.target.as_deref());
            let indicator = tgt
                .as_ref()
                .map(|(_, core)| core.clone())
                .filter(|s| !s.is_empty())
                .or_else(|| c.indicator.clone());
            let mut item = LedgerItem {
                unit: unit.clone(),
                plan_year: Some(year),
                path: p.path.clone(),
                line: c.line,
                heading_path: if c.heading_path.is_empty() {
                    p.heading_path(c.start)
                } else {
                    c.heading_path.clone()
                },
                text: c.text.clone(),
                modality: c.modality.clone(),
                target: c.target.clone(),
                deadline: c.deadline.clone(),
                status: Status::Unknown,
                score: 0.0,
                evidence: vec![],
                key: commitment_key(&ukey, Some(year), &c.text),
                unit_key: ukey.clone(),
                level: p.level.clone(),
                doc_id: p.doc_id.clone(),
                indicator,
                reason: String::new(),
                manual_status: None,
                note: None,
            };
            if cand.is_empty() {
                item.reason = format!("库中没有“{unit}”{year}年的总结或报告");
                items.push(item);
                continue;
            }
            let found = targets_of(&c.text, c.target.as_deref())
                .into_iter()
                .find_map(|(tf, core)| figure_evidence(&tf, &core, &pass).map(|x| (tf, core, x)));
            if let Some((tf, core, (score, ps, ef))) = found {
                {
                    let (tf, core) = (&tf, &core);
                    let (st, reason) = verdict(tf, core, &ef);
                    item.status = st;
                    item.score = round2(score);
                    item.reason = reason;
                    item.evidence
                        .push(evidence_of(ps, Some(ps.text[ef.start..ef.end].to_string())));
                    items.push(item);
                    continue;
                }
            }
            // Passage evidence.
            let key = figure::bigrams(&key_phrase(&c.text));
            let mut bestp: Option<(f64, &Passage<'_>)> = None;
            for ps in &pass {
                let s = figure::containment(&key, ps.text);
                if bestp.is_none_or(|(b, _)| s > b) {
                    bestp = Some((s, ps));
                }
            }
            match bestp {
                Some((s, ps)) if s >= 0.5 && (s * key.len() as f64) >= 2.5 => {
                    let full = tgt
                        .as_ref()
                        .is_some_and(|(f, _)| f.is_rate() && f.value >= 100.0);
                    let done_words = COMPLETE.iter().any(|w| ps.text.contains(w))
                        && !UNFINISHED.iter().any(|w| ps.text.contains(w));
                    let st = if (tgt.is_none() && done_words)
                        || (full && ps.text.contains("全覆盖"))
                    {
                        Status::Done
                    } else if let Some(st) = plan_share(ps.text) {
                        st
                    } else {
                        Status::Progress
                    };
                    item.status = st;
                    item.score = round2(s);
                    item.reason = match st {
                        Status::Done => {
                            format!("总结中有相关表述并报告完成（关键词重合{:.0}%）", s * 100.0)
                        }
                        _ if tgt.is_some() => format!(
                            "总结中有相关表述，但没有可比的数字（关键词重合{:.0}%）",
                            s * 100.0
                        ),
                        _ => format!(
                            "总结中有相关工作表述，未说明已完成（关键词重合{:.0}%）",
                            s * 100.0
                        ),
                    };
                    item.evidence.push(evidence_of(ps, None));
                }
                other => {
                    item.status = Status::NotReported;
                    item.score = round2(other.map(|(s, _)| s).unwrap_or(0.0));
                    item.reason = format!("{year}年总结中未找到相关表述");
                }
            }
            items.push(item);
        }
    }
    items.sort_by(|a, b| {
        (&a.unit_key, a.plan_year, &a.path, a.line).cmp(&(
            &b.unit_key,
            b.plan_year,
            &b.path,
            b.line,
        ))
    });
    items
}

/// A verdict stated in words: `超额完成全年任务` → done; `完成年计划的118.2%` → done
/// at 100% or more, missed below.
fn plan_share(t: &str) -> Option<Status> {
    static SHARE: OnceLock<regex::Regex> = OnceLock::new();
    let re = SHARE.get_or_init(|| {
        regex::Regex::new(r"完成(?:全年|年度|年)(?:计划|任务|目标)的\s*(\d+(?:\.\d+)?)[%％]")
            .expect("static regex")
    });
    if let Some(c) = re.captures(t) {
        let v: f64 = c[1].parse().ok()?;
        return Some(if v >= 100.0 {
            Status::Done
        } else {
            Status::Missed
        });
    }
    let said_done = [
        "超额完成",
        "完成全年任务",
        "完成年度任务",
        "完成全年目标",
        "完成年度目标",
        "全面完成",
    ]
    .iter()
    .any(|w| t.match_indices(w).any(|(i, _)| !t[..i].ends_with('未')));
    said_done.then_some(Status::Done)
}

/// A clause that announces the list rather than commits (`重点抓好以下五个方面工作`).
fn is_preamble(t: &str) -> bool {
    ["抓好以下", "以下几个方面", "以下工作", "做好以下", "如下"]
        .iter()
        .any(|w| t.contains(w))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn evidence_of(ps: &Passage<'_>, figure: Option<String>) -> Evidence {
    Evidence {
        doc_id: ps.doc.doc_id.clone(),
        path: ps.doc.path.clone(),
        line: ps.doc.line_of(ps.start),
        text: ps.text.to_string(),
        figure,
    }
}

/// The best reported figure for a target among the passages.
fn figure_evidence<'p, 'a>(
    t: &Figure,
    core: &str,
    pass: &[&'p Passage<'a>],
) -> Option<(f64, &'p Passage<'a>, Figure)> {
    let key = figure::bigrams(core);
    if key.is_empty() {
        return None;
    }
    let need = if key.len() <= 2 { 0.99 } else { 0.6 };
    let mut best: Option<(f64, &'p Passage<'a>, Figure)> = None;
    for ps in pass {
        // A sentence that speaks of several years reports no year-N figure.
        if PER_YEAR_SPAN.iter().any(|w| ps.text.contains(w)) {
            continue;
        }
        for f in figure::figures(ps.text) {
            if f.unit != t.unit || (t.is_rate() && f.is_change() != t.is_change()) {
                continue;
            }
            // An amount several times an annual target is a multi-year total
            // (五年城镇新增就业452万人 against 86万人 a year).
            if !t.is_rate() && t.value > 0.0 && f.value >= CUMULATIVE_RATIO * t.value {
                continue;
            }
            let cs = figure::clause_start(ps.text, f.start);
            let near = &ps.text[cs..f.start];
            if NOT_EVIDENCE.iter().any(|w| near.contains(w)) {
                continue;
            }
            let (phrase, extended) = indicator_before(ps.text, f.start);
            let mut s = figure::containment(&key, &phrase);
            if extended {
                s *= 0.9;
            }
            // A figure with a target word (`5%以上`, `5.5%左右`) is more often a target
            // restated than a result: a plain figure wins over it.
            if matches!(
                f.qualifier.as_deref(),
                Some("以上" | "左右" | "以内" | "以下" | "上下")
            ) {
                s *= 0.8;
            }
            if s >= need && best.as_ref().is_none_or(|(b, _, _)| s > *b) {
                best = Some((s, ps, f));
            }
        }
        // `居民消费价格与上年持平`: a change of zero.
        if t.is_rate() {
            if let Some(i) = ps.text.find("持平") {
                let cs = figure::clause_start(ps.text, i);
                let s = figure::containment(&key, &figure::canonical_indicator(&ps.text[cs..i]));
                if s >= need.max(0.8) && best.as_ref().is_none_or(|(b, _, _)| s > *b) {
                    let f = Figure {
                        start: i,
                        end: i + "持平".len(),
                        value: 0.0,
                        unit: t.unit.clone(),
                        qualifier: None,
                        verb: Some("持平".into()),
                        signed: false,
                    };
                    best = Some((s, ps, f));
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::fallback_sections;
    use gongwen_core::{Commitment, DocKind};
    use std::sync::Arc;

    /// A document built by hand: sections found by the ledger's own heading scan.
    fn doc(
        path: &str,
        unit: &str,
        kind: DocKind,
        sy: Option<i32>,
        py: Option<i32>,
        text: &str,
    ) -> DocView {
        let text: Arc<str> = Arc::from(text);
        let sections = fallback_sections(&text, 0, text.len(), kind, sy, py);
        DocView {
            path: path.into(),
            doc_id: format!("{path}#1"),
            unit: Some(unit.into()),
            level: crate::units::level_of(unit),
            kind,
            summary_year: sy,
            plan_year: py,
            sections,
            commitments: vec![],
            quantities: vec![],
            start: 0,
            end: text.len(),
            text,
        }
    }

    fn commit(v: &mut DocView, t: &str) {
        let start = v.text.find(t).expect("commitment in text");
        v.commitments.push(Commitment {
            text: t.into(),
            modality: None,
            target: None,
            deadline: None,
            line: v.line_of(start),
            start,
            end: start + t.len(),
            heading_path: vec![],
            indicator: None,
            five_year: false,
        });
    }

    const PLAN: &str = "XX县审计局2024年工作总结和2025年工作计划\n一、2024年工作回顾\n全年完成审计项目40个。\n二、2025年工作计划\n全年完成审计项目45个以上；审计整改率达到95%以上；力争2025年6月底前建成审计数据分析平台；开展审计业务培训10期。\n";
    const REVIEW: &str = "XX县审计局2025年工作总结\n一、2025年工作回顾\n全年完成审计项目42个，审计整改率达到96.5%。审计数据分析平台已建成并投入使用。\n";

    #[test]
    fn verdicts_from_hand_built_views() {
        let mut p = doc(
            "p.txt",
            "XX县审计局",
            DocKind::Summary,
            Some(2024),
            Some(2025),
            PLAN,
        );
        for t in [
            "全年完成审计项目45个以上",
            "审计整改率达到95%以上",
            "力争2025年6月底前建成审计数据分析平台",
            "开展审计业务培训10期",
        ] {
            commit(&mut p, t);
        }
        let r = doc(
            "r.txt",
            "县审计局",
            DocKind::Summary,
            Some(2025),
            Some(2026),
            REVIEW,
        );
        let items = reconcile(&[p.clone()], &[r], &Options::default());
        let st: Vec<Status> = items.iter().map(|i| i.status).collect();
        assert_eq!(
            st,
            [
                Status::Missed,
                Status::Done,
                Status::Done,
                Status::NotReported
            ],
            "{items:#?}"
        );
        assert_eq!(items[0].evidence[0].line, 3);
        assert!(items[0].reason.contains("42个"));
        // No review of 2025 for this unit: unknown.
        let other = doc(
            "o.txt",
            "县财政局",
            DocKind::Summary,
            Some(2025),
            None,
            REVIEW,
        );
        let items = reconcile(&[p], &[other], &Options::default());
        assert!(items.iter().all(|i| i.status == Status::Unknown));
    }

    #[test]
    fn approx_and_ceiling_rules() {
        let f = |s: &str| figure::figures(s).remove(0);
        let t = f("增长5.5%左右");
        assert_eq!(verdict(&t, "生产总值", &f("增长5.4%")).0, Status::Done);
        assert_eq!(verdict(&t, "生产总值", &f("增长5.3%")).0, Status::Missed);
        let u = f("5.5%左右");
        assert_eq!(verdict(&u, "城镇调查失业率", &f("5.2%")).0, Status::Done);
        assert_eq!(verdict(&u, "城镇调查失业率", &f("5.8%")).0, Status::Missed);
        let e = f("下降3%左右");
        assert_eq!(
            verdict(&e, "单位地区生产总值能耗", &f("下降3.2%")).0,
            Status::Done
        );
        assert_eq!(
            verdict(&e, "单位地区生产总值能耗", &f("下降2.5%")).0,
            Status::Missed
        );
        let c = f("涨幅2%左右");
        assert_eq!(verdict(&c, "居民消费价格", &f("下降0.1%")).0, Status::Done);
    }

    #[test]
    fn keys_are_stable_and_ignore_punctuation() {
        let a = commitment_key("柳河镇", Some(2025), "新建高标准农田3000亩；");
        let b = commitment_key("柳河镇", Some(2025), "新建高标准农田 3000亩");
        assert_eq!(a, b);
        assert_eq!(a, "柳河镇|2025|".to_string() + &a[a.len() - 16..]);
        assert_ne!(
            a,
            commitment_key("柳河镇", Some(2026), "新建高标准农田3000亩")
        );
    }

    #[test]
    fn status_labels_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.label()), Some(s));
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }
}
