//! `gongwen extract`: quantities and commitments as text, JSON, JSONL or CSV.

use crate::{load, out, Format, InputArgs};
use gongwen_core::extract;

pub fn run(args: &InputArgs, format: Format) -> anyhow::Result<u8> {
    let loaded = load::load(args)?;
    let files: Vec<serde_json::Value> = loaded
        .files
        .iter()
        .map(|f| serde_json::json!({ "path": f.outline.path, "documents": extract::extract(f) }))
        .collect();
    let _ = format; // text/jsonl/csv printers come with the extract stage
    out::write_json(&serde_json::json!({ "files": files }))?;
    Ok(if loaded.failed { 2 } else { 0 })
}
