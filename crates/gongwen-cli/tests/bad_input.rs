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
