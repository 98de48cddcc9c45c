//! Text encodings: detect, decode, normalise line ends.
//!
//! Order of the checks (STACK.md §5):
//! 1. a BOM (UTF-8, UTF-16LE, UTF-16BE) decides;
//! 2. without a BOM, NUL bytes almost all on odd (LE) or even (BE) positions, with a
//!    clean UTF-16 decode, mean UTF-16;
//! 3. strict UTF-8 (a multi-byte sequence cut off at the very end still counts as UTF-8,
//!    with a warning and U+FFFD; so does text with at least 20 valid multi-byte
//!    characters per damaged sequence);
//! 4. otherwise `chardetng` guesses, restricted to what Chinese reports use: GBK and
//!    GB2312 are decoded as their superset GB18030; Big5 is kept when chardetng says so
//!    on at least 30 characters and it decodes cleanly; anything else falls back to
//!    GB18030 unless that decodes worse;
//! 5. `encoding_rs` decodes, and replacement characters are counted into a warning.
//!
//! Binary data (NUL bytes in a non-UTF-16 input, control characters in more than 1% of
//! the first 64 KiB, mostly undecodable bytes) is refused.
//!
//! The decoded text has `\n` line ends only (CRLF and lone CR become LF) and no BOM:
//! every span of later stages points into this decoded, normalised text.

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text and what was learnt while decoding.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// UTF-8 text, `\n` line ends, no BOM.
    pub text: String,
    /// `UTF-8`, `UTF-8-BOM`, `GB18030`, `UTF-16LE`, `UTF-16BE`, `Big5`, …
    pub encoding: String,
    /// Problems worth telling the user, in Chinese.
    pub warnings: Vec<String>,
}

/// Why bytes could not be decoded as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or control characters: not a text file.
    Binary,
}

/// How many leading bytes the heuristics look at.
const SAMPLE: usize = 64 * 1024;

/// Decode bytes of a text file. Empty input decodes to empty text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    // 1. BOM.
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let label = if enc == UTF_8 {
            "UTF-8-BOM".to_string()
        } else {
            label_of(enc)
        };
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            return Ok(finish_utf8(body, label));
        }
        return Ok(decode_with(enc, body, label));
    }
    // 2. UTF-16 without BOM.
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    if sample.contains(&0) {
        if let Some(enc) = sniff_utf16(sample) {
            return Ok(decode_with(enc, bytes, label_of(enc)));
        }
        return Err(DecodeError::Binary);
    }
    if looks_binary(sample) {
        return Err(DecodeError::Binary);
    }
    // 3. Strict UTF-8.
    match std::str::from_utf8(bytes) {
        // Validated once: the text goes straight to normalisation.
        Ok(s) => {
            return Ok(Decoded {
                text: normalize_newlines(s),
                encoding: "UTF-8".into(),
                warnings: Vec::new(),
            })
        }
        Err(e) if e.error_len().is_none() => {
            // Only the last (up to 3) bytes are an incomplete sequence.
            return Ok(finish_utf8(bytes, "UTF-8".into()));
        }
        Err(_) => {
            // Mostly valid UTF-8 with a few damaged bytes is still UTF-8: decoding it as
            // GB18030 would garble every character.
            let (multibyte, invalid) = utf8_stats(&bytes[..bytes.len().min(4 << 20)]);
            if multibyte >= 20 * invalid {
                return Ok(finish_utf8(bytes, "UTF-8".into()));
            }
        }
    }
    // 4. Guess among legacy encodings.
    let enc = guess_legacy(bytes);
    let decoded = decode_with(enc, bytes, label_of(enc));
    // Mostly undecodable: not text at all (counted only when something failed).
    if !decoded.warnings.is_empty() {
        let total = decoded.text.chars().count().max(1);
        let bad = decoded.text.chars().filter(|&c| c == '\u{FFFD}').count();
        if bad * 4 > total && total > 8 {
            return Err(DecodeError::Binary);
        }
    }
    Ok(decoded)
}

/// Decode bytes that are known to be UTF-8 (maybe with a BOM, maybe with a broken tail
/// or stray invalid sequences), for formats that are UTF-8 by definition (docx XML,
/// pdftotext output).
pub fn decode_utf8_lossy(bytes: &[u8]) -> Decoded {
    let (body, label) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "UTF-8-BOM"),
        None => (bytes, "UTF-8"),
    };
    finish_utf8(body, label.into())
}

/// The label we report for an encoding_rs encoding.
pub fn label_of(enc: &'static Encoding) -> String {
    if enc == GB18030 || enc == GBK {
        "GB18030".into()
    } else if enc == UTF_16LE {
        "UTF-16LE".into()
    } else if enc == UTF_16BE {
        "UTF-16BE".into()
    } else if enc == UTF_8 {
        "UTF-8".into()
    } else {
        enc.name().to_string()
    }
}

/// Valid multi-byte characters and invalid sequences in bytes read as UTF-8.
fn utf8_stats(bytes: &[u8]) -> (usize, usize) {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        // Lead bytes of multi-byte characters.
        multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    (multibyte, invalid)
}

/// UTF-8 bytes (without BOM) to normalised text; counts invalid sequences into a warning.
fn finish_utf8(body: &[u8], label: String) -> Decoded {
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(body) {
        Ok(s) => normalize_newlines(s),
        Err(e) => {
            let cut_at_end = e.error_len().is_none();
            let s = String::from_utf8_lossy(body);
            let n = s.chars().filter(|&c| c == '\u{FFFD}').count();
            if cut_at_end && n == 1 {
                warnings.push("文件末尾的多字节字符不完整（文件可能被截断），已替换为 U+FFFD (truncated multi-byte sequence at the end)".to_string());
            } else {
                warnings.push(format!(
                    "有 {n} 处无效的 UTF-8 字节序列，已替换为 U+FFFD (invalid UTF-8 replaced)"
                ));
            }
            normalize_newlines(&s)
        }
    };
    Decoded {
        text,
        encoding: label,
        warnings,
    }
}

/// Decode with a given encoding (no BOM sniffing), normalise, count replacements.
fn decode_with(enc: &'static Encoding, body: &[u8], label: String) -> Decoded {
    let enc = if enc == GBK { GB18030 } else { enc };
    let (cow, had_errors) = enc.decode_without_bom_handling(body);
    let mut warnings = Vec::new();
    if had_errors {
        let n = cow.chars().filter(|&c| c == '\u{FFFD}').count();
        warnings.push(format!("按 {label} 解码时有 {n} 处无法识别的字节，已替换为 U+FFFD (undecodable bytes replaced)"));
    }
    let mut text = normalize_newlines(&cow);
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    Decoded {
        text,
        encoding: label,
        warnings,
    }
}

/// UTF-16 without a BOM: the NUL bytes of ASCII characters sit on one parity.
fn sniff_utf16(sample: &[u8]) -> Option<&'static Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate().take(pairs * 2) {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let enc = if odd > 0 && even * 20 <= odd {
        UTF_16LE
    } else if even > 0 && odd * 20 <= even {
        UTF_16BE
    } else {
        return None;
    };
    // The decode must be clean text: no unpaired surrogates (beyond a cut-off end) and
    // few control characters.
    let (cow, _) = enc.decode_without_bom_handling(&sample[..pairs * 2]);
    let chars: Vec<char> = cow.chars().collect();
    let body = &chars[..chars.len().saturating_sub(1)];
    let bad = body
        .iter()
        .filter(|&&c| c == '\u{FFFD}' || is_binary_control(c))
        .count();
    if bad * 50 <= body.len().max(1) {
        Some(enc)
    } else {
        None
    }
}

/// Control characters that do not occur in text files (NUL excluded: handled apart).
fn is_binary_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{E}'..='\u{1A}' | '\u{1C}'..='\u{1F}' | '\u{7F}')
}

/// Control characters that text files do not contain (not tab, line ends, form feed or
/// ESC): more than 1% of the sample, or two in a short one.
fn looks_binary(sample: &[u8]) -> bool {
    let ctrl = sample
        .iter()
        .filter(|&&b| b < 0x80 && is_binary_control(b as char))
        .count();
    ctrl * 100 > sample.len() || (sample.len() < 200 && ctrl >= 2)
}

/// Non-ASCII bytes needed before a Big5 guess is believed (about 30 characters).
const BIG5_MIN_BYTES: usize = 60;

/// chardetng's guess, restricted to the encodings Chinese reports are written in.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // The first MiB is plenty to tell GB18030 from Big5.
    det.feed(&bytes[..bytes.len().min(1 << 20)], true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    if guess == GBK || guess == GB18030 {
        return GB18030;
    }
    // Compare decoders on the same 1 MiB sample (cut at the last ASCII byte, so no
    // multi-byte character is split).
    let mut sample = &bytes[..bytes.len().min(1 << 20)];
    if sample.len() < bytes.len() {
        if let Some(cut) = sample.iter().rposition(|b| b.is_ascii()) {
            sample = &sample[..cut + 1];
        }
    }
    let errors = |enc: &'static Encoding| {
        let (cow, had) = enc.decode_without_bom_handling(sample);
        if had {
            cow.chars().filter(|&c| c == '\u{FFFD}').count()
        } else {
            0
        }
    };
    let gb_errors = errors(GB18030);
    if guess == BIG5 {
        // Nearly every Big5 byte pair is also valid GBK, so only chardetng's statistics
        // tell them apart, and only on enough text: short inputs stay GB18030 (what
        // mainland reports use). Big5 also has to decode at least as cleanly.
        let non_ascii = sample.iter().filter(|b| !b.is_ascii()).count();
        return if non_ascii >= BIG5_MIN_BYTES && errors(BIG5) <= gb_errors {
            BIG5
        } else {
            GB18030
        };
    }
    // Another script (Shift_JIS, EUC-KR, windows-1252…): keep it only when GB18030 fails.
    if gb_errors > 0 && errors(guess) < gb_errors {
        guess
    } else {
        GB18030
    }
}

/// CRLF and lone CR become LF.
pub fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    // Copy the runs between CRs (memchr finds them; slices copy as memcpy).
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for i in memchr::memchr_iter(b'\r', b) {
        if i < last {
            continue; // the CR of a CRLF already consumed
        }
        out.push_str(&s[last..i]);
        out.push('\n');
        last = if b.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "青川县水利局2023年工作总结\r\n一、主要工作成效\r\n全年完成水利投资1.2亿元，新建山坪塘15口。\r";

    #[test]
    fn utf8_with_crlf_is_normalised() {
        let d = decode(REPORT.as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, REPORT.replace("\r\n", "\n").replace('\r', "\n"));
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn utf8_bom_is_stripped_and_reported() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("一、总体情况\n".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8-BOM");
        assert_eq!(d.text, "一、总体情况\n");
    }

    #[test]
    fn gbk_bytes_are_gb18030() {
        let (bytes, _, _) =
            GBK.encode("二、存在的问题\n基层水利设施管护资金不足，部分山坪塘淤积严重。\n");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(
            d.text,
            "二、存在的问题\n基层水利设施管护资金不足，部分山坪塘淤积严重。\n"
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "三、2024年工作计划\n计划新建高标准农田2.5万亩。\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode(&le).unwrap();
        assert_eq!((d.encoding.as_str(), d.text.as_str()), ("UTF-16LE", text));
        let d = decode(&be).unwrap();
        assert_eq!((d.encoding.as_str(), d.text.as_str()), ("UTF-16BE", text));
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&le);
        let d = decode(&with_bom).unwrap();
        assert_eq!((d.encoding.as_str(), d.text.as_str()), ("UTF-16LE", text));
    }

    #[test]
    fn truncated_tail_is_utf8_with_warning() {
        let full = "全年新增就业120人，完成率达".as_bytes();
        let mut b = full.to_vec();
        b.extend_from_slice(&"到".as_bytes()[..2]);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.text,
            format!("{}\u{FFFD}", std::str::from_utf8(full).unwrap())
        );
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("截断"));
    }

    #[test]
    fn nul_bytes_and_controls_are_binary() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap_err(),
            DecodeError::Binary
        );
        assert_eq!(
            decode(&[1, 2, 3, 4, 5, 6, 7, 8, 65, 66]).unwrap_err(),
            DecodeError::Binary
        );
    }

    #[test]
    fn utf8_with_one_damaged_byte_stays_utf8() {
        let mut b = "一、主要成效\n全年完成固定资产投资12.5亿元，同比增长8.3%。"
            .as_bytes()
            .to_vec();
        b.insert(9, 0xFF);
        let d = decode(&b).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(
            d.text,
            "一、主\u{FFFD}要成效\n全年完成固定资产投资12.5亿元，同比增长8.3%。"
        );
        assert_eq!(d.warnings.len(), 1);
    }

    #[test]
    fn big5_text_is_detected() {
        let text = "臺北市政府二〇二三年工作報告：推動都市更新，興建社會住宅三千戶，改善交通運輸與公共衛生。";
        let (bytes, _, _) = BIG5.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, text);
    }
}
