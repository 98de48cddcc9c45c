//! `gongwen outline`: print the outline as an indented tree or as JSON.
//!
//! Text format, one file after the other:
//!
//! ```text
//! seed.txt  [UTF-8, text]
//!   已剔除  行99    paywall-marker  ##paidbegin##
//!   文档 1  行24-41  2023年度工作总结和2024年度工作计划
//!           单位=萧县卫生健康委  层级=县  类型=summary  总结年度=2023  计划年度=2024
//!      27     一、重点工作完成情况  [review]
//!      28       （一）持续深化医药卫生体制机制改革
//!      28         · 一是推深做实医药卫生体制改革
//! ```
//!
//! Line numbers are the file's; a top section shows its role in brackets; inline items
//! (一是/二是) are marked with a dot.

use crate::{load, out, Format, InputArgs};
use gongwen_core::model::{DocKind, FileOutline, MarkerKind, Section};
use std::io::Write;

#[derive(serde::Serialize)]
struct Files<'a> {
    files: &'a [&'a FileOutline],
}

pub fn run(args: &InputArgs, format: Format) -> anyhow::Result<u8> {
    if !matches!(format, Format::Text | Format::Json) {
        anyhow::bail!("outline 只支持 --format text 或 json (outline prints text or json)");
    }
    let loaded = load::load(args)?;
    let outlines: Vec<&FileOutline> = loaded.files.iter().map(|f| &f.outline).collect();
    match format {
        // Serialized straight from the structs (no intermediate `Value` tree: a file
        // with a million headings would need gigabytes).
        Format::Json => out::write_json(&Files { files: &outlines })?,
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

fn kind_str(k: DocKind) -> &'static str {
    match k {
        DocKind::Summary => "summary",
        DocKind::Plan => "plan",
        DocKind::GovReport => "gov-report",
        DocKind::Other => "other",
    }
}

fn short(s: &str, n: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    let mut out: String = one_line.chars().take(n).collect();
    if one_line.chars().count() > n {
        out.push('…');
    }
    out
}

/// Write one file's outline as an indented tree.
pub fn write_text(w: &mut impl Write, f: &FileOutline) -> std::io::Result<()> {
    writeln!(
        w,
        "{}  [{}, {}]",
        f.path,
        f.encoding,
        serde_json::to_value(f.format)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    )?;
    for warning in &f.warnings {
        writeln!(w, "  警告  {warning}")?;
    }
    for r in &f.removed {
        writeln!(
            w,
            "  已剔除  行{:<5} {:<15} {}",
            r.line,
            r.kind,
            short(&r.text, 40)
        )?;
    }
    for d in &f.documents {
        let title = if d.title.is_empty() {
            "（无标题）"
        } else {
            d.title.as_str()
        };
        writeln!(
            w,
            "  文档 {}  行{}-{}  {}",
            d.index, d.line, d.end_line, title
        )?;
        let meta = [
            d.unit.as_ref().map(|u| format!("单位={u}")),
            d.level.as_ref().map(|l| format!("层级={l}")),
            Some(format!("类型={}", kind_str(d.kind))),
            d.summary_year.map(|y| format!("总结年度={y}")),
            d.plan_year.map(|y| format!("计划年度={y}")),
        ];
        let meta: Vec<String> = meta.into_iter().flatten().collect();
        writeln!(w, "          {}", meta.join("  "))?;
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
    let heading = match (s.marker, s.heading.is_empty()) {
        (MarkerKind::Paragraph, true) => "（未标序号的部分）".to_string(),
        (MarkerKind::Paragraph, false) => format!("（段落）{}", short(&s.heading, 56)),
        (MarkerKind::Inline, _) => format!("· {}", short(&s.heading, 56)),
        _ => short(&s.heading, 60),
    };
    writeln!(w, "  {:>5}  {indent}{heading}{role}", s.line)?;
    for c in &s.children {
        write_section(w, c)?;
    }
    Ok(())
}
