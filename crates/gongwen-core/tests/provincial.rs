//! The 2025 provincial 政府工作报告 (`../shared/corpus/provincial-gwr-2025`): every
//! province's GDP growth target must come out as a commitment with its target.
//!
//! Run: `cargo test -p gongwen-core --test provincial -- --ignored --nocapture`.
//! Skips cleanly when the corpus is absent. The .docx files go through `ingest`.

use gongwen_core::{extract, ingest, outline};
use std::path::{Path, PathBuf};

fn shared_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("GONGWEN_SHARED") {
        return Some(PathBuf::from(p));
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared", "../../../../shared"]
        .iter()
        .map(|r| here.join(r))
        .find(|p| p.join("corpus").is_dir())
}

fn is_gdp(indicator: &str) -> bool {
    let i = indicator.trim_start_matches(['全', '省', '市', '区', '我']);
    (i.ends_with("生产总值") && !i.contains("单位") && !i.contains("比例"))
        || i == "经济增长"
        || i.contains("GDP")
}

#[test]
#[ignore = "reads ../shared/corpus; run with --ignored"]
fn every_province_gdp_target_is_a_commitment() {
    let Some(shared) = shared_dir() else {
        eprintln!("provincial: ../shared not found; skipped");
        return;
    };
    let dir = shared.join("corpus/provincial-gwr-2025/docx");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(r) => r
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "docx"))
            .collect(),
        Err(_) => {
            eprintln!("provincial: {} not found; skipped", dir.display());
            return;
        }
    };
    files.sort();
    let mut found = 0;
    let mut missing = Vec::new();
    for f in &files {
        let name = f
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let input = match ingest::read_file(f, &Default::default()) {
            Ok(i) => i,
            Err(e) => {
                missing.push(format!("{name}: {e}"));
                continue;
            }
        };
        let o = outline::outline(&input);
        let docs = extract::extract(&o);
        let gdp = docs.iter().flat_map(|d| &d.commitments).find(|c| {
            !c.five_year
                && c.indicator.as_deref().is_some_and(is_gdp)
                && c.target
                    .as_deref()
                    .is_some_and(|t| t.contains('%') || t.contains('％'))
        });
        match gdp {
            Some(c) => {
                found += 1;
                println!(
                    "{name}: {} {} ({})",
                    c.indicator.as_deref().unwrap_or(""),
                    c.target.as_deref().unwrap_or(""),
                    c.modality.as_deref().unwrap_or("-")
                );
            }
            None => missing.push(name),
        }
    }
    println!(
        "GDP growth target found as a commitment: {found} of {}",
        files.len()
    );
    for m in &missing {
        println!("missing: {m}");
    }
    assert_eq!(found, files.len(), "missing: {missing:?}");
}
