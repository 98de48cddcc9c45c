//! Reading the user's paths into outlined files, reporting unreadable ones on stderr.

use crate::InputArgs;
use gongwen_core::ingest::{self, IngestOptions};
use gongwen_core::outline::{self, Outlined};
use std::io::Read;
use std::path::Path;

/// The readable inputs, outlined, and whether any input failed.
pub struct Loaded {
    pub files: Vec<Outlined>,
    pub failed: bool,
}

/// Read, decode and outline every path. Unreadable inputs are reported on stderr in
/// Chinese and English and make the command exit 2 at the end; the others go on.
pub fn load(args: &InputArgs) -> anyhow::Result<Loaded> {
    let opts = IngestOptions {
        text_column: args.text_column.clone(),
    };
    let paths = ingest::expand_paths(&args.paths)?;
    let mut files = Vec::new();
    let mut failed = false;
    for p in paths {
        let result = if p == "-" {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            ingest::from_bytes("-", &buf, &opts)
        } else {
            ingest::read_file(Path::new(&p), &opts)
        };
        match result {
            Ok(input) => files.push(outline::outline(&input)),
            Err(e) => {
                eprintln!("gongwen: 错误：{e}");
                failed = true;
            }
        }
    }
    Ok(Loaded { files, failed })
}
