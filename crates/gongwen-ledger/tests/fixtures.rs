//! Status accuracy of the ledger on the written fixtures, measured against their
//! ANSWERS.md (tests/fixtures/ledger: two units over two years; tests/fixtures/gwr: a
//! provincial 政府工作报告 pair).

use gongwen_core::{extract, ingest, outline};
use gongwen_ledger::figure::{bigrams, containment};
use gongwen_ledger::{reconcile, views_of, DocView, LedgerItem, Options, Status};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn load(dir: &Path) -> Vec<DocView> {
    let mut views = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for f in files {
        let input = ingest::read_file(&f, &Default::default()).expect("read fixture");
        let o = outline::outline(&input);
        let ex = extract::extract(&o);
        views.extend(views_of(&input, &o, &ex));
    }
    views
}

/// (unit heading, commitment text, expected status) rows of an ANSWERS.md table.
fn answers(md: &str) -> Vec<(String, String, Status)> {
    let mut unit = String::new();
    let mut out = Vec::new();
    for l in md.lines() {
        if let Some(h) = l.strip_prefix("## ") {
            unit = h.to_string();
        }
        let cells: Vec<&str> = l.split('|').map(str::trim).collect();
        if cells.len() < 5 {
            continue;
        }
        // | # | text | status | … / | # | text | actual | status | … / | text | actual | status | …
        let numbered = cells[1].chars().next().is_some_and(|c| c.is_ascii_digit());
        let (text, cand) = if numbered {
            (cells[2], &cells[3..5])
        } else {
            (cells[1], &cells[3..4])
        };
        let st = cand
            .iter()
            .find_map(|c| Status::parse(c.split('（').next().unwrap_or(c)));
        if let Some(st) = st.filter(|_| Status::parse(cells[2]).is_none()) {
            out.push((unit.clone(), text.to_string(), st));
        }
    }
    out
}

/// For every answer row, the ledger item whose text holds it best, and the tally.
fn score(items: &[LedgerItem], ans: &[(String, String, Status)]) -> (usize, usize, Vec<String>) {
    let mut right = 0;
    let mut report = Vec::new();
    for (unit, text, want) in ans {
        let key = bigrams(text);
        let best = items
            .iter()
            .map(|it| (containment(&key, &it.text), it))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let got = best.filter(|(s, _)| *s >= 0.6).map(|(_, it)| it);
        let ok = got.is_some_and(|it| it.status == *want);
        if ok {
            right += 1;
        }
        report.push(format!(
            "{} {unit} | {text} | want {} | got {} | {}",
            if ok { "OK " } else { "BAD" },
            want.as_str(),
            got.map(|it| it.status.as_str()).unwrap_or("(not listed)"),
            got.map(|it| it.reason.as_str()).unwrap_or("")
        ));
    }
    (right, ans.len(), report)
}

#[test]
fn ledger_fixture_accuracy() {
    let dir = root().join("ledger");
    let views = load(&dir);
    let items = reconcile(
        &views,
        &views,
        &Options {
            plan_year: Some(2025),
        },
    );
    let md = std::fs::read_to_string(dir.join("ANSWERS.md")).expect("answers");
    let ans = answers(&md);
    assert_eq!(ans.len(), 23, "answer rows parsed");
    let (right, total, report) = score(&items, &ans);
    eprintln!("{}", report.join("\n"));
    eprintln!("ledger fixtures: {right}/{total} statuses right");
    // Both units were recognised as the same across years.
    assert!(
        items.iter().all(|i| i.status != Status::Unknown),
        "a unit did not match across years"
    );
    assert!(
        right * 100 >= total * 95,
        "accuracy {right}/{total} below the 95% floor"
    );
}

#[test]
fn gwr_fixture_accuracy() {
    let dir = root().join("gwr");
    let views = load(&dir);
    let items = reconcile(
        &views,
        &views,
        &Options {
            plan_year: Some(2025),
        },
    );
    let md = std::fs::read_to_string(dir.join("ANSWERS.md")).expect("answers");
    let ans = answers(&md);
    let (right, total, report) = score(&items, &ans);
    eprintln!("{}", report.join("\n"));
    eprintln!("gwr fixtures: {right}/{total} statuses right");
    let gdp = items
        .iter()
        .find(|i| i.text.contains("地区生产总值增长5.5%"))
        .expect("GDP target listed");
    assert_eq!(gdp.status, Status::Done, "{gdp:?}");
    assert!(gdp.evidence[0].text.contains("5.6%"));
    assert!(
        right * 100 >= total * 85,
        "accuracy {right}/{total} below the 85% floor"
    );
}
