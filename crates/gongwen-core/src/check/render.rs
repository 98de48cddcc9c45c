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
    let line_start = raw
        .get(..f.start)
        .and_then(|p| p.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let line_end = raw
        .get(f.start..)
        .and_then(|p| p.find('\n'))
        .map(|i| f.start + i)
        .unwrap_or(raw.len());
    let before = raw.get(line_start..f.start).unwrap_or("");
    let span = raw
        .get(f.start..f.end.min(line_end).max(f.start))
        .unwrap_or("");
    let after = raw
        .get(f.end.min(line_end).max(f.start)..line_end)
        .unwrap_or("");
    let nb = before.chars().count();
    let before: String = if nb > CONTEXT {
        format!("…{}", before.chars().skip(nb - CONTEXT).collect::<String>())
    } else {
        before.to_string()
    };
    let span: String = if span.chars().count() > 60 {
        format!("{}…", span.chars().take(60).collect::<String>())
    } else {
        span.to_string()
    };
    let na = after.chars().count();
    let after: String = if na > CONTEXT {
        format!("{}…", after.chars().take(CONTEXT).collect::<String>())
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
}
