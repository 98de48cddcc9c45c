//! Reading the user's paths into outlined files, reporting unreadable ones on stderr.

use crate::InputArgs;
use gongwen_core::ingest::{self, IngestOptions};
use gongwen_core::outline::{self, Outlined};
use std::path::Path;

/// The readable inputs, outlined, and whether any input failed.
pub struct Loaded {
    pub files: Vec<Outlined>,
    pub failed: bool,
}

/// Read, decode and outline every path. Unreadable inputs are reported on stderr in
/// Chinese and English and make the command exit 2 at the end; the others go on.
/// `-` reads standard input (once: a second `-` finds it empty).
pub fn load(args: &InputArgs) -> anyhow::Result<Loaded> {
    let opts = IngestOptions {
        text_column: args.text_column.clone(),
        ..Default::default()
    };
    let paths = ingest::expand_paths(&args.paths)?;
    let mut files = Vec::new();
    let mut failed = false;
    for p in paths {
        let result = if p == "-" {
            ingest::read_stdin(&opts)
        } else {
            ingest::read_file(Path::new(&p), &opts)
        };
        match result {
            Ok(input) => {
                for w in &input.warnings {
                    eprintln!("gongwen: 警告：{}：{w}", input.path);
                }
                files.push(outline::outline(&input));
            }
            Err(e) => {
                eprintln!("gongwen: 错误：{e}");
                failed = true;
            }
        }
    }
    Ok(Loaded { files, failed })
}
