//! The `/api/` routes (`DESIGN.md` §4 "HTTP API"), the token check, and JSON errors.
//!
//! `check` / `outline` / `extract` answer exactly the CLI's JSON (both build it with
//! [`gongwen_core::report`]); `?offsets=utf16` adds `u16_start`/`u16_end` beside every
//! span for JavaScript clients. `analyze` is the page's one-call view: the decoded
//! text with its outline, extraction and findings. Every pipeline run is bounded by a
//! semaphore and runs in `spawn_blocking`.

use crate::{offsets, openapi, AppState};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gongwen_core::ingest::{self, IngestOptions};
use gongwen_core::{check, extract, outline, report};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Extensions accepted for uploads (`txt, docx, html, pdf` and their kin). A file
/// without an extension is sniffed.
pub const UPLOAD_EXTENSIONS: &[&str] = &["txt", "md", "text", "docx", "html", "htm", "pdf"];

/// A JSON error `{"error": "…"}` with its status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }
    fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

impl From<gongwen_core::Error> for ApiError {
    fn from(e: gongwen_core::Error) -> Self {
        use gongwen_core::Error as E;
        let status = match &e {
            E::Empty { .. } => StatusCode::BAD_REQUEST,
            E::TooLarge { .. } | E::Limit { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            E::Binary { .. } | E::Unsupported { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            E::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError::new(status, e.to_string())
    }
}

/// All `/api/` routes.
pub fn routes(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi_json))
        .route("/api/check", post(check_handler))
        .route("/api/outline", post(outline_handler))
        .route("/api/extract", post(extract_handler))
        .route("/api/analyze", post(analyze_handler))
        .route("/api/docx", post(docx_handler))
        .route("/api/rules", get(rules))
        .route("/api/rules/{id}", get(rule))
        .route("/api/search", get(search))
        .route("/api/similar", post(similar))
        .route("/api/reuse", post(reuse))
        .route("/api/documents", get(documents).post(upload))
        .route("/api/documents/{id}", get(document))
        .route("/api/ledger", get(ledger))
        .with_state(state)
}

/// 404 as JSON for unknown API paths, plain for the rest.
pub async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError::new(StatusCode::NOT_FOUND, "没有这个接口 (no such endpoint)").into_response()
    } else {
        (StatusCode::NOT_FOUND, "404 未找到").into_response()
    }
}

/// With a token configured, every `/api/` request must carry
/// `Authorization: Bearer <token>`; the page and its assets stay public (they hold no
/// data), so the page can ask for the token.
pub async fn require_token(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    if let Some(token) = &state.config.token {
        if req.uri().path().starts_with("/api/") {
            let given = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            if !constant_time_eq(given.as_bytes(), token.as_bytes()) {
                let mut r = ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "需要访问令牌：请在请求头中提供 Authorization: Bearer <token> (missing or wrong token)",
                )
                .into_response();
                r.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    header::HeaderValue::from_static("Bearer"),
                );
                return r;
            }
        }
    }
    next.run(req).await
}

/// Compare without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for (i, &x) in b.iter().enumerate() {
        diff |= (x ^ a.get(i).copied().unwrap_or(0)) as usize;
    }
    diff == 0
}

async fn health(State(state): State<Arc<AppState>>) -> Json<Value> {
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "library": state
            .library
            .as_ref()
            .filter(|l| l.exists())
            .map(|l| l.dir.display().to_string()),
        "auth": state.config.token.is_some(),
    }))
}

async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi::OPENAPI_JSON,
    )
        .into_response()
}

/// Query options of the document endpoints.
#[derive(Debug, Deserialize, Default)]
pub struct DocQuery {
    /// `utf16` adds `u16_start`/`u16_end` beside every span.
    pub offsets: Option<String>,
    /// Display name of a `text/plain` body (decides nothing but the `path` shown).
    pub name: Option<String>,
}

/// The uploaded document: a display name (never a filesystem path) and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: Bytes,
}

/// Keep only the last path component, no control characters, at most 120 chars. The
/// name is shown back to the user and decides the format by its extension; it is
/// never used to write anything.
pub fn sanitize_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        "-".into()
    } else {
        clean
    }
}

/// Read the document from a `text/plain` body or from the multipart field `file`.
async fn read_upload(req: Request, name: Option<&str>) -> Result<Upload, ApiError> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ctype.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &())
            .await
            .map_err(|e| ApiError::new(e.status(), format!("表单无法解析：{}", e.body_text())))?;
        loop {
            let field = mp.next_field().await.map_err(multipart_error)?;
            let Some(field) = field else {
                return Err(ApiError::bad_request(
                    "表单中没有名为 file 的文件字段 (multipart field `file` missing)",
                ));
            };
            if field.name() != Some("file") {
                continue;
            }
            let name = sanitize_name(field.file_name().unwrap_or("-"));
            check_extension(&name)?;
            let bytes = field.bytes().await.map_err(multipart_error)?;
            return Ok(Upload { name, bytes });
        }
    }
    let bytes = axum::body::to_bytes(req.into_body(), usize::MAX)
        .await
        .map_err(body_error)?;
    let name = name.map(sanitize_name).unwrap_or_else(|| "-".into());
    check_extension(&name)?;
    Ok(Upload { name, bytes })
}

/// True when a body error comes from the size limit (somewhere in its source chain).
fn is_length_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() || s.to_string().contains("length limit") {
            return true;
        }
        source = s.source();
    }
    false
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "请求体过大 (request body too large)",
    )
}

fn body_error(e: axum::Error) -> ApiError {
    if is_length_limit(&e) {
        too_large()
    } else {
        ApiError::bad_request(format!("无法读取请求体：{e}"))
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE || is_length_limit(&e) {
        return too_large();
    }
    ApiError::new(e.status(), format!("上传失败：{}", e.body_text()))
}

fn check_extension(name: &str) -> Result<(), ApiError> {
    let ext = std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext {
        None => Ok(()),
        Some(e) if UPLOAD_EXTENSIONS.contains(&e.as_str()) => Ok(()),
        Some(e) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("不支持的文件类型 .{e}：请上传 txt、docx、html 或 pdf (unsupported file type)"),
        )),
    }
}

/// What to compute from a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Check,
    Outline,
    Extract,
    /// Everything the page shows, with the text and UTF-16 offsets.
    Analyze,
}

/// Run the core pipeline on one document (blocking; call through [`run_blocking`]).
pub fn run_job(job: Job, name: &str, bytes: &[u8], utf16: bool) -> Result<Value, ApiError> {
    let input = ingest::from_bytes(name, bytes, &IngestOptions::default())?;
    let outlined = outline::outline(&input);
    let path = outlined.outline.path.as_str();
    let mut value = match job {
        Job::Outline => report::outline_json(&[&outlined.outline]),
        Job::Extract => {
            let ex = extract::extract(&outlined);
            report::extract_json(&[report::ExtractedFile {
                path,
                documents: &ex,
            }])
        }
        Job::Check => {
            let ex = extract::extract(&outlined);
            let findings = check::check(&outlined, &ex, &check::Settings::default());
            report::check_json(&[report::CheckedFile {
                path,
                findings: &findings,
            }])
        }
        Job::Analyze => {
            let ex = extract::extract(&outlined);
            let findings = check::check(&outlined, &ex, &check::Settings::default());
            let checked = report::check_json(&[report::CheckedFile {
                path,
                findings: &findings,
            }]);
            json!({
                "path": path,
                "format": input.format,
                "encoding": input.encoding,
                "text": input.text,
                "warnings": input.warnings,
                "outline": outlined.outline,
                "documents": ex,
                "findings": findings,
                "summary": checked["summary"],
            })
        }
    };
    if utf16 || job == Job::Analyze {
        offsets::add_utf16_offsets(&mut value, &input.text);
    }
    Ok(value)
}

/// Run `f` on the blocking pool, at most `max_blocking` at once.
pub async fn run_blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = state.blocking.clone().acquire_owned().await.map_err(|_| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "服务正在关闭 (shutting down)",
        )
    })?;
    let result = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f()
    })
    .await;
    match result {
        Ok(r) => r,
        Err(_) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "处理该文档时内部出错 (internal error)",
        )),
    }
}

async fn document_job(
    state: Arc<AppState>,
    job: Job,
    q: DocQuery,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    let up = read_upload(req, q.name.as_deref()).await?;
    let utf16 = q.offsets.as_deref() == Some("utf16");
    let value = run_blocking(&state, move || run_job(job, &up.name, &up.bytes, utf16)).await?;
    Ok(Json(value))
}

async fn check_handler(
    State(s): State<Arc<AppState>>,
    Query(q): Query<DocQuery>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    document_job(s, Job::Check, q, req).await
}

async fn outline_handler(
    State(s): State<Arc<AppState>>,
    Query(q): Query<DocQuery>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    document_job(s, Job::Outline, q, req).await
}

async fn extract_handler(
    State(s): State<Arc<AppState>>,
    Query(q): Query<DocQuery>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    document_job(s, Job::Extract, q, req).await
}

async fn analyze_handler(
    State(s): State<Arc<AppState>>,
    Query(q): Query<DocQuery>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    document_job(s, Job::Analyze, q, req).await
}

/// `text/plain` body → the same text as a .docx download.
async fn docx_handler(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let _ = headers;
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::bad_request("正文必须是 UTF-8 文本 (body must be UTF-8)"))?;
    let bytes = run_blocking(&state, move || {
        crate::docx::write_docx(&text).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("生成 docx 失败：{e}"),
            )
        })
    })
    .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"fixed.docx\"",
            ),
        ],
        Body::from(bytes),
    )
        .into_response())
}

fn rule_json(r: &check::RuleMeta, with_doc: bool) -> Value {
    let mut v = json!({
        "code": r.code,
        "name": r.name,
        "family": r.family.label(),
        "severity": r.severity.as_str(),
        "status": r.status.as_str(),
        "fix": r.fix.label(),
    });
    if with_doc {
        v["doc"] = check::rule_markdown(r).into();
    }
    v
}

/// `{"rules":[{code,name,family,severity,status,fix}]}`.
async fn rules() -> Json<Value> {
    let list: Vec<Value> = check::RULES.iter().map(|r| rule_json(r, false)).collect();
    Json(json!({ "rules": list }))
}

/// One rule with its documentation (the same text as `gongwen rules ID`).
async fn rule(
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<Value>, ApiError> {
    check::find_rule(&id)
        .map(|r| Json(rule_json(r, true)))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("没有规则 {id} (no such rule)"),
            )
        })
}

/// The open library, or a JSON 404 when the server was started without one.
fn library(state: &AppState) -> Result<Arc<crate::library::Library>, ApiError> {
    state.library.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "未打开素材库：启动服务时请用 --library 目录 (no library)",
        )
    })
}

/// Query of `/api/search`.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    pub q: String,
    pub limit: Option<usize>,
}

async fn search(
    State(state): State<Arc<AppState>>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Value>, ApiError> {
    let lib = library(&state)?;
    let limit = q.limit.unwrap_or(20).clamp(1, 1000);
    let v = run_blocking(&state, move || lib.search(&q.q, limit)).await?;
    Ok(Json(v))
}

/// Query of `/api/similar` and `/api/reuse`.
#[derive(Debug, Deserialize)]
pub struct SimilarQuery {
    pub threshold: Option<f64>,
    pub limit: Option<usize>,
    pub name: Option<String>,
}

async fn similar(
    State(state): State<Arc<AppState>>,
    Query(q): Query<SimilarQuery>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    let lib = library(&state)?;
    let up = read_upload(req, q.name.as_deref()).await?;
    let threshold = q.threshold.unwrap_or(0.6).clamp(0.0, 1.0);
    let limit = q.limit.unwrap_or(50).clamp(1, 1000);
    let v = run_blocking(&state, move || {
        lib.similar(&up.name, &up.bytes, threshold, limit)
    })
    .await?;
    Ok(Json(v))
}

async fn reuse(
    State(state): State<Arc<AppState>>,
    Query(q): Query<SimilarQuery>,
    req: Request,
) -> Result<Json<Value>, ApiError> {
    let lib = library(&state)?;
    let up = read_upload(req, q.name.as_deref()).await?;
    let threshold = q.threshold.unwrap_or(0.8).clamp(0.0, 1.0);
    let v = run_blocking(&state, move || lib.reuse(&up.name, &up.bytes, threshold)).await?;
    Ok(Json(v))
}

async fn documents(State(state): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    let lib = library(&state)?;
    Ok(Json(run_blocking(&state, move || lib.documents()).await?))
}

async fn document(
    State(state): State<Arc<AppState>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<Value>, ApiError> {
    let lib = library(&state)?;
    Ok(Json(run_blocking(&state, move || lib.document(&id)).await?))
}

async fn upload(State(state): State<Arc<AppState>>, req: Request) -> Result<Json<Value>, ApiError> {
    let lib = library(&state)?;
    let up = read_upload(req, None).await?;
    Ok(Json(
        run_blocking(&state, move || lib.upload(&up.name, &up.bytes)).await?,
    ))
}

/// Query of `GET /api/ledger`.
#[derive(Debug, Deserialize)]
pub struct LedgerQuery {
    pub plan_year: Option<i32>,
    /// done missed progress not-reported unknown (or 已完成 …).
    pub status: Option<String>,
    /// Matched after normalising unit names (浙江 = 浙江省 = 浙江省人民政府).
    pub unit: Option<String>,
    pub level: Option<String>,
    /// `json` (default) or `xlsx`.
    pub format: Option<String>,
}

/// The ledger over the open library, as JSON (`{"items":[…],"warnings":[…]}`) or as the
/// XLSX workbook (`?format=xlsx`), with the statuses and notes imported into the library.
async fn ledger(
    State(state): State<Arc<AppState>>,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, ApiError> {
    use gongwen_ledger::{export, source, units, Status};
    let lib = library(&state)?;
    let dir = lib.dir.clone();
    let xlsx = match q.format.as_deref() {
        None | Some("json") => false,
        Some("xlsx") => true,
        Some(f) => {
            return Err(ApiError::bad_request(format!(
                "未知格式“{f}”，可用：json xlsx (unknown format)"
            )))
        }
    };
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            ApiError::bad_request(format!(
                "未知状态“{s}”，可用：done missed progress not-reported unknown (unknown status)"
            ))
        })?),
    };
    let plan_year = q.plan_year;
    let (unit, level) = (q.unit.clone(), q.level.clone());
    let body = run_blocking(&state, move || {
        let (mut items, warnings) = source::from_library(&dir, plan_year).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("台账生成失败：{e}"),
            )
        })?;
        items.retain(|it| {
            status.is_none_or(|s| it.effective_status() == s)
                && level
                    .as_deref()
                    .is_none_or(|l| it.level.as_deref() == Some(l))
                && unit.as_deref().is_none_or(|u| {
                    units::match_keys(&units::normalize(u), &it.unit_key) > 0 || it.unit.contains(u)
                })
        });
        if xlsx {
            let title = match plan_year {
                Some(y) => format!("{y}年度工作任务落实情况台账"),
                None => "工作任务落实情况台账".to_string(),
            };
            export::xlsx_bytes(&items, &title)
                .map(|b| (true, b))
                .map_err(|e| {
                    ApiError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("生成工作簿失败：{e}"),
                    )
                })
        } else {
            let mut v = export::json_value(&items);
            v["warnings"] = json!(warnings);
            serde_json::to_vec(&v)
                .map(|b| (false, b))
                .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
        }
    })
    .await?;
    let (is_xlsx, bytes) = body;
    let (ctype, disp) = if is_xlsx {
        (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment; filename=\"ledger.xlsx\"",
        )
    } else {
        ("application/json", "inline")
    };
    Ok((
        [
            (header::CONTENT_TYPE, ctype),
            (header::CONTENT_DISPOSITION, disp),
        ],
        Body::from(bytes),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_file_names_lose_their_directories() {
        assert_eq!(sanitize_name("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitize_name("C:\\报告\\..\\区审计局总结.docx"),
            "区审计局总结.docx"
        );
        assert_eq!(sanitize_name("..\u{0}.bashrc"), "bashrc");
        assert_eq!(sanitize_name("/"), "-");
    }

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"abcdefghijkl", b"abcdefghijkl"));
        assert!(!constant_time_eq(b"abcdefghijk", b"abcdefghijkl"));
        assert!(!constant_time_eq(b"", b"abcdefghijkl"));
        assert!(!constant_time_eq(b"abcdefghijkm", b"abcdefghijkl"));
    }
}
