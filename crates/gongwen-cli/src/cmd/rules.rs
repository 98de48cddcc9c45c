//! `gongwen rules [ID]`: list the rules or print one rule's documentation.

use crate::out;
use gongwen_core::check;
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// Left-align `s` in `width` terminal columns (CJK characters take two).
fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w) + 1))
}

pub fn run(id: Option<&str>) -> anyhow::Result<u8> {
    let mut w = out::stdout();
    match id {
        Some(id) => match check::find_rule(id) {
            Some(r) => write!(w, "{}", check::rule_markdown(r))?,
            None => {
                eprintln!("gongwen: 没有规则“{id}”（用 gongwen rules 列出全部规则）(unknown rule)");
                return Ok(2);
            }
        },
        None => {
            let row = |cells: [&str; 6]| -> String {
                let widths = [6, 28, 18, 8, 8];
                let mut line: String = cells[..5]
                    .iter()
                    .zip(widths)
                    .map(|(c, w)| pad(c, w))
                    .collect();
                line.push_str(cells[5]);
                line
            };
            writeln!(w, "{}", row(["代码", "名称", "族", "级别", "状态", "修复"]))?;
            for r in check::RULES {
                let family = r.family.label();
                let line = row([
                    r.code,
                    r.name,
                    family,
                    r.severity.as_str(),
                    r.status.as_str(),
                    r.fix.label(),
                ]);
                writeln!(w, "{line}")?;
            }
        }
    }
    w.flush()?;
    Ok(0)
}
