//! .docx: `zip` + streaming `quick-xml` over `word/document.xml`, with `styles.xml`
//! (style names, outline levels, style numbering) and `numbering.xml` (auto-numbers).
//!
//! Output: one line per `w:p` in document order. Table cell paragraphs are included
//! (hint `in_table`); text boxes come out as their own lines before the paragraph that
//! anchors them. Inside a paragraph `w:tab` is a tab and `w:br`/`w:cr` a line break.
//! Deleted text (`w:del`, `w:moveFrom`), field instructions (`w:instrText`), hidden runs
//! (`w:vanish`), revision history (`w:pPrChange`…) and the `mc:Fallback` copy of
//! alternate content are skipped; inserted text (`w:ins`) and field results are kept.
//! `w:sym` gives its character unless it is a symbol-font private-use code.
//!
//! Auto-numbered paragraphs (`w:numPr`, directly or through their style) get their
//! visible number rendered from `numbering.xml` (`lvlText` such as `%1、` with `numFmt`
//! decimal, chineseCounting, chineseCountingThousand, ideographTraditional,
//! decimalEnclosedCircle, upper/lowerLetter, upper/lowerRoman…), counted per abstract
//! definition and level as Word does (`w:num`s sharing a definition continue each
//! other; a `w:startOverride` restarts), so the outline sees `一、…` as the reader does.
//! The number is followed by nothing when it ends in punctuation (`一、`), else by one
//! space (`1 `, where Word shows a tab).
//!
//! Hints: the style name as written in styles.xml (`heading 1`, `标题 1`, `Title`), and
//! an outline level 1..=9 from a direct `w:outlineLvl`, the style's (following
//! `w:basedOn`) or a `heading N` / `标题 N` style name.
//!
//! Safety: only stored and deflated entries, at most [`MAX_DOCX_ENTRIES`], each XML
//! part inflated through `take` up to [`MAX_XML_PART_BYTES`] and
//! [`MAX_COMPRESSION_RATIO`] (zip headers are not trusted), element depth at most
//! [`MAX_XML_DEPTH`]. DTDs are ignored and entities never expanded: a reference to an
//! undeclared entity (billion laughs' `&lol9;`) stays literal text.

use super::encoding;
use super::limits::{
    human, MAX_COMPRESSION_RATIO, MAX_DECODED_BYTES, MAX_DOCX_ENTRIES, MAX_XML_DEPTH,
    MAX_XML_PART_BYTES, RATIO_FLOOR_BYTES,
};
use crate::error::Error;
use crate::model::{Format, Input, LineHint};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// A zip whose entries include `word/document.xml` (reads only the central directory).
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    if entry_count_check(bytes).is_err() {
        return false;
    }
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z.index_for_name("word/document.xml").is_some(),
        Err(_) => false,
    }
}

/// Check the entry count in the end-of-central-directory record *before* the zip crate
/// reads (and allocates for) the whole central directory. Zip64 archives (more than
/// 65 535 entries or 4 GiB) are refused: no real .docx needs them.
fn entry_count_check(bytes: &[u8]) -> Result<(), String> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let Some(pos) = memchr::memmem::rfind(&bytes[tail_start..], b"PK\x05\x06") else {
        return Ok(()); // not a zip: the zip crate says so
    };
    let eocd = &bytes[tail_start + pos..];
    if eocd.len() < 22 {
        return Ok(());
    }
    let entries = u16::from_le_bytes([eocd[10], eocd[11]]) as usize;
    let cd_size = u32::from_le_bytes([eocd[12], eocd[13], eocd[14], eocd[15]]);
    if entries == 0xFFFF || cd_size == 0xFFFF_FFFF {
        return Err("zip64 压缩包，不是常规的 Word 文档 (zip64 archive refused)".into());
    }
    if entries > MAX_DOCX_ENTRIES {
        return Err(format!(
            "压缩包条目过多（{entries} 个，上限 {MAX_DOCX_ENTRIES}）(too many entries)"
        ));
    }
    Ok(())
}

/// Read a .docx.
pub fn read(name: &str, bytes: &[u8]) -> Result<Input, Error> {
    let docx_err = |detail: String| Error::Docx {
        path: name.to_string(),
        detail,
    };
    entry_count_check(bytes).map_err(docx_err)?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| docx_err(format!("不是有效的 zip 压缩包（{e}）(not a zip archive)")))?;
    if zip.len() > MAX_DOCX_ENTRIES {
        return Err(docx_err(format!(
            "压缩包条目过多（{} 个，上限 {MAX_DOCX_ENTRIES}）(too many entries)",
            zip.len()
        )));
    }
    let document = read_part(name, &mut zip, "word/document.xml")?.ok_or_else(|| {
        docx_err("缺少 word/document.xml，不是 Word 文档 (no word/document.xml)".into())
    })?;
    let styles = match read_part(name, &mut zip, "word/styles.xml")? {
        Some(xml) => parse_styles(name, &xml)?,
        None => Styles::default(),
    };
    let numbering = match read_part(name, &mut zip, "word/numbering.xml")? {
        Some(xml) => parse_numbering(name, &xml)?,
        None => Numbering::default(),
    };
    let mut warnings = Vec::new();
    let body = parse_document(name, &document, &styles, &numbering, &mut warnings)?;
    Ok(Input {
        path: name.to_string(),
        format: Format::Docx,
        encoding: "UTF-8".into(),
        text: body.text,
        hints: body.hints,
        records: vec![],
        warnings,
    })
}

/// Inflate one part with the size and ratio limits; `None` when absent.
fn read_part(
    name: &str,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
) -> Result<Option<String>, Error> {
    let docx_err = |detail: String| Error::Docx {
        path: name.to_string(),
        detail,
    };
    let limit_err = |detail: String| Error::Limit {
        path: name.to_string(),
        detail,
    };
    let Some(index) = zip.index_for_name(part) else {
        return Ok(None);
    };
    let file = zip
        .by_index(index)
        .map_err(|e| docx_err(format!("无法打开 {part}：{e}")))?;
    match file.compression() {
        zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated => {}
        other => {
            return Err(docx_err(format!(
                "{part} 使用不支持的压缩方式 {other:?} (unsupported compression)"
            )))
        }
    }
    let compressed = file.compressed_size().max(1);
    // Never trust the header's size: inflate through `take` and count.
    let mut buf = Vec::new();
    let mut limited = file.take(MAX_XML_PART_BYTES + 1);
    let mut chunk = [0u8; 64 * 1024];
    loop {
        let n = limited
            .read(&mut chunk)
            .map_err(|e| docx_err(format!("{part} 解压失败：{e} (inflate failed)")))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let len = buf.len() as u64;
        if len > MAX_XML_PART_BYTES {
            return Err(limit_err(format!(
                "{part} 解压后超过 {}（疑似压缩炸弹）(zip bomb: part too large)",
                human(MAX_XML_PART_BYTES)
            )));
        }
        if len > RATIO_FLOOR_BYTES && len / compressed > MAX_COMPRESSION_RATIO {
            return Err(limit_err(format!(
                "{part} 压缩比超过 {MAX_COMPRESSION_RATIO}:1（疑似压缩炸弹）(zip bomb: compression ratio)"
            )));
        }
    }
    let decoded = if buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]) {
        encoding::decode(&buf)
            .map_err(|_| docx_err(format!("{part} 不是文本 (binary part)")))?
            .text
    } else {
        encoding::decode_utf8_lossy(&buf).text
    };
    Ok(Some(decoded))
}

/// A paragraph style (or the default paragraph properties).
#[derive(Debug, Clone, Default)]
struct Style {
    name: Option<String>,
    based_on: Option<String>,
    outline_lvl: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

impl Styles {
    /// Walk the basedOn chain (bounded, loops tolerated) and return the first value
    /// `get` finds.
    fn inherited<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut cur = Some(id.to_string());
        for _ in 0..32 {
            let style = self.by_id.get(cur.as_deref()?)?;
            if let Some(v) = get(style) {
                return Some(v);
            }
            cur = style.based_on.clone();
        }
        None
    }

    /// Outline level 1..=9 of a style: `w:outlineLvl` (0-based, 9 = body) or the name.
    fn outline_level(&self, id: &str) -> Option<u8> {
        if let Some(lvl) = self.inherited(id, |s| s.outline_lvl) {
            return (lvl < 9).then(|| lvl + 1);
        }
        let name = self
            .by_id
            .get(id)
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| id.to_string());
        level_from_style_name(&name)
    }
}

/// `heading 1`, `Heading 2`, `标题 3`, `标题3` → the level.
fn level_from_style_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// The `w:val` (or any `*:val`) attribute.
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    for a in e.attributes().flatten() {
        if a.key.as_ref() == key || a.key.local_name().as_ref() == key {
            return a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned());
        }
    }
    None
}

fn val(e: &BytesStart) -> Option<String> {
    attr(e, "w:val")
}

/// Events of an XML part with depth checking; DTDs and unknown entities are harmless.
struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    depth: usize,
    path: &'a str,
    part: &'static str,
}

impl<'a> Xml<'a> {
    fn new(path: &'a str, part: &'static str, xml: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_str(xml);
        let cfg = reader.config_mut();
        cfg.check_end_names = false;
        cfg.allow_unmatched_ends = true;
        cfg.allow_dangling_amp = true;
        Xml {
            reader,
            depth: 0,
            path,
            part,
        }
    }

    /// The next event; `None` at the end. Start/End keep `self.depth`.
    fn next(&mut self) -> Result<Option<Event<'a>>, Error> {
        let ev = self.reader.read_event().map_err(|e| Error::Docx {
            path: self.path.to_string(),
            detail: format!("{} 不是有效的 XML：{e} (malformed XML)", self.part),
        })?;
        match &ev {
            Event::Eof => return Ok(None),
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_XML_DEPTH {
                    return Err(Error::Limit {
                        path: self.path.to_string(),
                        detail: format!(
                            "{} 的 XML 嵌套超过 {MAX_XML_DEPTH} 层 (XML nested too deep)",
                            self.part
                        ),
                    });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(Some(ev))
    }
}

fn parse_styles(path: &str, xml: &str) -> Result<Styles, Error> {
    let mut x = Xml::new(path, "word/styles.xml", xml);
    let mut styles = Styles::default();
    let mut cur: Option<(String, Style)> = None;
    while let Some(ev) = x.next()? {
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:style" => {
                    if let Some(id) = attr(&e, "w:styleId") {
                        cur = Some((id, Style::default()));
                    }
                }
                "w:name" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.name = val(&e).map(|v| cap(v, MAX_NAME_CHARS));
                    }
                }
                "w:basedOn" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.based_on = val(&e);
                    }
                }
                "w:outlineLvl" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.outline_lvl = val(&e).and_then(|v| v.parse().ok());
                    }
                }
                "w:numId" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.num_id = val(&e);
                    }
                }
                "w:ilvl" => {
                    if let Some((_, s)) = cur.as_mut() {
                        s.ilvl = val(&e).and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "w:style" => {
                if let Some((id, s)) = cur.take() {
                    styles.by_id.insert(id, s);
                }
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// One level of an abstract numbering definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
    suffix: String,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            fmt: "decimal".into(),
            text: String::new(),
            suffix: "tab".into(),
        }
    }
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels by ilvl.
    abstract_levels: HashMap<String, HashMap<u8, Level>>,
    /// numId → (abstractNumId, start overrides by ilvl).
    nums: HashMap<String, (String, HashMap<u8, u32>)>,
}

fn parse_numbering(path: &str, xml: &str) -> Result<Numbering, Error> {
    let mut x = Xml::new(path, "word/numbering.xml", xml);
    let mut n = Numbering::default();
    let mut abs: Option<String> = None;
    let mut lvl: Option<(u8, Level)> = None;
    let mut num: Option<String> = None;
    let mut override_lvl: Option<u8> = None;
    while let Some(ev) = x.next()? {
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:abstractNum" => abs = attr(&e, "w:abstractNumId"),
                "w:lvl" if abs.is_some() => {
                    let ilvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((ilvl, Level::default()));
                }
                "w:start" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.start = val(&e).and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "w:numFmt" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.fmt = val(&e).unwrap_or_default();
                    }
                }
                "w:lvlText" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.text = cap(val(&e).unwrap_or_default(), MAX_NAME_CHARS);
                    }
                }
                "w:suff" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.suffix = val(&e).unwrap_or_default();
                    }
                }
                "w:num" => num = attr(&e, "w:numId"),
                "w:abstractNumId" => {
                    if let (Some(id), Some(a)) = (num.as_ref(), val(&e)) {
                        n.nums.insert(id.clone(), (a, HashMap::new()));
                    }
                }
                "w:lvlOverride" => override_lvl = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()),
                "w:startOverride" => {
                    if let (Some(id), Some(l), Some(s)) = (
                        num.as_ref(),
                        override_lvl,
                        val(&e).and_then(|v| v.parse().ok()),
                    ) {
                        if let Some((_, o)) = n.nums.get_mut(id) {
                            o.insert(l, s);
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:lvl" => {
                    if let (Some(a), Some((i, l))) = (abs.as_ref(), lvl.take()) {
                        n.abstract_levels.entry(a.clone()).or_default().insert(i, l);
                    }
                }
                "w:abstractNum" => abs = None,
                "w:num" => num = None,
                _ => {}
            },
            _ => {}
        }
    }
    Ok(n)
}

/// Counts auto-numbers while the document is read.
#[derive(Default)]
struct Counters {
    /// abstractNumId → counter per level (index = ilvl). Word counts per abstract
    /// definition: `w:num`s sharing one continue each other's numbers, unless a
    /// `w:startOverride` restarts a level (that is how Word writes "restart at 1").
    by_abstract: HashMap<String, [Option<u32>; 9]>,
    /// numIds already used (their start overrides apply once, at first use).
    seen: std::collections::HashSet<String>,
}

impl Counters {
    /// The visible number of a paragraph numbered `num_id`/`ilvl`, advancing counters.
    fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: u8) -> Option<String> {
        if num_id == "0" {
            return None; // numbering removed
        }
        let (abs_id, overrides) = numbering.nums.get(num_id)?;
        let levels = numbering.abstract_levels.get(abs_id)?;
        let ilvl = ilvl.min(8);
        let level = levels.get(&ilvl)?;
        let counters = self.by_abstract.entry(abs_id.clone()).or_default();
        if self.seen.insert(num_id.to_string()) {
            if let Some(&first) = overrides.keys().min() {
                for c in counters.iter_mut().skip(first as usize) {
                    *c = None;
                }
            }
        }
        let start_of = |l: u8| {
            overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|x| x.start))
                .unwrap_or(1)
        };
        let i = ilvl as usize;
        counters[i] = Some(match counters[i] {
            Some(c) => c.saturating_add(1),
            None => start_of(ilvl),
        });
        for c in counters.iter_mut().skip(i + 1) {
            *c = None;
        }
        if level.fmt == "none" {
            return Some(String::new());
        }
        // Replace %1…%9 by the formatted counters of those levels.
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    if (1..=9).contains(&d) {
                        let l = (d - 1) as u8;
                        let value = counters[l as usize].unwrap_or_else(|| start_of(l));
                        let fmt = levels.get(&l).map(|x| x.fmt.as_str()).unwrap_or("decimal");
                        out.push_str(&format_number(value, fmt));
                    }
                    continue;
                }
            }
            out.push(c);
        }
        if level.fmt == "bullet" {
            return Some(String::new()); // bullets carry no number for the outline
        }
        let ends_in_punct = out.chars().last().is_some_and(|c| !c.is_alphanumeric());
        match level.suffix.as_str() {
            "nothing" => {}
            "space" => out.push(' '),
            _ if ends_in_punct && !out.ends_with('.') => {}
            _ => out.push(' '),
        }
        Some(out)
    }
}

/// A number in a Word `numFmt`.
pub fn format_number(n: u32, fmt: &str) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "ideographDigital"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => {
            if fmt == "ideographDigital" {
                n.to_string()
                    .chars()
                    .map(|d| {
                        "〇一二三四五六七八九"
                            .chars()
                            .nth(d as usize - '0' as usize)
                            .unwrap_or(d)
                    })
                    .collect()
            } else {
                chinese_counting(n, fmt == "chineseLegalSimplified")
            }
        }
        "ideographTraditional" => {
            let stems = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
            stems[(n.saturating_sub(1) % 10) as usize].to_string()
        }
        "ideographZodiac" => {
            let b = [
                "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
            ];
            b[(n.saturating_sub(1) % 12) as usize].to_string()
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => char::from_u32(0x2474 + n - 1)
            .map(String::from)
            .unwrap_or_else(|| n.to_string()),
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => char::from_u32(0x2488 + n - 1)
            .map(String::from)
            .unwrap_or_else(|| n.to_string()),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + 0xFF10))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        // Letters repeat (aa, bbb…) and Roman numerals grow with n: past what Word
        // itself renders they fall back to digits, so a crafted `w:start` stays small.
        "upperLetter" | "lowerLetter" if n <= 780 => {
            let base = if fmt == "upperLetter" { b'A' } else { b'a' };
            let n = n.max(1) - 1;
            let letter = (base + (n % 26) as u8) as char;
            std::iter::repeat_n(letter, (n / 26) as usize + 1).collect()
        }
        "upperRoman" if n < 4000 => roman(n),
        "lowerRoman" if n < 4000 => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

/// 1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五.
fn chinese_counting(n: u32, legal: bool) -> String {
    let digits: Vec<char> = if legal {
        "零壹贰叁肆伍陆柒捌玖".chars().collect()
    } else {
        "〇一二三四五六七八九".chars().collect()
    };
    let units: Vec<char> = if legal {
        "拾佰仟".chars().collect()
    } else {
        "十百千".chars().collect()
    };
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        let place = 3 - i;
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        // 十一 not 一十一 when the number starts in the tens.
        if !(place == 1 && d == 1 && out.is_empty() && !legal) {
            out.push(digits[d as usize]);
        }
        if place > 0 {
            out.push(units[place - 1]);
        }
    }
    out
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The text and hints of the document body.
struct Body {
    text: String,
    hints: Vec<LineHint>,
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    outline_lvl: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    in_table: bool,
}

/// Elements whose whole subtree is skipped.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "w:del"
            | "w:moveFrom"
            | "w:instrText"
            | "w:delText"
            | "w:delInstrText"
            | "mc:Fallback"
            | "w:pPrChange"
            | "w:rPrChange"
            | "w:sectPrChange"
            | "w:tblPrChange"
            | "w:trPrChange"
            | "w:tcPrChange"
            | "w:numberingChange"
            | "w:sectPr"
            | "w:rPr"
    )
}

fn parse_document(
    path: &str,
    xml: &str,
    styles: &Styles,
    numbering: &Numbering,
    warnings: &mut Vec<String>,
) -> Result<Body, Error> {
    let mut x = Xml::new(path, "word/document.xml", xml);
    let mut out = Body {
        text: String::new(),
        hints: Vec::new(),
    };
    let mut line = 1usize;
    let mut counters = Counters::default();
    // Paragraphs nest (text boxes inside a run of a paragraph): a stack.
    let mut paras: Vec<Para> = Vec::new();
    let mut table_depth = 0usize;
    let mut skip_until: Option<usize> = None;
    let mut in_t = false;
    let mut in_ppr = false;
    let mut in_run = false;
    let mut run_hidden = false;
    let mut run_text_start = 0usize;
    let mut unknown_entities = 0usize;
    while let Some(ev) = x.next()? {
        if let Some(d) = skip_until {
            // Inside a skipped subtree: wait for its end.
            if matches!(ev, Event::End(_)) && x.depth < d {
                skip_until = None;
            }
            continue;
        }
        match ev {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if name == "w:rPr" && in_run {
                    // Run properties: only w:vanish matters; read them here.
                    let d = x.depth;
                    while let Some(ev) = x.next()? {
                        match ev {
                            Event::Start(p) | Event::Empty(p)
                                if p.name().as_ref() == "w:vanish" =>
                            {
                                run_hidden =
                                    !matches!(val(&p).as_deref(), Some("0" | "false" | "off"));
                            }
                            Event::End(_) if x.depth < d => break,
                            _ => {}
                        }
                    }
                    continue;
                }
                if skipped(name) {
                    skip_until = Some(x.depth);
                    continue;
                }
                match name {
                    "w:p" => paras.push(Para {
                        in_table: table_depth > 0,
                        ..Para::default()
                    }),
                    "w:tbl" => table_depth += 1,
                    "w:pPr" => in_ppr = true,
                    "w:r" => {
                        in_run = true;
                        run_hidden = false;
                        run_text_start = paras.last().map(|p| p.text.len()).unwrap_or(0);
                    }
                    "w:t" => in_t = true,
                    _ => para_prop(&e, in_ppr, paras.last_mut()),
                }
            }
            Event::Empty(e) => {
                let name = e.name();
                if name.as_ref() == "w:p" {
                    // `<w:p/>`: an empty paragraph is an empty line.
                    let p = Para {
                        in_table: table_depth > 0,
                        ..Para::default()
                    };
                    emit(&mut out, &mut line, p, styles, numbering, &mut counters);
                    check_size(path, &out)?;
                    continue;
                }
                if in_ppr {
                    para_prop(&e, in_ppr, paras.last_mut());
                    continue;
                }
                let Some(p) = paras.last_mut() else { continue };
                if !in_run || run_hidden {
                    continue;
                }
                match name.as_ref() {
                    "w:tab" | "w:ptab" => p.text.push('\t'),
                    "w:br" | "w:cr" => p.text.push('\n'),
                    "w:noBreakHyphen" => p.text.push('-'),
                    "w:sym" => {
                        if let Some(c) = attr(&e, "w:char")
                            .and_then(|h| u32::from_str_radix(&h, 16).ok())
                            .and_then(char::from_u32)
                            .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c))
                        {
                            p.text.push(c);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t && !run_hidden => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_t && !run_hidden => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_t && !run_hidden => {
                let Some(p) = paras.last_mut() else { continue };
                let name = r.xml10_content();
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    p.text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    p.text.push_str(s);
                } else {
                    // Never expand custom entities: keep the reference as written.
                    unknown_entities += 1;
                    p.text.push('&');
                    p.text.push_str(&name);
                    p.text.push(';');
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_t = false,
                "w:pPr" => in_ppr = false,
                "w:r" => {
                    in_run = false;
                    if run_hidden {
                        if let Some(p) = paras.last_mut() {
                            p.text.truncate(run_text_start.min(p.text.len()));
                        }
                    }
                    run_hidden = false;
                }
                "w:tbl" => table_depth = table_depth.saturating_sub(1),
                "w:p" => {
                    if let Some(p) = paras.pop() {
                        emit(&mut out, &mut line, p, styles, numbering, &mut counters);
                        check_size(path, &out)?;
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    // An unclosed paragraph at the end (truncated XML) still counts.
    while let Some(p) = paras.pop() {
        emit(&mut out, &mut line, p, styles, numbering, &mut counters);
    }
    if unknown_entities > 0 {
        warnings.push(format!(
            "word/document.xml 中有 {unknown_entities} 处未定义的实体引用，按原文保留，未展开 (undeclared entities kept literal)"
        ));
    }
    Ok(out)
}

/// Longest style name or `lvlText` kept (real ones are a few characters): a crafted
/// numbering definition repeated on every paragraph cannot blow up the text.
const MAX_NAME_CHARS: usize = 64;

fn cap(s: String, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => s[..i].to_string(),
        None => s,
    }
}

/// The text built so far stays under [`MAX_DECODED_BYTES`] (checked per paragraph).
fn check_size(path: &str, out: &Body) -> Result<(), Error> {
    if out.text.len() > MAX_DECODED_BYTES {
        return Err(Error::Limit {
            path: path.to_string(),
            detail: format!(
                "docx 文本超过 {} (text too large)",
                human(MAX_DECODED_BYTES as u64)
            ),
        });
    }
    Ok(())
}

/// Paragraph properties: style, outline level, numbering.
fn para_prop(e: &BytesStart, in_ppr: bool, p: Option<&mut Para>) {
    let (true, Some(p)) = (in_ppr, p) else { return };
    match e.name().as_ref() {
        "w:pStyle" => p.style = val(e),
        "w:outlineLvl" => p.outline_lvl = val(e).and_then(|v| v.parse().ok()),
        "w:numId" => p.num_id = val(e),
        "w:ilvl" => p.ilvl = val(e).and_then(|v| v.parse().ok()),
        _ => {}
    }
}

/// Append a finished paragraph as line(s), with its hint.
fn emit(
    out: &mut Body,
    line: &mut usize,
    p: Para,
    styles: &Styles,
    numbering: &Numbering,
    counters: &mut Counters,
) {
    let style_id = p.style.as_deref();
    let num_id = p
        .num_id
        .clone()
        .or_else(|| style_id.and_then(|s| styles.inherited(s, |x| x.num_id.clone())));
    let ilvl = p
        .ilvl
        .or_else(|| style_id.and_then(|s| styles.inherited(s, |x| x.ilvl)))
        .unwrap_or(0);
    let number = num_id.and_then(|id| counters.next(numbering, &id, ilvl));
    let outline_level = match p.outline_lvl {
        Some(l) => (l < 9).then(|| l + 1),
        None => style_id.and_then(|s| styles.outline_level(s)),
    };
    let style = style_id.map(|s| {
        styles
            .by_id
            .get(s)
            .and_then(|x| x.name.clone())
            .unwrap_or_else(|| s.to_string())
    });
    let mut text = number.unwrap_or_default();
    text.push_str(&p.text);
    let text = encoding::normalize_newlines(&text);
    if style.is_some() || outline_level.is_some() || p.in_table {
        out.hints.push(LineHint {
            line: *line,
            outline_level,
            style,
            in_table: p.in_table,
        });
        if p.in_table {
            // Every line of a table paragraph is in the table.
            for extra in 1..=text.matches('\n').count() {
                out.hints.push(LineHint {
                    line: *line + extra,
                    outline_level: None,
                    style: None,
                    in_table: true,
                });
            }
        }
    }
    *line += text.matches('\n').count() + 1;
    out.text.push_str(&text);
    out.text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 2, 10, 11, 20, 21, 100, 105, 110]
            .iter()
            .map(|&n| format_number(n, "chineseCounting"))
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "二",
                "十",
                "十一",
                "二十",
                "二十一",
                "一百",
                "一百零五",
                "一百一十"
            ]
        );
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        // Huge counters (a crafted w:start) stay short.
        assert_eq!(format_number(4_000_000_000, "upperLetter"), "4000000000");
        assert_eq!(format_number(4_000_000_000, "upperRoman"), "4000000000");
        assert_eq!(
            format_number(4_000_000_000, "chineseCounting"),
            "4000000000"
        );
    }

    #[test]
    fn style_names_give_levels() {
        assert_eq!(level_from_style_name("heading 2"), Some(2));
        assert_eq!(level_from_style_name("标题 1"), Some(1));
        assert_eq!(level_from_style_name("标题3"), Some(3));
        assert_eq!(level_from_style_name("Title"), None);
        assert_eq!(level_from_style_name("Normal"), None);
    }
}
