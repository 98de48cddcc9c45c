#!/usr/bin/env bash
# Reproduces the library table of docs/PERFORMANCE.md:
#   scripts/bench-library.sh            (CORPUS=../shared/corpus WORK=/tmp/gongwen-bench)
# Builds the ≥90 M-character corpus from the real reports plus generated variations,
# adds it with 2 worker threads (time, peak memory, size), then runs the search /
# FTS5 trigram / ripgrep / reuse / duplicates measurements of examples/bench_library.rs,
# and in the same run the datasketch MinHash + MinHashLSH peer of reuse and duplicates
# (scripts/bench_datasketch.py, installed from PyPI into target/bench-venv).
# REUSE_SAMPLE=0 measures search (gongwen, FTS5 trigram, ripgrep) only; BENCH_SEARCH=0
# measures reuse / duplicates and the datasketch peer only.
# FILES=DIR PLANTED=FILE reuse a corpus built before (read only; e.g. the one of
# scripts/bench-library-add.sh); SLICE=N adds only its first N variants of each report
# (files *-v00 … *-v(N-1)) and keeps the planted copies inside them: SLICE=4 is about
# a tenth of the corpus, for a quick run (ripgrep still scans the whole FILES folder:
# use BENCH_SEARCH=0 with SLICE).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
WORK=${WORK:-/tmp/gongwen-bench}
TARGET_CHARS=${TARGET_CHARS:-90000000}
mkdir -p "$WORK"
cargo build --release -p gongwen-cli
# (The example has dev-dependencies, whose features rebuild tantivy once more.)
cargo build --release -p gongwen-library --example bench_library
if [ -z "${FILES:-}" ]; then
  FILES=$WORK/files
  PLANTED=$WORK/planted.jsonl
  if [ ! -d "$FILES" ]; then
    python3 scripts/gen-library-corpus.py "$CORPUS" "$FILES" "$TARGET_CHARS"
    mv "$FILES/planted.jsonl" "$PLANTED"
  fi
fi
PLANTED=${PLANTED:-$FILES/../planted.jsonl}
# The files to add: the whole folder, or the first SLICE variants of each report.
LIST=$WORK/files.list
find "$FILES" -name '*.txt' | sort | awk -v n="${SLICE:-}" '
  n == "" { print; next }
  match($0, /-v[0-9]+\.txt$/) && substr($0, RSTART + 2, RLENGTH - 6) + 0 < n { print }' > "$LIST"
python3 - "$PLANTED" "$LIST" "$WORK/planted-used.jsonl" <<'PY'
import json, sys
keep = set(l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8"))
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for l in open(sys.argv[1], encoding="utf-8"):
        if l.strip() and json.loads(l).get("path") in keep:
            out.write(l)
PY
if [ ! -s "$WORK/planted-used.jsonl" ]; then
  echo "scripts/bench-library.sh: no planted copy of $PLANTED is among the files added (paths differ?): recall cannot be measured" >&2
fi
rm -rf "$WORK/lib" "$WORK/fts5-trigram.sqlite"
echo "## Library benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "corpus: $(wc -l < "$LIST") files${SLICE:+ (SLICE=$SLICE: variants v00–v$(printf %02d $((SLICE - 1))) of $FILES)}, $(xargs -d '\n' cat < "$LIST" | wc -m) characters, $(xargs -d '\n' du -cb < "$LIST" | tail -1 | cut -f1) bytes; $(wc -l < "$WORK/planted-used.jsonl") planted copies"
if [ -z "${SLICE:-}" ]; then
  /usr/bin/time -v target/release/gongwen add "$FILES" --library "$WORK/lib" --threads 2 2> "$WORK/add.log" > /dev/null
else
  # One process: xargs -x fails rather than splitting the list into several adds.
  xargs -x -d '\n' /usr/bin/time -v target/release/gongwen add --library "$WORK/lib" --threads 2 < "$LIST" 2> "$WORK/add.log" > /dev/null
fi
echo
echo "add (2 worker threads + 1 writer): wall $(grep 'Elapsed (wall' "$WORK/add.log" | awk '{print $NF}'), user $(grep 'User time' "$WORK/add.log" | awk '{print $NF}') s, sys $(grep 'System time' "$WORK/add.log" | awk '{print $NF}') s, peak RSS $(( $(grep 'Maximum resident' "$WORK/add.log" | awk '{print $NF}') / 1024 )) MB"
grep -v "^\s" "$WORK/add.log" | grep "资料库" || true
echo
echo "library size: total $(du -sh "$WORK/lib" | cut -f1), SQLite $(du -ch "$WORK"/lib/library.sqlite* | tail -1 | cut -f1), index $(du -sh "$WORK/lib/index" | cut -f1)"
echo
BENCH_JSON=$WORK/gongwen-minhash.json target/release/examples/bench_library "$WORK/lib" "$FILES" "$WORK/planted-used.jsonl" "${REUSE_SAMPLE:-200}"
if [ "${REUSE_SAMPLE:-200}" != 0 ]; then
  VENV=target/bench-venv
  if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
  "$VENV/bin/pip" install -q --disable-pip-version-check "datasketch==2.0.0" >&2
  echo
  echo "load average before the peer: $(cut -d' ' -f1-3 /proc/loadavg)"
  "$VENV/bin/python" scripts/bench_datasketch.py "$WORK/lib" "$WORK/planted-used.jsonl" "${REUSE_SAMPLE:-200}" \
    --gongwen "$WORK/gongwen-minhash.json" --json "$WORK/datasketch.json"
  echo
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
