//! Applying fixes: collect the edits of findings, drop overlapping ones (first wins, as
//! ruff does), and splice them into the raw text.

use crate::model::{Applicability, Edit, Finding};

/// Apply the fixes of `findings` to `raw`. With `unsafe_fixes` false only safe fixes
/// are applied. Returns the new text and the number of findings fixed.
pub fn apply_fixes(raw: &str, findings: &[Finding], unsafe_fixes: bool) -> (String, usize) {
    let mut groups: Vec<&Vec<Edit>> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fx| unsafe_fixes || fx.applicability == Applicability::Safe)
        .map(|fx| &fx.edits)
        .filter(|e| !e.is_empty())
        .collect();
    groups.sort_by_key(|g| g.iter().map(|e| e.start).min().unwrap_or(0));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut fixed = 0;
    let mut last_end = 0usize;
    for g in groups {
        let mut es: Vec<&Edit> = g.iter().collect();
        es.sort_by_key(|e| e.start);
        let ok = es
            .first()
            .is_some_and(|e| e.start >= last_end || taken.is_empty() && e.start == 0)
            && es.windows(2).all(|w| w[0].end <= w[1].start)
            && es.iter().all(|e| {
                e.start <= e.end
                    && raw.is_char_boundary(e.start)
                    && raw.is_char_boundary(e.end)
                    && e.end <= raw.len()
            });
        if !ok {
            continue;
        }
        last_end = es.last().map(|e| e.end).unwrap_or(last_end);
        taken.extend(es);
        fixed += 1;
    }
    let mut out = String::with_capacity(raw.len());
    let mut pos = 0;
    for e in taken {
        out.push_str(&raw[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&raw[pos..]);
    (out, fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fix, Severity};

    fn f(start: usize, end: usize, rep: &str, a: Applicability) -> Finding {
        Finding {
            rule: "GW0".into(),
            name: "t".into(),
            severity: Severity::Warning,
            message: String::new(),
            doc: 1,
            line: 1,
            column: 1,
            start,
            end,
            text: String::new(),
            suggestion: None,
            fix: Some(Fix {
                applicability: a,
                edits: vec![Edit {
                    start,
                    end,
                    replacement: rep.into(),
                }],
            }),
        }
    }

    #[test]
    fn overlapping_and_unsafe_fixes() {
        let raw = "截止目前，，全镇";
        let a = f(0, 6, "截至", Applicability::Safe);
        let b = f(3, 9, "X", Applicability::Safe); // overlaps a: dropped
        let c = f(15, 18, "", Applicability::Safe);
        let d = f(18, 24, "全县", Applicability::Unsafe);
        let (out, n) = apply_fixes(raw, &[a.clone(), b, c.clone(), d.clone()], false);
        assert_eq!(out, "截至目前，全镇");
        assert_eq!(n, 2);
        let (out, _) = apply_fixes(raw, &[a, c, d], true);
        assert_eq!(out, "截至目前，全县");
    }
}
