//! Durability of the library with real processes: `kill -9` during `gongwen add` at
//! several moments leaves a consistent library (nothing half-added visible, index never
//! ahead of SQLite), a re-run finishes the job, readers work while `add` runs, and two
//! concurrent writers do not corrupt each other.

// The same generated-report helpers as the library's own tests (one copy).
#[path = "../../gongwen-library/tests/common/mod.rs"]
mod support;
use support as gen;

use gongwen_library::query::Query;
use gongwen_library::search::scan;
use gongwen_library::tokenize::fold;
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn check_consistent(lib: &Path) -> usize {
    // Readers open fine and see only whole files.
    let conn = gongwen_library::store::open(lib, false).unwrap();
    let rows = gongwen_library::store::list(&conn).unwrap();
    for r in &rows {
        let f = gongwen_library::prepare::prepare_path(Path::new(&r.path)).unwrap();
        let want = f
            .documents
            .iter()
            .find(|d| d.index as i64 == r.index)
            .unwrap()
            .paragraphs
            .len() as i64;
        assert_eq!(r.paragraphs, want, "half-added document {}", r.path);
    }
    // The index never holds a document SQLite does not have.
    let s = gongwen_library::open_reader(lib).unwrap();
    let q = Query {
        must: vec![fold("工作")],
        ..Default::default()
    };
    let indexed: HashSet<u64> = s.matching(&q).unwrap().keys().copied().collect();
    let stored = scan(&s.conn, &q).unwrap();
    assert!(indexed.is_subset(&stored), "index ahead of SQLite");
    rows.len()
}

#[test]
fn kill_dash_nine_during_add_then_rerun_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let lib = tmp.path().join("lib");
    let files = gen::write_reports(&docs, 400, 99);
    let mut interrupted = 0;
    for delay in [5u64, 60, 150, 300, 600, 900] {
        let mut child = gongwen()
            .args([
                "add",
                docs.to_str().unwrap(),
                "--library",
                lib.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        if !status.success() {
            interrupted += 1;
        }
        if lib.join("library.sqlite").exists() {
            let n = check_consistent(&lib);
            eprintln!("killed after {delay} ms: {n} documents stored, status {status}");
        }
    }
    assert!(
        interrupted >= 3,
        "the kills must land while add runs ({interrupted})"
    );
    let out = gongwen()
        .args([
            "add",
            docs.to_str().unwrap(),
            "--library",
            lib.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(check_consistent(&lib), files.len());
    // Band keys lost with a killed run's temporary pending table were recomputed:
    // every paragraph long enough to hash has its whole-paragraph keys.
    {
        let conn = gongwen_library::store::open(&lib, false).unwrap();
        let banded: HashSet<i64> = gongwen_library::store::band_rows(&conn)
            .unwrap()
            .into_iter()
            .filter(|(_, p)| p % 1024 == 0)
            .map(|(_, p)| p / 1024)
            .collect();
        let mut st = conn.prepare("SELECT id, text FROM paragraphs").unwrap();
        let paras: Vec<(i64, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let hashed: HashSet<i64> = paras
            .iter()
            .filter(|(_, t)| gongwen_library::minhash::text_keys(t).is_some())
            .map(|(id, _)| *id)
            .collect();
        assert!(!hashed.is_empty());
        assert!(hashed.is_subset(&banded), "paragraphs without band keys");
    }
    // After the re-run the index equals the scan.
    let s = gongwen_library::open_reader(&lib).unwrap();
    for p in ["审计", "强领导", "2024年gdp", "高标准农田"] {
        let q = Query {
            must: vec![fold(p)],
            ..Default::default()
        };
        let got: HashSet<u64> = s.matching(&q).unwrap().keys().copied().collect();
        assert_eq!(got, scan(&s.conn, &q).unwrap(), "{p}");
    }
    // reindex rebuilds the same thing.
    let out = gongwen()
        .args(["reindex", "--library", lib.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = gongwen_library::open_reader(&lib).unwrap();
    let q = Query {
        must: vec![fold("工作计划")],
        ..Default::default()
    };
    assert_eq!(s.matching(&q).unwrap().len(), files.len());
}

#[test]
fn search_works_while_add_runs_and_writers_take_turns() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let lib = tmp.path().join("lib");
    let files = gen::write_reports(&docs, 300, 5);
    // A first small add so the library exists.
    let out = gongwen()
        .args([
            "add",
            files[0].to_str().unwrap(),
            "--library",
            lib.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let spawn_add = || {
        gongwen()
            .args([
                "add",
                docs.to_str().unwrap(),
                "--library",
                lib.to_str().unwrap(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut a = spawn_add();
    let mut b = spawn_add();
    let mut searches = 0;
    while a.try_wait().unwrap().is_none() && searches < 50 {
        let out = gongwen()
            .args([
                "search",
                "审计",
                "--format",
                "json",
                "--library",
                lib.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v["total"].as_u64().is_some());
        searches += 1;
    }
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    assert_eq!(check_consistent(&lib), files.len());
}

#[test]
fn changed_file_replaces_and_unchanged_is_skipped_and_remove_drops() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let lib = tmp.path().join("lib");
    let files = gen::write_reports(&docs, 5, 3);
    let run = |args: &[&str]| {
        let out = gongwen()
            .args(args)
            .args(["--library", lib.to_str().unwrap()])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let d = docs.to_str().unwrap();
    assert_eq!(run(&["add", d, "--format", "json"]).0, Some(0));
    let (_, out, _) = run(&["add", d, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["report"]["unchanged"], 5);
    assert_eq!(v["report"]["added"], 0);
    std::fs::write(
        &files[0],
        "临川县医疗保障局2025年工作要点\n\n全面推行清单式交办，压实整改责任。\n",
    )
    .unwrap();
    let (_, out, _) = run(&["add", d, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["report"]["replaced"], 1);
    let (_, out, _) = run(&["search", "\"清单式交办\"", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["line"], 3);
    assert_eq!(v["hits"][0]["title"], "临川县医疗保障局2025年工作要点");
    let (_, out, _) = run(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 5);
    assert_eq!(run(&["remove", files[0].to_str().unwrap()]).0, Some(0));
    let (_, out, _) = run(&["search", "清单式交办", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 0);
    let (_, out, _) = run(&["list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 4);
    assert_eq!(run(&["remove", "/no/such/file.txt"]).0, Some(2));
}
