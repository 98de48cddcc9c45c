//! Where the ledger's documents and manual statuses come from, shared by the CLI and
//! the HTTP server.
//!
//! Documents: files or folders read through ingest → outline → extract, or the files a
//! library holds, read again from disk (the library keeps paragraphs, not whole texts;
//! a file no longer on disk is skipped with a warning).
//!
//! Manual statuses and notes typed into a workbook live in a [`Store`]: a JSON file, or
//! the table `ledger_manual` (key, status, note, text, updated_at) of a library's
//! `library.sqlite`, keyed by the stable commitment key.

use crate::export::{self, ManualStore};
use crate::{reconcile, views_of, DocView, LedgerItem, Options, Status};
use gongwen_core::ingest::{self, IngestOptions};
use gongwen_core::{extract, outline};
use std::path::{Path, PathBuf};

/// Errors of reading sources and stores (messages in Chinese with the English gist).
pub type SourceError = Box<dyn std::error::Error + Send + Sync>;

/// Documents read for the ledger, and what went wrong on the way (for the user).
#[derive(Default)]
pub struct Loaded {
    pub views: Vec<DocView>,
    /// Inputs that could not be read, and library files no longer on disk.
    pub warnings: Vec<String>,
    /// True when some input could not be read (the CLI exits 2).
    pub failed: bool,
}

/// Where the imported statuses and notes live.
pub enum Store {
    Json(PathBuf),
    Library(PathBuf),
}

const MANUAL_TABLE: &str = "CREATE TABLE IF NOT EXISTS ledger_manual(
  key TEXT PRIMARY KEY,
  status TEXT,
  note TEXT,
  text TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
)";

impl Store {
    /// A human description of where the store is.
    pub fn describe(&self) -> String {
        match self {
            Store::Json(p) => p.display().to_string(),
            Store::Library(d) => format!("{}（library.sqlite 表 ledger_manual）", d.display()),
        }
    }

    /// Read the stored statuses and notes (an absent store is empty).
    pub fn load(&self) -> Result<ManualStore, SourceError> {
        match self {
            Store::Json(p) => Ok(ManualStore::load(p)?),
            Store::Library(dir) => {
                let conn = gongwen_library::store::open(dir, false)?;
                conn.execute_batch(MANUAL_TABLE)?;
                let mut st = conn.prepare("SELECT key, status, note, text FROM ledger_manual")?;
                let rows = st.query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })?;
                let mut store = ManualStore::default();
                for row in rows {
                    let (key, status, note, text) = row?;
                    store.entries.insert(
                        key,
                        export::ManualEntry {
                            status: status.as_deref().and_then(Status::parse),
                            note,
                            text,
                        },
                    );
                }
                Ok(store)
            }
        }
    }

    /// Replace the stored statuses and notes with `store` (which was loaded from it and
    /// merged, so nothing is lost); in the library, in one transaction.
    pub fn save(&self, store: &ManualStore) -> Result<(), SourceError> {
        match self {
            Store::Json(p) => Ok(store.save(p)?),
            Store::Library(dir) => {
                let mut conn = gongwen_library::store::open(dir, true)?;
                conn.execute_batch(MANUAL_TABLE)?;
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0);
                let tx = conn.transaction()?;
                tx.execute("DELETE FROM ledger_manual", [])?;
                for (k, e) in &store.entries {
                    tx.execute(
                        "INSERT INTO ledger_manual(key, status, note, text, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        (k, e.status.map(|s| s.as_str()), e.note.as_deref(), e.text.as_str(), now),
                    )?;
                }
                tx.commit()?;
                Ok(())
            }
        }
    }
}

/// The files a library holds, split into those still on disk and those gone.
pub fn library_paths(dir: &Path) -> Result<(Vec<String>, Vec<String>), SourceError> {
    if !dir.join("library.sqlite").exists() {
        return Err(format!(
            "资料库 {} 不存在：请先 gongwen add，或直接给出文件/文件夹 (no library; give PATH...)",
            dir.display()
        )
        .into());
    }
    let mut paths: Vec<String> = gongwen_library::list(dir)?
        .into_iter()
        .map(|d| d.path)
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths.into_iter().partition(|p| Path::new(p).exists()))
}

/// Read every path (files or folders; `-` is stdin) into ledger views.
pub fn load_views(paths: &[String], text_column: Option<String>) -> Result<Loaded, SourceError> {
    let opts = IngestOptions {
        text_column,
        ..Default::default()
    };
    let mut loaded = Loaded::default();
    for p in ingest::expand_paths(paths)? {
        let r = if p == "-" {
            ingest::read_stdin(&opts)
        } else {
            ingest::read_file(Path::new(&p), &opts)
        };
        match r {
            Ok(input) => {
                let o = outline::outline(&input);
                let ex = extract::extract(&o);
                loaded.views.extend(views_of(&input, &o, &ex));
            }
            Err(e) => {
                loaded.warnings.push(format!("错误：{e}"));
                loaded.failed = true;
            }
        }
    }
    Ok(loaded)
}

/// The ledger over a library: its files reconciled, with the statuses and notes people
/// imported into it applied. Returns the items and the warnings for the user.
pub fn from_library(
    dir: &Path,
    plan_year: Option<i32>,
) -> Result<(Vec<LedgerItem>, Vec<String>), SourceError> {
    let (here, gone) = library_paths(dir)?;
    let mut loaded = load_views(&here, None)?;
    for g in gone {
        loaded
            .warnings
            .push(format!("警告：库中文件已不在磁盘上，跳过：{g}"));
    }
    let mut items = reconcile(&loaded.views, &loaded.views, &Options { plan_year });
    Store::Library(dir.to_path_buf()).load()?.apply(&mut items);
    Ok((items, loaded.warnings))
}
