//! Figures in running text: `5.5%左右`, `60万人以上`, `3.89万亿元`, `下降0.1%`, and the
//! words around them that say which indicator they measure.
//!
//! Written by hand rather than taken from `extract` because the ledger needs two things
//! the extraction contract does not carry: the byte position of every figure inside a
//! short passage (to read the indicator words just before it) and the signed reading
//! of change verbs (`下降0.1%` → −0.1). Chinese numerals are not read here: reported
//! results and targets in reports are written in Arabic digits.

/// A number with its unit as it stands in a passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte range in the passage.
    pub start: usize,
    pub end: usize,
    /// Value in the base unit (`60万人` → 600000), made negative by a falling verb
    /// (`下降`, `回落`) when [`Figure::signed`] is set.
    pub value: f64,
    /// Base unit: `%`, `‰`, `人`, `元`, `亩`, `千瓦`… (never empty).
    pub unit: String,
    /// `以上` `左右` `以内` `以下` `不低于` `不少于` `不超过` `不高于` `超过` `突破` `约` `多` `余`.
    pub qualifier: Option<String>,
    /// The change verb just before the number (`增长`, `下降`, `上涨`, `提高`…), if any.
    pub verb: Option<String>,
    /// True when the verb is a falling one and `value` was negated.
    pub signed: bool,
}

impl Figure {
    pub fn is_rate(&self) -> bool {
        self.unit == "%" || self.unit == "‰"
    }
    /// True when the number is a change (增长5%), not a level (达到95%).
    pub fn is_change(&self) -> bool {
        self.verb
            .as_deref()
            .is_some_and(|v| CHANGE_VERBS.contains(&v))
    }
}

/// Base units, longest first; a multiplier (万, 亿…) before them is folded into the value.
const UNITS: &[&str] = &[
    "微克/立方米",
    "平方公里",
    "平方米",
    "立方米",
    "千瓦时",
    "标准箱",
    "万千瓦",
    "千瓦",
    "公里",
    "公顷",
    "人次",
    "家次",
    "户次",
    "小时",
    "分钟",
    "千米",
    "%",
    "％",
    "‰",
    "元",
    "人",
    "个",
    "家",
    "亩",
    "户",
    "场",
    "所",
    "辆",
    "列",
    "条",
    "项",
    "件",
    "处",
    "座",
    "套",
    "台",
    "张",
    "名",
    "批",
    "支",
    "种",
    "吨",
    "米",
    "倍",
    "篇",
    "部",
    "宗",
    "间",
    "栋",
    "期",
    "所",
    "床",
    "只",
    "头",
    "株",
    "公斤",
    "千克",
    "次",
    "笔",
    "份",
    "册",
    "期",
];

const MULTIPLIERS: &[(&str, f64)] = &[
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
    ("千", 1e3),
];

const QUALIFIERS_AFTER: &[&str] = &["以上", "左右", "以内", "以下", "上下", "多", "余"];
const QUALIFIERS_BEFORE: &[&str] = &[
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "超过",
    "突破",
    "约",
    "近",
    "控制在",
];

/// Verbs of change: the figure after them is a rate or amount of change.
pub const CHANGE_VERBS: &[&str] = &[
    "同比增长",
    "同比下降",
    "增长",
    "增速",
    "增幅",
    "涨幅",
    "上涨",
    "下降",
    "降低",
    "减少",
    "回落",
    "下跌",
    "提高",
    "提升",
    "压减",
    "下调",
    "上升",
    "增加",
];
const FALLING: &[&str] = &[
    "同比下降",
    "下降",
    "降低",
    "减少",
    "回落",
    "下跌",
    "压减",
    "下调",
];

/// All figures of a passage, in order. Years (`2025年`), months and days, numbers glued
/// to Latin letters (`5G`, `PM2.5`) and bare numbers without a unit are skipped.
pub fn figures(text: &str) -> Vec<Figure> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        // A number glued to a Latin letter or a dot before it is a name/code.
        if start > 0 && (b[start - 1].is_ascii_alphabetic() || b[start - 1] == b'.') {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            continue;
        }
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
            i += 1;
        }
        let num_txt: String = text[start..i].chars().filter(|c| *c != ',').collect();
        let num_txt = num_txt.trim_end_matches('.');
        let Ok(mut value) = num_txt.parse::<f64>() else {
            continue;
        };
        let mut j = i;
        // A range `3-5个` / `3～5个`: take the lower bound, skip to the unit.
        let rest = &text[j..];
        if let Some(r) = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix('～'))
            .or_else(|| rest.strip_prefix('—'))
        {
            let digits = r
                .bytes()
                .take_while(|c| c.is_ascii_digit() || *c == b'.')
                .count();
            if digits > 0 {
                j = text.len() - r.len() + digits;
            }
        }
        let rest = &text[j..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            i = j;
            continue;
        }
        let mut rest2 = rest;
        for (m, f) in MULTIPLIERS {
            if let Some(r) = rest2.strip_prefix(m) {
                value *= f;
                rest2 = r;
                break;
            }
        }
        let Some(unit) = UNITS.iter().find(|u| rest2.starts_with(**u)) else {
            i = j;
            continue;
        };
        let mut unit_s = (*unit).to_string();
        if unit_s == "％" {
            unit_s = "%".into();
        }
        if unit_s == "万千瓦" {
            value *= 1e4;
            unit_s = "千瓦".into();
        }
        if unit_s == "千米" {
            unit_s = "公里".into();
        }
        let mut end = text.len() - rest2.len() + unit.len();
        // A range written with the unit twice, `5.0%—5.5%`: keep the lower bound.
        if let Some(r) = text[end..]
            .strip_prefix('—')
            .or_else(|| text[end..].strip_prefix('-'))
            .or_else(|| text[end..].strip_prefix('～'))
            .or_else(|| text[end..].strip_prefix('至'))
        {
            let digits = r
                .bytes()
                .take_while(|c| c.is_ascii_digit() || *c == b'.')
                .count();
            if digits > 0 && r[digits..].starts_with(*unit) {
                end = text.len() - r.len() + digits + unit.len();
            }
        }
        let after = &text[end..];
        let mut qualifier = None;
        for q in QUALIFIERS_AFTER {
            if after.starts_with(q) {
                qualifier = Some((*q).to_string());
                end += q.len();
                break;
            }
        }
        let before = tail_chars(&text[..start], 4);
        if qualifier.is_none() {
            for q in QUALIFIERS_BEFORE {
                if before.ends_with(q) || (q.chars().count() >= 2 && before.contains(q)) {
                    qualifier = Some((*q).to_string());
                    break;
                }
            }
        }
        let mut verb = None;
        // The verb stands right before the number (`增长5%`, `增长了5%`, `下降约0.3%`),
        // not somewhere before it (`对经济增长贡献率35%`).
        let before6 = tail_chars(&text[..start], 6)
            .trim_end_matches(['了', '约', '近', '超', '达', '为', ' ']);
        for v in CHANGE_VERBS {
            if before6.ends_with(v) {
                verb = Some((*v).to_string());
                break;
            }
        }
        let signed = verb.as_deref().is_some_and(|v| FALLING.contains(&v));
        if signed {
            value = -value;
        }
        out.push(Figure {
            start,
            end,
            value,
            unit: unit_s,
            qualifier,
            verb,
            signed,
        });
        i = end;
    }
    out
}

/// The last `n` characters of `s`.
pub fn tail_chars(s: &str, n: usize) -> &str {
    let mut idx = s.len();
    for (k, (i, _)) in s.char_indices().rev().enumerate() {
        if k == n {
            break;
        }
        idx = i;
    }
    &s[idx..]
}

/// Words cut from the end of an indicator phrase (the verb that joins it to its number).
const TRAILING: &[&str] = &[
    "同口径",
    "同比",
    "比上年",
    "较上年",
    "同比增长",
    "同比下降",
    "年均增长",
    "增长",
    "增速",
    "增幅",
    "涨幅",
    "上涨",
    "下降",
    "降低",
    "减少",
    "回落",
    "提高",
    "提升",
    "上升",
    "增加",
    "达到",
    "达",
    "突破",
    "超过",
    "稳定在",
    "保持在",
    "控制在",
    "稳定",
    "保持",
    "实现",
    "平均为",
    "平均",
    "分别为",
    "为",
    "在",
    "再",
    "至",
    "到",
    "了",
    "全年",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "约",
    "近",
    "累计",
    "总数",
    "总量",
];
/// Words cut from the start of an indicator phrase (modality, time, scope).
const LEADING: &[&str] = &[
    "力争",
    "确保",
    "争取",
    "努力",
    "全年",
    "今年",
    "年内",
    "其中",
    "推动",
    "推进",
    "预计",
    "实现",
    "全省",
    "全市",
    "全区",
    "全县",
    "全镇",
    "全乡",
    "全州",
    "全盟",
    "我省",
    "我市",
    "我县",
    "我区",
    "我镇",
    "我局",
    "主要预期目标是",
    "预期目标是",
    "目标是",
    "是",
    "要",
    "将",
];

/// The indicator words of a phrase that ends just before a figure: modality and scope
/// words cut from the front, verbs from the back. `确保城镇新增就业` → `城镇新增就业`.
pub fn indicator_core(phrase: &str) -> String {
    let phrase = canonical_indicator(phrase);
    let phrase = phrase.as_str();
    static DATE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let date = DATE.get_or_init(|| {
        regex::Regex::new(r"\d{4}年(?:\d{1,2}月)?(?:底前|底|前|内)?|\d{1,2}月底前|年底前|年内")
            .expect("static regex")
    });
    let phrase = date.replace_all(phrase, "");
    let mut s = phrase
        .trim_matches(|c: char| c.is_whitespace() || is_clause_punct(c) || c == '“' || c == '”');
    loop {
        let before = s.len();
        for t in TRAILING {
            if let Some(r) = s.strip_suffix(t) {
                s = r;
            }
        }
        for l in LEADING {
            if let Some(r) = s.strip_prefix(l) {
                s = r;
            }
        }
        if s.len() == before {
            break;
        }
    }
    s.to_string()
}

fn indicator_aliases() -> &'static [(String, String)] {
    static A: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    A.get_or_init(|| {
        let mut v: Vec<(String, String)> =
            include_str!("../../../data/ledger-indicator-aliases.txt")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter_map(|l| {
                    l.split_once('=')
                        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
                })
                .filter(|(a, _)| !a.is_empty())
                .collect();
        v.sort_by_key(|(a, _)| std::cmp::Reverse(a.chars().count()));
        v
    })
}

/// A phrase with indicator synonyms replaced by one spelling
/// (`data/ledger-indicator-aliases.txt`): `经济增长` → `生产总值增长`.
pub fn canonical_indicator(phrase: &str) -> String {
    let mut s = phrase.to_string();
    for (a, b) in indicator_aliases() {
        // An expanding alias (调查失业率 → 城镇调查失业率) applies only when the long
        // form is not there already.
        if s.contains(a.as_str()) && !(b.contains(a.as_str()) && s.contains(b.as_str())) {
            s = s.replace(a.as_str(), b);
        }
    }
    s
}

pub fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '。' | '：' | ':' | '！' | '？' | '\n'
    )
}

/// Start of the clause holding byte `pos` (after the last `，；。：` before it).
pub fn clause_start(text: &str, pos: usize) -> usize {
    text[..pos]
        .char_indices()
        .rev()
        .find(|(_, c)| is_clause_punct(*c))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0)
}

/// Character bigrams of a phrase (Han and alphanumerics only).
pub fn bigrams(s: &str) -> Vec<(char, char)> {
    let cs: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut v: Vec<(char, char)> = cs.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Share of `key`'s bigrams found in `text` (0 when `key` has none).
pub fn containment(key: &[(char, char)], text: &str) -> f64 {
    if key.is_empty() {
        return 0.0;
    }
    let t = bigrams(text);
    let hit = key.iter().filter(|k| t.binary_search(k).is_ok()).count();
    hit as f64 / key.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_targets_and_results() {
        let f = figures("地区生产总值增长5.5%左右；城镇新增就业60万人以上；居民消费价格下降0.1%");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].value, 5.5);
        assert_eq!(f[0].unit, "%");
        assert_eq!(f[0].qualifier.as_deref(), Some("左右"));
        assert!(f[0].is_change());
        assert_eq!(f[1].value, 600000.0);
        assert_eq!(f[1].unit, "人");
        assert_eq!(f[1].qualifier.as_deref(), Some("以上"));
        assert_eq!(f[2].value, -0.1);
        assert!(f[2].signed);
    }

    #[test]
    fn verb_must_touch_the_number() {
        let f = figures("工业对经济增长贡献率35.1%，全年增长了5.1%");
        assert!(!f[0].is_change());
        assert!(f[1].is_change());
    }

    #[test]
    fn skips_years_codes_and_bare_numbers() {
        let f = figures("2025年6月底前新建5G基站1.5万个，PM2.5浓度31微克/立方米，第3");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].value, 15000.0);
        assert_eq!(f[0].unit, "个");
        assert_eq!(f[1].unit, "微克/立方米");
        let f = figures("总量3.89万亿元，新增新能源装机650万千瓦");
        assert_eq!(f[0].value, 3.89e12);
        assert_eq!(f[1].value, 6.5e6);
        assert_eq!(f[1].unit, "千瓦");
    }

    #[test]
    fn ranges_keep_the_lower_bound() {
        let f = figures("地区生产总值增长5.0%—5.5%，增长4.5-5%");
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].value, 5.0);
        assert!(f[0].is_change());
        assert_eq!(f[1].value, 4.5);
    }

    #[test]
    fn cores() {
        assert_eq!(indicator_core("确保城镇新增就业"), "城镇新增就业");
        assert_eq!(indicator_core("地区生产总值增长"), "生产总值");
        assert_eq!(indicator_core("城镇调查失业率平均为"), "城镇调查失业率");
        assert_eq!(indicator_core("居民消费价格涨幅"), "居民消费价格");
        assert_eq!(indicator_core("经济增长"), "生产总值");
        assert_eq!(indicator_core("CPI涨幅"), "居民消费价格");
        assert_eq!(
            indicator_core("力争2025年底前建成标准化村卫生室"),
            "建成标准化村卫生室"
        );
        assert!(containment(&bigrams("地区生产总值"), "全省地区生产总值达到3万亿元") > 0.99);
    }

    proptest::proptest! {
        #[test]
        fn figures_never_panic_and_stay_on_boundaries(s in "[0-9０-９.,%％‰万亿千百个人元—\\-～至以上左右增长下降持平CPI年月 ，。；a-z\\p{Han}]{0,40}") {
            for f in figures(&s) {
                proptest::prop_assert!(s.is_char_boundary(f.start) && s.is_char_boundary(f.end) && f.start < f.end);
            }
            let _ = indicator_core(&s);
            let _ = canonical_indicator(&s);
        }
    }
}
