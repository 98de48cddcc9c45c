//! The data that flows between stages, shaped after the JSON contract of `DESIGN.md` §4.
//!
//! Field names here *are* the contract: outside checks read them. Add fields freely;
//! never rename or re-type the listed ones.

use serde::Serialize;
use std::collections::BTreeMap;

/// What kind of file an input was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Docx,
    Html,
    Pdf,
    Csv,
    Jsonl,
}

/// A per-line hint carried over from a structured format (docx heading styles, html
/// `<h1>`…, outline levels). `line` is 1-based in the decoded text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineHint {
    pub line: usize,
    /// Outline level 1..=9 from a heading style or `w:outlineLvl` (0-based +1), if any.
    pub outline_level: Option<u8>,
    /// The paragraph style name as written (`Heading 1`, `标题 2`, `Title`…).
    pub style: Option<String>,
    /// True when the paragraph came from a table cell.
    pub in_table: bool,
}

/// A hard document boundary imposed by the input format: one row of a CSV/JSONL
/// dataset. `start..end` is the byte range of the row's text in the decoded text.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub start: usize,
    pub end: usize,
    /// 1-based row number in the dataset (header not counted).
    pub row: usize,
    /// The other columns, kept as metadata (title, year, province…).
    pub metadata: BTreeMap<String, String>,
}

/// One file after `ingest`: decoded text plus what the format told us.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as given by the user (`-` for stdin).
    pub path: String,
    pub format: Format,
    /// `UTF-8`, `UTF-8-BOM`, `GB18030`, `UTF-16LE`, `UTF-16BE` (for docx: the XML's).
    pub encoding: String,
    /// Decoded UTF-8 text with `\n` line ends. Spans everywhere point into this.
    pub text: String,
    pub hints: Vec<LineHint>,
    /// Non-empty for datasets: each record becomes its own document.
    pub records: Vec<Record>,
    /// Decoding problems worth telling the user (replacement characters, …).
    pub warnings: Vec<String>,
}

/// A piece of scraped junk found in the text and cut from what later stages read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Removed {
    /// `paywall-marker`, `advert`, `toc`, `web-chrome` or `other`.
    pub kind: String,
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The role of a top-level section in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Review,
    Problems,
    Plan,
    Suggestions,
    Other,
}

impl Role {
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Review => "review",
            Role::Problems => "problems",
            Role::Plan => "plan",
            Role::Suggestions => "suggestions",
            Role::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "review" => Role::Review,
            "problems" => Role::Problems,
            "plan" => Role::Plan,
            "suggestions" => Role::Suggestions,
            "other" => Role::Other,
            _ => return None,
        })
    }
}

/// The kind of numbering a heading or item uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerKind {
    /// 第一部分 / 第一章
    Part,
    /// 一、
    ChineseComma,
    /// （一）
    ChineseParen,
    /// 1. 1、 1．
    ArabicDot,
    /// （1）
    ArabicParen,
    /// ① ②
    Circled,
    /// 一是 / 二是, 一要 / 二要, 第一，
    Inline,
    /// a heading taken from a style hint, without a marker
    Styled,
    /// a block without a heading of its own, found from its wording (a problems
    /// paragraph "但也存在一些问题…", or the （一） run of a document missing its 一、)
    Paragraph,
}

/// A heading (or an inline enumeration item) and what lies under it.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The heading line as written (trimmed), or the item's first clause for inline items.
    pub heading: String,
    /// The number as written without punctuation: `一`, `1`, `三是`.
    pub number: String,
    /// Numeric value of the number (一 → 1), for sequence checks.
    pub ordinal: Option<u32>,
    pub marker: MarkerKind,
    /// The marker exactly as written, with its punctuation: `一、`, `(五）`, `1.`.
    pub marker_text: String,
    /// 1 for top-level sections of a document.
    pub depth: usize,
    pub role: Role,
    pub line: usize,
    /// Byte span of the whole section (heading through the end of its content).
    pub start: usize,
    pub end: usize,
    /// Byte span of the heading line or item marker+clause only.
    pub heading_start: usize,
    pub heading_end: usize,
    pub children: Vec<Section>,
}

/// The kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// 工作总结 (possibly with a plan)
    Summary,
    /// 工作计划 / 工作要点 alone
    Plan,
    /// 政府工作报告
    GovReport,
    Other,
}

/// One document of a file (a compilation holds several).
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// 1-based index in the file.
    pub index: usize,
    pub title: String,
    pub line: usize,
    pub end_line: usize,
    pub start: usize,
    pub end: usize,
    /// Issuing unit as written (`区审计局`, `XX镇`, `云南省人民政府`), if found.
    pub unit: Option<String>,
    /// `省` `市` `区` `县` `乡` `镇` `街道` `村`, if known.
    pub level: Option<String>,
    pub kind: DocKind,
    pub summary_year: Option<i32>,
    pub plan_year: Option<i32>,
    pub sections: Vec<Section>,
    /// Metadata from a dataset row (title, province, year…).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// The outline of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileOutline {
    pub path: String,
    pub encoding: String,
    pub format: Format,
    pub removed: Vec<Removed>,
    pub documents: Vec<Document>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// A number with its unit and context, as found in the text.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quantity {
    pub text: String,
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub percent: bool,
    pub permille: bool,
    pub qualifier: Option<String>,
    pub placeholder: bool,
    pub comparison: Option<String>,
    pub direction: Option<String>,
    pub subject: Option<String>,
    pub section_role: Option<Role>,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
}

/// A clause of a plan that commits to something.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Commitment {
    pub text: String,
    pub modality: Option<String>,
    pub target: Option<String>,
    pub deadline: Option<String>,
    pub line: usize,
    pub start: usize,
    pub end: usize,
    /// Headings from the top section down to the one holding the clause.
    pub heading_path: Vec<String>,
    /// The indicator the target is about (`地区生产总值`), best effort.
    pub indicator: Option<String>,
    /// True for targets of a five-year plan (十五五), not of the plan year.
    pub five_year: bool,
}

/// Severity of a lint finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "info" => Severity::Info,
            "warning" => Severity::Warning,
            "error" => Severity::Error,
            _ => return None,
        })
    }
}

/// A replacement of a byte range of the raw text.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// A lint finding.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    /// 1-based index of the document in the file.
    pub doc: usize,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub suggestion: Option<String>,
    /// A machine-applicable fix, when one can be computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// How safe a fix is to apply without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}
