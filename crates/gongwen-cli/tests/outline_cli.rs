//! `gongwen outline` end to end: JSON per the contract, the text tree, exit codes.

use std::path::PathBuf;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn repo(p: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(p)
        .display()
        .to_string()
}

#[test]
fn json_follows_the_contract() {
    let out = bin()
        .args([
            "outline",
            "--format",
            "json",
            &repo("tests/fixtures/outline/compilation.txt"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["files"][0];
    assert_eq!(f["encoding"], "UTF-8");
    let kinds: Vec<&str> = f["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "toc",
            "paywall-marker",
            "advert",
            "advert",
            "paywall-marker"
        ]
    );
    let docs = f["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 4);
    let d = &docs[0];
    for key in [
        "index",
        "title",
        "line",
        "end_line",
        "start",
        "end",
        "unit",
        "level",
        "summary_year",
        "plan_year",
        "sections",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    let s = &d["sections"][0];
    for key in [
        "heading", "number", "depth", "role", "line", "start", "end", "children",
    ] {
        assert!(s.get(key).is_some(), "missing {key}");
    }
    assert_eq!(s["number"], "一");
    assert_eq!(s["role"], "review");
    assert_eq!(d["unit"], "青石镇");
    assert_eq!(d["level"], "镇");
}

#[test]
fn text_tree_shows_lines_and_roles() {
    let out = bin()
        .args([
            "outline",
            &repo("tests/fixtures/outline/gov-report-web.txt"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("web-chrome"), "{t}");
    assert!(t.contains("2025年青岭市政府工作报告"));
    assert!(
        t.lines().any(|l| l.contains("一、2024年工作回顾")
            && l.ends_with("[review]")
            && l.trim_start().starts_with("21")),
        "{t}"
    );
    assert!(t.contains("[problems]"));
}

#[test]
fn unreadable_input_exits_2_and_others_go_on() {
    let out = bin()
        .args([
            "outline",
            "--format",
            "json",
            "/nonexistent/报告.txt",
            &repo("tests/fixtures/outline/plan-2024.txt"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert!(!out.stderr.is_empty());
}

#[test]
fn reads_standard_input() {
    use std::io::Write;
    let mut child = bin()
        .args(["outline", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("某镇2024年工作总结\n\n一、主要成效\n全年新增就业120人。\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["documents"][0]["title"], "某镇2024年工作总结");
}

#[test]
fn outline_refuses_formats_it_does_not_print() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("镇.txt");
    std::fs::write(
        &p,
        "柳河镇2024年工作总结\n\n一、主要成效\n全年新增就业120人。\n",
    )
    .unwrap();
    let out = bin()
        .args(["outline", "--format", "csv"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("只支持"));
    assert!(out.stdout.is_empty());
}
