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
/// for more. The runs are now aligned with the decoded text in one forward pass (linear);
/// every fix of a large but ordinary document is applied.
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

/// Every section of every document, flattened.
fn sections_of(o: &outline::Outlined) -> Vec<gongwen_core::Section> {
    let mut secs = Vec::new();
    for d in &o.outline.documents {
        all_sections(&d.sections, &mut secs);
    }
    secs
}

fn inline_count(secs: &[gongwen_core::Section]) -> usize {
    secs.iter()
        .filter(|s| s.marker == gongwen_core::MarkerKind::Inline)
        .count()
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
        let secs = sections_of(&o);
        let inline = inline_count(&secs);
        (
            inline,
            secs.iter().map(|s| s.heading.len()).sum::<usize>(),
            o,
        )
    };
    // Twice the text, not four times the headings (it was: quadratic). Since the
    // inline-item limits, the line splits into its first 40 items only.
    let (n1, b1, _) = heading_bytes(&text_of(1000));
    let text = text_of(2000);
    let (n2, b2, o) = heading_bytes(&text);
    assert_eq!((n1, n2), (40, 40));
    assert_eq!(n1, outline::MAX_INLINE_PER_PARAGRAPH);
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

/// Dense inline enumerations (一是甲，二是乙，… every few characters, paragraph after
/// paragraph) built one outline section per 12 bytes with no cap: 10 MB of them made
/// about 870 000 sections. Items are now split at most 40 per paragraph and 1 000 per
/// document; the rest stay in the text, and the outline says so in a warning.
#[test]
fn dense_inline_enumerations_build_a_bounded_number_of_sections() {
    const NUMS: [&str; 20] = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
        "十五", "十六", "十七", "十八", "十九", "二十",
    ];
    let outline_of = |paragraphs: usize| {
        let mut text = String::from("青石镇2023年工作总结\n一、主要工作\n");
        for p in 0..paragraphs {
            for i in 0..60 {
                // 一是抓甲，二是抓乙，…: 12–18 bytes an item.
                text.push_str(NUMS[i % 20]);
                text.push_str(if (p + i) % 2 == 0 {
                    "是抓甲，"
                } else {
                    "是抓乙，"
                });
            }
            text.push('\n');
        }
        let input = ingest::from_bytes("稿.txt", text.as_bytes(), &Default::default()).unwrap();
        (text.len(), outline::outline(&input))
    };
    let count = |o: &outline::Outlined| {
        let secs = sections_of(o);
        let inline = inline_count(&secs);
        (secs.len(), inline)
    };
    // 5 paragraphs: 300 items written, 40 split per paragraph.
    let (_, small) = outline_of(5);
    assert_eq!(count(&small).1, 5 * outline::MAX_INLINE_PER_PARAGRAPH);
    // 2 000 paragraphs (≈ 2 MB): 120 000 items written, 1 000 split in all.
    let (bytes, big) = outline_of(2000);
    assert!(bytes > 1_900_000, "{bytes}");
    assert_eq!(big.outline.documents.len(), 1);
    let (sections, inline) = count(&big);
    assert_eq!(inline, outline::MAX_INLINE_PER_DOCUMENT);
    assert!(sections < inline + 10, "{sections} sections");
    // The first items are the ones kept: 40 from each of the first 25 paragraphs
    // (lines 3 to 27), none after; the outline says where splitting first stopped
    // (the 41st item of line 3).
    let items = &big.outline.documents[0].sections[0].children;
    assert_eq!(
        (items[0].heading.as_str(), items[0].line),
        ("一是抓甲，", 3)
    );
    assert_eq!(items.iter().map(|s| s.line).max(), Some(27));
    let w: Vec<&String> = big
        .outline
        .warnings
        .iter()
        .filter(|w| w.contains("行内条目"))
        .collect();
    assert_eq!(w.len(), 1, "{:?}", big.outline.warnings);
    assert!(
        w[0].contains("第 3 行") && w[0].contains("1000"),
        "{}",
        w[0]
    );
    // The rest of the pipeline runs on it as on any text.
    let ex = extract::extract(&big);
    let _ = check::check(&big, &ex, &check::Settings::default());
}

/// Ordinary reports are not touched by the inline-item limits: the example compilation
/// and every fixture outline with their items and without the warning.
#[test]
fn ordinary_reports_are_below_the_inline_limits() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = vec![root.join("examples/汇编示例.txt")];
    files.extend(
        walkdir::WalkDir::new(root.join("tests/fixtures"))
            .into_iter()
            .flatten()
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "docx")),
    );
    let mut items = 0;
    for f in &files {
        let Ok(input) = ingest::read_file(f, &Default::default()) else {
            continue;
        };
        let o = outline::outline(&input);
        assert!(
            !o.outline.warnings.iter().any(|w| w.contains("行内条目")),
            "{}: {:?}",
            f.display(),
            o.outline.warnings
        );
        items += inline_count(&sections_of(&o));
    }
    // The example compilation alone has dozens of items: the test looks at real ones.
    assert!(items >= 20, "{items} inline items in {} files", files.len());
}

/// The `check` fuzz target (CI, 2026-11-30): GW312 (fullwidth-digit) mapped every char of its match
/// `[０-９]+(?:[．.][０-９]+)?` as a full-width digit, and the ASCII `.` of `２０.４`
/// underflowed (a panic with overflow checks on, garbage otherwise). The crashing
/// input was `２０.４年完成N` followed by control bytes and invalid UTF-8.
#[test]
fn fullwidth_digits_around_an_ascii_point_are_fixed_not_a_panic() {
    let f = findings("城关镇2024年工作总结\n全年完成投资２０.４亿元，同比增长５．２%。\n");
    let fixes: Vec<String> = f
        .iter()
        .filter(|f| f.rule == "GW312")
        .map(|f| f.fix.as_ref().unwrap().edits[0].replacement.clone())
        .collect();
    assert_eq!(fixes, ["20.4", "5.2"]);
    // The crashing input's valid UTF-8 prefix, handed over as text as the fuzz target
    // does (ingest itself refuses the file: it holds NUL bytes).
    let input = gongwen_core::Input {
        path: "fuzz.txt".into(),
        format: gongwen_core::Format::Text,
        encoding: "UTF-8".into(),
        text: "２０.４年完成N\u{1}\0\0\0\0\0\u{8}２伒亿元".into(),
        hints: vec![],
        records: vec![],
        warnings: vec![],
    };
    let o = outline::outline(&input);
    let ex = extract::extract(&o);
    let f = check::check(&o, &ex, &check::Settings::default());
    assert!(f.iter().any(|f| f.rule == "GW312" && f.text == "２０.４"));
}
