//! `gongwen remove PATH...`: drop files (or every file under a folder) from the library.

use crate::cmd::LibraryArg;

#[derive(clap::Args, Debug)]
pub struct RemoveArgs {
    /// Paths as added (files, or folders to drop everything under them).
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub library: LibraryArg,
}

pub fn run(args: &RemoveArgs) -> anyhow::Result<u8> {
    let removed = gongwen_library::remove(&args.library.dir(), &args.paths)?;
    for p in &removed {
        println!("已移除 {p}");
    }
    if removed.is_empty() {
        eprintln!("gongwen: 资料库中没有这些路径 (nothing matched)");
        return Ok(2);
    }
    Ok(0)
}
