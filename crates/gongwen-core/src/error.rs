//! Errors for I/O and limits. Content problems are never errors: a malformed report
//! still gets an outline, and its defects are findings.

use thiserror::Error;

/// An input that could not be read. Messages are in Chinese with the English gist,
/// because they reach users as they are.
#[derive(Debug, Error)]
pub enum Error {
    #[error("无法读取 {path}：{source} (cannot read)")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}：文件为空 (empty file)")]
    Empty { path: String },
    #[error("{path}：不是文本文件，看起来是二进制数据 (binary file, not text)")]
    Binary { path: String },
    #[error("{path}：文件过大（{size} 字节，上限 {limit} 字节）(file too large)")]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path}：无法识别的文件格式：{detail} (unsupported format)")]
    Unsupported { path: String, detail: String },
    #[error("{path}：无法解码文本：{detail} (cannot decode)")]
    Decode { path: String, detail: String },
    #[error("{path}：docx 文件损坏或不安全：{detail} (bad docx)")]
    Docx { path: String, detail: String },
    #[error("{path}：HTML 无法解析：{detail} (bad html)")]
    Html { path: String, detail: String },
    #[error("{path}：PDF 无法提取文本：{detail} (pdf)")]
    Pdf { path: String, detail: String },
    #[error("{path}：数据集无法读取：{detail} (bad dataset)")]
    Dataset { path: String, detail: String },
    #[error("{path}：超出处理上限：{detail} (limit exceeded)")]
    Limit { path: String, detail: String },
    #[error("{path}：配置有误：{message} (bad configuration)")]
    Config { path: String, message: String },
}

impl Error {
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
