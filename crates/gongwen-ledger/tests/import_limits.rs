//! `ledger import` on hostile workbooks: a zip bomb, a sheet whose cells span the whole
//! grid, too many zip entries, bytes that are not a workbook. Each is a clear error (or a
//! bounded read), never an out-of-memory or a panic.

use gongwen_ledger::export::{self, ExportError};
use std::io::{Cursor, Write};

const WB: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="柳河镇" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const CT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

fn istr(r: &str, t: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>"#)
}

/// A one-sheet workbook whose sheet data is `rows` (already `<row>` elements).
fn workbook(rows: &str) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CT.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WB.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ] {
        z.start_file(name, o).unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn header_and_row() -> String {
    format!(
        r#"<row r="1">{}{}{}</row><row r="2">{}{}{}</row>"#,
        istr("A1", "任务"),
        istr("B1", "状态"),
        istr("C1", "键"),
        istr("A2", "新建村级活动场所3个"),
        istr("B2", "已完成"),
        istr("C2", "k1"),
    )
}

#[test]
fn a_small_hand_written_workbook_reads() {
    let rows = export::read_xlsx_from(Cursor::new(workbook(&header_and_row()))).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].key, "k1");
    assert_eq!(rows[0].text, "新建村级活动场所3个");
}

#[test]
fn a_cell_at_the_far_corner_does_not_allocate_the_grid() {
    // Two cells, A1 and XFD1048576: a dense range would be 17 billion cells.
    let rows = format!(
        r#"{}<row r="1048576">{}</row>"#,
        header_and_row(),
        istr("XFD1048576", "远处的单元格")
    );
    let got = export::read_xlsx_from(Cursor::new(workbook(&rows)));
    match got {
        Ok(rows) => assert_eq!(rows.len(), 1),
        Err(e) => assert!(e.to_string().contains("XLSX"), "{e}"),
    }
}

#[test]
fn a_shared_strings_zip_bomb_is_refused() {
    // 80 MiB of one repeated string compresses to well under 1 MiB.
    let mut w = zip::ZipWriter::new_append(Cursor::new(workbook(&header_and_row()))).unwrap();
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/sharedStrings.xml", o).unwrap();
    w.write_all(b"<sst><si><t>").unwrap();
    let chunk = "已完成".repeat(1 << 14); // 144 KiB
    for _ in 0..570 {
        w.write_all(chunk.as_bytes()).unwrap();
    }
    w.write_all(b"</t></si></sst>").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 << 20, "the bomb is small: {}", bytes.len());
    let e = export::read_xlsx_from(Cursor::new(bytes)).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("压缩炸弹") && msg.contains("sharedStrings"),
        "{msg}"
    );
}

#[test]
fn too_many_entries_and_non_workbooks_are_clear_errors() {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for i in 0..=export::MAX_IMPORT_ENTRIES {
        z.start_file(format!("x/{i}"), o).unwrap();
    }
    let e = export::read_xlsx_from(Cursor::new(z.finish().unwrap().into_inner())).unwrap_err();
    assert!(e.to_string().contains("条目过多"), "{e}");
    for bad in [&b""[..], b"PK\x03\x04broken", "序号,单位,任务\n".as_bytes()] {
        let e = export::read_xlsx_from(Cursor::new(bad.to_vec())).unwrap_err();
        assert!(matches!(e, ExportError::Read(_)), "{e}");
        assert!(e.to_string().contains("读取XLSX失败"), "{e}");
    }
    // A workbook without the 键/状态 columns is not a ledger.
    let plain = format!(r#"<row r="1">{}</row>"#, istr("A1", "任务"));
    let e = export::read_xlsx_from(Cursor::new(workbook(&plain))).unwrap_err();
    assert!(matches!(e, ExportError::NoLedgerSheet), "{e}");
}
