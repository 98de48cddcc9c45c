//! Safety limits of the ingest stage: every input is read with bounded memory and time,
//! whatever its bytes. Exceeding a limit is an [`Error`](crate::Error) (exit 2 in the
//! CLI), never a panic or an out-of-memory. `docs/LIMITS.md` lists the same table with
//! the messages users see.
//!
//! | limit | value | where it is enforced | error |
//! |---|---|---|---|
//! | [`MAX_FILE_BYTES`] | 256 MiB | file metadata *before* reading; stdin and files are read through `take` | `TooLarge` |
//! | [`MAX_DOCX_ENTRIES`] | 10 000 | number of zip entries in a .docx | `Docx` |
//! | [`MAX_XML_PART_BYTES`] | 64 MiB | bytes inflated from one XML part of a .docx, counted while inflating (headers are not trusted) | `Limit` |
//! | [`MAX_COMPRESSION_RATIO`] | 200 | inflated ÷ compressed size of one part, once past [`RATIO_FLOOR_BYTES`] (1 MiB) | `Limit` |
//! | [`MAX_XML_DEPTH`] | 512 | element nesting in docx XML | `Limit` |
//! | style names, `lvlText` | 64 characters | docx styles.xml / numbering.xml (cut) | — |
//! | DTD / entities | never expanded | `<!DOCTYPE>` is ignored; references to undeclared entities stay literal text (`&lol9;`) | — |
//! | [`MAX_HTML_BYTES`] | 64 MiB | size of an HTML page (its DOM takes about 11× the page in memory) | `TooLarge` |
//! | [`MAX_HTML_DEPTH`] | 512 | element nesting taken into account in HTML; deeper text still read, flattened | — |
//! | [`PDF_TIMEOUT`] | 60 s | wall time of `pdftotext`; the process is killed | `Pdf` |
//! | [`PDF_MAX_PAGES`] | 2 000 | pages handed to `pdftotext -l` | (later pages are not read) |
//! | [`MAX_DECODED_BYTES`] | 512 MiB | decoded text of any input (docx: checked per paragraph; PDF output is cut off here) | `Limit` |
//! | [`MAX_LINE_BYTES`] | 1 MiB | longest line (paragraph) of the decoded text, any format | `Limit` |
//! | [`MAX_DATASET_ROWS`] | 1 000 000 | rows of a .csv/.jsonl dataset | `Limit` |
//! | [`MAX_DATASET_COLUMNS`] | 1 000 | columns of a dataset (later ones ignored, with a warning) | — |
//! | [`MAX_COLUMN_NAME_CHARS`] | 64 | characters of a column name (cut) | — |
//! | [`MAX_METADATA_BYTES`] | 256 MiB | metadata of all records (names + values + 64 bytes per entry) | `Limit` |
//!
//! Decoded text is bounded by the inputs: UTF-8 text is at most as long as the file,
//! GB18030/UTF-16 text at most 1.5× the file (so ≤ 384 MiB), a docx at most its
//! document.xml plus 64 characters of auto-number per paragraph (and never more than
//! [`MAX_DECODED_BYTES`]), a PDF at most [`MAX_DECODED_BYTES`].

use std::time::Duration;

/// Largest input file or stdin, in bytes (256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Largest decoded text, in bytes (512 MiB).
pub const MAX_DECODED_BYTES: usize = 512 * 1024 * 1024;
/// Most entries a .docx zip may have.
pub const MAX_DOCX_ENTRIES: usize = 10_000;
/// Most bytes inflated from one XML part of a .docx (64 MiB).
pub const MAX_XML_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest inflated ÷ compressed ratio of one .docx part (real Word XML stays under 30).
pub const MAX_COMPRESSION_RATIO: u64 = 200;
/// Parts smaller than this are never refused for their ratio (1 MiB).
pub const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;
/// Deepest element nesting accepted in docx XML.
pub const MAX_XML_DEPTH: usize = 512;
/// Largest HTML page (64 MiB): a parsed page takes about 11× its size in memory
/// (measured: 31.5 MB of HTML → 348 MB peak).
pub const MAX_HTML_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest HTML nesting that still shapes lines; deeper elements are flattened.
pub const MAX_HTML_DEPTH: usize = 512;
/// Wall-clock limit for `pdftotext`.
pub const PDF_TIMEOUT: Duration = Duration::from_secs(60);
/// Pages of a PDF that are read (`pdftotext -l`).
pub const PDF_MAX_PAGES: u32 = 2000;
/// Longest line of decoded text, in bytes (1 MiB). A real paragraph is a few thousand
/// characters; a line of megabytes is a dump, a minified file or an attack, and every
/// per-line step of the later stages would pay for it.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// Most rows read from a .csv/.jsonl dataset.
pub const MAX_DATASET_ROWS: usize = 1_000_000;

/// Most columns read from a dataset; later ones are ignored with a warning.
pub const MAX_DATASET_COLUMNS: usize = 1000;
/// Column names are cut to this many characters (they are copied into every record).
pub const MAX_COLUMN_NAME_CHARS: usize = 64;
/// Budget for the metadata of all records of a dataset (names + values + 64 bytes per
/// entry): a wide table of tiny cells cannot multiply the input in memory.
pub const MAX_METADATA_BYTES: usize = 256 * 1024 * 1024;

/// Human-readable size: `256 MiB`.
pub fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{bytes} 字节")
    }
}
