//! CLI-level input handling: bad inputs exit 2 with a Chinese message on stderr and
//! never stop the other inputs; encodings and stdin give the same outline as UTF-8 files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const REPORT: &str = "青石镇人民政府2023年工作总结\n\n一、主要工作成效\n（一）产业发展稳步推进。全年新引进项目12个，完成投资3.6亿元。\n二、存在的问题\n村级集体经济收入偏低。\n三、2024年工作计划\n力争新增市场主体300户。\n";

fn gongwen(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

#[test]
fn empty_file_exits_2_with_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "空.txt", b"");
    let good = write(dir.path(), "好.txt", REPORT.as_bytes());
    let o = gongwen(&["outline", &empty, &good, "--format", "json"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("文件为空"), "{}", stderr(&o));
    // The readable file is still outlined.
    let v = json(&o);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["files"][0]["path"], good.as_str());
}

#[test]
fn binary_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(
        dir.path(),
        "图片.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0",
    );
    let o = gongwen(&["outline", &bin], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("二进制"), "{}", stderr(&o));
}

#[test]
fn docx_that_is_not_a_zip_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let fake = write(dir.path(), "总结.docx", REPORT.as_bytes());
    let o = gongwen(&["check", &fake], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("docx") && err.contains("zip"), "{err}");
}

#[test]
fn huge_sparse_file_exits_2_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("巨大.txt");
    std::fs::File::create(&p).unwrap().set_len(1 << 30).unwrap();
    let o = gongwen(&["outline", p.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("文件过大"), "{}", stderr(&o));
}

#[test]
fn gb18030_file_outlines_like_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(REPORT);
    let utf8 = write(dir.path(), "utf8.txt", REPORT.as_bytes());
    let gbk = write(dir.path(), "gbk.txt", &gb);
    let a = gongwen(&["outline", &utf8, "--format", "json"], None);
    let b = gongwen(&["outline", &gbk, "--format", "json"], None);
    assert_eq!((a.status.code(), b.status.code()), (Some(0), Some(0)));
    let (mut a, mut b) = (json(&a), json(&b));
    assert_eq!(a["files"][0]["encoding"], "UTF-8");
    assert_eq!(b["files"][0]["encoding"], "GB18030");
    for v in [&mut a, &mut b] {
        let f = v["files"][0].as_object_mut().unwrap();
        f.remove("encoding");
        f.remove("path");
    }
    assert_eq!(a, b);
}

#[test]
fn stdin_is_read_and_sniffed() {
    let o = gongwen(
        &["outline", "-", "--format", "json"],
        Some(REPORT.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["files"][0]["path"], "-");
    assert_eq!(v["files"][0]["format"], "text");
    // Empty stdin is an empty input.
    let o = gongwen(&["outline", "-"], Some(b""));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("文件为空"));
}

#[test]
fn csv_dataset_with_text_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = format!(
        "province,year,title,full_text\n东海省,2026,东海省政府工作报告,\"{}\"\n南岭省,2026,南岭省政府工作报告,\"{}\"\n",
        REPORT, REPORT
    );
    let p = write(dir.path(), "报告.csv", csv.as_bytes());
    let o = gongwen(&["outline", &p, "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["files"][0]["format"], "csv");
    let o = gongwen(&["outline", &p, "--text-column", "正文"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("正文") && stderr(&o).contains("full_text"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------------------
// Hostile and broken inputs through every reading command (hardening).

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

fn zip_of(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, body) in parts {
        z.start_file(*name, o).unwrap();
        z.write_all(body).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// document.xml with one paragraph per line of `text` (escaped).
fn document_xml(text: &str, doctype: &str) -> String {
    let paras: String = text
        .lines()
        .map(|l| {
            let l = l.replace('&', "&amp;").replace('<', "&lt;");
            format!("<w:p><w:r><w:t xml:space=\"preserve\">{l}</w:t></w:r></w:p>")
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{doctype}<w:document {W}><w:body>{paras}</w:body></w:document>")
}

fn report_docx() -> Vec<u8> {
    zip_of(
        &[("word/document.xml", document_xml(REPORT, "").as_bytes())],
        zip::CompressionMethod::Deflated,
    )
}

/// Deterministic noise (no external RNG in tests).
fn noise(n: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn assert_clean_failure(o: &Output, want: &str, what: &str) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{what}: exit {:?}: {err}",
        o.status
    );
    assert!(err.contains(want), "{what}: expected “{want}” in: {err}");
    assert!(
        err.contains("gongwen"),
        "{what}: message names the program: {err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: panic: {err}"
    );
}

#[test]
fn every_bad_input_exits_2_with_a_message_through_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let docx = report_docx();
    // 200 MiB of spaces inside document.xml: about 200 KiB compressed.
    let bomb_xml = {
        let mut x = document_xml(REPORT, "").into_bytes();
        x.extend(std::iter::repeat_n(b' ', 200 << 20));
        x
    };
    let bomb = zip_of(
        &[("word/document.xml", &bomb_xml)],
        zip::CompressionMethod::Deflated,
    );
    drop(bomb_xml);
    assert!(bomb.len() < 2 << 20, "bomb compressed to {}", bomb.len());
    let deep_xml = format!(
        "<w:document {W}><w:body>{}</w:body></w:document>",
        "<w:p>".repeat(100_000)
    );
    let deep_docx = zip_of(
        &[("word/document.xml", deep_xml.as_bytes())],
        zip::CompressionMethod::Deflated,
    );
    let deep_html = format!(
        "<!DOCTYPE html><html><body>{}正文</body></html>",
        "<div>".repeat(100_000)
    );
    let long_line = format!(
        "青石镇2023年工作总结\n{}\n",
        "全年新引进项目12个，完成投资3.6亿元。".repeat(60_000)
    );
    let plain_zip = zip_of(&[("a.txt", b"hello")], zip::CompressionMethod::Stored);
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.extend(noise(4096));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("空.txt", vec![], "文件为空"),
        ("噪声.txt", noise(64 * 1024), "二进制"),
        (
            "截断.docx",
            docx[..docx.len() / 2].to_vec(),
            "docx 文件损坏",
        ),
        ("炸弹.docx", bomb, "压缩炸弹"),
        ("深.docx", deep_docx, "嵌套"),
        ("深.html", deep_html.into_bytes(), "嵌套"),
        ("长行.txt", long_line.into_bytes(), "行过长"),
        ("压缩包.txt", plain_zip, "zip"),
        ("旧版.txt", ole, "旧版 Word"),
        (
            "假.pdf",
            b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj <<".to_vec(),
            "PDF 无法提取文本",
        ),
    ];
    let lib = dir.path().join("lib");
    for (name, bytes, want) in &cases {
        let p = write(dir.path(), name, bytes);
        for cmd in ["outline", "extract", "check"] {
            let o = gongwen(&[cmd, &p], None);
            assert_clean_failure(&o, want, &format!("{cmd} {name}"));
        }
        let o = gongwen(&["add", &p, "--library", lib.to_str().unwrap()], None);
        assert_clean_failure(&o, want, &format!("add {name}"));
    }
    // Nothing bad went into the library, and a good file still goes in.
    let good = write(dir.path(), "好.txt", REPORT.as_bytes());
    let o = gongwen(&["add", &good, "--library", lib.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = gongwen(
        &[
            "list",
            "--format",
            "json",
            "--library",
            lib.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(json(&o)["total"], 1);
}

#[test]
fn stdin_gets_the_same_limits() {
    let line = "完成投资3.6亿元。".repeat(80_000);
    let o = gongwen(&["check", "-"], Some(line.as_bytes()));
    assert_clean_failure(&o, "行过长", "check - (long line)");
    let o = gongwen(&["outline", "-"], Some(&noise(10_000)));
    assert_clean_failure(&o, "二进制", "outline - (noise)");
}

#[test]
fn truncated_and_mis_encoded_text_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    // A UTF-8 file cut inside its last character.
    let mut cut = REPORT.as_bytes().to_vec();
    cut.extend_from_slice(&"户".as_bytes()[..2]);
    let p = write(dir.path(), "截断.txt", &cut);
    let o = gongwen(&["outline", &p, "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["files"][0]["encoding"], "UTF-8");
    assert!(
        stderr(&o).contains("U+FFFD") || v.to_string().contains("U+FFFD"),
        "{}",
        stderr(&o)
    );
    // UTF-8 with a few stray Latin-1 bytes: still UTF-8 text, the bytes replaced.
    let mut mixed = REPORT.as_bytes().to_vec();
    mixed.splice(30..30, [0xE9, 0x20, 0xFC]);
    let mixed = [REPORT.as_bytes(), &mixed[..], REPORT.as_bytes()].concat();
    let p = write(dir.path(), "混杂.txt", &mixed);
    let o = gongwen(&["outline", &p, "--format", "json"], None);
    assert!(
        matches!(o.status.code(), Some(0) | Some(2)),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
    // GB18030 bytes in a page that claims UTF-8.
    let (gb, _, _) = encoding_rs::GB18030.encode(REPORT);
    let page = [
        &b"<html><head><meta charset=\"utf-8\"></head><body><p>"[..],
        &gb,
        b"</p></body></html>",
    ]
    .concat();
    let p = write(dir.path(), "错标.html", &page);
    let o = gongwen(&["outline", &p, "--format", "json"], None);
    assert!(
        matches!(o.status.code(), Some(0) | Some(2)),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn xml_external_entities_are_never_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("机密.txt");
    std::fs::write(&secret, "绝密口令ZX81").unwrap();
    let doctype = format!(
        "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file://{}\"><!ENTITY % p SYSTEM \"file://{}\"> %p;]>",
        secret.display(),
        secret.display()
    );
    let xml =
        document_xml("青石镇2023年工作总结\n口令：XXE_REF\n", &doctype).replace("XXE_REF", "&xxe;");
    let p = write(
        dir.path(),
        "外部实体.docx",
        &zip_of(
            &[("word/document.xml", xml.as_bytes())],
            zip::CompressionMethod::Deflated,
        ),
    );
    let o = gongwen(&["outline", &p, "--format", "json"], None);
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(!all.contains("ZX81"), "the entity was expanded: {all}");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        all.contains("实体"),
        "a warning says the entity stayed literal: {all}"
    );
}

#[test]
fn zip_entries_with_traversal_names_write_nothing_outside() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let xml = document_xml("青石镇2023年工作总结\n全年完成投资3.6亿元,增长8%。\n", "");
    let evil = zip_of(
        &[
            ("word/document.xml", xml.as_bytes()),
            ("../../逃逸.txt", b"escaped"),
            ("/tmp/gongwen-absolute-escape.txt", b"escaped"),
            ("word/../../上级.txt", b"escaped"),
        ],
        zip::CompressionMethod::Deflated,
    );
    let p = write(&work, "穿越.docx", &evil);
    let o = gongwen(&["check", &p, "--fix"], None);
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));
    // Only the input and its fixed copy exist, and nothing escaped upwards.
    let mut names: Vec<String> = std::fs::read_dir(&work)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["穿越.docx", "穿越.fixed.docx"]);
    let above: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(above, ["work"]);
    assert!(!Path::new("/tmp/gongwen-absolute-escape.txt").exists());
}

#[test]
fn overlong_search_query_exits_2_before_opening_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("没有的库");
    let q = "医疗保障".repeat(300);
    let o = gongwen(&["search", &q, "--library", lib.to_str().unwrap()], None);
    assert_clean_failure(&o, "查询过长", "search (long query)");
    let many = vec!["医保"; 100].join(" ");
    let o = gongwen(&["search", &many, "--library", lib.to_str().unwrap()], None);
    assert_clean_failure(&o, "过多", "search (many terms)");
}

#[test]
fn ledger_import_of_broken_workbooks_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let not_zip = write(dir.path(), "台账.xlsx", REPORT.as_bytes());
    let o = gongwen(
        &[
            "ledger",
            "import",
            &not_zip,
            "--library",
            lib.to_str().unwrap(),
        ],
        None,
    );
    assert_clean_failure(&o, "XLSX", "ledger import (not a zip)");
    let bomb = vec![b'a'; 100 << 20];
    let bomb = zip_of(
        &[("xl/sharedStrings.xml", &bomb)],
        zip::CompressionMethod::Deflated,
    );
    let p = write(dir.path(), "炸弹.xlsx", &bomb);
    let o = gongwen(
        &["ledger", "import", &p, "--library", lib.to_str().unwrap()],
        None,
    );
    assert_clean_failure(&o, "压缩炸弹", "ledger import (zip bomb)");
}
