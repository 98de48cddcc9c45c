//! `gongwen reuse PATH`: which passages of a document appear (near-)verbatim in other
//! documents of the library — share reused, grouped by source document and year.

use crate::cmd::LibraryArg;
use std::io::Write;

#[derive(clap::Args, Debug)]
pub struct ReuseArgs {
    pub path: String,
    #[command(flatten)]
    pub library: LibraryArg,
    /// Minimum Jaccard similarity for a passage to count as reused.
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::Format,
}

pub fn run(args: &ReuseArgs) -> anyhow::Result<u8> {
    let f = crate::cmd::similar::load(Some(&args.path), None)?;
    let s = gongwen_library::open_reader(&args.library.dir())?;
    let r = gongwen_library::similar::reuse(&s.conn, &f, args.threshold)?;
    if args.format == crate::Format::Json {
        crate::out::write_json(&r)?;
        return Ok(0);
    }
    let mut w = crate::out::stdout();
    writeln!(
        w,
        "{}：{} 字中有 {} 字（{:.1}%）见于库中其他文档（相似度 ≥ {:.2}）",
        r.path,
        r.chars,
        r.reused_chars,
        r.share * 100.0,
        r.threshold
    )?;
    for src in &r.sources {
        writeln!(
            w,
            "\n{}  {}  {}  {} 字（{:.1}%）",
            src.year
                .map(|y| y.to_string())
                .unwrap_or_else(|| "-".into()),
            src.title,
            src.path,
            src.chars,
            src.share * 100.0
        )?;
        for m in &src.passages {
            writeln!(
                w,
                "    第{}行 ⇄ 第{}行 {:.2}  {}",
                m.line, m.source.line, m.similarity, m.text
            )?;
        }
    }
    w.flush()?;
    Ok(0)
}
