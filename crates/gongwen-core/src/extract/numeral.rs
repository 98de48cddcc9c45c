//! The numeral core: Arabic numbers (thousands separators, decimals, full-width digits,
//! spaces around the decimal point as in `5 . 5`) and Chinese numerals (〇/零 一 二 两 …
//! 十 百 千 万 亿, 廿 卅 卌, financial 壹贰叁…佰仟, colloquial 三万五 / 两千六 / 一百二,
//! approximate pairs 三四 / 二三十 / 十七八, positional 二〇二三), all read at a byte
//! position of a `&str` without allocating.
//!
//! Written by hand rather than with a crate: cn2an-like crates convert whole strings
//! and allocate; extraction needs "the longest numeral starting here, and where it
//! ends" on a hot path.

/// A numeral as read at one position: its byte range and value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Upper bound of an approximate pair (`三四个` → 3..4, `二三十` → 20..30).
    pub value_max: Option<f64>,
    /// Written (at least partly) in Chinese numerals.
    pub chinese: bool,
    /// Arabic integer without separators, decimals or multipliers (years, phone numbers).
    pub plain_int: bool,
    /// Number of digits of the integer part (Arabic or positional Chinese).
    pub int_digits: usize,
    /// Chinese digits read positionally (`二〇二三`), as in years.
    pub positional: bool,
    /// Just `一` (or 壹/幺): the indefinite article more often than a count.
    pub lone_one: bool,
    /// A multiplier (万, 亿, 千万…) was applied after the digits.
    pub multiplied: bool,
    /// Has a decimal part.
    pub decimal: bool,
    /// More than one decimal point (`1.2.3`): a version or section number.
    pub multi_dot: bool,
}

/// Value of a Chinese digit character (`零`/`〇` → 0, `两` → 2, financial forms too).
#[inline]
pub fn cn_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' | '０' => 0,
        '一' | '壹' | '幺' | '弌' => 1,
        '二' | '贰' | '貳' | '两' | '兩' | '弍' | '俩' | '倆' => 2,
        '三' | '叁' | '參' | '弎' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a Chinese digit that is never also a full-width Arabic digit.
#[inline]
fn cn_only_digit(c: char) -> Option<u8> {
    if c == '０' {
        None
    } else {
        cn_digit(c)
    }
}

/// Value of a Chinese power-of-ten character below 万.
#[inline]
pub fn cn_small_unit(c: char) -> Option<f64> {
    Some(match c {
        '十' | '拾' => 10.0,
        '百' | '佰' => 100.0,
        '千' | '仟' => 1000.0,
        _ => return None,
    })
}

/// Value of 万 / 亿 (and traditional forms).
#[inline]
pub fn cn_big_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' | '萬' => 1e4,
        '亿' | '億' => 1e8,
        _ => return None,
    })
}

/// Value of an Arabic digit, ASCII or full-width.
#[inline]
pub fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Can a Chinese numeral start with this character?
#[inline]
pub fn is_cn_numeral_start(c: char) -> bool {
    cn_only_digit(c).is_some() || matches!(c, '十' | '拾' | '廿' | '卅' | '卌')
}

#[inline]
pub(crate) fn char_at(s: &str, pos: usize) -> Option<char> {
    s.get(pos..).and_then(|r| r.chars().next())
}

/// Units that begin with a multiplier character: `3千瓦` is 3 kW, not 3000 瓦.
const UNIT_PREFIXED: &[&str] = &[
    "千瓦",
    "千米",
    "千克",
    "千伏",
    "千字节",
    "千帕",
    "千卡",
    "千焦",
    "百米",
    "百分点",
];

#[inline]
fn unit_prefixed_at(s: &str, pos: usize) -> bool {
    let rest = match s.get(pos..) {
        Some(r) => r,
        None => return false,
    };
    UNIT_PREFIXED.iter().any(|u| rest.starts_with(u))
}

/// Read an Arabic number at `pos` (no multiplier).
pub fn parse_arabic(s: &str, pos: usize) -> Option<Numeral> {
    let bytes = s.as_bytes();
    let mut buf = NumBuf::new();
    let mut p = pos;
    let mut int_digits = 0usize;
    let mut group = 0usize; // digits in the current thousands group
    let mut grouped = false;
    while let Some(c) = char_at(s, p) {
        if let Some(d) = arabic_digit(c) {
            buf.push(b'0' + d);
            int_digits += 1;
            group += 1;
            p += c.len_utf8();
            continue;
        }
        if (c == ',' || c == '，')
            && (group <= 3)
            && (grouped && group == 3 || !grouped && group >= 1)
        {
            // A thousands separator: exactly three digits follow, then a non-digit.
            let q = p + c.len_utf8();
            let mut k = q;
            let mut n = 0;
            while n < 4 {
                match char_at(s, k).and_then(arabic_digit) {
                    Some(_) => {
                        k += char_at(s, k).map_or(1, char::len_utf8);
                        n += 1;
                    }
                    None => break,
                }
            }
            if n == 3 {
                grouped = true;
                group = 0;
                p = q;
                continue;
            }
        }
        break;
    }
    if int_digits == 0 {
        return None;
    }
    let int_end = p;
    // Decimal part: '.', '．' with optional spaces around it ("5 . 5%").
    let mut decimal = false;
    let mut multi_dot = false;
    let mut q = p;
    while bytes.get(q) == Some(&b' ') {
        q += 1;
    }
    let dot_len = if bytes.get(q) == Some(&b'.') {
        1
    } else if s.get(q..).is_some_and(|r| r.starts_with('．')) {
        3
    } else {
        0
    };
    if dot_len > 0 {
        let mut r = q + dot_len;
        let spaced = q > p;
        while bytes.get(r) == Some(&b' ') {
            r += 1;
        }
        if (r == q + dot_len || spaced) && char_at(s, r).and_then(arabic_digit).is_some() {
            buf.push(b'.');
            while let Some(d) = char_at(s, r).and_then(arabic_digit) {
                buf.push(b'0' + d);
                r += char_at(s, r).map_or(1, char::len_utf8);
            }
            decimal = true;
            p = r;
            // 1.2.3: a version or clause number.
            if bytes.get(p) == Some(&b'.') && bytes.get(p + 1).is_some_and(u8::is_ascii_digit) {
                multi_dot = true;
                while bytes
                    .get(p)
                    .is_some_and(|b| *b == b'.' || b.is_ascii_digit())
                {
                    p += 1;
                }
            }
        }
    }
    let _ = int_end;
    let value = buf.value()?;
    Some(Numeral {
        start: pos,
        end: p,
        value,
        value_max: None,
        chinese: false,
        plain_int: !decimal && !grouped,
        int_digits,
        positional: false,
        lone_one: false,
        multiplied: false,
        decimal,
        multi_dot,
    })
}

/// A small stack buffer for the ASCII form of a number (no allocation).
struct NumBuf {
    b: [u8; 48],
    n: usize,
}

impl NumBuf {
    fn new() -> Self {
        NumBuf { b: [0; 48], n: 0 }
    }
    fn push(&mut self, c: u8) {
        if self.n < self.b.len() {
            self.b[self.n] = c;
            self.n += 1;
        }
    }
    fn value(&self) -> Option<f64> {
        std::str::from_utf8(&self.b[..self.n]).ok()?.parse().ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    D(u8),
    Zero,
    U(f64),
    Big(f64),
}

const MAX_TOKS: usize = 40;

/// Read a Chinese numeral at `pos`: integer part, optional `点` decimals.
pub fn parse_chinese(s: &str, pos: usize) -> Option<Numeral> {
    let first = char_at(s, pos)?;
    if !is_cn_numeral_start(first) {
        return None;
    }
    let mut toks = [Tok::Zero; MAX_TOKS];
    let mut ends = [0usize; MAX_TOKS];
    let mut n = 0usize;
    let mut p = pos;
    while n + 2 < MAX_TOKS {
        let c = match char_at(s, p) {
            Some(c) => c,
            None => break,
        };
        let prev_digit = n > 0 && matches!(toks[n - 1], Tok::D(_) | Tok::Zero);
        // Spaces between numeral characters (`一百 五 十 二`): skip them when a numeral
        // character follows.
        if c == ' ' && n > 0 {
            let mut q = p;
            while s.as_bytes().get(q) == Some(&b' ') && q - p < 4 {
                q += 1;
            }
            if char_at(s, q).is_some_and(|d| {
                cn_only_digit(d).is_some() || cn_small_unit(d).is_some() || cn_big_unit(d).is_some()
            }) {
                p = q;
                continue;
            }
            break;
        }
        let next = p + c.len_utf8();
        if (c == '几' || c == '幾')
            && n > 0
            && char_at(s, next).is_some_and(|d| cn_big_unit(d).is_some())
        {
            // 二十几万 / 一百零几万: the vague digit reads as zero before 万/亿.
            toks[n] = Tok::Zero;
            ends[n] = next;
            n += 1;
        } else if let Some(d) = cn_only_digit(c) {
            if (c == '两' || c == '兩') && prev_digit {
                break; // 二两: the weight unit
            }
            if d == 0 {
                toks[n] = Tok::Zero;
            } else {
                toks[n] = Tok::D(d);
            }
            ends[n] = next;
            n += 1;
        } else if let Some(u) = cn_small_unit(c) {
            if c != '十' && c != '拾' && unit_prefixed_at(s, p) {
                break;
            }
            if n == 0 && u > 10.0 {
                break;
            }
            // 五十千: a unit after a smaller unit with no digit between ends the numeral.
            if n > 0 && matches!(toks[n - 1], Tok::U(v) if v < u) {
                break;
            }
            toks[n] = Tok::U(u);
            ends[n] = next;
            n += 1;
        } else if let Some(u) = cn_big_unit(c).or(
            if c == '兆'
                && n > 0
                && !s[next..].starts_with(['瓦', '赫', '字', '帕', '焦', '欧', '伏'])
            {
                Some(1e12)
            } else {
                None
            },
        ) {
            if n == 0 {
                break;
            }
            toks[n] = Tok::Big(u);
            ends[n] = next;
            n += 1;
        } else if matches!(c, '廿' | '卅' | '卌') {
            if prev_digit {
                break;
            }
            let d = match c {
                '廿' => 2,
                '卅' => 3,
                _ => 4,
            };
            toks[n] = Tok::D(d);
            ends[n] = p; // never ends a numeral on its own
            toks[n + 1] = Tok::U(10.0);
            ends[n + 1] = next;
            n += 2;
        } else {
            break;
        }
        p = next;
    }
    if n == 0 {
        return None;
    }
    let toks = &toks[..n];
    let mut value_max = None;
    let mut positional = false;
    let mut int_digits = 0;
    let (value, mut end, mut used);
    let all_digits = toks.iter().all(|t| matches!(t, Tok::D(_) | Tok::Zero));
    if all_digits && n >= 2 {
        let d = |t: &Tok| match t {
            Tok::D(d) => *d,
            _ => 0,
        };
        if n == 2 && is_pair(d(&toks[0]), d(&toks[1])) {
            value = d(&toks[0]) as f64;
            value_max = Some(d(&toks[1]) as f64);
        } else {
            let mut v = 0f64;
            for t in toks {
                v = v * 10.0 + d(t) as f64;
            }
            value = v;
            positional = true;
            int_digits = n;
        }
        used = n;
        end = ends[n - 1];
    } else {
        // First pair of adjacent non-zero digits.
        let adj = (0..n.saturating_sub(1))
            .find(|&i| matches!((toks[i], toks[i + 1]), (Tok::D(_), Tok::D(_))));
        match adj {
            Some(i) => {
                let (a, b) = match (toks[i], toks[i + 1]) {
                    (Tok::D(a), Tok::D(b)) => (a, b),
                    _ => (0, 0),
                };
                let rest_units = toks[i + 2..]
                    .iter()
                    .all(|t| matches!(t, Tok::U(_) | Tok::Big(_)));
                if is_pair(a, b) && rest_units {
                    let mut lo = [Tok::Zero; MAX_TOKS];
                    let mut hi = [Tok::Zero; MAX_TOKS];
                    let mut k = 0;
                    for (j, t) in toks.iter().enumerate() {
                        if j == i + 1 {
                            continue;
                        }
                        lo[k] = *t;
                        hi[k] = if j == i { toks[i + 1] } else { *t };
                        k += 1;
                    }
                    value = eval(&lo[..k]);
                    value_max = Some(eval(&hi[..k]));
                    used = n;
                    end = ends[n - 1];
                } else {
                    used = i + 1;
                    value = eval(&toks[..used]);
                    end = ends[i];
                }
            }
            None => {
                used = n;
                // A trailing 零 means nothing.
                while used > 1 && toks[used - 1] == Tok::Zero {
                    used -= 1;
                }
                value = eval(&toks[..used]);
                end = ends[used - 1];
            }
        }
    }
    if end <= pos {
        return None;
    }
    // A lone 十 needs what follows to make sense; callers decide. A lone zero is fine.
    let lone_one = used == 1 && matches!(toks[0], Tok::D(1));
    // Decimals: 点 + digits.
    let mut decimal = false;
    let mut v = value;
    if value_max.is_none() {
        if let Some(c) = char_at(s, end) {
            if c == '点' || c == '點' {
                let mut q = end + c.len_utf8();
                let mut scale = 0.1;
                let mut any = false;
                while let Some(d) = char_at(s, q).and_then(|c| {
                    if c == '两' || c == '兩' {
                        None
                    } else {
                        cn_only_digit(c)
                    }
                }) {
                    v += d as f64 * scale;
                    scale /= 10.0;
                    any = true;
                    q += 3;
                }
                if any {
                    decimal = true;
                    end = q;
                    used = usize::MAX;
                }
            }
        }
    }
    let _ = used;
    Some(Numeral {
        start: pos,
        end,
        value: round_clean(v),
        value_max,
        chinese: true,
        plain_int: false,
        int_digits,
        positional,
        lone_one: lone_one && !decimal,
        multiplied: false,
        decimal,
        multi_dot: false,
    })
}

/// Two adjacent digits read as "about a or b": consecutive (三四), or 三五.
#[inline]
fn is_pair(a: u8, b: u8) -> bool {
    a > 0 && (b == a + 1 || (a == 3 && b == 5))
}

/// Value of a token run without adjacent digits. Big units (万, 亿, 兆) build parts:
/// a big unit multiplies what came since the previous bigger part (`一万亿`), or the
/// previous part itself when nothing came between (`四万万`).
fn eval(toks: &[Tok]) -> f64 {
    let mut parts: [(f64, f64); 8] = [(0.0, 0.0); 8]; // (unit, value)
    let mut np = 0usize;
    let mut sec = 0f64;
    let mut num: Option<f64> = None;
    let mut last_unit = 1f64;
    let mut after_unit = false; // the pending digit directly follows a unit
    let mut zero = false;
    let mut prev_unit = false;
    for t in toks {
        match *t {
            Tok::Zero => {
                num = None;
                zero = true;
                prev_unit = false;
            }
            Tok::D(d) => {
                num = Some(d as f64);
                after_unit = prev_unit;
                prev_unit = false;
            }
            Tok::U(u) => {
                sec += num.unwrap_or(1.0) * u;
                num = None;
                last_unit = u;
                prev_unit = true;
                zero = false;
            }
            Tok::Big(b) => {
                let v = sec + num.unwrap_or(0.0);
                // Parts below this unit fold into it.
                let mut lower = 0.0;
                while np > 0 && parts[np - 1].0 < b {
                    lower += parts[np - 1].1;
                    np -= 1;
                }
                if v == 0.0 && lower == 0.0 {
                    if np > 0 && prev_unit {
                        // 四万万: multiply the previous part.
                        parts[np - 1].1 *= b;
                        parts[np - 1].0 *= b;
                    } else if np < parts.len() {
                        parts[np] = (b, b);
                        np += 1;
                    }
                } else if np < parts.len() {
                    parts[np] = (b, (lower + v) * b);
                    np += 1;
                }
                sec = 0.0;
                num = None;
                last_unit = b;
                prev_unit = true;
                zero = false;
            }
        }
    }
    let tail = match num {
        Some(d) if after_unit && !zero && last_unit >= 100.0 => d * last_unit / 10.0,
        Some(d) => d,
        None => 0.0,
    };
    parts[..np].iter().map(|p| p.1).sum::<f64>() + sec + tail
}

/// Round away binary noise (`0.1 * 3`) to 10 significant decimals.
#[inline]
pub fn round_clean(v: f64) -> f64 {
    // Exact integers (the common case) and non-finite values stay as they are.
    if !v.is_finite() || v == 0.0 || (v.fract() == 0.0 && v.abs() < 9.0e15) {
        return v;
    }
    // Decimal inputs times 10^k (18.6亿 = 18.6 × 10^8) leave noise in the last bits
    // (1860000000.0000002). Inputs carry far fewer than 15 significant digits, so
    // rounding to 15 significant digits removes the noise and nothing else.
    let mag = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(14 - mag);
    let r = (v * scale).round() / scale;
    if r.is_finite() {
        r
    } else {
        v
    }
}

/// A multiplier run after a number: 万, 亿, 千万, 百万, 万亿, 百亿… Returns (factor, end).
pub fn multiplier_at(s: &str, pos: usize) -> Option<(f64, usize)> {
    let mut p = pos;
    let mut f = 1f64;
    let mut k = 0;
    while k < 3 {
        let c = match char_at(s, p) {
            Some(c) => c,
            None => break,
        };
        let m = match c {
            '百' | '佰' | '千' | '仟' if !unit_prefixed_at(s, p) => cn_small_unit(c),
            '万' | '萬' | '亿' | '億' => cn_big_unit(c),
            '兆' if k > 0 => Some(1e12 / 1e8),
            _ => None,
        };
        match m {
            Some(m) => {
                // 百/千 must be followed by 万/亿 or stand last; "3百" and "3千" are fine.
                f *= m;
                p += c.len_utf8();
                k += 1;
            }
            None => break,
        }
    }
    if p > pos {
        Some((f, p))
    } else {
        None
    }
}

/// A numeral (Arabic or Chinese) at `pos`, with a trailing multiplier (`1.2万`,
/// `3千万`, `五点五亿`) and an inner `余`/`多` before it (`60余万`). Returns the numeral
/// (value multiplied) and the inner qualifier.
pub fn parse_number(s: &str, pos: usize) -> Option<(Numeral, Option<&'static str>)> {
    let c = char_at(s, pos)?;
    let mut n = if arabic_digit(c).is_some() {
        parse_arabic(s, pos)?
    } else {
        parse_chinese(s, pos)?
    };
    let mut q = None;
    let mut p = n.end;
    if let Some(c) = char_at(s, p) {
        if c == '余' || c == '多' {
            let after = p + c.len_utf8();
            if multiplier_at(s, after).is_some() && !n.chinese
                || (n.chinese && char_at(s, after).is_some_and(|c| cn_big_unit(c).is_some()))
            {
                q = Some(if c == '余' { "余" } else { "多" });
                p = after;
            }
        }
    }
    // Spaces before 万/亿 (`1000  万`).
    let mut ps = p;
    while s.as_bytes().get(ps) == Some(&b' ') && ps - p < 3 {
        ps += 1;
    }
    if ps > p && char_at(s, ps).is_some_and(|c| cn_big_unit(c).is_some()) {
        p = ps;
    }
    // A Chinese numeral already consumed its 万/亿 unless it has decimals.
    if !n.chinese || n.decimal || q.is_some() {
        if let Some((f, e)) = multiplier_at(s, p) {
            n.value = round_clean(n.value * f);
            n.value_max = n.value_max.map(|v| round_clean(v * f));
            n.end = e;
            n.multiplied = true;
            n.plain_int = false;
            n.lone_one = false;
            if q.is_none() && n.value_max.is_none() {
                chain(s, &mut n, f);
            }
            return Some((n, q));
        }
    }
    if q.is_some() {
        // 余 without a multiplier after it: leave it to the qualifier reader.
        q = None;
    }
    Some((n, q))
}

/// Lower-order pieces after a multiplier: `5万4千6百`, `3万4000`, `1千零1`, `25万6千`.
fn chain(s: &str, n: &mut Numeral, mut f: f64) {
    for _ in 0..4 {
        let mut p = n.end;
        let zero = char_at(s, p).is_some_and(|c| c == '零' || c == '〇');
        if zero {
            p += 3;
        }
        let Some(c) = char_at(s, p) else { return };
        if arabic_digit(c).is_none() {
            return;
        }
        let Some(piece) = parse_arabic(s, p) else {
            return;
        };
        if !piece.plain_int {
            return;
        }
        let (v, e, f2) = match multiplier_at(s, piece.end) {
            Some((f2, e)) if f2 < f && f2 >= 10.0 => (piece.value * f2, e, f2),
            Some(_) => return,
            None => {
                let want = f.log10().round() as usize;
                if !(zero || piece.int_digits == want) || piece.value >= f {
                    return;
                }
                (piece.value, piece.end, 1.0)
            }
        };
        if v >= f {
            return;
        }
        n.value = round_clean(n.value + v);
        n.end = e;
        if f2 <= 1.0 {
            return;
        }
        f = f2;
    }
}

/// Parse a whole string as one number (`一百二十三`, `1.2万`, `三万五`, `１２３`).
/// Returns `None` when anything is left over.
pub fn parse_whole(s: &str) -> Option<f64> {
    let t = s.trim();
    let (neg, t) = match t.strip_prefix('负').or_else(|| t.strip_prefix('-')) {
        Some(r) => (true, r),
        None => (false, t),
    };
    let (n, q) = parse_number(t, 0)?;
    if n.end != t.len() || q.is_some() || n.value_max.is_some() {
        return None;
    }
    Some(if neg { -n.value } else { n.value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<f64> {
        parse_whole(s)
    }

    #[test]
    fn chinese_integers() {
        assert_eq!(v("一百二十三"), Some(123.0));
        assert_eq!(v("两千"), Some(2000.0));
        assert_eq!(v("三千万"), Some(3e7));
        assert_eq!(v("一千零五"), Some(1005.0));
        assert_eq!(v("十五"), Some(15.0));
        assert_eq!(v("十"), Some(10.0));
        assert_eq!(v("一万亿"), Some(1e12));
        assert_eq!(v("三亿五千万"), Some(3.5e8));
        assert_eq!(v("廿五"), Some(25.0));
        assert_eq!(v("卅"), Some(30.0));
        assert_eq!(v("壹佰贰拾叁"), Some(123.0));
        assert_eq!(v("二〇二三"), Some(2023.0));
        assert_eq!(v("零"), Some(0.0));
    }

    #[test]
    fn colloquial() {
        assert_eq!(v("三万五"), Some(35000.0));
        assert_eq!(v("两千六"), Some(2600.0));
        assert_eq!(v("一百二"), Some(120.0));
        assert_eq!(v("三万零五"), Some(30005.0));
        assert_eq!(v("一亿二"), Some(1.2e8));
    }

    #[test]
    fn mixed_and_decimals() {
        assert_eq!(v("1.2万"), Some(12000.0));
        assert_eq!(v("10.1万"), Some(101000.0));
        assert_eq!(v("3千万"), Some(3e7));
        assert_eq!(v("五点五万"), Some(55000.0));
        assert_eq!(v("三点一二"), Some(3.12));
        assert_eq!(v("1,234.5"), Some(1234.5));
        assert_eq!(v("１２３．５"), Some(123.5));
        assert_eq!(v("5 . 5"), Some(5.5));
        assert_eq!(v("82，225.00"), Some(82225.0));
    }

    #[test]
    fn pairs() {
        let n = parse_chinese("二三十个", 0).unwrap();
        assert_eq!((n.value, n.value_max), (20.0, Some(30.0)));
        let n = parse_chinese("三四个", 0).unwrap();
        assert_eq!((n.value, n.value_max), (3.0, Some(4.0)));
        let n = parse_chinese("十七八岁", 0).unwrap();
        assert_eq!((n.value, n.value_max), (17.0, Some(18.0)));
        let n = parse_chinese("三五百", 0).unwrap();
        assert_eq!((n.value, n.value_max), (300.0, Some(500.0)));
    }

    #[test]
    fn kilowatt_is_not_a_multiplier() {
        let (n, _) = parse_number("3千瓦", 0).unwrap();
        assert_eq!((n.value, n.end), (3.0, 1));
        let (n, q) = parse_number("60余万人", 0).unwrap();
        assert_eq!((n.value, q), (600000.0, Some("余")));
    }
}
