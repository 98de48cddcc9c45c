//! outline: [`Input`] → [`Outlined`]: scraped junk found and cut, a compilation split
//! into documents, each with title, unit, level, years, heading tree and roles.
//!
//! The stage runs in five steps, one module each:
//!
//! 1. [`junk`] finds paywall markers, advert lines, the 目录 block and web-page chrome
//!    in the raw text and reports them as [`Removed`] ranges; they are cut out with
//!    [`CleanText::cut`], so a sentence with a glued `##paidbegin##` reads whole.
//! 2. [`split`] cuts the clean text into documents: by dataset records, by the TOC
//!    entries, or by title-like lines.
//! 3. [`heading`] builds the heading tree (第一部分 → 一、 → （一） → 1. → （1） → ①) and
//!    [`inline`] adds the inline enumerations (一是/二是, 一要, 第一，) as leaf items.
//! 4. [`role`] gives each top section its role (review, problems, plan, suggestions).
//! 5. [`meta`] finds unit, level, kind and the summary/plan years.
//!
//! All the work is done on the clean text; every span is mapped back to the raw text
//! before it leaves this module.
//!
//! Architecture invariant: outlining never fails and never panics; a text without any
//! structure still gets one document.

mod heading;
pub(crate) use heading::cn_digit;
mod inline;
pub use inline::{MAX_INLINE_PER_DOCUMENT, MAX_INLINE_PER_PARAGRAPH};
mod junk;
mod meta;
mod role;
mod split;

use crate::model::{Document, FileOutline, Input, Removed, Section};
use crate::text::{CleanText, LineIndex, SourceText, Span};

/// The outline of a file together with the texts it was computed on.
#[derive(Debug, Clone)]
pub struct Outlined {
    /// The raw decoded text; every span points into it.
    pub source: SourceText,
    /// The text with junk cut out, and the map back to raw offsets.
    pub clean: CleanText,
    pub outline: FileOutline,
}

impl Outlined {
    /// The sentences of the clean text, as spans in *clean* offsets (map them with
    /// [`CleanText::span_to_raw`]). See [`sentences`].
    pub fn sentences(&self) -> Vec<Span> {
        sentences(&self.clean.clean)
    }
}

/// Split a text into sentences: a sentence ends after 。！？；!? (with the closing
/// quotes or brackets that follow) or at a line end; surrounding whitespace is not part
/// of it. A heading line without punctuation is one sentence.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 80 + 1);
    let mut start: Option<usize> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' {
            if let Some(s) = start.take() {
                let e = s + text[s..i].trim_end_matches(is_space).len();
                out.push(Span::new(s, e));
            }
            continue;
        }
        if start.is_none() {
            if is_space(c) {
                continue;
            }
            start = Some(i);
        }
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?') {
            let mut e = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if matches!(d, '”' | '’' | '」' | '）' | ')' | '》') {
                    e = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            if let Some(s) = start.take() {
                out.push(Span::new(s, e));
            }
        }
    }
    if let Some(s) = start {
        let e = s + text[s..].trim_end_matches(is_space).len();
        if e > s {
            out.push(Span::new(s, e));
        }
    }
    out
}

/// One line of the clean text. `start..end` excludes the newline; `text` is trimmed of
/// whitespace (also U+3000, NBSP, U+2002) and starts at byte `tstart`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub start: usize,
    pub end: usize,
    pub tstart: usize,
    pub text: &'a str,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
    /// Byte offset just after the trimmed text.
    pub fn tend(&self) -> usize {
        self.tstart + self.text.len()
    }
}

/// Whitespace as found in Chinese documents: ASCII, U+3000, NBSP, en/em spaces, BOM.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Split a text into lines (without their `\n`), each trimmed.
pub(crate) fn lines_of(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(text.len() / 60 + 1);
    let mut pos = 0usize;
    let bytes = text.as_bytes();
    loop {
        let end = memchr::memchr(b'\n', &bytes[pos..])
            .map(|i| pos + i)
            .unwrap_or(text.len());
        let raw = &text[pos..end];
        let t1 = raw.trim_start_matches(is_space);
        let tstart = pos + (raw.len() - t1.len());
        let t = t1.trim_end_matches(is_space);
        out.push(Line {
            start: pos,
            end,
            tstart,
            text: t,
        });
        if end >= text.len() {
            break;
        }
        pos = end + 1;
    }
    out
}

/// Number of characters of a string (cheap for short strings).
pub(crate) fn nchars(s: &str) -> usize {
    s.chars().count()
}

/// Outline one input.
pub fn outline(input: &Input) -> Outlined {
    let raw = input.text.as_str();
    let source = SourceText::new(input.text.clone());

    // 1. junk, reported in raw offsets and cut.
    let found = junk::find(raw, &input.records);
    let cuts: Vec<Span> = found
        .removed
        .iter()
        .map(|r| Span::new(r.start, r.end))
        .collect();
    let clean = CleanText::cut(raw, &cuts);
    let removed: Vec<Removed> = found
        .removed
        .into_iter()
        .map(|mut r| {
            r.line = source.line_of(r.start);
            r
        })
        .collect();

    // 2. documents, on the clean text.
    let ctext = clean.clean.as_str();
    let lines = lines_of(ctext);
    let records: Vec<split::RecordRange> = input
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| split::RecordRange {
            start: raw_to_clean(&cuts, r.start.min(raw.len())),
            end: raw_to_clean(&cuts, r.end.min(raw.len())),
            index: i,
        })
        .collect();
    let toc_end_clean = found.toc_end.map(|e| raw_to_clean(&cuts, e));
    let mut ranges = split::split(ctext, &lines, &found.toc_titles, toc_end_clean, &records);

    let hints = heading::Hints::new(&input.hints, &source, &clean, &lines);
    // A dataset row often starts with leftovers of the page before its title line: the
    // document starts at the title (the row's `title` column, or a title-like line).
    for r in &mut ranges {
        let Some(rec) = r.record.and_then(|k| input.records.get(k)) else {
            continue;
        };
        if r.body_line > r.first_line {
            continue;
        }
        let want = rec
            .metadata
            .get("title")
            .map(|t| split::squash(t))
            .unwrap_or_default();
        let upto = r.end_line.min(r.first_line + 16).min(lines.len());
        let found = (r.first_line..upto).find(|&k| {
            let t = lines[k].text;
            !t.is_empty()
                && ((!want.is_empty() && t.len() <= 400 && split::squash(t) == want)
                    || split::is_title_like(t))
        });
        if let Some(k) = found {
            r.first_line = k;
            r.body_line = k + 1;
            r.start = lines[k].tstart.min(r.end);
            r.title = lines[k].text.to_string();
        }
    }
    // A docx paragraph styled as the title is the title, whatever its wording.
    for r in &mut ranges {
        if r.title.is_empty() && r.body_line == r.first_line && hints.is_title(r.first_line) {
            if let Some(l) = lines.get(r.first_line) {
                r.title = l.text.to_string();
                r.body_line += 1;
            }
        }
    }

    let mut documents = Vec::with_capacity(ranges.len());
    let mut warnings = input.warnings.clone();
    for (i, r) in ranges.iter().enumerate() {
        let record = r.record.and_then(|k| input.records.get(k));
        let (mut doc, dropped) = build_document(ctext, &lines, r, record, &hints, i + 1);
        if let Some(off) = dropped {
            let line = source.line_of(clean.to_raw(off));
            warnings.push(format!(
                "文档 {}：第 {line} 行起行内条目（一是、二是……）过多，每段最多拆分 {} 项、\
                 每篇文档最多 {} 项，其余留在正文中未拆分 (too many inline items; the rest are not split)",
                i + 1,
                inline::MAX_INLINE_PER_PARAGRAPH,
                inline::MAX_INLINE_PER_DOCUMENT
            ));
        }
        to_raw(&mut doc, &clean, &source);
        documents.push(doc);
    }

    let outline = FileOutline {
        path: input.path.clone(),
        encoding: input.encoding.clone(),
        format: input.format,
        removed,
        documents,
        warnings,
    };
    Outlined {
        source,
        clean,
        outline,
    }
}

/// Map a raw offset that is not inside a cut to its clean offset (an offset inside a
/// cut maps to where the cut was).
fn raw_to_clean(cuts: &[Span], raw_off: usize) -> usize {
    let mut sorted: Vec<Span> = cuts.to_vec();
    sorted.sort_by_key(|s| (s.start, s.end));
    let mut removed = 0usize;
    let mut pos = 0usize; // end of the merged cut area seen so far
    for c in sorted {
        let s = c.start.max(pos);
        let e = c.end;
        if e <= s {
            continue;
        }
        if s >= raw_off {
            break;
        }
        removed += e.min(raw_off) - s;
        pos = e;
    }
    raw_off - removed
}

/// Build one document on the clean text (offsets still clean); with it, the clean
/// offset of the first inline item left out by the limits of [`inline`], if any.
fn build_document(
    text: &str,
    lines: &[Line<'_>],
    r: &split::DocRange,
    record: Option<&crate::model::Record>,
    hints: &heading::Hints,
    index: usize,
) -> (Document, Option<usize>) {
    let metadata = record.map(|rec| rec.metadata.clone()).unwrap_or_default();
    let mut title = r.title.clone();
    if let Some(t) = metadata
        .get("title")
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
    {
        if title.is_empty() || record.is_some() {
            title = t.to_string();
        }
    }
    let header_text = header_text(lines, r);
    let m = meta::analyse(&title, &header_text, text, lines, r, &metadata);
    let parts = m.kind == crate::model::DocKind::GovReport;
    let mut sections = heading::parse(text, lines, r.body_line, r.end_line, r.end, hints, parts);
    let budget = inline::add_items(text, &mut sections);
    role::assign(text, lines, &mut sections, m.kind, r.end, r.body_line);
    let doc_text = text.get(r.start..r.end).unwrap_or("");
    let (summary_year, plan_year) =
        meta::years(&title, &header_text, &m, &sections, &metadata, doc_text);
    let doc = Document {
        index,
        title,
        line: 0,
        end_line: 0,
        start: r.start,
        end: r.end,
        unit: m.unit,
        level: m.level,
        kind: m.kind,
        summary_year,
        plan_year,
        sections,
        metadata,
    };
    (doc, budget.first_dropped)
}

/// The first lines of a document (title, session, speaker, opening), joined, for meta.
fn header_text(lines: &[Line<'_>], r: &split::DocRange) -> String {
    let mut s = String::new();
    let mut n = 0;
    for l in lines
        .iter()
        .skip(r.first_line)
        .take(r.end_line.saturating_sub(r.first_line))
    {
        if l.is_blank() {
            continue;
        }
        s.push_str(l.text);
        s.push('\n');
        n += 1;
        if n >= 8 || s.len() > 1500 {
            break;
        }
    }
    s
}

/// Map every span of a document from clean to raw offsets and fill in line numbers.
fn to_raw(doc: &mut Document, clean: &CleanText, source: &SourceText) {
    let sp = clean.span_to_raw(doc.start, doc.end);
    doc.start = sp.start;
    doc.end = sp.end;
    doc.line = source.line_of(sp.start);
    doc.end_line = source.line_of(sp.end.saturating_sub(1).max(sp.start));
    fn walk(s: &mut Section, clean: &CleanText, lines: &LineIndex) {
        let sp = clean.span_to_raw(s.start, s.end);
        let hp = clean.span_to_raw(s.heading_start, s.heading_end);
        s.start = sp.start;
        s.end = sp.end;
        s.heading_start = hp.start;
        s.heading_end = hp.end;
        s.line = lines.line_of(hp.start);
        for c in &mut s.children {
            walk(c, clean, lines);
        }
    }
    for s in &mut doc.sections {
        walk(s, clean, &source.lines);
    }
}

#[cfg(test)]
mod tests;
