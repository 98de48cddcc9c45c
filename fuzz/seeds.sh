#!/usr/bin/env bash
# Build the seed corpora of the fuzz targets (fuzz/corpus/<target>/, git-ignored) from
# the repository's own fixtures: tests/fixtures, examples/, crate fixtures. Documents are
# wrapped into the target's format here (docx, html, pdftotext output, xlsx) so that no
# binary seed is kept in git. Usage: bash fuzz/seeds.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=fuzz/corpus
if [ -d "$CORPUS" ] && [ "${1:-}" != "--force" ]; then
  echo "seeds: $CORPUS exists (use --force to rebuild)"
  exit 0
fi
rm -rf "$CORPUS"
mkdir -p "$CORPUS"

if ! command -v python3 >/dev/null 2>&1; then
  echo "seeds: python3 not found: the targets start from empty corpora"
else
python3 - "$CORPUS" <<'PY'
import hashlib, io, json, os, pathlib, random, sys, zipfile
from xml.sax.saxutils import escape

out = pathlib.Path(sys.argv[1])
random.seed(7)
roots = ["tests/fixtures", "examples", "crates/gongwen-core/tests/fixtures",
         "crates/gongwen-library/tests/fixtures", "crates/gongwen-ledger/tests"]
texts = []
for r in roots:
    for p in sorted(pathlib.Path(r).rglob("*")):
        if p.is_file() and p.suffix in (".txt", ".md"):
            texts.append(p.read_bytes())
html_files = [p.read_bytes() for p in sorted(pathlib.Path("tests/fixtures").rglob("*.html"))]

def put(target, data):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

def utf8(b):
    return b.decode("utf-8", "replace")

small = [t for t in texts if len(t) <= 16384]
# Text ingest: the first byte picks the name (.txt .md .csv .jsonl stdin).
for t in texts:
    put("ingest_text", b"\x00" + t)
for t in small[:20]:
    s = utf8(t)
    put("ingest_text", b"\x04" + s.encode("gb18030", "replace"))
    put("ingest_text", b"\x00" + b"\xff\xfe" + s.encode("utf-16-le"))
    put("ingest_text", b"\x04" + s.encode("utf-16-be"))
    put("ingest_text", b"\x00" + s.replace("\n", "\r\n").encode())
rows = [utf8(t) for t in small[:6]]
csv = "标题,年份,正文\n" + "".join(
    '"%s",2024,"%s"\n' % (r.split("\n", 1)[0].replace('"', '""'), r.replace('"', '""')) for r in rows)
put("ingest_text", b"\x02" + csv.encode())
put("ingest_text", b"\x02" + "\ufeff".encode() + csv.encode("utf-8"))
jsonl = "".join(json.dumps({"title": r.split("\n", 1)[0], "year": 2024, "text": r}, ensure_ascii=False) + "\n" for r in rows)
put("ingest_text", b"\x03" + jsonl.encode())

# Whole documents for outline and check; paragraphs for the numeral parser.
for t in texts:
    put("outline", t)
    put("check", t)
    put("pdf_text", utf8(t).replace("\n\n", "\n\f", 3).encode())
seen = set()
for t in texts:
    for line in utf8(t).split("\n"):
        line = line.strip()
        if any(ch.isdigit() or ch in "一二三四五六七八九十百千万亿零两" for ch in line) and line not in seen and len(seen) < 600:
            seen.add(line)
            put("numeral", line.encode())

# HTML: the fixture pages, and reports wrapped into simple pages.
for h in html_files:
    put("html", h)
for t in small[:25]:
    lines = [l for l in utf8(t).split("\n") if l.strip()]
    if not lines:
        continue
    body = "<h1>%s</h1>\n" % escape(lines[0]) + "".join(
        ("<h2>%s</h2>\n" if l.startswith(("一、", "二、", "三、", "四、")) else "<p>%s</p>\n") % escape(l)
        for l in lines[1:])
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title>'
            '<style>p{margin:0}</style><script>var a=1;</script></head><body><nav>首页 &gt; 范文</nav>'
            '<div class="content">%s</div><table><tr><td>指标</td><td>12.5亿元</td></tr></table>'
            '<footer>版权所有</footer></body></html>') % (escape(lines[0]), body)
    put("html", page.encode())
    put("html", page.encode("gb18030", "replace").replace(b"utf-8", b"gbk"))

# docx: reports as Word packages with heading styles, auto-numbering and a table.
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><w:styles %s><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
          '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
          '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="标题 2"/></w:style></w:styles>') % W
NUMBERING = ('<?xml version="1.0" encoding="UTF-8"?><w:numbering %s><w:abstractNum w:abstractNumId="0">'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%%1、"/></w:lvl>'
             '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%%2）"/></w:lvl>'
             '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%3."/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>') % W
def para(text, ppr=""):
    return '<w:p><w:pPr>%s</w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, escape(text))
for i, t in enumerate(small[:25]):
    lines = [l for l in utf8(t).split("\n") if l.strip()]
    if not lines:
        continue
    body = para(lines[0], '<w:pStyle w:val="Title"/>')
    for l in lines[1:]:
        if l.startswith(("一、", "二、", "三、", "四、", "五、")):
            body += para(l.split("、", 1)[1], '<w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
        elif l.startswith("（"):
            body += para(l, '<w:pStyle w:val="2"/>')
        else:
            body += para(l)
    if i % 3 == 0:
        body += ('<w:tbl><w:tr><w:tc>%s</w:tc><w:tc>%s</w:tc></w:tr></w:tbl>' % (para("指标"), para("完成投资3.2亿元")))
    doc = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if i % 2 else zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/numbering.xml", NUMBERING)
    put("docx", buf.getvalue())

# Queries in the library's language.
queries = ["医疗保障", '"县委、县政府" -脱贫 year:2023', "level:县 role:plan unit:审计局 kind:summary",
           "year：2024 高标准农田", "-\"乡村振兴\" 就业", "“营商环境”", "role:review 增长8%", "kind:gov-report year:2026",
           "a:b unit: year:", '"未闭合的短语', "- -- ---", "ＡＢＣ　全角　空格", "单", "year:99999999999999999999"]
for q in queries:
    put("query", q.encode())
PY
fi

# The ledger workbook, written by gongwen itself from the ledger fixtures.
tmp=$(mktemp -d)
if cargo run -q -p gongwen-cli --bin gongwen -- ledger --plan-year 2025 --format json \
     --xlsx "$tmp/台账.xlsx" tests/fixtures/ledger >/dev/null 2>"$tmp/err"; then
  mkdir -p "$CORPUS/ledger_xlsx"
  cp "$tmp/台账.xlsx" "$CORPUS/ledger_xlsx/ledger-2025.xlsx"
else
  echo "seeds: could not write the ledger workbook: $(cat "$tmp/err")" >&2
fi
cargo run -q -p gongwen-cli --bin gongwen -- ledger --plan-year 2024 --format json \
  --xlsx "$tmp/b.xlsx" tests/fixtures/ledger >/dev/null 2>&1 && cp "$tmp/b.xlsx" "$CORPUS/ledger_xlsx/ledger-2024.xlsx" || true
rm -rf "$tmp"
for d in "$CORPUS"/*; do echo "seeds: $(basename "$d"): $(ls "$d" | wc -l) files"; done
