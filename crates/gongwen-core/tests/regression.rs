//! One regression test per bug found after a stage landed, named after the bug.

use gongwen_core::{extract, ingest, outline};

fn extract_text(text: &str) -> Vec<extract::DocExtraction> {
    let input = ingest::from_bytes("汇编.txt", text.as_bytes(), &Default::default()).unwrap();
    extract::extract(&outline::outline(&input))
}

const COMPILATION: &str = "2024年工作总结汇编（3篇）\n\n目录\n\n柳河镇2024年工作总结\t1\n东江区审计局2024年工作总结\t3\n青川县医疗保障局2024年工作总结\t5\n\n\
柳河镇2024年工作总结\n\n一、主要成效\n全年实现地区生产总值18.6亿元，同比增长6.2%；完成固定资产投资9.8亿元。\n二、存在问题\n产业结构仍然偏单一。\n\n\
东江区审计局2024年工作总结\n\n一、主要成效\n全年完成审计项目18个，查出违规问题金额1.26亿元。\n\n\
青川县医疗保障局2024年工作总结\n\n一、主要成效\n全县基本医疗保险参保人数达到41.3万人，参保率稳定在95.6%。\n";

#[test]
fn decimal_times_multiplier_has_no_float_noise() {
    let docs = extract_text(COMPILATION);
    let values: Vec<(String, Option<f64>)> = docs
        .iter()
        .flat_map(|d| d.quantities.iter().map(|q| (q.text.clone(), q.value)))
        .collect();
    let get = |t: &str| values.iter().find(|(x, _)| x == t).and_then(|(_, v)| *v);
    assert_eq!(get("18.6亿元"), Some(1_860_000_000.0));
    assert_eq!(get("9.8亿元"), Some(980_000_000.0));
    assert_eq!(get("1.26亿元"), Some(126_000_000.0));
    assert_eq!(get("41.3万人"), Some(413_000.0));
}

#[test]
fn compilation_title_is_not_a_quantity_of_the_first_document() {
    let docs = extract_text(COMPILATION);
    assert_eq!(docs.len(), 3, "three documents expected");
    assert!(
        docs[0].quantities.iter().all(|q| q.text != "3篇"),
        "the compilation title's 3篇 was attributed to document 1: {:?}",
        docs[0]
            .quantities
            .iter()
            .map(|q| &q.text)
            .collect::<Vec<_>>()
    );
    assert!(docs[0].quantities.iter().any(|q| q.text == "18.6亿元"));
}

#[test]
fn title_year_written_without_nian_still_counts_for_gw207() {
    // The title names 2025 without 年 (GW206 reports that); a "三、2025年工作计划"
    // heading agrees with it and must not be reported as a year mismatch (GW207).
    let text = "街道办事处2024年工作总结和2025工作计划\n\n一、2024年工作成效\n全年新增城镇就业320人。\n二、存在问题\n基层治理力量仍然薄弱。\n三、2025年工作计划\n力争新增城镇就业350人以上。\n";
    let input = ingest::from_bytes("街道.txt", text.as_bytes(), &Default::default()).unwrap();
    let o = outline::outline(&input);
    let ex = extract::extract(&o);
    let findings = gongwen_core::check::check(&o, &ex, &Default::default());
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        rules.contains(&"GW206"),
        "GW206 should report the missing 年: {rules:?}"
    );
    assert!(!rules.contains(&"GW207"), "false GW207: {rules:?}");
}
