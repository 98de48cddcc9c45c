//! Outline throughput on the real corpus, repeated to at least 200 MB.
//!
//! ```text
//! cargo run --release -p gongwen-core --example bench_outline [CORPUS_DIR] [MB]
//! ```
//!
//! Reads every .txt under the corpus folder (default `/work/shared/corpus`: the seed
//! compilation and the 143 city reports) once, then outlines them in a loop, one file at
//! a time as the CLI does, until at least MB megabytes (default 200) went through.
//! Prints MB/s on one core. A second figure outlines one large concatenation (files
//! joined with blank lines, ~20 MB) to show nothing grows worse than linearly.

use gongwen_core::model::{Format, Input};
use gongwen_core::outline::outline;
use std::time::Instant;

fn input(text: String) -> Input {
    Input {
        path: "bench.txt".into(),
        format: Format::Text,
        encoding: "UTF-8".into(),
        text,
        hints: vec![],
        records: vec![],
        warnings: vec![],
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "/work/shared/corpus".into());
    let target_mb: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let mut texts: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    texts.sort();
    if texts.is_empty() {
        eprintln!("no .txt files under {dir}");
        std::process::exit(2);
    }
    let corpus: usize = texts.iter().map(|t| t.len()).sum();
    let inputs: Vec<Input> = texts.iter().cloned().map(input).collect();
    println!(
        "corpus: {} files, {:.2} MB",
        inputs.len(),
        corpus as f64 / 1e6
    );

    // Warm up.
    for i in &inputs {
        std::hint::black_box(outline(i));
    }
    let target = target_mb * 1_000_000;
    let mut done = 0usize;
    let mut docs = 0usize;
    let t0 = Instant::now();
    while done < target {
        for i in &inputs {
            let o = outline(i);
            docs += o.outline.documents.len();
            done += i.text.len();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "per file: {:.1} MB in {:.2} s = {:.1} MB/s ({} documents)",
        done as f64 / 1e6,
        secs,
        done as f64 / 1e6 / secs,
        docs
    );

    // One big text.
    let mut big = String::new();
    while big.len() < 20_000_000 {
        for t in &texts {
            big.push_str(t);
            big.push_str("\n\n\n");
        }
    }
    let big = input(big);
    let t0 = Instant::now();
    let o = outline(&big);
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "one text: {:.1} MB in {:.2} s = {:.1} MB/s ({} documents)",
        big.text.len() as f64 / 1e6,
        secs,
        big.text.len() as f64 / 1e6 / secs,
        o.outline.documents.len()
    );
}
