//! Extraction throughput, the way `../shared/conformance/peer_throughput.json` measured
//! the Python peers: the seed document repeated to ~1 MB (cut back to a whole line),
//! plus the 143 prefecture reports of `../shared/corpus/prefecture-gwr-2024`.
//!
//! ```text
//! cargo run --release -p gongwen-core --example extract_bench [-- OUT.txt]
//! ```
//! With `OUT.txt`, the 1 MB text is written there so that `scripts/bench_peers.py` can
//! time the Python peers on exactly the same bytes. One thread; MB = 10^6 bytes and
//! MiB = 2^20 bytes of UTF-8 input; best of several runs.

use gongwen_core::extract;
use gongwen_core::{ingest, outline};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn shared() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("GONGWEN_SHARED") {
        return Some(PathBuf::from(p));
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared", "../../../../shared"]
        .iter()
        .map(|r| here.join(r))
        .find(|p| p.join("corpus").is_dir())
}

/// Best time of `runs` calls of `f`, in seconds, and the last result's size.
fn time<F: FnMut() -> usize>(runs: usize, mut f: F) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        n = f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, n)
}

fn report(name: &str, bytes: usize, secs: f64, hits: usize) {
    println!(
        "{name:<44} {:>8.1} MB/s {:>8.1} MiB/s  {:>9.2} ms  {hits:>7} hits",
        bytes as f64 / secs / 1e6,
        bytes as f64 / secs / 1048576.0,
        secs * 1e3
    );
}

fn main() {
    let Some(shared) = shared() else {
        eprintln!("extract_bench: ../shared not found (set GONGWEN_SHARED)");
        return;
    };
    let seed = std::fs::read_to_string(shared.join("corpus/seed/000_e5cfe61341d97502.txt"))
        .unwrap_or_default();
    // The peers' 1 MB text: the seed repeated to 1,048,576 bytes, cut back to the last whole line.
    let mut one_mb = String::with_capacity(1 << 21);
    while one_mb.len() < 1 << 20 && !seed.is_empty() {
        one_mb.push_str(&seed);
        if !one_mb.ends_with('\n') {
            one_mb.push('\n');
        }
    }
    one_mb.truncate(1 << 20);
    if let Some(nl) = one_mb.rfind('\n') {
        one_mb.truncate(nl + 1);
    }
    if let Some(out) = std::env::args().nth(1) {
        if let Err(e) = std::fs::write(&out, &one_mb) {
            eprintln!("cannot write {out}: {e}");
        }
    }
    let mut prefecture = String::new();
    if let Ok(rd) = std::fs::read_dir(shared.join("corpus/prefecture-gwr-2024/data/txt_doc_level"))
    {
        let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            prefecture.push_str(&std::fs::read_to_string(p).unwrap_or_default());
            prefecture.push('\n');
        }
    }
    println!(
        "texts: seed×N {} bytes; prefecture reports {} bytes",
        one_mb.len(),
        prefecture.len()
    );
    for (label, text) in [
        ("seed 1 MB", &one_mb),
        ("prefecture 143 reports", &prefecture),
    ] {
        if text.is_empty() {
            continue;
        }
        let bytes = text.len();
        let (s, n) = time(10, || extract::quantities_in(text).len());
        report(&format!("{label}: quantities_in (whole text)"), bytes, s, n);
        let (s, n) = time(10, || {
            text.lines().map(|l| extract::quantities_in(l).len()).sum()
        });
        report(
            &format!("{label}: quantities_in (line by line)"),
            bytes,
            s,
            n,
        );
        let (s, n) = time(10, || extract::numbers_in(text).len());
        report(&format!("{label}: numbers_in"), bytes, s, n);
        let input =
            ingest::from_bytes("bench.txt", text.as_bytes(), &Default::default()).expect("ingest");
        let o = outline::outline(&input);
        let (s, n) = time(5, || {
            extract::extract(&o)
                .iter()
                .map(|d| d.quantities.len() + d.commitments.len())
                .sum()
        });
        report(&format!("{label}: extract (outlined file)"), bytes, s, n);
    }
}
