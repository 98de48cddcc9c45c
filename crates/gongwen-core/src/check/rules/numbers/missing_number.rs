//! GW301 missing-number.

use crate::check::context::RuleContext;
use crate::declare_rule;
use crate::model::Finding;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 有单位、没数字：“调处化解件”“发放资金万元”“覆盖率达%”——数字被删去或
    /// 忘了填。只在明确的计数动词（调处、化解、办结、受理、查处……）或资金类名词
    /// （资金、投资、收入、产值……）之后直接跟单位时报告，“上万元”“数万元”不报。
    ///
    /// ## 为什么
    /// 与占位符一样是未完成的稿子，但更隐蔽：没有 XX 提示，读起来只像是漏了字。
    ///
    /// ## 示例
    /// ```text
    /// 全年共调处化解件，发放救助资金万元，群众满意率达%。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 全年共调处化解矛盾纠纷86件，发放救助资金32.6万元，群众满意率达98.5%。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：缺的数字只有起草人知道。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（数字准确）。
    pub struct MissingNumber;
}

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:调处化解|化解|调处|办结|受理|查处|立案|结案|办理|整改|排查|处置)(?:[了]?)(?:件|起|宗)(?:[，。；、]|$)|(?:资金|投资|收入|产值|金额|经费|补贴|补助|奖补|税收|营业额|销售额|总额|营收|增加值)(?:达|为|共|累计)?(?:万元|亿元|元)(?:[，。；、]|$)|(?:率|占比|比重)(?:达到|达|为|提高到|提升至)?(?:%|％)",
    )
    .expect("missing number regex")
});

impl MissingNumber {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        for m in RE.find_iter(ctx.text) {
            if ctx.skip(m.start()) {
                continue;
            }
            let s = m.as_str().trim_end_matches(['，', '。', '；', '、']);
            let mut f = ctx.finding(m.start(), m.start() + s.len(), format!("“{s}”缺少数字"));
            f.suggestion = Some("补上数字".into());
            out.push(f);
        }
    }
}
