//! The rule harness: every registered rule has `tests/fixtures/check/<code>/fires.txt`
//! (must yield ≥1 finding of that rule, snapshotted as code frames) and `clean.txt`
//! (must yield none); safe fixes must remove what they fix. Also: the clean report
//! fixture has no warning or error, and `docs/rules/` matches the doc comments.

use gongwen_core::check::{self, fix, render, Settings, RULES};
use gongwen_core::model::{Applicability, Finding, Severity};
use gongwen_core::{extract, ingest, outline};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(name: &str, text: &str, settings: &Settings) -> Vec<Finding> {
    let input = ingest::from_bytes(name, text.as_bytes(), &Default::default()).expect("ingest");
    let o = outline::outline(&input);
    let ex = extract::extract(&o);
    check::check(&o, &ex, settings)
}

fn only(code: &str) -> Settings {
    Settings {
        select: vec![code.to_string()],
        ..Settings::default()
    }
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_the_clean_one() {
    let dir = root().join("tests/fixtures/check");
    for r in RULES {
        let d = dir.join(r.code);
        let fires = std::fs::read_to_string(d.join("fires.txt"))
            .unwrap_or_else(|_| panic!("{} has no fires.txt", r.code));
        let clean = std::fs::read_to_string(d.join("clean.txt"))
            .unwrap_or_else(|_| panic!("{} has no clean.txt", r.code));
        let s = only(r.code);
        let found = run("fires.txt", &fires, &s);
        assert!(
            found.iter().any(|f| f.rule == r.code),
            "{} did not fire on its fixture",
            r.code
        );
        assert!(found.iter().all(|f| f.rule == r.code && f.name == r.name));
        let frames: String = found
            .iter()
            .map(|f| render::code_frame(&format!("{}/fires.txt", r.code), &fires, f))
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(format!("{}-{}", r.code, r.name), frames);
        let wrong = run("clean.txt", &clean, &s);
        assert!(
            wrong.is_empty(),
            "{} fired on its clean fixture: {:#?}",
            r.code,
            wrong
        );
        // Spans are on char boundaries and the text is what the span covers.
        for f in &found {
            assert_eq!(
                fires.get(f.start..f.end),
                Some(f.text.as_str()),
                "{}",
                r.code
            );
        }
    }
}

#[test]
fn safe_fixes_remove_what_they_fix() {
    let dir = root().join("tests/fixtures/check");
    for r in RULES {
        let fires = std::fs::read_to_string(dir.join(r.code).join("fires.txt")).unwrap_or_default();
        let s = only(r.code);
        let found = run("fires.txt", &fires, &s);
        let safe: Vec<&Finding> = found
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability == Applicability::Safe)
            })
            .collect();
        if safe.is_empty() {
            continue;
        }
        let owned: Vec<Finding> = safe.iter().map(|f| (*f).clone()).collect();
        let (fixed, n) = fix::apply_fixes(&fires, &owned, false);
        assert!(n > 0, "{}", r.code);
        let again = run("fixed.txt", &fixed, &s);
        // Every fixed finding is gone: no finding left whose text sat where a safe fix applied.
        let left_fixable = again
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability == Applicability::Safe)
            })
            .count();
        assert!(
            left_fixable < safe.len(),
            "{}: safe fixes did not reduce findings:\n{fixed}",
            r.code
        );
        let (fixed2, _) = fix::apply_fixes(&fixed, &again, false);
        let third = run("fixed2.txt", &fixed2, &s);
        assert!(
            third.iter().all(|f| f
                .fix
                .as_ref()
                .is_none_or(|x| x.applicability != Applicability::Safe)),
            "{}: safe fixes do not converge:\n{fixed2}\n{third:#?}",
            r.code
        );
    }
}

#[test]
fn clean_reports_have_no_warnings() {
    for name in ["clean-report.txt", "clean-report-qingshi.txt"] {
        clean_report(name);
    }
}

fn clean_report(name: &str) {
    let text = std::fs::read_to_string(root().join("tests/fixtures/check").join(name))
        .expect("clean report");
    assert!(
        text.chars().count() >= 3000,
        "the clean report must be at least 3000 characters"
    );
    let found = run(name, &text, &Settings::default());
    let bad: Vec<String> = found
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| render::code_frame(name, &text, f))
        .collect();
    assert!(
        bad.is_empty(),
        "the clean report has findings:\n{}",
        bad.join("\n")
    );
}

#[test]
fn docs_rules_are_generated_from_the_doc_comments() {
    let dir = root().join("docs/rules");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut index = String::from("# gongwen 规则一览\n\n由各规则文件的文档注释生成（`UPDATE_DOCS=1 cargo test -p gongwen-core --test check_rules docs`），请勿手改。\n\n| 代码 | 名称 | 族 | 默认级别 | 状态 | 修复 |\n| --- | --- | --- | --- | --- | --- |\n");
    let mut stale = Vec::new();
    for r in RULES {
        index += &format!(
            "| [{}]({}.md) | {} | {} | {} | {} | {} |\n",
            r.code,
            r.code,
            r.name,
            r.family.label(),
            r.severity.as_str(),
            r.status.as_str(),
            r.fix.label()
        );
        let want = check::rule_markdown(r);
        let path = dir.join(format!("{}.md", r.code));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            if update {
                std::fs::create_dir_all(&dir).expect("mkdir docs/rules");
                std::fs::write(&path, &want).expect("write doc");
            } else {
                stale.push(r.code);
            }
        }
    }
    let path = dir.join("README.md");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(index.as_str()) {
        if update {
            std::fs::write(&path, &index).expect("write index");
        } else {
            stale.push("README");
        }
    }
    if !update {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let n = e.file_name().to_string_lossy().to_string();
            if n != "README.md" && !RULES.iter().any(|r| n == format!("{}.md", r.code)) {
                stale.push("unregistered file");
            }
        }
    }
    assert!(stale.is_empty(), "docs/rules is stale for {stale:?}: run UPDATE_DOCS=1 cargo test -p gongwen-core --test check_rules docs");
}

#[test]
fn findings_carry_the_document_and_skip_quotes() {
    // A quotation and a cited title are not the author's wording.
    let text = "城关镇2024年工作总结\n印发《关于截止10月底前完成整改的通知》，群众说“做好做好”。\n";
    let found = run("q.txt", text, &Settings::default());
    assert!(
        found.iter().all(|f| f.rule != "GW406" && f.rule != "GW401"),
        "{found:#?}"
    );
    let found = run("q.txt", "截止目前完成。\n", &Settings::default());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].doc, 1);
}
