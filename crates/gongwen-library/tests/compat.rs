//! Compatibility: a library written by format 1 (tests/fixtures/library-v1) still
//! opens, migrates, reindexes, searches, and its stored MinHash band keys equal what
//! this build computes (a change of hashing needs a new format and a migration); one
//! written by format 2 (tests/fixtures/library-v2, with its old index) keeps exactly
//! its band keys through the regrouping into chunks, and its index is rebuilt.

mod items;

use gongwen_library::query::parse;
use std::path::Path;

fn copy_fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library-v1");
    for f in ["library.sqlite", "FORMAT"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    tmp
}

#[test]
fn format_1_library_opens_reindexes_and_searches() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    let conn = gongwen_library::store::open(dir, true).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, gongwen_library::store::FORMAT_VERSION);
    assert_eq!(
        std::fs::read_to_string(dir.join("FORMAT")).unwrap().trim(),
        v.to_string()
    );
    drop(conn);
    let docs = gongwen_library::list(dir).unwrap();
    assert_eq!(docs.len(), 3);
    assert!(docs
        .iter()
        .any(|d| d.title == "青山县审计局2023年工作总结和2024年工作计划"));
    assert_eq!(gongwen_library::reindex(dir).unwrap(), 3);
    let s = gongwen_library::open_reader(dir).unwrap();
    let r = s.search(&parse("清单式交办").unwrap(), 10).unwrap();
    assert_eq!(r.total, 2);
    let r = s.search(&parse("\"强领导\"").unwrap(), 10).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].line, 4);
    assert!(r.hits[0].snippet.contains("坚强领导"));
}

#[test]
fn stored_band_keys_equal_this_builds_minhash() {
    let tmp = copy_fixture();
    let conn = gongwen_library::store::open(tmp.path(), true).unwrap();
    let mut st = conn.prepare("SELECT id, text FROM paragraphs").unwrap();
    let rows: Vec<(i64, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let stored = gongwen_library::store::band_rows(&conn).unwrap();
    let mut checked = 0;
    for (id, text) in rows {
        let Some(mut want) = gongwen_library::minhash::text_keys(&text) else {
            continue;
        };
        let mut got: Vec<u64> = stored
            .iter()
            .filter(|(_, p)| *p == id * 1024)
            .map(|(k, _)| *k as u64)
            .collect();
        want.sort();
        want.dedup();
        got.sort();
        assert_eq!(got, want, "paragraph {text}");
        checked += 1;
    }
    assert!(checked >= 10);
}

#[test]
fn format_1_quantity_and_commitment_rows_read_back_whole() {
    let tmp = copy_fixture();
    let conn = gongwen_library::store::open(tmp.path(), true).unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT DISTINCT document_id FROM commitments ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(!ids.is_empty());
    for id in ids {
        for c in gongwen_library::store::commitments(&conn, id).unwrap() {
            let stored: String = conn
                .query_row(
                    "SELECT json FROM commitments WHERE document_id = ?1 AND text = ?2",
                    rusqlite::params![id, c["text"].as_str().unwrap()],
                    |r| r.get(0),
                )
                .unwrap();
            let v1: serde_json::Value = serde_json::from_str(&stored).unwrap();
            assert_eq!(c, v1, "format-1 rows hold the whole object");
            assert!(c["heading_path"].is_array());
        }
        for q in gongwen_library::store::quantities(&conn, id).unwrap() {
            assert!(q["text"].is_string() && q["line"].is_u64(), "{q}");
        }
    }
}

/// An index of the older paragraph-level schema is refused with a request to reindex
/// (never searched as if it were the current one), and `reindex` replaces it.
#[test]
fn an_index_of_an_older_schema_asks_for_reindex_and_reindex_replaces_it() {
    use tantivy::schema::{Schema, FAST, TEXT};
    let tmp = copy_fixture();
    let dir = tmp.path();
    let mut sb = Schema::builder();
    sb.add_text_field("body", TEXT);
    sb.add_u64_field("para", FAST);
    let old = sb.build();
    std::fs::create_dir_all(dir.join("index")).unwrap();
    tantivy::Index::create_in_dir(dir.join("index"), old).unwrap();
    let err = match gongwen_library::open_reader(dir) {
        Ok(_) => panic!("an old index must not be searched"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("gongwen reindex"), "{err}");
    assert_eq!(gongwen_library::reindex(dir).unwrap(), 3);
    let s = gongwen_library::open_reader(dir).unwrap();
    assert_eq!(
        s.search(&parse("清单式交办").unwrap(), 10).unwrap().total,
        2
    );
}

/// A writer (`add`, `remove`) upgrades an index of an older schema itself: the index is
/// rebuilt from SQLite under the writer lock, and the new file is added on top.
#[test]
fn add_upgrades_an_index_of_an_older_schema() {
    use tantivy::schema::{Schema, FAST, TEXT};
    let tmp = copy_fixture();
    let dir = tmp.path();
    let mut sb = Schema::builder();
    sb.add_text_field("body", TEXT);
    sb.add_u64_field("para", FAST);
    std::fs::remove_dir_all(dir.join("index")).ok();
    std::fs::create_dir_all(dir.join("index")).unwrap();
    tantivy::Index::create_in_dir(dir.join("index"), sb.build()).unwrap();
    assert!(gongwen_library::open_reader(dir).is_err());

    let src = tempfile::tempdir().unwrap();
    let file = src.path().join("新增.txt");
    std::fs::write(
        &file,
        "云岭县水利局2025年工作总结\n一、主要成效\n全年推行清单式交办，完成水毁工程修复12处。\n",
    )
    .unwrap();
    let opts = gongwen_library::AddOptions::default();
    gongwen_library::add(
        dir,
        &[file.display().to_string()],
        &opts,
        &gongwen_library::NoProgress,
    )
    .unwrap();
    let s = gongwen_library::open_reader(dir).unwrap();
    // The fixture's two documents (rebuilt from SQLite) and the new one.
    assert_eq!(
        s.search(&parse("清单式交办").unwrap(), 10).unwrap().total,
        3
    );
}

/// A copy of `tests/fixtures/library-v2` (format 2: `(key, passage)` band rows, and an
/// index with a unigram and a bigram at every position).
fn copy_fixture_v2() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library-v2");
    for f in ["library.sqlite", "FORMAT"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    std::fs::create_dir_all(tmp.path().join("index")).unwrap();
    for e in std::fs::read_dir(src.join("index")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), tmp.path().join("index").join(e.file_name())).unwrap();
    }
    tmp
}

#[test]
fn format_2_band_rows_become_chunks_and_its_index_is_rebuilt() {
    use std::collections::BTreeSet;
    let tmp = copy_fixture_v2();
    let dir = tmp.path();
    // The band rows as format 2 stored them, read before anything migrates them.
    let old: BTreeSet<(i64, i64)> = {
        let conn = rusqlite::Connection::open(dir.join("library.sqlite")).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 2);
        let mut st = conn.prepare("SELECT key, passage FROM bands").unwrap();
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        rows
    };
    assert!(old.len() > 100, "{}", old.len());
    // A reader migrates SQLite, then refuses the format-2 index.
    let err = match gongwen_library::open_reader(dir) {
        Ok(_) => panic!("a format-2 index must not be searched"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("gongwen reindex"), "{err}");
    let conn = gongwen_library::store::open(dir, false).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, gongwen_library::store::FORMAT_VERSION);
    let now: BTreeSet<(i64, i64)> = gongwen_library::store::band_rows(&conn)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(now, old, "the same (key, passage) pairs, regrouped");
    let keys: BTreeSet<i64> = old.iter().map(|x| x.0).collect();
    let chunks: i64 = conn
        .query_row("SELECT count(*) FROM bands", [], |r| r.get(0))
        .unwrap();
    assert_eq!(chunks as usize, keys.len(), "one chunk per key");
    drop(conn);

    assert_eq!(gongwen_library::reindex(dir).unwrap(), 3);
    let s = gongwen_library::open_reader(dir).unwrap();
    assert_eq!(
        s.search(&parse("清单式交办").unwrap(), 10).unwrap().total,
        2
    );
    // One char: 矿 only in the review section of the first report; 镇 in two reports
    // (桃源镇; 城镇, also in 南湖区's targets, a plan section), in no problems section.
    for (q, n) in [
        ("矿", 1),
        ("矿 role:review", 1),
        ("矿 role:plan", 0),
        ("镇", 2),
        ("镇 role:plan", 1),
        ("镇 role:problems", 0),
    ] {
        let q = parse(q).unwrap();
        assert_eq!(s.search(&q, 10).unwrap().total, n, "{q:?}");
        assert_eq!(
            gongwen_library::search::scan(&s.conn, &q).unwrap().len(),
            n,
            "{q:?}"
        );
    }
    // The migrated band keys still find the copied paragraph.
    let copy = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/library-v2/reports/桃源镇人民政府.txt");
    let f = gongwen_library::prepare::prepare_path(&copy).unwrap();
    let r = gongwen_library::similar::reuse(&s.conn, &f, 0.8).unwrap();
    assert!(
        r.sources
            .iter()
            .any(|x| x.title.contains("石门县自然资源局")),
        "{r:?}"
    );
}

/// Format 2 → 4: the per-item rows of quantities and commitments (compact JSON,
/// commitments naming their section by row id) become one array per document; read
/// back, they equal what the extractor gives for the fixture's reports, heading paths
/// included, and the SQL views show the same items.
#[test]
fn format_2_item_rows_become_one_array_per_document_and_read_back_exactly() {
    use gongwen_core::{extract, ingest, outline};
    let tmp = copy_fixture_v2();
    let dir = tmp.path();
    let conn = gongwen_library::store::open(dir, false).unwrap();
    let reports = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library-v2/reports");
    let (mut nq, mut nc, mut nested) = (0, 0, 0);
    for name in [
        "南湖区政府工作报告.txt",
        "桃源镇人民政府.txt",
        "石门县自然资源局.txt",
    ] {
        let path = reports.join(name);
        let input =
            ingest::from_bytes(name, &std::fs::read(&path).unwrap(), &Default::default()).unwrap();
        let o = outline::outline(&input);
        for e in extract::extract(&o) {
            let doc_id: i64 = conn
                .query_row(
                    "SELECT d.id FROM documents d JOIN files f ON f.id = d.file_id
                     WHERE f.path LIKE '%/' || ?1 AND d.idx = ?2",
                    rusqlite::params![name, e.index as i64],
                    |r| r.get(0),
                )
                .unwrap();
            items::assert_stored_items(&conn, doc_id, &e, name);
            nq += e.quantities.len();
            nc += e.commitments.len();
            nested += e
                .commitments
                .iter()
                .filter(|c| !c.heading_path.is_empty())
                .count();
            // The views: the same items in order, the section row ending the path.
            let mut st = conn
                .prepare(
                    "SELECT c.text, c.line, s.heading FROM commitments c
                     LEFT JOIN sections s ON s.id = c.section_id
                     WHERE c.document_id = ?1 ORDER BY c.idx",
                )
                .unwrap();
            let rows: Vec<(String, i64, Option<String>)> = st
                .query_map([doc_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            assert_eq!(rows.len(), e.commitments.len());
            for (row, c) in rows.iter().zip(&e.commitments) {
                assert_eq!((row.0.as_str(), row.1 as usize), (c.text.as_str(), c.line));
                if let Some(h) = &row.2 {
                    assert_eq!(Some(h), c.heading_path.last(), "{}", c.text);
                }
            }
        }
    }
    assert!(nq >= 10 && nc >= 5 && nested >= 3, "{nq} {nc} {nested}");
    let per_item: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('quantities', 'commitments')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(per_item, 0, "the per-item tables are gone (views remain)");
}
