//! `gongwen`: the command line. Glue only: parse arguments, call `gongwen-core`, print.
//!
//! Exit codes are a contract (DESIGN.md §3): 0 ok, 1 findings (check), 2 usage or
//! input error. A closed pipe (`gongwen … | head`) exits 0.

mod cmd;
mod load;
mod out;

use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: extraction makes several small strings per
/// quantity, and JSON output builds value trees; measured in docs/PERFORMANCE.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "gongwen",
    version,
    about = "读取、梳理、核查工作总结与工作计划 (read, outline, extract and check Chinese work reports)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Csv,
    Sarif,
}

/// Options shared by the commands that read documents.
#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// Files or folders (recursive); `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// For .csv/.jsonl datasets: the column holding the report text (default: the longest).
    #[arg(long)]
    pub text_column: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 提纲：标题、单位、层级、年份、标题树与各部分作用 (outline documents)
    Outline {
        #[command(flatten)]
        input: InputArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// 提取：数量指标与计划承诺 (extract quantities and commitments)
    Extract {
        #[command(flatten)]
        input: InputArgs,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Write the indicator table (quantities) to this XLSX file instead.
        #[arg(long)]
        xlsx: Option<std::path::PathBuf>,
    },
    /// 核查：像代码检查器一样检查文稿 (lint a draft)
    Check(cmd::check::CheckArgs),
    /// 规则：列出全部规则，或说明一条规则 (list rules / explain one)
    Rules {
        /// A rule code (GW101) or name (placeholder-residue).
        id: Option<String>,
    },
    /// 入库：把文件或文件夹加入资料库 (add files to the library)
    Add(cmd::add::AddArgs),
    /// 列出资料库中的文档 (list the library)
    List(cmd::list::ListArgs),
    /// 从资料库移除文件 (remove files from the library)
    Remove(cmd::remove::RemoveArgs),
    /// 由数据库重建全文索引 (rebuild the index)
    Reindex(cmd::reindex::ReindexArgs),
    /// 检索：短语精确匹配 (search the library)
    Search(cmd::search::SearchArgs),
    /// 相似段落 (similar passages)
    Similar(cmd::similar::SimilarArgs),
    /// 查重：本文哪些段落见于库中其他文档 (reused passages)
    Reuse(cmd::reuse::ReuseArgs),
    /// 库中近似重复段落的聚类 (near-duplicate clusters)
    Duplicates(cmd::duplicates::DuplicatesArgs),
    /// 台账：计划承诺逐项对照次年总结，导出Excel (the commitment ledger)
    Ledger(cmd::ledger::LedgerArgs),
    /// 服务：启动网页与 HTTP 接口 (serve the web page and the HTTP API)
    Serve(cmd::serve::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Outline { input, format } => cmd::outline::run(&input, format),
        Command::Extract {
            input,
            format,
            xlsx,
        } => match xlsx {
            Some(f) => cmd::ledger::extract_xlsx(&input, &f),
            None => cmd::extract::run(&input, format),
        },
        Command::Check(args) => cmd::check::run(&args),
        Command::Rules { id } => cmd::rules::run(id.as_deref()),
        Command::Add(a) => cmd::add::run(&a),
        Command::List(a) => cmd::list::run(&a),
        Command::Remove(a) => cmd::remove::run(&a),
        Command::Reindex(a) => cmd::reindex::run(&a),
        Command::Search(a) => cmd::search::run(&a),
        Command::Similar(a) => cmd::similar::run(&a),
        Command::Reuse(a) => cmd::reuse::run(&a),
        Command::Duplicates(a) => cmd::duplicates::run(&a),
        Command::Ledger(args) => cmd::ledger::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if out::is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("gongwen: 错误：{e:#}");
            ExitCode::from(2)
        }
    }
}
