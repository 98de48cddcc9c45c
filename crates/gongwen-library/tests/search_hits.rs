//! What a search hit shows: the line and snippet of the paragraph holding the phrase
//! (the index is document-level, positions map back to paragraphs), no phrase across
//! two paragraphs, `role:` checked per paragraph, `total` in documents.

use gongwen_library::query::parse;
use gongwen_library::search::scan;
use gongwen_library::{add, open_reader, AddOptions, NoProgress};

const REPORT: &str = "青川县审计局2024年工作总结和2025年工作计划
一、2024年工作开展情况
全年完成审计项目42个，查出问题金额3.1亿元，推动整改
落实到位，移送问题线索5件。
二、存在的问题
审计整改落实机制还不够健全，部分单位对审计发现问题重视不够。
三、2025年工作计划
深化经济责任审计，完成审计项目45个以上。
";

const OTHER: &str = "白石镇人民政府2024年工作总结
一、主要工作
全年新增就业岗位1200个，完成农村公路改造36公里。
二、下一步打算
持续推进乡村振兴，力争新增就业岗位1500个。
";

fn library() -> (tempfile::TempDir, gongwen_library::search::Searcher) {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("audit.txt"), REPORT).unwrap();
    std::fs::write(docs.join("town.txt"), OTHER).unwrap();
    let lib = tmp.path().join("lib");
    let paths = vec![docs.display().to_string()];
    add(&lib, &paths, &AddOptions::default(), &NoProgress).unwrap();
    let s = open_reader(&lib).unwrap();
    (tmp, s)
}

#[test]
fn the_hit_shows_the_line_and_snippet_of_the_matching_paragraph() {
    let (_tmp, s) = library();
    let r = s.search(&parse("经济责任审计").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    let h = &r.hits[0];
    assert_eq!(h.line, 8, "{h:?}");
    assert!(h.snippet.starts_with("深化经济责任审计"), "{h:?}");
    let chars: Vec<char> = h.snippet.chars().collect();
    assert_eq!(h.highlights.len(), 1);
    let (a, b) = h.highlights[0];
    assert_eq!(chars[a..b].iter().collect::<String>(), "经济责任审计");
    assert!(r.took_ms >= 0.0);
}

#[test]
fn a_phrase_never_spans_two_paragraphs() {
    let (_tmp, s) = library();
    // "推动整改" ends line 3 and "落实到位" starts line 4.
    for q in ["整改落实到位", "推动整改落实", "改落实到"] {
        let q = parse(q).unwrap();
        let r = s.search(&q, 10).unwrap();
        assert_eq!(r.total, 0, "{q:?}");
        assert!(scan(&s.conn, &q).unwrap().is_empty());
    }
    // Inside one paragraph the same words do match (line 6).
    let r = s.search(&parse("整改落实").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].line, 6);
}

#[test]
fn role_filter_is_checked_per_paragraph_and_totals_count_documents() {
    let (_tmp, s) = library();
    let both = s.search(&parse("新增就业岗位").unwrap(), 10).unwrap();
    assert_eq!(both.total, 1, "two paragraphs of one document count once");
    let all = s.search(&parse("审计").unwrap(), 10).unwrap();
    assert_eq!(all.total, 1);
    for q in [
        "审计 role:plan",
        "查出问题 role:plan",
        "新增就业岗位 role:plan",
    ] {
        let q = parse(q).unwrap();
        let want = scan(&s.conn, &q).unwrap();
        let r = s.search(&q, 10).unwrap();
        assert_eq!(r.total, want.len(), "{q:?}");
        assert_eq!(
            s.matching(&q)
                .unwrap()
                .keys()
                .copied()
                .collect::<std::collections::HashSet<_>>(),
            want,
            "{q:?}"
        );
        for h in &r.hits {
            assert_eq!(h.section_role.as_deref(), Some("plan"), "{h:?}");
        }
    }
    // A plan-role paragraph is shown even though the first occurrence is elsewhere.
    let r = s.search(&parse("审计 role:plan").unwrap(), 10).unwrap();
    if let Some(h) = r.hits.first() {
        assert_eq!(h.section_role.as_deref(), Some("plan"));
        assert!(h.snippet.contains("审计"));
    }
}

#[test]
fn one_char_terms_show_their_first_paragraph_of_an_allowed_role() {
    let (_tmp, s) = library();
    // 亿 occurs once, in the review paragraph of line 3.
    let r = s.search(&parse("亿").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].line, 3, "{:?}", r.hits[0]);
    // 审 occurs first in the title, then in every section: under role:plan the hit
    // shows the plan paragraph, under role:problems the problems one.
    let r = s.search(&parse("审 role:plan").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].line, 8, "{:?}", r.hits[0]);
    assert_eq!(r.hits[0].section_role.as_deref(), Some("plan"));
    let r = s.search(&parse("审 role:problems").unwrap(), 10).unwrap();
    assert_eq!(r.hits[0].line, 6, "{:?}", r.hits[0]);
    // 镇 is only in the town report; under role:problems (which it lacks) nothing.
    let r = s.search(&parse("镇").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    let q = parse("镇 role:problems").unwrap();
    assert_eq!(s.search(&q, 10).unwrap().total, 0);
    assert!(scan(&s.conn, &q).unwrap().is_empty());
    // Excluding a one-char term.
    let r = s.search(&parse("工作 -镇").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    assert!(r.hits[0].title.contains("审计局"));
}

#[test]
fn a_mixed_query_shows_the_paragraph_holding_the_most_terms() {
    let (_tmp, s) = library();
    // 亿 (one char) only on line 3; 审计 on lines 1, 3, 6, 8: line 3 holds both, though
    // the first paragraph with 审计 is the title line.
    let r = s.search(&parse("审计 亿").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].line, 3, "{:?}", r.hits[0]);
    // 题 occurs first on line 3 (of the review section), again on line 4 with 索,
    // which is nowhere else: the index's first occurrence alone would show line 3.
    let r = s.search(&parse("索 题").unwrap(), 10).unwrap();
    assert_eq!(r.hits[0].line, 4, "{:?}", r.hits[0]);
    let r = s.search(&parse("题 线索").unwrap(), 10).unwrap();
    assert_eq!(r.hits[0].line, 4, "{:?}", r.hits[0]);
}
