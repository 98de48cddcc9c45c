//! One file through the pipeline (ingest → outline → extract → check) into the rows
//! the store writes: documents, sections, paragraphs (with MinHash band keys),
//! quantities, commitments and findings. Pure computation, run on worker threads.
//!
//! Paragraphs are the non-empty lines of a document's span that were not cut as
//! scraped junk; each carries its 1-based line, its byte offset in the file's decoded
//! text and the role of the top-level section holding it.

use crate::minhash;
use gongwen_core::model::{DocKind, Document, Section};
use gongwen_core::outline::Outlined;
use gongwen_core::{check, extract, ingest, outline};
use std::path::Path;

/// A file ready to be stored.
#[derive(Debug, Clone)]
pub struct PreparedFile {
    pub path: String,
    pub hash: String,
    pub bytes: usize,
    pub format: String,
    pub encoding: String,
    pub documents: Vec<PreparedDoc>,
    pub findings: Vec<PreparedFinding>,
}

#[derive(Debug, Clone)]
pub struct PreparedDoc {
    pub index: usize,
    pub doc_key: String,
    pub title: String,
    pub unit: Option<String>,
    pub level: Option<String>,
    pub kind: String,
    pub summary_year: Option<i32>,
    pub plan_year: Option<i32>,
    pub line: usize,
    pub end_line: usize,
    pub start: usize,
    pub end: usize,
    pub chars: usize,
    pub metadata: Option<String>,
    pub sections: Vec<PreparedSection>,
    pub paragraphs: Vec<PreparedParagraph>,
    pub quantities: Vec<PreparedQuantity>,
    pub commitments: Vec<PreparedCommitment>,
}

#[derive(Debug, Clone)]
pub struct PreparedSection {
    /// Index of the parent in the document's flattened section list.
    pub parent: Option<usize>,
    pub depth: usize,
    pub role: String,
    pub heading: String,
    pub number: String,
    pub marker: String,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct PreparedParagraph {
    pub line: usize,
    pub start: usize,
    pub role: Option<String>,
    pub text: String,
    /// (piece, band keys) per MinHash passage of the paragraph.
    pub bands: Vec<(usize, Vec<u64>)>,
}

#[derive(Debug, Clone)]
pub struct PreparedQuantity {
    pub line: usize,
    pub text: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub section_role: Option<String>,
    /// The quantity's JSON without what the columns hold ([`compact_json`]).
    pub json: String,
}

#[derive(Debug, Clone)]
pub struct PreparedCommitment {
    pub line: usize,
    pub text: String,
    /// The commitment's JSON without what the columns hold ([`compact_json`]); its
    /// `heading_path` is left out when `section` gives it.
    pub json: String,
    /// Index (in the document's flattened sections) of the section whose heading path
    /// equals the commitment's `heading_path`.
    pub section: Option<usize>,
}

/// Fields of a quantity's JSON left out of the stored JSON when they hold this
/// default (`null` or `false`); [`crate::store::quantities`] puts them back.
pub const QUANTITY_DEFAULTS: &[(&str, serde_json::Value)] = &[
    ("value", serde_json::Value::Null),
    ("value_max", serde_json::Value::Null),
    ("unit", serde_json::Value::Null),
    ("percent", serde_json::Value::Bool(false)),
    ("permille", serde_json::Value::Bool(false)),
    ("qualifier", serde_json::Value::Null),
    ("placeholder", serde_json::Value::Bool(false)),
    ("comparison", serde_json::Value::Null),
    ("direction", serde_json::Value::Null),
    ("subject", serde_json::Value::Null),
    ("section_role", serde_json::Value::Null),
];

/// The same for commitments.
pub const COMMITMENT_DEFAULTS: &[(&str, serde_json::Value)] = &[
    ("modality", serde_json::Value::Null),
    ("target", serde_json::Value::Null),
    ("deadline", serde_json::Value::Null),
    ("indicator", serde_json::Value::Null),
    ("five_year", serde_json::Value::Bool(false)),
];

/// The stored JSON of an extracted item: its fields without `text` and `line` (held by
/// columns), without the listed `drop` keys, and without fields equal to their default
/// in `defaults`. Exact: `store::quantities` / `store::commitments` rebuild the
/// original object. (Format 1 stored the whole object: ≈ 4× larger.)
pub fn compact_json(
    v: &impl serde::Serialize,
    defaults: &[(&str, serde_json::Value)],
    drop: &[&str],
) -> String {
    let Ok(serde_json::Value::Object(mut m)) = serde_json::to_value(v) else {
        return String::new();
    };
    m.remove("text");
    m.remove("line");
    for k in drop {
        m.remove(*k);
    }
    for (k, d) in defaults {
        if m.get(*k) == Some(d) {
            m.remove(*k);
        }
    }
    serde_json::Value::Object(m).to_string()
}

/// Heading path (top heading first) of each flattened section.
fn section_paths(sections: &[PreparedSection]) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::with_capacity(sections.len());
    for s in sections {
        let mut p = s
            .parent
            .and_then(|i| out.get(i).cloned())
            .unwrap_or_default();
        p.push(&s.heading);
        out.push(p);
    }
    out
}

#[derive(Debug, Clone)]
pub struct PreparedFinding {
    pub doc: usize,
    pub rule: String,
    pub severity: String,
    pub line: usize,
    pub json: String,
}

/// Content hash of a file's bytes (xxh3-128, hex).
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// Read and prepare one file. `hash` is the content hash of `bytes`.
pub fn prepare_bytes(
    path: &str,
    bytes: &[u8],
    hash: String,
) -> Result<PreparedFile, gongwen_core::Error> {
    let input = ingest::from_bytes(path, bytes, &ingest::IngestOptions::default())?;
    let o = outline::outline(&input);
    Ok(prepare_outlined(&o, hash, bytes.len()))
}

/// Read a file from disk and prepare it.
pub fn prepare_path(path: &Path) -> Result<PreparedFile, crate::Error> {
    let bytes = std::fs::read(path)?;
    let hash = content_hash(&bytes);
    Ok(prepare_bytes(&path.display().to_string(), &bytes, hash)?)
}

fn kind_str(k: DocKind) -> &'static str {
    match k {
        DocKind::Summary => "summary",
        DocKind::Plan => "plan",
        DocKind::GovReport => "gov-report",
        DocKind::Other => "other",
    }
}

fn flatten(sections: &[Section], parent: Option<usize>, out: &mut Vec<PreparedSection>) {
    for s in sections {
        let me = out.len();
        out.push(PreparedSection {
            parent,
            depth: s.depth,
            role: s.role.as_str().to_string(),
            heading: s.heading.clone(),
            number: s.number.clone(),
            marker: s.marker_text.clone(),
            line: s.line,
            start: s.start,
            end: s.end,
        });
        flatten(&s.children, Some(me), out);
    }
}

/// The role of the top-level section holding byte offset `at`.
fn role_at(d: &Document, at: usize) -> Option<String> {
    d.sections
        .iter()
        .find(|s| s.start <= at && at < s.end.max(s.start + 1))
        .map(|s| s.role.as_str().to_string())
}

/// Turn an outlined file into rows.
pub fn prepare_outlined(o: &Outlined, hash: String, bytes: usize) -> PreparedFile {
    let raw = &o.source.raw;
    let extractions = extract::extract(o);
    let findings = check::check(o, &extractions, &check::Settings::default());
    let removed: Vec<(usize, usize)> = o.outline.removed.iter().map(|r| (r.start, r.end)).collect();
    let mut documents = Vec::with_capacity(o.outline.documents.len());
    for d in &o.outline.documents {
        let (start, end) = (d.start.min(raw.len()), d.end.min(raw.len()));
        let mut paragraphs = Vec::new();
        let mut chars = 0usize;
        // Walk the lines of the document span.
        let mut pos = start;
        while pos < end {
            let line_end = memchr::memchr(b'\n', &raw.as_bytes()[pos..end])
                .map(|i| pos + i)
                .unwrap_or(end);
            let text = raw.get(pos..line_end).unwrap_or("").trim_end_matches('\r');
            let junk = removed
                .iter()
                .any(|&(s, e)| s < line_end.max(pos + 1) && pos < e);
            if !junk && !text.trim().is_empty() {
                let line = o.source.line_of(pos);
                chars += text.chars().count();
                let bands = minhash::passage_keys(text);
                paragraphs.push(PreparedParagraph {
                    line,
                    start: pos,
                    role: role_at(d, pos),
                    text: text.to_string(),
                    bands,
                });
            }
            pos = line_end + 1;
        }
        let mut sections = Vec::new();
        flatten(&d.sections, None, &mut sections);
        let ex = extractions.iter().find(|e| e.index == d.index);
        let quantities = ex
            .map(|e| {
                e.quantities
                    .iter()
                    .map(|q| PreparedQuantity {
                        line: q.line,
                        text: q.text.clone(),
                        value: q.value,
                        unit: q.unit.clone(),
                        section_role: q.section_role.map(|r| r.as_str().to_string()),
                        json: compact_json(q, QUANTITY_DEFAULTS, &[]),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let paths = section_paths(&sections);
        let commitments = ex
            .map(|e| {
                e.commitments
                    .iter()
                    .map(|c| {
                        let section = paths.iter().position(|p| {
                            p.len() == c.heading_path.len()
                                && p.iter().zip(&c.heading_path).all(|(a, b)| *a == b)
                        });
                        let drop: &[&str] = if section.is_some() {
                            &["heading_path"]
                        } else {
                            &[]
                        };
                        PreparedCommitment {
                            line: c.line,
                            text: c.text.clone(),
                            json: compact_json(c, COMMITMENT_DEFAULTS, drop),
                            section,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        documents.push(PreparedDoc {
            index: d.index,
            doc_key: format!(
                "{:016x}-{}",
                xxhash_rust::xxh3::xxh3_64(format!("{}\0{hash}", o.outline.path).as_bytes()),
                d.index
            ),
            title: d.title.clone(),
            unit: d.unit.clone(),
            level: d.level.clone(),
            kind: kind_str(d.kind).to_string(),
            summary_year: d.summary_year,
            plan_year: d.plan_year,
            line: d.line,
            end_line: d.end_line,
            start: d.start,
            end: d.end,
            chars,
            metadata: if d.metadata.is_empty() {
                None
            } else {
                serde_json::to_string(&d.metadata).ok()
            },
            sections,
            paragraphs,
            quantities,
            commitments,
        });
    }
    PreparedFile {
        path: o.outline.path.clone(),
        hash,
        bytes,
        format: serde_json::to_value(o.outline.format)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default(),
        encoding: o.outline.encoding.clone(),
        documents,
        findings: findings
            .iter()
            .map(|f| PreparedFinding {
                doc: f.doc,
                rule: f.rule.clone(),
                severity: f.severity.as_str().to_string(),
                line: f.line,
                json: serde_json::to_string(f).unwrap_or_default(),
            })
            .collect(),
    }
}
