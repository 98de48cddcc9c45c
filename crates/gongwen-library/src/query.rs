//! The search query language (DESIGN.md §3).
//!
//! ```text
//! 医疗保障 "县委、县政府" -脱贫 year:2023 level:县 role:plan unit:审计局 kind:summary
//! ```
//!
//! - Terms are separated by spaces and ANDed **per document** (each term must occur
//!   somewhere in the document, not necessarily in the same paragraph).
//! - Every term is matched as an exact substring of a paragraph (after folding, see
//!   [`crate::tokenize`]); a bare word is a one-word phrase. Quotes `"…"` (or `“…”`)
//!   are needed only for phrases holding spaces or starting with `-`.
//! - `-term` / `-"phrase"` excludes documents containing it.
//! - Filters: `year:2023` (summary or plan year), `level:县`, `role:plan` (the section
//!   role of the matching paragraph), `unit:审计局` (substring of the issuing unit),
//!   `kind:summary|plan|gov-report|other`. Repeating a filter ORs its values. A
//!   full-width colon `：` works too. Anything else with a colon is an ordinary term.
//! - Phrases do not cross paragraph (line) boundaries.

use crate::tokenize::fold;

/// A parsed query. All strings are folded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub must: Vec<String>,
    pub must_not: Vec<String>,
    pub years: Vec<u64>,
    pub levels: Vec<String>,
    pub roles: Vec<String>,
    pub units: Vec<String>,
    pub kinds: Vec<String>,
}

impl Query {
    /// True when the query has neither terms nor filters.
    pub fn is_empty(&self) -> bool {
        self.must.is_empty()
            && self.must_not.is_empty()
            && self.years.is_empty()
            && self.levels.is_empty()
            && self.roles.is_empty()
            && self.units.is_empty()
            && self.kinds.is_empty()
    }
    fn has_filters(&self) -> bool {
        !(self.years.is_empty()
            && self.levels.is_empty()
            && self.roles.is_empty()
            && self.units.is_empty()
            && self.kinds.is_empty())
    }
    /// True when the query only filters (no positive term).
    pub fn filters_only(&self) -> bool {
        self.must.is_empty() && self.has_filters()
    }
}

/// Split the raw query into (negated, text, quoted) pieces.
fn pieces(q: &str) -> Vec<(bool, String, bool)> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut neg = false;
        if chars[i] == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace() {
            neg = true;
            i += 1;
        }
        let close = match chars[i] {
            '"' => Some('"'),
            '“' => Some('”'),
            _ => None,
        };
        if let Some(close) = close {
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && chars[j] != close && !(close == '”' && chars[j] == '"') {
                j += 1;
            }
            out.push((neg, chars[start..j].iter().collect(), true));
            i = j + 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            out.push((neg, chars[start..i].iter().collect(), false));
        }
    }
    out
}

/// Longest query accepted, in characters (CLI and server alike; `docs/LIMITS.md`).
/// Real queries are a few words; a huge one only costs the index time.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most terms and filters in one query: each term is a phrase query over the index.
pub const MAX_QUERY_PIECES: usize = 64;

/// Parse a query string. Errors are messages for the user (Chinese, with the gist).
pub fn parse(q: &str) -> Result<Query, String> {
    let n = q.chars().count();
    if n > MAX_QUERY_CHARS {
        return Err(format!(
            "查询过长（{n} 个字符，上限 {MAX_QUERY_CHARS} 个）(query too long)"
        ));
    }
    let pieces = pieces(q);
    if pieces.len() > MAX_QUERY_PIECES {
        return Err(format!(
            "查询的词语和过滤条件过多（{} 个，上限 {MAX_QUERY_PIECES} 个）(too many terms)",
            pieces.len()
        ));
    }
    let mut out = Query::default();
    for (neg, text, quoted) in pieces {
        if text.is_empty() {
            continue;
        }
        if !quoted && !neg {
            let norm = text.replacen('：', ":", 1);
            if let Some((key, value)) = norm.split_once(':') {
                if !value.is_empty() {
                    let v = fold(value);
                    match key.to_ascii_lowercase().as_str() {
                        "year" => {
                            let y: u64 = v.parse().map_err(|_| {
                                format!("年份过滤写法不对：{text}（year:2023 expected）")
                            })?;
                            out.years.push(y);
                            continue;
                        }
                        "level" => {
                            out.levels.push(value.to_string());
                            continue;
                        }
                        "role" => {
                            if gongwen_core::model::Role::parse(&v).is_none() {
                                return Err(format!(
                                    "未知的部分作用：{value}（role: review|problems|plan|suggestions|other）"
                                ));
                            }
                            out.roles.push(v);
                            continue;
                        }
                        "unit" => {
                            out.units.push(v);
                            continue;
                        }
                        "kind" => {
                            out.kinds.push(v);
                            continue;
                        }
                        _ => {}
                    }
                }
            }
        }
        let folded = fold(&text);
        if neg {
            out.must_not.push(folded);
        } else {
            out.must.push(folded);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_phrases_negations_filters() {
        let q = parse(r#"医疗保障 "县委、县政府 会议" -脱贫 -"乡村 振兴" year:2023 level:县 role:plan unit:审计局 kind:summary"#)
            .unwrap();
        assert_eq!(q.must, vec!["医疗保障", "县委、县政府 会议"]);
        assert_eq!(q.must_not, vec!["脱贫", "乡村 振兴"]);
        assert_eq!(q.years, vec![2023]);
        assert_eq!(q.levels, vec!["县"]);
        assert_eq!(q.roles, vec!["plan"]);
        assert_eq!(q.units, vec!["审计局"]);
        assert_eq!(q.kinds, vec!["summary"]);
    }

    #[test]
    fn overlong_queries_are_refused_with_a_message() {
        let at_limit = "医".repeat(MAX_QUERY_CHARS);
        assert_eq!(parse(&at_limit).unwrap().must, vec![at_limit.clone()]);
        let e = parse(&format!("{at_limit}疗")).unwrap_err();
        assert!(e.contains("查询过长") && e.contains("1001"), "{e}");
        let many = vec!["医保"; MAX_QUERY_PIECES].join(" ");
        assert_eq!(parse(&many).unwrap().must.len(), MAX_QUERY_PIECES);
        let e = parse(&format!("{many} 就业")).unwrap_err();
        assert!(e.contains("过多") && e.contains("65"), "{e}");
    }

    #[test]
    fn chinese_quotes_fullwidth_colon_and_folding() {
        let q = parse("“强领导” year：２０２４ ＧＤＰ").unwrap();
        assert_eq!(q.must, vec!["强领导", "gdp"]);
        assert_eq!(q.years, vec![2024]);
    }

    #[test]
    fn unknown_key_is_a_term_and_bad_values_are_errors() {
        let q = parse("比例:1:2 http://x").unwrap();
        assert_eq!(q.must, vec!["比例:1:2", "http://x"]);
        assert!(parse("year:去年").is_err());
        assert!(parse("role:总结").is_err());
    }

    #[test]
    fn lone_dash_and_unclosed_quote() {
        let q = parse(r#"- "未闭合的短语"#).unwrap();
        assert_eq!(q.must, vec!["-", "未闭合的短语"]);
        assert!(parse("   ").unwrap().is_empty());
    }
}
