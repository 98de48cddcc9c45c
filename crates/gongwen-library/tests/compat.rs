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
    let mut checked = 0;
    for (id, text) in rows {
        let Some(mut want) = gongwen_library::minhash::text_keys(&text) else {
            continue;
        };
        let mut got: Vec<u64> = conn
            .prepare("SELECT key FROM bands WHERE passage = ?1")
            .unwrap()
            .query_map([id * 1024], |r| r.get::<_, i64>(0))
            .unwrap()
            .map(|r| r.unwrap() as u64)
            .collect();
        want.sort();
        want.dedup();
        got.sort();
        assert_eq!(got, want, "paragraph {text}");
        checked += 1;
    }
    assert!(checked >= 10);
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
