//! Shared assertions on the quantities and commitments a library stores (library
//! tests only: the CLI's tests include `common` but not this).

/// The quantities and commitments `store` reads back for document `doc_id` equal, in
/// order and field by field, the objects the extractor gives for that document.
pub fn assert_stored_items(
    conn: &rusqlite::Connection,
    doc_id: i64,
    e: &gongwen_core::extract::DocExtraction,
    label: &str,
) {
    let want: Vec<serde_json::Value> = e
        .quantities
        .iter()
        .map(|q| serde_json::to_value(q).unwrap())
        .collect();
    assert_eq!(
        gongwen_library::store::quantities(conn, doc_id).unwrap(),
        want,
        "{label}"
    );
    let want: Vec<serde_json::Value> = e
        .commitments
        .iter()
        .map(|c| serde_json::to_value(c).unwrap())
        .collect();
    assert_eq!(
        gongwen_library::store::commitments(conn, doc_id).unwrap(),
        want,
        "{label}"
    );
}
