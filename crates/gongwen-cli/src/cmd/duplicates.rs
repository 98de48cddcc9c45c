//! `gongwen duplicates`: clusters of near-duplicate paragraphs across the library,
//! earliest year first inside each cluster.

use crate::cmd::LibraryArg;
use std::io::Write;

#[derive(clap::Args, Debug)]
pub struct DuplicatesArgs {
    #[command(flatten)]
    pub library: LibraryArg,
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    /// At most this many clusters.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::Format,
}

pub fn run(args: &DuplicatesArgs) -> anyhow::Result<u8> {
    let s = gongwen_library::open_reader(&args.library.dir())?;
    let mut clusters = gongwen_library::similar::duplicates(&s.conn, args.threshold, 64)?;
    let total = clusters.len();
    clusters.truncate(args.limit);
    if args.format == crate::Format::Json {
        crate::out::write_json(&serde_json::json!({ "total": total, "clusters": clusters }))?;
        return Ok(0);
    }
    let mut w = crate::out::stdout();
    writeln!(
        w,
        "近似重复段落 {total} 组（相似度 ≥ {:.2}）",
        args.threshold
    )?;
    for (i, c) in clusters.iter().enumerate() {
        writeln!(
            w,
            "\n第 {} 组：{} 处，最低相似度 {:.2}",
            i + 1,
            c.members.len(),
            c.min_similarity
        )?;
        if let Some(first) = c.members.first() {
            writeln!(w, "    {}", first.text.chars().take(80).collect::<String>())?;
        }
        for m in &c.members {
            let year = m.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into());
            writeln!(w, "    {year}  {}:{}  {}", m.path, m.line, m.title)?;
        }
    }
    w.flush()?;
    Ok(0)
}
