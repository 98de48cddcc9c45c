//! .pdf: the text layer, extracted by poppler's `pdftotext` run as a subprocess.
//!
//! `pdftotext -enc UTF-8 -nopgbrk -l PDF_MAX_PAGES FILE -` with a wall-clock timeout
//! ([`PDF_TIMEOUT`]; the process is killed when it runs over) and its output capped at
//! [`MAX_DECODED_BYTES`]. Bytes that are not a file on disk (stdin) are written to a
//! temporary file first.
//!
//! Users install it with their package manager: `apt-get install poppler-utils
//! poppler-data` (Debian/Ubuntu), `dnf install poppler-utils poppler-data`,
//! `brew install poppler`. poppler-data holds the CJK character maps many Chinese PDFs
//! need. A missing `pdftotext` is a clear error saying this.
//!
//! A PDF without usable text (a scan: empty output, or mostly U+FFFD / private-use
//! characters from fonts without a ToUnicode map) is [`Error::Pdf`]
//! "没有可用的文字层（可能是扫描件）".

use super::encoding;
use super::limits::{MAX_DECODED_BYTES, PDF_MAX_PAGES, PDF_TIMEOUT};
use super::IngestOptions;
use crate::error::Error;
use crate::model::{Format, Input};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The message for a PDF without a text layer.
pub const NO_TEXT_LAYER: &str =
    "没有可用的文字层（可能是扫描件）(no usable text layer, maybe a scan)";

/// Read a PDF given as bytes (written to a temporary file for `pdftotext`).
pub fn read(name: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Input, Error> {
    let io = |source| Error::Io {
        path: name.to_string(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix("gongwen-")
        .suffix(".pdf")
        .tempfile()
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.flush().map_err(io)?;
    read_path(name, tmp.path(), opts)
}

/// Run `pdftotext` on a PDF file on disk.
pub fn read_path(name: &str, file: &Path, opts: &IngestOptions) -> Result<Input, Error> {
    let pdf_err = |detail: String| Error::Pdf {
        path: name.to_string(),
        detail,
    };
    let program = opts.pdftotext.clone().unwrap_or_else(|| "pdftotext".into());
    let mut child = Command::new(&program)
        .args(["-enc", "UTF-8", "-nopgbrk", "-q", "-l", &PDF_MAX_PAGES.to_string()])
        .arg(file)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                pdf_err(format!(
                    "找不到 pdftotext（{}）。请安装 poppler：apt-get install poppler-utils poppler-data，或 brew install poppler (pdftotext not found: install poppler-utils and poppler-data)",
                    program.display()
                ))
            } else {
                pdf_err(format!("无法运行 pdftotext：{e} (cannot run pdftotext)"))
            }
        })?;
    // Read stdout and stderr in threads (capped) while we watch the clock.
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout {
            let _ = s.take(MAX_DECODED_BYTES as u64 + 1).read_to_end(&mut buf);
        }
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr {
            let _ = s.take(64 * 1024).read_to_end(&mut buf);
        }
        buf
    });
    let started = Instant::now();
    let timeout = opts.pdf_timeout.unwrap_or(PDF_TIMEOUT);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                // The reader threads are left to finish on their own (a grandchild could
                // still hold the pipes open); they end at EOF.
                drop((out_thread, err_thread));
                return Err(pdf_err(format!(
                    "pdftotext 超过 {} 秒未完成，已终止 (timeout)",
                    timeout.as_secs_f64()
                )));
            }
            Ok(None) => std::thread::sleep(std::time::Duration::from_millis(10)),
            Err(e) => return Err(pdf_err(format!("等待 pdftotext 失败：{e}"))),
        }
    };
    let out = out_thread.join().unwrap_or_default();
    let err = err_thread.join().unwrap_or_default();
    if !status.success() {
        let msg = String::from_utf8_lossy(&err);
        let msg = msg.trim();
        return Err(pdf_err(format!(
            "pdftotext 失败（{status}）：{} (pdftotext failed; damaged or encrypted PDF?)",
            if msg.is_empty() { "无输出" } else { msg }
        )));
    }
    from_output(name, &out)
}

/// Turn `pdftotext`'s output into an [`Input`]: decode (lossy UTF-8), form feeds to
/// newlines, and refuse output without a usable text layer.
pub fn from_output(name: &str, out: &[u8]) -> Result<Input, Error> {
    let pdf_err = |detail: String| Error::Pdf {
        path: name.to_string(),
        detail,
    };
    if out.len() > MAX_DECODED_BYTES {
        return Err(Error::Limit {
            path: name.to_string(),
            detail: format!(
                "PDF 文本超过 {} 字节 (pdf text too large)",
                MAX_DECODED_BYTES
            ),
        });
    }
    let decoded = encoding::decode_utf8_lossy(out);
    let text = decoded.text.replace('\u{C}', "\n");
    if !usable(&text) {
        return Err(pdf_err(NO_TEXT_LAYER.to_string()));
    }
    Ok(Input {
        path: name.to_string(),
        format: Format::Pdf,
        encoding: "UTF-8".into(),
        text,
        hints: vec![],
        records: vec![],
        warnings: decoded.warnings,
    })
}

/// Some visible text, and not mostly U+FFFD / private-use characters.
pub fn usable(text: &str) -> bool {
    let mut visible = 0usize;
    let mut bad = 0usize;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        if c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) || (c.is_control()) {
            bad += 1;
        }
    }
    visible > 0 && bad * 2 < visible
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_text_layers() {
        assert!(usable("某县2023年政府工作报告\n一、过去一年的工作\n"));
        assert!(!usable(" \n\n  \n"));
        assert!(!usable("\u{E001}\u{E002}\u{E003}\u{FFFD}\u{FFFD}报告\n"));
        // A few bad characters in real text are fine.
        assert!(usable("全年完成投资\u{FFFD}亿元，增长8%。\n"));
    }

    /// A stand-in `pdftotext` (a shell script) shows what we do with its output.
    #[cfg(unix)]
    #[test]
    fn output_of_the_program_is_checked() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let script = |name: &str, body: &str| {
            let p = dir.path().join(name);
            std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            IngestOptions {
                pdftotext: Some(p),
                ..Default::default()
            }
        };
        let ok = script("ok", "printf '一、主要成效\\r\\n\\f二、存在问题\\n'");
        let input = read("a.pdf", b"%PDF-1.4", &ok).unwrap();
        assert_eq!(input.text, "一、主要成效\n\n二、存在问题\n");
        let scan = script("scan", "printf '\\357\\277\\275\\357\\277\\275\\n'");
        let e = read("a.pdf", b"%PDF-1.4", &scan).unwrap_err();
        assert!(e.to_string().contains("没有可用的文字层"));
        let mut slow = script("slow", "exec sleep 30");
        slow.pdf_timeout = Some(std::time::Duration::from_millis(200));
        let t = Instant::now();
        let e = read("a.pdf", b"%PDF-1.4", &slow).unwrap_err();
        assert!(e.to_string().contains("已终止"), "{e}");
        assert!(t.elapsed().as_secs() < 10);
        let broken = script("broken", "echo 'Syntax Error: damaged' >&2; exit 1");
        let e = read("a.pdf", b"%PDF-1.4", &broken).unwrap_err();
        assert!(e.to_string().contains("damaged"), "{e}");
    }
}
