//! Benchmark of `check` alone: ingest and outline the corpus once, then run the rules
//! over it repeatedly and report MB/s on one core, with a per-rule breakdown.
//!
//! ```text
//! cargo run --release -p gongwen-core --example check_bench -- [DIR] [ROUNDS]
//! ```
//! DIR defaults to `../shared/corpus/prefecture-gwr-2024/data/txt_doc_level`.
//! On a loaded machine wall time overstates the cost: run with `BENCH_TOTAL_ONLY=1`
//! under `/usr/bin/time -f %U` with ROUNDS=0 and ROUNDS=N and divide the bytes by the
//! difference in user time (scripts/check_bench.sh does this).

use gongwen_core::check::{self, Settings, RULES};
use gongwen_core::{extract, ingest, outline};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/corpus/prefecture-gwr-2024/data/txt_doc_level".into());
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let paths = ingest::expand_paths(std::slice::from_ref(&dir)).expect("paths");
    let mut files = Vec::new();
    for p in paths {
        if let Ok(input) = ingest::read_file(std::path::Path::new(&p), &Default::default()) {
            let o = outline::outline(&input);
            let ex = extract::extract(&o);
            files.push((o, ex));
        }
    }
    let bytes: usize = files.iter().map(|(o, _)| o.clean.clean.len()).sum();
    let chars: usize = files
        .iter()
        .map(|(o, _)| o.clean.clean.chars().count())
        .sum();
    let settings = Settings::default();
    let mut n = 0;
    let t = Instant::now();
    for _ in 0..rounds {
        for (o, ex) in &files {
            n += check::check(o, ex, &settings).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "files={} bytes={} chars={} rounds={rounds} findings/round={}",
        files.len(),
        bytes,
        chars,
        n / rounds.max(1)
    );
    println!(
        "check: {:.1} MB/s ({:.3} s for {:.1} MB)",
        mb / secs,
        secs,
        mb
    );
    if std::env::var_os("BENCH_TOTAL_ONLY").is_some() {
        return;
    }
    // Fixed cost: the context (lines, zones, segments) with no rule enabled.
    let none = Settings {
        ignore: vec!["ALL".to_string()],
        ..Settings::default()
    };
    let t = Instant::now();
    for (o, ex) in &files {
        let _ = check::check(o, ex, &none);
    }
    println!(
        "  context only                          {:>8.1} MB/s",
        bytes as f64 / 1e6 / t.elapsed().as_secs_f64()
    );
    // Per-rule cost: run each rule alone.
    let mut costs = Vec::new();
    for r in RULES {
        let s = Settings {
            select: vec![r.code.to_string()],
            ..Settings::default()
        };
        let t = Instant::now();
        for (o, ex) in &files {
            let _ = check::check(o, ex, &s);
        }
        costs.push((t.elapsed().as_secs_f64(), r.code, r.name));
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (c, code, name) in costs.iter() {
        println!("  {code} {name:<28} {:>8.1} MB/s", bytes as f64 / 1e6 / c);
    }
}
