//! The material library behind `/api/search`, `/api/similar`, `/api/reuse` and
//! `/api/documents` (crate `gongwen-library`). Read handles (SQLite connection +
//! tantivy reader) are pooled and reloaded before each use, so uploads show up at once.
//! Uploads are stored as `<library>/uploads/<content hash>.<ext>`: the name is chosen
//! here, never by the client.

use crate::api::ApiError;
use axum::http::StatusCode;
use gongwen_library::search::Searcher;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Most idle read handles kept.
const POOL: usize = 8;

/// One library folder and its pooled read handles.
pub struct Library {
    pub dir: PathBuf,
    pool: Mutex<Vec<Searcher>>,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("dir", &self.dir).finish()
    }
}

fn lib_error(e: gongwen_library::Error) -> ApiError {
    match e {
        gongwen_library::Error::Query(m) => {
            ApiError::new(StatusCode::BAD_REQUEST, format!("查询有误：{m}"))
        }
        gongwen_library::Error::Format(m) if m.contains("不存在") => {
            ApiError::new(StatusCode::NOT_FOUND, m)
        }
        gongwen_library::Error::Core(e) => e.into(),
        other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
    }
}

impl Library {
    pub fn new(dir: PathBuf) -> Self {
        Library {
            dir,
            pool: Mutex::new(Vec::new()),
        }
    }

    /// True when the folder holds a library.
    pub fn exists(&self) -> bool {
        self.dir.join("library.sqlite").exists()
    }

    /// Run `f` with a read handle (blocking).
    pub fn with<T>(&self, f: impl FnOnce(&Searcher) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let s = match pooled {
            Some(s) => s,
            None => gongwen_library::open_reader(&self.dir).map_err(lib_error)?,
        };
        s.reader
            .reload()
            .map_err(|e| lib_error(gongwen_library::Error::Index(e)))?;
        let out = f(&s);
        if let Ok(mut p) = self.pool.lock() {
            if p.len() < POOL {
                p.push(s);
            }
        }
        out
    }

    /// `GET /api/search`: the CLI's search JSON.
    pub fn search(&self, q: &str, limit: usize) -> Result<Value, ApiError> {
        let query = gongwen_library::query::parse(q)
            .map_err(|m| ApiError::new(StatusCode::BAD_REQUEST, format!("查询有误：{m}")))?;
        if query.must.is_empty() && !query.filters_only() {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "查询为空：至少需要一个词语或过滤条件 (empty query)",
            ));
        }
        self.with(|s| {
            let res = s.search(&query, limit).map_err(lib_error)?;
            serde_json::to_value(res)
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
        })
    }

    /// `POST /api/similar`: passages of the document similar to library passages.
    pub fn similar(
        &self,
        name: &str,
        bytes: &[u8],
        threshold: f64,
        limit: usize,
    ) -> Result<Value, ApiError> {
        let f = gongwen_library::prepare::prepare_bytes(
            name,
            bytes,
            gongwen_library::prepare::content_hash(bytes),
        )?;
        self.with(|s| {
            let t0 = std::time::Instant::now();
            let mut matches =
                gongwen_library::similar::similar(&s.conn, &f, threshold).map_err(lib_error)?;
            let total = matches.len();
            matches.truncate(limit);
            Ok(json!({
                "total": total,
                "took_ms": t0.elapsed().as_secs_f64() * 1000.0,
                "threshold": threshold,
                "matches": matches,
            }))
        })
    }

    /// `POST /api/reuse`: which passages of the document exist elsewhere.
    pub fn reuse(&self, name: &str, bytes: &[u8], threshold: f64) -> Result<Value, ApiError> {
        let f = gongwen_library::prepare::prepare_bytes(
            name,
            bytes,
            gongwen_library::prepare::content_hash(bytes),
        )?;
        self.with(|s| {
            let r = gongwen_library::similar::reuse(&s.conn, &f, threshold).map_err(lib_error)?;
            serde_json::to_value(r)
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
        })
    }

    /// `GET /api/documents`: `{"total","documents":[…]}` as `gongwen list --format json`.
    pub fn documents(&self) -> Result<Value, ApiError> {
        self.with(|s| {
            let rows = gongwen_library::store::list(&s.conn).map_err(lib_error)?;
            Ok(json!({ "total": rows.len(), "documents": rows }))
        })
    }

    /// `GET /api/documents/{id}`: metadata and paragraphs (with their file lines).
    pub fn document(&self, doc_id: &str) -> Result<Value, ApiError> {
        self.with(|s| {
            let sql_err = |e: rusqlite::Error| lib_error(gongwen_library::Error::Sqlite(e));
            let mut st = s
                .conn
                .prepare(
                    "SELECT d.id, f.path, d.title, d.unit, d.level, d.kind, d.summary_year, d.plan_year, d.line, d.end_line
                     FROM documents d JOIN files f ON f.id = d.file_id WHERE d.doc_key = ?1",
                )
                .map_err(sql_err)?;
            let mut rows = st.query([doc_id]).map_err(sql_err)?;
            let Some(r) = rows.next().map_err(sql_err)? else {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "素材库中没有这篇文档 (no such document)",
                ));
            };
            let id: i64 = r.get(0).map_err(sql_err)?;
            let mut doc = json!({
                "doc_id": doc_id,
                "path": r.get::<_, String>(1).map_err(sql_err)?,
                "title": r.get::<_, String>(2).map_err(sql_err)?,
                "unit": r.get::<_, Option<String>>(3).map_err(sql_err)?,
                "level": r.get::<_, Option<String>>(4).map_err(sql_err)?,
                "kind": r.get::<_, String>(5).map_err(sql_err)?,
                "summary_year": r.get::<_, Option<i64>>(6).map_err(sql_err)?,
                "plan_year": r.get::<_, Option<i64>>(7).map_err(sql_err)?,
                "line": r.get::<_, i64>(8).map_err(sql_err)?,
                "end_line": r.get::<_, i64>(9).map_err(sql_err)?,
            });
            let mut st = s
                .conn
                .prepare("SELECT line, role, text FROM paragraphs WHERE document_id = ?1 ORDER BY line")
                .map_err(sql_err)?;
            let paras: Vec<Value> = st
                .query_map([id], |r| {
                    Ok(json!({
                        "line": r.get::<_, i64>(0)?,
                        "role": r.get::<_, Option<String>>(1)?,
                        "text": r.get::<_, String>(2)?,
                    }))
                })
                .map_err(sql_err)?
                .collect::<Result<_, _>>()
                .map_err(sql_err)?;
            doc["paragraphs"] = Value::Array(paras);
            Ok(doc)
        })
    }

    /// `POST /api/documents`: store the upload under a server-chosen name and add it.
    pub fn upload(&self, name: &str, bytes: &[u8]) -> Result<Value, ApiError> {
        let ext = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .filter(|e| crate::api::UPLOAD_EXTENSIONS.contains(&e.as_str()))
            .unwrap_or_else(|| {
                match gongwen_core::ingest::sniff(bytes) {
                    gongwen_core::Format::Docx => "docx",
                    gongwen_core::Format::Pdf => "pdf",
                    gongwen_core::Format::Html => "html",
                    _ => "txt",
                }
                .to_string()
            });
        // Refuse what ingest cannot read before anything touches the disk.
        gongwen_core::ingest::from_bytes(&format!("upload.{ext}"), bytes, &Default::default())?;
        let dir = self.dir.join("uploads");
        let io = |e: std::io::Error| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法保存上传的文件：{e}"),
            )
        };
        std::fs::create_dir_all(&dir).map_err(io)?;
        let hash = gongwen_library::prepare::content_hash(bytes);
        let path = dir.join(format!("{hash}.{ext}"));
        let tmp = dir.join(format!(".{hash}.{ext}.part"));
        std::fs::write(&tmp, bytes).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        let report = gongwen_library::add(
            &self.dir,
            &[path.to_string_lossy().into_owned()],
            &gongwen_library::AddOptions {
                threads: 1,
                ..Default::default()
            },
            &gongwen_library::NoProgress,
        )
        .map_err(lib_error)?;
        Ok(json!({ "name": name, "stored_as": path.to_string_lossy(), "report": report }))
    }
}
