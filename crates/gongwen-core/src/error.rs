//! Errors for I/O and limits. Content problems are never errors: a malformed report
//! still gets an outline, and its defects are findings.

use thiserror::Error;

/// An input that could not be read. Messages are in Chinese with the English gist,
/// because they reach users as they are.
#[derive(Debug, Error)]
pub enum Error {
    /// The file cannot be opened or read (missing, a folder, no permission).
    #[error("无法读取 {path}：{source} (cannot read)")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Zero bytes.
    #[error("{path}：文件为空 (empty file)")]
    Empty { path: String },
    /// NUL bytes outside UTF-16, many control characters, or mostly undecodable bytes.
    #[error("{path}：不是文本文件，看起来是二进制数据 (binary file, not text)")]
    Binary { path: String },
    /// Larger than [`MAX_FILE_BYTES`](crate::ingest::limits::MAX_FILE_BYTES), known from
    /// metadata before reading (or while reading a stream; `size` is then the bytes seen).
    #[error("{path}：文件过大（{size} 字节，上限 {limit} 字节）(file too large)")]
    TooLarge { path: String, size: u64, limit: u64 },
    /// A format gongwen does not read (legacy .doc, a zip that is not a .docx).
    #[error("{path}：无法识别的文件格式：{detail} (unsupported format)")]
    Unsupported { path: String, detail: String },
    /// Text that cannot be decoded.
    #[error("{path}：无法解码文本：{detail} (cannot decode)")]
    Decode { path: String, detail: String },
    /// Not a zip, no `word/document.xml`, malformed XML, unsupported compression, too
    /// many entries.
    #[error("{path}：docx 文件损坏或不安全：{detail} (bad docx)")]
    Docx { path: String, detail: String },
    /// HTML that cannot be read.
    #[error("{path}：HTML 无法解析：{detail} (bad html)")]
    Html { path: String, detail: String },
    /// `pdftotext` missing, failing, timing out, or a PDF without a usable text layer.
    #[error("{path}：PDF 无法提取文本：{detail} (pdf)")]
    Pdf { path: String, detail: String },
    /// A .csv/.jsonl dataset that cannot be read (bad CSV row, unknown `--text-column`).
    #[error("{path}：数据集无法读取：{detail} (bad dataset)")]
    Dataset { path: String, detail: String },
    /// A safety limit of `ingest::limits` was hit (zip bomb, XML/HTML depth, rows…);
    /// see `docs/LIMITS.md`.
    #[error("{path}：超出处理上限：{detail} (limit exceeded)")]
    Limit { path: String, detail: String },
    #[error("{path}：配置有误：{message} (bad configuration)")]
    Config { path: String, message: String },
}

impl Error {
    /// The input the error is about, as the user named it (`-` for stdin).
    pub fn path(&self) -> &str {
        match self {
            Error::Io { path, .. }
            | Error::Empty { path }
            | Error::Binary { path }
            | Error::TooLarge { path, .. }
            | Error::Unsupported { path, .. }
            | Error::Decode { path, .. }
            | Error::Docx { path, .. }
            | Error::Html { path, .. }
            | Error::Pdf { path, .. }
            | Error::Dataset { path, .. }
            | Error::Limit { path, .. }
            | Error::Config { path, .. } => path,
        }
    }
}
