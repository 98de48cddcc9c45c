//! Conformance of the extractor against other projects' test data in
//! `../shared/conformance` (Recognizers-Text, cn2an, JioNLP, Duckling, WeTextProcessing).
//!
//! Run: `cargo test -p gongwen-core --test conformance -- --ignored --nocapture`.
//! The data folder is `$GONGWEN_SHARED/conformance` (default: `../../../shared` or
//! `../../../../shared` from this crate); the test skips cleanly when it is absent.
//! It prints one row per suite (pass / counted / rate, and the peer's own rate where
//! known), writes nothing, and fails when a rate drops below `tests/conformance/baseline.json`.
//! Cases outside gongwen's scope are listed in `tests/conformance/out-of-scope.txt`
//! (`suite<TAB>input or *<TAB>reason`); every other case counts.
//!
//! Matching rules per suite (the peers' own criteria where they fit):
//! - Recognizers-Text models: same number of results, same spans (character offsets,
//!   `End` inclusive) and equal values (`text+value` in peer_results.json);
//! - cn2an `cn2an`: the whole input parses to the expected number; `cn2an_error`: the
//!   whole input is rejected;
//! - JioNLP `parse_money`: the first money quantity has the expected value (or range)
//!   and currency; `extract_money`: the same money spans (text and offsets);
//! - Duckling: each input alone yields exactly one hit covering it, with the value;
//! - WeTextProcessing ITN: the numbers found in the spoken input equal the numbers found
//!   in the expected written output (values, in order).

use gongwen_core::extract::{numbers_in, parse_whole, quantities_in, Kind, Mention};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

fn shared_dir() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("GONGWEN_SHARED") {
        let p = PathBuf::from(p);
        return p.join("conformance").is_dir().then_some(p);
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../../../shared", "../../../../shared"]
        .iter()
        .map(|r| here.join(r))
        .find(|p| p.join("conformance").is_dir())
}

fn read_json(p: &Path) -> Value {
    let s = std::fs::read_to_string(p).unwrap_or_default();
    serde_json::from_str(s.trim_start_matches('\u{feff}')).unwrap_or(Value::Null)
}

struct Scope {
    cases: HashMap<String, Vec<String>>,
}

impl Scope {
    fn load() -> Scope {
        let text = include_str!("conformance/out-of-scope.txt");
        let mut cases: HashMap<String, Vec<String>> = HashMap::new();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut p = line.split('\t');
            let (suite, input) = (p.next().unwrap_or(""), p.next().unwrap_or(""));
            cases
                .entry(suite.to_string())
                .or_default()
                .push(input.to_string());
        }
        Scope { cases }
    }
    fn out(&self, suite: &str, input: &str) -> bool {
        self.cases
            .get(suite)
            .is_some_and(|v| v.iter().any(|i| i == "*" || i == input))
    }
}

#[derive(Default)]
struct Tally {
    pass: usize,
    total: usize,
    skipped: usize,
    fails: Vec<String>,
}

impl Tally {
    fn add(&mut self, ok: bool, input: &str, got: String) {
        self.total += 1;
        if ok {
            self.pass += 1;
        } else if self.fails.len() < 400 {
            self.fails.push(format!("{input} → {got}"));
        }
    }
    fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.pass as f64 / self.total as f64
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

fn char_offsets(s: &str) -> Vec<usize> {
    // byte offset → char index, for every char boundary.
    let mut v = vec![0; s.len() + 1];
    let mut ci = 0;
    for (b, c) in s.char_indices() {
        for k in 0..c.len_utf8() {
            v[b + k] = ci;
        }
        ci += 1;
    }
    v[s.len()] = ci;
    v
}

/// (char start, char end inclusive, value) for comparison with Recognizers-Text.
type Hit = (usize, usize, Option<f64>);

fn rt_hits(model: &str, input: &str) -> Vec<Hit> {
    let co = char_offsets(input);
    let span = |s: usize, e: usize| (co[s], co[e].saturating_sub(1));
    match model {
        "NumberModel" => numbers_in(input)
            .into_iter()
            .map(|n| {
                // Recognizers-Text's NumberModel reports the number inside 百分之…/…%.
                let (s, e) = if n.percent || n.permille || n.points {
                    span(n.inner_start, n.inner_end)
                } else {
                    span(n.start, n.end)
                };
                (s, e, Some(n.value))
            })
            .collect(),
        "PercentModel" => numbers_in(input)
            .into_iter()
            .filter(|n| n.percent || n.permille || n.points)
            .map(|n| {
                let (s, e) = span(n.start, n.end);
                // 千分之N is N‰ = N/10 %.
                (
                    s,
                    e,
                    Some(if n.permille { n.value / 10.0 } else { n.value }),
                )
            })
            .collect(),
        _ => {
            let want = if model == "CurrencyModel" {
                Kind::Money
            } else {
                Kind::Measure
            };
            quantities_in(input)
                .into_iter()
                .filter(|m| m.kind == want)
                .map(|m| {
                    let (s, e) = span(m.start, m.end);
                    (s, e, m.value)
                })
                .collect()
        }
    }
}

fn run_rt(dir: &Path, scope: &Scope, rows: &mut BTreeMap<String, Tally>) {
    for (folder, model) in [
        ("Number", "NumberModel"),
        ("Number", "PercentModel"),
        ("NumberWithUnit", "CurrencyModel"),
        ("NumberWithUnit", "DimensionModel"),
    ] {
        let suite = format!("recognizers-text/{folder}/{model}");
        let cases = read_json(&dir.join(format!(
            "recognizers-text/Specs/{folder}/Chinese/{model}.json"
        )));
        let tally = rows.entry(suite.clone()).or_default();
        for c in cases.as_array().into_iter().flatten() {
            let input = c["Input"].as_str().unwrap_or("");
            if scope.out(&suite, input) {
                tally.skipped += 1;
                continue;
            }
            let want: Vec<Hit> = c["Results"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    let v = r["Resolution"]["value"]
                        .as_str()
                        .and_then(|v| v.trim_end_matches('%').parse::<f64>().ok());
                    (
                        r["Start"].as_u64().unwrap_or(0) as usize,
                        r["End"].as_u64().unwrap_or(0) as usize,
                        v,
                    )
                })
                .collect();
            let got = rt_hits(model, input);
            let ok = want.len() == got.len()
                && want.iter().zip(&got).all(|(w, g)| {
                    w.0 == g.0
                        && w.1 == g.1
                        && match (w.2, g.2) {
                            (Some(a), Some(b)) => close(b, a),
                            (None, None) => true,
                            _ => false,
                        }
                });
            tally.add(ok, input, format!("{got:?} want {want:?}"));
        }
    }
}

fn run_cn2an(dir: &Path, scope: &Scope, rows: &mut BTreeMap<String, Tally>) {
    let data = read_json(&dir.join("cn2an/cases.json"));
    for c in data["cases"].as_array().into_iter().flatten() {
        let suite_name = c["suite"].as_str().unwrap_or("");
        let mode = c["mode"].as_str().or(c["method"].as_str()).unwrap_or("");
        let suite = format!("cn2an/{suite_name}/{mode}");
        let input = match &c["input"] {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let tally = rows.entry(suite.clone()).or_default();
        if scope.out(&suite, &input) {
            tally.skipped += 1;
            continue;
        }
        let got = parse_whole(&input);
        let ok = match suite_name {
            "cn2an" => c["expected"]
                .as_f64()
                .is_some_and(|e| got.is_some_and(|g| close(g, e))),
            "cn2an_error" => got.is_none(),
            _ => false,
        };
        tally.add(ok, &input, format!("{got:?}"));
    }
}

fn money(input: &str) -> Vec<Mention> {
    quantities_in(input)
        .into_iter()
        .filter(|m| m.kind == Kind::Money)
        .collect()
}

fn run_jionlp(dir: &Path, scope: &Scope, rows: &mut BTreeMap<String, Tally>) {
    let data = read_json(&dir.join("jionlp/cases.json"));
    for c in data["cases"].as_array().into_iter().flatten() {
        let suite_name = c["suite"].as_str().unwrap_or("");
        let suite = format!("jionlp/{suite_name}");
        if suite_name != "parse_money" && suite_name != "extract_money" {
            continue;
        }
        let input = c["input"].as_str().unwrap_or("");
        let tally = rows.entry(suite.clone()).or_default();
        if scope.out(&suite, input) {
            tally.skipped += 1;
            continue;
        }
        let ms = money(input);
        if suite_name == "parse_money" {
            let e = &c["expected"];
            let (lo, hi) = match &e["num"] {
                Value::Array(a) => (
                    a.first()
                        .and_then(|v| v.as_str())
                        .and_then(|v| v.parse::<f64>().ok()),
                    a.get(1)
                        .and_then(|v| v.as_str())
                        .and_then(|v| v.parse::<f64>().ok()),
                ),
                Value::String(s) => (s.parse::<f64>().ok(), None),
                _ => (None, None),
            };
            let case = e["case"].as_str().unwrap_or("");
            let ok = ms.first().is_some_and(|m| {
                let vmatch = match (lo, m.value) {
                    (Some(a), Some(b)) => close(b, a),
                    _ => false,
                };
                let hmatch = match (hi, m.value_max) {
                    (None, None) => true,
                    (Some(a), Some(b)) => close(b, a),
                    _ => false,
                };
                vmatch && hmatch && m.unit == Some(case)
            });
            let got = ms
                .first()
                .map(|m| format!("{:?}-{:?} {:?}", m.value, m.value_max, m.unit));
            tally.add(ok, input, format!("{got:?}"));
        } else {
            let co = char_offsets(input);
            let got: Vec<(String, usize, usize)> = ms
                .iter()
                .map(|m| (m.text.clone(), co[m.start], co[m.end]))
                .collect();
            let want: Vec<(String, usize, usize)> = c["expected"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| {
                    (
                        r["text"].as_str().unwrap_or("").to_string(),
                        r["offset"][0].as_u64().unwrap_or(0) as usize,
                        r["offset"][1].as_u64().unwrap_or(0) as usize,
                    )
                })
                .collect();
            tally.add(got == want, input, format!("{got:?}"));
        }
    }
}

fn run_duckling(dir: &Path, scope: &Scope, rows: &mut BTreeMap<String, Tally>) {
    let data = read_json(&dir.join("duckling/corpus.json"));
    let dims = match data["dimensions"].as_object() {
        Some(d) => d,
        None => return,
    };
    for (dim, v) in dims {
        let suite = format!("duckling/{dim}");
        let tally = rows.entry(suite.clone()).or_default();
        for g in v["groups"].as_array().into_iter().flatten() {
            let e = &g["expected"];
            let factor = if e["unit"].as_str() == Some("Cent") {
                0.01
            } else {
                1.0
            };
            let want_lo = e["value"]
                .as_f64()
                .or(e["from"].as_f64())
                .map(|x| x * factor);
            let want_hi = e["to"].as_f64().map(|x| x * factor);
            for input in g["inputs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| i.as_str())
            {
                if scope.out(&suite, input) {
                    tally.skipped += 1;
                    continue;
                }
                let t = input.trim();
                let (lo, hi, span_ok) = if dim == "Numeral" {
                    let n = numbers_in(t);
                    match n.as_slice() {
                        [h] => (Some(h.value), h.value_max, h.start == 0),
                        _ => (None, None, false),
                    }
                } else {
                    let q = quantities_in(t);
                    match q.as_slice() {
                        [m] => (
                            m.value,
                            m.value_max,
                            m.outer_start == 0 && m.outer_end == t.len(),
                        ),
                        _ => (None, None, false),
                    }
                };
                let ok = span_ok
                    && match (want_lo, lo) {
                        (Some(a), Some(b)) => close(b, a),
                        (None, None) => true,
                        _ => false,
                    }
                    && match (want_hi, hi) {
                        (Some(a), Some(b)) => close(b, a),
                        (None, _) => true,
                        _ => false,
                    };
                tally.add(ok, input, format!("{lo:?}-{hi:?}"));
            }
        }
    }
}

fn run_wetext(dir: &Path, scope: &Scope, rows: &mut BTreeMap<String, Tally>) {
    let base = dir.join("wetextprocessing/itn/chinese/test/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&base)
        .map(|r| {
            r.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for f in files {
        let name = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let suite = format!("wetextprocessing/itn/{name}");
        let tally = rows.entry(suite.clone()).or_default();
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for line in text.lines() {
            let Some((input, expected)) = line.split_once(" => ") else {
                continue;
            };
            if scope.out(&suite, input) || scope.out(&suite, "*") {
                tally.skipped += 1;
                continue;
            }
            let a: Vec<f64> = numbers_in(input).iter().map(|n| n.value).collect();
            let b: Vec<f64> = numbers_in(expected).iter().map(|n| n.value).collect();
            let ok = a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| close(*x, *y));
            tally.add(ok, input, format!("{a:?} want {b:?}"));
        }
    }
}

#[test]
#[ignore = "reads ../shared/conformance; run with --ignored"]
fn conformance() {
    let Some(shared) = shared_dir() else {
        eprintln!("conformance: ../shared/conformance not found (set GONGWEN_SHARED); skipped");
        return;
    };
    let dir = shared.join("conformance");
    let scope = Scope::load();
    let mut rows: BTreeMap<String, Tally> = BTreeMap::new();
    run_rt(&dir, &scope, &mut rows);
    run_cn2an(&dir, &scope, &mut rows);
    run_jionlp(&dir, &scope, &mut rows);
    run_duckling(&dir, &scope, &mut rows);
    run_wetext(&dir, &scope, &mut rows);

    let peers: HashMap<&str, &str> = [
        (
            "recognizers-text/Number/NumberModel",
            "RT-py 92.0% (all, text+value); 92.5% py-supported",
        ),
        ("recognizers-text/Number/PercentModel", "RT-py 91.5%"),
        (
            "recognizers-text/NumberWithUnit/CurrencyModel",
            "RT-py 80.0% (all)",
        ),
        (
            "recognizers-text/NumberWithUnit/DimensionModel",
            "RT-py 30.6% (all)",
        ),
        ("duckling/Numeral", "RT 71.0%, cn2an 54.8%"),
        ("duckling/AmountOfMoney", "RT 45.8%, JioNLP 37.5% (simple)"),
        ("jionlp/parse_money", "JioNLP 100%"),
        ("jionlp/extract_money", "JioNLP 100%"),
    ]
    .into_iter()
    .collect();
    let baseline = read_json(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/conformance/baseline.json"
    )));
    let mut drops = Vec::new();
    println!(
        "{:<58} {:>6} {:>6} {:>5} {:>8}  peer",
        "suite", "pass", "count", "skip", "rate"
    );
    let mut json = serde_json::Map::new();
    for (suite, t) in &rows {
        if t.total == 0 && t.skipped == 0 {
            continue;
        }
        println!(
            "{:<58} {:>6} {:>6} {:>5} {:>7.1}%  {}",
            suite,
            t.pass,
            t.total,
            t.skipped,
            t.rate() * 100.0,
            peers.get(suite.as_str()).unwrap_or(&"")
        );
        let r = (t.rate() * 10000.0).floor() / 10000.0;
        json.insert(suite.clone(), Value::from(r));
        if let Some(b) = baseline.get(suite).and_then(Value::as_f64) {
            if t.rate() + 1e-9 < b {
                drops.push(format!("{suite}: {:.4} < baseline {b:.4}", t.rate()));
            }
        }
    }
    if std::env::var("GONGWEN_CONFORMANCE_FAILS").is_ok() {
        for (suite, t) in &rows {
            for f in &t.fails {
                println!("FAIL {suite}: {f}");
            }
        }
    }
    println!(
        "\ncurrent rates as baseline JSON:\n{}",
        serde_json::to_string_pretty(&Value::Object(json)).unwrap_or_default()
    );
    assert!(
        drops.is_empty(),
        "conformance rates dropped below the baseline:\n{}",
        drops.join("\n")
    );
}
