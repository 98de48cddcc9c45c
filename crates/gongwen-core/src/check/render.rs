//! Code frames like rustc/ruff: `path:line:col: CODE [severity] message`, the source
//! line (windowed around the span, since a paragraph is one long line) with the span
//! underlined — CJK characters are two columns wide — and the suggestion.
//! Pure string building: the CLI decides where it goes.

use crate::model::Finding;
use unicode_width::UnicodeWidthChar;

/// Characters of context kept on each side of the span.
const CONTEXT: usize = 24;

/// Render one finding as a code frame.
pub fn code_frame(path: &str, raw: &str, f: &Finding) -> String {
    let mut s = format!(
        "{}:{}:{}: {} [{}] {}\n",
        path,
        f.line,
        f.column,
        f.rule,
        f.severity.as_str(),
        f.message
    );
    // The context is found by walking at most CONTEXT characters from the span, never by
    // scanning its whole line: thousands of findings on one long line made the text
    // output quadratic (found in hardening).
    let head = raw.get(..f.start).unwrap_or("");
    let (mut before_start, mut nb, mut cut_before) = (head.len(), 0, false);
    for (i, c) in head.char_indices().rev() {
        if c == '\n' {
            break;
        }
        if nb == CONTEXT {
            cut_before = true;
            break;
        }
        before_start = i;
        nb += 1;
    }
    let before = &head[before_start..];
    let span = raw.get(f.start..f.end.max(f.start)).unwrap_or("");
    let (span, crosses_line) = match memchr::memchr(b'\n', span.as_bytes()) {
        Some(k) => (&span[..k], true),
        None => (span, false),
    };
    let tail = if crosses_line {
        ""
    } else {
        raw.get(f.start + span.len()..).unwrap_or("")
    };
    let (mut after_end, mut na, mut cut_after) = (0, 0, false);
    for (i, c) in tail.char_indices() {
        if c == '\n' {
            break;
        }
        if na == CONTEXT {
            cut_after = true;
            break;
        }
        after_end = i + c.len_utf8();
        na += 1;
    }
    let after = &tail[..after_end];
    let before: String = if cut_before {
        format!("…{before}")
    } else {
        before.to_string()
    };
    let span: String = if span.chars().nth(60).is_some() {
        format!("{}…", span.chars().take(60).collect::<String>())
    } else {
        span.to_string()
    };
    let after: String = if cut_after {
        format!("{after}…")
    } else {
        after.to_string()
    };
    let clean = |t: &str| t.replace('\t', " ");
    let (before, span, after) = (clean(&before), clean(&span), clean(&after));
    let width = |t: &str| t.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    let num = f.line.to_string();
    let pad = " ".repeat(num.len());
    s += &format!("{pad} |\n{num} | {before}{span}{after}\n");
    s += &format!(
        "{pad} | {}{}\n",
        " ".repeat(width(&before)),
        "^".repeat(width(&span).max(1))
    );
    if let Some(sug) = &f.suggestion {
        s += &format!("{pad} = 建议：{sug}\n");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    #[test]
    fn underline_counts_wide_chars() {
        let raw = "标题\n全镇完成投资XX万元。\n";
        let start = raw.find("XX").unwrap();
        let f = Finding {
            rule: "GW101".into(),
            name: "placeholder-residue".into(),
            severity: Severity::Error,
            message: "疑似遗留占位符“XX”".into(),
            doc: 1,
            line: 2,
            column: 7,
            start,
            end: start + 2,
            text: "XX".into(),
            suggestion: Some("填入实际数字".into()),
            fix: None,
        };
        let fr = code_frame("a.txt", raw, &f);
        assert_eq!(
            fr,
            "a.txt:2:7: GW101 [error] 疑似遗留占位符“XX”\n  |\n2 | 全镇完成投资XX万元。\n  |             ^^\n  = 建议：填入实际数字\n"
        );
    }

    #[test]
    fn context_is_cut_to_24_characters_each_side_of_the_span() {
        let line = "甲乙丙丁戊己庚辛壬癸".repeat(10);
        let raw = format!("标题\n{line}XX{line}\n下一行");
        let start = raw.find("XX").unwrap();
        let mut f = Finding {
            rule: "GW101".into(),
            name: "placeholder-residue".into(),
            severity: Severity::Error,
            message: "m".into(),
            doc: 1,
            line: 2,
            column: 101,
            start,
            end: start + 2,
            text: "XX".into(),
            suggestion: None,
            fix: None,
        };
        let fr = code_frame("a.txt", &raw, &f);
        let before: String = line.chars().skip(100 - CONTEXT).collect();
        let after: String = line.chars().take(CONTEXT).collect();
        assert!(fr.contains(&format!("2 | …{before}XX{after}…\n")), "{fr}");
        // A span running over the end of its line shows only its first line, no context.
        let last = raw.find("\n下一行").unwrap() - 3;
        f.start = last;
        f.end = raw.len();
        let fr = code_frame("a.txt", &raw, &f);
        let before: String = line.chars().skip(99 - CONTEXT).take(CONTEXT).collect();
        assert!(fr.contains(&format!("2 | …{before}癸\n")), "{fr}");
        assert!(!fr.contains("下一行"), "{fr}");
    }
}
