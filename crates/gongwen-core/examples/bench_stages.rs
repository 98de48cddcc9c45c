//! Outline and extract throughput per core on the real corpus, repeated to at least
//! 200 MB, one file at a time as the CLI does.
//!
//! ```text
//! cargo run --release -p gongwen-core --example bench_stages [CORPUS_DIR] [MB]
//! ```
//!
//! Reads every .txt under the corpus folder (default `../shared/corpus`, or
//! `$GONGWEN_SHARED/corpus`: the seed compilation and the 143 city reports) once, then
//! loops over them until at least MB megabytes (default 200) went through each stage.
//! Throughput is bytes of UTF-8 input / on-CPU seconds of this thread (Linux
//! `/proc/thread-self/schedstat`), so other processes on the same cores do not count
//! against it; wall time is printed beside it. MB = 10^6 bytes.
//! The last line is machine-readable: `stages outline_mb_s=… extract_mb_s=…`.

use gongwen_core::extract;

/// The allocator of the `gongwen` binary, so that the figures are the CLI's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use gongwen_core::model::{Format, Input};
use gongwen_core::outline::{outline, Outlined};
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

/// On-CPU time of this thread in seconds.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// Run `f` over the inputs until `target` bytes went through; (bytes, cpu s, wall s, hits).
fn run<T>(
    items: &[T],
    len: impl Fn(&T) -> usize,
    target: usize,
    mut f: impl FnMut(&T) -> usize,
) -> (usize, f64, f64, usize) {
    let (c0, t0) = (cpu_secs(), Instant::now());
    let (mut done, mut hits) = (0, 0);
    while done < target {
        for i in items {
            hits += f(i);
            done += len(i);
        }
    }
    (done, cpu_secs() - c0, t0.elapsed().as_secs_f64(), hits)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).cloned().unwrap_or_else(|| {
        let shared = std::env::var("GONGWEN_SHARED").unwrap_or_else(|_| "../shared".into());
        format!("{shared}/corpus")
    });
    let target_mb: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let mut paths: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    let inputs: Vec<Input> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(input)
        .collect();
    if inputs.is_empty() {
        eprintln!("no .txt files under {dir}");
        std::process::exit(2);
    }
    let corpus: usize = inputs.iter().map(|i| i.text.len()).sum();
    println!(
        "corpus: {} files, {:.2} MB",
        inputs.len(),
        corpus as f64 / 1e6
    );
    let target = target_mb * 1_000_000;
    if std::env::var_os("BENCH_DIGEST").is_some() {
        // A fingerprint of every outline and extraction as JSON, to show that a speed
        // change left the output alone.
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for i in &inputs {
            let o = outline(i);
            serde_json::to_string(&o.outline)
                .unwrap_or_default()
                .hash(&mut h);
            serde_json::to_string(&extract::extract(&o))
                .unwrap_or_default()
                .hash(&mut h);
        }
        println!("digest {:016x}", h.finish());
        return;
    }
    let outlined: Vec<Outlined> = inputs.iter().map(outline).collect();
    // Warm up the lazily built automata.
    for o in &outlined {
        std::hint::black_box(extract::extract(o));
    }
    let show = |name: &str, (bytes, cpu, wall, hits): (usize, f64, f64, usize)| {
        let mb = bytes as f64 / 1e6;
        println!(
            "{name:<8} {mb:>7.1} MB  cpu {cpu:>6.2} s = {:>6.1} MB/s per core  wall {wall:>6.2} s = {:>6.1} MB/s  ({hits} items)",
            mb / cpu,
            mb / wall
        );
        mb / cpu
    };
    let only = std::env::var_os("BENCH_EXTRACT_ONLY").is_some();
    let o = if only {
        0.0
    } else {
        show(
            "outline",
            run(
                &inputs,
                |i| i.text.len(),
                target,
                |i| outline(i).outline.documents.len(),
            ),
        )
    };
    let e = show(
        "extract",
        run(
            &outlined,
            |o| o.source.raw.len(),
            target,
            |o| {
                extract::extract(o)
                    .iter()
                    .map(|d| d.quantities.len() + d.commitments.len())
                    .sum()
            },
        ),
    );
    if std::env::var_os("BENCH_EXTRACT_ONLY").is_some() {
        return;
    }
    let b = show(
        "both",
        run(
            &inputs,
            |i| i.text.len(),
            target,
            |i| {
                let o = outline(i);
                extract::extract(&o)
                    .iter()
                    .map(|d| d.quantities.len() + d.commitments.len())
                    .sum()
            },
        ),
    );
    println!("stages outline_mb_s={o:.1} extract_mb_s={e:.1} outline_extract_mb_s={b:.1}");
}
