//! .html: the visible text, with block structure kept as lines, via `scraper`
//! (html5ever, the browsers' parsing algorithm, so broken markup parses as a browser
//! would).
//!
//! Skipped: `head` (with `title`), `script`, `style`, `noscript`, `template`, `svg`,
//! `iframe`, form controls, and elements with the `hidden` attribute or an inline
//! `display:none` / `visibility:hidden` style. Block elements (`p`, `div`, `li`,
//! `h1`–`h6`, `tr`, table cells, `section`, `article`, `br`…) start new lines; inside a
//! line whitespace is collapsed (except in `pre`, which keeps its lines). `h1`–`h6` give
//! an outline level hint (style `h1`…`h6`), except that a page's only `h1` is taken as
//! the article title: style `Title`, no level, like a docx `Title` paragraph. Entities
//! are decoded by the parser.
//!
//! Encoding: a BOM, else valid UTF-8, else the `<meta charset>` / `http-equiv`
//! declaration in the first 2 KiB, else [`encoding::decode`]'s detection.
//!
//! Nesting is bounded before parsing ([`estimated_depth`] ≤ [`MAX_HTML_DEPTH`], else
//! `Error::Limit`), and the tree is walked iteratively (no recursion).

use super::encoding::{self, Decoded};
use super::limits::{MAX_HTML_BYTES, MAX_HTML_DEPTH};
use crate::error::Error;
use crate::model::{Format, Input, LineHint};
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// `<!doctype html`, `<html`, `<head` or `<body` at the start (after a BOM/space), or
/// `<html` within the first KiB after an XML declaration or a comment.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower: Vec<u8> = head[start..]
        .iter()
        .map(|b| b.to_ascii_lowercase())
        .collect();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<head")
        || lower.starts_with(b"<body")
        // `<?xml …?>` or a comment first (XHTML, saved pages): an `<html` soon after.
        || ((lower.starts_with(b"<?xml") || lower.starts_with(b"<!--"))
            && memchr::memmem::find(&lower, b"<html").is_some())
}

/// The charset named by a `<meta>` in the first 2 KiB, if encoding_rs knows it.
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let pos = memchr::memmem::find(&lower, b"charset=")?;
    let rest = &head[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

fn decode_html(name: &str, bytes: &[u8]) -> Result<Decoded, Error> {
    if encoding_rs::Encoding::for_bom(bytes).is_some() || std::str::from_utf8(bytes).is_ok() {
        return encoding::decode(bytes).map_err(|_| Error::Binary {
            path: name.to_string(),
        });
    }
    if let Some(enc) = meta_charset(bytes) {
        let enc = if enc == encoding_rs::GBK || enc == encoding_rs::GB18030 {
            encoding_rs::GB18030
        } else {
            enc
        };
        if enc != encoding_rs::UTF_8 && enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE
        {
            let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
            let label = encoding::label_of(enc);
            let mut warnings = Vec::new();
            if had_errors {
                let n = cow.chars().filter(|&c| c == '\u{FFFD}').count();
                warnings.push(format!("按 {label} 解码时有 {n} 处无法识别的字节，已替换为 U+FFFD (undecodable bytes replaced)"));
            }
            return Ok(Decoded {
                text: encoding::normalize_newlines(&cow),
                encoding: label,
                warnings,
            });
        }
    }
    encoding::decode(bytes).map_err(|_| Error::Binary {
        path: name.to_string(),
    })
}

/// Read an HTML page.
pub fn read(name: &str, bytes: &[u8]) -> Result<Input, Error> {
    if bytes.len() as u64 > MAX_HTML_BYTES {
        return Err(Error::TooLarge {
            path: name.to_string(),
            size: bytes.len() as u64,
            limit: MAX_HTML_BYTES,
        });
    }
    let decoded = decode_html(name, bytes)?;
    let depth = estimated_depth(&decoded.text);
    if depth > MAX_HTML_DEPTH {
        return Err(Error::Limit {
            path: name.to_string(),
            detail: format!(
                "HTML 元素嵌套约 {depth} 层，超过上限 {MAX_HTML_DEPTH} 层 (HTML nested too deep)"
            ),
        });
    }
    let (text, hints) = visible_text(&decoded.text);
    Ok(Input {
        path: name.to_string(),
        format: Format::Html,
        encoding: decoded.encoding,
        text,
        hints,
        records: vec![],
        warnings: decoded.warnings,
    })
}

/// Elements that never nest in the estimate: void elements, elements whose end tag
/// may be omitted, and formatting elements (html5ever bounds those itself).
fn not_nesting(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "p"
            | "li"
            | "td"
            | "th"
            | "tr"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "html"
            | "head"
            | "body"
            | "a"
            | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// The deepest nesting of start/end tags, estimated with a linear scan before parsing.
///
/// html5ever checks the stack of open elements on many start tags, so a page of 100 000
/// nested `<div>`s would take quadratic time (42 s measured); pages nested deeper than
/// [`MAX_HTML_DEPTH`] are refused instead. Comments, raw-text elements (`script`,
/// `style`, `textarea`, `title`), self-closing tags and the elements of `not_nesting`
/// are not counted.
pub fn estimated_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut i, mut depth, mut max) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = match memchr::memmem::find(&b[i..], b"-->") {
                Some(e) => i + e + 3,
                None => b.len(),
            };
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = memchr::memchr(b'>', &b[name_start..]).map_or(b.len(), |e| name_start + e);
        let self_closing = end > 0 && b.get(end - 1) == Some(&b'/');
        i = (end + 1).min(b.len());
        if closing {
            if !not_nesting(&name) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "title" | "xmp"
        ) {
            // Skip to the matching end tag (compared without case, without copying).
            let mut j = i;
            i = loop {
                match memchr::memmem::find(&b[j..], b"</") {
                    Some(e) => {
                        let at = j + e + 2;
                        let cand = &b[at..(at + name.len()).min(b.len())];
                        if cand.eq_ignore_ascii_case(name.as_bytes()) {
                            break j + e;
                        }
                        j = at;
                    }
                    None => break b.len(),
                }
            };
            continue;
        }
        if !self_closing && !not_nesting(&name) {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "title"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "audio"
            | "video"
            | "canvas"
    )
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "address"
            | "hr"
            | "form"
            | "fieldset"
            | "legend"
            | "details"
            | "summary"
            | "center"
            | "body"
            | "html"
    )
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Lines being built, with whitespace collapsing.
struct Lines {
    text: String,
    hints: Vec<LineHint>,
    line: String,
    line_no: usize,
    level: Option<u8>,
    in_table: bool,
    pending_space: bool,
}

impl Lines {
    fn push_text(&mut self, s: &str, pre: bool) {
        if pre {
            for (i, part) in s.split('\n').enumerate() {
                if i > 0 {
                    self.flush();
                }
                self.line.push_str(part);
            }
            return;
        }
        for c in s.chars() {
            // U+3000 (ideographic space) is content in Chinese text; only ASCII/Latin
            // whitespace collapses.
            if c.is_whitespace() && c != '\u{3000}' && c != '\u{A0}' {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.line.is_empty() {
                    self.line.push(' ');
                }
                self.pending_space = false;
                self.line.push(c);
            }
        }
    }

    /// End the current line (if it has text).
    fn flush(&mut self) {
        self.pending_space = false;
        let trimmed = self.line.trim_end();
        if !trimmed.trim().is_empty() {
            if self.level.is_some() || self.in_table {
                self.hints.push(LineHint {
                    line: self.line_no,
                    outline_level: self.level,
                    style: self.level.map(|l| format!("h{l}")),
                    in_table: self.in_table,
                });
            }
            self.text.push_str(trimmed);
            self.text.push('\n');
            self.line_no += 1;
        }
        self.line.clear();
    }
}

/// Visible text of an HTML document and its heading hints.
pub fn visible_text(html: &str) -> (String, Vec<LineHint>) {
    let doc = Html::parse_document(html);
    let mut lines = Lines {
        text: String::new(),
        hints: Vec::new(),
        line: String::new(),
        line_no: 1,
        level: None,
        in_table: false,
        pending_space: false,
    };
    let mut depth = 0usize;
    let mut skip_depth: Option<usize> = None;
    let mut pre_depth = 0usize;
    let mut table_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if let Node::Element(el) = node.value() {
                    depth += 1;
                    if skip_depth.is_some() {
                        continue;
                    }
                    let tag = el.name();
                    if is_skipped(tag) || is_hidden(el) {
                        skip_depth = Some(depth);
                        continue;
                    }
                    if depth > MAX_HTML_DEPTH {
                        continue;
                    }
                    if tag == "br" {
                        lines.flush();
                    } else if is_block(tag) {
                        lines.flush();
                        if let Some(l) = heading_level(tag) {
                            lines.level = Some(l);
                        }
                    }
                    if tag == "pre" {
                        pre_depth += 1;
                    }
                    if tag == "table" {
                        table_depth += 1;
                        lines.in_table = true;
                    }
                } else if let Node::Text(t) = node.value() {
                    if skip_depth.is_none() {
                        lines.push_text(t, pre_depth > 0);
                    }
                }
            }
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let here = depth;
                    depth = depth.saturating_sub(1);
                    if let Some(d) = skip_depth {
                        if here == d {
                            skip_depth = None;
                        }
                        continue;
                    }
                    if here > MAX_HTML_DEPTH {
                        continue;
                    }
                    let tag = el.name();
                    if is_block(tag) {
                        lines.flush();
                        if heading_level(tag).is_some() {
                            lines.level = None;
                        }
                    }
                    if tag == "pre" {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if tag == "table" {
                        table_depth = table_depth.saturating_sub(1);
                        lines.in_table = table_depth > 0;
                    }
                }
            }
        }
    }
    lines.flush();
    let mut hints = lines.hints;
    // A page's only <h1> is the article's title (government sites put the report title
    // there and number its sections in the text), like a docx `Title` paragraph.
    let h1: Vec<usize> = (0..hints.len())
        .filter(|&i| hints[i].outline_level == Some(1))
        .collect();
    if let [only] = h1[..] {
        hints[only].outline_level = None;
        hints[only].style = Some("Title".into());
    }
    (lines.text, hints)
}

fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_scripts_vanish() {
        let html = "<!DOCTYPE html><html><head><title>标题栏</title><style>p{}</style></head><body>\
            <h1>某区审计局2023年工作总结</h1><script>var a=1;</script>\
            <p>今年以来，  我局\n坚持&ldquo;审计全覆盖&rdquo;。</p><div hidden>隐藏</div>\
            <ul><li>完成审计项目12个</li><li>查出问题资金<b>3.5</b>亿元</li></ul>第一行<br>第二行</body></html>";
        let (text, hints) = visible_text(html);
        assert_eq!(
            text,
            "某区审计局2023年工作总结\n今年以来， 我局 坚持\u{201C}审计全覆盖\u{201D}。\n完成审计项目12个\n查出问题资金3.5亿元\n第一行\n第二行\n"
        );
        // The only h1 is the title.
        assert_eq!(hints.len(), 1);
        assert_eq!((hints[0].line, hints[0].outline_level), (1, None));
        assert_eq!(hints[0].style.as_deref(), Some("Title"));
        // Two h1s are sections.
        let (_, hints) = visible_text("<h1>一、成效</h1><p>正文</p><h1>二、问题</h1>");
        let levels: Vec<_> = hints.iter().map(|h| (h.line, h.outline_level)).collect();
        assert_eq!(levels, [(1, Some(1)), (3, Some(1))]);
    }

    #[test]
    fn meta_charset_gbk() {
        let (body, _, _) = encoding_rs::GBK.encode("<html><head><meta charset=\"gbk\"></head><body><p>二、下一步工作打算</p></body></html>");
        let input = read("a.html", &body).unwrap();
        assert_eq!(input.encoding, "GB18030");
        assert_eq!(input.text, "二、下一步工作打算\n");
    }
}
