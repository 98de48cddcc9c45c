//! Unit names: the same unit written differently across years must meet in one key.
//!
//! Rules, applied in this order by [`normalize`] (documented in `docs/LEDGER.md` too):
//! 1. Whitespace, quotes and brackets are dropped; full-width letters are kept as is.
//! 2. A redacted prefix (`XX`, `X`, `××`, `某`, `**`) is cut: `XX县医疗保障局` → `县医疗保障局`.
//! 3. Every full form of `data/unit-aliases.txt` is replaced by its short form, longest
//!    first: `医疗保障局` → `医保局`, `人民政府` → ``, `回族自治区` → ``, `自治区` → ``.
//! 4. A trailing `省` or `市` (and a trailing `政府`) is cut when at least two
//!    characters stay: `浙江省` → `浙江`, `上海市` → `上海`, `内蒙古自治区` → `内蒙古`.
//!    (So `浙江省`, `浙江`, `浙江省人民政府` share the key `浙江`.)
//!
//! Two keys name the same unit when they are equal ([`same_unit`]), or — a weaker
//! match used only when no exact one exists — when one is a suffix of the other and the
//! shorter starts with a level word (`县医保局` inside `青川县医保局`): a report often
//! names itself `县医保局` / `我局` in the body while the title carries the full name.

use std::sync::OnceLock;

static ALIASES_TXT: &str = include_str!("../../../data/unit-aliases.txt");

fn aliases() -> &'static [(String, String)] {
    static A: OnceLock<Vec<(String, String)>> = OnceLock::new();
    A.get_or_init(|| {
        let mut v: Vec<(String, String)> = ALIASES_TXT
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (a, b) = l.split_once('=')?;
                Some((a.trim().to_string(), b.trim().to_string()))
            })
            .filter(|(a, _)| !a.is_empty())
            .collect();
        v.sort_by_key(|a| std::cmp::Reverse(a.0.chars().count()));
        v
    })
}

const REDACTED: &[&str] = &["XX", "xx", "ＸＸ", "××", "**", "＊＊", "X", "x", "Ｘ", "某"];

/// The comparison key of a unit name (see the module doc for the rules).
pub fn normalize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”' | '"' | '\'' | '‘' | '’' | '（' | '）' | '(' | ')' | '《' | '》'
                )
        })
        .collect();
    loop {
        let before = s.len();
        for p in REDACTED {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    for (full, short) in aliases() {
        if s.contains(full.as_str()) {
            s = s.replace(full.as_str(), short);
        }
    }
    for suf in ["政府", "省", "市"] {
        if let Some(rest) = s.strip_suffix(suf) {
            if rest.chars().count() >= 2 {
                s = rest.to_string();
            }
        }
    }
    s
}

/// How well two normalised keys match: 2 exact, 1 suffix match (see module doc), 0 none.
pub fn match_keys(a: &str, b: &str) -> u8 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 2;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    let first = short.chars().next().unwrap_or(' ');
    if short.chars().count() >= 3
        && matches!(first, '省' | '市' | '县' | '区' | '镇' | '乡')
        && long.ends_with(short)
    {
        return 1;
    }
    0
}

/// True when two unit names (as written) name the same unit, exactly after normalising.
pub fn same_unit(a: &str, b: &str) -> bool {
    match_keys(&normalize(a), &normalize(b)) == 2
}

/// The administrative level a unit name shows: `省` `市` `区` `县` `乡` `镇` `街道` `村`.
/// Provincial-level municipalities and autonomous regions count as `省`.
pub fn level_of(name: &str) -> Option<String> {
    let n: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let n = n.replace("人民政府", "");
    const PROVINCIAL: &[&str] = &[
        "北京",
        "天津",
        "上海",
        "重庆",
        "内蒙古",
        "广西",
        "西藏",
        "宁夏",
        "新疆",
        "香港",
        "澳门",
    ];
    if n.ends_with("自治区")
        || n.ends_with('省')
        || PROVINCIAL.iter().any(|p| n.trim_end_matches('市') == *p)
    {
        return Some("省".into());
    }
    for l in ["街道", "村", "镇", "乡", "县", "区", "市", "省"] {
        if n.ends_with(l) {
            return Some(l.into());
        }
    }
    // An agency: the level word nearest before the agency name (`青川县医保局` → 县).
    let chars: Vec<char> = n.chars().collect();
    for i in (0..chars.len().saturating_sub(1)).rev() {
        let c = chars[i];
        if matches!(c, '省' | '市' | '县' | '区' | '镇' | '乡') {
            return Some(c.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_forms_meet() {
        assert_eq!(normalize("浙江省"), "浙江");
        assert_eq!(normalize("浙江"), "浙江");
        assert_eq!(normalize("浙江省人民政府"), "浙江");
        assert_eq!(normalize("宁夏回族自治区"), "宁夏");
        assert_eq!(normalize("内蒙古自治区"), "内蒙古");
        assert_eq!(normalize("上海市"), "上海");
        assert!(same_unit("新疆维吾尔自治区人民政府", "新疆"));
        assert!(!same_unit("浙江省", "江苏省"));
    }

    #[test]
    fn agency_abbreviations_meet() {
        assert!(same_unit("青川县医疗保障局", "青川县医保局"));
        assert_eq!(normalize("XX县医疗保障局"), "县医保局");
        assert_eq!(
            match_keys(&normalize("县医保局"), &normalize("青川县医疗保障局")),
            1
        );
        assert_eq!(
            match_keys(&normalize("县医保局"), &normalize("青川县人社局")),
            0
        );
        assert!(same_unit("柳河镇人民政府", "柳河镇"));
        // A two-character place keeps its 市.
        assert_eq!(normalize("沙市"), "沙市");
    }

    #[test]
    fn levels() {
        assert_eq!(level_of("浙江省").as_deref(), Some("省"));
        assert_eq!(level_of("上海市").as_deref(), Some("省"));
        assert_eq!(level_of("宁夏回族自治区").as_deref(), Some("省"));
        assert_eq!(level_of("柳河镇").as_deref(), Some("镇"));
        assert_eq!(level_of("青川县医保局").as_deref(), Some("县"));
        assert_eq!(level_of("柳河镇人民政府").as_deref(), Some("镇"));
    }
}
