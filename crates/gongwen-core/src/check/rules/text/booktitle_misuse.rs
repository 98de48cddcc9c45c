//! GW410 booktitle-misuse.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 书名号用在会议、活动、比赛、培训班、称号、奖项、证书、机构名称上：
    /// `召开《全镇安全生产工作会议》`、`荣获《省级文明村》称号`、`开展《我为群众办实事》活动`。
    /// 按书名号内文字的结尾（会议、活动、大赛、培训班、称号、奖……）或紧跟其后的
    /// “称号/活动/荣誉”判断；文件、法规、报告、方案、通知、纪要、书刊等不报。
    ///
    /// ## 为什么
    /// GB/T 15834 规定书名号标示书名、篇名、文件名等作品名；不能视为作品的课程、
    /// 奖项、证照、组织机构、会议、活动等名称不应用书名号，称号、口号类用引号。
    ///
    /// ## 示例
    /// ```text
    /// 召开《全镇安全生产工作会议》，村里荣获《省级文明村》称号。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 召开全镇安全生产工作会议，村里荣获“省级文明村”称号。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：去掉书名号还是改用引号要看语境。
    ///
    /// ## 依据
    /// GB/T 15834-2011 §4.15 及附录（书名号的误用）；CHECKS.md GW-PUNCT-BOOKTITLE。
    pub struct BooktitleMisuse;
}

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"《([^《》\n]{2,40}?)》(称号|荣誉称号|活动|荣誉|奖)?").expect("booktitle regex")
});
const SUFFIX: &[&str] = &[
    "会议",
    "大会",
    "座谈会",
    "推进会",
    "动员会",
    "表彰会",
    "培训会",
    "研讨会",
    "现场会",
    "观摩会",
    "活动",
    "大赛",
    "竞赛",
    "比赛",
    "培训班",
    "运动会",
    "晚会",
    "论坛",
    "称号",
    "荣誉称号",
    "示范村",
    "文明村",
    "文明单位",
    "先进集体",
    "先进个人",
    "一等奖",
    "二等奖",
    "三等奖",
    "金奖",
    "银奖",
    "证书",
];
const WORKS: &[&str] = &[
    "通知", "意见", "办法", "方案", "规定", "条例", "决定", "报告", "纪要", "规划", "计划", "法",
    "细则", "指南", "标准",
];

impl BooktitleMisuse {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for c in RE.captures_iter(ctx.text) {
            let (Some(m), Some(inner)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let s = inner.as_str();
            if WORKS.iter().any(|w| s.ends_with(w)) || s.contains('《') {
                continue;
            }
            let by_suffix = SUFFIX.iter().any(|x| s.ends_with(x));
            let by_after = c.get(2).is_some();
            if !(by_suffix || by_after) {
                continue;
            }
            let title_end = inner.end() + "》".len();
            let mut f = ctx.finding(
                m.start(),
                title_end,
                format!(
                    "会议、活动、称号等名称不用书名号：“{}”",
                    &ctx.text[m.start()..title_end]
                ),
            );
            f.suggestion = Some(if by_after || s.ends_with("称号") {
                format!("改用引号：“{s}”")
            } else {
                format!("去掉书名号：{s}")
            });
            out.push(f);
        }
    }
}
