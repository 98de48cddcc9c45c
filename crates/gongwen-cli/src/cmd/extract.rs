//! `gongwen extract`: quantities and commitments as text, JSON, JSONL or CSV.
//!
//! - `json`: one object `{"files":[{"path","documents":[{index,title,quantities,commitments}]}]}`
//!   (DESIGN.md §4);
//! - `jsonl`: one record a line, `"record":"quantity"` or `"record":"commitment"`, each
//!   with `path`, `doc`, `title` and, for quantities, `section_role`;
//! - `csv`: one quantity a row, UTF-8 with a BOM so that Excel reads the Chinese;
//! - `text`: `path:line:column` and a readable summary per quantity and commitment.

use crate::{load, out, Format, InputArgs};
use gongwen_core::extract::{self, DocExtraction};
use gongwen_core::model::Quantity;
use gongwen_core::report;
use std::io::Write;

pub fn run(args: &InputArgs, format: Format) -> anyhow::Result<u8> {
    let loaded = load::load(args)?;
    let per_file: Vec<(&str, Vec<DocExtraction>)> = loaded
        .files
        .iter()
        .map(|f| (f.outline.path.as_str(), extract::extract(f)))
        .collect();
    match format {
        Format::Json => {
            let files: Vec<report::ExtractedFile> = per_file
                .iter()
                .map(|(path, documents)| report::ExtractedFile { path, documents })
                .collect();
            out::write_json(&report::extract_json(&files))?;
        }
        Format::Jsonl => {
            let mut w = out::stdout();
            for (path, docs) in &per_file {
                write_jsonl(&mut w, path, docs)?;
            }
            w.flush()?;
        }
        Format::Csv => {
            let mut w = out::stdout();
            w.write_all("\u{feff}".as_bytes())?;
            let mut c = csv::Writer::from_writer(&mut w);
            c.write_record(CSV_HEADER)?;
            for (path, docs) in &per_file {
                for d in docs {
                    for q in &d.quantities {
                        c.write_record(csv_row(path, d, q))?;
                    }
                }
            }
            c.flush()?;
            drop(c);
            w.flush()?;
        }
        _ => {
            let mut w = out::stdout();
            for (path, docs) in &per_file {
                write_text(&mut w, path, docs)?;
            }
            w.flush()?;
        }
    }
    Ok(if loaded.failed { 2 } else { 0 })
}

const CSV_HEADER: &[&str] = &[
    "path",
    "doc",
    "title",
    "line",
    "column",
    "start",
    "end",
    "text",
    "value",
    "value_max",
    "unit",
    "percent",
    "permille",
    "qualifier",
    "placeholder",
    "comparison",
    "direction",
    "subject",
    "section_role",
];

fn num(v: Option<f64>) -> String {
    v.map(|v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    })
    .unwrap_or_default()
}

fn csv_row(path: &str, d: &DocExtraction, q: &Quantity) -> Vec<String> {
    vec![
        path.to_string(),
        d.index.to_string(),
        d.title.clone(),
        q.line.to_string(),
        q.column.to_string(),
        q.start.to_string(),
        q.end.to_string(),
        q.text.clone(),
        num(q.value),
        num(q.value_max),
        q.unit.clone().unwrap_or_default(),
        q.percent.to_string(),
        q.permille.to_string(),
        q.qualifier.clone().unwrap_or_default(),
        q.placeholder.to_string(),
        q.comparison.clone().unwrap_or_default(),
        q.direction.clone().unwrap_or_default(),
        q.subject.clone().unwrap_or_default(),
        q.section_role
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
    ]
}

fn write_jsonl(w: &mut impl Write, path: &str, docs: &[DocExtraction]) -> anyhow::Result<()> {
    for d in docs {
        for q in &d.quantities {
            let mut v = serde_json::to_value(q)?;
            if let Some(o) = v.as_object_mut() {
                o.insert("record".into(), "quantity".into());
                o.insert("path".into(), path.into());
                o.insert("doc".into(), d.index.into());
                o.insert("title".into(), d.title.clone().into());
                o.insert("section".into(), q.section_role.map(|r| r.as_str()).into());
            }
            serde_json::to_writer(&mut *w, &v)?;
            w.write_all(b"\n")?;
        }
        for c in &d.commitments {
            let mut v = serde_json::to_value(c)?;
            if let Some(o) = v.as_object_mut() {
                o.insert("record".into(), "commitment".into());
                o.insert("path".into(), path.into());
                o.insert("doc".into(), d.index.into());
                o.insert("title".into(), d.title.clone().into());
            }
            serde_json::to_writer(&mut *w, &v)?;
            w.write_all(b"\n")?;
        }
    }
    Ok(())
}

fn write_text(w: &mut impl Write, path: &str, docs: &[DocExtraction]) -> std::io::Result<()> {
    for d in docs {
        writeln!(w, "{path}  ({}) {}", d.index, d.title)?;
        writeln!(
            w,
            "  数量 {} 处，承诺 {} 条",
            d.quantities.len(),
            d.commitments.len()
        )?;
        for q in &d.quantities {
            let value = if q.placeholder {
                "占位".to_string()
            } else {
                match q.value_max {
                    Some(m) => format!("{}~{}", num(q.value), num(Some(m))),
                    None => num(q.value),
                }
            };
            let unit = if q.percent {
                "%".to_string()
            } else if q.permille {
                "‰".to_string()
            } else {
                q.unit.clone().unwrap_or_default()
            };
            let mut extra = Vec::new();
            if let Some(x) = &q.qualifier {
                extra.push(format!("[{x}]"));
            }
            if let Some(x) = &q.comparison {
                extra.push(format!(
                    "{x}{}",
                    q.direction
                        .as_deref()
                        .map(|d| if d == "up" { "↑" } else { "↓" })
                        .unwrap_or("")
                ));
            }
            if let Some(x) = &q.subject {
                extra.push(format!("«{x}»"));
            }
            writeln!(
                w,
                "  {path}:{}:{}  {}  = {value}{unit} {}",
                q.line,
                q.column,
                q.text,
                extra.join(" ")
            )?;
        }
        for c in &d.commitments {
            let text: String = c.text.chars().take(50).collect();
            writeln!(
                w,
                "  {path}:{}  承诺[{}] 目标={} 期限={}{}  {text}",
                c.line,
                c.modality.as_deref().unwrap_or("-"),
                c.target.as_deref().unwrap_or("-"),
                c.deadline.as_deref().unwrap_or("-"),
                if c.five_year { " (五年规划)" } else { "" },
            )?;
        }
    }
    Ok(())
}
