//! `gongwen reindex`: rebuild the full-text index from SQLite.

use crate::cmd::LibraryArg;

#[derive(clap::Args, Debug)]
pub struct ReindexArgs {
    #[command(flatten)]
    pub library: LibraryArg,
}

pub fn run(args: &ReindexArgs) -> anyhow::Result<u8> {
    let t0 = std::time::Instant::now();
    let n = gongwen_library::reindex(&args.library.dir())?;
    eprintln!(
        "已重建索引：{n} 个文件，用时 {:.1} 秒",
        t0.elapsed().as_secs_f64()
    );
    Ok(0)
}
