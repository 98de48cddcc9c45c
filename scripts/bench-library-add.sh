#!/usr/bin/env bash
# Reproduces the `add` table of docs/PERFORMANCE.md (Library section):
#   scripts/bench-library-add.sh [TARGET_CHARS]     (CORPUS=../shared/corpus WORK=/tmp/gongwen-add)
# Builds the corpus with scripts/gen-library-corpus.py (90 M characters by default;
# `10000000` gives 5 variants; SLICE=4 keeps the first 4, the 9.7 M-character slice of
# the table), then times `gongwen add --threads 2` into a fresh
# library with /usr/bin/time -v: wall, user, sys, peak RSS, the load average before and
# after (the build machine is shared: compare CPU seconds, not wall), library sizes.
# BIN=path/to/gongwen times another build (e.g. one of the previous commit).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
WORK=${WORK:-/tmp/gongwen-add}
TARGET_CHARS=${1:-90000000}
BIN=${BIN:-target/release/gongwen}
mkdir -p "$WORK"
if [ "$BIN" = target/release/gongwen ]; then cargo build --release -p gongwen-cli; fi
FILES="$WORK/files-$TARGET_CHARS${SLICE:+-slice$SLICE}"
if [ ! -d "$FILES" ]; then
  python3 scripts/gen-library-corpus.py "$CORPUS" "$FILES" "$TARGET_CHARS"
  rm -f "$FILES/planted.jsonl"
  if [ -n "${SLICE:-}" ]; then
    find "$FILES" -name '*.txt' | awk -v n="$SLICE" '{ if (match($0, /-v[0-9]+\.txt$/) && substr($0, RSTART + 2, RLENGTH - 6) + 0 >= n) print }' | xargs -r -d '\n' rm -f
  fi
fi
rm -rf "$WORK/lib"
echo "corpus: $(find "$FILES" -name '*.txt' | wc -l) files, $(cat "$FILES"/*/*.txt | wc -m) characters, $(du -sh "$FILES" | cut -f1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v "$BIN" add "$FILES" --library "$WORK/lib" --threads 2 2> "$WORK/add.log"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
grep "资料库" "$WORK/add.log" || true
u=$(grep 'User time' "$WORK/add.log" | awk '{print $NF}')
s=$(grep 'System time' "$WORK/add.log" | awk '{print $NF}')
bytes=$(du -sb "$FILES" | cut -f1)
echo "wall $(grep 'Elapsed (wall' "$WORK/add.log" | awk '{print $NF}'), user $u s, sys $s s, peak RSS $(( $(grep 'Maximum resident' "$WORK/add.log" | awk '{print $NF}') / 1024 )) MB"
echo "throughput per CPU second: $(python3 -c "print(f'{$bytes/($u+$s)/1e6:.2f} MB/s')")"
echo "library: total $(du -sh "$WORK/lib" | cut -f1), SQLite $(du -ch "$WORK"/lib/library.sqlite* | tail -1 | cut -f1), index $(du -sh "$WORK/lib/index" | cut -f1)"
