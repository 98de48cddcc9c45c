#!/usr/bin/env bash
# Reproduces the library table of docs/PERFORMANCE.md:
#   scripts/bench-library.sh            (CORPUS=../shared/corpus WORK=/tmp/gongwen-bench)
# Builds the ≥90 M-character corpus from the real reports plus generated variations,
# adds it with 2 worker threads (time, peak memory, size), then runs the search /
# FTS5 trigram / ripgrep / reuse / duplicates measurements of examples/bench_library.rs.
# REUSE_SAMPLE=0 measures search (gongwen, FTS5 trigram, ripgrep) only.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
WORK=${WORK:-/tmp/gongwen-bench}
TARGET_CHARS=${TARGET_CHARS:-90000000}
mkdir -p "$WORK"
cargo build --release -p gongwen-cli
# (The example has dev-dependencies, whose features rebuild tantivy once more.)
cargo build --release -p gongwen-library --example bench_library
if [ ! -d "$WORK/files" ]; then
  python3 scripts/gen-library-corpus.py "$CORPUS" "$WORK/files" "$TARGET_CHARS"
  mv "$WORK/files/planted.jsonl" "$WORK/planted.jsonl"
fi
rm -rf "$WORK/lib" "$WORK/fts5-trigram.sqlite"
echo "## Library benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "corpus: $(find "$WORK/files" -name '*.txt' | wc -l) files, $(cat "$WORK"/files/*/*.txt | wc -m) characters, $(du -sh "$WORK/files" | cut -f1)"
/usr/bin/time -v target/release/gongwen add "$WORK/files" --library "$WORK/lib" --threads 2 2> "$WORK/add.log"
echo
echo "add (2 worker threads + 1 writer): wall $(grep 'Elapsed (wall' "$WORK/add.log" | awk '{print $NF}'), user $(grep 'User time' "$WORK/add.log" | awk '{print $NF}') s, sys $(grep 'System time' "$WORK/add.log" | awk '{print $NF}') s, peak RSS $(( $(grep 'Maximum resident' "$WORK/add.log" | awk '{print $NF}') / 1024 )) MB"
grep -v "^\s" "$WORK/add.log" | grep "资料库" || true
echo
echo "library size: total $(du -sh "$WORK/lib" | cut -f1), SQLite $(du -ch "$WORK"/lib/library.sqlite* | tail -1 | cut -f1), index $(du -sh "$WORK/lib/index" | cut -f1)"
echo
target/release/examples/bench_library "$WORK/lib" "$WORK/files" "$WORK/planted.jsonl" "${REUSE_SAMPLE:-200}"
