//! End-to-end tests of the outline stage on small invented reports.

use super::*;
use crate::model::{Format, Role};

pub(crate) fn input(text: &str) -> Input {
    Input {
        path: "t.txt".into(),
        format: Format::Text,
        encoding: "UTF-8".into(),
        text: text.to_string(),
        hints: vec![],
        records: vec![],
        warnings: vec![],
    }
}

#[test]
fn one_simple_report() {
    let o = outline(&input("某镇2023年工作总结\n\n一、主要成效\n全年新增就业120人。\n二、2024年工作计划\n一是抓项目。二是抓招商。\n"));
    let d = &o.outline.documents;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].title, "某镇2023年工作总结");
    assert_eq!(d[0].unit.as_deref(), Some("某镇"));
    assert_eq!(d[0].sections.len(), 2);
    assert_eq!(d[0].sections[0].role, Role::Review);
    assert_eq!(d[0].sections[1].role, Role::Plan);
    assert_eq!(d[0].sections[1].children.len(), 2);
    assert_eq!(d[0].summary_year, Some(2023));
    assert_eq!(d[0].plan_year, Some(2024));
}

#[test]
fn sentences_split_on_chinese_punctuation() {
    let t = "一、主要成效\n全年新增就业120人。完成“三项任务”。\n  二是抓落实；三是抓整改\n";
    let got: Vec<&str> = sentences(t).iter().map(|s| &t[s.start..s.end]).collect();
    assert_eq!(
        got,
        [
            "一、主要成效",
            "全年新增就业120人。",
            "完成“三项任务”。",
            "二是抓落实；",
            "三是抓整改"
        ]
    );
}

#[test]
fn glued_marker_sentence_reads_whole() {
    let o = outline(&input(
        "某局2023年工作总结\n\n一、工作情况\n我局2023##paidbegin##年共办理申请5件。\n",
    ));
    let s: Vec<String> = o
        .sentences()
        .iter()
        .map(|s| o.clean.clean[s.start..s.end].to_string())
        .collect();
    assert!(
        s.contains(&"我局2023年共办理申请5件。".to_string()),
        "{s:?}"
    );
    let sp = o
        .sentences()
        .into_iter()
        .find(|s| o.clean.clean[s.start..s.end].starts_with("我局"))
        .unwrap();
    let raw = o.clean.span_to_raw(sp.start, sp.end);
    assert_eq!(
        &o.source.raw[raw.start..raw.end],
        "我局2023##paidbegin##年共办理申请5件。"
    );
}

#[test]
fn docx_style_hints_give_title_and_headings() {
    use crate::model::{LineHint, MarkerKind};
    let mut i = input("青禾镇年度情况\n主要工作\n全年新增就业120人。\n下步打算\n抓好项目建设。\n");
    let hint = |line: usize, level: Option<u8>, style: &str| LineHint {
        line,
        outline_level: level,
        style: Some(style.to_string()),
        in_table: false,
    };
    i.format = crate::model::Format::Docx;
    i.hints = vec![
        hint(1, None, "Title"),
        hint(2, Some(1), "Heading 1"),
        hint(4, Some(1), "Heading 1"),
    ];
    let o = outline(&i);
    let d = &o.outline.documents[0];
    assert_eq!(d.title, "青禾镇年度情况");
    assert_eq!(d.sections.len(), 2);
    assert_eq!(d.sections[0].marker, MarkerKind::Styled);
    assert_eq!(d.sections[0].heading, "主要工作");
    assert_eq!(d.sections[1].line, 4);
    assert_eq!(d.sections[1].role, Role::Plan);
}

#[test]
fn csv_records_are_documents_with_metadata() {
    use crate::model::Record;
    let text = "各位代表：\n一、2025年工作回顾\n经济平稳。\n二、2026年工作安排\n稳增长。\n某县2025年工作总结\n一、主要成效\n就业稳定。\n";
    let mut i = input(text);
    let cut = text.find("某县").unwrap();
    let meta = |t: &str| {
        [
            ("title".to_string(), t.to_string()),
            ("year".to_string(), "2026".to_string()),
        ]
        .into_iter()
        .collect()
    };
    i.records = vec![
        Record {
            start: 0,
            end: cut,
            row: 1,
            metadata: meta("2026年某省政府工作报告"),
        },
        Record {
            start: cut,
            end: text.len(),
            row: 2,
            metadata: meta(""),
        },
    ];
    let o = outline(&i);
    let d = &o.outline.documents;
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].title, "2026年某省政府工作报告");
    assert_eq!(d[0].metadata.get("year").map(String::as_str), Some("2026"));
    assert_eq!(
        (d[0].summary_year, d[0].plan_year),
        (Some(2025), Some(2026))
    );
    assert_eq!(d[1].line, 6);
    assert_eq!(d[1].title, "某县2025年工作总结");
    assert!(d[0].end <= d[1].start);
}
