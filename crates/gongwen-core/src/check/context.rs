//! What a rule sees: the clean text, zones to skip (quotations, cited titles, figure
//! tables), lines, document boundaries, the extraction, the settings; and the helper
//! that turns a clean span into a [`Finding`] with raw offsets, line, column and `doc`.

use super::scan::{self, mark, Barrier, Marks};
use super::settings::Settings;
use crate::extract::DocExtraction;
use crate::model::{Applicability, Edit, Finding, Fix, Severity};
use crate::outline::Outlined;
use std::sync::{LazyLock, OnceLock};

/// A line of the clean text: byte range without the `\n`.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// A row of a figure table (tabs, `|` cells, or mostly numbers in cells).
    pub table: bool,
}

/// Everything a rule may read.
pub struct RuleContext<'a> {
    pub o: &'a Outlined,
    pub ex: &'a [DocExtraction],
    pub settings: &'a Settings,
    /// The clean text (junk cut out); rules work on offsets into it.
    pub text: &'a str,
    pub lines: Vec<Line>,
    /// Sorted, disjoint byte ranges inside 《…》 and “…” (the marks included).
    quotes: Vec<(usize, usize)>,
    /// (clean start offset, document index) sorted by offset.
    docs: Vec<(usize, usize)>,
    /// Clean start offsets of segments: documents, plus title-like lines inside a
    /// document (a compilation outline did not split), sorted.
    segments: Vec<usize>,
    /// Line-start headings, computed once for the structure rules.
    headings: std::sync::OnceLock<Vec<crate::check::rules::structure::Heading>>,
    lexicon: std::sync::OnceLock<Vec<crate::check::lexicon::Hit>>,
    /// Where each structural mark and trigger character is (one pass, [`scan`]).
    pub marks: Marks,
    /// Barrier positions per [`Barrier`] set, computed on first use.
    barriers: [OnceLock<Vec<(usize, usize)>>; Barrier::COUNT],
    sentences: OnceLock<Vec<(usize, usize)>>,
}

impl<'a> RuleContext<'a> {
    pub fn new(o: &'a Outlined, ex: &'a [DocExtraction], settings: &'a Settings) -> Self {
        let text = o.clean.clean.as_str();
        let marks = Marks::new(text);
        let nl = marks.get(mark("\n"));
        let mut lines = Vec::with_capacity(nl.len() + 1);
        let mut pos = 0;
        // A line holding no cell separator is prose (the fast path of `is_table_line`,
        // read off the marks).
        let sep = marks.separators();
        let mut si = 0;
        for &end in nl.iter().chain(std::iter::once(&text.len())) {
            while si < sep.len() && sep[si] < pos {
                si += 1;
            }
            // `is_table_line` is true with a tab or two `|`, and otherwise needs three
            // cells, so two spaces at least: count them before calling it.
            let (mut tabs, mut bars, mut spaces) = (0usize, 0usize, 0usize);
            for &q in sep[si..].iter().take_while(|&&q| q < end) {
                match text.as_bytes()[q] {
                    b'\t' => tabs += 1,
                    b'|' => bars += 1,
                    _ => spaces += 1,
                }
            }
            let table = tabs > 0 || bars >= 2 || spaces >= 2 && is_table_line(&text[pos..end]);
            lines.push(Line {
                start: pos,
                end,
                table,
            });
            pos = end + 1;
        }
        let quotes = quote_ranges_from(&marks);
        // Documents are given in raw offsets; find the clean offset of each start.
        let mut docs: Vec<(usize, usize)> = Vec::new();
        for d in &o.outline.documents {
            docs.push((raw_to_clean(o, d.start), d.index));
        }
        docs.sort();
        let mut segments: Vec<usize> = docs.iter().map(|d| d.0).collect();
        segments.extend(
            lines
                .iter()
                .filter(|l| crate::check::rules::structure::is_title_line(&text[l.start..l.end]))
                .map(|l| l.start),
        );
        segments.sort_unstable();
        segments.dedup();
        RuleContext {
            o,
            ex,
            settings,
            text,
            lines,
            quotes,
            docs,
            segments,
            headings: Default::default(),
            lexicon: Default::default(),
            marks,
            barriers: Default::default(),
            sentences: Default::default(),
        }
    }

    /// The trigger windows of a pattern rule: the windows cut by `barrier` that hold an
    /// occurrence of one of the marks `triggers` for which `keep(offset)` holds. `keep`
    /// may only drop occurrences that no match needs (every match must still hold one
    /// kept trigger); see [`scan`] and [`super::windowed`].
    pub fn windows(
        &self,
        triggers: &[usize],
        keep: impl Fn(usize) -> bool,
        barrier: Barrier,
    ) -> Vec<(usize, usize)> {
        let mut trig: Vec<usize> = triggers
            .iter()
            .flat_map(|&id| self.marks.get(id).iter().copied())
            .filter(|&p| keep(p))
            .collect();
        if triggers.len() > 1 {
            trig.sort_unstable();
        }
        if trig.is_empty() {
            return Vec::new();
        }
        let bars = self.barriers[barrier.index()].get_or_init(|| barrier.positions(&self.marks));
        scan::windows(self.text.len(), &trig, bars)
    }

    /// Sentences: (start, end) byte ranges ending after 。！？； or at a line end (the
    /// same ranges as `rules::text::sentences`, read off the shared marks).
    pub fn sentences(&self) -> &[(usize, usize)] {
        self.sentences.get_or_init(|| {
            let ends =
                self.marks
                    .merged(&[mark("。"), mark("！"), mark("？"), mark("；"), mark("\n")]);
            let mut out = Vec::with_capacity(ends.len() + 1);
            let mut start = 0;
            for (i, id) in ends {
                let len = scan::MARKS[id].len();
                let end = if id == mark("\n") { i } else { i + len };
                if end > start {
                    out.push((start, end));
                }
                start = i + len;
            }
            if start < self.text.len() {
                out.push((start, self.text.len()));
            }
            out
        })
    }

    /// True when `pos` lies inside a 《》 title or a “” quotation.
    pub fn in_quote(&self, pos: usize) -> bool {
        let i = self.quotes.partition_point(|&(s, _)| s <= pos);
        i > 0 && pos < self.quotes[i - 1].1
    }

    /// Index into `lines` of the line holding `pos`.
    pub fn line_idx(&self, pos: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= pos)
            .saturating_sub(1)
    }

    /// True when `pos` is on a figure-table line.
    pub fn in_table(&self, pos: usize) -> bool {
        self.lines.get(self.line_idx(pos)).is_some_and(|l| l.table)
    }

    /// The usual zone test for wording rules: quotations and tables are skipped.
    pub fn skip(&self, pos: usize) -> bool {
        self.in_quote(pos) || self.in_table(pos)
    }

    /// The 1-based index of the document holding clean offset `pos`.
    pub fn doc_of(&self, pos: usize) -> usize {
        let i = self.docs.partition_point(|&(s, _)| s <= pos);
        if i == 0 {
            self.docs.first().map(|d| d.1).unwrap_or(1)
        } else {
            self.docs[i - 1].1
        }
    }

    /// The segment (document, or titled part of an unsplit compilation) holding `pos`:
    /// rules that compare passages with each other stay inside one segment.
    pub fn segment_of(&self, pos: usize) -> usize {
        self.segments.partition_point(|&s| s <= pos)
    }

    /// Clean start offsets of the documents with their index, sorted.
    pub fn doc_starts(&self) -> &[(usize, usize)] {
        &self.docs
    }

    /// The text of a line.
    pub fn line_text(&self, l: &Line) -> &'a str {
        &self.text[l.start..l.end]
    }

    /// A finding for the clean span `start..end` (rule code, name and default severity
    /// are filled in by the engine).
    pub fn finding(&self, start: usize, end: usize, message: impl Into<String>) -> Finding {
        let raw = self.o.clean.span_to_raw(start, end);
        let (line, column) = self.o.source.line_col(raw.start);
        Finding {
            rule: String::new(),
            name: String::new(),
            severity: Severity::Warning,
            message: message.into(),
            doc: self.doc_of(start),
            line,
            column,
            start: raw.start,
            end: raw.end,
            text: self
                .o
                .source
                .raw
                .get(raw.start..raw.end)
                .unwrap_or("")
                .to_string(),
            suggestion: None,
            fix: None,
        }
    }

    /// The headings at line starts (see `rules::structure::headings`), computed once.
    pub fn headings(&self) -> &[crate::check::rules::structure::Heading] {
        self.headings
            .get_or_init(|| crate::check::rules::structure::scan_headings(self))
    }

    /// Hits of the word lists in `data/` (one automaton pass, shared by the list rules).
    pub fn lexicon(&self) -> &[crate::check::lexicon::Hit] {
        self.lexicon.get_or_init(|| {
            crate::check::lexicon::scan_at(self.text, self.marks.lexicon_candidates())
        })
    }

    /// The clean offset of a raw offset (for spans that come from `extract`).
    pub fn clean_of(&self, raw: usize) -> usize {
        raw_to_clean(self.o, raw)
    }

    /// An edit of the raw text replacing the clean span `start..end`.
    pub fn edit(&self, start: usize, end: usize, replacement: impl Into<String>) -> Edit {
        let raw = self.o.clean.span_to_raw(start, end);
        Edit {
            start: raw.start,
            end: raw.end,
            replacement: replacement.into(),
        }
    }

    /// A finding whose fix is the given edits (clean spans mapped already by [`Self::edit`]).
    pub fn with_fix(
        mut f: Finding,
        applicability: Applicability,
        edits: Vec<Edit>,
        suggestion: impl Into<String>,
    ) -> Finding {
        f.suggestion = Some(suggestion.into());
        f.fix = Some(Fix {
            applicability,
            edits,
        });
        f
    }

    /// A finding with a suggestion and a fix replacing the clean span `start..end`.
    pub fn finding_fix(
        &self,
        start: usize,
        end: usize,
        message: impl Into<String>,
        replacement: &str,
        applicability: Applicability,
    ) -> Finding {
        let mut f = self.finding(start, end, message);
        f.suggestion = Some(format!("改为“{replacement}”"));
        f.fix = Some(Fix {
            applicability,
            edits: vec![Edit {
                start: f.start,
                end: f.end,
                replacement: replacement.to_string(),
            }],
        });
        f
    }
}

fn raw_to_clean(o: &Outlined, raw: usize) -> usize {
    // Binary search on the monotone map clean → raw.
    let (mut lo, mut hi) = (0usize, o.clean.clean.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if o.clean.to_raw(mid) < raw {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A row of a figure table: tab- or `|`-separated cells, or several space-separated
/// cells most of which are numbers.
pub fn is_table_line(l: &str) -> bool {
    // Fast path: most lines are prose with no cell separators at all.
    static IDEO_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("\u{3000}".as_bytes()));
    let b = l.as_bytes();
    if memchr::memchr3(b'\t', b'|', b' ', b).is_none() && IDEO_SPACE.find(b).is_none() {
        return false;
    }
    if l.contains('\t') || l.matches('|').count() >= 2 {
        return true;
    }
    let cells: Vec<&str> = l
        .split([' ', '\u{3000}'])
        .filter(|c| !c.is_empty())
        .collect();
    if cells.len() >= 3 {
        let numeric = cells
            .iter()
            .filter(|c| c.chars().any(|ch| ch.is_ascii_digit()) && c.chars().count() <= 12)
            .count();
        return numeric * 2 >= cells.len();
    }
    false
}

/// [`quote_ranges`] read off the shared marks instead of walking the text.
fn quote_ranges_from(marks: &Marks) -> Vec<(usize, usize)> {
    let nl = marks.get(mark("\n"));
    let mut out = Vec::new();
    for (open, close) in [(mark("《"), mark("》")), (mark("“"), mark("”"))] {
        let len = scan::MARKS[close].len();
        let mut line = 0usize;
        let mut depth = 0usize;
        let mut start = 0usize;
        for (p, id) in marks.merged(&[open, close]) {
            // Depth restarts on every line.
            let mut moved = false;
            while line < nl.len() && nl[line] < p {
                line += 1;
                moved = true;
            }
            if moved {
                depth = 0;
            }
            if id == open {
                if depth == 0 {
                    start = p;
                }
                depth += 1;
            } else if depth > 0 {
                depth -= 1;
                if depth == 0 {
                    out.push((start, p + len));
                }
            }
        }
    }
    out.sort();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Byte ranges of 《…》 and “…” on each line (the reference walk that
/// [`quote_ranges_from`] must agree with) (nesting handled by depth counting; an
/// unclosed mark opens nothing).
#[cfg(test)]
fn quote_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (open, close) in [('《', '》'), ('“', '”')] {
        let mut line_start = 0;
        for line in text.split('\n') {
            let mut depth = 0usize;
            let mut start = 0usize;
            for (i, c) in line.char_indices() {
                if c == open {
                    if depth == 0 {
                        start = line_start + i;
                    }
                    depth += 1;
                } else if c == close && depth > 0 {
                    depth -= 1;
                    if depth == 0 {
                        out.push((start, line_start + i + c.len_utf8()));
                    }
                }
            }
            line_start += line.len() + 1;
        }
    }
    out.sort();
    // Merge overlaps (a “” inside 《》 and vice versa).
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for (s, e) in out {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// True for a CJK ideograph (the BMP blocks used in 公文).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '〇')
}

/// The char ending at byte `pos` (before it), if any.
pub fn char_before(s: &str, pos: usize) -> Option<char> {
    s.get(..pos).and_then(|p| p.chars().next_back())
}

/// The char starting at byte `pos`, if any.
pub fn char_at(s: &str, pos: usize) -> Option<char> {
    s.get(pos..).and_then(|p| p.chars().next())
}

/// Value of a Chinese numeral 一…九十九 (also 两, 〇/零 inside), or None.
pub fn cn_num(s: &str) -> Option<u32> {
    let d = crate::outline::cn_digit;
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        ['十', b] => Some(10 + d(*b)?),
        [a] => d(*a),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
    .filter(|&v| v > 0)
}

/// The Chinese numeral for 1..=99 (for messages).
pub fn cn_numeral(n: u32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n % 10 == 0 && n < 100 => format!("{}十", D[(n / 10) as usize]),
        _ if n < 100 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_round_trip() {
        for n in 1..100 {
            assert_eq!(cn_num(&cn_numeral(n)), Some(n), "{n}");
        }
        assert_eq!(cn_num("两"), Some(2));
        assert_eq!(cn_num("十一二"), None);
    }

    #[test]
    fn tables_and_quotes() {
        assert!(is_table_line("乡镇\t人数\t比例"));
        assert!(is_table_line("城关镇 1203 98.5% 12"));
        assert!(!is_table_line("全镇共有12个村，户籍人口3.2万人。"));
        let t = "开展“美丽乡村”建设，印发《关于加强“三资”管理的通知》。";
        let q = quote_ranges(t);
        assert_eq!(q.len(), 2);
        assert_eq!(quote_ranges_from(&Marks::new(t)), q);
        let t2 = "“甲《乙\n丙》”丁“戊”《己";
        assert_eq!(quote_ranges_from(&Marks::new(t2)), quote_ranges(t2));
        assert_eq!(&t[q[1].0..q[1].1], "《关于加强“三资”管理的通知》");
    }
}
