//! `gongwen search QUERY`: exact phrase search over the library (DESIGN.md §3/§4).

use crate::cmd::LibraryArg;
use std::io::{IsTerminal, Write};

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// 查询：词语（AND）、"短语"、-排除词、year: level: role: unit: kind: 过滤
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub library: LibraryArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::Format,
    /// At most this many documents.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub fn run(args: &SearchArgs) -> anyhow::Result<u8> {
    let q = gongwen_library::query::parse(&args.query.join(" "))
        .map_err(gongwen_library::Error::Query)?;
    if q.must.is_empty() && !q.filters_only() {
        anyhow::bail!("查询为空：至少需要一个词语或过滤条件 (empty query)");
    }
    let s = gongwen_library::open_reader(&args.library.dir())?;
    let res = s.search(&q, args.limit)?;
    if args.format == crate::Format::Json {
        crate::out::write_json(&res)?;
        return Ok(0);
    }
    let color = std::io::stdout().is_terminal();
    let (on, off) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("【", "】")
    };
    let mut w = crate::out::stdout();
    writeln!(w, "共 {} 篇文档（{:.2} 毫秒）", res.total, res.took_ms)?;
    for h in &res.hits {
        let meta: Vec<String> = [
            h.unit.clone(),
            h.level.clone(),
            h.year.map(|y| y.to_string()),
            h.section_role.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        writeln!(
            w,
            "\n{}:{}  {}  [{}]  {:.2}",
            h.path,
            h.line,
            h.title,
            meta.join(" "),
            h.score
        )?;
        let chars: Vec<char> = h.snippet.chars().collect();
        let mut out = String::new();
        let mut pos = 0;
        for &(s, e) in &h.highlights {
            out.extend(&chars[pos.min(chars.len())..s.min(chars.len())]);
            out.push_str(on);
            out.extend(&chars[s.min(chars.len())..e.min(chars.len())]);
            out.push_str(off);
            pos = e;
        }
        out.extend(&chars[pos.min(chars.len())..]);
        writeln!(w, "    {out}")?;
    }
    w.flush()?;
    Ok(0)
}
