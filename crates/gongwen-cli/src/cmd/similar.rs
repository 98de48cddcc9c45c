//! `gongwen similar PATH | --text T`: library passages similar to those of the input
//! (MinHash/LSH candidates verified by exact Jaccard similarity).

use crate::cmd::LibraryArg;
use std::io::Write;

#[derive(clap::Args, Debug)]
pub struct SimilarArgs {
    /// A file to compare (or use --text).
    pub path: Option<String>,
    /// A passage typed on the command line.
    #[arg(long)]
    pub text: Option<String>,
    #[command(flatten)]
    pub library: LibraryArg,
    /// Minimum Jaccard similarity of normalised 5-character shingles.
    #[arg(long, default_value_t = 0.6)]
    pub threshold: f64,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::Format,
}

/// Prepare a file (canonical path) or a typed text.
pub fn load(
    path: Option<&str>,
    text: Option<&str>,
) -> anyhow::Result<gongwen_library::prepare::PreparedFile> {
    match (path, text) {
        (_, Some(t)) => {
            let bytes = t.as_bytes();
            Ok(gongwen_library::prepare::prepare_bytes(
                "<text>",
                bytes,
                gongwen_library::prepare::content_hash(bytes),
            )?)
        }
        (Some(p), None) => {
            let canon =
                std::fs::canonicalize(p).map_err(|e| anyhow::anyhow!("无法读取 {p}: {e}"))?;
            Ok(gongwen_library::prepare::prepare_path(&canon)?)
        }
        (None, None) => anyhow::bail!("需要 PATH 或 --text (a file or --text is required)"),
    }
}

pub fn run(args: &SimilarArgs) -> anyhow::Result<u8> {
    let f = load(args.path.as_deref(), args.text.as_deref())?;
    let s = gongwen_library::open_reader(&args.library.dir())?;
    let t0 = std::time::Instant::now();
    let mut matches = gongwen_library::similar::similar(&s.conn, &f, args.threshold)?;
    let total = matches.len();
    matches.truncate(args.limit);
    if args.format == crate::Format::Json {
        crate::out::write_json(&serde_json::json!({
            "total": total, "took_ms": t0.elapsed().as_secs_f64() * 1000.0, "threshold": args.threshold, "matches": matches
        }))?;
        return Ok(0);
    }
    let mut w = crate::out::stdout();
    writeln!(w, "相似段落 {total} 处（阈值 {:.2}）", args.threshold)?;
    for m in &matches {
        writeln!(
            w,
            "\n{:.2}  第{}行 ⇄ {}:{}  {} {}",
            m.similarity,
            m.line,
            m.source.path,
            m.source.line,
            m.source.title,
            m.source.year.map(|y| y.to_string()).unwrap_or_default()
        )?;
        writeln!(w, "    本文：{}", m.text)?;
        writeln!(w, "    库中：{}", m.source.text)?;
    }
    w.flush()?;
    Ok(0)
}
