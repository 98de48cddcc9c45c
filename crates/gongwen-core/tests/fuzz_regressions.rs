//! Regression tests for what fuzzing and the hardening work found (docs/FUZZING.md):
//! each input that crashed, hung or ran slowly is kept here, written out, with what the
//! fixed code does with it.

use gongwen_core::{check, extract, ingest, outline, Finding};

fn findings(text: &str) -> Vec<Finding> {
    let input = ingest::from_bytes("稿.txt", text.as_bytes(), &Default::default()).unwrap();
    let o = outline::outline(&input);
    let ex = extract::extract(&o);
    check::check(&o, &ex, &check::Settings::default())
}

/// GW403 compared every long paragraph with every earlier one: 20 000 copies of one
/// paragraph took 36 s (debug build). Identical copies are no longer candidates and the
/// scan looks back at most 1 000 paragraphs; the findings on real reports are the same.
#[test]
fn many_identical_paragraphs_keep_near_duplicate_findings_and_stay_linear() {
    let para = "深入推进农村人居环境整治，全年清理陈年垃圾640余吨，改造农村户厕380座，新建污水管网9公里，创建美丽庭院示范户120户，村容村貌明显改善，群众满意度持续提升。";
    let near = para.replace("380座", "390座");
    let mut text = String::from("青石镇2023年工作总结\n\n");
    for _ in 0..3000 {
        text.push_str(para);
        text.push('\n');
    }
    text.push_str(&near);
    text.push('\n');
    let f = findings(&text);
    let near_dups: Vec<&Finding> = f.iter().filter(|f| f.rule == "GW403").collect();
    assert_eq!(
        near_dups.len(),
        1,
        "only the edited copy is a near duplicate"
    );
    assert_eq!(near_dups[0].line, 3003);
    assert!(
        near_dups[0].message.contains("第3行"),
        "it points at the first copy: {}",
        near_dups[0].message
    );
    // The exact copies are still GW402's business.
    assert!(f.iter().filter(|f| f.rule == "GW402").count() >= 2999);
}

/// `check --fix` on a .docx located each edit by scanning every run, and kept scanning
/// after a second occurrence: 4 000 fixes took 15 s (debug build), quadratically more
/// for more. The scan now stops at the second occurrence and the whole job has a scan
/// budget; every fix of a large but ordinary document is still applied.
#[test]
fn thousands_of_docx_fixes_are_all_applied() {
    use std::io::{Cursor, Read, Write};
    let n = 3000;
    let mut body = String::from("<w:p><w:r><w:t>青石镇2023年工作总结</w:t></w:r></w:p>");
    for i in 0..n {
        body += &format!("<w:p><w:r><w:t>第{i}项：完成投资{i}万元,增长8%。</w:t></w:r></w:p>");
    }
    let xml = format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    let bytes = z.finish().unwrap().into_inner();
    let input = ingest::from_bytes("多.docx", &bytes, &Default::default()).unwrap();
    let o = outline::outline(&input);
    let settings = check::Settings {
        select: vec!["GW405".into()],
        ..Default::default()
    };
    let f = check::check(&o, &extract::extract(&o), &settings);
    let edits: Vec<_> = f
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .flat_map(|x| x.edits.iter().cloned())
        .collect();
    assert_eq!(edits.len(), n, "one half-width comma per paragraph");
    let r = check::docx_fix::fix_docx(&bytes, &o.source.raw, &edits).unwrap();
    assert_eq!((r.applied, r.skipped), (n, 0));
    let mut zip = zip::ZipArchive::new(Cursor::new(r.bytes)).unwrap();
    let mut fixed = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut fixed)
        .unwrap();
    assert!(!fixed.contains("万元,"), "every comma fixed");
    assert_eq!(fixed.matches("万元，增长").count(), n);
}

fn all_sections(s: &[gongwen_core::Section], out: &mut Vec<gongwen_core::Section>) {
    for x in s {
        out.push(x.clone());
        all_sections(&x.children, out);
    }
}

/// A line of thousands of short 一是…二是… sequences without a stop: each sequence's
/// last item runs to the end of the paragraph, and its heading copied the rest of the
/// line — 100 KB of input took 300 MB and 11 s (debug). Headings are now at most 200
/// characters and each paragraph end is searched once; the findings' code frames no
/// longer scan the whole line per finding, nor do their columns.
#[test]
fn a_line_of_inline_sequences_has_bounded_headings() {
    let text_of = |n: usize| {
        format!(
            "青石镇2023年工作总结\n一、主要成效\n{}\n",
            "一是抓好甲）二是抓好乙）".repeat(n)
        )
    };
    let heading_bytes = |text: &str| {
        let input = ingest::from_bytes("稿.txt", text.as_bytes(), &Default::default()).unwrap();
        let o = outline::outline(&input);
        let mut secs = Vec::new();
        for d in &o.outline.documents {
            all_sections(&d.sections, &mut secs);
        }
        let inline = secs
            .iter()
            .filter(|s| s.marker == gongwen_core::MarkerKind::Inline)
            .count();
        (
            inline,
            secs.iter().map(|s| s.heading.len()).sum::<usize>(),
            o,
        )
    };
    // Twice the text, twice the headings (it was four times: quadratic).
    let (n1, b1, _) = heading_bytes(&text_of(1000));
    let text = text_of(2000);
    let (n2, b2, o) = heading_bytes(&text);
    assert_eq!((n1, n2), (2000, 4000));
    assert!(b2 < b1 * 5 / 2, "heading bytes {b1} -> {b2}: not linear");
    // The unmatched ）s are reported, with the right columns, and rendered.
    let ex = extract::extract(&o);
    let f = check::check(&o, &ex, &check::Settings::default());
    let unpaired: Vec<&Finding> = f.iter().filter(|f| f.rule == "GW404").collect();
    assert_eq!(unpaired.len(), 4000);
    let last = unpaired.last().unwrap();
    let line_start = text[..last.start].rfind('\n').unwrap() + 1;
    assert_eq!(
        last.column,
        text[line_start..last.start].chars().count() + 1
    );
    let frame = check::render::code_frame("稿.txt", &o.source.raw, last);
    assert!(
        frame.contains("3 | …") && frame.contains("一是抓好甲）二是抓好乙）\n"),
        "{frame}"
    );
}
