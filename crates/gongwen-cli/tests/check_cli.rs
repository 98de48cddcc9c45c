//! `gongwen check` and `gongwen rules` end to end: the JSON contract of DESIGN.md §4,
//! SARIF 2.1.0, exit codes, `--fix`, `gongwen.toml` discovery and `--show-settings`.

use std::process::Command;

fn gongwen(args: &[&str], dir: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gongwen");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const DRAFT: &str = "城关镇2024年工作总结\n一、主要成效\n截止10月底，全镇完成投资XX万元，排查隐患40处，已整改30处，整改率95%。\n";

#[test]
fn json_contract_and_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), DRAFT).unwrap();
    let (code, out, _) = gongwen(&["check", "a.txt", "--format", "json"], dir.path());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fs = v["files"][0]["findings"].as_array().unwrap();
    let rules: Vec<&str> = fs.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(
        rules.contains(&"GW101") && rules.contains(&"GW406") && rules.contains(&"GW302"),
        "{rules:?}"
    );
    let ph = fs.iter().find(|f| f["rule"] == "GW101").unwrap();
    for k in [
        "rule",
        "name",
        "severity",
        "message",
        "doc",
        "line",
        "column",
        "start",
        "end",
        "text",
        "suggestion",
    ] {
        assert!(ph.get(k).is_some(), "missing {k}");
    }
    assert_eq!(ph["name"], "placeholder-residue");
    assert_eq!(ph["severity"], "error");
    assert_eq!(ph["doc"], 1);
    assert_eq!(ph["line"], 3);
    let (s, e) = (
        ph["start"].as_u64().unwrap() as usize,
        ph["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&DRAFT[s..e], ph["text"].as_str().unwrap());
    assert_eq!(
        v["summary"]["findings"].as_u64().unwrap() as usize,
        fs.len()
    );
    assert_eq!(v["summary"]["by_rule"]["GW101"], 1);
}

#[test]
fn text_frames_sarif_and_clean_exit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), DRAFT).unwrap();
    std::fs::write(
        dir.path().join("ok.txt"),
        "城关镇2024年工作总结\n一、主要成效\n全年完成投资2.3亿元。\n",
    )
    .unwrap();
    let (code, out, _) = gongwen(&["check", "a.txt"], dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("a.txt:3:1: GW406 [warning]"), "{out}");
    assert!(out.contains("= 建议：改为“截至”"), "{out}");
    let (code, out, _) = gongwen(&["check", "ok.txt"], dir.path());
    assert_eq!((code, out.trim()), (0, "未发现问题。"));
    let (_, out, _) = gongwen(&["check", "a.txt", "--format", "sarif"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let res = v["runs"][0]["results"].as_array().unwrap();
    assert!(res
        .iter()
        .any(|r| r["ruleId"] == "GW101" && r["level"] == "error"));
    assert!(
        v["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len()
            >= 30
    );
    // fail-on error: only the placeholder (error) counts.
    let (code, _, _) = gongwen(
        &["check", "a.txt", "--select", "GW406", "--fail-on", "error"],
        dir.path(),
    );
    assert_eq!(code, 0);
}

#[test]
fn fix_writes_a_copy_or_in_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), DRAFT).unwrap();
    let (_, _, err) = gongwen(&["check", "a.txt", "--fix"], dir.path());
    assert!(err.contains("已修复"), "{err}");
    let fixed = std::fs::read_to_string(dir.path().join("a.fixed.txt")).unwrap();
    assert!(
        fixed.contains("截至10月底") && fixed.contains("XX万元"),
        "{fixed}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        DRAFT
    );
    gongwen(&["check", "a.txt", "--fix", "--in-place"], dir.path());
    assert!(std::fs::read_to_string(dir.path().join("a.txt"))
        .unwrap()
        .contains("截至10月底"));
}

#[test]
fn config_found_upward_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("drafts/2024");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("a.txt"), DRAFT).unwrap();
    std::fs::write(
        dir.path().join("gongwen.toml"),
        "ignore = [\"GW406\"]\nfail-on = \"error\"\n[severity]\nGW101 = \"warning\"\n",
    )
    .unwrap();
    let (code, out, _) = gongwen(
        &["check", "drafts/2024/a.txt", "--format", "json"],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fs = v["files"][0]["findings"].as_array().unwrap();
    assert!(fs.iter().all(|f| f["rule"] != "GW406"));
    assert!(fs
        .iter()
        .any(|f| f["rule"] == "GW101" && f["severity"] == "warning"));
    assert_eq!(code, 0, "nothing at error level after the override");
    let (code, out, _) = gongwen(
        &["check", "drafts/2024/a.txt", "--show-settings"],
        dir.path(),
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("gongwen.toml") && out.contains("fail-on      = \"error\""),
        "{out}"
    );
    // Command line --select wins over the file.
    let (_, out, _) = gongwen(
        &[
            "check",
            "drafts/2024/a.txt",
            "--select",
            "GW302",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] == "GW302"));
    std::fs::write(dir.path().join("gongwen.toml"), "selct = 1\n").unwrap();
    let (code, _, err) = gongwen(&["check", "drafts/2024/a.txt"], dir.path());
    assert_eq!(code, 2, "{err}");
}

#[test]
fn rules_list_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = gongwen(&["rules"], dir.path());
    assert_eq!(code, 0);
    assert!(out.contains("GW101") && out.contains("placeholder-residue") && out.contains("GW414"));
    let (code, out, _) = gongwen(&["rules", "GW406"], dir.path());
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# GW406 jiezhi-misuse")
            && out.contains("## 查什么")
            && out.contains("截至10月底"),
        "{out}"
    );
    let (_, out2, _) = gongwen(&["rules", "jiezhi-misuse"], dir.path());
    assert_eq!(out, out2);
    let (code, _, _) = gongwen(&["rules", "GW999"], dir.path());
    assert_eq!(code, 2);
}

#[test]
fn p1_rules_are_listed_after_the_old_ones_and_fix_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, _) = gongwen(&["rules"], dir.path());
    assert_eq!(code, 0);
    let at = |c: &str| out.find(c).unwrap_or_else(|| panic!("{c} not listed"));
    // New codes continue each family's numbering after its existing rules.
    assert!(at("GW209") < at("GW210") && at("GW210") < at("GW211") && at("GW211") < at("GW301"));
    assert!(at("GW316") < at("GW317") && at("GW320") < at("GW401"));
    assert!(at("GW414") < at("GW415") && at("GW416") < at("GW417"));
    let (code, doc, _) = gongwen(&["rules", "fixed-term"], dir.path());
    assert_eq!(code, 0);
    assert!(
        doc.starts_with("# GW320 fixed-term") && doc.contains("十四五"),
        "{doc}"
    );
    let draft = "桃源镇2024年工作总结\n一、主要工作\n坚持把3农工作作为重中之重，第一、强化组织领导；截至目前为止，涉及到征迁的项目已全部完成，二零二四年垃圾处理率达到九十五%。\n";
    std::fs::write(dir.path().join("b.txt"), draft).unwrap();
    let (code, out, _) = gongwen(
        &[
            "check",
            "b.txt",
            "--format",
            "json",
            "--select",
            "GW210,GW318,GW319,GW320,GW417",
        ],
        dir.path(),
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut rules: Vec<&str> = v["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        ["GW210", "GW318", "GW319", "GW320", "GW417", "GW417"],
        "{out}"
    );
    gongwen(
        &[
            "check",
            "b.txt",
            "--fix",
            "--select",
            "GW210,GW318,GW319,GW320,GW417",
        ],
        dir.path(),
    );
    let fixed = std::fs::read_to_string(dir.path().join("b.fixed.txt")).unwrap();
    assert!(
        fixed.contains("把三农工作")
            && fixed.contains("第一，强化")
            && fixed.contains("截至目前，涉及征迁")
            && fixed.contains("二〇二四年垃圾处理率达到95%。"),
        "{fixed}"
    );
}
