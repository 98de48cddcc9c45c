//! The SQLite store: schema, migrations, format version, and the row-level writes.
//!
//! `library.sqlite` (WAL mode, foreign keys on) holds everything the library knows;
//! the tantivy index is derived from it and can be rebuilt (`gongwen reindex`).
//!
//! Format version: `PRAGMA user_version` in the database and the `FORMAT` file in the
//! library folder both hold [`FORMAT_VERSION`]. Opening an older library runs the
//! missing [`MIGRATIONS`] in one transaction; a newer one is refused (never silently
//! downgraded). `tests/fixtures/library-v1` is a library written by format 1 that the
//! tests open on every build.
//!
//! Generations: `meta.generation` counts committed changes. Every added file row
//! carries the generation of the transaction that wrote it; every removed file leaves
//! a tombstone with the generation that removed it. The index records the generation
//! it reflects (see [`crate::index`]); everything newer is replayed into it.

use crate::prepare::PreparedFile;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::Path;

/// The current library format.
pub const FORMAT_VERSION: i64 = 4;

/// `MIGRATIONS[i]` brings a library from format `i` to `i+1`.
pub const MIGRATIONS: &[&str] = &[
    // 0 → 1: the first format.
    r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta(key, value) VALUES ('generation', '0');
CREATE TABLE files(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  format TEXT NOT NULL,
  encoding TEXT NOT NULL,
  generation INTEGER NOT NULL,
  added_at INTEGER NOT NULL
);
CREATE INDEX files_generation ON files(generation);
CREATE TABLE tombstones(file_id INTEGER PRIMARY KEY, generation INTEGER NOT NULL);
CREATE TABLE documents(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  doc_key TEXT NOT NULL,
  title TEXT NOT NULL,
  unit TEXT,
  level TEXT,
  kind TEXT NOT NULL,
  summary_year INTEGER,
  plan_year INTEGER,
  line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  chars INTEGER NOT NULL,
  metadata TEXT
);
CREATE INDEX documents_file ON documents(file_id);
CREATE TABLE sections(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  parent_id INTEGER,
  depth INTEGER NOT NULL,
  role TEXT NOT NULL,
  heading TEXT NOT NULL,
  number TEXT NOT NULL,
  marker TEXT NOT NULL,
  line INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL
);
CREATE INDEX sections_document ON sections(document_id);
CREATE TABLE paragraphs(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  start INTEGER NOT NULL,
  role TEXT,
  text TEXT NOT NULL
);
CREATE INDEX paragraphs_document ON paragraphs(document_id);
CREATE TABLE quantities(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  text TEXT NOT NULL,
  value REAL,
  unit TEXT,
  section_role TEXT,
  json TEXT NOT NULL
);
CREATE INDEX quantities_document ON quantities(document_id);
CREATE TABLE commitments(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  text TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX commitments_document ON commitments(document_id);
CREATE TABLE findings(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  doc INTEGER NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  line INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX findings_file ON findings(file_id);
-- MinHash LSH band keys (format 1 and 2; format 3 stores one chunk of passages per
-- key, see the 2 → 3 migration). `passage` = paragraph id * 1024 + piece (0 = the
-- whole paragraph, k ≥ 1 = its k-th sentence). Rows of removed paragraphs are dropped
-- lazily (lookups join `paragraphs`; `reindex` sweeps them).
CREATE TABLE bands(key INTEGER NOT NULL, passage INTEGER NOT NULL, PRIMARY KEY(key, passage)) WITHOUT ROWID;
"#,
    // 1 → 2: band keys are derived data, like the index: `meta.bands_generation` is
    // the generation up to which every stored file has its keys in `bands` (see
    // [`finish_bands`] and [`recover_bands`]). Quantities and commitments store compact
    // JSON (see [`crate::prepare::compact_json`]); a commitment's heading path is the
    // section `section_id` and its parents. Format-1 rows keep their full JSON.
    r#"
INSERT INTO meta(key, value) SELECT 'bands_generation', value FROM meta WHERE key = 'generation';
ALTER TABLE commitments ADD COLUMN section_id INTEGER;
"#,
    // 2 → 3: a band key's passages are stored together, as chunks (see [`BandChunks`]):
    // one row per key and merge instead of one per (key, passage). [`migrate`] moves
    // the rows of `bands_v2` into chunks, then drops it.
    r#"
ALTER TABLE bands RENAME TO bands_v2;
CREATE TABLE bands(key INTEGER NOT NULL, first INTEGER NOT NULL, passages BLOB NOT NULL, PRIMARY KEY(key, first)) WITHOUT ROWID;
"#,
    // 3 → 4: a document's quantities and commitments are one `extracts` row, each kind
    // a JSON array of compact objects in extraction order (see
    // [`crate::prepare::ItemsWriter`]): one row per document instead of one per item
    // (3.4 M rows on the bench corpus, a tenth of the CPU of `add`). An item holds its
    // `text` and `line`; a commitment whose heading path is a section's holds
    // `section`, that section's index among the document's sections in row order,
    // instead of `heading_path` (a document's sections are inserted together, so their
    // ids are consecutive: the section's id is the smallest one plus the index). The
    // views `quantities` and `commitments` give the old columns back for SQL (`idx` =
    // position in the array; `json` = the stored item).
    r#"
CREATE TABLE extracts(
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  quantities TEXT NOT NULL,
  commitments TEXT NOT NULL
);
INSERT INTO extracts(document_id, quantities, commitments)
SELECT d.id,
  (SELECT json_group_array(json(json_set(q.json, '$.text', q.text, '$.line', q.line)) ORDER BY q.id)
     FROM quantities q WHERE q.document_id = d.id),
  (SELECT json_group_array(json(CASE WHEN c.section_id IS NULL
        THEN json_set(c.json, '$.text', c.text, '$.line', c.line)
        ELSE json_set(c.json, '$.text', c.text, '$.line', c.line, '$.section',
          (SELECT count(*) FROM sections s WHERE s.document_id = d.id AND s.id < c.section_id))
        END) ORDER BY c.id)
     FROM commitments c WHERE c.document_id = d.id)
FROM documents d
WHERE EXISTS (SELECT 1 FROM quantities q WHERE q.document_id = d.id)
   OR EXISTS (SELECT 1 FROM commitments c WHERE c.document_id = d.id);
DROP TABLE quantities;
DROP TABLE commitments;
CREATE VIEW quantities AS
SELECT x.document_id AS document_id, CAST(j.key AS INTEGER) AS idx,
  json_extract(j.value, '$.line') AS line, json_extract(j.value, '$.text') AS text,
  json_extract(j.value, '$.value') AS value, json_extract(j.value, '$.unit') AS unit,
  json_extract(j.value, '$.section_role') AS section_role, j.value AS json
FROM extracts x, json_each(x.quantities) j;
CREATE VIEW commitments AS
SELECT x.document_id AS document_id, CAST(j.key AS INTEGER) AS idx,
  json_extract(j.value, '$.line') AS line, json_extract(j.value, '$.text') AS text,
  json_extract(j.value, '$.section')
    + (SELECT min(s.id) FROM sections s WHERE s.document_id = x.document_id) AS section_id,
  j.value AS json
FROM extracts x, json_each(x.commitments) j;
"#,
];

/// Page size of a new library's database. Bulk `add` writes ~1.3 GB of rows per 90 M
/// characters; with 64 KB pages instead of SQLite's 4 KB default the writer thread
/// spends 2.5 s less CPU on the bench corpus (fewer page splits, cells and WAL frames,
/// docs/PERFORMANCE.md), while a search's few dozen row lookups stay sub-millisecond.
/// Existing libraries keep the page size they were created with.
pub const PAGE_SIZE: i64 = 65_536;

/// Errors of the store.
pub type Result<T> = std::result::Result<T, crate::Error>;

/// Open (creating or migrating) the database of a library folder.
pub fn open(dir: &Path, write: bool) -> Result<Connection> {
    let path = dir.join("library.sqlite");
    let conn = Connection::open(&path)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if pages == 0 {
        // A new library (the page size is fixed when the first table is written).
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    if write {
        // Writes append (band keys go through a [`BandSorter`]): a 64 MB page cache
        // holds the hot pages. Temporary data spills to temporary files.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "temp_store", "FILE")?;
        // Bulk writes: checkpoint the WAL every 256 MB instead of every 1,000 pages
        // (fewer fsyncs, and pages rewritten between two checkpoints are copied once),
        // and truncate it back to 64 MB after a checkpoint.
        let page: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "wal_autocheckpoint", (256i64 << 20) / page.max(512))?;
        conn.pragma_update(None, "journal_size_limit", 64i64 << 20)?;
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > FORMAT_VERSION {
        return Err(crate::Error::Format(format!(
            "资料库格式 {version} 比本程序支持的 {FORMAT_VERSION} 新，请升级 gongwen (library format is newer than this build)"
        )));
    }
    if version < FORMAT_VERSION {
        // Readers migrate too: migrations run in one IMMEDIATE transaction and re-check
        // the version under the lock, so concurrent openers do not race.
        let mut conn = conn;
        migrate(&mut conn, version)?;
        std::fs::write(dir.join("FORMAT"), format!("{FORMAT_VERSION}\n"))?;
        return Ok(conn);
    }
    Ok(conn)
}

fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(now.max(from) as usize) {
        tx.execute_batch(sql)?;
        if i == 2 {
            // 2 → 3: regroup the (key, passage) rows into chunks, in key order.
            let mut ins = BandInserter::new(&tx)?;
            {
                let mut st =
                    tx.prepare("SELECT key, passage FROM bands_v2 ORDER BY key, passage")?;
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    ins.push((r.get(0)?, r.get(1)?))?;
                }
            }
            ins.finish()?;
            tx.execute_batch("DROP TABLE bands_v2;")?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}

/// Copy what the WAL holds into the database file (a passive checkpoint: it waits for
/// no reader, and copies what no reader still needs). Returns (frames in the WAL,
/// frames now in the database). `add` runs it after its last transaction, while the
/// index commits on the other thread (the two cores otherwise wait for the indexing
/// thread then); the checkpoint SQLite runs when the connection closes then finds
/// little left to copy (bench corpus: 0.3 s less wall, docs/PERFORMANCE.md).
pub fn checkpoint(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok((r.get(1)?, r.get(2)?))
    })?)
}

/// The committed generation.
pub fn generation(conn: &Connection) -> Result<u64> {
    let v: String = conn.query_row("SELECT value FROM meta WHERE key='generation'", [], |r| {
        r.get(0)
    })?;
    Ok(v.parse().unwrap_or(0))
}

fn bump_generation(tx: &Transaction) -> Result<u64> {
    let g = generation(tx)? + 1;
    tx.execute(
        "UPDATE meta SET value=?1 WHERE key='generation'",
        [g.to_string()],
    )?;
    Ok(g)
}

/// Path → content hash of every stored file.
pub fn file_hashes(conn: &Connection) -> Result<std::collections::HashMap<String, String>> {
    let mut st = conn.prepare("SELECT path, hash FROM files")?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn delete_file_rows(tx: &Transaction, file_id: i64, generation: u64) -> Result<()> {
    tx.execute("DELETE FROM files WHERE id=?1", [file_id])?;
    tx.execute(
        "INSERT OR REPLACE INTO tombstones(file_id, generation) VALUES (?1, ?2)",
        params![file_id, generation as i64],
    )?;
    Ok(())
}

/// Where [`put_file_in`] writes a file's MinHash band keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bands {
    /// Straight into the `bands` index (random key order: fine for a few files).
    Direct,
    /// Not written: the caller queues them in a [`BandSorter`] and runs
    /// [`finish_bands`] later.
    Deferred,
}

/// What [`put_file_in`] stored: the ids the index needs.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    pub file_id: i64,
    /// The id of the replaced older version of the same path, if any.
    pub replaced: Option<i64>,
    /// SQLite document id of each prepared document, in order.
    pub documents: Vec<i64>,
    /// SQLite paragraph ids of each prepared document's paragraphs, in order.
    pub paragraphs: Vec<Vec<i64>>,
}

/// Begin a write transaction and bump the generation; every file stored in it carries
/// the returned generation.
pub fn begin(conn: &mut Connection) -> Result<(Transaction<'_>, u64)> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let g = bump_generation(&tx)?;
    Ok((tx, g))
}

/// Store one prepared file in one transaction, replacing an older version of the same
/// path. Returns the new file id and generation.
pub fn put_file(conn: &mut Connection, f: &PreparedFile) -> Result<(i64, u64)> {
    let (tx, g) = begin(conn)?;
    let stored = put_file_in(&tx, g, f, Bands::Direct)?;
    bands_follow(&tx, g)?;
    tx.commit()?;
    Ok((stored.file_id, g))
}

/// Store one prepared file inside the open transaction `tx` of generation `g` (see
/// [`begin`]), replacing an older version of the same path.
pub fn put_file_in(tx: &Transaction, g: u64, f: &PreparedFile, bands: Bands) -> Result<Stored> {
    let old: Option<i64> = tx
        .prepare_cached("SELECT id FROM files WHERE path=?1")?
        .query_row([&f.path], |r| r.get(0))
        .optional()?;
    if let Some(id) = old {
        delete_file_rows(tx, id, g)?;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    tx.prepare_cached(
        "INSERT INTO files(path, hash, bytes, format, encoding, generation, added_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
    )?
    .execute(params![f.path, f.hash, f.bytes as i64, f.format, f.encoding, g as i64, now as i64])?;
    let file_id = tx.last_insert_rowid();
    let mut stored = Stored {
        file_id,
        replaced: old,
        documents: Vec::with_capacity(f.documents.len()),
        paragraphs: Vec::with_capacity(f.documents.len()),
    };
    let mut ins_doc = tx.prepare_cached(
        "INSERT INTO documents(file_id, idx, doc_key, title, unit, level, kind, summary_year, plan_year, line, end_line, start, end, chars, metadata)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
    )?;
    let mut ins_sec = tx.prepare_cached(
        "INSERT INTO sections(document_id, parent_id, depth, role, heading, number, marker, line, start, end) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    )?;
    let mut ins_par = tx.prepare_cached(
        "INSERT INTO paragraphs(document_id, line, start, role, text) VALUES (?1,?2,?3,?4,?5)",
    )?;
    let mut ins_x = tx.prepare_cached(
        "INSERT INTO extracts(document_id, quantities, commitments) VALUES (?1,?2,?3)",
    )?;
    let mut direct: Vec<(i64, i64)> = Vec::new();
    for d in &f.documents {
        ins_doc.execute(params![
            file_id,
            d.index as i64,
            d.doc_key,
            d.title,
            d.unit,
            d.level,
            d.kind,
            d.summary_year,
            d.plan_year,
            d.line as i64,
            d.end_line as i64,
            d.start as i64,
            d.end as i64,
            d.chars as i64,
            d.metadata
        ])?;
        let doc_id = tx.last_insert_rowid();
        stored.documents.push(doc_id);
        let mut sec_ids: Vec<i64> = Vec::with_capacity(d.sections.len());
        for s in &d.sections {
            let parent = s.parent.and_then(|p| sec_ids.get(p).copied());
            ins_sec.execute(params![
                doc_id,
                parent,
                s.depth as i64,
                s.role,
                s.heading,
                s.number,
                s.marker,
                s.line as i64,
                s.start as i64,
                s.end as i64
            ])?;
            sec_ids.push(tx.last_insert_rowid());
        }
        let mut pids = Vec::with_capacity(d.paragraphs.len());
        for p in &d.paragraphs {
            ins_par.execute(params![
                doc_id,
                p.line as i64,
                p.start as i64,
                p.role,
                p.text
            ])?;
            let pid = tx.last_insert_rowid();
            pids.push(pid);
            if bands == Bands::Direct {
                for (piece, keys) in &p.bands {
                    let passage = pid * 1024 + *piece as i64;
                    direct.extend(keys.iter().map(|k| (*k as i64, passage)));
                }
            }
        }
        stored.paragraphs.push(pids);
        if !d.extracts.is_empty() {
            ins_x.execute(params![
                doc_id,
                d.extracts.quantities,
                d.extracts.commitments
            ])?;
        }
    }
    if !direct.is_empty() {
        direct.sort_unstable();
        direct.dedup();
        let mut ins = BandInserter::new(tx)?;
        for row in direct {
            ins.push(row)?;
        }
        ins.finish()?;
    }
    let mut ins_f = tx.prepare_cached(
        "INSERT INTO findings(file_id, doc, rule, severity, line, json) VALUES (?1,?2,?3,?4,?5,?6)",
    )?;
    for x in &f.findings {
        ins_f.execute(params![
            file_id,
            x.doc as i64,
            x.rule,
            x.severity,
            x.line as i64,
            x.json
        ])?;
    }
    Ok(stored)
}

/// The generation up to which every stored file has its band keys in `bands`.
pub fn bands_generation(conn: &Connection) -> Result<u64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key='bands_generation'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// In a transaction of generation `g` that leaves every file's band keys complete
/// (direct writes, removals): move `bands_generation` along if it was up to date.
fn bands_follow(tx: &Transaction, g: u64) -> Result<()> {
    tx.execute(
        "UPDATE meta SET value=?1 WHERE key='bands_generation' AND value=?2",
        params![g.to_string(), (g - 1).to_string()],
    )?;
    Ok(())
}

/// Band keys waiting for [`finish_bands`]: `(key, passage)` rows collected in memory,
/// sorted and spilled to run files in the library folder when [`BandSorter::RUN_ROWS`]
/// accumulate (memory stays flat: 64 MB), then merged in key order straight into the
/// `bands` B-tree as one chunk per key ([`BandChunks`]; one sequential pass instead of
/// one random page write per key, and no SQLite sorter: a Rust sort of integer pairs is
/// ~10× cheaper). The runs are
/// scratch: a crash loses them, and [`recover_bands`] recomputes the keys.
pub struct BandSorter {
    dir: std::path::PathBuf,
    run_rows: usize,
    buf: Vec<(i64, i64)>,
    runs: Vec<std::path::PathBuf>,
    rows: u64,
}

/// Prefix of the run files in the library folder (removed by [`BandSorter::new`]).
const RUN_PREFIX: &str = "bands-run-";

impl BandSorter {
    /// Rows sorted in memory before a run is spilled (16 bytes each).
    pub const RUN_ROWS: usize = 4 << 20;

    /// A sorter for the library at `dir`; removes run files a crashed writer left
    /// (callers hold the writer lock).
    pub fn new(dir: &Path) -> Result<Self> {
        Self::with_run_rows(dir, Self::RUN_ROWS)
    }

    /// The same with runs of `run_rows` rows (tests spill small runs).
    pub fn with_run_rows(dir: &Path, run_rows: usize) -> Result<Self> {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                if e.file_name().to_string_lossy().starts_with(RUN_PREFIX) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(BandSorter {
            dir: dir.to_path_buf(),
            run_rows: run_rows.max(1),
            buf: Vec::new(),
            runs: Vec::new(),
            rows: 0,
        })
    }

    /// Queue the band keys of the paragraphs of a stored file (`paragraphs` = the ids
    /// [`put_file_in`] returned).
    pub fn push_file(&mut self, f: &PreparedFile, paragraphs: &[Vec<i64>]) -> Result<()> {
        for (d, pids) in f.documents.iter().zip(paragraphs) {
            for (p, pid) in d.paragraphs.iter().zip(pids) {
                for (piece, keys) in &p.bands {
                    for k in keys {
                        self.push(*k as i64, pid * 1024 + *piece as i64)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Queue one row.
    pub fn push(&mut self, key: i64, passage: i64) -> Result<()> {
        self.buf.push((key, passage));
        self.rows += 1;
        if self.buf.len() >= self.run_rows {
            self.spill()?;
        }
        Ok(())
    }

    /// Rows queued so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    fn spill(&mut self) -> Result<()> {
        use std::io::Write;
        self.buf.sort_unstable();
        self.buf.dedup();
        let path = self.dir.join(format!(
            "{RUN_PREFIX}{}-{}",
            std::process::id(),
            self.runs.len()
        ));
        let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
        for (k, p) in &self.buf {
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&p.to_le_bytes())?;
        }
        w.flush()?;
        self.runs.push(path);
        self.buf.clear();
        Ok(())
    }

    /// Merge every queued row into `bands` in key order inside `tx`. Returns the rows
    /// written.
    fn merge_into(&mut self, tx: &Transaction) -> Result<usize> {
        use std::cmp::Reverse;
        use std::io::Read;
        self.buf.sort_unstable();
        self.buf.dedup();
        let mut ins = BandInserter::new(tx)?;
        if self.runs.is_empty() {
            for row in &self.buf {
                ins.push(*row)?;
            }
            return ins.finish();
        }
        // k-way merge of the spilled runs and the in-memory rest.
        let mut readers = Vec::with_capacity(self.runs.len());
        for r in &self.runs {
            readers.push(std::io::BufReader::with_capacity(
                1 << 20,
                std::fs::File::open(r)?,
            ));
        }
        let next = |rd: &mut std::io::BufReader<std::fs::File>| -> Result<Option<(i64, i64)>> {
            let mut b = [0u8; 16];
            match rd.read_exact(&mut b) {
                Ok(()) => {
                    let (k, p) = b.split_at(8);
                    let k = i64::from_le_bytes(k.try_into().unwrap_or([0; 8]));
                    let p = i64::from_le_bytes(p.try_into().unwrap_or([0; 8]));
                    Ok(Some((k, p)))
                }
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
                Err(e) => Err(e.into()),
            }
        };
        let mut heap = std::collections::BinaryHeap::new();
        for (i, rd) in readers.iter_mut().enumerate() {
            if let Some(row) = next(rd)? {
                heap.push(Reverse((row, i)));
            }
        }
        let mem = readers.len();
        let mut mem_at = 0;
        if let Some(row) = self.buf.first() {
            heap.push(Reverse((*row, mem)));
            mem_at = 1;
        }
        let mut last: Option<(i64, i64)> = None;
        while let Some(Reverse((row, i))) = heap.pop() {
            if last != Some(row) {
                ins.push(row)?;
                last = Some(row);
            }
            let more = if i == mem {
                let r = self.buf.get(mem_at).copied();
                mem_at += 1;
                r
            } else {
                next(&mut readers[i])?
            };
            if let Some(r) = more {
                heap.push(Reverse((r, i)));
            }
        }
        ins.finish()
    }

    fn cleanup(&mut self) {
        for r in self.runs.drain(..) {
            let _ = std::fs::remove_file(r);
        }
        self.buf = Vec::new();
        self.rows = 0;
    }
}

impl Drop for BandSorter {
    fn drop(&mut self) {
        self.cleanup();
    }
}

/// Chunks per `INSERT` statement of [`BandInserter`].
const INSERT_ROWS: usize = 32;

/// The passages of one band key, as stored in a `bands` row (format 3): the passage
/// codes in ascending order, each as the LEB128 varint of its difference to the one
/// before (the first: to 0). A key has one row per merge that added passages to it
/// (`first` = its smallest passage); readers take the union. Hand-written because it
/// is ten lines and the format must stay exactly this (SQLite blobs outlive builds).
pub struct BandChunks;

impl BandChunks {
    /// Encode ascending passage codes.
    pub fn encode(passages: &[i64], out: &mut Vec<u8>) {
        let mut last = 0u64;
        for &p in passages {
            let mut d = (p as u64).wrapping_sub(last);
            last = p as u64;
            while d >= 0x80 {
                out.push((d as u8) | 0x80);
                d >>= 7;
            }
            out.push(d as u8);
        }
    }

    /// Decode a blob written by [`BandChunks::encode`] (a truncated tail is ignored).
    pub fn decode(blob: &[u8], out: &mut Vec<i64>) {
        let mut last = 0u64;
        let mut d = 0u64;
        let mut shift = 0u32;
        for &b in blob {
            if shift < 64 {
                d |= u64::from(b & 0x7f) << shift;
            }
            if b & 0x80 != 0 {
                shift += 7;
                continue;
            }
            last = last.wrapping_add(d);
            out.push(last as i64);
            d = 0;
            shift = 0;
        }
    }
}

/// Every `(key, passage)` pair stored in `bands`, in key order (tests, `reindex`).
pub fn band_rows(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut st = conn.prepare("SELECT key, passages FROM bands ORDER BY key, first")?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    let mut buf = Vec::new();
    while let Some(r) = rows.next()? {
        let key: i64 = r.get(0)?;
        buf.clear();
        BandChunks::decode(r.get_ref(1)?.as_blob().unwrap_or(&[]), &mut buf);
        out.extend(buf.iter().map(|&p| (key, p)));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Writes `(key, passage)` rows, pushed in ascending order, into `bands` as one chunk
/// per key ([`BandChunks`]), [`INSERT_ROWS`] chunks per statement. A chunk whose
/// `(key, first)` is already stored (a passage written twice, e.g. recovered after a
/// crash) is merged into the stored one. Bulk adds of redundant material (the same
/// paragraph in many reports) write one row per distinct key instead of one per pair:
/// 20 M pairs → 0.57 M rows on the 90 M-character bench corpus.
struct BandInserter<'t> {
    tx: &'t Transaction<'t>,
    many: rusqlite::CachedStatement<'t>,
    one: rusqlite::CachedStatement<'t>,
    /// Encoded chunks waiting for a statement: (key, first, blob).
    chunks: Vec<(i64, i64, Vec<u8>)>,
    /// The key being collected and its passages.
    key: Option<i64>,
    passages: Vec<i64>,
    written: usize,
}

impl<'t> BandInserter<'t> {
    fn new(tx: &'t Transaction<'t>) -> Result<Self> {
        Self::into_table(tx, "bands")
    }

    /// An inserter into `table` (a table shaped like `bands`).
    fn into_table(tx: &'t Transaction<'t>, table: &str) -> Result<Self> {
        let values = vec!["(?,?,?)"; INSERT_ROWS].join(",");
        Ok(BandInserter {
            tx,
            many: tx.prepare_cached(&format!(
                "INSERT OR IGNORE INTO {table}(key, first, passages) VALUES {values}"
            ))?,
            one: tx.prepare_cached(&format!(
                "INSERT OR IGNORE INTO {table}(key, first, passages) VALUES (?1,?2,?3)"
            ))?,
            chunks: Vec::with_capacity(INSERT_ROWS),
            key: None,
            passages: Vec::new(),
            written: 0,
        })
    }

    /// Queue one pair; pairs come in ascending (key, passage) order.
    fn push(&mut self, (key, passage): (i64, i64)) -> Result<()> {
        if self.key != Some(key) {
            self.end_key()?;
            self.key = Some(key);
        }
        if self.passages.last() != Some(&passage) {
            self.passages.push(passage);
            self.written += 1;
        }
        Ok(())
    }

    fn end_key(&mut self) -> Result<()> {
        let (Some(key), Some(&first)) = (self.key, self.passages.first()) else {
            return Ok(());
        };
        let mut blob = Vec::with_capacity(self.passages.len() * 4);
        BandChunks::encode(&self.passages, &mut blob);
        self.passages.clear();
        self.chunks.push((key, first, blob));
        if self.chunks.len() == INSERT_ROWS {
            for (i, (k, f, b)) in self.chunks.iter().enumerate() {
                self.many.raw_bind_parameter(3 * i + 1, k)?;
                self.many.raw_bind_parameter(3 * i + 2, f)?;
                self.many.raw_bind_parameter(3 * i + 3, b)?;
            }
            if self.many.raw_execute()? < INSERT_ROWS {
                // Some chunk met a stored one: merge those one by one.
                let chunks = std::mem::take(&mut self.chunks);
                for c in &chunks {
                    self.merge_stored(c)?;
                }
            }
            self.chunks.clear();
        }
        Ok(())
    }

    /// Merge a chunk into a stored `(key, first)` row (or insert it if there is none).
    fn merge_stored(&mut self, (key, first, blob): &(i64, i64, Vec<u8>)) -> Result<()> {
        let stored: Option<Vec<u8>> = self
            .tx
            .prepare_cached("SELECT passages FROM bands WHERE key = ?1 AND first = ?2")?
            .query_row(params![key, first], |r| r.get(0))
            .optional()?;
        let Some(stored) = stored else {
            self.one.execute(params![key, first, blob])?;
            return Ok(());
        };
        let mut all = Vec::new();
        BandChunks::decode(&stored, &mut all);
        BandChunks::decode(blob, &mut all);
        all.sort_unstable();
        all.dedup();
        let mut merged = Vec::new();
        BandChunks::encode(&all, &mut merged);
        if merged != stored {
            self.tx
                .prepare_cached("UPDATE bands SET passages = ?3 WHERE key = ?1 AND first = ?2")?
                .execute(params![key, first, merged])?;
        }
        Ok(())
    }

    /// Write the rest; returns the pairs pushed (distinct per key).
    fn finish(mut self) -> Result<usize> {
        self.end_key()?;
        for c in std::mem::take(&mut self.chunks) {
            if self.one.execute(params![c.0, c.1, c.2])? == 0 {
                self.merge_stored(&c)?;
            }
        }
        Ok(self.written)
    }
}

/// Drop the band passages of removed paragraphs and put each key's chunks into one
/// (`reindex`): `bands` is rewritten in key order in one transaction. Returns the
/// `(key, passage)` pairs kept.
pub fn sweep_bands(conn: &mut Connection) -> Result<usize> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let live: Vec<i64> = {
        let mut st = tx.prepare("SELECT id FROM paragraphs ORDER BY id")?;
        let ids = st.query_map([], |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    tx.execute_batch(
        "DROP TABLE IF EXISTS bands_sweep;
         CREATE TABLE bands_sweep(key INTEGER NOT NULL, first INTEGER NOT NULL, passages BLOB NOT NULL, PRIMARY KEY(key, first)) WITHOUT ROWID;",
    )?;
    let kept = {
        let mut ins = BandInserter::into_table(&tx, "bands_sweep")?;
        let mut st = tx.prepare("SELECT key, passages FROM bands ORDER BY key, first")?;
        let mut rows = st.query([])?;
        let mut cur: Option<i64> = None;
        let mut passages: Vec<i64> = Vec::new();
        let flush = |key: Option<i64>, passages: &mut Vec<i64>, ins: &mut BandInserter| {
            passages.sort_unstable();
            passages.dedup();
            if let Some(k) = key {
                for &p in passages.iter() {
                    if live.binary_search(&(p / 1024)).is_ok() {
                        ins.push((k, p))?;
                    }
                }
            }
            passages.clear();
            Ok::<(), crate::Error>(())
        };
        while let Some(r) = rows.next()? {
            let k: i64 = r.get(0)?;
            if cur != Some(k) {
                flush(cur, &mut passages, &mut ins)?;
                cur = Some(k);
            }
            BandChunks::decode(r.get_ref(1)?.as_blob().unwrap_or(&[]), &mut passages);
        }
        flush(cur, &mut passages, &mut ins)?;
        drop(rows);
        drop(st);
        ins.finish()?
    };
    tx.execute_batch("DROP TABLE bands; ALTER TABLE bands_sweep RENAME TO bands;")?;
    tx.commit()?;
    Ok(kept)
}

/// Merge the queued band keys into the `bands` index in key order, and record that
/// every file up to the current generation has its keys, in one transaction. Rows of
/// paragraphs removed meanwhile are dropped lazily like any stale passage (lookups
/// resolve passages through `paragraphs`, `reindex` sweeps). Returns the distinct
/// (key, passage) pairs merged.
pub fn finish_bands(conn: &mut Connection, sorter: &mut BandSorter) -> Result<usize> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let n = sorter.merge_into(&tx)?;
    let g = generation(&tx)?;
    tx.execute(
        "UPDATE meta SET value=?1 WHERE key='bands_generation'",
        [g.to_string()],
    )?;
    tx.commit()?;
    sorter.cleanup();
    Ok(n)
}

/// Crash recovery of the band keys: an `add` killed before [`finish_bands`] leaves
/// files newer than `bands_generation` without their keys (its queued keys died with
/// it). Recompute them from the stored paragraph texts (band keys are a pure function
/// of the text) and merge. Writers call this under the writer lock. Returns the files
/// recomputed.
pub fn recover_bands(conn: &mut Connection, dir: &Path) -> Result<usize> {
    let bg = bands_generation(conn)?;
    if bg >= generation(conn)? {
        return Ok(0);
    }
    let mut sorter = BandSorter::new(dir)?;
    let files: Vec<i64> = conn
        .prepare("SELECT id FROM files WHERE generation > ?1 ORDER BY id")?
        .query_map([bg as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut paras = conn.prepare(
            "SELECT p.id, p.text FROM paragraphs p JOIN documents d ON d.id = p.document_id
             WHERE d.file_id = ?1 ORDER BY p.id",
        )?;
        for id in &files {
            let mut rows = paras.query([id])?;
            while let Some(r) = rows.next()? {
                let pid: i64 = r.get(0)?;
                let text: String = r.get(1)?;
                for (piece, keys) in crate::minhash::passage_keys(&text) {
                    for k in keys {
                        sorter.push(k as i64, pid * 1024 + piece as i64)?;
                    }
                }
            }
        }
    }
    finish_bands(conn, &mut sorter)?;
    Ok(files.len())
}

/// The stored items of one kind (`quantities` or `commitments`) of a document.
fn stored_items(
    conn: &Connection,
    document_id: i64,
    kind: &str,
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>> {
    let sql = match kind {
        "quantities" => "SELECT quantities FROM extracts WHERE document_id = ?1",
        _ => "SELECT commitments FROM extracts WHERE document_id = ?1",
    };
    let json: Option<String> = conn
        .prepare_cached(sql)?
        .query_row([document_id], |r| r.get(0))
        .optional()?;
    let Some(json) = json else {
        return Ok(Vec::new());
    };
    let items: Vec<serde_json::Value> = serde_json::from_str(&json)
        .map_err(|e| crate::Error::Format(format!("资料库记录损坏 (bad stored {kind}): {e}")))?;
    Ok(items
        .into_iter()
        .map(|v| match v {
            serde_json::Value::Object(m) => m,
            _ => serde_json::Map::new(),
        })
        .collect())
}

/// Put back the fields [`crate::prepare::ItemsWriter`] left out (at their default).
fn expand(
    mut m: serde_json::Map<String, serde_json::Value>,
    defaults: &[(&str, serde_json::Value)],
) -> serde_json::Value {
    for (k, d) in defaults {
        m.entry(*k).or_insert_with(|| d.clone());
    }
    serde_json::Value::Object(m)
}

/// The quantities of a stored document, as the JSON objects `gongwen extract` gives
/// (rebuilt exactly from the compact items; format-1 items hold them whole).
pub fn quantities(conn: &Connection, document_id: i64) -> Result<Vec<serde_json::Value>> {
    Ok(stored_items(conn, document_id, "quantities")?
        .into_iter()
        .map(|m| expand(m, crate::prepare::QUANTITY_DEFAULTS))
        .collect())
}

/// The commitments of a stored document, as the JSON objects `gongwen extract` gives.
pub fn commitments(conn: &Connection, document_id: i64) -> Result<Vec<serde_json::Value>> {
    let items = stored_items(conn, document_id, "commitments")?;
    // The document's sections in row order: (parent id, heading) by id.
    let mut sections: Vec<(i64, Option<i64>, String)> = Vec::new();
    if items.iter().any(|m| m.contains_key("section")) {
        let mut st = conn.prepare_cached(
            "SELECT id, parent_id, heading FROM sections WHERE document_id = ?1 ORDER BY id",
        )?;
        sections = st
            .query_map([document_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
    }
    let heading_path = |i: usize| {
        let mut path = Vec::new();
        let mut at = sections.get(i);
        // Bounded: a section's parent was inserted before it (smaller id).
        for _ in 0..64 {
            let Some((id, parent, heading)) = at else {
                break;
            };
            path.push(serde_json::Value::String(heading.clone()));
            at = match parent {
                Some(p) if p < id => sections.iter().find(|s| s.0 == *p),
                _ => None,
            };
        }
        path.reverse();
        serde_json::Value::Array(path)
    };
    Ok(items
        .into_iter()
        .map(|mut m| {
            if let Some(i) = m.remove("section").and_then(|v| v.as_u64()) {
                m.entry("heading_path")
                    .or_insert_with(|| heading_path(i as usize));
            }
            expand(m, crate::prepare::COMMITMENT_DEFAULTS)
        })
        .collect())
}

/// Remove files by path (exact) or by folder prefix. Returns the removed paths.
pub fn remove(conn: &mut Connection, paths: &[String]) -> Result<Vec<String>> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let g = bump_generation(&tx)?;
    let mut removed = Vec::new();
    {
        let mut st = tx.prepare(
            "SELECT id, path FROM files WHERE path=?1 OR substr(path, 1, length(?2)) = ?2",
        )?;
        let mut victims: Vec<(i64, String)> = Vec::new();
        for p in paths {
            let prefix = format!("{}/", p.trim_end_matches('/'));
            let rows = st.query_map(params![p, prefix], |r| Ok((r.get(0)?, r.get(1)?)))?;
            for r in rows {
                victims.push(r?);
            }
        }
        victims.sort();
        victims.dedup();
        for (id, path) in victims {
            delete_file_rows(&tx, id, g)?;
            removed.push(path);
        }
    }
    bands_follow(&tx, g)?;
    tx.commit()?;
    Ok(removed)
}

/// One row of `gongwen list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocRow {
    pub doc_id: String,
    pub path: String,
    pub index: i64,
    pub title: String,
    pub unit: Option<String>,
    pub level: Option<String>,
    pub kind: String,
    pub summary_year: Option<i64>,
    pub plan_year: Option<i64>,
    pub chars: i64,
    pub paragraphs: i64,
}

/// Every stored document, by path and index.
pub fn list(conn: &Connection) -> Result<Vec<DocRow>> {
    let mut st = conn.prepare(
        "SELECT d.doc_key, f.path, d.idx, d.title, d.unit, d.level, d.kind, d.summary_year, d.plan_year, d.chars,
                (SELECT count(*) FROM paragraphs p WHERE p.document_id = d.id)
         FROM documents d JOIN files f ON f.id = d.file_id ORDER BY f.path, d.idx",
    )?;
    let rows = st.query_map([], |r| {
        Ok(DocRow {
            doc_id: r.get(0)?,
            path: r.get(1)?,
            index: r.get(2)?,
            title: r.get(3)?,
            unit: r.get(4)?,
            level: r.get(5)?,
            kind: r.get(6)?,
            summary_year: r.get(7)?,
            plan_year: r.get(8)?,
            chars: r.get(9)?,
            paragraphs: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
