//! `gongwen add PATH...`: run files through the pipeline into the library, in parallel,
//! with a progress bar (bytes, rate, ETA) when stderr is a terminal.

use crate::cmd::LibraryArg;
use gongwen_library::{AddOptions, Progress};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// Files or folders (recursive).
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub library: LibraryArg,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::Format,
}

struct Bar(Option<ProgressBar>);

impl Progress for Bar {
    fn start(&self, files: usize, bytes: u64) {
        if let Some(b) = &self.0 {
            b.set_length(bytes);
            b.set_message(format!("{files} 个文件"));
        }
    }
    fn file_done(&self, bytes: u64) {
        if let Some(b) = &self.0 {
            b.inc(bytes);
        }
    }
}

pub fn run(args: &AddArgs) -> anyhow::Result<u8> {
    let dir = args.library.dir();
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} 添加 {msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} 剩余 {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Some(b)
    } else {
        None
    };
    let mut opts = AddOptions::default();
    if let Some(t) = args.threads {
        opts.threads = t.max(1);
    }
    let t0 = std::time::Instant::now();
    let progress = Bar(bar);
    let report = gongwen_library::add(&dir, &args.paths, &opts, &progress)?;
    if let Some(b) = &progress.0 {
        b.finish_and_clear();
    }
    for (p, e) in &report.failed {
        eprintln!("gongwen: 错误：{p}: {e}");
    }
    if args.format == crate::Format::Json {
        crate::out::write_json(&serde_json::json!({
            "library": dir.display().to_string(),
            "report": report,
            "seconds": t0.elapsed().as_secs_f64(),
        }))?;
    } else {
        eprintln!(
            "资料库 {}：新增 {} 个文件，更新 {} 个，未变 {} 个，失败 {} 个；{} 篇文档，{} 段，{} 字，用时 {:.1} 秒",
            dir.display(),
            report.added,
            report.replaced,
            report.unchanged,
            report.failed.len(),
            report.documents,
            report.paragraphs,
            report.chars,
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(if report.failed.is_empty() { 0 } else { 2 })
}
