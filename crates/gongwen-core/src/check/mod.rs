//! check: lint rules over an outlined and extracted file, modelled on ruff.
//!
//! * One rule = one file under `rules/<family>/`: a unit struct whose doc comment is
//!   the user documentation (fixed headings: 查什么 / 为什么 / 示例 / 应改为 / 修复安全性 /
//!   依据) and a `check(&RuleContext, &mut Vec<Finding>)` function.
//! * The doc comment is the ONE source of truth: [`declare_rule!`] captures the
//!   `#[doc]` attributes of the struct into a `DOC` constant, so `gongwen rules GW101`
//!   prints exactly what rustdoc shows, and `docs/rules/*.md` is generated from it (a
//!   tidy test fails when the files are stale; `UPDATE_DOCS=1 cargo test` rewrites them).
//! * [`codes::RULES`] is the registry: one line per rule (code, name, family, default
//!   severity, status, doc, fix kind, check fn). Codes are never reused.
//! * Rules read the clean text (`Outlined.clean.clean`, scraped junk already cut) and
//!   report clean offsets through [`RuleContext::finding`], which maps them back to raw
//!   offsets, line/column and the document index.

pub mod codes;
pub mod context;
pub mod docx_fix;
pub mod fix;
pub mod lexicon;
pub mod render;
pub mod rules;
pub mod scan;
pub mod settings;
pub mod windowed;

pub use codes::{Family, FixKind, RuleMeta, Status, RULES};
pub use context::RuleContext;
pub use settings::Settings;

use crate::extract::DocExtraction;
use crate::model::Finding;
use crate::outline::Outlined;

/// Declare a rule struct whose doc comment becomes its runtime documentation.
///
/// ```text
/// declare_rule! {
///     /// ## 查什么
///     /// …
///     pub struct PlaceholderResidue;
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* pub struct $name:ident;) => {
        $(#[doc = $doc])*
        pub struct $name;
        impl $name {
            /// The rule's documentation: its doc comment, verbatim.
            pub const DOC: &'static str = concat!($($doc, "\n"),*);
        }
    };
}

/// Run the enabled rules over one file and return the findings sorted by position.
pub fn check(o: &Outlined, ex: &[DocExtraction], settings: &Settings) -> Vec<Finding> {
    let ctx = RuleContext::new(o, ex, settings);
    let mut all = Vec::new();
    let mut buf = Vec::new();
    for rule in RULES.iter().filter(|r| settings.is_enabled(r)) {
        buf.clear();
        (rule.check)(&ctx, &mut buf);
        let sev = settings.severity_of(rule);
        for mut f in buf.drain(..) {
            f.rule = rule.code.to_string();
            f.name = rule.name.to_string();
            // A rule may lower one finding to info (e.g. 约…左右); overrides win.
            f.severity = if settings.severity.contains_key(rule.code)
                || f.severity != crate::model::Severity::Info
            {
                sev
            } else {
                f.severity
            };
            all.push(f);
        }
    }
    all.sort_by(|a, b| (a.start, a.end, &a.rule).cmp(&(b.start, b.end, &b.rule)));
    all.dedup_by(|a, b| a.rule == b.rule && a.start == b.start && a.end == b.end);
    all
}

/// The rule documentation rendered as a Markdown page (`docs/rules/GW101.md`).
pub fn rule_markdown(r: &RuleMeta) -> String {
    let mut s = format!(
        "# {} {}\n\n族：{}　默认级别：{}　状态：{}　修复：{}\n\n",
        r.code,
        r.name,
        r.family.label(),
        r.severity.as_str(),
        r.status.as_str(),
        r.fix.label()
    );
    for line in r.doc.lines() {
        s.push_str(line.strip_prefix(' ').unwrap_or(line));
        s.push('\n');
    }
    s
}

/// Find a rule by code (`GW101`, case-insensitive) or name (`placeholder-residue`).
pub fn find_rule(id: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(id) || r.name == id)
}
