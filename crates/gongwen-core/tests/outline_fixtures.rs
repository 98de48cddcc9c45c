//! Outline tests on the invented fixtures under `tests/fixtures/outline/` (snapshots of
//! the JSON with insta) and properties that must hold on any input (proptest).

use gongwen_core::ingest::{self, IngestOptions};
use gongwen_core::model::{FileOutline, MarkerKind, Role, Section};
use gongwen_core::outline::{outline, Outlined};
use proptest::prelude::*;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/outline")
        .join(name)
}

fn outline_file(name: &str) -> Outlined {
    let mut input =
        ingest::read_file(&fixture(name), &IngestOptions::default()).expect("fixture reads");
    input.path = name.to_string();
    outline(&input)
}

fn roles(f: &FileOutline, doc: usize) -> Vec<Role> {
    f.documents[doc].sections.iter().map(|s| s.role).collect()
}

/// Check the invariants every outline must keep, on any text.
fn check_invariants(o: &Outlined) {
    let raw = &o.source.raw;
    let f = &o.outline;
    for r in &f.removed {
        assert!(r.start <= r.end && r.end <= raw.len());
        assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
        assert_eq!(r.line, o.source.line_of(r.start));
    }
    fn walk(s: &Section, raw: &str, o: &Outlined, lo: usize, hi: usize) {
        for off in [s.start, s.end, s.heading_start, s.heading_end] {
            assert!(
                off <= raw.len() && raw.is_char_boundary(off),
                "span off char boundary"
            );
        }
        assert!(s.start <= s.end && s.heading_start <= s.heading_end);
        assert!(s.start >= lo && s.end <= hi, "section outside its parent");
        assert_eq!(s.line, o.source.line_of(s.heading_start));
        for c in &s.children {
            assert_eq!(c.depth, s.depth + 1);
            walk(c, raw, o, s.start, s.end);
        }
    }
    for d in &f.documents {
        assert!(d.start <= d.end && d.end <= raw.len());
        assert!(raw.is_char_boundary(d.start) && raw.is_char_boundary(d.end));
        assert_eq!(d.line, o.source.line_of(d.start));
        assert!(d.end_line >= d.line);
        for s in &d.sections {
            assert_eq!(s.depth, 1);
            walk(s, raw, o, d.start, d.end);
        }
    }
}

#[test]
fn compilation_with_toc_paywall_and_adverts() {
    let o = outline_file("compilation.txt");
    check_invariants(&o);
    let f = &o.outline;
    let titles: Vec<&str> = f.documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "青石镇2024年工作总结和2025年工作计划",
            "县林业局2024年度工作总结和2025年度工作计划",
            "县统计局2024年工作总结及2025年工作思路",
            "柳溪街道2024年工作总结和2025年工作计划",
        ]
    );
    let lines: Vec<usize> = f.documents.iter().map(|d| d.line).collect();
    assert_eq!(lines, [12, 26, 37, 49]);
    let kinds: Vec<&str> = f.removed.iter().map(|r| r.kind.as_str()).collect();
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
    // The glued marker is cut alone and the sentence reads whole.
    assert!(o.clean.clean.contains("2024年共召开林长会议6次"));
    assert!(!o.clean.clean.contains("##"));
    assert_eq!(roles(f, 0), [Role::Review, Role::Problems, Role::Plan]);
    assert_eq!(roles(f, 2), [Role::Review, Role::Problems, Role::Plan]);
    assert_eq!(f.documents[2].sections[1].marker, MarkerKind::Paragraph);
    assert_eq!(roles(f, 3), [Role::Review, Role::Plan, Role::Suggestions]);
    assert_eq!(f.documents[3].level.as_deref(), Some("街道"));
    insta::assert_json_snapshot!("compilation", f);
}

#[test]
fn gb18030_compilation_outlines_alike() {
    let a = outline_file("compilation.txt");
    let b = outline_file("compilation.gb18030.txt");
    check_invariants(&b);
    assert_eq!(b.outline.encoding, "GB18030");
    let mut fa = serde_json::to_value(&a.outline).unwrap();
    let mut fb = serde_json::to_value(&b.outline).unwrap();
    for v in [&mut fa, &mut fb] {
        v["path"] = serde_json::Value::Null;
        v["encoding"] = serde_json::Value::Null;
    }
    assert_eq!(fa, fb);
}

#[test]
fn report_numbered_from_paren_one() {
    let o = outline_file("from-paren.txt");
    check_invariants(&o);
    let d = &o.outline.documents[0];
    // The （一） run before 二、 is wrapped as the unheaded first part.
    assert_eq!(d.sections.len(), 3);
    assert_eq!(d.sections[0].marker, MarkerKind::Paragraph);
    assert_eq!(
        d.sections[0].children[0].heading,
        "（一）加强组织领导，压实法治建设责任"
    );
    assert_eq!(
        d.sections[0].children[0].children[0].marker,
        MarkerKind::ArabicDot
    );
    assert_eq!(
        roles(&o.outline, 0),
        [Role::Review, Role::Problems, Role::Plan]
    );
    insta::assert_json_snapshot!("from_paren", &o.outline);
}

#[test]
fn gov_report_with_web_chrome() {
    let o = outline_file("gov-report-web.txt");
    check_invariants(&o);
    let f = &o.outline;
    assert!(f.removed.iter().all(|r| r.kind == "web-chrome"));
    assert!(f.removed[0].text.contains("【字号："));
    let d = &f.documents[0];
    assert_eq!(d.title, "2025年青岭市政府工作报告");
    assert_eq!(d.unit.as_deref(), Some("青岭市人民政府"));
    assert_eq!(d.level.as_deref(), Some("市"));
    assert_eq!((d.summary_year, d.plan_year), (Some(2024), Some(2025)));
    assert_eq!(
        roles(f, 0),
        [Role::Review, Role::Problems, Role::Plan, Role::Plan]
    );
    assert!(!o.clean.clean.contains("扫一扫"));
    insta::assert_json_snapshot!("gov_report_web", f);
}

#[test]
fn plan_without_nian() {
    let o = outline_file("plan-2024.txt");
    check_invariants(&o);
    let d = &o.outline.documents[0];
    assert_eq!(d.plan_year, Some(2024));
    assert_eq!(d.summary_year, None);
    assert_eq!(d.unit.as_deref(), Some("县农业农村局"));
    // 一要/二要 become inline items of （三）.
    let san = &d.sections[1].children[2];
    assert_eq!(san.children.len(), 2);
    assert_eq!(san.children[1].number, "二要");
    insta::assert_json_snapshot!("plan_2024", &o.outline);
}

fn text_input(text: &str) -> gongwen_core::model::Input {
    ingest::from_bytes("p.txt", text.as_bytes(), &IngestOptions::default()).expect("non-empty")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_outlines_without_panic(s in "\\PC{0,400}") {
        if !s.is_empty() {
            let o = outline(&text_input(&s));
            check_invariants(&o);
        }
    }

    #[test]
    fn report_like_text_keeps_invariants(parts in proptest::collection::vec(prop_oneof![
        Just("一、2023年工作回顾\n"), Just("（一）加强领导。一是抓落实；二是抓整改。\n"),
        Just("1.完善制度。\n"), Just("(二）强化监管\n"), Just("二、2024年工作计划\n"),
        Just("##paidbegin##"), Just("目录\n"), Just("某镇2024年工作总结\t3\n"), Just("\n\n"),
        Just("某镇2023年工作总结和2024年工作计划\n"), Just("下载\n打印\n"), Just("相关报道：\n"),
        Just("但也存在一些问题和不足。\n"), Just("全年新增就业1.5万人，增长3%。"), Just("①"), Just("\u{3000}"),
    ], 1..40)) {
        let text: String = parts.concat();
        if !text.is_empty() {
            let o = outline(&text_input(&text));
            check_invariants(&o);
        }
    }
}
