//! Compatibility: a library written by format 1 (tests/fixtures/library-v1) still
//! opens, migrates, reindexes, searches, and its stored MinHash band keys equal what
//! this build computes (a change of hashing needs a new format and a migration).

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
