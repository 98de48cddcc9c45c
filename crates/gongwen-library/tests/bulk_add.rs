//! The bulk write path of `add`: several files per SQLite transaction, band keys
//! queued in a `BandSorter` (sorted runs spilled to files) and merged into `bands` in
//! key order when the add ends (or recomputed from the stored paragraphs by the next
//! writer after a crash). The stored band keys must be exactly those this build
//! computes, whichever path wrote them.

mod common;
mod items;

use gongwen_library::{add, minhash, open_reader, prepare, similar, store, AddOptions, NoProgress};
use rusqlite::Connection;
use std::collections::BTreeSet;
use std::path::Path;

fn opts() -> AddOptions {
    AddOptions {
        threads: 2,
        // Small batches and index commits so one add spans several of each.
        batch_bytes: 4 << 10,
        commit_bytes: 16 << 10,
    }
}

/// Every (key, passage) row the paragraphs stored in SQLite should have.
fn expected_bands(conn: &Connection) -> BTreeSet<(i64, i64)> {
    let mut st = conn.prepare("SELECT id, text FROM paragraphs").unwrap();
    let rows: Vec<(i64, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut want = BTreeSet::new();
    for (id, text) in rows {
        for (piece, s, e) in minhash::pieces(&text) {
            let keys = if piece == 0 {
                minhash::text_keys(&text)
            } else {
                minhash::text_keys(&minhash::char_slice(&text, s, e)).map(|mut k| {
                    k.truncate(minhash::SENTENCE_BANDS);
                    k
                })
            };
            for k in keys.unwrap_or_default() {
                want.insert((k as i64, id * 1024 + piece as i64));
            }
        }
    }
    want
}

fn stored_bands(conn: &Connection) -> BTreeSet<(i64, i64)> {
    gongwen_library::store::band_rows(conn)
        .unwrap()
        .into_iter()
        .collect()
}

/// `n` generated reports and an empty library opened for writing (without `add`).
fn new_store(
    n: usize,
) -> (
    tempfile::TempDir,
    Vec<std::path::PathBuf>,
    std::path::PathBuf,
    Connection,
) {
    let tmp = tempfile::tempdir().unwrap();
    let files = common::write_reports(&tmp.path().join("docs"), n, 3);
    let lib = tmp.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    let conn = store::open(&lib, true).unwrap();
    (tmp, files, lib, conn)
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn batched_add_stores_exact_band_keys_and_marks_them_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let files = common::write_reports(&docs, 40, 7);
    let lib = tmp.path().join("lib");
    let r = add(&lib, &[docs.display().to_string()], &opts(), &NoProgress).unwrap();
    assert_eq!(r.added, files.len());
    let conn = store::open(&lib, false).unwrap();
    assert_eq!(
        store::bands_generation(&conn).unwrap(),
        store::generation(&conn).unwrap()
    );
    let want = expected_bands(&conn);
    assert!(want.len() > 1000, "{}", want.len());
    assert_eq!(stored_bands(&conn), want);
    // Several files per transaction: fewer generations than files.
    let g = store::generation(&conn).unwrap();
    assert!(g >= 2 && (g as usize) < files.len(), "generation {g}");
    // Every paragraph is in the index, with the ids SQLite gave it.
    let paras = count(&conn, "SELECT count(*) FROM paragraphs");
    assert_eq!(paras as usize, r.paragraphs);
    let s = open_reader(&lib).unwrap();
    let q = gongwen_library::query::parse("工作").unwrap();
    let indexed: BTreeSet<u64> = s.matching(&q).unwrap().keys().copied().collect();
    let scanned: BTreeSet<u64> = gongwen_library::search::scan(&s.conn, &q)
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(indexed, scanned);

    // Re-adding a changed file replaces it; its old band rows are stale (paragraph
    // gone) and the new ones are merged.
    let changed = &files[3];
    let text = std::fs::read_to_string(changed).unwrap();
    std::fs::write(
        changed,
        format!("{text}\n全年新建改建农村公路126公里，完成危桥改造14座。\n"),
    )
    .unwrap();
    let r = add(&lib, &[docs.display().to_string()], &opts(), &NoProgress).unwrap();
    assert_eq!((r.replaced, r.unchanged), (1, files.len() - 1));
    let conn = store::open(&lib, false).unwrap();
    let paragraphs: BTreeSet<i64> = conn
        .prepare("SELECT id FROM paragraphs")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let stored = stored_bands(&conn);
    let live: BTreeSet<(i64, i64)> = stored
        .iter()
        .copied()
        .filter(|(_, p)| paragraphs.contains(&(p / 1024)))
        .collect();
    assert_eq!(live, expected_bands(&conn));
    // The replaced file's old passages linger until `reindex` sweeps them.
    assert!(stored.len() > live.len());
    drop(conn);
    gongwen_library::reindex(&lib).unwrap();
    let conn = store::open(&lib, false).unwrap();
    assert_eq!(stored_bands(&conn), expected_bands(&conn));
    let chunks: i64 = count(&conn, "SELECT count(*) FROM bands");
    let keys: i64 = count(&conn, "SELECT count(DISTINCT key) FROM bands");
    assert_eq!(chunks, keys, "reindex leaves one chunk per key");
}

#[test]
fn band_keys_lost_by_a_crash_are_recomputed_by_the_next_writer() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    common::write_reports(&docs, 12, 11);
    let copy = docs.join("copy.txt");
    let planted = "着力构建“一网通办、一窗受理、一次办结”的政务服务新模式，全年通过数字化平台办理群众诉求8万余件，按期办结率达到97.6%，群众满意度连续三年位居全市前列。";
    std::fs::write(
        docs.join("source.txt"),
        format!("白石乡人民政府2021年工作总结\n\n一、工作回顾\n{planted}\n"),
    )
    .unwrap();
    std::fs::write(
        &copy,
        format!(
            "落霞镇2024年工作总结\n\n一、工作回顾\n{}\n",
            planted.replace("8万", "9万")
        ),
    )
    .unwrap();
    let lib = tmp.path().join("lib");
    add(&lib, &[docs.display().to_string()], &opts(), &NoProgress).unwrap();
    // What a kill -9 between batch commits and the merge leaves: files newer than
    // `bands_generation` without band keys (the temporary pending table is gone).
    let want = {
        let conn = store::open(&lib, true).unwrap();
        let want = stored_bands(&conn);
        assert_eq!(want, expected_bands(&conn));
        conn.execute_batch(
            "DELETE FROM bands; UPDATE meta SET value = '0' WHERE key = 'bands_generation';",
        )
        .unwrap();
        want
    };
    // Readers still work meanwhile; the lost keys are not looked up yet.
    let f = prepare::prepare_path(&std::fs::canonicalize(&copy).unwrap()).unwrap();
    let s = open_reader(&lib).unwrap();
    assert!(similar::similar(&s.conn, &f, 0.8).unwrap().is_empty());
    drop(s);
    // The next writer (here an add with nothing new) recomputes them.
    let r = add(&lib, &[docs.display().to_string()], &opts(), &NoProgress).unwrap();
    assert_eq!(r.added, 0);
    let conn = store::open(&lib, false).unwrap();
    assert_eq!(
        store::bands_generation(&conn).unwrap(),
        store::generation(&conn).unwrap()
    );
    assert_eq!(stored_bands(&conn), want);
    let s = open_reader(&lib).unwrap();
    let m = similar::similar(&s.conn, &f, 0.8).unwrap();
    assert!(m.iter().any(|m| m.source.path.ends_with("source.txt")));
}

#[test]
fn single_file_put_writes_band_keys_directly() {
    let (_tmp, files, _lib, mut conn) = new_store(1);
    let f = prepare::prepare_path(Path::new(&files[0])).unwrap();
    let (_, g) = store::put_file(&mut conn, &f).unwrap();
    assert_eq!(g, 1);
    assert_eq!(store::bands_generation(&conn).unwrap(), 1);
    assert_eq!(stored_bands(&conn), expected_bands(&conn));
}

#[test]
fn compact_quantity_and_commitment_rows_rebuild_the_extracted_json_exactly() {
    use gongwen_core::{extract, ingest, outline};
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let mut files = common::write_reports(&docs, 12, 5);
    // A plan with nested headings: commitments under （一） carry a two-level path.
    let plan = docs.join("plan.txt");
    std::fs::write(
        &plan,
        "青岭县交通运输局2024年工作总结和2025年工作计划\n\n\
         一、2024年工作总结\n全年完成交通固定资产投资12.6亿元，同比增长8.4%。\n\
         二、2025年工作计划\n（一）加快重点项目建设\n\
         力争全年完成交通固定资产投资13.5亿元，确保国道复线工程于2025年底前建成通车。\n\
         新建改建农村公路120公里，完成危桥改造15座。\n\
         （二）提升运输服务水平\n\
         推动城乡客运一体化，年内新开通镇村公交线路6条，建制村通客车率保持100%。\n",
    )
    .unwrap();
    files.push(plan);
    let lib = tmp.path().join("lib");
    add(&lib, &[docs.display().to_string()], &opts(), &NoProgress).unwrap();
    let conn = store::open(&lib, false).unwrap();
    let (mut quantities, mut commitments, mut by_section) = (0, 0, 0);
    for path in &files {
        let path = std::fs::canonicalize(path).unwrap().display().to_string();
        let input =
            ingest::from_bytes(&path, &std::fs::read(&path).unwrap(), &Default::default()).unwrap();
        let o = outline::outline(&input);
        for e in extract::extract(&o) {
            let doc_id: i64 = conn
                .query_row(
                    "SELECT d.id FROM documents d JOIN files f ON f.id = d.file_id WHERE f.path = ?1 AND d.idx = ?2",
                    rusqlite::params![path, e.index as i64],
                    |r| r.get(0),
                )
                .unwrap();
            items::assert_stored_items(&conn, doc_id, &e, &path);
            quantities += e.quantities.len();
            commitments += e.commitments.len();
            by_section += e
                .commitments
                .iter()
                .filter(|c| c.heading_path.len() >= 2)
                .count();
        }
    }
    assert!(
        quantities > 50 && commitments > 20,
        "{quantities} {commitments}"
    );
    assert!(by_section > 0, "nested heading paths are covered");
    // The stored items are compact: a commitment under a stored section names it
    // instead of repeating its heading path; SQL sees them through the views.
    let with_path = count(
        &conn,
        "SELECT count(*) FROM commitments WHERE json LIKE '%heading_path%'",
    );
    let with_section = count(
        &conn,
        "SELECT count(*) FROM commitments WHERE section_id IS NOT NULL",
    );
    let n = count(&conn, "SELECT count(*) FROM commitments");
    assert_eq!(n as usize, commitments);
    assert_eq!(
        count(&conn, "SELECT count(*) FROM quantities") as usize,
        quantities
    );
    assert!(
        with_path * 10 < n && with_section * 10 > n * 9,
        "{with_path} of {n} commitments store their path again, {with_section} name a section"
    );
    // The view's section is the row whose heading ends the commitment's path.
    let mismatched = count(
        &conn,
        "SELECT count(*) FROM commitments c JOIN sections s ON s.id = c.section_id
         WHERE s.document_id != c.document_id",
    );
    assert_eq!(mismatched, 0);
    // One row per document with extracted items, not one per item.
    assert!(
        count(&conn, "SELECT count(*) FROM extracts")
            <= count(&conn, "SELECT count(*) FROM documents")
    );
}

#[test]
fn band_sorter_merges_spilled_runs_in_key_order_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path();
    let mut conn = store::open(lib, true).unwrap();
    // Rows already in `bands` (an earlier add) interleave with the new ones.
    let blob = |ps: &[i64]| {
        let mut b = Vec::new();
        store::BandChunks::encode(ps, &mut b);
        b
    };
    for (k, ps) in [(5i64, vec![1024i64, 1029]), (77777, vec![2048])] {
        conn.execute(
            "INSERT INTO bands(key, first, passages) VALUES (?1, ?2, ?3)",
            rusqlite::params![k, ps[0], blob(&ps)],
        )
        .unwrap();
    }
    let mut sorter = store::BandSorter::with_run_rows(lib, 1000).unwrap();
    let mut want: BTreeSet<(i64, i64)> =
        [(5, 1024), (5, 1029), (77777, 2048)].into_iter().collect();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..10_500i64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let row = ((x >> 1) as i64 % 50_000, (i % 3000) * 1024 + i % 5);
        sorter.push(row.0, row.1).unwrap();
        want.insert(row);
        if i % 7 == 0 {
            sorter.push(row.0, row.1).unwrap(); // duplicates are stored once
        }
    }
    // Key 5's new chunk starts at the stored passage 1024: it is merged into the
    // stored chunk, not dropped.
    sorter.push(5, 1024).unwrap();
    sorter.push(5, 1_000_000 * 1024).unwrap();
    want.insert((5, 1_000_000 * 1024));
    let runs = || {
        std::fs::read_dir(lib)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("bands-run-")
            })
            .count()
    };
    // 10,500 rows + 1,500 repeats + 2 = 12,002 pushes: twelve full runs spilled.
    assert_eq!(sorter.rows(), 12_002);
    assert_eq!(runs(), 12, "runs of 1000 rows spilled");
    store::finish_bands(&mut conn, &mut sorter).unwrap();
    assert_eq!(runs(), 0, "run files removed");
    assert_eq!(stored_bands(&conn), want);
    assert_eq!(
        store::bands_generation(&conn).unwrap(),
        store::generation(&conn).unwrap()
    );
}

#[test]
fn documents_indexed_from_memory_search_like_documents_replayed_from_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    common::write_reports(&docs, 30, 13);
    let lib = tmp.path().join("lib");
    add(&lib, &[docs.display().to_string()], &opts(), &NoProgress).unwrap();
    let queries = [
        "工作",
        "\"高标准农田\"",
        "审计 -整改",
        "role:plan 推进",
        "year:2024 就业",
    ];
    let run = |lib: &Path| -> Vec<String> {
        let s = open_reader(lib).unwrap();
        queries
            .iter()
            .map(|q| {
                let r = s
                    .search(&gongwen_library::query::parse(q).unwrap(), 50)
                    .unwrap();
                let hits: Vec<String> = r
                    .hits
                    .iter()
                    .map(|h| format!("{} {} {:?} {}", h.doc_id, h.line, h.section_role, h.snippet))
                    .collect();
                format!("{q}: {} {hits:?}", r.total)
            })
            .collect()
    };
    let from_memory = run(&lib);
    assert!(
        from_memory.iter().any(|r| !r.contains(": 0 ")),
        "{from_memory:?}"
    );
    // `reindex` rebuilds every document from SQLite (index::replay_file).
    gongwen_library::reindex(&lib).unwrap();
    assert_eq!(run(&lib), from_memory);
}

/// `store::checkpoint` (run by `add` after its last transaction, while the index
/// commits) copies the whole WAL into the database without waiting for a reader, and a
/// reader that keeps an older snapshot open keeps seeing it.
#[test]
fn checkpoint_copies_the_wal_and_spares_a_reader_its_snapshot() {
    let (_tmp, files, lib, mut conn) = new_store(3);
    let f = prepare::prepare_path(Path::new(&files[0])).unwrap();
    store::put_file(&mut conn, &f).unwrap();
    let (wal, copied) = store::checkpoint(&conn).unwrap();
    assert!(wal > 0 && copied == wal, "{wal} frames, {copied} copied");
    // A reader in a transaction holds its snapshot; the next writes stay in the WAL
    // beyond it until the reader lets go, and the checkpoint does not block.
    let reader = store::open(&lib, false).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let before = count(&reader, "SELECT count(*) FROM files");
    for p in &files[1..] {
        let f = prepare::prepare_path(Path::new(p)).unwrap();
        store::put_file(&mut conn, &f).unwrap();
    }
    let (wal, copied) = store::checkpoint(&conn).unwrap();
    assert!(wal > 0, "{wal} frames");
    assert!(
        copied < wal,
        "the reader's snapshot: {wal} frames, {copied} copied"
    );
    assert_eq!(count(&reader, "SELECT count(*) FROM files"), before);
    reader.execute_batch("COMMIT").unwrap();
    let (wal, copied) = store::checkpoint(&conn).unwrap();
    assert_eq!(copied, wal, "all copied once the reader is gone");
    assert_eq!(count(&conn, "SELECT count(*) FROM files"), 3);
}
