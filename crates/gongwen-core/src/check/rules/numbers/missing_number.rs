//! GW301 missing-number.

use crate::check::context::{char_before, RuleContext};
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::Finding;
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

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"(?:调处化解|化解|调处|办结|受理|查处|立案|结案|办理|整改|排查|处置)(?:[了]?)(?:件|起|宗)(?:[，。；、]|$)|(?:资金|投资|收入|产值|金额|经费|补贴|补助|奖补|税收|营业额|销售额|总额|营收|增加值)(?:达|为|共|累计)?(?:万元|亿元|元)(?:[，。；、]|$)|(?:率|占比|比重)(?:达到|达|为|提高到|提升至)?(?:%|％)",
    )
});

/// Every branch holds 件/起/宗, 元 or %/％; a match holds ，。；、 only as its last character.
const TRIGGERS: [usize; 6] = [
    mark("件"),
    mark("起"),
    mark("宗"),
    mark("元"),
    mark("%"),
    mark("％"),
];

impl MissingNumber {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        // 件/起/宗 and 元 end their branch right before ，。；、 or the text end; %/％
        // follows 率/比/重 or one of 达到/达/为/提高到/提升至.
        let t = ctx.text;
        let keep = |p: usize| {
            let after = &t[p..];
            match after.chars().next() {
                Some('%') | Some('％') => {
                    char_before(t, p).is_some_and(|c| "率比重到达为至".contains(c))
                }
                Some(c) => {
                    let rest = &after[c.len_utf8()..];
                    rest.is_empty() || rest.starts_with(['，', '。', '；', '、'])
                }
                None => false,
            }
        };
        let windows = ctx.windows(&TRIGGERS, keep, Barrier::All);
        for m in RE.find_iter(ctx.text, &windows) {
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
