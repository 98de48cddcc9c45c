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
