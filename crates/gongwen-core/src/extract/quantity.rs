//! Quantity mentions in a plain `&str`: the scanner, ranges, percentages, units,
//! qualifiers (余 多 以上 左右 约 近 超 不低于…), comparisons with a direction (同比增长,
//! 较上年下降, 提高X个百分点) and the subject, the noun phrase the number measures.
//!
//! The scanner looks only at bytes that can start a number (ASCII and full-width
//! digits, Chinese numeral characters, placeholder letters `X` `×` `Ｘ`) and parses
//! around them; everything else is skipped at the cost of a table look-up.

use super::exclude::{self, is_break, Candidate};
use super::numeral::{self, char_at, parse_number, Numeral};
use super::unit::{entries, unit_at, UnitKind, UnitMatch};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use serde::Serialize;
use std::sync::LazyLock;

/// One quantity found in a text. Offsets are bytes relative to the text scanned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The span as written (number, multiplier, `%`, unit; inner `余`/`多` included,
    /// leading `约`/`近` and trailing `以上`/`左右` not).
    pub text: String,
    /// Normalised to the base unit (万元 → 元); `None` for placeholders.
    pub value: Option<f64>,
    pub value_max: Option<f64>,
    pub unit: Option<&'static str>,
    pub kind: Kind,
    pub percent: bool,
    pub permille: bool,
    pub qualifier: Option<&'static str>,
    pub placeholder: bool,
    /// An approximate pair (`三四个`, `二三十`).
    pub approximate: bool,
    pub comparison: Option<String>,
    pub direction: Option<&'static str>,
    pub subject: Option<String>,
    /// Start including a leading qualifier (`约5%` → at 约).
    pub outer_start: usize,
    /// End including a trailing qualifier (`3家以上` → after 上).
    pub outer_end: usize,
}

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Count,
    Money,
    Time,
    Measure,
    Percent,
    Permille,
    /// 个百分点
    Points,
    Fraction,
    /// A bare number without a unit.
    Number,
}

const NAMES: &str = include_str!("../../../../data/extract/names.txt");
const COMPARISON: &str = include_str!("../../../../data/extract/comparison.txt");

static NAMES_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let v: Vec<&str> = entries(NAMES).collect();
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(v)
        .unwrap_or_else(|_| AhoCorasick::new(["\u{0}"]).expect("trivial automaton"))
});

/// The first bytes of the names: an anchored name can only start at one of them (most
/// numbers start with an ASCII digit, which begins no name), so the automaton is not
/// called elsewhere.
static NAME_FIRST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut t = [false; 256];
    for n in entries(NAMES) {
        if let Some(&b) = n.as_bytes().first() {
            t[b as usize] = true;
        }
    }
    t
});

static VERBS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut v: Vec<(&'static str, &'static str)> = entries(COMPARISON)
        .filter_map(|l| {
            let mut p = l.split('\t');
            let w = p.next()?.trim();
            let d = match p.next()?.trim() {
                "up" => "up",
                "down" => "down",
                _ => "flat",
            };
            Some((w, d))
        })
        .collect();
    v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    v
});

/// Characters of the Basic Multilingual Plane that can start a number (a bitmap, so the
/// scan costs one load per character instead of a chain of comparisons).
const START_CHARS: &str =
    "〇零一壹幺弌二贰貳两兩弍三叁參弎四肆五伍六陆陸七柒八捌九玖十拾廿卅卌百佰千仟万萬俩倆\
    ０１２３４５６７８９ＸｘＸ×";

const fn start_bitmap() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let b = START_CHARS.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let (cp, len) = if c < 0x80 {
            (c as u32, 1)
        } else if c < 0xE0 {
            (((c as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
        } else {
            (
                ((c as u32 & 0x0F) << 12)
                    | ((b[i + 1] as u32 & 0x3F) << 6)
                    | (b[i + 2] as u32 & 0x3F),
                3,
            )
        };
        if c >= 0x80 {
            bits[(cp >> 6) as usize] |= 1 << (cp & 63);
        }
        i += len;
    }
    bits
}

static START_BITS: [u64; 1024] = start_bitmap();

#[inline(always)]
fn start_bit(cp: u32) -> bool {
    START_BITS[(cp as usize >> 6) & 1023] >> (cp & 63) & 1 == 1
}

/// Every quantity in `text`, in order. Offsets are relative to `text`.
pub fn quantities_in(text: &str) -> Vec<Mention> {
    // Reports hold about one quantity per 100 bytes: reserve, not regrow.
    let mut out = Vec::with_capacity(text.len() / 128);
    let b = text.as_bytes();
    let mut i = 0usize;
    let mut prev_end = 0usize;
    while i < b.len() {
        let c = b[i];
        let (hit, len) = if c < 0x80 {
            (c.is_ascii_digit() || c == b'X' || c == b'x', 1)
        } else if c >= 0xF0 {
            (false, 4)
        } else if c >= 0xE0 {
            let ch = match (b.get(i + 1), b.get(i + 2)) {
                (Some(&b1), Some(&b2)) => {
                    ((c as u32 & 0x0F) << 12) | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F)
                }
                _ => 0,
            };
            (start_bit(ch), 3)
        } else if c >= 0xC0 {
            (c == 0xC3 && b.get(i + 1) == Some(&0x97), 2)
        } else {
            (false, 1)
        };
        if !hit {
            i += len;
            continue;
        }
        match read_at(text, i, prev_end) {
            Step::Mention(m) => {
                i = m.end.max(i + len);
                prev_end = m.outer_end;
                out.push(m);
            }
            Step::Skip(e) => i = e.max(i + len),
        }
    }
    out
}

// Unboxed: one allocation less per mention; a `Step` is returned, never stored.
#[allow(clippy::large_enum_variant)]
enum Step {
    Mention(Mention),
    Skip(usize),
}

/// A number or placeholder as read: value(s), multiplier, percent sign.
struct Core {
    num: Option<Numeral>,
    end: usize,
    value: Option<f64>,
    placeholder: bool,
    percent: bool,
    permille: bool,
    fraction: bool,
    points: bool,
    mult: f64,
    inner_q: Option<&'static str>,
    /// The numeric part alone (without 百分之, %, 个百分点).
    inner: (usize, usize),
}

fn is_placeholder_char(c: char) -> bool {
    matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ')
}

/// Read a placeholder run (`XX`, `×××`, `ＸＸ`, `X.X`) with its multiplier.
fn read_placeholder(s: &str, pos: usize) -> Option<Core> {
    let before = s.get(..pos).and_then(|h| h.chars().next_back());
    if before.is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let mut p = pos;
    let mut n = 0;
    while let Some(c) = char_at(s, p) {
        if is_placeholder_char(c) && n < 6 {
            p += c.len_utf8();
            n += 1;
        } else if (c == '.' || c == '．')
            && n > 0
            && char_at(s, p + c.len_utf8()).is_some_and(is_placeholder_char)
        {
            p += c.len_utf8();
        } else {
            break;
        }
    }
    if n == 0 || char_at(s, p).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let (mult, p) = match numeral::multiplier_at(s, p) {
        Some((f, e)) => (f, e),
        None => (1.0, p),
    };
    Some(Core {
        num: None,
        end: p,
        value: None,
        placeholder: true,
        percent: false,
        permille: false,
        fraction: false,
        points: false,
        mult,
        inner_q: None,
        inner: (pos, p),
    })
}

/// Read one number-like core at `pos`: 百分之N, 千分之N, 万分之N, N分之M, N又M分之K, a
/// placeholder, or a number with its multiplier; then `%`, `‰`, `个百分点`, `成` (and
/// `折` when `loose`).
fn read_core(s: &str, pos: usize, loose: bool) -> Option<Core> {
    // 百分之N, 千分之N, 万分之N, 百万分之N: a ratio with a power-of-ten denominator.
    if let Some((den, e)) = numeral::multiplier_at(s, pos) {
        if let Some(r) = s.get(e..).and_then(|r| r.strip_prefix("分之")) {
            let q = e + "分之".len();
            let (n, end) = if r.starts_with('百') && den == 100.0 {
                (None, q + '百'.len_utf8())
            } else {
                let (mut n, _) = parse_number(s, q)?;
                if n.value_max.is_some() {
                    return None;
                }
                if loose {
                    let (f, e) = latin_multiplier(s, n.end);
                    n.value = numeral::round_clean(n.value * f);
                    n.end = e;
                }
                (Some(n), n.end)
            };
            let m = n.map_or(100.0, |n| n.value);
            let (value, pct, pml) = if den == 100.0 {
                (m, true, false)
            } else if den == 1000.0 {
                (m, false, true)
            } else {
                (numeral::round_clean(m * 100.0 / den), true, false)
            };
            return Some(Core {
                value: Some(value),
                num: n,
                end,
                placeholder: false,
                percent: pct,
                permille: pml,
                fraction: false,
                points: false,
                mult: 1.0,
                inner_q: None,
                inner: (q, end),
            });
        }
    }
    let first = char_at(s, pos)?;
    let mut core = if is_placeholder_char(first) {
        read_placeholder(s, pos)?
    } else {
        let (n, q) = parse_number(s, pos)?;
        let mult = if n.multiplied {
            multiplier_of(s, &n)
        } else {
            1.0
        };
        Core {
            value: Some(n.value),
            num: Some(n),
            end: n.end,
            placeholder: false,
            percent: false,
            permille: false,
            fraction: false,
            points: false,
            mult,
            inner_q: q,
            inner: (pos, n.end),
        }
    };
    // N分之M
    if let (Some(den), Some(_)) = (
        core.num,
        s.get(core.end..).and_then(|r| r.strip_prefix("分之")),
    ) {
        let mut q = core.end + "分之".len();
        let neg = loose && s.get(q..).is_some_and(|r| r.starts_with(['负', '負']));
        if neg {
            q += 3;
        }
        if let Some((num, _)) = parse_number(s, q) {
            if den.value != 0.0 && num.value_max.is_none() && den.value_max.is_none() {
                let m = if neg { -num.value } else { num.value };
                core.value = Some(numeral::round_clean(m / den.value));
                core.end = num.end;
                core.fraction = true;
                core.num = Some(Numeral {
                    start: pos,
                    end: num.end,
                    ..den
                });
                core.inner = (pos, num.end);
                return Some(core);
            }
        }
    }
    // N又M分之K
    if let (Some(whole), Some(_)) = (
        core.num,
        s.get(core.end..).and_then(|r| r.strip_prefix('又')),
    ) {
        if let Some(fr) = read_core(s, core.end + '又'.len_utf8(), loose) {
            if fr.fraction && whole.value_max.is_none() {
                core.value = Some(numeral::round_clean(whole.value + fr.value.unwrap_or(0.0)));
                core.end = fr.end;
                core.fraction = true;
                core.inner = (pos, fr.end);
                return Some(core);
            }
        }
    }
    if loose && core.num.is_some_and(|n| !n.chinese && !n.multiplied) {
        loose_arabic_tail(s, &mut core);
    }
    // N打 = N dozen (loose reading only; 打造/打击 are verbs).
    if loose && core.num.is_some() && !core.percent {
        let t = s.get(core.end..).unwrap_or("");
        if let Some(r) = t.strip_prefix('打') {
            if !r.starts_with(|c: char| "造击算开通破响赢好下工卡电球折".contains(c))
            {
                core.value = core.value.map(|v| v * 12.0);
                core.end += '打'.len_utf8();
                return Some(core);
            }
        }
    }
    let tail = s.get(core.end..).unwrap_or("");
    if tail.starts_with('%') {
        core.percent = true;
        core.end += 1;
    } else if tail.starts_with('％') {
        core.percent = true;
        core.end += '％'.len_utf8();
    } else if tail.starts_with('‰') {
        core.permille = true;
        core.end += '‰'.len_utf8();
    } else if tail.starts_with("个百分点")
        || tail.starts_with("百分点")
        || tail.starts_with("個百分點")
    {
        core.points = true;
        core.end += if tail.starts_with("百分点") {
            "百分点".len()
        } else {
            "个百分点".len()
        };
    } else if tail.starts_with('成')
        && core
            .num
            .is_some_and(|n| n.value <= 10.0 && n.value > 0.0 && !n.multiplied)
    {
        let after = tail.get(3..).unwrap_or("");
        let word = [
            "员", "为", "立", "效", "果", "绩", "本", "熟", "功", "都", "交", "品", "型", "长",
            "就", "片", "套", "批", "网",
        ];
        if !word.iter().any(|w| after.starts_with(w)) {
            core.percent = true;
            core.value = core.value.map(|v| numeral::round_clean(v * 10.0));
            core.end += 3;
        }
    } else if loose
        && tail.starts_with('折')
        && core
            .num
            .is_some_and(|n| n.value > 0.0 && n.value < 100.0 && n.value != 10.0 && !n.multiplied)
    {
        // 九折 = 90%, 8.5折 = 85%, 75折 / 三八折 = 75% / 38%.
        core.percent = true;
        core.value = core
            .value
            .map(|v| numeral::round_clean(if v < 10.0 { v * 10.0 } else { v }));
        core.end += 3;
    }
    Some(core)
}

/// `k`/`K`/`Ｋ` (×1000) or `M` (×10^6) right after a number, optionally after spaces.
fn latin_multiplier(s: &str, pos: usize) -> (f64, usize) {
    let mut p = pos;
    while s.as_bytes().get(p) == Some(&b' ') && p - pos < 2 {
        p += 1;
    }
    let t = s.get(p..).unwrap_or("");
    let (f, l) = match t.chars().next() {
        Some('k' | 'K') => (1e3, 1),
        Some('Ｋ' | 'ｋ') => (1e3, 3),
        Some('M') => (1e6, 1),
        _ => return (1.0, pos),
    };
    if t[l..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return (1.0, pos);
    }
    (f, p + l)
}

/// Loose readings after an Arabic number: `40k`, `2.5 M`, `2e5`, `12.32e+14`, `2^-1`,
/// `3/5`, `１６／5`, `1 3/5`.
fn loose_arabic_tail(s: &str, core: &mut Core) {
    let Some(v) = core.value else { return };
    let (f, e) = latin_multiplier(s, core.end);
    if e > core.end {
        core.value = Some(numeral::round_clean(v * f));
        core.end = e;
        return;
    }
    let t = s.get(core.end..).unwrap_or("");
    let sign_and_number = |from: usize| -> Option<(f64, usize)> {
        let mut p = from;
        let mut neg = false;
        loop {
            match char_at(s, p) {
                Some('-' | '－') => {
                    neg = !neg;
                    p += char_at(s, p).map_or(1, char::len_utf8);
                }
                Some('+') => p += 1,
                _ => break,
            }
        }
        let n = numeral::parse_arabic(s, p)?;
        Some((if neg { -n.value } else { n.value }, n.end))
    };
    if t.starts_with(['e', 'E']) {
        if let Some((x, e)) = sign_and_number(core.end + 1) {
            if x.fract() == 0.0 && x.abs() < 300.0 {
                core.value = Some(numeral::round_clean(v * 10f64.powi(x as i32)));
                core.end = e;
            }
        }
    } else if t.starts_with('^') {
        if let Some((x, e)) = sign_and_number(core.end + 1) {
            core.value = Some(numeral::round_clean(v.powf(x)));
            core.end = e;
        }
    } else if t.starts_with(['/', '／'])
        && core.num.is_some_and(|n| n.plain_int && n.int_digits <= 3)
    {
        // Not a date (2008/08/08): no leading zero, no second slash.
        let q = core.end + t.chars().next().map_or(1, char::len_utf8);
        let ok = |d: &Numeral| {
            d.plain_int
                && d.value != 0.0
                && !s[d.start..].starts_with(['0', '０'])
                && !s[d.end..].starts_with(['/', '／'])
        };
        let num_ok = core.num.is_some_and(|n| {
            !s[n.start..].starts_with(['0', '０']) && !s[..n.start].ends_with(['/', '／'])
        });
        if let Some(d) = numeral::parse_arabic(s, q).filter(ok).filter(|_| num_ok) {
            core.value = Some(numeral::round_clean(v / d.value));
            core.end = d.end;
            core.fraction = true;
        }
    } else if t.starts_with(' ') && core.num.is_some_and(|n| n.plain_int) {
        // A mixed fraction: 1 3/5.
        if let Some(n) = numeral::parse_arabic(s, core.end + 1).filter(|n| n.plain_int) {
            let after = s.get(n.end..).unwrap_or("");
            if after.starts_with(['/', '／']) {
                let q = n.end + after.chars().next().map_or(1, char::len_utf8);
                if let Some(d) =
                    numeral::parse_arabic(s, q).filter(|d| d.plain_int && d.value != 0.0)
                {
                    core.value = Some(numeral::round_clean(v + n.value / d.value));
                    core.end = d.end;
                    core.fraction = true;
                }
            }
        }
    }
}

/// The factor of the multiplier run of a multiplied numeral.
fn multiplier_of(s: &str, n: &Numeral) -> f64 {
    // Find where the digits end: scan back over multiplier chars.
    let text = s.get(n.start..n.end).unwrap_or("");
    let mut f = 1.0;
    for c in text.chars().rev() {
        match c {
            '万' | '萬' => f *= 1e4,
            '亿' | '億' => f *= 1e8,
            '千' | '仟' => f *= 1e3,
            '百' | '佰' => f *= 1e2,
            '兆' => f *= 1e4,
            _ => break,
        }
    }
    f
}

/// The multiplier the low end of a range borrows from the high end: `3-5万` (×10^4),
/// `两到三万` (×10^4), `十八至三十万` (×10^4), `八到九百亿` (×10^10), `两到三仟` (×1000);
/// not `8500到3万` (the low end is already larger than the high end's digits).
fn range_factor(s: &str, first: &Core, second: &Core) -> f64 {
    let (Some(a), Some(b)) = (first.num, second.num) else {
        // Placeholders: XX-XX万元 borrows the multiplier as written.
        return if first.mult == 1.0 { second.mult } else { 1.0 };
    };
    if first.mult != 1.0 {
        return 1.0;
    }
    if !b.chinese {
        let base = b.value / second.mult;
        return if second.mult != 1.0 && a.value <= base {
            second.mult
        } else {
            1.0
        };
    }
    if a.multiplied
        || s.get(a.start..a.end)
            .is_some_and(|t| t.contains(['万', '亿', '萬', '億']))
    {
        return 1.0;
    }
    let text = s.get(b.start..b.end).unwrap_or("");
    let big: f64 = text
        .chars()
        .rev()
        .take_while(|c| matches!(c, '万' | '亿' | '萬' | '億'))
        .map(|c| if matches!(c, '万' | '萬') { 1e4 } else { 1e8 })
        .product();
    let lead = text.chars().find_map(numeral::cn_digit).filter(|d| *d > 0);
    let f = if a.value < 10.0 && text.chars().count() >= 2 {
        // 两到三万, 八到九百亿, 两到三仟: the low end is a digit in the same place.
        match (lead, text.chars().last()) {
            (Some(d), Some(l)) if numeral::cn_small_unit(l).is_some() || big > 1.0 => {
                b.value / d as f64
            }
            _ => 1.0,
        }
    } else {
        big
    };
    if f > 1.0 && a.value * f <= b.value {
        f
    } else {
        1.0
    }
}

/// `N角M分`, `N毛`, `N分` (and after 块 a bare digit: 一块二) at `pos`: the amount in 元.
fn jiao_fen(s: &str, pos: usize, after_kuai: bool) -> Option<(f64, usize)> {
    let small = |p: usize| {
        parse_number(s, p)
            .map(|(n, _)| n)
            .filter(|n| !n.multiplied && n.value < 10.0 && n.value_max.is_none())
    };
    let n = small(pos)?;
    let t = s.get(n.end..).unwrap_or("");
    if t.starts_with(['角', '毛']) {
        let mut add = n.value * 0.1;
        let mut e = n.end + 3;
        if let Some(m) = small(e) {
            if s[m.end..].starts_with('分') {
                add += m.value * 0.01;
                e = m.end + 3;
            }
        }
        Some((add, e))
    } else if t.starts_with('分') && !t.starts_with("分之") && !t.starts_with("分钟") {
        Some((n.value * 0.01, n.end + 3))
    } else if after_kuai
        && unit_at(s, n.end).is_none()
        && t.chars()
            .next()
            .is_none_or(|c| is_break(c) || c == '。' || c == '钱')
    {
        Some((n.value * 0.1, n.end))
    } else {
        None
    }
}

/// Range separators between two numbers.
fn range_sep(s: &str, pos: usize) -> Option<usize> {
    let rest = s.get(pos..)?;
    for sep in ["——", "—", "--", "–", "－", "-", "～", "~", "〜", "至", "到"] {
        if let Some(r) = rest.strip_prefix(sep) {
            let _ = r;
            return Some(pos + sep.len());
        }
    }
    None
}

fn read_at(s: &str, pos: usize, prev_end: usize) -> Step {
    // Slogans and fixed names.
    if s.as_bytes()
        .get(pos)
        .is_some_and(|&b| NAME_FIRST_BYTES[b as usize])
    {
        if let Some(m) = NAMES_AC.find(Input::new(s).range(pos..).anchored(Anchored::Yes)) {
            return Step::Skip(m.end());
        }
    }
    let first = match read_core(s, pos, false) {
        Some(c) => c,
        None => return Step::Skip(pos + 1),
    };
    // 队伍 / 陆地 / 收拾: a financial numeral alone inside a word.
    if lone_financial_in_word(s, pos, first.end) {
        return Step::Skip(first.end);
    }
    let mut value = first.value;
    let mut value_max = first.num.and_then(|n| n.value_max);
    let approximate = value_max.is_some();
    let mut percent = first.percent;
    let mut permille = first.permille;
    let mut points = first.points;
    let mut placeholder = first.placeholder;
    let mut end = first.end;
    let mut second_num: Option<Numeral> = None;
    let mut qualifier = first.inner_q;

    // 余/多 right after the number: 50余人, 100多家, 5万余人.
    let mut q_after = None;
    if !percent && !permille && !points {
        if let Some(c) = char_at(s, end) {
            if (c == '余' || c == '多') && unit_at(s, end + 3).is_some() {
                q_after = Some(if c == '余' { "余" } else { "多" });
            }
        }
    }

    // Ranges: 3-5个, 10%～20%, 4.5-5%, 三至五个, XX万-1亿元.
    let mut ranged = false;
    if q_after.is_none() && value_max.is_none() {
        if let Some(q) = range_sep(s, end) {
            if let Some(second) = read_core(s, q, false) {
                let compatible = (second.percent || !percent) && second.permille == permille
                    || (!percent && !permille && !points);
                if compatible
                    && (second.num.is_some() || second.placeholder)
                    && second.num.is_none_or(|n| n.value_max.is_none())
                {
                    let mut lo = value;
                    let f = range_factor(s, &first, &second);
                    if f != 1.0 {
                        lo = lo.map(|v| numeral::round_clean(v * f));
                    }
                    value = lo;
                    value_max = second.value;
                    percent |= second.percent;
                    permille |= second.permille;
                    points |= second.points;
                    placeholder |= second.placeholder;
                    end = second.end;
                    second_num = second.num;
                    ranged = true;
                }
            }
        }
    }
    let core_end = first.end;
    if let Some(q) = q_after {
        qualifier = Some(q);
        end += 3;
    }

    // Unit.
    let mut unit: Option<UnitMatch> = None;
    if !percent && !permille && !points {
        unit = unit_at(s, end);
        if let Some(u) = unit {
            end += u.written_len;
            // 5万人至10万人: a range with the unit repeated.
            if !ranged && value_max.is_none() {
                if let Some(q) = range_sep(s, end) {
                    if let Some(second) = read_core(s, q, false) {
                        if !second.percent && second.num.is_none_or(|n| n.value_max.is_none()) {
                            if let Some(u2) = unit_at(s, second.end) {
                                if u2.unit == u.unit {
                                    value_max = second.value.map(|v| v * u2.factor);
                                    placeholder |= second.placeholder;
                                    end = second.end + u2.written_len;
                                    second_num = second.num;
                                    ranged = true;
                                }
                            }
                        }
                    }
                }
            }
            if let Some(v) = value.as_mut() {
                *v = numeral::round_clean(*v * u.factor);
            }
            // 123元1角1分, 十块三毛, 一块二: 角/毛 and 分 after 元/块.
            if u.kind == UnitKind::Money && u.factor == 1.0 && !ranged && value_max.is_none() {
                if let (Some(v), Some((add, e))) =
                    (value, jiao_fen(s, end, s[..end].ends_with('块')))
                {
                    value = Some(numeral::round_clean(v + add));
                    end = e;
                }
            }
            if !ranged || value_max.is_none() {
            } else if let Some(m) = value_max.as_mut() {
                if u.factor != 1.0 && second_num.is_some() {
                    *m = numeral::round_clean(*m * u.factor);
                }
            }
        }
    }
    let _ = ranged;

    let chinese = first.num.is_some_and(|n| n.chinese);
    // Chinese numerals and placeholders count only with a unit or as a ratio.
    let ratio = percent || permille || points || first.fraction;
    if (chinese || placeholder) && !ratio && unit.is_none() && first.mult == 1.0 {
        return Step::Skip(end.max(pos + 1));
    }
    if placeholder
        && !ratio
        && unit.is_none()
        && char_at(s, end).is_some_and(|c| !is_break(c) && c != '。')
    {
        return Step::Skip(end);
    }
    if chinese
        && first.num.is_some_and(|n| n.lone_one)
        && !ratio
        && !ranged
        && unit.is_none_or(|u| u.kind != UnitKind::Money)
    {
        return Step::Skip(end);
    }
    let cand = Candidate {
        text: s,
        start: pos,
        core_end,
        end,
        first: first.num.as_ref(),
        second: second_num.as_ref(),
        unit: unit.as_ref(),
        percent: percent || permille,
    };
    if exclude::reason(&cand).is_some() {
        return Step::Skip(end);
    }
    // A lone 十 only with a unit.
    if placeholder {
        value = None;
        value_max = None;
    }

    // Trailing qualifiers.
    let mut outer_end = end;
    // (The first characters of the words below: a cheap first test.)
    if let Some(rest) = s
        .get(end..)
        .filter(|r| r.starts_with(['以', '左', '上', '之', '有', '多', '余']))
    {
        for (w, q) in [
            ("以上", "以上"),
            ("以下", "以下"),
            ("以内", "以内"),
            ("左右", "左右"),
            ("上下", "左右"),
            ("之多", "多"),
            ("有余", "余"),
            ("多", "多"),
            ("余", "余"),
        ] {
            if rest.starts_with(w) {
                // 多 / 余 after a unit only for time spans (1年多) or at a clause end.
                if (q == "多" || q == "余") && w.len() == 3 {
                    let next = rest.get(3..).and_then(|r| r.chars().next());
                    if !(unit.is_some_and(|u| u.kind == UnitKind::Time)
                        || next.is_none_or(is_break))
                    {
                        continue;
                    }
                }
                if qualifier.is_none() {
                    qualifier = Some(q);
                }
                outer_end = end + w.len();
                break;
            }
        }
    }
    // Leading qualifiers.
    let mut outer_start = pos;
    let head = s.get(..pos).unwrap_or("");
    // (The last characters of the words below: a cheap first test.)
    let maybe_qualified = head.ends_with(['于', '过', '足', '到', '约', '为', '近', '逾', '超']);
    for (w, q) in [
        ("不低于", "不低于"),
        ("不少于", "不少于"),
        ("不超过", "不超过"),
        ("不高于", "不超过"),
        ("不多于", "不超过"),
        ("不足", "以下"),
        ("不到", "以下"),
        ("超过", "超"),
        ("大约", "约"),
        ("约为", "约"),
        ("将近", "近"),
        ("接近", "近"),
        ("逾", "超"),
        ("超", "超"),
        ("约", "约"),
        ("近", "近"),
    ] {
        if maybe_qualified && head.ends_with(w) {
            if w == "近" && (head.ends_with("最近") || head.ends_with("附近")) {
                continue;
            }
            if qualifier.is_none() {
                qualifier = Some(q);
            }
            outer_start = pos - w.len();
            break;
        }
    }

    // Comparison.
    // Look back at most ~40 characters: a subject or a comparison is within its clause.
    let floor = prev_end.max(back_boundary(s, outer_start, 120));
    let (comparison, direction, cmp_start) = comparison_before(s, outer_start, floor);
    let subject = subject_before(s, cmp_start.unwrap_or(outer_start), floor)
        .or_else(|| subject_after(s, outer_end));

    let kind = if percent {
        Kind::Percent
    } else if permille {
        Kind::Permille
    } else if points {
        Kind::Points
    } else if first.fraction {
        Kind::Fraction
    } else {
        match unit.map(|u| u.kind) {
            Some(UnitKind::Count) => Kind::Count,
            Some(UnitKind::Money) => Kind::Money,
            Some(UnitKind::Time) => Kind::Time,
            Some(UnitKind::Measure) => Kind::Measure,
            None => Kind::Number,
        }
    };
    let unit_name = if points {
        Some("百分点")
    } else {
        unit.map(|u| u.unit)
    };
    Step::Mention(Mention {
        start: pos,
        end,
        text: s.get(pos..end).unwrap_or("").to_string(),
        value,
        value_max,
        unit: unit_name,
        kind,
        percent,
        permille,
        qualifier,
        placeholder,
        approximate,
        comparison,
        direction,
        subject,
        outer_start,
        outer_end,
    })
}

/// The char boundary at or after `pos - bytes`.
#[inline]
pub(crate) fn back_boundary(s: &str, pos: usize, bytes: usize) -> usize {
    let mut b = pos.saturating_sub(bytes);
    while b < pos && !s.is_char_boundary(b) {
        b += 1;
    }
    b
}

/// A change verb ending at `pos` (optionally followed by 了), with its comparator.
fn comparison_before(
    s: &str,
    pos: usize,
    floor: usize,
) -> (Option<String>, Option<&'static str>, Option<usize>) {
    let head = match s.get(floor.min(pos)..pos) {
        Some(h) => h,
        None => return (None, None, None),
    };
    let mut h = head;
    for filler in ["了", "达到", "达", "为", "至", "到"] {
        if let Some(x) = h.strip_suffix(filler) {
            h = x;
            break;
        }
    }
    // Every verb of the list ends with one of these characters: a cheap first test.
    if !h.ends_with([
        '长', '加', '多', '高', '升', '涨', '大', '降', '少', '低', '落', '滑', '小', '减', '平',
    ]) {
        return (None, None, None);
    }
    for (verb, dir) in VERBS.iter() {
        if let Some(x) = h.strip_suffix(verb) {
            let verb_start = floor.min(pos) + x.len();
            // Look back a few chars in the clause for 同比/环比/较/比.
            let mut cmp_start = verb_start;
            let clause: Vec<(usize, char)> = x.char_indices().collect();
            let mut k = clause.len();
            let mut steps = 0;
            while k > 0 && steps < 10 {
                let (i, c) = clause[k - 1];
                if is_break(c) {
                    break;
                }
                let here = &x[i..];
                if here.starts_with("同比")
                    || here.starts_with("环比")
                    || c == '较'
                    || (c == '比' && !x[..i].ends_with('占'))
                {
                    cmp_start = floor.min(pos) + i;
                    break;
                }
                k -= 1;
                steps += 1;
            }
            if cmp_start == verb_start && verb.starts_with("同比") {
                cmp_start = verb_start;
            }
            let end = verb_start + verb.len();
            let phrase = s.get(cmp_start..end).unwrap_or("").to_string();
            let d = if *dir == "flat" { None } else { Some(*dir) };
            return (Some(phrase), d, Some(cmp_start));
        }
    }
    (None, None, None)
}

/// Words at the end of a subject phrase that belong to the predicate.
const SUBJECT_TRIM: &[&str] = &[
    "分别达到",
    "分别为",
    "分别",
    "达到",
    "共计",
    "合计",
    "总计",
    "累计达",
    "达",
    "为",
    "是",
    "共",
    "有",
    "约",
    "计",
    "完成了",
    "实现了",
    "突破",
    "超过",
    "占",
    "在",
    "了",
    "的",
];

fn subject_before(s: &str, pos: usize, floor: usize) -> Option<String> {
    let head = s.get(floor.min(pos)..pos)?;
    let clause_start = head
        .char_indices()
        .rev()
        .find(|(_, c)| is_break(*c) || *c == '。')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let mut sub = head.get(clause_start..)?.trim();
    // Every word of SUBJECT_TRIM ends with one of these characters: a cheap first test
    // before the string comparisons.
    let trimmable = |t: &str| {
        t.ends_with([
            '达', '为', '别', '到', '计', '是', '共', '有', '约', '了', '破', '过', '占', '在',
            '的',
        ])
    };
    while trimmable(sub) {
        let before = sub;
        for w in SUBJECT_TRIM {
            if let Some(x) = sub.strip_suffix(w) {
                sub = x.trim_end();
            }
        }
        if before == sub {
            break;
        }
    }
    for lead in ["其中", "全年", "共", "截至目前", "目前"] {
        if let Some(x) = sub.strip_prefix(lead) {
            if !x.is_empty() {
                sub = x;
            }
        }
    }
    let n = sub.chars().count();
    if n == 0 {
        return None;
    }
    if n > 20 {
        let skip = n - 20;
        let at = sub.char_indices().nth(skip).map_or(0, |(i, _)| i);
        sub = &sub[at..];
    }
    Some(sub.to_string())
}

/// When nothing precedes (`完成3个项目`… `新建5所学校`), the noun after the number.
fn subject_after(s: &str, pos: usize) -> Option<String> {
    let tail = s.get(pos..)?;
    // The first 10 characters up to a break or a digit, as a slice (no copy).
    let len = tail
        .char_indices()
        .take_while(|(_, c)| !is_break(*c) && *c != '。' && !c.is_ascii_digit())
        .take(10)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let t = tail[..len].trim_start_matches('的').trim();
    if t.is_empty() {
        None
    } else {
        Some(t.to_string())
    }
}

/// A bare number as found by [`numbers_in`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NumberHit {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub value_max: Option<f64>,
    pub percent: bool,
    pub permille: bool,
    /// `个百分点`
    pub points: bool,
    /// The numeric part alone (`百分之五十` → `五十`, `25%` → `25`).
    pub inner_start: usize,
    pub inner_end: usize,
}

/// Words that begin with a numeral character but are not numbers (conformance reading).
const LOOSE_WORDS: &[&str] = &["十足", "一看", "两两"];

/// A financial numeral character read alone inside a word (`队伍`, `陆地`, `收拾`).
fn lone_financial_in_word(text: &str, start: usize, end: usize) -> bool {
    let s = match text.get(start..end) {
        Some(s) => s,
        None => return false,
    };
    let mut cs = s.chars();
    let one = matches!((cs.next(), cs.next()), (Some(c), None) if "壹贰叁肆伍陆柒捌玖拾貳參陸".contains(c));
    if !one {
        return false;
    }
    let han = |c: Option<char>| {
        c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !"是和与为".contains(c))
    };
    han(text[..start].chars().next_back()) || han(text[end..].chars().next())
}

/// Every number in `text`, with or without a unit, Chinese numerals included, and no
/// exclusions (years, headings and names are numbers here). This is the layer the
/// conformance suites of number recognisers measure; [`quantities_in`] is the one for
/// reports.
///
/// Spoken transcripts put spaces inside numerals (`一 百 五 十`, `百 分 之2.4`, `1000  万`):
/// ASCII spaces next to a CJK character are read through, and offsets are mapped back.
pub fn numbers_in(text: &str) -> Vec<NumberHit> {
    if !text.contains(' ') {
        return numbers_in_dense(text);
    }
    let cjk = |c: Option<char>| c.is_some_and(|c| c as u32 >= 0x2E80);
    let mut dense = String::with_capacity(text.len());
    let mut map: Vec<usize> = Vec::with_capacity(text.len() + 1); // dense byte → text byte
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == ' ' {
            // Look past the run of spaces.
            let mut j = i;
            let mut next = None;
            let mut look = text[i..].char_indices();
            for (k, d) in look.by_ref() {
                if d != ' ' {
                    next = Some(d);
                    j = i + k;
                    break;
                }
            }
            if prev.is_some()
                && next.is_some()
                && (cjk(prev) || cjk(next))
                && !is_break(prev.unwrap_or(' '))
            {
                while it.peek().is_some_and(|(k, _)| *k < j) {
                    it.next();
                }
                continue;
            }
        }
        for k in 0..c.len_utf8() {
            map.push(i + k);
        }
        dense.push(c);
        prev = Some(c);
    }
    map.push(text.len());
    let back = |d: usize| map.get(d).copied().unwrap_or(text.len());
    let end_back = |d: usize| {
        if d == 0 {
            0
        } else {
            let l = dense
                .get(..d)
                .and_then(|t| t.chars().next_back())
                .map_or(1, char::len_utf8);
            back(d - l) + l
        }
    };
    numbers_in_dense(&dense)
        .into_iter()
        .map(|h| NumberHit {
            start: back(h.start),
            end: end_back(h.end),
            inner_start: back(h.inner_start),
            inner_end: end_back(h.inner_end),
            ..h
        })
        .collect()
}

fn numbers_in_dense(text: &str) -> Vec<NumberHit> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        let (hit, len) = if c < 0x80 {
            (c.is_ascii_digit(), 1)
        } else if c >= 0xF0 {
            (false, 4)
        } else if c >= 0xE0 {
            let ch = match (b.get(i + 1), b.get(i + 2)) {
                (Some(&b1), Some(&b2)) => {
                    ((c as u32 & 0x0F) << 12) | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F)
                }
                _ => 0,
            };
            (start_bit(ch) && ch != 'Ｘ' as u32 && ch != 'ｘ' as u32, 3)
        } else if c >= 0xC0 {
            (false, 2)
        } else {
            (false, 1)
        };
        if !hit {
            i += len;
            continue;
        }
        if let Some(m) = NAMES_AC.find(Input::new(text).range(i..).anchored(Anchored::Yes)) {
            i = m.end();
            continue;
        }
        match read_core(text, i, true) {
            Some(core)
                if core.value.is_some()
                    && !lone_financial_in_word(text, i, core.end)
                    && (!core.points || core.num.is_none_or(|n| n.value_max.is_none()))
                    && !LOOSE_WORDS.iter().any(|w| text[i..].starts_with(w)) =>
            {
                let mut value = core.value.unwrap_or(0.0);
                let mut s0 = i;
                // .5 and .23456: a decimal point with no integer part.
                if text[..s0].ends_with('.')
                    && !text[..s0 - 1].ends_with(|c: char| c.is_ascii_digit())
                    && core.num.is_some_and(|n| n.plain_int)
                    && core.end == core.num.map_or(0, |n| n.end)
                {
                    value /= 10f64.powi(core.num.map_or(0, |n| n.int_digits) as i32);
                    s0 -= 1;
                }
                // A sign written just before: 负3.9%, -22.2%.
                let (start, value) = if text[..s0].ends_with(['负', '負']) {
                    (s0 - '负'.len_utf8(), -value)
                } else if text[..s0].ends_with('-')
                    && !text[..s0 - 1].ends_with(|c: char| c.is_ascii_alphanumeric())
                {
                    (s0 - 1, -value)
                } else if text[..s0].ends_with('－') {
                    (s0 - '－'.len_utf8(), -value)
                } else {
                    (s0, value)
                };
                out.push(NumberHit {
                    start,
                    end: core.end,
                    value,
                    value_max: core.num.and_then(|n| n.value_max),
                    percent: core.percent,
                    permille: core.permille,
                    points: core.points,
                    inner_start: if start < s0 { start } else { core.inner.0 },
                    inner_end: core.inner.1,
                });
                i = core.end.max(i + len);
            }
            _ => i += len,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_bitmap_covers_every_numeral_start() {
        for cp in 0x80u32..0x10000 {
            if let Some(c) = char::from_u32(cp) {
                let want = numeral::is_cn_numeral_start(c)
                    || matches!(
                        c,
                        '０'..='９' | 'Ｘ' | 'ｘ' | '×' | '百' | '千' | '万' | '佰' | '仟' | '萬'
                    );
                assert_eq!(start_bit(cp), want, "{c}");
            }
        }
    }
}
