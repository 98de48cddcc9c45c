//! The decoded text of one input file and the arithmetic on its offsets.
//!
//! Every span gongwen reports is a byte range into [`SourceText::raw`], the file's
//! decoded UTF-8 text, with a 1-based `line` and a 1-based `column` counted in
//! characters. Stages that work on a cleaned copy (scraped junk cut out) map their
//! offsets back through [`CleanText::to_raw`] before they report anything.

use serde::Serialize;

/// A span into the raw decoded text of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The line table of a text: byte offset of the start of each line.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Inside lines longer than [`CHECKPOINT`] bytes: (byte offset, 1-based column) every
    /// [`CHECKPOINT`] bytes, so that the column of an offset deep in a long line is
    /// counted from a nearby checkpoint rather than from the line start (thousands of
    /// findings on one long line were quadratic; found in hardening).
    marks: Vec<(usize, usize)>,
}

/// Distance between column checkpoints inside long lines, in bytes.
const CHECKPOINT: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = Vec::new();
        for (i, &s) in starts.iter().enumerate() {
            let e = starts.get(i + 1).copied().unwrap_or(text.len());
            let (mut prev, mut col) = (s, 1);
            let mut p = s + CHECKPOINT;
            while p < e {
                while !text.is_char_boundary(p) {
                    p -= 1;
                }
                col += text[prev..p].chars().count();
                marks.push((p, col));
                prev = p;
                p += CHECKPOINT;
            }
        }
        LineIndex { starts, marks }
    }

    /// Number of lines (a text without a final newline still counts its last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.saturating_sub(1).min(self.starts.len() - 1)]
    }

    /// 1-based line and 1-based column (in characters) of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let end = offset.min(text.len()).max(start);
        if !text.is_char_boundary(end) {
            return (line, 1);
        }
        let k = self.marks.partition_point(|m| m.0 <= end);
        let (from, col) = match k.checked_sub(1).map(|k| self.marks[k]) {
            Some((mo, mc)) if mo >= start => (mo, mc),
            _ => (start, 1),
        };
        let col = text.get(from..end).map_or(0, |s| s.chars().count()) + col;
        (line, col)
    }
}

/// A contiguous piece of the clean text and where it came from in the raw text.
#[derive(Debug, Clone, Copy)]
struct Segment {
    clean_start: usize,
    raw_start: usize,
    len: usize,
}

/// The raw text with some byte ranges cut out (scraped junk), and the map back.
///
/// `clean` is what later stages read; [`CleanText::to_raw`] turns an offset in it into
/// an offset in the raw text, so every reported span points into the file.
#[derive(Debug, Clone)]
pub struct CleanText {
    pub clean: String,
    segments: Vec<Segment>,
}

impl CleanText {
    /// Build the clean text by cutting the given raw ranges (sorted or not, may overlap).
    pub fn cut(raw: &str, cuts: &[Span]) -> CleanText {
        let mut cuts: Vec<Span> = cuts.to_vec();
        cuts.sort_by_key(|s| (s.start, s.end));
        let mut clean = String::with_capacity(raw.len());
        let mut segments = Vec::new();
        let mut pos = 0usize;
        for c in cuts {
            let (s, e) = (c.start.max(pos), c.end.min(raw.len()));
            if s >= e {
                continue;
            }
            if s > pos {
                segments.push(Segment {
                    clean_start: clean.len(),
                    raw_start: pos,
                    len: s - pos,
                });
                clean.push_str(&raw[pos..s]);
            }
            pos = e;
        }
        if pos < raw.len() {
            segments.push(Segment {
                clean_start: clean.len(),
                raw_start: pos,
                len: raw.len() - pos,
            });
            clean.push_str(&raw[pos..]);
        }
        CleanText { clean, segments }
    }

    /// Identity: nothing cut.
    pub fn identity(raw: &str) -> CleanText {
        CleanText::cut(raw, &[])
    }

    /// Map an offset of the clean text to the raw text. An offset at a cut maps to the
    /// end of the cut (the start of the following kept text).
    pub fn to_raw(&self, clean_off: usize) -> usize {
        if self.segments.is_empty() {
            return clean_off;
        }
        let i = match self
            .segments
            .binary_search_by_key(&clean_off, |s| s.clean_start)
        {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let s = self.segments[i];
        s.raw_start + (clean_off - s.clean_start).min(s.len)
    }

    /// Map a clean span to a raw span. The end maps to the end of the last kept byte, so
    /// a span never swallows a cut that follows it.
    pub fn span_to_raw(&self, start: usize, end: usize) -> Span {
        let s = self.to_raw(start);
        let e = if end > start {
            self.to_raw(end - 1) + 1
        } else {
            s
        };
        Span::new(s, e.max(s))
    }
}

/// One decoded input file (or one row of a dataset) as later stages see it.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The file's decoded UTF-8 text: spans point into this.
    pub raw: String,
    pub lines: LineIndex,
}

impl SourceText {
    pub fn new(raw: String) -> Self {
        let lines = LineIndex::new(&raw);
        SourceText { raw, lines }
    }
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.raw, offset)
    }
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_long_lines_match_counting_from_the_line_start() {
        let line = "全年完成投资3.6亿元，abc（同比增长8%）".repeat(2000);
        let text = format!("标题\n{line}\n{line}");
        let idx = LineIndex::new(&text);
        assert!(!idx.marks.is_empty());
        let naive = |off: usize| {
            let l = idx.line_of(off);
            let s = idx.line_start(l);
            (l, text[s..off].chars().count() + 1)
        };
        for off in (0..text.len()).step_by(997).chain([text.len()]) {
            if text.is_char_boundary(off) {
                assert_eq!(idx.line_col(&text, off), naive(off), "offset {off}");
            }
        }
        // Checkpoints sit on char boundaries.
        assert!(idx.marks.iter().all(|(o, _)| text.is_char_boundary(*o)));
    }

    #[test]
    fn line_col_counts_chars() {
        let t = SourceText::new("一、总结\n（一）成效显著".to_string());
        let off = t.raw.find("成效").unwrap();
        assert_eq!(t.line_col(off), (2, 4));
        assert_eq!(t.line_col(0), (1, 1));
    }

    #[test]
    fn cut_maps_back() {
        let raw = "2023##paidbegin##年我局共接到";
        let s = raw.find("##").unwrap();
        let e = s + "##paidbegin##".len();
        let c = CleanText::cut(raw, &[Span::new(s, e)]);
        assert_eq!(c.clean, "2023年我局共接到");
        let nian = c.clean.find('年').unwrap();
        assert_eq!(&raw[c.to_raw(nian)..c.to_raw(nian) + 3], "年");
        let sp = c.span_to_raw(0, c.clean.find("我").unwrap());
        assert_eq!(&raw[sp.start..sp.end], "2023##paidbegin##年");
        let sp = c.span_to_raw(0, 4);
        assert_eq!(&raw[sp.start..sp.end], "2023");
    }
}
