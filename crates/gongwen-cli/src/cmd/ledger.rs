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
use gongwen_core::ingest::{self, IngestOptions};
use gongwen_core::{extract, outline};
use gongwen_ledger::export::{self, ManualStore};
use gongwen_ledger::{units, DocView, LedgerItem, Options, Status};
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

/// Where the imported statuses and notes live (see the module doc).
pub enum Store {
    Json(PathBuf),
    Library(PathBuf),
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

const MANUAL_TABLE: &str = "CREATE TABLE IF NOT EXISTS ledger_manual(
  key TEXT PRIMARY KEY,
  status TEXT,
  note TEXT,
  text TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
)";

impl Store {
    fn describe(&self) -> String {
        match self {
            Store::Json(p) => p.display().to_string(),
            Store::Library(d) => format!("{}（library.sqlite 表 ledger_manual）", d.display()),
        }
    }

    fn load(&self) -> anyhow::Result<ManualStore> {
        match self {
            Store::Json(p) => Ok(ManualStore::load(p)?),
            Store::Library(dir) => {
                let conn = gongwen_library::store::open(dir, false)?;
                conn.execute_batch(MANUAL_TABLE)?;
                let mut st = conn.prepare("SELECT key, status, note, text FROM ledger_manual")?;
                let rows = st.query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })?;
                let mut store = ManualStore::default();
                for row in rows {
                    let (key, status, note, text) = row?;
                    store.entries.insert(
                        key,
                        export::ManualEntry {
                            status: status.as_deref().and_then(Status::parse),
                            note,
                            text,
                        },
                    );
                }
                Ok(store)
            }
        }
    }

    fn save(&self, store: &ManualStore) -> anyhow::Result<()> {
        match self {
            Store::Json(p) => Ok(store.save(p)?),
            Store::Library(dir) => {
                let mut conn = gongwen_library::store::open(dir, true)?;
                conn.execute_batch(MANUAL_TABLE)?;
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0);
                // One transaction: the table becomes the merged store, which was loaded
                // from it, so nothing is lost, and a crash leaves the old rows.
                let tx = conn.transaction()?;
                tx.execute("DELETE FROM ledger_manual", [])?;
                for (k, e) in &store.entries {
                    tx.execute(
                        "INSERT INTO ledger_manual(key, status, note, text, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        (k, e.status.map(|s| s.as_str()), e.note.as_deref(), e.text.as_str(), now),
                    )?;
                }
                tx.commit()?;
                Ok(())
            }
        }
    }
}

/// The files a library holds that are still on disk (the others are named on stderr).
fn library_paths(library: &Option<PathBuf>) -> anyhow::Result<Vec<String>> {
    let dir = gongwen_library::default_dir(library.as_deref());
    if !dir.join("library.sqlite").exists() {
        anyhow::bail!(
            "资料库 {} 不存在：请先 gongwen add，或直接给出文件/文件夹 (no library; give PATH...)",
            dir.display()
        );
    }
    let mut paths: Vec<String> = gongwen_library::list(&dir)?
        .into_iter()
        .map(|d| d.path)
        .collect();
    paths.dedup();
    let (here, gone): (Vec<String>, Vec<String>) =
        paths.into_iter().partition(|p| Path::new(p).exists());
    for g in gone {
        eprintln!("gongwen: 警告：库中文件已不在磁盘上，跳过：{g}");
    }
    Ok(here)
}

/// Read every path through ingest → outline → extract into ledger views.
fn load_views(
    paths: &[String],
    text_column: Option<String>,
) -> anyhow::Result<(Vec<DocView>, bool)> {
    let opts = IngestOptions {
        text_column,
        ..Default::default()
    };
    let mut views = Vec::new();
    let mut failed = false;
    for p in ingest::expand_paths(paths)? {
        let r = if p == "-" {
            ingest::read_stdin(&opts)
        } else {
            ingest::read_file(Path::new(&p), &opts)
        };
        match r {
            Ok(input) => {
                let o = outline::outline(&input);
                let ex = extract::extract(&o);
                views.extend(gongwen_ledger::views_of(&input, &o, &ex));
            }
            Err(e) => {
                eprintln!("gongwen: 错误：{e}");
                failed = true;
            }
        }
    }
    Ok((views, failed))
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
        library_paths(&a.library)?
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
    let (views, failed) = load_views(&paths, a.text_column.clone())?;
    let mut items = gongwen_ledger::reconcile(
        &views,
        &views,
        &Options {
            plan_year: a.plan_year,
        },
    );
    if let Some(st) = store_of(&a.notes, &a.library, a.xlsx.as_deref()) {
        st.load()
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
        .with_context(|| format!("读取 {}", sp.describe()))?;
    let st = store.merge(&rows);
    sp.save(&store)
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
