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

/// `c.is_alphanumeric()`, answering the CJK Unified Ideographs (all alphabetic) without
/// the Unicode table lookup.
/// Also answers ASCII and the common CJK punctuation (none of it alphanumeric: general
/// punctuation U+2010–2027, `、。〃`, the brackets U+3008–3011) without it (tested over
/// every char).
#[inline]
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}' => true,
        '\0'..='\u{7F}' => c.is_ascii_alphanumeric(),
        '\u{2010}'..='\u{2027}' | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Normalised characters of a text (see the module doc).
pub fn normalize(text: &str) -> Vec<char> {
    text.chars()
        .map(crate::tokenize::fold_char)
        .filter(|&c| is_alphanumeric(c))
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

/// Signature rows a sentence uses (its [`SENTENCE_BANDS`] bands): the low half.
const LO: usize = SENTENCE_BANDS * ROWS;
/// The rows only whole paragraphs use.
const HI: usize = HASHES - LO;

/// The multiply-shift parameters of [`params`] in 32-bit halves, one array per part
/// (structure of arrays), so that the row loop of [`fold_rows`] compiles to vector
/// instructions.
struct SplitParams {
    a_lo: [u32; HASHES],
    a_hi: [u32; HASHES],
    b: [u64; HASHES],
}

fn split_params() -> &'static SplitParams {
    static P: std::sync::OnceLock<SplitParams> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut s = SplitParams {
            a_lo: [0; HASHES],
            a_hi: [0; HASHES],
            b: [0; HASHES],
        };
        for (i, &(a, b)) in params().iter().enumerate() {
            s.a_lo[i] = a as u32;
            s.a_hi[i] = (a >> 32) as u32;
            s.b[i] = b;
        }
        s
    })
}

/// `sig[i] = min(sig[i], ((a_i·h + b_i) mod 2⁶⁴) >> 32)` for the `N` rows starting at
/// `first`: the same value [`signature`] computes, in 32-bit halves. With
/// `a = a_hi·2³² + a_lo` and `h = h_hi·2³² + h_lo`,
/// `a·h + b ≡ (a_lo·h_lo + b) + 2³²·(a_hi·h_lo + a_lo·h_hi)  (mod 2⁶⁴)`, and the cross
/// term only adds to the upper half, so the upper half is
/// `((a_lo·h_lo + b) >> 32) + a_hi·h_lo + a_lo·h_hi  (mod 2³²)`.
#[inline(always)]
fn fold_rows<const N: usize>(sig: &mut [u32; N], h: u64, p: &SplitParams, first: usize) {
    let (h_lo, h_hi) = (h as u32, (h >> 32) as u32);
    let (Some(a_lo), Some(a_hi), Some(b)) = (
        p.a_lo.get(first..first + N),
        p.a_hi.get(first..first + N),
        p.b.get(first..first + N),
    ) else {
        return;
    };
    for i in 0..N {
        let low = (u64::from(a_lo[i]) * u64::from(h_lo)).wrapping_add(b[i]);
        let v = ((low >> 32) as u32)
            .wrapping_add(a_hi[i].wrapping_mul(h_lo))
            .wrapping_add(a_lo[i].wrapping_mul(h_hi));
        sig[i] = sig[i].min(v);
    }
}

/// [`fold_rows`] over a run of shingle hashes, with the signature held in a local
/// accumulator (registers) for the whole run.
#[inline(always)]
fn fold_run<const N: usize>(sig: &mut [u32; N], hashes: &[u64], p: &SplitParams, first: usize) {
    let mut acc = *sig;
    for &h in hashes {
        fold_rows(&mut acc, h, p, first);
    }
    *sig = acc;
}

/// The band keys of every passage of a paragraph, as stored: `(piece, keys)` for each
/// of [`pieces`] long enough to hash, the whole paragraph with all [`BANDS`] bands and
/// each sentence with its first [`SENTENCE_BANDS`]. Equal to calling [`text_keys`] on
/// each piece (tested), but every character is folded and normalised once, every
/// shingle hashed once, and a shingle inside a sentence evaluates the low signature
/// rows once for the sentence: the paragraph's low rows are the minimum of its
/// sentences' rows and of the shingles that lie in no sentence (a minimum over a union
/// is the minimum of the minima).
pub fn passage_keys(text: &str) -> Vec<(usize, Vec<u64>)> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
        && std::arch::is_x86_feature_detected!("avx512vl")
    {
        // SAFETY: the CPU supports these (checked just above at run time).
        return unsafe { passage_keys_avx512(text) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked just above at run time).
        return unsafe { passage_keys_avx2(text) };
    }
    passage_keys_impl(text)
}

/// [`passage_keys_impl`] compiled with AVX2: the row loops of [`fold_rows`] become
/// 8-lane vector code (with the shared shingle hashes: 3.6× less CPU than the scalar
/// 64-bit multiply per row, over the paragraphs of the 9.6 M-character slice);
/// the result is the same, bit for bit.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn passage_keys_avx2(text: &str) -> Vec<(usize, Vec<u64>)> {
    passage_keys_impl(text)
}

/// The same with AVX-512 (16 rows per instruction; where the CPU has it, as the bench
/// machines do: 18 % less time than AVX2 over the paragraphs of the bench corpus), bit
/// for bit the same result.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2")]
fn passage_keys_avx512(text: &str) -> Vec<(usize, Vec<u64>)> {
    passage_keys_impl(text)
}

/// See [`passage_keys`].
#[inline(always)]
fn passage_keys_impl(text: &str) -> Vec<(usize, Vec<u64>)> {
    // The normalised text (normalisation works char by char) as UTF-8 bytes (a shingle is hashed over its bytes, as
    // [`hash_chars`] does) with the byte offset of each normalised char, and each
    // text char's index in the normalised chars.
    let mut bytes: Vec<u8> = Vec::with_capacity(text.len());
    let mut off: Vec<u32> = Vec::with_capacity(text.len() / 3 + 2);
    let mut at: Vec<usize> = Vec::with_capacity(text.len() / 3 + 2);
    // The sentences ([`sentences`], computed in the same pass).
    let mut sent_chars: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut buf = [0u8; 4];
    for (i, c) in text.chars().enumerate() {
        at.push(off.len());
        if is_terminator(c) {
            sent_chars.push((start, i + 1));
            start = i + 1;
        }
        let c = crate::tokenize::fold_char(c);
        if is_alphanumeric(c) {
            off.push(bytes.len() as u32);
            let c = if c.is_ascii_digit() { '0' } else { c };
            // Constant lengths: a few moves instead of a `memcpy` call per char.
            match c.encode_utf8(&mut buf).len() {
                1 => bytes.push(buf[0]),
                2 => bytes.extend_from_slice(&buf[..2]),
                3 => bytes.extend_from_slice(&buf[..3]),
                _ => bytes.extend_from_slice(&buf),
            }
        }
    }
    if start < at.len() {
        sent_chars.push((start, at.len()));
    }
    at.push(off.len());
    let norm_len = off.len();
    off.push(bytes.len() as u32);
    // A sentence is never longer than its paragraph: nothing to hash.
    if norm_len < MIN_CHARS {
        return Vec::new();
    }
    let n_chars = at.len() - 1;
    // Normalised ranges of the sentences that are passages of their own.
    let mut sents: Vec<(usize, usize)> = sent_chars
        .into_iter()
        .map(|(s, e)| (at[s.min(n_chars)], at[e.min(n_chars).max(s.min(n_chars))]))
        .filter(|&(s, e)| e - s >= MIN_CHARS)
        .collect();
    if sents.len() < 2 {
        sents.clear();
    }
    sents.truncate(1022);
    let p = split_params();
    // MIN_CHARS ≥ SHINGLE: at least one window. Every window is hashed first, then the
    // rows are folded over runs of hashes: with the hash call inside the row loop the
    // signature accumulators were spilled to the stack and reloaded at every window
    // (a fifth of the time of this function).
    let windows = norm_len + 1 - SHINGLE;
    let hashes: Vec<u64> = (0..windows)
        .map(|j| xxh3_64(&bytes[off[j] as usize..off[j + SHINGLE] as usize]))
        .collect();
    let mut lo = [u32::MAX; LO];
    let mut hi = [u32::MAX; HI];
    let mut sent_sigs: Vec<[u32; LO]> = Vec::with_capacity(sents.len());
    let mut j = 0;
    for &(s, e) in &sents {
        // Windows before the sentence (or across its start): the paragraph's only.
        let before = &hashes[j..s.clamp(j, windows)];
        fold_run(&mut lo, before, p, 0);
        fold_run(&mut hi, before, p, LO);
        j += before.len();
        // Windows inside the sentence.
        let inside = &hashes[j..(e + 1).saturating_sub(SHINGLE).clamp(j, windows)];
        let mut sig = [u32::MAX; LO];
        fold_run(&mut sig, inside, p, 0);
        fold_run(&mut hi, inside, p, LO);
        j += inside.len();
        for (l, x) in lo.iter_mut().zip(&sig) {
            *l = (*l).min(*x);
        }
        sent_sigs.push(sig);
    }
    let rest = &hashes[j.min(windows)..];
    fold_run(&mut lo, rest, p, 0);
    fold_run(&mut hi, rest, p, LO);
    let mut sig = [u32::MAX; HASHES];
    sig[..LO].copy_from_slice(&lo);
    sig[LO..].copy_from_slice(&hi);
    let mut out = Vec::with_capacity(1 + sent_sigs.len());
    out.push((0, band_keys_n(&sig, BANDS)));
    for (k, s) in sent_sigs.iter().enumerate() {
        sig[..LO].copy_from_slice(s);
        out.push((k + 1, band_keys_n(&sig, SENTENCE_BANDS)));
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

/// A char that ends a sentence.
#[inline]
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

/// Char ranges of the sentences of a paragraph (terminators kept with their sentence).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        n = i + 1;
        if is_terminator(c) {
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
        fn passage_keys_equal_reference(t in "[工作全年完成新增就业。；！１2aＢ，% 、“”《》—〇々]{0,80}") {
            proptest::prop_assert_eq!(passage_keys(&t), reference_keys(&t));
            // The portable code too (the CPU running the tests may take the AVX-512 path),
            // and the AVX2 one.
            proptest::prop_assert_eq!(passage_keys_impl(&t), reference_keys(&t));
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: checked just above.
                proptest::prop_assert_eq!(unsafe { passage_keys_avx2(&t) }, reference_keys(&t));
            }
        }

        #[test]
        fn passage_keys_of_many_sentences_equal_reference(
            t in "([推进改革全面完成新增就业项目建设０-９]{3,30}[。；！？]){0,12}[工作3]{0,20}"
        ) {
            proptest::prop_assert_eq!(passage_keys(&t), reference_keys(&t));
            // The portable code too (the CPU running the tests may take the AVX-512 path).
            proptest::prop_assert_eq!(passage_keys_impl(&t), reference_keys(&t));
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: checked just above.
                proptest::prop_assert_eq!(unsafe { passage_keys_avx2(&t) }, reference_keys(&t));
            }
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

    #[test]
    fn fast_is_alphanumeric_equals_std_on_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
