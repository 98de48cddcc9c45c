//! # gongwen-server
//!
//! `gongwen serve`: the HTTP API of `DESIGN.md` §4 and an embedded web page in Chinese
//! (检查 / 检索 / 台账) over the same core stages as the CLI. This is the only async
//! code of the workspace; every pipeline run happens in `spawn_blocking`, never on the
//! async worker threads.
//!
//! ```no_run
//! # async fn run() -> Result<(), gongwen_server::ServeError> {
//! let config = gongwen_server::Config::default(); // 127.0.0.1:8080, no token
//! gongwen_server::serve(config).await
//! # }
//! ```
//!
//! **Architecture invariants.**
//! - Loopback by default. Binding any other address needs a bearer token
//!   ([`check_bind`]); with a token every `/api/` call must carry it.
//! - Nothing a client sends is ever written to disk under a name it chose.
//! - Document text reaches the page only as JSON data and is inserted with
//!   `textContent`; the Content-Security-Policy allows no inline script at all.
//! - Bounded work: body size (413), wall time per request (408/503), requests in
//!   flight, and blocking pipeline runs at once.

pub mod api;
pub mod docx;
pub mod library;
pub mod offsets;
pub mod openapi;
pub mod web;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The Content-Security-Policy sent with every response: only our own scripts, styles
/// and API; no inline script, no framing, no plugins.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'";

/// Server settings. [`Config::default`] is what `gongwen serve` uses without options.
#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    /// Bearer token required on every `/api/` call when set.
    pub token: Option<String>,
    /// The material library folder, if one is open.
    pub library: Option<PathBuf>,
    /// Largest request body (uploads included); larger is 413.
    pub max_body: usize,
    /// Wall-clock limit of one request.
    pub timeout: Duration,
    /// Requests being served at once (more wait in line, within `timeout`).
    pub max_in_flight: usize,
    /// Pipeline runs (ingest → check) at once on the blocking pool.
    pub max_blocking: usize,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            library: None,
            max_body: 32 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            max_in_flight: 256,
            max_blocking: cores * 2,
        }
    }
}

/// Why the server did not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Refused(String),
    #[error("无法监听 {addr}：{source} (cannot bind)")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("服务出错：{0} (server error)")]
    Io(#[from] std::io::Error),
}

/// Refuse to listen on a non-loopback address without a token, and refuse a token
/// too short to be a secret.
pub fn check_bind(addr: &SocketAddr, token: Option<&str>) -> Result<(), ServeError> {
    if let Some(t) = token {
        if t.chars().count() < 12 {
            return Err(ServeError::Refused(
                "--token 太短：请使用至少 12 个字符的随机字符串 (token must be at least 12 characters)"
                    .into(),
            ));
        }
    }
    if !addr.ip().is_loopback() && token.is_none() {
        return Err(ServeError::Refused(format!(
            "拒绝在 {addr} 上启动：该地址可被本机以外访问，必须同时给出 --token（每个 API 请求都要带 \
             Authorization: Bearer <token>）；只在本机使用时请用默认的 127.0.0.1 \
             (refusing to bind a non-loopback address without --token)"
        )));
    }
    Ok(())
}

/// What every handler can reach.
#[derive(Debug)]
pub struct AppState {
    pub config: Config,
    /// Permits for pipeline runs on the blocking pool.
    pub blocking: Arc<Semaphore>,
    /// The material library, when `--library` (or the default folder) is set.
    pub library: Option<Arc<library::Library>>,
}

/// The whole application: API, web page, and the safety layers.
pub fn router(config: Config) -> Router {
    let state = Arc::new(AppState {
        blocking: Arc::new(Semaphore::new(config.max_blocking.max(1))),
        library: config
            .library
            .clone()
            .map(|d| Arc::new(library::Library::new(d))),
        config: config.clone(),
    });
    let api = api::routes(state.clone());
    Router::new()
        .merge(api)
        .merge(web::routes())
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::require_token,
        ))
        // Body limit: axum's extractors and tower-http's layer both answer 413.
        .layer(DefaultBodyLimit::max(config.max_body))
        .layer(RequestBodyLimitLayer::new(config.max_body))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.timeout,
        ))
        .layer(GlobalConcurrencyLimitLayer::new(
            config.max_in_flight.max(1),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Check the address, bind, and serve until Ctrl-C.
pub async fn serve(config: Config) -> Result<(), ServeError> {
    let listener = bind(&config).await?;
    serve_on(listener, config, shutdown_signal()).await
}

/// Check the address and bind the listener (so a caller can learn the real port).
pub async fn bind(config: &Config) -> Result<tokio::net::TcpListener, ServeError> {
    check_bind(&config.addr, config.token.as_deref())?;
    tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })
}

/// Serve on a bound listener until `shutdown` resolves.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let app = router(config);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_needs_no_token_other_addresses_do() {
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let v6: SocketAddr = "[::1]:8080".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let lan: SocketAddr = "192.168.1.20:8080".parse().unwrap();
        assert!(check_bind(&local, None).is_ok());
        assert!(check_bind(&v6, None).is_ok());
        let err = check_bind(&any, None).unwrap_err().to_string();
        assert!(err.contains("--token"), "{err}");
        assert!(err.contains("0.0.0.0:8080"), "{err}");
        assert!(check_bind(&lan, None).is_err());
        assert!(check_bind(&any, Some("s3cret-token-abcdef")).is_ok());
        assert!(check_bind(&any, Some("short")).is_err());
    }
}
