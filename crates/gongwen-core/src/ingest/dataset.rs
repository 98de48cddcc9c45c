//! .csv / .jsonl datasets: one document per row, the way researchers hold report
//! corpora (`province,year,title,source_url,publish_date,full_text`).
//!
//! The text column is `--text-column NAME` ([`IngestOptions::text_column`]) or, by
//! default, the column whose values are longest in total. Every other non-empty column
//! is kept as metadata on the row's [`Record`]. Rows with an empty text are skipped with
//! a warning; rows of JSON Lines that do not parse are skipped with a warning. A dataset
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
//!
//! Memory stays proportional to the input: rows are streamed twice (once to pick the
//! text column, once to build the records) instead of being held; column names are cut
//! at [`MAX_COLUMN_NAME_CHARS`], at most [`MAX_DATASET_COLUMNS`] columns are read, and
//! the metadata of all records together is held under [`MAX_METADATA_BYTES`].

use super::encoding;
use super::limits::{
    human, MAX_COLUMN_NAME_CHARS, MAX_DATASET_COLUMNS, MAX_DATASET_ROWS, MAX_METADATA_BYTES,
};
use super::IngestOptions;
use crate::error::Error;
use crate::model::{Format, Input, Record};
use std::collections::{BTreeMap, HashMap};

/// Column names seen so far, in order.
#[derive(Default)]
struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
    dropped: bool,
}

impl Columns {
    /// The index of a column, registering it; `None` past [`MAX_DATASET_COLUMNS`].
    fn get_or_add(&mut self, name: &str) -> Option<usize> {
        let name: String = name
            .trim()
            .trim_start_matches('\u{FEFF}')
            .chars()
            .take(MAX_COLUMN_NAME_CHARS)
            .collect();
        if let Some(&i) = self.index.get(&name) {
            return Some(i);
        }
        if self.names.len() >= MAX_DATASET_COLUMNS {
            self.dropped = true;
            return None;
        }
        self.index.insert(name.clone(), self.names.len());
        self.names.push(name);
        Some(self.names.len() - 1)
    }
}

/// A row: 1-based number and its non-empty cells as (column index, value).
type Row = (usize, Vec<(usize, String)>);

/// Register the CSV header's columns (empty names become `columnN`, repeated ones
/// `name_N`); JSON Lines have none.
fn header(
    name: &str,
    text: &str,
    format: Format,
    cols: &mut Columns,
) -> Result<Vec<Option<usize>>, Error> {
    if format == Format::Jsonl {
        return Ok(Vec::new());
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| Error::Dataset {
        path: name.to_string(),
        detail: format!("表头无法读取：{e} (bad header)"),
    })?;
    let mut out = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{FEFF}');
        let h = if h.is_empty() {
            format!("column{}", i + 1)
        } else if cols.index.contains_key(h) {
            format!("{h}_{}", i + 1)
        } else {
            h.to_string()
        };
        out.push(cols.get_or_add(&h));
    }
    Ok(out)
}

/// Streams the rows of a CSV or JSONL text.
enum Rows<'a> {
    Csv {
        reader: csv::Reader<&'a [u8]>,
        /// Header position → column index.
        header: Vec<Option<usize>>,
        number: usize,
    },
    Jsonl {
        lines: std::str::Lines<'a>,
        number: usize,
        bad: usize,
    },
}

impl<'a> Rows<'a> {
    /// Start reading; `header` maps CSV header positions to columns (from [`header`]).
    fn new(
        name: &str,
        text: &'a str,
        format: Format,
        header: &[Option<usize>],
    ) -> Result<Rows<'a>, Error> {
        if format == Format::Jsonl {
            return Ok(Rows::Jsonl {
                lines: text.lines(),
                number: 0,
                bad: 0,
            });
        }
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        reader.headers().map_err(|e| Error::Dataset {
            path: name.to_string(),
            detail: format!("表头无法读取：{e} (bad header)"),
        })?;
        Ok(Rows::Csv {
            reader,
            header: header.to_vec(),
            number: 0,
        })
    }

    /// The next row, `None` at the end. Bad JSON lines are counted in `bad` and
    /// reported through `warn` (pass 2 only).
    fn next_row(
        &mut self,
        name: &str,
        cols: &mut Columns,
        warn: Option<&mut Vec<String>>,
    ) -> Option<Result<Row, Error>> {
        match self {
            Rows::Csv {
                reader,
                header,
                number,
            } => {
                let mut rec = csv::StringRecord::new();
                match reader.read_record(&mut rec) {
                    Ok(false) => None,
                    Err(e) => Some(Err(Error::Dataset {
                        path: name.to_string(),
                        detail: format!("第 {} 行无法解析：{e} (bad CSV row)", *number + 1),
                    })),
                    Ok(true) => {
                        *number += 1;
                        let mut cells = Vec::new();
                        for (j, v) in rec.iter().enumerate() {
                            if v.is_empty() {
                                continue;
                            }
                            let col = match header.get(j) {
                                Some(c) => *c,
                                None => cols.get_or_add(&format!("column{}", j + 1)),
                            };
                            if let Some(c) = col {
                                cells.push((c, v.to_string()));
                            }
                        }
                        Some(Ok((*number, cells)))
                    }
                }
            }
            Rows::Jsonl { lines, number, bad } => {
                let mut warn = warn;
                for line in lines.by_ref() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    *number += 1;
                    let map = match serde_json::from_str::<serde_json::Value>(line) {
                        Ok(serde_json::Value::Object(map)) => map,
                        _ => {
                            *bad += 1;
                            if let Some(w) = warn.as_deref_mut() {
                                if *bad <= 5 {
                                    w.push(format!("第 {number} 行不是有效的 JSON 对象，已跳过 (invalid JSON object, row skipped)"));
                                } else if *bad == 6 {
                                    w.push("更多无效行已跳过，不再逐一提示 (more invalid rows skipped)".into());
                                }
                            }
                            continue;
                        }
                    };
                    let mut cells = Vec::new();
                    for (k, v) in map {
                        let v = match v {
                            serde_json::Value::Null => continue,
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        };
                        if v.is_empty() {
                            continue;
                        }
                        if let Some(c) = cols.get_or_add(&k) {
                            cells.push((c, v));
                        }
                    }
                    return Some(Ok((*number, cells)));
                }
                None
            }
        }
    }
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
    let limit_err = |detail: String| Error::Limit {
        path: name.to_string(),
        detail,
    };
    let decoded = encoding::decode(bytes).map_err(|_| Error::Binary {
        path: name.to_string(),
    })?;
    let mut warnings = decoded.warnings;
    let text_in = decoded.text.as_str();

    // Pass 1: the columns, and how much text each holds.
    let mut cols = Columns::default();
    let mut totals: Vec<u64> = Vec::new();
    let header = header(name, text_in, format, &mut cols)?;
    let mut rows = Rows::new(name, text_in, format, &header)?;
    let mut n_rows = 0usize;
    while let Some(row) = rows.next_row(name, &mut cols, None) {
        let (_, cells) = row?;
        n_rows += 1;
        if n_rows > MAX_DATASET_ROWS {
            return Err(limit_err(format!(
                "数据集超过 {MAX_DATASET_ROWS} 行 (too many rows)"
            )));
        }
        for (c, v) in cells {
            if totals.len() <= c {
                totals.resize(c + 1, 0);
            }
            totals[c] += v.chars().count() as u64;
        }
    }
    if cols.dropped {
        warnings.push(format!(
            "列数超过 {MAX_DATASET_COLUMNS}，其余列未读取 (too many columns)"
        ));
    }
    let text_col = match &opts.text_column {
        Some(c) => match cols.index.get(c.as_str()) {
            Some(&i) => Some(i),
            None => {
                return Err(ds_err(format!(
                    "没有名为 “{c}” 的列；现有列：{} (no such column)",
                    cols.names.join("、")
                )))
            }
        },
        // The longest column (ties: the first).
        None => (0..totals.len())
            .filter(|&i| totals[i] > 0)
            .max_by(|&a, &b| totals[a].cmp(&totals[b]).then(b.cmp(&a))),
    };
    let text_name = text_col
        .and_then(|i| cols.names.get(i).cloned())
        .unwrap_or_default();

    // Pass 2: the records.
    let mut text = String::new();
    let mut records = Vec::new();
    let mut empty_rows = 0usize;
    let mut meta_bytes = 0usize;
    let mut rows = Rows::new(name, text_in, format, &header)?;
    while let Some(row) = rows.next_row(name, &mut cols, Some(&mut warnings)) {
        let (number, cells) = row?;
        let mut body = None;
        let mut metadata = BTreeMap::new();
        for (c, v) in cells {
            if Some(c) == text_col {
                body = Some(v);
            } else if let Some(k) = cols.names.get(c) {
                meta_bytes += k.len() + v.len() + 64;
                metadata.insert(k.clone(), v);
            }
        }
        if meta_bytes > MAX_METADATA_BYTES {
            return Err(limit_err(format!(
                "数据集的元数据超过 {} (too much metadata)",
                human(MAX_METADATA_BYTES as u64)
            )));
        }
        let body = encoding::normalize_newlines(body.as_deref().unwrap_or(""));
        let body = body.trim_matches(|c: char| c == '\n' || c == '\u{FEFF}');
        if body.trim().is_empty() {
            empty_rows += 1;
            if empty_rows <= 5 {
                warnings.push(format!(
                    "第 {number} 行的 {text_name} 列为空，已跳过 (empty text, row skipped)"
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
            row: number,
            metadata,
        });
    }
    if empty_rows > 5 {
        warnings.push(format!(
            "共 {empty_rows} 行文本为空，已跳过 (empty rows skipped)"
        ));
    }
    if n_rows == 0 {
        // A header without rows is an empty dataset, not a broken file.
        warnings.push("数据集没有数据行 (dataset has no rows)".into());
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
