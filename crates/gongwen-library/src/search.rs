//! Search: query → tantivy (document hits) → ranked documents with snippets.
//!
//! Unit of retrieval and of the index: the **document** ([`crate::index`]). Every
//! positive term is an exact substring query on `body` ([`body_query`]: a phrase query
//! over bigrams, or for one char the union of its (char, role) terms); they, the
//! filters and the negated terms form one boolean query. `total` is tantivy's `Count`
//! of it (a doc-frequency lookup for a single two-char term) and the top candidates
//! come from `TopDocs` by BM25 (block-max WAND for a single term). Without a `role:`
//! filter that is exact as it stands: every phrase occurrence lies inside one
//! paragraph. Negated terms are removed from the full candidate list (tantivy's
//! `DocSetCollector`). With `role:` each term must occur in a paragraph of an allowed
//! role: a one-char term's union holds only the allowed roles' terms; for longer
//! phrases every candidate is checked through the match positions
//! ([`Searcher::matching`] does that for all matches).
//!
//! Only the top `limit + 20` candidates get a snippet: the match positions in the
//! document map to paragraphs (`pstart`); the paragraph with most distinct terms, then
//! most occurrences, is read from SQLite (a one-char term's positions are its first
//! occurrence per role: mixed with other terms, its paragraphs are read from SQLite). The candidates are re-ranked with a
//! word-level signal: an occurrence whose both ends fall on a word edge (start/end of
//! the paragraph, punctuation, a space, or a change between CJK and Latin/digits) is
//! worth more than one glued inside a longer run of text (`审计` in `，审计监督` beats
//! `审计` in `内部审计师`).
//!
//! The snippet is cut from the paragraph by our own highlighter (char boundaries,
//! every occurrence of every term marked); `line` is the paragraph's line.

use crate::index::{role_code, Fields, ROLE_CODES};
use crate::query::Query;
use crate::tokenize::{char_term, fold, fold_char, phrase_terms, single_char};
use crate::Error;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tantivy::collector::{Collector, Count, DocSetCollector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query as TQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, Score, SegmentReader, Term, TERMINATED,
};

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

/// Every match with its score (the role check needs all candidates).
struct All;

struct AllSeg {
    seg: u32,
    hits: Vec<(Score, DocAddress)>,
}

impl Collector for All {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = AllSeg;
    fn for_segment(&self, seg: u32, _reader: &SegmentReader) -> tantivy::Result<AllSeg> {
        Ok(AllSeg {
            seg,
            hits: Vec::new(),
        })
    }
    fn requires_scoring(&self) -> bool {
        true
    }
    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for AllSeg {
    type Fruit = Vec<(Score, DocAddress)>;
    fn collect(&mut self, d: DocId, score: Score) {
        self.hits.push((score, DocAddress::new(self.seg, d)));
    }
    fn harvest(self) -> Self::Fruit {
        self.hits
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

/// The role codes a one-char `body` term may match under the query's `role:` filter
/// (all of them without one).
fn allowed_codes(q: &Query) -> Vec<u64> {
    if q.roles.is_empty() {
        (0..ROLE_CODES).collect()
    } else {
        q.roles.iter().map(|r| role_code(Some(r))).collect()
    }
}

/// An exact substring query on `body` ([`crate::tokenize::BodyTokenizer`]): a phrase
/// of two or more chars is a phrase query over its bigrams; one char is the union of
/// its (char, role) terms over `codes`.
pub fn body_query(field: Field, folded: &str, codes: &[u64]) -> Option<Box<dyn TQuery>> {
    if folded.is_empty() {
        return None;
    }
    match single_char(folded) {
        Some(c) => Some(any_of(
            codes
                .iter()
                .map(|&code| -> Box<dyn TQuery> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &char_term(c, code)),
                        IndexRecordOption::WithFreqs,
                    ))
                })
                .collect(),
        )),
        None => phrase_query(field, folded),
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

/// The postings behind one query term in a segment.
enum Cursors {
    /// A phrase's bigrams with their offsets in the phrase.
    Phrase(Vec<(u32, SegmentPostings)>),
    /// A one-char term: its (char, role) terms; positions are first occurrences.
    AnyOf(Vec<SegmentPostings>),
    /// Not in the segment (no match there).
    None,
}

/// Reading match positions and paragraph facts of documents of one segment; documents
/// must be visited in increasing order (postings only move forward).
struct SegView {
    terms: Vec<Cursors>,
    doc: Column<u64>,
    pstart: Column<u64>,
    para: Column<u64>,
    prole: Column<u64>,
    buf: Vec<u32>,
    starts: Vec<u32>,
}

impl SegView {
    fn open(reader: &SegmentReader, f: &Fields, terms: &[String]) -> Result<SegView, Error> {
        let inv = reader.inverted_index(f.body)?;
        let read = |t: &str| {
            inv.read_postings(
                &Term::from_field_text(f.body, t),
                IndexRecordOption::WithFreqsAndPositions,
            )
        };
        let mut cursors = Vec::with_capacity(terms.len());
        for t in terms {
            // An empty term has no bigrams: the phrase arm gives `Cursors::None`.
            let cur = match single_char(t) {
                Some(c) => {
                    let mut any = Vec::new();
                    for code in 0..ROLE_CODES {
                        if let Some(p) = read(&char_term(c, code))? {
                            any.push(p);
                        }
                    }
                    if any.is_empty() {
                        Cursors::None
                    } else {
                        Cursors::AnyOf(any)
                    }
                }
                _ => {
                    let mut c = Vec::new();
                    for (o, t) in phrase_terms(t) {
                        match read(&t)? {
                            Some(p) => c.push((o as u32, p)),
                            None => {
                                c.clear();
                                break;
                            }
                        }
                    }
                    if c.is_empty() {
                        Cursors::None
                    } else {
                        Cursors::Phrase(c)
                    }
                }
            };
            cursors.push(cur);
        }
        let ff = reader.fast_fields();
        Ok(SegView {
            terms: cursors,
            doc: ff.u64("doc")?,
            pstart: ff.u64("pstart")?,
            para: ff.u64("para")?,
            prole: ff.u64("prole")?,
            buf: Vec::new(),
            starts: Vec::new(),
        })
    }

    /// Start positions (in `body`) of term `i`'s occurrences in document `d`, into
    /// `self.starts`: the intersection of each index term's positions minus its offset.
    fn starts(&mut self, i: usize, d: DocId) {
        self.starts.clear();
        let cur = match self.terms.get_mut(i) {
            Some(Cursors::Phrase(cur)) => cur,
            Some(Cursors::AnyOf(any)) => {
                for p in any.iter_mut() {
                    if p.doc() < d {
                        p.seek(d);
                    }
                    if p.doc() == d && p.doc() != TERMINATED {
                        p.positions(&mut self.buf);
                        self.starts.extend_from_slice(&self.buf);
                    }
                }
                self.starts.sort_unstable();
                self.starts.dedup();
                return;
            }
            _ => return,
        };
        for (j, (off, p)) in cur.iter_mut().enumerate() {
            if p.doc() < d {
                p.seek(d);
            }
            if p.doc() != d || p.doc() == TERMINATED {
                self.starts.clear();
                return;
            }
            p.positions(&mut self.buf);
            let off = *off;
            if j == 0 {
                self.starts
                    .extend(self.buf.iter().filter(|&&x| x >= off).map(|&x| x - off));
            } else {
                // Sorted intersection of `starts` and `buf - off`.
                let mut k = 0;
                let mut w = 0;
                for r in 0..self.starts.len() {
                    let s = self.starts[r];
                    while k < self.buf.len() && self.buf[k] < s + off {
                        k += 1;
                    }
                    if k < self.buf.len() && self.buf[k] == s + off {
                        self.starts[w] = s;
                        w += 1;
                    }
                }
                self.starts.truncate(w);
            }
            if self.starts.is_empty() {
                return;
            }
        }
    }

    /// For each term, the indexes (into the document's paragraphs) of the paragraphs
    /// holding an occurrence, ascending, without repeats; plus the paragraphs' ids and
    /// role codes.
    fn term_paragraphs(&mut self, d: DocId) -> (Vec<Vec<usize>>, Vec<u64>, Vec<u64>) {
        let pstart: Vec<u64> = self.pstart.values_for_doc(d).collect();
        let para: Vec<u64> = self.para.values_for_doc(d).collect();
        let prole: Vec<u64> = self.prole.values_for_doc(d).collect();
        let mut out = Vec::with_capacity(self.terms.len());
        for i in 0..self.terms.len() {
            self.starts(i, d);
            let mut ks: Vec<usize> = Vec::new();
            for &s in &self.starts {
                let k = pstart.partition_point(|&x| x <= s as u64).saturating_sub(1);
                if ks.last() != Some(&k) {
                    ks.push(k);
                }
            }
            out.push(ks);
        }
        (out, para, prole)
    }
}

/// Where a hit's snippet comes from.
struct Place {
    score: Score,
    doc: u64,
    para: Option<u64>,
}

impl Searcher {
    /// The document-level query; `None` when nothing can match. The flag says it is a
    /// single term query (tantivy then counts by doc frequency and prunes top-k).
    fn doc_query(&self, q: &Query) -> Option<(Box<dyn TQuery>, bool)> {
        let f = &self.fields;
        let mut cl: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        let codes = allowed_codes(q);
        for t in &q.must {
            if let Some(pq) = body_query(f.body, t, &codes) {
                cl.push((Occur::Must, pq));
            }
        }
        cl.extend(filter_clauses(q, f));
        if cl.is_empty() {
            return None;
        }
        // Negated terms are applied by `exclude`: tantivy 0.27's phrase scorer under
        // `MustNot` can be asked to seek backwards (a debug assertion fires).
        if cl.len() == 1 {
            // One bigram: a plain term query (a one-char term is a union).
            let single = q.must.len() == 1 && q.must[0].chars().count() == 2;
            return cl.pop().map(|(_, q)| (q, single));
        }
        Some((Box::new(BooleanQuery::new(cl)), false))
    }

    /// Drop the candidates holding a negated term.
    fn exclude(
        &self,
        searcher: &tantivy::Searcher,
        q: &Query,
        mut hits: Vec<(Score, DocAddress)>,
    ) -> Result<Vec<(Score, DocAddress)>, Error> {
        let all: Vec<u64> = (0..ROLE_CODES).collect();
        for t in &q.must_not {
            if hits.is_empty() {
                break;
            }
            if let Some(pq) = body_query(self.fields.body, t, &all) {
                let neg = searcher.search(pq.as_ref(), &DocSetCollector)?;
                hits.retain(|h| !neg.contains(&h.1));
            }
        }
        Ok(hits)
    }

    /// Keep the candidates of a query with `role:` whose every term occurs in a
    /// paragraph of an allowed role (the boolean query checked the rest).
    fn with_roles(
        &self,
        searcher: &tantivy::Searcher,
        q: &Query,
        mut hits: Vec<(Score, DocAddress)>,
    ) -> Result<Vec<(Score, DocAddress)>, Error> {
        // One-char terms were matched with their role folded in (see `body_query`):
        // only longer phrases need their positions checked.
        let terms: Vec<String> = q
            .must
            .iter()
            .filter(|t| !t.is_empty() && single_char(t).is_none())
            .cloned()
            .collect();
        if q.roles.is_empty() || terms.is_empty() {
            return Ok(hits);
        }
        let allowed: Vec<u64> = q.roles.iter().map(|r| role_code(Some(r))).collect();
        hits.sort_by_key(|h| h.1);
        let mut out = Vec::new();
        let mut view: Option<(u32, SegView)> = None;
        for (score, addr) in hits {
            if view.as_ref().is_none_or(|v| v.0 != addr.segment_ord) {
                let r = searcher.segment_reader(addr.segment_ord);
                view = Some((addr.segment_ord, SegView::open(r, &self.fields, &terms)?));
            }
            let Some((_, v)) = view.as_mut() else {
                continue;
            };
            let (per_term, _, prole) = v.term_paragraphs(addr.doc_id);
            let ok = per_term.iter().all(|ks| {
                ks.iter()
                    .any(|&k| prole.get(k).is_some_and(|c| allowed.contains(c)))
            });
            if ok {
                out.push((score, addr));
            }
        }
        Ok(out)
    }

    /// Every document matching the query, as SQLite document id → score.
    pub fn matching(&self, q: &Query) -> Result<HashMap<u64, Score>, Error> {
        let Some((query, _)) = self.doc_query(q) else {
            return Ok(HashMap::new());
        };
        let searcher = self.reader.searcher();
        let hits = searcher.search(query.as_ref(), &All)?;
        let hits = self.exclude(&searcher, q, hits)?;
        let hits = self.with_roles(&searcher, q, hits)?;
        let mut out = HashMap::with_capacity(hits.len());
        let mut col: Option<(u32, Column<u64>)> = None;
        for (score, addr) in hits {
            if col.as_ref().is_none_or(|c| c.0 != addr.segment_ord) {
                let ff = searcher.segment_reader(addr.segment_ord).fast_fields();
                col = Some((addr.segment_ord, ff.u64("doc")?));
            }
            if let Some(doc) = col.as_ref().and_then(|c| c.1.first(addr.doc_id)) {
                out.insert(doc, score);
            }
        }
        Ok(out)
    }

    /// For each top candidate: its SQLite document id and the paragraph to show (most
    /// distinct terms, then most of their occurrences, then the first; of an allowed
    /// role under `role:`).
    fn places(
        &self,
        searcher: &tantivy::Searcher,
        q: &Query,
        mut top: Vec<(Score, DocAddress)>,
    ) -> Result<Vec<Place>, Error> {
        let allowed: Vec<u64> = q.roles.iter().map(|r| role_code(Some(r))).collect();
        // The index knows only the first paragraph (per role) of a one-char term; with
        // other terms the best paragraph needs all of them (see `char_paragraphs`).
        let mixed = q.must.len() > 1 && q.must.iter().any(|t| single_char(t).is_some());
        top.sort_by_key(|h| h.1);
        let mut out = Vec::with_capacity(top.len());
        let mut view: Option<(u32, SegView)> = None;
        for (score, addr) in top {
            if view.as_ref().is_none_or(|v| v.0 != addr.segment_ord) {
                let r = searcher.segment_reader(addr.segment_ord);
                view = Some((addr.segment_ord, SegView::open(r, &self.fields, &q.must)?));
            }
            let Some((_, v)) = view.as_mut() else {
                continue;
            };
            let Some(doc) = v.doc.first(addr.doc_id) else {
                continue;
            };
            let (mut per_term, para, prole) = v.term_paragraphs(addr.doc_id);
            if mixed {
                self.char_paragraphs(doc, &q.must, &mut per_term, para.len())?;
            }
            let role_ok =
                |k: usize| allowed.is_empty() || prole.get(k).is_some_and(|c| allowed.contains(c));
            // (paragraph, distinct terms, occurrences counted per paragraph and term)
            let mut tally: Vec<(usize, u32)> = per_term
                .iter()
                .flat_map(|ks| ks.iter().map(|&k| (k, 1u32)))
                .filter(|&(k, _)| role_ok(k))
                .collect();
            tally.sort_unstable();
            let mut best: Option<(u32, usize)> = None;
            let mut i = 0;
            while i < tally.len() {
                let k = tally[i].0;
                let mut n = 0;
                while i < tally.len() && tally[i].0 == k {
                    n += tally[i].1;
                    i += 1;
                }
                if best.is_none_or(|b| n > b.0) {
                    best = Some((n, k));
                }
            }
            let k = match best {
                Some((_, k)) => Some(k),
                None => (0..para.len()).find(|&k| role_ok(k)),
            };
            out.push(Place {
                score,
                doc,
                para: k.and_then(|k| para.get(k).copied()),
            });
        }
        Ok(out)
    }

    /// Every paragraph (index into the document's `n` paragraphs) holding each
    /// one-char term of `terms`, read from SQLite: `per_term[i]` is replaced for those
    /// terms. Only for the snippets of a few top documents of a query that mixes
    /// one-char terms with others (the index keeps one position per (char, role)).
    fn char_paragraphs(
        &self,
        doc: u64,
        terms: &[String],
        per_term: &mut [Vec<usize>],
        n: usize,
    ) -> Result<(), Error> {
        let mut st = self
            .conn
            .prepare_cached("SELECT text FROM paragraphs WHERE document_id = ?1 ORDER BY id")?;
        let texts: Vec<String> = st
            .query_map([doc as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if texts.len() != n {
            // The index lags SQLite (a crash before reconcile): keep its answer.
            return Ok(());
        }
        for (t, ks) in terms.iter().zip(per_term.iter_mut()) {
            if let Some(c) = single_char(t) {
                *ks = texts
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.chars().any(|x| fold_char(x) == c))
                    .map(|(k, _)| k)
                    .collect();
            }
        }
        Ok(())
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

    fn paragraph(&self, para: u64) -> Result<Option<(u64, String, Option<String>)>, Error> {
        let mut st = self
            .conn
            .prepare_cached("SELECT line, text, role FROM paragraphs WHERE id = ?1")?;
        Ok(st
            .query_row([para as i64], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }

    /// Run a query; at most `limit` documents, best first.
    pub fn search(&self, q: &Query, limit: usize) -> Result<SearchResult, Error> {
        let t0 = std::time::Instant::now();
        let Some((query, single)) = self.doc_query(q) else {
            return Ok(SearchResult {
                total: 0,
                took_ms: t0.elapsed().as_secs_f64() * 1000.0,
                hits: Vec::new(),
            });
        };
        let searcher = self.reader.searcher();
        // Re-rank window for the word-level signal.
        let keep = limit + 20;
        let top_docs = TopDocs::with_limit(keep).order_by_score();
        let (total, top) = if !q.roles.is_empty() || !q.must_not.is_empty() {
            let all = searcher.search(query.as_ref(), &All)?;
            let all = self.exclude(&searcher, q, all)?;
            let mut all = self.with_roles(&searcher, q, all)?;
            let total = all.len();
            let cmp = |a: &(Score, DocAddress), b: &(Score, DocAddress)| {
                b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
            };
            if all.len() > keep {
                all.select_nth_unstable_by(keep, cmp);
                all.truncate(keep);
            }
            (total, all)
        } else if single {
            // Count = doc frequency, top-k with block-max WAND: two cheap passes.
            (
                searcher.search(query.as_ref(), &Count)?,
                searcher.search(query.as_ref(), &top_docs)?,
            )
        } else {
            // Phrases: one pass over the intersection, scoring each match once.
            searcher.search(query.as_ref(), &(Count, top_docs))?
        };
        let places = self.places(&searcher, q, top)?;
        let terms: Vec<String> = q.must.iter().filter(|t| !t.is_empty()).cloned().collect();
        // One read transaction for all lookups: one lock instead of one per statement.
        let _read = self.conn.unchecked_transaction()?;
        // Re-rank the window on its paragraphs, then build hits for the first `limit`.
        let mut ranked = Vec::with_capacity(places.len());
        for p in places {
            let Some(para) = p.para.map(|id| self.paragraph(id)).transpose()?.flatten() else {
                continue;
            };
            let score = p.score * (1.0 + 0.25 * word_signal(&para.1, &terms));
            ranked.push((score, p.doc, para));
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut hits = Vec::with_capacity(limit.min(ranked.len()));
        for (score, doc, (line, text, role)) in ranked {
            if hits.len() == limit {
                break;
            }
            let Some(meta) = self.meta(doc)? else {
                continue;
            };
            let (snippet, highlights) = highlight(&text, &terms, 100);
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
