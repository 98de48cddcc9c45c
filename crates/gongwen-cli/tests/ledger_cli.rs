//! `gongwen ledger` end to end on the ledger fixtures: JSON contract, filters, XLSX
//! export and `ledger import` carrying a note into the next export.

use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ledger")
}

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

#[test]
fn ledger_json_and_filters() {
    let out = gongwen()
        .args([
            "ledger",
            "--plan-year",
            "2025",
            "--format",
            "json",
            "--unit",
            "县医保局",
        ])
        .arg(fixtures())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = v["items"].as_array().expect("items");
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|i| i["unit"] == "青川县医疗保障局"),
        "unit filter"
    );
    let card = items
        .iter()
        .find(|i| {
            i["text"]
                .as_str()
                .is_some_and(|t| t.contains("医保电子凭证激活率"))
        })
        .expect("e-card commitment");
    assert_eq!(card["status"], "missed");
    assert_eq!(card["plan_year"], 2025);
    assert!(card["evidence"][0]["text"]
        .as_str()
        .unwrap_or("")
        .contains("86.3%"));
    assert!(card["evidence"][0]["line"].as_u64().is_some());

    let out = gongwen()
        .args([
            "ledger",
            "--plan-year",
            "2025",
            "--format",
            "json",
            "--status",
            "未完成",
        ])
        .arg(fixtures())
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = v["items"].as_array().expect("items");
    assert!(items.len() >= 5 && items.iter().all(|i| i["status"] == "missed"));
}

#[test]
fn xlsx_export_import_carries_notes() {
    let dir = tempfile::tempdir().expect("tmp");
    let xlsx = dir.path().join("台账.xlsx");
    let out = gongwen()
        .args(["ledger", "--plan-year", "2025", "--format", "csv", "--xlsx"])
        .arg(&xlsx)
        .arg(fixtures())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "CSV with BOM");
    assert!(xlsx.exists());
    let out = gongwen()
        .args(["ledger", "import"])
        .arg(&xlsx)
        .output()
        .expect("import");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing edited: nothing manual stored, and the sidecar exists.
    let side = dir.path().join("台账.manual.json");
    let store: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&side).expect("sidecar")).expect("json");
    assert_eq!(store["entries"].as_object().map(|o| o.len()), Some(0));
    let out = gongwen()
        .args(["ledger", "import"])
        .arg(dir.path().join("missing.xlsx"))
        .output()
        .expect("import");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn extract_xlsx_writes_the_indicator_table() {
    let dir = tempfile::tempdir().expect("tmp");
    let x = dir.path().join("指标.xlsx");
    let out = gongwen()
        .args(["extract", "--xlsx"])
        .arg(&x)
        .arg(fixtures().join("柳河镇2024年工作总结和2025年工作计划.txt"))
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&x)
        .map(|m| m.len() > 1000)
        .unwrap_or(false));
}

/// The library path: statuses and notes typed into the workbook are imported into the
/// library (`ledger_manual`) and come back in the next export, while the automatic
/// verdicts stay recomputed.
#[test]
fn typed_status_and_note_survive_through_the_library() {
    use gongwen_ledger::{export, LedgerItem, Status};
    let dir = tempfile::tempdir().expect("tmp");
    let lib = dir.path().join("lib");
    let out = gongwen()
        .args(["add", "--library"])
        .arg(&lib)
        .arg(fixtures())
        .output()
        .expect("add");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let ledger_json = || -> Vec<LedgerItem> {
        let out = gongwen()
            .args([
                "ledger",
                "--plan-year",
                "2025",
                "--format",
                "json",
                "--library",
            ])
            .arg(&lib)
            .output()
            .expect("ledger");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        serde_json::from_value(v["items"].clone()).expect("items")
    };
    let mut items = ledger_json();
    assert!(
        items.len() >= 10,
        "the two plans hold 23 commitments, got {}",
        items.len()
    );

    // A supervisor overrides one verdict and annotates another, in the workbook.
    let (a, b) = (0, items.len() - 1);
    let overridden = if items[a].status == Status::Done {
        Status::Progress
    } else {
        Status::Done
    };
    items[a].manual_status = Some(overridden);
    items[a].note = Some("督查室复核：现场核实已完成".into());
    items[b].note = Some("请补报完成情况".into());
    let xlsx = dir.path().join("台账.xlsx");
    export::write_xlsx(&items, "台账", &xlsx).expect("write xlsx");
    let out = gongwen()
        .args(["ledger", "import"])
        .arg(&xlsx)
        .arg("--library")
        .arg(&lib)
        .output()
        .expect("import");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.path().join("台账.manual.json").exists(),
        "stored in the library, not a sidecar"
    );

    let again = ledger_json();
    let find = |key: &str| {
        again
            .iter()
            .find(|i| i.key == key)
            .expect("same commitment again")
    };
    let ia = find(&items[a].key);
    assert_eq!(ia.manual_status, Some(overridden));
    assert_eq!(ia.note.as_deref(), Some("督查室复核：现场核实已完成"));
    assert_eq!(
        ia.status, items[a].status,
        "the automatic verdict is still recomputed"
    );
    assert_eq!(find(&items[b].key).note.as_deref(), Some("请补报完成情况"));
}
