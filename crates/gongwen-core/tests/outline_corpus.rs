//! Outline checks on the real corpus (need /work/shared; run with
//! `cargo test -p gongwen-core --test outline_corpus -- --ignored --nocapture`).
//! They skip cleanly when the corpus folder is absent.

use gongwen_core::ingest::{self, IngestOptions};
use gongwen_core::model::Role;
use gongwen_core::outline::outline;
use std::path::PathBuf;

fn shared() -> Option<PathBuf> {
    let p = std::env::var("GONGWEN_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/work/shared"));
    p.join("corpus").is_dir().then_some(p)
}

#[test]
#[ignore]
fn seed_compilation_has_its_13_documents() {
    let Some(shared) = shared() else { return };
    let path = shared.join("corpus/seed/000_e5cfe61341d97502.txt");
    let input = ingest::read_file(&path, &IngestOptions::default()).unwrap();
    let o = outline(&input);
    let f = &o.outline;
    // The titles listed in the TOC (lines 9-21), each found as a line of the body.
    let toc: Vec<String> = input
        .text
        .lines()
        .skip(8)
        .take(13)
        .map(|l| l.split('\t').next().unwrap().trim().to_string())
        .collect();
    let titles: Vec<String> = f.documents.iter().map(|d| d.title.clone()).collect();
    assert_eq!(titles, toc);
    let lines: Vec<usize> = f.documents.iter().map(|d| d.line).collect();
    assert_eq!(
        lines,
        [24, 45, 66, 92, 113, 141, 174, 206, 230, 274, 293, 317, 334]
    );
    let kinds: Vec<(&str, usize)> = f
        .removed
        .iter()
        .map(|r| (r.kind.as_str(), r.line))
        .collect();
    assert_eq!(
        kinds,
        [
            ("toc", 4),
            ("paywall-marker", 99),
            ("advert", 359),
            ("advert", 360),
            ("advert", 361),
            ("advert", 362),
            ("paywall-marker", 365)
        ]
    );
    use Role::*;
    let want: [&[Role]; 13] = [
        &[Review, Plan],
        &[Review, Plan],
        &[Review, Problems, Plan],
        &[Review, Problems, Plan],
        &[Review, Problems, Plan],
        &[Review, Problems, Plan],
        &[Review, Plan],
        &[Review, Plan],
        &[Review, Problems, Plan],
        &[Review, Plan],
        &[Review, Plan],
        &[Review, Problems, Plan, Suggestions],
        &[Review, Problems, Plan],
    ];
    for (d, w) in f.documents.iter().zip(want) {
        let got: Vec<Role> = d.sections.iter().map(|s| s.role).collect();
        assert_eq!(got, w, "roles of {}", d.title);
        assert_eq!(
            (d.summary_year, d.plan_year),
            (Some(2023), Some(2024)),
            "{}",
            d.title
        );
    }
    assert_eq!(f.documents[0].unit.as_deref(), Some("萧县卫生健康委"));
    assert!(o.clean.clean.contains("2023年我局共接到依申请公开办件1件"));

    // Re-encoded as GB18030, the same outline.
    let (bytes, _, _) = encoding_rs::GB18030.encode(&input.text);
    let b = outline(&ingest::from_bytes("seed.txt", &bytes, &IngestOptions::default()).unwrap());
    assert_eq!(b.outline.encoding, "GB18030");
    let strip = |f: &gongwen_core::model::FileOutline| {
        let mut v = serde_json::to_value(f).unwrap();
        v["path"] = serde_json::Value::Null;
        v["encoding"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(&b.outline), strip(f));
}

/// Documents and top-level sections of the 143 city reports, as .txt and as .docx.
#[test]
#[ignore]
fn prefecture_txt_and_docx_outline_alike() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("corpus/prefecture-gwr-2024/data");
    let mut txts: Vec<PathBuf> = std::fs::read_dir(dir.join("txt_doc_level"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    txts.sort();
    let mut same = 0;
    let mut differ = Vec::new();
    for t in &txts {
        let stem = t.file_stem().unwrap().to_str().unwrap().to_string();
        let d = dir.join("docxV").join(format!("{stem}.docx"));
        let shape = |p: &PathBuf| {
            let o = outline(&ingest::read_file(p, &IngestOptions::default()).unwrap());
            o.outline
                .documents
                .iter()
                .map(|d| d.sections.len())
                .collect::<Vec<_>>()
        };
        let (a, b) = (shape(t), shape(&d));
        if a == b {
            same += 1;
        } else {
            differ.push((stem, a, b));
        }
    }
    eprintln!("{same} of {} alike; differ: {differ:?}", txts.len());
    assert!(differ.is_empty(), "{differ:?}");
}

/// Every corpus file goes through without panic; unreadable ones are ingest errors.
#[test]
#[ignore]
fn every_corpus_file_outlines() {
    let Some(shared) = shared() else { return };
    let files = ingest::expand_paths(&[shared.join("corpus").display().to_string()]).unwrap();
    let (mut ok, mut errors) = (0, Vec::new());
    for p in files {
        if p.ends_with(".md")
            || p.ends_with(".sha256")
            || p.ends_with(".zip")
            || p.ends_with(".json")
        {
            continue;
        }
        match ingest::read_file(std::path::Path::new(&p), &IngestOptions::default()) {
            Ok(input) => {
                let o = outline(&input);
                assert!(!o.outline.documents.is_empty(), "{p}");
                ok += 1;
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    eprintln!("{ok} outlined; ingest errors: {errors:?}");
    assert!(ok > 300);
}
