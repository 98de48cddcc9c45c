//! `--fix` for .docx: apply safe edits inside single text runs (`<w:t>`), keeping every
//! run's formatting and every other part of the package byte for byte. An edit that does
//! not lie inside exactly one run (it spans runs, or its run could not be aligned with the
//! decoded text) is not applied and is counted as skipped: the report still shows it.
//!
//! The decoded text of a .docx (ingest) adds list numbering, paragraph breaks and the
//! text of other parts that are not in any `<w:t>` of `word/document.xml`, so edit offsets
//! cannot be used directly. The runs are aligned with the decoded text instead: they
//! appear in it in document order, so each run is searched for from the end of the
//! previous one within a short window (what ingest inserts between two runs is short).
//! That makes locating all edits linear in the text; the old search by text and context
//! scanned every run for every edit (quadratic: 4 000 fixes took 15 s in a debug build)
//! and gave up on repeated passages. Written by hand because this alignment is specific
//! to how gongwen's own ingest decodes a .docx; no crate does it.

use crate::model::Edit;
use regex::Regex;
use std::borrow::Cow;
use std::io::{Cursor, Read, Write};
use std::sync::LazyLock;

static WT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>").expect("w:t regex"));

fn unescape(s: &str) -> Cow<'_, str> {
    // The same unescaping as ingest's XML reader (named and numeric references).
    match quick_xml::escape::unescape(s) {
        Ok(t) => t,
        Err(_) => Cow::Owned(
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        ),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Bytes between the end of one run and the start of the next in the decoded text that
/// the aligner looks through before falling back to a search of the rest of the text
/// (numbering labels, line breaks and table cell separators are far shorter).
const ALIGN_WINDOW: usize = 4096;

/// Bytes of decoded text scanned by fallback searches, at most (1 GiB): runs that ingest
/// did not decode verbatim are searched for in the whole rest of the text, which a
/// hostile document could make quadratic; past the budget such runs stay unaligned (their
/// edits are skipped) instead of running for minutes.
const MAX_SCAN_BYTES: usize = 1 << 30;

/// Result of fixing a .docx.
pub struct DocxFix {
    pub bytes: Vec<u8>,
    pub applied: usize,
    pub skipped: usize,
}

/// Byte offset in `raw` of every run's text (`None` when it could not be aligned), in
/// document order and increasing.
fn align_runs(raw: &str, runs: &[String]) -> Vec<Option<usize>> {
    let raw = raw.as_bytes();
    let mut cursor = 0usize;
    let mut budget = MAX_SCAN_BYTES;
    runs.iter()
        .map(|t| {
            if t.is_empty() {
                return None;
            }
            let hay = raw.get(cursor..)?;
            let window = (t.len() + ALIGN_WINDOW).min(hay.len());
            let found = memchr::memmem::find(&hay[..window], t.as_bytes()).or_else(|| {
                if window == hay.len() || budget < hay.len() {
                    return None;
                }
                budget -= hay.len();
                memchr::memmem::find(hay, t.as_bytes())
            })?;
            let at = cursor + found;
            cursor = at + t.len();
            Some(at)
        })
        .collect()
}

/// Apply `edits` (byte ranges of `raw`, the decoded text of the document) to the .docx
/// `bytes`. Overlapping edits keep the first (as for text). Errors only for an unreadable
/// package.
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
    // Text nodes: content range in xml and unescaped text.
    let spans: Vec<(usize, usize)> = WT
        .captures_iter(&xml)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
        .collect();
    let texts: Vec<String> = spans
        .iter()
        .map(|&(s, e)| unescape(&xml[s..e]).into_owned())
        .collect();
    let at = align_runs(raw, &texts);
    // Aligned runs as (start in raw, run index), increasing in both.
    let aligned: Vec<(usize, usize)> = at
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.map(|a| (a, i)))
        .collect();

    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    // Per run: (start, end, replacement) relative to the run's text, in order.
    let mut per_run: Vec<Vec<(usize, usize, &str)>> = vec![Vec::new(); texts.len()];
    let (mut applied, mut skipped) = (0, 0);
    let mut last_end = 0usize;
    for e in sorted {
        let valid = e.start <= e.end
            && raw.is_char_boundary(e.start)
            && raw.is_char_boundary(e.end)
            && e.start >= last_end;
        // The last run starting at or before the edit, if the edit ends inside it.
        let run = valid
            .then(|| aligned.partition_point(|&(s, _)| s <= e.start))
            .and_then(|p| p.checked_sub(1))
            .map(|p| aligned[p])
            .filter(|&(s, i)| e.end <= s + texts[i].len());
        match run {
            Some((s, i)) => {
                per_run[i].push((e.start - s, e.end - s, e.replacement.as_str()));
                last_end = e.end;
                applied += 1;
            }
            None => skipped += 1,
        }
    }

    let mut out_xml = String::with_capacity(xml.len() + xml.len() / 16);
    let mut pos = 0;
    for (i, es) in per_run.iter().enumerate() {
        if es.is_empty() {
            continue;
        }
        let (s, e) = spans[i];
        let text = &texts[i];
        let mut new = String::with_capacity(text.len() + 16);
        let mut p = 0;
        for &(a, b, rep) in es {
            new.push_str(&text[p..a]);
            new.push_str(rep);
            p = b;
        }
        new.push_str(&text[p..]);
        out_xml.push_str(&xml[pos..s]);
        out_xml.push_str(&escape(&new));
        pos = e;
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

    /// Thousands of fixes, many in repeated passages (the old search by context skipped
    /// a passage that occurs twice), runs with entities, numbering labels that ingest
    /// adds, and a run split inside a fix.
    #[test]
    fn thousands_of_fixes_in_repeated_passages_are_all_applied() {
        let n = 5000;
        let mut paras: Vec<Vec<(String, bool)>> = vec![vec![("柳河县2024年工作总结".into(), true)]];
        for i in 0..n {
            // Every tenth paragraph is the same sentence; the rest differ by their figures.
            let t = if i % 10 == 0 {
                "截止10月底，R&D投入增长8%，各项工作有序推进。".to_string()
            } else {
                format!("截止{}月底，完成投资{}万元。", i % 12 + 1, i)
            };
            paras.push(vec![(t, false)]);
        }
        // Split inside the fix: 截 in one run, 止 in the next.
        paras.push(vec![
            ("截".into(), true),
            ("止目前，已办结信访件46件。".into(), false),
        ]);
        let refs: Vec<Vec<(&str, bool)>> = paras
            .iter()
            .map(|p| p.iter().map(|(t, b)| (t.as_str(), *b)).collect())
            .collect();
        let refs: Vec<&[(&str, bool)]> = refs.iter().map(|p| p.as_slice()).collect();
        let bytes = docx(&refs);
        let input = crate::ingest::from_bytes("a.docx", &bytes, &Default::default()).unwrap();
        let o = crate::outline::outline(&input);
        let s = Settings {
            select: vec!["GW406".into()],
            ..Settings::default()
        };
        let found = check(&o, &[], &s);
        assert_eq!(found.len(), n + 1, "one 截止 per paragraph");
        let edits: Vec<Edit> = found
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .flat_map(|x| x.edits.clone())
            .collect();
        let r = fix_docx(&bytes, &o.source.raw, &edits).unwrap();
        assert_eq!((r.applied, r.skipped), (n, 1));
        let again = crate::ingest::from_bytes("b.docx", &r.bytes, &Default::default()).unwrap();
        assert_eq!(again.text.matches("截至").count(), n);
        assert_eq!(
            again.text.matches("截止").count(),
            1,
            "the split one is left"
        );
        assert_eq!(
            again.text.matches("R&D投入").count(),
            n / 10,
            "entities kept"
        );
        // Everything but the fixes is unchanged.
        assert_eq!(
            again.text.replace("截至", "截止"),
            input.text,
            "only the fixed words differ"
        );
    }

    #[test]
    fn runs_align_past_inserted_text_and_skip_unknown_runs() {
        let raw = "一、总体情况\n全年完成投资5亿元。\n二、下步打算\n继续推进。";
        let runs: Vec<String> = [
            "总体情况",
            "全年完成投资5亿元。",
            "不在文中",
            "下步打算",
            "继续推进。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let at = align_runs(raw, &runs);
        let expect = |t: &str| raw.find(t);
        assert_eq!(
            at,
            vec![
                expect("总体情况"),
                expect("全年完成投资5亿元。"),
                None,
                expect("下步打算"),
                expect("继续推进。")
            ]
        );
    }
}
