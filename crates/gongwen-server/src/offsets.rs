//! Byte offsets → UTF-16 offsets for the web page.
//!
//! Every span of the JSON contract is a byte range into the UTF-8 text; JavaScript
//! strings are indexed in UTF-16 code units. For the page (and any other JS client)
//! the `?offsets=utf16` responses carry `u16_start` / `u16_end` beside every
//! `start` / `end` pair, computed here in one pass over the text.

use serde_json::Value;
use std::collections::HashMap;

/// Add `u16_start` / `u16_end` next to every object's numeric `start` / `end`.
/// An offset inside a character (never produced by the core) maps to that
/// character's start; one past the end maps to the text's length.
pub fn add_utf16_offsets(v: &mut Value, text: &str) {
    let mut wanted = Vec::new();
    collect(v, &mut wanted);
    if wanted.is_empty() {
        return;
    }
    wanted.sort_unstable();
    wanted.dedup();
    let map = utf16_map(text, &wanted);
    annotate(v, &map);
}

/// The UTF-16 index of each wanted byte offset (sorted, deduplicated).
pub fn utf16_map(text: &str, wanted: &[usize]) -> HashMap<usize, usize> {
    let mut map = HashMap::with_capacity(wanted.len());
    let mut it = wanted.iter().copied().peekable();
    let mut u16 = 0usize;
    for (byte, ch) in text.char_indices() {
        while let Some(&w) = it.peek() {
            if w <= byte {
                map.insert(w, u16);
                it.next();
            } else if w < byte + ch.len_utf8() {
                // Inside this character: its start.
                map.insert(w, u16);
                it.next();
            } else {
                break;
            }
        }
        u16 += ch.len_utf16();
    }
    for w in it {
        map.insert(w, u16);
    }
    map
}

fn pair(o: &serde_json::Map<String, Value>) -> Option<(usize, usize)> {
    let s = o.get("start")?.as_u64()? as usize;
    let e = o.get("end")?.as_u64()? as usize;
    Some((s, e))
}

fn collect(v: &Value, out: &mut Vec<usize>) {
    match v {
        Value::Object(o) => {
            if let Some((s, e)) = pair(o) {
                out.push(s);
                out.push(e);
            }
            o.values().for_each(|c| collect(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| collect(c, out)),
        _ => {}
    }
}

fn annotate(v: &mut Value, map: &HashMap<usize, usize>) {
    match v {
        Value::Object(o) => {
            if let Some((s, e)) = pair(o) {
                if let (Some(&us), Some(&ue)) = (map.get(&s), map.get(&e)) {
                    o.insert("u16_start".into(), us.into());
                    o.insert("u16_end".into(), ue.into());
                }
            }
            o.values_mut().for_each(|c| annotate(c, map));
        }
        Value::Array(a) => a.iter_mut().for_each(|c| annotate(c, map)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chinese_and_astral_characters_count_as_js_does() {
        // 全 = 3 bytes / 1 unit; 𠀀 = 4 bytes / 2 units; X = 1 byte / 1 unit.
        let text = "全镇𠀀投资XX万元";
        let x = text.find("XX").unwrap();
        let mut v = json!({"findings":[{"start": x, "end": x + 2, "fix": {"edits":[{"start": x, "end": x + 2, "replacement":"120"}]}}],
                           "doc": {"start": 0, "end": text.len()}});
        add_utf16_offsets(&mut v, text);
        let js_x = "全镇".encode_utf16().count() + 2 + "投资".encode_utf16().count();
        assert_eq!(v["findings"][0]["u16_start"], js_x);
        assert_eq!(v["findings"][0]["u16_end"], js_x + 2);
        assert_eq!(v["findings"][0]["fix"]["edits"][0]["u16_start"], js_x);
        assert_eq!(v["doc"]["u16_end"], text.encode_utf16().count());
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "一二";
        let map = utf16_map(text, &[1, 3, 4, 6, 99]);
        assert_eq!(map[&1], 0);
        assert_eq!(map[&3], 1);
        assert_eq!(map[&4], 1);
        assert_eq!(map[&6], 2);
        assert_eq!(map[&99], 2);
    }
}
