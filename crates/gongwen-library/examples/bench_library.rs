//! Library benchmark (run by `scripts/bench-library.sh`, which builds the corpus and
//! the library first): search latency by phrase length against SQLite FTS5 trigram and
//! ripgrep, `reuse` recall on planted copies, the MinHash build over all paragraphs,
//! `duplicates` time. Prints Markdown.
//!
//! Usage: bench_library LIB_DIR FILES_DIR PLANTED_JSONL [REUSE_SAMPLE]
//! (`REUSE_SAMPLE` 0 skips `reuse` and `duplicates`: search only. `BENCH_SEARCH=0`
//! skips search, FTS5 and ripgrep: MinHash only. `BENCH_JSON=FILE` also writes the
//! MinHash figures as JSON, for `scripts/bench_datasketch.py` to compare against.)

use gongwen_library::query::parse;
use gongwen_library::{minhash, open_reader, prepare, similar};
use rusqlite::Connection;
use std::path::Path;
use std::time::Instant;

struct Rng(u64);
impl Rng {
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// CPU time of this thread in ms: unlike wall time, it does not grow when other
/// processes take the cores (the build machine is shared).
fn thread_cpu_ms() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn sample_paragraphs(conn: &Connection, rng: &mut Rng, n: usize) -> Vec<String> {
    let max: i64 = conn
        .query_row("SELECT max(id) FROM paragraphs", [], |r| r.get(0))
        .unwrap_or(0);
    let mut st = conn
        .prepare("SELECT text FROM paragraphs WHERE id >= ?1 ORDER BY id LIMIT 1")
        .unwrap();
    (0..n)
        .filter_map(|_| {
            st.query_row([1 + rng.below(max.max(1) as usize) as i64], |r| {
                r.get::<_, String>(0)
            })
            .ok()
        })
        .collect()
}

fn substring(rng: &mut Rng, text: &str, len: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < len {
        return None;
    }
    for _ in 0..20 {
        let s = rng.below(chars.len() - len + 1);
        let sub: String = chars[s..s + len].iter().collect();
        // Queries people type: no spaces or quotes, starting with a letter/CJK char.
        if sub
            .chars()
            .all(|c| !c.is_whitespace() && c != '"' && c != '“' && c != '”' && c != '-')
            && sub.chars().next().is_some_and(|c| c.is_alphanumeric())
        {
            return Some(sub);
        }
    }
    None
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: bench_library LIB_DIR FILES_DIR PLANTED_JSONL [REUSE_SAMPLE]");
        std::process::exit(2);
    }
    let (lib, files, planted) = (
        Path::new(&args[1]),
        Path::new(&args[2]),
        Path::new(&args[3]),
    );
    let reuse_sample: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(200);
    let s = open_reader(lib).expect("open library");
    if std::env::var("BENCH_SEARCH").as_deref() != Ok("0") {
        bench_search(&s, lib, files);
    }
    if reuse_sample == 0 {
        return;
    }
    bench_minhash(&s, planted, reuse_sample);
}

fn bench_search(s: &gongwen_library::search::Searcher, lib: &Path, files: &Path) {
    let mut rng = Rng(0x5EED_2026_1129);
    let paras = sample_paragraphs(&s.conn, &mut rng, 2000);
    let mut classes: Vec<(String, Vec<String>)> = Vec::new();
    for len in [1usize, 2, 3, 4, 8] {
        let qs: Vec<String> = paras
            .iter()
            .filter_map(|p| substring(&mut rng, p, len))
            .take(200)
            .collect();
        classes.push((format!("{len}-char phrase"), qs));
    }
    let words: Vec<String> = (0..200)
        .filter_map(|i| {
            let a = substring(&mut rng, &paras[(2 * i) % paras.len()], 2)?;
            let b = substring(&mut rng, &paras[(2 * i + 1) % paras.len()], 2)?;
            Some(format!("{a} {b}"))
        })
        .take(200)
        .collect();
    classes.push(("2 words (AND)".into(), words));

    // Warm-up pass (OS page cache, tantivy mmap), then the timed pass.
    for (_, qs) in &classes {
        for q in qs {
            let _ = s.search(&parse(q).unwrap(), 10);
        }
    }
    println!("### Search (gongwen, engine time `took_ms`: count documents + top 10 + snippets)\n");
    println!("CPU = the searching thread's CPU time for the same call (not inflated by load).\n");
    println!("| queries | n | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | mean total (docs) |");
    println!("|---|---|---|---|---|---|---|");
    for (name, qs) in &classes {
        let mut t = Vec::new();
        let mut cpu = Vec::new();
        let mut totals = 0usize;
        for q in qs {
            let c0 = thread_cpu_ms();
            let r = s.search(&parse(q).unwrap(), 10).unwrap();
            cpu.push(thread_cpu_ms() - c0);
            t.push(r.took_ms);
            totals += r.total;
        }
        let n = qs.len();
        println!(
            "| {name} | {n} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} |",
            pct(&mut t.clone(), 0.5),
            pct(&mut t, 0.99),
            pct(&mut cpu.clone(), 0.5),
            pct(&mut cpu, 0.99),
            totals as f64 / n.max(1) as f64
        );
    }

    // SQLite FTS5 trigram over the same paragraphs (bundled SQLite 3.54).
    let fts_path = lib.join("..").join("fts5-trigram.sqlite");
    let fresh = !fts_path.exists();
    let fts = Connection::open(&fts_path).unwrap();
    if fresh {
        let t0 = Instant::now();
        fts.execute_batch("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='trigram');")
            .unwrap();
        fts.execute(
            "ATTACH DATABASE ?1 AS lib",
            [lib.join("library.sqlite").display().to_string()],
        )
        .unwrap();
        fts.execute_batch("BEGIN; INSERT INTO f(rowid, text) SELECT id, text FROM lib.paragraphs; COMMIT; DETACH lib;")
            .unwrap();
        let size = std::fs::metadata(&fts_path).map(|m| m.len()).unwrap_or(0);
        println!(
            "\nFTS5 trigram build: {:.1} s, {:.0} MB\n",
            t0.elapsed().as_secs_f64(),
            size as f64 / 1e6
        );
    }
    println!("\n### SQLite FTS5 trigram (paragraph count + top 10 by bm25)\n");
    println!("| queries | n | p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | note |");
    println!("|---|---|---|---|---|---|---|");
    for (name, qs) in &classes {
        let mut t = Vec::new();
        let mut cpu = Vec::new();
        // FTS5 trigram MATCH answers phrases of ≥ 3 chars only.
        let short = !["3", "4", "8"].iter().any(|p| name.starts_with(p));
        let qs: Vec<&String> = if short {
            qs.iter().take(10).collect()
        } else {
            qs.iter().collect()
        };
        for q in &qs {
            let t0 = Instant::now();
            let c0 = thread_cpu_ms();
            if short {
                // MATCH cannot answer 1–2 char terms: LIKE (full scan) is the only way.
                let like: String = q
                    .split(' ')
                    .map(|w| format!("%{w}%"))
                    .collect::<Vec<_>>()
                    .join("");
                let _: i64 = fts
                    .query_row("SELECT count(*) FROM f WHERE text LIKE ?1", [&like], |r| {
                        r.get(0)
                    })
                    .unwrap();
            } else {
                let m = format!("\"{}\"", q.replace('"', "\"\""));
                let _: i64 = fts
                    .query_row("SELECT count(*) FROM f WHERE f MATCH ?1", [&m], |r| {
                        r.get(0)
                    })
                    .unwrap();
                let mut st = fts
                    .prepare_cached("SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY rank LIMIT 10")
                    .unwrap();
                let _ = st.query_map([&m], |r| r.get::<_, i64>(0)).unwrap().count();
            }
            t.push(t0.elapsed().as_secs_f64() * 1000.0);
            cpu.push(thread_cpu_ms() - c0);
        }
        let note = if short {
            "MATCH returns 0; LIKE full scan, 10 queries"
        } else {
            "MATCH"
        };
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {note} |",
            qs.len(),
            pct(&mut t.clone(), 0.5),
            pct(&mut t, 0.99),
            pct(&mut cpu.clone(), 0.5),
            pct(&mut cpu, 0.99)
        );
    }

    println!("\n### ripgrep 13 over the raw files (`rg -c -F`, wall time per query, 10 queries)\n");
    println!("| queries | p50 ms | max ms |");
    println!("|---|---|---|");
    for (name, qs) in classes.iter().take(5) {
        let mut t = Vec::new();
        for q in qs.iter().take(10) {
            let t0 = Instant::now();
            let _ = std::process::Command::new("rg")
                .args(["-c", "-F", "--no-messages", "--", q])
                .arg(files)
                .output();
            t.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        let max = t.iter().cloned().fold(0.0, f64::max);
        println!("| {name} | {:.0} | {:.0} |", pct(&mut t, 0.5), max);
    }
}

fn bench_minhash(s: &gongwen_library::search::Searcher, planted: &Path, reuse_sample: usize) {
    // reuse recall on planted copies.
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(planted)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut found = 0;
    let mut tried = 0;
    let mut false_pairs = 0;
    let mut shown = 0;
    // Verified pairs of all sources, one per (input line, source paragraph).
    let mut pairs = 0;
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let step = (lines.len() / reuse_sample.max(1)).max(1);
    for v in lines.iter().step_by(step).take(reuse_sample) {
        let (Some(path), Some(line), Some(src)) = (
            v["path"].as_str(),
            v["line"].as_u64(),
            v["source_base"].as_str(),
        ) else {
            continue;
        };
        let Ok(f) = prepare::prepare_path(Path::new(path)) else {
            continue;
        };
        tried += 1;
        let t0 = Instant::now();
        let c0 = thread_cpu_ms();
        let r = similar::reuse(&s.conn, &f, 0.8).unwrap();
        cpu_times.push(thread_cpu_ms() - c0);
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        pairs += r.sources.iter().map(|x| x.passages.len()).sum::<usize>();
        let needle = format!("/{src}/");
        if r.sources
            .iter()
            .any(|x| x.path.contains(&needle) && x.passages.iter().any(|m| m.line as u64 == line))
        {
            found += 1;
        }
        // "Top results": the first 10 sources' passages; a pair is false when the two
        // normalised texts do not even share one 10-character substring.
        for src in r.sources.iter().take(10) {
            for m in &src.passages {
                shown += 1;
                let a: String = minhash::normalize(&m.text).into_iter().collect();
                let b: Vec<char> = minhash::normalize(&m.source.text);
                let shares = b
                    .windows(10.min(b.len()).max(1))
                    .any(|w| a.contains(&w.iter().collect::<String>()));
                if !shares {
                    false_pairs += 1;
                }
            }
        }
    }
    let (reuse_p50, reuse_p99) = (pct(&mut times.clone(), 0.5), pct(&mut times, 0.99));
    let (reuse_cpu_p50, reuse_cpu_p99) =
        (pct(&mut cpu_times.clone(), 0.5), pct(&mut cpu_times, 0.99));
    println!("\n### reuse on planted copies (threshold 0.8)\n");
    println!(
        "planted paragraphs checked: {tried}, found with the right source: {found} (recall {:.3}); \
         verified pairs {pairs} (one per input line and source paragraph), of which shown in the top 10 sources: {shown}, \
         false pairs among those: {false_pairs}; reuse p50 {reuse_p50:.0} ms, p99 {reuse_p99:.0} ms \
         (CPU p50 {reuse_cpu_p50:.0} ms, p99 {reuse_cpu_p99:.0} ms)",
        found as f64 / tried.max(1) as f64,
    );

    // The MinHash build over every stored paragraph, in memory: what a peer that keeps
    // its LSH tables in memory (datasketch's MinHashLSH) does when it indexes them. The
    // texts are read first; timed: normalising, shingling, signatures, band keys and a
    // hash map from band key to passages. (`add` does the same on its worker threads
    // and writes the keys to SQLite instead.)
    let texts: Vec<(i64, String)> = s
        .conn
        .prepare("SELECT id, text FROM paragraphs ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    let t0 = Instant::now();
    let c0 = thread_cpu_ms();
    let mut table: std::collections::HashMap<u64, Vec<i64>> = std::collections::HashMap::new();
    let (mut passages, mut keys) = (0usize, 0usize);
    for (id, text) in &texts {
        for (piece, ks) in minhash::passage_keys(text) {
            passages += 1;
            keys += ks.len();
            for k in ks {
                table.entry(k).or_default().push(id * 1024 + piece as i64);
            }
        }
    }
    let build_cpu = (thread_cpu_ms() - c0) / 1000.0;
    let build_wall = t0.elapsed().as_secs_f64();
    let buckets = table.len();
    drop(table);
    println!(
        "\n### MinHash build in memory (all paragraphs)\n\n{} paragraphs → {passages} passages \
         (paragraphs and their sentences), {keys} band keys in {buckets} buckets: CPU {build_cpu:.2} s, wall {build_wall:.2} s",
        texts.len()
    );

    let t0 = Instant::now();
    let c0 = thread_cpu_ms();
    let clusters = similar::duplicates(&s.conn, 0.8, 64).unwrap();
    let dup_cpu = (thread_cpu_ms() - c0) / 1000.0;
    let dup_wall = t0.elapsed().as_secs_f64();
    println!(
        "\n### duplicates\n\n{} clusters (≥ 2 documents, Jaccard ≥ 0.8) in {dup_wall:.1} s (CPU {dup_cpu:.1} s)",
        clusters.len(),
    );

    if let Ok(out) = std::env::var("BENCH_JSON") {
        let v = serde_json::json!({
            "paragraphs": texts.len(),
            "passages": passages,
            "band_keys": keys,
            "build_cpu_s": build_cpu,
            "build_wall_s": build_wall,
            "reuse_tried": tried,
            "reuse_found": found,
            "reuse_shown": shown,
            "reuse_false_pairs": false_pairs,
            "reuse_p50_ms": reuse_p50,
            "reuse_p99_ms": reuse_p99,
            "reuse_cpu_p50_ms": reuse_cpu_p50,
            "reuse_cpu_p99_ms": reuse_cpu_p99,
            "reuse_pairs": pairs,
            "duplicates_clusters": clusters.len(),
            "duplicates_cpu_s": dup_cpu,
            "duplicates_wall_s": dup_wall,
        });
        if let Err(e) = std::fs::write(&out, v.to_string()) {
            eprintln!("bench_library: cannot write {out}: {e}");
        }
    }
}
