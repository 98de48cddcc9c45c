//! .csv / .jsonl datasets: one document per row, the way researchers hold report
//! corpora (`province,year,title,source_url,publish_date,full_text`).
//!
//! The text column is `--text-column NAME` ([`IngestOptions::text_column`]) or, by
//! default, the column whose values are longest in total. Every other column is kept as
//! metadata on the row's [`Record`]. Rows with an empty text are skipped with a
//! warning; rows of JSON Lines that do not parse are skipped with a warning. A dataset
//! with a header but no rows (or only empty texts) reads as an empty text with a
//! warning, not as an error.
//!
//! `Input.text` is the rows' texts (each with `\n` line ends) joined with `"\n\n"`;
//! a record's `start..end` is the byte range of its row's text in it, so spans of a
//! dataset point into this joined text.
//!
//! CSV bytes are decoded like text files first (UTF-8 with or without BOM, GB18030…);
//! quoted fields may hold line breaks. JSON values that are not strings become their
//! JSON text (numbers as written, `true`), `null` is left out.

use super::encoding;
use super::limits::MAX_DATASET_ROWS;
use super::IngestOptions;
use crate::error::Error;
use crate::model::{Format, Input, Record};
use std::collections::BTreeMap;

/// A row: its 1-based number and its columns in order.
struct Row {
    number: usize,
    cells: Vec<(String, String)>,
}

/// Read a CSV or JSONL dataset.
pub fn read(
    name: &str,
    bytes: &[u8],
    format: Format,
    opts: &IngestOptions,
) -> Result<Input, Error> {
    let ds_err = |detail: String| Error::Dataset {
        path: name.to_string(),
        detail,
    };
    let decoded = encoding::decode(bytes).map_err(|_| Error::Binary {
        path: name.to_string(),
    })?;
    let mut warnings = decoded.warnings;
    let (columns, rows) = if format == Format::Jsonl {
        parse_jsonl(name, &decoded.text, &mut warnings)?
    } else {
        parse_csv(name, &decoded.text)?
    };
    if rows.is_empty() {
        // A header without rows is an empty dataset, not a broken file.
        warnings.push("数据集没有数据行 (dataset has no rows)".into());
        return Ok(Input {
            path: name.to_string(),
            format,
            encoding: decoded.encoding,
            text: String::new(),
            hints: vec![],
            records: vec![],
            warnings,
        });
    }
    let text_column = match &opts.text_column {
        Some(c) => {
            if !columns.iter().any(|x| x == c) {
                return Err(ds_err(format!(
                    "没有名为 “{c}” 的列；现有列：{} (no such column)",
                    columns.join("、")
                )));
            }
            c.clone()
        }
        None => longest_column(&columns, &rows)
            .or_else(|| columns.first().cloned())
            .unwrap_or_default(),
    };
    let mut text = String::new();
    let mut records = Vec::new();
    let mut empty_rows = 0usize;
    for row in rows {
        let mut body = None;
        let mut metadata = BTreeMap::new();
        for (k, v) in row.cells {
            if k == text_column {
                body = Some(v);
            } else if !v.is_empty() {
                metadata.insert(k, v);
            }
        }
        let body = encoding::normalize_newlines(body.as_deref().unwrap_or(""));
        let body = body.trim_matches(|c: char| c == '\n' || c == '\u{FEFF}');
        if body.trim().is_empty() {
            empty_rows += 1;
            if empty_rows <= 5 {
                warnings.push(format!(
                    "第 {} 行的 {text_column} 列为空，已跳过 (empty text, row skipped)",
                    row.number
                ));
            }
            continue;
        }
        if !records.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(body);
        records.push(Record {
            start,
            end: text.len(),
            row: row.number,
            metadata,
        });
    }
    if empty_rows > 5 {
        warnings.push(format!(
            "共 {empty_rows} 行文本为空，已跳过 (empty rows skipped)"
        ));
    }
    if !records.is_empty() {
        text.push('\n');
    }
    Ok(Input {
        path: name.to_string(),
        format,
        encoding: decoded.encoding,
        text,
        hints: vec![],
        records,
        warnings,
    })
}

/// The column with the most text in total (ties: the first).
fn longest_column(columns: &[String], rows: &[Row]) -> Option<String> {
    let mut totals: Vec<usize> = vec![0; columns.len()];
    for row in rows {
        for (k, v) in &row.cells {
            if let Some(i) = columns.iter().position(|c| c == k) {
                totals[i] += v.chars().count();
            }
        }
    }
    let best = totals
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    (*best.1 > 0).then(|| columns[best.0].clone())
}

fn parse_csv(name: &str, text: &str) -> Result<(Vec<String>, Vec<Row>), Error> {
    let ds_err = |detail: String| Error::Dataset {
        path: name.to_string(),
        detail,
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ds_err(format!("表头无法读取：{e} (bad header)")))?
        .clone();
    let mut columns: Vec<String> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{FEFF}');
        let mut h = if h.is_empty() {
            format!("column{}", i + 1)
        } else {
            h.to_string()
        };
        if columns.contains(&h) {
            h = format!("{h}_{}", i + 1);
        }
        columns.push(h);
    }
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        if rows.len() >= MAX_DATASET_ROWS {
            return Err(Error::Limit {
                path: name.to_string(),
                detail: format!("数据集超过 {MAX_DATASET_ROWS} 行 (too many rows)"),
            });
        }
        let rec = rec.map_err(|e| ds_err(format!("第 {} 行无法解析：{e} (bad CSV row)", i + 1)))?;
        let cells = rec
            .iter()
            .enumerate()
            .map(|(j, v)| {
                (
                    columns
                        .get(j)
                        .cloned()
                        .unwrap_or_else(|| format!("column{}", j + 1)),
                    v.to_string(),
                )
            })
            .collect();
        rows.push(Row {
            number: i + 1,
            cells,
        });
    }
    // Extra cells of ragged rows get their own column names.
    for row in &rows {
        for (k, _) in &row.cells {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    Ok((columns, rows))
}

fn parse_jsonl(
    name: &str,
    text: &str,
    warnings: &mut Vec<String>,
) -> Result<(Vec<String>, Vec<Row>), Error> {
    let mut columns: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let mut bad = 0usize;
    let mut number = 0usize;
    for line in text.lines() {
        if line.trim().is_empty() {
            continue;
        }
        number += 1;
        if rows.len() >= MAX_DATASET_ROWS {
            return Err(Error::Limit {
                path: name.to_string(),
                detail: format!("数据集超过 {MAX_DATASET_ROWS} 行 (too many rows)"),
            });
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(_) => {
                bad += 1;
                if bad <= 5 {
                    warnings.push(format!(
                        "第 {number} 行不是有效的 JSON 对象，已跳过 (invalid JSON, row skipped)"
                    ));
                }
                continue;
            }
        };
        let serde_json::Value::Object(map) = value else {
            bad += 1;
            if bad <= 5 {
                warnings.push(format!(
                    "第 {number} 行不是 JSON 对象，已跳过 (not an object, row skipped)"
                ));
            }
            continue;
        };
        let mut cells = Vec::new();
        for (k, v) in map {
            let v = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            if !columns.contains(&k) {
                columns.push(k.clone());
            }
            cells.push((k, v));
        }
        rows.push(Row { number, cells });
    }
    if bad > 5 {
        warnings.push(format!("共 {bad} 行无效，已跳过 (invalid rows skipped)"));
    }
    Ok((columns, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_records_with_metadata() {
        let csv = "\u{FEFF}province,year,title,full_text\r\n\
            甲省,2026,甲省政府工作报告,\"一、过去一年工作回顾\r\n全省生产总值增长5.2%。\"\r\n\
            乙省,2026,乙省政府工作报告,\"二、今年工作安排\n新增城镇就业45万人。\"\r\n";
        let input = read(
            "a.csv",
            csv.as_bytes(),
            Format::Csv,
            &IngestOptions::default(),
        )
        .unwrap();
        assert_eq!(input.encoding, "UTF-8-BOM");
        assert_eq!(input.records.len(), 2);
        let r = &input.records[1];
        assert_eq!(
            &input.text[r.start..r.end],
            "二、今年工作安排\n新增城镇就业45万人。"
        );
        assert_eq!(r.row, 2);
        assert_eq!(r.metadata.get("province").map(String::as_str), Some("乙省"));
        assert_eq!(r.metadata.get("year").map(String::as_str), Some("2026"));
        assert!(!r.metadata.contains_key("full_text"));
        assert_eq!(
            input.text,
            "一、过去一年工作回顾\n全省生产总值增长5.2%。\n\n二、今年工作安排\n新增城镇就业45万人。\n"
        );
    }

    #[test]
    fn jsonl_with_chosen_column_and_bad_line() {
        let jsonl =
            "{\"title\":\"丙市工作总结\",\"body\":\"一、主要成效\",\"year\":2023,\"note\":null}\n\
            not json\n{\"title\":\"丁县工作计划\",\"body\":\"二、工作打算\",\"year\":2024}\n";
        let opts = IngestOptions {
            text_column: Some("title".into()),
            ..Default::default()
        };
        let input = read("a.jsonl", jsonl.as_bytes(), Format::Jsonl, &opts).unwrap();
        assert_eq!(input.text, "丙市工作总结\n\n丁县工作计划\n");
        assert_eq!(input.records[1].row, 3);
        assert_eq!(
            input.records[1].metadata.get("year").map(String::as_str),
            Some("2024")
        );
        assert_eq!(input.warnings.len(), 1);
        let missing = IngestOptions {
            text_column: Some("正文".into()),
            ..Default::default()
        };
        let err = read("a.jsonl", jsonl.as_bytes(), Format::Jsonl, &missing).unwrap_err();
        assert!(err.to_string().contains("正文"));
    }
}
