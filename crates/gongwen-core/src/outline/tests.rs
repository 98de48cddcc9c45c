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
