//! GW101 placeholder-residue.

use crate::check::context::RuleContext;
use crate::check::lexicon::List;
use crate::check::rules::automaton;
use crate::check::scan::{mark, Barrier};
use crate::check::windowed::Windowed;
use crate::declare_rule;
use crate::model::Finding;
use std::sync::LazyLock;

declare_rule! {
    /// ## 查什么
    /// 模板或素材网站留下、尚未填写的占位符：`XX`、`xx`、`×××`、`＊＊`、`X月X日`、
    /// `X人`、`（单位名称）`、`【待补充】`、`□□`、`____`、`某某` 等，以及
    /// `gongwen.toml` 中 `placeholders` 列出的占位文字。
    ///
    /// ## 为什么
    /// 占位符未填充是公文最常见的低级错误之一（阿里智能审校明确列为一类）：数字、
    /// 日期、单位名称留空，文稿不能上报。拉丁缩写（DIP、GDP、LED、5A级、AAA级景区）
    /// 不是占位符，规则只在 X 不与其他字母、数字相连时报告。
    ///
    /// ## 示例
    /// ```text
    /// 截至X月X日，全镇完成固定资产投资XX万元，惠及群众×××户。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 截至11月30日，全镇完成固定资产投资2860万元，惠及群众1320户。
    /// ```
    ///
    /// ## 修复安全性
    /// 无自动修复：只有起草人知道该填什么。
    ///
    /// ## 依据
    /// 《党政机关公文处理工作条例》第二十条（审核数字、时间准确）；CHECKS.md GW-PLACEHOLDER。
    pub struct PlaceholderResidue;
}

static RE: LazyLock<Windowed> = LazyLock::new(|| {
    Windowed::new(
        r"(?x)
          (?:\d{1,2}|X)月X日
        | (?:XX+|xx+|ＸＸ+|××+|xX|Xx|＊＊+|\*\*\*+|_{3,}|＿{2,})
          (?:[余多])?(?:[万亿千百])?(?:元|人次|人|个|户|家|次|名|项|处|所|条|件|亩|吨|%|％|天|台|辆|场|篇|期|批|公里|平方米)?
        | X(?:[余多])?(?:[万亿千百])?(?:元|人次|人|个|户|家|次|名|项|处|所|条|件|亩|吨|%|％|月|日|年|号|天|场|篇|期|批)
        ",
    )
});

/// Every match holds one of these (and no barrier punctuation at all).
const TRIGGERS: [usize; 8] = [
    mark("X"),
    mark("x"),
    mark("Ｘ"),
    mark("×"),
    mark("＊"),
    mark("*"),
    mark("_"),
    mark("＿"),
];

fn ascii_alnum(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// A (start, end) pair with the accessor names of a match.
struct Span {
    s: usize,
    e: usize,
}
impl Span {
    fn new(s: usize, e: usize) -> Self {
        Span { s, e }
    }
    fn start(&self) -> usize {
        self.s
    }
    fn end(&self) -> usize {
        self.e
    }
}

impl PlaceholderResidue {
    pub fn check(ctx: &RuleContext, out: &mut Vec<Finding>) {
        let t = ctx.text;
        let windows = ctx.windows(&TRIGGERS, |_| true, Barrier::All);
        for m in RE.find_iter(t, &windows) {
            let (s, e) = (m.start(), m.end());
            let before = crate::check::context::char_before(t, s);
            let after = crate::check::context::char_at(t, e);
            let first = m.as_str().chars().next();
            let latin = matches!(first, Some('X' | 'x'));
            // Real abbreviations: the X/XX touches other Latin letters or digits (DIP…XXL, 5X).
            if latin && (ascii_alnum(before) || m.as_str().is_ascii() && ascii_alnum(after)) {
                continue;
            }
            let ph: String = m
                .as_str()
                .chars()
                .take_while(|c| matches!(c, 'X' | 'x' | 'Ｘ' | '×' | '＊' | '*' | '_' | '＿'))
                .collect();
            let numeric = m.as_str().len() > ph.len() || after.is_some_and(|c| c.is_ascii_digit());
            let msg = if m.as_str().contains("月X日")
                || m.as_str().contains("月") && m.as_str().contains("日")
            {
                format!("疑似遗留日期占位符“{}”", m.as_str())
            } else if numeric {
                format!("疑似遗留数字占位符“{ph}”")
            } else {
                format!("疑似遗留占位符“{ph}”")
            };
            let mut f = ctx.finding(s, e, msg);
            f.suggestion = Some(if numeric {
                "填入实际数字".into()
            } else {
                "填入实际内容".into()
            });
            out.push(f);
        }
        // On top of extract: every quantity it marks as a placeholder (XX万元) is reported,
        // also forms this rule's patterns do not know yet.
        let own = out.len();
        for q in ctx
            .ex
            .iter()
            .flat_map(|d| &d.quantities)
            .filter(|q| q.placeholder)
        {
            if out[..own]
                .iter()
                .any(|f| f.start < q.end && q.start < f.end)
            {
                continue;
            }
            let (s, e) = (ctx.clean_of(q.start), ctx.clean_of(q.end));
            if s < e && t.is_char_boundary(s) && t.is_char_boundary(e) {
                let mut f = ctx.finding(s, e, format!("疑似遗留数字占位符“{}”", q.text));
                f.suggestion = Some("填入实际数字".into());
                out.push(f);
            }
        }
        let extra: Vec<(String, String)> = ctx
            .settings
            .placeholders
            .iter()
            .map(|p| (p.clone(), String::new()))
            .collect();
        let extra_ac = if extra.is_empty() {
            None
        } else {
            automaton(&extra)
        };
        let mut spans: Vec<(usize, usize)> = ctx
            .lexicon()
            .iter()
            .filter(|h| h.list == List::Placeholder)
            .map(|h| (h.start, h.end))
            .collect();
        if let Some(ac) = extra_ac.as_ref() {
            spans.extend(ac.find_iter(t).map(|m| (m.start(), m.end())));
        }
        {
            for m in spans.iter().map(|&(s, e)| Span::new(s, e)) {
                if ctx.in_quote(m.start()) {
                    continue;
                }
                let mut f = ctx.finding(
                    m.start(),
                    m.end(),
                    format!("疑似遗留占位符“{}”", &t[m.start()..m.end()]),
                );
                f.suggestion = Some("填入实际内容".into());
                out.push(f);
            }
        }
    }
}
