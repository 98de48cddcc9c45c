//! Corpus checks (need /work/shared; run with `cargo test --test ingest_corpus -- --ignored`).
//!
//! The 143 prefecture reports come as .docx and as .txt; the docx body text must give
//! the same paragraphs as the txt of the same city (blank lines and surrounding spaces
//! aside).

use gongwen_core::ingest::{self, IngestOptions};
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let p = std::env::var("GONGWEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared"));
    p.join("corpus").is_dir().then_some(p)
}

/// Non-empty lines, trimmed, with runs of whitespace (U+3000 included) as one space:
/// the .txt files were made with whitespace collapsed, the docx keep it as typed.
fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
#[ignore]
fn prefecture_docx_matches_txt() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/prefecture-gwr-2024/data");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(dir.join("docxV"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    docs.sort();
    let (mut same, mut exact, mut differ) = (0, 0, Vec::new());
    for docx in &docs {
        let stem = docx.file_stem().unwrap().to_str().unwrap();
        let txt = dir.join("txt_doc_level").join(format!("{stem}.txt"));
        let a = ingest::read_file(docx, &IngestOptions::default()).unwrap();
        let b = ingest::read_file(&txt, &IngestOptions::default()).unwrap();
        let (pa, pb) = (paragraphs(&a.text), paragraphs(&b.text));
        let trimmed = |t: &str| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        };
        if trimmed(&a.text) == trimmed(&b.text) {
            exact += 1;
        }
        if pa == pb {
            same += 1;
        } else {
            let i = pa
                .iter()
                .zip(&pb)
                .position(|(x, y)| x != y)
                .unwrap_or(pa.len().min(pb.len()));
            let (x, y) = (
                pa.get(i).cloned().unwrap_or_default(),
                pb.get(i).cloned().unwrap_or_default(),
            );
            let (xc, yc): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
            let j = xc
                .iter()
                .zip(&yc)
                .position(|(a, b)| a != b)
                .unwrap_or(xc.len().min(yc.len()));
            let around = |v: &[char]| {
                v[j.saturating_sub(10)..(j + 10).min(v.len())]
                    .iter()
                    .collect::<String>()
            };
            differ.push(format!(
                "{stem}: {} vs {} paragraphs, paragraph {i} differs at char {j}: docx {:?} | txt {:?}",
                pa.len(),
                pb.len(),
                around(&xc),
                around(&yc)
            ));
        }
    }
    eprintln!(
        "{same}/{} docx match their txt ({exact} without collapsing whitespace)",
        docs.len()
    );
    for d in &differ {
        eprintln!("{d}");
    }
    assert!(differ.is_empty(), "{} differ", differ.len());
}

#[test]
#[ignore]
fn every_corpus_file_reads() {
    let Some(shared) = shared() else { return };
    let paths = ingest::expand_paths(&[shared.join("corpus").display().to_string()]).unwrap();
    let mut n = 0;
    for p in &paths {
        let input = ingest::read_file(Path::new(p), &IngestOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        if !p.ends_with("failures_2026.csv") {
            assert!(!input.text.trim().is_empty(), "{p}"); // that one is a header only
        }
        n += 1;
    }
    eprintln!("{n} corpus files read");
    assert!(n > 300);
}

#[test]
#[ignore]
fn provincial_2026_csv_uses_full_text() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/provincial-gwr-2026/output/2026_raw_text");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().and_then(|x| x.to_str()).unwrap_or("");
        if !(name.starts_with("2026_") && name.ends_with(".csv")) {
            continue;
        }
        let input = ingest::read_file(&p, &IngestOptions::default()).unwrap();
        assert!(!input.records.is_empty(), "{}", p.display());
        for r in &input.records {
            assert!(
                r.metadata.contains_key("province") && r.metadata.contains_key("title"),
                "{}",
                p.display()
            );
            assert!(!r.metadata.contains_key("full_text"));
            assert!(
                r.end - r.start > 1000,
                "{}: row {} short",
                p.display(),
                r.row
            );
        }
        n += 1;
    }
    assert_eq!(n, 31);
}
