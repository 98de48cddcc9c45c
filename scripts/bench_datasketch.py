#!/usr/bin/env python3
"""datasketch MinHash + MinHashLSH as the peer of gongwen's `reuse` and `duplicates`.

Run by scripts/bench-library.sh right after examples/bench_library.rs, in the same run,
on the same library, the same planted copies and the same sample of them:

    bench_datasketch.py LIB_DIR PLANTED_JSONL SAMPLE [--gongwen FILE.json] [--json OUT]

It reads the paragraphs gongwen stored (LIB_DIR/library.sqlite, read-only) and does with
datasketch what gongwen's `crates/gongwen-library/src/minhash.rs` does:

- the same passages: every paragraph, and its sentences (split after 。！？；!?;) when it
  has two or more of at least 12 normalised characters; passages under 12 characters
  are not hashed;
- the same normalisation (fullwidth ASCII to halfwidth, ASCII lower case, only letters,
  digits and CJK characters kept, every ASCII digit mapped to 0) and the same shingles
  (5 characters, as UTF-8 bytes);
- 64 permutations; a paragraph index of 16 bands x 4 rows and a sentence index of
  8 bands x 4 rows (gongwen stores only the first 8 bands of a sentence), both fed the
  same 64-value MinHash (datasketch's `params=(b, r)`; b x r may be below num_perm);
- a report is queried passage by passage against both indexes, passages of the report's
  own file skipped, and every candidate **verified by exact Jaccard >= 0.8** of the
  shingle sets, as gongwen does (datasketch's own `MinHash.jaccard` estimate is counted
  beside it).

What differs, because datasketch does it its own way: the shingle hash (datasketch's
default SHA-1 truncated to 32 bits, then its "affine32" permutations `a*h+b mod 2^32`
after a MurmurHash3 mix; gongwen: xxh3-64 then multiply-shift to 32 bits) and so the
band keys; the tables live in Python dicts in memory (gongwen: SQLite `bands` rows,
written by `add`); Python's `str.isalnum` against Rust's `char::is_alphanumeric`
(the same on Chinese text). The near-duplicate pass queries every paragraph and
verifies every candidate; gongwen's `duplicates` verifies each bucket as a star (at most
64 members).

CPU time (time.process_time) against gongwen's thread CPU time; wall time beside it.
"""
import argparse
import json
import os
import sqlite3
import statistics
import sys
import time

from datasketch import MinHash, MinHashLSH
import datasketch

SHINGLE, PERM, MIN_CHARS, THRESHOLD = 5, 64, 12, 0.8
TERMINATORS = set("。！？；!?;")


def fold(c):
    o = ord(c)
    if "A" <= c <= "Z":
        return c.lower()
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFF01 + 0x21).lower()
    return c


def normalize(text):
    out = []
    for c in text:
        c = fold(c)
        if c.isalnum():
            out.append("0" if "0" <= c <= "9" else c)
    return "".join(out)


def shingles(norm):
    if len(norm) < SHINGLE:
        return {norm.encode()} if norm else set()
    return {norm[i:i + SHINGLE].encode() for i in range(len(norm) - SHINGLE + 1)}


def sentences(text):
    out, start = [], 0
    for i, c in enumerate(text):
        if c in TERMINATORS:
            out.append(text[start:i + 1])
            start = i + 1
    if start < len(text):
        out.append(text[start:])
    return out


def pieces(text):
    """(piece, text) as gongwen's minhash::pieces: 0 = paragraph, k = k-th sentence."""
    out = [(0, text)]
    sents = [s for s in sentences(text) if len(normalize(s)) >= MIN_CHARS]
    if len(sents) >= 2:
        out.extend((k + 1, s) for k, s in enumerate(sents[:1022]))
    return out


def jaccard(a, b):
    if not a and not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def pct(v, p):
    if not v:
        return float("nan")
    v = sorted(v)
    return v[round((len(v) - 1) * p)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lib")
    ap.add_argument("planted")
    ap.add_argument("sample", type=int)
    ap.add_argument("--gongwen", help="JSON written by bench_library (BENCH_JSON)")
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()

    db = sqlite3.connect(f"file:{os.path.join(a.lib, 'library.sqlite')}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT p.id, p.text, p.line, d.id, f.path FROM paragraphs p "
        "JOIN documents d ON d.id = p.document_id JOIN files f ON f.id = d.file_id ORDER BY p.id"
    ).fetchall()
    para = {pid: (text, line, doc, path) for pid, text, line, doc, path in rows}
    by_path = {}
    for pid, _, _, _, path in rows:
        by_path.setdefault(path, []).append(pid)

    # Build: every passage of every paragraph into the two LSH indexes.
    template = MinHash(num_perm=PERM)
    lsh_para = MinHashLSH(num_perm=PERM, params=(16, 4))
    lsh_sent = MinHashLSH(num_perm=PERM, params=(8, 4))
    sigs = {}
    n_pass = 0
    w0, c0 = time.perf_counter(), time.process_time()
    with lsh_para.insertion_session() as sp, lsh_sent.insertion_session() as ss:
        for pid, text, _, _, _ in rows:
            for piece, t in pieces(text):
                norm = normalize(t)
                if len(norm) < MIN_CHARS:
                    continue
                m = template.copy()
                m.update_batch(list(shingles(norm)))
                key = pid * 1024 + piece
                (sp if piece == 0 else ss).insert(key, m, check_duplication=False)
                sigs[key] = m
                n_pass += 1
    build_cpu, build_wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"\n### datasketch {datasketch.__version__} MinHashLSH (peer of `reuse` / `duplicates`)\n")
    print(f"build (all {len(rows)} paragraphs → {n_pass} passages, 64 permutations, "
          f"paragraphs 16×4 and sentences 8×4 bands, in memory): CPU {build_cpu:.2f} s, wall {build_wall:.2f} s")

    def text_of(key):
        pid, piece = divmod(key, 1024)
        text = para[pid][0]
        if piece == 0:
            return text
        for k, t in pieces(text):
            if k == piece:
                return t
        return None

    # Reuse: the same planted sample as bench_library (every step-th line, first SAMPLE).
    lines = []
    for l in open(a.planted, encoding="utf-8"):
        try:
            lines.append(json.loads(l))
        except ValueError:
            pass
    step = max(1, len(lines) // max(1, a.sample))
    sample = lines[::step][: a.sample]
    tried = found = pairs = shown = false_pairs = est_accepted_below = est_rejected_above = cands_total = 0
    times, cpu_times = [], []
    for v in sample:
        path, line, src = v.get("path"), v.get("line"), v.get("source_base")
        if path not in by_path:
            continue
        tried += 1
        w0, c0 = time.perf_counter(), time.process_time()
        cache = {}
        matches = []  # (query line, source path, query text, source text, source paragraph)
        for pid in by_path[path]:
            text, qline, _, _ = para[pid]
            for _, t in pieces(text):
                norm = normalize(t)
                if len(norm) < MIN_CHARS:
                    continue
                mine = shingles(norm)
                m = template.copy()
                m.update_batch(list(mine))
                cands = lsh_para.query(m)
                cands.extend(lsh_sent.query(m))
                for c in sorted(set(cands)):
                    cpath = para[c // 1024][3]
                    if cpath == path:
                        continue
                    cands_total += 1
                    if c not in cache:
                        ct = text_of(c)
                        cache[c] = (ct, shingles(normalize(ct)) if ct is not None else set())
                    ct, cset = cache[c]
                    j = jaccard(mine, cset)
                    est = m.jaccard(sigs[c])
                    if j + 1e-9 >= THRESHOLD:
                        matches.append((qline, cpath, t, ct, c // 1024))
                        if est < THRESHOLD:
                            est_rejected_above += 1
                    elif est >= THRESHOLD:
                        est_accepted_below += 1
        cpu_times.append((time.process_time() - c0) * 1000)
        times.append((time.perf_counter() - w0) * 1000)
        needle = f"/{src}/"
        if any(q == line and needle in p for q, p, _, _, _ in matches):
            found += 1
        pairs += len({(q, sp) for q, _, _, _, sp in matches})
        for _, _, qt, st, _ in matches:
            shown += 1
            aa, bb = normalize(qt), normalize(st)
            w = max(1, min(10, len(bb)))
            if not any(bb[i:i + w] in aa for i in range(len(bb) - w + 1)):
                false_pairs += 1
    p50, p99, cp50, cp99 = pct(times, 0.5), pct(times, 0.99), pct(cpu_times, 0.5), pct(cpu_times, 0.99)
    print(f"\nreuse on planted copies (threshold 0.8, exact Jaccard): checked {tried}, found with the right "
          f"source {found} (recall {found / max(1, tried):.3f}); verified pairs {pairs} (one per input line and source "
          f"paragraph; {shown} with the sentence pieces), false pairs {false_pairs}; {cands_total} candidates from "
          f"other files; per report p50 {p50:.0f} ms, p99 {p99:.0f} ms (CPU p50 {cp50:.0f} ms, p99 {cp99:.0f} ms)")
    print(f"with datasketch's estimate `MinHash.jaccard` >= 0.8 instead of the exact check: "
          f"{est_accepted_below} pairs accepted below 0.8 (false pairs), {est_rejected_above} true pairs missed")

    # Near-duplicates: every paragraph against the paragraph index, verified, union-find.
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    w0, c0 = time.perf_counter(), time.process_time()
    sets = {}
    for key, m in sigs.items():
        if key % 1024:
            continue
        pid = key // 1024
        for c in lsh_para.query(m):
            if c <= key or para[c // 1024][2] == para[pid][2]:
                continue
            if find(c) == find(key):
                continue
            for k in (key, c):
                if k not in sets:
                    sets[k] = shingles(normalize(para[k // 1024][0]))
            if jaccard(sets[key], sets[c]) + 1e-9 >= THRESHOLD:
                parent[find(key)] = find(c)
        if len(sets) > 200_000:
            sets.clear()
    groups = {}
    for k in list(parent):
        groups.setdefault(find(k), set()).add(k)
    clusters = sum(1 for g in groups.values() if len({para[k // 1024][2] for k in g}) >= 2)
    dup_cpu, dup_wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"\nnear-duplicate clusters (≥ 2 documents, exact Jaccard ≥ 0.8): {clusters} in CPU {dup_cpu:.1f} s, wall {dup_wall:.1f} s")

    out = {
        "datasketch": datasketch.__version__,
        "python": sys.version.split()[0],
        "paragraphs": len(rows), "passages": n_pass,
        "build_cpu_s": build_cpu, "build_wall_s": build_wall,
        "reuse_tried": tried, "reuse_found": found, "reuse_shown": shown,
        "reuse_false_pairs": false_pairs, "reuse_p50_ms": p50, "reuse_p99_ms": p99,
        "reuse_cpu_p50_ms": cp50, "reuse_cpu_p99_ms": cp99, "reuse_pairs": pairs,
        "estimate_false_pairs": est_accepted_below,
        "estimate_missed": est_rejected_above, "duplicates_clusters": clusters,
        "duplicates_cpu_s": dup_cpu, "duplicates_wall_s": dup_wall,
    }
    if a.gongwen and os.path.exists(a.gongwen):
        g = json.load(open(a.gongwen))
        print("\n### gongwen against datasketch (same run, same library, same sample)\n")
        print("| measure | gongwen | datasketch | datasketch ÷ gongwen |")
        print("|---|---|---|---|")

        def row(name, gk, dk, fmt="{:.2f}"):
            gv, dv = g.get(gk), out.get(dk)
            ratio = f"×{dv / gv:.1f}" if isinstance(gv, (int, float)) and gv and isinstance(dv, (int, float)) else "—"
            print(f"| {name} | {fmt.format(gv)} | {fmt.format(dv)} | {ratio} |")

        row("build, all passages, CPU s", "build_cpu_s", "build_cpu_s")
        row("reuse per report, p50 ms (wall)", "reuse_p50_ms", "reuse_p50_ms", "{:.0f}")
        row("reuse per report, CPU p50 ms", "reuse_cpu_p50_ms", "reuse_cpu_p50_ms", "{:.0f}")
        row("reuse per report, p99 ms (wall)", "reuse_p99_ms", "reuse_p99_ms", "{:.0f}")
        row("reuse per report, CPU p99 ms", "reuse_cpu_p99_ms", "reuse_cpu_p99_ms", "{:.0f}")
        row("near-duplicate clusters, CPU s", "duplicates_cpu_s", "duplicates_cpu_s", "{:.1f}")
        gr = g.get("reuse_found", 0) / max(1, g.get("reuse_tried", 0))
        print(f"| recall on planted copies | {gr:.3f} ({g.get('reuse_found')}/{g.get('reuse_tried')}) | "
              f"{found / max(1, tried):.3f} ({found}/{tried}) | — |")
        print(f"| verified pairs (one per input line and source paragraph) | {g.get('reuse_pairs')} | {pairs} | — |")
        print(f"| false pairs (no shared 10-character run) | {g.get('reuse_false_pairs')} of {g.get('reuse_shown')} "
              f"in the top 10 sources | {false_pairs} of all {shown}; {est_accepted_below} below 0.8 if "
              f"`MinHash.jaccard` alone decides | — |")
        print(f"| clusters | {g.get('duplicates_clusters')} | {clusters} | — |")
        out["gongwen"] = g
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f)


if __name__ == "__main__":
    main()
