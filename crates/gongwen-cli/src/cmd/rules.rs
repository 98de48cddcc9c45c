//! `gongwen rules [ID]`: list the rules or print one rule's documentation.

use crate::out;
use gongwen_core::check;
use std::io::Write;

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
            writeln!(
                w,
                "{:<6} {:<28} {:<16} {:<8} {:<8} 修复",
                "代码", "名称", "族", "级别", "状态"
            )?;
            for r in check::RULES {
                writeln!(
                    w,
                    "{:<6} {:<28} {:<16} {:<8} {:<8} {}",
                    r.code,
                    r.name,
                    r.family.label(),
                    r.severity.as_str(),
                    r.status.as_str(),
                    r.fix.label()
                )?;
            }
        }
    }
    w.flush()?;
    Ok(0)
}
