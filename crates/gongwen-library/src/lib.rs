//! # gongwen-library
//!
//! The material library (素材库): documents run through the gongwen pipeline (ingest →
//! outline → extract → check) and stored in one folder, searchable by exact Chinese
//! phrase, with similar and copied passages found by MinHash.
//!
//! Library folder layout:
//!
//! ```text
//! <library>/
//!   FORMAT            format version (also PRAGMA user_version), see store
//!   library.sqlite    (+ -wal, -shm) documents, sections, paragraphs, quantities,
//!                     commitments, findings, MinHash band keys — the source of truth
//!   index/            tantivy index of documents, rebuildable from SQLite
//!   lock              writer lock (add / remove / reindex hold it)
//! ```
//!
//! The folder is `--library DIR`, else `$GONGWEN_LIBRARY`, else
//! `$XDG_DATA_HOME/gongwen/library` (default `~/.local/share/gongwen/library`; on
//! Windows `%APPDATA%\gongwen\library`), see [`default_dir`].
//!
//! Modules: [`store`] (SQLite), [`tokenize`] (folding, the bigram + (char, role) tokenizer),
//! [`index`] (tantivy, consistency protocol), [`query`] (query language), [`search`]
//! (search + highlighter + scan oracle), [`minhash`] and [`similar`] (similar, reuse,
//! duplicates), [`prepare`] (a file through the pipeline into rows).

pub mod index;
pub mod minhash;
pub mod prepare;
pub mod query;
pub mod search;
pub mod similar;
pub mod store;
pub mod tokenize;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// Errors of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("索引 (index): {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Core(#[from] gongwen_core::Error),
    #[error("{0}")]
    Format(String),
    #[error("查询有误：{0}")]
    Query(String),
}

/// The library folder: `--library`, else `$GONGWEN_LIBRARY`, else the per-user data
/// folder (`$XDG_DATA_HOME/gongwen/library`, `~/.local/share/gongwen/library`).
pub fn default_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("GONGWEN_LIBRARY").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if cfg!(windows) {
        if let Some(p) = std::env::var_os("APPDATA") {
            return PathBuf::from(p).join("gongwen").join("library");
        }
    }
    if let Some(p) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(p).join("gongwen").join("library");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".local")
        .join("share")
        .join("gongwen")
        .join("library")
}

/// The exclusive writer lock of a library folder, released on drop (or process death).
pub struct WriterLock {
    _file: std::fs::File,
}

/// Take the writer lock; if another process holds it, call `waiting` once and block.
pub fn lock_writer(dir: &Path, waiting: impl FnOnce()) -> Result<WriterLock, Error> {
    std::fs::create_dir_all(dir)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("lock"))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
    }
    Ok(WriterLock { _file: file })
}

/// Open a read handle (search, similar…). The library must exist.
pub fn open_reader(dir: &Path) -> Result<search::Searcher, Error> {
    if !dir.join("library.sqlite").exists() {
        return Err(Error::Format(format!(
            "资料库不存在：{}（先用 gongwen add 添加文件 / library not found）",
            dir.display()
        )));
    }
    let conn = store::open(dir, false)?;
    // Search reads a few dozen rows per query: mapped pages save a read() per page.
    conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
    let (index, fields) = index::open(dir)?;
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?;
    Ok(search::Searcher {
        index,
        reader,
        fields,
        conn,
    })
}

/// What `add` did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct AddReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub failed: Vec<(String, String)>,
    pub documents: usize,
    pub paragraphs: usize,
    pub chars: usize,
    /// Files replayed into the index from an interrupted earlier run.
    pub recovered: usize,
}

/// Progress callbacks for `add`.
pub trait Progress: Sync {
    fn start(&self, _files: usize, _bytes: u64) {}
    fn file_done(&self, _bytes: u64) {}
}

/// No progress display.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Options of `add`.
#[derive(Debug, Clone)]
pub struct AddOptions {
    /// Worker threads for ingest → check (default: available parallelism).
    pub threads: usize,
    /// Commit the index after this many bytes of input (what a crash makes the next
    /// writer replay from SQLite). Memory does not depend on it: tantivy writes a
    /// segment whenever its 128 MB budget fills ([`index::MEMORY_BUDGET`]). A commit
    /// stalls the pipeline for about a second (the segment is finished and synced), so
    /// bulk adds commit rarely.
    pub commit_bytes: u64,
    /// Store files in one SQLite transaction until they reach this many input bytes
    /// (or [`BATCH_FILES`] files): bounded memory, fewer commits.
    pub batch_bytes: u64,
}

impl Default for AddOptions {
    fn default() -> Self {
        AddOptions {
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
            commit_bytes: 512 << 20,
            batch_bytes: 4 << 20,
        }
    }
}

/// Add files (folders are walked recursively) to the library at `dir`.
///
/// Workers run the pipeline in parallel (bounded channel: memory stays flat); this
/// thread is the single writer: one SQLite transaction (one generation) per batch of
/// files ([`AddOptions::batch_bytes`]), then their paragraphs into the index from
/// memory, committed every [`AddOptions::commit_bytes`] with the SQLite generation as
/// payload (see [`index`] for the crash protocol). Band keys are queued in a
/// [`store::BandSorter`] and merged into the `bands` index in key order when the add
/// ends ([`store::finish_bands`]; after a crash, [`store::recover_bands`]).
pub fn add(
    dir: &Path,
    paths: &[String],
    opts: &AddOptions,
    progress: &dyn Progress,
) -> Result<AddReport, Error> {
    let _lock = lock_writer(dir, || {
        eprintln!("gongwen: 另一个进程正在写入资料库，等待中… (waiting for the library lock)")
    })?;
    let mut conn = store::open(dir, true)?;
    // Band keys lost by an interrupted earlier run.
    store::recover_bands(&mut conn, dir)?;
    let mut bands = store::BandSorter::new(dir)?;
    let (idx, fields) = open_index_for_writing(&conn, dir)?;
    let mut writer = index::writer(&idx)?;
    let mut report = AddReport {
        recovered: index::reconcile(&conn, &idx, &mut writer, &fields)?.0,
        ..Default::default()
    };

    // Stored paths are absolute, so re-adding from another folder finds them again.
    let files: Vec<String> = gongwen_core::ingest::expand_paths(paths)?
        .into_iter()
        .map(|p| {
            std::fs::canonicalize(&p)
                .map(|c| c.display().to_string())
                .unwrap_or(p)
        })
        .collect();
    let known = store::file_hashes(&conn)?;
    let total_bytes: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    progress.start(files.len(), total_bytes);

    enum Msg {
        Ready(Box<prepare::PreparedFile>, bool),
        Unchanged(u64),
        Failed(String, String, u64),
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<Msg>(opts.threads.max(1) * 2);
    let threads = opts.threads.max(1);
    let result: Result<u64, Error> = std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (files, known, next, stop) = (&files, &known, &next, &stop);
            scope.spawn(move || loop {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(i) else { break };
                let msg = match std::fs::read(path) {
                    Err(e) => Msg::Failed(path.clone(), e.to_string(), 0),
                    Ok(bytes) => {
                        let n = bytes.len() as u64;
                        let hash = prepare::content_hash(&bytes);
                        let old = known.get(path);
                        if old == Some(&hash) {
                            Msg::Unchanged(n)
                        } else {
                            match prepare::prepare_bytes(path, &bytes, hash) {
                                Ok(f) => Msg::Ready(Box::new(f), old.is_some()),
                                Err(e) => Msg::Failed(path.clone(), e.to_string(), n),
                            }
                        }
                    }
                };
                if tx.send(msg).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut since_commit = 0u64;
        let mut last_g = store::generation(&conn)?;
        let run = (|| -> Result<(), Error> {
            let mut batch: Vec<(Box<prepare::PreparedFile>, bool)> = Vec::new();
            let mut batch_bytes = 0u64;
            let mut msgs = rx.iter();
            loop {
                let msg = msgs.next();
                let end = msg.is_none();
                match msg {
                    None => {}
                    Some(Msg::Unchanged(n)) => {
                        report.unchanged += 1;
                        progress.file_done(n);
                    }
                    Some(Msg::Failed(p, e, n)) => {
                        report.failed.push((p, e));
                        progress.file_done(n);
                    }
                    Some(Msg::Ready(f, replaced)) => {
                        batch_bytes += f.bytes as u64;
                        batch.push((f, replaced));
                    }
                }
                if batch.is_empty()
                    || !(end || batch_bytes >= opts.batch_bytes || batch.len() >= BATCH_FILES)
                {
                    if end {
                        break;
                    }
                    continue;
                }
                // One SQLite transaction (one generation) for the whole batch, then
                // its paragraphs into the index from memory (ids are known now).
                let (tx, g) = store::begin(&mut conn)?;
                let mut stored = Vec::with_capacity(batch.len());
                for (f, _) in &batch {
                    stored.push(store::put_file_in(&tx, g, f, store::Bands::Deferred)?);
                }
                tx.commit()?;
                last_g = g;
                for ((f, replaced), s) in batch.drain(..).zip(stored) {
                    // A replaced file's old rows are gone from SQLite; drop them here too.
                    if let Some(old) = s.replaced {
                        writer.delete_term(tantivy::Term::from_field_u64(fields.file, old as u64));
                    }
                    if replaced || s.replaced.is_some() {
                        report.replaced += 1;
                    } else {
                        report.added += 1;
                    }
                    report.paragraphs += index_prepared(&writer, &fields, &f, &s)?;
                    bands.push_file(&f, &s.paragraphs)?;
                    report.documents += f.documents.len();
                    report.chars += f.documents.iter().map(|d| d.chars).sum::<usize>();
                    since_commit += f.bytes as u64;
                    progress.file_done(f.bytes as u64);
                }
                batch_bytes = 0;
                if since_commit >= opts.commit_bytes {
                    index::commit(&mut writer, g)?;
                    since_commit = 0;
                }
                if end {
                    break;
                }
            }
            Ok(())
        })();
        if run.is_err() {
            stop.store(true, Ordering::Relaxed);
            // Drain so workers blocked on send can finish.
            for _ in rx.iter() {}
        }
        run?;
        Ok(last_g)
    });
    let g = result?.max(store::generation(&conn)?);
    // The index's last segment is written on one core while the band keys are merged
    // into SQLite on the other: the two are independent derived data, each with its
    // own generation mark, so their order does not matter for crash safety.
    let (indexed, merged) = std::thread::scope(|scope| {
        let indexer = scope.spawn(move || -> Result<(), Error> {
            index::commit(&mut writer, g)?;
            writer.wait_merging_threads()?;
            Ok(())
        });
        // The band keys of this run become visible to similar / reuse / duplicates here.
        let merged = store::finish_bands(&mut conn, &mut bands).and_then(|_| {
            // Copy the WAL into the database now, while the index finishes, rather than
            // when the connection closes after it (see [`store::checkpoint`]).
            store::checkpoint(&conn).map(|_| ())
        });
        (indexer.join(), merged)
    });
    merged?;
    indexed.map_err(|_| Error::Format("索引线程异常退出 (index thread panicked)".into()))??;
    Ok(report)
}

/// Files per SQLite transaction at most (see [`AddOptions::batch_bytes`]).
const BATCH_FILES: usize = 256;

/// Index the documents of a file just stored, from memory: the same tantivy documents
/// [`index::replay_file`] builds from SQLite. Returns the paragraphs indexed.
fn index_prepared(
    w: &index::Writer,
    fields: &index::Fields,
    f: &prepare::PreparedFile,
    s: &store::Stored,
) -> Result<usize, Error> {
    let mut n = 0;
    for ((d, doc_id), pids) in f.documents.iter().zip(&s.documents).zip(&s.paragraphs) {
        let years: Vec<u64> = [d.summary_year, d.plan_year]
            .into_iter()
            .flatten()
            .map(|y| y as u64)
            .collect();
        let facts = index::DocFacts {
            file: s.file_id as u64,
            doc: *doc_id as u64,
            years: &years,
            level: d.level.as_deref(),
            kind: &d.kind,
            unit: d.unit.as_deref(),
        };
        let paras = d
            .paragraphs
            .iter()
            .zip(pids)
            .map(|(p, pid)| index::ParaRef {
                para: *pid as u64,
                role: p.role.as_deref(),
                text: &p.text,
            });
        n += index::add_document(w, fields, &facts, paras)?;
    }
    Ok(n)
}

/// Remove files (exact paths, or every file under a folder path). Returns the paths.
pub fn remove(dir: &Path, paths: &[String]) -> Result<Vec<String>, Error> {
    let _lock = lock_writer(dir, || {
        eprintln!("gongwen: 另一个进程正在写入资料库，等待中…")
    })?;
    let mut conn = store::open(dir, true)?;
    store::recover_bands(&mut conn, dir)?;
    // Accept the paths as given and in their absolute/normalised form.
    let mut all: Vec<String> = paths.to_vec();
    for p in paths {
        if let Ok(c) = std::fs::canonicalize(p) {
            all.push(c.display().to_string());
        }
    }
    let removed = store::remove(&mut conn, &all)?;
    let (idx, fields) = open_index_for_writing(&conn, dir)?;
    let mut writer = index::writer(&idx)?;
    index::reconcile(&conn, &idx, &mut writer, &fields)?;
    writer.wait_merging_threads()?;
    Ok(removed)
}

/// Open the index for a writer that holds the lock. An index of an older format (made by
/// an earlier gongwen) is upgraded on the spot: it is derived data, so it is rebuilt from
/// SQLite exactly as `gongwen reindex` does, with a notice on stderr. Readers do not
/// rebuild (they hold no lock); they ask for `gongwen reindex` instead.
fn open_index_for_writing(
    conn: &rusqlite::Connection,
    dir: &Path,
) -> Result<(tantivy::Index, index::Fields), Error> {
    if index::is_stale(dir) {
        eprintln!(
            "gongwen: 索引格式已更新，正在从资料库重建索引… (index format changed: rebuilding it from the library)"
        );
        let (idx, fields) = index::open_for_rebuild(dir)?;
        let mut writer = index::writer(&idx)?;
        index::rebuild(conn, &mut writer, &fields)?;
        writer.wait_merging_threads()?;
    }
    index::open(dir)
}

/// Rebuild the index from SQLite and sweep stale MinHash rows. Returns files indexed.
pub fn reindex(dir: &Path) -> Result<usize, Error> {
    let _lock = lock_writer(dir, || {
        eprintln!("gongwen: 另一个进程正在写入资料库，等待中…")
    })?;
    let mut conn = store::open(dir, true)?;
    store::recover_bands(&mut conn, dir)?;
    store::sweep_bands(&mut conn)?;
    conn.execute("DELETE FROM tombstones", [])?;
    let (idx, fields) = index::open_for_rebuild(dir)?;
    let mut writer = index::writer(&idx)?;
    let n = index::rebuild(&conn, &mut writer, &fields)?;
    writer.wait_merging_threads()?;
    Ok(n)
}

/// List the stored documents.
pub fn list(dir: &Path) -> Result<Vec<store::DocRow>, Error> {
    if !dir.join("library.sqlite").exists() {
        return Ok(vec![]);
    }
    let conn = store::open(dir, false)?;
    store::list(&conn)
}
