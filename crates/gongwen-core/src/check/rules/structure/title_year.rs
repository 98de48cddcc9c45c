//! GW207 title-year-mismatch.

use super::{is_title_line, parse_marker};
use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 年份漂移：标题写“2024年工作总结和2025年工作计划”，正文一级标题却是
    /// “一、2023年工作开展情况”或“二、2024年工作计划”；或 `gongwen.toml` 中
    /// `year = 2024` 而标题总结的是别的年份。
    ///
    /// ## 为什么
    /// 沿用上一年的稿子只改标题年份，是通报过的真实事故（内江东兴区两年总结仅年份
    /// 不同）；一级标题的年份与标题不一致几乎总是这种沿用留下的。
    ///
    /// ## 示例
    /// ```text
    /// 城关镇2024年工作总结和2025年工作计划
    /// 一、2023年工作开展情况
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 城关镇2024年工作总结和2025年工作计划
    /// 一、2024年工作开展情况
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：不知道错的是标题还是正文。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（时间准确）；CHECKS.md GW-STALE-YEAR。
    pub struct TitleYearMismatch;
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("((?:19|20)[0-9]{2})年").expect("year regex"));

/// Years in a title: every standalone four-digit 19xx/20xx run, with or without 年
/// ("…2024年工作总结和2025工作计划" names 2024 and 2025; GW206 reports the missing 年).
fn title_years(s: &str) -> Vec<i32> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 && (s[start..i].starts_with("19") || s[start..i].starts_with("20")) {
            if let Ok(y) = s[start..i].parse() {
                out.push(y);
            }
        }
    }
    out
}

impl TitleYearMismatch {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let mut allowed: Vec<i32> = Vec::new();
        let mut title = String::new();
        for l in &ctx.lines {
            let text = ctx.line_text(l).trim();
            if is_title_line(text) {
                let ys = title_years(text);
                allowed = ys.clone();
                if text.contains("政府工作报告") {
                    // A 政府工作报告 of year Y reviews year Y-1.
                    allowed.extend(ys.iter().map(|y| y - 1));
                }
                title = text.to_string();
                if let (Some(want), Some(&got)) = (ctx.settings.year, ys.first()) {
                    if got != want && text.contains("总结") {
                        let off = l.start + ctx.line_text(l).find(&got.to_string()).unwrap_or(0);
                        let mut f = ctx.finding(
                            off,
                            off + 4,
                            format!("标题总结的是{got}年，配置的文档年份为{want}年"),
                        );
                        f.suggestion = Some(format!("核对标题年份是否应为{want}年"));
                        out.push(f);
                    }
                }
                continue;
            }
            if allowed.is_empty() {
                continue;
            }
            let Some((1, _, mlen)) = parse_marker(text) else {
                continue;
            };
            let head: String = text[mlen..].chars().take(12).collect();
            if !(head.contains("工作")
                || head.contains("总结")
                || head.contains("计划")
                || head.contains("打算"))
            {
                continue;
            }
            if let Some(c) = YEAR.captures(&head) {
                let y: i32 = c[1].parse().unwrap_or(0);
                if !allowed.contains(&y) {
                    let off = l.start + ctx.line_text(l).find(&c[1]).unwrap_or(0);
                    let mut f = ctx.finding(
                        off,
                        off + 4,
                        format!("一级标题年份{y}年与文档标题“{title}”的年份不一致"),
                    );
                    f.suggestion = Some(format!(
                        "核对是否应为{}年",
                        allowed
                            .iter()
                            .map(|y| y.to_string())
                            .collect::<Vec<_>>()
                            .join("年或")
                    ));
                    out.push(f);
                }
            }
        }
    }
}
