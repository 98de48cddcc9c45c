//! `gongwen list`: the documents of the library with unit, level, years and kind.

use crate::cmd::LibraryArg;
use std::io::Write;

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub library: LibraryArg,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::Format,
}

pub fn run(args: &ListArgs) -> anyhow::Result<u8> {
    let rows = gongwen_library::list(&args.library.dir())?;
    if args.format == crate::Format::Json {
        crate::out::write_json(&serde_json::json!({ "total": rows.len(), "documents": rows }))?;
        return Ok(0);
    }
    let mut w = crate::out::stdout();
    let dash = || "-".to_string();
    for r in &rows {
        let years = match (r.summary_year, r.plan_year) {
            (Some(s), Some(p)) => format!("{s}/{p}"),
            (Some(s), None) => s.to_string(),
            (None, Some(p)) => format!("/{p}"),
            (None, None) => dash(),
        };
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}字\t{}#{}",
            r.doc_id,
            r.title,
            r.unit.clone().unwrap_or_else(dash),
            r.level.clone().unwrap_or_else(dash),
            years,
            r.kind,
            r.chars,
            r.path,
            r.index
        )?;
    }
    w.flush()?;
    Ok(0)
}
