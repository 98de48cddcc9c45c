//! `gongwen outline`: print the outline as an indented tree or as JSON.

use crate::{load, out, Format, InputArgs};
use gongwen_core::model::{FileOutline, Section};
use std::io::Write;

pub fn run(args: &InputArgs, format: Format) -> anyhow::Result<u8> {
    let loaded = load::load(args)?;
    let outlines: Vec<&FileOutline> = loaded.files.iter().map(|f| &f.outline).collect();
    match format {
        Format::Json => out::write_json(&gongwen_core::report::outline_json(&outlines))?,
        _ => {
            let mut w = out::stdout();
            for f in &outlines {
                write_text(&mut w, f)?;
            }
            w.flush()?;
        }
    }
    Ok(if loaded.failed { 2 } else { 0 })
}

fn write_text(w: &mut impl Write, f: &FileOutline) -> std::io::Result<()> {
    writeln!(w, "{}  [{}]", f.path, f.encoding)?;
    for r in &f.removed {
        writeln!(
            w,
            "  已剔除 {:>5}行 {:<14} {}",
            r.line,
            r.kind,
            r.text.chars().take(40).collect::<String>()
        )?;
    }
    for d in &f.documents {
        writeln!(w, "  {:>5}  ({}) {}", d.line, d.index, d.title)?;
        let meta = [
            d.unit.as_ref().map(|u| format!("单位={u}")),
            d.level.as_ref().map(|l| format!("层级={l}")),
            d.summary_year.map(|y| format!("总结年度={y}")),
            d.plan_year.map(|y| format!("计划年度={y}")),
        ];
        let meta: Vec<String> = meta.into_iter().flatten().collect();
        if !meta.is_empty() {
            writeln!(w, "         {}", meta.join("  "))?;
        }
        for s in &d.sections {
            write_section(w, s)?;
        }
    }
    Ok(())
}

fn write_section(w: &mut impl Write, s: &Section) -> std::io::Result<()> {
    let indent = "  ".repeat(s.depth);
    let role = if s.depth == 1 {
        format!("  [{}]", s.role.as_str())
    } else {
        String::new()
    };
    let heading: String = s.heading.chars().take(60).collect();
    writeln!(w, "  {:>5}  {indent}{heading}{role}", s.line)?;
    for c in &s.children {
        write_section(w, c)?;
    }
    Ok(())
}
