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
    pub extracts: PreparedExtracts,
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

/// A document's extracted items as stored (format 4): each kind is one JSON array of
/// compact objects ([`ItemsWriter`]), one `extracts` row per document.
#[derive(Debug, Clone, Default)]
pub struct PreparedExtracts {
    /// The quantities, a JSON array (`"[]"` when there are none).
    pub quantities: String,
    /// The commitments, a JSON array; an item whose heading path is the path of one of
    /// the document's sections holds `"section"`: that section's index in the
    /// document's flattened sections (the order of their rows), instead of
    /// `heading_path`.
    pub commitments: String,
    pub n_quantities: usize,
    pub n_commitments: usize,
}

impl PreparedExtracts {
    /// True when the document has no quantity and no commitment (no row is stored).
    pub fn is_empty(&self) -> bool {
        self.n_quantities == 0 && self.n_commitments == 0
    }
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

/// Writes extracted items as one stored JSON array (library format 4): each item is
/// its JSON object without the listed `drop` keys and without fields equal to their
/// default in `defaults`, plus an optional extra integer field. Exact:
/// `store::quantities` / `store::commitments` rebuild the original objects. (Format 1
/// stored the whole objects, ≈ 4× larger; formats 2–3 one row per item, whose SQLite
/// row costs were a tenth of the CPU of `add`.)
///
/// Written field by field straight from the struct's `Serialize` ([`CompactStruct`]),
/// not through a `serde_json::Value` tree: building and trimming the tree cost 7 % of
/// the CPU of `add`.
pub struct ItemsWriter {
    buf: Vec<u8>,
    value: Vec<u8>,
    n: usize,
}

impl Default for ItemsWriter {
    fn default() -> Self {
        ItemsWriter {
            buf: b"[".to_vec(),
            value: Vec::with_capacity(64),
            n: 0,
        }
    }
}

impl ItemsWriter {
    /// Append one item. An item that is not a struct is skipped.
    pub fn push(
        &mut self,
        v: &impl serde::Serialize,
        defaults: &[(&str, serde_json::Value)],
        drop: &[&str],
        extra: Option<(&str, usize)>,
    ) {
        let at = self.buf.len();
        if self.n > 0 {
            self.buf.push(b',');
        }
        let open = self.buf.len();
        let mut out = CompactStruct {
            defaults,
            drop,
            buf: &mut self.buf,
            open,
            value: &mut self.value,
        };
        let ok = v.serialize(&mut out).is_ok();
        if let (true, Some((k, x))) = (ok, extra) {
            // Before the closing brace.
            self.buf.pop();
            if self.buf.len() > open + 1 {
                self.buf.push(b',');
            }
            self.buf.push(b'"');
            self.buf.extend_from_slice(k.as_bytes());
            self.buf.extend_from_slice(b"\":");
            self.buf.extend_from_slice(x.to_string().as_bytes());
            self.buf.push(b'}');
        }
        if ok {
            self.n += 1;
        } else {
            self.buf.truncate(at);
        }
    }

    /// Items written so far.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when no item was written.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The JSON array.
    pub fn finish(mut self) -> String {
        self.buf.push(b']');
        debug_assert!(std::str::from_utf8(&self.buf).is_ok());
        // SAFETY: `buf` holds only ASCII written here and `serde_json`'s output, which is
        // UTF-8 (it serializes Rust strings and escapes nothing into invalid bytes); an
        // item that failed to serialize was truncated away at its start. Validating
        // again cost 1 % of the CPU of `add` (600 MB of mostly CJK JSON on the bench
        // corpus).
        unsafe { String::from_utf8_unchecked(self.buf) }
    }
}

/// One item as [`ItemsWriter`] stores it, alone (tests and tools).
pub fn compact_json(
    v: &impl serde::Serialize,
    defaults: &[(&str, serde_json::Value)],
    drop: &[&str],
) -> String {
    let mut w = ItemsWriter::default();
    w.push(v, defaults, drop, None);
    let s = w.finish();
    s.get(1..s.len() - 1).unwrap_or_default().to_string()
}

/// The serializer of [`ItemsWriter`]: accepts one struct and appends it to `buf` as a
/// JSON object, skipping the `drop` keys and fields whose JSON equals their default
/// (`null` or `false`). Each field's value is written by `serde_json`.
struct CompactStruct<'a> {
    defaults: &'a [(&'a str, serde_json::Value)],
    drop: &'a [&'a str],
    buf: &'a mut Vec<u8>,
    /// Where this object's `{` is in `buf`.
    open: usize,
    /// The field being written.
    value: &'a mut Vec<u8>,
}

fn not_a_struct() -> serde_json::Error {
    <serde_json::Error as serde::ser::Error>::custom("compact_json: not a struct")
}

macro_rules! refuse {
    ($($name:ident($($t:ty),*);)*) => {
        $(fn $name(self, $(_: $t),*) -> Result<(), serde_json::Error> {
            Err(not_a_struct())
        })*
    };
}

impl<'b, 'a> serde::Serializer for &'b mut CompactStruct<'a> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTuple = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeMap = serde::ser::Impossible<(), serde_json::Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = serde::ser::Impossible<(), serde_json::Error>;

    refuse! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: ?Sized + serde::Serialize>(self, v: &T) -> Result<(), Self::Error> {
        v.serialize(self)
    }
    fn serialize_newtype_struct<T: ?Sized + serde::Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Self::Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + serde::Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Self::Error> {
        Err(not_a_struct())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(not_a_struct())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(not_a_struct())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        self.buf.push(b'{');
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(not_a_struct())
    }
}

impl<'b, 'a> serde::ser::SerializeStruct for &'b mut CompactStruct<'a> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + serde::Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Self::Error> {
        if self.drop.contains(&key) {
            return Ok(());
        }
        self.value.clear();
        serde_json::to_writer(&mut *self.value, v)?;
        let default = self.defaults.iter().find(|(k, _)| *k == key).map(|d| &d.1);
        let is_default = match default {
            Some(serde_json::Value::Null) => *self.value == b"null",
            Some(serde_json::Value::Bool(false)) => *self.value == b"false",
            Some(d) => {
                serde_json::from_slice::<serde_json::Value>(self.value)
                    .ok()
                    .as_ref()
                    == Some(d)
            }
            None => false,
        };
        if is_default {
            return Ok(());
        }
        if self.buf.len() > self.open + 1 {
            self.buf.push(b',');
        }
        serde_json::to_writer(&mut *self.buf, key)?;
        self.buf.push(b':');
        self.buf.extend_from_slice(self.value);
        Ok(())
    }

    fn end(self) -> Result<(), Self::Error> {
        self.buf.push(b'}');
        Ok(())
    }
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
        let mut extracts = PreparedExtracts::default();
        if let Some(e) = ex {
            let mut qs = ItemsWriter::default();
            for q in &e.quantities {
                qs.push(q, QUANTITY_DEFAULTS, &[], None);
            }
            let paths = section_paths(&sections);
            let mut cs = ItemsWriter::default();
            for c in &e.commitments {
                let section = paths.iter().position(|p| {
                    p.len() == c.heading_path.len()
                        && p.iter().zip(&c.heading_path).all(|(a, b)| *a == b)
                });
                match section {
                    Some(i) => cs.push(
                        c,
                        COMMITMENT_DEFAULTS,
                        &["heading_path"],
                        Some(("section", i)),
                    ),
                    None => cs.push(c, COMMITMENT_DEFAULTS, &[], None),
                }
            }
            extracts.n_quantities = qs.len();
            extracts.n_commitments = cs.len();
            extracts.quantities = qs.finish();
            extracts.commitments = cs.finish();
        }
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
            extracts,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What `compact_json` must equal: the object as a value tree, trimmed.
    fn reference(
        v: &impl serde::Serialize,
        defaults: &[(&str, serde_json::Value)],
        drop: &[&str],
    ) -> serde_json::Value {
        let Ok(serde_json::Value::Object(mut m)) = serde_json::to_value(v) else {
            panic!("not an object");
        };
        for k in drop {
            m.remove(*k);
        }
        for (k, d) in defaults {
            if m.get(*k) == Some(d) {
                m.remove(*k);
            }
        }
        serde_json::Value::Object(m)
    }

    #[test]
    fn compact_json_equals_the_trimmed_value_tree() {
        let text = "青松县统计局2024年工作总结和2025年工作计划\n一、2024年工作回顾\n（一）全年完成统计调查项目42项，同比增长5.2%，数据质量抽查合格率达到100%。\n（二）新增规模以上工业企业12家，工业增加值约3.6亿元。\n二、2025年工作计划\n（一）力争在6月底前完成第五次全国经济普查数据开发，确保调查项目完成率不低于95%。\n（二）加快推进统计数字化平台建设，年内建成XX个乡镇统计站。\n";
        let input = ingest::from_bytes(
            "计划.txt",
            text.as_bytes(),
            &ingest::IngestOptions::default(),
        )
        .expect("ingest");
        let o = outline::outline(&input);
        let ex = extract::extract(&o);
        let (mut nq, mut nc) = (0, 0);
        for e in &ex {
            for q in &e.quantities {
                let got: serde_json::Value =
                    serde_json::from_str(&compact_json(q, QUANTITY_DEFAULTS, &[])).expect("json");
                assert_eq!(got, reference(q, QUANTITY_DEFAULTS, &[]));
                nq += 1;
            }
            for c in &e.commitments {
                for drop in [&[][..], &["heading_path"][..]] {
                    let got: serde_json::Value =
                        serde_json::from_str(&compact_json(c, COMMITMENT_DEFAULTS, drop))
                            .expect("json");
                    assert_eq!(got, reference(c, COMMITMENT_DEFAULTS, drop));
                }
                nc += 1;
            }
        }
        assert!(nq >= 4 && nc >= 2, "{nq} quantities, {nc} commitments");

        // The stored arrays: the same objects in order, an extra field where given.
        let mut w = ItemsWriter::default();
        assert_eq!(w.len(), 0);
        let cs = &ex
            .iter()
            .find(|e| e.commitments.len() >= 2)
            .expect("commitments")
            .commitments;
        for (i, c) in cs.iter().enumerate() {
            let extra = (i % 2 == 1).then_some(("section", i));
            w.push(c, COMMITMENT_DEFAULTS, &["heading_path"], extra);
        }
        assert_eq!(w.len(), cs.len());
        let got: Vec<serde_json::Value> = serde_json::from_str(&w.finish()).expect("array");
        for (i, (g, c)) in got.iter().zip(cs).enumerate() {
            let mut want = reference(c, COMMITMENT_DEFAULTS, &["heading_path"]);
            if i % 2 == 1 {
                want["section"] = i.into();
            }
            assert_eq!(*g, want);
        }
        assert_eq!(ItemsWriter::default().finish(), "[]");
    }
}
