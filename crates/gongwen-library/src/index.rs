//! The tantivy full-text index (`index/` in the library folder), derived from SQLite.
//!
//! One tantivy document per **paragraph**: `body` (unigram+bigram tokens, positions =
//! char index, see [`crate::tokenize`]), fast fields `para` (SQLite paragraph id),
//! `doc` (SQLite document id), `line`, and indexed filter fields `file`, `year` (summary
//! and plan year), `level`, `kind`, `role`, `unit` (tokenized like `body`, so `unit:`
//! matches a substring). The text itself is not stored here: snippets read it from
//! SQLite, which keeps the index small.
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

use crate::tokenize::{CjkTokenizer, TOKENIZER};
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
    pub para: Field,
    pub doc: Field,
    pub file: Field,
    pub line: Field,
    pub year: Field,
    pub level: Field,
    pub kind: Field,
    pub role: Field,
    pub unit: Field,
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut sb = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let f = Fields {
        body: sb.add_text_field("body", text.clone()),
        para: sb.add_u64_field("para", FAST),
        doc: sb.add_u64_field("doc", FAST),
        file: sb.add_u64_field("file", INDEXED),
        line: sb.add_u64_field("line", FAST),
        year: sb.add_u64_field("year", INDEXED),
        level: sb.add_text_field("level", STRING),
        kind: sb.add_text_field("kind", STRING),
        role: sb.add_text_field("role", STRING),
        unit: sb.add_text_field("unit", text),
    };
    (sb.build(), f)
}

/// Open the index of a library folder, creating an empty one if absent.
pub fn open(dir: &Path) -> Result<(Index, Fields), Error> {
    let path = dir.join("index");
    let (schema, fields) = schema();
    let index = if path.join("meta.json").exists() {
        Index::open_in_dir(&path)?
    } else {
        std::fs::create_dir_all(&path)?;
        Index::create_in_dir(&path, schema)?
    };
    index.tokenizers().register(TOKENIZER, CjkTokenizer);
    Ok((index, fields))
}

/// The SQLite generation the last index commit reflects (0 for a fresh index).
pub fn indexed_generation(index: &Index) -> Result<u64, Error> {
    let metas = index.load_metas()?;
    Ok(metas.payload.and_then(|p| p.parse().ok()).unwrap_or(0))
}

/// A writer over the index with one indexing thread (a second one does not help on
/// two cores, STACK.md §3.2).
pub fn writer(index: &Index) -> Result<IndexWriter, Error> {
    Ok(index.writer_with_num_threads::<TantivyDocument>(1, 256_000_000)?)
}

/// Commit the writer as reflecting SQLite generation `g`.
pub fn commit(w: &mut IndexWriter, g: u64) -> Result<(), Error> {
    let mut pc = w.prepare_commit()?;
    pc.set_payload(&g.to_string());
    pc.commit()?;
    Ok(())
}

/// Delete a file's paragraphs and add them again from SQLite.
pub fn replay_file(
    conn: &Connection,
    w: &IndexWriter,
    f: &Fields,
    file_id: i64,
) -> Result<usize, Error> {
    w.delete_term(Term::from_field_u64(f.file, file_id as u64));
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.document_id, p.line, p.role, p.text, d.summary_year, d.plan_year, d.level, d.kind, d.unit
         FROM paragraphs p JOIN documents d ON d.id = p.document_id WHERE d.file_id = ?1 ORDER BY p.id",
    )?;
    let mut rows = st.query([file_id])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let years: Vec<Option<i64>> = vec![r.get(5)?, r.get(6)?];
        let role: Option<String> = r.get(3)?;
        let level: Option<String> = r.get(7)?;
        let unit: Option<String> = r.get(9)?;
        let text: String = r.get(4)?;
        let p = Para {
            file: file_id as u64,
            para: r.get::<_, i64>(0)? as u64,
            doc: r.get::<_, i64>(1)? as u64,
            line: r.get::<_, i64>(2)? as u64,
            text: &text,
            years: &years
                .into_iter()
                .flatten()
                .map(|y| y as u64)
                .collect::<Vec<_>>(),
            role: role.as_deref(),
            level: level.as_deref(),
            kind: &r.get::<_, String>(8)?,
            unit: unit.as_deref(),
        };
        add_para(w, f, &p)?;
        n += 1;
    }
    Ok(n)
}

/// One paragraph to index.
pub struct Para<'a> {
    pub file: u64,
    pub para: u64,
    pub doc: u64,
    pub line: u64,
    pub text: &'a str,
    pub years: &'a [u64],
    pub role: Option<&'a str>,
    pub level: Option<&'a str>,
    pub kind: &'a str,
    pub unit: Option<&'a str>,
}

/// Add one paragraph document.
pub fn add_para(w: &IndexWriter, f: &Fields, p: &Para) -> Result<(), Error> {
    let mut d = TantivyDocument::default();
    d.add_text(f.body, p.text);
    d.add_u64(f.para, p.para);
    d.add_u64(f.doc, p.doc);
    d.add_u64(f.file, p.file);
    d.add_u64(f.line, p.line);
    for y in p.years {
        d.add_u64(f.year, *y);
    }
    if let Some(r) = p.role {
        d.add_text(f.role, r);
    }
    if let Some(l) = p.level {
        d.add_text(f.level, l);
    }
    d.add_text(f.kind, p.kind);
    if let Some(u) = p.unit {
        d.add_text(f.unit, u);
    }
    w.add_document(d)?;
    Ok(())
}

/// Bring the index up to SQLite's generation (see the module doc). Returns the number
/// of files replayed and tombstones applied.
pub fn reconcile(
    conn: &Connection,
    index: &Index,
    w: &mut IndexWriter,
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
pub fn rebuild(conn: &Connection, w: &mut IndexWriter, f: &Fields) -> Result<usize, Error> {
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
