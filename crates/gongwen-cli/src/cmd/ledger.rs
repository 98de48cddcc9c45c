//! `gongwen ledger`: the commitment ledger (台账) — every commitment of the plans read,
//! with its status against the same unit's review of that year; text, JSON, CSV or an
//! XLSX workbook. `gongwen ledger import FILE.xlsx` keeps the statuses and notes people
//! typed into the workbook, so the next export carries them. Also `gongwen extract
//! --xlsx FILE`: the indicator (quantity) table as a workbook.
//!
//! Documents: the PATHs given; without PATHs, the files the library holds (`--library
//! DIR`, `$GONGWEN_LIBRARY`, else the per-user library folder), read again from disk
//! through ingest → outline → extract (the library keeps paragraphs, not whole texts).
//!
//! Where imported statuses and notes are kept: `--notes FILE` (JSON) if given; else, in
//! a library folder holding `library.sqlite`, its table `ledger_manual` (key, status,
//! note, text, updated_at), keyed by the stable commitment key; else a JSON sidecar next
//! to the workbook (`台账.xlsx` → `台账.manual.json`).

use crate::{out, Format};
use anyhow::Context;
use clap::Subcommand;
use gongwen_core::extract;
use gongwen_ledger::export;
use gongwen_ledger::source::{self, Store};
use gongwen_ledger::{units, LedgerItem, Options, Status};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LedgerArgs {
    #[command(subcommand)]
    pub sub: Option<LedgerSub>,
    /// Files or folders (recursive) holding plans and summaries.
    pub paths: Vec<String>,
    /// The library folder (default `$GONGWEN_LIBRARY`); holds the imported statuses.
    #[arg(long)]
    pub library: Option<PathBuf>,
    /// Only commitments of this plan year.
    #[arg(long)]
    pub plan_year: Option<i32>,
    /// Only this unit (matched after normalising: 浙江 = 浙江省 = 浙江省人民政府).
    #[arg(long)]
    pub unit: Option<String>,
    /// Only this level: 省 市 区 县 乡 镇 街道 村.
    #[arg(long)]
    pub level: Option<String>,
    /// Only this status: done missed progress not-reported unknown (or 已完成 …).
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Also write the workbook to this file.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
    /// The file keeping imported statuses and notes (see the command's doc).
    #[arg(long)]
    pub notes: Option<PathBuf>,
    /// For .csv/.jsonl datasets: the column holding the report text.
    #[arg(long)]
    pub text_column: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum LedgerSub {
    /// 导入：读取工作簿中人工填写的状态和备注 (import statuses and notes from a workbook)
    Import {
        file: PathBuf,
        #[arg(long)]
        library: Option<PathBuf>,
        #[arg(long)]
        notes: Option<PathBuf>,
    },
}

fn library_dir(arg: &Option<PathBuf>) -> Option<PathBuf> {
    arg.clone()
        .or_else(|| std::env::var_os("GONGWEN_LIBRARY").map(PathBuf::from))
}

pub fn store_of(
    notes: &Option<PathBuf>,
    library: &Option<PathBuf>,
    xlsx: Option<&Path>,
) -> Option<Store> {
    if let Some(n) = notes {
        return Some(Store::Json(n.clone()));
    }
    if let Some(dir) = library_dir(library) {
        if dir.join("library.sqlite").exists() {
            return Some(Store::Library(dir));
        }
        return Some(Store::Json(dir.join("ledger-manual.json")));
    }
    xlsx.map(|x| Store::Json(x.with_extension("manual.json")))
}

fn keep(it: &LedgerItem, a: &LedgerArgs, status: Option<Status>) -> bool {
    if let Some(u) = &a.unit {
        let k = units::normalize(u);
        if units::match_keys(&k, &it.unit_key) == 0 && !it.unit.contains(u.as_str()) {
            return false;
        }
    }
    if let Some(l) = &a.level {
        if it.level.as_deref() != Some(l.as_str()) {
            return false;
        }
    }
    status.is_none_or(|s| it.effective_status() == s)
}

pub fn run(a: &LedgerArgs) -> anyhow::Result<u8> {
    if let Some(LedgerSub::Import {
        file,
        library,
        notes,
    }) = &a.sub
    {
        return import(file, library, notes);
    }
    let paths = if a.paths.is_empty() {
        let dir = gongwen_library::default_dir(a.library.as_deref());
        let (here, gone) = source::library_paths(&dir).map_err(|e| anyhow::anyhow!(e))?;
        for g in gone {
            eprintln!("gongwen: 警告：库中文件已不在磁盘上，跳过：{g}");
        }
        here
    } else {
        a.paths.clone()
    };
    let status = match a.status.as_deref() {
        Some(s) => Some(Status::parse(s).with_context(|| {
            format!(
                "未知状态“{s}”，可用：done missed progress not-reported unknown (unknown status)"
            )
        })?),
        None => None,
    };
    let loaded =
        source::load_views(&paths, a.text_column.clone()).map_err(|e| anyhow::anyhow!(e))?;
    for w in &loaded.warnings {
        eprintln!("gongwen: {w}");
    }
    let (views, failed) = (loaded.views, loaded.failed);
    let mut items = gongwen_ledger::reconcile(
        &views,
        &views,
        &Options {
            plan_year: a.plan_year,
        },
    );
    if let Some(st) = store_of(&a.notes, &a.library, a.xlsx.as_deref()) {
        st.load()
            .map_err(|e| anyhow::anyhow!(e))
            .with_context(|| format!("读取人工状态失败：{}", st.describe()))?
            .apply(&mut items);
    }
    items.retain(|it| keep(it, a, status));
    if let Some(x) = &a.xlsx {
        let title = match a.plan_year {
            Some(y) => format!("{y}年度工作任务落实情况台账"),
            None => "工作任务落实情况台账".to_string(),
        };
        export::write_xlsx(&items, &title, x).with_context(|| format!("写入 {}", x.display()))?;
        eprintln!("gongwen: 已写入台账 {}（{} 项）", x.display(), items.len());
    }
    match a.format {
        Format::Json | Format::Jsonl | Format::Sarif => {
            out::write_json(&export::json_value(&items))?
        }
        Format::Csv => {
            let mut w = out::stdout();
            w.write_all(&export::csv_bytes(&items)?)?;
            w.flush()?;
        }
        Format::Text => write_text(&items)?,
    }
    Ok(if failed { 2 } else { 0 })
}

fn write_text(items: &[LedgerItem]) -> anyhow::Result<()> {
    let mut w = out::stdout();
    for it in items {
        writeln!(
            w,
            "{}:{}: [{}] {} {}年 {}",
            it.path,
            it.line,
            it.effective_status().label(),
            it.unit,
            it.plan_year.map(|y| y.to_string()).unwrap_or_default(),
            it.text
        )?;
        writeln!(w, "    {}", it.reason)?;
        for e in &it.evidence {
            writeln!(w, "    证据 {}:{}: {}", e.path, e.line, e.text)?;
        }
        if let Some(n) = &it.note {
            writeln!(w, "    备注：{n}")?;
        }
    }
    let count = |s: Status| items.iter().filter(|i| i.effective_status() == s).count();
    writeln!(
        w,
        "共 {} 项：已完成 {}，未完成 {}，推进中 {}，未报告 {}，未知 {}",
        items.len(),
        count(Status::Done),
        count(Status::Missed),
        count(Status::Progress),
        count(Status::NotReported),
        count(Status::Unknown)
    )?;
    w.flush()?;
    Ok(())
}

fn import(file: &Path, library: &Option<PathBuf>, notes: &Option<PathBuf>) -> anyhow::Result<u8> {
    let rows = export::read_xlsx(file).with_context(|| format!("读取 {}", file.display()))?;
    let sp = store_of(notes, library, Some(file)).context("no store")?;
    let mut store = sp
        .load()
        .map_err(|e| anyhow::anyhow!(e))
        .with_context(|| format!("读取 {}", sp.describe()))?;
    let st = store.merge(&rows);
    sp.save(&store)
        .map_err(|e| anyhow::anyhow!(e))
        .with_context(|| format!("写入 {}", sp.describe()))?;
    eprintln!(
        "gongwen: 已导入 {} 行：人工状态 {} 项，备注 {} 条；保存在 {}",
        st.rows,
        st.statuses,
        st.notes,
        sp.describe()
    );
    Ok(0)
}

/// `gongwen extract --xlsx FILE`: the quantities of every document as a workbook.
pub fn extract_xlsx(input: &crate::InputArgs, file: &Path) -> anyhow::Result<u8> {
    let loaded = crate::load::load(input)?;
    let mut rows = Vec::new();
    for f in &loaded.files {
        for d in extract::extract(f) {
            for q in &d.quantities {
                rows.push(export::QuantityRow {
                    path: f.outline.path.clone(),
                    doc: d.index,
                    title: d.title.clone(),
                    role: q
                        .section_role
                        .map(|r| r.as_str().to_string())
                        .unwrap_or_default(),
                    subject: q.subject.clone().unwrap_or_default(),
                    value: q.value,
                    unit: q.unit.clone().unwrap_or_default(),
                    text: q.text.clone(),
                    line: q.line,
                });
            }
        }
    }
    std::fs::write(file, export::quantities_xlsx(&rows)?)
        .with_context(|| format!("写入 {}", file.display()))?;
    eprintln!(
        "gongwen: 已写入指标表 {}（{} 项）",
        file.display(),
        rows.len()
    );
    Ok(if loaded.failed { 2 } else { 0 })
}
