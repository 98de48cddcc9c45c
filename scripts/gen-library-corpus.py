#!/usr/bin/env python3
"""Generate the ≥90-million-character benchmark corpus for the library.

Reads the real reports under ../shared/corpus (the .txt files) at run time and writes
realistic variations of them into OUT (never into the repository):

- sections (blocks headed 一、二、…) reordered;
- the city name replaced by an invented one;
- numbers changed (about half of them scaled by 0.8–1.25);
- in about a third of the variants, one or two paragraphs copied verbatim from a
  *different* base report are planted at a random place. Their location goes to
  OUT/planted.jsonl ({"path", "line", "source_base", "text"}) so that `reuse` recall can be
  measured against known truth.

Usage: gen-library-corpus.py CORPUS_DIR OUT_DIR [TARGET_CHARS]
"""
import json, os, random, re, sys

corpus, out = sys.argv[1], sys.argv[2]
target = int(sys.argv[3]) if len(sys.argv) > 3 else 90_000_000
rng = random.Random(20261129)

bases = []
for root, _, files in os.walk(corpus):
    for f in sorted(files):
        if f.endswith(".txt"):
            t = open(os.path.join(root, f), encoding="utf-8", errors="replace").read()
            if len(t) > 2000:
                bases.append((os.path.splitext(f)[0], t))
bases.sort()
total_base = sum(len(t) for _, t in bases)
variants = max(1, -(-target // total_base))  # ceil
print(f"{len(bases)} base reports, {total_base} chars, {variants} variants each", file=sys.stderr)

NAMES = ["青川", "云岭", "南江", "白石", "临川", "北塘", "东湖", "河西", "松原岭", "石门", "清溪", "落霞"]
HEAD = re.compile(r"^[一二三四五六七八九十]+、")
NUM = re.compile(r"\d+(?:\.\d+)?")
CITY = re.compile(r"([\u4e00-\u9fa5]{2})市")

def paragraphs(t):
    return [l for l in t.replace("\r\n", "\n").split("\n") if l.strip()]

base_paras = [[p for p in paragraphs(t) if len(p) >= 60] for _, t in bases]

def change_numbers(s):
    def f(m):
        if rng.random() < 0.5:
            return m.group(0)
        v = float(m.group(0)) * rng.uniform(0.8, 1.25)
        return f"{v:.1f}" if "." in m.group(0) else str(max(1, int(v)))
    return NUM.sub(f, s)

def variant(text):
    paras = paragraphs(text)
    blocks, cur = [], []
    for p in paras:
        if HEAD.match(p) and cur:
            blocks.append(cur)
            cur = []
        cur.append(p)
    blocks.append(cur)
    head, rest = blocks[0], blocks[1:]
    rng.shuffle(rest)
    paras = head + [p for b in rest for p in b]
    cities = CITY.findall(text)
    if cities:
        common = max(set(cities), key=cities.count)
        new = rng.choice(NAMES)
        paras = [p.replace(common + "市", new + "市") for p in paras]
    return [change_numbers(p) for p in paras]

os.makedirs(out, exist_ok=True)
planted = open(os.path.join(out, "planted.jsonl"), "w", encoding="utf-8")
written = 0
for v in range(variants):
    for bi, (name, text) in enumerate(bases):
        paras = variant(text)
        plants = []
        if rng.random() < 0.33:
            for _ in range(rng.choice([1, 2])):
                src = rng.randrange(len(bases))
                if src == bi or not base_paras[src]:
                    continue
                p = rng.choice(base_paras[src])
                at = rng.randrange(1, len(paras) + 1)
                paras.insert(at, p)
                plants.append((src, p))
        d = os.path.join(out, f"b{bi:03d}")
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"{name}-v{v:02d}.txt")
        body = "\n\n".join(paras) + "\n"
        open(path, "w", encoding="utf-8").write(body)
        lines = body.split("\n")
        for src, p in plants:
            line = lines.index(p) + 1
            planted.write(json.dumps({"path": os.path.abspath(path), "line": line, "source_base": f"b{src:03d}", "text": p}, ensure_ascii=False) + "\n")
        written += len(body)
print(f"wrote {written} chars", file=sys.stderr)
