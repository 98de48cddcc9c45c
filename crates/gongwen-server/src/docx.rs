//! A minimal .docx writer for "download the fixed text as Word": one paragraph per
//! line, the first line styled as the title. Written by hand because the only job is
//! four small XML parts in a zip (the `zip` crate does the container); a full docx
//! library would be a large dependency for this.

use std::io::{Cursor, Write};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// Escape text for an XML text node; characters XML 1.0 forbids are dropped.
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// The bytes of a .docx holding `text`, one paragraph per line.
pub fn write_docx(text: &str) -> std::io::Result<Vec<u8>> {
    let mut body = String::with_capacity(text.len() + text.len() / 4 + 512);
    body.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#);
    let mut first = true;
    for line in text.lines() {
        let title = first && !line.trim().is_empty();
        if !line.trim().is_empty() {
            first = false;
        }
        body.push_str("<w:p>");
        if title {
            body.push_str(r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#);
        }
        body.push_str(r#"<w:r><w:t xml:space="preserve">"#);
        escape(line, &mut body);
        body.push_str("</w:t></w:r></w:p>");
    }
    body.push_str("<w:sectPr/></w:body></w:document>");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", body.as_str()),
    ] {
        zip.start_file(name, opts).map_err(std::io::Error::other)?;
        zip.write_all(data.as_bytes())?;
    }
    let cursor = zip.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_docx_reads_back_through_ingest_line_for_line() {
        let text = "城关镇2024年工作总结\n\n一、主要成效\n全年新增就业<120>人&。\n";
        let bytes = write_docx(text).unwrap();
        let input =
            gongwen_core::ingest::from_bytes("修正稿.docx", &bytes, &Default::default()).unwrap();
        assert_eq!(input.format, gongwen_core::Format::Docx);
        let lines: Vec<&str> = input
            .text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert_eq!(
            lines,
            [
                "城关镇2024年工作总结",
                "一、主要成效",
                "全年新增就业<120>人&。"
            ]
        );
    }
}
