//! Exports of the ledger — XLSX (the sheet a 督查室 hands out), CSV (UTF-8 with BOM, so
//! Excel opens the Chinese correctly), JSON — and the import of what people typed back
//! into the workbook.
//!
//! Workbook layout: a summary sheet `汇总` (counts by unit × status) and one sheet per
//! unit with the columns 序号 单位 任务 目标 时限 责任 状态 进展/证据 得分 说明 备注, then
//! two hidden columns 键 (the stable [`commitment_key`](crate::commitment_key)) and
//! 自动判定 (the computed status). The header row is frozen, long columns wrap, 状态 has
//! a drop-down (已完成/未完成/推进中/未报告/未知), and there is an autofilter.
//!
//! Import reads every unit sheet back: a 状态 that differs from 自动判定 becomes the
//! item's `manual_status`, a non-empty 备注 its `note`. [`ManualStore`] keeps them (a JSON
//! file) keyed by the commitment key and never drops an entry it does not see again, so
//! the next export carries them.

use crate::reconcile::{LedgerItem, Status};
use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Errors of export and import.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("写入XLSX失败 (xlsx write): {0}")]
    Xlsx(#[from] XlsxError),
    #[error("读取XLSX失败 (xlsx read): {0}")]
    Read(String),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("工作簿中没有台账表（缺少“状态”“键”列） (no ledger sheet found)")]
    NoLedgerSheet,
}

/// Column headers of a unit sheet, in order.
pub const COLUMNS: [&str; 13] = [
    "序号",
    "单位",
    "任务",
    "目标",
    "时限",
    "责任",
    "状态",
    "进展/证据",
    "得分",
    "说明",
    "备注",
    "键",
    "自动判定",
];
const WIDTHS: [f64; 13] = [
    6.0, 14.0, 48.0, 14.0, 16.0, 14.0, 10.0, 60.0, 7.0, 40.0, 30.0, 10.0, 10.0,
];
const STATUS_COL: u16 = 6;
const NOTE_COL: u16 = 10;
const KEY_COL: u16 = 11;
const AUTO_COL: u16 = 12;

/// A sheet name Excel accepts: no `[]:*?/\`, no leading/trailing `'`, ≤ 31 characters,
/// not empty, distinct (case-insensitively) from the names in `taken`.
pub fn sheet_name(name: &str, taken: &mut HashSet<String>) -> String {
    let mut base: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect();
    base = base.trim_matches('\'').trim().to_string();
    if base.is_empty() {
        base = "未识别单位".into();
    }
    let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let mut cand = cut(&base, 31);
    let mut k = 2;
    while taken.contains(&cand.to_lowercase()) {
        let suffix = format!("({k})");
        cand = format!("{}{}", cut(&base, 31 - suffix.chars().count()), suffix);
        k += 1;
    }
    taken.insert(cand.to_lowercase());
    cand
}

fn evidence_cell(it: &LedgerItem) -> String {
    it.evidence
        .iter()
        .map(|e| {
            let file = e.path.rsplit(['/', '\\']).next().unwrap_or(&e.path);
            format!("{}（{}第{}行）", e.text, file, e.line)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Items grouped by unit (in the order of first appearance).
fn by_unit(items: &[LedgerItem]) -> Vec<(String, Vec<&LedgerItem>)> {
    let mut order: Vec<String> = Vec::new();
    let mut map: BTreeMap<String, Vec<&LedgerItem>> = BTreeMap::new();
    for it in items {
        let k = if it.unit_key.is_empty() {
            it.unit.clone()
        } else {
            it.unit_key.clone()
        };
        if !map.contains_key(&k) {
            order.push(k.clone());
        }
        map.entry(k).or_default().push(it);
    }
    order
        .into_iter()
        .map(|k| {
            let v = map.remove(&k).unwrap_or_default();
            let name = v.first().map(|i| i.unit.clone()).unwrap_or(k);
            (name, v)
        })
        .collect()
}

/// Write the workbook to bytes.
pub fn xlsx_bytes(items: &[LedgerItem], title: &str) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let num = Format::new()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_num_format("0.00");
    let groups = by_unit(items);
    let mut taken = HashSet::new();

    // Summary sheet.
    let sum_name = sheet_name("汇总", &mut taken);
    let ws = wb.add_worksheet();
    ws.set_name(&sum_name)?;
    let mut hdr = vec!["单位".to_string()];
    hdr.extend(Status::ALL.iter().map(|s| s.label().to_string()));
    hdr.push("合计".into());
    ws.merge_range(0, 0, 0, hdr.len() as u16 - 1, title, &head)?;
    for (c, h) in hdr.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, &head)?;
        ws.set_column_width(c as u16, if c == 0 { 28.0 } else { 10.0 })?;
    }
    let mut totals = [0usize; 6];
    for (r, (unit, v)) in groups.iter().enumerate() {
        let row = r as u32 + 2;
        ws.write_string_with_format(row, 0, unit, &cell)?;
        for (c, st) in Status::ALL.iter().enumerate() {
            let n = v.iter().filter(|i| i.effective_status() == *st).count();
            totals[c] += n;
            ws.write_number_with_format(row, c as u16 + 1, n as f64, &cell)?;
        }
        totals[5] += v.len();
        ws.write_number_with_format(row, 6, v.len() as f64, &cell)?;
    }
    let trow = groups.len() as u32 + 2;
    ws.write_string_with_format(trow, 0, "合计", &head)?;
    for (c, n) in totals.iter().enumerate() {
        ws.write_number_with_format(trow, c as u16 + 1, *n as f64, &head)?;
    }
    ws.set_freeze_panes(2, 0)?;

    // One sheet per unit.
    let labels: Vec<&str> = Status::ALL.iter().map(|s| s.label()).collect();
    let dv = DataValidation::new()
        .allow_list_strings(&labels)?
        .set_error_title("状态")?
        .set_error_message("请从下拉列表中选择：已完成、未完成、推进中、未报告、未知")?;
    for (unit, v) in &groups {
        let name = sheet_name(unit, &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        for (c, h) in COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
            ws.set_column_width(c as u16, WIDTHS[c])?;
        }
        ws.set_column_hidden(KEY_COL)?;
        ws.set_column_hidden(AUTO_COL)?;
        for (r, it) in v.iter().enumerate() {
            let row = r as u32 + 1;
            let target = it.target.clone().unwrap_or_default();
            let cells: [(u16, String); 10] = [
                (1, it.unit.clone()),
                (2, it.text.clone()),
                (3, target),
                (
                    4,
                    it.deadline.clone().unwrap_or_else(|| {
                        it.plan_year.map(|y| format!("{y}年底")).unwrap_or_default()
                    }),
                ),
                (5, it.unit.clone()),
                (STATUS_COL, it.effective_status().label().to_string()),
                (7, evidence_cell(it)),
                (9, it.reason.clone()),
                (NOTE_COL, it.note.clone().unwrap_or_default()),
                (KEY_COL, it.key.clone()),
            ];
            ws.write_number_with_format(row, 0, (r + 1) as f64, &cell)?;
            for (c, s) in cells {
                ws.write_string_with_format(row, c, &s, &cell)?;
            }
            ws.write_number_with_format(row, 8, it.score, &num)?;
            ws.write_string_with_format(row, AUTO_COL, it.status.label(), &cell)?;
        }
        let last = v.len().max(1) as u32;
        ws.add_data_validation(1, STATUS_COL, last.max(200), STATUS_COL, &dv)?;
        ws.autofilter(0, 0, last, NOTE_COL)?;
        ws.set_freeze_panes(1, 0)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// Write the workbook to a file.
pub fn write_xlsx(items: &[LedgerItem], title: &str, path: &Path) -> Result<(), ExportError> {
    std::fs::write(path, xlsx_bytes(items, title)?)?;
    Ok(())
}

/// CSV with a UTF-8 BOM: the workbook's columns plus 文件, 行.
pub fn csv_bytes(items: &[LedgerItem]) -> Result<Vec<u8>, ExportError> {
    let mut buf = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        w.write_record([
            "序号",
            "单位",
            "计划年度",
            "任务",
            "目标",
            "时限",
            "状态",
            "进展/证据",
            "得分",
            "说明",
            "备注",
            "文件",
            "行",
            "键",
        ])?;
        for (i, it) in items.iter().enumerate() {
            w.write_record([
                (i + 1).to_string(),
                it.unit.clone(),
                it.plan_year.map(|y| y.to_string()).unwrap_or_default(),
                it.text.clone(),
                it.target.clone().unwrap_or_default(),
                it.deadline.clone().unwrap_or_default(),
                it.effective_status().as_str().to_string(),
                evidence_cell(it),
                format!("{:.2}", it.score),
                it.reason.clone(),
                it.note.clone().unwrap_or_default(),
                it.path.clone(),
                it.line.to_string(),
                it.key.clone(),
            ])?;
        }
        w.flush()?;
    }
    Ok(buf)
}

/// The JSON of DESIGN.md §4: `{"items":[…]}`.
pub fn json_value(items: &[LedgerItem]) -> serde_json::Value {
    serde_json::json!({ "items": items })
}

/// One row read back from a workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRow {
    pub sheet: String,
    pub key: String,
    pub text: String,
    /// The status in the 状态 column.
    pub status: Option<Status>,
    /// The computed status in the hidden 自动判定 column.
    pub auto: Option<Status>,
    pub note: Option<String>,
}

/// Largest workbook `ledger import` reads (64 MiB; a ledger of thousands of commitments
/// is a few hundred KiB).
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;
/// Most zip entries of an imported workbook.
pub const MAX_IMPORT_ENTRIES: usize = 10_000;
/// Most bytes inflated from one part of an imported workbook (64 MiB), counted while
/// inflating: the sizes in the zip headers are not trusted.
pub const MAX_IMPORT_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes inflated from all parts of an imported workbook (256 MiB).
pub const MAX_IMPORT_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// Read the unit sheets of a ledger workbook. The file's size is checked before it is
/// read; see [`read_xlsx_from`] for the other limits.
pub fn read_xlsx(path: &Path) -> Result<Vec<ImportedRow>, ExportError> {
    use std::io::Read;
    let len = std::fs::metadata(path)?.len();
    if len > MAX_IMPORT_BYTES {
        return Err(too_big(format!(
            "文件过大（{len} 字节，上限 {MAX_IMPORT_BYTES} 字节）(file too large)"
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big(format!(
            "文件过大（上限 {MAX_IMPORT_BYTES} 字节）(file too large)"
        )));
    }
    read_xlsx_from(std::io::Cursor::new(bytes))
}

fn too_big(detail: String) -> ExportError {
    ExportError::Read(format!("超出处理上限：{detail}"))
}

/// Inflate every part of the package once, counting, before calamine reads it: a zip
/// bomb (in sharedStrings.xml or a sheet) is refused instead of filling memory.
fn check_package<R: std::io::Read + std::io::Seek>(reader: &mut R) -> Result<(), ExportError> {
    let mut zip =
        zip::ZipArchive::new(&mut *reader).map_err(|e| ExportError::Read(e.to_string()))?;
    if zip.len() > MAX_IMPORT_ENTRIES {
        return Err(too_big(format!(
            "压缩包条目过多（{} 个，上限 {MAX_IMPORT_ENTRIES}）(too many entries)",
            zip.len()
        )));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| ExportError::Read(e.to_string()))?;
        let name = part
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let n = std::io::copy(
            &mut std::io::Read::take(&mut part, MAX_IMPORT_PART_BYTES + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| ExportError::Read(format!("{name}：{e}")))?;
        if n > MAX_IMPORT_PART_BYTES {
            return Err(too_big(format!(
                "{name} 解压后超过 {} MiB（疑似压缩炸弹）(zip bomb: part too large)",
                MAX_IMPORT_PART_BYTES >> 20
            )));
        }
        total += n;
        if total > MAX_IMPORT_TOTAL_BYTES {
            return Err(too_big(format!(
                "工作簿解压后超过 {} MiB（疑似压缩炸弹）(zip bomb: workbook too large)",
                MAX_IMPORT_TOTAL_BYTES >> 20
            )));
        }
    }
    Ok(())
}

/// Read the unit sheets of a ledger workbook given as bytes (or any seekable reader).
///
/// Bounded: at most [`MAX_IMPORT_ENTRIES`] zip entries and [`MAX_IMPORT_PART_BYTES`] /
/// [`MAX_IMPORT_TOTAL_BYTES`] inflated; sheets are streamed cell by cell, so a sheet
/// whose cells sit at opposite corners of the grid costs two cells, not a dense range of
/// 17 billion (calamine's `worksheet_range` would allocate it).
pub fn read_xlsx_from<R: std::io::Read + std::io::Seek>(
    mut reader: R,
) -> Result<Vec<ImportedRow>, ExportError> {
    check_package(&mut reader)?;
    reader.seek(std::io::SeekFrom::Start(0))?;
    let mut wb = Xlsx::new(reader).map_err(|e| ExportError::Read(e.to_string()))?;
    let mut out = Vec::new();
    let mut found = false;
    for name in wb.sheet_names().to_vec() {
        let Ok(mut cells) = wb.worksheet_cells_reader(&name) else {
            continue;
        };
        // The first row holds the headers; later rows keep only the wanted columns.
        let mut header: Option<(u32, Vec<(u32, String)>)> = None;
        let mut cols: Option<Cols> = None;
        let mut row: Option<(u32, BTreeMap<u32, String>)> = None;
        let mut rows: Vec<BTreeMap<u32, String>> = Vec::new();
        loop {
            let cell = match cells.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(ExportError::Read(format!("{name}：{e}"))),
            };
            let (r, c) = cell.get_position();
            let text = || calamine::Data::from(cell.get_value().clone()).to_string();
            match &mut header {
                None => {
                    header = Some((r, vec![(c, text())]));
                    continue;
                }
                Some((hr, h)) if *hr == r && cols.is_none() => {
                    h.push((c, text()));
                    continue;
                }
                Some((_, h)) => {
                    if cols.is_none() {
                        cols = Some(Cols::of(h));
                    }
                }
            }
            let Some(want) = &cols else { continue };
            if !want.wanted(c) {
                continue;
            }
            match &mut row {
                Some((rr, m)) if *rr == r => {
                    m.insert(c, text());
                }
                _ => {
                    if let Some((_, m)) = row.take() {
                        rows.push(m);
                    }
                    row = Some((r, BTreeMap::from([(c, text())])));
                }
            }
        }
        if let Some((_, m)) = row.take() {
            rows.push(m);
        }
        let cols = match (cols, &header) {
            (Some(c), _) => c,
            (None, Some((_, h))) => Cols::of(h),
            (None, None) => continue,
        };
        let (Some(kc), Some(sc)) = (cols.key, cols.status) else {
            continue;
        };
        found = true;
        for m in rows {
            let get = |c: Option<u32>| {
                c.and_then(|c| m.get(&c))
                    .map(|d| d.trim().to_string())
                    .unwrap_or_default()
            };
            let key = get(Some(kc));
            if key.is_empty() {
                continue;
            }
            let note = get(cols.note);
            out.push(ImportedRow {
                sheet: name.clone(),
                key,
                text: get(cols.task),
                status: Status::parse(&get(Some(sc))),
                auto: Status::parse(&get(cols.auto)),
                note: (!note.is_empty()).then_some(note),
            });
        }
    }
    if !found {
        return Err(ExportError::NoLedgerSheet);
    }
    Ok(out)
}

/// The columns of a unit sheet, found by their headers.
struct Cols {
    key: Option<u32>,
    status: Option<u32>,
    note: Option<u32>,
    auto: Option<u32>,
    task: Option<u32>,
}

impl Cols {
    fn of(header: &[(u32, String)]) -> Cols {
        let col = |name: &str| {
            header
                .iter()
                .find(|(_, t)| t.trim() == name)
                .map(|(c, _)| *c)
        };
        Cols {
            key: col("键"),
            status: col("状态"),
            note: col("备注"),
            auto: col("自动判定"),
            task: col("任务"),
        }
    }
    fn wanted(&self, c: u32) -> bool {
        [self.key, self.status, self.note, self.auto, self.task].contains(&Some(c))
    }
}

/// What a person set for one commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ManualEntry {
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub note: Option<String>,
    /// The commitment text, for a person reading the file.
    #[serde(default)]
    pub text: String,
}

/// Statuses and notes typed in by people, keyed by commitment key. Stored as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ManualStore {
    pub entries: BTreeMap<String, ManualEntry>,
}

/// Counts of an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportStats {
    pub rows: usize,
    pub statuses: usize,
    pub notes: usize,
}

impl ManualStore {
    /// Load from a JSON file; a missing file is an empty store.
    pub fn load(path: &Path) -> Result<ManualStore, ExportError> {
        match std::fs::read(path) {
            Ok(b) => Ok(serde_json::from_slice(&b)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ManualStore::default()),
            Err(e) => Err(e.into()),
        }
    }

    /// Save atomically (write a temporary file beside it, then rename).
    pub fn save(&self, path: &Path) -> Result<(), ExportError> {
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(self)?)?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    }

    /// Merge rows read from a workbook. A status is kept when it differs from the
    /// computed one (or an earlier manual status exists); a note when non-empty. An
    /// emptied note cell clears the note. Entries not in `rows` stay as they are.
    pub fn merge(&mut self, rows: &[ImportedRow]) -> ImportStats {
        let mut st = ImportStats::default();
        for r in rows {
            st.rows += 1;
            let had = self.entries.contains_key(&r.key);
            let e = self.entries.entry(r.key.clone()).or_default();
            if e.text.is_empty() {
                e.text = r.text.clone();
            }
            if let Some(s) = r.status {
                if Some(s) != r.auto || e.status.is_some() {
                    e.status = if Some(s) == r.auto && !had {
                        None
                    } else {
                        Some(s)
                    };
                    if e.status.is_some() {
                        st.statuses += 1;
                    }
                }
            }
            if r.note.is_some() {
                st.notes += 1;
            }
            e.note = r.note.clone();
            if e.status.is_none() && e.note.is_none() {
                self.entries.remove(&r.key);
            }
        }
        st
    }

    /// Carry the stored statuses and notes onto freshly computed items.
    pub fn apply(&self, items: &mut [LedgerItem]) {
        for it in items {
            if let Some(e) = self.entries.get(&it.key) {
                it.manual_status = e.status;
                it.note = e.note.clone();
            }
        }
    }
}

/// One row of the indicator table (`gongwen extract --xlsx`).
#[derive(Debug, Clone, PartialEq)]
pub struct QuantityRow {
    pub path: String,
    pub doc: usize,
    pub title: String,
    /// Section role: review / plan / …
    pub role: String,
    pub subject: String,
    pub value: Option<f64>,
    pub unit: String,
    pub text: String,
    pub line: usize,
}

/// The indicator table as a workbook: 文件 文档 部分 指标 数值 单位 原文 行, frozen header,
/// autofilter.
pub fn quantities_xlsx(rows: &[QuantityRow]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name("指标")?;
    let cols = ["文件", "文档", "部分", "指标", "数值", "单位", "原文", "行"];
    let widths = [30.0, 30.0, 10.0, 30.0, 14.0, 10.0, 20.0, 7.0];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, widths[c])?;
    }
    for (r, q) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        let role = match q.role.as_str() {
            "review" => "回顾",
            "plan" => "计划",
            "problems" => "问题",
            "suggestions" => "建议",
            "" => "",
            _ => "其他",
        };
        ws.write_string_with_format(row, 0, &q.path, &wrap)?;
        ws.write_string_with_format(row, 1, format!("{} {}", q.doc, q.title), &wrap)?;
        ws.write_string(row, 2, role)?;
        ws.write_string_with_format(row, 3, &q.subject, &wrap)?;
        if let Some(v) = q.value {
            ws.write_number(row, 4, v)?;
        }
        ws.write_string(row, 5, &q.unit)?;
        ws.write_string_with_format(row, 6, &q.text, &wrap)?;
        ws.write_number(row, 7, q.line as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len().max(1) as u32, 7)?;
    Ok(wb.save_to_buffer()?)
}
