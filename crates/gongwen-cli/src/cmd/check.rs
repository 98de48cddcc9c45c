//! `gongwen check`: lint drafts; terminal (code frames), JSON (DESIGN.md §4) or SARIF
//! 2.1.0 output; `--fix` writes a fixed copy; `--show-settings` explains the settings.

use crate::{load, out, Format, InputArgs};
use gongwen_core::check::{self, fix, render, Settings};
use gongwen_core::model::{Finding, Severity};
use gongwen_core::{extract, FileOutline};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Only these rules (codes, code prefixes such as GW1, or names; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Write a fixed copy next to each input (`name.fixed.txt`).
    #[arg(long)]
    pub fix: bool,
    /// With --fix: overwrite the input instead of writing a copy.
    #[arg(long, requires = "fix")]
    pub in_place: bool,
    /// With --fix: also apply fixes marked unsafe.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
    /// Exit 1 when a finding is at or above this severity (default: from gongwen.toml, else warning).
    #[arg(long, value_parser = ["error", "warning", "info"])]
    pub fail_on: Option<String>,
    /// Also run preview rules.
    #[arg(long)]
    pub preview: bool,
    /// Use this configuration file instead of searching for gongwen.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print the resolved settings and where each came from, then exit.
    #[arg(long)]
    pub show_settings: bool,
}

/// Resolve the settings for one checked path: defaults → gongwen.toml → command line.
fn settings_for(args: &CheckArgs, path: &str) -> anyhow::Result<(Settings, Option<PathBuf>)> {
    let mut s = Settings::default();
    let cfg = match &args.config {
        Some(c) => Some(c.clone()),
        None if path == "-" => Settings::discover(Path::new(".")),
        None => Settings::discover(Path::new(path)),
    };
    if let Some(c) = &cfg {
        s.apply_file(c)?;
    }
    let cli = gongwen_core::check::settings::FileConfig {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        ignore: (!args.ignore.is_empty())
            .then(|| s.ignore.iter().chain(&args.ignore).cloned().collect()),
        fail_on: args.fail_on.clone(),
        preview: args.preview.then_some(true),
        ..Default::default()
    };
    s.apply(cli, "命令行")
        .map_err(|m| anyhow::anyhow!("命令行参数有误：{m}"))?;
    Ok((s, cfg))
}

pub fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    if args.show_settings {
        let first = args
            .input
            .paths
            .first()
            .cloned()
            .unwrap_or_else(|| ".".into());
        let (s, cfg) = settings_for(args, &first)?;
        let mut w = out::stdout();
        match &cfg {
            Some(c) => writeln!(w, "# 配置文件：{}", c.display())?,
            None => writeln!(w, "# 未找到 gongwen.toml，使用默认设置")?,
        }
        write!(w, "{}", s.explain())?;
        w.flush()?;
        return Ok(0);
    }
    let loaded = load::load(&args.input)?;
    let mut results: Vec<(&FileOutline, &str, Vec<Finding>)> = Vec::new();
    let mut fail = false;
    for f in &loaded.files {
        let (settings, _) = settings_for(args, &f.outline.path)?;
        let ex = extract::extract(f);
        let findings = check::check(f, &ex, &settings);
        fail |= findings.iter().any(|x| x.severity >= settings.fail_on);
        if args.fix {
            write_fix(args, &f.outline.path, &f.source.raw, &findings)?;
        }
        results.push((&f.outline, f.source.raw.as_str(), findings));
    }
    match args.format {
        Format::Json | Format::Jsonl | Format::Csv => write_json(&results)?,
        Format::Sarif => write_sarif(&results)?,
        Format::Text => write_text(&results)?,
    }
    Ok(if loaded.failed {
        2
    } else if fail {
        1
    } else {
        0
    })
}

fn write_fix(args: &CheckArgs, path: &str, raw: &str, findings: &[Finding]) -> anyhow::Result<()> {
    if path == "-" {
        eprintln!("gongwen: 标准输入不能写回修复结果 (cannot fix stdin)");
        return Ok(());
    }
    let p = Path::new(path);
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext.eq_ignore_ascii_case("docx") {
        return write_docx_fix(args, p, raw, findings);
    }
    if !matches!(ext.to_ascii_lowercase().as_str(), "txt" | "md" | "") {
        eprintln!(
            "gongwen: {path}：暂只能为文本文件写出修复稿，已只报告问题 (fix only for text files)"
        );
        return Ok(());
    }
    let (fixed, n) = fix::apply_fixes(raw, findings, args.unsafe_fixes);
    let target = if args.in_place {
        p.to_path_buf()
    } else {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
        p.with_file_name(if ext.is_empty() {
            format!("{stem}.fixed")
        } else {
            format!("{stem}.fixed.{ext}")
        })
    };
    std::fs::write(&target, fixed)
        .map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", target.display()))?;
    eprintln!("gongwen: 已修复 {n} 处，写入 {}", target.display());
    Ok(())
}

/// .docx: fix inside single text runs, keeping formatting; report what could not be fixed.
fn write_docx_fix(
    args: &CheckArgs,
    p: &Path,
    raw: &str,
    findings: &[Finding],
) -> anyhow::Result<()> {
    let bytes = std::fs::read(p).map_err(|e| anyhow::anyhow!("无法读取 {}：{e}", p.display()))?;
    let edits: Vec<_> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fx| {
            args.unsafe_fixes || fx.applicability == gongwen_core::model::Applicability::Safe
        })
        .flat_map(|fx| fx.edits.iter().cloned())
        .collect();
    let r = gongwen_core::check::docx_fix::fix_docx(&bytes, raw, &edits)
        .map_err(|e| anyhow::anyhow!("{}：无法修复 docx：{e}", p.display()))?;
    let target = if args.in_place {
        p.to_path_buf()
    } else {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("out");
        p.with_file_name(format!("{stem}.fixed.docx"))
    };
    std::fs::write(&target, r.bytes)
        .map_err(|e| anyhow::anyhow!("无法写入 {}：{e}", target.display()))?;
    eprintln!(
        "gongwen: 已修复 {} 处，写入 {}（保留原格式）；{} 处跨越多个文字块或无法唯一定位，未修复，请按报告手工修改",
        r.applied,
        target.display(),
        r.skipped
    );
    Ok(())
}

fn write_json(results: &[(&FileOutline, &str, Vec<Finding>)]) -> anyhow::Result<()> {
    // The same text as `report::check_json` (the value tree the HTTP API also serves,
    // keys sorted), written straight from the findings (see `SortedCheck`).
    out::write_json(&SortedCheck(results))
}

/// The `--format json` document of `check` written with the keys of every object in
/// byte order, which is the order the value tree of `report::check_json` (a BTreeMap per
/// object) prints them in: the same bytes, without building the tree (which cost more
/// than checking).
struct SortedCheck<'a>(&'a [(&'a FileOutline, &'a str, Vec<Finding>)]);

impl serde::Serialize for SortedCheck<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct File<'a>(&'a str, &'a [Finding]);
        impl serde::Serialize for File<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                let fs: Vec<SortedFinding> = self.1.iter().map(SortedFinding).collect();
                m.serialize_entry("findings", &fs)?;
                m.serialize_entry("path", self.0)?;
                m.end()
            }
        }
        let mut total = 0usize;
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, _, fs) in self.0 {
            total += fs.len();
            for f in fs {
                *by_rule.entry(f.rule.as_str()).or_default() += 1;
            }
        }
        let files: Vec<File> = self.0.iter().map(|(o, _, fs)| File(&o.path, fs)).collect();
        struct Summary<'a>(&'a BTreeMap<&'a str, usize>, usize);
        impl serde::Serialize for Summary<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("by_rule", self.0)?;
                m.serialize_entry("findings", &self.1)?;
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("files", &files)?;
        m.serialize_entry("summary", &Summary(&by_rule, total))?;
        m.end()
    }
}

/// One finding, keys in byte order (`fix` only when there is one, as the struct's serde
/// attributes say).
struct SortedFinding<'a>(&'a Finding);

impl serde::Serialize for SortedFinding<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Edit<'a>(&'a gongwen_core::model::Edit);
        impl serde::Serialize for Edit<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("end", &self.0.end)?;
                m.serialize_entry("replacement", &self.0.replacement)?;
                m.serialize_entry("start", &self.0.start)?;
                m.end()
            }
        }
        struct Fix<'a>(&'a gongwen_core::model::Fix);
        impl serde::Serialize for Fix<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry("applicability", &self.0.applicability)?;
                let edits: Vec<Edit> = self.0.edits.iter().map(Edit).collect();
                m.serialize_entry("edits", &edits)?;
                m.end()
            }
        }
        let f = self.0;
        let mut m = s.serialize_map(Some(12))?;
        m.serialize_entry("column", &f.column)?;
        m.serialize_entry("doc", &f.doc)?;
        m.serialize_entry("end", &f.end)?;
        if let Some(fx) = &f.fix {
            m.serialize_entry("fix", &Fix(fx))?;
        }
        m.serialize_entry("line", &f.line)?;
        m.serialize_entry("message", &f.message)?;
        m.serialize_entry("name", &f.name)?;
        m.serialize_entry("rule", &f.rule)?;
        m.serialize_entry("severity", &f.severity)?;
        m.serialize_entry("start", &f.start)?;
        m.serialize_entry("suggestion", &f.suggestion)?;
        m.serialize_entry("text", &f.text)?;
        m.end()
    }
}

fn write_text(results: &[(&FileOutline, &str, Vec<Finding>)]) -> anyhow::Result<()> {
    let mut w = out::stdout();
    let mut sev: BTreeMap<&str, usize> = BTreeMap::new();
    for (o, raw, fs) in results {
        for f in fs {
            writeln!(w, "{}", render::code_frame(&o.path, raw, f))?;
            *sev.entry(f.severity.as_str()).or_insert(0) += 1;
        }
    }
    let total: usize = results.iter().map(|r| r.2.len()).sum();
    if total == 0 {
        writeln!(w, "未发现问题。")?;
    } else {
        let fixable: usize = results
            .iter()
            .flat_map(|r| &r.2)
            .filter(|f| f.fix.is_some())
            .count();
        writeln!(
            w,
            "共 {total} 处：error {}，warning {}，info {}；其中 {fixable} 处可用 --fix 修复。",
            sev.get("error").unwrap_or(&0),
            sev.get("warning").unwrap_or(&0),
            sev.get("info").unwrap_or(&0)
        )?;
    }
    w.flush()?;
    Ok(())
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn write_sarif(results: &[(&FileOutline, &str, Vec<Finding>)]) -> anyhow::Result<()> {
    let rules: Vec<_> = check::RULES
        .iter()
        .map(|r| {
            let short = r
                .doc
                .lines()
                .map(|l| l.trim())
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .unwrap_or("");
            json!({
                "id": r.code, "name": r.name,
                "shortDescription": { "text": short },
                "fullDescription": { "text": check::rule_markdown(r) },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
                "helpUri": format!("docs/rules/{}.md", r.code),
            })
        })
        .collect();
    let mut res = Vec::new();
    for (o, raw, fs) in results {
        for f in fs {
            let (el, ec) = end_line_col(raw, f.end);
            let mut r = json!({
                "ruleId": f.rule,
                "ruleIndex": check::RULES.iter().position(|r| r.code == f.rule).unwrap_or(0),
                "level": sarif_level(f.severity),
                "message": { "text": match &f.suggestion { Some(s) => format!("{}（建议：{s}）", f.message), None => f.message.clone() } },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": o.path },
                    "region": { "startLine": f.line, "startColumn": f.column, "endLine": el, "endColumn": ec,
                                "charOffset": f.start, "charLength": f.end - f.start, "snippet": { "text": f.text } } } }],
                "properties": { "doc": f.doc, "name": f.name },
            });
            if let Some(fx) = &f.fix {
                r["fixes"] = json!([{ "description": { "text": f.suggestion.clone().unwrap_or_default() },
                    "artifactChanges": [{ "artifactLocation": { "uri": o.path },
                        "replacements": fx.edits.iter().map(|e| json!({
                            "deletedRegion": { "charOffset": e.start, "charLength": e.end - e.start },
                            "insertedContent": { "text": e.replacement } })).collect::<Vec<_>>() }] }]);
            }
            res.push(r);
        }
    }
    out::write_json(&json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "gongwen", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://github.com/gongwen", "rules": rules } },
            "columnKind": "unicodeCodePoints",
            "results": res,
        }]
    }))
}

/// 1-based line and column (in characters) of a byte offset.
fn end_line_col(raw: &str, off: usize) -> (usize, usize) {
    let before = raw.get(..off).unwrap_or(raw);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongwen_core::{ingest, outline, report};

    /// The direct writer prints keys sorted, as serde_json's default map does. In a
    /// `cargo test --workspace` build a dev-dependency elsewhere turns on serde_json's
    /// `preserve_order`, and the reference tree keeps insertion order instead: then the
    /// documents must be equal as JSON values; otherwise byte for byte.
    fn assert_same_json(got: &str, want: &str) {
        let shown: String = serde_json::json!({"b": 1, "a": 2}).to_string();
        if shown.as_str() == r#"{"a":2,"b":1}"# {
            assert_eq!(got, want);
        } else {
            let parse = |s: &str| -> serde_json::Value { serde_json::from_str(s).expect("JSON") };
            assert_eq!(parse(got), parse(want));
        }
    }

    #[test]
    fn direct_json_equals_the_report_value_tree() {
        // Findings with and without fixes and suggestions, several rules, quotes and
        // backslashes in the path, and a file with no findings.
        let text = "XX县2024年工作总结\n一、主要工作\n全年完成投资XX万元，同比增长3%-5%，，新建\"示范村\"12个。\n\
            （一）推进推进乡村振兴。全面推行河湖长制，全年巡河1200余人次。全面推行河湖长制，全年巡河1200余人次。\n\
            三、下步打算\n《规划》、《方案》印发实施 ，完成率达到105%。\n";
        let a = ingest::from_bytes("a\\b \"c\".txt", text.as_bytes(), &Default::default())
            .expect("ingest");
        let b = ingest::from_bytes("b.txt", "\n".as_bytes(), &Default::default()).expect("ingest");
        let outlined = [outline::outline(&a), outline::outline(&b)];
        let settings = Settings::default();
        let results: Vec<(&FileOutline, &str, Vec<Finding>)> = outlined
            .iter()
            .map(|o| {
                let ex = extract::extract(o);
                (
                    &o.outline,
                    o.source.raw.as_str(),
                    check::check(o, &ex, &settings),
                )
            })
            .collect();
        let fs = &results[0].2;
        assert!(fs.len() >= 5, "{}", fs.len());
        assert!(fs.iter().any(|f| f.fix.is_some()) && fs.iter().any(|f| f.fix.is_none()));
        assert!(
            fs.iter().any(|f| f.suggestion.is_none()) || fs.iter().all(|f| f.suggestion.is_some())
        );
        let files: Vec<report::CheckedFile> = results
            .iter()
            .map(|(o, _, fs)| report::CheckedFile {
                path: &o.path,
                findings: fs,
            })
            .collect();
        let want = serde_json::to_string_pretty(&report::check_json(&files)).expect("json");
        let got = serde_json::to_string_pretty(&SortedCheck(&results)).expect("json");
        assert_same_json(&got, &want);
    }
}
