//! The ingest limits of `docs/LIMITS.md` that the format tests do not already hit: the
//! absolute size of an inflated docx part (a big part that compresses poorly, so the
//! ratio check cannot catch it), the dataset row count, the page limit handed to
//! `pdftotext`, and the line length.

use gongwen_core::ingest::{self, limits, IngestOptions};
use gongwen_core::Error;
use std::io::{Cursor, Write};

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

#[test]
fn an_inflated_docx_part_over_64_mib_is_refused_even_when_stored() {
    let para = "<w:p><w:r><w:t>全年新增就业120人，完成投资3.6亿元。</w:t></w:r></w:p>";
    let n = limits::MAX_XML_PART_BYTES as usize / para.len() + 1;
    let xml = format!(
        "<w:document {W}><w:body>{}</w:body></w:document>",
        para.repeat(n)
    );
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("word/document.xml", o).unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    let bytes = z.finish().unwrap().into_inner();
    drop(xml);
    // Stored: ratio 1:1, so only the absolute limit can refuse it.
    assert!(bytes.len() as u64 > limits::MAX_XML_PART_BYTES);
    let e = ingest::from_bytes("大.docx", &bytes, &IngestOptions::default()).unwrap_err();
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    assert!(e.to_string().contains("64 MiB"), "{e}");
}

#[test]
fn a_dataset_over_the_row_limit_is_refused() {
    let mut csv = String::with_capacity(4 * limits::MAX_DATASET_ROWS + 64);
    csv.push_str("text\n");
    for _ in 0..=limits::MAX_DATASET_ROWS {
        csv.push_str("报告\n");
    }
    let e = ingest::from_bytes("多.csv", csv.as_bytes(), &IngestOptions::default()).unwrap_err();
    assert!(matches!(e, Error::Limit { .. }), "{e}");
    assert!(e.to_string().contains("1000000 行"), "{e}");
}

/// A stand-in `pdftotext` that prints its arguments shows the page limit it is given.
#[cfg(unix)]
#[test]
fn pdftotext_is_told_the_page_limit() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pdftotext");
    std::fs::write(&p, "#!/bin/sh\necho \"某县2024年政府工作报告 参数 $*\"\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    let opts = IngestOptions {
        pdftotext: Some(p),
        ..Default::default()
    };
    let input = ingest::from_bytes("报告.pdf", b"%PDF-1.4\n", &opts).unwrap();
    let want = format!("-l {}", limits::PDF_MAX_PAGES);
    assert!(input.text.contains(&want), "{}", input.text);
    assert!(input.text.contains("-enc UTF-8"), "{}", input.text);
}

#[test]
fn overlong_lines_are_refused_in_every_text_format() {
    let line = "完成投资3.6亿元。".repeat(limits::MAX_LINE_BYTES / 20 + 1);
    // Plain text, GB18030, and one .docx paragraph.
    let txt = format!("某县2024年政府工作报告\n{line}\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&txt);
    let docx = {
        let xml = format!(
            "<w:document {W}><w:body><w:p><w:r><w:t>{line}</w:t></w:r></w:p></w:body></w:document>"
        );
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("word/document.xml", o).unwrap();
        z.write_all(xml.as_bytes()).unwrap();
        z.finish().unwrap().into_inner()
    };
    for (name, bytes) in [
        ("a.txt", txt.as_bytes()),
        ("b.txt", &gb[..]),
        ("c.docx", &docx[..]),
    ] {
        let e = ingest::from_bytes(name, bytes, &IngestOptions::default()).unwrap_err();
        assert!(matches!(e, Error::Limit { .. }), "{name}: {e}");
        assert!(e.to_string().contains("行过长"), "{name}: {e}");
    }
}
