//! Two `gongwen add` processes on one library at the same time, the library not yet
//! existing: one waits for the other (or fails cleanly, exit 2 with a message), and
//! afterwards nothing is lost, doubled or corrupted — checked through `gongwen list`,
//! `gongwen search` and SQLite's own `integrity_check`.

#[path = "../../gongwen-library/tests/common/mod.rs"]
mod support;

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn gongwen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
}

fn add(lib: &Path, what: &[&Path]) -> std::process::Child {
    let mut c = gongwen();
    c.arg("add");
    for p in what {
        c.arg(p);
    }
    c.args(["--library", lib.to_str().unwrap(), "--threads", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A finished `add`: success, or a clean failure (exit 2, a message, no panic).
/// Returns true when it succeeded.
fn finished_cleanly(out: &Output) -> bool {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "add panicked: {err}");
    match out.status.code() {
        Some(0) => true,
        Some(2) => {
            assert!(err.contains("gongwen"), "exit 2 without a message: {err:?}");
            false
        }
        other => panic!("add ended with {other:?}: {err}"),
    }
}

fn list_paths(lib: &Path) -> Vec<String> {
    let out = gongwen()
        .args([
            "list",
            "--format",
            "json",
            "--library",
            lib.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(v["total"].as_u64(), Some(docs.len() as u64));
    docs.iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

fn search_total(lib: &Path, q: &str) -> u64 {
    let out = gongwen()
        .args(["search", q, "--format", "json", "--limit", "1000"])
        .args(["--library", lib.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["total"].as_u64().unwrap()
}

#[test]
fn two_adds_on_a_new_library_take_turns_and_corrupt_nothing() {
    for round in 0..2u64 {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        let shared = tmp.path().join("shared");
        let fa = support::write_reports(&a, 40, 100 + round);
        let fb = support::write_reports(&b, 40, 200 + round);
        let fs = support::write_reports(&shared, 15, 300 + round);
        let lib = tmp.path().join("lib");
        // Both start before the library exists; both also add the shared folder.
        let pa = add(&lib, &[&a, &shared]);
        let pb = add(&lib, &[&b, &shared]);
        let (oa, ob) = (
            pa.wait_with_output().unwrap(),
            pb.wait_with_output().unwrap(),
        );
        let ok_a = finished_cleanly(&oa);
        let ok_b = finished_cleanly(&ob);
        assert!(ok_a || ok_b, "both adds failed");
        // A clean failure leaves the library usable: running it again finishes the job.
        for (ok, dir) in [(ok_a, &a), (ok_b, &b)] {
            if !ok {
                let out = add(&lib, &[dir, &shared]).wait_with_output().unwrap();
                assert!(
                    finished_cleanly(&out),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        let waited = [&oa, &ob]
            .iter()
            .any(|o| String::from_utf8_lossy(&o.stderr).contains("等待"));
        eprintln!("round {round}: a ok {ok_a}, b ok {ok_b}, one waited: {waited}");

        // Every file exactly once (the shared ones too), under its absolute path.
        let paths = list_paths(&lib);
        let unique: HashSet<&String> = paths.iter().collect();
        assert_eq!(unique.len(), paths.len(), "a document was stored twice");
        let want: HashSet<String> = fa
            .iter()
            .chain(&fb)
            .chain(&fs)
            .map(|p| std::fs::canonicalize(p).unwrap().display().to_string())
            .collect();
        let got: HashSet<String> = paths.into_iter().collect();
        assert_eq!(got, want);

        // Every generated report has a 工作计划 part: search finds each document once.
        assert_eq!(search_total(&lib, "工作计划"), want.len() as u64);

        // SQLite itself finds nothing wrong.
        let conn = gongwen_library::store::open(&lib, false).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0, "foreign key violations");
    }
}
