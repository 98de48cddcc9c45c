//! `gongwen check`: lint drafts; terminal, JSON or SARIF output.

use crate::{load, out, Format, InputArgs};
use gongwen_core::{check, extract, report};

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Only these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Write a fixed copy next to each input.
    #[arg(long)]
    pub fix: bool,
}

pub fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let loaded = load::load(&args.input)?;
    let settings = check::Settings::default();
    let mut checked = Vec::new();
    let mut total = 0usize;
    for f in &loaded.files {
        let ex = extract::extract(f);
        let findings = check::check(f, &ex, &settings);
        total += findings.len();
        checked.push((f.outline.path.as_str(), findings));
    }
    let files: Vec<report::CheckedFile> = checked
        .iter()
        .map(|(path, findings)| report::CheckedFile { path, findings })
        .collect();
    out::write_json(&report::check_json(&files))?;
    Ok(if loaded.failed {
        2
    } else if total > 0 {
        1
    } else {
        0
    })
}
