//! `gongwen extract`: quantities and commitments as text, JSON, JSONL or CSV.

use crate::{load, out, Format, InputArgs};
use gongwen_core::{extract, report};

pub fn run(args: &InputArgs, format: Format) -> anyhow::Result<u8> {
    let loaded = load::load(args)?;
    let docs: Vec<_> = loaded.files.iter().map(extract::extract).collect();
    let files: Vec<report::ExtractedFile> = loaded
        .files
        .iter()
        .zip(&docs)
        .map(|(f, d)| report::ExtractedFile {
            path: &f.outline.path,
            documents: d,
        })
        .collect();
    let _ = format; // text/jsonl/csv printers come with the extract stage
    out::write_json(&report::extract_json(&files))?;
    Ok(if loaded.failed { 2 } else { 0 })
}
