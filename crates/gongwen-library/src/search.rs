//! Search: query → tantivy (paragraph hits) → documents, ranked, with snippets.
//!
//! Unit of retrieval: the index holds paragraphs, results are **documents**. Each
//! positive term runs as its own exact phrase query (plus the filters) and yields, per
//! document, its best-scoring paragraph (BM25 of tantivy). A document matches when
//! every positive term matched it and no negative term did; `total` counts documents.
//! Its score is the sum of its terms' best paragraph scores, then the top candidates
//! are re-ranked with a word-level signal: an occurrence whose both ends fall on a word
//! edge (start/end of the paragraph, punctuation, a space, or a change between CJK
//! and Latin/digits) is worth more than one glued inside a longer run of text
//! (`审计` in `，审计监督` beats `审计` in `内部审计师`).
//!
//! The snippet is cut from the stored paragraph by our own highlighter (char
//! boundaries, every occurrence of every term marked); `line` is the paragraph's line.

use crate::index::Fields;
use crate::query::Query;
use crate::tokenize::{fold, phrase_terms};
use crate::Error;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query as TQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Index, IndexReader, Score, SegmentReader, Term};

/// One hit (a document) of the search JSON (DESIGN.md §4).
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub doc_id: String,
    pub path: String,
    pub title: String,
    pub unit: Option<String>,
    pub level: Option<String>,
    pub year: Option<i64>,
    pub section_role: Option<String>,
    pub line: u64,
    pub snippet: String,
    pub score: f32,
    /// Highlighted ranges of `snippet`, in chars `[start, end)`.
    pub highlights: Vec<(usize, usize)>,
    /// `summary`, `plan`, `gov-report` or `other`.
    pub kind: String,
    pub summary_year: Option<i64>,
    pub plan_year: Option<i64>,
}

/// The search JSON.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
}

/// Per document: best score and where that paragraph lives (segment, doc).
type Best = HashMap<u64, (Score, u32, DocId)>;

struct DocBest {
    scoring: bool,
}

struct DocBestSeg {
    seg: u32,
    doc: Column<u64>,
    map: Best,
}

impl Collector for DocBest {
    type Fruit = Best;
    type Child = DocBestSeg;
    fn for_segment(&self, seg: u32, reader: &SegmentReader) -> tantivy::Result<DocBestSeg> {
        Ok(DocBestSeg {
            seg,
            doc: reader.fast_fields().u64("doc")?,
            map: HashMap::new(),
        })
    }
    fn requires_scoring(&self) -> bool {
        self.scoring
    }
    fn merge_fruits(&self, fruits: Vec<Best>) -> tantivy::Result<Best> {
        let mut it = fruits.into_iter();
        let mut out = it.next().unwrap_or_default();
        for f in it {
            for (k, v) in f {
                let e = out.entry(k).or_insert(v);
                if v.0 > e.0 {
                    *e = v;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for DocBestSeg {
    type Fruit = Best;
    fn collect(&mut self, d: DocId, score: Score) {
        if let Some(doc) = self.doc.first(d) {
            let e = self.map.entry(doc).or_insert((score, self.seg, d));
            if score > e.0 {
                *e = (score, self.seg, d);
            }
        }
    }
    fn harvest(self) -> Best {
        self.map
    }
}

/// An exact substring query on a `gw_cjk` field.
pub fn phrase_query(field: Field, folded: &str) -> Option<Box<dyn TQuery>> {
    let terms = phrase_terms(folded);
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, &terms[0].1),
            IndexRecordOption::WithFreqs,
        ))),
        _ => Some(Box::new(PhraseQuery::new_with_offset(
            terms
                .into_iter()
                .map(|(o, t)| (o, Term::from_field_text(field, &t)))
                .collect(),
        ))),
    }
}

fn any_of(qs: Vec<Box<dyn TQuery>>) -> Box<dyn TQuery> {
    Box::new(BooleanQuery::new(
        qs.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn filter_clauses(q: &Query, f: &Fields) -> Vec<(Occur, Box<dyn TQuery>)> {
    let mut out: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    let term =
        |t: Term| -> Box<dyn TQuery> { Box::new(TermQuery::new(t, IndexRecordOption::Basic)) };
    if !q.years.is_empty() {
        out.push((
            Occur::Must,
            any_of(
                q.years
                    .iter()
                    .map(|y| term(Term::from_field_u64(f.year, *y)))
                    .collect(),
            ),
        ));
    }
    for (vals, field) in [(&q.levels, f.level), (&q.roles, f.role), (&q.kinds, f.kind)] {
        if !vals.is_empty() {
            out.push((
                Occur::Must,
                any_of(
                    vals.iter()
                        .map(|v| term(Term::from_field_text(field, v)))
                        .collect(),
                ),
            ));
        }
    }
    if !q.units.is_empty() {
        let qs: Vec<Box<dyn TQuery>> = q
            .units
            .iter()
            .filter_map(|u| phrase_query(f.unit, u))
            .collect();
        out.push((Occur::Must, any_of(qs)));
    }
    out
}

/// A read handle on a library: index reader plus a SQLite connection.
pub struct Searcher {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub conn: Connection,
}

struct DocMeta {
    doc_id: String,
    path: String,
    title: String,
    unit: Option<String>,
    level: Option<String>,
    kind: String,
    summary_year: Option<i64>,
    plan_year: Option<i64>,
}

impl Searcher {
    fn collect(&self, query: &dyn TQuery, scoring: bool) -> Result<Best, Error> {
        let s = self.reader.searcher();
        Ok(s.search(query, &DocBest { scoring })?)
    }

    /// Documents matching the query, as SQLite document id → (score, segment, doc).
    pub fn matching(&self, q: &Query) -> Result<HashMap<u64, (Score, u32, DocId)>, Error> {
        let f = &self.fields;
        let filters = filter_clauses(q, f);
        let mut acc: Option<Best> = None;
        let with_filters = |inner: Box<dyn TQuery>| -> Box<dyn TQuery> {
            if filters.is_empty() {
                return inner;
            }
            let mut cl: Vec<(Occur, Box<dyn TQuery>)> = vec![(Occur::Must, inner)];
            cl.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
            Box::new(BooleanQuery::new(cl))
        };
        // Rarest-first would be nicer; terms are few, so run them in order.
        for t in &q.must {
            let Some(pq) = phrase_query(f.body, t) else {
                continue;
            };
            let best = self.collect(with_filters(pq).as_ref(), true)?;
            acc = Some(match acc {
                None => best,
                Some(prev) => {
                    let mut out = HashMap::with_capacity(prev.len().min(best.len()));
                    for (k, a) in prev {
                        if let Some(b) = best.get(&k) {
                            let pick = if b.0 > a.0 {
                                (a.0 + b.0, b.1, b.2)
                            } else {
                                (a.0 + b.0, a.1, a.2)
                            };
                            out.insert(k, pick);
                        }
                    }
                    out
                }
            });
            if acc.as_ref().is_some_and(|m| m.is_empty()) {
                return Ok(HashMap::new());
            }
        }
        let mut acc = match acc {
            Some(a) => a,
            None if !filters.is_empty() => {
                let all: Vec<(Occur, Box<dyn TQuery>)> =
                    filters.iter().map(|(o, q)| (*o, q.box_clone())).collect();
                self.collect(&BooleanQuery::new(all), false)?
            }
            None => return Ok(HashMap::new()),
        };
        for t in &q.must_not {
            let Some(pq) = phrase_query(f.body, t) else {
                continue;
            };
            for k in self.collect(pq.as_ref(), false)?.keys() {
                acc.remove(k);
            }
        }
        Ok(acc)
    }

    fn meta(&self, doc: u64) -> Result<Option<DocMeta>, Error> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.doc_key, f.path, d.title, d.unit, d.level, d.kind, d.summary_year, d.plan_year
             FROM documents d JOIN files f ON f.id = d.file_id WHERE d.id = ?1",
        )?;
        Ok(st
            .query_row([doc as i64], |r| {
                Ok(DocMeta {
                    doc_id: r.get(0)?,
                    path: r.get(1)?,
                    title: r.get(2)?,
                    unit: r.get(3)?,
                    level: r.get(4)?,
                    kind: r.get(5)?,
                    summary_year: r.get(6)?,
                    plan_year: r.get(7)?,
                })
            })
            .optional()?)
    }

    fn paragraph(
        &self,
        searcher: &tantivy::Searcher,
        columns: &mut HashMap<u32, (Column<u64>, Column<u64>)>,
        seg: u32,
        d: DocId,
    ) -> Result<Option<(u64, String, Option<String>)>, Error> {
        let (para_col, line_col) = match columns.entry(seg) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let ff = searcher.segment_reader(seg).fast_fields();
                v.insert((ff.u64("para")?, ff.u64("line")?))
            }
        };
        let Some(para) = para_col.first(d) else {
            return Ok(None);
        };
        let line = line_col.first(d).unwrap_or(0);
        let mut st = self
            .conn
            .prepare_cached("SELECT text, role FROM paragraphs WHERE id = ?1")?;
        Ok(st
            .query_row([para as i64], |r| Ok((line, r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Run a query; at most `limit` documents, best first.
    pub fn search(&self, q: &Query, limit: usize) -> Result<SearchResult, Error> {
        let t0 = std::time::Instant::now();
        let matching = self.matching(q)?;
        let total = matching.len();
        let mut ranked: Vec<(u64, (Score, u32, DocId))> = matching.into_iter().collect();
        // Re-rank window for the word-level signal.
        let keep = limit + 20;
        let cmp = |a: &(u64, (Score, u32, DocId)), b: &(u64, (Score, u32, DocId))| {
            b.1 .0.total_cmp(&a.1 .0).then(a.0.cmp(&b.0))
        };
        if ranked.len() > keep {
            ranked.select_nth_unstable_by(keep, cmp);
            ranked.truncate(keep);
        }
        ranked.sort_by(cmp);
        let terms: Vec<String> = q.must.iter().filter(|t| !t.is_empty()).cloned().collect();
        let mut hits = Vec::new();
        let searcher = self.reader.searcher();
        let mut columns = HashMap::new();
        for (doc, (score, seg, d)) in ranked {
            let Some(meta) = self.meta(doc)? else {
                continue;
            };
            let Some((line, text, role)) = self.paragraph(&searcher, &mut columns, seg, d)? else {
                continue;
            };
            let (snippet, highlights) = highlight(&text, &terms, 100);
            let score = score * (1.0 + 0.25 * word_signal(&text, &terms));
            hits.push(Hit {
                doc_id: meta.doc_id,
                path: meta.path,
                title: meta.title,
                unit: meta.unit,
                level: meta.level,
                year: meta.summary_year.or(meta.plan_year),
                section_role: role,
                line,
                snippet,
                score,
                highlights,
                kind: meta.kind,
                summary_year: meta.summary_year,
                plan_year: meta.plan_year,
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc_id.cmp(&b.doc_id)));
        hits.truncate(limit);
        Ok(SearchResult {
            total,
            took_ms: t0.elapsed().as_secs_f64() * 1000.0,
            hits,
        })
    }
}

fn is_edge(c: Option<char>, inner: Option<char>) -> bool {
    match (c, inner) {
        (None, _) => true,
        (Some(c), _) if !c.is_alphanumeric() => true,
        (Some(c), Some(i)) => c.is_ascii_alphanumeric() != i.is_ascii_alphanumeric(),
        _ => false,
    }
}

/// Share (0..=1) of the terms with an occurrence in `text` lying on word edges.
pub fn word_signal(text: &str, terms: &[String]) -> f32 {
    if terms.is_empty() {
        return 0.0;
    }
    let hay: Vec<char> = text.chars().map(crate::tokenize::fold_char).collect();
    let mut good = 0.0f32;
    for t in terms {
        let needle: Vec<char> = t.chars().collect();
        let mut best = 0.0f32;
        for s in occurrences(&hay, &needle) {
            let e = s + needle.len();
            let left = is_edge(s.checked_sub(1).map(|i| hay[i]), needle.first().copied());
            let right = is_edge(hay.get(e).copied(), needle.last().copied());
            best = best.max(if left && right {
                1.0
            } else if left || right {
                0.5
            } else {
                0.0
            });
        }
        good += best;
    }
    good / terms.len() as f32
}

/// Start indices (in chars) of every occurrence of `needle` in `hay`.
pub fn occurrences(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return vec![];
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i..i + needle.len()] == *needle)
        .collect()
}

/// Our highlighter: a window of about `width` chars around the first occurrence, and
/// the char ranges (in the returned snippet) of every occurrence of every term.
/// Works on chars, so it never cuts a character. Terms are folded; so is the
/// comparison, while the snippet keeps the original characters.
pub fn highlight(text: &str, terms: &[String], width: usize) -> (String, Vec<(usize, usize)>) {
    let orig: Vec<char> = text.chars().collect();
    let hay: Vec<char> = orig
        .iter()
        .map(|&c| crate::tokenize::fold_char(c))
        .collect();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for t in terms {
        let needle: Vec<char> = t.chars().collect();
        ranges.extend(
            occurrences(&hay, &needle)
                .into_iter()
                .map(|s| (s, s + needle.len())),
        );
    }
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    let n = orig.len();
    let first = merged.first().map(|r| r.0).unwrap_or(0);
    let start = if n <= width {
        0
    } else {
        first.saturating_sub(width / 4).min(n - width)
    };
    let end = (start + width).min(n);
    let mut snippet = String::new();
    let shift = if start > 0 {
        snippet.push('…');
        1
    } else {
        0
    };
    snippet.extend(&orig[start..end]);
    if end < n {
        snippet.push('…');
    }
    let hl = merged
        .into_iter()
        .filter(|&(s, e)| e > start && s < end)
        .map(|(s, e)| (s.max(start) - start + shift, e.min(end) - start + shift))
        .collect();
    (snippet, hl)
}

/// The documents a plain substring scan over SQLite finds for `q` — the oracle the
/// index must equal (same folding, same per-document AND, same filters).
pub fn scan(conn: &Connection, q: &Query) -> Result<HashSet<u64>, Error> {
    let mut st = conn.prepare(
        "SELECT p.document_id, p.text, p.role, d.summary_year, d.plan_year, d.level, d.kind, d.unit
         FROM paragraphs p JOIN documents d ON d.id = p.document_id",
    )?;
    let mut rows = st.query([])?;
    // doc → (which positive terms were seen under the filters, negative seen, filter-only hit)
    let mut seen: HashMap<u64, (Vec<bool>, bool, bool)> = HashMap::new();
    while let Some(r) = rows.next()? {
        let doc: i64 = r.get(0)?;
        let text = fold(&r.get::<_, String>(1)?);
        let role: Option<String> = r.get(2)?;
        let years: [Option<i64>; 2] = [r.get(3)?, r.get(4)?];
        let level: Option<String> = r.get(5)?;
        let kind: String = r.get(6)?;
        let unit: Option<String> = r.get(7)?;
        let pass = (q.years.is_empty()
            || years
                .iter()
                .flatten()
                .any(|y| q.years.contains(&(*y as u64))))
            && (q.levels.is_empty() || level.as_ref().is_some_and(|l| q.levels.contains(l)))
            && (q.roles.is_empty() || role.as_ref().is_some_and(|l| q.roles.contains(l)))
            && (q.kinds.is_empty() || q.kinds.contains(&kind))
            && (q.units.is_empty()
                || unit
                    .as_ref()
                    .is_some_and(|u| q.units.iter().any(|x| fold(u).contains(x))));
        let e = seen
            .entry(doc as u64)
            .or_insert_with(|| (vec![false; q.must.len()], false, false));
        if pass {
            e.2 = true;
            for (i, t) in q.must.iter().enumerate() {
                if text.contains(t.as_str()) {
                    e.0[i] = true;
                }
            }
        }
        if q.must_not.iter().any(|t| text.contains(t.as_str())) {
            e.1 = true;
        }
    }
    let only_filters = q.must.is_empty();
    if only_filters && q.filters_only() || !q.must.is_empty() {
        Ok(seen
            .into_iter()
            .filter(|(_, (m, neg, any))| {
                !neg && if only_filters {
                    *any
                } else {
                    m.iter().all(|x| *x)
                }
            })
            .map(|(k, _)| k)
            .collect())
    } else {
        Ok(HashSet::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_marks_every_occurrence_on_char_boundaries() {
        let text = "全年审计项目42个，审计发现问题金额3.1亿元，推动审计整改。";
        let (s, hl) = highlight(text, &["审计".to_string()], 100);
        assert_eq!(s, text);
        let chars: Vec<char> = s.chars().collect();
        assert_eq!(hl.len(), 3);
        for (a, b) in hl {
            assert_eq!(chars[a..b].iter().collect::<String>(), "审计");
        }
    }

    #[test]
    fn highlight_window_with_ellipsis_and_folding() {
        let text = format!("{}２０２４年ＧＤＰ增长{}", "前".repeat(80), "后".repeat(80));
        let (s, hl) = highlight(&text, &["2024年gdp".to_string()], 40);
        assert!(s.starts_with('…') && s.ends_with('…'));
        let chars: Vec<char> = s.chars().collect();
        assert_eq!(hl.len(), 1);
        assert_eq!(
            chars[hl[0].0..hl[0].1].iter().collect::<String>(),
            "２０２４年ＧＤＰ"
        );
    }

    #[test]
    fn word_signal_prefers_edges() {
        assert_eq!(word_signal("加强审计，推进整改", &["审计".into()]), 0.5);
        assert_eq!(word_signal("，审计。", &["审计".into()]), 1.0);
        assert_eq!(word_signal("内部审计师", &["审计".into()]), 0.0);
        assert_eq!(word_signal("完成GDP目标", &["gdp".into()]), 1.0);
        assert_eq!(word_signal("ABCGDPX", &["gdp".into()]), 0.0);
    }
}
