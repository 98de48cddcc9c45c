//! The ingest stage end to end: documents built by the tests themselves (a .docx with
//! styles, numbering, tables and revisions; an HTML page; a PDF; datasets) and every
//! kind of bad input (empty, binary, truncated, not-a-zip, zip bomb, billion laughs,
//! deep nesting, 1 GB file), plus property tests: no input panics.

use gongwen_core::ingest::{self, limits, IngestOptions};
use gongwen_core::model::{Format, LineHint};
use gongwen_core::Error;
use std::io::{Cursor, Write};
use std::path::Path;
use std::time::Instant;
use zip::write::SimpleFileOptions;

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"";

fn opts() -> IngestOptions {
    IngestOptions::default()
}

/// A zip with the given parts (deflated).
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        z.start_file(*name, o).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn document(body: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {W}><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr></w:body></w:document>")
}

fn para(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
 <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
 <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
 <w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/><w:basedOn w:val="a"/></w:style>
 <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
 <w:style w:type="paragraph" w:styleId="ListCn"><w:name w:val="List Chinese"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
 <w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/><w:suff w:val="nothing"/></w:lvl>
 </w:abstractNum>
 <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
 <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
 <w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;

fn num(id: u32, ilvl: u32) -> String {
    format!("<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>")
}

/// A realistic report as a .docx: title, styled and numbered headings, a table,
/// revisions, fields, a text box.
fn report_docx() -> Vec<u8> {
    let mut body = String::new();
    body += &para(
        "<w:pStyle w:val=\"Title\"/>",
        &run("临川县农业农村局2023年工作总结"),
    );
    body += &para(
        "<w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs>",
        &format!(
            "{}<w:r><w:tab/><w:t>围绕中心</w:t><w:br/><w:t>服务大局。</w:t></w:r>",
            run("今年以来，我局")
        ),
    );
    body += &para(
        &format!("<w:pStyle w:val=\"1\"/>{}", num(1, 0)),
        &run("主要工作成效"),
    );
    body += &para(&num(1, 1), &run("粮食生产稳中有增"));
    body += &para(&num(1, 2), &run("全年粮食播种面积38.6万亩。"));
    body += &para(&num(1, 2), &run("建成高标准农田2.1万亩。"));
    body += &para(&num(1, 1), &run("乡村建设扎实推进"));
    body += &para(
        &format!("<w:pStyle w:val=\"1\"/>{}", num(1, 0)),
        &run("存在的问题"),
    );
    body += &para(&num(1, 3), &run("村级集体经济薄弱"));
    body += &para("<w:pStyle w:val=\"ListCn\"/>", &run("2024年工作计划"));
    body += &para(
        "<w:pStyle w:val=\"2\"/><w:outlineLvl w:val=\"2\"/><w:pPrChange w:id=\"1\"><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr></w:pPrChange>",
        &run("稳步提升粮食产能"),
    );
    body += &para("<w:pStyle w:val=\"2\"/>", &run("深化农村改革"));
    // Revisions, fields, hidden text, symbols, entities.
    body += &para(
        "",
        &format!(
            "{}<w:del w:id=\"2\"><w:r><w:delText>计划完成</w:delText></w:r></w:del><w:ins w:id=\"3\"><w:r><w:t>力争完成</w:t></w:r></w:ins>{}\
             <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>\
             <w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏批注</w:t></w:r>\
             <w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/><w:sym w:font=\"SimSun\" w:char=\"2605\"/><w:t>R&amp;D&#x4E00;</w:t></w:r>",
            run("全年"),
            run("新建农村公路50公里，")
        ),
    );
    // A table.
    let cell = |t: &str| {
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"2000\"/></w:tcPr>{}</w:tc>",
            para("", &run(t))
        )
    };
    body += &format!(
        "<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        cell("指标"),
        cell("完成值"),
        cell("农村居民人均可支配收入"),
        cell("21350元")
    );
    // A text box in alternate content: the Fallback copy must not appear twice.
    let tb = |t: &str| format!("<w:txbxContent>{}</w:txbxContent>", para("", &run(t)));
    body += &para(
        "",
        &format!(
            "{}<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>{}</w:drawing></mc:Choice><mc:Fallback><w:pict>{}</w:pict></mc:Fallback></mc:AlternateContent></w:r>",
            run("附："),
            tb("文本框：数据截至12月底"),
            tb("文本框：数据截至12月底")
        ),
    );
    body += &para(&num(2, 0), &run("另起编号的部分"));
    // Another w:num of the same definition without override continues the count.
    body += &para(&num(3, 0), &run("接续编号的部分"));
    body += &para("", "");
    body += "<w:p/>";
    let doc = document(&body);
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", doc.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
    ])
}

#[test]
fn docx_text_numbering_and_hints() {
    let input = ingest::from_bytes("临川县.docx", &report_docx(), &opts()).unwrap();
    assert_eq!(input.format, Format::Docx);
    assert_eq!(input.encoding, "UTF-8");
    let expected = "临川县农业农村局2023年工作总结\n\
        今年以来，我局\t围绕中心\n服务大局。\n\
        一、主要工作成效\n\
        （一）粮食生产稳中有增\n\
        1. 全年粮食播种面积38.6万亩。\n\
        2. 建成高标准农田2.1万亩。\n\
        （二）乡村建设扎实推进\n\
        二、存在的问题\n\
        ①村级集体经济薄弱\n\
        三、2024年工作计划\n\
        稳步提升粮食产能\n\
        深化农村改革\n\
        全年力争完成新建农村公路50公里，7★R&D一\n\
        指标\n完成值\n农村居民人均可支配收入\n21350元\n\
        文本框：数据截至12月底\n\
        附：\n\
        五、另起编号的部分\n\
        六、接续编号的部分\n\
        \n\n";
    assert_eq!(input.text, expected);
    let hint = |line: usize| input.hints.iter().find(|h| h.line == line).cloned();
    let styled = |line, level: Option<u8>, style: &str| LineHint {
        line,
        outline_level: level,
        style: Some(style.to_string()),
        in_table: false,
    };
    assert_eq!(hint(1), Some(styled(1, None, "Title")));
    assert_eq!(hint(2), None);
    assert_eq!(hint(4), Some(styled(4, Some(1), "heading 1")));
    assert_eq!(hint(9), Some(styled(9, Some(1), "heading 1")));
    assert_eq!(hint(11), Some(styled(11, None, "List Chinese")));
    // Direct w:outlineLvl (2 → level 3) beats the style; pPrChange is history.
    assert_eq!(hint(12), Some(styled(12, Some(3), "标题 2")));
    assert_eq!(hint(13), Some(styled(13, Some(2), "标题 2")));
    let table: Vec<usize> = input
        .hints
        .iter()
        .filter(|h| h.in_table)
        .map(|h| h.line)
        .collect();
    assert_eq!(table, vec![15, 16, 17, 18]);
}

#[test]
fn docx_from_stdin_is_sniffed() {
    let input = ingest::read_reader("-", Cursor::new(report_docx()), &opts()).unwrap();
    assert_eq!(input.format, Format::Docx);
    assert_eq!(input.path, "-");
    assert!(input.text.starts_with("临川县农业农村局2023年工作总结\n"));
}

fn is_err<T: std::fmt::Debug>(r: Result<T, Error>, want: impl Fn(&Error) -> bool) -> Error {
    let e = r.expect_err("expected an error");
    assert!(want(&e), "unexpected error: {e:?}");
    e
}

#[test]
fn empty_binary_and_truncated_inputs() {
    let e = is_err(ingest::from_bytes("空白.txt", b"", &opts()), |e| {
        matches!(e, Error::Empty { .. })
    });
    assert!(e.to_string().contains("文件为空"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    is_err(ingest::from_bytes("图.txt", png, &opts()), |e| {
        matches!(e, Error::Binary { .. })
    });
    is_err(ingest::from_bytes("-", png, &opts()), |e| {
        matches!(e, Error::Binary { .. })
    });
    // Random bytes without a single NUL (compressed or encrypted data) are binary too.
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            ((x >> 16) as u8).max(1)
        })
        .collect();
    is_err(ingest::from_bytes("噪声.txt", &noise, &opts()), |e| {
        matches!(e, Error::Binary { .. })
    });
    is_err(ingest::from_bytes("-", &noise[..100], &opts()), |e| {
        matches!(e, Error::Binary { .. })
    });
    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0";
    is_err(ingest::from_bytes("旧.doc", ole, &opts()), |e| {
        matches!(e, Error::Unsupported { .. })
    });
    // A truncated multi-byte sequence at the very end: still UTF-8, with a warning.
    let mut b = "二、下一步工作打算\n持续推进".as_bytes().to_vec();
    b.extend_from_slice(&"改".as_bytes()[..2]);
    let input = ingest::from_bytes("截断.txt", &b, &opts()).unwrap();
    assert_eq!(input.encoding, "UTF-8");
    assert_eq!(input.text, "二、下一步工作打算\n持续推进\u{FFFD}");
    assert_eq!(input.warnings.len(), 1);
}

#[test]
fn docx_that_is_not_a_zip() {
    let e = is_err(
        ingest::from_bytes("报告.docx", "这其实是一个文本文件".as_bytes(), &opts()),
        |e| matches!(e, Error::Docx { .. }),
    );
    assert!(e.to_string().contains("zip"));
    // A zip without word/document.xml.
    let z = zip_of(&[("readme.txt", b"hello")]);
    let e = is_err(ingest::from_bytes("报告.docx", &z, &opts()), |e| {
        matches!(e, Error::Docx { .. })
    });
    assert!(e.to_string().contains("word/document.xml"));
    // A truncated zip.
    let full = report_docx();
    is_err(
        ingest::from_bytes("报告.docx", &full[..full.len() / 2], &opts()),
        |e| matches!(e, Error::Docx { .. }),
    );
}

#[test]
fn zip_bomb_is_refused_quickly() {
    // 200 MB of one byte compresses to about 200 KB.
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file("word/document.xml", o).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..200 {
        z.write_all(&chunk).unwrap();
    }
    let bomb = z.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20, "compressed to {}", bomb.len());
    let t = Instant::now();
    let e = is_err(ingest::from_bytes("炸弹.docx", &bomb, &opts()), |e| {
        matches!(e, Error::Limit { .. })
    });
    assert!(e.to_string().contains("压缩"), "{e}");
    // Stopped long before inflating 200 MB (ratio limit).
    assert!(t.elapsed().as_secs() < 20);
}

#[test]
fn too_many_zip_entries() {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("word/document.xml", o).unwrap();
    z.write_all(document(&para("", &run("正文"))).as_bytes())
        .unwrap();
    for i in 0..limits::MAX_DOCX_ENTRIES {
        z.start_file(format!("word/media/{i}.bin"), o).unwrap();
    }
    let many = z.finish().unwrap().into_inner();
    let e = is_err(ingest::from_bytes("多.docx", &many, &opts()), |e| {
        matches!(e, Error::Docx { .. })
    });
    assert!(e.to_string().contains("条目过多"), "{e}");
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut dtd = String::from("<!DOCTYPE w:document [<!ENTITY lol \"lol\">");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd += &format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10));
    }
    dtd += "]>";
    let xml = format!(
        "<?xml version=\"1.0\"?>{dtd}<w:document {W}><w:body>{}{}</w:body></w:document>",
        para("", &run("笑声：&lol9;")),
        para("", &run("正文照常读取"))
    );
    let z = zip_of(&[("word/document.xml", xml.as_bytes())]);
    let input = ingest::from_bytes("笑.docx", &z, &opts()).unwrap();
    assert_eq!(input.text, "笑声：&lol9;\n正文照常读取\n");
    assert!(input.warnings.iter().any(|w| w.contains("实体")));
}

#[test]
fn deeply_nested_xml_and_html_are_bounded() {
    let n = 100_000;
    let xml = format!(
        "<w:document {W}><w:body>{}{}{}</w:body></w:document>",
        "<w:sdt><w:sdtContent>".repeat(n),
        para("", &run("深处")),
        "</w:sdtContent></w:sdt>".repeat(n)
    );
    let z = zip_of(&[("word/document.xml", xml.as_bytes())]);
    let e = is_err(ingest::from_bytes("深.docx", &z, &opts()), |e| {
        matches!(e, Error::Limit { .. })
    });
    assert!(e.to_string().contains("嵌套"));

    let html = format!(
        "<html><body>{}深处{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let t = Instant::now();
    let e = is_err(
        ingest::from_bytes("深.html", html.as_bytes(), &opts()),
        |e| matches!(e, Error::Limit { .. }),
    );
    assert!(e.to_string().contains("嵌套"));
    assert!(t.elapsed().as_secs() < 10);
    // A page over 64 MiB is refused before parsing.
    let mut big = b"<html><body><p>".to_vec();
    big.resize(limits::MAX_HTML_BYTES as usize + 1, b'x');
    is_err(ingest::from_bytes("大.html", &big, &opts()), |e| {
        matches!(e, Error::TooLarge { .. })
    });
    // Unclosed formatting tags are html5ever's to bound: read, not refused.
    let html = format!(
        "<html><body><p>{}加粗的正文</p></body></html>",
        "<b>".repeat(n)
    );
    let input = ingest::from_bytes("粗.html", html.as_bytes(), &opts()).unwrap();
    assert_eq!(input.text, "加粗的正文\n");
}

#[test]
fn one_gigabyte_file_is_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("巨大.txt");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(1 << 30).unwrap(); // sparse: no disk used, nothing read
    let t = Instant::now();
    let e = is_err(ingest::read_file(&path, &opts()), |e| {
        matches!(e, Error::TooLarge { .. })
    });
    assert!(t.elapsed().as_millis() < 2000);
    assert!(e.to_string().contains("过大"));
    // Through a reader (stdin) the cap holds too, reading at most limit + 1 bytes.
    let endless = std::io::repeat(b'x').take_limit(limits::MAX_FILE_BYTES + 10);
    is_err(ingest::read_reader("-", endless, &opts()), |e| {
        matches!(e, Error::TooLarge { .. })
    });
}

trait TakeLimit: std::io::Read + Sized {
    fn take_limit(self, n: u64) -> std::io::Take<Self> {
        std::io::Read::take(self, n)
    }
}
impl<R: std::io::Read> TakeLimit for R {}

#[test]
fn html_page_visible_text() {
    let page = r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>某市政府门户网站</title>
<style>.nav{color:red}</style><script>window.stat = "统计代码";</script></head>
<body>
<div class="nav" style="display: none">首页 | 政务公开 | 办事服务</div>
<article>
  <h1>东平市发展和改革委员会2023年工作总结</h1>
  <p>2023年，市发展改革委坚持稳中求进工作总基调，&nbsp;全力推动经济
     高质量发展。</p>
  <h2>一、主要工作成效</h2>
  <p>（一）<strong>项目建设</strong>提速增效。全年实施重点项目<span>126</span>个，完成投资<em>318.5</em>亿元。</p>
  <table><tr><th>指标</th><th>完成值</th></tr><tr><td>固定资产投资增速</td><td>6.2%</td></tr></table>
  <h2>二、2024年工作打算</h2>
  <ul><li>加快推进重大项目前期工作；</li><li>持续优化营商环境。</li></ul>
  <noscript>请启用脚本</noscript><template><p>模板</p></template>
</article>
<footer>版权所有 &copy; 东平市人民政府<br>备案号：某ICP备00000000号</footer>
</body></html>"#;
    let input = ingest::from_bytes("page.html", page.as_bytes(), &opts()).unwrap();
    assert_eq!(input.format, Format::Html);
    let expected = "东平市发展和改革委员会2023年工作总结\n\
        2023年，市发展改革委坚持稳中求进工作总基调，\u{A0}全力推动经济 高质量发展。\n\
        一、主要工作成效\n\
        （一）项目建设提速增效。全年实施重点项目126个，完成投资318.5亿元。\n\
        指标\n完成值\n固定资产投资增速\n6.2%\n\
        二、2024年工作打算\n\
        加快推进重大项目前期工作；\n持续优化营商环境。\n\
        版权所有 © 东平市人民政府\n备案号：某ICP备00000000号\n";
    assert_eq!(input.text, expected);
    let levels: Vec<(usize, Option<u8>)> = input
        .hints
        .iter()
        .filter(|h| h.outline_level.is_some())
        .map(|h| (h.line, h.outline_level))
        .collect();
    assert_eq!(levels, vec![(3, Some(2)), (9, Some(2))]);
    // The page's only h1 is the article title.
    assert_eq!(input.hints[0].line, 1);
    assert_eq!(input.hints[0].style.as_deref(), Some("Title"));
    let table: Vec<usize> = input
        .hints
        .iter()
        .filter(|h| h.in_table)
        .map(|h| h.line)
        .collect();
    assert_eq!(table, vec![5, 6, 7, 8]);
    // Sniffed without an extension.
    assert_eq!(ingest::sniff(page.as_bytes()), Format::Html);
    // A page whose text is all drawn by scripts reads as empty, with a warning.
    let input = ingest::from_bytes(
        "空.html",
        b"<html><body><div id=app></div><script>render()</script></body></html>",
        &opts(),
    )
    .unwrap();
    assert_eq!(input.text, "");
    assert_eq!(input.warnings, ["没有读到任何文字 (no text found)"]);
}

#[test]
fn gb18030_text_and_utf16() {
    let text = "西山镇2023年工作总结\n一、主要成效\n全年新增市场主体312户，同比增长8.5%。\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let input = ingest::from_bytes("西山镇.txt", &gb, &opts()).unwrap();
    assert_eq!(
        (input.encoding.as_str(), input.text.as_str()),
        ("GB18030", text)
    );
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        text.replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let input = ingest::from_bytes("西山镇.txt", &le, &opts()).unwrap();
    assert_eq!(
        (input.encoding.as_str(), input.text.as_str()),
        ("UTF-16LE", text)
    );
}

#[test]
fn csv_dataset_picks_longest_column() {
    let csv = "province,year,title,source_url,publish_date,full_text\n\
        东海省,2026,东海省政府工作报告,https://example.org/a,2026-01-20,\"各位代表：\n一、2025年工作回顾\n全省地区生产总值增长5.1%。\"\n\
        南岭省,2026,南岭省政府工作报告,https://example.org/b,2026-01-22,\"各位代表：\n二、2026年主要目标\n城镇新增就业50万人以上。\"\n";
    let input = ingest::from_bytes("2026.csv", csv.as_bytes(), &opts()).unwrap();
    assert_eq!(input.format, Format::Csv);
    assert_eq!(input.records.len(), 2);
    for r in &input.records {
        assert!(input.text[r.start..r.end].starts_with("各位代表：\n"));
        assert!(!r.metadata.contains_key("full_text"));
    }
    assert_eq!(input.records[0].metadata["title"], "东海省政府工作报告");
    assert_eq!(input.records[1].metadata["publish_date"], "2026-01-22");
    // Excel in China saves CSV as GB18030 (GBK), with CRLF.
    let crlf = csv.replace('\n', "\r\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&crlf);
    let input = ingest::from_bytes("2026-gbk.csv", &gb, &opts()).unwrap();
    assert_eq!(input.encoding, "GB18030");
    assert_eq!(input.records.len(), 2);
    assert_eq!(input.records[0].metadata["province"], "东海省");
    let r = &input.records[1];
    assert_eq!(
        &input.text[r.start..r.end],
        "各位代表：\n二、2026年主要目标\n城镇新增就业50万人以上。"
    );
    // A header only: an empty dataset with a warning.
    let input = ingest::from_bytes("空.csv", b"province,reason\n", &opts()).unwrap();
    assert!(input.records.is_empty() && input.text.is_empty() && !input.warnings.is_empty());
}

#[test]
fn expand_paths_walks_sorted_known_visible_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("乙/丙")).unwrap();
    std::fs::create_dir_all(d.join(".git")).unwrap();
    for f in [
        "b.txt",
        "a.docx",
        "乙/c.md",
        "乙/丙/d.csv",
        "乙/image.png",
        ".hidden.txt",
        ".git/x.txt",
        "notes.xyz",
    ] {
        std::fs::write(d.join(f), "一、内容\n").unwrap();
    }
    let root = d.display().to_string();
    let got = ingest::expand_paths(&[
        root.clone(),
        "-".into(),
        d.join("notes.xyz").display().to_string(),
    ])
    .unwrap();
    let rel: Vec<String> = got
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).to_string())
        .collect();
    assert_eq!(
        rel,
        [
            "/a.docx",
            "/b.txt",
            "/乙/c.md",
            "/乙/丙/d.csv",
            "-",
            "/notes.xyz"
        ]
    );
    // An explicitly named file of unknown extension is sniffed as text.
    let input = ingest::read_file(&d.join("notes.xyz"), &opts()).unwrap();
    assert_eq!(input.format, Format::Text);
}

// ---- PDF (skips when pdftotext is not installed) ----

fn have_pdftotext() -> bool {
    std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok()
}

/// A minimal one-page PDF; `content` is the page's content stream (empty: no text).
fn tiny_pdf(content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len() + 1),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn pdf_text_layer_is_read() {
    if !have_pdftotext() {
        eprintln!("pdftotext not installed: skipped");
        return;
    }
    let pdf = tiny_pdf("BT /F1 14 Tf 72 760 Td (Annual Work Report 2023) Tj 0 -20 Td (Output grew 6.5 percent.) Tj ET");
    let input = ingest::from_bytes("report.pdf", &pdf, &opts()).unwrap();
    assert_eq!(input.format, Format::Pdf);
    let lines: Vec<&str> = input
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines,
        ["Annual Work Report 2023", "Output grew 6.5 percent."]
    );
    // From stdin, sniffed by %PDF.
    let input = ingest::read_reader("-", Cursor::new(pdf), &opts()).unwrap();
    assert_eq!(input.format, Format::Pdf);
}

#[test]
fn pdf_without_text_is_a_clear_error() {
    if !have_pdftotext() {
        eprintln!("pdftotext not installed: skipped");
        return;
    }
    let pdf = tiny_pdf("0 0 1 rg 72 600 200 100 re f");
    let e = is_err(ingest::from_bytes("scan.pdf", &pdf, &opts()), |e| {
        matches!(e, Error::Pdf { .. })
    });
    assert!(e.to_string().contains("没有可用的文字层"), "{e}");
    // A damaged PDF: pdftotext fails, and we say so.
    let e = is_err(
        ingest::from_bytes("bad.pdf", b"%PDF-1.4\nnot really\n", &opts()),
        |e| matches!(e, Error::Pdf { .. }),
    );
    assert!(e.to_string().contains("PDF"));
}

#[test]
fn missing_pdftotext_says_how_to_install() {
    let o = IngestOptions {
        pdftotext: Some("/nonexistent/pdftotext".into()),
        ..opts()
    };
    let e = is_err(ingest::from_bytes("a.pdf", &tiny_pdf(""), &o), |e| {
        matches!(e, Error::Pdf { .. })
    });
    assert!(e.to_string().contains("poppler-utils"), "{e}");
}

// ---- properties ----

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048),
                                       ext in prop::sample::select(vec!["txt", "docx", "html", "csv", "jsonl", "bin", "md"])) {
            let name = format!("x.{ext}");
            if let Ok(input) = ingest::from_bytes(&name, &bytes, &IngestOptions::default()) {
                prop_assert!(!input.text.contains('\r'));
                for r in &input.records {
                    prop_assert!(input.text.is_char_boundary(r.start) && input.text.is_char_boundary(r.end));
                }
            }
        }

        #[test]
        fn prefixed_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..1024),
                                      head in prop::sample::select(vec![&b"PK\x03\x04"[..], b"%PDF-", b"<html>", b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"])) {
            let mut bytes = head.to_vec();
            bytes.extend_from_slice(&tail);
            let o = IngestOptions { pdftotext: Some("/nonexistent/pdftotext".into()), ..IngestOptions::default() };
            let _ = ingest::from_bytes("-", &bytes, &o);
        }

        /// Random (often malformed) WordprocessingML: never a panic, and when it reads,
        /// the hints point at real lines.
        #[test]
        fn random_docx_xml_never_panics(tokens in proptest::collection::vec(0usize..24, 0..200)) {
            const PIECES: [&str; 24] = [
                "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "一、工作", "&amp;", "&bogus;",
                "<w:tab/>", "<w:br/>", "<w:pPr>", "</w:pPr>", "<w:pStyle w:val=\"1\"/>",
                "<w:numPr><w:ilvl w:val=\"9\"/><w:numId w:val=\"1\"/></w:numPr>", "<w:tbl>", "</w:tbl>",
                "<w:tc>", "</w:tc>", "<w:del>", "</w:del>", "<w:outlineLvl w:val=\"255\"/>", "\r\n", "<w:sym w:char=\"zz\"/>",
            ];
            let body: String = tokens.iter().map(|&i| PIECES[i]).collect();
            let xml = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
            let z = zip_of(&[
                ("word/document.xml", xml.as_bytes()),
                ("word/styles.xml", STYLES.as_bytes()),
                ("word/numbering.xml", NUMBERING.as_bytes()),
            ]);
            if let Ok(input) = ingest::from_bytes("r.docx", &z, &IngestOptions::default()) {
                let lines = input.text.lines().count();
                prop_assert!(!input.text.contains('\r'));
                for h in &input.hints {
                    prop_assert!(h.line >= 1 && h.line <= lines.max(1), "hint {} of {} lines", h.line, lines);
                }
            }
        }

        /// A real .docx with bytes overwritten or cut: an error or a text, never a panic.
        #[test]
        fn damaged_docx_never_panics(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..20),
                                     cut in any::<prop::sample::Index>()) {
            let mut bytes = report_docx();
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let keep = bytes.len() / 2 + cut.index(bytes.len() / 2 + 1);
            bytes.truncate(keep);
            let _ = ingest::from_bytes("d.docx", &bytes, &IngestOptions::default());
        }

        /// Random HTML tag soup: never a panic; text has no blank lines.
        #[test]
        fn random_html_never_panics(tokens in proptest::collection::vec(0usize..16, 0..300)) {
            const PIECES: [&str; 16] = [
                "<div>", "</div>", "<p>", "</p>", "<h2>", "</h2>", "<table><tr><td>", "</td></tr></table>",
                "<script>", "</script>", "二、计划", " \n ", "<br>", "&nbsp;&lt;", "<b>", "<pre>",
            ];
            let page: String = tokens.iter().map(|&i| PIECES[i]).collect();
            if let Ok(input) = ingest::from_bytes("r.html", page.as_bytes(), &IngestOptions::default()) {
                prop_assert!(!input.text.contains("\n\n"));
                let lines = input.text.lines().count();
                for h in &input.hints {
                    prop_assert!(h.line >= 1 && h.line <= lines);
                }
            }
        }

        #[test]
        fn utf8_text_round_trips(text in "[\\PC\n]{1,300}") {
            prop_assume!(ingest::sniff(text.as_bytes()) == Format::Text);
            let input = ingest::from_bytes("t.txt", text.as_bytes(), &IngestOptions::default()).unwrap();
            prop_assert_eq!(input.encoding.as_str(), "UTF-8");
            prop_assert_eq!(input.text, text);
        }

        #[test]
        fn gb18030_chinese_round_trips(text in "[一二三四五六七八九十年月日工作总结计划全面推进经济社会发展城乡建设项目资金亿元万人增长完成落实加强，。、；：（）《》“”0-9a-zA-Z%\n]{4,300}") {
            let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
            prop_assume!(std::str::from_utf8(&bytes).is_err()); // pure ASCII is UTF-8
            let input = ingest::from_bytes("t.txt", &bytes, &IngestOptions::default()).unwrap();
            prop_assert_eq!(input.encoding.as_str(), "GB18030");
            prop_assert_eq!(input.text, text);
        }
    }
}

#[test]
fn limits_are_documented() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/LIMITS.md"))
            .unwrap();
    for needle in ["256 MiB", "64 MiB", "200", "512", "10 000", "60 s", "2 000"] {
        assert!(doc.contains(needle), "docs/LIMITS.md lacks {needle}");
    }
}

/// Regression (found by `random_docx_xml_never_panics`): `w:outlineLvl w:val="255"`
/// overflowed `u8` when turned into a 1-based level.
#[test]
fn outline_level_255_is_body_text() {
    let xml = document(&para("<w:outlineLvl w:val=\"255\"/>", &run("正文段落")));
    let z = zip_of(&[("word/document.xml", xml.as_bytes())]);
    let input = ingest::from_bytes("r.docx", &z, &opts()).unwrap();
    assert_eq!(input.text, "正文段落\n");
    assert!(input.hints.is_empty());
}

/// A numbering level text or style name repeated on every paragraph is capped, so a
/// small .docx cannot turn into a huge text.
#[test]
fn numbering_amplification_is_capped() {
    let long = "很长的编号".repeat(20_000);
    let numbering = format!(
        "<w:numbering {W}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1{long}\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    );
    let body = para(&num(1, 0), &run("事项")).repeat(2000);
    let z = zip_of(&[
        ("word/document.xml", document(&body).as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
    ]);
    let input = ingest::from_bytes("放大.docx", &z, &opts()).unwrap();
    assert_eq!(input.text.lines().count(), 2000);
    assert!(input.text.starts_with("1很长的编号很长的编号"));
    assert!(input.text.len() < 2000 * 300, "{} bytes", input.text.len());
}

/// Column names are copied into every record: a wide CSV of tiny cells hits the
/// metadata budget (an error) instead of multiplying the input in memory.
#[test]
fn dataset_metadata_amplification_is_bounded() {
    let cols = 1000;
    let mut csv: String = (0..cols)
        .map(|i| format!("{}{i:04}", "列".repeat(60)))
        .collect::<Vec<_>>()
        .join(",");
    csv.push_str(",正文\n");
    let row = format!("{}正文内容\n", "a,".repeat(cols));
    csv.push_str(&row.repeat(2500));
    assert!(csv.len() < 8 << 20);
    let t = Instant::now();
    let e = is_err(
        ingest::from_bytes("宽表.csv", csv.as_bytes(), &opts()),
        |e| matches!(e, Error::Limit { .. }),
    );
    assert!(e.to_string().contains("元数据"), "{e}");
    assert!(t.elapsed().as_secs() < 30);
    // Past 1000 columns the rest is ignored, with a warning.
    let header: String = (0..1005)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let line: String = (0..1005)
        .map(|i| {
            if i == 1004 {
                "很长的正文内容".to_string()
            } else {
                "1".into()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    let input = ingest::from_bytes(
        "更宽.csv",
        format!("{header}\n{line}\n").as_bytes(),
        &opts(),
    )
    .unwrap();
    assert!(input.warnings.iter().any(|w| w.contains("列数超过")));
    assert_eq!(input.records[0].metadata.len(), 999);
}
