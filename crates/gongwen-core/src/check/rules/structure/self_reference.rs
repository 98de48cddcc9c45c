//! GW209 self-reference.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 乡镇、街道的文稿用错了自称：单位是“××镇”，正文却写“我县”“我区”“我市”
    /// “我乡”——多半是照搬上级或别的乡镇的稿子留下的。单位及其层级取自 outline
    /// （标题中的发文单位）；县直部门（“县审计局”）说“我县”是对的，不报；文中也用了
    /// 正确自称（“我镇”）的文档里偶尔出现的“我县××集团”指所属县，不报。
    ///
    /// 状态为 preview（默认不运行，`--preview` 或 `select = ["GW209"]` 启用）：乡镇文稿用
    /// “我县”“我市”指所属县市也是常见的正当用法，只凭字面无法区分。
    ///
    /// ## 为什么
    /// 自称与发文单位不符是抄袭材料最直接的证据（通报过的“平乐/安化”“铜陵/常德”事件），
    /// 也会让读者误解责任主体。
    ///
    /// ## 示例
    /// ```text
    /// 城关镇2024年工作总结
    /// 一年来，我县坚持以项目建设为抓手……
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 城关镇2024年工作总结
    /// 一年来，我镇坚持以项目建设为抓手……
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：可能整段都是照搬的，需要通读。
    ///
    /// ## 依据
    /// CHECKS.md GW-SELF-REF（平乐/安化、铜陵/常德事件）；《党政机关公文处理工作条例》第二十条。
    pub struct SelfReference;
}

static RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("我(县|区|市|乡|镇)").expect("self regex"));

impl SelfReference {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for c in RE.captures_iter(ctx.text) {
            let (Some(m), Some(l)) = (c.get(0), c.get(1)) else {
                continue;
            };
            if ctx.in_quote(m.start()) {
                continue;
            }
            let idx = ctx.doc_of(m.start());
            let Some(doc) = ctx.o.outline.documents.iter().find(|d| d.index == idx) else {
                continue;
            };
            let (Some(level), Some(unit)) = (doc.level.as_deref(), doc.unit.as_deref()) else {
                continue;
            };
            // Only a township-level unit itself (not a department of it) is checked.
            let own = unit.ends_with('镇') || unit.ends_with('乡') || unit.ends_with("街道");
            if !own || !matches!(level, "镇" | "乡" | "街道") || l.as_str() == level {
                continue;
            }
            let want = if level == "街道" {
                "我街道"
            } else {
                &format!("我{level}")
            };
            // A document that does call itself 我镇 may also speak of 我县 (the county
            // it belongs to: 我县昌城集团); only a document that never does is suspect.
            let body = ctx
                .text
                .get(
                    ctx.doc_starts()
                        .iter()
                        .find(|d| d.1 == idx)
                        .map(|d| d.0)
                        .unwrap_or(0)..,
                )
                .unwrap_or("");
            let next = ctx
                .doc_starts()
                .iter()
                .find(|d| d.1 > idx)
                .map(|d| d.0)
                .unwrap_or(ctx.text.len());
            let body = &body[..next
                .saturating_sub(ctx.text.len() - body.len())
                .min(body.len())];
            if body.contains(want) {
                continue;
            }
            let mut f = ctx.finding(
                m.start(),
                m.end(),
                format!("自称“{}”与发文单位“{unit}”不符", m.as_str()),
            );
            f.suggestion = Some(format!(
                "核对是否应为“{want}”，并检查该段是否照搬自其他单位的材料"
            ));
            out.push(f);
        }
    }
}
