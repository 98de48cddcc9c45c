//! Exact phrase search: the set of documents the index returns equals a substring scan
//! over the stored paragraphs, for phrases of any length, mixed CJK/Latin/digits,
//! full-width forms and spaces — on generated reports, random text and (ignored test)
//! the real corpus.

mod common;

use gongwen_library::query::{parse, Query};
use gongwen_library::search::scan;
use gongwen_library::tokenize::fold;
use gongwen_library::{add, open_reader, AddOptions, NoProgress};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::HashSet;
use std::path::Path;

fn opts() -> AddOptions {
    AddOptions {
        threads: 2,
        ..Default::default()
    }
}

fn build(dir: &Path, files: &[std::path::PathBuf]) -> gongwen_library::search::Searcher {
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    add(dir, &paths, &opts(), &NoProgress).unwrap();
    open_reader(dir).unwrap()
}

fn index_set(s: &gongwen_library::search::Searcher, q: &Query) -> HashSet<u64> {
    s.matching(q).unwrap().keys().copied().collect()
}

fn term(t: &str) -> Query {
    Query {
        must: vec![fold(t)],
        ..Default::default()
    }
}

#[test]
fn substrings_of_generated_reports_match_exactly_the_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let files = common::write_reports(&tmp.path().join("docs"), 60, 7);
    let s = build(&tmp.path().join("lib"), &files);
    let texts: Vec<Vec<char>> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().chars().collect())
        .collect();
    let mut runner = TestRunner::new(Config {
        cases: 400,
        ..Config::default()
    });
    runner
        .run(
            &(0..texts.len(), any::<u32>(), 1usize..=12),
            |(d, start, len)| {
                let t = &texts[d];
                let start = start as usize % t.len();
                let sub: String = t[start..(start + len).min(t.len())].iter().collect();
                let sub = sub.lines().next().unwrap_or("").to_string();
                prop_assume!(!sub.is_empty());
                let q = term(&sub);
                let got = index_set(&s, &q);
                let want = scan(&s.conn, &q).unwrap();
                prop_assert!(
                    !want.is_empty(),
                    "a substring of a stored line must be found by the scan"
                );
                prop_assert_eq!(got, want, "phrase {:?}", sub);
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn known_phrases_that_word_segmenters_miss_are_found() {
    let tmp = tempfile::tempdir().unwrap();
    let files = common::write_reports(&tmp.path().join("docs"), 40, 11);
    let s = build(&tmp.path().join("lib"), &files);
    for p in [
        "强领导",
        "县委、县政府",
        "2024年",
        "医疗保障",
        "024年gd",
        "GDP",
        "ｇｄｐ",
        "%，",
        "审",
        "乡村振兴",
    ] {
        let q = term(p);
        let want = scan(&s.conn, &q).unwrap();
        assert!(
            !want.is_empty(),
            "{p} should occur in the generated reports"
        );
        assert_eq!(index_set(&s, &q), want, "{p}");
    }
    let q = term("本句不存在于任何文档");
    assert!(index_set(&s, &q).is_empty());
}

#[test]
fn boolean_queries_and_filters_match_the_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let files = common::write_reports(&tmp.path().join("docs"), 40, 13);
    let s = build(&tmp.path().join("lib"), &files);
    for q in [
        "审计 医疗",
        "审计 -医疗保障",
        "\"坚强领导 \" 就业",
        "乡村振兴 -\"高标准农田\" 2024",
        "卫生室 role:plan",
        "就业 kind:other",
        "kind:other -审计",
        // One-char terms: a union of (char, role) terms, the role filter folded in.
        "县 role:plan",
        "审 role:review",
        "审 role:review role:plan",
        "审 医疗 role:problems",
        "审计 -县",
        "县 局 role:suggestions",
        "% role:review",
    ] {
        let q = parse(q).unwrap();
        assert_eq!(index_set(&s, &q), scan(&s.conn, &q).unwrap(), "{q:?}");
    }
}

fn alphabet() -> Vec<char> {
    "县审计局强领导20aAＡ２ 　，。年".chars().collect()
}

fn text_strategy() -> impl Strategy<Value = Vec<Vec<String>>> {
    let a = alphabet();
    let line = proptest::collection::vec(proptest::sample::select(a), 0..30)
        .prop_map(|v| v.into_iter().collect());
    proptest::collection::vec(proptest::collection::vec(line, 1..5), 1..6)
}

fn query_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(alphabet()), 1..6)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #![proptest_config(Config { cases: 24, ..Config::default() })]

    #[test]
    fn random_text_phrase_sets_equal_the_scan(docs in text_strategy(), queries in proptest::collection::vec(query_strategy(), 1..12)) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("docs");
        std::fs::create_dir_all(&dir).unwrap();
        let mut files = vec![];
        for (i, lines) in docs.iter().enumerate() {
            let p = dir.join(format!("{i}.txt"));
            // A title line so that the file is never empty.
            std::fs::write(&p, format!("标题{i}\n{}\n", lines.join("\n"))).unwrap();
            files.push(p);
        }
        let s = build(&tmp.path().join("lib"), &files);
        for q in &queries {
            let trimmed = q.trim();
            if trimmed.is_empty() { continue; }
            let q = term(trimmed);
            prop_assert_eq!(index_set(&s, &q), scan(&s.conn, &q).unwrap(), "phrase {:?}", trimmed);
        }
    }
}

/// Real text: the shared corpus (skipped when absent). `cargo test -- --ignored`.
#[test]
#[ignore]
fn substrings_of_the_real_corpus_match_exactly_the_scan() {
    let root = Path::new("/work/shared/corpus");
    let seed = root.join("seed");
    if !seed.exists() {
        eprintln!("corpus absent, skipped");
        return;
    }
    let mut files: Vec<std::path::PathBuf> = vec![];
    for sub in ["seed", "prefecture-gwr-2024"] {
        for e in walk(&root.join(sub)) {
            if e.extension().is_some_and(|x| x == "txt") && files.len() < 80 {
                files.push(e);
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let s = build(&tmp.path().join("lib"), &files);
    let texts: Vec<Vec<char>> = files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.chars().collect())
        .collect();
    let mut runner = TestRunner::new(Config {
        cases: 300,
        ..Config::default()
    });
    runner
        .run(
            &(0..texts.len(), any::<u32>(), 1usize..=10),
            |(d, start, len)| {
                let t = &texts[d];
                prop_assume!(!t.is_empty());
                let start = start as usize % t.len();
                let sub: String = t[start..(start + len).min(t.len())].iter().collect();
                let sub = sub.lines().next().unwrap_or("").trim().to_string();
                prop_assume!(!sub.is_empty());
                let q = term(&sub);
                prop_assert_eq!(
                    index_set(&s, &q),
                    scan(&s.conn, &q).unwrap(),
                    "phrase {:?}",
                    sub
                );
                Ok(())
            },
        )
        .unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
