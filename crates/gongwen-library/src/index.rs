//! The tantivy full-text index (`index/` in the library folder), derived from SQLite.
//!
//! One tantivy document per **document** (a report; a compilation holds several). Its
//! `body` is the document's paragraphs, each a role digit followed by its text, joined
//! by `'\n'`; [`BodyTokenizer`] turns it into bigrams at position = char index of that
//! text, plus one term per distinct (char, paragraph role) of the document at its first
//! occurrence. No bigram spans a `'\n'`, so phrases never cross paragraphs (see
//! [`crate::tokenize`]). Why document-level: a search returns documents and `total`
//! counts them, so `total` for a two-char query is a doc-frequency lookup (a one-char
//! query: the union of at most six (char, role) postings) and top-k is BM25 with
//! block-max WAND over a few thousand postings, instead of scoring ~400 k paragraph
//! hits (PERFORMANCE.md).
//!
//! Paragraph-level facts live in multi-valued fast fields, one value per paragraph in
//! order: `pstart` (char position of the paragraph's first char in `body`), `para` (SQLite paragraph
//! id) and `prole` (section role code, [`role_code`]). A match position maps to its
//! paragraph by binary search over `pstart`: that gives snippets, lines, and the exact
//! per-paragraph `role:` filter. Other fields: fast `doc` (SQLite document id), indexed
//! `file`, `year` (summary and plan year), `level`, `kind`, `role` (every role the
//! document has), `unit` (unigrams and bigrams, [`CjkTokenizer`], so `unit:` matches a
//! substring). The
//! text itself is not stored here: snippets read it from SQLite.
//!
//! # Consistency protocol (crash at any moment)
//!
//! 1. Every change is first committed to SQLite in **one transaction per file** (or one
//!    per `remove`), bumping `meta.generation` to `g`; the file rows carry `g`, removed
//!    or replaced files leave a tombstone with `g`.
//! 2. Only then is the index told (delete the file's old paragraphs by `file` term, add
//!    the new ones). A tantivy commit carries the SQLite generation it reflects as its
//!    payload ("indexed generation"); tantivy commits are atomic (meta.json swap).
//! 3. A writer (`add`, `remove`, `reindex`) first takes the library lock, then
//!    [`reconcile`]s: every file with `generation > indexed` is deleted and re-added
//!    from SQLite, every tombstone newer than `indexed` is deleted, and the result is
//!    committed with the current generation. A crash therefore leaves at worst an index
//!    that lags SQLite; a re-run (or `gongwen reindex`, which rebuilds from scratch)
//!    catches it up. A file's paragraphs enter the index in a single commit, so a
//!    half-added file is never visible; readers look documents up in SQLite and drop
//!    hits whose document is gone.

use crate::tokenize::{role_digit, BodyTokenizer, CjkTokenizer, BODY_TOKENIZER, TOKENIZER};
use crate::Error;
use rusqlite::Connection;
use std::path::Path;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STRING,
};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// The fields of the index schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub body: Field,
    pub doc: Field,
    pub file: Field,
    pub year: Field,
    pub level: Field,
    pub kind: Field,
    pub role: Field,
    pub unit: Field,
    pub pstart: Field,
    pub para: Field,
    pub prole: Field,
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut sb = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let f = Fields {
        body: sb.add_text_field("body", text(BODY_TOKENIZER)),
        doc: sb.add_u64_field("doc", FAST),
        file: sb.add_u64_field("file", INDEXED),
        year: sb.add_u64_field("year", INDEXED),
        level: sb.add_text_field("level", STRING),
        kind: sb.add_text_field("kind", STRING),
        role: sb.add_text_field("role", STRING),
        unit: sb.add_text_field("unit", text(TOKENIZER)),
        pstart: sb.add_u64_field("pstart", FAST),
        para: sb.add_u64_field("para", FAST),
        prole: sb.add_u64_field("prole", FAST),
    };
    (sb.build(), f)
}

/// The section roles in code order; [`role_code`] of a role is its index + 1.
const ROLES: [&str; 5] = ["review", "problems", "plan", "suggestions", "other"];

/// Number of role codes (0 = none, then [`ROLES`]); codes are `0..ROLE_CODES`.
pub const ROLE_CODES: u64 = ROLES.len() as u64 + 1;

/// Code of a paragraph's section role in the `prole` fast field (0 = none/unknown).
pub fn role_code(role: Option<&str>) -> u64 {
    role.and_then(|r| ROLES.iter().position(|x| *x == r))
        .map_or(0, |i| i as u64 + 1)
}

/// Open the index of a library folder, creating an empty one if absent. An index with
/// an older schema is an error that asks for `gongwen reindex` ([`open_for_rebuild`]).
pub fn open(dir: &Path) -> Result<(Index, Fields), Error> {
    let path = dir.join("index");
    let (schema, fields) = schema();
    let index = if path.join("meta.json").exists() {
        Index::open_in_dir(&path)?
    } else {
        std::fs::create_dir_all(&path)?;
        Index::create_in_dir(&path, schema.clone())?
    };
    if index.schema() != schema {
        return Err(Error::Format(
            "索引格式已更新，请先运行 gongwen reindex（index format changed: run gongwen reindex）"
                .into(),
        ));
    }
    index.tokenizers().register(TOKENIZER, CjkTokenizer);
    index
        .tokenizers()
        .register(BODY_TOKENIZER, BodyTokenizer::default());
    Ok((index, fields))
}

/// Whether the library's index exists with an older schema than this build's (the
/// index is derived data: writers rebuild it from SQLite, readers ask for `reindex`).
pub fn is_stale(dir: &Path) -> bool {
    let path = dir.join("index");
    path.join("meta.json").exists()
        && Index::open_in_dir(&path).map_or(true, |i| i.schema() != schema().0)
}

/// [`open`] for a full rebuild: an index of an older schema is deleted first (the index
/// is derived data; the caller holds the writer lock and rebuilds it from SQLite).
pub fn open_for_rebuild(dir: &Path) -> Result<(Index, Fields), Error> {
    let path = dir.join("index");
    if path.join("meta.json").exists() {
        let stale = Index::open_in_dir(&path).map_or(true, |i| i.schema() != schema().0);
        if stale {
            std::fs::remove_dir_all(&path)?;
        }
    }
    open(dir)
}

/// The SQLite generation the last index commit reflects (0 for a fresh index).
pub fn indexed_generation(index: &Index) -> Result<u64, Error> {
    let metas = index.load_metas()?;
    Ok(metas.payload.and_then(|p| p.parse().ok()).unwrap_or(0))
}

/// A writer over the index with one indexing thread (a second one does not help on
/// two cores, STACK.md §3.2).
pub fn writer(index: &Index) -> Result<Writer, Error> {
    // A fresh tokenizer for this writer's segments: its counter is the writer's.
    let tk = BodyTokenizer::default();
    let done = tk.done.clone();
    index.tokenizers().register(BODY_TOKENIZER, tk);
    Ok(Writer {
        w: index.writer_with_num_threads::<TantivyDocument>(1, MEMORY_BUDGET)?,
        done,
        sent: Default::default(),
        backlog: MAX_BACKLOG,
    })
}

/// The indexing thread's memory budget: tantivy writes a segment whenever it fills.
/// 128 MB rather than 256: the thread's term hash table stays smaller (fewer cache
/// misses per token) and the last segment, serialized while the rest of `add` waits,
/// is shorter; on the bench corpus (268 MB of input, 4–5 segments, no merge) `add`
/// takes ~1 CPU s and 0.6 s wall less and 60 MB less peak memory. Smaller budgets
/// (64 MB) lose again: merges start at 8 segments (docs/PERFORMANCE.md).
pub const MEMORY_BUDGET: usize = 128 << 20;

/// Most `body` bytes handed to the index writer and not yet tokenized by its thread.
/// tantivy queues up to 10,000 documents, whatever their size; the indexing thread is
/// the slowest stage of `add` and `reindex`, so without this bound the queue (whole
/// reports) grows with the input. 128 MB is ~5 s of indexing: in an ordinary `add` the
/// thread lags less than that (it ends ~1 s after the writer), so the bound only bites
/// when documents are huge.
pub const MAX_BACKLOG: u64 = 128 << 20;

/// An index writer whose queue of documents is bounded in bytes ([`MAX_BACKLOG`]): its
/// [`BodyTokenizer`] counts the bytes it has tokenized, [`Writer::add`] waits while too
/// many are still queued. Dereferences to tantivy's `IndexWriter`.
pub struct Writer {
    w: IndexWriter,
    done: std::sync::Arc<std::sync::atomic::AtomicU64>,
    sent: std::sync::atomic::AtomicU64,
    backlog: u64,
}

impl std::ops::Deref for Writer {
    type Target = IndexWriter;
    fn deref(&self) -> &IndexWriter {
        &self.w
    }
}

impl std::ops::DerefMut for Writer {
    fn deref_mut(&mut self) -> &mut IndexWriter {
        &mut self.w
    }
}

impl Writer {
    /// Queue a document whose `body` holds `bytes` bytes, first waiting until at most
    /// [`MAX_BACKLOG`] bytes are queued ahead of it. Should the indexing thread make no
    /// progress for a minute (it died), stop waiting: `add_document` then reports it.
    pub fn add(&self, doc: TantivyDocument, bytes: u64) -> Result<(), Error> {
        use std::sync::atomic::Ordering;
        let ahead = self.sent.fetch_add(bytes, Ordering::Relaxed);
        let mut last = self.done.load(Ordering::Acquire);
        let mut since = std::time::Instant::now();
        while ahead.saturating_sub(last) > self.backlog {
            std::thread::sleep(std::time::Duration::from_millis(1));
            let now = self.done.load(Ordering::Acquire);
            if now != last {
                last = now;
                since = std::time::Instant::now();
            } else if since.elapsed() > std::time::Duration::from_secs(60) {
                break;
            }
        }
        self.w.add_document(doc)?;
        Ok(())
    }

    /// Bytes handed over and not yet tokenized.
    pub fn queued(&self) -> u64 {
        use std::sync::atomic::Ordering;
        self.sent
            .load(Ordering::Relaxed)
            .saturating_sub(self.done.load(Ordering::Acquire))
    }

    /// The same writer with another bound (tests use small ones).
    pub fn with_backlog(mut self, bytes: u64) -> Writer {
        self.backlog = bytes;
        self
    }

    /// Wait for the merges and give the writer up (tantivy's `wait_merging_threads`).
    pub fn wait_merging_threads(self) -> Result<(), Error> {
        Ok(self.w.wait_merging_threads()?)
    }
}

/// Commit the writer as reflecting SQLite generation `g`.
pub fn commit(w: &mut IndexWriter, g: u64) -> Result<(), Error> {
    let mut pc = w.prepare_commit()?;
    pc.set_payload(&g.to_string());
    pc.commit()?;
    Ok(())
}

/// Delete a file's documents and add them again from SQLite. Returns the number of
/// paragraphs indexed.
pub fn replay_file(
    conn: &Connection,
    w: &Writer,
    f: &Fields,
    file_id: i64,
) -> Result<usize, Error> {
    w.delete_term(Term::from_field_u64(f.file, file_id as u64));
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.document_id, p.role, p.text, d.summary_year, d.plan_year, d.level, d.kind, d.unit
         FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE d.file_id = ?1
         ORDER BY p.document_id, p.id",
    )?;
    let mut rows = st.query([file_id])?;
    let mut n = 0;
    let mut cur: Option<DocBuilder> = None;
    while let Some(r) = rows.next()? {
        let doc = r.get::<_, i64>(1)? as u64;
        if cur.as_ref().is_none_or(|c| c.doc != doc) {
            if let Some(c) = cur.take() {
                let n = c.body.len() as u64;
                w.add(c.finish(f), n)?;
            }
            let years: Vec<u64> = [r.get::<_, Option<i64>>(4)?, r.get(5)?]
                .into_iter()
                .flatten()
                .map(|y| y as u64)
                .collect();
            let mut d = TantivyDocument::default();
            d.add_u64(f.doc, doc);
            d.add_u64(f.file, file_id as u64);
            for y in years {
                d.add_u64(f.year, y);
            }
            if let Some(l) = r.get::<_, Option<String>>(6)? {
                d.add_text(f.level, l);
            }
            d.add_text(f.kind, r.get::<_, String>(7)?);
            if let Some(u) = r.get::<_, Option<String>>(8)? {
                d.add_text(f.unit, u);
            }
            cur = Some(DocBuilder {
                doc,
                d,
                body: String::new(),
                chars: 0,
                roles: Vec::new(),
            });
        }
        if let Some(c) = cur.as_mut() {
            let role: Option<String> = r.get(2)?;
            let text: String = r.get(3)?;
            c.push(f, r.get::<_, i64>(0)? as u64, role.as_deref(), &text);
        }
        n += 1;
    }
    if let Some(c) = cur {
        let n = c.body.len() as u64;
        w.add(c.finish(f), n)?;
    }
    Ok(n)
}

/// One paragraph for [`add_document`]: SQLite paragraph id, section role, text.
pub struct ParaRef<'a> {
    pub para: u64,
    pub role: Option<&'a str>,
    pub text: &'a str,
}

/// The document-level facts for [`add_document`].
pub struct DocFacts<'a> {
    pub file: u64,
    pub doc: u64,
    pub years: &'a [u64],
    pub level: Option<&'a str>,
    pub kind: &'a str,
    pub unit: Option<&'a str>,
}

/// Index one document from memory: the same tantivy document [`replay_file`] builds
/// from SQLite (none for a document without paragraphs), for a writer that has just
/// stored it and knows its ids. Returns the number of paragraphs indexed.
pub fn add_document<'a>(
    w: &Writer,
    f: &Fields,
    facts: &DocFacts,
    paras: impl IntoIterator<Item = ParaRef<'a>>,
) -> Result<usize, Error> {
    let mut d = TantivyDocument::default();
    d.add_u64(f.doc, facts.doc);
    d.add_u64(f.file, facts.file);
    for y in facts.years {
        d.add_u64(f.year, *y);
    }
    if let Some(l) = facts.level {
        d.add_text(f.level, l);
    }
    d.add_text(f.kind, facts.kind);
    if let Some(u) = facts.unit {
        d.add_text(f.unit, u);
    }
    let mut b = DocBuilder {
        doc: facts.doc,
        d,
        body: String::new(),
        chars: 0,
        roles: Vec::new(),
    };
    let mut n = 0;
    for p in paras {
        b.push(f, p.para, p.role, p.text);
        n += 1;
    }
    if n > 0 {
        let bytes = b.body.len() as u64;
        w.add(b.finish(f), bytes)?;
    }
    Ok(n)
}

/// One index document being built from a document's paragraphs.
struct DocBuilder {
    doc: u64,
    d: TantivyDocument,
    body: String,
    /// Chars in `body` so far.
    chars: u64,
    roles: Vec<String>,
}

impl DocBuilder {
    fn push(&mut self, f: &Fields, para: u64, role: Option<&str>, text: &str) {
        if self.chars > 0 {
            self.body.push('\n');
            self.chars += 1;
        }
        let code = role_code(role);
        self.body.push(role_digit(code));
        self.chars += 1;
        self.d.add_u64(f.pstart, self.chars);
        self.d.add_u64(f.para, para);
        self.d.add_u64(f.prole, code);
        if let Some(r) = role {
            if !self.roles.iter().any(|x| x == r) {
                self.roles.push(r.to_string());
            }
        }
        // A paragraph is one line; should one hold a '\n', index it as the space it
        // folds to, so that it cannot end the paragraph early.
        if text.contains('\n') {
            self.body
                .extend(text.chars().map(|c| if c == '\n' { ' ' } else { c }));
        } else {
            self.body.push_str(text);
        }
        self.chars += text.chars().count() as u64;
    }

    fn finish(mut self, f: &Fields) -> TantivyDocument {
        self.d.add_text(f.body, &self.body);
        for r in &self.roles {
            self.d.add_text(f.role, r);
        }
        self.d
    }
}

/// Bring the index up to SQLite's generation (see the module doc). Returns the number
/// of files replayed and tombstones applied.
pub fn reconcile(
    conn: &Connection,
    index: &Index,
    w: &mut Writer,
    f: &Fields,
) -> Result<(usize, usize), Error> {
    let g = crate::store::generation(conn)?;
    let indexed = indexed_generation(index)?;
    if indexed == g {
        return Ok((0, 0));
    }
    if indexed > g {
        // SQLite lost transactions the index saw (cannot happen on a process crash):
        // rebuild from SQLite, the source of truth.
        return rebuild(conn, w, f).map(|n| (n, 0));
    }
    let mut tomb = 0;
    {
        let mut st = conn.prepare("SELECT file_id FROM tombstones WHERE generation > ?1")?;
        let ids: Vec<i64> = st
            .query_map([indexed as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            w.delete_term(Term::from_field_u64(f.file, id as u64));
            tomb += 1;
        }
    }
    let ids: Vec<i64> = {
        let mut st = conn.prepare("SELECT id FROM files WHERE generation > ?1 ORDER BY id")?;
        let ids = st
            .query_map([indexed as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids
    };
    for id in &ids {
        replay_file(conn, w, f, *id)?;
    }
    commit(w, g)?;
    Ok((ids.len(), tomb))
}

/// Drop everything from the index and add every file again from SQLite; commits.
pub fn rebuild(conn: &Connection, w: &mut Writer, f: &Fields) -> Result<usize, Error> {
    let g = crate::store::generation(conn)?;
    w.delete_all_documents()?;
    let ids: Vec<i64> = {
        let mut st = conn.prepare("SELECT id FROM files ORDER BY id")?;
        let ids = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids
    };
    for id in &ids {
        replay_file(conn, w, f, *id)?;
    }
    commit(w, g)?;
    Ok(ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_queue_is_bounded_in_bytes_and_every_document_arrives() {
        let tmp = tempfile::tempdir().unwrap();
        let (idx, f) = open(tmp.path()).unwrap();
        let mut w = writer(&idx).unwrap().with_backlog(4 << 10);
        let para = "推进清单式交办，全年完成重点项目42个。".repeat(40);
        let mut most = 0;
        for doc in 0..300u64 {
            let facts = DocFacts {
                file: doc,
                doc,
                years: &[2024],
                level: None,
                kind: "summary",
                unit: None,
            };
            let paras = (0..3).map(|k| ParaRef {
                para: doc * 3 + k,
                role: Some("plan"),
                text: &para,
            });
            add_document(&w, &f, &facts, paras).unwrap();
            // At most the bound plus the one document just handed over.
            most = most.max(w.queued());
            assert!(w.queued() <= (4 << 10) + 3 * (para.len() as u64 + 2));
        }
        assert!(most > 0);
        commit(&mut w, 1).unwrap();
        w.wait_merging_threads().unwrap();
        let reader = idx.reader().unwrap();
        assert_eq!(reader.searcher().num_docs(), 300);
    }
}
