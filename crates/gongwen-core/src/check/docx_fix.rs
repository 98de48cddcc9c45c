//! `--fix` for .docx: apply safe edits inside single text runs (`<w:t>`), keeping every
//! run's formatting and every other part of the package byte for byte. An edit whose
//! text cannot be found, with its context, inside exactly one run (it spans runs, or it
//! is ambiguous) is not applied and is counted as skipped: the report still shows it.
//!
//! Located by text and context rather than by offset, because the decoded text of a
//! .docx (ingest) adds list numbering and paragraph breaks that are not in any run.

use crate::model::Edit;
use regex::Regex;
use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;

static WT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>").expect("w:t regex"));

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Bytes of run text scanned to locate all edits together, at most (1 GiB). Locating an
/// edit scans the runs, so the work grows with edits × text: a real report (hundreds of
/// fixes, a few hundred KB of text) stays far below this, while a hostile one (found in
/// hardening: 4 000 fixes took 15 s in a debug build, quadratically more for more) gets
/// its remaining edits counted as skipped instead of running for minutes.
const MAX_SCAN_BYTES: usize = 1 << 30;

/// Result of fixing a .docx.
pub struct DocxFix {
    pub bytes: Vec<u8>,
    pub applied: usize,
    pub skipped: usize,
}

/// Context of up to `n` characters on each side of `start..end` in `raw`, within its line.
fn context(raw: &str, start: usize, end: usize, n: usize) -> (String, String) {
    let before = raw.get(..start).unwrap_or("");
    let before = before.rsplit('\n').next().unwrap_or("");
    let left: String = before
        .chars()
        .rev()
        .take(n)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after = raw.get(end..).unwrap_or("");
    let after = after.split('\n').next().unwrap_or("");
    let right: String = after.chars().take(n).collect();
    (left, right)
}

/// Apply `edits` (byte ranges of `raw`, the decoded text of the document) to the .docx
/// `bytes`. Errors only for an unreadable package.
pub fn fix_docx(bytes: &[u8], raw: &str, edits: &[Edit]) -> Result<DocxFix, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    let limit = crate::ingest::limits::MAX_XML_PART_BYTES;
    zip.by_name("word/document.xml")
        .map_err(|e| e.to_string())?
        .take(limit + 1)
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    if xml.len() as u64 > limit {
        return Err(format!(
            "word/document.xml 解压后超过 {}（疑似压缩炸弹）(zip bomb)",
            crate::ingest::limits::human(limit)
        ));
    }
    // Text nodes: (content range in xml, unescaped text), edited in place.
    let mut nodes: Vec<(usize, usize, String)> = WT
        .captures_iter(&xml)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start(), m.end(), unescape(m.as_str())))
        .collect();
    let (mut applied, mut skipped) = (0, 0);
    let mut scanned = 0usize;
    for e in edits {
        let Some(old) = raw.get(e.start..e.end) else {
            skipped += 1;
            continue;
        };
        let mut done = false;
        for n in [8usize, 4, 2, 1] {
            let (l, r) = context(raw, e.start, e.end, n);
            let needle = format!("{l}{old}{r}");
            if needle.chars().count() < 2 {
                break;
            }
            if scanned > MAX_SCAN_BYTES {
                break;
            }
            // The run holding the needle exactly once, if it is the only occurrence in
            // the document; stop at the second occurrence.
            let finder = memchr::memmem::Finder::new(needle.as_bytes());
            let mut found: Option<usize> = None;
            let mut occurrences = 0;
            for (i, x) in nodes.iter().enumerate() {
                scanned += x.2.len();
                occurrences += finder.find_iter(x.2.as_bytes()).take(2).count();
                if occurrences > 1 {
                    break;
                }
                if occurrences == 1 && found.is_none() {
                    found = Some(i);
                }
            }
            if let (1, Some(i)) = (occurrences, found) {
                let node = &mut nodes[i];
                node.2 = node
                    .2
                    .replacen(&needle, &format!("{l}{}{r}", e.replacement), 1);
                done = true;
                break;
            }
        }
        if done {
            applied += 1;
        } else {
            skipped += 1;
        }
    }
    let mut out_xml = String::with_capacity(xml.len());
    let mut pos = 0;
    for (s, e, text) in &nodes {
        out_xml.push_str(&xml[pos..*s]);
        out_xml.push_str(&escape(text));
        pos = *e;
    }
    out_xml.push_str(&xml[pos..]);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        if name == "word/document.xml" {
            drop(f);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file(name, opts).map_err(|e| e.to_string())?;
            w.write_all(out_xml.as_bytes()).map_err(|e| e.to_string())?;
        } else {
            w.raw_copy_file(f).map_err(|e| e.to_string())?;
        }
    }
    let bytes = w.finish().map_err(|e| e.to_string())?.into_inner();
    Ok(DocxFix {
        bytes,
        applied,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{check, fix, Settings};
    use crate::model::Applicability;

    fn docx(paragraphs: &[&[(&str, bool)]]) -> Vec<u8> {
        let mut body = String::new();
        for p in paragraphs {
            body += "<w:p>";
            for (t, bold) in p.iter() {
                let rpr = if *bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
                body += &format!(
                    "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    escape(t)
                );
            }
            body += "</w:p>";
        }
        let doc = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
        let ct = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("[Content_Types].xml", o).unwrap();
        w.write_all(ct.as_bytes()).unwrap();
        w.start_file("word/document.xml", o).unwrap();
        w.write_all(doc.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn fixes_inside_one_run_keep_formatting() {
        let bytes = docx(&[
            &[("城关镇2024年工作总结", true)],
            &[("截止10月底，全镇完成投资2.3亿元。", false)],
            // 截止 split across two runs (bold 截, plain 止目前): cannot be fixed in place.
            &[("截", true), ("止目前，已办结信访件46件。", false)],
        ]);
        let input = crate::ingest::from_bytes("a.docx", &bytes, &Default::default()).unwrap();
        let o = crate::outline::outline(&input);
        let s = Settings {
            select: vec!["GW406".into()],
            ..Settings::default()
        };
        let found = check(&o, &[], &s);
        assert_eq!(found.len(), 2, "{found:#?}");
        let edits: Vec<Edit> = found
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .filter(|x| x.applicability == Applicability::Safe)
            .flat_map(|x| x.edits.clone())
            .collect();
        let r = fix_docx(&bytes, &o.source.raw, &edits).unwrap();
        assert_eq!((r.applied, r.skipped), (1, 1));
        let again = crate::ingest::from_bytes("b.docx", &r.bytes, &Default::default()).unwrap();
        assert!(
            again.text.contains("截至10月底") && again.text.contains("截止目前"),
            "{}",
            again.text
        );
        let mut z = zip::ZipArchive::new(Cursor::new(&r.bytes[..])).unwrap();
        let mut xml = String::new();
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert_eq!(xml.matches("<w:b/>").count(), 2, "formatting kept");
        let _ = fix::apply_fixes;
    }
}
