#!/usr/bin/env bash
# CPU-time throughput of `gongwen check` on one core: user+sys time of N rounds minus
# that of 0 rounds (setup: ingest, outline, extract), bytes of clean text per second.
# Usage: scripts/check_bench.sh [DIR] [ROUNDS]
set -euo pipefail
DIR=${1:-../shared/corpus/prefecture-gwr-2024/data/txt_doc_level}
N=${2:-10}
cargo build --release -q -p gongwen-core --example check_bench
B=target/release/examples/check_bench
cpu() { { BENCH_TOTAL_ONLY=1 /usr/bin/time -f "%U %S" "$B" "$DIR" "$1" >/dev/null; } 2>&1 | tail -1 | awk '{print $1 + $2}'; }
t0=$(cpu 0)
out=$(BENCH_TOTAL_ONLY=1 "$B" "$DIR" 1)
out=${out%%$'\n'*}
tn=$(cpu "$N")
bytes=$(echo "$out" | sed -E 's/.*bytes=([0-9]+).*/\1/')
python3 -c "b=$bytes;n=$N;t=$tn-$t0;print(f'{b} bytes x {n} rounds in {t:.2f} s CPU (user+sys): {b*n/t/1e6:.1f} MB/s per core')"
