//! Scraped junk: paywall markers, advert lines, the 目录 block, web-page chrome.
//!
//! Everything found is *reported* as a [`Removed`] range of the raw text (kind
//! `paywall-marker`, `advert`, `toc`, `web-chrome`) and cut from the clean text; nothing
//! is dropped silently. The rules are conservative: a line is removed only on wording
//! that does not occur in real reports (see the word lists under `data/`).
//!
//! - A paywall marker `##word##` glued inside a sentence is cut alone, so
//!   "2023##paidbegin##年我局" reads "2023年我局"; a marker alone on its line goes with the
//!   line and its newline.
//! - An advert line holds a strong advert word (素材库, 代笔, 网盘…) and another one.
//! - The TOC block is a 目录 heading followed by "title<TAB>page" lines (also dot leaders
//!   or wide gaps before the page number); its titles are kept for splitting.
//! - Web chrome: runs of short chrome lines (下载 打印 全屏 收藏 【字号：…】, 来源：…,
//!   您的位置 > …) and the related-links footer (相关报道：…) at the end of a record.

use crate::model::{Record, Removed};
use crate::outline::{is_space, lines_of, nchars, Line};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::sync::LazyLock;

/// What the junk pass found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// In raw offsets, sorted by start, not overlapping. `line` is filled by the caller.
    pub removed: Vec<Removed>,
    /// The titles listed in the TOC (without page numbers), in order.
    pub toc_titles: Vec<String>,
    /// Raw offset of the end of the TOC block, if any.
    pub toc_end: Option<usize>,
}

struct AdvertWords {
    ac: AhoCorasick,
    strong: Vec<bool>,
}

static ADVERT: LazyLock<AdvertWords> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut strong = Vec::new();
    for l in include_str!("../../../../data/advert-words.txt").lines() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        if let Some((k, w)) = l.split_once('\t') {
            words.push(w.to_string());
            strong.push(k == "strong");
        }
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&words)
        .expect("advert word list builds");
    AdvertWords { ac, strong }
});

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chrome {
    Strong,
    Weak,
    Prefix,
    Label,
    Tail,
}

struct ChromeWords {
    exact: HashMap<&'static str, Chrome>,
    prefix: Vec<&'static str>,
    label: Vec<&'static str>,
    tail: Vec<&'static str>,
}

static CHROME: LazyLock<ChromeWords> = LazyLock::new(|| {
    let mut w = ChromeWords {
        exact: HashMap::new(),
        prefix: vec![],
        label: vec![],
        tail: vec![],
    };
    for l in include_str!("../../../../data/web-chrome.txt").lines() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let Some((k, t)) = l.split_once('\t') else {
            continue;
        };
        match k {
            "strong" => {
                w.exact.insert(t, Chrome::Strong);
            }
            "weak" => {
                w.exact.insert(t, Chrome::Weak);
            }
            "prefix" => w.prefix.push(t),
            "label" => w.label.push(t),
            "tail" => w.tail.push(t),
            _ => {}
        }
    }
    w
});

/// Find all junk of a raw text. `records` (dataset rows) bound the web-chrome footers.
pub(crate) fn find(raw: &str, records: &[Record]) -> Found {
    let lines = lines_of(raw);
    let mut found = Found::default();
    let mut removed: Vec<Removed> = Vec::new();

    paywall(raw, &lines, &mut removed);
    page_jumps(raw, &mut removed);
    adverts(raw, &lines, &mut removed);
    toc(raw, &lines, &mut removed, &mut found);
    chrome(raw, &lines, records, &mut removed);

    // Sort, and drop ranges contained in an earlier one (a marker inside a chrome run).
    removed.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<Removed> = Vec::with_capacity(removed.len());
    for r in removed {
        if let Some(last) = out.last() {
            if r.start < last.end {
                continue;
            }
        }
        out.push(r);
    }
    found.removed = out;
    found
}

fn make(raw: &str, kind: &str, start: usize, end: usize) -> Removed {
    let text = raw
        .get(start..end)
        .unwrap_or("")
        .trim_end_matches('\n')
        .to_string();
    Removed {
        kind: kind.to_string(),
        line: 0,
        start,
        end,
        text,
    }
}

/// The range of a whole line with its newline.
fn whole(raw: &str, l: &Line<'_>) -> (usize, usize) {
    (l.start, if l.end < raw.len() { l.end + 1 } else { l.end })
}

/// `##paidbegin##`, `##paidend##` and the like: `##` + 2..=24 ASCII letters/`_` + `##`.
fn paywall(raw: &str, lines: &[Line<'_>], out: &mut Vec<Removed>) {
    let b = raw.as_bytes();
    let it = memchr::memmem::find_iter(b, b"##");
    let mut skip_to = 0usize;
    for i in it {
        if i < skip_to {
            continue;
        }
        let mut j = i + 2;
        while j < b.len() && (b[j].is_ascii_alphabetic() || b[j] == b'_') && j - i - 2 <= 24 {
            j += 1;
        }
        let n = j - i - 2;
        if !(2..=24).contains(&n) || !b[j..].starts_with(b"##") {
            continue;
        }
        let (s, e) = (i, j + 2);
        skip_to = e;
        // Alone on its line: take the line.
        let li = lines.partition_point(|l| l.end < s);
        if let Some(l) = lines.get(li) {
            if l.tstart == s && l.tend() == e {
                let (ls, le) = whole(raw, l);
                out.push(make(raw, "paywall-marker", ls, le));
                continue;
            }
        }
        out.push(make(raw, "paywall-marker", s, e));
    }
}

/// A newspaper's page jump "（上接第1版）" / "（下转第2版）" scraped into the text: cut
/// alone (kind `other`), so the sentence around it reads whole.
fn page_jumps(raw: &str, out: &mut Vec<Removed>) {
    let b = raw.as_bytes();
    for needle in ["上接第", "下转第", "转第"] {
        for i in memchr::memmem::find_iter(b, needle.as_bytes()) {
            if needle == "转第" && raw[..i].ends_with('下') {
                continue;
            }
            let open = match raw[..i].chars().next_back() {
                Some(c @ ('（' | '(')) => c,
                _ => continue,
            };
            let s = i - open.len_utf8();
            let rest = &raw[i + needle.len()..];
            let digits: usize = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
                .take(3)
                .map(|c| c.len_utf8())
                .sum();
            let after = &rest[digits..];
            let close = if after.starts_with("版）") {
                "版）".len()
            } else if after.starts_with("版)") {
                "版)".len()
            } else {
                continue;
            };
            if digits == 0 {
                continue;
            }
            out.push(make(raw, "other", s, i + needle.len() + digits + close));
        }
    }
}

/// True when a line reads as an advert of a material website.
pub(crate) fn is_advert(text: &str) -> bool {
    if text.len() > 1200 {
        return false;
    }
    let a = &*ADVERT;
    let mut strong = 0;
    let mut seen: u64 = 0;
    for m in a.ac.find_iter(text) {
        let p = m.pattern().as_usize();
        if p < 64 {
            seen |= 1 << p;
        }
        if a.strong[p] {
            strong += 1;
        }
    }
    strong >= 1 && seen.count_ones() >= 2
}

fn adverts(raw: &str, lines: &[Line<'_>], out: &mut Vec<Removed>) {
    // One pass of the word automaton over the whole text, then per line.
    let a = &*ADVERT;
    let mut last_line = usize::MAX;
    for m in a.ac.find_iter(raw) {
        if !a.strong[m.pattern().as_usize()] {
            continue;
        }
        let li = lines.partition_point(|l| l.end < m.start());
        if li == last_line {
            continue;
        }
        last_line = li;
        if let Some(l) = lines.get(li) {
            if is_advert(l.text) {
                let (s, e) = whole(raw, l);
                out.push(make(raw, "advert", s, e));
            }
        }
    }
}

/// Split a TOC entry line into its title, if it ends with a page number after a tab,
/// dot leaders or a wide gap.
pub(crate) fn toc_entry(text: &str) -> Option<&str> {
    let body = text.trim_end_matches(|c: char| c.is_ascii_digit());
    if body.len() == text.len() || text.len() - body.len() > 4 {
        return None;
    }
    let title = body.trim_end_matches(|c: char| {
        c == '\t'
            || c == '.'
            || c == '…'
            || c == '·'
            || c == '-'
            || c == '—'
            || c == ' '
            || c == '\u{3000}'
    });
    let sep = &body[title.len()..];
    let ok = sep.contains('\t')
        || sep.contains("..")
        || sep.contains('…')
        || sep.contains("··")
        || sep.chars().filter(|c| is_space(*c)).count() >= 2;
    let t = title.trim_matches(is_space);
    if ok && !t.is_empty() && nchars(t) <= 80 {
        Some(t)
    } else {
        None
    }
}

fn is_toc_heading(text: &str) -> bool {
    if text.len() > 16 || !text.starts_with('目') {
        return false;
    }
    let t: String = text.chars().filter(|c| !is_space(*c)).collect();
    t == "目录" || t == "目次"
}

fn toc(raw: &str, lines: &[Line<'_>], out: &mut Vec<Removed>, found: &mut Found) {
    // Only look in the first part of a file: a TOC sits at the top of a compilation.
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if l.start > 64 * 1024 {
            break;
        }
        let heading = is_toc_heading(l.text);
        if !heading && toc_entry(l.text).is_none() {
            i += 1;
            continue;
        }
        // Collect the entries after the heading (blank lines allowed).
        let first = i;
        let mut last = if heading { Some(i) } else { None };
        let mut titles = Vec::new();
        let mut j = if heading { i + 1 } else { i };
        let mut blanks = 0;
        while j < lines.len() {
            let t = lines[j].text;
            if t.is_empty() {
                blanks += 1;
                if blanks > 3 {
                    break;
                }
                j += 1;
                continue;
            }
            blanks = 0;
            if let Some(title) = toc_entry(t) {
                titles.push(title.to_string());
                last = Some(j);
            } else if !is_toc_heading(t) {
                break;
            } else {
                last = Some(j);
            }
            j += 1;
        }
        if titles.len() >= 3 || (heading && !titles.is_empty()) {
            if let Some(last) = last {
                let s = lines[first].start;
                let (_, e) = whole(raw, &lines[last]);
                out.push(make(raw, "toc", s, e));
                found.toc_end = Some(e);
                found.toc_titles = titles;
                return;
            }
        }
        i = j.max(i + 1);
    }
}

fn chrome_kind(text: &str) -> Option<Chrome> {
    let c = &*CHROME;
    if text.len() > 240 {
        return None;
    }
    // Chrome lines are short; a long line is chrome only as a caption or link id.
    if text.len() > 120 && !text.ends_with('摄') {
        return None;
    }
    if let Some(k) = c.exact.get(text) {
        return Some(*k);
    }
    if c.tail.contains(&text) {
        return Some(Chrome::Tail);
    }
    if c.label.contains(&text) {
        return Some(Chrome::Label);
    }
    let n = nchars(text);
    if n <= 80
        && !text.contains('。')
        && !text.contains("人民代表大会")
        && c.prefix.iter().any(|p| text.starts_with(p))
    {
        return Some(Chrome::Prefix);
    }
    // 2026-02-03 09:02:33 / 2026年02月10日 07时41分
    if n <= 24 && is_datetime(text) {
        return Some(Chrome::Weak);
    }
    // a link id "be341a59f1dd422394845dcb3fce09dc:"
    if (17..=70).contains(&text.len())
        && text.ends_with(':')
        && text[..text.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
    {
        return Some(Chrome::Strong);
    }
    // photo caption "省长某某作政府工作报告。本报记者 某某 摄"
    if n <= 80 && text.contains("记者") && text.trim_end().ends_with('摄') {
        return Some(Chrome::Strong);
    }
    None
}

fn is_datetime(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(|c| c.is_ascii_digit())
        && (b[4] == b'-' || t[4..].starts_with('年'))
        && t.chars()
            .all(|c| c.is_ascii_digit() || "-: 年月日时分秒".contains(c))
}

fn chrome(raw: &str, lines: &[Line<'_>], records: &[Record], out: &mut Vec<Removed>) {
    let n = lines.len();
    let mut kinds: Vec<Option<Chrome>> = Vec::with_capacity(n);
    for l in lines {
        kinds.push(if l.text.is_empty() || l.text.len() > 240 {
            None
        } else {
            chrome_kind(l.text)
        });
    }
    // A value after a bare label (来源: / 四川日报) and breadcrumb items next to ">".
    for i in 0..n {
        if kinds[i].is_some()
            || lines[i].text.is_empty()
            || lines[i].text.len() > 64
            || nchars(lines[i].text) > 16
        {
            continue;
        }
        let prev = (0..i).rev().find(|&k| !lines[k].text.is_empty());
        let next = (i + 1..n).find(|&k| !lines[k].text.is_empty());
        let after_label = prev.is_some_and(|p| kinds[p] == Some(Chrome::Label));
        let crumb = prev.is_some_and(|p| lines[p].text == ">")
            || next.is_some_and(|q| lines[q].text == ">");
        if after_label || crumb {
            kinds[i] = Some(Chrome::Weak);
        }
    }
    // Footers: from a tail marker to the end of its record (or file), when that rest is
    // short and holds no numbered heading.
    let mut tail_end: Vec<Option<usize>> = vec![None; n]; // footer end offset per line
    let mut i = 0;
    while i < n {
        if kinds[i] == Some(Chrome::Tail) {
            let s = lines[i].start;
            // Records come sorted by start: the one holding `s` is the last starting at or
            // before it.
            let k = records.partition_point(|r| r.start <= s);
            let limit = k
                .checked_sub(1)
                .and_then(|k| records.get(k))
                .filter(|r| s < r.end)
                .map(|r| r.end)
                .unwrap_or(raw.len());
            if limit - s <= 2000 {
                let last = (i..n)
                    .take_while(|&k| lines[k].start < limit)
                    .last()
                    .unwrap_or(i);
                let numbered = (i..=last).any(|k| {
                    crate::outline::heading::marker(lines[k].text)
                        .is_some_and(|m| m.kind == crate::model::MarkerKind::ChineseComma)
                });
                if !numbered {
                    let end = lines[last].end.min(limit);
                    tail_end[i] = Some(end);
                    i = last + 1;
                    continue;
                }
            }
            kinds[i] = Some(Chrome::Strong);
        }
        i += 1;
    }
    // Runs of chrome lines (blank lines allowed inside) with at least one strong line.
    let mut i = 0;
    while i < n {
        if let Some(end) = tail_end[i] {
            let s = lines[i].start;
            let e = if end < raw.len() && raw.as_bytes().get(end) == Some(&b'\n') {
                end + 1
            } else {
                end
            };
            out.push(make(raw, "web-chrome", s, e));
            while i < n && lines[i].start < e {
                i += 1;
            }
            continue;
        }
        if kinds[i].is_none() {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut strong = false;
        let mut j = i;
        while j < n {
            if lines[j].text.is_empty() {
                j += 1;
                continue;
            }
            match kinds[j] {
                Some(Chrome::Tail) => break,
                Some(k) => {
                    strong |= k != Chrome::Weak;
                    last = j;
                    j += 1;
                }
                None => break,
            }
        }
        if strong {
            let (s, _) = whole(raw, &lines[first]);
            let (_, e) = whole(raw, &lines[last]);
            out.push(make(raw, "web-chrome", s, e));
        }
        i = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(raw: &str) -> Vec<(String, String)> {
        find(raw, &[])
            .removed
            .into_iter()
            .map(|r| (r.kind, r.text))
            .collect()
    }

    #[test]
    fn glued_marker_is_cut_alone() {
        let raw = "我局高度重视依申请公开工作，2022##paidbegin##年共接到申请3件。\n";
        let r = find(raw, &[]).removed;
        assert_eq!(r.len(), 1);
        assert_eq!(&raw[r[0].start..r[0].end], "##paidbegin##");
    }

    #[test]
    fn marker_line_goes_with_its_newline() {
        let raw = "正文结束。\n\n##paidend##\n";
        let r = find(raw, &[]).removed;
        assert_eq!(r.len(), 1);
        assert_eq!(&raw[r[0].start..r[0].end], "##paidend##\n");
    }

    #[test]
    fn newspaper_page_jumps() {
        let raw = "（上接第1版）全市新增就业3.2万人。详见（下转第3版）\n";
        let k = kinds(raw);
        assert_eq!(
            k,
            [
                ("other".to_string(), "（上接第1版）".to_string()),
                ("other".to_string(), "（下转第3版）".to_string())
            ]
        );
        assert!(kinds("（上接第一议题制度）").is_empty());
    }

    #[test]
    fn hash_in_text_is_not_a_marker() {
        assert!(kinds("编号##1##与##号文件保持一致。\n").is_empty());
    }

    #[test]
    fn advert_lines_found() {
        assert!(is_advert(
            "【某某素材库】——每天更新材料500篇，会员群+网盘群同步更新，有意加入请联系客服"
        ));
        assert!(is_advert(
            "【某某代笔】——原创高质量保障，各类代笔（润笔），持续接单中"
        ));
    }

    #[test]
    fn real_lines_are_not_adverts() {
        assert!(!is_advert(
            "开通政务服务公众号，实现社保待遇一键查询、一键办理。"
        ));
        assert!(!is_advert("全县工会会员达到3.2万人，新增会员1200人。"));
        assert!(!is_advert("通过AAA公众号发布政务信息86条。"));
    }

    #[test]
    fn toc_entry_parsing() {
        assert_eq!(
            toc_entry("县农业农村局2023年工作总结\t12"),
            Some("县农业农村局2023年工作总结")
        );
        assert_eq!(
            toc_entry("某镇2024年工作要点……………………35"),
            Some("某镇2024年工作要点")
        );
        assert_eq!(toc_entry("全年完成投资12"), None);
        assert_eq!(toc_entry("2024年计划 完成 15"), None);
    }

    #[test]
    fn toc_block_removed_and_titles_kept() {
        let raw = "汇编\n\n目录\n\n甲镇2023年工作总结\t2\n乙局2023年工作总结\t5\n\n甲镇2023年工作总结\n\n正文。\n";
        let f = find(raw, &[]);
        assert_eq!(
            f.toc_titles,
            vec!["甲镇2023年工作总结", "乙局2023年工作总结"]
        );
        assert_eq!(f.removed.len(), 1);
        assert_eq!(f.removed[0].kind, "toc");
        assert!(f.removed[0].text.starts_with("目录"));
        assert!(f.removed[0].text.ends_with("\t5"));
    }

    #[test]
    fn web_chrome_runs() {
        let raw = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年某省政府工作报告\n来源：某某日报\n各位代表：\n现在，我代表省人民政府向大会报告工作。\n";
        let k = kinds(raw);
        assert_eq!(k.len(), 2, "{k:?}");
        assert!(k[0].1.starts_with("下载\n打印"));
        assert_eq!(k[1].1, "来源：某某日报");
    }

    #[test]
    fn lone_short_words_are_kept() {
        // "大" "中" alone are chrome only next to strong chrome.
        assert!(kinds("大\n中\n正文第一段。\n").is_empty());
        // A sentence that starts with 来源 is not chrome.
        assert!(kinds("来源：本地财政收入增长主要来自税收。这是事实。\n").is_empty());
    }

    #[test]
    fn footer_goes_to_end_of_text() {
        let raw = "一、工作回顾\n正文。\n相关报道：\n某某热议政府工作报告\n打印本页\n";
        let k = kinds(raw);
        assert_eq!(k.len(), 1);
        assert!(k[0].1.starts_with("相关报道："));
        assert!(k[0].1.ends_with("打印本页"));
    }
}
