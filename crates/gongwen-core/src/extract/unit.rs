//! Units after a number: counts (个 项 家 人次…), money (元 → value in 元; other
//! currencies keep their unit), time spans (小时 天 个月), measures (亩 吨 平方米 千瓦…).
//!
//! The lists are the plain text files under `data/units/`, one entry a line, embedded
//! at build time; the longest entry at a position wins (`人次` before `人`), and a word
//! from `blocked.txt` that starts there and is longer than the unit vetoes it (`三项目`).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use std::sync::LazyLock;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Count,
    Money,
    Time,
    Measure,
}

/// A unit found after a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitMatch {
    /// The unit as reported (`元` for 块钱 too).
    pub unit: &'static str,
    /// The unit as written.
    pub written_len: usize,
    pub kind: UnitKind,
    /// Factor to the base unit (money in 元: 角 → 0.1).
    pub factor: f64,
}

const COUNT: &str = include_str!("../../../../data/units/count.txt");
const MONEY: &str = include_str!("../../../../data/units/money.txt");
const TIME: &str = include_str!("../../../../data/units/time.txt");
const MEASURE: &str = include_str!("../../../../data/units/measure.txt");
const BLOCKED: &str = include_str!("../../../../data/units/blocked.txt");

/// Entries of a data file: non-empty lines not starting with `#`.
pub(crate) fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

struct Table {
    ac: AhoCorasick,
    info: Vec<(&'static str, UnitKind, f64)>,
    blocked: AhoCorasick,
    blocked_lens: Vec<usize>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut pats: Vec<&'static str> = Vec::new();
    let mut info = Vec::new();
    let mut add = |data: &'static str, kind: UnitKind| {
        for line in entries(data) {
            let mut parts = line.split('\t');
            let word = parts.next().unwrap_or("").trim();
            if word.is_empty() || pats.contains(&word) {
                continue;
            }
            let (unit, factor) = match (
                kind,
                parts.next().and_then(|f| f.trim().parse::<f64>().ok()),
            ) {
                (UnitKind::Money, Some(f)) => ("元", f),
                _ => (word, 1.0),
            };
            pats.push(word);
            info.push((unit, kind, factor));
        }
    };
    add(MONEY, UnitKind::Money);
    add(TIME, UnitKind::Time);
    add(MEASURE, UnitKind::Measure);
    add(COUNT, UnitKind::Count);
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(&pats)
        .unwrap_or_else(|_| AhoCorasick::new(["\u{0}"]).expect("trivial automaton"));
    let bl: Vec<&'static str> = entries(BLOCKED).collect();
    let blocked = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(&bl)
        .unwrap_or_else(|_| AhoCorasick::new(["\u{0}"]).expect("trivial automaton"));
    let blocked_lens = bl.iter().map(|b| b.len()).collect();
    Table {
        ac,
        info,
        blocked,
        blocked_lens,
    }
});

/// The unit starting exactly at `pos`, if any (longest entry wins; blocked words veto).
pub fn unit_at(s: &str, pos: usize) -> Option<UnitMatch> {
    if pos >= s.len() || !s.is_char_boundary(pos) {
        return None;
    }
    let t = &*TABLE;
    let m =
        t.ac.find(Input::new(s).range(pos..).anchored(Anchored::Yes))?;
    let (unit, kind, factor) = *t.info.get(m.pattern().as_usize())?;
    let len = m.end() - m.start();
    if let Some(b) = t
        .blocked
        .find(Input::new(s).range(pos..).anchored(Anchored::Yes))
    {
        if t.blocked_lens
            .get(b.pattern().as_usize())
            .copied()
            .unwrap_or(0)
            > len
        {
            return None;
        }
    }
    // ASCII units must not run on into a word (`5GB` yes, `5Gbps`… rare, `3kmh` no).
    if unit.is_ascii()
        && s.as_bytes()
            .get(m.end())
            .is_some_and(u8::is_ascii_alphabetic)
    {
        return None;
    }
    Some(UnitMatch {
        unit,
        written_len: len,
        kind,
        factor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_wins_and_blocked_vetoes() {
        let s = "万人次参加";
        let u = unit_at(s, "万".len()).unwrap();
        assert_eq!((u.unit, u.kind), ("人次", UnitKind::Count));
        assert_eq!(unit_at("项目", 0), None);
        assert_eq!(unit_at("项工作", 0).map(|u| u.unit), Some("项"));
        let u = unit_at("块钱", 0).unwrap();
        assert_eq!((u.unit, u.kind, u.factor), ("元", UnitKind::Money, 1.0));
        assert_eq!(unit_at("美元", 0).map(|u| u.unit), Some("美元"));
        assert_eq!(
            unit_at("平方米", 0).map(|u| u.kind),
            Some(UnitKind::Measure)
        );
        assert_eq!(unit_at("个月", 0).map(|u| u.kind), Some(UnitKind::Time));
    }
}
