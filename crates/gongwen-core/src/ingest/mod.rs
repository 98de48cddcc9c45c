//! ingest: bytes → [`Input`]. Detects format and encoding, decodes to UTF-8 text with
//! `\n` line ends, and keeps what the format knows (heading styles, dataset rows).
//!
//! | format | detected by | text | hints / records |
//! |---|---|---|---|
//! | text (.txt .md .text) | extension, or anything not sniffed as another format | [`encoding::decode`] | — |
//! | .docx | extension, or a zip holding `word/document.xml` | one line per paragraph, table cells included, auto-numbers rendered | style, outline level, in_table |
//! | .html .htm | extension, or `<!doctype html` / `<html` at the start | visible text, block elements as lines | h1–h6 outline levels |
//! | .pdf | extension, or `%PDF-` | poppler's `pdftotext` text layer | — |
//! | .csv .jsonl | extension | the rows' text column joined by a blank line | one [`Record`](crate::model::Record) per row |
//!
//! **Spans.** `Input.text` is the decoded, `\n`-normalised text without BOM; every
//! offset of later stages points into it. For datasets it is the rows' texts joined
//! with `"\n\n"`, and each record's `start..end` says where its row is.
//!
//! Every read is bounded: see [`limits`] (and `docs/LIMITS.md`).

pub mod dataset;
pub mod docx;
pub mod encoding;
pub mod html;
pub mod limits;
pub mod pdf;

use crate::error::Error;
use crate::model::{Format, Input};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Options for reading inputs.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// For .csv/.jsonl datasets: the column holding the report text (default: the
    /// column with the longest texts).
    pub text_column: Option<String>,
    /// The `pdftotext` program to run (default: `pdftotext` on `PATH`).
    pub pdftotext: Option<PathBuf>,
    /// Wall-clock limit for `pdftotext` (default: [`limits::PDF_TIMEOUT`]).
    pub pdf_timeout: Option<std::time::Duration>,
}

/// Extensions read when walking a folder (an explicitly named file of any extension is
/// read too, its format sniffed).
pub const KNOWN_EXTENSIONS: &[&str] = &[
    "txt", "md", "text", "docx", "html", "htm", "pdf", "csv", "jsonl",
];

/// The format an extension names, if any.
pub fn format_for_extension(ext: &str) -> Option<Format> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "txt" | "md" | "text" => Format::Text,
        "docx" => Format::Docx,
        "html" | "htm" | "xhtml" => Format::Html,
        "pdf" => Format::Pdf,
        "csv" => Format::Csv,
        "jsonl" | "ndjson" => Format::Jsonl,
        _ => return None,
    })
}

/// What the first bytes say the format is. Plain text when nothing else matches.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") && docx::looks_like_docx(bytes) {
        return Format::Docx;
    }
    if bytes.starts_with(b"%PDF-") {
        return Format::Pdf;
    }
    if html::looks_like_html(bytes) {
        return Format::Html;
    }
    Format::Text
}

/// Read one input from bytes; `name` decides the format by its extension, and the bytes
/// are sniffed when the extension is unknown (or `name` is `-`, stdin).
pub fn from_bytes(name: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Input, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty {
            path: name.to_string(),
        });
    }
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit: limits::MAX_FILE_BYTES,
        });
    }
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let format = match format_for_extension(ext) {
        // A .txt that is really a .docx, a PDF or a web page: trust the bytes.
        Some(Format::Text) if sniff(bytes) != Format::Text => sniff(bytes),
        Some(f) => f,
        None => sniff(bytes),
    };
    let mut input = match format {
        Format::Text => read_text(name, bytes),
        Format::Docx => docx::read(name, bytes),
        Format::Html => html::read(name, bytes),
        Format::Pdf => pdf::read(name, bytes, opts),
        Format::Csv | Format::Jsonl => dataset::read(name, bytes, format, opts),
    }?;
    if input.text.len() > limits::MAX_DECODED_BYTES {
        return Err(Error::Limit {
            path: name.to_string(),
            detail: format!(
                "解码后的文本超过 {}",
                limits::human(limits::MAX_DECODED_BYTES as u64)
            ),
        });
    }
    if let Some((line, len)) = overlong_line(&input.text, limits::MAX_LINE_BYTES) {
        return Err(Error::Limit {
            path: name.to_string(),
            detail: format!(
                "第 {line} 行过长（{len} 字节，上限 {}）(line too long)",
                limits::human(limits::MAX_LINE_BYTES as u64)
            ),
        });
    }
    if input.text.trim().is_empty() && input.records.is_empty() && input.warnings.is_empty() {
        // Not an error (the file is readable), but worth saying: a page rendered by
        // scripts, a docx holding only pictures, a text file of blank lines.
        input
            .warnings
            .push("没有读到任何文字 (no text found)".to_string());
    }
    Ok(input)
}

/// The first line (1-based) longer than `max` bytes, with its length.
pub fn overlong_line(text: &str, max: usize) -> Option<(usize, usize)> {
    if text.len() <= max {
        return None;
    }
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for (i, end) in ends.enumerate() {
        if end - start > max {
            return Some((i + 1, end - start));
        }
        start = end + 1;
    }
    None
}

/// A plain text file: decode, refuse binary data and legacy Word files.
fn read_text(name: &str, bytes: &[u8]) -> Result<Input, Error> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(Error::Unsupported {
            path: name.to_string(),
            detail: "旧版 Word (.doc) 或其他 OLE 文件，请另存为 .docx 后再读取 (legacy .doc: save as .docx)".into(),
        });
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::Unsupported {
            path: name.to_string(),
            detail: "zip 压缩包（不是 .docx）(a zip archive that is not a .docx)".into(),
        });
    }
    let decoded = encoding::decode(bytes).map_err(|_| Error::Binary {
        path: name.to_string(),
    })?;
    Ok(Input {
        path: name.to_string(),
        format: Format::Text,
        encoding: decoded.encoding,
        text: decoded.text,
        hints: vec![],
        records: vec![],
        warnings: decoded.warnings,
    })
}

/// Read at most `limit` bytes; more is [`Error::TooLarge`] (with `size` the bytes seen).
fn read_capped(name: &str, reader: impl Read, limit: u64) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|source| Error::Io {
            path: name.to_string(),
            source,
        })?;
    if buf.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: name.to_string(),
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(buf)
}

/// Read a file from disk. Its size is checked from metadata before anything is read,
/// and the read itself is capped (the file may grow, or be a device).
pub fn read_file(path: &Path, opts: &IngestOptions) -> Result<Input, Error> {
    let name = path.display().to_string();
    let io = |source| Error::Io {
        path: name.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(Error::Io {
            path: name.clone(),
            source: std::io::Error::other("是文件夹 (is a directory)"),
        });
    }
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: name,
            size: meta.len(),
            limit: limits::MAX_FILE_BYTES,
        });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let bytes = read_capped(&name, file, limits::MAX_FILE_BYTES)?;
    from_bytes(&name, &bytes, opts)
}

/// Read any reader (stdin) with the size cap; the format is sniffed from the bytes
/// unless `name` has a known extension.
pub fn read_reader(name: &str, reader: impl Read, opts: &IngestOptions) -> Result<Input, Error> {
    let bytes = read_capped(name, reader, limits::MAX_FILE_BYTES)?;
    from_bytes(name, &bytes, opts)
}

/// Read standard input as the input named `-`.
pub fn read_stdin(opts: &IngestOptions) -> Result<Input, Error> {
    read_reader("-", std::io::stdin().lock(), opts)
}

/// Expand the user's paths: folders are walked recursively for files with a known
/// extension ([`KNOWN_EXTENSIONS`]), skipping hidden files and folders, in a stable
/// (sorted) order; files named explicitly and `-` stay as they are. Entries the walk
/// cannot read are kept, so that reading them reports the error.
pub fn expand_paths(paths: &[String]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if p != "-" && path.is_dir() {
            let mut found: Vec<String> = Vec::new();
            let walker = walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
                });
            for entry in walker {
                match entry {
                    Ok(e) => {
                        let known =
                            e.path()
                                .extension()
                                .and_then(|x| x.to_str())
                                .is_some_and(|x| {
                                    KNOWN_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                                });
                        // Symlinks to files count (the walk itself does not follow
                        // links, so link loops cannot trap it).
                        let is_file =
                            e.file_type().is_file() || (e.path_is_symlink() && e.path().is_file());
                        if is_file && known {
                            found.push(e.path().display().to_string());
                        }
                    }
                    Err(e) => {
                        if let Some(p) = e.path() {
                            found.push(p.display().to_string());
                        }
                    }
                }
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_lines_are_found_with_their_number() {
        let para = "全年新增就业120人。";
        let ok = format!("标题\n{}\n", para.repeat(10));
        assert_eq!(overlong_line(&ok, para.len() * 10), None);
        assert_eq!(overlong_line(&ok, 64), Some((2, para.len() * 10)));
        let text = format!("标题\n{}\n{}\n短行\n", para.repeat(2), para.repeat(3));
        let long = para.len() * 3;
        assert_eq!(overlong_line(&text, long - 1), Some((3, long)));
        assert_eq!(overlong_line(&text, long), None);
        // The last line without a newline counts too.
        let text = format!("标题\n{}", para.repeat(3));
        assert_eq!(overlong_line(&text, long - 1), Some((2, long)));
    }

    #[test]
    fn a_line_over_the_limit_is_a_limit_error() {
        let line = "完成投资3.6亿元。".repeat(limits::MAX_LINE_BYTES / 20 + 1);
        let text = format!("某县2024年政府工作报告\n{line}\n");
        let e = from_bytes("长.txt", text.as_bytes(), &IngestOptions::default()).unwrap_err();
        assert!(matches!(e, Error::Limit { .. }), "{e}");
        assert!(e.to_string().contains("第 2 行过长"), "{e}");
        let fine = format!("某县2024年政府工作报告\n{}\n", &line[..line.len() / 2]);
        assert!(from_bytes("长.txt", fine.as_bytes(), &IngestOptions::default()).is_ok());
    }
}
