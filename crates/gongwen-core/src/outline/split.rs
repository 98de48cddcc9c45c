//! Splitting a clean text into documents.
//!
//! In order of trust:
//! 1. dataset records (one CSV/JSONL row = one document, hard boundaries);
//! 2. the TOC of a compilation: each listed title is looked up as a line after the TOC,
//!    in order;
//! 3. title-like lines: a short line without sentence punctuation that ends with
//!    总结/计划/报告/要点/汇报/打算 (a compilation's own title, …汇编（13篇）, is not a
//!    document), preceded by a blank line or the start of the text and followed by body.
//!
//! A title may take two lines when the unit stands on the line above it
//! ("县农业农村局" / "2023年工作总结和2024年工作计划").

use crate::outline::{heading, is_space, nchars, Line};

/// A record's range in clean offsets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordRange {
    pub start: usize,
    pub end: usize,
    pub index: usize,
}

/// One document in clean offsets and line indexes (0-based into the clean lines).
#[derive(Debug, Clone)]
pub(crate) struct DocRange {
    pub start: usize,
    pub end: usize,
    /// First line of the document (its title, if it has one).
    pub first_line: usize,
    /// First line after the title lines.
    pub body_line: usize,
    /// One past the last line of the document.
    pub end_line: usize,
    pub title: String,
    pub record: Option<usize>,
}

const TITLE_ENDS: [&str; 8] = [
    "总结",
    "计划",
    "报告",
    "要点",
    "汇报",
    "打算",
    "工作思路",
    "规划",
];

/// Remove whitespace for comparing titles.
pub(crate) fn squash(s: &str) -> String {
    s.chars().filter(|c| !is_space(*c)).collect()
}

/// True when a line reads as the title of a report.
pub(crate) fn is_title_like(text: &str) -> bool {
    // Cheap byte-length bound first: 70 characters are at most 280 bytes.
    if text.len() > 280 || text.len() < 4 {
        return false;
    }
    let n = nchars(text);
    if !(4..=70).contains(&n) {
        return false;
    }
    if text.contains(['。', '！', '？', '；', '，', ',']) || text.ends_with(['：', ':']) {
        return false;
    }
    if text.contains("汇编") || heading::marker(text).is_some() {
        return false;
    }
    if text.starts_with(['—', '―', '（', '(', '“', '《']) {
        return false;
    }
    let sq = squash(text);
    // Strip a trailing "（2023年）", "（草案）", "（13篇）".
    let mut core = sq.as_str();
    if core.ends_with('）') || core.ends_with(')') {
        if let Some(p) = core.rfind(['（', '(']) {
            core = &core[..p];
        }
    }
    TITLE_ENDS.iter().any(|e| core.ends_with(e))
}

/// A short line that may be the first half of a two-line title (the unit's name).
fn is_title_head(text: &str) -> bool {
    let n = nchars(text);
    (2..=24).contains(&n)
        && !text.contains(['。', '，', '；', '：', ':', '！', '、'])
        && heading::marker(text).is_none()
        && !text.chars().any(|c| c.is_ascii_digit())
}

fn next_nonblank(lines: &[Line<'_>], from: usize, to: usize) -> Option<usize> {
    (from..to).find(|&k| !lines[k].is_blank())
}

fn prev_nonblank(lines: &[Line<'_>], from: usize, lo: usize) -> Option<usize> {
    (lo..from).rev().find(|&k| !lines[k].is_blank())
}

/// Split into documents.
pub(crate) fn split(
    text: &str,
    lines: &[Line<'_>],
    toc_titles: &[String],
    toc_end: Option<usize>,
    records: &[RecordRange],
) -> Vec<DocRange> {
    if !records.is_empty() {
        return records
            .iter()
            .map(|r| {
                let first = lines.partition_point(|l| l.end < r.start);
                let end_line = lines.partition_point(|l| l.start < r.end).max(first);
                let mut d = make_range(lines, first, end_line, None, r.end);
                d.record = Some(r.index);
                d.start = d.start.max(r.start);
                d
            })
            .collect();
    }
    let _ = text;
    let n = lines.len();
    let after_toc = toc_end
        .map(|e| lines.partition_point(|l| l.start < e))
        .unwrap_or(0);

    // Title lines: TOC matches first.
    let mut starts: Vec<usize> = Vec::new();
    let wanted: Vec<String> = toc_titles
        .iter()
        .map(|t| squash(t))
        .filter(|t| !t.contains("汇编") && t != "目录" && !t.is_empty())
        .collect();
    if !wanted.is_empty() {
        // Index the short lines by their squashed text once (a TOC may list many titles).
        let mut by_text: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (k, l) in lines.iter().enumerate().skip(after_toc) {
            if !l.text.is_empty() && l.text.len() <= 400 {
                by_text.entry(squash(l.text)).or_default().push(k);
            }
        }
        let mut from = after_toc;
        for w in &wanted {
            let found = by_text
                .get(w)
                .and_then(|ks| ks.iter().copied().find(|&k| k >= from));
            if let Some(k) = found {
                starts.push(k);
                from = k + 1;
            }
        }
        if starts.len() * 2 < wanted.len() {
            starts.clear();
        }
    }
    if starts.is_empty() {
        starts = title_lines(lines, after_toc);
    }

    // The text before the first title: a document of its own only when it has content.
    let first_body = next_nonblank(lines, after_toc, n);
    let mut docs = Vec::new();
    match (first_body, starts.first()) {
        (None, _) => {
            // Empty text: one empty document.
            docs.push(make_range(
                lines,
                0,
                n,
                None,
                lines.last().map(|l| l.end).unwrap_or(0),
            ));
            return docs;
        }
        (Some(fb), Some(&s0)) if fb < s0 => {
            let pre_len: usize = lines[fb..s0].iter().map(|l| l.text.len()).sum();
            let has_body = lines[fb..s0].iter().any(|l| l.text.contains('。'));
            if has_body && pre_len > 150 {
                docs.push(make_range(lines, fb, s0, Some(fb), lines[s0].start));
            }
        }
        (Some(fb), None) => {
            // No title line found: the whole text is one document; its first line is the
            // title when it reads like one.
            let title = if is_title_like(lines[fb].text) {
                None
            } else {
                Some(fb)
            };
            docs.push(make_range(
                lines,
                fb,
                n,
                title,
                lines.last().map(|l| l.end).unwrap_or(0),
            ));
            return docs;
        }
        _ => {}
    }
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(n);
        let end_off = if e < n {
            lines[e].start
        } else {
            lines.last().map(|l| l.end).unwrap_or(0)
        };
        // A unit name on the line just above the title belongs to it.
        let mut first = s;
        if s > 0 && !lines[s - 1].is_blank() && is_title_head(lines[s - 1].text) {
            let before = if s >= 2 {
                lines[s - 2].is_blank()
            } else {
                true
            };
            let prev_doc_end = if i > 0 { starts[i - 1] } else { 0 };
            if before && s - 1 > prev_doc_end {
                first = s - 1;
            }
        }
        docs.push(make_range(lines, first, e, None, end_off));
        if first < s {
            if let Some(d) = docs.last_mut() {
                d.body_line = s + 1;
                d.title = format!("{}{}", lines[first].text, lines[s].text);
            }
        }
    }
    // A document ends where the next begins: pull the end of the previous one back.
    let m = docs.len();
    for i in 0..m.saturating_sub(1) {
        let next_first = docs[i + 1].first_line;
        if next_first < docs[i].end_line {
            docs[i].end_line = next_first;
        }
        let last = prev_nonblank(lines, docs[i].end_line, docs[i].first_line)
            .unwrap_or(docs[i].first_line);
        docs[i].end = lines[last].tend().max(docs[i].start);
    }
    docs
}

/// Make a range from `first` to `end_line`; `untitled` says the first line is body.
fn make_range(
    lines: &[Line<'_>],
    first: usize,
    end_line: usize,
    untitled: Option<usize>,
    end_off: usize,
) -> DocRange {
    let n = lines.len();
    let first_nb =
        next_nonblank(lines, first, end_line.min(n)).unwrap_or(first.min(n.saturating_sub(1)));
    let (title, body_line) = match untitled {
        Some(_) => (String::new(), first_nb),
        None => {
            if first_nb < n && is_title_like(lines[first_nb].text) {
                (lines[first_nb].text.to_string(), first_nb + 1)
            } else if first_nb < n
                && first_nb + 1 < end_line
                && is_title_head(lines[first_nb].text)
                && is_title_like(lines[first_nb + 1].text)
            {
                (
                    format!("{}{}", lines[first_nb].text, lines[first_nb + 1].text),
                    first_nb + 2,
                )
            } else {
                (String::new(), first_nb)
            }
        }
    };
    let last = prev_nonblank(lines, end_line.min(n), first_nb).unwrap_or(first_nb);
    let start = lines.get(first_nb).map(|l| l.tstart).unwrap_or(0);
    let end = lines
        .get(last)
        .map(|l| l.tend())
        .unwrap_or(0)
        .min(end_off.max(start))
        .max(start);
    DocRange {
        start,
        end,
        first_line: first_nb,
        body_line,
        end_line: end_line.min(n),
        title,
        record: None,
    }
}

/// Title-like lines that start a document: after a blank line (or at the start), with
/// body after them. A later one needs the document before it to have some body.
fn title_lines(lines: &[Line<'_>], from: usize) -> Vec<usize> {
    let n = lines.len();
    let mut out: Vec<usize> = Vec::new();
    let mut body_since = 0usize;
    for k in from..n {
        let l = &lines[k];
        if l.is_blank() {
            continue;
        }
        // The first title may follow a few short lines without a blank (web pages).
        let blank_before =
            k == 0 || lines[k - 1].is_blank() || k == from || (out.is_empty() && body_since == 0);
        // A newspaper's running head "政 府 工 作 报 告" inside a report splits nothing.
        let running_head = (!out.is_empty() || body_since >= 200)
            && l.text.len() <= 60
            && squash(l.text) == "政府工作报告";
        let cand = is_title_like(l.text) && blank_before && !running_head;
        if cand {
            let next = next_nonblank(lines, k + 1, n);
            let has_body = next.is_some_and(|q| !is_title_like(lines[q].text) || q > k + 1);
            let first_doc_ok = out.is_empty();
            if has_body && (first_doc_ok || body_since >= 200) {
                out.push(k);
                body_since = 0;
                continue;
            }
        }
        if l.text.len() > 90 || l.text.contains('。') || nchars(l.text) > 30 {
            body_since += l.text.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert!(is_title_like("区审计局2023年工作总结和2024年工作计划"));
        assert!(is_title_like("某镇2024工作计划"));
        assert!(is_title_like("政 府 工 作 报 告"));
        assert!(is_title_like("2025年政府工作报告"));
        assert!(!is_title_like("2023年工作总结2024年工作计划汇编（13篇）"));
        assert!(!is_title_like("二、2024年工作计划"));
        assert!(!is_title_like("现将有关情况汇报如下："));
        assert!(!is_title_like(
            "我们认真听取并落实了代表们的意见建议，形成了报告"
        ));
        assert!(!is_title_like("2024年工作安排"));
    }
}
