//! GW102 scraped-junk.

use crate::check::context::RuleContext;
use crate::check::rules::{automaton, parse_list};
use crate::declare_rule;
use crate::model::{Applicability, Finding};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 从素材网站复制时混入正文的残留：付费墙标记（`##paidbegin##`、`##paidend##`）、
    /// 网站广告语（“添加客服”“svip会员”“谨防假冒”等，见 `data/junk.txt`）。
    /// 已被 outline 识别并剔除的垃圾不会再到达本规则；本规则报告的是仍留在正文里的。
    ///
    /// ## 为什么
    /// 这类文字一旦进入上报稿，等于公开承认材料是下载拼凑的，且常常夹在句子中间
    /// （“2023##paidbegin##年”），肉眼不易发现。
    ///
    /// ## 示例
    /// ```text
    /// 我局高度重视依申请公开工作，2023##paidbegin##年共接到申请3件。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 我局高度重视依申请公开工作，2023年共接到申请3件。
    /// ```
    ///
    /// ## 修复安全性
    /// 付费墙标记的删除是安全修复；广告语只报告，由人决定删去哪一段。
    ///
    /// ## 依据
    /// DESIGN.md §2 ingest（垃圾须报告，不得悄悄留下）；CHECKS.md GW-PLACEHOLDER 同类。
    pub struct ScrapedJunk;
}

static LIST: LazyLock<Vec<(String, String)>> =
    LazyLock::new(|| parse_list(include_str!("../../../../../../data/junk.txt")));
static AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| automaton(&LIST));

impl ScrapedJunk {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let Some(ac) = AC.as_ref() else { return };
        for m in ac.find_iter(ctx.text) {
            let w = &ctx.text[m.start()..m.end()];
            if w.starts_with("##paid") {
                let end = if w == "##paid" {
                    ctx.text[m.end()..]
                        .find("##")
                        .map(|i| m.end() + i + 2)
                        .filter(|&e| e - m.end() <= 12)
                        .unwrap_or(m.end())
                } else {
                    m.end()
                };
                out.push(ctx.finding_fix(
                    m.start(),
                    end,
                    format!("正文中残留网站付费标记“{}”", &ctx.text[m.start()..end]),
                    "",
                    Applicability::Safe,
                ));
            } else {
                let mut f = ctx.finding(
                    m.start(),
                    m.end(),
                    format!("正文中疑似混入素材网站广告“{w}”"),
                );
                f.suggestion = Some("删除网站广告段落".into());
                out.push(f);
            }
        }
    }
}
