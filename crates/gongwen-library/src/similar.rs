//! Similar passages, reuse reports and duplicate clusters, on the MinHash band keys of
//! [`crate::minhash`] stored in SQLite.
//!
//! Every candidate from the LSH lookup is re-checked by exact Jaccard similarity of
//! the normalised shingle sets; only verified pairs are reported, so the listed
//! similarity is the true one (not an estimate).

use crate::minhash::{self, jaccard, normalize, shingles};
use crate::prepare::PreparedFile;
use crate::Error;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A passage of the input (one paragraph or sentence).
#[derive(Debug, Clone)]
pub struct InputPassage {
    pub line: usize,
    /// Char range in the paragraph text.
    pub start: usize,
    pub end: usize,
    pub piece: usize,
    pub text: String,
    /// Index of the paragraph in the input.
    pub paragraph: usize,
}

/// A library passage, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct LibPassage {
    pub doc_id: String,
    pub path: String,
    pub title: String,
    pub year: Option<i64>,
    pub line: i64,
    pub text: String,
    #[serde(skip)]
    pub document: i64,
    #[serde(skip)]
    pub paragraph: i64,
}

/// One verified similar pair.
#[derive(Debug, Clone, Serialize)]
pub struct SimilarMatch {
    pub line: usize,
    pub text: String,
    pub similarity: f64,
    pub source: LibPassage,
}

/// Paragraphs (with their pieces) of a prepared file.
pub fn input_passages(f: &PreparedFile) -> (Vec<InputPassage>, Vec<(usize, String)>) {
    let mut out = Vec::new();
    let mut paras = Vec::new();
    for d in &f.documents {
        for p in &d.paragraphs {
            let pi = paras.len();
            paras.push((p.line, p.text.clone()));
            for (piece, s, e) in minhash::pieces(&p.text) {
                let text = if piece == 0 {
                    p.text.clone()
                } else {
                    minhash::char_slice(&p.text, s, e)
                };
                if normalize(&text).len() >= minhash::MIN_CHARS {
                    out.push(InputPassage {
                        line: p.line,
                        start: s,
                        end: e,
                        piece,
                        text,
                        paragraph: pi,
                    });
                }
            }
        }
    }
    (out, paras)
}

/// Looks passages up in a library, caching resolved texts and shingle sets.
pub struct Lookup<'c> {
    conn: &'c Connection,
    cache: HashMap<i64, Option<(LibPassage, HashSet<u64>)>>,
}

impl<'c> Lookup<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Lookup {
            conn,
            cache: HashMap::new(),
        }
    }

    /// Forget cached passages when more than `max` are held (bounded memory).
    pub fn trim(&mut self, max: usize) {
        if self.cache.len() > max {
            self.cache.clear();
        }
    }

    /// Candidate passage codes sharing a band key with `keys`.
    pub fn candidates(&self, keys: &[u64]) -> Result<HashSet<i64>, Error> {
        let mut st = self
            .conn
            .prepare_cached("SELECT passages FROM bands WHERE key = ?1")?;
        let mut out = HashSet::new();
        let mut buf = Vec::new();
        for k in keys {
            let mut rows = st.query([*k as i64])?;
            while let Some(r) = rows.next()? {
                buf.clear();
                crate::store::BandChunks::decode(r.get_ref(0)?.as_blob().unwrap_or(&[]), &mut buf);
                out.extend(buf.iter().copied());
            }
        }
        Ok(out)
    }

    /// The passage behind a code (None when its paragraph was removed).
    pub fn resolve(&mut self, code: i64) -> Result<Option<&(LibPassage, HashSet<u64>)>, Error> {
        if !self.cache.contains_key(&code) {
            let v = self.load(code)?;
            self.cache.insert(code, v);
        }
        Ok(self.cache.get(&code).and_then(|v| v.as_ref()))
    }

    fn load(&self, code: i64) -> Result<Option<(LibPassage, HashSet<u64>)>, Error> {
        let (pid, piece) = (code / 1024, (code % 1024) as usize);
        let mut st = self.conn.prepare_cached(
            "SELECT p.text, p.line, d.id, d.doc_key, f.path, d.title, coalesce(d.summary_year, d.plan_year)
             FROM paragraphs p JOIN documents d ON d.id = p.document_id JOIN files f ON f.id = d.file_id
             WHERE p.id = ?1",
        )?;
        let row = st
            .query_row([pid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ))
            })
            .optional()?;
        let Some((ptext, line, document, doc_id, path, title, year)) = row else {
            return Ok(None);
        };
        let text = if piece == 0 {
            ptext
        } else {
            match minhash::pieces(&ptext).into_iter().find(|x| x.0 == piece) {
                Some((_, s, e)) => minhash::char_slice(&ptext, s, e),
                None => return Ok(None),
            }
        };
        let set = shingles(&normalize(&text));
        Ok(Some((
            LibPassage {
                doc_id,
                path,
                title,
                year,
                line,
                text,
                document,
                paragraph: pid,
            },
            set,
        )))
    }
}

/// Library passages at or above `threshold` Jaccard similarity to each passage of `f`.
/// Passages from the same path as `f` are skipped. Best first.
pub fn similar(
    conn: &Connection,
    f: &PreparedFile,
    threshold: f64,
) -> Result<Vec<SimilarMatch>, Error> {
    let (passages, _) = input_passages(f);
    let mut lookup = Lookup::new(conn);
    // (input paragraph, library paragraph) → best match
    let mut best: HashMap<(usize, i64), SimilarMatch> = HashMap::new();
    for p in &passages {
        let Some(keys) = minhash::text_keys(&p.text) else {
            continue;
        };
        let mine = shingles(&normalize(&p.text));
        let mut cands: Vec<i64> = lookup.candidates(&keys)?.into_iter().collect();
        cands.sort();
        for c in cands {
            let Some((lib, set)) = lookup.resolve(c)? else {
                continue;
            };
            if lib.path == f.path {
                continue;
            }
            let j = jaccard(&mine, set);
            if j + 1e-9 < threshold {
                continue;
            }
            let key = (p.paragraph, lib.paragraph);
            if best.get(&key).is_none_or(|m| m.similarity < j) {
                best.insert(
                    key,
                    SimilarMatch {
                        line: p.line,
                        text: p.text.clone(),
                        similarity: j,
                        source: lib.clone(),
                    },
                );
            }
        }
    }
    let mut out: Vec<SimilarMatch> = best.into_values().collect();
    out.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(a.line.cmp(&b.line))
            .then(a.source.path.cmp(&b.source.path))
    });
    Ok(out)
}

/// (input paragraph, char start, char end).
type Range = (usize, usize, usize);

/// One source document of a reuse report.
#[derive(Debug, Clone, Serialize)]
pub struct ReuseSource {
    pub doc_id: String,
    pub path: String,
    pub title: String,
    pub year: Option<i64>,
    /// Chars of the checked document covered by passages found in this source.
    pub chars: usize,
    pub share: f64,
    pub passages: Vec<SimilarMatch>,
}

/// The reuse report of one file.
#[derive(Debug, Clone, Serialize)]
pub struct ReuseReport {
    pub path: String,
    pub chars: usize,
    pub reused_chars: usize,
    /// Share of the document's characters found (near-)verbatim elsewhere.
    pub share: f64,
    pub threshold: f64,
    pub sources: Vec<ReuseSource>,
}

/// Which passages of `f` appear (near-)verbatim in other documents of the library.
pub fn reuse(conn: &Connection, f: &PreparedFile, threshold: f64) -> Result<ReuseReport, Error> {
    let (passages, paras) = input_passages(f);
    let matches = {
        let mut lookup = Lookup::new(conn);
        let mut v: Vec<(usize, usize, usize, SimilarMatch)> = Vec::new();
        for p in &passages {
            let Some(keys) = minhash::text_keys(&p.text) else {
                continue;
            };
            let mine = shingles(&normalize(&p.text));
            let mut cands: Vec<i64> = lookup.candidates(&keys)?.into_iter().collect();
            cands.sort();
            for c in cands {
                let Some((lib, set)) = lookup.resolve(c)? else {
                    continue;
                };
                if lib.path == f.path {
                    continue;
                }
                let j = jaccard(&mine, set);
                if j + 1e-9 >= threshold {
                    v.push((
                        p.paragraph,
                        p.start,
                        p.end,
                        SimilarMatch {
                            line: p.line,
                            text: p.text.clone(),
                            similarity: j,
                            source: lib.clone(),
                        },
                    ));
                }
            }
        }
        v
    };
    let total: usize = paras.iter().map(|(_, t)| t.chars().count()).sum();
    let covered = |ranges: &mut Vec<(usize, usize, usize)>| -> usize {
        ranges.sort();
        let mut n = 0;
        let mut cur: Option<(usize, usize, usize)> = None;
        for &(p, s, e) in ranges.iter() {
            match cur {
                Some((cp, cs, ce)) if cp == p && s <= ce => cur = Some((cp, cs, ce.max(e))),
                _ => {
                    if let Some((_, cs, ce)) = cur {
                        n += ce - cs;
                    }
                    cur = Some((p, s, e));
                }
            }
        }
        if let Some((_, cs, ce)) = cur {
            n += ce - cs;
        }
        n
    };
    let mut all: Vec<(usize, usize, usize)> =
        matches.iter().map(|(p, s, e, _)| (*p, *s, *e)).collect();
    let reused = covered(&mut all);
    let mut by_doc: BTreeMap<String, (Vec<Range>, Vec<SimilarMatch>)> = BTreeMap::new();
    for (p, s, e, m) in matches {
        let entry = by_doc.entry(m.source.doc_id.clone()).or_default();
        entry.0.push((p, s, e));
        // Keep one match per (input line, source paragraph): the best.
        if let Some(x) = entry
            .1
            .iter_mut()
            .find(|x| x.line == m.line && x.source.paragraph == m.source.paragraph)
        {
            if m.similarity > x.similarity {
                *x = m;
            }
        } else {
            entry.1.push(m);
        }
    }
    let mut sources: Vec<ReuseSource> = by_doc
        .into_iter()
        .filter_map(|(doc_id, (mut ranges, mut ms))| {
            let chars = covered(&mut ranges);
            ms.sort_by(|a, b| {
                a.line
                    .cmp(&b.line)
                    .then(b.similarity.total_cmp(&a.similarity))
            });
            let first = ms.first()?.source.clone();
            Some(ReuseSource {
                doc_id,
                path: first.path,
                title: first.title,
                year: first.year,
                chars,
                share: if total > 0 {
                    chars as f64 / total as f64
                } else {
                    0.0
                },
                passages: ms,
            })
        })
        .collect();
    sources.sort_by(|a, b| {
        b.chars
            .cmp(&a.chars)
            .then(a.year.cmp(&b.year))
            .then(a.path.cmp(&b.path))
    });
    Ok(ReuseReport {
        path: f.path.clone(),
        chars: total,
        reused_chars: reused,
        share: if total > 0 {
            reused as f64 / total as f64
        } else {
            0.0
        },
        threshold,
        sources,
    })
}

/// A cluster of near-duplicate paragraphs from two or more documents.
#[derive(Debug, Clone, Serialize)]
pub struct Cluster {
    /// Members, earliest year first.
    pub members: Vec<LibPassage>,
    /// Lowest verified similarity of a pair that joined the cluster.
    pub min_similarity: f64,
}

/// Clusters of near-duplicate paragraphs across the library, largest first.
/// Buckets larger than `max_bucket` are sampled to their first `max_bucket` members.
pub fn duplicates(
    conn: &Connection,
    threshold: f64,
    max_bucket: usize,
) -> Result<Vec<Cluster>, Error> {
    let mut st = conn.prepare("SELECT key, passages FROM bands ORDER BY key, first")?;
    let mut rows = st.query([])?;
    let mut lookup = Lookup::new(conn);
    let mut parent: HashMap<i64, i64> = HashMap::new();
    fn find(parent: &mut HashMap<i64, i64>, x: i64) -> i64 {
        let mut r = x;
        while let Some(&p) = parent.get(&r) {
            if p == r {
                break;
            }
            r = p;
        }
        parent.insert(x, r);
        r
    }
    let mut min_sim: HashMap<i64, f64> = HashMap::new();
    // Each bucket (passages sharing a band key) is verified as a star around its first
    // member, skipping members already in the pivot's cluster: linear in the bucket
    // instead of quadratic, and most buckets of a cluster cost nothing.
    let mut verify = |bucket: &mut Vec<i64>, lookup: &mut Lookup| -> Result<(), Error> {
        // A key's chunks each hold ascending passages: the bucket in passage order.
        bucket.sort_unstable();
        bucket.dedup();
        bucket.truncate(max_bucket);
        if bucket.len() >= 2 {
            let pivot = bucket[0];
            for &m in &bucket[1..] {
                if find(&mut parent, pivot) == find(&mut parent, m) {
                    continue;
                }
                let Some((la, sa)) = lookup.resolve(pivot)?.cloned() else {
                    break;
                };
                let Some((lb, sb)) = lookup.resolve(m)? else {
                    continue;
                };
                if la.document == lb.document {
                    continue;
                }
                let j = jaccard(&sa, sb);
                if j + 1e-9 >= threshold {
                    let (ra, rb) = (find(&mut parent, pivot), find(&mut parent, m));
                    let ms = min_sim
                        .get(&ra)
                        .copied()
                        .unwrap_or(1.0)
                        .min(min_sim.get(&rb).copied().unwrap_or(1.0))
                        .min(j);
                    parent.insert(ra, rb);
                    parent.entry(rb).or_insert(rb);
                    min_sim.insert(rb, ms);
                }
            }
        }
        bucket.clear();
        lookup.trim(20_000);
        Ok(())
    };
    let mut bucket: Vec<i64> = Vec::new();
    let mut cur: Option<i64> = None;
    let mut chunk: Vec<i64> = Vec::new();
    while let Some(r) = rows.next()? {
        let k: i64 = r.get(0)?;
        if cur != Some(k) {
            verify(&mut bucket, &mut lookup)?;
            cur = Some(k);
        }
        chunk.clear();
        crate::store::BandChunks::decode(r.get_ref(1)?.as_blob().unwrap_or(&[]), &mut chunk);
        // Whole paragraphs only (piece 0).
        bucket.extend(chunk.iter().copied().filter(|p| p % 1024 == 0));
    }
    verify(&mut bucket, &mut lookup)?;
    drop(rows);
    let mut groups: HashMap<i64, Vec<i64>> = HashMap::new();
    let keys: Vec<i64> = parent.keys().copied().collect();
    for k in keys {
        let r = find(&mut parent, k);
        groups.entry(r).or_default().push(k);
    }
    let mut out = Vec::new();
    for (root, mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        members.sort();
        let mut ms = Vec::new();
        for m in members {
            if let Some((lp, _)) = lookup.resolve(m)? {
                ms.push(lp.clone());
            }
        }
        let docs: HashSet<i64> = ms.iter().map(|m| m.document).collect();
        if docs.len() < 2 {
            continue;
        }
        ms.sort_by(|a, b| {
            a.year
                .unwrap_or(i64::MAX)
                .cmp(&b.year.unwrap_or(i64::MAX))
                .then(a.path.cmp(&b.path))
                .then(a.line.cmp(&b.line))
        });
        out.push(Cluster {
            members: ms,
            min_similarity: min_sim.get(&root).copied().unwrap_or(1.0),
        });
    }
    out.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| a.members[0].path.cmp(&b.members[0].path))
    });
    Ok(out)
}
