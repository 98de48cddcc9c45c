//! The rule registry: one line per rule. Codes are `GW` + three digits by family and are
//! never reused; a removed rule keeps its line with status `Removed`.

use super::context::RuleContext;
use super::rules::{numbers as n, residue as r, structure as s, text as t};
use crate::model::{Finding, Severity};

/// Rule family (the hundreds digit of the code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Residue,
    Structure,
    Numbers,
    Text,
}

impl Family {
    pub fn label(&self) -> &'static str {
        match self {
            Family::Residue => "residue 残留",
            Family::Structure => "structure 结构",
            Family::Numbers => "numbers 数字",
            Family::Text => "text 文字标点",
        }
    }
}

/// Stability of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Stable,
    Preview,
    Removed,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Preview => "preview",
            Status::Removed => "removed",
        }
    }
}

/// What kind of fix a rule offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
    /// Safe for some findings, suggestion only for others.
    Sometimes,
}

impl FixKind {
    pub fn label(&self) -> &'static str {
        match self {
            FixKind::None => "无",
            FixKind::Safe => "安全",
            FixKind::Unsafe => "不安全（需确认）",
            FixKind::Sometimes => "部分",
        }
    }
}

/// One registered rule.
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub status: Status,
    pub fix: FixKind,
    pub doc: &'static str,
    pub check: fn(&RuleContext, &mut Vec<Finding>),
}

macro_rules! rule {
    ($code:literal, $name:literal, $fam:ident, $sev:ident, $st:ident, $fix:ident, $ty:path) => {
        RuleMeta {
            code: $code,
            name: $name,
            family: Family::$fam,
            severity: Severity::$sev,
            status: Status::$st,
            fix: FixKind::$fix,
            doc: <$ty>::DOC,
            check: <$ty>::check,
        }
    };
}

#[rustfmt::skip]
pub static RULES: &[RuleMeta] = &[
    rule!("GW101", "placeholder-residue",       Residue,   Error,   Stable,  None,      r::placeholder_residue::PlaceholderResidue),
    rule!("GW102", "scraped-junk",              Residue,   Error,   Stable,  Sometimes, r::scraped_junk::ScrapedJunk),
    rule!("GW103", "redaction-substitution",    Residue,   Error,   Stable,  Safe,      r::redaction_substitution::RedactionSubstitution),
    rule!("GW201", "heading-marker",            Structure, Warning, Stable,  Safe,      s::heading_marker::HeadingMarker),
    rule!("GW202", "heading-order",             Structure, Warning, Stable,  None,      s::heading_order::HeadingOrder),
    rule!("GW203", "heading-sequence",          Structure, Warning, Stable,  None,      s::heading_sequence::HeadingSequence),
    rule!("GW204", "enumeration-sequence",      Structure, Warning, Stable,  Unsafe,    s::enumeration_sequence::EnumerationSequence),
    rule!("GW205", "title-punctuation",         Structure, Warning, Stable,  Safe,      s::title_punctuation::TitlePunctuation),
    rule!("GW206", "year-missing-nian",         Structure, Warning, Stable,  Safe,      s::year_missing_nian::YearMissingNian),
    rule!("GW207", "title-year-mismatch",       Structure, Warning, Stable,  None,      s::title_year::TitleYearMismatch),
    rule!("GW208", "announced-count",           Structure, Warning, Stable,  None,      s::announced_count::AnnouncedCount),
    rule!("GW209", "self-reference",            Structure, Warning, Preview,  None,      s::self_reference::SelfReference),
    rule!("GW210", "enum-punctuation",          Structure, Warning, Stable,  Safe,      s::enum_punctuation::EnumPunctuation),
    rule!("GW211", "report-request",            Structure, Warning, Stable,  None,      s::report_request::ReportRequest),
    rule!("GW301", "missing-number",            Numbers,   Warning, Stable,  None,      n::missing_number::MissingNumber),
    rule!("GW302", "rate-contradiction",        Numbers,   Warning, Stable,  None,      n::rate_contradiction::RateContradiction),
    rule!("GW303", "parts-sum-mismatch",        Numbers,   Warning, Stable,  None,      n::parts_sum::PartsSumMismatch),
    rule!("GW304", "share-over-100",            Numbers,   Warning, Stable,  None,      n::share_over_100::ShareOver100),
    rule!("GW305", "yoy-contradiction",         Numbers,   Warning, Stable,  None,      n::yoy_contradiction::YoyContradiction),
    rule!("GW306", "range-hyphen",              Numbers,   Warning, Stable,  Safe,      n::range_hyphen::RangeHyphen),
    rule!("GW307", "range-unit",                Numbers,   Warning, Stable,  Safe,      n::range_unit::RangeUnit),
    rule!("GW308", "mixed-numerals",            Numbers,   Warning, Stable,  Safe,      n::mixed_numerals::MixedNumerals),
    rule!("GW309", "year-abbreviated",          Numbers,   Warning, Stable,  Unsafe,    n::year_abbreviated::YearAbbreviated),
    rule!("GW310", "approx-conflict",           Numbers,   Warning, Stable,  None,      n::approx_conflict::ApproxConflict),
    rule!("GW311", "digit-char-slip",           Numbers,   Warning, Stable,  Safe,      n::digit_char_slip::DigitCharSlip),
    rule!("GW312", "fullwidth-digit",           Numbers,   Warning, Stable,  Safe,      n::fullwidth_digit::FullwidthDigit),
    rule!("GW313", "date-format",               Numbers,   Warning, Stable,  Sometimes, n::date_format::DateFormat),
    rule!("GW314", "docno-format",              Numbers,   Warning, Stable,  Safe,      n::docno_format::DocnoFormat),
    rule!("GW315", "approx-arabic",             Numbers,   Warning, Stable,  Safe,      n::approx_arabic::ApproxArabic),
    rule!("GW316", "approx-dunhao",             Numbers,   Warning, Stable,  Safe,      n::approx_dunhao::ApproxDunhao),
    rule!("GW317", "reduce-times",              Numbers,   Warning, Stable,  None,      n::reduce_times::ReduceTimes),
    rule!("GW318", "zero-char",                 Numbers,   Warning, Stable,  Safe,      n::zero_char::ZeroChar),
    rule!("GW319", "percent-mixed",             Numbers,   Warning, Stable,  Sometimes, n::percent_mixed::PercentMixed),
    rule!("GW320", "fixed-term",                Numbers,   Warning, Stable,  Safe,      n::fixed_term::FixedTerm),
    rule!("GW401", "repeated-word",             Text,      Warning, Stable,  Unsafe,    t::repeated_word::RepeatedWord),
    rule!("GW402", "duplicate-sentence",        Text,      Warning, Stable,  None,      t::duplicate_sentence::DuplicateSentence),
    rule!("GW403", "near-duplicate-paragraph",  Text,      Warning, Stable,  None,      t::near_duplicate::NearDuplicateParagraph),
    rule!("GW404", "unpaired-punctuation",      Text,      Warning, Stable,  None,      t::unpaired_punctuation::UnpairedPunctuation),
    rule!("GW405", "halfwidth-punctuation",     Text,      Warning, Stable,  Safe,      t::halfwidth_punctuation::HalfwidthPunctuation),
    rule!("GW406", "jiezhi-misuse",             Text,      Warning, Stable,  Safe,      t::jiezhi::Jiezhi),
    rule!("GW407", "doubled-punctuation",       Text,      Warning, Stable,  Sometimes, t::doubled_punctuation::DoubledPunctuation),
    rule!("GW408", "typo",                      Text,      Warning, Stable,  Safe,      t::typo::Typo),
    rule!("GW409", "critical-term",             Text,      Error,   Stable,  Safe,      t::critical_term::CriticalTerm),
    rule!("GW410", "booktitle-misuse",          Text,      Warning, Stable,  None,      t::booktitle_misuse::BooktitleMisuse),
    rule!("GW411", "paired-mark-dunhao",        Text,      Info,    Stable,  Safe,      t::paired_mark_dunhao::PairedMarkDunhao),
    rule!("GW412", "deng-punctuation",          Text,      Warning, Stable,  Safe,      t::deng_punctuation::DengPunctuation),
    rule!("GW413", "ellipsis-form",             Text,      Warning, Stable,  Safe,      t::ellipsis::EllipsisForm),
    rule!("GW414", "cjk-space",                 Text,      Warning, Stable,  Safe,      t::cjk_space::CjkSpace),
    rule!("GW415", "dash-form",                 Text,      Warning, Stable,  Sometimes, t::dash_form::DashForm),
    rule!("GW416", "nested-marks",              Text,      Warning, Stable,  Safe,      t::nested_marks::NestedMarks),
    rule!("GW417", "redundant",                 Text,      Warning, Stable,  Safe,      t::redundant::Redundant),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_consistent() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "duplicate code");
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n, "duplicate name");
        for r in RULES {
            let fam = match r.family {
                Family::Residue => '1',
                Family::Structure => '2',
                Family::Numbers => '3',
                Family::Text => '4',
            };
            assert!(
                r.code.starts_with("GW")
                    && r.code.len() == 5
                    && r.code.as_bytes()[2] as char == fam,
                "{}",
                r.code
            );
            assert!(
                r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.name
            );
            for h in [
                "## 查什么",
                "## 为什么",
                "## 示例",
                "## 应改为",
                "## 修复安全性",
                "## 依据",
            ] {
                assert!(r.doc.contains(h), "{} doc lacks {h}", r.code);
            }
        }
    }
}
