//! Similar passages, reuse and duplicates on generated reports with a planted copy.

mod common;

use gongwen_library::{add, open_reader, prepare, similar, AddOptions, NoProgress};

const PLANTED: &str = "着力构建“一网通办、一窗受理、一次办结”的政务服务新模式，全年通过数字化平台办理群众诉求8万余件，按期办结率达到97.6%，群众满意度连续三年位居全市前列。";

#[test]
fn planted_copy_is_found_by_reuse_similar_and_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let files = common::write_reports(&docs, 30, 21);
    // The source (earlier year) and the copy (numbers changed), plus an unrelated doc.
    let src = docs.join("source.txt");
    std::fs::write(
        &src,
        format!(
            "白石乡人民政府2021年工作总结\n\n一、工作回顾\n{PLANTED}\n推进农村公路提档升级。\n"
        ),
    )
    .unwrap();
    let copy = docs.join("copy.txt");
    let changed = PLANTED.replace("8万", "9万").replace("97.6%", "98.1%");
    std::fs::write(
        &copy,
        format!("落霞镇2024年工作总结\n\n一、工作回顾\n完成年度重点任务。\n{changed}\n"),
    )
    .unwrap();
    let lib = tmp.path().join("lib");
    add(
        &lib,
        &[docs.display().to_string()],
        &AddOptions {
            threads: 2,
            ..Default::default()
        },
        &NoProgress,
    )
    .unwrap();
    let s = open_reader(&lib).unwrap();

    let f = prepare::prepare_path(&std::fs::canonicalize(&copy).unwrap()).unwrap();
    let r = similar::reuse(&s.conn, &f, 0.8).unwrap();
    let from_src = r
        .sources
        .iter()
        .find(|x| x.path.ends_with("source.txt"))
        .expect("source found");
    assert_eq!(from_src.year, Some(2021));
    assert!(from_src
        .passages
        .iter()
        .any(|m| m.line == 5 && m.source.line == 4 && m.similarity >= 0.9));
    assert!(r.share > 0.5 && r.share <= 1.0, "{}", r.share);
    for x in &r.sources {
        assert!(
            !x.path.ends_with("copy.txt"),
            "the document itself is no source"
        );
        for m in &x.passages {
            assert!(m.similarity >= 0.8);
        }
    }

    let t = prepare::prepare_bytes("<text>", changed.as_bytes(), "x".into()).unwrap();
    let m = similar::similar(&s.conn, &t, 0.6).unwrap();
    let paths: Vec<&str> = m.iter().map(|x| x.source.path.as_str()).collect();
    assert!(
        paths.iter().any(|p| p.ends_with("source.txt"))
            && paths.iter().any(|p| p.ends_with("copy.txt")),
        "{paths:?}"
    );
    // A generated report's paragraph is not similar to the planted one.
    assert!(!paths.iter().any(|p| p.contains("report-")), "{paths:?}");

    let clusters = similar::duplicates(&s.conn, 0.8, 64).unwrap();
    let c = clusters
        .iter()
        .find(|c| c.members.iter().any(|m| m.path.ends_with("source.txt")))
        .expect("cluster with the planted paragraph");
    assert_eq!(c.members.len(), 2);
    assert!(
        c.members[0].path.ends_with("source.txt"),
        "earliest year first"
    );
    assert!(c.members[1].path.ends_with("copy.txt"));
    assert!(files.len() == 30);
}
