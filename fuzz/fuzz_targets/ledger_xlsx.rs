//! The ledger's import of a filled-in workbook (`gongwen ledger import 台账.xlsx`):
//! calamine's zip/XML reading and our row mapping, then merging into the manual store.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = gongwen_ledger::export::read_xlsx_from(std::io::Cursor::new(data)) {
        let mut store = gongwen_ledger::export::ManualStore::default();
        let _ = store.merge(&rows);
    }
});
