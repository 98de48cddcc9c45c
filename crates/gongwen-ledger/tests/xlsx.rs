//! The workbook: export, read back with calamine, edit, import, export again.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use gongwen_core::{extract, ingest, outline};
use gongwen_ledger::export::{self, ManualStore};
use gongwen_ledger::{reconcile, views_of, LedgerItem, Options, Status};
use std::io::{Cursor, Read};
use std::path::Path;

fn items() -> Vec<LedgerItem> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ledger");
    let mut views = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for f in files {
        let input = ingest::read_file(&f, &Default::default()).expect("read");
        let o = outline::outline(&input);
        let ex = extract::extract(&o);
        views.extend(views_of(&input, &o, &ex));
    }
    reconcile(
        &views,
        &views,
        &Options {
            plan_year: Some(2025),
        },
    )
}

fn cell(r: &calamine::Range<Data>, row: usize, col: usize) -> String {
    r.get((row, col)).map(|d| d.to_string()).unwrap_or_default()
}

#[test]
fn workbook_has_summary_and_unit_sheets() {
    let items = items();
    let bytes = export::xlsx_bytes(&items, "2025年度工作任务落实情况台账").expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("open");
    let names = wb.sheet_names().to_vec();
    assert_eq!(names, vec!["汇总", "柳河镇", "青川县医疗保障局"]);
    let sum = wb.worksheet_range("汇总").expect("summary");
    assert_eq!(cell(&sum, 0, 0), "2025年度工作任务落实情况台账");
    assert_eq!(cell(&sum, 1, 1), "已完成");
    assert_eq!(cell(&sum, 2, 0), "柳河镇");
    let done = items
        .iter()
        .filter(|i| i.unit == "柳河镇" && i.status == Status::Done)
        .count();
    assert_eq!(cell(&sum, 2, 1), done.to_string());
    let s = wb.worksheet_range("柳河镇").expect("unit sheet");
    let hdr: Vec<String> = (0..11).map(|c| cell(&s, 0, c)).collect();
    assert_eq!(
        hdr,
        [
            "序号",
            "单位",
            "任务",
            "目标",
            "时限",
            "责任",
            "状态",
            "进展/证据",
            "得分",
            "说明",
            "备注"
        ]
    );
    // The row of the rural-road commitment carries its verdict and evidence.
    let row = (1..s.height())
        .find(|r| cell(&s, *r, 2).contains("新改建农村公路15公里"))
        .expect("row");
    assert_eq!(cell(&s, row, 6), "未完成");
    assert!(cell(&s, row, 7).contains("12.3公里"));
    // Frozen header, drop-down and autofilter are in the sheet XML.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet2.xml")
        .expect("sheet2")
        .read_to_string(&mut xml)
        .expect("xml");
    assert!(
        xml.contains("<pane ") && xml.contains("state=\"frozen\""),
        "frozen header"
    );
    assert!(
        xml.contains("<dataValidation ") && xml.contains("已完成,未完成,推进中,未报告,未知"),
        "drop-down"
    );
    assert!(xml.contains("<autoFilter "), "autofilter");
}

#[test]
fn sheet_names_are_sanitised_and_unique() {
    let mut taken = std::collections::HashSet::new();
    let a = export::sheet_name(
        "某某市[测试]/单位:*?名称特别特别特别特别特别特别特别特别长的单位",
        &mut taken,
    );
    assert!(a.chars().count() <= 31 && !a.contains(['[', ']', '/', ':', '*', '?']));
    let b = export::sheet_name(
        "某某市[测试]/单位:*?名称特别特别特别特别特别特别特别特别长的单位",
        &mut taken,
    );
    assert_ne!(a, b);
    assert!(b.ends_with("(2)") && b.chars().count() <= 31);
    assert_eq!(export::sheet_name("", &mut taken), "未识别单位");
}

#[test]
fn import_round_trip_keeps_statuses_and_notes() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut items = items();
    let road = items
        .iter()
        .position(|i| i.text.contains("新改建农村公路15公里"))
        .expect("road");
    let toilets = items
        .iter()
        .position(|i| i.text.contains("户厕改造500户"))
        .expect("toilets");
    // A person marks the road as in progress with a note, and notes the toilets.
    let mut edited = items.clone();
    edited[road].manual_status = Some(Status::Progress);
    edited[road].note = Some("镇里说明：剩余2.7公里已于2026年1月开工".into());
    edited[toilets].note = Some("请镇政府补报户厕改造完成情况".into());
    let xlsx = dir.path().join("台账.xlsx");
    export::write_xlsx(&edited, "台账", &xlsx).expect("write");
    let rows = export::read_xlsx(&xlsx).expect("read back");
    assert_eq!(rows.len(), items.len());
    let store_path = dir.path().join("ledger-manual.json");
    let mut store = ManualStore::load(&store_path).expect("empty store");
    let st = store.merge(&rows);
    assert_eq!((st.statuses, st.notes), (1, 2));
    store.save(&store_path).expect("save");
    // A later run recomputes everything; the stored edits come back.
    let store = ManualStore::load(&store_path).expect("load");
    store.apply(&mut items);
    assert_eq!(items[road].effective_status(), Status::Progress);
    assert_eq!(
        items[road].status,
        Status::Missed,
        "computed status kept beside the manual one"
    );
    assert!(items[toilets]
        .note
        .as_deref()
        .is_some_and(|n| n.contains("补报")));
    assert_eq!(items[toilets].manual_status, None);
    // Importing a workbook that no longer lists the road keeps the road's entry.
    let mut fewer = items.clone();
    fewer.remove(road);
    export::write_xlsx(&fewer, "台账", &xlsx).expect("write");
    let mut store = ManualStore::load(&store_path).expect("load");
    store.merge(&export::read_xlsx(&xlsx).expect("read"));
    assert!(store.entries.contains_key(&items[road].key));
    // The next export carries them.
    let bytes = export::xlsx_bytes(&items, "台账").expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
    let s = wb.worksheet_range("柳河镇").expect("sheet");
    let row = (1..s.height())
        .find(|r| cell(&s, *r, 2).contains("新改建农村公路15公里"))
        .expect("row");
    assert_eq!(cell(&s, row, 6), "推进中");
    assert!(cell(&s, row, 10).contains("2.7公里"));
}

#[test]
fn csv_has_bom_and_json_the_contract_fields() {
    let items = items();
    let csv = export::csv_bytes(&items).expect("csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let v = export::json_value(&items);
    let first = &v["items"][0];
    for k in [
        "unit",
        "plan_year",
        "path",
        "line",
        "heading_path",
        "text",
        "modality",
        "target",
        "deadline",
        "status",
        "score",
        "evidence",
    ] {
        assert!(first.get(k).is_some(), "missing {k}");
    }
    assert!(["done", "missed", "progress", "not-reported", "unknown"]
        .contains(&first["status"].as_str().unwrap_or("")));
}

#[test]
fn quantity_table_reads_back() {
    let rows = vec![export::QuantityRow {
        path: "a.txt".into(),
        doc: 1,
        title: "柳河镇2024年工作总结".into(),
        role: "review".into(),
        subject: "新建高标准农田".into(),
        value: Some(2800.0),
        unit: "亩".into(),
        text: "2800亩".into(),
        line: 6,
    }];
    let bytes = export::quantities_xlsx(&rows).expect("xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
    let s = wb.worksheet_range("指标").expect("sheet");
    assert_eq!(cell(&s, 0, 3), "指标");
    assert_eq!(cell(&s, 1, 2), "回顾");
    assert_eq!(cell(&s, 1, 4), "2800");
}

proptest::proptest! {
    /// Any text as a plan and as a review: reconciliation never panics.
    #[test]
    fn reconcile_never_panics(plan in "\\PC{0,120}", review in "\\PC{0,120}") {
        let mk = |name: &str, t: &str| {
            let input = ingest::from_bytes(name, t.as_bytes(), &Default::default());
            input.map(|i| {
                let o = outline::outline(&i);
                let ex = extract::extract(&o);
                views_of(&i, &o, &ex)
            }).unwrap_or_default()
        };
        let mut v = mk("某县2024年工作总结和2025年工作计划.txt", &format!("某县2024年工作总结和2025年工作计划\n一、2024年工作回顾\n{plan}\n二、2025年工作计划\n{plan}\n"));
        v.extend(mk("某县2025年工作总结.txt", &format!("某县2025年工作总结\n一、2025年工作回顾\n{review}\n")));
        let _ = reconcile(&v, &v, &Options::default());
    }
}
