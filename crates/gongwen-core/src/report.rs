//! The JSON documents of `DESIGN.md` §4, built in one place so that the CLI
//! (`gongwen check --format json` …) and the HTTP API (`POST /api/check` …) answer
//! exactly the same bytes for the same input.
//!
//! Pure data building: no I/O. Callers add fields freely (the contract allows it), but
//! never through these functions, which stay the contract's shape.

use crate::extract::DocExtraction;
use crate::model::{FileOutline, Finding};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One checked file: its path as given and its findings.
pub struct CheckedFile<'a> {
    pub path: &'a str,
    pub findings: &'a [Finding],
}

/// `{"files":[{"path","findings"}],"summary":{"findings":N,"by_rule":{"GW101":1}}}`.
pub fn check_json(files: &[CheckedFile<'_>]) -> Value {
    let mut total = 0usize;
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        total += f.findings.len();
        for finding in f.findings {
            *by_rule.entry(finding.rule.as_str()).or_default() += 1;
        }
        out.push(json!({ "path": f.path, "findings": f.findings }));
    }
    json!({ "files": out, "summary": { "findings": total, "by_rule": by_rule } })
}

/// `{"files":[FileOutline…]}`.
pub fn outline_json(files: &[&FileOutline]) -> Value {
    json!({ "files": files })
}

/// One extracted file: its path and the per-document extraction.
pub struct ExtractedFile<'a> {
    pub path: &'a str,
    pub documents: &'a [DocExtraction],
}

/// `{"files":[{"path","documents":[{"index","title","quantities","commitments"}]}]}`.
pub fn extract_json(files: &[ExtractedFile<'_>]) -> Value {
    let out: Vec<Value> = files
        .iter()
        .map(|f| json!({ "path": f.path, "documents": f.documents }))
        .collect();
    json!({ "files": out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn finding(rule: &str, start: usize) -> Finding {
        Finding {
            rule: rule.into(),
            name: "placeholder-residue".into(),
            severity: Severity::Error,
            message: "疑似遗留占位符“XX”".into(),
            doc: 1,
            line: 3,
            column: 7,
            start,
            end: start + 2,
            text: "XX".into(),
            suggestion: None,
            fix: None,
        }
    }

    #[test]
    fn check_summary_counts_by_rule_over_all_files() {
        let a = [finding("GW101", 10), finding("GW101", 40)];
        let b = [finding("GW402", 5)];
        let v = check_json(&[
            CheckedFile {
                path: "甲.txt",
                findings: &a,
            },
            CheckedFile {
                path: "乙.txt",
                findings: &b,
            },
        ]);
        assert_eq!(v["summary"]["findings"], 3);
        assert_eq!(v["summary"]["by_rule"]["GW101"], 2);
        assert_eq!(v["summary"]["by_rule"]["GW402"], 1);
        assert_eq!(v["files"][1]["path"], "乙.txt");
        assert_eq!(v["files"][0]["findings"][1]["start"], 40);
        assert_eq!(v["files"][0]["findings"][0]["text"], "XX");
    }
}
