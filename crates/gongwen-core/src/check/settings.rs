//! Which rules run and how: defaults, `gongwen.toml` (found upward from the checked
//! file's folder) and command-line overrides, each value remembering where it came from
//! so that `gongwen check --show-settings` can explain what applies.
//!
//! ```toml
//! # gongwen.toml
//! select = ["GW1", "GW2", "GW301"]   # codes, code prefixes or names; default: all stable rules
//! ignore = ["GW414"]
//! fail-on = "warning"                  # exit 1 when a finding is at or above this
//! preview = false                      # also run preview rules
//! year = 2024                          # the year the document summarises
//! placeholders = ["待补充", "YYYY"]     # extra placeholder literals
//! [severity]
//! GW402 = "info"
//! [typos]
//! "工做" = "工作"
//! ```

use super::codes::{RuleMeta, Status};
use crate::error::Error;
use crate::model::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "gongwen.toml";

/// Resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Rule selectors (code `GW101`, prefix `GW1`, name, or `ALL`); empty = all stable.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity overrides by code.
    pub severity: BTreeMap<String, Severity>,
    /// Findings at or above this make `check` exit 1.
    pub fail_on: Severity,
    pub preview: bool,
    /// Extra placeholder literals.
    pub placeholders: Vec<String>,
    /// Extra typo → correction pairs.
    pub typos: Vec<(String, String)>,
    /// The year the document summarises (else taken from the title).
    pub year: Option<i32>,
    /// Setting name → where its value came from (`默认`, a file path, `命令行`).
    pub origin: BTreeMap<&'static str, String>,
}

impl Default for Settings {
    fn default() -> Self {
        let origin = [
            "select",
            "ignore",
            "severity",
            "fail-on",
            "preview",
            "placeholders",
            "typos",
            "year",
        ]
        .into_iter()
        .map(|k| (k, "默认".to_string()))
        .collect();
        Settings {
            select: vec![],
            ignore: vec![],
            severity: BTreeMap::new(),
            fail_on: Severity::Warning,
            preview: false,
            placeholders: vec![],
            typos: vec![],
            year: None,
            origin,
        }
    }
}

/// The on-disk form of `gongwen.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FileConfig {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub severity: Option<BTreeMap<String, String>>,
    pub fail_on: Option<String>,
    pub preview: Option<bool>,
    pub placeholders: Option<Vec<String>>,
    pub typos: Option<BTreeMap<String, String>>,
    pub year: Option<i32>,
}

fn selector_matches(sel: &str, r: &RuleMeta) -> bool {
    let sel = sel.trim();
    sel.eq_ignore_ascii_case("ALL")
        || r.name == sel
        || (sel.len() >= 3
            && r.code.len() >= sel.len()
            && r.code[..sel.len()].eq_ignore_ascii_case(sel))
}

impl Settings {
    /// Is the rule enabled? An explicit selection (code or name, not a prefix) enables
    /// preview rules too.
    pub fn is_enabled(&self, r: &RuleMeta) -> bool {
        let selected = if self.select.is_empty() {
            r.status == Status::Stable || self.preview
        } else {
            self.select.iter().any(|s| {
                selector_matches(s, r)
                    && (r.status == Status::Stable
                        || self.preview
                        || s.eq_ignore_ascii_case(r.code)
                        || s == r.name)
            })
        };
        selected && !self.ignore.iter().any(|s| selector_matches(s, r))
    }

    /// The effective severity of a rule.
    pub fn severity_of(&self, r: &RuleMeta) -> Severity {
        self.severity.get(r.code).copied().unwrap_or(r.severity)
    }

    /// Find `gongwen.toml` in the folder of `path` or any parent.
    pub fn discover(path: &Path) -> Option<PathBuf> {
        let start = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent()?.to_path_buf()
        };
        let start = if start.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            start
        };
        let start = start.canonicalize().unwrap_or(start);
        start
            .ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// Apply a `gongwen.toml` read from `path`.
    pub fn apply_file(&mut self, path: &Path) -> Result<(), Error> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: name.clone(),
            source,
        })?;
        let cfg: FileConfig = toml::from_str(&text).map_err(|e| Error::Config {
            path: name.clone(),
            message: e.to_string(),
        })?;
        self.apply(cfg, &name).map_err(|message| Error::Config {
            path: name,
            message,
        })
    }

    /// Apply a parsed configuration; `origin` names where it came from.
    pub fn apply(&mut self, cfg: FileConfig, origin: &str) -> Result<(), String> {
        let set = |k: &'static str, o: &mut BTreeMap<&'static str, String>| {
            o.insert(k, origin.to_string());
        };
        if let Some(v) = cfg.select {
            self.select = v;
            set("select", &mut self.origin);
        }
        if let Some(v) = cfg.ignore {
            self.ignore = v;
            set("ignore", &mut self.origin);
        }
        if let Some(m) = cfg.severity {
            for (k, v) in m {
                let sev = Severity::parse(&v)
                    .ok_or_else(|| format!("未知级别“{v}”（应为 error/warning/info）"))?;
                let code = super::find_rule(&k)
                    .map(|r| r.code)
                    .ok_or_else(|| format!("未知规则“{k}”"))?;
                self.severity.insert(code.to_string(), sev);
            }
            set("severity", &mut self.origin);
        }
        if let Some(v) = cfg.fail_on {
            self.fail_on = Severity::parse(&v)
                .ok_or_else(|| format!("未知级别“{v}”（应为 error/warning/info）"))?;
            set("fail-on", &mut self.origin);
        }
        if let Some(v) = cfg.preview {
            self.preview = v;
            set("preview", &mut self.origin);
        }
        if let Some(v) = cfg.placeholders {
            self.placeholders
                .extend(v.into_iter().filter(|p| !p.is_empty()));
            set("placeholders", &mut self.origin);
        }
        if let Some(m) = cfg.typos {
            self.typos
                .extend(m.into_iter().filter(|(k, _)| !k.is_empty()));
            set("typos", &mut self.origin);
        }
        if let Some(y) = cfg.year {
            self.year = Some(y);
            set("year", &mut self.origin);
        }
        for s in self.select.iter().chain(&self.ignore) {
            if !super::RULES.iter().any(|r| selector_matches(s, r)) {
                return Err(format!("未知规则选择“{s}”"));
            }
        }
        Ok(())
    }

    /// A human-readable account of the resolved settings.
    pub fn explain(&self) -> String {
        let o = |k: &str| self.origin.get(k).cloned().unwrap_or_default();
        let list = |v: &[String]| {
            if v.is_empty() {
                "（空）".to_string()
            } else {
                v.join(", ")
            }
        };
        let mut s = String::new();
        s += &format!(
            "select       = [{}]    # 来源：{}\n",
            list(&self.select),
            o("select")
        );
        s += &format!(
            "ignore       = [{}]    # 来源：{}\n",
            list(&self.ignore),
            o("ignore")
        );
        s += &format!(
            "fail-on      = \"{}\"    # 来源：{}\n",
            self.fail_on.as_str(),
            o("fail-on")
        );
        s += &format!(
            "preview      = {}    # 来源：{}\n",
            self.preview,
            o("preview")
        );
        s += &format!(
            "year         = {}    # 来源：{}\n",
            self.year
                .map(|y| y.to_string())
                .unwrap_or("（取自标题）".into()),
            o("year")
        );
        s += &format!(
            "placeholders = [{}]    # 来源：{}\n",
            list(&self.placeholders),
            o("placeholders")
        );
        s += &format!(
            "typos        = {} 条自定义    # 来源：{}\n",
            self.typos.len(),
            o("typos")
        );
        s += &format!("[severity]    # 来源：{}\n", o("severity"));
        for (k, v) in &self.severity {
            s += &format!("{k} = \"{}\"\n", v.as_str());
        }
        s += "\n启用的规则：\n";
        for r in super::RULES.iter() {
            let on = self.is_enabled(r);
            s += &format!(
                "  {} {} {:<32} {:<7} {}\n",
                if on { "✓" } else { "·" },
                r.code,
                r.name,
                self.severity_of(r).as_str(),
                r.status.as_str()
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_overrides_and_origins() {
        let cfg: FileConfig = toml::from_str(
            "select = [\"GW1\", \"GW401\"]\nignore = [\"GW102\"]\nfail-on = \"error\"\nyear = 2024\n[severity]\nGW401 = \"info\"\n[typos]\n\"工做\" = \"工作\"\n",
        )
        .unwrap();
        let mut s = Settings::default();
        s.apply(cfg, "/tmp/gongwen.toml").unwrap();
        let r101 = super::super::find_rule("GW101").unwrap();
        let r102 = super::super::find_rule("GW102").unwrap();
        let r401 = super::super::find_rule("repeated-word").unwrap();
        let r201 = super::super::find_rule("GW201").unwrap();
        assert!(s.is_enabled(r101));
        assert!(!s.is_enabled(r102));
        assert!(s.is_enabled(r401));
        assert!(!s.is_enabled(r201));
        assert_eq!(s.severity_of(r401), Severity::Info);
        assert_eq!(s.fail_on, Severity::Error);
        assert_eq!(s.origin["year"], "/tmp/gongwen.toml");
        assert_eq!(s.origin["placeholders"], "默认");
        assert!(s.explain().contains("GW401"));
    }

    #[test]
    fn bad_config_is_an_error() {
        let cfg: FileConfig = toml::from_str("[severity]\nGW101 = \"fatal\"\n").unwrap();
        assert!(Settings::default().apply(cfg, "x").is_err());
        assert!(toml::from_str::<FileConfig>("selct = []").is_err());
        let cfg: FileConfig = toml::from_str("select = [\"GW9\"]").unwrap();
        assert!(Settings::default().apply(cfg, "x").is_err());
    }
}
