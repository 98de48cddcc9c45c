//! MinHash/LSH over normalised character shingles, for similar and copied passages.
//!
//! Passages are paragraphs and, inside a paragraph of several sentences, each sentence
//! (split after `。！？；`). A passage is normalised by [`normalize`] — folded like the
//! index (width, case), then only letters, digits and CJK characters kept, and every
//! digit mapped to `0` so that a paragraph copied with its numbers changed still counts
//! as copied — and cut into overlapping [`SHINGLE`]-character shingles.
//!
//! Each shingle is hashed once with xxh3-64; [`HASHES`] multiply-shift permutations of
//! that hash give the signature; [`BANDS`] bands of [`ROWS`] rows are hashed into band
//! keys stored in SQLite (`bands` table). Two passages sharing any band key are
//! candidates; every candidate is then **verified by exact Jaccard similarity** of the
//! shingle sets, so nothing below the threshold is ever shown. With 16 × 4 the chance
//! that a pair is a candidate is 0.89 at Jaccard 0.6, 0.998 at 0.8 and 0.64 at 0.5;
//! sentences store only their first [`SENTENCE_BANDS`] bands (0.985 at 0.8).
//!
//! Written in-house (≈100 lines) rather than `gaoya`: deterministic, storable, no
//! alpha dependencies (STACK.md §1).

use std::collections::HashSet;
use xxhash_rust::xxh3::xxh3_64;

/// Characters per shingle.
pub const SHINGLE: usize = 5;
/// Bands and rows per band.
pub const BANDS: usize = 16;
pub const ROWS: usize = 4;
/// Sentences keep only their first bands: they serve near-verbatim reuse (threshold
/// 0.8, candidate chance 0.985 with 8 × 4) and are many, so this halves their rows.
pub const SENTENCE_BANDS: usize = 8;
/// Signature length.
pub const HASHES: usize = BANDS * ROWS;
/// Passages with fewer normalised characters are not hashed (too short to call copied).
pub const MIN_CHARS: usize = 12;

/// Normalised characters of a text (see the module doc).
pub fn normalize(text: &str) -> Vec<char> {
    text.chars()
        .map(crate::tokenize::fold_char)
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// The set of shingle hashes of a normalised text.
pub fn shingles(norm: &[char]) -> HashSet<u64> {
    let mut set = HashSet::new();
    if norm.len() < SHINGLE {
        if !norm.is_empty() {
            set.insert(hash_chars(norm));
        }
        return set;
    }
    for w in norm.windows(SHINGLE) {
        set.insert(hash_chars(w));
    }
    set
}

fn hash_chars(w: &[char]) -> u64 {
    let mut buf = [0u8; 4 * SHINGLE];
    let mut n = 0;
    for c in w {
        n += c.encode_utf8(&mut buf[n..]).len();
    }
    xxh3_64(&buf[..n])
}

/// Fixed multiply-shift parameters (odd multipliers), derived from a constant seed.
fn params() -> &'static [(u64, u64); HASHES] {
    static P: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut p = [(0u64, 0u64); HASHES];
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        for slot in p.iter_mut() {
            // splitmix64
            let mut next = || {
                s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = s;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            };
            *slot = (next() | 1, next());
        }
        p
    })
}

/// The MinHash signature of a shingle set.
pub fn signature(set: &HashSet<u64>) -> [u32; HASHES] {
    let mut sig = [u32::MAX; HASHES];
    let p = params();
    for &h in set {
        for (i, &(a, b)) in p.iter().enumerate() {
            let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
            if v < sig[i] {
                sig[i] = v;
            }
        }
    }
    sig
}

/// The band keys of a signature (one per band, band index mixed in).
pub fn band_keys(sig: &[u32; HASHES]) -> Vec<u64> {
    band_keys_n(sig, BANDS)
}

/// The first `bands` band keys of a signature.
fn band_keys_n(sig: &[u32; HASHES], bands: usize) -> Vec<u64> {
    (0..bands.min(BANDS))
        .map(|b| {
            let mut buf = [0u8; 1 + 4 * ROWS];
            buf[0] = b as u8;
            for r in 0..ROWS {
                buf[1 + 4 * r..5 + 4 * r].copy_from_slice(&sig[b * ROWS + r].to_le_bytes());
            }
            // Stored as SQLite INTEGER: keep it in i64 range without losing spread.
            xxh3_64(&buf) >> 1
        })
        .collect()
}

/// Band keys of a text, or `None` when it is too short to be a passage.
pub fn text_keys(text: &str) -> Option<Vec<u64>> {
    let norm = normalize(text);
    if norm.len() < MIN_CHARS {
        return None;
    }
    Some(band_keys(&signature(&shingles(&norm))))
}

/// The first `bands` band keys of a normalised passage (`None` when too short): the
/// same keys as [`text_keys`], computed over the shingle windows directly (a repeated
/// shingle does not change a minimum, so no set is built) and only for the signature
/// rows those bands use.
fn norm_keys(norm: &[char], bands: usize) -> Option<Vec<u64>> {
    if norm.len() < MIN_CHARS {
        return None;
    }
    let rows = bands.min(BANDS) * ROWS;
    let p = &params()[..rows];
    let mut sig = [u32::MAX; HASHES];
    // MIN_CHARS ≥ SHINGLE: there is at least one window.
    for w in norm.windows(SHINGLE) {
        let h = hash_chars(w);
        for (slot, &(a, b)) in sig[..rows].iter_mut().zip(p) {
            let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
            if v < *slot {
                *slot = v;
            }
        }
    }
    Some(band_keys_n(&sig, bands))
}

/// The band keys of every passage of a paragraph, as stored: `(piece, keys)` for each
/// of [`pieces`] long enough to hash, the whole paragraph with all [`BANDS`] bands and
/// each sentence with its first [`SENTENCE_BANDS`]. Equal to calling [`text_keys`] on
/// each piece, but every character is folded and normalised once.
pub fn passage_keys(text: &str) -> Vec<(usize, Vec<u64>)> {
    // The normalised form of each char (normalisation works char by char), and the
    // normalised text of the whole paragraph with each char's position in it.
    let mut norm: Vec<char> = Vec::with_capacity(text.len() / 3 + 1);
    let mut at: Vec<usize> = Vec::with_capacity(text.len() / 3 + 2);
    for c in text.chars() {
        at.push(norm.len());
        let c = crate::tokenize::fold_char(c);
        if c.is_alphanumeric() {
            norm.push(if c.is_ascii_digit() { '0' } else { c });
        }
    }
    at.push(norm.len());
    let n_chars = at.len() - 1;
    let range = |s: usize, e: usize| -> &[char] {
        let (s, e) = (s.min(n_chars), e.min(n_chars));
        &norm[at[s]..at[e.max(s)]]
    };
    let mut out = Vec::new();
    if let Some(k) = norm_keys(&norm, BANDS) {
        out.push((0, k));
    }
    let sents: Vec<(usize, usize)> = sentences(text)
        .into_iter()
        .filter(|&(s, e)| range(s, e).len() >= MIN_CHARS)
        .collect();
    if sents.len() >= 2 {
        for (k, (s, e)) in sents.into_iter().enumerate().take(1022) {
            if let Some(keys) = norm_keys(range(s, e), SENTENCE_BANDS) {
                out.push((k + 1, keys));
            }
        }
    }
    out
}

/// Exact Jaccard similarity of two shingle sets.
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let inter = small.iter().filter(|h| large.contains(h)).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Char ranges of the sentences of a paragraph (terminators kept with their sentence).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        n = i + 1;
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < n {
        out.push((start, n));
    }
    out
}

/// The passages of a paragraph: `(piece, char start, char end)`, piece 0 = the whole
/// paragraph, 1.. = its sentences (only when it has two or more long enough).
pub fn pieces(text: &str) -> Vec<(usize, usize, usize)> {
    let n = text.chars().count();
    let mut out = vec![(0, 0, n)];
    let sents: Vec<(usize, usize)> = sentences(text)
        .into_iter()
        .filter(|&(s, e)| normalize(&char_slice(text, s, e)).len() >= MIN_CHARS)
        .collect();
    if sents.len() >= 2 {
        for (k, (s, e)) in sents.into_iter().enumerate().take(1022) {
            out.push((k + 1, s, e));
        }
    }
    out
}

/// The substring of `text` between two char indices.
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "坚持以人民为中心的发展思想，全面推进乡村振兴，全年新增城镇就业1.2万人，城镇登记失业率控制在3.5%以内。";

    fn set(t: &str) -> HashSet<u64> {
        shingles(&normalize(t))
    }

    #[test]
    fn identical_texts_share_all_band_keys() {
        assert_eq!(text_keys(A), text_keys(A));
    }

    #[test]
    fn changed_numbers_do_not_change_the_passage() {
        let b = A.replace("1.2万", "3.4万").replace("3.5%", "4.8%");
        assert_eq!(jaccard(&set(A), &set(&b)), 1.0);
        let c = A.replace("3.5%", "4%");
        assert!(jaccard(&set(A), &set(&c)) > 0.8);
        let shared = text_keys(A)
            .unwrap()
            .iter()
            .zip(text_keys(&b).unwrap())
            .filter(|(x, y)| **x == *y)
            .count();
        assert!(shared >= 1);
    }

    #[test]
    fn unrelated_texts_are_far_apart() {
        let b = "加强生态环境保护，推进大气污染防治攻坚，完成重点河湖治理项目十二个，森林覆盖率稳步提高。";
        assert!(jaccard(&set(A), &set(b)) < 0.1);
        let shared = text_keys(A)
            .unwrap()
            .iter()
            .zip(text_keys(b).unwrap())
            .filter(|(x, y)| **x == *y)
            .count();
        assert_eq!(shared, 0);
    }

    #[test]
    fn signature_estimates_jaccard() {
        let b = format!("{A}同时加强财政资金监管，提升资金使用效益。");
        let (sa, sb) = (signature(&set(A)), signature(&set(&b)));
        let est = sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count() as f64 / HASHES as f64;
        let exact = jaccard(&set(A), &set(&b));
        assert!((est - exact).abs() < 0.25, "est {est} exact {exact}");
    }

    /// What `passage_keys` must equal: `text_keys` on each piece, sentences truncated.
    fn reference_keys(text: &str) -> Vec<(usize, Vec<u64>)> {
        pieces(text)
            .into_iter()
            .filter_map(|(piece, s, e)| {
                let keys = if piece == 0 {
                    text_keys(text)
                } else {
                    text_keys(&char_slice(text, s, e)).map(|mut k| {
                        k.truncate(SENTENCE_BANDS);
                        k
                    })
                };
                keys.map(|k| (piece, k))
            })
            .collect()
    }

    #[test]
    fn passage_keys_equal_text_keys_of_each_piece() {
        let long = format!("{A}{A}");
        for t in [
            A,
            long.as_str(),
            "全面完成年度各项目标任务和重点工作。新增就业一千二百人，超额完成计划；",
            "ＧＤＰ增长６．５％，Ａ级景区１２家。全年接待游客１２００万人次，旅游收入增长１５％！",
            "推进改革。",
            "",
            "全年新建改建农村公路126公里，完成危桥改造14座；新开通镇村公交线路6条，建制村通客车率100%",
        ] {
            assert_eq!(passage_keys(t), reference_keys(t), "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn passage_keys_equal_reference(t in "[工作全年完成新增就业。；！１2aＢ，% ]{0,80}") {
            proptest::prop_assert_eq!(passage_keys(&t), reference_keys(&t));
        }
    }

    #[test]
    fn short_text_is_no_passage() {
        assert!(text_keys("推进改革。").is_none());
    }

    #[test]
    fn sentences_and_pieces() {
        // 11 + 17 + 9 chars; normalised 10 + 15 + 8.
        let p = "全面完成年度目标任务。新增就业一千二百人，超额完成计划；完成固定资产投资。";
        assert_eq!(sentences(p), vec![(0, 11), (11, 28), (28, 37)]);
        // Only the middle sentence has twelve normalised characters: no sentence pieces.
        assert_eq!(pieces(p), vec![(0, 0, 37)]);
        let q = "全面完成年度各项目标任务和重点工作。新增就业一千二百人，超额完成计划；";
        assert_eq!(pieces(q), vec![(0, 0, 35), (1, 0, 18), (2, 18, 35)]);
        assert_eq!(pieces(A).len(), 1);
    }
}
