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
use gongwen_core::model::{Commitment, Quantity};
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
            // The same text as `report::extract_json` (a value tree, keys sorted), written
            // straight from the structs (see `Sorted`).
            out::write_json(&SortedFiles(&per_file))?;
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
    let mut buf = Vec::with_capacity(1 << 12);
    for d in docs {
        for q in &d.quantities {
            buf.clear();
            quantity_line(&mut buf, path, d, q)?;
            w.write_all(&buf)?;
        }
        for c in &d.commitments {
            buf.clear();
            commitment_line(&mut buf, path, d, c)?;
            w.write_all(&buf)?;
        }
    }
    Ok(())
}

/// The `--format json` document written with the keys of every object in byte order,
/// which is the order the value tree of `report::extract_json` (a BTreeMap per object)
/// prints them in: the same bytes, without building the tree.
struct SortedFiles<'a>(&'a [(&'a str, Vec<DocExtraction>)]);

/// A serializer of one object of the JSON document, keys in byte order.
struct Sorted<'a, T>(&'a T);

impl serde::Serialize for SortedFiles<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct File<'a>(&'a str, &'a [DocExtraction]);
        impl serde::Serialize for File<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                let docs: Vec<Sorted<DocExtraction>> = self.1.iter().map(Sorted).collect();
                m.serialize_entry("documents", &docs)?;
                m.serialize_entry("path", self.0)?;
                m.end()
            }
        }
        let files: Vec<File> = self.0.iter().map(|(p, d)| File(p, d)).collect();
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry("files", &files)?;
        m.end()
    }
}

impl serde::Serialize for Sorted<'_, DocExtraction> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let d = self.0;
        let mut m = s.serialize_map(Some(4))?;
        let cs: Vec<Sorted<Commitment>> = d.commitments.iter().map(Sorted).collect();
        m.serialize_entry("commitments", &cs)?;
        m.serialize_entry("index", &d.index)?;
        let qs: Vec<Sorted<Quantity>> = d.quantities.iter().map(Sorted).collect();
        m.serialize_entry("quantities", &qs)?;
        m.serialize_entry("title", &d.title)?;
        m.end()
    }
}

impl serde::Serialize for Sorted<'_, Quantity> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let q = self.0;
        let mut m = s.serialize_map(Some(16))?;
        m.serialize_entry("column", &q.column)?;
        m.serialize_entry("comparison", &q.comparison)?;
        m.serialize_entry("direction", &q.direction)?;
        m.serialize_entry("end", &q.end)?;
        m.serialize_entry("line", &q.line)?;
        m.serialize_entry("percent", &q.percent)?;
        m.serialize_entry("permille", &q.permille)?;
        m.serialize_entry("placeholder", &q.placeholder)?;
        m.serialize_entry("qualifier", &q.qualifier)?;
        m.serialize_entry("section_role", &q.section_role)?;
        m.serialize_entry("start", &q.start)?;
        m.serialize_entry("subject", &q.subject)?;
        m.serialize_entry("text", &q.text)?;
        m.serialize_entry("unit", &q.unit)?;
        m.serialize_entry("value", &q.value)?;
        m.serialize_entry("value_max", &q.value_max)?;
        m.end()
    }
}

impl serde::Serialize for Sorted<'_, Commitment> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let c = self.0;
        let mut m = s.serialize_map(Some(10))?;
        m.serialize_entry("deadline", &c.deadline)?;
        m.serialize_entry("end", &c.end)?;
        m.serialize_entry("five_year", &c.five_year)?;
        m.serialize_entry("heading_path", &c.heading_path)?;
        m.serialize_entry("indicator", &c.indicator)?;
        m.serialize_entry("line", &c.line)?;
        m.serialize_entry("modality", &c.modality)?;
        m.serialize_entry("start", &c.start)?;
        m.serialize_entry("target", &c.target)?;
        m.serialize_entry("text", &c.text)?;
        m.end()
    }
}

/// Writes `"key":value` pairs of one JSON object in the order given, which must be the
/// keys' byte order: the order a `serde_json::Value` object (a BTreeMap) prints them in,
/// so that the lines equal what `to_value` + extra keys gave, without building a tree.
struct Obj<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Obj<'a> {
    fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Obj { out, first: true }
    }
    fn field<T: serde::Serialize + ?Sized>(&mut self, key: &str, v: &T) -> serde_json::Result<()> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        serde_json::to_writer(&mut *self.out, key)?;
        self.out.push(b':');
        serde_json::to_writer(&mut *self.out, v)
    }
    fn end(self) {
        self.out.extend_from_slice(b"}\n");
    }
}

/// One `"record":"quantity"` line: the quantity's fields plus record, path, doc, title
/// and section, keys in byte order.
fn quantity_line(
    out: &mut Vec<u8>,
    path: &str,
    d: &DocExtraction,
    q: &Quantity,
) -> serde_json::Result<()> {
    let mut o = Obj::new(out);
    o.field("column", &q.column)?;
    o.field("comparison", &q.comparison)?;
    o.field("direction", &q.direction)?;
    o.field("doc", &d.index)?;
    o.field("end", &q.end)?;
    o.field("line", &q.line)?;
    o.field("path", path)?;
    o.field("percent", &q.percent)?;
    o.field("permille", &q.permille)?;
    o.field("placeholder", &q.placeholder)?;
    o.field("qualifier", &q.qualifier)?;
    o.field("record", "quantity")?;
    o.field("section", &q.section_role.map(|r| r.as_str()))?;
    o.field("section_role", &q.section_role)?;
    o.field("start", &q.start)?;
    o.field("subject", &q.subject)?;
    o.field("text", &q.text)?;
    o.field("title", &d.title)?;
    o.field("unit", &q.unit)?;
    o.field("value", &q.value)?;
    o.field("value_max", &q.value_max)?;
    o.end();
    Ok(())
}

/// One `"record":"commitment"` line, keys in byte order.
fn commitment_line(
    out: &mut Vec<u8>,
    path: &str,
    d: &DocExtraction,
    c: &Commitment,
) -> serde_json::Result<()> {
    let mut o = Obj::new(out);
    o.field("deadline", &c.deadline)?;
    o.field("doc", &d.index)?;
    o.field("end", &c.end)?;
    o.field("five_year", &c.five_year)?;
    o.field("heading_path", &c.heading_path)?;
    o.field("indicator", &c.indicator)?;
    o.field("line", &c.line)?;
    o.field("modality", &c.modality)?;
    o.field("path", path)?;
    o.field("record", "commitment")?;
    o.field("start", &c.start)?;
    o.field("target", &c.target)?;
    o.field("text", &c.text)?;
    o.field("title", &d.title)?;
    o.end();
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

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen_core::{ingest, outline, report};

    /// The line as the value tree gave it before the direct writer (the reference).
    fn via_value<T: serde::Serialize>(v: &T, extra: &[(&str, serde_json::Value)]) -> Vec<u8> {
        let mut v = serde_json::to_value(v).expect("value");
        let o = v.as_object_mut().expect("object");
        for (k, x) in extra {
            o.insert((*k).into(), x.clone());
        }
        let mut out = serde_json::to_vec(&sorted(v)).expect("json");
        out.push(b'\n');
        out
    }

    /// The value with every object's keys in sorted order, as the binary prints them:
    /// under `cargo test --workspace` a dev-dependency of the server (thirtyfour) turns
    /// on serde_json's `preserve_order`, and `Value` would keep insertion order instead.
    fn sorted(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => {
                let m: std::collections::BTreeMap<String, serde_json::Value> =
                    m.into_iter().map(|(k, x)| (k, sorted(x))).collect();
                serde_json::Value::Object(m.into_iter().collect())
            }
            serde_json::Value::Array(a) => {
                serde_json::Value::Array(a.into_iter().map(sorted).collect())
            }
            x => x,
        }
    }

    #[test]
    fn direct_jsonl_lines_equal_the_value_tree() {
        let text =
            "二〇二五年工作计划\n一、2024年工作总结\n全年完成固定资产投资12.5亿元，同比增长8.3%，\
            新增城镇就业1.2万人。引进\"专精特新\"企业3家。\n二、2025年工作计划\n\
            （一）稳增长。力争地区生产总值增长6%左右，年底前新建5G基站300个以上，\
            确保“十五五”开局良好；城镇调查失业率控制在5.5%以内。\n";
        let input =
            ingest::from_bytes("plan.txt", text.as_bytes(), &Default::default()).expect("ingest");
        let o = outline::outline(&input);
        let docs = extract::extract(&o);
        let (mut nq, mut nc) = (0, 0);
        for d in &docs {
            for q in &d.quantities {
                let mut got = Vec::new();
                quantity_line(&mut got, "a\\b \"c\".txt", d, q).expect("line");
                let want = via_value(
                    q,
                    &[
                        ("record", "quantity".into()),
                        ("path", "a\\b \"c\".txt".into()),
                        ("doc", d.index.into()),
                        ("title", d.title.clone().into()),
                        ("section", q.section_role.map(|r| r.as_str()).into()),
                    ],
                );
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want)
                );
                nq += 1;
            }
            for c in &d.commitments {
                let mut got = Vec::new();
                commitment_line(&mut got, "p.txt", d, c).expect("line");
                let want = via_value(
                    c,
                    &[
                        ("record", "commitment".into()),
                        ("path", "p.txt".into()),
                        ("doc", d.index.into()),
                        ("title", d.title.clone().into()),
                    ],
                );
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want)
                );
                nc += 1;
            }
        }
        assert!(nq >= 6 && nc >= 2, "{nq} quantities, {nc} commitments");
    }

    #[test]
    fn direct_json_equals_the_report_value_tree() {
        let text = "2025年工作计划\n一、2024年工作总结\n完成投资12.5亿元，同比增长8.3%。\n\
            二、2025年工作计划\n力争地区生产总值增长6%左右，年底前新建5G基站300个以上。\n";
        let input =
            ingest::from_bytes("plan.txt", text.as_bytes(), &Default::default()).expect("ingest");
        let o = outline::outline(&input);
        let per_file = vec![("a/plan.txt", extract::extract(&o)), ("b.txt", vec![])];
        assert!(per_file[0].1.iter().any(|d| !d.commitments.is_empty()));
        let files: Vec<report::ExtractedFile> = per_file
            .iter()
            .map(|(path, documents)| report::ExtractedFile { path, documents })
            .collect();
        let want =
            serde_json::to_string_pretty(&sorted(report::extract_json(&files))).expect("json");
        let got = serde_json::to_string_pretty(&SortedFiles(&per_file)).expect("json");
        assert_eq!(got, want);
    }

    #[test]
    fn direct_jsonl_handles_missing_values_and_odd_numbers() {
        let d = DocExtraction {
            index: 2,
            title: "某县2025年工作要点".into(),
            quantities: vec![],
            commitments: vec![],
        };
        let q = Quantity {
            text: "XX万元".into(),
            value: None,
            value_max: Some(1.0e21),
            unit: Some("元".into()),
            percent: false,
            permille: true,
            qualifier: None,
            placeholder: true,
            comparison: None,
            direction: None,
            subject: Some("资金\t缺口".into()),
            section_role: None,
            line: 1,
            column: 1,
            start: 0,
            end: 8,
        };
        let mut got = Vec::new();
        quantity_line(&mut got, "x.txt", &d, &q).expect("line");
        let want = via_value(
            &q,
            &[
                ("record", "quantity".into()),
                ("path", "x.txt".into()),
                ("doc", 2.into()),
                ("title", d.title.clone().into()),
                ("section", serde_json::Value::Null),
            ],
        );
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want)
        );
    }
}
