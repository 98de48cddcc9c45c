//! `gongwen extract` formats: JSON per DESIGN.md §4, JSONL one record a line with path,
//! title and section, CSV with a UTF-8 BOM, and a readable text listing.

use std::process::Command;

const REPORT: &str = "青石镇人民政府2023年工作总结和2024年工作计划\n\n一、2023年工作开展情况\n全年新引进项目12个，完成投资3.6亿元，同比增长8.5%；发放补贴XX万元。\n二、2024年工作计划\n力争年底前新增市场主体300户以上。\n";

fn run(format: &str) -> (String, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("青石镇.txt");
    std::fs::write(&p, REPORT).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["extract", p.to_str().unwrap(), "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (p.to_string_lossy().into_owned(), out.stdout)
}

#[test]
fn json_follows_the_contract() {
    let (_, out) = run("json");
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let doc = &v["files"][0]["documents"][0];
    let q = doc["quantities"].as_array().unwrap();
    let texts: Vec<&str> = q.iter().map(|q| q["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["12个", "3.6亿元", "8.5%", "XX万元", "300户"]);
    assert_eq!(q[1]["value"], 360000000.0);
    assert_eq!(q[1]["unit"], "元");
    assert_eq!(q[2]["percent"], true);
    assert_eq!(q[2]["direction"], "up");
    assert_eq!(q[3]["placeholder"], true);
    assert!(q[3]["value"].is_null());
    assert_eq!(q[0]["section_role"], "review");
    let c = doc["commitments"].as_array().unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["modality"], "力争");
    assert_eq!(c[0]["target"], "300户以上");
    assert_eq!(c[0]["deadline"], "年底前");
    // Spans point into the file.
    let start = q[1]["start"].as_u64().unwrap() as usize;
    let end = q[1]["end"].as_u64().unwrap() as usize;
    assert_eq!(&REPORT[start..end], "3.6亿元");
}

#[test]
fn jsonl_one_record_a_line_with_path_title_section() {
    let (path, out) = run("jsonl");
    let text = String::from_utf8(out).unwrap();
    let recs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 6);
    assert!(recs.iter().all(|r| r["path"] == path.as_str()
        && r["title"] == "青石镇人民政府2023年工作总结和2024年工作计划"));
    assert_eq!(recs.iter().filter(|r| r["record"] == "quantity").count(), 5);
    assert_eq!(recs[0]["section"], "review");
}

#[test]
fn csv_has_a_bom_and_one_row_per_quantity() {
    let (_, out) = run("csv");
    assert!(out.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(out).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[1][7], "3.6亿元");
    assert_eq!(&rows[1][8], "360000000");
}

#[test]
fn text_lists_quantities_and_commitments() {
    let (_, out) = run("text");
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("数量 5 处，承诺 1 条"));
    assert!(text.contains("3.6亿元  = 360000000元"));
    assert!(text.contains("承诺[力争] 目标=300户以上 期限=年底前"));
}
