//! `gongwen serve`: the HTTP API and the web page (crate `gongwen-server`).

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Material library folder (default: $GONGWEN_LIBRARY, else the per-user folder).
    #[arg(long)]
    pub library: Option<PathBuf>,
    /// Address to listen on. Anything but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token required on every API call (at least 12 characters).
    #[arg(long, env = "GONGWEN_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest request body in MiB (uploads included).
    #[arg(long, default_value_t = 32)]
    pub max_body_mib: usize,
    /// Wall-clock limit of one request, in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout_secs: u64,
}

pub fn run(args: &ServeArgs) -> anyhow::Result<u8> {
    let config = gongwen_server::Config {
        addr: args.addr,
        token: args.token.clone(),
        library: Some(gongwen_library::default_dir(args.library.as_deref())),
        max_body: args.max_body_mib.saturating_mul(1024 * 1024),
        timeout: std::time::Duration::from_secs(args.timeout_secs.max(1)),
        ..Default::default()
    };
    // Refuse before starting any runtime, with the reason on stderr (exit 2).
    gongwen_server::check_bind(&config.addr, config.token.as_deref())?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = gongwen_server::bind(&config).await?;
        let local = listener.local_addr()?;
        let host = if local.ip().is_unspecified() {
            format!("127.0.0.1:{}", local.port())
        } else {
            local.to_string()
        };
        eprintln!("gongwen：服务已启动 http://{host}/ （按 Ctrl-C 停止）");
        if config.token.is_some() {
            eprintln!("gongwen：已启用令牌；在浏览器中打开 http://{host}/#token=<令牌> 即可免输入");
        }
        gongwen_server::serve_on(listener, config, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok::<u8, anyhow::Error>(0)
    })
}
